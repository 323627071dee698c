//! Recovery points, failed jobs and restore tests.

use std::collections::HashMap;

use super::arn_region;
use crate::model::{Estate, Evidence, FailedJob, Meta, ProtectedResource};
use crate::sources::live::meta;
use crate::sources::live::read::{RegionData, Windows};

/// Lowers the evidence, pointing it at the resources read where it can.
pub fn lower(regions: &[RegionData], windows: Windows, estate: &mut Estate) {
    // Evidence about a resource the audit read points at that resource (same meta, tags).
    let mut known: HashMap<String, Meta> = HashMap::new();
    let metas = estate
        .databases
        .iter()
        .map(|d| &d.meta)
        .chain(estate.tables.iter().map(|t| &t.meta))
        .chain(estate.buckets.iter().map(|b| &b.meta));
    for m in metas {
        known.insert(m.address.to_string(), m.clone());
    }
    let meta_of = |arn: &str, region: &str| -> Meta {
        known
            .get(arn)
            .cloned()
            .unwrap_or_else(|| meta(arn, arn_region(arn, region), None))
    };
    let mut evidence = Evidence {
        observed_at: windows.now,
        lookback_hours: windows.lookback_hours,
        restore_window_days: windows.restore_days,
        ..Evidence::default()
    };
    for r in regions {
        let e = &r.evidence;
        evidence
            .protected
            .extend(e.protected.iter().map(|p| ProtectedResource {
                meta: meta_of(&p.arn, &r.region),
                resource_type: p.resource_type.clone(),
                last_backup: p.last_backup,
            }));
        evidence
            .failed_jobs
            .extend(e.failed_jobs.iter().map(|j| FailedJob {
                meta: meta_of(&j.resource_arn, &r.region),
                kind: j.kind,
                id: j.id.clone(),
                state: j.state.clone(),
                message: j.message.clone(),
                created: j.created,
            }));
        evidence.restore_jobs.extend(e.restores.iter().cloned());
        if !e.restores_read {
            evidence.restore_jobs_unread.insert(r.region.clone());
        }
        for p in &r.restore_plans {
            evidence
                .restore_plan_created
                .insert(p.arn.clone(), p.created);
        }
    }
    estate.evidence = Some(evidence);
}
