//! JavaScript and TypeScript extractor.
//!
//! Binds names to Customer.io SDK classes through `import`/`require`, follows client
//! instances through `const`/`let`, class fields (`this.cio`), destructuring, exports and
//! one step of factory functions, and records every call on them with the context rules
//! need: enclosing function, loop, how the returned promise is handled, and the payload.

use super::builder::{
    bind_to_client, factory_receiver, imported_receiver, local_factory, named_receiver,
};
use super::http::{classify_url, may_be_url};
use super::values::{Interpolation, arithmetic, as_text, concat, either, number};
use super::{LineIndex, MAX_DEPTH, node_text, short_text};
use crate::facts::*;
use crate::lang::fields::FieldByName;
use crate::lang::kinds::KindName;
use crate::model::{Arg, Callee, ProjectCall};
use std::collections::{HashMap, HashSet};
use tree_sitter::{Node, Tree};

const HTTP_VERBS: &[&str] = &[
    "get", "post", "put", "patch", "delete", "del", "all", "options", "head",
];
const NEXT_APP_VERBS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
const NEST_VERBS: &[&str] = &[
    "Get", "Post", "Put", "Patch", "Delete", "All", "Options", "Head",
];

/// Maps a named export of an SDK package to what it is.
type NamedExport = fn(&str) -> Option<SdkSymbol>;

/// A bound receiver: its client, the client's index, the factory it came through, and
/// what is left for the link step.
type Receiver = (
    ClientInfo,
    Option<usize>,
    Option<FactoryUse>,
    Option<Unresolved>,
);

/// What a local name refers to when it came from a Customer.io package.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SdkSymbol {
    /// `customerio-node` imported as a whole: `new CIO(...)` (legacy) or `CIO.TrackClient`.
    NodeModule,
    TrackClient,
    ApiClient,
    PipelinesClient,
    SendRequest,
    /// `@customerio/cdp-analytics-node` module or its `Analytics` class.
    CdpNodeModule,
    CdpAnalytics,
    CdpBrowserModule,
    AnalyticsBrowser,
    /// `customerio-reactnative`'s `CustomerIO` (static API).
    RnCustomerIO,
    RnModule,
}

#[derive(Debug, Clone)]
enum Binding {
    Value(Value, Option<String>),
    Client(usize),
    /// A client obtained from a factory function of this file or an import.
    FactoryResult {
        function: String,
        span: Span,
        scope: ScopeId,
        import: Option<String>,
    },
    /// A name imported from another module of the project.
    Import {
        module: String,
        export: String,
    },
}

struct Frame {
    fn_id: ScopeId,
    bindings: HashMap<String, Binding>,
    objects: HashMap<String, usize>,
    response_sent: bool,
    is_constructor: bool,
    /// The names of parameters that are the handler's response object.
    response_names: Vec<String>,
}

pub(crate) fn extract(
    tree: &Tree,
    src: &[u8],
    path: &str,
    language: Language,
    opts: &super::ExtractOptions,
) -> FileFacts {
    let mut ex = Extractor::new(src, path, language, opts);
    let root = tree.root_node();
    ex.record_directives(root);
    ex.prepass(root);
    ex.visit(root, 0);
    ex.finish();
    ex.facts
}

struct Extractor<'a, 't> {
    opts: &'a super::ExtractOptions,
    src: &'a [u8],
    path: &'a str,
    lines: LineIndex<'a>,
    facts: FileFacts,
    sdk: HashMap<String, SdkSymbol>,
    frames: Vec<Frame>,
    /// Object literal nodes bound to names, so `identify(id, attrs)` can read `attrs`.
    object_nodes: Vec<Node<'t>>,
    /// Entries set on a bound object literal after it (`body.to = x`): (literal, key, value).
    added_entries: Vec<(Node<'t>, String, Node<'t>, Node<'t>)>,
    /// `const api = axios.create({ baseURL })`: the instance's name and its base URL.
    http_instances: HashMap<String, Expr>,
    loop_stack: Vec<u32>,
    throttle_depth: u32,
    order: u32,
    /// Functions named as route handlers somewhere in the file (`app.post('/x', signup)`).
    handler_names: HashMap<String, Option<String>>,
    /// Function names declared in this file (for following helpers and factories).
    function_names: HashSet<String>,
    /// The project class a same-file function returns (`function make(): CioClient`,
    /// `return new CioClient()`), so that its result's methods are that class's.
    returned_classes: HashMap<String, String>,
    /// Class method names declared in this file (`this.getClient()`).
    method_names: HashSet<String>,
    /// Promise.all nodes → group id.
    groups: HashMap<usize, u32>,
    next_group: u32,
    uses_legacy_snippet: bool,
    depth_note: bool,
    /// `(export name, function name)` pairs whose function may turn out to be a factory.
    pending_factory_exports: Vec<(String, String)>,
    /// Functions that return a shared client (`return client` after `client ??= new …`).
    getters: HashMap<String, usize>,
    /// Class names of names and members, where the syntax says (`x = new C()`, `svc: C`).
    types: HashMap<String, String>,
    /// The file calls `process.exit(...)`.
    exits_process: bool,
    /// The file starts a server (`app.listen(...)`, `serve(...)`): it runs until stopped.
    starts_server: bool,
}

impl<'a, 't> Extractor<'a, 't> {
    fn new(
        src: &'a [u8],
        path: &'a str,
        language: Language,
        opts: &'a super::ExtractOptions,
    ) -> Self {
        let mut facts = FileFacts::new(path.to_string(), language);
        facts.functions.push(FunctionCtx {
            is_async: true,
            ..FunctionCtx::new(MODULE_SCOPE, None, None, FunctionKind::Module)
        });
        Extractor {
            opts,
            src,
            path,
            lines: LineIndex::new(src),
            facts,
            sdk: HashMap::new(),
            frames: vec![Frame {
                fn_id: MODULE_SCOPE,
                bindings: HashMap::new(),
                objects: HashMap::new(),
                response_sent: false,
                is_constructor: false,
                response_names: Vec::new(),
            }],
            object_nodes: Vec::new(),
            added_entries: Vec::new(),
            http_instances: HashMap::new(),
            loop_stack: Vec::new(),
            throttle_depth: 0,
            order: 0,
            handler_names: HashMap::new(),
            function_names: HashSet::new(),
            returned_classes: HashMap::new(),
            method_names: HashSet::new(),
            groups: HashMap::new(),
            next_group: 0,
            uses_legacy_snippet: false,
            depth_note: false,
            pending_factory_exports: Vec::new(),
            getters: HashMap::new(),
            types: HashMap::new(),
            exits_process: false,
            starts_server: false,
        }
    }

    fn text(&self, node: Node) -> String {
        node_text(node, self.src).into_owned()
    }

    fn span(&self, node: Node) -> Span {
        self.lines.span(node)
    }

    fn expr(&self, node: Node<'t>) -> Expr {
        let (value, via) = self.eval(node, 0);
        Expr {
            value,
            span: self.span(node),
            text: short_text(node, self.src),
            via,
        }
    }

    // ------------------------------------------------------------------ pre-pass

    /// The directive prologue: string statements before any other statement
    /// (`"use client"`, `"use server"`, `"use strict"`).
    fn record_directives(&mut self, root: Node) {
        let mut cursor = root.walk();
        for child in root.named_children(&mut cursor) {
            match child.kind_name() {
                "comment" | "hash_bang_line" => continue,
                "expression_statement" => {}
                _ => break,
            }
            let Some(value) = child
                .named_child(0)
                .filter(|v| v.kind_name() == "string")
                .and_then(|v| self.string_value(v))
            else {
                break;
            };
            self.facts.directives.push(value);
        }
    }

    /// Collects, over the whole tree without recursion: imports, route-handler names,
    /// function names, and whether the legacy `_cio` global is used.
    /// The class a function declares it returns, or builds in a top-level `return new C()`.
    fn returned_class(&self, function: Node<'t>) -> Option<String> {
        if let Some(ty) = function.field("return_type") {
            let ty = self.text(ty);
            let ty = ty.trim_start_matches(':').trim();
            let ty = ty
                .strip_prefix("Promise<")
                .and_then(|t| t.strip_suffix('>'))
                .unwrap_or(ty);
            return class_of_type(ty).filter(|c| !is_builtin_class(c));
        }
        let body = function.field("body")?;
        let mut cursor = body.walk();
        let returned = body
            .named_children(&mut cursor)
            .filter(|n| n.kind_name() == "return_statement")
            .find_map(|r| r.named_child(0))?;
        self.constructed_class(returned)
            .filter(|c| !is_builtin_class(c))
    }

    fn prepass(&mut self, root: Node<'t>) {
        super::for_each_descendant(root, |node| {
            match node.kind_name() {
                "import_statement" => self.record_import(node),
                "variable_declarator" => self.record_require(node),
                "function_declaration" | "generator_function_declaration" => {
                    if let Some(name) = node.field("name") {
                        let name = self.text(name);
                        if let Some(class) = self.returned_class(node) {
                            self.returned_classes.insert(name.clone(), class);
                        }
                        self.function_names.insert(name);
                    }
                }
                "method_definition" => {
                    if let Some(name) = node.field("name") {
                        self.method_names.insert(self.text(name));
                    }
                }
                "call_expression" => self.record_route_registration(node),
                "identifier" if node.byte_range().len() == 4 && self.text(node) == "_cio" => {
                    self.uses_legacy_snippet = true;
                }
                _ => {}
            }
            if node.kind_name() == "variable_declarator"
                && let (Some(name), Some(value)) = (node.field("name"), node.field("value"))
                && name.kind_name() == "identifier"
                && matches!(
                    value.kind_name(),
                    "arrow_function" | "function_expression" | "function"
                )
            {
                self.function_names.insert(self.text(name));
            }
        });
        if !self.sdk.is_empty() || self.uses_legacy_snippet {
            let mut sdks: Vec<Sdk> = Vec::new();
            for sym in self.sdk.values() {
                let sdk = match sym {
                    SdkSymbol::NodeModule
                    | SdkSymbol::TrackClient
                    | SdkSymbol::ApiClient
                    | SdkSymbol::PipelinesClient
                    | SdkSymbol::SendRequest => Sdk::CustomerioNode,
                    SdkSymbol::CdpNodeModule | SdkSymbol::CdpAnalytics => Sdk::CdpAnalyticsNode,
                    SdkSymbol::CdpBrowserModule | SdkSymbol::AnalyticsBrowser => {
                        Sdk::CdpAnalyticsBrowser
                    }
                    SdkSymbol::RnCustomerIO | SdkSymbol::RnModule => Sdk::ReactNative,
                };
                if !sdks.contains(&sdk) {
                    sdks.push(sdk);
                }
            }
            if self.uses_legacy_snippet {
                sdks.push(Sdk::LegacySnippet);
            }
            self.facts.sdk_imports = sdks.into();
        }
    }

    fn module_symbols(spec: &str) -> Option<(SdkSymbol, NamedExport)> {
        fn node_named(name: &str) -> Option<SdkSymbol> {
            Some(match name {
                "TrackClient" | "CustomerIO" => SdkSymbol::TrackClient,
                "APIClient" => SdkSymbol::ApiClient,
                "PipelinesClient" => SdkSymbol::PipelinesClient,
                "SendEmailRequest"
                | "SendPushRequest"
                | "SendSMSRequest"
                | "SendInboxMessageRequest"
                | "SendInAppRequest" => SdkSymbol::SendRequest,
                _ => return None,
            })
        }
        fn cdp_node_named(name: &str) -> Option<SdkSymbol> {
            (name == "Analytics").then_some(SdkSymbol::CdpAnalytics)
        }
        fn cdp_browser_named(name: &str) -> Option<SdkSymbol> {
            (name == "AnalyticsBrowser").then_some(SdkSymbol::AnalyticsBrowser)
        }
        fn rn_named(name: &str) -> Option<SdkSymbol> {
            (name == "CustomerIO").then_some(SdkSymbol::RnCustomerIO)
        }
        match spec {
            "customerio-node" | "customerio-node/track" | "customerio-node/lib/track" => {
                Some((SdkSymbol::NodeModule, node_named))
            }
            "customerio-node/api" | "customerio-node/lib/api" => {
                Some((SdkSymbol::NodeModule, node_named))
            }
            "@customerio/cdp-analytics-node" => Some((SdkSymbol::CdpNodeModule, cdp_node_named)),
            "@customerio/cdp-analytics-browser" => {
                Some((SdkSymbol::CdpBrowserModule, cdp_browser_named))
            }
            "customerio-reactnative" => Some((SdkSymbol::RnModule, rn_named)),
            _ => None,
        }
    }

    fn string_value(&self, node: Node) -> Option<String> {
        match node.kind_name() {
            "string" => {
                let t = self.text(node);
                Some(
                    t.get(1..t.len().saturating_sub(1))
                        .unwrap_or("")
                        .to_string(),
                )
            }
            "template_string" if node.named_child_count() <= 1 => {
                let t = self.text(node);
                if t.contains("${") {
                    None
                } else {
                    Some(t.trim_matches('`').to_string())
                }
            }
            _ => None,
        }
    }

    /// Resolve a relative module specifier against this file: `./lib/cio` from
    /// `src/app.js` is `src/lib/cio`.
    fn resolve_module(&self, spec: &str) -> Option<String> {
        if !spec.starts_with('.') {
            // A path alias (`@/lib/analytics`) or a package: the resolver maps it with the
            // project's tsconfig/jsconfig `paths` and workspaces, or drops it. Packages that
            // may be a Customer.io SDK stay unbound, for the receiver-name fallback.
            let package = spec.split('/').next().unwrap_or(spec).to_ascii_lowercase();
            let sdk_package = package == "@customerio"
                || (!spec.starts_with(['@', '~', '#']) && package.contains("customerio"));
            if sdk_package || spec.starts_with("node:") {
                return None;
            }
            return Some(format!("{}{spec}", crate::model::ALIAS_PREFIX));
        }
        let mut parts: Vec<&str> = self.path.split('/').collect();
        parts.pop();
        for seg in spec.split('/') {
            match seg {
                "." | "" => {}
                ".." => {
                    if parts.last().is_some_and(|p| *p != "..") && !parts.is_empty() {
                        parts.pop();
                    } else {
                        parts.push("..");
                    }
                }
                s => parts.push(s),
            }
        }
        let joined = parts.join("/");
        Some(strip_js_extension(&joined).to_string())
    }

