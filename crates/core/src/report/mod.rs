//! Reports: what the engine computed, as plain data. Renderers print these; they never compute.
//! Nothing here is worded: notes, reasons and line names are typed (`line`, `reason`, `note`), and
//! the renderers choose the words.

mod line;
mod note;
mod reason;

pub use crate::line_id::LineId;
pub use line::LineKind;
pub use note::{BandBounds, ClawedBack, Excluded, Note, RecordBand, RowNote, SurveyAnswer};
pub use reason::{KpiBasis, NoValue, Reason, Tested};

use crate::data::Duplicate;
use crate::period::Period;
use crate::plan::{Basis, Interpolation, Mode, Per, PlanBasis, Position, Split, Unit};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Debug, Clone)]
pub struct CalcReport {
    pub period: Period,
    pub currency: String,
    /// Decimal places of the currency's minor unit.
    pub minor_unit: u32,
    pub rounding: &'static str,
    pub statements: Vec<Statement>,
    /// What each payee is paid for the period: the sum of their statements (payroll's view).
    pub payees: Vec<PayeeTotal>,
    /// The company total in the workspace currency, from the unconverted amounts.
    pub total: Decimal,
    /// When some payee is paid in another currency (rule 26): what is paid in each pay currency,
    /// the workspace's first, then by code. Empty otherwise.
    pub pay_totals: Vec<(String, Decimal)>,
    pub reconciliation: Vec<SourceReconciliation>,
    /// Things a reviewer should know: unknown payees, duplicates, plans that pay nothing in the period.
    pub notes: Vec<Note>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PayeeTotal {
    pub payee: String,
    pub name: String,
    /// In the payee's pay currency.
    pub total: Decimal,
    /// The pay currency, when not the workspace's (rule 26).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
}

/// One payee's pay for one plan period.
#[derive(Debug, Clone)]
pub struct Statement {
    pub payee: String,
    pub name: String,
    pub plan: String,
    pub period: Period,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The payee's target incentive for this period: annual TI x months / 12 x proration.
    pub target_incentive: Decimal,
    /// Calendar days of the period the payee was employed, of `period_days` (rule 13).
    pub active_days: i64,
    pub period_days: i64,
    /// active_days / period_days: the factor applied to TI and targets.
    pub proration: Decimal,
    pub basis: PlanBasis,
    /// The period is closed in the ledger: `payout` is what was paid then.
    pub closed: bool,
    pub lines: Vec<ComponentLine>,
    /// What the payee is paid for the period: the sum of the lines' payouts.
    pub total: Decimal,
    /// A recoverable draw's balance still to recover after this period.
    pub draw_balance: Option<Decimal>,
    /// A negative balance carried to later periods after this one (plan `negative = "carry"`).
    pub carry_balance: Option<Decimal>,
    /// The plan's own rounding mode, when it is not the workspace's (`CalcReport::rounding`):
    /// every amount of this statement is rounded with it.
    pub rounding: Option<&'static str>,
    /// For a payee paid in another currency than the workspace's (rule 26): the lines and total
    /// converted into it. Every figure above stays in the workspace currency.
    pub pay: Option<Pay>,
}

/// A statement converted into the payee's pay currency (rule 26): each line's payout, in the
/// workspace currency, divided by the rate in force on the period's last day, rounded once in the
/// pay currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pay {
    pub currency: String,
    /// Decimal places of the pay currency.
    pub minor_unit: u32,
    /// Units of the workspace currency one unit of `currency` is worth.
    pub rate: Decimal,
    /// The date the rate is dated (on or before the period's last day); None for a closed period
    /// converted at the rate its ledger rows recorded.
    pub rate_date: Option<NaiveDate>,
    /// Each line's payout in `currency`, in the order of the statement's lines.
    pub lines: Vec<Decimal>,
    /// The sum of `lines`: what the payee is paid, in `currency`.
    pub total: Decimal,
}

