//! Function summaries and their application at call sites.
//!
//! A summary is simply what a function does with Customer.io: the calls it makes (directly
//! or through other summarised functions) and the clients it builds. Applying it at a call
//! site re-creates each of those in the caller's file, with the caller's arguments bound to
//! the parameters and the caller's context.

use crate::facts::*;
use crate::link::{family_of, module_key, module_literals};
use crate::model::{Arg, Callee, ProjectCall};
use crate::resolve::reach::{NameKey, name_key};
use std::collections::{HashMap, HashSet};

/// How many project functions a Customer.io call is followed through.
const MAX_HOPS: usize = 4;
/// Derived calls and clients per file: a generated file calling one wrapper thousands of
/// times says nothing more after the first few thousand.
const MAX_DERIVED_PER_FILE: usize = 2_000;
/// The names a class's constructor has, per language.
const CONSTRUCTORS: [&str; 3] = ["constructor", "__init__", "initialize"];

/// A function of the project: (file index, scope id).
type FnRef = (usize, ScopeId);

/// Functions by a name key: one sorted list rather than a map of lists, as most keys name
/// one function. The index keeps hashes, not names: the files hold the names, and every
/// lookup checks them there, so a collision finds nothing more than the names would.
#[derive(Default)]
struct NameTable(Vec<(NameKey, FnRef)>);

impl NameTable {
    fn push(&mut self, key: NameKey, function: FnRef) {
        self.0.push((key, function));
    }

    /// Sort by key; functions under one key stay in the order they were added.
    fn finish(&mut self) {
        self.0.sort_by_key(|(key, _)| *key);
        self.0.shrink_to_fit();
    }

    fn get(&self, key: NameKey) -> impl Iterator<Item = &FnRef> {
        let start = self.0.partition_point(|(k, _)| *k < key);
        self.0[start..]
            .iter()
            .take_while(move |(k, _)| *k == key)
            .map(|(_, f)| f)
    }
}

/// Every project function by the ways a call can name it.
struct Index {
    /// Files per (language family, module key).
    modules: HashMap<(Language, String), Vec<usize>>,
    /// Free functions of a Go package per (directory, name).
    go_package: NameTable,
    /// Ruby methods and functions by name: Ruby calls helpers bare, from mixins and
    /// superclasses alike.
    ruby_names: NameTable,
    /// Methods per (family, class, name).
    methods: NameTable,
    /// Methods per (family, class).
    class_methods: NameTable,
    /// Methods per (family, name), for receivers whose class the syntax does not say.
    method_names: NameTable,
    /// Base class per (family, class).
    bases: HashMap<(Language, String), String>,
    /// Go files per the import path of their package, where a `go.mod` above them says it.
    go_imports: HashMap<String, Vec<usize>>,
    /// The module paths of those `go.mod` files.
    go_module_paths: Vec<String>,
    /// `module_files` answers: the suffix searches scan every module key, and the same
    /// module is imported by many files.
    module_memo: std::cell::RefCell<HashMap<(Language, String), Vec<usize>>>,
}

/// The import path of the Go package in `dir`: the module path of the nearest `go.mod`
/// above it, joined with the directory's path below that file.
fn go_import_path(dir: &str, modules: &mut HashMap<String, Option<String>>) -> Option<String> {
    let mut cur = std::path::Path::new(dir);
    let mut below: Vec<String> = Vec::new();
    for _ in 0..32 {
        let key = cur.to_string_lossy().into_owned();
        let module = modules
            .entry(key.clone())
            .or_insert_with(|| {
                let at = if key.is_empty() { "." } else { key.as_str() };
                let text = std::fs::read_to_string(std::path::Path::new(at).join("go.mod")).ok()?;
                text.lines()
                    .find_map(|l| l.trim().strip_prefix("module "))
                    .map(|m| m.trim().trim_matches('"').to_string())
            })
            .clone();
        if let Some(m) = module {
            below.reverse();
            return Some(
                std::iter::once(m)
                    .chain(below)
                    .collect::<Vec<_>>()
                    .join("/"),
            );
        }
        below.push(cur.file_name()?.to_string_lossy().into_owned());
        cur = cur.parent()?;
    }
    None
}

impl Index {
    fn new(files: &[FileFacts]) -> Self {
        let mut ix = Index {
            modules: HashMap::new(),
            go_package: NameTable::default(),
            ruby_names: NameTable::default(),
            methods: NameTable::default(),
            class_methods: NameTable::default(),
            method_names: NameTable::default(),
            bases: HashMap::new(),
            go_imports: HashMap::new(),
            go_module_paths: Vec::new(),
            module_memo: Default::default(),
        };
        let mut go_modules: HashMap<String, Option<String>> = HashMap::new();
        let mut go_dirs: HashMap<String, Option<String>> = HashMap::new();
        for (fi, f) in files.iter().enumerate() {
            let family = family_of(f.language);
            let key = module_key(&f.path);
            if family == Language::Go {
                let import = go_dirs
                    .entry(key.clone())
                    .or_insert_with(|| go_import_path(&key, &mut go_modules))
                    .clone();
                if let Some(import) = import {
                    ix.go_imports.entry(import).or_default().push(fi);
                }
            }
            ix.modules
                .entry((family, key.clone()))
                .or_default()
                .push(fi);
            for c in &f.classes {
                if let Some(base) = &c.base {
                    ix.bases.insert((family, c.name.clone()), base.clone());
                }
            }
            for func in f.functions.iter().skip(1) {
                let Some(name) = &func.name else { continue };
                let r = (fi, func.id);
                match &func.class {
                    Some(class) => {
                        ix.methods.push(name_key((family, class, name)), r);
                        ix.class_methods.push(name_key((family, class)), r);
                        ix.method_names.push(name_key((family, name)), r);
                    }
                    None if family == Language::Go => {
                        ix.go_package.push(name_key((&key, name)), r);
                    }
                    None => {}
                }
                if family == Language::Ruby {
                    ix.ruby_names.push(name_key(name), r);
                }
            }
        }
        for table in [
            &mut ix.go_package,
            &mut ix.ruby_names,
            &mut ix.methods,
            &mut ix.class_methods,
            &mut ix.method_names,
        ] {
            table.finish();
        }
        ix.go_module_paths = go_modules.into_values().flatten().collect();
        ix.go_module_paths.sort();
        ix.go_module_paths.dedup();
        ix
    }

    /// The functions under `key` that are what `wanted` says they are.
    fn checked(
        &self,
        files: &[FileFacts],
        table: &NameTable,
        key: NameKey,
        wanted: impl Fn(&FileFacts, &FunctionCtx) -> bool,
    ) -> Vec<FnRef> {
        table
            .get(key)
            .filter(|(fi, id)| {
                let f = &files[*fi];
                f.function(*id).is_some_and(|g| wanted(f, g))
            })
            .copied()
            .collect()
    }

    /// Functions of `family` named `name` whose class is `class` (free ones: `None`).
    fn named(
        &self,
        files: &[FileFacts],
        table: &NameTable,
        key: NameKey,
        family: Language,
        class: Option<&str>,
        name: &str,
    ) -> Vec<FnRef> {
        self.checked(files, table, key, |f, g| {
            family_of(f.language) == family
                && g.class.as_deref() == class
                && g.name.as_deref() == Some(name)
        })
    }

