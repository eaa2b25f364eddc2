//! CLI verbs beyond `calc` and `close`, one module each: they load, call the library and render.

pub mod against;
pub mod cases;
pub mod check;
pub mod curve;
pub mod diff;
pub mod explain;
pub mod init;
pub mod ledger;
pub mod schema;
pub mod whatif;

use clap::ValueEnum;

/// Output formats of the modelling verbs (`diff`, `whatif`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}
