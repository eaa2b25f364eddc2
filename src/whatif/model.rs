//! The modelled year: the roster, quotas and records of a year to come, built from a year of actual
//! data and a scenario, as a `Dataset` the engine of `comp calc` runs on unchanged.
//!
//! - Replay: the base year's credited records, moved into the modelled year and scaled.
//! - Synthetic (grid, Monte Carlo, and hires in a replay): a payee at attainment `a` gets, for each
//!   measure and plan period, one record worth `a` x the period's target (prorated as the engine
//!   prorates it), so the engine finds exactly attainment `a`. Measures are rewritten to sum that
//!   record's value (a count becomes the sum of a whole number), so a count needs one record, not
//!   one per meeting; measures without a target are read at `a` x the payee's replayed value.

use super::scenario::Scenario;
use super::Swaps;
use crate::data::{Column, Dataset, Payee, Quota, Quotas, RecordTable, Roster, Window};
use crate::diag::{Diagnostic, Invalid};
use crate::engine::{self, arith, CompiledMeasure};
use crate::period::Period;
use crate::plan::{Aggregate, Plan};
use crate::variant;
use crate::workspace::Workspace;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

/// The decimal field synthetic records carry their value in.
pub const VALUE_FIELD: &str = "\u{1}whatif_value";

pub struct ModelYear {
    /// The workspace of the modelled year: swapped-in plans are in force.
    pub ws: Workspace,
    /// The same plans with measures summing `VALUE_FIELD`, for synthetic records.
    pub synthetic_ws: Workspace,
    pub year: Period,
    /// Payees of the modelled year, existing and hired, sorted by id.
    pub roster: Roster,
    pub hired: HashSet<String>,
    /// Quota rows of the modelled year: (payee, measure, row).
    pub quotas: Vec<(String, String, Quota)>,
    /// The base year's records moved into the modelled year, for the payees who stay.
    pub replay: Dataset,
    /// For synthetic records: per payee (roster order), per measure of their plan, per plan period
    /// of the year, what attainment 100% means (None outside employment).
    refs: Vec<Vec<Vec<Option<Decimal>>>>,
    /// The schema of each record source: (source, fields and types) from the base data.
    schemas: Vec<RecordTable>,
    /// Per plan id: what its synthetic records look like.
    shapes: HashMap<String, Shape>,
    /// Per payee (roster order): their quota rows as (measure, row).
    quota_rows: Vec<Vec<(String, Quota)>>,
    pub notes: Vec<String>,
}

fn invalid(d: Diagnostic) -> Invalid {
    Invalid(vec![d])
}

fn overflow() -> Invalid {
    invalid(Diagnostic::new(
        "the scenario's numbers are too large to compute exactly",
    ))
}

/// A KPI from customer data or a ratio of measures: not a sum or count of records.
fn is_kpi(m: &crate::plan::Measure) -> bool {
    m.kpi.is_some() || m.ratio.is_some()
}

fn drives_kpis(plan: &Plan) -> bool {
    plan.measures.iter().any(is_kpi)
}

/// A date moved by whole years; 29 February becomes the 28th in a year without it.
pub fn shift_date(d: NaiveDate, years: i32) -> NaiveDate {
    if years == 0 {
        return d;
    }
    d.with_year(d.year() + years)
        .or_else(|| d.pred_opt().and_then(|p| p.with_year(p.year() + years)))
        .unwrap_or(d)
}

/// A period moved by whole years, with its label.
fn shift_period(p: &Period, years: i32, ws: &Workspace) -> Option<Period> {
    let label = p.to_string();
    let (y, rest) = label.split_at(4.min(label.len()));
    let y: i32 = y.parse().ok()?;
    Period::parse(&format!("{}{rest}", y + years), ws.fiscal)
}

