//! `unverified-webhook`: a Customer.io reporting-webhook handler that does not verify the
//! `X-CIO-Signature` HMAC (or verifies it unsafely).

use super::{Finding, Project, RuleMeta, Severity};
use crate::facts::Verification;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "unverified-webhook",
    severity: Severity::Error,
    group: "webhooks",
    summary: "A reporting-webhook handler that does not verify `X-CIO-Signature`",
    languages: super::ALL,
    why: "Anyone who finds the URL can post fake `bounced`, `unsubscribed` or `spammed` events to an \
unverified webhook and make you suppress or delete real customers. Customer.io signs each \
request: HMAC-SHA256 of `v0:<X-CIO-Timestamp>:<raw body>` with the webhook signing key must \
equal `X-CIO-Signature` (an HMAC of the body alone, or of re-serialised JSON, never matches). \
Compare in constant time, over the raw body, reject the request when \
the check fails (a check that only logs protects nothing), and fail closed when the key is \
missing.",
    wrong: "app.post(\"/webhooks/customerio\", (req, res) => {\n  handle(req.body.metric, req.body.data);\n  res.sendStatus(200);\n});",
    right: "app.post(\"/webhooks/customerio\", express.raw({ type: \"application/json\" }), (req, res) => {\n  const expected = crypto.createHmac(\"sha256\", process.env.CIO_WEBHOOK_SIGNING_KEY)\n    .update(`v0:${req.get(\"X-CIO-Timestamp\")}:${req.body}`).digest(\"hex\");\n  if (!crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(req.get(\"X-CIO-Signature\") ?? \"\"))) return res.sendStatus(401);\n  // ...\n});",
    source: "Customer.io reporting webhooks spec (Securely verifying requests), cio-sdk-reference §8",
};

pub(crate) fn check(ctx: &Project, out: &mut Vec<Finding>) {
    for f in &ctx.files {
        for h in &f.webhooks {
            let route = h
                .route
                .as_deref()
                .filter(|r| !r.is_empty())
                .map(|r| format!(" for `{r}`"))
                .unwrap_or_default();
            let (span, message, severity) = match &h.verification {
                Verification::Verified => continue,
                Verification::Missing => (
                    h.span,
                    format!("this Customer.io reporting-webhook handler{route} never checks `X-CIO-Signature`: anyone can post fake bounces and unsubscribes; verify the HMAC-SHA256 of `v0:<X-CIO-Timestamp>:<raw body>` with the signing key"),
                    Severity::Error,
                ),
                Verification::NonConstantCompare(s) => (
                    *s,
                    "the webhook signature is compared with `==`, which leaks timing; use a constant-time compare (crypto.timingSafeEqual, hmac.compare_digest, ActiveSupport::SecurityUtils.secure_compare, hmac.Equal)".to_string(),
                    Severity::Warning,
                ),
                Verification::SkippedWhenKeyUnset(s) => (
                    *s,
                    "the signature check only runs when the signing key is set: a missing key silently accepts every request; fail closed (reject) when the key is missing".to_string(),
                    Severity::Warning,
                ),
                Verification::NotEnforced(s) => (
                    *s,
                    "the webhook signature is checked but a failed check does not stop the request: forged events are still processed; reject with 401 when verification fails".to_string(),
                    Severity::Error,
                ),
                Verification::WrongSignedString(s) => (
                    *s,
                    "this HMAC does not sign Customer.io's string `v0:<X-CIO-Timestamp>:<raw body>` (no `v0:` prefix), so a genuine signature never matches and the check ends up loosened or removed; sign `v0:` + the timestamp header + `:` + the raw request body".to_string(),
                    Severity::Error,
                ),
                Verification::StaticToken(s) => (
                    *s,
                    "this webhook is guarded by a static shared token instead of Customer.io's HMAC signature: a leaked URL or log line is enough to forge events; verify `X-CIO-Signature`".to_string(),
                    Severity::Warning,
                ),
            };
            let mut finding = ctx.finding(&META, &f.path, span, message);
            finding.severity = severity;
            out.push(finding);
        }
    }
}
