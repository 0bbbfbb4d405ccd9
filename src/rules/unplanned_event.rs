//! `unplanned-event`: an event name the tracking plan does not list.

use super::{Finding, Project, RuleMeta, Severity};
use crate::inventory::sent_calls;
use std::collections::HashSet;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "unplanned-event",
    severity: Severity::Warning,
    group: "plan",
    summary: "An event the tracking plan does not list (with the nearest planned name)",
    languages: super::ALL,
    why: "Customer.io accepts any event name and creates it on first use: a misspelt or \
unreviewed event (`Order Complete` for the planned `Order Completed`) starts no campaign, \
matches no segment and splits reports, and nobody notices until a journey stays empty. Tracking \
plans (Segment Protocols, Avo) catch this at run time in their cloud; with `[plan] file` in \
ciolint.toml the same plan is enforced in CI, before the event ships. Silent when no plan is \
configured.",
    wrong: "// tracking-plan.json plans \"Order Completed\"\ncio.track(user.id, { name: \"Order Complete\", data: { total } });",
    right: "cio.track(user.id, { name: \"Order Completed\", data: { total } });\n// or add the new event to the plan (`ciolint plan diff` lists what the code sends)",
    source: "docs.customer.io/journeys/events; segment.com/docs/protocols/tracking-plan/create",
};

pub(crate) fn check(ctx: &Project, out: &mut Vec<Finding>) {
    let Some(plan) = ctx.plan else {
        return;
    };
    let mut reported: HashSet<(&str, crate::facts::Span, &str)> = HashSet::new();
    for sent in sent_calls(&ctx.files) {
        if !sent.is_event() {
            continue;
        }
        let Some((path, expr)) = sent.event_name else {
            continue;
        };
        for name in sent.literal_event_names() {
            if plan.events.contains_key(name) || !reported.insert((path, expr.span, name)) {
                continue;
            }
            let hint = match plan.nearest_event(name) {
                Some(near) => format!("; the nearest planned event is `{near}`"),
                None => String::new(),
            };
            out.push(ctx.finding(
                &META,
                path,
                expr.span,
                format!(
                    "event `{name}` is not in the tracking plan {}{hint}: fix the name or add the event to the plan",
                    plan.shown_path()
                ),
            ));
        }
    }
}
