//! `non-unix-timestamp`: a date object or ISO string where the Track API expects unix
//! seconds, or a number where a Pipelines SDK expects a date.

use super::fixes::{seconds_from_date, source_text};
use super::millisecond_timestamp::date_attrs;
use super::{Applicability, FileCtx, Finding, Fix, RuleMeta, Severity};
use crate::facts::{Attr, ClientKind, Language, Sdk, TimeUnit, Value};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "non-unix-timestamp",
    severity: Severity::Warning,
    group: "data-quality",
    summary: "A Date or ISO string where the Track API expects unix seconds (or a number where Pipelines expects a date)",
    languages: super::ALL,
    why: "Track API date attributes are unix seconds. A `Date` serialises to an ISO string, which \
Customer.io stores as text: segment timestamp conditions (\"is before\", \"within the last\") never \
match it. Data Pipelines is the other way round: its `timestamp` is a Date or ISO-8601 string.",
    wrong: "await cio.identify(user.id, { created_at: new Date() });",
    right: "await cio.identify(user.id, { created_at: Math.floor(Date.now() / 1000) });",
    source: "docs.customer.io/journeys/faq-timestamps; Pipelines API spec common_fields.timestamp",
};

pub(crate) fn check(ctx: &FileCtx, out: &mut Vec<Finding>) {
    for call in &ctx.facts.calls {
        if call.client.is_track_family() {
            let converts = call.client.sdk.converts_dates();
            for attr in dated_attrs(call, converts) {
                let kind = attr
                    .value
                    .value
                    .alternatives()
                    .into_iter()
                    .find_map(|v| match v {
                        Value::Timestamp(TimeUnit::DateObject) if !converts => {
                            Some("a date object, which is sent as an ISO string")
                        }
                        Value::Timestamp(TimeUnit::IsoString) => Some("an ISO date string"),
                        Value::Path(path) if !converts && is_record_timestamp(path) => Some(
                            "a record's timestamp field, which ORMs and query clients return as a Date, a Time or an ISO string",
                        ),
                        _ => None,
                    });
                let Some(kind) = kind else { continue };
                // customerio-ruby 6.1+ validates the event timestamp and raises on anything
                // but a 10-digit integer: the event is lost, not just mistyped. Older gems
                // drop it silently.
                let event_time = call.client.sdk == Sdk::CustomerioRuby
                    && call
                        .timestamp
                        .as_ref()
                        .is_some_and(|t| t.value.span == attr.value.span);
                let ruby = event_time
                    .then(|| ruby_timestamp_check(ctx, call.client.sdk))
                    .flatten();
                let raises = matches!(ruby, Some((true, _)));
                let consequence = match (&ruby, event_time) {
                    (Some((true, v)), _) => format!(
                        "the customerio gem {v} raises ParamError on a non-integer `timestamp` and the event is lost"
                    ),
                    (Some((false, v)), _) => format!(
                        "the customerio gem {v} drops it silently and records the event when it arrives"
                    ),
                    (None, true) => "the customerio gem drops it (6.0 and older) or raises ParamError and loses the event (6.1+)".to_string(),
                    (None, false) => "segment timestamp conditions never match strings".to_string(),
                };
                let message = format!(
                    "`{}` is {kind}, but Customer.io's Track API expects unix seconds in `{}`: {consequence}; send {}",
                    attr.value.text,
                    attr.key,
                    super::common::advice::seconds_of_date(ctx.facts.language)
                );
                let mut f = ctx.finding(&META, attr.value.span, message);
                if raises {
                    f.severity = super::Severity::Error;
                }
                f.fix = (attr.value.via.is_none())
                    .then(|| source_text(ctx.source(), attr.value.span))
                    .flatten()
                    .and_then(|text| seconds_from_date(ctx.facts.language, text))
                    .map(|seconds| {
                        Fix::replace(
                            Applicability::Unsafe,
                            "send unix seconds",
                            &ctx.facts.path,
                            attr.value.span,
                            seconds,
                        )
                    });
                out.push(f);
            }
        } else if call.client.kind == ClientKind::Pipelines {
            let Some(ts) = &call.timestamp else { continue };
            let numeric = ts.value.value.alternatives().into_iter().any(|v| {
                matches!(
                    v,
                    Value::Num(_)
                        | Value::Timestamp(
                            TimeUnit::Seconds
                                | TimeUnit::Millis
                                | TimeUnit::Micros
                                | TimeUnit::Nanos
                        )
                )
            });
            if numeric {
                let message = format!(
                    "`{}` is a number, but Data Pipelines takes `timestamp` as a date ({}); pass a date object, not unix time",
                    ts.value.text,
                    pipelines_date_type(ctx.facts.language)
                );
                let mut f = ctx.finding(&META, ts.value.span, message);
                // Only "now" has one obvious date; any other number could be in any unit.
                let now = source_text(ctx.source(), ts.value.span)
                    .is_some_and(|t| matches!(t, "Date.now()" | "Math.floor(Date.now() / 1000)"));
                if now
                    && ts.value.via.is_none()
                    && matches!(
                        ctx.facts.language,
                        Language::JavaScript | Language::TypeScript
                    )
                {
                    f.fix = Some(Fix::replace(
                        Applicability::Unsafe,
                        "pass a Date",
                        &ctx.facts.path,
                        ts.value.span,
                        "new Date()",
                    ));
                }
                out.push(f);
            }
        }
    }
}

