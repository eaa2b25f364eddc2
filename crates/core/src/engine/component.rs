//! One payee's components over a scope: a period, or the periods of the year to date. Measures,
//! targets, attainment, commissions, rate tables, curves and caps: what the payee earned.

use super::arith::{self, mul, Overflow, R};
use super::{bands, curve, kpi, CompiledMeasure, Credits, MeasureValue};
use crate::data::{Dataset, Payee, RecordTable};
use crate::diag::Diagnostic;
use crate::num::Money;
use crate::period::Period;
use crate::plan::{
    Cap, CasePays, Commission, Component, CurveRule, Kicker, KickerPays, Measure, Mode, Over, Per,
    Plan, Pool, Position, Rate, RateTable, Rule, Split, Test, TestOf, Unit, Whose,
};
use crate::report::{
    BandBounds, CaseUse, ComponentLine, Explanation, KpiBasis, LineId, LineKind, NoValue, Raised,
    RaisedBy, Reason, RecordBand, RecordCase, RecordLine, Tested,
};
use crate::workspace::Workspace;
use chrono::NaiveDate;
use rust_decimal::Decimal;

pub(crate) enum Fail {
    Invalid(Diagnostic),
    Overflow,
}

impl From<Overflow> for Fail {
    fn from(_: Overflow) -> Self {
        Fail::Overflow
    }
}

/// The dates a computation covers, with each payout period's proration, and the TI they carry.
#[derive(Debug, Clone)]
pub(crate) struct Scope {
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// (period, proration): one period on a period basis, the year to date on a ytd basis.
    pub periods: Vec<(Period, Decimal)>,
    /// The payee's TI over the scope, prorated.
    pub ti: Decimal,
}

/// A component's measure over a scope, against its target: what every rule pays from.
struct Measured<'m> {
    mv: &'m MeasureValue,
    measure: &'m Measure,
    target: Option<Decimal>,
    attainment: Option<Decimal>,
    /// weight x the scope's TI, for weighted components.
    component_ti: Option<Decimal>,
    /// The TI a share of TI is taken of: the component's, or the scope's when it has no weight.
    ti: Decimal,
}

/// What a rule paid: the exact payout before rounding (None when its record lines are paid and
/// rounded one by one), and how it was reached.
struct Paid {
    exact: Option<Decimal>,
    explanation: Explanation,
}

/// One payee on one plan: the payee's assignments on the plan (rule 20), one or several.
pub(crate) struct Ctx<'a> {
    pub ws: &'a Workspace,
    pub data: &'a Dataset,
    pub plan: &'a Plan,
    /// Compiled record measures (None for KPI measures), by the plan's measure order.
    pub measures: &'a [Option<CompiledMeasure>],
    pub credits: &'a [Credits],
    /// The payee's last assignment on the plan: their id, name and roster line.
    pub payee: &'a Payee,
    /// The payee's assignments on the plan (roster positions, in date order).
    pub held: &'a [usize],
    pub detail: bool,
}

impl<'a> Ctx<'a> {
    /// How the plan's lines are rounded: the plan's own mode, or the workspace's.
    pub fn money(&self) -> Money {
        Money {
            rounding: self.plan.rounding.unwrap_or(self.ws.money.rounding),
            ..self.ws.money
        }
    }

    /// The payee's assignments on the plan.
    fn assignments(&self) -> impl Iterator<Item = &'a Payee> + '_ {
        self.held.iter().map(|&i| &self.data.roster.payees[i])
    }

