//! Readers for the manifests and lockfiles that can name a Customer.io SDK. JSON, TOML and
//! YAML files go through serde_json, toml and yaml-rust2; the line formats (requirements
//! files, Gemfile, Gemfile.lock, go.mod, classic yarn.lock) have no maintained Rust parser
//! and need only their `name version` lines. A file that does not parse yields nothing.

use super::requirement::{Dialect, Version, VersionRange, parse_requirement};
use super::{Ecosystem, SdkPackage, package_named};
use crate::facts::Span;
use crate::lang::LineIndex;
use std::path::Path;

/// The files that can tie a directory to an SDK version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ManifestKind {
    PackageJson,
    PackageLock,
    YarnLock,
    PnpmLock,
    Requirements,
    Pyproject,
    Pipfile,
    PipfileLock,
    PoetryLock,
    UvLock,
    Gemfile,
    GemfileLock,
    GoMod,
}

impl ManifestKind {
    pub fn ecosystem(self) -> Ecosystem {
        use ManifestKind::*;
        match self {
            PackageJson | PackageLock | YarnLock | PnpmLock => Ecosystem::Npm,
            Requirements | Pyproject | Pipfile | PipfileLock | PoetryLock | UvLock => {
                Ecosystem::PyPI
            }
            Gemfile | GemfileLock => Ecosystem::RubyGems,
            GoMod => Ecosystem::Go,
        }
    }

    /// Lockfiles record what is installed; manifests what is asked for.
    pub fn is_lockfile(self) -> bool {
        use ManifestKind::*;
        matches!(
            self,
            PackageLock | YarnLock | PnpmLock | PipfileLock | PoetryLock | UvLock | GemfileLock
        )
    }
}

/// Which manifest or lockfile a path is. Requirements files are `requirements*.txt`, or any
/// `.txt` in a `requirements/` directory (`requirements/prod.txt`).
pub fn manifest_kind(path: &Path) -> Option<ManifestKind> {
    let name = path.file_name()?.to_str()?;
    Some(match name {
        "package.json" => ManifestKind::PackageJson,
        "package-lock.json" | "npm-shrinkwrap.json" => ManifestKind::PackageLock,
        "yarn.lock" => ManifestKind::YarnLock,
        "pnpm-lock.yaml" => ManifestKind::PnpmLock,
        "pyproject.toml" => ManifestKind::Pyproject,
        "Pipfile" => ManifestKind::Pipfile,
        "Pipfile.lock" => ManifestKind::PipfileLock,
        "poetry.lock" => ManifestKind::PoetryLock,
        "uv.lock" => ManifestKind::UvLock,
        "Gemfile" | "gems.rb" => ManifestKind::Gemfile,
        "Gemfile.lock" | "gems.locked" => ManifestKind::GemfileLock,
        "go.mod" => ManifestKind::GoMod,
        n if n.ends_with(".txt")
            && (n.starts_with("requirements")
                || path
                    .parent()
                    .and_then(|p| p.file_name())
                    .is_some_and(|d| d == "requirements")) =>
        {
            ManifestKind::Requirements
        }
        _ => return None,
    })
}

/// An SDK a manifest asks for.
#[derive(Debug, Clone)]
pub struct Declared {
    pub package: &'static SdkPackage,
    /// The requirement as written (`^3.1.0`, `~> 6.1`, `==2.4.0`, `v3.8.0`; empty: any).
    pub spec: String,
    /// `None` when the requirement names no version (a git source, `workspace:*`).
    pub range: Option<VersionRange>,
    /// The line that declares it.
    pub span: Span,
}

/// An SDK a lockfile pins.
#[derive(Debug, Clone)]
pub struct Locked {
    pub package: &'static SdkPackage,
    pub version: Version,
    /// yarn: the `name@range` descriptors the entry resolves; npm and pnpm: the workspace
    /// directory (relative to the lockfile, `""` for the root) whose dependency it is.
    pub keys: Vec<String>,
}

