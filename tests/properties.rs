//! Property tests: invariants of whole calculations on random workspaces, monotonicity of curves,
//! rate tables and whole plans, and "never panic" fuzzing of everything that parses user input.
//!
//! Random workspaces are written to temporary folders by the `wsgen` module below and run through the
//! public API, exactly as the CLI does: `workspace::load`, `data::load`, `engine::calculate`.
//! Tests that write files run 64 cases (or fewer); pure-function properties run more.
//!
//! The tests near the end are regressions, each named after a bug these properties found (panics on
//! huge numbers, a negative record cap, an unscaled empty total, dates the fast path refused).

use chrono::NaiveDate;
use comp::data;
use comp::engine::{self, bands, curve, Request};
use comp::num::{self, NumberFormat};
use comp::period::{FiscalStart, Frequency, Period};
use comp::plan::{Band, Beyond, Curve, Interpolation, Mode};
use comp::report::CalcReport;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use rust_decimal::Decimal;
use std::path::Path;

/// `cases` cases, or `PROPTEST_CASES` when set (to fuzz longer: `PROPTEST_CASES=5000 cargo test
/// --release --test properties`).
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    ProptestConfig::with_cases(cases)
}

fn round2(d: Decimal, half_even: bool) -> Decimal {
    let strategy = if half_even {
        rust_decimal::RoundingStrategy::MidpointNearestEven
    } else {
        rust_decimal::RoundingStrategy::MidpointAwayFromZero
    };
    let mut r = d.round_dp_with_strategy(2, strategy);
    r.rescale(2);
    r
}

/// Writes workspaces: either from a structured random spec (`Ws`) or from raw texts (for fuzzing).
mod wsgen {
    use chrono::{Days, NaiveDate};
    use rust_decimal::Decimal;
    use std::fmt::Write as _;
    use std::path::{Path, PathBuf};

    pub const WORKSPACE_HEAD: &str = "currency = \"EUR\"\nfiscal_year_start = \"01-01\"\n";

    /// The measures every generated plan defines: `arr` (sum of amount, filtered by kind) and `deals`
    /// (count of records).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum On {
        Arr,
        Deals,
    }

    impl On {
        pub fn id(self) -> &'static str {
            match self {
                On::Arr => "arr",
                On::Deals => "deals",
            }
        }
    }

    #[derive(Debug, Clone)]
    pub enum Rule {
        /// `rate` is a fraction (or an amount per unit on `deals`).
        Commission {
            on: On,
            rate: Decimal,
            per_record: bool,
        },
        /// Band `i` runs from `froms[i]` (0 for the first) to `froms[i + 1]`; the last is open.
        Table {
            on: On,
            attainment: bool,
            retroactive: bool,
            froms: Vec<Decimal>,
            rates: Vec<Decimal>,
            per_record: bool,
        },
        Curve {
            on: On,
            attainment: bool,
            points: Vec<(Decimal, Decimal)>,
            step: bool,
            extend: bool,
            threshold: Option<Decimal>,
        },
    }

    impl Rule {
        pub fn per_record(&self) -> bool {
            match self {
                Rule::Commission { per_record, .. } | Rule::Table { per_record, .. } => *per_record,
                Rule::Curve { .. } => false,
            }
        }
    }

    #[derive(Debug, Clone, Copy)]
    pub enum Cap {
        /// A fraction of the TI (1.5 for 150%).
        Share(Decimal),
        /// Money, two decimals.
        Amount(Decimal),
    }

    #[derive(Debug, Clone)]
    pub struct Component {
        pub rule: Rule,
        /// A fraction.
        pub weight: Option<Decimal>,
        pub cap: Option<Cap>,
        pub cap_per_record: Option<Decimal>,
        /// How literals are written (percent string, plain number, number in a string).
        pub style: u8,
    }

    #[derive(Debug, Clone)]
    pub struct Plan {
        pub frequency: &'static str,
        pub months: u32,
        pub cap: Option<Cap>,
        pub components: Vec<Component>,
        pub arr_kinds: Vec<&'static str>,
    }

    #[derive(Debug, Clone)]
    pub struct Payee {
        pub id: String,
        /// Annual TI; its cents are a multiple of 12 so a period's TI is exact.
        pub ti: Decimal,
        pub start: NaiveDate,
        pub end: Option<NaiveDate>,
    }

    impl Payee {
        pub fn employed_on(&self, d: NaiveDate) -> bool {
            d >= self.start && self.end.is_none_or(|e| d <= e)
        }
    }

    #[derive(Debug, Clone)]
    pub struct Deal {
        pub id: String,
        pub payee: String,
        pub date: NaiveDate,
        pub amount: Decimal,
        pub kind: &'static str,
    }

    #[derive(Debug, Clone)]
    pub struct Ws {
        pub half_even: bool,
        /// Deals written the French way: `;`, decimal comma, space grouping, dd/mm/yyyy.
        pub french: bool,
        pub payees: Vec<Payee>,
        pub plan: Plan,
        pub deals: Vec<Deal>,
        /// Annual targets per payee (same order as `payees`).
        pub arr_quota: Vec<Decimal>,
        pub deals_quota: Vec<Decimal>,
        /// Write each annual quota as four quarterly rows.
        pub quarterly_quotas: bool,
    }

    pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    pub fn day_of_2024(offset: i64) -> NaiveDate {
        if offset >= 0 {
            date(2024, 1, 1) + Days::new(offset as u64)
        } else {
            date(2024, 1, 1) - Days::new(offset.unsigned_abs())
        }
    }

    /// A fraction as a TOML value, in one of three spellings.
    fn frac_lit(r: Decimal, style: u8) -> String {
        match style % 3 {
            0 => format!("\"{}%\"", (r * Decimal::ONE_HUNDRED).normalize()),
            1 => plain_lit(r),
            _ => format!("\"{}\"", r.normalize()),
        }
    }

    /// A number on the percent axis (or money) as a TOML value.
    fn points_lit(x: Decimal, style: u8, percent_ok: bool) -> String {
        match style % 3 {
            0 if percent_ok => format!("\"{}%\"", x.normalize()),
            2 => format!("\"{}\"", x.normalize()),
            _ => plain_lit(x),
        }
    }

    /// A TOML integer or float literal (comp re-reads a float's text, so no binary rounding).
    fn plain_lit(x: Decimal) -> String {
        x.normalize().to_string()
    }

    fn cap_lit(c: Cap, style: u8) -> String {
        match c {
            Cap::Share(s) => format!("\"{}%\"", (s * Decimal::ONE_HUNDRED).normalize()),
            Cap::Amount(a) if style.is_multiple_of(2) => format!("\"{a}\""),
            Cap::Amount(a) => plain_lit(a),
        }
    }

    impl Ws {
        pub fn plan_toml(&self) -> String {
            let p = &self.plan;
            let mut t = String::new();
            writeln!(
                t,
                "id = \"gen\"\nname = \"Generated\"\nfrequency = \"{}\"",
                p.frequency
            )
            .unwrap();
            if let Some(c) = p.cap {
                writeln!(t, "cap = {}", cap_lit(c, 0)).unwrap();
            }
            let kinds: Vec<String> = p.arr_kinds.iter().map(|k| format!("\"{k}\"")).collect();
            writeln!(
                t,
                "\n[measures.arr]\nsource = \"deals\"\nsum = \"amount\"\nwhere = {{ kind = [{}] }}\n",
                kinds.join(", ")
            )
            .unwrap();
            writeln!(t, "[measures.deals]\nsource = \"deals\"\ncount = \"*\"\n").unwrap();
            for (i, c) in p.components.iter().enumerate() {
                let s = c.style;
                writeln!(t, "[[components]]\nid = \"c{i}\"").unwrap();
                if let Some(w) = c.weight {
                    writeln!(t, "weight = {}", frac_lit(w, s)).unwrap();
                }
                if let Some(cap) = c.cap {
                    writeln!(t, "cap = {}", cap_lit(cap, s)).unwrap();
                }
                if let Some(cpr) = c.cap_per_record {
                    writeln!(t, "cap_per_record = {}", points_lit(cpr, s, false)).unwrap();
                }
                match &c.rule {
                    Rule::Commission {
                        on,
                        rate,
                        per_record,
                    } => {
                        // an amount per unit on a count is written as a plain number
                        let rate = if *on == On::Deals && *rate >= Decimal::ONE {
                            plain_lit(*rate)
                        } else {
                            frac_lit(*rate, s)
                        };
                        writeln!(
                            t,
                            "commission = {{ on = \"{}\", rate = {rate}, per = \"{}\" }}",
                            on.id(),
                            if *per_record { "record" } else { "period" }
                        )
                        .unwrap();
                    }
                    Rule::Table {
                        on,
                        attainment,
                        retroactive,
                        froms,
                        rates,
                        per_record,
                    } => {
                        let mut bands = Vec::new();
                        for (b, rate) in rates.iter().enumerate() {
                            let rate = if *on == On::Deals && *rate >= Decimal::ONE {
                                plain_lit(*rate)
                            } else {
                                frac_lit(*rate, s)
                            };
                            let from = points_lit(froms[b], s, *attainment);
                            match froms.get(b + 1) {
                                Some(to) => bands.push(format!(
                                    "{{ from = {from}, to = {}, rate = {rate} }}",
                                    points_lit(*to, s, *attainment)
                                )),
                                None => bands.push(format!("{{ from = {from}, rate = {rate} }}")),
                            }
                        }
                        writeln!(
                            t,
                            "rate_table = {{ on = \"{}\", basis = \"{}\", mode = \"{}\", per = \"{}\", bands = [\n  {}\n] }}",
                            on.id(),
                            if *attainment { "attainment" } else { "amount" },
                            if *retroactive { "retroactive" } else { "graduated" },
                            if *per_record { "record" } else { "period" },
                            bands.join(",\n  ")
                        )
                        .unwrap();
                    }
                    Rule::Curve {
                        on,
                        attainment,
                        points,
                        step,
                        extend,
                        threshold,
                    } => {
                        let pts: Vec<String> = points
                            .iter()
                            .map(|(x, y)| {
                                format!(
                                    "[{}, {}]",
                                    points_lit(*x, s, true),
                                    points_lit(*y, s + 1, true)
                                )
                            })
                            .collect();
                        let mut line = format!(
                            "curve = {{ on = \"{}\", over = \"{}\", points = [{}], interpolation = \"{}\", beyond = \"{}\"",
                            on.id(),
                            if *attainment { "attainment" } else { "value" },
                            pts.join(", "),
                            if *step { "step" } else { "linear" },
                            if *extend { "extend" } else { "flat" },
                        );
                        if let Some(th) = threshold {
                            write!(line, ", threshold = {}", plain_lit(*th)).unwrap();
                        }
                        writeln!(t, "{line} }}").unwrap();
                    }
                }
                writeln!(t).unwrap();
            }
            t
        }

        pub fn comp_toml(&self) -> String {
            let mut t = String::from(WORKSPACE_HEAD);
            writeln!(
                t,
                "rounding = \"{}\"\nplans = [\"plans/plan.toml\"]\n",
                if self.half_even {
                    "half-even"
                } else {
                    "half-away-from-zero"
                }
            )
            .unwrap();
            writeln!(t, "[sources.deals]\nfile = \"data/deals.csv\"").unwrap();
            if self.french {
                writeln!(
                    t,
                    "delimiter = \";\"\ndecimal_mark = \",\"\nthousands = \" \"\ndate_format = \"%d/%m/%Y\""
                )
                .unwrap();
            }
            writeln!(
                t,
                "columns = {{ id = \"id\", payee = \"payee\", date = \"date\", amount = \"amount\", kind = \"kind\" }}\n"
            )
            .unwrap();
            writeln!(t, "[sources.roster]\nfile = \"data/roster.csv\"\n").unwrap();
            writeln!(t, "[sources.quotas]\nfile = \"data/quotas.csv\"").unwrap();
            t
        }

        pub fn deals_csv(&self) -> String {
            let sep = if self.french { ";" } else { "," };
            let mut t = format!("id{sep}payee{sep}date{sep}amount{sep}kind\n");
            for (i, d) in self.deals.iter().enumerate() {
                let (date, amount) = if self.french {
                    (
                        d.date.format("%d/%m/%Y").to_string(),
                        french_amount(d.amount, i),
                    )
                } else {
                    (d.date.format("%Y-%m-%d").to_string(), d.amount.to_string())
                };
                writeln!(
                    t,
                    "{}{sep}{}{sep}{date}{sep}{amount}{sep}{}",
                    d.id, d.payee, d.kind
                )
                .unwrap();
            }
            t
        }

        pub fn roster_csv(&self) -> String {
            let mut t =
                String::from("payee,name,plan,team,manager,start,end,base,target_incentive\n");
            for p in &self.payees {
                let end = p.end.map(|e| e.to_string()).unwrap_or_default();
                writeln!(
                    t,
                    "{},Payee {},gen,T,,{},{end},50000,{}",
                    p.id, p.id, p.start, p.ti
                )
                .unwrap();
            }
            t
        }

        pub fn quotas_csv(&self) -> String {
            let mut t = String::from("payee,period,measure,target\n");
            for (i, p) in self.payees.iter().enumerate() {
                for (m, target) in [("arr", self.arr_quota[i]), ("deals", self.deals_quota[i])] {
                    if self.quarterly_quotas {
                        for q in 1..=4 {
                            writeln!(t, "{},2024-Q{q},{m},{target}", p.id).unwrap();
                        }
                    } else {
                        writeln!(t, "{},2024,{m},{target}", p.id).unwrap();
                    }
                }
            }
            t
        }

        /// Writes the workspace into `dir` and returns the path of its comp.toml.
        pub fn write(&self, dir: &Path) -> PathBuf {
            write_raw(
                dir,
                &self.comp_toml(),
                self.plan_toml().as_bytes(),
                self.deals_csv().as_bytes(),
                &self.roster_csv(),
                &self.quotas_csv(),
            )
        }
    }

    /// `1 234 567,89`, negative as `-1 234,56` or `(1 234,56)`.
    fn french_amount(a: Decimal, i: usize) -> String {
        let s = a.abs().to_string();
        let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
        let mut grouped = String::new();
        for (k, c) in int.chars().enumerate() {
            if k > 0 && (int.len() - k) % 3 == 0 {
                grouped.push(if i.is_multiple_of(2) { ' ' } else { '\u{a0}' });
            }
            grouped.push(c);
        }
        let body = if frac.is_empty() {
            grouped
        } else {
            format!("{grouped},{frac}")
        };
        match (a.is_sign_negative() && !a.is_zero(), i.is_multiple_of(3)) {
            (true, true) => format!("({body})"),
            (true, false) => format!("-{body}"),
            _ => body,
        }
    }

    /// Writes comp.toml, plans/plan.toml and the three CSV files as given.
    pub fn write_raw(
        dir: &Path,
        comp_toml: &str,
        plan: &[u8],
        deals: &[u8],
        roster: &str,
        quotas: &str,
    ) -> PathBuf {
        std::fs::create_dir_all(dir.join("plans")).unwrap();
        std::fs::create_dir_all(dir.join("data")).unwrap();
        std::fs::write(dir.join("plans/plan.toml"), plan).unwrap();
        std::fs::write(dir.join("data/deals.csv"), deals).unwrap();
        std::fs::write(dir.join("data/roster.csv"), roster).unwrap();
        std::fs::write(dir.join("data/quotas.csv"), quotas).unwrap();
        let path = dir.join("comp.toml");
        std::fs::write(&path, comp_toml).unwrap();
        path
    }

    /// A simple valid workspace around a given plan and deals file: payees p1 and p2 on plan `base`,
    /// annual quotas for `arr` and `deals`.
    pub const BASE_COMP_TOML: &str = r#"currency = "EUR"
