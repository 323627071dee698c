//! The fuzzer's parts: a seeded generator, mutators and grammars.

pub mod cfn;
pub mod hcl;
pub mod mutate;
pub mod rng;
pub mod tfplan;
