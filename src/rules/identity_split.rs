//! `identity-split`: a project that keys people by e-mail in some calls and by a uid in an
//! identify that sends no `email`, so each person becomes two profiles.

use super::common::{EmailForm, code, email_form, normalize_key};
use super::identify_without_email::in_creation_path;
use super::{Finding, Project, Related, RuleMeta, Severity};
use crate::facts::{Call, Expr, FileFacts, Method, Section, Value};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "identity-split",
    severity: Severity::Warning,
    group: "identity",
    summary: "Some calls key people by e-mail, an identify keys them by uid without `email`: two profiles per person",
    languages: super::ALL,
    why: "Customer.io merges the calls for one person only through an identifier they share. \
When some calls use the e-mail address (or a hash or encoding of it) as the id, and an identify \
elsewhere uses your user id and sends no `email` attribute, nothing links the two: every \
person gets one profile keyed by the address and another keyed by the uid, their events and \
attributes split between them, and campaigns see half of each (\"1,463 sent / 0 opened\"). \
Key every call by the same immutable id and send the address as the `email` attribute; an \
identify that carries `email` lets Customer.io attach the uid to the e-mail profile.",
    wrong: "await cio.identify(user.id, { plan: user.plan });           // billing.js\nawait cio.track(user.email, { name: \"order_placed\" });   // orders.js",
    right: "await cio.identify(user.id, { email: user.email, plan: user.plan });\nawait cio.track(user.id, { name: \"order_placed\" });",
    source: "docs.customer.io/journeys/identifying-people; Track API identify description (ids and email)",
};

/// Calls that name the person written to by their customer id.
fn keys_a_person(call: &Call) -> bool {
    matches!(
        call.method,
        Method::Identify | Method::Track | Method::Page | Method::AddDevice
    )
}

/// The customer id is the address, or a normalised, hashed or encoded form of it, and the
/// call does not also send the uid (`identify(email, { id: user.id })` links the two).
pub(crate) fn is_email_keyed(call: &Call) -> bool {
    keys_a_person(call)
        && call
            .customer_id
            .as_ref()
            .is_some_and(|id| !id.text.contains("cio_") && email_form(id).is_some())
        && !call
            .attributes
            .iter()
            .any(|a| a.section == Section::Top && a.depth == 0 && a.key == "id")
}

/// Names of a database user id: `id`, `pk`, `uid`, `userId`, `customer_id`, `u.ID`.
fn is_uid_name(name: &str) -> bool {
    let n = normalize_key(name);
    const NOT_A_PERSON: &[&str] = &[
        "anonymous",
        "cio",
        "session",
        "device",
        "visitor",
        "request",
        "message",
        "event",
        "order",
        "tracking",
        "delivery",
    ];
    if NOT_A_PERSON.iter().any(|w| n.contains(w)) {
        return false;
    }
    matches!(n.as_str(), "id" | "pk" | "uid" | "uuid" | "guid")
        || [
            "userid",
            "customerid",
            "accountid",
            "memberid",
            "personid",
            "profileid",
            "externalid",
            "useruuid",
        ]
        .iter()
        .any(|s| n.ends_with(s))
}

/// The uid-like name a customer id is read from (`str(user.pk)` → `pk`, `user.id.to_s` → `id`).
fn uid_like(id: &Expr) -> bool {
    match &id.value {
        Value::Path(p) => {
            let mut segments = p.iter().rev().map(String::as_str);
            let mut leaf = segments.next().unwrap_or("");
            if matches!(leaf, "to_s" | "toString" | "to_str" | "String") {
                leaf = segments.next().unwrap_or("");
            }
            is_uid_name(leaf)
        }
        Value::Interpolated {
            literal_parts,
            holes,
        } => literal_parts.iter().all(String::is_empty) && holes.len() == 1 && uid_like(&holes[0]),
        Value::Unknown | Value::Call(_) => {
            let leaf = id
                .text
                .trim_end_matches("()")
                .trim_end_matches(".to_s")
                .trim_end_matches(".toString()")
                .trim_end_matches(')')
                .rsplit(['.', '(', '[', '"', '\''])
                .find(|s| !s.is_empty() && *s != "]")
                .unwrap_or("");
            is_uid_name(leaf)
        }
        _ => false,
    }
}

