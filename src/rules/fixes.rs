//! Building fixes: the exact source under a span, unit conversions per language, reading a
//! credential from the environment, and adding the import that needs. Rules decide what is
//! wrong from facts; these helpers only spell the replacement.

use super::Edit;
use crate::facts::{CredentialRole, Language, Span, TimeUnit};

/// The exact source text under a span (not the shortened text a message shows).
pub(crate) fn source_text(source: &str, span: Span) -> Option<&str> {
    source.get(span.start..span.end).filter(|s| !s.is_empty())
}

/// Whether an expression is one operand: no operator, space or comma outside brackets and
/// strings, so `X.Unix()` or `int(X)` built around it means the same grouping.
pub(crate) fn is_primary(text: &str) -> bool {
    // `new Date(…)` is one operand too.
    let text = text.strip_prefix("new ").unwrap_or(text);
    let mut depth = 0i32;
    let mut code = OutsideStrings::new(text);
    for (i, c) in code.by_ref() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            // A leading `-` or `!` is a unary operator on the whole operand; anywhere else
            // at depth 0 an operator splits the expression.
            c if depth == 0
                && (c.is_whitespace()
                    || matches!(
                        c,
                        '+' | '-'
                            | '*'
                            | '/'
                            | '%'
                            | '<'
                            | '>'
                            | '='
                            | '&'
                            | '|'
                            | '?'
                            | ':'
                            | ','
                            | '^'
                    ))
                && !(i > 0 && c == ':' && text[..i].ends_with(':'))
                && !(c == ':' && text[i + 1..].starts_with(':')) =>
            {
                return false;
            }
            _ => {}
        }
        if depth < 0 {
            return false;
        }
    }
    depth == 0 && !code.in_string() && !text.is_empty()
}

/// The characters of a piece of code outside its string literals (`"…"`, `'…'`, `` `…` ``,
/// with backslash escapes), with their offsets; the quotes themselves are left out.
pub(crate) struct OutsideStrings<'a> {
    chars: std::str::CharIndices<'a>,
    quote: Option<char>,
    escaped: bool,
}

impl<'a> OutsideStrings<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        OutsideStrings {
            chars: text.char_indices(),
            quote: None,
            escaped: false,
        }
    }

    /// The text read so far ends inside a string literal.
    pub(crate) fn in_string(&self) -> bool {
        self.quote.is_some()
    }
}

impl Iterator for OutsideStrings<'_> {
    type Item = (usize, char);

    fn next(&mut self) -> Option<(usize, char)> {
        loop {
            let (i, c) = self.chars.next()?;
            if let Some(q) = self.quote {
                if self.escaped {
                    self.escaped = false;
                } else if c == '\\' {
                    self.escaped = true;
                } else if c == q {
                    self.quote = None;
                }
                continue;
            }
            if matches!(c, '"' | '\'' | '`') {
                self.quote = Some(c);
                continue;
            }
            return Some((i, c));
        }
    }
}

/// `X * 1000` (or `1000 * X`): the other operand, when the factor is exactly 1000.
fn times_thousand(text: &str) -> Option<&str> {
    const FACTORS: &[&str] = &["1000", "1_000", "1e3", "1000.0", "1000.0f"];
    let (a, b) = text.rsplit_once('*')?;
    let (a, b) = (a.trim(), b.trim());
    if FACTORS.contains(&b) && is_primary(a) {
        return Some(a);
    }
    if FACTORS.contains(&a) && is_primary(b) {
        return Some(b);
    }
    None
}

/// A 12- or 13-digit integer literal (digit separators allowed) in milliseconds, as seconds.
fn literal_seconds(text: &str, unit: TimeUnit) -> Option<String> {
    let digits: String = text.chars().filter(|c| *c != '_').collect();
    if unit != TimeUnit::Millis
        || !digits.chars().all(|c| c.is_ascii_digit())
        || !(12..=13).contains(&digits.len())
    {
        return None;
    }
    let n: u64 = digits.parse().ok()?;
    Some((n / 1000).to_string())
}

