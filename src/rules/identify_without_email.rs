//! `identify-without-email`: an identify that creates a person (sign-up, registration,
//! import, or carrying `created_at`) without an `email` attribute.

use super::common::{is_email_value, normalize_key, words};
use super::{Finding, Project, RuleMeta, Severity};
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

/// Whether a call creates a person without e-mail: the per-call judgement.
fn creates_without_email(facts: &FileFacts, call: &Call) -> bool {
    if call.method != Method::Identify || !sends_known_attributes(call) {
        return false;
    }
    if let Some(id) = &call.customer_id
        && (id.text.contains("cio_") || is_email_value(id))
    {
        return false;
    }
    if sends_email(call) {
        return false;
    }
    call.attributes
        .iter()
        .any(|a| a.section == Section::Top && a.depth == 0 && normalize_key(&a.key) == "createdat")
        || in_creation_path(facts, call)
}

/// Attributes all written out (no spread, no variable hash): what is missing is missing.
fn sends_known_attributes(call: &Call) -> bool {
    call.payload.is_none() && call.spreads.is_empty()
}

fn sends_email(call: &Call) -> bool {
    call.attributes
        .iter()
        .any(|a| a.section == Section::Top && a.depth == 0 && normalize_key(&a.key) == "email")
}

pub(crate) fn check(ctx: &Project, out: &mut Vec<Finding>) {
    let mut reported = false;
    for f in &ctx.files {
        for call in &f.calls {
            if creates_without_email(f, call) {
                reported = true;
                let message = "this identify creates the person without an `email` attribute, so e-mail campaigns will skip them; add `email` to the attributes".to_string();
                out.push(ctx.finding(&META, &f.path, call.span, message));
            }
        }
    }
    if reported {
        return;
    }
    // Once per project: identifies exist, all written out, and none ever sends `email`.
    let identifies: Vec<(&FileFacts, &Call)> = ctx
        .files
        .iter()
        .copied()
        .flat_map(|f| {
            f.calls
                .iter()
                .filter(|c| c.method == Method::Identify)
                .map(move |c| (f, c))
        })
        .collect();
    if identifies.is_empty()
        || !identifies
            .iter()
            .all(|(_, c)| sends_known_attributes(c) && !sends_email(c))
    {
        return;
    }
    if identifies.iter().any(|(_, c)| {
        c.customer_id
            .as_ref()
            .is_some_and(|id| id.text.contains("cio_") || is_email_value(id))
    }) {
        return;
    }
    let (f, first) = identifies[0];
    let message = format!(
        "none of the project's {} identify call{} sends an `email` attribute, so nobody it creates can receive e-mail; send `email` where people are created",
        identifies.len(),
        if identifies.len() == 1 { "" } else { "s" }
    );
    out.push(ctx.finding(&META, &f.path, first.span, message));
}
