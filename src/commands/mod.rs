//! Verbs that model pay rather than pay it: `comp diff` and `comp whatif`.

pub mod diff;
pub mod whatif;

use clap::ValueEnum;

/// Output formats of the modelling verbs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}
