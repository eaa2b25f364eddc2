//! Statements as sentences a payee understands (`comp explain`): what was measured, against what,
//! which part of the plan applied, and what it paid. Built from the report only; nothing is computed
//! here beyond wording (amounts are the report's, shown at the currency's minor unit).

use super::locale::date_in;
use super::sentences_fr as fr;
use super::words::Words;
use super::{money, number, percent, points};
use crate::locale::Locale;
use crate::plan::{Interpolation, Mode, Per, Position, Unit};
use crate::report::{CalcReport, ComponentLine, Explanation, LineKind, Reason, Segment, Statement};
use rust_decimal::Decimal;
use std::io::{self, Write};

/// A report as sentences, in the catalogue's language: each statement, and for one payee with
/// several statements (a monthly plan over a quarter) what they add up to.
/// The columns a paragraph is folded at when nothing narrower is asked (a file, a pipe): a
/// `comp statements --format txt` file, `comp explain -o`.
pub const TEXT_WIDTH: usize = 100;

/// Every statement of `report` as sentences, folded at `width` columns.
pub fn report<W: Write>(
    report: &CalcReport,
    w: &dyn Words,
    width: usize,
    mut out: W,
) -> io::Result<()> {
    let french = w.locale() == Locale::FrFr;
    if report.statements.is_empty() {
        match french {
            true => writeln!(out, "{}", fr::no_statement(report))?,
            false => writeln!(out, "There is no statement for {}.", report.period)?,
        }
    }
    for s in &report.statements {
        statement(s, report, w, width, &mut out)?;
    }
    let mut payees: Vec<&str> = report.statements.iter().map(|s| s.payee.as_str()).collect();
    payees.dedup();
    if report.statements.len() > 1 && payees.len() == 1 {
        match french {
            true => writeln!(out, "{}", fr::in_all(report))?,
            false => match report.payees.as_slice() {
                // one payee paid in another currency: their total in it (rule 26)
                [p] if p.currency.is_some() => writeln!(
                    out,
                    "Over {} you are paid {} in all.",
                    report.period,
                    super::locale::amount_in(
                        w.locale(),
                        p.total,
                        p.currency.as_deref().unwrap_or_default()
                    )
                )?,
                _ => writeln!(
                    out,
                    "Over {} you are paid {} {} in all.",
                    report.period,
                    money(report.total),
                    report.currency
                )?,
            },
        }
    }
    Ok(())
}

/// What fell in a band: an amount, or on a measure that counts, how many.
fn slice(d: Decimal, each: bool, minor_unit: u32) -> String {
    if each {
        super::number(d)
    } else {
        at_minor(d, minor_unit)
    }
}

fn at_minor(d: Decimal, minor_unit: u32) -> String {
    money(super::at_minor(d, minor_unit))
}

/// One statement as sentences, folded at `width` columns (a `comp statements --format txt` file
/// is one, at [`TEXT_WIDTH`]).
pub fn statement<W: Write>(
    s: &Statement,
    r: &CalcReport,
    w: &dyn Words,
    width: usize,
    out: &mut W,
) -> io::Result<()> {
    wrapped(out, &heading(s, w), width)?;
    wrapped(out, &format!("{}\n", intro(s, r, w)), width)?;
    if s.closed {
        writeln!(out, "{}", closed(w))?;
    }
    let colon = match w.locale() {
        Locale::FrFr => "\u{a0}:",
        _ => ":",
    };
    for l in &s.lines {
        writeln!(out)?;
        wrapped(
            out,
            &format!("{}{colon} {}", title(l, w), how(l, r, w)),
            width,
        )?;
    }
    if let Some(pay) = &s.pay {
        // each line converted into the pay currency (rule 26)
        writeln!(out)?;
        wrapped(
            out,
            &format!("{}\n", w.pay_rate(pay, &r.currency, s.period.end())),
            width,
        )?;
        for (l, to) in s.lines.iter().zip(&pay.lines) {
            wrapped(
                out,
                &format!(
                    "{}{colon} {}\n",
                    title(l, w),
                    w.paid_in(l.payout, &r.currency, pay, *to)
                ),
                width,
            )?;
        }
    }
    writeln!(out)?;
    for sentence in closing(s, r, w) {
        wrapped(out, &sentence, width)?;
    }
    writeln!(out)
}

