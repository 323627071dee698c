//! LB3xx: coverage and objectives.

mod dr_objective_missed;
pub(crate) mod objectives;
mod resource_not_backed_up;
mod retention_objective_missed;
mod rpo_objective_missed;

pub use dr_objective_missed::DrObjectiveMissed;
pub use resource_not_backed_up::ResourceNotBackedUp;
pub use retention_objective_missed::RetentionObjectiveMissed;
pub use rpo_objective_missed::RpoObjectiveMissed;
