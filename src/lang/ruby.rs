//! Ruby extractor: `Customerio::Client` / `Customerio::APIClient` bound to globals
//! (`$customerio`), constants, instance variables (`@cio ||= …`), memoised getter methods and
//! locals; hash-style `identify(id:, email:)`, `track(id, name, attrs, timestamp:)`; Sidekiq
//! `.delay` proxies; raw `Net::HTTP`, `Faraday`, `HTTParty`, `RestClient` calls. Request
//! handlers: Rails controller actions, Sinatra/Grape routes, Hanami actions.

use super::builder::{
    Bind, Builder, CallDraft, Receiver, bind_to_client, factory_receiver, imported_receiver,
    local_factory, named_receiver, receiver_call,
};
use super::http::{may_be_url, request_draft};
use super::values::{arithmetic, as_text, number};
use crate::facts::*;
use crate::lang::fields::FieldByName;
use crate::lang::kinds::KindName;
use crate::lang::lowering::{Args, ArgumentSyntax, Lowering};
use crate::lang::maps::{MapLiterals, MapSyntax};
use crate::model::{Arg, Callee, ClassDef};
use std::collections::{HashMap, HashSet};
use tree_sitter::{Node, Tree};

const ITERATORS: &[&str] = &[
    "each",
    "each_with_index",
    "each_with_object",
    "map",
    "flat_map",
    "collect",
    "select",
    "reject",
    "times",
    "upto",
    "downto",
    "step",
    "find_each",
    "find_in_batches",
    "in_batches",
    "each_slice",
    "each_cons",
    "loop",
    "each_key",
    "each_value",
    "each_pair",
    "filter_map",
    "sum",
    "each_entry",
];
const ROUTE_VERBS: &[&str] = &["get", "post", "put", "patch", "delete"];
/// Active Record query methods: a relation in, a relation of the same model out.
const RELATION_METHODS: &[&str] = &[
    "where",
    "not",
    "or",
    "and",
    "all",
    "order",
    "reorder",
    "includes",
    "preload",
    "eager_load",
    "joins",
    "left_joins",
    "left_outer_joins",
    "limit",
    "offset",
    "distinct",
    "select",
    "group",
    "having",
    "references",
    "readonly",
    "lock",
    "unscope",
    "rewhere",
];

pub(crate) fn extract(
    tree: &Tree,
    src: &[u8],
    path: &str,
    opts: &super::ExtractOptions,
) -> FileFacts {
    let mut ex = Rb {
        opts,
        b: Builder::new(src, path, Language::Ruby),
        literals: MapLiterals::default(),
        method_names: HashSet::new(),
        getters: HashMap::new(),
        uses_sdk: false,
        class_stack: Vec::new(),
        types: HashMap::new(),
        class_getters: Vec::new(),
    };
    let root = tree.root_node();
    ex.prepass(root);
    if ex.uses_sdk {
        ex.b.note_sdk(Sdk::CustomerioRuby);
    }
    ex.visit(root, 0);
    // Globals and constants are visible to every file of the project.
    let exported: Vec<(String, usize)> =
        ex.b.module_clients()
            .into_iter()
            .filter(|(b, _)| {
                b.starts_with('$') || b.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            })
            .collect();
    for (name, idx) in exported {
        ex.b.export(name, idx, false);
    }
    // A memoised getter defined below its first use (`def cio; @cio ||= …; end` at the end
    // of the file) is known only now.
    for call in &mut ex.b.facts.calls {
        if let Some(&Bind::Client(i)) = local_factory(call).and_then(|f| ex.getters.get(f)) {
            bind_to_client(call, &ex.b.facts.clients, i);
        }
    }
    // Module methods that hand out a client (`def self.client; Customerio::Client.new(…)`,
    // `def self.instance; @instance ||= …`) are called as `Customerio.client` elsewhere.
    for (qualified, idx, shared) in std::mem::take(&mut ex.class_getters) {
        ex.b.export(qualified, idx, true);
        if let Some(e) = ex.b.facts.exports.last_mut() {
            e.shared = shared;
        }
    }
    let factories: Vec<String> = ex.b.facts.factories.to_vec();
    ex.b.finish(&factories)
}

struct Rb<'a, 't> {
    opts: &'a super::ExtractOptions,
    b: Builder<'a>,
    literals: MapLiterals<'t>,
    method_names: HashSet<String>,
    /// Methods that return a shared client (`def cio; @cio ||= …; end`).
    getters: HashMap<String, Bind>,
    uses_sdk: bool,
    /// Enclosing classes and modules: (name, superclass text).
    class_stack: Vec<(String, String)>,
    /// The project class a receiver holds, when the syntax says it: `@service =
    /// Service.new`, `service = Service.new`, a method returning `Service.new`.
    types: HashMap<String, String>,
    /// `Class.method` names of module methods returning a client: (name, client, shared).
    class_getters: Vec<(String, usize, bool)>,
}

const TRACK: ClientInfo = ClientInfo::track(Sdk::CustomerioRuby);

impl<'a, 't> Rb<'a, 't> {
    fn prepass(&mut self, root: Node<'t>) {
        super::for_each_descendant(root, |node| match node.kind_name() {
            "method" | "singleton_method" => {
                if let Some(n) = node.field("name") {
                    self.method_names.insert(self.text(n));
                }
            }
            "scope_resolution"
                if node
                    .field("scope")
                    .is_some_and(|s| self.text(s) == "Customerio") =>
            {
                self.uses_sdk = true;
            }
            _ => {}
        });
    }

    fn visit(&mut self, node: Node<'t>, depth: usize) {
        if self.b.too_deep(node, depth) {
            return;
        }
        match node.kind_name() {
            "class" | "module" => {
                let name = node.field("name").map(|n| self.text(n)).unwrap_or_default();
                let sup = node
                    .field("superclass")
                    .map(|n| self.text(n))
                    .unwrap_or_default();
                let base = node
                    .field("superclass")
                    .and_then(|s| s.named_child(0))
                    .map(|n| last_segment(&self.text(n)).to_string())
                    .filter(|b| !b.is_empty());
                let span = self.b.span(node);
                self.b.facts.classes.push(ClassDef {
                    name: last_segment(&name).to_string(),
                    base,
                    span,
                });
                self.b.forget_member_values("@");
                self.class_stack.push((name, sup));
                self.visit_class_body(node, depth);
                self.class_stack.pop();
                return;
            }
            "identifier" => {
                if let Some(parent) = node.parent() {
                    self.visit_identifier(node, parent);
                }
            }
            "method" | "singleton_method" => return self.visit_method(node, depth, false),
            "for" | "while" | "until" => {
                let throttled = self.body_is_throttled(node);
                let id = self
                    .b
                    .push_loop(node, &format!("{} loop", node.kind_name()), throttled);
                self.visit_children(node, depth);
                self.b.pop_loop(id);
                return;
            }
            "assignment" | "operator_assignment" => self.visit_assignment(node),
            "call" if self.visit_call(node, depth) => return,
            "element_reference" => self.record_env_read(node),
            "pair" => self.record_credential_pair(node),
            _ => {}
        }
        self.visit_children(node, depth);
    }

    fn visit_children(&mut self, node: Node<'t>, depth: usize) {
        // Identifiers are the most common children: handing them their parent saves
        // tree-sitter's search for it from the root.
        super::for_each_child(node, |c| {
            if c.kind_name() == "identifier" {
                self.visit_identifier(c, node);
            } else {
                self.visit(c, depth + 1);
            }
        });
    }

    /// Visit a class body, treating methods after a bare `private` as non-actions.
    fn visit_class_body(&mut self, class: Node<'t>, depth: usize) {
        let Some(body) = class.field("body") else {
            return;
        };
        let mut private = false;
        let mut cursor = body.walk();
        let children: Vec<Node<'t>> = body.children(&mut cursor).collect();
        for c in children {
            if c.kind_name() == "identifier"
                && matches!(self.text(c).as_str(), "private" | "protected")
            {
                private = true;
                continue;
            }
            if c.kind_name() == "method" {
                self.visit_method(c, depth + 1, private);
            } else {
                self.visit(c, depth + 1);
            }
        }
    }

    fn controller_route(&self, action: &str, private: bool) -> Option<Option<String>> {
        let (class, sup) = self.class_stack.last()?;
        if private {
            return None;
        }
        let is_controller = sup.ends_with("Controller")
            || sup.contains("ActionController::")
            || class.ends_with("Controller");
        if is_controller {
            return Some(Some(format!("{class}#{action}")));
        }
        let is_hanami = sup.contains("Hanami::Action") || sup.ends_with("Action");
        if is_hanami && matches!(action, "handle" | "call") {
            return Some(Some(class.clone()));
        }
        None
    }

