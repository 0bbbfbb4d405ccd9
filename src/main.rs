//! The `ciolint` command line: parse arguments, call the library, render, exit.

use anyhow::{Context, Result};
use ciolint::report::text::TextOptions;
use ciolint::rules::{RULES, Severity};
use ciolint::{Config, Options};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

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
    },
    /// Explain a rule: why it matters, the wrong and the right code, and the fact behind it.
    Explain { rule: String },
    /// Print the neutral facts extracted from one file (for extractor debugging).
    #[command(hide = true)]
    DebugFacts { path: PathBuf },
    /// Print the syntax tree of one file (for extractor development).
    #[command(hide = true)]
    DebugTree { path: PathBuf },
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Text,
    Json,
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
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Only run these rules (comma-separated ids).
    #[arg(long, value_delimiter = ',')]
    select: Option<Vec<String>>,
    /// Skip these rules (comma-separated ids).
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// Exit with 1 when a finding at or above this severity remains (default: warning).
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Read settings from this file (default: ./ciolint.toml when present).
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
    /// Parse every source file, not only those that mention Customer.io.
    #[arg(long, hide = true)]
    no_prefilter: bool,
}

fn main() -> ExitCode {
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
        Command::Rules { format } => {
            write_stdout(&list_rules(format))?;
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
    let mut config = match &args.config {
        Some(path) => Config::load(path)?,
        None => {
            let default = PathBuf::from("ciolint.toml");
            if default.is_file() {
                Config::load(&default)?
            } else {
                Config::default()
            }
        }
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
    if let Some(sel) = args.select {
        config.select = Some(sel);
    }
    config.ignore.extend(args.ignore);
    if let Some(f) = args.fail_on {
        config.fail_on = match f {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        };
    }
    let mut options = Options {
        config,
        ..Options::default()
    };
    options.walk.no_ignore = args.no_ignore;
    options.walk.no_prefilter = args.no_prefilter;
    if let Some(t) = args.threads {
        options.walk.threads = t.max(1);
    }
    if let Some(m) = args.max_file_size {
        options.walk.max_file_size = m;
    }
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };
    let report = ciolint::check(&paths, &options);
    for e in &report.errors {
        eprintln!("ciolint: error: {e}");
    }
    if report.nothing_scanned {
        return Ok(ExitCode::from(2));
    }
    let color = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let rendered = match args.format {
        Format::Json => ciolint::report::json::render(&report),
        Format::Text => ciolint::report::text::render(
            &report,
            &TextOptions {
                color,
                quiet: args.quiet,
            },
        ),
    };
    write_stdout(&rendered).context("writing the report")?;
    let fail_on = options.config.fail_on;
    let failing = report.findings.iter().any(|f| f.severity >= fail_on);
    Ok(if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