/// The same instant in unix seconds, spelled the way the language does it, when the
/// expression has an unambiguous conversion (`Date.now()`, `time.time() * 1000`,
/// `(Time.now.to_f * 1000).to_i`, `UnixMilli()`, a 13-digit literal).
pub(crate) fn seconds_from_subsecond(
    language: Language,
    text: &str,
    unit: TimeUnit,
) -> Option<String> {
    if text.contains('\n') {
        return None;
    }
    if let Some(s) = literal_seconds(text, unit) {
        return Some(s);
    }
    match language {
        Language::JavaScript | Language::TypeScript => {
            if unit != TimeUnit::Millis {
                return None;
            }
            if text == "+new Date()" || text == "new Date().getTime()" {
                return Some("Math.floor(Date.now() / 1000)".into());
            }
            let millis_call = ["Date.now()", ".getTime()", ".valueOf()", ".toMillis()"]
                .iter()
                .any(|end| text.ends_with(end));
            if millis_call && is_primary(text) {
                return Some(format!("Math.floor({text} / 1000)"));
            }
            // `Date.now() + 60 * 60 * 1000`: an offset in milliseconds from now.
            let from_now = text.starts_with("Date.now() +") || text.starts_with("Date.now() -");
            if from_now && !text.contains(['?', ',', '=']) {
                return Some(format!("Math.floor(({text}) / 1000)"));
            }
            None
        }
        Language::Python => {
            let seconds = |inner: &str| {
                (inner == "time.time()" || inner.ends_with(".timestamp()"))
                    .then(|| format!("int({inner})"))
            };
            if unit == TimeUnit::Millis {
                if let Some(inner) = times_thousand(text) {
                    return seconds(inner);
                }
                for wrapper in ["int(", "round(", "math.floor("] {
                    if let Some(inner) =
                        text.strip_prefix(wrapper).and_then(|t| t.strip_suffix(')'))
                        && let Some(inner) = times_thousand(inner)
                    {
                        return seconds(inner);
                    }
                }
            }
            let ns_divisor = match unit {
                TimeUnit::Millis => ["1_000_000", "1000000"],
                TimeUnit::Micros => ["1_000", "1000"],
                _ => return None,
            };
            let (a, b) = text.split_once("//")?;
            (a.trim() == "time.time_ns()" && ns_divisor.contains(&b.trim()))
                .then(|| "int(time.time())".to_string())
        }
        Language::Ruby => {
            if unit != TimeUnit::Millis {
                return None;
            }
            if text == "Process.clock_gettime(Process::CLOCK_REALTIME, :millisecond)" {
                return Some("Process.clock_gettime(Process::CLOCK_REALTIME, :second)".into());
            }
            // `(X.to_f * 1000).to_i`, `.round`, `.floor`
            for end in [").to_i", ").round", ").floor"] {
                if let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(end))
                    && let Some(x) = times_thousand(inner)
                    && let Some(receiver) = x.strip_suffix(".to_f")
                {
                    return Some(format!("{receiver}.to_i"));
                }
            }
            // `X.to_i * 1000`, with or without parentheses
            let bare = text
                .strip_prefix('(')
                .and_then(|t| t.strip_suffix(')'))
                .unwrap_or(text);
            if let Some(x) = times_thousand(bare)
                && x.ends_with(".to_i")
            {
                return Some(x.to_string());
            }
            if let Some(receiver) = text
                .strip_suffix(".strftime('%s%L').to_i")
                .or_else(|| text.strip_suffix(".strftime(\"%s%L\").to_i"))
                && is_primary(receiver)
            {
                return Some(format!("{receiver}.to_i"));
            }
            None
        }
        Language::Go => {
            let suffix = match unit {
                TimeUnit::Millis => ".UnixMilli()",
                TimeUnit::Micros => ".UnixMicro()",
                TimeUnit::Nanos => ".UnixNano()",
                _ => return None,
            };
            if let Some(receiver) = text.strip_suffix(suffix)
                && is_primary(text)
            {
                return Some(format!("{receiver}.Unix()"));
            }
            // `X.UnixNano() / int64(time.Millisecond)`, `/ 1e6`
            if unit == TimeUnit::Millis
                && let Some((a, b)) = text.split_once(" / ")
                && matches!(
                    b.trim(),
                    "int64(time.Millisecond)" | "1e6" | "1000000" | "1_000_000"
                )
                && is_primary(a)
                && let Some(receiver) = a.strip_suffix(".UnixNano()")
            {
                return Some(format!("{receiver}.Unix()"));
            }
            None
        }
    }
}