/// Whether the installed customerio gem raises on an invalid event timestamp (6.1+), with
/// its version; `None` when the version is unknown.
pub(crate) fn ruby_timestamp_check(ctx: &FileCtx, sdk: Sdk) -> Option<(bool, String)> {
    const VALIDATES: crate::versions::Version = crate::versions::Version::new(6, 1, 0);
    let v = ctx.sdk_version(sdk)?;
    if v.at_least(VALIDATES) {
        Some((true, v.describe()))
    } else if v.below(VALIDATES) {
        Some((false, v.describe()))
    } else {
        None
    }
}

fn pipelines_date_type(lang: crate::facts::Language) -> &'static str {
    use crate::facts::Language::*;
    match lang {
        JavaScript | TypeScript => "a Date or an ISO-8601 string",
        Python => "a datetime; customerio.analytics raises AssertionError on numbers",
        Ruby => "a Time",
        Go => "a time.Time",
    }
}

/// The attributes named as dates (`*_at`, `timestamp`), and any other person attribute whose
/// value is an unconverted date all the same (`"trial_until": l.ExpiresAt`, `"started": time.Now()`):
/// Customer.io keeps the ISO string it receives, and segment date conditions never match it.
/// (Event data is left to its name: an ISO date there is often meant for a message to show.)
fn dated_attrs(call: &crate::facts::Call, converts: bool) -> impl Iterator<Item = &Attr> {
    let named: Vec<&Attr> = date_attrs(call).collect();
    let person = call.method == crate::facts::Method::Identify;
    let by_value = call.attributes.iter().filter(move |a| {
        person
            && !named.iter().any(|n| n.value.span == a.value.span)
            && a.value.value.alternatives().into_iter().any(|v| match v {
                Value::Timestamp(TimeUnit::DateObject) => !converts,
                Value::Path(path) => !converts && is_record_timestamp(path),
                // A date formatted on purpose under another name is a label.
                _ => false,
            })
    });
    date_attrs(call).chain(by_value)
}

/// `user.created_at`, `order.createdAt`, `u.CreatedAt`: a timestamp column of a loaded record,
/// passed on as the ORM returns it. Values straight from a request (whose type is whatever
/// the client posted) and fields already converted (`created_at.to_i`) are not.
fn is_record_timestamp(path: &[String]) -> bool {
    let [root, .., field] = path else {
        return false;
    };
    // Requests and payloads carry text; attributes and traits were already shaped for
    // Customer.io (`attributes.created_at` of a builder that converted it).
    if matches!(
        root.as_str(),
        "req"
            | "request"
            | "body"
            | "params"
            | "payload"
            | "event"
            | "ctx"
            | "data"
            | "args"
            | "attributes"
            | "attrs"
            | "traits"
            | "properties"
            | "props"
    ) {
        return false;
    }
    let lower = field.to_ascii_lowercase();
    let snake = lower.ends_with("_at") || lower.ends_with("_on");
    let camel = (field.ends_with("At") || field.ends_with("On")) && field.len() > 2;
    (snake || camel || lower == "timestamp") && lower != "format"
}

#[cfg(test)]
mod tests {
    use super::is_record_timestamp;

    fn p(s: &str) -> Vec<String> {
        s.split('.').map(String::from).collect()
    }

    #[test]
    fn record_timestamp_fields() {
        assert!(is_record_timestamp(&p("user.created_at")));
        assert!(is_record_timestamp(&p("order.createdAt")));
        assert!(is_record_timestamp(&p("u.CreatedAt")));
        assert!(!is_record_timestamp(&p("created_at")));
        assert!(!is_record_timestamp(&p("req.body.created_at")));
        assert!(!is_record_timestamp(&p("attributes.created_at")));
        assert!(!is_record_timestamp(&p("user.created_at.to_i")));
        assert!(!is_record_timestamp(&p("user.name")));
    }
}