    fn visit_method(&mut self, node: Node<'t>, depth: usize, private: bool) {
        let name = node.field("name").map(|n| self.text(n)).unwrap_or_default();
        // Rails actions take no arguments; a method with parameters is a helper.
        let takes_args = node
            .field("parameters")
            .is_some_and(|p| p.named_child_count() > 0);
        // Devise's redirect hooks (`after_sign_in_path_for(resource)`) run inside the
        // sign-in, sign-up and confirmation requests, protected as they usually are.
        let devise_hook = name.starts_with("after_") && name.ends_with("_path_for");
        let handler = if node.kind_name() == "method"
            && (!takes_args || matches!(name.as_str(), "handle" | "call"))
        {
            self.controller_route(&name, private)
        } else if node.kind_name() == "method" && devise_hook {
            self.controller_route(&name, false)
        } else if node.kind_name() == "method" && name == "resolve" && !private {
            // graphql-ruby: a mutation's `resolve(**args)` answers one request.
            self.class_stack
                .last()
                .filter(|(_, sup)| sup.ends_with("Mutation") || sup.contains("GraphQL::Schema::"))
                .map(|(class, _)| Some(format!("{class}#resolve")))
        } else {
            None
        };
        let in_class = !self.class_stack.is_empty();
        let kind = if in_class {
            FunctionKind::Method
        } else {
            FunctionKind::Function
        };
        let state =
            self.b
                .enter_function(node, Some(name.clone()), kind, false, handler, None, false);
        // `def self.x` of a class or module, `def Foo.x`, or an instance method.
        let class = match node.field("object") {
            Some(o) if o.kind_name() != "self" => Some(last_segment(&self.text(o)).to_string()),
            _ => self
                .class_stack
                .last()
                .map(|(c, _)| last_segment(c).to_string()),
        };
        // Parameters shadow everything outside: `def record(action, params = {})`.
        let mut described = Vec::new();
        if let Some(params) = node.field("parameters") {
            let mut c = params.walk();
            let list: Vec<Node<'t>> = params.named_children(&mut c).collect();
            for p in list {
                let n = match p.kind_name() {
                    "identifier" => self.text(p),
                    _ => p.field("name").map(|n| self.text(n)).unwrap_or_default(),
                };
                described.push(match p.kind_name() {
                    "keyword_parameter" => format!("{n}:"),
                    "splat_parameter" => format!("*{n}"),
                    "hash_splat_parameter" => format!("**{n}"),
                    "block_parameter" => format!("&{n}"),
                    _ => n.clone(),
                });
                if !n.is_empty() {
                    self.b
                        .bind(n.clone(), Bind::Value(Value::Path(vec![n.clone()]), None));
                }
            }
        }
        self.b.describe_function(described, class.clone());
        // Locals of the method before are not this method's.
        self.types
            .retain(|k, _| k.starts_with('@') || k.contains('.') || k.contains(':'));
        if let Some(body) = node.field("body") {
            self.visit(body, depth + 1);
            if let Some(last) = last_statement(body) {
                // `def cio; @cio ||= Customerio::Client.new(...); end` returns a shared client.
                if let Some(bind) = self.returned_binding(last) {
                    if let (Bind::Client(i), Some(c)) = (&bind, &class) {
                        self.class_getters.push((format!("{c}.{name}"), *i, true));
                    }
                    self.getters.insert(name.clone(), bind);
                }
                // `def self.client; Customerio::Client.new(...); end`: a client per call.
                if let Some(c) = &class
                    && let Some(i) = self.b.facts.clients.iter().position(|cl| {
                        cl.lifetime == Lifetime::Returned && cl.span == self.b.span(unwrap(last))
                    })
                {
                    self.class_getters.push((format!("{c}.{name}"), i, false));
                }
                // `def tracker; @tracker ||= Tracker.new; end`: `tracker.x` is a `Tracker`.
                if let Some(t) = self.constructed_class(last) {
                    self.types.insert(name.clone(), t.clone());
                    if let Some(c) = &class {
                        self.types.insert(format!("{c}.{name}"), t);
                    }
                }
            }
        }
        self.b.exit_function(state);
    }

    fn returned_binding(&self, last: Node) -> Option<Bind> {
        let target = match last.kind_name() {
            "operator_assignment" | "assignment" => last.field("left")?,
            "return" => last.named_child(0)?.named_child(0).unwrap_or(last),
            _ => last,
        };
        match self.b.lookup(&self.text(target)) {
            Some(b @ Bind::Client(_)) => Some(b.clone()),
            _ => None,
        }
    }

    fn body_is_throttled(&self, node: Node) -> bool {
        let retry_branch = |_: Node, n: Node| matches!(n.kind_name(), "rescue" | "rescue_modifier");
        self.b.any_descendant_outside(node, retry_branch, |n| {
            n.kind_name() == "call"
                && n.field("method").is_some_and(|m| {
                    let t = self.text(m);
                    matches!(
                        t.as_str(),
                        "sleep" | "throttle" | "wait" | "acquire" | "limit"
                    )
                })
                || (n.kind_name() == "identifier" && self.text(n) == "sleep")
                || (n.kind_name() == "constant" && super::is_limiter_text(&self.text(n)))
        })
    }

    // ------------------------------------------------------------ bindings

    /// The assignment only runs while its target is unset: it sits under an `if`/`unless`
    /// (statement or modifier) of the same method whose condition reads the target.
    fn guarded_by_itself(&self, assignment: Node, target: &str) -> bool {
        let mut cur = assignment;
        while let Some(p) = cur.parent() {
            match p.kind_name() {
                "method" | "singleton_method" | "block" | "do_block" | "lambda" | "program" => {
                    return false;
                }
                "if" | "unless" | "if_modifier" | "unless_modifier"
                    if p.field("condition")
                        .is_some_and(|c| self.text(c).contains(target)) =>
                {
                    return true;
                }
                _ => {}
            }
            cur = p;
        }
        false
    }

    fn visit_assignment(&mut self, node: Node<'t>) {
        let (Some(left), Some(right)) = (node.field("left"), node.field("right")) else {
            return;
        };
        if left.kind_name() == "element_reference"
            && let (Some(object), Some(key)) = (left.field("object"), left.named_child(1))
        {
            self.note_added_entry(object, key, right);
        }
        let name = self.text(left);
        if let Some(class) = self.constructed_class(right) {
            self.types.insert(name.clone(), class);
        } else if let Some(model) = self.queried_model(right) {
            // `expiring = Deployment.where(...)`: a relation whose items are `Deployment`s.
            self.types.insert(format!("[]{name}"), model);
        }
        let memo = node.kind_name() == "operator_assignment" && self.text(node).contains("||=");
        let global_like = matches!(
            left.kind_name(),
            "global_variable" | "constant" | "scope_resolution" | "class_variable"
        ) || (left.kind_name() == "call" && self.text(left).contains("config"));
        let ivar = left.kind_name() == "instance_variable";
        // `@cio = Client.new unless @cio` (also `$cio`, `Thread.current[:cio]`: a per-thread
        // cache) builds once, like `||=`. A local variable starts unset on every call.
        let memo =
            memo || (left.kind_name() != "identifier" && self.guarded_by_itself(node, &name));
        // A global assigned afresh inside a method is rebuilt on every call.
        let in_function = !self.b.at_module_scope()
            && self
                .b
                .facts
                .function(self.b.scope())
                .is_some_and(|f| f.kind != FunctionKind::Arrow);
        let lifetime = if self.b.at_module_scope() || (global_like && (memo || !in_function)) {
            Lifetime::Shared
        } else if memo || (ivar && !self.b.frame().is_init) {
            Lifetime::Memoized
        } else if ivar {
            Lifetime::Shared
        } else {
            Lifetime::Local
        };
        if let Some(bind) = self.binding_for_value(right, &name, lifetime) {
            // A client a constructor keeps in an instance variable serves the subclasses
            // in other files too (`class Track < Base` calling `@client.track`).
            if let (true, Bind::Client(idx), Some((class, _))) = (
                ivar && self.b.frame().is_init,
                &bind,
                self.class_stack.last(),
            ) {
                let export = format!("{}#{name}", last_segment(class));
                self.b.export(export, *idx, false);
            }
            if global_like || ivar {
                self.b.bind_global(name, bind);
            } else {
                self.b.bind(name, bind);
            }
            return;
        }
        if right.kind_name() == "hash" && left.kind_name() == "identifier" {
            self.bind_literal(name.clone(), right);
        }
        let (v, via) = self.eval(right, 0);
        if let Value::Str(_) = v {
            let e = self.b.expr(right, v.clone(), via);
            let leaf = name.trim_start_matches(['$', '@']).to_string();
            self.b.credential_assignment(&leaf, Vec::new(), e);
        }
        if ivar && may_be_url(&v) {
            self.b.bind_member_value(name, v);
            return;
        }
        if matches!(
            left.kind_name(),
            "identifier" | "constant" | "instance_variable" | "global_variable"
        ) && right.kind_name() != "hash"
        {
            let v = if global_like {
                v
            } else {
                self.b.assigned_value(right, &name, v)
            };
            let bind = Bind::Value(v, Some(name.clone()));
            if global_like {
                self.b.bind_global(name, bind);
            } else {
                self.b.bind(name, bind);
            }
        }
    }

