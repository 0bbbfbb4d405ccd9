//! The rule registry. Each rule lives in its own file with its metadata (what `ciolint
//! explain` prints), its check over neutral facts, and its unit tests.

pub(crate) mod common;
pub(crate) mod fixes;

mod anonymous_not_merged;
mod attribute_type_drift;
mod blocking_analytics;
mod broadcast_trigger_loop;
mod cio_id_unprefixed;
mod client_per_request;
mod dynamic_event_name;
mod event_name_collision;
mod event_name_style;
mod event_name_too_long;
mod hardcoded_credential;
mod http_client_no_timeout;
mod identify_without_email;
mod identity_split;
mod logout_without_reset;
mod millisecond_timestamp;
mod missing_unsubscribe_link;
mod mutable_customer_id;
mod non_unix_timestamp;
mod pii_in_event_name;
mod pipelines_unflushed;
mod placeholder_customer_id;
mod plan_missing_property;
mod plan_property_type;
mod public_env_secret;
mod region_inconsistent;
mod region_misplaced;
mod roots;
mod sdk_breaking_call_shape;
mod sdk_outdated;
mod sensitive_data_in_payload;
mod server_sdk_in_client_bundle;
mod track_before_identify;
mod transactional_request_invalid;
mod transactional_template_override;
mod trigger_on_identify;
mod unhandled_bounce;
mod unhandled_complaint;
mod unhandled_failure;
mod unplanned_event;
mod unsubscribe_tag_syntax;
mod unthrottled_loop;
mod unverified_webhook;
mod webhook_metrics;
mod wrong_api_key;

pub(crate) use region_inconsistent::region_name as region_of;

use crate::config::Config;
use crate::facts::{FileFacts, FunctionCtx, Span};
use crate::versions::{SdkVersion, SdkVersions};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// Points the audit score loses per (rule, file).
    pub fn weight(self) -> u32 {
        match self {
            Severity::Error => 15,
            Severity::Warning => 5,
            Severity::Info => 1,
        }
    }
}

/// Everything known about a rule besides its check: shown by `rules` and `explain`.
#[derive(Debug)]
pub struct RuleMeta {
    pub id: &'static str,
    pub severity: Severity,
    pub group: &'static str,
    pub summary: &'static str,
    pub languages: &'static [&'static str],
    /// Why it matters, with the Customer.io fact behind it.
    pub why: &'static str,
    pub wrong: &'static str,
    pub right: &'static str,
    /// Where the fact comes from.
    pub source: &'static str,
}

/// Whether `--fix` may apply a fix on its own (as in Ruff): a safe fix keeps what the code
/// means to Customer.io; an unsafe one changes behaviour (an event's name, where a key comes
/// from, what happens on failure) and needs `--unsafe-fixes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    Unsafe,
    Safe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// One text replacement: `content` replaces the bytes of `span` in the file at `path`
/// (an empty span inserts, an empty content deletes).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    pub path: String,
    pub span: Span,
    pub content: String,
}

/// A code change that fixes a finding: its edits are applied together or not at all (an
/// event renamed at every call site, an import added with the expression that needs it).
#[derive(Debug, Clone)]
pub struct Fix {
    pub description: String,
    pub applicability: Applicability,
    /// The first edit replaces the finding's own code.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix that replaces one range of one file.
    pub fn replace(
        applicability: Applicability,
        description: impl Into<String>,
        path: &str,
        span: Span,
        content: impl Into<String>,
    ) -> Fix {
        Fix {
            description: description.into(),
            applicability,
            edits: vec![Edit {
                path: path.to_string(),
                span,
                content: content.into(),
            }],
        }
    }

    /// The text that replaces the finding's code, as shown to the user.
    pub fn replacement(&self) -> &str {
        self.edits.first().map_or("", |e| e.content.as_str())
    }
}

/// Another place a finding refers to.
#[derive(Debug, Clone, Serialize)]
pub struct Related {
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub path: String,
    pub span: Span,
    pub message: String,
    pub fix: Option<Fix>,
    pub related: Vec<Related>,
}

/// What a per-file check sees.
pub struct FileCtx<'a> {
    pub facts: &'a FileFacts,
    /// The file's text, read on the first check that asks for it (most files need none).
    source: std::cell::OnceCell<std::sync::Arc<str>>,
    pub config: &'a Config,
    /// The SDK versions of every sub-project of the run.
    pub versions: &'a SdkVersions,
}

impl FileCtx<'_> {
    /// The text the file's spans point into.
    pub(crate) fn source(&self) -> &str {
        self.source.get_or_init(|| self.facts.source.text())
    }

    /// The version of `sdk` this file runs against, when its manifests say.
    pub(crate) fn sdk_version(&self, sdk: crate::facts::Sdk) -> Option<&SdkVersion> {
        self.versions.for_file(&self.facts.path, sdk)
    }

    pub(crate) fn finding(&self, meta: &RuleMeta, span: Span, message: String) -> Finding {
        Finding {
            rule: meta.id,
            severity: meta.severity,
            path: self.facts.path.clone(),
            span,
            message,
            fix: None,
            related: Vec::new(),
        }
    }
}

