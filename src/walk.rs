//! Discovery and prefilter: walk the given paths in parallel (honouring `.gitignore`),
//! read each source file once, and keep only those that mention Customer.io.
//!
//! The prefilter is a byte-level Aho-Corasick search; most files stop here, unparsed.

use crate::config_files::{ConfigFormat, config_format};
use crate::facts::Language;
use crate::lang::import_words::ImportWords;
use crate::lang::{Grammar, grammar_for};
use crate::templates::{SideKind, side_kind};
use aho_corasick::{AhoCorasick, MatchKind};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Literals that tie a file to Customer.io: SDK package names, hosts, the legacy global,
/// and the class and receiver names a file that only receives a client would use.
pub(crate) const PREFILTER_LITERALS: &[&str] = &[
    "customerio",
    "CustomerIO",
    "customerIo",
    "CustomerIo",
    "customerIO",
    "Customerio",
    "CUSTOMERIO",
    "customer.io",
    "customer_io",
    "CUSTOMER_IO",
    "customer-io",
    "_cio",
    "cio.",
    "cio?.",
    "Cio.",
    "cioClient",
    // The global of Customer.io's hosted Data Pipelines snippet.
    "cioanalytics",
    "TrackClient",
    "trackClient",
    "APIClient",
    // Reporting-webhook receivers may never name the SDK.
    "delivery_id",
    "X-CIO-",
    "x-cio-",
    "X-Cio-",
];

/// The literals a file must contain to be parsed.
pub fn prefilter_literals() -> &'static [&'static str] {
    PREFILTER_LITERALS
}

pub(crate) fn prefilter() -> AhoCorasick {
    prefilter_with(&[])
}

/// The prefilter plus project-specific literals (configured receiver names).
pub(crate) fn prefilter_with(extra: &[String]) -> AhoCorasick {
    // LeftmostFirst lets aho-corasick use its SIMD prefilter (≈20× faster than Standard).
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .build(
            PREFILTER_LITERALS
                .iter()
                .copied()
                .chain(extra.iter().map(String::as_str)),
        )
        .expect("literals build")
}

#[derive(Debug, Clone)]
pub struct WalkOptions {
    pub no_ignore: bool,
    pub threads: usize,
    pub max_file_size: u64,
    /// Parse every source file, not only those the prefilter keeps (to check the prefilter).
    pub no_prefilter: bool,
    /// Check minified and generated files too.
    pub include_generated: bool,
    /// Globs (or bare directory names) not to scan.
    pub exclude: Vec<String>,
    /// The directory `exclude` patterns with a `/` are relative to (the config file's).
    pub exclude_root: Option<PathBuf>,
    /// More literals that make a file worth parsing (configured receiver names).
    pub extra_literals: Vec<String>,
    /// Check test files too. By default they are skipped unread: tests build clients per
    /// case, call from loops and use made-up keys on purpose.
    pub include_tests: bool,
    /// Contents that replace files on disk (an editor's unsaved buffers).
    pub overlays: Overlays,
}

/// In-memory file contents that override the files on disk at the same paths: the language
/// server checks what the user sees in the editor, not what was last saved. Only files that
/// also exist on disk are found by the walk; the overlay replaces what is read from them.
#[derive(Debug, Clone, Default)]
pub struct Overlays {
    files: std::sync::Arc<std::collections::HashMap<PathBuf, Vec<u8>>>,
}

