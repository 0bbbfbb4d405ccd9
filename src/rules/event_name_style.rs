//! `event-name-style`: an event name that does not follow the project's style: by default
//! the style most of the project's distinct event names use, or the one configured.

use super::common::{code, words};
use super::fixes::source_text;
use super::{Applicability, Edit, Finding, Fix, Project, Related, RuleMeta, Severity};
use crate::config::NameStyle;
use crate::facts::{ClientKind, Expr, FileFacts, Language, Value};
use std::collections::BTreeMap;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "event-name-style",
    severity: Severity::Warning,
    group: "events",
    summary: "An event name in another style than the rest of the project's events",
    languages: super::ALL,
    why: "Campaign triggers and segments match event names exactly, case and separators \
included. Mixed styles (`UserSignedUp`, `user-signed-up`) split one event into several and make \
triggers miss. By default (`style = \"auto\"`) the project's style is the one most of its \
distinct event names follow (a tie goes to snake_case), so a project consistent in any style \
(`Signed up` everywhere is fine) gets no finding and only the outliers are reported, next to a \
name in the project's style. Template literals and f-strings count by their fixed text \
(`web-paywall-${step}` is kebab-case). The option `style` can pin snake_case, Title Case, \
Sentence case, camelCase, PascalCase, kebab-case or lower case.",
    wrong: "await cio.track(user.id, { name: \"user_signed_up\" });\nawait cio.track(user.id, { name: \"trial_started\" });\nawait cio.track(user.id, { name: \"PlanUpgraded\" });",
    right: "await cio.track(user.id, { name: \"user_signed_up\" });\nawait cio.track(user.id, { name: \"trial_started\" });\nawait cio.track(user.id, { name: \"plan_upgraded\" });",
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

/// Short words Title Case leaves lower-case after the first word (`Added to Cart`).
const MINOR_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "via", "with",
];

pub(crate) fn matches_style(name: &str, style: NameStyle) -> bool {
    let ok_word = |w: &str, f: fn(char) -> bool| !w.is_empty() && w.chars().all(f);
    let lower = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    // `FAQ`, `2FA`, `SMS`: an acronym keeps its capitals in any case style.
    let acronym = |w: &str| {
        w.chars().count() >= 2
            && w.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    };
    let capitalised = |w: &str| {
        let mut cs = w.chars();
        match cs.next() {
            Some(c) if c.is_ascii_uppercase() || c.is_ascii_digit() => cs.all(lower),
            _ => false,
        }
    };
    match style {
        NameStyle::SnakeCase => name.split('_').all(|w| ok_word(w, lower)),
        NameStyle::KebabCase => name.split('-').all(|w| ok_word(w, lower)),
        NameStyle::LowerCase => name.split(' ').all(|w| ok_word(w, lower) || acronym(w)),
        NameStyle::CamelCase => {
            name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && name.chars().all(|c| c.is_ascii_alphanumeric())
        }
        NameStyle::PascalCase => {
            name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && name.chars().all(|c| c.is_ascii_alphanumeric())
        }
        NameStyle::TitleCase => name
            .split(' ')
            .enumerate()
            .all(|(i, w)| capitalised(w) || acronym(w) || (i > 0 && MINOR_WORDS.contains(&w))),
        NameStyle::SentenceCase => name.split(' ').enumerate().all(|(i, w)| {
            acronym(w)
                || if i == 0 {
                    capitalised(w)
                } else {
                    ok_word(w, lower)
                }
        }),
    }
}

