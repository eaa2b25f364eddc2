//! The generators of synthetic company data: `comp demo`'s workspace of any size (`synthetic`), and
//! the bundled example company, Acme Hygiène (`acme`, run by `cargo run --example gen_acme`).
//!
//! Both are built from the same blocks: the draws (`draw`: ChaCha8 for the demo, a fixed sequence
//! for the committed example), the 2024 calendar (`calendar`), people's and accounts' names
//! (`names`), and the files as a French company's systems export them (`export`: headers, labels,
//! `12 500,00`, quoting). Money is integer cents and dates are days, so a seed writes the same
//! bytes on every platform.

pub mod acme;
mod calendar;
mod draw;
mod export;
mod names;
mod synthetic;

pub use synthetic::{write_workspace, Summary};

/// The files `comp demo` writes into its folder: it refuses a folder holding any of them.
pub const FILES: &[&str] = &[
    "comp.toml",
    "plans/ae-arr.toml",
    "plans/ae-enterprise.toml",
    "plans/sdr.toml",
    "plans/csm-grr.toml",
    "plans/cs-upsell.toml",
    "data/roster.csv",
    "data/quotas.csv",
    "data/deals.csv",
    "data/meetings.csv",
    "data/customers.csv",
    "data/mrr.csv",
    "data/upsells.csv",
];
