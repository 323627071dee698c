//! Building fixes: edits that set a value, remove an attribute or add a missing one, made
//! from the spans the model already carries (`Field::Known.at` is where a value is written,
//! `Field::Absent.owner` where a missing one goes). Edits touch only the bytes they
//! replace: comments and layout elsewhere stay, inserted lines take the indentation of
//! their block, and in Terraform the `=` alignment of the attribute group they join (as
//! `terraform fmt` would), or a group of their own.

use std::ops::Range;
use std::sync::Arc;

use crate::finding::{Applicability, Edit, Fix};
use crate::model::{Location, SourceFile};

/// How the file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// Terraform.
    Hcl,
    /// A YAML template.
    Yaml,
    /// A JSON template or plan.
    Json,
}

/// The syntax of a file, by its name.
pub fn syntax(file: &SourceFile) -> Syntax {
    match file.path.extension().and_then(|e| e.to_str()) {
        Some("tf" | "tfvars" | "hcl") => Syntax::Hcl,
        Some("json") => Syntax::Json,
        _ => Syntax::Yaml,
    }
}

/// A value to write.
#[derive(Debug, Clone)]
pub enum Lit {
    /// `true` / `false`.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A string (quoted as the syntax needs).
    Str(String),
    /// An HCL expression, written as it is (it carries a reference along: a value each
    /// caller of a module sets for itself).
    Expr(String),
}

impl Lit {
    fn render(&self, syntax: Syntax) -> String {
        match (self, syntax) {
            (Lit::Bool(b), _) => b.to_string(),
            (Lit::Int(i), _) => i.to_string(),
            (Lit::Str(s), Syntax::Yaml) if is_plain_yaml(s) => s.clone(),
            (Lit::Str(s), _) => serde_json::to_string(s).unwrap_or_default(),
            (Lit::Expr(e), _) => e.clone(),
        }
    }
}

fn is_plain_yaml(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        )
        && s.parse::<f64>().is_err()
}

