//! `server-sdk-in-client-bundle`: browser or app code (a `"use client"` file, a React
//! Native/Expo file) that ships a server SDK, calls the Track or App API with its key, or
//! gives the browser SDK a server-only env var as its write key.

use super::common::public_env_prefix;
use super::{Finding, Project, Related, RuleMeta, Severity};
use crate::facts::{Call, ClientKind, CredentialRole, Expr, FileFacts, Language, Sdk, Span, Value};
use std::collections::HashMap;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "server-sdk-in-client-bundle",
    severity: Severity::Error,
    group: "credentials",
    summary: "A server SDK or server-only key in browser or app code (\"use client\", React Native)",
    languages: super::JS_TS,
    why: "Everything a `\"use client\"` component or a React Native/Expo screen imports is \
bundled and shipped to every visitor's browser or phone. `customerio-node` and \
`@customerio/cdp-analytics-node` are server SDKs: they need a Track API key, an App API key or a \
server source's write key, and a key in the bundle lets anyone write into your workspace (the \
App API key can also send messages and read people). Bundlers also replace a server-only env \
var (no `NEXT_PUBLIC_`/`EXPO_PUBLIC_` prefix) by nothing, so a browser SDK given one as its \
`writeKey` sends nothing at all. In client code use `@customerio/cdp-analytics-browser` or \
`customerio-reactnative` with a browser/mobile source's public key, and call the server SDKs \
from a route handler or a `\"use server\"` action.",
    wrong: "\"use client\";\nimport { TrackClient } from \"customerio-node\";\nconst cio = new TrackClient(siteId, apiKey);",
    right: "\"use client\";\nimport { AnalyticsBrowser } from \"@customerio/cdp-analytics-browser\";\nconst cio = AnalyticsBrowser.load({ writeKey: process.env.NEXT_PUBLIC_CIO_WRITE_KEY! });",
    source: "cio-sdk-reference §1 (which keys are secret), §11 (public env prefixes); Next.js \"use client\" and environment variable docs; Expo environment variable docs",
};

/// npm packages that only belong on a server.
const SERVER_SDK_MODULES: &[&str] = &["customerio-node", "@customerio/cdp-analytics-node"];

fn server_sdk_module(module: &str) -> Option<&'static str> {
    SERVER_SDK_MODULES
        .iter()
        .copied()
        .find(|m| module == *m || module.strip_prefix(m).is_some_and(|r| r.starts_with('/')))
}

fn is_server_sdk(sdk: Sdk) -> bool {
    matches!(sdk, Sdk::CustomerioNode | Sdk::CdpAnalyticsNode)
}

fn is_js(f: &FileFacts) -> bool {
    matches!(f.language, Language::JavaScript | Language::TypeScript)
}

pub(crate) fn is_server_directive_file(f: &FileFacts) -> bool {
    f.directives.iter().any(|d| d == "use server")
}

/// React Native or Expo code: it imports `react-native` or an `expo` package. Expo's
/// server-side pieces (`expo-server-sdk`, API routes `+api.ts`) are not app code.
fn is_app_file(f: &FileFacts) -> bool {
    if f.path.contains("+api.") {
        return false;
    }
    f.imports.iter().any(|i| {
        let m = i.module.as_str();
        m == "react-native"
            || m.starts_with("react-native/")
            || m == "expo"
            || m.starts_with("expo/")
            || (m.starts_with("expo-") && m != "expo-server-sdk")
    })
}

/// Which kind of client code a file is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Bundle {
    /// A Next.js (React Server Components) `"use client"` module.
    UseClient,
    /// React Native or Expo app code.
    App,
}

impl Bundle {
    fn of(f: &FileFacts) -> Option<Bundle> {
        if !is_js(f) || is_server_directive_file(f) {
            return None;
        }
        if f.directives.iter().any(|d| d == "use client") {
            Some(Bundle::UseClient)
        } else if is_app_file(f) {
            Some(Bundle::App)
        } else {
            None
        }
    }

    fn file(self) -> &'static str {
        match self {
            Bundle::UseClient => "this \"use client\" file",
            Bundle::App => "this React Native/Expo file",
        }
    }

    fn shipped_to(self) -> &'static str {
        match self {
            Bundle::UseClient => "the JavaScript every visitor downloads",
            Bundle::App => "the app every user installs",
        }
    }

    fn server_side(self) -> &'static str {
        match self {
            Bundle::UseClient => "a route handler or a \"use server\" action",
            Bundle::App => "your backend",
        }
    }

    fn device_sdk(self) -> &'static str {
        match self {
            Bundle::UseClient => {
                "`@customerio/cdp-analytics-browser` with a browser source's write key"
            }
            Bundle::App => "`customerio-reactnative` with the mobile source's key",
        }
    }

    fn public_prefix(self) -> &'static str {
        match self {
            Bundle::UseClient => "NEXT_PUBLIC_",
            Bundle::App => "EXPO_PUBLIC_",
        }
    }
}

/// The span of the env read that produced an expression's value, when the file has one.
fn env_read_span(f: &FileFacts, expr: &Expr, name: &str) -> Span {
    f.env_reads
        .iter()
        .filter(|r| r.name == name)
        .find(|r| expr.span.start <= r.span.start && r.span.end <= expr.span.end)
        .or_else(|| f.env_reads.iter().find(|r| r.name == name))
        .map(|r| r.span)
        .unwrap_or(expr.span)
}

