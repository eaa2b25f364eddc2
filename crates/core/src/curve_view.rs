//! The shape of one component as a table (`comp curve`): what it pays at each attainment (or value),
//! with its breakpoints and cap marked. Computed with the engine's own curve and band functions, so
//! the view is what statements pay; renderers only print it.

use crate::engine::arith::{div, mul};
use crate::engine::{bands, curve};
use crate::num::Money;
use crate::plan::{Basis, Cap, Component, Mode, Over, Plan, Rate, Rule, Split};
use rust_decimal::Decimal;

/// One row: at `x`, the component pays `percent` (of its TI for a curve, of the target for an
/// attainment rate table, of the amount for an amount rate table), and `amount` in money when a TI or
/// target was given.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub x: Decimal,
    /// The rate of the band x falls in (rate tables).
    pub rate: Option<Decimal>,
    pub percent: Decimal,
    pub amount: Option<Decimal>,
    /// What happens at this row, if anything.
    pub marks: Vec<Mark>,
    /// The cap cut this row.
    pub capped: bool,
}

#[derive(Debug, Clone)]
pub struct View {
    pub plan: String,
    pub component: String,
    pub kind: ViewKind,
    /// What x is.
    pub x: Axis,
    /// What `percent` is a percentage of.
    pub percent_of: Base,
    pub rows: Vec<Row>,
    /// The cap in percent of what `percent` is of, when it is one.
    pub cap_percent: Option<Decimal>,
    pub cap_amount: Option<Decimal>,
    /// The money base of `amount`: the component's TI (curves) or the target (rate tables).
    pub base: Option<Decimal>,
    pub notes: Vec<ViewNote>,
    /// (x, percent) at evenly spaced x across the rows, after the cap, for a chart.
    pub samples: Vec<(Decimal, Decimal)>,
}

/// How many points a chart samples.
pub const SAMPLES: u32 = 60;

fn sample(rows: &[Row], f: impl Fn(Decimal) -> Decimal) -> Vec<(Decimal, Decimal)> {
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        return Vec::new();
    };
    (0..SAMPLES)
        .map(|i| {
            let x = first.x + (last.x - first.x) * Decimal::from(i) / Decimal::from(SAMPLES - 1);
            (x, f(x))
        })
        .collect()
}

/// What a view shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewKind {
    Curve,
    RateTable,
}

impl ViewKind {
    /// Its identifier, as the plan files' words and the CSV's `kind` column write it.
    pub fn name(self) -> &'static str {
        match self {
            ViewKind::Curve => "curve",
            ViewKind::RateTable => "rate_table",
        }
    }
}

/// What a view's x is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Axis {
    /// Attainment, in percent of target.
    Attainment,
    /// The measure's own value (days, meetings, a KPI).
    Value,
    /// An amount (a rate table on amounts).
    Amount,
}

/// What a view's percentages are of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    ComponentTi,
    Target,
    Amount,
}

/// What happens at a row of a view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// A curve point.
    Point,
    /// The row just below a jump (the earlier point holds there).
    JustBelowJump,
    /// The row at a jump (the later point holds).
    Jump,
    /// The curve's threshold.
    Threshold,
    /// Band `n` (1-based) starts.
    BandStarts(usize),
    /// The first row the cap cuts.
    Cap,
}

/// What a reader of a view should know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ViewNote {
    /// Beyond the last point the curve stays flat, or goes on at its last slope.
    Beyond(crate::plan::Beyond),
    /// The component's TI is this share (percent) of the payee's TI.
    Weight(Decimal),
    /// How a rate table pays.
    Mode(Mode),
    /// A cap in percent of the component's TI: not shown, it depends on the payee's TI.
    CapOfTi(Decimal),
}

/// Why a view cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoView {
    /// A commission pays a rate on every record: there is no curve.
    Commission { rate: Rate },
    /// A kicker pays a rate or an amount once its KPI passes a threshold: a step, not a curve.
    Kicker {
        measure: String,
        at_most: bool,
        /// `above` / `below`: the bound itself does not pass.
        strict: bool,
        bound: Decimal,
    },
    /// A rate table whose rates are multiples of each payee's base rate: its curve depends on the
    /// payee's TI and yearly target.
    Relative,
    /// A pool shares an amount among a collective's members: no curve.
    Pool { amount: Decimal, split: Split },
}