fiscal_year_start = "01-01"
rounding = "half-away-from-zero"
plans = ["plans/plan.toml"]

[sources.deals]
file = "data/deals.csv"
columns = { id = "id", payee = "payee", date = "date", amount = "amount", kind = "kind" }

[sources.roster]
file = "data/roster.csv"

[sources.quotas]
file = "data/quotas.csv"
"#;

    pub const BASE_ROSTER: &str = "payee,name,plan,team,manager,start,end,base,target_incentive\n\
        p1,Ann,base,T,,2023-01-01,,50000,30000\n\
        p2,Bob,base,T,p1,2024-02-01,2024-10-31,60000,24000.12\n";

    pub const BASE_QUOTAS: &str = "payee,period,measure,target\n\
        p1,2024,arr,400000\np1,2024,deals,20\np2,2024-Q1,arr,90000\np2,2024-Q2,arr,90000\n\
        p2,2024-H2,arr,200000\np2,2024,deals,12\n";

    /// A valid plan using every kind of component, caps and literal spelling.
    pub const BASE_PLAN: &str = r#"id = "base"
name = "Base plan"
frequency = "quarter"
cap = "300%"

[measures.arr]
source = "deals"
sum = "amount"
where = { kind = ["new", "expansion"] }

[measures.deals]
source = "deals"
count = "*"

[[components]]
id = "commission"
weight = "30%"
cap = "250%"
cap_per_record = 5000
commission = { on = "arr", rate = "5%", per = "record" }

[[components]]
id = "table"
weight = 0.35
rate_table = { on = "arr", basis = "attainment", mode = "graduated", bands = [
  { from = 0, to = 100, rate = "6%" },
  { from = 100, to = 150, rate = 0.08 },
  { from = 150, rate = "10%" },
] }

[[components]]
id = "retro"
cap = 20000.50
rate_table = { on = "arr", basis = "amount", mode = "retroactive", per = "record", bands = [
  { from = 0, to = 50000, rate = "1%" },
  { from = 50000, rate = "2.5%" },
] }

[[components]]
id = "bonus"
weight = "25%"
curve = { on = "deals", over = "attainment", points = [[0, 0], [50, 25], [80, 60], [80, 70], [100, 100], [150, 200]], beyond = "extend", threshold = 40 }

[[components]]
id = "logos"
weight = "10%"
curve = { on = "deals", over = "value", points = [[1, 1.5], [5, "10%"]], interpolation = "step" }
"#;

    pub const BASE_DEALS: &str = "id,payee,date,amount,kind\n\
        d1,p1,2024-01-15,12000.50,new\n\
        d2,p1,2024-02-03,-1500,new\n\
        d3,p2,2024-02-10,30000,expansion\n\
        d4,p2,2024-05-20,7000.25,renewal\n\
        d5,p1,2024-08-01,99000,new\n";
}

use wsgen::{Cap, Component, Deal, On, Payee, Plan, Rule, Ws};

// ---------------------------------------------------------------------------------------------------
// Running a workspace
// ---------------------------------------------------------------------------------------------------

fn year_2024() -> Period {
    Period::parse("2024", FiscalStart::default()).unwrap()
}

/// Loads and calculates `period` (the fiscal year 2024 when None), as the CLI does.
fn run_period(comp_toml: &Path, period: Option<&str>) -> Result<CalcReport, String> {
    let ws = comp::read::workspace_file::load(comp_toml).map_err(|e| format!("workspace: {e}"))?;
    let period = match period {
        Some(p) => Period::parse(p, ws.fiscal).ok_or("period")?,
        None => Period::parse("2024", ws.fiscal).unwrap(),
    };
    let req = Request {
        period,
        payees: vec![],
        plans: vec![],
        detail: true,
    };
    let ledger = data::Ledger::default();
    let data = comp::read::load(
        &ws,
        &engine::needs(&ws, &ledger, &req),
        comp::read::Policy::FirstError,
    )
    .map_err(|e| format!("data: {e}"))?;
    engine::calculate(&ws, &data, &ledger, &req).map_err(|e| format!("calc: {e}"))
}

fn run(comp_toml: &Path) -> Result<CalcReport, String> {
    run_period(comp_toml, None)
}

fn json(report: &CalcReport) -> Vec<u8> {
    let mut out = Vec::new();
    comp::render::json::report(report, &mut out).unwrap();
    out
}

