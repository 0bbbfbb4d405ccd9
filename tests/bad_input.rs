//! Bad input never stops a scan: each odd file gets a clear note and every other file is
//! still checked.

use ciolint::{Options, check};
use std::fs;
use std::path::Path;

/// A file with one real mistake, to prove the rest of the scan completed.
const GOOD_SIGNAL: &str = r#"const { TrackClient } = require("customerio-node");
const cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY);
async function signup(user) {
  await cio.identify(user.id, { email: user.email, created_at: Date.now() });
}
module.exports = { signup };
"#;

fn options() -> Options {
    let mut o = Options::default();
    o.walk.threads = 2;
    o
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let p = dir.join(name);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, bytes).unwrap();
}

fn assert_signal_found(report: &ciolint::Report) {
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.rule == "millisecond-timestamp" && f.path.ends_with("signal.js")),
        "the ordinary file was not scanned: {:?}",
        report
            .findings
            .iter()
            .map(|f| (&f.path, f.rule))
            .collect::<Vec<_>>()
    );
}

fn note_for<'a>(report: &'a ciolint::Report, file: &str) -> Option<&'a str> {
    report
        .notes
        .iter()
        .find(|n| n.path.ends_with(file))
        .map(|n| n.message.as_str())
}

#[test]
fn binary_invalid_utf8_and_utf16_files() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "signal.js", GOOD_SIGNAL.as_bytes());
    let mut binary = b"customerio\x00\x01\x02\xff\xfe".to_vec();
    binary.extend(std::iter::repeat_n(0u8, 4096));
    write(dir.path(), "image.js", &binary);
    let mut invalid = GOOD_SIGNAL.replace("signup", "signup2").into_bytes();
    invalid.extend_from_slice(b"\n// \xff\xfe\xc3\x28 broken bytes\nconst s = \"\xe2\x82\";\n");
    write(dir.path(), "latin1.js", &invalid);
    let utf16: Vec<u8> = [0xFFu8, 0xFE]
        .into_iter()
        .chain(
            "const customerio = 1;"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        )
        .collect();
    write(dir.path(), "wide.ts", &utf16);
    write(dir.path(), "empty.js", b"");

    let report = check(&[dir.path().to_path_buf()], &options());
    assert_signal_found(&report);
    assert_eq!(note_for(&report, "image.js"), Some("skipped: binary file"));
    assert!(note_for(&report, "wide.ts").unwrap().contains("UTF-16"));
    // Invalid UTF-8 is read with replacement characters and still analysed.
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.path.ends_with("latin1.js") && f.rule == "millisecond-timestamp")
    );
}

#[test]
fn huge_minified_bundle_is_skipped_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "signal.js", GOOD_SIGNAL.as_bytes());
    let mut bundle = String::from("var customerio=require(\"customerio-node\");");
    while bundle.len() < 5 * 1024 * 1024 {
        bundle.push_str("function a(b){return b.track(b.id,{name:\"x\",created_at:Date.now()})};var c=[1,2,3].map(function(d){return d*2});");
    }
    write(dir.path(), "public/bundle.min.js", bundle.as_bytes());

    let report = check(&[dir.path().to_path_buf()], &options());
    assert_signal_found(&report);
    assert!(
        note_for(&report, "bundle.min.js")
            .unwrap()
            .contains("exceeds the 2.0 MB size limit")
    );

    let mut big_limit = options();
    big_limit.walk.max_file_size = 64 << 20;
    let report = check(&[dir.path().to_path_buf()], &big_limit);
    assert_signal_found(&report);
    assert!(
        note_for(&report, "bundle.min.js")
            .unwrap()
            .contains("minified")
    );
}

#[test]
fn twenty_thousand_deep_nesting_does_not_overflow() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "signal.js", GOOD_SIGNAL.as_bytes());
    let depth = 20_000;
    let parens = format!(
        "const {{ TrackClient }} = require(\"customerio-node\");\nconst cio = new TrackClient(a, b);\nconst x = {}cio.track(id, {{ name: \"deep\", timestamp: Date.now() }}){};\n",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    write(dir.path(), "parens.js", parens.as_bytes());
    let arrays = format!(
        "const customerio = {}1{};\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    write(dir.path(), "arrays.js", arrays.as_bytes());
    let sum = format!("const customerio = 1{};\n", " +\n a".repeat(depth));
    write(dir.path(), "sum.ts", sum.as_bytes());
    let arrows = format!("const customerio = {}0;\n", "() =>\n".repeat(depth));
    write(dir.path(), "arrows.js", arrows.as_bytes());
    let calls = format!(
        "cio.track(id, {{ name: {}\"x\"{} }});\n",
        "f(".repeat(depth),
        ")".repeat(depth)
    );
    write(dir.path(), "calls.js", calls.as_bytes());

    let report = check(&[dir.path().to_path_buf()], &options());
    assert_signal_found(&report);
    assert!(
        note_for(&report, "arrays.js")
            .unwrap()
            .contains("nesting deeper than")
    );
    assert!(
        note_for(&report, "arrows.js")
            .unwrap()
            .contains("nesting deeper than")
    );
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_symlink_loops() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "signal.js", GOOD_SIGNAL.as_bytes());
    write(dir.path(), "secret/locked.js", b"const customerio = 1;");
    let locked = dir.path().join("secret/locked.js");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    symlink(dir.path(), dir.path().join("loop")).unwrap();
    let report = check(&[dir.path().to_path_buf()], &options());
    assert_signal_found(&report);
    // Root can read anything; elsewhere the unreadable file must get a note.
    if fs::read(&locked).is_err() {
        assert!(
            note_for(&report, "locked.js")
                .unwrap()
                .contains("could not read")
        );
    }
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o644)).unwrap();
}

