//! `event-name-too-long`: a literal event name over the Track API's 100-byte limit.

use super::{FileCtx, Finding, RuleMeta, Severity};
use crate::facts::Value;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "event-name-too-long",
    severity: Severity::Error,
    group: "events",
    summary: "An event name longer than 100 bytes: the Track API rejects it",
    languages: super::ALL,
    why: "The Track API limits event names to 100 bytes and answers longer ones with 400 \
\"event name cannot be longer than 100 bytes\": the event is lost.",
    wrong: "await cio.track(id, { name: \"user_completed_the_onboarding_checklist_after_…_and_invited_three_teammates\" });",
    right: "await cio.track(id, { name: \"onboarding_completed\", data: { invited: 3 } });",
    source: "Track API spec, Rate Limits section (cio-sdk-reference §4.1)",
};

const LIMIT: usize = 100;

pub(crate) fn check(ctx: &FileCtx, out: &mut Vec<Finding>) {
    for call in &ctx.facts.calls {
        let Some(name) = &call.event_name else {
            continue;
        };
        for v in name.value.alternatives() {
            let Value::Str(s) = v else { continue };
            if s.len() > LIMIT {
                let message = format!(
                    "this event name is {} bytes; the Track API rejects names over {LIMIT} bytes with 400 and the event is lost: shorten it and move details into the event data",
                    s.len()
                );
                out.push(ctx.finding(&META, name.span, message));
            }
        }
    }
}
