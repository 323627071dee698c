//! What AWS does with the model, shared by the rules: three-valued truth, which resources
//! a backup selection selects (and indexes that make that fast), what watches for failed
//! jobs, which buckets replication makes copies, and the whole scan with its indexes.

pub mod event_pattern;
pub mod objectives;
pub mod reach;
pub mod recovery;
pub mod replication;
pub mod scan;
pub mod selection;
pub mod selection_index;
pub mod tri;
pub mod watchers;

pub use tri::{any, Tri};
