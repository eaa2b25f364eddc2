//! The fuzz targets: each takes the fuzzer's bytes as one kind of input file and runs it through
//! the code comp runs on that file, from the reader to the engine. A target never checks results:
//! the fuzzer looks for panics, aborts and hangs. Every error is rendered as the user would read it,
//! so the code that points at a line and column runs too.

use comp_core::data::{Dataset, Ledger, Needs};
use comp_core::diag::{Invalid, SourceText};
use comp_core::engine::{self, Request};
use comp_core::expect;
use comp_core::period::{FiscalStart, Frequency, Period};
use comp_core::plan;
use comp_core::report::CalcReport;
use comp_core::workspace::{self, Workspace};
use comp_read::Policy;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

/// Every target, by the name `comp-fuzz` and scripts/fuzz.sh take.
pub const TARGETS: &[(&str, Target)] = &[
    ("plan", Target::Plan),
    ("workspace", Target::Workspace),
    ("deals", Target::Csv("deals")),
    ("intl", Target::Csv("intl")),
    ("roster", Target::Csv("roster")),
    ("quotas", Target::Csv("quotas")),
    ("customers", Target::Csv("customers")),
    ("mrr", Target::Csv("mrr")),
    ("surveys", Target::Csv("surveys")),
    ("onboarding", Target::Csv("onboarding")),
    ("fx", Target::Csv("fx")),
    ("ledger", Target::Ledger),
    ("expect", Target::Expect),
    ("scenario", Target::Scenario),
    ("period", Target::Period),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A plan file, checked against the fixture's sources, then calculated on its data.
    Plan,
    /// comp.toml, with the fixture's plans and data files beside it, then loaded and calculated.
    Workspace,
    /// The data file of the fixture's source of that name, through the loader and the engine.
    Csv(&'static str),
    /// The payout ledger, read, then used by a calculation and the close checks.
    Ledger,
    /// An expectation file, checked, then compared with a calculation (and its cases run).
    Expect,
    /// A what-if scenario file.
    Scenario,
    /// A period argument (`2024-Q1`), after an optional fiscal year start line (`04-01`).
    Period,
}

impl Target {
    pub fn named(name: &str) -> Option<Target> {
        TARGETS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
    }
}

/// A target's surroundings: the fixture folder, and the workspace and data read from it once
/// (lazily, so that a forked fuzzing child starts rayon's threads itself).
pub struct Harness {
    dir: PathBuf,
    ws: OnceLock<Workspace>,
    data: OnceLock<Dataset>,
}

impl Harness {
    /// A harness over a fixture folder written by [`crate::fixture::build`].
    pub fn new(dir: &Path) -> Self {
        Harness {
            dir: dir.to_path_buf(),
            ws: OnceLock::new(),
            data: OnceLock::new(),
        }
    }

    fn ws(&self) -> &Workspace {
        self.ws.get_or_init(|| {
            comp_read::workspace_file::load(&self.dir.join("comp.toml"))
                .unwrap_or_else(|e| panic!("the fuzz fixture's workspace is invalid:\n{e}"))
        })
    }

    /// The fixture's data, every field of every source (for targets that do not change it).
    fn data(&self) -> &Dataset {
        self.data.get_or_init(|| {
            let ws = self.ws();
            comp_read::load(ws, &Needs::everything(ws), Policy::CollectAll)
                .unwrap_or_else(|e| panic!("the fuzz fixture's data is invalid:\n{e}"))
        })
    }

    /// Runs one input through a target.
    pub fn run(&self, target: Target, input: &[u8]) {
        match target {
            Target::Plan => self.plan(input),
            Target::Workspace => self.workspace(input),
            Target::Csv(source) => self.csv(source, input),
            Target::Ledger => self.ledger(input),
            Target::Expect => self.expect(input),
            Target::Scenario => self.scenario(input),
            Target::Period => period(input),
        }
    }

    fn plan(&self, input: &[u8]) {
        // comp reads plan files as UTF-8 text (read_to_string): other bytes never reach the checker
        let Ok(text) = std::str::from_utf8(input) else {
            return;
        };
        let ws = self.ws();
        let src = SourceText::new(self.dir.join("plans/fuzzed.toml"), text);
        let Some(plan) = shown(plan::check(&src, &ws.sources)) else {
            return;
        };
        // in place of the fixture's plan of the same id, or beside them
        let mut ws = ws.clone();
        match ws.plans.iter_mut().find(|p| p.id == plan.id) {
            Some(p) => *p = plan,
            None => ws.plans.push(plan),
        }
        calculate(&ws, self.data(), &Ledger::default());
    }

    fn workspace(&self, input: &[u8]) {
        let Ok(text) = std::str::from_utf8(input) else {
            return;
        };
        let src = SourceText::new(self.dir.join("comp.toml"), text);
        let checked = workspace::check(&src, &mut |plan| fs::read_to_string(plan));
        if let Some(ws) = shown(checked) {
            load_and_calculate(&ws);
        }
    }

    fn csv(&self, source: &str, input: &[u8]) {
        let ws = self.ws();
        let file = &ws
            .source(source)
            .unwrap_or_else(|| panic!("the fuzz fixture has no source `{source}`"))
            .file;
        fs::write(file, input).expect("the fixture folder is writable");
        load_and_calculate(ws);
    }

    fn ledger(&self, input: &[u8]) {
        let ws = self.ws();
        fs::write(&ws.ledger, input).expect("the fixture folder is writable");
        let Some(ledger) = shown(comp_read::ledger::load(ws)) else {
            return;
        };
        let data = self.data();
        for period in ["2024-Q2", "2024"] {
            if let Some(report) = calculate_one(ws, data, &ledger, period) {
                for d in comp_read::ledger_file::refusals(ws, &data.roster, &report, &ledger) {
                    std::hint::black_box(d.to_string());
                }
            }
        }
    }

    fn expect(&self, input: &[u8]) {
        let ws = self.ws();
        let path = self.dir.join("expect/fuzzed.toml");
        fs::create_dir_all(path.parent().expect("a folder")).expect("a writable fixture");
        fs::write(&path, input).expect("the fixture folder is writable");
        let Some(exps) = shown(comp_read::expect_files::load(ws, &path)) else {
            return;
        };
        // as comp check does: inline cases run on their own data, the others against the data
        let data = self.data();
        let mut reports = Vec::new();
        for period in expect::periods(&exps) {
            if let Some(r) = shown(engine::calculate(
                ws,
                data,
                &Ledger::default(),
                &Request::everyone(period),
            )) {
                reports.push(r);
            }
        }
        for e in &exps {
            match &e.case {
                Some(case) => {
                    if let Some(report) = shown(comp::commands::cases::run(ws, e, case)) {
                        std::hint::black_box(expect::compare_one(e, &report).len());
                    }
                }
                None => {
                    std::hint::black_box(expect::compare(std::slice::from_ref(e), &reports).len());
                }
            }
        }
    }

    fn scenario(&self, input: &[u8]) {
        let ws = self.ws();
        let path = self.dir.join("scenario-fuzzed.toml");
        fs::write(&path, input).expect("the fixture folder is writable");
        // the scenario's reader: re-point here when it moves out of the comp crate
        if let Some(s) = shown(comp::read::scenario_file::load(&path, ws.fiscal)) {
            std::hint::black_box(s.shift());
        }
    }
}

/// A period argument: comp's `--period`, under the fiscal year start on the first line if there is
/// one, then every computation a period takes part in.
fn period(input: &[u8]) {
    let Ok(text) = std::str::from_utf8(input) else {
        return;
    };
    let (fiscal, arg) = match text.split_once('\n') {
        Some((first, rest)) => (FiscalStart::parse(first).unwrap_or_default(), rest),
        None => (FiscalStart::default(), text),
    };
    let Some(p) = Period::parse(arg, fiscal) else {
        return;
    };
    let year = p.fiscal_year(fiscal);
    std::hint::black_box((p.to_string(), p.end(), p.contains(p.start), year.covers(&p)));
    for f in [
        Frequency::Month,
        Frequency::Quarter,
        Frequency::Half,
        Frequency::Year,
    ] {
        for q in p.split(f, fiscal) {
            std::hint::black_box((q.to_string(), q.end()));
        }
    }
}

/// Reads a workspace's data twice, as `comp check` does (every file, every problem) and as `comp calc`
/// does (what the plans need for a period), and calculates on what was read.
fn load_and_calculate(ws: &Workspace) {
    if let Some(data) = shown(comp_read::load(
        ws,
        &Needs::everything(ws),
        Policy::CollectAll,
    )) {
        calculate(ws, &data, &Ledger::default());
    }
    let Some(period) = Period::parse("2024-Q2", ws.fiscal) else {
        return;
    };
    let req = Request::everyone(period);
    let ledger = Ledger::default();
    let needs = engine::needs(ws, &ledger, &req);
    if let Some(data) = shown(comp_read::load(ws, &needs, Policy::FirstError)) {
        shown(engine::calculate(ws, &data, &ledger, &req));
    }
}

/// The year 2024: every plan period of the fixture's data.
fn calculate(ws: &Workspace, data: &Dataset, ledger: &Ledger) {
    calculate_one(ws, data, ledger, "2024");
}

fn calculate_one(
    ws: &Workspace,
    data: &Dataset,
    ledger: &Ledger,
    period: &str,
) -> Option<CalcReport> {
    let period = Period::parse(period, ws.fiscal)?;
    let report = shown(engine::calculate(
        ws,
        data,
        ledger,
        &Request::everyone(period),
    ))?;
    for note in &report.notes {
        std::hint::black_box(note);
    }
    Some(report)
}

/// Whether errors are printed as well as rendered (replays set it, the fuzzer does not).
static PRINT_ERRORS: AtomicBool = AtomicBool::new(false);

/// Prints every error a target meets to standard error: to see how far a seed or a crash gets.
pub fn print_errors(on: bool) {
    PRINT_ERRORS.store(on, Ordering::Relaxed);
}

/// The value of a result; its errors rendered as the user reads them (and dropped).
fn shown<T>(r: Result<T, Invalid>) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(e) => {
            let text = std::hint::black_box(e.to_string());
            if PRINT_ERRORS.load(Ordering::Relaxed) {
                eprint!("{text}");
            }
            None
        }
    }
}
