//! The words for what the engine reports as data: warnings, reasons, line names and kinds, bands,
//! clawed-back records, the rows behind a KPI, exclusions. Every renderer (table, CSV, JSON,
//! explain) and every warning printer words them here, so a statement says the same thing in
//! every format, and money inside a sentence is written as in the tables.
//!
//! A language is a catalogue: an implementation of [`Words`]. A trait rather than free functions
//! because a second language is then a second `impl` the compiler checks for completeness (a
//! phrase added to the trait must be given in every catalogue), and renderers stay unaware of
//! which one they hold. English is the only catalogue today; [`words`] is where one is chosen.

use super::locale::{amount_in, date_in, number_in};
use super::{money, number, percent, plain};
use crate::curve_view::{Axis, Base, Mark, ViewNote};
use crate::data::MovementKind;
use crate::diff::DiffNote;
use crate::finance::NotCapitalised;
use crate::locale::Locale;
use crate::period::{Frequency, Period};
use crate::plan::{Beyond, Kpi, Mode, Stat, Unit};
use crate::report::{
    BandBounds, CaseUse, ClawedBack, Excluded, KpiBasis, LineId, LineKind, NoValue, Note, Original,
    Pay, Raised, RaisedBy, Reason, RecordBand, RecordCase, RecordLine, RowNote, SurveyAnswer,
    Tested,
};
use crate::whatif::projection::WhatifNote;
use crate::whatif::season::Season;
use crate::whatif::solve::{Lever, Metric, Scope, Solved, Stat as SolveStat};
use rust_decimal::Decimal;

/// The catalogue renderers word reports with: English, comp's own (tables, CSV, warnings).
pub fn words() -> &'static dyn Words {
    &EN_US
}

/// The catalogue of a locale, for the outputs meant for reps (statements, `explain`).
pub fn catalogue(locale: Locale) -> &'static dyn Words {
    match locale {
        Locale::EnUs => &EN_US,
        Locale::EnGb => &EN_GB,
        Locale::FrFr => &super::words_fr::French,
    }
}

static EN_US: English = English {
    locale: Locale::EnUs,
};
static EN_GB: English = English {
    locale: Locale::EnGb,
};

/// The phrases of one language, over the report's typed values. Amounts are written with the
/// shared formats of `render` (grouped money, percents), as the tables write them.
pub trait Words: Sync {
    /// The locale whose numbers and dates the catalogue writes.
    fn locale(&self) -> Locale;
    /// A gate's or kicker's test with the value it was tested on: `team_nrr 119.5% < 120%`.
    fn test(&self, t: &Tested) -> String;
    /// A warning (without the `warning: ` its printer puts before it).
    fn note(&self, note: &Note) -> String;
    /// Why a line pays what it pays: a gate, a KPI's figures, an adjustment, a draw...
    fn reason(&self, reason: &Reason) -> String;
    /// A line's name for people (the `component` column of a statement).
    fn line_name(&self, id: &LineId) -> String;
    /// A line's kind for people ("rate table", "draw").
    fn kind(&self, kind: LineKind) -> String;
    /// The band(s) a record fell in, by the plan's bounds.
    fn band(&self, band: &RecordBand) -> String;
    /// A clawed-back record: when it was credited and cancelled.
    fn clawed_back(&self, c: &ClawedBack) -> String;
    /// What a row behind a KPI is.
    fn row_note(&self, note: &RowNote) -> String;
    /// A record converted from another currency: its own amount and the rate.
    fn converted(&self, original: &Original) -> String;
    /// Why rows of a source are not credited.
    fn excluded(&self, why: Excluded) -> String;
    /// A note on a what-if projection.
    fn whatif_note(&self, note: &WhatifNote) -> String;
    /// A plan's seasonality in a Monte Carlo projection: each period's share of the base year's
    /// measure and the factor on its mean attainment.
    fn season(&self, s: &Season, base: Period) -> String;
    /// What a solve found: the lever's value, the runs it took, the metric there and one step on.
    fn solved(&self, s: &Solved) -> String;
    /// Commissions `comp amortize` expenses as incurred rather than capitalises.
    fn not_capitalised(&self, n: &NotCapitalised, currency: &str) -> String;
    /// A note on a comparison of plans.
    fn diff_note(&self, note: &DiffNote) -> String;
    /// What a curve view's x is ("attainment %").
    fn axis(&self, axis: Axis) -> String;
    /// What a curve view's percentages are of ("component TI").
    fn base(&self, base: Base) -> String;
    /// What happens at a row of a curve view ("point", "band 2 starts").
    fn mark(&self, mark: &Mark) -> String;
    /// A note on a curve view (how a table pays, what is beyond the last point).
    fn view_note(&self, note: &ViewNote) -> String;
    /// A heading or label of a rep's statement (`comp statements`).
    fn label(&self, label: Label) -> &'static str;
    /// A record line a floor or minimum raised ("raised to the minimum from 12.00").
    fn raised(&self, raised: &Raised) -> String;
    /// Which case of a commission by cases paid a record ("case 2", "matched no case").
    fn record_case(&self, case: RecordCase) -> String;
    /// How a commission by cases paid, in a few words (a statement's `how` column).
    fn cases_how(&self, cases: &[CaseUse], unmatched: &[String]) -> String;
    /// How a commission by cases paid, as sentences (`explain`).
    fn cases_told(&self, cases: &[CaseUse], unmatched: &[String]) -> String;
    /// A line paid in another currency (rule 26): its amount in the workspace currency, the rate
    /// and what it is in the pay currency ("1,234.56 EUR at 1.1722 = 1,053.22 GBP").
    fn paid_in(&self, from: Decimal, workspace: &str, pay: &Pay, to: Decimal) -> String;
    /// A statement paid in another currency (rule 26): the currency, the rate, its date and the
    /// day it is in force (the period's last day, `day`).
    fn pay_rate(&self, pay: &Pay, workspace: &str, day: chrono::NaiveDate) -> String;

