//! Where a copy lands relative to its source: another region, another account, a
//! logically air-gapped vault. One answer for every rule (and the recovery paths) that
//! asks, whether the destination is a vault of the scan or only an ARN.

use crate::model::{Estate, Field, Meta, Target, Vault};

/// Where a copy to a destination lands, seen from its source.
pub struct Reach<'e> {
    /// The destination vault, when it is one of the scan's.
    pub vault: Option<&'e Vault>,
    /// In another region; None when it cannot be told.
    pub other_region: Option<bool>,
    /// In another account; None when it cannot be told.
    pub other_account: Option<bool>,
    /// A logically air-gapped vault (isolated from the source account's credentials).
    pub air_gapped: bool,
}

impl Reach<'_> {
    /// Out of reach of the source account's credentials: another account or an
    /// air-gapped vault.
    pub fn isolated(&self) -> Option<bool> {
        if self.air_gapped {
            Some(true)
        } else {
            self.other_account
        }
    }
}

/// Where a copy from `source` to `dest` lands; None when the destination is unknown.
/// Regions and accounts compare by value when known, else by identity (one provider or
/// template is one region; one set of credentials is one account).
pub fn reach<'e>(estate: &'e Estate, source: &Meta, dest: &Field<Target>) -> Option<Reach<'e>> {
    Some(match dest.known()? {
        Target::Entity(i) => {
            let v = estate.vaults.get(*i)?;
            Reach {
                vault: Some(v),
                other_region: source.same_region(&v.meta).map(|same| !same),
                other_account: source.same_account(&v.meta).map(|same| !same),
                air_gapped: v.air_gapped,
            }
        }
        Target::External(e) => Reach {
            vault: None,
            other_region: e
                .region
                .as_ref()
                .zip(source.region.known())
                .map(|(a, b)| a != b),
            other_account: e
                .account
                .as_deref()
                .and_then(|a| source.is_account(a))
                .map(|same| !same),
            air_gapped: false,
        },
    })
}
