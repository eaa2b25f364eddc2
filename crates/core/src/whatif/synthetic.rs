//! Synthetic records, for the grid, Monte Carlo and hires in a replay: a payee at attainment `a`
//! gets, for each measure and plan period, one record worth `a` x the period's target (prorated as
//! the engine prorates it), so the engine finds exactly attainment `a`. Measures are rewritten to
//! sum that record's value (a count becomes the sum of a whole number), so a count needs one
//! record, not one per meeting; measures without a target are read at `a` x the payee's replayed
//! value.
//!
//! Virtual payees: a model payee is computed at many attainments, each a job. An engine run takes
//! a [`Batch`] of jobs, whose roster holds each job as a virtual payee with the model payee's
//! name and roster line, and keeps an index from its roster to the jobs: a statement finds its
//! job through it. Batches of consecutive jobs name their payees by job number (a model payee
//! comes many times in one); to report a problem, the jobs are run again under the model payees'
//! own ids ([`Naming::Themselves`]), so the engine's messages name the real payee.

use super::case_mix;
use super::model::{drives_kpis, is_kpi, overflow, quota_set, ModelYear, QuotaRow};
use crate::data::{Column, Dataset, Payee, Quota, Quotas, RecordTable, Roster, Sym, Window};
use crate::diag::{Diagnostic, Invalid, Location};
use crate::engine::{self, arith, CompiledMeasure};
use crate::period::Period;
use crate::plan::{Aggregate, Case, Measure, Plan};
use crate::source::Filter;
use crate::workspace::Workspace;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// What the synthetic records of each payee of a modelled year look like.
pub(super) struct Synthetic {
    /// The modelled year's plans with every measure summing its source's value column, and no
    /// clawback: what the engine runs on batches.
    pub ws: Workspace,
    /// Per record source, in the order of the base year's tables.
    tables: Vec<SyntheticTable>,
    /// Per plan id (plans of record measures only: `ModelYear::check_kpis` refuses the others).
    shapes: HashMap<String, Shape>,
    /// Per payee (roster order), per measure of their plan, per plan period of the year, what
    /// attainment 100% means (None outside employment).
    refs: Vec<Vec<Vec<Option<Decimal>>>>,
    /// Per payee (roster order): their quota rows as (measure, row).
    quota_rows: Vec<Vec<(String, Quota)>>,
    /// Per payee (roster order), per measure of their plan: for a measure paid by cases, the
    /// base-year amount each case took (`case_mix::weights`).
    case_weights: Vec<Vec<Option<Vec<Decimal>>>>,
}

/// A record source's synthetic records: its fields, and a decimal column for their values.
struct SyntheticTable {
    /// No rows: the source's fields, then the value column.
    schema: RecordTable,
    payee: usize,
    value: usize,
}

/// What synthetic records of a plan look like: per measure, its table, whether it counts (whole
/// numbers), and the (field, value) pairs its filters keep; and the plan's periods in the year.
struct Shape {
    measures: Vec<SyntheticMeasure>,
    periods: Vec<Period>,
}

struct SyntheticMeasure {
    table: usize,
    whole: bool,
    /// (text field, value) pairs its filters keep, the values interned in the table's schema (so
    /// every batch's copy of the table has them under the same symbols).
    assigned: Vec<(usize, Sym)>,
    /// For a measure a commission pays by cases: per case, the pairs of a record only that case
    /// takes (None: no record can reach it), the measure's value being split among them
    /// (`case_mix`). Empty otherwise.
    cases: Vec<Option<Vec<(usize, Sym)>>>,
}

/// A job of the engine on synthetic records: a model payee (by roster index) at an attainment
/// per plan period of the year (the same in every period for the grid).
pub trait Job: Sync {
    fn payee(&self) -> usize;
    /// The attainment in plan period `period` (an index into the year's plan periods).
    fn at(&self, period: usize) -> Decimal;
}

/// The grid's job: one attainment in every period.
impl Job for (usize, Decimal) {
    fn payee(&self) -> usize {
        self.0
    }
    fn at(&self, _: usize) -> Decimal {
        self.1
    }
}

