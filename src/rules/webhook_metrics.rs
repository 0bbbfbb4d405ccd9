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
    let names = |ms: &[String]| -> Vec<String> {
        ms.iter()
            .filter(|m| wanted.contains(&m.as_str()))
            .cloned()
            .collect()
    };
    let handlers: Vec<_> = ctx
        .files
        .iter()
        .flat_map(|f| f.webhooks.iter().map(move |h| (*f, h)))
        .collect();
    // Branches and map entries that name the metric: reported when they do nothing.
    let mut named_anywhere = false;
    for f in &ctx.files {
        for b in &f.metric_branches {
            let which = names(&b.metrics);
            if which.is_empty() {
                continue;
            }
            named_anywhere = true;
            if b.acts {
                continue;
            }
            let message = if b.mapped {
                // A status map outside any webhook receiver is someone else's vocabulary.
                if handlers.is_empty() {
                    continue;
                }
                format!(
                    "`{}` is mapped to nothing, so the reporting webhook drops these events: {}",
                    which.join("`/`"),
                    kind.advice()
                )
            } else {
                format!(
                    "the `{}` branch only logs or answers the request: {}",
                    which.join("`/`"),
                    kind.advice()
                )
            };
            out.push(ctx.finding(meta, &f.path, b.span, message));
        }
    }
    if named_anywhere {
        return;
    }
    // Receivers that dispatch on the metric without a branch for this one: it falls into the
    // default, or nowhere. Each dispatch once, even when two receivers share its helper.
    let mut reported: Vec<(&str, crate::facts::Span)> = Vec::new();
    let mut default_acts = false;
    for (f, h) in &handlers {
        let Some(d) = &h.dispatch else { continue };
        if d.defaults.iter().any(|x| x.acts) {
            default_acts = true;
            continue;
        }
        if reported.contains(&(f.path.as_str(), d.span)) {
            continue;
        }
        reported.push((f.path.as_str(), d.span));
        let handled: Vec<String> = d.metrics.iter().map(|m| format!("`{m}`")).collect();
        let (span, message) = match d.defaults.first() {
            Some(default) => (
                default.span,
                format!(
                    "`{}` events fall into this branch, which only logs or answers the request (the receiver handles {} only): {}",
                    wanted.join("`/`"),
                    handled.join(", "),
                    kind.advice()
                ),
            ),
            None => (
                h.span,
                format!(
                    "this receiver acts on {} only: `{}` events are ignored; {}",
                    handled.join(", "),
                    wanted.join("`/`"),
                    kind.advice()
                ),
            ),
        };
        out.push(ctx.finding(meta, &f.path, span, message));
    }
    if !reported.is_empty() || default_acts {
        return;
    }
    // The project receives reporting webhooks but never names the metric anywhere.
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
