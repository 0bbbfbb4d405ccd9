//! Reporting-webhook handlers, in every language: which request handlers read Customer.io
//! webhook payloads, whether they verify `X-CIO-Signature`, and what they do with
//! `bounced`/`dropped`/`spammed` events.
//!
//! One scanner serves all languages; a small table per language names the node kinds it
//! needs (functions, branches, calls, comparisons). Verification is looked for along the
//! whole chain: the handler itself, a helper it calls, its decorators, route middleware and
//! framework hooks in the same file.

use super::{Grammar, LineIndex, node_text};
use crate::facts::{
    DefaultBranch, FileFacts, MetricBranch, MetricDispatch, Span, Verification, WebhookHandler,
};
use crate::lang::fields::FieldByName;
use crate::lang::kinds::KindName;
use tree_sitter::{Node, Tree};

/// Node kinds the scanner needs, per grammar family.
struct Kinds {
    functions: &'static [&'static str],
    /// Branch nodes and the field holding their condition/pattern and their body.
    branches: &'static [(&'static str, &'static str, &'static str)],
    calls: &'static [&'static str],
    comparisons: &'static [&'static str],
    strings: &'static [&'static str],
}

fn kinds(g: Grammar) -> Kinds {
    match g {
        Grammar::JavaScript | Grammar::TypeScript | Grammar::Tsx => Kinds {
            functions: &[
                "function_declaration",
                "function_expression",
                "arrow_function",
                "method_definition",
                "function",
            ],
            branches: &[
                ("if_statement", "condition", "consequence"),
                ("switch_case", "value", "body"),
            ],
            calls: &["call_expression"],
            comparisons: &["binary_expression"],
            strings: &["string", "template_string"],
        },
        Grammar::Python => Kinds {
            functions: &["function_definition"],
            branches: &[
                ("if_statement", "condition", "consequence"),
                ("elif_clause", "condition", "consequence"),
                ("case_clause", "pattern", "consequence"),
            ],
            calls: &["call"],
            comparisons: &["comparison_operator"],
            strings: &["string"],
        },
        Grammar::Ruby => Kinds {
            functions: &["method", "do_block", "block"],
            branches: &[
                ("if", "condition", "consequence"),
                ("elsif", "condition", "consequence"),
                ("unless", "condition", "consequence"),
                ("when", "pattern", "body"),
            ],
            calls: &["call"],
            comparisons: &["binary"],
            strings: &["string", "simple_symbol"],
        },
        Grammar::Go => Kinds {
            functions: &["function_declaration", "method_declaration", "func_literal"],
            branches: &[
                ("if_statement", "condition", "consequence"),
                ("expression_case", "value", "body"),
            ],
            calls: &["call_expression"],
            comparisons: &["binary_expression"],
            strings: &["interpreted_string_literal", "raw_string_literal"],
        },
    }
}

const PAYLOAD_FIELDS: &[&str] = &[
    "metric",
    "object_type",
    "event_id",
    "delivery_id",
    "identifiers",
];
const BOUNCE_METRICS: &[&str] = &["bounced", "dropped", "spammed"];
/// Every `metric` a reporting webhook sends: a branch on any of them dispatches on the metric.
const METRICS: &[&str] = &[
    "sent",
    "delivered",
    "opened",
    "human_opened",
    "machine_opened",
    "clicked",
    "converted",
    "unsubscribed",
    "subscribed",
    "cio_subscription_preferences_changed",
    "bounced",
    "dropped",
    "spammed",
    "failed",
    "undeliverable",
    "attempted",
    "drafted",
    "deferred",
];

/// Text that reads a request body, in the frameworks receivers are written in: Express and
/// friends, integration-platform nodes (`this.getBodyData()`) and triggers
/// (`context.payload.body`), serverless functions (`event.body`, `request.json()`), Flask,
/// Django, Rails and `net/http`.
const BODY_READS: &[&str] = &[
    "req.body",
    "request.body",
    "getbodydata(",
    "payload.body",
    "event.body",
    "request.json(",
    "req.json(",
    "get_json(",
    "request.data",
    "request.post",
    "params[",
    "params.permit",
    "raw_post",
    "r.body",
    "bindjson(",
    "shouldbindjson(",
    "ctx.request.body",
];

/// Names bound to a list of metric literals in this file (`SUPPRESS = ["bounced", "dropped"]`).
type MetricLists = Vec<(String, Vec<String>)>;

struct Scanner<'a> {
    src: &'a [u8],
    k: Kinds,
    lines: LineIndex<'a>,
}

impl<'a> Scanner<'a> {
    fn text(&self, n: Node) -> String {
        node_text(n, self.src).into_owned()
    }