pub(crate) fn convert(name: &str, style: NameStyle) -> String {
    let w = words(name);
    match style {
        NameStyle::SnakeCase => w.join("_"),
        NameStyle::KebabCase => w.join("-"),
        NameStyle::LowerCase => w.join(" "),
        NameStyle::CamelCase => w
            .iter()
            .enumerate()
            .map(|(i, s)| if i == 0 { s.clone() } else { capitalize(s) })
            .collect(),
        NameStyle::PascalCase => w.iter().map(|s| capitalize(s)).collect(),
        NameStyle::TitleCase => w
            .iter()
            .map(|s| capitalize(s))
            .collect::<Vec<_>>()
            .join(" "),
        NameStyle::SentenceCase => w
            .iter()
            .enumerate()
            .map(|(i, s)| if i == 0 { capitalize(s) } else { s.clone() })
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

/// What can be judged of an event name: a literal, or the fixed text of a template literal,
/// f-string or concatenation around its variable parts.
#[derive(Debug, Clone, Copy)]
enum Shape<'a> {
    Literal(&'a str),
    Template(&'a [String]),
}

impl Shape<'_> {
    /// Whether the name follows a style; a variable part stands for a word in that style.
    fn matches(self, style: NameStyle) -> bool {
        match self {
            Shape::Literal(s) => matches_style(s, style),
            Shape::Template(parts) => {
                let mut filled = String::new();
                for (i, part) in parts.iter().enumerate() {
                    if i > 0 {
                        let first = filled.is_empty();
                        filled.push_str(match style {
                            NameStyle::TitleCase | NameStyle::PascalCase => "X",
                            NameStyle::SentenceCase if first => "X",
                            _ => "x",
                        });
                    }
                    filled.push_str(part);
                }
                matches_style(&filled, style)
            }
        }
    }

    /// The first style the name follows.
    fn style(self) -> Option<NameStyle> {
        NameStyle::ALL.into_iter().find(|st| self.matches(*st))
    }

    /// The name as the same events would be spelled in `style` (variable parts as `…`).
    fn converted(self, style: NameStyle) -> String {
        match self {
            Shape::Literal(s) => convert(s, style),
            Shape::Template(parts) => {
                const HOLE: &str = "ciolinthole";
                let joined = parts.join(&format!(" {HOLE} "));
                let converted = convert(&joined, style);
                // The marker comes back in whatever case the style gave it.
                let lower = converted.to_ascii_lowercase();
                let mut out = String::new();
                let mut rest = 0;
                for (at, _) in lower.match_indices(HOLE) {
                    out.push_str(&converted[rest..at]);
                    out.push('…');
                    rest = at + HOLE.len();
                }
                out.push_str(&converted[rest..]);
                out
            }
        }
    }

    /// How many words its fixed text has.
    fn word_count(self) -> usize {
        match self {
            Shape::Literal(s) => words(s).len(),
            Shape::Template(parts) => parts.iter().map(|p| words(p).len()).sum::<usize>() + 1,
        }
    }
}

/// One event name at one call site.
struct EventName<'a> {
    file: &'a FileFacts,
    expr: &'a Expr,
    shape: Shape<'a>,
    /// The same name at every site: the literal, or the template's fixed parts.
    key: String,
}

impl EventName<'_> {
    /// The name as a message shows it.
    fn shown(&self) -> String {
        match self.shape {
            Shape::Literal(s) => format!("\"{s}\""),
            Shape::Template(_) => code(&self.expr.text),
        }
    }
}

/// Every event name of the project whose style can be judged: literals and templates with
/// fixed text, minus Pipelines reserved names.
fn event_names<'a>(files: &[&'a FileFacts]) -> Vec<EventName<'a>> {
    let mut out = Vec::new();
    for &file in files {
        for call in &file.calls {
            let Some(expr) = &call.event_name else {
                continue;
            };
            for v in expr.value.alternatives() {
                let (shape, key) = match v {
                    Value::Str(s) => {
                        if s.is_empty()
                            || s.len() > 100
                            || (call.client.kind == ClientKind::Pipelines
                                && RESERVED.contains(&s.as_str()))
                        {
                            continue;
                        }
                        (Shape::Literal(s), s.clone())
                    }
                    Value::Interpolated { literal_parts, .. }
                        if literal_parts
                            .iter()
                            .any(|p| p.chars().any(|c| c.is_ascii_alphabetic())) =>
                    {
                        (Shape::Template(literal_parts), literal_parts.join("{}"))
                    }
                    _ => continue,
                };
                out.push(EventName {
                    file,
                    expr,
                    shape,
                    key,
                });
            }
        }
    }
    out
}

