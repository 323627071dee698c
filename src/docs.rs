//! Rule documentation embedded from `rules/LBnnn.md`: front matter plus Markdown.

/// One rule's documentation.
#[derive(Debug, Clone)]
pub struct RuleDoc {
    /// Rule id from the front matter.
    pub id: String,
    /// Rule name from the front matter.
    pub name: String,
    /// Default severity from the front matter.
    pub severity: String,
    /// One-line summary.
    pub summary: String,
    /// What the rule applies to.
    pub applies_to: String,
    /// The Markdown body after the front matter.
    pub body: &'static str,
}

macro_rules! docs {
    ($($id:literal),* $(,)?) => {
        &[$(($id, include_str!(concat!("../rules/", $id, ".md")))),*]
    };
}

/// The raw documents, by id.
pub static RAW: &[(&str, &str)] = docs!(
    "LB001", "LB002", "LB101", "LB102", "LB103", "LB104", "LB105", "LB106", "LB201", "LB202",
    "LB203", "LB204", "LB205", "LB206", "LB207", "LB209",
);

/// Parses a document's front matter (`key: value` lines between `---` fences).
pub fn parse(text: &'static str) -> Option<RuleDoc> {
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---\n")?;
    let (front, body) = (&rest[..end], &rest[end + 5..]);
    let get = |key: &str| {
        front
            .lines()
            .find_map(|l| {
                l.strip_prefix(key)?
                    .strip_prefix(':')
                    .map(|v| v.trim().to_string())
            })
            .unwrap_or_default()
    };
    Some(RuleDoc {
        id: get("id"),
        name: get("name"),
        severity: get("severity"),
        summary: get("summary"),
        applies_to: get("applies_to"),
        body: body.trim_start(),
    })
}

/// The documentation of a rule id.
pub fn for_rule(id: &str) -> Option<RuleDoc> {
    RAW.iter()
        .find(|(i, _)| *i == id)
        .and_then(|(_, text)| parse(text))
}
