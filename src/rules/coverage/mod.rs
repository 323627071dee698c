//! LB3xx: coverage and objectives.

mod resource_not_backed_up;

pub use resource_not_backed_up::ResourceNotBackedUp;
