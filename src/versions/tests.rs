//! The readers on realistic lockfiles of every format (`tests/versions/`), and resolution
//! across a monorepo's sub-projects.

use super::readers::{ManifestKind, declared, locked};
use super::*;

fn sample(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/versions")
            .join(name),
    )
    .unwrap()
}

/// `name version [keys]` for every Customer.io entry of a lockfile.
fn locked_in(kind: ManifestKind, file: &str) -> Vec<String> {
    let mut out: Vec<String> = locked(kind, &sample(file))
        .into_iter()
        .map(|l| format!("{} {} {:?}", l.package.name, l.version, l.keys))
        .collect();
    out.sort();
    out
}

#[test]
fn package_lock_v1_and_v3() {
    assert_eq!(
        locked_in(ManifestKind::PackageLock, "package-lock-v1.json"),
        ["customerio-node 3.3.6 [\"\"]"]
    );
    assert_eq!(
        locked_in(ManifestKind::PackageLock, "package-lock-v3.json"),
        [
            "customerio-node 3.5.1 [\"apps/worker\"]",
            "customerio-node 4.5.1 [\"\"]"
        ]
    );
}

#[test]
fn yarn_classic_and_berry() {
    assert_eq!(
        locked_in(ManifestKind::YarnLock, "yarn-classic.lock"),
        [
            "@customerio/cdp-analytics-node 0.5.9 [\"@customerio/cdp-analytics-node@^0.5.0\"]",
            "customerio-node 3.3.6 [\"customerio-node@^3.1.0\", \"customerio-node@^3.3.0\"]",
            "customerio-node 5.0.1 [\"customerio-node@^5.0.0\"]",
        ]
    );
    assert_eq!(
        locked_in(ManifestKind::YarnLock, "yarn-berry.lock"),
        ["customerio-node 4.4.0 [\"customerio-node@^4.0.0\"]"]
    );
}

#[test]
fn pnpm_v5_and_v9() {
    assert_eq!(
        locked_in(ManifestKind::PnpmLock, "pnpm-lock-v5.yaml"),
        ["customerio-node 3.1.4 [\"\"]"]
    );
    assert_eq!(
        locked_in(ManifestKind::PnpmLock, "pnpm-lock-v9.yaml"),
        [
            "@customerio/cdp-analytics-node 0.5.9 [\"services/notify\"]",
            "customerio-node 4.5.1 [\"services/notify\"]",
        ]
    );
}

#[test]
fn python_lockfiles() {
    assert_eq!(
        locked_in(ManifestKind::PoetryLock, "poetry.lock"),
        ["customerio 2.1.0 []"]
    );
    assert_eq!(
        locked_in(ManifestKind::UvLock, "uv.lock"),
        ["customerio 3.0.0 []"]
    );
    assert_eq!(
        locked_in(ManifestKind::PipfileLock, "Pipfile.lock"),
        ["customerio 2.4.0 []"]
    );
}

#[test]
fn gemfile_lock_and_go_mod() {
    // The `DEPENDENCIES` section's `customerio (~> 6.0)` is a requirement, not a version.
    assert_eq!(
        locked_in(ManifestKind::GemfileLock, "Gemfile.lock"),
        ["customerio 6.1.0 []"]
    );
    let go: Vec<String> = declared(ManifestKind::GoMod, &sample("go.mod"))
        .iter()
        .map(|d| format!("{} {} line {}", d.package.name, d.spec, d.span.line))
        .collect();
    assert_eq!(go, ["github.com/customerio/go-customerio v3.8.0 line 6"]);
}

#[test]
fn manifests_declare_with_their_own_syntax() {
    let py = "[project]\nname = \"notify\"\ndependencies = [\n  \"requests>=2\",\n  \"customerio>=3,<4\",\n]\n\n[tool.poetry.dependencies]\nasync_customerio = \"^2.14\"\n";
    let got: Vec<String> = declared(ManifestKind::Pyproject, py)
        .iter()
        .map(|d| {
            format!(
                "{} {} {} line {}",
                d.package.name,
                d.spec,
                d.range.unwrap(),
                d.span.line
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "customerio >=3,<4 >=3.0.0, <4.0.0 line 5",
            "async-customerio ^2.14 >=2.14.0, <3.0.0 line 9"
        ]
    );
    let gems =
        "source 'https://rubygems.org'\n\ngem 'rails', '~> 7.1'\ngem 'customerio', '~> 5.0'\n";
    let got = declared(ManifestKind::Gemfile, gems);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].range.unwrap().to_string(), ">=5.0.0, <6.0.0");
    assert_eq!(got[0].span.line, 4);
}

