//! Which resources a backup selection selects, evaluated the way AWS Backup does, with
//! three-valued answers so that unknown tags or ARNs never make a rule fire.
//!
//! AWS Backup semantics (BackupSelection API): `Conditions` entries must all match (AND);
//! `ListOfTags` (`selection_tag`) entries match when any does (OR); `Resources` ARN patterns
//! narrow what `Conditions` apply to (AND); `NotResources` removes resources; a selection
//! that names nothing selects every supported resource.

pub use super::tri::{any, Tri};
use crate::model::{Estate, Field, Items, Meta, ResourcePattern, Selection, TagCondition};
use crate::model::{TOKEN_CLOSE, TOKEN_OPEN};

/// Which entity of its estate a protectable resource is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    /// `Estate::databases[i]`.
    Database(usize),
    /// `Estate::tables[i]`.
    Table(usize),
    /// `Estate::buckets[i]`.
    Bucket(usize),
    /// `Estate::other_backupable[i]`.
    Other(usize),
}

/// A resource AWS Backup can protect, as the selection matcher sees it.
pub struct Protected<'e> {
    /// Which entity it is.
    pub entity: Entity,
    /// The resource.
    pub meta: &'e Meta,
    /// What kind of resource it is (one shared description per kind: the coverage index
    /// holds one of these for every protectable resource).
    pub class: &'static Class,
    /// Its ARN's resource segment, None where unknown (held inline when short, as most
    /// are).
    resource: Option<compact_str::CompactString>,
}

/// A kind of protectable resource.
pub struct Class {
    /// What kind of resource, for messages (e.g. `RDS instance`).
    pub kind: &'static str,
    /// The short kind the configuration names (`rds`, `dynamodb`, `s3`...).
    pub short: &'static str,
    /// The service segment of its ARN.
    pub service: &'static str,
    /// Whether its ARN names a region and an account (an S3 bucket's leaves both empty).
    regional: bool,
}

const fn class(kind: &'static str, short: &'static str, service: &'static str) -> Class {
    Class {
        kind,
        short,
        service,
        regional: true,
    }
}

const RDS_INSTANCE: Class = class("RDS instance", "rds", "rds");
const RDS_CLUSTER: Class = class("Aurora/RDS cluster", "rds", "rds");
// DocumentDB and Neptune clusters have RDS ARNs.
const DOCDB: Class = class("DocumentDB cluster", "docdb", "rds");
const NEPTUNE: Class = class("Neptune cluster", "neptune", "rds");
const REDSHIFT: Class = class("Redshift cluster", "redshift", "redshift");
const FSX: Class = class("FSx file system", "fsx", "fsx");
const TABLE: Class = class("DynamoDB table", "dynamodb", "dynamodb");
const BUCKET: Class = Class {
    regional: false,
    ..class("S3 bucket", "s3", "s3")
};
const EFS: Class = class("EFS file system", "efs", "elasticfilesystem");
const EBS: Class = class("EBS volume", "ebs", "ec2");
const EC2: Class = class("EC2 instance", "ec2", "ec2");
const OTHER: Class = class("AWS Backup resource", "other", "backup");

impl Protected<'_> {
    /// Its ARN, segment by segment (partition, service, region, account, resource); None
    /// where unknown. Made from its identity rather than stored.
    pub fn arn(&self) -> [Option<&str>; 5] {
        let region = self.meta.region.known().map(String::as_str);
        let (region_seg, account_seg) = if self.class.regional {
            (region, self.meta.account.known().map(String::as_str))
        } else {
            (Some(""), Some(""))
        };
        [
            Some(partition(region)),
            Some(self.class.service),
            region_seg,
            account_seg,
            self.resource.as_deref(),
        ]
    }
}

fn partition(region: Option<&str>) -> &'static str {
    match region {
        Some(r) if r.starts_with("cn-") => "aws-cn",
        Some(r) if r.starts_with("us-gov-") => "aws-us-gov",
        _ => "aws",
    }
}

