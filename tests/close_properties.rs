//! Properties of the month close on random workspaces (one plan with random month-close keys: basis,
//! negative policy, draw, plan cap; a commission or a capped curve; payees starting and leaving during the year;
//! deals with credit notes). Run through the library as `comp close` does, the ledger kept in memory.
//!
//! 1. Closing every month of the year in order is never refused (except a month with nothing to
//!    close), and a whole-year calc against that ledger shows exactly the statements of a calc with no
//!    ledger: the ledger path and the in-memory path agree, and no adjustment appears.
//! 2. (and 3., across the year end) Late data conserves money: close the first months, add a deal dated in a closed month, and what
//!    the ledger paid plus what the open months now pay equals the year computed afresh with the deal
//!    (for plans that pay negatives and have no draw, where only timing may differ).

use comp::data::{Ledger, LedgerRow};
use comp::engine::{self, Request};
use comp::period::Period;
use comp::report::CalcReport;
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::path::Path;

#[derive(Debug, Clone)]
struct Spec {
    quarterly: bool,
    ytd: bool,
    carry: bool,
    /// (amount, periods, recoverable)
    draw: Option<(i64, u32, bool)>,
    curve: Option<bool>, // Some(capped): a curve bonus; None: a 10% commission per record
    half_even: bool,
    /// A plan cap of 120% of the TI (of the TI to date on a ytd basis).
    plan_cap: bool,
    /// (start day of 2024 from -200, optional end day)
    payees: Vec<(i64, Option<i64>)>,
    /// (payee index, day of 2024, cents)
    deals: Vec<(usize, i64, i64)>,
    /// A 60-day clawback, and for some deals a cancellation some days after their date.
    clawback: bool,
    cancellations: Vec<Option<i64>>,
}

fn day(offset: i64) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Duration::days(offset)
}

