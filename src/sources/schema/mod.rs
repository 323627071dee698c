//! The CloudFormation resource schema (`AWS::Backup::BackupPlan` and its properties)
//! lowered into the model. CloudFormation templates write it, and so does Terraform's
//! `awscc` provider (Cloud Control: the same properties in snake_case), so both frontends
//! lower through here.

mod lower;
mod names;
mod services;

pub use lower::{lower, tags};
pub use names::cloudformation as setting_name;
