//! Reading and parsing `.tf` files; a file that does not parse becomes an input problem.

use std::path::Path;
use std::sync::Arc;

use crate::model::{Location, SourceFile};
use crate::sources::{display_path, InputProblem};

use super::module::ParsedFile;

/// Reads and parses one file. Unreadable or unparsable files yield a problem instead.
pub fn parse_file(path: &Path) -> Result<ParsedFile, InputProblem> {
    let display = display_path(path);
    let bytes = std::fs::read(path).map_err(|e| InputProblem::unreadable(&display, &e))?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let file = Arc::new(SourceFile::new(path.to_path_buf(), display, text));
            return Err(InputProblem::parse(
                Location::file(&file, offset..offset),
                "file is not valid UTF-8 text".into(),
            ));
        }
    };
    let file = Arc::new(SourceFile::new(path.to_path_buf(), display, text));
    let parsed = hcl_edit::parser::parse_body(&file.text).or_else(|e| {
        // Terraform's numbers have arbitrary precision (`1e400` is valid); the parser's do
        // not. Such a literal is read as an unknown value of the same length instead.
        match huge_numbers_as_unknowns(&file.text) {
            Some(text) => hcl_edit::parser::parse_body(&text).map_err(|_| e),
            None => Err(e),
        }
    });
    match parsed {
        Ok(body) => Ok(ParsedFile { file, body }),
        Err(e) => {
            let offset = e.location().offset().min(file.text.len());
            let end = file.text[offset..]
                .char_indices()
                .nth(1)
                .map_or(file.text.len(), |(i, _)| offset + i);
            let message = format!("HCL parse error: {}", e.message());
            Err(InputProblem::parse(
                Location::file(&file, offset..end),
                message,
            ))
        }
    }
}

/// The text with every number literal too large for a 64-bit float replaced by a bare name
/// of the same length (which evaluates to unknown), or None when there is none. Strings,
/// comments and heredocs are left alone.
fn huge_numbers_as_unknowns(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = text.to_string();
    let mut changed = false;
    let mut i = 0;
    let mut in_string = false;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'#' => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = text[i..].find("*/").map_or(bytes.len(), |n| i + n + 2);
                continue;
            }
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                // A heredoc: skip to its closing marker line.
                let rest = &text[i + 2..];
                let rest = rest.strip_prefix('-').unwrap_or(rest);
                let marker: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !marker.is_empty() {
                    let close = text[i..].match_indices(&marker).skip(1).find(|(at, _)| {
                        text[..i + at].ends_with('\n')
                            || text[..i + at].trim_end_matches([' ', '\t']).ends_with('\n')
                    });
                    i = close.map_or(bytes.len(), |(at, _)| i + at + marker.len());
                    continue;
                }
            }
            b'0'..=b'9' if i == 0 || !is_name_byte(bytes[i - 1]) => {
                let start = i;
                while i < bytes.len()
                    && (bytes[i].is_ascii_digit()
                        || bytes[i] == b'.'
                        || bytes[i] == b'e'
                        || bytes[i] == b'E'
                        || ((bytes[i] == b'+' || bytes[i] == b'-')
                            && matches!(bytes[i - 1], b'e' | b'E')))
                {
                    i += 1;
                }
                let literal = &text[start..i];
                if literal.parse::<f64>().is_ok_and(|n| n.is_infinite()) {
                    let name = format!("x{}", "_".repeat(literal.len() - 1));
                    out.replace_range(start..i, &name);
                    changed = true;
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    changed.then_some(out)
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}
