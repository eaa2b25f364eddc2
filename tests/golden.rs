//! Golden tests: the worked examples of /work/shared/SEMANTICS.md (W1, W5..W11, W13), a caps case,
//! and the month-close cases of issue #4 (a recoverable draw, proration, a negative carried forward),
//! run through the `comp` binary on the small workspaces in `tests/golden/<case>/`.
//!
//! Every expected payout, in the `expected.csv` files and in the totals below, was worked BY HAND
//! from SEMANTICS.md and docs/format.md. Never regenerate them from the tool's output: when the tool
//! disagrees, the tool is suspect until the arithmetic below is shown to be wrong.
//!
//! Each case runs
//!     comp --workspace tests/golden/<case>/comp.toml calc --period <P> --format csv
//! from a directory that is not the workspace (paths in comp.toml are relative to comp.toml), and
//! checks that:
//! - the command succeeds and the CSV header starts with
//!   `payee,plan,period,component,value,target,attainment,payout`;
//! - every row of `expected.csv` (payee, period, component, payout) has exactly one actual row with
//!   the same payee, period and component, whose payout is the same text (`6800.00`, not `6800`);
//!   further columns of expected.csv (`earned`, `paid_to_date`, `proration`...) name columns of the
//!   output, compared as text too;
//! - each payee's actual payouts (all its rows, plan-cap cut included) add up to the hand-worked total,
//!   and no payee outside the case appears;
//! - cases that span several periods run a second time in a copy where earlier periods were closed
//!   with `comp close` (`check_case_and_after_closes`): what the ledger says was paid must give the
//!   same statements;
//! - rows come sorted by payee id, then in the order of expected.csv (period, then the plan's component
//!   order; `plan_cap` rows are left out of this order check, as their position is not specified).

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use rust_decimal::Decimal;

const HEADER: [&str; 8] = [
    "payee",
    "plan",
    "period",
    "component",
    "value",
    "target",
    "attainment",
    "payout",
];

fn case_dir(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("golden")
        .join(case)
}

#[derive(Debug, Clone)]
struct Row {
    payee: String,
    period: String,
    component: String,
    payout: String,
    /// Other columns by name: in expected.csv the extra columns to compare (`earned`, `paid_to_date`,
    /// `proration`, `target`...), in the actual output every column.
    other: BTreeMap<String, String>,
}

impl Row {
    fn key(&self) -> (String, String, String) {
        (
            self.payee.clone(),
            self.period.clone(),
            self.component.clone(),
        )
    }
}

/// Reads `expected.csv` (payee,period,component,payout, then optional columns of the CSV output to
/// compare as text, such as earned,paid_to_date; an empty cell is not compared), written by hand.
fn read_expected(case: &str) -> Vec<Row> {
    let path = case_dir(case).join("expected.csv");
    let mut reader = csv::Reader::from_path(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let headers = reader.headers().expect("expected.csv header").clone();
    assert_eq!(
        headers.iter().take(4).collect::<Vec<_>>(),
        ["payee", "period", "component", "payout"],
        "{}: bad header",
        path.display()
    );
    reader
        .records()
        .map(|r| {
            let r = r.expect("expected.csv row");
            Row {
                payee: r[0].to_string(),
                period: r[1].to_string(),
                component: r[2].to_string(),
                payout: r[3].to_string(),
                other: headers
                    .iter()
                    .zip(r.iter())
                    .skip(4)
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(h, v)| (h.to_string(), v.to_string()))
                    .collect(),
            }
        })
        .collect()
}

/// Runs `comp calc --format csv` on a workspace folder; returns its rows or the problem.
fn run_calc(dir: &Path, period: &str) -> Result<Vec<Row>, String> {
    let output = common::comp()
        .workspace(dir)
        .args(["calc", "--period", period, "--format", "csv"])
        .current_dir(&std::env::temp_dir())
        .output();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if !output.status.success() {
        return Err(format!(
            "comp calc --period {period} exited with {}\n--- stdout\n{stdout}--- stderr\n{stderr}",
            output.status
        ));
    }
    let mut reader = csv::Reader::from_reader(stdout.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("stdout is not CSV ({e}):\n{stdout}"))?
        .clone();
    let first: Vec<&str> = headers.iter().take(HEADER.len()).collect();
    if first != HEADER {
        return Err(format!(
            "header starts with {first:?}, expected {HEADER:?}\n--- stdout\n{stdout}"
        ));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("bad CSV row ({e}):\n{stdout}"))?;
        rows.push(Row {
            payee: record[0].to_string(),
            period: record[2].to_string(),
            component: record[3].to_string(),
            payout: record[7].to_string(),
            other: headers
                .iter()
                .zip(record.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect(),
        });
    }
    Ok(rows)
}

fn show(rows: &[Row]) -> String {
    rows.iter()
        .map(|r| format!("  {},{},{},{}\n", r.payee, r.period, r.component, r.payout))
        .collect()
}

/// Checks one workspace against its expected.csv and the hand-worked per-payee totals.
/// Problems are appended to `problems` so that one run reports all of them.
fn check_case(problems: &mut Vec<String>, case: &str, period: &str, totals: &[(&str, &str)]) {
    check_case_in(problems, case, &case_dir(case), period, totals)
}

/// Like `check_case`, on the case's files in `dir` (a copy where earlier periods were closed).
fn check_case_in(
    problems: &mut Vec<String>,
    case: &str,
    dir: &Path,
    period: &str,
    totals: &[(&str, &str)],
) {
    let expected = read_expected(case);

    // The fixture itself must agree with the totals worked in the test.
    let totals: BTreeMap<&str, Decimal> = totals
        .iter()
        .map(|(p, t)| (*p, Decimal::from_str(t).expect("hand total")))
        .collect();
    for (payee, total) in &totals {
        let sum: Decimal = expected
            .iter()
            .filter(|r| r.payee == *payee)
            .map(|r| Decimal::from_str(&r.payout).expect("expected payout"))
            .sum();
        assert_eq!(
            sum, *total,
            "fixture bug in {case}/expected.csv: {payee}'s rows add up to {sum}, hand total is {total}"
        );
    }
    for row in &expected {
        assert!(
            totals.contains_key(row.payee.as_str()),
            "fixture bug: {case}/expected.csv names {} but the test gives no total for it",
            row.payee
        );
    }

    let actual = match run_calc(dir, period) {
        Ok(rows) => rows,
        Err(problem) => {
            problems.push(format!("[{case}] {problem}"));
            return;
        }
    };

    // 1. Every expected row, payout compared as text.
    for want in &expected {
        let found: Vec<&Row> = actual.iter().filter(|r| r.key() == want.key()).collect();
        match found.as_slice() {
            [got] if got.payout == want.payout => {
                for (column, value) in &want.other {
                    let actual = got.other.get(column).map_or("(no such column)", |v| v);
                    if actual != value {
                        problems.push(format!(
                            "[{case}] {} {} {}: {column} {actual}, expected {value}",
                            want.payee, want.period, want.component
                        ));
                    }
                }
            }
            [got] => problems.push(format!(
                "[{case}] {} {} {}: payout {}, expected {}",
                want.payee, want.period, want.component, got.payout, want.payout
            )),
            [] => problems.push(format!(
                "[{case}] {} {} {}: no such row (expected payout {})",
                want.payee, want.period, want.component, want.payout
            )),
            many => problems.push(format!(
                "[{case}] {} {} {}: {} rows, expected one",
                want.payee,
                want.period,
                want.component,
                many.len()
            )),
        }
    }

    // 2. Each payee's total, over all its actual rows.
    for (payee, total) in &totals {
        let mut sum = Decimal::ZERO;
        for row in actual.iter().filter(|r| r.payee == *payee) {
            match Decimal::from_str(&row.payout) {
                Ok(v) => sum += v,
                Err(e) => problems.push(format!(
                    "[{case}] {payee} {}: payout {:?} is not a decimal ({e})",
                    row.component, row.payout
                )),
            }
        }
        if sum != *total {
            problems.push(format!(
                "[{case}] {payee}: total paid {sum}, expected {total}"
            ));
        }
    }
    for row in &actual {
        if !totals.contains_key(row.payee.as_str()) {
            problems.push(format!(
                "[{case}] unexpected payee {:?} (row {},{},{})",
                row.payee, row.period, row.component, row.payout
            ));
        }
    }

    // 3. Order: by payee id, then as in expected.csv (plan_cap rows left out).
    let payees: Vec<&str> = actual.iter().map(|r| r.payee.as_str()).collect();
    if payees.windows(2).any(|w| w[0] > w[1]) {
        problems.push(format!(
            "[{case}] rows are not sorted by payee id:\n{}",
            show(&actual)
        ));
    }
    let order = |rows: &[Row]| -> Vec<(String, String, String)> {
        let keys: Vec<_> = expected
            .iter()
            .filter(|r| r.component != "plan_cap")
            .map(Row::key)
            .collect();
        rows.iter()
            .map(Row::key)
            .filter(|k| keys.contains(k))
            .collect()
    };
    if order(&actual) != order(&expected) {
        problems.push(format!(
            "[{case}] rows are not in the expected order\n actual:\n{} expected:\n{}",
            show(&actual),
            show(&expected)
        ));
    }
}

/// A copy of a case's files in a temporary folder, for runs that write a ledger.
fn copy_case(case: &str) -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        fs::create_dir_all(to).unwrap();
        for entry in fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &target);
            } else {
                fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    copy(&case_dir(case), dir.path());
    dir
}