/// Runs everything downstream of a workspace that may or may not load, and renders every format: any
/// Ok or Err is fine, a panic is not.
fn exercise(comp_toml: &Path) {
    for period in [None, Some("2024-Q1"), Some("2024-03")] {
        if let Ok(report) = run_period(comp_toml, period) {
            render_all(&report);
        }
    }
}

fn render_all(report: &CalcReport) {
    let mut out = Vec::new();
    comp::render::json::report(report, &mut out).unwrap();
    out.clear();
    for (lines, reconcile) in [(false, false), (true, true)] {
        let opts = comp::render::table::Options {
            lines,
            reconcile,
            width: None,
        };
        comp::render::table::report(report, &opts, &mut out).unwrap();
    }
    comp::render::csv::statements(report, Default::default(), &mut out).unwrap();
    comp::render::csv::lines(report, Default::default(), &mut out).unwrap();
    comp::render::csv::reconciliation(report, Default::default(), &mut out).unwrap();
}

// ---------------------------------------------------------------------------------------------------
// Strategies for random workspaces
// ---------------------------------------------------------------------------------------------------

fn arb_on() -> impl Strategy<Value = On> {
    prop_oneof![3 => Just(On::Arr), 1 => Just(On::Deals)]
}

/// A rate: a fraction with up to four decimals (0% to 25%, so up to two decimals in percent), or on a
/// count, sometimes an amount per unit.
fn arb_rate(on: On) -> BoxedStrategy<Decimal> {
    match on {
        On::Arr => (0i64..2500).prop_map(|n| Decimal::new(n, 4)).boxed(),
        On::Deals => prop_oneof![
            (0i64..2500).prop_map(|n| Decimal::new(n, 4)),
            (1i64..50000).prop_map(|n| Decimal::new(n, 2).max(Decimal::ONE)),
        ]
        .boxed(),
    }
}

/// Band starts (the first is 0) and one rate per band.
fn arb_bands(
    on: On,
    attainment: bool,
    increasing: bool,
) -> impl Strategy<Value = (Vec<Decimal>, Vec<Decimal>)> {
    let step = match (attainment, on) {
        (true, _) => (1i64..=100).prop_map(Decimal::from).boxed(),
        (false, On::Arr) => (100i64..5_000_000).prop_map(|c| Decimal::new(c, 2)).boxed(),
        (false, On::Deals) => (1i64..=8).prop_map(Decimal::from).boxed(),
    };
    (1usize..=4)
        .prop_flat_map(move |n| {
            (
                prop::collection::vec(step.clone(), n - 1),
                prop::collection::vec(arb_rate(on), n),
            )
        })
        .prop_map(move |(steps, mut rates)| {
            let mut froms = vec![Decimal::ZERO];
            for s in steps {
                let last = *froms.last().unwrap();
                froms.push(last + s);
            }
            if increasing {
                rates.sort();
            }
            (froms, rates)
        })
}

/// Curve points ordered by x (at most two at one x, a jump), y in percent; non-decreasing in y when
/// `monotone`. The x axis is attainment in percent, or the measure's value.
fn arb_points(
    on: On,
    attainment: bool,
    monotone: bool,
) -> impl Strategy<Value = Vec<(Decimal, Decimal)>> {
    let x_scale = match (attainment, on) {
        (true, _) => Decimal::ONE,
        (false, On::Arr) => Decimal::from(1000),
        (false, On::Deals) => Decimal::new(1, 1),
    };
    (
        prop::collection::vec(0i64..2000, 1..=6),
        prop::collection::vec(0i64..3000, 6),
    )
        .prop_map(move |(mut xs, mut ys)| {
            xs.sort();
            // at most two points at one x
            let mut kept: Vec<i64> = Vec::new();
            for x in xs {
                if kept.iter().filter(|k| **k == x).count() < 2 {
                    kept.push(x);
                }
            }
            ys.truncate(kept.len());
            if monotone {
                ys.sort();
            }
            kept.iter()
                .zip(ys)
                .map(|(x, y)| (Decimal::new(*x, 1) * x_scale, Decimal::new(y, 1)))
                .collect()
        })
}

fn arb_rule(monotone: bool) -> impl Strategy<Value = Rule> {
    let commission = (arb_on(), any::<bool>())
        .prop_flat_map(|(on, per_record)| (Just(on), arb_rate(on), Just(per_record)))
        .prop_map(move |(on, rate, per_record)| Rule::Commission {
            on,
            // a flat positive rate in the monotone plans
            rate: if monotone {
                rate.max(Decimal::new(1, 4))
            } else {
                rate
            },
            per_record,
        });
    // the monotone plans only use graduated tables paid per period (see `monotone_plans`)
    let table = (arb_on(), any::<bool>(), any::<bool>(), any::<bool>())
        .prop_flat_map(move |(on, attainment, retroactive, per_record)| {
            (
                Just(on),
                Just(attainment),
                Just(retroactive && !monotone),
                arb_bands(on, attainment, false),
                Just(per_record && !monotone),
            )
        })
        .prop_map(
            |(on, attainment, retroactive, (froms, rates), per_record)| Rule::Table {
                on,
                attainment,
                retroactive,
                froms,
                rates,
                per_record,
            },
        );
    let curve = (arb_on(), prop::bool::weighted(0.8))
        .prop_flat_map(move |(on, attainment)| {
            (
                Just(on),
                Just(attainment),
                arb_points(on, attainment, monotone),
                any::<bool>(),
                any::<bool>(),
                prop::option::weighted(0.3, 0i64..1200),
            )
        })
        .prop_map(
            |(on, attainment, points, step, extend, threshold)| Rule::Curve {
                on,
                attainment,
                extend: extend && points.len() >= 2,
                points,
                step,
                threshold: threshold.map(|t| Decimal::new(t, 1)),
            },
        );
    prop_oneof![commission, table, curve]
}

fn arb_amount_cap() -> impl Strategy<Value = Cap> {
    (0i64..3_000_000).prop_map(|c| Cap::Amount(Decimal::new(c, 2)))
}

fn arb_component(monotone: bool) -> impl Strategy<Value = (Component, u32, bool)> {
    (
        arb_rule(monotone),
        prop::option::weighted(0.35, (any::<bool>(), 25i64..400, arb_amount_cap())),
        prop::option::weighted(0.5, 0i64..1_000_000),
        0u8..6,
        1u32..=100,
        prop::bool::weighted(0.7),
    )
        .prop_map(|(rule, cap, cpr, style, raw_weight, weighted)| {
            // a curve pays a share of its component's TI, so it needs a weight
            let weighted = weighted || matches!(rule, Rule::Curve { .. });
            let cap = cap.map(|(share, pct, amount)| {
                if share && weighted {
                    Cap::Share(Decimal::new(pct, 2))
                } else {
                    amount
                }
            });
            let cap_per_record = if rule.per_record() {
                cpr.map(|c| Decimal::new(c, 2))
            } else {
                None
            };
            let c = Component {
                rule,
                weight: None,
                cap,
                cap_per_record,
                style,
            };
            (c, raw_weight, weighted)
        })
}

/// Components with weights: the weighted ones get shares of 100% (in tenths of a percent) that sum to
/// exactly 100%.
fn arb_components(monotone: bool) -> impl Strategy<Value = Vec<Component>> {
    prop::collection::vec(arb_component(monotone), 1..=4).prop_map(|cs| {
        let total: u32 = cs.iter().filter(|c| c.2).map(|c| c.1).sum();
        let weighted: Vec<usize> = (0..cs.len()).filter(|&i| cs[i].2).collect();
        let mut out: Vec<Component> = cs.iter().map(|c| c.0.clone()).collect();
        let mut given = 0u32;
        for (k, &i) in weighted.iter().enumerate() {
            let tenths = if k + 1 == weighted.len() {
                1000 - given
            } else {
                cs[i].1 * 1000 / total
            };
            given += tenths;
            out[i].weight = Some(Decimal::new(tenths as i64, 3));
        }
        for c in &mut out {
            if c.weight.is_none() {
                if let Some(Cap::Share(_)) = c.cap {
                    c.cap = Some(Cap::Amount(Decimal::new(500_000, 2)));
                }
            }
        }
        out
    })
}

fn arb_plan(monotone: bool) -> impl Strategy<Value = Plan> {
    (
        prop::sample::select(vec![
            ("month", 1u32),
            ("quarter", 3),
            ("half", 6),
            ("year", 12),
        ]),
        prop::option::weighted(
            0.4,
            prop_oneof![
                (50i64..500).prop_map(|p| Cap::Share(Decimal::new(p, 2))),
                arb_amount_cap(),
            ],
        ),
        arb_components(monotone),
        prop::sample::select(vec![
            vec!["new"],
            vec!["new", "expansion"],
            vec!["new", "expansion", "renewal"],
        ]),
    )
        .prop_map(|((frequency, months), cap, components, arr_kinds)| Plan {
            frequency,
            months,
            cap,
            components,
            arr_kinds,
        })
}

const KINDS: [&str; 3] = ["new", "expansion", "renewal"];

fn arb_payee(i: usize) -> impl Strategy<Value = Payee> {
    (
        1_000u64..10_000,
        0i64..640,
        prop::option::weighted(0.3, 30u64..700),
    )
        .prop_map(move |(k, start, len)| {
            let start = wsgen::date(2023, 1, 1) + chrono::Days::new(start as u64);
            Payee {
                id: format!("p{}", i + 1),
                // cents a multiple of 12: 12,000.00 to 120,000.00
                ti: Decimal::new((k * 12 * 100 + (k % 7) * 12) as i64, 2),
                start,
                end: len.map(|l| start + chrono::Days::new(l)),
            }
        })
}

/// (payee selector, day offset from 2024-01-01, cents, kind, duplicate selector)
type RawDeal = (u32, i64, i64, usize, u32);

fn arb_raw_deal() -> impl Strategy<Value = RawDeal> {
    (
        0u32..100,
        prop_oneof![9 => 0i64..366, 1 => -40i64..400],
        prop_oneof![8 => 0i64..20_000_000, 2 => -500_000i64..0],
        0usize..3,
        0u32..100,
    )
}