    fn binding_for_value(
        &mut self,
        value: Node<'t>,
        name: &str,
        lifetime: Lifetime,
    ) -> Option<Bind> {
        let value = unwrap(value);
        match value.kind_name() {
            "call" => {
                if let Some(idx) = self.client_from_constructor(value, lifetime) {
                    self.b.facts.clients[idx].binding = Some(name.to_string());
                    return Some(Bind::Client(idx));
                }
                None
            }
            "identifier" | "constant" | "global_variable" | "instance_variable" => {
                match self.b.lookup(&self.text(value)) {
                    Some(b @ Bind::Client(_)) => Some(b.clone()),
                    _ => None,
                }
            }
            "binary" => {
                let (l, r) = (value.field("left")?, value.field("right")?);
                self.binding_for_value(l, name, lifetime)
                    .or_else(|| self.binding_for_value(r, name, lifetime))
            }
            _ => None,
        }
    }

    /// `Customerio::Client.new(site_id, api_key, region: …)`, `Customerio::APIClient.new(key)`.
    fn client_from_constructor(&mut self, call: Node<'t>, lifetime: Lifetime) -> Option<usize> {
        let method = self.text(call.field("method")?);
        if method != "new" {
            return None;
        }
        let recv = self.text(call.field("receiver")?);
        use CredentialRole::*;
        let (info, roles): (ClientInfo, &[CredentialRole]) = match recv.trim_start_matches("::") {
            "Customerio::Client" | "CustomerIO::Client" => (TRACK, &[SiteId, TrackApiKey]),
            "Customerio::APIClient" => (
                ClientInfo {
                    sdk: Sdk::CustomerioRuby,
                    kind: ClientKind::App,
                },
                &[AppApiKey],
            ),
            _ => return None,
        };
        let args = self.args(call);
        let mut creds = Vec::new();
        for (i, role) in roles.iter().enumerate() {
            if let Some(n) = args.positional.get(i) {
                creds.push(Credential {
                    role: *role,
                    expr: self.value_expr(*n),
                });
            }
        }
        let lifetime = if self.is_returned(call) && lifetime == Lifetime::Local {
            Lifetime::Returned
        } else {
            lifetime
        };
        let idx = self
            .b
            .push_client(info, creds, lifetime, None, self.b.span(call));
        // `region: Customerio::Regions::EU`; a `url:` overrides the region's host.
        let option = |name: &str| {
            args.keywords
                .iter()
                .find(|(k, _, _)| k.trim_start_matches(':').trim_end_matches(':') == name)
                .map(|(_, _, v)| *v)
        };
        self.b.facts.clients[idx].region = match option("url").or_else(|| option("region")) {
            Some(v) => RegionSetting::Given(self.value_expr(v)),
            None if args.positional.len() > roles.len() || !args.splats.is_empty() => {
                RegionSetting::Unseen
            }
            None => RegionSetting::Default,
        };
        Some(idx)
    }

    fn is_returned(&self, node: Node) -> bool {
        let Some(parent) = node.parent() else {
            return false;
        };
        match parent.kind_name() {
            "return" | "argument_list" if parent.kind_name() == "return" => true,
            "body_statement" => {
                parent
                    .parent()
                    .is_some_and(|m| matches!(m.kind_name(), "method" | "singleton_method"))
                    && last_statement(parent) == Some(node)
            }
            _ => false,
        }
    }

    // ------------------------------------------------------------ calls

