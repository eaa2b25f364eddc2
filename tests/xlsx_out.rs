//! Workbooks out of diff, whatif, payroll, accrue and amortize (`--format xlsx`, `--format payroll -o
//! pay.xlsx`), read back with calamine against the CSV the same run writes or hand-worked figures.

mod common;
use calamine::{open_workbook_auto, Data, Reader};
use common::comp;
use std::path::Path;

const ACME: &str = "examples/acme/comp.toml";
const W11: &str = "tests/golden/w11_old_per_customer/comp.toml";
const DIFF: [&str; 6] = [
    "diff",
    "--period",
    "2024-Q1",
    "--plans",
    "tests/golden/w11_old_per_customer/plans",
    "--against",
];

fn csv_of(args: &[&str]) -> Vec<csv::StringRecord> {
    let out = comp()
        .arg("-q")
        .args(args)
        .args(["--format", "csv"])
        .output();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    csv::Reader::from_reader(out.stdout.as_slice())
        .records()
        .map(Result::unwrap)
        .collect()
}

fn book_of(
    args: &[&str],
    format: &str,
    file: &Path,
) -> calamine::Sheets<std::io::BufReader<std::fs::File>> {
    let out = comp()
        .arg("-q")
        .args(args)
        .args(["--format", format, "-o"])
        .arg(file)
        .output();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    open_workbook_auto(file).unwrap()
}

fn float(cell: &Data) -> f64 {
    match cell {
        Data::Float(f) => *f,
        other => panic!("{other:?} is not a number"),
    }
}

#[test]
fn a_diff_workbook_has_the_csv_s_amounts_as_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let mut args = vec!["--workspace", W11];
    args.extend(DIFF);
    args.push("tests/golden/w11_new_arr/plans");
    let mut book = book_of(&args, "xlsx", &tmp.path().join("diff.xlsx"));
    assert_eq!(book.sheet_names(), ["diff", "plans"]);
    let sheet = book.worksheet_range("diff").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(
        rows[0].iter().map(|c| c.to_string()).collect::<Vec<_>>(),
        ["payee", "name", "plan", "current", "proposed", "delta", "change"]
    );
    let csv = csv_of(&args);
    assert_eq!(rows.len(), csv.len() + 1);
    for (row, line) in rows.iter().skip(1).zip(&csv) {
        assert_eq!(row[0].to_string(), &line[0]);
        for c in 3..6 {
            let csv_amount: f64 = line[c].parse().unwrap();
            assert_eq!(format!("{:.2}", float(&row[c])), format!("{csv_amount:.2}"));
        }
        let change: f64 = line[6].parse().unwrap();
        assert!((float(&row[6]) - change).abs() < 1e-6, "{line:?}");
    }
    // by hand (tests/golden/w11_*): rep-a 1,500.00 per customer -> 3,200.00 on ARR, +1,700.00;
    // rep-b 3,000.00 -> 1,920.00, -1,080.00
    let rep = |id: &str| rows.iter().find(|r| r[0] == id).unwrap().to_vec();
    let a = rep("rep-a");
    assert_eq!(
        (float(&a[3]), float(&a[4]), float(&a[5])),
        (1500.0, 3200.0, 1700.0)
    );
    let b = rep("rep-b");
    assert_eq!(
        (float(&b[3]), float(&b[4]), float(&b[5])),
        (3000.0, 1920.0, -1080.0)
    );
    let plans = book.worksheet_range("plans").unwrap();
    assert_eq!(plans.rows().count(), 2);
}

#[test]
fn a_whatif_workbook_has_the_csv_s_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let args = [
        "--workspace",
        "examples/acme/2023/comp.toml",
        "whatif",
        "--scenario",
        "examples/acme/2023/scenario-2024.toml",
    ];
    let mut book = book_of(&args, "xlsx", &tmp.path().join("whatif.xlsx"));
    assert_eq!(book.sheet_names(), ["projection"]);
    let sheet = book.worksheet_range("projection").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let csv = csv_of(&args);
    assert_eq!(rows.len(), csv.len() + 1);
    let payout = rows[0].iter().position(|c| *c == "payout").unwrap();
    let id = rows[0].iter().position(|c| *c == "id").unwrap();
    for (row, line) in rows.iter().skip(1).zip(&csv) {
        assert_eq!(row[id].to_string(), &line[id]);
        let csv_payout: f64 = line[payout].parse().unwrap();
        assert_eq!(
            format!("{:.2}", float(&row[payout])),
            format!("{csv_payout:.2}")
        );
    }
}

#[test]
fn a_payroll_to_an_xlsx_file_is_the_payroll_sheet_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let args = ["--workspace", ACME, "calc", "--period", "2024-Q1"];
    let mut book = book_of(&args, "payroll", &tmp.path().join("pay.xlsx"));
    assert_eq!(book.sheet_names(), ["payroll"]);
    let sheet = book.worksheet_range("payroll").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let out = comp()
        .arg("-q")
        .args(args)
        .args(["--format", "payroll"])
        .output();
    let csv: Vec<csv::StringRecord> = csv::Reader::from_reader(out.stdout.as_slice())
        .records()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), csv.len() + 1);
    for (row, line) in rows.iter().skip(1).zip(&csv) {
        assert_eq!(row[0].to_string(), &line[0]);
        assert_eq!(format!("{:.2}", float(&row[3])), &line[3]);
    }
}

