//! Language detection and dispatch: one extractor per language turns a syntax tree into
//! neutral [`FileFacts`](crate::facts::FileFacts).

pub(crate) mod builder;
pub(crate) mod fields;
pub(crate) mod go;
pub(crate) mod http;
pub(crate) mod import_words;
pub(crate) mod javascript;
pub(crate) mod kinds;
pub(crate) mod lowering;
pub(crate) mod maps;
pub(crate) mod python;
pub(crate) mod ruby;
pub(crate) mod values;
pub(crate) mod webhooks;

use crate::facts::{FileFacts, Language, Method, Recipients, Section, Span, Value};
use kinds::KindName;
use std::ops::ControlFlow;
use std::path::Path;
use std::time::{Duration, Instant};
use tree_sitter::{Node, ParseOptions, Parser};

/// How deep the extractors recurse before giving up on a subtree. Generated code can nest
/// expressions tens of thousands deep; recursion past this would overflow the stack.
pub(crate) const MAX_DEPTH: usize = 1500;

/// Parsing budget for one file; a pathological input gets a note instead of a hang.
const PARSE_BUDGET: Duration = Duration::from_secs(10);

/// The grammar a file is parsed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Grammar {
    JavaScript,
    TypeScript,
    Tsx,
    Python,
    Ruby,
    Go,
}

impl Grammar {
    pub(crate) fn language(self) -> Language {
        match self {
            Grammar::JavaScript => Language::JavaScript,
            Grammar::TypeScript | Grammar::Tsx => Language::TypeScript,
            Grammar::Python => Language::Python,
            Grammar::Ruby => Language::Ruby,
            Grammar::Go => Language::Go,
        }
    }

    fn ts_language(self) -> tree_sitter::Language {
        match self {
            Grammar::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
            Grammar::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            Grammar::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
            Grammar::Python => tree_sitter_python::LANGUAGE.into(),
            Grammar::Ruby => tree_sitter_ruby::LANGUAGE.into(),
            Grammar::Go => tree_sitter_go::LANGUAGE.into(),
        }
    }
}

/// The grammar for a path, from its extension; `None` for files we do not read as code.
pub(crate) fn grammar_for(path: &Path) -> Option<Grammar> {
    // Lossy: a file name that is not UTF-8 still has an extension worth reading.
    let name = path.file_name()?.to_string_lossy();
    if matches!(name.as_ref(), "Rakefile" | "Gemfile") {
        return Some(Grammar::Ruby);
    }
    if name.ends_with(".d.ts") {
        return None;
    }
    let ext = name.rsplit_once('.')?.1;
    Some(match ext {
        "js" | "jsx" | "mjs" | "cjs" => Grammar::JavaScript,
        "ts" | "mts" | "cts" => Grammar::TypeScript,
        "tsx" => Grammar::Tsx,
        "py" => Grammar::Python,
        "rb" | "rake" | "ru" => Grammar::Ruby,
        "go" => Grammar::Go,
        _ => return None,
    })
}

/// The grammar for a file: by its extension, or for a script without one (`bin/backfill`)
/// by its `#!` line.
pub(crate) fn grammar_of(path: &Path, head: &[u8]) -> Option<Grammar> {
    grammar_for(path).or_else(|| script_grammar(path, head))
}

/// The language of a script without an extension, from the program its `#!` line runs:
/// `#!/usr/bin/env ruby`, `#!/usr/bin/env -S python3 -u`, `#!/app/bin/rails runner`,
/// `#!/usr/bin/env node`.
pub(crate) fn script_grammar(path: &Path, head: &[u8]) -> Option<Grammar> {
    if path.file_name()?.to_string_lossy().contains('.') {
        return None;
    }
    let line = head.strip_prefix(b"#!")?;
    let line = &line[..line.iter().position(|&b| b == b'\n').unwrap_or(line.len())];
    let mut words = std::str::from_utf8(line).ok()?.split_whitespace();
    let mut program = words.next()?.rsplit('/').next()?;
    if program == "env" {
        program = words.find(|w| !w.starts_with('-') && !w.contains('='))?;
        program = program.rsplit('/').next()?;
    }
    // `python3.11`, `pypy3`: the version is not part of the name.
    let program = program.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    Some(match program {
        "ruby" | "jruby" | "rails" | "rake" | "bundle" => Grammar::Ruby,
        "python" | "pypy" => Grammar::Python,
        "node" | "nodejs" | "bun" => Grammar::JavaScript,
        "ts-node" | "tsx" | "deno" => Grammar::TypeScript,
        _ => return None,
    })
}

