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
    why: "A Customer.io workspace lives in one data region, and every API host is per region: \
`track-eu`/`api-eu`/`cdp-eu.customer.io` for EU workspaces, `track`/`api`/`cdp.customer.io` for \
US ones. Every SDK defaults to US. When one client of a project is set to EU and another names \
no region, the second one calls the US host with the EU workspace's keys: in the incident \
behind this rule, an EU workspace's App API client still called the US host and every call \
failed with 401 while tracking worked. Requests for an EU workspace that reach a US host are \
at best redirected through US servers (data may be logged in the US); a US workspace's \
requests to EU hosts fail. Choose the region once, from one setting, and pass it to every \
client.",
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
                    shown(e)
                )
            }
            _ => format!("{what} names no region, so it uses the SDK's default, US"),
        }
    }

    /// How to choose `region` on this client, in its SDK's words.
    fn fix(&self, region: Region) -> String {
        let eu = region == Region::Eu;
        let pick = |eu_text: &str, us_text: &str| {
            if eu {
                eu_text.to_string()
            } else {
                us_text.to_string()
            }
        };
        let cdp_host = pick("https://cdp-eu.customer.io", "https://cdp.customer.io");
        match self.client.info.sdk {
            Sdk::CustomerioNode => pick("{ region: RegionEU }", "{ region: RegionUS }"),
            Sdk::CdpAnalyticsNode => format!("host: \"{cdp_host}\""),
            Sdk::CdpAnalyticsBrowser => format!("cdnURL: \"{cdp_host}\""),
            Sdk::CustomerioPython | Sdk::AsyncCustomerio => {
                pick("region=Regions.EU", "region=Regions.US")
            }
            Sdk::CdpAnalyticsPython => format!("analytics.host = \"{cdp_host}\""),
            Sdk::CustomerioRuby => pick(
                "region: Customerio::Regions::EU",
                "region: Customerio::Regions::US",
            ),
            Sdk::GoCustomerio => pick(
                "customerio.WithRegion(customerio.RegionEU)",
                "customerio.WithRegion(customerio.RegionUS)",
            ),
            Sdk::CdpAnalyticsGo => format!("Endpoint: \"{cdp_host}\""),
            Sdk::RawHttp | Sdk::LegacySnippet | Sdk::ReactNative => {
                match self.given().and_then(|e| host_in(&e.value)) {
                    Some(host) => counterpart_host(&host, region),
                    None => pick("the `-eu` host", "the US host"),
                }
            }
        }
    }
}

/// The expression, and the Customer.io host it holds when the text only names a constant.
fn shown(e: &Expr) -> String {
    match host_in(&e.value) {
        Some(host) if !e.text.contains(&host) => format!("{}: {}", code(&e.text), code(&host)),
        _ => code(&e.text),
    }
}

/// The Customer.io host a URL value names (`track-eu.customer.io`).
fn host_in(value: &Value) -> Option<String> {
    let url = match value {
        Value::Str(s) => s.clone(),
        Value::Interpolated { literal_parts, .. } => literal_parts.concat(),
        _ => return None,
    };
    let end = url.find(".customer.io")? + ".customer.io".len();
    let start = url[..end]
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '.'))
        .map_or(0, |i| i + 1);
    Some(url[start..end].to_string())
}

/// The same API's host in the other region (`api.customer.io` → `api-eu.customer.io`).
fn counterpart_host(host: &str, region: Region) -> String {
    let api = host
        .trim_end_matches(".customer.io")
        .trim_end_matches("-eu");
    match region {
        Region::Eu => format!("`{api}-eu.customer.io`"),
        Region::Us => format!("`{api}.customer.io`"),
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

/// The region a client's construction gives, `us` or `eu`, and whether that is the SDK's
/// default; `None` when the code does not show it.
pub(crate) fn region_name(setting: &RegionSetting) -> Option<(&'static str, bool)> {
    region_of(setting).map(|(r, defaulted)| {
        let name = match r {
            Region::Eu => "eu",
            Region::Us => "us",
        };
        (name, defaulted)
    })
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

/// One project (the nearest manifest or repository root) talks to one workspace: its
/// clients are compared whatever their language. Applications with manifests of their own
/// are projects of their own.
pub(crate) fn check(ctx: &Project, out: &mut Vec<Finding>) {
    let sites = sites(ctx);
    let sites: Vec<&Site> = sites.iter().collect();
    check_application(ctx, &sites, out);
}

fn check_application(ctx: &Project, sites: &[&Site], out: &mut Vec<Finding>) {
    let (eu, us): (Vec<&Site>, Vec<&Site>) =
        sites.iter().copied().partition(|s| s.region == Region::Eu);
    if eu.is_empty() || us.is_empty() {
        return;
    }
    // The minority is the odd one out; on a tie, the clients that never chose a region (or,
    // when every client chose, the US ones).
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
    for site in reported {
        let witness = witness_for(site, &others);
        let other_region = witness.region;
        let fix = site.fix(other_region);
        let fix = if fix.contains('`') { fix } else { code(&fix) };
        let message = format!(
            "{}, but {} other client{} or URL{} of this project use{} the {} region: a workspace lives in one region, and calls to the other region's host fail (the App API answers 401) or pass through US servers; if the workspace is in the {}, use {fix} here",
            site.describe(),
            others.len(),
            if others.len() == 1 { "" } else { "s" },
            if others.len() == 1 { "" } else { "s" },
            if others.len() == 1 { "s" } else { "" },
            other_region.name(),
            other_region.name(),
        );
        let mut f = ctx.finding(&META, &site.file.path, site.span(), message);
        let witness_text = match witness.given() {
            Some(e) if !witness.defaulted => format!(
                "the {} region is chosen here ({})",
                other_region.name(),
                shown(e)
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

/// The other side's clearest witness for a site: one that names its region, in the same
/// file or of the same SDK if there is one.
fn witness_for<'a>(site: &Site, others: &[&'a Site<'a>]) -> &'a Site<'a> {
    let rank = |s: &Site| {
        (
            s.defaulted,
            s.file.path != site.file.path,
            s.client.info.sdk != site.client.info.sdk,
        )
    };
    others
        .iter()
        .copied()
        .min_by_key(|s| rank(s))
        .expect("both regions have sites")
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

    #[test]
    fn hosts() {
        let url = Value::Str("https://api.customer.io/v1/send/email".into());
        assert_eq!(host_in(&url).as_deref(), Some("api.customer.io"));
        assert_eq!(
            counterpart_host("api.customer.io", Region::Eu),
            "`api-eu.customer.io`"
        );
        assert_eq!(
            counterpart_host("track-eu.customer.io", Region::Us),
            "`track.customer.io`"
        );
    }
}
