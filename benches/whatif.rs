//! Benchmarks of `comp whatif`: Monte Carlo with 10,000 trials on a generated company of 1,000
//! sales payees (`comp demo`; alone, or with its 87 in customer success, their KPIs held or drawn), and the example scenario (examples/acme/2023/scenario-2024.toml) in replay
//! and Monte Carlo (10,000 trials).
//!
//!     cargo bench --bench whatif
//!
//! Each sample is a whole projection: the scenario's base year loaded, the modelled year built,
//! the engine run and the statistics taken (rendering excluded). The generated company is written
//! once into the system's temporary folder and reused by later runs.

use comp::commands::whatif::project;
use comp::whatif::{ModelKind, Scenario};
use comp::workspace::Workspace;
use std::path::{Path, PathBuf};

fn main() {
    divan::main();
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The demo company: 1,000 sales payees (~45% ae-arr, ~20% ae-enterprise, ~35% sdr) and 87 in
/// customer success, 100,000 deals.
fn demo() -> (Workspace, Scenario) {
    demo_trials(10_000)
}

/// The demo company with a Monte Carlo of `trials` trials (100% +/- 20%, seed 1).
fn demo_trials(trials: u32) -> (Workspace, Scenario) {
    demo_scenario(trials, "", "")
}

/// Where the demo company is written (once: later runs reuse it).
fn demo_dir() -> PathBuf {
    // "-chacha8": not a workspace cached before the demo drew from ChaCha8
    let dir = std::env::temp_dir().join("comp-bench-whatif-1000p-100000d-s7-chacha8");
    if !dir.join("comp.toml").exists() {
        comp::demo::write_workspace(&dir, 1000, 100_000, 7).expect("generate the demo company");
    }
    dir
}

/// The demo company with a Monte Carlo of `trials` trials and these lines after `[monte_carlo]`,
/// the scenario's file named with `name`.
fn demo_scenario(trials: u32, name: &str, more: &str) -> (Workspace, Scenario) {
    let dir = demo_dir();
    let ws_file = dir.join("comp.toml");
    let sc_file = dir.join(format!("monte-carlo-{trials}{name}.toml"));
    std::fs::write(
        &sc_file,
        format!("base_year = 2024\nyear = 2024\nmodel = \"monte-carlo\"\n\n[monte_carlo]\ntrials = {trials}\nseed = 1\nmean = \"100%\"\nspread = \"20%\"\n{more}"),
    )
    .expect("write the scenario");
    load(&ws_file, &sc_file)
}

fn load(ws: &Path, sc: &Path) -> (Workspace, Scenario) {
    let ws = comp::read::workspace_file::load(ws).expect("the workspace loads");
    let sc = comp::read::scenario_file::load(sc, ws.fiscal).expect("the scenario loads");
    (ws, sc)
}

fn example() -> (Workspace, Scenario) {
    load(
        &root().join("examples/acme/2023/comp.toml"),
        &root().join("examples/acme/2023/scenario-2024.toml"),
    )
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn monte_carlo_10000_trials_1000_payees(bencher: divan::Bencher) {
    let (ws, sc) = demo();
    bencher.bench_local(|| project(&ws, &sc, ModelKind::MonteCarlo).expect("projects"));
}

/// The same company's 1,000 sales payees alone: the 87 in customer success leave before the year
/// (the "sales-only" case).
#[divan::bench(sample_count = 3, sample_size = 1)]
fn monte_carlo_10000_trials_1000_payees_sales_only(bencher: divan::Bencher) {
    let dir = demo_dir();
    let roster = std::fs::read_to_string(dir.join("data/roster.csv")).expect("the roster");
    let leavers: String = roster
        .lines()
        .filter(|l| l.contains(",csm-grr,") || l.contains(",cs-upsell,"))
        .map(|l| {
            format!(
                "\n[[leavers]]\npayee = \"{}\"\n",
                l.split(',').next().unwrap_or("")
            )
        })
        .collect();
    let (ws, sc) = demo_scenario(10_000, "-sales-only", &leavers);
    bencher.bench_local(|| project(&ws, &sc, ModelKind::MonteCarlo).expect("projects"));
}

/// What the KPI cases draw: each CSM's GRR and each CS team's NRR, 5 points either way.
const KPIS_DRAWN: &str =
    "\n[monte_carlo.kpi]\ngrr = { spread = \"5%\" }\nteam_nrr = { spread = \"5%\" }\n";

/// The same company with its customer-success team's KPIs drawn: each of the 65 CSMs' quarterly
/// GRR around their own 2024 value (5 points), each CS team's NRR (5 points), read by its 22
/// account managers: 1,000 sales payees and 87 (8%) on KPI plans.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn monte_carlo_10000_trials_1000_payees_kpi(bencher: divan::Bencher) {
    let (ws, sc) = demo_scenario(10_000, "-kpi", KPIS_DRAWN);
    bencher.bench_local(|| project(&ws, &sc, ModelKind::MonteCarlo).expect("projects"));
}

/// The same company with 2,000 trials: small enough to profile and to run before and after a
/// change.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn monte_carlo_2000_trials_1000_payees(bencher: divan::Bencher) {
    let (ws, sc) = demo_trials(2_000);
    bencher.bench_local(|| project(&ws, &sc, ModelKind::MonteCarlo).expect("projects"));
}

/// The KPI case with 2,000 trials: small enough to profile the KPI draws' engine runs
/// (`KpiModel::run`) under callgrind.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn monte_carlo_2000_trials_1000_payees_kpi(bencher: divan::Bencher) {
    let (ws, sc) = demo_scenario(2_000, "-kpi", KPIS_DRAWN);
    bencher.bench_local(|| project(&ws, &sc, ModelKind::MonteCarlo).expect("projects"));
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn example_scenario_replay(bencher: divan::Bencher) {
    let (ws, sc) = example();
    bencher.bench_local(|| project(&ws, &sc, ModelKind::Replay).expect("projects"));
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn example_scenario_monte_carlo_10000_trials(bencher: divan::Bencher) {
    let (ws, sc) = example();
    bencher.bench_local(|| project(&ws, &sc, ModelKind::MonteCarlo).expect("projects"));
}

/// The example company's solve (examples/acme/2023/solve-2024.toml): the ARR plan's quota growth for
/// an 8% cost of sales, 14 replays of the year.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn example_solve_replay(bencher: divan::Bencher) {
    let (ws, sc) = load(
        &root().join("examples/acme/2023/comp.toml"),
        &root().join("examples/acme/2023/solve-2024.toml"),
    );
    bencher.bench_local(|| project(&ws, &sc, ModelKind::Replay).expect("solves"));
}

/// The demo company's solve in replay: the quota growth for everyone that puts the year's total
/// cost at 5,000,000 (each run a replay of 1,000 payees' 100,000 deals).
#[divan::bench(sample_count = 3, sample_size = 1)]
fn solve_1000_payees_replay(bencher: divan::Bencher) {
    let (ws, _) = demo();
    let dir = std::env::temp_dir().join("comp-bench-whatif-1000p-100000d-s7-chacha8");
    let sc_file = dir.join("solve.toml");
    std::fs::write(
        &sc_file,
        "base_year = 2024\nyear = 2024\n\n[solve]\nvary = { quota_growth = {} }\ntarget = { total_cost = 5000000 }\nbetween = [\"-50%\", \"100%\"]\n",
    )
    .expect("write the scenario");
    let sc = comp::read::scenario_file::load(&sc_file, ws.fiscal).expect("the scenario loads");
    bencher.bench_local(|| project(&ws, &sc, ModelKind::Replay));
}
