//! `sdk-breaking-call-shape`: an event call written for another major version of the SDK
//! the project installs: it raises, or sends the data under the wrong keys.

use super::{FileCtx, Finding, RuleMeta, Severity};
use crate::facts::{Call, EventArgs, Method, Sdk, Span};
use crate::versions::{SdkVersion, Version};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "sdk-breaking-call-shape",
    severity: Severity::Error,
    group: "reliability",
    summary: "An event call shaped for another major version of the installed SDK",
    languages: &["javascript", "typescript", "python", "ruby"],
    why: "Majors of the same SDK read the same call differently. Python `customerio` 3.0 takes \
event data in one `data={…}` dict: `track(id, \"signup\", plan=\"pro\")`, the 2.x way, raises \
TypeError and the event is never sent; against a 2.x install the 3.x `data=` dict becomes one \
attribute named `data` and `timestamp=`/`id=` become event attributes, not the event's time and \
id. The Ruby gem 6.0 gave `track` the keyword parameters `id:` and `timestamp:`, so attributes \
written without braces (`track(id, \"signup\", plan: \"pro\")`, fine on 5.x) are unknown \
keywords and raise ArgumentError; on 5.x, 6.x-style `timestamp:` after an attributes hash is a \
fourth argument and raises. customerio-node 4.0 renamed a transactional e-mail's `amp_body` to \
`body_amp` (the old key is sent as an unknown field and the AMP part is lost), and since 2.0 \
`triggerBroadcast` lives on `APIClient`: called on a `TrackClient` it throws TypeError; 4.5 moved \
its request from the wrong `/v1/api/campaigns/…` path to `/v1/campaigns/{id}/triggers`, so code \
written to match the old path (a hand-made request beside the SDK) no longer does. The rule reads the installed version from the lockfile (or the \
manifest's range) and stays silent when it is unknown.",
    wrong: "# customerio 3.0.0 (poetry.lock)\ncio.track(user.id, \"plan_changed\", plan=\"pro\")",
    right: "cio.track(user.id, \"plan_changed\", data={\"plan\": \"pro\"})",
    source: "customerio-python CHANGELOG 3.0.0 and customerio/track.py (tag v2.4.0 vs 3.0.0); customerio-ruby lib/customerio/client.rb (tags v5.6.0, v6.0.0)",
};

const PYTHON_3: Version = Version::new(3, 0, 0);
const NODE_2: Version = Version::new(2, 0, 0);
const NODE_4: Version = Version::new(4, 0, 0);
const NODE_4_5: Version = Version::new(4, 5, 0);
const RUBY_6: Version = Version::new(6, 0, 0);

pub(crate) fn check(ctx: &FileCtx, out: &mut Vec<Finding>) {
    // A hand-written trigger beside customerio-node 4.5+, still on the path the SDK used
    // before 4.5 (`/v1/api/campaigns/…`): written to match the SDK, it no longer does.
    if let Some(version) = ctx.sdk_version(Sdk::CustomerioNode)
        && version.at_least(NODE_4_5)
    {
        for call in ctx.facts.calls.iter().filter(|c| {
            c.client.sdk == Sdk::RawHttp
                && c.forwarded.is_none()
                && c.method == Method::TriggerBroadcast
                && c.method_name.contains("/v1/api/campaigns/")
        }) {
            out.push(ctx.finding(
                &META,
                call.span,
                format!(
                    "this request triggers a broadcast at `/v1/api/campaigns/…`, the path customerio-node used before 4.5; the installed {} calls `/v1/campaigns/{{id}}/triggers` (the App API's path) and names the first parameter `broadcastId`: use `api.triggerBroadcast(broadcastId, data, recipients)` or the documented path",
                    version.describe()
                ),
            ));
        }
    }
    for call in ctx
        .facts
        .calls
        .iter()
        .filter(|c| c.client.sdk == Sdk::CustomerioNode && c.forwarded.is_none())
    {
        let Some(version) = ctx.sdk_version(Sdk::CustomerioNode) else {
            continue;
        };
        if let Some((span, message)) = node(call, version) {
            out.push(ctx.finding(&META, span, message));
        }
    }
    for call in &ctx.facts.calls {
        // A call re-created at a wrapper's call site is judged where it is written.
        if call.forwarded.is_some()
            || !matches!(call.method, Method::Track | Method::TrackAnonymous)
        {
            continue;
        }
        let Some(shape) = call.event_args.as_deref() else {
            continue;
        };
        let Some(version) = ctx.sdk_version(call.client.sdk) else {
            continue;
        };
        let problem = match call.client.sdk {
            Sdk::CustomerioPython => python(call, shape, version),
            Sdk::CustomerioRuby => ruby(call, shape, version),
            _ => None,
        };
        if let Some((span, message)) = problem {
            out.push(ctx.finding(&META, span, message));
        }
    }
}

