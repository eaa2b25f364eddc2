//! Pay currency per payee (rule 26), end to end: a roster `currency` column pays a payee in it,
//! converted from the workspace currency at the rate in force on the period's last day and rounded
//! once in the pay currency; the ledger keeps what each row was worth in the workspace currency,
//! so a later true-up subtracts exactly what was paid.
//!
//! Money below is worked by hand. The fx convention is the fx source's: one unit of the currency
//! is worth `rate` EUR, so EUR -> pay currency divides by the rate.

mod common;

use std::path::Path;
use std::process::Output;

const COMP_TOML: &str = r#"currency = "EUR"
fiscal_year_start = "01-01"
rounding = "half-away-from-zero"
plans = ["plans/ae.toml", "plans/ae-ytd.toml"]

[sources.deals]
file = "data/deals.csv"
columns = { id = "id", payee = "owner", date = "close_date", amount = "amount" }

[sources.roster]
file = "data/roster.csv"

[sources.quotas]
file = "data/quotas.csv"

[sources.fx]
file = "data/fx.csv"
"#;

/// Monthly, 10% of each deal.
const PLAN: &str = r#"id = "ae"
frequency = "month"

[measures.bookings]
source = "deals"
sum = "amount"

[[components]]
id = "commission"
commission = { on = "bookings", rate = "10%", per = "record" }
"#;

/// Quarterly, year to date: TI x attainment of the year's bookings to date, less what was paid.
const YTD_PLAN: &str = r#"id = "ae-ytd"
frequency = "quarter"
basis = "ytd"

[measures.bookings]
source = "deals"
sum = "amount"

[[components]]
id = "bookings"
weight = "100%"
curve = { on = "bookings", points = [[0, 0], [100, 100]], beyond = "extend" }
"#;

const ROSTER: &str = "payee,name,plan,team,manager,start,end,base,target_incentive,currency
ae-eu,Emma Weber,ae,,,2023-01-01,,,30000,
ae-gb,George Hall,ae,,,2023-01-01,,,30000,GBP
ae-jp,Haruto Sato,ae,,,2023-01-01,,,30000,jpy
uk-ytd,Olivia Reed,ae-ytd,,,2023-01-01,,,40000,GBP
";

const QUOTAS: &str = "payee,period,measure,target
uk-ytd,2024-Q1,bookings,100000
uk-ytd,2024-Q2,bookings,100000
";

const DEALS: &str = "id,owner,close_date,amount
D-1,ae-gb,2024-01-15,12345.60
D-2,ae-jp,2024-01-22,8000
D-3,ae-eu,2024-01-29,5000
Y-1,uk-ytd,2024-02-10,80000
Y-2,uk-ytd,2024-05-10,130000
";

/// GBP: 1.1722 from 1 January, 1.2000 from 1 February, 1.1500 from 15 April; JPY 0.0061.
const FX: &str = "date,currency,rate
2024-01-01,GBP,1.1722
2024-02-01,GBP,1.2000
2024-04-15,GBP,1.1500
2024-01-01,JPY,0.0061
";

fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let base = [
        ("comp.toml", COMP_TOML),
        ("plans/ae.toml", PLAN),
        ("plans/ae-ytd.toml", YTD_PLAN),
        ("data/roster.csv", ROSTER),
        ("data/quotas.csv", QUOTAS),
        ("data/deals.csv", DEALS),
        ("data/fx.csv", FX),
    ];
    for (path, text) in base.iter().chain(files) {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

fn comp(dir: &Path, args: &[&str]) -> Output {
    common::comp()
        .workspace(dir)
        .args(args)
        .current_dir(dir)
        .output()
}

fn ok(dir: &Path, args: &[&str]) -> String {
    common::comp()
        .workspace(dir)
        .args(args)
        .current_dir(dir)
        .stdout_ok()
}

/// The whole run, exit code, stdout and stderr, the folder shown as `[TMP]`.
fn shown(dir: &Path, out: &Output) -> String {
    common::hide_tmp(&common::text(out), dir)
}

fn close(dir: &Path, period: &str, on: &str) {
    ok(dir, &["close", "--period", period, "--closed-on", on]);
}

#[test]
fn payroll_pays_each_payee_in_their_currency() {
    let dir = workspace(&[]);
    let payroll = ok(
        dir.path(),
        &["calc", "--period", "2024-01", "--format", "payroll"],
    );
    assert_eq!(
        payroll,
        // ae-eu: D-3 5,000 x 10% = 500.00 EUR, no currency: the workspace's
        // ae-gb: D-1 12,345.60 x 10% = 1,234.56 EUR; GBP rate in force on 2024-01-31 is 1.1722
        //   (the 1.2000 of 2024-02-01 is after the period's last day): 1,234.56 / 1.1722 =
        //   1,053.1991... (1.1722 x 1,053.20 = 1,234.56104, a hair above) -> 1,053.20 GBP
        // ae-jp: D-2 8,000 x 10% = 800.00 EUR; 800.00 / 0.0061 = 131,147.54... -> 131,148 JPY
        //   (0 decimals); `jpy` in the roster reads as JPY
        "payee,name,period,amount,currency
ae-eu,Emma Weber,2024-01,500.00,EUR
ae-gb,George Hall,2024-01,1053.20,GBP
ae-jp,Haruto Sato,2024-01,131148,JPY
"
    );
}

#[test]
fn statements_keep_the_workspace_figures_and_add_the_pay_currency() {
    let dir = workspace(&[]);
    let csv = ok(
        dir.path(),
        &[
            "calc", "--period", "2024-01", "--format", "csv", "--payee", "ae-gb",
        ],
    );
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let h = r.headers().unwrap().clone();
    let row = r.records().next().unwrap().unwrap();
    let cell = |name: &str| row[h.iter().position(|c| c == name).unwrap()].to_string();
    // the computation stays in EUR; the pay columns say what is paid in GBP, and at which rate
    assert_eq!(cell("payout"), "1234.56");
    assert_eq!(cell("pay_amount"), "1053.20");
    assert_eq!(cell("pay_currency"), "GBP");
    assert_eq!(cell("pay_rate"), "1.1722");

    let table = ok(dir.path(), &["calc", "--period", "2024-01"]);
    // the company total adds EUR amounts only (1,234.56 + 800.00 + 500.00 = 2,534.56 EUR); what is
    // paid is one total per currency, never added together
    assert!(
        table.contains("Company total for 2024-01: 2,534.56 EUR"),
        "{table}"
    );
    assert!(
        table.contains("Paid by currency: 500.00 EUR, 1,053.20 GBP, 131,148 JPY"),
        "{table}"
    );
    assert!(
        table.contains("commission: 1,234.56 EUR at 1.1722 = 1,053.20 GBP"),
        "{table}"
    );

    let explain = ok(
        dir.path(),
        &["explain", "--payee", "ae-gb", "--period", "2024-01"],
    );
    insta::assert_snapshot!("explain_gbp", explain);
    let french = ok(
        dir.path(),
        &[
            "explain", "--payee", "ae-jp", "--period", "2024-01", "--locale", "fr-FR",
        ],
    );
    insta::assert_snapshot!("explain_jpy_fr", french);

    let json = ok(
        dir.path(),
        &[
            "calc", "--period", "2024-01", "--format", "json", "--payee", "ae-jp",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["statements"][0]["pay"]["total"], "131148");
    assert_eq!(v["statements"][0]["pay"]["currency"], "JPY");
    assert_eq!(v["payees"][0]["currency"], "JPY");
    assert_eq!(v["total"], "800.00");
    assert_eq!(
        v["pay_totals"],
        serde_json::json!([{ "currency": "JPY", "total": "131148" }])
    );
}

#[test]
fn the_ledger_keeps_the_rate_and_the_workspace_amount_of_rows_in_another_currency() {
    let dir = workspace(&[]);
    close(dir.path(), "2024-01", "2024-02-01");
    let ledger = std::fs::read_to_string(dir.path().join("ledger.csv")).unwrap();
    let body: Vec<&str> = ledger.lines().collect();
    assert_eq!(
        body[..4],
        [
            "period,payee,plan,component,amount,currency,closed_on,rate,workspace_amount",
            // a row in the workspace currency keeps the seven cells of every ledger
            "2024-01,ae-eu,ae,commission,500.00,EUR,2024-02-01",
            "2024-01,ae-gb,ae,commission,1053.20,GBP,2024-02-01,1.1722,1234.56",
            "2024-01,ae-jp,ae,commission,131148,JPY,2024-02-01,0.0061,800.00",
        ]
    );
    // the seal covers the longer rows like any: `comp ledger verify` vouches for them
    let verify = comp(dir.path(), &["ledger", "verify"]);
    assert!(verify.status.success(), "{}", common::text(&verify));
    // the closed period reads back as it was paid, with its seal
    let payroll = ok(
        dir.path(),
        &["calc", "--period", "2024-01", "--format", "payroll"],
    );
    assert!(
        payroll.contains("ae-gb,George Hall,2024-01,1053.20,GBP"),
        "{payroll}"
    );
    assert!(
        payroll.contains("ae-jp,Haruto Sato,2024-01,131148,JPY"),
        "{payroll}"
    );
}

/// A ytd true-up in a later period subtracts what was paid in the workspace currency (the
/// ledger's workspace_amount), and the difference is converted at that later period's rate.
#[test]
fn a_ytd_true_up_is_converted_at_its_own_periods_rate() {
    let dir = workspace(&[]);
    // Q1: Y-1 80,000 of 100,000 = 80% x TI 40,000 x 3/12 = 8,000.00 EUR earned to date. The GBP
    // rate in force on 2024-03-31 is 1.2000 (the 1.1500 of 2024-04-15 comes after the quarter):
    // 8,000.00 / 1.2 = 6,666.666... -> 6,666.67 GBP
    let q1 = ok(
        dir.path(),
        &[
            "calc", "--period", "2024-Q1", "--format", "payroll", "--payee", "uk-ytd",
        ],
    );
    assert!(
        q1.contains("uk-ytd,Olivia Reed,2024-Q1,6666.67,GBP"),
        "{q1}"
    );
    for month in ["2024-01", "2024-02", "2024-03"] {
        close(dir.path(), month, "2024-04-01");
    }
    let ledger = std::fs::read_to_string(dir.path().join("ledger.csv")).unwrap();
    assert!(
        ledger.contains("2024-Q1,uk-ytd,ae-ytd,bookings,6666.67,GBP,2024-04-01,1.2000,8000.00"),
        "{ledger}"
    );
    // Q2 year to date: 80,000 + 130,000 = 210,000 of 200,000 = 105% x TI 40,000 x 6/12 =
    // 21,000.00 EUR earned; paid to date 8,000.00 EUR (not the 6,666.67 GBP): 13,000.00 EUR due,
    // at the rate in force on 2024-06-30, 1.1500: 13,000.00 / 1.15 = 11,304.347... -> 11,304.35 GBP
    let q2 = ok(
        dir.path(),
        &[
            "calc", "--period", "2024-Q2", "--format", "csv", "--payee", "uk-ytd",
        ],
    );
    let mut r = csv::Reader::from_reader(q2.as_bytes());
    let h = r.headers().unwrap().clone();
    let row = r.records().next().unwrap().unwrap();
    let cell = |name: &str| row[h.iter().position(|c| c == name).unwrap()].to_string();
    assert_eq!(cell("earned"), "21000.00");
    assert_eq!(cell("paid_to_date"), "8000.00");
    assert_eq!(cell("payout"), "13000.00");
    assert_eq!(cell("pay_amount"), "11304.35");
    assert_eq!(cell("pay_rate"), "1.1500");
}

/// A rate dated after the period's last day is not used, even when it is the only later one; a
/// rate dated on the last day is.
#[test]
fn a_rate_dated_after_the_periods_last_day_is_not_used() {
    // January's last day is 2024-01-31: the rate dated that day is in force, the one of
    // 2024-02-01 is not. 1,234.56 / 1.2345 = 1,000.048... -> 1,000.05 GBP
    let dir = workspace(&[(
        "data/fx.csv",
        "date,currency,rate
2024-01-01,GBP,1.1722
2024-01-31,GBP,1.2345
2024-02-01,GBP,1.5000
2024-01-01,JPY,0.0061
",
    )]);
    let payroll = ok(
        dir.path(),
        &[
            "calc", "--period", "2024-01", "--format", "payroll", "--payee", "ae-gb",
        ],
    );
    assert!(
        payroll.contains("ae-gb,George Hall,2024-01,1000.05,GBP"),
        "{payroll}"
    );
}

/// A ledger begun before any payee was paid in another currency keeps its seven-column header
/// and its seals; rows in another currency are appended below it with their two more cells, and
/// the whole ledger reads back.
#[test]
fn an_old_ledger_keeps_its_header_and_seals() {
    // ae-gb paid in EUR until 31 January, in GBP from 1 February (a new roster row)
    let roster = "payee,name,plan,team,manager,start,end,base,target_incentive,currency
ae-eu,Emma Weber,ae,,,2023-01-01,,,30000,
ae-gb,George Hall,ae,,,2023-01-01,2024-01-31,,30000,
ae-gb,George Hall,ae,,,2024-02-01,,,30000,GBP
ae-jp,Haruto Sato,ae,,,2023-01-01,,,30000,
uk-ytd,Olivia Reed,ae-ytd,,,2023-01-01,,,40000,
";
    let deals = format!("{DEALS}D-4,ae-gb,2024-02-12,6000\n");
    let dir = workspace(&[("data/roster.csv", roster), ("data/deals.csv", &deals)]);
    close(dir.path(), "2024-01", "2024-02-01");
    let january = std::fs::read(dir.path().join("ledger.csv")).unwrap();
    assert!(january.starts_with(b"period,payee,plan,component,amount,currency,closed_on\n"));
    close(dir.path(), "2024-02", "2024-03-01");
    let both = std::fs::read(dir.path().join("ledger.csv")).unwrap();
    assert!(
        both.starts_with(&january),
        "earlier rows and seals stay byte-identical"
    );
    let text = String::from_utf8(both).unwrap();
    // D-4 6,000 x 10% = 600.00 EUR at the rate in force on 2024-02-29, 1.2000: 500.00 GBP
    assert!(
        text.contains("2024-02,ae-gb,ae,commission,500.00,GBP,2024-03-01,1.2000,600.00"),
        "{text}"
    );
    // and it reads back: January in EUR, February in GBP
    let q1 = ok(
        dir.path(),
        &[
            "calc", "--period", "2024-02", "--format", "payroll", "--payee", "ae-gb",
        ],
    );
    assert!(q1.contains("ae-gb,George Hall,2024-02,500.00,GBP"), "{q1}");
    ok(dir.path(), &["calc", "--period", "2024-01"]);
}

/// The output of a workspace without pay currencies does not change: no pay columns.
#[test]
fn no_pay_columns_without_a_payee_in_another_currency() {
    let roster = "payee,name,plan,team,manager,start,end,base,target_incentive
ae-eu,Emma Weber,ae,,,2023-01-01,,,30000
uk-ytd,Olivia Reed,ae-ytd,,,2023-01-01,,,40000
";
    let dir = workspace(&[("data/roster.csv", roster)]);
    let csv = ok(
        dir.path(),
        &["calc", "--period", "2024-01", "--format", "csv"],
    );
    assert!(!csv.contains("pay_"), "{csv}");
    let table = ok(dir.path(), &["calc", "--period", "2024-01"]);
    assert!(!table.contains("Paid by currency"), "{table}");
}

// -------------------------------------------------------------------------------------------------
// Errors: one snapshot per message

#[test]
fn missing_pay_rate() {
    // no JPY rate at all: never a zero or a rate of 1
    let dir = workspace(&[(
        "data/fx.csv",
        "date,currency,rate\n2024-01-01,GBP,1.1722\n2024-02-01,JPY,0.0061\n",
    )]);
    let out = comp(dir.path(), &["calc", "--period", "2024-01"]);
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!(shown(dir.path(), &out));
}

#[test]
fn pay_currency_without_an_fx_source() {
    let toml = COMP_TOML.replace("\n[sources.fx]\nfile = \"data/fx.csv\"\n", "");
    let dir = workspace(&[("comp.toml", &toml)]);
    let out = comp(
        dir.path(),
        &["calc", "--period", "2024-01", "--payee", "ae-gb"],
    );
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!(shown(dir.path(), &out));
}

#[test]
fn bad_pay_currency_code() {
    let roster = ROSTER.replace("30000,GBP", "30000,GB");
    let dir = workspace(&[("data/roster.csv", &roster)]);
    let out = comp(dir.path(), &["calc", "--period", "2024-01"]);
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!(shown(dir.path(), &out));
}

#[test]
fn ledger_row_in_the_wrong_currency() {
    let dir = workspace(&[]);
    close(dir.path(), "2024-01", "2024-02-01");
    // the roster now says ae-gb is paid in EUR, but January was paid in GBP
    let roster = ROSTER.replace("30000,GBP", "30000,");
    std::fs::write(dir.path().join("data/roster.csv"), roster).unwrap();
    let out = comp(dir.path(), &["calc", "--period", "2024-01"]);
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!(shown(dir.path(), &out));
}

#[test]
fn ledger_row_without_its_workspace_amount() {
    // a ledger written by hand (no seal: read with a note), its GBP row without rate or
    // workspace amount: what it was worth in EUR is unknown
    let dir = workspace(&[(
        "ledger.csv",
        "period,payee,plan,component,amount,currency,closed_on
2024-01,ae-gb,ae,commission,1053.20,GBP,2024-02-01
",
    )]);
    let out = comp(dir.path(), &["calc", "--period", "2024-02"]);
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!(shown(dir.path(), &out));
}

/// Statements (HTML and text), the table and the workbook say what is paid in the pay currency.
#[test]
fn statements_table_and_workbook_in_the_pay_currency() {
    use calamine::{open_workbook_auto, Data, Reader};
    let dir = workspace(&[]);
    let table = ok(dir.path(), &["calc", "--period", "2024-01"]);
    insta::assert_snapshot!("table_2024_01", table);

    let out = dir.path().join("statements");
    let out_arg = out.to_str().unwrap();
    ok(
        dir.path(),
        &[
            "statements",
            "--period",
            "2024-01",
            "--out",
            out_arg,
            "--payee",
            "ae-gb",
        ],
    );
    let page = std::fs::read_to_string(out.join("ae-gb-2024-01.html")).unwrap();
    assert!(
        page.contains("1,234.56 EUR at 1.1722 = 1,053.20 GBP"),
        "{page}"
    );
    assert!(page.contains("id=\"total\">Total: 1,053.20 GBP"), "{page}");
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("1,053.20 GBP"), "{index}");
    ok(
        dir.path(),
        &[
            "statements",
            "--period",
            "2024-01",
            "--out",
            out_arg,
            "--payee",
            "ae-jp",
            "--format",
            "txt",
        ],
    );
    let text = std::fs::read_to_string(out.join("ae-jp-2024-01.txt")).unwrap();
    assert!(
        text.contains("800.00 EUR at 0.0061 = 131,148 JPY"),
        "{text}"
    );

    let book = dir.path().join("pay.xlsx");
    ok(
        dir.path(),
        &[
            "calc",
            "--period",
            "2024-01",
            "--format",
            "xlsx",
            "-o",
            book.to_str().unwrap(),
        ],
    );
    let mut wb = open_workbook_auto(&book).unwrap();
    let payroll = wb.worksheet_range("payroll").unwrap();
    let rows: Vec<Vec<String>> = payroll
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Float(f) => format!("{f}"),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    assert_eq!(rows[2][3..], ["1053.2".to_string(), "GBP".to_string()]);
    assert_eq!(rows[3][3..], ["131148".to_string(), "JPY".to_string()]);
}

/// A late deal of a closed month, for a payee who has left since: the adjustment is paid in the
/// currency of their last assignment on the plan, at the rate of the period it is paid in.
#[test]
fn a_leavers_adjustment_is_paid_in_their_currency_at_its_periods_rate() {
    let dir = workspace(&[]);
    close(dir.path(), "2024-01", "2024-02-01");
    let roster = ROSTER.replace("2023-01-01,,,30000,GBP", "2023-01-01,2024-01-31,,30000,GBP");
    std::fs::write(dir.path().join("data/roster.csv"), roster).unwrap();
    let deals = format!("{DEALS}D-5,ae-gb,2024-01-20,1000\n");
    std::fs::write(dir.path().join("data/deals.csv"), deals).unwrap();
    // January recomputed: 12,345.60 + 1,000 = 13,345.60 x 10% per record = 1,334.56 EUR, paid
    // 1,234.56: an adjustment of 100.00 EUR in February, at February's rate 1.2000:
    // 100.00 / 1.2 = 83.333... -> 83.33 GBP
    let payroll = ok(
        dir.path(),
        &[
            "calc", "--period", "2024-02", "--format", "payroll", "--payee", "ae-gb",
        ],
    );
    assert!(
        payroll.contains("ae-gb,George Hall,2024-02,83.33,GBP"),
        "{payroll}"
    );
}

/// The plan's rounding mode rounds the converted amount: `down` drops the digits beyond the pay
/// currency's minor unit.
#[test]
fn the_plans_rounding_mode_rounds_the_pay_currency() {
    let plan = PLAN.replace(
        "frequency = \"month\"\n",
        "frequency = \"month\"\nrounding = \"down\"\n",
    );
    let dir = workspace(&[("plans/ae.toml", &plan)]);
    let payroll = ok(
        dir.path(),
        &["calc", "--period", "2024-01", "--format", "payroll"],
    );
    // 1,234.56 / 1.1722 = 1,053.1991... -> 1,053.19 GBP (down); 800.00 / 0.0061 = 131,147.54...
    // -> 131,147 JPY (down)
    assert!(
        payroll.contains("ae-gb,George Hall,2024-01,1053.19,GBP"),
        "{payroll}"
    );
    assert!(
        payroll.contains("ae-jp,Haruto Sato,2024-01,131147,JPY"),
        "{payroll}"
    );
}

/// `comp check` checks the ledger's currencies against the roster too.
#[test]
fn check_refuses_a_ledger_row_in_the_wrong_currency() {
    let dir = workspace(&[]);
    close(dir.path(), "2024-01", "2024-02-01");
    let roster = ROSTER.replace("30000,jpy", "30000,");
    std::fs::write(dir.path().join("data/roster.csv"), roster).unwrap();
    let out = comp(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    let text = common::text(&out);
    assert!(
        text.contains("ledger line 4 pays payee ae-jp in JPY for 2024-01 (plan ae): the roster pays them in EUR"),
        "{text}"
    );
}

/// The ledger's header is its seven columns, or those and `rate,workspace_amount`; a row has seven
/// cells or nine.
#[test]
fn ledger_headers_and_rows_of_other_lengths_are_refused() {
    let dir = workspace(&[(
        "ledger.csv",
        "period,payee,plan,component,amount,currency,closed_on,rate
2024-01,ae-eu,ae,commission,500.00,EUR,2024-02-01,
",
    )]);
    let text = common::text(&comp(dir.path(), &["calc", "--period", "2024-02"]));
    assert!(text.contains("is not a comp ledger"), "{text}");

    let dir = workspace(&[(
        "ledger.csv",
        "period,payee,plan,component,amount,currency,closed_on,rate,workspace_amount
2024-01,ae-gb,ae,commission,1053.20,GBP,2024-02-01,1.1722
",
    )]);
    let text = common::text(&comp(dir.path(), &["calc", "--period", "2024-02"]));
    assert!(
        text.contains(
            "a ledger row of 8 cells: a row has 7 (9 for a payee paid in another currency)"
        ),
        "{text}"
    );

    // a row in the workspace currency with a rate is not as comp close writes it
    let dir = workspace(&[(
        "ledger.csv",
        "period,payee,plan,component,amount,currency,closed_on,rate,workspace_amount
2024-01,ae-eu,ae,commission,500.00,EUR,2024-02-01,1.1,500.00
",
    )]);
    let text = common::text(&comp(dir.path(), &["calc", "--period", "2024-02"]));
    assert!(
        text.contains(
            "a ledger row in the workspace's currency (EUR) with a rate or a workspace amount"
        ),
        "{text}"
    );

    // an amount that is not its workspace amount over its rate (1,234.56 / 1.1722 = 1,053.1991...)
    let dir = workspace(&[(
        "ledger.csv",
        "period,payee,plan,component,amount,currency,closed_on,rate,workspace_amount
2024-01,ae-gb,ae,commission,1234.56,GBP,2024-02-01,1.1722,1234.56
",
    )]);
    let out = comp(dir.path(), &["calc", "--period", "2024-02"]);
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!("ledger_amount_not_at_its_rate", shown(dir.path(), &out));

    // a hand-written (unsealed) ledger with the nine columns reads: February's true-up needs none
    // here, but January shows what was paid, in GBP
    let dir = workspace(&[(
        "ledger.csv",
        "period,payee,plan,component,amount,currency,closed_on,rate,workspace_amount
2024-01,ae-eu,ae,commission,500.00,EUR,2024-02-01,,
2024-01,ae-gb,ae,commission,1053.20,GBP,2024-02-01,1.1722,1234.56
2024-01,ae-jp,ae,commission,131148,JPY,2024-02-01,0.0061,800.00
",
    )]);
    let payroll = ok(
        dir.path(),
        &["calc", "--period", "2024-01", "--format", "payroll"],
    );
    assert!(
        payroll.contains("ae-gb,George Hall,2024-01,1053.20,GBP"),
        "{payroll}"
    );
}
