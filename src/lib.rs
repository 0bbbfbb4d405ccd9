//! ciolint: finds Customer.io integration mistakes before they reach production.
//!
//! The pipeline, one module per stage: [`walk`] finds the files that mention Customer.io,
//! `lang` parses each and extracts neutral [`facts`], `link` binds clients across files,
//! [`rules`] judge the facts, and [`report`] renders the findings with the audit score.

pub mod baseline;
pub mod config;
pub mod config_files;
pub mod docs;
pub mod facts;
pub mod fingerprint;
pub mod fix;
pub mod inventory;
pub(crate) mod lang;
pub(crate) mod link;
pub mod model;
pub mod plan;
pub mod report;
pub(crate) mod resolve;
pub mod rules;
pub(crate) mod scope;
pub mod score;
pub mod server;
pub mod suppress;
pub mod templates;
pub mod versions;
pub mod walk;

use crate::facts::FileFacts;
use crate::lang::Parsers;
use crate::rules::Finding;
use rayon::prelude::*;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::PathBuf;

pub use config::Config;
pub use walk::{Overlays, WalkOptions};

/// Extraction recurses over syntax trees; generated code nests deeply, so worker threads
/// get a generous stack (virtual memory: only the pages touched are used).
const WORKER_STACK: usize = 256 << 20;

/// Everything `check` needs to know.
#[derive(Debug, Clone)]
pub struct Options {
    pub walk: WalkOptions,
    /// The config of the checked paths, with `overrides` applied.
    pub config: Config,
    /// Command-line settings, applied to nested configs too.
    pub overrides: config::Overrides,
    /// Whether config files below the checked paths govern their directories (off when a
    /// config is given explicitly).
    pub nested_configs: bool,
}

pub(crate) fn extract_options(config: &Config) -> lang::ExtractOptions {
    lang::ExtractOptions {
        receiver_names: config.receiver_names.clone(),
        handler_decorators: config.handler_decorators.clone(),
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            walk: WalkOptions {
                no_ignore: false,
                threads: default_threads(),
                max_file_size: 2 << 20,
                no_prefilter: false,
                include_generated: false,
                exclude: config::DEFAULT_EXCLUDE
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
                exclude_root: None,
                extra_literals: Vec::new(),
                include_tests: false,
                overlays: walk::Overlays::default(),
            },
            config: Config::default(),
            overrides: config::Overrides::default(),
            nested_configs: true,
        }
    }
}

pub fn default_threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
}

/// A per-file message that is not a finding: a file skipped or only partly analysed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Note {
    pub path: String,
    pub message: String,
}

/// The result of one run.
#[derive(Debug, Clone)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub notes: Vec<Note>,
    /// Problems with the run itself (a path that does not exist).
    pub errors: Vec<String>,
    pub files_scanned: usize,
    pub files_with_customerio: usize,
    pub score: u32,
    /// The paths given, none of which could be scanned.
    pub nothing_scanned: bool,
    /// A config file below the checked paths could not be loaded (listed in `errors`).
    pub invalid_config: bool,
    /// Credential literals per file, masked wherever output shows source text.
    pub secrets: BTreeMap<String, Vec<String>>,
    /// The text each fix was written against, for every file a fix edits: held, or read
    /// again (and checked unchanged) when the fixes are applied.
    pub fix_sources: BTreeMap<String, facts::SourceText>,
}

/// Credential literals a file contains: client arguments and credential-named assignments.
fn secrets_of(facts: &FileFacts) -> Vec<String> {
    let literals = facts
        .clients
        .iter()
        .flat_map(|c| c.credentials.iter().map(|cr| &cr.expr.value))
        .chain(facts.credential_assignments.iter().map(|a| &a.value.value));
    secret_literals(literals)
}

