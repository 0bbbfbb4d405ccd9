//! The side path for committed configuration files (YAML, JSON, TOML, `.env`): every key
//! that is assigned a literal string, with the keys it sits under, so that the credential
//! rules judge them as they judge `apiKey: "…"` in code.
//!
//! The readers are line- and token-based rather than full parsers: a file with templating
//! (`<%= ENV[...] %>`, `{{ .Values.x }}`) or a syntax error still yields the plain
//! `key: value` lines around it, and every value keeps its exact position for the report.

use crate::facts::{CredentialAssignment, Expr, Span, Value};
use crate::lang::LineIndex;
use serde::Serialize;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ConfigFormat {
    Yaml,
    Json,
    Toml,
    Env,
}

/// Which configuration format a path is, if any. Lock files and manifests hold no keys.
pub(crate) fn config_format(path: &Path) -> Option<ConfigFormat> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    if name == ".env" || name.starts_with(".env.") || name.ends_with(".env") {
        return Some(ConfigFormat::Env);
    }
    let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
    if stem.ends_with("-lock")
        || stem.ends_with(".lock")
        || stem == "package"
        || stem == "composer"
        || stem == "tsconfig"
    {
        return None;
    }
    let format = |ext: &str| match ext {
        "yml" | "yaml" => Some(ConfigFormat::Yaml),
        "json" => Some(ConfigFormat::Json),
        "toml" => Some(ConfigFormat::Toml),
        _ => None,
    };
    let mut extensions = name.rsplit('.');
    let last = extensions.next()?;
    // One file per environment or a template to copy: `configuration.yml.production`,
    // `settings.json.example`.
    const VARIANTS: &[&str] = &[
        "production",
        "prod",
        "staging",
        "development",
        "dev",
        "test",
        "local",
        "example",
        "sample",
        "dist",
        "template",
        "default",
    ];
    if VARIANTS.contains(&last) {
        return extensions.next().and_then(format);
    }
    format(last)
}

/// Bytes that make a configuration file worth reading: it names Customer.io somewhere.
pub(crate) fn mentions_customerio(bytes: &[u8]) -> bool {
    let lower = bytes.to_ascii_lowercase();
    [
        "customerio",
        "customer_io",
        "customer-io",
        "customer.io",
        "cio_",
        "_cio",
        // A section named `cio` (`cio:` in YAML, `"cio":` in JSON, `[cio]` in TOML).
        "cio:",
        "\"cio\"",
        "[cio]",
        "cio.",
    ]
    .iter()
    .any(|n| memchr::memmem::find(&lower, n.as_bytes()).is_some())
}

/// What a configuration file assigns.
#[derive(Debug, Clone, Serialize)]
pub struct ConfigFacts {
    pub path: String,
    pub assignments: Vec<CredentialAssignment>,
    pub suppressions: Vec<crate::suppress::Suppression>,
}

pub(crate) fn config_facts(path: &str, src: &str, format: ConfigFormat) -> ConfigFacts {
    let index = LineIndex::new(src.as_bytes());
    let mut out = Vec::new();
    let mut push = |name: &str, context: Vec<String>, value: &str, start: usize| {
        // Only names that can hold a credential: a data file has thousands of other values,
        // and each position costs a scan of the text before it.
        let lower = name.to_ascii_lowercase();
        if lower != "id"
            && !["key", "secret", "site", "token"]
                .iter()
                .any(|w| lower.contains(w))
        {
            return;
        }
        let span = index.span_of(start, start + value.len());
        out.push(assignment(name, context, value, span));
    };
    match format {
        ConfigFormat::Env => read_env(src, &mut push),
        ConfigFormat::Toml => read_toml(src, &mut push),
        ConfigFormat::Yaml => read_yaml(src, &mut push),
        ConfigFormat::Json => read_json(src, &mut push),
    }
    ConfigFacts {
        path: path.to_string(),
        assignments: out,
        suppressions: crate::suppress::parse(src.as_bytes()),
    }
}

fn assignment(name: &str, context: Vec<String>, value: &str, span: Span) -> CredentialAssignment {
    CredentialAssignment {
        name: name.to_string(),
        context,
        holder_type: None,
        value: Expr {
            value: Value::Str(value.to_string()),
            span,
            text: String::new(),
            via: None,
        },
    }
}