pub fn declared(kind: ManifestKind, text: &str) -> Vec<Declared> {
    let mut out = Vec::new();
    let mut add = |name: &str, spec: &str, dialect: Dialect, eco: Ecosystem| {
        let Some(package) = package_named(eco, name) else {
            return;
        };
        if out
            .iter()
            .any(|d: &Declared| std::ptr::eq(d.package, package))
        {
            return;
        }
        let spec = spec.trim().to_string();
        let range = parse_requirement(&spec, dialect);
        let span = declaring_line(text, name).unwrap_or_default();
        out.push(Declared {
            package,
            spec,
            range,
            span,
        });
    };
    match kind {
        ManifestKind::PackageJson => {
            let Ok(json) = serde_json::from_str::<serde_json::Value>(text) else {
                return out;
            };
            for section in [
                "dependencies",
                "devDependencies",
                "optionalDependencies",
                "peerDependencies",
            ] {
                if let Some(deps) = json.get(section).and_then(|d| d.as_object()) {
                    for (name, spec) in deps {
                        if let Some(spec) = spec.as_str() {
                            add(
                                name,
                                spec.trim_start_matches("npm:"),
                                Dialect::Npm,
                                Ecosystem::Npm,
                            );
                        }
                    }
                }
            }
        }
        ManifestKind::Requirements => {
            for line in text.lines() {
                if let Some((name, spec)) = pep508(line) {
                    add(name, spec, Dialect::Pep440, Ecosystem::PyPI);
                }
            }
        }
        ManifestKind::Pyproject => {
            let Ok(doc) = toml::from_str::<toml::Value>(text) else {
                return out;
            };
            let project = doc.get("project");
            let lists = project
                .and_then(|p| p.get("dependencies"))
                .into_iter()
                .chain(
                    project
                        .and_then(|p| p.get("optional-dependencies"))
                        .and_then(|o| o.as_table())
                        .into_iter()
                        .flat_map(|t| t.values()),
                )
                .chain(
                    doc.get("dependency-groups")
                        .and_then(|g| g.as_table())
                        .into_iter()
                        .flat_map(|t| t.values()),
                );
            for list in lists {
                for item in list.as_array().into_iter().flatten() {
                    if let Some((name, spec)) = item.as_str().and_then(pep508) {
                        add(name, spec, Dialect::Pep440, Ecosystem::PyPI);
                    }
                }
            }
            let poetry = doc.get("tool").and_then(|t| t.get("poetry"));
            let tables = poetry
                .and_then(|p| p.get("dependencies"))
                .into_iter()
                .chain(poetry.and_then(|p| p.get("dev-dependencies")))
                .chain(
                    poetry
                        .and_then(|p| p.get("group"))
                        .and_then(|g| g.as_table())
                        .into_iter()
                        .flat_map(|t| t.values())
                        .filter_map(|g| g.get("dependencies")),
                );
            for table in tables.filter_map(|t| t.as_table()) {
                for (name, spec) in table {
                    add(name, &toml_spec(spec), Dialect::Poetry, Ecosystem::PyPI);
                }
            }
        }
        ManifestKind::Pipfile => {
            let Ok(doc) = toml::from_str::<toml::Value>(text) else {
                return out;
            };
            for section in ["packages", "dev-packages"] {
                for (name, spec) in doc
                    .get(section)
                    .and_then(|t| t.as_table())
                    .into_iter()
                    .flatten()
                {
                    add(name, &toml_spec(spec), Dialect::Pep440, Ecosystem::PyPI);
                }
            }
        }
        ManifestKind::Gemfile => {
            for line in text.lines() {
                if let Some((name, spec)) = gemfile_line(line) {
                    add(&name, &spec, Dialect::Ruby, Ecosystem::RubyGems);
                }
            }
        }
        ManifestKind::GoMod => {
            for (module, version) in go_requires(text) {
                add(module, version, Dialect::Ruby, Ecosystem::Go);
            }
        }
        _ => {}
    }
    out
}

