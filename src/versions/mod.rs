//! Which release of each Customer.io SDK every file runs against: the manifests and
//! lockfiles of a run are read once, and a file gets, per SDK, the version from the nearest
//! manifest above it that declares the SDK (a monorepo's sub-projects each have their own),
//! pinned by the lockfile beside it (or above it, for workspaces) when there is one, else the
//! range the manifest allows.

mod readers;
pub mod requirement;

pub use readers::{ManifestKind, manifest_kind};
pub use requirement::{Version, VersionRange};

use crate::facts::{Sdk, Span};
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ecosystem {
    Npm,
    PyPI,
    RubyGems,
    Go,
}

/// A Customer.io package as a registry names it.
#[derive(Debug)]
pub struct SdkPackage {
    pub name: &'static str,
    pub ecosystem: Ecosystem,
    pub sdk: Sdk,
    /// The newest release the SDK reference lists (`cio-sdk-reference.md`, "Snapshots read").
    pub latest: Option<Version>,
}

/// Every Customer.io SDK whose version a rule may ask for.
pub static PACKAGES: &[SdkPackage] = &[
    SdkPackage {
        name: "customerio-node",
        ecosystem: Ecosystem::Npm,
        sdk: Sdk::CustomerioNode,
        latest: Some(Version::new(5, 2, 0)),
    },
    SdkPackage {
        name: "@customerio/cdp-analytics-node",
        ecosystem: Ecosystem::Npm,
        sdk: Sdk::CdpAnalyticsNode,
        latest: Some(Version::new(0, 5, 9)),
    },
    SdkPackage {
        name: "@customerio/cdp-analytics-browser",
        ecosystem: Ecosystem::Npm,
        sdk: Sdk::CdpAnalyticsBrowser,
        latest: Some(Version::new(0, 5, 11)),
    },
    SdkPackage {
        name: "customerio-reactnative",
        ecosystem: Ecosystem::Npm,
        sdk: Sdk::ReactNative,
        latest: Some(Version::new(6, 12, 0)),
    },
    SdkPackage {
        name: "customerio",
        ecosystem: Ecosystem::PyPI,
        sdk: Sdk::CustomerioPython,
        latest: Some(Version::new(3, 2, 0)),
    },
    SdkPackage {
        name: "customerio-cdp-analytics",
        ecosystem: Ecosystem::PyPI,
        sdk: Sdk::CdpAnalyticsPython,
        latest: Some(Version::new(1, 1, 0)),
    },
    SdkPackage {
        name: "async-customerio",
        ecosystem: Ecosystem::PyPI,
        sdk: Sdk::AsyncCustomerio,
        latest: Some(Version::new(2, 18, 0)),
    },
    SdkPackage {
        name: "customerio",
        ecosystem: Ecosystem::RubyGems,
        sdk: Sdk::CustomerioRuby,
        latest: Some(Version::new(6, 2, 0)),
    },
    SdkPackage {
        name: "github.com/customerio/go-customerio",
        ecosystem: Ecosystem::Go,
        sdk: Sdk::GoCustomerio,
        latest: Some(Version::new(3, 11, 0)),
    },
    SdkPackage {
        name: "github.com/customerio/cdp-analytics-go",
        ecosystem: Ecosystem::Go,
        sdk: Sdk::CdpAnalyticsGo,
        latest: None,
    },
];

/// The package a registry name denotes: PyPI names compare normalised (`Customer_IO` is
/// not `customerio`, but `Async_CustomerIO` is `async-customerio`), Go modules with or
/// without their major-version suffix (`…/go-customerio/v3`).
pub(crate) fn package_named(ecosystem: Ecosystem, name: &str) -> Option<&'static SdkPackage> {
    let normalised = match ecosystem {
        Ecosystem::PyPI => name.to_ascii_lowercase().replace(['_', '.'], "-"),
        Ecosystem::Go => {
            let trimmed = match name.rsplit_once("/v") {
                Some((base, major)) if major.chars().all(|c| c.is_ascii_digit()) => base,
                _ => name,
            };
            trimmed.to_string()
        }
        _ => name.to_string(),
    };
    PACKAGES
        .iter()
        .find(|p| p.ecosystem == ecosystem && p.name == normalised)
}

