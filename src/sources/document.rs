//! A positioned document tree (CloudFormation templates, `yamldecode`), built from YAML (saphyr) or JSON
//! (jsonc-parser): byte spans on every node and key, short-form tags kept, duplicate keys
//! reported (CloudFormation rejects them) while the first occurrence is kept for linting.

use std::ops::Range;

use saphyr::{MarkedYaml, Scalar, YamlData, YamlLoader};

/// How deep a template may nest before it is rejected (guards the recursive walks).
const MAX_DEPTH: usize = 256;

/// Most nodes anchor/alias expansion may produce (guards against alias bombs).
const ALIAS_LIMIT: usize = 100_000;

/// A node of a template.
#[derive(Debug, Clone)]
pub struct Node {
    /// Byte range of the node.
    pub span: Range<usize>,
    /// What it is.
    pub kind: Kind,
}

/// The kinds of node.
#[derive(Debug, Clone)]
pub enum Kind {
    /// `null` / `~` / empty.
    Null,
    /// A bool.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping: key, key span, value; in document order.
    Map(Vec<(String, Range<usize>, Node)>),
    /// A short-form tag (`!Ref`, `!Sub`...) on a node.
    Tagged(String, Box<Node>),
}

impl Node {
    /// The value of a key of a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, _, v)| v)
    }

    /// The entry (key, key span, value) of a key of a mapping.
    pub fn entry(&self, key: &str) -> Option<(&str, &Range<usize>, &Node)> {
        match &self.kind {
            Kind::Map(entries) => entries
                .iter()
                .find(|(k, _, _)| k == key)
                .map(|(k, s, v)| (k.as_str(), s, v)),
            _ => None,
        }
    }

    /// The entries of a mapping (empty for anything else).
    pub fn entries(&self) -> &[(String, Range<usize>, Node)] {
        match &self.kind {
            Kind::Map(entries) => entries,
            _ => &[],
        }
    }

    /// The string value of a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// A parse problem at a byte offset.
#[derive(Debug, Clone)]
pub struct Problem {
    /// Where.
    pub at: Range<usize>,
    /// What.
    pub message: String,
}

/// Converts character markers (line, column) to byte offsets, cheaply for nearby markers.
struct ByteIndex<'t> {
    text: &'t str,
    line_starts: Vec<usize>,
    cursor: (usize, usize, usize), // line, column, byte
}

impl<'t> ByteIndex<'t> {
    fn new(text: &'t str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        ByteIndex {
            text,
            line_starts,
            cursor: (0, 0, 0),
        }
    }

    /// Byte offset of a 1-based line and 0-based character column.
    fn byte(&mut self, line: usize, col: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let (from_col, from_byte) = if self.cursor.0 == line && self.cursor.1 <= col {
            (self.cursor.1, self.cursor.2)
        } else {
            (0, start)
        };
        let rest = self.text.get(from_byte..).unwrap_or("");
        let byte = rest
            .char_indices()
            .nth(col - from_col)
            .map_or(self.text.len(), |(i, _)| from_byte + i);
        self.cursor = (line, col, byte);
        byte
    }

    fn span(&mut self, span: &saphyr_parser::Span) -> Range<usize> {
        let a = self.byte(span.start.line(), span.start.col());
        let b = self.byte(span.end.line(), span.end.col()).max(a);
        a..b
    }
}

/// Parses a YAML stream into its documents (templates have one; the caller says what a
/// second one means). CloudFormation (like PyYAML) accepts flow
/// collections whose continuation lines are not indented past their block's key (a
/// closing `}` at the key's column); strict YAML 1.2 does not. When strict parsing fails,
/// such lines are indented just enough and the document parsed again, with every span
/// mapped back to the original text.
pub fn parse_yaml(text: &str) -> Result<(Vec<Node>, Vec<Problem>), Problem> {
    match parse_yaml_strict(text) {
        Ok(ok) => Ok(ok),
        Err(strict) => {
            let (relaxed, inserts) = relax_flow_indentation(text);
            if inserts.is_empty() {
                return Err(strict);
            }
            match parse_yaml_strict(&relaxed) {
                Ok((mut nodes, mut problems)) => {
                    let back = |o: usize| original_offset(o, &inserts);
                    for node in &mut nodes {
                        remap(node, &back);
                    }
                    for p in &mut problems {
                        p.at = back(p.at.start)..back(p.at.end);
                    }
                    Ok((nodes, problems))
                }
                Err(_) => Err(strict),
            }
        }
    }
}