/// How many ERROR and MISSING nodes tree-sitter finds in a source: a fix may not add any.
/// `None` when the parse did not finish.
pub(crate) fn syntax_error_count(grammar: Grammar, src: &[u8]) -> Option<usize> {
    let mut parser = Parser::new();
    parser
        .set_language(&grammar.ts_language())
        .expect("bundled grammar");
    let deadline = Instant::now() + PARSE_BUDGET;
    let mut progress = |_: &tree_sitter::ParseState| {
        if Instant::now() > deadline {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    };
    let tree = parser.parse_with_options(
        &mut |i, _| if i < src.len() { &src[i..] } else { &[] },
        None,
        Some(ParseOptions::new().progress_callback(&mut progress)),
    )?;
    if !tree.root_node().has_error() {
        return Some(0);
    }
    let mut count = 0;
    let mut cursor = tree.walk();
    loop {
        let node = cursor.node();
        if node.is_error() || node.is_missing() {
            count += 1;
        }
        // Only subtrees that contain an error are worth entering.
        if node.has_error() && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return Some(count);
            }
        }
    }
}

/// The syntax tree of a file as an indented outline (`ciolint debug-tree FILE`).
pub(crate) fn debug_tree(grammar: Grammar, src: &[u8]) -> String {
    let mut parser = Parser::new();
    parser
        .set_language(&grammar.ts_language())
        .expect("bundled grammar");
    let Some(tree) = parser.parse(src, None) else {
        return String::new();
    };
    let mut out = String::new();
    let mut cursor = tree.walk();
    let mut depth = 0usize;
    loop {
        let node = cursor.node();
        let field = cursor
            .field_name()
            .map(|f| format!("{f}: "))
            .unwrap_or_default();
        let text = if node.child_count() == 0 {
            format!(" {:?}", node_text(node, src))
        } else {
            String::new()
        };
        out.push_str(&format!(
            "{}{field}{}{text}\n",
            "  ".repeat(depth),
            node.kind()
        ));
        if cursor.goto_first_child() {
            depth += 1;
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return out;
            }
            depth -= 1;
        }
    }
}

/// Project settings extractors need: names and wrappers specific to a codebase.
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    /// Receiver names that always hold a Customer.io client.
    pub receiver_names: Vec<String>,
    /// Decorators (Python), wrapper functions (JS/TS) and route DSL methods (Ruby) that make a
    /// function a request handler.
    pub handler_decorators: Vec<String>,
}

impl ExtractOptions {
    pub(crate) fn is_receiver(&self, name: &str) -> bool {
        self.receiver_names.iter().any(|n| n == name)
    }

    pub(crate) fn is_handler_wrapper(&self, name: &str) -> bool {
        let leaf = name.rsplit(['.', ':']).next().unwrap_or(name);
        self.handler_decorators
            .iter()
            .any(|d| d == name || d == leaf)
    }
}

/// One parser per grammar, reused for every file a thread handles.
#[derive(Default)]
pub(crate) struct Parsers {
    parsers: Vec<(Grammar, Parser)>,
}

impl Parsers {
    fn get(&mut self, grammar: Grammar) -> &mut Parser {
        if let Some(i) = self.parsers.iter().position(|(g, _)| *g == grammar) {
            return &mut self.parsers[i].1;
        }
        let mut parser = Parser::new();
        parser
            .set_language(&grammar.ts_language())
            .expect("bundled grammar is compatible with the tree-sitter runtime");
        self.parsers.push((grammar, parser));
        &mut self.parsers.last_mut().expect("just pushed").1
    }