fn make_deals(raw: &[RawDeal], payees: &[Payee]) -> Vec<Deal> {
    let mut deals: Vec<Deal> = Vec::new();
    for (i, &(sel, day, cents, kind, dup)) in raw.iter().enumerate() {
        let payee = if sel < 5 {
            "ghost".to_string()
        } else {
            payees[sel as usize % payees.len()].id.clone()
        };
        let id = if dup < 5 && !deals.is_empty() {
            deals[dup as usize % deals.len()].id.clone()
        } else {
            format!("D-{i:03}")
        };
        deals.push(Deal {
            id,
            payee,
            date: wsgen::day_of_2024(day),
            amount: Decimal::new(cents, 2),
            kind: KINDS[kind],
        });
    }
    deals
}

fn arb_ws(monotone: bool) -> impl Strategy<Value = Ws> {
    (
        (1usize..=6).prop_flat_map(|n| (0..n).map(arb_payee).collect::<Vec<_>>()),
        arb_plan(monotone),
        prop::collection::vec(arb_raw_deal(), 0..40),
        prop::collection::vec(1_000_000i64..100_000_000, 6),
        prop::collection::vec(1i64..40, 6),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(payees, plan, raw_deals, arr_q, deals_q, half_even, french, quarterly)| {
                let deals = make_deals(&raw_deals, &payees);
                Ws {
                    half_even,
                    french,
                    arr_quota: arr_q.iter().map(|c| Decimal::new(*c, 2)).collect(),
                    deals_quota: deals_q.iter().map(|n| Decimal::from(*n)).collect(),
                    payees,
                    plan,
                    deals,
                    quarterly_quotas: quarterly,
                }
            },
        )
}

// ---------------------------------------------------------------------------------------------------
// 1. Invariants of whole calculations
// ---------------------------------------------------------------------------------------------------

fn assert_scale(what: &str, d: Decimal) -> Result<(), TestCaseError> {
    prop_assert_eq!(
        d.scale(),
        2,
        "{} = {} does not have the 2 decimals of EUR",
        what,
        d
    );
    Ok(())
}

fn expected_cap(cap: Cap, ti: Decimal, half_even: bool) -> Decimal {
    match cap {
        Cap::Share(s) => round2(s * ti, half_even),
        Cap::Amount(a) => round2(a, half_even),
    }
}

/// Checks invariants (a) to (d) of one report against the spec it was computed from.
fn check_invariants(spec: &Ws, r: &CalcReport) -> Result<(), TestCaseError> {
    let plan = &spec.plan;
    // one statement per payee and plan period in which the payee is employed
    let periods = year_2024().split(
        match plan.months {
            1 => Frequency::Month,
            3 => Frequency::Quarter,
            6 => Frequency::Half,
            _ => Frequency::Year,
        },
        FiscalStart::default(),
    );
    let expected_statements: usize = spec
        .payees
        .iter()
        .map(|p| {
            periods
                .iter()
                .filter(|q| p.start <= q.end() && p.end.is_none_or(|e| e >= q.start))
                .count()
        })
        .sum();
    prop_assert_eq!(r.statements.len(), expected_statements);

    // (a) statements add up to the total
    let sum: Decimal = r.statements.iter().map(|s| s.total).sum();
    prop_assert_eq!(sum, r.total);
    // (c) for a report with no statements is `an_empty_report_total_has_the_currency_scale` (a bug)
    if !r.statements.is_empty() {
        assert_scale("report total", r.total)?;
    }

    for s in &r.statements {
        let payee = spec
            .payees
            .iter()
            .find(|p| p.id == s.payee)
            .expect("a roster payee");
        // rule 13: TI prorated by the calendar days of the period the payee is employed
        let first = payee.start.max(s.start);
        let last = payee.end.map_or(s.end, |e| e.min(s.end));
        let active = (last - first).num_days() + 1;
        let days = (s.end - s.start).num_days() + 1;
        prop_assert_eq!((s.active_days, s.period_days), (active, days));
        let proration = Decimal::from(active) / Decimal::from(days);
        prop_assert_eq!(s.proration, proration);
        let period_ti = payee.ti * Decimal::from(plan.months) / Decimal::from(12) * proration;
        prop_assert_eq!(s.target_incentive, period_ti);
        // (a) lines add up to the statement total
        let lines: Decimal = s.lines.iter().map(|l| l.payout).sum();
        prop_assert_eq!(lines, s.total, "statement {} {}", s.payee, s.period);
        assert_scale("statement total", s.total)?;

        let n = plan.components.len();
        prop_assert!(s.lines.len() == n || s.lines.len() == n + 1);
        for (i, c) in plan.components.iter().enumerate() {
            let line = &s.lines[i];
            prop_assert_eq!(line.id.to_string(), format!("c{i}"));
            for (what, d) in [
                ("payout", line.payout),
                ("uncapped", line.uncapped),
                ("cap_removed", line.cap_removed),
            ] {
                assert_scale(what, d)?;
            }
            // (b) the component cap: a share of the component's TI or an amount
            let component_ti = c.weight.map_or(period_ti, |w| w * period_ti);
            let cap = c
                .cap
                .map(|cap| expected_cap(cap, component_ti, spec.half_even));
            prop_assert_eq!(line.cap, cap, "cap of {}", line.id);
            if let Some(cap) = cap {
                assert_scale("cap", line.cap.unwrap())?;
                prop_assert!(
                    line.payout <= cap,
                    "{} pays {} over its cap {}",
                    line.id,
                    line.payout,
                    cap
                );
                prop_assert_eq!(line.payout, line.uncapped.min(cap));
            } else {
                prop_assert_eq!(line.payout, line.uncapped);
            }
            prop_assert_eq!(line.cap_removed, line.uncapped - line.payout);
            // per record: each record its own rounded line, capped, and the component is their sum
            if c.rule.per_record() {
                let mut records = Decimal::ZERO;
                for rec in &line.records {
                    let payout = rec.payout.expect("a per-record line has a payout");
                    assert_scale("record payout", payout)?;
                    assert_scale("record uncapped", rec.uncapped.unwrap())?;
                    if let Some(cpr) = c.cap_per_record {
                        prop_assert!(
                            payout <= cpr,
                            "record {} pays {} over cap_per_record {}",
                            rec.id,
                            payout,
                            cpr
                        );
                    }
                    records += payout;
                }
                prop_assert_eq!(
                    line.uncapped,
                    records,
                    "{} is not the sum of its record lines",
                    line.id
                );
            }
        }
        // (b) the plan cap
        let plan_cap = plan
            .cap
            .map(|cap| expected_cap(cap, period_ti, spec.half_even));
        let components: Decimal = s.lines[..n].iter().map(|l| l.payout).sum();
        match plan_cap {
            Some(cap) => {
                prop_assert!(
                    s.total <= cap,
                    "statement {} {} totals {} over the plan cap {}",
                    s.payee,
                    s.period,
                    s.total,
                    cap
                );
                prop_assert_eq!(s.total, components.min(cap));
                if components > cap {
                    prop_assert_eq!(s.lines.len(), n + 1);
                    let cut = &s.lines[n];
                    prop_assert_eq!(&cut.id, &comp::report::LineId::PlanCap);
                    prop_assert_eq!(cut.cap, Some(cap));
                    assert_scale("plan cap cut", cut.payout)?;
                }
            }
            None => {
                prop_assert_eq!(s.lines.len(), n);
                prop_assert_eq!(s.total, components);
            }
        }
    }

    // (d) reconciliation: every row is credited or excluded, and for the reasons the spec implies
    prop_assert_eq!(r.reconciliation.len(), 1);
    let rec = &r.reconciliation[0];
    prop_assert_eq!(rec.rows_read, spec.deals.len() as u64);
    let excluded: u64 = rec.excluded.iter().map(|e| e.rows).sum();
    prop_assert_eq!(
        rec.credited + excluded,
        rec.rows_read,
        "reconciliation does not add up: {:?}",
        rec
    );
    let (mut dup, mut outside, mut unknown, mut not_employed, mut credited) =
        (0u64, 0u64, 0u64, 0u64, 0u64);
    let mut seen = std::collections::HashSet::new();
    for d in &spec.deals {
        if !seen.insert(d.id.clone()) {
            dup += 1;
        } else if d.date.format("%Y").to_string() != "2024" {
            outside += 1;
        } else {
            match spec.payees.iter().find(|p| p.id == d.payee) {
                None => unknown += 1,
                Some(p) if !p.employed_on(d.date) => not_employed += 1,
                Some(_) => credited += 1,
            }
        }
    }
    let by_reason = |reason: comp::report::Excluded| {
        rec.excluded
            .iter()
            .filter(|e| e.reason == reason)
            .map(|e| e.rows)
            .sum::<u64>()
    };
    prop_assert_eq!(rec.credited, credited);
    use comp::report::Excluded;
    prop_assert_eq!(by_reason(Excluded::DuplicateId), dup);
    prop_assert_eq!(by_reason(Excluded::OutsidePeriod), outside);
    prop_assert_eq!(by_reason(Excluded::UnknownPayee), unknown);
    prop_assert_eq!(by_reason(Excluded::OutsideEmployment), not_employed);
    prop_assert_eq!(by_reason(Excluded::FilteredOut), 0);
    Ok(())
}

