//! `http-client-no-timeout`: a go-customerio 3.8 (or older) client, whose HTTP client has no
//! timeout, called from request handlers.

use super::{Finding, Project, Related, RuleMeta, Severity};
use crate::facts::{Call, FileFacts, OptionGiven, Sdk};
use crate::versions::Version;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "http-client-no-timeout",
    severity: Severity::Warning,
    group: "reliability",
    summary: "A go-customerio 3.8 or older client without WithHTTPClient, called from request handlers",
    languages: &["go"],
    why: "Up to v3.8, go-customerio builds its `http.Client` with no timeout, and its calls are \
synchronous: when Customer.io is slow or unreachable, every request handler that calls it \
waits forever, holding its goroutine and connection, until the service runs out of both. \
v3.9 added a 30-second default. Pass your own client with a timeout through \
`customerio.WithHTTPClient`, or upgrade.",
    wrong: "// go.mod: github.com/customerio/go-customerio/v3 v3.8.0\ntrack := customerio.NewTrackClient(siteID, apiKey)",
    right: "track := customerio.NewTrackClient(siteID, apiKey,\n\tcustomerio.WithHTTPClient(&http.Client{Timeout: 10 * time.Second}))",
    source: "go-customerio tag v3.8.0 customerio.go (http.Client without Timeout); v3.9.0 http.go DefaultHTTPTimeout",
};

const FIRST_WITH_TIMEOUT: Version = Version::new(3, 9, 0);
const WITH_HTTP_CLIENT: Version = Version::new(2, 2, 0);

pub(crate) fn check(project: &Project, out: &mut Vec<Finding>) {
    let go_clients = project
        .files
        .iter()
        .flat_map(|f| f.clients.iter())
        .filter(|c| c.info.sdk == Sdk::GoCustomerio)
        .count();
    let sole_client = go_clients == 1;
    for file in &project.files {
        for (idx, client) in file.clients.iter().enumerate() {
            if client.info.sdk != Sdk::GoCustomerio || client.http_client != OptionGiven::Absent {
                continue;
            }
            let Some(version) = project.versions.for_file(&file.path, Sdk::GoCustomerio) else {
                continue;
            };
            if !version.below(FIRST_WITH_TIMEOUT) {
                continue;
            }
            let in_handler = project.files.iter().find_map(|f| {
                f.calls.iter().find_map(|c| {
                    // A call the handler waits for: one in a goroutine or a job does not
                    // hold the request.
                    if !c.waits || c.deferred || c.client.sdk != Sdk::GoCustomerio {
                        return None;
                    }
                    let handler = f.enclosing_handler(c.scope)?;
                    made_on(project, f, c, file, idx, sole_client).then_some((*f, c, handler))
                })
            });
            let Some((f, call, handler)) = in_handler else {
                continue;
            };
            let name = handler.name.as_deref().unwrap_or("a request handler");
            // `WithHTTPClient` arrived in v2.2; before it only an upgrade sets a timeout.
            let advice = if version.at_least(WITH_HTTP_CLIENT) {
                "pass `customerio.WithHTTPClient(&http.Client{Timeout: 10 * time.Second})` or upgrade to v3.9+ (30 s default)"
            } else {
                "upgrade to v3.9+ (30 s default), or to v2.2+ and pass `customerio.WithHTTPClient` with a client that has a timeout"
            };
            let mut finding = project.finding(
                &META,
                &file.path,
                client.span,
                format!(
                    "go-customerio {} builds its HTTP client with no timeout, and this client is called from request handler `{name}`: when Customer.io is slow or unreachable every such request hangs; {advice}",
                    version.describe()
                ),
            );
            finding.related.push(Related {
                path: f.path.clone(),
                line: call.span.line,
                column: call.span.column,
                message: format!("called here, in `{name}`"),
                span: call.span,
            });
            out.push(finding);
        }
    }
}

/// Whether `call` (in file `at`) is made on client `idx` of `owner`: bound to it in its own
/// file, reached through a project function whose SDK call is bound to it, or made on a
/// client bound in another file when the project builds only this one.
fn made_on(
    project: &Project,
    at: &FileFacts,
    call: &Call,
    owner: &FileFacts,
    idx: usize,
    sole_client: bool,
) -> bool {
    if let Some(i) = call.forwarded {
        let Some(fw) = at.forwarded.get(i as usize) else {
            return false;
        };
        // Judge the Customer.io call the wrapper makes, where it is made (through a factory
        // of another file, the project's only client).
        let Some(inner_file) = project.files.iter().find(|f| f.path == fw.sdk_call.path) else {
            return false;
        };
        let Some(inner) = inner_file
            .calls
            .iter()
            .find(|c| c.span == fw.sdk_call.span && c.forwarded.is_none())
        else {
            return false;
        };
        return made_on(project, inner_file, inner, owner, idx, sole_client);
    }
    if std::ptr::eq(at, owner) && call.client_index.is_some() {
        return call.client_index == Some(idx);
    }
    call.client_index.is_none()
        && sole_client
        && project.files.iter().any(|f| std::ptr::eq(*f, owner))
}
