//! The ledger as a file (issue 13, item 9): how the ledger and `-o` files are written (links,
//! read-only files, modes, temporary and lock files, an empty ledger, the currency column).
//!
//! Each test writes the month-close workspace of tests/common/month_close.rs to a temporary folder
//! and runs the real `comp` binary in it. Snapshots show the folder as `[TMP]`.

mod common;

use common::month_close::*;
use std::path::Path;
use std::process::Command;

/// `comp <args>` in `dir`, as a snapshot text with the folder hidden.
fn run(dir: &Path, args: &[&str]) -> String {
    common::hide_tmp(&common::run_in(dir, args).1, dir)
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// `comp <args>` in `dir` under `umask`, through the shell (the test process's umask is not ours to
/// change).
fn run_with_umask(dir: &Path, umask: &str, args: &[&str]) -> std::process::Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_comp"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("sh runs")
}

// ---- item 9: the ledger as a file ----

/// Regression (issue 13, item 9): a read-only ledger was replaced by the close. Exit 1, nothing
/// written, the file still read-only.
#[cfg(unix)]
#[test]
fn a_read_only_ledger_is_not_replaced() {
    let ws = workspace();
    let dir = ws.path();
    close(dir, "2024-01", "2024-02-01");
    set_mode(&dir.join("ledger.csv"), 0o444);
    insta::assert_snapshot!(run(
        dir,
        &["close", "--period", "2024-02", "--closed-on", "2024-03-01"]
    ));
    assert_eq!(ledger(dir), LEDGER_AFTER_JANUARY);
    assert_eq!(mode(&dir.join("ledger.csv")), 0o444);
}

