//! What findings say: the fixtures prove where findings are, these tests prove that each
//! message states what is true for that case (the SDK's real cost, a hash rather than the
//! address, a site id's lower severity) and gives advice that fits the language.

use ciolint::rules::{Finding, Severity};
use ciolint::{Config, Options, check};
use std::path::{Path, PathBuf};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

fn findings(rel: &str, rule: &str) -> Vec<Finding> {
    let mut options = Options::default();
    options.walk.threads = 1;
    options.config = Config {
        select: Some(vec![rule.to_string()]),
        ..Config::default()
    };
    check(&[fixture(rel)], &options).findings
}

/// The 1-based line of the first line of a fixture that contains `needle`.
fn line_of(rel: &str, needle: &str) -> u32 {
    let text = std::fs::read_to_string(fixture(rel)).unwrap();
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{rel}: no line contains {needle:?}")) as u32
        + 1
}

/// The findings of a rule on the line of a fixture that contains `needle`.
fn at<'a>(all: &'a [Finding], rel: &str, needle: &str) -> Vec<&'a Finding> {
    let line = line_of(rel, needle);
    let found: Vec<&Finding> = all.iter().filter(|f| f.span.line == line).collect();
    assert!(
        !found.is_empty(),
        "{rel}:{line}: no finding (have {:?})",
        all.iter()
            .map(|f| (f.span.line, &f.message))
            .collect::<Vec<_>>()
    );
    found
}

fn assert_says(f: &Finding, wanted: &[&str], not: &[&str]) {
    for w in wanted {
        assert!(
            f.message.contains(w),
            "{}:{}: message lacks {w:?}: {}",
            f.path,
            f.span.line,
            f.message
        );
    }
    for n in not {
        assert!(
            !f.message.contains(n),
            "{}:{}: message should not say {n:?}: {}",
            f.path,
            f.span.line,
            f.message
        );
    }
}

#[test]
fn mutable_customer_id_names_a_hash_or_an_encoding_of_the_email() {
    let cases: &[(&str, &[(&str, &str)])] = &[
        (
            "mutable-customer-id/javascript/bad_derived.js",
            &[
                ("createHash(\"sha256\")", "a hash of the e-mail"),
                ("md5(user.email", "a hash of the e-mail"),
                ("toString(\"base64\")", "an encoding of the e-mail"),
                ("hashEmail(", "a hash of the e-mail"),
            ],
        ),
        (
            "mutable-customer-id/typescript/bad_derived.ts",
            &[
                ("createHash(\"sha256\")", "a hash of the e-mail"),
                ("sha1(user.email", "a hash of the e-mail"),
                ("base64url", "an encoding of the e-mail"),
                ("btoa(email)", "an encoding of the e-mail"),
            ],
        ),
        (
            "mutable-customer-id/python/bad_derived.py",
            &[
                ("sha256(user.email", "a hash of the e-mail"),
                ("md5(user.email.lower()", "a hash of the e-mail"),
                ("b64encode(user.email", "an encoding of the e-mail"),
                ("urlsafe_b64encode", "an encoding of the e-mail"),
            ],
        ),
        (
            "mutable-customer-id/ruby/bad_derived.rb",
            &[
                ("SHA256.hexdigest(user.email)", "a hash of the e-mail"),
                ("MD5.hexdigest(user.email.downcase)", "a hash of the e-mail"),
                ("strict_encode64", "an encoding of the e-mail"),
                ("urlsafe_encode64", "an encoding of the e-mail"),
            ],
        ),
        (
            "mutable-customer-id/go/bad_derived.go",
            &[
                ("sha256.Sum256", "a hash of the e-mail"),
                ("md5.Sum", "a hash of the e-mail"),
                ("StdEncoding", "an encoding of the e-mail"),
                ("URLEncoding", "an encoding of the e-mail"),
            ],
        ),
    ];
    for (rel, lines) in cases {
        let all = findings(rel, "mutable-customer-id");
        for (needle, says) in *lines {
            for f in at(&all, rel, needle) {
                assert_says(f, &[says], &["uses an e-mail address as"]);
            }
        }
    }
    // The address itself is still called an address.
    let rel = "mutable-customer-id/javascript/bad.js";
    let all = findings(rel, "mutable-customer-id");
    for f in at(&all, rel, "cio.track(user.email") {
        assert_says(f, &["uses an e-mail address as the customer id"], &["hash"]);
    }
}