    fn args(&self, call: Node<'t>) -> Args<'t> {
        Args::of(call, &ARGUMENTS, |k| hash_key(self, k))
    }

    /// Returns true when the call's children were visited here.
    fn visit_call(&mut self, call: Node<'t>, depth: usize) -> bool {
        let method = call
            .field("method")
            .map(|m| self.text(m))
            .unwrap_or_default();
        let receiver = call.field("receiver");
        let block = call.field("block");
        let lifetime = self.b.lifetime_here();
        if self.client_from_constructor(call, lifetime).is_some() {
            return false;
        }
        if method == "new"
            && receiver.is_some_and(|r| {
                let t = self.text(r);
                t.starts_with("Customerio::") && t.ends_with("Request")
            })
        {
            self.request_object(call);
            return false;
        }
        if let Some(r) = receiver {
            let rt = self.text(r);
            if matches!(
                rt.as_str(),
                "HTTParty" | "RestClient" | "Faraday" | "Net::HTTP" | "Excon" | "HTTP" | "Typhoeus"
            ) {
                self.raw_http(call, &method);
                return false;
            }
        }
        // Blocks: loops, Sinatra/Grape routes, threads.
        if let Some(block) = block {
            let bound = self.visit_call_head(call, depth);
            if !bound {
                self.project_call(call, &method, receiver);
            }
            self.visit_block(call, block, &method, receiver, depth);
            return true;
        }
        let bound =
            is_cio_method(&method) && receiver.is_some_and(|r| self.cio_call(call, r, &method));
        if !bound {
            self.project_call(call, &method, receiver);
        }
        false
    }

    /// A call of something that is not a Customer.io client: maybe a project method (a
    /// helper called bare, `Service.new(user)`, `@service.track(...)`, `Notifier.signup(u)`,
    /// `SignupJob.perform_later(u)`).
    fn project_call(&mut self, call: Node<'t>, method: &str, receiver: Option<Node<'t>>) {
        if matches!(method, "send" | "public_send" | "__send__")
            && receiver.is_none_or(|r| unwrap(r).kind_name() == "self")
        {
            self.dispatch_call(call);
            return;
        }
        if is_builtin_method(method) {
            return;
        }
        let span = self.b.span(call);
        let Some(recv) = receiver.map(unwrap) else {
            let callee = Callee::Function {
                name: method.to_string(),
                module: None,
                export: None,
            };
            let args = self.project_args(call);
            self.b
                .push_project_call(callee, args, Outcome::Awaited, true, span);
            return;
        };
        // `user.delay.track_signup`, `Tracker.async.track(...)`: Sidekiq's delay extension
        // runs the method in a job.
        let (recv, delayed) = match delay_proxy(self, recv) {
            Some(inner) => (inner, true),
            None => (recv, false),
        };
        let (name, deferred) = match method {
            // ActiveJob and Sidekiq run `perform` in a job.
            "perform_later" | "perform_async" | "perform_in" | "perform_at" | "perform_bulk" => {
                ("perform", true)
            }
            "perform_now" => ("perform", false),
            m => (m, delayed),
        };
        // `SignupJob.set(wait: 1.minute).perform_later(u)`
        let recv = if name == "perform"
            && recv.kind_name() == "call"
            && recv.field("method").is_some_and(|m| self.text(m) == "set")
            && let Some(inner) = recv.field("receiver")
        {
            unwrap(inner)
        } else {
            recv
        };
        let text = self.text(recv);
        let callee = if method == "new" {
            if !matches!(recv.kind_name(), "constant" | "scope_resolution")
                || is_builtin_class(&text)
            {
                return;
            }
            Callee::Construct {
                class: last_segment(&text).to_string(),
            }
        } else {
            let class = match recv.kind_name() {
                "self" => self
                    .b
                    .facts
                    .function(self.b.scope())
                    .and_then(|f| f.class.clone())
                    .or_else(|| {
                        self.class_stack
                            .last()
                            .map(|(c, _)| last_segment(c).to_string())
                    }),
                "constant" | "scope_resolution" => {
                    if is_builtin_class(&text) {
                        return;
                    }
                    Some(last_segment(&text).to_string())
                }
                _ => match self.types.get(&text) {
                    Some(t) => Some(t.clone()),
                    None => self.constructed_class(recv),
                },
            };
            // A receiver named like the class it holds (`@cio_service`, `analytics`) is
            // left to the resolver; other expressions (`user.profile`) say nothing.
            if class.is_none()
                && !matches!(
                    recv.kind_name(),
                    "identifier" | "instance_variable" | "class_variable"
                )
            {
                return;
            }
            if class.is_none() && matches!(text.as_str(), "params" | "request" | "logger") {
                return;
            }
            Callee::Method {
                receiver: text,
                class,
                name: name.to_string(),
            }
        };
        let args = self.project_args(call);
        if deferred {
            self.b.deferred_depth += 1;
        }
        self.b
            .push_project_call(callee, args, Outcome::Awaited, true, span);
        if deferred {
            self.b.deferred_depth -= 1;
        }
    }

    /// `add_cio` alone on a line, in a method: a call of a method without arguments, unless
    /// it is a local variable.
    fn visit_identifier(&mut self, node: Node<'t>, parent: Node<'t>) {
        if self.b.at_module_scope() {
            return;
        }
        if !matches!(
            parent.kind_name(),
            "body_statement"
                | "then"
                | "else"
                | "do"
                | "block_body"
                | "begin"
                | "ensure"
                | "parenthesized_statements"
        ) {
            return;
        }
        let name = self.text(node);
        if self.b.lookup(&name).is_some()
            || is_builtin_method(&name)
            || matches!(name.as_str(), "private" | "protected" | "public")
        {
            return;
        }
        let span = self.b.span(node);
        self.b.push_project_call(
            Callee::Function {
                name,
                module: None,
                export: None,
            },
            Vec::new(),
            Outcome::Awaited,
            true,
            span,
        );
    }

    /// The arguments of a project call: positional ones, then keywords, then `**splats`.
    /// `send :track_signup, user` calls that method of this object; `send(event, user)`
    /// with the method's name in a parameter (`CustomerIoService.new(user, "user_signup")`)
    /// may call any method of the class: the resolver tries every one (`*`).
    fn dispatch_call(&mut self, call: Node<'t>) {
        let args = self.args(call);
        let Some(first) = args.positional.first().map(|n| unwrap(*n)) else {
            return;
        };
        let mut rest = self.project_args(call);
        rest.remove(0);
        let span = self.b.span(call);
        let literal = match first.kind_name() {
            "simple_symbol" => Some(self.text(first).trim_start_matches(':').to_string()),
            "string" if first.named_child_count() <= 1 => Some(
                self.text(first)
                    .trim_matches(|c| c == '"' || c == '\'')
                    .to_string(),
            ),
            _ => None,
        };
        let callee = match literal {
            Some(name) if !name.is_empty() && !is_builtin_method(&name) => Callee::Function {
                name,
                module: None,
                export: None,
            },
            Some(_) => return,
            None => {
                let by_parameter = first.kind_name() == "identifier"
                    && self
                        .b
                        .facts
                        .function(self.b.scope())
                        .is_some_and(|f| f.params.iter().any(|p| *p == self.text(first)));
                let class = self
                    .b
                    .facts
                    .function(self.b.scope())
                    .and_then(|f| f.class.clone())
                    .or_else(|| {
                        self.class_stack
                            .last()
                            .map(|(c, _)| last_segment(c).to_string())
                    });
                match class {
                    // The receiver names the parameter, so that a call site naming the
                    // method keeps only that method's calls.
                    Some(class) if by_parameter => Callee::Method {
                        receiver: self.text(first),
                        class: Some(class),
                        name: crate::model::ANY_METHOD.to_string(),
                    },
                    _ => return,
                }
            }
        };
        self.b
            .push_project_call(callee, rest, Outcome::Awaited, true, span);
    }

    fn project_args(&self, call: Node<'t>) -> Vec<Arg> {
        let args = self.args(call);
        let mut out: Vec<Arg> = Vec::new();
        for n in &args.positional {
            out.push(self.project_arg(None, *n));
        }
        for (k, _, v) in &args.keywords {
            out.push(self.project_arg(Some(k.clone()), *v));
        }
        for s in &args.splats {
            if s.parent()
                .is_some_and(|p| p.kind_name() == "hash_splat_argument")
            {
                let e = self.value_expr(*s);
                out.push(Arg {
                    keyword: Some("**".to_string()),
                    expr: e.clone(),
                    attrs: Vec::new(),
                    spreads: vec![e],
                });
            }
        }
        out
    }

    fn project_arg(&self, keyword: Option<String>, node: Node<'t>) -> Arg {
        let u = unwrap(node);
        let mut d = CallDraft::new(TRACK, Method::Other, String::new(), self.b.span(node));
        let literal = u.kind_name() == "hash"
            || (u.kind_name() == "identifier"
                && matches!(self.b.lookup(&self.text(u)), Some(Bind::Object(_))));
        if literal {
            self.hash_attrs(&mut d, u, Section::Top, 0);
        }
        Arg {
            keyword,
            expr: self.value_expr(node),
            attrs: d.attributes,
            spreads: d.spreads,
        }
    }

    /// The project class an expression builds or holds: `Tracker.new(...)`, `@tracker ||=
    /// Tracker.new`, a name assigned one.
    /// The model an Active Record query reads: `Deployment`, `Deployment.where(...)`,
    /// `Billing::Invoice.overdue.includes(:customer)`.
    fn queried_model(&self, query: Node<'t>) -> Option<String> {
        let mut node = unwrap(query);
        while node.kind_name() == "call" {
            let method = self.text(node.field("method")?);
            let receiver = unwrap(node.field("receiver")?);
            // A scope on the model itself (`Deployment.expiring_soon`) or a query method;
            // `User.find(id).posts` is another model's relation.
            let on_model = matches!(receiver.kind_name(), "constant" | "scope_resolution");
            if !on_model && !RELATION_METHODS.contains(&method.as_str()) {
                return None;
            }
            node = receiver;
        }
        let text = self.text(node);
        (matches!(node.kind_name(), "constant" | "scope_resolution") && !is_builtin_class(&text))
            .then(|| last_segment(&text).to_string())
    }

    /// The item class of a local bound to a query (`expiring.each do |d|`).
    fn relation_item(&self, receiver: Node<'t>) -> Option<String> {
        let receiver = unwrap(receiver);
        (receiver.kind_name() == "identifier")
            .then(|| {
                self.types
                    .get(&format!("[]{}", self.text(receiver)))
                    .cloned()
            })
            .flatten()
    }

    fn constructed_class(&self, node: Node<'t>) -> Option<String> {
        let node = unwrap(node);
        match node.kind_name() {
            "call" => {
                let m = self.text(node.field("method")?);
                let r = unwrap(node.field("receiver")?);
                let t = self.text(r);
                (m == "new"
                    && matches!(r.kind_name(), "constant" | "scope_resolution")
                    && !is_builtin_class(&t))
                .then(|| last_segment(&t).to_string())
            }
            "assignment" | "operator_assignment" => self.constructed_class(node.field("right")?),
            "identifier" | "instance_variable" | "class_variable" => {
                self.types.get(&self.text(node)).cloned()
            }
            "binary" => node.field("right").and_then(|r| self.constructed_class(r)),
            _ => None,
        }
    }

    /// Visit everything of a call but its block. True when it is a call on a known client.
    fn visit_call_head(&mut self, call: Node<'t>, depth: usize) -> bool {
        if let Some(r) = call.field("receiver") {
            self.visit(r, depth + 1);
        }
        if let Some(a) = call.field("arguments") {
            self.visit(a, depth + 1);
        }
        let method = call
            .field("method")
            .map(|m| self.text(m))
            .unwrap_or_default();
        is_cio_method(&method)
            && call
                .field("receiver")
                .is_some_and(|r| self.cio_call(call, r, &method))
    }

    fn visit_block(
        &mut self,
        call: Node<'t>,
        block: Node<'t>,
        method: &str,
        receiver: Option<Node<'t>>,
        depth: usize,
    ) {
        let first_arg = self
            .args(call)
            .positional
            .first()
            .and_then(|a| string_literal(self, *a));
        let route_dsl = receiver.is_none()
            && (ROUTE_VERBS.contains(&method) || self.opts.is_handler_wrapper(method));
        let handler = route_dsl.then(|| first_arg.clone().or(Some(String::new())));
        let iterating = ITERATORS.contains(&method);
        let loop_kind = iterating.then(|| format!(".{method} block"));
        let threaded = method == "new" && receiver.is_some_and(|r| self.text(r) == "Thread")
            || matches!(
                method,
                "perform_later" | "perform_async" | "async" | "future"
            );
        let throttles = receiver.is_some_and(|r| super::is_limiter_text(&self.text(r)))
            || matches!(method, "throttle" | "with_rate_limit");
        let throttled_body = iterating && self.body_is_throttled(block);
        let params = self.block_params(block);
        // `Deployment.where(...).find_each do |app|`: each item is a `Deployment`.
        if iterating
            && let (Some(first), Some(model)) = (
                params.first(),
                receiver.and_then(|r| self.queried_model(r).or_else(|| self.relation_item(r))),
            )
        {
            self.types.insert(first.clone(), model);
        }
        // Inside a method, a block runs right there (`respond_to do |format|`, `transaction
        // do`, `users.each do |u|`): its calls are the method's, in the same handler. Only
        // blocks kept for later (routes, threads, jobs, lambdas) are functions of their own.
        let inline = !route_dsl
            && !threaded
            && !self.b.at_module_scope()
            && !matches!(
                method,
                "lambda" | "proc" | "define_method" | "define_singleton_method" | "new"
            );
        if inline {
            let throttling = throttles || throttled_body;
            if throttling {
                self.b.throttle_depth += 1;
            }
            let loop_id = loop_kind.map(|k| {
                let throttled = self.b.throttle_depth > 0;
                self.b.push_loop(block, &k, throttled)
            });
            let shadowed: Vec<(String, Option<Bind>)> = params
                .iter()
                .map(|n| {
                    let old = self.b.frame_mut().bindings.remove(n);
                    self.b
                        .bind(n.clone(), Bind::Value(Value::Path(vec![n.clone()]), None));
                    (n.clone(), old)
                })
                .collect();
            self.visit(block, depth + 1);
            for (n, old) in shadowed {
                match old {
                    Some(b) => self.b.bind(n, b),
                    None => {
                        self.b.frame_mut().bindings.remove(&n);
                    }
                }
            }
            if let Some(id) = loop_id {
                self.b.pop_loop(id);
            }
            if throttling {
                self.b.throttle_depth -= 1;
            }
            return;
        }
        if threaded {
            self.b.deferred_depth += 1;
        }
        let state = self.b.enter_function(
            block,
            route_dsl.then(|| {
                format!(
                    "{} {}",
                    method.to_uppercase(),
                    first_arg.clone().unwrap_or_default()
                )
            }),
            FunctionKind::Arrow,
            false,
            handler,
            loop_kind,
            throttles || throttled_body,
        );
        // Block parameters are locals: `users.each { |user| ... }`.
        for n in params {
            self.b
                .bind(n.clone(), Bind::Value(Value::Path(vec![n]), None));
        }
        self.visit(block, depth + 1);
        self.b.exit_function(state);
        if threaded {
            self.b.deferred_depth -= 1;
        }
    }

    /// The names a block's parameters bind: `|user|`, `|key, value|`, `|(a, b)|` (not split).
    fn block_params(&self, block: Node<'t>) -> Vec<String> {
        let Some(params) = block.field("parameters") else {
            return Vec::new();
        };
        let mut c = params.walk();
        params
            .named_children(&mut c)
            .filter_map(|p| match p.kind_name() {
                "identifier" => Some(self.text(p)),
                _ => p.field("name").map(|n| self.text(n)),
            })
            .collect()
    }

    fn resolve_receiver(&mut self, recv: Node<'t>) -> Option<(Receiver, bool)> {
        let recv = unwrap(recv);
        // `$customerio.delay.identify(...)`: the Sidekiq proxy runs the call in a job.
        if recv.kind_name() == "call"
            && let Some(m) = recv.field("method")
            && matches!(
                self.text(m).as_str(),
                "delay" | "delay_for" | "delay_until" | "async"
            )
            && let Some(inner) = recv.field("receiver")
        {
            return self.resolve_receiver(inner).map(|(r, _)| (r, true));
        }
        let text = self.text(recv);
        if recv.kind_name() == "call"
            && self
                .client_from_constructor(recv, Lifetime::Local)
                .is_some()
        {
            let idx = self
                .b
                .facts
                .clients
                .iter()
                .position(|c| c.span == self.b.span(recv))?;
            self.b.mark_used(idx);
            return Some((
                (self.b.facts.clients[idx].info, Some(idx), None, None),
                false,
            ));
        }
        match self.b.lookup(&text).cloned() {
            Some(Bind::Client(i)) => {
                self.b.mark_used(i);
                return Some(((self.b.facts.clients[i].info, Some(i), None, None), false));
            }
            Some(_) => return None,
            None => {}
        }
        if let Some(b) = self.getters.get(&text).cloned()
            && let Bind::Client(i) = b
        {
            return Some(((self.b.facts.clients[i].info, Some(i), None, None), false));
        }
        // A factory method of this file: `def cio; Customerio::Client.new(...); end`.
        if (recv.kind_name() == "identifier" || recv.kind_name() == "call")
            && self.method_names.contains(&text)
        {
            let (span, scope) = (self.b.span(recv), self.b.scope());
            let receiver = factory_receiver(TRACK, text, span, scope, None);
            return Some((receiver, false));
        }
        // `Customerio.client`, `CioClient.instance`: a module method of another file that
        // builds (or memoises) a client.
        if recv.kind_name() == "call"
            && recv.field("arguments").is_none()
            && recv
                .field("receiver")
                .is_some_and(|r| matches!(r.kind_name(), "constant" | "scope_resolution"))
            && recv.field("method").is_some_and(|m| self.text(m) != "new")
        {
            let (span, scope) = (self.b.span(recv), self.b.scope());
            let target = Some(("*".to_string(), text.clone()));
            let receiver = factory_receiver(TRACK, text, span, scope, target);
            return Some((receiver, false));
        }
        // Globals and constants defined in another file (config/initializers/customerio.rb).
        if text.starts_with('$') || text.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
            return Some((imported_receiver(TRACK, "*".into(), text), false));
        }
        // An instance variable this class never sets: its base class's constructor may.
        if text.starts_with('@') && !text.starts_with("@@") {
            let base = self.class_stack.last().and_then(|(class, _)| {
                let class = last_segment(class);
                self.b
                    .facts
                    .classes
                    .iter()
                    .rev()
                    .find(|c| c.name == class)
                    .and_then(|c| c.base.clone())
            });
            if let Some(base) = base {
                let export = format!("{base}#{text}");
                return Some((imported_receiver(TRACK, "*".into(), export), false));
            }
        }
        let leaf = text
            .rsplit(['.', ':'])
            .next()
            .unwrap_or(&text)
            .trim_start_matches('@');
        if super::is_client_name(leaf) || self.opts.is_receiver(leaf) {
            return Some((named_receiver(TRACK, leaf.to_string()), false));
        }
        None
    }