/// Regression (issue 13, item 9): a ledger that is a link to a shared ledger was replaced by a
/// file, so the shared ledger never got the rows. The close writes through the link; the lock is
/// the shared ledger's, and is gone when the close ends.
#[cfg(unix)]
#[test]
fn a_linked_ledger_is_written_through_the_link() {
    let ws = workspace();
    let dir = ws.path();
    let shared = tempfile::tempdir().unwrap();
    let target = shared.path().join("payouts.csv");
    std::os::unix::fs::symlink(&target, dir.join("ledger.csv")).unwrap();
    close(dir, "2024-01", "2024-02-01");
    assert!(std::fs::symlink_metadata(dir.join("ledger.csv"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        LEDGER_AFTER_JANUARY
    );
    close(dir, "2024-02", "2024-03-01");
    assert!(std::fs::read_to_string(&target)
        .unwrap()
        .starts_with(LEDGER_AFTER_JANUARY));
    let left: Vec<_> = std::fs::read_dir(shared.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["payouts.csv"]);
}

/// Regression (issue 13, item 9): every ledger was created 0600 (the temporary file's mode). A new
/// ledger gets the umask's mode; an existing ledger keeps its own.
#[cfg(unix)]
#[test]
fn a_new_ledger_gets_the_umask_mode_and_an_existing_one_keeps_its_mode() {
    let ws = workspace();
    let dir = ws.path();
    let args = ["close", "--period", "2024-01", "--closed-on", "2024-02-01"];
    assert!(run_with_umask(dir, "022", &args).status.success());
    assert_eq!(mode(&dir.join("ledger.csv")), 0o644);
    set_mode(&dir.join("ledger.csv"), 0o640);
    let args = ["close", "--period", "2024-02", "--closed-on", "2024-03-01"];
    assert!(run_with_umask(dir, "022", &args).status.success());
    assert_eq!(mode(&dir.join("ledger.csv")), 0o640);

    let ws = workspace();
    let args = ["close", "--period", "2024-01", "--closed-on", "2024-02-01"];
    assert!(run_with_umask(ws.path(), "027", &args).status.success());
    assert_eq!(mode(&ws.path().join("ledger.csv")), 0o640);
}

/// Regression (issue 13, item 9): `.tmpXXXXXX` files of a killed close stayed for good. comp's
/// temporary files are named after the file they replace, and the next close removes the ledger's
/// (only those: a file of another name is not comp's to remove).
#[test]
fn temporary_files_of_a_killed_close_are_removed_by_the_next_close() {
    let ws = workspace();
    let dir = ws.path();
    close(dir, "2024-01", "2024-02-01");
    for name in [
        ".ledger.csv.comp-tmp-a1B2c3",
        ".payroll.csv.comp-tmp-a1B2c3",
        ".tmpa1B2c3",
    ] {
        std::fs::write(dir.join(name), "half a ledger").unwrap();
    }
    close(dir, "2024-02", "2024-03-01");
    assert!(!dir.join(".ledger.csv.comp-tmp-a1B2c3").exists());
    assert!(dir.join(".payroll.csv.comp-tmp-a1B2c3").exists());
    assert!(dir.join(".tmpa1B2c3").exists());
}

/// Regression (issue 13, item 9): `ledger.csv.lock` stayed in the workspace after every close.
#[test]
fn the_lock_file_is_removed_when_the_close_ends() {
    let ws = workspace();
    let dir = ws.path();
    close(dir, "2024-01", "2024-02-01");
    assert!(!dir.join("ledger.csv.lock").exists());
    // refused closes too
    let out = comp(
        dir,
        &["close", "--period", "2024-01", "--closed-on", "2024-02-01"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.join("ledger.csv.lock").exists());
}

/// The lock file is removed by the close that holds it, and a close that gets the lock checks it
/// still holds the file the path names: with six closes of one period at once, exactly one writes.
#[test]
fn many_concurrent_closes_of_a_period_write_it_once() {
    for _ in 0..3 {
        let ws = workspace();
        let dir = ws.path();
        let children: Vec<_> = (0..6)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_comp"))
                    .arg("--workspace")
                    .arg(dir.join("comp.toml"))
                    .args(["close", "--period", "2024-01", "--closed-on", "2024-02-01"])
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .spawn()
                    .expect("comp starts")
            })
            .collect();
        let codes: Vec<_> = children
            .into_iter()
            .map(|c| c.wait_with_output().unwrap().status.code())
            .collect();
        assert_eq!(
            codes.iter().filter(|c| **c == Some(0)).count(),
            1,
            "{codes:?}"
        );
        assert_eq!(ledger(dir), LEDGER_AFTER_JANUARY);
        assert!(!dir.join("ledger.csv.lock").exists());
    }
}

/// Regression (issue 13, item 9): an empty (0-byte) ledger was "not a comp ledger" and blocked
/// calc and close. It is an empty ledger.
#[test]
fn an_empty_ledger_file_is_an_empty_ledger() {
    let ws = workspace();
    let dir = ws.path();
    std::fs::write(dir.join("ledger.csv"), "").unwrap();
    let (code, _) = common::run_in(dir, &["calc", "--period", "2024-01"]);
    assert_eq!(code, 0);
    close(dir, "2024-01", "2024-02-01");
    assert_eq!(ledger(dir), LEDGER_AFTER_JANUARY);
}

/// Regression (issue 13, item 9): the ledger's currency column was not read, so rows in USD were
/// added to paid to date in EUR.
#[test]
fn a_ledger_row_in_another_currency_is_refused() {
    let ws = workspace();
    let dir = ws.path();
    std::fs::write(
        dir.join("ledger.csv"),
        LEDGER_AFTER_JANUARY.replace("800.00,EUR", "800.00,USD"),
    )
    .unwrap();
    insta::assert_snapshot!(run(dir, &["calc", "--period", "2024-02"]));
}

// ---- item 9: `-o` files, written by the same code as the ledger ----

/// Regression (issue 13, item 9): `-o` files were created 0600; a new one gets the umask's mode,
/// an existing one keeps its own.
#[cfg(unix)]
#[test]
fn an_output_file_gets_the_umask_mode_and_an_existing_one_keeps_its_mode() {
    let ws = workspace();
    let dir = ws.path();
    let args = ["calc", "--period", "2024-01", "-o", "out.txt"];
    assert!(run_with_umask(dir, "022", &args).status.success());
    assert_eq!(mode(&dir.join("out.txt")), 0o644);
    set_mode(&dir.join("out.txt"), 0o600);
    assert!(run_with_umask(dir, "022", &args).status.success());
    assert_eq!(mode(&dir.join("out.txt")), 0o600);
}

/// Regression (issue 13, item 9): a read-only `-o` file was replaced.
#[cfg(unix)]
#[test]
fn a_read_only_output_file_is_not_replaced() {
    let ws = workspace();
    let dir = ws.path();
    std::fs::write(dir.join("out.csv"), "kept\n").unwrap();
    set_mode(&dir.join("out.csv"), 0o444);
    insta::assert_snapshot!(run(
        dir,
        &["calc", "--period", "2024-01", "--format", "csv", "-o", "out.csv"]
    ));
    assert_eq!(
        std::fs::read_to_string(dir.join("out.csv")).unwrap(),
        "kept\n"
    );
}

/// Regression (issue 13, item 9): a `-o` link was replaced by a file.
#[cfg(unix)]
#[test]
fn an_output_link_is_written_through() {
    let ws = workspace();
    let dir = ws.path();
    std::fs::create_dir(dir.join("reports")).unwrap();
    std::os::unix::fs::symlink("reports/january.csv", dir.join("latest.csv")).unwrap();
    let (code, _) = common::run_in(
        dir,
        &[
            "calc",
            "--period",
            "2024-01",
            "--format",
            "csv",
            "-o",
            "latest.csv",
        ],
    );
    assert_eq!(code, 0);
    assert!(std::fs::symlink_metadata(dir.join("latest.csv"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(dir.join("reports/january.csv"))
        .unwrap()
        .starts_with("payee,plan,period,component"));
}
