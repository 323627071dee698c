//! String functions: case, trimming, splitting, replacing, regular expressions (RE2 syntax,
//! as Terraform's), and the primitive type conversions.

use super::{fits, Args, Stop, MAX_RESULT_BYTES, R};
use crate::sources::terraform::eval::MAX_COLLECTION;
use crate::sources::value::Value;

/// Largest compiled regular expression (bytes): hostile patterns stay cheap.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Evaluates a string function; None when `name` is not one.
pub(super) fn apply(name: &str, a: &mut Args) -> R<Option<Value>> {
    let s = |v: String| Ok(Some(Value::String(v.into())));
    match name {
        "lower" => s(a.string()?.to_lowercase()),
        "upper" => s(a.string()?.to_uppercase()),
        "trimspace" => s(a.string()?.trim().to_string()),
        "title" => s(title(&a.string()?)),
        "chomp" => s(a.string()?.trim_end_matches(['\n', '\r']).to_string()),
        "strrev" => s(a.string()?.chars().rev().collect()),
        "trim" => {
            let text = a.string()?;
            let cut = a.string()?;
            s(text.trim_matches(|c| cut.contains(c)).to_string())
        }
        "trimprefix" => {
            let text = a.string()?;
            let prefix = a.string()?;
            s(text.strip_prefix(&prefix).unwrap_or(&text).to_string())
        }
        "trimsuffix" => {
            let text = a.string()?;
            let suffix = a.string()?;
            s(text.strip_suffix(&suffix).unwrap_or(&text).to_string())
        }
        "indent" => {
            let n = a.number()?;
            let text = a.string()?;
            if !(0.0..=1000.0).contains(&n) {
                return Err(Stop::Fail);
            }
            let lines = text.matches('\n').count();
            fits(text.len().saturating_add(lines.saturating_mul(n as usize)))?;
            let pad = " ".repeat(n as usize);
            s(text.replace('\n', &format!("\n{pad}")))
        }
        "replace" => {
            let text = a.string()?;
            let from = a.string()?;
            let to = a.string()?;
            match from
                .strip_prefix('/')
                .and_then(|f| f.strip_suffix('/'))
                .filter(|_| from.len() > 1)
            {
                Some(pattern) => {
                    let re = compile(pattern)?;
                    fits(regex_replaced_len(&re, &text, &to))?;
                    s(re.replace_all(&text, to.as_str()).into_owned())
                }
                None if from.is_empty() => Err(Stop::Fail),
                None => {
                    let n = text.matches(from.as_str()).count();
                    fits((text.len() - n * from.len()).saturating_add(n.saturating_mul(to.len())))?;
                    s(text.replace(&from, &to))
                }
            }
        }
        "substr" => {
            let text = a.string()?;
            let offset = a.number()?;
            let len = a.number()?;
            let chars: Vec<char> = text.chars().collect();
            let n = chars.len() as f64;
            let start = if offset < 0.0 { n + offset } else { offset };
            if start < 0.0 || start > n {
                return Err(Stop::Fail);
            }
            let end = if len < 0.0 { n } else { (start + len).min(n) };
            s(chars[start as usize..end as usize].iter().collect())
        }
        "split" => {
            let sep = a.string()?;
            let text = a.string()?;
            let parts: Vec<Value> = if sep.is_empty() {
                text.chars()
                    .map(|c| Value::String(c.to_string().into()))
                    .collect()
            } else {
                text.split(sep.as_str())
                    .map(|p| Value::String(p.into()))
                    .collect()
            };
            Ok(Some(Value::List(parts)))
        }
        "join" => {
            let sep = a.string()?;
            let mut parts = Vec::new();
            let mut len = 0usize;
            for l in a.rest() {
                for v in super::list(l)? {
                    let part = super::string(&v)?;
                    // Measured as it goes: separators between the parts so far, and the parts.
                    len = len
                        .saturating_add(part.len())
                        .saturating_add(if parts.is_empty() { 0 } else { sep.len() });
                    fits(len)?;
                    parts.push(part);
                }
            }
            s(parts.join(&sep))
        }
        "startswith" => {
            let text = a.string()?;
            Ok(Some(Value::Bool(text.starts_with(&a.string()?))))
        }
        "endswith" => {
            let text = a.string()?;
            Ok(Some(Value::Bool(text.ends_with(&a.string()?))))
        }
        "strcontains" => {
            let text = a.string()?;
            Ok(Some(Value::Bool(text.contains(&a.string()?))))
        }
        "tostring" => match a.next()? {
            Value::Null => Ok(Some(Value::Null)),
            v => s(super::string(&v)?),
        },
        "tonumber" => match a.next()? {
            Value::Null => Ok(Some(Value::Null)),
            v => Ok(Some(Value::Number(super::number(&v)?))),
        },
        "tobool" => match a.next()? {
            Value::Null => Ok(Some(Value::Null)),
            v => Ok(Some(Value::Bool(super::boolean(&v)?))),
        },
        "regex" => {
            let re = compile(&a.string()?)?;
            let text = a.string()?;
            let caps = re.captures(&text).ok_or(Stop::Fail)?;
            Ok(Some(captured(&re, &caps)?))
        }
        "regexall" => {
            let re = compile(&a.string()?)?;
            let text = a.string()?;
            let mut out = Vec::new();
            for caps in re.captures_iter(&text).take(MAX_COLLECTION) {
                out.push(captured(&re, &caps)?);
            }
            Ok(Some(Value::List(out)))
        }
        "urlencode" => s(urlencode(&a.string()?)),
        _ => Ok(None),
    }
}

/// The length of `text` with every match of `re` replaced by `to` (its `$1` references
/// expanded), counted match by match and stopping past [`MAX_RESULT_BYTES`].
fn regex_replaced_len(re: &regex::Regex, text: &str, to: &str) -> usize {
    let mut len = text.len();
    let mut scratch = String::new();
    for caps in re.captures_iter(text) {
        let Some(m) = caps.get(0) else { continue };
        scratch.clear();
        caps.expand(to, &mut scratch);
        len = (len - m.len()).saturating_add(scratch.len());
        if len > MAX_RESULT_BYTES {
            break;
        }
    }
    len
}

fn compile(pattern: &str) -> R<regex::Regex> {
    regex::RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|_| Stop::Fail)
}

/// What `regex` returns for one match: the match itself, a list of unnamed groups, or an
/// object of named groups (mixing the two is an error, as in Terraform).
fn captured(re: &regex::Regex, caps: &regex::Captures) -> R<Value> {
    let text = |i: usize| {
        caps.get(i)
            .map_or(Value::Null, |m| Value::String(m.as_str().into()))
    };
    let groups = re.captures_len() - 1;
    if groups == 0 {
        return Ok(text(0));
    }
    let named: Vec<(usize, &str)> = re
        .capture_names()
        .enumerate()
        .filter_map(|(i, n)| Some((i, n?)))
        .collect();
    if named.is_empty() {
        return Ok(Value::List((1..=groups).map(text).collect()));
    }
    if named.len() != groups {
        return Err(Stop::Fail);
    }
    Ok(Value::Object(
        named
            .into_iter()
            .map(|(i, n)| (n.to_string(), text(i)))
            .collect::<crate::sources::value::ObjectMap>(),
    ))
}

/// Upper-cases the first letter of each word (words are runs of letters and digits).
fn title(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut start = true;
    for c in text.chars() {
        if start && c.is_alphabetic() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = !(c.is_alphanumeric() || c == '_' || c == '\'');
    }
    out
}

/// Query-string escaping, as Go's `url.QueryEscape` (spaces become `+`).
fn urlencode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
