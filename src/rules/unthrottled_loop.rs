//! `unthrottled-loop`: Track/App calls fired from a loop with no limiter or batching.

use super::{FileCtx, Finding, RuleMeta, Severity};
use crate::facts::Method;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "unthrottled-loop",
    severity: Severity::Warning,
    group: "performance",
    summary: "Customer.io calls in a loop with no rate limiter or batching",
    languages: super::ALL,
    why: "The Track API is rate limited (documented between 100 and 1000 requests per second, \
soft) and the App API to 10 per second. A loop over users fires one request per item as fast as \
it can: bursts get 429s or are dropped. Use the v2 batch API, or schedule calls through a \
limiter (Bottleneck, p-limit, p-queue).",
    wrong: "for (const user of users) {\n  await cio.identify(user.id, user.attributes);\n}",
    right: "const limiter = new Bottleneck({ maxConcurrent: 10, minTime: 10 });\nfor (const user of users) {\n  await limiter.schedule(() => cio.identify(user.id, user.attributes));\n}",
    source: "Track API spec (rate limits); docs.customer.io/integrations/api/app/ (cio-sdk-reference §4.2)",
};

pub(crate) fn check(ctx: &FileCtx, out: &mut Vec<Finding>) {
    let facts = ctx.facts;
    let mut reported_loops = Vec::new();
    for call in &facts.calls {
        if !call.client.is_track_family()
            || !call.method.sends()
            // A broadcast trigger in a loop is `broadcast-trigger-loop`'s (one per 10 s, which
            // no generic limiter fixes).
            || matches!(
                call.method,
                Method::Batch | Method::Read | Method::TriggerBroadcast
            )
        {
            continue;
        }
        let Some(loop_id) = call.loop_id else {
            continue;
        };
        let Some(l) = facts.loop_ctx(loop_id) else {
            continue;
        };
        if l.throttled || reported_loops.contains(&loop_id) {
            continue;
        }
        reported_loops.push(loop_id);
        let limit = if call.client.kind == crate::facts::ClientKind::App {
            "limit of 10 requests/s"
        } else {
            "soft per-second rate limit"
        };
        let message = format!(
            "`{}` runs once per item of the {} on line {} with no limiter: large lists burst past the API's {limit} and get throttled or dropped; batch (the v2 batch API) or pace the calls with {}",
            call.method_name,
            l.kind,
            l.span.line,
            super::common::advice::limiter(facts.language)
        );
        out.push(ctx.finding(&META, call.span, message));
    }
}
