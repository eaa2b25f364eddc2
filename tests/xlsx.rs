//! Spreadsheet sources: the example company's deals saved as an Excel workbook (typed numbers and
//! dates, a title above the header) read as its CSV export reads; errors point at the cell.

mod common;
use common::comp;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::path::Path;

/// The example company, copied with its plans so its paths hold.
fn acme() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = common::root();
    common::copy_dir(
        &root.join("examples/acme"),
        &tmp.path().join("examples/acme"),
    );
    common::copy_dir(&root.join("plans"), &tmp.path().join("plans"));
    tmp
}

/// The rows of a `;`-separated CSV file, its header first.
fn csv_rows(csv: &Path) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_path(csv)
        .unwrap()
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// `deals.csv` (French: `;`, `12 500,00`, `31/03/2024`) as a workbook the way a CRM exports it:
/// the header on `header_row` (a title above it when there is room), ARR as numbers, closing dates
/// as dates.
fn save_deals_as_xlsx(csv: &Path, xlsx: &Path, header_row: u32) {
    let rows = csv_rows(csv);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Opportunités").unwrap();
    if header_row > 1 {
        sheet.write_string(0, 0, "Export des opportunités").unwrap();
    }
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let header = &rows[0];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(header_row - 1, c as u16, h).unwrap();
    }
    for (i, line) in rows[1..].iter().enumerate() {
        let row = header_row + i as u32;
        for (c, cell) in line.iter().enumerate() {
            let col = c as u16;
            match header[c].as_str() {
                "ARR" if !cell.is_empty() => {
                    let n: f64 = cell
                        .replace([' ', '\u{a0}'], "")
                        .replace(',', ".")
                        .parse()
                        .unwrap();
                    sheet.write_number(row, col, n).unwrap();
                }
                "Date de clôture" if !cell.is_empty() => {
                    let d: Vec<u16> = cell.split('/').map(|p| p.parse().unwrap()).collect();
                    let when = ExcelDateTime::from_ymd(d[2], d[1] as u8, d[0] as u8).unwrap();
                    sheet
                        .write_date_with_format(row, col, &when, &date)
                        .unwrap();
                }
                _ if cell.is_empty() => {}
                _ => {
                    sheet.write_string(row, col, cell).unwrap();
                }
            }
        }
    }
    book.save(xlsx).unwrap();
}

fn calc_csv(ws: &Path, period: &str, lines: &[&str]) -> common::Run {
    comp()
        .arg("--workspace")
        .arg(ws)
        .args(["calc", "--period", period, "--format", "csv"])
        .args(lines)
        .run()
}

/// The workspace beside comp.toml reading deals from a workbook saved with its header on
/// `header_row`.
fn xlsx_workspace(acme: &Path, header_row: u32) -> std::path::PathBuf {
    let book = format!("data/deals-{header_row}.xlsx");
    save_deals_as_xlsx(&acme.join("data/deals.csv"), &acme.join(&book), header_row);
    let toml = std::fs::read_to_string(acme.join("comp.toml")).unwrap();
    let xlsx_toml = toml.replace(
        "file = \"data/deals.csv\"",
        &format!("file = \"{book}\"\nsheet = \"Opportunités\"\nheader_row = {header_row}"),
    );
    assert_ne!(toml, xlsx_toml);
    let ws = acme.join(format!("comp-xlsx-{header_row}.toml"));
    std::fs::write(&ws, xlsx_toml).unwrap();
    ws
}

