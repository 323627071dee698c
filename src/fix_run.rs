//! Applying fixes: choose the fixes a run may apply (safe ones, and unsafe ones when asked),
//! one per span, and compare the scan after them with the scan before ([`Found`]): the
//! command applies them pass after pass in memory and writes the files only when nothing
//! new appears; or it shows the edits as a unified diff without writing.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::finding::{Applicability, Edit, Finding, Fix};
use crate::fixes::apply;
use crate::model::SourceFile;

/// How many check-and-fix passes a run makes at most (a block missing several settings
/// takes a pass for each: every insertion is aligned with what the one before it left).
pub const MAX_PASSES: usize = 8;

/// Which fixes may be applied.
pub fn allowed(fix: &Fix, unsafe_fixes: bool) -> bool {
    match fix.applicability {
        Applicability::Safe => true,
        Applicability::Unsafe => unsafe_fixes,
        Applicability::DisplayOnly => false,
    }
}

/// The fixes of active findings that may be applied, without two touching the same bytes
/// (the first, in report order, wins; the next pass sees the rest again), by file. A fix
/// with an edit in a file `writable` refuses is left out whole.
pub fn choose(
    findings: &[Box<Finding>],
    unsafe_fixes: bool,
    writable: &dyn Fn(&SourceFile) -> bool,
) -> (usize, BTreeMap<PathBuf, FileEdits>) {
    let mut by_file: BTreeMap<PathBuf, FileEdits> = BTreeMap::new();
    let mut chosen = 0;
    for fix in findings
        .iter()
        .filter(|f| f.is_active())
        .filter_map(|f| f.fix.as_ref())
        .filter(|fix| allowed(fix, unsafe_fixes))
        .filter(|fix| fix.edits.iter().all(|e| writable(&e.file)))
    {
        // An edit inside another's replaced bytes clashes, and so does a second insertion
        // at one point: each is aligned with the lines it joins as they are, so the
        // second waits for the next pass, which aligns it with the first.
        let clashes = fix.edits.iter().any(|e| {
            by_file.get(&e.file.path).is_some_and(|fe| {
                fe.edits.iter().any(|o| {
                    o.span.start < e.span.end.max(e.span.start + 1)
                        && e.span.start < o.span.end.max(o.span.start + 1)
                })
            })
        });
        if clashes {
            continue;
        }
        for e in &fix.edits {
            by_file
                .entry(e.file.path.clone())
                .or_insert_with(|| FileEdits {
                    file: Arc::clone(&e.file),
                    edits: Vec::new(),
                })
                .edits
                .push(e.clone());
        }
        chosen += 1;
    }
    (chosen, by_file)
}

/// Why a fix may not be written to `path`, if it may not: only a regular file inside the
/// repository boundary is edited, never through a symbolic link (the file it leads to may
/// be outside, or shared) and never under `.terraform/` (what `terraform init` downloaded
/// and writes over).
pub fn unwritable(
    path: &std::path::Path,
    boundary: &crate::sources::Boundary,
) -> Option<&'static str> {
    let under_terraform = path.components().any(|c| c.as_os_str() == ".terraform");
    let meta = std::fs::symlink_metadata(path).ok();
    if meta.as_ref().is_some_and(|m| m.file_type().is_symlink()) {
        Some("it is a symbolic link, and lifeboat writes fixes only to regular files")
    } else if !meta.is_some_and(|m| m.is_file()) {
        Some("it is not a regular file")
    } else if under_terraform
        || boundary
            .admit(path)
            .is_none_or(|real| real.components().any(|c| c.as_os_str() == ".terraform"))
    {
        Some("it is outside the repository or under .terraform/ (downloaded modules are overwritten by `terraform init`)")
    } else {
        None
    }
}

