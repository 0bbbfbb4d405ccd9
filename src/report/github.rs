//! `--format github`: GitHub Actions workflow commands, shown as annotations on the diff.

use crate::Report;
use crate::rules::Severity;

/// Workflow-command data escaping (`%`, CR, LF).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Property values also escape `:` and `,`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(&f.path),
            f.span.line,
            f.span.column,
            f.span.end_line.max(f.span.line),
            f.span.end_column,
            escape_property(&format!("ciolint {}", f.rule)),
            escape_data(&f.message),
        ));
    }
    let (e, w, i) = super::counts(report);
    out.push_str(&format!(
        "ciolint: {} finding(s): {e} error(s), {w} warning(s), {i} info; audit score {}/100\n",
        report.findings.len(),
        report.score
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape_data("50% a\nb"), "50%25 a%0Ab");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
