//! Reading a spreadsheet source: the deals of a generated company of 100,000 deals saved as an
//! .xlsx workbook (ARR as numbers, closing dates as dates), read into rows by calamine
//! (`comp_read::sheet::read`), and a month's load of it next to the same load from the CSV.
//!
//!     cargo bench --bench xlsx
//!
//! The workbook is generated once into the system's temporary folder and reused by later runs.

use comp::data::Ledger;
use comp::engine::{self, Request};
use comp::period::Period;
use comp::workspace::Workspace;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::path::{Path, PathBuf};

const DEALS: usize = 100_000;

fn main() {
    divan::main();
}

/// The demo company of `DEALS` deals, and the same company reading its deals from a workbook.
fn workspaces() -> (Workspace, Workspace) {
    let payees = (DEALS / 1000).max(20);
    let dir = std::env::temp_dir().join(format!("comp-bench-xlsx-{payees}p-{DEALS}d-s7"));
    let csv_ws: PathBuf = dir.join("comp.toml");
    let xlsx_ws: PathBuf = dir.join("comp-xlsx.toml");
    if !xlsx_ws.exists() {
        comp::demo::write_workspace(&dir, payees, DEALS, 7).expect("generate the demo company");
        save_as_xlsx(&dir.join("data/deals.csv"), &dir.join("data/deals.xlsx"));
        let toml = std::fs::read_to_string(&csv_ws).unwrap();
        let toml = toml.replace("file = \"data/deals.csv\"", "file = \"data/deals.xlsx\"");
        std::fs::write(&xlsx_ws, toml).unwrap();
    }
    let load = |p: &Path| comp::read::workspace_file::load(p).expect("the demo workspace loads");
    (load(&csv_ws), load(&xlsx_ws))
}

/// The demo's deals (`;`, `12 500,00`, `31/03/2024`) as a workbook with typed cells.
fn save_as_xlsx(csv: &Path, xlsx: &Path) {
    let mut rows = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_path(csv)
        .unwrap();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let mut header: Vec<String> = Vec::new();
    for (r, record) in rows.records().enumerate() {
        let record = record.unwrap();
        if r == 0 {
            header = record.iter().map(str::to_string).collect();
        }
        for (c, cell) in record.iter().enumerate() {
            let (row, col) = (r as u32, c as u16);
            match header[c].as_str() {
                "ARR" if r > 0 => {
                    let n: f64 = cell.replace(' ', "").replace(',', ".").parse().unwrap();
                    sheet.write_number(row, col, n).unwrap();
                }
                "Date de clôture" if r > 0 => {
                    let d: Vec<u16> = cell.split('/').map(|p| p.parse().unwrap()).collect();
                    let when = ExcelDateTime::from_ymd(d[2], d[1] as u8, d[0] as u8).unwrap();
                    sheet
                        .write_date_with_format(row, col, &when, &date)
                        .unwrap();
                }
                _ => {
                    sheet.write_string(row, col, cell).unwrap();
                }
            }
        }
    }
    book.save(xlsx).unwrap();
}

/// The workbook's sheet into rows: opening the file, unzipping and parsing the XML, every cell
/// written as text in the source's formats.
#[divan::bench(sample_count = 5)]
fn read_100k_rows_of_xlsx(bencher: divan::Bencher) {
    let (_, ws) = workspaces();
    let deals = ws.source("deals").unwrap().clone();
    bencher.bench(|| comp::read::sheet::read(&deals).expect("the workbook reads"));
}

fn load_march(ws: &Workspace) {
    let req = Request {
        period: Period::parse("2024-03", ws.fiscal).unwrap(),
        payees: Vec::new(),
        plans: Vec::new(),
        detail: false,
    };
    let needs = engine::needs(ws, &Ledger::default(), &req);
    comp::read::load(ws, &needs, comp::read::Policy::FirstError).expect("the demo data loads");
}

/// A month's load with the deals from the workbook (read whole, then mapped and credited).
#[divan::bench(sample_count = 5)]
fn load_one_month_from_xlsx(bencher: divan::Bencher) {
    let (_, ws) = workspaces();
    bencher.bench(|| load_march(&ws));
}

/// The same month's load from the CSV, for comparison.
#[divan::bench(sample_count = 5)]
fn load_one_month_from_csv(bencher: divan::Bencher) {
    let (ws, _) = workspaces();
    bencher.bench(|| load_march(&ws));
}