/// What a rule looks at: one file's facts, or the whole project's.
pub enum Check {
    File(fn(&FileCtx, &mut Vec<Finding>)),
    Project(fn(&Project, &mut Vec<Finding>)),
    /// Judges the run's manifests (once per sub-project and SDK).
    Manifests(fn(&ManifestCtx, &mut Vec<Finding>)),
    /// Implemented by a stage of the pipeline itself (suppressions).
    Pipeline,
}

pub struct Rule {
    pub meta: &'static RuleMeta,
    pub check: Check,
}

/// Everything a run found, handed to the project-wide rules: every file's facts, templates
/// and campaign definitions. [`check_project`] splits it into [`Project`]s.
pub struct ProjectCtx<'a> {
    pub files: &'a [FileFacts],
    pub templates: &'a [crate::templates::TemplateFacts],
    pub campaigns: &'a [crate::templates::CampaignFacts],
    pub config: &'a Config,
    pub versions: &'a SdkVersions,
    /// The tracking plan the config names, read once for the run.
    pub plan: Option<&'a crate::plan::TrackingPlan>,
}

/// What a manifest check sees: every sub-project's resolved SDK versions.
pub struct ManifestCtx<'a> {
    pub versions: &'a SdkVersions,
    pub config: &'a Config,
}

/// What a project-wide check sees: the files, templates and campaign definitions of one
/// project (those below one project root), so unrelated projects checked in one run are
/// never compared with each other.
pub struct Project<'a> {
    /// The project root: the nearest directory above the files with a manifest
    /// (`package.json`, `pyproject.toml`, `requirements*.txt`, `setup.py`, `Gemfile`,
    /// `go.mod`) or a `.git`; `None` for files with neither above them, which form one project.
    pub root: Option<std::path::PathBuf>,
    pub files: Vec<&'a FileFacts>,
    pub templates: Vec<&'a crate::templates::TemplateFacts>,
    pub campaigns: Vec<&'a crate::templates::CampaignFacts>,
    pub config: &'a Config,
    pub versions: &'a SdkVersions,
    pub plan: Option<&'a crate::plan::TrackingPlan>,
}

impl Project<'_> {
    pub(crate) fn finding(
        &self,
        meta: &RuleMeta,
        path: &str,
        span: Span,
        message: String,
    ) -> Finding {
        Finding {
            rule: meta.id,
            severity: meta.severity,
            path: path.to_string(),
            span,
            message,
            fix: None,
            related: Vec::new(),
        }
    }
}

impl<'a> ProjectCtx<'a> {
    /// The run split by project root, in the order their first files appear.
    pub(crate) fn projects(&self) -> Vec<Project<'a>> {
        let mut roots = roots::ProjectRoots::default();
        let mut projects: Vec<Project<'a>> = Vec::new();
        let mut index: std::collections::HashMap<Option<std::path::PathBuf>, usize> =
            std::collections::HashMap::new();
        let mut project_of = |path: &str, projects: &mut Vec<Project<'a>>| -> usize {
            let root = roots.root_of(path);
            *index.entry(root.clone()).or_insert_with(|| {
                projects.push(Project {
                    root,
                    files: Vec::new(),
                    templates: Vec::new(),
                    campaigns: Vec::new(),
                    config: self.config,
                    versions: self.versions,
                    plan: self.plan,
                });
                projects.len() - 1
            })
        };
        for f in self.files {
            let i = project_of(&f.path, &mut projects);
            projects[i].files.push(f);
        }
        for t in self.templates {
            let i = project_of(&t.path, &mut projects);
            projects[i].templates.push(t);
        }
        for c in self.campaigns {
            let i = project_of(&c.path, &mut projects);
            projects[i].campaigns.push(c);
        }
        projects
    }
}

const JS_TS: &[&str] = &["javascript", "typescript"];
/// Every language with an extractor.
const ALL: &[&str] = &["javascript", "typescript", "python", "ruby", "go"];

