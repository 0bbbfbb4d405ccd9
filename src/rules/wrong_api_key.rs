//! `wrong-api-key`: an App API key given to a Track client, a Track key or site id given
//! to an App API client, or a Pipelines write key mixed up with either.

use super::common::{role_from_literal, role_from_name, value_name};
use super::{FileCtx, Finding, RuleMeta, Severity};
use crate::facts::{ClientKind, CredentialRole, Sdk, Value};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "wrong-api-key",
    severity: Severity::Error,
    group: "credentials",
    summary: "An App API key in a Track client (or the reverse): every call fails with 401",
    languages: super::ALL,
    why: "Customer.io has separate keys: the Track API authenticates with the site id and a \
Track API key (HTTP Basic), the App API with an App API key (Bearer), Data Pipelines with a \
write key. A key of the wrong kind is rejected with 401 on every call.",
    wrong: "const cio = new TrackClient(siteId, appApiKey);",
    right: "const cio = new TrackClient(siteId, trackApiKey);\nconst api = new APIClient(appApiKey);",
    source: "docs.customer.io/accounts-and-workspaces/managing-credentials",
};

pub(crate) fn check(ctx: &FileCtx, out: &mut Vec<Finding>) {
    for client in &ctx.facts.clients {
        for cred in &client.credentials {
            let by_name = value_name(&cred.expr).and_then(|n| role_from_name(&n));
            let literal = cred
                .expr
                .value
                .alternatives()
                .into_iter()
                .find_map(|v| match v {
                    Value::Str(s) => Some(s.clone()),
                    _ => None,
                });
            let by_shape = literal.as_deref().and_then(role_from_literal);
            // Pipelines write keys seen in real code are 20 hex characters too, so a key's
            // shape tells Track from App keys only.
            if by_name.is_none() && cred.role == CredentialRole::WriteKey {
                continue;
            }
            let shape = format!(
                "its shape ({} hex characters) says",
                literal.as_deref().map_or(0, str::len)
            );
            let (announced, how) = match (by_name, by_shape) {
                (Some(r), _) => (r, "its name says"),
                (None, Some(r)) => (r, shape.as_str()),
                (None, None) => continue,
            };
            if !mismatch(cred.role, announced, by_name.is_some()) {
                continue;
            }
            let api = match (client.info.sdk, client.info.kind) {
                (Sdk::RawHttp, ClientKind::Track) => "a Track API request",
                (Sdk::RawHttp, ClientKind::App) => "an App API request",
                (Sdk::RawHttp, ClientKind::Pipelines) => "a Pipelines API request",
                (_, ClientKind::Track) => "a Track API client",
                (_, ClientKind::App) => "an App API client",
                (_, ClientKind::Pipelines) => "a Pipelines client",
            };
            let advice = match cred.role {
                CredentialRole::TrackApiKey | CredentialRole::SiteId => {
                    "the Track API takes the site id and a Track API key; use the App API key only with APIClient"
                }
                CredentialRole::AppApiKey => {
                    "the App API takes an App API key (Settings → API credentials → App API keys)"
                }
                CredentialRole::WriteKey => "Data Pipelines takes the source's write key",
            };
            let shown = if by_name.is_some() {
                format!("`{}`", cred.expr.text)
            } else {
                "this literal".to_string()
            };
            let message = format!(
                "{shown} is passed as the {} of {api}, but {how} it is {}: Customer.io rejects it with 401; {advice}",
                cred.role.display(),
                super::common::with_article(announced.display()),
            );
            out.push(ctx.finding(&META, cred.expr.span, message));
        }
    }
}

/// Is a credential announced as `announced` wrong in a slot that expects `slot`?
fn mismatch(slot: CredentialRole, announced: CredentialRole, by_name: bool) -> bool {
    use CredentialRole::*;
    match (slot, announced) {
        (a, b) if a == b => false,
        // 20 hex characters fit both a site id and a Track key: only a name tells them apart.
        (SiteId, TrackApiKey) | (TrackApiKey, SiteId) => by_name,
        _ => true,
    }
}
