//! `check_with_overlays`: in-memory contents (an editor's unsaved buffers) replace the files
//! on disk for the whole pipeline, so cross-file rules see the project as it is being edited.

use ciolint::{Options, Overlays, check, check_with_overlays};
use std::fs;
use std::path::{Path, PathBuf};

const CLIENT: &str = r#"const { TrackClient } = require("customerio-node");
const cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY);
module.exports = { cio };
"#;

const CLEAN_SIGNUP: &str = r#"const { cio } = require("./lib/client");
async function signup(user) {
  await cio.identify(user.id, { email: user.email, created_at: Math.floor(Date.now() / 1000) });
}
module.exports = { signup };
"#;

const MS_SIGNUP: &str = r#"const { cio } = require("./lib/client");
async function signup(user) {
  await cio.identify(user.id, { email: user.email, created_at: Date.now() });
}
module.exports = { signup };
"#;

fn project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    fs::create_dir_all(root.join("lib")).unwrap();
    fs::write(root.join("lib/client.js"), CLIENT).unwrap();
    fs::write(root.join("package.json"), "{}").unwrap();
    (dir, root)
}

fn options() -> Options {
    let mut o = Options::default();
    o.walk.threads = 2;
    o
}

fn rules_in(report: &ciolint::Report, file: &str) -> Vec<&'static str> {
    report
        .findings
        .iter()
        .filter(|f| Path::new(&f.path).ends_with(file))
        .map(|f| f.rule)
        .collect()
}

#[test]
fn an_unsaved_mistake_is_reported_and_the_disk_stays_clean() {
    let (_dir, root) = project();
    let signup = root.join("signup.js");
    fs::write(&signup, CLEAN_SIGNUP).unwrap();
    let on_disk = check(std::slice::from_ref(&root), &options());
    assert!(!rules_in(&on_disk, "signup.js").contains(&"millisecond-timestamp"));

    let overlays = Overlays::new([(signup.clone(), MS_SIGNUP.as_bytes().to_vec())]);
    let edited = check_with_overlays(std::slice::from_ref(&root), &options(), overlays);
    assert!(
        rules_in(&edited, "signup.js").contains(&"millisecond-timestamp"),
        "{:?}",
        edited.findings
    );
    assert_eq!(fs::read_to_string(&signup).unwrap(), CLEAN_SIGNUP);
}

#[test]
fn an_unsaved_fix_hides_the_finding_on_disk() {
    let (_dir, root) = project();
    let signup = root.join("signup.js");
    fs::write(&signup, MS_SIGNUP).unwrap();
    let on_disk = check(std::slice::from_ref(&root), &options());
    assert!(rules_in(&on_disk, "signup.js").contains(&"millisecond-timestamp"));

    let overlays = Overlays::new([(signup, CLEAN_SIGNUP.as_bytes().to_vec())]);
    let edited = check_with_overlays(std::slice::from_ref(&root), &options(), overlays);
    assert!(!rules_in(&edited, "signup.js").contains(&"millisecond-timestamp"));
}

#[test]
fn a_file_that_only_mentions_customerio_in_its_buffer_is_resolved_across_files() {
    let (_dir, root) = project();
    // On disk the file has nothing to do with Customer.io: the prefilter drops it.
    let signup = root.join("signup.js");
    fs::write(&signup, "module.exports = {};\n").unwrap();
    let edited = check_with_overlays(
        std::slice::from_ref(&root),
        &options(),
        Overlays::new([(signup, MS_SIGNUP.as_bytes().to_vec())]),
    );
    // The client comes from lib/client.js: the finding needs the resolver across files.
    assert!(
        rules_in(&edited, "signup.js").contains(&"millisecond-timestamp"),
        "{:?}",
        edited.findings
    );
}

#[test]
fn templates_are_read_from_overlays_too() {
    let (_dir, root) = project();
    fs::write(root.join("signup.js"), CLEAN_SIGNUP).unwrap();
    let template = root.join("welcome.html");
    fs::write(
        &template,
        "<p>Hi {{ customer.first_name }}</p><a href=\"{% unsubscribe_url %}\">Unsubscribe</a>\n",
    )
    .unwrap();
    let edited = check_with_overlays(
        std::slice::from_ref(&root),
        &options(),
        Overlays::new([(
            template,
            b"<p>Hi {{ customer.first_name }}</p><a href=\"{{ unsubscribe_url }}\">Unsubscribe</a>\n"
                .to_vec(),
        )]),
    );
    assert!(
        rules_in(&edited, "welcome.html").contains(&"unsubscribe-tag-syntax"),
        "{:?}",
        edited.findings
    );
}
