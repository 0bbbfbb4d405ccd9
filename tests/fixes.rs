//! Fix tests in the style of Ruff's: each `tests/fixes/<rule>/` is a small project. A copy is
//! fixed with that rule alone (`--fix --unsafe-fixes`) and the diff is snapshotted; then the
//! fixed project must parse, must not change when fixed again, and must not report a
//! fixable finding of the rule any more. Files named `nofix_*` hold findings no fix may touch
//! (a partial rename, a Go constant, no logger in reach); every other file must change.

use ciolint::config::Overrides;
use ciolint::fix::{FixOptions, FixOutcome};
use ciolint::{Config, Options, Report};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixes_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixes")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_in(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// A copy of `tests/fixes/<rule>/` in a temporary directory (not hidden, so the walk reads it).
fn project_copy(rule: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::Builder::new()
        .prefix("ciolint-fix-test")
        .tempdir()
        .unwrap();
    let project = tmp.path().join(rule);
    copy_dir(&fixes_root().join(rule), &project);
    (tmp, project)
}

/// Options that run one rule, or every rule for `unused-suppression` (a suppression of a rule
/// that did not run is never unused).
fn options_for(rule: &str) -> Options {
    let select = (rule != "unused-suppression").then(|| vec![rule.to_string()]);
    let overrides = Overrides {
        select,
        ..Overrides::default()
    };
    let mut config = Config::default();
    config.apply_overrides(&overrides);
    Options {
        config,
        overrides,
        ..Options::default()
    }
}

fn check(project: &Path, rule: &str) -> Report {
    ciolint::check(&[project.to_path_buf()], &options_for(rule))
}

fn fix(project: &Path, rule: &str) -> (Report, FixOutcome) {
    ciolint::fix::run(
        &[project.to_path_buf()],
        &options_for(rule),
        FixOptions {
            unsafe_fixes: true,
            write: true,
        },
    )
}

fn assert_fixes(rule: &str) {
    let (tmp, project) = project_copy(rule);
    let before = check(&project, rule);
    let of_rule = |r: &Report| -> Vec<_> {
        r.findings
            .iter()
            .filter(|f| f.rule == rule)
            .cloned()
            .collect()
    };
    let unfixable_before = of_rule(&before).iter().filter(|f| f.fix.is_none()).count();
    assert!(
        of_rule(&before).iter().any(|f| f.fix.is_some()),
        "{rule}: the fixture has no fixable finding"
    );
    let originals: Vec<(PathBuf, String)> = files_in(&project)
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect();

    let (after, outcome) = fix(&project, rule);
    assert!(outcome.skipped.is_empty(), "{rule}: {:?}", outcome.skipped);
    assert!(outcome.fixed_count() > 0, "{rule}: nothing was fixed");

    // What the fixes did, as a reviewer reads it.
    let prefix = format!("{}/", tmp.path().display());
    let diff = ciolint::fix::unified_diff(&outcome.changes).replace(&prefix, "");
    insta::assert_snapshot!(format!("fix_{}", rule.replace('-', "_")), diff);

    for (path, original) in &originals {
        let fixed = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy();
        if name.starts_with("nofix_") {
            assert_eq!(&fixed, original, "{rule}: {name} must be left alone");
        } else {
            assert_ne!(&fixed, original, "{rule}: {name} was not fixed");
        }
        let shown = path.to_string_lossy();
        if let Some(errors) = ciolint::fix::syntax_errors(&shown, &fixed) {
            assert_eq!(
                errors, 0,
                "{rule}: {name} does not parse after fixing:\n{fixed}"
            );
        }
    }

    // The rule no longer reports what it fixed; what it could not fix is still reported.
    let remaining = of_rule(&after);
    assert!(
        remaining.iter().all(|f| f.fix.is_none()),
        "{rule}: fixable findings remain: {remaining:#?}"
    );
    assert_eq!(
        remaining.len(),
        unfixable_before,
        "{rule}: findings without a fix must stay reported"
    );
    assert_eq!(after.findings.len(), check(&project, rule).findings.len());

    // Fixing again changes nothing.
    let fixed_once: Vec<String> = originals
        .iter()
        .map(|(p, _)| std::fs::read_to_string(p).unwrap())
        .collect();
    let (_, again) = fix(&project, rule);
    assert!(
        again.changes.is_empty(),
        "{rule}: a second --fix changed files"
    );
    assert_eq!(again.fixed_count(), 0);
    let fixed_twice: Vec<String> = originals
        .iter()
        .map(|(p, _)| std::fs::read_to_string(p).unwrap())
        .collect();
    assert_eq!(fixed_once, fixed_twice);
}

