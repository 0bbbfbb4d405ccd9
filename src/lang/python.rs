//! Python extractor: `customerio` 3.x/2.x (`CustomerIO`, `APIClient`), `customerio.analytics`
//! (module singleton and `Client`), the community `async_customerio`, and raw
//! `requests`/`httpx`/`aiohttp`/`urllib3` calls to Customer.io hosts. Request handlers:
//! Flask/Quart/FastAPI/Starlette routes, Django function and class-based views, DRF viewsets.

use super::builder::{
    Bind, Builder, CallDraft, Receiver, factory_receiver, imported_receiver, named_receiver,
    receiver_call,
};
use super::http::{may_be_url, request_draft};
use super::values::{arithmetic, as_text, concat, number};
use crate::facts::*;
use crate::lang::fields::FieldByName;
use crate::lang::kinds::KindName;
use crate::lang::lowering::{Args, ArgumentSyntax, Lowering};
use crate::lang::maps::{MapLiterals, MapSyntax};
use crate::model::{Arg, Callee};
use std::collections::{HashMap, HashSet};
use tree_sitter::{Node, Tree};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sym {
    /// `import customerio`: `customerio.CustomerIO(...)`.
    Package,
    TrackClass,
    ApiClass,
    AsyncTrackClass,
    AsyncApiClass,
    SendRequest,
    /// `from customerio import analytics`: a module that is itself a client.
    CdpModule,
    CdpClientClass,
}

pub(crate) fn extract(
    tree: &Tree,
    src: &[u8],
    path: &str,
    opts: &super::ExtractOptions,
) -> FileFacts {
    let mut ex = Py {
        opts,
        b: Builder::new(src, path, Language::Python),
        path: path.to_string(),
        sdk: HashMap::new(),
        literals: MapLiterals::default(),
        function_names: HashSet::new(),
        module_functions: Vec::new(),
        globals_declared: Vec::new(),
        cdp_module_client: None,
        cdp_module_host: None,
        class_names: HashSet::new(),
        types: HashMap::new(),
        plain_imports: HashSet::new(),
        thread_locals: HashSet::new(),
    };
    let root = tree.root_node();
    ex.prepass(root);
    ex.visit(root, 0);
    let exported = ex.module_functions.clone();
    // Module-level clients are importable from other files.
    let module_clients: Vec<(String, usize)> =
        ex.b.facts
            .clients
            .iter()
            .enumerate()
            .filter(|(_, c)| c.scope == MODULE_SCOPE && c.lifetime == Lifetime::Shared)
            .filter_map(|(i, c)| c.binding.clone().map(|b| (b, i)))
            .collect();
    for (name, idx) in module_clients {
        if !name.contains('.') {
            ex.b.export(name, idx, false);
        }
    }
    // `track_client = make_track_client()`: one client, built once at import.
    for (name, function) in ex.b.module_factory_results() {
        let built = ex.b.facts.clients.iter().find(|c| {
            c.lifetime == Lifetime::Returned
                && ex.b.facts.function(c.scope).and_then(|f| f.name.as_deref())
                    == Some(function.as_str())
        });
        if let Some(c) = built {
            let export = Export {
                name,
                client: c.info,
                factory: false,
                shared: true,
                client_span: c.span,
            };
            ex.b.facts.exports.push(export);
        }
    }
    ex.b.finish(&exported)
}

struct Py<'a, 't> {
    opts: &'a super::ExtractOptions,
    b: Builder<'a>,
    path: String,
    sdk: HashMap<String, Sym>,
    literals: MapLiterals<'t>,
    function_names: HashSet<String>,
    module_functions: Vec<String>,
    /// Names declared `global` in the current function.
    globals_declared: Vec<String>,
    cdp_module_client: Option<usize>,
    /// `analytics.host = "https://cdp-eu.customer.io"` seen before the write key.
    cdp_module_host: Option<Expr>,
    /// Classes defined in this file.
    class_names: HashSet<String>,
    /// The project class a name holds, when the syntax says it (`svc = CioService()`,
    /// `svc: CioService`): keyed `{scope}#{name}` for locals, `{Class}#self.{attr}` for members.
    types: HashMap<String, String>,
    /// Modules imported without an alias (`import app.services.analytics`).
    plain_imports: HashSet<String>,
    /// Module-level `threading.local()` objects: a client stored on one is a per-thread cache.
    thread_locals: HashSet<String>,
}

const TRACK: ClientInfo = ClientInfo::track(Sdk::CustomerioPython);

impl<'a, 't> Py<'a, 't> {
    // ------------------------------------------------------------ imports

    fn prepass(&mut self, root: Node<'t>) {
        super::for_each_descendant(root, |node| match node.kind_name() {
            "import_from_statement" => self.record_from_import(node),
            "import_statement" => self.record_import(node),
            "function_definition" => {
                if let Some(n) = node.field("name") {
                    let name = self.text(n);
                    let top = node.parent().is_some_and(|p| p.kind_name() == "module")
                        || node
                            .parent()
                            .filter(|p| p.kind_name() == "decorated_definition")
                            .and_then(|p| p.parent())
                            .is_some_and(|p| p.kind_name() == "module");
                    if top {
                        self.module_functions.push(name.clone());
                    }
                    self.function_names.insert(name);
                }
            }
            "class_definition" => {
                if let Some(n) = node.field("name") {
                    self.class_names.insert(self.text(n));
                }
            }
            "assignment" if self.is_module_statement(node) => self.record_thread_local(node),
            _ => {}
        });
    }

    fn is_module_statement(&self, node: Node) -> bool {
        node.parent()
            .filter(|p| p.kind_name() == "expression_statement")
            .and_then(|p| p.parent())
            .is_some_and(|p| p.kind_name() == "module")
    }

    /// `_local = threading.local()` (or `local()` imported from threading).
    fn record_thread_local(&mut self, node: Node) {
        let (Some(left), Some(right)) = (node.field("left"), node.field("right")) else {
            return;
        };
        let is_local = right.kind_name() == "call"
            && right
                .field("function")
                .is_some_and(|f| matches!(self.text(f).as_str(), "threading.local" | "local"));
        if left.kind_name() == "identifier" && is_local {
            self.thread_locals.insert(self.text(left));
        }
    }

    fn module_of(&self, node: Node) -> Option<(String, bool)> {
        let text = self.text(node);
        if node.kind_name() == "relative_import" {
            let dots = text.chars().take_while(|c| *c == '.').count();
            let rest = &text[dots..];
            let mut parts: Vec<&str> = self.path.split('/').collect();
            parts.pop();
            for _ in 1..dots {
                parts.pop();
            }
            let mut joined = parts.join("/");
            if !rest.is_empty() {
                if !joined.is_empty() {
                    joined.push('/');
                }
                joined.push_str(&rest.replace('.', "/"));
            }
            return Some((joined, true));
        }
        Some((text.replace('.', "/"), false))
    }

    fn record_from_import(&mut self, node: Node) {
        let Some(module) = node.field("module_name") else {
            return;
        };
        let module_text = self.text(module);
        let mut cursor = node.walk();
        let names: Vec<Node> = node.children_by_field_name("name", &mut cursor).collect();
        for n in names {
            let (imported, local) = match n.kind_name() {
                "aliased_import" => {
                    let (Some(name), Some(alias)) = (n.field("name"), n.field("alias")) else {
                        continue;
                    };
                    (self.text(name), self.text(alias))
                }
                _ => (self.text(n), self.text(n)),
            };
            let sym = match (module_text.as_str(), imported.as_str()) {
                ("customerio", "CustomerIO") | ("customerio.track", "CustomerIO") => {
                    Some(Sym::TrackClass)
                }
                ("customerio", "APIClient") | ("customerio.api", "APIClient") => {
                    Some(Sym::ApiClass)
                }
                ("customerio", n) | ("customerio.api", n)
                    if n.starts_with("Send") && n.ends_with("Request") =>
                {
                    Some(Sym::SendRequest)
                }
                ("customerio", "analytics") => Some(Sym::CdpModule),
                ("customerio.analytics", "Client") | ("customerio.analytics.client", "Client") => {
                    Some(Sym::CdpClientClass)
                }
                ("async_customerio", "AsyncCustomerIO") => Some(Sym::AsyncTrackClass),
                ("async_customerio", "AsyncAPIClient") => Some(Sym::AsyncApiClass),
                _ => None,
            };
            if let Some(sym) = sym {
                self.note_sym(sym);
                self.sdk.insert(local, sym);
                continue;
            }
            if module_text.starts_with("customerio") || module_text.starts_with("async_customerio")
            {
                continue;
            }
            if let Some((m, _)) = self.module_of(module) {
                self.b.bind(
                    local,
                    Bind::Import {
                        module: m,
                        export: imported,
                    },
                );
            }
        }
    }

    fn record_import(&mut self, node: Node) {
        let mut cursor = node.walk();
        let names: Vec<Node> = node.children_by_field_name("name", &mut cursor).collect();
        for n in names {
            let (module, local) = match n.kind_name() {
                "aliased_import" => {
                    let (Some(name), Some(alias)) = (n.field("name"), n.field("alias")) else {
                        continue;
                    };
                    (self.text(name), self.text(alias))
                }
                _ => (self.text(n), self.text(n)),
            };
            match module.as_str() {
                "customerio" => {
                    self.note_sym(Sym::Package);
                    self.sdk.insert(local, Sym::Package);
                }
                "customerio.analytics" => {
                    self.note_sym(Sym::CdpModule);
                    let local = if n.kind_name() == "aliased_import" {
                        local
                    } else {
                        "customerio.analytics".into()
                    };
                    self.sdk.insert(local, Sym::CdpModule);
                }
                "async_customerio" => {
                    self.note_sym(Sym::AsyncTrackClass);
                    self.sdk.insert(local, Sym::Package);
                }
                m if n.kind_name() == "aliased_import" => {
                    self.b.bind(
                        local,
                        Bind::Import {
                            module: m.replace('.', "/"),
                            export: "*".into(),
                        },
                    );
                }
                m if !m.starts_with("customerio.") => {
                    self.plain_imports.insert(m.to_string());
                }
                _ => {}
            }
        }
    }

    fn note_sym(&mut self, sym: Sym) {
        let sdk = match sym {
            Sym::CdpModule | Sym::CdpClientClass => Sdk::CdpAnalyticsPython,
            Sym::AsyncTrackClass | Sym::AsyncApiClass => Sdk::AsyncCustomerio,
            _ => Sdk::CustomerioPython,
        };
        self.b.note_sdk(sdk);
    }

    // ------------------------------------------------------------ traversal

    fn visit(&mut self, node: Node<'t>, depth: usize) {
        if self.b.too_deep(node, depth) {
            return;
        }
        if node.kind_name() == "return_statement"
            && let Some(value) = node.named_child(0)
            && matches!(value.kind_name(), "identifier" | "attribute")
        {
            let returned = self.text(value);
            self.b.note_return(&returned);
        }
        match node.kind_name() {
            "function_definition" => return self.visit_function(node, depth, &[]),
            "decorated_definition" => {
                let decorators = self.decorators(node);
                if let Some(def) = node.field("definition") {
                    if def.kind_name() == "function_definition" {
                        return self.visit_function(def, depth + 1, &decorators);
                    }
                    return self.visit(def, depth + 1);
                }
            }
            "lambda" => return self.visit_lambda(node, depth),
            "for_statement" | "while_statement" => {
                let kind = if node.kind_name() == "for_statement" {
                    "for loop"
                } else {
                    "while loop"
                };
                let throttled = self.body_is_throttled(node);
                // The iterable is evaluated once, before the loop.
                let iterable = node
                    .field("right")
                    .filter(|_| node.kind_name() == "for_statement");
                if let Some(r) = iterable {
                    self.visit(r, depth + 1);
                    self.record_item_type(node, r);
                }
                let id = self.b.push_loop(node, kind, throttled);
                let mut cursor = node.walk();
                let children: Vec<Node<'t>> = node.children(&mut cursor).collect();
                for c in children {
                    if Some(c) != iterable {
                        self.visit(c, depth + 1);
                    }
                }
                self.b.pop_loop(id);
                return;
            }
            "list_comprehension"
            | "set_comprehension"
            | "dictionary_comprehension"
            | "generator_expression" => {
                let throttled = self.body_is_throttled(node);
                let id = self.b.push_loop(node, "comprehension", throttled);
                self.visit_children(node, depth);
                self.b.pop_loop(id);
                return;
            }
            "with_statement" => {
                let throttles = self
                    .text(node)
                    .split(':')
                    .next()
                    .is_some_and(super::is_limiter_text);
                self.bind_with_items(node);
                if throttles {
                    self.b.throttle_depth += 1;
                }
                self.visit_children(node, depth);
                if throttles {
                    self.b.throttle_depth -= 1;
                }
                return;
            }
            "global_statement" => {
                let mut c = node.walk();
                let names: Vec<String> =
                    node.named_children(&mut c).map(|n| self.text(n)).collect();
                self.globals_declared.extend(names);
            }
            "assignment" | "augmented_assignment" => {
                self.visit_assignment(node);
            }
            "call" => {
                self.visit_call(node);
                if self.hands_off(node) {
                    self.b.deferred_depth += 1;
                    self.visit_children(node, depth);
                    self.b.deferred_depth -= 1;
                    return;
                }
            }
            "class_definition" => {
                self.b.forget_member_values("self.");
                self.record_class(node)
            }
            "if_statement" if self.b.at_module_scope() => self.note_main_guard(node),
            "subscript" | "attribute" => self.record_env_read(node),
            "pair" => self.record_credential_pair(node),
            "keyword_argument" => self.record_credential_kwarg(node),
            _ => {}
        }
        self.visit_children(node, depth);
    }