impl ModelYear {
    /// The year `sc` models, from `base`: the base year's data, read as `super::needs` asks.
    pub fn build(
        ws: &Workspace,
        sc: &Scenario,
        swaps: &Swaps,
        base: &Dataset,
    ) -> Result<ModelYear, Invalid> {
        let mut notes = Vec::new();
        // problems with swaps are reported with those of hires and leavers, below
        let mut diags = swaps.problems.clone();
        let swaps = &swaps.plans;
        let mut model_ws = ws.clone();
        for (_, p) in swaps {
            model_ws = variant::with_plan(&model_ws, &p.id.clone(), p);
        }
        let shift = sc.shift();
        let year = sc.year;

        // the roster of the modelled year
        let mut payees: Vec<Payee> = Vec::new();
        // payees on plans driven by KPIs from customer data: not modelled (`check_kpis`)
        let mut left_out: Vec<String> = Vec::new();
        for l in &sc.leavers {
            if base.roster.get(&l.payee).is_none() {
                diags.push(
                    Diagnostic::new(format!("leaver `{}` is not on the roster", l.payee))
                        .at(l.loc.clone()),
                );
            }
        }
        for p in &base.roster.payees {
            let mut p = p.clone();
            if let Some(l) = sc.leavers.iter().find(|l| l.payee == p.id) {
                match l.last_day {
                    None => continue,
                    Some(d) => p.end = Some(p.end.map_or(d, |e| e.min(d))),
                }
            }
            if !p.employed_during(year.start, year.end()) {
                continue;
            }
            if let Some((_, to)) = swaps.iter().find(|(from, _)| *from == p.plan) {
                p.plan = to.id.clone();
            }
            if model_ws.plan(&p.plan).is_some_and(drives_kpis) {
                left_out.push(p.id.clone());
                continue;
            }
            let f = sc
                .target_incentive
                .factor(&p.id, p.team.as_deref(), &p.plan);
            p.target_incentive = arith::mul(p.target_incentive, f).map_err(|_| overflow())?;
            payees.push(p);
        }
        let mut hired = HashSet::new();
        for h in &sc.hires {
            let Some(plan) = model_ws.plan(&h.plan) else {
                let ids: Vec<&str> = model_ws.plans.iter().map(|p| p.id.as_str()).collect();
                diags.push(
                    Diagnostic::new(format!("hires on plan `{}`, which is not in force", h.plan))
                        .at(h.loc.clone())
                        .hint(format!("plans of the modelled year: {}", ids.join(", "))),
                );
                continue;
            };
            if base.roster.get(&h.id).is_some() {
                diags.push(
                    Diagnostic::new(format!("hire id `{}` is already on the roster", h.id))
                        .at(h.loc.clone())
                        .hint("give the hires another `id` prefix"),
                );
            }
            for c in plan.components.iter().filter(|c| c.rule.needs_target()) {
                let m = &plan.measures[c.rule.on()].id;
                if !h.quota.iter().any(|(q, _, _)| q == m) {
                    diags.push(
                        Diagnostic::new(format!(
                            "hire {} needs a quota for `{m}`: component `{}` of plan `{}` compares it with a target",
                            h.id, c.id, plan.id
                        ))
                        .at(h.loc.clone())
                        .hint(format!("add quota = {{ {m} = <annual target> }} to the hire")),
                    );
                }
            }
            for (m, _, loc) in &h.quota {
                if plan.measure(m).is_none() {
                    let ids: Vec<&str> = plan.measures.iter().map(|m| m.id.as_str()).collect();
                    diags.push(
                        Diagnostic::new(format!("plan `{}` has no measure `{m}`", plan.id))
                            .at(loc.clone())
                            .hint(format!("its measures are: {}", ids.join(", "))),
                    );
                }
            }
            if !year.contains(h.start) {
                diags.push(
                    Diagnostic::new(format!("hire start {} is outside {year}", h.start))
                        .at(h.loc.clone()),
                );
            }
            hired.insert(h.id.clone());
            payees.push(Payee {
                id: h.id.clone(),
                name: h.id.clone(),
                plan: h.plan.clone(),
                team: h.team.clone(),
                manager: None,
                start: h.start,
                end: None,
                base: h.base,
                target_incentive: h.target_incentive,
                loc: h.loc.clone(),
            });
        }
        if !diags.is_empty() {
            return Err(Invalid(diags));
        }
        if !left_out.is_empty() {
            notes.push(format!(
                "left out, on plans driven by KPIs from customer data, which what-if does not model: {}",
                left_out.join(", ")
            ));
        }
        let roster = Roster::from_payees(payees);
        let partial: Vec<&str> = roster
            .payees
            .iter()
            .filter(|p| !hired.contains(&p.id))
            .filter(|p| p.start > sc.base.start || p.end.is_some_and(|e| e < sc.base.end()))
            .map(|p| p.id.as_str())
            .collect();
        if !partial.is_empty() {
            let more = match partial.len() {
                n if n > 10 => format!(" and {} more", n - 10),
                _ => String::new(),
            };
            notes.push(format!(
                "employed for part of {} only, so a replay gives them that part of a year: {}{more}",
                sc.base,
                partial[..partial.len().min(10)].join(", ")
            ));
        }

        // quotas of the modelled year
        let mut quotas = Vec::new();
        for (payee, measure, q) in base.quotas.rows() {
            let Some(i) = roster.get(payee) else { continue };
            let p = &roster.payees[i];
            if !sc.base.covers(&q.period) {
                continue;
            }
            let Some(period) = shift_period(&q.period, shift, ws) else {
                continue;
            };
            let f = sc.quotas.factor(payee, p.team.as_deref(), &p.plan);
            let target = arith::mul(q.target, f).map_err(|_| overflow())?;
            quotas.push((
                payee.to_string(),
                measure.to_string(),
                Quota {
                    period,
                    target,
                    loc: q.loc.clone(),
                },
            ));
        }
        // a payee ramped in the base year on monthly quotas has none for the months before their
        // start: in the modelled year those months take the last monthly quota (the full one)
        let months = year.split(crate::period::Frequency::Month, ws.fiscal);
        let mut filled: Vec<String> = Vec::new();
        let mut keys: Vec<(String, String)> = quotas
            .iter()
            .map(|(p, m, _)| (p.clone(), m.clone()))
            .collect();
        keys.sort();
        keys.dedup();
        for (payee, measure) in keys {
            let rows: Vec<&Quota> = quotas
                .iter()
                .filter(|(p, m, _)| *p == payee && *m == measure)
                .map(|(_, _, q)| q)
                .collect();
            if rows.iter().any(|q| q.period.months != 1) {
                continue;
            }
            let Some(last) = rows
                .iter()
                .max_by_key(|q| q.period.start)
                .map(|q| (*q).clone())
            else {
                continue;
            };
            let missing: Vec<Period> = months
                .iter()
                .filter(|m| !rows.iter().any(|q| q.period == **m))
                .copied()
                .collect();
            if !missing.is_empty() && !filled.contains(&payee) {
                filled.push(payee.clone());
            }
            for m in missing {
                quotas.push((
                    payee.clone(),
                    measure.clone(),
                    Quota {
                        period: m,
                        ..last.clone()
                    },
                ));
            }
        }
        if !filled.is_empty() {
            notes.push(format!(
                "monthly quotas of {} do not cover all of {year}: the months they miss take their last monthly quota of {}",
                filled.join(", "),
                sc.base
            ));
        }
        for h in &sc.hires {
            for (measure, annual, loc) in &h.quota {
                for month in &year.split(crate::period::Frequency::Month, ws.fiscal) {
                    let monthly = arith::div(*annual, Decimal::from(12)).map_err(|_| overflow())?;
                    // months before the start count at full quota: the engine prorates a period
                    // the hire only partly works, so the quota rows are full-period equivalents
                    let since = months_between(h.start, month.start);
                    let share = match since {
                        Some(n) => h.ramp.get(n).copied().unwrap_or(Decimal::ONE),
                        None => Decimal::ONE,
                    };
                    quotas.push((
                        h.id.clone(),
                        measure.clone(),
                        Quota {
                            period: *month,
                            target: arith::mul(monthly, share).map_err(|_| overflow())?,
                            loc: loc.clone(),
                        },
                    ));
                }
            }
        }
        quotas.sort_by(|a, b| (&a.0, &a.1, a.2.period).cmp(&(&b.0, &b.1, b.2.period)));

        // the base year's records, moved and scaled, for the payees who stay
        let mut tables = Vec::new();
        for t in &base.tables {
            tables.push(replay_table(t, &roster, &hired, sc, shift)?);
        }
        let existing: Vec<Payee> = roster
            .payees
            .iter()
            .filter(|p| !hired.contains(&p.id))
            .cloned()
            .collect();
        // customer data (KPIs) is not moved between years: a replay into another year refuses
        // KPI plans (see `check_kpis`), one into the base year reads it as it is
        let replay = Dataset {
            roster: Roster::from_payees(existing),
            quotas: quota_set(&quotas, |p| p.to_string()),
            tables,
            customers: if shift == 0 {
                base.customers.clone()
            } else {
                Default::default()
            },
        };
        let mut synthetic_ws = model_ws.clone();
        for plan in &mut synthetic_ws.plans {
            plan.clawback = None;
            for m in &mut plan.measures {
                m.aggregate = Aggregate::Sum(VALUE_FIELD.to_string());
            }
        }
        let schemas: Vec<RecordTable> = base
            .tables
            .iter()
            .map(|t| {
                let mut s = t.empty_like();
                s.fields.push(VALUE_FIELD.to_string());
                s.columns.push(Column::Decimal(Vec::new()));
                s
            })
            .collect();
        let mut shapes = HashMap::new();
        // plans on KPIs from customer data have no synthetic shape: `check_kpis` refuses them
        for plan in model_ws.plans.iter().filter(|p| !drives_kpis(p)) {
            let measures = plan
                .measures
                .iter()
                .map(|m| {
                    let ti = schemas
                        .iter()
                        .position(|t| t.source == m.source)
                        .expect("every source a plan uses is loaded");
                    let assigned = assignment(m)
                        .into_iter()
                        .filter_map(|(f, v)| schemas[ti].field(&f).map(|i| (i, v)))
                        .collect();
                    (ti, !matches!(m.aggregate, Aggregate::Sum(_)), assigned)
                })
                .collect();
            let periods = year.split(plan.frequency, ws.fiscal);
            shapes.insert(plan.id.clone(), Shape { measures, periods });
        }
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
        let mut model = ModelYear {
            ws: model_ws,
            synthetic_ws,
            year,
            roster,
            hired,
            quotas,
            replay,
            refs: Vec::new(),
            shapes,
            quota_rows,
            schemas,
            notes: Vec::new(),
        };
        model.refs = model.references()?;
        notes.append(&mut model.notes);
        model.notes = notes;
        Ok(model)
    }