    /// Methods of any class of `family` named `name`.
    fn methods_named(&self, files: &[FileFacts], family: Language, name: &str) -> Vec<FnRef> {
        self.checked(
            files,
            &self.method_names,
            name_key((family, name)),
            |f, g| {
                family_of(f.language) == family
                    && g.class.is_some()
                    && g.name.as_deref() == Some(name)
            },
        )
    }

    /// A method of `class` or of its base classes.
    fn method(&self, files: &[FileFacts], family: Language, class: &str, name: &str) -> Vec<FnRef> {
        let mut class = class.to_string();
        for _ in 0..4 {
            let key = name_key((family, &class, name));
            let found = self.named(files, &self.methods, key, family, Some(&class), name);
            if !found.is_empty() {
                return found;
            }
            match self.bases.get(&(family, class.clone())) {
                Some(base) => class = base.rsplit(['.', ':']).next().unwrap_or(base).to_string(),
                None => break,
            }
        }
        Vec::new()
    }

    /// The files a module reference names: the module key itself, or (Python absolute
    /// imports, Go import paths) the files whose key ends with it.
    fn module_files(&self, family: Language, module: &str) -> Vec<usize> {
        let key = (family, module.to_string());
        if let Some(found) = self.module_memo.borrow().get(&key) {
            return found.clone();
        }
        let found = self.find_module_files(family, module);
        self.module_memo.borrow_mut().insert(key, found.clone());
        found
    }

    fn find_module_files(&self, family: Language, module: &str) -> Vec<usize> {
        let module = if family == Language::Python && !module.contains('/') {
            module.replace('.', "/")
        } else {
            module.to_string()
        };
        if let Some(files) = self.modules.get(&(family, module.clone())) {
            return files.clone();
        }
        if family == Language::JavaScript {
            return Vec::new();
        }
        if family == Language::Go {
            // The package `go.mod` says has this import path.
            if let Some(files) = self.go_imports.get(&module) {
                return files.clone();
            }
            // A package of a module whose `go.mod` is known, but not among the files read.
            if self.go_module_paths.iter().any(|m| {
                module
                    .strip_prefix(m.as_str())
                    .is_some_and(|r| r.starts_with('/'))
            }) {
                return Vec::new();
            }
            // `github.com/acme/app/internal/analytics` against the directory
            // `app/internal/analytics` (or `internal/analytics`, scanned from inside `app`):
            // the package whose path shares the longest tail with the import path.
            let wanted: Vec<&str> = module.rsplit('/').collect();
            let shared = |key: &str| {
                key.rsplit('/')
                    .zip(&wanted)
                    .take_while(|(a, b)| a == *b)
                    .count()
            };
            let needed = wanted.len().min(2);
            let best = self
                .modules
                .keys()
                .filter(|(fam, _)| *fam == family)
                .map(|(_, key)| shared(key))
                .max()
                .unwrap_or(0);
            if best < needed {
                return Vec::new();
            }
            return self
                .modules
                .iter()
                .filter(|((fam, key), _)| *fam == family && shared(key) == best)
                .flat_map(|(_, files)| files.iter().copied())
                .collect();
        }
        let suffix = format!("/{module}");
        self.modules
            .iter()
            .filter(|((fam, key), _)| *fam == family && key.ends_with(&suffix))
            .flat_map(|(_, files)| files.iter().copied())
            .collect()
    }

    /// The free function a module exports under `name`, following re-exports
    /// (`export { track } from "./track"`, `export * from "./track"`).
    fn exported(&self, files: &[FileFacts], fi: usize, name: &str, depth: usize) -> Vec<FnRef> {
        let own = free_functions(&files[fi], name);
        if !own.is_empty() {
            return own.into_iter().map(|id| (fi, id)).collect();
        }
        if depth >= 4 {
            return Vec::new();
        }
        let family = family_of(files[fi].language);
        let mut out = Vec::new();
        for r in &files[fi].reexports {
            let local = if r.name == "*" {
                name
            } else if r.name == name {
                r.local.as_str()
            } else {
                continue;
            };
            for fj in self.module_files(family, &r.module) {
                if fj != fi {
                    out.extend(self.exported(files, fj, local, depth + 1));
                }
            }
        }
        out
    }

    /// The functions a project call may run.
    fn targets(&self, files: &[FileFacts], caller: usize, call: &ProjectCall) -> Vec<FnRef> {
        let f = &files[caller];
        let family = family_of(f.language);
        match &call.callee {
            Callee::Function {
                name, module: None, ..
            } => {
                // Ruby: a bare call inside a class runs the class's (or a mixin's) method.
                if family == Language::Ruby {
                    if let Some(class) = enclosing_class(f, call.scope) {
                        let found = self.method(files, family, class, name);
                        if !found.is_empty() {
                            return found;
                        }
                    }
                    let found = self.checked(files, &self.ruby_names, name_key(name), |f, g| {
                        f.language == Language::Ruby && g.name.as_deref() == Some(name)
                    });
                    // Two unrelated helpers of the same name: the syntax cannot tell which.
                    return if found.len() == 1 { found } else { Vec::new() };
                }
                let own = free_functions(f, name);
                if !own.is_empty() {
                    return own
                        .into_iter()
                        .filter(|id| visible_from(f, *id, call.scope))
                        .map(|id| (caller, id))
                        .collect();
                }
                if family == Language::Go {
                    let dir = module_key(&f.path);
                    return self.checked(
                        files,
                        &self.go_package,
                        name_key((&dir, name)),
                        |g_file, g| {
                            g_file.language == Language::Go
                                && g.class.is_none()
                                && g.name.as_deref() == Some(name.as_str())
                                && module_key(&g_file.path) == dir
                        },
                    );
                }
                Vec::new()
            }
            Callee::Function {
                name,
                module: Some(module),
                export,
            } => {
                let mut out = Vec::new();
                for fi in self.module_files(family, module) {
                    if fi == caller {
                        continue;
                    }
                    match export.as_deref() {
                        Some(e) if e.starts_with("default.") => {
                            let method = &e["default.".len()..];
                            out.extend(
                                files[fi]
                                    .functions
                                    .iter()
                                    .filter(|g| {
                                        g.class.is_some() && g.name.as_deref() == Some(method)
                                    })
                                    .map(|g| (fi, g.id)),
                            );
                        }
                        other => {
                            let wanted = match other {
                                Some(e) if e != "default" && e != "*" => e,
                                _ => name,
                            };
                            out.extend(self.exported(files, fi, wanted, 0));
                        }
                    }
                }
                out
            }
            Callee::Method {
                class: Some(class),
                name,
                ..
            } if name == crate::model::ANY_METHOD => {
                let class = class.rsplit(['.', ':']).next().unwrap_or(class);
                let mut all = self.checked(
                    files,
                    &self.class_methods,
                    name_key((family, class)),
                    |f, g| {
                        family_of(f.language) == family
                            && g.class.as_deref() == Some(class)
                            && g.name
                                .as_deref()
                                .is_some_and(|m| !CONSTRUCTORS.contains(&m))
                    },
                );
                all.sort_unstable();
                all
            }
            Callee::Method {
                receiver,
                class: Some(class),
                name,
            } => {
                let class = class.rsplit(['.', ':']).next().unwrap_or(class);
                let found = self.method(files, family, class, name);
                // Only an object (`customerIO`, `lead_account`) stands for a class it names;
                // a constant (`StripeWrapper::Customer`) is a class of its own.
                let object = receiver
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_lowercase());
                if !found.is_empty() || !object {
                    return found;
                }
                // An imported object rather than a class (`export const customerIO =
                // CustomerIOService.getInstance()`): a method of the class its name names.
                let candidates = self.methods_named(files, family, name);
                candidates
                    .iter()
                    .filter(|(fi, id)| {
                        files[*fi]
                            .function(*id)
                            .and_then(|g| g.class.as_deref())
                            .is_some_and(|c| {
                                receiver_names_class(receiver, c) || receiver_names_class(class, c)
                            })
                    })
                    .copied()
                    .collect()
            }
            Callee::Method {
                receiver,
                class: None,
                name,
            } => {
                let candidates = self.methods_named(files, family, name);
                let class_of =
                    |(fi, id): &FnRef| files[*fi].function(*id).and_then(|g| g.class.as_deref());
                // `lead_account` names `LeadAccount`, not `Lead`, when both have the method.
                let exact: Vec<FnRef> = candidates
                    .iter()
                    .filter(|r| class_of(r).is_some_and(|c| receiver_is_class(receiver, c)))
                    .copied()
                    .collect();
                if !exact.is_empty() {
                    return exact;
                }
                candidates
                    .iter()
                    .filter(|r| class_of(r).is_some_and(|c| receiver_names_class(receiver, c)))
                    .copied()
                    .collect()
            }
            Callee::Construct { class } => {
                let class = class.rsplit(['.', ':']).next().unwrap_or(class);
                CONSTRUCTORS
                    .iter()
                    .flat_map(|c| self.method(files, family, class, c))
                    .collect()
            }
        }
    }
}