/// `comp close --period <period> --closed-on <on>` on a workspace folder; panics if it fails.
fn close(dir: &Path, period: &str, on: &str) {
    let output = common::comp()
        .workspace(dir)
        .args(["close", "--period", period, "--closed-on", on])
        .output();
    assert!(
        output.status.success(),
        "comp close --period {period} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Runs a case as it stands, then again in a copy after closing `closes` in order: the statements of
/// closed periods are read from the ledger and later ones true up against it, so the payouts
/// must be the same both ways.
fn check_case_and_after_closes(
    problems: &mut Vec<String>,
    case: &str,
    period: &str,
    closes: &[&str],
    totals: &[(&str, &str)],
) {
    check_case(problems, case, period, totals);
    let copy = copy_case(case);
    for p in closes {
        close(copy.path(), p, "2024-12-31");
    }
    let mut after = Vec::new();
    check_case_in(&mut after, case, copy.path(), period, totals);
    problems.extend(
        after
            .into_iter()
            .map(|p| format!("(after closing {}) {p}", closes.join(", "))),
    );
}

fn finish(problems: Vec<String>) {
    if !problems.is_empty() {
        panic!("{} problem(s):\n{}", problems.len(), problems.join("\n"));
    }
}

fn read(case: &str, file: &str) -> Vec<u8> {
    let path = case_dir(case).join(file);
    fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// W1: CSM gross-retention curve, GRR given as a ratio value, quarterly TI 3,000.00 (annual 12,000),
/// weight 100%, so the component's TI for 2024-Q1 is 12,000 x 3/12 = 3,000.00.
/// Points (80,0) (80,1) (85,50) (90,100) (95,200) (100,300), linear between points.
#[test]
fn w01_grr_curve() {
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "w01_grr_curve",
        "2024-Q1",
        &[
            // GRR 0.87 -> 87: 50 + (87-85)/(90-85) x (100-50) = 70% x 3,000.00 = 2,100.00
            // (its 2023-Q4 row, 0.95, is outside the period)
            ("csm-01", "2100.00"),
            // GRR 0.82 -> 82: 1 + (82-80)/(85-80) x (50-1) = 1 + 19.6 = 20.6% x 3,000.00 = 618.00
            ("csm-02", "618.00"),
            // GRR 0.925 -> 92.5: 100 + (92.5-90)/(95-90) x (200-100) = 150% x 3,000.00 = 4,500.00
            ("csm-03", "4500.00"),
            // GRR 0.7999 -> 79.99: below the first point (80, 0) -> 0% -> 0.00
            ("csm-04", "0.00"),
            // GRR 0.80 -> exactly 80: the later point of the jump holds, 1% x 3,000.00 = 30.00
            ("csm-05", "30.00"),
            // GRR 1.00 -> 100: 300% x 3,000.00 = 9,000.00 (its 2024-Q2 row, 0.91, is outside)
            ("csm-06", "9000.00"),
        ],
    );
    finish(problems);
}

/// W5: quota 100,000 for 2024-Q1; bands [0,100%) 6%, [100%,150%) 8%, [150%,...) 10%, per period.
#[test]
fn w05_graduated_vs_retroactive() {
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "w05_graduated_vs_retroactive",
        "2024-Q1",
        &[
            // graduated, bookings 45,000 + 40,000 + 25,000 (on 2024-03-31, inclusive) = 110,000
            // (the 30,000 deal of 2024-04-01 is in Q2): attainment 110%
            // 100,000 x 6% + 10,000 x 8% = 6,000 + 800 = 6,800.00
            ("ae-01", "6800.00"),
            // retroactive, bookings 60,000 (2024-01-01, inclusive) + 50,000 = 110,000
            // (the 20,000 deal of 2023-12-29 is outside): 110% is in [100,150) -> 110,000 x 8% = 8,800.00
            ("ae-02", "8800.00"),
            // graduated, bookings 80,000 + 70,000 = 150,000, attainment exactly 150%:
            // 100,000 x 6% + 50,000 x 8% + 0 x 10% = 6,000 + 4,000 = 10,000.00
            ("ae-03", "10000.00"),
            // retroactive, bookings 100,000 + 50,000 = 150,000: 150% is the lower bound of the
            // last band (bands are [from, to)) -> 150,000 x 10% = 15,000.00
            ("ae-04", "15000.00"),
        ],
    );
    finish(problems);
}

/// W6: OTE = base + TI; rate "ti/target" = the component's annual TI / the annual quota.
/// French export (';', decimal comma, space thousands, dd/mm/yyyy), only won deals count.
#[test]
fn w06_ote_rate_french_export() {
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "w06_ote_rate_fr",
        "2024",
        &[
            // TI 20,000 (weight 100%) / quota 500,000 = 4%;
            // bookings 210 000,00 + 90 000,00 = 300,000 -> 8,400.00 + 3,600.00 = 12,000.00
            ("ae-lyon", "12000.00"),
            // base 70,000 + TI 30,000 = OTE 100,000; TI 30,000 / quota 600,000 = 5%;
            // won 2024 deals 120,000 + 95,000 + 150,000 + 85,000 (31/12/2024, inclusive) = 450,000
            // (31/12/2023 and 01/01/2025 are outside 2024, the 200,000 "Perdue" deal is filtered out)
            // per record: 6,000.00 + 4,750.00 + 7,500.00 + 4,250.00 = 22,500.00 = 450,000 x 5%
            ("ae-paris", "22500.00"),
        ],
    );
    finish(problems);
}

/// W10: a 100,000 deal split 60/40 on a 10% commission. The format has no split yet, so the
/// fixture gives the deal as two rows (OPP-1042-A, 60,000 to ae-01; OPP-1042-B, 40,000 to ae-02).
#[test]
fn w10_split_as_two_rows() {
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "w10_split_as_two_rows",
        "2024-Q1",
        &[
            // 60,000 x 10% = 6,000.00
            ("ae-01", "6000.00"),
            // 40,000 x 10% = 4,000.00
            ("ae-02", "4000.00"),
        ],
    );
    finish(problems);
}

/// W11: the same deals under the old plan (150.00 per new customer) and the new one (8% of new ARR
/// plus 4% of expansion ARR). Rep A: 10 new customers, 30,000 new ARR, 20,000 expansion (12,000
/// and 8,000). Rep B: 20 new customers, 24,000 new ARR, no expansion (one 5,000 renewal, paid by neither).
#[test]
fn w11_count_to_arr() {
    for file in ["data/deals.csv", "data/roster.csv"] {
        assert_eq!(
            read("w11_old_per_customer", file),
            read("w11_new_arr", file),
            "W11 workspaces must share identical data: {file} differs"
        );
    }
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "w11_old_per_customer",
        "2024-Q1",
        &[
            // 10 new customers x 150.00 = 1,500.00
            ("rep-a", "1500.00"),
            // 20 new customers x 150.00 = 3,000.00
            ("rep-b", "3000.00"),
        ],
    );
    check_case(
        &mut problems,
        "w11_new_arr",
        "2024-Q1",
        &[
            // 30,000 x 8% + 20,000 x 4% = 2,400.00 + 800.00 = 3,200.00
            ("rep-a", "3200.00"),
            // 24,000 x 8% + 0 x 4% = 1,920.00 + 0.00 = 1,920.00
            ("rep-b", "1920.00"),
        ],
    );
    finish(problems);
}

/// W13: 10% per record of 1,000.05 = 100.005 per line; each line is rounded, then summed.
/// The two workspaces differ only by `rounding`.
#[test]
fn w13_rounding() {
    let away = String::from_utf8(read("w13_half_away", "comp.toml")).unwrap();
    let even = String::from_utf8(read("w13_half_even", "comp.toml")).unwrap();
    assert_eq!(
        away.replace(
            "rounding = \"half-away-from-zero\"",
            "rounding = \"half-even\""
        ),
        even,
        "W13 workspaces must differ only by their rounding line"
    );
    for file in [
        "plans/ae-commission.toml",
        "data/deals.csv",
        "data/roster.csv",
    ] {
        assert_eq!(
            read("w13_half_away", file),
            read("w13_half_even", file),
            "W13 workspaces must share {file}"
        );
    }
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "w13_half_away",
        "2024-Q1",
        &[
            // 100.005 -> 100.01 (half away from zero), three deals: 3 x 100.01 = 300.03
            ("ae-01", "300.03"),
            // two deals and a credit note of -1,000.05: 100.01 + 100.01 + (-100.005 -> -100.01)
            // = 100.01
            ("ae-02", "100.01"),
        ],
    );
    check_case(
        &mut problems,
        "w13_half_even",
        "2024-Q1",
        &[
            // 100.005 -> 100.00 (half even), three deals: 3 x 100.00 = 300.00
            ("ae-01", "300.00"),
            // 100.00 + 100.00 + (-100.005 -> -100.00) = 100.00
            ("ae-02", "100.00"),
        ],
    );
    finish(problems);
}

