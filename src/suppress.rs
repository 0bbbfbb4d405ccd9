//! In-source suppressions: `ciolint-ignore: rule[, rule] -- reason` on the finding's line or
//! the line above, and `ciolint-ignore-file: rule -- reason` for a whole file, in any comment
//! syntax ciolint reads (`//`, `/* */`, `#`, `<!-- -->`, `{% comment %}`).

use crate::facts::Span;
use crate::lang::LineIndex;
use crate::rules::{Applicability, Edit, Finding, Fix, RuleMeta, Severity};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Suppression {
    pub line: u32,
    pub rules: Vec<String>,
    pub reason: Option<String>,
    pub file_level: bool,
    pub span: Span,
    /// What removing the whole suppression deletes: its line when the comment is alone on
    /// it, else the comment and the blank before it; `None` when the comment goes on past
    /// its line or holds other text.
    #[serde(skip)]
    pub removal: Option<Span>,
    /// For each of `rules`, what removing that rule alone deletes (with its comma).
    #[serde(skip)]
    pub rule_removals: Vec<Span>,
}

const OPENERS: &[&str] = &[
    "//",
    "#",
    "/*",
    "<!--",
    "{% comment %}",
    "{%- comment -%}",
    "{%#",
    "--",
];
const CLOSERS: &[&str] = &["*/", "-->", "{% endcomment %}", "{%- endcomment -%}", "%}"];

/// Find every suppression comment in a source file.
pub fn parse(src: &[u8]) -> Vec<Suppression> {
    let text = String::from_utf8_lossy(src);
    if !text.contains("ciolint-ignore") {
        return Vec::new();
    }
    let index = LineIndex::new(src);
    let mut out = Vec::new();
    let mut offset = 0usize;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let line_start = offset;
        offset += line.len();
        let Some(pos) = line.find("ciolint-ignore") else {
            continue;
        };
        let before = &line[..pos];
        if !OPENERS.iter().any(|o| before.contains(o)) {
            continue;
        }
        let rest = &line[pos + "ciolint-ignore".len()..];
        let (file_level, rest) = match rest.strip_prefix("-file") {
            Some(r) => (true, r),
            None => (false, rest),
        };
        let Some(rest) = rest.strip_prefix(':') else {
            continue;
        };
        let line_body = line.trim_end_matches(['\n', '\r']);
        let rest_at = line_body.len() - rest.trim_end_matches(['\n', '\r']).len();
        let mut body = rest.trim_end_matches(['\n', '\r']).to_string();
        let mut closer_at = None;
        for c in CLOSERS {
            if let Some(p) = body.find(c) {
                body.truncate(p);
                closer_at = Some((rest_at + p, c.len()));
            }
        }
        let (list, reason) = match body.split_once("--") {
            Some((l, r)) => (l, Some(r.trim().to_string()).filter(|r| !r.is_empty())),
            None => (body.as_str(), None),
        };
        let mut rules = Vec::new();
        let mut entries: Vec<(usize, usize)> = Vec::new();
        let mut at = rest_at;
        for part in list.split(',') {
            let trimmed = part.trim();
            if !trimmed.is_empty() {
                let start = at + (part.len() - part.trim_start().len());
                entries.push((start, start + trimmed.len()));
                rules.push(trimmed.to_string());
            }
            at += part.len() + 1;
        }
        let rule_removals = entries
            .iter()
            .enumerate()
            .map(|(k, &(start, end))| {
                let (from, to) = match (entries.get(k + 1), k.checked_sub(1)) {
                    (Some(&(next, _)), _) => (start, next),
                    (None, Some(prev)) => (entries[prev].1, end),
                    (None, None) => (start, end),
                };
                index.span_of(line_start + from, line_start + to)
            })
            .collect();
        let removal = removal_range(line_body, pos, closer_at).map(|(from, to)| {
            // A whole line goes with its own line break, whichever it is.
            let to = if to > line_body.len() { line.len() } else { to };
            index.span_of(line_start + from, line_start + to)
        });
        let start = line_start + pos;
        let end = line_start + line_body.len();
        out.push(Suppression {
            line: i as u32 + 1,
            rules,
            reason,
            file_level,
            span: index.span_of(start, end.max(start)),
            removal,
            rule_removals,
        });
    }
    out
}

