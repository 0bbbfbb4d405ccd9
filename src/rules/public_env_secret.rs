//! `public-env-secret`: a Track or App API key read from an env var that bundlers inline
//! into browser or app code (`NEXT_PUBLIC_`, `VITE_`, `REACT_APP_`, …).

use super::common::{public_env_prefix, role_from_name, words};
use super::{FileCtx, Finding, RuleMeta, Severity};
use crate::facts::{CredentialRole, Sdk, Span, Value};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "public-env-secret",
    severity: Severity::Error,
    group: "credentials",
    summary: "A Track or App API key in a browser-exposed env var (NEXT_PUBLIC_, VITE_, …)",
    languages: super::JS_TS,
    why: "Bundlers copy variables with these prefixes into the JavaScript every visitor \
downloads. That is fine for a site id or a Pipelines browser write key, which are public by \
design, but a Track API key lets anyone write into your workspace and an App API key can send \
messages and read people. Keep those keys on the server.",
    wrong: "new TrackClient(process.env.NEXT_PUBLIC_CIO_SITE_ID, process.env.NEXT_PUBLIC_CIO_API_KEY)",
    right: "// server only\nnew TrackClient(process.env.CIO_SITE_ID, process.env.CIO_TRACK_API_KEY)",
    source: "Next.js, Vite and CRA env docs; cio-sdk-reference §11",
};

/// Words that name the browser or app integration: the JavaScript snippet, the browser SDK
/// and the mobile SDKs take only a source's write key and the site id (cio-sdk-reference §1).
const CLIENT_SIDE_WORDS: &[&str] = &[
    "js",
    "javascript",
    "browser",
    "web",
    "frontend",
    "snippet",
    "mobile",
];

/// What an env var read outside a client holds, by its name. A Customer.io key named for
/// the browser or app (`NEXT_PUBLIC_CIO_JS_KEY`) is the source's write key; so is a plain
/// `…_KEY` in a file that loads a client-side SDK. `API_KEY`, `SECRET`, `TOKEN` name the
/// Track key, as in the Track SDKs' own examples.
fn role_of_unbound_name(
    name: &str,
    prefix: &str,
    client_side_file: bool,
) -> Option<CredentialRole> {
    let rest = &name[prefix.len()..];
    if let Some(r) = role_from_name(rest) {
        return Some(r);
    }
    let w = words(rest);
    let has = |s: &str| w.iter().any(|x| x == s);
    let cio = has("cio") || has("customerio") || (has("customer") && has("io"));
    if !(cio && (has("key") || has("secret") || has("token"))) {
        return None;
    }
    let plain_key = has("key") && !has("api") && !has("secret") && !has("token");
    if (has("key") && CLIENT_SIDE_WORDS.iter().any(|c| has(c))) || (plain_key && client_side_file) {
        return Some(CredentialRole::WriteKey);
    }
    Some(CredentialRole::TrackApiKey)
}

/// The file loads a client-side SDK: the browser SDK, the legacy `_cio` snippet or the React
/// Native SDK.
fn loads_client_side_sdk(facts: &crate::facts::FileFacts) -> bool {
    let client_side = |sdk: Sdk| {
        matches!(
            sdk,
            Sdk::CdpAnalyticsBrowser | Sdk::LegacySnippet | Sdk::ReactNative
        )
    };
    facts.sdk_imports.iter().any(|s| client_side(*s))
        || facts.clients.iter().any(|c| client_side(c.info.sdk))
}

pub(crate) fn check(ctx: &FileCtx, out: &mut Vec<Finding>) {
    let mut reported: Vec<Span> = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    // Env vars passed straight into a client: the argument position says what they hold.
    for client in &ctx.facts.clients {
        for cred in &client.credentials {
            for v in cred.expr.value.alternatives() {
                let Value::Env(name) = v else { continue };
                let Some(prefix) = public_env_prefix(name) else {
                    continue;
                };
                reported.push(cred.expr.span);
                names.push(name);
                if !matches!(
                    cred.role,
                    CredentialRole::TrackApiKey | CredentialRole::AppApiKey
                ) {
                    continue;
                }
                out.push(ctx.finding(&META, cred.expr.span, message(name, prefix, cred.role)));
            }
        }
    }
    let client_side_file = loads_client_side_sdk(ctx.facts);
    for read in &ctx.facts.env_reads {
        if names.contains(&read.name.as_str())
            || reported
                .iter()
                .any(|s| s.start <= read.span.start && read.span.end <= s.end)
        {
            continue;
        }
        let Some(prefix) = public_env_prefix(&read.name) else {
            continue;
        };
        let Some(role) = role_of_unbound_name(&read.name, prefix, client_side_file) else {
            continue;
        };
        if matches!(
            role,
            CredentialRole::TrackApiKey | CredentialRole::AppApiKey
        ) {
            out.push(ctx.finding(&META, read.span, message(&read.name, prefix, role)));
        }
    }
}

fn message(name: &str, prefix: &str, role: CredentialRole) -> String {
    format!(
        "`{name}` holds {} but the `{prefix}` prefix makes the bundler ship it to every browser; \
keep it server-side (drop the prefix) and call Customer.io from your backend",
        super::common::with_article(role.display())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(name: &str, client_side_file: bool) -> Option<CredentialRole> {
        let prefix = public_env_prefix(name).expect("a public prefix");
        role_of_unbound_name(name, prefix, client_side_file)
    }

    #[test]
    fn keys_named_for_the_browser_are_write_keys() {
        assert_eq!(
            role("NEXT_PUBLIC_CIO_JS_KEY", false),
            Some(CredentialRole::WriteKey)
        );
        assert_eq!(
            role("REACT_APP_CUSTOMERIO_BROWSER_KEY", false),
            Some(CredentialRole::WriteKey)
        );
    }

    #[test]
    fn a_plain_key_is_the_write_key_only_beside_a_client_side_sdk() {
        assert_eq!(
            role("NEXT_PUBLIC_CIO_KEY", true),
            Some(CredentialRole::WriteKey)
        );
        assert_eq!(
            role("NEXT_PUBLIC_CIO_KEY", false),
            Some(CredentialRole::TrackApiKey)
        );
    }

    #[test]
    fn api_keys_and_secrets_stay_track_or_app_keys() {
        for client_side_file in [false, true] {
            assert_eq!(
                role("NEXT_PUBLIC_CUSTOMERIO_API_KEY", client_side_file),
                Some(CredentialRole::TrackApiKey)
            );
            assert_eq!(
                role("VITE_CUSTOMERIO_SECRET", client_side_file),
                Some(CredentialRole::TrackApiKey)
            );
            assert_eq!(
                role("NEXT_PUBLIC_CIO_APP_API_KEY", client_side_file),
                Some(CredentialRole::AppApiKey)
            );
        }
    }
}