    /// Parse and extract one file's facts.
    pub(crate) fn extract(
        &mut self,
        grammar: Grammar,
        path: &str,
        src: &[u8],
        opts: &ExtractOptions,
    ) -> FileFacts {
        let language = grammar.language();
        let parser = self.get(grammar);
        let deadline = Instant::now() + PARSE_BUDGET;
        let mut progress = |_: &tree_sitter::ParseState| {
            if Instant::now() > deadline {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        };
        let options = ParseOptions::new().progress_callback(&mut progress);
        let tree = parser.parse_with_options(
            &mut |i, _| if i < src.len() { &src[i..] } else { &[] },
            None,
            Some(options),
        );
        let Some(tree) = tree else {
            parser.reset();
            let mut facts = FileFacts::new(path.to_string(), language);
            facts.notes.push(format!(
                "parsing took longer than {} s; file skipped",
                PARSE_BUDGET.as_secs()
            ));
            return facts;
        };
        if std::env::var_os("CIOLINT_PARSE_ONLY").is_some() {
            return FileFacts::new(path.to_string(), language);
        }
        let mut facts = match grammar {
            Grammar::JavaScript | Grammar::TypeScript | Grammar::Tsx => {
                javascript::extract(&tree, src, path, language, opts)
            }
            Grammar::Python => python::extract(&tree, src, path, opts),
            Grammar::Ruby => ruby::extract(&tree, src, path, opts),
            Grammar::Go => go::extract(&tree, src, path, opts),
        };
        broadcast_recipients(&mut facts);
        webhooks::scan(&tree, src, grammar, &mut facts);
        facts.suppressions = crate::suppress::parse(src).into();
        facts.source = crate::facts::SourceText::held(String::from_utf8_lossy(src));
        facts
    }
}

/// Who each broadcast trigger of the file goes to, read from its top-level keys: the SDKs
/// and the raw API spell the audience fields alike (`ids`, Go `Ids`; `per_user_data`, Go
/// `PerUserData`). Kept on the call itself so calls derived through project functions keep it.
fn broadcast_recipients(facts: &mut FileFacts) {
    const FIELDS: &[(&str, &str)] = &[
        ("ids", "ids"),
        ("emails", "emails"),
        ("peruserdata", "per_user_data"),
        ("datafileurl", "data_file_url"),
        ("segment", "segment"),
        ("recipients", "recipients"),
    ];
    for call in &mut facts.calls {
        let is_trigger = call.method == Method::TriggerBroadcast
            || (call.method == Method::BuildRequest
                && call.method_name.ends_with("TriggerBroadcastRequest"));
        if !is_trigger {
            continue;
        }
        call.recipients = call
            .attributes
            .iter()
            .filter(|a| a.depth == 0 && a.section == Section::Top)
            .find_map(|a| {
                let key = crate::rules::common::normalize_key(&a.key);
                let field = FIELDS.iter().find(|(k, _)| *k == key)?.1;
                let listed = match a.value.value {
                    Value::Array(len) => len,
                    _ => None,
                };
                Some(Box::new(Recipients {
                    field: field.to_string(),
                    listed,
                    span: a.key_span,
                }))
            });
    }
}

/// The number of entries of a list literal, or `None` when one is spread in (`...ids`,
/// `*ids`), which hides how many there are.
pub(crate) fn list_len(node: Node) -> Option<usize> {
    const SPREADS: &[&str] = &[
        "spread_element",
        "list_splat",
        "splat_argument",
        "variadic_argument",
    ];
    let mut cursor = node.walk();
    let mut len = 0;
    for child in node.named_children(&mut cursor) {
        match child.kind_name() {
            "comment" => {}
            k if SPREADS.contains(&k) => return None,
            _ => len += 1,
        }
    }
    Some(len)
}

/// Converts tree-sitter positions to 1-based lines and character columns.
pub(crate) struct LineIndex<'a> {
    src: &'a [u8],
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(src: &'a [u8]) -> Self {
        LineIndex { src }
    }

    fn column(&self, byte: usize, row_start: usize) -> u32 {
        let start = row_start.min(self.src.len());
        let end = byte.min(self.src.len()).max(start);
        let prefix = &self.src[start..end];
        // Count characters, not bytes: continuation bytes (0b10xxxxxx) do not start one.
        let chars = prefix.iter().filter(|b| (**b & 0xC0) != 0x80).count();
        chars as u32 + 1
    }

    /// A span from byte offsets (for sources that are not parsed with tree-sitter).
    pub(crate) fn span_of(&self, start: usize, end: usize) -> Span {
        let pos = |byte: usize| {
            let byte = byte.min(self.src.len());
            let line_start = self.src[..byte]
                .iter()
                .rposition(|b| *b == b'\n')
                .map(|p| p + 1)
                .unwrap_or(0);
            let line = self.src[..byte].iter().filter(|b| **b == b'\n').count() as u32 + 1;
            (line, self.column(byte, line_start))
        };
        let (line, column) = pos(start);
        let (end_line, end_column) = pos(end);
        Span {
            start,
            end,
            line,
            column,
            end_line,
            end_column,
        }
    }

    pub(crate) fn span(&self, node: Node) -> Span {
        let sp = node.start_position();
        let ep = node.end_position();
        let start = node.start_byte();
        let end = node.end_byte();
        Span {
            start,
            end,
            line: sp.row as u32 + 1,
            column: self.column(start, start - sp.column),
            end_line: ep.row as u32 + 1,
            end_column: self.column(end, end - ep.column),
        }
    }
}

