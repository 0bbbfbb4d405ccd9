//! State every extractor keeps while walking a tree: the facts being built, the function
//! and loop stacks, name bindings per scope, and source order. Language extractors own the
//! syntax; this owns the bookkeeping, so each language only says what its nodes mean.

use super::values::{Interpolation, either};
use super::{LineIndex, MAX_DEPTH, node_text, short_text};
use crate::facts::*;
use crate::lang::fields::FieldByName;
use crate::lang::kinds::KindName;
use std::collections::HashMap;
use tree_sitter::Node;

/// A bound receiver: its client, the client's index, the factory it came through, and
/// what is left for the link step.
pub(crate) type Receiver = (
    ClientInfo,
    Option<usize>,
    Option<FactoryUse>,
    Option<Unresolved>,
);

/// The call of `method` (named `name`) on `receiver`. `None` when the receiver is only
/// presumed a client and the method is none of the SDK's: nothing says it is Customer.io.
pub(crate) fn receiver_call(
    receiver: Receiver,
    method: Method,
    name: String,
    span: Span,
) -> Option<CallDraft> {
    let (info, client_index, via_factory, unresolved) = receiver;
    if unresolved.is_some() && method == Method::Other {
        return None;
    }
    let mut d = CallDraft::new(info, method, name, span);
    d.client_index = client_index;
    d.via_factory = via_factory;
    d.unresolved = unresolved;
    Some(d)
}

/// A receiver the link step resolves: `export` of project module `module` (empty: this file,
/// or this Go package). `info` is the language's Track client until the link step knows better.
pub(crate) fn imported_receiver(info: ClientInfo, module: String, export: String) -> Receiver {
    (
        info,
        None,
        None,
        Some(Unresolved::Import {
            module,
            export,
            factory: false,
        }),
    )
}

/// A receiver holding what factory `function` returns, called at `span`: the link step follows
/// `target` (module and export), or this file's `function` when there is none.
pub(crate) fn factory_receiver(
    info: ClientInfo,
    function: String,
    span: Span,
    scope: ScopeId,
    target: Option<(String, String)>,
) -> Receiver {
    let (module, export) = target.unwrap_or_else(|| (String::new(), function.clone()));
    let factory = FactoryUse {
        function,
        span,
        client_span: Span::default(),
        client_path: None,
        scope,
    };
    (
        info,
        None,
        Some(factory),
        Some(Unresolved::Import {
            module,
            export,
            factory: true,
        }),
    )
}

/// A receiver known only by its name (`cio`, a configured receiver name): the link step
/// decides what it holds.
pub(crate) fn named_receiver(info: ClientInfo, name: String) -> Receiver {
    (info, None, None, Some(Unresolved::ReceiverName(name)))
}

/// The function of this file a call's receiver is returned by, when the link step would
/// follow it (`cio().track(…)`, `cio` defined in the same file).
pub(crate) fn local_factory(call: &Call) -> Option<&str> {
    match &call.unresolved {
        Some(Unresolved::Import {
            module,
            export,
            factory: true,
        }) if module.is_empty() => Some(export),
        _ => None,
    }
}

/// Bind a call to client `index` of its file (what a getter of the file returns).
pub(crate) fn bind_to_client(call: &mut Call, clients: &[Client], index: usize) {
    call.client = clients[index].info;
    call.client_index = Some(index);
    call.via_factory = None;
    call.unresolved = None;
}

/// What a name refers to.
#[derive(Debug, Clone)]
pub(crate) enum Bind {
    Value(Value, Option<String>),
    Client(usize),
    /// A client obtained from a factory function (of this file, or imported).
    FactoryResult {
        function: String,
        span: Span,
        scope: ScopeId,
        import: Option<(String, String)>,
    },
    /// A name imported from another module of the project.
    Import {
        module: String,
        export: String,
    },
    /// A literal dictionary/hash/map, by index into the extractor's node list.
    Object(usize),
}

