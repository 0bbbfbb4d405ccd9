//! The side path for files that are not code: e-mail templates (HTML/Liquid/MJML/Handlebars,
//! and Markdown/ERB/HAML that use Customer.io Liquid) and campaign definitions (YAML/JSON).
//!
//! Templates are read with a small Liquid tokenizer: output `{{ … }}`, tags `{% … %}`,
//! `{% comment %}` and `{% raw %}` blocks, and the HTML comments around them, so that a link
//! inside a comment or a raw block does not count as a link.

use crate::facts::Span;
use crate::lang::LineIndex;
use serde::Serialize;
use std::ops::Range;
use std::path::Path;
use yaml_rust2::{Yaml, YamlLoader};

/// What kind of non-code file a path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SideKind {
    Template,
    /// A template format that may or may not be an e-mail (Markdown, ERB, HAML): only
    /// counted when it uses Customer.io Liquid.
    MaybeTemplate,
    Campaign,
}

pub(crate) fn side_kind(path: &Path) -> Option<SideKind> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let ext = name.rsplit('.').next()?;
    Some(match ext {
        "html" | "htm" | "liquid" | "mjml" | "hbs" | "handlebars" => SideKind::Template,
        "md" | "markdown" | "erb" | "haml" => SideKind::MaybeTemplate,
        "yml" | "yaml" | "json" => SideKind::Campaign,
        _ => return None,
    })
}

/// One Liquid construct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Token {
    /// `{{ expr }}` (or Handlebars' `{{{ expr }}}` when `triple`).
    Output {
        expr: String,
        range: Range<usize>,
        triple: bool,
    },
    /// `{% name args %}`.
    Tag {
        name: String,
        args: String,
        range: Range<usize>,
    },
}

/// A token and whether it is inert: inside `{% comment %}`, `{% raw %}` or `<!-- -->`.
#[derive(Debug, Clone)]
pub(crate) struct Located {
    pub token: Token,
    pub inert: bool,
}

/// Split a template into Liquid tokens.
pub(crate) fn tokenize(src: &str) -> Vec<Located> {
    let bytes = src.as_bytes();
    let html_comments = html_comment_ranges(src);
    let in_html_comment = |pos: usize| html_comments.iter().any(|r| r.contains(&pos));
    let mut out = Vec::new();
    let mut i = 0;
    // Depth of `{% comment %}` blocks and whether we are inside `{% raw %}`.
    let mut comment_depth = 0usize;
    let mut raw = false;
    while i + 1 < bytes.len() {
        if bytes[i] != b'{' || !(bytes[i + 1] == b'{' || bytes[i + 1] == b'%') {
            i += 1;
            continue;
        }
        let start = i;
        if bytes[i + 1] == b'%' {
            let Some(end) = find(src, i + 2, "%}") else {
                break;
            };
            let inner = src[i + 2..end].trim_matches(|c: char| c == '-' || c.is_whitespace());
            let (name, args) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
            let name = name.to_string();
            let range = start..end + 2;
            i = end + 2;
            match name.as_str() {
                "endraw" => {
                    raw = false;
                    continue;
                }
                _ if raw => continue,
                "raw" => {
                    raw = true;
                    continue;
                }
                "comment" => {
                    comment_depth += 1;
                    continue;
                }
                "endcomment" => {
                    comment_depth = comment_depth.saturating_sub(1);
                    continue;
                }
                n if n.starts_with('#') => continue,
                _ => {}
            }
            let inert = comment_depth > 0 || in_html_comment(start);
            out.push(Located {
                token: Token::Tag {
                    name,
                    args: args.trim().to_string(),
                    range,
                },
                inert,
            });
        } else {
            let triple = bytes.get(i + 2) == Some(&b'{');
            let open = if triple { 3 } else { 2 };
            let close = if triple { "}}}" } else { "}}" };
            let Some(end) = find(src, i + open, close) else {
                break;
            };
            let expr = src[i + open..end]
                .trim_matches(|c: char| c == '-' || c.is_whitespace())
                .to_string();
            let range = start..end + close.len();
            i = end + close.len();
            if raw {
                continue;
            }
            let inert = comment_depth > 0 || in_html_comment(start);
            out.push(Located {
                token: Token::Output {
                    expr,
                    range,
                    triple,
                },
                inert,
            });
        }
    }
    out
}

fn find(src: &str, from: usize, needle: &str) -> Option<usize> {
    src.get(from..)?.find(needle).map(|p| p + from)
}

