//! Goal seeking (`[solve]`): the value of one lever of a scenario that meets one target, found by
//! bisection over the multiples of a stated precision, each value tried a full projection.
//!
//! The metric (a total cost or a cost of sales) is expected to move one way as the lever moves:
//! more quota growth, less cost; more TI growth, more cost. The solver brackets the value where the
//! metric crosses the target and halves the bracket until its two ends are one step apart. Each
//! value it tries must lie between the bracket's ends: one that does not shows the lever is not
//! monotone there, and the solver says so rather than return a value it cannot stand behind.

use super::projection::{Projection, Row};
use super::scenario::{ModelKind, Scenario};
use crate::diag::{Diagnostic, Invalid, Location};
use crate::num::percent;
use rust_decimal::Decimal;
use serde::Serialize;

/// What a lever applies to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase", tag = "level", content = "id")]
pub enum Scope {
    Everyone,
    Plan(String),
    Team(String),
    Payee(String),
}

/// The scenario value the solver varies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "lever", content = "of")]
pub enum Lever {
    /// `[quotas]` growth, for everyone (the more specific entries still win) or one scope.
    QuotaGrowth(Scope),
    /// `[target_incentive]` growth, the same way.
    TiGrowth(Scope),
    /// `[replay] growth`: every amount of the base year's records.
    ReplayGrowth,
}

/// The figure the target is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    TotalCost,
    CostOfSales,
}

/// Which figure of a Monte Carlo's trials: the mean (the projection's `payout`) or a percentile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stat {
    Mean,
    P10,
    P50,
    P90,
}

#[derive(Debug, Clone)]
pub struct Solve {
    pub lever: Lever,
    pub metric: Metric,
    pub target: Decimal,
    /// The target is on this plan's row; None: the company's.
    pub plan: Option<String>,
    /// Monte Carlo only (None: the mean).
    pub at: Option<Stat>,
    /// The range searched, both ends included.
    pub between: (Decimal, Decimal),
    /// The values tried are multiples of this.
    pub precision: Decimal,
    pub loc: Location,
}

/// The answer, carried by the projection at the value found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Solved {
    pub lever: Lever,
    pub metric: Metric,
    pub at: Stat,
    /// None: the company.
    pub plan: Option<String>,
    pub target: Decimal,
    pub precision: Decimal,
    /// The value found: the end of the last bracket whose metric meets the target (at or under it).
    pub value: Decimal,
    /// The metric at `value`.
    pub reached: Decimal,
    /// The other end of the last bracket (one precision step away) and its metric, over the target.
    pub beyond: Decimal,
    pub beyond_reached: Decimal,
    /// Projections computed.
    pub runs: u32,
}

impl Lever {
    /// The scenario with this lever at `x`.
    pub fn apply(&self, sc: &Scenario, x: Decimal) -> Scenario {
        let mut sc = sc.clone();
        let here = sc.path_location();
        let set = |g: &mut super::scenario::Growth, scope: &Scope| {
            let list = match scope {
                Scope::Everyone => {
                    g.all = x;
                    return;
                }
                Scope::Plan(_) => &mut g.plans,
                Scope::Team(_) => &mut g.teams,
                Scope::Payee(_) => &mut g.payees,
            };
            let (Scope::Plan(id) | Scope::Team(id) | Scope::Payee(id)) = scope else {
                unreachable!("everyone returned above")
            };
            match list.iter_mut().find(|(n, _, _)| n == id) {
                Some(e) => e.1 = x,
                None => list.push((id.clone(), x, here.clone())),
            }
        };
        match self {
            Lever::QuotaGrowth(scope) => set(&mut sc.quotas, scope),
            Lever::TiGrowth(scope) => set(&mut sc.target_incentive, scope),
            Lever::ReplayGrowth => sc.replay_growth = x,
        }
        sc
    }

    fn scope(&self) -> &Scope {
        match self {
            Lever::QuotaGrowth(s) | Lever::TiGrowth(s) => s,
            Lever::ReplayGrowth => &Scope::Everyone,
        }
    }
}

