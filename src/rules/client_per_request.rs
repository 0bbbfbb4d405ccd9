//! `client-per-request`: a client built inside a request handler, a loop, or the function
//! that uses it, instead of once at startup.

use super::{FileCtx, Finding, Related, RuleMeta, Severity};
use crate::facts::{
    ClientInfo, ClientKind, FileFacts, FunctionKind, Language, Lifetime, MODULE_SCOPE, Sdk,
};
use crate::versions::{SdkVersion, Version};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "client-per-request",
    severity: Severity::Warning,
    group: "performance",
    summary: "A client constructed per request or per iteration instead of once",
    languages: super::ALL,
    why: "Clients are meant to live for the whole process. What a client per request costs \
depends on the SDK: go-customerio and the Python customerio package give each client its own \
HTTP connections (a pool, or one kept-alive connection in customerio 0.1.10 and 0.1.11), so \
every request pays a new TCP and TLS handshake; customerio-node, the Ruby gem, customerio \
before 0.1.10 and go-customerio's App API client before 3.9 (which shares Go's default HTTP \
client) keep no pool per client, so there the cost is the configuration (keys, region, timeout, \
retries) rebuilt on every call and scattered through request code; a Data Pipelines client \
(cdp-analytics for Node, Python and Go) starts its own queue and flush timer, thread or \
goroutine, and events still queued when it is dropped are lost. Build one client per process \
(module scope, an initializer, or at startup) and reuse it.",
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
    let mut f = facts.function(scope)?;
    // A closure inside a handler (`db.Tx(func(tx) error {...})`, a callback) runs per request too.
    while !f.is_request_handler
        && f.kind == FunctionKind::Arrow
        && let Some(outer) = f.parent.and_then(|p| facts.function(p))
        && outer.id != MODULE_SCOPE
    {
        f = outer;
    }
    if f.is_request_handler {
        return Some(match &f.route {
            Some(r) if !r.is_empty() => format!("inside the request handler for `{r}`"),
            _ => "inside a request handler".to_string(),
        });
    }
    // A script's or command's entry point runs once per process.
    if is_entry_point(facts, f) {
        return None;
    }
    used.then(|| match &f.name {
        // ActiveJob and Sidekiq run `perform` once per job.
        Some(n) if n == "perform" && facts.language == Language::Ruby => {
            "inside the job's `perform`, once per job".to_string()
        }
        Some(n) => format!("inside `{n}`, once per call"),
        None => "inside the function that uses it, once per call".to_string(),
    })
}

fn is_entry_point(facts: &FileFacts, f: &crate::facts::FunctionCtx) -> bool {
    let path = facts.path.replace('\\', "/");
    let in_script_dir = ["scripts/", "bin/", "cmd/", "tools/", "cli/"]
        .iter()
        .any(|d| path.starts_with(d) || path.contains(&format!("/{d}")));
    let top_level = f.parent == Some(MODULE_SCOPE);
    f.name.as_deref() == Some("main") || (in_script_dir && top_level)
}

/// go-customerio 3.9 gave the App API client an http.Client of its own; before, it used Go's
/// shared `http.DefaultClient` (`api.go` at v2.0.0 .. v3.8.0).
const GO_APP_CLIENT_OWN_TRANSPORT: Version = Version::new(3, 9, 0);
/// customerio (Python) opened a connection per call until 0.1.10, kept one `HTTPSConnection`
/// per client in 0.1.10 and 0.1.11, and a `requests.Session` per client from 0.2 (sdists on
/// PyPI).
const PYTHON_KEPT_CONNECTION: Version = Version::new(0, 1, 10);
const PYTHON_SESSION: Version = Version::new(0, 2, 0);