/// Whether function `id` can be called by name from `scope`: a function nested in another
/// is local to it (three `def _sync()` helpers in three functions are three functions).
/// The free functions (no class) of a file named `name`, in order.
fn free_functions(f: &FileFacts, name: &str) -> Vec<ScopeId> {
    f.functions
        .iter()
        .skip(1)
        .filter(|g| g.class.is_none() && g.name.as_deref() == Some(name))
        .map(|g| g.id)
        .collect()
}

fn visible_from(f: &FileFacts, id: ScopeId, scope: ScopeId) -> bool {
    let Some(parent) = f.function(id).and_then(|g| g.parent) else {
        return true;
    };
    if parent == MODULE_SCOPE {
        return true;
    }
    let mut cur = Some(scope);
    for _ in 0..64 {
        let Some(s) = cur else { break };
        if s == parent {
            return true;
        }
        cur = f.function(s).and_then(|g| g.parent);
    }
    false
}

/// The class of the method a scope belongs to.
fn enclosing_class(f: &FileFacts, scope: ScopeId) -> Option<&str> {
    let mut cur = f.function(scope);
    while let Some(func) = cur {
        if let Some(c) = &func.class {
            return Some(c);
        }
        cur = func.parent.and_then(|p| f.function(p));
    }
    None
}

/// Whether a receiver's name is the class's name (`lead_account`, `leadAccount` for
/// `LeadAccount`).
fn receiver_is_class(receiver: &str, class: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let leaf = receiver.rsplit(['.', ':']).next().unwrap_or(receiver);
    norm(leaf) == norm(class)
}

/// Whether a receiver's name says it holds an instance of `class`: `this.customerIo` and
/// `@cio_service` name `CustomerIoService`, `analytics` names `AnalyticsService`.
fn receiver_names_class(receiver: &str, class: &str) -> bool {
    let leaf = receiver
        .rsplit(['.', ':'])
        .next()
        .unwrap_or(receiver)
        .trim_start_matches(['@', '_', '$']);
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let (r, c) = (norm(leaf), norm(class));
    if r.len() < 3 {
        return false;
    }
    // `analytics` names `AnalyticsService`; `payment` does not name `PaymentsController`.
    const ROLES: &[&str] = &[
        "service",
        "services",
        "client",
        "api",
        "manager",
        "notifier",
        "wrapper",
        "helper",
        "tracker",
        "tracking",
        "integration",
        "mailer",
        "adapter",
        "gateway",
        "provider",
        "sender",
        "handler",
        "lib",
    ];
    r == c
        || c.strip_prefix(&r).is_some_and(|role| ROLES.contains(&role))
        || r.strip_prefix(&c).is_some_and(|role| ROLES.contains(&role))
}

/// The named function a scope's code belongs to: anonymous callbacks inside a function
/// belong to it. None at module scope.
fn owner(f: &FileFacts, scope: ScopeId) -> Option<ScopeId> {
    let mut cur = scope;
    for _ in 0..64 {
        if cur == MODULE_SCOPE {
            return None;
        }
        let func = f.function(cur)?;
        if func.name.is_some() {
            return Some(cur);
        }
        cur = func.parent?;
    }
    None
}

/// What one parameter of the summarised function is at a call site.
enum Bound<'a> {
    /// The whole argument.
    Arg(&'a Arg),
    /// Keyword arguments no parameter is named for, gathered into one hash: Ruby's trailing
    /// hash (`track(user, "x", plan: p)` for `def track(user, name, data = {})`) or its
    /// `**opts` parameter.
    Gathered(Arg),
    /// One entry of an object argument, destructured in the parameter list
    /// (`function track({ email, plan })`).
    Key(&'a Arg, String),
}

impl Bound<'_> {
    /// The argument a parameter is bound to as a whole.
    fn whole(&self) -> Option<&Arg> {
        match self {
            Bound::Arg(a) => Some(a),
            Bound::Gathered(a) => Some(a),
            Bound::Key(..) => None,
        }
    }
}

/// The keyword arguments of a call that no parameter is named for, as one hash argument:
/// their entries become its attributes, `**h` splats its spreads.
fn gathered(params: &[String], call: &ProjectCall) -> Option<Arg> {
    let named: HashSet<&str> = params
        .iter()
        .map(|p| {
            p.trim()
                .trim_start_matches(['*', '&'])
                .split([':', '='])
                .next()
                .unwrap_or("")
                .trim()
        })
        .collect();
    let mut hash: Option<Arg> = None;
    for a in &call.args {
        let Some(k) = a.keyword.as_deref() else {
            continue;
        };
        if named.contains(k) {
            continue;
        }
        let h = hash.get_or_insert_with(|| Arg {
            keyword: None,
            expr: Expr {
                value: Value::Object,
                span: a.expr.span,
                text: "{…}".to_string(),
                via: None,
            },
            attrs: Vec::new(),
            spreads: Vec::new(),
        });
        if k == "**" {
            h.spreads.push(a.expr.clone());
            continue;
        }
        h.attrs.push(Attr {
            key: k.to_string(),
            key_span: a.expr.span,
            value: a.expr.clone(),
            section: Section::Top,
            depth: 0,
        });
        for inner in &a.attrs {
            h.attrs.push(Attr {
                depth: inner.depth.saturating_add(1),
                ..inner.clone()
            });
        }
        h.spreads.extend(a.spreads.iter().cloned());
    }
    hash
}

/// The result of putting a call site's arguments into an expression of the callee.
enum Sub {
    /// The expression does not depend on a parameter: it is the callee's own business.
    Own,
    /// It does: this is what it is at the call site.
    Replaced(Expr),
    /// It does, but what the call site passes cannot be told.
    Lost,
}

struct Binder<'a> {
    params: HashMap<String, Bound<'a>>,
}