/// A date that is "now" in each language, whose conversion to unix seconds is exact.
fn is_now(language: Language, text: &str) -> bool {
    match language {
        Language::JavaScript | Language::TypeScript => text == "new Date()",
        // `utcnow()` is naive UTC that `.timestamp()` would read as local time.
        Language::Python => {
            let t = text.strip_prefix("datetime.datetime.").unwrap_or(
                text.strip_prefix("datetime.")
                    .filter(|t| !t.starts_with("now"))
                    .unwrap_or(text),
            );
            let t = t.strip_prefix("datetime.").unwrap_or(t);
            matches!(
                t,
                "now()"
                    | "now(timezone.utc)"
                    | "now(tz=timezone.utc)"
                    | "now(UTC)"
                    | "now(datetime.timezone.utc)"
            ) && text.contains("datetime")
        }
        Language::Ruby => matches!(
            text,
            "Time.now" | "Time.current" | "Time.zone.now" | "Time.now.utc" | "Time.current.utc"
        ),
        Language::Go => matches!(text, "time.Now()" | "time.Now().UTC()"),
    }
}

/// A date object or ISO string, as unix seconds, when the conversion is unambiguous: the
/// current time (`new Date()`, `datetime.now()`, `Time.now`, `time.Now()`), the same as an ISO
/// string, a JavaScript `Date` built in place, a Go `time.Time` formatted as RFC 3339.
pub(crate) fn seconds_from_date(language: Language, text: &str) -> Option<String> {
    if text.contains('\n') || !is_primary(text) {
        return None;
    }
    let date = match language {
        Language::JavaScript | Language::TypeScript => text.strip_suffix(".toISOString()"),
        Language::Python => text.strip_suffix(".isoformat()"),
        Language::Ruby => text
            .strip_suffix(".iso8601")
            .or_else(|| text.strip_suffix(".to_s(:iso8601)")),
        Language::Go => text
            .strip_suffix(".Format(time.RFC3339)")
            .or_else(|| text.strip_suffix(".Format(time.RFC3339Nano)")),
    }
    .unwrap_or(text);
    match language {
        Language::JavaScript | Language::TypeScript if date == "new Date()" => {
            Some("Math.floor(Date.now() / 1000)".into())
        }
        Language::JavaScript | Language::TypeScript if date.starts_with("new Date(") => {
            Some(format!("Math.floor({date}.getTime() / 1000)"))
        }
        Language::Python if is_now(language, date) => Some(format!("int({date}.timestamp())")),
        Language::Ruby if is_now(language, date) => Some(format!("{date}.to_i")),
        // A Go value with `.Format(time.RFC3339)` is a time.Time: `.Unix()` is its seconds.
        Language::Go if is_now(language, date) || date != text => Some(format!("{date}.Unix()")),
        _ => None,
    }
}

/// The environment variable a credential of this role is read from.
pub(crate) fn env_var_for(role: CredentialRole) -> &'static str {
    match role {
        CredentialRole::SiteId => "CUSTOMERIO_SITE_ID",
        CredentialRole::TrackApiKey => "CUSTOMERIO_TRACK_API_KEY",
        CredentialRole::AppApiKey => "CUSTOMERIO_APP_API_KEY",
        CredentialRole::WriteKey => "CUSTOMERIO_WRITE_KEY",
    }
}