    /// What a record line says about its band, or about its clawback (the `band` column).
    fn record_band(&self, r: &RecordLine) -> Option<String> {
        match (&r.band, &r.clawback) {
            (Some(b), _) => Some(self.band(b)),
            (None, Some(c)) => Some(self.clawed_back(c)),
            (None, None) => None,
        }
    }

    /// What a record line says about itself: a KPI row's note, or a conversion.
    fn record_note(&self, r: &RecordLine) -> Option<String> {
        match (&r.note, &r.original) {
            (Some(n), _) => Some(self.row_note(n)),
            (None, Some(o)) => Some(self.converted(o)),
            (None, None) => None,
        }
    }
}

/// The headings and labels of a rep's statement and of its index. Every one is given by every
/// catalogue (the `match` in each `label` is exhaustive); [`Label::ALL`] lets a test walk them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    Statement,
    Statements,
    Payee,
    Plan,
    Period,
    TargetIncentive,
    Component,
    Measure,
    Value,
    Target,
    Attainment,
    HowPaid,
    Payout,
    Total,
    Band,
    Rate,
    Slice,
    Records,
    Id,
    Date,
    Amount,
    Note,
    EarnedToDate,
    PaidBefore,
    Cap,
    OtherLines,
    CompanyTotal,
    PayoutPercent,
    YourPoint,
}

impl Label {
    pub const ALL: [Label; 29] = [
        Label::Statement,
        Label::Statements,
        Label::Payee,
        Label::Plan,
        Label::Period,
        Label::TargetIncentive,
        Label::Component,
        Label::Measure,
        Label::Value,
        Label::Target,
        Label::Attainment,
        Label::HowPaid,
        Label::Payout,
        Label::Total,
        Label::Band,
        Label::Rate,
        Label::Slice,
        Label::Records,
        Label::Id,
        Label::Date,
        Label::Amount,
        Label::Note,
        Label::EarnedToDate,
        Label::PaidBefore,
        Label::Cap,
        Label::OtherLines,
        Label::CompanyTotal,
        Label::PayoutPercent,
        Label::YourPoint,
    ];
}

/// English: en-US (comp's own style) and en-GB (dates day first).
pub struct English {
    locale: Locale,
}

impl Words for English {
    fn locale(&self) -> Locale {
        self.locale
    }

