//! Go extractor. Binds on the import path `github.com/customerio/go-customerio(/v2|/v3)`
//! (a fork with a different API shares the package name, so the name alone proves
//! nothing) and `github.com/customerio/cdp-analytics-go`; follows clients through package
//! variables, struct fields, typed parameters and constructor functions; raw `net/http`
//! requests to Customer.io hosts. Handlers: `http.HandlerFunc` shapes, gin, echo, fiber, chi.

use super::builder::{
    Bind, Builder, CallDraft, Receiver, factory_receiver, imported_receiver, named_receiver,
    receiver_call,
};
use super::http::request_draft;
use super::values::{arithmetic, as_text, format_num, number};
use crate::facts::*;
use crate::lang::fields::FieldByName;
use crate::lang::kinds::KindName;
use crate::lang::lowering::Lowering;
use crate::model::{Arg, Callee};
use std::collections::{HashMap, HashSet};
use tree_sitter::{Node, Tree};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pkg {
    Customerio,
    CdpAnalytics,
}

pub(crate) fn extract(
    tree: &Tree,
    src: &[u8],
    path: &str,
    opts: &super::ExtractOptions,
) -> FileFacts {
    let dir = path
        .rsplit_once('/')
        .map(|(d, _)| d.to_string())
        .unwrap_or_default();
    let mut ex = GoEx {
        opts,
        b: Builder::new(src, path, Language::Go),
        dir,
        packages: HashMap::new(),
        project_imports: HashMap::new(),
        imports: HashMap::new(),
        stdlib_imports: HashSet::new(),
        field_types: HashMap::new(),
        fn_returns: HashMap::new(),
        types: HashMap::new(),
        certain: HashSet::new(),
        factory_sites: HashMap::new(),
        foreign: HashSet::new(),
        interfaces: HashSet::new(),
        factory_vars: Vec::new(),
        struct_fields: HashMap::new(),
        function_names: HashSet::new(),
        handler_names: HashMap::new(),
        objects: Vec::new(),
        marshalled: HashMap::new(),
    };
    let root = tree.root_node();
    ex.prepass(root);
    ex.visit(root, 0);
    let exported = ex.b.module_clients();
    for (name, idx) in exported {
        ex.b.export(name, idx, false);
    }
    // `var client = newClient()`: the package's other files use the client its factory
    // built once.
    for (name, function) in std::mem::take(&mut ex.factory_vars) {
        let built = ex.b.facts.clients.iter().position(|c| {
            c.lifetime == Lifetime::Returned
                && ex.b.facts.function(c.scope).and_then(|f| f.name.as_deref())
                    == Some(function.as_str())
        });
        if let Some(idx) = built {
            ex.b.export(name, idx, false);
        }
    }
    let factories = ex.b.facts.factories.clone();
    ex.b.finish(&factories)
}

struct GoEx<'a, 't> {
    opts: &'a super::ExtractOptions,
    b: Builder<'a>,
    /// This file's package directory: package-level names are shared with its siblings.
    dir: String,
    /// Local package name → Customer.io package.
    packages: HashMap<String, Pkg>,
    /// Local package name → import path of another package (for exported clients).
    project_imports: HashMap<String, String>,
    /// Local package name → full import path, for packages that are not the standard
    /// library or a Customer.io SDK: calls into them may be calls of project code.
    imports: HashMap<String, String>,
    /// Local names of standard-library packages: their calls are never project code.
    stdlib_imports: HashSet<String>,
    /// Struct field name → the project type it is declared with (`notifier *Notifier`).
    field_types: HashMap<String, String>,
    /// Function of this file → the project type it returns (`func NewService() *Service`).
    fn_returns: HashMap<String, String>,
    /// Name → the project type it holds in the function being visited (receiver, typed
    /// parameters, `&Service{}`, `NewService()`).
    types: HashMap<String, String>,
    /// Names in `types` whose type the syntax states outright (a declared type or a
    /// composite literal), not guessed from a `NewX()` constructor's name.
    certain: HashSet<String>,
    /// Name → the call of a function of another file or package it was assigned from
    /// (`track := newClient()`): function, call span, scope, module.
    factory_sites: HashMap<String, (String, Span, ScopeId, String)>,
    /// Parameters of the function being visited typed by the standard library or a web
    /// framework (`w http.ResponseWriter`, `c *gin.Context`): their methods are not the
    /// project's.
    foreign: HashSet<String>,
    /// Interface types declared in this file.
    interfaces: HashSet<String>,
    /// Package variables assigned from a factory of this file: (name, factory).
    factory_vars: Vec<(String, String)>,
    /// Struct field names whose type is a Customer.io client.
    struct_fields: HashMap<String, ClientInfo>,
    function_names: HashSet<String>,
    /// Functions registered as HTTP handlers: name → route.
    handler_names: HashMap<String, Option<String>>,
    objects: Vec<Node<'t>>,
    /// Names holding `json.Marshal(payload)`, with the payload.
    marshalled: HashMap<String, Node<'t>>,
}

const TRACK: ClientInfo = ClientInfo::track(Sdk::GoCustomerio);

/// Whether an import path names a standard-library package (`net/http`, `encoding/json`):
/// its first element has no dot and is one of the standard library's roots.
fn is_stdlib_path(p: &str) -> bool {
    let root = p.split('/').next().unwrap_or(p);
    !root.contains('.')
        && matches!(
            root,
            "archive"
                | "bufio"
                | "builtin"
                | "bytes"
                | "cmp"
                | "compress"
                | "container"
                | "context"
                | "crypto"
                | "database"
                | "debug"
                | "embed"
                | "encoding"
                | "errors"
                | "expvar"
                | "flag"
                | "fmt"
                | "go"
                | "hash"
                | "html"
                | "image"
                | "index"
                | "io"
                | "iter"
                | "log"
                | "maps"
                | "math"
                | "mime"
                | "net"
                | "os"
                | "path"
                | "plugin"
                | "reflect"
                | "regexp"
                | "runtime"
                | "slices"
                | "sort"
                | "strconv"
                | "strings"
                | "sync"
                | "syscall"
                | "testing"
                | "text"
                | "time"
                | "unicode"
                | "unique"
                | "unsafe"
        )
}

/// The name a package is used under when imported without an alias: the last element of
/// its path, skipping a major-version suffix (`.../echo/v4` is `echo`) and the usual `go-`
/// and `-go` affixes of repository names (`.../go-customerio` declares `customerio`).
fn default_package_name(path: &str) -> &str {
    let mut parts = path.rsplit('/');
    let last = parts.next().unwrap_or(path);
    let is_version =
        last.len() > 1 && last.starts_with('v') && last[1..].chars().all(|c| c.is_ascii_digit());
    let name = if is_version {
        parts.next().unwrap_or(last)
    } else {
        last
    };
    let name = name.strip_prefix("go-").unwrap_or(name);
    name.strip_suffix("-go")
        .or_else(|| name.strip_suffix(".go"))
        .unwrap_or(name)
}

/// Predeclared functions and conversions: never project code.
fn is_builtin_function(name: &str) -> bool {
    matches!(
        name,
        "len"
            | "cap"
            | "append"
            | "make"
            | "new"
            | "panic"
            | "recover"
            | "print"
            | "println"
            | "copy"
            | "delete"
            | "close"
            | "min"
            | "max"
            | "clear"
            | "complex"
            | "real"
            | "imag"
    ) || is_builtin_type(name)
}

fn is_builtin_type(name: &str) -> bool {
    matches!(
        name,
        "string"
            | "bool"
            | "byte"
            | "rune"
            | "int"
            | "int8"
            | "int16"
            | "int32"
            | "int64"
            | "uint"
            | "uint8"
            | "uint16"
            | "uint32"
            | "uint64"
            | "uintptr"
            | "float32"
            | "float64"
            | "complex64"
            | "complex128"
            | "error"
            | "any"
    )
}

/// The named type a type expression refers to (`*Service`, `services.Notifier`,
/// `Repo[T]`), without package qualifier; None for builtins and composite types.
fn named_type(ty: &str) -> Option<&str> {
    let t = ty.trim().trim_start_matches('*');
    let t = t.split('[').next().unwrap_or(t);
    if t.is_empty() || t == "map" || t.contains(['(', ' ', '{', '<']) {
        return None;
    }
    let leaf = t.rsplit('.').next().unwrap_or(t);
    (!leaf.is_empty() && !is_builtin_type(leaf)).then_some(leaf)
}

/// `NewService` → `Service`: Go's convention for a constructor of `Service`.
fn constructed_by_name(function: &str) -> Option<&str> {
    let rest = function.strip_prefix("New")?;
    rest.starts_with(|c: char| c.is_ascii_uppercase())
        .then_some(rest)
}

fn is_customerio_path(p: &str) -> bool {
    p == "github.com/customerio/go-customerio"
        || p.starts_with("github.com/customerio/go-customerio/v")
}

impl<'a, 't> GoEx<'a, 't> {
    fn string_lit(&self, n: Node) -> Option<String> {
        match n.kind_name() {
            "interpreted_string_literal" => {
                let t = self.text(n);
                Some(
                    t.get(1..t.len().saturating_sub(1))
                        .unwrap_or("")
                        .to_string(),
                )
            }
            "raw_string_literal" => Some(self.text(n).trim_matches('`').to_string()),
            _ => None,
        }
    }

    // ------------------------------------------------------------ prepass

