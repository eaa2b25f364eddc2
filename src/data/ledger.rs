//! The payout ledger: what was paid, per period, payee, plan and component, as closed by `comp close`.
//! Append-only CSV so finance can open it; comp reads it to know what was paid to date and which
//! periods are closed.

use super::csv_input::locate_cell;
use super::{csv_error, Errors};
use crate::diag::{Diagnostic, Invalid, Location};
use crate::period::{FiscalStart, Period};
use rust_decimal::Decimal;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::str::FromStr;

pub const HEADER: [&str; 7] = [
    "period",
    "payee",
    "plan",
    "component",
    "amount",
    "currency",
    "closed_on",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerRow {
    pub period: Period,
    pub payee: String,
    pub plan: String,
    pub component: String,
    pub amount: Decimal,
}

#[derive(Debug, Clone, Default)]
pub struct Ledger {
    pub path: PathBuf,
    rows: Vec<LedgerRow>,
    /// (plan, payee) -> rows
    by_payee: HashMap<(String, String), Vec<usize>>,
    /// plan -> closed periods
    closed: HashMap<String, BTreeSet<Period>>,
}

impl Ledger {
    pub fn empty(path: &Path) -> Ledger {
        Ledger {
            path: path.to_path_buf(),
            ..Ledger::default()
        }
    }

    pub fn from_rows(path: &Path, rows: Vec<LedgerRow>) -> Ledger {
        let mut l = Ledger::empty(path);
        for r in rows {
            l.push(r);
        }
        l
    }

    fn push(&mut self, r: LedgerRow) {
        let i = self.rows.len();
        self.by_payee
            .entry((r.plan.clone(), r.payee.clone()))
            .or_default()
            .push(i);
        self.closed
            .entry(r.plan.clone())
            .or_default()
            .insert(r.period);
        self.rows.push(r);
    }

    pub fn is_closed(&self, plan: &str, period: &Period) -> bool {
        self.closed.get(plan).is_some_and(|s| s.contains(period))
    }

    /// The latest closed period of a plan.
    pub fn last_closed(&self, plan: &str) -> Option<Period> {
        self.closed
            .get(plan)
            .and_then(|s| s.iter().max_by_key(|p| p.end()).copied())
    }

    /// Whether any period of the plan is closed from `start` on.
    pub fn closed_since(&self, plan: &str, start: chrono::NaiveDate) -> bool {
        self.closed
            .get(plan)
            .is_some_and(|s| s.iter().any(|p| p.end() >= start))
    }

    /// Whether a period of the plan ending between `start` and `end` (inclusive) is closed.
    pub fn closed_within(
        &self,
        plan: &str,
        start: chrono::NaiveDate,
        end: chrono::NaiveDate,
    ) -> bool {
        self.closed
            .get(plan)
            .is_some_and(|s| s.iter().any(|p| p.end() >= start && p.end() <= end))
    }

    /// What was paid to a payee for a closed period, per component.
    pub fn paid(&self, plan: &str, payee: &str, period: &Period) -> Vec<(&str, Decimal)> {
        self.rows_of(plan, payee)
            .filter(|r| r.period == *period)
            .map(|r| (r.component.as_str(), r.amount))
            .collect()
    }

    /// Every row of a payee on a plan, in ledger order.
    pub fn rows_of<'a>(
        &'a self,
        plan: &str,
        payee: &str,
    ) -> impl Iterator<Item = &'a LedgerRow> + 'a {
        self.by_payee
            .get(&(plan.to_string(), payee.to_string()))
            .into_iter()
            .flatten()
            .map(|&i| &self.rows[i])
    }

    /// Reads the ledger; a ledger that does not exist yet is empty.
    pub fn load(path: &Path, fiscal: FiscalStart) -> Result<Ledger, Invalid> {
        let file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Ledger::empty(path)),
            Err(e) => {
                return Err(Diagnostic::new(format!(
                    "cannot read the ledger {}: {e}",
                    path.display()
                ))
                .into())
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
                    component: record[3].to_string(),
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
                    .hint(
                        "the ledger is written by comp close; restore it from its last good copy",
                    );
                    if errors.push(d) {
                        break;
                    }
                }
            }
        }
        errors.finish(ledger)
    }
}
