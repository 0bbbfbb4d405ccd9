//! The tracking plan: one JSON Schema (draft 2020-12) per event and one for person
//! attributes, in one file, as tracking-plan tools export them. `ciolint plan init` writes
//! one from the inventory, `ciolint plan diff` compares it with the code, and the rules
//! `unplanned-event`, `plan-property-type` and `plan-missing-property` enforce it in
//! `check`. Values are judged by the `jsonschema` crate, never by hand: each sent value (the
//! literal, or a representative of its inferred type) is validated against the schema.
//!
//! ```json
//! { "$comment": "…",
//!   "events": { "Order Completed": { "$schema": "https://json-schema.org/draft/2020-12/schema",
//!                                    "type": "object", "properties": { … }, "required": [ … ] } },
//!   "person": { "$schema": "…", "type": "object", "properties": { … } } }
//! ```

use crate::facts::{Attr, Call, Span};
use crate::inventory::infer::{Observed, PropType, observe};
use crate::inventory::{Inventory, PropertyEntry};
use anyhow::{Context, Result, bail};
use serde_json::{Map, Value as Json, json};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub const SCHEMA_DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// One schema of the plan with its compiled validator.
pub struct PlannedSchema {
    pub schema: Json,
    validator: jsonschema::Validator,
}

impl std::fmt::Debug for PlannedSchema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlannedSchema")
            .field("schema", &self.schema)
            .finish()
    }
}

impl PlannedSchema {
    fn compile(schema: Json, what: &str, path: &Path) -> Result<PlannedSchema> {
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .build(&schema)
            .map_err(|e| {
                anyhow::anyhow!(
                    "{}: the schema of {what} is not a valid JSON Schema: {e}",
                    path.display()
                )
            })?;
        Ok(PlannedSchema { schema, validator })
    }

    /// The property names the schema lists under `properties` or `required`.
    pub fn property_names(&self) -> BTreeSet<String> {
        let mut names: BTreeSet<String> = self
            .schema
            .get("properties")
            .and_then(Json::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        if let Some(required) = self.schema.get("required").and_then(Json::as_array) {
            names.extend(required.iter().filter_map(Json::as_str).map(str::to_string));
        }
        names
    }
}

/// A tracking plan read from its file.
#[derive(Debug)]
pub struct TrackingPlan {
    pub path: PathBuf,
    pub events: BTreeMap<String, PlannedSchema>,
    pub person: Option<PlannedSchema>,
}

impl TrackingPlan {
    pub fn load(path: &Path) -> Result<TrackingPlan> {
        let text = std::fs::read_to_string(path).with_context(|| {
            format!(
                "could not read the tracking plan {} (`ciolint plan init` writes one)",
                path.display()
            )
        })?;
        Self::parse(&text, path)
    }

    pub fn parse(text: &str, path: &Path) -> Result<TrackingPlan> {
        let doc: Json = serde_json::from_str(text)
            .map_err(|e| anyhow::anyhow!("{}: not valid JSON: {e}", path.display()))?;
        let Some(events) = doc.get("events").and_then(Json::as_object) else {
            bail!(
                "{}: a tracking plan needs an `events` object (event name → JSON Schema)",
                path.display()
            );
        };
        let mut planned = BTreeMap::new();
        for (name, schema) in events {
            planned.insert(
                name.clone(),
                PlannedSchema::compile(schema.clone(), &format!("event `{name}`"), path)?,
            );
        }
        let person = match doc.get("person") {
            None | Some(Json::Null) => None,
            Some(schema) => Some(PlannedSchema::compile(
                schema.clone(),
                "the person attributes",
                path,
            )?),
        };
        Ok(TrackingPlan {
            path: path.to_path_buf(),
            events: planned,
            person,
        })
    }

    /// The plan's file as messages show it: relative to the working directory when below it.
    pub fn shown_path(&self) -> String {
        let cwd = std::env::current_dir().ok();
        let rel = cwd
            .as_ref()
            .and_then(|c| self.path.strip_prefix(c).ok())
            .unwrap_or(&self.path);
        rel.to_string_lossy().replace('\\', "/")
    }