    fn string_value(&self, n: Node) -> Option<String> {
        if !self.k.strings.contains(&n.kind_name()) {
            return None;
        }
        let t = self.text(n);
        Some(
            t.trim_start_matches(':')
                .trim_matches(['"', '\'', '`'])
                .to_string(),
        )
    }

    /// Visit every node below `node` (iteratively; bounded).
    fn each(&self, node: Node<'a>, mut f: impl FnMut(Node<'a>)) {
        let mut cursor = node.walk();
        let mut stack = vec![node];
        let mut seen = 0usize;
        while let Some(n) = stack.pop() {
            seen += 1;
            if seen > 200_000 {
                return;
            }
            if n.kind_name() == "comment" {
                continue;
            }
            f(n);
            for c in n.children(&mut cursor) {
                stack.push(c);
            }
        }
    }

    /// Words of a subtree's strings and names that say it reads a reporting payload.
    fn payload_fields(&self, node: Node<'a>) -> Vec<&'static str> {
        let mut found = Vec::new();
        self.each(node, |n| {
            let word = match self.string_value(n) {
                // Go struct tags: `json:"metric"`.
                Some(s) if s.starts_with("json:\"") => s["json:\"".len()..]
                    .split(['"', ','])
                    .next()
                    .unwrap_or_default()
                    .to_string(),
                Some(s) => s,
                None if n.child_count() == 0 => self.text(n),
                None => return,
            };
            let lower = word.to_ascii_lowercase();
            if let Some(f) = PAYLOAD_FIELDS.iter().find(|f| **f == lower)
                && !found.contains(f)
            {
                found.push(*f);
            }
        });
        found
    }

    fn callee_text(&self, call: Node) -> String {
        call.field("function")
            .or_else(|| call.field("method"))
            .map(|f| {
                let recv = call
                    .field("receiver")
                    .map(|r| format!("{}.", self.text(r)))
                    .unwrap_or_default();
                format!("{recv}{}", self.text(f))
            })
            .unwrap_or_default()
    }

    /// Signature evidence inside a subtree.
    fn evidence(&self, node: Node<'a>) -> Evidence {
        let mut e = Evidence::default();
        self.each(node, |n| {
            if let Some(s) = self.string_value(n) {
                let l = s.to_ascii_lowercase();
                if l.contains("x-cio-signature") {
                    e.signature_header = true;
                }
                if l.contains("v0") {
                    e.signs_v0 = true;
                }
            }
            if self.k.calls.contains(&n.kind_name()) {
                let callee = self.callee_text(n);
                let c = callee.to_ascii_lowercase();
                let whole = self.text(n).to_ascii_lowercase();
                if c.contains("hmac") || whole.contains("hmac") && whole.contains("sha256") {
                    e.hmac = true;
                    // Where the digest is made (not compared), earliest first.
                    let span = self.lines.span(n);
                    if !c.contains("compare")
                        && !c.contains("equal")
                        && e.hmac_span.is_none_or(|s| span.start < s.start)
                    {
                        e.hmac_span = Some(span);
                    }
                }
                if [
                    "timingsafeequal",
                    "compare_digest",
                    "secure_compare",
                    "constanttimecompare",
                    "hmac.equal",
                    "fixed_length_secure_compare",
                    "constant_time_eq",
                ]
                .iter()
                .any(|x| c.contains(x))
                {
                    e.constant_time = true;
                }
                if is_verifier_name(&callee) {
                    e.helper = true;
                }
            }
            if self.k.comparisons.contains(&n.kind_name()) {
                let t = self.text(n);
                let op = n
                    .field("operator")
                    .map(|o| self.text(o))
                    .unwrap_or_else(|| {
                        // Python's comparison_operator keeps the operator as an unnamed child.
                        ["===", "!==", "==", "!="]
                            .iter()
                            .find(|o| t.contains(**o))
                            .map(|o| o.to_string())
                            .unwrap_or_default()
                    });
                if matches!(op.as_str(), "==" | "===" | "!=" | "!==") {
                    let l = t.to_ascii_lowercase();
                    if (l.contains("signature")
                        || l.contains("digest")
                        || l.contains("hmac")
                        || l.contains("sig ")
                        || l.contains("sig)"))
                        && e.first_plain_compare.is_none()
                    {
                        e.first_plain_compare = Some(self.lines.span(n));
                    }
                    if (l.contains("token") || l.contains("secret"))
                        && !l.contains("signature")
                        && e.token_compare.is_none()
                    {
                        e.token_compare = Some(self.lines.span(n));
                    }
                }
            }
        });
        e
    }

    /// A branch node's kind, condition and body.
    fn branch(&self, n: Node<'a>) -> Option<(&'static str, Node<'a>, Node<'a>)> {
        let (kind, cond, body) = self
            .k
            .branches
            .iter()
            .find(|(k, _, _)| *k == n.kind_name())?;
        Some((
            kind,
            n.child_by_field_name(cond)?,
            n.child_by_field_name(body)?,
        ))
    }

    /// The check is skipped when the signing key is unset: `if key: <verify>` or
    /// `if (!key) return next()`.
    fn conditional_on_key(&self, node: Node<'a>) -> Option<Span> {
        let mut found = None;
        self.each(node, |n| {
            if found.is_some() {
                return;
            }
            let Some((_, c, b)) = self.branch(n) else {
                return;
            };
            let ct = self.text(c).to_ascii_lowercase();
            let keyish = ct.contains("key") || ct.contains("secret") || ct.contains("signing");
            if !keyish
                || ct.contains("signature")
                || ct.contains("==")
                || ct.contains("!=")
                || ct.contains("compare")
            {
                return;
            }
            let bt = self.text(b).to_ascii_lowercase();
            let negated = ct.starts_with('!')
                || ct.starts_with("not ")
                || ct.contains("nil?")
                || ct.contains("blank?")
                || ct.contains("is none")
                || ct.contains("empty");
            let verifies_inside = bt.contains("hmac") || bt.contains("verif");
            let lets_through = (bt.contains("return") || bt.contains("next"))
                && ![
                    "401",
                    "403",
                    "unauthorized",
                    "forbidden",
                    "abort",
                    "raise",
                    "throw",
                    "error",
                ]
                .iter()
                .any(|x| bt.contains(x));
            if (!negated && verifies_inside) || (negated && lets_through) {
                found = Some(self.lines.span(n));
            }
        });
        found
    }

    /// A branch taken when verification fails (`if not is_valid:`, `unless verified`,
    /// `if !ok {`) whose body neither returns, raises nor rejects: the check is not enforced.
    /// `None` when any such branch rejects, or when there is none.
    fn unenforced_failure(&self, node: Node<'a>) -> Option<Span> {
        let mut lax = None;
        let mut enforced = false;
        self.each(node, |n| {
            let Some((kind, c, b)) = self.branch(n) else {
                return;
            };
            let ct = self.text(c).to_ascii_lowercase();
            let about_verification = ["valid", "verif", "signature", "authentic", "hmac"]
                .iter()
                .any(|w| ct.contains(w));
            let negated = kind == "unless"
                || ct.starts_with('!')
                || ct.starts_with("not ")
                || ct.starts_with("(!")
                || ct.contains("== false")
                || ct.contains("is false")
                || ct.contains("!= nil")
                || ct.contains("is none");
            if !about_verification || !negated {
                return;
            }
            if self.rejects(b) {
                enforced = true;
            } else if lax.is_none() {
                lax = Some(self.lines.span(n));
            }
        });
        if enforced { None } else { lax }
    }

    /// Does a branch body stop the request: return, raise/throw, abort, or answer 401/403?
    fn rejects(&self, body: Node<'a>) -> bool {
        let mut stops = false;
        self.each(body, |n| {
            if stops {
                return;
            }
            if matches!(
                n.kind_name(),
                "return_statement" | "return" | "raise_statement" | "throw_statement"
            ) {
                stops = true;
                return;
            }
            if self.k.calls.contains(&n.kind_name()) {
                let callee = self.callee_text(n).to_ascii_lowercase();
                let leaf = callee.rsplit(['.', ':']).next().unwrap_or(&callee);
                let whole = self.text(n).to_ascii_lowercase();
                // `next(err)` hands the request to the error handler; `next()` lets it through.
                let passes_error = leaf == "next"
                    && n.field("arguments")
                        .is_some_and(|a| a.named_child_count() > 0);
                if matches!(leaf, "abort" | "halt" | "raise" | "fail" | "panic")
                    || passes_error
                    || callee == "http.error"
                    || ["401", "403", "unauthorized", "forbidden"]
                        .iter()
                        .any(|x| whole.contains(x))
                {
                    stops = true;
                }
            }
        });
        stops
    }

    /// Branches on `bounced`/`dropped`/`spammed` and whether their bodies act.
    fn branches(&self, node: Node<'a>, lists: &MetricLists, out: &mut Vec<MetricBranch>) {
        self.each(node, |n| {
            let Some((_, cond, body)) =
                self.k.branches.iter().find(|(k, _, _)| *k == n.kind_name())
            else {
                return;
            };
            let Some(c) = n.child_by_field_name(cond).or_else(|| n.named_child(0)) else {
                return;
            };
            let metrics: Vec<String> = self
                .metrics_in(c, lists)
                .into_iter()
                .filter(|m| BOUNCE_METRICS.contains(&m.as_str()))
                .collect();
            if metrics.is_empty() {
                return;
            }
            let body_node = n.child_by_field_name(body).or_else(|| {
                // Go's expression_case and JS switch_case keep statements as plain children.
                let mut cur = n.walk();
                n.named_children(&mut cur).last()
            });
            let acts = body_node.is_some_and(|b| b != c && self.acts(b));
            out.push(MetricBranch {
                metrics,
                span: self.lines.span(n),
                acts,
                mapped: false,
            });
        });
    }

    /// Metrics a condition or case pattern names: literals, and names of metric lists.
    fn metrics_in(&self, node: Node<'a>, lists: &MetricLists) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut add = |m: &str| {
            if !out.iter().any(|x| x == m) {
                out.push(m.to_string());
            }
        };
        self.each(node, |s| {
            if let Some(v) = self.string_value(s).or_else(|| {
                (s.kind_name() == "bare_string" || s.kind_name() == "bare_symbol")
                    .then(|| self.text(s))
            }) {
                if let Some(m) = METRICS.iter().find(|m| v.eq_ignore_ascii_case(m)) {
                    add(m);
                }
            } else if s.child_count() == 0 {
                let t = self.text(s);
                if let Some((_, ms)) = lists.iter().find(|(name, _)| *name == t) {
                    for m in ms {
                        add(m);
                    }
                }
            }
        });
        out
    }

    /// Names bound to a list, tuple or set of metric literals anywhere in the file.
    fn metric_lists(&self, root: Node<'a>) -> MetricLists {
        let mut out = MetricLists::new();
        self.each(root, |n| {
            if !matches!(
                n.kind_name(),
                "array" | "list" | "tuple" | "set" | "composite_literal" | "string_array"
            ) {
                return;
            }
            let metrics = self.metrics_in(n, &Vec::new());
            if metrics.is_empty() {
                return;
            }
            // `const SUBS = [...]`, `SUBS = {...}`, `var subs = []string{...}`, and the same
            // wrapped once more (`new Set([...])`, `frozenset({...})`).
            let mut up = n.parent();
            for _ in 0..3 {
                let Some(p) = up else { break };
                let name = p.field("name").or_else(|| p.field("left"));
                if let Some(name) = name {
                    let t = self.text(name);
                    if !t.is_empty() && t.chars().all(|c| c.is_alphanumeric() || c == '_') {
                        out.push((t, metrics));
                    }
                    break;
                }
                up = p.parent();
            }
        });
        out
    }

    /// Metric maps (`{"opened": "email_opened", "bounced": None}`): each bounce or complaint
    /// key, and whether it maps to anything.
    fn metric_maps(&self, root: Node<'a>, out: &mut thin_vec::ThinVec<MetricBranch>) {
        self.each(root, |n| {
            if !matches!(
                n.kind_name(),
                "object" | "dictionary" | "hash" | "literal_value"
            ) {
                return;
            }
            let mut entries: Vec<(String, Node<'a>, Node<'a>)> = Vec::new();
            let mut cur = n.walk();
            for pair in n.named_children(&mut cur) {
                if !matches!(pair.kind_name(), "pair" | "keyed_element") {
                    continue;
                }
                let (key, value) = match (pair.field("key"), pair.field("value")) {
                    (Some(k), Some(v)) => (k, v),
                    _ => match (pair.named_child(0), pair.named_child(1)) {
                        (Some(k), Some(v)) => (k, v),
                        _ => continue,
                    },
                };
                let key_node = if key.kind_name() == "literal_element" {
                    key.named_child(0).unwrap_or(key)
                } else {
                    key
                };
                let k = self.string_value(key_node).unwrap_or_else(|| {
                    self.text(key_node)
                        .trim_end_matches(':')
                        .trim_start_matches(':')
                        .to_string()
                });
                if let Some(m) = METRICS.iter().find(|m| k.eq_ignore_ascii_case(m)) {
                    entries.push((m.to_string(), pair, value));
                }
            }
            if entries.len() < 2 {
                return;
            }
            for (metric, pair, value) in entries {
                if !BOUNCE_METRICS.contains(&metric.as_str()) {
                    continue;
                }
                let v = self.text(value);
                let v = v.trim();
                let nothing = matches!(
                    v,
                    "None" | "null" | "undefined" | "nil" | "false" | "False" | "\"\"" | "''"
                );
                out.push(MetricBranch {
                    metrics: vec![metric],
                    span: self.lines.span(pair),
                    acts: !nothing,
                    mapped: true,
                });
            }
        });
    }

    /// How a function dispatches on the metric: `switch`/`case`/`match` statements and `if`
    /// chains whose cases name a metric, and where the other metrics go.
    fn dispatch(&self, node: Node<'a>, lists: &MetricLists) -> Option<MetricDispatch> {
        let mut span: Option<Span> = None;
        let mut metrics: Vec<String> = Vec::new();
        let mut defaults: Vec<DefaultBranch> = Vec::new();
        let mut note = |at: Span, found: Vec<String>, metrics: &mut Vec<String>| {
            if span.is_none_or(|s| at.start < s.start) {
                span = Some(at);
            }
            for m in found {
                if !metrics.contains(&m) {
                    metrics.push(m);
                }
            }
        };
        self.each(node, |n| match n.kind_name() {
            "switch_statement" | "expression_switch_statement" | "case" | "match_statement" => {
                let mut cases: Vec<Node> = Vec::new();
                let mut cur = n.walk();
                for c in n.named_children(&mut cur) {
                    if matches!(c.kind_name(), "switch_body" | "block") {
                        let mut cc = c.walk();
                        cases.extend(c.named_children(&mut cc));
                    } else {
                        cases.push(c);
                    }
                }
                let mut found = Vec::new();
                let mut default = None;
                for c in cases {
                    let mut cur = c.walk();
                    let patterns: Vec<Node> = c
                        .children_by_field_name("value", &mut cur)
                        .chain(c.children_by_field_name("pattern", &mut c.walk()))
                        .chain(
                            c.named_children(&mut c.walk())
                                .filter(|p| p.kind_name() == "case_pattern"),
                        )
                        .collect();
                    match c.kind_name() {
                        "switch_default" | "default_case" | "else" => default = Some(c),
                        "case_clause" if patterns.iter().any(|p| self.text(*p).trim() == "_") => {
                            default = Some(c)
                        }
                        "switch_case" | "expression_case" | "when" | "case_clause" => {
                            for p in patterns {
                                for m in self.metrics_in(p, lists) {
                                    if !found.contains(&m) {
                                        found.push(m);
                                    }
                                }
                            }
                        }
                        _ => {}
                    }
                }
                if !found.is_empty() {
                    note(self.lines.span(n), found, &mut metrics);
                    if let Some(d) = default {
                        defaults.push(DefaultBranch {
                            span: self.lines.span(d),
                            acts: self.acts(d),
                        });
                    }
                }
            }
            "if_statement" | "if" | "unless" => {
                // Only the head of a chain: `else if` continues it.
                if n.parent().is_some_and(|p| {
                    p.kind_name() == "else_clause"
                        || (p.kind_name() == "if_statement" && n.kind_name() == "if_statement")
                }) {
                    return;
                }
                let mut found = Vec::new();
                let mut default = None;
                let mut guards = Vec::new();
                let mut cur = Some(n);
                while let Some(branch) = cur.take() {
                    let mut arms = vec![branch];
                    let mut w = branch.walk();
                    let alternatives: Vec<Node> = branch
                        .children_by_field_name("alternative", &mut w)
                        .collect();
                    for a in alternatives {
                        match a.kind_name() {
                            "elif_clause" => arms.push(a),
                            "elsif" | "if_statement" => cur = Some(a),
                            "else_clause" => match a.named_child(0) {
                                Some(inner) if inner.kind_name() == "if_statement" => {
                                    cur = Some(inner)
                                }
                                _ => default = Some(a),
                            },
                            "else" | "block" => default = Some(a),
                            _ => {}
                        }
                    }
                    for arm in arms {
                        let Some(cond) = arm.field("condition") else {
                            continue;
                        };
                        let named = self.metrics_in(cond, lists);
                        if named.is_empty() {
                            continue;
                        }
                        // `if metric != "subscribed"` / `unless metric == "opened"`: its
                        // body is where every other metric goes.
                        let ct = self.text(cond).to_ascii_lowercase();
                        let negated = arm.kind_name() == "unless"
                            || ct.contains("!=")
                            || ct.contains("not in")
                            || ct.trim_start_matches('(').starts_with('!')
                            || ct.starts_with("not ");
                        if negated && let Some(body) = arm.field("consequence") {
                            guards.push(DefaultBranch {
                                span: self.lines.span(arm),
                                acts: self.acts(body),
                            });
                        }
                        for m in named {
                            if !found.contains(&m) {
                                found.push(m);
                            }
                        }
                    }
                }
                if !found.is_empty() {
                    note(self.lines.span(n), found, &mut metrics);
                    defaults.extend(guards);
                    if let Some(d) = default {
                        defaults.push(DefaultBranch {
                            span: self.lines.span(d),
                            acts: self.acts(d),
                        });
                    }
                }
            }
            _ => {}
        });
        metrics.sort_by_key(|m| METRICS.iter().position(|x| x == m));
        span.map(|span| MetricDispatch {
            span,
            metrics,
            defaults,
        })
    }

    /// Functions of this file that `node` calls by name.
    fn helpers(&self, node: Node<'a>, named: &[(String, Node<'a>)]) -> Vec<Node<'a>> {
        let mut out: Vec<Node<'a>> = Vec::new();
        self.each(node, |c| {
            if !self.k.calls.contains(&c.kind_name()) {
                return;
            }
            let callee = self.callee_text(c);
            let leaf = callee.rsplit(['.', ':']).next().unwrap_or(&callee);
            if let Some((_, h)) = named
                .iter()
                .find(|(name, h)| name == leaf && h.id() != node.id())
                && !out.iter().any(|x| x.id() == h.id())
            {
                out.push(*h);
            }
        });
        out
    }

    /// Does a branch body do anything beyond logging and answering the request?
    fn acts(&self, body: Node<'a>) -> bool {
        let mut acts = false;
        self.each(body, |n| {
            if acts || !self.k.calls.contains(&n.kind_name()) {
                return;
            }
            let callee = self.callee_text(n);
            if !is_log_or_reply(&callee) {
                acts = true;
            }
        });
        acts
    }
}

