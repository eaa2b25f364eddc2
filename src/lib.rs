//! comp: sales compensation plans as code. This crate is the `comp` command: its arguments
//! (`cli`), its verbs (`commands`) and its outputs (`render`), over the core (`comp_core`: plans,
//! engine, reports; re-exported here) and the readers (`comp_read`: the workspace's files).

pub use comp_core::{
    accrual, curve_view, data, diag, diff, engine, expect, finance, locale, num, period, plan,
    report, schema, source, toml_input, variant, whatif, workspace,
};
pub use comp_read as read;

pub mod cli;
pub mod commands;
pub mod demo;
pub mod output;
pub mod progress;
pub mod render;
pub mod session;
pub mod terminal;
