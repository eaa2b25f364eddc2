//! Benchmarks of each stage of `comp calc` on generated companies of 10k, 100k and 1M deals:
//! loading the deals, crediting and measures with components (the engine), and rendering.
//!
//!     cargo bench --bench calc              # all sizes
//!     cargo bench --bench calc -- 100000    # one size
//!
//! The workspaces are generated once per size into the system's temporary folder (comp::demo) and
//! reused by later runs. End-to-end figures with peak memory come from scripts/bench-calc.sh.

use comp::data::{Dataset, Ledger};
use comp::engine::{self, Request};
use comp::period::Period;
use comp::report::CalcReport;
use comp::workspace::Workspace;
use std::path::PathBuf;

const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];

fn main() {
    divan::main();
}

/// A generated workspace with `deals` deals and one payee per thousand deals (at least 20).
fn workspace(deals: usize) -> Workspace {
    let payees = (deals / 1000).max(20);
    // "-chacha8": not a workspace cached before the demo drew from ChaCha8 (or wrote customers)
    let dir = std::env::temp_dir().join(format!("comp-bench-{payees}p-{deals}d-s7-chacha8"));
    let ws_file: PathBuf = dir.join("comp.toml");
    if !ws_file.exists() {
        comp::demo::write_workspace(&dir, payees, deals, 7).expect("generate the demo company");
    }
    comp::read::workspace_file::load(&ws_file).expect("the demo workspace loads")
}

fn request(ws: &Workspace, period: &str) -> Request {
    Request {
        period: Period::parse(period, ws.fiscal).unwrap(),
        payees: Vec::new(),
        plans: Vec::new(),
        detail: false,
    }
}

fn loaded(ws: &Workspace, req: &Request) -> Dataset {
    comp::read::load(
        ws,
        &engine::needs(ws, &Ledger::default(), req),
        comp::read::Policy::FirstError,
    )
    .expect("the demo data loads")
}

fn calculated(ws: &Workspace, data: &Dataset, req: &Request) -> CalcReport {
    engine::calculate(ws, data, &Ledger::default(), req).expect("the demo calculates")
}

#[divan::bench(args = SIZES, sample_count = 5)]
fn load_one_month(bencher: divan::Bencher, deals: usize) {
    let ws = workspace(deals);
    let req = request(&ws, "2024-03");
    bencher.bench_local(|| loaded(&ws, &req));
}

#[divan::bench(args = SIZES, sample_count = 5)]
fn load_whole_year(bencher: divan::Bencher, deals: usize) {
    let ws = workspace(deals);
    let req = request(&ws, "2024");
    bencher.bench_local(|| loaded(&ws, &req));
}

#[divan::bench(args = SIZES, sample_count = 5)]
fn engine_one_month(bencher: divan::Bencher, deals: usize) {
    let ws = workspace(deals);
    let req = request(&ws, "2024-03");
    let data = loaded(&ws, &req);
    bencher.bench_local(|| calculated(&ws, &data, &req));
}

#[divan::bench(args = SIZES, sample_count = 5)]
fn engine_whole_year(bencher: divan::Bencher, deals: usize) {
    let ws = workspace(deals);
    let req = request(&ws, "2024");
    let data = loaded(&ws, &req);
    bencher.bench_local(|| calculated(&ws, &data, &req));
}

#[divan::bench(args = SIZES, sample_count = 5)]
fn render_whole_year(bencher: divan::Bencher, deals: usize) {
    let ws = workspace(deals);
    let req = request(&ws, "2024");
    let data = loaded(&ws, &req);
    let report = calculated(&ws, &data, &req);
    bencher.bench_local(|| {
        let mut table = Vec::new();
        let opts = comp::render::table::Options {
            lines: false,
            reconcile: true,
            width: None,
        };
        comp::render::table::report(&report, &opts, &mut table).unwrap();
        let mut csv = Vec::new();
        comp::render::csv::statements(&report, Default::default(), &mut csv).unwrap();
        (table.len(), csv.len())
    });
}
