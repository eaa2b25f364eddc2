//! JSON: the whole report, statements and reconciliation, with decimals as strings so no reader
//! turns money into binary floating point.

use crate::report::CalcReport;
use std::io::{self, Write};

pub fn report<W: Write>(report: &CalcReport, mut out: W) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut out, report)?;
    writeln!(out)
}
