//! `sdk-outdated`: a Customer.io SDK one or more major versions behind the latest release,
//! named once per sub-project at the line of the manifest that declares it.

use super::{Finding, ManifestCtx, RuleMeta, Severity};
use crate::facts::Sdk;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "sdk-outdated",
    severity: Severity::Info,
    group: "reliability",
    summary: "A Customer.io SDK one or more major versions behind the latest release",
    languages: super::ALL,
    why: "Each major release of a Customer.io SDK changed what calls do: customerio-node 5 retries \
throttled and failed requests and 4.5 fixed the broadcast-trigger path; Python customerio 3 \
takes event data in `data=` and sets event timestamps and ids; the Ruby gem 6 added event ids \
and 6.1 rejects invalid timestamps instead of dropping them; go-customerio 3.9 gave its HTTP \
client a timeout; customerio-reactnative 4 moved to Data Pipelines. An SDK a major behind \
misses these fixes, and its calls are often written for the old shape. The version comes from \
the lockfile, or the manifest's range when there is none.",
    wrong: "\"dependencies\": { \"customerio-node\": \"^3.3.0\" }",
    right: "\"dependencies\": { \"customerio-node\": \"^5.2.0\" }",
    source: "cio-sdk-reference.md \"Snapshots read\" (latest releases: customerio-node 5.2.0, customerio 3.2.0, customerio gem 6.2.0, go-customerio v3.11.0, customerio-reactnative 6.12.0); each SDK's CHANGELOG",
};

pub(crate) fn check(ctx: &ManifestCtx, out: &mut Vec<Finding>) {
    for (_, version) in ctx.versions.all() {
        if !version.checked {
            continue;
        }
        let Some(latest) = version.package.latest else {
            continue;
        };
        // 0.x releases carry no major-version promise to compare against.
        if latest.major == 0 {
            continue;
        }
        let Some(max) = version.range.max else {
            continue;
        };
        let newest_allowed = if max.minor == 0 && max.patch == 0 {
            max.major.saturating_sub(1)
        } else {
            max.major
        };
        if newest_allowed >= latest.major {
            continue;
        }
        let behind = latest.major - newest_allowed;
        let majors = if behind == 1 {
            "one major version".to_string()
        } else {
            format!("{behind} major versions")
        };
        out.push(Finding {
            rule: META.id,
            severity: META.severity,
            path: version.manifest.clone(),
            span: version.span,
            message: format!(
                "{} {} is {majors} behind the latest release ({latest}){}",
                version.package.name,
                version.describe(),
                upgrade_note(version.package.sdk)
            ),
            fix: None,
            related: Vec::new(),
        });
    }
}

/// What the newer majors change, for the message.
fn upgrade_note(sdk: Sdk) -> &'static str {
    match sdk {
        Sdk::CustomerioNode => {
            ": 5.x retries throttled and failed requests and resolves on any 2xx; 4.5 fixed the triggerBroadcast path"
        }
        Sdk::CustomerioPython => {
            ": 3.x takes event data in `data=`, sets event timestamps and ids, and retries POSTs"
        }
        Sdk::CustomerioRuby => {
            ": 6.x sends event ids and timestamps as keywords, and 6.1 rejects invalid timestamps instead of dropping them"
        }
        Sdk::GoCustomerio => {
            ": v3.9+ gives its HTTP client a 30 s timeout and adds event timestamps"
        }
        Sdk::ReactNative => ": 4.x and later send through Data Pipelines",
        _ => "",
    }
}