impl Overlays {
    /// Overlays keyed by path; relative paths are taken from the current directory.
    pub fn new(files: impl IntoIterator<Item = (PathBuf, Vec<u8>)>) -> Self {
        let cwd = std::env::current_dir().ok();
        let files = files
            .into_iter()
            .map(|(path, bytes)| (absolute(&path, cwd.as_deref()), bytes))
            .collect();
        Overlays {
            files: std::sync::Arc::new(files),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The overlay of a walked path, if the editor holds one.
    pub(crate) fn get(&self, path: &Path) -> Option<&[u8]> {
        if self.files.is_empty() {
            return None;
        }
        if path.is_absolute() {
            return self.files.get(path).map(Vec::as_slice);
        }
        let cwd = std::env::current_dir().ok();
        self.files
            .get(&absolute(path, cwd.as_deref()))
            .map(Vec::as_slice)
    }

    /// A file's bytes: its overlay, or what is on disk.
    pub(crate) fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        match self.get(path) {
            Some(bytes) => Ok(bytes.to_vec()),
            None => std::fs::read(path),
        }
    }

    /// A file's bytes into `buf`, which is cleared first: its overlay, or what is on disk.
    pub(crate) fn read_into(&self, path: &Path, buf: &mut Vec<u8>) -> std::io::Result<()> {
        buf.clear();
        match self.get(path) {
            Some(bytes) => buf.extend_from_slice(bytes),
            None => read_whole(path, buf)?,
        }
        Ok(())
    }
}

/// Append a file's bytes to `buf` without asking for its size first (`fs::read` and
/// `File::read_to_end` do): a walk reads tens of thousands of small files into a buffer that is
/// already large, and the size query costs one or two system calls per file.
fn read_whole(path: &Path, buf: &mut Vec<u8>) -> std::io::Result<()> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    file.take(u64::MAX).read_to_end(buf)?;
    Ok(())
}

fn absolute(path: &Path, cwd: Option<&Path>) -> PathBuf {
    match cwd {
        Some(cwd) if path.is_relative() => cwd.join(path),
        _ => path.to_path_buf(),
    }
}

/// `exclude` patterns: bare names (`node_modules`) match any path component; patterns with a
/// `/` or `*` are globs, which also match everything below what they name.
pub(crate) struct ExcludePatterns {
    names: Vec<String>,
    pub(crate) globs: globset::GlobSet,
}

impl ExcludePatterns {
    pub(crate) fn new(patterns: &[String]) -> Option<Self> {
        let mut names = Vec::new();
        let mut b = globset::GlobSetBuilder::new();
        for pat in patterns {
            let p = pat.trim_end_matches('/').trim_start_matches("./");
            if p.contains('/') || p.contains('*') {
                b.add(globset::Glob::new(p).ok()?);
                b.add(globset::Glob::new(&format!("{p}/**")).ok()?);
            } else {
                names.push(p.to_string());
            }
        }
        Some(ExcludePatterns {
            names,
            globs: b.build().ok()?,
        })
    }

    /// Whether a path, relative to where the patterns apply, is excluded.
    pub(crate) fn matches(&self, below: &Path) -> bool {
        below
            .components()
            .any(|c| self.names.iter().any(|n| c.as_os_str() == n.as_str()))
            || self.globs.is_match(below)
    }
}

/// Exclusions, matched below the paths being checked: a path given on the command line is
/// always checked, even when it lies inside an excluded directory (`target/bench`).
struct Excluder {
    patterns: ExcludePatterns,
    /// Each scan root as given, and where it sits relative to the config's directory (globs
    /// are relative to that directory, or to the scan root).
    roots: Vec<(PathBuf, Option<PathBuf>)>,
}

impl Excluder {
    fn new(opts: &WalkOptions, roots: &[PathBuf]) -> Option<Self> {
        if opts.exclude.is_empty() {
            return None;
        }
        let patterns = ExcludePatterns::new(&opts.exclude)?;
        let config_root = opts
            .exclude_root
            .as_ref()
            .and_then(|r| std::fs::canonicalize(r).ok());
        let roots = roots
            .iter()
            .map(|r| {
                let from_config = config_root.as_ref().and_then(|c| {
                    let abs = std::fs::canonicalize(r).ok()?;
                    abs.strip_prefix(c).ok().map(Path::to_path_buf)
                });
                (r.clone(), from_config)
            })
            .collect();
        Some(Excluder { patterns, roots })
    }

    /// Whether a walked path (always below one of the roots as given) is excluded.
    fn excludes(&self, path: &Path) -> bool {
        let Some((root, from_config)) = self
            .roots
            .iter()
            .filter(|(r, _)| path.starts_with(r))
            .max_by_key(|(r, _)| r.as_os_str().len())
        else {
            return false;
        };
        let below = path.strip_prefix(root).unwrap_or(path);
        if below.as_os_str().is_empty() {
            return false;
        }
        self.patterns.matches(below)
            || from_config
                .as_ref()
                .is_some_and(|p| self.patterns.globs.is_match(p.join(below)))
    }
}

