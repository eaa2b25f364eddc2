//! `comp amortize`: commission costs capitalised and amortised (docs/finance.md). Money worked by
//! hand in the comments.
//!
//! tests/finance: plan `ae` pays 10% of each contract, per record, with a 180-day clawback.
//! - C1: ana, 100,000 signed 2024-01-01 on 24 months: 10,000.00, 10,000 / 24 = 416.666... ->
//!   416.67 a month for 23 months (9,583.41), 416.59 in December 2025.
//! - C2: bob, 12,000 signed 2024-03-15 on 12 months: 1,200.00, 100.00 a month March 2024 to
//!   February 2025; under the practical expedient (12 months or less) expensed at once in March.
//! - C3: bob, 36,000 signed 2024-05-10 on 36 months: 3,600.00, 100.00 a month from May; cancelled
//!   2024-08-20 (clawed back): May, June, July expensed (300.00), 3,300.00 reversed in August.

mod common;

use common::ok;

use std::collections::BTreeMap;

const WS: &str = "tests/finance/comp.toml";

/// CSV rows as maps from header to value.
fn rows(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            headers
                .iter()
                .zip(rec.unwrap().iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn amortize(extra: &[&str]) -> Vec<BTreeMap<String, String>> {
    let mut args = vec!["--workspace", WS, "amortize", "--format", "csv"];
    args.extend(extra);
    rows(&ok(&args))
}

/// The example through the verb: C1's schedule over 2024 and 2025 sums to what was paid,
/// 12 x 416.67 + 11 x 416.67 + 416.59 = 5,000.04 + 4,583.37 + 416.59 = 10,000.00.
#[test]
fn ten_thousand_over_24_months_through_comp_amortize() {
    let c1 = |period: &str| -> Vec<BTreeMap<String, String>> {
        amortize(&["--period", period, "--since", "2024", "--lines"])
            .into_iter()
            .filter(|r| r["contract"] == "C1")
            .collect()
    };
    let (y2024, y2025) = (c1("2024"), c1("2025"));
    assert_eq!(y2024[0]["capitalised"], "10000.00");
    assert!(y2024.iter().all(|r| r["amortised"] == "416.67"));
    assert!(y2025[..11].iter().all(|r| r["amortised"] == "416.67"));
    assert_eq!(
        (
            y2025[11]["month"].as_str(),
            y2025[11]["amortised"].as_str(),
            y2025[11]["closing"].as_str()
        ),
        ("2025-12", "416.59", "0.00")
    );
    // after 2024: 10,000.00 - 5,000.04
    assert_eq!(y2024[11]["closing"], "4999.96");
}

/// The book of 2024, month by month, without the practical expedient:
/// - January: 10,000.00 capitalised, 416.67 amortised, closing 9,583.33.
/// - March: C2's 1,200.00 capitalised; 416.67 + 100.00 = 516.67 amortised; closing 9,166.66 +
///   1,200.00 - 516.67 = 9,849.99.
/// - August: 416.67 + 100.00 amortised and C3's 3,300.00 reversed; July closed at 11,083.31
///   (May: 9,333.32 + 3,600.00 - 616.67 = 12,316.65, June 11,699.98, July 11,083.31), so August
///   closes at 11,083.31 - 516.67 - 3,300.00 = 7,266.64.
/// - December: C1 10,000.00 - 12 x 416.67 = 4,999.96, C2 1,200.00 - 10 x 100.00 = 200.00: 5,199.96.
#[test]
fn the_book_of_2024() {
    let m = amortize(&["--period", "2024"]);
    let at = |month: &str| m.iter().find(|r| r["month"] == month).unwrap().clone();
    let cols = |r: &BTreeMap<String, String>| {
        (
            r["capitalised"].clone(),
            r["amortised"].clone(),
            r["reversed"].clone(),
            r["closing"].clone(),
        )
    };
    let s = |a: &str, b: &str, c: &str, d: &str| {
        (a.to_string(), b.to_string(), c.to_string(), d.to_string())
    };
    assert_eq!(
        cols(&at("2024-01")),
        s("10000.00", "416.67", "0.00", "9583.33")
    );
    assert_eq!(
        cols(&at("2024-03")),
        s("1200.00", "516.67", "0.00", "9849.99")
    );
    assert_eq!(
        cols(&at("2024-07")),
        s("0.00", "616.67", "0.00", "11083.31")
    );
    assert_eq!(
        cols(&at("2024-08")),
        s("0.00", "516.67", "3300.00", "7266.64")
    );
    assert_eq!(cols(&at("2024-12")), s("0.00", "516.67", "0.00", "5199.96"));
}

/// Under the practical expedient C2 (12 months) is expensed at once in March and never
/// capitalised: March amortises C1's 416.67 only, and 1,200.00 is expensed at once.
#[test]
fn the_practical_expedient_expenses_a_12_month_contract_at_once() {
    let m = amortize(&["--period", "2024-Q1", "--practical-expedient"]);
    let march = m.iter().find(|r| r["month"] == "2024-03").unwrap();
    assert_eq!(
        (
            march["capitalised"].as_str(),
            march["amortised"].as_str(),
            march["expensed_at_once"].as_str(),
            march["closing"].as_str()
        ),
        ("0.00", "416.67", "1200.00", "8749.99")
    );
}

#[test]
fn amortize_table() {
    insta::assert_snapshot!(common::comp()
        .args([
            "--workspace",
            WS,
            "amortize",
            "--period",
            "2024-Q3",
            "--lines"
        ])
        .run()
        .text()
        .to_string());
}

#[test]
fn a_term_field_the_source_does_not_have() {
    insta::assert_snapshot!(common::comp()
        .args([
            "--workspace",
            WS,
            "amortize",
            "--period",
            "2024",
            "--term",
            "length"
        ])
        .run()
        .text()
        .to_string());
}

/// `comp accrue` on tests/whatif/solve: plan `linear` pays the year's TI x attainment (a curve
/// through (0, 0) and (200, 200), flat beyond), paid once a year. At a month's end the year is
/// computed as if it ended then: TI and target prorated by days (2024 has 366).
/// - May (152 days): ana, 70,000 against 100,000 x 152/366 = 41,530.05: 168.55%, under the
///   curve's top, so 10,000 x 152/366 x 70,000 / (100,000 x 152/366) = 10,000 x 0.7 = 7,000.00.
///   bob, 150,000 (signed 2024-05-10) against 200,000 x 152/366: 20,000 x 0.75 = 15,000.00.
/// - April (121 days): ana at 70,000 / (100,000 x 121/366) = 211.7% is at the curve's top, 200%
///   of 10,000 x 121/366 = 3,306.0109...: 6,612.02; bob nothing yet.
/// - May's change: 7,000.00 - 6,612.02 = 387.98 for ana, 15,000.00 for bob.
#[test]
fn accrual_of_a_yearly_plan_at_the_end_of_may() {
    let out = ok(&[
        "--workspace",
        "tests/whatif/solve/comp.toml",
        "accrue",
        "--period",
        "2024-05",
        "--format",
        "csv",
    ]);
    let got: Vec<(String, String, String, String)> = rows(&out)
        .into_iter()
        .map(|r| {
            (
                r["payee"].clone(),
                r["to_date"].clone(),
                r["previous"].clone(),
                r["change"].clone(),
            )
        })
        .collect();
    let s = |a: &str, b: &str, c: &str, d: &str| {
        (a.to_string(), b.to_string(), c.to_string(), d.to_string())
    };
    assert_eq!(
        got,
        vec![
            s("ana", "7000.00", "6612.02", "387.98"),
            s("bob", "15000.00", "0.00", "15000.00")
        ]
    );
}

/// The quarterly plan of tests/finance in February (Q1): ana's C1 (signed in January, 10% of
/// 100,000 = 10,000.00) was already accrued at the end of January: 10,000.00 to date, no change;
/// bob signed nothing before March.
#[test]
fn accrual_month_before_is_within_the_same_plan_period() {
    insta::assert_snapshot!(common::comp()
        .args(["--workspace", WS, "accrue", "--period", "2024-02"])
        .run()
        .text()
        .to_string());
}

#[test]
fn accrual_of_a_quarter_is_refused() {
    insta::assert_snapshot!(common::comp()
        .args(["--workspace", WS, "accrue", "--period", "2024-Q1"])
        .run()
        .text()
        .to_string());
}

/// At the last month of a quarter the open period ends on the accrual date: the accrual is the
/// quarter `comp calc` computes. The example company's quarterly plans (every plan but `sdr`) in
/// 2024-Q1: the same total, to the cent.
#[test]
fn an_accrual_at_the_end_of_a_quarter_is_the_quarter() {
    let ws = "examples/acme/comp.toml";
    let total = |rows: Vec<BTreeMap<String, String>>, col: &str| -> rust_decimal::Decimal {
        rows.iter()
            .filter(|r| r["period"] == "2024-Q1")
            .map(|r| r[col].parse::<rust_decimal::Decimal>().unwrap())
            .sum()
    };
    let accrued = rows(&ok(&[
        "--workspace",
        ws,
        "accrue",
        "--period",
        "2024-03",
        "--format",
        "csv",
    ]));
    let calc = rows(&ok(&[
        "--workspace",
        ws,
        "calc",
        "--period",
        "2024-Q1",
        "--format",
        "csv",
    ]));
    assert_eq!(total(accrued, "to_date"), total(calc, "payout"));
}

/// comp.toml's `[amortize]` sets the defaults, a flag wins: with `practical_expedient = true`,
/// March is as under `--practical-expedient` above (C2's 1,200.00 expensed at once, 416.67
/// amortised, closing 8,749.99); `--no-practical-expedient` capitalises C2 again (1,200.00
/// capitalised, 416.67 + 1,200.00 / 12 = 516.67 amortised, closing 8,749.99 + 1,100.00 = 9,849.99).
#[test]
fn amortize_settings_in_comp_toml_are_defaults_flags_override() {
    let march = |extra: &[&str]| {
        let mut args = vec![
            "--workspace",
            "tests/finance/comp-expedient.toml",
            "amortize",
            "--format",
            "csv",
            "--period",
            "2024-Q1",
        ];
        args.extend(extra);
        let m = rows(&ok(&args));
        let r = m.iter().find(|r| r["month"] == "2024-03").unwrap().clone();
        (
            r["capitalised"].clone(),
            r["amortised"].clone(),
            r["expensed_at_once"].clone(),
            r["closing"].clone(),
        )
    };
    let s = |v: [&str; 4]| (v[0].into(), v[1].into(), v[2].into(), v[3].into());
    assert_eq!(march(&[]), s(["0.00", "416.67", "1200.00", "8749.99"]));
    assert_eq!(
        march(&["--no-practical-expedient"]),
        s(["1200.00", "516.67", "0.00", "9849.99"])
    );
}

/// `[amortize]` keys are checked: an unknown key, and a term beside an end, are errors.
#[test]
fn amortize_settings_with_problems() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string("tests/finance/comp.toml").unwrap();
    let plans = std::env::current_dir().unwrap().join("tests/finance");
    let base = base
        .replace(
            "plans/ae.toml",
            &plans.join("plans/ae.toml").display().to_string(),
        )
        .replace("data/", &format!("{}/data/", plans.display()));
    for (name, table) in [
        ("unknown_key", "[amortize]\nterm_field = \"term_months\"\n"),
        (
            "term_and_end",
            "[amortize]\nterm = \"term_months\"\nend = \"cancelled_on\"\n",
        ),
    ] {
        let ws = dir.path().join("comp.toml");
        std::fs::write(&ws, format!("{base}\n{table}")).unwrap();
        let out = common::comp()
            .args([
                "--workspace",
                ws.to_str().unwrap(),
                "amortize",
                "--period",
                "2024",
            ])
            .output();
        let text = format!(
            "exit: {}\n{}",
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr)
        )
        .replace(&dir.path().display().to_string(), "[DIR]");
        insta::assert_snapshot!(format!("amortize_settings_with_problems_{name}"), text);
    }
}

/// The accrual table ends with totals the core adds up (the renderer only formats): at the end of
/// May, ana 7,000.00 + bob 15,000.00 = 22,000.00 to date, 6,612.02 + 0.00 before, 387.98 +
/// 15,000.00 = 15,387.98 the change (worked in `accrual_of_a_yearly_plan_at_the_end_of_may`).
#[test]
fn accrual_table_totals() {
    let out = ok(&[
        "--workspace",
        "tests/whatif/solve/comp.toml",
        "accrue",
        "--period",
        "2024-05",
    ]);
    let total = out.lines().find(|l| l.starts_with("| total")).unwrap();
    let cells: Vec<&str> = total.split('|').map(str::trim).collect();
    assert_eq!(cells[5..8], ["22,000.00", "6,612.02", "15,387.98"], "{out}");
}