    /// The assignment that speaks for the payee over [start, end] (its team, its TI for a rate of
    /// TI over target): the one in force on the last day, else the last one inside the dates,
    /// else the last one.
    pub(crate) fn at(&self, start: NaiveDate, end: NaiveDate) -> &'a Payee {
        self.assignments()
            .find(|a| a.employed_on(end))
            .or_else(|| {
                self.assignments()
                    .filter(|a| a.employed_during(start, end))
                    .last()
            })
            .unwrap_or(self.payee)
    }

    /// Whether the payee is on the plan some day of [start, end].
    pub fn employed_during(&self, start: NaiveDate, end: NaiveDate) -> bool {
        self.assignments().any(|a| a.employed_during(start, end))
    }

    /// The payee's first day on the plan (a draw counts its periods from it, and does not restart
    /// on a return to the plan).
    pub fn first_start(&self) -> NaiveDate {
        self.data.roster.payees[self.held[0]].start
    }

    /// The payee's last day on the plan, if they left it.
    pub fn last_end(&self) -> Option<NaiveDate> {
        self.payee.end
    }

    /// An assignment's TI for a period: the annual TI spread evenly by months, or 1/24 of it for
    /// a semi-month and 1/26 for a biweekly period.
    pub(crate) fn ti_for(a: &Payee, period: &Period) -> R {
        let (share, of) = period.kind.share_of_year();
        arith::div(
            mul(a.target_incentive, Decimal::from(share))?,
            Decimal::from(of),
        )
    }

    /// Calendar days of the period the payee is on the plan, and the period's days (rule 13).
    pub fn active_days(&self, period: &Period) -> (i64, i64) {
        let (start, end) = (period.start, period.end());
        let active = self.assignments().map(|a| a.days_in(start, end)).sum();
        (active, (end - start).num_days() + 1)
    }

    /// A scope over consecutive periods: each period's TI is each assignment's TI for its days
    /// (rule 20), its factor the days on the plan over the period's days.
    pub fn scope(&self, periods: &[Period]) -> R<Scope> {
        let mut ti = Decimal::ZERO;
        let mut with = Vec::new();
        for p in periods {
            let days = Decimal::from((p.end() - p.start).num_days() + 1);
            let mut active = 0;
            for a in self.assignments() {
                let d = a.days_in(p.start, p.end());
                if d > 0 {
                    let f = arith::div(Decimal::from(d), days)?;
                    ti = arith::add(ti, mul(Self::ti_for(a, p)?, f)?)?;
                    active += d;
                }
            }
            let f = arith::div(Decimal::from(active), days)?;
            with.push((*p, f));
        }
        Ok(Scope {
            start: periods[0].start,
            end: periods[periods.len() - 1].end(),
            periods: with,
            ti,
        })
    }

    /// The target of a measure over a scope: each period's quota, prorated like the TI (a payee active
    /// half the period has half the quota). None when a period of the scope has no quota.
    ///
    /// A collective measure's target is not prorated (rule 19): the collective's value is over the
    /// whole period, so its attainment is the collective's, the same for every member; a member who
    /// joins mid-period is prorated on the TI only.
    fn target(&self, measure: usize, scope: &Scope) -> Result<Option<Decimal>, Fail> {
        let m = &self.plan.measures[measure];
        let collective = |p: &Period| self.collective(m.over, p.start, p.end());
        let mut total = Decimal::ZERO;
        for (p, f) in &scope.periods {
            match self.quota(m, p) {
                Some(t) if collective(p) => total = arith::add(total, t)?,
                Some(t) => total = arith::add(total, mul(t, *f)?)?,
                None => return Ok(None),
            }
        }
        Ok(Some(total))
    }

    /// Whether a measure over `whose` is a collective's (rule 19): a team's (when the payee has a
    /// team: without one, a team measure reads the payee's own records), a manager's reports', the
    /// company's.
    fn collective(&self, whose: Whose, start: NaiveDate, end: NaiveDate) -> bool {
        match whose {
            Whose::Payee => false,
            Whose::Team => self.at(start, end).team.is_some(),
            Whose::Reports | Whose::Company => true,
        }
    }

    fn annual_target(&self, measure: usize, year: &Period) -> Option<Decimal> {
        self.quota(&self.plan.measures[measure], year)
    }

    /// The quota of a measure over a period: the company's target (payee `*`) for a measure over
    /// the company that has one, else the payee's own rows. The reader refuses both for one measure.
    fn quota(&self, m: &Measure, p: &Period) -> Option<Decimal> {
        let quotas = &self.data.quotas;
        if m.over == Whose::Company {
            if let Some(t) = quotas.target_value(crate::data::COMPANY, &m.id, p) {
                return Some(t);
            }
        }
        quotas.target_value(&self.payee.id, &m.id, p)
    }

    fn missing_target(&self, c: &Component, what: &str) -> Fail {
        let measure = &self.plan.measures[c.rule.on()];
        let m = &measure.id;
        if measure.over == Whose::Company {
            return Fail::Invalid(
                Diagnostic::new(format!(
                    "there is no company target for measure `{m}` in {what}, which component `{}` of plan `{}` needs",
                    c.id, self.plan.id
                ))
                .at(self.payee.loc.clone())
                .hint(format!(
                    "add a row `*,{what},{m},<target>` (the company's target, written once) to the quotas"
                )),
            );
        }
        Fail::Invalid(
            Diagnostic::new(format!(
                "payee {} has no quota for measure `{m}` in {what}, which component `{}` of {} needs",
                self.payee.id,
                c.id,
                match &self.plan.own_id {
                    // a plan in force under another's id: named by its own, and what it stands for
                    Some(own) => format!("plan `{own}` (in place of `{}`)", self.plan.id),
                    None => format!("plan `{}`", self.plan.id),
                }
            ))
            .at(self.payee.loc.clone())
            .hint(format!(
                "add a row `{},{what},{m},<target>` (or one for a longer period) to the quotas",
                self.payee.id
            )),
        )
    }

    /// What the payee earned over the scope: one line per component, then the plan cap's cut if any.
    pub fn earned(&self, scope: &Scope) -> Result<Vec<ComponentLine>, Fail> {
        let money = self.money();
        let mut cache: Vec<Option<MeasureValue>> = vec![None; self.measures.len()];
        let mut lines = Vec::new();
        for c in &self.plan.components {
            // a component on its own, longer frequency: over that period, in the plan period that
            // ends it, with measures of its own
            let (own_scope, mut own_cache);
            let (scope, cache) = match c.frequency {
                None => (scope, &mut cache),
                Some(f) => match self.own_scope(f, scope)? {
                    None => continue,
                    Some(s) => {
                        own_scope = s;
                        own_cache = vec![None; self.measures.len()];
                        (&own_scope, &mut own_cache)
                    }
                },
            };
            // the rule's measure, a kicker's rate base, the gate's measure: no allocation per
            // component and period
            let kicker_of = match &c.rule {
                Rule::Kicker(k) => match k.pays {
                    KickerPays::Rate { of, .. } => Some(of),
                    _ => None,
                },
                _ => None,
            };
            let used = [Some(c.rule.on()), kicker_of, c.gate.map(|g| g.on)];
            for i in used.into_iter().flatten() {
                if cache[i].is_none() {
                    cache[i] = Some(self.measure_value(i, scope)?);
                }
            }
            lines.push(self.component(c, cache, scope)?);
        }
        let total = arith::sum(lines.iter().map(|l| l.payout))?;
        if let Some(cap) = self.plan.cap {
            let cap = money.round(match cap {
                Cap::ShareOfTi(s) => mul(s, scope.ti)?,
                Cap::Amount(a) => mul(a, Decimal::from(scope.periods.len() as u32))?,
            });
            if total > cap {
                let cut = arith::sub(cap, total)?;
                lines.push(ComponentLine {
                    id: LineId::PlanCap,
                    kind: LineKind::PlanCap,
                    measure: None,
                    value: None,
                    unit: None,
                    target: None,
                    attainment: None,
                    component_ti: Some(scope.ti),
                    uncapped: cut,
                    cap: Some(cap),
                    cap_removed: -cut,
                    earned: cut,
                    paid_to_date: None,
                    payout: cut,
                    reason: None,
                    explanation: Explanation::PlanCap {
                        total_before: total,
                        cap,
                    },
                    records: Vec::new(),
                });
            }
        }
        Ok(lines)
    }

    /// The scope of a component paid every `f` (longer than the plan's periods): the plan periods
    /// of the `f` period that the scope's last period ends, or None when it ends none (the
    /// component is not due then).
    fn own_scope(&self, f: crate::period::Frequency, scope: &Scope) -> R<Option<Scope>> {
        let fiscal = self.ws.fiscal;
        let last = scope.periods[scope.periods.len() - 1].0;
        let year = last.fiscal_year(fiscal);
        let Some(long) = year
            .split(f, fiscal)
            .into_iter()
            .find(|q| q.contains(last.start))
        else {
            return Ok(None);
        };
        if long.end() != last.end() {
            return Ok(None);
        }
        let periods: Vec<Period> = year
            .split(self.plan.frequency, fiscal)
            .into_iter()
            .filter(|q| long.covers(q))
            .collect();
        self.scope(&periods).map(Some)
    }

    /// The assignments whose records a measure reads over a scope: the payee's, their team's (rule
    /// 11: a collective measure; the team of the assignment in force at the scope's end), or those
    /// of the payees who report to them (a manager's roll-up).
    fn whose(&self, whose: Whose, scope: &Scope) -> Vec<usize> {
        let payees = &self.data.roster.payees;
        match (whose, &self.at(scope.start, scope.end).team) {
            (Whose::Team, Some(team)) => (0..payees.len())
                .filter(|&i| payees[i].team.as_ref() == Some(team))
                .collect(),
            (Whose::Reports, _) => (0..payees.len())
                .filter(|&i| payees[i].manager.as_deref() == Some(self.payee.id.as_str()))
                .collect(),
            (Whose::Company, _) => (0..payees.len()).collect(),
            _ => self.held.to_vec(),
        }
    }

    /// A measure's value over the scope: records credited to the payees it covers, or a KPI over
    /// the customers of the payee's portfolio, team or company.
    fn measure_value(&self, i: usize, scope: &Scope) -> Result<MeasureValue, Fail> {
        let m = &self.plan.measures[i];
        if let Some((of, to)) = &m.ratio {
            let part = |id: &str| -> Result<MeasureValue, Fail> {
                let j = self.plan.measure(id).expect("checked: ratio parts exist");
                self.measure_value(j, scope)
            };
            let (a, b) = (part(of)?, part(to)?);
            let basis = KpiBasis::Ratio {
                of: of.clone(),
                to: to.clone(),
                numerator: a.known(),
                denominator: b.known(),
            };
            let (value, quotient, missing) = match (a.known(), b.known()) {
                (Some(x), Some(y)) if !y.is_zero() => (Some(arith::div(x, y)?), Some((x, y)), None),
                _ => (
                    None,
                    None,
                    Some(NoValue::ZeroDenominator {
                        measure: m.id.clone(),
                        to: to.clone(),
                    }),
                ),
            };
            return Ok(MeasureValue::of_kpi(kpi::KpiValue {
                value,
                quotient,
                missing,
                basis,
                lines: Vec::new(),
            }));
        }
        if let Some(spec) = m.kpi {
            let cd = &self.data.customers;
            let mut customers: Vec<usize> = match m.over {
                // without rows every customer adds nothing to a KPI: it is that of no customers,
                // and finding them is most of a run that gives each KPI its value (what-if's
                // Monte Carlo, `CustomerData::without_rows`)
                _ if !cd.has_rows() => Vec::new(),
                Whose::Company => (0..cd.customers.len()).collect(),
                w => self
                    .whose(w, scope)
                    .into_iter()
                    .flat_map(|p| cd.portfolio(&self.data.roster.payees[p].id).iter().copied())
                    .collect(),
            };
            // file order, so statements list customers the same way whoever asks; once each (a
            // payee with two assignments on the plan or in the team has one portfolio)
            customers.sort_unstable();
            customers.dedup();
            let mut v = kpi::eval(cd, spec, &customers, scope.start, scope.end, self.detail)?;
            // a value what-if gives in place of the rows' (the rows stay as the basis)
            if let Some(given) = cd.given_value(&m.id, &self.payee.id, scope.end) {
                v.value = Some(given);
                v.quotient = Some((given, Decimal::ONE));
                v.missing = None;
            }
            return Ok(MeasureValue::of_kpi(v));
        }
        let compiled = self.measures[i]
            .as_ref()
            .expect("record measures are compiled");
        let t = &self.credits[compiled.table];
        let rows: std::borrow::Cow<[u32]> = match m.over {
            Whose::Payee if self.held.len() == 1 => {
                std::borrow::Cow::Borrowed(&t.by_payee[self.held[0]])
            }
            w => std::borrow::Cow::Owned(
                self.whose(w, scope)
                    .into_iter()
                    .flat_map(|p| t.by_payee[p].iter().copied())
                    .collect(),
            ),
        };
        Ok(compiled.eval(self.data, &rows, scope.start, scope.end)?)
    }

    /// A test on a measure's value: whether it passes, with what it compared.
    fn test(&self, t: &Test, mv: &MeasureValue) -> Tested {
        let m = &self.plan.measures[t.on];
        let value = mv.known();
        Tested {
            measure: m.id.clone(),
            unit: m.unit,
            value,
            bound: t.bound,
            at_most: t.at_most,
            strict: t.strict,
            passed: value.is_some_and(|v| t.passes(v)),
            of: t.of,
        }
    }

    /// A gate's test: on the measure's value, or on its attainment over the scope or over the year
    /// to date against the year's target (each prorated for a payee who started or left, rule 13).
    fn gate_test(
        &self,
        c: &Component,
        t: &Test,
        mv: &MeasureValue,
        scope: &Scope,
    ) -> Result<Tested, Fail> {
        let (value, target) = match t.of {
            TestOf::Value => return Ok(self.test(t, mv)),
            TestOf::Attainment => (mv.known(), self.target(t.on, scope)?),
            TestOf::YtdAttainment => {
                let fiscal = self.ws.fiscal;
                let year = Period::fiscal_year(&scope.periods[0].0, fiscal);
                let all = year.split(self.plan.frequency, fiscal);
                let to_date: Vec<Period> = all
                    .iter()
                    .copied()
                    .filter(|p| p.end() <= scope.end)
                    .collect();
                let ytd = self.measure_value(t.on, &self.scope(&to_date)?)?;
                (ytd.known(), self.target(t.on, &self.scope(&all)?)?)
            }
        };
        let Some(target) = target else {
            let what = match t.of {
                TestOf::YtdAttainment => scope.periods[0].0.fiscal_year(self.ws.fiscal).to_string(),
                _ => scope.periods[scope.periods.len() - 1].0.to_string(),
            };
            let m = &self.plan.measures[t.on].id;
            return Err(Fail::Invalid(
                Diagnostic::new(format!(
                    "payee {} has no quota for measure `{m}` in {what}, which the gate of component `{}` of plan `{}` tests the attainment of",
                    self.payee.id, c.id, self.plan.id
                ))
                .at(self.payee.loc.clone())
                .hint(format!(
                    "add a row `{},{what},{m},<target>` (or rows for its periods) to the quotas",
                    self.payee.id
                )),
            ));
        };
        let attainment = match value {
            Some(v) if !target.is_zero() => Some(arith::div(v, target)?),
            _ => None,
        };
        Ok(Tested {
            measure: self.plan.measures[t.on].id.clone(),
            unit: Unit::Ratio,
            value: attainment,
            bound: t.bound,
            at_most: t.at_most,
            strict: t.strict,
            passed: attainment.is_some_and(|a| t.passes(a)),
            of: t.of,
        })
    }

    fn component(
        &self,
        c: &Component,
        cache: &[Option<MeasureValue>],
        scope: &Scope,
    ) -> Result<ComponentLine, Fail> {
        let mut line = self.component_ungated(c, cache, scope)?;
        let Some(gate) = &c.gate else {
            return Ok(line);
        };
        let gv = cache[gate.on]
            .as_ref()
            .expect("gate measures are evaluated");
        let tested = self.gate_test(c, gate, gv, scope)?;
        let open = tested.passed;
        line.reason = Some(Reason::Gate(tested));
        if !open {
            // a closed gate pays nothing, record lines included (so nothing is clawed back later)
            // zero at the currency's minor unit, as every paid amount is written
            let zero = self.money().round(Decimal::ZERO);
            line.uncapped = zero;
            line.cap_removed = zero;
            line.earned = zero;
            line.payout = zero;
            for r in &mut line.records {
                if r.payout.is_some() {
                    r.uncapped = Some(zero);
                    r.payout = Some(zero);
                    r.raised = None;
                }
            }
        }
        Ok(line)
    }

    /// A component's line before its gate: its measure against its target, paid by its rule, then
    /// capped.
    fn component_ungated(
        &self,
        c: &Component,
        cache: &[Option<MeasureValue>],
        scope: &Scope,
    ) -> Result<ComponentLine, Fail> {
        let mv = cache[c.rule.on()]
            .as_ref()
            .expect("the component's measure is evaluated");
        let m = self.measured(c, mv, scope)?;
        let mut records = if self.detail || c.rule.per() == Per::Record {
            self.record_lines(mv)
        } else {
            Vec::new()
        };
        let paid = match &c.rule {
            Rule::Commission(cm) => self.pay_commission(c, cm, &m, scope, &mut records)?,
            Rule::RateTable(rt) => self.pay_rate_table(c, rt, &m, scope, &mut records)?,
            Rule::Curve(_) if mv.known().is_none() => Paid {
                exact: Some(arith::div(mul(c.missing, m.ti)?, Decimal::ONE_HUNDRED)?),
                explanation: Explanation::NoValue { y: c.missing },
            },
            Rule::Kicker(k) => self.pay_kicker(k, cache, &m, scope)?,
            Rule::Curve(cv) => self.pay_curve(cv, &m)?,
            Rule::Pool(pool) => self.pay_pool(c, pool, scope)?,
        };
        self.capped_line(c, &m, scope, paid, records)
    }

    /// The component's measure over the scope, against its target (which the rule may need).
    fn measured<'m>(
        &'m self,
        c: &Component,
        mv: &'m MeasureValue,
        scope: &Scope,
    ) -> Result<Measured<'m>, Fail> {
        let target = self.target(c.rule.on(), scope)?;
        if c.rule.needs_target() && target.is_none() {
            let last = scope.periods[scope.periods.len() - 1].0;
            return Err(self.missing_target(c, &last.to_string()));
        }
        let attainment = match target {
            Some(t) => Some(arith::div(mv.value, t)?),
            None => None,
        };
        let component_ti = match c.weight {
            Some(w) => Some(mul(w, scope.ti)?),
            None => None,
        };
        Ok(Measured {
            mv,
            measure: &self.plan.measures[c.rule.on()],
            target,
            attainment,
            component_ti,
            ti: component_ti.unwrap_or(scope.ti),
        })
    }

    /// A commission: a rate of the period's total, or of each record (each its own rounded line).
    fn pay_commission(
        &self,
        c: &Component,
        cm: &Commission,
        m: &Measured,
        scope: &Scope,
        records: &mut [RecordLine],
    ) -> Result<Paid, Fail> {
        // a rate from the payee's base rate (rule 25): its multiple ("ti/target" itself is 1x)
        let multiple = match cm.rate {
            Rate::ByCase => return self.pay_cases(c, cm, m, records),
            Rate::Fixed(_) | Rate::TiOverTarget => Decimal::ONE,
            Rate::Multiple(k) => k,
        };
        let (rate, derived_from) = match cm.rate {
            Rate::Fixed(r) => (r, None),
            _ => {
                let (ti, target) = self.base_rate(c, cm.on, scope)?;
                (arith::div(mul(multiple, ti)?, target)?, Some((ti, target)))
            }
        };
        // a rate of TI over target pays amount x multiple x TI / target, dividing last: the rate
        // itself may have no exact decimal (30,000 / 700,000)
        let at_rate = |amount: Decimal| match derived_from {
            Some((ti, target)) => arith::div(mul(mul(amount, multiple)?, ti)?, target),
            None => mul(amount, rate),
        };
        let exact = match cm.per {
            Per::Record => {
                for (r, amount) in records.iter_mut().zip(&m.mv.amounts) {
                    self.pay_record(r, at_rate(*amount)?, c);
                    r.rate = Some(rate);
                }
                None
            }
            Per::Period => Some(at_rate(m.mv.value)?),
        };
        Ok(Paid {
            exact,
            explanation: Explanation::Rate {
                rate,
                per: cm.per,
                derived_from,
                multiple: matches!(cm.rate, Rate::Multiple(_)).then_some(multiple),
                each: counts(m.measure),
            },
        })
    }

    /// The payee's base rate for a component on a measure, as (the fiscal year's component TI, the
    /// fiscal year's target): `"ti/target"` and the multiples of rule 25.
    fn base_rate(
        &self,
        c: &Component,
        on: usize,
        scope: &Scope,
    ) -> Result<(Decimal, Decimal), Fail> {
        let year = scope.periods[0].0.fiscal_year(self.ws.fiscal);
        let weight = c.weight.unwrap_or(Decimal::ONE);
        // the assignment in force at the scope's end (rule 20)
        let held = self.at(scope.start, scope.end);
        if self.changes_in(&year) {
            return self.base_rate_of_assignment(c, on, held, &year, weight);
        }
        let annual_target = self
            .annual_target(on, &year)
            .ok_or_else(|| self.missing_target(c, &year.to_string()))?;
        let annual_ti = mul(weight, held.target_incentive)?;
        Ok((annual_ti, annual_target))
    }

    /// Whether the payee holds more than one assignment (on any plan) during the fiscal year.
    fn changes_in(&self, year: &Period) -> bool {
        let roster = &self.data.roster;
        roster
            .assignments(&self.payee.id)
            .filter(|&i| roster.payees[i].employed_during(year.start, year.end()))
            .nth(1)
            .is_some()
    }

    /// The base rate of a payee whose assignments change during the fiscal year (rule 25 with
    /// rule 20): the assignment's annual component TI over the annual equivalent of the target of
    /// the plan periods of the year it is in force in (their quotas x 12 / their months, or x 24 / their
    /// number for semi-months, x 26 for biweekly periods). A
    /// promotion onto the plan in July so divides the new TI by twice H2's quota, not by a year's
    /// quota rows of which H1 belonged to the old plan.
    fn base_rate_of_assignment(
        &self,
        c: &Component,
        on: usize,
        held: &Payee,
        year: &Period,
        weight: Decimal,
    ) -> Result<(Decimal, Decimal), Fail> {
        let m = &self.plan.measures[on];
        let (mut target, mut periods) = (Decimal::ZERO, 0u32);
        for p in year.split(self.plan.frequency, self.ws.fiscal) {
            if !held.employed_during(p.start, p.end()) {
                continue;
            }
            let quota = self
                .quota(m, &p)
                .ok_or_else(|| self.missing_target(c, &p.to_string()))?;
            target = arith::add(target, quota)?;
            periods += 1;
        }
        // the periods' share of a year: periods x months / 12 (periods / 24, periods / 26)
        let (share, of) = self.plan.frequency.share_of_year();
        let annual = arith::div(
            mul(target, Decimal::from(of))?,
            Decimal::from((periods * share).max(1)),
        )?;
        Ok((mul(weight, held.target_incentive)?, annual))
    }

    /// A commission by cases: each record is paid by the first case whose test it passes (a case
    /// without a test takes every record); a record no case takes is paid nothing and says so.
    fn pay_cases(
        &self,
        c: &Component,
        cm: &Commission,
        m: &Measured,
        records: &mut [RecordLine],
    ) -> Result<Paid, Fail> {
        let table = &self.data.tables[m.mv.table];
        let tests: Vec<CaseTest> = cm.cases.iter().map(|k| CaseTest::new(k, table)).collect();
        let mut uses: Vec<CaseUse> = cm
            .cases
            .iter()
            .enumerate()
            .map(|(i, k)| CaseUse {
                number: i as u32 + 1,
                pays: k.pays,
                default: k.is_default(),
                records: Vec::new(),
                payout: Decimal::ZERO,
            })
            .collect();
        let mut unmatched = Vec::new();
        for ((r, amount), &row) in records.iter_mut().zip(&m.mv.amounts).zip(&m.mv.rows) {
            match tests.iter().position(|t| t.takes(table, row)) {
                Some(i) => {
                    let pay = match cm.cases[i].pays {
                        CasePays::Rate(rate) => {
                            r.rate = Some(rate);
                            mul(*amount, rate)?
                        }
                        // an amount per record, signed as the record is (a credit note takes it back)
                        CasePays::Amount(a) if amount.is_sign_negative() => -a,
                        CasePays::Amount(a) => a,
                    };
                    self.pay_record(r, pay, c);
                    r.case = Some(RecordCase::Case(i as u32 + 1));
                    uses[i].records.push(r.id.clone());
                    uses[i].payout = arith::add(uses[i].payout, r.uncapped.unwrap_or_default())?;
                }
                None => {
                    // not paid at all, so no floor or minimum raises it
                    let zero = self.money().round(Decimal::ZERO);
                    (r.uncapped, r.payout) = (Some(zero), Some(zero));
                    r.case = Some(RecordCase::NoCase);
                    unmatched.push(r.id.clone());
                }
            }
        }
        Ok(Paid {
            exact: None,
            explanation: Explanation::Cases {
                cases: uses,
                unmatched,
            },
        })
    }

    /// A rate table: graduated or retroactive bands in money or in attainment, over the period's
    /// total or record by record (each record paid for the slice of the total it adds).
    fn pay_rate_table(
        &self,
        c: &Component,
        rt: &RateTable,
        m: &Measured,
        scope: &Scope,
        records: &mut [RecordLine],
    ) -> Result<Paid, Fail> {
        // rates relative to the payee (rule 25): the bands hold multiples of the base rate, and
        // what they pay is scaled by the year's component TI over the year's target, dividing last
        let base = if rt.relative {
            Some(self.base_rate(c, rt.on, scope)?)
        } else {
            None
        };
        let scale = |x: Decimal| -> R {
            match base {
                Some((ti, target)) => arith::div(mul(x, ti)?, target),
                None => Ok(x),
            }
        };
        let bands = match rt.basis {
            crate::plan::Basis::Amount => rt.bands.clone(),
            crate::plan::Basis::Attainment => {
                bands::in_money(&rt.bands, m.target.expect("checked by measured"))?
            }
        };
        let (total, mut uses, mut reached) = bands::pay(&bands, rt.mode, m.mv.value)?;
        let exact = match rt.per {
            Per::Period => Some(scale(total)?),
            Per::Record if rt.position == Position::Own => {
                // each record alone: the statement's bands sum what each record put in them
                for u in uses.iter_mut() {
                    (u.amount, u.payout) = (Decimal::ZERO, Decimal::ZERO);
                }
                reached = 0;
                for (r, amount) in records.iter_mut().zip(&m.mv.amounts) {
                    let (pay, own, at) = bands::pay(&bands, rt.mode, *amount)?;
                    for (u, o) in uses.iter_mut().zip(&own) {
                        u.amount = arith::add(u.amount, o.amount)?;
                        u.payout = arith::add(u.payout, o.payout)?;
                    }
                    reached = reached.max(at);
                    let band = match rt.mode {
                        Mode::Graduated | Mode::Overage if at > 0 && amount.is_sign_positive() => {
                            RecordBand::Across(bounds(&rt.bands, 0), bounds(&rt.bands, at))
                        }
                        Mode::Graduated | Mode::Overage => RecordBand::Within(bounds(&rt.bands, 0)),
                        Mode::Retroactive => {
                            r.rate = Some(scale(bands[at].rate)?);
                            RecordBand::Within(bounds(&rt.bands, at))
                        }
                    };
                    r.band = Some(Box::new(band));
                    self.pay_record(r, scale(pay)?, c);
                }
                None
            }
            Per::Record => {
                let mut cum = Decimal::ZERO;
                for (r, amount) in records.iter_mut().zip(&m.mv.amounts) {
                    let next = arith::add(cum, *amount)?;
                    let (pay, band) = match rt.mode {
                        // what the record adds to the period's total so far
                        Mode::Graduated | Mode::Overage => {
                            let pay = arith::sub(
                                bands::total(&bands, rt.mode, next)?,
                                bands::total(&bands, rt.mode, cum)?,
                            )?;
                            let (b0, b1) =
                                (bands::band_of(&bands, cum), bands::band_of(&bands, next));
                            let band = if b0 == b1 {
                                RecordBand::Within(bounds(&rt.bands, b0))
                            } else {
                                RecordBand::Across(bounds(&rt.bands, b0), bounds(&rt.bands, b1))
                            };
                            (pay, band)
                        }
                        Mode::Retroactive => (
                            mul(*amount, bands[reached].rate)?,
                            RecordBand::Within(bounds(&rt.bands, reached)),
                        ),
                    };
                    if rt.mode == Mode::Retroactive {
                        r.rate = Some(scale(bands[reached].rate)?);
                    }
                    r.band = Some(Box::new(band));
                    self.pay_record(r, scale(pay)?, c);
                    cum = next;
                }
                None
            }
        };
        for u in uses.iter_mut() {
            (u.rate, u.payout) = (scale(u.rate)?, scale(u.payout)?);
        }
        Ok(Paid {
            exact,
            explanation: Explanation::Bands {
                basis: rt.basis,
                mode: rt.mode,
                per: rt.per,
                bands: uses,
                reached,
                position: rt.position,
                base,
                each: counts(m.measure),
            },
        })
    }

    /// A kicker: when its KPI passes the test, a rate of another measure or a fixed amount.
    fn pay_kicker(
        &self,
        k: &Kicker,
        cache: &[Option<MeasureValue>],
        m: &Measured,
        scope: &Scope,
    ) -> Result<Paid, Fail> {
        let passed = self.test(&k.test, m.mv).passed;
        let (rate, base, amount, exact) = match k.pays {
            KickerPays::Rate { of, rate } => {
                let base = cache[of].as_ref().expect("evaluated").value;
                let pay = if passed {
                    mul(base, rate)?
                } else {
                    Decimal::ZERO
                };
                (Some(rate), Some(base), None, pay)
            }
            // an amount per period: a year-to-date scope earns it once per period, as an amount
            // cap allows
            KickerPays::Amount(a) => {
                let a = mul(a, Decimal::from(scope.periods.len() as u32))?;
                (None, None, Some(a), if passed { a } else { Decimal::ZERO })
            }
        };
        Ok(Paid {
            exact: Some(exact),
            explanation: Explanation::Kicker {
                kpi: m.mv.known(),
                bound: k.test.bound,
                at_most: k.test.at_most,
                strict: k.test.strict,
                passed,
                rate,
                base,
                amount,
            },
        })
    }

    /// A pool: the payee's share of each period's amount among the members of the collective
    /// (rules 19, 22). Members are the payees on this plan in the payee's team (or the company).
    fn pay_pool(&self, c: &Component, pool: &Pool, scope: &Scope) -> Result<Paid, Fail> {
        let money = self.money();
        let payees = &self.data.roster.payees;
        let on = &self.plan.measures[pool.on];
        let team = match on.over {
            Whose::Team => match &self.at(scope.start, scope.end).team {
                Some(t) => Some(t),
                None => return Err(Fail::Invalid(
                    Diagnostic::new(format!(
                        "payee {} has no team, and pool `{}` of plan `{}` is shared by a team",
                        self.payee.id, c.id, self.plan.id
                    ))
                    .at(self.payee.loc.clone())
                    .hint(
                        "give the payee a team on the roster, or share the pool over the company",
                    ),
                )),
            },
            _ => None,
        };
        let members: Vec<usize> = (0..payees.len())
            .filter(|&i| {
                payees[i].plan == self.plan.id
                    && team.is_none_or(|t| payees[i].team.as_ref() == Some(t))
            })
            .collect();
        let amount = money.round(pool.amount);
        let mut earned = Decimal::ZERO;
        let mut explanation = None;
        for (p, _) in &scope.periods {
            let (start, end) = (p.start, p.end());
            let weight_of = |i: usize| match pool.split {
                Split::Equal => Decimal::from(u8::from(payees[i].employed_on(end))),
                Split::Days => Decimal::from(payees[i].days_in(start, end)),
            };
            let weights: Vec<(usize, Decimal)> = members
                .iter()
                .map(|&i| (i, weight_of(i)))
                .filter(|(_, w)| !w.is_zero())
                .collect();
            let total = arith::sum(weights.iter().map(|(_, w)| *w))?;
            // every share rounded once; the last member (by payee id) takes what is left (rule 22)
            let mut given = Decimal::ZERO;
            // (weight, share, remainder taken) summed over the payee's assignments on the plan
            let mut mine = (Decimal::ZERO, Decimal::ZERO, None);
            for (k, &(i, w)) in weights.iter().enumerate() {
                let exact = money.round(arith::div(mul(amount, w)?, total)?);
                let (share, remainder) = if k + 1 == weights.len() {
                    let rest = arith::sub(amount, given)?;
                    (rest, Some(arith::sub(rest, exact)?))
                } else {
                    (exact, None)
                };
                given = arith::add(given, share)?;
                if self.held.contains(&i) {
                    mine.0 = arith::add(mine.0, w)?;
                    mine.1 = arith::add(mine.1, share)?;
                    if let Some(r) = remainder.filter(|r| !r.is_zero()) {
                        mine.2 = Some(r);
                    }
                }
            }
            earned = arith::add(earned, mine.1)?;
            explanation = Some(Explanation::Pool {
                amount,
                split: pool.split,
                weight: mine.0,
                total,
                members: weights.len(),
                remainder: mine.2,
            });
        }
        Ok(Paid {
            exact: Some(earned),
            explanation: explanation.expect("a scope has periods"),
        })
    }

    /// A curve: a share of TI read at the attainment or at the measure's value.
    fn pay_curve(&self, cv: &CurveRule, m: &Measured) -> Result<Paid, Fail> {
        let (mv, ratio) = (m.mv, m.measure.unit == Unit::Ratio);
        let x = match cv.over {
            Over::Attainment => mul(
                m.attainment.expect("checked by measured"),
                Decimal::ONE_HUNDRED,
            )?,
            Over::Value if ratio => mul(mv.value, Decimal::ONE_HUNDRED)?,
            Over::Value => mv.value,
        };
        let (y, segment) = curve::eval(&cv.curve, x)?;
        // x as the quotient it comes from (value / target, or a KPI's own fraction), so the curve
        // pays from the fraction itself, not from its rounded decimal
        let hundred = |n: Decimal| mul(n, Decimal::ONE_HUNDRED);
        let quotient = match cv.over {
            Over::Attainment => m.target.map(|t| hundred(mv.value).map(|n| (n, t))),
            Over::Value => mv.kpi.as_ref().and_then(|k| k.quotient).map(|(n, d)| {
                let n = if ratio { hundred(n) } else { Ok(n) };
                n.map(|n| (n, d))
            }),
        }
        .transpose()?;
        let exact = match quotient {
            Some(q) => curve::pay_at_quotient(&cv.curve, &segment, y, q, m.ti)?,
            None => arith::div(mul(y, m.ti)?, Decimal::ONE_HUNDRED)?,
        };
        Ok(Paid {
            exact: Some(exact),
            explanation: Explanation::Curve {
                x,
                y,
                segment,
                interpolation: cv.curve.interpolation,
            },
        })
    }

    /// The component's line: what its rule paid, rounded, under the component's cap.
    fn capped_line(
        &self,
        c: &Component,
        m: &Measured,
        scope: &Scope,
        paid: Paid,
        records: Vec<RecordLine>,
    ) -> Result<ComponentLine, Fail> {
        let money = self.money();
        let uncapped = match paid.exact {
            Some(e) => money.round(e),
            None => money.round(arith::sum(records.iter().filter_map(|r| r.payout))?),
        };
        let cap = match c.cap {
            None => None,
            // an amount cap is per period: a year-to-date scope allows it once per period
            Some(Cap::Amount(a)) => {
                Some(money.round(mul(a, Decimal::from(scope.periods.len() as u32))?))
            }
            Some(Cap::ShareOfTi(s)) => Some(money.round(mul(s, m.ti)?)),
        };
        let payout = match cap {
            Some(cap) if uncapped > cap => cap,
            _ => uncapped,
        };
        Ok(ComponentLine {
            id: LineId::Component(c.id.clone()),
            kind: LineKind::of_rule(&c.rule),
            measure: Some(m.measure.id.clone()),
            value: m.mv.known(),
            unit: Some(m.measure.unit),
            target: m.target,
            attainment: m.attainment,
            component_ti: m.component_ti,
            uncapped,
            cap,
            cap_removed: arith::sub(uncapped, payout)?,
            earned: payout,
            paid_to_date: None,
            payout,
            reason: m.mv.kpi.as_ref().map(|k| Reason::Kpi {
                basis: k.basis.clone(),
                no_value: k.missing.clone(),
            }),
            explanation: paid.explanation,
            records,
        })
    }

    /// A record's own line: raised to the component's floor, and for a credited record (a
    /// positive amount) to its minimum, then capped per record when the plan says so, then rounded.
    pub fn pay_record(&self, r: &mut RecordLine, exact: Decimal, c: &Component) {
        let money = self.money();
        let mut line = exact;
        let mut by = None;
        if let Some(f) = c.floor.filter(|f| line < *f) {
            (line, by) = (f, Some(RaisedBy::Floor));
        }
        let credited = r.amount.is_some_and(|a| a > Decimal::ZERO);
        if let Some(m) = c.minimum.filter(|m| credited && line < *m) {
            (line, by) = (m, Some(RaisedBy::Minimum));
        }
        let capped = match c.cap_per_record {
            Some(cap) if line > cap => cap,
            _ => line,
        };
        r.raised = by.map(|by| {
            Box::new(Raised {
                from: money.round(exact),
                by,
            })
        });
        r.uncapped = Some(money.round(line));
        r.payout = Some(money.round(capped));
    }

    pub fn record_lines(&self, mv: &MeasureValue) -> Vec<RecordLine> {
        if let Some(k) = &mv.kpi {
            return k.lines.clone();
        }
        let table = &self.data.tables[mv.table];
        mv.rows
            .iter()
            .zip(&mv.amounts)
            .map(|(&row, &amount)| {
                let converted = table.converted.get(row as usize).copied().flatten();
                let original = converted.map(|c| crate::report::Original {
                    currency: table.symbols.resolve(c.currency).to_uppercase(),
                    amount: c.amount,
                    rate: c.rate,
                });
                RecordLine {
                    id: table.id(row).to_string(),
                    date: mv.date_of(table, row),
                    line: table.lines[row as usize],
                    amount: Some(amount),
                    rate: None,
                    case: None,
                    raised: None,
                    band: None,
                    clawback: None,
                    uncapped: None,
                    payout: None,
                    note: None,
                    original,
                }
            })
            .collect()
    }
}