    /// Records a call on a Customer.io client. True when the receiver is one for sure (a
    /// client of this file, a factory, a global, a name like `cio`); false when it is only
    /// a constant that another file may bind, or none at all.
    fn cio_call(&mut self, call: Node<'t>, recv: Node<'t>, method: &str) -> bool {
        let Some((receiver, deferred)) = self.resolve_receiver(recv) else {
            return false;
        };
        // `Notifier.track(...)`: a constant is a client only if some file defines it as one;
        // it may as well be a project class.
        let sure = match &receiver.3 {
            Some(Unresolved::Import { module, export, .. }) if module == "*" => {
                export.starts_with('$')
            }
            _ => true,
        };
        let info = receiver.0;
        let span = self.b.span(call);
        let Some(mut d) = receiver_call(receiver, method_kind(method), method.to_string(), span)
        else {
            return false;
        };
        d.deferred = deferred;
        let args = self.args(call);
        self.fill_shape(&mut d, info, method, &args);
        d.outcome = Outcome::Awaited;
        self.b.push_call(d);
        sure
    }

    fn hash_attrs(&self, d: &mut CallDraft, node: Node<'t>, section: Section, depth: u8) {
        self.flatten_map(d, node, section, depth);
    }

    fn fill_shape(&self, d: &mut CallDraft, info: ClientInfo, method: &str, args: &Args<'t>) {
        let pos = |i: usize| args.positional.get(i).copied();
        if info.kind == ClientKind::App {
            if let Some(req) = pos(0).map(unwrap) {
                if req.kind_name() == "call" {
                    let inner = self.args(req);
                    self.request_attrs(d, &inner);
                } else {
                    d.payload = Some(self.value_expr(req));
                }
            }
            return;
        }
        match method {
            "identify" => {
                for (k, kn, v) in &args.keywords {
                    match k.as_str() {
                        "id" | "customer_id" => d.customer_id = Some(self.value_expr(*v)),
                        "cio_id" => {}
                        _ => d
                            .attributes
                            .push(self.attr(k.clone(), *kn, *v, Section::Top, 0)),
                    }
                }
                for s in &args.splats {
                    d.spreads.push(self.value_expr(*s));
                }
                if let Some(h) = pos(0) {
                    // identify(attributes) with a hash variable, or a literal hash in braces.
                    let h = unwrap(h);
                    if h.kind_name() == "hash" {
                        self.hash_attrs(d, h, Section::Top, 0);
                        if let Some(id) = d
                            .attributes
                            .iter()
                            .position(|a| a.key == "id" || a.key == "customer_id")
                        {
                            let a = d.attributes.remove(id);
                            d.customer_id = Some(a.value);
                        }
                    } else {
                        d.payload = Some(self.value_expr(h));
                    }
                }
            }
            "track" | "track_anonymous" | "pageview" | "anonymous_track" => {
                if !matches!(method, "track_anonymous" | "anonymous_track") {
                    d.customer_id = pos(0).map(|n| self.value_expr(n));
                }
                // Gem 1.x: `anonymous_track("event", attrs)`.
                let (name_at, data_at) = if method == "anonymous_track" {
                    (0, 1)
                } else {
                    (1, 2)
                };
                if method != "pageview" {
                    d.event_name = pos(name_at).map(|n| self.value_expr(n));
                }
                if let Some(h) = pos(data_at) {
                    self.hash_attrs(d, h, Section::Data, 0);
                }
                if matches!(method, "track" | "track_anonymous") {
                    let mut shape = crate::facts::EventArgs {
                        data_argument: pos(data_at).map(|h| self.b.span(h)),
                        ..Default::default()
                    };
                    for (k, kn, v) in &args.keywords {
                        let span = self.b.span_of(kn.start_byte(), v.end_byte());
                        match k.as_str() {
                            "id" | "timestamp" => shape.option_keywords.push((k.clone(), span)),
                            _ => shape.data_keywords.push((k.clone(), span)),
                        }
                    }
                    d.event_args = Some(Box::new(shape));
                }
                for (k, kn, v) in &args.keywords {
                    match k.as_str() {
                        "timestamp" => {
                            d.timestamp = Some(self.attr(k.clone(), *kn, *v, Section::Top, 0))
                        }
                        "id" => {}
                        // 5.x style: attributes passed as keywords.
                        _ => d
                            .attributes
                            .push(self.attr(k.clone(), *kn, *v, Section::Data, 0)),
                    }
                }
                if let Some(i) = d
                    .attributes
                    .iter()
                    .position(|a| a.key == "timestamp" && a.depth == 0)
                {
                    let a = d.attributes.remove(i);
                    d.timestamp.get_or_insert(a);
                }
            }
            "add_device" => {
                d.customer_id = pos(0).map(|n| self.value_expr(n));
                if let Some(h) = pos(3) {
                    self.hash_attrs(d, h, Section::Top, 0);
                }
                for (k, kn, v) in &args.keywords {
                    d.attributes
                        .push(self.attr(k.clone(), *kn, *v, Section::Top, 0));
                }
            }
            "delete" | "suppress" | "unsuppress" | "delete_device" => {
                d.customer_id = pos(0).map(|n| self.value_expr(n))
            }
            "track_delivery_metric" | "track_push_notification_event" => {
                for (k, kn, v) in &args.keywords {
                    if k == "timestamp" {
                        d.timestamp = Some(self.attr(k.clone(), *kn, *v, Section::Top, 0));
                    }
                }
            }
            _ => {}
        }
    }

