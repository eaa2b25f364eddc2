//! Statements for people: one block per payee and plan period with a total, then the company total,
//! readable in a 100-column terminal, or fitted to the width asked for ([`Options::width`]).

use super::table_style::{fit_line, Col, Grid};
use super::words::words;
use super::{money, number, percent, points};
use crate::plan::{Mode, Per, Position};
use crate::report::{CalcReport, ComponentLine, Explanation, LineKind, Segment, Statement};
use std::io::{self, Write};

/// The width of statements when none is asked for (piped output, files).
pub const WIDTH: u16 = 100;

pub struct Options {
    pub lines: bool,
    pub reconcile: bool,
    /// The width to fit (a terminal's, or `--width`): headings wrap at their `|` separators and
    /// tables wrap or drop their "how" column; none keeps the fixed layout at [`WIDTH`].
    pub width: Option<u16>,
}

pub fn report<W: Write>(report: &CalcReport, opts: &Options, mut out: W) -> io::Result<()> {
    if report.statements.is_empty() {
        writeln!(out, "No statements for {}.", report.period)?;
    }
    for s in &report.statements {
        statement(s, report, opts, &mut out)?;
    }
    if !report.statements.is_empty() {
        let payees = {
            let mut ids: Vec<&str> = report.statements.iter().map(|s| s.payee.as_str()).collect();
            ids.dedup();
            ids.len()
        };
        writeln!(
            out,
            "Company total for {}: {} {} ({} statement(s), {} payee(s))",
            report.period,
            money(report.total),
            report.currency,
            report.statements.len(),
            payees
        )?;
        if !report.pay_totals.is_empty() {
            // amounts in different currencies are never added (rule 26): one total per currency
            let each: Vec<String> = report
                .pay_totals
                .iter()
                .map(|(c, t)| format!("{} {c}", money(*t)))
                .collect();
            writeln!(out, "Paid by currency: {}", each.join(", "))?;
        }
    }
    if opts.reconcile {
        writeln!(out)?;
        reconciliation(report, opts.width, &mut out)?;
    }
    Ok(())
}