    fn test(&self, t: &Tested) -> String {
        test_words(t)
    }

    fn label(&self, label: Label) -> &'static str {
        match label {
            Label::Statement => "Pay statement",
            Label::Statements => "Pay statements",
            Label::Payee => "Payee",
            Label::Plan => "Plan",
            Label::Period => "Period",
            Label::TargetIncentive => "Target incentive",
            Label::Component => "Component",
            Label::Measure => "Measure",
            Label::Value => "Reached",
            Label::Target => "Target",
            Label::Attainment => "Attainment",
            Label::HowPaid => "How it was paid",
            Label::Payout => "Payout",
            Label::Total => "Total",
            Label::Band => "Band",
            Label::Rate => "Rate",
            Label::Slice => "Amount in the band",
            Label::Records => "Credited records",
            Label::Id => "Id",
            Label::Date => "Date",
            Label::Amount => "Amount",
            Label::Note => "Note",
            Label::EarnedToDate => "Earned this year to date",
            Label::PaidBefore => "Paid before for it",
            Label::Cap => "Cap",
            Label::OtherLines => "Adjustments, draws and clawbacks",
            Label::CompanyTotal => "Total of these statements",
            Label::PayoutPercent => "payout % of TI",
            Label::YourPoint => "you",
        }
    }

    fn whatif_note(&self, note: &WhatifNote) -> String {
        match note {
            WhatifNote::KpisHeld { measures } => format!(
                "KPIs not drawn (no [monte_carlo.kpi] entry), held at their base-year value in every trial: {}",
                measures.join(", ")
            ),
            WhatifNote::PartOfBaseYear { base, payees, more } => format!(
                "employed for part of {base} only, so a replay gives them that part of a year: {}{}",
                payees.join(", "),
                match more {
                    0 => String::new(),
                    n => format!(" and {n} more"),
                }
            ),
            WhatifNote::LeftPlanQuotas { payees, year, base } => format!(
                "quotas of {base} set for a plan left before {year} are not carried into it; the periods they leave take the last quota on the plan each is on: {}",
                payees.join(", ")
            ),
            WhatifNote::MonthsFilled { payees, year, base } => format!(
                "monthly quotas of {} do not cover all of {year}: the months they miss take their last monthly quota of {base}",
                payees.join(", ")
            ),
            WhatifNote::NewPortfolios { payees } => format!(
                "new portfolios have no history, so their GRR and NRR are 100% and their churn 0% ([grid] kpi sets other values): {}",
                payees.join(", ")
            ),
            WhatifNote::Data(n) => self.note(n),
        }
    }

    fn season(&self, s: &Season, base: Period) -> String {
        if s.measure.is_empty() {
            return format!(
                "plan {} is drawn flat: it compares no measure with a target",
                s.plan
            );
        }
        let periods: Vec<String> = s
            .periods
            .iter()
            .map(|p| {
                format!(
                    "{} {} (mean x {})",
                    p.period,
                    percent(p.actual.round_dp(3)),
                    plain(p.factor.round_dp(2))
                )
            })
            .collect();
        format!(
            "plan {} drawn by period as {} fell in {base}: {}",
            s.plan,
            s.measure,
            periods.join(", ")
        )
    }

    fn solved(&self, s: &Solved) -> String {
        let scope = |s: &Scope| match s {
            Scope::Everyone => String::new(),
            Scope::Plan(id) => format!(" of plan {id}"),
            Scope::Team(id) => format!(" of team {id}"),
            Scope::Payee(id) => format!(" of {id}"),
        };
        let lever = match &s.lever {
            Lever::QuotaGrowth(sc) => format!("quota growth{}", scope(sc)),
            Lever::TiGrowth(sc) => format!("TI growth{}", scope(sc)),
            Lever::ReplayGrowth => "replay growth".to_string(),
        };
        // exact: as many decimals as the precision asks for
        let exact = |v: Decimal| format!("{}%", plain(v * Decimal::ONE_HUNDRED));
        let figure = |v: Decimal| match s.metric {
            Metric::TotalCost => money(v),
            Metric::CostOfSales => format!("{}%", plain((v * Decimal::ONE_HUNDRED).round_dp(6))),
        };
        let metric = format!(
            "{}{}{}",
            match s.at {
                SolveStat::Mean => "",
                SolveStat::P10 => "P10 ",
                SolveStat::P50 => "P50 ",
                SolveStat::P90 => "P90 ",
            },
            match s.metric {
                Metric::TotalCost => "total cost",
                Metric::CostOfSales => "cost of sales",
            },
            s.plan
                .as_ref()
                .map_or(String::new(), |p| format!(" of plan {p}")),
        );
        format!(
            "{lever} = {} after {} runs (to {}): {metric} {}, at most the target {}; at {}: {}",
            exact(s.value),
            s.runs,
            exact(s.precision),
            figure(s.reached),
            figure(s.target),
            exact(s.beyond),
            figure(s.beyond_reached),
        )
    }

    fn not_capitalised(&self, n: &NotCapitalised, currency: &str) -> String {
        format!(
            "{} {currency} of plan {}, component {}, is not paid per contract of the source: expensed as incurred, not capitalised",
            money(n.amount),
            n.plan,
            n.component
        )
    }

    fn axis(&self, axis: Axis) -> String {
        match axis {
            Axis::Attainment => "attainment %",
            Axis::Value => "value",
            Axis::Amount => "amount",
        }
        .to_string()
    }

    fn base(&self, base: Base) -> String {
        match base {
            Base::ComponentTi => "component TI",
            Base::Target => "target",
            Base::Amount => "amount",
        }
        .to_string()
    }

    fn mark(&self, mark: &Mark) -> String {
        match mark {
            Mark::Point => "point".to_string(),
            Mark::JustBelowJump => "jump: just below".to_string(),
            Mark::Jump => "jump".to_string(),
            Mark::Threshold => "threshold".to_string(),
            Mark::BandStarts(n) => format!("band {n} starts"),
            Mark::Cap => "cap".to_string(),
        }
    }

    fn view_note(&self, note: &ViewNote) -> String {
        match note {
            ViewNote::Beyond(Beyond::Flat) => "beyond the last point the curve stays flat".into(),
            ViewNote::Beyond(Beyond::Extend) => {
                "beyond the last point the curve goes on at its last slope".into()
            }
            ViewNote::Weight(w) => {
                format!("the component's TI is {}% of the payee's TI", plain(*w))
            }
            ViewNote::Mode(Mode::Graduated) => {
                "graduated: each slice is paid at its own band's rate".into()
            }
            ViewNote::Mode(Mode::Retroactive) => {
                "retroactive: the whole amount is paid at the rate of the band reached".into()
            }
            ViewNote::Mode(Mode::Overage) => {
                "overage: the first band's part is paid at its rate, all beyond it at the rate of the band reached".into()
            }
            ViewNote::CapOfTi(c) => format!(
                "capped at {}% of the component's TI (not shown: it depends on the payee's TI)",
                plain(*c)
            ),
        }
    }

    fn diff_note(&self, note: &DiffNote) -> String {
        match note {
            DiffNote::NoProposed { plan, folder } => format!(
                "plan `{plan}` has no plan of the same id in {}; it is not compared",
                folder.display()
            ),
            DiffNote::NoCurrent { plan, file } => format!(
                "plan `{plan}` ({}) matches no current plan; it is not compared",
                file.display()
            ),
            DiffNote::Data(n) => self.note(n),
        }
    }

    fn note(&self, note: &Note) -> String {
        match note {
            Note::UnknownPayee {
                file,
                payee,
                rows,
                lines,
            } => {
                let shown: Vec<String> = lines.iter().map(u64::to_string).collect();
                let more = if *rows as usize > lines.len() {
                    ", ..."
                } else {
                    ""
                };
                format!(
                    "{file}:{}: {rows} row(s) credited to `{payee}`, who is not on the roster \
                     (lines {}{more})",
                    lines.first().copied().unwrap_or(0),
                    shown.join(", ")
                )
            }
            Note::ReadByNoMeasure { file, rows, lines } => {
                let shown: Vec<String> = lines.iter().map(u64::to_string).collect();
                let more = if *rows as usize > lines.len() {
                    ", ..."
                } else {
                    ""
                };
                format!(
                    "{file}:{}: {rows} row(s) credited in the period are read by no measure of \
                     their payee's plan, so they pay nothing (lines {}{more}); add a measure that \
                     reads them, or filter them out of the source",
                    lines.first().copied().unwrap_or(0),
                    shown.join(", ")
                )
            }
            Note::RepeatedId {
                file,
                line,
                id,
                first_line,
            } => format!(
                "{file}:{line}: id `{id}` repeats line {first_line}; the repeat is excluded"
            ),
            Note::OrphanPortfolio {
                file,
                line,
                csm,
                customers,
            } => format!(
                "{file}:{line}: {customers} customer(s) in the portfolio of `{csm}`, who is not on \
                 the roster"
            ),
            Note::UnusualRate {
                plan,
                component,
                file,
                line,
                rate,
            } if rate.is_sign_negative() => format!(
                "{file}:{line}: component `{component}` of plan `{plan}` pays a negative rate ({}) outside a clawback or a credit-note case",
                percent(*rate)
            ),
            Note::UnusualRate {
                plan,
                component,
                file,
                line,
                rate,
            } => format!(
                "{file}:{line}: component `{component}` of plan `{plan}` pays {} of an amount, above 100% (a plain number is a multiplier: write \"8%\" for 8%)",
                percent(*rate)
            ),
            Note::NoPlanPeriod {
                plan,
                frequency,
                period,
            } => format!(
                "plan `{plan}` pays every {}; no period of it ends in {period}",
                frequency_word(*frequency)
            ),
        }
    }

    fn reason(&self, reason: &Reason) -> String {
        match reason {
            Reason::Kpi { basis, no_value } => match no_value {
                Some(why) => format!("{}; {}", no_value_words(why), basis_words(basis)),
                None => basis_words(basis),
            },
            Reason::Gate(t) if t.passed => format!("gate passed: {}", test_words(t)),
            Reason::Gate(t) => format!("gate closed: {}; not paid", test_words(t)),
            Reason::NoCutToDate => "no cut to date".into(),
            Reason::RecordedInLedger => "recorded in the ledger".into(),
            Reason::Adjustment {
                closed,
                of,
                paid,
                now,
            } => format!(
                "{closed} was closed with {} paid for {}; it now computes to {}",
                money(*paid),
                self.line_name(of),
                money(*now)
            ),
            Reason::AdjustmentStillDue { closed, paid, now } => format!(
                "{closed} was closed with {} paid for this adjustment; it is now {}",
                money(*paid),
                money(*now)
            ),
            Reason::Clawback {
                records,
                window_days,
            } => format!(
                "{records} record(s) cancelled within {window_days} days of their credit date"
            ),
            Reason::DrawTopup {
                guaranteed,
                recoverable,
                period,
                periods,
                earned,
            } => format!(
                "guaranteed {} ({} draw, period {period} of {periods}); earned {}",
                money(*guaranteed),
                if *recoverable {
                    "recoverable"
                } else {
                    "non-recoverable"
                },
                money(*earned)
            ),
            Reason::DrawRecovery { above, owed } => format!(
                "recovers the draw from earnings above {}; {} was owed",
                money(*above),
                money(*owed)
            ),
            Reason::DrawRecoveryAfter { owed } => format!(
                "recovers the draw after its periods; {} was owed",
                money(*owed)
            ),
            Reason::CarriedBalance { carried } => format!(
                "recovers a negative balance of {} carried from earlier periods",
                money(*carried)
            ),
            Reason::CarryForward { total } => format!(
                "a negative total of {} is carried forward, not paid",
                money(*total)
            ),
        }
    }

    fn line_name(&self, id: &LineId) -> String {
        // the ledger's names read well enough in English
        id.to_string()
    }

    fn kind(&self, kind: LineKind) -> String {
        kind.name().replace('_', " ")
    }

    fn raised(&self, raised: &Raised) -> String {
        match raised.by {
            RaisedBy::Floor => format!("floored from {}", money(raised.from)),
            RaisedBy::Minimum => format!("raised to the minimum from {}", money(raised.from)),
        }
    }

    fn record_case(&self, case: RecordCase) -> String {
        match case {
            RecordCase::Case(n) => format!("case {n}"),
            RecordCase::NoCase => "matched no case".to_string(),
        }
    }

    fn cases_how(&self, cases: &[CaseUse], unmatched: &[String]) -> String {
        let parts: Vec<String> = cases
            .iter()
            .filter(|c| !c.records.is_empty())
            .map(|c| format!("#{} {} on {}", c.number, case_pays(c.pays), c.records.len()))
            .collect();
        let mut s = format!(
            "by case: {}",
            if parts.is_empty() {
                "no record".to_string()
            } else {
                parts.join(", ")
            }
        );
        if !unmatched.is_empty() {
            s.push_str(&format!("; {} matched no case", unmatched.len()));
        }
        s
    }

    fn cases_told(&self, cases: &[CaseUse], unmatched: &[String]) -> String {
        // the records by id, so a payee can find each of theirs
        let ids = |ids: &[String]| {
            if ids.is_empty() {
                String::new()
            } else {
                format!(" ({})", ids.join(", "))
            }
        };
        let parts: Vec<String> = cases
            .iter()
            .map(|c| {
                format!(
                    "{}case {} ({}) took {}{} and paid {}",
                    if c.default { "the default " } else { "" },
                    c.number,
                    case_pays(c.pays),
                    records(c.records.len()),
                    ids(&c.records),
                    money(c.payout)
                )
            })
            .collect();
        let mut s = format!(
            "Each credited record is paid by the first case it matches, each rounded to the cent: {}.",
            parts.join("; ")
        );
        if !unmatched.is_empty() {
            s.push_str(&format!(
                " {}{} matched no case and {} paid nothing.",
                records(unmatched.len()),
                ids(unmatched),
                if unmatched.len() == 1 { "is" } else { "are" }
            ));
        }
        s
    }

    fn band(&self, band: &RecordBand) -> String {
        match band {
            RecordBand::Within(b) => bounds_words(b),
            RecordBand::Across(from, to) => {
                format!("{} to {}", bounds_words(from), bounds_words(to))
            }
        }
    }

    fn clawed_back(&self, c: &ClawedBack) -> String {
        format!(
            "credited {} in {}, cancelled after {} days",
            super::locale::date_in(self.locale, c.credited),
            c.original,
            c.days
        )
    }

    fn row_note(&self, note: &RowNote) -> String {
        match note {
            RowNote::StartMrr { customer, csm } => format!("start MRR of {customer} (CSM {csm})"),
            RowNote::Movement {
                kind,
                in_base: true,
            } => movement_word(*kind).to_string(),
            RowNote::Movement {
                kind,
                in_base: false,
            } => format!("{} (not in the starting base)", movement_word(*kind)),
            RowNote::Survey(answer) => match answer {
                SurveyAnswer::Promoter => "nps promoter",
                SurveyAnswer::Passive => "nps passive",
                SurveyAnswer::Detractor => "nps detractor",
                SurveyAnswer::Satisfied => "csat satisfied (4-5)",
                SurveyAnswer::NotSatisfied => "csat not satisfied",
            }
            .to_string(),
            RowNote::GoLive { start } => format!("days from {start} to go-live"),
        }
    }

    fn paid_in(&self, from: Decimal, workspace: &str, pay: &Pay, to: Decimal) -> String {
        let l = self.locale;
        format!(
            "{} at {} = {}",
            amount_in(l, from, workspace),
            number_in(l, pay.rate),
            amount_in(l, to, &pay.currency)
        )
    }

    fn pay_rate(&self, pay: &Pay, workspace: &str, day: chrono::NaiveDate) -> String {
        let l = self.locale;
        let c = &pay.currency;
        let rate = format!("1 {c} = {} {workspace}", number_in(l, pay.rate));
        match pay.rate_date {
            Some(on) => format!(
                "Paid in {c} at {rate}, the rate of {} in force on {}, the period's last day: each line is divided by the rate and rounded once to the {c} minor unit.",
                date_in(l, on),
                date_in(l, day)
            ),
            None => format!(
                "Paid in {c} at {rate}, the rate this period was closed at (from the ledger)."
            ),
        }
    }

    fn converted(&self, o: &Original) -> String {
        format!(
            "{} {} at {}",
            o.amount.map(number).unwrap_or_default(),
            o.currency,
            plain(o.rate)
        )
    }

    fn excluded(&self, why: Excluded) -> String {
        match why {
            Excluded::FilteredOut => "filtered out",
            Excluded::DuplicateId => "duplicate id",
            Excluded::OutsidePeriod => "outside period",
            Excluded::UnknownPayee => "unknown payee",
            Excluded::OutsideEmployment => "outside employment",
            Excluded::ReadByNoMeasure => "read by no measure",
        }
        .to_string()
    }
}

