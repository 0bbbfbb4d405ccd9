//! `trigger-on-identify`: a campaign that fires on identify / any attribute change.

use super::{Finding, Project, RuleMeta, Severity};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "trigger-on-identify",
    severity: Severity::Warning,
    group: "messages",
    summary: "A campaign triggered by identify or any attribute update fires on every profile change",
    languages: &["yaml", "json"],
    why: "Identify calls are upserts sent on log-in, on every profile save and by nightly syncs. \
A campaign triggered by `identify` or by any attribute change enters people again and again \
for unrelated updates. Trigger on a named event (`signed_up`) or on a segment condition \
instead.",
    wrong: "trigger:\n  event: identify",
    right: "trigger:\n  event: signed_up",
    source: "docs.customer.io/journeys/campaign-triggers",
};

pub(crate) fn check(ctx: &Project, out: &mut Vec<Finding>) {
    for c in &ctx.campaigns {
        for t in &c.triggers {
            let message = format!(
                "this campaign is triggered by `{}`, so it fires on every profile update (log-ins, syncs, backfills); trigger it on a named event such as `signed_up` or on a segment",
                t.fires_on
            );
            out.push(ctx.finding(&META, &c.path, t.span, message));
        }
    }
}