impl Scenario {
    /// A place in the scenario file with no line: for entries the solver adds.
    fn path_location(&self) -> Location {
        Location {
            file: self.path.clone(),
            line: 0,
            col: 0,
            snippet: None,
        }
    }
}

fn refuse(s: &Solve, message: String, hint: &str) -> Invalid {
    Invalid(vec![Diagnostic::new(message).at(s.loc.clone()).hint(hint)])
}

/// Solves `s` for the scenario `sc` under `kind`: `project` computes one projection of a scenario.
pub fn solve(
    sc: &Scenario,
    s: &Solve,
    kind: ModelKind,
    project: &dyn Fn(&Scenario) -> Result<Projection, Invalid>,
) -> Result<Projection, Invalid> {
    let at = match (kind, s.at) {
        (ModelKind::Grid, _) => {
            return Err(refuse(
                s,
                "a solve needs one outcome per value: the grid gives one per point".into(),
                "solve with model = \"replay\" or \"monte-carlo\"",
            ))
        }
        (ModelKind::Replay, None | Some(Stat::Mean)) => Stat::Mean,
        (ModelKind::Replay, Some(_)) => {
            return Err(refuse(
                s,
                "a replay is one outcome: it has no percentiles".into(),
                "drop `at`, or solve with model = \"monte-carlo\"",
            ))
        }
        (ModelKind::MonteCarlo, a) => a.unwrap_or(Stat::Mean),
    };
    let mut runs = 0u32;
    let mut eval = |k: Decimal| -> Result<(Decimal, Projection), Invalid> {
        runs += 1;
        let x = k * s.precision;
        let p = project(&s.lever.apply(sc, x))?;
        if runs == 1 {
            check_scope(s, &p)?;
        }
        Ok((metric(s, at, &p, x)?, p))
    };
    let meets = |v: Decimal| v <= s.target;
    // the values tried: k x precision for whole k in the range
    let (Some(lo), Some(hi)) = (
        s.between.0.checked_div(s.precision).map(|d| d.ceil()),
        s.between.1.checked_div(s.precision).map(|d| d.floor()),
    ) else {
        return Err(refuse(
            s,
            "the range is too wide for the precision".into(),
            "make `precision` coarser",
        ));
    };
    if lo >= hi {
        return Err(refuse(
            s,
            "the range holds fewer than two multiples of the precision".into(),
            "widen `between` or make `precision` finer",
        ));
    }
    let (f_lo, p_lo) = eval(lo)?;
    let (f_hi, p_hi) = eval(hi)?;
    if meets(f_lo) == meets(f_hi) {
        return Err(refuse(
            s,
            format!(
                "no value from {} to {} meets the target of {}: {} at the one end, {} at the other",
                percent(lo * s.precision),
                percent(hi * s.precision),
                figure(s.metric, s.target),
                figure(s.metric, f_lo),
                figure(s.metric, f_hi),
            ),
            "widen `between`, or check the target",
        ));
    }
    // the bracket's ends: `a` on the side of `lo`, `b` on the side of `hi`
    let (mut a, mut fa, mut pa) = (lo, f_lo, p_lo);
    let (mut b, mut fb, mut pb) = (hi, f_hi, p_hi);
    while b - a > Decimal::ONE {
        let m = ((a + b) / Decimal::TWO).floor();
        let (fm, pm) = eval(m)?;
        if fm < fa.min(fb) || fm > fa.max(fb) {
            return Err(refuse(
                s,
                format!(
                    "the lever is not monotone from {} to {}: {} at {}, {} at {}, {} at {}",
                    percent(a * s.precision),
                    percent(b * s.precision),
                    figure(s.metric, fa),
                    percent(a * s.precision),
                    figure(s.metric, fm),
                    percent(m * s.precision),
                    figure(s.metric, fb),
                    percent(b * s.precision),
                ),
                "narrow `between` to a range where the target is crossed once",
            ));
        }
        if meets(fm) == meets(fa) {
            (a, fa, pa) = (m, fm, pm);
        } else {
            (b, fb, pb) = (m, fm, pm);
        }
    }
    let ((value, reached, mut p), (beyond, beyond_reached)) = if meets(fa) {
        ((a, fa, pa), (b, fb))
    } else {
        ((b, fb, pb), (a, fa))
    };
    p.solve = Some(Solved {
        lever: s.lever.clone(),
        metric: s.metric,
        at,
        plan: s.plan.clone(),
        target: s.target,
        precision: s.precision,
        value: (value * s.precision).normalize(),
        reached,
        beyond: (beyond * s.precision).normalize(),
        beyond_reached,
        runs,
    });
    Ok(p)
}