/// The component's payout at the breakpoints and every `step` (in x units) from 0 to past the last.
/// `ti` is the payee's target incentive for a period (curves); `target` the measure's target for a
/// period (attainment rate tables).
pub fn view(
    plan: &Plan,
    c: &Component,
    ti: Option<Decimal>,
    target: Option<Decimal>,
    money: Money,
) -> Result<View, NoView> {
    let hundred = Decimal::ONE_HUNDRED;
    match &c.rule {
        Rule::Commission(cm) => Err(NoView::Commission { rate: cm.rate }),
        Rule::RateTable(rt) if rt.relative => Err(NoView::Relative),
        Rule::Kicker(k) => Err(NoView::Kicker {
            measure: plan.measures[k.test.on].id.clone(),
            at_most: k.test.at_most,
            strict: k.test.strict,
            bound: k.test.bound,
        }),
        Rule::Pool(p) => Err(NoView::Pool {
            amount: p.amount,
            split: p.split,
        }),
        Rule::Curve(cr) => {
            let cv = &cr.curve;
            let comp_ti = ti.map(|t| t * c.weight.unwrap_or(Decimal::ONE));
            let cap_percent = match c.cap {
                Some(Cap::ShareOfTi(s)) => Some(s * hundred),
                _ => None,
            };
            let cap_amount = match c.cap {
                Some(Cap::Amount(a)) => Some(a),
                _ => None,
            };
            let last = cv.points.last().map_or(Decimal::ZERO, |p| p.0);
            let mut xs = grid(last, cr.over == Over::Attainment);
            let mut marks: Vec<(Decimal, Mark, Option<Decimal>)> = Vec::new();
            for (i, p) in cv.points.iter().enumerate() {
                let jump = cv.points.get(i + 1).is_some_and(|q| q.0 == p.0);
                if jump {
                    // just below a jump the earlier point holds; at it, the later one
                    marks.push((p.0, Mark::JustBelowJump, Some(p.1)));
                } else {
                    marks.push((p.0, Mark::Point, None));
                }
                xs.push(p.0);
            }
            if let Some(t) = cv.threshold {
                marks.push((t, Mark::Threshold, None));
                xs.push(t);
            }
            xs.sort();
            xs.dedup();
            let mut rows = Vec::new();
            for x in xs {
                let mut here: Vec<Mark> = Vec::new();
                for (mx, label, below) in &marks {
                    if *mx != x {
                        continue;
                    }
                    if let Some(y) = below {
                        // the row just below the jump, then the row at it
                        rows.push(curve_row(
                            x,
                            *y,
                            vec![label.clone()],
                            (cap_percent, cap_amount),
                            comp_ti,
                            money,
                        ));
                        here.push(Mark::Jump);
                    } else if !here.contains(label) {
                        here.push(label.clone());
                    }
                }
                let y = curve::eval(cv, x).map(|(y, _)| y).unwrap_or_default();
                rows.push(curve_row(
                    x,
                    y,
                    here,
                    (cap_percent, cap_amount),
                    comp_ti,
                    money,
                ));
            }
            mark_cap_start(&mut rows);
            let samples = sample(&rows, |x| {
                let y = curve::eval(cv, x).map(|(y, _)| y).unwrap_or_default();
                cap_percent.map_or(y, |c| y.min(c))
            });
            let mut notes = vec![ViewNote::Beyond(cv.beyond)];
            if let Some(w) = c.weight {
                notes.push(ViewNote::Weight(w * hundred));
            }
            Ok(View {
                plan: plan.id.clone(),
                component: c.id.clone(),
                kind: ViewKind::Curve,
                x: match cr.over {
                    Over::Attainment => Axis::Attainment,
                    Over::Value => Axis::Value,
                },
                percent_of: Base::ComponentTi,
                rows,
                cap_percent,
                cap_amount,
                base: comp_ti.map(|t| at_minor_unit(money, t)),
                notes,
                samples,
            })
        }
        Rule::RateTable(rt) => {
            let attainment = rt.basis == Basis::Attainment;
            // attainment bands pay a share of the target whatever its size; show it on 100 of target
            let base = if attainment { target } else { None };
            let last = rt.bands.last().map_or(Decimal::ZERO, |b| b.from);
            let mut xs = grid(last, attainment);
            xs.extend(rt.bands.iter().map(|b| b.from));
            xs.sort();
            xs.dedup();
            let money_bands = if attainment {
                bands::in_money(&rt.bands, hundred).unwrap_or_default()
            } else {
                rt.bands.clone()
            };
            let cap_amount = match c.cap {
                Some(Cap::Amount(a)) => Some(a),
                _ => None,
            };
            let mut rows = Vec::new();
            for x in xs {
                let (paid, _, reached) =
                    bands::pay(&money_bands, rt.mode, x).unwrap_or((Decimal::ZERO, vec![], 0));
                // attainment: paid on 100 of target at x% is the percent of target; amount: of x
                let percent = if attainment {
                    paid
                } else if x.is_zero() {
                    Decimal::ZERO
                } else {
                    div(mul(paid, hundred).unwrap_or_default(), x).unwrap_or_default()
                };
                let amount = if attainment {
                    base.map(|t| money.round(t * paid / hundred))
                } else {
                    Some(money.round(paid))
                };
                let capped = matches!((amount, cap_amount), (Some(a), Some(c)) if a > c);
                let mut marks = Vec::new();
                if let Some(i) = rt.bands.iter().position(|b| b.from == x) {
                    marks.push(Mark::BandStarts(i + 1));
                }
                rows.push(Row {
                    x,
                    rate: Some(money_bands[reached].rate),
                    percent,
                    amount: match (amount, cap_amount) {
                        (Some(a), Some(c)) => Some(a.min(c)),
                        (a, _) => a,
                    },
                    marks,
                    capped,
                });
            }
            mark_cap_start(&mut rows);
            let samples = sample(&rows, |x| {
                let paid = bands::pay(&money_bands, rt.mode, x).map_or(Decimal::ZERO, |p| p.0);
                if attainment {
                    paid
                } else if x.is_zero() {
                    Decimal::ZERO
                } else {
                    paid * hundred / x
                }
            });
            let mut notes = vec![ViewNote::Mode(rt.mode)];
            if let Some(Cap::ShareOfTi(s)) = c.cap {
                notes.push(ViewNote::CapOfTi(s * hundred));
            }
            Ok(View {
                plan: plan.id.clone(),
                component: c.id.clone(),
                kind: ViewKind::RateTable,
                x: if attainment {
                    Axis::Attainment
                } else {
                    Axis::Amount
                },
                percent_of: if attainment {
                    Base::Target
                } else {
                    Base::Amount
                },
                rows,
                cap_percent: None,
                cap_amount,
                base: base.map(|t| at_minor_unit(money, t)),
                notes,
                samples,
            })
        }
    }
}

