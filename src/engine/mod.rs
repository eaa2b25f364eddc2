//! The engine: pure functions from a checked workspace and its data to reports. No I/O, no printing.

pub mod arith;
pub mod bands;
mod credit;
pub mod curve;
mod measure;

pub use credit::{credit, Credits};
pub use measure::{CompiledMeasure, MeasureValue};

use crate::data::{Dataset, Payee};
use crate::diag::{Diagnostic, Invalid};
use crate::num::Money;
use crate::period::Period;
use crate::plan::{Cap, Component, Mode, Over, Per, Plan, Rate, Rule, Unit};
use crate::report::{CalcReport, ComponentLine, Explanation, RecordLine, Statement};
use crate::workspace::Workspace;
use arith::{mul, Overflow, R};
use rust_decimal::Decimal;

/// What to calculate.
#[derive(Debug, Clone)]
pub struct Request {
    pub period: Period,
    /// Only these payees (all when empty).
    pub payees: Vec<String>,
    /// Only these plans (all when empty).
    pub plans: Vec<String>,
}

/// Computes every statement of the requested period.
pub fn calculate(ws: &Workspace, data: &Dataset, req: &Request) -> Result<CalcReport, Invalid> {
    let (credits, reconciliation) = credit(data);
    let mut notes = Vec::new();
    for t in &data.tables {
        for (field, value, rows, line) in &t.unmapped {
            notes.push(format!(
                "{}:{line}: `{field}` value \"{value}\" is not in the source's value mapping ({rows} row(s)); it is used as is",
                t.file.display()
            ));
        }
    }
    for rec in &reconciliation {
        for u in &rec.unknown_payees {
            let lines: Vec<String> = u.lines.iter().map(u64::to_string).collect();
            notes.push(format!(
                "{}:{}: {} row(s) credited to `{}`, who is not on the roster (lines {}{})",
                rec.file,
                u.lines.first().copied().unwrap_or(0),
                u.rows,
                u.payee,
                lines.join(", "),
                if u.rows as usize > u.lines.len() {
                    ", ..."
                } else {
                    ""
                }
            ));
        }
        for d in &rec.duplicates {
            notes.push(format!(
                "{}:{}: id `{}` repeats line {}; the repeat is excluded",
                rec.file, d.line, d.id, d.first_line
            ));
        }
    }
    let mut diags = Vec::new();
    let mut statements = Vec::new();
    for plan in &ws.plans {
        if !req.plans.is_empty() && !req.plans.contains(&plan.id) {
            continue;
        }
        let periods = req.period.split(plan.frequency, ws.fiscal);
        let on_plan = data.roster.payees.iter().any(|p| p.plan == plan.id);
        if periods.is_empty() && on_plan {
            notes.push(format!(
                "plan `{}` pays every {}; {} holds none of its periods",
                plan.id,
                plan.frequency.name(),
                req.period
            ));
            continue;
        }
        let measures: Vec<CompiledMeasure> = plan
            .measures
            .iter()
            .map(|m| CompiledMeasure::compile(m, data))
            .collect();
        for (pi, payee) in data.roster.payees.iter().enumerate() {
            if payee.plan != plan.id || (!req.payees.is_empty() && !req.payees.contains(&payee.id))
            {
                continue;
            }
            for period in &periods {
                if !payee.employed_during(period.start, period.end()) {
                    continue;
                }
                let ctx = Ctx {
                    ws,
                    data,
                    plan,
                    measures: &measures,
                    credits: &credits,
                    payee,
                    payee_index: pi,
                    period: *period,
                };
                match ctx.statement() {
                    Ok(s) => statements.push(s),
                    Err(Fail::Invalid(d)) => diags.push(d),
                    Err(Fail::Overflow) => diags.push(
                        Diagnostic::new(format!(
                            "the numbers of payee {} in {} are too large to compute exactly",
                            payee.id, period
                        ))
                        .at(payee.loc.clone())
                        .hint("check the amounts and quotas for values out of proportion"),
                    ),
                }
            }
        }
    }
    if !diags.is_empty() {
        return Err(Invalid(diags));
    }
    statements.sort_by(|a, b| (&a.payee, a.period.start).cmp(&(&b.payee, b.period.start)));
    let total = arith::sum(statements.iter().map(|s| s.total))
        .map(|t| ws.money.round(t))
        .map_err(|_| {
            Invalid(vec![Diagnostic::new(
                "the company total is too large to compute",
            )])
        })?;
    Ok(CalcReport {
        period: req.period,
        currency: ws.currency.clone(),
        minor_unit: ws.money.minor_unit,
        rounding: ws.money.rounding.name(),
        statements,
        total,
        reconciliation,
        notes,
    })
}

