//! Project link step: binds calls whose receiver came from another file (an imported
//! client or factory) or only from an unmistakable name, using every file's exports.

use crate::facts::{
    ClientInfo, ClientKind, CredentialAssignment, Export, FileFacts, Language, Sdk, Unresolved,
    Value,
};
use crate::lang::javascript::strip_js_extension;

/// The key other files import a file by: its path without extension, `index`, `__init__`.
pub(crate) fn module_key(path: &str) -> String {
    if path.ends_with(".go") {
        // A Go package is its directory.
        return path
            .rsplit_once('/')
            .map(|(d, _)| d.to_string())
            .unwrap_or_default();
    }
    if let Some(p) = path.strip_suffix(".py") {
        return p.strip_suffix("/__init__").unwrap_or(p).to_string();
    }
    strip_js_extension(path).to_string()
}
use std::collections::BTreeMap;

pub(crate) fn family_of(language: Language) -> Language {
    match language {
        Language::TypeScript => Language::JavaScript,
        other => other,
    }
}

/// How other files of the same language refer to a module: its import path, module name or
/// package directory.
pub(crate) fn module_literals(path: &str, language: Language) -> Vec<String> {
    let key = module_key(path);
    let stem = key.rsplit('/').next().unwrap_or(&key).to_string();
    match language {
        Language::JavaScript | Language::TypeScript => vec![format!("/{stem}")],
        Language::Python => vec![
            format!(".{stem} import"),
            format!("import {stem}"),
            format!("{stem} import"),
        ],
        Language::Go => vec![format!("/{stem}\"")],
        Language::Ruby => Vec::new(),
    }
}

/// What a file that uses another file's client must contain, per language, for the second
/// prefilter pass: the import path of the module (`/lib/cio`), its module name (Python), the
/// package directory (Go), or the global's name (Ruby). Literals the first prefilter already
/// matches are left out: files containing them were parsed anyway.
pub(crate) fn rediscovery_literals(files: &[FileFacts]) -> Vec<(Language, String)> {
    let first_pass = crate::walk::prefilter();
    let mut out: Vec<(Language, String)> = Vec::new();
    // Client modules: they export a client and use none themselves (`lib/customerio.ts`,
    // `config/initializers/customerio.rb`). A module that also calls its client is usually not
    // imported for it, and re-reading the whole tree for each would double the scan.
    let client_modules = files
        .iter()
        .filter(|f| !f.exports.is_empty() && f.calls.iter().all(|c| !c.method.sends()));
    for f in client_modules {
        let literals: Vec<String> = match f.language {
            Language::Ruby => f.exports.iter().map(|e| e.name.clone()).collect(),
            other => module_literals(&f.path, other),
        };
        for l in literals {
            if l.len() < 3 || first_pass.is_match(l.as_bytes()) {
                continue;
            }
            let family = family_of(f.language);
            if !out.contains(&(family, l.clone())) {
                out.push((family, l));
            }
        }
    }
    out.sort();
    out
}

/// The client a receiver named like `cio` most plausibly holds, given the SDKs the
/// project's files of the same language import.
fn guess_for_receiver(files: &[FileFacts], language: Language) -> Option<ClientInfo> {
    let family = |l: Language| match l {
        Language::JavaScript | Language::TypeScript => 0,
        Language::Python => 1,
        Language::Ruby => 2,
        Language::Go => 3,
    };
    let sdks: Vec<Sdk> = files
        .iter()
        .filter(|f| family(f.language) == family(language))
        .flat_map(|f| f.sdk_imports.iter().copied())
        .collect();
    let track = [
        Sdk::CustomerioNode,
        Sdk::CustomerioPython,
        Sdk::AsyncCustomerio,
        Sdk::CustomerioRuby,
        Sdk::GoCustomerio,
    ];
    if let Some(s) = track.iter().find(|s| sdks.contains(s)) {
        return Some(ClientInfo {
            sdk: *s,
            kind: ClientKind::Track,
        });
    }
    sdks.iter().find_map(|s| match s {
        Sdk::CdpAnalyticsNode
        | Sdk::CdpAnalyticsBrowser
        | Sdk::ReactNative
        | Sdk::CdpAnalyticsPython
        | Sdk::CdpAnalyticsGo => Some(ClientInfo {
            sdk: *s,
            kind: ClientKind::Pipelines,
        }),
        _ => None,
    })
}