    /// `if __name__ == "__main__":`: the module runs as a script.
    fn note_main_guard(&mut self, node: Node<'t>) {
        let Some(cond) = node.field("condition") else {
            return;
        };
        let text: String = self
            .text(cond)
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| if c == '\'' { '"' } else { c })
            .collect();
        if text == "__name__==\"__main__\"" || text == "\"__main__\"==__name__" {
            let span = self.b.span(node);
            self.b.facts.short_lived.push(ShortLived {
                kind: ShortLivedKind::Script,
                scope: MODULE_SCOPE,
                span,
                label: "the `if __name__ == \"__main__\":` block".to_string(),
            });
        }
    }

    fn visit_children(&mut self, node: Node<'t>, depth: usize) {
        super::for_each_child(node, |c| self.visit(c, depth + 1));
    }

    fn decorators(&self, node: Node) -> Vec<String> {
        let mut c = node.walk();
        node.children(&mut c)
            .filter(|n| n.kind_name() == "decorator")
            .map(|n| self.text(n).trim_start_matches('@').trim().to_string())
            .collect()
    }

    fn params(&self, node: Node) -> Vec<String> {
        let Some(params) = node.field("parameters") else {
            return Vec::new();
        };
        let mut c = params.walk();
        params
            .named_children(&mut c)
            .map(|p| match p.kind_name() {
                "identifier" => self.text(p),
                "typed_parameter" => p.named_child(0).map(|n| self.text(n)).unwrap_or_default(),
                "default_parameter" | "typed_default_parameter" => {
                    p.field("name").map(|n| self.text(n)).unwrap_or_default()
                }
                _ => String::new(),
            })
            .collect()
    }

    /// Whether a function is a request handler, and its route.
    fn handler_info(
        &self,
        node: Node,
        name: &str,
        decorators: &[String],
        params: &[String],
    ) -> Option<Option<String>> {
        for d in decorators {
            let callee = d.split('(').next().unwrap_or("");
            let leaf = callee.rsplit('.').next().unwrap_or(callee);
            if self.opts.is_handler_wrapper(callee) {
                return Some(None);
            }
            let route = d
                .split_once('(')
                .and_then(|(_, rest)| rest.trim_start().strip_prefix(['"', '\'']))
                .and_then(|r| r.split(['"', '\'']).next())
                .map(str::to_string);
            let is_route = callee.contains('.')
                && matches!(
                    leaf,
                    "route"
                        | "get"
                        | "post"
                        | "put"
                        | "patch"
                        | "delete"
                        | "api_route"
                        | "websocket"
                );
            // GraphQL resolvers answer one request each: Strawberry `@strawberry.mutation`,
            // `@strawberry.field`; Ariadne `@mutation.field("x")`, `@query.field("x")`.
            let graphql = matches!(callee, "strawberry.mutation" | "strawberry.field")
                || callee.ends_with("strawberry_django.mutation")
                || (leaf == "field"
                    && matches!(callee.split('.').next().unwrap_or(""), "mutation" | "query"));
            if graphql {
                return Some(Some(format!("{callee} {name}")));
            }
            if is_route
                || matches!(
                    leaf,
                    "api_view"
                        | "action"
                        | "require_POST"
                        | "require_GET"
                        | "require_http_methods"
                        | "require_safe"
                )
            {
                return Some(route);
            }
        }
        let class = node
            .parent()
            .and_then(|p| {
                if p.kind_name() == "decorated_definition" {
                    p.parent()
                } else {
                    Some(p)
                }
            })
            .and_then(|b| b.parent())
            .filter(|c| c.kind_name() == "class_definition");
        if let Some(class) = class {
            // Tornado, webapp2, aiohttp, Flask MethodView and Flask-RESTful resources: HTTP verb
            // methods that take only `self` on a handler/view/resource class.
            // Graphene: `def mutate(root, info, ...)` on a `graphene.Mutation` subclass.
            if name == "mutate"
                && class
                    .field("superclasses")
                    .is_some_and(|s| self.text(s).contains("Mutation"))
            {
                let class_name = class
                    .field("name")
                    .map(|n| self.text(n))
                    .unwrap_or_default();
                return Some(Some(format!("{class_name}.mutate")));
            }
            let http_verb = matches!(name, "get" | "post" | "put" | "patch" | "delete");
            if http_verb
                && class.field("superclasses").is_some_and(|s| {
                    let bases = self.text(s);
                    ["Handler", "View", "Resource", "Endpoint"]
                        .iter()
                        .any(|b| bases.contains(b))
                })
            {
                return Some(None);
            }
            let second = params.get(1).map(String::as_str);
            let verb = matches!(
                name,
                "get"
                    | "post"
                    | "put"
                    | "patch"
                    | "delete"
                    | "create"
                    | "update"
                    | "partial_update"
                    | "destroy"
                    | "list"
                    | "retrieve"
                    | "form_valid"
                    | "perform_create"
                    | "perform_update"
            );
            if verb
                && (second == Some("request")
                    || second == Some("req")
                    || name.starts_with("perform")
                    || name == "form_valid")
            {
                return Some(None);
            }
            return None;
        }
        if params.first().is_some_and(|p| p == "request" || p == "req") {
            return Some(None);
        }
        None
    }

    fn visit_function(&mut self, node: Node<'t>, depth: usize, decorators: &[String]) {
        let name = node.field("name").map(|n| self.text(n)).unwrap_or_default();
        let is_async = {
            let mut c = node.walk();
            node.children(&mut c).any(|ch| ch.kind_name() == "async")
        };
        let params = self.params(node);
        let handler = self.handler_info(node, &name, decorators, &params);
        let throttles = decorators.iter().any(|d| super::is_limiter_text(d));
        let memoized = decorators.iter().any(|d| {
            let leaf = d
                .split('(')
                .next()
                .unwrap_or("")
                .rsplit('.')
                .next()
                .unwrap_or("");
            matches!(leaf, "lru_cache" | "cache" | "cached_property" | "cached")
        });
        let in_class = node
            .parent()
            .and_then(|p| p.parent())
            .is_some_and(|c| c.kind_name() == "class_definition")
            || node
                .parent()
                .filter(|p| p.kind_name() == "decorated_definition")
                .and_then(|p| p.parent())
                .and_then(|p| p.parent())
                .is_some_and(|c| c.kind_name() == "class_definition");
        let kind = if in_class {
            FunctionKind::Method
        } else {
            FunctionKind::Function
        };
        let state = self.b.enter_function(
            node,
            Some(name.clone()),
            kind,
            is_async,
            handler,
            None,
            throttles,
        );
        let class_node = in_class
            .then(|| {
                let mut cur = node.parent();
                while let Some(n) = cur {
                    if n.kind_name() == "class_definition" {
                        return Some(n);
                    }
                    cur = n.parent();
                }
                None
            })
            .flatten();
        let class = class_node
            .and_then(|n| n.field("name"))
            .map(|c| self.b.text(c));
        let class_bases = class_node
            .and_then(|n| n.field("superclasses"))
            .map(|s| self.b.text(s));
        if let Some((kind, label)) = short_lived(&name, decorators, class_bases.as_deref()) {
            let span = self.b.span(node);
            let scope = self.b.scope();
            self.b.facts.short_lived.push(ShortLived {
                kind,
                scope,
                span,
                label,
            });
        }
        let params = self.param_names(node, in_class);
        self.b.describe_function(params, class);
        self.bind_typed_params(node);
        let saved_globals = std::mem::take(&mut self.globals_declared);
        if let Some(body) = node.field("body") {
            self.visit(body, depth + 1);
        }
        if memoized {
            // A cached factory builds its client once.
            let scope = self.b.scope();
            let mut returned = None;
            for (i, c) in self.b.facts.clients.iter_mut().enumerate() {
                if c.scope == scope {
                    if c.lifetime == Lifetime::Returned {
                        returned = Some(i);
                    }
                    c.lifetime = Lifetime::Memoized;
                }
            }
            self.b.facts.factories.retain(|f| f != &name);
            // Its callers share the one client it returns.
            if let Some(i) = returned {
                self.b.mark_getter(name.clone(), i);
            }
        }
        self.globals_declared = saved_globals;
        self.b.exit_function(state);
    }

    /// Parameter names in order, without `self`/`cls` of a method and without splats.
    fn param_names(&self, node: Node, in_class: bool) -> Vec<String> {
        let Some(params) = node.field("parameters") else {
            return Vec::new();
        };
        let mut cursor = params.walk();
        let mut out: Vec<String> = params
            .named_children(&mut cursor)
            .filter_map(|p| match p.kind_name() {
                "identifier" => Some(self.b.text(p)),
                "typed_parameter" => p
                    .named_child(0)
                    .filter(|n| n.kind_name() == "identifier")
                    .map(|n| self.b.text(n)),
                "default_parameter" | "typed_default_parameter" => {
                    p.field("name").map(|n| self.b.text(n))
                }
                _ => None,
            })
            .collect();
        if in_class && out.first().is_some_and(|f| f == "self" || f == "cls") {
            out.remove(0);
        }
        out
    }

    fn visit_lambda(&mut self, node: Node<'t>, depth: usize) {
        let (loop_kind, throttles) = self.callback_role(node);
        let state = self.b.enter_function(
            node,
            None,
            FunctionKind::Arrow,
            false,
            None,
            loop_kind,
            throttles,
        );
        if let Some(body) = node.field("body") {
            self.visit(body, depth + 1);
        }
        self.b.exit_function(state);
    }

    /// `map(lambda u: cio.identify(...), users)` iterates; `limiter.submit(lambda: ...)` throttles.
    fn callback_role(&self, node: Node) -> (Option<String>, bool) {
        let Some(call) = node
            .parent()
            .and_then(|a| a.parent())
            .filter(|c| c.kind_name() == "call")
        else {
            return (None, false);
        };
        let callee = call
            .field("function")
            .map(|f| self.text(f))
            .unwrap_or_default();
        if super::is_limiter_text(&callee) {
            return (None, true);
        }
        let leaf = callee.rsplit('.').next().unwrap_or(&callee);
        if matches!(leaf, "map" | "starmap" | "for_each" | "apply_async") {
            return (Some(format!("{leaf}() callback")), false);
        }
        (None, false)
    }

    /// A loop that sleeps, acquires a limiter, or runs its body under one.
    fn body_is_throttled(&self, node: Node) -> bool {
        let retry_branch = |_: Node, n: Node| n.kind_name() == "except_clause";
        self.b
            .any_descendant_outside(node, retry_branch, |n| match n.kind_name() {
                "call" => n.field("function").is_some_and(|f| {
                    let callee = self.text(f);
                    let leaf = callee.rsplit('.').next().unwrap_or(&callee);
                    matches!(leaf, "sleep" | "acquire" | "wait" | "throttle")
                        || super::is_limiter_text(&callee)
                }),
                "with_item" => super::is_limiter_text(&self.text(n)),
                _ => false,
            })
    }

    fn bind_with_items(&mut self, node: Node<'t>) {
        let mut cursor = node.walk();
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            if n.kind_name() == "as_pattern" {
                let value = n.named_child(0);
                let alias = n.field("alias").map(|a| self.text(a));
                if let (Some(v), Some(a)) = (value, alias)
                    && let Some(b) = self.binding_for_value(v, Some(&a), false)
                {
                    self.b.bind(a, b);
                }
                continue;
            }
            if n.kind_name() == "block" {
                continue;
            }
            for c in n.children(&mut cursor) {
                stack.push(c);
            }
        }
    }

    // ------------------------------------------------------------ bindings

    fn visit_assignment(&mut self, node: Node<'t>) {
        self.record_types(node);
        let (Some(left), Some(right)) = (node.field("left"), node.field("right")) else {
            return;
        };
        if left.kind_name() == "subscript"
            && let (Some(object), Some(key)) = (left.field("value"), left.field("subscript"))
        {
            self.note_added_entry(object, key, right);
        }
        let name = self.text(left);
        let op = node
            .field("operator")
            .map(|o| self.text(o))
            .unwrap_or_else(|| "=".into());
        let in_class_body = node
            .parent()
            .and_then(|p| p.parent())
            .and_then(|b| b.parent())
            .is_some_and(|c| c.kind_name() == "class_definition");
        // CDP module singleton configured by attribute: `analytics.write_key = "..."`.
        if let Some((obj, attr)) = name.rsplit_once('.')
            && self.sdk.get(obj) == Some(&Sym::CdpModule)
        {
            if attr == "write_key" {
                let (v, via) = self.eval(right, 0);
                let cred = Credential {
                    role: CredentialRole::WriteKey,
                    expr: self.b.expr(right, v, via),
                };
                let info = ClientInfo {
                    sdk: Sdk::CdpAnalyticsPython,
                    kind: ClientKind::Pipelines,
                };
                // The module builds its default client once, on first use: setting the key
                // inside a function configures that one client, it does not make a new one.
                let lifetime = if self.b.at_module_scope() {
                    Lifetime::Shared
                } else {
                    Lifetime::Memoized
                };
                let idx = self.b.push_client(
                    info,
                    vec![cred],
                    lifetime,
                    Some(obj.to_string()),
                    self.b.span(node),
                );
                self.b.facts.clients[idx].region = match self.cdp_module_host.take() {
                    Some(host) => RegionSetting::Given(host),
                    None => RegionSetting::Default,
                };
                self.cdp_module_client = Some(idx);
            } else if attr == "host" {
                let (v, via) = self.eval(right, 0);
                let host = self.b.expr(right, v, via);
                match self.cdp_module_client {
                    Some(idx) => self.b.facts.clients[idx].region = RegionSetting::Given(host),
                    None => self.cdp_module_host = Some(host),
                }
            }
            return;
        }
        let thread_local = left.kind_name() == "attribute"
            && left
                .field("object")
                .is_some_and(|o| self.thread_locals.contains(&self.text(o)));
        let outer = self.globals_declared.contains(&name)
            || (name.starts_with("self.") && !self.b.frame().is_init)
            || name.starts_with("cls.")
            || thread_local;
        let memoized = !self.b.at_module_scope() && (outer || op == "|=");
        if let Some(bind) = self.binding_for_value(right, Some(&name), memoized) {
            // A client built in a local first and then cached (`client = CustomerIO(…)`,
            // `_local.cio = client`) is built once too.
            if let Bind::Client(idx) = &bind
                && memoized
                && self.b.facts.clients[*idx].scope == self.b.scope()
                && self.b.facts.clients[*idx].lifetime == Lifetime::Local
            {
                self.b.facts.clients[*idx].lifetime = Lifetime::Memoized;
            }
            // A client built here (an injected one stays as it was).
            if let Bind::Client(idx) = &bind
                && (in_class_body || (self.b.frame().is_init && name.starts_with("self.")))
                && self.b.facts.clients[*idx].lifetime == Lifetime::Local
            {
                self.b.facts.clients[*idx].lifetime = Lifetime::Shared;
            }
            if name.starts_with("self.") || name.starts_with("cls.") || in_class_body {
                let member = if in_class_body {
                    format!("self.{name}")
                } else {
                    name.replace("cls.", "self.")
                };
                self.b.bind_global(member, bind.clone());
                if in_class_body {
                    self.b.bind_global(name.clone(), bind);
                }
            } else if outer {
                self.b.bind_global(name, bind);
            } else {
                self.b.bind(name, bind);
            }
            return;
        }
        // `body = json.dumps(payload)`: the request body is still that dict.
        let dict = match right.kind_name() {
            "dictionary" => Some(right),
            _ => Some(unwrap_json_dumps(self, right))
                .filter(|dumped| *dumped != unwrap(right))
                .and_then(|dumped| self.dict_node(dumped)),
        };
        if let Some(dict) = dict.filter(|_| left.kind_name() == "identifier") {
            self.bind_literal(name.clone(), dict);
        }
        if left.kind_name() == "identifier" || left.kind_name() == "attribute" {
            let (v, via) = self.eval(right, 0);
            if let Value::Str(_) = &v {
                let leaf = name.rsplit('.').next().unwrap_or(&name).to_string();
                let e = self.b.expr(right, v.clone(), via.clone());
                self.b.credential_assignment(&leaf, Vec::new(), e);
            }
            if left.kind_name() == "identifier" && dict.is_none() {
                let v = self.b.assigned_value(right, &name, v);
                self.b.bind(name.clone(), Bind::Value(v, Some(name)));
            } else if name.starts_with("self.") && may_be_url(&v) {
                self.b.bind_member_value(name, v);
            }
        }
    }

    fn binding_for_value(
        &mut self,
        value: Node<'t>,
        name: Option<&str>,
        memoized: bool,
    ) -> Option<Bind> {
        let value = unwrap(value);
        let lifetime = if memoized {
            Lifetime::Memoized
        } else if self.b.at_module_scope() {
            Lifetime::Shared
        } else {
            Lifetime::Local
        };
        match value.kind_name() {
            "call" => {
                if let Some(idx) = self.client_from_constructor(value, lifetime) {
                    if let Some(n) = name {
                        self.b.facts.clients[idx].binding = Some(n.to_string());
                    }
                    return Some(Bind::Client(idx));
                }
                let func = value.field("function")?;
                let fname = self.text(func);
                if let Some(Bind::Import { module, export }) = self.b.lookup(&fname).cloned() {
                    return Some(Bind::FactoryResult {
                        function: fname,
                        span: self.b.span(value),
                        scope: self.b.scope(),
                        import: Some((module, export)),
                    });
                }
                if func.kind_name() == "identifier" && self.function_names.contains(&fname) {
                    return Some(Bind::FactoryResult {
                        function: fname,
                        span: self.b.span(value),
                        scope: self.b.scope(),
                        import: None,
                    });
                }
                None
            }
            "identifier" | "attribute" => match self.b.lookup(&self.text(value)) {
                Some(b @ (Bind::Client(_) | Bind::FactoryResult { .. } | Bind::Import { .. })) => {
                    Some(b.clone())
                }
                _ => None,
            },
            "boolean_operator" | "conditional_expression" => {
                let mut c = value.walk();
                let parts: Vec<Node<'t>> = value.named_children(&mut c).collect();
                let n = parts.len();
                parts
                    .into_iter()
                    .enumerate()
                    .filter(|(i, _)| {
                        value.kind_name() != "conditional_expression" || *i != 1 || n < 3
                    })
                    .find_map(|(_, p)| self.binding_for_value(p, name, memoized))
            }
            _ => None,
        }
    }

    fn client_from_constructor(&mut self, call: Node<'t>, lifetime: Lifetime) -> Option<usize> {
        let func = call.field("function")?;
        let callee = self.text(func);
        let sym = match self.sdk.get(&callee) {
            Some(s) => *s,
            None => {
                let (pkg, cls) = callee.rsplit_once('.')?;
                match (self.sdk.get(pkg)?, cls) {
                    (Sym::Package, "CustomerIO") => Sym::TrackClass,
                    (Sym::Package, "APIClient") => Sym::ApiClass,
                    (Sym::Package, "AsyncCustomerIO") => Sym::AsyncTrackClass,
                    (Sym::Package, "AsyncAPIClient") => Sym::AsyncApiClass,
                    (Sym::CdpModule, "Client") => Sym::CdpClientClass,
                    _ => return None,
                }
            }
        };
        use CredentialRole::*;
        let (info, roles, keywords): (ClientInfo, &[CredentialRole], &[&str]) = match sym {
            Sym::TrackClass => (TRACK, &[SiteId, TrackApiKey], &["site_id", "api_key"]),
            Sym::AsyncTrackClass => (
                ClientInfo {
                    sdk: Sdk::AsyncCustomerio,
                    kind: ClientKind::Track,
                },
                &[SiteId, TrackApiKey],
                &["site_id", "api_key"],
            ),
            Sym::ApiClass => (
                ClientInfo {
                    sdk: Sdk::CustomerioPython,
                    kind: ClientKind::App,
                },
                &[AppApiKey],
                &["key"],
            ),
            Sym::AsyncApiClass => (
                ClientInfo {
                    sdk: Sdk::AsyncCustomerio,
                    kind: ClientKind::App,
                },
                &[AppApiKey],
                &["key"],
            ),
            Sym::CdpClientClass => (
                ClientInfo {
                    sdk: Sdk::CdpAnalyticsPython,
                    kind: ClientKind::Pipelines,
                },
                &[WriteKey],
                &["write_key"],
            ),
            _ => return None,
        };
        let args = self.args(call);
        let mut creds = Vec::new();
        for (i, role) in roles.iter().enumerate() {
            let node = args
                .positional
                .get(i)
                .copied()
                .or_else(|| args.keyword(keywords[i]));
            if let Some(n) = node {
                let (v, via) = self.eval(n, 0);
                creds.push(Credential {
                    role: *role,
                    expr: self.b.expr(n, v, via),
                });
            }
        }
        let lifetime = if self.is_returned(call) {
            Lifetime::Returned
        } else {
            lifetime
        };
        let span = self.b.span(call);
        let idx = self.b.push_client(info, creds, lifetime, None, span);
        // (host parameter, region parameter) by position and keyword: a host or URL
        // overrides the region.
        let region_params: [(usize, &str); 2] = match sym {
            Sym::TrackClass | Sym::AsyncTrackClass => [(2, "host"), (3, "region")],
            Sym::ApiClass | Sym::AsyncApiClass => [(1, "url"), (2, "region")],
            _ => [(1, "host"), (usize::MAX, "")],
        };
        let mut region = if args.splats.is_empty() {
            RegionSetting::Default
        } else {
            RegionSetting::Unseen
        };
        for (pos, keyword) in &region_params {
            let Some(arg) = args
                .positional
                .get(*pos)
                .copied()
                .or_else(|| args.keyword(keyword))
            else {
                continue;
            };
            let text = self.text(arg);
            if matches!(text.as_str(), "None") {
                continue;
            }
            // A region in the host slot (`region-misplaced`) still says which region the
            // code means; a host string overrides the region.
            let (v, via) = self.eval(arg, 0);
            region = RegionSetting::Given(self.b.expr(arg, v, via));
            break;
        }
        self.b.facts.clients[idx].region = region;
        // `CustomerIO(site, key, Regions.EU)`: the third positional parameter is `host`.
        let region_slot = match sym {
            Sym::TrackClass | Sym::AsyncTrackClass => Some((2usize, "host")),
            Sym::ApiClass | Sym::AsyncApiClass => Some((1usize, "url")),
            _ => None,
        };
        if let Some((pos, param)) = region_slot
            && let Some(arg) = args.positional.get(pos)
        {
            let text = self.text(*arg);
            if text.contains("Regions.") || text.contains("Region") {
                let e = self.b.expr(
                    *arg,
                    Value::Path(text.split('.').map(str::to_string).collect()),
                    Some(param.to_string()),
                );
                self.b.facts.clients[idx].misplaced_region = Some(e);
            }
        }
        Some(idx)
    }

    fn is_returned(&self, node: Node) -> bool {
        let mut cur = node;
        while let Some(p) = cur.parent() {
            match p.kind_name() {
                "parenthesized_expression" => cur = p,
                "return_statement" => return true,
                "lambda" => return true,
                _ => return false,
            }
        }
        false
    }

    // ------------------------------------------------------------ calls

    fn args(&self, call: Node<'t>) -> Args<'t> {
        Args::of(call, &ARGUMENTS, |k| Some(self.text(k)))
    }

    fn visit_call(&mut self, call: Node<'t>) {
        let Some(func) = call.field("function") else {
            return;
        };
        let callee = self.text(func);
        let lifetime = self.b.lifetime_here();
        if self.client_from_constructor(call, lifetime).is_some() {
            return;
        }
        if self.lower_handoff(call, &callee) {
            return;
        }
        if func.kind_name() == "identifier" {
            if let Some(Sym::SendRequest) = self.sdk.get(&callee) {
                self.request_object(call, &callee);
                return;
            }
            if let Some(callee) = self.function_callee(&callee) {
                self.record_project_call(call, callee, Vec::new());
            }
            return;
        }
        if func.kind_name() != "attribute" {
            return;
        }
        let (Some(recv), Some(attr)) = (func.field("object"), func.field("attribute")) else {
            return;
        };
        let method = self.text(attr);
        let recv_text = self.text(recv);
        if let Some((pkg, cls)) = callee.rsplit_once('.')
            && self.sdk.get(pkg) == Some(&Sym::Package)
            && cls.starts_with("Send")
            && cls.ends_with("Request")
        {
            self.request_object(call, cls);
            return;
        }
        let bound_to_client = matches!(
            self.b.lookup(&recv_text),
            Some(Bind::Client(_) | Bind::FactoryResult { .. } | Bind::Import { .. })
        );
        // A receiver the syntax types as a project class is never a Customer.io client; one
        // of the project's own classes is no HTTP library either (`client = CioClient()`,
        // where `client = httpx.Client()` is one).
        let receiver_class = self.receiver_class(recv);
        let project_typed = receiver_class.is_some();
        let own_class = receiver_class.is_some_and(|c| {
            self.class_names.contains(&c)
                || matches!(self.b.lookup(&c), Some(Bind::Import { module, .. }) if !is_library(module))
        });
        if !bound_to_client && !own_class && is_http_library(&recv_text) {
            self.raw_http(call, &method);
            return;
        }
        let sdk = if is_cio_method(&method) && !project_typed {
            self.resolve_receiver(recv)
        } else {
            None
        };
        let Some((info, idx, via_factory, unresolved)) = sdk else {
            for callee in self.method_callees(recv, &method) {
                self.record_project_call(call, callee, Vec::new());
            }
            return;
        };
        // `analytics.track(...)` of an imported name may be a project module's function too.
        if matches!(unresolved, Some(Unresolved::Import { .. })) && via_factory.is_none() {
            for callee in self.method_callees(recv, &method) {
                self.record_project_call(call, callee, Vec::new());
            }
        }
        if let Some(i) = idx {
            self.b.mark_used(i);
        }
        let args = self.args(call);
        let receiver = (info, idx, via_factory, unresolved);
        let span = self.b.span(call);
        let Some(mut d) = receiver_call(receiver, method_kind(&method), method.clone(), span)
        else {
            return;
        };
        self.fill_shape(&mut d, info, &method, &args);
        let awaited = call.parent().is_some_and(|p| p.kind_name() == "await");
        let is_async_sdk = info.sdk == Sdk::AsyncCustomerio;
        d.outcome = if !is_async_sdk || awaited {
            Outcome::Awaited
        } else {
            Outcome::Discarded
        };
        d.waits = !is_async_sdk || awaited;
        if let Some(g) = self.gather_group(call) {
            d.concurrent_group = Some(g);
        }
        self.b.push_call(d);
    }

    // ------------------------------------------------------------ project calls

    /// `class C(Base):` for the resolver's method lookup through base classes.
    fn record_class(&mut self, node: Node<'t>) {
        let Some(name) = node.field("name").map(|n| self.text(n)) else {
            return;
        };
        let base = node.field("superclasses").and_then(|s| {
            let mut c = s.walk();
            let bases: Vec<String> = s
                .named_children(&mut c)
                .filter(|a| matches!(a.kind_name(), "identifier" | "attribute"))
                .map(|a| self.text(a))
                .collect();
            bases
                .into_iter()
                .find(|b| !matches!(b.as_str(), "object" | "ABC" | "abc.ABC" | "Protocol"))
        });
        let span = self.b.span(node);
        self.b
            .facts
            .classes
            .push(crate::model::ClassDef { name, base, span });
    }

    /// The class a node sits in (a method's `self`, a class body).
    fn class_at(&self, node: Node) -> Option<String> {
        let mut cur = node.parent();
        while let Some(n) = cur {
            if n.kind_name() == "class_definition" {
                return n.field("name").map(|c| self.text(c));
            }
            cur = n.parent();
        }
        None
    }

    /// The project class a local name was given in this function or an enclosing one.
    fn local_type(&self, name: &str) -> Option<String> {
        let mut scope = Some(self.b.scope());
        while let Some(s) = scope {
            if let Some(t) = self.types.get(&format!("{s}#{name}")) {
                return Some(t.clone());
            }
            scope = self.b.facts.function(s).and_then(|f| f.parent);
        }
        // `client = CioClient()` at module level, used in the file's functions.
        self.types.get(&format!("{MODULE_SCOPE}#{name}")).cloned()
    }

    fn type_key(&self, at: Node, name: &str) -> Option<String> {
        if let Some(attr) = name
            .strip_prefix("self.")
            .or_else(|| name.strip_prefix("cls."))
        {
            return Some(format!("{}#self.{attr}", self.class_at(at)?));
        }
        if name.contains('.') {
            return None;
        }
        let in_class_body = at
            .parent()
            .and_then(|p| p.parent())
            .and_then(|b| b.parent())
            .is_some_and(|c| c.kind_name() == "class_definition");
        if in_class_body {
            return Some(format!("{}#self.{name}", self.class_at(at)?));
        }
        Some(format!("{}#{name}", self.b.scope()))
    }

    /// `svc = CioService()`, `self.svc = svc`, `svc: CioService`, `cio: CioService = ...`.
    fn record_types(&mut self, node: Node<'t>) {
        let Some(left) = node.field("left") else {
            return;
        };
        if !matches!(left.kind_name(), "identifier" | "attribute") {
            return;
        }
        let class = node
            .field("type")
            .and_then(|t| self.class_of_type(&self.text(t)))
            .or_else(|| node.field("right").and_then(|r| self.class_of_value(r)));
        if let Some(class) = class {
            if let Some(key) = self.type_key(node, &self.text(left)) {
                self.types.insert(key, class);
            }
            return;
        }
        // `expiring = Deployment.objects.filter(...)`: a query whose items are `Deployment`s.
        if left.kind_name() == "identifier"
            && let Some(model) = node.field("right").and_then(|r| self.queried_model(r))
            && let Some(key) = self.type_key(node, &format!("[]{}", self.text(left)))
        {
            self.types.insert(key, model);
        }
    }

    /// `for app in Deployment.objects.filter(...)`, `for app in expiring` (a name bound to
    /// such a query): each item is an instance of the project's model.
    fn record_item_type(&mut self, for_node: Node<'t>, iterable: Node<'t>) {
        let Some(target) = for_node
            .field("left")
            .filter(|l| l.kind_name() == "identifier")
        else {
            return;
        };
        let iterable = unwrap(iterable);
        let model = match iterable.kind_name() {
            "identifier" => self.local_type(&format!("[]{}", self.text(iterable))),
            _ => self.queried_model(iterable),
        };
        if let Some(model) = model
            && let Some(key) = self.type_key(for_node, &self.text(target))
        {
            self.types.insert(key, model);
        }
    }

    /// The model an ORM query reads (Django `Model.objects…`, SQLAlchemy `Model.query…`),
    /// when it is one of the project's classes.
    fn queried_model(&self, query: Node<'t>) -> Option<String> {
        let text = self.text(unwrap(query));
        let (model, rest) = text.split_once('.')?;
        let reads_model = rest.starts_with("objects") || rest.starts_with("query");
        let project_class = self.class_names.contains(model)
            || matches!(self.b.lookup(model), Some(Bind::Import { module, .. }) if !is_library(module));
        (reads_model && starts_upper(model) && project_class).then(|| model.to_string())
    }

    fn class_of_value(&self, value: Node<'t>) -> Option<String> {
        let value = unwrap(value);
        match value.kind_name() {
            "call" => self.constructed_class(value),
            "identifier" => self.local_type(&self.text(value)),
            "attribute" => self.receiver_class(value),
            _ => None,
        }
    }

    /// The project class a type annotation names: `CioService`, `Optional[CioService]`,
    /// `"CioService"`, `svc.CioService | None`. Customer.io's own classes are not.
    fn class_of_type(&self, ty: &str) -> Option<String> {
        let ty = ty.trim().trim_matches(['"', '\'']);
        let ty = ty
            .strip_prefix("Optional[")
            .or_else(|| ty.strip_prefix("typing.Optional["))
            .and_then(|t| t.strip_suffix(']'))
            .unwrap_or(ty);
        let ty = ty.split('|').map(str::trim).find(|p| *p != "None")?;
        if self.sym_of(ty).is_some()
            || !ty
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
        {
            return None;
        }
        let leaf = ty.rsplit('.').next()?;
        (starts_upper(leaf) && !is_builtin_class(leaf)).then(|| leaf.to_string())
    }

    /// The project class `C(...)` / `mod.C(...)` builds.
    fn constructed_class(&self, call: Node<'t>) -> Option<String> {
        let func = call.field("function")?;
        if !matches!(func.kind_name(), "identifier" | "attribute") {
            return None;
        }
        let text = self.text(func);
        if self.sym_of(&text).is_some() {
            return None;
        }
        let leaf = text.rsplit('.').next()?;
        if !starts_upper(leaf) || is_builtin_class(leaf) {
            return None;
        }
        if func.kind_name() == "identifier"
            && !self.class_names.contains(leaf)
            && !matches!(self.b.lookup(leaf), Some(Bind::Import { .. }))
        {
            return None;
        }
        Some(leaf.to_string())
    }

    /// The class of a method call's receiver, when the syntax says it: `self`, a member or
    /// local assigned `C()` or typed `C`, `C()` itself, the class `C`.
    fn receiver_class(&self, recv: Node<'t>) -> Option<String> {
        let recv = unwrap(recv);
        let text = self.text(recv);
        match recv.kind_name() {
            "identifier" if text == "self" || text == "cls" => self.class_at(recv),
            "identifier" => {
                if let Some(t) = self.local_type(&text) {
                    return Some(t);
                }
                if self.class_names.contains(&text) {
                    return Some(text);
                }
                match self.b.lookup(&text) {
                    Some(Bind::Import { export, .. }) if starts_upper(export) => {
                        Some(export.clone())
                    }
                    _ => None,
                }
            }
            "attribute" => {
                let attr = text
                    .strip_prefix("self.")
                    .or_else(|| text.strip_prefix("cls."))?;
                let class = self.class_at(recv)?;
                self.types.get(&format!("{class}#self.{attr}")).cloned()
            }
            "call" => self.constructed_class(recv),
            _ => None,
        }
    }

    /// What a bare call `name(...)` runs when it is project code: a function of this file,
    /// a class of this file, or a name imported from a project module.
    fn function_callee(&self, name: &str) -> Option<Callee> {
        if self.class_names.contains(name) {
            return Some(Callee::Construct {
                class: name.to_string(),
            });
        }
        if self.function_names.contains(name) {
            return Some(Callee::Function {
                name: name.to_string(),
                module: None,
                export: None,
            });
        }
        match self.b.lookup(name) {
            Some(Bind::Import { module, export }) if export != "*" && !is_library(module) => {
                Some(if starts_upper(export) {
                    Callee::Construct {
                        class: export.clone(),
                    }
                } else {
                    Callee::Function {
                        name: name.to_string(),
                        module: Some(module.clone()),
                        export: Some(export.clone()),
                    }
                })
            }
            _ => None,
        }
    }

    /// What `recv.method(...)` may run when it is project code.
    fn method_callees(&self, recv: Node<'t>, method: &str) -> Vec<Callee> {
        let recv = unwrap(recv);
        let text = self.text(recv);
        if let Some(class) = self.receiver_class(recv) {
            if starts_upper(method) {
                return Vec::new();
            }
            return vec![Callee::Method {
                receiver: text,
                class: Some(class),
                name: method.to_string(),
            }];
        }
        let function = |module: String| {
            if starts_upper(method) {
                Callee::Construct {
                    class: method.to_string(),
                }
            } else {
                Callee::Function {
                    name: method.to_string(),
                    module: Some(module),
                    export: Some(method.to_string()),
                }
            }
        };
        match recv.kind_name() {
            "identifier" => match self.b.lookup(&text) {
                Some(Bind::Import { module, .. }) if is_library(module) => return Vec::new(),
                // `import app.services.analytics as analytics`
                Some(Bind::Import { module, export }) if export == "*" => {
                    return vec![function(module.clone())];
                }
                // `from app.services import analytics`: a submodule, or an object.
                Some(Bind::Import { module, export }) => {
                    let mut out = vec![function(format!("{module}/{export}"))];
                    if !starts_upper(method) {
                        out.push(Callee::Method {
                            receiver: text,
                            class: None,
                            name: method.to_string(),
                        });
                    }
                    return out;
                }
                Some(Bind::Client(_) | Bind::FactoryResult { .. } | Bind::Object(_)) => {
                    return Vec::new();
                }
                _ => {}
            },
            "attribute" => {}
            _ => return Vec::new(),
        }
        if self.plain_imports.contains(&text) {
            let module = text.replace('.', "/");
            return if is_library(&module) {
                Vec::new()
            } else {
                vec![function(module)]
            };
        }
        if starts_upper(method)
            || is_builtin_receiver(&text)
            || is_builtin_method(method)
            || !text
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
        {
            return Vec::new();
        }
        vec![Callee::Method {
            receiver: text,
            class: None,
            name: method.to_string(),
        }]
    }

    /// One argument of a project call: its expression, and a dict literal's entries.
    fn project_arg(&self, keyword: Option<String>, node: Node<'t>) -> Arg {
        let inner = unwrap(node);
        let mut d = CallDraft::new(TRACK, Method::Other, String::new(), self.b.span(node));
        let literal = match inner.kind_name() {
            "dictionary" => true,
            "identifier" => matches!(self.b.lookup(&self.text(inner)), Some(Bind::Object(_))),
            "call" => self.text(inner).starts_with("dict("),
            _ => false,
        };
        if literal {
            self.dict_attrs(&mut d, inner, Section::Top, 0);
        }
        Arg {
            keyword,
            expr: self.value_expr(node),
            attrs: d.attributes,
            spreads: d.spreads,
        }
    }

    /// The arguments of a call as written; positions after a `*args` splat are unknown.
    fn project_args(&self, call: Node<'t>) -> Vec<Arg> {
        let args = self.args(call);
        let mut out: Vec<Arg> = Vec::new();
        let starred = call.field("arguments").and_then(|list| {
            let mut c = list.walk();
            list.named_children(&mut c)
                .position(|a| a.kind_name() == "list_splat")
        });
        for (i, n) in args.positional.iter().enumerate() {
            if starred.is_some_and(|s| i >= s) {
                break;
            }
            out.push(self.project_arg(None, *n));
        }
        for (k, _, v) in &args.keywords {
            out.push(self.project_arg(Some(k.clone()), *v));
        }
        out
    }

    fn record_project_call(&mut self, call: Node<'t>, callee: Callee, args: Vec<Arg>) {
        let args = if args.is_empty() {
            self.project_args(call)
        } else {
            args
        };
        let outcome = if is_awaited(call) {
            Outcome::Awaited
        } else {
            Outcome::Discarded
        };
        let span = self.b.span(call);
        self.b.push_project_call(callee, args, outcome, true, span);
    }

    /// The project code a function reference names (`send_welcome`, `self.notify`,
    /// `analytics.track_event`, `partial(track_event, user.id)`), with bound arguments.
    fn callable_ref(&self, node: Node<'t>) -> Option<CallableRef> {
        let node = unwrap(node);
        match node.kind_name() {
            "identifier" => Some((vec![self.function_callee(&self.text(node))?], Vec::new())),
            "attribute" => {
                let recv = node.field("object")?;
                let attr = self.text(node.field("attribute")?);
                let callees = self.method_callees(recv, &attr);
                (!callees.is_empty()).then_some((callees, Vec::new()))
            }
            "call" => {
                let func = self.text(node.field("function")?);
                if func != "partial" && func != "functools.partial" {
                    return None;
                }
                let args = self.args(node);
                let (first, rest) = args.positional.split_first()?;
                let (callees, _) = self.callable_ref(*first)?;
                let mut bound: Vec<Arg> = rest.iter().map(|n| self.project_arg(None, *n)).collect();
                for (k, _, v) in &args.keywords {
                    bound.push(self.project_arg(Some(k.clone()), *v));
                }
                Some((callees, bound))
            }
            _ => None,
        }
    }

    /// Work handed to an executor, a thread, a task queue or a background task:
    /// `loop.run_in_executor(None, fn, a)`, `asyncio.to_thread(fn, a)`, `pool.submit(fn, a)`,
    /// `pool.map(fn, items)`, `background_tasks.add_task(fn, a)`, `task.delay(a)`,
    /// `task.apply_async(args=[a])`, `Thread(target=fn, args=(a,))`. The function is a
    /// project call made there; it is deferred unless the caller awaits it.
    fn lower_handoff(&mut self, call: Node<'t>, callee: &str) -> bool {
        let Some(func) = call.field("function") else {
            return false;
        };
        let leaf = callee.rsplit('.').next().unwrap_or(callee);
        let recv_text = callee.rsplit_once('.').map(|(r, _)| r).unwrap_or("");
        let args = self.args(call);
        let awaited = is_awaited(call);
        let elements = |n: Option<Node<'t>>| -> Vec<Node<'t>> {
            let Some(n) = n.map(unwrap) else {
                return Vec::new();
            };
            if !matches!(n.kind_name(), "list" | "tuple") {
                return Vec::new();
            }
            let mut c = n.walk();
            n.named_children(&mut c).collect()
        };
        let (target, mut bound, waits, looped): (Option<CallableRef>, Vec<Arg>, bool, bool) =
            match leaf {
                "run_in_executor" | "to_thread" | "submit" | "add_task" | "enqueue"
                | "start_soon" | "map"
                    if leaf != "map" || is_executor(recv_text) =>
                {
                    let at = usize::from(leaf == "run_in_executor");
                    let Some(f) = args.positional.get(at) else {
                        return false;
                    };
                    let rest: Vec<Arg> = if leaf == "map" {
                        Vec::new()
                    } else {
                        let mut r: Vec<Arg> = args.positional[at + 1..]
                            .iter()
                            .map(|n| self.project_arg(None, *n))
                            .collect();
                        for (k, _, v) in &args.keywords {
                            r.push(self.project_arg(Some(k.clone()), *v));
                        }
                        r
                    };
                    let waits = awaited && matches!(leaf, "run_in_executor" | "to_thread");
                    (self.callable_ref(*f), rest, waits, leaf == "map")
                }
                "delay" | "apply_async" if func.kind_name() == "attribute" => {
                    let Some(task) = func.field("object") else {
                        return false;
                    };
                    let target = self.callable_ref(task);
                    let bound = if leaf == "delay" {
                        self.project_args(call)
                    } else {
                        self.packed_args(
                            elements(args.positional.first().copied().or(args.keyword("args"))),
                            args.positional.get(1).copied().or(args.keyword("kwargs")),
                        )
                    };
                    (target, bound, false, false)
                }
                "Thread" | "Process" => {
                    let Some(f) = args.keyword("target") else {
                        return false;
                    };
                    let bound =
                        self.packed_args(elements(args.keyword("args")), args.keyword("kwargs"));
                    (self.callable_ref(f), bound, false, false)
                }
                _ => return false,
            };
        let Some((callees, partial)) = target else {
            // Not project code (a lambda, a library function): the children are visited
            // as handed-off work.
            return false;
        };
        let mut all = partial;
        all.append(&mut bound);
        let span = self.b.span(call);
        let loop_id = looped.then(|| self.b.push_loop(call, "executor.map() fan-out", false));
        if !waits {
            self.b.deferred_depth += 1;
        }
        for callee in callees {
            let outcome = if waits {
                Outcome::Awaited
            } else {
                Outcome::Discarded
            };
            self.b
                .push_project_call(callee, all.clone(), outcome, waits, span);
        }
        if !waits {
            self.b.deferred_depth -= 1;
        }
        if let Some(id) = loop_id {
            self.b.pop_loop(id);
        }
        true
    }

    /// `args=(a, b), kwargs={"k": v}` as call arguments.
    fn packed_args(&self, positional: Vec<Node<'t>>, kwargs: Option<Node<'t>>) -> Vec<Arg> {
        let mut out: Vec<Arg> = positional
            .into_iter()
            .map(|n| self.project_arg(None, n))
            .collect();
        if let Some(d) = kwargs.map(unwrap).filter(|d| d.kind_name() == "dictionary") {
            let mut c = d.walk();
            for p in d.named_children(&mut c) {
                if let (Some(k), Some(v)) = (p.field("key"), p.field("value"))
                    && let Some(key) = self.b.literal_string(k)
                {
                    out.push(self.project_arg(Some(key), v));
                }
            }
        }
        out
    }

    /// Whether the children of this call run as handed-off work (a callback given to an
    /// executor, a thread or a task): calls there neither block nor wait.
    fn hands_off(&self, call: Node<'t>) -> bool {
        let Some(func) = call.field("function") else {
            return false;
        };
        let callee = self.text(func);
        let leaf = callee.rsplit('.').next().unwrap_or(&callee);
        let recv = callee.rsplit_once('.').map(|(r, _)| r).unwrap_or("");
        match leaf {
            "run_in_executor" | "to_thread" => !is_awaited(call),
            "map" => is_executor(recv),
            "submit" => is_executor(recv),
            "add_task" | "enqueue" | "create_task" | "ensure_future" | "start_soon" | "Thread"
            | "Process" => true,
            _ => false,
        }
    }

    /// The SDK class a name or dotted name is.
    fn sym_of(&self, text: &str) -> Option<Sym> {
        if let Some(s) = self.sdk.get(text) {
            return Some(*s);
        }
        let (pkg, cls) = text.rsplit_once('.')?;
        match (self.sdk.get(pkg)?, cls) {
            (Sym::Package, "CustomerIO") => Some(Sym::TrackClass),
            (Sym::Package, "APIClient") => Some(Sym::ApiClass),
            (Sym::Package, "AsyncCustomerIO") => Some(Sym::AsyncTrackClass),
            (Sym::Package, "AsyncAPIClient") => Some(Sym::AsyncApiClass),
            (Sym::CdpModule, "Client") => Some(Sym::CdpClientClass),
            _ => None,
        }
    }

    /// `def __init__(self, cio: CustomerIO)`: an injected client, built elsewhere (not here:
    /// it is neither per request nor this function's doing). `svc: CioService`: a typed
    /// project object.
    fn bind_typed_params(&mut self, node: Node<'t>) {
        let Some(params) = node.field("parameters") else {
            return;
        };
        let mut cursor = params.walk();
        let list: Vec<Node<'t>> = params.named_children(&mut cursor).collect();
        for p in list {
            let (name, ty) = match p.kind_name() {
                "typed_parameter" => (
                    p.named_child(0).filter(|n| n.kind_name() == "identifier"),
                    p.field("type"),
                ),
                "typed_default_parameter" => (p.field("name"), p.field("type")),
                _ => continue,
            };
            let (Some(name), Some(ty)) = (name, ty) else {
                continue;
            };
            let name = self.text(name);
            let ty = self.text(ty);
            let ty = ty.trim().trim_matches(['"', '\'']);
            let ty = ty
                .split('|')
                .map(str::trim)
                .find(|p| *p != "None")
                .unwrap_or(ty);
            let ty = ty
                .strip_prefix("Optional[")
                .and_then(|t| t.strip_suffix(']'))
                .unwrap_or(ty);
            if let Some(info) = self.sym_of(ty).and_then(client_info) {
                let span = self.b.span(p);
                let idx = self.b.push_client(
                    info,
                    Vec::new(),
                    Lifetime::Memoized,
                    Some(name.clone()),
                    span,
                );
                self.b.bind(name, Bind::Client(idx));
                continue;
            }
            if let Some(class) = self.class_of_type(ty) {
                let key = format!("{}#{name}", self.b.scope());
                self.types.insert(key, class);
            }
        }
    }

    /// Calls started together in `asyncio.gather(...)` share a group.
    fn gather_group(&mut self, call: Node) -> Option<u32> {
        let mut cur = call;
        for _ in 0..4 {
            let p = cur.parent()?;
            if p.kind_name() == "call" {
                let f = p
                    .field("function")
                    .map(|f| self.text(f))
                    .unwrap_or_default();
                if f.ends_with("gather") {
                    let key = p.start_byte() as u32;
                    return Some(key);
                }
                return None;
            }
            cur = p;
        }
        None
    }

    fn resolve_receiver(&mut self, recv: Node<'t>) -> Option<Receiver> {
        let recv = unwrap(recv);
        let text = self.text(recv);
        if self.sdk.get(&text) == Some(&Sym::CdpModule) {
            let info = ClientInfo {
                sdk: Sdk::CdpAnalyticsPython,
                kind: ClientKind::Pipelines,
            };
            return Some((info, self.cdp_module_client, None, None));
        }
        match recv.kind_name() {
            "identifier" | "attribute" => match self.b.lookup(&text).cloned() {
                Some(bind) => bind.receiver(&self.b.facts.clients, TRACK),
                None => {
                    // `services.cio` where `services` is `import app.services as services`
                    if recv.kind_name() == "attribute"
                        && let Some(obj) = recv.field("object")
                        && let Some(Bind::Import { module, export }) =
                            self.b.lookup(&self.text(obj)).cloned()
                        && export == "*"
                    {
                        let attr = recv
                            .field("attribute")
                            .map(|a| self.text(a))
                            .unwrap_or_default();
                        return Some(imported_receiver(TRACK, module, attr));
                    }
                    let leaf = text.rsplit('.').next().unwrap_or(&text);
                    (super::is_client_name(leaf) || self.opts.is_receiver(leaf))
                        .then(|| named_receiver(TRACK, leaf.to_string()))
                }
            },
            "call" => {
                let lifetime = self.b.lifetime_here();
                if let Some(i) = self.client_from_constructor(recv, lifetime) {
                    self.b.mark_used(i);
                    return Some((self.b.facts.clients[i].info, Some(i), None, None));
                }
                let func = recv.field("function")?;
                let mut fname = self.text(func);
                // `self.get_client()`: a method of this file's class.
                if let Some(method) = fname
                    .strip_prefix("self.")
                    .or_else(|| fname.strip_prefix("cls."))
                    .filter(|m| self.function_names.contains(*m))
                {
                    fname = method.to_string();
                }
                let target = match self.b.lookup(&fname) {
                    Some(Bind::Import { module, export }) => Some((module.clone(), export.clone())),
                    _ if self.function_names.contains(&fname) => None,
                    _ => return None,
                };
                let (span, scope) = (self.b.span(recv), self.b.scope());
                Some(factory_receiver(TRACK, fname, span, scope, target))
            }
            _ => None,
        }
    }

    /// Flatten a dict literal, a name bound to one, or `dict(email=..., plan=...)` into
    /// attributes.
    fn dict_attrs(&self, d: &mut CallDraft, node: Node<'t>, section: Section, depth: u8) {
        let node = unwrap(node);
        if node.kind_name() == "call" && self.text(node).starts_with("dict(") {
            let args = self.args(node);
            for (k, kn, v) in &args.keywords {
                d.attributes
                    .push(self.attr(k.clone(), *kn, *v, section, depth));
            }
            for s in &args.splats {
                d.spreads.push(self.value_expr(*s));
            }
            return;
        }
        self.flatten_map(d, node, section, depth);
    }

    fn fill_shape(&self, d: &mut CallDraft, info: ClientInfo, method: &str, args: &Args<'t>) {
        let pos = |i: usize| args.positional.get(i).copied();
        let kw = |k: &str| args.keyword(k);
        let arg = |i: usize, k: &str| pos(i).or_else(|| kw(k));
        match info.kind {
            ClientKind::Pipelines => {
                // identify(user_id, traits, context, timestamp, anonymous_id) / track(user_id, event, properties, context, timestamp)
                d.customer_id = arg(0, "user_id").map(|n| self.value_expr(n));
                match method {
                    "identify" => {
                        if let Some(t) = arg(1, "traits") {
                            self.dict_attrs(d, t, Section::Top, 0);
                        }
                        if let Some(t) = arg(3, "timestamp") {
                            d.timestamp =
                                Some(self.attr("timestamp".into(), t, t, Section::Top, 0));
                        }
                    }
                    "track" => {
                        d.event_name = arg(1, "event").map(|n| self.value_expr(n));
                        if let Some(p) = arg(2, "properties") {
                            self.dict_attrs(d, p, Section::Data, 0);
                        }
                        if let Some(t) = arg(4, "timestamp") {
                            d.timestamp =
                                Some(self.attr("timestamp".into(), t, t, Section::Top, 0));
                        }
                    }
                    _ => {}
                }
            }
            ClientKind::App => {
                if let Some(req) = pos(0) {
                    let req = unwrap(req);
                    if req.kind_name() == "call" {
                        let inner = self.args(req);
                        self.request_attrs(d, &inner);
                    } else {
                        d.payload = Some(self.value_expr(req));
                    }
                }
            }
            ClientKind::Track => match method {
                "identify" => {
                    d.customer_id = arg(0, "id")
                        .or_else(|| kw("customer_id"))
                        .map(|n| self.value_expr(n));
                    for (k, kn, v) in &args.keywords {
                        if k != "id" && k != "customer_id" {
                            d.attributes
                                .push(self.attr(k.clone(), *kn, *v, Section::Top, 0));
                        }
                    }
                    if let Some(p) = pos(1) {
                        self.dict_attrs(d, p, Section::Top, 0);
                    }
                    for s in &args.splats {
                        d.spreads.push(self.value_expr(*s));
                    }
                }
                "track" | "track_anonymous" | "backfill" | "pageview" => {
                    let id_key = if method == "track_anonymous" {
                        "anonymous_id"
                    } else {
                        "customer_id"
                    };
                    let id = arg(0, id_key);
                    if method != "track_anonymous" {
                        d.customer_id = id.map(|n| self.value_expr(n));
                    }
                    if method != "pageview" {
                        d.event_name = arg(1, "name").map(|n| self.value_expr(n));
                    }
                    let ts = if method == "backfill" {
                        arg(2, "timestamp")
                    } else {
                        kw("timestamp").or_else(|| pos(4))
                    };
                    if let Some(t) = ts {
                        d.timestamp = Some(self.attr("timestamp".into(), t, t, Section::Top, 0));
                    }
                    if (method == "track" || method == "track_anonymous")
                        && let Some(data) = arg(2, "data")
                    {
                        self.dict_attrs(d, data, Section::Data, 0);
                    }
                    if method == "track" || method == "track_anonymous" {
                        d.event_args = Some(Box::new(self.event_args(args)));
                    }
                    // 2.x style: every other keyword is event data.
                    for (k, kn, v) in &args.keywords {
                        if !matches!(
                            k.as_str(),
                            "customer_id"
                                | "anonymous_id"
                                | "name"
                                | "data"
                                | "id"
                                | "timestamp"
                                | "page"
                        ) {
                            d.attributes
                                .push(self.attr(k.clone(), *kn, *v, Section::Data, 0));
                        }
                    }
                    for s in &args.splats {
                        d.spreads.push(self.value_expr(*s));
                    }
                }
                "add_device" => {
                    d.customer_id = arg(0, "customer_id").map(|n| self.value_expr(n));
                    for (k, kn, v) in &args.keywords {
                        if !matches!(k.as_str(), "customer_id" | "device_id" | "platform") {
                            d.attributes
                                .push(self.attr(k.clone(), *kn, *v, Section::Top, 0));
                        }
                    }
                }
                "delete" | "suppress" | "unsuppress" | "delete_device" => {
                    d.customer_id = arg(0, "customer_id").map(|n| self.value_expr(n));
                }
                _ => {}
            },
        }
    }

    /// How `track`/`track_anonymous` pass their event data: `data=` or a third positional
    /// argument (3.x), loose keywords (2.x), and the 3.x `id=`/`timestamp=` options.
    fn event_args(&self, args: &Args<'t>) -> crate::facts::EventArgs {
        let mut out = crate::facts::EventArgs::default();
        if let Some(data) = args.keyword("data") {
            out.data_argument = Some(self.b.span(data));
            out.data_by_keyword = true;
        } else if let Some(data) = args.positional.get(2) {
            out.data_argument = Some(self.b.span(*data));
        }
        for (k, kn, v) in &args.keywords {
            let span = self.b.span_of(kn.start_byte(), v.end_byte());
            match k.as_str() {
                "customer_id" | "anonymous_id" | "name" | "data" => {}
                "id" | "timestamp" => out.option_keywords.push((k.clone(), span)),
                _ => out.data_keywords.push((k.clone(), span)),
            }
        }
        out
    }

    fn request_attrs(&self, d: &mut CallDraft, args: &Args<'t>) {
        for (k, kn, v) in &args.keywords {
            d.attributes
                .push(self.attr(k.clone(), *kn, *v, Section::Top, 0));
            // `identifiers={"id": …}`, `message_data={…}`: their entries one level down. A
            // name we cannot follow stays the key's value, not the whole request's payload.
            if self.is_dict_literal(*v) {
                let section = if k == "message_data" {
                    Section::Data
                } else {
                    Section::Top
                };
                self.dict_attrs(d, *v, section, 1);
            }
        }
        for s in args.splats.iter().chain(args.positional.first()) {
            d.spreads.push(self.value_expr(*s));
        }
    }

    /// A dict literal, `dict(...)`, or a local name bound to a dict literal.
    fn is_dict_literal(&self, node: Node<'t>) -> bool {
        let node = unwrap(node);
        match node.kind_name() {
            "dictionary" => true,
            "identifier" => matches!(self.b.lookup(&self.text(node)), Some(Bind::Object(_))),
            "call" => self.text(node).starts_with("dict("),
            _ => false,
        }
    }

    /// `SendEmailRequest(send_at=…, message_data=…)`.
    fn request_object(&mut self, call: Node<'t>, name: &str) {
        let args = self.args(call);
        let info = ClientInfo {
            sdk: Sdk::CustomerioPython,
            kind: ClientKind::App,
        };
        let mut d = CallDraft::new(
            info,
            Method::BuildRequest,
            name.to_string(),
            self.b.span(call),
        );
        d.outcome = Outcome::Assigned;
        self.request_attrs(&mut d, &args);
        self.b.push_call(d);
    }

    fn raw_http(&mut self, call: Node<'t>, verb: &str) {
        let args = self.args(call);
        let (url, http_method) = if verb == "request" {
            (
                args.positional
                    .get(1)
                    .copied()
                    .or_else(|| args.keyword("url")),
                args.positional
                    .first()
                    .map(|m| self.text(*m).trim_matches(['"', '\'']).to_uppercase()),
            )
        } else {
            (
                args.positional
                    .first()
                    .copied()
                    .or_else(|| args.keyword("url")),
                Some(verb.to_uppercase()),
            )
        };
        let Some(url) = url else { return };
        let url_expr = self.value_expr(url);
        let Some((mut d, endpoint)) =
            request_draft(url_expr.clone(), http_method, self.b.span(call))
        else {
            return;
        };
        let (info, method) = (d.client, d.method);
        let body = args
            .keyword("json")
            .or_else(|| args.keyword("data"))
            .or_else(|| args.keyword("body"));
        if let Some(body) = body {
            let body = unwrap_json_dumps(self, body);
            // A Pipelines body names its parts (`userId`, `event`, `traits`, `properties`); a
            // Track event's holds `name`, `data` and top-level attributes.
            let pipelines = endpoint.kind == ClientKind::Pipelines;
            let event = endpoint.kind == ClientKind::Track
                && matches!(method, Method::Track | Method::TrackAnonymous);
            match self.dict_node(body) {
                Some(dict) if pipelines || event => {
                    let mut c = dict.walk();
                    for p in dict.named_children(&mut c) {
                        let (Some(k), Some(v)) = (p.field("key"), p.field("value")) else {
                            continue;
                        };
                        let Some(key) = self.b.literal_string(k) else {
                            continue;
                        };
                        match (pipelines, key.as_str()) {
                            (_, "timestamp") => {
                                d.timestamp = Some(self.attr(key, k, v, Section::Top, 0))
                            }
                            (true, "userId") => d.customer_id = Some(self.value_expr(v)),
                            (true, "event") | (false, "name") => {
                                d.event_name = Some(self.value_expr(v))
                            }
                            (true, "traits") => self.dict_attrs(&mut d, v, Section::Top, 0),
                            (true, "properties") | (false, "data") => {
                                self.dict_attrs(&mut d, v, Section::Data, 0)
                            }
                            (true, _) => {}
                            (false, _) => d.attributes.push(self.attr(key, k, v, Section::Top, 0)),
                        }
                    }
                }
                None if pipelines || event => {}
                _ => self.dict_attrs(&mut d, body, Section::Top, 0),
            }
        }
        let mut creds = Vec::new();
        if let Some(auth) = args.keyword("auth").map(unwrap)
            && auth.kind_name() == "tuple"
        {
            let mut c = auth.walk();
            let parts: Vec<Node<'t>> = auth.named_children(&mut c).collect();
            if let [user, pass] = parts.as_slice() {
                let role = if endpoint.kind == ClientKind::Pipelines {
                    CredentialRole::WriteKey
                } else {
                    CredentialRole::SiteId
                };
                creds.push(Credential {
                    role,
                    expr: self.value_expr(*user),
                });
                creds.push(Credential {
                    role: CredentialRole::TrackApiKey,
                    expr: self.value_expr(*pass),
                });
            }
        }
        if let Some(headers) = args.keyword("headers").and_then(|h| self.dict_node(h)) {
            let mut c = headers.walk();
            for p in headers.named_children(&mut c) {
                let (Some(k), Some(v)) = (p.field("key"), p.field("value")) else {
                    continue;
                };
                if self
                    .b
                    .literal_string(k)
                    .is_some_and(|k| k.eq_ignore_ascii_case("authorization"))
                {
                    let e = self.value_expr(v);
                    if e.text.contains("Bearer") {
                        let cred = match &e.value {
                            Value::Interpolated { holes, .. } if !holes.is_empty() => {
                                holes[0].clone()
                            }
                            _ => e,
                        };
                        creds.push(Credential {
                            role: CredentialRole::AppApiKey,
                            expr: cred,
                        });
                    }
                }
            }
        }
        let idx = self
            .b
            .push_client(info, creds, Lifetime::Shared, None, self.b.span(call));
        self.b.facts.clients[idx].region = RegionSetting::Given(url_expr.clone());
        d.client_index = Some(idx);
        // requests/urllib3 are synchronous; httpx/aiohttp calls are awaited: the caller waits either way.
        d.outcome = Outcome::Awaited;
        self.b.push_call(d);
    }

    fn dict_node(&self, node: Node<'t>) -> Option<Node<'t>> {
        let node = unwrap(node);
        match node.kind_name() {
            "dictionary" => Some(node),
            "identifier" => self.bound_literal(node),
            _ => None,
        }
    }

    // ------------------------------------------------------------ env & credentials

    fn record_credential_pair(&mut self, node: Node<'t>) {
        let (Some(k), Some(v)) = (node.field("key"), node.field("value")) else {
            return;
        };
        if let Some(key) = self.b.literal_string(k) {
            self.record_credential(&key, v, |ex| ex.enclosing_names(node));
        }
    }

    fn record_credential_kwarg(&mut self, node: Node<'t>) {
        let (Some(k), Some(v)) = (node.field("name"), node.field("value")) else {
            return;
        };
        let key = self.text(k);
        self.record_credential(&key, v, |ex| ex.enclosing_names(node));
    }

    fn enclosing_names(&self, node: Node) -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = node.parent();
        while let Some(n) = cur {
            match n.kind_name() {
                "pair" => {
                    if let Some(k) = n.field("key").and_then(|k| self.b.literal_string(k)) {
                        out.push(k);
                    }
                }
                "assignment" => {
                    if let Some(l) = n.field("left") {
                        out.push(self.text(l));
                    }
                    break;
                }
                "call" => {
                    if let Some(f) = n.field("function") {
                        out.push(self.text(f));
                    }
                    break;
                }
                "block" | "module" => break,
                _ => {}
            }
            cur = n.parent();
        }
        out.reverse();
        out
    }

    // ------------------------------------------------------------ values

    fn eval_call(&self, node: Node<'t>, depth: usize) -> Value {
        if let Some(env) = self.env_name(node) {
            let args = self.args(node);
            if let Some(default) = args
                .positional
                .get(1)
                .copied()
                .or_else(|| args.keyword("default"))
            {
                return Value::OneOf(vec![Value::Env(env), self.eval(default, depth + 1).0]);
            }
            return Value::Env(env);
        }
        let Some(func) = node.field("function") else {
            return Value::Unknown;
        };
        let callee = self.text(func);
        let args = self.args(node);
        let first = || {
            args.positional
                .first()
                .map(|a| self.eval(*a, depth + 1).0)
                .unwrap_or(Value::Unknown)
        };
        let leaf = callee.rsplit('.').next().unwrap_or(&callee);
        match callee.as_str() {
            "time.time" | "time" => return Value::Timestamp(TimeUnit::Seconds),
            "time.time_ns" | "time_ns" => return Value::Timestamp(TimeUnit::Nanos),
            "calendar.timegm" | "time.mktime" | "timegm" | "mktime" => {
                return Value::Timestamp(TimeUnit::Seconds);
            }
            "int" | "round" | "math.floor" | "math.ceil" | "math.trunc" | "floor" | "float"
            | "Decimal" => {
                return match first() {
                    v @ (Value::Timestamp(
                        TimeUnit::Seconds | TimeUnit::Millis | TimeUnit::Micros | TimeUnit::Nanos,
                    )
                    | Value::Num(_)) => v,
                    _ => Value::Unknown,
                };
            }
            "str" => {
                return match first() {
                    v
                    @ (Value::Str(_) | Value::Timestamp(TimeUnit::Seconds | TimeUnit::Millis)) => v,
                    // `str(uuid.uuid4())`: the text of what the call made.
                    v @ Value::Call(_) => v,
                    v @ Value::Path(_) => as_text(self.b.expr(node, v, None)),
                    _ => Value::Call(callee),
                };
            }
            "json.dumps" => return first(),
            _ => {}
        }
        match leaf {
            "now" | "utcnow" | "today" | "fromtimestamp" | "utcfromtimestamp" | "fromisoformat"
            | "localtime" | "astimezone" | "replace" => {
                if leaf == "replace"
                    && !matches!(
                        self.recv_value(func, depth),
                        Value::Timestamp(TimeUnit::DateObject)
                    )
                {
                    return Value::Call(callee);
                }
                if matches!(
                    leaf,
                    "now"
                        | "utcnow"
                        | "today"
                        | "fromtimestamp"
                        | "utcfromtimestamp"
                        | "fromisoformat"
                ) || leaf == "localtime"
                    || leaf == "astimezone"
                    || leaf == "replace"
                {
                    return Value::Timestamp(TimeUnit::DateObject);
                }
            }
            "isoformat" => return Value::Timestamp(TimeUnit::IsoString),
            "timestamp" if args.positional.is_empty() => {
                return Value::Timestamp(TimeUnit::Seconds);
            }
            "strftime" => {
                let fmt = args
                    .positional
                    .first()
                    .and_then(|a| self.b.literal_string(*a))
                    .unwrap_or_default();
                return match fmt.as_str() {
                    "%s" => Value::Timestamp(TimeUnit::Seconds),
                    f if f.contains("%Y") => Value::Timestamp(TimeUnit::IsoString),
                    _ => Value::Call(callee),
                };
            }
            "format" if func.kind_name() == "attribute" => {
                // "signup_{}".format(x)
                if let Some(obj) = func.field("object")
                    && let Value::Str(template) = self.eval(obj, depth + 1).0
                {
                    let holes: Vec<Expr> = args
                        .positional
                        .iter()
                        .map(|a| Expr {
                            value: self.eval(*a, depth + 1).0,
                            span: self.b.span(*a),
                            text: self.b.short(*a),
                            via: None,
                        })
                        .chain(args.keywords.iter().map(|(_, _, v)| Expr {
                            value: self.eval(*v, depth + 1).0,
                            span: self.b.span(*v),
                            text: self.b.short(*v),
                            via: None,
                        }))
                        .collect();
                    return format_template(&template, holes);
                }
            }
            "lower" | "upper" | "strip" | "title" => {
                if let Some(obj) = func.field("object") {
                    return match self.eval(obj, depth + 1).0 {
                        Value::Str(s) => Value::Str(match leaf {
                            "lower" => s.to_lowercase(),
                            "upper" => s.to_uppercase(),
                            _ => s.trim().to_string(),
                        }),
                        v @ (Value::Path(_) | Value::Interpolated { .. }) => {
                            as_text(self.b.expr(obj, v, None))
                        }
                        _ => Value::Call(callee),
                    };
                }
            }
            _ => {}
        }
        Value::Call(callee)
    }

    fn recv_value(&self, func: Node<'t>, depth: usize) -> Value {
        func.field("object")
            .map(|o| self.eval(o, depth + 1).0)
            .unwrap_or(Value::Unknown)
    }

    fn eval_binary(&self, node: Node<'t>, depth: usize) -> Value {
        let Some((l, op, r, lv, rv)) = self.operands(node, depth) else {
            return Value::Unknown;
        };
        match op.as_str() {
            "%" => match &lv {
                Value::Str(template) => {
                    let holes = match unwrap(r).kind_name() {
                        "tuple" => {
                            let r = unwrap(r);
                            let mut c = r.walk();
                            r.named_children(&mut c)
                                .map(|a| Expr {
                                    value: self.eval(a, depth + 1).0,
                                    span: self.b.span(a),
                                    text: self.b.short(a),
                                    via: None,
                                })
                                .collect()
                        }
                        _ => vec![Expr {
                            value: rv,
                            span: self.b.span(r),
                            text: self.b.short(r),
                            via: None,
                        }],
                    };
                    format_template(template, holes)
                }
                _ => Value::Unknown,
            },
            _ => {
                let parts = |lv, rv| (self.b.expr(l, lv, None), self.b.expr(r, rv, None));
                arithmetic(&op, lv, rv, parts, false)
            }
        }
    }
}