fn statement<W: Write>(
    s: &Statement,
    report: &CalcReport,
    opts: &Options,
    out: &mut W,
) -> io::Result<()> {
    // the period's TI may have more decimals than the currency (10,000 / 12): shown at the minor unit
    let mut ti = s.target_incentive.round_dp(report.minor_unit);
    ti.rescale(report.minor_unit);
    let closed = if s.closed {
        " | closed: paid per the ledger"
    } else {
        ""
    };
    let prorated = if s.active_days < s.period_days {
        format!(
            " (prorated: employed {} of {} days, factor {})",
            s.active_days,
            s.period_days,
            super::ratio(s.proration)
        )
    } else {
        String::new()
    };
    let heading = format!(
        "{} {} | plan {} | {} ({} to {}) | TI for the period {} {}{}{}",
        s.payee,
        s.name,
        s.plan,
        s.period,
        s.start,
        s.end,
        money(ti),
        report.currency,
        prorated,
        closed
    );
    writeln!(out, "{}", fit_line(&heading, opts.width))?;
    let mut t = Grid::new([
        ("component", Col::Id),
        ("value", Col::Number),
        ("target", Col::Number),
        ("att.", Col::Number),
        ("payout", Col::Number),
        ("how", Col::Detail { keep: 1 }),
    ]);
    let w = words();
    for l in &s.lines {
        t.row([
            w.line_name(&l.id),
            match (l.value, l.unit) {
                (Some(v), Some(crate::plan::Unit::Ratio)) => percent(v),
                (v, _) => v.map(money).unwrap_or_default(),
            },
            l.target.map(|t| number(t.round_dp(2))).unwrap_or_default(),
            l.attainment.map(percent).unwrap_or_default(),
            money(l.payout),
            how(l, report.minor_unit),
        ]);
        if opts.lines {
            for r in &l.records {
                let mut detail = String::new();
                if let Some(rate) = r.rate {
                    detail.push_str(&format!(
                        "at {}",
                        super::rate_shown(rate, super::counts(l), report.minor_unit)
                    ));
                }
                if let Some(case) = r.case {
                    if !detail.is_empty() {
                        detail.push_str(", ");
                    }
                    detail.push_str(&w.record_case(case));
                }
                if let Some(note) = w.record_note(r) {
                    if !detail.is_empty() {
                        detail.push_str(", ");
                    }
                    detail.push_str(&note);
                }
                let band = match (&r.band, &r.clawback) {
                    (Some(b), _) => Some(format!("band {}", w.band(b))),
                    // a clawed-back record says when it was credited and cancelled
                    (None, Some(c)) => Some(w.clawed_back(c)),
                    (None, None) => None,
                };
                if let Some(band) = band {
                    if !detail.is_empty() {
                        detail.push(' ');
                    }
                    detail.push_str(&band);
                }
                if let Some(raised) = &r.raised {
                    if !detail.is_empty() {
                        detail.push_str(", ");
                    }
                    detail.push_str(&w.raised(raised));
                }
                if r.uncapped != r.payout {
                    if let Some(u) = r.uncapped {
                        detail.push_str(&format!(", capped from {}", money(u)));
                    }
                }
                t.row([
                    format!("  {}", r.id),
                    r.amount.map(money).unwrap_or_default(),
                    r.date.map(|d| d.to_string()).unwrap_or_default(),
                    String::new(),
                    r.payout.map(money).unwrap_or_default(),
                    detail,
                ]);
            }
        }
    }
    t.row([
        "total".to_string(),
        String::new(),
        String::new(),
        String::new(),
        money(s.total),
        String::new(),
    ]);
    let (table, dropped) = t.fitted(Some(opts.width.unwrap_or(WIDTH)));
    writeln!(out, "{table}")?;
    if let (Some(width), true) = (opts.width, dropped.contains(&5)) {
        // too narrow for the "how" column: each component's under the table
        for l in &s.lines {
            let text = format!("{}: {}", w.line_name(&l.id), how(l, report.minor_unit));
            writeln!(out, "{}", super::table_style::wrap_words(&text, width, 4))?;
        }
    }
    if let Some(pay) = &s.pay {
        // what the payee is paid, in their pay currency (rule 26)
        let rate = w.pay_rate(pay, &report.currency, s.period.end());
        writeln!(
            out,
            "{}",
            super::table_style::wrap_words(&rate, opts.width.unwrap_or(WIDTH), 0)
        )?;
        for (l, to) in s.lines.iter().zip(&pay.lines) {
            writeln!(
                out,
                "  {}: {}",
                w.line_name(&l.id),
                w.paid_in(l.payout, &report.currency, pay, *to)
            )?;
        }
        writeln!(out, "  total paid: {} {}", money(pay.total), pay.currency)?;
    }
    if let Some(b) = s.draw_balance {
        writeln!(
            out,
            "Draw balance still to recover: {} {}",
            money(b),
            report.currency
        )?;
    }
    if let Some(b) = s.carry_balance {
        writeln!(
            out,
            "Negative balance carried forward: {} {}",
            money(b),
            report.currency
        )?;
    }
    writeln!(out)
}