/// An expression reading an environment variable: `process.env.X`, `os.environ["X"]`,
/// `ENV.fetch("X")`, `os.Getenv("X")`; in JavaScript the way the file's runtime reads it
/// (`Deno.env.get`, `import.meta.env`). `None` for a Cloudflare Worker, whose variables
/// arrive as a handler argument no expression can name.
pub(crate) fn env_read(language: Language, source: &str, name: &str) -> Option<String> {
    // The TypeScript SDK constructors take `string`; every read below is
    // `string | undefined` and would not type-check without the assertion.
    let assert = if language == Language::TypeScript {
        "!"
    } else {
        ""
    };
    Some(match language {
        Language::JavaScript | Language::TypeScript => {
            if source.contains("Deno.env") {
                format!("Deno.env.get(\"{name}\"){assert}")
            } else if source.contains("process.env") {
                format!("process.env.{name}{assert}")
            } else if source.contains("import.meta.env") {
                format!("import.meta.env.{name}{assert}")
            } else if source.contains("env.")
                && source.contains("fetch(")
                && source.contains("export default")
                || source.contains("onRequest")
            {
                return None;
            } else {
                format!("process.env.{name}{assert}")
            }
        }
        Language::Python => format!("os.environ[\"{name}\"]"),
        Language::Ruby => format!("ENV.fetch(\"{name}\")"),
        Language::Go => format!("os.Getenv(\"{name}\")"),
    })
}

/// The edit that makes `os` importable in a Python or Go file: `Some(None)` when it already
/// is, `None` when there is no safe place to add it.
pub(crate) fn os_import(language: Language, source: &str, path: &str) -> Option<Option<Edit>> {
    match language {
        Language::Python => python_import_os(source, path),
        Language::Go => go_import_os(source, path),
        _ => Some(None),
    }
}

fn insert_at(path: &str, source: &str, offset: usize, content: &str) -> Edit {
    let index = crate::lang::LineIndex::new(source.as_bytes());
    Edit {
        path: path.to_string(),
        span: index.span_of(offset, offset),
        content: content.to_string(),
    }
}

/// Top-level lines with their byte offsets.
fn lines_with_offsets(source: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    source.split_inclusive('\n').map(move |line| {
        let at = offset;
        offset += line.len();
        (at, line)
    })
}

fn python_import_os(source: &str, path: &str) -> Option<Option<Edit>> {
    let mut first_import = None;
    let mut after_future = None;
    for (at, line) in lines_with_offsets(source) {
        let t = line.trim_end();
        if t == "import os" || t.starts_with("import os ") || t.starts_with("import os,") {
            return Some(None);
        }
        if let Some(list) = t.strip_prefix("import ")
            && list.split(',').any(|m| m.trim() == "os")
        {
            return Some(None);
        }
        if t.starts_with("from __future__ import") {
            after_future = Some(at + line.len());
            continue;
        }
        if first_import.is_none() && (t.starts_with("import ") || t.starts_with("from ")) {
            first_import = Some(at);
        }
    }
    // Beside the module's first import, where a reader (and isort) expects it: in the
    // standard library's group, or as a group of its own before a third-party one.
    let at = first_import.or(after_future)?;
    let first_module = source[at..]
        .split_whitespace()
        .nth(1)
        .unwrap_or("")
        .split(['.', ','])
        .next()
        .unwrap_or("");
    const STDLIB: &[&str] = &[
        "abc",
        "asyncio",
        "base64",
        "collections",
        "contextlib",
        "dataclasses",
        "datetime",
        "enum",
        "functools",
        "hashlib",
        "hmac",
        "itertools",
        "json",
        "logging",
        "math",
        "pathlib",
        "re",
        "sys",
        "threading",
        "time",
        "typing",
        "uuid",
    ];
    let content = if first_import.is_some() && !STDLIB.contains(&first_module) {
        "import os\n\n"
    } else {
        "import os\n"
    };
    Some(Some(insert_at(path, source, at, content)))
}