/// The style most of the project's distinct event names follow (ties go to snake_case),
/// with how many follow it and how many distinct names there are.
fn majority_style(names: &[EventName]) -> Option<(NameStyle, usize, usize)> {
    // A one-word name (`sale`, `signup`) fits snake_case, kebab-case, camelCase and lower
    // case alike: it says nothing about the project's style.
    let distinct: BTreeMap<&str, Shape> = names
        .iter()
        .filter(|n| n.shape.word_count() >= 2)
        .map(|n| (n.key.as_str(), n.shape))
        .collect();
    let counts: Vec<(NameStyle, usize)> = NameStyle::ALL
        .iter()
        .map(|st| (*st, distinct.values().filter(|sh| sh.matches(*st)).count()))
        .collect();
    let best = counts.iter().map(|(_, c)| *c).max()?;
    if best == 0 {
        return None;
    }
    counts
        .into_iter()
        .find(|(_, c)| *c == best)
        .map(|(st, c)| (st, c, distinct.len()))
}

pub(crate) fn check(ctx: &Project, out: &mut Vec<Finding>) {
    let names = event_names(&ctx.files);
    let (style, why) = match ctx.config.event_name_style {
        Some(style) => (
            style,
            format!("not {} (the configured style)", style.display()),
        ),
        None => {
            let Some((style, count, distinct)) = majority_style(&names) else {
                return;
            };
            (
                style,
                format!(
                    "but this project names its events in {} ({count} of its {distinct} distinct event names)",
                    style.display()
                ),
            )
        }
    };
    // A name in the project's style to show beside each outlier: a multi-word one if any.
    let in_style = || names.iter().filter(|n| n.shape.matches(style));
    let literal = |n: &&EventName| matches!(n.shape, Shape::Literal(_));
    let exemplar = in_style()
        .find(|n| literal(n) && n.shape.word_count() >= 2)
        .or_else(|| in_style().find(|n| n.shape.word_count() >= 2))
        .or_else(|| in_style().next());
    for name in &names {
        if name.shape.matches(style) {
            continue;
        }
        let suggestion = name.shape.converted(style);
        if suggestion.trim_matches('…').is_empty() {
            continue;
        }
        let own = match name.shape.style() {
            Some(st) => format!("is {}", st.display()),
            None => "follows no common style".to_string(),
        };
        let advice = match name.shape {
            Shape::Literal(_) => format!("use \"{suggestion}\""),
            Shape::Template(_) => {
                format!(
                    "spell its fixed text in that style: \"{suggestion}\" (… is the variable part)"
                )
            }
        };
        let message = format!(
            "event name {} {own}, {why}: triggers match names exactly, so mixed styles split one event into several; {advice}",
            name.shown(),
        );
        let mut finding = ctx.finding(&META, &name.file.path, name.expr.span, message);
        if let Shape::Literal(old) = name.shape {
            finding.fix = rename_everywhere(&ctx.files, old, &suggestion);
        }
        if let Some(ex) = exemplar {
            finding.related.push(Related {
                path: ex.file.path.clone(),
                line: ex.expr.span.line,
                column: ex.expr.span.column,
                message: format!("{} is {}, the project's style", ex.shown(), style.display()),
                span: ex.expr.span,
            });
        }
        out.push(finding);
    }
}

/// The edit that respells a string literal's text, keeping its quotes; `None` when the
/// source there is not a plain literal of exactly that text (a constant, a variable, an
/// escape, a template with holes, a Ruby symbol).
fn respell_literal(
    file: &FileFacts,
    source: &str,
    expr: &Expr,
    old: &str,
    new: &str,
) -> Option<Edit> {
    let text = source_text(source, expr.span)?;
    let quote = text.chars().next()?;
    let plain_quote = match quote {
        '"' | '\'' => true,
        '`' => matches!(
            file.language,
            Language::JavaScript | Language::TypeScript | Language::Go
        ),
        _ => false,
    };
    let inner = text.strip_prefix(quote)?.strip_suffix(quote)?;
    if !plain_quote || inner != old || inner.contains(['\\', '$', '{', '#', '%']) {
        return None;
    }
    if new.contains(['"', '\'', '`', '\\', '$', '{', '#', '%']) {
        return None;
    }
    Some(Edit {
        path: file.path.clone(),
        span: expr.span,
        content: format!("{quote}{new}{quote}"),
    })
}

