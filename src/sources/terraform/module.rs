//! The declarations of one Terraform module directory, indexed by name.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Body};
use hcl_edit::Span;

use crate::model::SourceFile;

/// A parsed `.tf` file.
pub struct ParsedFile {
    /// The source text.
    pub file: Arc<SourceFile>,
    /// Its syntax tree, with spans; without the blocks in `resources`.
    pub body: Body,
    /// Top-level `resource` blocks kept as text, each parsed when it is evaluated (a
    /// whole file's syntax tree is many times its text, so it is never held at once).
    pub resources: Vec<LazyResource>,
}

/// A top-level `resource` block known by its place, type and name only.
pub struct LazyResource {
    /// From the `resource` keyword to the closing brace.
    pub span: Range<usize>,
    /// Resource type (held inline, as most are).
    pub kind: crate::sources::value::Key,
    /// Resource name (held inline, as most are).
    pub name: crate::sources::value::Key,
}

/// Where a resource declaration's syntax tree comes from.
pub enum DeclBlock<'a> {
    /// The file's tree.
    Parsed(&'a Block),
    /// Its own text, parsed on use.
    Lazy(&'a LazyResource),
}

/// A `resource` block.
pub struct ResourceDecl<'a> {
    /// Resource type, e.g. `aws_backup_vault`.
    pub kind: &'a str,
    /// Resource name, e.g. `production`.
    pub name: &'a str,
    /// Index of the file it is in.
    pub file: usize,
    /// The block.
    pub block: DeclBlock<'a>,
}

impl ResourceDecl<'_> {
    /// Calls `f` with the block's syntax tree, the text its spans index and where that
    /// text starts in the file (0 for the file's own tree; spans of a block parsed on its
    /// own count from its start). None when a lazy block no longer parses (it did when
    /// the file was read).
    pub fn with_block<R>(
        &self,
        file_text: &str,
        f: impl FnOnce(&Block, &str, usize) -> R,
    ) -> Option<R> {
        match &self.block {
            DeclBlock::Parsed(block) => Some(f(block, file_text, 0)),
            DeclBlock::Lazy(lazy) => {
                let text = file_text.get(lazy.span.clone())?;
                let body = hcl_edit::parser::parse_body(text).ok()?;
                let block = body.blocks().next()?;
                Some(f(block, text, lazy.span.start))
            }
        }
    }
}

/// All declarations of a module, borrowed from its parsed files.
pub struct Module<'a> {
    /// The module's files.
    pub files: &'a [ParsedFile],
    /// `variable` blocks by name.
    pub variables: HashMap<&'a str, &'a Block>,
    /// `locals` entries by name, with their file.
    pub locals: HashMap<&'a str, (usize, &'a Expression)>,
    /// `resource` blocks in file order.
    pub resources: Vec<ResourceDecl<'a>>,
    /// Index into `resources` by type, then name.
    pub resource_index: HashMap<&'a str, HashMap<&'a str, usize>>,
    /// `provider` blocks with their file.
    pub providers: Vec<(usize, &'a Block)>,
    /// `module` calls by name, with their file.
    pub module_calls: Vec<(&'a str, usize, &'a Block)>,
    /// `output` values by name.
    pub outputs: HashMap<&'a str, &'a Expression>,
    /// `data "aws_caller_identity" NAME` blocks: what `account_id` names an account by.
    pub caller_identities: Vec<(&'a str, &'a Block)>,
}

fn label(block: &Block, i: usize) -> Option<&str> {
    block.labels.get(i).map(|l| l.as_str())
}

/// The literal `source` of a module call.
pub fn module_source(block: &Block) -> Option<&str> {
    match &block.body.get_attribute("source")?.value {
        Expression::String(s) => Some(s.value().as_str()),
        _ => None,
    }
}

/// Is a module source a local path (loaded from disk relative to the caller)?
pub fn is_local_source(source: &str) -> bool {
    source.starts_with("./") || source.starts_with("../")
}

/// The resource kind (and address prefix) of `data "aws_iam_policy_document"` blocks.
pub const POLICY_DOCUMENT: &str = "data.aws_iam_policy_document";

impl<'a> Module<'a> {
    /// Indexes the top-level blocks of the files.
    pub fn index(files: &'a [ParsedFile]) -> Module<'a> {
        let mut m = Module {
            files,
            variables: HashMap::new(),
            locals: HashMap::new(),
            resources: Vec::new(),
            resource_index: HashMap::new(),
            providers: Vec::new(),
            module_calls: Vec::new(),
            outputs: HashMap::new(),
            caller_identities: Vec::new(),
        };
        // Sized up front from the blocks read lazily (the bulk of a big file): grown by
        // doubling, the declaration list and its index held up to twice their size.
        m.resources
            .reserve(files.iter().map(|pf| pf.resources.len()).sum());
        let mut per_kind: HashMap<&str, usize> = HashMap::new();
        for r in files.iter().flat_map(|pf| &pf.resources) {
            *per_kind.entry(&r.kind).or_default() += 1;
        }
        for (kind, n) in per_kind {
            m.resource_index.entry(kind).or_default().reserve(n);
        }
        for (fi, pf) in files.iter().enumerate() {
            // Blocks read lazily take their place in file order among the others.
            let mut lazy = pf.resources.iter().peekable();
            for block in pf.body.blocks() {
                let at = block.span().map_or(0, |s| s.start);
                while let Some(r) = lazy.next_if(|r| r.span.start < at) {
                    m.add_resource(&r.kind, &r.name, fi, DeclBlock::Lazy(r));
                }
                match block.ident.as_str() {
                    "variable" => {
                        if let Some(name) = label(block, 0) {
                            m.variables.insert(name, block);
                        }
                    }
                    "locals" => {
                        for attr in block.body.attributes() {
                            m.locals.insert(attr.key.as_str(), (fi, &attr.value));
                        }
                    }
                    "resource" => {
                        if let (Some(kind), Some(name)) = (label(block, 0), label(block, 1)) {
                            m.add_resource(kind, name, fi, DeclBlock::Parsed(block));
                        }
                    }
                    "provider" => m.providers.push((fi, block)),
                    "data" if label(block, 0) == Some("aws_caller_identity") => {
                        if let Some(name) = label(block, 1) {
                            m.caller_identities.push((name, block));
                        }
                    }
                    // Policy documents are evaluated like resources (with count, for_each
                    // and dynamic statements) so that a vault policy can read them.
                    "data" if label(block, 0) == Some("aws_iam_policy_document") => {
                        if let Some(name) = label(block, 1) {
                            m.add_resource(POLICY_DOCUMENT, name, fi, DeclBlock::Parsed(block));
                        }
                    }
                    "module" => {
                        if let Some(name) = label(block, 0) {
                            m.module_calls.push((name, fi, block));
                        }
                    }
                    "output" => {
                        if let (Some(name), Some(value)) =
                            (label(block, 0), block.body.get_attribute("value"))
                        {
                            m.outputs.insert(name, &value.value);
                        }
                    }
                    _ => {}
                }
            }
            for r in lazy {
                m.add_resource(&r.kind, &r.name, fi, DeclBlock::Lazy(r));
            }
        }
        m
    }

    fn add_resource(&mut self, kind: &'a str, name: &'a str, file: usize, block: DeclBlock<'a>) {
        self.resource_index
            .entry(kind)
            .or_default()
            .insert(name, self.resources.len());
        self.resources.push(ResourceDecl {
            kind,
            name,
            file,
            block,
        });
    }
}
