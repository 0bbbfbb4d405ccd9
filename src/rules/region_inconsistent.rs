//! `region-inconsistent`: clients and raw URLs of one project that disagree on the data
//! region (one EU, another US by choice or by default).

use super::common::code;
use super::{Finding, Project, Related, RuleMeta, Severity};
use crate::facts::{Client, Expr, FileFacts, RegionSetting, Sdk, Span, Value};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "region-inconsistent",
    severity: Severity::Warning,
    group: "credentials",
    summary: "One client or URL talks to the EU region, another to the US one (often by default)",
    languages: super::ALL,
    why: "A Customer.io workspace lives in one data region, and every host is per region: \
`track-eu`/`api-eu`/`cdp-eu.customer.io` for EU workspaces, `track`/`api`/`cdp.customer.io` for \
US ones. Every SDK defaults to US. When one client of a project is set to EU and another \
names no region, the second one calls the US host with the EU workspace's keys: a team \
configured the Track client for their EU workspace but left the App API client on its \
default, and every transactional send failed with 401 while tracking worked. (Customer.io \
redirects some EU traffic that reaches US hosts, but a US workspace's requests to EU hosts \
fail, and keys are only valid in their own region.) Set the same region on every client, \
from one setting.",
    wrong: "const track = new TrackClient(siteId, trackKey, { region: RegionEU }); // track.js\nconst api = new APIClient(appKey);                                    // mailer.js: US by default",
    right: "const track = new TrackClient(siteId, trackKey, { region: RegionEU });\nconst api = new APIClient(appKey, { region: RegionEU });",
    source: "docs.customer.io/accounts-and-workspaces/data-centers; customerio-node lib/regions.ts (US default); customerio-python customerio/regions.py",
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Region {
    Us,
    Eu,
}

impl Region {
    fn name(self) -> &'static str {
        match self {
            Region::Us => "US",
            Region::Eu => "EU",
        }
    }
}

/// One client construction or raw URL whose region is known.
struct Site<'a> {
    file: &'a FileFacts,
    client: &'a Client,
    region: Region,
    /// The region is the SDK's default: no region, host or URL is given.
    defaulted: bool,
}

impl Site<'_> {
    fn given(&self) -> Option<&Expr> {
        match &self.client.region {
            RegionSetting::Given(e) => Some(e),
            _ => None,
        }
    }

    /// A raw request points at its URL, an SDK client at its construction.
    fn span(&self) -> Span {
        match (self.client.info.sdk, self.given()) {
            (Sdk::RawHttp, Some(url)) => url.span,
            _ => self.client.span,
        }
    }

    fn describe(&self) -> String {
        let what = if self.client.info.sdk == Sdk::RawHttp {
            "this request"
        } else {
            "this client"
        };
        match self.given() {
            Some(e) if !self.defaulted => {
                format!(
                    "{what} uses the {} region ({})",
                    self.region.name(),
                    code(&e.text)
                )
            }
            _ => format!("{what} names no region, so it uses the SDK's default, US"),
        }
    }
}

/// The region a host, URL or region value names; `None` for anything else (a variable, an
/// env read, a ternary between both, a proxy URL).
fn named_region(value: &Value) -> Option<Region> {
    match value {
        Value::Str(s) => region_word(s).or_else(|| host_region(s)),
        Value::Interpolated { literal_parts, .. } => host_region(&literal_parts.concat()),
        Value::Path(segments) => {
            let leaf = segments.last()?.as_str();
            let in_region_type = segments.len() >= 2
                && segments[segments.len() - 2]
                    .to_ascii_lowercase()
                    .contains("region");
            match leaf {
                "RegionEU" => Some(Region::Eu),
                "RegionUS" => Some(Region::Us),
                _ if in_region_type => region_word(leaf),
                _ => None,
            }
        }
        Value::OneOf(_) => {
            let mut regions = value.alternatives().into_iter().map(named_region);
            let first = regions.next()??;
            regions.all(|r| r == Some(first)).then_some(first)
        }
        _ => None,
    }
}

/// `"eu"`, `EU`: the region constants' own values (Go `RegionEU` is `"eu"`).
fn region_word(s: &str) -> Option<Region> {
    match s {
        "eu" | "EU" => Some(Region::Eu),
        "us" | "US" => Some(Region::Us),
        _ => None,
    }
}

/// The region of a Customer.io API host inside a URL.
fn host_region(url: &str) -> Option<Region> {
    const EU: &[&str] = &[
        "track-eu.customer.io",
        "api-eu.customer.io",
        "cdp-eu.customer.io",
    ];
    const US: &[&str] = &["track.customer.io", "api.customer.io", "cdp.customer.io"];
    let url = url.to_ascii_lowercase();
    let names = |hosts: &[&str]| hosts.iter().any(|h| url.contains(h));
    match (names(EU), names(US)) {
        (true, false) => Some(Region::Eu),
        (false, true) => Some(Region::Us),
        _ => None,
    }
}

