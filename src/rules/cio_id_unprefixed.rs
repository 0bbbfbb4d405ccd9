//! `cio-id-unprefixed`: a Customer.io `cio_id` used as a plain customer id, without the
//! `cio_` prefix (Track API) or `id_type=cio_id` (App API).

use super::common::{code, normalize_key};
use super::{FileCtx, Finding, RuleMeta, Severity};
use crate::facts::{Call, ClientKind, Expr, Language, Method, Sdk, Value};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "cio-id-unprefixed",
    severity: Severity::Error,
    group: "identity",
    summary: "A `cio_id` used as the customer id without the `cio_` prefix or `id_type=cio_id`",
    languages: super::ALL,
    why: "The `cio_id` is the identifier Customer.io generates for a person. The Track API \
reads the id in `/customers/{id}` as your own `id` unless it is written `cio_<cio_id>`, so an \
unprefixed `cio_id` creates a new person with that id (or updates the wrong one) instead of \
addressing the person it belongs to. The App API looks `/customers/{id}` up as an `id` unless \
the request says `id_type=cio_id`, so the lookup finds no one.",
    wrong: "const [person] = (await api.getCustomersByEmail(email)).customers;\nawait cio.identify(person.cio_id, { email: newEmail });",
    right: "const [person] = (await api.getCustomersByEmail(email)).customers;\nawait cio.identify(`cio_${person.cio_id}`, { email: newEmail });",
    source: "Track API identify description (cio_ prefix); customerio-node README \"Updating identifiers\"; App API GET /customers/{id}/attributes (id_type)",
};

/// A name that says it holds a Customer.io id: `cio_id`, `cioId`, `p.CioID`, `personCioId`.
fn is_cio_id_name(name: &str) -> bool {
    normalize_key(name).ends_with("cioid")
}

/// Whether the id expression holds a `cio_id` as it is (not written `cio_<cio_id>`).
fn holds_bare_cio_id(id: &Expr) -> bool {
    match &id.value {
        Value::Str(_) | Value::Num(_) | Value::Null => false,
        Value::Path(p) => p.last().is_some_and(|l| is_cio_id_name(l)),
        Value::Interpolated {
            literal_parts,
            holes,
        } => {
            // `String(cioId)`, `str(cio_id)` keep the value; `cio_${…}` is the right form.
            literal_parts.iter().all(String::is_empty)
                && holes.len() == 1
                && holds_bare_cio_id(&holes[0])
        }
        // `getCioId(email)`, `lookup_cio_id(user)`: a helper that reads the person's cio_id.
        Value::Call(callee) => {
            let leaf = callee.rsplit(['.', ':']).next().unwrap_or("");
            // `String(p.cioId)`, `p.cioId.toString()`: the same value as text.
            let converted = matches!(leaf, "String" | "str" | "toString" | "to_s" | "Sprint")
                && text_leaf(&id.text).is_some_and(is_cio_id_name);
            is_cio_id_name(leaf) || converted
        }
        Value::OneOf(vs) => vs
            .iter()
            .any(|v| matches!(v, Value::Path(p) if p.last().is_some_and(|l| is_cio_id_name(l)))),
        _ => {
            id.via.as_deref().is_some_and(is_cio_id_name)
                || (!id.text.contains('(') && text_leaf(&id.text).is_some_and(is_cio_id_name))
        }
    }
}

/// The last name in an expression's text: `res.customers[0].cio_id` → `cio_id`,
/// `String(p.cioId)` → `cioId`.
fn text_leaf(text: &str) -> Option<&str> {
    text.trim_end_matches(".toString()")
        .trim_end_matches(".to_s")
        .trim_end_matches(['?', '!', ')', ']', '"', '\''])
        .rsplit(['.', '[', '"', '\'', '(', ':'])
        .find(|s| !s.is_empty())
}