/// The project functions a function reference may name, and arguments bound to it.
type CallableRef = (Vec<Callee>, Vec<Arg>);

const ARGUMENTS: ArgumentSyntax = ArgumentSyntax {
    keyword: "keyword_argument",
    name_field: "name",
    value_field: "value",
    splats: &["dictionary_splat", "list_splat"],
    skipped: &["comment"],
};

impl<'a, 't> MapSyntax<'a, 't> for Py<'a, 't> {
    const LITERAL: &'static str = "dictionary";
    const SPREAD: &'static str = "dictionary_splat";
    const NULL: &'static str = "none";

    fn unwrap(&self, node: Node<'t>) -> Node<'t> {
        unwrap(node)
    }

    fn key(&self, key: Node<'t>) -> Option<String> {
        self.b.literal_string(key)
    }

    fn literals(&self) -> &MapLiterals<'t> {
        &self.literals
    }

    fn literals_mut(&mut self) -> &mut MapLiterals<'t> {
        &mut self.literals
    }
}

impl<'a, 't> Lowering<'a, 't> for Py<'a, 't> {
    const INTERPOLATED_STRING: Option<&'static str> = Some("string");

    fn builder(&self) -> &Builder<'a> {
        &self.b
    }

    fn builder_mut(&mut self) -> &mut Builder<'a> {
        &mut self.b
    }

    fn env_name(&self, node: Node) -> Option<String> {
        match node.kind_name() {
            "subscript" => {
                let value = self.text(node.field("value")?);
                if value == "os.environ" || value == "environ" {
                    return self.b.literal_string(node.field("subscript")?);
                }
                None
            }
            "call" => {
                let f = self.text(node.field("function")?);
                if matches!(
                    f.as_str(),
                    "os.getenv"
                        | "getenv"
                        | "os.environ.get"
                        | "environ.get"
                        | "env"
                        | "config"
                        | "env.str"
                        | "decouple.config"
                ) {
                    let first = node.field("arguments")?.named_child(0)?;
                    return self.b.literal_string(first);
                }
                None
            }
            _ => None,
        }
    }

    fn eval_syntax(&self, node: Node<'t>, depth: usize) -> (Value, Option<String>) {
        let v = match node.kind_name() {
            "concatenated_string" => {
                let mut c = node.walk();
                let parts: Vec<Node<'t>> = node.named_children(&mut c).collect();
                let mut acc: Option<Expr> = None;
                for p in parts {
                    let e = Expr {
                        value: self.eval(p, depth + 1).0,
                        span: self.b.span(p),
                        text: self.b.short(p),
                        via: None,
                    };
                    acc = Some(match acc {
                        None => e,
                        Some(a) => Expr {
                            value: concat(a, e),
                            span: self.b.span(node),
                            text: self.b.short(node),
                            via: None,
                        },
                    });
                }
                return (acc.map(|e| e.value).unwrap_or(Value::Unknown), None);
            }
            "integer" | "float" => number(&self.text(node)),
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "none" => Value::Null,
            "identifier" => return self.b.name_value(self.text(node)),
            "parenthesized_expression" | "await" => {
                return node
                    .named_child(0)
                    .map(|c| self.eval(c, depth + 1))
                    .unwrap_or((Value::Unknown, None));
            }
            "attribute" => {
                let text = self.text(node);
                if let Some(Bind::Value(v, via)) = self.b.lookup(&text) {
                    return (v.clone(), via.clone());
                }
                if text
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
                {
                    Value::Path(text.split('.').map(str::to_string).collect())
                } else {
                    Value::Unknown
                }
            }
            "subscript" => {
                if let Some(env) = self.env_name(node) {
                    Value::Env(env)
                } else {
                    // request.POST["email"] → a path whose leaf is the key
                    let base = node.field("value").map(|v| self.eval(v, depth + 1).0);
                    let key = node
                        .field("subscript")
                        .and_then(|s| self.b.literal_string(s));
                    match (base, key) {
                        (Some(Value::Path(mut p)), Some(k)) => {
                            p.push(k);
                            Value::Path(p)
                        }
                        _ => Value::Unknown,
                    }
                }
            }
            "call" => return (self.eval_call(node, depth), None),
            "binary_operator" => return (self.eval_binary(node, depth), None),
            "unary_operator" => match node.field("argument").map(|a| self.eval(a, depth + 1).0) {
                Some(Value::Num(n)) if self.text(node).starts_with('-') => Value::Num(-n),
                _ => Value::Unknown,
            },
            "boolean_operator" => {
                let l = node
                    .field("left")
                    .map(|n| self.eval(n, depth + 1).0)
                    .unwrap_or(Value::Unknown);
                let r = node
                    .field("right")
                    .map(|n| self.eval(n, depth + 1).0)
                    .unwrap_or(Value::Unknown);
                if self.text(node).contains(" and ") {
                    r
                } else {
                    Value::OneOf(vec![l, r])
                }
            }
            "conditional_expression" => {
                let mut c = node.walk();
                let parts: Vec<Node<'t>> = node.named_children(&mut c).collect();
                if parts.len() == 3 {
                    Value::OneOf(vec![
                        self.eval(parts[0], depth + 1).0,
                        self.eval(parts[2], depth + 1).0,
                    ])
                } else {
                    Value::Unknown
                }
            }
            "dictionary" => Value::Object,
            "list" | "tuple" => Value::Array(super::list_len(node)),
            _ => Value::Unknown,
        };
        (v, None)
    }
}

