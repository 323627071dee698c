//! Indexes that make selection matching near-linear: for each selection, the keys a
//! resource must carry for the selection to possibly select it (a tag pair, a tag key, an
//! address, an ARN's service and resource); for a resource, the selections whose keys it
//! carries. Only candidates are then matched with [`selects`]. Keys are necessary
//! conditions derived from the same semantics `selects` implements, so an index answers
//! exactly what matching every pair would; resources with unknown tags or ARNs are
//! candidates of every selection that keys on them.

use std::collections::HashMap;

use crate::model::{Field, ResourcePattern, Selection, TagCondition, TOKEN_OPEN};

use super::selection::{any, selects, Protected, Tri};

/// Something a resource must have for a selection to possibly select it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key<'s> {
    /// A tag with this key and value (`STRINGEQUALS`).
    Tag(&'s str, &'s str),
    /// A tag with this key (`STRINGLIKE`).
    TagNamed(&'s str),
    /// This resource, named by reference.
    Address(&'s str),
    /// An ARN of this service, whose resource part is this (when the pattern spells it
    /// out) or any.
    Arn(&'s str, Option<&'s str>),
}

/// The keys of a selection, or None when any resource may be selected.
type Keys<'s> = Option<Vec<Key<'s>>>;

fn tag_key(c: &TagCondition) -> Option<Key<'_>> {
    let (op, key, value) = (c.operator.known()?, c.key.known()?, c.value.known()?);
    let key = key.strip_prefix("aws:ResourceTag/").unwrap_or(key);
    match op.as_str() {
        "STRINGEQUALS" => Some(Key::Tag(key, value)),
        "STRINGLIKE" => Some(Key::TagNamed(key)),
        // Negations match resources without the tag: any resource.
        _ => None,
    }
}

fn wild(segment: &str) -> bool {
    segment.contains(['*', '?']) || segment.contains(TOKEN_OPEN)
}

/// The keys of one resource pattern: empty when it can match nothing.
fn pattern_keys(pattern: &ResourcePattern) -> Keys<'_> {
    match pattern {
        ResourcePattern::Resource { address, .. } => Some(vec![Key::Address(address)]),
        ResourcePattern::Unknown => None,
        ResourcePattern::Arn(arn) if arn == "*" => None,
        ResourcePattern::Arn(arn) => {
            let Some(rest) = arn.strip_prefix("arn:") else {
                return Some(Vec::new()); // not an ARN: matches nothing
            };
            let parts: Vec<&str> = rest.splitn(5, ':').collect();
            let [_, service, _, _, resource] = parts[..] else {
                return Some(Vec::new());
            };
            if wild(service) {
                return None;
            }
            Some(vec![Key::Arn(
                service,
                (!wild(resource)).then_some(resource),
            )])
        }
    }
}

/// Union of alternatives: any if one is any.
fn union<'s>(parts: impl IntoIterator<Item = Keys<'s>>) -> Keys<'s> {
    let mut out = Vec::new();
    for p in parts {
        out.extend(p?);
    }
    Some(out)
}

/// The keys of a selection, following `selects`: the resources branch and the ANDed
/// conditions narrow, the ORed `selection_tag` entries add, nothing named selects all.
fn selection_keys(s: &Selection) -> Keys<'_> {
    let resources = match &s.resources {
        Field::Known { value, .. } if value.is_empty() => None,
        Field::Known { value, .. } => Some(union(value.iter().map(pattern_keys))),
        Field::Unknown { .. } => Some(None),
        Field::Absent { .. } => None,
    };
    let conditions = if s.conditions.items.is_empty() && s.conditions.complete {
        None
    } else {
        // Every condition must hold: any one keyed condition is a necessary key.
        Some(s.conditions.iter().find_map(tag_key).map(|k| vec![k]))
    };
    let narrowed = match (resources, conditions) {
        (None, None) => None,
        (Some(k), None) | (None, Some(k)) => Some(k),
        (Some(r), Some(c)) => Some(r.or(c)),
    };
    let tags = if s.tags.items.is_empty() && s.tags.complete {
        None
    } else if !s.tags.complete {
        Some(None)
    } else {
        Some(union(s.tags.iter().map(|c| tag_key(c).map(|k| vec![k]))))
    };
    match (narrowed, tags) {
        (None, None) => None,
        (Some(k), None) | (None, Some(k)) => k,
        (Some(n), Some(t)) => union([n, t]),
    }
}

/// Lists of ids under keys, with ids that go with every key of a kind.
#[derive(Default)]
struct Postings<'s> {
    tag: HashMap<(&'s str, &'s str), Ids>,
    tag_key: HashMap<&'s str, Ids>,
    address: HashMap<&'s str, Ids>,
    /// By `service:resource` (owned: resources' ARNs are built, not borrowed).
    arn_exact: HashMap<CompactString, Ids>,
    arn_service: HashMap<String, Ids>,
}