/// What a scan found, counted by rule, file and resource: a fix must not add to it.
/// (Messages and spans are left out: a fixed value changes the words, an inserted line
/// moves what follows.)
pub struct Found(std::collections::HashMap<(&'static str, String, String), (usize, String)>);

impl Found {
    /// The active findings of a scan, counted.
    pub fn of(findings: &[Box<Finding>]) -> Found {
        let mut counts = std::collections::HashMap::new();
        for f in findings.iter().filter(|f| f.is_active()) {
            let key = (
                f.rule_id,
                f.location.sort_key().0.into_owned(),
                f.resource.as_deref().unwrap_or_default().to_string(),
            );
            let entry = counts.entry(key).or_insert_with(|| {
                let (path, start, _) = f.location.sort_key();
                let line = f
                    .location
                    .source()
                    .map_or(0, |file| file.line_col(start).line);
                (
                    0,
                    format!("{} at {path}:{line}: {}", f.rule_id, f.message()),
                )
            });
            entry.0 += 1;
        }
        Found(counts)
    }

    /// What this scan reports more often than `before` did, one line each.
    pub fn new_since(&self, before: &Found) -> Vec<String> {
        let mut lines: Vec<String> = self
            .0
            .iter()
            .filter(|(key, (n, _))| before.0.get(*key).map_or(0, |b| b.0) < *n)
            .map(|(_, (_, line))| line.clone())
            .collect();
        lines.sort();
        lines
    }
}

/// The edits of one file.
pub struct FileEdits {
    /// The file as it was read.
    pub file: Arc<SourceFile>,
    /// Its edits, none overlapping.
    pub edits: Vec<Edit>,
}

impl FileEdits {
    /// The file's text with its edits applied.
    pub fn new_text(&self) -> Result<String, String> {
        let refs: Vec<&Edit> = self.edits.iter().collect();
        apply(&self.file.text, &refs)
    }

    /// A unified diff of the edits, with two lines of context.
    pub fn diff(&self) -> Result<String, String> {
        let text = &self.file.text;
        let mut edits: Vec<&Edit> = self.edits.iter().collect();
        edits.sort_by_key(|e| e.span.start);
        let line_of = |at: usize| text[..at].matches('\n').count();
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        // Group edits whose context windows touch into hunks.
        let mut groups: Vec<Vec<&Edit>> = Vec::new();
        let mut last_line = None;
        for e in edits {
            let first = line_of(e.span.start);
            match (groups.last_mut(), last_line) {
                (Some(g), Some(l)) if first <= l + 4 => g.push(e),
                _ => groups.push(vec![e]),
            }
            last_line = Some(line_of(e.span.end.max(e.span.start)));
        }
        let name = &self.file.display;
        let sep = if name.starts_with('/') { "" } else { "/" };
        let mut out = format!("--- a{sep}{name}\n+++ b{sep}{name}\n");
        let mut delta: isize = 0;
        for g in groups {
            let first = line_of(g[0].span.start);
            let last = line_of(g.iter().map(|e| e.span.end).max().unwrap_or(0));
            let from = first.saturating_sub(2);
            let to = (last + 3).min(lines.len());
            let start = lines[..from].iter().map(|l| l.len()).sum::<usize>();
            let end = start + lines[from..to].iter().map(|l| l.len()).sum::<usize>();
            let old = &text[start..end];
            let shifted: Vec<Edit> = g
                .iter()
                .map(|e| Edit {
                    file: Arc::clone(&e.file),
                    span: e.span.start - start..e.span.end - start,
                    text: e.text.clone(),
                })
                .collect();
            let new = apply(old, &shifted.iter().collect::<Vec<_>>())?;
            let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
            let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
            // Trim the context both sides share, back to two lines.
            let common_head = old_lines
                .iter()
                .zip(&new_lines)
                .take_while(|(a, b)| a == b)
                .count();
            let common_tail = old_lines[common_head..]
                .iter()
                .rev()
                .zip(new_lines[common_head..].iter().rev())
                .take_while(|(a, b)| a == b)
                .count();
            let (ctx_head, ctx_tail) = (common_head.min(2), common_tail.min(2));
            let skip = common_head - ctx_head;
            let old_body = &old_lines[skip..old_lines.len() - (common_tail - ctx_tail)];
            let new_body = &new_lines[skip..new_lines.len() - (common_tail - ctx_tail)];
            let old_start = from + skip + 1;
            let new_start = (old_start as isize + delta) as usize;
            out.push_str(&format!(
                "@@ -{old_start},{} +{new_start},{} @@\n",
                old_body.len(),
                new_body.len()
            ));
            let line = |prefix: char, l: &str| {
                let l = l.strip_suffix('\n').unwrap_or(l);
                format!("{prefix}{l}\n")
            };
            for l in &old_body[..ctx_head] {
                out.push_str(&line(' ', l));
            }
            for l in &old_body[ctx_head..old_body.len() - ctx_tail] {
                out.push_str(&line('-', l));
            }
            for l in &new_body[ctx_head..new_body.len() - ctx_tail] {
                out.push_str(&line('+', l));
            }
            for l in &old_body[old_body.len() - ctx_tail..] {
                out.push_str(&line(' ', l));
            }
            delta += new_body.len() as isize - old_body.len() as isize;
        }
        Ok(out)
    }
}