/// A case's test bound to a record table: text filters as (column, accepted values, keep), and
/// comparisons as (column, condition).
struct CaseTest<'c> {
    filters: Vec<(usize, &'c [String], bool)>,
    conditions: Vec<(usize, &'c crate::plan::Condition)>,
}

impl<'c> CaseTest<'c> {
    fn new(case: &'c crate::plan::Case, t: &RecordTable) -> CaseTest<'c> {
        // the plan is checked against the source's mapping and its fields loaded (data::needs)
        let col = |name: &str| t.field(name).expect("a case's fields are loaded");
        CaseTest {
            filters: case
                .filters
                .iter()
                .map(|f| (col(&f.field), f.values.as_slice(), f.keep))
                .collect(),
            conditions: case.conditions.iter().map(|k| (col(&k.field), k)).collect(),
        }
    }

    fn takes(&self, t: &RecordTable, row: u32) -> bool {
        self.filters.iter().all(|(col, values, keep)| {
            let v = t.symbols.resolve(t.text(*col)[row as usize]);
            values.iter().any(|x| x == v) == *keep
        }) && self
            .conditions
            .iter()
            .all(|(col, k)| k.keeps(super::measure::scalar_at(t, *col, row)))
    }
}

/// A band's bounds as the plan writes them (in attainment for an attainment table).
fn bounds(bands: &[crate::plan::Band], i: usize) -> BandBounds {
    BandBounds {
        through: bands[i].through,
        from: bands[i].from,
        to: bands[i].to,
    }
}

/// Whether a measure counts (records or distinct values): a rate on it is then an amount for each
/// one counted.
fn counts(m: &crate::plan::Measure) -> bool {
    matches!(
        m.aggregate,
        crate::plan::Aggregate::Count | crate::plan::Aggregate::CountDistinct(_)
    )
}
