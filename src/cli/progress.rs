//! The "walking history" progress bar that `log` and `report` show on a terminal while they
//! read every commit: a long walk should not look like a hang, and nothing is drawn when stderr
//! is not a terminal (CI logs, pipes), so machine-read output stays clean.

use std::io::IsTerminal;

/// A progress bar over the commits of a history walk, or nothing when `wanted` is false or
/// stderr is not a terminal.
pub struct HistoryProgress(Option<indicatif::ProgressBar>);

impl HistoryProgress {
    pub fn new(wanted: bool) -> Self {
        Self((wanted && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} walking history {pos}/{len} commits",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        }))
    }

    /// The walk's callback: `done` of `total` commits read.
    pub fn update(&self, done: usize, total: usize) {
        if let Some(bar) = &self.0 {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    }

    /// Removes the bar before the output is printed.
    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
