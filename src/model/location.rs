//! Where a fact came from: a byte span in a source file, or (later) a live resource.

use std::borrow::Cow;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

/// A source file held in memory, with a line-start table for line/column lookups.
#[derive(Debug)]
pub struct SourceFile {
    /// Path as given on disk.
    pub path: PathBuf,
    /// Path as shown to the user (relative to the current directory when below it).
    pub display: String,
    /// Path relative to the repository the file is in (the nearest directory above it
    /// with `.git`), with `/` separators; the display path outside a repository. Reports
    /// for machines and fingerprints use it, so they do not depend on where lifeboat runs.
    pub repo: String,
    /// The full text of the file.
    pub text: String,
    /// Offsets where lines start, 32-bit like a [`Location`]'s; made when first asked (a
    /// big file's is megabytes, and most are asked only when the report is written).
    line_starts: std::sync::OnceLock<Vec<u32>>,
    /// The text as shown in a terminal (control characters replaced), made on first use.
    shown: std::sync::OnceLock<Option<String>>,
}

/// A 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// Repository roots by directory, so that each directory is looked up once.
static ROOTS: std::sync::OnceLock<
    std::sync::Mutex<std::collections::HashMap<PathBuf, Option<PathBuf>>>,
> = std::sync::OnceLock::new();

/// The nearest directory at or above `dir` holding `.git` (looked up once per directory).
pub(crate) fn repository_of(dir: &std::path::Path) -> Option<PathBuf> {
    let roots = ROOTS.get_or_init(Default::default);
    if let Some(found) = roots.lock().ok()?.get(dir) {
        return found.clone();
    }
    let found = dir
        .ancestors()
        .find(|d| d.join(".git").exists())
        .map(std::path::Path::to_path_buf);
    roots.lock().ok()?.insert(dir.to_path_buf(), found.clone());
    found
}

/// A path relative to the root of its repository, with `/` separators (`.` for the root
/// itself). `dir` says whether the path is a directory (its own repository is searched
/// from it, a file's from its parent).
fn repo_relative(path: &std::path::Path, dir: bool) -> Option<String> {
    let abs = path.canonicalize().ok()?;
    let start = if dir { &abs } else { abs.parent()? };
    let root = repository_of(start)?;
    let rel = abs.strip_prefix(&root).ok()?;
    let text = crate::sources::escaped_os(rel.as_os_str());
    // Windows separators read as `/`, as every report writes paths (elsewhere a `\` is
    // part of a name, or of an escape).
    #[cfg(windows)]
    let text = text.replace('\\', "/");
    Some(if text.is_empty() { ".".into() } else { text })
}

/// How a scanned path (a file or a directory) is named in messages: relative to the root
/// of its repository, whatever directory lifeboat runs from, so that messages,
/// fingerprints and baselines do not depend on it; outside any repository, `display` (the
/// path as shown).
pub fn repository_name(path: &std::path::Path, display: &str) -> String {
    repo_relative(path, path.is_dir()).unwrap_or_else(|| display.to_string())
}

impl SourceFile {
    /// Wraps a file's text, computing its line-start table.
    pub fn new(path: PathBuf, display: String, text: String) -> Self {
        let repo = repo_relative(&path, false).unwrap_or_else(|| display.clone());
        SourceFile {
            path,
            repo,
            display,
            text,
            line_starts: std::sync::OnceLock::new(),
            shown: std::sync::OnceLock::new(),
        }
    }

    /// The text safe to print to a terminal: every control character (and every
    /// bidirectional override) replaced by `?`s of the same byte length, so offsets stay
    /// valid and no input can drive the terminal.
    pub fn shown_text(&self) -> &str {
        self.shown
            .get_or_init(|| {
                self.text.chars().any(unsafe_char).then(|| {
                    self.text
                        .chars()
                        .map(|c| {
                            if unsafe_char(c) {
                                "?".repeat(c.len_utf8())
                            } else {
                                c.to_string()
                            }
                        })
                        .collect()
                })
            })
            .as_deref()
            .unwrap_or(&self.text)
    }