fn region_of(setting: &RegionSetting) -> Option<(Region, bool)> {
    match setting {
        RegionSetting::Default => Some((Region::Us, true)),
        RegionSetting::Given(e) => named_region(&e.value).map(|r| (r, false)),
        RegionSetting::Unseen => None,
    }
}

/// Every client and raw URL of the project whose region is known. A client built through a
/// project factory counts once, at the factory's constructor.
fn sites<'a>(ctx: &Project<'a>) -> Vec<Site<'a>> {
    let mut out = Vec::new();
    for file in &ctx.files {
        let factory_sites: Vec<Span> = file
            .forwarded
            .iter()
            .filter(|fw| fw.builds_client)
            .map(|fw| fw.site)
            .collect();
        for client in &file.clients {
            if factory_sites.contains(&client.span) {
                continue;
            }
            if let Some((region, defaulted)) = region_of(&client.region) {
                out.push(Site {
                    file,
                    client,
                    region,
                    defaulted,
                });
            }
        }
    }
    out
}

pub(crate) fn check(ctx: &Project, out: &mut Vec<Finding>) {
    let sites = sites(ctx);
    let (eu, us): (Vec<&Site>, Vec<&Site>) = sites.iter().partition(|s| s.region == Region::Eu);
    if eu.is_empty() || us.is_empty() {
        return;
    }
    // The minority is the odd one out; on a tie, the clients that never chose a region.
    let (reported, others): (Vec<&Site>, Vec<&Site>) = match eu.len().cmp(&us.len()) {
        std::cmp::Ordering::Less => (eu, us),
        std::cmp::Ordering::Greater => (us, eu),
        std::cmp::Ordering::Equal => {
            if us.iter().any(|s| s.defaulted) {
                let (defaulted, _): (Vec<&Site>, Vec<&Site>) =
                    us.into_iter().partition(|s| s.defaulted);
                (defaulted, eu)
            } else {
                (us, eu)
            }
        }
    };
    // The other side's clearest witness: one that names its region.
    let witness = others
        .iter()
        .find(|s| !s.defaulted)
        .or(others.first())
        .expect("both regions have sites");
    let other_region = witness.region;
    for site in reported {
        let fix = if site.region == Region::Us {
            "set the EU region here as well (or, if the workspace is in the US, remove it there)"
        } else {
            "use the same region as the rest of the project (or, if the workspace is in the EU, set it on the others)"
        };
        let message = format!(
            "{}, but {} other client{} or URL{} of this project use{} the {} region: a workspace lives in one region, and calls with its keys to the other region's host fail (401); {fix}",
            site.describe(),
            others.len(),
            if others.len() == 1 { "" } else { "s" },
            if others.len() == 1 { "" } else { "s" },
            if others.len() == 1 { "s" } else { "" },
            other_region.name(),
        );
        let mut f = ctx.finding(&META, &site.file.path, site.span(), message);
        let witness_text = match witness.given() {
            Some(e) if !witness.defaulted => format!(
                "the {} region is chosen here ({})",
                other_region.name(),
                code(&e.text)
            ),
            _ => "this client uses the US default".to_string(),
        };
        let span = witness.span();
        f.related.push(Related {
            path: witness.file.path.clone(),
            line: span.line,
            column: span.column,
            message: witness_text,
            span,
        });
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(p: &str) -> Value {
        Value::Path(
            p.split(['.', ':'])
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
        )
    }

    #[test]
    fn region_values() {
        for (v, want) in [
            (path("RegionEU"), Some(Region::Eu)),
            (path("customerio.RegionEU"), Some(Region::Eu)),
            (path("Regions.EU"), Some(Region::Eu)),
            (path("Customerio::Regions::EU"), Some(Region::Eu)),
            (path("Regions.US"), Some(Region::Us)),
            (path("config.region"), None),
            (path("settings.EU"), None),
            (Value::Str("eu".into()), Some(Region::Eu)),
            (
                Value::Str("https://cdp-eu.customer.io".into()),
                Some(Region::Eu),
            ),
            (
                Value::Str("https://track.customer.io/api/v1".into()),
                Some(Region::Us),
            ),
            (Value::Str("https://customer.io/docs".into()), None),
            (Value::Str("http://localhost:8080".into()), None),
            (Value::Env("CIO_REGION".into()), None),
            (Value::OneOf(vec![path("RegionEU"), path("RegionUS")]), None),
        ] {
            assert_eq!(named_region(&v), want, "{v:?}");
        }
    }
}
