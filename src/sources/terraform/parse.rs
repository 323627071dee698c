//! Reading and parsing `.tf` files; a file that does not parse becomes an input problem.

use std::path::Path;
use std::sync::Arc;

use hcl_edit::Decorate;

use crate::model::{Location, SourceFile};
use crate::sources::{display_path, InputProblem};

use super::module::{LazyResource, ParsedFile};

/// How a file's top-level `resource` blocks are parsed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Resources {
    /// In a file of [`LAZY_FILE_BYTES`] or more, each on its own, kept as text and parsed
    /// again when evaluated; in a smaller file, with the rest of it.
    Lazy,
    /// With the rest of the file, kept in its tree.
    InTree,
}

/// Smallest file whose resource blocks are parsed lazily. A small file's tree is small,
/// and a module instantiated many times would parse its blocks again for every instance
/// (a 100 x 100 module fan-out took twice as long).
pub const LAZY_FILE_BYTES: usize = 256 * 1024;

/// Reads and parses one file. Unreadable or unparsable files yield a problem instead.
pub fn parse_file(path: &Path, resources: Resources) -> Result<ParsedFile, InputProblem> {
    let display = display_path(path);
    let bytes =
        crate::sources::read_input(path).map_err(|e| InputProblem::unreadable(&display, &e))?;
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
    if resources == Resources::Lazy && file.text.len() >= LAZY_FILE_BYTES {
        if let Some((body, resources)) = parse_split(&file.text) {
            return Ok(ParsedFile {
                file,
                body,
                resources,
            });
        }
    }
    let parsed = hcl_edit::parser::parse_body(&file.text).or_else(|e| {
        // Terraform's numbers have arbitrary precision (`1e400` is valid); the parser's do
        // not. Such a literal is read as an unknown value of the same length instead.
        match huge_numbers_as_unknowns(&file.text) {
            Some(text) => hcl_edit::parser::parse_body(&text).map_err(|_| e),
            None => Err(e),
        }
    });
    match parsed {
        Ok(body) => Ok(ParsedFile {
            file,
            body,
            resources: Vec::new(),
        }),
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

/// The file's tree without its top-level `resource` blocks (their text blanked, so every
/// span stays the file's), and each of those blocks checked by parsing it on its own and
/// kept by place, type and name. None when the file cannot be split with certainty or any
/// part does not parse: then it is parsed whole, errors and all, as it always was.
fn parse_split(text: &str) -> Option<(hcl_edit::structure::Body, Vec<LazyResource>)> {
    let blocks = super::split::resource_blocks(text)?;
    if blocks.is_empty() {
        return None;
    }
    let mut resources = Vec::with_capacity(blocks.len());
    for span in blocks {
        let body = hcl_edit::parser::parse_body(&text[span.clone()]).ok()?;
        let mut structures = body.iter();
        let (Some(hcl_edit::structure::Structure::Block(block)), None) =
            (structures.next(), structures.next())
        else {
            return None;
        };
        let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
        let [kind, name] = labels[..] else {
            return None;
        };
        if block.ident.as_str() != "resource" {
            return None;
        }
        resources.push(LazyResource {
            span,
            kind: kind.into(),
            name: name.into(),
        });
    }
    let mut skeleton = text.as_bytes().to_vec();
    for r in &resources {
        for b in &mut skeleton[r.span.clone()] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    }
    // Every byte of a blanked block became a space, so what is left is still UTF-8.
    let skeleton = String::from_utf8(skeleton).ok()?;
    let mut body = hcl_edit::parser::parse_body(&skeleton).ok()?;
    // The blanked blocks are whitespace the tree keeps as copied decor (a copy of the
    // file's size); nothing reads decor, and spans are kept apart from it.
    body.decor_mut().clear();
    for mut structure in body.iter_mut() {
        structure.decor_mut().clear();
    }
    Some((body, resources))
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

/// Whether a byte may be part of an HCL name (ASCII only).
pub(super) fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::sources::terraform::{Evaluator, Module};

    /// A big file the whole-file parse rejects is rejected when split too: a block-like
    /// line inside a top-level list must not be cut out of it.
    #[test]
    fn a_big_file_hcl_rejects_stays_rejected() {
        let dir = std::env::temp_dir().join(format!("lifeboat-split-bad-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("main.tf");
        let padding = format!("# {}\n", "-".repeat(LAZY_FILE_BYTES));
        let text = format!("{padding}resource \"aws_s3_bucket\" \"ok\" {{\n}}\nx = [\nresource \"a\" \"b\" {{\n}}\n]\n");
        std::fs::write(&path, text).expect("write");
        let lazy = parse_file(&path, Resources::Lazy);
        let _ = std::fs::remove_dir_all(&dir);
        assert!(lazy.is_err(), "a parse error, as for the whole file");
    }

    /// Every resource evaluates to the same instances, spans and facts whether its block
    /// was parsed on its own (and again when evaluated) or with the whole file.
    #[test]
    fn resources_parsed_on_their_own_evaluate_as_in_the_whole_file() {
        let text = r#"# a { in a comment
locals {
  names = ["a", "b"]
  brace = "}"
}
variable "n" { default = 2 }
resource "aws_s3_bucket" "b" {
  for_each = toset(local.names)
  bucket   = "${each.key}-{x}"
  policy   = <<-EOT
    { "Statement": "}" }
  EOT
  tags = { team = "%{ if true }data%{ endif }" } /* } */
}
data "aws_iam_policy_document" "p" {
  statement {
    actions = ["backup:DeleteRecoveryPoint"]
  }
}
resource "aws_backup_vault" "v" {
  count    = var.n
  name     = "vault-${count.index}"
  provider = aws.dr
  lifecycle {
    prevent_destroy = true
  }
  dynamic "tag" {
    for_each = local.names
    content {
      key = tag.value
    }
  }
}
resource "awscc_backup_backup_plan" "p" {
  backup_plan = {
    backup_plan_name = "x"
    backup_plan_rule = [{ rule_name = "r", target_backup_vault = "v" }]
  }
}
resource "aws_organizations_policy" "o" {
  type    = "BACKUP_POLICY"
  content = jsonencode({ plans = { p = { regions = { "@@assign" = ["us-east-1"] } } } })
}
"#;
        let dir = std::env::temp_dir().join(format!("lifeboat-split-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("main.tf");
        // Padded with a comment past the size from which blocks are parsed on their own.
        let padding = format!("# {}\n", "-".repeat(LAZY_FILE_BYTES));
        std::fs::write(&path, format!("{text}{padding}")).expect("write");
        let lazy = parse_file(&path, Resources::Lazy).expect("parses");
        let whole = parse_file(&path, Resources::InTree).expect("parses");
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(lazy.resources.len(), 4, "every resource block is split off");
        assert!(whole.resources.is_empty());
        let (lazy, whole) = ([lazy], [whole]);
        let (lm, wm) = (Module::index(&lazy), Module::index(&whole));
        let (le, we) = (
            Evaluator::new(&lm, HashMap::new()),
            Evaluator::new(&wm, HashMap::new()),
        );
        assert_eq!(lm.resources.len(), 5);
        for i in 0..lm.resources.len() {
            assert_eq!(lm.resources[i].kind, wm.resources[i].kind);
            let (l, w) = (le.resource(i), we.resource(i));
            assert!(!w.instances.is_empty());
            assert_eq!(format!("{l:?}"), format!("{w:?}"), "resource {i}");
        }
    }
}
