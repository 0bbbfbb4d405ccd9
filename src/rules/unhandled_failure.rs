//! `unhandled-failure`: a Customer.io promise that nobody awaits, returns or catches.

use super::{FileCtx, Finding, RuleMeta, Severity};
use crate::facts::Outcome;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "unhandled-failure",
    severity: Severity::Warning,
    group: "reliability",
    summary: "A Customer.io call whose failure nobody handles (floating promise)",
    languages: super::JS_TS,
    why: "customerio-node calls return promises that reject on any API or network error. A \
promise that is neither awaited, returned nor given a `.catch` becomes an unhandled rejection: \
Node 15+ crashes the process on it by default, and the lost event leaves no trace in your logs.",
    wrong: "cio.track(user.id, { name: \"login\" });",
    right: "cio.track(user.id, { name: \"login\" })\n  .catch((err) => logger.warn({ err }, \"customer.io track failed\"));",
    source: "customerio-node lib/utils.ts (rejects with CustomerIORequestError); Node.js --unhandled-rejections",
};

pub(crate) fn check(ctx: &FileCtx, out: &mut Vec<Finding>) {
    for call in &ctx.facts.calls {
        if !call.client.is_track_family()
            || !call.client.sdk.returns_rejecting_promise()
            || !call.method.sends()
        {
            continue;
        }
        if call.outcome != Outcome::Discarded {
            continue;
        }
        let message = format!(
            "the promise returned by `{}` is neither awaited, returned nor caught: a Customer.io error becomes an unhandled rejection that crashes Node; add .catch(…) or await it",
            call.method_name
        );
        out.push(ctx.finding(&META, call.span, message));
    }
}
