//! What type a sent value has, as far as the code tells: a literal's own type, a timestamp's
//! unit, a date object, or what a value's name or conversion says (`user.created_at`,
//! `String(x)`, `.to_i`). The inventory lists these types, `plan init` turns them into
//! schemas, and the plan rules validate a representative value of each against the plan.

use crate::facts::{Sdk, TimeUnit, Value};
use crate::rules::common::{is_email_name, is_timestamp_key, words};
use serde::Serialize;
use serde_json::json;

/// The type of a sent value, as the inventory and the tracking plan name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PropType {
    String,
    Number,
    Boolean,
    /// A unix timestamp in seconds: what Customer.io reads as a date.
    UnixSeconds,
    /// A date object or an ISO-8601 string.
    Date,
    Object,
    Array,
    Null,
    Unknown,
}

impl PropType {
    pub fn display(self) -> &'static str {
        match self {
            PropType::String => "string",
            PropType::Number => "number",
            PropType::Boolean => "boolean",
            PropType::UnixSeconds => "unix seconds",
            PropType::Date => "date",
            PropType::Object => "object",
            PropType::Array => "array",
            PropType::Null => "null",
            PropType::Unknown => "unknown",
        }
    }

    /// The JSON Schema `plan init` writes for a property of this type (draft 2020-12).
    pub fn schema(self) -> serde_json::Value {
        match self {
            PropType::String => json!({ "type": "string" }),
            PropType::Number => json!({ "type": "number" }),
            PropType::Boolean => json!({ "type": "boolean" }),
            // Seconds until the year 2286: a millisecond timestamp is out of range.
            PropType::UnixSeconds => json!({
                "type": "integer",
                "minimum": 0,
                "maximum": MAX_UNIX_SECONDS,
                "description": "unix timestamp in seconds"
            }),
            PropType::Date => json!({ "type": "string", "format": "date-time" }),
            PropType::Object => json!({ "type": "object" }),
            PropType::Array => json!({ "type": "array" }),
            PropType::Null => json!({ "type": "null" }),
            PropType::Unknown => json!({}),
        }
    }
}

const MAX_UNIX_SECONDS: i64 = 9_999_999_999;
/// 2023-11-14T22:13:20Z, the instant every representative timestamp stands for.
const SAMPLE_SECONDS: i64 = 1_700_000_000;
const SAMPLE_ISO: &str = "2023-11-14T22:13:20Z";

/// One possible value of a sent expression: its type and a JSON value that stands for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Observed {
    pub ty: PropType,
    /// The literal itself, or a representative of the inferred type; `None` when unknown.
    pub sample: Option<serde_json::Value>,
    /// The sample is the literal written in the code, not a stand-in.
    pub literal: bool,
    /// The value is a timestamp whose unit the code says (`Date.now()`, `time.Now().Unix()`):
    /// a plan's range limits judge it as well as its type.
    pub timestamp: bool,
}

impl Observed {
    fn literal(ty: PropType, sample: serde_json::Value) -> Observed {
        Observed {
            ty,
            sample: Some(sample),
            literal: true,
            timestamp: false,
        }
    }

    fn inferred(ty: PropType) -> Observed {
        let sample = match ty {
            PropType::String => Some(json!("text")),
            PropType::Number => Some(json!(1)),
            PropType::Boolean => Some(json!(true)),
            PropType::UnixSeconds => Some(json!(SAMPLE_SECONDS)),
            PropType::Date => Some(json!(SAMPLE_ISO)),
            PropType::Object => Some(json!({})),
            PropType::Array => Some(json!([])),
            PropType::Null => Some(serde_json::Value::Null),
            PropType::Unknown => None,
        };
        Observed {
            ty,
            sample,
            literal: false,
            timestamp: false,
        }
    }

    fn timestamp(ty: PropType, sample: serde_json::Value) -> Observed {
        Observed {
            ty,
            sample: Some(sample),
            literal: false,
            timestamp: true,
        }
    }
}

