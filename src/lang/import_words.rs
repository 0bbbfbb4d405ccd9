//! The module names a source file may import, kept as a small Bloom filter while the walk has
//! the file's bytes at hand. Once parsing shows which project modules export a client, the files that do not name Customer.io are searched again for
//! their importers; with this filter only the files that may import one of them are read
//! again, instead of every file of the tree.
//!
//! The filter answers for a word; it may say yes for a word the file lacks (so the file is read
//! and searched as before), never no for a word the file has in an import position:
//! - JavaScript: every word right after a `/` (`'../lib/cio'`, `"@/lib/cio.ts"`, `'./cio/index'`:
//!   `cio`), which covers every relative, aliased and workspace import path;
//! - Python: the word right after an `import` keyword and the last dotted name right before one
//!   (`import cio`, `from app.cio import client`, `from cio import client`: `cio`);
//! - Go: every word right after a `/` (`"github.com/acme/app/cio"`: `cio`) and the package
//!   name (`package cio`).
//!
//! Ruby files keep an empty filter and are always searched again: Ruby loads constants without
//! naming files.

use super::Grammar;
use crate::facts::Language;

/// A 128-bit Bloom filter of the words a file imports by, with two bits a word.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportWords(u128);

impl ImportWords {
    /// The words `bytes` may import by (none for Ruby).
    pub fn scan(grammar: Grammar, bytes: &[u8]) -> Self {
        let mut words = ImportWords::default();
        match grammar.language() {
            Language::JavaScript | Language::TypeScript => words.insert_path_words(bytes),
            Language::Go => {
                words.insert_path_words(bytes);
                for at in memchr::memmem::find_iter(bytes, b"package ") {
                    if at == 0 || bytes[at - 1].is_ascii_whitespace() {
                        let name = skip_spaces(bytes, at + "package ".len());
                        words.insert(word_after(bytes, name, is_path_word_byte));
                    }
                }
            }
            Language::Python => {
                for at in memchr::memmem::find_iter(bytes, b"import") {
                    let end = at + "import".len();
                    let before_ok = at == 0 || !is_python_word_byte(bytes[at - 1]);
                    let after_ok = bytes.get(end).is_none_or(|b| !is_python_word_byte(*b));
                    if !(before_ok && after_ok) {
                        continue;
                    }
                    let next = skip_spaces(bytes, end);
                    words.insert(word_after(bytes, next, is_python_word_byte));
                    words.insert(word_before(bytes, at));
                }
            }
            // Ruby loads constants without naming files, and its literals are constant names
            // that may sit inside longer ones: its files are always searched again.
            Language::Ruby => {}
        }
        words
    }

    /// Whether the file may import by `word` (false: it surely does not).
    pub fn may_contain(&self, word: &[u8]) -> bool {
        let bits = bits_of(word);
        bits != 0 && self.0 & bits == bits
    }

    fn insert_path_words(&mut self, bytes: &[u8]) {
        for slash in memchr::memchr_iter(b'/', bytes) {
            self.insert(word_after(bytes, slash + 1, is_path_word_byte));
        }
    }

    fn insert(&mut self, word: &[u8]) {
        self.0 |= bits_of(word);
    }
}

/// The word a rediscovery literal of `language` needs a file to import by, when the literal
/// names a module the way `link::module_literals` spells it (`/cio`, `.cio import`,
/// `import cio`, `cio import`, Go's `/cio"` and `package cio`); `None` for any other literal
/// (a name, a call, a field).
pub fn literal_word(language: Language, literal: &str) -> Option<&[u8]> {
    let word = match language {
        Language::JavaScript | Language::TypeScript => {
            let rest = literal.strip_prefix('/')?;
            word_after(rest.as_bytes(), 0, is_path_word_byte)
        }
        Language::Python => {
            let name = if let Some(rest) = literal.strip_prefix("import ") {
                rest
            } else {
                let rest = literal.strip_suffix(" import")?;
                rest.strip_prefix('.').unwrap_or(rest)
            };
            if name.is_empty() || !name.bytes().all(is_python_word_byte) {
                return None;
            }
            name.as_bytes()
        }
        Language::Go => {
            if let Some(name) = literal.strip_prefix("package ") {
                word_after(name.as_bytes(), 0, is_path_word_byte)
            } else {
                let path = literal.strip_prefix('/')?.strip_suffix('"')?;
                word_after(path.as_bytes(), 0, is_path_word_byte)
            }
        }
        Language::Ruby => return None,
    };
    (!word.is_empty()).then_some(word)
}

