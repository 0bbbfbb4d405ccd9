//! `placeholder-customer-id`: a customer id that is a fixed literal, falls back to one, or is
//! a fresh random value made at the call.

use super::common::{fresh_random_generator, random_in_text};
use super::{FileCtx, Finding, RuleMeta, Severity};
use crate::facts::{Call, ClientKind, Expr, Method, Value};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "placeholder-customer-id",
    severity: Severity::Error,
    group: "identity",
    summary: "A literal (`\"guest\"`), a literal fallback or a fresh random value as the customer id",
    languages: super::ALL,
    why: "Customer.io keys a person by the id in the call. A literal id (`\"guest\"`, \
`\"anonymous\"`, `\"0\"`), or a fallback to one (`user?.id ?? \"guest\"`), sends every visitor \
without an id to the same profile: their attributes overwrite each other, their events mix, \
and messages for one go to whoever's e-mail was set last. A random id made at the call \
(`randomUUID()`, `uuid4()`, `SecureRandom.uuid`, `uuid.New()`) does the opposite: every send \
creates a new orphan profile that no later call can reach. Send the person's stored id; track \
visitors without one anonymously (`anonymous_id`, Pipelines `anonymousId`), where a random id \
is what is wanted.",
    wrong: "await cio.track(user?.id ?? \"guest\", { name: \"viewed_pricing\" });",
    right: "if (user) await cio.track(user.id, { name: \"viewed_pricing\" });\nelse await cio.trackAnonymous(anonymousId, { name: \"viewed_pricing\" });",
    source: "docs.customer.io/journeys/identifying-people; Track API identify and anonymous events",
};

/// What is wrong with a customer id.
enum Placeholder<'a> {
    /// Always one literal.
    Literal(String),
    /// A real id, or a literal when it is missing.
    Fallback(String),
    /// A value made fresh at each call, by this generator.
    Random(&'a str),
    /// One branch is a person's id, the other a random value made at the call.
    RandomFallback(&'a str),
}

/// Calls whose customer id names the person written to.
fn keys_a_person(call: &Call) -> bool {
    matches!(
        call.method,
        Method::Identify | Method::Track | Method::Page | Method::AddDevice
    )
}

fn literal_text(v: &Value) -> Option<String> {
    match v {
        Value::Str(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Num(n) => Some(n.to_string()),
        _ => None,
    }
}

fn judge(id: &Expr) -> Option<Placeholder<'_>> {
    let alternatives: Vec<&Value> = id
        .value
        .alternatives()
        .into_iter()
        .filter(|v| !matches!(v, Value::Null | Value::Unknown))
        .collect();
    let literals: Vec<String> = alternatives
        .iter()
        .filter_map(|v| match v {
            // A float cannot hold every integer id (`157963456373623802`): show it as written.
            Value::Num(_) if matches!(id.value, Value::Num(_)) && id.via.is_none() => {
                Some(id.text.clone())
            }
            v => literal_text(v),
        })
        .collect();
    if let Some(first) = literals.first() {
        return Some(if literals.len() == alternatives.len() {
            Placeholder::Literal(first.clone())
        } else {
            Placeholder::Fallback(first.clone())
        });
    }
    if let Value::Interpolated { literal_parts, .. } = &id.value
        && literal_parts.first().is_some_and(|p| p.starts_with("cio_"))
    {
        return None;
    }
    let generator = fresh_random_generator(id)?;
    Some(if matches!(id.value, Value::OneOf(_)) {
        Placeholder::RandomFallback(generator)
    } else {
        Placeholder::Random(generator)
    })
}

/// A call re-created at a wrapper's call site carries the caller's argument text; when the
/// placeholder was made inside the wrapper (a fallback of its own), the fix belongs there and
/// the wrapper's own call reports it.
fn caller_made_it(id: &Expr, placeholder: &Placeholder) -> bool {
    if !matches!(id.value, Value::OneOf(_)) {
        return true;
    }
    match placeholder {
        Placeholder::Literal(lit) | Placeholder::Fallback(lit) => id.text.contains(lit.as_str()),
        Placeholder::Random(_) | Placeholder::RandomFallback(_) => {
            random_in_text(&id.text).is_some()
        }
    }
}

fn visitors_advice(call: &Call) -> &'static str {
    if call.client.kind == ClientKind::Pipelines {
        "send `anonymousId` instead of `userId` for visitors without an id"
    } else {
        "skip the call for visitors without an id, or send their events anonymously with an `anonymous_id`"
    }
}

pub(crate) fn check(ctx: &FileCtx, out: &mut Vec<Finding>) {
    for call in &ctx.facts.calls {
        if !keys_a_person(call) {
            continue;
        }
        let Some(id) = &call.customer_id else {
            continue;
        };
        let Some(placeholder) = judge(id) else {
            continue;
        };
        if call.forwarded.is_some() && !caller_made_it(id, &placeholder) {
            continue;
        }
        let message = match placeholder {
            Placeholder::Literal(lit) => {
                let subject =
                    if matches!(id.value, Value::Str(_) | Value::Num(_)) && id.via.is_none() {
                        format!("the customer id is the literal \"{lit}\"")
                    } else {
                        format!("the customer id `{}` holds the literal \"{lit}\"", id.text)
                    };
                format!(
                    "{subject}: every call writes to that one profile, so everyone sent through here merges into one person; pass the person's own id, or {}",
                    visitors_advice(call)
                )
            }
            Placeholder::Fallback(lit) => format!(
                "`{}` falls back to the literal \"{lit}\": every visitor without an id merges into one \"{lit}\" profile that collects their attributes, events and messages; {}",
                id.text,
                visitors_advice(call)
            ),
            Placeholder::RandomFallback(generator) => format!(
                "`{}` falls back to a fresh random id ({generator}) made at the call: every send for someone without an id creates a new orphan profile no later call can reach; skip the call for them, or send the random id as `anonymous_id`/`anonymousId`",
                id.text
            ),
            Placeholder::Random(generator) => format!(
                "`{}` is a fresh random id ({generator}) made at the call: every send creates a new orphan profile no later call can reach; pass the person's stored id (a random id belongs in `anonymous_id`/`anonymousId`)",
                id.text
            ),
        };
        out.push(ctx.finding(&META, id.span, message));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expr(value: Value, text: &str) -> Expr {
        Expr {
            value,
            span: Default::default(),
            text: text.into(),
            via: None,
        }
    }

    #[test]
    fn judges_ids() {
        let guest = expr(Value::Str("guest".into()), "\"guest\"");
        assert!(matches!(judge(&guest), Some(Placeholder::Literal(_))));
        let fallback = expr(
            Value::OneOf(vec![
                Value::Path(vec!["user".into(), "id".into()]),
                Value::Str("anonymous".into()),
            ]),
            "user?.id ?? \"anonymous\"",
        );
        assert!(matches!(judge(&fallback), Some(Placeholder::Fallback(_))));
        let random = expr(
            Value::Call("crypto.randomUUID".into()),
            "crypto.randomUUID()",
        );
        assert!(matches!(judge(&random), Some(Placeholder::Random(_))));
        let empty_fallback = expr(
            Value::OneOf(vec![
                Value::Path(vec!["user".into(), "id".into()]),
                Value::Str(String::new()),
            ]),
            "user.id || \"\"",
        );
        assert!(judge(&empty_fallback).is_none());
        let data = expr(Value::Path(vec!["user".into(), "id".into()]), "user.id");
        assert!(judge(&data).is_none());
    }
}