/// Inserts spaces so that every line inside a flow collection (`{...}`, `[...]`) is
/// indented past the line that opened it; returns the text and the insertions
/// (original offset, spaces added), in order.
fn relax_flow_indentation(text: &str) -> (String, Vec<(usize, usize)>) {
    let mut out = String::with_capacity(text.len() + 64);
    let mut inserts = Vec::new();
    let mut depth = 0usize;
    let mut owner_indent = 0usize;
    let mut quote: Option<char> = None;
    let mut line_start = 0usize;
    for (i, line) in text.split_inclusive('\n').map(|l| {
        let start = line_start;
        line_start += l.len();
        (start, l)
    }) {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let blank = line.trim().is_empty() || line.trim_start().starts_with('#');
        if depth > 0 && quote.is_none() && !blank && indent <= owner_indent {
            let pad = owner_indent + 1 - indent;
            out.extend(std::iter::repeat_n(' ', pad));
            inserts.push((i, pad));
        }
        if depth == 0 {
            owner_indent = indent;
        }
        let mut prev = ' ';
        for c in line.chars() {
            match quote {
                Some(q) => {
                    if c == q {
                        quote = None;
                    }
                }
                None => match c {
                    '#' if prev == ' ' || prev == '\t' => break,
                    '"' | '\'' if depth > 0 || prev == ' ' || prev == ':' => quote = Some(c),
                    '{' | '[' => depth += 1,
                    '}' | ']' => depth = depth.saturating_sub(1),
                    _ => {}
                },
            }
            prev = c;
        }
        // A quoted scalar does not span lines in templates worth relaxing.
        if depth == 0 {
            quote = None;
        }
        out.push_str(line);
    }
    (out, inserts)
}

/// The original offset of an offset in the relaxed text.
fn original_offset(relaxed: usize, inserts: &[(usize, usize)]) -> usize {
    let mut shift = 0;
    for &(at, n) in inserts {
        if at + shift > relaxed {
            break;
        }
        if relaxed < at + shift + n {
            return at; // inside the inserted spaces
        }
        shift += n;
    }
    relaxed - shift
}

fn remap(node: &mut Node, back: &impl Fn(usize) -> usize) {
    node.span = back(node.span.start)..back(node.span.end);
    match &mut node.kind {
        Kind::Seq(items) => items.iter_mut().for_each(|n| remap(n, back)),
        Kind::Map(entries) => {
            for (_, key_span, value) in entries {
                *key_span = back(key_span.start)..back(key_span.end);
                remap(value, back);
            }
        }
        Kind::Tagged(_, inner) => remap(inner, back),
        _ => {}
    }
}

/// Walks the event stream (the parser itself keeps its state on the heap) before any
/// recursive building: nesting deeper than [`MAX_DEPTH`] and aliases that expand to more
/// than [`ALIAS_LIMIT`] nodes (tagged or not) are parse errors at their position, so neither
/// the loader's recursion nor an alias bomb can take the process down.
fn precheck(text: &str, index: &mut ByteIndex) -> Result<(), Problem> {
    use saphyr_parser::Event;
    let mut parser = saphyr_parser::Parser::new_from_str(text);
    // Expanded size of each open collection, and of each anchored node.
    let mut open: Vec<(usize, u64)> = Vec::new();
    let mut anchored: std::collections::HashMap<usize, u64> = std::collections::HashMap::new();
    let mut aliased: u64 = 0;
    let at = |span: &saphyr_parser::Span, index: &mut ByteIndex| index.span(span);
    while let Some(event) = parser.next_event() {
        let Ok((event, span)) = event else {
            return Ok(()); // the loader reports the syntax error where it is
        };
        let add = |n: u64, open: &mut Vec<(usize, u64)>| {
            if let Some(top) = open.last_mut() {
                top.1 = top.1.saturating_add(n);
            }
        };
        match event {
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if open.len() >= MAX_DEPTH {
                    return Err(Problem {
                        at: at(&span, index),
                        message: format!("the document nests deeper than {MAX_DEPTH} levels"),
                    });
                }
                open.push((anchor, 1));
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((anchor, n)) = open.pop() {
                    if anchor > 0 {
                        anchored.insert(anchor, n);
                    }
                    add(n, &mut open);
                }
            }
            Event::Scalar(_, _, anchor, _) => {
                if anchor > 0 {
                    anchored.insert(anchor, 1);
                }
                add(1, &mut open);
            }
            Event::Alias(id) => {
                let n = anchored.get(&id).copied().unwrap_or(1);
                aliased = aliased.saturating_add(n);
                if aliased > ALIAS_LIMIT as u64 {
                    return Err(Problem {
                        at: at(&span, index),
                        message: format!(
                            "aliases expand to more than {ALIAS_LIMIT} nodes (an alias bomb?)"
                        ),
                    });
                }
                add(n, &mut open);
            }
            Event::StreamEnd => break,
            _ => {}
        }
    }
    Ok(())
}