    /// The planned event name closest to `name` (case and separators aside).
    pub fn nearest_event(&self, name: &str) -> Option<&str> {
        let norm = |s: &str| crate::rules::common::normalize_key(s);
        let target = norm(name);
        self.events
            .keys()
            .map(|k| {
                let planned = norm(k);
                // Bigrams also match reordered words (`viewed_pricing`, `pricing_viewed`).
                let score = strsim::normalized_levenshtein(&planned, &target)
                    .max(strsim::sorensen_dice(&planned, &target));
                (score, k)
            })
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(a.1)))
            .map(|(_, k)| k.as_str())
    }
}

/// A way one call breaks the plan.
#[derive(Debug, Clone, PartialEq)]
pub enum Violation {
    /// A required property the call does not send (all its keys are written out).
    Missing { property: String },
    /// A sent value the property's schema rejects.
    WrongType {
        property: String,
        value_span: Span,
        /// The type the code sends, as the inventory names it.
        sent: PropType,
        literal: bool,
        /// What the validator said.
        reason: String,
    },
}

/// The first segment of a JSON pointer (`/total/0` → `total`), unescaped.
fn first_segment(pointer: &str) -> Option<String> {
    let rest = pointer.strip_prefix('/')?;
    let seg = rest.split('/').next()?;
    Some(seg.replace("~1", "/").replace("~0", "~"))
}

/// Keywords that judge a value's type rather than its content: an inferred value's stand-in
/// says nothing about its content, so only these judge it.
const TYPE_KEYWORDS: &[&str] = &["type", "anyOf", "oneOf"];
/// What judges a timestamp whose unit the code shows: its type, its range (seconds or
/// milliseconds) and its format (an ISO string).
const TIMESTAMP_KEYWORDS: &[&str] = &[
    "type",
    "anyOf",
    "oneOf",
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
];

/// Validate the properties a call sends against a planned schema. `keys_known`: every key
/// is written out, so a required property that is absent is missing.
pub fn judge<'a>(
    schema: &PlannedSchema,
    call: &Call,
    attrs: impl Iterator<Item = &'a Attr>,
    keys_known: bool,
) -> Vec<Violation> {
    // Property → its possible values; several instances cover every alternative.
    let mut observed: Vec<(&Attr, Vec<Observed>)> = Vec::new();
    for a in attrs {
        if observed.iter().any(|(b, _)| b.key == a.key) {
            continue;
        }
        observed.push((a, observe(&a.value.value, &a.key, call.client.sdk)));
    }
    let rounds = observed
        .iter()
        .map(|(_, o)| o.len())
        .max()
        .unwrap_or(1)
        .max(1);
    let mut out: Vec<Violation> = Vec::new();
    for round in 0..rounds {
        let mut instance = Map::new();
        for (a, alts) in &observed {
            let sample = alts
                .get(round.min(alts.len().saturating_sub(1)))
                .and_then(|o| o.sample.clone())
                .unwrap_or(Json::Null);
            instance.insert(a.key.clone(), sample);
        }
        let instance = Json::Object(instance);
        for error in schema.validator.iter_errors(&instance) {
            let keyword = error.kind().keyword();
            match first_segment(error.instance_path().as_str()) {
                None => {
                    if let jsonschema::error::ValidationErrorKind::Required { property } =
                        error.kind()
                        && keys_known
                        && let Some(p) = property.as_str()
                    {
                        let v = Violation::Missing {
                            property: p.to_string(),
                        };
                        if !out.contains(&v) {
                            out.push(v);
                        }
                    }
                }
                Some(key) => {
                    let Some((attr, alts)) = observed.iter().find(|(a, _)| a.key == key) else {
                        continue;
                    };
                    let Some(o) = alts.get(round.min(alts.len().saturating_sub(1))) else {
                        continue;
                    };
                    let judged = o.sample.is_some()
                        && (o.literal
                            || (o.timestamp && TIMESTAMP_KEYWORDS.contains(&keyword))
                            || TYPE_KEYWORDS.contains(&keyword));
                    if !judged
                        || out.iter().any(|v| {
                            matches!(v, Violation::WrongType { property, .. } if *property == key)
                        })
                    {
                        continue;
                    }
                    // A stand-in says nothing to the reader: name the expression instead.
                    let mut reason = error.to_string();
                    if !o.literal
                        && let Some(sample) = &o.sample
                    {
                        reason = reason.replacen(
                            &sample.to_string(),
                            &crate::rules::common::code(&attr.value.text),
                            1,
                        );
                    }
                    out.push(Violation::WrongType {
                        property: key,
                        value_span: attr.value.span,
                        sent: o.ty,
                        literal: o.literal,
                        reason,
                    });
                }
            }
        }
    }
    out
}

