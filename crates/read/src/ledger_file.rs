//! Writing the ledger: refusals (a period not over, closed twice, or out of order), the rows of a
//! close, a lock so two closes cannot interleave, and an append that is all or nothing and sealed.

use crate::atomic_file;
use crate::seal;
use anyhow::{Context, Result};
use chrono::NaiveDate;
use comp_core::data::{Ledger, Roster, LEDGER_HEADER, LEDGER_PAY_COLUMNS};
use comp_core::diag::Diagnostic;
use comp_core::period::Period;
use comp_core::report::CalcReport;
use comp_core::workspace::Workspace;
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

/// An exclusive lock on the ledger, held until dropped (the operating system releases it if the
/// process dies, so a crashed close never leaves a held lock behind).
///
/// The lock is a file beside the ledger (`ledger.csv.lock`, beside the file a linked ledger leads
/// to, so workspaces sharing one ledger share its lock), removed when the close ends. Removing a
/// lock file is safe only with care: a close waiting on the file a finished close has just removed
/// would lock a file nobody else can see, while a third close creates and locks a new one. So the
/// file is removed only by the close that holds its lock, and a close that obtains the lock checks
/// that the path still names the file it locked, and starts again if not. A file left by a killed
/// close is locked and removed by the next one.
pub struct LedgerLock {
    file: File,
    pub path: PathBuf,
}

impl Drop for LedgerLock {
    fn drop(&mut self) {
        // while the lock is held (the file closes after this): see above
        if cfg!(unix) {
            let _ = std::fs::remove_file(&self.path);
        }
        let _ = self.file.unlock();
    }
}

/// Locks the ledger (waiting for a close in progress), then removes the temporary files that a
/// close killed while writing left beside it.
pub fn lock(ledger: &Path) -> Result<LedgerLock> {
    let target =
        atomic_file::target(ledger).with_context(|| format!("cannot read {}", ledger.display()))?;
    let mut name = target.as_os_str().to_owned();
    name.push(".lock");
    let path = PathBuf::from(name);
    // a ledger configured in a folder of its own (`ledger = "ledger/payouts.csv"`): the first close
    // creates the folder, as it creates the file
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the ledger's folder {}", dir.display()))?;
    }
    let file = loop {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("cannot create the ledger lock {}", path.display()))?;
        file.lock()
            .with_context(|| format!("cannot lock {}", path.display()))?;
        if names(&path, &file) {
            break file;
        }
        // the close before us removed it after we opened it: lock the current one
    };
    atomic_file::remove_stale_temps(&target);
    Ok(LedgerLock { file, path })
}

/// Whether `path` still names the open file `file`.
#[cfg(unix)]
fn names(path: &Path, file: &File) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(path), file.metadata()) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Elsewhere the lock file is never removed (an open file cannot be), so the path names it.
#[cfg(not(unix))]
fn names(_path: &Path, _file: &File) -> bool {
    true
}

/// Why a period cannot be closed on `closed_on`: it has not ended by then.
pub fn not_over(period: &Period, closed_on: NaiveDate) -> Option<Diagnostic> {
    (period.end() > closed_on).then(|| {
        Diagnostic::new(format!(
            "{period} has not ended: it ends on {}, after the close date {closed_on}",
            period.end()
        ))
        .hint(format!(
            "a period is closed once it is over: close {period} on or after {}",
            period.end()
        ))
    })
}