/// A Go package is one namespace over its directory: the config struct whose fields are
/// read from the environment is often declared in a sibling file of the one that builds the
/// client. Give every Go file the env-filled type fields of its siblings.
fn share_package_fields(files: &mut [FileFacts]) {
    let mut by_package: BTreeMap<String, Vec<(String, CredentialAssignment)>> = BTreeMap::new();
    for f in files.iter().filter(|f| f.language == Language::Go) {
        let fields = f
            .credential_assignments
            .iter()
            .filter(|a| a.holder_type.is_some() && matches!(a.value.value, Value::Env(_)));
        for a in fields {
            by_package
                .entry(module_key(&f.path))
                .or_default()
                .push((f.path.clone(), a.clone()));
        }
    }
    for f in files.iter_mut().filter(|f| f.language == Language::Go) {
        if let Some(fields) = by_package.get(&module_key(&f.path)) {
            f.package_fields = fields
                .iter()
                .filter(|(path, _)| path != &f.path)
                .map(|(_, a)| a.clone())
                .collect();
        }
    }
}

pub(crate) fn link(files: &mut [FileFacts]) {
    share_package_fields(files);
    let mut exports: BTreeMap<String, (String, Vec<Export>)> = BTreeMap::new();
    for f in files.iter() {
        if !f.exports.is_empty() {
            let entry = exports
                .entry(module_key(&f.path))
                .or_insert_with(|| (f.path.clone(), Vec::new()));
            entry.1.extend(f.exports.iter().cloned());
        }
    }

    let guesses: Vec<Option<ClientInfo>> = [
        Language::JavaScript,
        Language::Python,
        Language::Ruby,
        Language::Go,
    ]
    .iter()
    .map(|l| guess_for_receiver(files, *l))
    .collect();
    // The Pipelines client the JavaScript files build, if any (customerio-node's
    // `PipelinesClient`, `@customerio/cdp-analytics-node`).
    let js_pipelines = files
        .iter()
        .filter(|f| matches!(f.language, Language::JavaScript | Language::TypeScript))
        .flat_map(|f| f.clients.iter())
        .map(|c| c.info)
        .find(|info| info.kind == ClientKind::Pipelines);
    for f in files.iter_mut() {
        let guess = guesses[match f.language {
            Language::JavaScript | Language::TypeScript => 0,
            Language::Python => 1,
            Language::Ruby => 2,
            Language::Go => 3,
        }];
        let pipelines_guess = match f.language {
            Language::JavaScript | Language::TypeScript => js_pipelines,
            _ => None,
        };
        f.calls.retain_mut(|call| {
            let Some(unresolved) = call.unresolved.take() else {
                return true;
            };
            match unresolved {
                Unresolved::Import {
                    module,
                    export,
                    factory,
                } => {
                    // Relative imports resolve to a path; absolute (Python) ones to its tail.
                    let suffix = format!("/{module}");
                    let entry = if module == "*" {
                        // Ruby globals and constants: defined once anywhere in the project.
                        exports
                            .values()
                            .find(|(_, list)| list.iter().any(|e| e.name == export))
                    } else {
                        exports.get(&module).or_else(|| {
                            exports
                                .iter()
                                .find(|(k, _)| k.ends_with(&suffix))
                                .map(|(_, v)| v)
                        })
                    };
                    let Some((path, list)) = entry else {
                        return false;
                    };
                    let found = list
                        .iter()
                        .find(|e| e.name == export && e.factory == factory)
                        .or_else(|| {
                            // `import cio from './cio'` of a module whose only export is the client.
                            (export == "default" && list.len() == 1 && list[0].factory == factory)
                                .then(|| &list[0])
                        });
                    let Some(e) = found else { return false };
                    call.client = e.client;
                    if e.shared {
                        call.via_factory = None;
                        return true;
                    }
                    if let Some(fu) = call.via_factory.as_mut() {
                        fu.client_span = e.client_span;
                        fu.client_path = Some(path.clone());
                    }
                    true
                }
                // The call's shape already said Pipelines (`cio.identify({ userId })`): it
                // stays one where the project builds Pipelines clients.
                Unresolved::ReceiverName(_) if call.client.kind == ClientKind::Pipelines => {
                    pipelines_guess.is_some_and(|info| {
                        call.client = info;
                        true
                    })
                }
                Unresolved::ReceiverName(_) => match guess {
                    Some(info) => {
                        call.client = info;
                        true
                    }
                    None => false,
                },
            }
        });
    }
}