fn curve_row(
    x: Decimal,
    y: Decimal,
    marks: Vec<Mark>,
    (cap_percent, cap_amount): (Option<Decimal>, Option<Decimal>),
    comp_ti: Option<Decimal>,
    money: Money,
) -> Row {
    let (percent, mut capped) = match cap_percent {
        Some(c) if y > c => (c, true),
        _ => (y, false),
    };
    let mut amount = comp_ti.map(|t| money.round(t * percent / Decimal::ONE_HUNDRED));
    if let (Some(a), Some(c)) = (amount, cap_amount) {
        if a > c {
            amount = Some(c);
            capped = true;
        }
    }
    Row {
        x,
        rate: None,
        percent,
        amount,
        marks,
        capped,
    }
}

/// Marks the first row the cap cuts.
fn mark_cap_start(rows: &mut [Row]) {
    if let Some(r) = rows.iter_mut().find(|r| r.capped) {
        r.marks.push(Mark::Cap);
    }
}

/// Every 10 points from 0 to 50 past the last breakpoint (at least 200%) for attainment; for values
/// and amounts, ten steps to 1.5 times the last breakpoint.
fn grid(last: Decimal, attainment: bool) -> Vec<Decimal> {
    if attainment {
        let top = (last + Decimal::from(50)).max(Decimal::from(200));
        let steps = (top / Decimal::TEN).ceil();
        let n: u32 = steps.try_into().unwrap_or(20);
        (0..=n.min(100))
            .map(|i| Decimal::from(i) * Decimal::TEN)
            .collect()
    } else {
        let top = if last.is_zero() {
            Decimal::from(100)
        } else {
            last * Decimal::new(15, 1)
        };
        (0..=10)
            .map(|i| top * Decimal::from(i) / Decimal::TEN)
            .collect()
    }
}

/// An amount shown with the currency's decimals (10,000 -> 10,000.00).
fn at_minor_unit(money: Money, d: Decimal) -> Decimal {
    let mut r = money.round(d);
    r.rescale(money.minor_unit);
    r
}
