//! `--all-regions`: the regions enabled for the account.

use aws_sdk_account::types::RegionOptStatus;

/// The regions the account can use (enabled by default or opted in), sorted.
pub async fn enabled_regions(client: &aws_sdk_account::Client) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut pages = client
        .list_regions()
        .region_opt_status_contains(RegionOptStatus::Enabled)
        .region_opt_status_contains(RegionOptStatus::EnabledByDefault)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| {
            let mut text = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                text = format!("{text}: {s}");
                source = s.source();
            }
            format!(
                "--all-regions needs {} to list the account's regions: {text}",
                super::actions::LIST_REGIONS
            )
        })?;
        out.extend(
            page.regions()
                .iter()
                .filter_map(|r| r.region_name().map(str::to_string)),
        );
    }
    out.sort();
    Ok(out)
}
