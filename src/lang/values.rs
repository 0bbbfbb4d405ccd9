//! Value arithmetic shared by the extractors: time units through `/ 1000` and `* 1000`,
//! and strings built by concatenation.

use crate::facts::{Expr, TimeUnit, Value};

pub(crate) fn format_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e16 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

pub(crate) enum Scale {
    Divide,
    Multiply,
}

/// Unit arithmetic: `ms / 1000` is seconds, `seconds * 1000` is milliseconds.
pub(crate) fn scale_time(time: &Value, factor: &Value, how: Scale) -> Value {
    let Value::Timestamp(unit) = time else {
        return match (time, factor, how) {
            (Value::Num(a), Value::Num(b), Scale::Divide) if *b != 0.0 => Value::Num(a / b),
            _ => Value::Unknown,
        };
    };
    let Value::Num(f) = factor else {
        return Value::Unknown;
    };
    let f = match how {
        Scale::Divide => *f,
        Scale::Multiply => {
            if *f == 0.0 {
                return Value::Unknown;
            }
            1.0 / *f
        }
    };
    // Units as powers of ten below seconds.
    let exp = match unit {
        TimeUnit::Seconds => 0i32,
        TimeUnit::Millis => 3,
        TimeUnit::Micros => 6,
        TimeUnit::Nanos => 9,
        _ => return Value::Unknown,
    };
    // A factor of 1e-400 or 1e400 is no unit conversion (and its exponent would overflow).
    if !f.is_finite() || f <= 0.0 {
        return Value::Unknown;
    }
    let shift = f.log10().round() as i32;
    if (10f64.powi(shift) - f).abs() > f * 1e-9 {
        return Value::Unknown;
    }
    match exp.checked_sub(shift) {
        Some(d) => match d {
            0 => Value::Timestamp(TimeUnit::Seconds),
            3 => Value::Timestamp(TimeUnit::Millis),
            6 => Value::Timestamp(TimeUnit::Micros),
            9 => Value::Timestamp(TimeUnit::Nanos),
            _ => Value::Unknown,
        },
        None => Value::Unknown,
    }
}

/// What a name may hold once `new` is assigned to it too: `old`'s values or `new`.
pub(crate) fn either(old: &Value, new: Value) -> Value {
    let mut alternatives: Vec<Value> = old.alternatives().into_iter().cloned().collect();
    alternatives.push(new);
    Value::OneOf(alternatives)
}

/// The text of a value not known as text (`str(user.id)`, `strconv.Itoa(n)`): one hole.
pub(crate) fn as_text(hole: Expr) -> Value {
    Value::Interpolated {
        literal_parts: vec![String::new(), String::new()],
        holes: vec![hole],
    }
}

/// A number literal as written, `_` separators allowed (`1_000`); `Unknown` when it does not
/// read as a decimal number.
pub(crate) fn number(text: &str) -> Value {
    text.replace('_', "")
        .parse::<f64>()
        .map(Value::Num)
        .unwrap_or(Value::Unknown)
}

/// A string written with holes (template literals, f-strings, Ruby `"#{}"`): values known as
/// text join the literal text, the others become holes.
#[derive(Default)]
pub(crate) struct Interpolation {
    literal: String,
    parts: Vec<String>,
    holes: Vec<Expr>,
}

impl Interpolation {
    pub fn text(&mut self, text: &str) {
        self.literal.push_str(text);
    }

    /// An interpolated value; `hole` makes the expression a value not known as text stands for.
    pub fn value(&mut self, value: Value, hole: impl FnOnce(Value) -> Expr) {
        match value {
            Value::Str(s) => self.literal.push_str(&s),
            Value::Num(n) => self.literal.push_str(&format_num(n)),
            v => {
                self.parts.push(std::mem::take(&mut self.literal));
                self.holes.push(hole(v));
            }
        }
    }

    pub fn finish(mut self) -> Value {
        if self.holes.is_empty() {
            return Value::Str(self.literal);
        }
        self.parts.push(self.literal);
        Value::Interpolated {
            literal_parts: self.parts,
            holes: self.holes,
        }
    }
}

