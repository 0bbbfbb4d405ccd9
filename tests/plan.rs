//! The tracking plan end to end: `plan init` from the examples, then `check` and `plan diff`
//! with that plan and with an edited one.

use std::path::Path;
use std::process::{Command, Output};

const PLAN_RULES: &str = "unplanned-event,plan-property-type,plan-missing-property";

fn ciolint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ciolint"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .output()
        .expect("ciolint runs")
}

/// A fresh plan and a config that enforces it, in a temporary directory.
fn fresh_plan(dir: &Path) -> (String, String) {
    let plan = dir.join("tracking-plan.json");
    let plan_s = plan.to_str().unwrap().to_string();
    let init = ciolint(&["plan", "init", "examples", "--output", &plan_s]);
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let config = dir.join("ciolint.toml");
    std::fs::write(&config, "[plan]\nfile = \"tracking-plan.json\"\n").unwrap();
    (plan_s, config.to_str().unwrap().to_string())
}

#[test]
fn a_fresh_plan_from_the_examples_keeps_the_plan_rules_silent() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, config) = fresh_plan(dir.path());
    let check = ciolint(&[
        "check", "examples", "--config", &config, "--select", PLAN_RULES, "--format", "json",
    ]);
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).expect("json");
    assert_eq!(report["findings"], serde_json::json!([]), "{report}");
    assert!(check.status.success());
    let diff = ciolint(&["plan", "diff", "examples", "--plan", &plan]);
    assert!(
        diff.status.success(),
        "{}",
        String::from_utf8_lossy(&diff.stdout)
    );
    // Writing over an existing plan needs --force.
    let again = ciolint(&["plan", "init", "examples", "--output", &plan]);
    assert_eq!(again.status.code(), Some(2));
}

#[test]
fn an_edited_plan_is_enforced_and_diffed() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, config) = fresh_plan(dir.path());
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
    let events = doc["events"].as_object_mut().unwrap();
    // The examples send `order_placed` with a numeric total: plan it as a string, require a
    // property it never sends, and rename `viewed_pricing`.
    events["order_placed"]["properties"]["total"] = serde_json::json!({ "type": "string" });
    events["order_placed"]["required"]
        .as_array_mut()
        .unwrap()
        .push("currency".into());
    let viewed = events.remove("viewed_pricing").unwrap();
    events.insert("pricing_viewed".into(), viewed);
    std::fs::write(&plan, serde_json::to_string_pretty(&doc).unwrap()).unwrap();

    let check = ciolint(&[
        "check", "examples", "--config", &config, "--select", PLAN_RULES, "--format", "json",
    ]);
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).expect("json");
    let findings = report["findings"].as_array().unwrap();
    let rules: Vec<&str> = findings
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"plan-property-type"), "{report}");
    assert!(rules.contains(&"plan-missing-property"), "{report}");
    let unplanned = findings
        .iter()
        .find(|f| f["rule"] == "unplanned-event")
        .expect("viewed_pricing is unplanned");
    assert!(
        unplanned["message"]
            .as_str()
            .unwrap()
            .contains("`pricing_viewed`"),
        "{unplanned}"
    );
    assert_eq!(check.status.code(), Some(1));

    let diff = ciolint(&["plan", "diff", "examples", "--plan", &plan]);
    let text = String::from_utf8_lossy(&diff.stdout);
    assert!(text.contains("+ viewed_pricing"), "{text}");
    assert!(text.contains("- pricing_viewed"), "{text}");
    assert!(text.contains("- currency  (planned, never sent)"), "{text}");
    assert_eq!(diff.status.code(), Some(1));
}

#[test]
fn a_broken_plan_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tracking-plan.json"), "{\"events\": []}").unwrap();
    let config = dir.path().join("ciolint.toml");
    std::fs::write(&config, "[plan]\nfile = \"tracking-plan.json\"\n").unwrap();
    let check = ciolint(&["check", "examples", "--config", config.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(2));
    let err = String::from_utf8_lossy(&check.stderr);
    assert!(err.contains("needs an `events` object"), "{err}");
}
