//! What a user sees on the bundled example project, as reviewed snapshots.

use std::process::Command;

fn run(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_ciolint"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .output()
        .expect("ciolint runs");
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn examples_text_output() {
    insta::assert_snapshot!(run(&["check", "examples"]));
}

#[test]
fn examples_json_output() {
    insta::assert_snapshot!(run(&["check", "examples", "--format", "json"]));
}

#[test]
fn rules_quick_reference() {
    insta::assert_snapshot!(run(&["rules"]));
}

/// A finding through the project's own wrappers: at the route, with the chain as notes.
#[test]
fn wrapper_chain_text_output() {
    insta::assert_snapshot!(run(&[
        "check",
        "tests/resolver/javascript/next-app",
        "--select",
        "blocking-analytics,client-per-request"
    ]));
}

#[test]
fn wrapper_chain_sarif_output() {
    insta::assert_snapshot!(run(&[
        "check",
        "tests/resolver/javascript/next-app",
        "--select",
        "blocking-analytics",
        "--format",
        "sarif"
    ]));
}

#[test]
fn examples_inventory_text() {
    insta::assert_snapshot!(run(&["inventory", "examples"]));
}

#[test]
fn examples_inventory_json() {
    insta::assert_snapshot!(run(&["inventory", "examples", "--format", "json"]));
}

#[test]
fn examples_inventory_markdown() {
    insta::assert_snapshot!(run(&[
        "inventory",
        "examples/python",
        "--format",
        "markdown"
    ]));
}

/// The plan `plan init` writes for the examples.
#[test]
fn examples_plan_init() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = dir.path().join("tracking-plan.json");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_ciolint"))
        .args(["plan", "init", "examples", "--output"])
        .arg(&plan)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("ciolint runs");
    assert!(status.success());
    insta::assert_snapshot!(std::fs::read_to_string(&plan).expect("plan written"));
}
