//! `plan-property-type`: a sent value whose type the tracking plan's schema rejects.

use super::{Finding, Project, RuleMeta, Severity};
use crate::facts::Method;
use crate::inventory::sent_calls;
use crate::plan::{PlannedSchema, Violation, judge};
use std::collections::HashSet;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "plan-property-type",
    severity: Severity::Warning,
    group: "plan",
    summary: "An event property or person attribute sent with a type the tracking plan rejects",
    languages: super::ALL,
    why: "Customer.io stores whatever type arrives: `total: \"12.50\"` where the plan says \
number makes \"total is greater than 10\" segments and Liquid math silently skip those \
events, and a millisecond timestamp where the plan says unix seconds puts dates in the year \
55,000. The plan's JSON Schema judges each literal and each type the code shows (a \
`Date.now()`, a `String(x)`, a `created_at` field); values whose type the code does not show \
are left alone. Silent when no plan is configured.",
    wrong: "// the plan: \"total\": { \"type\": \"number\" }\ncio.track(id, { name: \"Order Completed\", data: { total: \"12.50\" } });",
    right: "cio.track(id, { name: \"Order Completed\", data: { total: 12.5 } });",
    source: "docs.customer.io/journeys/segmentation-and-timestamp-rules; json-schema.org/draft/2020-12",
};

pub(crate) fn check(ctx: &Project, out: &mut Vec<Finding>) {
    let Some(plan) = ctx.plan else {
        return;
    };
    let mut reported: HashSet<(String, crate::facts::Span, String)> = HashSet::new();
    for sent in sent_calls(&ctx.files) {
        let (targets, attrs): (Vec<(String, &PlannedSchema)>, Vec<_>) = if sent.is_event() {
            let targets = sent
                .literal_event_names()
                .into_iter()
                .filter_map(|n| plan.events.get(n).map(|s| (format!("event `{n}`"), s)))
                .collect();
            (targets, sent.event_properties().collect())
        } else if sent.call.method == Method::Identify {
            let targets = plan
                .person
                .iter()
                .map(|s| ("person attributes".to_string(), s))
                .collect();
            (targets, sent.person_attributes().collect())
        } else {
            continue;
        };
        for (what, schema) in targets {
            let violations = judge(schema, sent.call, attrs.iter().map(|(_, a)| *a), false);
            for v in violations {
                let Violation::WrongType {
                    property,
                    value_span,
                    sent: ty,
                    literal,
                    reason,
                } = v
                else {
                    continue;
                };
                let Some((path, _)) = attrs
                    .iter()
                    .find(|(_, a)| a.key == property && a.value.span == value_span)
                else {
                    continue;
                };
                if !reported.insert((path.to_string(), value_span, what.clone())) {
                    continue;
                }
                let shown = if literal {
                    format!("the literal {}", ty.display())
                } else {
                    crate::rules::common::with_article(ty.display())
                };
                out.push(ctx.finding(
                    &META,
                    path,
                    value_span,
                    format!(
                        "`{property}` is sent as {shown}, which the tracking plan's schema for {what} rejects: {reason}"
                    ),
                ));
            }
        }
    }
}
