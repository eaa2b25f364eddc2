//! The verbs, one module each, every one the same three steps: load (the workspace and what the
//! request needs, through comp-read), compute (comp-core), render (`crate::render`, written by
//! `crate::output`). Each module holds its verb's arguments.

pub mod accrue;
pub mod against;
pub mod amortize;
pub mod calc;
pub mod cases;
pub mod check;
pub mod close;
pub mod curve;
pub mod demo;
pub mod diff;
pub mod explain;
pub mod init;
pub mod ledger;
pub mod schema;
pub mod whatif;