type CompactString = compact_str::CompactString;

/// The ids under one key. Most keys of a resource index (its address, its exact ARN)
/// have one id: held without an allocation of its own, as every resource of a big scan
/// has such keys.
#[derive(Default)]
enum Ids {
    #[default]
    Empty,
    One([usize; 1]),
    Many(Vec<usize>),
}

impl Ids {
    fn push(&mut self, id: usize) {
        match self {
            Ids::Empty => *self = Ids::One([id]),
            Ids::One([first]) => *self = Ids::Many(vec![*first, id]),
            Ids::Many(ids) => ids.push(id),
        }
    }
}

impl AsRef<[usize]> for Ids {
    fn as_ref(&self) -> &[usize] {
        match self {
            Ids::Empty => &[],
            Ids::One(one) => one,
            Ids::Many(ids) => ids,
        }
    }
}

/// The key of an exact ARN posting (held inline when short, as most are).
fn exact(service: &str, resource: &str) -> CompactString {
    compact_str::format_compact!("{service}:{resource}")
}

impl<'s> Postings<'s> {
    fn add(&mut self, key: &Key<'s>, id: usize) {
        let list = match *key {
            Key::Tag(k, v) => self.tag.entry((k, v)).or_default(),
            Key::TagNamed(k) => self.tag_key.entry(k).or_default(),
            Key::Address(a) => self.address.entry(a).or_default(),
            Key::Arn(s, Some(r)) => self.arn_exact.entry(exact(s, r)).or_default(),
            Key::Arn(s, None) => self.arn_service.entry(s.to_string()).or_default(),
        };
        list.push(id);
    }
}

fn get<'a, K, Q, V>(map: &'a HashMap<K, V>, key: &Q) -> &'a [usize]
where
    K: std::borrow::Borrow<Q> + std::hash::Hash + Eq,
    Q: std::hash::Hash + Eq + ?Sized,
    V: AsRef<[usize]>,
{
    map.get(key).map_or(&[], AsRef::as_ref)
}

/// The selections of a scan (or a unit), indexed by what a resource needs to be selected.
pub struct SelectionIndex<'s> {
    selections: Vec<&'s Selection>,
    keyed: Postings<'s>,
    /// Selections keyed on a tag: candidates for every resource whose tags are unknown.
    on_tags: Vec<usize>,
    /// Selections keyed on an exact ARN, by service: candidates for every resource of the
    /// service whose ARN is unknown.
    on_arn: HashMap<String, Vec<usize>>,
    /// Selections that may select any resource.
    anything: Vec<usize>,
}

impl<'s> SelectionIndex<'s> {
    /// Indexes the selections.
    pub fn new(selections: impl IntoIterator<Item = &'s Selection>) -> Self {
        let mut index = SelectionIndex {
            selections: selections.into_iter().collect(),
            keyed: Postings::default(),
            on_tags: Vec::new(),
            on_arn: HashMap::new(),
            anything: Vec::new(),
        };
        for (i, s) in index.selections.iter().enumerate() {
            let Some(keys) = selection_keys(s) else {
                index.anything.push(i);
                continue;
            };
            let mut on_tags = false;
            for key in &keys {
                index.keyed.add(key, i);
                match key {
                    Key::Tag(..) | Key::TagNamed(_) => on_tags = true,
                    Key::Arn(service, Some(_)) => {
                        index.on_arn.entry(service.to_string()).or_default().push(i)
                    }
                    _ => {}
                }
            }
            if on_tags {
                index.on_tags.push(i);
            }
        }
        index
    }

    /// How many selections are indexed.
    pub fn len(&self) -> usize {
        self.selections.len()
    }

    /// True when there is no selection.
    pub fn is_empty(&self) -> bool {
        self.selections.is_empty()
    }

    /// The selections that may select the resource, in index order; every other one
    /// certainly does not.
    pub fn candidates(&self, p: &Protected) -> impl Iterator<Item = &'s Selection> + '_ {
        let mut ids: Vec<usize> = self.anything.clone();
        let k = &self.keyed;
        match p.meta.tags.known() {
            Some(tags) => {
                for (key, value) in tags.iter() {
                    ids.extend(get(&k.tag, &(key, value)));
                    ids.extend(get(&k.tag_key, &key));
                }
            }
            None => ids.extend(&self.on_tags),
        }
        ids.extend(get(&k.address, &&*p.meta.address));
        let service = p.class.service;
        ids.extend(get(&k.arn_service, service));
        match p.arn()[4] {
            Some(resource) => ids.extend(get(&k.arn_exact, exact(service, resource).as_str())),
            None => ids.extend(get(&self.on_arn, service)),
        }
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter().map(|i| self.selections[i])
    }

