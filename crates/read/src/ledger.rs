//! Reading the payout ledger `comp close` appends to.

use crate::csv_input::{csv_error, locate_cell};
use crate::Errors;
use comp_core::data::{Ledger, LedgerRow, LEDGER_HEADER as HEADER};
use comp_core::diag::{Diagnostic, Invalid, Location};
use comp_core::period::{FiscalStart, Period};
use comp_core::report::LineId;
use rust_decimal::Decimal;
use std::path::Path;
use std::str::FromStr;

/// Reads the ledger; a ledger that does not exist yet is empty.
pub fn load(path: &Path, fiscal: FiscalStart) -> Result<Ledger, Invalid> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Ledger::empty(path)),
        Err(e) => {
            return Err(
                Diagnostic::new(format!("cannot read the ledger {}: {e}", path.display())).into(),
            )
        }
    };
    let mut reader = csv::ReaderBuilder::new().from_reader(file);
    let headers = reader.headers().map_err(|e| csv_error(path, e))?.clone();
    if headers.iter().take(HEADER.len()).ne(HEADER.iter().copied()) {
        return Err(
            Diagnostic::new(format!("{} is not a comp ledger", path.display()))
                .at(Location {
                    file: path.to_path_buf(),
                    line: 1,
                    col: 1,
                    snippet: Some((headers.iter().collect::<Vec<_>>().join(","), 1)),
                })
                .hint(format!(
                    "a ledger starts with the header {}",
                    HEADER.join(",")
                ))
                .into(),
        );
    }
    let mut ledger = Ledger::empty(path);
    let mut errors = Errors::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                errors.push(csv_error(path, e));
                break;
            }
        }
        let period = Period::parse(&record[0], fiscal);
        let amount = Decimal::from_str(&record[4]).ok();
        match (period, amount) {
            (Some(period), Some(amount)) => ledger.push(LedgerRow {
                period,
                payee: record[1].to_string(),
                plan: record[2].to_string(),
                component: LineId::parse(&record[3], fiscal),
                amount,
            }),
            (period, _) => {
                // point at the first cell that does not read, as the data files' errors do
                let (column, what) = match period {
                    None => (0, "period"),
                    Some(_) => (4, "amount"),
                };
                let pos = csv::Position::new();
                let pos = record.position().unwrap_or(&pos);
                let d = Diagnostic::new(format!(
                    "a ledger row whose {what} does not read: \"{}\" in column \"{}\"",
                    &record[column], HEADER[column]
                ))
                .at(locate_cell(path, Some(pos), column, b','))
                .hint("the ledger is written by comp close; restore it from its last good copy");
                if errors.push(d) {
                    break;
                }
            }
        }
    }
    errors.finish(ledger)
}