/// The schema of one property of the given types: `{}` when no type is known, one type's
/// schema, or `anyOf` several.
fn property_schema(types: &BTreeSet<PropType>, description: Option<&str>) -> Json {
    let known: Vec<&PropType> = types.iter().filter(|t| **t != PropType::Unknown).collect();
    let mut schema = match known.as_slice() {
        [] => json!({}),
        [one] => one.schema(),
        many => json!({ "anyOf": many.iter().map(|t| t.schema()).collect::<Vec<_>>() }),
    };
    if let (Some(d), Some(obj)) = (description, schema.as_object_mut())
        && !obj.contains_key("description")
    {
        obj.insert("description".into(), json!(d));
    }
    schema
}

#[derive(Default)]
struct PlannedProps {
    types: BTreeMap<String, BTreeSet<PropType>>,
    /// Properties every call sends, in every sub-project that sends the event.
    required: Option<BTreeSet<String>>,
}

impl PlannedProps {
    fn add(&mut self, props: &[PropertyEntry], with_required: bool) {
        for p in props {
            self.types
                .entry(p.name.clone())
                .or_default()
                .extend(p.types.iter().copied());
        }
        if with_required {
            let here: BTreeSet<String> = props
                .iter()
                .filter(|p| p.in_every_call)
                .map(|p| p.name.clone())
                .collect();
            self.required = Some(match self.required.take() {
                Some(r) => r.intersection(&here).cloned().collect(),
                None => here,
            });
        }
    }

    fn schema(&self, title: &str) -> Json {
        let properties: Map<String, Json> = self
            .types
            .iter()
            .map(|(k, t)| {
                let note = t
                    .iter()
                    .all(|t| *t == PropType::Unknown)
                    .then_some("type not visible in the code");
                (k.clone(), property_schema(t, note))
            })
            .collect();
        let mut schema = json!({
            "$schema": SCHEMA_DIALECT,
            "title": title,
            "type": "object",
            "properties": properties,
        });
        if let Some(r) = &self.required
            && !r.is_empty()
        {
            schema["required"] = json!(r.iter().collect::<Vec<_>>());
        }
        schema
    }
}

/// The plan document `ciolint plan init` writes: every event the inventory found, with the
/// properties and types sent, required when every call with all its keys written sends it.
pub fn init(inv: &Inventory) -> Json {
    let mut events: BTreeMap<&str, PlannedProps> = BTreeMap::new();
    let mut person = PlannedProps::default();
    for p in &inv.projects {
        for e in &p.events {
            events
                .entry(e.name.as_str())
                .or_default()
                .add(&e.properties, true);
        }
        person.add(&p.person_attributes, false);
    }
    let events: Map<String, Json> = events
        .iter()
        .map(|(name, props)| (name.to_string(), props.schema(name)))
        .collect();
    json!({
        "$comment": "Tracking plan written by `ciolint plan init` from the code: one JSON Schema (draft 2020-12) per event and one for person attributes. Edit it, then `ciolint check` enforces it when ciolint.toml has [plan] file = \"<this file>\".",
        "events": events,
        "person": person.schema("Person attributes"),
    })
}

/// What the code and the plan disagree on (`ciolint plan diff`).
#[derive(Debug, Default, serde::Serialize)]
pub struct PlanDiff {
    /// Events the code sends that the plan lacks.
    pub unplanned_events: Vec<String>,
    /// Planned events the code never sends.
    pub unsent_events: Vec<String>,
    /// Per event both have: properties only the code sends, and planned ones it never sends.
    pub event_properties: Vec<PropertyDiff>,
    pub person: Option<PropertyDiff>,
}

#[derive(Debug, serde::Serialize)]
pub struct PropertyDiff {
    /// The event's name; `null` for person attributes.
    pub event: Option<String>,
    pub unplanned: Vec<String>,
    pub unsent: Vec<String>,
}

impl PlanDiff {
    pub fn is_empty(&self) -> bool {
        self.unplanned_events.is_empty()
            && self.unsent_events.is_empty()
            && self.event_properties.is_empty()
            && self.person.is_none()
    }