/// A file worth parsing.
pub(crate) struct Candidate {
    pub path: String,
    /// Where to read the file again (the shown path may be lossy or relative).
    pub origin: PathBuf,
    pub grammar: Grammar,
    pub bytes: Vec<u8>,
}

/// A template or campaign definition worth reading.
pub(crate) struct SideCandidate {
    pub path: String,
    pub kind: SideKind,
    pub text: String,
}

/// A committed configuration file that names Customer.io.
pub(crate) struct ConfigCandidate {
    pub path: String,
    pub format: ConfigFormat,
    pub text: String,
}

/// What the walk found.
#[derive(Default)]
pub(crate) struct Discovery {
    pub candidates: Vec<Candidate>,
    pub side: Vec<SideCandidate>,
    pub configs: Vec<ConfigCandidate>,
    /// Source files the prefilter dropped (kept so that files importing a project module
    /// that exports a client can be brought back in).
    pub others: Vec<OtherFile>,
    pub files_scanned: usize,
    /// Per-file notes: (path, message).
    pub notes: Vec<(String, String)>,
    /// Errors that are not about one file (a path that does not exist).
    pub errors: Vec<String>,
    /// `ciolint.toml` and `pyproject.toml` files below the checked paths (nested configs).
    pub config_files: Vec<String>,
    /// Manifests and lockfiles that name a Customer.io SDK.
    pub manifests: Vec<crate::versions::ManifestFile>,
}

/// A source file that does not name Customer.io, and the words it may import modules by.
pub(crate) struct OtherFile {
    pub path: PathBuf,
    pub grammar: Grammar,
    imports: ImportWords,
}

/// The directory of a file as `display_path` spells it; empty at the top.
fn display_dir(path: &Path, cwd: Option<&Path>) -> String {
    let shown = display_path_in(path, cwd);
    match shown.rsplit_once('/') {
        Some((dir, _)) => dir.to_string(),
        None => String::new(),
    }
}

pub(crate) fn display_path(path: &Path) -> String {
    display_path_in(path, std::env::current_dir().ok().as_deref())
}

