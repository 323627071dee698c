//! A progress bar on standard error while regions and services are read. indicatif hides
//! it by itself when standard error is not a terminal; `--quiet` hides it always.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Services read per region (the bar's steps).
pub const SERVICES_PER_REGION: u64 = 10;

/// The bar, or nothing.
#[derive(Clone)]
pub struct Progress(ProgressBar);

impl Progress {
    /// A bar for this many regions; hidden when `quiet`.
    pub fn new(regions: usize, quiet: bool) -> Progress {
        let total = regions as u64 * SERVICES_PER_REGION;
        let bar = if quiet {
            ProgressBar::hidden()
        } else {
            ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr())
        };
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} reading the account {bar:30} {pos}/{len} {wide_msg}",
        ) {
            bar.set_style(style);
        }
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Progress(bar)
    }

    /// Marks one service of a region as read; passes its result through.
    pub fn step<T>(&self, region: &str, value: T, service: &str) -> T {
        self.0.inc(1);
        self.0.set_message(format!("{region}: {service}"));
        value
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.0.finish_and_clear();
    }
}
