//! `plan-missing-property`: a call that leaves out a property the tracking plan requires.

use super::{Finding, Project, RuleMeta, Severity};
use crate::facts::Method;
use crate::inventory::sent_calls;
use crate::plan::{Violation, judge};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "plan-missing-property",
    severity: Severity::Warning,
    group: "plan",
    summary: "An event (or identify) sent without a property the tracking plan requires",
    languages: super::ALL,
    why: "Campaigns and Liquid read event data by name: a journey that filters on \
`event.order_id` or a message that prints `{{ event.total }}` gets nothing from an event sent \
without it, and Customer.io does not complain. Only calls whose keys are all written out are \
judged: a spread or a payload variable may carry the property. Silent when no plan is \
configured.",
    wrong: "// the plan: \"Order Completed\" requires [\"order_id\", \"total\"]\ncio.track(id, { name: \"Order Completed\", data: { total } });",
    right: "cio.track(id, { name: \"Order Completed\", data: { order_id: order.id, total } });",
    source: "docs.customer.io/journeys/liquid-tag-list (event data); json-schema.org/draft/2020-12 (required)",
};

pub(crate) fn check(ctx: &Project, out: &mut Vec<Finding>) {
    let Some(plan) = ctx.plan else {
        return;
    };
    for sent in sent_calls(&ctx.files) {
        if !sent.counted || !sent.keys_known {
            continue;
        }
        let (targets, attrs): (Vec<(String, _)>, Vec<_>) = if sent.is_event() {
            let targets = sent
                .literal_event_names()
                .into_iter()
                .filter_map(|n| plan.events.get(n).map(|s| (format!("event `{n}`"), s)))
                .collect();
            (targets, sent.event_properties().map(|(_, a)| *a).collect())
        } else if sent.call.method == Method::Identify {
            let targets = plan
                .person
                .iter()
                .map(|s| ("this identify call".to_string(), s))
                .collect();
            (targets, sent.person_attributes().map(|(_, a)| *a).collect())
        } else {
            continue;
        };
        for (what, schema) in targets {
            let missing: Vec<String> = judge(schema, sent.call, attrs.iter().copied(), true)
                .into_iter()
                .filter_map(|v| match v {
                    Violation::Missing { property } => Some(format!("`{property}`")),
                    Violation::WrongType { .. } => None,
                })
                .collect();
            if missing.is_empty() {
                continue;
            }
            out.push(ctx.finding(
                &META,
                &sent.file.path,
                sent.call.span,
                format!(
                    "{what} is sent without {}, which the tracking plan requires",
                    missing.join(", ")
                ),
            ));
        }
    }
}
