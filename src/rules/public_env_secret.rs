//! `public-env-secret`: a Track or App API key read from an env var that bundlers inline
//! into browser or app code (`NEXT_PUBLIC_`, `VITE_`, `REACT_APP_`, …).

use super::common::{public_env_prefix, role_from_name, words};
use super::{FileCtx, Finding, RuleMeta, Severity};
use crate::facts::{CredentialRole, Span, Value};

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

fn role_of_unbound_name(name: &str, prefix: &str) -> Option<CredentialRole> {
    let rest = &name[prefix.len()..];
    if let Some(r) = role_from_name(rest) {
        return Some(r);
    }
    let w = words(rest);
    let has = |s: &str| w.iter().any(|x| x == s);
    let cio = has("cio") || has("customerio") || (has("customer") && has("io"));
    (cio && (has("key") || has("secret") || has("token"))).then_some(CredentialRole::TrackApiKey)
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
        let Some(role) = role_of_unbound_name(&read.name, prefix) else {
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
        "`{name}` holds a {} but the `{prefix}` prefix makes the bundler ship it to every browser; \
keep it server-side (drop the prefix) and call Customer.io from your backend",
        role.display()
    )
}
