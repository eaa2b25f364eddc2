//! The engine on data built in memory, as the readers would build it: a workspace checked from
//! TOML text, a roster and a deals table filled directly, a ledger of rows. No file is read, so
//! each test shows the whole input it computes from and asserts on the typed report.

use super::{calculate, Request};
use crate::data::{
    Column, CustomerData, Dataset, Ledger, LedgerRow, Payee, Quotas, RecordTable, Roster,
};
use crate::diag::{Location, SourceText};
use crate::period::Period;
use crate::plan::Unit;
use crate::report::{
    CalcReport, ClawedBack, ComponentLine, Excluded, LineId, LineKind, Note, Reason, Tested,
};
use crate::workspace::Workspace;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::path::PathBuf;

const COMP_TOML: &str = r#"currency = "EUR"
fiscal_year_start = "01-01"
rounding = "half-away-from-zero"
plans = ["plans/p.toml"]

[sources.deals]
file = "data/deals.csv"
columns = { id = "id", payee = "payee", date = "close_date", amount = "amount", cancelled_on = "cancelled_on" }
types = { cancelled_on = "date" }

[sources.roster]
file = "data/roster.csv"
"#;

/// A workspace with one plan, `plans/p.toml`, checked as `comp` checks comp.toml.
fn workspace(plan: &str) -> Workspace {
    let src = SourceText::new("comp.toml", COMP_TOML);
    crate::workspace::check(&src, &mut |path| {
        assert!(path.ends_with("plans/p.toml"), "{}", path.display());
        Ok(plan.to_string())
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn period(s: &str) -> Period {
    Period::parse(s, Default::default()).unwrap()
}

/// A payee on plan `p` from `start`, with a target incentive of 24,000 a year.
fn payee(id: &str, start: &str) -> Payee {
    Payee {
        id: id.into(),
        name: id.into(),
        plan: "p".into(),
        team: None,
        manager: None,
        start: date(start),
        end: None,
        base: None,
        target_incentive: d("24000"),
        loc: Location {
            file: "data/roster.csv".into(),
            line: 2,
            col: 1,
            snippet: None,
        },
    }
}

/// A deal: (id, payee, close date, amount, cancelled on).
type Deal<'a> = (&'a str, &'a str, &'a str, &'a str, Option<&'a str>);

/// The deals source as its reader fills it: one column per mapped field, text interned, ids
/// stored apart, each record with its file line (the header is line 1).
fn deals(rows: &[Deal]) -> RecordTable {
    let fields = ["id", "payee", "date", "amount", "cancelled_on"].map(String::from);
    let names = (
        "deals".to_string(),
        PathBuf::from("data/deals.csv"),
        fields.to_vec(),
    );
    let mut t = RecordTable::empty(names, 0, Vec::new());
    let (mut ids, mut payees, mut dates, mut amounts, mut cancels) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (i, (id, who, when, amount, cancelled)) in rows.iter().enumerate() {
        ids.push(t.ids.push(id));
        payees.push(t.symbols.intern(who));
        dates.push(Some(date(when)));
        amounts.push(Some(d(amount)));
        cancels.push(cancelled.map(date));
        t.lines.push(i as u64 + 2);
    }
    t.columns = vec![
        Column::Text(ids),
        Column::Text(payees),
        Column::Date(dates),
        Column::Decimal(amounts),
        Column::Date(cancels),
    ];
    t.rows_read = rows.len() as u64;
    t
}

fn dataset(payees: Vec<Payee>, deals: RecordTable) -> Dataset {
    Dataset {
        roster: Roster::from_payees(payees),
        quotas: Quotas::default(),
        tables: vec![deals],
        customers: CustomerData::default(),
    }
}

/// Every statement of `period`, with record lines.
fn calc(ws: &Workspace, data: &Dataset, ledger: &Ledger, period: &str) -> CalcReport {
    let mut req = Request::everyone(Period::parse(period, ws.fiscal).unwrap());
    req.detail = true;
    calculate(ws, data, ledger, &req).unwrap_or_else(|e| panic!("{e}"))
}

/// The line `id` of the payee's statement for `period`.
fn line<'r>(r: &'r CalcReport, payee: &str, period: &str, id: &LineId) -> &'r ComponentLine {
    let s = r
        .statements
        .iter()
        .find(|s| s.payee == payee && s.period.to_string() == period)
        .unwrap_or_else(|| panic!("no statement of {payee} for {period}"));
    s.lines
        .iter()
        .find(|l| l.id == *id)
        .unwrap_or_else(|| panic!("no line {id} in {:?}", s.lines))
}

const COMMISSION: &str = r#"id = "p"
name = "10% of each deal"
frequency = "month"

[measures.bookings]
source = "deals"
sum = "amount"

[[components]]
id = "commission"
commission = { on = "bookings", rate = "10%", per = "record" }
"#;