    pub fn text(&self) -> String {
        use std::fmt::Write;
        if self.is_empty() {
            return "The code and the tracking plan agree.\n".into();
        }
        let mut out = String::new();
        if !self.unplanned_events.is_empty() {
            out.push_str("Events the code sends that the plan lacks:\n");
            for e in &self.unplanned_events {
                let _ = writeln!(out, "  + {e}");
            }
        }
        if !self.unsent_events.is_empty() {
            out.push_str("Planned events the code never sends:\n");
            for e in &self.unsent_events {
                let _ = writeln!(out, "  - {e}");
            }
        }
        let props = self.event_properties.iter().chain(self.person.iter());
        for d in props {
            let _ = writeln!(
                out,
                "{}:",
                d.event
                    .as_ref()
                    .map_or("Person attributes".to_string(), |e| format!("Event {e}"))
            );
            for p in &d.unplanned {
                let _ = writeln!(out, "  + {p}  (sent, not planned)");
            }
            for p in &d.unsent {
                let _ = writeln!(out, "  - {p}  (planned, never sent)");
            }
        }
        out
    }
}

fn property_diff(
    event: Option<String>,
    sent: &BTreeSet<String>,
    planned: &BTreeSet<String>,
) -> Option<PropertyDiff> {
    let unplanned: Vec<String> = sent.difference(planned).cloned().collect();
    let unsent: Vec<String> = planned.difference(sent).cloned().collect();
    (!unplanned.is_empty() || !unsent.is_empty()).then_some(PropertyDiff {
        event,
        unplanned,
        unsent,
    })
}

pub fn diff(plan: &TrackingPlan, inv: &Inventory) -> PlanDiff {
    let mut sent: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut person: BTreeSet<String> = BTreeSet::new();
    for p in &inv.projects {
        for e in &p.events {
            sent.entry(e.name.as_str())
                .or_default()
                .extend(e.properties.iter().map(|p| p.name.clone()));
        }
        person.extend(p.person_attributes.iter().map(|a| a.name.clone()));
    }
    let mut out = PlanDiff::default();
    for (name, props) in &sent {
        match plan.events.get(*name) {
            None => out.unplanned_events.push(name.to_string()),
            Some(schema) => {
                if let Some(d) =
                    property_diff(Some(name.to_string()), props, &schema.property_names())
                {
                    out.event_properties.push(d);
                }
            }
        }
    }
    out.unsent_events = plan
        .events
        .keys()
        .filter(|k| !sent.contains_key(k.as_str()))
        .cloned()
        .collect();
    let planned_person = plan
        .person
        .as_ref()
        .map(PlannedSchema::property_names)
        .unwrap_or_default();
    out.person = property_diff(None, &person, &planned_person);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(doc: Json) -> TrackingPlan {
        TrackingPlan::parse(&doc.to_string(), Path::new("plan.json")).unwrap()
    }

    #[test]
    fn rejects_what_is_not_a_plan() {
        let err = TrackingPlan::parse("{}", Path::new("p.json")).unwrap_err();
        assert!(err.to_string().contains("`events` object"), "{err}");
        let err = TrackingPlan::parse("[", Path::new("p.json")).unwrap_err();
        assert!(err.to_string().contains("not valid JSON"), "{err}");
        let bad = json!({ "events": { "x": { "type": 12 } } });
        let err = TrackingPlan::parse(&bad.to_string(), Path::new("p.json")).unwrap_err();
        assert!(err.to_string().contains("event `x`"), "{err}");
    }

    #[test]
    fn nearest_event_ignores_case_and_separators() {
        let p = plan(json!({ "events": {
            "order_completed": {}, "user_signed_up": {}, "cart_viewed": {}
        }}));
        assert_eq!(p.nearest_event("OrderCompleted"), Some("order_completed"));
        assert_eq!(p.nearest_event("user_signedup"), Some("user_signed_up"));
        assert_eq!(p.nearest_event("viewed_cart"), Some("cart_viewed"));
    }

    #[test]
    fn unix_seconds_reject_milliseconds() {
        let schema = PropType::UnixSeconds.schema();
        let v = jsonschema::validator_for(&schema).unwrap();
        assert!(v.is_valid(&json!(1_700_000_000)));
        assert!(!v.is_valid(&json!(1_700_000_000_000_i64)));
        assert!(!v.is_valid(&json!("2023-11-14")));
    }
}
