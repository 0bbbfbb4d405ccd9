//! The fixture harness: every file under `tests/fixtures/<rule>/<language>/` is checked
//! with that rule alone. A trailing `expect: rule-id` comment marks a line where a finding
//! must start; any missing or extra finding fails. Files without expectations must stay
//! silent, and mark their near-miss cases with `ok:` comments.

use ciolint::rules::RULES;
use ciolint::{Config, Options, check};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const LANGUAGES: &[(&str, &[&str])] = &[
    ("javascript", &["js", "jsx", "mjs", "cjs"]),
    ("typescript", &["ts", "tsx", "mts", "cts"]),
    ("python", &["py"]),
    ("ruby", &["rb", "rake", "ru"]),
    ("go", &["go"]),
];

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// (file, line, rule) → expected count, read from `expect:` comments.
fn expectations(files: &[PathBuf], rule: &str) -> (BTreeMap<(String, u32), usize>, usize) {
    let mut map = BTreeMap::new();
    let mut ok_marks = 0;
    for f in files {
        let text = std::fs::read_to_string(f).unwrap();
        for (i, line) in text.lines().enumerate() {
            if line.contains("ok:")
                && (line.contains("// ok:") || line.contains("# ok:") || line.contains("/* ok:"))
            {
                ok_marks += 1;
            }
            let Some(pos) = line.find("expect:") else {
                continue;
            };
            let before = &line[..pos];
            if !(before.trim_end().ends_with("//")
                || before.trim_end().ends_with('#')
                || before.trim_end().ends_with("/*"))
            {
                continue;
            }
            let list = line[pos + "expect:".len()..].trim().trim_end_matches("*/");
            for id in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                if id == rule {
                    *map.entry((f.to_string_lossy().into_owned(), i as u32 + 1))
                        .or_insert(0) += 1;
                }
            }
        }
    }
    (map, ok_marks)
}

fn run_rule_dir(rule: &str, dir: &Path) -> Result<(usize, usize), String> {
    let files = files_in(dir);
    let (expected, ok_marks) = expectations(&files, rule);
    let mut options = Options::default();
    options.walk.threads = 1;
    options.config = Config {
        select: Some(vec![rule.to_string()]),
        ..Config::default()
    };
    let report = check(&[dir.to_path_buf()], &options);
    let mut actual: BTreeMap<(String, u32), usize> = BTreeMap::new();
    let mut messages: BTreeMap<(String, u32), Vec<String>> = BTreeMap::new();
    for f in &report.findings {
        let abs = if Path::new(&f.path).is_absolute() {
            PathBuf::from(&f.path)
        } else {
            Path::new(env!("CARGO_MANIFEST_DIR")).join(&f.path)
        };
        let key = (abs.to_string_lossy().into_owned(), f.span.line);
        *actual.entry(key.clone()).or_insert(0) += 1;
        messages.entry(key).or_default().push(f.message.clone());
    }
    let mut problems = Vec::new();
    for (k, n) in &expected {
        let got = actual.get(k).copied().unwrap_or(0);
        if got < *n {
            problems.push(format!(
                "missing {rule} at {}:{} (expected {n}, got {got})",
                k.0, k.1
            ));
        }
    }
    for (k, n) in &actual {
        let want = expected.get(k).copied().unwrap_or(0);
        if *n > want {
            problems.push(format!(
                "unexpected {rule} at {}:{}: {}",
                k.0,
                k.1,
                messages[k].join(" | ")
            ));
        }
    }
    if problems.is_empty() {
        Ok((expected.values().sum(), ok_marks))
    } else {
        Err(problems.join("\n"))
    }
}

#[test]
fn every_rule_has_fixtures_for_its_languages_and_they_pass() {
    let root = fixtures_root();
    let mut failures = Vec::new();
    for rule in RULES {
        let id = rule.meta.id;
        for lang in rule.meta.languages {
            let Some((_, exts)) = LANGUAGES.iter().find(|(l, _)| l == lang) else {
                continue;
            };
            let dir = root.join(id).join(lang);
            if !dir.is_dir() {
                failures.push(format!("{id}: no fixtures for {lang} ({})", dir.display()));
                continue;
            }
            let files = files_in(&dir);
            if !files.iter().any(|f| {
                f.extension()
                    .is_some_and(|e| exts.contains(&e.to_str().unwrap()))
            }) {
                failures.push(format!("{id}/{lang}: no {lang} source files"));
            }
            match run_rule_dir(id, &dir) {
                Ok((bad, ok)) => {
                    if bad < 4 {
                        failures.push(format!(
                            "{id}/{lang}: only {bad} expected findings (need at least 4 bad cases)"
                        ));
                    }
                    if ok < 4 {
                        failures.push(format!(
                            "{id}/{lang}: only {ok} `ok:` near-miss cases (need at least 4)"
                        ));
                    }
                }
                Err(e) => failures.push(e),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "fixture failures:\n{}",
        failures.join("\n")
    );
}