fn parse_yaml_strict(text: &str) -> Result<(Vec<Node>, Vec<Problem>), Problem> {
    let mut index = ByteIndex::new(text);
    precheck(text, &mut index)?;
    let mut problems = Vec::new();
    let docs = match load(text, false, &mut index) {
        Ok(docs) => docs,
        // CloudFormation rejects duplicate keys: report the first, then load again allowing
        // them so the rest of the template is still checked.
        Err(p) if p.message.contains("duplicated key") => {
            let key_end = text[p.at.start..]
                .find(':')
                .map_or(p.at.start, |i| p.at.start + i);
            let key = text[p.at.start..key_end].trim();
            problems.push(Problem {
                at: p.at.start..key_end,
                message: format!("duplicate key `{key}`: CloudFormation rejects the template"),
            });
            load(text, true, &mut index)?
        }
        Err(p) => return Err(p),
    };
    let nodes = docs
        .iter()
        .map(|d| from_yaml(d, None, &mut index, 0))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((nodes, problems))
}

fn load<'t>(
    text: &'t str,
    allow_duplicates: bool,
    index: &mut ByteIndex,
) -> Result<Vec<MarkedYaml<'t>>, Problem> {
    let mut parser = saphyr_parser::Parser::new_from_str(text);
    let mut loader: YamlLoader<MarkedYaml> = YamlLoader::default();
    loader.allow_duplicate_keys(allow_duplicates);
    loader.alias_limit(ALIAS_LIMIT);
    let scan_error = |e: &saphyr::ScanError, index: &mut ByteIndex| {
        let at = index.byte(e.marker().line(), e.marker().col());
        Problem {
            at: at..at,
            message: format!("YAML parse error: {}", e.info()),
        }
    };
    if let Err(e) = parser.load(&mut loader, true) {
        return Err(scan_error(&e, index));
    }
    if let Some(e) = loader.error() {
        return Err(scan_error(e, index));
    }
    Ok(loader.into_documents())
}

fn from_yaml(
    y: &MarkedYaml,
    outer: Option<Range<usize>>,
    index: &mut ByteIndex,
    depth: usize,
) -> Result<Node, Problem> {
    let own = index.span(&y.span);
    // The inner node of a tagged scalar carries no span of its own: use the tag's.
    let span = match outer {
        Some(o) if own.is_empty() || own.start < o.start => o,
        _ => own,
    };
    if depth > MAX_DEPTH {
        return Err(Problem {
            at: span,
            message: format!("the template nests deeper than {MAX_DEPTH} levels"),
        });
    }
    let kind = match &y.data {
        YamlData::Value(Scalar::Null) | YamlData::BadValue | YamlData::Alias(_) => Kind::Null,
        YamlData::Value(Scalar::Boolean(b)) => Kind::Bool(*b),
        YamlData::Value(Scalar::Integer(i)) => Kind::Number(*i as f64),
        YamlData::Value(Scalar::FloatingPoint(f)) => Kind::Number(f.into_inner()),
        YamlData::Value(Scalar::String(s)) => Kind::Str(s.to_string()),
        YamlData::Representation(s, _, _) => Kind::Str(s.to_string()),
        YamlData::Sequence(items) => Kind::Seq(
            items
                .iter()
                .map(|i| from_yaml(i, None, index, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        YamlData::Mapping(map) => {
            let mut entries: Vec<(String, Range<usize>, Node)> = Vec::with_capacity(map.len());
            for (k, v) in map.iter() {
                let key_span = index.span(&k.span);
                let key = match &k.data {
                    YamlData::Value(s) => scalar_text(s),
                    YamlData::Representation(s, _, _) => s.to_string(),
                    _ => continue, // complex keys do not occur in templates
                };
                // Duplicates were reported by the first load; the mapping holds each key once.
                let value = from_yaml(v, None, index, depth + 1)?;
                entries.push((key, key_span, value));
            }
            Kind::Map(entries)
        }
        YamlData::Tagged(tag, inner) => {
            let inner = from_yaml(inner, Some(span.clone()), index, depth + 1)?;
            if tag.handle == "!!" {
                inner.kind // core-schema tags (`!!str`) do not change our reading
            } else {
                Kind::Tagged(tag.suffix.clone(), Box::new(inner))
            }
        }
    };
    Ok(Node { span, kind })
}

fn scalar_text(s: &Scalar) -> String {
    match s {
        Scalar::Null => "null".into(),
        Scalar::Boolean(b) => b.to_string(),
        Scalar::Integer(i) => i.to_string(),
        Scalar::FloatingPoint(f) => f.to_string(),
        Scalar::String(s) => s.to_string(),
    }
}

/// A raw control character inside a JSON string (JSON requires them escaped, and
/// CloudFormation rejects the template), if any.
fn raw_control_character(text: &str) -> Option<Problem> {
    let mut in_string = false;
    let mut escaped = false;
    for (i, b) in text.bytes().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                0..=0x1f => {
                    return Some(Problem {
                        at: i..i + 1,
                        message: format!(
                            "a raw control character (U+{b:04X}) inside a JSON string: JSON requires it escaped, and CloudFormation rejects the template"
                        ),
                    })
                }
                _ => {}
            }
        } else if b == b'"' {
            in_string = true;
        }
    }
    None
}