impl<'a> Binder<'a> {
    fn new(callee: &FileFacts, owner: ScopeId, inner: ScopeId, call: &'a ProjectCall) -> Self {
        let mut params = HashMap::new();
        let Some(func) = callee.function(owner) else {
            return Binder { params };
        };
        let positional: Vec<&Arg> = call.args.iter().filter(|a| a.keyword.is_none()).collect();
        let mut gather: Option<String> = None;
        let mut trailing: Option<String> = None;
        let mut positions_known = true;
        for (i, p) in func.params.iter().enumerate() {
            let p = p.trim();
            if let Some(inner) = p.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                let Some(arg) = positional.get(i) else {
                    continue;
                };
                for part in inner.split(',') {
                    let part = part.trim().trim_start_matches("...");
                    let part = part.split('=').next().unwrap_or(part).trim();
                    let (key, local) = match part.split_once(':') {
                        Some((k, l)) => (k.trim(), l.trim()),
                        None => (part, part),
                    };
                    if is_identifier(key) && is_identifier(local) {
                        params.insert(local.to_string(), Bound::Key(arg, key.to_string()));
                    }
                }
                continue;
            }
            let name = p
                .trim_start_matches(['*', '&'])
                .split([':', '='])
                .next()
                .unwrap_or(p)
                .trim();
            if !is_identifier(name) {
                continue;
            }
            // `**opts` gathers the keywords no other parameter names; after `*args` or a
            // block parameter, positions cannot be told.
            if p.starts_with("**") {
                gather = Some(name.to_string());
                continue;
            }
            if p.starts_with(['*', '&']) {
                positions_known = false;
                continue;
            }
            // Ruby keyword parameters are described as `name:`: only a keyword binds them.
            let keyword_only = p.ends_with(':');
            let arg = call
                .args
                .iter()
                .find(|a| a.keyword.as_deref() == Some(name))
                .or_else(|| {
                    (!keyword_only && positions_known)
                        .then(|| positional.get(i).copied())
                        .flatten()
                });
            match arg {
                Some(arg) => {
                    params.insert(name.to_string(), Bound::Arg(arg));
                }
                // Ruby: keywords a method without keyword parameters is called with arrive
                // as one more positional argument, a hash. (Python would raise.)
                None if callee.language == Language::Ruby
                    && !keyword_only
                    && positions_known
                    && i == positional.len() =>
                {
                    trailing = Some(name.to_string());
                }
                None => {}
            }
        }
        let takes_keywords = func.params.iter().any(|p| p.trim().ends_with(':'));
        let target = gather.or(trailing.filter(|_| !takes_keywords));
        if let Some(target) = target
            && let Some(hash) = gathered(&func.params, call)
        {
            params.insert(target, Bound::Gathered(hash));
        }
        // Parameters of callbacks between the call and the function shadow its own.
        let mut cur = callee.function(inner);
        while let Some(g) = cur {
            if g.id == owner {
                break;
            }
            for p in &g.params {
                params.remove(p.trim());
            }
            cur = g.parent.and_then(|p| callee.function(p));
        }
        Binder { params }
    }

    fn sub(&self, e: &Expr) -> Sub {
        match &e.value {
            Value::Path(path) => {
                let Some(bound) = path.first().and_then(|h| self.params.get(h)) else {
                    return Sub::Own;
                };
                let (arg, rest): (&Arg, Vec<String>) = match bound {
                    Bound::Arg(a) => (a, path[1..].to_vec()),
                    Bound::Gathered(a) => (a, path[1..].to_vec()),
                    Bound::Key(a, key) => {
                        let mut rest = vec![key.clone()];
                        rest.extend(path[1..].iter().cloned());
                        (a, rest)
                    }
                };
                select(arg, &rest).map_or(Sub::Lost, Sub::Replaced)
            }
            Value::OneOf(alts) => {
                let mut out = Vec::new();
                let mut first: Option<Expr> = None;
                for alt in alts {
                    let probe = Expr {
                        value: alt.clone(),
                        ..e.clone()
                    };
                    match self.sub(&probe) {
                        Sub::Own => out.push(alt.clone()),
                        Sub::Lost => return Sub::Lost,
                        Sub::Replaced(x) => {
                            out.push(x.value.clone());
                            first.get_or_insert(x);
                        }
                    }
                }
                match first {
                    None => Sub::Own,
                    Some(x) => Sub::Replaced(Expr {
                        value: Value::OneOf(out),
                        ..x
                    }),
                }
            }
            Value::Interpolated {
                literal_parts,
                holes,
            } => {
                let mut out = Vec::new();
                let mut first: Option<Expr> = None;
                for h in holes {
                    match self.sub(h) {
                        Sub::Own => out.push(h.clone()),
                        Sub::Lost => return Sub::Lost,
                        Sub::Replaced(x) => {
                            first.get_or_insert(x.clone());
                            out.push(x);
                        }
                    }
                }
                match first {
                    None => Sub::Own,
                    Some(x) => Sub::Replaced(Expr {
                        value: Value::Interpolated {
                            literal_parts: literal_parts.clone(),
                            holes: out,
                        },
                        span: x.span,
                        text: e.text.clone(),
                        via: None,
                    }),
                }
            }
            _ => Sub::Own,
        }
    }
}

/// `rest` of an argument: `user.email` of `user` is the `email` entry of an object
/// literal, or the path `<arg>.email`.
fn select(arg: &Arg, rest: &[String]) -> Option<Expr> {
    let Some((head, tail)) = rest.split_first() else {
        return Some(arg.expr.clone());
    };
    if let Some(attr) = arg.attrs.iter().find(|a| a.depth == 0 && &a.key == head) {
        if tail.is_empty() {
            return Some(attr.value.clone());
        }
        return extend(&attr.value, tail);
    }
    if !arg.attrs.is_empty() || !arg.spreads.is_empty() {
        return None;
    }
    extend(&arg.expr, rest)
}

fn extend(e: &Expr, rest: &[String]) -> Option<Expr> {
    let Value::Path(p) = &e.value else {
        return None;
    };
    let mut path = p.clone();
    path.extend(rest.iter().cloned());
    Some(Expr {
        value: Value::Path(path),
        span: e.span,
        text: format!("{}.{}", e.text, rest.join(".")),
        via: None,
    })
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
        && !s.starts_with(|c: char| c.is_ascii_digit())
}

/// Something a summarised function does with Customer.io.
#[derive(Clone, Copy)]
enum Effect {
    /// `files[file].calls[index]`.
    Call { file: usize, index: usize },
    /// `files[file].clients[index]`: a client built on every call of the function.
    Client { file: usize, index: usize },
}

/// Where each derived client came from, for `annotate`.
type ClientOrigins = HashMap<(usize, usize), (Location, Vec<Location>)>;

