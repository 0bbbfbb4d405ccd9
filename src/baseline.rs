//! Baselines: record today's findings once, then show only new ones.

use crate::rules::Finding;
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Debug, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Entry {
    pub rule: String,
    pub path: String,
    pub fingerprint: String,
    /// Where it was when recorded, for people reading the file.
    pub line: u32,
}

impl Baseline {
    pub fn from_findings(findings: &[Finding], fingerprints: &[String]) -> Self {
        Baseline {
            version: 1,
            findings: findings
                .iter()
                .zip(fingerprints)
                .map(|(f, fp)| Entry {
                    rule: f.rule.to_string(),
                    path: f.path.clone(),
                    fingerprint: fp.clone(),
                    line: f.span.line,
                })
                .collect(),
        }
    }

    pub fn read(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("could not read baseline {}", path.display()))?;
        serde_json::from_str(&text)
            .with_context(|| format!("{} is not a ciolint baseline", path.display()))
    }

    pub fn write(&self, path: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self)? + "\n";
        std::fs::write(path, text)
            .with_context(|| format!("could not write baseline {}", path.display()))
    }

    /// Split findings into new ones and the baseline entries nothing matched any more.
    pub fn filter(
        &self,
        findings: Vec<Finding>,
        fingerprints: &[String],
    ) -> (Vec<Finding>, Vec<Entry>) {
        let mut matched = vec![false; self.findings.len()];
        let mut kept = Vec::new();
        for (f, fp) in findings.into_iter().zip(fingerprints) {
            let hit = self.findings.iter().enumerate().find(|(i, e)| {
                !matched[*i] && e.rule == f.rule && e.path == f.path && &e.fingerprint == fp
            });
            match hit {
                Some((i, _)) => matched[i] = true,
                None => kept.push(f),
            }
        }
        let stale = self
            .findings
            .iter()
            .zip(matched)
            .filter(|(_, m)| !m)
            .map(|(e, _)| e.clone())
            .collect();
        (kept, stale)
    }
}