#[derive(Default)]
struct Evidence {
    signature_header: bool,
    hmac: bool,
    /// Where the HMAC is first computed.
    hmac_span: Option<Span>,
    /// A string mentions the `v0` version prefix of the signed string.
    signs_v0: bool,
    constant_time: bool,
    helper: bool,
    first_plain_compare: Option<Span>,
    token_compare: Option<Span>,
}

fn is_verifier_name(callee: &str) -> bool {
    let leaf = callee
        .rsplit(['.', ':'])
        .next()
        .unwrap_or(callee)
        .to_ascii_lowercase();
    (leaf.contains("verif") || leaf.contains("validat") || leaf.contains("authenticat"))
        && (leaf.contains("sig")
            || leaf.contains("webhook")
            || leaf.contains("cio")
            || leaf.contains("customerio")
            || leaf.contains("request")
            || leaf.contains("hmac"))
        || leaf.contains("signature")
}

fn is_log_or_reply(callee: &str) -> bool {
    let c = callee.to_ascii_lowercase();
    let leaf = c.rsplit(['.', ':']).next().unwrap_or(&c);
    let root = c.split(['.', ':']).next().unwrap_or(&c);
    matches!(
        root,
        "console"
            | "logger"
            | "logging"
            | "log"
            | "rails"
            | "fmt"
            | "slog"
            | "zap"
            | "res"
            | "reply"
            | "response"
            | "w"
            | "c"
            | "ctx"
    ) || matches!(
        leaf,
        "print"
            | "puts"
            | "p"
            | "pp"
            | "println"
            | "printf"
            | "info"
            | "warn"
            | "warning"
            | "debug"
            | "error"
            | "log"
            | "send"
            | "json"
            | "status"
            | "sendstatus"
            | "head"
            | "render"
            | "writeheader"
            | "write"
            | "jsonify"
    )
}

