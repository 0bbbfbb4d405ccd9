//! `missing-unsubscribe-link`: a marketing e-mail template without Customer.io's
//! `{% unsubscribe_url %}` tag.

use super::{Finding, Project, RuleMeta, Severity};
use crate::facts::Span;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "missing-unsubscribe-link",
    severity: Severity::Error,
    group: "messages",
    summary: "A marketing e-mail template without `{% unsubscribe_url %}`",
    languages: &["templates"],
    why: "Marketing e-mail must let people unsubscribe (CAN-SPAM, GDPR, and Gmail/Yahoo bulk-sender \
rules since 2024). Customer.io renders a per-person unsubscribe link from the Liquid tag \
`{% unsubscribe_url %}` (or a subscription-center link from \
`{% manage_subscription_preferences_url %}`); without it complaints rise and deliverability \
falls. A link inside an HTML comment or a `{% raw %}` block does not render as a link. \
Transactional messages need no link: templates below a `transactional` directory, named for a \
password reset, sign-in link or code, verification, receipt, invoice or invitation, or matched \
by the `transactional` option are left alone. So are the Liquid files of a Shopify theme \
(`sections/`, `snippets/`, `templates/`, `layout/` beside `config/settings_schema.json`): their \
`customer` is the shopper signed in to the storefront, and they render web pages, not e-mail; \
and Django or Jinja templates the project renders itself (`{% url %}`, `{% csrf_token %}`, \
`{% trans %}`, `{% load %}`), and Markdown documentation (`docs/`, READMEs).",
    wrong: "<p>Hi {{ customer.first_name }}, our spring sale starts today!</p>",
    right: "<p>Hi {{ customer.first_name }}, our spring sale starts today!</p>\n<a href=\"{% unsubscribe_url %}\">Unsubscribe</a>",
    source: "docs.customer.io/journeys/liquid-tag-list (unsubscribe_url)",
};

pub(crate) fn check(ctx: &Project, out: &mut Vec<Finding>) {
    for t in &ctx.templates {
        if !t.uses_customer_liquid
            || t.web_page
            || t.is_layout
            || t.transactional
            || ctx.config.is_transactional_template(&t.path)
        {
            continue;
        }
        // The variable form is reported by `unsubscribe-tag-syntax`, which names the fix.
        if !t.unsubscribe_tags.is_empty() || !t.unsubscribe_outputs.is_empty() {
            continue;
        }
        let detail = match t.inert_unsubscribe_tags.first() {
            Some(s) => format!(
                "; the `{{% unsubscribe_url %}}` on line {} is inside a comment or a raw block and renders no link",
                s.line
            ),
            None => String::new(),
        };
        let message = format!(
            "this marketing template uses Customer.io Liquid but has no `{{% unsubscribe_url %}}` link{detail}: add `<a href=\"{{% unsubscribe_url %}}\">Unsubscribe</a>` (or mark the template transactional)"
        );
        let first_line = Span {
            start: 0,
            end: 0,
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
        };
        out.push(ctx.finding(&META, &t.path, first_line, message));
    }
}
