//! The `ciolint` command line: parse arguments, call the library, render, exit.

use anyhow::{Context, Result};
use ciolint::fix::FixOptions;
use ciolint::report::text::TextOptions;
use ciolint::rules::{RULES, Severity};
use ciolint::{Config, Options};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Give freed pages back at once: a run's memory is what its facts hold, not what parsing
/// and lowering let go of on the way (peak memory on a large tree fell by a tenth, at no cost
/// in time). On Linux, one arena per CPU rather than four: the facts the workers build are
/// spread over fewer, fuller arenas (4 MB less at 16,000 files on 2 CPUs, no slower).
#[cfg(all(not(target_env = "msvc"), target_os = "linux"))]
#[unsafe(export_name = "_rjem_malloc_conf")]
static JEMALLOC_CONF: MallocConf =
    MallocConf(c"dirty_decay_ms:0,muzzy_decay_ms:0,percpu_arena:percpu".as_ptr());

#[cfg(all(not(target_env = "msvc"), not(target_os = "linux")))]
#[unsafe(export_name = "_rjem_malloc_conf")]
static JEMALLOC_CONF: MallocConf = MallocConf(c"dirty_decay_ms:0,muzzy_decay_ms:0".as_ptr());

/// jemalloc reads its options from a C `const char *` of this name.
#[cfg(not(target_env = "msvc"))]
#[repr(transparent)]
struct MallocConf(*const std::ffi::c_char);

// The pointer is to a string literal: immutable and valid for the whole run.
#[cfg(not(target_env = "msvc"))]
unsafe impl Sync for MallocConf {}

#[derive(Parser)]
#[command(
    name = "ciolint",
    version,
    about = "Find Customer.io integration mistakes before they reach production"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check files and directories (default: the current directory).
    Check(CheckArgs),
    /// List the rules: id, severity, group and a one-line summary.
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        /// Write one Markdown page per rule into this directory instead.
        #[arg(long, value_name = "DIR")]
        docs: Option<PathBuf>,
    },
    /// Print the configuration that applies to a path (default: the current directory).
    Config {
        path: Option<PathBuf>,
        /// Read this file instead of discovering one.
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Explain a rule: why it matters, the wrong and the right code, and the fact behind it.
    Explain { rule: String },
    /// Run the language server over stdio, for editors (see editors/README.md).
    Server,
    /// List what each sub-project sends to Customer.io: SDKs, clients, events with their
    /// call sites and property types, person attributes, webhooks and templates.
    Inventory {
        #[command(flatten)]
        scan: ScanArgs,
        #[arg(long, value_enum, default_value_t = InventoryFormat::Text)]
        format: InventoryFormat,
    },
    /// Write a tracking plan from the code, or compare the code with one.
    #[command(subcommand)]
    Plan(PlanCommand),
    /// Print the neutral facts extracted from one file (for extractor debugging).
    #[command(hide = true)]
    DebugFacts { path: PathBuf },
    /// Print the prefilter literals, one per line (for benchmarks).
    #[command(hide = true)]
    DebugLiterals,
    /// Print the syntax tree of one file (for extractor development).
    #[command(hide = true)]
    DebugTree { path: PathBuf },
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Sarif,
    Github,
}

