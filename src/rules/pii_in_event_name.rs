//! `pii-in-event-name`: personal data (an e-mail, phone, name) inside an event name.

use super::common::{is_email_literal, is_pii_name};
use super::{FileCtx, Finding, RuleMeta, Severity};
use crate::facts::{Expr, Value};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "pii-in-event-name",
    severity: Severity::Error,
    group: "events",
    summary: "Personal data (e-mail, phone, name) inside an event name",
    languages: super::ALL,
    why: "Event names are workspace metadata: they appear in the event list, in segment and \
campaign builders and in exports, visible to everyone with access, and they are not deleted \
with the person. Personal data belongs in the event data, which is tied to the person and \
removed with them.",
    wrong: "await cio.track(user.id, { name: `email_${user.email}` });",
    right: "await cio.track(user.id, { name: \"email_action\", data: { email: user.email } });",
    source: "cio-sdk-reference §7, §10",
};

fn pii_hole(expr: &Expr) -> Option<String> {
    let mut values = vec![&expr.value];
    if let Value::OneOf(vs) = &expr.value {
        values = vs.iter().collect();
    }
    for v in values {
        match v {
            Value::Interpolated { holes, .. } => {
                for h in holes {
                    let leaf = h.text.replace("?.", ".");
                    let leaf = leaf
                        .trim_end_matches("()")
                        .rsplit('.')
                        .next()
                        .unwrap_or("")
                        .to_string();
                    if is_pii_name(&leaf) {
                        return Some(format!("`{}`", h.text));
                    }
                    if let Value::Str(s) = &h.value
                        && is_email_literal(s)
                    {
                        return Some("an e-mail address".into());
                    }
                }
            }
            Value::Str(s)
                if s.split(|c: char| c.is_whitespace() || c == ':' || c == '/')
                    .any(is_email_literal) =>
            {
                return Some("an e-mail address".into());
            }
            _ => {}
        }
    }
    None
}

pub(crate) fn check(ctx: &FileCtx, out: &mut Vec<Finding>) {
    for call in &ctx.facts.calls {
        let Some(name) = &call.event_name else {
            continue;
        };
        let Some(what) = pii_hole(name) else { continue };
        let message = format!(
            "the event name contains {what}: event names are workspace-wide metadata visible to every user and kept after the person is deleted; use a fixed name and put the value in the event data"
        );
        out.push(ctx.finding(&META, name.span, message));
    }
}