    /// Does any indexed selection select the resource?
    pub fn covers(&self, p: &Protected) -> Tri {
        any(self.candidates(p).map(|s| selects(s, p)))
    }
}

/// The protectable resources of a scan, indexed by tag, address and ARN, for finding the
/// resources a selection may select.
pub struct ResourceIndex<'s> {
    resources: Vec<Protected<'s>>,
    keyed: Postings<'s>,
    unknown_tags: Vec<usize>,
    unknown_arn: HashMap<String, Vec<usize>>,
}

impl<'s> ResourceIndex<'s> {
    /// Indexes the resources.
    pub fn new(resources: Vec<Protected<'s>>) -> Self {
        let mut keyed = Postings::default();
        let mut unknown_tags = Vec::new();
        let mut unknown_arn: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in resources.iter().enumerate() {
            let meta = p.meta;
            match meta.tags.known() {
                Some(tags) => {
                    for (key, value) in tags.iter() {
                        keyed.add(&Key::Tag(key, value), i);
                        keyed.add(&Key::TagNamed(key), i);
                    }
                }
                None => unknown_tags.push(i),
            }
            keyed.add(&Key::Address(&meta.address), i);
            let service = p.class.service;
            keyed
                .arn_service
                .entry(service.to_string())
                .or_default()
                .push(i);
            match p.arn()[4] {
                Some(r) => keyed
                    .arn_exact
                    .entry(exact(service, r))
                    .or_default()
                    .push(i),
                None => unknown_arn.entry(service.to_string()).or_default().push(i),
            }
        }
        ResourceIndex {
            resources,
            keyed,
            unknown_tags,
            unknown_arn,
        }
    }

    /// How many resources are indexed.
    pub fn len(&self) -> usize {
        self.resources.len()
    }

    /// True when there is no resource.
    pub fn is_empty(&self) -> bool {
        self.resources.is_empty()
    }

    /// Could the selection select any indexed resource? `No` only when it certainly
    /// selects none.
    pub fn selected_by(&self, s: &Selection) -> Tri {
        let ids: Vec<usize> = match selection_keys(s) {
            None => (0..self.resources.len()).collect(),
            Some(keys) => {
                let k = &self.keyed;
                let mut ids = Vec::new();
                let mut on_tags = false;
                for key in &keys {
                    match *key {
                        Key::Tag(a, b) => ids.extend(get(&k.tag, &(a, b))),
                        Key::TagNamed(a) => ids.extend(get(&k.tag_key, &a)),
                        Key::Address(a) => ids.extend(get(&k.address, &a)),
                        Key::Arn(s, None) => ids.extend(get(&k.arn_service, s)),
                        Key::Arn(s, Some(r)) => {
                            ids.extend(get(&self.unknown_arn, s));
                            ids.extend(get(&k.arn_exact, exact(s, r).as_str()));
                        }
                    }
                    on_tags |= matches!(key, Key::Tag(..) | Key::TagNamed(_));
                }
                if on_tags {
                    ids.extend(&self.unknown_tags);
                }
                ids.sort_unstable();
                ids.dedup();
                ids
            }
        };
        any(ids.into_iter().map(|i| selects(s, &self.resources[i])))
    }
}

#[cfg(test)]
mod tests {
    use super::{ResourceIndex, SelectionIndex};
    use crate::semantics::selection::{any, protectable, selects, Tri};

    /// Over every fixture (and the examples), the indexes answer exactly what matching
    /// every (selection, resource) pair answers.
    #[test]
    fn indexes_agree_with_matching_every_pair() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let paths = vec![root.join("fixtures"), root.join("examples")];
        let inputs = crate::sources::read(&paths, &Default::default());
        let estates = &inputs.estates;
        let selections: Vec<_> = estates.iter().flat_map(|e| &e.selections).collect();
        let resources: Vec<_> = estates.iter().flat_map(protectable).collect();
        assert!(
            selections.len() > 50 && resources.len() > 200,
            "too few to compare"
        );
        let by_selection = SelectionIndex::new(selections.iter().copied());
        let mut selected = 0;
        for p in &resources {
            let candidates: Vec<_> = by_selection.candidates(p).collect();
            for s in &selections {
                let answer = selects(s, p);
                if answer != Tri::No {
                    selected += 1;
                    assert!(
                        candidates.iter().any(|c| std::ptr::eq(*c, *s)),
                        "{} may select {} ({answer:?}) but is no candidate",
                        s.meta.address,
                        p.meta.address
                    );
                }
            }
        }
        assert!(selected > 100, "too few matches to compare: {selected}");
        let by_resource = ResourceIndex::new(estates.iter().flat_map(protectable).collect());
        for s in &selections {
            let every = any(resources.iter().map(|p| selects(s, p)));
            assert_eq!(by_resource.selected_by(s), every, "{}", s.meta.address);
        }
    }
}