/// A figure of a metric, for a message: a cost as a number, a cost of sales as a percentage.
fn figure(m: Metric, v: Decimal) -> String {
    match m {
        Metric::TotalCost => crate::num::plain(v),
        Metric::CostOfSales => percent(v),
    }
}

/// The lever's plan, team or payee and the target's plan are in the modelled year.
fn check_scope(s: &Solve, p: &Projection) -> Result<(), Invalid> {
    let has = |level: &str, id: &str| p.rows.iter().any(|r| r.level == level && r.id == id);
    let (level, id) = match s.lever.scope() {
        Scope::Everyone => ("company", "company"),
        Scope::Plan(id) => ("plan", id.as_str()),
        Scope::Team(id) => ("team", id.as_str()),
        Scope::Payee(id) => ("payee", id.as_str()),
    };
    if !has(level, id) {
        return Err(refuse(
            s,
            format!("the lever's {level} `{id}` has no payee in the modelled year"),
            "name a plan, team or payee of the modelled year",
        ));
    }
    if let Some(plan) = &s.plan {
        if !has("plan", plan) {
            return Err(refuse(
                s,
                format!("the target's plan `{plan}` has no payee in the modelled year"),
                "name a plan of the modelled year, or drop `plan` for the company",
            ));
        }
    }
    Ok(())
}