/// Relative to `cwd` when below it, with `/` separators.
pub(crate) fn display_path_in(path: &Path, cwd: Option<&Path>) -> String {
    let rel = cwd.and_then(|c| path.strip_prefix(c).ok()).unwrap_or(path);
    let s = rel.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// Test files, by name: `signup_test.go`, `signup.test.ts`, `signup.spec.js`, `signup.cy.ts`,
/// `signup.e2e.ts`, `test_signup.py`, `signup_test.py`, `conftest.py`, `signup_spec.rb`,
/// `signup_test.rb`, or anything under `__tests__` or
/// `__mocks__`. Directories named `test`/`tests`/`spec` are not enough: fixtures and examples
/// live there too.
/// A Python module of a `test`/`tests` package that is a test by what it says (`import
/// unittest`, `import pytest`, `def test_…`), whatever its name (`tests/client.py`).
/// The package's fixtures and helpers stay checked.
fn is_python_test_module(path: &Path, bytes: &[u8]) -> bool {
    path.extension().is_some_and(|e| e == "py")
        && path
            .parent()
            .is_some_and(|d| d.iter().any(|c| c == "test" || c == "tests"))
        && [
            &b"import unittest"[..],
            b"from unittest",
            b"import pytest",
            b"\ndef test_",
            b"\n    def test_",
        ]
        .iter()
        .any(|m| memchr::memmem::find(bytes, m).is_some())
}

/// Directories that hold a project's tests and their helpers (`test/helpers/factory.js`,
/// `spec/support/`, Go `testdata/`).
const TEST_DIRECTORIES: &[&str] = &[
    "test",
    "tests",
    "spec",
    "__tests__",
    "__mocks__",
    "testdata",
    "e2e",
    "cypress",
];

/// Directories whose subdirectories are routes in JavaScript frameworks:
/// `app/api/test/route.ts` is an endpoint.
const ROUTE_DIRECTORIES: &[&str] = &["app", "pages", "api", "routes"];

/// The grammar of a script without an extension (`bin/backfill_customers`), from the first
/// bytes of the file: only those are read here.
fn script_grammar(path: &Path, opts: &WalkOptions) -> Option<Grammar> {
    use std::io::Read;
    if path.extension().is_some() {
        return None;
    }
    let mut head = [0u8; 128];
    let len = match opts.overlays.get(path) {
        Some(bytes) => {
            let n = bytes.len().min(head.len());
            head[..n].copy_from_slice(&bytes[..n]);
            n
        }
        None => std::fs::File::open(path).ok()?.read(&mut head).ok()?,
    };
    crate::lang::script_grammar(path, &head[..len])
}

/// A file inside a test directory below the checked root (`depth` is how far below it the
/// file is), unless the directory is a route. Directories above the root say nothing: a
/// project checked out under `~/test/` is not a test.
fn in_test_directory(path: &Path, depth: usize) -> bool {
    // Nearest directory first.
    let below: Vec<&std::ffi::OsStr> = path
        .iter()
        .rev()
        .skip(1)
        .take(depth.saturating_sub(1))
        .collect();
    let names: Vec<&str> = below.iter().rev().filter_map(|d| d.to_str()).collect();
    let routed = grammar_for(path).is_some_and(|g| {
        matches!(
            g.language(),
            crate::facts::Language::JavaScript | crate::facts::Language::TypeScript
        )
    });
    names.iter().enumerate().any(|(i, dir)| {
        TEST_DIRECTORIES.contains(dir)
            && !(routed && i > 0 && ROUTE_DIRECTORIES.contains(&names[i - 1]))
    })
}

pub fn is_test_file(path: &Path) -> bool {
    if path
        .parent()
        .is_some_and(|d| d.iter().any(|c| c == "__tests__" || c == "__mocks__"))
    {
        return true;
    }
    let Some((stem, ext)) = path
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.rsplit_once('.'))
    else {
        return false;
    };
    match ext {
        "go" => stem.ends_with("_test"),
        "py" => stem.starts_with("test_") || stem.ends_with("_test") || stem == "conftest",
        "rb" => stem.ends_with("_spec") || stem.ends_with("_test"),
        "js" | "jsx" | "ts" | "tsx" | "mjs" | "cjs" | "mts" | "cts" => {
            [".test", ".spec", ".cy", ".e2e"]
                .iter()
                .any(|s| stem.ends_with(s))
        }
        _ => false,
    }
}

/// A file whose path names Customer.io (`webhooks/customerio.go`, `functions/cio-events.js`):
/// a reporting-webhook receiver there may never name the SDK in its text.
/// Only the file's name and its two parent directories count: a checkout directory named
/// after Customer.io says nothing about each of its files.
fn path_names_customerio(path: &Path) -> bool {
    let tail: Vec<_> = path.components().rev().take(3).collect();
    let p = tail
        .iter()
        .map(|c| c.as_os_str().to_string_lossy().to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("/");
    p.contains("customerio")
        || p.contains("customer_io")
        || p.contains("customer-io")
        || p.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| w == "cio")
}

/// What to do with one file's bytes.
pub(crate) enum Verdict {
    Parse,
    Note(String),
}

/// Decide whether bytes that passed (or skipped) the prefilter can be parsed.
pub(crate) fn inspect(bytes: &[u8], opts: &WalkOptions) -> Verdict {
    let max_file_size = opts.max_file_size;
    if bytes.len() as u64 > max_file_size {
        return Verdict::Note(format!(
            "skipped: {} exceeds the {} size limit (raise it with --max-file-size)",
            human_size(bytes.len() as u64),
            human_size(max_file_size)
        ));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Verdict::Note("skipped: UTF-16 encoded; ciolint reads UTF-8 source".into());
    }
    let head = &bytes[..bytes.len().min(8192)];
    if memchr_nul(head) {
        return Verdict::Note("skipped: binary file".into());
    }
    if !opts.include_generated {
        if looks_minified(bytes) {
            return Verdict::Note(
                "skipped: minified code (very long lines); check it anyway with --include-generated".into(),
            );
        }
        if let Some(marker) = generated_marker(&bytes[..bytes.len().min(2048)]) {
            return Verdict::Note(format!(
                "skipped: generated code (`{marker}`); check it anyway with --include-generated"
            ));
        }
    }
    Verdict::Parse
}

fn memchr_nul(bytes: &[u8]) -> bool {
    memchr::memchr(0, bytes).is_some()
}