fn summaries(files: &[FileFacts], origins: &ClientOrigins) -> HashMap<FnRef, Vec<Effect>> {
    let mut out: HashMap<FnRef, Vec<Effect>> = HashMap::new();
    for (fi, f) in files.iter().enumerate() {
        for (ci, call) in f.calls.iter().enumerate() {
            if !call.method.followed_through_wrappers() {
                continue;
            }
            if let Some(fw) = call.forwarded.and_then(|i| f.forwarded.get(i as usize))
                && fw.via.len() + 1 >= MAX_HOPS
            {
                continue;
            }
            if let Some(o) = owner(f, call.scope) {
                out.entry((fi, o)).or_default().push(Effect::Call {
                    file: fi,
                    index: ci,
                });
            }
        }
        for (ci, client) in f.clients.iter().enumerate() {
            if client.info.sdk == Sdk::RawHttp {
                continue;
            }
            let Some(o) = owner(f, client.scope) else {
                continue;
            };
            let in_constructor = f
                .function(o)
                .and_then(|g| g.name.as_deref())
                .is_some_and(|n| CONSTRUCTORS.contains(&n));
            let fresh = match client.lifetime {
                Lifetime::Local | Lifetime::Returned => true,
                Lifetime::Shared => in_constructor,
                Lifetime::Memoized => false,
            };
            let deep = origins
                .get(&(fi, ci))
                .is_some_and(|(_, via)| via.len() + 1 >= MAX_HOPS);
            if fresh && !deep {
                out.entry((fi, o)).or_default().push(Effect::Client {
                    file: fi,
                    index: ci,
                });
            }
        }
    }
    out
}

/// Everything one round derives for one file.
#[derive(Default)]
struct Derived {
    calls: Vec<(Call, Forwarded)>,
    clients: Vec<(Client, Forwarded)>,
}

/// Re-create every summarised Customer.io call and client at the call sites of the project
/// functions that lead to them, through up to [`MAX_HOPS`] functions.
pub(crate) fn resolve(files: &mut [FileFacts]) {
    let index = Index::new(files);
    let mut done: HashSet<(usize, usize, usize, usize, bool)> = HashSet::new();
    let mut origins: ClientOrigins = HashMap::new();
    for _ in 0..MAX_HOPS {
        let summaries = summaries(files, &origins);
        if std::env::var_os("CIOLINT_DEBUG_RESOLVE").is_some() {
            for ((fi, id), effects) in &summaries {
                eprintln!(
                    "summary {} #{id}: {} effects",
                    files[*fi].path,
                    effects.len()
                );
            }
        }
        if summaries.is_empty() {
            return;
        }
        let mut derived: Vec<Derived> = (0..files.len()).map(|_| Derived::default()).collect();
        for (k, f) in files.iter().enumerate() {
            let budget = MAX_DERIVED_PER_FILE.saturating_sub(f.forwarded.len());
            for (pi, p) in f.project_calls.iter().enumerate() {
                if derived[k].calls.len() + derived[k].clients.len() >= budget {
                    break;
                }
                let here = owner(f, p.scope);
                for target in index.targets(files, k, p) {
                    if Some(target.1) == here && target.0 == k {
                        continue;
                    }
                    let Some(effects) = summaries.get(&target) else {
                        continue;
                    };
                    for effect in effects {
                        let (tf, ti, is_client) = match *effect {
                            Effect::Call { file, index } => (file, index, false),
                            Effect::Client { file, index } => (file, index, true),
                        };
                        if !done.insert((k, pi, tf, ti, is_client)) {
                            continue;
                        }
                        if is_client {
                            if let Some(d) = derive_client(files, k, p, target, tf, ti, &origins) {
                                derived[k].clients.push(d);
                            }
                        } else if let Some(d) = derive_call(files, k, p, target, tf, ti) {
                            derived[k].calls.push(d);
                        }
                    }
                }
            }
        }
        if std::env::var_os("CIOLINT_DEBUG_RESOLVE").is_some() {
            for (k, d) in derived.iter().enumerate() {
                for (c, _) in &d.calls {
                    let keys: Vec<&str> = c.attributes.iter().map(|a| a.key.as_str()).collect();
                    eprintln!(
                        "derived {}:{} {} attrs={keys:?} payload={:?}",
                        files[k].path,
                        c.span.line,
                        c.method_name,
                        c.payload.as_ref().map(|p| &p.text)
                    );
                }
            }
        }
        if derived
            .iter()
            .all(|d| d.calls.is_empty() && d.clients.is_empty())
        {
            return;
        }
        for (k, d) in derived.into_iter().enumerate() {
            let f = &mut files[k];
            for (mut call, fw) in d.calls {
                call.forwarded = Some(f.forwarded.len() as u32);
                f.forwarded.push(fw);
                f.calls.push(call);
            }
            for (client, fw) in d.clients {
                origins.insert(
                    (k, f.clients.len()),
                    (fw.sdk_call.clone(), {
                        let mut via = vec![Location {
                            path: f.path.clone(),
                            span: fw.site,
                        }];
                        via.extend(fw.via.iter().cloned());
                        via
                    }),
                );
                f.forwarded.push(fw);
                f.clients.push(client);
            }
        }
    }
}

fn function_label(f: &FileFacts, id: ScopeId) -> String {
    let func = f.function(id);
    match (
        func.and_then(|g| g.class.as_deref()),
        func.and_then(|g| g.name.as_deref()),
    ) {
        (Some(c), Some(n)) if CONSTRUCTORS.contains(&n) => c.to_string(),
        (Some(c), Some(n)) => format!("{c}.{n}"),
        (None, Some(n)) => n.to_string(),
        _ => "this function".to_string(),
    }
}

/// The calls between this call site and the Customer.io call: the summarised call itself
/// when it was derived too, then its own chain.
fn chain(
    files: &[FileFacts],
    tf: usize,
    inner_span: Span,
    inner: Option<&Forwarded>,
) -> (Location, Vec<Location>) {
    match inner {
        Some(fw) => {
            let mut via = vec![Location {
                path: files[tf].path.clone(),
                span: inner_span,
            }];
            via.extend(fw.via.iter().cloned());
            (fw.sdk_call.clone(), via)
        }
        None => (
            Location {
                path: files[tf].path.clone(),
                span: inner_span,
            },
            Vec::new(),
        ),
    }
}

/// A call the callee makes through `send(name_param, ...)` for one method of its class, when
/// this call site names another method in that parameter (`Service.new(user, "user_signup")`
/// runs `user_signup`, not `reset_password_request`).
fn dispatched_elsewhere(callee_file: &FileFacts, t: &Call, binder: &Binder) -> bool {
    let Some(fw) = t
        .forwarded
        .and_then(|i| callee_file.forwarded.get(i as usize))
    else {
        return false;
    };
    let Some(Callee::Method {
        receiver: param,
        name,
        class: Some(_),
    }) = callee_file
        .project_calls
        .iter()
        .find(|q| q.span == fw.site)
        .map(|q| &q.callee)
    else {
        return false;
    };
    if name != crate::model::ANY_METHOD {
        return false;
    }
    let probe = Expr {
        value: Value::Path(vec![param.clone()]),
        span: fw.site,
        text: param.clone(),
        via: None,
    };
    let Sub::Replaced(named) = binder.sub(&probe) else {
        return false;
    };
    let Value::Str(method) = &named.value else {
        return false;
    };
    let dispatched = fw.function.rsplit('.').next().unwrap_or(&fw.function);
    dispatched != method.trim_start_matches(':')
}