/// A deal credited to someone not on the roster is left out, counted, and noted with its line.
#[test]
fn a_deal_of_a_payee_not_on_the_roster_is_a_note() {
    let ws = workspace(COMMISSION);
    let data = dataset(
        vec![payee("ae-01", "2022-01-01")],
        deals(&[
            ("D-1", "ae-01", "2024-01-10", "1000", None),
            ("D-2", "hugo", "2024-01-12", "500", None),
        ]),
    );
    let r = calc(&ws, &data, &Ledger::default(), "2024-01");
    assert_eq!(
        r.notes,
        [Note::UnknownPayee {
            file: "data/deals.csv".into(),
            payee: "hugo".into(),
            rows: 1,
            lines: vec![3],
        }]
    );
    let unknown = r.reconciliation[0]
        .excluded
        .iter()
        .find(|e| e.reason == Excluded::UnknownPayee);
    assert_eq!(unknown.map(|e| e.rows), Some(1));
    assert_eq!(r.total, d("100.00"));
}

/// Customers whose CSM is not on the roster are noted once per CSM, sorted by CSM, with how many
/// they are and the first one's line; a CSM on the roster has no note.
#[test]
fn customers_of_a_csm_not_on_the_roster_are_a_note() {
    use crate::data::Customer;
    let ws = workspace(COMMISSION);
    let mut data = dataset(vec![payee("ae-01", "2022-01-01")], deals(&[]));
    let customer = |id: &str, csm: &str, line: u64| Customer {
        id: id.into(),
        name: id.into(),
        ae: None,
        csm: csm.into(),
        start: date("2023-01-01"),
        currency: None,
        line,
    };
    // lines 2 to 6 of customers.csv: zoe's at 2 and 5, ana's at 4 and 6, ae-01's at 3
    data.customers = CustomerData::from_parts(
        vec![
            customer("C-1", "zoe", 2),
            customer("C-2", "ae-01", 3),
            customer("C-3", "ana", 4),
            customer("C-4", "zoe", 5),
            customer("C-5", "ana", 6),
        ],
        Vec::new(),
        Vec::new(),
        Vec::new(),
    );
    data.customers
        .files
        .insert("customers", PathBuf::from("data/customers.csv"));
    let r = calc(&ws, &data, &Ledger::default(), "2024-01");
    let orphan = |csm: &str, line: u64| Note::OrphanPortfolio {
        file: "data/customers.csv".into(),
        line,
        csm: csm.into(),
        customers: 2,
    };
    assert_eq!(r.notes, [orphan("ana", 4), orphan("zoe", 2)]);
}

/// A request for some payees computes theirs only, every assignment of theirs included.
#[test]
fn a_request_for_some_payees_computes_theirs_only() {
    let ws = workspace(COMMISSION);
    let mut moved = payee("ae-02", "2024-01-15");
    moved.team = Some("north".into());
    let mut first = payee("ae-02", "2022-01-01");
    first.end = Some(date("2024-01-14"));
    let data = dataset(
        vec![
            payee("ae-01", "2022-01-01"),
            first,
            moved,
            payee("ae-03", "2022-01-01"),
        ],
        deals(&[
            ("D-1", "ae-01", "2024-01-10", "1000", None),
            ("D-2", "ae-02", "2024-01-12", "500", None),
            ("D-3", "ae-02", "2024-01-20", "300", None),
            ("D-4", "ae-03", "2024-01-20", "700", None),
        ]),
    );
    let mut req = Request::everyone(period("2024-01"));
    req.payees = vec!["ae-03".into(), "ae-02".into()];
    let r = calculate(&ws, &data, &Ledger::default(), &req).unwrap_or_else(|e| panic!("{e}"));
    let who: Vec<&str> = r.statements.iter().map(|s| s.payee.as_str()).collect();
    // ae-02's two assignments on the plan make one statement: 10% of 500 + 300
    assert_eq!(who, ["ae-02", "ae-03"]);
    assert_eq!(r.payees[0].total, d("80.00"));
    assert_eq!(r.total, d("150.00"));
}

/// A closed gate pays nothing and says which test failed, with the measure's value and bound.
#[test]
fn a_closed_gate_pays_nothing_and_says_why() {
    let ws = workspace(
        r#"id = "p"
name = "10% of bookings, from three deals a month"
frequency = "month"

[measures.bookings]
source = "deals"
sum = "amount"

[measures.deal_count]
source = "deals"
count = "*"

[[components]]
id = "commission"
commission = { on = "bookings", rate = "10%" }
gate = { on = "deal_count", at_least = 3 }
"#,
    );
    let data = dataset(
        vec![payee("ae-01", "2022-01-01"), payee("ae-02", "2022-01-01")],
        deals(&[
            ("D-1", "ae-01", "2024-01-10", "1000", None),
            ("D-2", "ae-01", "2024-01-12", "500", None),
            ("D-3", "ae-02", "2024-01-05", "1000", None),
            ("D-4", "ae-02", "2024-01-06", "1000", None),
            ("D-5", "ae-02", "2024-01-07", "1000", None),
        ]),
    );
    let r = calc(&ws, &data, &Ledger::default(), "2024-01");
    let commission = LineId::component("commission");
    let closed = line(&r, "ae-01", "2024-01", &commission);
    assert_eq!(closed.payout, d("0.00"));
    assert_eq!(
        closed.reason,
        Some(Reason::Gate(Tested {
            measure: "deal_count".into(),
            unit: Unit::Number,
            value: Some(d("2")),
            bound: d("3"),
            at_most: false,
            strict: false,
            passed: false,
            of: crate::plan::TestOf::Value,
        }))
    );
    let open = line(&r, "ae-02", "2024-01", &commission);
    assert_eq!(open.payout, d("300.00"));
    assert!(matches!(&open.reason, Some(Reason::Gate(t)) if t.passed));
}