/// Markers code generators put at the top of their output.
fn generated_marker(head: &[u8]) -> Option<&'static str> {
    let text = String::from_utf8_lossy(head);
    [
        "@generated",
        "Code generated by",
        "DO NOT EDIT",
        "<auto-generated",
        "This file is automatically generated",
        "AUTO-GENERATED FILE",
    ]
    .into_iter()
    .find(|m| text.contains(m))
}

/// Bundles and minified files: long and with almost no line breaks.
fn looks_minified(bytes: &[u8]) -> bool {
    if bytes.len() < 50_000 {
        return false;
    }
    let lines = bytes.iter().filter(|b| **b == b'\n').count() + 1;
    bytes.len() / lines > 1_000
}

pub(crate) fn human_size(n: u64) -> String {
    if n >= 1 << 20 {
        format!("{:.1} MB", n as f64 / (1u64 << 20) as f64)
    } else if n >= 1 << 10 {
        format!("{:.1} KB", n as f64 / (1u64 << 10) as f64)
    } else {
        format!("{n} B")
    }
}

pub(crate) fn discover(paths: &[PathBuf], opts: &WalkOptions) -> Discovery {
    let matcher = prefilter_with(&opts.extra_literals);
    let cwd = std::env::current_dir().ok();
    let mut errors = Vec::new();
    let mut roots = Vec::new();
    for p in paths {
        if p.exists() || p.is_symlink() {
            roots.push(p.clone());
        } else {
            errors.push(format!("{}: no such file or directory", p.display()));
        }
    }
    let finished: Mutex<Vec<Discovery>> = Mutex::new(Vec::new());
    if let Some((first, rest)) = roots.split_first() {
        let mut builder = ignore::WalkBuilder::new(first);
        for r in rest {
            builder.add(r);
        }
        let excluder = Excluder::new(opts, &roots);
        // Hidden files and directories stay unread, except `.env` files: a committed one is
        // where keys leak.
        let skip_hidden = !opts.no_ignore;
        builder.filter_entry(move |entry| {
            if entry.depth() == 0 {
                return true;
            }
            let name = entry.file_name().to_string_lossy();
            if skip_hidden
                && name.starts_with('.')
                && !(entry.file_type().is_some_and(|t| t.is_file())
                    && (name == ".env" || name.starts_with(".env.")))
            {
                return false;
            }
            excluder.as_ref().is_none_or(|e| !e.excludes(entry.path()))
        });
        builder
            .threads(opts.threads.max(1))
            .standard_filters(!opts.no_ignore)
            .hidden(false);
        builder.build_parallel().run(|| {
            // Each walker thread fills its own results and read buffer; they are merged when
            // the thread's visitor is dropped, so the hot path takes no lock.
            let mut local = ThreadResults {
                d: Discovery::default(),
                buf: Vec::with_capacity(64 * 1024),
                finished: &finished,
            };
            let matcher = &matcher;
            let cwd = cwd.as_deref();
            Box::new(move |entry| {
                use ignore::WalkState;
                let entry = match entry {
                    Ok(e) => e,
                    Err(err) => {
                        local.d.notes.push((String::new(), format!("walk: {err}")));
                        return WalkState::Continue;
                    }
                };
                if !entry.file_type().is_some_and(|t| t.is_file()) {
                    return WalkState::Continue;
                }
                let path = entry.path();
                if !opts.include_tests && in_test_directory(path, entry.depth()) {
                    return WalkState::Continue;
                }
                // Manifests are read for SDK versions whatever else they are (a Gemfile is
                // also Ruby source, a pyproject.toml also a config file).
                if let Some(kind) = crate::versions::manifest_kind(path) {
                    let shown = display_path_in(path, cwd);
                    let text = match opts.overlays.get(path) {
                        Some(bytes) => crate::versions::may_name_sdk(bytes)
                            .then(|| String::from_utf8_lossy(bytes).into_owned()),
                        None => crate::versions::read_manifest(path),
                    };
                    if let Some(text) = text {
                        local.d.manifests.push(crate::versions::ManifestFile {
                            path: shown,
                            kind,
                            text,
                            checked: true,
                        });
                    }
                }
                let Some(grammar) = grammar_for(path).or_else(|| script_grammar(path, opts)) else {
                    let side = side_kind(path);
                    let config = config_format(path);
                    if side.is_some() || config.is_some() {
                        read_side_file(path, side, config, opts, &mut local.d, cwd);
                    }
                    if path
                        .file_name()
                        .is_some_and(|n| n == "ciolint.toml" || n == "pyproject.toml")
                    {
                        local.d.config_files.push(display_path_in(path, cwd));
                    }
                    return WalkState::Continue;
                };
                if !opts.include_tests && is_test_file(path) {
                    return WalkState::Continue;
                }
                local.d.files_scanned += 1;
                if let Err(err) = opts.overlays.read_into(path, &mut local.buf) {
                    local
                        .d
                        .notes
                        .push((display_path_in(path, cwd), format!("could not read: {err}")));
                    return WalkState::Continue;
                }
                let bytes = &local.buf;
                // UTF-16 hides every ASCII literal from the prefilter: say so instead.
                let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
                let hit = opts.no_prefilter
                    || utf16
                    || matcher.is_match(bytes)
                    || path_names_customerio(path);
                if !hit {
                    local.d.others.push(OtherFile {
                        path: path.to_path_buf(),
                        grammar,
                        imports: ImportWords::scan(grammar, bytes),
                    });
                    return WalkState::Continue;
                }
                if !opts.include_tests && is_python_test_module(path, bytes) {
                    return WalkState::Continue;
                }
                let shown = display_path_in(path, cwd);
                match inspect(bytes, opts) {
                    Verdict::Parse => local.d.candidates.push(Candidate {
                        path: shown,
                        origin: path.to_path_buf(),
                        grammar,
                        bytes: bytes.clone(),
                    }),
                    Verdict::Note(n) => local.d.notes.push((shown, n)),
                }
                WalkState::Continue
            })
        });
    }
    let mut d = Discovery::default();
    for part in finished.into_inner().expect("walk results lock") {
        d.candidates.extend(part.candidates);
        d.side.extend(part.side);
        d.configs.extend(part.configs);
        d.others.extend(part.others);
        d.files_scanned += part.files_scanned;
        d.notes.extend(part.notes);
        d.config_files.extend(part.config_files);
        d.manifests.extend(part.manifests);
    }
    d.errors.extend(errors);
    d.candidates.sort_by(|a, b| a.path.cmp(&b.path));
    d.side.sort_by(|a, b| a.path.cmp(&b.path));
    d.configs.sort_by(|a, b| a.path.cmp(&b.path));
    // `others` stays unsorted: rediscovery sorts what it brings back, and ordering tens of
    // thousands of paths component by component took a tenth of a run on a sparse tree.
    d.config_files.sort();
    d.manifests.sort_by(|a, b| a.path.cmp(&b.path));
    d
}