fn frequency_word(f: Frequency) -> &'static str {
    match f {
        Frequency::Month => "month",
        Frequency::Quarter => "quarter",
        Frequency::Half => "half",
        Frequency::Year => "year",
        Frequency::Biweekly => "two weeks",
        Frequency::SemiMonth => "half month",
    }
}

fn movement_word(kind: MovementKind) -> &'static str {
    match kind {
        MovementKind::New => "new",
        MovementKind::Expansion => "expansion",
        MovementKind::Contraction => "contraction",
        MovementKind::Churn => "churn",
    }
}

fn kpi_name(kpi: Kpi) -> &'static str {
    match kpi {
        Kpi::Nrr => "NRR",
        Kpi::Grr => "GRR",
        Kpi::MrrChurn => "MRR churn",
        Kpi::LogoChurn => "logo churn",
        Kpi::Nps => "NPS",
        Kpi::Csat => "CSAT",
        Kpi::TimeToValue => "time to value",
    }
}

/// A band's bounds as the plan writes them: `[0, 100000)`, `[100000, ...)`.
fn bounds_words(b: &BandBounds) -> String {
    match b.to {
        Some(to) if b.through => format!("[{}, {}]", plain(b.from), plain(to)),
        Some(to) => format!("[{}, {})", plain(b.from), plain(to)),
        None => format!("[{}, ...)", plain(b.from)),
    }
}