/// The string literals among values, longer than the four characters a message may show.
fn secret_literals<'a>(literals: impl Iterator<Item = &'a facts::Value>) -> Vec<String> {
    let mut out = Vec::new();
    for v in literals {
        for alt in v.alternatives() {
            if let facts::Value::Str(s) = alt
                && s.chars().count() > 4
            {
                out.push(s.clone());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Replace every character of a secret after the fourth with `*`, keeping byte offsets.
pub fn mask_secrets(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_string();
    for secret in secrets {
        if !out.contains(secret.as_str()) {
            continue;
        }
        let masked: String = secret
            .chars()
            .enumerate()
            .map(|(i, c)| {
                if i < 4 {
                    c.to_string()
                } else {
                    "*".repeat(c.len_utf8())
                }
            })
            .collect();
        out = out.replace(secret.as_str(), &masked);
    }
    out
}

thread_local! {
    static PARSERS: RefCell<Parsers> = RefCell::new(Parsers::default());
}

fn extract_all(
    candidates: Vec<walk::Candidate>,
    pool: &rayon::ThreadPool,
    root: &lang::ExtractOptions,
    scopes: &scope::Scopes,
) -> Vec<FileFacts> {
    pool.install(|| {
        candidates
            .into_par_iter()
            .map(|c| {
                let opts = scopes.of(&c.path).map_or(root, |s| &s.extract);
                PARSERS.with(|p| p.borrow_mut().extract(c.grammar, &c.path, &c.bytes, opts))
            })
            .collect()
    })
}

/// Files lowered per step: after each, the project calls no function seen so far can answer
/// are dropped, so that memory holds what the resolver needs rather than every call of
/// every file.
const EXTRACT_CHUNK: usize = 256;

/// A file whose dropped project calls may matter after all, if a later file defines one of
/// their names.
struct Pruned {
    /// Its index in the files lowered so far.
    file: usize,
    /// Where to read it again when its facts hold its text (an editor's buffer); a released
    /// text knows its origin.
    held_origin: Option<PathBuf>,
    grammar: lang::Grammar,
    names: Box<[resolve::NameKey]>,
}

/// Extraction in steps that keeps only the project calls the resolver can follow
/// (see `resolve::prune_unreachable`).
struct Extraction<'a> {
    chunk: usize,
    pool: &'a rayon::ThreadPool,
    root: &'a lang::ExtractOptions,
    scopes: &'a scope::Scopes,
    overlays: &'a walk::Overlays,
    defined: resolve::DefinedNames,
    pruned: Vec<Pruned>,
}

impl Extraction<'_> {
    /// Lower `candidates` and append them to `files`; then lower again, whole, every file of
    /// `files` whose dropped calls name something defined by now.
    fn extend(&mut self, files: &mut Vec<FileFacts>, candidates: Vec<walk::Candidate>) {
        let mut rest = candidates.into_iter().peekable();
        while rest.peek().is_some() {
            let chunk: Vec<walk::Candidate> = rest.by_ref().take(self.chunk).collect();
            let origins: Vec<(PathBuf, lang::Grammar)> = chunk
                .iter()
                .map(|c| (c.origin.clone(), c.grammar))
                .collect();
            let mut facts = extract_all(chunk, self.pool, self.root, self.scopes);
            for f in &facts {
                self.defined.add_file(f);
            }
            let first = files.len();
            for (k, (f, (origin, grammar))) in facts.iter_mut().zip(origins).enumerate() {
                let names = resolve::prune_unreachable(f, &self.defined);
                compact(f);
                self.keep(first + k, f, origin, grammar, names);
            }
            files.extend(facts);
        }
        self.restore(files);
    }

    /// Release a lowered file's text and remember it if its dropped calls may matter later.
    fn keep(
        &mut self,
        file: usize,
        facts: &mut FileFacts,
        origin: PathBuf,
        grammar: lang::Grammar,
        names: Vec<resolve::NameKey>,
    ) {
        let held = self.overlays.get(&origin).is_some();
        let held_origin = held.then(|| origin.clone());
        release_source(facts, origin, self.overlays);
        if !names.is_empty() {
            self.pruned.push(Pruned {
                file,
                held_origin,
                grammar,
                names: names.into_boxed_slice(),
            });
        }
    }

    fn restore(&mut self, files: &mut [FileFacts]) {
        let (again, kept): (Vec<Pruned>, Vec<Pruned>) = std::mem::take(&mut self.pruned)
            .into_iter()
            .partition(|p| p.names.iter().any(|k| self.defined.contains(*k)));
        self.pruned = kept;
        if again.is_empty() {
            return;
        }
        let (origins, candidates): (Vec<_>, Vec<_>) = again
            .into_iter()
            .filter_map(|p| {
                let origin = p
                    .held_origin
                    .or_else(|| files[p.file].source.origin().map(PathBuf::from))?;
                let bytes = self.overlays.read(&origin).ok()?;
                Some((
                    (p.file, origin.clone(), p.grammar),
                    walk::Candidate {
                        path: files[p.file].path.clone(),
                        origin,
                        grammar: p.grammar,
                        bytes,
                    },
                ))
            })
            .unzip();
        let started = std::time::Instant::now();
        let count = candidates.len();
        let facts = extract_all(candidates, self.pool, self.root, self.scopes);
        phase_timing(started, &format!("lowered again {count}"));
        for (mut f, (file, origin, grammar)) in facts.into_iter().zip(origins) {
            // Names still undefined may be defined by files read later still.
            let names = resolve::prune_unreachable(&mut f, &self.defined);
            compact(&mut f);
            self.keep(file, &mut f, origin, grammar, names);
            files[file] = f;
        }
    }
}

/// What a lowered file keeps until the rules are done: only what the resolver follows and
/// the rules read, in lists no longer than they need.
fn compact(facts: &mut FileFacts) {
    facts.drop_unreferenced_loops();
    rules::drop_unread(facts);
    facts.drop_unreferenced_functions(rules::reads_params);
    facts.shrink_to_fit();
}

/// Lowered facts keep no text: the rules and fixes read it again, so that memory holds the
/// facts of every file but the text of only those being checked. An editor's unsaved
/// buffers exist only in memory and stay held.
fn release_source(facts: &mut FileFacts, origin: PathBuf, overlays: &walk::Overlays) {
    if overlays.get(&origin).is_none() {
        facts.source.release(origin);
    }
}

/// What a run knows before any rule judges it: every file's resolved facts, the templates,
/// campaign definitions and configuration files, and what the walk had to say.
pub(crate) struct Analysis {
    pub files: Vec<FileFacts>,
    pub templates: Vec<templates::TemplateFacts>,
    pub campaigns: Vec<templates::CampaignFacts>,
    pub config_facts: Vec<config_files::ConfigFacts>,
    pub notes: Vec<Note>,
    pub discovery: walk::Discovery,
    pub scopes: scope::Scopes,
    pub nothing_scanned: bool,
    pub invalid_config: bool,
    /// Each sub-project's Customer.io SDK versions, from its manifests and lockfiles.
    pub sdk_versions: versions::SdkVersions,
}

/// `CIOLINT_TIMINGS=1` prints where a run spends its time (for profiling).
fn phase_timing(started: std::time::Instant, name: &str) {
    if std::env::var_os("CIOLINT_TIMINGS").is_some() {
        eprintln!(
            "ciolint: {name:<12} {:>8.1} ms{}",
            started.elapsed().as_secs_f64() * 1000.0,
            memory_so_far()
        );
    }
}

/// Resident and peak memory from `/proc/self/status`, where the system has it.
fn memory_so_far() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return String::new();
    };
    let field = |key: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(key))
            .map(|rest| rest.trim().to_string())
    };
    match (field("VmRSS:"), field("VmHWM:")) {
        (Some(rss), Some(peak)) => format!("   rss {rss}, peak {peak}"),
        _ => String::new(),
    }
}