/// The first period of a plan from `from` and before `period` in which someone on the plan is
/// employed: a period with nobody on the plan has no statement, so no ledger row, and closing it is
/// nothing to wait for (a plan whose only payee left in February is not stuck when April is closed).
/// A period of `closing` (closed by the same close, before `period`) is not waited for either: a
/// month's close closes each biweekly pay period that ends in it, in order.
fn first_open_between(
    ws: &Workspace,
    roster: &Roster,
    plan: &str,
    from: NaiveDate,
    period: Period,
    closing: &[(&str, Period)],
) -> Option<Period> {
    let frequency = ws.plan(plan)?.frequency;
    let mut day = from;
    while day < period.start {
        let q = Period::containing(day, frequency, ws.fiscal)?;
        if q.start >= period.start {
            break;
        }
        if closing.contains(&(plan, q)) {
            day = q.end().succ_opt()?;
            continue;
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
///
/// A plan's periods are closed in order: a period is refused while an earlier one with statements is
/// open. Earlier than what: the plan's last closed period, or, for its first close, the start of the
/// fiscal year (a ledger starts with a fiscal year). Without that bound on the first close, closing
/// February before January on a new ledger (two people closing at once) would leave January
/// unclosable for good.
pub fn refusals(
    ws: &Workspace,
    roster: &Roster,
    report: &CalcReport,
    ledger: &Ledger,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen = Vec::new();
    let closing: Vec<(&str, Period)> = report
        .statements
        .iter()
        .map(|s| (s.plan.as_str(), s.period))
        .collect();
    for s in &report.statements {
        let key = (s.plan.as_str(), s.period);
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let last = ledger.last_closed(&s.plan);
        // where the plan's open periods before this one start, if this one comes after them
        let open_from = match last {
            Some(l) if l.end() < s.period.start => l.end().succ_opt(),
            Some(_) => None,
            None => Some(s.period.fiscal_year(ws.fiscal).start),
        };
        let open = open_from
            .and_then(|from| first_open_between(ws, roster, &s.plan, from, s.period, &closing));
        if ledger.is_closed(&s.plan, &s.period) {
            out.push(
                Diagnostic::new(format!("{} of plan `{}` is already closed", s.period, s.plan))
                    .hint(format!(
                        "a closed period is never recomputed into {}; changes to its data show as adjustments in the next open period",
                        ledger.path.display()
                    )),
            );
        } else if let Some(open) = open {
            let why = match last {
                Some(last) => format!("the last closed one is {last}"),
                None => format!("{open} has statements, and no period of the plan is closed yet"),
            };
            out.push(
                Diagnostic::new(format!(
                    "{} of plan `{}` cannot be closed while an earlier period is open: {why}",
                    s.period, s.plan
                ))
                .hint(format!(
                    "close the plan's periods in order, starting with the one that begins {}",
                    open.start
                )),
            );
        } else if let Some(last) = last.filter(|l| l.end() > s.period.end()) {
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
/// period closed for every payee. A line paid in another currency than the workspace's (rule 26)
/// records the amount paid in it, then the rate and what it was worth in the workspace currency
/// (two more cells); a row in the workspace currency keeps the seven cells of every ledger.
pub fn rows(report: &CalcReport, currency: &str, closed_on: NaiveDate) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for s in &report.statements {
        for (i, l) in s.lines.iter().enumerate() {
            let mut row = vec![
                s.period.to_string(),
                s.payee.clone(),
                s.plan.clone(),
                l.id.to_string(),
                l.payout.to_string(),
                currency.to_string(),
                closed_on.to_string(),
            ];
            if let Some(pay) = &s.pay {
                row[4] = pay.lines[i].to_string();
                row[5] = pay.currency.clone();
                row.push(pay.rate.to_string());
                row.push(l.payout.to_string());
            }
            rows.push(row);
        }
    }
    rows
}

/// The header of a new ledger: its seven columns, and the two of rows paid in another currency
/// when the first close has such rows (a ledger begun without them keeps seven: a later row in
/// another currency has its two more cells below it, which comp reads the same).
pub fn header(rows: &[Vec<String>]) -> Vec<&'static str> {
    let mut h = LEDGER_HEADER.to_vec();
    if rows.iter().any(|r| r.len() > LEDGER_HEADER.len()) {
        h.extend(LEDGER_PAY_COLUMNS);
    }
    h
}

/// Appends the rows of a close of `period` to the ledger, then its seal, all or nothing: the old
/// ledger, the new rows and the seal are written to a temporary file beside it and renamed over it
/// ([`atomic_file::write`]). The old bytes are copied unchanged, so closed periods and their seals
/// stay byte-identical; a failure at any step leaves the ledger as it was. A ledger written before
/// seals is sealed whole by this close. `before_rename` is the last step before the rename (tests use
/// it to simulate a crash there).
pub fn append(
    ledger: &Path,
    period: &Period,
    closed_on: NaiveDate,
    rows: &[Vec<String>],
    before_rename: impl FnOnce() -> std::io::Result<()>,
) -> Result<()> {
    let mut bytes = match std::fs::read(ledger) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", ledger.display())),
    };
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    if bytes.is_empty() {
        w.write_record(header(rows))?;
    } else if !bytes.ends_with(b"\n") {
        bytes.push(b'\n');
    }
    for r in rows {
        w.write_record(r)?;
    }
    bytes.extend(w.into_inner().context("cannot format ledger rows")?);
    let seal = seal::row(&period.to_string(), &bytes, &closed_on.to_string());
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(bytes);
    w.write_record(&seal)?;
    let bytes = w.into_inner().context("cannot format the seal")?;
    atomic_file::write(ledger, &bytes, before_rename)
}

#[cfg(test)]
mod tests {
    use super::*;
    use comp_core::period::FiscalStart;

    fn row(period: &str, amount: &str) -> Vec<String> {
        [period, "a1", "p", "c", amount, "EUR", "2024-02-01"]
            .map(String::from)
            .to_vec()
    }

    fn close(path: &Path, period: &str, amount: &str) -> Result<()> {
        let fiscal = FiscalStart::parse("01-01").unwrap();
        let p = Period::parse(period, fiscal).unwrap();
        let on = NaiveDate::from_ymd_opt(2024, 2, 1).unwrap();
        append(path, &p, on, &[row(period, amount)], || Ok(()))
    }

    #[test]
    fn appends_keep_earlier_rows_byte_identical_and_seal_each_close() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.csv");
        close(&path, "2024-01", "1200.00").unwrap();
        let january = std::fs::read(&path).unwrap();
        close(&path, "2024-02", "800.00").unwrap();
        let both = std::fs::read(&path).unwrap();
        assert!(both.starts_with(&january));
        let text = String::from_utf8(both).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[..2],
            [
                "period,payee,plan,component,amount,currency,closed_on",
                "2024-01,a1,p,c,1200.00,EUR,2024-02-01",
            ]
        );
        assert_eq!(lines[3], "2024-02,a1,p,c,800.00,EUR,2024-02-01");
        // each seal is the digest of the lines above it, as `head -n $((N-1)) | sha256sum` prints
        for (n, period) in [(3, "2024-01"), (5, "2024-02")] {
            let above: String = lines[..n - 1].iter().map(|l| format!("{l}\n")).collect();
            assert_eq!(
                lines[n - 1],
                format!(
                    "{period},,,#seal,{},,2024-02-01",
                    seal::digest(above.as_bytes())
                )
            );
        }
        assert_eq!(lines.len(), 5);
    }

    #[test]
    fn a_failure_before_the_rename_leaves_the_ledger_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.csv");
        close(&path, "2024-01", "1200.00").unwrap();
        let before = std::fs::read(&path).unwrap();
        let fiscal = FiscalStart::parse("01-01").unwrap();
        let february = Period::parse("2024-02", fiscal).unwrap();
        let on = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
        let crash = || Err(std::io::Error::other("simulated crash"));
        assert!(append(&path, &february, on, &[row("2024-02", "800.00")], crash).is_err());
        assert_eq!(std::fs::read(&path).unwrap(), before);
        // no temporary file is left behind either
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["ledger.csv"]);
    }
}