/// Every implemented rule, grouped as in the catalogue.
pub static RULES: &[Rule] = &[
    Rule {
        meta: &wrong_api_key::META,
        check: Check::File(wrong_api_key::check),
    },
    Rule {
        meta: &hardcoded_credential::META,
        check: Check::File(hardcoded_credential::check),
    },
    Rule {
        meta: &public_env_secret::META,
        check: Check::File(public_env_secret::check),
    },
    Rule {
        meta: &server_sdk_in_client_bundle::META,
        check: Check::Project(server_sdk_in_client_bundle::check),
    },
    Rule {
        meta: &region_misplaced::META,
        check: Check::File(region_misplaced::check),
    },
    Rule {
        meta: &region_inconsistent::META,
        check: Check::Project(region_inconsistent::check),
    },
    Rule {
        meta: &track_before_identify::META,
        check: Check::File(track_before_identify::check),
    },
    Rule {
        meta: &anonymous_not_merged::META,
        check: Check::Project(anonymous_not_merged::check),
    },
    Rule {
        meta: &logout_without_reset::META,
        check: Check::Project(logout_without_reset::check),
    },
    Rule {
        meta: &mutable_customer_id::META,
        check: Check::File(mutable_customer_id::check),
    },
    Rule {
        meta: &identity_split::META,
        check: Check::Project(identity_split::check),
    },
    Rule {
        meta: &placeholder_customer_id::META,
        check: Check::File(placeholder_customer_id::check),
    },
    Rule {
        meta: &cio_id_unprefixed::META,
        check: Check::File(cio_id_unprefixed::check),
    },
    Rule {
        meta: &dynamic_event_name::META,
        check: Check::File(dynamic_event_name::check),
    },
    Rule {
        meta: &pii_in_event_name::META,
        check: Check::File(pii_in_event_name::check),
    },
    Rule {
        meta: &event_name_style::META,
        check: Check::Project(event_name_style::check),
    },
    Rule {
        meta: &event_name_collision::META,
        check: Check::Project(event_name_collision::check),
    },
    Rule {
        meta: &event_name_too_long::META,
        check: Check::File(event_name_too_long::check),
    },
    Rule {
        meta: &millisecond_timestamp::META,
        check: Check::File(millisecond_timestamp::check),
    },
    Rule {
        meta: &non_unix_timestamp::META,
        check: Check::File(non_unix_timestamp::check),
    },
    Rule {
        meta: &identify_without_email::META,
        check: Check::Project(identify_without_email::check),
    },
    Rule {
        meta: &attribute_type_drift::META,
        check: Check::Project(attribute_type_drift::check),
    },
    Rule {
        meta: &sensitive_data_in_payload::META,
        check: Check::File(sensitive_data_in_payload::check),
    },
    Rule {
        meta: &missing_unsubscribe_link::META,
        check: Check::Project(missing_unsubscribe_link::check),
    },
    Rule {
        meta: &unsubscribe_tag_syntax::META,
        check: Check::Project(unsubscribe_tag_syntax::check),
    },
    Rule {
        meta: &trigger_on_identify::META,
        check: Check::Project(trigger_on_identify::check),
    },
    Rule {
        meta: &unverified_webhook::META,
        check: Check::Project(unverified_webhook::check),
    },
    Rule {
        meta: &unhandled_bounce::META,
        check: Check::Project(unhandled_bounce::check),
    },
    Rule {
        meta: &unhandled_complaint::META,
        check: Check::Project(unhandled_complaint::check),
    },
    Rule {
        meta: &client_per_request::META,
        check: Check::File(client_per_request::check),
    },
    Rule {
        meta: &blocking_analytics::META,
        check: Check::File(blocking_analytics::check),
    },
    Rule {
        meta: &unthrottled_loop::META,
        check: Check::File(unthrottled_loop::check),
    },
    Rule {
        meta: &unhandled_failure::META,
        check: Check::File(unhandled_failure::check),
    },
    Rule {
        meta: &pipelines_unflushed::META,
        check: Check::File(pipelines_unflushed::check),
    },
    Rule {
        meta: &transactional_template_override::META,
        check: Check::File(transactional_template_override::check),
    },
    Rule {
        meta: &broadcast_trigger_loop::META,
        check: Check::File(broadcast_trigger_loop::check),
    },
    Rule {
        meta: &transactional_request_invalid::META,
        check: Check::File(transactional_request_invalid::check),
    },
    Rule {
        meta: &sdk_breaking_call_shape::META,
        check: Check::File(sdk_breaking_call_shape::check),
    },
    Rule {
        meta: &http_client_no_timeout::META,
        check: Check::Project(http_client_no_timeout::check),
    },
    Rule {
        meta: &sdk_outdated::META,
        check: Check::Manifests(sdk_outdated::check),
    },
    Rule {
        meta: &unplanned_event::META,
        check: Check::Project(unplanned_event::check),
    },
    Rule {
        meta: &plan_property_type::META,
        check: Check::Project(plan_property_type::check),
    },
    Rule {
        meta: &plan_missing_property::META,
        check: Check::Project(plan_missing_property::check),
    },
    Rule {
        meta: &crate::suppress::META,
        check: Check::Pipeline,
    },
];