/// Cheap test before parsing: every Customer.io package name contains `customerio`.
pub(crate) fn may_name_sdk(bytes: &[u8]) -> bool {
    static FINDER: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    FINDER
        .get_or_init(|| {
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .match_kind(aho_corasick::MatchKind::LeftmostFirst)
                .build(["customerio"])
                .expect("one literal")
        })
        .is_match(bytes)
}

/// A manifest or lockfile the walk found (or one above the checked paths).
#[derive(Debug, Clone)]
pub struct ManifestFile {
    /// As shown in reports.
    pub path: String,
    pub kind: ManifestKind,
    pub text: String,
    /// Below the checked paths (findings may point into it), not one of their parents.
    pub checked: bool,
}

/// One SDK of one sub-project, resolved.
#[derive(Debug, Clone)]
pub struct SdkVersion {
    pub package: &'static SdkPackage,
    /// The releases the project can be running: one when a lockfile (or an exact pin) says.
    pub range: VersionRange,
    /// The manifest that declares it, and the line.
    pub manifest: String,
    pub span: Span,
    /// The requirement as the manifest writes it.
    pub spec: String,
    /// The lockfile the version comes from, if any.
    pub lockfile: Option<String>,
    /// The manifest lies below the checked paths.
    pub checked: bool,
}

impl SdkVersion {
    /// `3.1.2 (package-lock.json)`, `^3.0.0 (package.json, no lockfile)`.
    pub fn describe(&self) -> String {
        match (&self.lockfile, self.range.single()) {
            (Some(lock), Some(v)) => format!("{v} (locked in {})", file_name(lock)),
            (None, Some(v)) => format!("{v} (pinned in {})", file_name(&self.manifest)),
            _ => format!("`{}` ({})", self.spec, file_name(&self.manifest)),
        }
    }

    /// Every release the project can run is `v` or newer.
    pub fn at_least(&self, v: Version) -> bool {
        self.range.all_at_least(v)
    }

