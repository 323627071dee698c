//! The `awscc` provider (Cloud Control API): its backup resources carry the CloudFormation
//! schema's properties in snake_case (`backup_plan = { backup_plan_rule = [...] }`), so
//! they are renamed to the schema's names and lowered through [`crate::sources::schema`].

use crate::model::{Dialect, Estate};
use crate::sources::lowering::{At, Res};
use crate::sources::schema;
use crate::sources::value::{EvalAttr, EvalBlock};

use super::super::names;

/// awscc resource types and the CloudFormation types they stand for.
const TYPES: &[(&str, &str)] = &[
    ("awscc_backup_backup_vault", "AWS::Backup::BackupVault"),
    (
        "awscc_backup_logically_air_gapped_backup_vault",
        "AWS::Backup::LogicallyAirGappedBackupVault",
    ),
    ("awscc_backup_backup_plan", "AWS::Backup::BackupPlan"),
    (
        "awscc_backup_backup_selection",
        "AWS::Backup::BackupSelection",
    ),
    (
        "awscc_backup_restore_testing_plan",
        "AWS::Backup::RestoreTestingPlan",
    ),
    (
        "awscc_backup_restore_testing_selection",
        "AWS::Backup::RestoreTestingSelection",
    ),
];

/// Lowers the awscc backup resources of a module.
pub fn lower(resources: &[Res], estate: &mut Estate) {
    let converted: Vec<(&str, EvalBlock, &Res)> = resources
        .iter()
        .filter_map(|r| {
            let (_, cfn) = TYPES.iter().find(|(t, _)| *t == r.kind)?;
            Some((*cfn, schema_block(r.at.block), r))
        })
        .collect();
    if converted.is_empty() {
        return;
    }
    let res: Vec<Res> = converted
        .iter()
        .map(|(kind, block, r)| {
            let mut meta = r.meta.clone();
            meta.dialect = Dialect(names::awscc);
            Res {
                kind,
                at: At {
                    file: r.at.file,
                    block,
                },
                meta,
            }
        })
        .collect();
    schema::lower(&res, estate);
}

/// The schema's name for an awscc attribute: snake_case to PascalCase, with the schema's
/// irregular capitalisations.
fn pascal(key: &str) -> String {
    match key {
        "sns_topic_arn" => "SNSTopicArn".into(),
        _ => key
            .split('_')
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect::<String>())
                    .unwrap_or_default()
            })
            .collect(),
    }
}

/// The block with every attribute and nested block renamed to the schema's names.
fn schema_block(b: &EvalBlock) -> EvalBlock {
    EvalBlock {
        kind: if b.kind == "resource" || b.kind.contains(':') {
            b.kind.clone()
        } else {
            pascal(&b.kind).into()
        },
        span: b.span,
        header: b.header,
        attrs: b
            .attrs
            .iter()
            .map(|(k, a)| {
                (
                    pascal(k),
                    EvalAttr {
                        value: a.value.clone(),
                        span: a.span,
                        value_span: a.value_span,
                    },
                )
            })
            .collect(),
        blocks: b.blocks.iter().map(schema_block).collect(),
        unknown_blocks: b.unknown_blocks.iter().map(|k| pascal(k)).collect(),
    }
}
