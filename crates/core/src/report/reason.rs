//! Why a line pays what it pays, beyond its rule: a gate, the figures behind a KPI, and what an
//! adjustment, clawback, draw or carried balance stands for. Data only: renderers word them.

use crate::period::Period;
use crate::plan::{Kpi, Stat, Unit};
use rust_decimal::Decimal;

use super::LineId;

#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// A component whose measure is a KPI: the figures it was computed from, and why it has no
    /// value when it has none.
    Kpi {
        basis: KpiBasis,
        no_value: Option<NoValue>,
    },
    /// A gated component: its gate's test (closed: the component pays nothing).
    Gate(Tested),
    /// On a year-to-date basis, a plan cap that cut earlier periods and no longer does.
    NoCutToDate,
    /// A line the ledger recorded for a closed period that the period no longer computes.
    RecordedInLedger,
    /// A closed period paid `paid` for a line that now computes to `now`: the difference is due.
    Adjustment {
        closed: Period,
        of: LineId,
        paid: Decimal,
        now: Decimal,
    },
    /// An adjustment still due when the period it was due in closed with `paid` for it.
    AdjustmentStillDue {
        closed: Period,
        paid: Decimal,
        now: Decimal,
    },
    /// Records cancelled within the plan's clawback window, taken back at what they were paid.
    Clawback { records: usize, window_days: u32 },
    /// An earning below a draw, topped up to it.
    DrawTopup {
        guaranteed: Decimal,
        recoverable: bool,
        /// Which of the draw's periods this is (1 for the first).
        period: u32,
        periods: u32,
        earned: Decimal,
    },
    /// During the draw's periods, earnings above it recover what was topped up.
    DrawRecovery { above: Decimal, owed: Decimal },
    /// After the draw's periods, any earning recovers what was topped up.
    DrawRecoveryAfter { owed: Decimal },
    /// A negative balance carried from earlier periods, recovered from this one's earnings.
    CarriedBalance { carried: Decimal },
    /// A negative total, carried forward instead of paid.
    CarryForward { total: Decimal },
}

/// A threshold test (a gate, a kicker) on a measure's value.
#[derive(Debug, Clone, PartialEq)]
pub struct Tested {
    pub measure: String,
    pub unit: Unit,
    /// None: the measure has no value, which does not pass.
    pub value: Option<Decimal>,
    pub bound: Decimal,
    /// The value must be at most the bound (else at least).
    pub at_most: bool,
    /// The bound itself does not pass (`above` / `below`).
    pub strict: bool,
    pub passed: bool,
    /// What was compared: the value, or an attainment (then `value` is a ratio).
    pub of: crate::plan::TestOf,
}

/// The figures a KPI was computed from.
#[derive(Debug, Clone, PartialEq)]
pub enum KpiBasis {
    /// A ratio of two measures, `of / to`, each with its value (None: no value).
    Ratio {
        of: String,
        to: String,
        numerator: Option<Decimal>,
        denominator: Option<Decimal>,
    },
    /// NRR, GRR and MRR churn: the starting base and its movements.
    Mrr {
        start: Decimal,
        customers: u32,
        churned: Decimal,
        contraction: Decimal,
        expansion: Decimal,
    },
    /// Logo churn: customers at the start, and those lost.
    Logos {
        lost: u32,
        customers: u32,
    },
    Nps {
        responses: u32,
        promoters: u32,
        detractors: u32,
    },
    /// CSAT: responses, and those scoring 4 or 5.
    Csat {
        responses: u32,
        satisfied: u32,
    },
    TimeToValue {
        stat: Stat,
        go_lives: usize,
    },
}

/// Why a KPI has no value: its denominator is zero.
#[derive(Debug, Clone, PartialEq)]
pub enum NoValue {
    /// A ratio whose denominator `to` is zero or has no value.
    ZeroDenominator { measure: String, to: String },
    /// No customer had MRR at the start of the period.
    NoStartingMrr(Kpi),
    /// No survey response in the period.
    NoResponse(Kpi),
    /// No customer went live in the period.
    NoGoLive,
}
