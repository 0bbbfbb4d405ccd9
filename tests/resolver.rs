//! Projects where Customer.io sits behind the project's own code: factories, re-exports,
//! wrapper functions, wrapper classes, injected services. Each directory under
//! `tests/resolver/<language>/` is checked as one project with every rule on; an
//! `expect: rule-a rule-b` comment marks a line where those findings must start, and any
//! other finding fails. Look-alikes (Segment, Mixpanel, a project class named like an SDK
//! class) sit beside the real calls and must stay silent.

use ciolint::{Config, Options, check};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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

type Sites = BTreeMap<(String, u32, String), usize>;

fn expectations(dir: &Path) -> Sites {
    let mut out = Sites::new();
    for f in files_in(dir) {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            let Some(pos) = line.find("expect:") else {
                continue;
            };
            let before = line[..pos].trim_end();
            if !(before.ends_with("//") || before.ends_with('#')) {
                continue;
            }
            for rule in line[pos + "expect:".len()..]
                .split([' ', ','])
                .filter(|r| !r.is_empty())
            {
                *out.entry((
                    f.to_string_lossy().into_owned(),
                    i as u32 + 1,
                    rule.to_string(),
                ))
                .or_insert(0) += 1;
            }
        }
    }
    out
}

fn run(dir: &Path) -> Result<usize, String> {
    let expected = expectations(dir);
    let mut options = Options::default();
    options.walk.threads = 1;
    options.config = Config::default();
    let report = check(&[dir.to_path_buf()], &options);
    let mut actual = Sites::new();
    let mut messages: BTreeMap<(String, u32, String), Vec<String>> = BTreeMap::new();
    for f in &report.findings {
        let abs = if Path::new(&f.path).is_absolute() {
            PathBuf::from(&f.path)
        } else {
            Path::new(env!("CARGO_MANIFEST_DIR")).join(&f.path)
        };
        let key = (
            abs.to_string_lossy().into_owned(),
            f.span.line,
            f.rule.to_string(),
        );
        *actual.entry(key.clone()).or_insert(0) += 1;
        let related: Vec<String> = f
            .related
            .iter()
            .map(|r| format!("{}:{} {}", r.path, r.line, r.message))
            .collect();
        messages
            .entry(key)
            .or_default()
            .push(format!("{} [{}]", f.message, related.join("; ")));
    }
    let mut problems = Vec::new();
    for (k, n) in &expected {
        let got = actual.get(k).copied().unwrap_or(0);
        if got < *n {
            problems.push(format!("missing {} at {}:{}", k.2, k.0, k.1));
        }
    }
    for (k, n) in &actual {
        if *n > expected.get(k).copied().unwrap_or(0) {
            problems.push(format!(
                "unexpected {} at {}:{}: {}",
                k.2,
                k.0,
                k.1,
                messages[k].join(" | ")
            ));
        }
    }
    if problems.is_empty() {
        Ok(expected.values().sum())
    } else {
        Err(problems.join("\n"))
    }
}

#[test]
fn findings_follow_customerio_through_project_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/resolver");
    let mut failures = Vec::new();
    let mut languages = Vec::new();
    for lang in std::fs::read_dir(&root).unwrap() {
        let lang = lang.unwrap().path();
        if !lang.is_dir() {
            continue;
        }
        let mut cases: Vec<PathBuf> = std::fs::read_dir(&lang)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
        cases.sort();
        for case in cases {
            match run(&case) {
                Ok(0) => failures.push(format!("{}: no expectations", case.display())),
                Ok(_) => {}
                Err(e) => failures.push(e),
            }
        }
        languages.push(lang.file_name().unwrap().to_string_lossy().into_owned());
    }
    languages.sort();
    assert_eq!(
        languages,
        ["go", "javascript", "python", "ruby"],
        "every language has resolver projects"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
