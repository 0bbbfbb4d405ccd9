//! `unhandled-failure`: a Customer.io call whose failure nobody handles: a floating
//! promise in JavaScript, a discarded error in Go.

use super::fixes::{line_around, source_text};
use super::{Applicability, FileCtx, Finding, Fix, RuleMeta, Severity};
use crate::facts::{Call, Language, Outcome, Sdk};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "unhandled-failure",
    severity: Severity::Warning,
    group: "reliability",
    summary: "A Customer.io call whose failure nobody handles (floating promise, discarded error)",
    languages: &["javascript", "typescript", "go"],
    why: "customerio-node calls return promises that reject on any API or network error. A \
promise that is neither awaited, returned nor given a `.catch` becomes an unhandled rejection: \
Node 15+ crashes the process on it by default. go-customerio returns an error for any status \
other than 200; dropping it (`_ =`, a bare call, `go`) loses the event without a trace.",
    wrong: "cio.track(user.id, { name: \"login\" });\n// Go\n_ = track.Track(userID, \"login\", nil)",
    right: "cio.track(user.id, { name: \"login\" })\n  .catch((err) => logger.warn({ err }, \"customer.io track failed\"));\n// Go\nif err := track.Track(userID, \"login\", nil); err != nil { log.Printf(\"customer.io: %v\", err) }",
    source: "customerio-node lib/utils.ts (rejects with CustomerIORequestError); go-customerio customerio.go (CustomerIOError)",
};

/// Calls whose failure surfaces only through the returned promise or error.
fn reports_failure_by_return(call: &Call, language: Language) -> bool {
    match language {
        Language::JavaScript | Language::TypeScript => call.client.sdk.returns_rejecting_promise(),
        Language::Go => call.client.sdk == Sdk::GoCustomerio,
        _ => false,
    }
}

pub(crate) fn check(ctx: &FileCtx, out: &mut Vec<Finding>) {
    let language = ctx.facts.language;
    for call in &ctx.facts.calls {
        if !call.client.is_track_family()
            || !reports_failure_by_return(call, language)
            || !call.method.sends()
            || call.outcome != Outcome::Discarded
        {
            continue;
        }
        let message = if language == Language::Go {
            format!(
                "the error returned by `{}` is discarded: a failed call (any status but 200) loses the event without a trace; check the error and log or retry",
                call.method_name
            )
        } else {
            format!(
                "the promise returned by `{}` is neither awaited, returned nor caught: a Customer.io error becomes an unhandled rejection that crashes Node; add .catch(…) or await it",
                call.method_name
            )
        };
        let mut f = ctx.finding(&META, call.span, message);
        f.fix = if language == Language::Go {
            go_error_check(ctx, call)
        } else {
            js_catch(ctx, call)
        };
        out.push(f);
    }
}

/// `cio.track(…)` → `cio.track(…).catch((err) => console.error(…))`: the rejection is logged
/// instead of crashing the process. The handler goes at the end of the call's chain, so a
/// `.then(…)` after the call still runs only on success.
fn js_catch(ctx: &FileCtx, call: &Call) -> Option<Fix> {
    let source: &str = ctx.source();
    let text = source_text(source, call.span)?;
    if !text.ends_with(')') {
        return None;
    }
    let at = chain_end(source, call.span.end)?;
    let index = crate::lang::LineIndex::new(source.as_bytes());
    let what = if call.client.sdk == Sdk::RawHttp {
        "request".to_string()
    } else {
        call.method_name.clone()
    };
    Some(Fix::replace(
        Applicability::Unsafe,
        format!("add .catch(…) that logs a failed {what} instead of crashing on the rejection"),
        &ctx.facts.path,
        index.span_of(at, at),
        format!(".catch((err) => console.error(\"customer.io {what} failed\", err))"),
    ))
}

/// Where the method chain that starts with a call ending at `from` ends: past every
/// `.then(…)`, `?.finally(…)` that follows. `None` when a property access (not a call)
/// follows, which the fix cannot reason about.
fn chain_end(source: &str, from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        let rest = source.get(at..)?;
        let trimmed = rest.trim_start();
        let Some(member) = trimmed
            .strip_prefix("?.")
            .or_else(|| trimmed.strip_prefix('.'))
        else {
            return Some(at);
        };
        let name_len = member
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
            .unwrap_or(member.len());
        let after_name = member[name_len..].trim_start();
        if name_len == 0 || !after_name.starts_with('(') {
            return None;
        }
        let open = source.len() - after_name.len();
        at = matching_paren(source, open)? + 1;
    }
}

/// The offset of the `)` that closes the `(` at `open`, skipping strings and comments-free
/// nesting.
fn matching_paren(source: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in super::fixes::OutsideStrings::new(&source[open..]) {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return (c == ')').then_some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

/// A printf-style logger the function (or one around it) already calls: `log.Printf`,
/// `logger.Errorf`, `s.log.Warnf`. Only those take a format string and the error as they are.
fn go_logger(ctx: &FileCtx, call: &Call) -> Option<String> {
    const METHODS: &[&str] = &["Errorf", "Warnf", "Warningf", "Printf", "Infof"];
    const NOT_LOGGERS: &[&str] = &["fmt", "t", "b", "tb", "f", "errors"];
    let source = ctx.source();
    let mut scope = ctx.facts.function(call.scope);
    while let Some(function) = scope {
        let body = source.get(function.span.start..function.span.end)?;
        let mut found: Option<(usize, String)> = None;
        for (rank, method) in METHODS.iter().enumerate() {
            for (at, _) in body.match_indices(&format!(".{method}(")) {
                let receiver: String = body[..at]
                    .chars()
                    .rev()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                if receiver.is_empty()
                    || receiver.starts_with('.')
                    || NOT_LOGGERS.contains(&receiver.as_str())
                {
                    continue;
                }
                if found.as_ref().is_none_or(|(r, _)| rank < *r) {
                    found = Some((rank, format!("{receiver}.{method}")));
                }
            }
        }
        if let Some((_, logger)) = found {
            return Some(logger);
        }
        scope = function.parent.and_then(|p| ctx.facts.function(p));
    }
    None
}

/// `_ = track.Track(…)` → `if err := track.Track(…); err != nil { log.Printf(…) }`, with the
/// logger the function already uses; no fix where it uses none (what to do with the error is
/// then the author's choice).
fn go_error_check(ctx: &FileCtx, call: &Call) -> Option<Fix> {
    let source: &str = ctx.source();
    let text = source_text(source, call.span)?;
    let (line_start, line_end) = line_around(source, call.span.start);
    let before = &source[line_start..call.span.start];
    let indent_len = before.len() - before.trim_start().len();
    let indent = &before[..indent_len];
    if !matches!(before.trim(), "" | "_ =") {
        return None;
    }
    let after = source.get(call.span.end..line_end)?;
    if !after.trim().trim_end_matches(';').trim().is_empty() {
        return None;
    }
    let logger = go_logger(ctx, call)?;
    let index = crate::lang::LineIndex::new(source.as_bytes());
    let replacement = format!(
        "if err := {text}; err != nil {{\n{indent}\t{logger}(\"customer.io {}: %v\", err)\n{indent}}}",
        call.method_name
    );
    Some(Fix::replace(
        Applicability::Unsafe,
        format!("check the error and log it with {logger}"),
        &ctx.facts.path,
        index.span_of(line_start + indent_len, call.span.end),
        replacement,
    ))
}