/// A Poetry or Pipfile requirement: `"^3.0"`, `"*"`, or `{ version = ">=3" }` (a table
/// without one is a git or path source: no version).
fn toml_spec(spec: &toml::Value) -> String {
    match spec {
        toml::Value::String(s) => s.clone(),
        toml::Value::Table(t) => t
            .get("version")
            .and_then(|v| v.as_str())
            .map_or_else(|| "git".to_string(), str::to_string),
        _ => String::new(),
    }
}

/// `customerio[extra]>=3,<4 ; python_version >= "3.8"` → (`customerio`, `>=3,<4`).
/// Options (`-r base.txt`, `-e .`) and URLs are not requirements.
fn pep508(line: &str) -> Option<(&str, &str)> {
    let line = line.split(" #").next()?.trim();
    if line.starts_with(['#', '-']) || line.contains("://") {
        return None;
    }
    let line = line.split(';').next()?.trim();
    let end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || "._-".contains(c)))
        .unwrap_or(line.len());
    let (name, rest) = line.split_at(end);
    let rest = match rest.trim_start().strip_prefix('[') {
        Some(r) => r.split_once(']')?.1,
        None => rest,
    };
    let rest = rest.trim().trim_start_matches('(').trim_end_matches(')');
    (!name.is_empty()).then_some((name, rest.trim()))
}

/// `gem "customerio", "~> 5.0", require: false` → (`customerio`, `~> 5.0`): the quoted
/// arguments after the name are its requirements.
fn gemfile_line(line: &str) -> Option<(String, String)> {
    let rest = line.trim().strip_prefix("gem")?;
    if !rest.starts_with([' ', '(']) {
        return None;
    }
    let mut quoted = Vec::new();
    let mut chars = rest.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        match c {
            '\'' | '"' => {
                let body: String = chars
                    .by_ref()
                    .map(|(_, c)| c)
                    .take_while(|d| *d != c)
                    .collect();
                quoted.push(body);
            }
            // Keyword options (`require: false`, `git: "…"`) end the requirements.
            ':' if chars.peek().is_some_and(|(_, n)| *n == ' ') => break,
            '#' => break,
            _ => {}
        }
    }
    let mut it = quoted.into_iter();
    let name = it.next()?;
    let reqs: Vec<String> = it.collect();
    Some((name, reqs.join(", ")))
}

/// `require` lines of go.mod, single and in blocks: (module, version).
fn go_requires(text: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut in_block = false;
    for line in text.lines() {
        let line = line.split("//").next().unwrap_or("").trim();
        if in_block {
            if line == ")" {
                in_block = false;
                continue;
            }
        } else if let Some(rest) = line.strip_prefix("require") {
            let rest = rest.trim();
            if rest == "(" {
                in_block = true;
                continue;
            }
            let mut parts = rest.split_whitespace();
            if let (Some(m), Some(v)) = (parts.next(), parts.next()) {
                out.push((m, v));
            }
            continue;
        } else {
            continue;
        }
        let mut parts = line.split_whitespace();
        if let (Some(m), Some(v)) = (parts.next(), parts.next()) {
            out.push((m, v));
        }
    }
    out
}

/// The line declaring `name`: its first occurrence as a whole name (not inside
/// `customerio-node-extra` or `@customerio/…` when looking for `customerio`), trimmed.
fn declaring_line(text: &str, name: &str) -> Option<Span> {
    let lower = text.to_ascii_lowercase();
    let needle = name.to_ascii_lowercase();
    let is_name = |c: char| c.is_ascii_alphanumeric() || "-_./@".contains(c);
    let mut from = 0;
    while let Some(i) = lower[from..].find(&needle) {
        let start = from + i;
        let end = start + needle.len();
        let before = lower[..start].chars().next_back();
        let after = lower[end..].chars().next();
        // go.mod writes the module with its major suffix (`go-customerio/v3`).
        let suffix_ok =
            after.is_none_or(|c| !is_name(c) || (c == '/' && needle.starts_with("github.com/")));
        if before.is_none_or(|c| !is_name(c)) && suffix_ok {
            let line_start = text[..start].rfind('\n').map_or(0, |p| p + 1);
            let line_end = text[start..].find('\n').map_or(text.len(), |p| start + p);
            let line = &text[line_start..line_end];
            let lead = line.len() - line.trim_start().len();
            let trimmed = line.trim_end().trim_end_matches(',');
            return Some(
                LineIndex::new(text.as_bytes())
                    .span_of(line_start + lead, line_start + trimmed.len()),
            );
        }
        from = end;
    }
    None
}

