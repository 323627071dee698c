//! lifeboat: audits AWS backup and disaster-recovery posture in Terraform (and, later,
//! CloudFormation and live accounts) and reports what will not work when it is needed.

pub mod check;
pub mod config;
pub mod config_reference;
pub mod docs;
pub mod finding;
pub mod fingerprint;
pub mod fix_run;
pub mod fixes;
pub mod instances;
pub mod model;
pub mod report;
pub mod rules;
pub mod semantics;
pub mod sources;
pub mod suppress;