    /// Every release the project can run is older than `v`.
    pub fn below(&self, v: Version) -> bool {
        self.range.all_below(v)
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Every sub-project's SDK versions, by directory.
#[derive(Debug, Default)]
pub struct SdkVersions {
    /// Absolute, lexically normalised directory → the SDKs its manifests declare.
    dirs: BTreeMap<PathBuf, Vec<SdkVersion>>,
    /// What relative paths are relative to.
    cwd: PathBuf,
}

impl SdkVersions {
    /// Resolve every manifest's declarations against the lockfiles beside or above it.
    pub fn build(files: &[ManifestFile]) -> SdkVersions {
        let cwd = std::env::current_dir().unwrap_or_default();
        let dir_of = |path: &str| {
            let abs = absolute(&cwd, Path::new(path));
            let mut dir = abs.parent().map(Path::to_path_buf).unwrap_or_default();
            // `requirements/prod.txt` belongs to the project above `requirements/`.
            if dir.file_name().is_some_and(|n| n == "requirements") {
                dir.pop();
            }
            dir
        };
        let locks: Vec<(PathBuf, &ManifestFile, Vec<readers::Locked>)> = files
            .iter()
            .filter(|f| f.kind.is_lockfile())
            .map(|f| (dir_of(&f.path), f, readers::locked(f.kind, &f.text)))
            .filter(|(_, _, l)| !l.is_empty())
            .collect();
        let mut dirs: BTreeMap<PathBuf, Vec<SdkVersion>> = BTreeMap::new();
        let mut manifests: Vec<&ManifestFile> =
            files.iter().filter(|f| !f.kind.is_lockfile()).collect();
        // Declarations in the file most likely to be maintained come first: pyproject.toml
        // before requirements files, which are often exported from it.
        manifests.sort_by_key(|f| (f.kind != ManifestKind::Pyproject, f.path.clone()));
        for m in manifests {
            let dir = dir_of(&m.path);
            for d in readers::declared(m.kind, &m.text) {
                let entry = dirs.entry(dir.clone()).or_default();
                if entry.iter().any(|v| std::ptr::eq(v.package, d.package)) {
                    continue;
                }
                let lock = locks
                    .iter()
                    .filter(|(lock_dir, f, _)| {
                        f.kind.ecosystem() == m.kind.ecosystem() && dir.starts_with(lock_dir)
                    })
                    // The nearest lockfile above the manifest.
                    .max_by_key(|(lock_dir, _, _)| lock_dir.components().count())
                    .and_then(|(lock_dir, f, entries)| {
                        let rel = dir
                            .strip_prefix(lock_dir)
                            .unwrap_or(Path::new(""))
                            .to_string_lossy()
                            .replace('\\', "/");
                        pick_locked(entries, d.package, &rel, &d.spec).map(|v| (f, v))
                    });
                let (range, lockfile) = match lock {
                    Some((f, v)) => (VersionRange::exact(v), Some(f.path.clone())),
                    None => match d.range {
                        Some(r) => (r, None),
                        None => continue,
                    },
                };
                entry.push(SdkVersion {
                    package: d.package,
                    range,
                    manifest: m.path.clone(),
                    span: d.span,
                    spec: d.spec,
                    lockfile,
                    checked: m.checked,
                });
            }
        }
        SdkVersions { dirs, cwd }
    }

    /// The version of `sdk` a file runs against: from the nearest directory above it whose
    /// manifests declare the SDK.
    pub fn for_file(&self, path: &str, sdk: Sdk) -> Option<&SdkVersion> {
        if self.dirs.is_empty() {
            return None;
        }
        let abs = absolute(&self.cwd, Path::new(path));
        abs.ancestors()
            .skip(1)
            .find_map(|dir| self.dirs.get(dir)?.iter().find(|v| v.package.sdk == sdk))
    }

    /// Every resolved SDK, by sub-project directory (sorted).
    pub fn all(&self) -> impl Iterator<Item = (&Path, &SdkVersion)> {
        self.dirs
            .iter()
            .flat_map(|(d, vs)| vs.iter().map(move |v| (d.as_path(), v)))
    }

    pub fn is_empty(&self) -> bool {
        self.dirs.is_empty()
    }
}

/// The lockfile entry for a package declared by the workspace at `rel` (relative to the
/// lockfile's directory) with requirement `spec`: its own entry, else the hoisted root one,
/// else (yarn) the entry resolving `name@spec`, else the only version the lockfile has.
fn pick_locked(
    entries: &[readers::Locked],
    package: &'static SdkPackage,
    rel: &str,
    spec: &str,
) -> Option<Version> {
    let mine: Vec<&readers::Locked> = entries
        .iter()
        .filter(|e| std::ptr::eq(e.package, package))
        .collect();
    let keyed = |key: &str| mine.iter().find(|e| e.keys.iter().any(|k| k == key));
    if let Some(e) = keyed(rel)
        .or_else(|| keyed(&format!("{}@{spec}", package.name)))
        .or_else(|| keyed(""))
    {
        return Some(e.version);
    }
    let first = mine.first()?.version;
    mine.iter().all(|e| e.version == first).then_some(first)
}

/// `cwd/path` with `.` and `..` removed lexically (no file system access: lookups run per
/// file in the rules' hot path).
fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The manifests and lockfiles in the directories above each checked path (a check of
/// `src/` still knows the project's `package.json`).
pub fn manifests_above(roots: &[PathBuf]) -> Vec<ManifestFile> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for root in roots {
        let Ok(abs) = std::fs::canonicalize(root) else {
            continue;
        };
        for dir in abs.ancestors().skip(1) {
            if !seen.insert(dir.to_path_buf()) {
                break;
            }
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            for e in entries.flatten() {
                let path = e.path();
                let Some(kind) = manifest_kind(&path) else {
                    continue;
                };
                if let Some(text) = read_manifest(&path) {
                    out.push(ManifestFile {
                        path: crate::walk::display_path(&path),
                        kind,
                        text,
                        checked: false,
                    });
                }
            }
        }
    }
    out
}

/// Lockfiles of large projects run to tens of megabytes; beyond this one is not read.
const MAX_MANIFEST_SIZE: u64 = 64 << 20;

/// A manifest's text, when it can name a Customer.io SDK at all.
pub(crate) fn read_manifest(path: &Path) -> Option<String> {
    if std::fs::metadata(path).ok()?.len() > MAX_MANIFEST_SIZE {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    may_name_sdk(&bytes).then(|| String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests;