pub fn locked(kind: ManifestKind, text: &str) -> Vec<Locked> {
    let mut out = Vec::new();
    let mut add = |eco: Ecosystem, name: &str, version: &str, keys: Vec<String>| {
        // pnpm appends peer suffixes: `3.1.2(react@18.2.0)`, `3.1.2_react@18.2.0`.
        let version = version.split(['(', '_']).next().unwrap_or(version);
        if let (Some(package), Some(version)) = (package_named(eco, name), Version::parse(version))
        {
            out.push(Locked {
                package,
                version,
                keys,
            });
        }
    };
    match kind {
        ManifestKind::PackageLock => {
            let Ok(json) = serde_json::from_str::<serde_json::Value>(text) else {
                return out;
            };
            if let Some(packages) = json.get("packages").and_then(|p| p.as_object()) {
                // v2/v3: `node_modules/x` at the root, `apps/api/node_modules/x` for a
                // workspace's own copy.
                for (key, entry) in packages {
                    let Some((dir, name)) = key.rsplit_once("node_modules/") else {
                        continue;
                    };
                    if let Some(v) = entry.get("version").and_then(|v| v.as_str()) {
                        let dir = dir.trim_end_matches('/');
                        add(Ecosystem::Npm, name, v, vec![dir.to_string()]);
                    }
                }
            } else if let Some(deps) = json.get("dependencies").and_then(|p| p.as_object()) {
                // v1: top-level dependencies are what the root installs.
                for (name, entry) in deps {
                    if let Some(v) = entry.get("version").and_then(|v| v.as_str()) {
                        add(Ecosystem::Npm, name, v, vec![String::new()]);
                    }
                }
            }
        }
        ManifestKind::YarnLock => {
            if text.contains("\n__metadata:") {
                // Berry: YAML; keys are `"name@npm:^3.0.0, name@npm:^3.1.0"`.
                let Ok(docs) = yaml_rust2::YamlLoader::load_from_str(text) else {
                    return out;
                };
                let Some(map) = docs.first().and_then(|d| d.as_hash()) else {
                    return out;
                };
                for (k, v) in map {
                    let (Some(key), Some(version)) = (k.as_str(), v["version"].as_str()) else {
                        continue;
                    };
                    let descriptors: Vec<String> = key
                        .split(", ")
                        .map(|d| d.trim().replace("@npm:", "@"))
                        .collect();
                    if let Some(name) = descriptors.first().map(|d| descriptor_name(d)) {
                        add(Ecosystem::Npm, name, version, descriptors.clone());
                    }
                }
            } else {
                // Classic: `"name@^3.0.0", name@^3.1.0:` then an indented `version "3.1.2"`.
                let mut descriptors: Vec<String> = Vec::new();
                for line in text.lines() {
                    if !line.starts_with([' ', '#']) && line.ends_with(':') {
                        descriptors = line
                            .trim_end_matches(':')
                            .split(", ")
                            .map(|d| d.trim().trim_matches('"').to_string())
                            .collect();
                    } else if let Some(v) = line.trim().strip_prefix("version ")
                        && let Some(name) = descriptors.first().map(|d| descriptor_name(d))
                    {
                        add(
                            Ecosystem::Npm,
                            name,
                            v.trim().trim_matches('"'),
                            descriptors.clone(),
                        );
                    }
                }
            }
        }
        ManifestKind::PnpmLock => {
            let Ok(docs) = yaml_rust2::YamlLoader::load_from_str(text) else {
                return out;
            };
            let Some(doc) = docs.first() else {
                return out;
            };
            let mut read_importer = |dir: &str, importer: &yaml_rust2::Yaml| {
                for section in ["dependencies", "devDependencies", "optionalDependencies"] {
                    let Some(deps) = importer[section].as_hash() else {
                        continue;
                    };
                    for (k, v) in deps {
                        // v5: `name: 3.1.2`; v6+: `name: { specifier, version }`.
                        let version = v.as_str().or_else(|| v["version"].as_str());
                        if let (Some(name), Some(version)) = (k.as_str(), version) {
                            add(Ecosystem::Npm, name, version, vec![dir.to_string()]);
                        }
                    }
                }
            };
            if let Some(importers) = doc["importers"].as_hash() {
                for (k, v) in importers {
                    let dir = k.as_str().unwrap_or(".");
                    read_importer(if dir == "." { "" } else { dir }, v);
                }
            } else {
                read_importer("", doc);
            }
        }
        ManifestKind::PoetryLock | ManifestKind::UvLock => {
            let Ok(doc) = toml::from_str::<toml::Value>(text) else {
                return out;
            };
            for p in doc
                .get("package")
                .and_then(|p| p.as_array())
                .into_iter()
                .flatten()
            {
                if let (Some(name), Some(v)) = (
                    p.get("name").and_then(|n| n.as_str()),
                    p.get("version").and_then(|n| n.as_str()),
                ) {
                    add(Ecosystem::PyPI, name, v, Vec::new());
                }
            }
        }
        ManifestKind::PipfileLock => {
            let Ok(json) = serde_json::from_str::<serde_json::Value>(text) else {
                return out;
            };
            for section in ["default", "develop"] {
                for (name, entry) in json
                    .get(section)
                    .and_then(|s| s.as_object())
                    .into_iter()
                    .flatten()
                {
                    if let Some(v) = entry.get("version").and_then(|v| v.as_str()) {
                        add(
                            Ecosystem::PyPI,
                            name,
                            v.trim_start_matches("=="),
                            Vec::new(),
                        );
                    }
                }
            }
        }
        ManifestKind::GemfileLock => {
            // `    customerio (5.0.0)` under `specs:` (four spaces; dependencies of a gem are
            // indented six).
            for line in text.lines() {
                let Some(rest) = line.strip_prefix("    ") else {
                    continue;
                };
                if rest.starts_with(' ') {
                    continue;
                }
                if let Some((name, v)) = rest.split_once(" (") {
                    let v = v.trim_end_matches(')').split('-').next().unwrap_or("");
                    add(Ecosystem::RubyGems, name.trim(), v, Vec::new());
                }
            }
        }
        _ => {}
    }
    out
}

