//! Three-valued fields: every fact is known (with where it came from), unknown, or absent.

use super::location::Location;

/// A value read from a source: known, unknown (could not be resolved), or absent (not set).
#[derive(Debug, Clone)]
pub enum Field<T> {
    /// The value is known, and `at` is where it was written.
    Known {
        /// The value.
        value: T,
        /// Where the value was written (the attribute or property).
        at: Location,
    },
    /// The source sets it, but to an expression we could not resolve.
    Unknown {
        /// The unresolved expression.
        at: Location,
        /// The expression as written, for messages.
        expr: std::sync::Arc<str>,
    },
    /// The source does not set it; `owner` is the block to add it to.
    Absent {
        /// The enclosing block or resource.
        owner: Location,
    },
}

impl<T> Field<T> {
    /// The known value, if any.
    pub fn known(&self) -> Option<&T> {
        match self {
            Field::Known { value, .. } => Some(value),
            _ => None,
        }
    }

    /// True when the source sets no value.
    pub fn is_absent(&self) -> bool {
        matches!(self, Field::Absent { .. })
    }

    /// True when the value could not be resolved.
    pub fn is_unknown(&self) -> bool {
        matches!(self, Field::Unknown { .. })
    }

    /// Where to point a finding about this field: the value, or the owning block.
    pub fn location(&self) -> &Location {
        match self {
            Field::Known { at, .. } | Field::Unknown { at, .. } => at,
            Field::Absent { owner } => owner,
        }
    }

    /// Maps a known value, keeping unknown and absent as they are.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Field<U> {
        match self {
            Field::Known { value, at } => Field::Known {
                value: f(value),
                at,
            },
            Field::Unknown { at, expr } => Field::Unknown { at, expr },
            Field::Absent { owner } => Field::Absent { owner },
        }
    }

    /// Chains a lookup on a known value; unknown and absent stay as they are.
    pub fn and_then_known<U>(self, f: impl FnOnce(T) -> Field<U>) -> Field<U> {
        match self {
            Field::Known { value, .. } => f(value),
            Field::Unknown { at, expr } => Field::Unknown { at, expr },
            Field::Absent { owner } => Field::Absent { owner },
        }
    }

    /// Chains a lookup on a known value that also needs its location.
    pub fn and_then_known_map<U>(self, f: impl FnOnce(T, Location) -> Field<U>) -> Field<U> {
        match self {
            Field::Known { value, at } => f(value, at),
            Field::Unknown { at, expr } => Field::Unknown { at, expr },
            Field::Absent { owner } => Field::Absent { owner },
        }
    }

    /// Treats absence as a known default (located at the owning block), as AWS does for
    /// optional settings.
    pub fn absent_as(self, default: T) -> Field<T> {
        match self {
            Field::Absent { owner } => Field::Known {
                value: default,
                at: owner,
            },
            other => other,
        }
    }
}

/// A list of nested items (rules, copy actions...) that may be only partly known,
/// e.g. when a `dynamic` block iterates over an unknown collection.
#[derive(Debug, Clone)]
pub struct Items<T> {
    /// The items we could read.
    pub items: Vec<T>,
    /// False when more items may exist that we could not read.
    pub complete: bool,
}

impl<T> Default for Items<T> {
    fn default() -> Self {
        Items {
            items: Vec::new(),
            complete: true,
        }
    }
}

impl<T> Items<T> {
    /// The items read, held in a list of their own length: a list collected from a
    /// filtered iterator starts with room for four, and most plans have one rule, most
    /// rules one copy action and most selections one tag condition.
    pub fn new(items: Vec<T>, complete: bool) -> Self {
        let mut out = Items { items, complete };
        out.shrink_to_fit();
        out
    }

    /// Gives back the room the list grew and does not use (for items pushed one by one).
    pub fn shrink_to_fit(&mut self) {
        self.items.shrink_to_fit();
    }

    /// Iterates over the known items.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }
}
