//! What the editor offers on a finding: its fix, "fix all" for the file, a `ciolint-ignore`
//! comment, and the rule's explanation on hover.

use super::analysis::{FileResult, range_of};
use super::convert::{Encoding, LineIndex};
use crate::rules::{Applicability, Finding, Fix, RuleMeta};
use lsp_types::{
    CodeAction, CodeActionKind, Diagnostic, Hover, HoverContents, MarkupContent, MarkupKind,
    Position, Range, TextEdit, Uri, WorkspaceEdit,
};
use std::collections::HashMap;
use std::path::Path;

/// The kind of the "fix all" action, so `editor.codeActionsOnSave` can ask for it by name.
pub(crate) const FIX_ALL_KIND: &str = "source.fixAll.ciolint";

/// What a suppression comment says until the user writes the reason.
const REASON_PLACEHOLDER: &str = "TODO: say why this is safe";

/// Sort key that puts the innermost of nested ranges first (the finding under the cursor
/// before the whole call around it).
fn innermost_first(range: &Range) -> (std::cmp::Reverse<Position>, Position) {
    (std::cmp::Reverse(range.start), range.end)
}

fn ranges_touch(a: &Range, b: &Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

fn edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

fn wanted(only: Option<&[CodeActionKind]>, kind: &CodeActionKind) -> bool {
    only.is_none_or(|only| {
        only.iter().any(|o| {
            kind.as_str() == o.as_str() || kind.as_str().starts_with(&format!("{}.", o.as_str()))
        })
    })
}

/// The code actions for a range of a file: each touching finding's fix and its suppression,
/// then "fix all" for the whole file.
pub(crate) fn code_actions(
    uri: &Uri,
    path: &Path,
    file: &FileResult,
    range: Range,
    only: Option<&[CodeActionKind]>,
    encoding: Encoding,
) -> Vec<CodeAction> {
    let index = LineIndex::new(&file.text, encoding);
    let mut touching: Vec<(&Finding, &Diagnostic)> = file
        .findings
        .iter()
        .zip(&file.diagnostics)
        .filter(|(_, d)| ranges_touch(&d.range, &range))
        .collect();
    touching.sort_by_key(|(_, d)| innermost_first(&d.range));
    let mut actions = Vec::new();
    for (finding, diagnostic) in &touching {
        // A fix that also edits other files (an event renamed project-wide) is applied by
        // `ciolint check --fix`, whole or not at all; the editor gets one-file fixes.
        if let Some(fix) = finding
            .fix
            .as_ref()
            .filter(|f| in_one_file(f, &finding.path))
            && wanted(only, &CodeActionKind::QUICKFIX)
        {
            actions.push(CodeAction {
                title: format!("{} ({})", fix.description, finding.rule),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![(*diagnostic).clone()]),
                edit: Some(edit(
                    uri,
                    fix.edits
                        .iter()
                        .map(|e| TextEdit {
                            range: range_of(&e.span, &index),
                            new_text: e.content.clone(),
                        })
                        .collect(),
                )),
                is_preferred: Some(true),
                ..CodeAction::default()
            });
        }
    }
    let mut ignored: Vec<(&str, u32)> = Vec::new();
    for (finding, diagnostic) in &touching {
        let line = diagnostic.range.start.line;
        if finding.rule != crate::suppress::META.id
            && !ignored.contains(&(finding.rule, line))
            && wanted(only, &CodeActionKind::QUICKFIX)
            && let Some(comment) = suppression_comment(path, finding.rule)
        {
            ignored.push((finding.rule, line));
            let at = Position::new(line, 0);
            actions.push(CodeAction {
                title: format!("Ignore `{}` on this line (ciolint-ignore)", finding.rule),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![(*diagnostic).clone()]),
                edit: Some(edit(
                    uri,
                    vec![TextEdit {
                        range: Range::new(at, at),
                        new_text: format!("{}{comment}\n", index.indent_of(line)),
                    }],
                )),
                ..CodeAction::default()
            });
        }
    }
    let fix_all = CodeActionKind::from(FIX_ALL_KIND);
    if wanted(only, &fix_all)
        && let Some(edits) = fix_all_edits(&file.findings, &index)
    {
        actions.push(CodeAction {
            title: format!(
                "Fix all auto-fixable ciolint problems in this file ({})",
                edits.len()
            ),
            kind: Some(fix_all),
            edit: Some(edit(uri, edits)),
            ..CodeAction::default()
        });
    }
    actions
}