/// Caps (own case). Annual TI 40,000 -> 10,000.00 for 2024-Q1.
/// bookings: 10% of new + expansion ARR per period, weight 60% (TI 6,000.00), cap 200% -> 12,000.00.
/// logos: curve (0,0) (100,100) (200,300) on distinct new customers / quota 4 for the quarter
/// (cap-02 and cap-04 have an annual quota of 16: 16 x 3/12 = 4), weight 40% (TI 4,000.00).
/// Plan cap 150% of 10,000.00 = 15,000.00, applied to the sum of the (component-capped) components;
/// the cut is a negative `plan_cap` row.
#[test]
fn caps_component_and_plan() {
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "caps_component_and_plan",
        "2024-Q1",
        &[
            // bookings: 150,000 x 10% = 15,000.00, over the 12,000.00 cap -> 12,000.00
            // logos: 6 distinct new customers (Brasserie Lumière twice) / 4 = 150%
            //   -> 100 + (150-100)/(200-100) x (300-100) = 200% x 4,000.00 = 8,000.00
            // 12,000.00 + 8,000.00 = 20,000.00 > 15,000.00 -> plan_cap -5,000.00
            // total 12,000.00 + 8,000.00 - 5,000.00 = 15,000.00
            ("cap-01", "15000.00"),
            // bookings: (30,000 + 20,000) x 10% = 5,000.00 (the 40,000 renewal is not in arr)
            // logos: 2 / 4 = 50% -> 50% x 4,000.00 = 2,000.00
            // total 7,000.00, under the plan cap: no cut
            ("cap-02", "7000.00"),
            // bookings: (20,000 new + 60,000 + 50,000 expansion) x 10% = 13,000.00 -> cap 12,000.00
            // logos: 1 / 4 = 25% -> 25% x 4,000.00 = 1,000.00
            // total 13,000.00, under the plan cap: no cut
            ("cap-03", "13000.00"),
            // bookings: (100,000 new + 10,000 expansion) x 10% = 11,000.00, under its cap
            // logos: 5 / 4 = 125% -> 100 + 25/100 x 200 = 150% x 4,000.00 = 6,000.00
            // 11,000.00 + 6,000.00 = 17,000.00 > 15,000.00 -> plan_cap -2,000.00
            // total 11,000.00 + 6,000.00 - 2,000.00 = 15,000.00
            ("cap-04", "15000.00"),
        ],
    );
    finish(problems);
}

/// W7: year-to-date true-up. Annual TI 24,000 paid quarterly (6,000.00 a quarter, weight 100%),
/// quarterly quota 100,000, `basis = "ytd"`, curve (0,0) (100,100) extended at the same slope, cap
/// 150% of the component's TI to date. Payable = earned to date - paid to date.
/// Run over the whole year, then again after closing Q1 (2024-03) and Q2 (2024-06) into the ledger:
/// paid to date then comes from the ledger, and the figures must not move.
#[test]
fn w07_ytd_true_up() {
    let mut problems = Vec::new();
    check_case_and_after_closes(
        &mut problems,
        "w07_ytd_true_up",
        "2024",
        &["2024-03", "2024-06"],
        &[
            // Q1: 30,000 + 50,000 (2024-03-31, inclusive) = 80,000 / 100,000 = 80%
            //   -> 80% x 6,000.00 = 4,800.00 earned to date, nothing paid yet -> 4,800.00
            // Q2: 90,000 (2024-04-01) + 50,000 = 140,000; YTD 220,000 / 200,000 = 110%
            //   -> 110% x 12,000.00 (TI to date) = 13,200.00 (under the cap 150% x 12,000 = 18,000)
            //   -> 13,200.00 - 4,800.00 paid = 8,400.00
            // Q3: no bookings; YTD 220,000 / 300,000 = 73.33...% x 18,000.00 = 13,200.00
            //   -> 13,200.00 - 13,200.00 = 0.00
            // Q4: no bookings; YTD 220,000 / 400,000 = 55% x 24,000.00 = 13,200.00 -> 0.00
            // total 4,800.00 + 8,400.00 + 0.00 + 0.00 = 13,200.00
            ("ae-01", "13200.00"),
            // the cap on a year-to-date basis is 150% of the TI to date:
            // Q1: 200,000 / 100,000 = 200% -> 12,000.00, capped at 150% x 6,000.00 = 9,000.00
            // Q2: no bookings; YTD 200,000 / 200,000 = 100% x 12,000.00 = 12,000.00 (cap 18,000.00)
            //   -> 12,000.00 - 9,000.00 = 3,000.00: what the Q1 cap held back is paid once the
            //   year to date is under the cap
            // Q3: 66.67% x 18,000.00 = 12,000.00 -> 0.00; Q4: 50% x 24,000.00 = 12,000.00 -> 0.00
            // total 9,000.00 + 3,000.00 = 12,000.00
            ("ae-02", "12000.00"),
        ],
    );
    finish(problems);
}

/// Regression: on a ytd basis the first period's `paid_to_date` was written `0` (an unscaled zero)
/// where every other money column has the currency's decimals (`0.00`).
#[test]
fn ytd_paid_to_date_of_nothing_paid_has_the_currency_decimals() {
    let rows = run_calc(&case_dir("w07_ytd_true_up"), "2024-Q1").unwrap();
    let paid: Vec<&str> = rows
        .iter()
        .map(|r| r.other["paid_to_date"].as_str())
        .collect();
    assert_eq!(paid, ["0.00", "0.00"]);
}

/// W8: clawback. 10% of each deal's ARR per record, monthly, `[clawback]` window 90 days on the
/// `cancelled_on` column. Each payee has a deal closed 2024-01-20 with ARR 12,000 -> January
/// 12,000 x 10% = 1,200.00. Run over 2024-H1 (one statement per month), then again after closing
/// January and February: the clawback is what January paid for the record, read back the same.
#[test]
fn w08_clawback() {
    let mut problems = Vec::new();
    check_case_and_after_closes(
        &mut problems,
        "w08_clawback",
        "2024-H1",
        &["2024-01", "2024-02"],
        &[
            // cancelled 2024-03-05: 11 days (Jan 21..31) + 29 (Feb) + 5 = 45 days <= 90
            //   -> March clawback -1,200.00; the January line is not restated.
            // its February deal, 5,000 never cancelled -> 500.00
            // 1,200.00 + 500.00 - 1,200.00 = 500.00
            ("ae-01", "500.00"),
            // cancelled 2024-06-01: 11 + 29 + 31 + 30 + 31 + 1 = 133 days > 90 -> no clawback
            ("ae-02", "1200.00"),
            // cancelled 2024-04-19: 11 + 29 + 31 + 19 = exactly 90 days, within the window
            //   -> April clawback -1,200.00; 1,200.00 - 1,200.00 = 0.00
            ("ae-03", "0.00"),
            // cancelled 2024-04-20: 91 days, outside the window -> no clawback
            ("ae-04", "1200.00"),
        ],
    );
    finish(problems);
}

/// W9: a non-recoverable draw of 5,000.00 a month for the payee's first three months (start
/// 2024-01-01), 10% commission per deal. Run over 2024-H1, then again after closing Jan..Mar.
#[test]
fn w09_non_recoverable_draw() {
    let mut problems = Vec::new();
    check_case_and_after_closes(
        &mut problems,
        "w09_non_recoverable_draw",
        "2024-H1",
        &["2024-01", "2024-02", "2024-03"],
        &[
            // January: (20,000 + 12,000) x 10% = 3,200.00 earned, under the draw
            //   -> draw_topup 5,000.00 - 3,200.00 = 1,800.00, paid 5,000.00 (never owed back)
            // February: 60,000 x 10% = 6,000.00, above the draw: no top-up, and no recovery of
            //   January's 1,800.00 since the draw is non-recoverable -> 6,000.00
            // March (third month of the draw): nothing earned -> top-up 5,000.00
            // April (draw over): 10,000 x 10% = 1,000.00, paid as earned; May, June 0.00
            // 5,000.00 + 6,000.00 + 5,000.00 + 1,000.00 = 17,000.00
            ("ae-01", "17000.00"),
        ],
    );
    finish(problems);
}

/// Issue #4: a recoverable draw of 2,000.00 a month for the first three months (both payees start
/// 2024-01-01), 10% commission per deal; top-ups become a balance recovered from earnings above the
/// draw during its months, and from any earning after them. Run over 2024-H1, then again after
/// closing Jan..Apr: the balance is then rebuilt from the ledger's draw rows.
#[test]
fn recoverable_draw_three_periods() {
    let mut problems = Vec::new();
    check_case_and_after_closes(
        &mut problems,
        "recoverable_draw_three_periods",
        "2024-H1",
        &["2024-01", "2024-02", "2024-03", "2024-04"],
        &[
            // earned 1,500 / 2,375 / 3,000 against a 2,000 draw:
            // Jan: 15,000 x 10% = 1,500.00 -> top-up 500.00, paid 2,000.00, balance 500.00
            // Feb: (20,000 + 3,750) x 10% = 2,375.00; 375.00 above the draw recovers 375.00
            //   -> paid 2,000.00, balance 125.00
            // Mar: 30,000 x 10% = 3,000.00; recovers the last 125.00 -> paid 2,875.00, balance 0.00
            // Apr: 10,000 x 10% = 1,000.00, nothing owed -> 1,000.00; May, June 0.00
            // 2,000.00 + 2,000.00 + 2,875.00 + 1,000.00 = 7,875.00
            ("ae-01", "7875.00"),
            // Jan, Feb: nothing earned -> top-ups 2,000.00 + 2,000.00, balance 4,000.00
            // Mar: 25,000 x 10% = 2,500.00; recovers 500.00 (above the draw) -> paid 2,000.00,
            //   balance 3,500.00
            // Apr (after the draw's months): 10,000 x 10% = 1,000.00, all of it recovered -> 0.00,
            //   balance 2,500.00 still owed
            // 2,000.00 + 2,000.00 + 2,000.00 + 0.00 = 6,000.00
            ("ae-02", "6000.00"),
        ],
    );
    finish(problems);
}

