//! Where a fact came from: a byte span in a source file, or (later) a live resource.

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
    /// The full text of the file.
    pub text: String,
    line_starts: Vec<usize>,
}

/// A 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl SourceFile {
    /// Wraps a file's text, computing its line-start table.
    pub fn new(path: PathBuf, display: String, text: String) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile {
            path,
            display,
            text,
            line_starts,
        }
    }

    /// The 1-based line and column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
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
        self.line_starts.get(line.checked_sub(1)?).copied()
    }

    /// The text of a byte span, or "" when the span is out of range.
    pub fn slice(&self, span: &Range<usize>) -> &str {
        self.text.get(span.clone()).unwrap_or("")
    }
}

/// A place a finding or a model field points at.
#[derive(Debug, Clone)]
pub enum Location {
    /// A byte span in a source file.
    File {
        /// The file.
        file: Arc<SourceFile>,
        /// Byte range within the file.
        span: Range<usize>,
    },
    /// A resource of a live account, by ARN.
    Resource {
        /// The resource's ARN.
        arn: String,
        /// Its region.
        region: String,
    },
    /// A place that has no source text (e.g. a value given on the command line).
    Synthetic {
        /// What it is, for humans.
        label: String,
    },
}

impl Location {
    /// A span in a file.
    pub fn file(file: &Arc<SourceFile>, span: Range<usize>) -> Self {
        Location::File {
            file: Arc::clone(file),
            span,
        }
    }

    /// The file this location is in, if any.
    pub fn source(&self) -> Option<&Arc<SourceFile>> {
        match self {
            Location::File { file, .. } => Some(file),
            Location::Resource { .. } | Location::Synthetic { .. } => None,
        }
    }

    /// The source text the location covers ("" when it has none).
    pub fn text(&self) -> &str {
        match self {
            Location::File { file, span } => file.slice(span),
            Location::Resource { .. } | Location::Synthetic { .. } => "",
        }
    }

    /// A key that orders locations by path, then position.
    pub fn sort_key(&self) -> (String, usize, usize) {
        match self {
            Location::File { file, span } => (file.display.clone(), span.start, span.end),
            // Grouped by region, then resource.
            Location::Resource { arn, region } => (format!("{region} {arn}"), 0, 0),
            Location::Synthetic { label } => (label.clone(), 0, 0),
        }
    }
}