#[test]
fn diff_and_whatif_workbooks_to_the_terminal_are_refused_like_calc_s() {
    let mut args = vec!["--workspace", W11];
    args.extend(DIFF);
    args.push("tests/golden/w11_new_arr/plans");
    let out = comp().args(&args).args(["--format", "xlsx"]).output();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("-o pay.xlsx"));
}

/// The accrual of tests/finance.rs's `accrual_of_a_yearly_plan_at_the_end_of_may`, worked there
/// by hand: ana 7,000.00 to date, 6,612.02 the month before, 387.98 the change; bob 15,000.00,
/// nothing before, 15,000.00.
#[test]
fn an_accrual_workbook_has_the_hand_worked_figures() {
    let tmp = tempfile::tempdir().unwrap();
    let args = [
        "--workspace",
        "tests/whatif/solve/comp.toml",
        "accrue",
        "--period",
        "2024-05",
    ];
    let mut book = book_of(&args, "xlsx", &tmp.path().join("accrual.xlsx"));
    assert_eq!(book.sheet_names(), ["accrual"]);
    let sheet = book.worksheet_range("accrual").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(
        rows[0].iter().map(|c| c.to_string()).collect::<Vec<_>>(),
        [
            "payee",
            "plan",
            "period",
            "component",
            "to_date",
            "previous",
            "change"
        ]
    );
    let got: Vec<(String, String, String, String)> = rows
        .iter()
        .skip(1)
        .map(|r| {
            let m = |c: &Data| format!("{:.2}", float(c));
            (r[0].to_string(), m(&r[4]), m(&r[5]), m(&r[6]))
        })
        .collect();
    let want = |a: &str, b: &str, c: &str, d: &str| {
        (a.to_string(), b.to_string(), c.to_string(), d.to_string())
    };
    assert_eq!(
        got,
        [
            want("ana", "7000.00", "6612.02", "387.98"),
            want("bob", "15000.00", "0.00", "15000.00"),
        ]
    );
}

/// tests/finance.rs's schedule: 10,000.00 over 24 months from January 2024 (416.67 a month) and
/// 1,200.00 over 12 months from March (100.00 a month). The `months` sheet: January amortises
/// 416.67 and closes at 9,583.33; March capitalises 1,200.00, amortises 416.67 + 100.00 = 516.67
/// and closes at 9,166.66 - 416.67 + 1,200.00 - 100.00 = 9,849.99. With `--lines`, the
/// `contracts` sheet has the CSV's rows.
#[test]
fn an_amortization_workbook_has_months_and_contracts() {
    let tmp = tempfile::tempdir().unwrap();
    let args = [
        "--workspace",
        "tests/finance/comp.toml",
        "amortize",
        "--period",
        "2024-Q1",
    ];
    let mut book = book_of(&args, "xlsx", &tmp.path().join("months.xlsx"));
    assert_eq!(book.sheet_names(), ["months"]);
    let sheet = book.worksheet_range("months").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let cells = |r: &[Data]| -> Vec<String> {
        std::iter::once(r[0].to_string())
            .chain(r[1..].iter().map(|c| format!("{:.2}", float(c))))
            .collect()
    };
    assert_eq!(
        cells(rows[1]),
        ["2024-01", "10000.00", "416.67", "0.00", "0.00", "9583.33"]
    );
    assert_eq!(
        cells(rows[3]),
        ["2024-03", "1200.00", "516.67", "0.00", "0.00", "9849.99"]
    );

    let mut with_lines = args.to_vec();
    with_lines.push("--lines");
    let mut book = book_of(&with_lines, "xlsx", &tmp.path().join("lines.xlsx"));
    assert_eq!(book.sheet_names(), ["months", "contracts"]);
    let sheet = book.worksheet_range("contracts").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let csv = csv_of(&with_lines);
    assert_eq!(rows.len(), csv.len() + 1);
    for (row, line) in rows.iter().skip(1).zip(&csv) {
        assert_eq!(row[1].to_string(), &line[1]);
        for c in 3..8 {
            let want: f64 = line[c].parse().unwrap();
            assert_eq!(format!("{:.2}", float(&row[c])), format!("{want:.2}"));
        }
    }
}

#[test]
fn accrual_and_amortization_workbooks_to_the_terminal_are_refused() {
    for args in [
        [
            "--workspace",
            "tests/whatif/solve/comp.toml",
            "accrue",
            "--period",
            "2024-05",
        ],
        [
            "--workspace",
            "tests/finance/comp.toml",
            "amortize",
            "--period",
            "2024-Q1",
        ],
    ] {
        let out = comp().args(args).args(["--format", "xlsx"]).output();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("-o pay.xlsx"));
    }
}