enum Fail {
    Invalid(Diagnostic),
    Overflow,
}

impl From<Overflow> for Fail {
    fn from(_: Overflow) -> Self {
        Fail::Overflow
    }
}

/// One payee, one plan period.
struct Ctx<'a> {
    ws: &'a Workspace,
    data: &'a Dataset,
    plan: &'a Plan,
    measures: &'a [CompiledMeasure],
    credits: &'a [Credits],
    payee: &'a Payee,
    payee_index: usize,
    period: Period,
}

impl Ctx<'_> {
    fn money(&self) -> Money {
        self.ws.money
    }

    /// The payee's TI for a period: the annual TI spread evenly by months.
    fn ti_for(&self, period: &Period) -> R {
        arith::div(
            mul(self.payee.target_incentive, Decimal::from(period.months))?,
            Decimal::from(12),
        )
    }

    /// Calendar days of the period the payee is employed, and the period's days (rule 13).
    fn active_days(&self) -> (i64, i64) {
        let (start, end) = (self.period.start, self.period.end());
        let first = self.payee.start.max(start);
        let last = self.payee.end.map_or(end, |e| e.min(end));
        let active = (last - first).num_days() + 1;
        (active.max(0), (end - start).num_days() + 1)
    }

    fn target(&self, measure: usize, period: &Period) -> Option<Decimal> {
        let id = &self.plan.measures[measure].id;
        self.data
            .quotas
            .target(&self.payee.id, id, period)
            .map(|t| t.value)
    }

    fn missing_target(&self, c: &Component, period: &Period) -> Fail {
        let m = &self.plan.measures[c.rule.on()].id;
        Fail::Invalid(
            Diagnostic::new(format!(
                "payee {} has no quota for measure `{m}` in {period}, which component `{}` of plan `{}` needs",
                self.payee.id, c.id, self.plan.id
            ))
            .at(self.payee.loc.clone())
            .hint(format!(
                "add a row `{},{period},{m},<target>` (or one for a longer period) to the quotas",
                self.payee.id
            )),
        )
    }

    fn statement(&self) -> Result<Statement, Fail> {
        let money = self.money();
        let (active_days, period_days) = self.active_days();
        let proration = arith::div(Decimal::from(active_days), Decimal::from(period_days))?;
        let period_ti = mul(self.ti_for(&self.period)?, proration)?;
        let mut cache: Vec<Option<MeasureValue>> = vec![None; self.measures.len()];
        let mut lines = Vec::new();
        for c in &self.plan.components {
            let on = c.rule.on();
            if cache[on].is_none() {
                let t = &self.credits[self.measures[on].table];
                let v = self.measures[on].eval(
                    self.data,
                    &t.by_payee[self.payee_index],
                    &self.period,
                )?;
                cache[on] = Some(v);
            }
            let mv = cache[on].as_ref().expect("just filled");
            lines.push(self.component(c, mv, period_ti, proration)?);
        }
        let mut total = arith::sum(lines.iter().map(|l| l.payout))?;
        if let Some(cap) = self.plan.cap {
            let cap = money.round(match cap {
                Cap::ShareOfTi(s) => mul(s, period_ti)?,
                Cap::Amount(a) => a,
            });
            if total > cap {
                let cut = arith::sub(cap, total)?;
                lines.push(ComponentLine {
                    component: "plan_cap".to_string(),
                    kind: "plan_cap",
                    measure: None,
                    value: None,
                    unit: None,
                    target: None,
                    attainment: None,
                    component_ti: Some(period_ti),
                    uncapped: cut,
                    cap: Some(cap),
                    cap_removed: -cut,
                    payout: cut,
                    explanation: Explanation::PlanCap {
                        total_before: total,
                        cap,
                    },
                    records: Vec::new(),
                });
                total = cap;
            }
        }
        Ok(Statement {
            payee: self.payee.id.clone(),
            name: self.payee.name.clone(),
            plan: self.plan.id.clone(),
            period: self.period,
            start: self.period.start,
            end: self.period.end(),
            target_incentive: period_ti,
            active_days,
            period_days,
            proration,
            lines,
            total,
        })
    }

    fn component(
        &self,
        c: &Component,
        mv: &MeasureValue,
        period_ti: Decimal,
        proration: Decimal,
    ) -> Result<ComponentLine, Fail> {
        let money = self.money();
        let measure = &self.plan.measures[c.rule.on()];
        // a target is prorated like the TI: a payee active half the period has half the quota
        let target = match self.target(c.rule.on(), &self.period) {
            Some(t) => Some(mul(t, proration)?),
            None => None,
        };
        if c.rule.needs_target() && target.is_none() {
            return Err(self.missing_target(c, &self.period));
        }
        let attainment = match target {
            Some(t) => Some(arith::div(mv.value, t)?),
            None => None,
        };
        let component_ti = match c.weight {
            Some(w) => Some(mul(w, period_ti)?),
            None => None,
        };
        let mut records = self.record_lines(mv);
        // (uncapped payout before rounding, or None when the lines are already rounded; explanation)
        let (exact, explanation): (Option<Decimal>, Explanation) = match &c.rule {
            Rule::Commission(cm) => {
                let (rate, derived_from) = match cm.rate {
                    Rate::Fixed(r) => (r, None),
                    Rate::TiOverTarget => {
                        let year = self.period.fiscal_year(self.ws.fiscal);
                        let annual_target = self
                            .target(cm.on, &year)
                            .ok_or_else(|| self.missing_target(c, &year))?;
                        let annual_ti = mul(
                            c.weight.unwrap_or(Decimal::ONE),
                            self.payee.target_incentive,
                        )?;
                        (
                            arith::div(annual_ti, annual_target)?,
                            Some((annual_ti, annual_target)),
                        )
                    }
                };
                let exact = match cm.per {
                    Per::Record => {
                        for (r, amount) in records.iter_mut().zip(&mv.amounts) {
                            self.pay_record(r, mul(*amount, rate)?, c.cap_per_record);
                            r.rate = Some(rate);
                        }
                        None
                    }
                    Per::Period => Some(mul(mv.value, rate)?),
                };
                (
                    exact,
                    Explanation::Rate {
                        rate,
                        per: cm.per,
                        derived_from,
                    },
                )
            }
            Rule::RateTable(rt) => {
                let bands = match rt.basis {
                    crate::plan::Basis::Amount => rt.bands.clone(),
                    crate::plan::Basis::Attainment => {
                        bands::in_money(&rt.bands, target.expect("checked above"))?
                    }
                };
                let (total, uses, reached) = bands::pay(&bands, rt.mode, mv.value)?;
                let exact = match rt.per {
                    Per::Period => Some(total),
                    Per::Record => {
                        let mut cum = Decimal::ZERO;
                        for (r, amount) in records.iter_mut().zip(&mv.amounts) {
                            let next = arith::add(cum, *amount)?;
                            let (pay, band) = match rt.mode {
                                Mode::Graduated => {
                                    let pay = arith::sub(
                                        bands::graduated(&bands, next)?,
                                        bands::graduated(&bands, cum)?,
                                    )?;
                                    let (b0, b1) =
                                        (bands::band_of(&bands, cum), bands::band_of(&bands, next));
                                    let band = if b0 == b1 {
                                        band_label(&rt.bands, b0)
                                    } else {
                                        format!(
                                            "{} to {}",
                                            band_label(&rt.bands, b0),
                                            band_label(&rt.bands, b1)
                                        )
                                    };
                                    (pay, band)
                                }
                                Mode::Retroactive => (
                                    mul(*amount, bands[reached].rate)?,
                                    band_label(&rt.bands, reached),
                                ),
                            };
                            if rt.mode == Mode::Retroactive {
                                r.rate = Some(bands[reached].rate);
                            }
                            r.band = Some(band);
                            self.pay_record(r, pay, c.cap_per_record);
                            cum = next;
                        }
                        None
                    }
                };
                (
                    exact,
                    Explanation::Bands {
                        basis: rt.basis,
                        mode: rt.mode,
                        per: rt.per,
                        bands: uses,
                        reached,
                    },
                )
            }
            Rule::Curve(cv) => {
                let x = match cv.over {
                    Over::Attainment => {
                        mul(attainment.expect("checked above"), Decimal::ONE_HUNDRED)?
                    }
                    Over::Value if measure.unit == Unit::Ratio => {
                        mul(mv.value, Decimal::ONE_HUNDRED)?
                    }
                    Over::Value => mv.value,
                };
                let (y, segment) = curve::eval(&cv.curve, x)?;
                let ti = component_ti.unwrap_or(period_ti);
                let exact = arith::div(mul(y, ti)?, Decimal::ONE_HUNDRED)?;
                (
                    Some(exact),
                    Explanation::Curve {
                        x,
                        y,
                        segment,
                        interpolation: cv.curve.interpolation,
                    },
                )
            }
        };
        let uncapped = match exact {
            Some(e) => money.round(e),
            None => money.round(arith::sum(records.iter().filter_map(|r| r.payout))?),
        };
        let cap = match c.cap {
            None => None,
            Some(Cap::Amount(a)) => Some(money.round(a)),
            Some(Cap::ShareOfTi(s)) => {
                Some(money.round(mul(s, component_ti.unwrap_or(period_ti))?))
            }
        };
        let payout = match cap {
            Some(cap) if uncapped > cap => cap,
            _ => uncapped,
        };
        Ok(ComponentLine {
            component: c.id.clone(),
            kind: c.rule.kind(),
            measure: Some(measure.id.clone()),
            value: Some(mv.value),
            unit: Some(measure.unit),
            target,
            attainment,
            component_ti,
            uncapped,
            cap,
            cap_removed: arith::sub(uncapped, payout)?,
            payout,
            explanation,
            records,
        })
    }

    /// A record's own line: capped per record when the plan says so, then rounded.
    fn pay_record(&self, r: &mut RecordLine, exact: Decimal, cap: Option<Decimal>) {
        let capped = match cap {
            Some(c) if exact > c => c,
            _ => exact,
        };
        r.uncapped = Some(self.money().round(exact));
        r.payout = Some(self.money().round(capped));
    }

    fn record_lines(&self, mv: &MeasureValue) -> Vec<RecordLine> {
        let table = &self.data.tables[mv.table];
        let id_field = table.field("id").expect("record sources map id");
        mv.rows
            .iter()
            .zip(&mv.amounts)
            .map(|(&row, &amount)| RecordLine {
                id: table
                    .symbols
                    .resolve(table.text(id_field)[row as usize])
                    .to_string(),
                date: mv.date_of(table, row),
                line: table.lines[row as usize],
                amount: Some(amount),
                rate: None,
                band: None,
                uncapped: None,
                payout: None,
            })
            .collect()
    }
}

fn band_label(bands: &[crate::plan::Band], i: usize) -> String {
    let b = &bands[i];
    match b.to {
        Some(to) => format!("[{}, {})", b.from.normalize(), to.normalize()),
        None => format!("[{}, ...)", b.from.normalize()),
    }
}
