//! `dynamic-event-name`: an event name built from a variable.

use super::common::dynamic_holes;
use super::{FileCtx, Finding, RuleMeta, Severity};
use crate::facts::{Expr, Value};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "dynamic-event-name",
    severity: Severity::Error,
    group: "events",
    summary: "An event name built from a variable: every value becomes a new event",
    languages: super::ALL,
    why: "Campaigns and segments match events by their exact name. A name with an id or a value \
in it (`viewed_product_${id}`) makes a new event type per value: triggers never match, the \
event list fills with thousands of names, and reporting splits. Keep the name fixed and put \
the value in the event data.",
    wrong: "await cio.track(user.id, { name: `viewed_product_${product.id}` });",
    right: "await cio.track(user.id, { name: \"product_viewed\", data: { product_id: product.id } });",
    source: "docs.customer.io/journeys/campaign-triggers; Track API limits (cio-sdk-reference §4.1, §10)",
};

pub(crate) fn check(ctx: &FileCtx, out: &mut Vec<Finding>) {
    for call in &ctx.facts.calls {
        let Some(name) = &call.event_name else {
            continue;
        };
        let variable = first_variable_part(name);
        let Some(part) = variable else { continue };
        let message = format!(
            "the event name {} is built from `{part}`: each value becomes a separate event type that no campaign trigger matches; use a fixed name and send `{part}` in the event data",
            super::common::code(&name.text)
        );
        out.push(ctx.finding(&META, name.span, message));
    }
}

fn first_variable_part(name: &Expr) -> Option<String> {
    if let Some(h) = dynamic_holes(name).first() {
        return Some(h.text.clone());
    }
    if let Value::OneOf(vs) = &name.value {
        for v in vs {
            if let Value::Interpolated { holes, .. } = v
                && let Some(h) = holes.first()
            {
                return Some(h.text.clone());
            }
        }
    }
    None
}
