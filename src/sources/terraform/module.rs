//! The declarations of one Terraform module directory, indexed by name.

use std::collections::HashMap;
use std::sync::Arc;

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Body};

use crate::model::SourceFile;

/// A parsed `.tf` file.
pub struct ParsedFile {
    /// The source text.
    pub file: Arc<SourceFile>,
    /// Its syntax tree, with spans.
    pub body: Body,
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
    pub block: &'a Block,
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
        for (fi, pf) in files.iter().enumerate() {
            for block in pf.body.blocks() {
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
                            m.resource_index
                                .entry(kind)
                                .or_default()
                                .insert(name, m.resources.len());
                            m.resources.push(ResourceDecl {
                                kind,
                                name,
                                file: fi,
                                block,
                            });
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
                            m.resource_index
                                .entry(POLICY_DOCUMENT)
                                .or_default()
                                .insert(name, m.resources.len());
                            m.resources.push(ResourceDecl {
                                kind: POLICY_DOCUMENT,
                                name,
                                file: fi,
                                block,
                            });
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
        }
        m
    }
}