pub(crate) fn concat(a: Expr, b: Expr) -> Value {
    let mut parts = Vec::new();
    let mut holes = Vec::new();
    let mut literal = String::new();
    for e in [a, b] {
        match e.value {
            Value::Str(s) => literal.push_str(&s),
            Value::Num(n) => literal.push_str(&format_num(n)),
            Value::Interpolated {
                literal_parts,
                holes: hs,
            } => {
                let mut lp = literal_parts.into_iter();
                if let Some(first) = lp.next() {
                    literal.push_str(&first);
                }
                for (h, lit) in hs.into_iter().zip(lp) {
                    parts.push(std::mem::take(&mut literal));
                    holes.push(h);
                    literal.push_str(&lit);
                }
            }
            _ => {
                parts.push(std::mem::take(&mut literal));
                holes.push(e);
            }
        }
    }
    if holes.is_empty() {
        return Value::Str(literal);
    }
    parts.push(literal);
    Value::Interpolated {
        literal_parts: parts,
        holes,
    }
}

/// `left op right` for the arithmetic every language spells alike (`/`, `//`, `*`, `+`, `-`):
/// time units through scaling, numbers, strings by concatenation, dates moved by durations.
/// `parts` makes the operands' expressions (with their spans and text) only when a string is
/// built. JavaScript's `+` also concatenates what it cannot tell is a number
/// (`unknown_plus_concatenates`).
pub(crate) fn arithmetic(
    op: &str,
    lv: Value,
    rv: Value,
    parts: impl FnOnce(Value, Value) -> (Expr, Expr),
    unknown_plus_concatenates: bool,
) -> Value {
    match op {
        "/" | "//" => scale_time(&lv, &rv, Scale::Divide),
        "*" => match (&lv, &rv) {
            (Value::Timestamp(_), _) => scale_time(&lv, &rv, Scale::Multiply),
            (_, Value::Timestamp(_)) => scale_time(&rv, &lv, Scale::Multiply),
            (Value::Num(a), Value::Num(b)) => Value::Num(a * b),
            _ => Value::Unknown,
        },
        "+" | "-" => {
            let is_string = |v: &Value| matches!(v, Value::Str(_) | Value::Interpolated { .. });
            if op == "+" && (is_string(&lv) || is_string(&rv)) {
                let (a, b) = parts(lv, rv);
                return concat(a, b);
            }
            match (&lv, &rv) {
                (Value::Timestamp(TimeUnit::DateObject), _)
                | (_, Value::Timestamp(TimeUnit::DateObject)) => {
                    Value::Timestamp(TimeUnit::DateObject)
                }
                (Value::Timestamp(u), Value::Num(_) | Value::Timestamp(_))
                | (Value::Num(_), Value::Timestamp(u)) => Value::Timestamp(*u),
                (Value::Num(a), Value::Num(b)) => Value::Num(if op == "+" { a + b } else { a - b }),
                _ if op == "+" && unknown_plus_concatenates => {
                    let (a, b) = parts(lv, rv);
                    concat(a, b)
                }
                _ => Value::Unknown,
            }
        }
        _ => Value::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_arithmetic() {
        let ms = Value::Timestamp(TimeUnit::Millis);
        assert_eq!(
            scale_time(&ms, &Value::Num(1000.0), Scale::Divide),
            Value::Timestamp(TimeUnit::Seconds)
        );
        let s = Value::Timestamp(TimeUnit::Seconds);
        assert_eq!(
            scale_time(&s, &Value::Num(1000.0), Scale::Multiply),
            Value::Timestamp(TimeUnit::Millis)
        );
    }

    #[test]
    fn absurd_factors_are_no_unit() {
        let s = Value::Timestamp(TimeUnit::Seconds);
        for f in [1e300, 1e-300, f64::INFINITY, f64::NAN, -1000.0, 0.0] {
            assert_eq!(
                scale_time(&s, &Value::Num(f), Scale::Divide),
                Value::Unknown
            );
            assert_eq!(
                scale_time(&s, &Value::Num(f), Scale::Multiply),
                Value::Unknown
            );
        }
    }
}