impl Bind {
    /// The receiver a name bound this way stands for; `None` for values and literals.
    pub fn receiver(self, clients: &[Client], info: ClientInfo) -> Option<Receiver> {
        match self {
            Bind::Client(i) => Some((clients[i].info, Some(i), None, None)),
            Bind::FactoryResult {
                function,
                span,
                scope,
                import,
            } => Some(factory_receiver(info, function, span, scope, import)),
            Bind::Import { module, export } => Some(imported_receiver(info, module, export)),
            Bind::Value(..) | Bind::Object(_) => None,
        }
    }
}

pub(crate) struct Frame {
    pub fn_id: ScopeId,
    pub bindings: HashMap<String, Bind>,
    pub response_sent: bool,
    /// `__init__`, `initialize`, a constructor: members assigned here live with the object.
    pub is_init: bool,
}

/// What the extractor found for a call, before the builder adds context.
pub(crate) struct CallDraft {
    pub client: ClientInfo,
    pub client_index: Option<usize>,
    pub method: Method,
    pub method_name: String,
    pub customer_id: Option<Expr>,
    pub event_name: Option<Expr>,
    pub timestamp: Option<Attr>,
    pub attributes: Vec<Attr>,
    pub payload: Option<Expr>,
    pub spreads: Vec<Expr>,
    pub outcome: Outcome,
    pub waits: bool,
    pub concurrent_group: Option<u32>,
    pub deferred: bool,
    pub via_factory: Option<FactoryUse>,
    pub unresolved: Option<Unresolved>,
    /// A hand-written HTTP request: its URL and verb.
    pub request: Option<Box<RawRequest>>,
    pub event_args: Option<Box<crate::facts::EventArgs>>,
    pub span: Span,
}

impl CallDraft {
    fn deferred_free(&self, deferred_depth: u32) -> bool {
        !self.deferred && deferred_depth == 0
    }

    pub fn new(client: ClientInfo, method: Method, method_name: String, span: Span) -> Self {
        CallDraft {
            client,
            client_index: None,
            method,
            method_name,
            customer_id: None,
            event_name: None,
            timestamp: None,
            attributes: Vec::new(),
            payload: None,
            spreads: Vec::new(),
            outcome: Outcome::Awaited,
            waits: true,
            concurrent_group: None,
            deferred: false,
            via_factory: None,
            unresolved: None,
            request: None,
            event_args: None,
            span,
        }
    }
}

/// Saved when entering a function, restored when leaving it.
pub(crate) struct FunctionState {
    loops: Option<Vec<u32>>,
    throttles: bool,
    loop_id: Option<u32>,
}

/// The function `scope` when returning client `idx` makes it a getter of a shared client:
/// a client built per call (`Returned`) makes a factory instead.
pub(crate) fn getter_name(facts: &FileFacts, scope: ScopeId, idx: usize) -> Option<String> {
    if facts.clients.get(idx)?.lifetime == Lifetime::Returned {
        return None;
    }
    facts.functions.get(scope as usize)?.name.clone()
}

pub(crate) struct Builder<'a> {
    pub src: &'a [u8],
    lines: LineIndex<'a>,
    pub facts: FileFacts,
    frames: Vec<Frame>,
    loop_stack: Vec<u32>,
    pub throttle_depth: u32,
    /// Inside a goroutine, a background task or a job proxy.
    pub deferred_depth: u32,
    order: u32,
    depth_note: bool,
    /// Functions that return a shared client (`return _client` after building it once).
    getters: HashMap<String, usize>,
}

