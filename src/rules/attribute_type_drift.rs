//! `attribute-type-drift`: one attribute key sent with literal values of different types.

use super::{Finding, Project, Related, RuleMeta, Severity};
use crate::facts::{Attr, FileFacts, Method, Section, Value};
use std::collections::BTreeMap;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "attribute-type-drift",
    severity: Severity::Warning,
    group: "data-quality",
    summary: "The same attribute sent as a string in one place and a number or boolean in another",
    languages: super::ALL,
    why: "Customer.io keeps whatever type arrives last. When one code path sends `plan: \"premium\"` \
and another `plan: 1`, segment conditions (\"plan is premium\", \"plan is greater than\") match \
only part of your people, and Liquid output changes shape between messages. Send one type per \
attribute everywhere.",
    wrong: "cio.identify(a.id, { plan: \"premium\" });  // billing.js\ncio.identify(b.id, { plan: 1 });          // admin.js",
    right: "cio.identify(id, { plan: \"premium\" });    // everywhere",
    source: "docs.customer.io/journeys/segmentation-and-timestamp-rules",
};

fn literal_type(v: &Value) -> Option<&'static str> {
    match v {
        Value::Str(_) => Some("a string"),
        Value::Num(_) => Some("a number"),
        Value::Bool(_) => Some("a boolean"),
        _ => None,
    }
}

pub(crate) fn check(ctx: &Project, out: &mut Vec<Finding>) {
    // (section, key) → type → sites
    type Sites<'a> = Vec<(&'a FileFacts, &'a Attr)>;
    let mut by_key: BTreeMap<(u8, &str), BTreeMap<&'static str, Sites>> = BTreeMap::new();
    for f in &ctx.files {
        for call in &f.calls {
            if !call.method.writes_people_data() || call.method == Method::Batch {
                continue;
            }
            for a in &call.attributes {
                let Some(t) = literal_type(&a.value.value) else {
                    continue;
                };
                let section = u8::from(a.section == Section::Data);
                by_key
                    .entry((section, a.key.as_str()))
                    .or_default()
                    .entry(t)
                    .or_default()
                    .push((f, a));
            }
        }
    }
    for ((section, key), types) in &by_key {
        if types.len() < 2 {
            continue;
        }
        let (major_type, major_sites) = types
            .iter()
            .max_by(|a, b| a.1.len().cmp(&b.1.len()).then(b.0.cmp(a.0)))
            .expect("two types");
        let (mfile, mattr) = major_sites[0];
        let what = if *section == 1 {
            "event-data key"
        } else {
            "attribute"
        };
        for (t, sites) in types {
            if t == major_type {
                continue;
            }
            for (file, attr) in sites {
                let message = format!(
                    "{what} `{key}` is sent as {t} here but as {major_type} in {} other place{}: segments and Liquid see mixed types; send {major_type} everywhere",
                    major_sites.len(),
                    if major_sites.len() == 1 { "" } else { "s" }
                );
                let mut f = ctx.finding(&META, &file.path, attr.value.span, message);
                f.related.push(Related {
                    path: mfile.path.clone(),
                    line: mattr.value.span.line,
                    column: mattr.value.span.column,
                    message: format!("`{key}` is sent as {major_type} here"),
                    span: mattr.value.span,
                });
                out.push(f);
            }
        }
    }
}
