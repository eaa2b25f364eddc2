//! The ledger as a file (issue 13, items 7 and 9): each close sealed with the SHA-256 of the lines
//! above it, edits refused by every verb that reads it, `comp ledger verify`, the auditor's commands
//! of docs/format.md, and how the ledger and `-o` files are written (links, read-only files, modes,
//! temporary and lock files, an empty ledger, the currency column).
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

/// The ledger after January (line 4: its seal) and February (line 7: its seal) were closed.
fn closed_through_february() -> tempfile::TempDir {
    let ws = workspace();
    close(ws.path(), "2024-01", "2024-02-01");
    close(ws.path(), "2024-02", "2024-03-01");
    ws
}

/// The ledger's text with `edit` applied to its lines.
fn edit_ledger(dir: &Path, edit: impl FnOnce(&mut Vec<String>)) {
    let mut lines: Vec<String> = ledger(dir).lines().map(String::from).collect();
    edit(&mut lines);
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(dir.join("ledger.csv"), text).unwrap();
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

// ---- item 7: seals ----

/// The commands docs/format.md gives an auditor, run as written: each seal is the SHA-256 of the
/// lines above it.
#[test]
fn the_auditors_commands_check_every_seal_by_hand() {
    let ws = closed_through_february();
    let dir = ws.path();
    let check = r#"grep -n ',,,#seal,' ledger.csv | while IFS=: read -r n row; do
  sealed=$(printf '%s\n' "$row" | cut -d, -f5)
  actual="sha256:$(head -n $((n - 1)) ledger.csv | sha256sum | cut -d' ' -f1)"
  if [ "$sealed" = "$actual" ]; then echo "line $n: ok"; else echo "line $n: DOES NOT MATCH"; fi
done
tail -n 1 ledger.csv | grep -q ',,,#seal,' && echo "the last line is a seal""#;
    let audit = |dir: &Path| {
        let out = Command::new("sh")
            .arg("-c")
            .arg(check)
            .current_dir(dir)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(
        audit(dir),
        "line 4: ok\nline 7: ok\nthe last line is a seal\n"
    );
    // and the hand check sees what comp sees: an amount edited in February's rows
    edit_ledger(dir, |l| l[4] = l[4].replace("500.00", "5000.00"));
    assert_eq!(
        audit(dir),
        "line 4: ok\nline 7: DOES NOT MATCH\nthe last line is a seal\n"
    );
}

/// Regression (issue 13, item 7): a deleted row was paid again as an adjustment. calc refuses,
/// naming the seal that no longer matches and the lines it covers.
#[test]
fn a_deleted_ledger_row_is_refused_by_calc() {
    let ws = closed_through_february();
    let dir = ws.path();
    edit_ledger(dir, |l| {
        l.remove(2);
    });
    insta::assert_snapshot!(run(dir, &["calc", "--period", "2024-03"]));
}

/// Regression (issue 13, item 7): an edited amount became a clawback. close refuses, and the
/// ledger is left as it is.
#[test]
fn an_edited_ledger_amount_is_refused_by_close() {
    let ws = closed_through_february();
    let dir = ws.path();
    edit_ledger(dir, |l| l[4] = l[4].replace("500.00", "5000.00"));
    let before = ledger(dir);
    insta::assert_snapshot!(run(
        dir,
        &["close", "--period", "2024-03", "--closed-on", "2024-04-01"]
    ));
    assert_eq!(ledger(dir), before);
}

/// Regression (issue 13, item 7): a duplicated row was summed. check refuses.
#[test]
fn a_duplicated_ledger_row_is_refused_by_check() {
    let ws = closed_through_february();
    let dir = ws.path();
    edit_ledger(dir, |l| {
        let row = l[1].clone();
        l.insert(2, row);
    });
    insta::assert_snapshot!(run(dir, &["check"]));
}

/// Regression (issue 13, item 7): a period removed from the ledger could be closed twice. A removed
/// January (its rows and its seal) makes February's seal disagree; explain refuses.
#[test]
fn a_removed_period_is_refused_by_explain() {
    let ws = closed_through_february();
    let dir = ws.path();
    edit_ledger(dir, |l| {
        l.drain(1..4);
    });
    insta::assert_snapshot!(run(
        dir,
        &["explain", "--payee", "ae-01", "--period", "2024-03"]
    ));
}

/// Regression (issue 13, item 7): periods moved around (February's close above January's).
#[test]
fn a_reordered_ledger_is_refused() {
    let ws = closed_through_february();
    let dir = ws.path();
    edit_ledger(dir, |l| {
        let january: Vec<String> = l.drain(1..4).collect();
        l.extend(january);
    });
    let (code, text) = common::run_in(dir, &["ledger", "verify"]);
    assert_eq!(code, 2);
    assert!(
        text.contains(
            "the seal of the 2024-02 close, on line 4, does not match the lines above it"
        ),
        "{text}"
    );
}

/// Regression (issue 13, item 7): rows added below the last seal by hand were read as payments.
#[test]
fn rows_appended_after_the_last_seal_by_hand_are_refused() {
    let ws = closed_through_february();
    let dir = ws.path();
    append(
        dir,
        "ledger.csv",
        "2024-03,ae-01,ae,commission,900.00,EUR,2024-04-01",
    );
    insta::assert_snapshot!(run(dir, &["calc", "--period", "2024-03"]));
}

/// A seal edited or copied is a seal that does not match.
#[test]
fn a_copied_seal_is_refused() {
    let ws = closed_through_february();
    let dir = ws.path();
    edit_ledger(dir, |l| {
        let seal = l[6].clone();
        l.push(seal);
    });
    insta::assert_snapshot!(run(dir, &["ledger", "verify"]));
}

/// The cells of a seal row besides its digest are checked against its close's rows (the last seal's
/// are under no later seal).
#[test]
fn a_seal_row_changed_by_hand_is_refused() {
    let ws = closed_through_february();
    let dir = ws.path();
    edit_ledger(dir, |l| l[6] = l[6].replace(",2024-03-01", ",2024-02-15"));
    insta::assert_snapshot!(run(dir, &["ledger", "verify"]));
}

/// Every single edit of a sealed ledger is refused with the line it is found at: each line
/// deleted, doubled or swapped with the next, each cell of each line changed. (Not a single edit:
/// whole closes cut from the end, see below.)
#[test]
fn every_single_edit_of_a_sealed_ledger_is_refused() {
    let ws = closed_through_february();
    let dir = ws.path();
    let workspace = comp::read::workspace_file::load(&dir.join("comp.toml")).unwrap();
    let original = ledger(dir);
    let lines: Vec<String> = original.lines().map(String::from).collect();
    let mut edits: Vec<(String, Vec<String>)> = Vec::new();
    for i in 0..lines.len() {
        let mut deleted = lines.clone();
        deleted.remove(i);
        edits.push((format!("line {} deleted", i + 1), deleted));
        let mut doubled = lines.clone();
        doubled.insert(i, lines[i].clone());
        edits.push((format!("line {} doubled", i + 1), doubled));
        if i + 1 < lines.len() {
            let mut swapped = lines.clone();
            swapped.swap(i, i + 1);
            edits.push((format!("lines {} and {} swapped", i + 1, i + 2), swapped));
        }
        for (j, _) in lines[i].split(',').enumerate() {
            let mut changed = lines.clone();
            let mut cells: Vec<String> = lines[i].split(',').map(String::from).collect();
            cells[j].push('1');
            changed[i] = cells.join(",");
            edits.push((format!("line {} cell {} changed", i + 1, j + 1), changed));
        }
    }
    assert!(edits.len() > 60);
    for (what, edited) in edits {
        let text: String = edited.iter().map(|l| format!("{l}\n")).collect();
        std::fs::write(&workspace.ledger, &text).unwrap();
        match comp::read::ledger::read(&workspace.ledger, workspace.fiscal, &workspace.currency) {
            Ok(_) => panic!("{what}: not refused\n{text}"),
            Err(e) => assert!(
                e.0.iter()
                    .all(|d| d.location.as_ref().is_some_and(|l| l.line > 0)),
                "{what}: refused without a line: {e}"
            ),
        }
    }
}

/// `comp ledger verify` on an intact ledger: exit 0, one line, with the last seal to keep.
#[test]
fn ledger_verify_says_an_intact_ledger_is_intact() {
    let ws = closed_through_february();
    let dir = ws.path();
    insta::assert_snapshot!(run(dir, &["ledger", "verify"]));
    let ws = workspace();
    let (code, text) = common::run_in(ws.path(), &["ledger", "verify"]);
    assert_eq!(code, 0);
    assert!(text.contains("ledger.csv: nothing closed yet\n"), "{text}");
}

/// What seals cannot show by themselves: the whole last close removed leaves a ledger that is as
/// January's close left it. Its last seal is no longer the one `ledger verify` printed after
/// February's close: the reason to keep that seal elsewhere (docs/format.md).
#[test]
fn a_removed_last_close_shows_only_against_the_kept_seal() {
    let ws = closed_through_february();
    let dir = ws.path();
    let (_, after_february) = common::run_in(dir, &["ledger", "verify"]);
    edit_ledger(dir, |l| l.truncate(4));
    let (code, now) = common::run_in(dir, &["ledger", "verify"]);
    assert_eq!(code, 0);
    assert_ne!(now, after_february);
    assert!(now.contains("the last seal, on line 4,"), "{now}");
}

/// Migration: a ledger written by a comp from before seals is read with a warning naming it, and
/// the next close seals it whole (its bytes unchanged above the new rows).
#[test]
fn a_ledger_written_before_seals_is_read_with_a_warning_and_sealed_by_the_next_close() {
    let ws = workspace();
    let dir = ws.path();
    std::fs::write(dir.join("ledger.csv"), JANUARY_ROWS).unwrap();
    insta::assert_snapshot!(run(
        dir,
        &["calc", "--period", "2024-02", "--format", "csv"]
    ));
    close(dir, "2024-02", "2024-03-01");
    let text = ledger(dir);
    assert!(text.starts_with(JANUARY_ROWS));
    let (code, verified) = common::run_in(dir, &["ledger", "verify"]);
    assert_eq!(code, 0);
    assert!(
        verified.contains("intact: 4 row(s) under 1 seal(s); the last seal, on line 6,"),
        "{verified}"
    );
    assert!(!verified.contains("warning"), "{verified}");
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
                common::comp()
                    .workspace(dir)
                    .args(["close", "--period", "2024-01", "--closed-on", "2024-02-01"])
                    .command()
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
        JANUARY_ROWS.replace("800.00,EUR", "800.00,USD"),
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