/// Who, which plan, which period.
fn heading(s: &Statement, w: &dyn Words) -> String {
    if w.locale() == Locale::FrFr {
        return fr::heading(s);
    }
    format!(
        "{} ({}), plan {}, {} ({} to {}).",
        s.name,
        s.payee,
        s.plan,
        s.period,
        date_in(w.locale(), s.start),
        date_in(w.locale(), s.end)
    )
}

/// Said of a closed period.
pub fn closed(w: &dyn Words) -> &'static str {
    match w.locale() {
        Locale::FrFr => fr::CLOSED,
        _ => "This period is closed: the amounts are those paid then, from the ledger.",
    }
}

/// The target incentive, and the proration when the payee was not there all the period.
pub fn intro(s: &Statement, r: &CalcReport, w: &dyn Words) -> String {
    if w.locale() == Locale::FrFr {
        return fr::intro(s, r);
    }
    let cur = &r.currency;
    let mut intro = format!(
        "Your target incentive for the period is {} {cur}",
        at_minor(s.target_incentive, r.minor_unit)
    );
    // a change of plan inside the period (rule 20): another statement of the payee for it
    let changed = r
        .statements
        .iter()
        .any(|o| o.payee == s.payee && o.period == s.period && o.plan != s.plan);
    if s.active_days < s.period_days && changed {
        intro.push_str(&format!(
            ": you were on this plan {} of the period's {} days, so it and your targets are prorated to {}",
            s.active_days,
            s.period_days,
            percent(s.proration)
        ));
    } else if s.active_days < s.period_days {
        intro.push_str(&format!(
            ": you were with the company {} of its {} days, so it and your targets are prorated to {}",
            s.active_days,
            s.period_days,
            percent(s.proration)
        ));
    }
    intro.push('.');
    intro
}

/// The total, and the balances carried on: a draw still to recover, a negative balance.
pub fn closing(s: &Statement, r: &CalcReport, w: &dyn Words) -> Vec<String> {
    if w.locale() == Locale::FrFr {
        return fr::closing(s, r);
    }
    let cur = &r.currency;
    let mut said = vec![match &s.pay {
        Some(pay) => format!(
            "In total you are paid {} for {} ({} {cur} before conversion).",
            super::locale::amount_in(w.locale(), pay.total, &pay.currency),
            s.period,
            money(s.total)
        ),
        None => format!(
            "In total you are paid {} {cur} for {}.",
            money(s.total),
            s.period
        ),
    }];
    if let Some(b) = s.draw_balance {
        said.push(format!("Your draw still to recover is {} {cur}.", money(b)));
    }
    // nothing carried is nothing to say
    if let Some(b) = s.carry_balance.filter(|b| !b.is_zero()) {
        said.push(format!(
            "A negative balance of {} {cur} is carried to later periods.",
            money(b)
        ));
    }
    said
}

/// A line's title: its name and kind.
pub fn title(l: &ComponentLine, w: &dyn Words) -> String {
    match l.kind {
        LineKind::PlanCap if w.locale() == Locale::FrFr => "Plafond du plan".to_string(),
        LineKind::PlanCap => "Plan cap".to_string(),
        kind => format!("{} ({})", w.line_name(&l.id), w.kind(kind)),
    }
}

/// How a line was paid, in sentences: what was measured, the part of the plan that applied, what
/// it paid.
pub fn how(l: &ComponentLine, r: &CalcReport, w: &dyn Words) -> String {
    if w.locale() == Locale::FrFr {
        return fr::how(l, r, w);
    }
    let mut para = Vec::new();
    line(l, r, w, &mut para).expect("writing to memory");
    String::from_utf8_lossy(&para).into_owned()
}

