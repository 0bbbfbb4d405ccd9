//! `ciolint inventory`: what each sub-project sends to Customer.io, read from the code. Per
//! project root (the nearest manifest, as the project-wide rules use), the SDKs it imports,
//! the clients it builds, every event with its call sites and the properties sent with their
//! types, every person attribute, and its webhook handlers and templates.
//!
//! A call made through the project's own wrappers counts at the wrapper's call site, where
//! the resolver re-created it with the caller's arguments; the wrapper's inner call counts
//! only when nothing in the project calls the wrapper.

pub mod infer;
pub mod render;

use crate::facts::{
    Call, ClientKind, FileFacts, Location, Method, RegionSetting, Sdk, Section, Span, Verification,
};
use crate::rules::{Project, ProjectCtx};
use infer::{PropType, observe};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// Everything `ciolint inventory` reports, one entry per sub-project, by root.
#[derive(Debug, Clone, Serialize)]
pub struct Inventory {
    pub tool: &'static str,
    pub version: &'static str,
    pub projects: Vec<ProjectInventory>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectInventory {
    /// The sub-project's root directory (its nearest manifest), `.` for the working
    /// directory; `null` for files with no manifest or repository above them.
    pub root: Option<String>,
    pub sdks: Vec<SdkEntry>,
    pub clients: Vec<ClientEntry>,
    pub events: Vec<EventEntry>,
    /// Event calls whose name is not a literal (`` `${kind}_viewed` ``, a variable).
    pub dynamic_events: Vec<DynamicEvent>,
    pub person_attributes: Vec<PropertyEntry>,
    pub webhooks: Vec<WebhookEntry>,
    pub templates: Vec<TemplateEntry>,
}

/// A Customer.io SDK the sub-project's code imports.
#[derive(Debug, Clone, Serialize)]
pub struct SdkEntry {
    /// `npm`, `pypi`, `rubygems` or `go`.
    pub ecosystem: &'static str,
    pub package: &'static str,
    /// The resolved version from the manifest or lockfile; `null` while unknown.
    pub version: Option<String>,
    /// The files that import it.
    pub imported_in: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Site {
    pub path: String,
    pub line: u32,
    pub column: u32,
}

impl Site {
    fn new(path: &str, span: Span) -> Site {
        Site {
            path: path.to_string(),
            line: span.line,
            column: span.column,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ClientEntry {
    /// `track`, `app` or `pipelines`.
    pub kind: &'static str,
    pub sdk: &'static str,
    /// `us`, `eu`, or `unknown` when the region comes from something the code does not show.
    pub region: &'static str,
    /// The construction names the region (or host); `false` when it is the SDK's default.
    pub region_set: bool,
    /// The name the client is bound to.
    pub binding: Option<String>,
    /// Where it is built.
    pub site: Site,
}

impl ClientEntry {
    /// `eu`, or `us (default)` when the code names no region.
    pub fn region_label(&self) -> String {
        if self.region_set {
            self.region.to_string()
        } else {
            format!("{} (default)", self.region)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct CallSite {
    pub path: String,
    pub line: u32,
    pub column: u32,
    /// The method as called (`track`, `trackSignup() → track` through a wrapper).
    pub method: String,
    /// The Customer.io call a wrapper call leads to; `null` for a direct call.
    pub sdk_call: Option<Site>,
    /// Every key of the payload is written out (no spread, no payload variable).
    pub keys_known: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventEntry {
    pub name: String,
    pub calls: Vec<CallSite>,
    pub properties: Vec<PropertyEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DynamicEvent {
    /// The event-name expression as written.
    pub expression: String,
    pub calls: Vec<CallSite>,
}

/// An event property or a person attribute.
#[derive(Debug, Clone, Serialize)]
pub struct PropertyEntry {
    pub name: String,
    /// Every type seen, in a fixed order (`unknown` last).
    pub types: Vec<PropType>,
    /// Sent by every call (of the event) whose keys are all known, and there is one.
    pub in_every_call: bool,
    /// Where each value is written.
    pub sites: Vec<Site>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WebhookEntry {
    pub site: Site,
    pub route: Option<String>,
    /// `verified`, `missing`, `non_constant_compare`, `skipped_when_key_unset`,
    /// `static_token`, `not_enforced` or `wrong_signed_string`.
    pub verification: &'static str,
    /// The delivery metrics its dispatch names.
    pub metrics: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TemplateEntry {
    pub path: String,
    pub transactional: bool,
    pub layout: bool,
    pub unsubscribe_link: bool,
}

/// The package behind an SDK, for the SDKs that have one.
fn package_of(sdk: Sdk) -> Option<(&'static str, &'static str)> {
    Some(match sdk {
        Sdk::CustomerioNode => ("npm", "customerio-node"),
        Sdk::CdpAnalyticsNode => ("npm", "@customerio/cdp-analytics-node"),
        Sdk::CdpAnalyticsBrowser => ("npm", "@customerio/cdp-analytics-browser"),
        Sdk::ReactNative => ("npm", "customerio-reactnative"),
        Sdk::CustomerioPython => ("pypi", "customerio"),
        Sdk::CdpAnalyticsPython => ("pypi", "customerio-cdp-analytics"),
        Sdk::AsyncCustomerio => ("pypi", "async-customerio"),
        Sdk::CustomerioRuby => ("rubygems", "customerio"),
        Sdk::GoCustomerio => ("go", "github.com/customerio/go-customerio"),
        Sdk::CdpAnalyticsGo => ("go", "github.com/customerio/cdp-analytics-go"),
        Sdk::LegacySnippet | Sdk::RawHttp => return None,
    })
}

fn kind_name(kind: ClientKind) -> &'static str {
    match kind {
        ClientKind::Track => "track",
        ClientKind::App => "app",
        ClientKind::Pipelines => "pipelines",
    }
}

fn verification_name(v: &Verification) -> &'static str {
    match v {
        Verification::Verified => "verified",
        Verification::Missing => "missing",
        Verification::NonConstantCompare(_) => "non_constant_compare",
        Verification::SkippedWhenKeyUnset(_) => "skipped_when_key_unset",
        Verification::StaticToken(_) => "static_token",
        Verification::NotEnforced(_) => "not_enforced",
        Verification::WrongSignedString(_) => "wrong_signed_string",
    }
}

/// A call as it reaches Customer.io, seen from where it is counted: through the project's
/// wrappers, the event name and the properties come from whichever function in the chain
/// writes them (the caller passes `plan`, the wrapper names the event).
pub(crate) struct SentCall<'a> {
    pub file: &'a FileFacts,
    /// The outermost call: a direct SDK call, or one re-created at a wrapper call site.
    pub call: &'a Call,
    /// Not stood for by a call further out: the call site the inventory counts.
    pub counted: bool,
    /// The event name and the file it is written in.
    pub event_name: Option<(&'a str, &'a crate::facts::Expr)>,
    /// Every property sent, with the file it is written in; outer values win.
    pub attrs: Vec<(&'a str, &'a crate::facts::Attr)>,
    /// Every key is written out somewhere in the chain (no spread, no payload variable).
    pub keys_known: bool,
}

/// A derived call's placeholder payload: part of it is the wrapper's own (see the resolver).
fn is_wrapper_own(payload: &crate::facts::Expr) -> bool {
    payload.value == crate::facts::Value::Unknown && payload.text.is_empty()
}

/// Every Customer.io call of the files, with what it sends merged along its wrapper chain.
pub(crate) fn sent_calls<'a>(files: &[&'a FileFacts]) -> Vec<SentCall<'a>> {
    let by_path: std::collections::HashMap<&str, &FileFacts> =
        files.iter().map(|f| (f.path.as_str(), *f)).collect();
    // The SDK calls and intermediate wrapper calls some outer call site stands for.
    let mut covered: HashSet<(&str, Span)> = HashSet::new();
    for f in files {
        for fw in &f.forwarded {
            if fw.builds_client {
                continue;
            }
            let Location { path, span } = &fw.sdk_call;
            covered.insert((path.as_str(), *span));
            for v in &fw.via {
                covered.insert((v.path.as_str(), v.span));
            }
        }
    }
    let mut out = Vec::new();
    for &f in files {
        for call in &f.calls {
            // The chain from this call inwards: (file, call).
            let mut chain: Vec<(&FileFacts, &Call)> = vec![(f, call)];
            if let Some(fw) = call.forwarded.and_then(|i| f.forwarded.get(i as usize)) {
                let inner = fw.via.iter().filter_map(|loc| {
                    let file = by_path.get(loc.path.as_str())?;
                    let c = file.calls.iter().find(|c| {
                        c.span == loc.span
                            && c.forwarded
                                .and_then(|i| file.forwarded.get(i as usize))
                                .is_some_and(|x| x.sdk_call == fw.sdk_call)
                    })?;
                    Some((*file, c))
                });
                chain.extend(inner);
                if let Some(file) = by_path.get(fw.sdk_call.path.as_str())
                    && let Some(c) = file
                        .calls
                        .iter()
                        .find(|c| c.span == fw.sdk_call.span && c.forwarded.is_none())
                {
                    chain.push((*file, c));
                }
            }
            let event_name = chain
                .iter()
                .find_map(|(cf, c)| c.event_name.as_ref().map(|e| (cf.path.as_str(), e)));
            let mut attrs: Vec<(&str, &crate::facts::Attr)> = Vec::new();
            for (cf, c) in &chain {
                for a in &c.attributes {
                    if !attrs.iter().any(|(_, b)| {
                        b.key == a.key && b.section == a.section && b.depth == a.depth
                    }) {
                        attrs.push((cf.path.as_str(), a));
                    }
                }
            }
            let keys_known = chain.iter().all(|(_, c)| c.spreads.is_empty())
                && call.payload.as_deref().is_none_or(is_wrapper_own);
            out.push(SentCall {
                file: f,
                call,
                counted: !covered.contains(&(f.path.as_str(), call.span)),
                event_name,
                attrs,
                keys_known,
            });
        }
    }
    out
}

impl<'a> SentCall<'a> {
    /// The literal event names sent (several for `cond ? "a" : "b"`); empty when the name
    /// is not a literal.
    pub(crate) fn literal_event_names(&self) -> Vec<&'a str> {
        let Some((_, name)) = self.event_name else {
            return Vec::new();
        };
        let alts = name.value.alternatives();
        if alts
            .iter()
            .all(|v| matches!(v, crate::facts::Value::Str(s) if !s.is_empty()))
        {
            alts.into_iter().filter_map(|v| v.as_str()).collect()
        } else {
            Vec::new()
        }
    }

    /// The properties of an event: the top level of its data.
    pub(crate) fn event_properties(&self) -> impl Iterator<Item = &(&str, &crate::facts::Attr)> {
        self.attrs
            .iter()
            .filter(|(_, a)| a.depth == 0 && a.section == Section::Data)
    }

    /// The person attributes of an identify call: its top level.
    pub(crate) fn person_attributes(&self) -> impl Iterator<Item = &(&str, &crate::facts::Attr)> {
        self.attrs
            .iter()
            .filter(|(_, a)| a.depth == 0 && a.section == Section::Top)
    }

    pub(crate) fn is_event(&self) -> bool {
        matches!(self.call.method, Method::Track | Method::TrackAnonymous)
    }
}

fn call_site(sent: &SentCall) -> CallSite {
    let (f, call) = (sent.file, sent.call);
    let sdk_call = call
        .forwarded
        .and_then(|i| f.forwarded.get(i as usize))
        .map(|fw| Site::new(&fw.sdk_call.path, fw.sdk_call.span));
    CallSite {
        path: f.path.clone(),
        line: call.span.line,
        column: call.span.column,
        method: call.method_name.clone(),
        sdk_call,
        keys_known: sent.keys_known,
    }
}

/// Properties (or attributes) gathered over several calls.
#[derive(Default)]
struct Gathered {
    types: BTreeSet<PropType>,
    sites: BTreeSet<Site>,
    /// In how many calls with known keys it was sent.
    known_calls: usize,
}

fn gather<'a>(
    into: &mut BTreeMap<String, Gathered>,
    sent: &SentCall,
    attrs: impl Iterator<Item = &'a (&'a str, &'a crate::facts::Attr)>,
) {
    let mut seen = HashSet::new();
    for (path, a) in attrs {
        let g = into.entry(a.key.clone()).or_default();
        for o in observe(&a.value.value, &a.key, sent.call.client.sdk) {
            g.types.insert(o.ty);
        }
        g.sites.insert(Site::new(path, a.value.span));
        if sent.keys_known && seen.insert(a.key.as_str()) {
            g.known_calls += 1;
        }
    }
}

fn finish(gathered: BTreeMap<String, Gathered>, known_calls: usize) -> Vec<PropertyEntry> {
    gathered
        .into_iter()
        .map(|(name, g)| PropertyEntry {
            name,
            types: g.types.into_iter().collect(),
            in_every_call: known_calls > 0 && g.known_calls == known_calls,
            sites: g.sites.into_iter().collect(),
        })
        .collect()
}

fn root_display(root: &Option<std::path::PathBuf>) -> Option<String> {
    let root = root.as_ref()?;
    let cwd = std::env::current_dir().ok();
    let shown = match cwd.as_ref().and_then(|c| root.strip_prefix(c).ok()) {
        Some(rel) => rel.to_path_buf(),
        None => root.clone(),
    };
    let s = shown.to_string_lossy().replace('\\', "/");
    Some(if s.is_empty() { ".".to_string() } else { s })
}

/// The inventory of every project of a run.
pub(crate) fn build(ctx: &ProjectCtx) -> Inventory {
    let mut projects: Vec<ProjectInventory> = ctx.projects().iter().map(project).collect();
    projects.retain(|p| {
        !(p.sdks.is_empty()
            && p.clients.is_empty()
            && p.events.is_empty()
            && p.dynamic_events.is_empty()
            && p.person_attributes.is_empty()
            && p.webhooks.is_empty()
            && p.templates.is_empty())
    });
    projects.sort_by(|a, b| a.root.cmp(&b.root));
    Inventory {
        tool: "ciolint",
        version: env!("CARGO_PKG_VERSION"),
        projects,
    }
}

fn project(p: &Project) -> ProjectInventory {
    let mut sdks: BTreeMap<(&'static str, &'static str), (Sdk, BTreeSet<String>)> = BTreeMap::new();
    let mut clients = Vec::new();
    let mut webhooks = Vec::new();
    for f in &p.files {
        for sdk in f
            .sdk_imports
            .iter()
            .chain(f.clients.iter().map(|c| &c.info.sdk))
        {
            if let Some(pkg) = package_of(*sdk) {
                sdks.entry(pkg)
                    .or_insert_with(|| (*sdk, BTreeSet::new()))
                    .1
                    .insert(f.path.clone());
            }
        }
        let factory_sites: Vec<Span> = f
            .forwarded
            .iter()
            .filter(|fw| fw.builds_client)
            .map(|fw| fw.site)
            .collect();
        for c in &f.clients {
            if factory_sites.contains(&c.span) {
                continue;
            }
            let region = crate::rules::region_of(&c.region);
            clients.push(ClientEntry {
                kind: kind_name(c.info.kind),
                sdk: c.info.sdk.display(),
                region: region.map_or("unknown", |(r, _)| r),
                region_set: !matches!(c.region, RegionSetting::Default),
                binding: c.binding.clone(),
                site: Site::new(&f.path, c.span),
            });
        }
        for w in &f.webhooks {
            webhooks.push(WebhookEntry {
                site: Site::new(&f.path, w.span),
                route: w.route.clone(),
                verification: verification_name(&w.verification),
                metrics: w
                    .dispatch
                    .as_ref()
                    .map(|d| {
                        let mut m = d.metrics.clone();
                        m.sort();
                        m.dedup();
                        m
                    })
                    .unwrap_or_default(),
            });
        }
    }
    clients.sort_by(|a, b| a.site.cmp(&b.site).then(a.kind.cmp(b.kind)));
    webhooks.sort_by(|a, b| a.site.cmp(&b.site));

    // Event name → (call sites, properties, calls with known keys).
    type EventAcc = (Vec<CallSite>, BTreeMap<String, Gathered>, usize);
    let mut events: BTreeMap<String, EventAcc> = BTreeMap::new();
    let mut dynamic: BTreeMap<String, Vec<CallSite>> = BTreeMap::new();
    let mut person: BTreeMap<String, Gathered> = BTreeMap::new();
    let mut identify_known = 0;
    for sent in sent_calls(&p.files).iter().filter(|s| s.counted) {
        if sent.is_event() {
            let names = sent.literal_event_names();
            if names.is_empty() {
                let expression = sent
                    .event_name
                    .map_or_else(|| "(not visible)".to_string(), |(_, e)| e.text.clone());
                dynamic.entry(expression).or_default().push(call_site(sent));
                continue;
            }
            for name in names {
                let (sites, props, known) = events.entry(name.to_string()).or_default();
                sites.push(call_site(sent));
                gather(props, sent, sent.event_properties());
                if sent.keys_known {
                    *known += 1;
                }
            }
        } else if sent.call.method == Method::Identify {
            gather(&mut person, sent, sent.person_attributes());
            if sent.keys_known {
                identify_known += 1;
            }
        }
    }
    let events = events
        .into_iter()
        .map(|(name, (mut calls, props, known))| {
            calls.sort();
            calls.dedup();
            EventEntry {
                name,
                calls,
                properties: finish(props, known),
            }
        })
        .collect();
    let dynamic_events = dynamic
        .into_iter()
        .map(|(expression, mut calls)| {
            calls.sort();
            calls.dedup();
            DynamicEvent { expression, calls }
        })
        .collect();
    // Identify calls update some attributes each: none is expected in every one.
    let mut person_attributes = finish(person, identify_known);
    for a in &mut person_attributes {
        a.in_every_call = false;
    }
    let mut templates: Vec<TemplateEntry> = p
        .templates
        .iter()
        .filter(|t| t.uses_customer_liquid && !t.web_page)
        .map(|t| TemplateEntry {
            path: t.path.clone(),
            transactional: t.transactional,
            layout: t.is_layout,
            unsubscribe_link: !t.unsubscribe_tags.is_empty(),
        })
        .collect();
    templates.sort_by(|a, b| a.path.cmp(&b.path));
    ProjectInventory {
        root: root_display(&p.root),
        sdks: sdks
            .into_iter()
            .map(|((ecosystem, package), (sdk, files))| SdkEntry {
                ecosystem,
                package,
                // The exact version a lockfile or pin gives, else the manifest's range.
                version: files
                    .first()
                    .and_then(|f| p.versions.for_file(f, sdk))
                    .map(|v| {
                        v.range
                            .single()
                            .map_or_else(|| v.spec.clone(), |x| x.to_string())
                    }),
                imported_in: files.into_iter().collect(),
            })
            .collect(),
        clients,
        events,
        dynamic_events,
        person_attributes,
        webhooks,
        templates,
    }
}
