//! `hardcoded-credential`: a site id, API key, App key or write key written into code or a
//! committed configuration file.

use super::common::{is_placeholder, mask_secret, role_from_name, words};
use super::fixes::{env_read, env_var_for, in_go_const, os_import};
use super::{Applicability, FileCtx, Finding, Fix, RuleMeta, Severity};
use crate::config_files::ConfigFacts;
use crate::facts::{
    ClientKind, CredentialAssignment, CredentialRole, Expr, Language, Sdk, Span, Value,
};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "hardcoded-credential",
    severity: Severity::Error,
    group: "credentials",
    summary: "A Customer.io key (error) or site id (warning) written in source code or a committed config file",
    languages: super::ALL,
    why: "Keys in source end up in every clone, fork, CI log and bundle. A Track API key lets \
anyone write people and events into your workspace; an App API key can send messages and read \
person data. Read them from the environment or a secret manager, and rotate any key that was \
committed; the same goes for keys in committed YAML, JSON, TOML and `.env` files. A site id on its own is not a secret (the browser snippet ships it to every \
visitor), so a hardcoded site id is reported as a warning: keep it in configuration next to its \
key so environments and workspaces do not mix.",
    wrong: "const cio = new TrackClient(\"8c5d2e9f1a7b4c6d3e0f\", \"2f7a9c1e4b8d6a3c5e0b\");",
    right: "const cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_TRACK_API_KEY);",
    source: "docs.customer.io/accounts-and-workspaces/managing-credentials",
};

/// Browser write keys and site ids ship to every visitor by design.
fn is_public_by_design(sdk: Sdk, kind: ClientKind, role: CredentialRole) -> bool {
    matches!(sdk, Sdk::CdpAnalyticsBrowser | Sdk::ReactNative) && kind == ClientKind::Pipelines
        || (sdk == Sdk::ReactNative && role == CredentialRole::SiteId)
}

fn mentions_customerio(parts: &[String]) -> bool {
    parts.iter().any(|p| {
        let l = p.to_ascii_lowercase();
        l.contains("customerio")
            || l.contains("customer_io")
            || l.contains("customer.io")
            || l.contains("customer-io")
            || words(p).iter().any(|w| w == "cio")
    })
}

fn names_a_credential(name: &str) -> bool {
    let w = words(name);
    let has = |s: &str| w.iter().any(|x| x == s);
    (has("key") && !has("id")
        || has("secret")
        || has("token")
        || (has("site") && has("id"))
        || name.to_ascii_lowercase().ends_with("siteid"))
        && !has("public")
        && !has("name")
        && !has("url")
        && !has("path")
        && !has("header")
}

/// A site id alone is hygiene (it is public by design: the browser snippet ships it); a key
/// is a leaked secret.
fn severity(role: CredentialRole) -> Severity {
    if role == CredentialRole::SiteId {
        Severity::Warning
    } else {
        META.severity
    }
}

fn finding(ctx: &FileCtx, role: CredentialRole, span: Span, message: String) -> Finding {
    let mut f = ctx.finding(&META, span, message);
    f.severity = severity(role);
    f
}

pub(crate) fn check(ctx: &FileCtx, out: &mut Vec<Finding>) {
    let mut used_via: Vec<&str> = Vec::new();
    for client in &ctx.facts.clients {
        for cred in &client.credentials {
            if is_public_by_design(client.info.sdk, client.info.kind, cred.role) {
                if let Some(v) = &cred.expr.via {
                    used_via.push(v);
                }
                continue;
            }
            let literal = cred
                .expr
                .value
                .alternatives()
                .into_iter()
                .find_map(|v| match v {
                    Value::Str(s) if !is_placeholder(s) => Some(s.clone()),
                    _ => None,
                });
            let Some(secret) = literal else { continue };
            if let Some(v) = &cred.expr.via {
                used_via.push(v);
            }
            let through = match &cred.expr.via {
                Some(name) => format!(" (through `{name}`)"),
                None => String::new(),
            };
            let fallback = matches!(cred.expr.value, Value::OneOf(_));
            let what = if fallback {
                "has a hardcoded fallback"
            } else {
                "is hardcoded"
            };
            let message = if cred.role == CredentialRole::SiteId {
                format!(
                    "the site id {what}{through}: {}; a site id is not a secret (the browser snippet ships it), but reading it from configuration with the key keeps environments and workspaces from mixing",
                    mask_secret(&secret),
                )
            } else {
                format!(
                    "the {} {what}{through}: {}; read it from the environment or a secret manager, and rotate the key if it was ever committed",
                    cred.role.display(),
                    mask_secret(&secret),
                )
            };
            let mut f = finding(ctx, cred.role, cred.expr.span, message);
            f.fix = client_credential_fix(ctx, &cred.expr, cred.role);
            out.push(f);
        }
    }
    let client_arg_spans: Vec<_> = ctx
        .facts
        .clients
        .iter()
        .flat_map(|c| c.credentials.iter().map(|cr| cr.expr.span))
        .collect();
    for a in &ctx.facts.credential_assignments {
        // A keyword argument of a client constructor was judged above.
        if used_via.contains(&a.name.as_str()) || client_arg_spans.contains(&a.value.span) {
            continue;
        }
        if let Some((role, message)) = judge_assignment(a) {
            let mut f = finding(ctx, role, a.value.span, message);
            let named = role_from_name(&a.name).map_or("CUSTOMERIO_API_KEY", env_var_for);
            f.fix = env_fix(ctx, a.value.span, named, false);
            out.push(f);
        }
    }
}

