//! `check --fix`, `--unsafe-fixes` and `--diff`: apply the fixes findings carry, to a
//! fixpoint, without ever writing a file that changed since it was checked or a fix that
//! breaks the file's syntax.
//!
//! One iteration checks the paths, picks the fixes to apply (safe ones, and unsafe ones when
//! asked), drops those that overlap an earlier one (they get their turn in the next
//! iteration), applies them in memory, re-parses every changed file and drops the fixes of a
//! file whose tree gained an ERROR or MISSING node, then writes each file atomically. Checking
//! again finds what the fixes revealed; this repeats until nothing changes.

use crate::rules::{Applicability, Edit, Finding, Fix};
use crate::{Options, Report};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A fix may reveal another; ten rounds is far more than any real chain needs, and the bound
/// keeps two fixes that undo each other from looping forever.
const MAX_ITERATIONS: usize = 10;

/// What `--fix` may do.
#[derive(Debug, Clone, Copy)]
pub struct FixOptions {
    /// Apply unsafe fixes too (`--unsafe-fixes`).
    pub unsafe_fixes: bool,
    /// Write the fixed files (`--fix`); `false` computes them only (`--diff`).
    pub write: bool,
}

/// One file as it was before the run and as the fixes left it.
#[derive(Debug, Clone)]
pub struct FileChange {
    pub path: String,
    pub original: String,
    pub fixed: String,
}

/// What `--fix` or `--diff` did (the findings left are in the [`Report`] beside it).
#[derive(Debug, Default)]
pub struct FixOutcome {
    /// How many findings the applied fixes resolved, by rule.
    pub fixed: BTreeMap<&'static str, usize>,
    /// Every file the fixes changed.
    pub changes: Vec<FileChange>,
    /// Fixes that were not applied, and why (a file changed on disk, a fix that would have
    /// broken the syntax).
    pub skipped: Vec<crate::Note>,
}

impl FixOutcome {
    pub fn fixed_count(&self) -> usize {
        self.fixed.values().sum()
    }
}

/// Check `paths`, apply fixes and check again until nothing more can be fixed. The report is
/// the last check: the findings left (for `--diff`, those that would be left).
pub fn run(paths: &[PathBuf], options: &Options, fix: FixOptions) -> (Report, FixOutcome) {
    let mut options = options.clone();
    let mut overlay: HashMap<String, Vec<u8>> = HashMap::new();
    let mut originals: BTreeMap<String, String> = BTreeMap::new();
    let mut latest: BTreeMap<String, String> = BTreeMap::new();
    let mut fixed: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut skipped = Vec::new();
    let mut frozen: BTreeSet<String> = BTreeSet::new();
    let mut report = crate::check(paths, &options);
    for _ in 0..MAX_ITERATIONS {
        let sources: BTreeMap<String, Arc<str>> = report
            .fix_sources
            .iter()
            .map(|(path, source)| (path.clone(), source.text()))
            .collect();
        let round = apply_fixes(
            &report.findings,
            &sources,
            fix.unsafe_fixes,
            &frozen,
            fix.write,
        );
        for note in round.skipped {
            frozen.insert(note.path.clone());
            skipped.push(note);
        }
        if round.written.is_empty() {
            break;
        }
        for (rule, n) in round.fixed {
            *fixed.entry(rule).or_default() += n;
        }
        for change in round.written {
            originals
                .entry(change.path.clone())
                .or_insert(change.original);
            if !fix.write {
                overlay.insert(change.path.clone(), change.fixed.clone().into_bytes());
            }
            latest.insert(change.path, change.fixed);
        }
        if !fix.write {
            options.walk.overlays = crate::walk::Overlays::new(
                overlay
                    .iter()
                    .map(|(path, bytes)| (std::path::PathBuf::from(path), bytes.clone())),
            );
        }
        report = crate::check(paths, &options);
    }
    let changes = originals
        .into_iter()
        .filter_map(|(path, original)| {
            let fixed = latest.remove(&path)?;
            (fixed != original).then_some(FileChange {
                path,
                original,
                fixed,
            })
        })
        .collect();
    skipped.sort();
    skipped.dedup();
    (
        report,
        FixOutcome {
            fixed,
            changes,
            skipped,
        },
    )
}

