//! What every frontend's lowering shares: typed three-valued reads out of evaluated
//! blocks ([`At`]), the resource instance being lowered ([`Res`]) and reference resolution
//! by address, name or ARN ([`Resolver`]).

mod read;

use std::collections::HashMap;

use crate::model::{Field, Meta, Target};

pub use read::At;

use crate::sources::value::Value;

/// One evaluated resource instance, ready to lower.
pub struct Res<'b> {
    /// Resource type.
    pub kind: &'b str,
    /// The instance's evaluated body and file.
    pub at: At<'b>,
    /// Identity, region, account, tags.
    pub meta: Meta,
}

/// Finds entities by address or by name (and region) to resolve references.
#[derive(Default)]
pub struct Resolver {
    by_address: HashMap<String, usize>,
    by_name: Vec<(usize, Option<String>, Option<String>)>,
}

impl Resolver {
    /// Registers the entity at index `idx` of its estate list, with its address, name and region.
    pub fn add(&mut self, idx: usize, address: &str, name: &Field<String>, region: &Field<String>) {
        self.by_address.insert(address.to_string(), idx);
        self.by_name
            .push((idx, name.known().cloned(), region.known().cloned()));
    }

    /// Resolves a reference value. `None` means unknown; `kind` is the ARN resource kind
    /// (`backup-vault`, `backup-plan`...) to take the name from.
    pub fn resolve(&self, value: &Value, region_hint: Option<&str>) -> Option<Target> {
        match value {
            Value::Unknown(Some(origin)) => self
                .by_address
                .get(&origin.address)
                .map(|&i| Target::Entity(i)),
            Value::String(s) => {
                let (name, region, account) = match parse_arn(s) {
                    Some(arn) => (arn.name, arn.region, arn.account),
                    None => (s.clone(), None, None),
                };
                let want_region = region.as_deref().or(region_hint);
                let matches: Vec<&(usize, Option<String>, Option<String>)> = self
                    .by_name
                    .iter()
                    .filter(|e| e.1.as_deref() == Some(name.as_str()))
                    .collect();
                let pick = matches
                    .iter()
                    .find(|e| want_region.is_some() && e.2.as_deref() == want_region)
                    .or_else(|| {
                        // Without a region to go by, a unique name match is the entity.
                        matches
                            .first()
                            .filter(|_| region.is_none() && matches.len() == 1)
                    });
                Some(match pick {
                    Some(e) => Target::Entity(e.0),
                    None => Target::External {
                        name: Some(name),
                        region,
                        account,
                    },
                })
            }
            _ => None,
        }
    }

    /// Resolves an attribute of a block into a target field.
    pub fn field(&self, at: &At, key: &str, region_hint: Option<&str>) -> Field<Target> {
        match at.value(key) {
            Field::Known { value, at: loc } => match self.resolve(&value, region_hint) {
                Some(t) => Field::Known { value: t, at: loc },
                None => Field::Unknown {
                    expr: at
                        .attr(key)
                        .map_or_else(String::new, |a| at.file.slice(&a.value_span).to_string()),
                    at: loc,
                },
            },
            Field::Unknown { at, expr } => Field::Unknown { at, expr },
            Field::Absent { owner } => Field::Absent { owner },
        }
    }
}

/// The parts of an ARN we use.
pub struct Arn {
    /// Region (empty in S3 bucket ARNs).
    pub region: Option<String>,
    /// Account id.
    pub account: Option<String>,
    /// The resource name (after the last `:` or `/`).
    pub name: String,
}

/// Parses `arn:partition:service:region:account:resource`.
pub fn parse_arn(s: &str) -> Option<Arn> {
    let rest = s.strip_prefix("arn:")?;
    let parts: Vec<&str> = rest.splitn(5, ':').collect();
    let [_, _, region, account, resource] = parts.as_slice() else {
        return None;
    };
    let name = resource
        .rsplit([':', '/'])
        .next()
        .unwrap_or(resource)
        .to_string();
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
    Some(Arn {
        region: opt(region),
        account: opt(account),
        name,
    })
}