    fn request_attrs(&self, d: &mut CallDraft, args: &Args<'t>) {
        for (k, kn, v) in &args.keywords {
            d.attributes
                .push(self.attr(k.clone(), *kn, *v, Section::Top, 0));
            // `identifiers: { id: … }`, `message_data: { … }`: their entries one level down.
            // A name we cannot follow stays the key's value, not the whole request's payload.
            if self.is_hash_literal(*v) {
                let section = if k == "message_data" || k == "data" {
                    Section::Data
                } else {
                    Section::Top
                };
                self.hash_attrs(d, *v, section, 1);
            }
        }
        for s in &args.splats {
            d.spreads.push(self.value_expr(*s));
        }
        if let Some(h) = args.positional.first() {
            self.hash_attrs(d, *h, Section::Top, 0);
        }
    }

    /// A hash literal, or a local name bound to one.
    fn is_hash_literal(&self, node: Node<'t>) -> bool {
        let node = unwrap(node);
        match node.kind_name() {
            "hash" => true,
            "identifier" => matches!(self.b.lookup(&self.text(node)), Some(Bind::Object(_))),
            _ => false,
        }
    }

    fn request_object(&mut self, call: Node<'t>) {
        let args = self.args(call);
        let name = call
            .field("receiver")
            .map(|r| self.text(r))
            .unwrap_or_default();
        let info = ClientInfo {
            sdk: Sdk::CustomerioRuby,
            kind: ClientKind::App,
        };
        let mut d = CallDraft::new(info, Method::BuildRequest, name, self.b.span(call));
        d.outcome = Outcome::Assigned;
        self.request_attrs(&mut d, &args);
        self.b.push_call(d);
    }

    fn raw_http(&mut self, call: Node<'t>, verb: &str) {
        let args = self.args(call);
        let Some(url_node) = args.positional.first().copied().or_else(|| {
            args.keywords
                .iter()
                .find(|(k, _, _)| k == "url")
                .map(|(_, _, v)| *v)
        }) else {
            return;
        };
        let url_node = {
            // URI("https://…") / URI.parse("https://…")
            let u = unwrap(url_node);
            if u.kind_name() == "call" && self.text(u).starts_with("URI") {
                self.args(u).positional.first().copied().unwrap_or(u)
            } else {
                u
            }
        };
        let url = self.value_expr(url_node);
        let http = verb.to_uppercase();
        let Some((mut d, _)) = request_draft(url.clone(), Some(http.clone()), self.b.span(call))
        else {
            return;
        };
        let (info, method) = (d.client, d.method);
        let body = args
            .keywords
            .iter()
            .find(|(k, _, _)| k == "body" || k == "json" || k == "payload")
            .map(|(_, _, v)| *v)
            .or_else(|| args.positional.get(1).copied());
        if let Some(body) = body {
            let body = strip_to_json(self, body);
            self.hash_attrs(&mut d, body, Section::Top, 0);
            if method == Method::Track
                && let Some(i) = d
                    .attributes
                    .iter()
                    .position(|a| a.key == "name" && a.depth == 0)
            {
                let a = d.attributes.remove(i);
                d.event_name = Some(a.value);
            }
        }
        let mut creds = Vec::new();
        if let Some((_, _, auth)) = args.keywords.iter().find(|(k, _, _)| k == "basic_auth") {
            let mut sub = CallDraft::new(info, Method::Other, String::new(), d.span);
            self.hash_attrs(&mut sub, *auth, Section::Top, 0);
            for a in sub.attributes {
                let role = if a.key == "username" {
                    CredentialRole::SiteId
                } else {
                    CredentialRole::TrackApiKey
                };
                creds.push(Credential {
                    role,
                    expr: a.value,
                });
            }
        }
        let idx = self
            .b
            .push_client(info, creds, Lifetime::Shared, None, self.b.span(call));
        self.b.facts.clients[idx].region = RegionSetting::Given(url.clone());
        d.client_index = Some(idx);
        d.outcome = Outcome::Awaited;
        self.b.push_call(d);
    }

    // ------------------------------------------------------------ env & credentials

    fn record_credential_pair(&mut self, node: Node<'t>) {
        let (Some(k), Some(v)) = (node.field("key"), node.field("value")) else {
            return;
        };
        if let Some(key) = hash_key(self, k) {
            self.record_credential(&key, v, |ex| ex.enclosing_names(node));
        }
    }

    /// The hash keys and the variable or receiver around a pair, outermost first.
    fn enclosing_names(&self, node: Node) -> Vec<String> {
        let mut context = Vec::new();
        let mut cur = node.parent();
        while let Some(n) = cur {
            match n.kind_name() {
                "pair" => {
                    if let Some(k) = n.field("key").and_then(|k| hash_key(self, k)) {
                        context.push(k);
                    }
                }
                "assignment" => {
                    if let Some(l) = n.field("left") {
                        context.push(self.text(l));
                    }
                    break;
                }
                // `{ ... }.freeze`: the hash is the receiver; keep climbing to the assignment.
                "call" if n.field("receiver").is_some_and(|r| r.kind_name() == "hash") => {}
                "call" => {
                    if let Some(m) = n.field("receiver") {
                        context.push(self.text(m));
                    }
                    break;
                }
                "body_statement" | "program" => break,
                _ => {}
            }
            cur = n.parent();
        }
        context.reverse();
        context
    }

    // ------------------------------------------------------------ values