/// What one round of fixing did.
#[derive(Debug, Default)]
pub(crate) struct Round {
    /// Findings resolved, by rule.
    pub fixed: BTreeMap<&'static str, usize>,
    /// Files changed (written, or computed only).
    pub written: Vec<FileChange>,
    /// Files left alone, and why.
    pub skipped: Vec<crate::Note>,
}

/// Whether `--fix` (with or without `--unsafe-fixes`) applies this fix.
pub fn is_applicable(fix: &Fix, unsafe_fixes: bool) -> bool {
    fix.applicability == Applicability::Safe || unsafe_fixes
}

fn overlaps(a: &Edit, b: &Edit) -> bool {
    a.path == b.path
        && if a.span.start == a.span.end || b.span.start == b.span.end {
            // Two insertions at one point have no natural order; an insertion inside a
            // replaced range would be swallowed by it.
            (a.span.start == b.span.start && a.span.end == b.span.end)
                || (a.span.start > b.span.start && a.span.start < b.span.end)
                || (b.span.start > a.span.start && b.span.start < a.span.end)
        } else {
            a.span.start < b.span.end && b.span.start < a.span.end
        }
}

/// An edit that points inside its file's text, at character boundaries.
fn fits(edit: &Edit, sources: &BTreeMap<String, Arc<str>>) -> bool {
    sources.get(&edit.path).is_some_and(|text| {
        edit.span.start <= edit.span.end
            && edit.span.end <= text.len()
            && text.is_char_boundary(edit.span.start)
            && text.is_char_boundary(edit.span.end)
    })
}

/// The fixes to apply this round, in the order findings are reported (path, position): a fix
/// that overlaps one chosen before it waits for the next round; one whose edits were all
/// chosen already (the same event renamed from another of its call sites) is resolved too.
fn choose<'a>(
    findings: &'a [Finding],
    sources: &BTreeMap<String, Arc<str>>,
    unsafe_fixes: bool,
    excluded: &BTreeSet<String>,
) -> (Vec<&'a Edit>, Vec<&'a Finding>) {
    let mut edits: Vec<&Edit> = Vec::new();
    let mut resolved = Vec::new();
    for f in findings {
        let Some(fix) = &f.fix else { continue };
        if !is_applicable(fix, unsafe_fixes)
            || fix.edits.is_empty()
            || fix
                .edits
                .iter()
                .any(|e| excluded.contains(&e.path) || !fits(e, sources))
        {
            continue;
        }
        let new: Vec<&Edit> = fix.edits.iter().filter(|e| !edits.contains(e)).collect();
        let clash = new.iter().enumerate().any(|(i, e)| {
            edits.iter().any(|c| overlaps(e, c)) || new[..i].iter().any(|c| overlaps(e, c))
        });
        if clash {
            continue;
        }
        edits.extend(new);
        resolved.push(f);
    }
    (edits, resolved)
}