/// Rule 13: proration. Monthly bonus, curve (0,0) (100,100) extended, weight 100%; annual TI 24,000
/// -> 2,000.00 a month; annual quota 1,200,000 -> 100,000 a month. June 2024 has 30 days.
#[test]
fn proration_start_and_leave() {
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "proration_start_and_leave",
        "2024-06",
        &[
            // starts 2024-06-16: employed 16..30 June = 15 of 30 days, factor 0.5
            // TI 2,000.00 x 0.5 = 1,000.00; target 100,000 x 0.5 = 50,000
            // bookings 15,000 + 25,000 = 40,000 (the 2024-06-10 deal is before the start: excluded)
            // 40,000 / 50,000 = 80% -> 80% x 1,000.00 = 800.00
            ("ae-01", "800.00"),
            // leaves 2024-06-10: employed 1..10 June = 10 of 30 days, factor 1/3
            // TI 2,000.00 / 3 = 666.666...; target 100,000 / 3 = 33,333.333...
            // bookings 50,000 (the 2024-06-11 deal is after the leave: excluded)
            // 50,000 / 33,333.33... = 150% -> 150% x 666.666... = 1,000.00 (exact: no rounding of
            // the factor, the TI or the target before the line)
            ("ae-02", "1000.00"),
            // employed all month: factor 1, 100,000 / 100,000 = 100% x 2,000.00 = 2,000.00
            ("ae-03", "2000.00"),
        ],
    );
    finish(problems);
}

/// Rule 19 (issue 15, section 2): a collective's attainment is the collective's; proration applies
/// to the member's TI. Q1 2024 has 31 + 29 + 31 = 91 days. Team North: m-01 (all quarter, D-1
/// 200,000 on 2024-01-20) and m-02 (from 2024-02-15, D-2 67,600 on 2024-03-10); both report to
/// mgr-01, who also starts on 2024-02-15. Team sales = the reports' sales = 267,600; quota 280,000
/// for Q1; annual TI 4,000 -> Q1 TI 1,000.00; curve (0%, 0%) -> (100%, 100%), linear.
#[test]
fn collective_attainment_is_the_teams_for_a_part_time_member() {
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "collective_part_time_member",
        "2024-Q1",
        &[
            // all quarter: 267,600 / 280,000 = 95.5714...% x 1,000.00 = 955.714... -> 955.71
            ("m-01", "955.71"),
            // 15 Feb..31 Mar = 15 + 31 = 46 of 91 days. The target stays 280,000 (the team's), so
            // attainment is the same 95.5714...%, and the TI is prorated:
            // 267,600 / 280,000 x 1,000.00 x 46/91 = 12,309,600,000 / 25,480,000 = 483.108... -> 483.11
            // (before the fix: target 280,000 x 46/91 = 141,538.46, attainment 189%)
            ("m-02", "483.11"),
            // a manager's reports are a collective too: the same 95.5714...% x 1,000.00 x 46/91
            ("mgr-01", "483.11"),
        ],
    );
    finish(problems);
}

/// Pools (issue 15, section 2; rules 19 and 22): 4,000.00 a quarter shared by team North's four
/// payees on the plan; Q1 2023 has 31 + 28 + 31 = 90 days; p-04 starts on 2023-02-15, so is employed
/// 14 + 31 = 45 days. p-05 is alone in team South: a team's pool is its own team's.
#[test]
fn pool_split_equal_and_by_days() {
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "pool_equal_and_days",
        "2023-Q1",
        &[
            // equal: the four are in post on 31 March: 4,000 / 4 = 1,000.00 each
            // days: 90 + 90 + 90 + 45 = 315 days; 4,000 x 90 / 315 = 1,142.857... -> 1,142.86
            ("p-01", "2142.86"),
            ("p-02", "2142.86"),
            ("p-03", "2142.86"),
            // days: 4,000 x 45 / 315 = 571.428... -> 571.43, but 3 x 1,142.86 + 571.43 = 4,000.01:
            // the last member by payee id takes the remainder, 4,000.00 - 3,428.58 = 571.42
            ("p-04", "1571.42"),
            // alone in South: the whole pool both ways
            ("p-05", "8000.00"),
        ],
    );
    finish(problems);
}

/// A company-wide collective with one target (issue 15, section 2): `over = "company"` on a record
/// measure reads every payee's credited deals, and its target is one quota row for payee `*`.
/// Q1 2024: 91 days. Deals: ae-01 200,000 + 100,000, c-01 100,000, c-03 50,000 (on 2024-03-15,
/// after c-03's start) = 450,000 of 500,000 = 90%. Annual TI 4,000 -> Q1 TI 1,000.00; curve linear
/// from (0%, 0%) to (100%, 100%).
#[test]
fn company_collective_with_one_target() {
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "company_collective_one_target",
        "2024-Q1",
        &[
            // on their own plan: 10% of 300,000 = 30,000.00; their deals count for the company too
            ("ae-01", "30000.00"),
            // 90% x 1,000.00 = 900.00
            ("c-01", "900.00"),
            ("c-02", "900.00"),
            // from 2024-03-01: 31 of 91 days; the company's target is not prorated (rule 19):
            // 90% x 1,000.00 x 31/91 = 27,900 / 91 = 306.593... -> 306.59
            ("c-03", "306.59"),
        ],
    );
    finish(problems);
}

/// The same company, its target written once in comp.toml (`[targets] company_arr = { "2024-Q1" =
/// 500000 }`) with no quotas file: the same hand-worked payouts as above.
#[test]
fn company_target_written_in_the_workspace() {
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "company_target_in_workspace",
        "2024-Q1",
        &[
            // 10% of 300,000 = 30,000.00
            ("ae-01", "30000.00"),
            // company ARR 450,000 of 500,000 = 90% x 1,000.00 = 900.00
            ("c-01", "900.00"),
            ("c-02", "900.00"),
            // 90% x 1,000.00 x 31/91 = 306.593... -> 306.59
            ("c-03", "306.59"),
        ],
    );
    finish(problems);
}

/// Effective-dated assignments (issue 15, section 1; rule 20): the roster lists a payee on several
/// rows with non-overlapping dates, and a period that spans a change gives one statement per
/// assignment, each prorated by its days. Both plans: quarterly, curve (0%, 0%) -> (100%, 100%)
/// flat beyond, weight 100%. ae-arr: TI 40,000 -> 10,000.00 a quarter; ae-enterprise: TI 60,000 ->
/// 15,000.00 a quarter. A record is credited to the assignment in force on its date. Run over the
/// year, then again after closing Q1..Q3: the ledger keeps each plan's rows apart.
#[test]
fn assignments_a_plan_change_mid_year() {
    let mut problems = Vec::new();
    check_case_and_after_closes(
        &mut problems,
        "assignments_plan_change",
        "2024",
        &["2024-Q1", "2024-Q2", "2024-Q3"],
        &[
            // ae-01 moves on 2024-07-01: H1 on ae-arr, H2 on ae-enterprise, Q3 not prorated.
            // Q1 80,000 / 100,000 = 80% x 10,000.00 = 8,000.00; Q2 100% = 10,000.00;
            // Q3 150,000 / 150,000 = 100% x 15,000.00 = 15,000.00; Q4 75,000 / 150,000 = 50% =
            // 7,500.00. Total 8,000 + 10,000 + 15,000 + 7,500 = 40,500.00
            ("ae-01", "40500.00"),
            // ae-02 moves on 2024-08-16: Q3 (31 + 31 + 30 = 92 days) has two statements.
            // ae-arr 1 July..15 August = 31 + 15 = 46 days: factor 46/92 = 0.5, TI 10,000 x 0.5 =
            // 5,000.00, target 100,000 x 0.5 = 50,000; D-7 40,000 -> 80% x 5,000.00 = 4,000.00.
            // ae-enterprise 16 August..30 September = 16 + 30 = 46 days: factor 0.5, TI 15,000 x
            // 0.5 = 7,500.00, target 150,000 x 0.5 = 75,000; D-8 60,000 -> 80% x 7,500.00 = 6,000.00.
            // Q1 50% x 10,000.00 = 5,000.00; Q2 100% = 10,000.00; Q4 100% x 15,000.00 = 15,000.00.
            // Total 5,000 + 10,000 + 4,000 + 6,000 + 15,000 = 40,000.00
            ("ae-02", "40000.00"),
            // ae-03 joins ae-arr on 2024-07-01 and gets a raise on the same plan on 2024-08-16
            // (TI 40,000 -> 60,000): one statement per period on one plan (ytd, draws and the
            // ledger are per payee and plan), its TI each assignment's for its days:
            // 10,000 x 46/92 + 15,000 x 46/92 = 5,000 + 7,500 = 12,500.00, factor 1; the H2 quota
            // 200,000 gives 100,000 for Q3; D-10 100,000 -> 100% x 12,500.00 = 12,500.00.
            // Q4: no deal, 0% of 15,000.00 = 0.00
            ("ae-03", "12500.00"),
        ],
    );
    finish(problems);
}

/// The seeds' "team NRR bonus over 120%" (issue 15): W2/W3's plan (see
/// `w02_w03_cs_upsell_with_team_nrr_kicker` for the NRR of each team) plus a pool of 3,000.00 a
/// quarter on the team's NRR, `split = "equal"`, gated on NRR >= 120%.
#[test]
fn team_nrr_pool_over_120_percent() {
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "team_nrr_pool",
        "2024-Q1",
        &[
            // CS Paris: NRR 120% (the gate includes its bound, rule 21); two members in post on
            // 31 March: 3,000.00 / 2 = 1,500.00 each. cs-01: 2,000.00 + 1,000.00 + 1,500.00
            ("cs-01", "4500.00"),
            // cs-02: 4,200.00 + 600.00 + 1,500.00
            ("cs-02", "6300.00"),
            // CS Lyon: NRR 119.5% < 120%: the gate is closed for both members, 0.00
            ("cs-03", "2000.00"),
            ("cs-04", "0.00"),
        ],
    );
    finish(problems);
}

