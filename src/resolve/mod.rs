//! The resolver: follows Customer.io calls through the project's own functions, methods and
//! classes, the same way for every language.
//!
//! Each extractor lowers the calls of project code into [`crate::model`] (`trackSignup(user)`
//! calls a function imported from `./analytics`). The resolver indexes every function and
//! method of the project, treats the Customer.io calls inside a function as its summary, and
//! re-creates each summarised call at every call site of that function, with the call site's
//! arguments in place of the parameters and the call site's context (request handler, loop,
//! awaited, deferred). It repeats that through chains of wrappers, so every rule judges a
//! wrapper call as it would judge the SDK call, at the line where the fix belongs.
//!
//! Derived calls are ordinary [`Call`]s with `forwarded` set; [`annotate`] afterwards points
//! findings on them at the Customer.io call they lead to and drops the duplicate finding a
//! rule made on the parameter inside the wrapper.

mod modules;
mod reach;
mod summary;

pub(crate) use modules::map_aliases;
pub(crate) use reach::{DefinedNames, NameKey, prune_unreachable};
pub(crate) use summary::{GoPackage, resolve, wrapper_literals};

use crate::facts::{FileFacts, Span};
use crate::rules::{Finding, Related};
use std::collections::{HashMap, HashSet};

/// Point findings on derived calls at the Customer.io call they lead to (and the wrappers in
/// between), and drop a finding on a wrapper's parameter when the wrapper's callers were
/// judged with their own arguments instead.
/// Rules whose evidence is a value written inside the callee (a literal or random id
/// fallback), never the parameter itself: what callers pass cannot replace their finding.
const MADE_IN_PLACE: &[&str] = &["placeholder-customer-id"];

pub(crate) fn annotate(findings: &mut Vec<Finding>, files: &[FileFacts]) {
    if files.iter().all(|f| f.forwarded.is_empty()) {
        return;
    }
    let mut superseded: HashSet<(&str, Span)> = HashSet::new();
    let by_path: HashMap<&str, &FileFacts> = files.iter().map(|f| (f.path.as_str(), f)).collect();
    for f in files {
        for fw in &f.forwarded {
            for (_, inner) in &fw.substituted {
                superseded.insert((inner.path.as_str(), inner.span));
            }
        }
    }
    findings.retain(|finding| {
        MADE_IN_PLACE.contains(&finding.rule)
            || !superseded.contains(&(finding.path.as_str(), finding.span))
    });
    // A finding on the wrapper's Customer.io call about what its callers pass (the
    // wrapper's `email` parameter as the id): the callers that pass it were judged with
    // their own arguments, and their findings of the same rule replace it.
    let mut passed_in: HashMap<&str, Vec<(Span, &str, Span)>> = HashMap::new();
    for f in files {
        for fw in &f.forwarded {
            // A client the helper builds on every call: where it is called per request or
            // per item says more than "once per call" inside the helper.
            if fw.builds_client {
                let inner = fw.via.first().unwrap_or(&fw.sdk_call);
                passed_in.entry(inner.path.as_str()).or_default().push((
                    inner.span,
                    f.path.as_str(),
                    fw.site,
                ));
            }
            for (_, inner) in &fw.substituted {
                passed_in.entry(inner.path.as_str()).or_default().push((
                    inner.span,
                    f.path.as_str(),
                    fw.site,
                ));
            }
            // A call rule's finding sits on the Customer.io call itself, which need not
            // contain the parameter (`payload = {"userId": user_id}` a line above the POST).
            if !fw.substituted.is_empty() {
                passed_in
                    .entry(fw.sdk_call.path.as_str())
                    .or_default()
                    .push((fw.sdk_call.span, f.path.as_str(), fw.site));
            }
        }
    }
    let judged: HashSet<(String, Span, &'static str)> = if passed_in.is_empty() {
        HashSet::new()
    } else {
        findings
            .iter()
            .map(|f| (f.path.clone(), f.span, f.rule))
            .collect()
    };
    findings.retain(|finding| {
        !passed_in.get(finding.path.as_str()).is_some_and(|subs| {
            subs.iter().any(|(inner, site_path, site)| {
                contains(finding.span, *inner)
                    && judged.contains(&(site_path.to_string(), *site, finding.rule))
            })
        })
    });
    // One call of a wrapper that makes several Customer.io calls is one mistake per rule.
    let mut seen: HashSet<(String, Span, &'static str)> = HashSet::new();
    findings.retain(|finding| {
        let derived = by_path
            .get(finding.path.as_str())
            .is_some_and(|f| f.forwarded.iter().any(|fw| fw.site == finding.span));
        !derived || seen.insert((finding.path.clone(), finding.span, finding.rule))
    });
    for finding in findings.iter_mut() {
        let Some(file) = by_path.get(finding.path.as_str()) else {
            continue;
        };
        let matches = |fw: &&crate::facts::Forwarded| {
            contains(fw.site, finding.span)
                || fw.substituted.iter().any(|(s, _)| *s == finding.span)
        };
        // A call that both builds a client and sends: a finding about the client points
        // at where it is built.
        let about_client = finding.rule == "client-per-request";
        let Some(fw) = file
            .forwarded
            .iter()
            .filter(matches)
            .find(|fw| fw.builds_client == about_client)
            .or_else(|| file.forwarded.iter().find(matches))
        else {
            continue;
        };
        for step in &fw.via {
            finding
                .related
                .push(related(&step.path, step.span, "via this call".to_string()));
        }
        let message = if fw.builds_client {
            "the Customer.io client is built here".to_string()
        } else {
            "the Customer.io call this leads to".to_string()
        };
        finding
            .related
            .push(related(&fw.sdk_call.path, fw.sdk_call.span, message));
    }
}

fn contains(outer: Span, inner: Span) -> bool {
    outer.start <= inner.start && inner.end <= outer.end && outer.end > outer.start
}

fn related(path: &str, span: Span, message: String) -> Related {
    Related {
        path: path.to_string(),
        line: span.line,
        column: span.column,
        message,
        span,
    }
}
