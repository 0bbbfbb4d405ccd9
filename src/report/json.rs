//! `--format json`: one document on stdout with stable field names.

use crate::Report;
use serde::Serialize;

#[derive(Serialize)]
struct JsonReport<'a> {
    tool: &'static str,
    version: &'static str,
    findings: Vec<JsonFinding<'a>>,
    notes: &'a [crate::Note],
    summary: Summary,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: &'a str,
    path: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    message: &'a str,
    fix: Option<JsonFix<'a>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    related: &'a [crate::rules::Related],
}

/// A fix as tools read it: `applicability` says whether `--fix` applies it alone (`safe`) or
/// only with `--unsafe-fixes` (`unsafe`); `edits` are applied together or not at all.
#[derive(Serialize)]
struct JsonFix<'a> {
    description: &'a str,
    applicability: &'static str,
    replacement: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    path: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    content: &'a str,
}

fn json_fix(fix: &crate::rules::Fix) -> JsonFix<'_> {
    JsonFix {
        description: &fix.description,
        applicability: fix.applicability.as_str(),
        replacement: fix.replacement(),
        edits: fix
            .edits
            .iter()
            .map(|e| JsonEdit {
                path: &e.path,
                line: e.span.line,
                column: e.span.column,
                end_line: e.span.end_line,
                end_column: e.span.end_column,
                content: &e.content,
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct Summary {
    files_scanned: usize,
    files_with_customerio: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    score: u32,
}

pub fn render(report: &Report) -> String {
    let (errors, warnings, infos) = super::counts(report);
    let doc = JsonReport {
        tool: "ciolint",
        version: env!("CARGO_PKG_VERSION"),
        findings: report
            .findings
            .iter()
            .map(|f| JsonFinding {
                rule: f.rule,
                severity: f.severity.as_str(),
                path: &f.path,
                line: f.span.line,
                column: f.span.column,
                end_line: f.span.end_line,
                end_column: f.span.end_column,
                message: &f.message,
                fix: f.fix.as_ref().map(json_fix),
                related: &f.related,
            })
            .collect(),
        notes: &report.notes,
        summary: Summary {
            files_scanned: report.files_scanned,
            files_with_customerio: report.files_with_customerio,
            errors,
            warnings,
            infos,
            score: report.score,
        },
    };
    let mut s = serde_json::to_string_pretty(&doc).expect("report serialises");
    s.push('\n');
    s
}