fn html_comment_ranges(src: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(start) = find(src, from, "<!--") {
        let end = find(src, start + 4, "-->")
            .map(|e| e + 3)
            .unwrap_or(src.len());
        out.push(start..end);
        from = end;
    }
    out
}

/// What an e-mail template says about unsubscribing.
#[derive(Debug, Clone, Serialize)]
pub struct TemplateFacts {
    pub path: String,
    /// Uses Customer.io Liquid (`customer.`, `event.`, `trigger.`): a Customer.io message.
    pub uses_customer_liquid: bool,
    /// A layout that wraps `{{ content }}`.
    pub is_layout: bool,
    /// Marked transactional by its path.
    pub transactional: bool,
    /// A page the project renders itself, not a Customer.io message: a Shopify theme file
    /// (the storefront, whose `customer` is the signed-in shopper), said by its Shopify-only
    /// tags (`{% schema %}`, `{% section %}`, `{% paginate %}`, `{{ content_for_header }}`) or
    /// by the theme it sits in (see [`in_shopify_theme`]); or a Django/Jinja template, said by
    /// tags Customer.io's Liquid does not have (`{% url %}`, `{% csrf_token %}`, `{% trans %}`).
    pub web_page: bool,
    /// Live `{% unsubscribe_url %}` / `{% manage_subscription_preferences_url %}` tags.
    pub unsubscribe_tags: Vec<Span>,
    /// The same tags where they render nothing visible: comments, raw blocks, HTML comments.
    pub inert_unsubscribe_tags: Vec<Span>,
    /// `{{ unsubscribe_url }}` / `{{{ unsubscribe_url }}}`: the variable form that renders empty.
    pub unsubscribe_outputs: Vec<(Span, String)>,
    pub suppressions: Vec<crate::suppress::Suppression>,
}

/// Liquid tags only Shopify themes have (Customer.io's Liquid has none of them).
const SHOPIFY_TAGS: &[&str] = &["schema", "section", "sections", "paginate"];

/// Tags of Django and Jinja templates that Customer.io's Liquid does not have: the project
/// renders such a template itself.
const WEB_FRAMEWORK_TAGS: &[&str] = &[
    "load",
    "url",
    "csrf_token",
    "trans",
    "blocktrans",
    "translate",
    "blocktranslate",
    "static",
    "extends",
];

/// The directories of a Shopify theme that hold Liquid (shopify.dev/docs/storefronts/themes/architecture).
const THEME_DIRS: &[&str] = &["sections", "snippets", "templates", "layout", "blocks"];

/// Whether a template sits in a Shopify theme: below one of the theme's Liquid directories,
/// whose parent (the theme root) has `config/settings_schema.json` or `layout/theme.liquid`.
/// `theme_roots` caches the answer per directory.
pub(crate) fn in_shopify_theme(
    path: &Path,
    theme_roots: &mut std::collections::HashMap<std::path::PathBuf, bool>,
) -> bool {
    path.ancestors().skip(1).any(|dir| {
        let is_theme_dir = dir
            .file_name()
            .is_some_and(|n| THEME_DIRS.contains(&n.to_string_lossy().as_ref()));
        let Some(root) = dir.parent().filter(|_| is_theme_dir) else {
            return false;
        };
        *theme_roots.entry(root.to_path_buf()).or_insert_with(|| {
            root.join("config/settings_schema.json").is_file()
                || root.join("layout/theme.liquid").is_file()
        })
    })
}

const UNSUBSCRIBE_TAGS: &[&str] = &["unsubscribe_url", "manage_subscription_preferences_url"];
const CUSTOMER_OBJECTS: &[&str] = &["customer", "event", "trigger", "journey", "campaign"];

fn mentions_customer_object(text: &str) -> bool {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .any(|w| {
            CUSTOMER_OBJECTS.iter().any(|o| {
                w.strip_prefix(o)
                    .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
            })
        })
        || text.contains("customer[")
}

/// Markdown that documents the project (`docs/`, a README) rather than holding a message body.
pub(crate) fn is_documentation(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    ["readme", "changelog", "contributing"]
        .iter()
        .any(|n| name.starts_with(n))
        || lower
            .split('/')
            .rev()
            .skip(1)
            .any(|d| matches!(d, "docs" | "doc" | "documentation" | "wiki"))
}

