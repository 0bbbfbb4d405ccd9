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
