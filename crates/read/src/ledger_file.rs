//! Writing the ledger: refusals (a period closed twice, or before the last closed one), the rows of a
//! close, a lock so two closes cannot interleave, and an append that is all or nothing.

use anyhow::{Context, Result};
use chrono::NaiveDate;
use comp_core::data::{Ledger, Roster, LEDGER_HEADER};
use comp_core::diag::Diagnostic;
use comp_core::period::Period;
use comp_core::report::CalcReport;
use comp_core::workspace::Workspace;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// An exclusive lock on the ledger, held until dropped (the operating system releases it if the process
/// dies, so a crashed close never leaves a stale lock behind).
pub struct LedgerLock {
    _file: File,
    pub path: PathBuf,
}

pub fn lock(ledger: &Path) -> Result<LedgerLock> {
    let mut name = ledger.as_os_str().to_owned();
    name.push(".lock");
    let path = PathBuf::from(name);
    // a ledger configured in a folder of its own (`ledger = "ledger/payouts.csv"`): the first close
    // creates the folder, as it creates the file
    if let Some(dir) = ledger.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the ledger's folder {}", dir.display()))?;
    }
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot create the ledger lock {}", path.display()))?;
    file.lock()
        .with_context(|| format!("cannot lock {}", path.display()))?;
    Ok(LedgerLock { _file: file, path })
}

/// The first period of a plan after `last` and before `period` in which someone on the plan is
/// employed: a period with nobody on the plan has no statement, so no ledger row, and closing it is
/// nothing to wait for (a plan whose only payee left in February is not stuck when April is closed).
fn first_open_between(
    ws: &Workspace,
    roster: &Roster,
    plan: &str,
    last: Period,
    period: Period,
) -> Option<Period> {
    let frequency = ws.plan(plan)?.frequency;
    let mut day = last.end().succ_opt()?;
    while day < period.start {
        let month = Period::parse(&day.format("%Y-%m").to_string(), ws.fiscal)?;
        let q = month
            .fiscal_year(ws.fiscal)
            .split(frequency, ws.fiscal)
            .into_iter()
            .find(|q| q.contains(day))?;
        if q.start >= period.start {
            break;
        }
        let staffed = roster
            .payees
            .iter()
            .any(|p| p.plan == plan && p.employed_during(q.start, q.end()));
        if staffed {
            return Some(q);
        }
        day = q.end().succ_opt()?;
    }
    None
}

/// Why the statements of a report cannot be closed: each plan period once, with its reason.
pub fn refusals(
    ws: &Workspace,
    roster: &Roster,
    report: &CalcReport,
    ledger: &Ledger,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen = Vec::new();
    for s in &report.statements {
        let key = (s.plan.as_str(), s.period);
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        if ledger.is_closed(&s.plan, &s.period) {
            out.push(
                Diagnostic::new(format!("{} of plan `{}` is already closed", s.period, s.plan))
                    .hint(format!(
                        "a closed period is never recomputed into {}; changes to its data show as adjustments in the next open period",
                        ledger.path.display()
                    )),
            );
        } else if let Some((last, open)) = ledger
            .last_closed(&s.plan)
            .filter(|l| l.end() < s.period.start)
            .and_then(|l| Some((l, first_open_between(ws, roster, &s.plan, l, s.period)?)))
        {
            out.push(
                Diagnostic::new(format!(
                    "{} of plan `{}` cannot be closed while an earlier period is open: the last closed one is {last}",
                    s.period, s.plan
                ))
                .hint(format!(
                    "close the plan's periods in order, starting with the one that begins {}",
                    open.start
                )),
            );
        } else if let Some(last) = ledger
            .last_closed(&s.plan)
            .filter(|l| l.end() > s.period.end())
        {
            out.push(
                Diagnostic::new(format!(
                    "{} of plan `{}` is before its last closed period, {last}",
                    s.period, s.plan
                ))
                .hint("periods are closed in order; late data for an earlier period is adjusted in the next open one"),
            );
        }
    }
    if report.statements.is_empty() {
        out.push(
            Diagnostic::new(format!(
                "nothing to close for {}: no statement ends in it",
                report.period
            ))
            .hint("close the month a plan period ends in (2024-03 closes Q1 of a quarterly plan)"),
        );
    }
    out
}

/// The ledger rows of a close: one per statement line, zero lines included, so the ledger shows the
/// period closed for every payee.
pub fn rows(report: &CalcReport, currency: &str, closed_on: NaiveDate) -> Vec<[String; 7]> {
    let mut rows = Vec::new();
    for s in &report.statements {
        for l in &s.lines {
            rows.push([
                s.period.to_string(),
                s.payee.clone(),
                s.plan.clone(),
                l.id.to_string(),
                l.payout.to_string(),
                currency.to_string(),
                closed_on.to_string(),
            ]);
        }
    }
    rows
}

/// Appends rows to the ledger, all or nothing: the old ledger and the new rows are written to a temporary
/// file beside it, flushed to disk, and renamed over it. The old bytes are copied unchanged, so closed
/// periods stay byte-identical; a failure at any step leaves the ledger as it was. `before_rename` is
/// the last step before the rename (tests use it to simulate a crash there).
pub fn append(
    ledger: &Path,
    rows: &[[String; 7]],
    before_rename: impl FnOnce() -> std::io::Result<()>,
) -> Result<()> {
    let mut bytes = match std::fs::read(ledger) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", ledger.display())),
    };
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    if bytes.is_empty() {
        w.write_record(LEDGER_HEADER)?;
    } else if !bytes.ends_with(b"\n") {
        bytes.push(b'\n');
    }
    for r in rows {
        w.write_record(r)?;
    }
    bytes.extend(w.into_inner().context("cannot format ledger rows")?);
    let dir = match ledger.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    tmp.write_all(&bytes)?;
    tmp.as_file().sync_all()?;
    before_rename().context("the ledger was not changed")?;
    tmp.persist(ledger)
        .with_context(|| format!("cannot replace {}", ledger.display()))?;
    // make the rename itself durable
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(period: &str, amount: &str) -> [String; 7] {
        [period, "a1", "p", "c", amount, "EUR", "2024-02-01"].map(String::from)
    }

    #[test]
    fn appends_keep_earlier_rows_byte_identical() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.csv");
        append(&path, &[row("2024-01", "1200.00")], || Ok(())).unwrap();
        let january = std::fs::read(&path).unwrap();
        append(&path, &[row("2024-02", "800.00")], || Ok(())).unwrap();
        let both = std::fs::read(&path).unwrap();
        assert!(both.starts_with(&january));
        assert_eq!(
            String::from_utf8(both).unwrap(),
            "period,payee,plan,component,amount,currency,closed_on\n\
             2024-01,a1,p,c,1200.00,EUR,2024-02-01\n\
             2024-02,a1,p,c,800.00,EUR,2024-02-01\n"
        );
    }

    #[test]
    fn a_failure_before_the_rename_leaves_the_ledger_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.csv");
        append(&path, &[row("2024-01", "1200.00")], || Ok(())).unwrap();
        let before = std::fs::read(&path).unwrap();
        let crash = || Err(std::io::Error::other("simulated crash"));
        assert!(append(&path, &[row("2024-02", "800.00")], crash).is_err());
        assert_eq!(std::fs::read(&path).unwrap(), before);
        // no temporary file is left behind either
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["ledger.csv"]);
    }
}
