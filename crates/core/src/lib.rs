//! comp's core: periods, numbers, plans, the engine and its reports.
//!
//! Nothing here reads a file, prints or knows the command line: readers (comp-read) build the
//! typed inputs (`workspace`, `plan`, `data`), the pure `engine` turns them into plain-data
//! reports (`report`), and the `comp` binary renders those.

pub mod accrual;
pub mod csv_style;
pub mod curve_view;
pub mod data;
pub mod diag;
pub mod diff;
pub mod engine;
pub mod expect;
pub mod finance;
pub mod line_id;
pub mod locale;
pub mod num;
pub mod pay_currency;
pub mod period;
pub mod plan;
pub mod report;
pub mod schema;
pub mod source;
pub mod toml_input;
pub mod variant;
pub mod whatif;
pub mod workspace;