#[derive(Debug, Clone)]
pub struct ComponentLine {
    pub id: LineId,
    pub kind: LineKind,
    pub measure: Option<String>,
    pub value: Option<Decimal>,
    pub unit: Option<Unit>,
    pub target: Option<Decimal>,
    /// A ratio: 1.1 is 110%.
    pub attainment: Option<Decimal>,
    /// weight x the period's TI, for weighted components.
    pub component_ti: Option<Decimal>,
    /// The payout before caps, rounded.
    pub uncapped: Decimal,
    pub cap: Option<Decimal>,
    pub cap_removed: Decimal,
    /// Earned after caps: for the period, or to date on a year-to-date basis.
    pub earned: Decimal,
    /// On a year-to-date basis, what was paid for this component in earlier periods of the year.
    pub paid_to_date: Option<Decimal>,
    /// Payable this period: `earned`, or `earned - paid_to_date` on a year-to-date basis.
    pub payout: Decimal,
    /// Why an adjustment, clawback, draw or carry line is there; a gate's test; a KPI's figures.
    pub reason: Option<Reason>,
    pub explanation: Explanation,
    /// The credited records behind the measure (with their own payout when paid per record).
    pub records: Vec<RecordLine>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Explanation {
    Rate {
        rate: Decimal,
        per: Per,
        /// For `rate = "ti/target"`: the annual component TI and annual target the rate comes from.
        derived_from: Option<(Decimal, Decimal)>,
        /// For a rate written as a multiple of the base rate (`"1.5x"`, rule 25): the multiple;
        /// `rate` is then the multiple times the annual TI over the annual target.
        #[serde(skip_serializing_if = "Option::is_none")]
        multiple: Option<Decimal>,
        /// The measure counts (records or distinct values): the rate is an amount for each one
        /// counted (450.00 per new customer), not a share of an amount.
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        each: bool,
    },
    Bands {
        basis: Basis,
        mode: Mode,
        per: Per,
        /// The bands with their bounds in money, and what each paid.
        bands: Vec<BandUse>,
        /// Index of the band the period's total reached (records looked up alone: the highest
        /// band a record reached).
        reached: usize,
        /// Paid per record: each record placed by the running total, or by its own amount.
        #[serde(skip_serializing_if = "Position::is_running")]
        position: Position,
        /// Rates relative to the payee (rule 25): the base rate's annual component TI and annual
        /// target. The bands' rates and payouts are then already multiplied by the base rate.
        #[serde(skip_serializing_if = "Option::is_none")]
        base: Option<(Decimal, Decimal)>,
        /// The measure counts: the bands' rates are amounts for each one counted.
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        each: bool,
    },
    Curve {
        /// The x the curve was read at: attainment or the measure's value, in percent points for ratios.
        x: Decimal,
        /// Percent of the component's TI.
        y: Decimal,
        segment: Segment,
        interpolation: Interpolation,
    },
    PlanCap {
        total_before: Decimal,
        cap: Decimal,
    },
    /// Adjustments, clawbacks, draws and carried balances: `reason` says it all.
    Ledger,
    /// A curve whose KPI has no value (a zero denominator): it pays the plan's `missing` share of TI.
    NoValue {
        /// Percent of the component's TI.
        y: Decimal,
    },
    /// A commission by cases: each record paid by the first case it matches.
    Cases {
        /// The cases in the plan's order, with what they took and paid.
        cases: Vec<CaseUse>,
        /// The ids of the records no case took: paid nothing.
        unmatched: Vec<String>,
    },
    /// A kicker: pays when its KPI passes the threshold.
    Kicker {
        /// The KPI's value (None: no value, which does not pass).
        kpi: Option<Decimal>,
        bound: Decimal,
        at_most: bool,
        /// `above` / `below`: the bound itself does not pass.
        #[serde(skip_serializing_if = "is_false")]
        strict: bool,
        passed: bool,
        /// The rate and the measure's value it applies to, or None for a fixed amount.
        rate: Option<Decimal>,
        base: Option<Decimal>,
        amount: Option<Decimal>,
    },
    /// A pool: an amount per period shared by a collective's members (rules 19, 22). On a
    /// year-to-date basis, the figures are the last period's; earned is the sum of each period's share.
    Pool {
        /// The amount shared in the period.
        amount: Decimal,
        split: Split,
        /// The payee's weight (1 or 0 for an equal split, days employed for a split by days) and
        /// the members' total.
        weight: Decimal,
        total: Decimal,
        /// The members with a share (in post on the last day, or employed some day of the period).
        members: usize,
        /// Set on the last member's line: the rounding remainder it took (its share minus its
        /// exact share rounded), so the shares add up to the amount.
        remainder: Option<Decimal>,
    },
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// One case of a commission over the records of a line.
#[derive(Debug, Clone, Serialize)]
pub struct CaseUse {
    /// The case's place in the plan's list, from 1.
    pub number: u32,
    pub pays: crate::plan::CasePays,
    /// A case without `where`: it takes every record the cases before it left.
    pub default: bool,
    /// The ids of the records it took (statements keep record lines only in detail; `explain`
    /// says which case paid each record from these), and what their lines paid (rounded, before
    /// any cap per record).
    pub records: Vec<String>,
    pub payout: Decimal,
}

/// A record line a floor or a minimum raised: from what (its amount at the rate, rounded).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Raised {
    pub from: Decimal,
    pub by: RaisedBy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RaisedBy {
    Floor,
    Minimum,
}

/// Which case of a commission by cases paid a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordCase {
    /// The case's place in the plan's list, from 1.
    Case(u32),
    /// No case took the record: it is paid nothing.
    NoCase,
}

impl Serialize for RecordCase {
    /// The case's number, or `"no_case"`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            RecordCase::Case(n) => s.serialize_u32(*n),
            RecordCase::NoCase => s.serialize_str("no_case"),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct BandUse {
    pub from: Decimal,
    pub to: Option<Decimal>,
    pub rate: Decimal,
    /// The slice of the amount paid in this band (graduated), or the whole amount (retroactive, band reached).
    pub amount: Decimal,
    pub payout: Decimal,
}

/// Where on the curve x fell.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "where", rename_all = "snake_case")]
pub enum Segment {
    BelowThreshold {
        threshold: Decimal,
    },
    BeforeFirstPoint {
        point: (Decimal, Decimal),
    },
    Between {
        from: (Decimal, Decimal),
        to: (Decimal, Decimal),
    },
    AtPoint {
        point: (Decimal, Decimal),
    },
    BeyondLastPoint {
        point: (Decimal, Decimal),
        extended: bool,
    },
}

#[derive(Debug, Clone)]
pub struct RecordLine {
    pub id: String,
    pub date: Option<NaiveDate>,
    /// The line of the source file the record came from.
    pub line: u64,
    pub amount: Option<Decimal>,
    /// The rate applied to this record, when paid per record.
    pub rate: Option<Decimal>,
    /// For a commission by cases: which case paid the record, or none did.
    pub case: Option<RecordCase>,
    /// Set when a floor or a minimum raised the record's line above its amount at the rate.
    pub raised: Option<Box<Raised>>,
    // `band`, `clawback` and `note` are boxed: a year of record lines is most of a large
    // calculation's memory, and each of them is set on few records.
    /// The band(s) the record fell in, when paid through a rate table record by record.
    pub band: Option<Box<RecordBand>>,
    /// Set on a clawback's records: when the record was credited and cancelled.
    pub clawback: Option<Box<ClawedBack>>,
    pub uncapped: Option<Decimal>,
    pub payout: Option<Decimal>,
    /// What the line is, for rows behind a KPI (a starting MRR, a churn, a promoter...).
    pub note: Option<Box<RowNote>>,
    /// A record in another currency: its own amount and currency and the rate it was converted at
    /// (`amount` is then the converted amount).
    pub original: Option<Original>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Original {
    pub currency: String,
    pub amount: Option<Decimal>,
    pub rate: Decimal,
}

#[derive(Debug, Clone)]
pub struct SourceReconciliation {
    pub source: String,
    pub file: String,
    pub rows_read: u64,
    pub credited: u64,
    pub excluded: Vec<Exclusion>,
    pub unknown_payees: Vec<UnknownPayee>,
    pub duplicates: Vec<Duplicate>,
    /// The first few lines of rows credited in the period that no measure reads (rule 23).
    pub unread_lines: Vec<u64>,
}

impl SourceReconciliation {
    /// Rows read = credited + every exclusion: nothing is lost (rule 17).
    pub fn balances(&self) -> bool {
        self.credited + self.excluded.iter().map(|e| e.rows).sum::<u64>() == self.rows_read
    }
}

#[derive(Debug, Clone)]
pub struct Exclusion {
    pub reason: Excluded,
    pub rows: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnknownPayee {
    pub payee: String,
    pub rows: u64,
    /// The first few lines, to find them in the file.
    pub lines: Vec<u64>,
}
