//! Project link step: binds calls whose receiver came from another file (an imported
//! client or factory) or only from an unmistakable name, using every file's exports.

use crate::facts::{ClientInfo, ClientKind, Export, FileFacts, Sdk, Unresolved};
use crate::lang::javascript::strip_js_extension;
use std::collections::HashMap;

/// Module names of files that export a client or a factory, for the second prefilter pass.
pub(crate) fn export_stems(files: &[FileFacts]) -> Vec<String> {
    let mut stems: Vec<String> = files
        .iter()
        .filter(|f| !f.exports.is_empty())
        .filter_map(|f| {
            let key = strip_js_extension(&f.path);
            key.rsplit('/').next().map(str::to_string)
        })
        .collect();
    stems.sort();
    stems.dedup();
    stems
}

/// The client a project whose SDK usage we know would most plausibly hold in `cio`.
fn guess_for_receiver(files: &[FileFacts]) -> Option<ClientInfo> {
    let mut sdks = files.iter().flat_map(|f| f.sdk_imports.iter().copied());
    let all: Vec<Sdk> = sdks.by_ref().collect();
    if all.contains(&Sdk::CustomerioNode) {
        return Some(ClientInfo {
            sdk: Sdk::CustomerioNode,
            kind: ClientKind::Track,
        });
    }
    all.iter().find_map(|s| match s {
        Sdk::CdpAnalyticsNode | Sdk::CdpAnalyticsBrowser | Sdk::ReactNative => Some(ClientInfo {
            sdk: *s,
            kind: ClientKind::Pipelines,
        }),
        _ => None,
    })
}

pub(crate) fn link(files: &mut [FileFacts]) {
    let mut exports: HashMap<String, (String, Vec<Export>)> = HashMap::new();
    for f in files.iter() {
        if !f.exports.is_empty() {
            exports.insert(
                strip_js_extension(&f.path).to_string(),
                (f.path.clone(), f.exports.clone()),
            );
        }
    }
    let guess = guess_for_receiver(files);
    for f in files.iter_mut() {
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
                    let Some((path, list)) = exports.get(&module) else {
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
                    if let Some(fu) = call.via_factory.as_mut() {
                        fu.client_span = e.client_span;
                        fu.client_path = Some(path.clone());
                    }
                    true
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
