//! Versions and the version requirements manifests write (npm and Poetry ranges, PEP 440
//! specifiers, RubyGems requirements), reduced to the one thing rules ask: which interval of
//! releases a project can be running. Every syntax states its bounds with a handful of
//! comparators, so one small reader serves all four; the rest of each grammar (pre-release
//! ordering, local versions, epochs) does not change a bound that matters here.

use std::fmt;

/// A release number; missing parts are 0 (`3` is 3.0.0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

impl Version {
    pub const fn new(major: u64, minor: u64, patch: u64) -> Self {
        Version {
            major,
            minor,
            patch,
        }
    }

    /// `3.1.2`, `v3.1.2`, `3.1`, `3.1.2-beta.1`, `3.1.2+incompatible`, `3.0.0.post1`.
    pub fn parse(text: &str) -> Option<Version> {
        parse_parts(text).map(|(v, _)| v)
    }

    fn next_major(self) -> Version {
        Version::new(self.major + 1, 0, 0)
    }

    fn next_minor(self) -> Version {
        Version::new(self.major, self.minor + 1, 0)
    }

    fn next_patch(self) -> Version {
        Version::new(self.major, self.minor, self.patch + 1)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// A version and how many of its parts were written (`3.1` has 2), or `None` for a wildcard
/// part (`3.x`, `3.*`), which counts as unwritten.
fn parse_parts(text: &str) -> Option<(Version, usize)> {
    let t = text.trim().trim_start_matches(['v', 'V', '=']);
    let mut parts = [0u64; 3];
    let mut written = 0;
    for (i, piece) in t.split('.').enumerate() {
        if i >= 3 {
            break;
        }
        if matches!(piece, "x" | "X" | "*") {
            break;
        }
        let digits: String = piece.chars().take_while(|c| c.is_ascii_digit()).collect();
        if digits.is_empty() {
            if i == 0 {
                return None;
            }
            break;
        }
        parts[i] = digits.parse().ok()?;
        written = i + 1;
        // `2-beta`, `0rc1`: the rest of the piece is a pre-release or local tag.
        if digits.len() != piece.len() {
            break;
        }
    }
    (written > 0).then(|| (Version::new(parts[0], parts[1], parts[2]), written))
}

/// The releases a requirement allows: `min` inclusive, `max` exclusive (`None`: no upper
/// bound). An exact pin is the interval of that one release.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VersionRange {
    pub min: Version,
    pub max: Option<Version>,
}

impl VersionRange {
    pub const ANY: VersionRange = VersionRange {
        min: Version::new(0, 0, 0),
        max: None,
    };

    pub fn exact(v: Version) -> Self {
        VersionRange {
            min: v,
            max: Some(v.next_patch()),
        }
    }

    /// One release (a lockfile entry, `==3.0.0`, a go.mod line).
    pub fn single(&self) -> Option<Version> {
        (self.max == Some(self.min.next_patch())).then_some(self.min)
    }

    /// Every allowed release is `v` or newer.
    pub fn all_at_least(&self, v: Version) -> bool {
        self.min >= v
    }

    /// Every allowed release is older than `v`.
    pub fn all_below(&self, v: Version) -> bool {
        self.max.is_some_and(|m| m <= v)
    }

    /// Nothing at all is known (`*`, `latest`, an unpinned name).
    pub fn is_unbounded(&self) -> bool {
        *self == Self::ANY
    }

    fn intersect(self, other: VersionRange) -> VersionRange {
        VersionRange {
            min: self.min.max(other.min),
            max: match (self.max, other.max) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
        }
    }

    fn hull(self, other: VersionRange) -> VersionRange {
        VersionRange {
            min: self.min.min(other.min),
            max: match (self.max, other.max) {
                (Some(a), Some(b)) => Some(a.max(b)),
                _ => None,
            },
        }
    }
}

impl fmt::Display for VersionRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.single(), self.max) {
            (Some(v), _) => write!(f, "{v}"),
            (None, Some(max)) => write!(f, ">={}, <{max}", self.min),
            (None, None) => write!(f, ">={}", self.min),
        }
    }
}