/// A component on its own frequency (issue 15, section 3): a quarterly 10% commission plus an annual
/// bonus (`frequency = "year"`, weight 100%, curve (0,0) (100,100) (150,200)) paid with Q4 over the
/// whole year. TI 20,000 a year, annual quota 400,000 (100,000 a quarter). Run over the year, then
/// after closing Q1..Q3: Q1..Q3 have no bonus line, so nothing of it was paid before Q4.
#[test]
fn an_annual_bonus_in_a_quarterly_plan() {
    let mut problems = Vec::new();
    check_case_and_after_closes(
        &mut problems,
        "component_year_in_quarterly_plan",
        "2024",
        &["2024-Q1", "2024-Q2", "2024-Q3"],
        &[
            // commission: 10% of 100,000, 50,000, 150,000, 120,000 = 10,000 + 5,000 + 15,000 +
            // 12,000 = 42,000.00; bonus over the year: 420,000 / 400,000 = 105% -> 110% of the
            // year's TI 20,000.00 = 22,000.00 (in Q4). 42,000 + 22,000 = 64,000.00
            ("ae-01", "64000.00"),
            // from 2024-07-01: commission 8,000.00 (Q3) + 10,000.00 (Q4). The year's TI is Q3's
            // and Q4's, 5,000 + 5,000 = 10,000.00; its target 100,000 + 100,000 = 200,000 (Q1 and
            // Q2 prorated to 0); 180,000 / 200,000 = 90% -> 9,000.00. 18,000 + 9,000 = 27,000.00
            ("ae-02", "27000.00"),
        ],
    );
    finish(problems);
}

/// A gate on the year's own quota in a quarterly plan (issue 15, section 3): 8% of each quarter's
/// new ARR, plus an accelerator of 4% more gated on the year-to-date new ARR against the annual quota
/// of 400,000 (`gate = { on = "new_arr", over = "ytd", attainment = { at_least = "100%" } }`). The
/// quarter in which the year is met pays the accelerator on its whole new ARR, and every later
/// quarter on its own (the documented choice). Run over the year, then after closing Q1..Q3.
#[test]
fn an_accelerator_once_the_annual_quota_is_met() {
    let mut problems = Vec::new();
    check_case_and_after_closes(
        &mut problems,
        "gate_on_the_annual_quota",
        "2024",
        &["2024-Q1", "2024-Q2", "2024-Q3"],
        &[
            // commission: 8% of 100,000 + 150,000 + 200,000 + 50,000 = 8,000 + 12,000 + 16,000
            // + 4,000 = 40,000.00.
            // accelerator: Q1 year to date 100,000 / 400,000 = 25%, closed; Q2 250,000 = 62.5%,
            // closed; Q3 450,000 = 112.5%, open: 4% x 200,000 = 8,000.00; Q4 500,000 = 125%:
            // 4% x 50,000 = 2,000.00. 40,000 + 8,000 + 2,000 = 50,000.00
            ("ae-01", "50000.00"),
        ],
    );
    finish(problems);
}

/// Rule 20 with a KPI: W1 from customer data (see `w01_grr_from_customer_data`), csm-01 moving from
/// CS Europe to CS Nord on the same plan on 2024-02-16. Their two assignments are one payee on one
/// plan with one portfolio: GRR over its 3 customers (start MRR 50,000), not over each customer
/// twice. TI 12,000 in both rows: 3,000 x 46/91 (1 January..15 February) + 3,000 x 45/91
/// (16 February..31 March) = 3,000.00, factor 91/91 = 1.
#[test]
fn assignments_on_one_plan_read_the_portfolio_once() {
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "assignments_kpi_portfolio",
        "2024-Q1",
        &[
            // GRR = (50,000 - 4,000 - 2,500) / 50,000 = 87% -> 70% x 3,000.00 = 2,100.00
            ("csm-01", "2100.00"),
            ("csm-02", "618.00"),
            ("csm-03", "4500.00"),
            ("csm-04", "0.00"),
            ("csm-05", "30.00"),
            ("csm-06", "9000.00"),
            ("csm-07", "0.00"),
        ],
    );
    finish(problems);
}

/// Negative payables: the same deals and credit note under `negative = "carry"` (ae-01) and
/// `negative = "pay"` (ae-02), 10% commission per record, monthly. Run over 2024-H1, then again
/// after closing Jan..Mar: the carried balance is then rebuilt from the ledger's carry rows.
#[test]
fn negative_carry_forward() {
    let mut problems = Vec::new();
    check_case_and_after_closes(
        &mut problems,
        "negative_carry_forward",
        "2024-H1",
        &["2024-01", "2024-02", "2024-03"],
        &[
            // Jan: 10,000 x 10% = 1,000.00
            // Feb: credit note -5,000 x 10% = -500.00; carried: carry_forward +500.00, paid 0.00,
            //   balance 500.00
            // Mar: 3,000 x 10% = 300.00, all recovered: carried_balance -300.00, paid 0.00,
            //   balance 200.00
            // Apr: 8,000 x 10% = 800.00; carried_balance -200.00 -> paid 600.00, balance 0.00
            // 1,000.00 + 0.00 + 0.00 + 600.00 = 1,600.00
            ("ae-01", "1600.00"),
            // paid as computed: 1,000.00 - 500.00 + 300.00 + 800.00 = 1,600.00, February negative
            ("ae-02", "1600.00"),
        ],
    );
    finish(problems);
}

/// Regression (rule 14): a clawback read only the `window_days` before the period, so a record of a
/// graduated table paid per record was re-priced without the records before it in its own period.
/// Bands on the amount: [0, 10,000) 5%, [10,000, ...) 10%, graduated, per record; window 30 days.
#[test]
fn clawback_of_a_graduated_record_reads_its_whole_period() {
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "clawback_graduated_per_record",
        "2024-02",
        &[
            // January: D-1 (2024-01-01) 10,000 fills the first band: 10,000 x 5% = 500.00;
            // D-2 (2024-01-31) 10,000 is all in the second band: 10,000 x 10% = 1,000.00.
            // D-2 cancelled 2024-02-15, 15 days later, within 30: February clawback -1,000.00
            // (not -500.00, which is D-2 priced as if D-1, 30 days before February, did not exist).
            // February has no deals: commission 0.00. Total -1,000.00.
            ("ae-01", "-1000.00"),
        ],
    );
    finish(problems);
}

/// W1 from customer data: each CSM's GRR is computed from the MRR movements of the customers whose
/// CSM they are (rule 16), then read on the W1 curve. Quarterly TI 12,000 x 3/12 = 3,000.00.
/// Start MRR = the sum of a customer's movements dated before 2024-01-01 (kinds set the sign; the
/// sign written in the file does not matter); only customers with MRR at the start are in the base.
#[test]
fn w01_grr_from_customer_data() {
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "w01_grr_from_customers",
        "2024-Q1",
        &[
            // start: C-A 28,000 + 2,000 = 30,000, C-B 16,000, C-C 4,000 = 50,000
            // Q1: C-C churn 4,000 (2024-02-29), C-A contraction 2,500 (written -2500, 2024-03-31)
            // C-D is new in Q1 (not in the base), C-A's churn of 2024-04-01 is in Q2
            // GRR = (50,000 - 4,000 - 2,500) / 50,000 = 43,500 / 50,000 = 87% -> 70% x 3,000 = 2,100.00
            ("csm-01", "2100.00"),
            // start C-E 10,000; contraction 1,800; the 5,000 expansion does not count in GRR
            // GRR = 8,200 / 10,000 = 82% -> 20.6% x 3,000 = 618.00
            ("csm-02", "618.00"),
            // start C-F 20,000 + C-G (20,000 - 1,000 + 1,000) = 40,000; C-G contraction 3,000 on
            // 2024-01-01 (inclusive) -> 37,000 / 40,000 = 92.5% -> 150% x 3,000 = 4,500.00
            ("csm-03", "4500.00"),
            // start C-H 10,000; contraction 2,001 -> 7,999 / 10,000 = 79.99% -> 0.00
            ("csm-04", "0.00"),
            // start C-I 20,000 + C-J 5,000 = 25,000; C-J churns 5,000 -> 20,000 / 25,000 = 80%
            // -> the later point of the jump, 1% x 3,000 = 30.00
            ("csm-05", "30.00"),
            // start C-K 8,000; expansion 2,000 only: GRR = 8,000 / 8,000 = 100% -> 300% = 9,000.00
            ("csm-06", "9000.00"),
            // no customer: GRR has no value (zero denominator), the plan says nothing -> pays 0.00
            ("csm-07", "0.00"),
        ],
    );
    finish(problems);
}

