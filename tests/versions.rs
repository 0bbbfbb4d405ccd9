//! Version-aware severities and messages: the same Ruby timestamp mistake is an error where
//! the installed customerio gem raises on it (6.1+) and a warning where it is dropped.

use ciolint::rules::Severity;
use ciolint::{Config, Options, check};
use std::path::Path;

fn findings(dir: &str, rule: &str) -> Vec<(Severity, String)> {
    let mut options = Options::default();
    options.walk.threads = 1;
    options.config = Config {
        select: Some(vec![rule.to_string()]),
        ..Config::default()
    };
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    check(&[path], &options)
        .findings
        .into_iter()
        .map(|f| (f.severity, f.message))
        .collect()
}

#[test]
fn ruby_timestamps_raise_from_gem_6_1() {
    let raised = findings(
        "tests/fixtures/non-unix-timestamp/ruby/gem61",
        "non-unix-timestamp",
    );
    assert_eq!(raised.len(), 1);
    assert_eq!(raised[0].0, Severity::Error);
    assert!(
        raised[0]
            .1
            .contains("6.1.0 (locked in Gemfile.lock) raises ParamError"),
        "{}",
        raised[0].1
    );

    let dropped = findings(
        "tests/fixtures/non-unix-timestamp/ruby/gem60",
        "non-unix-timestamp",
    );
    assert_eq!(dropped.len(), 1);
    assert_eq!(dropped[0].0, Severity::Warning);
    assert!(
        dropped[0]
            .1
            .contains("6.0.2 (locked in Gemfile.lock) drops it silently"),
        "{}",
        dropped[0].1
    );

    let millis = findings(
        "tests/fixtures/millisecond-timestamp/ruby/gem61",
        "millisecond-timestamp",
    );
    assert_eq!(millis.len(), 1);
    assert!(millis[0].1.contains("raises ParamError"), "{}", millis[0].1);
}

#[test]
fn a_check_of_a_subdirectory_still_reads_the_manifest_above_it() {
    let inside = findings(
        "tests/fixtures/sdk-breaking-call-shape/python/services/current/app",
        "sdk-breaking-call-shape",
    );
    assert_eq!(inside.len(), 4, "{inside:?}");
    assert!(
        inside[0].1.contains("customerio 3.0.0 (locked in uv.lock)"),
        "{}",
        inside[0].1
    );
}

/// What a client built per request costs depends on the release: go-customerio's App API
/// client shared `http.DefaultClient` until 3.9; Python's customerio connected per call until
/// 0.1.10, then kept one connection per client.
#[test]
fn client_per_request_states_the_cost_of_the_installed_release() {
    let messages = |dir: &str| -> Vec<String> {
        let mut m: Vec<String> = findings(dir, "client-per-request")
            .into_iter()
            .map(|(_, message)| message)
            .collect();
        m.sort();
        m
    };
    let old = messages("tests/fixtures/client-per-request/go/sdk38");
    assert_eq!(old.len(), 2, "{old:?}");
    let app = old
        .iter()
        .find(|m| m.contains("App API client"))
        .expect("App API message");
    assert!(app.contains("shared http.DefaultClient"), "{app}");
    assert!(!app.contains("its own connection pool"), "{app}");
    let track = old.iter().find(|m| !m.contains("App API client")).unwrap();
    assert!(track.contains("its own connection pool"), "{track}");

    let new = messages("tests/fixtures/client-per-request/go/sdk39");
    assert_eq!(new.len(), 2, "{new:?}");
    assert!(
        new.iter().all(|m| m.contains("its own connection pool")),
        "{new:?}"
    );

    let kept = messages("tests/fixtures/client-per-request/python/sdk01");
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(
        kept[0].contains("keep one HTTPS connection per client"),
        "{}",
        kept[0]
    );
    assert!(!kept[0].contains("requests.Session"), "{}", kept[0]);
    let per_call = messages("tests/fixtures/client-per-request/python/sdk013");
    assert_eq!(per_call.len(), 1, "{per_call:?}");
    assert!(
        per_call[0].contains("new connection on every call anyway"),
        "{}",
        per_call[0]
    );
}
