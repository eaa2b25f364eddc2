//! Reading the payout ledger `comp close` appends to: its rows, checked against the seals of the
//! closes that wrote them (see [`crate::seal`]) and against the workspace's currency.

use crate::errors::Errors;
use crate::input::Input;
use crate::place::locate_cell;
use crate::seal::{self, Seals};
use comp_core::data::{
    Ledger, LedgerRow, PaidIn, LEDGER_HEADER as HEADER, LEDGER_PAY_COLUMNS as PAY_COLUMNS,
};
use comp_core::diag::{Diagnostic, Invalid, Location};
use comp_core::period::{FiscalStart, Period};
use comp_core::report::LineId;
use comp_core::workspace::Workspace;
use rust_decimal::Decimal;
use std::path::Path;
use std::str::FromStr;

const AMOUNT: usize = 4;
const CURRENCY: usize = 5;
const CLOSED_ON: usize = 6;
/// The columns of a row paid in another currency than the workspace's (rule 26).
const RATE: usize = 7;
const WORKSPACE_AMOUNT: usize = 8;

/// Reads the workspace's ledger, as calc, close, check and explain do: a ledger that does not exist
/// yet, or is empty, has no rows; one whose seals do not match is refused. A ledger written before
/// comp sealed its closes is read with a note (the next close seals it).
pub fn load(ws: &Workspace) -> Result<Ledger, Invalid> {
    let (mut ledger, seals) = read(&ws.ledger, ws.fiscal, &ws.currency)?;
    if let Some(note) = unsealed_note(&ws.ledger, &seals) {
        ledger.notes.push(note);
    }
    Ok(ledger)
}

/// The note for a ledger with rows and no seal: written by a comp from before seals.
pub fn unsealed_note(path: &Path, seals: &Seals) -> Option<String> {
    (seals.count == 0 && seals.rows > 0).then(|| {
        format!(
            "{} has no seal (it was written before comp sealed its closes): its {} row(s) are read as they are, and the next close seals them",
            path.display(),
            seals.rows
        )
    })
}

