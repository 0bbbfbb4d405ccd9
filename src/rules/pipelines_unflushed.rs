//! `pipelines-unflushed`: a Data Pipelines client that queues events in a serverless
//! handler, a script or a job, which ends before the queue is sent.

use super::{FileCtx, Finding, RuleMeta, Severity};
use crate::facts::{
    Call, FileFacts, Language, MODULE_SCOPE, Method, ScopeId, Sdk, ShortLived, ShortLivedKind, Span,
};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "pipelines-unflushed",
    severity: Severity::Error,
    group: "reliability",
    summary: "A Data Pipelines client sends from a serverless handler, script or job that ends without flushing",
    languages: &["javascript", "typescript", "python", "go"],
    why: "The Data Pipelines server SDKs never send a call when it is made: cdp-analytics-node \
queues events and sends them in batches of 15 or every 10 seconds, the Python client hands them \
to a background thread, the Go client to a goroutine that sends every 5 seconds. A serverless \
function (a Next.js API route or route handler, a server action, a Lambda or Netlify function, \
a Worker) is frozen or torn down as soon as it returns, and a script, command or job ends its \
process: whatever is still queued is lost, with no error anywhere. The incident behind this \
rule: events tracked in a Vercel serverless function never arrived although they were sent \
fine locally, because the function returned before the queue was sent (reported against the \
Segment Node client these SDKs share their queue design with). The Python client's exit hook \
only stops its thread: its own source says a flush is still needed to deliver what is queued. \
Flush on the way out: `await analytics.flush()` (or \
`closeAndFlush()` for a client built for this one run), handed to `waitUntil`/`after` where the \
platform offers it; Python `analytics.flush()` or `shutdown()`; Go `defer client.Close()`.",
    wrong: "// pages/api/signup.ts\nconst analytics = new Analytics({ writeKey: process.env.CIO_WRITE_KEY! });\n\nexport default async function handler(req, res) {\n  analytics.track({ userId: req.body.id, event: \"signed_up\" });\n  res.status(200).json({ ok: true });\n}",
    right: "// pages/api/signup.ts\nconst analytics = new Analytics({ writeKey: process.env.CIO_WRITE_KEY! });\n\nexport default async function handler(req, res) {\n  analytics.track({ userId: req.body.id, event: \"signed_up\" });\n  await analytics.flush();\n  res.status(200).json({ ok: true });\n}",
    source: "cio-sdk-reference §5.5 (`closeAndFlush` \"needed before process exit / end of a serverless invocation\"), §5.7 (consumer thread, `flush`/`shutdown`), §5.8 (`defer client.Close()` flushes); cdp-analytics-python `customerio/analytics/client.py` (the atexit join \"is *not* the same as flushing the queue\"); segmentio/analytics-node#303 (events not sent in a Vercel serverless function)",
};

/// SDKs that queue events in memory and send them later in batches. customerio-node's
/// `PipelinesClient` sends one request per call (a promise to await, not a queue), and the
/// browser and mobile SDKs live as long as the page or app.
fn queues_events(sdk: Sdk) -> bool {
    matches!(
        sdk,
        Sdk::CdpAnalyticsNode | Sdk::CdpAnalyticsPython | Sdk::CdpAnalyticsGo
    )
}

/// Code of the module itself, or of anonymous callbacks it runs (`users.forEach(u => …)`),
/// as opposed to a named function that someone has to call.
fn runs_at_top_level(f: &FileFacts, scope: ScopeId) -> bool {
    let mut cur = scope;
    while cur != MODULE_SCOPE {
        let Some(func) = f.function(cur) else {
            return false;
        };
        if func.name.is_some() {
            return false;
        }
        let Some(parent) = func.parent else {
            return false;
        };
        cur = parent;
    }
    true
}

fn covers(outer: Span, inner: Span) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

fn in_context(f: &FileFacts, ctx: &ShortLived, call: &Call) -> bool {
    f.scope_within(call.scope, ctx.scope)
        && covers(ctx.span, call.span)
        && !in_nested_handler(f, call.scope, ctx.scope)
}