fn derive_call(
    files: &[FileFacts],
    k: usize,
    p: &ProjectCall,
    target: FnRef,
    tf: usize,
    ti: usize,
) -> Option<(Call, Forwarded)> {
    let callee_file = &files[tf];
    let t = &callee_file.calls[ti];
    let callee_fn = files[target.0].function(target.1)?;
    let binder = Binder::new(callee_file, target.1, t.scope, p);
    if dispatched_elsewhere(callee_file, t, &binder) {
        return None;
    }
    let family = family_of(files[k].language);
    let mut substituted: Vec<(Span, Location)> = Vec::new();
    let mut lost = false;
    let sub = |e: &Expr, substituted: &mut Vec<(Span, Location)>| -> Option<Expr> {
        match binder.sub(e) {
            Sub::Replaced(x) => {
                substituted.push((
                    x.span,
                    Location {
                        path: callee_file.path.clone(),
                        span: e.span,
                    },
                ));
                Some(x)
            }
            Sub::Own => None,
            Sub::Lost => None,
        }
    };
    let mut call = t.clone();
    call.client_index = None;
    call.via_factory = None;
    call.unresolved = None;
    call.customer_id = t
        .customer_id
        .as_ref()
        .and_then(|e| sub(e, &mut substituted));
    call.event_name = t.event_name.as_ref().and_then(|e| sub(e, &mut substituted));
    call.timestamp = t.timestamp.as_ref().and_then(|a| {
        let value = sub(&a.value, &mut substituted)?;
        Some(Box::new(Attr {
            key_span: value.span,
            value,
            ..(**a).clone()
        }))
    });
    let data_section = matches!(
        t.method,
        Method::Track | Method::TrackAnonymous | Method::Page
    );
    let mut attributes = Vec::new();
    for a in &t.attributes {
        match sub(&a.value, &mut substituted) {
            Some(value) => attributes.push(Attr {
                key_span: value.span,
                value,
                ..a.clone()
            }),
            None => lost = true,
        }
    }
    let mut spreads = Vec::new();
    let mut payload = None;
    let spread_in = |e: &Expr,
                     is_payload: bool,
                     substituted: &mut Vec<(Span, Location)>,
                     attributes: &mut Vec<Attr>,
                     spreads: &mut Vec<Expr>,
                     payload: &mut Option<Expr>| {
        // The whole object argument (`data`, `data || {}`): its literal entries become the
        // call's payload.
        let whole = e.value.alternatives().into_iter().find_map(|v| match v {
            Value::Path(path) if path.len() == 1 => binder
                .params
                .get(&path[0])
                .and_then(Bound::whole)
                .filter(|arg| !arg.attrs.is_empty() || !arg.spreads.is_empty()),
            _ => None,
        });
        if let Some(arg) = whole {
            substituted.push((
                arg.expr.span,
                Location {
                    path: callee_file.path.clone(),
                    span: e.span,
                },
            ));
            for a in &arg.attrs {
                let mut a = a.clone();
                if data_section && is_payload {
                    a.section = Section::Data;
                }
                attributes.push(a);
            }
            spreads.extend(arg.spreads.iter().cloned());
            return true;
        }
        match binder.sub(e) {
            Sub::Replaced(x) => {
                substituted.push((
                    x.span,
                    Location {
                        path: callee_file.path.clone(),
                        span: e.span,
                    },
                ));
                if is_payload {
                    *payload = Some(x);
                } else {
                    spreads.push(x);
                }
                true
            }
            _ => false,
        }
    };
    for s in &t.spreads {
        if !spread_in(
            s,
            false,
            &mut substituted,
            &mut attributes,
            &mut spreads,
            &mut payload,
        ) {
            lost = true;
        }
    }
    if let Some(pl) = &t.payload
        && !spread_in(
            pl,
            true,
            &mut substituted,
            &mut attributes,
            &mut spreads,
            &mut payload,
        )
    {
        lost = true;
    }
    if lost && payload.is_none() {
        // Part of the payload is the wrapper's own: rules about what is missing from it
        // cannot judge this call site.
        payload = Some(Expr {
            value: Value::Unknown,
            span: p.span,
            text: String::new(),
            via: None,
        });
    }
    call.attributes = attributes;
    call.spreads = spreads;
    call.payload = payload.map(Box::new);
    if let Some(req) = &t.request {
        reclassify(&binder, req, &mut call, callee_file, &mut substituted);
    }

    let inner_waits =
        t.waits || (t.outcome == Outcome::Returned && t.client.sdk.returns_rejecting_promise());
    let site_waits = match family {
        Language::JavaScript => p.outcome == Outcome::Awaited,
        _ => p.waits && (p.outcome == Outcome::Awaited || !callee_fn.is_async),
    };
    call.waits = inner_waits && site_waits && !p.deferred;
    call.outcome = match t.outcome {
        Outcome::Returned => p.outcome,
        // The wrapper awaits it: a failure rejects the wrapper's promise, unless the wrapper
        // catches it, which its summary cannot tell. Only a call site that waits is sure.
        Outcome::Awaited if p.outcome != Outcome::Discarded => p.outcome,
        Outcome::Caught => Outcome::Caught,
        _ => Outcome::Passed,
    };
    call.deferred = t.deferred || p.deferred;
    call.scope = p.scope;
    call.loop_id = p.loop_id;
    call.after_response = p.after_response;
    call.concurrent_group = p.concurrent_group;
    call.order = p.order;
    call.span = p.span;
    let label = function_label(&files[target.0], target.1);
    call.method_name = format!("{label}() → {}", call.method_name);
    let inner = t
        .forwarded
        .and_then(|i| callee_file.forwarded.get(i as usize));
    let (sdk_call, via) = chain(files, tf, t.span, inner);
    Some((
        call,
        Forwarded {
            function: label,
            site: p.span,
            builds_client: false,
            sdk_call,
            via,
            substituted,
        },
    ))
}

/// A request helper (`cioRequest(path, method, body)`): its URL and verb at this call
/// site say which Track/App API operation it is, where the customer id sits in the path,
/// and how the body splits into event name and data.
fn reclassify(
    binder: &Binder,
    req: &RawRequest,
    call: &mut Call,
    callee_file: &FileFacts,
    substituted: &mut Vec<(Span, Location)>,
) {
    let Sub::Replaced(url) = binder.sub(&req.url) else {
        return;
    };
    let url = Expr {
        value: splice(&url.value),
        ..url
    };
    let Some(endpoint) = crate::lang::http::classify_url(&url) else {
        return;
    };
    substituted.push((
        url.span,
        Location {
            path: callee_file.path.clone(),
            span: req.url.span,
        },
    ));
    let verb = match req.verb.as_ref().map(|v| binder.sub(v)) {
        Some(Sub::Replaced(Expr {
            value: Value::Str(v),
            ..
        })) => Some(v.to_ascii_uppercase()),
        _ => req.verb_text.clone(),
    };
    let method = endpoint.method_for(verb.as_deref());
    call.method = method;
    call.client.kind = endpoint.kind;
    if endpoint.customer_id.is_some() {
        call.customer_id = endpoint.customer_id.clone();
    }
    call.method_name = format!("{} {}", verb.as_deref().unwrap_or("POST"), endpoint.path);
    call.request = Some(Box::new(RawRequest {
        url,
        verb: None,
        verb_text: verb,
    }));
    if matches!(method, Method::Track | Method::TrackAnonymous) && call.event_name.is_none() {
        split_event_body(call);
    }
}

