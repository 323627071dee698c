//! A map from names to values for the many small maps evaluation makes: a block's
//! attributes, an object's or a tag map's entries.

use std::collections::BTreeMap;

/// A map's key: held inline up to 24 bytes (attribute names, tag keys), so most keys take
/// no allocation of their own.
pub type Key = compact_str::CompactString;

/// Entries by key, in key order (as a `BTreeMap` orders them). Most maps hold a handful:
/// a sorted vector holds them in a fraction of a B-tree's memory (whose every node has
/// room for eleven), which mattered with hundreds of thousands of them. A map that grows
/// past sixteen entries (a generated one, a `for` expression) moves to a B-tree, so
/// inserting stays logarithmic.
#[derive(Debug, Clone)]
pub enum SortedMap<V> {
    /// Up to sixteen entries, sorted by key.
    Small(Vec<(Key, V)>),
    /// More.
    Large(BTreeMap<Key, V>),
}

/// Most entries a [`SortedMap`] keeps in a sorted vector.
const SMALL: usize = 16;

impl<V> Default for SortedMap<V> {
    fn default() -> Self {
        SortedMap::Small(Vec::new())
    }
}

impl<V: PartialEq> PartialEq for SortedMap<V> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl<V> SortedMap<V> {
    /// An empty map.
    pub fn new() -> Self {
        SortedMap::default()
    }

    /// The value of a key.
    pub fn get(&self, key: &str) -> Option<&V> {
        match self {
            SortedMap::Small(v) => {
                let i = v.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok()?;
                Some(&v[i].1)
            }
            SortedMap::Large(m) => m.get(key),
        }
    }

    /// The value of a key, to change.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        match self {
            SortedMap::Small(v) => {
                let i = v.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok()?;
                Some(&mut v[i].1)
            }
            SortedMap::Large(m) => m.get_mut(key),
        }
    }

    /// True when the key is set.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Sets a key, giving back the value it replaces.
    pub fn insert(&mut self, key: impl Into<Key>, value: V) -> Option<V> {
        let key = key.into();
        match self {
            SortedMap::Small(v) => match v.binary_search_by(|(k, _)| k.as_str().cmp(&key)) {
                Ok(i) => Some(std::mem::replace(&mut v[i].1, value)),
                Err(_) if v.len() >= SMALL => {
                    let mut m: BTreeMap<Key, V> = std::mem::take(v).into_iter().collect();
                    m.insert(key, value);
                    *self = SortedMap::Large(m);
                    None
                }
                Err(i) => {
                    v.insert(i, (key, value));
                    None
                }
            },
            SortedMap::Large(m) => m.insert(key, value),
        }
    }

    /// Removes a key, giving back its value.
    pub fn remove(&mut self, key: &str) -> Option<V> {
        match self {
            SortedMap::Small(v) => {
                let i = v.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok()?;
                Some(v.remove(i).1)
            }
            SortedMap::Large(m) => m.remove(key),
        }
    }

    /// The value of a key, set with `make` first when the key is not set.
    pub fn get_or_insert_with(&mut self, key: &str, make: impl FnOnce() -> V) -> &mut V {
        if let SortedMap::Small(v) = self {
            if v.len() >= SMALL && v.binary_search_by(|(k, _)| k.as_str().cmp(key)).is_err() {
                *self = SortedMap::Large(std::mem::take(v).into_iter().collect());
            }
        }
        match self {
            SortedMap::Large(m) => m.entry(Key::from(key)).or_insert_with(make),
            SortedMap::Small(v) => {
                let i = match v.binary_search_by(|(k, _)| k.as_str().cmp(key)) {
                    Ok(i) => i,
                    Err(i) => {
                        v.insert(i, (Key::from(key), make()));
                        i
                    }
                };
                &mut v[i].1
            }
        }
    }

    /// The keys in order, taken.
    pub fn into_keys(self) -> impl Iterator<Item = Key> {
        self.into_iter().map(|(k, _)| k)
    }

    /// The values in key order, taken.
    pub fn into_values(self) -> impl Iterator<Item = V> {
        self.into_iter().map(|(_, v)| v)
    }

    /// The entries in key order.
    pub fn iter(&self) -> Iter<'_, V> {
        match self {
            SortedMap::Small(v) => Iter::Small(v.iter()),
            SortedMap::Large(m) => Iter::Large(m.iter()),
        }
    }

    /// The keys in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &str> {
        self.iter().map(|(k, _)| k)
    }

    /// The values in key order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> {
        self.iter().map(|(_, v)| v)
    }

    /// The values in key order, to change.
    pub fn values_mut(&mut self) -> Box<dyn Iterator<Item = &mut V> + '_> {
        match self {
            SortedMap::Small(v) => Box::new(v.iter_mut().map(|(_, a)| a)),
            SortedMap::Large(m) => Box::new(m.values_mut()),
        }
    }

    /// Calls `f` on every value, in key order (without the boxed iterator of
    /// [`SortedMap::values_mut`]).
    pub fn for_each_value_mut(&mut self, mut f: impl FnMut(&mut V)) {
        match self {
            SortedMap::Small(v) => v.iter_mut().for_each(|(_, a)| f(a)),
            SortedMap::Large(m) => m.values_mut().for_each(f),
        }
    }

    /// How many entries there are.
    pub fn len(&self) -> usize {
        match self {
            SortedMap::Small(v) => v.len(),
            SortedMap::Large(m) => m.len(),
        }
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Gives back the room no entry takes.
    pub fn shrink_to_fit(&mut self) {
        if let SortedMap::Small(v) = self {
            v.shrink_to_fit();
        }
    }
}