/// Which manifest syntax a requirement is written in: they differ on bare versions and `~`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// npm (`^1.2.3`, `~1.2`, `1.x`, `>=1 <3`, `a || b`, `1.2.3 - 2.0.0`).
    Npm,
    /// Poetry's own syntax, npm-like (`^3.0`, `~3.1`, `3.*`, `>=3,<4`).
    Poetry,
    /// PEP 440 specifiers (`==3.0.0`, `~=3.1`, `>=3,<4`, `==3.*`).
    Pep440,
    /// RubyGems (`~> 6.1`, `>= 5`, `= 6.0.0`, a bare version).
    Ruby,
}

/// The interval a requirement allows; `None` when it names no version at all (a git or path
/// source, a dist-tag, a workspace link), which is as unknown as `*`.
pub fn parse_requirement(text: &str, dialect: Dialect) -> Option<VersionRange> {
    let text = text.trim();
    if text.is_empty() || matches!(text, "*" | "latest" | "x") {
        return Some(VersionRange::ANY);
    }
    let mut out: Option<VersionRange> = None;
    for alternative in text.split("||") {
        let range = parse_set(alternative.trim(), dialect)?;
        out = Some(match out {
            Some(r) => r.hull(range),
            None => range,
        });
    }
    out
}

/// Comparators that all must hold (separated by commas or spaces).
fn parse_set(text: &str, dialect: Dialect) -> Option<VersionRange> {
    if dialect == Dialect::Npm
        && let Some((from, to)) = text.split_once(" - ")
    {
        let (low, _) = parse_parts(from)?;
        let (high, written) = parse_parts(to)?;
        return Some(VersionRange {
            min: low,
            max: Some(bump_written(high, written)),
        });
    }
    // `>= 1.2` and `>=1.2` alike: glue a lone operator to the version after it.
    let mut tokens: Vec<String> = Vec::new();
    for piece in text.split([',', ' ']).filter(|p| !p.is_empty()) {
        match tokens.last_mut() {
            Some(last) if last.chars().all(|c| "<>=!~^".contains(c)) => last.push_str(piece),
            _ => tokens.push(piece.to_string()),
        }
    }
    let mut range = VersionRange::ANY;
    for token in &tokens {
        range = range.intersect(parse_comparator(token, dialect)?);
    }
    Some(range)
}

/// The next release a partly written version excludes: `1.2` allows 1.2.x, `1` allows 1.x.
fn bump_written(v: Version, written: usize) -> Version {
    match written {
        1 => v.next_major(),
        2 => v.next_minor(),
        _ => v.next_patch(),
    }
}