/// A credential argument of a client: the literal becomes an environment read named for its
/// role; a literal fallback (`process.env.CIO_KEY || "…"`) goes, keeping the variable the code
/// already reads; a literal held in a variable (`new TrackClient(SITE_ID, KEY)`) is replaced
/// where it is assigned.
fn client_credential_fix(ctx: &FileCtx, expr: &Expr, role: CredentialRole) -> Option<Fix> {
    match &expr.value {
        Value::Str(_) if expr.via.is_none() => env_fix(ctx, expr.span, env_var_for(role), false),
        Value::Str(_) => {
            let via = expr.via.as_deref()?;
            let assignment = ctx
                .facts
                .credential_assignments
                .iter()
                .find(|a| a.name == via && matches!(a.value.value, Value::Str(_)))?;
            env_fix(ctx, assignment.value.span, env_var_for(role), false)
        }
        Value::OneOf(options) if expr.via.is_none() => {
            let mut env = options.iter().filter_map(|v| match v {
                Value::Env(name) => Some(name.as_str()),
                _ => None,
            });
            let name = env.next()?;
            let only_env_and_literals = env.next().is_none()
                && options
                    .iter()
                    .all(|v| matches!(v, Value::Env(_) | Value::Str(_)));
            only_env_and_literals
                .then(|| env_fix(ctx, expr.span, name, true))
                .flatten()
        }
        _ => None,
    }
}

/// Replace a span with an environment read (and import `os` where the language needs it).
fn env_fix(ctx: &FileCtx, span: Span, variable: &str, existing: bool) -> Option<Fix> {
    let language = ctx.facts.language;
    let source = ctx.source();
    if language == Language::Go && in_go_const(source, span.start) {
        return None;
    }
    let import = os_import(language, source, &ctx.facts.path)?;
    // A Python module runs top to bottom: `os` must be imported before the line that reads it.
    if import.as_ref().is_some_and(|e| e.span.start > span.start) {
        return None;
    }
    let mut fix = Fix::replace(
        Applicability::Unsafe,
        if existing {
            format!(
                "drop the hardcoded fallback and read `{variable}` from the environment only (set it wherever the app runs, and rotate the committed key)"
            )
        } else {
            format!(
                "read it from the environment variable `{variable}`: set `{variable}` wherever the app runs (and rotate the committed key)"
            )
        },
        &ctx.facts.path,
        span,
        env_read(language, source, variable)?,
    );
    fix.edits.extend(import);
    Some(fix)
}

/// A committed configuration file (YAML, JSON, TOML, `.env`): its keys named like
/// Customer.io credentials, judged as the same assignment in code.
pub(crate) fn check_config(facts: &ConfigFacts, out: &mut Vec<Finding>) {
    for a in &facts.assignments {
        if let Some((role, message)) = judge_assignment(a) {
            out.push(Finding {
                rule: META.id,
                severity: severity(role),
                path: facts.path.clone(),
                span: a.value.span,
                message,
                fix: None,
                related: Vec::new(),
            });
        }
    }
}

/// A literal assigned to a key named like a Customer.io credential (under a key that names
/// Customer.io, or itself naming it): its role and the message.
fn judge_assignment(a: &CredentialAssignment) -> Option<(CredentialRole, String)> {
    let Value::Str(secret) = &a.value.value else {
        return None;
    };
    // `cio: { id: ..., key: ... }`: a bare `id` in a section of its own is the site id.
    let site_id_of_section = a.name.eq_ignore_ascii_case("id")
        && a.context
            .last()
            .is_some_and(|section| mentions_customerio(std::slice::from_ref(section)));
    if is_placeholder(secret) || !(names_a_credential(&a.name) || site_id_of_section) {
        return None;
    }
    let mut parts = a.context.clone();
    parts.push(a.name.clone());
    if !mentions_customerio(&parts) {
        return None;
    }
    let role = if site_id_of_section {
        Some(CredentialRole::SiteId)
    } else {
        role_from_name(&a.name)
    };
    let message = if role == Some(CredentialRole::SiteId) {
        format!(
            "`{}` holds a hardcoded Customer.io site id {}; a site id is not a secret (the browser snippet ships it), but reading it from configuration with the key keeps environments and workspaces from mixing",
            a.name,
            mask_secret(secret),
        )
    } else {
        format!(
            "`{}` holds a hardcoded Customer.io credential {}; read it from the environment or a secret manager, and rotate the key if it was ever committed",
            a.name,
            mask_secret(secret),
        )
    };
    Some((role.unwrap_or(CredentialRole::TrackApiKey), message))
}
