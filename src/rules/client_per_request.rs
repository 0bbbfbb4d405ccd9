//! `client-per-request`: a client built inside a request handler, a loop, or the function
//! that uses it, instead of once at startup.

use super::{FileCtx, Finding, Related, RuleMeta, Severity};
use crate::facts::{Client, ClientKind, FileFacts, Lifetime, MODULE_SCOPE, Sdk};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "client-per-request",
    severity: Severity::Warning,
    group: "performance",
    summary: "A client constructed per request or per iteration instead of once",
    languages: super::ALL,
    why: "Clients are meant to live for the whole process. Built per request, a Track client \
throws away its connection pool and retry state; a Data Pipelines client (cdp-analytics) also \
loses its queue: events still buffered when it is dropped are never sent. Build one client at \
startup and reuse it.",
    wrong: "app.post(\"/signup\", async (req, res) => {\n  const cio = new TrackClient(siteId, apiKey);\n  await cio.identify(req.user.id, { email: req.user.email });\n});",
    right: "const cio = new TrackClient(siteId, apiKey);\napp.post(\"/signup\", async (req, res) => {\n  await cio.identify(req.user.id, { email: req.user.email });\n});",
    source: "cio-sdk-reference §12 (client lifecycle per SDK)",
};

fn severity_for(client_kind: ClientKind, sdk: Sdk) -> Severity {
    if client_kind == ClientKind::Pipelines && sdk != Sdk::CustomerioNode {
        Severity::Error
    } else {
        Severity::Warning
    }
}

fn why_here(facts: &FileFacts, scope: u32, loop_id: Option<u32>, used: bool) -> Option<String> {
    if let Some(l) = loop_id.and_then(|l| facts.loop_ctx(l)) {
        return Some(format!("inside a {} (line {})", l.kind, l.span.line));
    }
    let f = facts.function(scope)?;
    if f.is_request_handler {
        return Some(match &f.route {
            Some(r) if !r.is_empty() => format!("inside the request handler for `{r}`"),
            _ => "inside a request handler".to_string(),
        });
    }
    used.then(|| match &f.name {
        Some(n) => format!("inside `{n}`, once per call"),
        None => "inside the function that uses it, once per call".to_string(),
    })
}

fn consequence(client: &Client) -> &'static str {
    if client.info.kind == ClientKind::Pipelines && client.info.sdk != Sdk::CustomerioNode {
        "each instance starts its own queue and flush timer, and events still queued when it is dropped are lost"
    } else {
        "each instance pays for new connections and TLS handshakes"
    }
}

pub(crate) fn check(ctx: &FileCtx, out: &mut Vec<Finding>) {
    let facts = ctx.facts;
    for client in &facts.clients {
        if client.info.sdk == Sdk::RawHttp
            || client.scope == MODULE_SCOPE
            || client.lifetime != Lifetime::Local
        {
            continue;
        }
        let Some(where_) = why_here(facts, client.scope, client.loop_id, client.used_in_scope)
        else {
            continue;
        };
        let mut f = ctx.finding(
            &META,
            client.span,
            format!(
                "a Customer.io client is built {where_}: {}; create it once at module scope and reuse it",
                consequence(client)
            ),
        );
        f.severity = severity_for(client.info.kind, client.info.sdk);
        out.push(f);
    }
    // Factories that build a fresh client, called where the client is used.
    let mut seen = Vec::new();
    for call in &facts.calls {
        let Some(fu) = &call.via_factory else {
            continue;
        };
        if fu.scope == MODULE_SCOPE || seen.contains(&fu.span) {
            continue;
        }
        let loop_id = call.loop_id;
        let Some(where_) = why_here(facts, fu.scope, loop_id, true) else {
            continue;
        };
        seen.push(fu.span);
        let mut f = ctx.finding(
            &META,
            fu.span,
            format!(
                "`{}()` builds a new Customer.io client on every call and it is called {where_}; create the client once at module scope (or memoise the factory) and reuse it",
                fu.function
            ),
        );
        f.severity = severity_for(call.client.kind, call.client.sdk);
        f.related.push(Related {
            path: fu.client_path.clone().unwrap_or_else(|| facts.path.clone()),
            line: fu.client_span.line,
            column: fu.client_span.column,
            message: "the client is constructed here".into(),
            span: fu.client_span,
        });
        out.push(f);
    }
}