    fn record_import(&mut self, node: Node) {
        let Some(source) = node.field("source") else {
            return;
        };
        let Some(spec) = self.string_value(source) else {
            return;
        };
        self.record_module_import(node, &spec);
        let sdk = Self::module_symbols(&spec);
        let relative = self.resolve_module(&spec);
        let mut cursor = node.walk();
        for clause in node.named_children(&mut cursor) {
            if clause.kind_name() != "import_clause" {
                continue;
            }
            let mut c2 = clause.walk();
            for item in clause.named_children(&mut c2) {
                match item.kind_name() {
                    "identifier" => {
                        let local = self.text(item);
                        if let Some((module_sym, _)) = sdk {
                            self.sdk.insert(local, module_sym);
                        } else if let Some(m) = &relative {
                            self.bind_module(local, m.clone(), "default".into());
                        }
                    }
                    "namespace_import" => {
                        if let Some(id) = item.named_child(0) {
                            let local = self.text(id);
                            if let Some((module_sym, _)) = sdk {
                                self.sdk.insert(local, module_sym);
                            } else if let Some(m) = &relative {
                                self.bind_module(local, m.clone(), "*".into());
                            }
                        }
                    }
                    "named_imports" => {
                        let mut c3 = item.walk();
                        for spec_node in item.named_children(&mut c3) {
                            if spec_node.kind_name() != "import_specifier" {
                                continue;
                            }
                            let Some(name) = spec_node.field("name") else {
                                continue;
                            };
                            let imported = self.text(name);
                            let local = spec_node
                                .field("alias")
                                .map(|a| self.text(a))
                                .unwrap_or_else(|| imported.clone());
                            if let Some((module_sym, named)) = sdk {
                                if imported == "default" {
                                    self.sdk.insert(local, module_sym);
                                } else if let Some(sym) = named(&imported) {
                                    self.sdk.insert(local, sym);
                                }
                            } else if let Some(m) = &relative {
                                self.bind_module(local, m.clone(), imported);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    /// The module an `import` statement names, its local names, and whether it imports
    /// types only (`import type …`, or every specifier marked `type`).
    fn record_module_import(&mut self, node: Node, spec: &str) {
        let has_type_keyword = |n: Node| {
            (0..n.child_count()).any(|i| n.child(i).is_some_and(|c| c.kind_name() == "type"))
        };
        let mut names = Vec::new();
        let mut specifiers = 0;
        let mut type_specifiers = 0;
        let mut value_bindings = 0;
        let mut cursor = node.walk();
        for clause in node.named_children(&mut cursor) {
            if clause.kind_name() != "import_clause" {
                continue;
            }
            let mut c2 = clause.walk();
            for item in clause.named_children(&mut c2) {
                match item.kind_name() {
                    "identifier" => {
                        names.push(self.text(item));
                        value_bindings += 1;
                    }
                    "namespace_import" => {
                        if let Some(id) = item.named_child(0) {
                            names.push(self.text(id));
                        }
                        value_bindings += 1;
                    }
                    "named_imports" => {
                        let mut c3 = item.walk();
                        for spec_node in item.named_children(&mut c3) {
                            if spec_node.kind_name() != "import_specifier" {
                                continue;
                            }
                            specifiers += 1;
                            if has_type_keyword(spec_node) {
                                type_specifiers += 1;
                            }
                            if let Some(local) =
                                spec_node.field("alias").or_else(|| spec_node.field("name"))
                            {
                                names.push(self.text(local));
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        let type_only = has_type_keyword(node)
            || (specifiers > 0 && type_specifiers == specifiers && value_bindings == 0);
        self.facts.imports.push(ModuleImport {
            module: spec.to_string(),
            names,
            type_only,
            span: self.span(node),
        });
    }

    fn bind_module(&mut self, local: String, module: String, export: String) {
        self.frames[0]
            .bindings
            .insert(local, Binding::Import { module, export });
    }

    /// `const CIO = require("customerio-node")`, `const { TrackClient } = require(...)`,
    /// `const { cio } = require("./lib/cio")`.
    fn record_require(&mut self, node: Node) {
        let (Some(name), Some(value)) = (node.field("name"), node.field("value")) else {
            return;
        };
        let mut call = value;
        let mut member: Option<String> = None;
        if call.kind_name() == "member_expression"
            && let (Some(obj), Some(prop)) = (call.field("object"), call.field("property"))
        {
            member = Some(self.text(prop));
            call = obj;
        }
        if call.kind_name() != "call_expression" {
            return;
        }
        let Some(func) = call.field("function") else {
            return;
        };
        if self.text(func) != "require" {
            return;
        }
        let Some(spec) = call
            .field("arguments")
            .and_then(|a| a.named_child(0))
            .and_then(|s| self.string_value(s))
        else {
            return;
        };
        let local_names = match name.kind_name() {
            "identifier" => vec![self.text(name)],
            "object_pattern" => {
                let mut cursor = name.walk();
                name.named_children(&mut cursor)
                    .filter_map(|prop| match prop.kind_name() {
                        "shorthand_property_identifier_pattern" => Some(self.text(prop)),
                        "pair_pattern" => prop.field("value").map(|v| self.text(v)),
                        _ => None,
                    })
                    .collect()
            }
            _ => Vec::new(),
        };
        self.facts.imports.push(ModuleImport {
            module: spec.clone(),
            names: local_names,
            type_only: false,
            span: self.span(call),
        });
        let sdk = Self::module_symbols(&spec);
        let relative = self.resolve_module(&spec);
        if sdk.is_none() && relative.is_none() {
            return;
        }
        match name.kind_name() {
            "identifier" => {
                let local = self.text(name);
                match (sdk, &member) {
                    (Some((_, named)), Some(m)) => {
                        if let Some(sym) = named(m) {
                            self.sdk.insert(local, sym);
                        }
                    }
                    (Some((module_sym, _)), None) => {
                        self.sdk.insert(local, module_sym);
                    }
                    (None, m) => {
                        let export = m.clone().unwrap_or_else(|| "default".into());
                        self.bind_module(local, relative.clone().unwrap_or_default(), export);
                    }
                }
            }
            "object_pattern" => {
                let mut cursor = name.walk();
                for prop in name.named_children(&mut cursor) {
                    let (imported, local) = match prop.kind_name() {
                        "shorthand_property_identifier_pattern" => {
                            (self.text(prop), self.text(prop))
                        }
                        "pair_pattern" => {
                            let (Some(k), Some(v)) = (prop.field("key"), prop.field("value"))
                            else {
                                continue;
                            };
                            (self.text(k), self.text(v))
                        }
                        _ => continue,
                    };
                    if let Some((_, named)) = sdk {
                        if let Some(sym) = named(&imported) {
                            self.sdk.insert(local, sym);
                        }
                    } else if let Some(m) = &relative {
                        self.bind_module(local, m.clone(), imported);
                    }
                }
            }
            _ => {}
        }
    }

    /// `app.post('/signup', signupHandler)` marks `signupHandler` as a request handler.
    fn record_route_registration(&mut self, node: Node) {
        let Some((route, _)) = self.route_of_registration(node) else {
            return;
        };
        let Some(args) = node.field("arguments") else {
            return;
        };
        let mut cursor = args.walk();
        for arg in args.named_children(&mut cursor) {
            match arg.kind_name() {
                "identifier" => {
                    self.handler_names.insert(self.text(arg), route.clone());
                }
                "member_expression" => {
                    // controller.signup → the method name
                    if let Some(p) = arg.field("property") {
                        self.handler_names.insert(self.text(p), route.clone());
                    }
                }
                _ => {}
            }
        }
    }

    /// If `call` registers an HTTP route (`app.get('/x', …)`, `router.route('/x').post(…)`),
    /// its route path (when literal) and the HTTP verb.
    fn route_of_registration(&self, call: Node) -> Option<(Option<String>, String)> {
        let func = call.field("function")?;
        if func.kind_name() != "member_expression" {
            return None;
        }
        let prop = self.text(func.field("property")?);
        let obj = func.field("object")?;
        let args = call.field("arguments")?;
        let first = args.named_child(0);
        let first_str = first.and_then(|f| self.string_value(f));
        let verb = prop.as_str();
        if HTTP_VERBS.contains(&verb) {
            if let Some(path) = &first_str
                && path.starts_with('/')
            {
                return Some((Some(path.clone()), prop));
            }
            // router.route('/x').post(handler)
            if obj.kind_name() == "call_expression"
                && let Some(inner) = obj.field("function")
                && inner.kind_name() == "member_expression"
                && inner
                    .field("property")
                    .is_some_and(|p| self.text(p) == "route")
            {
                let path = obj
                    .field("arguments")
                    .and_then(|a| a.named_child(0))
                    .and_then(|s| self.string_value(s));
                return Some((path, prop));
            }
            let obj_name = self.text(obj);
            if is_server_object_name(&obj_name)
                && first.is_some_and(|f| {
                    matches!(
                        f.kind_name(),
                        "arrow_function" | "function_expression" | "function" | "identifier"
                    ) || f.kind_name() == "template_string"
                })
                && verb != "get"
            {
                return Some((first_str, prop));
            }
            if is_server_object_name(&obj_name)
                && first.is_some_and(|f| f.kind_name() == "template_string")
            {
                return Some((None, prop));
            }
        }
        None
    }

    // ------------------------------------------------------------------ scopes

    fn frame(&self) -> &Frame {
        self.frames.last().expect("module frame")
    }

    fn scope(&self) -> ScopeId {
        self.frame().fn_id
    }

    fn lookup(&self, name: &str) -> Option<&Binding> {
        self.frames.iter().rev().find_map(|f| f.bindings.get(name))
    }

    fn lookup_object(&self, name: &str) -> Option<Node<'t>> {
        self.frames
            .iter()
            .rev()
            .find_map(|f| f.objects.get(name))
            .map(|i| self.object_nodes[*i])
    }

    fn bind(&mut self, name: String, binding: Binding) {
        self.frames
            .last_mut()
            .expect("module frame")
            .bindings
            .insert(name, binding);
    }

    /// `this.x` bindings live on the module frame so every method of the class sees them.
    fn bind_member(&mut self, name: String, binding: Binding) {
        self.frames[0].bindings.insert(name, binding);
    }

    fn current_loop(&self) -> Option<u32> {
        self.loop_stack.last().copied()
    }

    fn next_order(&mut self) -> u32 {
        self.order += 1;
        self.order
    }

    // ------------------------------------------------------------------ traversal

    fn visit(&mut self, node: Node<'t>, depth: usize) {
        if depth > MAX_DEPTH {
            if !self.depth_note {
                self.depth_note = true;
                self.facts.notes.push(format!(
                    "nesting deeper than {MAX_DEPTH} levels at line {}; the deepest part was not analysed",
                    node.start_position().row + 1
                ));
            }
            return;
        }
        if node.kind_name() == "return_statement" {
            self.note_getter(node);
        }
        match node.kind_name() {
            "function_declaration"
            | "generator_function_declaration"
            | "function_expression"
            | "function"
            | "generator_function"
            | "arrow_function"
            | "method_definition" => {
                self.visit_function(node, depth);
                return;
            }
            "for_statement" | "for_in_statement" | "while_statement" | "do_statement" => {
                let kind = match node.kind_name() {
                    "for_in_statement" => {
                        if node.field("operator").is_some_and(|o| self.text(o) == "of") {
                            "for…of loop"
                        } else {
                            "for…in loop"
                        }
                    }
                    "while_statement" | "do_statement" => "while loop",
                    _ => "for loop",
                };
                let throttled = self.throttle_depth > 0 || self.body_is_throttled(node);
                let id = self.push_loop(node, kind, throttled);
                self.visit_children(node, depth);
                self.pop_loop(id);
                return;
            }
            "class_declaration" | "class" | "abstract_class_declaration" => {
                // A member's value is the class's own: another class's `this.baseUrl` is
                // another member.
                self.frames[0].bindings.retain(|name, binding| {
                    !(name.starts_with("this.") && matches!(binding, Binding::Value(..)))
                });
                self.visit_children(node, depth);
                return;
            }
            "lexical_declaration" | "variable_declaration" => {
                self.visit_children(node, depth);
                return;
            }
            "variable_declarator" => {
                self.visit_declarator(node, depth);
                return;
            }
            "assignment_expression" | "augmented_assignment_expression" => {
                self.visit_assignment(node, depth);
                return;
            }
            "public_field_definition" | "field_definition" => {
                self.visit_field(node, depth);
                return;
            }
            "new_expression" => {
                let lifetime = if self.scope() == MODULE_SCOPE {
                    Lifetime::Shared
                } else {
                    Lifetime::Local
                };
                if self.client_from_constructor(node, lifetime).is_none()
                    && !self.maybe_request_object(node)
                    && let Some(class) = self.constructed_class(node)
                    && !is_builtin_class(&class)
                {
                    self.record_project_call(node, Callee::Construct { class });
                }
                self.visit_children(node, depth);
                return;
            }
            "call_expression" => {
                self.visit_call(node, depth);
                return;
            }
            "member_expression" | "subscript_expression" => {
                self.record_env_read(node);
            }
            "pair" => self.record_credential_pair(node),
            "export_statement" => {
                self.visit_children(node, depth);
                self.record_export(node);
                return;
            }
            _ => {}
        }
        self.visit_children(node, depth);
    }

    fn visit_children(&mut self, node: Node<'t>, depth: usize) {
        super::for_each_child(node, |c| self.visit(c, depth + 1));
    }

    fn push_loop(&mut self, node: Node, kind: &str, throttled: bool) -> u32 {
        let id = self.facts.loops.len() as u32;
        // A loop inside a paced loop runs at the outer loop's pace.
        let throttled = throttled
            || self
                .current_loop()
                .is_some_and(|l| self.facts.loops[l as usize].throttled);
        self.facts.loops.push(LoopCtx {
            id,
            scope: self.scope(),
            span: self.span(node),
            throttled,
            kind: kind.to_string(),
        });
        self.loop_stack.push(id);
        id
    }

    fn pop_loop(&mut self, id: u32) {
        if self.loop_stack.last() == Some(&id) {
            self.loop_stack.pop();
        }
    }

    /// A loop whose body sleeps, waits on a limiter, or schedules through a queue.
    fn body_is_throttled(&self, node: Node) -> bool {
        let mut cursor = node.walk();
        let mut stack = vec![node];
        let mut seen = 0usize;
        while let Some(n) = stack.pop() {
            seen += 1;
            if seen > 20_000 {
                break;
            }
            // A wait before retrying a failure paces nothing on the path that succeeds.
            if n.kind_name() == "catch_clause" {
                continue;
            }
            if n.kind_name() == "call_expression"
                && let Some(f) = n.field("function")
                && is_throttle_callee(&self.text(f))
            {
                return true;
            }
            for c in n.children(&mut cursor) {
                stack.push(c);
            }
        }
        false
    }

    fn visit_function(&mut self, node: Node<'t>, depth: usize) {
        let name = self.function_name(node);
        let is_async = {
            let mut c = node.walk();
            node.children(&mut c).any(|ch| ch.kind_name() == "async")
        };
        let kind = match node.kind_name() {
            "arrow_function" => FunctionKind::Arrow,
            "method_definition" => FunctionKind::Method,
            _ => FunctionKind::Function,
        };
        let params = self.param_names(node);
        let (is_handler, route) = self.handler_info(node, name.as_deref(), &params);
        let id = self.facts.functions.len() as ScopeId;
        if let Some((kind, label)) = self.short_lived(node, name.as_deref(), is_handler) {
            self.facts.short_lived.push(ShortLived {
                kind,
                scope: id,
                span: self.span(node),
                label,
            });
        }
        self.facts.functions.push(FunctionCtx {
            id,
            parent: Some(self.scope()),
            name: name.clone(),
            kind,
            is_async,
            is_request_handler: is_handler,
            route,
            span: self.span(node),
            params: params.clone(),
            class: self.enclosing_class(node),
        });
        let response_names: Vec<String> = if is_handler {
            let mut names: Vec<String> = params.iter().skip(1).take(1).cloned().collect();
            names.extend(["res", "reply", "response"].map(String::from));
            names
        } else {
            Vec::new()
        };
        let is_constructor = name.as_deref() == Some("constructor");
        self.frames.push(Frame {
            fn_id: id,
            bindings: HashMap::new(),
            objects: HashMap::new(),
            response_sent: false,
            is_constructor,
            response_names,
        });
        self.bind_typed_params(node);

        // A callback of an iteration method is a loop body; one passed to a limiter is throttled.
        let (loop_kind, throttles) = self.callback_role(node);
        let saved_loops = if kind == FunctionKind::Function || kind == FunctionKind::Method {
            // A named function is not inside the loop that merely surrounds its definition.
            Some(std::mem::take(&mut self.loop_stack))
        } else {
            None
        };
        if throttles {
            self.throttle_depth += 1;
        }
        let loop_id = loop_kind.map(|k| {
            let throttled = self.throttle_depth > 0 || self.body_is_throttled(node);
            self.push_loop(node, &k, throttled)
        });

        if let Some(body) = node.field("body") {
            if body.kind_name() != "statement_block" {
                // Expression-bodied arrow: the value is returned.
                self.detect_returned_client(body);
            }
            self.visit(body, depth + 1);
        }

        if let Some(id) = loop_id {
            self.pop_loop(id);
        }
        if throttles {
            self.throttle_depth -= 1;
        }
        if let Some(saved) = saved_loops {
            self.loop_stack = saved;
        }
        self.frames.pop();
    }

    fn function_name(&self, node: Node) -> Option<String> {
        if let Some(n) = node.field("name") {
            return Some(self.text(n));
        }
        let parent = node.parent()?;
        match parent.kind_name() {
            "variable_declarator" => parent.field("name").map(|n| self.text(n)),
            "pair" => parent.field("key").map(|n| self.text(n)),
            "assignment_expression" => parent.field("left").map(|n| {
                let t = self.text(n);
                t.rsplit('.').next().unwrap_or(&t).to_string()
            }),
            "public_field_definition" | "field_definition" => parent
                .field("name")
                .or_else(|| parent.field("property"))
                .map(|n| self.text(n)),
            _ => None,
        }
    }

    fn param_names(&self, node: Node) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(p) = node.field("parameter") {
            out.push(self.text(p));
            return out;
        }
        let Some(params) = node.field("parameters") else {
            return out;
        };
        let mut cursor = params.walk();
        for p in params.named_children(&mut cursor) {
            let pat = match p.kind_name() {
                "required_parameter" | "optional_parameter" => p.field("pattern"),
                "identifier" => Some(p),
                "assignment_pattern" => p.field("left"),
                _ => None,
            };
            out.push(pat.map(|n| self.text(n)).unwrap_or_default());
        }
        out
    }

    /// TypeScript parameters typed with an SDK class are clients (`constructor(private cio: TrackClient)`).
    fn bind_typed_params(&mut self, node: Node) {
        let Some(params) = node.field("parameters") else {
            return;
        };
        let mut cursor = params.walk();
        let list: Vec<Node> = params.named_children(&mut cursor).collect();
        for p in list {
            if !matches!(p.kind_name(), "required_parameter" | "optional_parameter") {
                continue;
            }
            let (Some(pat), Some(ty)) = (p.field("pattern"), p.field("type")) else {
                continue;
            };
            let ty_text = self.text(ty);
            let ty_name = ty_text.trim_start_matches(':').trim();
            let has_modifier = {
                let mut c = p.walk();
                p.children(&mut c).any(|ch| {
                    ch.kind_name() == "accessibility_modifier" || ch.kind_name() == "readonly"
                })
            };
            if let Some(class) = class_of_type(ty_name) {
                let name = self.text(pat);
                if has_modifier {
                    self.types.insert(format!("this.{name}"), class.clone());
                }
                self.types.insert(name, class);
            }
            let Some(info) = self.info_for_type(ty_name) else {
                continue;
            };
            let name = self.text(pat);
            let idx = self.push_client(
                info,
                Vec::new(),
                Lifetime::Shared,
                Some(name.clone()),
                self.span(p),
            );
            if has_modifier {
                self.bind_member(format!("this.{name}"), Binding::Client(idx));
            }
            self.bind(name, Binding::Client(idx));
        }
    }

    fn info_for_type(&self, ty: &str) -> Option<ClientInfo> {
        let base = ty.rsplit('.').next().unwrap_or(ty);
        let sym = self.sdk.get(base).copied().or_else(|| {
            // `cio.TrackClient` with `cio` the namespace import
            let ns = ty.split('.').next()?;
            (self.sdk.get(ns) == Some(&SdkSymbol::NodeModule)).then_some(match base {
                "TrackClient" => SdkSymbol::TrackClient,
                "APIClient" => SdkSymbol::ApiClient,
                "PipelinesClient" => SdkSymbol::PipelinesClient,
                _ => SdkSymbol::NodeModule,
            })
        })?;
        match sym {
            SdkSymbol::TrackClient => Some(TRACK),
            SdkSymbol::ApiClient => Some(app_info()),
            SdkSymbol::PipelinesClient => Some(ClientInfo {
                sdk: Sdk::CustomerioNode,
                kind: ClientKind::Pipelines,
            }),
            SdkSymbol::CdpAnalytics => Some(ClientInfo {
                sdk: Sdk::CdpAnalyticsNode,
                kind: ClientKind::Pipelines,
            }),
            _ => None,
        }
    }

    /// Whether a function is a request handler, and its route when known.
    /// A GraphQL query or mutation resolver, which answers one request:
    /// `resolvers = { Mutation: { updateUser: async (_, args, ctx) => … } }` (also as a method),
    /// or a `@Mutation()`/`@Query()` decorated method (NestJS, TypeGraphQL). Subscriptions
    /// are long-lived and left out.
    fn graphql_resolver(&self, node: Node) -> Option<String> {
        const OPERATIONS: &[&str] = &["Query", "Mutation"];
        if node.kind_name() == "method_definition" {
            let mut sibling = node.prev_named_sibling();
            while let Some(d) = sibling.filter(|d| d.kind_name() == "decorator") {
                let text = self.text(d);
                let op = text.trim_start_matches('@');
                let op = op.split('(').next().unwrap_or(op);
                if OPERATIONS.contains(&op) {
                    let name = node.field("name").map(|n| self.text(n))?;
                    return Some(format!("{op}.{name}"));
                }
                sibling = d.prev_named_sibling();
            }
        }
        let (field, object) = match node.kind_name() {
            "method_definition" => (node.field("name").map(|n| self.text(n))?, node.parent()?),
            _ => {
                let pair = node.parent().filter(|p| p.kind_name() == "pair")?;
                (pair.field("key").map(|k| self.text(k))?, pair.parent()?)
            }
        };
        if object.kind_name() != "object" {
            return None;
        }
        let operation = object.parent().filter(|p| p.kind_name() == "pair")?;
        let op = operation.field("key").map(|k| self.text(k))?;
        let op = op.trim_matches(['"', '\'']);
        OPERATIONS.contains(&op).then(|| format!("{op}.{field}"))
    }

    fn handler_info(
        &self,
        node: Node,
        name: Option<&str>,
        params: &[String],
    ) -> (bool, Option<String>) {
        // Wrapped by a project's handler wrapper (`export default withApi(async (req, res) => …)`).
        if let Some(args) = node.parent()
            && args.kind_name() == "arguments"
            && let Some(call) = args.parent()
            && let Some(f) = call.field("function")
            && self.opts.is_handler_wrapper(&self.text(f))
        {
            return (true, None);
        }
        // Passed directly to a route registration.
        if let Some(args) = node.parent()
            && args.kind_name() == "arguments"
            && let Some(call) = args.parent()
            && let Some((route, _)) = self.route_of_registration(call)
        {
            return (true, route);
        }
        // `{ method, url|path, handler }` given to fastify/hapi `.route(...)`.
        if let Some(pair) = node.parent()
            && pair.kind_name() == "pair"
            && pair.field("key").is_some_and(|k| self.text(k) == "handler")
            && let Some(obj) = pair.parent()
            && self.object_has_key(obj, &["method", "url", "path"])
        {
            // A `handler` beside `subscription`/`queue` is a message consumer, not a route.
            let route = self.object_string_field(obj, &["url", "path"]);
            return (true, route);
        }
        if let Some(n) = name
            && let Some(route) = self.handler_names.get(n)
        {
            return (true, route.clone());
        }
        // Next.js: pages/api default exports and app-router route.ts verb exports.
        if self.is_exported(node) {
            let p = self.path;
            if (p.contains("pages/api/") || p.starts_with("api/")) && self.is_default_export(node) {
                return (true, Some(next_route(p)));
            }
            let file = p.rsplit('/').next().unwrap_or(p);
            if strip_js_extension(file) == "route"
                && name.is_some_and(|n| NEXT_APP_VERBS.contains(&n))
            {
                return (true, Some(next_route(p)));
            }
        }
        // NestJS: @Get()/@Post() methods.
        if node.kind_name() == "method_definition"
            && let Some(route) = self.nest_route(node)
        {
            return (true, Some(route));
        }
        if let Some(field) = self.graphql_resolver(node) {
            return (true, Some(field));
        }
        // Cloudflare Pages Functions: `export async function onRequestPost(context)`.
        if let Some(n) = name
            && is_pages_function(n)
            && self.is_exported(node)
        {
            return (true, Some(pages_route(self.path)));
        }
        // A server action answers the form or button that called it.
        if self.body_directive(node).as_deref() == Some("use server")
            || (self.scope() == MODULE_SCOPE
                && self.is_exported(node)
                && self.facts.directives.iter().any(|d| d == "use server"))
        {
            return (true, name.map(|n| format!("server action {n}")));
        }
        // Conventional (req, res) / (request, reply) / (ctx, next) signatures.
        let first = params.first().map(String::as_str).unwrap_or("");
        let second = params.get(1).map(String::as_str).unwrap_or("");
        let req_like = matches!(first, "req" | "request");
        let res_like = matches!(second, "res" | "response" | "reply");
        if req_like && res_like {
            return (true, None);
        }
        if first == "ctx" && second == "next" {
            return (true, None);
        }
        (false, None)
    }

    fn nest_route(&self, method: Node) -> Option<String> {
        let mut prev = method.prev_named_sibling();
        while let Some(p) = prev {
            if p.kind_name() != "decorator" {
                break;
            }
            let text = self.text(p);
            let name: String = text
                .trim_start_matches('@')
                .chars()
                .take_while(|c| c.is_alphanumeric())
                .collect();
            if NEST_VERBS.contains(&name.as_str()) {
                let route = p
                    .named_child(0)
                    .and_then(|c| c.field("arguments"))
                    .and_then(|a| a.named_child(0))
                    .and_then(|s| self.string_value(s))
                    .unwrap_or_default();
                return Some(route);
            }
            prev = p.prev_named_sibling();
        }
        None
    }

    fn is_exported(&self, node: Node) -> bool {
        let mut cur = node.parent();
        for _ in 0..4 {
            match cur {
                Some(n) if n.kind_name() == "export_statement" => return true,
                Some(n)
                    if matches!(n.kind_name(), "variable_declarator" | "lexical_declaration") =>
                {
                    cur = n.parent()
                }
                _ => return false,
            }
        }
        false
    }

    fn is_default_export(&self, node: Node) -> bool {
        let mut cur = node.parent();
        while let Some(n) = cur {
            if n.kind_name() == "export_statement" {
                let mut c = n.walk();
                return n.children(&mut c).any(|ch| ch.kind_name() == "default");
            }
            if !matches!(n.kind_name(), "variable_declarator" | "lexical_declaration") {
                return false;
            }
            cur = n.parent();
        }
        false
    }

    fn object_string_field(&self, obj: Node, keys: &[&str]) -> Option<String> {
        let mut cursor = obj.walk();
        for pair in obj.named_children(&mut cursor) {
            if pair.kind_name() == "pair"
                && let (Some(k), Some(v)) = (pair.field("key"), pair.field("value"))
                && keys.contains(&self.text(k).trim_matches(['"', '\'']))
            {
                return self.string_value(v);
            }
        }
        None
    }

    /// Role of a function passed as an argument: iteration callback (a loop body) and/or
    /// a callback run through a limiter.
    fn callback_role(&self, node: Node) -> (Option<String>, bool) {
        let Some(args) = node.parent() else {
            return (None, false);
        };
        if args.kind_name() != "arguments" {
            return (None, false);
        }
        let Some(call) = args.parent() else {
            return (None, false);
        };
        let Some(func) = call.field("function") else {
            return (None, false);
        };
        let callee = self.text(func);
        if is_limiter_callee(&callee) {
            return (None, true);
        }
        if func.kind_name() == "member_expression"
            && let Some(prop) = func.field("property")
        {
            let method = self.text(prop);
            if matches!(
                method.as_str(),
                "forEach" | "map" | "flatMap" | "reduce" | "filter" | "some" | "every" | "each"
            ) {
                let combinator = call
                    .parent()
                    .and_then(|a| a.parent())
                    .and_then(|c| c.field("function"))
                    .map(|f| self.text(f))
                    .filter(|f| is_promise_combinator(f));
                let kind = match combinator {
                    Some(c) => format!("{c}(….{method}())"),
                    None => format!(".{method}() callback"),
                };
                return (Some(kind), false);
            }
        }
        (None, false)
    }

    fn visit_declarator(&mut self, node: Node<'t>, depth: usize) {
        let name = node.field("name");
        let value = node.field("value");
        if let (Some(name), Some(value)) = (name, value) {
            let inner = unwrap_expr(value);
            match name.kind_name() {
                "identifier" => {
                    let local = self.text(name);
                    self.note_http_instance(&local, inner);
                    if let Some(class) = self
                        .constructed_class(inner)
                        .or_else(|| self.class_returned_by(inner))
                    {
                        self.types.insert(local.clone(), class);
                    }
                    if let Some(binding) = self.binding_for_value(inner, Some(&local), false) {
                        self.bind(local.clone(), binding);
                    } else {
                        let (v, via) = self.eval(inner, 0);
                        if let Value::Str(s) = &v {
                            self.record_credential(&local, &[], inner, Value::Str(s.clone()), via);
                        }
                        self.bind(local.clone(), Binding::Value(v, Some(local.clone())));
                    }
                    if inner.kind_name() == "object" {
                        let i = self.object_nodes.len();
                        self.object_nodes.push(inner);
                        self.frames
                            .last_mut()
                            .expect("frame")
                            .objects
                            .insert(local.clone(), i);
                    }
                }
                "object_pattern" => self.bind_destructure(name, inner),
                _ => {}
            }
        }
        self.visit_children(node, depth);
    }

    /// `const { a, b: c } = process.env` records env reads; `= this` / `= this.deps` binds
    /// client members; `= require(...)` was handled in the pre-pass.
    fn bind_destructure(&mut self, pattern: Node, value: Node) {
        let source = self.text(value);
        let mut cursor = pattern.walk();
        for prop in pattern.named_children(&mut cursor) {
            let (key, local, key_node) = match prop.kind_name() {
                "shorthand_property_identifier_pattern" => (self.text(prop), self.text(prop), prop),
                "pair_pattern" => {
                    let (Some(k), Some(v)) = (prop.field("key"), prop.field("value")) else {
                        continue;
                    };
                    (self.text(k), self.text(v), k)
                }
                "object_assignment_pattern" => {
                    let Some(l) = prop.field("left") else {
                        continue;
                    };
                    (self.text(l), self.text(l), l)
                }
                _ => continue,
            };
            if source == "process.env" || source == "import.meta.env" {
                self.facts.env_reads.push(EnvRead {
                    name: key.clone(),
                    span: self.span(key_node),
                });
                self.bind(local, Binding::Value(Value::Env(key), None));
            } else if let Some(b) = self.lookup(&format!("{source}.{key}")).cloned() {
                self.bind(local, b);
            }
        }
    }

    /// A binding for a value that is a client, a factory result, or an alias of either.
    fn binding_for_value(
        &mut self,
        value: Node<'t>,
        name: Option<&str>,
        memoized: bool,
    ) -> Option<Binding> {
        let lifetime = if memoized {
            Lifetime::Memoized
        } else if self.scope() == MODULE_SCOPE {
            Lifetime::Shared
        } else {
            Lifetime::Local
        };
        match value.kind_name() {
            "new_expression" => {
                let idx = self.client_from_constructor(value, lifetime)?;
                if let Some(n) = name {
                    self.facts.clients[idx].binding = Some(n.to_string());
                }
                Some(Binding::Client(idx))
            }
            "call_expression" => {
                if let Some(idx) = self.client_from_call(value, lifetime) {
                    if let Some(n) = name {
                        self.facts.clients[idx].binding = Some(n.to_string());
                    }
                    return Some(Binding::Client(idx));
                }
                let func = value.field("function")?;
                let args = value.field("arguments")?;
                if func.kind_name() == "identifier" && args.named_child_count() <= 2 {
                    let fname = self.text(func);
                    if fname == "require" {
                        return None;
                    }
                    let import = match self.lookup(&fname) {
                        Some(Binding::Import { module, export }) => {
                            Some(format!("{module}#{export}"))
                        }
                        _ => None,
                    };
                    if import.is_some() || self.function_names.contains(&fname) {
                        return Some(Binding::FactoryResult {
                            function: fname,
                            span: self.span(value),
                            scope: self.scope(),
                            import,
                        });
                    }
                }
                None
            }
            "ternary_expression" | "binary_expression" => {
                // `host ? new Analytics({…}) : new Analytics({…})`, `cached ?? new TrackClient(…)`
                let mut cursor = value.walk();
                let parts: Vec<Node<'t>> = value.named_children(&mut cursor).collect();
                parts
                    .into_iter()
                    .filter(|p| value.field("condition") != Some(*p))
                    .find_map(|p| self.binding_for_value(unwrap_expr(p), name, memoized))
            }
            "identifier" | "member_expression" => {
                let t = self.text(value);
                match self.lookup(&t) {
                    Some(
                        b @ (Binding::Client(_)
                        | Binding::FactoryResult { .. }
                        | Binding::Import { .. }),
                    ) => Some(b.clone()),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    fn visit_assignment(&mut self, node: Node<'t>, depth: usize) {
        let (Some(left), Some(right)) = (node.field("left"), node.field("right")) else {
            self.visit_children(node, depth);
            return;
        };
        let op = node
            .field("operator")
            .map(|o| self.text(o))
            .unwrap_or_else(|| "=".into());
        let left_text = self.text(left);
        let inner = unwrap_expr(right);
        self.note_added_entry(left, right);
        self.note_http_instance(&left_text, inner);
        if let Some(class) = self.constructed_class(inner) {
            self.types.insert(left_text.clone(), class);
        }
        // Assigning to something that outlives this call (a member, an outer variable, a
        // lazy `??=`) keeps the client for reuse.
        let declared_here = self.frame().bindings.contains_key(&left_text);
        let memoized = self.scope() != MODULE_SCOPE
            && (op == "??=" || op == "||=" || (!declared_here && !self.frame().is_constructor));
        let is_export = left_text == "module.exports"
            || left_text.starts_with("module.exports.")
            || left_text.starts_with("exports.");
        if let Some(binding) = self.binding_for_value(inner, Some(&left_text), memoized) {
            if let Binding::Client(idx) = &binding
                && self.frame().is_constructor
                && left_text.starts_with("this.")
            {
                self.facts.clients[*idx].lifetime = Lifetime::Shared;
            }
            if left_text.starts_with("this.") {
                self.bind_member(left_text.clone(), binding.clone());
            } else if self.lookup(&left_text).is_some() && !declared_here {
                // outer variable: update where it lives
                for f in self.frames.iter_mut().rev() {
                    if f.bindings.contains_key(&left_text) {
                        f.bindings.insert(left_text.clone(), binding.clone());
                        break;
                    }
                }
            } else {
                self.bind(left_text.clone(), binding.clone());
            }
            if is_export {
                self.export_binding(&left_text, &binding);
            }
        } else if is_export && inner.kind_name() == "object" {
            // module.exports = { cio, getClient }
            let mut cursor = inner.walk();
            let props: Vec<Node> = inner.named_children(&mut cursor).collect();
            for p in props {
                let (key, val) = match p.kind_name() {
                    "shorthand_property_identifier" => (self.text(p), self.text(p)),
                    "pair" => match (p.field("key"), p.field("value")) {
                        (Some(k), Some(v)) => (self.text(k), self.text(v)),
                        _ => continue,
                    },
                    _ => continue,
                };
                self.export_name(&key, &val);
            }
        } else if is_export && inner.kind_name() == "identifier" {
            let name = self.text(inner);
            let export = left_text
                .strip_prefix("module.exports.")
                .or_else(|| left_text.strip_prefix("exports."))
                .unwrap_or("default")
                .to_string();
            self.export_name(&export, &name);
        } else {
            let (v, via) = self.eval(inner, 0);
            if let Value::Str(s) = &v {
                let name = left_text
                    .rsplit('.')
                    .next()
                    .unwrap_or(&left_text)
                    .to_string();
                self.record_credential(&name, &[], inner, Value::Str(s.clone()), via);
            }
            if op == "=" && left.kind_name() == "identifier" && matches!(v, Value::Str(_)) {
                self.add_conditional_fallback(node, &left_text, v);
            } else if left_text.starts_with("this.") && may_be_url(&v) {
                // `this.baseUrl = "https://track.customer.io/api/v1"` in one method, read in
                // the others: every value the member is set to.
                let v = match self.frames[0].bindings.get(&left_text) {
                    Some(Binding::Value(old, _)) => either(old, v),
                    _ => v,
                };
                self.bind_member(left_text.clone(), Binding::Value(v, Some(left_text)));
            }
        }
        self.visit_children(node, depth);
    }

    /// `if (!id) id = "anonymous"`: a literal assigned to a local value under a condition
    /// that tests it is one more value it can hold, not its only one.
    fn add_conditional_fallback(&mut self, assignment: Node<'t>, name: &str, literal: Value) {
        let mut cur = assignment.parent();
        let mut tested = false;
        while let Some(n) = cur {
            if matches!(
                n.kind_name(),
                "function_declaration"
                    | "generator_function_declaration"
                    | "function_expression"
                    | "function"
                    | "generator_function"
                    | "arrow_function"
                    | "method_definition"
            ) {
                break;
            }
            if n.kind_name() == "if_statement"
                && n.field("condition").is_some_and(|c| {
                    self.text(c)
                        .split(|ch: char| !(ch.is_alphanumeric() || ch == '_' || ch == '$'))
                        .any(|w| w == name)
                })
            {
                tested = true;
                break;
            }
            cur = n.parent();
        }
        if !tested {
            return;
        }
        for f in self.frames.iter_mut().rev() {
            if let Some(Binding::Value(old, via)) = f.bindings.get(name).cloned() {
                let mut alternatives = old.alternatives().into_iter().cloned().collect::<Vec<_>>();
                alternatives.push(literal);
                f.bindings.insert(
                    name.to_string(),
                    Binding::Value(Value::OneOf(alternatives), via),
                );
                return;
            }
            if f.bindings.contains_key(name) {
                return;
            }
        }
    }

    fn export_binding(&mut self, left: &str, binding: &Binding) {
        let export = left
            .strip_prefix("module.exports.")
            .or_else(|| left.strip_prefix("exports."))
            .unwrap_or("default")
            .to_string();
        if let Binding::Client(idx) = binding {
            let c = &self.facts.clients[*idx];
            self.facts.exports.push(Export {
                name: export,
                client: c.info,
                factory: false,
                shared: false,
                client_span: c.span,
            });
        }
    }

    /// Export `local` (a client binding or factory function) under `export`.
    fn export_name(&mut self, export: &str, local: &str) {
        match self.lookup(local) {
            Some(Binding::Client(idx)) => {
                let c = &self.facts.clients[*idx];
                self.facts.exports.push(Export {
                    name: export.to_string(),
                    client: c.info,
                    factory: false,
                    shared: false,
                    client_span: c.span,
                });
            }
            // `export const trackClient = buildTrackClient()`: one client, built once at load.
            Some(Binding::FactoryResult {
                function,
                import: None,
                scope: MODULE_SCOPE,
                ..
            }) => {
                let built = self.facts.clients.iter().find(|c| {
                    c.lifetime == Lifetime::Returned
                        && self.facts.function(c.scope).and_then(|f| f.name.as_deref())
                            == Some(function.as_str())
                });
                if let Some(c) = built {
                    self.facts.exports.push(Export {
                        name: export.to_string(),
                        client: c.info,
                        factory: false,
                        shared: true,
                        client_span: c.span,
                    });
                }
            }
            _ => {
                if self.function_names.contains(local) {
                    self.pending_factory_exports
                        .push((export.to_string(), local.to_string()));
                }
            }
        }
    }

    fn visit_field(&mut self, node: Node<'t>, depth: usize) {
        let name = node
            .field("name")
            .or_else(|| node.field("property"))
            .map(|n| self.text(n));
        if let Some(name) = name {
            if let Some(ty) = node.field("type")
                && let Some(class) = class_of_type(self.text(ty).trim_start_matches(':').trim())
            {
                self.types.insert(format!("this.{name}"), class);
            }
            if let Some(value) = node.field("value") {
                let inner = unwrap_expr(value);
                if let Some(class) = self.constructed_class(inner) {
                    self.types.insert(format!("this.{name}"), class);
                }
                if let Some(binding) =
                    self.binding_for_value(inner, Some(&format!("this.{name}")), false)
                {
                    if let Binding::Client(idx) = &binding {
                        self.facts.clients[*idx].lifetime = Lifetime::Shared;
                    }
                    self.bind_member(format!("this.{name}"), binding);
                } else {
                    // `private trackApiUrl = 'https://track.customer.io/api/v1'`: the base
                    // URL a request helper's callers build on.
                    let (v, _) = self.eval(inner, 0);
                    if matches!(
                        v,
                        Value::Str(_) | Value::Interpolated { .. } | Value::Env(_)
                    ) {
                        let member = format!("this.{name}");
                        self.bind_member(member.clone(), Binding::Value(v, Some(member)));
                    }
                }
            } else if let Some(ty) = node.field("type") {
                let t = self.text(ty);
                if let Some(info) = self.info_for_type(t.trim_start_matches(':').trim()) {
                    let idx = self.push_client(
                        info,
                        Vec::new(),
                        Lifetime::Shared,
                        Some(name.clone()),
                        self.span(node),
                    );
                    self.bind_member(format!("this.{name}"), Binding::Client(idx));
                }
            }
        }
        self.visit_children(node, depth);
    }

    fn record_export(&mut self, node: Node) {
        if let Some(source) = node.field("source") {
            self.record_reexport(node, source);
            return;
        }
        let Some(decl) = node.field("declaration") else {
            // export default cio;  export { cio, getClient as client };
            if let Some(v) = node.field("value") {
                let t = self.text(v);
                self.export_name("default", &t);
            }
            for (local, export) in self.export_specifiers(node).unwrap_or_default() {
                self.export_name(&export, &local);
            }
            return;
        };
        let default = {
            let mut c = node.walk();
            node.children(&mut c).any(|ch| ch.kind_name() == "default")
        };
        match decl.kind_name() {
            "lexical_declaration" | "variable_declaration" => {
                let mut cursor = decl.walk();
                let decls: Vec<Node> = decl
                    .named_children(&mut cursor)
                    .filter(|d| d.kind_name() == "variable_declarator")
                    .collect();
                for d in decls {
                    if let Some(n) = d.field("name") {
                        let t = self.text(n);
                        self.export_name(&t, &t);
                    }
                }
            }
            "function_declaration" => {
                if let Some(n) = decl.field("name") {
                    let t = self.text(n);
                    let export = if default {
                        "default".to_string()
                    } else {
                        t.clone()
                    };
                    self.export_name(&export, &t);
                }
            }
            _ => {}
        }
    }

    /// `export { a, b as c } from "./m"`, `export * from "./m"`.
    fn record_reexport(&mut self, node: Node, source: Node) {
        let spec = self.text(source);
        let spec = spec.trim_matches(['"', '\'', '`']);
        let Some(module) = self.resolve_module(spec) else {
            return;
        };
        let Some(specifiers) = self.export_specifiers(node) else {
            self.facts.reexports.push(crate::model::Reexport {
                name: "*".into(),
                local: "*".into(),
                module,
            });
            return;
        };
        for (local, name) in specifiers {
            self.facts.reexports.push(crate::model::Reexport {
                name,
                local,
                module: module.clone(),
            });
        }
    }

    /// `export { a, b as c }`: (local, exported) pairs; None for `export * from`.
    fn export_specifiers(&self, node: Node) -> Option<Vec<(String, String)>> {
        let mut cursor = node.walk();
        let clauses: Vec<Node> = node
            .named_children(&mut cursor)
            .filter(|c| c.kind_name() == "export_clause")
            .collect();
        if clauses.is_empty() {
            return None;
        }
        let mut out = Vec::new();
        for clause in clauses {
            let mut c2 = clause.walk();
            for spec in clause.named_children(&mut c2) {
                let Some(name) = spec.field("name") else {
                    continue;
                };
                let local = self.text(name);
                let exported = spec
                    .field("alias")
                    .map(|a| self.text(a))
                    .unwrap_or_else(|| local.clone());
                out.push((local, exported));
            }
        }
        Some(out)
    }

    /// An object literal with one of these keys (`{ userId: id }`, `{ userId, traits }`).
    fn object_has_key(&self, obj: Node, keys: &[&str]) -> bool {
        if obj.kind_name() != "object" {
            return false;
        }
        let mut cursor = obj.walk();
        obj.named_children(&mut cursor)
            .any(|entry| match entry.kind_name() {
                "pair" => entry
                    .field("key")
                    .is_some_and(|k| keys.contains(&self.text(k).trim_matches(['"', '\'']))),
                "shorthand_property_identifier" => keys.contains(&self.text(entry).as_str()),
                _ => false,
            })
    }

    /// `return client` where `client` holds a client built once: the function is a getter.
    fn note_getter(&mut self, ret: Node<'t>) {
        let Some(expr) = ret.named_child(0).map(unwrap_expr) else {
            return;
        };
        if !matches!(expr.kind_name(), "identifier" | "member_expression") {
            return;
        }
        let Some(Binding::Client(idx)) = self.lookup(&self.text(expr)).cloned() else {
            return;
        };
        if let Some(name) = super::builder::getter_name(&self.facts, self.scope(), idx) {
            self.getters.insert(name, idx);
        }
    }

    fn detect_returned_client(&mut self, expr: Node<'t>) {
        let inner = unwrap_expr(expr);
        if inner.kind_name() == "new_expression"
            && self.constructor_info(inner).is_some()
            && let Some(name) = self.facts.functions.last().and_then(|f| f.name.clone())
            && !self.facts.factories.contains(&name)
        {
            self.facts.factories.push(name);
        }
    }

    // ------------------------------------------------------------------ clients

    fn push_client(
        &mut self,
        info: ClientInfo,
        credentials: Vec<Credential>,
        lifetime: Lifetime,
        binding: Option<String>,
        span: Span,
    ) -> usize {
        let idx = self.facts.clients.len();
        let (scope, loop_id) = (self.scope(), self.current_loop());
        let client = Client::new(info, credentials, scope, loop_id, lifetime, binding, span);
        self.facts.clients.push(client);
        idx
    }

    /// The client kind a `new X(...)` builds (`new cdp.default(...)` counts as the module's class), and the roles of its positional arguments.
    fn constructor_info(
        &self,
        node: Node,
    ) -> Option<(ClientInfo, &'static [CredentialRole], bool)> {
        let ctor = node.field("constructor")?;
        let sym = match ctor.kind_name() {
            "identifier" => self.sdk.get(&self.text(ctor)).copied()?,
            "member_expression" => {
                let obj = self.text(ctor.field("object")?);
                let prop = self.text(ctor.field("property")?);
                match (self.sdk.get(&obj)?, prop.as_str()) {
                    (SdkSymbol::NodeModule, "TrackClient" | "CustomerIO") => SdkSymbol::TrackClient,
                    (SdkSymbol::NodeModule, "APIClient") => SdkSymbol::ApiClient,
                    (SdkSymbol::NodeModule, "PipelinesClient") => SdkSymbol::PipelinesClient,
                    (SdkSymbol::CdpNodeModule, "Analytics" | "default") => SdkSymbol::CdpAnalytics,
                    _ => return None,
                }
            }
            _ => return None,
        };
        use CredentialRole::*;
        Some(match sym {
            SdkSymbol::TrackClient | SdkSymbol::NodeModule => {
                (TRACK, &[SiteId, TrackApiKey][..], false)
            }
            SdkSymbol::ApiClient => (app_info(), &[AppApiKey][..], false),
            SdkSymbol::PipelinesClient => (
                ClientInfo {
                    sdk: Sdk::CustomerioNode,
                    kind: ClientKind::Pipelines,
                },
                &[WriteKey][..],
                false,
            ),
            SdkSymbol::CdpAnalytics => (
                ClientInfo {
                    sdk: Sdk::CdpAnalyticsNode,
                    kind: ClientKind::Pipelines,
                },
                &[][..],
                true,
            ),
            _ => return None,
        })
    }

    fn client_from_constructor(&mut self, node: Node<'t>, lifetime: Lifetime) -> Option<usize> {
        // Each node builds one client; a second look returns the first.
        let span = self.span(node);
        if let Some(i) = self.facts.clients.iter().position(|c| c.span == span) {
            return Some(i);
        }
        let (info, roles, settings_object) = self.constructor_info(node)?;
        let args = node.field("arguments");
        let credentials = match args {
            Some(args) if settings_object => self.object_credentials(args.named_child(0)),
            Some(args) => {
                let mut creds = Vec::new();
                for (i, role) in roles.iter().enumerate() {
                    if let Some(a) = args.named_child(i as u32) {
                        creds.push(Credential {
                            role: *role,
                            expr: self.expr(a),
                        });
                    }
                }
                creds
            }
            None => Vec::new(),
        };
        let lifetime = if self.is_returned(node) {
            Lifetime::Returned
        } else {
            lifetime
        };
        if lifetime == Lifetime::Returned {
            self.facts.mark_factory(self.scope());
        }
        let idx = self.push_client(info, credentials, lifetime, None, span);
        // customerio-node takes `(…keys, { region, url })`; cdp-analytics-node one settings
        // object with `host`. A URL or host overrides the region.
        let options = match args {
            Some(args) if settings_object => args.named_child(0),
            Some(args) => args.named_child(roles.len() as u32),
            None => None,
        };
        let keys: &[&str] = if settings_object {
            &["host"]
        } else {
            &["url", "region"]
        };
        self.facts.clients[idx].region = self.region_option(options, keys);
        Some(idx)
    }

    /// The region an options object names under the first of `keys` it has (in order of
    /// precedence); the SDK's default when there are no options or none of those keys.
    fn region_option(&self, options: Option<Node<'t>>, keys: &[&str]) -> RegionSetting {
        let Some(options) = options else {
            return RegionSetting::Default;
        };
        if matches!(unwrap_expr(options).kind_name(), "undefined" | "null") {
            return RegionSetting::Default;
        }
        let Some(obj) = self.object_node(options) else {
            return RegionSetting::Unseen;
        };
        for key in keys {
            let Some(value) = self.field_node(obj, &[key]) else {
                continue;
            };
            let expr = if value.kind_name() == "shorthand_property_identifier" {
                let (v, via) = self.eval_identifier(key, 0);
                Expr {
                    value: v,
                    span: self.span(value),
                    text: key.to_string(),
                    via,
                }
            } else {
                self.expr(value)
            };
            return RegionSetting::Given(expr);
        }
        let mut cursor = obj.walk();
        if obj
            .named_children(&mut cursor)
            .any(|p| p.kind_name() == "spread_element")
        {
            return RegionSetting::Unseen;
        }
        RegionSetting::Default
    }

    /// `AnalyticsBrowser.load({ writeKey })` and `CustomerIO.initialize({ cdpApiKey })`.
    fn client_from_call(&mut self, node: Node<'t>, lifetime: Lifetime) -> Option<usize> {
        let func = node.field("function")?;
        if func.kind_name() != "member_expression" {
            return None;
        }
        let obj = self.text(func.field("object")?);
        let prop = self.text(func.field("property")?);
        let sym = self.sdk.get(&obj).copied();
        let info = match (sym, prop.as_str()) {
            (Some(SdkSymbol::AnalyticsBrowser), "load") => ClientInfo {
                sdk: Sdk::CdpAnalyticsBrowser,
                kind: ClientKind::Pipelines,
            },
            _ => return None,
        };
        let span = self.span(node);
        if let Some(i) = self.facts.clients.iter().position(|c| c.span == span) {
            return Some(i);
        }
        let settings = node.field("arguments").and_then(|a| a.named_child(0));
        let creds = self.object_credentials(settings);
        let idx = self.push_client(info, creds, lifetime, None, span);
        // The browser SDK loads its settings from `cdnURL`; an EU workspace names
        // `https://cdp-eu.customer.io` there.
        self.facts.clients[idx].region = self.region_option(settings, &["cdnURL"]);
        Some(idx)
    }

    fn object_credentials(&self, obj: Option<Node<'t>>) -> Vec<Credential> {
        let mut out = Vec::new();
        let Some(obj) = obj.map(unwrap_expr) else {
            return out;
        };
        if obj.kind_name() != "object" {
            return out;
        }
        let mut cursor = obj.walk();
        for p in obj.named_children(&mut cursor) {
            let (key, value) = match p.kind_name() {
                "pair" => match (p.field("key"), p.field("value")) {
                    (Some(k), Some(v)) => (self.text(k), v),
                    _ => continue,
                },
                "shorthand_property_identifier" => (self.text(p), p),
                _ => continue,
            };
            let role = match key.trim_matches(['"', '\'']) {
                "writeKey" | "cdpApiKey" | "apiKey" => CredentialRole::WriteKey,
                "siteId" => CredentialRole::SiteId,
                _ => continue,
            };
            let expr = if p.kind_name() == "shorthand_property_identifier" {
                let (value, via) = self.eval_identifier(&key, 0);
                Expr {
                    value,
                    span: self.span(p),
                    text: key.clone(),
                    via,
                }
            } else {
                self.expr(value)
            };
            out.push(Credential { role, expr });
        }
        out
    }

    fn is_returned(&self, node: Node) -> bool {
        let mut cur = node;
        while let Some(p) = cur.parent() {
            match p.kind_name() {
                "parenthesized_expression"
                | "as_expression"
                | "non_null_expression"
                | "satisfies_expression" => cur = p,
                "return_statement" => return true,
                "arrow_function" => return p.field("body") == Some(cur),
                _ => return false,
            }
        }
        false
    }

    // ------------------------------------------------------------------ calls

    fn visit_call(&mut self, node: Node<'t>, depth: usize) {
        let func = node.field("function");
        if let Some(func) = func {
            let callee = self.text(func);
            self.record_invocation(node, func);
            self.note_process_lifetime(&callee);
            if is_promise_combinator(&callee) {
                let g = self.next_group;
                self.next_group += 1;
                self.groups.insert(node.id(), g);
            }
            if func.kind_name() == "member_expression" {
                self.maybe_response_send(func);
                if !self.maybe_client_call(node, func) {
                    self.record_method_call(node, func);
                }
            } else if func.kind_name() == "identifier" {
                // A project function may be called `request` or `fetch` too; `axios` imported
                // from its own package is still the library.
                let own = self.function_names.contains(&callee)
                    || matches!(self.lookup(&callee),
                        Some(Binding::Import { module, .. })
                            if !module
                                .strip_prefix(crate::model::ALIAS_PREFIX)
                                .is_some_and(is_http_library_module));
                if let Some(kind) = http_library_call(&callee).filter(|_| !own) {
                    self.maybe_raw_http(node, kind, None, None);
                } else {
                    let callee = match self.lookup(&callee) {
                        Some(Binding::Import { module, export }) => Some(Callee::Function {
                            name: callee.clone(),
                            module: Some(module.clone()),
                            export: Some(export.clone()),
                        }),
                        Some(Binding::Value(..)) | Some(Binding::Client(_)) => None,
                        _ if self.function_names.contains(&callee) => Some(Callee::Function {
                            name: callee.clone(),
                            module: None,
                            export: None,
                        }),
                        _ => None,
                    };
                    if let Some(callee) = callee {
                        self.record_project_call(node, callee);
                    }
                }
            }
            self.callback_references(node);
        }
        self.visit_children(node, depth);
    }

    /// `signOut()`, `auth.logout()`: the name a call invokes, whatever it turns out to be.
    fn record_invocation(&mut self, call: Node, func: Node) {
        let name = match func.kind_name() {
            "identifier" => func,
            "member_expression" => match func.field("property") {
                Some(p) => p,
                None => return,
            },
            _ => return,
        };
        self.facts.invocations.push(Invocation {
            name: self.text(name),
            scope: self.scope(),
            span: self.span(call),
        });
    }

    /// `xs.map(trackSignup)`, `Promise.all(users.map(identifyUser))`: a project function
    /// passed by name as an iteration callback runs once per item.
    fn callback_references(&mut self, call: Node<'t>) {
        let Some(args) = call.field("arguments") else {
            return;
        };
        let Some(arg) = args
            .named_child(0)
            .filter(|a| a.kind_name() == "identifier")
        else {
            return;
        };
        let name = self.text(arg);
        let callee = match self.lookup(&name) {
            Some(Binding::Import { module, export }) => Callee::Function {
                name: name.clone(),
                module: Some(module.clone()),
                export: Some(export.clone()),
            },
            None if self.function_names.contains(&name) => Callee::Function {
                name: name.clone(),
                module: None,
                export: None,
            },
            _ => return,
        };
        let (Some(kind), throttled) = self.callback_role(arg) else {
            return;
        };
        // The promises are collected by `Promise.all`: its outcome is theirs.
        let collector = call
            .parent()
            .and_then(|a| a.parent())
            .filter(|c| {
                c.field("function")
                    .is_some_and(|f| is_promise_combinator(&self.text(f)))
            })
            .unwrap_or(call);
        let (outcome, group) = self.outcome(collector);
        let loop_id = self.push_loop(call, &kind, throttled);
        let order = self.next_order();
        let item = Expr {
            value: Value::Unknown,
            span: self.span(arg),
            text: "item".into(),
            via: None,
        };
        self.facts.project_calls.push(ProjectCall {
            callee,
            args: vec![Arg {
                keyword: None,
                expr: item,
                attrs: Vec::new(),
                spreads: Vec::new(),
            }],
            scope: self.scope(),
            loop_id: Some(loop_id),
            outcome,
            waits: outcome == Outcome::Awaited,
            deferred: false,
            after_response: self.frame().response_sent,
            concurrent_group: group,
            order,
            span: self.span(arg),
        });
        self.pop_loop(loop_id);
    }

    /// `res.json(...)`, `res.status(201).send(...)`, `reply.send(...)` at the top level of a
    /// handler body mean later code runs after the response went out.
    fn maybe_response_send(&mut self, func: Node) {
        if self.frame().response_names.is_empty() {
            return;
        }
        let Some(prop) = func.field("property") else {
            return;
        };
        let method = self.text(prop);
        if !matches!(
            method.as_str(),
            "json" | "send" | "end" | "sendStatus" | "redirect" | "render" | "sendFile" | "jsonp"
        ) {
            return;
        }
        let root = root_identifier(func, self.src);
        if !root.is_some_and(|r| self.frame().response_names.contains(&r)) {
            return;
        }
        // Only an unconditional send: the statement sits directly in the handler body.
        let mut cur = func;
        let mut blocks = 0;
        while let Some(p) = cur.parent() {
            if p.kind_name() == "statement_block" {
                blocks += 1;
            }
            if matches!(
                p.kind_name(),
                "arrow_function"
                    | "function_declaration"
                    | "function_expression"
                    | "function"
                    | "method_definition"
            ) {
                break;
            }
            if matches!(
                p.kind_name(),
                "if_statement"
                    | "try_statement"
                    | "catch_clause"
                    | "switch_case"
                    | "ternary_expression"
            ) {
                return;
            }
            cur = p;
        }
        if blocks <= 1 {
            self.frames.last_mut().expect("frame").response_sent = true;
        }
    }

    /// Resolve the receiver of `recv.method(...)` to a client.
    fn resolve_receiver(&mut self, recv: Node<'t>) -> Option<Receiver> {
        let recv = unwrap_expr(recv);
        let text = self.text(recv);
        let normalized = text.replace("?.", ".");
        match recv.kind_name() {
            "identifier" | "member_expression" | "this" => {
                if normalized == "_cio" || normalized == "window._cio" {
                    return Some((
                        ClientInfo {
                            sdk: Sdk::LegacySnippet,
                            kind: ClientKind::Track,
                        },
                        None,
                        None,
                        None,
                    ));
                }
                if let Some(sym) = self.sdk.get(&normalized).copied()
                    && sym == SdkSymbol::RnCustomerIO
                {
                    return Some((
                        ClientInfo {
                            sdk: Sdk::ReactNative,
                            kind: ClientKind::Pipelines,
                        },
                        None,
                        None,
                        None,
                    ));
                }
                match self.lookup(&normalized).cloned() {
                    Some(Binding::Client(idx)) => {
                        let info = self.facts.clients[idx].info;
                        if self.facts.clients[idx].scope == self.scope() {
                            self.facts.clients[idx].used_in_scope = true;
                        }
                        return Some((info, Some(idx), None, None));
                    }
                    Some(Binding::FactoryResult {
                        function,
                        span,
                        scope,
                        import,
                    }) => {
                        let target = import.map(|i| {
                            let (module, export) = i.split_once('#').unwrap_or((&i, "default"));
                            (module.to_string(), export.to_string())
                        });
                        let receiver = factory_receiver(TRACK, function, span, scope, target);
                        return Some(receiver);
                    }
                    Some(Binding::Import { module, export }) => {
                        return Some(imported_receiver(TRACK, module, export));
                    }
                    Some(Binding::Value(..)) => return None,
                    None => {}
                }
                // `ns.cio` where `ns` is `import * as ns from './lib'`
                if recv.kind_name() == "member_expression"
                    && let Some(obj) = recv.field("object")
                    && let Some(Binding::Import { module, export }) =
                        self.lookup(&self.text(obj)).cloned()
                    && export == "*"
                {
                    let prop = recv
                        .field("property")
                        .map(|p| self.text(p))
                        .unwrap_or_default();
                    return Some(imported_receiver(TRACK, module, prop));
                }
                // The hosted Data Pipelines snippet's global.
                if normalized == "cioanalytics" || normalized == "window.cioanalytics" {
                    return Some((
                        ClientInfo {
                            sdk: Sdk::CdpAnalyticsBrowser,
                            kind: ClientKind::Pipelines,
                        },
                        None,
                        None,
                        None,
                    ));
                }
                let leaf = normalized.rsplit('.').next().unwrap_or(&normalized);
                if super::is_client_name(leaf) || self.opts.is_receiver(leaf) {
                    return Some(named_receiver(TRACK, leaf.to_string()));
                }
                None
            }
            "new_expression" => {
                let idx = self.client_from_constructor(recv, Lifetime::Local)?;
                self.facts.clients[idx].used_in_scope = true;
                Some((self.facts.clients[idx].info, Some(idx), None, None))
            }
            "call_expression" => {
                if let Some(idx) = self.client_from_call(recv, Lifetime::Local) {
                    return Some((self.facts.clients[idx].info, Some(idx), None, None));
                }
                let func = recv.field("function")?;
                // `this.getClient()`: a method of this file's class.
                let this_method = (func.kind_name() == "member_expression")
                    .then(|| {
                        let obj = func.field("object")?;
                        let prop = self.text(func.field("property")?);
                        (obj.kind_name() == "this" && self.method_names.contains(&prop))
                            .then_some(prop)
                    })
                    .flatten();
                if func.kind_name() != "identifier" && this_method.is_none() {
                    return None;
                }
                let fname = this_method.clone().unwrap_or_else(|| self.text(func));
                let target = match self.lookup(&fname) {
                    Some(Binding::Import { module, export }) => {
                        Some((module.clone(), export.clone()))
                    }
                    _ if this_method.is_some() || self.function_names.contains(&fname) => None,
                    _ => return None,
                };
                let (span, scope) = (self.span(recv), self.scope());
                Some(factory_receiver(TRACK, fname, span, scope, target))
            }
            _ => None,
        }
    }

    /// A call on a Customer.io client or an HTTP library; false when it is neither.
    fn maybe_client_call(&mut self, call: Node<'t>, func: Node<'t>) -> bool {
        let Some(prop) = func.field("property") else {
            return false;
        };
        let Some(recv) = func.field("object") else {
            return false;
        };
        let method_name = self.text(prop);
        // HTTP libraries: axios.post(url, …), got.put(…), ky.post(…), superagent.put(…)
        let recv_text = self.text(recv);
        if let Some(kind) = http_library_call(&recv_text) {
            self.maybe_raw_http(call, kind, Some(&method_name), None);
            return true;
        }
        // `api.post("/send/email", …)` on `const api = axios.create({ baseURL })`.
        if let Some(base) = self.http_instances.get(&recv_text).cloned() {
            match method_name.as_str() {
                "get" | "post" | "put" | "patch" | "delete" => {
                    self.maybe_raw_http(call, HttpLib::Axios, Some(&method_name), Some(base))
                }
                "request" => self.maybe_raw_http(call, HttpLib::Axios, None, Some(base)),
                _ => return false,
            }
            return true;
        }
        let snippet_queue = method_name == "push"
            && matches!(
                recv_text.replace("?.", ".").as_str(),
                "_cio" | "window._cio"
            );
        if !is_cio_method_name(&method_name) && !snippet_queue {
            return false;
        }
        // An object of the project's own class (`const client = createCustomerIOClient()`):
        // its `identify` is that class's method, followed by the resolver.
        if self
            .types
            .get(&recv_text)
            .is_some_and(|class| self.info_for_type(class).is_none())
        {
            return false;
        }
        let Some((info, client_index, via_factory, unresolved)) = self.resolve_receiver(recv)
        else {
            return false;
        };
        // `auth.reset()` on an imported object may be the project's own method rather than
        // an imported client's: the link step keeps the call only for a client, so the
        // method call is recorded too.
        let also_project_method = matches!(
            method_name.as_str(),
            "reset" | "clearIdentify" | "flush" | "closeAndFlush"
        ) && matches!(unresolved, Some(Unresolved::Import { .. }));
        self.client_call(
            call,
            method_name,
            info,
            client_index,
            via_factory,
            unresolved,
        );
        !also_project_method
    }

    fn client_call(
        &mut self,
        call: Node<'t>,
        method_name: String,
        info: ClientInfo,
        client_index: Option<usize>,
        via_factory: Option<FactoryUse>,
        unresolved: Option<Unresolved>,
    ) {
        let args = call.field("arguments");
        let mut arg_nodes = super::named_children_no_comments(args);
        let mut method_name = method_name;
        // A receiver known only by its name (`cio`) called the Pipelines way, one object with
        // `userId` / `anonymousId` (`cio.identify({ userId, traits })`): a Pipelines client.
        let info = match (&unresolved, arg_nodes.as_slice()) {
            (Some(Unresolved::ReceiverName(_)), [only])
                if self.object_has_key(unwrap_expr(*only), &["userId", "anonymousId"]) =>
            {
                ClientInfo {
                    sdk: info.sdk,
                    kind: ClientKind::Pipelines,
                }
            }
            _ => info,
        };
        // The snippet's queue form: `_cio.push(["identify", { id, email }])` is `identify`.
        if info.sdk == Sdk::LegacySnippet && method_name == "push" {
            let Some(entry) = arg_nodes.first().copied().map(unwrap_expr) else {
                return;
            };
            if entry.kind_name() != "array" {
                return;
            }
            let items = super::named_children_no_comments(Some(entry));
            let Some(name) = items.first().and_then(|n| self.string_value(*n)) else {
                return;
            };
            method_name = name;
            arg_nodes = items[1..].to_vec();
        }
        let shape = self.call_shape(info, &method_name, &arg_nodes);
        let Some(mut shape) = shape else { return };
        if unresolved.is_some() && shape.method == Method::Other {
            // A guessed receiver must at least call a known Customer.io method.
            return;
        }
        if info.sdk == Sdk::ReactNative && method_name == "initialize" {
            return;
        }
        let (outcome, group) = self.outcome(call);
        shape.outcome = outcome;
        let order = self.next_order();
        let throttled = self.throttle_depth > 0;
        let loop_id = self.current_loop();
        let loop_id = if throttled {
            // The limiter decides the pace; the loop around it is not unthrottled.
            if let Some(l) = loop_id {
                self.facts.loops[l as usize].throttled = true;
            }
            loop_id
        } else {
            loop_id
        };
        self.facts.calls.push(Call {
            client: info,
            client_index,
            method: shape.method,
            method_name,
            customer_id: shape.customer_id,
            event_name: shape.event_name,
            timestamp: shape.timestamp.map(Box::new),
            attributes: shape.attributes,
            payload: shape.payload.map(Box::new),
            spreads: shape.spreads,
            outcome,
            waits: outcome == Outcome::Awaited,
            concurrent_group: group,
            deferred: false,
            scope: self.scope(),
            loop_id,
            after_response: self.frame().response_sent,
            order,
            span: self.span(call),
            via_factory: via_factory.map(Box::new),
            unresolved,
            forwarded: None,
            request: None,
            recipients: None,
            event_args: None,
        });
    }

    /// `recv.m(...)` on something that is not a Customer.io client: maybe a project method
    /// (`this.analytics.trackSignup(user)`, `AnalyticsService.track(...)`, `cio.identifyUser()`
    /// of an imported module).
    fn record_method_call(&mut self, call: Node<'t>, func: Node<'t>) {
        let (Some(prop), Some(recv)) = (func.field("property"), func.field("object")) else {
            return;
        };
        let name = self.text(prop);
        let receiver = self.text(recv).replace("?.", ".");
        if is_builtin_receiver(&receiver) {
            return;
        }
        let callee = match self.lookup(&receiver) {
            // `import * as analytics from './analytics'`; `analytics.trackSignup(...)`
            Some(Binding::Import { module, export }) if export == "*" || export == "default" => {
                Callee::Function {
                    name: name.clone(),
                    module: Some(module.clone()),
                    export: Some(if export == "*" {
                        name.clone()
                    } else {
                        format!("default.{name}")
                    }),
                }
            }
            Some(Binding::Import { export, .. }) => Callee::Method {
                receiver: receiver.clone(),
                class: Some(export.clone()),
                name,
            },
            _ => {
                let class = if receiver == "this" {
                    self.facts
                        .functions
                        .get(self.scope() as usize)
                        .and_then(|f| f.class.clone())
                } else if let Some(t) = self.types.get(&receiver) {
                    Some(t.clone())
                } else if recv.kind_name() == "new_expression" {
                    self.constructed_class(recv)
                } else {
                    None
                };
                // Methods of strings, arrays, promises and maps, on receivers of no known
                // class: not worth a project call each.
                if class.is_none() && is_builtin_method(&name) {
                    return;
                }
                Callee::Method {
                    receiver,
                    class,
                    name,
                }
            }
        };
        self.record_project_call(call, callee);
    }

    fn record_project_call(&mut self, call: Node<'t>, callee: Callee) {
        let args: Vec<Arg> = super::named_children_no_comments(call.field("arguments"))
            .into_iter()
            .map(|n| self.project_arg(n))
            .collect();
        let (outcome, group) = if call.kind_name() == "new_expression" {
            (Outcome::Assigned, None)
        } else {
            self.outcome(call)
        };
        let order = self.next_order();
        self.facts.project_calls.push(ProjectCall {
            callee,
            args,
            scope: self.scope(),
            loop_id: self.current_loop(),
            outcome,
            waits: outcome == Outcome::Awaited,
            deferred: false,
            after_response: self.frame().response_sent,
            concurrent_group: group,
            order,
            span: self.span(call),
        });
    }

    fn project_arg(&self, node: Node<'t>) -> Arg {
        let mut s = Shape::new(Method::Other);
        let inner = unwrap_expr(node);
        if let Some(obj) = self.object_node(inner) {
            self.flatten_object(&mut s, obj, Section::Top, 0);
        }
        Arg {
            keyword: None,
            expr: self.expr(node),
            attrs: s.attributes,
            spreads: s.spreads,
        }
    }

    /// The class a `new C(...)` expression builds.
    fn constructed_class(&self, node: Node) -> Option<String> {
        let node = unwrap_expr(node);
        if node.kind_name() != "new_expression" {
            return None;
        }
        let ctor = self.text(node.field("constructor")?);
        class_of_type(&ctor)
    }

    /// `makeClient()` (also awaited) where `makeClient` returns a project class.
    fn class_returned_by(&self, value: Node<'t>) -> Option<String> {
        let value = unwrap_expr(value);
        let value = if value.kind_name() == "await_expression" {
            unwrap_expr(value.named_child(0)?)
        } else {
            value
        };
        if value.kind_name() != "call_expression" {
            return None;
        }
        let func = value.field("function")?;
        (func.kind_name() == "identifier")
            .then(|| self.returned_classes.get(&self.text(func)).cloned())
            .flatten()
    }

    /// The class (or object literal) a function is a method of.
    fn enclosing_class(&self, node: Node) -> Option<String> {
        let mut cur = node.parent();
        for _ in 0..6 {
            let n = cur?;
            match n.kind_name() {
                "class_declaration" | "class" | "abstract_class_declaration" => {
                    return n.field("name").map(|c| self.text(c));
                }
                // `const analytics = { track(u) {…} }`: calls read `analytics.track(u)`.
                "object" => {
                    let decl = n.parent()?;
                    return (decl.kind_name() == "variable_declarator")
                        .then(|| decl.field("name").map(|c| self.text(c)))
                        .flatten();
                }
                "class_body"
                | "pair"
                | "public_field_definition"
                | "field_definition"
                | "method_definition" => cur = n.parent(),
                _ => return None,
            }
        }
        None
    }

    /// `new SendEmailRequest({ ..., send_at })`: the request body of a transactional send.
    fn maybe_request_object(&mut self, node: Node<'t>) -> bool {
        let Some(ctor) = node.field("constructor") else {
            return false;
        };
        let name = self.text(ctor);
        let leaf = name.rsplit('.').next().unwrap_or(&name).to_string();
        let is_request = match self.sdk.get(&name) {
            Some(SdkSymbol::SendRequest) => true,
            _ => {
                let ns = name.split('.').next().unwrap_or("");
                self.sdk.get(ns) == Some(&SdkSymbol::NodeModule)
                    && leaf.starts_with("Send")
                    && leaf.ends_with("Request")
            }
        };
        if !is_request {
            return false;
        }
        let mut s = Shape::new(Method::BuildRequest);
        let arg = node.field("arguments").and_then(|a| a.named_child(0));
        self.payload(&mut s, arg, Section::Top);
        let order = self.next_order();
        self.facts.calls.push(Call {
            client: app_info(),
            client_index: None,
            method: Method::BuildRequest,
            method_name: leaf,
            customer_id: None,
            event_name: None,
            timestamp: None,
            attributes: s.attributes,
            payload: s.payload.map(Box::new),
            spreads: s.spreads,
            outcome: Outcome::Assigned,
            waits: false,
            concurrent_group: None,
            deferred: false,
            scope: self.scope(),
            loop_id: self.current_loop(),
            after_response: self.frame().response_sent,
            order,
            span: self.span(node),
            via_factory: None,
            unresolved: None,
            forwarded: None,
            request: None,
            recipients: None,
            event_args: None,
        });
        true
    }

    /// The outcome of a call's returned promise, and its `Promise.all` group if any.
    /// A chain is followed to its end: `await cio.track().catch(log)` is awaited.
    fn outcome(&self, node: Node) -> (Outcome, Option<u32>) {
        let (end, group) = self.chain_end(node);
        (end, group)
    }

    fn chain_end(&self, node: Node) -> (Outcome, Option<u32>) {
        let mut cur = node;
        let mut group = None;
        let mut caught = false;
        let settle = |o: Outcome, caught: bool| match o {
            Outcome::Awaited | Outcome::Returned | Outcome::Assigned | Outcome::Passed => o,
            _ if caught => Outcome::Caught,
            _ => o,
        };
        loop {
            let Some(parent) = cur.parent() else {
                return (settle(Outcome::Discarded, caught), group);
            };
            match parent.kind_name() {
                "parenthesized_expression"
                | "as_expression"
                | "non_null_expression"
                | "satisfies_expression"
                | "ternary_expression"
                | "binary_expression"
                | "sequence_expression" => {
                    cur = parent;
                }
                "await_expression" | "yield_expression" => return (Outcome::Awaited, group),
                "return_statement" => {
                    return (settle(self.returned_outcome(parent), caught), group);
                }
                "arrow_function" => return (settle(self.returned_outcome(cur), caught), group),
                "variable_declarator" | "assignment_expression" | "public_field_definition" => {
                    return (Outcome::Assigned, group);
                }
                "member_expression" => {
                    let prop = parent
                        .field("property")
                        .map(|p| self.text(p))
                        .unwrap_or_default();
                    let Some(gp) = parent.parent() else {
                        return (Outcome::Passed, group);
                    };
                    if gp.kind_name() != "call_expression" {
                        return (Outcome::Passed, group);
                    }
                    match prop.as_str() {
                        "catch" => {
                            caught = true;
                            cur = gp;
                        }
                        "then" => {
                            let n = gp
                                .field("arguments")
                                .map(|a| a.named_child_count())
                                .unwrap_or(0);
                            if n >= 2 {
                                caught = true;
                            }
                            cur = gp;
                        }
                        "finally" => cur = gp,
                        _ => return (Outcome::Passed, group),
                    }
                }
                "array" => {
                    // [a(), b()] given to Promise.all / allSettled
                    if let Some(args) = parent.parent()
                        && args.kind_name() == "arguments"
                        && let Some(call) = args.parent()
                        && let Some(g) = self.groups.get(&call.id())
                    {
                        group = Some(*g);
                        cur = call;
                        continue;
                    }
                    return (Outcome::Passed, group);
                }
                "unary_expression" => {
                    if parent
                        .field("operator")
                        .is_some_and(|o| self.text(o) == "void")
                    {
                        return (settle(Outcome::Discarded, caught), group);
                    }
                    cur = parent;
                }
                "expression_statement" => return (settle(Outcome::Discarded, caught), group),
                _ => return (Outcome::Passed, group),
            }
        }
    }

    /// A value returned from a `.forEach` callback goes nowhere.
    fn returned_outcome(&self, node: Node) -> Outcome {
        let mut cur = node;
        while let Some(p) = cur.parent() {
            if matches!(
                p.kind_name(),
                "arrow_function" | "function_expression" | "function"
            ) {
                if let Some(args) = p.parent()
                    && args.kind_name() == "arguments"
                    && let Some(call) = args.parent()
                    && let Some(f) = call.field("function")
                    && self.text(f).ends_with(".forEach")
                {
                    return Outcome::Discarded;
                }
                // `await Promise.all(xs.map((x) => send(x)))`: each promise is awaited with
                // the others.
                if let Some(args) = p.parent()
                    && args.kind_name() == "arguments"
                    && let Some(call) = args.parent()
                    && let Some(f) = call.field("function")
                    && matches!(self.text(f).rsplit('.').next(), Some("map" | "flatMap"))
                    && let Some(outer_args) = call.parent()
                    && outer_args.kind_name() == "arguments"
                    && let Some(combinator) = outer_args.parent()
                    && combinator
                        .field("function")
                        .is_some_and(|g| is_promise_combinator(&self.text(g)))
                    && self.chain_end(combinator).0 == Outcome::Awaited
                {
                    return Outcome::Awaited;
                }
                return Outcome::Returned;
            }
            if matches!(p.kind_name(), "function_declaration" | "method_definition") {
                return Outcome::Returned;
            }
            cur = p;
        }
        Outcome::Returned
    }

    /// Where the id, name and payload of a call sit, per SDK and method.
    fn call_shape(&self, info: ClientInfo, method: &str, args: &[Node<'t>]) -> Option<Shape> {
        let mut s = Shape::new(method_kind(info, method));
        let arg = |i: usize| args.get(i).copied();
        match (info.sdk, info.kind) {
            (Sdk::CustomerioNode, ClientKind::Track) | (Sdk::RawHttp, ClientKind::Track) => {
                match method {
                    "identify" => {
                        s.customer_id = arg(0).map(|a| self.expr(a));
                        self.payload(&mut s, arg(1), Section::Top);
                    }
                    "track" | "trackAnonymous" => {
                        if method == "track" {
                            s.customer_id = arg(0).map(|a| self.expr(a));
                        }
                        self.event_payload(&mut s, arg(1));
                    }
                    "trackPageView" => s.customer_id = arg(0).map(|a| self.expr(a)),
                    "addDevice" => {
                        s.customer_id = arg(0).map(|a| self.expr(a));
                        self.payload(&mut s, arg(3), Section::Top);
                    }
                    "destroy" | "suppress" | "unsuppress" | "deleteDevice" => {
                        s.customer_id = arg(0).map(|a| self.expr(a));
                    }
                    "trackPush" => self.payload(&mut s, arg(0), Section::Top),
                    _ => {}
                }
            }
            (Sdk::CustomerioNode, ClientKind::App) => match method {
                "sendEmail" | "sendPush" | "sendSMS" | "sendInboxMessage" | "sendInApp" => {
                    if let Some(a) = arg(0).map(unwrap_expr) {
                        let obj = if a.kind_name() == "new_expression" {
                            a.field("arguments").and_then(|x| x.named_child(0))
                        } else {
                            Some(a)
                        };
                        self.payload(&mut s, obj, Section::Top);
                    }
                }
                "triggerBroadcast" => {
                    self.payload(&mut s, arg(1), Section::Data);
                    // `{ ids: [user.id] }`: who the broadcast goes to.
                    if let Some(recipients) = arg(2).and_then(|r| self.object_node(r)) {
                        self.flatten_object(&mut s, recipients, Section::Top, 0);
                    }
                }
                _ => {}
            },
            (Sdk::CustomerioNode | Sdk::CdpAnalyticsNode | Sdk::RawHttp, ClientKind::Pipelines) => {
                let obj = arg(0).map(unwrap_expr);
                let obj = obj.and_then(|o| self.object_node(o));
                if let Some(obj) = obj {
                    let mut cursor = obj.walk();
                    for p in obj.named_children(&mut cursor) {
                        let Some((key, key_node, value)) = self.pair_parts(p) else {
                            continue;
                        };
                        match key.as_str() {
                            "userId" => s.customer_id = Some(self.expr(value)),
                            "event" => s.event_name = Some(self.expr(value)),
                            "traits" => self.payload(&mut s, Some(value), Section::Top),
                            "properties" => self.payload(&mut s, Some(value), Section::Data),
                            "timestamp" => {
                                s.timestamp = Some(self.attr(key, key_node, value, Section::Top, 0))
                            }
                            _ => {}
                        }
                    }
                }
            }
            (Sdk::CdpAnalyticsBrowser, _) => match method {
                "identify" => {
                    if arg(0).is_some_and(|a| unwrap_expr(a).kind_name() == "object") {
                        self.payload(&mut s, arg(0), Section::Top);
                    } else {
                        s.customer_id = arg(0).map(|a| self.expr(a));
                        self.payload(&mut s, arg(1), Section::Top);
                        self.options_timestamp(&mut s, arg(2));
                    }
                }
                "track" => {
                    s.event_name = arg(0).map(|a| self.expr(a));
                    self.payload(&mut s, arg(1), Section::Data);
                    self.options_timestamp(&mut s, arg(2));
                }
                _ => {}
            },
            (Sdk::LegacySnippet, _) => match method {
                "identify" => {
                    if let Some(obj) = arg(0).map(unwrap_expr).and_then(|o| self.object_node(o)) {
                        let mut cursor = obj.walk();
                        for p in obj.named_children(&mut cursor) {
                            if let Some((key, _, value)) = self.pair_parts(p)
                                && key == "id"
                            {
                                s.customer_id = Some(self.expr(value));
                            }
                        }
                    }
                    self.payload(&mut s, arg(0), Section::Top);
                }
                "track" => {
                    s.event_name = arg(0).map(|a| self.expr(a));
                    self.payload(&mut s, arg(1), Section::Data);
                }
                _ => {}
            },
            (Sdk::ReactNative, _) => match method {
                "identify" => {
                    let first = arg(0).map(unwrap_expr);
                    if first.is_some_and(|f| f.kind_name() == "object") {
                        let obj = first.expect("checked");
                        let mut cursor = obj.walk();
                        for p in obj.named_children(&mut cursor) {
                            if let Some((key, _, value)) = self.pair_parts(p) {
                                match key.as_str() {
                                    "userId" => s.customer_id = Some(self.expr(value)),
                                    "traits" => self.payload(&mut s, Some(value), Section::Top),
                                    _ => {}
                                }
                            }
                        }
                    } else {
                        s.customer_id = arg(0).map(|a| self.expr(a));
                        self.payload(&mut s, arg(1), Section::Top);
                    }
                }
                "track" => {
                    s.event_name = arg(0).map(|a| self.expr(a));
                    self.payload(&mut s, arg(1), Section::Data);
                }
                "setProfileAttributes" => self.payload(&mut s, arg(0), Section::Top),
                _ => {}
            },
            _ => {}
        }
        Some(s)
    }

    fn options_timestamp(&self, s: &mut Shape, options: Option<Node<'t>>) {
        let Some(obj) = options.map(unwrap_expr).and_then(|o| self.object_node(o)) else {
            return;
        };
        let mut cursor = obj.walk();
        for p in obj.named_children(&mut cursor) {
            if let Some((key, key_node, value)) = self.pair_parts(p)
                && key == "timestamp"
            {
                s.timestamp = Some(self.attr(key, key_node, value, Section::Top, 0));
            }
        }
    }

    /// An object literal node, directly or through a same-function/same-file name.
    fn object_node(&self, node: Node<'t>) -> Option<Node<'t>> {
        let node = unwrap_expr(node);
        match node.kind_name() {
            "object" => Some(node),
            "identifier" => self.lookup_object(&self.text(node)),
            _ => None,
        }
    }

    fn pair_parts(&self, p: Node<'t>) -> Option<(String, Node<'t>, Node<'t>)> {
        match p.kind_name() {
            "pair" => {
                let k = p.field("key")?;
                let v = p.field("value")?;
                let key = match k.kind_name() {
                    "property_identifier" | "number" => self.text(k),
                    "string" => self.string_value(k)?,
                    _ => return None,
                };
                Some((key, k, v))
            }
            "shorthand_property_identifier" => Some((self.text(p), p, p)),
            _ => None,
        }
    }

    fn attr(
        &self,
        key: String,
        key_node: Node,
        value: Node<'t>,
        section: Section,
        depth: u8,
    ) -> Attr {
        let value = if value.kind_name() == "shorthand_property_identifier" {
            let (v, via) = self.eval_identifier(&key, 0);
            Expr {
                value: v,
                span: self.span(value),
                text: key.clone(),
                via,
            }
        } else {
            self.expr(value)
        };
        Attr {
            key,
            key_span: self.span(key_node),
            value,
            section,
            depth,
        }
    }

    /// Flatten an attributes object into the shape.
    fn payload(&self, s: &mut Shape, node: Option<Node<'t>>, section: Section) {
        let Some(node) = node else { return };
        let inner = unwrap_expr(node);
        match self.object_node(inner) {
            Some(obj) => self.flatten_object(s, obj, section, 0),
            None => {
                if !matches!(inner.kind_name(), "undefined" | "null") {
                    s.payload = Some(self.expr(inner));
                }
            }
        }
    }

    /// `body.to = x` / `body["to"] = x` after `const body = {...}`: the request built from
    /// the literal carries that entry too.
    fn note_added_entry(&mut self, left: Node<'t>, value: Node<'t>) {
        let (object, key) = match left.kind_name() {
            "member_expression" => (
                left.field("object"),
                left.field("property").map(|p| self.text(p)),
            ),
            "subscript_expression" => (
                left.field("object"),
                left.field("index").and_then(|i| self.string_value(i)),
            ),
            _ => return,
        };
        let (Some(object), Some(key)) = (object, key) else {
            return;
        };
        if object.kind_name() != "identifier" {
            return;
        }
        if let Some(literal) = self.lookup_object(&self.text(object)) {
            self.added_entries.push((literal, key, left, value));
        }
    }

    /// An object literal's entries with a constant key, and those set on it afterwards; its
    /// spreads go to the shape.
    fn object_entries(&self, s: &mut Shape, obj: Node<'t>) -> Vec<(String, Node<'t>, Node<'t>)> {
        let mut cursor = obj.walk();
        let mut entries = Vec::new();
        for p in obj.named_children(&mut cursor) {
            if p.kind_name() == "spread_element" {
                if let Some(arg) = p.named_child(0) {
                    s.spreads.push(self.expr(arg));
                }
                continue;
            }
            entries.extend(self.pair_parts(p));
        }
        entries.extend(
            self.added_entries
                .iter()
                .filter(|(l, ..)| *l == obj)
                .map(|(_, k, kn, v)| (k.clone(), *kn, *v)),
        );
        entries
    }

    fn flatten_object(&self, s: &mut Shape, obj: Node<'t>, section: Section, depth: u8) {
        for (key, key_node, value) in self.object_entries(s, obj) {
            let inner = unwrap_expr(value);
            let nested = inner.kind_name() == "object" && depth < 3;
            s.attributes
                .push(self.attr(key, key_node, value, section, depth));
            if nested {
                self.flatten_object(s, inner, section, depth + 1);
            }
        }
    }

    /// customerio-node `track(id, { name, data, timestamp, id, type })`.
    fn event_payload(&self, s: &mut Shape, node: Option<Node<'t>>) {
        let Some(node) = node else { return };
        let Some(obj) = self.object_node(node) else {
            s.payload = Some(self.expr(node));
            return;
        };
        for (key, key_node, value) in self.object_entries(s, obj) {
            match key.as_str() {
                "name" => s.event_name = Some(self.expr(value)),
                "data" => match self.object_node(value) {
                    Some(o) => self.flatten_object(s, o, Section::Data, 0),
                    None => s.payload = Some(self.expr(value)),
                },
                "timestamp" => s.timestamp = Some(self.attr(key, key_node, value, Section::Top, 0)),
                _ => s
                    .attributes
                    .push(self.attr(key, key_node, value, Section::Top, 0)),
            }
        }
    }

    // ------------------------------------------------------------------ raw HTTP

    /// `axios.create({ baseURL: "https://api.customer.io/v1", … })` bound to `name`: calls on
    /// it build on that base.
    fn note_http_instance(&mut self, name: &str, value: Node<'t>) {
        if value.kind_name() != "call_expression"
            || value
                .field("function")
                .is_none_or(|f| self.text(f) != "axios.create")
        {
            return;
        }
        let config = value
            .field("arguments")
            .and_then(|a| a.named_child(0))
            .and_then(|c| self.object_node(c));
        if let Some(base) = config.and_then(|c| self.field_node(c, &["baseURL"])) {
            let base = self.expr(base);
            self.http_instances.insert(name.to_string(), base);
        }
    }

    fn maybe_raw_http(
        &mut self,
        call: Node<'t>,
        lib: HttpLib,
        verb: Option<&str>,
        base: Option<Expr>,
    ) {
        let Some(args) = call.field("arguments") else {
            return;
        };
        let mut c = args.walk();
        let arg_nodes: Vec<Node<'t>> = args.named_children(&mut c).collect();
        let verb_node = |cfg: Option<Node<'t>>| cfg.and_then(|o| self.field_node(o, &["method"]));
        let (url_node, mut http_method, body, config) = match (lib, verb) {
            (HttpLib::Fetch, _) | (HttpLib::Got, None) | (HttpLib::Ky, None) => {
                let init = arg_nodes.get(1).copied().and_then(|n| self.object_node(n));
                let method = init.and_then(|o| self.object_string_field(o, &["method"]));
                let body = init.and_then(|o| self.field_node(o, &["body", "json"]));
                (arg_nodes.first().copied(), method, body, init)
            }
            (HttpLib::Axios, None) => {
                // axios({ method, url, data })
                let cfg = arg_nodes.first().copied().and_then(|n| self.object_node(n));
                let Some(cfg) = cfg else { return };
                (
                    self.field_node(cfg, &["url"]),
                    self.object_string_field(cfg, &["method"]),
                    self.field_node(cfg, &["data"]),
                    Some(cfg),
                )
            }
            (HttpLib::Axios, Some(v)) => {
                let has_body = matches!(v, "post" | "put" | "patch");
                let body = if has_body {
                    arg_nodes.get(1).copied()
                } else {
                    None
                };
                let cfg = arg_nodes
                    .get(if has_body { 2 } else { 1 })
                    .copied()
                    .and_then(|n| self.object_node(n));
                (arg_nodes.first().copied(), Some(v.to_string()), body, cfg)
            }
            (HttpLib::Got | HttpLib::Ky | HttpLib::Superagent, Some(v)) => {
                let init = arg_nodes.get(1).copied().and_then(|n| self.object_node(n));
                let body = init.and_then(|o| self.field_node(o, &["json", "body"]));
                (arg_nodes.first().copied(), Some(v.to_string()), body, init)
            }
            (HttpLib::Superagent, None) => return,
        };
        let Some(url_node) = url_node else { return };
        let mut url = self.expr(url_node);
        if let Some(base) = base
            && classify_url(&url).is_none()
        {
            url.value = concat(base, url.clone());
        }
        let url_as_written = url.clone();
        if classify_url(&url).is_none()
            && let Some(with_host) = super::http::with_file_host(&url, self.src, self.path)
        {
            url = with_host;
        }
        let Some(endpoint) = classify_url(&url) else {
            self.maybe_request_helper(call, url_node, url, verb_node(config), http_method, body);
            return;
        };
        let request = Box::new(RawRequest {
            url: url.clone(),
            verb: if verb.is_none() {
                verb_node(config).map(|n| self.expr(n))
            } else {
                None
            },
            verb_text: http_method.clone().map(|m| m.to_ascii_uppercase()),
        });
        http_method = http_method.map(|m| m.to_ascii_uppercase());
        let info = ClientInfo {
            sdk: Sdk::RawHttp,
            kind: endpoint.kind,
        };
        let mut s = Shape::new(endpoint.method_for(http_method.as_deref()));
        s.customer_id = endpoint.customer_id.clone();
        let body_obj = body.map(|b| self.request_body(b));
        match (endpoint.kind, s.method) {
            (ClientKind::Track, Method::Track | Method::TrackAnonymous) => {
                self.event_payload(&mut s, body_obj)
            }
            (ClientKind::Pipelines, _) => {
                if let Some(obj) = body_obj.and_then(|b| self.object_node(b)) {
                    let mut cursor = obj.walk();
                    for p in obj.named_children(&mut cursor) {
                        let Some((key, key_node, value)) = self.pair_parts(p) else {
                            continue;
                        };
                        match key.as_str() {
                            "userId" => s.customer_id = Some(self.expr(value)),
                            "event" => s.event_name = Some(self.expr(value)),
                            "traits" => self.payload(&mut s, Some(value), Section::Top),
                            "properties" => self.payload(&mut s, Some(value), Section::Data),
                            "timestamp" => {
                                s.timestamp = Some(self.attr(key, key_node, value, Section::Top, 0))
                            }
                            _ => {}
                        }
                    }
                }
            }
            _ => self.payload(&mut s, body_obj, Section::Top),
        }
        let credentials = self.http_credentials(config, endpoint.kind);
        let span = self.span(call);
        let idx = self.push_client(info, credentials, Lifetime::Shared, None, span);
        // The host as written: one taken from the file's host table is not a region choice.
        self.facts.clients[idx].region = RegionSetting::Given(url_as_written);
        let method_name = format!(
            "{} {}",
            http_method.unwrap_or_else(|| "POST".into()),
            endpoint.path
        );
        self.push_request_call(call, info, Some(idx), s, method_name, request);
    }

    /// The object a request sends: through `body ? JSON.stringify(body) : undefined` and
    /// `JSON.stringify(obj)`.
    fn request_body(&self, b: Node<'t>) -> Node<'t> {
        let mut b = unwrap_expr(b);
        // `body ? JSON.stringify(body) : undefined`, `body === undefined ? undefined : …`
        if b.kind_name() == "ternary_expression" {
            let branch = |f: &str| b.child_by_field_name(f).map(unwrap_expr);
            let empty = |n: &Node| {
                matches!(n.kind_name(), "undefined" | "null")
                    || (n.kind_name() == "identifier" && self.text(*n) == "undefined")
            };
            match (branch("consequence"), branch("alternative")) {
                (Some(c), Some(a)) if empty(&c) => b = a,
                (Some(c), _) => b = c,
                _ => {}
            }
        }
        // JSON.stringify(obj)
        if b.kind_name() == "call_expression"
            && b.field("function")
                .is_some_and(|f| self.text(f) == "JSON.stringify")
        {
            b.field("arguments")
                .and_then(|a| a.named_child(0))
                .unwrap_or(b)
        } else {
            b
        }
    }

    /// `request(url, method, data) { return fetch(url, { method, body: … }) }` in a module
    /// that talks to Customer.io: which API and operation it is depends on the URL each
    /// caller passes, so the call is recorded unclassified and the resolver classifies it at
    /// every call site. Unclassified, no rule judges it.
    fn maybe_request_helper(
        &mut self,
        call: Node<'t>,
        url_node: Node<'t>,
        url: Expr,
        verb_node: Option<Node<'t>>,
        http_method: Option<String>,
        body: Option<Node<'t>>,
    ) {
        let url_param = unwrap_expr(url_node);
        if url_param.kind_name() != "identifier"
            || memchr::memmem::find(self.src, b".customer.io").is_none()
        {
            return;
        }
        let name = self.text(url_param);
        let is_param = self
            .facts
            .functions
            .get(self.scope() as usize)
            .is_some_and(|f| f.params.contains(&name));
        if !is_param {
            return;
        }
        let mut s = Shape::new(Method::Other);
        self.payload(&mut s, body.map(|b| self.request_body(b)), Section::Top);
        let info = ClientInfo {
            sdk: Sdk::RawHttp,
            kind: ClientKind::Track,
        };
        let method_name = format!("{} {name}", http_method.as_deref().unwrap_or("POST"));
        let request = Box::new(RawRequest {
            url,
            verb: verb_node.map(|n| self.expr(n)),
            verb_text: http_method.map(|m| m.to_ascii_uppercase()),
        });
        self.push_request_call(call, info, None, s, method_name, request);
    }

    /// Record a hand-written HTTP request as a call of the API it addresses.
    fn push_request_call(
        &mut self,
        call: Node<'t>,
        info: ClientInfo,
        client_index: Option<usize>,
        s: Shape,
        method_name: String,
        request: Box<RawRequest>,
    ) {
        let (outcome, group) = self.outcome(call);
        let order = self.next_order();
        self.facts.calls.push(Call {
            client: info,
            client_index,
            method: s.method,
            method_name,
            customer_id: s.customer_id,
            event_name: s.event_name,
            timestamp: s.timestamp.map(Box::new),
            attributes: s.attributes,
            payload: s.payload.map(Box::new),
            spreads: s.spreads,
            outcome,
            waits: outcome == Outcome::Awaited,
            concurrent_group: group,
            deferred: false,
            scope: self.scope(),
            loop_id: self.current_loop(),
            after_response: self.frame().response_sent,
            order,
            span: self.span(call),
            via_factory: None,
            unresolved: None,
            forwarded: None,
            request: Some(request),
            recipients: None,
            event_args: None,
        });
    }

    fn field_node(&self, obj: Node<'t>, keys: &[&str]) -> Option<Node<'t>> {
        let mut cursor = obj.walk();
        for p in obj.named_children(&mut cursor) {
            if let Some((key, _, value)) = self.pair_parts(p)
                && keys.contains(&key.as_str())
            {
                return Some(value);
            }
        }
        None
    }

    /// Credentials from `headers: { Authorization: … }` or axios `auth: { username, password }`.
    fn http_credentials(&self, config: Option<Node<'t>>, kind: ClientKind) -> Vec<Credential> {
        let mut out = Vec::new();
        let Some(cfg) = config else { return out };
        if let Some(auth) = self
            .field_node(cfg, &["auth"])
            .and_then(|a| self.object_node(a))
        {
            if let Some(u) = self.field_node(auth, &["username"]) {
                let role = if kind == ClientKind::Pipelines {
                    CredentialRole::WriteKey
                } else {
                    CredentialRole::SiteId
                };
                out.push(Credential {
                    role,
                    expr: self.expr(u),
                });
            }
            if let Some(p) = self.field_node(auth, &["password"]) {
                out.push(Credential {
                    role: CredentialRole::TrackApiKey,
                    expr: self.expr(p),
                });
            }
        }
        if let Some(headers) = self
            .field_node(cfg, &["headers"])
            .and_then(|h| self.object_node(h))
            && let Some(auth) = self.field_node(headers, &["Authorization", "authorization"])
        {
            let e = self.expr(auth);
            let bearer = e.text.contains("Bearer");
            let holes: Vec<Expr> = match &e.value {
                Value::Interpolated { holes, .. } => holes.clone(),
                _ => Vec::new(),
            };
            if bearer {
                let cred = holes.into_iter().next().unwrap_or(e);
                out.push(Credential {
                    role: CredentialRole::AppApiKey,
                    expr: cred,
                });
            }
        }
        out
    }

    // ------------------------------------------------------------------ env & credentials

    fn record_env_read(&mut self, node: Node) {
        if let Some(name) = self.env_name(node) {
            // Only the outermost member of `process.env.X`.
            self.facts.env_reads.push(EnvRead {
                name,
                span: self.span(node),
            });
        }
    }

    fn env_name(&self, node: Node) -> Option<String> {
        let obj = node.field("object")?;
        let obj_text = self.text(obj).replace("?.", ".");
        if obj_text != "process.env" && obj_text != "import.meta.env" {
            return None;
        }
        match node.kind_name() {
            "member_expression" => node.field("property").map(|p| self.text(p)),
            "subscript_expression" => node.field("index").and_then(|i| self.string_value(i)),
            _ => None,
        }
    }

    fn record_credential_pair(&mut self, node: Node<'t>) {
        let Some((key, _, value)) = self.pair_parts(node) else {
            return;
        };
        let inner = unwrap_expr(value);
        if !matches!(
            inner.kind_name(),
            "string"
                | "template_string"
                | "binary_expression"
                | "identifier"
                | "member_expression"
                | "subscript_expression"
                | "non_null_expression"
                | "as_expression"
        ) {
            return;
        }
        let (v, via) = self.eval(inner, 0);
        // An env read: where the config key really comes from (`apiKey: env.CIO_SITE_ID`).
        let value = match v {
            Value::Env(name) => Value::Env(name),
            v => {
                let literal = v
                    .alternatives()
                    .into_iter()
                    .find_map(|a| a.as_str().map(str::to_string));
                let Some(lit) = literal else { return };
                Value::Str(lit)
            }
        };
        // Enclosing object keys / variable names, outermost first.
        let mut context = Vec::new();
        let mut cur = node.parent();
        while let Some(n) = cur {
            match n.kind_name() {
                "pair" => {
                    if let Some(k) = n.field("key") {
                        context.push(self.text(k).trim_matches(['"', '\'']).to_string());
                    }
                }
                "variable_declarator" => {
                    if let Some(k) = n.field("name") {
                        context.push(self.text(k));
                    }
                    break;
                }
                "assignment_expression" => {
                    if let Some(k) = n.field("left") {
                        context.push(self.text(k));
                    }
                    break;
                }
                "arguments" | "statement_block" | "program" => break,
                _ => {}
            }
            cur = n.parent();
        }
        context.reverse();
        self.record_credential(&key, &context, inner, value, via);
    }

    fn record_credential(
        &mut self,
        name: &str,
        context: &[String],
        node: Node,
        value: Value,
        via: Option<String>,
    ) {
        let lower = name.to_ascii_lowercase();
        if !(lower.contains("key")
            || lower.contains("secret")
            || lower.contains("site")
            || lower.contains("token"))
        {
            return;
        }
        self.facts
            .credential_assignments
            .push(CredentialAssignment {
                name: name.to_string(),
                context: context.to_vec(),
                holder_type: None,
                value: Expr {
                    value,
                    span: self.span(node),
                    text: short_text(node, self.src),
                    via,
                },
            });
    }

    // ------------------------------------------------------------------ values

    fn eval_identifier(&self, name: &str, depth: usize) -> (Value, Option<String>) {
        let _ = depth;
        match self.lookup(name) {
            Some(Binding::Value(v, via)) => (v.clone(), via.clone()),
            _ => (Value::Path(vec![name.to_string()]), None),
        }
    }

    /// Evaluate an expression with local knowledge: literals, constants, env lookups and
    /// time expressions. Returns the value and the name it was resolved through.
    fn eval(&self, node: Node<'t>, depth: usize) -> (Value, Option<String>) {
        if depth > 64 {
            return (Value::Unknown, None);
        }
        let v = match node.kind_name() {
            "string" => Value::Str(self.string_value(node).unwrap_or_default()),
            "template_string" => return (self.eval_template(node, depth), None),
            "number" => number(&self.text(node)),
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "null" | "undefined" => Value::Null,
            "identifier" | "shorthand_property_identifier" => {
                return self.eval_identifier(&self.text(node), depth);
            }
            "parenthesized_expression"
            | "as_expression"
            | "non_null_expression"
            | "satisfies_expression"
            | "type_assertion"
            | "await_expression" => match node.named_child(0) {
                Some(c) => return self.eval(c, depth + 1),
                None => Value::Unknown,
            },
            "member_expression" | "subscript_expression" => {
                if let Some(env) = self.env_name(node) {
                    Value::Env(env)
                } else {
                    let text = self.text(node).replace("?.", ".");
                    if let Some(Binding::Value(v, via)) = self.lookup(&text) {
                        return (v.clone(), via.clone());
                    }
                    if let Some(v) = self.const_member(node) {
                        return v;
                    }
                    if node.kind_name() == "member_expression"
                        && text
                            .chars()
                            .all(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == '$')
                    {
                        Value::Path(text.split('.').map(str::to_string).collect())
                    } else {
                        Value::Unknown
                    }
                }
            }
            "new_expression" => {
                let ctor = node
                    .field("constructor")
                    .map(|c| self.text(c))
                    .unwrap_or_default();
                if ctor == "Date" {
                    Value::Timestamp(TimeUnit::DateObject)
                } else {
                    Value::Object
                }
            }
            "call_expression" => return (self.eval_call(node, depth), None),
            "binary_expression" => return (self.eval_binary(node, depth), None),
            "unary_expression" => {
                let op = node
                    .field("operator")
                    .map(|o| self.text(o))
                    .unwrap_or_default();
                let arg = node.field("argument");
                match (op.as_str(), arg) {
                    ("+", Some(a)) => match self.eval(a, depth + 1).0 {
                        Value::Timestamp(TimeUnit::DateObject) => {
                            Value::Timestamp(TimeUnit::Millis)
                        }
                        v @ (Value::Timestamp(_) | Value::Num(_)) => v,
                        _ => Value::Unknown,
                    },
                    ("-", Some(a)) => match self.eval(a, depth + 1).0 {
                        Value::Num(n) => Value::Num(-n),
                        _ => Value::Unknown,
                    },
                    ("!", _) => Value::Bool(false),
                    _ => Value::Unknown,
                }
            }
            "ternary_expression" => {
                let c = node
                    .field("consequence")
                    .map(|c| self.eval(c, depth + 1).0)
                    .unwrap_or(Value::Unknown);
                let a = node
                    .field("alternative")
                    .map(|c| self.eval(c, depth + 1).0)
                    .unwrap_or(Value::Unknown);
                Value::OneOf(vec![c, a])
            }
            "object" => Value::Object,
            "array" => Value::Array(super::list_len(node)),
            _ => Value::Unknown,
        };
        (v, None)
    }

    /// `EVENTS.SIGNUP` where `const EVENTS = { SIGNUP: "user_signed_up" }` in this file.
    fn const_member(&self, node: Node<'t>) -> Option<(Value, Option<String>)> {
        if node.kind_name() != "member_expression" {
            return None;
        }
        let obj = node.field("object")?;
        let prop = self.text(node.field("property")?);
        let obj_node = self.lookup_object(&self.text(obj))?;
        let field = self.field_node(obj_node, &[prop.as_str()])?;
        let (v, _) = self.eval(field, 1);
        matches!(v, Value::Str(_) | Value::Num(_)).then(|| (v, Some(self.text(node))))
    }

    fn eval_template(&self, node: Node<'t>, depth: usize) -> Value {
        let mut string = Interpolation::default();
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            match child.kind_name() {
                "string_fragment" | "escape_sequence" => string.text(&self.text(child)),
                "template_substitution" => {
                    let Some(e) = child.named_child(0) else {
                        continue;
                    };
                    let (v, via) = self.eval(e, depth + 1);
                    string.value(v, |value| Expr {
                        value,
                        span: self.span(e),
                        text: short_text(e, self.src),
                        via,
                    });
                }
                _ => {}
            }
        }
        string.finish()
    }

    fn eval_call(&self, node: Node<'t>, depth: usize) -> Value {
        let Some(func) = node.field("function") else {
            return Value::Unknown;
        };
        let callee = self.text(func).replace("?.", ".");
        let args = node.field("arguments");
        let first = args.and_then(|a| a.named_child(0));
        let first_val = || {
            first
                .map(|f| self.eval(f, depth + 1).0)
                .unwrap_or(Value::Unknown)
        };
        match callee.as_str() {
            "Date.now" | "Date.UTC" | "Date.parse" => return Value::Timestamp(TimeUnit::Millis),
            "Math.floor" | "Math.round" | "Math.trunc" | "Math.ceil" | "parseInt"
            | "Number.parseInt" => {
                return match first_val() {
                    v @ (Value::Timestamp(_) | Value::Num(_)) => v,
                    _ => Value::Unknown,
                };
            }
            "Number" => {
                return match first_val() {
                    Value::Timestamp(TimeUnit::DateObject) => Value::Timestamp(TimeUnit::Millis),
                    v @ (Value::Timestamp(_) | Value::Num(_)) => v,
                    _ => Value::Unknown,
                };
            }
            "String" => {
                return match first_val() {
                    Value::Str(s) => Value::Str(s),
                    Value::Timestamp(TimeUnit::DateObject) => Value::Str(String::new()),
                    _ => Value::Call(callee),
                };
            }
            "getUnixTime" => return Value::Timestamp(TimeUnit::Seconds),
            "dayjs" | "moment" | "moment.utc" | "DateTime.now" | "DateTime.utc" | "dayjs.utc" => {
                return Value::Timestamp(TimeUnit::DateObject);
            }
            "JSON.stringify" => return first_val(),
            // An encoded id is still the same id (`/customers/${encodeURIComponent(id)}`).
            "encodeURIComponent" | "encodeURI" => {
                return match first_val() {
                    v @ (Value::Path(_) | Value::Str(_)) => v,
                    _ => Value::Call(callee),
                };
            }
            _ => {}
        }
        if func.kind_name() == "member_expression"
            && let (Some(obj), Some(prop)) = (func.field("object"), func.field("property"))
        {
            let method = self.text(prop);
            let recv = || self.eval(obj, depth + 1).0;
            match method.as_str() {
                "getTime" | "toMillis" => return Value::Timestamp(TimeUnit::Millis),
                "valueOf" => {
                    return match recv() {
                        v @ (Value::Num(_)
                        | Value::Str(_)
                        | Value::Timestamp(TimeUnit::Seconds)) => v,
                        _ => Value::Timestamp(TimeUnit::Millis),
                    };
                }
                "toISOString" | "toISO" | "toJSON" | "toUTCString" | "format" => {
                    if method == "format"
                        && !matches!(recv(), Value::Timestamp(TimeUnit::DateObject))
                    {
                        return Value::Call(callee);
                    }
                    return Value::Timestamp(TimeUnit::IsoString);
                }
                "unix" | "toSeconds" | "toUnixInteger" => {
                    return Value::Timestamp(TimeUnit::Seconds);
                }
                "toFixed" | "toString" => {
                    return match recv() {
                        v @ Value::Timestamp(TimeUnit::Seconds | TimeUnit::Millis) => v,
                        Value::Str(s) => Value::Str(s),
                        _ => Value::Call(callee),
                    };
                }
                "toLowerCase" | "toUpperCase" | "trim" => {
                    return match recv() {
                        Value::Str(s) => Value::Str(match method.as_str() {
                            "toLowerCase" => s.to_lowercase(),
                            "toUpperCase" => s.to_uppercase(),
                            _ => s.trim().to_string(),
                        }),
                        other @ (Value::Path(_) | Value::Interpolated { .. }) => as_text(Expr {
                            value: other,
                            span: self.span(obj),
                            text: short_text(obj, self.src),
                            via: None,
                        }),
                        _ => Value::Call(callee),
                    };
                }
                _ => {}
            }
        }
        Value::Call(callee)
    }

    fn eval_binary(&self, node: Node<'t>, depth: usize) -> Value {
        let op = node
            .field("operator")
            .map(|o| self.text(o))
            .unwrap_or_default();
        let (Some(l), Some(r)) = (node.field("left"), node.field("right")) else {
            return Value::Unknown;
        };
        let lv = self.eval(l, depth + 1).0;
        match op.as_str() {
            "||" | "??" => {
                let rv = self.eval(r, depth + 1).0;
                return Value::OneOf(vec![lv, rv]);
            }
            "&&" => return self.eval(r, depth + 1).0,
            _ => {}
        }
        let rv = self.eval(r, depth + 1).0;
        match op.as_str() {
            "|" | ">>" | ">>>" | "<<" => match (&lv, &rv) {
                (Value::Timestamp(_), Value::Num(n)) if *n == 0.0 => lv,
                _ => Value::Unknown,
            },
            _ => {
                let parts = |lv, rv| (self.part(l, lv, depth), self.part(r, rv, depth));
                arithmetic(&op, lv, rv, parts, true)
            }
        }
    }

    fn part(&self, node: Node, value: Value, _depth: usize) -> Expr {
        Expr {
            value,
            span: self.span(node),
            text: short_text(node, self.src),
            via: None,
        }
    }

    fn finish(&mut self) {
        // Calls through factories defined in this file.
        let factories = self.facts.factories.clone();
        let mut keep = Vec::with_capacity(self.facts.calls.len());
        for mut call in std::mem::take(&mut self.facts.calls) {
            if let Some(export) = local_factory(&call).map(str::to_string) {
                if let Some(&idx) = self.getters.get(export.as_str()) {
                    bind_to_client(&mut call, &self.facts.clients, idx);
                    keep.push(call);
                    continue;
                }
                if !factories.contains(&export) {
                    continue;
                }
                let client = self.facts.clients.iter().find(|c| {
                    c.lifetime == Lifetime::Returned
                        && self
                            .facts
                            .functions
                            .get(c.scope as usize)
                            .and_then(|f| f.name.as_deref())
                            == Some(export.as_str())
                });
                match client {
                    Some(c) => {
                        call.client = c.info;
                        if let Some(f) = call.via_factory.as_mut() {
                            f.client_span = c.span;
                        }
                    }
                    None => continue,
                }
                call.unresolved = None;
            }
            keep.push(call);
        }
        self.facts.calls = keep;
        for (export, local) in std::mem::take(&mut self.pending_factory_exports) {
            if let Some(&idx) = self.getters.get(local.as_str()) {
                let c = &self.facts.clients[idx];
                self.facts.exports.push(Export {
                    name: export,
                    client: c.info,
                    factory: true,
                    shared: true,
                    client_span: c.span,
                });
                continue;
            }
            if let Some(c) = self.facts.clients.iter().find(|c| {
                c.lifetime == Lifetime::Returned
                    && self
                        .facts
                        .functions
                        .get(c.scope as usize)
                        .and_then(|f| f.name.as_deref())
                        == Some(local.as_str())
            }) {
                self.facts.exports.push(Export {
                    name: export,
                    client: c.info,
                    factory: true,
                    shared: false,
                    client_span: c.span,
                });
            }
        }
        // A module-level client exported by `export const cio = new TrackClient()`.
        let _ = &self.uses_legacy_snippet;
        if let Some(label) = self.script_label() {
            self.facts.short_lived.push(ShortLived {
                kind: ShortLivedKind::Script,
                scope: MODULE_SCOPE,
                span: Span {
                    start: 0,
                    end: self.src.len(),
                    line: 1,
                    column: 1,
                    end_line: u32::MAX,
                    end_column: u32::MAX,
                },
                label,
            });
        }
    }

    fn note_process_lifetime(&mut self, callee: &str) {
        if callee == "process.exit" {
            self.exits_process = true;
        }
        let leaf = callee.rsplit('.').next().unwrap_or(callee);
        if matches!(
            leaf,
            "listen" | "serve" | "createServer" | "startStandaloneServer"
        ) {
            self.starts_server = true;
        }
    }

    /// A Node script: a file under `scripts/` or `bin/`, or one that ends its process with
    /// `process.exit` without ever starting a server.
    fn script_label(&self) -> Option<String> {
        let p = self.path.replace('\\', "/");
        let in_script_dir = ["scripts/", "bin/"]
            .iter()
            .any(|d| p.starts_with(d) || p.contains(&format!("/{d}")));
        let serves =
            self.starts_server || self.facts.functions.iter().any(|f| f.is_request_handler);
        if in_script_dir && !serves {
            return Some("this script".to_string());
        }
        (self.exits_process && !serves)
            .then(|| "this script (it ends with `process.exit`)".to_string())
    }

    /// Serverless and edge entry points: Next.js API routes and route handlers, Vercel and
    /// Netlify functions, an exported Lambda `handler`, a Worker's `fetch`, server actions.
    fn short_lived(
        &self,
        node: Node,
        name: Option<&str>,
        is_handler: bool,
    ) -> Option<(ShortLivedKind, String)> {
        let p = self.path.replace('\\', "/");
        let file = p.rsplit('/').next().unwrap_or(&p);
        let top_level = self.scope() == MODULE_SCOPE;
        let exported = self.is_exported(node) || self.assigned_to_exports(node);
        let serverless = |label: String| Some((ShortLivedKind::Serverless, label));
        let named = |what: &str| match name {
            Some(n) => format!("{what} `{n}`"),
            None => what.to_string(),
        };
        if top_level && (is_handler || exported) {
            if p.contains("pages/api/") {
                return serverless(named("the Next.js API route"));
            }
            if strip_js_extension(file) == "route" && (p.starts_with("app/") || p.contains("/app/"))
            {
                return serverless(named("the Next.js route handler"));
            }
            if p.starts_with("api/") {
                return serverless(named("the Vercel function"));
            }
            if p.contains("netlify/functions/") || p.contains("netlify/edge-functions/") {
                return serverless(named("the Netlify function"));
            }
        }
        if exported && name.is_some_and(is_pages_function) {
            return serverless(named("the Cloudflare Pages function"));
        }
        if name == Some("handler") && exported {
            return serverless("the Lambda handler `handler`".to_string());
        }
        if name == Some("fetch") && self.in_default_export_object(node) {
            return serverless("the Worker's `fetch` handler".to_string());
        }
        if self.body_directive(node).as_deref() == Some("use server")
            || (top_level && exported && self.facts.directives.iter().any(|d| d == "use server"))
        {
            return serverless(named("the server action"));
        }
        None
    }

    /// `exports.handler = …`, `module.exports.handler = …`.
    fn assigned_to_exports(&self, node: Node) -> bool {
        node.parent()
            .filter(|p| p.kind_name() == "assignment_expression")
            .and_then(|p| p.field("left"))
            .is_some_and(|l| {
                let t = self.text(l);
                t.starts_with("exports.") || t.starts_with("module.exports")
            })
    }

    /// A method or property of the object a module exports by default (`export default {
    /// async fetch(request, env, ctx) { … } }`).
    fn in_default_export_object(&self, node: Node) -> bool {
        let mut cur = node.parent();
        for _ in 0..3 {
            match cur {
                Some(n) if n.kind_name() == "object" => {
                    return n.parent().is_some_and(|e| {
                        e.kind_name() == "export_statement" && {
                            let mut c = e.walk();
                            e.children(&mut c).any(|ch| ch.kind_name() == "default")
                        }
                    });
                }
                Some(n) if n.kind_name() == "pair" => cur = n.parent(),
                _ => return false,
            }
        }
        false
    }

    /// The first statement of a function body when it is a string directive (`"use server"`).
    fn body_directive(&self, node: Node) -> Option<String> {
        let body = node.field("body")?;
        if body.kind_name() != "statement_block" {
            return None;
        }
        let first = body.named_child(0)?;
        if first.kind_name() != "expression_statement" {
            return None;
        }
        first
            .named_child(0)
            .filter(|v| v.kind_name() == "string")
            .and_then(|v| self.string_value(v))
    }
}

/// Where the pieces of a call's payload landed.
struct Shape {
    method: Method,
    customer_id: Option<Expr>,
    event_name: Option<Expr>,
    timestamp: Option<Attr>,
    attributes: Vec<Attr>,
    payload: Option<Expr>,
    spreads: Vec<Expr>,
    outcome: Outcome,
}

impl Shape {
    fn new(method: Method) -> Self {
        Shape {
            method,
            customer_id: None,
            event_name: None,
            timestamp: None,
            attributes: Vec::new(),
            payload: None,
            spreads: Vec::new(),
            outcome: Outcome::Discarded,
        }
    }
}

const TRACK: ClientInfo = ClientInfo::track(Sdk::CustomerioNode);

fn app_info() -> ClientInfo {
    ClientInfo {
        sdk: Sdk::CustomerioNode,
        kind: ClientKind::App,
    }
}

fn method_kind(info: ClientInfo, method: &str) -> Method {
    match method {
        "identify" => Method::Identify,
        "track" => Method::Track,
        "trackAnonymous" => Method::TrackAnonymous,
        "trackPageView" | "page" | "screen" => Method::Page,
        "destroy" => Method::Delete,
        "suppress" => Method::Suppress,
        "unsuppress" => Method::Unsuppress,
        "mergeCustomers" | "alias" => Method::Merge,
        "addDevice" | "registerDeviceToken" => Method::AddDevice,
        "deleteDevice" | "deleteDeviceToken" => Method::DeleteDevice,
        "batch" => Method::Batch,
        "sendEmail" => Method::SendEmail,
        "sendPush" | "sendSMS" | "sendInboxMessage" | "sendInApp" => Method::SendMessage,
        "triggerBroadcast" => Method::TriggerBroadcast,
        "getCustomersByEmail"
        | "getAttributes"
        | "listExports"
        | "getExport"
        | "downloadExport" => Method::Read,
        "setProfileAttributes" if info.sdk == Sdk::ReactNative => Method::Identify,
        "reset" | "clearIdentify" => Method::Reset,
        "closeAndFlush" | "flush" if info.kind == ClientKind::Pipelines => Method::Flush,
        _ => Method::Other,
    }
}

fn is_cio_method_name(name: &str) -> bool {
    matches!(
        name,
        "identify"
            | "track"
            | "trackAnonymous"
            | "trackPageView"
            | "page"
            | "screen"
            | "group"
            | "alias"
            | "destroy"
            | "suppress"
            | "unsuppress"
            | "mergeCustomers"
            | "addDevice"
            | "deleteDevice"
            | "batch"
            | "trackPush"
            | "sendEmail"
            | "sendPush"
            | "sendSMS"
            | "sendInboxMessage"
            | "sendInApp"
            | "triggerBroadcast"
            | "getCustomersByEmail"
            | "getAttributes"
            | "setProfileAttributes"
            | "registerDeviceToken"
            | "deleteDeviceToken"
            | "reset"
            | "clearIdentify"
            | "closeAndFlush"
            | "flush"
    )
}

/// Strip `.js`/`.ts`/… (and a trailing `/index`) so imports and files meet on one key.
pub(crate) fn strip_js_extension(path: &str) -> &str {
    let path = [
        ".d.ts", ".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts",
    ]
    .iter()
    .find_map(|e| path.strip_suffix(e))
    .unwrap_or(path);
    path.strip_suffix("/index").unwrap_or(path)
}

/// `functions/api/signup.ts` serves `/api/signup` (Cloudflare Pages' file routing).
fn pages_route(path: &str) -> String {
    let start = path
        .rfind("functions/")
        .map_or(0, |i| i + "functions".len());
    let route = strip_js_extension(&path[start..]);
    let route = route.strip_suffix("/index").unwrap_or(route);
    if route.starts_with('/') {
        route.to_string()
    } else {
        format!("/{route}")
    }
}

fn next_route(path: &str) -> String {
    let idx = path
        .find("pages/api/")
        .map(|i| i + "pages".len())
        .or_else(|| path.find("app/").map(|i| i + 3))
        .unwrap_or(0);
    let route = strip_js_extension(&path[idx..]);
    let route = route.strip_suffix("/route").unwrap_or(route);
    if route.starts_with('/') {
        route.to_string()
    } else {
        format!("/{route}")
    }
}

fn is_server_object_name(name: &str) -> bool {
    matches!(
        name,
        "app"
            | "router"
            | "server"
            | "fastify"
            | "api"
            | "routes"
            | "instance"
            | "apiRouter"
            | "webhooks"
    ) || name.ends_with("Router")
        || name.ends_with("router")
}

/// Callees that wait between iterations or meter work: `await sleep(…)`, `limiter.schedule`.
fn is_throttle_callee(callee: &str) -> bool {
    let leaf = callee.rsplit('.').next().unwrap_or(callee);
    matches!(
        leaf,
        "sleep"
            | "delay"
            | "wait"
            | "setTimeout"
            | "schedule"
            | "removeTokens"
            | "acquire"
            | "throttle"
            | "consume"
            | "waitForToken"
    ) || is_limiter_callee(callee)
}

/// Calls that run a callback under a concurrency or rate limit.
fn is_limiter_callee(callee: &str) -> bool {
    let leaf = callee.rsplit('.').next().unwrap_or(callee);
    let lower = callee.to_ascii_lowercase();
    matches!(
        leaf,
        "schedule"
            | "limit"
            | "pLimit"
            | "wrap"
            | "pMap"
            | "mapLimit"
            | "eachLimit"
            | "mapSeries"
            | "eachSeries"
            | "throttle"
            | "pThrottle"
    ) || (leaf == "add" && (lower.contains("queue") || lower.contains("limiter")))
        || (lower.contains("limiter") && leaf != "on")
        || lower.contains("bottleneck")
}

fn is_promise_combinator(callee: &str) -> bool {
    matches!(
        callee,
        "Promise.all" | "Promise.allSettled" | "Promise.race" | "Promise.any" | "Bluebird.all"
    )
}

/// Strip wrappers that do not change a value: parentheses, TS casts, `await`.
fn unwrap_expr(node: Node) -> Node {
    let mut n = node;
    while matches!(
        n.kind_name(),
        "parenthesized_expression"
            | "as_expression"
            | "non_null_expression"
            | "satisfies_expression"
            | "type_assertion"
            | "await_expression"
    ) {
        match n.named_child(0) {
            Some(c) => n = c,
            None => break,
        }
    }
    n
}

fn root_identifier(node: Node, src: &[u8]) -> Option<String> {
    let mut cur = node;
    loop {
        match cur.kind_name() {
            "identifier" => return Some(node_text(cur, src).into_owned()),
            "member_expression" => cur = cur.field("object")?,
            "call_expression" => cur = cur.field("function")?,
            _ => return None,
        }
    }
}

#[derive(Clone, Copy)]
enum HttpLib {
    Fetch,
    Axios,
    Got,
    Ky,
    Superagent,
}

/// The npm packages whose default or named export is the HTTP call itself.
fn is_http_library_module(module: &str) -> bool {
    matches!(
        module,
        "axios"
            | "node-fetch"
            | "cross-fetch"
            | "isomorphic-fetch"
            | "isomorphic-unfetch"
            | "undici"
            | "ofetch"
            | "got"
            | "ky"
            | "superagent"
            | "request"
    )
}

fn http_library_call(callee: &str) -> Option<HttpLib> {
    Some(match callee {
        "fetch" | "nodeFetch" | "$fetch" | "ofetch" | "undiciFetch" | "globalThis.fetch"
        | "window.fetch" => HttpLib::Fetch,
        "axios" | "axios.request" => HttpLib::Axios,
        "got" => HttpLib::Got,
        "ky" => HttpLib::Ky,
        "superagent" | "request" => HttpLib::Superagent,
        _ => return None,
    })
}

/// The class name a type annotation or constructor expression names: `AnalyticsService`,
/// `services.AnalyticsService` → `AnalyticsService`; generics and `| null` dropped.
/// Cloudflare Pages Functions' handler exports: `onRequest`, `onRequestPost`, ….
fn is_pages_function(name: &str) -> bool {
    name.strip_prefix("onRequest").is_some_and(|verb| {
        matches!(
            verb,
            "" | "Get" | "Post" | "Put" | "Patch" | "Delete" | "Head" | "Options"
        )
    })
}

fn class_of_type(ty: &str) -> Option<String> {
    let ty = ty.split(['<', '|', '[', '(']).next()?.trim();
    let leaf = ty.rsplit('.').next()?.trim();
    (leaf.chars().next()?.is_ascii_uppercase()
        && leaf.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
    .then(|| leaf.to_string())
}

/// Receivers that are never a project object: the runtime, the request and response.
fn is_builtin_receiver(receiver: &str) -> bool {
    let root = receiver.split('.').next().unwrap_or(receiver);
    matches!(
        root,
        "console"
            | "Math"
            | "JSON"
            | "Object"
            | "Array"
            | "Promise"
            | "Number"
            | "String"
            | "Date"
            | "process"
            | "res"
            | "reply"
            | "window"
            | "document"
            | "crypto"
            | "Buffer"
            | "Reflect"
            | "localStorage"
            | "sessionStorage"
    ) || receiver.ends_with(".prototype")
}

fn is_builtin_method(name: &str) -> bool {
    matches!(
        name,
        "push"
            | "pop"
            | "shift"
            | "unshift"
            | "map"
            | "filter"
            | "forEach"
            | "reduce"
            | "find"
            | "findIndex"
            | "some"
            | "every"
            | "includes"
            | "indexOf"
            | "join"
            | "split"
            | "slice"
            | "splice"
            | "concat"
            | "sort"
            | "flat"
            | "flatMap"
            | "trim"
            | "toLowerCase"
            | "toUpperCase"
            | "toString"
            | "toFixed"
            | "toISOString"
            | "getTime"
            | "startsWith"
            | "endsWith"
            | "replace"
            | "replaceAll"
            | "match"
            | "padStart"
            | "padEnd"
            | "substring"
            | "then"
            | "catch"
            | "finally"
            | "get"
            | "set"
            | "has"
            | "delete"
            | "keys"
            | "values"
            | "entries"
            | "json"
            | "text"
            | "log"
            | "warn"
            | "error"
            | "info"
            | "debug"
            | "status"
            | "header"
            | "on"
            | "once"
            | "emit"
            | "bind"
            | "call"
            | "apply"
    )
}

fn is_builtin_class(class: &str) -> bool {
    matches!(
        class,
        "Date"
            | "Error"
            | "TypeError"
            | "Map"
            | "Set"
            | "WeakMap"
            | "Promise"
            | "URL"
            | "URLSearchParams"
            | "Headers"
            | "Request"
            | "Response"
            | "RegExp"
            | "Array"
            | "Object"
            | "Buffer"
            | "AbortController"
            | "FormData"
            | "TextEncoder"
            | "TextDecoder"
    )
}
