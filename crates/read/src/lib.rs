//! comp's readers: the files of a workspace (comp.toml, plans, expectations, CSV sources, the
//! ledger) read into comp-core's model. Everything that touches the file system for input is here.
//!
//! Modules from the bottom up (each imports only modules above it in this list):
//! - `input`: where a source's data comes from (a file, bytes or rows in memory);
//! - `cells`, `errors`, `place`, `progress`: a record's cells, a file's problems, where a cell
//!   is, and the progress of large reads;
//! - `lines`, `chunks`: the fast path and the chunked parallel reader of CSV text;
//! - `csv_input`: a source's headers matched to its mapping, and its cells parsed;
//! - `record_part`, `records`, `roster`, `quotas`, `customers`, `fx`, `ledger`: the readers;
//! - `load`: the one loader over them all.

pub mod atomic_file;
pub mod cells;
pub mod chunks;
pub mod csv_input;
pub mod customers;
pub mod errors;
pub mod expect_files;
pub mod fx;
pub mod input;
pub mod ledger;
pub mod ledger_file;
pub mod lines;
pub mod load;
pub mod place;
pub mod plan_files;
pub mod progress;
pub mod quotas;
pub mod record_part;
pub mod records;
pub mod roster;
pub mod scenario_file;
pub mod seal;
pub mod workspace_file;

#[cfg(test)]
mod test_support;

pub use errors::Errors;
pub use input::{Input, Inputs};
pub use load::{load, load_from, Policy};