/// One walker thread's results, handed over when the thread is done.
struct ThreadResults<'a> {
    d: Discovery,
    buf: Vec<u8>,
    finished: &'a Mutex<Vec<Discovery>>,
}

impl Drop for ThreadResults<'_> {
    fn drop(&mut self) {
        let d = std::mem::take(&mut self.d);
        if let Ok(mut all) = self.finished.lock() {
            all.push(d);
        }
    }
}

/// Templates need Liquid; campaign definitions need a trigger; configuration files must
/// name Customer.io. Anything else is skipped unread beyond this check.
fn read_side_file(
    path: &Path,
    kind: Option<SideKind>,
    config: Option<ConfigFormat>,
    opts: &WalkOptions,
    d: &mut Discovery,
    cwd: Option<&Path>,
) {
    let bytes = match opts.overlays.get(path) {
        Some(bytes) => bytes.to_vec(),
        None => {
            let Ok(meta) = std::fs::metadata(path) else {
                return;
            };
            if meta.len() > opts.max_file_size {
                return;
            }
            let Ok(bytes) = std::fs::read(path) else {
                return;
            };
            bytes
        }
    };
    if bytes.len() as u64 > opts.max_file_size {
        return;
    }
    d.files_scanned += 1;
    if memchr::memchr(0, &bytes).is_some() {
        return;
    }
    let relevant = match kind {
        Some(SideKind::Template | SideKind::MaybeTemplate) => {
            memchr::memmem::find(&bytes, b"{{").is_some()
                || memchr::memmem::find(&bytes, b"{%").is_some()
        }
        Some(SideKind::Campaign) => memchr::memmem::find(&bytes, b"trigger").is_some(),
        None => false,
    };
    let config = config.filter(|_| crate::config_files::mentions_customerio(&bytes));
    if !relevant && config.is_none() {
        return;
    }
    let shown = display_path_in(path, cwd);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    if let Some(format) = config {
        d.configs.push(ConfigCandidate {
            path: shown.clone(),
            format,
            text: text.clone(),
        });
    }
    if relevant && let Some(kind) = kind {
        d.side.push(SideCandidate {
            path: shown,
            kind,
            text,
        });
    }
}

