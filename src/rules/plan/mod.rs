//! LB2xx: backup plans.

mod cold_storage_minimum;
mod continuous_rule_invalid;
mod copy_same_region;
mod cross_account_copy_unusable;
mod no_cross_region_copy;
mod no_lifecycle;
mod plan_frequency_below_policy;
mod plan_no_cross_account_copy;
mod retention_below_policy;
mod rule_overlap_shadowed;
mod schedule_invalid;
mod selection_matches_nothing;
mod window_invalid;
mod without_selection;

pub use cold_storage_minimum::ColdStorageMinimum;
pub use continuous_rule_invalid::ContinuousRuleInvalid;
pub use copy_same_region::CopySameRegion;
pub use cross_account_copy_unusable::CrossAccountCopyUnusable;
pub use no_cross_region_copy::NoCrossRegionCopy;
pub use no_lifecycle::NoLifecycle;
pub use plan_frequency_below_policy::PlanFrequencyBelowPolicy;
pub use plan_no_cross_account_copy::PlanNoCrossAccountCopy;
pub use retention_below_policy::RetentionBelowPolicy;
pub use rule_overlap_shadowed::RuleOverlapShadowed;
pub use schedule_invalid::ScheduleInvalid;
pub use selection_matches_nothing::SelectionMatchesNothing;
pub use window_invalid::WindowInvalid;
pub use without_selection::WithoutSelection;