#[derive(Subcommand)]
enum PlanCommand {
    /// Write a tracking plan (one JSON Schema per event and one for person attributes)
    /// from what the code sends.
    Init {
        #[command(flatten)]
        scan: ScanArgs,
        /// Where to write it (default: the config's [plan] file, else tracking-plan.json).
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace an existing plan file.
        #[arg(long)]
        force: bool,
    },
    /// Show what the code sends that the plan lacks, and what the plan has that the code
    /// never sends; exit 1 when they differ.
    Diff {
        #[command(flatten)]
        scan: ScanArgs,
        /// The plan to compare with (default: the config's [plan] file).
        #[arg(long, value_name = "FILE")]
        plan: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
}

/// The paths and walk settings of a command that reads the code without judging it.
#[derive(clap::Args)]
struct ScanArgs {
    /// Files or directories to read (default: the current directory).
    paths: Vec<PathBuf>,
    /// Read settings from this file (default: the closest ciolint.toml or pyproject.toml
    /// [tool.ciolint] at or above the first path).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Do not honour .gitignore and similar files; include hidden files.
    #[arg(long)]
    no_ignore: bool,
    /// Read test files too (skipped by default, as in `check`).
    #[arg(long)]
    include_tests: bool,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum InventoryFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ListFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Files or directories to check.
    paths: Vec<PathBuf>,
    /// Output format (default: text, or github when GITHUB_ACTIONS=true).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write the report to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output_file: Option<PathBuf>,
    /// Record today's findings in FILE and exit 0.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Hide the findings recorded in FILE; report only new ones (and stale entries).
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    baseline: Option<PathBuf>,
    /// Only run these rules (comma-separated ids).
    #[arg(long, value_delimiter = ',')]
    select: Option<Vec<String>>,
    /// Skip these rules (comma-separated ids).
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// Exit with 1 when a finding at or above this severity remains (default: warning).
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Read settings from this file (default: the closest ciolint.toml or pyproject.toml
    /// [tool.ciolint] at or above the first path).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Do not honour .gitignore and similar files; include hidden files.
    #[arg(long)]
    no_ignore: bool,
    /// Worker threads (default: the number of CPUs).
    #[arg(long)]
    threads: Option<usize>,
    /// Only print findings, one per line, and the summary.
    #[arg(long, short)]
    quiet: bool,
    /// Skip files larger than this many bytes (default: 2 MiB).
    #[arg(long)]
    max_file_size: Option<u64>,
    /// Check minified and generated files too (skipped with a note by default).
    #[arg(long)]
    include_generated: bool,
    /// Check test files too (`*_test.go`, `*.spec.ts`, `test_*.py`, `*_spec.rb`, files
    /// under `test/`, `spec/`, `__tests__/`), which are skipped by default.
    #[arg(long)]
    include_tests: bool,
    /// Parse every source file, not only those that mention Customer.io.
    #[arg(long, hide = true)]
    no_prefilter: bool,
    /// Apply safe fixes in place, then report what is left.
    #[arg(long, conflicts_with_all = ["write_baseline", "baseline"])]
    fix: bool,
    /// With --fix or --diff: also apply the fixes that change behaviour (event names,
    /// credentials read from the environment, failure handling).
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print a unified diff of what --fix would change and change nothing; exit 1 when there
    /// is something to fix, 0 otherwise.
    #[arg(long, conflicts_with_all = ["write_baseline", "baseline"])]
    diff: bool,
}

/// Parsing allocates and frees a node at a time; the C library's allocator spent about one
/// instruction in twelve of a run on it. tree-sitter takes jemalloc's functions instead.
#[cfg(not(target_env = "msvc"))]
fn parse_with_jemalloc() {
    use tikv_jemalloc_sys as je;
    // SAFETY: called first thing in `main`, before any tree-sitter object exists, with the
    // four functions of one allocator (jemalloc's malloc family returns libc alignment).
    unsafe {
        tree_sitter::set_allocator(Some(tree_sitter::Allocator {
            malloc: je::malloc,
            calloc: je::calloc,
            realloc: je::realloc,
            free: je::free,
        }));
    }
}

fn main() -> ExitCode {
    #[cfg(not(target_env = "msvc"))]
    parse_with_jemalloc();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("ciolint: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn write_stdout(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Check(args) => check(args),
        Command::Rules { format, docs } => {
            match docs {
                Some(dir) => {
                    let written = ciolint::docs::write_all(&dir)?;
                    write_stdout(&format!(
                        "Wrote {written} rule pages to {}\n",
                        dir.display()
                    ))?;
                }
                None => write_stdout(&list_rules(format))?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Config { path, config } => {
            let config = match config {
                Some(c) => Config::load(&c)?,
                None => Config::discover(&path.unwrap_or_else(|| PathBuf::from(".")))?,
            };
            write_stdout(&config.to_toml())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { rule } => match ciolint::rules::find(&rule) {
            Some(r) => {
                write_stdout(&ciolint::rules::explain(r.meta))?;
                Ok(ExitCode::SUCCESS)
            }
            None => {
                eprintln!(
                    "ciolint: error: unknown rule `{rule}`; `ciolint rules` lists the {} rules",
                    RULES.len()
                );
                Ok(ExitCode::from(2))
            }
        },
        Command::Server => Ok(if ciolint::server::run()? {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        }),
        Command::Inventory { scan, format } => {
            let (paths, options) = scan_options(&scan)?;
            let inventory = run_inventory(&paths, &options)?;
            write_stdout(&match format {
                InventoryFormat::Text => ciolint::inventory::render::text(&inventory),
                InventoryFormat::Json => ciolint::inventory::render::json(&inventory),
                InventoryFormat::Markdown => ciolint::inventory::render::markdown(&inventory),
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Plan(PlanCommand::Init {
            scan,
            output,
            force,
        }) => plan_init(&scan, output, force),
        Command::Plan(PlanCommand::Diff { scan, plan, format }) => {
            let (paths, options) = scan_options(&scan)?;
            let Some(plan_path) = plan.or_else(|| options.config.plan_file.clone()) else {
                anyhow::bail!(
                    "no tracking plan given: pass --plan FILE or set [plan] file = \"tracking-plan.json\" in ciolint.toml (`ciolint plan init` writes one)"
                );
            };
            let plan = ciolint::plan::TrackingPlan::load(&plan_path)?;
            let inventory = run_inventory(&paths, &options)?;
            let diff = ciolint::plan::diff(&plan, &inventory);
            write_stdout(&match format {
                ListFormat::Text => diff.text(),
                ListFormat::Json => serde_json::to_string_pretty(&diff)? + "\n",
            })?;
            Ok(if diff.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::DebugLiterals => {
            write_stdout(&(ciolint::walk::prefilter_literals().join("\n") + "\n"))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::DebugTree { path } => {
            write_stdout(&ciolint::tree_for(&path)?)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::DebugFacts { path } => {
            let facts = ciolint::facts_for(&path)?;
            write_stdout(&(serde_json::to_string_pretty(&facts)? + "\n"))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn scan_options(scan: &ScanArgs) -> Result<(Vec<PathBuf>, Options)> {
    let paths = if scan.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        scan.paths.clone()
    };
    let config = match &scan.config {
        Some(path) => Config::load(path)?,
        None => Config::discover(&paths[0])?,
    };
    let mut options = Options {
        config,
        nested_configs: scan.config.is_none(),
        ..Options::default()
    };
    options.walk.no_ignore = scan.no_ignore;
    options.walk.include_tests = scan.include_tests;
    Ok((paths, options))
}

fn run_inventory(paths: &[PathBuf], options: &Options) -> Result<ciolint::inventory::Inventory> {
    let (inventory, errors) = ciolint::inventory(paths, options);
    for e in &errors {
        eprintln!("ciolint: error: {e}");
    }
    if !errors.is_empty() && errors.len() >= paths.len() {
        anyhow::bail!("nothing to read");
    }
    Ok(inventory)
}

fn plan_init(scan: &ScanArgs, output: Option<PathBuf>, force: bool) -> Result<ExitCode> {
    let (paths, options) = scan_options(scan)?;
    let configured = options.config.plan_file.clone();
    let target = output
        .or_else(|| configured.clone())
        .unwrap_or_else(|| PathBuf::from("tracking-plan.json"));
    if target.exists() && !force {
        anyhow::bail!(
            "{} already exists; pass --force to replace it, or `ciolint plan diff` to compare it with the code",
            target.display()
        );
    }
    let inventory = run_inventory(&paths, &options)?;
    let plan = ciolint::plan::init(&inventory);
    let events = plan["events"].as_object().map_or(0, |m| m.len());
    let attributes = plan["person"]["properties"]
        .as_object()
        .map_or(0, |m| m.len());
    std::fs::write(&target, serde_json::to_string_pretty(&plan)? + "\n")
        .with_context(|| format!("writing the tracking plan to {}", target.display()))?;
    eprintln!(
        "ciolint: wrote {events} event(s) and {attributes} person attribute(s) to {}",
        target.display()
    );
    if configured.as_deref() != Some(target.as_path()) {
        eprintln!(
            "ciolint: to enforce it, add to ciolint.toml:\n\n[plan]\nfile = \"{}\"\n",
            target.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn list_rules(format: ListFormat) -> String {
    match format {
        ListFormat::Json => {
            let list: Vec<_> = RULES
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.meta.id,
                        "severity": r.meta.severity.as_str(),
                        "group": r.meta.group,
                        "summary": r.meta.summary,
                        "languages": r.meta.languages,
                    })
                })
                .collect();
            serde_json::to_string_pretty(&list).expect("json") + "\n"
        }
        ListFormat::Text => {
            let width = RULES.iter().map(|r| r.meta.id.len()).max().unwrap_or(0);
            let mut s = String::new();
            for r in RULES {
                s.push_str(&format!(
                    "{:width$}  {:7}  {:12}  {}\n",
                    r.meta.id,
                    r.meta.severity.as_str(),
                    r.meta.group,
                    r.meta.summary
                ));
            }
            s
        }
    }
}

fn check(args: CheckArgs) -> Result<ExitCode> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut config = match &args.config {
        Some(path) => Config::load(path)?,
        None => Config::discover(&paths[0])?,
    };
    let unknown: Vec<&String> = args
        .select
        .iter()
        .flatten()
        .chain(args.ignore.iter())
        .filter(|id| ciolint::rules::find(id).is_none())
        .collect();
    if let Some(id) = unknown.first() {
        anyhow::bail!("unknown rule `{id}`; `ciolint rules` lists the rule ids");
    }
    let overrides = ciolint::config::Overrides {
        select: args.select,
        ignore: args.ignore,
        fail_on: args.fail_on.map(|f| match f {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }),
    };
    config.apply_overrides(&overrides);
    let mut options = Options {
        config,
        overrides,
        nested_configs: args.config.is_none(),
        ..Options::default()
    };
    options.walk.no_ignore = args.no_ignore;
    options.walk.no_prefilter = args.no_prefilter;
    options.walk.include_generated = args.include_generated;
    options.walk.include_tests = args.include_tests;
    if let Some(t) = args.threads {
        options.walk.threads = t.max(1);
    }
    if let Some(m) = args.max_file_size {
        options.walk.max_file_size = m;
    }
    let fixing = (args.fix || args.diff).then_some(FixOptions {
        unsafe_fixes: args.unsafe_fixes,
        write: !args.diff,
    });
    let (mut report, fixed) = match fixing {
        Some(fix_options) => {
            let (report, outcome) = ciolint::fix::run(&paths, &options, fix_options);
            (report, Some(outcome))
        }
        None => (ciolint::check(&paths, &options), None),
    };
    for e in &report.errors {
        eprintln!("ciolint: error: {e}");
    }
    if report.nothing_scanned || report.invalid_config {
        return Ok(ExitCode::from(2));
    }
    if let Some(outcome) = &fixed {
        for note in &outcome.skipped {
            eprintln!("ciolint: warning: {}: {}", note.path, note.message);
        }
        if args.diff {
            write_stdout(&ciolint::fix::unified_diff(&outcome.changes))
                .context("writing the diff")?;
            eprint!(
                "{}",
                ciolint::fix::diff_summary(&report, outcome, args.unsafe_fixes)
            );
            return Ok(if outcome.changes.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            });
        }
    }
    let fingerprints = ciolint::report_fingerprints(&report);
    if let Some(path) = &args.write_baseline {
        ciolint::baseline::Baseline::from_findings(&report.findings, &fingerprints).write(path)?;
        eprintln!(
            "ciolint: wrote {} finding(s) to {}; check with --baseline {} to see only new ones",
            report.findings.len(),
            path.display(),
            path.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let fingerprints = match &args.baseline {
        Some(path) => {
            let baseline = ciolint::baseline::Baseline::read(path)?;
            let (kept, stale) =
                baseline.filter(std::mem::take(&mut report.findings), &fingerprints);
            report.findings = kept;
            for e in &stale {
                report.notes.push(ciolint::Note {
                    path: e.path.clone(),
                    message: format!(
                        "baseline entry for `{}` (recorded at line {}) no longer matches a finding: it was fixed or changed; rewrite the baseline with --write-baseline",
                        e.rule, e.line
                    ),
                });
            }
            ciolint::rescore(&mut report);
            ciolint::report_fingerprints(&report)
        }
        None => fingerprints,
    };
    let format = args.format.unwrap_or_else(|| {
        if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") {
            Format::Github
        } else {
            Format::Text
        }
    });
    let to_terminal = args.output_file.is_none() && std::io::stdout().is_terminal();
    let color = to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let rendered = match format {
        Format::Json => ciolint::report::json::render(&report),
        Format::Sarif => ciolint::report::sarif::render(&report, &fingerprints),
        Format::Github => ciolint::report::github::render(&report),
        Format::Text => ciolint::report::text::render(
            &report,
            &TextOptions {
                color,
                quiet: args.quiet,
            },
        ),
    };
    let fix_line = match &fixed {
        Some(outcome) => Some(ciolint::fix::fix_summary(
            &report,
            outcome,
            args.unsafe_fixes,
        )),
        None => ciolint::fix::check_summary(&report.findings, args.unsafe_fixes),
    };
    let mut rendered = rendered;
    if let Some(line) = fix_line {
        // Machine formats stay one document; the human summary goes to standard error.
        if format == Format::Text {
            rendered.push_str(&line);
        } else {
            eprint!("{line}");
        }
    }
    match &args.output_file {
        Some(path) => std::fs::write(path, &rendered)
            .with_context(|| format!("writing the report to {}", path.display()))?,
        None => write_stdout(&rendered).context("writing the report")?,
    }
    let fail_on = options.config.fail_on;
    let failing = report.findings.iter().any(|f| f.severity >= fail_on);
    Ok(if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
