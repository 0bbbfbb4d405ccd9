//! Map literals (`{"plan": p}` in Python, `{plan: p}` in Ruby) flattened into the attributes
//! of a call the same way in every language: each entry an attribute, nested literals a level
//! deeper, spreads (`**extra`, `**opts`) kept aside, anything else the call's payload.

use super::builder::{Bind, CallDraft};
use super::kinds::KindName;
use super::lowering::Lowering;
use crate::facts::{Attr, Section};
use tree_sitter::Node;

/// How deep nested literals are flattened.
const MAX_NESTING: u8 = 3;

/// The map literals local variables are bound to (as `Bind::Object` numbers them), and the
/// entries set on them after they were written: (literal, key, value).
#[derive(Default)]
pub(crate) struct MapLiterals<'t> {
    bound: Vec<Node<'t>>,
    added: Vec<(Node<'t>, Node<'t>, Node<'t>)>,
}

/// One language's map-literal syntax, as the flattening needs it.
pub(crate) trait MapSyntax<'a, 't>: Lowering<'a, 't> {
    /// The node kinds of a map literal, of a spread entry inside one, and of the null value.
    const LITERAL: &'static str;
    const SPREAD: &'static str;
    const NULL: &'static str;
    /// Parentheses and the like around an expression.
    fn unwrap(&self, node: Node<'t>) -> Node<'t>;
    /// An entry's key as written (`"plan"`, `:plan`, `plan:`), when it is a constant.
    fn key(&self, key: Node<'t>) -> Option<String>;
    fn literals(&self) -> &MapLiterals<'t>;
    fn literals_mut(&mut self) -> &mut MapLiterals<'t>;

    /// `data = {...}`: the variable names that literal from here on.
    fn bind_literal(&mut self, name: String, literal: Node<'t>) {
        let bound = &mut self.literals_mut().bound;
        let i = bound.len();
        bound.push(literal);
        self.builder_mut().bind(name, Bind::Object(i));
    }

    /// `data["to"] = x` / `body[:to] = x` after `data = {...}`: the request built from the
    /// literal carries that entry too.
    fn note_added_entry(&mut self, object: Node<'t>, key: Node<'t>, value: Node<'t>) {
        if let Some(literal) = self.bound_literal(object)
            && self.key(key).is_some()
        {
            self.literals_mut().added.push((literal, key, value));
        }
    }

    /// The literal a local variable is bound to, when it is one.
    fn bound_literal(&self, name: Node<'t>) -> Option<Node<'t>> {
        let b = self.builder();
        match b.lookup(&b.text(name)) {
            Some(Bind::Object(i)) => self.literals().bound.get(*i).copied(),
            _ => None,
        }
    }

    /// One entry as an attribute of the call.
    fn attr(
        &self,
        key: String,
        key_node: Node<'t>,
        value: Node<'t>,
        section: Section,
        depth: u8,
    ) -> Attr {
        Attr {
            key,
            key_span: self.span(key_node),
            value: self.value_expr(value),
            section,
            depth,
        }
    }

    /// Flatten the map literal `node` is (or names) into `d`'s attributes; any other value
    /// becomes the call's payload.
    fn flatten_map(&self, d: &mut CallDraft, node: Node<'t>, section: Section, depth: u8) {
        let node = self.unwrap(node);
        let literal = match node.kind_name() {
            k if k == Self::LITERAL => Some(node),
            "identifier" => self.bound_literal(node),
            _ => None,
        };
        let Some(literal) = literal else {
            if node.kind_name() != Self::NULL {
                d.payload = Some(self.value_expr(node));
            }
            return;
        };
        let mut entries = Vec::new();
        let mut c = literal.walk();
        for entry in literal.named_children(&mut c) {
            match entry.kind_name() {
                "pair" => {
                    if let (Some(k), Some(v)) = (
                        entry.child_by_field_name("key"),
                        entry.child_by_field_name("value"),
                    ) {
                        entries.push((k, v));
                    }
                }
                k if k == Self::SPREAD => {
                    if let Some(inner) = entry.named_child(0) {
                        d.spreads.push(self.value_expr(inner));
                    }
                }
                _ => {}
            }
        }
        entries.extend(
            self.literals()
                .added
                .iter()
                .filter(|(l, _, _)| *l == literal)
                .map(|(_, k, v)| (*k, *v)),
        );
        for (k, v) in entries {
            let Some(key) = self.key(k) else {
                continue;
            };
            d.attributes.push(self.attr(key, k, v, section, depth));
            if self.unwrap(v).kind_name() == Self::LITERAL && depth < MAX_NESTING {
                self.flatten_map(d, v, section, depth + 1);
            }
        }
    }
}