proptest! {
    #![proptest_config(config(64))]

    /// (a)-(e) on random workspaces: totals add up, caps hold, money has the currency's scale, the
    /// reconciliation balances, and a second run gives byte-identical JSON.
    #[test]
    fn whole_calculations_keep_their_invariants(spec in arb_ws(false)) {
        let dir = tempfile::tempdir().unwrap();
        let path = spec.write(dir.path());
        let report = match run(&path) {
            Ok(r) => r,
            Err(e) => {
                return Err(TestCaseError::fail(format!(
                    "a valid random workspace failed: {e}\n--- plan ---\n{}", spec.plan_toml()
                )));
            }
        };
        check_invariants(&spec, &report)?;
        // (e) determinism
        let again = run(&path).unwrap();
        prop_assert!(json(&report) == json(&again), "two runs gave different JSON");
        render_all(&report);
    }

    /// 2. Adding a positive deal to a payee never lowers that payee's payout under a plan whose
    /// components are all monotone (flat positive rates, graduated tables with non-negative rates paid
    /// per period, non-decreasing curves), with or without caps; other payees are unaffected.
    #[test]
    fn a_positive_deal_never_lowers_pay(
        spec in arb_ws(true),
        who in 0usize..6,
        day in 0i64..366,
        cents in 1i64..5_000_000,
        kind in 0usize..3,
    ) {
        let payee = spec.payees[who % spec.payees.len()].id.clone();
        let mut more = spec.clone();
        more.deals.push(Deal {
            id: "EXTRA-1".to_string(),
            payee: payee.clone(),
            date: wsgen::day_of_2024(day),
            amount: Decimal::new(cents, 2),
            kind: KINDS[kind],
        });
        let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let before = run(&spec.write(d1.path())).map_err(TestCaseError::fail)?;
        let after = run(&more.write(d2.path())).map_err(TestCaseError::fail)?;
        prop_assert_eq!(before.statements.len(), after.statements.len());
        for (b, a) in before.statements.iter().zip(&after.statements) {
            prop_assert_eq!(&b.payee, &a.payee);
            prop_assert_eq!(b.period, a.period);
            if b.payee == payee {
                prop_assert!(
                    a.total >= b.total,
                    "{} {}: {} before the deal, {} after\n--- plan ---\n{}",
                    a.payee, a.period, b.total, a.total, spec.plan_toml()
                );
            } else {
                prop_assert_eq!(a.total, b.total);
            }
        }
        prop_assert!(after.total >= before.total);
    }
}

// ---------------------------------------------------------------------------------------------------
// 2. Curves are monotone when their points are
// ---------------------------------------------------------------------------------------------------

fn arb_monotone_curve() -> impl Strategy<Value = Curve> {
    (
        arb_points(On::Arr, true, true),
        any::<bool>(),
        any::<bool>(),
        prop::option::weighted(0.3, -100i64..2500),
        // scale of the points: tenths, or whole numbers x 10^k
        0u32..4,
    )
        .prop_map(|(points, step, extend, threshold, k)| {
            let points: Vec<(Decimal, Decimal)> = if k == 0 {
                points
            } else {
                let f = Decimal::from(10i64.pow(k));
                points.into_iter().map(|(x, y)| (x * f, y)).collect()
            };
            curve_of(points, step, extend, threshold.map(|t| Decimal::new(t, 1)))
        })
}