/// The deals as a workbook compute byte for byte as their CSV: statements, and with the header on
/// row 1 (sheet rows are then the CSV's lines) each credited record's line too.
#[test]
fn deals_saved_as_xlsx_compute_byte_for_byte_as_their_csv() {
    let tmp = acme();
    let acme = tmp.path().join("examples/acme");
    let csv = acme.join("comp.toml");
    let cases: [(u32, &[&str]); 3] = [(1, &[]), (1, &["--lines"]), (3, &[])];
    for (header_row, lines) in cases {
        let xlsx = xlsx_workspace(&acme, header_row);
        for period in ["2024-Q1", "2024"] {
            let from_csv = calc_csv(&csv, period, lines);
            let from_xlsx = calc_csv(&xlsx, period, lines);
            assert!(from_csv.success(), "{}", from_csv.text());
            assert!(from_xlsx.success(), "{}", from_xlsx.text());
            assert!(from_csv.stdout.len() > 1000);
            assert!(
                from_csv.stdout == from_xlsx.stdout,
                "{period} {}: the workbook computes differently from its CSV",
                lines.join(" ")
            );
        }
    }
    // warnings name the sheet and its row: the repeated id is on the sheet's row 1213 (CSV line
    // 1211, two rows lower for the title and the blank row)
    let run = calc_csv(&acme.join("comp-xlsx-3.toml"), "2024-Q1", &[]);
    assert!(
        run.stderr
            .contains("data/deals-3.xlsx!Opportunités:1213: id `OPP-24-01208` repeats line 1212"),
        "{}",
        run.stderr
    );
}

/// A value that does not read is an error at its cell: `deals.xlsx!Opportunités!G7`, with the value.
#[test]
fn an_error_points_at_the_sheet_and_cell() {
    let tmp = acme();
    let acme = tmp.path().join("examples/acme");
    let csv = std::fs::read_to_string(acme.join("data/deals.csv")).unwrap();
    // a won deal's ARR (OPP-24-00004, on the sheet's row 6: title, blank, header, three deals
    // before it), written as text that is no number
    let broken = csv.replacen("4 309,20", "environ 4300", 1);
    std::fs::write(acme.join("data/broken.csv"), broken).unwrap();
    save_deals_as_xlsx_text_arr(&acme.join("data/broken.csv"), &acme.join("data/deals.xlsx"));
    let toml = std::fs::read_to_string(acme.join("comp.toml"))
        .unwrap()
        .replace(
            "file = \"data/deals.csv\"",
            "file = \"data/deals.xlsx\"\nsheet = \"Opportunités\"\nheader_row = 3",
        );
    std::fs::write(acme.join("comp.toml"), toml).unwrap();
    let run = comp()
        .arg("--workspace")
        .arg(acme.join("comp.toml"))
        .args(["calc", "--period", "2024-Q1"])
        .hide_tmp(tmp.path())
        .run();
    assert_eq!(run.code, Some(2), "{}", run.text());
    insta::assert_snapshot!(run.text());
}

/// Like [`save_deals_as_xlsx`], but every cell as text (an ARR that is no number stays text).
fn save_deals_as_xlsx_text_arr(csv: &Path, xlsx: &Path) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Opportunités").unwrap();
    sheet.write_string(0, 0, "Export des opportunités").unwrap();
    for (i, line) in csv_rows(csv).iter().enumerate() {
        for (c, cell) in line.iter().enumerate() {
            if !cell.is_empty() {
                sheet.write_string(2 + i as u32, c as u16, cell).unwrap();
            }
        }
    }
    book.save(xlsx).unwrap();
}

/// `sheet` names a sheet the workbook has.
#[test]
fn a_missing_sheet_is_named_with_the_sheets_there_are() {
    let tmp = acme();
    let acme = tmp.path().join("examples/acme");
    save_deals_as_xlsx(
        &acme.join("data/deals.csv"),
        &acme.join("data/deals.xlsx"),
        3,
    );
    let toml = std::fs::read_to_string(acme.join("comp.toml"))
        .unwrap()
        .replace(
            "file = \"data/deals.csv\"",
            "file = \"data/deals.xlsx\"\nsheet = \"Deals\"\nheader_row = 3",
        );
    std::fs::write(acme.join("comp.toml"), toml).unwrap();
    let run = comp()
        .arg("--workspace")
        .arg(acme.join("comp.toml"))
        .args(["calc", "--period", "2024-Q1"])
        .hide_tmp(tmp.path())
        .run();
    assert_eq!(run.code, Some(2), "{}", run.text());
    insta::assert_snapshot!(run.text());
}

