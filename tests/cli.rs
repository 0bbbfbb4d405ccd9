//! End-to-end tests of the `ciolint` binary: exit codes, formats, and the examples.

use std::path::Path;
use std::process::{Command, Output};

fn ciolint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ciolint"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("GITHUB_ACTIONS")
        .env("NO_COLOR", "1")
        .output()
        .expect("ciolint runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 output")
}

#[test]
fn fixed_examples_are_clean_and_exit_zero() {
    let out = ciolint(&["check", "examples/fixed"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).starts_with("No Customer.io issues found"),
        "{}",
        stdout(&out)
    );
    let json: serde_json::Value =
        serde_json::from_slice(&ciolint(&["check", "examples/fixed", "--format", "json"]).stdout)
            .unwrap();
    assert_eq!(json["findings"].as_array().unwrap().len(), 0);
    assert_eq!(json["summary"]["score"], 100);
}

#[test]
fn examples_with_mistakes_exit_one_and_cover_at_least_twelve_rules() {
    let out = ciolint(&["check", "examples", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut rules: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    rules.sort();
    rules.dedup();
    assert!(
        rules.len() >= 12,
        "only {} distinct rules: {rules:?}",
        rules.len()
    );
    // The rules born of real incidents (the catalogue's section 8) show in the examples too.
    let incident_rules = [
        "identity-split",
        "placeholder-customer-id",
        "region-inconsistent",
        "pipelines-unflushed",
        "server-sdk-in-client-bundle",
        "transactional-template-override",
        "transactional-request-invalid",
        "cio-id-unprefixed",
        "broadcast-trigger-loop",
        "logout-without-reset",
    ];
    let shown: Vec<&str> = incident_rules
        .into_iter()
        .filter(|r| rules.contains(r))
        .collect();
    assert!(shown.len() >= 6, "incident rules shown: {shown:?}");
    // Nothing from the corrected twin (but its outdated SDK pins, see above).
    assert!(json["findings"].as_array().unwrap().iter().all(|f| {
        !f["path"].as_str().unwrap().starts_with("examples/fixed")
            || matches!(
                f["rule"].as_str(),
                Some("sdk-breaking-call-shape" | "sdk-outdated")
            )
    }));
}

#[test]
fn fail_on_error_ignores_warnings() {
    let out = ciolint(&[
        "check",
        "examples",
        "--select",
        "blocking-analytics",
        "--fail-on",
        "error",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let out = ciolint(&["check", "examples", "--select", "blocking-analytics"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn select_and_ignore_filter_rules() {
    let out = ciolint(&[
        "check",
        "examples",
        "--format",
        "json",
        "--select",
        "millisecond-timestamp,hardcoded-credential",
        "--ignore",
        "hardcoded-credential",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    assert!(
        findings
            .iter()
            .all(|f| f["rule"] == "millisecond-timestamp")
    );
}

#[test]
fn unknown_rule_is_a_usage_error() {
    let out = ciolint(&["check", "examples", "--select", "no-such-rule"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown rule `no-such-rule`"));
    let out = ciolint(&["explain", "no-such-rule"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn missing_path_exits_two_with_a_message() {
    let out = ciolint(&["check", "does/not/exist"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("does/not/exist: no such file or directory")
    );
}

#[test]
fn rules_lists_every_rule_in_text_and_json() {
    let text = stdout(&ciolint(&["rules"]));
    let json: serde_json::Value =
        serde_json::from_slice(&ciolint(&["rules", "--format", "json"]).stdout).unwrap();
    let list = json.as_array().unwrap();
    assert_eq!(list.len(), ciolint::rules::RULES.len());
    for r in list {
        let id = r["id"].as_str().unwrap();
        assert!(text.contains(id));
        for key in ["severity", "group", "summary", "languages"] {
            assert!(!r[key].is_null(), "{id} lacks {key}");
        }
    }
}

#[test]
fn explain_shows_wrong_and_right_examples() {
    let out = stdout(&ciolint(&["explain", "millisecond-timestamp"]));
    assert!(out.contains("Wrong"));
    assert!(out.contains("Math.floor(Date.now() / 1000)"));
    assert!(out.contains("Source:"));
}

#[test]
fn output_is_identical_for_any_thread_count() {
    let one = ciolint(&[
        "check",
        "examples",
        "tests/fixtures",
        "--format",
        "json",
        "--threads",
        "1",
    ]);
    let four = ciolint(&[
        "check",
        "examples",
        "tests/fixtures",
        "--format",
        "json",
        "--threads",
        "4",
    ]);
    assert!(!one.stdout.is_empty());
    assert_eq!(one.stdout, four.stdout);
}

#[test]
fn no_color_when_piped() {
    let out = ciolint(&["check", "examples"]);
    assert!(
        !stdout(&out).contains('\u{1b}'),
        "ANSI escapes in piped output"
    );
}

#[test]
fn secrets_are_never_printed_in_full() {
    // Real-looking keys from the credential fixtures, in every language.
    let secrets = [
        "f82ad78f695bd32f9d99",
        "1a621ef65edfe6d3b6ae",
        "20436c6351668b25a74a2c289a639d3f",
        "3b8d2f6a1c9e4b7d0f5a",
        "e4d1c8b5a2f9e6d3c0b7",
        "5f2e8d1c4b7a0e3d6c9b",
        "9c1e5b2a7d4f8e3c6b0a",
        "Zm9vYmFyYmF6cXV4MTIzNDU2",
        "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
    ];
    let dir = tempfile::tempdir().unwrap();
    let targets = [
        "tests/fixtures/hardcoded-credential",
        "tests/fixtures/wrong-api-key",
        "examples",
    ];
    let mut outputs = Vec::new();
    for format in ["text", "json", "sarif", "github"] {
        let mut args = vec!["check"];
        args.extend(targets);
        args.extend(["--format", format]);
        outputs.push(ciolint(&args));
        // Rules that do not judge keys still show the lines that hold them.
        let mut args = vec!["check"];
        args.extend(targets);
        args.extend([
            "--format",
            format,
            "--select",
            "wrong-api-key,event-name-style",
        ]);
        outputs.push(ciolint(&args));
        let file = dir.path().join(format!("report.{format}"));
        let mut args = vec!["check"];
        args.extend(targets);
        args.extend(["--format", format, "--output-file", file.to_str().unwrap()]);
        outputs.push(ciolint(&args));
        assert!(file.is_file());
    }
    let baseline = dir.path().join("baseline.json");
    let mut args = vec!["check"];
    args.extend(targets);
    args.extend(["--write-baseline", baseline.to_str().unwrap()]);
    outputs.push(ciolint(&args));
    let mut everything = String::new();
    for o in &outputs {
        everything.push_str(&String::from_utf8_lossy(&o.stdout));
        everything.push_str(&String::from_utf8_lossy(&o.stderr));
    }
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        everything.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    assert!(everything.contains("f82a"), "the masked prefix is shown");
    for secret in secrets {
        assert!(
            !everything.contains(secret),
            "output contains the full key {secret}"
        );
    }
}

#[test]
fn paths_are_relative_with_forward_slashes() {
    let out = ciolint(&["check", "./examples", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for f in json["findings"].as_array().unwrap() {
        let p = f["path"].as_str().unwrap();
        assert!(p.starts_with("examples/"), "{p}");
        assert!(Path::new(env!("CARGO_MANIFEST_DIR")).join(p).is_file());
    }
}

#[test]
fn config_file_sets_rule_options_and_rejects_unknown_keys() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("events.js"),
        "const { TrackClient } = require(\"customerio-node\");\nconst cio = new TrackClient(a, b);\nexport const f = (id) => cio.track(id, { name: \"Order Completed\" });\nexport const g = (id) => cio.track(id, { name: \"order_completed\" });\n",
    )
    .unwrap();
    let cfg = dir.path().join("ciolint.toml");
    std::fs::write(&cfg, "[rules.event-name-style]\nstyle = \"Title Case\"\n").unwrap();
    let src = dir.path().to_str().unwrap();
    let out = ciolint(&[
        "check",
        src,
        "--config",
        cfg.to_str().unwrap(),
        "--format",
        "json",
        "--select",
        "event-name-style",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["line"], 4);

    std::fs::write(&cfg, "[rules.event-name-style]\nstyel = \"Title Case\"\n").unwrap();
    let out = ciolint(&["check", src, "--config", cfg.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("styel") && err.contains("ciolint.toml"),
        "{err}"
    );
}