fn worker_pool(options: &Options) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(options.walk.threads.max(1))
        .stack_size(WORKER_STACK)
        .build()
        .expect("thread pool")
}

/// Walk, parse, link and resolve: the facts every rule and the inventory read.
pub(crate) fn analyse(paths: &[PathBuf], options: &Options, pool: &rayon::ThreadPool) -> Analysis {
    analyse_in_chunks(paths, options, pool, EXTRACT_CHUNK)
}

fn analyse_in_chunks(
    paths: &[PathBuf],
    options: &Options,
    pool: &rayon::ThreadPool,
    chunk: usize,
) -> Analysis {
    let mut walk_options = options.walk.clone();
    walk_options.exclude = options.config.exclude_globs();
    walk_options.exclude_root = options.config.root();
    // A file that reaches its client only through a configured receiver name may never name
    // Customer.io.
    walk_options.extra_literals = options.config.receiver_names.clone();
    let started = std::time::Instant::now();
    let phase = |name: &str| phase_timing(started, name);
    let mut discovery = walk::discover(paths, &walk_options);
    let mut manifests = std::mem::take(&mut discovery.manifests);
    manifests.extend(versions::manifests_above(paths));
    let sdk_versions = versions::SdkVersions::build(&manifests);
    phase("walk");
    let nothing_scanned = !paths.is_empty() && discovery.errors.len() == paths.len();
    let mut notes: Vec<Note> = discovery
        .notes
        .iter()
        .map(|(p, m)| Note {
            path: p.clone(),
            message: m.clone(),
        })
        .collect();
    let (scopes, config_errors) = if options.nested_configs {
        scope::Scopes::load(
            &discovery.config_files,
            paths,
            &options.config,
            &options.overrides,
        )
    } else {
        Default::default()
    };
    let invalid_config = !config_errors.is_empty();
    discovery.errors.extend(config_errors);
    if !scopes.is_empty() {
        let kept = |path: &str| scopes.of(path).is_none_or(|s| !s.excludes(path));
        discovery.candidates.retain(|c| kept(&c.path));
        discovery.side.retain(|s| kept(&s.path));
        discovery.configs.retain(|s| kept(&s.path));
    }
    let extract_opts = extract_options(&options.config);
    let parsed = discovery.candidates.len();
    let mut extraction = Extraction {
        chunk: chunk.max(1),
        pool,
        root: &extract_opts,
        scopes: &scopes,
        overlays: &options.walk.overlays,
        defined: Default::default(),
        pruned: Vec::new(),
    };
    let mut files = Vec::with_capacity(parsed);
    extraction.extend(&mut files, std::mem::take(&mut discovery.candidates));
    phase(&format!("parse {parsed}"));
    let mut others = std::mem::take(&mut discovery.others);
    // With every file of the tree parsed already, no other can be brought back.
    if !others.is_empty() {
        // Files that import a client from a project module whose name the prefilter can't know.
        let mut literals = link::rediscovery_literals(&files);
        // Receiver names configured by nested configs (the walk only knew the root's).
        for scope in scopes.iter() {
            for name in &scope.extract.receiver_names {
                if !options.config.receiver_names.contains(name) {
                    for lang in [
                        facts::Language::JavaScript,
                        facts::Language::Python,
                        facts::Language::Ruby,
                        facts::Language::Go,
                    ] {
                        literals.push((lang, name.clone()));
                    }
                }
            }
        }
        // Files that call the project's own Customer.io wrappers never name Customer.io: bring
        // back the importers of wrapper modules, then (for wrappers of wrappers) theirs.
        let (wrapper_literals, mut packages) = resolve::wrapper_literals(&files, 0);
        literals.extend(wrapper_literals);
        literals.extend(rules::rediscovery_literals(&files, &options.config));
        for round in 0..2 {
            literals.sort();
            literals.dedup();
            let (mut extra, read) =
                pool.install(|| walk::rediscover(&others, &literals, &packages, &options.walk));
            if !scopes.is_empty() {
                extra.retain(|c| scopes.of(&c.path).is_none_or(|s| !s.excludes(&c.path)));
            }
            if extra.is_empty() {
                phase(&format!(
                    "rediscover 0 of {} ({} literals, {read} read again)",
                    others.len(),
                    literals.len()
                ));
                break;
            }
            let found: std::collections::HashSet<&str> =
                extra.iter().map(|c| c.path.as_str()).collect();
            others.retain(|o| !found.contains(walk::display_path(&o.path).as_str()));
            let count = extra.len();
            let from = files.len();
            extraction.extend(&mut files, extra);
            phase(&format!(
                "rediscover+parse {count} ({} literals, {read} read again)",
                literals.len()
            ));
            if round == 0 {
                (literals, packages) = resolve::wrapper_literals(&files, from);
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    resolve::map_aliases(&mut files, lang::is_client_name);
    phase("aliases");
    link::link(&mut files);
    phase("link");
    resolve::resolve(&mut files);
    // Calls derived through project functions were appended to lists already cut to size.
    for f in &mut files {
        f.calls.shrink_to_fit();
    }
    phase("resolve");

    for f in &files {
        for n in &f.notes {
            notes.push(Note {
                path: f.path.clone(),
                message: n.clone(),
            });
        }
    }
    let mut templates = Vec::new();
    let mut campaigns = Vec::new();
    let mut theme_roots = std::collections::HashMap::new();
    let mut template_facts = |path: &str, text: &str| {
        let mut t = templates::template_facts(path, text);
        t.web_page = t.web_page
            || (t.uses_customer_liquid
                && templates::in_shopify_theme(std::path::Path::new(path), &mut theme_roots));
        t
    };
    for s in &discovery.side {
        match s.kind {
            templates::SideKind::Template => templates.push(template_facts(&s.path, &s.text)),
            templates::SideKind::MaybeTemplate if templates::is_documentation(&s.path) => {}
            templates::SideKind::MaybeTemplate => {
                let t = template_facts(&s.path, &s.text);
                if t.uses_customer_liquid {
                    templates.push(t);
                }
            }
            templates::SideKind::Campaign => {
                if let Some(c) = templates::campaign_facts(&s.path, &s.text) {
                    campaigns.push(c);
                }
            }
        }
    }
    let config_facts: Vec<config_files::ConfigFacts> = discovery
        .configs
        .iter()
        .map(|c| config_files::config_facts(&c.path, &c.text, c.format))
        .filter(|c| !c.assignments.is_empty())
        .collect();
    Analysis {
        files,
        templates,
        campaigns,
        config_facts,
        notes,
        discovery,
        scopes,
        nothing_scanned,
        invalid_config,
        sdk_versions,
    }
}

/// What each sub-project of the given paths sends to Customer.io (`ciolint inventory`).
pub fn inventory(paths: &[PathBuf], options: &Options) -> (inventory::Inventory, Vec<String>) {
    let pool = worker_pool(options);
    let analysis = analyse(paths, options, &pool);
    let ctx = rules::ProjectCtx {
        files: &analysis.files,
        templates: &analysis.templates,
        campaigns: &analysis.campaigns,
        config: &options.config,
        versions: &analysis.sdk_versions,
        plan: None,
    };
    (inventory::build(&ctx), analysis.discovery.errors)
}

/// Check the given paths and return every finding, sorted.
pub fn check(paths: &[PathBuf], options: &Options) -> Report {
    let started = std::time::Instant::now();
    let pool = worker_pool(options);
    let Analysis {
        files,
        templates,
        campaigns,
        config_facts,
        mut notes,
        discovery,
        scopes,
        nothing_scanned,
        invalid_config,
        sdk_versions,
    } = analyse(paths, options, &pool);
    let mut discovery = discovery;
    let mut invalid_config = invalid_config;
    // The plan is read once per run; without one the plan rules stay silent.
    let plan = match &options.config.plan_file {
        Some(path) => match plan::TrackingPlan::load(path) {
            Ok(p) => Some(p),
            Err(e) => {
                discovery.errors.push(format!("{e:#}"));
                invalid_config = true;
                None
            }
        },
        None => None,
    };
    let config = &options.config;
    let mut findings: Vec<Finding> = pool.install(|| {
        files
            .par_iter()
            .flat_map_iter(|f| {
                rules::check_file(f, scopes.config_for(&f.path, config), &sdk_versions)
            })
            .collect()
    });
    for c in &config_facts {
        findings.extend(rules::check_config_file(
            c,
            scopes.config_for(&c.path, config),
        ));
    }
    let project = rules::ProjectCtx {
        files: &files,
        templates: &templates,
        campaigns: &campaigns,
        config,
        versions: &sdk_versions,
        plan: plan.as_ref(),
    };
    findings.extend(rules::check_project(&project));
    rules::drop_superseded(&mut findings);
    resolve::annotate(&mut findings, &files);
    phase_timing(started, "rules");
    // In-source suppressions, then the report of suppressions that are wrong or stale.
    let suppressions: Vec<(String, Vec<suppress::Suppression>)> = files
        .iter()
        .map(|f| (f.path.clone(), f.suppressions.to_vec()))
        .chain(
            templates
                .iter()
                .map(|t| (t.path.clone(), t.suppressions.clone())),
        )
        .chain(
            campaigns
                .iter()
                .map(|c| (c.path.clone(), c.suppressions.clone())),
        )
        .chain(
            config_facts
                .iter()
                .map(|c| (c.path.clone(), c.suppressions.clone())),
        )
        .filter(|(_, s)| !s.is_empty())
        .collect();
    let secrets: BTreeMap<String, Vec<String>> = files
        .iter()
        .map(|f| (f.path.clone(), secrets_of(f)))
        .chain(config_facts.iter().map(|c| {
            let values = c.assignments.iter().map(|a| &a.value.value);
            (c.path.clone(), secret_literals(values))
        }))
        .filter(|(_, s)| !s.is_empty())
        .collect();
    let files_with_customerio = files
        .iter()
        .filter(|f| !f.calls.is_empty() || !f.clients.is_empty() || !f.sdk_imports.is_empty())
        .count()
        + templates
            .iter()
            .filter(|t| t.uses_customer_liquid && !t.web_page)
            .count()
        + campaigns.len();
    if !suppressions.is_empty() {
        findings = suppress::apply(
            findings,
            &suppressions,
            |id| config.rule_enabled(id),
            |id| rules::find(id).is_some(),
        );
    }
    let mut fix_sources = fix_sources(&findings, &files, &discovery.side, &discovery.configs);
    // What is left to do reads the findings alone: the facts of every file go now.
    drop(files);
    findings.sort_by(|a, b| {
        (&a.path, a.span.line, a.span.column, a.rule, &a.message).cmp(&(
            &b.path,
            b.span.line,
            b.span.column,
            b.rule,
            &b.message,
        ))
    });
    if !scopes.is_empty() {
        findings.retain(|f| {
            scopes
                .of(&f.path)
                .is_none_or(|s| s.reports(&f.path, f.rule))
        });
    }
    let per_file = config.per_file_ignore_set();
    if !per_file.is_empty() {
        let root = config.root().and_then(|r| std::fs::canonicalize(r).ok());
        findings.retain(|f| {
            let relative = root.as_ref().and_then(|r| {
                std::fs::canonicalize(&f.path).ok().and_then(|p| {
                    p.strip_prefix(r)
                        .ok()
                        .map(|x| x.to_string_lossy().replace('\\', "/"))
                })
            });
            scopes.of(&f.path).is_some()
                || !per_file.iter().any(|(set, rules)| {
                    rules.iter().any(|r| r == f.rule)
                        && (set.is_match(&f.path)
                            || relative.as_deref().is_some_and(|p| set.is_match(p)))
                })
        });
    }
    for f in &mut findings {
        if let Some(list) = secrets.get(&f.path) {
            f.message = mask_secrets(&f.message, list);
            // A fix never writes a secret back, and a masked one would write asterisks.
            if f.fix.as_ref().is_some_and(|fix| {
                fix.edits
                    .iter()
                    .any(|e| mask_secrets(&e.content, list) != e.content)
            }) {
                f.fix = None;
            }
            for r in &mut f.related {
                r.message = mask_secrets(&r.message, list);
            }
        }
    }
    findings.dedup_by(|a, b| {
        a.path == b.path && a.span == b.span && a.rule == b.rule && a.message == b.message
    });
    notes.sort();
    notes.dedup();
    // Only the sources of fixes still reported are kept.
    let fixed_paths: std::collections::HashSet<&str> = findings
        .iter()
        .flat_map(|f| f.fix.iter().flat_map(|x| &x.edits))
        .map(|e| e.path.as_str())
        .collect();
    fix_sources.retain(|path, _| fixed_paths.contains(path.as_str()));
    let score = score::audit_score(&findings);
    Report {
        findings,
        notes,
        errors: discovery.errors,
        files_scanned: discovery.files_scanned,
        files_with_customerio,
        score,
        nothing_scanned,
        invalid_config,
        secrets,
        fix_sources,
    }
}

/// The text every fix of the run was computed on, by path: source files keep theirs in their
/// facts (released ones are read again only if the fixes are applied); templates, campaigns
/// and configuration files in the discovery.
fn fix_sources(
    findings: &[Finding],
    files: &[FileFacts],
    side: &[walk::SideCandidate],
    configs: &[walk::ConfigCandidate],
) -> BTreeMap<String, facts::SourceText> {
    let mut out = BTreeMap::new();
    for edit in findings
        .iter()
        .flat_map(|f| f.fix.iter().flat_map(|x| &x.edits))
    {
        if out.contains_key(&edit.path) {
            continue;
        }
        let text: Option<facts::SourceText> = files
            .binary_search_by(|f| f.path.as_str().cmp(&edit.path))
            .ok()
            .map(|i| files[i].source.clone())
            .or_else(|| {
                side.iter()
                    .map(|s| (&s.path, &s.text))
                    .chain(configs.iter().map(|c| (&c.path, &c.text)))
                    .find(|(p, _)| **p == edit.path)
                    .map(|(_, t)| facts::SourceText::held(t.as_str()))
            });
        if let Some(text) = text {
            out.insert(edit.path.clone(), text);
        }
    }
    out
}

/// Check the given paths as [`check`] does, reading the files named in `overlays` from
/// memory instead of disk (an editor's unsaved buffers), so cross-file rules and the resolver
/// see the project as it is being edited.
pub fn check_with_overlays(paths: &[PathBuf], options: &Options, overlays: Overlays) -> Report {
    let mut options = options.clone();
    options.walk.overlays = overlays;
    check(paths, &options)
}

/// The syntax tree of one file, for writing extractors (`ciolint debug-tree FILE`).
pub fn tree_for(path: &std::path::Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(path)?;
    let grammar = lang::grammar_of(path, &bytes)
        .ok_or_else(|| anyhow::anyhow!("{}: not a source file ciolint reads", path.display()))?;
    Ok(lang::debug_tree(grammar, &bytes))
}

/// Fuzzing entry point: extract one file's facts from raw bytes, as a worker thread would
/// (with the same generous stack). Returns how many calls were found.
#[doc(hidden)]
pub fn fuzz_extract(file_name: &str, bytes: &[u8]) -> usize {
    let Some(grammar) = lang::grammar_for(std::path::Path::new(file_name)) else {
        return 0;
    };
    let bytes = bytes.to_vec();
    let name = file_name.to_string();
    std::thread::Builder::new()
        .stack_size(WORKER_STACK)
        .spawn(move || {
            let mut parsers = Parsers::default();
            let facts = parsers.extract(grammar, &name, &bytes, &lang::ExtractOptions::default());
            let mut files = vec![facts];
            link::link(&mut files);
            resolve::resolve(&mut files);
            let findings = rules::check_file(
                &files[0],
                &Config::default(),
                &versions::SdkVersions::default(),
            );
            files[0].calls.len() + findings.len()
        })
        .expect("spawn")
        .join()
        .expect("extraction does not panic")
}

/// Fuzzing entry point for the template and campaign checkers.
#[doc(hidden)]
pub fn fuzz_templates(bytes: &[u8]) -> usize {
    let text = String::from_utf8_lossy(bytes);
    let t = templates::template_facts("fuzz.html", &text);
    let c = templates::campaign_facts("campaigns/fuzz.yml", &text);
    let s = suppress::parse(bytes);
    t.unsubscribe_tags.len()
        + t.unsubscribe_outputs.len()
        + c.map(|c| c.triggers.len()).unwrap_or(0)
        + s.len()
}

/// One fingerprint per finding of a report (see [`fingerprint`]).
pub fn report_fingerprints(report: &Report) -> Vec<String> {
    fingerprint::fingerprints(&report.findings, |p| {
        std::fs::read(p)
            .ok()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    })
}

/// Recompute the score after findings were filtered (baseline).
pub fn rescore(report: &mut Report) {
    report.score = score::audit_score(&report.findings);
}

/// Facts of one file, for debugging extractors (`ciolint debug-facts FILE`).
pub fn facts_for(path: &std::path::Path) -> anyhow::Result<FileFacts> {
    let bytes = std::fs::read(path)?;
    let grammar = lang::grammar_of(path, &bytes)
        .ok_or_else(|| anyhow::anyhow!("{}: not a source file ciolint reads", path.display()))?;
    let mut parsers = Parsers::default();
    Ok(parsers.extract(
        grammar,
        &walk::display_path(path),
        &bytes,
        &lang::ExtractOptions::default(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Facts lowered a file at a time (every wrapper defined after its callers were read, so
    /// their calls are dropped first and restored later) equal facts lowered all at once.
    #[test]
    fn extraction_in_steps_keeps_every_call_the_resolver_follows() {
        let options = Options::default();
        let pool = worker_pool(&options);
        for project in ["javascript", "python", "ruby", "go"] {
            let paths = [PathBuf::from(format!("tests/resolver/{project}"))];
            let facts = |chunk| -> Vec<(String, String)> {
                let a = analyse_in_chunks(&paths, &options, &pool, chunk);
                a.files
                    .iter()
                    .map(|f| (f.path.clone(), serde_json::to_string(f).expect("facts")))
                    .collect()
            };
            let whole = facts(usize::MAX);
            assert!(
                whole.iter().any(|(_, f)| f.contains("\"forwarded\":[{")),
                "{project}: the resolver derived nothing"
            );
            let stepwise = facts(1);
            let differ: Vec<&str> = stepwise
                .iter()
                .zip(&whole)
                .filter(|(a, b)| a != b)
                .map(|(a, _)| a.0.as_str())
                .collect();
            assert!(differ.is_empty(), "facts differ in {differ:?}");
        }
    }

    /// Loops that hold nothing are dropped once a file is lowered; the calls in the others
    /// still find their own loop (throttled or not).
    #[test]
    fn calls_keep_their_loops_when_empty_loops_are_dropped() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("nightly.js"),
            r#"import { TrackClient } from "customerio-node";
const cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY);
export async function nightly(users, rows) {
  for (const row of rows) { console.log(row); }
  for (const u of users) { await sleep(100); await cio.track(u.id, { name: "a" }); }
  for (const u of users) { await cio.identify(u.id, {}); }
}
"#,
        )
        .expect("write");
        let options = Options::default();
        let a = analyse(
            &[dir.path().to_path_buf()],
            &options,
            &worker_pool(&options),
        );
        let f = &a.files[0];
        assert_eq!(f.loops.len(), 2, "the empty loop is dropped");
        let throttled = |method: facts::Method| {
            let call = f.calls.iter().find(|c| c.method == method).expect("call");
            f.loop_ctx(call.loop_id.expect("in a loop"))
                .expect("its loop")
                .throttled
        };
        assert!(throttled(facts::Method::Track));
        assert!(!throttled(facts::Method::Identify));
    }
}