fn unwrap(node: Node) -> Node {
    let mut n = node;
    while matches!(n.kind_name(), "parenthesized_expression" | "await") {
        match n.named_child(0) {
            Some(c) => n = c,
            None => break,
        }
    }
    n
}

fn unwrap_json_dumps<'t>(ex: &Py<'_, 't>, node: Node<'t>) -> Node<'t> {
    let node = unwrap(node);
    if node.kind_name() == "call"
        && node
            .field("function")
            .is_some_and(|f| ex.text(f) == "json.dumps")
        && let Some(a) = node.field("arguments").and_then(|a| a.named_child(0))
    {
        return a;
    }
    node
}

/// `"a_{}".format(x)` / `"a_%s" % x` → an interpolated value.
fn format_template(template: &str, holes: Vec<Expr>) -> Value {
    if holes.is_empty() {
        return Value::Str(template.to_string());
    }
    let mut parts = Vec::new();
    let mut rest = template;
    let mut used = Vec::new();
    let mut holes_iter = holes.into_iter();
    loop {
        let brace = rest.find('{');
        let pct = rest.find('%');
        let (pos, len) = match (brace, pct) {
            (Some(b), Some(p)) if p < b => (p, 2),
            (Some(b), _) => (b, rest[b..].find('}').map(|e| e + 1).unwrap_or(1)),
            (None, Some(p)) => (p, 2),
            (None, None) => break,
        };
        let Some(h) = holes_iter.next() else { break };
        parts.push(rest[..pos].to_string());
        used.push(h);
        rest = rest.get(pos + len..).unwrap_or("");
    }
    parts.push(rest.to_string());
    if used.is_empty() {
        return Value::Str(template.to_string());
    }
    Value::Interpolated {
        literal_parts: parts,
        holes: used,
    }
}