/// Builds a curve as `plan::check` would accept it (`extend` needs two points).
fn curve_of(
    points: Vec<(Decimal, Decimal)>,
    step: bool,
    extend: bool,
    threshold: Option<Decimal>,
) -> Curve {
    let extend = extend && points.len() >= 2;
    Curve {
        points,
        interpolation: if step {
            Interpolation::Step
        } else {
            Interpolation::Linear
        },
        beyond: if extend { Beyond::Extend } else { Beyond::Flat },
        threshold,
    }
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn curves_with_non_decreasing_points_are_non_decreasing(
        c in arb_monotone_curve(),
        mut xs in prop::collection::vec((-50_000i64..400_000, 0u32..4), 2..24),
    ) {
        // probe at random x and at every point's x and just around it
        let mut probes: Vec<Decimal> = xs.drain(..).map(|(m, s)| Decimal::new(m, s)).collect();
        let eps = Decimal::new(1, 6);
        for (x, _) in &c.points {
            probes.extend([*x - eps, *x, *x + eps]);
        }
        if let Some(t) = c.threshold {
            probes.extend([t - eps, t, t + eps]);
        }
        probes.sort();
        let ys: Vec<Decimal> = probes
            .iter()
            .map(|x| curve::eval(&c, *x).expect("no overflow on small numbers").0)
            .collect();
        for i in 1..probes.len() {
            prop_assert!(
                ys[i - 1] <= ys[i],
                "curve {:?}: f({}) = {} > f({}) = {}", c, probes[i - 1], ys[i - 1], probes[i], ys[i]
            );
        }
        // rule 7: below the first point the first y, flat beyond the last unless extended
        let (x0, y0) = c.points[0];
        if c.threshold.is_none_or(|t| t <= x0 - Decimal::ONE) {
            prop_assert_eq!(curve::eval(&c, x0 - Decimal::ONE).unwrap().0, y0);
        }
        let (xn, yn) = *c.points.last().unwrap();
        if c.beyond == Beyond::Flat && c.threshold.is_none_or(|t| t <= xn) {
            prop_assert_eq!(curve::eval(&c, xn + Decimal::from(1000)).unwrap().0, yn);
        }
        // at a jump, the later point holds
        for w in c.points.windows(2) {
            if w[0].0 == w[1].0 && c.threshold.is_none_or(|t| t <= w[0].0) {
                prop_assert_eq!(curve::eval(&c, w[1].0).unwrap().0, w[1].1);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// 3. Graduated rate tables
// ---------------------------------------------------------------------------------------------------

fn make_bands(froms: &[Decimal], rates: &[Decimal]) -> Vec<Band> {
    froms
        .iter()
        .zip(rates)
        .enumerate()
        .map(|(i, (f, r))| Band {
            from: *f,
            to: froms.get(i + 1).copied(),
            rate: *r,
            through: false,
        })
        .collect()
}

/// Graduated pay written independently: walk the bands, paying the part of the amount above each
/// band's start and below its end.
fn graduated_oracle(bands: &[Band], amount: Decimal) -> Decimal {
    if amount <= Decimal::ZERO {
        return amount * bands[0].rate;
    }
    let mut total = Decimal::ZERO;
    let mut rest = amount;
    for b in bands {
        let width = b.to.map_or(rest, |t| t - b.from);
        let part = rest.min(width);
        total += part * b.rate;
        rest -= part;
        if rest <= Decimal::ZERO {
            break;
        }
    }
    total
}

fn arb_table(increasing: bool) -> impl Strategy<Value = Vec<Band>> {
    (arb_bands(On::Arr, false, increasing), 0u32..3).prop_map(|((froms, rates), shift)| {
        // bounds from cents to millions
        let f = Decimal::from(10i64.pow(shift));
        let froms: Vec<Decimal> = froms.iter().map(|x| *x * f).collect();
        make_bands(&froms, &rates)
    })
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn graduated_is_continuous_and_sums_the_band_slices(
        bands in arb_table(false),
        amounts in prop::collection::vec(-1_000_000i64..2_000_000_000, 1..8),
        eps_exp in 2u32..9,
    ) {
        let eps = Decimal::new(1, eps_exp);
        for b in &bands {
            // at every boundary: just below and at it differ by the lower band's rate x eps, and just
            // above by the band's own rate x eps
            let at = bands::graduated(&bands, b.from).unwrap();
            if !b.from.is_zero() {
                let below_band = bands.iter().rfind(|x| x.from < b.from).unwrap();
                let below = bands::graduated(&bands, b.from - eps).unwrap();
                prop_assert_eq!(at - below, below_band.rate * eps, "jump at {}", b.from);
            }
            let above = bands::graduated(&bands, b.from + eps).unwrap();
            prop_assert_eq!(above - at, b.rate * eps, "jump just above {}", b.from);
        }
        for cents in amounts {
            let amount = Decimal::new(cents, 2);
            let g = bands::graduated(&bands, amount).unwrap();
            prop_assert_eq!(g, graduated_oracle(&bands, amount), "amount {}", amount);
            // the statement's band breakdown agrees and its slices add up to the amount
            let (paid, uses, _) = bands::pay(&bands, Mode::Graduated, amount).unwrap();
            prop_assert_eq!(paid, g);
            let slices: Decimal = uses.iter().map(|u| u.amount).sum();
            prop_assert_eq!(slices, amount);
            let per_band: Decimal = uses.iter().map(|u| u.payout).sum();
            prop_assert_eq!(per_band, g);
        }
    }

    #[test]
    fn retroactive_pays_at_least_graduated_when_rates_rise(
        bands in arb_table(true),
        amounts in prop::collection::vec(-1_000_000i64..2_000_000_000, 1..8),
    ) {
        for cents in amounts {
            let amount = Decimal::new(cents, 2);
            let g = bands::pay(&bands, Mode::Graduated, amount).unwrap().0;
            let (r, _, reached) = bands::pay(&bands, Mode::Retroactive, amount).unwrap();
            prop_assert!(r >= g, "amount {}: retroactive {} < graduated {}", amount, r, g);
            // retroactive: the whole amount at the rate of the band reached ([from, to): from included)
            prop_assert_eq!(reached, bands::band_of(&bands, amount));
            prop_assert!(bands[reached].from <= amount || reached == 0);
            prop_assert!(bands[reached].to.is_none_or(|t| amount < t));
            prop_assert_eq!(r, amount * bands[reached].rate);
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// 4. Fuzzing what parses: no panic on any input
// ---------------------------------------------------------------------------------------------------

const MARKS: [u8; 2] = [b'.', b','];
const GROUPS: [u8; 6] = [0, b' ', b'.', b',', b'\'', b'_'];

/// Strings that look like numbers in some convention, to get past the first character.
fn numberish() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[-+(]?[0-9 .,'\u{a0}\u{202f}_]{0,40}\\)?",
        "[-+]?[0-9]{0,35}([.,][0-9]{0,35})?",
        "\\(?[-+]?[0-9]{1,3}([ .,'][0-9]{3}){0,12}([.,][0-9]{0,30})?\\)?",
    ]
}

/// Strings that look like plan literals: percentages, exponents, underscores.
fn literalish() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ ]?[-+]?[0-9_]{0,32}(\\.[0-9_]{0,32})?([eE][-+]?[0-9]{1,6})?[ ]?%?",
        "[-+]?[0-9]{0,3}\\.?[0-9]{0,3}[eE][-+]?[0-9]{0,40}%?",
        "[-+0-9eE._% ]{0,20}",
    ]
}

/// `1234567.89` written with grouping `g` every three digits and decimal mark `m`.
fn write_grouped(cents: i64, m: u8, g: u8) -> String {
    let d = Decimal::new(cents, 2).abs();
    let s = d.to_string();
    let (int, frac) = s.split_once('.').unwrap();
    let mut out = String::new();
    for (k, c) in int.chars().enumerate() {
        if g != 0 && k > 0 && (int.len() - k) % 3 == 0 {
            out.push(g as char);
        }
        out.push(c);
    }
    out.push(m as char);
    out.push_str(frac);
    if cents < 0 {
        format!("-{out}")
    } else {
        out
    }
}

proptest! {
    #![proptest_config(config(2048))]

    #[test]
    fn number_formats_never_panic(cell in numberish()) {
        for m in MARKS {
            for g in GROUPS {
                let f = NumberFormat { decimal_mark: m, thousands: g };
                let _ = f.parse(&cell);
                let _ = f.suggest(&cell);
            }
        }
    }

    /// Every amount written in a convention reads back exactly in that convention.
    #[test]
    fn number_formats_read_back_what_they_write(cents in any::<i64>(), m in 0usize..2, g in 0usize..5) {
        let (m, g) = (MARKS[m], GROUPS[g]);
        prop_assume!(m != g);
        let f = NumberFormat { decimal_mark: m, thousands: g };
        let text = write_grouped(cents, m, g);
        prop_assert_eq!(f.parse(&text), Some(Decimal::new(cents, 2)), "{:?} with {:?}", text, f);
    }

    #[test]
    fn plan_literals_never_panic(text in literalish()) {
        let a = num::parse_plain(&text);
        let b = num::parse_fraction_or_percent(&text);
        let c = num::parse_percent_points(&text);
        // a percentage is a hundredth of the same number on the percent axis
        if let (Some(b), Some(c)) = (b, c) {
            if text.trim().ends_with('%') {
                prop_assert_eq!(b, c / Decimal::ONE_HUNDRED);
            } else {
                prop_assert_eq!(Some(b), a);
            }
        }
    }

    #[test]
    fn periods_parse_without_panic(
        text in prop_oneof![
            any::<String>(),
            "[0-9]{4}(-([QqHh][0-9]|[0-9]{2}))?",
            "[ ]?[0-9+-]{1,5}-?[QqHh0-9+-]{0,3}[ ]?",
        ],
        month in 1u32..=12,
    ) {
        let fy = FiscalStart { month, day: 1, ..Default::default() };
        if let Some(p) = Period::parse(&text, fy) {
            let _ = p.end();
            let label = p.to_string();
            prop_assert!(p.contains(p.start) && p.contains(p.end()));
            // the label names the same period
            prop_assert_eq!(Period::parse(&label, fy), Some(p));
        }
    }

    #[test]
    fn dates_parse_without_panic(
        text in prop_oneof![
            any::<String>(),
            "[0-9]{4}-[0-9]{2}-[0-9]{2}",
            "[0-9]{2}/[0-9]{2}/[0-9]{4}",
            "[0-9 /.+-]{8,12}",
        ],
        format in prop::sample::select(vec![
            "%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%Y%m%d", "%d %b %Y", "%e/%m/%y",
            "%Y-%j", "%F", "%d/%m/%Y %H:%M",
        ]),
    ) {
        let _ = comp::read::csv_input::parse_date(&text, format);
    }

    /// The fast paths for `%Y-%m-%d` and `%d/%m/%Y` read exactly what chrono reads.
    #[test]
    fn fast_date_paths_agree_with_chrono(
        text in prop_oneof!["[0-9]{4}-[0-9]{2}-[0-9]{2}", "[0-9]{2}/[0-9]{2}/[0-9]{4}"],
    ) {
        for format in ["%Y-%m-%d", "%d/%m/%Y"] {
            prop_assert_eq!(
                comp::read::csv_input::parse_date(&text, format),
                NaiveDate::parse_from_str(&text, format).ok(),
                "{:?} read with {}", text, format
            );
        }
    }

    /// The same, on fields padded with spaces or signed, which chrono reads: `01/ 2/2024` is
    /// 2024-02-01 for chrono (and comp reads `1/ 2/2024`), but the fast path refuses it because its
    /// length is 10.
    #[test]
    fn fast_date_paths_agree_with_chrono_on_padded_fields(
        text in prop_oneof![
            "(20[0-9]{2}|[ +]20[0-9])-(0[1-9]|[ +][1-9])-(0[1-9]|[ +][1-9])",
            "(0[1-9]|[ +][1-9])/(0[1-9]|[ +][1-9])/(20[0-9]{2}|[ +]20[0-9])",
        ],
    ) {
        for format in ["%Y-%m-%d", "%d/%m/%Y"] {
            prop_assert_eq!(
                comp::read::csv_input::parse_date(&text, format),
                NaiveDate::parse_from_str(&text, format).ok(),
                "{:?} read with {}", text, format
            );
        }
    }

    /// Derived periods (the fiscal year, the plan periods inside) exist for every period that parses.
    #[test]
    fn every_parsed_period_has_a_fiscal_year_and_plan_periods(
        text in prop_oneof![
            "[0-9]{4}(-([QqHh][0-9]|[0-9]{2}))?",
            "0000(-([QqHh][0-9]|[0-9]{2}))?",
            "9999(-([QqHh][0-9]|[0-9]{2}))?",
        ],
        month in 1u32..=12,
    ) {
        let fy = FiscalStart { month, day: 1, ..Default::default() };
        if let Some(p) = Period::parse(&text, fy) {
            let year = p.fiscal_year(fy);
            prop_assert!(year.covers(&p));
            for f in [Frequency::Month, Frequency::Quarter, Frequency::Half, Frequency::Year] {
                for q in p.split(f, fy) {
                    prop_assert!(p.covers(&q));
                }
            }
        }
    }
}

/// Snippets for random edits of a plan file: TOML punctuation, numbers that overflow, odd unicode.
const SNIPPETS: [&str; 24] = [
    "9",
    "0",
    ".",
    "-",
    "%",
    "\"",
    "'",
    "[",
    "]",
    "{",
    "}",
    "=",
    ",",
    "\n",
    " ",
    "é",
    "e",
    "99999999999999999999999999999",
    "1e30",
    "1e-30",
    "0.0000000000000000000000000001",
    "\"1e99%\"",
    "[[components]]\n",
    "_",
];

fn mutate(text: &str, edits: &[(usize, u8, usize)]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for &(pos, op, snippet) in edits {
        let at = if chars.is_empty() {
            0
        } else {
            pos % (chars.len() + 1)
        };
        let snippet: Vec<char> = SNIPPETS[snippet % SNIPPETS.len()].chars().collect();
        match op % 3 {
            0 => {
                chars.splice(at..at, snippet);
            }
            1 if at < chars.len() => {
                let end = (at + 1 + pos % 4).min(chars.len());
                chars.drain(at..end);
            }
            _ if at < chars.len() => {
                chars.splice(at..at + 1, snippet);
            }
            _ => {}
        }
    }
    chars.into_iter().collect()
}

/// Plan-file lines from the plan vocabulary with random values, to reach the checks past the parser.
fn soupy_plan() -> impl Strategy<Value = String> {
    let value = prop_oneof![
        Just("\"x\"".to_string()),
        Just("\"arr\"".to_string()),
        Just("\"deals\"".to_string()),
        Just("\"*\"".to_string()),
        Just("\"quarter\"".to_string()),
        Just("\"attainment\"".to_string()),
        Just("\"graduated\"".to_string()),
        Just("\"record\"".to_string()),
        Just("\"ti/target\"".to_string()),
        literalish().prop_map(|s| format!("{s:?}")),
        "-?[0-9]{1,30}(\\.[0-9]{1,30})?",
        Just("[[0, 0], [100, 100]]".to_string()),
        Just("[{ from = 0, rate = \"5%\" }]".to_string()),
        Just("{ on = \"arr\", rate = \"5%\" }".to_string()),
        Just(
            "{ on = \"deals\", points = [[0, 1], [0, 2], [0, 3]], beyond = \"extend\" }"
                .to_string()
        ),
    ];
    let key = prop::sample::select(vec![
        "id",
        "name",
        "frequency",
        "cap",
        "weight",
        "cap_per_record",
        "source",
        "sum",
        "count",
        "on",
        "rate",
        "per",
        "basis",
        "mode",
        "bands",
        "points",
        "threshold",
        "commission",
        "rate_table",
        "curve",
        "beyond",
        "unit",
        "date",
    ]);
    let line = prop_oneof![
        3 => (key, value).prop_map(|(k, v)| format!("{k} = {v}")),
        1 => Just("[[components]]".to_string()),
        1 => Just("[measures.arr]\nsource = \"deals\"\nsum = \"amount\"".to_string()),
    ];
    prop::collection::vec(line, 0..25).prop_map(|lines| {
        format!(
            "id = \"base\"\nfrequency = \"quarter\"\n{}\n",
            lines.join("\n")
        )
    })
}

/// A cell for a fuzzed deals file.
fn cellish() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("p1".to_string()),
        Just("p2".to_string()),
        Just("2024-02-29".to_string()),
        Just("2024-13-01".to_string()),
        Just("new".to_string()),
        Just("".to_string()),
        Just("\"".to_string()),
        Just("99999999999999999999999999".to_string()),
        Just("79228162514264337593543950335".to_string()),
        Just("-79228162514264337593543950335".to_string()),
        Just("0.0000000000000000000000000001".to_string()),
        numberish(),
        "[a-z0-9-]{0,8}",
        any::<String>(),
    ]
}

fn fuzz_ws(plan: &[u8], deals: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let path = wsgen::write_raw(
        dir.path(),
        wsgen::BASE_COMP_TOML,
        plan,
        deals,
        wsgen::BASE_ROSTER,
        wsgen::BASE_QUOTAS,
    );
    exercise(&path);
}

#[test]
fn the_base_workspace_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let path = wsgen::write_raw(
        dir.path(),
        wsgen::BASE_COMP_TOML,
        wsgen::BASE_PLAN.as_bytes(),
        wsgen::BASE_DEALS.as_bytes(),
        wsgen::BASE_ROSTER,
        wsgen::BASE_QUOTAS,
    );
    let report = run(&path).unwrap();
    assert!(report.total > Decimal::ZERO);
    // p1 all year, p2 from February to October: four quarters each
    assert_eq!(report.statements.len(), 4 + 4);
    render_all(&report);
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn any_bytes_as_a_plan_file(bytes in prop_oneof![
        prop::collection::vec(any::<u8>(), 0..400),
        any::<String>().prop_map(String::into_bytes),
    ]) {
        fuzz_ws(&bytes, wsgen::BASE_DEALS.as_bytes());
    }

    #[test]
    fn plan_files_from_the_plan_vocabulary(plan in soupy_plan()) {
        fuzz_ws(plan.as_bytes(), wsgen::BASE_DEALS.as_bytes());
    }

    #[test]
    fn randomly_edited_plan_files(edits in prop::collection::vec((any::<usize>(), any::<u8>(), any::<usize>()), 1..8)) {
        let plan = mutate(wsgen::BASE_PLAN, &edits);
        fuzz_ws(plan.as_bytes(), wsgen::BASE_DEALS.as_bytes());
    }

    #[test]
    fn any_bytes_as_a_deals_file(bytes in prop_oneof![
        prop::collection::vec(any::<u8>(), 0..400),
        prop::collection::vec(any::<u8>(), 0..300).prop_map(|b| {
            let mut v = b"id,payee,date,amount,kind\n".to_vec();
            v.extend(b);
            v
        }),
    ]) {
        fuzz_ws(wsgen::BASE_PLAN.as_bytes(), &bytes);
    }

    #[test]
    fn deals_files_with_random_cells(rows in prop::collection::vec(prop::collection::vec(cellish(), 5), 0..12)) {
        let mut csv = String::from("id,payee,date,amount,kind\n");
        for row in rows {
            csv.push_str(&row.join(","));
            csv.push('\n');
        }
        fuzz_ws(wsgen::BASE_PLAN.as_bytes(), csv.as_bytes());
    }

    /// Huge amounts (and many of them) must give an error or a result, never an overflow panic.
    #[test]
    fn huge_amounts_are_an_error_or_a_result(
        rows in prop::collection::vec((
            prop_oneof![
                Just("99999999999999999999999999"),
                Just("-99999999999999999999999999"),
                Just("79228162514264337593543950335"),
                Just("-79228162514264337593543950335"),
                Just("7922816251426433759354395033.5"),
                Just("0.0000000000000000000000000001"),
                Just("12000.50"),
            ],
            0usize..2,
            0usize..3,
            1u32..=12,
        ), 1..20),
    ) {
        let mut csv = String::from("id,payee,date,amount,kind\n");
        for (i, (amount, p, k, m)) in rows.iter().enumerate() {
            csv.push_str(&format!("h{i},p{},2024-{m:02}-15,{amount},{}\n", p + 1, KINDS[*k]));
        }
        fuzz_ws(wsgen::BASE_PLAN.as_bytes(), csv.as_bytes());
    }
}

#[test]
fn huge_amounts_in_every_component_kind() {
    let max = "79228162514264337593543950335";
    let mut csv = String::from("id,payee,date,amount,kind\n");
    for i in 0..5 {
        csv.push_str(&format!("h{i},p1,2024-01-1{i},{max},new\n"));
    }
    csv.push_str("n1,p2,2024-02-10,-99999999999999999999999999,new\n");
    fuzz_ws(wsgen::BASE_PLAN.as_bytes(), csv.as_bytes());
    let dir = tempfile::tempdir().unwrap();
    let one = format!("id,payee,date,amount,kind\nh1,p1,2024-01-10,{max},new\n");
    let path = wsgen::write_raw(
        dir.path(),
        wsgen::BASE_COMP_TOML,
        wsgen::BASE_PLAN.as_bytes(),
        one.as_bytes(),
        wsgen::BASE_ROSTER,
        wsgen::BASE_QUOTAS,
    );
    // one maximal deal: 5% of it still fits, but not its graduated payout in cents; an error is fine
    let _ = run(&path);
}

/// Every amount of money in a report has the currency's two decimals.
fn money_scales(r: &CalcReport) -> Vec<String> {
    let mut bad = Vec::new();
    let mut check = |what: String, d: Decimal| {
        if d.scale() != 2 {
            bad.push(format!("{what} = {d}"));
        }
    };
    check("report total".into(), r.total);
    for s in &r.statements {
        check(format!("{} {} total", s.payee, s.period), s.total);
        for l in &s.lines {
            check(
                format!("{} {} {} payout", s.payee, s.period, l.id),
                l.payout,
            );
            check(
                format!("{} {} {} uncapped", s.payee, s.period, l.id),
                l.uncapped,
            );
            for rec in &l.records {
                if let Some(p) = rec.payout {
                    check(
                        format!("{} {} {} record {}", s.payee, s.period, l.id, rec.id),
                        p,
                    );
                }
            }
        }
    }
    bad
}

fn base_ws_with(
    dir: &Path,
    comp_toml: &str,
    plan: &str,
    deals: &str,
    roster: &str,
    quotas: &str,
) -> std::path::PathBuf {
    wsgen::write_raw(
        dir,
        comp_toml,
        plan.as_bytes(),
        deals.as_bytes(),
        roster,
        quotas,
    )
}

// ---------------------------------------------------------------------------------------------------
// Regressions for suspected bugs found by the properties above or by reading src/ while writing them.
// Each is minimal; the ignored ones fail (or panic) today.
// ---------------------------------------------------------------------------------------------------

/// (c) A report with no statements (nobody employed in the period) has a total of `0`, not `0.00`:
/// `calculate` sums an empty list, and `Decimal::ZERO` has scale 0, so the JSON says `"total": "0"`.
#[test]
fn an_empty_report_total_has_the_currency_scale() {
    let dir = tempfile::tempdir().unwrap();
    let roster =
        "payee,name,plan,start,end,target_incentive\np1,Ann,base,2023-01-01,2023-01-31,12000\n";
    let quotas = "payee,period,measure,target\n";
    let path = base_ws_with(
        dir.path(),
        wsgen::BASE_COMP_TOML,
        wsgen::BASE_PLAN,
        wsgen::BASE_DEALS,
        roster,
        quotas,
    );
    let report = run(&path).unwrap();
    assert!(report.statements.is_empty());
    assert_eq!(report.total.to_string(), "0.00");
}

/// A period of year 0 parses (`0000-01`); with a fiscal year starting in February its fiscal year is
/// -1. `Period::fiscal_year` used to format it as "-001", fail to re-parse it and panic (found by
/// `every_parsed_period_has_a_fiscal_year_and_plan_periods`; fixed in 5bde9cd).
#[test]
fn a_period_in_year_zero_does_not_panic() {
    let fy = FiscalStart {
        month: 2,
        day: 1,
        ..Default::default()
    };
    let p = Period::parse("0000-01", fy).expect("it parses");
    let _ = p.split(Frequency::Month, fy);
    let dir = tempfile::tempdir().unwrap();
    let comp_toml = wsgen::BASE_COMP_TOML.replace("\"01-01\"", "\"02-01\"");
    let path = base_ws_with(
        dir.path(),
        &comp_toml,
        wsgen::BASE_PLAN,
        wsgen::BASE_DEALS,
        wsgen::BASE_ROSTER,
        wsgen::BASE_QUOTAS,
    );
    let _ = run_period(&path, Some("0000-01"));
}

/// A huge quota: `Quotas::target` adds and multiplies with unchecked `+=` and `*`, which panic on
/// overflow. A year's quota of 79228162514264337593543950335 asked for a quarter is x3 before /12.
#[test]
fn huge_quotas_are_an_error_not_a_panic() {
    let max = "79228162514264337593543950335";
    for quotas in [
        format!("payee,period,measure,target\np1,2024,arr,{max}\np1,2024,deals,20\n"),
        format!("payee,period,measure,target\np1,2024-Q1,arr,{max}\np1,2024-01,arr,{max}\np1,2024,deals,20\n"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let roster = "payee,name,plan,start,target_incentive\np1,Ann,base,2023-01-01,30000\n";
        let path = base_ws_with(dir.path(), wsgen::BASE_COMP_TOML, wsgen::BASE_PLAN, wsgen::BASE_DEALS, roster, &quotas);
        let _ = run(&path); // Ok or Err, not a panic
    }
}

/// A huge weight: `check_weights` sums the weights with unchecked `+=` and prints the sum x 100 with
/// an unchecked `*`. Loading the plan panics instead of reporting "weights sum to ..., not 100%".
#[test]
fn huge_weights_are_an_error_not_a_panic() {
    for weights in [
        ("\"1000000000000000000000000000\"", "\"50%\""),
        (
            "\"79228162514264337593543950335\"",
            "\"79228162514264337593543950335\"",
        ),
    ] {
        let plan = wsgen::BASE_PLAN
            .replacen("weight = \"30%\"", &format!("weight = {}", weights.0), 1)
            .replacen("weight = 0.35", &format!("weight = {}", weights.1), 1);
        let dir = tempfile::tempdir().unwrap();
        let path = base_ws_with(
            dir.path(),
            wsgen::BASE_COMP_TOML,
            &plan,
            wsgen::BASE_DEALS,
            wsgen::BASE_ROSTER,
            wsgen::BASE_QUOTAS,
        );
        let loaded = comp::read::workspace_file::load(&path); // panics today
        assert!(loaded.is_err(), "weights far above 100% must be refused");
    }
}

/// `minor_unit = 2.0000000000` is the whole number 2, but workspace::load computes
/// `mantissa as u32 / 10u32.pow(scale)`: 10^10 overflows u32 (a panic in debug builds, a wrong minor
/// unit in release), and the mantissa is truncated to u32.
#[test]
fn minor_unit_with_trailing_zeros() {
    let dir = tempfile::tempdir().unwrap();
    let comp_toml =
        wsgen::BASE_COMP_TOML.replace("rounding =", "minor_unit = 2.0000000000\nrounding =");
    let path = base_ws_with(
        dir.path(),
        &comp_toml,
        wsgen::BASE_PLAN,
        wsgen::BASE_DEALS,
        wsgen::BASE_ROSTER,
        wsgen::BASE_QUOTAS,
    );
    let ws = comp::read::workspace_file::load(&path).expect("minor_unit 2.0000000000 is 2");
    assert_eq!(ws.money.minor_unit, 2);
}

/// `cap` on a plan or a component refuses negative values ("cap `-5` is negative"), but
/// `cap_per_record` accepts them: with `cap_per_record = -5` every positive record pays -5.00.
#[test]
fn a_negative_cap_per_record_is_refused() {
    let plan = wsgen::BASE_PLAN.replace("cap_per_record = 5000", "cap_per_record = -5");
    let dir = tempfile::tempdir().unwrap();
    let path = base_ws_with(
        dir.path(),
        wsgen::BASE_COMP_TOML,
        &plan,
        wsgen::BASE_DEALS,
        wsgen::BASE_ROSTER,
        wsgen::BASE_QUOTAS,
    );
    match run(&path) {
        Err(e) => assert!(e.contains("cap_per_record"), "{e}"),
        Ok(r) => {
            let line = &r.statements[0].lines[0];
            panic!(
                "loaded; {} record(s) of component `{}` pay {:?}",
                line.records.len(),
                line.id,
                line.records.iter().map(|x| x.payout).collect::<Vec<_>>()
            );
        }
    }
}

/// A tiny quota and a huge amount give an attainment near the top of Decimal's range; the engine
/// computes it (checked), and every renderer must print it. `render::percent` multiplies the ratio by
/// 100 unchecked, so the table renderer (the CLI's default format) panics.
#[test]
fn huge_attainments_render() {
    let quotas = "payee,period,measure,target\np1,2024,arr,0.04\np1,2024,deals,20\n";
    let deals = "id,payee,date,amount,kind\nh1,p1,2024-01-10,99999999999999999999999999,new\n";
    let roster = "payee,name,plan,start,target_incentive\np1,Ann,base,2023-01-01,30000\n";
    let dir = tempfile::tempdir().unwrap();
    let path = base_ws_with(
        dir.path(),
        wsgen::BASE_COMP_TOML,
        wsgen::BASE_PLAN,
        deals,
        roster,
        quotas,
    );
    exercise(&path);
}

/// (c) with huge amounts: a payout too large to carry cents must be an error, not a number printed
/// without its cents.
#[test]
fn huge_payouts_keep_the_currency_scale() {
    let plan = "id = \"base\"\nfrequency = \"quarter\"\n\n[measures.arr]\nsource = \"deals\"\nsum = \"amount\"\n\n\
        [[components]]\nid = \"all\"\ncommission = { on = \"arr\", rate = \"100%\", per = \"record\" }\n";
    for amount in [
        "999999999999999999999999999",
        "7922816251426433759354395033",
        "79228162514264337593543950335",
    ] {
        let deals = format!("id,payee,date,amount,kind\nh1,p1,2024-01-10,{amount},new\n");
        let dir = tempfile::tempdir().unwrap();
        let path = base_ws_with(
            dir.path(),
            wsgen::BASE_COMP_TOML,
            plan,
            &deals,
            wsgen::BASE_ROSTER,
            wsgen::BASE_QUOTAS,
        );
        if let Ok(r) = run(&path) {
            let bad = money_scales(&r);
            assert!(bad.is_empty(), "amount {amount}: {bad:?}");
        }
    }
}

/// The minimal case of `fast_date_paths_agree_with_chrono_on_padded_fields`.
#[test]
fn a_space_padded_month_reads_whatever_the_day_width() {
    let short = comp::read::csv_input::parse_date("1/ 2/2024", "%d/%m/%Y");
    assert_eq!(short, NaiveDate::from_ymd_opt(2024, 2, 1));
    assert_eq!(
        comp::read::csv_input::parse_date("01/ 2/2024", "%d/%m/%Y"),
        short
    );
    assert_eq!(
        comp::read::csv_input::parse_date("2024- 2-01", "%Y-%m-%d"),
        short
    );
}

// ---------------------------------------------------------------------------------------------------
// Customer-success data: random cells in customers, MRR movements, surveys, FX rates and split deals
// never panic, whatever the plan makes of them.

const CS_COMP_TOML: &str = r#"currency = "EUR"
plans = ["plan.toml"]

[sources.deals]
file = "deals.csv"
columns = { id = "id", payee = "payee", date = "date", amount = "amount", kind = "kind", customer = "customer", split = "split", currency = "currency" }
tenure = { field = "kind", values = ["expansion"], months = 3 }

[sources.customers]
file = "customers.csv"

[sources.mrr]
file = "mrr.csv"

[sources.surveys]
file = "surveys.csv"

[sources.fx]
file = "fx.csv"

[sources.roster]
file = "roster.csv"
"#;

const CS_PLAN: &str = r#"id = "cs"
frequency = "quarter"
basis = "ytd"

[measures.grr]
kpi = "grr"

[measures.nrr]
kpi = "nrr"
over = "team"

[measures.nps]
kpi = "nps"
over = "company"

[measures.arr]
source = "deals"
sum = "amount"

[measures.share]
ratio = { of = "arr", to = "grr" }

[[components]]
id = "retention"
weight = "100%"
missing = 50
curve = { on = "grr", over = "value", points = [[80, 0], [80, 1], [100, 300]], beyond = "extend" }

[[components]]
id = "upsell"
commission = { on = "arr", rate = "10%" }
gate = { on = "nps", at_least = 0 }

[[components]]
id = "kicker"
kicker = { on = "nrr", at_least = "100%", of = "arr", rate = "5%" }

[[components]]
id = "share"
kicker = { on = "share", at_most = 1000, amount = 10 }
"#;

/// A cell for the customer-success files.
fn cs_cellish() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("c1".to_string()),
        Just("c2".to_string()),
        Just("p1".to_string()),
        Just("p2".to_string()),
        Just("2023-12-31".to_string()),
        Just("2024-02-29".to_string()),
        Just("new".to_string()),
        Just("churn".to_string()),
        Just("contraction".to_string()),
        Just("expansion".to_string()),
        Just("USD".to_string()),
        Just("p1:60%|p2:40%".to_string()),
        Just("p1:100".to_string()),
        Just("".to_string()),
        Just("79228162514264337593543950335".to_string()),
        Just("-0.0000000000000000000000000001".to_string()),
        numberish(),
        "[a-z0-9:%|-]{0,8}",
    ]
}

