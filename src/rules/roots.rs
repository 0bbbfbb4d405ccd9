//! Project roots: one run may cover several unrelated projects (a folder of repositories, a
//! monorepo of independent services), and project-wide rules judge each one on its own. A
//! file's project is the nearest directory above it holding a manifest or a `.git`.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// Files that make a directory a project of its own.
const MANIFESTS: &[&str] = &[
    "package.json",
    "pyproject.toml",
    "setup.py",
    "Gemfile",
    "go.mod",
    // A repository (a directory) or a worktree or submodule (a file).
    ".git",
];

fn is_manifest(name: &str) -> bool {
    MANIFESTS.contains(&name) || (name.starts_with("requirements") && name.ends_with(".txt"))
}

/// Finds the project root of each path, reading each directory at most once.
#[derive(Default)]
pub(crate) struct ProjectRoots {
    /// Directory (as shown: relative below the working directory, absolute elsewhere) → the
    /// project root above it, if any.
    cache: HashMap<PathBuf, Option<PathBuf>>,
    cwd: Option<Option<PathBuf>>,
}

impl ProjectRoots {
    /// The project root of a file, given as the walk shows it (relative to the working
    /// directory when below it): relative when it is below the working directory, absolute
    /// otherwise; `None` when no directory above the file has a manifest or a `.git`.
    pub(crate) fn root_of(&mut self, path: &str) -> Option<PathBuf> {
        let mut dir = Path::new(path)
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        // `../x` climbs out of the working directory: resolve it so parents are real.
        if dir.components().any(|c| c == Component::ParentDir) {
            dir = std::fs::canonicalize(&dir).unwrap_or(dir);
        }
        let mut walked = Vec::new();
        let mut cur = Some(dir);
        let root = loop {
            let Some(d) = cur else {
                break None;
            };
            if let Some(r) = self.cache.get(&d) {
                break r.clone();
            }
            if has_manifest(&d) {
                // The working directory is named absolutely, as the directories above it are.
                let root = if d.as_os_str().is_empty() {
                    self.cwd().map(Path::to_path_buf).unwrap_or_default()
                } else {
                    d.clone()
                };
                walked.push(d);
                break Some(root);
            }
            cur = self.parent(&d);
            walked.push(d);
        };
        for d in walked {
            self.cache.insert(d, root.clone());
        }
        root
    }

    fn cwd(&mut self) -> Option<&Path> {
        self.cwd
            .get_or_insert_with(|| std::env::current_dir().ok())
            .as_deref()
    }

    /// The directory above `dir`; above the working directory (the empty relative path),
    /// its absolute parents.
    fn parent(&mut self, dir: &Path) -> Option<PathBuf> {
        if dir.as_os_str().is_empty() {
            return self.cwd()?.parent().map(Path::to_path_buf);
        }
        match dir.parent() {
            Some(p) => Some(p.to_path_buf()),
            // A relative directory's last parent is the working directory.
            None if dir.is_relative() => Some(PathBuf::new()),
            None => None,
        }
    }
}

fn has_manifest(dir: &Path) -> bool {
    let shown = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let Ok(entries) = std::fs::read_dir(shown) else {
        return false;
    };
    entries
        .flatten()
        .any(|e| e.file_name().to_str().is_some_and(is_manifest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifests() {
        for n in [
            "package.json",
            "requirements.txt",
            "requirements-dev.txt",
            "go.mod",
            ".git",
        ] {
            assert!(is_manifest(n), "{n}");
        }
        for n in [
            "package-lock.json",
            "requirements.in",
            "Cargo.toml",
            "README.md",
        ] {
            assert!(!is_manifest(n), "{n}");
        }
    }

    #[test]
    fn nearest_manifest_wins_and_siblings_differ() {
        let tmp = std::env::temp_dir().join(format!("ciolint-roots-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        for d in ["a/src/lib", "b/app", "loose"] {
            std::fs::create_dir_all(tmp.join(d)).unwrap();
        }
        std::fs::write(tmp.join("a/package.json"), "{}").unwrap();
        std::fs::write(tmp.join("b/requirements-prod.txt"), "").unwrap();
        let mut roots = ProjectRoots::default();
        let p = |rel: &str| tmp.join(rel).to_string_lossy().into_owned();
        assert_eq!(roots.root_of(&p("a/src/lib/x.js")), Some(tmp.join("a")));
        assert_eq!(roots.root_of(&p("a/src/y.js")), Some(tmp.join("a")));
        assert_eq!(roots.root_of(&p("b/app/z.py")), Some(tmp.join("b")));
        let loose = roots.root_of(&p("loose/w.rb"));
        assert_ne!(loose, Some(tmp.join("a")));
        assert_ne!(loose, Some(tmp.join("b")));
        std::fs::remove_dir_all(&tmp).unwrap();
    }
}