/// Every protectable resource of the estate.
pub fn protectable(estate: &Estate) -> Vec<Protected<'_>> {
    // Sized up front: grown by doubling, the list of a big unit was up to twice its size.
    let mut out = Vec::with_capacity(
        estate.databases.len()
            + estate.tables.len()
            + estate.buckets.len()
            + estate.other_backupable.len(),
    );
    let protected = |entity, meta, class, resource: Option<String>| Protected {
        entity,
        meta,
        class,
        resource: resource.map(Into::into),
    };
    for (i, d) in estate.databases.iter().enumerate() {
        use crate::model::{DatabaseKind, DbService};
        let (class, prefix) = match (d.service, d.kind) {
            (DbService::Rds, DatabaseKind::Instance) => (&RDS_INSTANCE, "db:"),
            (DbService::Rds, DatabaseKind::Cluster) => (&RDS_CLUSTER, "cluster:"),
            (DbService::DocumentDb, _) => (&DOCDB, "cluster:"),
            (DbService::Neptune, _) => (&NEPTUNE, "cluster:"),
            (DbService::Redshift, _) => (&REDSHIFT, "cluster:"),
            // Its ARN ends in an id AWS assigns: unknown before apply.
            (DbService::Fsx, _) => (&FSX, ""),
            // AWS Backup does not protect ElastiCache.
            (DbService::ElastiCache, _) => continue,
        };
        let resource = if prefix.is_empty() {
            None
        } else {
            d.identifier.known().map(|i| format!("{prefix}{i}"))
        };
        out.push(protected(Entity::Database(i), &d.meta, class, resource));
    }
    for (i, t) in estate.tables.iter().enumerate() {
        let resource = t.name.known().map(|n| format!("table/{n}"));
        out.push(protected(Entity::Table(i), &t.meta, &TABLE, resource));
    }
    for (i, b) in estate.buckets.iter().enumerate() {
        let resource = b.name.known().cloned();
        out.push(protected(Entity::Bucket(i), &b.meta, &BUCKET, resource));
    }
    for (i, o) in estate.other_backupable.iter().enumerate() {
        let class = match o.resource_type.as_str() {
            "aws_efs_file_system" => &EFS,
            "aws_ebs_volume" => &EBS,
            "aws_instance" => &EC2,
            _ => &OTHER,
        };
        // Their ARNs end in ids that AWS assigns: unknown before apply.
        out.push(protected(Entity::Other(i), &o.meta, class, None));
    }
    out
}

/// Glob match where `*` matches any run of characters (and `?` one character).
pub fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// Does an ARN pattern match the resource? `*` alone matches everything. Parts written
/// `⟨…⟩` are unresolved: they may match anything, so a match through them is `Maybe`.
fn arn_matches(pattern: &str, p: &Protected) -> Tri {
    if pattern == "*" {
        return Tri::Yes;
    }
    let Some(rest) = pattern.strip_prefix("arn:") else {
        return Tri::No;
    };
    let parts: Vec<&str> = rest.splitn(5, ':').collect();
    if parts.len() != 5 {
        return Tri::No;
    }
    let mut result = Tri::Yes;
    for (pat, seg) in parts.iter().zip(p.arn()) {
        let symbolic = pat.contains(TOKEN_OPEN);
        let pat = if symbolic {
            std::borrow::Cow::Owned(wildcard_tokens(pat))
        } else {
            std::borrow::Cow::Borrowed(*pat)
        };
        result = result.and(match seg {
            Some(s) if glob(&pat, s) && symbolic => Tri::Maybe,
            Some(s) => Tri::from(glob(&pat, s)),
            None if pat.chars().all(|c| c == '*') => Tri::Yes,
            None => Tri::Maybe,
        });
    }
    result
}

