//! `transactional-request-invalid`: a transactional send the App API rejects or delivers to
//! the wrong person: no template and no content, ambiguous identifiers, no recipient.

use super::common::{TransactionalRequest, code};
use super::{FileCtx, Finding, RuleMeta, Severity};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "transactional-request-invalid",
    severity: Severity::Error,
    group: "messages",
    summary: "A transactional request the App API rejects: no template or content, bad identifiers, no recipient",
    languages: super::ALL,
    why: "The App API's send endpoints need a `transactional_message_id`, or (e-mail only) all of \
`from`, `subject` and `body`; `identifiers` naming exactly one of `id`, `email` or `cio_id`; and \
a recipient (`to` or `identifiers`). A request missing one of them is rejected with a 400 (and \
the SDK call throws), so the password reset or receipt is never sent, usually found out from a \
customer. `identifiers` with two keys, or a key such as `user_id`, is rejected too.",
    wrong: "new SendEmailRequest({\n  to: user.email,\n  identifiers: { id: user.id, email: user.email },\n  subject: \"Your receipt\",\n  body: html,\n});",
    right: "new SendEmailRequest({\n  to: user.email,\n  identifiers: { id: user.id },\n  from: \"billing@example.com\",\n  subject: \"Your receipt\",\n  body: html,\n});",
    source: "docs.customer.io/api/app/ (sendEmail, sendPush request bodies); customerio-node lib/api/requests.ts (SendEmailRequestWithTemplate / WithoutTemplate)",
};

/// What the App API accepts as the keys of `identifiers`.
const IDENTIFIER_KEYS: &[&str] = &["id", "email", "cio_id"];

pub(crate) fn check(ctx: &FileCtx, out: &mut Vec<Finding>) {
    for req in TransactionalRequest::all(ctx.facts) {
        if !req.keys_known() {
            continue;
        }
        let call = req.call;
        if req.key("transactional_message_id").is_none() {
            if req.is_email {
                let missing: Vec<&str> = ["from", "subject", "body"]
                    .into_iter()
                    .filter(|k| req.key(k).is_none())
                    .collect();
                if !missing.is_empty() {
                    let list = missing
                        .iter()
                        .map(|k| code(k))
                        .collect::<Vec<_>>()
                        .join(", ");
                    out.push(ctx.finding(
                        &META,
                        call.span,
                        format!(
                            "this e-mail request names no `transactional_message_id` and has no {list}: without a template the App API needs from, subject and body, and rejects the send with a 400; name the template or set all three"
                        ),
                    ));
                }
            } else {
                out.push(ctx.finding(
                    &META,
                    call.span,
                    "this transactional request names no `transactional_message_id`: push, SMS and in-app sends always come from a transactional template, and the App API rejects the send with a 400; name the template".to_string(),
                ));
            }
        }
        let identifiers = req.key("identifiers");
        if identifiers.is_none() && req.key("to").is_none() {
            out.push(ctx.finding(
                &META,
                call.span,
                "this transactional request has neither `to` nor `identifiers`: the App API does not know who to send it to and rejects it; pass `identifiers` with the person's `id` (and `to` for an e-mail)".to_string(),
            ));
        }
        let (Some(identifiers), Some(entries)) = (identifiers, req.entries("identifiers")) else {
            continue;
        };
        let unknown: Vec<_> = entries
            .iter()
            .filter(|a| !IDENTIFIER_KEYS.contains(&a.key.as_str()))
            .collect();
        for a in &unknown {
            out.push(ctx.finding(
                &META,
                a.key_span,
                format!(
                    "{} is not an identifier the App API knows: `identifiers` takes exactly one of `id`, `email` or `cio_id`, and the send is rejected",
                    code(&a.key)
                ),
            ));
        }
        if entries.len() > 1 && unknown.is_empty() {
            let keys = entries
                .iter()
                .map(|a| code(&a.key))
                .collect::<Vec<_>>()
                .join(" and ");
            let span = if call.forwarded.is_some() {
                call.span
            } else {
                identifiers.key_span
            };
            out.push(ctx.finding(
                &META,
                span,
                format!(
                    "`identifiers` names {keys}: the App API takes exactly one of `id`, `email` or `cio_id` and rejects the send; keep `id` (the message still goes to `to`)"
                ),
            ));
        }
    }
}
