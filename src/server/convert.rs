//! Between ciolint's world (paths, byte offsets) and the protocol's (`file://` URIs, lines
//! and columns counted in UTF-16 or UTF-8 code units, as negotiated).

use lsp_types::{Position, Range, Uri};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// How the client counts columns: UTF-16 code units unless it offered UTF-8 (LSP 3.17).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Utf8,
    Utf16,
}

/// The path a `file://` URI names; `None` for other schemes (unsaved `untitled:` buffers).
pub(crate) fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let rest = text
        .strip_prefix("file://")
        .or_else(|| text.strip_prefix("FILE://"))?;
    // `file:///p` and `file://localhost/p` name the local file `/p`.
    let path = if rest.starts_with('/') {
        rest
    } else {
        rest.strip_prefix("localhost")?
    };
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let decoded = percent_decode(path)?;
    // Windows: `/C:/Users/x` is the path `C:/Users/x`.
    let bytes = decoded.as_bytes();
    let decoded = if cfg!(windows)
        && bytes.len() >= 3
        && bytes[0] == b'/'
        && bytes[1].is_ascii_alphabetic()
        && bytes[2] == b':'
    {
        decoded[1..].to_string()
    } else {
        decoded
    };
    Some(PathBuf::from(decoded))
}

/// The `file://` URI of an absolute path.
pub(crate) fn path_to_uri(path: &Path) -> Option<Uri> {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut out = String::from("file://");
    if !text.starts_with('/') {
        out.push('/');
    }
    for b in text.bytes() {
        // Unreserved characters and the separator stay; everything else is escaped (a drive
        // letter's colon too, as VS Code writes it).
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Uri::from_str(&out).ok()
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Line starts of a text, to turn byte offsets into protocol positions and back.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    encoding: Encoding,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str, encoding: Encoding) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            text,
            line_starts,
            encoding,
        }
    }

    /// The position of a byte offset (clamped to the text, and back to a character boundary).
    pub(crate) fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|s| *s <= offset) - 1;
        let before = &self.text[self.line_starts[line]..offset];
        let character = match self.encoding {
            Encoding::Utf8 => before.len(),
            Encoding::Utf16 => before.encode_utf16().count(),
        };
        Position::new(line as u32, character as u32)
    }

    pub(crate) fn range(&self, start: usize, end: usize) -> Range {
        Range::new(self.position(start), self.position(end.max(start)))
    }

    /// The byte offset of a 0-based line and a 0-based column counted in characters (how
    /// ciolint's spans count columns).
    pub(crate) fn offset_of_char(&self, line: u32, column: u32) -> usize {
        let Some(&start) = self.line_starts.get(line as usize) else {
            return self.text.len();
        };
        let end = self
            .line_starts
            .get(line as usize + 1)
            .map_or(self.text.len(), |next| next - 1);
        self.text[start..end]
            .char_indices()
            .nth(column as usize)
            .map_or(end, |(i, _)| start + i)
    }

    /// The leading whitespace of a 0-based line.
    pub(crate) fn indent_of(&self, line: u32) -> &'a str {
        let Some(&start) = self.line_starts.get(line as usize) else {
            return "";
        };
        let rest = &self.text[start..];
        let width = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        &rest[..width]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_count_surrogate_pairs_twice() {
        let text = "a😀b\nsecond";
        let index = LineIndex::new(text, Encoding::Utf16);
        let b = text.find('b').unwrap();
        assert_eq!(index.position(b), Position::new(0, 3));
        assert_eq!(index.offset_of_char(0, 2), b);
        let utf8 = LineIndex::new(text, Encoding::Utf8);
        assert_eq!(utf8.position(b), Position::new(0, 5));
        assert_eq!(index.position(text.len()), Position::new(1, 6));
        assert_eq!(index.offset_of_char(7, 0), text.len());
        // Inside a character: back to its start.
        assert_eq!(index.position(2), Position::new(0, 1));
    }

    #[test]
    fn file_uris_round_trip_with_escapes() {
        let path = Path::new("/tmp/my project/süd/app.ts");
        let uri = path_to_uri(path).unwrap();
        assert_eq!(uri.as_str(), "file:///tmp/my%20project/s%C3%BCd/app.ts");
        assert_eq!(uri_to_path(&uri).unwrap(), path);
        let untitled = Uri::from_str("untitled:Untitled-1").unwrap();
        assert_eq!(uri_to_path(&untitled), None);
        let localhost = Uri::from_str("file://localhost/srv/a.py").unwrap();
        assert_eq!(uri_to_path(&localhost).unwrap(), Path::new("/srv/a.py"));
    }
}