/// One attainment per plan period (Monte Carlo on a plan whose periods depend on each other).
impl Job for (usize, Vec<Decimal>) {
    fn payee(&self) -> usize {
        self.0
    }
    fn at(&self, period: usize) -> Decimal {
        self.1[period]
    }
}

/// Virtual payees for one engine run, each a model payee at one attainment.
pub(super) struct Batch {
    pub data: Dataset,
    /// Per payee of `data.roster`, in its order: the job they are.
    pub jobs: Vec<usize>,
}

/// How a batch's virtual payees are named on its roster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Naming {
    /// By job number: any jobs, a model payee as often as it comes. The engine only needs the ids
    /// distinct; nothing reads them back, nor the payees' names or the places of their roster
    /// and quota rows, which are left empty.
    Jobs,
    /// By their own id, with the model payee's name and places, which the engine's problems then
    /// name: no model payee twice.
    Themselves,
}

/// No place: what a job's roster and quota rows point to (see [`Naming::Jobs`]). Allocates
/// nothing.
fn unplaced() -> Location {
    Location {
        file: std::path::PathBuf::new(),
        line: 0,
        col: 0,
        snippet: None,
    }
}

impl Synthetic {
    /// The synthetic side of a modelled year (`base_tables`: the base year's record tables, for
    /// their fields).
    pub fn new(
        model_ws: &Workspace,
        year: Period,
        roster: &Roster,
        quotas: &[QuotaRow],
        replay: &Dataset,
        base_tables: &[RecordTable],
    ) -> Result<Synthetic, Invalid> {
        let mut tables: Vec<SyntheticTable> = base_tables.iter().map(SyntheticTable::of).collect();
        let mut ws = model_ws.clone();
        for plan in &mut ws.plans {
            plan.clawback = None;
            // KPIs and ratios read no record (`ModelYear::check_kpis` refuses them)
            for m in plan.measures.iter_mut().filter(|m| !is_kpi(m)) {
                let t = tables
                    .iter()
                    .find(|t| t.schema.source == m.source)
                    .expect("every source a plan uses is loaded");
                m.aggregate = Aggregate::Sum(t.schema.fields[t.value].clone());
            }
        }
        let shapes = model_ws
            .plans
            .iter()
            .filter(|p| !drives_kpis(p))
            .map(|plan| {
                (
                    plan.id.clone(),
                    Shape::of(plan, &mut tables, year, model_ws),
                )
            })
            .collect();
        let quota_rows = roster
            .payees
            .iter()
            .map(|p| {
                quotas
                    .iter()
                    .filter(|(id, _, _)| *id == p.id)
                    .map(|(_, m, q)| (m.clone(), q.clone()))
                    .collect()
            })
            .collect();
        Ok(Synthetic {
            refs: references(model_ws, year, roster, quotas, replay)?,
            case_weights: case_weights(model_ws, year, roster, replay)?,
            ws,
            tables,
            shapes,
            quota_rows,
        })
    }