impl<'a> Builder<'a> {
    pub fn new(src: &'a [u8], path: &str, language: Language) -> Self {
        let mut facts = FileFacts::new(path.to_string(), language);
        facts.functions.push(FunctionCtx::new(
            MODULE_SCOPE,
            None,
            None,
            FunctionKind::Module,
        ));
        Builder {
            src,
            lines: LineIndex::new(src),
            facts,
            frames: vec![Frame {
                fn_id: MODULE_SCOPE,
                bindings: HashMap::new(),
                response_sent: false,
                is_init: false,
            }],
            loop_stack: Vec::new(),
            throttle_depth: 0,
            deferred_depth: 0,
            order: 0,
            depth_note: false,
            getters: HashMap::new(),
        }
    }

    pub fn text(&self, node: Node) -> String {
        node_text(node, self.src).into_owned()
    }

    /// A string literal without interpolation, escapes as written (`"plan"` → `plan`): the
    /// grammars of Python and Ruby name a string's parts alike.
    pub fn literal_string(&self, node: Node) -> Option<String> {
        if node.kind_name() != "string" {
            return None;
        }
        let mut out = String::new();
        let mut interpolated = false;
        super::for_each_child(node, |part| match part.kind_name() {
            "string_content" | "escape_sequence" => out.push_str(&node_text(part, self.src)),
            "interpolation" => interpolated = true,
            _ => {}
        });
        (!interpolated).then_some(out)
    }

    pub fn span(&self, node: Node) -> Span {
        self.lines.span(node)
    }

    /// The span from one byte offset to another (a keyword argument's name to its value).
    pub fn span_of(&self, start: usize, end: usize) -> Span {
        self.lines.span_of(start, end)
    }

    pub fn short(&self, node: Node) -> String {
        short_text(node, self.src)
    }

    pub fn expr(&self, node: Node, value: Value, via: Option<String>) -> Expr {
        Expr {
            value,
            span: self.span(node),
            text: self.short(node),
            via,
        }
    }

    /// A string of `string_content`, `escape_sequence` and `interpolation` children (Python
    /// f-strings, Ruby `"#{}"`), each interpolated expression evaluated by `eval`.
    pub fn interpolated_string<'t>(
        &self,
        node: Node<'t>,
        mut eval: impl FnMut(Node<'t>) -> (Value, Option<String>),
    ) -> Value {
        let mut string = Interpolation::default();
        let mut c = node.walk();
        for ch in node.named_children(&mut c) {
            match ch.kind_name() {
                "string_content" | "escape_sequence" => string.text(&self.text(ch)),
                "interpolation" => {
                    // Python names the expression; Ruby's is the only child.
                    let Some(e) = ch.field("expression").or_else(|| ch.named_child(0)) else {
                        continue;
                    };
                    let (v, via) = eval(e);
                    string.value(v, |value| self.expr(e, value, via));
                }
                _ => {}
            }
        }
        string.finish()
    }

    /// Whether any node below `node` (comments excluded) satisfies `pred`; bounded work.
    pub fn any_descendant(&self, node: Node, pred: impl FnMut(Node) -> bool) -> bool {
        self.any_descendant_outside(node, |_, _| false, pred)
    }

    /// `any_descendant`, without looking inside the children `skip(parent, child)` picks
    /// (error branches: a `sleep` before a retry paces nothing on the path that succeeds).
    pub fn any_descendant_outside(
        &self,
        node: Node,
        skip: impl Fn(Node, Node) -> bool,
        mut pred: impl FnMut(Node) -> bool,
    ) -> bool {
        let mut stack = vec![node];
        let mut seen = 0usize;
        while let Some(n) = stack.pop() {
            seen += 1;
            if seen > 50_000 {
                return false;
            }
            if n.kind_name() == "comment" {
                continue;
            }
            if pred(n) {
                return true;
            }
            super::for_each_child(n, |c| {
                if !skip(n, c) {
                    stack.push(c);
                }
            });
        }
        false
    }

