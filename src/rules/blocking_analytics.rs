//! `blocking-analytics`: a request handler waits for a Customer.io call before responding.

use super::{FileCtx, Finding, RuleMeta, Severity};
use crate::facts::{Call, FileFacts, Method, ScopeId, Section};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "blocking-analytics",
    severity: Severity::Warning,
    group: "performance",
    summary: "A request handler awaits a Customer.io call before responding",
    languages: super::ALL,
    why: "Every awaited Track or App API call adds a network round trip to your response time, \
and customerio-node v5 retries failures with backoff for up to ~30 seconds. When Customer.io is \
slow or down, your sign-up page is too. Respond first, and send analytics without waiting \
(with a `.catch`) or from a job queue. Endpoints nobody waits on (webhooks, cron and job \
endpoints) and endpoints whose work is the Customer.io call (a relay for the browser, a \
transactional message the person waits for) are left alone.",
    wrong: "app.post(\"/signup\", async (req, res) => {\n  await cio.identify(user.id, { email: user.email });\n  res.json({ user });\n});",
    right: "app.post(\"/signup\", async (req, res) => {\n  cio.identify(user.id, { email: user.email })\n    .catch((err) => logger.warn(err));\n  res.json({ user });\n});",
    source: "customerio-node lib/request.ts (DEFAULT_RETRY); cio-sdk-reference §12",
};

fn blocks(call: &Call) -> bool {
    call.client.is_track_family()
        && call.method.sends()
        // A read whose result the response needs is not analytics.
        && call.method != Method::Read
        && call.waits
        && !call.after_response
        && !call.deferred
}

fn handler_label(facts: &FileFacts, scope: ScopeId) -> Option<String> {
    let f = facts.function(scope)?;
    if !f.is_request_handler {
        return None;
    }
    Some(match &f.route {
        Some(r) if !r.is_empty() => format!("the request handler for `{r}`"),
        _ => match &f.name {
            Some(n) => format!("the request handler `{n}`"),
            None => "this request handler".to_string(),
        },
    })
}

