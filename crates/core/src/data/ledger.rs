//! The payout ledger: what was paid, per period, payee, plan and component, as closed by `comp close`.
//! Append-only CSV so finance can open it; comp reads it to know what was paid to date and which
//! periods are closed.

use crate::line_id::LineId;
use crate::period::Period;
use rust_decimal::Decimal;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

pub const HEADER: [&str; 7] = [
    "period",
    "payee",
    "plan",
    "component",
    "amount",
    "currency",
    "closed_on",
];

/// The columns a row paid in another currency than the workspace's adds (rule 26): the rate it was
/// converted at and what it was worth in the workspace currency.
pub const PAY_COLUMNS: [&str; 2] = ["rate", "workspace_amount"];

/// What a row paid in another currency than the workspace's paid, in that currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaidIn {
    pub currency: String,
    /// The amount paid, in `currency` (the `amount` column).
    pub amount: Decimal,
    /// Units of the workspace currency one unit of `currency` was worth.
    pub rate: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerRow {
    pub period: Period,
    pub payee: String,
    pub plan: String,
    /// The line paid: the `component` column's name read back with [`LineId::parse`].
    pub component: LineId,
    /// What was paid, in the workspace currency (for a row paid in another currency: its
    /// `workspace_amount` column), the figure true-ups, draws and carries subtract.
    pub amount: Decimal,
    /// For a row paid in another currency: what it paid in it, and at which rate.
    pub paid_in: Option<PaidIn>,
    /// The row's line in the ledger file (0 for a row not read from one).
    pub line: u64,
}

#[derive(Debug, Clone, Default)]
pub struct Ledger {
    pub path: PathBuf,
    /// What reading the file noticed that the user should hear of (a ledger not sealed yet).
    pub notes: Vec<String>,
    rows: Vec<LedgerRow>,
    /// plan -> payee -> rows (nested, so a lookup by &str allocates nothing: the engine looks up
    /// every payee's rows in every period)
    by_payee: HashMap<String, HashMap<String, Vec<usize>>>,
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

    pub fn push(&mut self, r: LedgerRow) {
        let i = self.rows.len();
        self.by_payee
            .entry(r.plan.clone())
            .or_default()
            .entry(r.payee.clone())
            .or_default()
            .push(i);
        self.closed
            .entry(r.plan.clone())
            .or_default()
            .insert(r.period);
        self.rows.push(r);
    }

    /// Whether any period of a plan is closed.
    pub fn has_closed(&self, plan: &str) -> bool {
        self.closed.get(plan).is_some_and(|s| !s.is_empty())
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

    /// What was paid to a payee for a closed period, per line.
    pub fn paid(&self, plan: &str, payee: &str, period: &Period) -> Vec<(&LineId, Decimal)> {
        self.rows_of(plan, payee)
            .filter(|r| r.period == *period)
            .map(|r| (&r.component, r.amount))
            .collect()
    }

    /// Every row, in ledger order.
    pub fn rows(&self) -> &[LedgerRow] {
        &self.rows
    }

    /// Every row of a payee on a plan, in ledger order.
    pub fn rows_of<'a>(
        &'a self,
        plan: &str,
        payee: &str,
    ) -> impl Iterator<Item = &'a LedgerRow> + 'a {
        self.by_payee
            .get(plan)
            .and_then(|by_payee| by_payee.get(payee))
            .into_iter()
            .flatten()
            .map(|&i| &self.rows[i])
    }
}
