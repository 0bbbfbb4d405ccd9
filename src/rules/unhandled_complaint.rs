//! `unhandled-complaint`: reporting webhooks whose `spammed` (spam complaint) events are
//! ignored.

use super::webhook_metrics::{Kind, check_metric};
use super::{Finding, Project, RuleMeta, Severity};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "unhandled-complaint",
    severity: Severity::Warning,
    group: "webhooks",
    summary: "Reporting webhooks handled, but `spammed` complaints ignored or only logged",
    languages: super::ALL,
    why: "A spam complaint is the strongest signal you get: mailbox providers throttle or block \
senders above roughly 0.3% complaints. Stop every marketing message to that person at once \
(suppress or unsubscribe them) and alert the team when complaints rise.",
    wrong: "case \"spammed\":\n  break;",
    right: "case \"spammed\":\n  await cio.suppress(data.identifiers.id);\n  await alertTeam(data);\n  break;",
    source: "Customer.io reporting webhooks spec (spammed metric)",
};

pub(crate) fn check(ctx: &Project, out: &mut Vec<Finding>) {
    check_metric(ctx, &META, Kind::Complaint, out);
}
