//! CloudFormation's names for the settings rule messages mention (resource properties).

use crate::model::{api_name, Setting};

/// The CloudFormation property (or resource attribute) for a setting.
pub fn cloudformation(s: Setting) -> &'static str {
    use Setting::*;
    match s {
        SkipFinalSnapshot => "DeletionPolicy: Delete",
        PointInTimeRecovery => "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled",
        DeleteMarkerReplication => "DeleteMarkerReplication.Status",
        // The resource properties carry the API's names.
        other => api_name(other),
    }
}