/// Where a value starts and ends within `line`, without quotes or a trailing comment.
fn scalar(line: &str, from: usize) -> Option<(usize, &str)> {
    let rest = &line[from..];
    let lead = rest.len() - rest.trim_start().len();
    let rest = rest.trim_start();
    let start = from + lead;
    let quote = rest.chars().next()?;
    if quote == '"' || quote == '\'' {
        let end = rest[1..].find(quote)?;
        return Some((start + 1, &rest[1..1 + end]));
    }
    let value = rest.split(" #").next().unwrap_or(rest).trim_end();
    let value = value.trim_end_matches(',');
    (!value.is_empty()).then_some((start, value))
}

/// `KEY=value`, `export KEY="value"`.
fn read_env(src: &str, push: &mut impl FnMut(&str, Vec<String>, &str, usize)) {
    let mut offset = 0;
    for line in src.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start();
        if trimmed.starts_with('#') {
            continue;
        }
        let lead = body.len() - trimmed.len();
        let (lead, trimmed) = match trimmed.strip_prefix("export ") {
            Some(t) => (lead + "export ".len(), t),
            None => (lead, trimmed),
        };
        let Some((key, _)) = trimmed.split_once('=') else {
            continue;
        };
        let key = key.trim();
        if key.is_empty() || key.contains(char::is_whitespace) {
            continue;
        }
        let eq = lead + trimmed.find('=').unwrap_or(0) + 1;
        if let Some((at, value)) = scalar(body, eq) {
            push(key, Vec::new(), value, start + at);
        }
    }
}

/// `[section.sub]` headers, `key = "value"` and dotted keys.
fn read_toml(src: &str, push: &mut impl FnMut(&str, Vec<String>, &str, usize)) {
    let mut section: Vec<String> = Vec::new();
    let mut offset = 0;
    for line in src.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let t = body.trim();
        if t.starts_with('#') || t.is_empty() {
            continue;
        }
        if t.starts_with('[') {
            section = t
                .trim_matches(['[', ']'])
                .split('.')
                .map(|s| s.trim().trim_matches(['"', '\'']).to_string())
                .collect();
            continue;
        }
        let Some(eq) = body.find('=') else { continue };
        let mut path: Vec<String> = body[..eq]
            .trim()
            .split('.')
            .map(|s| s.trim().trim_matches(['"', '\'']).to_string())
            .collect();
        let Some(key) = path.pop() else { continue };
        if key.is_empty() {
            continue;
        }
        // Only quoted strings are strings in TOML.
        let after = body[eq + 1..].trim_start();
        if !(after.starts_with('"') || after.starts_with('\'')) {
            continue;
        }
        if let Some((at, value)) = scalar(body, eq + 1) {
            let mut context = section.clone();
            context.extend(path);
            push(&key, context, value, start + at);
        }
    }
}

/// Block mappings by indentation, flow scalars, and `- KEY=value` list items (Compose
/// `environment:` lists).
fn read_yaml(src: &str, push: &mut impl FnMut(&str, Vec<String>, &str, usize)) {
    // (indent, key) of the mappings enclosing the current line.
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut offset = 0;
    for line in src.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let t = body.trim_start();
        if t.is_empty() || t.starts_with('#') || t.starts_with("---") {
            continue;
        }
        let mut indent = body.len() - t.len();
        let mut t = t;
        let mut item = false;
        if let Some(rest) = t.strip_prefix("- ") {
            item = true;
            indent += 2;
            t = rest.trim_start();
        }
        while stack.last().is_some_and(|(i, _)| *i >= indent) {
            stack.pop();
        }
        let context = || stack.iter().map(|(_, k)| k.clone()).collect::<Vec<_>>();
        let col = body.len() - t.len();
        // `- CIO_API_KEY=abc123`, `- "CIO_API_KEY=abc123"`
        if item
            && key_colon(t).is_none()
            && let Some((at, entry)) = scalar(body, col)
            && let Some((key, value)) = entry.split_once('=')
            && !key.is_empty()
            && !key.contains(char::is_whitespace)
        {
            if !value.is_empty() {
                push(key, context(), value, start + at + key.len() + 1);
            }
            continue;
        }
        let Some(colon) = key_colon(t) else { continue };
        let key = t[..colon].trim().trim_matches(['"', '\'']).to_string();
        let after = &t[colon + 1..];
        if after.trim().is_empty() || after.trim_start().starts_with('#') {
            stack.push((indent, key));
            continue;
        }
        if after
            .trim_start()
            .starts_with(['|', '>', '{', '[', '&', '*', '!'])
        {
            continue;
        }
        if let Some((at, value)) = scalar(body, col + colon + 1) {
            push(&key, context(), value, start + at);
        }
    }
}