/// The fix that respells event `old` as `new` at every call site of the project at once,
/// so the fix never splits one event in two; `None` when any site cannot be rewritten (the
/// name comes from a constant or a variable there).
pub(crate) fn rename_everywhere(files: &[&FileFacts], old: &str, new: &str) -> Option<Fix> {
    let mut edits: Vec<Edit> = Vec::new();
    for &file in files {
        // Read once per file, and only for files that name the event.
        let mut source = None;
        for call in &file.calls {
            let Some(expr) = &call.event_name else {
                continue;
            };
            let names_it = expr
                .value
                .alternatives()
                .into_iter()
                .any(|v| v.as_str() == Some(old));
            if !names_it {
                continue;
            }
            let source = source.get_or_insert_with(|| file.source.text());
            let edit = respell_literal(file, source, expr, old, new)?;
            if !edits.contains(&edit) {
                edits.push(edit);
            }
        }
    }
    if edits.is_empty() {
        return None;
    }
    let sites = if edits.len() == 1 {
        "its only call site".to_string()
    } else {
        format!("all {} call sites", edits.len())
    };
    Some(Fix {
        description: format!(
            "respell \"{old}\" as \"{new}\" at {sites}; campaign triggers, segments and reports in Customer.io that use \"{old}\" must be updated too"
        ),
        applicability: Applicability::Unsafe,
        edits,
    })
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
        assert!(matches_style("Added to Cart", NameStyle::TitleCase));
        assert!(!matches_style("to Cart", NameStyle::TitleCase));
        assert!(!matches_style("Signed up", NameStyle::TitleCase));
        assert!(!matches_style("UserSignedUp", NameStyle::TitleCase));
        assert!(matches_style("Viewed FAQ", NameStyle::TitleCase));
        assert!(matches_style("Signed up", NameStyle::SentenceCase));
        assert!(matches_style("Logged in", NameStyle::SentenceCase));
        assert!(matches_style("Viewed FAQ page", NameStyle::SentenceCase));
        assert!(!matches_style("Order Completed", NameStyle::SentenceCase));
        assert!(!matches_style("signed up", NameStyle::SentenceCase));
        assert!(matches_style("orderCompleted", NameStyle::CamelCase));
        assert!(matches_style("OrderCompleted", NameStyle::PascalCase));
        assert!(matches_style("order-completed", NameStyle::KebabCase));
        assert_eq!(
            convert("UserSignedUp", NameStyle::SnakeCase),
            "user_signed_up"
        );
        assert_eq!(
            convert("user-signed-up", NameStyle::TitleCase),
            "User Signed Up"
        );
        assert_eq!(
            convert("user_signed_up", NameStyle::SentenceCase),
            "User signed up"
        );
        assert_eq!(
            convert("user_signed_up", NameStyle::PascalCase),
            "UserSignedUp"
        );
    }

    #[test]
    fn templates_count_by_their_fixed_text() {
        let parts = ["web-paywall-".to_string(), String::new()];
        let shape = Shape::Template(&parts);
        assert_eq!(shape.style(), Some(NameStyle::KebabCase));
        assert!(!shape.matches(NameStyle::SnakeCase));
        assert_eq!(shape.converted(NameStyle::SnakeCase), "web_paywall_…");
        assert_eq!(shape.converted(NameStyle::TitleCase), "Web Paywall …");
        let parts = [String::new(), " viewed".to_string()];
        assert!(Shape::Template(&parts).matches(NameStyle::SentenceCase));
        let parts = ["Viewed ".to_string(), String::new()];
        assert!(Shape::Template(&parts).matches(NameStyle::TitleCase));
        assert!(Shape::Template(&parts).matches(NameStyle::SentenceCase));
    }
}