    /// The batch of jobs `ks`: job `k` is model payee `jobs[k].0` (of `roster`) at attainment
    /// `jobs[k].1`, on the batch's roster as `naming` says.
    pub fn batch<J: Job>(
        &self,
        roster: &Roster,
        jobs: &[J],
        ks: &[usize],
        naming: Naming,
    ) -> Result<Batch, Invalid> {
        // the batch's roster is in id order: so is `named`
        let mut named: Vec<(String, usize)> = ks
            .iter()
            .map(|&k| match naming {
                Naming::Jobs => (k.to_string(), k),
                Naming::Themselves => (roster.payees[jobs[k].payee()].id.clone(), k),
            })
            .collect();
        named.sort_unstable();
        let mut tables: Vec<RecordTable> = self.tables.iter().map(|t| t.schema.clone()).collect();
        let mut payees = Vec::with_capacity(named.len());
        let mut order = Vec::with_capacity(named.len());
        let mut quotas = Quotas::default();
        for (id, k) in named {
            let job = &jobs[k];
            let i = job.payee();
            let model = &roster.payees[i];
            let p = match naming {
                // nothing reads a job's name or roster line back (a problem is reported by running
                // the jobs again as themselves): not copied, for each of some 100,000 jobs
                Naming::Jobs => Payee {
                    id,
                    name: String::new(),
                    plan: model.plan.clone(),
                    team: model.team.clone(),
                    manager: model.manager.clone(),
                    start: model.start,
                    end: model.end,
                    base: model.base,
                    target_incentive: model.target_incentive,
                    loc: unplaced(),
                },
                Naming::Themselves => Payee {
                    id,
                    ..model.clone()
                },
            };
            for (m, q) in &self.quota_rows[i] {
                let q = match naming {
                    // the engine reads a quota's period and target; its place only a problem names
                    Naming::Jobs => Quota {
                        loc: unplaced(),
                        ..*q
                    },
                    Naming::Themselves => q.clone(),
                };
                quotas.insert(&p.id, m, q);
            }
            self.push_records(i, &p, job, &mut tables)?;
            payees.push(p);
            order.push(k);
        }
        // in id order, as the roster sorts them: `order` is the roster's jobs
        debug_assert!(payees.windows(2).all(|w| w[0].id <= w[1].id));
        let data = Dataset {
            roster: Roster::from_payees(payees),
            quotas,
            tables,
            customers: Default::default(),
        };
        Ok(Batch { data, jobs: order })
    }

    /// Payee `i`'s records at attainment `a`: one per measure and employed plan period.
    fn push_records(
        &self,
        i: usize,
        p: &Payee,
        job: &dyn Job,
        tables: &mut [RecordTable],
    ) -> Result<(), Invalid> {
        let shape = &self.shapes[&p.plan];
        let values = self.values_at(i, &p.plan, &|period| job.at(period))?;
        let mut next = values.iter();
        for (j, m) in shape.measures.iter().enumerate() {
            let t = &mut tables[m.table];
            let st = &self.tables[m.table];
            let payee = t.symbols.intern(&p.id);
            for (pi, period) in shape.periods.iter().enumerate() {
                if self.refs[i][j][pi].is_none() {
                    continue;
                }
                let value = *next.next().expect("one value per measure and period");
                let date = period.start.max(p.start);
                let Some(weights) = &self.case_weights[i][j] else {
                    push_record(t, (st.payee, st.value), payee, &m.assigned, date, value);
                    continue;
                };
                let parts = case_mix::split(value, weights, m.whole)?;
                for (k, part) in parts.into_iter().enumerate() {
                    if weights[k].is_zero() && part.is_zero() {
                        continue;
                    }
                    let Some(fields) = &m.cases[k] else {
                        let plan = self.ws.plan(&p.plan).expect("model plans are in force");
                        return Err(case_mix::unreachable(plan, &plan.measures[j], k));
                    };
                    push_record(t, (st.payee, st.value), payee, fields, date, part);
                }
            }
        }
        Ok(())
    }

    /// The values of payee `i`'s (on `plan`) synthetic records at attainment `a`, measure after
    /// measure, period after period (employed periods only). Two attainments with the same values
    /// are the same input to the engine: counts are whole, so nearby attainments often are.
    pub fn values(&self, i: usize, plan: &str, a: Decimal) -> Result<Vec<Decimal>, Invalid> {
        self.values_at(i, plan, &|_| a)
    }

    /// The same with an attainment per plan period (`at`, given the period's index).
    pub fn values_at(
        &self,
        i: usize,
        plan: &str,
        at: &dyn Fn(usize) -> Decimal,
    ) -> Result<Vec<Decimal>, Invalid> {
        let shape = &self.shapes[plan];
        let mut out = Vec::new();
        for (j, m) in shape.measures.iter().enumerate() {
            for (period, r) in self.refs[i][j].iter().enumerate() {
                let Some(r) = r else { continue };
                out.push(value_of(m, *r, at(period))?);
            }
        }
        Ok(out)
    }