fn is_http_library(recv: &str) -> bool {
    matches!(
        recv,
        "requests"
            | "httpx"
            | "session"
            | "http"
            | "client"
            | "self.session"
            | "self.http"
            | "pool"
            | "urllib3"
    ) || recv.ends_with("session")
        || recv.ends_with("Session()")
        || recv.starts_with("httpx.")
        || recv.starts_with("requests.")
        || recv.starts_with("aiohttp.")
}

fn is_cio_method(m: &str) -> bool {
    matches!(
        m,
        "identify"
            | "track"
            | "track_anonymous"
            | "pageview"
            | "backfill"
            | "delete"
            | "suppress"
            | "unsuppress"
            | "add_device"
            | "delete_device"
            | "merge_customers"
            | "batch"
            | "send_email"
            | "send_push"
            | "send_sms"
            | "send_inbox_message"
            | "send_in_app"
            | "page"
            | "screen"
            | "group"
            | "alias"
            | "flush"
            | "shutdown"
    )
}

/// Background jobs and management commands: a Celery task (`@app.task`, `@shared_task`),
/// an RQ job (`@job(...)`), a Django command's `handle`.
fn short_lived(
    name: &str,
    decorators: &[String],
    class_bases: Option<&str>,
) -> Option<(ShortLivedKind, String)> {
    for d in decorators {
        let callee = d.split('(').next().unwrap_or("").trim();
        let leaf = callee.rsplit('.').next().unwrap_or(callee);
        match leaf {
            "shared_task" | "task" | "periodic_task" => {
                return Some((ShortLivedKind::Task, format!("the Celery task `{name}`")));
            }
            "job" => return Some((ShortLivedKind::Task, format!("the RQ job `{name}`"))),
            _ => {}
        }
    }
    if name == "handle" && class_bases.is_some_and(|b| b.contains("BaseCommand")) {
        return Some((
            ShortLivedKind::Script,
            "the management command's `handle`".to_string(),
        ));
    }
    None
}