/// A gate's or kicker's test with the value it was tested on: `team_nrr 119.5% < 120%`.
fn test_words(t: &Tested) -> String {
    let ratio = t.unit == Unit::Ratio || t.of != crate::plan::TestOf::Value;
    let show = |v: Decimal| if ratio { percent(v) } else { number(v) };
    let measure = match t.of {
        crate::plan::TestOf::Value => t.measure.clone(),
        crate::plan::TestOf::Attainment => format!("{} attainment", t.measure),
        crate::plan::TestOf::YtdAttainment => {
            format!("{} year to date against the annual target", t.measure)
        }
    };
    let t = &Tested {
        measure,
        ..t.clone()
    };
    let Some(value) = t.value else {
        return format!("{} has no value", t.measure);
    };
    let op = match (t.passed, t.at_most, t.strict) {
        (true, true, false) => "<=",
        (true, false, false) => ">=",
        (false, true, false) => ">",
        (false, false, false) => "<",
        (true, true, true) => "<",
        (true, false, true) => ">",
        (false, true, true) => ">=",
        (false, false, true) => "<=",
    };
    format!("{} {} {op} {}", t.measure, show(value), show(t.bound))
}

fn basis_words(basis: &KpiBasis) -> String {
    match basis {
        KpiBasis::Ratio {
            of,
            to,
            numerator,
            denominator,
        } => {
            let value = |v: &Option<Decimal>| v.map_or("no value".to_string(), number);
            format!(
                "{of} / {to} = {} / {}",
                value(numerator),
                value(denominator)
            )
        }
        KpiBasis::Mrr {
            start,
            customers,
            churned,
            contraction,
            expansion,
        } => format!(
            "start MRR {} over {customers} customers, churned {}, contraction {}, expansion {}",
            number(*start),
            number(*churned),
            number(*contraction),
            number(*expansion)
        ),
        KpiBasis::Logos { lost, customers } => {
            format!("{lost} of {customers} customers at the start lost")
        }
        KpiBasis::Nps {
            responses,
            promoters,
            detractors,
        } => format!("{responses} responses: {promoters} promoters, {detractors} detractors"),
        KpiBasis::Csat {
            responses,
            satisfied,
        } => format!("{responses} responses, {satisfied} scoring 4 or 5"),
        KpiBasis::TimeToValue { stat, go_lives } => {
            let stat = match stat {
                Stat::Median => "median",
                Stat::Mean => "mean",
            };
            format!("{stat} of {go_lives} go-live(s)")
        }
    }
}