/// Every value an expression may send under `key`, through the given SDK (some SDKs turn
/// date objects into unix seconds themselves).
pub fn observe(value: &Value, key: &str, sdk: Sdk) -> Vec<Observed> {
    let mut out = Vec::new();
    for v in value.alternatives() {
        let o = observe_one(v, key, sdk);
        if !out.contains(&o) {
            out.push(o);
        }
    }
    out
}

fn observe_one(value: &Value, key: &str, sdk: Sdk) -> Observed {
    match value {
        Value::Str(s) => Observed::literal(PropType::String, json!(s)),
        Value::Num(n) => {
            let sample = if n.fract() == 0.0 && n.abs() < 9e15 {
                json!(*n as i64)
            } else {
                json!(n)
            };
            let seconds_range = (1e8..=MAX_UNIX_SECONDS as f64).contains(n);
            let ty = if is_timestamp_key(key) && seconds_range && n.fract() == 0.0 {
                PropType::UnixSeconds
            } else {
                PropType::Number
            };
            Observed::literal(ty, sample)
        }
        Value::Bool(b) => Observed::literal(PropType::Boolean, json!(b)),
        Value::Null => Observed::literal(PropType::Null, serde_json::Value::Null),
        Value::Timestamp(unit) => match unit {
            TimeUnit::Seconds => Observed::timestamp(PropType::UnixSeconds, json!(SAMPLE_SECONDS)),
            TimeUnit::Millis => {
                Observed::timestamp(PropType::Number, json!(SAMPLE_SECONDS * 1_000))
            }
            TimeUnit::Micros => {
                Observed::timestamp(PropType::Number, json!(SAMPLE_SECONDS * 1_000_000))
            }
            TimeUnit::Nanos => {
                Observed::timestamp(PropType::Number, json!(SAMPLE_SECONDS * 1_000_000_000))
            }
            TimeUnit::DateObject if sdk.converts_dates() => {
                Observed::timestamp(PropType::UnixSeconds, json!(SAMPLE_SECONDS))
            }
            TimeUnit::DateObject | TimeUnit::IsoString => {
                Observed::timestamp(PropType::Date, json!(SAMPLE_ISO))
            }
        },
        Value::Interpolated { .. } | Value::Env(_) => Observed::inferred(PropType::String),
        Value::Object => Observed::inferred(PropType::Object),
        Value::Array(_) => Observed::inferred(PropType::Array),
        Value::Path(p) => Observed::inferred(
            p.last()
                .map_or(PropType::Unknown, |leaf| type_of_name(leaf, sdk)),
        ),
        Value::Call(callee) => Observed::inferred(type_of_call(callee, sdk)),
        Value::OneOf(_) | Value::Unknown => Observed::inferred(PropType::Unknown),
    }
}

/// What a variable's or field's name says it holds: `created_at` a date, `is_admin` a
/// boolean, `email` a string, `order_count` a number. Anything else is unknown.
fn type_of_name(name: &str, sdk: Sdk) -> PropType {
    let w = words(name);
    let (Some(first), Some(last)) = (w.first(), w.last()) else {
        return PropType::Unknown;
    };
    if is_timestamp_key(name) {
        return if sdk.converts_dates() {
            PropType::UnixSeconds
        } else {
            PropType::Date
        };
    }
    if w.len() >= 2 && matches!(first.as_str(), "is" | "has" | "can" | "should" | "was") {
        return PropType::Boolean;
    }
    if is_email_name(name) {
        return PropType::String;
    }
    const COUNTS: &[&str] = &[
        "count", "total", "amount", "price", "quantity", "qty", "age",
    ];
    if COUNTS.contains(&last.as_str()) || (w.len() >= 2 && first == "num") {
        return PropType::Number;
    }
    PropType::Unknown
}