/// What building one more client costs, for the SDK (and release, where the project's
/// manifests say) at hand (cio-sdk-reference §12).
fn consequence(info: ClientInfo, version: Option<&SdkVersion>) -> &'static str {
    let below = |v: Version| version.is_some_and(|installed| installed.below(v));
    match info.sdk {
        Sdk::GoCustomerio if info.kind == ClientKind::App && below(GO_APP_CLIENT_OWN_TRANSPORT) => {
            "go-customerio before 3.9 builds the App API client on Go's shared http.DefaultClient, so the cost is not connections: the key and URL are set up again each time, and that configuration ends up scattered through the code that sends"
        }
        Sdk::CustomerioPython if below(PYTHON_KEPT_CONNECTION) => {
            "customerio before 0.1.10 opens a new connection on every call anyway, so the cost is not connections: the keys and host are set up again each time, and that configuration ends up scattered through the code that sends"
        }
        Sdk::CustomerioPython if below(PYTHON_SESSION) => {
            "customerio 0.1.10 and 0.1.11 keep one HTTPS connection per client, so each new client pays a new TCP and TLS handshake instead of reusing a connection"
        }
        Sdk::GoCustomerio => {
            "go-customerio gives every client its own http.Client and transport (its own connection pool), so each new client pays a new TCP and TLS handshake instead of reusing a connection, and the dropped transports keep idle connections open until they time out"
        }
        Sdk::CustomerioPython => {
            "each CustomerIO/APIClient opens its own requests.Session (its own connection pool), so each new client pays a new TCP and TLS handshake instead of reusing a connection"
        }
        Sdk::CustomerioNode => {
            "customerio-node keeps no connection pool per client (requests share Node's global fetch pool), so the cost is not connections: the keys, region, timeout and retry policy are set up again each time, and that configuration ends up scattered through the code that sends"
        }
        Sdk::CustomerioRuby => {
            "the gem opens a new Net::HTTP connection per call anyway, so the cost is not connections: the keys, region and timeouts are read and set up again each time, and that configuration ends up scattered through the code that sends"
        }
        Sdk::CdpAnalyticsNode => {
            "each Analytics instance starts its own queue and flush timer: events still queued when it is dropped are lost unless closeAndFlush() is awaited, and the timers pile up"
        }
        Sdk::CdpAnalyticsPython => {
            "each analytics Client starts its own consumer thread and atexit hook: the threads leak, and events still queued when it is dropped may never be sent"
        }
        Sdk::CdpAnalyticsGo => {
            "each analytics client starts its own batching goroutine: it leaks unless Close() is called, and events still queued are lost"
        }
        _ if info.kind == ClientKind::Pipelines => {
            "each instance starts its own event queue: events still queued when it is dropped are lost"
        }
        _ => "each instance repeats the client's setup and opens its own connections",
    }
}

/// Where a long-lived client belongs, in the words of the language.
fn advice(lang: Language, factory: bool) -> &'static str {
    match (lang, factory) {
        (Language::JavaScript | Language::TypeScript, false) => {
            "create it once at module scope and reuse it"
        }
        (Language::JavaScript | Language::TypeScript, true) => {
            "create the client once at module scope (or memoise the factory) and reuse it"
        }
        // Also a Celery worker: it imports the module once per process.
        (Language::Python, false) => {
            "build one client per process, as a module-level constant, and reuse it"
        }
        (Language::Python, true) => {
            "build one client per process, as a module-level constant (or cache the factory with functools.cache), and reuse it"
        }
        // Also a Sidekiq worker or a job: an initializer runs once per process.
        (Language::Ruby, _) => {
            "build one client per process in an initializer (config/initializers/customerio.rb: a constant or `$customerio`), or memoise it with `@client ||=`, and reuse it"
        }
        (Language::Go, false) => {
            "build one client at startup (in main or a package-level variable) and pass it where it is needed"
        }
        (Language::Go, true) => {
            "build one client at startup (in main or a package-level variable, or guard the factory with sync.Once) and pass it where it is needed"
        }
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
                "a Customer.io client is built {where_}: {}; {}",
                consequence(client.info, ctx.sdk_version(client.info.sdk)),
                advice(facts.language, false),
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
                "`{}()` builds a new Customer.io client on every call and it is called {where_}: {}; {}",
                fu.function,
                consequence(call.client, ctx.sdk_version(call.client.sdk)),
                advice(facts.language, true),
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