fn cs_rows(header: &str, rows: &[Vec<String>]) -> String {
    let n = header.split(',').count();
    let mut csv = format!("{header}\n");
    for r in rows {
        csv.push_str(&r[..n.min(r.len())].join(","));
        csv.push('\n');
    }
    csv
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn customer_success_files_with_random_cells(
        customers in prop::collection::vec(prop::collection::vec(cs_cellish(), 6), 0..4),
        mrr in prop::collection::vec(prop::collection::vec(cs_cellish(), 4), 0..8),
        surveys in prop::collection::vec(prop::collection::vec(cs_cellish(), 3), 0..4),
        fx in prop::collection::vec(prop::collection::vec(cs_cellish(), 3), 0..3),
        deals in prop::collection::vec(prop::collection::vec(cs_cellish(), 8), 0..6),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let files = [
            ("comp.toml", CS_COMP_TOML.to_string()),
            ("plan.toml", CS_PLAN.to_string()),
            ("customers.csv", cs_rows("id,name,ae,csm,start,currency", &customers)),
            ("mrr.csv", cs_rows("customer,date,kind,amount", &mrr)),
            ("surveys.csv", cs_rows("customer,date,score", &surveys)),
            ("fx.csv", cs_rows("date,currency,rate", &fx)),
            ("deals.csv", cs_rows("id,payee,date,amount,kind,customer,split,currency", &deals)),
            ("roster.csv", "payee,name,plan,team,manager,start,end,base,target_incentive\np1,P1,cs,T,,2023-01-01,,1,12000\np2,P2,cs,T,p1,2023-01-01,,1,12000\n".to_string()),
        ];
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        exercise(&dir.path().join("comp.toml"));
    }
}

