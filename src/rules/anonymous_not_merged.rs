//! `anonymous-not-merged`: the project tracks anonymous activity, but the identify at
//! sign-up or log-in never passes the anonymous id, so that activity is orphaned.

use super::common::{normalize_key, words};
use super::identify_without_email::is_creation_name;
use super::{Finding, Project, Related, RuleMeta, Severity};
use crate::facts::{Call, ClientKind, FileFacts, Method};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "anonymous-not-merged",
    severity: Severity::Warning,
    group: "identity",
    summary: "Anonymous events are tracked but sign-up/log-in identifies never pass `anonymous_id`",
    languages: super::ALL,
    why: "The Track API merges anonymous events into a person only when an identify carries the \
same `anonymous_id` (for events from the last 30 days). If sign-up and log-in identifies omit \
it, everything the visitor did before signing up stays orphaned and anonymous events never \
trigger campaigns.",
    wrong: "await cio.trackAnonymous(anonId, { name: \"pricing_viewed\" });\n// later, at sign-up\nawait cio.identify(user.id, { email: user.email });",
    right: "await cio.identify(user.id, { email: user.email, anonymous_id: anonId });",
    source: "Track API spec POST /api/v1/events (anonymous events); customerio-node README",
};

fn is_login_name(name: &str) -> bool {
    let joined = words(name).join("");
    joined.contains("login")
        || joined.contains("signin")
        || joined.contains("authenticate")
        || joined.contains("logon")
}

fn in_identity_path(f: &FileFacts, call: &Call) -> bool {
    let mut scope = f.function(call.scope);
    while let Some(fun) = scope {
        let named = |s: &str| is_creation_name(s) || is_login_name(s);
        if fun.name.as_deref().is_some_and(named)
            || fun
                .route
                .as_deref()
                .is_some_and(|r| r.split(['/', '#', ' ']).any(named))
        {
            return true;
        }
        scope = fun.parent.and_then(|p| f.function(p));
    }
    false
}

fn has_anonymous_key(call: &Call) -> bool {
    call.attributes
        .iter()
        .any(|a| normalize_key(&a.key) == "anonymousid")
}

pub(crate) fn check(ctx: &Project, out: &mut Vec<Finding>) {
    let track_family = |c: &Call| c.client.kind == ClientKind::Track;
    let anonymous_site = ctx.files.iter().find_map(|f| {
        f.calls
            .iter()
            .find(|c| {
                track_family(c)
                    && (c.method == Method::TrackAnonymous
                        || (c.method != Method::Identify && has_anonymous_key(c)))
            })
            .map(|c| (f, c))
    });
    let Some((afile, acall)) = anonymous_site else {
        return;
    };
    for f in &ctx.files {
        for call in &f.calls {
            if !track_family(call) || call.method != Method::Identify {
                continue;
            }
            if has_anonymous_key(call)
                || call.payload.is_some()
                || !call.spreads.is_empty()
                || !in_identity_path(f, call)
            {
                continue;
            }
            let message = format!(
                "the project tracks anonymous activity (line {} of {}) but this sign-up/log-in identify passes no `anonymous_id`: those events are never merged into the person; add `anonymous_id` to the attributes",
                acall.span.line, afile.path
            );
            let mut finding = ctx.finding(&META, &f.path, call.span, message);
            finding.related.push(Related {
                path: afile.path.clone(),
                line: acall.span.line,
                column: acall.span.column,
                message: "anonymous activity is tracked here".into(),
                span: acall.span,
            });
            out.push(finding);
        }
    }
}