/// W2 and W3: 10% of each upsell or renewal ARR (per record), plus a kicker of 5% of the member's
/// own upsell ARR when their team's NRR is at least 120%. Team NRR is computed over the customers of
/// every CSM of the team (roster `team` column, rule 11) from their MRR movements.
#[test]
fn w02_w03_cs_upsell_with_team_nrr_kicker() {
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "w02_w03_cs_upsell_kicker",
        "2024-Q1",
        &[
            // CS Paris: start MRR T1 110,000 + T2 84,000 + T3 6,000 = 200,000; Q1: T3 churn 6,000,
            // T2 contraction 4,000, expansion T1 30,000 + T2 20,000 = 50,000
            // NRR = (200,000 - 6,000 - 4,000 + 50,000) / 200,000 = 240,000 / 200,000 = 120% (GRR 95%)
            // cs-01 (W3): upsell 20,000 x 10% = 2,000.00; kicker 20,000 x 5% = 1,000.00
            // (D-5 of 2024-04-02 is in Q2) -> 3,000.00
            ("cs-01", "3000.00"),
            // cs-02 (W2): upsell 12,000 + renewal 30,000 = 42,000 x 10% = 1,200.00 + 3,000.00
            // = 4,200.00; kicker on upsell only: 12,000 x 5% = 600.00 -> 4,800.00
            ("cs-02", "4800.00"),
            // CS Lyon: start U1 150,000 + U2 44,000 + U3 6,000 = 200,000; churn 6,000,
            // contraction 4,000, expansion 49,000 -> NRR 239,000 / 200,000 = 119.5% < 120%
            // cs-03: 20,000 x 10% = 2,000.00; kicker 0.00 -> 2,000.00
            ("cs-03", "2000.00"),
            // cs-04: no deals -> 0.00, kicker not met -> 0.00
            ("cs-04", "0.00"),
        ],
    );
    finish(problems);
}

/// W4: the KPI formulas of rule 16, each read on an identity curve (y = x) with a component TI of
/// 25% x 1,600 x 3/12 = 100.00, so each payout is the KPI in percent points.
/// csm-01: 80 customers at 1,250 MRR each since 2023-06-01 -> start MRR 100,000.
#[test]
fn w04_kpi_formulas() {
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "w04_kpi_formulas",
        "2024-Q1",
        &[
            // Q1: C01-C04 churn 4 x 1,250 = 5,000; C05 and C08 contract 1,000 each = 2,000 (a
            // customer cannot lose more than its 1,250); C06 expansion 12,000
            // (C07's 50,000 expansion is in Q2)
            // NRR = (100,000 - 5,000 - 2,000 + 12,000) / 100,000 = 105% -> 105.00
            // GRR = (100,000 - 5,000 - 2,000) / 100,000 = 93% -> 93.00
            // logo churn = 4 lost / 80 at start = 5% -> 5.00
            // NPS: 50 responses in Q1 (the 2023-12-31 one is outside): 30 scoring 9 or 10,
            // 12 scoring 7 or 8, 8 scoring 0-6 -> (30 - 8) / 50 x 100 = 44 -> 44.00
            // 105.00 + 93.00 + 5.00 + 44.00 = 247.00
            ("csm-01", "247.00"),
            // no customer: every KPI has no value; nrr says missing = 50 -> 50% x 100.00 = 50.00,
            // the others pay the default 0 -> 50.00
            ("csm-02", "50.00"),
        ],
    );
    finish(problems);
}

/// W10 as one record: the deal carries `split = "ae-01:60%|ae-02:40%"` (rule 12), so each AE is
/// credited their share of its amount; a record with an empty split goes to its owner.
#[test]
fn w10_split_one_record() {
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "w10_split",
        "2024-Q1",
        &[
            // 100,000 x 60% = 60,000 x 10% = 6,000.00
            ("ae-01", "6000.00"),
            // 100,000 x 40% = 40,000 x 10% = 4,000.00, plus OPP-1043 (no split) 5,000 x 10% = 500.00
            ("ae-02", "4500.00"),
        ],
    );
    finish(problems);
}

/// W12: attribution by tenure. C-100 signed 2024-01-10 by alice (AE), account CSM bob, a 3-month
/// AE window: expansion dated before 2024-04-10 goes to alice, from 2024-04-10 on to bob, whoever
/// owns the deal in the CRM. New business is not attributed by tenure (it stays with its owner).
#[test]
fn w12_attribution_by_tenure() {
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "w12_tenure",
        "2024-H1",
        &[
            // new business D-1 24,000 x 10% = 2,400.00
            // expansion: D-2 2024-03-01 6,000 (owner bob, inside the window) -> alice 600.00
            //            D-3 2024-04-09 1,000 (last day of the window)       -> alice 100.00
            // 2,400.00 + 600.00 + 100.00 = 3,100.00
            ("alice", "3100.00"),
            // D-4 2024-04-10 2,000 (first day after the window, owner alice) -> bob 200.00
            // D-5 2024-05-15 4,000                                            -> bob 400.00
            // 200.00 + 400.00 = 600.00
            ("bob", "600.00"),
        ],
    );
    finish(problems);
}

/// Gates, lower-is-better curves and a manager override (rules 7, 8, 11, 16). Quarterly TI of a CSM
/// 12,000 x 3/12 = 3,000.00; churn_tiers and onboarding weigh 50% each: 1,500.00 each.
/// churn_tiers: stepped curve on MRR churn (churned + contraction) / start MRR, in percent points:
/// [0,3) 150%, [3,6) 100%, [6,10) 50%, 10+ 0%. upsell: 10% of expansion ARR, only if GRR >= 85%.
/// onboarding: median days to go-live, 30 days -> 100%, linear to 60 days -> 0%; no go-live pays
/// `missing = 100`. Managers: 2% of their reports' expansion ARR, only when it reaches 10,000, and
/// 100.00 when renewals are at most 50% of their reports' ARR (a ratio of two measures).
#[test]
fn cs_gates_lower_is_better_and_override() {
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "cs_gates_rollups",
        "2024-Q1",
        &[
            // start MRR K1 10,000 (K4, K5 have no MRR movement, K6 is new): contraction 400
            // MRR churn 400 / 10,000 = 4% -> step [3,6) -> 100% x 1,500.00 = 1,500.00
            // GRR 96% >= 85%: upsell E-1 8,000 x 10% = 800.00 (E-4 is a renewal)
            // go-lives in Q1: K6 20 days, K5 45 days, K4 65 days (K1's is in 2023) -> median 45
            //   -> 100 - (45 - 30) / (60 - 30) x 100 = 50% x 1,500.00 = 750.00
            // 1,500.00 + 800.00 + 750.00 = 3,050.00
            ("csm-a", "3050.00"),
            // start K2 8,000 + K3 2,000 = 10,000; K3 churns 2,000 -> MRR churn 20% -> 0.00
            // GRR 80% < 85%: the gate is closed, E-2's 500.00 is not paid -> 0.00
            // no go-live: time to value has no value -> missing 100% x 1,500.00 = 1,500.00
            ("csm-b", "1500.00"),
            // no customer: MRR churn has no value -> 0.00 (no `missing`); GRR has no value, so the
            // gate does not pass: E-3 not paid -> 0.00; onboarding missing -> 1,500.00
            ("csm-c", "1500.00"),
            // reports csm-a and csm-b: expansion 8,000 + 5,000 = 13,000 >= 10,000 -> 2% = 260.00
            // renewal_share = renewals 20,000 (E-4) / all ARR 8,000 + 20,000 + 5,000 = 33,000
            //   = 60.6% > 50%: the kicker (at_most) does not pay -> 0.00
            ("mgr-1", "260.00"),
            // report csm-c: 3,000 < 10,000 -> the gate is closed -> 0.00
            // renewal_share = 0 / 3,000 = 0% <= 50% -> the kicker pays its amount, 100.00
            ("mgr-2", "100.00"),
        ],
    );
    finish(problems);
}

/// Several currencies: each deal in another currency is converted at the rate in force on its date
/// (the latest fx row dated on or before it; currency codes are case-insensitive; an empty currency
/// is the workspace's), then paid 10% per record.
#[test]
fn fx_conversion_at_the_rate_in_force() {
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "fx_conversion",
        "2024-Q1",
        &[
            // D-4 2024-03-14: GBP rate of 2024-01-01, 1.15: 20,000 x 1.15 = 23,000 x 10% = 2,300.00
            // D-5 2024-03-15: the 1.17 rate starts that day: 20,000 x 1.17 = 23,400 -> 2,340.00
            // D-6 no currency: 1,000 EUR -> 100.00
            // 2,300.00 + 2,340.00 + 100.00 = 4,740.00
            ("ae-uk", "4740.00"),
            // D-1 2024-01-31: 0.90 -> 9,000 -> 900.00; D-2 2024-02-01: 0.92 -> 9,200 -> 920.00
            // D-3 in EUR: 5,000 -> 500.00; 900.00 + 920.00 + 500.00 = 2,320.00
            ("ae-us", "2320.00"),
        ],
    );
    finish(problems);
}

/// W1 from MRR snapshots: movements are derived from the differences between a customer's
/// snapshots. Quarterly TI 3,000.00.
#[test]
fn w01_grr_from_mrr_snapshots() {
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "w01_grr_from_snapshots",
        "2024-Q1",
        &[
            // at 2023-12-31: C-A 30,000 (28,000 then +2,000, before the quarter), C-B 16,000,
            // C-C 4,000 -> start MRR 50,000. In Q1: C-C 4,000 -> 0 on 2024-02-29 (churn 4,000),
            // C-A 30,000 -> 27,500 (contraction 2,500), C-B unchanged.
            // GRR = (50,000 - 4,000 - 2,500) / 50,000 = 87% -> 70% x 3,000.00 = 2,100.00
            ("csm-01", "2100.00"),
        ],
    );
    finish(problems);
}

