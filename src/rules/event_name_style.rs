//! `event-name-style`: a literal event name that does not follow the project's style.

use super::common::words;
use super::{Finding, Project, RuleMeta, Severity};
use crate::config::NameStyle;
use crate::facts::{ClientKind, Expr, FileFacts, Value};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "event-name-style",
    severity: Severity::Warning,
    group: "events",
    summary: "An event name not in the project's naming style (snake_case by default)",
    languages: super::ALL,
    why: "Campaign triggers and segments match event names exactly, case and separators \
included. Mixed styles (`UserSignedUp`, `user-signed-up`) split one event into several and make \
triggers miss. Pick one style (option `style`: snake_case (default), Title Case, camelCase, \
kebab-case, or auto = the project's majority).",
    wrong: "await cio.track(user.id, { name: \"UserSignedUp\" });",
    right: "await cio.track(user.id, { name: \"user_signed_up\" });",
    source: "docs.customer.io/journeys/campaign-triggers",
};

/// Data Pipelines semantic events have reserved names that must be sent as they are.
const RESERVED: &[&str] = &[
    "Delete Person",
    "User Deleted",
    "User Suppressed",
    "User Unsuppressed",
    "Device Created or Updated",
    "Device Deleted",
    "Relationship Deleted",
    "Object Deleted",
    "Report Delivery Event",
    "Application Installed",
    "Application Opened",
    "Application Updated",
    "Application Backgrounded",
    "Application Foregrounded",
];

pub(crate) fn matches_style(name: &str, style: NameStyle) -> bool {
    let ok_word = |w: &str, f: fn(char) -> bool| !w.is_empty() && w.chars().all(f);
    match style {
        NameStyle::SnakeCase => name
            .split('_')
            .all(|w| ok_word(w, |c| c.is_ascii_lowercase() || c.is_ascii_digit())),
        NameStyle::KebabCase => name
            .split('-')
            .all(|w| ok_word(w, |c| c.is_ascii_lowercase() || c.is_ascii_digit())),
        NameStyle::CamelCase => {
            name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && name.chars().all(|c| c.is_ascii_alphanumeric())
        }
        NameStyle::TitleCase => name.split(' ').all(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(c) if c.is_ascii_uppercase() || c.is_ascii_digit() => {
                    cs.all(|c| c.is_ascii_alphanumeric())
                }
                _ => false,
            }
        }),
    }
}

pub(crate) fn convert(name: &str, style: NameStyle) -> String {
    let w = words(name);
    match style {
        NameStyle::SnakeCase => w.join("_"),
        NameStyle::KebabCase => w.join("-"),
        NameStyle::CamelCase => w
            .iter()
            .enumerate()
            .map(|(i, s)| if i == 0 { s.clone() } else { capitalize(s) })
            .collect(),
        NameStyle::TitleCase => w
            .iter()
            .map(|s| capitalize(s))
            .collect::<Vec<_>>()
            .join(" "),
    }
}

fn capitalize(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) => c.to_ascii_uppercase().to_string() + cs.as_str(),
        None => String::new(),
    }
}

/// Every literal event name in the project with where it is and whether it is exempt.
pub(crate) fn literal_names<'a>(
    files: &[&'a FileFacts],
) -> Vec<(&'a FileFacts, &'a Expr, &'a str)> {
    let mut out = Vec::new();
    for &f in files {
        for call in &f.calls {
            let Some(name) = &call.event_name else {
                continue;
            };
            for v in name.value.alternatives() {
                let Value::Str(s) = v else { continue };
                if s.is_empty() || s.len() > 100 {
                    continue;
                }
                if call.client.kind == ClientKind::Pipelines && RESERVED.contains(&s.as_str()) {
                    continue;
                }
                out.push((f, name, s.as_str()));
            }
        }
    }
    out
}

/// The style most of the project's event names follow (ties prefer snake_case).
fn majority_style(names: &[(&FileFacts, &Expr, &str)]) -> Option<(NameStyle, usize)> {
    let styles = [
        NameStyle::SnakeCase,
        NameStyle::TitleCase,
        NameStyle::CamelCase,
        NameStyle::KebabCase,
    ];
    let counts: Vec<(NameStyle, usize)> = styles
        .iter()
        .map(|st| {
            (
                *st,
                names
                    .iter()
                    .filter(|(_, _, n)| matches_style(n, *st))
                    .count(),
            )
        })
        .collect();
    let best = counts.iter().map(|(_, c)| *c).max()?;
    if best == 0 {
        return None;
    }
    counts.into_iter().find(|(_, c)| *c == best)
}

pub(crate) fn check(ctx: &Project, out: &mut Vec<Finding>) {
    let names = literal_names(&ctx.files);
    let (style, why) = match ctx.config.event_name_style {
        Some(style) => (style, String::new()),
        None => {
            let Some((style, count)) = majority_style(&names) else {
                return;
            };
            (
                style,
                format!(
                    " (the project's majority style: {count} of {} names)",
                    names.len()
                ),
            )
        }
    };
    for (file, expr, s) in &names {
        if matches_style(s, style) {
            continue;
        }
        let suggestion = convert(s, style);
        if suggestion.is_empty() {
            continue;
        }
        let message = format!(
            "event name \"{s}\" is not {}{why}: triggers match names exactly, so mixed styles split one event into several; use \"{suggestion}\"",
            style.display()
        );
        out.push(ctx.finding(&META, &file.path, expr.span, message));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles() {
        assert!(matches_style("user_signed_up", NameStyle::SnakeCase));
        assert!(matches_style("signup", NameStyle::SnakeCase));
        assert!(!matches_style("UserSignedUp", NameStyle::SnakeCase));
        assert!(!matches_style("user-signed-up", NameStyle::SnakeCase));
        assert!(matches_style("Order Completed", NameStyle::TitleCase));
        assert!(matches_style("orderCompleted", NameStyle::CamelCase));
        assert!(matches_style("order-completed", NameStyle::KebabCase));
        assert_eq!(
            convert("UserSignedUp", NameStyle::SnakeCase),
            "user_signed_up"
        );
        assert_eq!(
            convert("user-signed-up", NameStyle::TitleCase),
            "User Signed Up"
        );
    }
}