fn file_span(at: &Location) -> Option<(&Arc<SourceFile>, Range<usize>)> {
    at.file_span()
        .filter(|(file, span)| span.end <= file.text.len())
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Replaces the value written at `at` (`key = value`, `Key: value`, `"Key": value`).
/// None when the value is not a single-line scalar this can find.
pub fn set_value(at: &Location, value: &Lit) -> Option<Edit> {
    let (file, span) = file_span(at)?;
    let written = &file.text[span.clone()];
    let syntax = syntax(file);
    let sep = match syntax {
        Syntax::Hcl => written.find('=')?,
        Syntax::Yaml => written
            .find(": ")
            .or_else(|| written.strip_suffix(':').map(str::len))?,
        Syntax::Json => {
            let close = written[1..].find('"')? + 1;
            close + written[close..].find(':')?
        }
    };
    let rest = &written[sep + 1..];
    let start = span.start + sep + 1 + (rest.len() - rest.trim_start().len());
    let end = span.start + written.trim_end().len();
    let old = file.text.get(start..end)?;
    // A collection, or a tag over one (`!FindInMap [Map, !Ref Env, Key]`), is no scalar
    // to replace.
    if old.is_empty()
        || old.contains('\n')
        || old.starts_with(['{', '['])
        || (old.starts_with('!') && old.contains(['[', '{']))
    {
        return None;
    }
    // A string never replaces a bool (`enabled = false` of a legacy block is no status).
    if matches!(value, Lit::Str(_)) && matches!(old.trim_end_matches(','), "true" | "false") {
        return None;
    }
    // Keep a trailing comma (JSON) outside the replaced value.
    let end = if syntax == Syntax::Json && old.ends_with(',') {
        end - 1
    } else {
        end
    };
    // A comment after the value that states the old value (`delete_after = 1 # keep for
    // 1 day`) would lie once the value changes: it goes with it.
    let end = stale_comment_end(&file.text, end, old.trim_matches('"')).unwrap_or(end);
    Some(Edit {
        file: Arc::clone(file),
        span: start..end,
        text: value.render(syntax),
    })
}

/// Where a trailing comment after `at` ends (before the line break), when the comment
/// names `old` as a word of its own.
fn stale_comment_end(text: &str, at: usize, old: &str) -> Option<usize> {
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let rest = &text[at..line_end];
    let comment = rest.trim_start();
    let body = comment
        .strip_prefix('#')
        .or_else(|| comment.strip_prefix("//"))?;
    let names_old = !old.is_empty()
        && body
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-' || c == '.'))
            .any(|word| word == old);
    names_old.then(|| at + rest.trim_end_matches('\r').len())
}

/// Deletes the lines `at` is written on (the attribute and a comment after it), when
/// nothing else is on them.
pub fn remove_lines(at: &Location) -> Option<Edit> {
    let (file, span) = file_span(at)?;
    let text = &file.text;
    let start = line_start(text, span.start);
    if !text[start..span.start].trim().is_empty() {
        return None;
    }
    let end = line_end(text, span.end.saturating_sub(1).max(span.start));
    Some(Edit {
        file: Arc::clone(file),
        span: start..end,
        text: String::new(),
    })
}

/// The setting's path as the source names it: `deletion_protection` → one key,
/// `point_in_time_recovery { enabled }` or `VersioningConfiguration.Status` → two.
pub fn path(name: &str) -> Vec<&str> {
    if let Some((block, rest)) = name.split_once(" { ") {
        return vec![block, rest.trim_end_matches(" }")];
    }
    name.split('.').collect()
}

/// The lines to insert for `path = value` at `indent`, in the file's syntax.
fn entry(syntax: Syntax, path: &[&str], value: &Lit, indent: usize, pad: usize) -> String {
    let sp = " ".repeat(indent);
    match (syntax, path) {
        (Syntax::Hcl, [key]) => format!("{sp}{key:<pad$} = {}\n", value.render(syntax)),
        (Syntax::Hcl, [block, rest @ ..]) => format!(
            "{sp}{block} {{\n{}{sp}}}\n",
            entry(syntax, rest, value, indent + 2, 0)
        ),
        (_, [key]) => format!("{sp}{key}: {}\n", value.render(syntax)),
        (_, [key, rest @ ..]) => {
            format!("{sp}{key}:\n{}", entry(syntax, rest, value, indent + 2, 0))
        }
        (_, []) => String::new(),
    }
}

/// Inserts `path = value` as the first entry of the block (Terraform) or resource or
/// mapping (YAML) whose header is at `owner`: the edits that do it (the line, and in
/// Terraform the padding of the lines it aligns again), or one `None` when it cannot be
/// done (JSON is left alone).
pub fn insert(owner: &Location, path: &[&str], value: &Lit) -> Vec<Option<Edit>> {
    let Some((file, span)) = file_span(owner) else {
        return vec![None];
    };
    match syntax(file) {
        Syntax::Hcl => insert_hcl(file, span, path, value)
            .map_or(vec![None], |edits| edits.into_iter().map(Some).collect()),
        Syntax::Yaml => vec![insert_yaml(file, span, path, value)],
        Syntax::Json => vec![None],
    }
}

fn insert_hcl(
    file: &Arc<SourceFile>,
    span: Range<usize>,
    path: &[&str],
    value: &Lit,
) -> Option<Vec<Edit>> {
    let text = &file.text;
    let header_start = line_start(text, span.start);
    let brace = span.start + text[span.start..].find('{')?;
    let after_brace = line_end(text, brace);
    // Only a header that ends its line (`{` then nothing but a comment).
    let rest = text[brace + 1..after_brace].trim();
    if !(rest.is_empty() || rest.starts_with('#') || rest.starts_with("//")) {
        return None;
    }
    let header_indent = indent_of(&text[header_start..brace]);
    // Into a nested block (not the resource itself), only the setting's last part goes.
    let path = if text[header_start..brace]
        .trim_start()
        .starts_with("resource ")
    {
        path
    } else {
        &path[path.len().saturating_sub(1)..]
    };
    // A setting already written (to a value the model reads as absent: a variable whose
    // default is null, a conditional null) is never written twice: Terraform refuses a
    // block with an attribute defined twice.
    if path
        .first()
        .is_none_or(|key| block_may_hold(text, brace, key))
    {
        return None;
    }
    // Lazily: only the lines up to the first entry and the attribute group are read (a
    // collected list cost the whole rest of the file for every fix of a big file).
    let following = text[after_brace..].lines();
    let first = following.clone().find(|l| !l.trim().is_empty());
    let indent = match first {
        Some(l) if indent_of(l) > header_indent && !l.trim_start().starts_with('}') => indent_of(l),
        _ => header_indent + 2,
    };
    // The attribute group the new line joins: the lines right after the header, each with
    // its byte range, key and the text from its `=` on.
    // Each line's key end and `=` (absolute offsets) and key.
    let mut group: Vec<(usize, usize, &str)> = Vec::new();
    let mut eq_col = 0;
    let mut at = after_brace;
    for l in text[after_brace..].split_inclusive('\n') {
        let range = at..at + l.len();
        at += l.len();
        let line = l.trim_end_matches(['\n', '\r']);
        let t = line.trim_start();
        if line.trim().is_empty() || indent_of(line) != indent || t.starts_with(['#', '/']) {
            break;
        }
        let Some(eq) = line.find('=') else { break };
        let key = line[..eq].trim();
        if key.is_empty() || key.contains([' ', '"', '{']) || line[eq..].starts_with("==") {
            break;
        }
        // A value that goes on over the next lines ends the group before it (`terraform
        // fmt` aligns `tags = {` with nothing above it).
        let value = line[eq + 1..].split(" #").next().unwrap_or("").trim_end();
        if value.ends_with(['{', '[', '(']) || value.contains("<<") {
            break;
        }
        eq_col = eq_col.max(eq);
        let key_end = range.start + line[..eq].trim_end().len();
        group.push((key_end, range.start + eq, key));
    }
    let key_len = path.first().map_or(0, |k| k.len());
    let insert = |text: String| Edit {
        file: Arc::clone(file),
        span: after_brace..after_brace,
        text,
    };
    let edits = match (group.is_empty(), path.len()) {
        // An attribute joins the group, its `=` in the group's column (as `terraform fmt`
        // aligns them)...
        (false, 1) if indent + key_len < eq_col => vec![insert(entry(
            Syntax::Hcl,
            path,
            value,
            indent,
            eq_col - indent - 1,
        ))],
        // ...and when its name is the longest, the group is aligned again on it: the
        // padding before each `=` changes, nothing else (so that another fix's edit of a
        // value in the group does not overlap).
        (false, 1) => {
            let mut edits = vec![insert(entry(Syntax::Hcl, path, value, indent, key_len))];
            for (key_end, eq, key) in &group {
                edits.push(Edit {
                    file: Arc::clone(file),
                    span: *key_end..*eq,
                    text: " ".repeat(key_len - key.len() + 1),
                });
            }
            edits
        }
        // A nested block is a group of its own.
        (false, _) => vec![insert(entry(Syntax::Hcl, path, value, indent, 0) + "\n")],
        (true, _) => vec![insert(entry(Syntax::Hcl, path, value, indent, 0))],
    };
    Some(edits)
}

fn insert_yaml(
    file: &Arc<SourceFile>,
    span: Range<usize>,
    path: &[&str],
    value: &Lit,
) -> Option<Edit> {
    let text = &file.text;
    let owner_start = line_start(text, span.start);
    let owner_line_end = line_end(text, span.start);
    let owner_line = &text[owner_start..owner_line_end];
    let owner_indent = indent_of(owner_line);
    // The owner must be a block mapping key (`Name:` ending its line).
    let bare = owner_line.split(" #").next().unwrap_or("").trim_end();
    if !bare.ends_with(':') {
        return None;
    }
    // Its children: the lines after it indented deeper.
    let mut children = Vec::new();
    let mut at = owner_line_end;
    while at < text.len() {
        let end = line_end(text, at);
        let line = &text[at..end];
        if !line.trim().is_empty() && !line.trim_start().starts_with('#') {
            if indent_of(line) <= owner_indent {
                break;
            }
            children.push((at, end, line));
        }
        at = end;
    }
    let child_indent = children
        .first()
        .map_or(owner_indent + 2, |c| indent_of(c.2));
    let is_resource = children
        .iter()
        .any(|c| indent_of(c.2) == child_indent && c.2.trim_start().starts_with("Type:"));
    if !is_resource {
        // Into a property mapping, only the setting's last part goes.
        let last = &path[path.len().saturating_sub(1)..];
        return Some(Edit {
            file: Arc::clone(file),
            span: owner_line_end..owner_line_end,
            text: entry(Syntax::Yaml, last, value, child_indent, 0),
        });
    }
    // A resource: into its Properties (added when it has none).
    let properties = children
        .iter()
        .find(|c| indent_of(c.2) == child_indent && c.2.trim_start().starts_with("Properties:"));
    match properties {
        Some((start, end, line)) => {
            let bare = line.split(" #").next().unwrap_or("").trim_end();
            if !bare.ends_with(':') {
                return None; // `Properties: {}` or a flow mapping
            }
            let inner = children
                .iter()
                .find(|c| c.0 > *start && indent_of(c.2) > child_indent)
                .map_or(child_indent + 2, |c| indent_of(c.2));
            Some(Edit {
                file: Arc::clone(file),
                span: *end..*end,
                text: entry(Syntax::Yaml, path, value, inner, 0),
            })
        }
        None => {
            let last = children.last().map_or(owner_line_end, |c| c.1);
            let mut text_to_insert = format!("{}Properties:\n", " ".repeat(child_indent));
            text_to_insert.push_str(&entry(Syntax::Yaml, path, value, child_indent + 2, 0));
            let needs_newline = !text[..last].ends_with('\n');
            if needs_newline {
                text_to_insert.insert(0, '\n');
            }
            Some(Edit {
                file: Arc::clone(file),
                span: last..last,
                text: text_to_insert,
            })
        }
    }
}

/// Whether the body of the HCL block opened at `brace` may hold `key` at its top level
/// (`key = …`, `key {`, `dynamic "key" {`). True also when the body cannot be read with
/// certainty (a heredoc, an unclosed block): no insertion is better than a second one.
fn block_may_hold(text: &str, brace: usize, key: &str) -> bool {
    let body = &text[brace + 1..];
    let mut depth = 0usize;
    let mut line_start = true;
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\n' => {
                line_start = true;
                continue;
            }
            ' ' | '\t' | '\r' if line_start => continue,
            '#' => skip_line(&mut chars),
            '/' if matches!(chars.peek(), Some((_, '/'))) => skip_line(&mut chars),
            '/' if matches!(chars.peek(), Some((_, '*'))) => {
                let Some(end) = body[i + 2..].find("*/") else {
                    return true;
                };
                while chars.peek().is_some_and(|(j, _)| *j < i + 2 + end + 2) {
                    chars.next();
                }
            }
            '"' => {
                // A string (templates inside it nest their own strings): to its end.
                let mut escaped = false;
                let mut nested = 0usize;
                loop {
                    let Some((_, d)) = chars.next() else {
                        return true;
                    };
                    match (escaped, d) {
                        (true, _) => escaped = false,
                        (false, '\\') => escaped = true,
                        (false, '{') => nested += 1,
                        (false, '}') => nested = nested.saturating_sub(1),
                        (false, '"') if nested == 0 => break,
                        (false, '\n') if nested == 0 => return true,
                        _ => {}
                    }
                }
            }
            '<' if body[i..].starts_with("<<") => return true,
            '{' | '[' | '(' => depth += 1,
            '}' | ']' | ')' => {
                if depth == 0 {
                    return false; // the block's own closing brace: not there
                }
                depth -= 1;
            }
            _ if line_start && depth == 0 => {
                let rest = &body[i..];
                let word_end = rest
                    .find(|ch: char| !(ch.is_alphanumeric() || ch == '_' || ch == '-'))
                    .unwrap_or(rest.len());
                let (word, after) = rest.split_at(word_end);
                let after = after.trim_start_matches([' ', '\t']);
                let names_key = word == key
                    && ((after.starts_with('=') && !after.starts_with("=="))
                        || after.starts_with('{'));
                let dynamic_key = word == "dynamic"
                    && after
                        .strip_prefix('"')
                        .is_some_and(|a| a.starts_with(key) && a[key.len()..].starts_with('"'));
                if names_key || dynamic_key {
                    return true;
                }
            }
            _ => {}
        }
        line_start = false;
    }
    true
}