/// A recoverable draw tops up an earning below it; the top-up is owed back after.
#[test]
fn a_draw_tops_up_an_earning_below_it() {
    let mut plan = COMMISSION.to_string();
    plan.push_str("\n[draw]\namount = 2000\nperiods = 3\nrecoverable = true\n");
    let ws = workspace(&plan);
    let data = dataset(
        vec![payee("ae-01", "2024-01-01")],
        deals(&[("D-1", "ae-01", "2024-01-10", "1000", None)]),
    );
    let r = calc(&ws, &data, &Ledger::default(), "2024-01");
    let topup = line(&r, "ae-01", "2024-01", &LineId::DrawTopup);
    assert_eq!((topup.kind, topup.payout), (LineKind::Draw, d("1900.00")));
    assert_eq!(
        topup.reason,
        Some(Reason::DrawTopup {
            guaranteed: d("2000.00"),
            recoverable: true,
            period: 1,
            periods: 3,
            earned: d("100.00"),
        })
    );
    assert_eq!(r.statements[0].draw_balance, Some(d("1900.00")));
    assert_eq!(r.statements[0].total, d("2000.00"));
}

/// A deal cancelled within the window is taken back in the month it was cancelled, at what it
/// was paid, and its record says when it was credited and how long it lasted.
#[test]
fn a_cancelled_deal_is_clawed_back_with_its_record() {
    let mut plan = COMMISSION.to_string();
    plan.push_str("\n[clawback]\nsource = \"deals\"\ndate = \"cancelled_on\"\nwindow_days = 90\n");
    let ws = workspace(&plan);
    let data = dataset(
        vec![payee("ae-01", "2022-01-01")],
        deals(&[
            ("D-1", "ae-01", "2024-01-20", "12000", Some("2024-03-05")),
            ("D-2", "ae-01", "2024-03-10", "1000", None),
        ]),
    );
    let r = calc(&ws, &data, &Ledger::default(), "2024-03");
    let clawback = line(&r, "ae-01", "2024-03", &LineId::Clawback);
    assert_eq!(
        (clawback.kind, clawback.payout),
        (LineKind::Clawback, d("-1200.00"))
    );
    assert_eq!(
        clawback.reason,
        Some(Reason::Clawback {
            records: 1,
            window_days: 90,
        })
    );
    let record = &clawback.records[0];
    assert_eq!((record.id.as_str(), record.line), ("D-1", 2));
    assert_eq!(
        record.clawback.as_deref(),
        Some(&ClawedBack {
            credited: date("2024-01-20"),
            original: period("2024-01"),
            days: 45,
        })
    );
    assert_eq!(r.statements[0].total, d("-1100.00"));
}

/// A late deal of a closed month is paid in the next one, as an adjustment named by the closed
/// month and the line it adjusts; the closed month stays as paid.
#[test]
fn a_late_deal_of_a_closed_month_is_an_adjustment() {
    let ws = workspace(COMMISSION);
    let data = dataset(
        vec![payee("ae-01", "2022-01-01")],
        deals(&[
            ("D-1", "ae-01", "2024-01-10", "1000", None),
            ("D-2", "ae-01", "2024-01-31", "500", None),
        ]),
    );
    // January was closed before D-2 was entered: 1,000 x 10% paid
    let ledger = Ledger::from_rows(
        "ledger.csv".as_ref(),
        vec![LedgerRow {
            period: period("2024-01"),
            payee: "ae-01".into(),
            plan: "p".into(),
            component: LineId::parse("commission", ws.fiscal),
            amount: d("100.00"),
            paid_in: None,
            line: 0,
        }],
    );
    let january = calc(&ws, &data, &ledger, "2024-01");
    let commission = LineId::component("commission");
    assert!(january.statements[0].closed);
    assert_eq!(
        line(&january, "ae-01", "2024-01", &commission).payout,
        d("100.00")
    );
    let february = calc(&ws, &data, &ledger, "2024-02");
    let id = LineId::Adjustment {
        closed: period("2024-01"),
        of: Box::new(commission.clone()),
    };
    assert_eq!(id.to_string(), "adjustment:2024-01:commission");
    let adjustment = line(&february, "ae-01", "2024-02", &id);
    assert_eq!(
        (adjustment.kind, adjustment.payout),
        (LineKind::Adjustment, d("50.00"))
    );
    assert_eq!(
        adjustment.reason,
        Some(Reason::Adjustment {
            closed: period("2024-01"),
            of: commission,
            paid: d("100.00"),
            now: d("150.00"),
        })
    );
}