fn line<W: Write>(l: &ComponentLine, r: &CalcReport, w: &dyn Words, out: &mut W) -> io::Result<()> {
    let cur = &r.currency;
    let measure = l.measure.as_deref().unwrap_or("the measure");
    // what was measured, against what
    // a KPI that is a ratio (a retention, a churn rate) reads as a percentage
    let shown = |v: Decimal| match l.unit {
        Some(Unit::Ratio) => percent(v),
        _ => money(v),
    };
    match (l.value, l.target, l.attainment) {
        (Some(v), Some(t), Some(a)) => write!(
            out,
            "you reached {} of {measure} against a target of {}: {}. ",
            shown(v),
            shown(t),
            percent(a)
        )?,
        (Some(v), _, _) => write!(out, "you reached {} of {measure}. ", shown(v))?,
        _ => {}
    }
    explain_rule(l, r, w, out, false)?;
    if l.kind != LineKind::PlanCap && !l.cap_removed.is_zero() {
        write!(
            out,
            "That would be {} {cur}, above this part's cap of {} {cur}, so {} {cur} is left out. ",
            money(l.uncapped),
            l.cap.map(money).unwrap_or_default(),
            money(l.cap_removed)
        )?;
    }
    if let Some(paid) = l.paid_to_date {
        write!(
            out,
            "You have earned {} {cur} so far this year and were paid {} {cur} for it before. ",
            money(l.earned),
            money(paid)
        )?;
    }
    writeln!(out, "This part pays {} {cur}.", money(l.payout))
}

