//! LB0xx: input problems.

mod invalid_suppression;
mod parse_error;
mod unresolved_reference;
mod unused_suppression;

pub use invalid_suppression::InvalidSuppression;
pub use parse_error::ParseErrorRule;
pub use unresolved_reference::{UnresolvedReference, UNRESOLVED};
pub use unused_suppression::UnusedSuppression;
