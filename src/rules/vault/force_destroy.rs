//! LB105 vault-force-destroy: deleting the vault deletes every recovery point in it.

use crate::model::Estate;
use crate::rules::helpers::flag;
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB105.
pub struct ForceDestroy;

impl Rule for ForceDestroy {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB105
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for v in &estate.vaults {
            if let Some(f) = flag(ctx, &v.meta.address, v.force_destroy.clone(), true, || {
                format!("backup vault {} has force_destroy = true: destroying it deletes all of its recovery points", v.meta.address)
            }) {
                f.headline("destroying the vault deletes its recovery points").label("force_destroy = true").help("remove force_destroy (it defaults to false), so that destroying a vault with recovery points fails instead of deleting them")
                    .fix(match &v.force_destroy {
                        crate::model::Field::Known { at, .. } => crate::fixes::fix(
                            "remove force_destroy".into(),
                            crate::finding::Applicability::Safe,
                            vec![crate::fixes::remove_lines(at)],
                        ),
                        _ => None,
                    });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{cfn, tf};

    #[test]
    fn only_a_known_true_is_reported() {
        let vault = |v: &str| {
            format!("resource \"aws_backup_vault\" \"v\" {{\n  name = \"v\"\n  force_destroy = {v}\n}}\n")
        };
        assert_eq!(tf("LB105", &vault("true")), [3]);
        assert_eq!(tf("LB105", &vault("false")), [0; 0]);
        // Unknown (a variable without a value) is not reported.
        let unknown = format!("variable \"destroy\" {{}}\n{}", vault("var.destroy"));
        assert_eq!(tf("LB105", &unknown), [0; 0]);
        // A variable whose default is true is.
        let defaulted = format!(
            "variable \"destroy\" {{\n  default = true\n}}\n{}",
            vault("var.destroy")
        );
        assert_eq!(tf("LB105", &defaulted), [6]);
        // CloudFormation has no force_destroy: nothing to report.
        let template = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  V:\n    Type: AWS::Backup::BackupVault\n    Properties:\n      BackupVaultName: v\n";
        assert_eq!(cfn("LB105", template), [0; 0]);
    }
}
