//! LB601 s3-versioning-disabled: overwritten or deleted objects cannot be recovered.

use crate::model::{Estate, Field, Versioning};
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB601.
pub struct VersioningDisabled;

impl Rule for VersioningDisabled {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB601
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for b in &estate.buckets {
            let name = &b.meta.address;
            match b.versioning.clone().absent_as(Versioning::Disabled) {
                Field::Known {
                    value: Versioning::Enabled,
                    ..
                } => {}
                Field::Known { value, at } => {
                    let state = if value == Versioning::Suspended {
                        "suspended"
                    } else {
                        "not enabled"
                    };
                    ctx.report(name, &at, format!("{name} has versioning {state}: an overwrite or delete destroys the only copy of an object (and AWS Backup for S3 requires versioning)")).headline("bucket without versioning").label(format!("versioning {state}")).help("enable versioning (aws_s3_bucket_versioning with status = \"Enabled\" / VersioningConfiguration Status: Enabled)")
                        // Unsafe: versioning keeps every object version (cost) and can
                        // only be suspended afterwards, never turned off.
                        .fix(crate::fixes::fix(
                            "set the versioning status to Enabled".into(),
                            crate::finding::Applicability::Unsafe,
                            vec![crate::fixes::set_value(&at, &crate::fixes::Lit::Str("Enabled".into()))],
                        ));
                }
                f @ Field::Unknown { .. } => ctx.unknown(name, &f),
                Field::Absent { .. } => {} // absent_as() leaves none
            }
        }
    }
}
