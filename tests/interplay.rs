//! Rules that stay silent where another rule names the same mistake on the same line.

use ciolint::{Config, Options, check};
use std::path::Path;

fn findings(dir: &str, rules: &[&str]) -> Vec<(String, String, u32)> {
    let mut options = Options::default();
    options.walk.threads = 1;
    options.config = Config {
        select: Some(rules.iter().map(|r| r.to_string()).collect()),
        ..Config::default()
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let report = check(&[root], &options);
    report
        .findings
        .iter()
        .map(|f| {
            let file = Path::new(&f.path)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (f.rule.to_string(), file, f.span.line)
        })
        .collect()
}

#[test]
fn mutable_customer_id_is_silent_where_identity_split_reports() {
    let both = &["identity-split", "mutable-customer-id"];
    let found = findings("tests/projects/identity-split/bad-node", both);
    let split: Vec<_> = found
        .iter()
        .filter(|(rule, _, _)| rule == "identity-split")
        .collect();
    assert_eq!(split.len(), 3, "{found:?}");
    assert!(
        !found
            .iter()
            .any(|(rule, _, _)| rule == "mutable-customer-id"),
        "{found:?}"
    );
    // Alone, mutable-customer-id reports the same lines.
    let alone = findings(
        "tests/projects/identity-split/bad-node",
        &["mutable-customer-id"],
    );
    for (_, file, line) in split {
        assert!(
            alone.iter().any(|(_, f, l)| f == file && l == line),
            "{file}:{line} in {alone:?}"
        );
    }
}

#[test]
fn mutable_customer_id_still_reports_where_identity_split_is_silent() {
    let both = &["identity-split", "mutable-customer-id"];
    let found = findings(
        "tests/projects/identity-split/good-uid-identifies-send-email",
        both,
    );
    assert!(
        found
            .iter()
            .all(|(rule, _, _)| rule == "mutable-customer-id"),
        "{found:?}"
    );
    assert_eq!(found.len(), 2, "{found:?}");
}