/// A value bundlers replace by `undefined` in client code: a server-only env var, with no
/// public alternative (`process.env.NEXT_PUBLIC_X ?? process.env.X` works).
fn server_only_env(expr: &Expr) -> Option<&str> {
    let alternatives = expr.value.alternatives();
    let mut server_only = None;
    for v in &alternatives {
        match v {
            // Bundlers inline NODE_ENV everywhere.
            Value::Env(name) if public_env_prefix(name).is_none() && name != "NODE_ENV" => {
                server_only.get_or_insert(name.as_str());
            }
            Value::Str(s) if s.is_empty() => {}
            Value::Null | Value::Unknown => {}
            _ => return None,
        }
    }
    server_only
}

pub(crate) fn check(ctx: &Project, out: &mut Vec<Finding>) {
    let by_path: HashMap<&str, &FileFacts> =
        ctx.files.iter().map(|f| (f.path.as_str(), *f)).collect();
    for f in &ctx.files {
        let Some(bundle) = Bundle::of(f) else {
            continue;
        };
        let kind = bundle.file();
        let mut reported: Vec<Span> = Vec::new();
        let mut report = |span: Span, message: String, related: Option<Related>| {
            if reported.contains(&span) {
                return;
            }
            reported.push(span);
            let mut finding = ctx.finding(&META, &f.path, span, message);
            finding.related.extend(related);
            out.push(finding);
        };
        for import in f.imports.iter().filter(|i| !i.type_only) {
            let Some(module) = server_sdk_module(&import.module) else {
                continue;
            };
            report(
                import.span,
                format!(
                    "{kind} imports `{module}`, a server SDK: it is bundled into {}, together with the key it needs; send from {}, or use {} here",
                    bundle.shipped_to(),
                    bundle.server_side(),
                    bundle.device_sdk()
                ),
                None,
            );
        }
        // The browser SDK given a key the bundler blanks out.
        for client in f
            .clients
            .iter()
            .filter(|c| c.info.sdk == Sdk::CdpAnalyticsBrowser)
        {
            for cred in client
                .credentials
                .iter()
                .filter(|c| c.role == CredentialRole::WriteKey)
            {
                let Some(name) = server_only_env(&cred.expr) else {
                    continue;
                };
                report(
                    env_read_span(f, &cred.expr, name),
                    format!(
                        "`{name}` has no public prefix, so the bundler leaves it empty in client code: the browser SDK loads without a write key and sends nothing; expose the browser source's key as `{}{name}`",
                        bundle.public_prefix()
                    ),
                    None,
                );
            }
        }
        // Hand-written Track or App API requests carry their key into the bundle.
        for call in &f.calls {
            if call.client.sdk != Sdk::RawHttp
                || !matches!(call.client.kind, ClientKind::Track | ClientKind::App)
                || call.forwarded.is_some()
            {
                continue;
            }
            let Some(client) = call.client_index.and_then(|i| f.clients.get(i)) else {
                continue;
            };
            let Some(key) = client.credentials.iter().find(|c| {
                matches!(
                    c.role,
                    CredentialRole::TrackApiKey | CredentialRole::AppApiKey
                )
            }) else {
                continue;
            };
            let span = match key.expr.value.alternatives().iter().find_map(|v| match v {
                Value::Env(name) => Some(name.clone()),
                _ => None,
            }) {
                Some(name) => env_read_span(f, &key.expr, &name),
                None => key.expr.span,
            };
            let api = if call.client.kind == ClientKind::App {
                "App API"
            } else {
                "Track API"
            };
            report(
                span,
                format!(
                    "{kind} calls the {api} with its {}: in client code the key is either shipped in {} or, without a public prefix, empty; make the request from {}",
                    key.role.display(),
                    bundle.shipped_to(),
                    bundle.server_side()
                ),
                None,
            );
        }
        // A server SDK reached through the project's own modules.
        for call in &f.calls {
            if !is_server_sdk(call.client.sdk) || !reaches_from_client(f, call, &by_path) {
                continue;
            }
            let fw = call.forwarded.and_then(|i| f.forwarded.get(i as usize));
            let (span, sdk_call) = match fw {
                Some(fw) => {
                    let root = fw.function.split('.').next().unwrap_or(&fw.function);
                    let import = f
                        .imports
                        .iter()
                        .find(|i| !i.type_only && i.names.iter().any(|n| n == root));
                    (
                        import.map(|i| i.span).unwrap_or(fw.site),
                        Some(fw.sdk_call.clone()),
                    )
                }
                None => (call.span, None),
            };
            let related = sdk_call.map(|loc| Related {
                path: loc.path.clone(),
                line: loc.span.line,
                column: loc.span.column,
                message: format!("{} is called here", call.client.sdk.display()),
                span: loc.span,
            });
            report(
                span,
                format!(
                    "{kind} reaches `{}` through the project's own module: the server SDK and its key are bundled into {}; call it from {} instead",
                    call.client.sdk.display(),
                    bundle.shipped_to(),
                    bundle.server_side()
                ),
                related,
            );
        }
    }
}

/// A server-SDK call this client file makes through another module: a wrapper the resolver
/// followed, or a client imported from a project module. A `"use server"` module on the way
/// is a server action: the call runs on the server, nothing is bundled.
fn reaches_from_client(f: &FileFacts, call: &Call, by_path: &HashMap<&str, &FileFacts>) -> bool {
    match call.forwarded.and_then(|i| f.forwarded.get(i as usize)) {
        Some(fw) => !fw
            .via
            .iter()
            .chain(std::iter::once(&fw.sdk_call))
            .any(|loc| {
                by_path
                    .get(loc.path.as_str())
                    .is_some_and(|g| is_server_directive_file(g) || g.path == f.path)
            }),
        // A client bound by the link step to another file's export; a client built here is
        // covered by its import.
        None => call.client_index.is_none() && !f.sdk_imports.iter().any(|s| is_server_sdk(*s)),
    }
}