/// Bring back files that use a client another file exports, which the first prefilter
/// could not know about: each language family is searched for its own literals, in parallel.
/// A file whose import words show it imports none of the modules the literals name is not read
/// again. The Go files of a wrapper's package are searched for that package's own words. Also
/// returns how many files were read.
pub(crate) fn rediscover(
    others: &[OtherFile],
    literals: &[(Language, String)],
    packages: &[crate::resolve::GoPackage],
    opts: &WalkOptions,
) -> (Vec<Candidate>, usize) {
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    if (literals.is_empty() && packages.is_empty()) || others.is_empty() {
        return (Vec::new(), 0);
    }
    let read = AtomicUsize::new(0);
    let cwd = std::env::current_dir().ok();
    let family = |l: Language| match l {
        Language::TypeScript => Language::JavaScript,
        other => other,
    };
    // The words the literals of a language family need a file to import by; `None` when one
    // of them is not a module path (then every file of the family is searched).
    let import_words: Vec<(Language, Option<Vec<&[u8]>>)> = [
        Language::JavaScript,
        Language::Python,
        Language::Ruby,
        Language::Go,
    ]
    .into_iter()
    .map(|lang| {
        let words = literals
            .iter()
            .filter(|(l, _)| *l == lang)
            .map(|(_, s)| crate::lang::import_words::literal_word(lang, s))
            .collect();
        (lang, words)
    })
    .collect();
    let matchers: Vec<(Language, AhoCorasick)> = [
        Language::JavaScript,
        Language::Python,
        Language::Ruby,
        Language::Go,
    ]
    .into_iter()
    .filter_map(|lang| {
        let lits: Vec<&str> = literals
            .iter()
            .filter(|(l, _)| *l == lang)
            .map(|(_, s)| s.as_str())
            .collect();
        if lits.is_empty() {
            return None;
        }
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(&lits)
            .ok()
            .map(|m| (lang, m))
    })
    .collect();
    let mut out: Vec<Candidate> = others
        .par_iter()
        .map_init(
            || Vec::with_capacity(64 * 1024),
            |buf, other| {
                let OtherFile { path, grammar, .. } = other;
                let lang = family(grammar.language());
                let package = (lang == Language::Go && !packages.is_empty())
                    .then(|| {
                        let dir = display_dir(path, cwd.as_deref());
                        packages.iter().find(|p| p.dir == dir)
                    })
                    .flatten();
                let in_package = package.is_some();
                let matcher = matchers.iter().find(|(l, _)| *l == lang).map(|(_, m)| m);
                if !in_package {
                    matcher?;
                    let needed = import_words.iter().find(|(l, _)| *l == lang);
                    if let Some((_, Some(words))) = needed
                        && !words.iter().any(|w| other.imports.may_contain(w))
                    {
                        return None;
                    }
                }
                read.fetch_add(1, Ordering::Relaxed);
                opts.overlays.read_into(path, buf).ok()?;
                let names_package = package.is_some_and(|p| {
                    p.words
                        .iter()
                        .any(|w| memchr::memmem::find(buf, w.as_bytes()).is_some())
                });
                let named = names_package || matcher.is_some_and(|m| m.is_match(buf.as_slice()));
                (named && matches!(inspect(buf, opts), Verdict::Parse)).then(|| Candidate {
                    path: display_path(path),
                    origin: path.clone(),
                    grammar: *grammar,
                    bytes: buf.clone(),
                })
            },
        )
        .flatten()
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    (out, read.into_inner())
}
