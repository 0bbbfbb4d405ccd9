//! What the Go, Python and Ruby extractors share around their builder: evaluating an
//! expression with a depth bound, recording env reads and credential assignments, reading a
//! call's arguments. Each extractor supplies only its syntax (`eval_syntax`, `env_name`, an
//! [`ArgumentSyntax`]); what is done with it is written here once.

use super::builder::Builder;
use super::kinds::KindName;
use crate::facts::{Expr, Span, Value};
use crate::lang::fields::FieldByName;
use tree_sitter::Node;

/// How deep expressions are evaluated before their value counts as unknown.
const MAX_EVAL_DEPTH: usize = 48;

/// A binary expression's left operand, operator and right operand, with the operands' values.
pub(crate) type Operands<'t> = (Node<'t>, String, Node<'t>, Value, Value);

pub(crate) trait Lowering<'a, 't> {
    /// The kind of a string literal that may hold interpolated expressions (Python f-strings,
    /// Ruby `"#{}"`), read by [`Builder::interpolated_string`].
    const INTERPOLATED_STRING: Option<&'static str> = None;

    fn builder(&self) -> &Builder<'a>;
    fn builder_mut(&mut self) -> &mut Builder<'a>;
    /// What one expression holds, read from the language's own node kinds; nested
    /// expressions go through [`Lowering::eval`].
    fn eval_syntax(&self, node: Node<'t>, depth: usize) -> (Value, Option<String>);
    /// The variable an env read names (`os.environ["X"]`, `ENV.fetch("X")`), when `node` is one.
    fn env_name(&self, _node: Node) -> Option<String> {
        None
    }

    /// What an expression holds, and the name it was reached through.
    fn eval(&self, node: Node<'t>, depth: usize) -> (Value, Option<String>) {
        if depth > MAX_EVAL_DEPTH {
            return (Value::Unknown, None);
        }
        if Self::INTERPOLATED_STRING == Some(node.kind_name()) {
            let value = self
                .builder()
                .interpolated_string(node, |e| self.eval(e, depth + 1));
            return (value, None);
        }
        self.eval_syntax(node, depth)
    }

    fn operands(&self, node: Node<'t>, depth: usize) -> Option<Operands<'t>> {
        let (left, op, right) = self.builder().binary(node)?;
        let left_value = self.eval(left, depth + 1).0;
        let right_value = self.eval(right, depth + 1).0;
        Some((left, op, right, left_value, right_value))
    }

    fn text(&self, node: Node) -> String {
        self.builder().text(node)
    }

    fn span(&self, node: Node) -> Span {
        self.builder().span(node)
    }

    fn value_expr(&self, node: Node<'t>) -> Expr {
        let (value, via) = self.eval(node, 0);
        self.builder().expr(node, value, via)
    }

    fn record_env_read(&mut self, node: Node) {
        if let Some(name) = self.env_name(node) {
            let span = self.span(node);
            self.builder_mut().env_read(name, span);
        }
    }

    /// `key = value` where a config key may be set: kept when the value is a literal (a
    /// hardcoded key) or an env read (where the key really comes from). `context` names the
    /// enclosing keys and variables, outermost first; it is read only for values kept.
    fn record_credential(
        &mut self,
        key: &str,
        value: Node<'t>,
        context: impl FnOnce(&Self) -> Vec<String>,
    ) where
        Self: Sized,
    {
        let (v, via) = self.eval(value, 0);
        let (Value::Str(_) | Value::Env(_)) = v else {
            return;
        };
        let context = context(self);
        let e = self.builder().expr(value, v, via);
        self.builder_mut().credential_assignment(key, context, e);
    }
}

/// How one language writes the arguments of a call.
pub(crate) struct ArgumentSyntax {
    /// A named argument (`keyword_argument`, a hash `pair`) and its name and value fields.
    pub keyword: &'static str,
    pub name_field: &'static str,
    pub value_field: &'static str,
    /// Spread arguments (`**opts`, `*args`).
    pub splats: &'static [&'static str],
    /// Children that are not arguments (comments, a Ruby `&block`).
    pub skipped: &'static [&'static str],
}

/// A call's arguments: positional ones in order, named ones with their names, spreads.
#[derive(Default)]
pub(crate) struct Args<'t> {
    pub positional: Vec<Node<'t>>,
    pub keywords: Vec<(String, Node<'t>, Node<'t>)>,
    pub splats: Vec<Node<'t>>,
}

impl<'t> Args<'t> {
    /// `key_name` reads a named argument's name; one it cannot read is left out.
    pub(crate) fn of(
        call: Node<'t>,
        syntax: &ArgumentSyntax,
        key_name: impl Fn(Node<'t>) -> Option<String>,
    ) -> Args<'t> {
        let mut out = Args::default();
        let Some(list) = call.field("arguments") else {
            return out;
        };
        let mut c = list.walk();
        for a in list.named_children(&mut c) {
            let kind = a.kind_name();
            if kind == syntax.keyword {
                if let (Some(k), Some(v)) =
                    (a.field(syntax.name_field), a.field(syntax.value_field))
                    && let Some(name) = key_name(k)
                {
                    out.keywords.push((name, k, v));
                }
            } else if syntax.splats.contains(&kind) {
                if let Some(inner) = a.named_child(0) {
                    out.splats.push(inner);
                }
            } else if !syntax.skipped.contains(&kind) {
                out.positional.push(a);
            }
        }
        out
    }

    pub(crate) fn keyword(&self, name: &str) -> Option<Node<'t>> {
        self.keywords
            .iter()
            .find(|(k, _, _)| k == name)
            .map(|(_, _, v)| *v)
    }
}
