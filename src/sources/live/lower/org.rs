//! The accounts' effective backup policies, lowered by the same code as Terraform's and
//! CloudFormation's organization policies: each plan of the document is a backup plan of
//! the account. The document becomes a source file of its own, so findings on it point at
//! the line of the policy that causes them.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use crate::model::{Estate, SourceFile};
use crate::sources::document::{parse_json, Kind, Node};
use crate::sources::live::read::{EffectivePolicy, RegionData};
use crate::sources::lowering::{org_policy, At};
use crate::sources::value::{EvalAttr, EvalBlock, Value};

/// Lowers each account's effective backup policy (read by one region of it). An account whose policy could not
/// be read leaves the estate's selections incomplete, so no rule says a resource is backed
/// up by nothing when an organization plan might select it.
pub fn lower(regions: &[RegionData], estate: &mut Estate) {
    for r in regions {
        match &r.org_policy {
            None | Some(EffectivePolicy::None) => {}
            Some(EffectivePolicy::Unread) => estate.selections_unknown = true,
            Some(EffectivePolicy::Content(text)) => {
                if !document(r.account.as_deref(), text, estate) {
                    estate.selections_unknown = true;
                }
            }
        }
    }
}

/// Lowers one account's document; false when it is not a JSON object.
fn document(account: Option<&str>, text: &str, estate: &mut Estate) -> bool {
    let id = account.unwrap_or_default();
    // `$account` is the account the policy applies to, known here.
    let text = if id.is_empty() {
        text.to_string()
    } else {
        text.replace("$account", id)
    };
    let name = if id.is_empty() {
        "organizations/effective-backup-policy.json".to_string()
    } else {
        format!("organizations/effective-backup-policy-{id}.json")
    };
    let Ok((root, _)) = parse_json(&text) else {
        return false;
    };
    if !matches!(root.kind, Kind::Map(_)) {
        return false;
    }
    let file = Arc::new(SourceFile::new(PathBuf::from(&name), name, text));
    let content = block("content", &root.span, &root);
    let arn = format!("arn:aws:organizations::{id}:policy/effective/backup_policy");
    let mut meta = crate::sources::live::meta(&arn, "global", None);
    meta.location = crate::model::Location::file(&file, root.span.clone());
    if id.is_empty() {
        // The ambient account whose id nothing named: unknown, as the files' policies.
        meta.account = crate::model::Field::Unknown {
            at: meta.location.clone(),
            expr: "the account the policy applies to".into(),
        };
    }
    meta.dialect = crate::model::Dialect(org_policy::setting_name);
    org_policy::lower(
        &meta,
        At {
            file: &file,
            block: &content,
        },
        estate,
    );
    true
}

/// A JSON value as a lowering value.
fn value(node: &Node) -> Value {
    match &node.kind {
        Kind::Null => Value::Null,
        Kind::Bool(b) => Value::Bool(*b),
        Kind::Number(n) => Value::Number(*n),
        Kind::Str(s) => Value::String(s.as_str().into()),
        Kind::Seq(items) => Value::List(items.iter().map(value).collect()),
        Kind::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, _, v)| (k.clone(), value(v)))
                .collect(),
        ),
        Kind::Tagged(_, inner) => value(inner),
    }
}

/// A JSON object as an evaluated block with the document's own spans: members are
/// attributes, object members nested blocks, lists of objects repeated blocks.
fn block(kind: &str, key_span: &Range<usize>, node: &Node) -> EvalBlock {
    let mut out = EvalBlock {
        kind: kind.into(),
        span: (key_span.start.min(node.span.start)..node.span.end).into(),
        header: key_span.clone().into(),
        ..EvalBlock::default()
    };
    let Kind::Map(entries) = &node.kind else {
        return out;
    };
    for (key, span, member) in entries {
        out.attrs.insert(
            key.clone(),
            EvalAttr {
                value: value(member),
                span: (span.start..member.span.end).into(),
                value_span: member.span.clone().into(),
            },
        );
        match &member.kind {
            Kind::Map(_) => out.blocks.push(block(key, span, member)),
            Kind::Seq(items) => out.blocks.extend(
                items
                    .iter()
                    .filter(|i| matches!(i.kind, Kind::Map(_)))
                    .map(|i| block(key, span, i)),
            ),
            _ => {}
        }
    }
    out
}
