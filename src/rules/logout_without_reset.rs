//! `logout-without-reset`: a project that identifies people on the device (browser SDK,
//! legacy `_cio` snippet, React Native) and a logout function that never forgets them.

use super::common::words;
use super::server_sdk_in_client_bundle::is_server_directive_file;
use super::{Finding, Project, Related, RuleMeta, Severity};
use crate::facts::{Call, FileFacts, Invocation, Language, Method, ScopeId, Sdk, Span};
use std::collections::{HashMap, HashSet};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "logout-without-reset",
    severity: Severity::Warning,
    group: "identity",
    summary: "A logout that never resets the Customer.io browser or app SDK",
    languages: super::JS_TS,
    why: "The browser SDK, the legacy `_cio` snippet and the React Native SDK remember the \
identified person on the device until they are told to forget: after a logout that does not \
call `reset()` (`CustomerIO.clearIdentify()` in React Native), everything the next person does \
on that browser or phone lands on the previous person's profile, and the device keeps \
receiving their push notifications. Reset in the logout itself, or in a helper it calls.",
    wrong: "async function logout() {\n  await supabase.auth.signOut();\n  router.push(\"/login\");\n}",
    right: "async function logout() {\n  await supabase.auth.signOut();\n  cioanalytics.reset();\n  router.push(\"/login\");\n}",
    source: "cio-sdk-reference §5.6 (`reset()` of the browser SDK and `_cio`), §5.9 (`clearIdentify()` of the mobile SDKs)",
};

/// Words of function names that mean logging out: `logout`, `log_out`, `signOut`, `sign_out`.
fn is_logout_words(w: &[String]) -> bool {
    let joined: String = w.concat();
    matches!(joined.as_str(), "logout" | "signout" | "logoff" | "signoff")
}

/// A function named for logging out: `logout`, `signOut`, `handleLogout`, `onSignOut`,
/// `logoutUser`, `useLogout`, `doLogOut`; not `LogoutButton`, `logoutUrl` or
/// `onLogoutSuccess` (a component, a value, a callback after the fact).
pub(crate) fn is_logout_name(name: &str) -> bool {
    const LEADING: &[&str] = &[
        "handle", "on", "do", "perform", "use", "try", "async", "user",
    ];
    const TRAILING: &[&str] = &[
        "user", "handler", "click", "clicked", "press", "pressed", "async", "action", "fn", "func",
        "now",
    ];
    let w = words(name);
    let n = w.len();
    (0..=n).any(|i| {
        w[..i].iter().all(|x| LEADING.contains(&x.as_str()))
            && (i..=n).any(|j| {
                w[j..].iter().all(|x| TRAILING.contains(&x.as_str())) && is_logout_words(&w[i..j])
            })
    })
}

/// Names a logout file contains, for the walk to bring back files that never mention
/// Customer.io (a logout that does not reset has no reason to).
pub(crate) const LOGOUT_LITERALS: &[&str] = &[
    "logout", "Logout", "logOut", "LogOut", "log_out", "signout", "Signout", "signOut", "SignOut",
    "sign_out",
];

fn on_device(sdk: Sdk) -> bool {
    matches!(
        sdk,
        Sdk::CdpAnalyticsBrowser | Sdk::LegacySnippet | Sdk::ReactNative
    )
}

/// The file identifies people with an SDK that keeps them on the device.
pub(crate) fn identifies_on_device(f: &FileFacts) -> bool {
    f.calls
        .iter()
        .any(|c| c.method == Method::Identify && on_device(c.client.sdk))
}

fn is_js(f: &FileFacts) -> bool {
    matches!(f.language, Language::JavaScript | Language::TypeScript)
}

/// Files that run on a server: they cannot reach the device's SDK.
fn is_server_file(f: &FileFacts) -> bool {
    let p = f.path.as_str();
    let file = p.rsplit('/').next().unwrap_or(p);
    let stem = file.split('.').next().unwrap_or(file);
    is_server_directive_file(f)
        || p.contains("pages/api/")
        || p.contains("app/api/")
        || p.starts_with("api/")
        || stem == "route"
        || stem == "middleware"
        || file.contains(".server.")
        || file.contains("+api.")
        || f.imports.iter().any(|i| {
            matches!(
                i.module.as_str(),
                "server-only"
                    | "next/server"
                    | "express"
                    | "customerio-node"
                    | "@customerio/cdp-analytics-node"
            )
        })
}

