//! The progress bar of large reads: what the readers count (`comp_read::progress`), drawn on
//! standard error with indicatif, only when standard error is a terminal and the input is large:
//! silent in pipes, CI and tests.

use comp_read::progress::{Progress, Tally};
use std::io::IsTerminal;
use std::path::Path;

/// Inputs smaller than this are read too fast for a bar to help.
const LARGE: u64 = 32 << 20;

struct Bar;

impl Progress for Bar {
    fn start(&self, name: &Path, bytes: u64) -> Option<Box<dyn Tally>> {
        if bytes < LARGE || !std::io::stderr().is_terminal() {
            return None;
        }
        let bar = indicatif::ProgressBar::new(bytes);
        let style = indicatif::ProgressStyle::with_template(
            "{msg} [{bar:30}] {binary_bytes}/{binary_total_bytes} ({eta})",
        )
        .ok()?
        .progress_chars("=> ");
        bar.set_style(style);
        bar.set_message(format!("reading {}", name.display()));
        Some(Box::new(BarTally(bar)))
    }
}

struct BarTally(indicatif::ProgressBar);

impl Tally for BarTally {
    fn add(&self, bytes: u64) {
        self.0.inc(bytes);
    }

    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

/// Shows the progress of large reads for the rest of the process.
pub fn install() {
    comp_read::progress::install(Box::new(Bar));
}