/// `{ name, data: { … }, timestamp }` sent as a Track event body: the name, the data
/// entries and the timestamp, as an SDK `track` call carries them.
fn split_event_body(call: &mut Call) {
    let mut rest = Vec::new();
    let mut in_data = false;
    for mut a in std::mem::take(&mut call.attributes) {
        if a.depth == 0 {
            in_data = false;
            match a.key.as_str() {
                "name" => call.event_name = Some(a.value),
                "timestamp" => call.timestamp = Some(Box::new(a)),
                "data" => {
                    in_data = true;
                    if !matches!(a.value.value, Value::Object) {
                        // `data: props` or `data: data || {}`: the data is whatever the
                        // caller passed.
                        call.payload.get_or_insert(Box::new(a.value));
                    }
                }
                _ => rest.push(a),
            }
        } else if in_data {
            a.depth -= 1;
            a.section = Section::Data;
            rest.push(a);
        } else {
            rest.push(a);
        }
    }
    call.attributes = rest;
}

/// An interpolated string whose holes are themselves strings, as one interpolation:
/// `${BASE}${path}` with `path` = `/customers/${id}` is `BASE/customers/${id}`.
fn splice(value: &Value) -> Value {
    let Value::Interpolated {
        literal_parts,
        holes,
    } = value
    else {
        return value.clone();
    };
    let mut parts: Vec<String> = vec![literal_parts.first().cloned().unwrap_or_default()];
    let mut out_holes: Vec<Expr> = Vec::new();
    for (i, h) in holes.iter().enumerate() {
        let next = literal_parts.get(i + 1).cloned().unwrap_or_default();
        match &h.value {
            Value::Str(s) => {
                parts.last_mut().expect("one part").push_str(s);
            }
            Value::Interpolated { .. } => {
                let Value::Interpolated {
                    literal_parts: inner_parts,
                    holes: inner_holes,
                } = splice(&h.value)
                else {
                    unreachable!("splice keeps an interpolation one")
                };
                let mut inner = inner_parts.into_iter();
                parts
                    .last_mut()
                    .expect("one part")
                    .push_str(&inner.next().unwrap_or_default());
                for (ih, ip) in inner_holes.into_iter().zip(inner) {
                    out_holes.push(ih);
                    parts.push(ip);
                }
            }
            _ => {
                out_holes.push(h.clone());
                parts.push(String::new());
            }
        }
        parts.last_mut().expect("one part").push_str(&next);
    }
    Value::Interpolated {
        literal_parts: parts,
        holes: out_holes,
    }
}

fn derive_client(
    files: &[FileFacts],
    k: usize,
    p: &ProjectCall,
    target: FnRef,
    tf: usize,
    ti: usize,
    origins: &ClientOrigins,
) -> Option<(Client, Forwarded)> {
    let f = &files[k];
    if p.scope == MODULE_SCOPE
        || f.clients.iter().any(|c| c.span == p.span)
        || f.calls
            .iter()
            .any(|c| c.via_factory.as_ref().is_some_and(|v| v.span == p.span))
    {
        return None;
    }
    let built = &files[tf].clients[ti];
    let (sdk_call, via) = match origins.get(&(tf, ti)) {
        Some((origin, via)) => (origin.clone(), via.clone()),
        None => (
            Location {
                path: files[tf].path.clone(),
                span: built.span,
            },
            Vec::new(),
        ),
    };
    let client = Client {
        info: built.info,
        credentials: Vec::new(),
        scope: p.scope,
        loop_id: p.loop_id,
        lifetime: Lifetime::Local,
        binding: None,
        used_in_scope: false,
        span: p.span,
        misplaced_region: None,
        region: built.region.clone(),
        http_client: built.http_client,
    };
    Some((
        client,
        Forwarded {
            function: function_label(&files[target.0], target.1),
            site: p.span,
            builds_client: true,
            sdk_call,
            via,
            substituted: Vec::new(),
        },
    ))
}

/// The names of functions that reach Customer.io: they make a call or build a client, or
/// call (by name) a function that does. Names only: the rediscovery pass that uses them
/// runs before imports are resolved.
fn wrapper_names(files: &[FileFacts]) -> HashSet<String> {
    // The names calls use for the function a scope belongs to: its own, and its class's when
    // it is a constructor (`new C()`, `C(...)`, `C.new` run it).
    let names_of = |f: &FileFacts, scope: ScopeId| -> Vec<String> {
        let Some(g) = owner(f, scope).and_then(|o| f.function(o)) else {
            return Vec::new();
        };
        let Some(n) = &g.name else {
            return Vec::new();
        };
        let mut out = vec![n.clone()];
        if CONSTRUCTORS.contains(&n.as_str())
            && let Some(c) = &g.class
        {
            out.push(c.clone());
        }
        out
    };
    let mut names: HashSet<String> = HashSet::new();
    for f in files {
        let scopes = f
            .calls
            .iter()
            .filter(|c| c.method.sends() || matches!(c.method, Method::Reset | Method::Flush))
            .map(|c| c.scope)
            .chain(f.clients.iter().map(|c| c.scope));
        for s in scopes {
            names.extend(names_of(f, s));
        }
    }
    for _ in 1..MAX_HOPS {
        let mut more = Vec::new();
        for f in files {
            for p in &f.project_calls {
                let name = p.callee.name();
                let name = match &p.callee {
                    Callee::Construct { .. } => name.rsplit(['.', ':']).next().unwrap_or(name),
                    _ => name,
                };
                if names.contains(name) {
                    more.extend(
                        names_of(f, p.scope)
                            .into_iter()
                            .filter(|n| !names.contains(n)),
                    );
                }
            }
        }
        if more.is_empty() {
            break;
        }
        names.extend(more);
    }
    names
}

/// The files of a Go wrapper's directory that name its package or its functions: they call
/// the wrapper without importing it.
#[derive(Debug)]
pub(crate) struct GoPackage {
    /// The directory, as file paths spell it (empty at the top).
    pub dir: String,
    pub words: Vec<String>,
}

