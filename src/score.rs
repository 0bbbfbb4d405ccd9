//! The checklist's audit score: 100 minus each rule's weight (error 15, warning 5, info 1)
//! counted once per (rule, file), never below 0.

use crate::rules::{Finding, Severity};
use std::collections::BTreeMap;

pub fn audit_score(findings: &[Finding]) -> u32 {
    let mut worst: BTreeMap<(&str, &str), Severity> = BTreeMap::new();
    for f in findings {
        let e = worst.entry((f.rule, f.path.as_str())).or_insert(f.severity);
        if f.severity > *e {
            *e = f.severity;
        }
    }
    let lost: u32 = worst.values().map(|s| s.weight()).sum();
    100u32.saturating_sub(lost)
}