macro_rules! fix_tests {
    ($($name:ident: $rule:literal,)*) => {
        $(
            #[test]
            fn $name() {
                assert_fixes($rule);
            }
        )*

        /// Every rule that offers a fix has a fixture here, and every fixture is a rule.
        #[test]
        fn every_fixable_rule_has_a_fix_fixture() {
            let tested = [$($rule),*];
            let mut dirs: Vec<String> = std::fs::read_dir(fixes_root())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            dirs.sort();
            let mut expected: Vec<String> = tested.iter().map(|s| s.to_string()).collect();
            expected.sort();
            assert_eq!(dirs, expected);
            for rule in tested {
                assert!(ciolint::rules::find(rule).is_some(), "{rule} is not a rule");
            }
        }
    };
}

fix_tests! {
    millisecond_timestamp: "millisecond-timestamp",
    unsubscribe_tag_syntax: "unsubscribe-tag-syntax",
    region_misplaced: "region-misplaced",
    unused_suppression: "unused-suppression",
    event_name_style: "event-name-style",
    event_name_collision: "event-name-collision",
    hardcoded_credential: "hardcoded-credential",
    unhandled_failure: "unhandled-failure",
    non_unix_timestamp: "non-unix-timestamp",
}

fn ciolint(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ciolint"))
        .args(args)
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .env("NO_COLOR", "1")
        .output()
        .expect("ciolint runs")
}

fn examples_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::Builder::new()
        .prefix("ciolint-fix-examples")
        .tempdir()
        .unwrap();
    let project = tmp.path().join("examples");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples"),
        &project,
    );
    (tmp, project)
}

