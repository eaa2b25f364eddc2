//! The problems of one input, collected up to a limit so a user sees several at once.

use comp_core::diag::{Diagnostic, Invalid};

/// Collects the diagnostics of one file, up to a limit, so a user sees several at once.
#[derive(Default)]
pub struct Errors {
    pub diags: Vec<Diagnostic>,
}

impl Errors {
    pub const LIMIT: usize = 10;

    pub fn new() -> Self {
        Errors { diags: Vec::new() }
    }

    /// Records a problem; returns true when the limit is reached and reading should stop.
    pub fn push(&mut self, d: Diagnostic) -> bool {
        self.diags.push(d);
        self.diags.len() >= Self::LIMIT
    }

    pub fn finish<T>(self, value: T) -> Result<T, Invalid> {
        if self.diags.is_empty() {
            Ok(value)
        } else {
            Err(Invalid(self.diags))
        }
    }
}
