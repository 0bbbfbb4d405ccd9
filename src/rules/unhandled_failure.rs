//! `unhandled-failure`: a Customer.io call whose failure nobody handles: a floating
//! promise in JavaScript, a discarded error in Go.

use super::{FileCtx, Finding, RuleMeta, Severity};
use crate::facts::{Call, Language, Outcome, Sdk};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "unhandled-failure",
    severity: Severity::Warning,
    group: "reliability",
    summary: "A Customer.io call whose failure nobody handles (floating promise, discarded error)",
    languages: &["javascript", "typescript", "go"],
    why: "customerio-node calls return promises that reject on any API or network error. A \
promise that is neither awaited, returned nor given a `.catch` becomes an unhandled rejection: \
Node 15+ crashes the process on it by default. go-customerio returns an error for any status \
other than 200; dropping it (`_ =`, a bare call, `go`) loses the event without a trace.",
    wrong: "cio.track(user.id, { name: \"login\" });\n// Go\n_ = track.Track(userID, \"login\", nil)",
    right: "cio.track(user.id, { name: \"login\" })\n  .catch((err) => logger.warn({ err }, \"customer.io track failed\"));\n// Go\nif err := track.Track(userID, \"login\", nil); err != nil { log.Printf(\"customer.io: %v\", err) }",
    source: "customerio-node lib/utils.ts (rejects with CustomerIORequestError); go-customerio customerio.go (CustomerIOError)",
};

/// Calls whose failure surfaces only through the returned promise or error.
fn reports_failure_by_return(call: &Call, language: Language) -> bool {
    match language {
        Language::JavaScript | Language::TypeScript => call.client.sdk.returns_rejecting_promise(),
        Language::Go => call.client.sdk == Sdk::GoCustomerio,
        _ => false,
    }
}

pub(crate) fn check(ctx: &FileCtx, out: &mut Vec<Finding>) {
    let language = ctx.facts.language;
    for call in &ctx.facts.calls {
        if !call.client.is_track_family()
            || !reports_failure_by_return(call, language)
            || !call.method.sends()
            || call.outcome != Outcome::Discarded
        {
            continue;
        }
        let message = if language == Language::Go {
            format!(
                "the error returned by `{}` is discarded: a failed call (any status but 200) loses the event without a trace; check the error and log or retry",
                call.method_name
            )
        } else {
            format!(
                "the promise returned by `{}` is neither awaited, returned nor caught: a Customer.io error becomes an unhandled rejection that crashes Node; add .catch(…) or await it",
                call.method_name
            )
        };
        out.push(ctx.finding(&META, call.span, message));
    }
}