/// A request handler registered inside the context (`http.HandleFunc("/x", func…)` in a
/// command's `main`) runs per request of the server that `main` starts, not on its way out.
fn in_nested_handler(f: &FileFacts, scope: ScopeId, ctx_scope: ScopeId) -> bool {
    let mut cur = Some(scope);
    while let Some(s) = cur.filter(|s| *s != ctx_scope) {
        let Some(func) = f.function(s) else {
            return false;
        };
        if func.is_request_handler {
            return true;
        }
        cur = func.parent;
    }
    false
}

/// The flush that fits the SDK and the context, in the words of the language.
fn advice(sdk: Sdk, kind: ShortLivedKind) -> &'static str {
    match (sdk, kind) {
        (Sdk::CdpAnalyticsNode, ShortLivedKind::Serverless) => {
            "`await analytics.flush()` before returning (in a `finally`, or hand the promise to `waitUntil`/`after`); `closeAndFlush()` only for a client built for this invocation, since a closed client drops every later event"
        }
        (Sdk::CdpAnalyticsNode, _) => {
            "`await analytics.closeAndFlush()` before the process ends (in a `finally`, before any `process.exit`)"
        }
        (Sdk::CdpAnalyticsPython, ShortLivedKind::Task) => {
            "call `analytics.flush()` at the end of the task (in a `finally`)"
        }
        (Sdk::CdpAnalyticsPython, _) => {
            "call `analytics.flush()` (or `shutdown()`) before the script ends, in a `finally`"
        }
        _ => "`defer client.Close()` right after building the client: Close sends what is queued",
    }
}

fn how_it_ends(kind: ShortLivedKind) -> &'static str {
    match kind {
        ShortLivedKind::Serverless => "the function is frozen or torn down as soon as it returns",
        ShortLivedKind::Script => "the process ends with it",
        ShortLivedKind::Task => "the worker may exit or be recycled right after it",
    }
}

fn queue_of(sdk: Sdk) -> &'static str {
    match sdk {
        Sdk::CdpAnalyticsNode => {
            "cdp-analytics-node only queues the event (it sends batches of 15, or every 10 seconds)"
        }
        Sdk::CdpAnalyticsPython => {
            "customerio.analytics only queues the event for its background thread"
        }
        _ => "cdp-analytics-go only queues the event (its goroutine sends every 5 seconds)",
    }
}

pub(crate) fn check(ctx: &FileCtx, out: &mut Vec<Finding>) {
    let f = ctx.facts;
    if !matches!(
        f.language,
        Language::JavaScript | Language::TypeScript | Language::Python | Language::Go
    ) {
        return;
    }
    let mut reported: Vec<Span> = Vec::new();
    for sl in &f.short_lived {
        // Queued calls that run in this context: not handed to a job or a goroutine.
        let sends: Vec<&Call> = f
            .calls
            .iter()
            .filter(|c| queues_events(c.client.sdk) && c.method.sends() && !c.deferred)
            .filter(|c| in_context(f, sl, c))
            .collect();
        // A module-level context (a script file, a `__main__` block) is one only when its
        // top-level code sends, itself or through the functions it calls.
        if sl.scope == MODULE_SCOPE && !sends.iter().any(|c| runs_at_top_level(f, c.scope)) {
            continue;
        }
        let flushes = f.calls.iter().any(|c| {
            queues_events(c.client.sdk) && c.method == Method::Flush && in_context(f, sl, c)
        });
        if flushes {
            continue;
        }
        let Some(first) = sends.iter().min_by_key(|c| (c.span.start, c.order)) else {
            continue;
        };
        // Nested contexts (a `__main__` block in a script file) report one send once.
        if reported.contains(&first.span) {
            continue;
        }
        reported.push(first.span);
        let sdk = first.client.sdk;
        let message = format!(
            "{} sends to Customer.io Data Pipelines here and never flushes: {}, and {}, so events still queued are lost without an error; {}",
            capitalize(&sl.label),
            queue_of(sdk),
            how_it_ends(sl.kind),
            advice(sdk, sl.kind),
        );
        out.push(ctx.finding(&META, first.span, message));
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
