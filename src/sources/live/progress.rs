//! A progress bar on standard error while accounts, regions and services are read: readers
//! done out of accounts × regions, and the API calls made so far. indicatif hides it by
//! itself when standard error is not a terminal; `--quiet` hides it always.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Services read per region (the bar's steps).
pub const SERVICES_PER_REGION: u64 = 10;

/// The bar, or nothing.
#[derive(Clone)]
pub struct Progress {
    bar: ProgressBar,
    calls: Arc<AtomicUsize>,
}

impl Progress {
    /// A bar for this many accounts and account × region readers; hidden when `quiet`.
    pub fn new(accounts: usize, readers: usize, quiet: bool) -> Progress {
        let total = readers as u64 * SERVICES_PER_REGION;
        let bar = if quiet {
            ProgressBar::hidden()
        } else {
            ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr())
        };
        let what = if accounts > 1 {
            format!("reading {accounts} accounts")
        } else {
            "reading the account".to_string()
        };
        if let Ok(style) = ProgressStyle::with_template(&format!(
            "{{spinner}} {what} {{bar:30}} {{pos}}/{{len}} {{wide_msg}}"
        )) {
            bar.set_style(style);
        }
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Progress {
            bar,
            calls: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// Marks one service of one reader (`account region`) as read, with the calls it made.
    pub fn step(&self, label: &str, service: &str, calls: usize) {
        let total = self.calls.fetch_add(calls, Ordering::Relaxed) + calls;
        self.bar.inc(1);
        self.bar
            .set_message(format!("{total} calls · {label}: {service}"));
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
