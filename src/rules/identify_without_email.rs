//! `identify-without-email`: an identify that creates a person (sign-up, registration,
//! import, or carrying `created_at`) without an `email` attribute.

use super::common::{is_email_value, normalize_key, words};
use super::{FileCtx, Finding, RuleMeta, Severity};
use crate::facts::{Call, FileFacts, Method, Section};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "identify-without-email",
    severity: Severity::Warning,
    group: "data-quality",
    summary: "A sign-up identify without `email`: the person cannot receive e-mail",
    languages: super::ALL,
    why: "`email` is a required attribute for anyone you intend to e-mail. An identify that \
creates the person (at sign-up, registration or import) without it makes a profile that every \
e-mail campaign skips until some later update adds the address.",
    wrong: "await cio.identify(user.id, { name: user.name, created_at: now });",
    right: "await cio.identify(user.id, { email: user.email, name: user.name, created_at: now });",
    source: "customerio-node README (identify options: email is required to send e-mail)",
};

/// Function or route names that create people.
pub(crate) fn is_creation_name(name: &str) -> bool {
    let w = words(name);
    let joined = w.join("");
    let has = |s: &str| w.iter().any(|x| x == s);
    joined.contains("signup")
        || joined.contains("register")
        || joined.contains("registration")
        || joined.contains("onboard")
        || has("import")
        || has("backfill")
        || (has("create")
            && (has("user") || has("account") || has("customer") || has("person") || has("member")))
        || (has("new") && (has("user") || has("account")))
        || joined == "users"
}

pub(crate) fn in_creation_path(facts: &FileFacts, call: &Call) -> bool {
    let mut scope = facts.function(call.scope);
    while let Some(f) = scope {
        if f.name.as_deref().is_some_and(is_creation_name)
            || f.route
                .as_deref()
                .is_some_and(|r| r.split('/').any(is_creation_name))
        {
            return true;
        }
        scope = f.parent.and_then(|p| facts.function(p));
    }
    false
}

pub(crate) fn check(ctx: &FileCtx, out: &mut Vec<Finding>) {
    for call in &ctx.facts.calls {
        if call.method != Method::Identify || call.payload.is_some() || !call.spreads.is_empty() {
            continue;
        }
        if let Some(id) = &call.customer_id
            && (id.text.contains("cio_") || is_email_value(id))
        {
            continue;
        }
        let top: Vec<_> = call
            .attributes
            .iter()
            .filter(|a| a.section == Section::Top && a.depth == 0)
            .collect();
        if top.iter().any(|a| normalize_key(&a.key) == "email") {
            continue;
        }
        let creates = top
            .iter()
            .any(|a| matches!(normalize_key(&a.key).as_str(), "createdat"))
            || in_creation_path(ctx.facts, call);
        if !creates {
            continue;
        }
        let message = "this identify creates the person without an `email` attribute, so e-mail campaigns will skip them; add `email` to the attributes".to_string();
        out.push(ctx.finding(&META, call.span, message));
    }
}