/// The file's functions that reset the SDK, themselves or through the file's other
/// functions they call (`onLogout` → `resetStoredData` → `customerIO.clearCustomer()`).
fn resetting_helpers(f: &FileFacts) -> HashSet<&str> {
    let named = |scope: ScopeId| {
        let mut cur = Some(scope);
        while let Some(s) = cur {
            let g = f.function(s)?;
            if let Some(n) = g.name.as_deref() {
                return Some(n);
            }
            cur = g.parent;
        }
        None
    };
    let mut out: HashSet<&str> = f
        .calls
        .iter()
        .filter(|c| c.method == Method::Reset)
        .filter_map(|c| named(c.scope))
        .collect();
    loop {
        let more: Vec<&str> = f
            .invocations
            .iter()
            .filter(|i| out.contains(i.name.as_str()))
            .filter_map(|i| named(i.scope))
            .filter(|n| !out.contains(n))
            .collect();
        if more.is_empty() {
            return out;
        }
        out.extend(more);
    }
}

/// Keep the invocations this rule reads, its only reader: those inside a function named for
/// logging out, and those of a function the file defines (a helper that may reset).
pub(crate) fn retain_read_invocations(f: &mut FileFacts) {
    if f.invocations.is_empty() {
        return;
    }
    let in_logout = |scope: ScopeId| {
        let mut cur = f.function(scope);
        while let Some(g) = cur {
            if g.name.as_deref().is_some_and(is_logout_name) {
                return true;
            }
            cur = g.parent.and_then(|p| f.function(p));
        }
        false
    };
    let defined: HashSet<&str> = f
        .functions
        .iter()
        .filter_map(|g| g.name.as_deref())
        .collect();
    let kept: Vec<Invocation> = f
        .invocations
        .iter()
        .filter(|i| defined.contains(i.name.as_str()) || in_logout(i.scope))
        .cloned()
        .collect();
    f.invocations = kept.into();
}

struct Logout<'a> {
    file: &'a FileFacts,
    name: &'a str,
    span: Span,
    resets: bool,
    /// Other logout functions it calls by name (`handleLogout` → `logout()` of a context).
    delegates: Vec<String>,
}

