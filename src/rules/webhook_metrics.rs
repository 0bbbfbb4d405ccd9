//! What `unhandled-bounce` and `unhandled-complaint` share: branches on a delivery metric
//! that do nothing, and projects that receive reporting webhooks but never look at it.

use super::{Finding, Project, RuleMeta};

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Bounce,
    Complaint,
}

impl Kind {
    fn metrics(self) -> &'static [&'static str] {
        match self {
            Kind::Bounce => &["bounced", "dropped"],
            Kind::Complaint => &["spammed"],
        }
    }

    fn advice(self) -> &'static str {
        match self {
            Kind::Bounce => {
                "mark the address invalid or suppress the person (cio.suppress / suppress_customer)"
            }
            Kind::Complaint => "suppress or unsubscribe the person at once and alert the team",
        }
    }
}

pub(crate) fn check_metric(ctx: &Project, meta: &RuleMeta, kind: Kind, out: &mut Vec<Finding>) {
    let wanted = kind.metrics();
    for f in &ctx.files {
        for b in &f.metric_branches {
            if b.acts || !b.metrics.iter().any(|m| wanted.contains(&m.as_str())) {
                continue;
            }
            let which: Vec<&str> = b
                .metrics
                .iter()
                .map(String::as_str)
                .filter(|m| wanted.contains(m))
                .collect();
            let message = format!(
                "the `{}` branch only logs or answers the request: {}",
                which.join("`/`"),
                kind.advice()
            );
            out.push(ctx.finding(meta, &f.path, b.span, message));
        }
    }
    // The project receives reporting webhooks but never names the metric anywhere.
    let handlers: Vec<_> = ctx
        .files
        .iter()
        .flat_map(|f| f.webhooks.iter().map(move |h| (f, h)))
        .collect();
    let Some((f, first)) = handlers.first() else {
        return;
    };
    let mentioned = ctx.files.iter().any(|f| {
        f.metric_mentions
            .iter()
            .any(|m| wanted.contains(&m.as_str()))
    });
    if !mentioned {
        let message = format!(
            "this project receives Customer.io reporting webhooks but never handles `{}` events: {}",
            wanted.join("`/`"),
            kind.advice()
        );
        out.push(ctx.finding(meta, &f.path, first.span, message));
    }
}
