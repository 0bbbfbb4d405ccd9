//! `unsubscribe-tag-syntax`: `{{ unsubscribe_url }}` where Customer.io needs the tag
//! `{% unsubscribe_url %}`.

use super::{Applicability, Finding, Fix, Project, RuleMeta, Severity};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "unsubscribe-tag-syntax",
    severity: Severity::Warning,
    group: "messages",
    summary: "`{{ unsubscribe_url }}` instead of the Liquid tag `{% unsubscribe_url %}`",
    languages: &["templates"],
    why: "In Customer.io the unsubscribe link is a Liquid *tag*, `{% unsubscribe_url %}`. As an \
output variable (`{{ unsubscribe_url }}`, or Handlebars' `{{{ unsubscribe_url }}}`) it is \
reported to render empty, so the message goes out with a dead unsubscribe link.",
    wrong: "<a href=\"{{ unsubscribe_url }}\">Unsubscribe</a>",
    right: "<a href=\"{% unsubscribe_url %}\">Unsubscribe</a>",
    source: "docs.customer.io/journeys/liquid-tag-list; cio-sdk-reference §9",
};

pub(crate) fn check(ctx: &Project, out: &mut Vec<Finding>) {
    for t in &ctx.templates {
        for (span, shown) in &t.unsubscribe_outputs {
            let tag = if shown.contains("manage_subscription") {
                "{% manage_subscription_preferences_url %}"
            } else {
                "{% unsubscribe_url %}"
            };
            let message = format!(
                "`{shown}` is the variable form and renders empty in Customer.io: the unsubscribe link is the Liquid tag `{tag}`"
            );
            let mut f = ctx.finding(&META, &t.path, *span, message);
            f.fix = Some(Fix::replace(
                Applicability::Safe,
                "use the Liquid tag",
                &t.path,
                *span,
                tag,
            ));
            out.push(f);
        }
    }
}