    /// Payee `i`'s records' values in plan period `period` alone, at attainment `a`: what the
    /// period of a plan of independent periods is paid on.
    pub fn values_in(
        &self,
        i: usize,
        plan: &str,
        period: usize,
        a: Decimal,
    ) -> Result<Vec<Decimal>, Invalid> {
        let shape = &self.shapes[plan];
        let mut out = Vec::with_capacity(shape.measures.len());
        for (j, m) in shape.measures.iter().enumerate() {
            if let Some(Some(r)) = self.refs[i][j].get(period) {
                out.push(value_of(m, *r, a)?);
            }
        }
        Ok(out)
    }
}

/// A synthetic record's value for a measure at attainment `a` of its reference `r`.
fn value_of(m: &SyntheticMeasure, r: Decimal, a: Decimal) -> Result<Decimal, Invalid> {
    let value = arith::mul(a, r).map_err(|_| overflow())?;
    // counts are whole: 7.5 meetings are 8
    Ok(if m.whole {
        value.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    } else {
        value
    })
}

impl SyntheticTable {
    fn of(base: &RecordTable) -> SyntheticTable {
        let mut schema = base.empty_like();
        let value = schema.fields.len();
        schema.fields.push(value_column_name(&schema.fields));
        schema.columns.push(Column::Decimal(Vec::new()));
        // symbol 0 is the empty text (fields a record leaves unset); id 0 names every record
        schema.symbols.intern("");
        schema.ids.push("synthetic");
        SyntheticTable {
            payee: schema.field("payee").expect("record sources map payee"),
            value,
            schema,
        }
    }
}

/// The value column's name: plans address columns by name, so it takes one the source's fields do
/// not have (`value`, else `value_2`, `value_3`...).
fn value_column_name(fields: &[String]) -> String {
    let mut name = "value".to_string();
    let mut n = 1;
    while fields.contains(&name) {
        n += 1;
        name = format!("value_{n}");
    }
    name
}

impl Shape {
    fn of(plan: &Plan, tables: &mut [SyntheticTable], year: Period, ws: &Workspace) -> Shape {
        let measures = plan
            .measures
            .iter()
            .enumerate()
            .map(|(j, m)| {
                let table = tables
                    .iter()
                    .position(|t| t.schema.source == m.source)
                    .expect("every source a plan uses is loaded");
                let schema = &mut tables[table].schema;
                let mut intern = |pairs: Vec<(String, String)>| -> Vec<(usize, Sym)> {
                    pairs
                        .into_iter()
                        .filter_map(|(f, v)| {
                            schema.field(&f).map(|i| (i, schema.symbols.intern(&v)))
                        })
                        .collect()
                };
                let assigned = intern(assignment(plan, m));
                let cases = case_mix::cases_on(plan, j)
                    .map(|cases| case_mix::case_fields(plan, m, cases))
                    .unwrap_or_default()
                    .into_iter()
                    .map(|fields| fields.map(&mut intern))
                    .collect();
                SyntheticMeasure {
                    table,
                    whole: !matches!(m.aggregate, Aggregate::Sum(_)),
                    assigned,
                    cases,
                }
            })
            .collect();
        Shape {
            measures,
            periods: year.split(plan.frequency, ws.fiscal),
        }
    }
}

