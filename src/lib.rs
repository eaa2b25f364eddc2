//! comp: sales compensation plans as code.
//!
//! Data flows one way: files are read into typed inputs (`workspace`, `plan`, `data`), the pure
//! `engine` turns them into plain-data reports (`report`), and `render` writes those as a table, CSV
//! or JSON. Only `cli` and the readers touch the file system.

pub mod chart;
pub mod cli;
pub mod commands;
pub mod curve_view;
pub mod data;
pub mod demo;
pub mod diag;
pub mod diff;
pub mod engine;
pub mod expect;
pub mod ledger_file;
pub mod num;
pub mod par;
pub mod period;
pub mod plan;
pub mod render;
pub mod report;
pub mod schema;
pub mod toml_input;
pub mod whatif;
pub mod workspace;