fn method_kind(m: &str) -> Method {
    match m {
        "flush" | "shutdown" => Method::Flush,
        "identify" => Method::Identify,
        "track" | "backfill" => Method::Track,
        "track_anonymous" => Method::TrackAnonymous,
        "pageview" | "page" | "screen" => Method::Page,
        "delete" => Method::Delete,
        "suppress" => Method::Suppress,
        "unsuppress" => Method::Unsuppress,
        "add_device" => Method::AddDevice,
        "delete_device" => Method::DeleteDevice,
        "merge_customers" | "alias" => Method::Merge,
        "batch" => Method::Batch,
        "send_email" => Method::SendEmail,
        "send_push" | "send_sms" | "send_inbox_message" | "send_in_app" => Method::SendMessage,
        _ => Method::Other,
    }
}

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
}

fn is_awaited(call: Node) -> bool {
    call.parent().is_some_and(|p| p.kind_name() == "await")
}

fn client_info(sym: Sym) -> Option<ClientInfo> {
    Some(match sym {
        Sym::TrackClass => TRACK,
        Sym::ApiClass => ClientInfo {
            sdk: Sdk::CustomerioPython,
            kind: ClientKind::App,
        },
        Sym::AsyncTrackClass => ClientInfo {
            sdk: Sdk::AsyncCustomerio,
            kind: ClientKind::Track,
        },
        Sym::AsyncApiClass => ClientInfo {
            sdk: Sdk::AsyncCustomerio,
            kind: ClientKind::App,
        },
        Sym::CdpClientClass => ClientInfo {
            sdk: Sdk::CdpAnalyticsPython,
            kind: ClientKind::Pipelines,
        },
        _ => return None,
    })
}

