//! In-source suppressions: `ciolint-ignore: rule[, rule] -- reason` on the finding's line or
//! the line above, and `ciolint-ignore-file: rule -- reason` for a whole file, in any comment
//! syntax ciolint reads (`//`, `/* */`, `#`, `<!-- -->`, `{% comment %}`).

use crate::facts::Span;
use crate::lang::LineIndex;
use crate::rules::{Finding, RuleMeta, Severity};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Suppression {
    pub line: u32,
    pub rules: Vec<String>,
    pub reason: Option<String>,
    pub file_level: bool,
    pub span: Span,
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
        let mut body = rest.trim_end_matches(['\n', '\r']).to_string();
        for c in CLOSERS {
            if let Some(p) = body.find(c) {
                body.truncate(p);
            }
        }
        let (list, reason) = match body.split_once("--") {
            Some((l, r)) => (l, Some(r.trim().to_string()).filter(|r| !r.is_empty())),
            None => (body.as_str(), None),
        };
        let rules: Vec<String> = list
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        let start = line_start + pos;
        let end = line_start + line.trim_end_matches(['\n', '\r']).len();
        out.push(Suppression {
            line: i as u32 + 1,
            rules,
            reason,
            file_level,
            span: index.span_of(start, end.max(start)),
        });
    }
    out
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
    let mut used = vec![Vec::<bool>::new(); suppressions.len()];
    for (i, (_, list)) in suppressions.iter().enumerate() {
        used[i] = vec![false; list.len()];
    }
    let mut kept = Vec::with_capacity(findings.len());
    for f in findings {
        let mut suppressed = false;
        if let Some(fi) = suppressions.iter().position(|(p, _)| *p == f.path) {
            for (si, s) in suppressions[fi].1.iter().enumerate() {
                let line_ok = s.file_level || s.line == f.span.line || s.line + 1 == f.span.line;
                if line_ok && s.rules.iter().any(|r| r == f.rule) {
                    used[fi][si] = true;
                    suppressed = true;
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
    for (fi, (path, list)) in suppressions.iter().enumerate() {
        for (si, s) in list.iter().enumerate() {
            let unknown: Vec<&String> = s.rules.iter().filter(|r| !known(r)).collect();
            let problem = if s.rules.is_empty() {
                Some(
                    "this suppression names no rule: write `ciolint-ignore: rule-id -- reason`"
                        .to_string(),
                )
            } else if !unknown.is_empty() {
                Some(format!(
                    "this suppression names unknown rule{} {}: `ciolint rules` lists the ids",
                    if unknown.len() == 1 { "" } else { "s" },
                    unknown
                        .iter()
                        .map(|r| format!("`{r}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            } else if s.reason.is_none() {
                Some("this suppression gives no reason: add one after `--` so reviewers know why the finding is safe".to_string())
            } else if !used[fi][si] && s.rules.iter().all(|r| enabled(r)) {
                Some(format!(
                    "this suppression of {} suppresses nothing: the finding is gone, so remove the comment",
                    s.rules
                        .iter()
                        .map(|r| format!("`{r}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            } else {
                None
            };
            if let Some(message) = problem {
                kept.push(Finding {
                    rule: META.id,
                    severity: META.severity,
                    path: path.clone(),
                    span: s.span,
                    message,
                    fix: None,
                    related: Vec::new(),
                });
            }
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
}