    /// Where each line starts.
    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(self.text.match_indices('\n').map(|(i, _)| offset32(i + 1)));
            starts.shrink_to_fit();
            starts
        })
    }

    /// The 0-based line of a byte offset.
    pub fn line_index(&self, offset: usize) -> usize {
        self.line_starts()
            .partition_point(|&s| s as usize <= offset.min(self.text.len()))
            .saturating_sub(1)
    }

    /// The byte offset where a 0-based line starts (the text's end past the last line).
    pub fn line_offset(&self, line: usize) -> usize {
        self.line_starts()
            .get(line)
            .map_or(self.text.len(), |&s| s as usize)
    }

    /// The 1-based line and column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line = self
            .line_starts()
            .partition_point(|&s| s as usize <= offset)
            .saturating_sub(1);
        let start = self.line_starts().get(line).map_or(0, |&s| s as usize);
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// The byte offset where a 1-based line starts, if the line exists.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts()
            .get(line.checked_sub(1)?)
            .map(|&s| s as usize)
    }

    /// The text of a byte span, or "" when the span is out of range.
    pub fn slice(&self, span: &Range<usize>) -> &str {
        self.text.get(span.clone()).unwrap_or("")
    }
}

/// A resource of a live account.
#[derive(Debug, Clone)]
pub struct LiveResource {
    /// The resource's ARN.
    pub arn: String,
    /// Its region.
    pub region: String,
    /// Its account ("" when unknown, as for the ambient account's S3 buckets).
    pub account: String,
}

/// Largest input file lifeboat reads: a [`Location`] keeps its byte offsets in 32 bits
/// (every field of the model carries one). No real configuration comes near it, and one
/// that did would need tens of gigabytes to check.
pub const MAX_INPUT_BYTES: u64 = 1 << 30;

/// A place a finding or a model field points at: a byte span in a source file, a resource
/// of a live account, or a place with no source text. Read it through [`Location::place`].
#[derive(Debug, Clone)]
pub struct Location(Repr);

/// Two words: a file span's offsets are 32-bit and the rare kinds are behind one shared
/// pointer (a module's "root module" place is cloned into every resource it holds),
/// because every field of the model and every finding carries a location, millions of
/// them in a big scan.
#[derive(Debug, Clone)]
enum Repr {
    File { file: Arc<SourceFile>, span: Span32 },
    Elsewhere(Arc<Elsewhere>),
}

#[derive(Debug, Clone)]
enum Elsewhere {
    Resource(LiveResource),
    Synthetic(String),
}

