//! What a reviewer should know about a calculation besides its statements, and what a record line
//! says about itself. Data only: renderers word them.

use crate::data::MovementKind;
use crate::period::{Frequency, Period};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// A warning about the data or the request: the calculation went on, but someone should look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// Rows credited to a payee who is not on the roster.
    UnknownPayee {
        file: String,
        payee: String,
        rows: u64,
        /// The first few lines (at most five).
        lines: Vec<u64>,
    },
    /// Rows credited in the period that no measure reads: they pay nothing.
    ReadByNoMeasure {
        file: String,
        rows: u64,
        /// The first few lines (at most five).
        lines: Vec<u64>,
    },
    /// A record whose id was seen before: the repeat is excluded.
    RepeatedId {
        file: String,
        line: u64,
        id: String,
        first_line: u64,
    },
    /// Customers in the portfolio of a CSM who is not on the roster: their KPIs pay no one.
    OrphanPortfolio {
        file: String,
        /// The first customer's line.
        line: u64,
        csm: String,
        customers: usize,
    },
    /// A rate a plan pays that is likely a mistake: above 100% of an amount (`rate = 8` for 8%), or
    /// negative outside a clawback or a credit-note case. `comp check` warns; nothing is changed.
    UnusualRate {
        plan: String,
        component: String,
        file: String,
        line: u64,
        rate: Decimal,
    },
    /// A plan none of whose periods ends in the period asked for.
    NoPlanPeriod {
        plan: String,
        frequency: Frequency,
        period: Period,
    },
}

/// Why rows of a record source are not credited (rule 17).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Excluded {
    /// By the source's filters.
    FilteredOut,
    /// An id seen before.
    DuplicateId,
    /// Dated outside the statements asked for (read for history only, or outside the window).
    OutsidePeriod,
    /// Credited to no one on the roster.
    UnknownPayee,
    /// Dated when its payee was not employed.
    OutsideEmployment,
    /// Credited in the period, but no measure of its payee's plan (nor a collective one) reads it.
    ReadByNoMeasure,
}

/// The band(s) a record paid through a rate table fell in, by the plan's bounds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RecordBand {
    Within(BandBounds),
    /// A record of a graduated table crossing from one band into a later one.
    Across(BandBounds, BandBounds),
}

/// A band's bounds as the plan writes them: `[from, to)`, `to` None for the last band.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BandBounds {
    pub from: Decimal,
    pub to: Option<Decimal>,
    /// `to` is included (`through`): `[from, to]`.
    pub through: bool,
}

/// A record clawed back: when it was credited, in which plan period, and how long after it was
/// cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClawedBack {
    pub credited: NaiveDate,
    pub original: Period,
    pub days: i64,
}

/// What a row behind a KPI is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowNote {
    /// A customer in the starting base, with its starting MRR as the row's amount.
    StartMrr {
        customer: String,
        csm: String,
    },
    /// An MRR movement of the period (of a customer not in the starting base: listed apart).
    Movement {
        kind: MovementKind,
        in_base: bool,
    },
    Survey(SurveyAnswer),
    /// A go-live, the days from the onboarding's start as the row's amount.
    GoLive {
        start: NaiveDate,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SurveyAnswer {
    Promoter,
    Passive,
    Detractor,
    /// A CSAT score of 4 or 5.
    Satisfied,
    NotSatisfied,
}
