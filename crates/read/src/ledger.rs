//! Reading the payout ledger `comp close` appends to: its rows, checked against the workspace's
//! currency.

use crate::csv_input::{csv_error, locate_in_bytes};
use crate::Errors;
use comp_core::data::{Ledger, LedgerRow, LEDGER_HEADER as HEADER};
use comp_core::diag::{Diagnostic, Invalid, Location};
use comp_core::period::{FiscalStart, Period};
use comp_core::workspace::Workspace;
use rust_decimal::Decimal;
use std::path::Path;
use std::str::FromStr;

const AMOUNT: usize = 4;
const CURRENCY: usize = 5;

/// Reads the workspace's ledger; a ledger that does not exist yet, or is empty, has no rows.
pub fn load(ws: &Workspace) -> Result<Ledger, Invalid> {
    read(&ws.ledger, ws.fiscal, &ws.currency)
}

/// Reads a ledger and checks its currency column.
pub fn read(path: &Path, fiscal: FiscalStart, currency: &str) -> Result<Ledger, Invalid> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => {
            return Err(
                Diagnostic::new(format!("cannot read the ledger {}: {e}", path.display())).into(),
            )
        }
    };
    // an empty file (created by hand, or by a tool that truncates) is an empty ledger: the next
    // close writes the header
    if bytes.is_empty() {
        return Ok(Ledger::empty(path));
    }
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes.as_slice());
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
        let pos = record
            .position()
            .cloned()
            .unwrap_or_else(csv::Position::new);
        let stop = match row(&record, fiscal, currency) {
            Ok(r) => {
                ledger.push(r);
                false
            }
            Err((column, message, hint)) => errors.push(
                Diagnostic::new(message)
                    .at(locate_in_bytes(path, &bytes, &pos, column, b','))
                    .hint(hint),
            ),
        };
        if stop {
            break;
        }
    }
    errors.finish(ledger)
}

/// A row of payments, or the column that does not read, why, and what to do.
fn row(
    record: &csv::StringRecord,
    fiscal: FiscalStart,
    currency: &str,
) -> Result<LedgerRow, (usize, String, &'static str)> {
    let does_not_read = |column: usize, what: &str| {
        (
            column,
            format!(
                "a ledger row whose {what} does not read: \"{}\" in column \"{}\"",
                &record[column], HEADER[column]
            ),
            "the ledger is written by comp close; restore it from its last good copy",
        )
    };
    let period = Period::parse(&record[0], fiscal).ok_or_else(|| does_not_read(0, "period"))?;
    let amount = Decimal::from_str(&record[AMOUNT]).map_err(|_| does_not_read(AMOUNT, "amount"))?;
    if &record[CURRENCY] != currency {
        // paid to date adds the ledger's amounts to the workspace's: they must be in its currency
        return Err((
            CURRENCY,
            format!(
                "a ledger row in \"{}\": the workspace pays in {currency}",
                &record[CURRENCY]
            ),
            "the ledger holds what was paid in the workspace's currency: is it another workspace's ledger, or was `currency` changed in comp.toml?",
        ));
    }
    Ok(LedgerRow {
        period,
        payee: record[1].to_string(),
        plan: record[2].to_string(),
        component: record[3].to_string(),
        amount,
    })
}