/// What 100% attainment means per payee, measure and plan period: the target the engine will
/// compute (quota x proration), or without a quota the payee's replayed value.
fn references(
    ws: &Workspace,
    year: Period,
    roster: &Roster,
    quotas: &[QuotaRow],
    replay: &Dataset,
) -> Result<Vec<Vec<Vec<Option<Decimal>>>>, Invalid> {
    let quotas = quota_set(quotas);
    let (credits, _) = engine::credit(
        replay,
        Window {
            start: year.start,
            end: year.end(),
        },
    );
    let mut out = Vec::new();
    for p in &roster.payees {
        let plan = ws
            .plan(&p.plan)
            .expect("model payees are on plans in force");
        let mut per_measure = Vec::new();
        if drives_kpis(plan) {
            // not modelled by attainment (`ModelYear::check_kpis`)
            out.push(per_measure);
            continue;
        }
        let periods = year.split(plan.frequency, ws.fiscal);
        // the same assignment in the replay: records are credited per assignment (rule 20)
        let replay_index = replay
            .roster
            .assignments(&p.id)
            .find(|&a| replay.roster.payees[a].start == p.start);
        for m in &plan.measures {
            let compiled = CompiledMeasure::compile(m, replay);
            let mut per_period = Vec::new();
            for period in &periods {
                if !p.employed_during(period.start, period.end()) {
                    per_period.push(None);
                    continue;
                }
                let r = match quotas.target(&p.id, &m.id, period) {
                    Some(t) => arith::mul(t.value, proration(p, period)?),
                    None => match replay_index {
                        Some(i) => compiled
                            .eval(
                                replay,
                                &credits[compiled.table].by_payee[i],
                                period.start,
                                period.end(),
                            )
                            .map(|v| v.value),
                        None => Ok(Decimal::ZERO),
                    },
                };
                per_period.push(Some(r.map_err(|_| overflow())?));
            }
            per_measure.push(per_period);
        }
        out.push(per_measure);
    }
    Ok(out)
}

/// Per payee and measure of their plan, for measures a commission pays by cases: what each case
/// took of the payee's replayed records in the year (`case_mix::weights`).
fn case_weights(
    ws: &Workspace,
    year: Period,
    roster: &Roster,
    replay: &Dataset,
) -> Result<Vec<Vec<Option<Vec<Decimal>>>>, Invalid> {
    let (credits, _) = engine::credit(
        replay,
        Window {
            start: year.start,
            end: year.end(),
        },
    );
    // per plan and measure, computed once for the whole roster
    let mut per_plan: HashMap<&str, Vec<Option<Vec<Vec<Decimal>>>>> = HashMap::new();
    for plan in ws.plans.iter().filter(|p| !drives_kpis(p)) {
        let mut per_measure = Vec::new();
        for (j, m) in plan.measures.iter().enumerate() {
            per_measure.push(match case_mix::cases_on(plan, j) {
                Some(cases) => {
                    let table = credits
                        .iter()
                        .zip(&replay.tables)
                        .find(|(_, t)| t.source == m.source)
                        .map(|(c, _)| c.by_payee.as_slice())
                        .unwrap_or_default();
                    Some(case_mix::weights(
                        plan,
                        m,
                        cases,
                        roster,
                        replay,
                        table,
                        (year.start, year.end()),
                    )?)
                }
                None => None,
            });
        }
        per_plan.insert(&plan.id, per_measure);
    }
    Ok(roster
        .payees
        .iter()
        .enumerate()
        .map(|(i, p)| {
            per_plan.get(p.plan.as_str()).map_or_else(Vec::new, |ms| {
                ms.iter()
                    .map(|w| w.as_ref().map(|w| w[i].clone()))
                    .collect()
            })
        })
        .collect())
}

/// The engine's proration of a period for a payee: active days / days (rule 13).
fn proration(p: &Payee, period: &Period) -> Result<Decimal, Invalid> {
    let (start, end) = (period.start, period.end());
    let first = p.start.max(start);
    let last = p.end.map_or(end, |e| e.min(end));
    let active = ((last - first).num_days() + 1).max(0);
    let days = (end - start).num_days() + 1;
    arith::div(Decimal::from(active), Decimal::from(days)).map_err(|_| overflow())
}