/// Parses a JSON template.
pub fn parse_json(text: &str) -> Result<(Node, Vec<Problem>), Problem> {
    if let Some(p) = raw_control_character(text) {
        return Err(p);
    }
    let options = jsonc_parser::ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        ..Default::default()
    };
    let parsed =
        jsonc_parser::parse_to_ast(text, &jsonc_parser::CollectOptions::default(), &options)
            .map_err(|e| {
                let r = e.range();
                Problem {
                    at: r.start..r.end.max(r.start),
                    message: format!("JSON parse error: {}", e.kind()),
                }
            })?;
    let Some(value) = parsed.value else {
        return Ok((
            Node {
                span: 0..0,
                kind: Kind::Null,
            },
            Vec::new(),
        ));
    };
    let mut problems = Vec::new();
    let node = from_json(&value, &mut problems, 0)?;
    Ok((node, problems))
}

fn from_json(
    v: &jsonc_parser::ast::Value,
    problems: &mut Vec<Problem>,
    depth: usize,
) -> Result<Node, Problem> {
    use jsonc_parser::ast::{ObjectPropName, Value as V};
    let range = |r: &jsonc_parser::common::Range| r.start..r.end;
    if depth > MAX_DEPTH {
        let r = match v {
            V::Array(a) => range(&a.range),
            V::Object(o) => range(&o.range),
            _ => 0..0,
        };
        return Err(Problem {
            at: r,
            message: format!("the template nests deeper than {MAX_DEPTH} levels"),
        });
    }
    let (span, kind) = match v {
        V::NullKeyword(n) => (range(&n.range), Kind::Null),
        V::BooleanLit(b) => (range(&b.range), Kind::Bool(b.value)),
        V::NumberLit(n) => (
            range(&n.range),
            Kind::Number(n.value.parse().unwrap_or(f64::NAN)),
        ),
        V::StringLit(s) => (range(&s.range), Kind::Str(s.value.to_string())),
        V::Array(a) => {
            let items = a
                .elements
                .iter()
                .map(|e| from_json(e, problems, depth + 1))
                .collect::<Result<_, _>>()?;
            (range(&a.range), Kind::Seq(items))
        }
        V::Object(o) => {
            let mut entries: Vec<(String, Range<usize>, Node)> =
                Vec::with_capacity(o.properties.len());
            let mut seen = std::collections::HashSet::new();
            for p in &o.properties {
                let (key, key_span) = match &p.name {
                    ObjectPropName::String(s) => (s.value.to_string(), range(&s.range)),
                    ObjectPropName::Word(w) => (w.value.to_string(), range(&w.range)),
                };
                let value = from_json(&p.value, problems, depth + 1)?;
                if !seen.insert(key.clone()) {
                    problems.push(Problem {
                        at: key_span,
                        message: format!(
                            "duplicate key `{key}`: CloudFormation rejects the template"
                        ),
                    });
                    continue;
                }
                entries.push((key, key_span, value));
            }
            (range(&o.range), Kind::Map(entries))
        }
    };
    Ok(Node { span, kind })
}
