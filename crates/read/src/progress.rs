//! Progress of reading large inputs. The readers only count the bytes they have read; whoever
//! shows progress (the `comp` binary draws a bar on a terminal) installs a [`Progress`] once, at
//! start. Nothing installed, nothing is told: libraries, tests and benchmarks stay silent.

use std::path::Path;
use std::sync::OnceLock;

/// Told when a large read starts.
pub trait Progress: Send + Sync {
    /// Reading `name`, `bytes` long, starts: where to count its bytes, or None to say nothing.
    fn start(&self, name: &Path, bytes: u64) -> Option<Box<dyn Tally>>;
}

/// The bytes of one read, counted by the threads reading it.
pub trait Tally: Send + Sync {
    fn add(&self, bytes: u64);
    /// The read is over (whether complete or not).
    fn finish(&self);
}

static PROGRESS: OnceLock<Box<dyn Progress>> = OnceLock::new();

/// Installs what shows progress for the rest of the process; false when one was installed
/// before (it stays).
pub fn install(progress: Box<dyn Progress>) -> bool {
    PROGRESS.set(progress).is_ok()
}

/// The tally of a read of `name` starting now, if anything shows progress.
pub(crate) fn start(name: &Path, bytes: u64) -> Option<Box<dyn Tally>> {
    PROGRESS.get().and_then(|p| p.start(name, bytes))
}
