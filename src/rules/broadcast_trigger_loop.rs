//! `broadcast-trigger-loop`: an API-triggered broadcast fired per item or per request for
//! one person, against an endpoint that takes one request every 10 seconds.

use super::{FileCtx, Finding, RuleMeta, Severity};
use crate::facts::Method;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "broadcast-trigger-loop",
    severity: Severity::Error,
    group: "performance",
    summary: "An API-triggered broadcast fired per item or per person: the endpoint takes one request every 10 seconds",
    languages: super::ALL,
    why: "The App API accepts one broadcast trigger (`POST /v1/campaigns/{id}/triggers`) every 10 \
seconds. Triggering it once per user in a loop, or from a request handler for the person making \
the request, gets every trigger after the first rejected with 429 (a limiter tuned for the App \
API's 10 requests per second does not help), and the people behind them never get the message. \
A broadcast is meant for an audience: trigger it once with all recipients (`ids`, `emails`, \
`per_user_data`, or a `data_file_url`), or send a transactional message to each person.",
    wrong: "for (const user of winners) {\n  await api.triggerBroadcast(12, { prize: user.prize }, { ids: [user.id] });\n}",
    right: "await api.triggerBroadcast(12, {}, {\n  per_user_data: winners.map((u) => ({ id: u.id, data: { prize: u.prize } })),\n});",
    source: "docs.customer.io/integrations/api/app/ (rate limits: broadcast triggers 1 request per 10 seconds) (cio-sdk-reference §4.2, §10)",
};

pub(crate) fn check(ctx: &FileCtx, out: &mut Vec<Finding>) {
    let facts = ctx.facts;
    for call in &facts.calls {
        if call.method != Method::TriggerBroadcast {
            continue;
        }
        let name = &call.method_name;
        if let Some(l) = call.loop_id.and_then(|id| facts.loop_ctx(id)) {
            let paced = if l.throttled {
                " (the limiter here does not get it down to one trigger per 10 seconds)"
            } else {
                ""
            };
            out.push(ctx.finding(
                &META,
                call.span,
                format!(
                    "`{name}` triggers the broadcast once per item of the {} on line {}: the endpoint takes one trigger every 10 seconds, so the others are rejected with 429{paced}; trigger it once with every recipient (`ids`, `emails` or `per_user_data`), or send each person a transactional message",
                    l.kind, l.span.line
                ),
            ));
            continue;
        }
        let single = call
            .recipients
            .as_ref()
            .is_some_and(|r| r.listed == Some(1) && r.field != "segment");
        if single && let Some(handler) = facts.enclosing_handler(call.scope) {
            let route = handler
                .route
                .as_deref()
                .or(handler.name.as_deref())
                .map(|r| format!(" `{r}`"))
                .unwrap_or_default();
            out.push(ctx.finding(
                &META,
                call.span,
                format!(
                    "`{name}` triggers a broadcast for one person from the request handler{route}: the endpoint takes one trigger every 10 seconds, so concurrent requests are rejected with 429 and those people get nothing; send a transactional message for per-person messages"
                ),
            ));
        }
    }
}