/// Scan a parsed file for reporting-webhook handlers and metric branches.
pub(crate) fn scan(tree: &Tree, src: &[u8], grammar: Grammar, facts: &mut FileFacts) {
    let s = Scanner {
        src,
        k: kinds(grammar),
        lines: LineIndex::new(src),
    };
    let root = tree.root_node();
    // Quick exit: a handler must read a payload field, a branch must name a metric.
    let has = |needle: &str| memchr::memmem::find(src, needle.as_bytes()).is_some();
    if !PAYLOAD_FIELDS.iter().any(|f| has(f)) && !BOUNCE_METRICS.iter().any(|m| has(m)) {
        return;
    }
    let text = String::from_utf8_lossy(src).to_ascii_lowercase();
    for m in BOUNCE_METRICS {
        if text.contains(&format!("\"{m}\""))
            || text.contains(&format!("'{m}'"))
            || text.contains(&format!(":{m}"))
            || text.contains(&format!("`{m}`"))
        {
            facts.metric_mentions.push(m.to_string());
        }
    }
    // File-level wiring: middleware, hooks, decorators and before_actions named like a verifier.
    let mut chain_verified = false;
    s.each(root, |n| {
        if chain_verified {
            return;
        }
        let is_wiring = matches!(
            n.kind_name(),
            "decorator" | "pair" | "call" | "call_expression" | "simple_symbol"
        );
        if !is_wiring {
            return;
        }
        let t = s.text(n);
        let lower = t.to_ascii_lowercase();
        if n.kind_name() == "pair" {
            let key = n.field("key").map(|k| s.text(k)).unwrap_or_default();
            if matches!(key.as_str(), "preValidation" | "onRequest" | "preHandler")
                && (lower.contains("verif") || lower.contains("signature"))
            {
                chain_verified = true;
            }
            return;
        }
        let wiring = lower.contains("before_action")
            || lower.starts_with("@")
            || lower.contains(".use(")
            || lower.contains("addhook");
        if wiring
            && t.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .any(is_verifier_name)
        {
            chain_verified = true;
        }
    });
    // Functions of this file that verify, for one step through helpers.
    let mut verifying_functions: Vec<String> = Vec::new();
    // Those whose HMAC never signs the `v0:` prefix, with where they compute it.
    let mut wrong_string: Vec<(String, Span)> = Vec::new();
    let mut fn_nodes: Vec<Node> = Vec::new();
    s.each(root, |n| {
        if s.k.functions.contains(&n.kind_name()) {
            fn_nodes.push(n);
        }
    });
    for n in &fn_nodes {
        let e = s.evidence(*n);
        if e.hmac
            && (e.signature_header || e.constant_time)
            && let Some(name) = n.field("name")
        {
            verifying_functions.push(s.text(name));
            if !e.signs_v0
                && let Some(span) = e.hmac_span
            {
                wrong_string.push((s.text(name), span));
            }
        }
    }
    let lists = if has("metric") || has("Metric") {
        s.metric_lists(root)
    } else {
        MetricLists::new()
    };
    if BOUNCE_METRICS.iter().any(|m| has(m)) {
        s.metric_maps(root, &mut facts.metric_branches);
    }
    // Same-file functions by name, to follow a receiver into the helper that reads the
    // payload and dispatches.
    let named: Vec<(String, Node)> = fn_nodes
        .iter()
        .filter_map(|n| Some((s.text(n.field("name")?), *n)))
        .collect();
    let body_read_here = BODY_READS.iter().any(|b| text.contains(b));
    let receivers = receivers(&s, &fn_nodes, &named, facts, body_read_here);
    for n in &fn_nodes {
        let mut branches = Vec::new();
        s.branches(*n, &lists, &mut branches);
        // Keep each branch once: on the innermost function that holds it.
        for b in branches {
            if !facts.metric_branches.iter().any(|x| x.span == b.span) {
                facts.metric_branches.push(b);
            } else if let Some(x) = facts.metric_branches.iter_mut().find(|x| x.span == b.span) {
                *x = b;
            }
        }
        let Some((_, scope)) = receivers.iter().find(|(r, _)| r.id() == n.id()) else {
            continue;
        };
        let func = &facts.functions[*scope as usize];
        let e = s.evidence(*n);
        // Middleware given to the same route registration: `app.post(path, verify, handler)`.
        let route_middleware = n
            .parent()
            .filter(|a| matches!(a.kind_name(), "arguments" | "argument_list"))
            .is_some_and(|args| {
                let mut c = args.walk();
                args.named_children(&mut c)
                    .filter(|a| a.id() != n.id())
                    .any(|a| {
                        let t = s.text(a);
                        t.split(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
                            .any(|w| {
                                is_verifier_name(w) || verifying_functions.iter().any(|v| v == w)
                            })
                    })
            });
        let calls_verifier = {
            let mut found = false;
            s.each(*n, |c| {
                if !found && s.k.calls.contains(&c.kind_name()) {
                    let callee = s.callee_text(c);
                    let leaf = callee
                        .rsplit(['.', ':'])
                        .next()
                        .unwrap_or(&callee)
                        .to_string();
                    if verifying_functions.contains(&leaf) {
                        found = true;
                    }
                }
            });
            found
        };
        let checks_here = e.helper || calls_verifier || e.hmac;
        // The HMAC, here or in a helper of this file this handler calls, must sign
        // `v0:<timestamp>:<raw body>`; code that never writes `v0` signs something else.
        let signs_wrong_string = if e.hmac {
            e.hmac_span.filter(|_| !e.signs_v0)
        } else if e.signs_v0 {
            None
        } else {
            let mut found = None;
            s.each(*n, |c| {
                if found.is_none() && s.k.calls.contains(&c.kind_name()) {
                    let callee = s.callee_text(c);
                    let leaf = callee.rsplit(['.', ':']).next().unwrap_or(&callee);
                    found = wrong_string
                        .iter()
                        .find(|(name, _)| name == leaf)
                        .map(|(_, span)| *span);
                }
            });
            found
        };
        let verification = if let Some(span) = s.conditional_on_key(*n) {
            Verification::SkippedWhenKeyUnset(span)
        } else if let Some(span) = s.unenforced_failure(*n).filter(|_| checks_here) {
            Verification::NotEnforced(span)
        } else if let Some(compare) = e.first_plain_compare.filter(|_| e.hmac && !e.constant_time) {
            Verification::NonConstantCompare(compare)
        } else if let Some(span) = signs_wrong_string {
            Verification::WrongSignedString(span)
        } else if (e.hmac && (e.signature_header || e.constant_time))
            || e.helper
            || calls_verifier
            || chain_verified
            || route_middleware
        {
            Verification::Verified
        } else if let Some(span) = e.token_compare {
            Verification::StaticToken(span)
        } else {
            Verification::Missing
        };
        let mut dispatch = s.dispatch(*n, &lists);
        for h in s.helpers(*n, &named) {
            let Some(d) = s.dispatch(h, &lists) else {
                continue;
            };
            match dispatch.as_mut() {
                None => dispatch = Some(d),
                Some(own) => {
                    for m in d.metrics {
                        if !own.metrics.contains(&m) {
                            own.metrics.push(m);
                        }
                    }
                    own.defaults.extend(d.defaults);
                }
            }
        }
        facts.webhooks.push(WebhookHandler {
            scope: *scope,
            span: func.span,
            route: func.route.clone(),
            verification,
            dispatch,
        });
    }
    // Another provider's webhook (`event.event === "bounced"` from SendGrid) is not ours.
    let foreign: Vec<(usize, usize)> = fn_nodes
        .iter()
        .filter(|n| names_another_provider(&s.text(**n)))
        .map(|n| (n.start_byte(), n.end_byte()))
        .collect();
    facts.metric_branches.retain(|b| {
        !foreign
            .iter()
            .any(|(start, end)| *start <= b.span.start && b.span.end <= *end)
    });
    facts.metric_branches.sort_by_key(|b| b.span.start);
}

/// The functions that receive reporting webhooks: request handlers, functions named for
/// webhooks, and any function that reads a request body, when they read the payload's
/// `metric` and another of its fields (or one field, where the route, the name or the file's
/// path names a Customer.io webhook). A function that only registers a receiver reads its
/// body too: only the innermost one counts, unless the outer one is a handler itself.
fn receivers<'a>(
    s: &Scanner<'a>,
    fn_nodes: &[Node<'a>],
    named: &[(String, Node<'a>)],
    facts: &FileFacts,
    body_read_here: bool,
) -> Vec<(Node<'a>, u32)> {
    // The file names the payload's fields (Go decodes into a struct declared beside the
    // handler) or its path names Customer.io webhooks: reading `metric` is enough.
    let mut file_hint: Option<bool> = None;
    let mut file_hint = || {
        *file_hint.get_or_insert_with(|| {
            route_names_customerio(&facts.path)
                || fn_nodes.first().is_some_and(|n| {
                    let mut root = *n;
                    while let Some(p) = root.parent() {
                        root = p;
                    }
                    s.payload_fields(root).len() >= 2
                })
        })
    };
    let mut found: Vec<(Node<'a>, u32, bool)> = Vec::new();
    for n in fn_nodes {
        let Some(func) = facts
            .functions
            .iter()
            .find(|f| f.span.start == n.start_byte())
        else {
            continue;
        };
        let strong = func.is_request_handler
            || func
                .name
                .as_deref()
                .is_some_and(|n| n.to_ascii_lowercase().contains("webhook"));
        let reads_body = || {
            if !body_read_here {
                return false;
            }
            let text = s.text(*n).to_ascii_lowercase();
            text.contains("metric") && BODY_READS.iter().any(|b| text.contains(b))
        };
        if !strong && !reads_body() {
            continue;
        }
        let mut fields = s.payload_fields(*n);
        // A handler that hands the body to a helper of this file: `handleEvent(req.body)`.
        if strong {
            for h in s.helpers(*n, named) {
                for f in s.payload_fields(h) {
                    if !fields.contains(&f) {
                        fields.push(f);
                    }
                }
            }
        }
        let route_hint = func.route.as_deref().is_some_and(route_names_customerio)
            || func.name.as_deref().is_some_and(route_names_customerio);
        let metric = fields.contains(&"metric");
        let reads_payload = metric && (fields.len() >= 2 || route_hint || file_hint());
        if !(reads_payload || route_hint && !fields.is_empty()) {
            continue;
        }
        found.push((*n, func.id, strong));
    }
    let contains = |outer: &Node, inner: &Node| {
        outer.id() != inner.id()
            && outer.start_byte() <= inner.start_byte()
            && inner.end_byte() <= outer.end_byte()
    };
    found
        .iter()
        .filter(|(n, _, strong)| *strong || !found.iter().any(|(m, _, _)| contains(n, m)))
        .map(|(n, id, _)| (*n, *id))
        .collect()
}

/// Code that names another e-mail provider and not Customer.io: its delivery events are
/// that provider's.
fn names_another_provider(text: &str) -> bool {
    let l = text.to_ascii_lowercase();
    [
        "sendgrid",
        "x-twilio",
        "mailgun",
        "postmark",
        "sparkpost",
        "mandrill",
        "mailjet",
        "sendinblue",
        "brevo",
        "amazonses",
    ]
    .iter()
    .any(|p| l.contains(p))
        && !["customerio", "customer.io", "customer_io", "x-cio-"]
            .iter()
            .any(|c| l.contains(c))
}

/// Routes and function names that say "Customer.io webhook".
fn route_names_customerio(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    let cio = l.contains("customerio")
        || l.contains("customer.io")
        || l.contains("customer_io")
        || l.contains("customer-io")
        || l.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| w == "cio");
    cio && (l.contains("webhook")
        || l.contains("hook")
        || l.contains("event")
        || l.contains("report"))
}