/// `executor`, `self._pool`, `ThreadPoolExecutor(...)`: something that runs callables.
fn is_executor(recv: &str) -> bool {
    let lower = recv.to_ascii_lowercase();
    lower.contains("executor") || lower.contains("pool")
}

/// Modules of the standard library and common frameworks: never project code.
fn is_library(module: &str) -> bool {
    let root = module.split(['/', '.']).next().unwrap_or(module);
    matches!(
        root,
        "os" | "sys"
            | "json"
            | "re"
            | "time"
            | "datetime"
            | "math"
            | "random"
            | "uuid"
            | "logging"
            | "asyncio"
            | "typing"
            | "itertools"
            | "functools"
            | "collections"
            | "hashlib"
            | "hmac"
            | "base64"
            | "decimal"
            | "pathlib"
            | "subprocess"
            | "threading"
            | "concurrent"
            | "urllib"
            | "django"
            | "rest_framework"
            | "flask"
            | "fastapi"
            | "starlette"
            | "pydantic"
            | "sqlalchemy"
            | "celery"
            | "requests"
            | "httpx"
            | "aiohttp"
            | "boto3"
            | "stripe"
            | "segment"
            | "analytics"
            | "mixpanel"
            | "sentry_sdk"
            | "numpy"
            | "pandas"
    )
}

