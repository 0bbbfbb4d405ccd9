//! Node kinds by table: `Node::kind` measures the grammar's C string and checks it is UTF-8
//! on every call, and the extractors ask for a kind at nearly every node they pass. The
//! names of each bundled grammar are copied once, indexed by kind id.

use super::Grammar;
use std::sync::OnceLock;
use tree_sitter::{Language, Node};

struct KindNames {
    language: Language,
    names: Box<[Box<str>]>,
}

fn tables() -> &'static [KindNames] {
    static TABLES: OnceLock<Vec<KindNames>> = OnceLock::new();
    TABLES.get_or_init(|| {
        [
            Grammar::JavaScript,
            Grammar::TypeScript,
            Grammar::Tsx,
            Grammar::Python,
            Grammar::Ruby,
            Grammar::Go,
        ]
        .into_iter()
        .map(|grammar| {
            let language = grammar.ts_language();
            let names = (0..language.node_kind_count())
                .map(|id| {
                    u16::try_from(id)
                        .ok()
                        .and_then(|id| language.node_kind_for_id(id))
                        .unwrap_or_default()
                        .into()
                })
                .collect();
            KindNames { language, names }
        })
        .collect()
    })
}

pub(crate) trait KindName<'t> {
    /// The node's kind, as `Node::kind` gives it.
    fn kind_name(&self) -> &'t str;
}

impl<'t> KindName<'t> for Node<'t> {
    fn kind_name(&self) -> &'t str {
        let language = self.language();
        let id = usize::from(self.kind_id());
        let table = tables().iter().find(|t| t.language == *language);
        match table.and_then(|t| t.names.get(id)) {
            Some(name) => name,
            None => self.kind(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_names_match_tree_sitter_for_every_node() {
        let sources: [(Grammar, &str); 4] = [
            (
                Grammar::Tsx,
                "import { a } from 'b';\nconst x = <div>{a?.b ?? `t${1}`}</div>;\n",
            ),
            (
                Grammar::Python,
                "def f(*a, **k):\n    return [x async for x in a]\n",
            ),
            (Grammar::Ruby, "def f(a, *b)\n  puts \"#{a}\" if b\nend\n"),
            (Grammar::Go, "package p\nfunc f(a ...int) { go f() }\n"),
        ];
        for (grammar, src) in sources {
            let mut parser = tree_sitter::Parser::new();
            parser.set_language(&grammar.ts_language()).unwrap();
            let tree = parser.parse(src, None).unwrap();
            let mut cursor = tree.walk();
            let mut seen = 0;
            'walk: loop {
                let node = cursor.node();
                assert_eq!(node.kind_name(), node.kind());
                seen += 1;
                if cursor.goto_first_child() {
                    continue;
                }
                while !cursor.goto_next_sibling() {
                    if !cursor.goto_parent() {
                        break 'walk;
                    }
                }
            }
            assert!(seen > 10, "{grammar:?}: {seen} nodes");
        }
    }
}
