//! Human output: each finding with a code frame, then notes and a summary with the score.

use crate::Report;
use crate::rules::{Finding, Severity};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::collections::HashMap;

pub struct TextOptions {
    pub color: bool,
    pub quiet: bool,
}

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

/// Read each file with findings once; a file that vanished renders without a frame.
fn load_sources(report: &Report) -> HashMap<String, Option<String>> {
    let mut sources = HashMap::new();
    for f in &report.findings {
        sources.entry(f.path.clone()).or_insert_with(|| {
            let secrets = report
                .secrets
                .get(&f.path)
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            std::fs::read(&f.path)
                .ok()
                .map(|b| crate::mask_secrets(&String::from_utf8_lossy(&b), secrets))
        });
    }
    sources
}

fn render_finding(f: &Finding, source: Option<&str>, renderer: &Renderer) -> String {
    let title = level(f.severity)
        .primary_title(f.message.as_str())
        .id(f.rule);
    let mut group = match source {
        Some(src)
            if f.span.end <= src.len()
                && src.is_char_boundary(f.span.start)
                && src.is_char_boundary(f.span.end) =>
        {
            let mut snippet = Snippet::source(src)
                .path(f.path.as_str())
                .annotation(AnnotationKind::Primary.span(f.span.start..f.span.end));
            for r in &f.related {
                if r.path == f.path
                    && r.span.end <= src.len()
                    && src.is_char_boundary(r.span.start)
                    && src.is_char_boundary(r.span.end)
                {
                    snippet = snippet.annotation(
                        AnnotationKind::Context
                            .span(r.span.start..r.span.end)
                            .label(r.message.as_str()),
                    );
                }
            }
            title.element(snippet)
        }
        _ => Group::with_title(title).element(
            Level::NOTE.message(format!("at {}:{}:{}", f.path, f.span.line, f.span.column)),
        ),
    };
    for r in &f.related {
        if r.path != f.path {
            group = group.element(
                Level::NOTE.message(format!("{}: {}:{}:{}", r.message, r.path, r.line, r.column)),
            );
        }
    }
    if let Some(fix) = &f.fix {
        let applicability = match fix.applicability {
            crate::rules::Applicability::Safe => "fix",
            crate::rules::Applicability::Unsafe => "unsafe fix",
        };
        let replacement = fix.replacement();
        let shown = if replacement.is_empty() {
            String::new()
        } else {
            format!(" → `{}`", replacement.trim_end())
        };
        let elsewhere = fix.edits.len().saturating_sub(1);
        let more = match elsewhere {
            0 => String::new(),
            1 => " (and 1 more edit)".to_string(),
            n => format!(" (and {n} more edits)"),
        };
        group = group.element(
            Level::HELP.message(format!("{applicability}: {}{shown}{more}", fix.description)),
        );
    }
    renderer.render(&[group])
}

pub fn render(report: &Report, opts: &TextOptions) -> String {
    let renderer = if opts.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    if !opts.quiet {
        let sources = load_sources(report);
        for f in &report.findings {
            let src = sources.get(&f.path).and_then(|s| s.as_deref());
            out.push_str(&render_finding(f, src, &renderer));
            out.push_str("\n\n");
        }
        for n in &report.notes {
            if n.path.is_empty() {
                out.push_str(&format!("note: {}\n", n.message));
            } else {
                out.push_str(&format!("note: {}: {}\n", n.path, n.message));
            }
        }
        if !report.notes.is_empty() {
            out.push('\n');
        }
    } else {
        for f in &report.findings {
            out.push_str(&format!(
                "{}:{}:{}: {}[{}] {}\n",
                f.path,
                f.span.line,
                f.span.column,
                f.severity.as_str(),
                f.rule,
                f.message
            ));
        }
    }
    let (errors, warnings, infos) = super::counts(report);
    let plural = |n: usize, w: &str| {
        if n == 1 {
            format!("{n} {w}")
        } else {
            format!("{n} {w}s")
        }
    };
    if report.findings.is_empty() {
        out.push_str(&format!(
            "No Customer.io issues found in {} ({} with Customer.io). Audit score: {}/100\n",
            plural(report.files_scanned, "file"),
            report.files_with_customerio,
            report.score
        ));
    } else {
        out.push_str(&format!(
            "Found {} ({}, {}, {}) in {} ({} with Customer.io). Audit score: {}/100\n",
            plural(report.findings.len(), "issue"),
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(infos, "info"),
            plural(report.files_scanned, "file"),
            report.files_with_customerio,
            report.score
        ));
    }
    out
}
