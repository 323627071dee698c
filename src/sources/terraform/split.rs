//! Finding a file's top-level `resource` blocks without parsing it, so that each can be
//! parsed on its own and its syntax tree freed once read (a whole file's hcl-edit tree is
//! some 25 times its text).
//!
//! The scan knows only what can hide a brace: quoted strings with their `${ }` and `%{ }`
//! parts, heredocs and comments. Anything it does not understand (an unclosed string, a
//! stray brace, a block that does not end its line) makes it give up, and the file is
//! parsed whole as before; so a file is never read differently from hcl-edit, only in
//! pieces.

use std::ops::Range;

use super::parse::is_name_byte;

/// What the scanner is inside of.
enum Frame {
    /// A quoted string.
    Str,
    /// A heredoc's text, ended by a line holding its marker (the range of the marker's
    /// name in the text).
    Heredoc(Range<usize>),
    /// A `${ }` or `%{ }` part of a string, with the braces opened inside it.
    Template(usize),
}

/// The byte ranges of every top-level `resource` block (from its keyword to its closing
/// brace), in order; None when the text is not plain enough to split with certainty.
pub fn resource_blocks(text: &str) -> Option<Vec<Range<usize>>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut depth = 0usize;
    // Open `[` and `(` outside braces: a line inside a top-level list is no block's start.
    let mut nest = 0usize;
    // Where the current line's first word is `resource` (at top level, nothing before it).
    let mut candidate: Option<usize> = None;
    let mut open: Option<usize> = None;
    let mut line_blank = true;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if let Some(Frame::Heredoc(marker)) = stack.last() {
            match c {
                // The parser's end: a line ending, spaces or tabs, the marker, and no more of
                // a name (a marker line inside a `${ }` is code, and never reaches here).
                b'\n' => {
                    let mut j = i + 1;
                    while matches!(b.get(j), Some(b' ' | b'\t')) {
                        j += 1;
                    }
                    let end = j + marker.len();
                    if b.get(j..end) == b.get(marker.clone())
                        && !b.get(end).is_some_and(|&n| is_id_continue(n))
                    {
                        stack.pop();
                        i = end;
                        continue;
                    }
                }
                b'$' | b'%' => i = template_part(b, i, &mut stack),
                _ => {}
            }
            i += 1;
            continue;
        }
        if let Some(Frame::Str) = stack.last() {
            match c {
                b'\\' => i += 1,
                b'"' => {
                    stack.pop();
                }
                b'\n' => return None,
                b'$' | b'%' => i = template_part(b, i, &mut stack),
                _ => {}
            }
            i += 1;
            continue;
        }
        match c {
            b'"' => stack.push(Frame::Str),
            b'#' => {
                i = line_end(b, i);
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = line_end(b, i);
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = find(b, i + 2, b"*/")? + 2;
                continue;
            }
            b'<' if b.get(i + 1) == Some(&b'<') => {
                let (marker, line_end) = heredoc_start(b, i + 2)?;
                stack.push(Frame::Heredoc(marker));
                // The text starts on the next line; its line ending is where an end can be.
                i = line_end;
                continue;
            }
            b'[' | b'(' if depth == 0 && stack.is_empty() => {
                nest += 1;
                candidate = None;
            }
            b']' | b')' if depth == 0 && stack.is_empty() => nest = nest.checked_sub(1)?,
            b'{' => match stack.last_mut() {
                Some(Frame::Template(n)) => *n += 1,
                _ => {
                    if depth == 0 {
                        open = candidate.take().filter(|_| nest == 0);
                    }
                    depth += 1;
                }
            },
            b'}' => match stack.last_mut() {
                Some(Frame::Template(0)) => {
                    stack.pop();
                }
                Some(Frame::Template(n)) => *n -= 1,
                _ => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        if let Some(start) = open.take() {
                            // The block must end its line, as HCL requires.
                            let rest = &text[i + 1..line_end(b, i + 1)];
                            let rest = rest.trim_start_matches([' ', '\t', '\r']);
                            if !(rest.is_empty() || rest.starts_with('#') || rest.starts_with("//"))
                            {
                                return None;
                            }
                            out.push(start..i + 1);
                        }
                    }
                }
            },
            b'\n' => {
                if depth == 0 && stack.is_empty() {
                    // A block's labels and brace are on its first line.
                    candidate = None;
                }
                line_blank = true;
                i += 1;
                continue;
            }
            b'=' if depth == 0 && stack.is_empty() => candidate = None,
            b'r' if depth == 0 && nest == 0 && stack.is_empty() && line_blank => {
                let word_end = i + b"resource".len();
                if b.get(i..word_end) == Some(b"resource")
                    && b.get(word_end).is_some_and(|n| !is_name_byte(*n))
                {
                    candidate = Some(i);
                }
            }
            _ => {}
        }
        if !c.is_ascii_whitespace() {
            line_blank = false;
        }
        i += 1;
    }
    (stack.is_empty() && depth == 0 && nest == 0).then_some(out)
}