fn file(path: &str, kind: ManifestKind, text: String) -> ManifestFile {
    ManifestFile {
        path: path.to_string(),
        kind,
        text,
        checked: true,
    }
}

#[test]
fn monorepo_workspaces_resolve_to_their_own_entries() {
    let root = "/mono";
    let files = vec![
        file(
            "/mono/package.json",
            ManifestKind::PackageJson,
            "{\"workspaces\": [\"apps/*\"]}".into(),
        ),
        file(
            "/mono/package-lock.json",
            ManifestKind::PackageLock,
            sample("package-lock-v3.json"),
        ),
        file(
            "/mono/apps/api/package.json",
            ManifestKind::PackageJson,
            "{\"dependencies\": {\"customerio-node\": \"^4.1.0\"}}".into(),
        ),
        file(
            "/mono/apps/worker/package.json",
            ManifestKind::PackageJson,
            "{\"dependencies\": {\"customerio-node\": \"^3.0.0\"}}".into(),
        ),
        file(
            "/mono/billing/requirements.txt",
            ManifestKind::Requirements,
            "customerio>=3.0\n".into(),
        ),
    ];
    let versions = SdkVersions::build(&files);
    let at = |p: &str, sdk| {
        versions
            .for_file(&format!("{root}/{p}"), sdk)
            .map(|v| v.describe())
    };
    assert_eq!(
        at("apps/api/src/signup.ts", Sdk::CustomerioNode).as_deref(),
        Some("4.5.1 (locked in package-lock.json)")
    );
    assert_eq!(
        at("apps/worker/jobs/digest.js", Sdk::CustomerioNode).as_deref(),
        Some("3.5.1 (locked in package-lock.json)")
    );
    assert_eq!(
        at("billing/app/track.py", Sdk::CustomerioPython).as_deref(),
        Some("`>=3.0` (requirements.txt)")
    );
    assert_eq!(at("billing/app/track.py", Sdk::CustomerioNode), None);
    assert_eq!(at("docs/x.js", Sdk::CustomerioNode), None);
}

#[test]
fn yarn_entries_match_the_manifest_requirement() {
    let files = vec![
        file(
            "/w/a/package.json",
            ManifestKind::PackageJson,
            "{\"dependencies\": {\"customerio-node\": \"^5.0.0\"}}".into(),
        ),
        file(
            "/w/b/package.json",
            ManifestKind::PackageJson,
            "{\"dependencies\": {\"customerio-node\": \"^3.3.0\"}}".into(),
        ),
        file(
            "/w/yarn.lock",
            ManifestKind::YarnLock,
            sample("yarn-classic.lock"),
        ),
    ];
    let versions = SdkVersions::build(&files);
    let v = |p| {
        versions
            .for_file(p, Sdk::CustomerioNode)
            .unwrap()
            .range
            .single()
    };
    assert_eq!(v("/w/a/x.js"), Some(Version::new(5, 0, 1)));
    assert_eq!(v("/w/b/x.js"), Some(Version::new(3, 3, 6)));
}

#[test]
fn package_names() {
    assert!(package_named(Ecosystem::PyPI, "Async_CustomerIO").is_some());
    assert!(package_named(Ecosystem::Go, "github.com/customerio/go-customerio/v3").is_some());
    assert!(package_named(Ecosystem::Go, "github.com/mrz1836/go-customerio").is_none());
    assert!(package_named(Ecosystem::Npm, "customerio").is_none());
    assert!(may_name_sdk(b"gem 'CustomerIO'"));
    assert!(!may_name_sdk(b"{\"dependencies\": {\"express\": \"4\"}}"));
}
