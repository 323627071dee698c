//! Values shared by every frontend: evaluated values with "unknown" as a first-class
//! value ([`Value`]), where an unknown came from ([`Origin`]), and evaluated blocks with
//! spans ([`EvalBlock`], [`EvalAttr`]). No frontend owns them, so a change to one
//! frontend's evaluator does not ripple into the others.

mod block;
mod map;
#[allow(clippy::module_inception)]
mod value;

pub use block::{header_span, shift_span, value_block, AttrMap, EvalAttr, EvalBlock};
pub use map::{Key, SortedMap};
pub use value::{
    format_number, single_token, ObjectMap, Origin, ResourceValue, SymbolicString, Value,
    TOKEN_CLOSE, TOKEN_OPEN,
};
