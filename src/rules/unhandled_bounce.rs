//! `unhandled-bounce`: reporting webhooks whose `bounced`/`dropped` events are ignored.

use super::webhook_metrics::{Kind, check_metric};
use super::{Finding, Project, RuleMeta, Severity};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "unhandled-bounce",
    severity: Severity::Warning,
    group: "webhooks",
    summary: "Reporting webhooks handled, but `bounced`/`dropped` events ignored or only logged",
    languages: super::ALL,
    why: "A hard bounce means the address does not exist. Customer.io stops e-mailing it as the \
ESP, but your own systems (other mail providers, sales tools, the app's own mailer) keep \
sending, and the person still enters campaigns on other channels. Mark the address invalid or \
suppress the person when a `bounced` or `dropped` event arrives.",
    wrong: "if (metric === \"bounced\") {\n  console.log(\"bounce\", data.email_address);\n}",
    right: "if (metric === \"bounced\") {\n  await users.markEmailInvalid(data.identifiers.id);\n  await cio.suppress(data.identifiers.id);\n}",
    source: "Customer.io reporting webhooks spec (email metrics); docs: ESP suppression",
};

pub(crate) fn check(ctx: &Project, out: &mut Vec<Finding>) {
    check_metric(ctx, &META, Kind::Bounce, out);
}
