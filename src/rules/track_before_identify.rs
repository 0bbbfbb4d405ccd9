//! `track-before-identify`: a Track API event for a customer that can reach Customer.io
//! before the identify that creates that customer.

use super::common::id_key;
use super::{FileCtx, Finding, RuleMeta, Severity};
use crate::facts::{Call, ClientKind, Method, Outcome, Sdk};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "track-before-identify",
    severity: Severity::Warning,
    group: "identity",
    summary: "An event sent before (or racing) the identify of the same customer",
    languages: super::ALL,
    why: "The Track API does not merge events sent before a person exists: an event for an id \
that was never identified may create a bare profile without e-mail or attributes, and \
event-triggered campaigns can fire before the attributes they use arrive. Identify first and \
wait for it.",
    wrong: "await cio.track(user.id, { name: \"signed_up\" });\nawait cio.identify(user.id, { email: user.email });",
    right: "await cio.identify(user.id, { email: user.email });\nawait cio.track(user.id, { name: \"signed_up\" });",
    source: "Track API spec (events description); docs.customer.io/sdk/javascript/identify",
};

/// Pipelines and the mobile SDKs merge events sent before identify; the Track API does not.
fn applies(call: &Call) -> bool {
    call.client.kind == ClientKind::Track
}

fn key(call: &Call) -> Option<String> {
    if call.client.sdk == Sdk::LegacySnippet {
        return Some("_cio".into());
    }
    call.customer_id.as_ref().map(id_key)
}

pub(crate) fn check(ctx: &FileCtx, out: &mut Vec<Finding>) {
    let calls: Vec<&Call> = ctx.facts.calls.iter().filter(|c| applies(c)).collect();
    for track in calls
        .iter()
        .filter(|c| matches!(c.method, Method::Track | Method::Page))
    {
        let Some(k) = key(track) else { continue };
        let identifies: Vec<&&Call> = calls
            .iter()
            .filter(|c| {
                c.method == Method::Identify
                    && c.scope == track.scope
                    && key(c).as_deref() == Some(&k)
            })
            .collect();
        let Some(first) = identifies.iter().min_by_key(|c| c.order) else {
            continue;
        };
        let who = track
            .customer_id
            .as_ref()
            .map(|e| format!("`{}`", e.text))
            .unwrap_or_else(|| "the visitor".into());
        let message = if first.order > track.order {
            format!(
                "this event for {who} is sent before the identify on line {}: the Track API does not merge earlier events, so the event may land on a bare profile without e-mail or attributes; identify first",
                first.span.line
            )
        } else {
            let Some(last) = identifies
                .iter()
                .filter(|c| c.order < track.order)
                .max_by_key(|c| c.order)
            else {
                continue;
            };
            if last.concurrent_group.is_some() && last.concurrent_group == track.concurrent_group {
                format!(
                    "this event for {who} runs in the same Promise.all as the identify on line {}: the two requests race, so the event can arrive first; await the identify, then track",
                    last.span.line
                )
            } else if last.deferred && !track.deferred {
                format!(
                    "the identify on line {} runs in a background job while this event for {who} is sent inline, so the event can arrive before the person exists; send both from the job, identify first",
                    last.span.line
                )
            } else if !last.waits
                && !last.deferred
                && last.outcome != Outcome::Assigned
                && last.client.sdk != Sdk::LegacySnippet
                && last.loop_id == track.loop_id
            {
                format!(
                    "the identify on line {} is not awaited, so this event for {who} can reach Customer.io before the person exists; await the identify before tracking",
                    last.span.line
                )
            } else {
                continue;
            }
        };
        out.push(ctx.finding(&META, track.span, message));
    }
}