#[test]
fn client_per_request_states_the_cost_of_that_sdk_and_fitting_advice() {
    let module_scope = "module scope";
    // (fixture, line needle, must say, must not say)
    let cases: &[(&str, &str, &[&str], &[&str])] = &[
        (
            "client-per-request/go/bad.go",
            "track := customerio.NewTrackClient",
            &["transport", "TLS handshake", "at startup"],
            &[module_scope],
        ),
        (
            "client-per-request/go/bad.go",
            "client := analytics.New",
            &["goroutine", "Close()"],
            &[module_scope, "TLS"],
        ),
        (
            "client-per-request/go/bad_consumer.go",
            "api := customerio.NewAPIClient",
            &["transport", "at startup"],
            &[module_scope],
        ),
        (
            "client-per-request/javascript/bad.js",
            "const cio = new TrackClient",
            &["no connection pool", "retry policy", module_scope],
            &["TLS handshake"],
        ),
        (
            "client-per-request/javascript/bad.js",
            "const analytics = new Analytics",
            &["flush timer", "closeAndFlush()", "lost"],
            &["TLS handshake"],
        ),
        (
            "client-per-request/javascript/bad_jobs.js",
            "const api = new APIClient",
            &["no connection pool"],
            &["TLS handshake"],
        ),
        (
            "client-per-request/typescript/bad.ts",
            "const api = new APIClient",
            &["no connection pool", module_scope],
            &["TLS handshake"],
        ),
        (
            "client-per-request/python/bad.py",
            "cio = CustomerIO(site_id=SITE_ID",
            &[
                "requests.Session",
                "TLS handshake",
                "one client per process",
            ],
            &[module_scope],
        ),
        (
            "client-per-request/python/bad.py",
            "client = Client(WRITE_KEY)",
            &["thread", "queued"],
            &[module_scope, "TLS"],
        ),
        (
            "client-per-request/python/bad_tasks.py",
            "cio = CustomerIO(",
            &["one client per process", "module-level constant"],
            &[module_scope],
        ),
        (
            "client-per-request/python/bad_tasks.py",
            "api = APIClient(",
            &["one client per process", "module-level constant"],
            &[module_scope],
        ),
        (
            "client-per-request/ruby/bad.rb",
            "cio = Customerio::Client.new",
            &["Net::HTTP", "initializer"],
            &[module_scope, "connection pool"],
        ),
        (
            "client-per-request/ruby/bad_jobs.rb",
            "cio = Customerio::Client.new",
            &["once per job", "one client per process", "initializer"],
            &[module_scope],
        ),
        (
            "client-per-request/ruby/bad_jobs.rb",
            "api = Customerio::APIClient.new",
            &["once per job", "initializer"],
            &[module_scope],
        ),
    ];
    for (rel, needle, says, not) in cases {
        let all = findings(rel, "client-per-request");
        for f in at(&all, rel, needle) {
            assert_says(f, says, not);
        }
    }
}

#[test]
fn hardcoded_site_id_is_a_warning_and_a_key_an_error() {
    for rel in [
        "hardcoded-credential/javascript/site_id.js",
        "hardcoded-credential/typescript/site_id.ts",
        "hardcoded-credential/python/site_id.py",
        "hardcoded-credential/ruby/site_id.rb",
        "hardcoded-credential/go/site_id.go",
    ] {
        let all = findings(rel, "hardcoded-credential");
        assert_eq!(all.len(), 4, "{rel}: {all:?}");
        for f in &all {
            assert_eq!(f.severity, Severity::Warning, "{rel}: {}", f.message);
            assert_says(f, &["site id", "browser snippet"], &["rotate"]);
        }
    }
    for rel in [
        "hardcoded-credential/javascript/bad.js",
        "hardcoded-credential/python/bad.py",
        "hardcoded-credential/ruby/bad.rb",
        "hardcoded-credential/go/bad.go",
        "hardcoded-credential/typescript/bad.ts",
    ] {
        let all = findings(rel, "hardcoded-credential");
        let (site, keys): (Vec<&Finding>, Vec<&Finding>) =
            all.iter().partition(|f| f.message.contains("site id"));
        // The first client of each file has a hardcoded site id and key.
        assert!(!site.is_empty(), "{rel}: no site id finding");
        for f in site {
            assert_eq!(f.severity, Severity::Warning, "{rel}: {}", f.message);
        }
        assert!(!keys.is_empty(), "{rel}: no key finding");
        for f in keys {
            assert_eq!(f.severity, Severity::Error, "{rel}: {}", f.message);
            assert_says(f, &["rotate the key"], &["browser snippet"]);
        }
    }
}

#[test]
fn event_name_style_names_the_projects_style_and_points_at_a_name_in_it() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/projects/event-name-style/bad-sentence-outlier");
    let mut options = Options::default();
    options.walk.threads = 1;
    options.config = Config {
        select: Some(vec!["event-name-style".to_string()]),
        ..Config::default()
    };
    let all = check(&[dir], &options).findings;
    assert_eq!(all.len(), 3, "{all:?}");
    for f in &all {
        assert_says(f, &["this project names its events in Sentence case"], &[]);
        assert_eq!(f.related.len(), 1, "{f:?}");
        assert!(
            f.related[0].message.contains("Sentence case"),
            "{:?}",
            f.related
        );
    }
    let by_line = |needle: &str| {
        all.iter()
            .find(|f| f.message.contains(needle))
            .unwrap_or_else(|| panic!("no finding for {needle}: {all:?}"))
    };
    assert_says(
        by_line("\"plan_upgraded\""),
        &["use \"Plan upgraded\""],
        &[],
    );
    assert_says(by_line("\"Invoice Paid\""), &["is Title Case"], &[]);
    assert_says(by_line("\"chargebackOpened\""), &["is camelCase"], &[]);
}