fn go_import_os(source: &str, path: &str) -> Option<Option<Edit>> {
    if source.contains("\"os\"") {
        let imported = lines_with_offsets(source).any(|(_, l)| {
            let t = l.trim();
            t == "\"os\"" || t == "import \"os\"" || t.ends_with(" \"os\"")
        });
        if imported {
            return Some(None);
        }
    }
    let mut in_block = false;
    for (at, line) in lines_with_offsets(source) {
        let t = line.trim();
        if t == "import (" {
            in_block = true;
            continue;
        }
        if in_block {
            // gofmt keeps the standard library sorted in the first group: `os` goes before
            // the first path that sorts after it, or ends that group.
            let entry = t.trim_start_matches(|c: char| c.is_alphanumeric() || c == '_' || c == '.');
            let entry = entry.trim();
            if t == ")" || t.is_empty() || (entry.starts_with('"') && entry > "\"os\"") {
                return Some(Some(insert_at(path, source, at, "\t\"os\"\n")));
            }
            continue;
        }
        if t.starts_with("import \"") {
            return Some(Some(insert_at(path, source, at, "import \"os\"\n")));
        }
    }
    None
}

/// Whether an offset of a Go file lies in a `const` declaration, where a function call such
/// as `os.Getenv` is not allowed.
pub(crate) fn in_go_const(source: &str, offset: usize) -> bool {
    let (line_start, _) = line_around(source, offset);
    let current = source[line_start..]
        .lines()
        .next()
        .unwrap_or("")
        .trim_start();
    if current.starts_with("const ") {
        return true;
    }
    for line in source[..line_start].lines().rev() {
        let t = line.trim();
        if t.starts_with("const (") {
            return true;
        }
        if t == ")" || t.starts_with("var ") || t.starts_with("func ") || t.starts_with("type ") {
            return false;
        }
    }
    false
}

