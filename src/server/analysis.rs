//! One whole-project check for the editor: every workspace root is checked with the open
//! buffers overlaid on the disk, and the findings become diagnostics per file.

use super::convert::{Encoding, LineIndex, path_to_uri};
use crate::facts::Span;
use crate::rules::{Finding, Severity};
use crate::{Config, Options, Overlays};
use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag,
    Location, NumberOrString, Range, Uri,
};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// An open buffer as it was when a check started.
#[derive(Debug, Clone)]
pub(crate) struct Buffer {
    pub path: PathBuf,
    pub text: String,
    pub version: i32,
}

/// What one check needs: where to look and what the editor holds.
pub(crate) struct Request {
    pub roots: Vec<PathBuf>,
    pub buffers: Vec<Buffer>,
    pub encoding: Encoding,
}

/// One file's findings with the diagnostics made of them (same order), and the text and
/// buffer version their positions refer to.
#[derive(Debug, Clone, Default)]
pub(crate) struct FileResult {
    pub findings: Vec<Finding>,
    pub diagnostics: Vec<Diagnostic>,
    pub text: String,
    /// The buffer version checked, when the file was open.
    pub version: Option<i32>,
}

/// The result of one check.
#[derive(Debug, Default)]
pub(crate) struct Analysis {
    pub files: BTreeMap<PathBuf, FileResult>,
    /// Problems with the run itself (a broken `ciolint.toml`), for the user to see once.
    pub errors: Vec<String>,
    pub files_scanned: usize,
}

/// The paths to check: the workspace roots (nested ones dropped, they are checked with their
/// parent), then open files outside every root, each checked with its own project.
pub(crate) fn check_paths(roots: &[PathBuf], buffers: &[Buffer]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    let mut sorted: Vec<&PathBuf> = roots.iter().collect();
    sorted.sort_by_key(|r| r.components().count());
    for root in sorted {
        if !out.iter().any(|o| root.starts_with(o)) {
            out.push(root.clone());
        }
    }
    for b in buffers {
        if out.iter().any(|o| b.path.starts_with(o)) {
            continue;
        }
        let own = project_of(&b.path);
        if !out.iter().any(|o| own.starts_with(o)) {
            out.retain(|o| !o.starts_with(&own));
            out.push(own);
        }
    }
    out
}

/// Where a file outside the workspace belongs: the nearest directory above it with a
/// `ciolint.toml` or a `.git`, or else the file alone (never a whole home directory).
fn project_of(file: &Path) -> PathBuf {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d.join("ciolint.toml").is_file() || d.join(".git").exists() {
            return d.to_path_buf();
        }
        dir = d.parent();
    }
    file.to_path_buf()
}

/// Run the check and turn its findings into diagnostics.
pub(crate) fn analyse(request: &Request) -> Analysis {
    let cwd = std::env::current_dir().unwrap_or_default();
    let overlays = Overlays::new(
        request
            .buffers
            .iter()
            .map(|b| (b.path.clone(), b.text.as_bytes().to_vec())),
    );
    let mut analysis = Analysis::default();
    let mut findings: BTreeMap<PathBuf, Vec<Finding>> = BTreeMap::new();
    for path in check_paths(&request.roots, &request.buffers) {
        let mut config_error = None;
        let config = Config::discover(&path).unwrap_or_else(|err| {
            config_error = Some(format!("{err:#}"));
            Config::default()
        });
        let options = Options {
            config,
            ..Options::default()
        };
        let report =
            crate::check_with_overlays(std::slice::from_ref(&path), &options, overlays.clone());
        // A broken config inside the root is reported by the check too, named relative to
        // the current directory: show the problem once.
        let problem = |e: &str| e.split_once(": ").map_or(e, |(_, p)| p).to_string();
        let known = config_error.as_deref().map(problem);
        analysis.errors.extend(
            report
                .errors
                .into_iter()
                .filter(|e| known.as_deref() != Some(problem(e).as_str())),
        );
        if let Some(error) = config_error {
            analysis.errors.push(format!(
                "{error}; checking with the default settings until it is fixed"
            ));
        }
        analysis.files_scanned += report.files_scanned;
        for finding in report.findings {
            findings
                .entry(absolute(&cwd, &finding.path))
                .or_default()
                .push(finding);
        }
    }
    let buffers: HashMap<&Path, &Buffer> = request
        .buffers
        .iter()
        .map(|b| (b.path.as_path(), b))
        .collect();
    let mut texts = Texts {
        buffers: &buffers,
        read: HashMap::new(),
    };
    for (path, list) in findings {
        let text = texts.get(&path);
        let index = LineIndex::new(&text, request.encoding);
        let diagnostics = list
            .iter()
            .map(|f| diagnostic(f, &index, &cwd, &mut texts, request.encoding))
            .collect();
        let version = buffers.get(path.as_path()).map(|b| b.version);
        analysis.files.insert(
            path,
            FileResult {
                findings: list,
                diagnostics,
                text,
                version,
            },
        );
    }
    analysis
}