fn skip_line(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>) {
    while chars.peek().is_some_and(|(_, c)| *c != '\n') {
        chars.next();
    }
}

/// The value written in a setting's text (`key = value`, `Key: value`, `"Key": value`, or
/// the value alone), without a trailing comment or comma.
fn value_of(written: &str, syntax: Syntax) -> &str {
    let written = written.trim();
    let value = match syntax {
        Syntax::Hcl => match written.split_once('=') {
            Some((key, value)) if !key.contains(['"', '(', '[', '{']) => value,
            _ => written,
        },
        Syntax::Yaml => written.split_once(": ").map_or(written, |(_, v)| v),
        Syntax::Json => match written.strip_prefix('"').and_then(|w| w.split_once("\":")) {
            Some((_, v)) => v,
            None => written,
        },
    };
    let value = value.trim().trim_end_matches(',');
    match syntax {
        Syntax::Hcl if !value.starts_with('"') => value
            .split(" #")
            .next()
            .and_then(|v| v.split(" //").next())
            .unwrap_or(value)
            .trim(),
        Syntax::Yaml if !value.starts_with(['"', '\'']) => {
            value.split(" #").next().unwrap_or(value).trim()
        }
        _ => value,
    }
}

/// Whether a written value is a literal (`true`, `7`, `"name"`, `Enabled`): replacing or
/// removing it changes only this place. A reference (`var.x`, `local.y`, `!Ref P`, a
/// template with `${…}`) carries a value set elsewhere — a module input every caller sets,
/// a parameter — which an edit here would silently cut off.
pub fn is_literal(written: &str, syntax: Syntax) -> bool {
    let value = value_of(written, syntax);
    let number = value.parse::<f64>().is_ok();
    match syntax {
        Syntax::Hcl => {
            matches!(value, "true" | "false" | "null")
                || number
                || (value.len() >= 2
                    && value.starts_with('"')
                    && value.ends_with('"')
                    && !value.contains("${")
                    && !value.contains("%{"))
        }
        Syntax::Yaml => {
            !value.is_empty()
                && !value.starts_with(['!', '{', '[', '*', '&', '|', '>'])
                && !value.contains("${")
        }
        Syntax::Json => !value.is_empty() && !value.starts_with(['{', '[']),
    }
}