/// Source text of a node, lossily decoded so invalid UTF-8 never stops a scan.
pub(crate) fn node_text<'s>(node: Node, src: &'s [u8]) -> std::borrow::Cow<'s, str> {
    let end = node.end_byte().min(src.len());
    let start = node.start_byte().min(end);
    let bytes = &src[start..end];
    // The strict check runs a word at a time; the lossy one walks chunk by chunk.
    match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// Every node of the subtree at `root`, itself first, each before its children, in source
/// order: one cursor, no list of children per node.
pub(crate) fn for_each_descendant<'t>(root: Node<'t>, mut f: impl FnMut(Node<'t>)) {
    let mut cursor = root.walk();
    loop {
        f(cursor.node());
        if cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}

/// The named children of `node` that are not comments: a call's arguments, a list's items.
pub(crate) fn named_children_no_comments<'t>(node: Option<Node<'t>>) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    if let Some(node) = node {
        for_each_child(node, |c| {
            if c.is_named() && c.kind_name() != "comment" {
                out.push(c);
            }
        });
    }
    out
}

/// Call `f` on each child of `node` in order. A cursor walks them, so no list of children is
/// built for every node of the tree.
pub(crate) fn for_each_child<'t>(node: Node<'t>, mut f: impl FnMut(Node<'t>)) {
    let mut cursor = node.walk();
    if cursor.goto_first_child() {
        loop {
            f(cursor.node());
            if !cursor.goto_next_sibling() {
                break;
            }
        }
    }
}

/// Whitespace-collapsed source text cut to a length that reads well in a message.
pub(crate) fn short_text(node: Node, src: &[u8]) -> String {
    let text = node_text(node, src);
    let mut out = String::new();
    let mut last_space = false;
    for ch in text.chars() {
        if ch.is_whitespace() {
            if !last_space && !out.is_empty() {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(ch);
            last_space = false;
        }
        if out.chars().count() >= 80 {
            out.push('…');
            break;
        }
    }
    out.trim_end().to_string()
}

/// A name that only ever holds a Customer.io client (`cio`, `customerio`), in any language.
pub(crate) fn is_client_name(name: &str) -> bool {
    CLIENT_NAMES.contains(&name)
}

/// Receiver names that hold nothing but a Customer.io client, as each language spells them.
const CLIENT_NAMES: &[&str] = &[
    "cio",
    "customerio",
    "customerIo",
    "customerIO",
    "CustomerIo",
    "cioClient",
    "customerioClient",
    "customerIoClient",
    "customerIOClient",
    "cioTrack",
    "cioTrackClient",
    "trackClient",
    "cioApi",
    "cioApiClient",
    "cioAPI",
    "customer_io",
    "cio_client",
    "customerio_client",
    "customer_io_client",
    "track_client",
    "cio_api",
    "cio_track",
];

/// A name or call that paces or caps work: a rate limiter, a semaphore, a throttle.
pub(crate) fn is_limiter_text(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.contains("semaphore")
        || lower.contains("limiter")
        || lower.contains("rate_limit")
        || lower.contains("ratelimit")
        || lower.contains("throttle")
        || lower.contains("sleep_and_retry")
        || lower.starts_with("limits(")
}

#[cfg(test)]
mod tests {
    use super::{Grammar, script_grammar};
    use std::path::Path;

    fn script(name: &str, head: &str) -> Option<Grammar> {
        script_grammar(Path::new(name), head.as_bytes())
    }

    #[test]
    fn scripts_without_an_extension_by_their_interpreter() {
        assert_eq!(
            script("bin/sync", "#!/usr/bin/env ruby\n"),
            Some(Grammar::Ruby)
        );
        assert_eq!(
            script("bin/backfill", "#!/app/current/bin/rails runner\n"),
            Some(Grammar::Ruby)
        );
        assert_eq!(
            script(
                "scripts/resync",
                "#!/usr/bin/env -S python3.11 -u\nimport os"
            ),
            Some(Grammar::Python)
        );
        assert_eq!(
            script("bin/cli", "#!/usr/bin/python\n"),
            Some(Grammar::Python)
        );
        assert_eq!(
            script("bin/www", "#!/usr/bin/env node\n"),
            Some(Grammar::JavaScript)
        );
        assert_eq!(
            script("bin/run", "#!/usr/bin/env ts-node\n"),
            Some(Grammar::TypeScript)
        );
        assert_eq!(script("bin/deploy", "#!/bin/bash\nruby x.rb\n"), None);
        assert_eq!(script("bin/sync", "# no interpreter line\n"), None);
        // A file with an extension is judged by it, not by its first line.
        assert_eq!(script("tool.sh", "#!/usr/bin/env ruby\n"), None);
    }
}