    fn eval_call(&self, node: Node<'t>, depth: usize) -> Value {
        if let Some(env) = self.env_name(node) {
            let args = self.args(node);
            if let Some(default) = args.positional.get(1) {
                return Value::OneOf(vec![Value::Env(env), self.eval(*default, depth + 1).0]);
            }
            return Value::Env(env);
        }
        let method = node
            .field("method")
            .map(|m| self.text(m))
            .unwrap_or_default();
        let recv = node.field("receiver");
        let recv_text = recv.map(|r| self.text(r)).unwrap_or_default();
        let recv_val = || {
            recv.map(|r| self.eval(r, depth + 1).0)
                .unwrap_or(Value::Unknown)
        };
        let has_args = node.field("arguments").is_some();
        match (recv_text.as_str(), method.as_str()) {
            (
                "Time" | "DateTime" | "Time.zone" | "Date",
                "now" | "current" | "today" | "at" | "parse" | "iso8601" | "utc",
            ) => {
                return Value::Timestamp(TimeUnit::DateObject);
            }
            ("Process", "clock_gettime") => {
                let t = self.text(node);
                return if t.contains(":millisecond") {
                    Value::Timestamp(TimeUnit::Millis)
                } else if t.contains(":microsecond") {
                    Value::Timestamp(TimeUnit::Micros)
                } else if t.contains(":nanosecond") {
                    Value::Timestamp(TimeUnit::Nanos)
                } else {
                    Value::Timestamp(TimeUnit::Seconds)
                };
            }
            _ => {}
        }
        match method.as_str() {
            "to_i" | "to_f" | "round" | "floor" | "ceil" | "to_r" | "truncate" => {
                return match recv_val() {
                    Value::Timestamp(TimeUnit::DateObject) => Value::Timestamp(TimeUnit::Seconds),
                    // `user.last_seen_at.to_f`: Rails `*_at` attributes are times.
                    Value::Path(p)
                        if matches!(method.as_str(), "to_i" | "to_f")
                            && p.last().is_some_and(|l| l.ends_with("_at")) =>
                    {
                        Value::Timestamp(TimeUnit::Seconds)
                    }
                    v @ (Value::Timestamp(_) | Value::Num(_)) => v,
                    _ => Value::Unknown,
                };
            }
            "iso8601" | "to_json" | "xmlschema" | "httpdate" | "rfc3339"
                if matches!(recv_val(), Value::Timestamp(_)) || method == "iso8601" =>
            {
                return Value::Timestamp(TimeUnit::IsoString);
            }
            "strftime" => {
                let fmt = self
                    .args(node)
                    .positional
                    .first()
                    .and_then(|a| string_literal(self, *a))
                    .unwrap_or_default();
                return if fmt.contains("%Q") || fmt.contains("%L") && fmt.contains("%s") {
                    Value::Timestamp(TimeUnit::Millis)
                } else if fmt == "%s" {
                    Value::Timestamp(TimeUnit::Seconds)
                } else {
                    Value::Timestamp(TimeUnit::IsoString)
                };
            }
            "in_milliseconds" => return Value::Timestamp(TimeUnit::Millis),
            "freeze" | "dup" | "itself" | "presence" => return recv_val(),
            "ago" | "from_now" | "since" | "beginning_of_day" | "end_of_day" => {
                return Value::Timestamp(TimeUnit::DateObject);
            }
            "to_s" | "downcase" | "upcase" | "strip" | "parameterize" | "underscore" => {
                return match recv_val() {
                    Value::Str(s) => Value::Str(match method.as_str() {
                        "downcase" => s.to_lowercase(),
                        "upcase" => s.to_uppercase(),
                        _ => s,
                    }),
                    v @ (Value::Path(_) | Value::Interpolated { .. }) => {
                        as_text(self.b.expr(node, v, None))
                    }
                    _ => Value::Call(self.text(node)),
                };
            }
            _ => {}
        }
        // `user.email`, `@user.id`: attribute-like calls read as paths.
        if !has_args && node.field("block").is_none() {
            // Rails timestamps are Time objects: they serialise as ISO strings.
            if recv.is_some() && matches!(method.as_str(), "created_at" | "updated_at") {
                return Value::Timestamp(TimeUnit::DateObject);
            }
            if let Value::Path(mut p) = recv_val() {
                p.push(method.clone());
                return Value::Path(p);
            }
            if recv.is_none() {
                return Value::Path(vec![method]);
            }
        }
        Value::Call(self.text(node))
    }

    fn eval_binary(&self, node: Node<'t>, depth: usize) -> Value {
        let Some((l, op, r, lv, rv)) = self.operands(node, depth) else {
            return Value::Unknown;
        };
        match op.as_str() {
            "||" | "or" => Value::OneOf(vec![lv, rv]),
            "&&" | "and" => rv,
            _ => {
                let parts = |lv, rv| (self.b.expr(l, lv, None), self.b.expr(r, rv, None));
                arithmetic(&op, lv, rv, parts, false)
            }
        }
    }
}

const ARGUMENTS: ArgumentSyntax = ArgumentSyntax {
    keyword: "pair",
    name_field: "key",
    value_field: "value",
    splats: &["hash_splat_argument", "splat_argument"],
    skipped: &["comment", "block_argument"],
};

impl<'a, 't> MapSyntax<'a, 't> for Rb<'a, 't> {
    const LITERAL: &'static str = "hash";
    const SPREAD: &'static str = "hash_splat_argument";
    const NULL: &'static str = "nil";

    fn unwrap(&self, node: Node<'t>) -> Node<'t> {
        unwrap(node)
    }

    fn key(&self, key: Node<'t>) -> Option<String> {
        hash_key(self, key)
    }

    fn literals(&self) -> &MapLiterals<'t> {
        &self.literals
    }

    fn literals_mut(&mut self) -> &mut MapLiterals<'t> {
        &mut self.literals
    }
}

impl<'a, 't> Lowering<'a, 't> for Rb<'a, 't> {
    const INTERPOLATED_STRING: Option<&'static str> = Some("string");

    fn builder(&self) -> &Builder<'a> {
        &self.b
    }

    fn builder_mut(&mut self) -> &mut Builder<'a> {
        &mut self.b
    }

    fn env_name(&self, node: Node) -> Option<String> {
        match node.kind_name() {
            "element_reference" => {
                let obj = self.text(node.field("object")?);
                if obj == "ENV" {
                    return node.named_child(1).and_then(|s| string_literal(self, s));
                }
                None
            }
            "call" => {
                let recv = self.text(node.field("receiver")?);
                let m = self.text(node.field("method")?);
                if recv == "ENV" && matches!(m.as_str(), "fetch" | "[]") {
                    let first = self.args(node).positional.first().copied()?;
                    return string_literal(self, first);
                }
                None
            }
            _ => None,
        }
    }

    fn eval_syntax(&self, node: Node<'t>, depth: usize) -> (Value, Option<String>) {
        let v = match node.kind_name() {
            "simple_symbol" => Value::Str(self.text(node).trim_start_matches(':').to_string()),
            "delimited_symbol" => Value::Str(
                self.text(node)
                    .trim_start_matches(':')
                    .trim_matches(['"', '\''])
                    .to_string(),
            ),
            "integer" | "float" => number(&self.text(node)),
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "nil" => Value::Null,
            "identifier" | "constant" | "instance_variable" | "global_variable"
            | "scope_resolution" => {
                let name = self.text(node);
                return match self.b.lookup(&name) {
                    Some(Bind::Value(v, via)) => (v.clone(), via.clone()),
                    _ => (
                        Value::Path(
                            name.split(['.', ':'])
                                .filter(|s| !s.is_empty())
                                .map(str::to_string)
                                .collect(),
                        ),
                        None,
                    ),
                };
            }
            "parenthesized_statements" | "begin" => {
                return node
                    .named_child(0)
                    .map(|c| self.eval(c, depth + 1))
                    .unwrap_or((Value::Unknown, None));
            }
            "element_reference" => {
                if let Some(env) = self.env_name(node) {
                    Value::Env(env)
                } else {
                    // A hash constant (`CONFIG = {...}.freeze`) is named by its path.
                    let base = node.field("object").map(|o| {
                        match (o.kind_name(), self.eval(o, depth + 1).0) {
                            (_, Value::Path(p)) => Value::Path(p),
                            ("constant" | "identifier", _) => Value::Path(vec![self.text(o)]),
                            (_, v) => v,
                        }
                    });
                    let key = node.named_child(1).and_then(|k| match k.kind_name() {
                        "simple_symbol" => Some(self.text(k).trim_start_matches(':').to_string()),
                        "delimited_symbol" => Some(
                            self.text(k)
                                .trim_start_matches(':')
                                .trim_matches(['"', '\''])
                                .to_string(),
                        ),
                        _ => string_literal(self, k),
                    });
                    match (base, key) {
                        // `SECRETS[:'f82ad78f695bd32f9d99']`: the key itself pasted as the
                        // index is the literal that is passed.
                        (_, Some(k)) if crate::rules::common::role_from_literal(&k).is_some() => {
                            Value::Str(k)
                        }
                        (Some(Value::Path(mut p)), Some(k)) => {
                            p.push(k);
                            Value::Path(p)
                        }
                        _ => Value::Unknown,
                    }
                }
            }
            "call" => return (self.eval_call(node, depth), None),
            "binary" => return (self.eval_binary(node, depth), None),
            "conditional" => {
                let c = node
                    .field("consequence")
                    .map(|n| self.eval(n, depth + 1).0)
                    .unwrap_or(Value::Unknown);
                let a = node
                    .field("alternative")
                    .map(|n| self.eval(n, depth + 1).0)
                    .unwrap_or(Value::Unknown);
                Value::OneOf(vec![c, a])
            }
            "hash" => Value::Object,
            "array" => Value::Array(super::list_len(node)),
            _ => Value::Unknown,
        };
        (v, None)
    }
}