/// Every safe fix of a file as one edit, in file order; a fix overlapping an earlier one is
/// left for the next round (the diagnostics come back after the edit).
fn fix_all_edits(findings: &[Finding], index: &LineIndex) -> Option<Vec<TextEdit>> {
    let mut fixes: Vec<&Fix> = findings
        .iter()
        .filter_map(|f| f.fix.as_ref().filter(|x| in_one_file(x, &f.path)))
        .filter(|f| f.applicability == Applicability::Safe)
        .collect();
    fixes.sort_by_key(|f| {
        let first = &f.edits[0];
        (first.span.start, first.span.end, first.content.clone())
    });
    let mut end = 0usize;
    let mut edits = Vec::new();
    for fix in fixes {
        let mut spans: Vec<_> = fix.edits.iter().map(|e| e.span).collect();
        spans.sort_by_key(|s| s.start);
        if !edits.is_empty() && spans[0].start < end {
            continue;
        }
        end = spans.iter().map(|s| s.end).max().unwrap_or(end);
        edits.extend(fix.edits.iter().map(|e| TextEdit {
            range: range_of(&e.span, index),
            new_text: e.content.clone(),
        }));
    }
    (!edits.is_empty()).then_some(edits)
}

/// Every edit of the fix is in `path`, and there is at least one.
fn in_one_file(fix: &Fix, path: &str) -> bool {
    !fix.edits.is_empty() && fix.edits.iter().all(|e| e.path == path)
}

/// A `ciolint-ignore` comment in the file's comment syntax (see `suppress`), on its own line.
pub(crate) fn suppression_comment(path: &Path, rule: &str) -> Option<String> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    let body = format!("ciolint-ignore: {rule} -- {REASON_PLACEHOLDER}");
    let hash = || Some(format!("# {body}"));
    if name == ".env" || name.starts_with(".env.") || name == "gemfile" || name == "rakefile" {
        return hash();
    }
    match ext {
        "js" | "jsx" | "mjs" | "cjs" | "ts" | "tsx" | "mts" | "cts" | "go" => {
            Some(format!("// {body}"))
        }
        "py" | "rb" | "rake" | "ru" | "yml" | "yaml" | "toml" | "env" => hash(),
        "html" | "htm" | "mjml" | "hbs" | "handlebars" | "md" | "markdown" | "erb" => {
            Some(format!("<!-- {body} -->"))
        }
        "liquid" => Some(format!("{{% comment %}} {body} {{% endcomment %}}")),
        // JSON has no comments.
        _ => None,
    }
}

/// The hover over a finding: its message and the rule's explanation (what `ciolint explain`
/// prints), for every finding at the position.
pub(crate) fn hover(file: &FileResult, position: Position) -> Option<Hover> {
    let mut under: Vec<(&Finding, &Diagnostic)> = file
        .findings
        .iter()
        .zip(&file.diagnostics)
        .filter(|(_, d)| d.range.start <= position && position <= d.range.end)
        .collect();
    under.sort_by_key(|(_, d)| innermost_first(&d.range));
    let range = under.first().map(|(_, d)| d.range);
    let mut sections = Vec::new();
    let mut shown: Vec<&str> = Vec::new();
    for (finding, _) in under {
        let mut section = format!(
            "**{}** ({}): {}",
            finding.rule,
            finding.severity.as_str(),
            finding.message
        );
        if !shown.contains(&finding.rule)
            && let Some(rule) = crate::rules::find(finding.rule)
        {
            shown.push(finding.rule);
            section.push_str("\n\n");
            section.push_str(&explain_markdown(rule.meta));
        }
        sections.push(section);
    }
    if sections.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: sections.join("\n\n---\n\n"),
        }),
        range,
    })
}

/// `ciolint explain RULE` as Markdown: the same fields, with the examples as code blocks.
pub(crate) fn explain_markdown(meta: &RuleMeta) -> String {
    format!(
        "{summary}\n\n{why}\n\nWrong:\n```\n{wrong}\n```\nRight:\n```\n{right}\n```\nSource: {source} · `ciolint explain {id}`",
        summary = meta.summary,
        why = meta.why,
        wrong = meta.wrong.trim_end(),
        right = meta.right.trim_end(),
        source = meta.source,
        id = meta.id,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suppression_comments_parse_back_as_suppressions() {
        for (file, expect) in [
            ("a.ts", Some("//")),
            ("a.py", Some("#")),
            ("Gemfile", Some("#")),
            ("a.html", Some("<!--")),
            ("a.liquid", Some("{% comment %}")),
            ("a.json", None),
        ] {
            let comment = suppression_comment(Path::new(file), "millisecond-timestamp");
            assert_eq!(
                comment.as_deref().map(|c| c.split(' ').next().unwrap()),
                expect.map(|e| e.split(' ').next().unwrap()),
                "{file}"
            );
            if let Some(comment) = comment {
                let parsed = crate::suppress::parse(comment.as_bytes());
                assert_eq!(parsed.len(), 1, "{comment}");
                assert_eq!(parsed[0].rules, ["millisecond-timestamp"]);
                assert_eq!(parsed[0].reason.as_deref(), Some(REASON_PLACEHOLDER));
            }
        }
    }
}
