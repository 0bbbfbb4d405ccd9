//! `mutable-customer-id`: an e-mail address used as the customer id.

use super::common::{EmailForm, email_form};
use super::{FileCtx, Finding, RuleMeta, Severity};
use crate::facts::Method;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "mutable-customer-id",
    severity: Severity::Warning,
    group: "identity",
    summary: "The e-mail address is used as the customer id; it changes, ids must not",
    languages: super::ALL,
    why: "A Customer.io id cannot be changed later except through the cio_id. When a person \
changes their e-mail, an e-mail id makes a second profile and splits their history; so does an \
id derived from the address (lower-cased, escaped, hashed or base64-encoded). Use your \
database's immutable id and send the e-mail as the `email` attribute. (Workspaces set up to \
identify by e-mail can turn this rule off with `email-as-id = true`.)",
    wrong: "await cio.identify(user.email, { email: user.email });",
    right: "await cio.identify(user.id, { email: user.email });",
    source: "docs.customer.io/journeys/identifying-people; Track API identify description",
};

pub(crate) fn check(ctx: &FileCtx, out: &mut Vec<Finding>) {
    if ctx.config.email_as_id {
        return;
    }
    for call in &ctx.facts.calls {
        if !matches!(call.method, Method::Identify | Method::Track | Method::Page) {
            continue;
        }
        let Some(id) = &call.customer_id else {
            continue;
        };
        if id.text.starts_with("`cio_")
            || id.text.starts_with("\"cio_")
            || id.text.starts_with("'cio_")
        {
            continue;
        }
        let Some(form) = email_form(id) else {
            continue;
        };
        if attaches_immutable_id(call) {
            continue;
        }
        let message = match form {
            EmailForm::Address => format!(
                "`{}` uses an e-mail address as the customer id: when the person changes their e-mail, Customer.io creates a second profile; pass your immutable user id and send the address as the `email` attribute",
                id.text
            ),
            EmailForm::Hash => format!(
                "`{}` uses a hash of the e-mail address as the customer id: the hash changes whenever the address does, so a person who changes their e-mail gets a second profile; pass your immutable user id (hash that, if it must stay opaque) and send the address as the `email` attribute",
                id.text
            ),
            EmailForm::Encoding => format!(
                "`{}` uses an encoding of the e-mail address as the customer id: it decodes back to the address and changes whenever the address does, so a person who changes their e-mail gets a second profile; pass your immutable user id and send the address as the `email` attribute",
                id.text
            ),
        };
        out.push(ctx.finding(&META, call.span, message));
    }
}

/// `identify(email, { id: user.id })`: the documented way to give the person an e-mail
/// identifies their immutable id; from then on the id, not the address, is what counts.
fn attaches_immutable_id(call: &crate::facts::Call) -> bool {
    call.method == Method::Identify
        && call.attributes.iter().any(|a| {
            a.depth == 0
                && a.key.eq_ignore_ascii_case("id")
                && !matches!(a.value.value, crate::facts::Value::Null)
                && email_form(&a.value).is_none()
        })
}