/// A kicker's amount is per period: on a year-to-date plan the year to date earns it once per
/// period of the scope, and each quarter pays the difference with what was paid.
#[test]
fn kicker_amount_on_a_ytd_plan() {
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "kicker_amount_ytd",
        "2024-H1",
        &[
            // Q1: answers 10 (promoter) and 8 (passive): NPS (1 - 0) / 2 x 100 = 50 >= 30
            //     -> earned 1 x 100.00 = 100.00, paid 100.00
            // Q2 year to date: 10, 8, 9, 9 -> (3 - 0) / 4 x 100 = 75 >= 30 -> earned to date
            //     2 periods x 100.00 = 200.00, paid to date 100.00 -> pays 100.00
            // 100.00 + 100.00 = 200.00
            ("csm-01", "200.00"),
        ],
    );
    finish(problems);
}

/// Regression: a KPI whose value repeats paid a cent short on a half-cent. GRR = (1,200 - 200) /
/// 1,200 = 5/6 = 83.33...%; the quarter's TI is 2,625 / 4 = 656.25; an identity curve pays
/// 656.25 x 5/6 = 546.875 exactly -> 546.88 (half away from zero). Reading the curve at the
/// rounded 83.333...% gave 546.87499... -> 546.87.
#[test]
fn kpi_repeating_quotient_pays_the_exact_half_cent() {
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "kpi_repeating_quotient",
        "2024-Q1",
        &[("csm-01", "546.88")],
    );
    finish(problems);
}

// ---------------------------------------------------------------------------------------------------
// Issue 14: record-level rules, rates relative to the payee, strict comparisons, draws and rounding.
// Each figure below is worked by hand from the examples.

/// Rounding modes (rule 2), in comp.toml and per plan. The workspace says `rounding = "up"`; plans
/// r-away, r-even and r-down say their own mode, r-up says none and takes the workspace's.
/// Each payee: a sale of 469.00 paid 0.5% per record, and a fee of 100.00 paid at TI / target
/// = 1,000 / 3,000 (weight 100%), a third of it.
#[test]
fn rounding_modes_per_workspace_and_plan() {
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "rounding_modes",
        "2024-01",
        &[
            // half away from zero: 469.00 x 0.5% = 2.345 -> 2.35; 100 x 1,000 / 3,000 = 33.333...
            // -> 33.33; 2.35 + 33.33 = 35.68
            ("p-away", "35.68"),
            // half even: 2.345 -> 2.34 (4 is even); 33.333... -> 33.33; 35.67
            ("p-even", "35.67"),
            // down (toward zero): 2.345 -> 2.34; 33.333... -> 33.33; 35.67
            ("p-down", "35.67"),
            // up (away from zero), from comp.toml: 2.345 -> 2.35; 33.333... -> 33.34; 35.69
            ("p-up", "35.69"),
        ],
    );
    finish(problems);
}

/// The JSON report says which rounding each statement used: the workspace's at the top, and a
/// statement whose plan rounds its own way says so (r-up, on the workspace's, says nothing).
#[test]
fn a_plans_own_rounding_is_in_its_statements() {
    let output = common::comp()
        .workspace(&case_dir("rounding_modes"))
        .args(["calc", "--period", "2024-01", "--format", "json"])
        .output();
    assert!(output.status.success());
    let v: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(v["rounding"], "up");
    let by_payee: BTreeMap<String, Option<String>> = v["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["payee"].as_str().unwrap().to_string(),
                s["rounding"].as_str().map(str::to_string),
            )
        })
        .collect();
    let mode = |m: &str| Some(m.to_string());
    assert_eq!(by_payee["p-away"], mode("half-away-from-zero"));
    assert_eq!(by_payee["p-even"], mode("half-even"));
    assert_eq!(by_payee["p-down"], mode("down"));
    assert_eq!(by_payee["p-up"], None);
}

/// Section 1: conditions on a record's own values. Each payee is on a plan of one comparison.
#[test]
fn conditions_on_a_records_own_values() {
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "record_conditions",
        "2024-01",
        &[
            // 5% on each new deal strictly above 10,000: of 8,000, 10,000 and 25,000 only 25,000
            // (10,000 is not above itself; the 30,000 renewal is not new): 25,000 x 5% = 1,250.00
            ("p-above", "1250.00"),
            // discount in [0%, 10%): 0 kept, 0.10 not (the end is excluded), 0.05 kept, 0.20 not:
            // (1,000 + 4,000) x 10% = 100.00 + 400.00 = 500.00
            ("p-discount", "500.00"),
            // amount at least 5,000 and below 20,000: 4,999.99 no, 5,000 yes, 19,999.99 yes,
            // 20,000 no: 5,000 x 4% = 200.00; 19,999.99 x 4% = 799.9996 -> 800.00; 1,000.00
            ("p-range", "1000.00"),
            // dated from the 10th through the 20th (both included): 10th and 20th, 2 x 1,000 x 10%
            // = 200.00; excluded from the other measure, the 9th and 21st: 2 x 1,000 x 1% = 20.00
            ("p-dated", "220.00"),
        ],
    );
    finish(problems);
}

/// Section 2: a commission by cases, the first matching case per record.
#[test]
fn commission_by_cases_first_match_per_record() {
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "commission_cases",
        "2024-03",
        &[
            // the example: SPA-PRO 1,000 (family spa) takes case 1 only: 1,000 x 12% =
            // 120.00; another spa product 1,000, case 2: x 6% = 60.00; a golf product 1,000, the
            // default: x 3% = 30.00; 120 + 60 + 30 = 210.00
            ("p-shop", "210.00"),
            // no default case: spa 2,000 x 10% = 200.00; golf 2,500 is below 10,000 and matches no
            // case: 0.00; golf 30,000, case 2: 500.00 per record; a spa credit note of -2,000
            // x 10% = -200.00; 200 + 0 + 500 - 200 = 500.00
            ("p-strict", "500.00"),
        ],
    );
    finish(problems);
}

/// Section 3: a rate table placing each record by its own amount (against the running position),
/// a floor and a minimum per record, and what their clawbacks take back. Run over 2024-Q1, then
/// again after closing January and February.
#[test]
fn own_position_floor_and_minimum_per_record() {
    let mut problems = Vec::new();
    check_case_and_after_closes(
        &mut problems,
        "record_own_floor_minimum",
        "2024-Q1",
        &["2024-01", "2024-02"],
        &[
            // bands [0, 100k) 5% / [100k, -) 8%, retroactive, each contract alone: 120,000 is in
            // the 8% band: 9,600.00; 50,000 in the 5% band: 2,500.00; 12,100.00
            ("p-own", "12100.00"),
            // the running position (the default): the period reaches 170,000, in the 8% band, and
            // each contract is paid at it: 9,600.00 + 50,000 x 8% = 4,000.00; 13,600.00
            ("p-running", "13600.00"),
            // 10% of each margin, floor 0: 500 x 10% = 50.00; -300 x 10% = -30.00 floored to 0.00;
            // January 50.00. Both cancelled in February within 90 days: M-1 takes back its 50.00,
            // M-2 was paid 0.00 and takes back nothing (no -30.00); 50.00 - 50.00 = 0.00
            ("p-floor", "0.00"),
            // 1%, minimum 50.00: 10,000 -> 100.00; 2,000 -> 20.00 raised to 50.00; a credit note
            // of -1,000 -> -10.00 (not a credited record: no minimum); January 140.00. N-2
            // cancelled in February: the clawback takes back 20.00 computed at the rate; 120.00
            ("p-min", "120.00"),
            // clawback = "paid": 2,000 -> 20.00 raised to 50.00; cancelled: -50.00; 0.00
            ("p-paid", "0.00"),
        ],
    );
    finish(problems);
}

/// Section 4: rates relative to the payee. Annual TI 60,000 on a yearly target of 1,200,000: the
/// base rate is 5%; bands 0-100% at 1x (5%), 100-125% at 1.5x (7.5%), 125%+ at 2x (10%).
#[test]
fn multiplier_tables_graduated_and_overage() {
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "multiplier_tables",
        "2024-Q1",
        &[
            // quarter quota 300,000, sold 200,000 + 190,000 = 390,000 (130%), graduated:
            // 300,000 x 5% + 75,000 x 7.5% + 15,000 x 10% = 15,000 + 5,625 + 1,500 = 22,125.00
            ("p-grad", "22125.00"),
            // overage: up to 100% at the base rate, all above at the highest band reached (2x):
            // 300,000 x 5% + 90,000 x 10% = 15,000 + 9,000 = 24,000.00
            ("p-over", "24000.00"),
            // monthly quotas that differ (Jan 50,000, Feb 150,000, then 100,000 a month: the
            // year is 1,200,000, so the base rate is still 60,000 / 1,200,000 = 5%); January sold
            // 65,000 (130% of 50,000), graduated: 50,000 x 5% + 12,500 x 7.5% + 2,500 x 10%
            // = 2,500 + 937.50 + 250 = 3,687.50; February and March sold nothing: 0.00
            ("p-grad-m", "3687.50"),
            // overage: 50,000 x 5% + 15,000 x 10% = 2,500 + 1,500 = 4,000.00
            ("p-over-m", "4000.00"),
        ],
    );
    finish(problems);
}

/// Rule 25 with rule 20: p-promo is on plan `fixed` (8%) until 2024-06-30 and on `mult` (bands in
/// multiples of the base rate) from 2024-07-01, with TI 60,000. Quota rows: 2024-H1 200,000 (set
/// for the old plan), 2024-Q3 and 2024-Q4 300,000 each. The base rate is the new TI over the annual
/// equivalent of the quotas of the periods the assignment is in force in: (300,000 + 300,000) x
/// 12 / 6 = 1,200,000, so 60,000 / 1,200,000 = 5% (the year's rows, 800,000, would give 7.5%).
/// Q3 sold 200,000 + 190,000 = 390,000 of 300,000 (130%), graduated: 300,000 x 5% + 75,000 x
/// 7.5% + 15,000 x 10% = 15,000 + 5,625 + 1,500 = 22,125.00 (7.5% would have paid 33,187.50).
#[test]
fn multiplier_base_rate_after_a_promotion_is_the_new_assignments() {
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "multiplier_promotion",
        "2024-Q3",
        &[("p-promo", "22125.00")],
    );
    finish(problems);
}

