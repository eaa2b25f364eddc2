//! Workbooks out of diff, whatif and payroll (`--format xlsx`, `--format payroll -o pay.xlsx`),
//! read back with calamine against the CSV the same run writes.

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