/// Templates that are transactional by path: below a `transactional` directory, or named for a
/// message people need whatever their subscription status: password resets, sign-in codes,
/// receipts, invitations (`emails/reset_password.liquid`, `auth/MagicLink.mjml`). Only the
/// file name is read for those words: a project directory called `payment-service` says
/// nothing about its newsletters.
fn is_transactional_path(path: &str) -> bool {
    let (dirs, name) = path.rsplit_once('/').unwrap_or(("", path));
    if dirs.to_ascii_lowercase().contains("transactional") {
        return true;
    }
    let path = name;
    const WORDS: &[&str] = &[
        "transactional",
        "password",
        "passwd",
        "reset",
        "verify",
        "verification",
        "confirm",
        "confirmation",
        "receipt",
        "invoice",
        "quote",
        "magic",
        "login",
        "signin",
        "otp",
        "2fa",
        "mfa",
        "security",
        "invite",
        "invitation",
        "shipping",
        "shipped",
        "refund",
        "payment",
        "billing",
        "activation",
        "activate",
        "deleted",
        "deletion",
    ];
    const PAIRS: &[(&str, &str)] = &[("two", "factor"), ("sign", "in"), ("log", "in")];
    // Split on separators and camelCase: `resetPassword.hbs` → reset, password, hbs.
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for ch in path.chars() {
        if !ch.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if ch.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
        prev_lower = ch.is_ascii_lowercase() || ch.is_ascii_digit();
        cur.push(ch.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words.iter().any(|w| WORDS.contains(&w.as_str()))
        || words
            .windows(2)
            .any(|p| PAIRS.contains(&(p[0].as_str(), p[1].as_str())))
}

pub(crate) fn template_facts(path: &str, src: &str) -> TemplateFacts {
    let index = LineIndex::new(src.as_bytes());
    let tokens = tokenize(src);
    let span = |r: &Range<usize>| index.span_of(r.start, r.end);
    let mut facts = TemplateFacts {
        path: path.to_string(),
        uses_customer_liquid: false,
        is_layout: false,
        transactional: is_transactional_path(path),
        web_page: false,
        unsubscribe_tags: Vec::new(),
        inert_unsubscribe_tags: Vec::new(),
        unsubscribe_outputs: Vec::new(),
        suppressions: crate::suppress::parse(src.as_bytes()),
    };
    for t in &tokens {
        match &t.token {
            Token::Output {
                expr,
                range,
                triple,
            } => {
                let head = expr.split(['|', ' ']).next().unwrap_or("");
                if head == "content" || head == "content_for_layout" {
                    facts.is_layout = true;
                }
                if head == "content_for_header" {
                    facts.web_page = true;
                }
                if UNSUBSCRIBE_TAGS.contains(&head) && !t.inert {
                    let shown = if *triple {
                        format!("{{{{{{ {head} }}}}}}")
                    } else {
                        format!("{{{{ {head} }}}}")
                    };
                    facts.unsubscribe_outputs.push((span(range), shown));
                }
                if mentions_customer_object(expr) {
                    facts.uses_customer_liquid = true;
                }
            }
            Token::Tag { name, args, range } => {
                if SHOPIFY_TAGS.contains(&name.as_str())
                    || WEB_FRAMEWORK_TAGS.contains(&name.as_str())
                {
                    facts.web_page = true;
                }
                if UNSUBSCRIBE_TAGS.contains(&name.as_str()) {
                    if t.inert {
                        facts.inert_unsubscribe_tags.push(span(range));
                    } else {
                        facts.unsubscribe_tags.push(span(range));
                    }
                    facts.uses_customer_liquid = true;
                }
                if mentions_customer_object(args) {
                    facts.uses_customer_liquid = true;
                }
            }
        }
    }
    facts
}

/// A campaign trigger found in a definition file.
#[derive(Debug, Clone, Serialize)]
pub struct Trigger {
    /// What fires it, as written (`identify`, `attribute_change`).
    pub fires_on: String,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct CampaignFacts {
    pub path: String,
    pub triggers: Vec<Trigger>,
    pub suppressions: Vec<crate::suppress::Suppression>,
}

/// Values of a trigger's event/type that mean "every profile update".
const PROFILE_UPDATE_TRIGGERS: &[&str] = &[
    "identify",
    "identified",
    "attribute_change",
    "attribute_changed",
    "attribute_update",
    "attribute_updated",
    "attributes_changed",
    "attribute",
    "profile_update",
    "profile_updated",
    "person_updated",
    "customer_updated",
];

/// Parse a YAML/JSON file and list its campaign triggers that fire on profile updates.
pub(crate) fn campaign_facts(path: &str, src: &str) -> Option<CampaignFacts> {
    let lower = src.to_ascii_lowercase();
    if !lower.contains("trigger") {
        return None;
    }
    let docs = YamlLoader::load_from_str(src).ok()?;
    let path_says = path.to_ascii_lowercase().contains("campaign")
        || path.to_ascii_lowercase().contains("journey");
    let mut found: Vec<String> = Vec::new();
    let mut campaign_keys = false;
    for d in &docs {
        walk_yaml(d, false, &mut found, &mut campaign_keys);
    }
    if found.is_empty() || !(path_says || campaign_keys) {
        return None;
    }
    let index = LineIndex::new(src.as_bytes());
    let mut triggers = Vec::new();
    let mut from = 0;
    for value in found {
        // Locate the value after a `trigger` key, in order.
        let trigger_pos = lower[from..]
            .find("trigger")
            .map(|p| p + from)
            .unwrap_or(from);
        let Some(pos) = src[trigger_pos..].find(&value).map(|p| p + trigger_pos) else {
            continue;
        };
        from = pos + value.len();
        triggers.push(Trigger {
            fires_on: value.clone(),
            span: index.span_of(pos, pos + value.len()),
        });
    }
    Some(CampaignFacts {
        path: path.to_string(),
        triggers,
        suppressions: crate::suppress::parse(src.as_bytes()),
    })
}

fn key_is(k: &Yaml, names: &[&str]) -> bool {
    k.as_str()
        .is_some_and(|s| names.contains(&s.to_ascii_lowercase().as_str()))
}

fn walk_yaml(node: &Yaml, in_trigger: bool, found: &mut Vec<String>, campaign_keys: &mut bool) {
    match node {
        Yaml::Hash(map) => {
            for (k, v) in map {
                if key_is(
                    k,
                    &[
                        "campaign",
                        "campaigns",
                        "journey",
                        "journeys",
                        "workflow",
                        "broadcast",
                    ],
                ) {
                    *campaign_keys = true;
                }
                let is_trigger = key_is(
                    k,
                    &[
                        "trigger",
                        "triggers",
                        "trigger_event",
                        "triggered_by",
                        "entry",
                        "entry_trigger",
                    ],
                );
                if (in_trigger || is_trigger)
                    && key_is(
                        k,
                        &[
                            "event",
                            "event_name",
                            "name",
                            "type",
                            "kind",
                            "trigger",
                            "trigger_event",
                            "on",
                        ],
                    )
                    && let Some(s) = v.as_str()
                    && PROFILE_UPDATE_TRIGGERS.contains(&s.to_ascii_lowercase().as_str())
                {
                    found.push(s.to_string());
                }
                walk_yaml(v, in_trigger || is_trigger, found, campaign_keys);
            }
        }
        Yaml::Array(items) => {
            for i in items {
                walk_yaml(i, in_trigger, found, campaign_keys);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_skip_comments_and_raw() {
        let src = "{% comment %}{% unsubscribe_url %}{% endcomment %}{% raw %}{{ customer.x }}{% endraw %}<!-- {% unsubscribe_url %} -->{{ customer.name | upcase }}";
        let t = tokenize(src);
        // The raw block yields nothing; comment and HTML-comment tags are inert.
        assert_eq!(t.len(), 3);
        assert!(t[0].inert && t[1].inert && !t[2].inert);
        assert!(
            matches!(&t[2].token, Token::Output { expr, .. } if expr == "customer.name | upcase")
        );
    }

    #[test]
    fn facts_of_a_marketing_template() {
        let f = template_facts(
            "a.html",
            "<p>Hi {{ customer.first_name }}</p><a href=\"{{{ unsubscribe_url }}}\">x</a>",
        );
        assert!(f.uses_customer_liquid);
        assert!(f.unsubscribe_tags.is_empty());
        assert_eq!(f.unsubscribe_outputs.len(), 1);
    }

    #[test]
    fn campaign_triggers() {
        let src = "campaign:\n  name: Welcome\n  trigger:\n    event: identify\n";
        let c = campaign_facts("c.yml", src).unwrap();
        assert_eq!(c.triggers.len(), 1);
        assert_eq!(c.triggers[0].span.line, 4);
        assert!(campaign_facts("c.yml", "campaign:\n  trigger:\n    event: signed_up\n").is_none());
    }
}