/// The expression written for a setting (the text after `=` or `:`), for a fix that must
/// carry it along rather than the value it had in one instance.
pub fn written_value(at: &Location) -> Option<(&str, Syntax)> {
    let (file, span) = file_span(at)?;
    let syntax = syntax(file);
    Some((value_of(&file.text[span], syntax), syntax))
}

/// A fix from edits, when every edit could be made. An edit that replaces or removes a
/// value that is not a literal (a variable, a module input, a parameter) makes the fix one
/// to show, never to apply: the value has to be set where it comes from.
pub fn fix(message: String, applicability: Applicability, edits: Vec<Option<Edit>>) -> Option<Fix> {
    let edits: Option<Vec<Edit>> = edits.into_iter().collect();
    let edits = edits.filter(|e| !e.is_empty())?;
    let reference = edits.iter().find_map(|e| {
        let replaced = e.file.text.get(e.span.clone())?;
        let syntax = syntax(&e.file);
        // An edit that keeps what it replaces (lines aligned again around an inserted
        // one) cuts nothing off.
        let bare = |t: &str| t.split_whitespace().collect::<String>();
        let kept = bare(&e.text).contains(&bare(replaced));
        (!replaced.trim().is_empty() && !kept && !is_literal(replaced, syntax))
            .then(|| value_of(replaced, syntax).to_string())
    });
    Some(match reference {
        Some(from) => Fix {
            message: format!(
                "{message} where {from} gets its value (an edit here would cut the setting off from it)"
            ),
            applicability: Applicability::DisplayOnly,
            edits,
        },
        None => Fix {
            message,
            applicability,
            edits,
        },
    })
}

/// The text with the edits applied (edits of other files ignored). Overlapping edits are
/// an error: the caller applies one fix per span per pass.
pub fn apply(text: &str, edits: &[&Edit]) -> Result<String, String> {
    let mut sorted: Vec<&&Edit> = edits.iter().collect();
    // Insertions at one point go in a stable order, whichever fix came first: an inserted
    // line that is its own alignment group (it ends in a blank line) before lines that
    // join the group below, so that `terraform fmt` alignment holds; then by text.
    sorted.sort_by(|a, b| {
        let key = |e: &Edit| (e.span.start, e.span.end, !e.text.ends_with("\n\n"));
        key(a).cmp(&key(b)).then_with(|| a.text.cmp(&b.text))
    });
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in sorted {
        if e.span.start < at || e.span.end > text.len() {
            return Err(format!("edits overlap at byte {}", e.span.start));
        }
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.text);
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    Ok(out)
}