fn json_findings(dir: &Path) -> Vec<serde_json::Value> {
    let out = ciolint(dir, &["check", ".", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json["findings"].as_array().unwrap().clone()
}

#[test]
fn examples_lose_every_fixable_finding_with_unsafe_fixes() {
    let (_tmp, project) = examples_copy();
    let before = json_findings(&project);
    let fixable = before.iter().filter(|f| !f["fix"].is_null()).count();
    assert!(fixable >= 15, "the examples show the fixes: {fixable}");

    let out = ciolint(&project, &["check", ".", "--fix", "--unsafe-fixes"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.is_empty(), "{stderr}");
    let after = json_findings(&project);
    let left: Vec<_> = after.iter().filter(|f| !f["fix"].is_null()).collect();
    assert!(left.is_empty(), "fixable findings left: {left:#?}");
    assert!(
        text.contains(&format!("fixed, {} remaining).\n", after.len())),
        "{text}"
    );
    // Every fixed source file still parses.
    for path in files_in(&project) {
        let shown = path.to_string_lossy();
        if let Some(errors) =
            ciolint::fix::syntax_errors(&shown, &std::fs::read_to_string(&path).unwrap())
        {
            assert_eq!(errors, 0, "{shown}");
        }
    }
}

#[test]
fn fix_summary_counts_fixed_and_hidden_unsafe_fixes() {
    let (_tmp, project) = examples_copy();
    let before = json_findings(&project);
    let safe = before
        .iter()
        .filter(|f| f["fix"]["applicability"] == "safe")
        .count();
    let unsafe_only = before
        .iter()
        .filter(|f| f["fix"]["applicability"] == "unsafe")
        .count();
    assert!(safe > 0 && unsafe_only > 0);
    let out = ciolint(&project, &["check", ".", "--fix"]);
    assert_eq!(out.status.code(), Some(1), "findings remain");
    let text = String::from_utf8(out.stdout).unwrap();
    let remaining = before.len() - safe;
    assert!(
        text.contains(&format!(
            "Found {} issues ({safe} fixed, {remaining} remaining).\n{unsafe_only} hidden fixes can be enabled with the `--unsafe-fixes` option.\n",
            before.len()
        )),
        "{text}"
    );
    // Only safe fixes were applied: the unsafe ones are still offered.
    let after = json_findings(&project);
    assert_eq!(after.len(), remaining);
    assert_eq!(
        after
            .iter()
            .filter(|f| f["fix"]["applicability"] == "unsafe")
            .count(),
        unsafe_only
    );
}

#[test]
fn diff_changes_nothing_and_exits_one_when_there_is_something_to_fix() {
    let (_tmp, project) = examples_copy();
    let originals: Vec<String> = files_in(&project)
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let out = ciolint(&project, &["check", ".", "--diff", "--unsafe-fixes"]);
    assert_eq!(out.status.code(), Some(1));
    let diff = String::from_utf8(out.stdout).unwrap();
    assert!(diff.contains("--- a/src/routes/signup.ts\n+++ b/src/routes/signup.ts\n"));
    assert!(diff.contains("+    created_at: Math.floor(Date.now() / 1000),\n"));
    assert!(diff.contains("-  await cio.track(user.email, { name: \"UserSignedUp\""));
    let now: Vec<String> = files_in(&project)
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert_eq!(originals, now, "--diff must not write");

    // Without --unsafe-fixes the diff holds only the safe fixes.
    let safe = String::from_utf8(ciolint(&project, &["check", ".", "--diff"]).stdout).unwrap();
    assert!(safe.contains("+    created_at: Math.floor(Date.now() / 1000),\n"));
    assert!(!safe.contains("user_signed_up"), "{safe}");

    // After fixing, there is nothing left to diff: exit 0 and no output.
    let fixed = ciolint(&project, &["check", ".", "--fix", "--unsafe-fixes"]);
    assert_eq!(fixed.status.code(), Some(1), "unfixable findings remain");
    let out = ciolint(&project, &["check", ".", "--diff", "--unsafe-fixes"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn diff_of_a_clean_tree_exits_zero() {
    let out = ciolint(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["check", "examples/fixed", "--diff", "--unsafe-fixes"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn json_and_sarif_carry_the_fix() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = ciolint(
        dir,
        &["check", "tests/fixes/event-name-style", "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rename = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "event-name-style" && !f["fix"].is_null())
        .expect("a fixable event-name-style finding");
    assert_eq!(rename["fix"]["applicability"], "unsafe");
    // One event, renamed at both of its call sites (in two files) by the same fix.
    let edits = rename["fix"]["edits"].as_array().unwrap();
    assert_eq!(edits.len(), 2);
    assert_eq!(edits[0]["content"], "\"user_signed_up\"");
    assert_ne!(edits[0]["path"], edits[1]["path"]);

    let out = ciolint(
        dir,
        &["check", "tests/fixes/event-name-style", "--format", "sarif"],
    );
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "event-name-style" && r.get("fixes").is_some())
        .expect("a SARIF result with fixes");
    let changes = result["fixes"][0]["artifactChanges"].as_array().unwrap();
    assert_eq!(changes.len(), 2, "one artifactChange per file");
    let replacement = &changes[0]["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], "\"user_signed_up\"");
    assert!(replacement["deletedRegion"]["startLine"].as_u64().unwrap() >= 1);
}
