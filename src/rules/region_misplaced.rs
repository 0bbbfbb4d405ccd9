//! `region-misplaced`: a region passed positionally where the SDK expects a host or URL.

use super::fixes::source_text;
use super::{Applicability, FileCtx, Finding, Fix, RuleMeta, Severity};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "region-misplaced",
    severity: Severity::Error,
    group: "credentials",
    summary: "`CustomerIO(site, key, Regions.EU)`: the third positional parameter is `host`, not `region`",
    languages: &["python"],
    why: "In the Python SDK the third positional parameter of `CustomerIO` is `host` and the \
second of `APIClient` is `url`. A `Regions.EU` passed there becomes the host, requests go to a \
broken address, and the region stays US. Pass the region by keyword.",
    wrong: "cio = CustomerIO(site_id, api_key, Regions.EU)",
    right: "cio = CustomerIO(site_id, api_key, region=Regions.EU)",
    source: "customerio-python customerio/track.py, customerio/api.py (constructor signatures)",
};

pub(crate) fn check(ctx: &FileCtx, out: &mut Vec<Finding>) {
    for client in &ctx.facts.clients {
        let Some(region) = &client.misplaced_region else {
            continue;
        };
        let param = region.via.as_deref().unwrap_or("host");
        let message = format!(
            "`{}` is passed positionally as `{param}`, not as the region: requests go to a broken host and the region stays US; pass it as `region={}`",
            region.text, region.text
        );
        let mut f = ctx.finding(&META, region.span, message);
        f.fix = Some(Fix::replace(
            Applicability::Safe,
            "pass the region by keyword",
            &ctx.facts.path,
            region.span,
            format!(
                "region={}",
                source_text(ctx.source(), region.span).unwrap_or(&region.text)
            ),
        ));
        out.push(f);
    }
}