/// The entries of a [`SortedMap`], in key order.
pub enum Iter<'m, V> {
    /// Of a small map.
    Small(std::slice::Iter<'m, (Key, V)>),
    /// Of a large map.
    Large(std::collections::btree_map::Iter<'m, Key, V>),
}

impl<'m, V> Iterator for Iter<'m, V> {
    type Item = (&'m str, &'m V);
    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Iter::Small(i) => i.next().map(|(k, v)| (k.as_str(), v)),
            Iter::Large(i) => i.next().map(|(k, v)| (k.as_str(), v)),
        }
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            Iter::Small(i) => i.size_hint(),
            Iter::Large(i) => i.size_hint(),
        }
    }
}

impl<V> DoubleEndedIterator for Iter<'_, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        match self {
            Iter::Small(i) => i.next_back().map(|(k, v)| (k.as_str(), v)),
            Iter::Large(i) => i.next_back().map(|(k, v)| (k.as_str(), v)),
        }
    }
}

impl<V> ExactSizeIterator for Iter<'_, V> {}

/// The entries of a [`SortedMap`], taken, in key order.
pub enum IntoIter<V> {
    /// Of a small map.
    Small(std::vec::IntoIter<(Key, V)>),
    /// Of a large map.
    Large(std::collections::btree_map::IntoIter<Key, V>),
}

impl<V> Iterator for IntoIter<V> {
    type Item = (Key, V);
    fn next(&mut self) -> Option<Self::Item> {
        match self {
            IntoIter::Small(i) => i.next(),
            IntoIter::Large(i) => i.next(),
        }
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            IntoIter::Small(i) => i.size_hint(),
            IntoIter::Large(i) => i.size_hint(),
        }
    }
}

impl<V> IntoIterator for SortedMap<V> {
    type Item = (Key, V);
    type IntoIter = IntoIter<V>;
    fn into_iter(self) -> IntoIter<V> {
        match self {
            SortedMap::Small(v) => IntoIter::Small(v.into_iter()),
            SortedMap::Large(m) => IntoIter::Large(m.into_iter()),
        }
    }
}

impl<'m, V> IntoIterator for &'m SortedMap<V> {
    type Item = (&'m str, &'m V);
    type IntoIter = Iter<'m, V>;
    fn into_iter(self) -> Iter<'m, V> {
        self.iter()
    }
}

impl<K: Into<Key>, V> FromIterator<(K, V)> for SortedMap<V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut map = SortedMap::new();
        map.extend(iter);
        map
    }
}

impl<K: Into<Key>, V> Extend<(K, V)> for SortedMap<V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl<V> From<BTreeMap<String, V>> for SortedMap<V> {
    fn from(map: BTreeMap<String, V>) -> Self {
        map.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Small and large maps answer alike, in key order, whatever the insertion order.
    #[test]
    fn small_and_large_maps_agree() {
        for n in [0usize, 3, SMALL, SMALL + 1, 200] {
            let keys: Vec<String> = (0..n).rev().map(|i| format!("k{i:03}")).collect();
            let mut map = SortedMap::new();
            for (i, k) in keys.iter().enumerate() {
                assert_eq!(map.insert(k.clone(), i), None);
            }
            if let Some(first) = keys.first() {
                assert_eq!(map.insert(first.clone(), 7), Some(0));
            }
            let reference: BTreeMap<String, usize> =
                map.iter().map(|(k, v)| (k.to_string(), *v)).collect();
            assert_eq!(map.len(), n);
            assert!(map.keys().zip(map.keys().skip(1)).all(|(a, b)| a < b));
            assert_eq!(SortedMap::from(reference.clone()), map);
            for k in &keys {
                assert_eq!(map.get(k), reference.get(k));
            }
            assert_eq!(map.get("missing"), None);
            if let Some(k) = keys.get(1) {
                assert!(map.remove(k).is_some());
                assert!(!map.contains_key(k));
                *map.get_or_insert_with(k, || 99) += 1;
                assert_eq!(map.get(k), Some(&100));
            }
            let taken: Vec<(Key, usize)> = map.clone().into_iter().collect();
            assert_eq!(taken.len(), map.len());
        }
    }
}