    /// KPIs from customer data (NRR, GRR, NPS...) and ratios of measures are not modelled: the grid
    /// and Monte Carlo drive record measures by attainment, and a replay moves records, not
    /// customers, between years. A plan with such a measure is refused, not paid as if its KPI had
    /// no value. `replay_in_base_year`: a replay into the base year reads the customer data as is.
    /// (For the plans of the payees given by roster index.)
    pub fn check_kpis(&self, payees: &[usize], replay_in_base_year: bool) -> Result<(), Invalid> {
        if replay_in_base_year {
            return Ok(());
        }
        let mut diags = Vec::new();
        for plan in &self.ws.plans {
            if !payees
                .iter()
                .any(|&i| self.roster.payees[i].plan == plan.id)
            {
                continue;
            }
            if let Some(m) = plan.measures.iter().find(|m| is_kpi(m)) {
                diags.push(
                    Diagnostic::new(format!(
                        "plan `{}` is driven by `{}`, a KPI from customer data, which what-if does not model",
                        plan.id, m.id
                    ))
                    .at(m.loc.clone())
                    .hint("what-if drives record measures (deals, meetings...): payees already on this plan are left out; hires go on a plan of record measures"),
                );
            }
        }
        if diags.is_empty() {
            Ok(())
        } else {
            Err(Invalid(diags))
        }
    }

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
            for (i, m) in plan.measures.iter().enumerate() {
                for other in &plan.measures[i + 1..] {
                    // either one's synthetic record would also count for the other
                    let overlap = matches(other, &assignment(m)) || matches(m, &assignment(other));
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

    /// What 100% attainment means per payee, measure and plan period: the target the engine will
    /// compute (quota x proration), or without a quota the payee's replayed value.
    fn references(&self) -> Result<Vec<Vec<Vec<Option<Decimal>>>>, Invalid> {
        let quotas = quota_set(&self.quotas, |p| p.to_string());
        let (credits, _) = engine::credit(
            &self.replay,
            Window {
                start: self.year.start,
                end: self.year.end(),
            },
        );
        let mut out = Vec::new();
        for p in &self.roster.payees {
            let plan = self
                .ws
                .plan(&p.plan)
                .expect("model payees are on plans in force");
            let periods = self.year.split(plan.frequency, self.ws.fiscal);
            let replay_index = self.replay.roster.get(&p.id);
            let mut per_measure = Vec::new();
            if drives_kpis(plan) {
                // not modelled by attainment (`check_kpis`)
                out.push(per_measure);
                continue;
            }
            for m in &plan.measures {
                let compiled = CompiledMeasure::compile(m, &self.replay);
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
                                    &self.replay,
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

    /// A dataset of virtual payees: job `k` is model payee `jobs[k].0` at attainment `jobs[k].1`,
    /// on the roster as `<id>~<k>`.
    pub fn synthetic(&self, jobs: &[(usize, Decimal)], first: usize) -> Result<Dataset, Invalid> {
        let mut tables: Vec<RecordTable> = self.schemas.iter().map(clone_schema).collect();
        let fields: Vec<(usize, usize)> = tables
            .iter()
            .map(|t| {
                let payee = t.field("payee").expect("record sources map payee");
                (payee, t.fields.len() - 1)
            })
            .collect();
        let mut payees = Vec::with_capacity(jobs.len());
        let mut quotas = Quotas::default();
        for (k, &(i, a)) in jobs.iter().enumerate() {
            let real = &self.roster.payees[i];
            let mut v = real.clone();
            v.id = format!("{}~{}", real.id, first + k);
            for (m, q) in &self.quota_rows[i] {
                quotas.insert(&v.id, m, q.clone());
            }
            let shape = &self.shapes[&real.plan];
            let values = self.values(i, a)?;
            let mut next = values.iter();
            for (j, (ti, _, assigned)) in shape.measures.iter().enumerate() {
                let t = &mut tables[*ti];
                let payee_sym = t.symbols.intern(&v.id);
                let syms: Vec<(usize, u32)> = assigned
                    .iter()
                    .map(|(f, value)| (*f, t.symbols.intern(value)))
                    .collect();
                for (pi, period) in shape.periods.iter().enumerate() {
                    if self.refs[i][j][pi].is_none() {
                        continue;
                    }
                    let value = *next.next().expect("one value per measure and period");
                    let date = period.start.max(real.start);
                    push_record(t, fields[*ti], payee_sym, &syms, date, value);
                }
            }
            payees.push(v);
        }
        Ok(Dataset {
            roster: Roster::from_payees(payees),
            quotas,
            tables,
            customers: Default::default(),
        })
    }
}

/// (table, counts whole numbers, (field, value) pairs its filters keep)
type SyntheticMeasure = (usize, bool, Vec<(usize, String)>);

/// What synthetic records of a plan look like: per measure, its table, whether it counts (whole
/// numbers), and the (field, value) pairs its filters keep; and the plan's periods in the year.
struct Shape {
    measures: Vec<SyntheticMeasure>,
    periods: Vec<Period>,
}

impl ModelYear {
    /// The values of payee `i`'s synthetic records at attainment `a`, measure after measure, period
    /// after period (employed periods only). Two attainments with the same values are the same
    /// input to the engine: counts are whole, so nearby attainments often are.
    pub fn values(&self, i: usize, a: Decimal) -> Result<Vec<Decimal>, Invalid> {
        let shape = &self.shapes[&self.roster.payees[i].plan];
        let mut out = Vec::new();
        for (j, (_, whole, _)) in shape.measures.iter().enumerate() {
            for r in self.refs[i][j].iter().flatten() {
                let mut value = arith::mul(a, *r).map_err(|_| overflow())?;
                if *whole {
                    // counts are whole: 7.5 meetings are 8
                    value = value.round_dp_with_strategy(
                        0,
                        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                    );
                }
                out.push(value);
            }
        }
        Ok(out)
    }
}

/// Months from the month of `start` to the month of `d` (None when `d` is earlier).
fn months_between(start: NaiveDate, d: NaiveDate) -> Option<usize> {
    let m = |x: NaiveDate| x.year() * 12 + x.month0() as i32;
    let n = m(d) - m(start);
    (n >= 0).then_some(n as usize)
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

fn quota_set(rows: &[(String, String, Quota)], id: impl Fn(&str) -> String) -> Quotas {
    let mut q = Quotas::default();
    for (p, m, row) in rows {
        q.insert(&id(p), m, row.clone());
    }
    q
}

/// Field values a synthetic record of measure `m` takes so that `m`'s filters keep it.
fn assignment(m: &crate::plan::Measure) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for f in &m.filters {
        if out.iter().any(|(k, _)| *k == f.field) {
            continue;
        }
        let v = if f.keep {
            f.values.first().cloned().unwrap_or_default()
        } else {
            "\u{1}other".to_string()
        };
        out.push((f.field.clone(), v));
    }
    out
}

/// Whether measure `m`'s filters keep a record with these field values (others empty).
fn matches(m: &crate::plan::Measure, assigned: &[(String, String)]) -> bool {
    m.filters.iter().all(|f| {
        let v = assigned
            .iter()
            .find(|(k, _)| *k == f.field)
            .map_or("", |(_, v)| v.as_str());
        f.values.iter().any(|x| x == v) == f.keep
    })
}

fn clone_schema(t: &RecordTable) -> RecordTable {
    let mut s = t.empty_like();
    s.symbols.intern("");
    s.ids.push("synthetic");
    s
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

/// The base year's records of the payees who stay, dated into the modelled year, decimals scaled.
fn replay_table(
    t: &RecordTable,
    roster: &Roster,
    hired: &HashSet<String>,
    sc: &Scenario,
    shift: i32,
) -> Result<RecordTable, Invalid> {
    let payee_field = t.field("payee").expect("record sources map payee");
    let date_field = t.field("date").expect("record sources map date");
    let payees = t.text(payee_field);
    let dates = t.dates(date_field);
    let mut on_roster: HashMap<u32, bool> = HashMap::new();
    let keep: Vec<usize> = (0..t.len())
        .filter(|&r| dates[r].is_some_and(|d| sc.base.contains(d)))
        .filter(|&r| {
            *on_roster.entry(payees[r]).or_insert_with(|| {
                let id = t.symbols.resolve(payees[r]);
                roster.get(id).is_some() && !hired.contains(id)
            })
        })
        .collect();
    let factor = Decimal::ONE + sc.replay_growth;
    let mut out = t.clone();
    out.lines = keep.iter().map(|&r| t.lines[r]).collect();
    for col in &mut out.columns {
        match col {
            Column::Text(v) if !v.is_empty() => *v = keep.iter().map(|&r| v[r]).collect(),
            Column::Date(v) if !v.is_empty() => {
                *v = keep
                    .iter()
                    .map(|&r| v[r].map(|d| shift_date(d, shift)))
                    .collect()
            }
            Column::Decimal(v) if !v.is_empty() => {
                let mut scaled = Vec::with_capacity(keep.len());
                for &r in &keep {
                    scaled.push(match v[r] {
                        Some(x) => Some(arith::mul(x, factor).map_err(|_| overflow())?),
                        None => None,
                    });
                }
                *v = scaled;
            }
            _ => {}
        }
    }
    Ok(out)
}