#[test]
fn a_missing_path_beside_a_real_one_still_scans_the_real_one() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "signal.js", GOOD_SIGNAL.as_bytes());
    let report = check(
        &[dir.path().join("nope"), dir.path().to_path_buf()],
        &options(),
    );
    assert_signal_found(&report);
    assert_eq!(report.errors.len(), 1);
    assert!(!report.nothing_scanned);
}

#[test]
fn fifty_megabyte_bundle_and_generated_files_are_skipped_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "signal.js", GOOD_SIGNAL.as_bytes());
    let chunk =
        "function a(b){return b.track(b.id,{name:\"x\",created_at:Date.now()})};var customerio=1;";
    let bundle = chunk.repeat(50 * 1024 * 1024 / chunk.len() + 1);
    write(dir.path(), "public/app.min.js", bundle.as_bytes());
    let generated = format!("// Code generated by protoc-gen-cio. DO NOT EDIT.\n{GOOD_SIGNAL}");
    write(dir.path(), "gen/client.js", generated.as_bytes());

    let mut opts = options();
    opts.walk.max_file_size = 128 << 20;
    let report = check(&[dir.path().to_path_buf()], &opts);
    assert_signal_found(&report);
    assert!(
        note_for(&report, "app.min.js")
            .unwrap()
            .contains("minified")
    );
    assert!(
        note_for(&report, "client.js")
            .unwrap()
            .contains("generated")
    );
    assert!(
        !report
            .findings
            .iter()
            .any(|f| f.path.ends_with("client.js"))
    );

    opts.walk.include_generated = true;
    let report = check(&[dir.path().to_path_buf()], &opts);
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.path.ends_with("gen/client.js"))
    );
}

#[test]
fn hundred_thousand_deep_nesting_and_ten_thousand_line_strings() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "signal.js", GOOD_SIGNAL.as_bytes());
    let depth = 100_000;
    let nested = format!(
        "const customerio = {}1{};\n",
        "(\n".repeat(depth),
        "\n)".repeat(depth)
    );
    write(dir.path(), "deep.js", nested.as_bytes());
    let py = format!(
        "import customerio\nx = {}1{}\n",
        "[\n".repeat(depth),
        "\n]".repeat(depth)
    );
    write(dir.path(), "deep.py", py.as_bytes());
    let long_string = format!(
        "const customerio = `{}`;\ncio.track(id, {{ name: \"after_the_string\", timestamp: Date.now() }});\n",
        "line of text\n".repeat(10_000)
    );
    write(dir.path(), "strings.js", long_string.as_bytes());
    let rb = format!(
        "require \"customerio\"\n$customerio = Customerio::Client.new(ENV[\"S\"], ENV[\"K\"])\nX = <<~TEXT\n{}TEXT\n$customerio.track(1, \"after\", {{}}, timestamp: Time.now.to_f * 1000)\n",
        "line\n".repeat(10_000)
    );
    write(dir.path(), "strings.rb", rb.as_bytes());

    let report = check(&[dir.path().to_path_buf()], &options());
    assert_signal_found(&report);
    assert!(
        note_for(&report, "deep.js")
            .unwrap()
            .contains("nesting deeper than")
    );
    assert!(
        note_for(&report, "deep.py")
            .unwrap()
            .contains("nesting deeper than")
    );
    // Code after a 10,000-line string is still analysed.
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.path.ends_with("strings.js") && f.span.line == 10_002)
    );
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.path.ends_with("strings.rb"))
    );
}

#[cfg(unix)]
#[test]
fn non_utf8_file_names_and_unreadable_directories() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "signal.js", GOOD_SIGNAL.as_bytes());
    let odd = dir.path().join(OsStr::from_bytes(b"caf\xe9-\xff.js"));
    fs::write(&odd, GOOD_SIGNAL).unwrap();
    let locked = dir.path().join("locked");
    fs::create_dir_all(&locked).unwrap();
    fs::write(locked.join("x.js"), GOOD_SIGNAL).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let report = check(&[dir.path().to_path_buf()], &options());
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    assert_signal_found(&report);
    // The oddly named file is scanned and shown with replacement characters.
    assert!(report.findings.iter().any(|f| f.path.contains("caf")
        && f.path.ends_with(".js")
        && f.rule == "millisecond-timestamp"));
    // Without permission (not root), the directory gets a note instead of stopping the run.
    if fs::read_dir(&locked).is_err() {
        assert!(report.notes.iter().any(|n| n.message.contains("locked")));
    }
}

#[test]
fn prefilter_loses_nothing() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let paths: Vec<std::path::PathBuf> = ["examples", "tests/fixtures", "tests/projects"]
        .iter()
        .map(|p| root.join(p))
        .collect();
    let fast = check(&paths, &options());
    let mut slow_opts = options();
    slow_opts.walk.no_prefilter = true;
    let slow = check(&paths, &slow_opts);
    let key = |r: &ciolint::Report| -> Vec<(String, u32, u32, &'static str)> {
        r.findings
            .iter()
            .map(|f| (f.path.clone(), f.span.line, f.span.column, f.rule))
            .collect()
    };
    assert!(!fast.findings.is_empty());
    assert_eq!(
        key(&fast),
        key(&slow),
        "the prefilter dropped files with findings"
    );
    assert!(slow.files_with_customerio >= fast.files_with_customerio);
}
