//! `millisecond-timestamp`: milliseconds (or finer) sent where Customer.io's Track and App
//! APIs expect unix seconds.

use super::common::is_timestamp_key;
use super::fixes::{seconds_from_subsecond, source_text};
use super::{Applicability, FileCtx, Finding, Fix, RuleMeta, Severity};
use crate::facts::{Attr, Call, TimeUnit, Value};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "millisecond-timestamp",
    severity: Severity::Error,
    group: "data-quality",
    summary: "A millisecond timestamp where Customer.io expects unix seconds",
    languages: super::ALL,
    why: "The Track and App APIs take dates as integer unix seconds (`timestamp`, `created_at`, \
any `*_at`, `send_at`, `last_used`). A millisecond value is a date thousands of years away: \
segment timestamp conditions never match it, backdated events land at the wrong time, and \
`send_at` is rejected. customerio-node sends the body unchanged, so nothing converts it.",
    wrong: "await cio.identify(user.id, { created_at: Date.now() });",
    right: "await cio.identify(user.id, { created_at: Math.floor(Date.now() / 1000) });",
    source: "Track API spec (timestamp: unix timestamp); docs.customer.io/journeys/faq-timestamps; customerio-node#133",
};

pub(crate) fn sub_second_unit(value: &Value) -> Option<TimeUnit> {
    value.alternatives().into_iter().find_map(|v| match v {
        Value::Timestamp(u @ (TimeUnit::Millis | TimeUnit::Micros | TimeUnit::Nanos)) => Some(*u),
        Value::Num(n) if *n >= 1e11 => Some(if *n >= 1e17 {
            TimeUnit::Nanos
        } else if *n >= 1e14 {
            TimeUnit::Micros
        } else {
            TimeUnit::Millis
        }),
        _ => None,
    })
}

fn unit_name(u: TimeUnit) -> &'static str {
    match u {
        TimeUnit::Micros => "microseconds",
        TimeUnit::Nanos => "nanoseconds",
        _ => "milliseconds",
    }
}

/// `Date.now()` → `Math.floor(Date.now() / 1000)` and its kin in every language: the same
/// instant in the unit Customer.io reads, so the fix is safe.
fn fix_for(ctx: &FileCtx, attr: &Attr, unit: TimeUnit) -> Option<Fix> {
    if attr.value.via.is_some() {
        return None;
    }
    let text = source_text(ctx.source(), attr.value.span)?;
    let seconds = seconds_from_subsecond(ctx.facts.language, text, unit)?;
    Some(Fix::replace(
        Applicability::Safe,
        "convert to unix seconds",
        &ctx.facts.path,
        attr.value.span,
        seconds,
    ))
}

pub(crate) fn check(ctx: &FileCtx, out: &mut Vec<Finding>) {
    for call in &ctx.facts.calls {
        if !call.client.is_track_family() {
            continue;
        }
        for attr in date_attrs(call) {
            let Some(unit) = sub_second_unit(&attr.value.value) else {
                continue;
            };
            let through = match &attr.value.via {
                Some(v) if v != &attr.value.text => format!(" (through `{v}`)"),
                _ => String::new(),
            };
            let divisor = match unit {
                TimeUnit::Micros => "1,000,000",
                TimeUnit::Nanos => "1,000,000,000",
                _ => "1000",
            };
            let advice = format!(
                "use {} (or divide by {divisor} and round down)",
                super::common::advice::seconds_now(ctx.facts.language)
            );
            // The customerio gem 6.1+ rejects such an event timestamp outright.
            let event_time = call.client.sdk == crate::facts::Sdk::CustomerioRuby
                && call
                    .timestamp
                    .as_ref()
                    .is_some_and(|t| t.value.span == attr.value.span);
            let raises = match event_time
                .then(|| super::non_unix_timestamp::ruby_timestamp_check(ctx, call.client.sdk))
                .flatten()
            {
                Some((true, v)) => {
                    format!(
                        " (the customerio gem {v} raises ParamError on it and the event is lost)"
                    )
                }
                _ => String::new(),
            };
            let message = format!(
                "Customer.io expects unix seconds in `{}`; `{}`{through} is {}{raises}: {advice}",
                attr.key,
                attr.value.text,
                unit_name(unit),
            );
            let mut f = ctx.finding(&META, attr.value.span, message);
            f.fix = fix_for(ctx, attr, unit);
            out.push(f);
        }
    }
}

/// The call's event timestamp and every date-like attribute.
pub(crate) fn date_attrs(call: &Call) -> impl Iterator<Item = &Attr> {
    call.timestamp
        .as_deref()
        .into_iter()
        .chain(call.attributes.iter().filter(|a| is_timestamp_key(&a.key)))
}
