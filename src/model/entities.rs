//! The estate's lists of large entities, each entity held in an allocation of its own.

use std::ops::{Index, IndexMut};

/// A list of entities, each boxed. A big module has tens of thousands of vaults, tables or
/// databases of several hundred bytes each: in one contiguous list they were new memory
/// the size of them all (a fresh mapping while the model is built), whereas one entity at
/// a time fits in the room the evaluation freed. The list reads like a slice of entities.
#[derive(Debug, Clone)]
pub struct Entities<T>(Vec<Box<T>>);

impl<T> Default for Entities<T> {
    fn default() -> Self {
        Entities(Vec::new())
    }
}

impl<T> Entities<T> {
    /// Adds an entity at the end.
    pub fn push(&mut self, entity: T) {
        self.0.push(Box::new(entity));
    }

    /// The number of entities.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The entities in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + ExactSizeIterator + Clone {
        self.0.iter().map(|b| &**b)
    }

    /// The entities in order, to change.
    pub fn iter_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut T> + ExactSizeIterator {
        self.0.iter_mut().map(|b| &mut **b)
    }

    /// The entity at `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<&T> {
        self.0.get(i).map(|b| &**b)
    }

    /// The first entity, if there is one.
    pub fn first(&self) -> Option<&T> {
        self.0.first().map(|b| &**b)
    }

    /// Makes room for `n` more (the list of pointers only).
    pub fn reserve(&mut self, n: usize) {
        self.0.reserve(n);
    }

    /// Gives back spare room in the list of pointers.
    pub fn shrink_to_fit(&mut self) {
        self.0.shrink_to_fit();
    }

    /// Keeps the entities `keep` accepts, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        self.0.retain(|b| keep(b));
    }
}

impl<T> Index<usize> for Entities<T> {
    type Output = T;
    fn index(&self, i: usize) -> &T {
        &self.0[i]
    }
}

impl<T> IndexMut<usize> for Entities<T> {
    fn index_mut(&mut self, i: usize) -> &mut T {
        &mut self.0[i]
    }
}

impl<'a, T> IntoIterator for &'a Entities<T> {
    type Item = &'a T;
    type IntoIter = std::iter::Map<std::slice::Iter<'a, Box<T>>, fn(&'a Box<T>) -> &'a T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|b| &**b)
    }
}

impl<'a, T> IntoIterator for &'a mut Entities<T> {
    type Item = &'a mut T;
    type IntoIter =
        std::iter::Map<std::slice::IterMut<'a, Box<T>>, fn(&'a mut Box<T>) -> &'a mut T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter_mut().map(|b| &mut **b)
    }
}

impl<T> IntoIterator for Entities<T> {
    type Item = T;
    type IntoIter = std::iter::Map<std::vec::IntoIter<Box<T>>, fn(Box<T>) -> T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter().map(|b| *b)
    }
}

impl<T> FromIterator<T> for Entities<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Entities(iter.into_iter().map(Box::new).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::Entities;

    #[test]
    fn reads_like_the_list_it_was_made_from() {
        let mut e: Entities<u32> = [3, 1, 2].into_iter().collect();
        e.push(7);
        assert_eq!(e.len(), 4);
        assert_eq!(e[1], 1);
        e[1] = 5;
        e.retain(|n| *n != 2);
        assert_eq!(e.iter().copied().collect::<Vec<_>>(), [3, 5, 7]);
        assert_eq!(
            (&e).into_iter().rev().copied().collect::<Vec<_>>(),
            [7, 5, 3]
        );
        for n in &mut e {
            *n += 1;
        }
        assert_eq!(e.first(), Some(&4));
        assert_eq!(e.get(2), Some(&8));
        assert_eq!(e.get(3), None);
        assert!(!e.is_empty());
        assert_eq!(e.into_iter().collect::<Vec<_>>(), [4, 6, 8]);
    }
}