/// How a line was reached, in a few words.
pub fn how(l: &ComponentLine, minor_unit: u32) -> String {
    let at_minor_unit = |d: rust_decimal::Decimal| money(super::at_minor(d, minor_unit));
    // what fell in a band: an amount, or on a measure that counts, how many
    let slice = |d: rust_decimal::Decimal| {
        if super::counts(l) {
            number(d)
        } else {
            at_minor_unit(d)
        }
    };
    let mut s = match &l.explanation {
        Explanation::Rate {
            rate,
            per,
            derived_from,
            multiple,
            each,
        } => {
            let base = match (per, each) {
                (Per::Record, false) => format!("{} of each record", percent(*rate)),
                (Per::Period, false) => format!("{} of the total", percent(*rate)),
                (Per::Record, true) => {
                    format!("{} per record", money(super::per_unit(*rate, minor_unit)))
                }
                (Per::Period, true) => {
                    format!("{} each", money(super::per_unit(*rate, minor_unit)))
                }
            };
            match derived_from {
                Some((ti, target)) if multiple.is_some() => format!(
                    "{base}; rate = {} x TI {} / target {}",
                    number(multiple.unwrap_or_default()),
                    money(*ti),
                    number(*target)
                ),
                Some((ti, target)) => format!(
                    "{base}; rate = TI {} / target {}",
                    money(*ti),
                    number(*target)
                ),
                None => base,
            }
        }
        Explanation::Cases { cases, unmatched } => words().cases_how(cases, unmatched),
        Explanation::Bands {
            bands,
            position: Position::Own,
            ..
        } => {
            let parts: Vec<String> = bands
                .iter()
                .filter(|b| !b.amount.is_zero())
                .map(|b| {
                    format!(
                        "{} x {}",
                        super::rate_shown(b.rate, super::counts(l), minor_unit),
                        slice(b.amount)
                    )
                })
                .collect();
            format!(
                "each record alone: {}",
                if parts.is_empty() {
                    "nothing".into()
                } else {
                    parts.join(" + ")
                }
            )
        }
        Explanation::Bands {
            mode,
            bands,
            reached,
            ..
        } => match mode {
            Mode::Graduated => {
                let parts: Vec<String> = bands
                    .iter()
                    .filter(|b| !b.amount.is_zero())
                    .map(|b| {
                        format!(
                            "{} x {}",
                            super::rate_shown(b.rate, super::counts(l), minor_unit),
                            slice(b.amount)
                        )
                    })
                    .collect();
                format!(
                    "graduated: {}",
                    if parts.is_empty() {
                        "nothing".into()
                    } else {
                        parts.join(" + ")
                    }
                )
            }
            Mode::Retroactive => {
                let b = &bands[*reached];
                format!(
                    "retroactive: all at {} (band from {})",
                    super::rate_shown(b.rate, super::counts(l), minor_unit),
                    number(b.from.round_dp(2))
                )
            }
            Mode::Overage => {
                let parts: Vec<String> = bands
                    .iter()
                    .filter(|b| !b.amount.is_zero())
                    .map(|b| {
                        format!(
                            "{} x {}",
                            super::rate_shown(b.rate, super::counts(l), minor_unit),
                            slice(b.amount)
                        )
                    })
                    .collect();
                format!(
                    "overage: {}",
                    if parts.is_empty() {
                        "nothing".into()
                    } else {
                        parts.join(" + ")
                    }
                )
            }
        },
        Explanation::Curve { x, y, segment, .. } => {
            let ti = l.component_ti.map(at_minor_unit).unwrap_or_default();
            let at = match segment {
                Segment::BelowThreshold { threshold } => {
                    format!("below threshold {}", points(*threshold))
                }
                Segment::BeforeFirstPoint { .. } => "below the first point".into(),
                Segment::Between { from, to } => format!(
                    "between {}->{} and {}->{}",
                    points(from.0),
                    points(from.1),
                    points(to.0),
                    points(to.1)
                ),
                Segment::AtPoint { .. } => "at a curve point".into(),
                Segment::BeyondLastPoint { extended: true, .. } => {
                    "beyond the last point, extended".into()
                }
                Segment::BeyondLastPoint {
                    extended: false, ..
                } => "beyond the last point, flat".into(),
            };
            // a curve over a number's own value (days, meetings, an NPS) reads x as that number
            let x_shown = if l.value == Some(*x) && l.unit == Some(crate::plan::Unit::Number) {
                number(*x)
            } else {
                points(*x)
            };
            format!("curve at {x_shown}: {} of TI {ti} ({at})", points(*y))
        }
        Explanation::Ledger => l
            .reason
            .as_ref()
            .map(|r| words().reason(r))
            .unwrap_or_default(),
        Explanation::NoValue { y } => {
            let ti = l.component_ti.map(at_minor_unit).unwrap_or_default();
            format!("no value: pays {} of TI {ti} (missing)", points(*y))
        }
        Explanation::Pool {
            amount,
            split,
            weight,
            total,
            members,
            remainder,
        } => {
            let share = match split {
                crate::plan::Split::Equal if weight.is_zero() => {
                    "not in post on the last day".to_string()
                }
                crate::plan::Split::Equal => format!("1 of {members} equal shares"),
                crate::plan::Split::Days => format!(
                    "{} of {} days ({members} {})",
                    number(*weight),
                    number(*total),
                    if *members == 1 { "member" } else { "members" }
                ),
            };
            let rest = remainder
                .map(|r| format!("; last share, takes the remainder {}", money(r)))
                .unwrap_or_default();
            format!("pool {}: {share}{rest}", money(*amount))
        }
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
            let show = |v: rust_decimal::Decimal| match l.unit {
                Some(crate::plan::Unit::Ratio) => percent(v),
                _ => number(v),
            };
            let pays = match (rate, base, amount) {
                (Some(r), Some(b), _) => format!("{} of {}", percent(*r), money(*b)),
                (_, _, Some(a)) => money(*a),
                _ => String::new(),
            };
            let value = kpi.map(show).unwrap_or_else(|| "no value".into());
            if *passed {
                format!(
                    "kicker: {value} {} {}, pays {pays}",
                    match (*at_most, *strict) {
                        (true, false) => "<=",
                        (false, false) => ">=",
                        (true, true) => "<",
                        (false, true) => ">",
                    },
                    show(*bound)
                )
            } else {
                format!(
                    "kicker: {value}, {} {}: not paid",
                    match (*at_most, *strict) {
                        (true, false) => "above",
                        (false, false) => "below",
                        (true, true) => "at or above",
                        (false, true) => "at or below",
                    },
                    show(*bound)
                )
            }
        }
        Explanation::PlanCap { total_before, cap } => {
            format!(
                "plan cap {} on components total {}",
                money(*cap),
                money(*total_before)
            )
        }
    };
    if let Explanation::Bands {
        base: Some((ti, target)),
        ..
    } = &l.explanation
    {
        s.push_str(&format!(
            "; base rate = TI {} / target {}",
            money(*ti),
            number(*target)
        ));
    }
    if !matches!(l.explanation, Explanation::Ledger) {
        if let Some(reason) = &l.reason {
            s.push_str(&format!("; {}", words().reason(reason)));
        }
    }
    if let Some(paid) = l.paid_to_date {
        s.push_str(&format!(
            "; earned to date {}, paid to date {}",
            money(l.earned),
            money(paid)
        ));
    }
    if l.kind != LineKind::PlanCap && !l.cap_removed.is_zero() {
        s.push_str(&format!(
            "; capped at {} (-{})",
            l.cap.map(money).unwrap_or_default(),
            money(l.cap_removed)
        ));
    }
    s
}

fn reconciliation<W: Write>(
    report: &CalcReport,
    width: Option<u16>,
    out: &mut W,
) -> io::Result<()> {
    writeln!(out, "Reconciliation for {}", report.period)?;
    let mut t = Grid::new([
        ("source", Col::Id),
        ("rows", Col::Number),
        ("status", Col::Detail { keep: 1 }),
    ]);
    for r in &report.reconciliation {
        t.row([
            r.source.clone(),
            r.rows_read.to_string(),
            format!("read from {}", r.file),
        ]);
        t.row([
            String::new(),
            r.credited.to_string(),
            "credited".to_string(),
        ]);
        for e in &r.excluded {
            t.row([
                String::new(),
                e.rows.to_string(),
                format!("excluded: {}", words().excluded(e.reason)),
            ]);
        }
    }
    writeln!(out, "{}", t.render(Some(width.unwrap_or(WIDTH))))
}
