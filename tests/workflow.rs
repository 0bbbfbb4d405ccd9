//! How ciolint fits a team's workflow: SARIF and GitHub output, configuration discovery,
//! suppressions, baselines and generated docs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn ciolint_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ciolint"))
        .args(args)
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .env("NO_COLOR", "1")
        .output()
        .expect("ciolint runs")
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// `(path, rule)` of every finding `ciolint check --format json ARGS` reports in `root`.
fn findings_in(root: &Path, args: &[&str]) -> Vec<(String, String)> {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = ciolint_in(root, &all);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let mut found: Vec<(String, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.dedup();
    found
}

/// Write `(relative path, text)` files below `root`.
fn write_tree(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

const BAD_JS: &str = "const { TrackClient } = require(\"customerio-node\");\nconst cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY);\nexport async function signup(user) {\n  await cio.identify(user.id, { email: user.email, created_at: Date.now() });\n}\n";

/// The official SARIF 2.1.0 schema, as shipped in Microsoft's SARIF Multitool npm package.
fn sarif_schema() -> PathBuf {
    if let Ok(p) = std::env::var("CIOLINT_SARIF_SCHEMA") {
        return PathBuf::from(p);
    }
    let dir = repo().join("target/sarif-schema");
    let schema = dir.join("package/sarif-2.1.0.json");
    if !schema.is_file() {
        std::fs::create_dir_all(&dir).unwrap();
        let pack = Command::new("npm")
            .args(["pack", "--silent", "@microsoft/sarif-multitool-linux@5.7.0"])
            .current_dir(&dir)
            .output()
            .expect("npm is needed to fetch the official SARIF schema");
        assert!(
            pack.status.success(),
            "npm pack failed: {}",
            String::from_utf8_lossy(&pack.stderr)
        );
        let tarball = String::from_utf8_lossy(&pack.stdout)
            .trim()
            .lines()
            .last()
            .unwrap()
            .to_string();
        let untar = Command::new("tar")
            .args(["xzf", &tarball, "package/sarif-2.1.0.json"])
            .current_dir(&dir)
            .status()
            .unwrap();
        assert!(untar.success());
        let _ = std::fs::remove_file(dir.join(tarball));
    }
    schema
}

#[test]
fn sarif_output_validates_against_the_official_schema() {
    let out = ciolint_in(
        &repo(),
        &[
            "check",
            "examples",
            "tests/projects/event-name-collision",
            "--format",
            "sarif",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.sarif");
    std::fs::write(&report, &out.stdout).unwrap();
    let schema = sarif_schema();
    let check = Command::new("python3")
        .args([
            "-c",
            "import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))); print('valid')",
            report.to_str().unwrap(),
            schema.to_str().unwrap(),
        ])
        .output()
        .expect("python3 with jsonschema validates SARIF");
    assert!(
        check.status.success(),
        "SARIF invalid: {}",
        String::from_utf8_lossy(&check.stderr)
    );

    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let run = &doc["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), ciolint::rules::RULES.len());
    for r in rules {
        for key in [
            "id",
            "shortDescription",
            "fullDescription",
            "help",
            "helpUri",
            "defaultConfiguration",
        ] {
            assert!(!r[key].is_null(), "rule metadata lacks {key}: {r}");
        }
    }
    let results = run["results"].as_array().unwrap();
    assert!(
        results
            .iter()
            .all(|r| r["partialFingerprints"]["ciolintFingerprint/v1"].is_string())
    );
    assert!(
        results.iter().any(|r| r["ruleId"] == "event-name-collision"
            && r["relatedLocations"]
                .as_array()
                .is_some_and(|l| !l.is_empty())),
        "project-wide findings carry relatedLocations"
    );
}

#[test]
fn github_annotations_and_default_in_actions() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("signup.js"), BAD_JS).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ciolint"))
        .args(["check", "."])
        .current_dir(dir.path())
        .env("GITHUB_ACTIONS", "true")
        .output()
        .unwrap();
    let text = stdout(&out);
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with("::error file=signup.js,line=4,col="),
        "{first}"
    );
    assert!(
        first.contains(",title=ciolint millisecond-timestamp::"),
        "{first}"
    );
    assert!(!first[first.find("::").unwrap() + 2..].contains('\n'));
}

#[test]
fn output_file_receives_the_report() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("signup.js"), BAD_JS).unwrap();
    let out = ciolint_in(
        dir.path(),
        &[
            "check",
            ".",
            "--format",
            "json",
            "--output-file",
            "report.json",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("report.json")).unwrap())
            .unwrap();
    assert_eq!(doc["findings"][0]["rule"], "millisecond-timestamp");
}

