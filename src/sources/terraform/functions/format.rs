//! `format` and `formatlist`: Go's fmt verbs as Terraform implements them. Padding is
//! written by hand (Rust's own formatting caps widths at 65535), and results past the
//! collection budget are unknown.

use super::{number, Args, Stop, R};
use crate::sources::terraform::eval::{display, MAX_COLLECTION};
use crate::sources::value::{format_number, SymbolicString, Value};

/// Evaluates `format` or `formatlist`; None for any other name.
pub(super) fn apply(name: &str, a: &mut Args) -> R<Option<Value>> {
    match name {
        "format" => {
            let spec = a.string()?;
            Ok(Some(format(&spec, &a.rest())?))
        }
        "formatlist" => {
            let spec = a.string()?;
            let args = a.rest();
            let mut len: Option<usize> = None;
            for arg in &args {
                match arg {
                    Value::List(items) => match len {
                        Some(n) if n != items.len() => return Err(Stop::Fail),
                        _ => len = Some(items.len()),
                    },
                    Value::Unknown(_) => return Err(Stop::Unknown),
                    _ => {}
                }
            }
            let n = len.unwrap_or(1);
            let mut out = Vec::with_capacity(n);
            let mut total = 0usize;
            for i in 0..n {
                let row: Vec<Value> = args
                    .iter()
                    .map(|arg| match arg {
                        Value::List(items) => items[i].clone(),
                        other => other.clone(),
                    })
                    .collect();
                // One unknown element leaves the others known.
                out.push(match format(&spec, &row) {
                    Ok(v) => {
                        // Each string is bounded by `format`; all of them together here.
                        let len = match &v {
                            Value::String(s) => s.len(),
                            _ => 8,
                        };
                        total = total.saturating_add(len);
                        super::fits(total)?;
                        v
                    }
                    Err(Stop::Unknown) => Value::unknown(),
                    Err(stop) => return Err(stop),
                });
            }
            Ok(Some(Value::List(out)))
        }
        _ => Ok(None),
    }
}

/// One verb's flags, width and precision.
#[derive(Default)]
struct Spec {
    minus: bool,
    plus: bool,
    zero: bool,
    space: bool,
    width: usize,
    precision: Option<usize>,
}

fn digits(chars: &mut std::iter::Peekable<std::str::Chars>) -> R<Option<usize>> {
    let mut n: Option<usize> = None;
    while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
        chars.next();
        let v = n.unwrap_or(0).saturating_mul(10).saturating_add(d as usize);
        if v > MAX_COLLECTION {
            return Err(Stop::Unknown); // a width no real configuration asks for
        }
        n = Some(v);
    }
    Ok(n)
}

/// `format(spec, args...)`; a `%s` or `%v` of a named unknown keeps the result symbolic.
fn format(spec: &str, args: &[Value]) -> R<Value> {
    let mut out = SymbolicString::default();
    let mut next_arg = 0usize;
    let mut reordered = false;
    let mut chars = spec.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push_str(c.encode_utf8(&mut [0; 4]));
            continue;
        }
        let mut s = Spec::default();
        while let Some(&f) = chars.peek() {
            match f {
                '-' => s.minus = true,
                '+' => s.plus = true,
                '0' => s.zero = true,
                ' ' => s.space = true,
                '#' => {}
                _ => break,
            }
            chars.next();
        }
        if chars.peek() == Some(&'[') {
            chars.next();
            let n = digits(&mut chars)?.ok_or(Stop::Fail)?;
            if chars.next() != Some(']') || n == 0 {
                return Err(Stop::Fail);
            }
            next_arg = n - 1;
            reordered = true;
        }
        s.width = digits(&mut chars)?.unwrap_or(0);
        if chars.peek() == Some(&'.') {
            chars.next();
            s.precision = Some(digits(&mut chars)?.unwrap_or(0));
        }
        let verb = chars.next().ok_or(Stop::Fail)?;
        if verb == '%' {
            out.push_str("%");
            continue;
        }
        let arg = args.get(next_arg).ok_or(Stop::Fail)?;
        next_arg += 1;
        if let Value::Unknown(o) = arg {
            match o {
                Some(_) if matches!(verb, 's' | 'v') && s.width == 0 => {
                    out.push_value(arg);
                    continue;
                }
                _ => return Err(Stop::Unknown),
            }
        }
        let text = verb_text(verb, arg, &s)?;
        let pad = s.width.saturating_sub(text.chars().count());
        if out.len() + text.len() + pad > MAX_COLLECTION * 10 {
            return Err(Stop::Unknown);
        }
        let numeric = matches!(verb, 'd' | 'f' | 'e' | 'g' | 'x' | 'X' | 'o' | 'b');
        if s.minus {
            out.push_str(&text);
            out.push_str(&" ".repeat(pad));
        } else if s.zero && numeric {
            let (sign, rest) = match text.strip_prefix(['-', '+']) {
                Some(r) => (&text[..1], r),
                None => ("", text.as_str()),
            };
            out.push_str(sign);
            out.push_str(&"0".repeat(pad));
            out.push_str(rest);
        } else {
            out.push_str(&" ".repeat(pad));
            out.push_str(&text);
        }
    }
    if !reordered && args.len() > next_arg {
        // Go prints extra arguments as %!(EXTRA ...); Terraform reports an error.
        return Err(Stop::Fail);
    }
    Ok(out.finish())
}

fn verb_text(verb: char, arg: &Value, s: &Spec) -> R<String> {
    let sign = |n: f64, body: String| {
        if n >= 0.0 && s.plus {
            format!("+{body}")
        } else if n >= 0.0 && s.space {
            format!(" {body}")
        } else {
            body
        }
    };
    let int = |v: &Value| -> R<i64> {
        let n = number(v)?;
        if n.fract() != 0.0 || !n.is_finite() {
            return Err(Stop::Fail);
        }
        Ok(n as i64)
    };
    Ok(match verb {
        's' => {
            let text = match arg {
                Value::String(_) | Value::Number(_) | Value::Bool(_) => display(arg),
                _ => return Err(Stop::Fail),
            };
            match s.precision {
                Some(p) => text.chars().take(p).collect(),
                None => text,
            }
        }
        'v' => display(arg),
        'q' => serde_json::to_string(&super::string(arg)?).map_err(|_| Stop::Fail)?,
        't' => super::boolean(arg)?.to_string(),
        'd' => {
            let n = int(arg)?;
            sign(n as f64, n.to_string())
        }
        'x' => format!("{:x}", int(arg)?),
        'X' => format!("{:X}", int(arg)?),
        'o' => format!("{:o}", int(arg)?),
        'b' => format!("{:b}", int(arg)?),
        'f' | 'e' | 'g' => {
            let n = number(arg)?;
            let p = s.precision.unwrap_or(6);
            if p > 1000 {
                return Err(Stop::Unknown); // more digits than an f64 holds
            }
            let body = match verb {
                'f' => format!("{n:.p$}"),
                'e' => format!("{n:.p$e}"),
                _ => format_number(n),
            };
            sign(n, body)
        }
        _ => return Err(Stop::Fail),
    })
}