/// Section 4: a plain commission in a multiple of the base rate. Annual TI 80,000, each of the two
/// components weighs 50%: the component TI is 40,000 a year; the yearly target is 4 x 200,000 =
/// 800,000; the base rate is 40,000 / 800,000 = 5%.
#[test]
fn multiplier_commission_on_the_base_rate() {
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "multiplier_commission",
        "2024-Q1",
        &[
            // "1.5x": 1.5 x 5% = 7.5% of each record: 60,000 x 7.5% = 4,500.00 and 40,000 x 7.5% =
            // 3,000.00; "ti/target" (1x): 60,000 x 5% = 3,000.00 and 40,000 x 5% = 2,000.00;
            // 7,500.00 + 5,000.00 = 12,500.00
            ("p-mult", "12500.00"),
        ],
    );
    finish(problems);
}

/// Section 5: strict comparisons. `above`/`below` exclude their bound; a band written `through`
/// includes its end.
#[test]
fn strict_comparisons_in_gates_kickers_and_bands() {
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "strict_comparisons",
        "2024-01",
        &[
            // exactly at every bound: 2 new deals is not above 2, the gate is closed: 0.00; the
            // expansion ratio 120 / 100 = 120% is not over 120%: 0.00; bookings 10,000 are in the
            // band [0, 10,000] (through): 10,000 x 5% = 500.00
            ("p-at", "500.00"),
            // over every bound: 3 deals > 2: 12,000 x 10% = 1,200.00; 125% > 120%: 500.00;
            // 12,000 is in [10,000, ...) at 10%, retroactive: 1,200.00; 2,900.00
            ("p-over", "2900.00"),
        ],
    );
    finish(problems);
}

/// Section 6: draws. Annual TI 60,000: 5,000.00 a month. Payees but p-share start on 2024-01-17:
/// 15 of January's 31 days (17..31).
#[test]
fn draw_as_a_share_of_ti_and_prorated() {
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "draw_share_prorate",
        "2024-01",
        &[
            // 80% of 5,000.00 = 4,000.00; earned 10,000 x 10% = 1,000.00; top-up 3,000.00
            ("p-share", "4000.00"),
            // 3,100.00, not prorated (the default): earned 0, top-up 3,100.00
            ("p-fixed", "3100.00"),
            // 3,100.00 x 15 / 31 = 1,500.00
            ("p-prorated", "1500.00"),
            // 80% of 5,000.00 (the month's TI before proration) = 4,000.00 x 15 / 31
            // = 1,935.4838... -> 1,935.48
            ("p-both", "1935.48"),
        ],
    );
    finish(problems);
}

/// Pay periods shorter than a month (docs/semantics.md; issue 15, section 3): biweekly pay periods. The anchor, Friday 5 January 2024, starts a
/// period; every 14 days before and after starts another, and a period belongs to the year its last
/// day is in: 2024-B01 is 22 Dec 2023 to 4 Jan 2024, B02 5-18 Jan, B03 19 Jan-1 Feb, B04 2-15 Feb,
/// B05 16-29 Feb, B06 1-14 Mar, B07 15-28 Mar; B08 (29 Mar-11 Apr) ends in Q2. Q1 covers the pay
/// periods that end in it, B01 to B07. Commission 8.5% of bookings, each line rounded once
/// (half away from zero). Run again after closing B01 to B06 in order (the ledger then holds
/// biweekly periods, and each close is of the period after the last closed one), and after closing
/// January and February.
#[test]
fn biweekly_commission_plan() {
    let mut problems = Vec::new();
    check_case_and_after_closes(
        &mut problems,
        "biweekly_commission",
        "2024-Q1",
        &[
            "2024-B01", "2024-B02", "2024-B03", "2024-B04", "2024-B05", "2024-B06",
        ],
        &[
            // B01: the 28 Dec 2023 deal, 12,000 x 8.5% = 1,020.00 (paid in 2024: its period ends
            // on 4 Jan 2024)
            // B02: 1,500 (18 Jan, the period's last day) x 8.5% = 127.50
            // B03: 200 (19 Jan) + 5,000 (1 Feb) = 5,200 x 8.5% = 442.00
            // B04: 3,333 (2 Feb) + 1,000 (15 Feb) = 4,333 x 8.5% = 368.305 -> 368.31
            // B05: 7,777 (16 Feb) + 2,000 (29 Feb) = 9,777 x 8.5% = 831.045 -> 831.05
            // B06: 9,999 (1 Mar) x 8.5% = 849.915 -> 849.92; B07: nothing, 0.00
            // 1,020.00 + 127.50 + 442.00 + 368.31 + 831.05 + 849.92 = 3,638.78
            ("b-01", "3638.78"),
            // hired 5 Feb: no statement for B03 (it ended 1 Feb); B04 on 11 of its 14 days
            // (5-15 Feb, proration 11/14 = 0.785714, a commission is not prorated):
            // 4,000 x 8.5% = 340.00; B07: 1,234 (28 Mar) x 8.5% = 104.89; the 29 Mar deal is B08's
            // 340.00 + 104.89 = 444.89
            ("b-02", "444.89"),
        ],
    );
    // closing by months instead: January's close closes B01 and B02 (the pay periods that end in
    // it), in order, and February's B03 to B05
    check_case_and_after_closes(
        &mut problems,
        "biweekly_commission",
        "2024-Q1",
        &["2024-01", "2024-02"],
        &[("b-01", "3638.78"), ("b-02", "444.89")],
    );
    finish(problems);
}

/// A year-to-date biweekly plan: 2024's year to date starts on B01's first day, 22 December 2023,
/// so the deal of 28 December counts in 2024 (and not in 2023's last period, which ended on 21 Dec).
/// January covers B01 and B02. Run again after closing B01.
#[test]
fn biweekly_year_to_date_starts_in_december() {
    let mut problems = Vec::new();
    check_case_and_after_closes(
        &mut problems,
        "biweekly_ytd",
        "2024-01",
        &["2024-B01"],
        &[
            // B01: year to date 12,000 x 8.5% = 1,020.00, nothing paid before: 1,020.00
            // B02: year to date 12,000 + 1,500 = 13,500 x 8.5% = 1,147.50, less 1,020.00 paid = 127.50
            ("b-01", "1147.50"),
        ],
    );
    finish(problems);
}

/// A month covers the biweekly periods that end in it: February 2024 is B03 (19 Jan to
/// 1 Feb), B04 and B05, and a statement names its pay period as `--period` reads it.
#[test]
fn a_month_covers_the_biweekly_periods_that_end_in_it() {
    let rows = run_calc(&case_dir("biweekly_commission"), "2024-02").expect("calc 2024-02");
    let periods: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r.payee.as_str(), r.period.as_str()))
        .collect();
    assert_eq!(
        periods,
        [
            ("b-01", "2024-B03"),
            ("b-01", "2024-B04"),
            ("b-01", "2024-B05"),
            ("b-02", "2024-B04"),
            ("b-02", "2024-B05"),
        ]
    );
    // a pay period by its name: B01 holds the deal of 28 December 2023
    let b01 = run_calc(&case_dir("biweekly_commission"), "2024-B01").expect("calc 2024-B01");
    assert_eq!(b01.len(), 1);
    assert_eq!(
        (b01[0].payee.as_str(), b01[0].payout.as_str()),
        ("b-01", "1020.00")
    );
}

/// Pay periods shorter than a month with proration (rule 13): semi-month periods (1st-15th, 16th-end), a TI-based curve and a mid-period
/// hire. Annual TI 24,000 -> 24,000 / 24 = 1,000.00 a semi-month; the monthly quota of 20,000 is
/// 20,000 x (1/24) / (1/12) = 10,000 a semi-month. Curve (50%, 0%) -> (100%, 100%) -> (200%, 200%).
#[test]
fn semi_month_plan_with_a_mid_period_hire() {
    let mut problems = Vec::new();
    check_case(
        &mut problems,
        "semi_month_prorated",
        "2024-03",
        &[
            // 2024-03a (1-15 Mar): 5,000 + 3,000 (the 15th is the a half's last day) = 8,000 of
            // 10,000 = 80% -> (80 - 50) / 50 = 60% x 1,000.00 = 600.00
            // 2024-03b (16-31 Mar): 12,500 of 10,000 = 125% -> 125% x 1,000.00 = 1,250.00
            ("s-01", "1850.00"),
            // hired 21 Mar: no 03a statement; 03b on 21-31 Mar, 11 of its 16 days: TI 1,000.00 x
            // 11/16 = 687.50, target 10,000 x 11/16 = 6,875; 6,000 / 6,875 = 87.2727...%
            // -> (87.2727...% - 50%) / 50% = 74.5454...% x 687.50
            // = 2 x 6,000 x 687.50 / 6,875 - 687.50 = 1,200.00 - 687.50 = 512.50
            // (unprorated it would be 6,000 / 10,000 = 60% -> 20% x 1,000.00 = 200.00)
            ("s-02", "512.50"),
        ],
    );
    finish(problems);
}
