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

/// Whether text ends with a comment opener of any syntax the fixtures use.
fn is_comment_opener(before: &str) -> bool {
    let b = before.trim_end();
    ["//", "#", "/*", "<!--", "{% comment %}"]
        .iter()
        .any(|o| b.ends_with(o))
}

/// (file, line, rule) → expected count, read from `expect:` comments.
fn expectations(files: &[PathBuf], rule: &str) -> (BTreeMap<(String, u32), usize>, usize) {
    let mut map = BTreeMap::new();
    let mut ok_marks = 0;
    for f in files {
        let text = std::fs::read_to_string(f).unwrap();
        for (i, line) in text.lines().enumerate() {
            if let Some(pos) = line.find("ok:")
                && is_comment_opener(&line[..pos])
            {
                ok_marks += 1;
            }
            let Some(pos) = line.find("expect:") else {
                continue;
            };
            if !is_comment_opener(&line[..pos]) {
                continue;
            }
            let list = line[pos + "expect:".len()..]
                .trim()
                .trim_end_matches("*/")
                .trim_end_matches("-->")
                .trim_end_matches("{% endcomment %}")
                .trim();
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
    let files: Vec<PathBuf> = files_in(dir)
        .into_iter()
        .filter(|f| !f.ends_with("EXPECT"))
        .collect();
    let (mut expected, ok_marks) = expectations(&files, rule);
    // Formats without comments (JSON) list their expectations in an `EXPECT` file:
    // `relative/path:line rule` per line.
    if let Ok(text) = std::fs::read_to_string(dir.join("EXPECT")) {
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let (loc, id) = line
                .split_once(' ')
                .expect("EXPECT lines are `path:line rule`");
            let (file, n) = loc.rsplit_once(':').expect("EXPECT location is path:line");
            if id.trim() == rule {
                let key = (
                    dir.join(file).to_string_lossy().into_owned(),
                    n.parse::<u32>().unwrap(),
                );
                *expected.entry(key).or_insert(0) += 1;
            }
        }
    }
    let mut options = Options::default();
    options.walk.threads = 1;
    // A project may carry its own settings.
    let base = if dir.join("ciolint.toml").is_file() {
        Config::load(&dir.join("ciolint.toml")).expect("valid fixture config")
    } else {
        Config::default()
    };
    options.config = Config {
        select: Some(vec![rule.to_string()]),
        ..base
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
            // Project-wide rules prove themselves with multi-file projects (tests/projects).
            if !dir.is_dir() && !matches!(rule.check, ciolint::rules::Check::File(_)) {
                continue;
            }
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

/// Rules that judge the whole project.
fn project_rules() -> Vec<&'static str> {
    RULES
        .iter()
        .filter(|r| {
            matches!(
                r.check,
                ciolint::rules::Check::Project(_) | ciolint::rules::Check::Manifests(_)
            )
        })
        .map(|r| r.meta.id)
        .collect()
}

#[test]
fn every_project_rule_has_bad_and_good_projects_and_they_pass() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/projects");
    let mut failures = Vec::new();
    for id in project_rules() {
        let dir = root.join(id);
        if !dir.is_dir() {
            failures.push(format!("{id}: no projects under {}", dir.display()));
            continue;
        }
        let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
        cases.sort();
        let (mut bad, mut good) = (0, 0);
        let mut families = std::collections::BTreeSet::new();
        for case in &cases {
            for f in files_in(case) {
                if let Some(ext) = f.extension().and_then(|e| e.to_str())
                    && let Some((lang, _)) = LANGUAGES.iter().find(|(_, exts)| exts.contains(&ext))
                {
                    families.insert(if *lang == "typescript" {
                        "javascript"
                    } else {
                        *lang
                    });
                }
            }
            let name = case.file_name().unwrap().to_string_lossy().into_owned();
            match run_rule_dir(id, case) {
                Ok((expected, _)) if name.starts_with("bad") => {
                    if expected == 0 {
                        failures.push(format!("{id}/{name}: a bad project with no expectations"));
                    }
                    bad += 1;
                }
                Ok((expected, ok)) if name.starts_with("good") => {
                    if expected != 0 || ok == 0 {
                        failures.push(format!(
                            "{id}/{name}: a good project needs `ok:` marks and no expectations"
                        ));
                    }
                    good += 1;
                }
                Ok(_) => {}
                Err(e) => failures.push(e),
            }
        }
        if bad == 0 || good == 0 {
            failures.push(format!(
                "{id}: needs bad* and good* projects (found {bad} bad, {good} good)"
            ));
        }
        // A rule that claims several languages proves at least two; a Go-only rule, Go.
        let claimed_families = RULES.iter().find(|r| r.meta.id == id).map_or(0, |r| {
            r.meta
                .languages
                .iter()
                .filter(|l| LANGUAGES.iter().any(|(x, _)| x == *l))
                .map(|l| if *l == "typescript" { "javascript" } else { *l })
                .collect::<std::collections::BTreeSet<_>>()
                .len()
        });
        let code_rule = claimed_families > 1;
        if code_rule && families.len() < 2 {
            failures.push(format!(
                "{id}: projects cover {families:?}; at least two languages are needed"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "project fixture failures:\n{}",
        failures.join("\n")
    );
}
