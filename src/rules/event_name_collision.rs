//! `event-name-collision`: one event spelled several ways across the project
//! (`UserSignedUp`, `user-signed-up`, `user_signedup`).

use super::common::normalize_key;
use super::event_name_style::{literal_names, rename_everywhere};
use super::{Finding, Project, Related, RuleMeta, Severity};
use std::collections::BTreeMap;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "event-name-collision",
    severity: Severity::Warning,
    group: "events",
    summary: "The same event spelled differently in different places",
    languages: super::ALL,
    why: "Customer.io matches event names exactly. `UserSignedUp`, `user-signed-up` and \
`user_signedup` are three different events: a campaign triggered by one never sees the others, \
and segments and reports split. Pick the most-used spelling and use it everywhere.",
    wrong: "cio.track(id, { name: \"UserSignedUp\" });   // api/signup.js\ncio.track(id, { name: \"user_signed_up\" }); // worker/import.js",
    right: "cio.track(id, { name: \"user_signed_up\" }); // everywhere",
    source: "docs.customer.io/journeys/campaign-triggers",
};

pub(crate) fn check(ctx: &Project, out: &mut Vec<Finding>) {
    let names = literal_names(&ctx.files);
    // Same words → spelling → occurrences, in path order.
    let mut groups: BTreeMap<String, Vec<(&str, usize)>> = BTreeMap::new();
    for (i, (_, _, name)) in names.iter().enumerate() {
        let key = normalize_key(name);
        if key.is_empty() {
            continue;
        }
        groups.entry(key).or_default().push((name, i));
    }
    for sites in groups.values() {
        let mut spellings: Vec<(&str, Vec<usize>)> = Vec::new();
        for (s, i) in sites {
            match spellings.iter_mut().find(|(x, _)| x == s) {
                Some((_, v)) => v.push(*i),
                None => spellings.push((s, vec![*i])),
            }
        }
        if spellings.len() < 2 {
            continue;
        }
        // The most used spelling wins; ties go to the one seen first.
        let majority = spellings
            .iter()
            .enumerate()
            .max_by(|(ia, a), (ib, b)| a.1.len().cmp(&b.1.len()).then(ib.cmp(ia)))
            .map(|(i, _)| i)
            .expect("at least two spellings");
        let (major_name, major_sites) = &spellings[majority];
        let (mfile, mexpr, _) = names[major_sites[0]];
        for (k, (spelling, occurrences)) in spellings.iter().enumerate() {
            if k == majority {
                continue;
            }
            for i in occurrences {
                let (file, expr, _) = names[*i];
                let message = format!(
                    "\"{spelling}\" is the event \"{major_name}\" ({} use{} elsewhere) spelled differently: campaigns triggered by one never see the other; use \"{major_name}\"",
                    major_sites.len(),
                    if major_sites.len() == 1 { "" } else { "s" }
                );
                let mut f = ctx.finding(&META, &file.path, expr.span, message);
                f.fix = rename_everywhere(&ctx.files, spelling, major_name);
                f.related.push(Related {
                    path: mfile.path.clone(),
                    line: mexpr.span.line,
                    column: mexpr.span.column,
                    message: format!("\"{major_name}\" is sent here"),
                    span: mexpr.span,
                });
                out.push(f);
            }
        }
    }
}