impl ModelYear {
    /// Synthetic records give each measure its own value, so measures of a plan reading one source
    /// must not both match one record (they would count it twice).
    /// (For the plans of the payees given by roster index.)
    pub fn check_disjoint(&self, payees: &[usize]) -> Result<(), Invalid> {
        let mut diags = Vec::new();
        for plan in &self.ws.plans {
            if !payees
                .iter()
                .any(|&i| self.roster.payees[i].plan == plan.id)
            {
                continue;
            }
            // a measure's synthetic records: one, or one per case it is paid by
            let records = |j: usize, m: &Measure| -> Vec<Vec<(String, String)>> {
                let mut all = vec![assignment(plan, m)];
                if let Some(cases) = case_mix::cases_on(plan, j) {
                    all.extend(case_mix::case_fields(plan, m, cases).into_iter().flatten());
                }
                all
            };
            for (i, m) in plan.measures.iter().enumerate() {
                for (o, other) in plan.measures.iter().enumerate().skip(i + 1) {
                    // either one's synthetic records would also count for the other
                    let overlap = records(i, m).iter().any(|r| matches(other, r))
                        || records(o, other).iter().any(|r| matches(m, r));
                    if other.source == m.source && overlap {
                        diags.push(
                            Diagnostic::new(format!(
                                "measures `{}` and `{}` of plan `{}` can count the same records, so the grid and Monte Carlo models cannot set them apart",
                                m.id, other.id, plan.id
                            ))
                            .at(other.loc.clone())
                            .hint("use the replay model, or give the measures filters that exclude each other"),
                        );
                    }
                }
            }
        }
        if diags.is_empty() {
            Ok(())
        } else {
            Err(Invalid(diags))
        }
    }
}

/// Field values a synthetic record of measure `m` of `plan` takes so that `m`'s filters keep it:
/// the first value a keeping filter lists; for a dropping filter, a value no filter of the plan
/// names.
pub(super) fn assignment(plan: &Plan, m: &Measure) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for f in &m.filters {
        if out.iter().any(|(k, _)| *k == f.field) {
            continue;
        }
        let v = if f.keep {
            f.values.first().cloned().unwrap_or_default()
        } else {
            unnamed_value(plan, &f.field, &[])
        };
        out.push((f.field.clone(), v));
    }
    out
}

/// A value of `field` that no filter of `plan` (nor of `cases`) lists: `other`, else `other 2`,
/// `other 3`...
pub(super) fn unnamed_value(plan: &Plan, field: &str, cases: &[Case]) -> String {
    let named = |v: &str| {
        plan.measures
            .iter()
            .flat_map(|m| &m.filters)
            .chain(cases.iter().flat_map(|c| &c.filters))
            .any(|f| f.field == field && f.values.iter().any(|x| x == v))
    };
    let mut value = "other".to_string();
    let mut n = 1;
    while named(&value) {
        n += 1;
        value = format!("other {n}");
    }
    value
}

/// Whether measure `m`'s filters keep a record with these field values (others empty).
fn matches(m: &Measure, assigned: &[(String, String)]) -> bool {
    matches_filters(&m.filters, assigned)
}

/// Whether `filters` keep a record with these field values (others empty).
pub(super) fn matches_filters(filters: &[Filter], assigned: &[(String, String)]) -> bool {
    filters.iter().all(|f| {
        let v = assigned
            .iter()
            .find(|(k, _)| *k == f.field)
            .map_or("", |(_, v)| v.as_str());
        f.values.iter().any(|x| x == v) == f.keep
    })
}

fn push_record(
    t: &mut RecordTable,
    (payee_field, value_field): (usize, usize),
    payee_sym: u32,
    assigned: &[(usize, u32)],
    date: NaiveDate,
    value: Decimal,
) {
    let id_field = t.id_field;
    for (i, col) in t.columns.iter_mut().enumerate() {
        match col {
            Column::Text(v) => v.push(if i == id_field {
                0
            } else if i == payee_field {
                payee_sym
            } else {
                assigned
                    .iter()
                    .find(|(f, _)| *f == i)
                    .map_or(0, |(_, s)| *s)
            }),
            Column::Date(v) => v.push(Some(date)),
            Column::Decimal(v) => v.push((i == value_field).then_some(value)),
        }
    }
    t.lines.push(0);
    t.rows_read += 1;
}

#[cfg(test)]
mod tests {
    use super::value_column_name;

    #[test]
    fn the_value_column_takes_a_name_the_source_has_not() {
        let fields = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(value_column_name(&fields(&["id", "amount"])), "value");
        assert_eq!(
            value_column_name(&fields(&["value", "value_2", "amount"])),
            "value_3"
        );
    }
}