/// A pattern with each unresolved `⟨…⟩` part turned into `*`.
fn wildcard_tokens(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(i) = rest.find(TOKEN_OPEN) {
        out.push_str(&rest[..i]);
        out.push('*');
        rest = match rest[i..].find(TOKEN_CLOSE) {
            Some(j) => &rest[i + j + TOKEN_CLOSE.len_utf8()..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

fn pattern_matches(pattern: &ResourcePattern, p: &Protected) -> Tri {
    match pattern {
        ResourcePattern::Arn(arn) => arn_matches(arn, p),
        ResourcePattern::Resource { address, location } => Tri::from(
            **address == *p.meta.address && location.sort_key() == p.meta.location.sort_key(),
        ),
        ResourcePattern::Unknown => Tri::Maybe,
    }
}

fn any_arn(patterns: &Field<Vec<ResourcePattern>>, p: &Protected) -> Option<Tri> {
    match patterns {
        Field::Known { value, .. } if value.is_empty() => None,
        Field::Known { value, .. } => Some(any(value.iter().map(|pat| pattern_matches(pat, p)))),
        Field::Unknown { .. } => Some(Tri::Maybe),
        Field::Absent { .. } => None,
    }
}

/// Does one tag condition hold for a resource's tags?
pub fn tag_condition(c: &TagCondition, tags: &Field<crate::model::Tags>) -> Tri {
    let (Some(op), Some(key), Some(value), Some(tags)) = (
        c.operator.known(),
        c.key.known(),
        c.value.known(),
        tags.known(),
    ) else {
        return Tri::Maybe;
    };
    let key = key.strip_prefix("aws:ResourceTag/").unwrap_or(key);
    let actual = tags.get(key);
    let eq = actual.is_some_and(|a| a == value);
    let like = actual.is_some_and(|a| glob(value, a));
    Tri::from(match op.as_str() {
        "STRINGEQUALS" => eq,
        "STRINGLIKE" => like,
        "STRINGNOTEQUALS" => !eq,
        "STRINGNOTLIKE" => !like,
        _ => return Tri::Maybe,
    })
}

fn tags_any(items: &Items<TagCondition>, tags: &Field<crate::model::Tags>) -> Option<Tri> {
    if items.items.is_empty() && items.complete {
        return None;
    }
    let found = items
        .iter()
        .fold(Tri::No, |acc, c| acc.or(tag_condition(c, tags)));
    Some(if items.complete {
        found
    } else {
        found.or(Tri::Maybe)
    })
}

fn tags_all(items: &Items<TagCondition>, tags: &Field<crate::model::Tags>) -> Option<Tri> {
    if items.items.is_empty() && items.complete {
        return None;
    }
    let all = items
        .iter()
        .fold(Tri::Yes, |acc, c| acc.and(tag_condition(c, tags)));
    Some(if items.complete {
        all
    } else {
        all.and(Tri::Maybe)
    })
}

/// Does the selection select the resource?
pub fn selects(s: &Selection, p: &Protected) -> Tri {
    // A selection only protects resources in its own region (backup plans are regional).
    let same_region = s.meta.same_region(p.meta).map_or(Tri::Maybe, Tri::from);
    let resources = any_arn(&s.resources, p);
    let conditions = tags_all(&s.conditions, &p.meta.tags);
    let narrowed = match (resources, conditions) {
        (None, None) => None,
        (Some(r), None) => Some(r),
        (None, Some(c)) => Some(c),
        (Some(r), Some(c)) => Some(r.and(c)),
    };
    let chosen = match (narrowed, tags_any(&s.tags, &p.meta.tags)) {
        (None, None) => Tri::Yes,
        (Some(n), None) => n,
        (None, Some(t)) => t,
        (Some(n), Some(t)) => n.or(t),
    };
    let excluded = any_arn(&s.not_resources, p).unwrap_or(Tri::No);
    same_region.and(chosen).and(!excluded)
}

#[cfg(test)]
mod tests {
    use super::glob;

    #[test]
    fn glob_matches_like_aws_wildcards() {
        assert!(glob(
            "arn:aws:rds:*:*:db:*",
            "arn:aws:rds:us-east-1:1:db:prod"
        ));
        assert!(glob("prod-*", "prod-db"));
        assert!(glob("*", ""));
        assert!(!glob("prod-*", "dev-db"));
        assert!(glob("a*b*c", "aXXbYYc"));
        assert!(!glob("a*b*c", "aXXbYY"));
    }
}
