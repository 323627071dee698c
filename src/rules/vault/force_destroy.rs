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
                f.headline("destroying the vault deletes its recovery points").label("force_destroy = true").help("remove force_destroy (it defaults to false), so that destroying a vault with recovery points fails instead of deleting them");
            }
        }
    }
}