/// `sheet` on a CSV file is an error at the key.
#[test]
fn a_sheet_on_a_csv_file_is_an_error() {
    let tmp = acme();
    let acme = tmp.path().join("examples/acme");
    let toml = std::fs::read_to_string(acme.join("comp.toml"))
        .unwrap()
        .replace(
            "file = \"data/deals.csv\"",
            "file = \"data/deals.csv\"\nsheet = \"Deals\"",
        );
    std::fs::write(acme.join("comp.toml"), toml).unwrap();
    let run = comp()
        .arg("--workspace")
        .arg(acme.join("comp.toml"))
        .args(["check"])
        .hide_tmp(tmp.path())
        .run();
    assert_eq!(run.code, Some(2), "{}", run.text());
    insta::assert_snapshot!(run.text());
}

/// `--format xlsx -o pay.xlsx`: the workbook reads back (calamine) with the payroll CSV's amounts,
/// as numbers; one sheet per view; a name that looks like a formula stays text.
#[test]
fn a_payroll_workbook_reads_back_with_the_same_amounts() {
    use calamine::{open_workbook_auto, Data, Reader};
    let tmp = init_with_a_formula_name();
    let ws = tmp.path().join("ws");
    let book = tmp.path().join("pay.xlsx");
    let run = comp()
        .workspace(&ws)
        .args([
            "calc", "--period", "2024-Q1", "--format", "xlsx", "--lines", "-o",
        ])
        .arg(&book)
        .run();
    assert!(run.success(), "{}", run.text());
    let payroll = comp()
        .workspace(&ws)
        .args(["calc", "--period", "2024-Q1", "--format", "payroll"])
        .run();
    let payroll = String::from_utf8(payroll.stdout).unwrap();

    let mut wb = open_workbook_auto(&book).unwrap();
    assert_eq!(
        wb.sheet_names(),
        ["statements", "lines", "reconciliation", "payroll"]
    );
    let sheet = wb.worksheet_range("payroll").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let csv: Vec<csv::StringRecord> = csv::Reader::from_reader(payroll.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), csv.len() + 1, "{payroll}");
    for (row, line) in rows.iter().skip(1).zip(&csv) {
        // the CSV neutralises a text cell a spreadsheet would run with a leading `'`; the workbook
        // holds it as a text cell, which is never run, so it is written as it is
        let text = |cell: &str| cell.strip_prefix('\'').unwrap_or(cell).to_string();
        assert_eq!(row[0].to_string(), text(&line[0]));
        assert_eq!(row[1].to_string(), text(&line[1]));
        // the amount is a number, the same to the cent
        let Data::Float(amount) = row[3] else {
            panic!("{:?} is not a number", row[3]);
        };
        assert_eq!(format!("{amount:.2}"), &line[3], "{line:?}");
    }
    // the formula-looking name is a string cell, shown as written
    assert!(
        rows.iter()
            .any(|r| r[1] == Data::String("=HYPERLINK(\"http://x\",\"Alex\")".into())),
        "{rows:?}"
    );
    let statements = wb.worksheet_range("statements").unwrap();
    assert!(statements.rows().count() > 2);
}

#[test]
fn an_xlsx_to_the_terminal_is_refused() {
    let run = comp()
        .args(["--workspace", "examples/acme/comp.toml"])
        .args(["calc", "--period", "2024-Q1", "--format", "xlsx"])
        .run();
    assert_eq!(run.code, Some(2), "{}", run.text());
    insta::assert_snapshot!(run.text());
}

/// A workspace of `comp init` whose first payee is named like a spreadsheet formula.
fn init_with_a_formula_name() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let run = comp().args(["init"]).arg(dir.path().join("ws")).run();
    assert!(run.success(), "{}", run.text());
    let roster = dir.path().join("ws/data/roster.csv");
    let text = std::fs::read_to_string(&roster).unwrap().replace(
        "Alex Martin",
        "\"=HYPERLINK(\"\"http://x\"\",\"\"Alex\"\")\"",
    );
    std::fs::write(&roster, text).unwrap();
    dir
}