pub(crate) fn check(ctx: &Project, out: &mut Vec<Finding>) {
    let identifies: Vec<(&FileFacts, &Call)> = ctx
        .files
        .iter()
        .flat_map(|f| f.calls.iter().map(move |c| (*f, c)))
        .filter(|(_, c)| c.method == Method::Identify && on_device(c.client.sdk))
        .collect();
    // The related location: an identify written in the file, before one reached through a wrapper.
    let Some(&(ifile, icall)) = identifies
        .iter()
        .find(|(_, c)| c.forwarded.is_none())
        .or_else(|| identifies.first())
    else {
        return;
    };
    let project_resets = ctx
        .files
        .iter()
        .any(|f| f.calls.iter().any(|c| c.method == Method::Reset));
    let mut logouts: Vec<Logout> = Vec::new();
    for f in ctx.files.iter().filter(|f| is_js(f) && !is_server_file(f)) {
        let touches_customerio = !f.calls.is_empty() || !f.sdk_imports.is_empty();
        for func in f.functions.iter().skip(1) {
            let Some(name) = func.name.as_deref().filter(|n| is_logout_name(n)) else {
                continue;
            };

            if f.enclosing_handler(func.id).is_some() {
                continue;
            }
            // A logout nested in another (`useLogout` → its `logout` callback) is judged as
            // part of the outer one.
            let outer = func.parent.is_some_and(|p| {
                let mut cur = f.function(p);
                while let Some(g) = cur {
                    if g.name.as_deref().is_some_and(is_logout_name) {
                        return true;
                    }
                    cur = g.parent.and_then(|q| f.function(q));
                }
                false
            });
            if outer {
                continue;
            }
            let invoked: Vec<&str> = f
                .invocations
                .iter()
                .filter(|i| f.scope_within(i.scope, func.id))
                .map(|i| i.name.as_str())
                .collect();
            // `BranchService.logout() { return branch.logout() }`: another vendor's wrapper
            // that hands on to its SDK's own logout, in a project whose logout flow resets
            // Customer.io elsewhere.
            if func.class.is_some()
                && project_resets
                && !touches_customerio
                && invoked.contains(&name)
            {
                continue;
            }
            // `createContext({ signOut: async () => {} })`: a placeholder, not a logout.
            let placeholder = func.span.line == func.span.end_line
                && invoked
                    .iter()
                    .all(|n| matches!(*n, "resolve" | "log" | "warn" | "error"));
            if placeholder {
                continue;
            }
            // `const logOut = (state, action) => ({ ...defaultState })`: a Redux reducer case,
            // where side effects do not belong; the logout that resets is the action's.
            if matches!(func.params.as_slice(), [s, a] if s == "state" && a == "action") {
                continue;
            }
            let resets = f
                .calls
                .iter()
                .any(|c| c.method == Method::Reset && f.scope_within(c.scope, func.id))
                || invoked.iter().any(|n| resetting_helpers(f).contains(*n));
            let mut delegates: Vec<String> = invoked
                .into_iter()
                // `logOut: () => dispatch(logOut())` hands on to another logout of the
                // same name.
                .filter(|n| is_logout_name(n))
                .map(str::to_string)
                .collect();
            delegates.sort();
            delegates.dedup();
            logouts.push(Logout {
                file: f,
                name,
                span: func.span,
                resets,
                delegates,
            });
        }
    }
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, l) in logouts.iter().enumerate() {
        by_name.entry(l.name).or_default().push(i);
    }
    let delegates_of = |i: usize| -> Vec<usize> {
        logouts[i]
            .delegates
            .iter()
            .flat_map(|n| by_name.get(n.as_str()).cloned().unwrap_or_default())
            .filter(|d| *d != i)
            .collect()
    };
    let mut callers: Vec<Vec<usize>> = vec![Vec::new(); logouts.len()];
    for i in 0..logouts.len() {
        for d in delegates_of(i) {
            callers[d].push(i);
        }
    }
    // Some function on the way resets: below (what it delegates to) or above (its callers).
    let reaches_reset = |start: usize, next: &dyn Fn(usize) -> Vec<usize>| -> bool {
        let mut seen = HashSet::new();
        let mut stack = next(start);
        while let Some(i) = stack.pop() {
            if !seen.insert(i) {
                continue;
            }
            if logouts[i].resets {
                return true;
            }
            stack.extend(next(i));
        }
        false
    };
    let unreset: Vec<bool> = (0..logouts.len())
        .map(|i| {
            !logouts[i].resets
                && !reaches_reset(i, &delegates_of)
                && !reaches_reset(i, &|j| callers[j].clone())
        })
        .collect();
    for (i, l) in logouts.iter().enumerate() {
        // A logout that delegates to another unreset one is fixed there: one finding.
        if !unreset[i] || delegates_of(i).iter().any(|d| unreset[*d] && *d != i) {
            continue;
        }
        let sdk = reset_sdk(l.file, &identifies);
        let message = format!(
            "`{}` logs the person out but never calls {}: the SDK keeps them identified on this {}, so the next person's activity lands on their profile{}; call it here or in a helper this function calls",
            l.name,
            reset_call(sdk),
            if sdk == Sdk::ReactNative {
                "device"
            } else {
                "browser"
            },
            if sdk == Sdk::ReactNative {
                " and the device keeps receiving their pushes"
            } else {
                ""
            }
        );
        let mut finding = ctx.finding(&META, &l.file.path, l.span, message);
        finding.related.push(Related {
            path: ifile.path.clone(),
            line: icall.span.line,
            column: icall.span.column,
            message: format!(
                "people are identified with {} here",
                icall.client.sdk.display()
            ),
            span: icall.span,
        });
        out.push(finding);
    }
}

/// The device SDK whose reset a logout in this file needs: the one this file uses, else
/// the one the project identifies with.
fn reset_sdk(f: &FileFacts, identifies: &[(&FileFacts, &Call)]) -> Sdk {
    identifies
        .iter()
        .map(|(_, c)| c.client.sdk)
        .find(|s| f.sdk_imports.contains(s))
        .unwrap_or(identifies[0].1.client.sdk)
}

fn reset_call(sdk: Sdk) -> &'static str {
    match sdk {
        Sdk::ReactNative => "`CustomerIO.clearIdentify()`",
        Sdk::LegacySnippet => "`_cio.reset()`",
        _ => "the browser SDK's `reset()` (`cioanalytics.reset()`)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logout_names() {
        for n in [
            "logout",
            "logOut",
            "log_out",
            "signOut",
            "sign_out",
            "handleLogout",
            "onLogout",
            "handleSignOut",
            "onSignOutClick",
            "logoutUser",
            "useLogout",
            "doLogout",
            "Logout",
        ] {
            assert!(is_logout_name(n), "{n}");
        }
        for n in [
            "LogoutButton",
            "logoutUrl",
            "onLogoutSuccess",
            "signOutRedirect",
            "login",
            "signIn",
            "logoutModal",
            "setLogoutOpen",
        ] {
            assert!(!is_logout_name(n), "{n}");
        }
    }
}
