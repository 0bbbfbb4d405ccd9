//! Which file a module reference names: relative imports are already paths; path aliases
//! (`@/lib/cio`, `~/utils/analytics`) and `baseUrl` imports (`lib/cio`) are matched against
//! the project's own files by their path tail, the way `paths: {"@/*": ["./src/*"]}` and
//! `baseUrl: "src"` map them.

use crate::facts::{FileFacts, Language, Unresolved};
use crate::link::module_key;
use crate::model::{ALIAS_PREFIX, Callee};
use std::collections::HashMap;

/// The module keys of every JavaScript/TypeScript file, by their last path segment.
pub(crate) struct ModuleIndex {
    by_stem: HashMap<String, Vec<String>>,
}

impl ModuleIndex {
    pub(crate) fn new(files: &[FileFacts]) -> Self {
        let mut by_stem: HashMap<String, Vec<String>> = HashMap::new();
        for f in files {
            if !matches!(f.language, Language::JavaScript | Language::TypeScript) {
                continue;
            }
            let key = module_key(&f.path);
            let stem = key.rsplit('/').next().unwrap_or(&key).to_string();
            let keys = by_stem.entry(stem).or_default();
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        ModuleIndex { by_stem }
    }

    /// The module key an alias names: the project file that ends with its tail, nearest to
    /// the importing file when several do (each app of a monorepo has its own `@/lib`).
    pub(crate) fn map_alias(&self, spec: &str, importer: &str) -> Option<String> {
        let tail = alias_tail(spec)?;
        let tail = tail.trim_end_matches('/');
        let tail = tail.strip_suffix("/index").unwrap_or(tail);
        let tail = crate::lang::javascript::strip_js_extension(tail);
        let stem = tail.rsplit('/').next()?;
        let suffix = format!("/{tail}");
        self.by_stem
            .get(stem)?
            .iter()
            .filter(|k| k.ends_with(&suffix) || k.as_str() == tail)
            .min_by_key(|k| (usize::MAX - shared_prefix(k, importer), k.len(), k.as_str()))
            .cloned()
    }
}

fn shared_prefix(a: &str, b: &str) -> usize {
    a.split('/')
        .zip(b.split('/'))
        .take_while(|(x, y)| x == y)
        .count()
}

/// The project path an alias stands for, without its alias prefix: `@/lib/cio` → `lib/cio`,
/// `~/utils/x` → `utils/x`, `#lib/x` → `lib/x`, `lib/cio` → `lib/cio`. Packages (`lodash`,
/// `@segment/analytics-node`) have none.
fn alias_tail(spec: &str) -> Option<&str> {
    for prefix in ["@/", "~/", "#/", "$/", "@@/", "src/", "~"] {
        if let Some(rest) = spec.strip_prefix(prefix) {
            return (!rest.is_empty()).then_some(rest);
        }
    }
    if let Some(rest) = spec.strip_prefix('#') {
        return Some(rest);
    }
    // A scoped package, or a bare package name: not a project path.
    if spec.starts_with('@') || !spec.contains('/') {
        return None;
    }
    // `baseUrl` imports name a project directory (`lib/cio`, `app/services/analytics`);
    // `lodash/fp` names a package's file and matches no project file.
    Some(spec)
}

/// Rewrite alias module references to the project file they name, so the link step and
/// the resolver see paths. An unmapped alias is a package: an import of a client from it is
/// left to the receiver-name fallback, a call of a function from it is no project call.
pub(crate) fn map_aliases(files: &mut [FileFacts], is_client_name: impl Fn(&str) -> bool) {
    let index = ModuleIndex::new(files);
    for f in files.iter_mut() {
        if !matches!(f.language, Language::JavaScript | Language::TypeScript) {
            continue;
        }
        let importer = f.path.clone();
        let map = |module: &str| -> Option<String> {
            index.map_alias(module.strip_prefix(ALIAS_PREFIX)?, &importer)
        };
        f.calls.retain_mut(|call| {
            let Some(Unresolved::Import { module, export, .. }) = call.unresolved.as_mut() else {
                return true;
            };
            if !module.starts_with(ALIAS_PREFIX) {
                return true;
            }
            match map(module) {
                Some(key) => {
                    *module = key;
                    true
                }
                None if is_client_name(export) => {
                    call.unresolved = Some(Unresolved::ReceiverName(export.clone()));
                    true
                }
                None => false,
            }
        });
        f.reexports.retain_mut(|r| {
            if !r.module.starts_with(ALIAS_PREFIX) {
                return true;
            }
            match map(&r.module) {
                Some(key) => {
                    r.module = key;
                    true
                }
                None => false,
            }
        });
        f.project_calls.retain_mut(|p| {
            let Callee::Function {
                module: Some(module),
                ..
            } = &mut p.callee
            else {
                return true;
            };
            if !module.starts_with(ALIAS_PREFIX) {
                return true;
            }
            match map(module) {
                Some(key) => {
                    *module = key;
                    true
                }
                None => false,
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(paths: &[&str]) -> ModuleIndex {
        let files: Vec<FileFacts> = paths
            .iter()
            .map(|p| FileFacts::new(p.to_string(), Language::TypeScript))
            .collect();
        ModuleIndex::new(&files)
    }

    #[test]
    fn aliases_map_to_the_file_with_that_tail() {
        let idx = index(&["app/src/lib/cio.ts", "app/src/pages/api/signup.ts"]);
        assert_eq!(
            idx.map_alias("@/lib/cio", "app/src/x.ts").as_deref(),
            Some("app/src/lib/cio")
        );
        assert_eq!(
            idx.map_alias("~/lib/cio", "app/src/x.ts").as_deref(),
            Some("app/src/lib/cio")
        );
        assert_eq!(
            idx.map_alias("lib/cio", "app/src/x.ts").as_deref(),
            Some("app/src/lib/cio")
        );
    }

    #[test]
    fn index_files_answer_for_their_directory() {
        let idx = index(&["src/analytics/index.ts"]);
        assert_eq!(
            idx.map_alias("@/analytics", "src/x.ts").as_deref(),
            Some("src/analytics")
        );
    }

    #[test]
    fn packages_are_not_project_files() {
        let idx = index(&["src/analytics.ts", "src/analytics-node.ts"]);
        assert_eq!(idx.map_alias("analytics", "src/x.ts"), None);
        assert_eq!(idx.map_alias("@segment/analytics-node", "src/x.ts"), None);
        assert_eq!(idx.map_alias("lodash/fp", "src/x.ts"), None);
    }

    #[test]
    fn the_nearest_match_wins() {
        let idx = index(&["apps/web/src/lib/cio.ts", "apps/api/src/lib/cio.ts"]);
        assert_eq!(
            idx.map_alias("@/lib/cio", "apps/api/src/routes/signup.ts")
                .as_deref(),
            Some("apps/api/src/lib/cio")
        );
        assert_eq!(
            idx.map_alias("@/lib/cio", "apps/web/src/app/page.tsx")
                .as_deref(),
            Some("apps/web/src/lib/cio")
        );
    }
}