/// Receivers that are never project objects: the runtime, the request, loggers, ORMs.
fn is_builtin_receiver(receiver: &str) -> bool {
    let root = receiver.split('.').next().unwrap_or(receiver);
    if is_library(root) {
        return true;
    }
    matches!(
        root,
        "str"
            | "int"
            | "dict"
            | "list"
            | "set"
            | "tuple"
            | "bytes"
            | "logger"
            | "log"
            | "_logger"
            | "LOGGER"
            | "request"
            | "response"
            | "resp"
            | "res"
            | "np"
            | "pd"
            | "super"
            | "timezone"
            | "settings"
    ) || receiver.ends_with(".objects")
        || receiver.ends_with("logger")
        || receiver.ends_with(".log")
        || receiver == "self.request"
}

/// Methods of builtin types and common libraries that never lead to project code.
fn is_builtin_method(m: &str) -> bool {
    matches!(
        m,
        "append"
            | "extend"
            | "insert"
            | "pop"
            | "get"
            | "items"
            | "keys"
            | "values"
            | "setdefault"
            | "copy"
            | "join"
            | "split"
            | "strip"
            | "lstrip"
            | "rstrip"
            | "lower"
            | "upper"
            | "format"
            | "replace"
            | "startswith"
            | "endswith"
            | "encode"
            | "decode"
            | "read"
            | "write"
            | "close"
            | "filter"
            | "exclude"
            | "order_by"
            | "all"
            | "first"
            | "last"
            | "count"
            | "exists"
            | "annotate"
            | "select_related"
            | "prefetch_related"
            | "values_list"
            | "debug"
            | "info"
            | "warning"
            | "warn"
            | "error"
            | "exception"
            | "critical"
            | "isoformat"
            | "strftime"
            | "timestamp"
            | "add"
            | "discard"
            | "remove"
            | "sort"
            | "json"
            | "raise_for_status"
            | "execute"
            | "fetchone"
            | "fetchall"
            | "commit"
            | "rollback"
            | "flush"
            | "refresh"
            | "is_valid"
            | "is_authenticated"
            | "set"
            | "incr"
            | "expire"
            | "result"
            | "done"
            | "cancel"
            | "acquire"
            | "release"
            | "sleep"
            | "wait"
    )
}

fn is_builtin_class(class: &str) -> bool {
    class.ends_with("Error")
        || class.ends_with("Exception")
        || matches!(
            class,
            "Decimal"
                | "Path"
                | "Any"
                | "Dict"
                | "List"
                | "Set"
                | "Tuple"
                | "Optional"
                | "Union"
                | "Callable"
                | "Iterable"
                | "Sequence"
                | "Mapping"
                | "Response"
                | "JsonResponse"
                | "HttpResponse"
                | "HttpResponseRedirect"
                | "HTTPException"
                | "Q"
                | "F"
                | "Thread"
                | "Process"
                | "ThreadPoolExecutor"
                | "ProcessPoolExecutor"
                | "Lock"
                | "Semaphore"
                | "Event"
                | "Queue"
                | "Counter"
                | "OrderedDict"
                | "UUID"
        )
}