/// The target's figure in a projection at `x`.
fn metric(s: &Solve, at: Stat, p: &Projection, x: Decimal) -> Result<Decimal, Invalid> {
    let row: &Row = p
        .rows
        .iter()
        .find(|r| match &s.plan {
            Some(plan) => r.level == "plan" && &r.id == plan,
            None => r.level == "company",
        })
        .expect("checked by check_scope");
    let cost = match at {
        Stat::Mean => Some(row.payout),
        Stat::P10 => row.p10,
        Stat::P50 => row.p50,
        Stat::P90 => row.p90,
    }
    .expect("a Monte Carlo row has its percentiles");
    let cost_of_sales = match at {
        // the projection's own figure: the mean cost over the mean revenue, unrounded
        Stat::Mean => row.cost_of_sales,
        _ => super::projection::ratio(cost, row.revenue),
    };
    match s.metric {
        Metric::TotalCost => Ok(cost),
        Metric::CostOfSales => cost_of_sales.ok_or_else(|| {
            refuse(
                s,
                format!("there is no revenue at {}: no cost of sales", percent(x)),
                "solve for a total cost, or count a measure as revenue",
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::{FiscalStart, Period};

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn company(payout: Decimal) -> Row {
        Row {
            payout,
            revenue: d("1000"),
            cost_of_sales: super::super::projection::ratio(payout, d("1000")),
            ..Row::group(&("company", "company".to_string()), 1)
        }
    }

    fn scenario() -> Scenario {
        let src = crate::diag::SourceText::new("s.toml", "base_year = 2024\nyear = 2024\n");
        super::super::scenario::parse(&src, FiscalStart::default()).unwrap()
    }

    fn solve_of(target: &str, between: (&str, &str), precision: &str) -> Solve {
        Solve {
            lever: Lever::QuotaGrowth(Scope::Everyone),
            metric: Metric::TotalCost,
            target: d(target),
            plan: None,
            at: None,
            between: (d(between.0), d(between.1)),
            precision: d(precision),
            loc: scenario().path_location(),
        }
    }

    /// A projection whose company cost is `cost(quota growth)`.
    fn run(
        s: &Solve,
        cost: &dyn Fn(Decimal) -> Decimal,
    ) -> Result<(Projection, Vec<Decimal>), Invalid> {
        let tried = std::cell::RefCell::new(Vec::new());
        let p = solve(&scenario(), s, ModelKind::Replay, &|sc| {
            tried.borrow_mut().push(sc.quotas.all);
            Ok(Projection {
                scenario: String::new(),
                model: ModelKind::Replay,
                base_year: Period::parse("2024", FiscalStart::default()).unwrap(),
                year: Period::parse("2024", FiscalStart::default()).unwrap(),
                currency: "EUR".into(),
                trials: None,
                seed: None,
                rows: vec![company(cost(sc.quotas.all))],
                notes: Vec::new(),
                totals: Vec::new(),
                seasons: Vec::new(),
                solve: None,
            })
        })?;
        Ok((p, tried.into_inner()))
    }

    #[test]
    fn bisection_finds_the_first_step_at_or_under_the_target() {
        // cost = 1000 - 1000 g: at most 700 from g = 30% on; steps of 1% from 0% to 100%
        let s = solve_of("700", ("0", "1"), "0.01");
        let (p, tried) = run(&s, &|g| d("1000") - d("1000") * g).unwrap();
        let solved = p.solve.unwrap();
        assert_eq!(solved.value, d("0.3"));
        assert_eq!(solved.reached, d("700"));
        assert_eq!(solved.beyond, d("0.29"));
        assert_eq!(solved.beyond_reached, d("710"));
        // 0 and 100, then 50, 25, 37, 31, 28, 29, 30: nine runs, each value tried once
        assert_eq!(solved.runs, 9);
        assert_eq!(tried.len(), 9);
        // the projection returned is the one at 30%
        assert_eq!(p.rows[0].payout, d("700"));
    }

    #[test]
    fn an_increasing_metric_is_met_at_the_lower_end_of_the_bracket() {
        // cost = 500 + 1000 g: at most 777 up to g = 27.7%; steps of 0.1%
        let s = solve_of("777", ("0", "0.5"), "0.001");
        let (p, _) = run(&s, &|g| d("500") + d("1000") * g).unwrap();
        let solved = p.solve.unwrap();
        assert_eq!((solved.value, solved.reached), (d("0.277"), d("777")));
        assert_eq!(
            (solved.beyond, solved.beyond_reached),
            (d("0.278"), d("778"))
        );
    }

    #[test]
    fn no_value_in_the_range() {
        let s = solve_of("100", ("0", "0.4"), "0.0001");
        let e = run(&s, &|g| d("1000") - d("1000") * g).unwrap_err();
        assert_eq!(
            e.0[0].message,
            "no value from 0% to 40% meets the target of 100: 1000 at the one end, 600 at the other"
        );
    }

    #[test]
    fn a_lever_that_is_not_monotone_is_named() {
        // a bump at 50%: 1000 at 0%, 1200 at 50%, 0 at 100%
        let s = solve_of("500", ("0", "1"), "0.01");
        let e = run(&s, &|g| {
            if g == d("0.5") {
                d("1200")
            } else {
                d("1000") - d("1000") * g
            }
        })
        .unwrap_err();
        assert_eq!(
            e.0[0].message,
            "the lever is not monotone from 0% to 100%: 1000 at 0%, 1200 at 50%, 0 at 100%"
        );
    }

    #[test]
    fn a_grid_cannot_be_solved() {
        let s = solve_of("700", ("0", "1"), "0.01");
        let e = solve(&scenario(), &s, ModelKind::Grid, &|_| unreachable!()).unwrap_err();
        assert!(e.0[0].message.starts_with("a solve needs one outcome"));
    }
}
