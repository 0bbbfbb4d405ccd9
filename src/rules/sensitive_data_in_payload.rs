//! `sensitive-data-in-payload`: passwords, tokens, card numbers or a whole request body
//! sent to Customer.io as attributes or event data.

use super::common::{normalize_key, words};
use super::{FileCtx, Finding, RuleMeta, Severity};
use crate::facts::{Expr, Language, Method, Section, Value};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "sensitive-data-in-payload",
    severity: Severity::Error,
    group: "data-quality",
    summary: "Passwords, tokens, card numbers or a raw request body sent as attributes",
    languages: super::ALL,
    why: "Attributes and event data are stored on the person, shown in the dashboard, copied into \
exports and usable in messages. Secrets and payment data do not belong there, and spreading a \
whole request body sends whatever the client posted, passwords included.",
    wrong: "await cio.identify(user.id, { ...req.body });",
    right: "await cio.identify(user.id, { email: user.email, plan: user.plan });",
    source: "Customer.io data-privacy guidance; cio-sdk-reference §7",
};

/// The sensitive kind a key names, if any.
fn sensitive_kind(key: &str, method: Method) -> Option<&'static str> {
    let n = normalize_key(key);
    let w = words(key);
    let last = w.last().map(String::as_str).unwrap_or("");
    let secret_suffix = matches!(
        last,
        "hash" | "hashed" | "digest" | "salt" | "confirmation" | "confirm"
    );
    if n.ends_with("password")
        || n.ends_with("passwd")
        || n == "pwd"
        || n.ends_with("passphrase")
        || ((n.contains("password") || n.contains("passwd")) && secret_suffix)
    {
        return Some("a password");
    }
    if matches!(
        n.as_str(),
        "cardnumber"
            | "creditcard"
            | "creditcardnumber"
            | "ccnumber"
            | "cardno"
            | "pan"
            | "cvv"
            | "cvc"
            | "cvv2"
            | "securitycode"
    ) {
        return Some("payment card data");
    }
    if matches!(
        n.as_str(),
        "ssn"
            | "socialsecuritynumber"
            | "nationalid"
            | "nationalidnumber"
            | "taxid"
            | "nino"
            | "passportnumber"
    ) {
        return Some("a national id");
    }
    if n.ends_with("secret") || n == "apikey" || n.ends_with("apikey") || n == "privatekey" {
        return Some("a secret");
    }
    if last == "token" || n == "jwt" {
        // Device tokens are how push works; `*_token_id` is a reference, not a token.
        if method == Method::AddDevice
            || w.iter().any(|x| {
                matches!(
                    x.as_str(),
                    "device" | "push" | "fcm" | "apns" | "registration"
                )
            })
        {
            return None;
        }
        return Some("a token");
    }
    None
}

/// A whole request body or form: `req.body`, `request.POST`, `request.form.to_dict()`,
/// `request.get_json()`, Rails `params` / `params.permit!`.
pub(crate) fn is_request_body(expr: &Expr, language: Language) -> bool {
    // Through a variable: `const options = req.body || {}` spread as `...options`.
    let through_variable = expr.via.is_some() || matches!(expr.value, Value::OneOf(_));
    through_variable
        && expr.value.alternatives().into_iter().any(|v| match v {
            Value::Path(path) if path.len() > 1 => {
                let origin = Expr {
                    value: Value::Unknown,
                    span: expr.span,
                    text: path.join("."),
                    via: None,
                };
                written_request_body(&origin, language)
            }
            _ => false,
        })
        || written_request_body(expr, language)
}

/// The expression as written is a request body.
fn written_request_body(expr: &Expr, language: Language) -> bool {
    let t = expr.text.replace("?.", ".").replace("await ", "");
    let segments: Vec<&str> = t
        .split(['.', '(', ')', '[', ']'])
        .filter(|s| !s.is_empty())
        .collect();
    let Some(first) = segments.first() else {
        return false;
    };
    let root_is_request = matches!(
        *first,
        "req" | "request" | "ctx" | "self.request" | "event" | "c"
    );
    // Only Rails calls the request's parameters `params`; elsewhere it is any local.
    if *first == "params" && language == Language::Ruby {
        // A local parameter named `params` is not Rails' request params.
        if matches!(expr.value, Value::Unknown) {
            return false;
        }
        // Rails: `params`, `params.permit!`, `params.to_unsafe_h` (not `params.require(:x).permit(:a)`)
        return segments.len() == 1
            || matches!(
                segments[1],
                "permit!" | "to_unsafe_h" | "to_h" | "to_unsafe_hash"
            );
    }
    if !root_is_request || segments.len() < 2 {
        return false;
    }
    // A serverless function's `event` carries the request in `body` (Lambda, Netlify); an
    // `event` elsewhere is the application's own (`event.data` of a domain event).
    if *first == "event" && (language == Language::Ruby || segments[1] != "body") {
        return false;
    }
    let body_like = |s: &str| {
        matches!(
            s,
            "body"
                | "query"
                | "params"
                | "form"
                | "payload"
                | "POST"
                | "GET"
                | "data"
                | "json"
                | "get_json"
                | "args"
                | "values"
                | "request_parameters"
                | "parameters"
        )
    };
    // The body itself, not one field of it (`req.body.email`).
    let last = segments[segments.len() - 1];
    let tail_ok = body_like(last)
        || matches!(
            last,
            "to_dict" | "dict" | "copy" | "permit!" | "to_unsafe_h"
        );
    tail_ok && segments[1..].iter().any(|s| body_like(s)) && !matches!(expr.value, Value::Str(_))
}

pub(crate) fn check(ctx: &FileCtx, out: &mut Vec<Finding>) {
    for call in &ctx.facts.calls {
        if !call.method.writes_people_data() {
            continue;
        }
        for attr in &call.attributes {
            let Some(kind) = sensitive_kind(&attr.key, call.method) else {
                continue;
            };
            let stored = match attr.section {
                Section::Data => "in the event data, where it is stored with the event",
                Section::Top if call.method == Method::Identify => {
                    "as a person attribute, where it is stored on the person"
                }
                Section::Top => "where it is stored",
            };
            let message = format!(
                "`{}` sends {kind} to Customer.io {stored}, shown in the dashboard and exported; remove it from the payload",
                attr.key
            );
            out.push(ctx.finding(&META, attr.key_span, message));
        }
        for spread in call.spreads.iter().chain(call.payload.as_deref()) {
            if is_request_body(spread, ctx.facts.language) {
                let message = format!(
                    "`{}` sends the whole request body to Customer.io, including any password or token the client posted; pick the fields you need",
                    spread.text
                );
                out.push(ctx.finding(&META, spread.span, message));
            }
        }
    }
}