/// What a [`Location`] points at, borrowed.
#[derive(Debug, Clone)]
pub enum Place<'a> {
    /// A byte span in a source file.
    File {
        /// The file.
        file: &'a Arc<SourceFile>,
        /// Byte range within the file.
        span: Range<usize>,
    },
    /// A resource of a live account, by ARN.
    Resource(&'a LiveResource),
    /// A place that has no source text (e.g. a value given on the command line): what it
    /// is, for humans.
    Synthetic(&'a str),
}

/// An offset as stored: inputs over [`MAX_INPUT_BYTES`] are refused when read, so this
/// only saturates on offsets past any text.
fn offset32(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

/// A byte range of an input file in 32-bit offsets, as locations and evaluated attributes
/// and blocks keep it (millions of them in a big scan).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span32 {
    start: u32,
    end: u32,
}

impl Span32 {
    /// The range in the file.
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Moves the span `by` bytes on.
    pub fn shift(&mut self, by: usize) {
        *self = (self.start as usize + by..self.end as usize + by).into();
    }
}

impl From<Range<usize>> for Span32 {
    fn from(r: Range<usize>) -> Span32 {
        Span32 {
            start: offset32(r.start),
            end: offset32(r.end),
        }
    }
}

impl Location {
    /// A span in a file.
    pub fn file(file: &Arc<SourceFile>, span: Range<usize>) -> Self {
        Location(Repr::File {
            file: Arc::clone(file),
            span: span.into(),
        })
    }

    /// A resource of a live account.
    pub fn resource(resource: LiveResource) -> Self {
        Location(Repr::Elsewhere(Arc::new(Elsewhere::Resource(resource))))
    }

    /// A place with no source text, named for humans.
    pub fn synthetic(label: impl Into<String>) -> Self {
        Location(Repr::Elsewhere(Arc::new(Elsewhere::Synthetic(
            label.into(),
        ))))
    }

    /// What the location points at.
    pub fn place(&self) -> Place<'_> {
        match &self.0 {
            Repr::File { file, span } => Place::File {
                file,
                span: span.range(),
            },
            Repr::Elsewhere(e) => match &**e {
                Elsewhere::Resource(r) => Place::Resource(r),
                Elsewhere::Synthetic(label) => Place::Synthetic(label),
            },
        }
    }

    /// The file and byte span, for a location in a file.
    pub fn file_span(&self) -> Option<(&Arc<SourceFile>, Range<usize>)> {
        match &self.0 {
            Repr::File { file, span } => Some((file, span.range())),
            Repr::Elsewhere(_) => None,
        }
    }

    /// The live resource, for a location in a live account.
    pub fn live_resource(&self) -> Option<&LiveResource> {
        match self.place() {
            Place::Resource(r) => Some(r),
            _ => None,
        }
    }

    /// The file this location is in, if any.
    pub fn source(&self) -> Option<&Arc<SourceFile>> {
        self.file_span().map(|(file, _)| file)
    }

    /// The source text the location covers ("" when it has none).
    pub fn text(&self) -> &str {
        self.file_span()
            .map_or("", |(file, span)| file.slice(&span))
    }

    /// A key that orders locations by path, then position (borrowed, but for live
    /// resources: sorting tens of thousands of findings copied every path).
    pub fn sort_key(&self) -> (Cow<'_, str>, usize, usize) {
        match self.place() {
            Place::File { file, span } => (Cow::Borrowed(&file.display), span.start, span.end),
            // Grouped by account, then region, then resource.
            Place::Resource(r) => (
                Cow::Owned(format!("{} {} {}", r.account, r.region, r.arn)),
                0,
                0,
            ),
            Place::Synthetic(label) => (Cow::Borrowed(label), 0, 0),
        }
    }
}

/// Characters that must not reach a terminal raw: controls (but tab and line breaks) and
/// bidirectional overrides.
pub fn unsafe_char(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A message with its unsafe characters written as visible escapes (`\u{1b}`).
pub fn escape_unsafe(s: &str) -> String {
    if !s.chars().any(unsafe_char) {
        return s.to_string();
    }
    s.chars()
        .map(|c| {
            if unsafe_char(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every field of the model carries a location, millions of them in a big scan: a
    /// change that makes it bigger than a file and two 32-bit offsets shows here.
    #[test]
    fn a_location_is_two_words() {
        assert_eq!(
            std::mem::size_of::<Location>(),
            2 * std::mem::size_of::<usize>()
        );
        assert!(std::mem::size_of::<crate::model::Field<String>>() <= 40);
    }

    /// Every entity carries an identity and every finding is held until the report is
    /// written, hundreds of thousands of each in a big scan: the identity is one shared
    /// pointer, and a finding keeps its rare parts (fix, suppression) boxed.
    #[test]
    fn identities_are_shared_and_findings_small() {
        assert_eq!(
            std::mem::size_of::<crate::model::Meta>(),
            std::mem::size_of::<usize>()
        );
        assert!(std::mem::size_of::<crate::finding::Finding>() <= 216);
    }
}
