//! The whole scan as rules see it: every unit, plus indexes over all of them that are
//! built once (on first use) instead of once per unit, so that rules whose answer depends
//! on other units stay near-linear in the size of the scan.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::model::{Estate, Field, Target, TOKEN_OPEN};

use super::selection::protectable;
use super::selection_index::{ResourceIndex, SelectionIndex};
use super::watchers::{alarm_watches, rule_watches, Failure};
use super::Tri;

/// Every unit of the scan, with shared indexes.
pub struct Scan<'s> {
    estates: &'s [Estate],
    selections: OnceLock<SelectionIndex<'s>>,
    resources: OnceLock<ResourceIndex<'s>>,
    replicas: OnceLock<Replicas<'s>>,
    watchers: [OnceLock<HashMap<(&'s str, &'s str), Tri>>; 2],
    selections_unknown: bool,
    monitoring_unknown: bool,
}

/// Which buckets replication rules point at, across the scan.
struct Replicas<'s> {
    /// Per unit: the indexes of its buckets its own rules replicate into, and whether a
    /// rule of the unit points somewhere unresolved.
    own: Vec<(HashSet<usize>, bool)>,
    /// Bucket names destinations outside their unit name literally, with those units.
    named: HashMap<&'s str, Vec<usize>>,
    /// Destinations built around unresolved values, with their unit.
    symbolic: Vec<(usize, &'s str)>,
}

impl<'s> Scan<'s> {
    /// The scan of these units.
    pub fn new(estates: &'s [Estate]) -> Self {
        Scan {
            estates,
            selections: OnceLock::new(),
            resources: OnceLock::new(),
            replicas: OnceLock::new(),
            watchers: [OnceLock::new(), OnceLock::new()],
            selections_unknown: estates.iter().any(|e| e.selections_unknown),
            monitoring_unknown: estates.iter().any(|e| e.monitoring_unknown),
        }
    }

    /// Every unit.
    pub fn estates(&self) -> &'s [Estate] {
        self.estates
    }

    /// Could some unit's selections not be read (so any resource may be selected)?
    pub fn selections_unknown(&self) -> bool {
        self.selections_unknown
    }

    /// Could some unit's monitoring not be read?
    pub fn monitoring_unknown(&self) -> bool {
        self.monitoring_unknown
    }

    /// The position of a unit in the scan.
    fn position(&self, estate: &Estate) -> Option<usize> {
        let at = estate as *const Estate as usize;
        let start = self.estates.as_ptr() as usize;
        let size = std::mem::size_of::<Estate>().max(1);
        let i = at.checked_sub(start)? / size;
        (i < self.estates.len() && std::ptr::eq(&self.estates[i], estate)).then_some(i)
    }

    /// Every selection of the scan, indexed.
    pub fn selections(&self) -> &SelectionIndex<'s> {
        self.selections
            .get_or_init(|| SelectionIndex::new(self.estates.iter().flat_map(|e| &e.selections)))
    }

    /// Every protectable resource of the scan, indexed.
    pub fn resources(&self) -> &ResourceIndex<'s> {
        self.resources
            .get_or_init(|| ResourceIndex::new(self.estates.iter().flat_map(protectable).collect()))
    }

    /// Watchers of the failure that are known to run in an account and region (alarms
    /// and EventBridge rules with both known), by (account, region).
    pub fn placed_watchers(&self, f: Failure) -> &HashMap<(&'s str, &'s str), Tri> {
        self.watchers[f as usize].get_or_init(|| {
            let mut out: HashMap<(&str, &str), Tri> = HashMap::new();
            for e in self.estates {
                let alarms = e.alarms.iter().map(|a| (&a.meta, alarm_watches(a, f)));
                let rules = e.event_rules.iter().map(|r| (&r.meta, rule_watches(r, f)));
                for (meta, tri) in alarms.chain(rules) {
                    if let (Some(account), Some(region)) =
                        (meta.account.known(), meta.region.known())
                    {
                        let slot = out.entry((account, region)).or_insert(Tri::No);
                        *slot = slot.or(tri);
                    }
                }
            }
            out
        })
    }

    fn replicas(&self) -> &Replicas<'s> {
        self.replicas.get_or_init(|| {
            let mut named: HashMap<&str, Vec<usize>> = HashMap::new();
            let mut symbolic = Vec::new();
            let own = self
                .estates
                .iter()
                .enumerate()
                .map(|(unit, e)| {
                    let mut targets = HashSet::new();
                    let mut doubt = false;
                    for b in &e.buckets {
                        doubt |= !b.replication.complete;
                        for r in b
                            .replication
                            .iter()
                            .filter(|r| super::replication::replicates(r))
                        {
                            match &r.destination {
                                Field::Known {
                                    value: Target::Entity(i),
                                    ..
                                } => {
                                    targets.insert(*i);
                                }
                                Field::Known {
                                    value: Target::External(e),
                                    ..
                                } => {
                                    if let Some(n) = &e.name {
                                        named.entry(n.as_str()).or_default().push(unit);
                                    }
                                }
                                Field::Unknown { expr, .. } => {
                                    doubt = true;
                                    if expr.contains(TOKEN_OPEN) {
                                        symbolic.push((unit, &**expr));
                                    }
                                }
                                Field::Absent { .. } => {}
                            }
                        }
                    }
                    (targets, doubt)
                })
                .collect();
            Replicas {
                own,
                named,
                symbolic,
            }
        })
    }

    /// Is the bucket at `idx` of `estate` a replica (some bucket replicates into it)?
    /// `Maybe` when a replication rule of its unit points somewhere unresolved (then no
    /// bucket of the unit is claimed to be no destination), or a destination in another
    /// unit, built around unresolved values, may name it. A destination named by a
    /// literal in another unit counts too.
    pub fn replica_of(&self, estate: &Estate, idx: usize) -> Tri {
        let Some(unit) = self.position(estate) else {
            return Tri::Maybe;
        };
        let facts = self.replicas();
        let (targets, doubt) = &facts.own[unit];
        if targets.contains(&idx) {
            return Tri::Yes;
        }
        let bucket = estate.buckets.get(idx);
        let name = bucket.and_then(|b| b.name.known());
        if name
            .and_then(|n| facts.named.get(n.as_str()))
            .is_some_and(|units| units.iter().any(|u| *u != unit))
        {
            return Tri::Yes;
        }
        if *doubt {
            return Tri::Maybe;
        }
        let may_be = facts.symbolic.iter().any(|(u, expr)| {
            *u != unit && bucket.is_some_and(|b| super::replication::may_be_named(&b.name, expr))
        });
        if may_be {
            Tri::Maybe
        } else {
            Tri::No
        }
    }
}

impl std::ops::Deref for Scan<'_> {
    type Target = [Estate];

    fn deref(&self) -> &[Estate] {
        self.estates
    }
}