/// The byte range (within the line, its line break included when the whole line goes) that
/// removing a suppression comment deletes; `None` when that is not clear-cut.
fn removal_range(
    line: &str,
    directive_at: usize,
    closer: Option<(usize, usize)>,
) -> Option<(usize, usize)> {
    let before = &line[..directive_at];
    let (opener_at, opener) = OPENERS
        .iter()
        .filter_map(|o| before.rfind(o).map(|p| (p, *o)))
        .max_by_key(|(p, o)| (*p + o.len(), o.len()))?;
    // `# noqa: E501 ciolint-ignore: …`: the comment says more than the suppression.
    if !before[opener_at + opener.len()..].trim().is_empty() {
        return None;
    }
    let block = matches!(
        opener,
        "/*" | "<!--" | "{% comment %}" | "{%- comment -%}" | "{%#"
    );
    let comment_end = match (block, closer) {
        (true, Some((at, len))) => at + len,
        // A block comment that goes on past this line.
        (true, None) => return None,
        (false, _) => line.len(),
    };
    let alone = before[..opener_at].trim().is_empty() && line[comment_end..].trim().is_empty();
    if alone {
        // The line break goes too: `line` has none, the caller's line had one.
        return Some((0, line.len() + 1));
    }
    if before[..opener_at].trim().is_empty() {
        // `/* ciolint-ignore: … */ code`: the code keeps its indentation.
        let after = line[comment_end..].len() - line[comment_end..].trim_start().len();
        return Some((opener_at, comment_end + after));
    }
    let from = before[..opener_at].trim_end().len();
    Some((from, comment_end))
}

pub(crate) static META: RuleMeta = RuleMeta {
    id: "unused-suppression",
    severity: Severity::Warning,
    group: "suppressions",
    summary: "A `ciolint-ignore` comment that suppresses nothing, names an unknown rule, or gives no reason",
    languages: &[
        "javascript",
        "typescript",
        "python",
        "ruby",
        "go",
        "templates",
        "yaml",
        "json",
    ],
    why: "Suppressions outlive the code they were written for. One that no longer matches a finding \
hides the next real mistake on that line; one without a reason cannot be reviewed. Remove stale \
suppressions and say why each remaining one is safe: `ciolint-ignore: rule -- reason`.",
    wrong: "// ciolint-ignore: millisecond-timestamp\nawait cio.identify(id, { created_at: Math.floor(Date.now() / 1000) });",
    right: "// ciolint-ignore: millisecond-timestamp -- the warehouse sync expects ms in this custom attribute\nawait cio.identify(id, { synced_ms: Date.now() });",
    source: "ciolint",
};

