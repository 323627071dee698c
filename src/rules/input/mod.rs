//! LB0xx: input problems.

mod parse_error;
mod unresolved_reference;

pub use parse_error::ParseErrorRule;
pub use unresolved_reference::{UnresolvedReference, UNRESOLVED};