/// A text with edits applied (edits of this file only, not overlapping).
fn apply_edits(text: &str, edits: &[&Edit]) -> String {
    let mut sorted: Vec<&&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in sorted {
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.content);
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Whether the fixed text parses at least as cleanly as the original: no ERROR or MISSING
/// node the original did not have. Files without a grammar (templates, configuration) pass.
fn parses_as_well(path: &str, original: &str, fixed: &str) -> bool {
    let Some(grammar) = crate::lang::grammar_of(Path::new(path), original.as_bytes()) else {
        return true;
    };
    let before = crate::lang::syntax_error_count(grammar, original.as_bytes());
    let after = crate::lang::syntax_error_count(grammar, fixed.as_bytes());
    match (before, after) {
        (Some(b), Some(a)) => a <= b,
        _ => false,
    }
}

/// How many ERROR and MISSING nodes a source file's syntax tree has (`None` for files
/// ciolint does not parse, or a parse that ran out of time): what the fix tests check.
pub fn syntax_errors(path: &str, text: &str) -> Option<usize> {
    let grammar = crate::lang::grammar_of(Path::new(path), text.as_bytes())?;
    crate::lang::syntax_error_count(grammar, text.as_bytes())
}

pub(crate) fn content_hash(bytes: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// One round: choose the fixes, apply them in memory, drop every fix of a file whose syntax
/// they break or that changed on disk since it was checked (and choose again without them,
/// so a fix spanning files is applied whole or not at all), then write.
pub(crate) fn apply_fixes(
    findings: &[Finding],
    sources: &BTreeMap<String, Arc<str>>,
    unsafe_fixes: bool,
    frozen: &BTreeSet<String>,
    write: bool,
) -> Round {
    let mut round = Round::default();
    let mut excluded = frozen.clone();
    let (files, resolved) = loop {
        let (edits, resolved) = choose(findings, sources, unsafe_fixes, &excluded);
        let mut by_file: BTreeMap<&str, Vec<&Edit>> = BTreeMap::new();
        for e in edits {
            by_file.entry(e.path.as_str()).or_default().push(e);
        }
        let mut files = Vec::new();
        let mut rejected = false;
        for (path, edits) in by_file {
            let original = &sources[path];
            let fixed = apply_edits(original, &edits);
            if fixed == **original {
                continue;
            }
            let problem = if !parses_as_well(path, original, &fixed) {
                Some("a fix would have broken the syntax of this file, so it was left as it was (please report this)".to_string())
            } else if write && !unchanged_on_disk(path, original) {
                Some("the file changed after it was checked, so no fix was written to it; run ciolint again".to_string())
            } else {
                None
            };
            if let Some(message) = problem {
                round.skipped.push(crate::Note {
                    path: path.to_string(),
                    message,
                });
                excluded.insert(path.to_string());
                rejected = true;
                continue;
            }
            files.push(FileChange {
                path: path.to_string(),
                original: original.to_string(),
                fixed,
            });
        }
        if !rejected {
            break (files, resolved);
        }
    };
    for change in files {
        if write && let Err(err) = write_atomically(Path::new(&change.path), &change.fixed) {
            round.skipped.push(crate::Note {
                path: change.path.clone(),
                message: format!("could not write the fixes: {err}"),
            });
            continue;
        }
        round.written.push(change);
    }
    let written: BTreeSet<&str> = round.written.iter().map(|c| c.path.as_str()).collect();
    for f in resolved {
        let edits = f.fix.iter().flat_map(|x| &x.edits);
        if edits.clone().all(|e| written.contains(e.path.as_str())) {
            *round.fixed.entry(f.rule).or_default() += 1;
        }
    }
    round
}

fn unchanged_on_disk(path: &str, checked: &str) -> bool {
    std::fs::read(path).is_ok_and(|now| content_hash(&now) == content_hash(checked.as_bytes()))
}

/// Write through a temporary file in the same directory, renamed over the original, so a
/// reader never sees half a file; the original's permissions are kept, and a symbolic link
/// stays a link to the fixed file.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let target = std::fs::canonicalize(path)?;
    let dir = target.parent().unwrap_or(Path::new("."));
    let permissions = std::fs::metadata(&target)?.permissions();
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    tmp.as_file().set_permissions(permissions)?;
    tmp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

/// A unified diff of every change, `a/` and `b/` prefixed like git's (applies with `patch -p1`).
pub fn unified_diff(changes: &[FileChange]) -> String {
    let mut out = String::new();
    for c in changes {
        let diff = similar::TextDiff::from_lines(&c.original, &c.fixed);
        out.push_str(
            &diff
                .unified_diff()
                .context_radius(3)
                .header(&format!("a/{}", c.path), &format!("b/{}", c.path))
                .to_string(),
        );
    }
    out
}

/// How many findings a fix would resolve: (by `--fix`, more by `--unsafe-fixes`).
pub fn fixable_counts(findings: &[Finding]) -> (usize, usize) {
    let safe = findings
        .iter()
        .filter(|f| f.fix.as_ref().is_some_and(|x| is_applicable(x, false)))
        .count();
    let unsafe_only = findings
        .iter()
        .filter(|f| {
            f.fix
                .as_ref()
                .is_some_and(|x| x.applicability == Applicability::Unsafe)
        })
        .count();
    (safe, unsafe_only)
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn hidden_fixes(n: usize) -> String {
    if n == 1 {
        "1 hidden fix".to_string()
    } else {
        format!("{n} hidden fixes")
    }
}

/// The line after a plain check, as Ruff prints it: what `--fix` would fix.
pub fn check_summary(findings: &[Finding], unsafe_fixes: bool) -> Option<String> {
    let (safe, unsafe_only) = fixable_counts(findings);
    let (fixable, hidden) = if unsafe_fixes {
        (safe + unsafe_only, 0)
    } else {
        (safe, unsafe_only)
    };
    let option = if unsafe_fixes {
        "`--fix --unsafe-fixes`"
    } else {
        "the `--fix` option"
    };
    match (fixable, hidden) {
        (0, 0) => None,
        (0, h) => Some(format!(
            "No fixes available ({} can be enabled with the `--unsafe-fixes` option).\n",
            hidden_fixes(h)
        )),
        (n, 0) => Some(format!("[*] {n} fixable with {option}.\n")),
        (n, h) => Some(format!(
            "[*] {n} fixable with {option} ({} can be enabled with the `--unsafe-fixes` option).\n",
            hidden_fixes(h)
        )),
    }
}

/// The summary after `--fix`: how many findings were fixed, how many remain, and how many
/// more `--unsafe-fixes` would fix.
pub fn fix_summary(report: &Report, run: &FixOutcome, unsafe_fixes: bool) -> String {
    let fixed = run.fixed_count();
    let remaining = report.findings.len();
    let mut out = format!(
        "Found {} ({fixed} fixed, {remaining} remaining).\n",
        plural(fixed + remaining, "issue")
    );
    let (_, hidden) = fixable_counts(&report.findings);
    if !unsafe_fixes && hidden > 0 {
        out.push_str(&format!(
            "{} can be enabled with the `--unsafe-fixes` option.\n",
            hidden_fixes(hidden)
        ));
    }
    out
}

/// The summary after `--diff`: what `--fix` would do.
pub fn diff_summary(report: &Report, run: &FixOutcome, unsafe_fixes: bool) -> String {
    let fixed = run.fixed_count();
    let mut out = if fixed == 0 {
        "No fixes available.\n".to_string()
    } else {
        format!(
            "Would fix {} in {}.\n",
            plural(fixed, "issue"),
            plural(run.changes.len(), "file")
        )
    };
    let (_, hidden) = fixable_counts(&report.findings);
    if !unsafe_fixes && hidden > 0 {
        out.push_str(&format!(
            "{} can be enabled with the `--unsafe-fixes` option.\n",
            hidden_fixes(hidden)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Span;
    use crate::rules::Severity;

    fn span(start: usize, end: usize) -> Span {
        Span {
            start,
            end,
            line: 1,
            column: start as u32 + 1,
            end_line: 1,
            end_column: end as u32 + 1,
        }
    }

    fn finding(path: &str, start: usize, end: usize, content: &str) -> Finding {
        Finding {
            rule: "millisecond-timestamp",
            severity: Severity::Error,
            path: path.to_string(),
            span: span(start, end),
            message: String::new(),
            fix: Some(Fix::replace(
                Applicability::Safe,
                "test",
                path,
                span(start, end),
                content,
            )),
            related: Vec::new(),
        }
    }

    fn sources(path: &str, text: &str) -> BTreeMap<String, Arc<str>> {
        BTreeMap::from([(path.to_string(), Arc::from(text))])
    }

    #[test]
    fn writes_the_fix_and_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.js");
        let text = "track({ created_at: Date.now() });\n";
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let p = path.to_string_lossy().into_owned();
        let f = finding(&p, 20, 30, "Math.floor(Date.now() / 1000)");
        let round = apply_fixes(&[f], &sources(&p, text), false, &BTreeSet::new(), true);
        assert!(round.skipped.is_empty(), "{:?}", round.skipped);
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "track({ created_at: Math.floor(Date.now() / 1000) });\n"
        );
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        assert_eq!(round.fixed["millisecond-timestamp"], 1);
    }

    #[test]
    fn a_file_changed_since_it_was_checked_is_not_touched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.js");
        let checked = "track({ created_at: Date.now() });\n";
        let p = path.to_string_lossy().into_owned();
        let f = finding(&p, 20, 30, "Math.floor(Date.now() / 1000)");
        // Someone edits the file between the check and the write.
        let edited = "track({ created_at: Date.now() }); // edited\n";
        std::fs::write(&path, edited).unwrap();
        let round = apply_fixes(&[f], &sources(&p, checked), false, &BTreeSet::new(), true);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);
        assert!(round.written.is_empty());
        assert!(round.fixed.is_empty());
        assert!(
            round.skipped[0]
                .message
                .contains("changed after it was checked")
        );
    }

    #[test]
    fn a_fix_that_breaks_the_syntax_is_rolled_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.js");
        let text = "track({ created_at: Date.now() });\n";
        std::fs::write(&path, text).unwrap();
        let p = path.to_string_lossy().into_owned();
        let good = finding(&p, 0, 5, "send");
        let bad = finding(&p, 20, 30, "Math.floor(Date.now() / ");
        let round = apply_fixes(
            &[good, bad],
            &sources(&p, text),
            false,
            &BTreeSet::new(),
            true,
        );
        // The whole file is left alone: a fix is never half-applied to a file.
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
        assert!(round.skipped[0].message.contains("broken the syntax"));
        assert!(round.fixed.is_empty());
    }

    #[test]
    fn overlapping_fixes_wait_for_the_next_round() {
        let text = "abcdefgh";
        let first = finding("x.txt", 0, 4, "ABCD");
        let second = finding("x.txt", 2, 6, "CDEF");
        let third = finding("x.txt", 6, 8, "GH");
        let round = apply_fixes(
            &[first, second, third],
            &sources("x.txt", text),
            false,
            &BTreeSet::new(),
            false,
        );
        assert_eq!(round.written[0].fixed, "ABCDefGH");
        assert_eq!(round.fixed["millisecond-timestamp"], 2);
    }

    #[test]
    fn unsafe_fixes_need_the_option() {
        let text = "abcd";
        let mut f = finding("x.txt", 0, 1, "A");
        f.fix.as_mut().unwrap().applicability = Applicability::Unsafe;
        let fs = [f];
        let round = apply_fixes(&fs, &sources("x.txt", text), false, &BTreeSet::new(), false);
        assert!(round.written.is_empty());
        let round = apply_fixes(&fs, &sources("x.txt", text), true, &BTreeSet::new(), false);
        assert_eq!(round.written[0].fixed, "Abcd");
    }

    #[test]
    fn a_fix_across_files_is_applied_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.js");
        let b = dir.path().join("b.js");
        std::fs::write(&a, "track(\"A\");\n").unwrap();
        std::fs::write(&b, "track(\"A\");\n").unwrap();
        let pa = a.to_string_lossy().into_owned();
        let pb = b.to_string_lossy().into_owned();
        let mut f = finding(&pa, 6, 9, "\"a\"");
        f.fix.as_mut().unwrap().edits.push(Edit {
            path: pb.clone(),
            span: span(6, 9),
            content: "\"a\"".into(),
        });
        let mut srcs = sources(&pa, "track(\"A\");\n");
        // b.js changed after the check: a.js must not be renamed alone.
        srcs.insert(pb.clone(), Arc::from("track(\"A\");\n"));
        std::fs::write(&b, "track(\"A\"); // edited\n").unwrap();
        let round = apply_fixes(&[f], &srcs, false, &BTreeSet::new(), true);
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "track(\"A\");\n");
        assert!(round.fixed.is_empty());
    }
}