/// `@scope/name@range` → `@scope/name`.
fn descriptor_name(descriptor: &str) -> &str {
    match descriptor[1..].find('@') {
        Some(i) => &descriptor[..i + 1],
        None => descriptor,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirement_lines() {
        assert_eq!(pep508("customerio==2.4.0"), Some(("customerio", "==2.4.0")));
        assert_eq!(
            pep508("customerio[extra] >=3,<4 ; python_version>'3.8'  # track"),
            Some(("customerio", ">=3,<4"))
        );
        assert_eq!(pep508("-r base.txt"), None);
        assert_eq!(
            gemfile_line("  gem 'customerio', '~> 5.0', require: false"),
            Some(("customerio".into(), "~> 5.0".into()))
        );
        assert_eq!(
            gemfile_line("gem \"customerio\""),
            Some(("customerio".into(), String::new()))
        );
        assert_eq!(gemfile_line("gemspec"), None);
    }

    #[test]
    fn declaring_line_is_the_whole_name() {
        let text = "{\n  \"@customerio/cdp-analytics-node\": \"0.5\",\n  \"customerio-node\": \"^3.0.0\",\n}";
        let span = declaring_line(text, "customerio-node").unwrap();
        assert_eq!(span.line, 3);
        assert_eq!(
            &text[span.start..span.end],
            "\"customerio-node\": \"^3.0.0\""
        );
    }
}