/// Literals of files some enabled rule needs although they never mention Customer.io,
/// given what the files found so far say (a project that identifies people in the browser
/// needs its logout code, wherever it is).
pub(crate) fn rediscovery_literals(
    files: &[FileFacts],
    config: &Config,
) -> Vec<(crate::facts::Language, String)> {
    let mut out = Vec::new();
    if config.rule_enabled(wrong_api_key::META.id) {
        out.extend(wrong_api_key::rediscovery_literals(files));
    }
    if config.rule_enabled(logout_without_reset::META.id)
        && files.iter().any(logout_without_reset::identifies_on_device)
    {
        out.extend(
            logout_without_reset::LOGOUT_LITERALS
                .iter()
                .map(|l| (crate::facts::Language::JavaScript, l.to_string())),
        );
    }
    out
}

pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.meta.id == id)
}

/// Drop what lowering recorded that no rule reads, once the file is lowered: facts of every
/// file stay in memory until the rules are done.
pub(crate) fn drop_unread(facts: &mut FileFacts) {
    logout_without_reset::retain_read_invocations(facts);
}

/// Whether a rule reads the parameters of a function no call of the file sits in: a
/// logout reducer (`function logout(state, action)`) is one by its parameters.
pub(crate) fn reads_params(function: &FunctionCtx) -> bool {
    function
        .name
        .as_deref()
        .is_some_and(logout_without_reset::is_logout_name)
}

/// Run every enabled rule over one file's facts.
pub fn check_file(facts: &FileFacts, config: &Config, versions: &SdkVersions) -> Vec<Finding> {
    let ctx = FileCtx {
        facts,
        source: std::cell::OnceCell::new(),
        config,
        versions,
    };
    let mut out = Vec::new();
    for rule in RULES {
        if let Check::File(check) = rule.check
            && config.rule_enabled(rule.meta.id)
        {
            check(&ctx, &mut out);
        }
    }
    out
}

/// Run the rules that also read committed configuration files over one of them.
pub fn check_config_file(
    facts: &crate::config_files::ConfigFacts,
    config: &Config,
) -> Vec<Finding> {
    let mut out = Vec::new();
    if config.rule_enabled(hardcoded_credential::META.id) {
        hardcoded_credential::check_config(facts, &mut out);
    }
    out
}

/// Run every enabled project-wide rule, once per project root of the run.
pub fn check_project(ctx: &ProjectCtx) -> Vec<Finding> {
    let mut out = Vec::new();
    let manifests = ManifestCtx {
        versions: ctx.versions,
        config: ctx.config,
    };
    for rule in RULES {
        if let Check::Manifests(check) = rule.check
            && ctx.config.rule_enabled(rule.meta.id)
        {
            check(&manifests, &mut out);
        }
    }
    let enabled: Vec<_> = RULES
        .iter()
        .filter_map(|rule| match rule.check {
            Check::Project(check) if ctx.config.rule_enabled(rule.meta.id) => Some(check),
            _ => None,
        })
        .collect();
    if enabled.is_empty() {
        return out;
    }
    for project in ctx.projects() {
        for check in &enabled {
            check(&project, &mut out);
        }
    }
    out
}

/// `(a, b)`: where rule `a` reports a line, rule `b` stays silent on it, because `a` names the
/// same mistake with more of its consequence.
const SUPERSEDES: &[(&str, &str)] = &[("identity-split", "mutable-customer-id")];

/// Drop the findings another rule's finding on the same line supersedes.
pub(crate) fn drop_superseded(findings: &mut Vec<Finding>) {
    let winners: std::collections::HashSet<(&'static str, String, u32)> = findings
        .iter()
        .filter_map(|f| {
            SUPERSEDES
                .iter()
                .find(|(a, _)| *a == f.rule)
                .map(|(_, b)| (*b, f.path.clone(), f.span.line))
        })
        .collect();
    if winners.is_empty() {
        return;
    }
    findings.retain(|f| !winners.contains(&(f.rule, f.path.clone(), f.span.line)));
}

/// The text `ciolint explain RULE` prints.
pub fn explain(meta: &RuleMeta) -> String {
    let indent = |s: &str| s.lines().map(|l| format!("    {l}\n")).collect::<String>();
    format!(
        "{id} ({sev}, {group})\n\n{summary}\n\nWhy\n{why}\n\nWrong\n{wrong}\nRight\n{right}\nLanguages: {langs}\nSource: {source}\n",
        id = meta.id,
        sev = meta.severity.as_str(),
        group = meta.group,
        summary = meta.summary,
        why = textwrap(meta.why, 88),
        wrong = indent(meta.wrong),
        right = indent(meta.right),
        langs = meta.languages.join(", "),
        source = meta.source,
    )
}

fn textwrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line_len = 0;
    for word in text.split_whitespace() {
        if line_len > 0 && line_len + 1 + word.len() > width {
            out.push('\n');
            line_len = 0;
        } else if line_len > 0 {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += word.len();
    }
    out
}