/// At a `$` or `%` in a string's or heredoc's text: past `$${` and `%%{` (literal text),
/// into a `${ }` or `%{ }` part (pushed), else on. Returns the index of the last byte read.
fn template_part(b: &[u8], i: usize, stack: &mut Vec<Frame>) -> usize {
    let c = b[i];
    if b.get(i + 1) == Some(&c) && b.get(i + 2) == Some(&b'{') {
        i + 2
    } else if b.get(i + 1) == Some(&b'{') {
        stack.push(Frame::Template(0));
        i + 1
    } else {
        i
    }
}

/// The index of the newline ending the line `i` is on (or the text's end).
fn line_end(b: &[u8], i: usize) -> usize {
    b[i.min(b.len())..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |n| i + n)
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|n| from + n)
}

/// After `<<` (or `<<-`) at `i`: the range of the marker's name and the index of the
/// line ending after it (the heredoc's text starts on the next line).
fn heredoc_start(b: &[u8], mut i: usize) -> Option<(Range<usize>, usize)> {
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    let start = i;
    while i < b.len() && is_name_byte(b[i]) {
        i += 1;
    }
    if i == start {
        return None;
    }
    let end = line_end(b, i);
    // Nothing but the line ending may follow the marker.
    if !b[i..end].iter().all(|&c| c == b'\r') || end == b.len() {
        return None;
    }
    Some((start..i, end))
}

/// Whether a byte may continue a name, for a heredoc's end: any non-ASCII byte counts, so
/// that the scan never sees an end the parser does not (it may miss one, and then gives
/// up or keeps the text whole).
fn is_id_continue(c: u8) -> bool {
    is_name_byte(c) || !c.is_ascii()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(text: &str) -> Option<Vec<&str>> {
        Some(
            resource_blocks(text)?
                .into_iter()
                .map(|r| &text[r])
                .collect(),
        )
    }

    #[test]
    fn finds_resource_blocks_past_strings_templates_heredocs_and_comments() {
        let text = r#"
locals { a = "}" }
# resource "x" "y" {
resource "aws_s3_bucket" "b" {
  bucket = "${var.x}-{"
  policy = <<-EOT
    { "a": "}" }
  EOT
  tags = { a = "%{ if true }}{%{ endif }" } /* } */
}
resource aws_backup_vault v { name = "x" } # done
variable "resource" {}
"#;
        let found = blocks(text).expect("splits");
        assert_eq!(found.len(), 2);
        assert!(found[0].starts_with("resource \"aws_s3_bucket\"") && found[0].ends_with("*/\n}"));
        assert_eq!(found[1], "resource aws_backup_vault v { name = \"x\" }");
    }

    #[test]
    fn gives_up_on_what_it_cannot_be_sure_of() {
        for text in [
            "resource \"a\" \"b\" {\n",                          // unclosed block
            "resource \"a\" \"b\" {} resource \"c\" \"d\" {}\n", // two blocks on a line
            "locals { a = \"x\n\" }\n",                          // newline in a string
            "}\n",                                               // stray brace
            "x = <<EOT\nno end\n",                               // unterminated heredoc
            "/* never closed",
        ] {
            assert_eq!(resource_blocks(text), None, "{text:?}");
        }
    }

    #[test]
    fn an_attribute_named_resource_is_not_a_block() {
        assert_eq!(blocks("resource = { a = 1 }\n"), Some(vec![]));
    }

    /// A heredoc ends where the parser ends it: not at its marker inside a `${ }` that
    /// spans lines, and at a marker followed by more code (`EOT)`).
    #[test]
    fn heredocs_end_where_the_parser_ends_them() {
        let text = "locals {\n  x = <<EOT\n${\nEOT\n}\nresource \"a\" \"b\" {\n}\nEOT\n  y = f(<<-EOT\n    }\n    EOT)\n}\nresource \"c\" \"d\" {\n}\n";
        assert_eq!(blocks(text), Some(vec!["resource \"c\" \"d\" {\n}"]));
        assert_eq!(resource_blocks("x = <<EOT\nEOTX\n"), None, "no end");
    }

    /// A block-like line inside a top-level list or call is no block (the whole-file parse
    /// rejects it, and blanking it would hide that).
    #[test]
    fn nothing_inside_brackets_is_a_block() {
        for text in [
            "x = [\nresource \"a\" \"b\" {\n}\n]\n",
            "x = f(\nresource \"a\" \"b\" {\n}\n)\n",
        ] {
            assert_eq!(blocks(text), Some(vec![]), "{text:?}");
        }
        assert_eq!(resource_blocks("x = [\n"), None);
    }
}