/// How the line's rule paid, in sentences. `told_base`: the base rate of a relative rate table
/// has been said already.
fn explain_rule<W: Write>(
    l: &ComponentLine,
    r: &CalcReport,
    w: &dyn Words,
    out: &mut W,
    told_base: bool,
) -> io::Result<()> {
    let cur = &r.currency;
    match &l.explanation {
        Explanation::Rate {
            rate,
            per,
            derived_from,
            multiple,
            each,
        } => {
            match (per, each) {
                (Per::Record, false) => write!(
                    out,
                    "The plan pays {} of each credited record, each rounded to the cent",
                    percent(*rate)
                )?,
                (Per::Period, false) => {
                    write!(out, "The plan pays {} of the total", percent(*rate))?
                }
                (Per::Record, true) => write!(
                    out,
                    "The plan pays {} for each credited record",
                    money(super::per_unit(*rate, r.minor_unit))
                )?,
                (Per::Period, true) => write!(
                    out,
                    "The plan pays {} for each one counted",
                    money(super::per_unit(*rate, r.minor_unit))
                )?,
            }
            if let (Some(k), Some((ti, target))) = (multiple, derived_from) {
                write!(
                    out,
                    " ({} times your base rate, this part's annual TI {} over its annual target {} ({}))",
                    number(*k),
                    money(*ti),
                    money(*target),
                    percent(*ti / *target)
                )?;
            } else if let Some((ti, target)) = derived_from {
                write!(
                    out,
                    " (the rate is this part's annual TI {} over its annual target {})",
                    money(*ti),
                    money(*target)
                )?;
            }
            write!(out, ". ")?;
        }
        Explanation::Cases { cases, unmatched } => {
            write!(out, "{} ", w.cases_told(cases, unmatched))?;
        }
        Explanation::Bands {
            base: Some((ti, target)),
            ..
        } if !told_base => {
            // the base rate first, then the bands as any other table
            write!(
                out,
                "Its rates are multiples of your base rate, this part's annual TI {} over its annual target {} ({}). ",
                money(*ti),
                money(*target),
                percent(*ti / *target)
            )?;
            return explain_rule(l, r, w, out, true);
        }
        Explanation::Bands {
            bands,
            position: Position::Own,
            ..
        } => {
            let parts = band_parts(bands, super::counts(l), r);
            write!(
                out,
                "Each record is looked up in the table alone, by its own amount, and rounded to the cent: {}. ",
                if parts.is_empty() {
                    "nothing fell in any band".to_string()
                } else {
                    parts.join(", ")
                }
            )?;
        }
        Explanation::Bands {
            mode,
            bands,
            reached,
            ..
        } => match mode {
            Mode::Graduated => {
                let parts = band_parts(bands, super::counts(l), r);
                if parts.is_empty() {
                    write!(out, "Nothing fell in any band. ")?;
                } else {
                    write!(
                        out,
                        "Each slice is paid at its own band's rate: {}. ",
                        parts.join(", then ")
                    )?;
                }
            }
            Mode::Retroactive => {
                let b = &bands[*reached];
                let to =
                    b.to.map(|t| format!(" to {}", at_minor(t, r.minor_unit)))
                        .unwrap_or_else(|| " up".to_string());
                write!(
                    out,
                    "That reaches the band from {}{to}, so all of it is paid at {}: {} x {} = {}. ",
                    at_minor(b.from, r.minor_unit),
                    super::rate_shown(b.rate, super::counts(l), r.minor_unit),
                    slice(b.amount, super::counts(l), r.minor_unit),
                    super::rate_shown(b.rate, super::counts(l), r.minor_unit),
                    at_minor(b.payout, r.minor_unit)
                )?;
            }
            Mode::Overage => {
                let parts = band_parts(bands, super::counts(l), r);
                if parts.is_empty() {
                    write!(out, "Nothing fell in any band. ")?;
                } else {
                    write!(
                        out,
                        "The first band's part is paid at its rate and all beyond it at the rate of the band reached: {}. ",
                        parts.join(", then ")
                    )?;
                }
            }
        },
        Explanation::Curve {
            y,
            segment,
            interpolation,
            ..
        } => {
            let ti = l
                .component_ti
                .map(|t| {
                    format!(
                        " of this part's target incentive ({} {cur})",
                        at_minor(t, r.minor_unit)
                    )
                })
                .unwrap_or_default();
            // a curve over a count's own value (days, meetings) reads x as that count, not as a
            // percentage: it has no target to be a share of
            let over_count = l.unit == Some(Unit::Number) && l.target.is_none();
            let at = |x: Decimal| if over_count { number(x) } else { points(x) };
            match segment {
                Segment::BelowThreshold { threshold } => write!(
                    out,
                    "Below the threshold of {} the plan pays nothing. ",
                    at(*threshold)
                )?,
                Segment::BeforeFirstPoint { point } => write!(
                    out,
                    "Below {} the plan pays {}{ti}. ",
                    at(point.0),
                    points(point.1)
                )?,
                Segment::AtPoint { point } => write!(
                    out,
                    "At {} the plan pays {}{ti}. ",
                    at(point.0),
                    points(point.1)
                )?,
                // a stepped curve holds each point's payout up to the next point
                Segment::Between { from, to } if *interpolation == Interpolation::Step => write!(
                    out,
                    "From {} up to {} the plan pays {}{ti}, one step of its curve. ",
                    at(from.0),
                    at(to.0),
                    points(*y)
                )?,
                Segment::Between { from, to } => write!(
                    out,
                    "Between {} and {} the plan pays from {} to {}{ti}, in proportion: {}. ",
                    at(from.0),
                    at(to.0),
                    points(from.1),
                    points(to.1),
                    points(*y)
                )?,
                Segment::BeyondLastPoint {
                    point,
                    extended: true,
                } => write!(
                    out,
                    "Beyond {} the plan goes on at the same slope: {}{ti}. ",
                    at(point.0),
                    points(*y)
                )?,
                Segment::BeyondLastPoint {
                    point,
                    extended: false,
                } => write!(
                    out,
                    "From {} on the plan pays {}{ti}. ",
                    at(point.0),
                    points(point.1)
                )?,
            }
        }
        Explanation::NoValue { y } => write!(
            out,
            "The measure has no value this period (nothing to divide by), so the plan pays what it \
             says for that case: {} of this part's target incentive. ",
            points(*y)
        )?,
        Explanation::Kicker {
            kpi,
            bound,
            at_most,
            strict,
            passed,
            rate,
            base,
            amount,
        } => {
            let test = match (*at_most, *strict) {
                (true, false) => "at most",
                (false, false) => "at least",
                (true, true) => "below",
                (false, true) => "above",
            };
            let pays = match (rate, base, amount) {
                (Some(r), Some(b), _) => format!("{} of {} {cur}", percent(*r), money(*b)),
                (_, _, Some(a)) => format!("{} {cur}", money(*a)),
                _ => String::new(),
            };
            let show = |v: Decimal| match l.unit {
                Some(crate::plan::Unit::Ratio) => percent(v),
                _ => number(v),
            };
            let value = kpi.map_or_else(|| "no value".to_string(), show);
            if *passed {
                write!(
                    out,
                    "The kicker needs {test} {}; it is {value}, so it pays {pays}. ",
                    show(*bound)
                )?
            } else {
                write!(
                    out,
                    "The kicker needs {test} {}; it is {value}, so it pays nothing. ",
                    show(*bound)
                )?
            }
        }
        Explanation::Pool {
            amount,
            split,
            weight,
            total,
            members,
            remainder,
        } => {
            match split {
                crate::plan::Split::Equal if weight.is_zero() => write!(
                    out,
                    "The plan shares a pool of {} {cur} equally among the members in post on the \
                     period's last day; you were not, so you have no share. ",
                    money(*amount)
                )?,
                crate::plan::Split::Equal => write!(
                    out,
                    "The plan shares a pool of {} {cur} equally among the members in post on \
                     the period's last day: {members} of them. ",
                    money(*amount)
                )?,
                crate::plan::Split::Days => write!(
                    out,
                    "The plan shares a pool of {} {cur} among its members by days employed \
                     ({members} of them): you were employed {} of their {} days. ",
                    money(*amount),
                    number(*weight),
                    number(*total)
                )?,
            }
            if let Some(r) = remainder {
                write!(
                    out,
                    "As the last member you take the rounding remainder ({} {cur}), so the \
                     shares add up to the pool. ",
                    money(*r)
                )?;
            }
        }
        Explanation::PlanCap { total_before, cap } => write!(
            out,
            "The parts above add up to {} {cur}; the plan caps the period at {} {cur}. ",
            money(*total_before),
            money(*cap)
        )?,
        Explanation::Ledger => {
            if let Some(reason) = &l.reason {
                write!(out, "{}. ", w.reason(reason))?;
            }
        }
    }
    // a gate: said with the value it was tested on, open or closed
    if let (Some(Reason::Gate(t)), false) =
        (&l.reason, matches!(l.explanation, Explanation::Ledger))
    {
        let test = w.test(t);
        if t.passed {
            write!(out, "The gate on {} is open: {test}. ", t.measure)?;
        } else {
            write!(
                out,
                "The gate on {} is closed: {test}, so this part pays nothing. ",
                t.measure
            )?;
        }
    }
    Ok(())
}

/// Writes a paragraph folded at `width` columns, between words (a word longer than the width
/// stands on its own line).
pub(super) fn wrapped<W: Write>(out: &mut W, text: &str, width: usize) -> io::Result<()> {
    let mut col = 0;
    // ASCII whitespace only: a no-break space (French `12 500,00 €`) holds its words together
    for word in text.split_ascii_whitespace() {
        let n = word.chars().count();
        if col > 0 && col + 1 + n > width {
            writeln!(out)?;
            col = 0;
        }
        if col > 0 {
            write!(out, " ")?;
            col += 1;
        }
        write!(out, "{word}")?;
        col += n;
    }
    writeln!(out)
}

/// Each band that holds something: its rate, the amount in it and what it paid.
fn band_parts(bands: &[crate::report::BandUse], each: bool, r: &CalcReport) -> Vec<String> {
    bands
        .iter()
        .filter(|b| !b.amount.is_zero())
        .map(|b| {
            format!(
                "{} on {} ({})",
                super::rate_shown(b.rate, each, r.minor_unit),
                slice(b.amount, each, r.minor_unit),
                at_minor(b.payout, r.minor_unit)
            )
        })
        .collect()
}