    /// True (and a note, once) when recursion went too deep to continue safely.
    pub fn too_deep(&mut self, node: Node, depth: usize) -> bool {
        if depth <= MAX_DEPTH {
            return false;
        }
        if !self.depth_note {
            self.depth_note = true;
            self.facts.notes.push(format!(
                "nesting deeper than {MAX_DEPTH} levels at line {}; the deepest part was not analysed",
                node.start_position().row + 1
            ));
        }
        true
    }

    // ------------------------------------------------------------ scopes

    pub fn scope(&self) -> ScopeId {
        self.frame().fn_id
    }

    pub fn frame(&self) -> &Frame {
        self.frames.last().expect("module frame")
    }

    pub fn frame_mut(&mut self) -> &mut Frame {
        self.frames.last_mut().expect("module frame")
    }

    pub fn at_module_scope(&self) -> bool {
        self.frames.len() == 1
    }

    pub fn lookup(&self, name: &str) -> Option<&Bind> {
        self.frames.iter().rev().find_map(|f| f.bindings.get(name))
    }

    /// What a name evaluates to: the value bound to it, or the name itself as a path.
    pub fn name_value(&self, name: String) -> (Value, Option<String>) {
        match self.lookup(&name) {
            Some(Bind::Value(v, via)) => (v.clone(), via.clone()),
            _ => (Value::Path(vec![name]), None),
        }
    }

    /// How long a client built here lives: shared at module level, local inside a function.
    pub fn lifetime_here(&self) -> Lifetime {
        if self.at_module_scope() {
            Lifetime::Shared
        } else {
            Lifetime::Local
        }
    }