/// The colon that ends a mapping key (`key: value`, `"key": value`), if the line has one.
fn key_colon(t: &str) -> Option<usize> {
    if let Some(q) = t.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let end = t[1..].find(q)? + 1;
        return t[end + 1..]
            .starts_with(':')
            .then_some(end + 1)
            .filter(|c| t[c + 1..].is_empty() || t[c + 1..].starts_with(' '));
    }
    let colon = t.find(':')?;
    let key = &t[..colon];
    (!key.is_empty()
        && !key.contains(char::is_whitespace)
        && (t[colon + 1..].is_empty() || t[colon + 1..].starts_with(' ')))
    .then_some(colon)
}

/// Object keys and the string values assigned to them, with their enclosing keys.
fn read_json(src: &str, push: &mut impl FnMut(&str, Vec<String>, &str, usize)) {
    let bytes = src.as_bytes();
    // The key each open object or array was assigned to.
    let mut stack: Vec<String> = Vec::new();
    let mut pending: Option<String> = None;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'[' => {
                stack.push(pending.take().unwrap_or_default());
                i += 1;
            }
            b'}' | b']' => {
                stack.pop();
                pending = None;
                i += 1;
            }
            b',' => {
                pending = None;
                i += 1;
            }
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < bytes.len() && bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                let text = &src[start..j.min(src.len())];
                i = j + 1;
                let mut k = i;
                while k < bytes.len() && bytes[k].is_ascii_whitespace() {
                    k += 1;
                }
                if bytes.get(k) == Some(&b':') {
                    pending = Some(text.to_string());
                    i = k + 1;
                } else if let Some(key) = pending.take() {
                    let context = stack.iter().filter(|k| !k.is_empty()).cloned().collect();
                    push(&key, context, text, start);
                }
            }
            _ => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(src: &str, format: ConfigFormat) -> Vec<(String, Vec<String>, String, u32)> {
        config_facts("x", src, format)
            .assignments
            .into_iter()
            .map(|a| {
                let Value::Str(v) = a.value.value else {
                    unreachable!()
                };
                (a.name, a.context, v, a.value.span.line)
            })
            .collect()
    }

    #[test]
    fn yaml_nesting_and_lists() {
        let src = "production:\n  customer_io:\n    site_id: \"f82ad78f695bd32f9d99\"\n    api_key: 1a621ef65edfe6d3b6ae # live\n  other: x\nservices:\n  app:\n    environment:\n      - CIO_API_KEY=9c1e5b2a7d4f8e3c6b0a\n";
        let got = read(src, ConfigFormat::Yaml);
        assert_eq!(got[0].0, "site_id");
        assert_eq!(got[0].1, vec!["production", "customer_io"]);
        assert_eq!(got[0].2, "f82ad78f695bd32f9d99");
        assert_eq!(got[1].2, "1a621ef65edfe6d3b6ae");
        // `other: x` is no credential name: not kept.
        assert_eq!(got.len(), 3);
        assert_eq!(got[2].0, "CIO_API_KEY");
        assert_eq!(got[2].1, vec!["services", "app", "environment"]);
        assert_eq!(got[2].2, "9c1e5b2a7d4f8e3c6b0a");
        assert_eq!(got[2].3, 9);
    }

    #[test]
    fn json_toml_env() {
        let j = read(
            "{\n  \"customerio\": {\n    \"apiKey\": \"1a621ef65edfe6d3b6ae\",\n    \"n\": [1, \"a\"]\n  }\n}",
            ConfigFormat::Json,
        );
        assert_eq!(j[0].0, "apiKey");
        assert_eq!(j[0].1, vec!["customerio"]);
        assert_eq!(j[0].3, 3);
        let t = read(
            "[customerio]\nsite_id = \"f82ad78f695bd32f9d99\"\nregion = \"eu\"\ncio.api_key = 'x1'\n",
            ConfigFormat::Toml,
        );
        assert_eq!(t.len(), 2);
        assert_eq!(t[1].1, vec!["customerio", "cio"]);
        let e = read(
            "# CIO_API_KEY=old\nexport CIO_SITE_ID=\"f82ad78f695bd32f9d99\"\nCIO_API_KEY=1a621ef65edfe6d3b6ae\nEMPTY=\n",
            ConfigFormat::Env,
        );
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].2, "f82ad78f695bd32f9d99");
        assert_eq!(e[1].0, "CIO_API_KEY");
    }
}