/// How a uid-keyed identify treats the e-mail address.
#[derive(PartialEq)]
enum UidIdentify {
    /// All attributes written out, no `email`.
    WithoutEmail,
    /// Sends `email`, or attributes we cannot see that may hold it.
    MayLink,
}

/// An identify keyed by a uid, and whether it can link the uid to the address.
fn uid_identify(file: &FileFacts, call: &Call) -> Option<UidIdentify> {
    if call.method != Method::Identify {
        return None;
    }
    let id = call.customer_id.as_ref()?;
    // A wrapper's own parameter: its callers decide what the id is, and they are judged
    // with their own arguments.
    if call.forwarded.is_none()
        && file
            .function(call.scope)
            .is_some_and(|f| f.params.contains(&id.text))
    {
        return None;
    }
    if id.text.contains("cio_") || email_form(id).is_some() || !uid_like(id) {
        return None;
    }
    let sends_email = call
        .attributes
        .iter()
        .any(|a| a.section == Section::Top && a.depth == 0 && normalize_key(&a.key) == "email");
    Some(
        if sends_email || call.payload.is_some() || !call.spreads.is_empty() {
            UidIdentify::MayLink
        } else {
            UidIdentify::WithoutEmail
        },
    )
}

/// Each e-mail-keyed call of a project that also identifies people by a uid without `email`,
/// with that identify. When some uid identify does send the address, Customer.io attaches
/// the uid to the e-mail profile there; only an e-mail-less one that creates people
/// (sign-up, registration, import) still makes the second profile first.
pub(crate) fn split_calls<'a>(
    ctx: &Project<'a>,
) -> Vec<(&'a FileFacts, &'a Call, (&'a FileFacts, &'a Call))> {
    let uid_identifies: Vec<(&FileFacts, &Call, UidIdentify)> = ctx
        .files
        .iter()
        .flat_map(|f| {
            f.calls
                .iter()
                .filter_map(move |c| uid_identify(f, c).map(|kind| (*f, c, kind)))
        })
        .collect();
    let linked = uid_identifies
        .iter()
        .any(|(_, _, kind)| *kind == UidIdentify::MayLink);
    let Some(&(uid_file, uid_call, _)) = uid_identifies.iter().find(|(f, c, kind)| {
        *kind == UidIdentify::WithoutEmail && (!linked || in_creation_path(f, c))
    }) else {
        return Vec::new();
    };
    ctx.files
        .iter()
        .flat_map(|f| {
            f.calls
                .iter()
                .filter(|c| is_email_keyed(c))
                .map(move |c| (*f, c, (uid_file, uid_call)))
        })
        .collect()
}

pub(crate) fn check(ctx: &Project, out: &mut Vec<Finding>) {
    for (file, call, (uid_file, uid_call)) in split_calls(ctx) {
        let id = call.customer_id.as_ref().expect("e-mail keyed");
        let uid = uid_call.customer_id.as_ref().expect("uid keyed");
        let keyed_by = match email_form(id) {
            Some(EmailForm::Hash) => "a hash of the e-mail address",
            Some(EmailForm::Encoding) => "an encoding of the e-mail address",
            _ => "e-mail",
        };
        let message = format!(
            "this call keys the person by {keyed_by} ({}), but an identify elsewhere keys them by {} and sends no `email`: nothing links the two, so every person becomes two profiles that split their events and attributes; key this call by the same id and send the address as the `email` attribute",
            code(&id.text),
            code(&uid.text),
        );
        let mut f = ctx.finding(&META, &file.path, call.span, message);
        f.related.push(Related {
            path: uid_file.path.clone(),
            line: uid_call.span.line,
            column: uid_call.span.column,
            message: format!(
                "the person is identified by {} here, without `email`",
                code(&uid.text)
            ),
            span: uid_call.span,
        });
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uid_names() {
        for n in [
            "id",
            "pk",
            "ID",
            "userId",
            "user_id",
            "customerId",
            "uid",
            "externalId",
        ] {
            assert!(is_uid_name(n), "{n}");
        }
        for n in [
            "anonymousId",
            "cio_id",
            "sessionId",
            "deviceId",
            "orderId",
            "email",
            "name",
        ] {
            assert!(!is_uid_name(n), "{n}");
        }
    }
}
