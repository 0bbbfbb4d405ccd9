//! `wrong-api-key`: an App API key given to a Track client, a Track key or site id given
//! to an App API client, or a Pipelines write key mixed up with either.

use super::common::{role_from_literal, role_from_name, value_name};
use super::{FileCtx, Finding, RuleMeta, Severity};
use crate::facts::{ClientKind, CredentialRole, Expr, FileFacts, Language, Sdk, Value};

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

/// Where a credential's value comes from: the env var it is read from, directly, through a
/// constant, through a config object of this file whose key is set from the env
/// (`config.cio.apiKey` with `cio: { apiKey: process.env.CIO_SITE_ID }`), or through a
/// config type's field filled from the env in this package (Go `cfg.CustomerIO.SiteID` with
/// `SiteID string `env:"CUSTOMERIO_SITE_ID"``). When the field is set from several env vars
/// nothing is certain.
fn origin(ctx: &FileCtx, expr: &Expr) -> Option<String> {
    if let Value::Env(name) = &expr.value {
        return Some(name.clone());
    }
    let Value::Path(path) = &expr.value else {
        return None;
    };
    let (key, holders) = path.split_last()?;
    // The object's whole path must match (`this.config.cio` ends with `config.cio`); a
    // type's field is reached through any value of the type.
    let mut envs = ctx
        .facts
        .credential_assignments
        .iter()
        .chain(&ctx.facts.package_fields)
        .filter(|a| {
            &a.name == key
                && holders.ends_with(&a.context)
                && (!a.context.is_empty() || (a.holder_type.is_some() && !holders.is_empty()))
        })
        .filter_map(|a| match &a.value.value {
            Value::Env(env) => Some(env),
            _ => None,
        });
    let first = envs.next()?;
    envs.all(|e| e == first).then(|| first.clone())
}

/// The Go config struct a client's credential is read from (`cfg.CIOAPIKey`) may sit in a
/// file of the package that never names Customer.io (`CIOAPIKey string `env:"CIO_APP_KEY"``):
/// parse the files that mention the field too.
pub(crate) fn rediscovery_literals(files: &[FileFacts]) -> Vec<(Language, String)> {
    let mut out = Vec::new();
    for f in files.iter().filter(|f| f.language == Language::Go) {
        for cred in f.clients.iter().flat_map(|c| &c.credentials) {
            if let Value::Path(path) = &cred.expr.value
                && path.len() > 1
                && let Some(field) = path.last()
                // Short names (`Key`, `ID`) are everywhere.
                && field.len() >= 5
            {
                out.push((Language::Go, field.clone()));
            }
        }
    }
    out
}

pub(crate) fn check(ctx: &FileCtx, out: &mut Vec<Finding>) {
    for client in &ctx.facts.clients {
        for cred in &client.credentials {
            // The origin decides when there is one; the name it is passed under only when
            // nothing says where the value comes from.
            let origin = origin(ctx, &cred.expr);
            let by_origin = origin.as_deref().and_then(role_from_name);
            let by_name = if origin.is_some() {
                by_origin
            } else {
                value_name(&cred.expr).and_then(|n| role_from_name(&n))
            };
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
            let read_from = format!("it is read from `{}`, so", origin.as_deref().unwrap_or(""));
            let (announced, how) = match (by_name, by_shape) {
                (Some(r), _) if by_origin.is_some() => (r, read_from.as_str()),
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
            // Only a name suggests the mix-up: say so, and what happens if the name is right.
            let consequence = if by_name.is_some() && by_origin.is_none() {
                "if it holds one, Customer.io rejects every call with 401 (check where it is set)"
            } else {
                "Customer.io rejects it with 401"
            };
            let message = format!(
                "{shown} is passed as the {} of {api}, but {how} it is {}: {consequence}; {advice}",
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