fn bits_of(word: &[u8]) -> u128 {
    if word.is_empty() {
        return 0;
    }
    // FNV-1a, then two bit positions from its halves.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in word {
        h = (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
    }
    (1u128 << (h & 127)) | (1u128 << ((h >> 32) & 127))
}

/// A module path's word: a file or directory name up to its extension.
fn is_path_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$' | b'-')
}

fn is_python_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || !b.is_ascii()
}

fn word_after(bytes: &[u8], start: usize, is_word: fn(u8) -> bool) -> &[u8] {
    let rest = bytes.get(start..).unwrap_or_default();
    let len = rest.iter().take_while(|b| is_word(**b)).count();
    &rest[..len]
}

/// The last dotted name before position `end`, spaces between them skipped: `app.cio` → `cio`.
fn word_before(bytes: &[u8], end: usize) -> &[u8] {
    let mut stop = end;
    while stop > 0 && matches!(bytes[stop - 1], b' ' | b'\t') {
        stop -= 1;
    }
    let mut start = stop;
    while start > 0 && is_python_word_byte(bytes[start - 1]) {
        start -= 1;
    }
    &bytes[start..stop]
}

fn skip_spaces(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(|b| matches!(b, b' ' | b'\t')) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn js(src: &str) -> ImportWords {
        ImportWords::scan(Grammar::TypeScript, src.as_bytes())
    }

    fn py(src: &str) -> ImportWords {
        ImportWords::scan(Grammar::Python, src.as_bytes())
    }

    fn finds(words: ImportWords, language: Language, literal: &str) -> bool {
        words.may_contain(literal_word(language, literal).expect("a module literal"))
    }

    #[test]
    fn javascript_import_paths_of_every_shape_are_found() {
        let ts = Language::TypeScript;
        for src in [
            "import { cio } from '../lib/cio';",
            "import { cio } from \"@/lib/cio.ts\";",
            "const { cio } = require('./cio/index');",
            "export * from './cio'",
            "const m = await import(`../cio.js`);",
        ] {
            assert!(finds(js(src), ts, "/cio"), "{src}");
        }
        assert!(finds(js("import x from './cio.client'"), ts, "/cio.client"));
        assert!(finds(
            js("import x from '@acme/customer-io'"),
            ts,
            "/customer-io"
        ));
    }

    #[test]
    fn javascript_files_that_import_other_modules_are_not_read_again() {
        let words = js("import { db } from '../lib/db';\nimport React from 'react';\n");
        let missed = ["/cio", "/customerio", "/analytics", "/track_client"]
            .iter()
            .filter(|l| finds(words, Language::TypeScript, l))
            .count();
        // Two bits a word in 128: a few false alarms at most, never a miss.
        assert!(missed <= 1, "{missed}");
        assert!(finds(words, Language::TypeScript, "/db"));
    }

    #[test]
    fn python_imports_of_every_shape_are_found() {
        let p = Language::Python;
        assert!(finds(py("import cio\n"), p, "import cio"));
        assert!(finds(py("import cio.client as c\n"), p, "import cio"));
        assert!(finds(
            py("from app.services.cio import client\n"),
            p,
            ".cio import"
        ));
        assert!(finds(py("from cio import client\n"), p, "cio import"));
        assert!(finds(py("from . import cio\n"), p, "import cio"));
        assert!(finds(
            py("from .cio import (\n    client,\n)\n"),
            p,
            ".cio import"
        ));
        assert!(finds(py("from .cio import(client)\n"), p, ".cio import"));
        assert!(!finds(py("import os\nimported = 1\n"), p, "import cio"));
    }

    #[test]
    fn literals_that_are_not_module_paths_have_no_word() {
        assert_eq!(literal_word(Language::JavaScript, "logout"), None);
        assert_eq!(literal_word(Language::Python, "cio_client"), None);
        assert_eq!(literal_word(Language::Go, "Send("), None);
        assert_eq!(literal_word(Language::Go, "/cio\""), Some(&b"cio"[..]));
        assert_eq!(literal_word(Language::Go, "package cio"), Some(&b"cio"[..]));
        assert_eq!(literal_word(Language::Ruby, "Notifier"), None);
    }

    #[test]
    fn go_import_paths_and_package_names_are_found() {
        let src =
            "package track\n\nimport (\n\t\"fmt\"\n\tcio \"github.com/acme/app/internal/cio\"\n)\n";
        let words = ImportWords::scan(Grammar::Go, src.as_bytes());
        assert!(finds(words, Language::Go, "/cio\""));
        assert!(finds(words, Language::Go, "package track"));
    }
}