fn no_value_words(why: &NoValue) -> String {
    match why {
        NoValue::ZeroDenominator { measure, to } => {
            format!("{measure} has no value: {to} is zero or has no value")
        }
        NoValue::NoStartingMrr(kpi) => format!(
            "{} has no value: no customer had MRR at the start of the period",
            kpi_name(*kpi)
        ),
        NoValue::NoResponse(kpi) => format!(
            "{} has no value: no survey response in the period",
            kpi_name(*kpi)
        ),
        NoValue::NoGoLive => {
            "time to value has no value: no customer went live in the period".into()
        }
    }
}

/// What a case pays: a rate ("12%") or an amount per record ("50.00 per record").
fn case_pays(pays: crate::plan::CasePays) -> String {
    match pays {
        crate::plan::CasePays::Rate(r) => percent(r),
        crate::plan::CasePays::Amount(a) => format!("{} per record", money(a)),
    }
}

/// "1 record", "3 records".
fn records(n: usize) -> String {
    if n == 1 {
        "1 record".to_string()
    } else {
        format!("{n} records")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::{FiscalStart, Period};

    /// Every label is worded in every language, and no two labels of a language read the same (a
    /// heading would be ambiguous). The other phrases are methods of `Words`, which every
    /// catalogue must give (the compiler checks it).
    #[test]
    fn every_label_has_its_own_words_in_every_language() {
        for locale in Locale::ALL {
            let w = catalogue(locale);
            assert_eq!(w.locale(), locale);
            let mut seen = std::collections::HashSet::new();
            for l in Label::ALL {
                let text = w.label(l);
                assert!(!text.trim().is_empty(), "{locale:?}: {l:?} has no words");
                assert!(
                    seen.insert(text),
                    "{locale:?}: {l:?} reads like another label: {text}"
                );
            }
        }
        // French is French: no label left in English, but for the words both languages share
        let shared = [Label::Plan, Label::Date, Label::Total];
        for l in Label::ALL {
            let (en, fr) = (words().label(l), catalogue(Locale::FrFr).label(l));
            assert!(
                en != fr || shared.contains(&l),
                "{l:?} is not translated: {fr}"
            );
        }
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    /// Money inside a sentence is written as the tables write it, grouped; band bounds as the plan
    /// writes them.
    #[test]
    fn sentences_group_money_and_bands_keep_the_plans_bounds() {
        let w = words();
        let jan = Period::parse("2024-01", FiscalStart::default()).unwrap();
        let adjustment = Reason::Adjustment {
            closed: jan,
            of: LineId::component("commission"),
            paid: d("1200.00"),
            now: d("1500.00"),
        };
        assert_eq!(
            w.reason(&adjustment),
            "2024-01 was closed with 1,200.00 paid for commission; it now computes to 1,500.00"
        );
        let gate = Reason::Gate(Tested {
            measure: "team_nrr".into(),
            unit: Unit::Ratio,
            value: Some(d("1.195")),
            bound: d("1.2"),
            at_most: false,
            strict: false,
            passed: false,
            of: crate::plan::TestOf::Value,
        });
        assert_eq!(
            w.reason(&gate),
            "gate closed: team_nrr 119.5% < 120%; not paid"
        );
        let band = |from: &str, to: Option<&str>| BandBounds {
            from: d(from),
            to: to.map(d),
            through: false,
        };
        let across = RecordBand::Across(band("0", Some("100000.00")), band("100000", None));
        assert_eq!(w.band(&across), "[0, 100000) to [100000, ...)");
        let note = Note::NoPlanPeriod {
            plan: "ae-q".into(),
            frequency: Frequency::Quarter,
            period: jan,
        };
        assert_eq!(
            w.note(&note),
            "plan `ae-q` pays every quarter; no period of it ends in 2024-01"
        );
    }
}
