//! Settings that change what the rules report: selection, exclusions, thresholds and rule
//! options. Read from `ciolint.toml` or `[tool.ciolint]` in `pyproject.toml`, discovered from
//! the checked path upward (the closest file wins, as in Ruff), then the command line.

use crate::rules::Severity;
use anyhow::{Context, Result, bail};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The event-name style the project follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum NameStyle {
    #[default]
    #[serde(rename = "snake_case")]
    SnakeCase,
    #[serde(rename = "Title Case")]
    TitleCase,
    /// `Signed up`, `Logged in`: the first word capitalised, the others lower-case.
    #[serde(rename = "Sentence case")]
    SentenceCase,
    #[serde(rename = "camelCase")]
    CamelCase,
    #[serde(rename = "PascalCase")]
    PascalCase,
    #[serde(rename = "kebab-case")]
    KebabCase,
    /// `signed up`, `new customer`: lower-case words separated by spaces.
    #[serde(rename = "lower case")]
    LowerCase,
}

impl NameStyle {
    /// Every style, in the order a tie between project majorities is broken (snake_case
    /// first).
    pub const ALL: [NameStyle; 7] = [
        NameStyle::SnakeCase,
        NameStyle::TitleCase,
        NameStyle::SentenceCase,
        NameStyle::CamelCase,
        NameStyle::PascalCase,
        NameStyle::KebabCase,
        NameStyle::LowerCase,
    ];

    pub fn display(self) -> &'static str {
        match self {
            NameStyle::SnakeCase => "snake_case",
            NameStyle::TitleCase => "Title Case",
            NameStyle::SentenceCase => "Sentence case",
            NameStyle::CamelCase => "camelCase",
            NameStyle::PascalCase => "PascalCase",
            NameStyle::KebabCase => "kebab-case",
            NameStyle::LowerCase => "lower case",
        }
    }
}

/// Directories no one wants scanned: dependencies, builds, virtualenvs.
pub const DEFAULT_EXCLUDE: &[&str] = &[
    "node_modules",
    "bower_components",
    "vendor",
    ".venv",
    "venv",
    "__pycache__",
    "dist",
    "build",
    "target",
    ".next",
    ".git",
];