/// The span of the whole line around an offset, with its line break.
pub(crate) fn line_around(source: &str, offset: usize) -> (usize, usize) {
    // Spans count the file's bytes; a source with invalid UTF-8 was read lossily, so an
    // offset may fall inside a replacement character.
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let start = source[..offset].rfind('\n').map_or(0, |p| p + 1);
    let end = source[offset..]
        .find('\n')
        .map_or(source.len(), |p| offset + p + 1);
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_around_an_offset_inside_a_character() {
        let source = "a\n\u{FFFD}bc\nd";
        assert_eq!(line_around(source, 3), (2, 8));
        assert_eq!(line_around(source, 100), (8, 9));
    }

    #[test]
    fn primary_expressions() {
        assert!(is_primary("time.Now().Add(14 * 24 * time.Hour)"));
        assert!(is_primary("Date.now()"));
        assert!(is_primary("Process::CLOCK_REALTIME"));
        assert!(!is_primary("a + b.UnixNano()"));
        assert!(!is_primary("x ? 1 : 2"));
    }

    #[test]
    fn conversions_per_language() {
        use Language::*;
        use TimeUnit::*;
        let c = seconds_from_subsecond;
        assert_eq!(
            c(JavaScript, "Date.now()", Millis).unwrap(),
            "Math.floor(Date.now() / 1000)"
        );
        assert_eq!(
            c(JavaScript, "Date.now() + 60 * 1000", Millis).unwrap(),
            "Math.floor((Date.now() + 60 * 1000) / 1000)"
        );
        assert_eq!(
            c(JavaScript, "1704067200000", Millis).unwrap(),
            "1704067200"
        );
        assert_eq!(c(JavaScript, "Date.now() * 1000", Micros), None);
        assert_eq!(
            c(Python, "int(time.time() * 1000)", Millis).unwrap(),
            "int(time.time())"
        );
        assert_eq!(
            c(Python, "time.time() * 1000", Millis).unwrap(),
            "int(time.time())"
        );
        assert_eq!(
            c(Python, "int(datetime.now().timestamp() * 1000)", Millis).unwrap(),
            "int(datetime.now().timestamp())"
        );
        assert_eq!(
            c(Python, "time.time_ns() // 1000", Micros).unwrap(),
            "int(time.time())"
        );
        assert_eq!(c(Python, "int(x * 1000)", Millis), None);
        assert_eq!(
            c(Ruby, "(Time.now.to_f * 1000).to_i", Millis).unwrap(),
            "Time.now.to_i"
        );
        assert_eq!(
            c(Ruby, "14.days.from_now.to_i * 1000", Millis).unwrap(),
            "14.days.from_now.to_i"
        );
        assert_eq!(
            c(Go, "time.Now().UnixMilli()", Millis).unwrap(),
            "time.Now().Unix()"
        );
        assert_eq!(
            c(
                Go,
                "time.Now().Add(14 * 24 * time.Hour).UnixNano() / int64(time.Millisecond)",
                Millis
            )
            .unwrap(),
            "time.Now().Add(14 * 24 * time.Hour).Unix()"
        );
        assert_eq!(c(Go, "time.Now().UnixMilli()", Micros), None);
    }

    #[test]
    fn dates_to_seconds() {
        use Language::*;
        let d = seconds_from_date;
        assert_eq!(
            d(JavaScript, "new Date()").unwrap(),
            "Math.floor(Date.now() / 1000)"
        );
        assert_eq!(
            d(TypeScript, "new Date(user.createdAt).toISOString()").unwrap(),
            "Math.floor(new Date(user.createdAt).getTime() / 1000)"
        );
        assert_eq!(d(JavaScript, "user.createdAt"), None);
        assert_eq!(
            d(Python, "datetime.now().isoformat()").unwrap(),
            "int(datetime.now().timestamp())"
        );
        assert_eq!(
            d(Python, "datetime.datetime.now(datetime.timezone.utc)").unwrap(),
            "int(datetime.datetime.now(datetime.timezone.utc).timestamp())"
        );
        assert_eq!(d(Python, "datetime.utcnow()"), None);
        assert_eq!(d(Python, "user.created_at.isoformat()"), None);
        assert_eq!(d(Ruby, "Time.now.iso8601").unwrap(), "Time.now.to_i");
        assert_eq!(d(Ruby, "user.created_at.iso8601"), None);
        assert_eq!(d(Go, "time.Now()").unwrap(), "time.Now().Unix()");
        assert_eq!(
            d(Go, "u.CreatedAt.Format(time.RFC3339)").unwrap(),
            "u.CreatedAt.Unix()"
        );
        assert_eq!(d(Go, "u.CreatedAt"), None);
    }

    #[test]
    fn environment_reads_follow_the_runtime() {
        use Language::*;
        let read = |l, src| env_read(l, src, "CUSTOMERIO_SITE_ID");
        assert_eq!(
            read(JavaScript, "").unwrap(),
            "process.env.CUSTOMERIO_SITE_ID"
        );
        assert_eq!(
            read(TypeScript, "").unwrap(),
            "process.env.CUSTOMERIO_SITE_ID!"
        );
        assert_eq!(
            read(TypeScript, "const k = Deno.env.get(\"K\");").unwrap(),
            "Deno.env.get(\"CUSTOMERIO_SITE_ID\")!"
        );
        // A Cloudflare Worker gets its variables as a handler argument: no fix.
        assert_eq!(
            read(
                TypeScript,
                "export default { async fetch(req, env) { return env.KEY; } }"
            ),
            None
        );
        assert_eq!(
            read(Python, "").unwrap(),
            "os.environ[\"CUSTOMERIO_SITE_ID\"]"
        );
    }

    #[test]
    fn imports() {
        let py = "\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\n\nimport json\n";
        let e = os_import(Language::Python, py, "a.py").unwrap().unwrap();
        assert_eq!(
            &py[..e.span.start],
            "\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\n\n"
        );
        assert!(
            os_import(Language::Python, "import json, os\n", "a.py")
                .unwrap()
                .is_none()
        );
        let go = "package x\n\nimport (\n\t\"fmt\"\n\t\"time\"\n\n\t\"github.com/customerio/go-customerio/v3\"\n)\n";
        let e = os_import(Language::Go, go, "a.go").unwrap().unwrap();
        assert!(go[e.span.start..].starts_with("\t\"time\""));
        let go = "package x\n\nimport \"fmt\"\n";
        let e = os_import(Language::Go, go, "a.go").unwrap().unwrap();
        assert_eq!(e.content, "import \"os\"\n");
    }
}