/// Drop suppressed findings; report suppressions that are unused, unknown or unexplained.
/// `enabled` tells which rules ran (a suppression of a rule that did not run is not unused).
pub fn apply(
    findings: Vec<Finding>,
    suppressions: &[(String, Vec<Suppression>)],
    enabled: impl Fn(&str) -> bool,
    known: impl Fn(&str) -> bool,
) -> Vec<Finding> {
    // Per file, per suppression, per rule named: whether it hid a finding.
    let mut used: Vec<Vec<Vec<bool>>> = suppressions
        .iter()
        .map(|(_, list)| list.iter().map(|s| vec![false; s.rules.len()]).collect())
        .collect();
    let mut kept = Vec::with_capacity(findings.len());
    for f in findings {
        let mut suppressed = false;
        if let Some(fi) = suppressions.iter().position(|(p, _)| *p == f.path) {
            for (si, s) in suppressions[fi].1.iter().enumerate() {
                let line_ok = s.file_level || s.line == f.span.line || s.line + 1 == f.span.line;
                if !line_ok {
                    continue;
                }
                for (ri, r) in s.rules.iter().enumerate() {
                    if r == f.rule {
                        used[fi][si][ri] = true;
                        suppressed = true;
                    }
                }
            }
        }
        if !suppressed {
            kept.push(f);
        }
    }
    if !enabled(META.id) {
        return kept;
    }
    let listed = |rules: &[&String]| {
        rules
            .iter()
            .map(|r| format!("`{r}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (fi, (path, list)) in suppressions.iter().enumerate() {
        for (si, s) in list.iter().enumerate() {
            let unknown: Vec<usize> = (0..s.rules.len())
                .filter(|&r| !known(&s.rules[r]))
                .collect();
            let unused: Vec<usize> = (0..s.rules.len())
                .filter(|&r| !used[fi][si][r] && enabled(&s.rules[r]))
                .collect();
            let names =
                |idx: &[usize]| listed(&idx.iter().map(|&r| &s.rules[r]).collect::<Vec<_>>());
            // What to remove: the whole comment when none of its rules is left, else the rules.
            let removing = |idx: &[usize], what: &str| -> Option<Fix> {
                let edits: Vec<Edit> = if idx.len() == s.rules.len() {
                    vec![Edit {
                        path: path.clone(),
                        span: s.removal?,
                        content: String::new(),
                    }]
                } else {
                    idx.iter()
                        .map(|&r| {
                            s.rule_removals.get(r).map(|span| Edit {
                                path: path.clone(),
                                span: *span,
                                content: String::new(),
                            })
                        })
                        .collect::<Option<_>>()?
                };
                Some(Fix {
                    description: what.to_string(),
                    applicability: Applicability::Safe,
                    edits,
                })
            };
            let (message, fix) = if s.rules.is_empty() {
                (
                    "this suppression names no rule: write `ciolint-ignore: rule-id -- reason`"
                        .to_string(),
                    None,
                )
            } else if !unknown.is_empty() {
                (
                    format!(
                        "this suppression names unknown rule{} {}: `ciolint rules` lists the ids",
                        if unknown.len() == 1 { "" } else { "s" },
                        names(&unknown)
                    ),
                    if unknown.len() == s.rules.len() {
                        removing(&unknown, "remove the suppression")
                    } else {
                        removing(&unknown, "remove the unknown rules from the suppression")
                    },
                )
            } else if s.reason.is_none() {
                ("this suppression gives no reason: add one after `--` so reviewers know why the finding is safe".to_string(), None)
            } else if !unused.is_empty() && unused.len() == s.rules.len() {
                (
                    format!(
                        "this suppression of {} suppresses nothing: the finding is gone, so remove the comment",
                        names(&unused)
                    ),
                    removing(&unused, "remove the suppression"),
                )
            } else if !unused.is_empty() && s.rules.iter().all(|r| enabled(r)) {
                (
                    format!(
                        "{} in this suppression suppress{} nothing: the finding is gone, so remove {} from the comment",
                        names(&unused),
                        if unused.len() == 1 { "es" } else { "" },
                        if unused.len() == 1 { "it" } else { "them" },
                    ),
                    removing(&unused, "remove the unused rules from the suppression"),
                )
            } else {
                continue;
            };
            kept.push(Finding {
                rule: META.id,
                severity: META.severity,
                path: path.clone(),
                span: s.span,
                message,
                fix,
                related: Vec::new(),
            });
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_comment_syntax() {
        let src = b"x // ciolint-ignore: a, b -- why\n# ciolint-ignore-file: c -- file\n<!-- ciolint-ignore: d -- html -->\n{% comment %} ciolint-ignore: e -- liquid {% endcomment %}\n/* ciolint-ignore: f */\nlet s = \"ciolint-ignore: g\";\n";
        let s = parse(src);
        assert_eq!(s.len(), 5);
        assert_eq!(s[0].rules, ["a", "b"]);
        assert_eq!(s[0].reason.as_deref(), Some("why"));
        assert!(s[1].file_level);
        assert_eq!(s[2].rules, ["d"]);
        assert_eq!(s[2].reason.as_deref(), Some("html"));
        assert_eq!(s[3].rules, ["e"]);
        assert_eq!(s[4].reason, None);
    }

    fn removed(src: &str, span: Span) -> String {
        format!("{}{}", &src[..span.start], &src[span.end..])
    }

    #[test]
    fn removal_ranges() {
        let src = "a();\n  // ciolint-ignore: x -- why\nb();\n";
        let s = parse(src.as_bytes());
        assert_eq!(removed(src, s[0].removal.unwrap()), "a();\nb();\n");
        let src = "b(); # ciolint-ignore: x, y, z -- why\n";
        let s = &parse(src.as_bytes())[0];
        assert_eq!(removed(src, s.removal.unwrap()), "b();\n");
        assert_eq!(
            removed(src, s.rule_removals[0]),
            "b(); # ciolint-ignore: y, z -- why\n"
        );
        assert_eq!(
            removed(src, s.rule_removals[2]),
            "b(); # ciolint-ignore: x, y -- why\n"
        );
        let src = "  /* ciolint-ignore: x -- why */ b();\n";
        let s = parse(src.as_bytes());
        assert_eq!(removed(src, s[0].removal.unwrap()), "  b();\n");
        let src = "<a>{{ x }}</a> <!-- ciolint-ignore: x -- why -->\r\n<b/>";
        let s = parse(src.as_bytes());
        assert_eq!(
            removed(src, s[0].removal.unwrap()),
            "<a>{{ x }}</a>\r\n<b/>"
        );
        let src = "# noqa: E501 ciolint-ignore: x -- why\n";
        assert!(parse(src.as_bytes())[0].removal.is_none());
    }
}