/// What a call returns: a conversion's type, else what the method's name says (Ruby reads
/// `user.email` and `user.created_at` as method calls).
fn type_of_call(callee: &str, sdk: Sdk) -> PropType {
    match type_of_conversion(callee) {
        PropType::Unknown => callee
            .rsplit(['.', ':'])
            .next()
            .map_or(PropType::Unknown, |leaf| type_of_name(leaf, sdk)),
        t => t,
    }
}

/// What a conversion call returns: `String(x)`, `str(x)`, `.to_s`, `JSON.stringify` a
/// string; `Number(x)`, `parseInt`, `int(x)`, `.to_i`, `len(x)` a number; `Boolean(x)`,
/// `bool(x)` a boolean.
fn type_of_conversion(callee: &str) -> PropType {
    let name = callee
        .rsplit(['.', ':'])
        .next()
        .unwrap_or(callee)
        .trim_end_matches(['(', ')']);
    match name {
        "String" | "str" | "toString" | "to_s" | "stringify" | "dumps" | "Sprintf" | "Itoa"
        | "isoformat" | "toISOString" | "iso8601" | "upper" | "lower" | "strip" | "toLowerCase"
        | "toUpperCase" | "trim" => PropType::String,
        "Number" | "parseInt" | "parseFloat" | "int" | "float" | "to_i" | "to_f" | "len"
        | "round" | "Atoi" => PropType::Number,
        "Boolean" | "bool" => PropType::Boolean,
        _ => PropType::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types(v: Value, key: &str) -> Vec<PropType> {
        observe(&v, key, Sdk::CustomerioNode)
            .into_iter()
            .map(|o| o.ty)
            .collect()
    }

    #[test]
    fn literals_keep_their_value() {
        let o = observe(&Value::Num(12.5), "total", Sdk::CustomerioNode);
        assert_eq!(o[0].ty, PropType::Number);
        assert_eq!(o[0].sample, Some(json!(12.5)));
        assert!(o[0].literal);
        assert_eq!(
            types(Value::Num(1_700_000_000.0), "created_at"),
            [PropType::UnixSeconds]
        );
        assert_eq!(
            types(Value::Num(1_700_000_000_000.0), "created_at"),
            [PropType::Number]
        );
        assert_eq!(types(Value::Str("x".into()), "plan"), [PropType::String]);
        assert_eq!(types(Value::Bool(true), "paid"), [PropType::Boolean]);
    }

    #[test]
    fn timestamps_dates_and_names() {
        assert_eq!(
            types(Value::Timestamp(TimeUnit::Seconds), "at"),
            [PropType::UnixSeconds]
        );
        assert_eq!(
            types(Value::Timestamp(TimeUnit::Millis), "at"),
            [PropType::Number]
        );
        assert_eq!(
            types(Value::Timestamp(TimeUnit::DateObject), "at"),
            [PropType::Date]
        );
        let python = observe(
            &Value::Timestamp(TimeUnit::DateObject),
            "at",
            Sdk::CustomerioPython,
        );
        assert_eq!(python[0].ty, PropType::UnixSeconds);
        let path = |p: &[&str]| Value::Path(p.iter().map(|s| s.to_string()).collect());
        assert_eq!(types(path(&["user", "created_at"]), "x"), [PropType::Date]);
        assert_eq!(types(path(&["user", "isAdmin"]), "x"), [PropType::Boolean]);
        assert_eq!(types(path(&["user", "email"]), "x"), [PropType::String]);
        assert_eq!(
            types(path(&["cart", "item_count"]), "x"),
            [PropType::Number]
        );
        assert_eq!(types(path(&["user", "plan"]), "x"), [PropType::Unknown]);
        assert_eq!(types(Value::Call("String".into()), "x"), [PropType::String]);
        assert_eq!(
            types(Value::Call("user.id.to_i".into()), "x"),
            [PropType::Number]
        );
    }

    #[test]
    fn alternatives_each_count_once() {
        let v = Value::OneOf(vec![
            Value::Str("free".into()),
            Value::Str("free".into()),
            Value::Null,
        ]);
        assert_eq!(types(v, "plan"), [PropType::String, PropType::Null]);
    }
}
