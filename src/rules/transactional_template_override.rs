//! `transactional-template-override`: a transactional send that names a template and also
//! sets the sender, subject or body, overriding the template on every send.

use super::common::{TransactionalRequest, code, join_spans};
use super::{FileCtx, Finding, RuleMeta, Severity};
use crate::facts::{Attr, Span, Value};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "transactional-template-override",
    severity: Severity::Warning,
    group: "messages",
    summary: "A transactional send names a template and also overrides its from, subject or body",
    languages: super::ALL,
    why: "A transactional message's `from`, `subject` and `body` given in the API request replace \
the template's, on every send: whatever the template's editors change in Customer.io never \
reaches anyone, and one wrong value in code (a fallback sender, a test subject) goes to every \
recipient. An empty value, or one that can be empty (`?? \"\"`, `or \"\"`), replaces the \
template's with nothing and the message is not delivered. Name the template and pass the \
variable parts as `message_data`; set from/subject/body only on sends without a template. A \
send whose body the code renders each time (`body: renderHtml(report)`) uses the template as a \
shell for it: its subject and body are left alone, an empty one is still reported.",
    wrong: "new SendEmailRequest({\n  transactional_message_id: \"welcome\",\n  to: user.email,\n  identifiers: { id: user.id },\n  from: \"support@example.com\",\n  subject: user.locale === \"de\" ? \"Willkommen\" : \"Welcome\",\n});",
    right: "new SendEmailRequest({\n  transactional_message_id: \"welcome\",\n  to: user.email,\n  identifiers: { id: user.id },\n  message_data: { locale: user.locale },\n});",
    source: "docs.customer.io/api/app/ (sendEmail: from, subject and body override the template's); customerio-node lib/api/requests.ts",
};

/// The template fields a request can override.
const OVERRIDES: &[&str] = &["from", "subject", "body"];

pub(crate) fn check(ctx: &FileCtx, out: &mut Vec<Finding>) {
    let facts = ctx.facts;
    for req in TransactionalRequest::all(facts) {
        if !req.is_email {
            continue;
        }
        let Some(template) = req.key("transactional_message_id") else {
            continue;
        };
        let derived = req.call.forwarded.is_some();
        // A helper's template id that its callers pass: they are judged with their own.
        let template_from_caller = match &template.value.value {
            Value::Path(p) => facts
                .function(req.call.scope)
                .zip(p.first())
                .is_some_and(|(f, head)| f.params.contains(head)),
            _ => false,
        };
        // A body built for each send (`body: renderHtml(report)`) makes the template a shell
        // for the project's own content: its subject and body are meant to come from code.
        let shell = req
            .key("body")
            .is_some_and(|b| !is_constant(&b.value.value) && !can_be_empty(b));
        for field in OVERRIDES {
            let Some(attr) = req.key(field) else {
                continue;
            };
            if shell && matches!(*field, "subject" | "body") && !can_be_empty(attr) {
                continue;
            }
            // Through a wrapper, the call site is judged with its own arguments (the only
            // keys a derived call keeps); the wrapper's finding gives way to it.
            let span = if derived {
                req.call.span
            } else if attr.key_span == attr.value.span && !template_from_caller {
                // `{ subject }` in a helper whose template id is its own: the callers cannot
                // change the finding, so it must not give way to them as a finding on the
                // parameter `subject` would.
                Span {
                    end: attr.key_span.start,
                    end_line: attr.key_span.line,
                    end_column: attr.key_span.column,
                    ..attr.key_span
                }
            } else {
                join_spans(attr.key_span, attr.value.span)
            };
            let shown = if derived {
                format!("{} (passed as {})", code(field), code(&attr.value.text))
            } else {
                code(&attr.key)
            };
            let message = if can_be_empty(attr) {
                format!(
                    "{shown} overrides the {field} of transactional template {} and can be empty: an empty {field} replaces the template's and the message is not delivered; drop it and let the template's {field} apply",
                    code(&template.value.text)
                )
            } else {
                format!(
                    "{shown} overrides the {field} of transactional template {} on every send: changes made to the template in Customer.io never reach anyone; drop it (pass variable parts as `message_data`), or send without a template id",
                    code(&template.value.text)
                )
            };
            out.push(ctx.finding(&META, span, message));
        }
    }
}

/// An empty string, or a fallback to one: `x ?? ""`, `x or ""`, `.get("subject", "")`,
/// `fetch(:subject, "")`.
/// Text written once in the code rather than made for each send.
fn is_constant(v: &Value) -> bool {
    match v {
        Value::Str(_) => true,
        Value::Interpolated { holes, .. } => holes.is_empty(),
        _ => false,
    }
}

fn can_be_empty(attr: &Attr) -> bool {
    if attr
        .value
        .value
        .alternatives()
        .iter()
        .any(|v| matches!(v, Value::Str(s) if s.trim().is_empty()))
    {
        return true;
    }
    let text = attr.value.text.replace(' ', "");
    text.ends_with(",\"\")") || text.ends_with(",'')")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{Expr, Section};

    fn attr(value: Value, text: &str) -> Attr {
        Attr {
            key: "subject".into(),
            key_span: Span::default(),
            value: Expr {
                value,
                span: Span::default(),
                text: text.into(),
                via: None,
            },
            section: Section::Top,
            depth: 0,
        }
    }

    #[test]
    fn empty_values_and_fallbacks_to_empty() {
        assert!(can_be_empty(&attr(Value::Str(String::new()), "\"\"")));
        assert!(can_be_empty(&attr(
            Value::OneOf(vec![
                Value::Path(vec!["s".into()]),
                Value::Str(String::new())
            ]),
            "s ?? \"\""
        )));
        assert!(can_be_empty(&attr(
            Value::Call("data.get".into()),
            "data.get(\"subject\", \"\")"
        )));
        assert!(!can_be_empty(&attr(Value::Str("Hi".into()), "\"Hi\"")));
        assert!(!can_be_empty(&attr(
            Value::Path(vec!["subject".into()]),
            "subject"
        )));
    }
}
