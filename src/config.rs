//! Settings that change what the rules report: selection, thresholds and rule options.
//! Read from `ciolint.toml` (or the file given with `--config`) and the command line.

use crate::rules::Severity;
use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The event-name style the project follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum NameStyle {
    #[default]
    #[serde(rename = "snake_case")]
    SnakeCase,
    #[serde(rename = "Title Case")]
    TitleCase,
    #[serde(rename = "camelCase")]
    CamelCase,
    #[serde(rename = "kebab-case")]
    KebabCase,
}

impl NameStyle {
    pub fn display(self) -> &'static str {
        match self {
            NameStyle::SnakeCase => "snake_case",
            NameStyle::TitleCase => "Title Case",
            NameStyle::CamelCase => "camelCase",
            NameStyle::KebabCase => "kebab-case",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Config {
    /// Only these rules run (all when `None`).
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub fail_on: Severity,
    /// The event-name style; `None` means `auto`: the project's majority style.
    pub event_name_style: Option<NameStyle>,
    /// The workspace identifies people by e-mail, so an e-mail customer id is intended.
    pub email_as_id: bool,
    /// Glob patterns of templates that are transactional (no unsubscribe link needed).
    pub transactional_templates: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            select: None,
            ignore: Vec::new(),
            fail_on: Severity::Warning,
            event_name_style: Some(NameStyle::SnakeCase),
            email_as_id: false,
            transactional_templates: Vec::new(),
        }
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FileConfig {
    select: Option<Vec<String>>,
    ignore: Option<Vec<String>>,
    fail_on: Option<Severity>,
    #[serde(default)]
    rules: RuleOptions,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RuleOptions {
    #[serde(rename = "event-name-style")]
    event_name_style: Option<EventNameStyleOptions>,
    #[serde(rename = "mutable-customer-id")]
    mutable_customer_id: Option<MutableIdOptions>,
    #[serde(rename = "missing-unsubscribe-link")]
    missing_unsubscribe_link: Option<UnsubscribeOptions>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UnsubscribeOptions {
    /// Glob patterns of transactional templates.
    transactional: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EventNameStyleOptions {
    style: StyleSetting,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum StyleSetting {
    Fixed(NameStyle),
    Auto(AutoKeyword),
}

#[derive(Debug, Deserialize)]
enum AutoKeyword {
    #[serde(rename = "auto")]
    Auto,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct MutableIdOptions {
    email_as_id: bool,
}

impl Config {
    /// Load a `ciolint.toml`; unknown keys are an error naming the key and the file.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("could not read config file {}", path.display()))?;
        let parsed: FileConfig = match toml::from_str(&text) {
            Ok(p) => p,
            Err(e) => bail!("{}: {}", path.display(), e.to_string().trim_end()),
        };
        let mut config = Config {
            select: parsed.select,
            ignore: parsed.ignore.unwrap_or_default(),
            ..Config::default()
        };
        if let Some(f) = parsed.fail_on {
            config.fail_on = f;
        }
        if let Some(o) = parsed.rules.event_name_style {
            config.event_name_style = match o.style {
                StyleSetting::Fixed(s) => Some(s),
                StyleSetting::Auto(AutoKeyword::Auto) => None,
            };
        }
        if let Some(o) = parsed.rules.mutable_customer_id {
            config.email_as_id = o.email_as_id;
        }
        if let Some(o) = parsed.rules.missing_unsubscribe_link {
            config.transactional_templates = o.transactional;
        }
        Ok(config)
    }

    /// Whether a template path matches a configured transactional pattern.
    pub fn is_transactional_template(&self, path: &str) -> bool {
        self.transactional_templates.iter().any(|pat| {
            globset::Glob::new(pat)
                .map(|g| g.compile_matcher().is_match(path))
                .unwrap_or(false)
        })
    }

    pub fn rule_enabled(&self, id: &str) -> bool {
        if self.ignore.iter().any(|r| r == id) {
            return false;
        }
        match &self.select {
            Some(sel) => sel.iter().any(|r| r == id),
            None => true,
        }
    }
}
