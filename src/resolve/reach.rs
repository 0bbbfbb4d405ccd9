//! Which project calls the resolver can ever follow.
//!
//! The resolver finds what a project call runs by name only: a function or method of that
//! name, the class a construction names, or a name a module re-exports. A call whose every
//! name is defined nowhere in the project (`logger.info(...)`, `Object.entries(...)`,
//! `db.user.findMany(...)`) can never lead to Customer.io, yet its arguments are most of what
//! a file's facts weigh. Extraction drops such calls as soon as it has seen enough of the
//! project, and keeps a hash of their names so that a file is lowered again, whole, when a
//! file read later defines one of them: the facts the resolver sees are the same as if
//! nothing had been dropped.

use crate::facts::FileFacts;
use crate::model::Callee;
use std::collections::HashSet;
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};

/// A name reduced to a hash. A collision only keeps a call that could have been dropped or
/// lowers a file again for nothing; it never loses one.
pub(crate) type NameKey = u64;

fn key(name: &str) -> NameKey {
    name_key(name)
}

/// A name, with what qualifies it (family, class, directory), reduced to a hash.
pub(crate) fn name_key(parts: impl std::hash::Hash) -> NameKey {
    BuildHasherDefault::<DefaultHasher>::default().hash_one(parts)
}

/// Every name a project call can reach a definition through, in the files seen so far.
#[derive(Default)]
pub(crate) struct DefinedNames(HashSet<NameKey>);

impl DefinedNames {
    pub(crate) fn add_file(&mut self, f: &FileFacts) {
        for g in &f.functions {
            if let Some(name) = &g.name {
                self.0.insert(key(name));
            }
            if let Some(class) = &g.class {
                self.0.insert(key(last_segment(class)));
            }
        }
        for c in &f.classes {
            self.0.insert(key(last_segment(&c.name)));
        }
        for r in &f.reexports {
            self.0.insert(key(&r.name));
            self.0.insert(key(&r.local));
        }
        for e in &f.exports {
            self.0.insert(key(&e.name));
        }
    }

    pub(crate) fn contains(&self, k: NameKey) -> bool {
        self.0.contains(&k)
    }
}

fn last_segment(name: &str) -> &str {
    name.rsplit(['.', ':']).next().unwrap_or(name)
}

/// The names the resolver may look a call's target up by.
fn call_keys(callee: &Callee) -> impl Iterator<Item = NameKey> + '_ {
    let (first, second) = match callee {
        Callee::Function { name, export, .. } => (
            name.as_str(),
            export
                .as_deref()
                .map(|e| e.strip_prefix("default.").unwrap_or(e)),
        ),
        Callee::Method {
            name,
            class: Some(class),
            ..
        } if name == crate::model::ANY_METHOD => (last_segment(class), None),
        Callee::Method { name, .. } => (name.as_str(), None),
        Callee::Construct { class } => (last_segment(class), None),
    };
    std::iter::once(first).chain(second).map(key)
}

/// Drop the calls none of whose names `defined` holds; returns their names, deduplicated.
pub(crate) fn prune_unreachable(f: &mut FileFacts, defined: &DefinedNames) -> Vec<NameKey> {
    let mut dropped = Vec::new();
    f.project_calls.retain(|p| {
        if call_keys(&p.callee).any(|k| defined.contains(k)) {
            return true;
        }
        dropped.extend(call_keys(&p.callee));
        false
    });
    dropped.sort_unstable();
    dropped.dedup();
    dropped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{FunctionCtx, FunctionKind, Language, Span};
    use crate::model::ProjectCall;

    fn call(callee: Callee) -> ProjectCall {
        ProjectCall {
            callee,
            args: Vec::new(),
            scope: 0,
            loop_id: None,
            outcome: crate::facts::Outcome::Awaited,
            waits: true,
            deferred: false,
            after_response: false,
            concurrent_group: None,
            order: 0,
            span: Span::default(),
        }
    }

    fn function(name: &str, class: Option<&str>) -> FunctionCtx {
        FunctionCtx {
            class: class.map(str::to_string),
            ..FunctionCtx::new(1, Some(0), Some(name.to_string()), FunctionKind::Function)
        }
    }

    #[test]
    fn calls_of_undefined_names_go_and_defined_ones_stay() {
        let mut wrappers = FileFacts::new("lib/cio.ts".into(), Language::TypeScript);
        wrappers.functions.push(function("trackSignup", None));
        wrappers
            .functions
            .push(function("constructor", Some("CioService")));
        let mut defined = DefinedNames::default();
        defined.add_file(&wrappers);

        let mut caller = FileFacts::new("api/signup.ts".into(), Language::TypeScript);
        caller.project_calls = thin_vec::thin_vec![
            call(Callee::Method {
                receiver: "logger".into(),
                class: None,
                name: "info".into(),
            }),
            call(Callee::Function {
                name: "track".into(),
                module: Some("lib/cio".into()),
                export: Some("trackSignup".into()),
            }),
            call(Callee::Construct {
                class: "services.CioService".into(),
            }),
        ];
        let dropped = prune_unreachable(&mut caller, &defined);
        assert_eq!(caller.project_calls.len(), 2);
        assert_eq!(dropped, vec![key("info")]);
        // A file read later that defines `info` makes the dropped call matter again.
        let mut later = FileFacts::new("lib/logger.ts".into(), Language::TypeScript);
        later.functions.push(function("info", Some("Logger")));
        defined.add_file(&later);
        assert!(dropped.iter().any(|k| defined.contains(*k)));
    }
}
