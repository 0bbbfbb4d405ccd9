//! Stable finding fingerprints for baselines and SARIF `partialFingerprints`.
//!
//! A fingerprint comes from the rule, the file and the normalised source of the finding's
//! first line (whitespace collapsed), plus its rank among identical ones: editing other
//! parts of the file, or inserting lines above, keeps it.

use crate::rules::Finding;
use std::collections::HashMap;

/// FNV-1a, 64-bit: small, stable across platforms and releases (unlike `DefaultHasher`).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The finding's source line with whitespace collapsed.
fn normalized_line(source: Option<&str>, line: u32) -> String {
    let Some(src) = source else {
        return String::new();
    };
    let text = src
        .lines()
        .nth(line.saturating_sub(1) as usize)
        .unwrap_or("");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One fingerprint per finding, in order. `source_of` reads a file's text (masked or not:
/// the same function must be used when writing and reading a baseline).
pub fn fingerprints(
    findings: &[Finding],
    mut source_of: impl FnMut(&str) -> Option<String>,
) -> Vec<String> {
    let mut cache: HashMap<String, Option<String>> = HashMap::new();
    let mut seen: HashMap<(String, String, u64), u32> = HashMap::new();
    findings
        .iter()
        .map(|f| {
            let src = cache
                .entry(f.path.clone())
                .or_insert_with(|| source_of(&f.path));
            let code = normalized_line(src.as_deref(), f.span.line);
            let base = fnv1a(format!("{}\0{}\0{}", f.rule, f.path, code).as_bytes());
            let n = seen
                .entry((f.rule.to_string(), f.path.clone(), base))
                .or_insert(0);
            *n += 1;
            format!("{base:016x}:{n}")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_and_distinct() {
        assert_eq!(fnv1a(b"abc"), fnv1a(b"abc"));
        assert_ne!(fnv1a(b"abc"), fnv1a(b"abd"));
        assert_eq!(normalized_line(Some("a\n  x   =  1 \n"), 2), "x = 1");
    }
}