/// customerio-node: `amp_body` renamed `body_amp` in 4.0; `triggerBroadcast` moved from the
/// Track client to `APIClient` in 2.0.
fn node(call: &Call, version: &SdkVersion) -> Option<(Span, String)> {
    let installed = version.describe();
    if call.method == Method::BuildRequest && call.method_name.ends_with("SendEmailRequest") {
        let key = |k: &str| call.attributes.iter().find(|a| a.depth == 0 && a.key == k);
        if let Some(amp) = key("amp_body")
            && version.at_least(NODE_4)
        {
            return Some((
                amp.key_span,
                format!(
                    "customerio-node {installed} reads the AMP part of a transactional e-mail from `body_amp` (renamed in 4.0): `amp_body` is sent as an unknown field and the AMP version is lost; rename it `body_amp`"
                ),
            ));
        }
        if let Some(amp) = key("body_amp")
            && version.below(NODE_4)
        {
            return Some((
                amp.key_span,
                format!(
                    "customerio-node {installed} reads the AMP part of a transactional e-mail from `amp_body` (it became `body_amp` only in 4.0): `body_amp` is ignored; upgrade to 4.x or write `amp_body`"
                ),
            ));
        }
    }
    if call.method == Method::TriggerBroadcast
        && call.client.kind == crate::facts::ClientKind::Track
        && call.request.is_none()
        && version.at_least(NODE_2)
    {
        return Some((
            call.span,
            format!(
                "customerio-node {installed} has no `triggerBroadcast` on `TrackClient` (it moved to `APIClient` in 2.0): this call throws TypeError; trigger the broadcast with an `APIClient` built from the App API key"
            ),
        ));
    }
    None
}

fn python(call: &Call, shape: &EventArgs, version: &SdkVersion) -> Option<(Span, String)> {
    let installed = format!("customerio {}", version.describe());
    let method = &call.method_name;
    if version.at_least(PYTHON_3) {
        let (name, span) = shape.data_keywords.first()?;
        return Some((
            *span,
            format!(
                "{installed} takes event data in `data={{…}}`: `{method}(…, {name}=…)` raises TypeError (unexpected keyword argument '{name}') and the event is not sent; pass `data={{\"{name}\": …}}`"
            ),
        ));
    }
    if !version.below(PYTHON_3) {
        return None;
    }
    if let Some(span) = shape.data_argument {
        let message = if shape.data_by_keyword {
            format!(
                "{installed} has no `data` parameter: `data={{…}}` is sent as one event attribute named `data`, so templates and segments never see its keys; pass them as keyword arguments, or upgrade to customerio 3"
            )
        } else {
            format!(
                "{installed} takes `{method}(customer_id, name, **data)`: a third positional argument raises TypeError and the event is not sent; pass the data as keyword arguments, or upgrade to customerio 3"
            )
        };
        return Some((span, message));
    }
    let (name, span) = shape.option_keywords.first()?;
    Some((
        *span,
        format!(
            "{installed} sends every keyword as event data: `{name}=` becomes an event attribute, not the event's {name}; upgrade to customerio 3 to set it"
        ),
    ))
}

fn ruby(call: &Call, shape: &EventArgs, version: &SdkVersion) -> Option<(Span, String)> {
    let installed = format!("the customerio gem {}", version.describe());
    let method = &call.method_name;
    if version.at_least(RUBY_6) {
        let (name, span) = shape.data_keywords.first()?;
        return Some((
            *span,
            format!(
                "{installed} reads `{name}: …` without braces as a keyword argument of `{method}` (which only takes `id:` and `timestamp:`): it raises ArgumentError (unknown keyword: :{name}) and the event is not sent; wrap the attributes in braces: `{{ {name}: … }}`"
            ),
        ));
    }
    if !version.below(RUBY_6) || shape.data_argument.is_none() {
        return None;
    }
    let (name, span) = shape.option_keywords.first()?;
    Some((
        *span,
        format!(
            "{installed} takes `{method}(customer_id, name, attributes)`: `{name}:` after the attributes hash is a fourth argument and raises ArgumentError; put `{name}` inside the attributes hash, or upgrade to the 6.x gem"
        ),
    ))
}