    fn prepass(&mut self, root: Node<'t>) {
        // Declarations read a second time, once every import is known.
        let mut declarations = Vec::new();
        super::for_each_descendant(root, |node| {
            let kind = node.kind_name();
            if matches!(
                kind,
                "field_declaration" | "type_spec" | "function_declaration"
            ) {
                declarations.push(node);
            }
            match kind {
                "import_spec" => self.record_import(node),
                "function_declaration" => {
                    if let Some(n) = node.field("name") {
                        self.function_names.insert(self.text(n));
                    }
                }
                "type_spec"
                    if node
                        .field("type")
                        .is_some_and(|t| t.kind_name() == "interface_type") =>
                {
                    if let Some(n) = node.field("name") {
                        self.interfaces.insert(self.text(n));
                    }
                }
                "field_declaration" => {
                    if let Some(ty) = node.field("type")
                        && let Some(info) = self.info_for_type(&self.text(ty))
                    {
                        let mut c = node.walk();
                        for n in node.children_by_field_name("name", &mut c) {
                            self.struct_fields.insert(self.text(n), info);
                        }
                    }
                }
                "call_expression" => self.record_route(node),
                _ => {}
            }
        });
        // Struct field types can name packages imported later in the file; retry now.
        for node in declarations {
            match node.kind_name() {
                "field_declaration" => {
                    if let Some(ty) = node.field("type") {
                        let ty = self.text(ty);
                        let info = self.info_for_type(&ty);
                        let project = self.project_type(&ty);
                        let mut c = node.walk();
                        for n in node.children_by_field_name("name", &mut c) {
                            let name = self.text(n);
                            if let Some(info) = info {
                                self.struct_fields.insert(name, info);
                            } else if let Some(class) = &project {
                                self.field_types.insert(name, class.clone());
                            }
                        }
                    }
                }
                "type_spec" => {
                    self.record_struct(node);
                    self.record_env_fields(node);
                }
                "function_declaration" => {
                    if let (Some(name), Some(result)) = (node.field("name"), node.field("result")) {
                        // `*Service` or `(*Service, error)`.
                        let first = if result.kind_name() == "parameter_list" {
                            result.named_child(0).and_then(|p| p.field("type"))
                        } else {
                            Some(result)
                        };
                        if let Some(class) = first.and_then(|t| self.project_type(&self.text(t))) {
                            self.fn_returns.insert(self.text(name), class);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// `type Service struct { *Base; cio *customerio.CustomerIO }`: a class whose first
    /// embedded type is its base (its methods are promoted).
    fn record_struct(&mut self, spec: Node) {
        let (Some(name), Some(ty)) = (spec.field("name"), spec.field("type")) else {
            return;
        };
        if ty.kind_name() != "struct_type" {
            return;
        }
        let struct_name = self.text(name);
        let mut base = None;
        let mut stack = vec![ty];
        while let Some(n) = stack.pop() {
            if n.kind_name() == "field_declaration" {
                let Some(t) = n.field("type") else {
                    continue;
                };
                let t = self.text(t);
                if n.field("name").is_none() {
                    if base.is_none() {
                        base = self.project_type(&t);
                    }
                } else if let Some(info) = self.info_for_type(&t) {
                    // `cio *customerio.CustomerIO`: methods in the package's other files
                    // reach the client as `s.cio`; the linker finds it as `Service.cio`.
                    let mut c = n.walk();
                    let fields: Vec<String> = n
                        .children_by_field_name("name", &mut c)
                        .map(|f| format!("{struct_name}.{}", self.text(f)))
                        .collect();
                    for field in fields {
                        let idx = self.b.push_client(
                            info,
                            Vec::new(),
                            Lifetime::Shared,
                            Some(field.clone()),
                            self.b.span(n),
                        );
                        self.b.export(field, idx, false);
                    }
                }
                continue;
            }
            let mut c = n.walk();
            let children: Vec<Node> = n.named_children(&mut c).collect();
            stack.extend(children.into_iter().rev());
        }
        let class = crate::model::ClassDef {
            name: struct_name,
            base,
            span: self.b.span(spec),
        };
        self.b.facts.classes.push(class);
    }

    /// Fields of a config struct filled from the environment by their tag
    /// (`SiteID string `env:"CUSTOMERIO_SITE_ID"``, also `envconfig:"…"`), in nested
    /// anonymous structs too: where such a field is read, the value comes from that env var.
    fn record_env_fields(&mut self, spec: Node) {
        let (Some(name), Some(ty)) = (spec.field("name"), spec.field("type")) else {
            return;
        };
        let struct_name = self.text(name);
        // (node, the field path leading to it inside the type)
        let mut stack: Vec<(Node, Vec<String>)> = vec![(ty, Vec::new())];
        while let Some((n, path)) = stack.pop() {
            if n.kind_name() == "field_declaration" {
                let mut c = n.walk();
                let names: Vec<String> = n
                    .children_by_field_name("name", &mut c)
                    .map(|f| self.text(f))
                    .collect();
                if let Some(inner) = n.field("type").filter(|t| t.kind_name() == "struct_type")
                    && let [field] = names.as_slice()
                {
                    let mut inner_path = path.clone();
                    inner_path.push(field.clone());
                    stack.push((inner, inner_path));
                    continue;
                }
                let Some(env) = n
                    .field("tag")
                    .and_then(|t| self.string_lit(t))
                    .and_then(|t| env_var_of_tag(&t))
                else {
                    continue;
                };
                let tag = n.field("tag").unwrap_or(n);
                for field in names {
                    let e = self.b.expr(tag, Value::Env(env.clone()), None);
                    self.b.type_field_assignment(
                        &field,
                        path.clone(),
                        Some(struct_name.clone()),
                        e,
                    );
                }
                continue;
            }
            let mut c = n.walk();
            let children: Vec<Node> = n.named_children(&mut c).collect();
            stack.extend(children.into_iter().map(|ch| (ch, path.clone())));
        }
    }

    /// `cfg.CustomerIO.SiteID = os.Getenv("CIO_SITE_ID")` in a loader: the field of `cfg`'s
    /// type when this function knows it, else of whatever is reached through the same path.
    fn record_field_env_assignment(&mut self, target: &str, value: Node<'t>) {
        let (v, via) = self.eval(value, 0);
        if !matches!(v, Value::Env(_)) {
            return;
        }
        let mut path: Vec<String> = target.split('.').map(str::to_string).collect();
        let Some(field) = path.pop() else {
            return;
        };
        let holder_type = self.types.get(&path[0]).cloned();
        if holder_type.is_some() {
            path.remove(0);
        }
        let e = self.b.expr(value, v, via);
        self.b.type_field_assignment(&field, path, holder_type, e);
    }

    /// `Config{SiteID: os.Getenv("CIO_SITE_ID")}`: the field of every `Config` built so.
    fn record_literal_env_fields(&mut self, lit: Node<'t>) {
        let Some(ty) = lit
            .field("type")
            .filter(|t| matches!(t.kind_name(), "type_identifier" | "qualified_type"))
        else {
            return;
        };
        let ty = self.text(ty);
        let holder = ty.rsplit('.').next().unwrap_or(&ty).to_string();
        let Some(body) = lit.field("body") else {
            return;
        };
        let mut c = body.walk();
        for el in body.named_children(&mut c) {
            let (Some(key), Some(value)) = (el.field("key"), el.field("value")) else {
                continue;
            };
            let value = value.named_child(0).unwrap_or(value);
            let (v, via) = self.eval(value, 0);
            if let Value::Env(_) = v {
                let e = self.b.expr(value, v, via);
                self.b
                    .type_field_assignment(&self.text(key), Vec::new(), Some(holder.clone()), e);
            }
        }
    }

    /// A type of the standard library, a Customer.io SDK or a web framework.
    fn is_foreign_type(&self, ty: &str) -> bool {
        let t = ty.trim().trim_start_matches(['*', '[', ']']);
        let Some((pkg, _)) = t.split_once('.') else {
            return false;
        };
        self.stdlib_imports.contains(pkg)
            || self.packages.contains_key(pkg)
            || matches!(
                pkg,
                "gin" | "echo" | "fiber" | "chi" | "mux" | "zap" | "logrus" | "zerolog" | "slog"
            )
    }

    /// The project type a type expression names: not a builtin, not a standard-library or
    /// Customer.io type.
    fn project_type(&self, ty: &str) -> Option<String> {
        let t = ty.trim().trim_start_matches('*');
        if let Some((pkg, _)) = t.split('[').next().unwrap_or(t).split_once('.')
            && (self.stdlib_imports.contains(pkg) || self.packages.contains_key(pkg))
        {
            return None;
        }
        // An interface says nothing about the value behind it.
        named_type(t)
            .filter(|c| !self.interfaces.contains(*c))
            .map(str::to_string)
    }

    fn record_import(&mut self, spec: Node) {
        let Some(path) = spec.field("path").and_then(|p| self.string_lit(p)) else {
            return;
        };
        let alias = spec.field("name").map(|n| self.text(n));
        if is_customerio_path(&path) {
            self.packages.insert(
                alias.unwrap_or_else(|| "customerio".into()),
                Pkg::Customerio,
            );
            self.b.note_sdk(Sdk::GoCustomerio);
            return;
        }
        if path == "github.com/customerio/cdp-analytics-go" {
            self.packages.insert(
                alias.unwrap_or_else(|| "analytics".into()),
                Pkg::CdpAnalytics,
            );
            self.b.note_sdk(Sdk::CdpAnalyticsGo);
            return;
        }
        let local = alias.unwrap_or_else(|| default_package_name(&path).to_string());
        if is_stdlib_path(&path) {
            self.stdlib_imports.insert(local);
            return;
        }
        if local == "_" || local == "." {
            return;
        }
        self.imports.insert(local.clone(), path.clone());
        if path.contains('.') && path.contains('/') {
            // `github.com/acme/app/internal/cio` → the project directory `internal/cio`.
            let tail: Vec<&str> = path.split('/').skip(3).collect();
            if !tail.is_empty() && local != "_" && local != "." {
                self.project_imports.insert(local, tail.join("/"));
            }
        }
    }

    /// `http.HandleFunc("/signup", signup)`, `r.POST("/x", h.Create)`.
    fn record_route(&mut self, call: Node) {
        let Some(args) = call.field("arguments") else {
            return;
        };
        let Some(first) = args.named_child(0).and_then(|a| self.string_lit(a)) else {
            return;
        };
        if !first.starts_with('/') {
            return;
        }
        let mut c = args.walk();
        for a in args.named_children(&mut c).skip(1) {
            match a.kind_name() {
                "identifier" => {
                    self.handler_names.insert(self.text(a), Some(first.clone()));
                }
                "selector_expression" => {
                    if let Some(f) = a.field("field") {
                        self.handler_names.insert(self.text(f), Some(first.clone()));
                    }
                }
                _ => {}
            }
        }
    }

    fn info_for_type(&self, ty: &str) -> Option<ClientInfo> {
        let t = ty.trim_start_matches('*');
        let (pkg, name) = t.split_once('.')?;
        match (self.packages.get(pkg)?, name) {
            (Pkg::Customerio, "CustomerIO") => Some(TRACK),
            (Pkg::Customerio, "APIClient") => Some(ClientInfo {
                sdk: Sdk::GoCustomerio,
                kind: ClientKind::App,
            }),
            (Pkg::CdpAnalytics, "Client") => Some(ClientInfo {
                sdk: Sdk::CdpAnalyticsGo,
                kind: ClientKind::Pipelines,
            }),
            _ => None,
        }
    }

    // ------------------------------------------------------------ traversal

    fn visit(&mut self, node: Node<'t>, depth: usize) {
        if self.b.too_deep(node, depth) {
            return;
        }
        if node.kind_name() == "return_statement"
            && let Some(value) = node.named_child(0).map(|l| l.named_child(0).unwrap_or(l))
            && matches!(value.kind_name(), "identifier" | "selector_expression")
        {
            let returned = self.text(value);
            self.b.note_return(&returned);
        }
        match node.kind_name() {
            "function_declaration" | "method_declaration" | "func_literal" => {
                return self.visit_function(node, depth);
            }
            "for_statement" => {
                let throttled = self.body_is_throttled(node) || self.group_is_limited(node);
                let kind = if self.text(node).contains(" range ") {
                    "for…range loop"
                } else {
                    "for loop"
                };
                let id = self.b.push_loop(node, kind, throttled);
                self.visit_children(node, depth);
                self.b.pop_loop(id);
                return;
            }
            "go_statement" => {
                self.b.deferred_depth += 1;
                self.visit_children(node, depth);
                self.b.deferred_depth -= 1;
                return;
            }
            "var_spec" | "const_spec" => self.visit_var_spec(node),
            "short_var_declaration" | "assignment_statement" => self.visit_assignment(node),
            "call_expression" => self.visit_call(node),
            "composite_literal" => {
                self.maybe_request_literal(node);
                self.record_literal_env_fields(node);
            }
            _ => {}
        }
        self.visit_children(node, depth);
    }

    fn visit_children(&mut self, node: Node<'t>, depth: usize) {
        super::for_each_child(node, |c| self.visit(c, depth + 1));
    }

    fn body_is_throttled(&self, node: Node) -> bool {
        // `if err != nil { time.Sleep(backoff); continue }`: pacing only after a failure.
        // The branch only: `if err := limiter.Wait(ctx); err != nil` waits in its header.
        let retry_branch = |parent: Node, n: Node| {
            parent.kind_name() == "if_statement"
                && parent.field("consequence") == Some(n)
                && parent.field("condition").is_some_and(|c| {
                    let t = self.text(c);
                    t.contains("err != nil") || t.contains("err!=nil")
                })
        };
        self.b
            .any_descendant_outside(node, retry_branch, |n| match n.kind_name() {
                "call_expression" => n.field("function").is_some_and(|f| {
                    let t = self.text(f);
                    let leaf = t.rsplit('.').next().unwrap_or(&t);
                    matches!(leaf, "Sleep" | "Wait" | "Take" | "Acquire" | "WaitN")
                        || t.to_ascii_lowercase().contains("limiter")
                }),
                // `<-ticker.C`, `<-throttle`
                "unary_expression" => self.text(n).starts_with("<-"),
                _ => false,
            })
    }

    /// `g.SetLimit(n)` before a loop that starts its work with `g.Go(...)`: an errgroup caps
    /// how many calls run at once.
    fn group_is_limited(&self, node: Node) -> bool {
        let mut groups = Vec::new();
        self.b.any_descendant(node, |n| {
            if n.kind_name() == "call_expression"
                && let Some(f) = n.field("function")
                && f.kind_name() == "selector_expression"
                && f.field("field")
                    .is_some_and(|m| matches!(self.text(m).as_str(), "Go" | "TryGo"))
                && let Some(recv) = f.field("operand")
            {
                groups.push(self.text(recv));
            }
            false
        });
        if groups.is_empty() {
            return false;
        }
        let mut scope = node.parent();
        while let Some(s) = scope {
            if matches!(
                s.kind_name(),
                "function_declaration" | "method_declaration" | "func_literal"
            ) {
                let text = self.text(s);
                return groups
                    .iter()
                    .any(|g| text.contains(&format!("{g}.SetLimit(")));
            }
            scope = s.parent();
        }
        false
    }

    fn param_types(&self, node: Node) -> Vec<(String, String)> {
        let Some(params) = node.field("parameters") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut c = params.walk();
        for p in params.named_children(&mut c) {
            if p.kind_name() == "comment" {
                continue;
            }
            let ty = p.field("type").map(|t| self.text(t)).unwrap_or_default();
            let mut c2 = p.walk();
            let names: Vec<String> = p
                .children_by_field_name("name", &mut c2)
                .map(|n| self.text(n))
                .collect();
            if names.is_empty() {
                out.push((String::new(), ty));
            } else {
                for n in names {
                    out.push((n, ty.clone()));
                }
            }
        }
        out
    }

    fn handler_route(
        &self,
        node: Node,
        name: Option<&str>,
        params: &[(String, String)],
    ) -> Option<Option<String>> {
        let handler_types = params.iter().any(|(_, t)| {
            matches!(
                t.as_str(),
                "http.ResponseWriter"
                    | "*gin.Context"
                    | "echo.Context"
                    | "*fiber.Ctx"
                    | "*http.Request"
            )
        });
        if let Some(n) = name
            && let Some(route) = self.handler_names.get(n)
        {
            return Some(route.clone());
        }
        // gqlgen: `func (r *mutationResolver) UpdateUser(ctx context.Context, ...)` answers
        // one GraphQL request.
        if node.kind_name() == "method_declaration"
            && let Some(n) = name
            && let Some(receiver) = node
                .field("receiver")
                .and_then(|r| r.named_child(0))
                .and_then(|p| p.field("type"))
        {
            let receiver = self
                .text(receiver)
                .trim_start_matches('*')
                .to_ascii_lowercase();
            if receiver == "mutationresolver" || receiver == "queryresolver" {
                let operation = receiver.trim_end_matches("resolver");
                return Some(Some(format!("{operation}.{n}")));
            }
        }
        if !handler_types {
            return None;
        }
        // A literal passed to a route registration names its route.
        let route = node
            .parent()
            .filter(|a| a.kind_name() == "argument_list")
            .and_then(|a| a.named_child(0))
            .and_then(|f| self.string_lit(f))
            .filter(|r| r.starts_with('/'));
        Some(route)
    }

    /// The file declares `package main`: a command, whose `main` ends the process.
    fn in_package_main(&self, node: Node) -> bool {
        let mut root = node;
        while let Some(p) = root.parent() {
            root = p;
        }
        let mut c = root.walk();
        root.named_children(&mut c)
            .find(|n| n.kind_name() == "package_clause")
            .and_then(|p| p.named_child(0))
            .is_some_and(|n| self.text(n) == "main")
    }

    fn visit_function(&mut self, node: Node<'t>, depth: usize) {
        let name = node.field("name").map(|n| self.text(n));
        let params = self.param_types(node);
        let handler = self.handler_route(node, name.as_deref(), &params);
        let kind = match node.kind_name() {
            "func_literal" => FunctionKind::Arrow,
            "method_declaration" => FunctionKind::Method,
            _ => FunctionKind::Function,
        };
        let throttles = node.kind_name() == "func_literal" && self.is_limited_callback(node);
        let command_main = node.kind_name() == "function_declaration"
            && name.as_deref() == Some("main")
            && self.in_package_main(node);
        let state = self
            .b
            .enter_function(node, name, kind, false, handler, None, throttles);
        if command_main {
            let span = self.b.span(node);
            let scope = self.b.scope();
            self.b.facts.short_lived.push(ShortLived {
                kind: ShortLivedKind::Script,
                scope,
                span,
                label: "the command's `main`".to_string(),
            });
        }
        // `func (s *Service) Track(...)`: a method of `Service`, `s` holds one.
        let receiver = node
            .field("receiver")
            .and_then(|r| r.named_child(0))
            .filter(|p| p.kind_name() == "parameter_declaration");
        let class = receiver
            .and_then(|p| p.field("type"))
            .and_then(|t| named_type(&self.text(t)).map(str::to_string));
        let saved_types = (
            self.types.clone(),
            self.certain.clone(),
            self.foreign.clone(),
        );
        if let Some(class) = &class
            && let Some(r) = receiver.and_then(|p| p.field("name"))
        {
            let r = self.text(r);
            self.types.insert(r.clone(), class.clone());
            self.certain.insert(r);
        }
        for (n, t) in &params {
            self.types.remove(n);
            self.foreign.remove(n);
            if self.is_foreign_type(t) {
                self.foreign.insert(n.clone());
            } else if self.info_for_type(t).is_none()
                && let Some(c) = self.project_type(t)
            {
                self.types.insert(n.clone(), c);
                self.certain.insert(n.clone());
            }
        }
        let names = params
            .iter()
            .map(|(n, _)| if n.is_empty() { "_".into() } else { n.clone() })
            .collect();
        self.b.describe_function(names, class);
        for (n, t) in &params {
            if let Some(info) = self.info_for_type(t) {
                let idx = self.b.push_client(
                    info,
                    Vec::new(),
                    Lifetime::Shared,
                    Some(n.clone()),
                    self.b.span(node),
                );
                self.b.bind(n.clone(), Bind::Client(idx));
            }
        }
        if let Some(body) = node.field("body") {
            self.visit(body, depth + 1);
        }
        self.b.exit_function(state);
        // Closures see their enclosing function's names; nothing leaks out of a function.
        (self.types, self.certain, self.foreign) = saved_types;
    }

    /// `limiter.Do(func() {...})`, `sem.Acquire(...)`-guarded callbacks.
    fn is_limited_callback(&self, node: Node) -> bool {
        node.parent()
            .and_then(|a| a.parent())
            .and_then(|c| c.field("function"))
            .is_some_and(|f| {
                let t = self.text(f).to_ascii_lowercase();
                t.contains("limit") || t.contains("throttle")
            })
    }

    // ------------------------------------------------------------ bindings

    fn visit_var_spec(&mut self, node: Node<'t>) {
        let mut c = node.walk();
        let names: Vec<String> = node
            .children_by_field_name("name", &mut c)
            .map(|n| self.text(n))
            .collect();
        if let Some(ty) = node.field("type")
            && let Some(info) = self.info_for_type(&self.text(ty))
            && let Some(n) = names.first()
            && node.field("value").is_none()
        {
            // `var client *customerio.CustomerIO`, assigned later (often in init()).
            let idx = self.b.push_client(
                info,
                Vec::new(),
                Lifetime::Shared,
                Some(n.clone()),
                self.b.span(node),
            );
            self.b.bind(n.clone(), Bind::Client(idx));
            return;
        }
        let Some(values) = node.field("value") else {
            // `var cfg Config`, filled field by field later.
            if let Some(class) = node
                .field("type")
                .and_then(|t| self.project_type(&self.text(t)))
            {
                for n in names {
                    self.types.insert(n.clone(), class.clone());
                    self.certain.insert(n);
                }
            }
            return;
        };
        let Some(first_value) = values.named_child(0) else {
            return;
        };
        let Some(name) = names.first().cloned() else {
            return;
        };
        self.bind_value(&name, first_value, false);
    }

    fn visit_assignment(&mut self, node: Node<'t>) {
        let (Some(left), Some(right)) = (node.field("left"), node.field("right")) else {
            return;
        };
        let Some(target) = left.named_child(0) else {
            return;
        };
        let Some(value) = right.named_child(0) else {
            return;
        };
        let name = self.text(target);
        // `body, _ := json.Marshal(payload)`: remember what a request body encodes.
        if let Some(call) = Some(unwrap(value)).filter(|v| v.kind_name() == "call_expression")
            && call
                .field("function")
                .is_some_and(|f| self.text(f) == "json.Marshal")
            && let Some(payload) = call.field("arguments").and_then(|a| a.named_child(0))
        {
            self.marshalled.insert(name.clone(), payload);
        }
        let declares = node.kind_name() == "short_var_declaration";
        if target.kind_name() == "selector_expression" {
            self.record_field_env_assignment(&name, value);
        }
        // Assigning a package variable or a struct field from inside a function keeps the
        // client beyond this call (init(), sync.Once, a constructor storing it).
        let outer = !declares
            && (target.kind_name() == "selector_expression"
                || self.b.lookup(&name).is_some() && !self.b.at_module_scope());
        self.bind_value(&name, value, outer);
    }

    fn bind_value(&mut self, name: &str, value: Node<'t>, outer: bool) {
        let lifetime = if self.b.at_module_scope() || self.in_init() {
            Lifetime::Shared
        } else if outer {
            Lifetime::Memoized
        } else {
            Lifetime::Local
        };
        let value = unwrap(value);
        self.types.remove(name);
        self.certain.remove(name);
        self.foreign.remove(name);
        self.factory_sites.remove(name);
        if let Some((class, certain)) = self.class_of_value(value) {
            if certain {
                self.certain.insert(name.to_string());
            }
            self.types.insert(name.to_string(), class);
        }
        if value.kind_name() == "call_expression"
            && let Some(site) = self.factory_site(value)
        {
            self.factory_sites.insert(name.to_string(), site);
        }
        if value.kind_name() == "call_expression" {
            if let Some(idx) = self.client_from_constructor(value, lifetime) {
                self.b.facts.clients[idx].binding = Some(name.to_string());
                if outer || self.b.at_module_scope() {
                    self.b.bind_global(name.to_string(), Bind::Client(idx));
                } else {
                    self.b.bind(name.to_string(), Bind::Client(idx));
                }
                return;
            }
            if let Some(f) = value.field("function") {
                let fname = self.text(f);
                if f.kind_name() == "identifier" && self.function_names.contains(&fname) {
                    if self.b.at_module_scope() {
                        self.factory_vars.push((name.to_string(), fname.clone()));
                    }
                    let bind = Bind::FactoryResult {
                        function: fname,
                        span: self.b.span(value),
                        scope: self.b.scope(),
                        import: None,
                    };
                    self.b.bind(name.to_string(), bind);
                    return;
                }
            }
        }
        if value.kind_name() == "identifier"
            && let Some(b @ Bind::Client(_)) = self.b.lookup(&self.text(value)).cloned()
        {
            self.b.bind(name.to_string(), b);
            return;
        }
        if value.kind_name() == "composite_literal" {
            let i = self.objects.len();
            self.objects.push(value);
            self.b.bind(name.to_string(), Bind::Object(i));
            return;
        }
        let (v, via) = self.eval(value, 0);
        if let Value::Str(_) = v {
            let e = self.b.expr(value, v.clone(), via);
            self.b.credential_assignment(name, Vec::new(), e);
        }
        let v = self.b.assigned_value(value, name, v);
        self.b
            .bind(name.to_string(), Bind::Value(v, Some(name.to_string())));
    }

    /// A call of a function of another file of this package (`newClient()`) or of another
    /// package of the project (`cio.NewClient()`): the client it returns, if it is one, is
    /// found by the linker.
    fn factory_site(&self, call: Node<'t>) -> Option<(String, Span, ScopeId, String)> {
        let func = call.field("function")?;
        let (function, module) = match func.kind_name() {
            "identifier" => {
                let name = self.text(func);
                if is_builtin_function(&name)
                    || self.function_names.contains(&name)
                    || self.b.lookup(&name).is_some()
                {
                    return None;
                }
                (name, self.dir.clone())
            }
            "selector_expression" => {
                let pkg = self.text(func.field("operand")?);
                let module = self.project_imports.get(&pkg)?.clone();
                if self.b.lookup(&pkg).is_some() {
                    return None;
                }
                (self.text(func.field("field")?), module)
            }
            _ => return None,
        };
        Some((function, self.b.span(call), self.b.scope(), module))
    }

    fn in_init(&self) -> bool {
        self.b
            .facts
            .function(self.b.scope())
            .and_then(|f| f.name.as_deref())
            == Some("init")
    }

    fn client_from_constructor(&mut self, call: Node<'t>, lifetime: Lifetime) -> Option<usize> {
        let func = call.field("function")?;
        if func.kind_name() != "selector_expression" {
            return None;
        }
        let pkg = self.text(func.field("operand")?);
        let ctor = self.text(func.field("field")?);
        use CredentialRole::*;
        let (info, roles): (ClientInfo, &[CredentialRole]) =
            match (self.packages.get(&pkg)?, ctor.as_str()) {
                (Pkg::Customerio, "NewTrackClient" | "NewCustomerIO") => {
                    (TRACK, &[SiteId, TrackApiKey])
                }
                (Pkg::Customerio, "NewAPIClient") => (
                    ClientInfo {
                        sdk: Sdk::GoCustomerio,
                        kind: ClientKind::App,
                    },
                    &[AppApiKey],
                ),
                (Pkg::CdpAnalytics, "New" | "NewWithConfig") => (
                    ClientInfo {
                        sdk: Sdk::CdpAnalyticsGo,
                        kind: ClientKind::Pipelines,
                    },
                    &[WriteKey],
                ),
                _ => return None,
            };
        let args = call.field("arguments")?;
        let mut creds = Vec::new();
        for (i, role) in roles.iter().enumerate() {
            if let Some(a) = args.named_child(i as u32) {
                creds.push(Credential {
                    role: *role,
                    expr: self.value_expr(a),
                });
            }
        }
        let returned = call
            .parent()
            .and_then(|p| p.parent())
            .is_some_and(|p| p.kind_name() == "return_statement")
            || call
                .parent()
                .is_some_and(|p| p.kind_name() == "return_statement");
        let lifetime = if returned && lifetime == Lifetime::Local {
            Lifetime::Returned
        } else {
            lifetime
        };
        let idx = self
            .b
            .push_client(info, creds, lifetime, None, self.b.span(call));
        let mut c = args.walk();
        let options: Vec<Node<'t>> = args
            .named_children(&mut c)
            .skip(roles.len())
            .filter(|a| a.kind_name() != "comment")
            .collect();
        if info.sdk == Sdk::GoCustomerio {
            self.b.facts.clients[idx].http_client = self.http_client_option(&options);
        }
        self.b.facts.clients[idx].region = if info.sdk == Sdk::CdpAnalyticsGo {
            self.config_endpoint(options.first().copied())
        } else {
            self.region_option(&options)
        };
        Some(idx)
    }

    /// `customerio.WithRegion(customerio.RegionEU)` among a constructor's options; a
    /// `WithURL` overrides the region. An option built elsewhere (`opts...`, a variable)
    /// could say anything.
    fn region_option(&self, options: &[Node<'t>]) -> RegionSetting {
        let mut region = RegionSetting::Default;
        for option in options {
            let option = unwrap(*option);
            if option.kind_name() != "call_expression" {
                return RegionSetting::Unseen;
            }
            let name = option
                .field("function")
                .map(|f| self.text(f))
                .unwrap_or_default();
            let name = name.rsplit('.').next().unwrap_or("");
            let value = option.field("arguments").and_then(|a| a.named_child(0));
            match (name, value) {
                ("WithURL", Some(v)) => return RegionSetting::Given(self.value_expr(v)),
                ("WithRegion", Some(v)) => region = RegionSetting::Given(self.value_expr(v)),
                _ => {}
            }
        }
        region
    }

    /// `customerio.WithHTTPClient(hc)` among a constructor's options.
    fn http_client_option(&self, options: &[Node<'t>]) -> crate::facts::OptionGiven {
        use crate::facts::OptionGiven;
        let mut seen = OptionGiven::Absent;
        for option in options {
            let option = unwrap(*option);
            if option.kind_name() != "call_expression" {
                seen = OptionGiven::Unseen;
                continue;
            }
            let name = option
                .field("function")
                .map(|f| self.text(f))
                .unwrap_or_default();
            if name.rsplit('.').next() == Some("WithHTTPClient") {
                return OptionGiven::Given;
            }
        }
        seen
    }

    /// `analytics.Config{Endpoint: "https://cdp-eu.customer.io"}`; none: the US default.
    fn config_endpoint(&self, config: Option<Node<'t>>) -> RegionSetting {
        let Some(config) = config.map(|c| unwrap(c)) else {
            return RegionSetting::Default;
        };
        let config = if config.kind_name() == "unary_expression" {
            config.field("operand").unwrap_or(config)
        } else {
            config
        };
        if config.kind_name() != "composite_literal" {
            return RegionSetting::Unseen;
        }
        let Some(body) = config.field("body") else {
            return RegionSetting::Default;
        };
        let mut c = body.walk();
        for element in body.named_children(&mut c) {
            if element.kind_name() != "keyed_element" {
                continue;
            }
            let (Some(key), Some(value)) = (
                element.named_child(0),
                element.named_child(element.named_child_count().saturating_sub(1) as u32),
            ) else {
                continue;
            };
            if self.text(key) == "Endpoint" {
                let value = if value.kind_name() == "literal_element" {
                    value.named_child(0).unwrap_or(value)
                } else {
                    value
                };
                return RegionSetting::Given(self.value_expr(value));
            }
        }
        RegionSetting::Default
    }

    // ------------------------------------------------------------ calls

    fn visit_call(&mut self, call: Node<'t>) {
        let Some(func) = call.field("function") else {
            return;
        };
        let lifetime = self.b.lifetime_here();
        if self.client_from_constructor(call, lifetime).is_some() {
            return;
        }
        if func.kind_name() == "identifier" {
            // A function of this package (this file or a sibling), or a local closure.
            let name = self.text(func);
            if !is_builtin_function(&name) {
                self.record_project_call(
                    call,
                    Callee::Function {
                        name,
                        module: None,
                        export: None,
                    },
                );
            }
            return;
        }
        if func.kind_name() != "selector_expression" {
            return;
        }
        let (Some(recv), Some(field)) = (func.field("operand"), func.field("field")) else {
            return;
        };
        let method = self.text(field);
        let recv_text = self.text(recv);
        if recv_text == "http"
            && matches!(
                method.as_str(),
                "NewRequest" | "NewRequestWithContext" | "Post" | "Get"
            )
        {
            self.raw_http(call, &method);
            return;
        }
        if recv.kind_name() == "identifier"
            && self.b.lookup(&recv_text).is_none()
            && !self.types.contains_key(&recv_text)
        {
            if self.stdlib_imports.contains(&recv_text) || self.packages.contains_key(&recv_text) {
                return;
            }
            // `analytics.TrackSignup(...)` of an imported package.
            if let Some(path) = self.imports.get(&recv_text).cloned() {
                self.record_project_call(
                    call,
                    Callee::Function {
                        name: method.clone(),
                        module: Some(path),
                        export: Some(method),
                    },
                );
                return;
            }
        }
        let class = self.receiver_class(recv);
        // A receiver of a project type the syntax states is not a Customer.io client.
        let certain = class.as_ref().is_some_and(|(_, certain)| *certain);
        let sdk = if is_cio_method(&method) && !certain {
            self.sdk_call(call, recv, &method)
        } else {
            None
        };
        // A call on a client this file resolves is the SDK's; anything else may be the
        // project's own (an unresolved receiver is left to the linker and the resolver).
        if sdk != Some(true) && !self.is_foreign(recv) {
            self.record_project_call(
                call,
                Callee::Method {
                    receiver: recv_text,
                    class: class.map(|(c, _)| c),
                    name: method,
                },
            );
        }
    }

    /// A Customer.io call on `recv`; Some(resolved) when one was recorded.
    fn sdk_call(&mut self, call: Node<'t>, recv: Node<'t>, method: &str) -> Option<bool> {
        let receiver = self.resolve_receiver(recv)?;
        let (info, idx) = (receiver.0, receiver.1);
        if let Some(i) = idx {
            self.b.mark_used(i);
        }
        let span = self.b.span(call);
        let mut d = receiver_call(receiver, method_kind(method), method.to_string(), span)?;
        let resolved = d.unresolved.is_none();
        let args = super::named_children_no_comments(call.field("arguments"));
        self.fill_shape(&mut d, info, method, &args);
        d.outcome = self.outcome(call);
        self.b.push_call(d);
        Some(resolved)
    }

    /// The project type a method's receiver holds, and whether the syntax states it (a
    /// declared type, a composite literal) rather than a constructor's name suggesting it.
    fn receiver_class(&self, recv: Node<'t>) -> Option<(String, bool)> {
        let recv = unwrap(recv);
        match recv.kind_name() {
            "identifier" => {
                let name = self.text(recv);
                if matches!(self.b.lookup(&name), Some(Bind::Client(_)))
                    || self.opts.is_receiver(&name)
                {
                    return None;
                }
                let class = self.types.get(&name)?;
                Some((class.clone(), self.certain.contains(&name)))
            }
            "selector_expression" => {
                let field = self.text(recv.field("field")?);
                if self.struct_fields.contains_key(&field) || self.opts.is_receiver(&field) {
                    return None;
                }
                self.field_types.get(&field).map(|c| (c.clone(), true))
            }
            "call_expression" | "composite_literal" => self.class_of_value(recv),
            _ => None,
        }
    }

    /// The project type a value builds: `&Service{...}`, `NewService(...)` (a function of
    /// this file declared to return one, or named as its constructor).
    fn class_of_value(&self, value: Node<'t>) -> Option<(String, bool)> {
        let value = unwrap(value);
        match value.kind_name() {
            "composite_literal" => {
                let ty = self.text(value.field("type")?);
                self.project_type(&ty).map(|c| (c, true))
            }
            "call_expression" => {
                let func = value.field("function")?;
                let name = match func.kind_name() {
                    "identifier" => self.text(func),
                    "selector_expression" => {
                        let pkg = self.text(func.field("operand")?);
                        if !self.imports.contains_key(&pkg) {
                            return None;
                        }
                        self.text(func.field("field")?)
                    }
                    _ => return None,
                };
                if func.kind_name() == "identifier"
                    && let Some(c) = self.fn_returns.get(&name)
                {
                    return Some((c.clone(), true));
                }
                constructed_by_name(&name).map(|c| (c.to_string(), false))
            }
            _ => None,
        }
    }

    /// A receiver that is plainly not project code: a standard-library or web-framework
    /// value (`w`, `r`, `c *gin.Context`, `ctx`), an error, a package's own helpers.
    fn is_foreign(&self, recv: Node<'t>) -> bool {
        let mut root = recv;
        for _ in 0..16 {
            root = match root.kind_name() {
                "selector_expression" => match root.field("operand") {
                    Some(o) => o,
                    None => return false,
                },
                "call_expression" => match root.field("function") {
                    Some(f) => f,
                    None => return false,
                },
                "parenthesized_expression" | "unary_expression" => match root.named_child(0) {
                    Some(o) => o,
                    None => return false,
                },
                _ => break,
            };
        }
        if root.kind_name() != "identifier" {
            return false;
        }
        let name = self.text(root);
        if self.foreign.contains(&name) || name == "err" {
            return true;
        }
        self.b.lookup(&name).is_none()
            && !self.types.contains_key(&name)
            && (self.stdlib_imports.contains(&name) || self.packages.contains_key(&name))
    }

    fn record_project_call(&mut self, call: Node<'t>, callee: Callee) {
        let args: Vec<Arg> = super::named_children_no_comments(call.field("arguments"))
            .into_iter()
            .map(|n| self.project_arg(n))
            .collect();
        let outcome = self.outcome(call);
        let span = self.b.span(call);
        // Go calls are synchronous: the caller waits unless it started a goroutine.
        self.b.push_project_call(callee, args, outcome, true, span);
    }

    /// One argument of a project call: its value, and the entries of a map or struct
    /// literal (`User{ID: id, Email: email}`) as call payloads have them.
    fn project_arg(&self, node: Node<'t>) -> Arg {
        let mut attrs = Vec::new();
        if self.literal_node(node).is_some() {
            let mut d = CallDraft::new(TRACK, Method::Other, String::new(), self.b.span(node));
            self.map_attrs(&mut d, node, Section::Top, 0);
            attrs = d.attributes;
        }
        Arg {
            keyword: None,
            expr: self.value_expr(node),
            attrs,
            spreads: Vec::new(),
        }
    }

    /// What happens to the error a call returns.
    fn outcome(&self, call: Node) -> Outcome {
        let Some(parent) = call.parent() else {
            return Outcome::Discarded;
        };
        match parent.kind_name() {
            "expression_statement" | "go_statement" | "defer_statement" => Outcome::Discarded,
            "expression_list" => {
                let Some(stmt) = parent.parent() else {
                    return Outcome::Passed;
                };
                match stmt.kind_name() {
                    "assignment_statement" | "short_var_declaration" => {
                        // The error is the last result; `_` in that position drops it.
                        let left = stmt.field("left");
                        let last = left.and_then(|l| {
                            let n = l.named_child_count();
                            l.named_child(n.saturating_sub(1) as u32)
                        });
                        if last.is_some_and(|l| self.text(l) == "_") {
                            Outcome::Discarded
                        } else {
                            Outcome::Assigned
                        }
                    }
                    "return_statement" => Outcome::Returned,
                    _ => Outcome::Passed,
                }
            }
            "return_statement" => Outcome::Returned,
            _ => Outcome::Passed,
        }
    }

    fn resolve_receiver(&mut self, recv: Node<'t>) -> Option<Receiver> {
        let text = self.text(recv);
        if recv.kind_name() == "identifier"
            && let Some(Bind::Value(Value::Call(callee), _)) = self.b.lookup(&text)
            && let Some((function, span, scope, module)) = self.factory_sites.get(&text)
            && (callee == function || callee.ends_with(&format!(".{function}")))
        {
            return Some(self.factory_receiver(function.clone(), *span, *scope, module.clone()));
        }
        if recv.kind_name() == "call_expression"
            && let Some((function, span, scope, module)) = self.factory_site(recv)
        {
            return Some(self.factory_receiver(function, span, scope, module));
        }
        match recv.kind_name() {
            "identifier" => match self.b.lookup(&text).cloned() {
                Some(Bind::Client(i)) => Some((self.b.facts.clients[i].info, Some(i), None, None)),
                Some(Bind::FactoryResult {
                    function,
                    span,
                    scope,
                    ..
                }) => Some(factory_receiver(TRACK, function, span, scope, None)),
                Some(_) => None,
                None if self.opts.is_receiver(&text) => Some(named_receiver(TRACK, text)),
                // A package variable declared in a sibling file of the same package.
                None => Some(imported_receiver(TRACK, self.dir.clone(), text)),
            },
            "selector_expression" => {
                let field = recv
                    .field("field")
                    .map(|f| self.text(f))
                    .unwrap_or_default();
                let operand = recv
                    .field("operand")
                    .map(|o| self.text(o))
                    .unwrap_or_default();
                if let Some(Bind::Client(i)) = self.b.lookup(&text).cloned() {
                    return Some((self.b.facts.clients[i].info, Some(i), None, None));
                }
                if let Some(info) = self.struct_fields.get(&field) {
                    return Some((*info, None, None, None));
                }
                // `cio.Client.Track(...)` where `cio` is another package of the project.
                if let Some(module) = self.project_imports.get(&operand) {
                    return Some(imported_receiver(TRACK, module.clone(), field));
                }
                // `s.analytics.Track(...)` with `analytics` a configured receiver name.
                if self.opts.is_receiver(&field) {
                    return Some(named_receiver(TRACK, field));
                }
                // `s.cio.Track(...)` in a method of `Service`, whose fields another file of
                // the package declares.
                if let Some(class) = self.types.get(&operand) {
                    let export = format!("{class}.{field}");
                    return Some(imported_receiver(TRACK, self.dir.clone(), export));
                }
                None
            }
            "call_expression" => {
                let func = recv.field("function")?;
                let fname = self.text(func);
                if func.kind_name() == "identifier" && self.function_names.contains(&fname) {
                    let (span, scope) = (self.b.span(recv), self.b.scope());
                    return Some(factory_receiver(TRACK, fname, span, scope, None));
                }
                None
            }
            _ => None,
        }
    }

    /// A client returned by a function of another file or package, found by the linker.
    fn factory_receiver(
        &self,
        function: String,
        span: Span,
        scope: ScopeId,
        module: String,
    ) -> Receiver {
        let target = Some((module, function.clone()));
        factory_receiver(TRACK, function, span, scope, target)
    }

    fn value_expr(&self, n: Node<'t>) -> Expr {
        let (v, via) = self.eval(n, 0);
        self.b.expr(n, v, via)
    }

    /// The keyed elements of a map or struct literal, directly or through a local name.
    fn literal_node(&self, node: Node<'t>) -> Option<Node<'t>> {
        let node = unwrap(node);
        match node.kind_name() {
            "composite_literal" => Some(node),
            "identifier" => match self.b.lookup(&self.text(node)) {
                Some(Bind::Object(i)) => Some(self.objects[*i]),
                _ => None,
            },
            _ => None,
        }
    }

    fn map_attrs(&self, d: &mut CallDraft, node: Node<'t>, section: Section, depth: u8) {
        let Some(lit) = self.literal_node(node) else {
            if self.text(node) != "nil" {
                d.payload = Some(self.value_expr(node));
            }
            return;
        };
        let Some(body) = lit.field("body") else {
            return;
        };
        let mut c = body.walk();
        for el in body.named_children(&mut c) {
            if el.kind_name() != "keyed_element" {
                continue;
            }
            let (Some(k), Some(v)) = (
                el.field("key").or_else(|| el.named_child(0)),
                el.field("value").or_else(|| el.named_child(1)),
            ) else {
                continue;
            };
            let key_inner = k.named_child(0).unwrap_or(k);
            let key = self
                .string_lit(key_inner)
                .unwrap_or_else(|| self.text(key_inner));
            let value = v.named_child(0).unwrap_or(v);
            d.attributes.push(Attr {
                key,
                key_span: self.b.span(key_inner),
                value: self.value_expr(value),
                section,
                depth,
            });
            if unwrap(value).kind_name() == "composite_literal" && depth < 3 {
                self.map_attrs(d, value, section, depth + 1);
            }
        }
    }

    /// Pipelines traits and properties: a map literal, or a builder chain
    /// (`analytics.NewTraits().SetEmail(u.Email).Set("plan", p)`); anything else is a payload
    /// we cannot see into.
    fn traits_attrs(&self, d: &mut CallDraft, node: Node<'t>, section: Section) {
        if self.literal_node(node).is_some() {
            self.map_attrs(d, node, section, 0);
            return;
        }
        let mut setters = Vec::new();
        let mut cur = unwrap(node);
        loop {
            if cur.kind_name() != "call_expression" {
                break;
            }
            let Some(func) = cur.field("function") else {
                break;
            };
            let args = cur.field("arguments");
            let field = func.field("field").map(|f| self.text(f));
            match (func.kind_name(), field) {
                ("selector_expression", Some(name)) if name.starts_with("Set") => {
                    setters.push((name, func, args));
                    match func.field("operand") {
                        Some(operand) => cur = unwrap(operand),
                        None => break,
                    }
                }
                ("selector_expression", Some(name))
                    if name == "NewTraits" || name == "NewProperties" =>
                {
                    for (name, func, args) in setters.into_iter().rev() {
                        let Some(args) = args else { continue };
                        let (key, key_node, value) = if name == "Set" {
                            let (Some(k), Some(v)) = (args.named_child(0), args.named_child(1))
                            else {
                                continue;
                            };
                            let Some(key) = self.string_lit(k) else {
                                continue;
                            };
                            (key, k, v)
                        } else {
                            let Some(v) = args.named_child(0) else {
                                continue;
                            };
                            let field = &name["Set".len()..];
                            let mut key = field[..1].to_ascii_lowercase();
                            key.push_str(&field[1..]);
                            (key, func, v)
                        };
                        d.attributes.push(Attr {
                            key,
                            key_span: self.b.span(key_node),
                            value: self.value_expr(value),
                            section,
                            depth: 0,
                        });
                    }
                    return;
                }
                _ => break,
            }
        }
        if self.text(node) != "nil" {
            d.payload = Some(self.value_expr(node));
        }
    }

    fn fill_shape(&self, d: &mut CallDraft, info: ClientInfo, method: &str, args: &[Node<'t>]) {
        // The `…Ctx` twins take a context first.
        let offset = usize::from(method.ends_with("Ctx") || info.kind == ClientKind::App);
        let arg = |i: usize| args.get(i + offset).copied();
        match info.kind {
            ClientKind::Pipelines => {
                // client.Enqueue(analytics.Track{UserId: …, Event: …, Properties: …, Timestamp: …})
                let Some(lit) = args.first().and_then(|a| self.literal_node(*a)) else {
                    return;
                };
                let ty = lit.field("type").map(|t| self.text(t)).unwrap_or_default();
                d.method = match ty.rsplit('.').next().unwrap_or("") {
                    "Identify" => Method::Identify,
                    "Track" => Method::Track,
                    "Page" | "Screen" => Method::Page,
                    "Alias" => Method::Merge,
                    _ => Method::Other,
                };
                let mut sub = CallDraft::new(info, d.method, String::new(), d.span);
                self.map_attrs(&mut sub, lit, Section::Top, 0);
                for a in sub.attributes {
                    match a.key.as_str() {
                        "UserId" => d.customer_id = Some(a.value),
                        "Event" => d.event_name = Some(a.value),
                        "Timestamp" => d.timestamp = Some(a),
                        _ => {}
                    }
                }
                if let Some(body) = lit.field("body") {
                    let mut c = body.walk();
                    for el in body.named_children(&mut c) {
                        let (Some(k), Some(v)) = (el.named_child(0), el.named_child(1)) else {
                            continue;
                        };
                        let section = match self.text(k).as_str() {
                            "Traits" => Section::Top,
                            "Properties" => Section::Data,
                            _ => continue,
                        };
                        self.traits_attrs(d, v.named_child(0).unwrap_or(v), section);
                    }
                }
            }
            ClientKind::App => {
                if method.starts_with("Send")
                    && let Some(req) = arg(0)
                {
                    let req = unwrap(req);
                    if self.literal_node(req).is_none() {
                        d.payload = Some(self.value_expr(req));
                    }
                } else if method.starts_with("TriggerBroadcast") {
                    if let Some(data) = arg(1) {
                        self.map_attrs(d, data, Section::Data, 0);
                    }
                    // `customerio.BroadcastRecipients{Ids: []string{id}}`: who it goes to.
                    if let Some(recipients) = arg(2).and_then(|r| self.literal_node(r)) {
                        self.map_attrs(d, recipients, Section::Top, 0);
                    }
                }
            }
            ClientKind::Track => {
                let base = method.trim_end_matches("Ctx");
                match base {
                    "Identify" => {
                        d.customer_id = arg(0).map(|n| self.value_expr(n));
                        if let Some(m) = arg(1) {
                            self.map_attrs(d, m, Section::Top, 0);
                        }
                    }
                    "Track" | "TrackAnonymous" => {
                        if base == "Track" {
                            d.customer_id = arg(0).map(|n| self.value_expr(n));
                        }
                        d.event_name = arg(1).map(|n| self.value_expr(n));
                        if let Some(m) = arg(2) {
                            self.map_attrs(d, m, Section::Data, 0);
                        }
                        if let Some(i) = d
                            .attributes
                            .iter()
                            .position(|a| a.key == "timestamp" && a.depth == 0)
                        {
                            d.timestamp = Some(d.attributes.remove(i));
                        }
                    }
                    "AddDevice" => {
                        d.customer_id = arg(0).map(|n| self.value_expr(n));
                        if let Some(m) = arg(3) {
                            self.map_attrs(d, m, Section::Top, 0);
                        }
                    }
                    "Delete" | "DeleteDevice" => d.customer_id = arg(0).map(|n| self.value_expr(n)),
                    _ => {}
                }
            }
        }
    }

    /// `&customerio.SendEmailRequest{…, SendAt: &sendAt}`.
    fn maybe_request_literal(&mut self, node: Node<'t>) {
        let Some(ty) = node.field("type") else {
            return;
        };
        let t = self.text(ty);
        let Some((pkg, name)) = t.split_once('.') else {
            return;
        };
        if self.packages.get(pkg) != Some(&Pkg::Customerio)
            || !(name.starts_with("Send") && name.ends_with("Request"))
        {
            return;
        }
        let info = ClientInfo {
            sdk: Sdk::GoCustomerio,
            kind: ClientKind::App,
        };
        let mut d = CallDraft::new(
            info,
            Method::BuildRequest,
            name.to_string(),
            self.b.span(node),
        );
        d.outcome = Outcome::Assigned;
        self.map_attrs(&mut d, node, Section::Top, 0);
        self.b.push_call(d);
    }

    fn raw_http(&mut self, call: Node<'t>, method: &str) {
        let Some(args) = call.field("arguments") else {
            return;
        };
        let (verb, url, body) = match method {
            "NewRequest" => (
                args.named_child(0).and_then(|m| self.http_method(m)),
                args.named_child(1),
                args.named_child(2),
            ),
            "NewRequestWithContext" => (
                args.named_child(1).and_then(|m| self.http_method(m)),
                args.named_child(2),
                args.named_child(3),
            ),
            "Post" => (
                Some("POST".to_string()),
                args.named_child(0),
                args.named_child(2),
            ),
            _ => (Some("GET".to_string()), args.named_child(0), None),
        };
        let Some(url) = url else { return };
        let url = self.value_expr(url);
        let Some((mut d, endpoint)) = request_draft(url.clone(), verb, self.b.span(call)) else {
            return;
        };
        let (info, m) = (d.client, d.method);
        if let Some(payload) = body.and_then(|b| self.marshalled_payload(b)) {
            if endpoint.kind == ClientKind::Track
                && matches!(m, Method::Track | Method::TrackAnonymous)
            {
                self.event_body(&mut d, payload);
            } else {
                self.map_attrs(&mut d, payload, Section::Top, 0);
            }
        }
        let idx = self
            .b
            .push_client(info, Vec::new(), Lifetime::Shared, None, self.b.span(call));
        self.b.facts.clients[idx].region = RegionSetting::Given(url.clone());
        d.client_index = Some(idx);
        // The request is built here and sent synchronously right after.
        d.outcome = Outcome::Awaited;
        self.b.push_call(d);
    }

    /// The payload a request body encodes: `bytes.NewBuffer(body)` where
    /// `body, _ := json.Marshal(payload)`.
    fn marshalled_payload(&self, body: Node<'t>) -> Option<Node<'t>> {
        let mut node = unwrap(body);
        for _ in 0..4 {
            match node.kind_name() {
                "identifier" => return self.marshalled.get(&self.text(node)).copied(),
                "call_expression" => {
                    let f = self.text(node.field("function")?);
                    if !matches!(
                        f.as_str(),
                        "bytes.NewBuffer" | "bytes.NewReader" | "strings.NewReader" | "string"
                    ) {
                        return None;
                    }
                    node = unwrap(node.field("arguments")?.named_child(0)?);
                }
                _ => return None,
            }
        }
        None
    }

    /// A Track event body: `name`, `data` and `timestamp`.
    fn event_body(&self, d: &mut CallDraft, payload: Node<'t>) {
        let Some(body) = self.literal_node(payload).and_then(|l| l.field("body")) else {
            return;
        };
        let mut c = body.walk();
        for el in body.named_children(&mut c) {
            if el.kind_name() != "keyed_element" {
                continue;
            }
            let (Some(k), Some(v)) = (el.named_child(0), el.named_child(1)) else {
                continue;
            };
            let key_inner = k.named_child(0).unwrap_or(k);
            let Some(key) = self.string_lit(key_inner) else {
                continue;
            };
            let value = v.named_child(0).unwrap_or(v);
            match key.as_str() {
                "name" => d.event_name = Some(self.value_expr(value)),
                "data" => self.map_attrs(d, value, Section::Data, 0),
                _ => {
                    let attr = Attr {
                        key: key.clone(),
                        key_span: self.b.span(key_inner),
                        value: self.value_expr(value),
                        section: Section::Top,
                        depth: 0,
                    };
                    if key == "timestamp" {
                        d.timestamp = Some(attr);
                    } else {
                        d.attributes.push(attr);
                    }
                }
            }
        }
    }

    fn http_method(&self, n: Node) -> Option<String> {
        if let Some(s) = self.string_lit(n) {
            return Some(s.to_uppercase());
        }
        let t = self.text(n);
        t.strip_prefix("http.Method").map(str::to_uppercase)
    }

    // ------------------------------------------------------------ values

    fn eval_call(&self, node: Node<'t>, depth: usize) -> Value {
        let Some(func) = node.field("function") else {
            return Value::Unknown;
        };
        let callee = self.text(func);
        let args: Vec<Node<'t>> = node
            .field("arguments")
            .map(|a| {
                let mut c = a.walk();
                a.named_children(&mut c).collect()
            })
            .unwrap_or_default();
        let first = || {
            args.first()
                .map(|a| self.eval(*a, depth + 1).0)
                .unwrap_or(Value::Unknown)
        };
        match callee.as_str() {
            "os.Getenv" => {
                return args
                    .first()
                    .and_then(|a| self.string_lit(*a))
                    .map(Value::Env)
                    .unwrap_or(Value::Unknown);
            }
            "time.Now" | "time.Unix" | "time.Date" | "time.Parse" | "time.UnixMilli" => {
                return Value::Timestamp(TimeUnit::DateObject);
            }
            "int64" | "int" | "uint64" | "float64" | "int32" | "time.Duration" => {
                return match first() {
                    v @ (Value::Timestamp(
                        TimeUnit::Seconds | TimeUnit::Millis | TimeUnit::Micros | TimeUnit::Nanos,
                    )
                    | Value::Num(_)) => v,
                    _ => Value::Unknown,
                };
            }
            "fmt.Sprintf" => {
                if let Some(Value::Str(template)) = args.first().map(|a| self.eval(*a, depth + 1).0)
                {
                    let holes: Vec<Expr> = args[1..].iter().map(|a| self.value_expr(*a)).collect();
                    return format_verbs(&template, holes);
                }
                return Value::Unknown;
            }
            "strconv.Itoa" | "strconv.FormatInt" | "fmt.Sprint" | "strings.ToLower"
            | "strings.ToUpper" | "strings.TrimSpace" => {
                return match first() {
                    Value::Str(s) => Value::Str(s),
                    v => as_text(self.b.expr(node, v, None)),
                };
            }
            _ => {}
        }
        let leaf = callee.rsplit('.').next().unwrap_or(&callee);
        match leaf {
            "Unix" => return Value::Timestamp(TimeUnit::Seconds),
            "UnixMilli" => return Value::Timestamp(TimeUnit::Millis),
            "UnixMicro" => return Value::Timestamp(TimeUnit::Micros),
            "UnixNano" => return Value::Timestamp(TimeUnit::Nanos),
            "Format" | "String" if callee.contains("time.") || callee.contains("Now()") => {
                return Value::Timestamp(TimeUnit::IsoString);
            }
            "Add" | "AddDate" | "UTC" | "Local" | "Truncate" | "In"
                if callee.contains("Now()") || callee.contains("time.") =>
            {
                return Value::Timestamp(TimeUnit::DateObject);
            }
            _ => {}
        }
        Value::Call(callee)
    }

    fn eval_binary(&self, node: Node<'t>, depth: usize) -> Value {
        let Some((l, op, r, lv, rv)) = self.operands(node, depth) else {
            return Value::Unknown;
        };
        let parts = |lv, rv| (self.b.expr(l, lv, None), self.b.expr(r, rv, None));
        arithmetic(&op, lv, rv, parts, false)
    }
}

impl<'a, 't> Lowering<'a, 't> for GoEx<'a, 't> {
    fn builder(&self) -> &Builder<'a> {
        &self.b
    }

    fn builder_mut(&mut self) -> &mut Builder<'a> {
        &mut self.b
    }

    fn eval_syntax(&self, node: Node<'t>, depth: usize) -> (Value, Option<String>) {
        let v = match node.kind_name() {
            "interpreted_string_literal" | "raw_string_literal" => {
                Value::Str(self.string_lit(node).unwrap_or_default())
            }
            "int_literal" | "float_literal" => number(&self.text(node)),
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "nil" => Value::Null,
            "identifier" => return self.b.name_value(self.text(node)),
            "parenthesized_expression" | "unary_expression"
                if self.text(node).starts_with(['(', '&', '*']) =>
            {
                return node
                    .named_child(0)
                    .map(|c| self.eval(c, depth + 1))
                    .unwrap_or((Value::Unknown, None));
            }
            "selector_expression" => {
                let t = self.text(node);
                match t.as_str() {
                    "time.Millisecond" => Value::Num(1e6),
                    "time.Microsecond" => Value::Num(1e3),
                    "time.Second" => Value::Num(1e9),
                    "time.Nanosecond" => Value::Num(1.0),
                    _ if t
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == '.') =>
                    {
                        Value::Path(t.split('.').map(str::to_string).collect())
                    }
                    _ => Value::Unknown,
                }
            }
            "call_expression" => return (self.eval_call(node, depth), None),
            "binary_expression" => return (self.eval_binary(node, depth), None),
            "composite_literal" => match node.field("type").map(|t| t.kind_name()) {
                Some("slice_type" | "array_type" | "implicit_length_array_type") => {
                    Value::Array(node.field("body").and_then(super::list_len))
                }
                _ => Value::Object,
            },
            _ => Value::Unknown,
        };
        (v, None)
    }
}

fn unwrap(node: Node) -> Node {
    let mut n = node;
    loop {
        match n.kind_name() {
            "parenthesized_expression" => match n.named_child(0) {
                Some(c) => n = c,
                None => return n,
            },
            "unary_expression" if n.child(0).is_some_and(|c| c.kind_name() == "&") => {
                match n.named_child(0) {
                    Some(c) => n = c,
                    None => return n,
                }
            }
            _ => return n,
        }
    }
}

/// `fmt.Sprintf("signup_%s", plan)` → an interpolated value.
fn format_verbs(template: &str, holes: Vec<Expr>) -> Value {
    let mut parts = Vec::new();
    let mut used = Vec::new();
    let mut rest = template;
    let mut iter = holes.into_iter();
    while let Some(pos) = rest.find('%') {
        let after = &rest[pos + 1..];
        if after.starts_with('%') {
            rest = &rest[pos + 2..];
            continue;
        }
        let verb_len = after
            .find(|c: char| c.is_ascii_alphabetic())
            .map(|i| i + 1)
            .unwrap_or(after.len());
        let Some(h) = iter.next() else { break };
        parts.push(rest[..pos].to_string());
        used.push(h);
        rest = &after[verb_len..];
    }
    parts.push(rest.to_string());
    if used.is_empty() {
        return Value::Str(template.to_string());
    }
    // Constant arguments fold into the literal.
    if used
        .iter()
        .all(|h| matches!(h.value, Value::Str(_) | Value::Num(_)))
    {
        let mut s = String::new();
        for (p, h) in parts.iter().zip(used.iter()) {
            s.push_str(p);
            match &h.value {
                Value::Str(x) => s.push_str(x),
                Value::Num(n) => s.push_str(&format_num(*n)),
                _ => {}
            }
        }
        s.push_str(parts.last().map(String::as_str).unwrap_or(""));
        return Value::Str(s);
    }
    Value::Interpolated {
        literal_parts: parts,
        holes: used,
    }
}

fn is_cio_method(m: &str) -> bool {
    matches!(
        m,
        "Identify"
            | "IdentifyCtx"
            | "Track"
            | "TrackCtx"
            | "TrackAnonymous"
            | "TrackAnonymousCtx"
            | "Delete"
            | "DeleteCtx"
            | "AddDevice"
            | "AddDeviceCtx"
            | "DeleteDevice"
            | "DeleteDeviceCtx"
            | "MergeCustomers"
            | "MergeCustomersCtx"
            | "SendEmail"
            | "SendPush"
            | "SendSMS"
            | "SendInboxMessage"
            | "SendInApp"
            | "TriggerBroadcast"
            | "Enqueue"
            | "Close"
            | "AddPeopleToSegment"
            | "RemovePeopleFromSegment"
    )
}

fn method_kind(m: &str) -> Method {
    match m.trim_end_matches("Ctx") {
        "Identify" => Method::Identify,
        "Track" => Method::Track,
        "TrackAnonymous" => Method::TrackAnonymous,
        "Delete" => Method::Delete,
        "AddDevice" => Method::AddDevice,
        "DeleteDevice" => Method::DeleteDevice,
        "MergeCustomers" => Method::Merge,
        "SendEmail" => Method::SendEmail,
        "SendPush" | "SendSMS" | "SendInboxMessage" | "SendInApp" => Method::SendMessage,
        "TriggerBroadcast" => Method::TriggerBroadcast,
        "Enqueue" => Method::Track,
        "Close" => Method::Flush,
        _ => Method::Other,
    }
}

/// The env var a struct tag reads the field from: `env:"CIO_SITE_ID,required"` (caarlos0/env,
/// cleanenv), `envconfig:"CIO_SITE_ID"` (kelseyhightower/envconfig).
fn env_var_of_tag(tag: &str) -> Option<String> {
    let mut rest = tag.trim();
    while !rest.is_empty() {
        let (key, after) = rest.split_once(':')?;
        let after = after.strip_prefix('"')?;
        let end = after.find('"')?;
        let value = &after[..end];
        if matches!(key.trim(), "env" | "envconfig") {
            let name = value.split(',').next().unwrap_or("").trim();
            return (!name.is_empty() && name != "-").then(|| name.to_string());
        }
        rest = after[end + 1..].trim_start();
    }
    None
}