/// The customer-success workspace of the property above loads and pays with sensible rows, so the
/// random cells exercise the calculation, not only the readers' errors.
#[test]
fn the_customer_success_base_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        ("comp.toml", CS_COMP_TOML.to_string()),
        ("plan.toml", CS_PLAN.to_string()),
        ("customers.csv", "id,name,ae,csm,start,currency\nc1,C1,p2,p1,2023-06-01,USD\nc2,C2,p2,p1,2024-01-15,\n".to_string()),
        ("mrr.csv", "customer,date,kind,amount\nc1,2023-06-01,new,1000\nc1,2024-02-01,expansion,100\nc2,2024-01-15,new,500\n".to_string()),
        ("surveys.csv", "customer,date,score\nc1,2024-02-10,9\n".to_string()),
        ("fx.csv", "date,currency,rate\n2023-01-01,USD,0.9\n".to_string()),
        ("deals.csv", "id,payee,date,amount,kind,customer,split,currency\nd1,p1,2024-02-01,1000,expansion,c2,,\nd2,p1,2024-03-01,1000,new,c1,p1:50%|p2:50%,USD\n".to_string()),
        ("roster.csv", "payee,name,plan,team,manager,start,end,base,target_incentive\np1,P1,cs,T,,2023-01-01,,1,12000\np2,P2,cs,T,p1,2023-01-01,,1,12000\n".to_string()),
    ];
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let report = run_period(&dir.path().join("comp.toml"), Some("2024-Q1")).unwrap();
    // p1: GRR 100% (c1 900 EUR, no loss) -> 300% x 3,000.00 = 9,000.00; p2 has no portfolio ->
    // missing 50% x 3,000.00 = 1,500.00; d1 (c2's expansion inside its first 3 months) goes to p2
    let p1 = report.payees.iter().find(|p| p.payee == "p1").unwrap();
    let p2 = report.payees.iter().find(|p| p.payee == "p2").unwrap();
    assert!(p1.total > Decimal::ZERO && p2.total > Decimal::ZERO);
    let retention = |who: &str| {
        report
            .statements
            .iter()
            .find(|s| s.payee == who)
            .unwrap()
            .lines
            .iter()
            .find(|l| l.id.has_name("retention"))
            .unwrap()
            .payout
    };
    assert_eq!(retention("p1"), Decimal::new(900000, 2));
    assert_eq!(retention("p2"), Decimal::new(150000, 2));
    render_all(&report);
}