fn unwrap(node: Node) -> Node {
    let mut n = node;
    while matches!(n.kind_name(), "parenthesized_statements") && n.named_child_count() == 1 {
        match n.named_child(0) {
            Some(c) => n = c,
            None => break,
        }
    }
    n
}

fn last_statement(body: Node) -> Option<Node> {
    let mut c = body.walk();
    body.named_children(&mut c)
        .filter(|n| n.kind_name() != "comment")
        .last()
}

/// `{...}.to_json` / `JSON.generate({...})` → the hash.
fn strip_to_json<'t>(ex: &Rb<'_, 't>, node: Node<'t>) -> Node<'t> {
    let node = unwrap(node);
    if node.kind_name() == "call" {
        let m = node.field("method").map(|m| ex.text(m)).unwrap_or_default();
        if m == "to_json"
            && let Some(r) = node.field("receiver")
        {
            return unwrap(r);
        }
        if (m == "generate" || m == "dump")
            && let Some(a) = ex.args(node).positional.first()
        {
            return unwrap(*a);
        }
    }
    node
}

fn hash_key(ex: &Rb, k: Node) -> Option<String> {
    match k.kind_name() {
        "hash_key_symbol" | "identifier" | "constant" => Some(ex.text(k)),
        "simple_symbol" => Some(ex.text(k).trim_start_matches(':').to_string()),
        "string" => string_literal(ex, k),
        _ => None,
    }
}

fn string_literal(ex: &Rb, node: Node) -> Option<String> {
    if node.kind_name() == "simple_symbol" {
        return Some(ex.text(node).trim_start_matches(':').to_string());
    }
    ex.b.literal_string(node)
}

/// `Admin::Tracker` → `Tracker`.
fn last_segment(name: &str) -> &str {
    name.rsplit("::").next().unwrap_or(name).trim()
}

/// `x.delay.m(...)`, `x.delay_for(5).m(...)`, `x.async.m(...)`: the object behind the proxy.
fn delay_proxy<'t>(ex: &Rb<'_, 't>, recv: Node<'t>) -> Option<Node<'t>> {
    if recv.kind_name() != "call" {
        return None;
    }
    let m = ex.text(recv.field("method")?);
    if !matches!(
        m.as_str(),
        "delay" | "delay_for" | "delay_until" | "async" | "later"
    ) {
        return None;
    }
    recv.field("receiver").map(unwrap)
}

/// Core, standard-library and Rails classes: never the project's own.
fn is_builtin_class(name: &str) -> bool {
    let name = name.trim_start_matches("::");
    let head = name.split("::").next().unwrap_or(name);
    matches!(
        head,
        "Customerio"
            | "CustomerIO"
            | "Rails"
            | "Time"
            | "Date"
            | "DateTime"
            | "JSON"
            | "File"
            | "Dir"
            | "ENV"
            | "Logger"
            | "Hash"
            | "Array"
            | "String"
            | "Integer"
            | "Float"
            | "Math"
            | "URI"
            | "SecureRandom"
            | "Digest"
            | "OpenSSL"
            | "Base64"
            | "Struct"
            | "OpenStruct"
            | "Set"
            | "Thread"
            | "Mutex"
            | "Process"
            | "Kernel"
            | "Object"
            | "IO"
            | "StringIO"
            | "Regexp"
            | "Pathname"
            | "Benchmark"
            | "Timeout"
            | "YAML"
            | "ERB"
            | "CGI"
            | "I18n"
            | "ActiveRecord"
            | "ActiveSupport"
            | "ActiveModel"
            | "ActionController"
            | "ActionMailer"
            | "ActiveJob"
            | "Sidekiq"
            | "Redis"
            | "Net"
            | "HTTParty"
            | "Faraday"
            | "RestClient"
            | "Sentry"
            | "Raven"
            | "Rollbar"
    )
}

/// Kernel, Rails DSL and collection methods: never a project wrapper worth following.
fn is_builtin_method(m: &str) -> bool {
    ITERATORS.contains(&m)
        || matches!(
            m,
            "puts"
                | "p"
                | "pp"
                | "print"
                | "require"
                | "require_relative"
                | "raise"
                | "fail"
                | "format"
                | "sprintf"
                | "sleep"
                | "lambda"
                | "proc"
                | "rand"
                | "loop"
                | "attr_reader"
                | "attr_writer"
                | "attr_accessor"
                | "include"
                | "extend"
                | "prepend"
                | "private"
                | "protected"
                | "public"
                | "module_function"
                | "define_method"
                | "alias_method"
                | "render"
                | "redirect_to"
                | "redirect_back"
                | "head"
                | "params"
                | "respond_to"
                | "respond_with"
                | "before_action"
                | "after_action"
                | "around_action"
                | "skip_before_action"
                | "helper_method"
                | "rescue_from"
                | "layout"
                | "flash"
                | "session"
                | "cookies"
                | "request"
                | "response"
                | "url_for"
                | "link_to"
                | "t"
                | "validates"
                | "validate"
                | "has_many"
                | "has_one"
                | "belongs_to"
                | "scope"
                | "delegate"
                | "to_s"
                | "to_i"
                | "to_f"
                | "to_h"
                | "to_a"
                | "to_sym"
                | "to_json"
                | "as_json"
                | "inspect"
                | "present?"
                | "blank?"
                | "nil?"
                | "empty?"
                | "any?"
                | "include?"
                | "is_a?"
                | "respond_to?"
                | "send"
                | "public_send"
                | "try"
                | "merge"
                | "fetch"
                | "dig"
                | "where"
                | "find"
                | "find_by"
                | "find_or_create_by"
                | "order"
                | "pluck"
                | "save"
                | "save!"
                | "destroy"
                | "reload"
                | "permit"
                | "require_params"
                | "join"
                | "split"
                | "gsub"
                | "strip"
                | "freeze"
                | "info"
                | "warn"
                | "error"
                | "debug"
                | "deliver_later"
                | "deliver_now"
        )
}

fn is_cio_method(m: &str) -> bool {
    matches!(
        m,
        "identify"
            | "track"
            | "track_anonymous"
            | "anonymous_track"
            | "pageview"
            | "delete"
            | "suppress"
            | "unsuppress"
            | "add_device"
            | "delete_device"
            | "merge_customers"
            | "batch"
            | "track_delivery_metric"
            | "track_push_notification_event"
            | "send_email"
            | "send_push"
            | "send_sms"
            | "send_whatsapp"
            | "send_inbox_message"
            | "send_in_app"
            | "trigger_broadcast"
    )
}

fn method_kind(m: &str) -> Method {
    match m {
        "identify" => Method::Identify,
        "track" => Method::Track,
        "track_anonymous" | "anonymous_track" => Method::TrackAnonymous,
        "pageview" => Method::Page,
        "delete" => Method::Delete,
        "suppress" => Method::Suppress,
        "unsuppress" => Method::Unsuppress,
        "add_device" => Method::AddDevice,
        "delete_device" => Method::DeleteDevice,
        "merge_customers" => Method::Merge,
        "batch" => Method::Batch,
        "send_email" => Method::SendEmail,
        "send_push" | "send_sms" | "send_whatsapp" | "send_inbox_message" | "send_in_app" => {
            Method::SendMessage
        }
        "trigger_broadcast" => Method::TriggerBroadcast,
        _ => Method::Other,
    }
}