fn absolute(cwd: &Path, shown: &str) -> PathBuf {
    let path = Path::new(shown);
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    }
}

/// File texts positions are computed in: the buffer when open, else the file on disk.
struct Texts<'a> {
    buffers: &'a HashMap<&'a Path, &'a Buffer>,
    read: HashMap<PathBuf, String>,
}

impl Texts<'_> {
    fn get(&mut self, path: &Path) -> String {
        if let Some(b) = self.buffers.get(path) {
            return b.text.clone();
        }
        self.read
            .entry(path.to_path_buf())
            .or_insert_with(|| {
                std::fs::read(path)
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
                    .unwrap_or_default()
            })
            .clone()
    }
}

/// The protocol range of a span: from its byte offsets when they agree with its line, else
/// from its line and (character) column.
pub(crate) fn range_of(span: &Span, index: &LineIndex) -> Range {
    let offsets_agree =
        span.line > 0 && index.position(span.start).line + 1 == span.line && span.end >= span.start;
    if offsets_agree {
        return index.range(span.start, span.end);
    }
    let start = index.offset_of_char(span.line.saturating_sub(1), span.column.saturating_sub(1));
    let end = index.offset_of_char(
        span.end_line.max(span.line).saturating_sub(1),
        span.end_column.saturating_sub(1),
    );
    index.range(start, end)
}

fn diagnostic(
    finding: &Finding,
    index: &LineIndex,
    cwd: &Path,
    texts: &mut Texts,
    encoding: Encoding,
) -> Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = finding
        .related
        .iter()
        .filter_map(|r| {
            let path = absolute(cwd, &r.path);
            let text = texts.get(&path);
            let range = range_of(&r.span, &LineIndex::new(&text, encoding));
            Some(DiagnosticRelatedInformation {
                location: Location {
                    uri: path_to_uri(&path)?,
                    range,
                },
                message: r.message.clone(),
            })
        })
        .collect();
    let is_unused_suppression = finding.rule == crate::suppress::META.id;
    Diagnostic {
        range: range_of(&finding.span, index),
        severity: Some(match finding.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(finding.rule.to_string())),
        code_description: Uri::from_str(&format!(
            "{}{}.md",
            crate::report::sarif::DOCS_BASE,
            finding.rule
        ))
        .ok()
        .map(|href| CodeDescription { href }),
        source: Some("ciolint".to_string()),
        message: finding.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        // Editors grey out a comment that suppresses nothing, as they do unused code.
        tags: (is_unused_suppression && finding.message.contains("suppresses nothing"))
            .then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_roots_are_checked_once_and_outside_files_alone() {
        let roots = vec![PathBuf::from("/w/app/sub"), PathBuf::from("/w/app")];
        let stray = Buffer {
            path: PathBuf::from("/nowhere-ciolint-test/x.py"),
            text: String::new(),
            version: 1,
        };
        let inside = Buffer {
            path: PathBuf::from("/w/app/sub/y.py"),
            ..stray.clone()
        };
        assert_eq!(
            check_paths(&roots, &[stray, inside]),
            vec![
                PathBuf::from("/w/app"),
                PathBuf::from("/nowhere-ciolint-test/x.py")
            ]
        );
    }
}
