//! LB404 db-skip-final-snapshot: no final snapshot is taken when the database is deleted.

use crate::model::{Estate, Field, Setting};
use crate::rules::helpers::flag;
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB404.
pub struct SkipFinalSnapshot;

/// Terraform: `skip_final_snapshot = false`, with a `final_snapshot_identifier` when there
/// is none (Terraform refuses to destroy the database without one). Unsafe: the snapshot
/// is kept, and paid for, after the database is gone. CloudFormation: `DeletionPolicy:
/// Snapshot`, the RDS default, which is safe.
fn final_snapshot_fix(d: &crate::model::Database) -> Option<crate::finding::Fix> {
    use crate::finding::Applicability;
    use crate::fixes::{self, Lit, Syntax};
    let Field::Known { at, .. } = &d.skip_final_snapshot else {
        return None;
    };
    let syntax = at.source().map(|f| fixes::syntax(f))?;
    if syntax != Syntax::Hcl {
        return fixes::fix(
            "set DeletionPolicy to Snapshot".into(),
            Applicability::Safe,
            vec![fixes::set_value(at, &Lit::Str("Snapshot".into()))],
        );
    }
    let mut edits = vec![fixes::set_value(at, &Lit::Bool(false))];
    let mut applicability = Applicability::Unsafe;
    if let Field::Absent { owner } = &d.final_snapshot_identifier {
        // The name follows the identifier as written: in a module, `var.name` stays
        // `"${var.name}-final"` for each caller, never one caller's value.
        let name = match &d.identifier {
            Field::Known { at, .. } | Field::Unknown { at, .. } => match fixes::written_value(at) {
                Some((written, Syntax::Hcl)) if fixes::is_literal(written, Syntax::Hcl) => d
                    .identifier
                    .known()
                    .map(|id| Lit::Str(format!("{id}-final"))),
                // A template: the suffix goes inside it.
                Some((written, Syntax::Hcl))
                    if written.len() >= 2
                        && written.starts_with('"')
                        && written.ends_with('"')
                        && !written.contains('\n') =>
                {
                    Some(Lit::Expr(format!(
                        "{}-final\"",
                        &written[..written.len() - 1]
                    )))
                }
                Some((written, Syntax::Hcl)) if !written.contains('\n') => {
                    Some(Lit::Expr(format!("\"${{{written}}}-final\"")))
                }
                _ => None,
            },
            Field::Absent { .. } => None,
        };
        match name {
            Some(name) => edits.extend(fixes::insert(owner, &["final_snapshot_identifier"], &name)),
            // AWS names the database: no name to derive the snapshot's from, so a person
            // chooses one.
            None => applicability = Applicability::DisplayOnly,
        }
    }
    fixes::fix(
        "set skip_final_snapshot to false (and name the final snapshot)".into(),
        applicability,
        edits,
    )
}

impl Rule for SkipFinalSnapshot {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB404
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for d in
            super::standalone(estate).filter(|d| !d.is_replica && d.service.has_final_snapshot())
        {
            let name = &d.meta.address;
            let fix = final_snapshot_fix(d);
            if let Some(f) = flag(ctx, name, d.skip_final_snapshot.clone(), true, || {
                format!("deleting {name} takes no final snapshot ({}): nothing is left to restore once automated backups expire", d.meta.name(Setting::SkipFinalSnapshot))
            }) {
                f.headline("no final snapshot on deletion")
                    .label(d.meta.name(Setting::SkipFinalSnapshot).to_string())
                    .help(format!(
                        "set {} = false (with a final_snapshot_identifier on Terraform)",
                        d.meta.name(Setting::SkipFinalSnapshot)
                    ))
                    .fix(fix);
            }
        }
    }
}
