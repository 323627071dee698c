//! A resource instance's identity (address, region, account, tags, whether it exists),
//! made from its evaluated body and what the instances of its block share.

use std::rc::Rc;
use std::sync::Arc;

use crate::model::{Dialect, Field, Location, Meta, SourceFile};
use crate::sources::lowering::At;
use crate::sources::value::EvalBlock;

use super::providers::ProviderConfig;

/// What every instance of one resource block shares for its identity. An instance's
/// identity (a few hundred bytes) is made from it when the first lowering step that reads
/// the instance's kind asks, so that identities are not all held beside all evaluated
/// bodies: that was a big module's peak memory.
pub struct Origin {
    /// The provider configuration the block uses, if configured.
    pub provider: Option<Arc<ProviderConfig>>,
    /// Its `provider = ...` argument's place, if written.
    pub provider_location: Option<Location>,
    /// Whether its instances exist.
    pub exists: Field<bool>,
    /// The provider key it uses (`aws`, `aws.dr`), shared.
    pub pkey: Rc<str>,
    /// The names of its provider configuration and of the credentials that uses: for a
    /// block whose provider no block configures, the unit's names for it and for the
    /// ambient credentials (shared, like a configured provider's).
    pub names: (Arc<str>, Arc<str>),
}

/// An instance's identity, made now or when first asked.
pub enum Identity {
    /// Made (a plan file's resources are made whole).
    Made(Meta),
    /// To be made from the instance's body: its address and its block's [`Origin`].
    Deferred {
        /// The instance address.
        address: Arc<str>,
        /// What its block's instances share.
        origin: Rc<Origin>,
    },
}

impl Identity {
    /// The identity, if made.
    pub fn made(&self) -> Option<&Meta> {
        match self {
            Identity::Made(meta) => Some(meta),
            Identity::Deferred { .. } => None,
        }
    }

    /// Makes the identity from the instance's body, if not made yet.
    pub fn make(&mut self, file: &Arc<SourceFile>, body: &EvalBlock) {
        if let Identity::Deferred { address, origin } = self {
            let meta = origin.identity(Arc::clone(address), file, body);
            *self = Identity::Made(meta);
        }
    }
}

impl Origin {
    /// The identity of the instance at `address` whose evaluated body is `body`.
    fn identity(&self, address: Arc<str>, file: &Arc<SourceFile>, body: &EvalBlock) -> Meta {
        let at = At { file, block: body };
        let provider = self.provider.as_deref();
        let resource_region = at.string("region");
        let region_from_provider = resource_region.is_absent();
        let region = match resource_region {
            Field::Absent { .. } => match provider {
                Some(p) => p.region.clone(),
                None => Field::Unknown {
                    at: self
                        .provider_location
                        .clone()
                        .unwrap_or_else(|| at.header()),
                    expr: format!(
                        "the region of provider `{}` (not configured in this module)",
                        self.pkey
                    )
                    .into(),
                },
            },
            f => f,
        };
        let account = provider.map_or_else(
            || Field::Unknown {
                at: at.header(),
                expr: "the provider's credentials".into(),
            },
            |p| p.account.clone(),
        );
        let tags = super::merge_tags(provider.map(|p| &p.default_tags), at.string_map("tags"));
        let removal = crate::model::Removal::Terraform {
            prevent_destroy: at
                .block("lifecycle")
                .and_then_known(|l| at.with(l).bool("prevent_destroy")),
        };
        Meta::from(crate::model::MetaData {
            address,
            location: at.header(),
            region,
            account,
            provider: Arc::clone(&self.names.0),
            credentials: Arc::clone(&self.names.1),
            region_from_provider,
            tags: tags.map(crate::model::tags),
            exists: self.exists.clone(),
            dialect: Dialect(super::names::terraform),
            removal: Some(removal),
        })
    }
}