impl Spec {
    fn write(&self, dir: &Path) {
        let rounding = if self.half_even {
            "half-even"
        } else {
            "half-away-from-zero"
        };
        let comp_toml = format!(
            "currency = \"EUR\"\nfiscal_year_start = \"01-01\"\nrounding = \"{rounding}\"\n\
             plans = [\"plans/p.toml\"]\n\n[sources.deals]\nfile = \"data/deals.csv\"\n\
             columns = {{ id = \"id\", payee = \"payee\", date = \"date\", amount = \"amount\", cancelled_on = \"cancelled_on\" }}\n\
             types = {{ cancelled_on = \"date\" }}\n\n\
             [sources.roster]\nfile = \"data/roster.csv\"\n\n[sources.quotas]\nfile = \"data/quotas.csv\"\n"
        );
        let mut plan = format!(
            "id = \"p\"\nname = \"P\"\nfrequency = \"{}\"\nbasis = \"{}\"\nnegative = \"{}\"\n",
            if self.quarterly { "quarter" } else { "month" },
            if self.ytd { "ytd" } else { "period" },
            if self.carry { "carry" } else { "pay" },
        );
        if self.plan_cap {
            plan.push_str("cap = \"120%\"\n");
        }
        if let Some((amount, periods, recoverable)) = self.draw {
            plan.push_str(&format!(
                "\n[draw]\namount = \"{}\"\nperiods = {periods}\nrecoverable = {recoverable}\n",
                Decimal::new(amount, 2)
            ));
        }
        if self.clawback {
            plan.push_str(
                "\n[clawback]\nsource = \"deals\"\ndate = \"cancelled_on\"\nwindow_days = 60\n",
            );
        }
        plan.push_str("\n[measures.bookings]\nsource = \"deals\"\nsum = \"amount\"\n\n[[components]]\nid = \"c\"\n");
        match self.curve {
            Some(capped) => {
                plan.push_str("weight = \"100%\"\n");
                if capped {
                    plan.push_str("cap = \"150%\"\n");
                }
                plan.push_str(
                    "curve = { on = \"bookings\", points = [[0, 0], [100, 100]], beyond = \"extend\" }\n",
                );
            }
            None => plan
                .push_str("commission = { on = \"bookings\", rate = \"10%\", per = \"record\" }\n"),
        }
        let mut roster = String::from("payee,name,plan,start,end,target_incentive\n");
        let mut quotas = String::from("payee,period,measure,target\n");
        for (i, (start, end)) in self.payees.iter().enumerate() {
            let end = end
                .map(|e| day(*start.max(&e)).to_string())
                .unwrap_or_default();
            roster.push_str(&format!("p{i},Payee {i},p,{},{end},24000\n", day(*start)));
            quotas.push_str(&format!(
                "p{i},2024,bookings,1200000\np{i},2025,bookings,1200000\n"
            ));
        }
        let mut deals = String::from("id,payee,date,amount,cancelled_on\n");
        for (i, (who, d, cents)) in self.deals.iter().enumerate() {
            let who = who % self.payees.len();
            let cancelled = self
                .cancellations
                .get(i)
                .copied()
                .flatten()
                .map(|after| day(d + after).to_string())
                .unwrap_or_default();
            deals.push_str(&format!(
                "D{i},p{who},{},{},{cancelled}\n",
                day(*d),
                Decimal::new(*cents, 2)
            ));
        }
        for (path, text) in [
            ("comp.toml", comp_toml),
            ("plans/p.toml", plan),
            ("data/roster.csv", roster),
            ("data/quotas.csv", quotas),
            ("data/deals.csv", deals),
        ] {
            let p = dir.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
    }
}

fn arb_spec() -> impl Strategy<Value = Spec> {
    (
        (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
        prop::option::of((50_000i64..500_000, 1u32..6, any::<bool>())),
        (prop::option::of(any::<bool>()), any::<bool>()),
        prop::collection::vec((-200i64..300, prop::option::of(0i64..366)), 1..4),
        prop::collection::vec((0usize..4, 0i64..366, -2_000_000i64..8_000_000), 0..25),
        (
            any::<bool>(),
            prop::collection::vec(prop::option::of(0i64..120), 25),
        ),
    )
        .prop_map(
            |(
                (quarterly, ytd, carry, half_even),
                draw,
                (curve, plan_cap),
                payees,
                deals,
                (clawback, cancellations),
            )| Spec {
                quarterly,
                ytd,
                carry,
                draw,
                curve,
                half_even,
                plan_cap,
                payees,
                deals,
                clawback,
                cancellations,
            },
        )
}

/// `cases` cases, or `PROPTEST_CASES` when set (to search longer).
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    ProptestConfig::with_cases(cases)
}

/// Calculates `period` against `ledger`, as `comp calc` does.
fn calc(
    dir: &Path,
    ledger: &Ledger,
    period: &str,
) -> (comp::workspace::Workspace, comp::data::Dataset, CalcReport) {
    let ws = comp::read::workspace_file::load(&dir.join("comp.toml")).expect("a valid workspace");
    let req = Request {
        period: Period::parse(period, ws.fiscal).unwrap(),
        payees: vec![],
        plans: vec![],
        detail: false,
    };
    let data = comp::read::load(
        &ws,
        &engine::needs(&ws, ledger, &req),
        comp::read::Policy::FirstError,
    )
    .expect("valid data");
    let report = engine::calculate(&ws, &data, ledger, &req).expect("a calculation");
    (ws, data, report)
}

/// Closes `month` into the in-memory ledger as `comp close` would; false when there is nothing to close.
fn close(dir: &Path, ledger: &mut Vec<LedgerRow>, month: u32) -> Result<bool, TestCaseError> {
    let current = Ledger::from_rows(Path::new("ledger.csv"), ledger.clone());
    let (ws, data, report) = calc(dir, &current, &format!("2024-{month:02}"));
    if report.statements.is_empty() {
        return Ok(false);
    }
    let refusals = comp::read::ledger_file::refusals(&ws, &data.roster, &report, &current);
    prop_assert!(
        refusals.is_empty(),
        "month {month} refused: {:?}",
        refusals.iter().map(|d| d.to_string()).collect::<Vec<_>>()
    );
    let on = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    for r in comp::read::ledger_file::rows(&report, &ws.currency, on) {
        ledger.push(LedgerRow {
            period: Period::parse(&r[0], ws.fiscal).unwrap(),
            payee: r[1].clone(),
            plan: r[2].clone(),
            component: comp::report::LineId::parse(&r[3], ws.fiscal),
            amount: r[4].parse().unwrap(),
            paid_in: None,
            line: 0,
        });
    }
    Ok(true)
}

/// Each statement as (payee, period, [(component, payout)], total).
type Shown = Vec<(String, String, Vec<(String, Decimal)>, Decimal)>;

fn shown(report: &CalcReport) -> Shown {
    report
        .statements
        .iter()
        .map(|s| {
            (
                s.payee.clone(),
                s.period.to_string(),
                s.lines
                    .iter()
                    .map(|l| (l.id.to_string(), l.payout))
                    .collect(),
                s.total,
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(config(24))]

    #[test]
    fn closing_every_month_changes_no_statement(spec in arb_spec()) {
        let dir = tempfile::tempdir().unwrap();
        spec.write(dir.path());
        let (_, _, fresh) = calc(dir.path(), &Ledger::default(), "2024");
        let mut rows = Vec::new();
        for month in 1..=12 {
            close(dir.path(), &mut rows, month)?;
        }
        let paid: Decimal = rows.iter().map(|r| r.amount).sum();
        let ledger = Ledger::from_rows(Path::new("ledger.csv"), rows);
        let (_, _, closed) = calc(dir.path(), &ledger, "2024");
        prop_assert_eq!(shown(&closed), shown(&fresh), "{:?}", spec);
        prop_assert_eq!(paid, fresh.total);
    }

    #[test]
    fn late_data_for_a_closed_month_is_paid_once(
        spec in arb_spec(),
        closed_months in 1u32..11,
        late in (0usize..4, 1i64..8_000_000),
    ) {
        let mut spec = spec;
        spec.carry = false;
        spec.draw = None;
        let dir = tempfile::tempdir().unwrap();
        spec.write(dir.path());
        let mut rows = Vec::new();
        for month in 1..=closed_months {
            close(dir.path(), &mut rows, month)?;
        }
        // a deal dated on the 10th of the last closed month reaches the data after its close
        let mut with_late = spec.clone();
        let late_day = (day(0).with_month(closed_months).unwrap().with_day(10).unwrap() - day(0)).num_days();
        with_late.deals.push((late.0, late_day, late.1));
        // the late deal comes after the others, with no cancellation
        with_late.cancellations.truncate(spec.deals.len());
        with_late.write(dir.path());
        let paid: Decimal = rows.iter().map(|r| r.amount).sum();
        let ledger = Ledger::from_rows(Path::new("ledger.csv"), rows);
        let (_, _, rest) = calc(dir.path(), &ledger, "2024");
        let open: Decimal = rest.statements.iter().filter(|s| !s.closed).map(|s| s.total).sum();
        let (_, _, fresh) = calc(dir.path(), &Ledger::default(), "2024");
        prop_assert_eq!(paid + open, fresh.total, "{:?}", with_late);
    }

    /// 3. The same across the year end: all of 2024 closed, a late deal dated in 2024, and 2025
    /// (which has no deals of its own) pays exactly what 2024 now owes beyond what was paid.
    #[test]
    fn late_data_for_a_closed_year_is_paid_the_next_year(
        spec in arb_spec(),
        late in (0usize..4, 0i64..366, 1i64..8_000_000),
    ) {
        let mut spec = spec;
        spec.carry = false;
        spec.draw = None;
        let dir = tempfile::tempdir().unwrap();
        spec.write(dir.path());
        let mut rows = Vec::new();
        for month in 1..=12 {
            close(dir.path(), &mut rows, month)?;
        }
        let paid: Decimal = rows.iter().map(|r| r.amount).sum();
        let ledger = Ledger::from_rows(Path::new("ledger.csv"), rows);
        // what 2025 pays anyway: clawbacks of 2024 deals cancelled in 2025
        let (_, _, baseline) = calc(dir.path(), &ledger, "2025");
        let mut with_late = spec.clone();
        with_late.deals.push(late);
        // the late deal comes after the others, with no cancellation
        with_late.cancellations.truncate(spec.deals.len());
        with_late.write(dir.path());
        let (_, _, next_year) = calc(dir.path(), &ledger, "2025");
        // a month nobody could be closed in (a leaver's last months) is still open in 2024, and
        // owes what is due first
        let (_, _, this_year) = calc(dir.path(), &ledger, "2024");
        let open: Decimal = this_year.statements.iter().filter(|s| !s.closed).map(|s| s.total).sum();
        let (_, _, fresh) = calc(dir.path(), &Ledger::default(), "2024");
        prop_assert_eq!(
            paid + open + next_year.total,
            fresh.total + baseline.total,
            "{:?}",
            with_late
        );
    }
}

use chrono::Datelike;