#[derive(Debug, Clone, Serialize)]
pub struct Config {
    /// The file these settings came from, if any.
    pub source: Option<PathBuf>,
    /// Only these rules run (all when `None`).
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    /// Paths or globs not to scan (replaces the default list).
    pub exclude: Vec<String>,
    /// More paths or globs not to scan, on top of `exclude`.
    pub extend_exclude: Vec<String>,
    /// Glob → rules not reported in matching files.
    pub per_file_ignores: BTreeMap<String, Vec<String>>,
    pub fail_on: Severity,
    /// The event-name style; `None` (the default) means `auto`: the style of most of the
    /// project's distinct event names.
    pub event_name_style: Option<NameStyle>,
    /// The workspace identifies people by e-mail, so an e-mail customer id is intended.
    pub email_as_id: bool,
    /// Glob patterns of templates that are transactional (no unsubscribe link needed).
    pub transactional_templates: Vec<String>,
    /// More receiver names that always hold a Customer.io client (`analyticsClient`).
    pub receiver_names: Vec<String>,
    /// More decorators/wrappers that make a function a request handler (`api_route`, `withApi`).
    pub handler_decorators: Vec<String>,
    /// The tracking plan `check` enforces (`[plan] file`), relative to the config file.
    pub plan_file: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            source: None,
            select: None,
            ignore: Vec::new(),
            exclude: DEFAULT_EXCLUDE.iter().map(|s| s.to_string()).collect(),
            extend_exclude: Vec::new(),
            per_file_ignores: BTreeMap::new(),
            fail_on: Severity::Warning,
            event_name_style: None,
            email_as_id: false,
            transactional_templates: Vec::new(),
            receiver_names: Vec::new(),
            handler_decorators: Vec::new(),
            plan_file: None,
        }
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FileConfig {
    select: Option<Vec<String>>,
    ignore: Option<Vec<String>>,
    exclude: Option<Vec<String>>,
    extend_exclude: Option<Vec<String>>,
    per_file_ignores: Option<BTreeMap<String, Vec<String>>>,
    fail_on: Option<Severity>,
    #[serde(default)]
    settings: Settings,
    #[serde(default)]
    rules: RuleOptions,
    plan: Option<PlanSettings>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanSettings {
    /// The tracking plan's JSON file (`ciolint plan init` writes one).
    file: PathBuf,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Settings {
    #[serde(default)]
    receiver_names: Vec<String>,
    #[serde(default)]
    handler_decorators: Vec<String>,
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UnsubscribeOptions {
    /// Glob patterns of transactional templates.
    transactional: Vec<String>,
}

/// Settings given on the command line, which win over every config file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub fail_on: Option<Severity>,
}

impl Config {
    /// Apply command-line settings on top of this file's.
    pub fn apply_overrides(&mut self, overrides: &Overrides) {
        if let Some(sel) = &overrides.select {
            self.select = Some(sel.clone());
        }
        self.ignore.extend(overrides.ignore.iter().cloned());
        if let Some(f) = overrides.fail_on {
            self.fail_on = f;
        }
    }

    /// Load a `ciolint.toml` or a `pyproject.toml` (its `[tool.ciolint]` table). Unknown keys
    /// are an error that names the key and the file.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("could not read config file {}", path.display()))?;
        let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
        let parsed: FileConfig = if is_pyproject {
            let table: toml::Table = toml::from_str(&text)
                .map_err(|e| anyhow::anyhow!("{}: {}", path.display(), e.to_string().trim_end()))?;
            let section = table
                .get("tool")
                .and_then(|t| t.get("ciolint"))
                .cloned()
                .unwrap_or_else(|| toml::Value::Table(toml::Table::new()));
            match section.try_into() {
                Ok(p) => p,
                Err(e) => bail!(
                    "{} [tool.ciolint]: {}",
                    path.display(),
                    e.to_string().trim_end()
                ),
            }
        } else {
            match toml::from_str(&text) {
                Ok(p) => p,
                Err(e) => bail!("{}: {}", path.display(), e.to_string().trim_end()),
            }
        };
        let mut config = Config {
            source: Some(path.to_path_buf()),
            select: parsed.select,
            ignore: parsed.ignore.unwrap_or_default(),
            ..Config::default()
        };
        if let Some(e) = parsed.exclude {
            config.exclude = e;
        }
        config.extend_exclude = parsed.extend_exclude.unwrap_or_default();
        config.per_file_ignores = parsed.per_file_ignores.unwrap_or_default();
        if let Some(f) = parsed.fail_on {
            config.fail_on = f;
        }
        config.receiver_names = parsed.settings.receiver_names;
        config.handler_decorators = parsed.settings.handler_decorators;
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
        if let Some(plan) = parsed.plan {
            let dir = path.parent().unwrap_or(Path::new(""));
            config.plan_file = Some(dir.join(plan.file));
        }
        for id in config
            .select
            .iter()
            .flatten()
            .chain(&config.ignore)
            .chain(config.per_file_ignores.values().flatten())
        {
            if crate::rules::find(id).is_none() {
                bail!(
                    "{}: unknown rule `{id}`; `ciolint rules` lists the rule ids",
                    path.display()
                );
            }
        }
        Ok(config)
    }

    /// The configuration for a checked path: the closest `ciolint.toml`, or `pyproject.toml`
    /// with a `[tool.ciolint]` table, in the path's directory or above it.
    pub fn discover(start: &Path) -> Result<Config> {
        let abs = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
        let mut dir = if abs.is_dir() {
            Some(abs.as_path())
        } else {
            abs.parent()
        };
        while let Some(d) = dir {
            let own = d.join("ciolint.toml");
            if own.is_file() {
                return Config::load(&own);
            }
            let py = d.join("pyproject.toml");
            if py.is_file()
                && std::fs::read_to_string(&py).is_ok_and(|t| t.contains("[tool.ciolint"))
            {
                return Config::load(&py);
            }
            dir = d.parent();
        }
        Ok(Config::default())
    }

    /// Directory the config's globs are relative to.
    pub fn root(&self) -> Option<PathBuf> {
        self.source
            .as_ref()
            .and_then(|s| s.parent().map(Path::to_path_buf))
    }

    /// Whether a template path matches a configured transactional pattern.
    pub fn is_transactional_template(&self, path: &str) -> bool {
        self.transactional_templates.iter().any(|pat| {
            Glob::new(pat)
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

    /// Globs of paths not to scan, as `ignore` override patterns.
    pub fn exclude_globs(&self) -> Vec<String> {
        self.exclude
            .iter()
            .chain(&self.extend_exclude)
            .cloned()
            .collect()
    }

    /// Rules ignored for one file by `per-file-ignores`.
    pub fn per_file_ignore_set(&self) -> Vec<(GlobSet, Vec<String>)> {
        self.per_file_ignores
            .iter()
            .filter_map(|(pat, rules)| {
                let mut b = GlobSetBuilder::new();
                b.add(Glob::new(pat).ok()?);
                // A bare directory name also matches everything below it.
                if !pat.contains('*')
                    && let Ok(g) = Glob::new(&format!("{}/**", pat.trim_end_matches('/')))
                {
                    b.add(g);
                }
                Some((b.build().ok()?, rules.clone()))
            })
            .collect()
    }

    /// The resolved settings, as `ciolint config` prints them.
    pub fn to_toml(&self) -> String {
        let mut t = toml::Table::new();
        let list = |v: &[String]| {
            toml::Value::Array(v.iter().map(|s| toml::Value::String(s.clone())).collect())
        };
        if let Some(s) = &self.source {
            t.insert(
                "# source".into(),
                toml::Value::String(s.display().to_string()),
            );
        }
        t.insert(
            "select".into(),
            match &self.select {
                Some(s) => list(s),
                None => list(
                    &crate::rules::RULES
                        .iter()
                        .map(|r| r.meta.id.to_string())
                        .collect::<Vec<_>>(),
                ),
            },
        );
        t.insert("ignore".into(), list(&self.ignore));
        t.insert("exclude".into(), list(&self.exclude));
        t.insert("extend-exclude".into(), list(&self.extend_exclude));
        let mut pfi = toml::Table::new();
        for (k, v) in &self.per_file_ignores {
            pfi.insert(k.clone(), list(v));
        }
        t.insert("per-file-ignores".into(), toml::Value::Table(pfi));
        t.insert(
            "fail-on".into(),
            toml::Value::String(self.fail_on.as_str().into()),
        );
        let mut settings = toml::Table::new();
        settings.insert("receiver-names".into(), list(&self.receiver_names));
        settings.insert("handler-decorators".into(), list(&self.handler_decorators));
        t.insert("settings".into(), toml::Value::Table(settings));
        let mut rules = toml::Table::new();
        let mut style = toml::Table::new();
        style.insert(
            "style".into(),
            toml::Value::String(
                self.event_name_style
                    .map(|s| s.display().to_string())
                    .unwrap_or_else(|| "auto".into()),
            ),
        );
        rules.insert("event-name-style".into(), toml::Value::Table(style));
        let mut mid = toml::Table::new();
        mid.insert("email-as-id".into(), toml::Value::Boolean(self.email_as_id));
        rules.insert("mutable-customer-id".into(), toml::Value::Table(mid));
        let mut unsub = toml::Table::new();
        unsub.insert("transactional".into(), list(&self.transactional_templates));
        rules.insert("missing-unsubscribe-link".into(), toml::Value::Table(unsub));
        t.insert("rules".into(), toml::Value::Table(rules));
        if let Some(file) = &self.plan_file {
            let mut plan = toml::Table::new();
            plan.insert(
                "file".into(),
                toml::Value::String(file.display().to_string()),
            );
            t.insert("plan".into(), toml::Value::Table(plan));
        }
        let text = toml::to_string_pretty(&t).unwrap_or_default();
        // The source line is a comment, not a key.
        text.lines()
            .map(|l| match l.strip_prefix("\"# source\" = ") {
                Some(v) => format!("# source: {}", v.trim_matches('"')),
                None => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"
    }
}