/// Reads a ledger and checks its seals and its currency column.
pub fn read(path: &Path, fiscal: FiscalStart, currency: &str) -> Result<(Ledger, Seals), Invalid> {
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
        return Ok((Ledger::empty(path), Seals::default()));
    }
    // a row paid in another currency has two more cells (rule 26), also below a header of seven
    // columns written before any payee was paid in another currency
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(bytes.as_slice());
    let headers = reader
        .headers()
        .map_err(|e| crate::place::csv_error(&Input::file(path), e))?
        .clone();
    let full = HEADER.iter().chain(&PAY_COLUMNS).copied();
    if headers.iter().take(HEADER.len()).ne(HEADER.iter().copied())
        || (headers.len() > HEADER.len() && headers.iter().ne(full))
    {
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
    let mut chain = seal::Chain::new();
    // the period and close date of the last row read since the last seal
    let mut last_row: Option<(Period, String)> = None;
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                errors.push(crate::place::csv_error(&Input::file(path), e));
                break;
            }
        }
        let pos = record
            .position()
            .cloned()
            .unwrap_or_else(csv::Position::new);
        if seal::is_seal(&record) {
            if let Err(broken) = chain.seal(&bytes, &pos, &record[AMOUNT]) {
                // every later seal covers this one: the first that does not match is the news
                errors.push(broken_seal(path, &bytes, &record, &pos, &broken));
                return Err(Invalid(errors.diags));
            }
            // the digest covers the lines above; the seal's own period and date (covered by the
            // next seal only) must be those of the close whose rows it ends
            if let Some(d) = last_row
                .take()
                .and_then(|r| unlike_its_close(&record, &r, fiscal))
            {
                errors.push(d.at(locate_in_bytes(path, &bytes, &pos, 0, b',')));
            }
            continue;
        }
        chain.row(&pos);
        let stop = match row(&record, fiscal, currency, pos.line()) {
            Ok(r) => {
                last_row = Some((r.period, record[CLOSED_ON].to_string()));
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
    let (seals, appended) = chain.finish();
    if let Some(pos) = appended {
        let last = seals.last.as_ref().map_or(0, |(line, _)| *line);
        errors.push(
            Diagnostic::new(format!(
                "a ledger row below the last seal (line {last}): it was not written by comp close"
            ))
            .at(locate_in_bytes(path, &bytes, &pos, 0, b','))
            .hint(
                "every close ends its rows with a seal; remove the rows added by hand, or restore the ledger from its last good copy",
            ),
        );
    }
    errors.finish((ledger, seals))
}

/// A row of payments, or the column that does not read, why, and what to do.
fn row(
    record: &csv::StringRecord,
    fiscal: FiscalStart,
    currency: &str,
    line: u64,
) -> Result<LedgerRow, (usize, String, &'static str)> {
    let restore = "the ledger is written by comp close; restore it from its last good copy";
    if record.len() != HEADER.len() && record.len() != HEADER.len() + PAY_COLUMNS.len() {
        return Err((
            0,
            format!(
                "a ledger row of {} cells: a row has {} ({} for a payee paid in another currency)",
                record.len(),
                HEADER.len(),
                HEADER.len() + PAY_COLUMNS.len()
            ),
            restore,
        ));
    }
    let column_name = |column: usize| {
        HEADER
            .iter()
            .chain(&PAY_COLUMNS)
            .nth(column)
            .copied()
            .unwrap_or("")
    };
    let does_not_read = |column: usize, what: &str| {
        (
            column,
            format!(
                "a ledger row whose {what} does not read: \"{}\" in column \"{}\"",
                &record[column],
                column_name(column)
            ),
            restore,
        )
    };
    let period = Period::parse(&record[0], fiscal).ok_or_else(|| does_not_read(0, "period"))?;
    let amount = Decimal::from_str(&record[AMOUNT]).map_err(|_| does_not_read(AMOUNT, "amount"))?;
    let cell = |i: usize| record.get(i).unwrap_or("");
    let paid_in = if &record[CURRENCY] == currency {
        if !cell(RATE).is_empty() || !cell(WORKSPACE_AMOUNT).is_empty() {
            return Err((
                RATE,
                format!(
                    "a ledger row in the workspace's currency ({currency}) with a rate or a workspace amount"
                ),
                "only a row paid in another currency has a rate and a workspace amount; restore the ledger from its last good copy",
            ));
        }
        None
    } else {
        // true-ups, draws and carries subtract what was paid in the workspace currency: a row in
        // another currency must say what it was worth in it (rule 26)
        if cell(RATE).is_empty() || cell(WORKSPACE_AMOUNT).is_empty() {
            let missing = if cell(RATE).is_empty() {
                RATE
            } else {
                WORKSPACE_AMOUNT
            };
            return Err((
                if record.len() > missing { missing } else { CURRENCY },
                format!(
                    "a ledger row in \"{}\" without its {}: the workspace pays in {currency}, and what was paid in another currency is kept with its rate and its amount in {currency}",
                    &record[CURRENCY],
                    if missing == RATE { "rate" } else { "workspace amount" }
                ),
                "a row in another currency has the columns rate and workspace_amount, as comp close writes them: is it another workspace's ledger, or was `currency` changed in comp.toml?",
            ));
        }
        let rate = Decimal::from_str(&record[RATE])
            .ok()
            .filter(|r| *r > Decimal::ZERO)
            .ok_or_else(|| does_not_read(RATE, "rate"))?;
        let worth = Decimal::from_str(&record[WORKSPACE_AMOUNT])
            .map_err(|_| does_not_read(WORKSPACE_AMOUNT, "workspace amount"))?;
        // the amount paid is the workspace amount over the rate, rounded once in the currency:
        // whatever the rounding mode, less than one minor unit away from the exact quotient
        let code = &record[CURRENCY];
        let unit = Decimal::new(1, comp_core::num::minor_unit(code));
        let exact = worth.checked_div(rate);
        if exact.is_none_or(|e| (amount - e).abs() >= unit) {
            return Err((
                AMOUNT,
                format!(
                    "a ledger row paying {amount} {code} for {worth} {currency} at {rate}: that rate gives {}",
                    exact.map_or("nothing computable".to_string(), |e| e.round_dp(6).normalize().to_string())
                ),
                "a row's amount is its workspace amount divided by its rate, rounded once; restore the ledger from its last good copy",
            ));
        }
        return Ok(LedgerRow {
            period,
            payee: record[1].to_string(),
            plan: record[2].to_string(),
            component: LineId::parse(&record[3], fiscal),
            amount: worth,
            paid_in: Some(PaidIn {
                currency: record[CURRENCY].to_string(),
                amount,
                rate,
            }),
            line,
        });
    };
    Ok(LedgerRow {
        period,
        payee: record[1].to_string(),
        plan: record[2].to_string(),
        component: LineId::parse(&record[3], fiscal),
        amount,
        paid_in,
        line,
    })
}

/// Why a seal row is not as its close wrote it, given the close's last row (its plan period and
/// close date): the close's period holds the end of each plan period it closed, its date is the
/// rows', and a seal has no currency.
fn unlike_its_close(
    seal: &csv::StringRecord,
    (period, closed_on): &(Period, String),
    fiscal: FiscalStart,
) -> Option<Diagnostic> {
    let of_close = Period::parse(&seal[0], fiscal).is_some_and(|p| p.contains(period.end()));
    let as_written = of_close && &seal[CLOSED_ON] == closed_on && seal[CURRENCY].is_empty();
    (!as_written).then(|| {
        Diagnostic::new("a seal row changed by hand: its digest matches, its other cells do not")
            .hint(format!(
                "a seal repeats its close's period and date (its rows are of {period}, closed on {closed_on}) and has no payee, plan or currency; restore the ledger from its last good copy"
            ))
    })
}

fn broken_seal(
    path: &Path,
    bytes: &[u8],
    record: &csv::StringRecord,
    pos: &csv::Position,
    broken: &seal::Broken,
) -> Diagnostic {
    // the lines the seal covers that no earlier seal vouches for
    let (first, last) = (broken.intact_through + 1, broken.line - 1);
    let intact = match broken.intact_through {
        0 => String::new(),
        n => format!(" (lines 1 to {n} match the seal on line {n})"),
    };
    let changed = if first > last {
        format!("the seal itself was edited or copied{intact}")
    } else {
        format!("a row of lines {first} to {last} was edited, added, removed or moved{intact}, or the seal itself was edited")
    };
    Diagnostic::new(format!(
        "the ledger was changed after it was sealed: the seal of the {} close, on line {}, does not match the lines above it",
        &record[0], broken.line
    ))
    .at(locate_in_bytes(path, bytes, pos, AMOUNT, b','))
    .hint(format!(
        "{changed}; restore the ledger from its last good copy (docs/format.md shows how to check a seal by hand)"
    ))
}

/// Where a cell of the ledger is, from the bytes already read (only for errors).
fn locate_in_bytes(
    path: &Path,
    bytes: &[u8],
    pos: &csv::Position,
    column: usize,
    delimiter: u8,
) -> Location {
    let input = Input::memory(path, bytes.to_vec());
    locate_cell(&input, Some(pos), column, delimiter)
}