/// The endpoint exists to make this call: an admin or API endpoint that sends a message or
/// triggers a broadcast answers with its result, a test or health endpoint checks the
/// integration itself, and a cron or job endpoint answers a scheduler.
fn is_endpoint_purpose(facts: &FileFacts, call: &Call) -> bool {
    let Some(handler) = facts.enclosing_handler(call.scope) else {
        return false;
    };
    let route = handler
        .route
        .as_deref()
        .or(handler.name.as_deref())
        .unwrap_or("");
    let raw_words: Vec<&str> = route
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let words: Vec<String> = raw_words.iter().map(|w| w.to_ascii_lowercase()).collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    // Scheduled and queue endpoints answer a scheduler, not a person waiting; a webhook
    // answers another server.
    if has(&[
        "test",
        "tests",
        "health",
        "healthcheck",
        "smoke",
        "cron",
        "crons",
        "job",
        "jobs",
        "tasks",
        "worker",
        "workers",
        "webhook",
        "webhooks",
    ]) {
        return true;
    }
    // Where a handler lives can say so too (`views/cron/`, `routes/webhooks/stripe.ts`):
    // the file's name and its nearest directories, not the checkout's.
    let place = std::path::Path::new(&facts.path);
    let nearest = place
        .parent()
        .into_iter()
        .flat_map(|d| d.iter().rev().take(3))
        .filter_map(|c| c.to_str())
        .flat_map(|c| c.split(|ch: char| !ch.is_ascii_alphanumeric()))
        .map(str::to_ascii_lowercase);
    let stem = place
        .file_stem()
        .and_then(|s| s.to_str())
        .into_iter()
        .flat_map(|s| s.split(|ch: char| !ch.is_ascii_alphanumeric()))
        .flat_map(split_camel);
    // `stripeWebhook`, `HandleCronTick`: the handler's own name, word by word.
    let named = raw_words.iter().flat_map(|w| split_camel(w));
    if nearest
        .chain(stem)
        .chain(named)
        .any(|w| ["cron", "crons", "webhook", "webhooks"].contains(&w.as_str()))
    {
        return true;
    }
    // A message the person is waiting for (a code, a verification or reset link): sending it
    // is what the endpoint does, and it should fail when the send fails.
    // The template's name, or what the message carries (`message_data: {verification_code}`).
    let names_awaited_message = |c: &Call| {
        c.attributes.iter().any(|a| {
            let key = a.key.to_ascii_lowercase().replace('_', "");
            let text = a.value.text.to_ascii_lowercase();
            (key == "transactionalmessageid" && AWAITED_MESSAGES.iter().any(|w| text.contains(w)))
                || (a.section == Section::Data
                    // `promo_code`, `zip_code` are no sign-in codes.
                    && (key == "code"
                        || AWAITED_MESSAGES
                            .iter()
                            .any(|w| *w != "code" && key.contains(w))))
        })
    };
    // The project's helpers say it when the template id does not:
    // `send_signin_transactional() → send_transactional_email() → POST /v1/send/email`.
    let helper_names_awaited_message = |c: &Call| {
        c.forwarded.is_some() && {
            let helpers = c.method_name.to_ascii_lowercase();
            AWAITED_MESSAGES.iter().any(|w| helpers.contains(w))
        }
    };
    // The request object is often built beside the send (`new SendEmailRequest({...})`).
    let site = |c: &Call| {
        c.forwarded
            .and_then(|i| facts.forwarded.get(i as usize))
            .map(|f| f.site)
    };
    let same_site = |c: &Call| c.scope == call.scope && site(c) == site(call);
    let awaited_message = matches!(call.method, Method::SendEmail | Method::SendMessage)
        && (names_awaited_message(call)
            || helper_names_awaited_message(call)
            || facts.calls.iter().any(|c| {
                c.method == Method::BuildRequest && same_site(c) && names_awaited_message(c)
            }));
    if awaited_message {
        return true;
    }
    // `addUserCompany` says `add`, `user`, `company`.
    // A Next.js `pages/api/roadmap/notify.ts` is its route even where a helper of it
    // (`handlePost`) is what the syntax shows as the handler.
    let file_stem = std::path::Path::new(&facts.path)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("");
    let words: Vec<String> = raw_words
        .iter()
        .copied()
        .chain(file_stem.split(|c: char| !c.is_ascii_alphanumeric()))
        .flat_map(split_camel)
        .collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    // An endpoint that exists to pass something on to Customer.io (`/api/cio/identify`,
    // `/track`, a relay for the browser): the call is the work, and the caller should learn
    // when it failed. (An endpoint that changes the person's own settings and then tells
    // Customer.io, such as a newsletter opt-in, still should not wait for it.)
    // `/api/customer-io/preferences`: the name split in two.
    let squeezed: String = route
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    if has(&["cio", "customerio", "track", "tracking", "identify"])
        || squeezed.contains("customerio")
    {
        return true;
    }
    // `send_delete_account_email`: the endpoint sends a message, here through an event that
    // triggers it.
    if has(&["send", "resend"]) && has(&["email", "emails", "mail"]) {
        return true;
    }
    matches!(
        call.method,
        Method::SendEmail | Method::SendMessage | Method::TriggerBroadcast
    ) && has(&[
        "send",
        "email",
        "emails",
        "mail",
        "newsletter",
        "broadcast",
        "broadcasts",
        "trigger",
        "message",
        "messages",
        "notify",
        "notification",
        "notifications",
        "invite",
        "invites",
        "transactional",
    ])
}

/// What a message a person waits for is named after: a code, a verification, reset or sign-in
/// link, an invitation.
const AWAITED_MESSAGES: &[&str] = &[
    "verif", "code", "otp", "reset", "password", "magic", "login", "signin", "confirm", "invite",
];

/// `sendInviteEmail` → send, invite, email (lower case).
fn split_camel(word: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in word.chars() {
        if c.is_ascii_uppercase() && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

pub(crate) fn check(ctx: &FileCtx, out: &mut Vec<Finding>) {
    let facts = ctx.facts;
    // Calls awaited together (`await Promise.all([...])`) cost one wait: one finding.
    let mut groups_seen: Vec<(ScopeId, u32)> = Vec::new();
    for call in facts.calls.iter().filter(|c| blocks(c)) {
        let Some(label) = handler_label(facts, call.scope) else {
            continue;
        };
        if is_endpoint_purpose(facts, call) {
            continue;
        }
        if let Some(g) = call.concurrent_group {
            if groups_seen.contains(&(call.scope, g)) {
                continue;
            }
            groups_seen.push((call.scope, g));
        }
        let message = format!(
            "{label} waits for `{}` before responding: every request pays Customer.io's latency (and the SDK's retries when it is down); {}",
            call.method_name,
            super::common::advice::off_request_path(facts.language)
        );
        out.push(ctx.finding(&META, call.span, message));
    }
}