#[test]
fn closest_config_wins_and_pyproject_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("pyproject.toml"),
        "[project]\nname = \"x\"\n\n[tool.ciolint]\nignore = [\"millisecond-timestamp\"]\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("svc")).unwrap();
    std::fs::write(root.join("svc/signup.js"), BAD_JS).unwrap();
    std::fs::write(root.join("top.js"), BAD_JS).unwrap();
    // The root's pyproject.toml applies.
    let out = ciolint_in(root, &["check", ".", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["findings"].as_array().unwrap().len(), 0, "{doc}");
    // A closer ciolint.toml wins for its directory.
    std::fs::write(
        root.join("svc/ciolint.toml"),
        "select = [\"millisecond-timestamp\"]\n",
    )
    .unwrap();
    let out = ciolint_in(root, &["check", "svc", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["findings"].as_array().unwrap().len(), 1, "{doc}");
    // `ciolint config` shows what applies and where it came from.
    let shown = stdout(&ciolint_in(root, &["config", "svc"]));
    assert!(
        shown.contains("svc/ciolint.toml") && shown.contains("millisecond-timestamp"),
        "{shown}"
    );
    // Unknown keys name the key and the file.
    std::fs::write(root.join("pyproject.toml"), "[tool.ciolint]\nselekt = []\n").unwrap();
    let out = ciolint_in(root, &["check", "top.js"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("selekt") && err.contains("pyproject.toml"),
        "{err}"
    );
}

#[test]
fn exclude_and_per_file_ignores() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for d in ["app", "legacy", "scripts"] {
        std::fs::create_dir_all(root.join(d)).unwrap();
        std::fs::write(root.join(d).join("signup.js"), BAD_JS).unwrap();
    }
    std::fs::write(root.join("ciolint.toml"), "extend-exclude = [\"legacy\"]\n\n[per-file-ignores]\n\"scripts/**\" = [\"millisecond-timestamp\"]\n").unwrap();
    let out = ciolint_in(root, &["check", ".", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["app/signup.js"]);
}

#[test]
fn every_suppression_form() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let js = "const { TrackClient } = require(\"customerio-node\");\nconst cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY);\nexport async function a(u) {\n  // ciolint-ignore: millisecond-timestamp -- the id field stores ms on purpose\n  await cio.identify(u.id, { email: u.email, created_at: Date.now() });\n  await cio.identify(u.id, { email: u.email, updated_at: Date.now() }); /* ciolint-ignore: millisecond-timestamp -- same */\n  await cio.identify(u.id, { email: u.email, seen_at: Date.now() }); // ciolint-ignore: millisecond-timestamp\n  await cio.identify(u.id, { email: u.email }); // ciolint-ignore: millisecond-timestamp -- nothing here\n  await cio.identify(u.id, { email: u.email }); // ciolint-ignore: no-such-rule -- typo\n}\n";
    std::fs::write(root.join("a.js"), js).unwrap();
    let py = "# ciolint-ignore-file: millisecond-timestamp -- a replay tool that sends recorded ms\nimport time\nfrom customerio import CustomerIO\ncio = CustomerIO(site_id=S, api_key=K)\ncio.identify(id=user.id, email='a@b.co', created_at=int(time.time() * 1000))\n";
    std::fs::write(root.join("b.py"), py).unwrap();
    let html = "<p>{{ customer.name }}</p>\n<!-- ciolint-ignore: unsubscribe-tag-syntax -- a mail-merge tool rewrites this -->\n<a href=\"{{ unsubscribe_url }}\">x</a>\n";
    std::fs::write(root.join("c.html"), html).unwrap();
    let liquid = "{% comment %} ciolint-ignore-file: missing-unsubscribe-link -- footer injected by the layout {% endcomment %}\n<p>{{ customer.name }}</p>\n";
    std::fs::write(root.join("d.liquid"), liquid).unwrap();
    let out = ciolint_in(root, &["check", ".", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let got: Vec<(String, u64, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want: Vec<(String, u64, String)> = [
        ("a.js", 7, "unused-suppression"),
        ("a.js", 8, "unused-suppression"),
        ("a.js", 9, "unused-suppression"),
    ]
    .iter()
    .map(|(p, l, r)| (p.to_string(), *l, r.to_string()))
    .collect();
    assert_eq!(got, want, "{doc}");
    let messages: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(messages[0].contains("no reason"));
    assert!(messages[1].contains("suppresses nothing"));
    assert!(messages[2].contains("unknown rule"));
}

#[test]
fn baseline_hides_known_findings_and_survives_edits_above() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("signup.js"), BAD_JS).unwrap();
    let out = ciolint_in(
        root,
        &["check", ".", "--write-baseline", "ciolint-baseline.json"],
    );
    assert_eq!(out.status.code(), Some(0));
    // Lines inserted above the finding keep it hidden.
    let edited = BAD_JS.replacen("const cio", "// a comment\n// another\n\nconst cio", 1);
    std::fs::write(root.join("signup.js"), &edited).unwrap();
    let out = ciolint_in(
        root,
        &[
            "check",
            ".",
            "--baseline",
            "ciolint-baseline.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["findings"].as_array().unwrap().len(), 0);
    assert_eq!(doc["summary"]["score"], 100);
    // A new mistake shows; the fixed one is reported as a stale entry.
    let fixed_and_new = edited.replace(
        "created_at: Date.now()",
        "created_at: Math.floor(Date.now() / 1000), last_seen_at: Date.now()",
    );
    std::fs::write(root.join("signup.js"), fixed_and_new).unwrap();
    let out = ciolint_in(
        root,
        &[
            "check",
            ".",
            "--baseline",
            "ciolint-baseline.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = doc["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1);
    assert!(
        findings[0]["message"]
            .as_str()
            .unwrap()
            .contains("last_seen_at")
    );
    assert!(
        doc["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["message"].as_str().unwrap().contains("no longer matches"))
    );
}

#[test]
fn committed_rule_docs_are_up_to_date() {
    let dir = repo().join("docs/rules");
    for (name, text) in ciolint::docs::pages() {
        let committed = std::fs::read_to_string(dir.join(&name)).unwrap_or_default();
        assert!(
            committed == text,
            "docs/rules/{name} is out of date: run `cargo run -- rules --docs docs/rules`"
        );
    }
    let expected: Vec<String> = ciolint::docs::pages().into_iter().map(|(n, _)| n).collect();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            expected.contains(&name),
            "docs/rules/{name} documents no rule"
        );
    }
}

#[test]
fn a_path_given_explicitly_is_checked_even_inside_an_excluded_directory() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("build/app/node_modules/pkg")).unwrap();
    std::fs::write(root.join("build/app/signup.js"), BAD_JS).unwrap();
    std::fs::write(root.join("build/app/node_modules/pkg/index.js"), BAD_JS).unwrap();
    let out = ciolint_in(root, &["check", "build/app", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    // The explicit path is scanned; `node_modules` below it is still excluded.
    assert_eq!(paths, ["build/app/signup.js"]);
    let out = ciolint_in(root, &["check", ".", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        doc["findings"].as_array().unwrap().len(),
        0,
        "build/ is excluded below the scan root"
    );
}

#[test]
fn nested_configs_govern_their_directories() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let files = [
        "app/signup.js",
        "legacy/signup.js",
        "legacy/new/signup.js",
        "scripts/run.js",
        "scripts/jobs/signup.js",
        "scripts/generated/signup.js",
        "other/signup.js",
    ];
    for f in files {
        let path = root.join(f);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, BAD_JS).unwrap();
    }
    std::fs::write(
        root.join("legacy/ciolint.toml"),
        "ignore = [\"millisecond-timestamp\"]\n",
    )
    .unwrap();
    // Closest wins, whole: the deeper config does not inherit `ignore` from legacy/.
    std::fs::write(
        root.join("legacy/new/ciolint.toml"),
        "select = [\"millisecond-timestamp\"]\n",
    )
    .unwrap();
    // Globs in a nested config are relative to its own directory.
    std::fs::write(
        root.join("scripts/pyproject.toml"),
        "[tool.ciolint]\nextend-exclude = [\"generated\"]\n\n[tool.ciolint.per-file-ignores]\n\"jobs/**\" = [\"millisecond-timestamp\"]\n",
    )
    .unwrap();
    // A pyproject.toml without a [tool.ciolint] table is not a config.
    std::fs::write(
        root.join("other/pyproject.toml"),
        "[project]\nname = \"other\"\n",
    )
    .unwrap();
    let reported = |args: &[&str]| -> Vec<String> {
        let mut paths: Vec<String> = findings_in(root, args)
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        paths.dedup();
        paths
    };
    assert_eq!(
        reported(&["."]),
        [
            "app/signup.js",
            "legacy/new/signup.js",
            "other/signup.js",
            "scripts/run.js"
        ]
    );
    // Command-line settings win over every config, nested ones included.
    assert!(reported(&[".", "--ignore", "millisecond-timestamp"]).is_empty());
    // Each checked path also gets the config above it.
    assert_eq!(
        reported(&["app", "legacy"]),
        ["app/signup.js", "legacy/new/signup.js"]
    );
    assert_eq!(
        reported(&["legacy/new", "app"]),
        ["app/signup.js", "legacy/new/signup.js"]
    );
    // An explicit --config applies to every file.
    std::fs::write(root.join("everything.toml"), "").unwrap();
    assert_eq!(
        reported(&[".", "--config", "everything.toml"]).len(),
        files.len()
    );
    // A broken nested config is an error that names it, not a silent fallback.
    std::fs::write(root.join("scripts/jobs/ciolint.toml"), "selekt = []\n").unwrap();
    let out = ciolint_in(root, &["check", "."]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("selekt") && err.contains("scripts/jobs/ciolint.toml"),
        "{err}"
    );
}

#[test]
fn configured_receiver_names_and_handler_decorators() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let files: &[(&str, &str)] = &[
        (
            "lib/cio.js",
            "const { TrackClient } = require(\"customerio-node\");\nmodule.exports = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY);\n",
        ),
        // Never names Customer.io: only the configured receiver name says it is a client.
        (
            "lib/jobs.js",
            "class Jobs {\n  constructor(crm) {\n    this.crm = crm;\n  }\n  async backfill(users) {\n    for (const u of users) {\n      await this.crm.identify(u.id, { email: u.email });\n    }\n  }\n}\nmodule.exports = Jobs;\n",
        ),
        (
            "svc/cio.go",
            "package svc\n\nimport customerio \"github.com/customerio/go-customerio/v3\"\n\nvar Client = customerio.NewTrackClient(\"\", \"\")\n",
        ),
        (
            "svc/jobs.go",
            "package svc\n\ntype Tracker interface{ Identify(string, map[string]any) error }\n\ntype Jobs struct{ crm Tracker }\n\nfunc (j *Jobs) Backfill(ids []string) {\n\tfor _, id := range ids {\n\t\tif err := j.crm.Identify(id, map[string]any{\"email\": id + \"@example.com\"}); err != nil {\n\t\t\tcontinue\n\t\t}\n\t}\n}\n",
        ),
        (
            "app/views.py",
            "from customerio import CustomerIO\n\ncio = CustomerIO(site_id=SITE_ID, api_key=API_KEY)\n\n\n@api_endpoint(\"/signup\")\ndef signup(payload):\n    user = create_user(payload)\n    cio.identify(id=user.id, email=user.email)\n    return {\"id\": user.id}\n",
        ),
    ];
    write_tree(root, files);
    let reported = || {
        findings_in(
            root,
            &[".", "--select", "unthrottled-loop,blocking-analytics"],
        )
    };
    assert!(reported().is_empty(), "{:?}", reported());
    std::fs::write(
        root.join("ciolint.toml"),
        "[settings]\nreceiver-names = [\"crm\"]\nhandler-decorators = [\"api_endpoint\"]\n",
    )
    .unwrap();
    let pair = |p: &str, r: &str| (p.to_string(), r.to_string());
    assert_eq!(
        reported(),
        [
            pair("app/views.py", "blocking-analytics"),
            pair("lib/jobs.js", "unthrottled-loop"),
            pair("svc/jobs.go", "unthrottled-loop"),
        ]
    );
}

#[test]
fn test_files_are_skipped_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let per_case_client = "const { TrackClient } = require(\"customerio-node\");\nit(\"identifies\", async () => {\n  const cio = new TrackClient(\"siteid\", \"apikey\");\n  await cio.identify(\"1\", { created_at: Date.now() });\n});\n";
    let leaked = "const { TrackClient } = require(\"customerio-node\");\nconst cio = new TrackClient(\"f82ad78f695bd32f9d99\", \"1a621ef65edfe6d3b6ae\");\nmodule.exports = cio;\n";
    let files: &[(&str, &str)] = &[
        ("src/signup.test.js", per_case_client),
        ("src/__tests__/jobs.js", per_case_client),
        ("src/real_keys.spec.ts", leaked),
        ("src/signup.js", per_case_client),
        (
            "pkg/cio_test.go",
            "package cio\n\nimport customerio \"github.com/customerio/go-customerio/v3\"\n\nfunc TestIdentify(t *testing.T) {\n\tcio := customerio.NewTrackClient(\"siteid\", \"apikey\")\n\t_ = cio.Identify(\"1\", map[string]any{\"created_at\": time.Now().UnixMilli()})\n}\n",
        ),
        (
            "app/test_signup.py",
            "from customerio import CustomerIO\n\n\ndef test_identify():\n    cio = CustomerIO(\"siteid\", \"apikey\")\n    cio.identify(id=\"1\", created_at=int(time.time() * 1000))\n",
        ),
        (
            "app/conftest.py",
            "from customerio import CustomerIO\n\n\ndef identified():\n    cio = CustomerIO(\"siteid\", \"apikey\")\n    cio.identify(id=\"1\", created_at=int(time.time() * 1000))\n",
        ),
        (
            "sdk/test/client.py",
            "import unittest\n\nfrom customerio import CustomerIO\n\n\nclass ClientTest(unittest.TestCase):\n    def test_identify(self):\n        cio = CustomerIO(\"siteid\", \"apikey\")\n        cio.identify(id=\"1\", created_at=int(time.time() * 1000))\n",
        ),
        (
            "spec/signup_spec.rb",
            "describe Signup do\n  it \"identifies\" do\n    cio = Customerio::Client.new(\"siteid\", \"apikey\")\n    cio.identify(id: 1, created_at: (Time.now.to_f * 1000).to_i)\n  end\nend\n",
        ),
        // Helpers and fixtures in a test directory are test code whatever their names.
        ("test/helpers/webhook_factory.js", per_case_client),
        (
            "packages/api/spec/support/cio.rb",
            "module CioSupport\n  def identified\n    cio = Customerio::Client.new(\"siteid\", \"apikey\")\n    cio.identify(id: 1, created_at: (Time.now.to_f * 1000).to_i)\n  end\nend\n",
        ),
        // A route directory named `test` is an endpoint, not a test.
        ("app/api/test/route.js", per_case_client),
    ];
    write_tree(root, files);
    let reported = |extra: &[&str]| {
        let mut args = vec!["."];
        args.extend_from_slice(extra);
        findings_in(root, &args)
    };
    let by_default = reported(&[]);
    // Test files are skipped; the plain module and the route get every rule.
    assert!(
        by_default
            .iter()
            .all(|(p, _)| p == "src/signup.js" || p == "app/api/test/route.js"),
        "{by_default:?}"
    );
    assert!(
        by_default
            .iter()
            .any(|(p, r)| p == "app/api/test/route.js" && r == "millisecond-timestamp")
    );
    assert!(
        by_default
            .iter()
            .any(|(p, r)| p == "src/signup.js" && r == "millisecond-timestamp")
    );
    // --include-tests runs every rule on them.
    let all = reported(&["--include-tests"]);
    for path in [
        "src/signup.test.js",
        "src/__tests__/jobs.js",
        "pkg/cio_test.go",
        "app/test_signup.py",
        "app/conftest.py",
        "spec/signup_spec.rb",
        "test/helpers/webhook_factory.js",
        "packages/api/spec/support/cio.rb",
    ] {
        assert!(
            all.iter()
                .any(|(p, r)| p == path && r == "millisecond-timestamp"),
            "{path}: {all:?}"
        );
    }
    assert!(
        all.iter()
            .any(|(p, r)| p == "src/real_keys.spec.ts" && r == "hardcoded-credential"),
        "{all:?}"
    );
}

#[test]
fn project_rules_run_per_project_root() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let js = |events: &[&str], plan: &str| {
        let mut s = String::from(
            "const { TrackClient } = require(\"customerio-node\");\nconst cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY);\n",
        );
        for (i, e) in events.iter().enumerate() {
            s.push_str(&format!(
                "export async function f{i}(user) {{\n  await cio.track(user.id, {{ name: \"{e}\" }});\n  await cio.identify(user.id, {{ email: user.email, plan: {plan} }});\n}}\n"
            ));
        }
        s
    };
    // Two repositories side by side (a `.git` directory each) and a monorepo whose services
    // have their own manifests: four projects, each consistent on its own.
    let storefront = js(&["Product Viewed", "Order Completed"], "\"premium\"");
    let billing = js(&["invoice_paid", "subscription_renewed"], "2");
    let api = js(&["user_signed_up"], "\"pro\"");
    let worker = "from customerio import CustomerIO\n\ncio = CustomerIO(site_id=SITE_ID, api_key=API_KEY)\n\n\ndef imported(user):\n    cio.track(user.id, \"UserSignedUp\")\n    cio.identify(id=user.id, email=user.email, plan=3)\n";
    write_tree(
        root,
        &[
            ("storefront/src/events.js", storefront.as_str()),
            ("billing/lib/events.js", billing.as_str()),
            ("monorepo/package.json", "{ \"private\": true }"),
            (
                "monorepo/services/api/package.json",
                "{ \"name\": \"api\" }",
            ),
            ("monorepo/services/api/src/signup.js", api.as_str()),
            (
                "monorepo/services/worker/requirements-prod.txt",
                "customerio\n",
            ),
            ("monorepo/services/worker/app/tasks.py", worker),
        ],
    );
    std::fs::create_dir_all(root.join("storefront/.git")).unwrap();
    std::fs::create_dir_all(root.join("billing/.git")).unwrap();
    let rules = [
        "--select",
        "attribute-type-drift,event-name-collision,event-name-style",
    ];
    let mut args = vec!["."];
    args.extend_from_slice(&rules);
    let found = findings_in(root, &args);
    assert!(found.is_empty(), "{found:?}");
    // The same files as one project disagree: the rules themselves still work.
    std::fs::remove_dir_all(root.join("storefront/.git")).unwrap();
    std::fs::remove_dir_all(root.join("billing/.git")).unwrap();
    std::fs::remove_file(root.join("monorepo/package.json")).unwrap();
    std::fs::remove_file(root.join("monorepo/services/api/package.json")).unwrap();
    std::fs::remove_file(root.join("monorepo/services/worker/requirements-prod.txt")).unwrap();
    let merged = findings_in(&root.join("monorepo"), &["..", rules[0], rules[1]]);
    for rule in [
        "attribute-type-drift",
        "event-name-collision",
        "event-name-style",
    ] {
        assert!(merged.iter().any(|(_, r)| r == rule), "{rule}: {merged:?}");
    }
    // Run from inside the monorepo's services, they belong to the monorepo's manifest above
    // the working directory: one project again.
    std::fs::write(root.join("monorepo/package.json"), "{}").unwrap();
    // Run from inside one service, the monorepo's services form one project again.
    let inside = findings_in(&root.join("monorepo/services"), &[".", rules[0], rules[1]]);
    assert!(
        inside
            .iter()
            .any(|(p, r)| p == "worker/app/tasks.py" && r == "event-name-collision"),
        "{inside:?}"
    );
}