/// The id written the way the Track API reads a `cio_id`, in the file's language.
fn prefixed(lang: Language, text: &str) -> String {
    match lang {
        Language::JavaScript | Language::TypeScript => format!("`cio_${{{text}}}`"),
        // Before Python 3.12 an f-string cannot reuse its own quote inside the braces.
        Language::Python if text.contains('"') => format!("f'cio_{{{text}}}'"),
        Language::Python => format!("f\"cio_{{{text}}}\""),
        Language::Ruby => format!("\"cio_#{{{text}}}\""),
        Language::Go => format!("\"cio_\" + {text}"),
    }
}

/// An App API request that says which kind of id its path holds (`?id_type=…`, an `id_type`
/// parameter): right, or a choice made elsewhere.
fn names_id_type(call: &Call) -> bool {
    let in_url = call.request.as_ref().is_some_and(|r| {
        r.url.text.contains("id_type")
            || match &r.url.value {
                Value::Str(s) => s.contains("id_type"),
                Value::Interpolated { literal_parts, .. } => {
                    literal_parts.iter().any(|p| p.contains("id_type"))
                }
                _ => false,
            }
    });
    in_url || call.attributes.iter().any(|a| a.key == "id_type")
}

pub(crate) fn check(ctx: &FileCtx, out: &mut Vec<Finding>) {
    for call in &ctx.facts.calls {
        let Some(id) = &call.customer_id else {
            continue;
        };
        if call.method == Method::TrackAnonymous || !holds_bare_cio_id(id) {
            continue;
        }
        let message = match call.client.kind {
            ClientKind::Track => format!(
                "{} is a Customer.io cio_id used as a plain customer id: the Track API reads it as your own `id`, so it creates a new person (or updates the wrong one) instead of addressing theirs; write it {}{}",
                code(&id.text),
                prefixed(ctx.facts.language, &id.text),
                if ctx.facts.language == Language::Ruby && call.method == Method::Identify {
                    " or pass it as `cio_id:`"
                } else {
                    ""
                }
            ),
            ClientKind::App if call.client.sdk == Sdk::RawHttp && !names_id_type(call) => format!(
                "{} is a Customer.io cio_id in an App API /customers/{{id}} path without `id_type=cio_id`: the API looks it up as your own `id` and finds no one; add `?id_type=cio_id` to the URL",
                code(&id.text)
            ),
            _ => continue,
        };
        out.push(ctx.finding(&META, id.span, message));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expr(value: Value, text: &str, via: Option<&str>) -> Expr {
        Expr {
            value,
            span: Default::default(),
            text: text.into(),
            via: via.map(str::to_string),
        }
    }

    #[test]
    fn bare_and_prefixed_cio_ids() {
        let path = |p: &[&str]| Value::Path(p.iter().map(|s| s.to_string()).collect());
        assert!(holds_bare_cio_id(&expr(
            path(&["person", "cio_id"]),
            "person.cio_id",
            None
        )));
        assert!(holds_bare_cio_id(&expr(
            path(&["p", "CioID"]),
            "p.CioID",
            None
        )));
        assert!(holds_bare_cio_id(&expr(
            Value::Unknown,
            "res.customers[0].cio_id",
            None
        )));
        assert!(holds_bare_cio_id(&expr(
            Value::Unknown,
            "cioId",
            Some("cioId")
        )));
        let prefixed = Value::Interpolated {
            literal_parts: vec!["cio_".into(), String::new()],
            holes: vec![expr(path(&["user", "cioId"]), "user.cioId", None)],
        };
        assert!(!holds_bare_cio_id(&expr(
            prefixed,
            "`cio_${user.cioId}`",
            None
        )));
        assert!(!holds_bare_cio_id(&expr(
            path(&["user", "id"]),
            "user.id",
            None
        )));
        assert!(holds_bare_cio_id(&expr(
            Value::Call("api.lookupCioId".into()),
            "api.lookupCioId(email)",
            None
        )));
        assert!(!holds_bare_cio_id(&expr(
            Value::Call("cioIdFor(user).toUpperCase".into()),
            "cioIdFor(user).toUpperCase()",
            None
        )));
    }
}