fn parse_comparator(token: &str, dialect: Dialect) -> Option<VersionRange> {
    let op_len = token
        .find(|c: char| !"<>=!~^".contains(c))
        .unwrap_or(token.len());
    let (op, rest) = token.split_at(op_len);
    if matches!(rest, "*" | "x" | "X" | "") {
        return Some(VersionRange::ANY);
    }
    let (v, written) = parse_parts(rest)?;
    let range = |min: Version, max: Option<Version>| Some(VersionRange { min, max });
    match op {
        ">=" => range(v, None),
        ">" => range(bump_written(v, written), None),
        "<" => range(Version::new(0, 0, 0), Some(v)),
        "<=" => range(Version::new(0, 0, 0), Some(bump_written(v, written))),
        "!=" => Some(VersionRange::ANY),
        // Caret: nothing that changes the left-most non-zero part.
        "^" => {
            let max = if v.major > 0 || written == 1 {
                v.next_major()
            } else if v.minor > 0 || written == 2 {
                v.next_minor()
            } else {
                v.next_patch()
            };
            range(v, Some(max))
        }
        // Compatible release (`~= 3.1` is 3.x from 3.1; `~> 6.1.2` is 6.1.x from 6.1.2).
        "~=" | "~>" => {
            let max = if written <= 2 {
                v.next_major()
            } else {
                v.next_minor()
            };
            range(v, Some(max))
        }
        // npm/Poetry tilde: patch releases (`~1.2.3`, `~1.2`), or the major for `~1`.
        "~" => range(
            v,
            Some(if written == 1 {
                v.next_major()
            } else {
                v.next_minor()
            }),
        ),
        "" | "=" | "==" | "===" => {
            // A bare `3` or `3.1` is the whole series in npm and Poetry; PEP 440 and RubyGems
            // pad it with zeros (`==3.1` is 3.1.0), except for a trailing wildcard.
            let wildcard = rest.ends_with('*') || rest.ends_with('x') || rest.ends_with('X');
            if matches!(dialect, Dialect::Npm | Dialect::Poetry) || wildcard {
                range(v, Some(bump_written(v, written)))
            } else {
                Some(VersionRange::exact(v))
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(text: &str, d: Dialect) -> String {
        parse_requirement(text, d).map_or("none".into(), |r| r.to_string())
    }

    #[test]
    fn versions() {
        assert_eq!(Version::parse("v3.8.0"), Some(Version::new(3, 8, 0)));
        assert_eq!(Version::parse("6.1"), Some(Version::new(6, 1, 0)));
        assert_eq!(Version::parse("2.0.0-beta.1"), Some(Version::new(2, 0, 0)));
        assert_eq!(
            Version::parse("3.0.0+incompatible"),
            Some(Version::new(3, 0, 0))
        );
        assert_eq!(Version::parse("github:x/y"), None);
    }

    #[test]
    fn npm_ranges() {
        assert_eq!(r("^3.1.2", Dialect::Npm), ">=3.1.2, <4.0.0");
        assert_eq!(r("^0.5.1", Dialect::Npm), ">=0.5.1, <0.6.0");
        assert_eq!(r("~4.5.0", Dialect::Npm), ">=4.5.0, <4.6.0");
        assert_eq!(r("4.x", Dialect::Npm), ">=4.0.0, <5.0.0");
        assert_eq!(r("4.5.1", Dialect::Npm), "4.5.1");
        assert_eq!(r(">=3.0.0 <5", Dialect::Npm), ">=3.0.0, <5.0.0");
        assert_eq!(r("^3.0.0 || ^4.0.0", Dialect::Npm), ">=3.0.0, <5.0.0");
        assert_eq!(r("1.2.3 - 2.3", Dialect::Npm), ">=1.2.3, <2.4.0");
        assert_eq!(r("*", Dialect::Npm), ">=0.0.0");
        assert_eq!(r("workspace:*", Dialect::Npm), "none");
    }

    #[test]
    fn python_and_ruby_requirements() {
        assert_eq!(r("==2.4.0", Dialect::Pep440), "2.4.0");
        assert_eq!(r(">=3,<4", Dialect::Pep440), ">=3.0.0, <4.0.0");
        assert_eq!(r("~=3.1", Dialect::Pep440), ">=3.1.0, <4.0.0");
        assert_eq!(r("==3.*", Dialect::Pep440), ">=3.0.0, <4.0.0");
        assert_eq!(r("^2.4", Dialect::Poetry), ">=2.4.0, <3.0.0");
        assert_eq!(r("~> 6.1", Dialect::Ruby), ">=6.1.0, <7.0.0");
        assert_eq!(r("~> 5.0.1", Dialect::Ruby), ">=5.0.1, <5.1.0");
        assert_eq!(r(">= 5, < 7", Dialect::Ruby), ">=5.0.0, <7.0.0");
        assert_eq!(r("6.0.0", Dialect::Ruby), "6.0.0");
    }

    #[test]
    fn interval_questions() {
        let caret3 = parse_requirement("^3.0.0", Dialect::Npm).unwrap();
        assert!(caret3.all_below(Version::new(4, 0, 0)));
        assert!(!caret3.all_at_least(Version::new(3, 1, 0)));
        let any = parse_requirement("*", Dialect::Npm).unwrap();
        assert!(!any.all_below(Version::new(99, 0, 0)));
        assert!(!any.all_at_least(Version::new(0, 0, 1)));
    }
}