/// What files that call this project's Customer.io wrappers contain, for another prefilter
/// pass: the wrapper module's import path (JavaScript, Python, Go importers), or the wrapper's
/// class or name (Ruby, which has no imports); and, for Go wrappers, what the other files of
/// their package contain. Only `files[from..]` are looked at as wrappers; the names come from
/// all.
pub(crate) fn wrapper_literals(
    files: &[FileFacts],
    from: usize,
) -> (Vec<(Language, String)>, Vec<GoPackage>) {
    let names = wrapper_names(files);
    let first_pass = crate::walk::prefilter();
    let mut out: Vec<(Language, String)> = Vec::new();
    let mut packages: Vec<GoPackage> = Vec::new();
    let mut push = |family: Language, literal: String| {
        if literal.len() >= 4
            && !first_pass.is_match(literal.as_bytes())
            && !out.iter().any(|(l, s)| *l == family && *s == literal)
        {
            out.push((family, literal));
        }
    };
    for f in files.iter().skip(from) {
        let family = family_of(f.language);
        let owners: HashSet<ScopeId> = f
            .functions
            .iter()
            .skip(1)
            .filter(|g| g.name.as_ref().is_some_and(|n| names.contains(n)))
            .map(|g| g.id)
            .collect();
        let barrel = f.reexports.iter().any(|r| names.contains(&r.local));
        if owners.is_empty() && !barrel {
            continue;
        }
        match family {
            Language::Ruby => {
                for o in owners {
                    let Some(g) = f.function(o) else { continue };
                    match (&g.class, &g.name) {
                        (Some(c), _) => push(family, c.clone()),
                        (None, Some(n)) if n.len() >= 6 => push(family, n.clone()),
                        _ => {}
                    }
                }
            }
            Language::Go => {
                for l in module_literals(&f.path, f.language) {
                    push(family, l);
                }
                // The package's other files (its directory's) call its functions without
                // importing anything: they name the package, or the functions themselves (a
                // package need not be named for its directory, `closure/` holding `package
                // api`, and a project's root package has no directory name).
                let dir = module_key(&f.path);
                let package = dir.rsplit('/').next().unwrap_or(&dir);
                let mut words = Vec::new();
                if !package.is_empty() {
                    words.push(format!("package {package}"));
                }
                for o in owners {
                    if let Some(n) = f.function(o).and_then(|g| g.name.as_ref())
                        && n.len() >= 5
                    {
                        words.push(format!("{n}("));
                    }
                }
                match packages.iter_mut().find(|p| p.dir == dir) {
                    Some(p) => p.words.extend(words),
                    None => packages.push(GoPackage { dir, words }),
                }
            }
            _ => {
                for l in module_literals(&f.path, f.language) {
                    push(family, l);
                }
            }
        }
    }
    out.sort();
    (out, packages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receivers_name_their_class() {
        assert!(receiver_names_class("this.customerIo", "CustomerIoService"));
        assert!(receiver_names_class("@cio_service", "CioService"));
        assert!(receiver_names_class("analytics", "AnalyticsService"));
        assert!(!receiver_names_class("segment", "AnalyticsService"));
        assert!(!receiver_names_class("db", "Db"));
        assert!(!receiver_names_class("Payment", "PaymentsController"));
        assert!(receiver_names_class("customerIO", "CustomerIOService"));
    }
}

#[cfg(test)]
mod substitution_tests {
    use super::*;

    fn expr(value: Value, text: &str, line: u32) -> Expr {
        Expr {
            value,
            span: Span {
                line,
                ..Span::default()
            },
            text: text.into(),
            via: None,
        }
    }

    fn path(p: &str) -> Value {
        Value::Path(p.split('.').map(String::from).collect())
    }

    fn arg(e: Expr, attrs: Vec<(&str, Expr)>) -> Arg {
        Arg {
            keyword: None,
            expr: e,
            attrs: attrs
                .into_iter()
                .map(|(k, v)| Attr {
                    key: k.into(),
                    key_span: v.span,
                    value: v,
                    section: Section::Top,
                    depth: 0,
                })
                .collect(),
            spreads: Vec::new(),
        }
    }

    fn site(args: Vec<Arg>) -> ProjectCall {
        ProjectCall {
            callee: Callee::Function {
                name: "track".into(),
                module: None,
                export: None,
            },
            args,
            scope: 0,
            loop_id: None,
            outcome: Outcome::Awaited,
            waits: true,
            deferred: false,
            after_response: false,
            concurrent_group: None,
            order: 0,
            span: Span::default(),
        }
    }

    fn callee(params: &[&str]) -> FileFacts {
        let mut f = FileFacts::new("lib/analytics.ts".into(), Language::TypeScript);
        for (id, name) in [(0, None), (1, Some("track"))] {
            f.functions.push(FunctionCtx {
                is_async: true,
                params: if id == 1 {
                    params.iter().map(|p| p.to_string()).collect()
                } else {
                    Vec::new()
                },
                ..FunctionCtx::new(
                    id,
                    (id > 0).then_some(0),
                    name.map(String::from),
                    FunctionKind::Function,
                )
            });
        }
        f
    }

    fn replaced(s: Sub) -> Expr {
        match s {
            Sub::Replaced(e) => e,
            Sub::Own => panic!("expected a substitution, got the callee's own value"),
            Sub::Lost => panic!("expected a substitution, got a lost value"),
        }
    }

    #[test]
    fn a_parameter_becomes_the_argument() {
        let f = callee(&["email", "name"]);
        let call = site(vec![
            arg(expr(path("user.email"), "user.email", 7), vec![]),
            arg(
                expr(Value::Str("signed_up".into()), "\"signed_up\"", 7),
                vec![],
            ),
        ]);
        let b = Binder::new(&f, 1, 1, &call);
        let id = replaced(b.sub(&expr(path("email"), "email", 2)));
        assert_eq!(id.value, path("user.email"));
        assert_eq!(id.span.line, 7);
        let name = replaced(b.sub(&expr(path("name"), "name", 2)));
        assert_eq!(name.value, Value::Str("signed_up".into()));
        assert!(matches!(b.sub(&expr(path("other"), "other", 2)), Sub::Own));
    }

    #[test]
    fn a_member_of_a_parameter_is_the_member_of_the_argument() {
        let f = callee(&["user"]);
        let literal = arg(
            expr(Value::Object, "{ email: body.email }", 9),
            vec![("email", expr(path("body.email"), "body.email", 9))],
        );
        let call = site(vec![literal]);
        let b = Binder::new(&f, 1, 1, &call);
        let e = replaced(b.sub(&expr(path("user.email"), "user.email", 2)));
        assert_eq!(e.value, path("body.email"));
        let call = site(vec![arg(expr(path("req.user"), "req.user", 9), vec![])]);
        let b = Binder::new(&f, 1, 1, &call);
        let e = replaced(b.sub(&expr(path("user.email"), "user.email", 2)));
        assert_eq!(e.value, path("req.user.email"));
        assert_eq!(e.text, "req.user.email");
    }

    #[test]
    fn destructured_parameters_take_the_entries_of_the_argument() {
        let f = callee(&["{ cio, email: address, claimedSub }"]);
        let literal = arg(
            expr(Value::Object, "{ cio, email: body.email }", 4),
            vec![("email", expr(path("body.email"), "body.email", 4))],
        );
        let call = site(vec![literal]);
        let b = Binder::new(&f, 1, 1, &call);
        let e = replaced(b.sub(&expr(path("address"), "address", 2)));
        assert_eq!(e.value, path("body.email"));
        assert!(matches!(
            b.sub(&expr(path("claimedSub"), "claimedSub", 2)),
            Sub::Lost
        ));
    }

    #[test]
    fn keyword_arguments_bind_by_name() {
        let f = callee(&["user_id", "event"]);
        let mut by_keyword = arg(
            expr(Value::Str("Signed Up".into()), "\"Signed Up\"", 3),
            vec![],
        );
        by_keyword.keyword = Some("event".into());
        let call = site(vec![by_keyword]);
        let b = Binder::new(&f, 1, 1, &call);
        let e = replaced(b.sub(&expr(path("event"), "event", 2)));
        assert_eq!(e.value, Value::Str("Signed Up".into()));
        assert!(matches!(
            b.sub(&expr(path("user_id"), "user_id", 2)),
            Sub::Own
        ));
    }

    #[test]
    fn a_path_argument_is_spliced_into_the_url() {
        let id = expr(path("user.id"), "user.id", 5);
        let url = Value::Interpolated {
            literal_parts: vec!["https://track.customer.io/api/v1".into(), String::new()],
            holes: vec![expr(
                Value::Interpolated {
                    literal_parts: vec!["/customers/".into(), "/events".into()],
                    holes: vec![id.clone()],
                },
                "`/customers/${user.id}/events`",
                5,
            )],
        };
        let Value::Interpolated {
            literal_parts,
            holes,
        } = splice(&url)
        else {
            panic!("an interpolation")
        };
        assert_eq!(
            literal_parts,
            ["https://track.customer.io/api/v1/customers/", "/events"]
        );
        assert_eq!(holes, [id]);
    }
}