    /// A binary expression's left operand, operator and right operand (the `left`,
    /// `operator` and `right` fields every grammar here names alike).
    pub fn binary<'t>(&self, node: Node<'t>) -> Option<(Node<'t>, String, Node<'t>)> {
        let (left, right) = (node.field("left")?, node.field("right")?);
        let op = node
            .field("operator")
            .map(|o| self.text(o))
            .unwrap_or_default();
        Some((left, op, right))
    }

    pub fn bind(&mut self, name: String, bind: Bind) {
        self.frame_mut().bindings.insert(name, bind);
    }

    /// The value a name holds after `name = value` at `node`. A literal assigned under a
    /// condition that tests the name (`if not uid: uid = "anonymous"`, `uid = "guest" if
    /// uid.nil?`, `if id == "" { id = "anonymous" }`) is a fallback: one more value it can
    /// hold, not its only one.
    pub fn assigned_value(&self, node: Node, name: &str, value: Value) -> Value {
        if !matches!(value, Value::Str(_)) || !self.tested_by_enclosing_if(node, name) {
            return value;
        }
        match self.frame().bindings.get(name) {
            Some(Bind::Value(old, _)) => either(old, value),
            _ => value,
        }
    }

    fn tested_by_enclosing_if(&self, node: Node, name: &str) -> bool {
        let mut cur = node.parent();
        while let Some(n) = cur {
            match n.kind_name() {
                "function_definition"
                | "lambda"
                | "method"
                | "singleton_method"
                | "do_block"
                | "block"
                | "function_declaration"
                | "method_declaration"
                | "func_literal"
                    if n.kind_name() != "block" || self.src_is_ruby_block(n) =>
                {
                    return false;
                }
                "if_statement" | "if" | "unless" | "if_modifier" | "unless_modifier"
                | "elif_clause" => {
                    let tests_name = n.field("condition").is_some_and(|c| {
                        self.text(c)
                            .split(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
                            .any(|w| w == name)
                    });
                    if tests_name {
                        return true;
                    }
                }
                _ => {}
            }
            cur = n.parent();
        }
        false
    }

    /// Ruby's `{ |x| … }` block is a `block` node; Go's and Python's `block` is a body.
    fn src_is_ruby_block(&self, n: Node) -> bool {
        self.facts.language == Language::Ruby && n.kind_name() == "block"
    }

    /// Members (`self.cio`, `@cio`, `s.cio`) and globals live on the module frame.
    pub fn bind_global(&mut self, name: String, bind: Bind) {
        self.frames[0].bindings.insert(name, bind);
    }

    /// Entering a class: the values of the previous class's members (`self.x`, `@x`) are not
    /// this one's.
    pub fn forget_member_values(&mut self, prefix: &str) {
        self.frames[0]
            .bindings
            .retain(|name, bind| !(name.starts_with(prefix) && matches!(bind, Bind::Value(..))));
    }

    /// `self.base_url = …` in one method, read in the others: every value a member is set to,
    /// wherever in the class.
    pub fn bind_member_value(&mut self, member: String, value: Value) {
        let value = match self.frames[0].bindings.get(&member) {
            Some(Bind::Value(old, _)) => either(old, value),
            _ => value,
        };
        self.bind_global(member.clone(), Bind::Value(value, Some(member)));
    }

    /// Enter a function; `named` functions do not inherit the loop around their definition.
    #[allow(clippy::too_many_arguments)]
    pub fn enter_function(
        &mut self,
        node: Node,
        name: Option<String>,
        kind: FunctionKind,
        is_async: bool,
        handler: Option<Option<String>>,
        loop_kind: Option<String>,
        throttles: bool,
    ) -> FunctionState {
        let id = self.facts.functions.len() as ScopeId;
        let is_init = matches!(
            name.as_deref(),
            Some("__init__" | "initialize" | "constructor")
        );
        self.facts.functions.push(FunctionCtx {
            id,
            parent: Some(self.scope()),
            name,
            kind,
            is_async,
            is_request_handler: handler.is_some(),
            route: handler.flatten(),
            span: self.span(node),
            params: Vec::new(),
            class: None,
        });
        self.frames.push(Frame {
            fn_id: id,
            bindings: HashMap::new(),
            response_sent: false,
            is_init,
        });
        let loops = (kind != FunctionKind::Arrow).then(|| std::mem::take(&mut self.loop_stack));
        if throttles {
            self.throttle_depth += 1;
        }
        let loop_id = loop_kind.map(|k| {
            let throttled = self.throttle_depth > 0;
            self.push_loop(node, &k, throttled)
        });
        FunctionState {
            loops,
            throttles,
            loop_id,
        }
    }

    pub fn exit_function(&mut self, state: FunctionState) {
        if let Some(id) = state.loop_id {
            self.pop_loop(id);
        }
        if state.throttles {
            self.throttle_depth -= 1;
        }
        if let Some(l) = state.loops {
            self.loop_stack = l;
        }
        self.frames.pop();
    }

    // ------------------------------------------------------------ loops

    pub fn push_loop(&mut self, node: Node, kind: &str, throttled: bool) -> u32 {
        let id = self.facts.loops.len() as u32;
        // A loop inside a paced loop runs at the outer loop's pace.
        let outer_throttled = self
            .current_loop()
            .is_some_and(|l| self.facts.loops[l as usize].throttled);
        self.facts.loops.push(LoopCtx {
            id,
            scope: self.scope(),
            span: self.span(node),
            throttled: throttled || outer_throttled || self.throttle_depth > 0,
            kind: kind.to_string(),
        });
        self.loop_stack.push(id);
        id
    }

    pub fn pop_loop(&mut self, id: u32) {
        if self.loop_stack.last() == Some(&id) {
            self.loop_stack.pop();
        }
    }

    pub fn current_loop(&self) -> Option<u32> {
        self.loop_stack.last().copied()
    }

    pub fn next_order(&mut self) -> u32 {
        self.order += 1;
        self.order
    }

    // ------------------------------------------------------------ facts

    pub fn push_client(
        &mut self,
        info: ClientInfo,
        credentials: Vec<Credential>,
        lifetime: Lifetime,
        binding: Option<String>,
        span: Span,
    ) -> usize {
        if let Some(i) = self.facts.clients.iter().position(|c| c.span == span) {
            return i;
        }
        let idx = self.facts.clients.len();
        if lifetime == Lifetime::Returned {
            self.facts.mark_factory(self.scope());
        }
        let (scope, loop_id) = (self.scope(), self.current_loop());
        let client = Client::new(info, credentials, scope, loop_id, lifetime, binding, span);
        self.facts.clients.push(client);
        idx
    }

    /// A client used by a call in the function that built it.
    pub fn mark_used(&mut self, idx: usize) {
        let scope = self.scope();
        if let Some(c) = self.facts.clients.get_mut(idx)
            && c.scope == scope
        {
            c.used_in_scope = true;
        }
    }

    pub fn push_call(&mut self, d: CallDraft) {
        let order = self.next_order();
        let throttled = self.throttle_depth > 0;
        let loop_id = self.current_loop();
        if throttled && let Some(l) = loop_id {
            self.facts.loops[l as usize].throttled = true;
        }
        let after_response = self.frame().response_sent;
        let waits = d.waits && d.deferred_free(self.deferred_depth);
        self.facts.calls.push(Call {
            client: d.client,
            client_index: d.client_index,
            method: d.method,
            method_name: d.method_name,
            customer_id: d.customer_id,
            event_name: d.event_name,
            timestamp: d.timestamp.map(Box::new),
            attributes: d.attributes,
            payload: d.payload.map(Box::new),
            spreads: d.spreads,
            outcome: d.outcome,
            waits,
            concurrent_group: d.concurrent_group,
            deferred: d.deferred || self.deferred_depth > 0,
            scope: self.scope(),
            loop_id,
            after_response,
            order,
            span: d.span,
            via_factory: d.via_factory.map(Box::new),
            unresolved: d.unresolved,
            forwarded: None,
            request: d.request,
            recipients: None,
            event_args: d.event_args,
        });
    }

    /// The parameters and class of the function just entered.
    pub fn describe_function(&mut self, params: Vec<String>, class: Option<String>) {
        let id = self.scope() as usize;
        if let Some(f) = self.facts.functions.get_mut(id) {
            f.params = params;
            f.class = class;
        }
    }

    /// A call of a project function or method (see [`crate::model`]). `waits` says whether
    /// the caller waits for it (an awaited coroutine, any synchronous call).
    pub fn push_project_call(
        &mut self,
        callee: crate::model::Callee,
        args: Vec<crate::model::Arg>,
        outcome: Outcome,
        waits: bool,
        span: Span,
    ) {
        let order = self.next_order();
        let deferred = self.deferred_depth > 0;
        self.facts.project_calls.push(crate::model::ProjectCall {
            callee,
            args,
            scope: self.scope(),
            loop_id: self.current_loop(),
            outcome,
            waits: waits && !deferred,
            deferred,
            after_response: self.frame().response_sent,
            concurrent_group: None,
            order,
            span,
        });
    }

    pub fn env_read(&mut self, name: String, span: Span) {
        self.facts.env_reads.push(EnvRead { name, span });
    }

    pub fn credential_assignment(&mut self, name: &str, context: Vec<String>, value: Expr) {
        self.type_field_assignment(name, context, None, value);
    }

    /// A credential-named field set for every value of `holder_type` (see
    /// [`CredentialAssignment::holder_type`]), or a plain assignment when it is `None`.
    pub fn type_field_assignment(
        &mut self,
        name: &str,
        context: Vec<String>,
        holder_type: Option<String>,
        value: Expr,
    ) {
        let lower = name.to_ascii_lowercase();
        if !(lower.contains("key")
            || lower.contains("secret")
            || lower.contains("site")
            || lower.contains("token"))
        {
            return;
        }
        if !matches!(value.value, Value::Str(_) | Value::Env(_)) {
            return;
        }
        self.facts
            .credential_assignments
            .push(CredentialAssignment {
                name: name.to_string(),
                context,
                holder_type,
                value,
            });
    }

    /// Names bound to clients at module scope (globals, constants, module variables).
    pub fn module_clients(&self) -> Vec<(String, usize)> {
        let mut out: Vec<(String, usize)> = self.frames[0]
            .bindings
            .iter()
            .filter_map(|(k, b)| match b {
                Bind::Client(i) => Some((k.clone(), *i)),
                _ => None,
            })
            .collect();
        out.sort();
        out
    }

    /// Names bound at module scope to the result of a factory of this file
    /// (`track_client = make_track_client()`), with the factory's name.
    pub fn module_factory_results(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self.frames[0]
            .bindings
            .iter()
            .filter_map(|(k, b)| match b {
                Bind::FactoryResult {
                    function,
                    import: None,
                    scope: MODULE_SCOPE,
                    ..
                } => Some((k.clone(), function.clone())),
                _ => None,
            })
            .collect();
        out.sort();
        out
    }

    /// `name` returns the shared client `idx` (a cached factory: `@lru_cache def get_cio()`).
    pub fn mark_getter(&mut self, name: String, idx: usize) {
        self.getters.insert(name, idx);
    }

    /// A `return` of `returned` (a name or attribute path): when it holds a client that is
    /// built once, the enclosing function is a getter of that shared client.
    pub fn note_return(&mut self, returned: &str) {
        let Some(Bind::Client(idx)) = self.lookup(returned).cloned() else {
            return;
        };
        if let Some(name) = getter_name(&self.facts, self.scope(), idx) {
            self.getters.insert(name, idx);
        }
    }

    pub fn export(&mut self, name: String, idx: usize, factory: bool) {
        let c = &self.facts.clients[idx];
        self.facts.exports.push(Export {
            name,
            client: c.info,
            factory,
            shared: false,
            client_span: c.span,
        });
    }

    pub fn note_sdk(&mut self, sdk: Sdk) {
        if !self.facts.sdk_imports.contains(&sdk) {
            self.facts.sdk_imports.push(sdk);
        }
    }

    /// Resolve calls made through factories of this file, and export factories.
    pub fn finish(mut self, exported_functions: &[String]) -> FileFacts {
        let factories = self.facts.factories.clone();
        let clients = self.facts.clients.clone();
        let functions = self.facts.functions.clone();
        let getters = std::mem::take(&mut self.getters);
        let factory_client = |name: &str| {
            clients.iter().find(|c| {
                c.lifetime == Lifetime::Returned
                    && functions
                        .get(c.scope as usize)
                        .and_then(|f| f.name.as_deref())
                        == Some(name)
            })
        };
        self.facts.calls.retain_mut(|call| {
            let Some(Unresolved::Import {
                module,
                export,
                factory: true,
            }) = &call.unresolved
            else {
                return true;
            };
            if !module.is_empty() {
                return true;
            }
            if let Some(&idx) = getters.get(export.as_str()) {
                call.client = clients[idx].info;
                call.client_index = Some(idx);
                call.via_factory = None;
                call.unresolved = None;
                return true;
            }
            if !factories.contains(export) {
                return false;
            }
            let Some(c) = factory_client(export) else {
                return false;
            };
            call.client = c.info;
            if let Some(f) = call.via_factory.as_mut() {
                f.client_span = c.span;
            }
            call.unresolved = None;
            true
        });
        for name in exported_functions {
            if let Some(&idx) = getters.get(name.as_str()) {
                let c = &clients[idx];
                self.facts.exports.push(Export {
                    name: name.clone(),
                    client: c.info,
                    factory: true,
                    shared: true,
                    client_span: c.span,
                });
                continue;
            }
            if let Some(c) = factory_client(name) {
                self.facts.exports.push(Export {
                    name: name.clone(),
                    client: c.info,
                    factory: true,
                    shared: false,
                    client_span: c.span,
                });
            }
        }
        self.facts
    }
}
