//! Nested configuration: a `ciolint.toml` (or a `pyproject.toml` with `[tool.ciolint]`) found
//! below the checked paths governs every file under its directory, as in Ruff: the closest
//! config wins, whole. Files outside every nested directory keep the root config.
//!
//! Per-file behaviour follows the closest config: rule selection, per-file-ignores, excludes,
//! the options of per-file rules and the extractor settings. Project-wide rules see the whole
//! project at once, so they keep the root config.

use std::path::{Path, PathBuf};

use globset::GlobSet;

use crate::config::{Config, Overrides};
use crate::lang::ExtractOptions;
use crate::walk::ExcludePatterns;

/// One nested configuration and the directory it governs.
pub(crate) struct Scope {
    /// The directory, as the walk displays paths (relative to the working directory).
    dir: PathBuf,
    pub config: Config,
    pub extract: ExtractOptions,
    exclude: Option<ExcludePatterns>,
    per_file_ignores: Vec<(GlobSet, Vec<String>)>,
}

#[derive(Default)]
pub(crate) struct Scopes {
    /// Deepest directory first, so the first match is the closest config.
    scopes: Vec<Scope>,
}

impl Scopes {
    /// Load the nested config files the walk found. The root config itself (when the walk
    /// passes over it) and `pyproject.toml` files without a `[tool.ciolint]` table are not
    /// scopes. A config that fails to load is an error that names it.
    pub fn load(
        found: &[String],
        checked: &[PathBuf],
        root: &Config,
        overrides: &Overrides,
    ) -> (Scopes, Vec<String>) {
        let root_source = root
            .source
            .as_ref()
            .and_then(|s| std::fs::canonicalize(s).ok());
        let mut scopes: Vec<Scope> = Vec::new();
        let mut errors = Vec::new();
        for shown in found {
            let path = Path::new(shown);
            if path.file_name().is_some_and(|n| n == "pyproject.toml")
                && !std::fs::read_to_string(path).is_ok_and(|t| t.contains("[tool.ciolint"))
            {
                continue;
            }
            if root_source.is_some() && std::fs::canonicalize(path).ok() == root_source {
                continue;
            }
            let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
            // `ciolint.toml` wins over `pyproject.toml` in the same directory.
            if let Some(existing) = scopes.iter().position(|s| s.dir == dir) {
                if path.file_name().is_some_and(|n| n == "pyproject.toml") {
                    continue;
                }
                scopes.remove(existing);
            }
            match Config::load(path) {
                Ok(mut config) => {
                    config.apply_overrides(overrides);
                    scopes.push(Scope::new(dir, config));
                }
                Err(e) => errors.push(format!("{e:#}")),
            }
        }
        // The root config is the first checked path's; another checked path may sit under a
        // config of its own.
        for path in checked.iter().skip(1) {
            match Config::discover(path) {
                Ok(mut config) => {
                    let source = config
                        .source
                        .as_ref()
                        .and_then(|s| std::fs::canonicalize(s).ok());
                    if source != root_source {
                        config.apply_overrides(overrides);
                        let dir = PathBuf::from(crate::walk::display_path(path));
                        if !scopes.iter().any(|s| s.dir == dir) {
                            scopes.push(Scope::new(dir, config));
                        }
                    }
                }
                Err(e) => errors.push(format!("{e:#}")),
            }
        }
        scopes.sort_by_key(|s| std::cmp::Reverse(s.dir.components().count()));
        (Scopes { scopes }, errors)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Scope> {
        self.scopes.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.scopes.is_empty()
    }

    /// The closest nested config of a file, if any.
    pub fn of(&self, path: &str) -> Option<&Scope> {
        let path = Path::new(path);
        self.scopes.iter().find(|s| path.starts_with(&s.dir))
    }

    /// The config that governs a file.
    pub fn config_for<'a>(&'a self, path: &str, root: &'a Config) -> &'a Config {
        self.of(path).map_or(root, |s| &s.config)
    }
}

impl Scope {
    fn new(dir: PathBuf, config: Config) -> Scope {
        Scope {
            extract: crate::extract_options(&config),
            per_file_ignores: config.per_file_ignore_set(),
            exclude: ExcludePatterns::new(&config.exclude_globs()),
            dir,
            config,
        }
    }

    fn below<'p>(&self, path: &'p str) -> &'p Path {
        let p = Path::new(path);
        p.strip_prefix(&self.dir).unwrap_or(p)
    }

    /// Whether this config's `exclude`/`extend-exclude` leaves the file out.
    pub fn excludes(&self, path: &str) -> bool {
        self.exclude
            .as_ref()
            .is_some_and(|e| e.matches(self.below(path)))
    }

    /// Whether a finding of `rule` in `path` is reported under this config.
    pub fn reports(&self, path: &str, rule: &str) -> bool {
        if !self.config.rule_enabled(rule) {
            return false;
        }
        let below = self.below(path);
        !self
            .per_file_ignores
            .iter()
            .any(|(set, rules)| rules.iter().any(|r| r == rule) && set.is_match(below))
    }
}
