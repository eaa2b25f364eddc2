//! Month close, end to end: `comp close` writes the ledger, later periods read it, late data becomes
//! adjustment lines, refusals are clear, and the ledger survives crashes and concurrent closes.
//!
//! Each test writes a small workspace to a temporary folder (one monthly plan paying 10% of each
//! deal, two payees) and runs the real `comp` binary in it. Snapshots show the folder as `[TMP]`.
//! Money below is worked by hand: 10% of each deal's amount.

mod common;

use common::month_close::*;
use std::path::Path;
use std::process::Output;

/// The CSV statement rows of a period: (payee, period, component, payout, reason).
fn calc_rows(dir: &Path, period: &str) -> Vec<[String; 5]> {
    let out = comp(dir, &["calc", "--period", period, "--format", "csv"]);
    assert!(
        out.status.success(),
        "calc {period} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (payee, per, component, payout, reason) = (
        col("payee"),
        col("period"),
        col("component"),
        col("payout"),
        col("reason"),
    );
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            [payee, per, component, payout, reason].map(|i| r[i].to_string())
        })
        .collect()
}

/// (payee, period, component, payout) of the rows, for comparing with hand-written expectations.
fn payouts(rows: &[[String; 5]]) -> Vec<(&str, &str, &str, &str)> {
    rows.iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str(), r[3].as_str()))
        .collect()
}

/// A whole run as one text, the temporary folder shown as `[TMP]`.
fn snapshot_text(dir: &Path, out: &Output) -> String {
    common::hide_tmp(&common::text(out), dir)
}

macro_rules! snap {
    ($dir:expr, $out:expr) => {
        insta::assert_snapshot!(snapshot_text($dir, &$out))
    };
    ($name:literal, $dir:expr, $out:expr) => {
        insta::assert_snapshot!($name, snapshot_text($dir, &$out))
    };
}

#[test]
fn a_late_january_deal_is_adjusted_in_february_and_january_stays_as_closed() {
    let ws = workspace();
    let dir = ws.path();
    let out = comp(
        dir,
        &["close", "--period", "2024-01", "--closed-on", "2024-02-01"],
    );
    snap!("close_january", dir, out);
    assert_eq!(ledger(dir), LEDGER_AFTER_JANUARY);
    let january = std::fs::read(dir.join("ledger.csv")).unwrap();

    // a deal closed on 2024-01-30 reaches the CRM export after January was closed
    append(
        dir,
        "data/deals.csv",
        "D-4,ae-01,Banque Duval,2024-01-30,3000",
    );

    // January is not recomputed into what was paid: its statement is the ledger's
    assert_eq!(
        payouts(&calc_rows(dir, "2024-01")),
        [
            ("ae-01", "2024-01", "commission", "1200.00"),
            ("ae-02", "2024-01", "commission", "800.00"),
        ]
    );
    // February: D-3 5,000 x 10% = 500.00, and January now computes to (12,000 + 3,000) x 10%
    // = 1,500.00 against 1,200.00 paid: an adjustment of 300.00 (= D-4 3,000 x 10%)
    let february = calc_rows(dir, "2024-02");
    assert_eq!(
        payouts(&february),
        [
            ("ae-01", "2024-02", "commission", "500.00"),
            (
                "ae-01",
                "2024-02",
                "adjustment:2024-01:commission",
                "300.00"
            ),
            ("ae-02", "2024-02", "commission", "0.00"),
        ]
    );
    assert_eq!(
        february[1][4],
        "2024-01 was closed with 1,200.00 paid for commission; it now computes to 1,500.00"
    );
    snap!(
        "february_statement_with_the_january_adjustment",
        dir,
        comp(dir, &["calc", "--period", "2024-02"])
    );

    close(dir, "2024-02", "2024-03-01");
    let both = std::fs::read(dir.join("ledger.csv")).unwrap();
    assert!(
        both.starts_with(&january),
        "the rows of the January close must be a byte-identical prefix of the ledger"
    );
    assert_eq!(
        ledger(dir),
        sealed(
            &format!(
                "{LEDGER_AFTER_JANUARY}\
                 2024-02,ae-01,ae,commission,500.00,EUR,2024-03-01\n\
                 2024-02,ae-01,ae,adjustment:2024-01:commission,300.00,EUR,2024-03-01\n\
                 2024-02,ae-02,ae,commission,0.00,EUR,2024-03-01\n"
            ),
            "2024-02",
            "2024-03-01"
        )
    );

    // Regression: the adjustment paid in February was shown again in March, with a line
    // `adjustment:2024-02:adjustment:2024-01:commission` of -300.00 cancelling it.
    assert_eq!(
        payouts(&calc_rows(dir, "2024-03")),
        [
            ("ae-01", "2024-03", "commission", "0.00"),
            ("ae-02", "2024-03", "commission", "0.00"),
        ]
    );
}

/// Regression (same bug): an adjustment paid in a closed period that is no longer due is reversed
/// under its own name, not as an adjustment of an adjustment.
#[test]
fn an_adjustment_paid_then_no_longer_due_is_reversed_under_its_own_name() {
    let ws = workspace();
    let dir = ws.path();
    close(dir, "2024-01", "2024-02-01");
    append(
        dir,
        "data/deals.csv",
        "D-4,ae-01,Banque Duval,2024-01-30,3000",
    );
    close(dir, "2024-02", "2024-03-01");
    // the late deal was a mistake: removed from the export after February was closed
    let deals = std::fs::read_to_string(dir.join("data/deals.csv")).unwrap();
    std::fs::write(
        dir.join("data/deals.csv"),
        deals.replace("D-4,ae-01,Banque Duval,2024-01-30,3000\n", ""),
    )
    .unwrap();
    let march = calc_rows(dir, "2024-03");
    // January computes to 1,200.00 again; February paid 300.00 of adjustment for it -> -300.00
    assert_eq!(
        payouts(&march),
        [
            ("ae-01", "2024-03", "commission", "0.00"),
            (
                "ae-01",
                "2024-03",
                "adjustment:2024-01:commission",
                "-300.00"
            ),
            ("ae-02", "2024-03", "commission", "0.00"),
        ]
    );
    assert_eq!(
        march[1][4],
        "2024-02 was closed with 300.00 paid for this adjustment; it is now 0.00"
    );
}

// ---- refusals: one snapshot per message ----

#[test]
fn refuses_to_close_a_period_twice() {
    let ws = workspace();
    let dir = ws.path();
    close(dir, "2024-01", "2024-02-01");
    let out = comp(
        dir,
        &["close", "--period", "2024-01", "--closed-on", "2024-02-02"],
    );
    snap!(dir, out);
    assert_eq!(ledger(dir), LEDGER_AFTER_JANUARY);
}

#[test]
fn refuses_to_close_a_period_before_the_last_closed_one() {
    let ws = workspace();
    let dir = ws.path();
    // a ledger starts with a fiscal year: December of the year before is still open
    close(dir, "2024-01", "2024-02-01");
    let before = ledger(dir);
    let out = comp(
        dir,
        &["close", "--period", "2023-12", "--closed-on", "2024-02-02"],
    );
    snap!(dir, out);
    assert_eq!(ledger(dir), before);
}

#[test]
fn refuses_to_close_a_period_that_skips_an_open_one() {
    let ws = workspace();
    let dir = ws.path();
    close(dir, "2024-01", "2024-02-01");
    let out = comp(
        dir,
        &["close", "--period", "2024-03", "--closed-on", "2024-04-01"],
    );
    snap!(dir, out);
    assert_eq!(ledger(dir), LEDGER_AFTER_JANUARY);
}

/// Regression (issue 13, item 8): `close --period 2030-06` was accepted, and then every earlier
/// period was refused for good as before the last closed one.
#[test]
fn refuses_to_close_a_period_that_has_not_ended() {
    let ws = workspace();
    let dir = ws.path();
    // the close date defaults to today; a June far ahead (the was 2030-06), so that the test
    // does not expire
    let today = chrono::Utc::now().date_naive().to_string();
    let out = comp(dir, &["close", "--period", "2999-06"]);
    insta::assert_snapshot!(snapshot_text(dir, &out).replace(&today, "[TODAY]"));
    assert!(!dir.join("ledger.csv").exists());
    assert!(!dir.join("ledger.csv.lock").exists());
}

/// Regression (issue 13, item 8): the current quarter closed mid-way (on 2024-05-15, by the month
/// or by the quarter) was accepted. On its last day it may be closed.
#[test]
fn refuses_to_close_the_current_quarter_mid_way() {
    let ws = workspace_with_plan(&PLAN.replace("\"month\"", "\"quarter\""));
    let dir = ws.path();
    close(dir, "2024-03", "2024-03-31");
    let before = ledger(dir);
    let out = comp(
        dir,
        &["close", "--period", "2024-Q2", "--closed-on", "2024-05-15"],
    );
    snap!(dir, out);
    let by_month = comp(
        dir,
        &["close", "--period", "2024-06", "--closed-on", "2024-05-15"],
    );
    assert_eq!(by_month.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&by_month.stderr)
        .contains("2024-06 has not ended: it ends on 2024-06-30, after the close date 2024-05-15"));
    assert_eq!(ledger(dir), before);
}

/// Regression (issue 13, item 8): a plan's first close could be any period, so February closed
/// before January on a new ledger left January unclosable (before the last closed period).
#[test]
fn refuses_to_close_february_before_january_on_a_new_ledger() {
    let ws = workspace();
    let dir = ws.path();
    let out = comp(
        dir,
        &["close", "--period", "2024-02", "--closed-on", "2024-03-01"],
    );
    snap!(dir, out);
    assert!(!dir.join("ledger.csv").exists());
}

/// Regression (issue 13, item 8): two people closing January and February at once on a new ledger.
/// Whichever takes the lock first, January is never refused, and February is closed after it.
#[test]
fn closing_january_and_february_at_once_never_leaves_january_unclosable() {
    for _ in 0..4 {
        let ws = workspace();
        let dir = ws.path();
        let spawn = |period: &str, on: &str| {
            common::comp()
                .workspace(dir)
                .args(["close", "--period", period, "--closed-on", on])
                .command()
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("comp starts")
        };
        let (january, february) = (
            spawn("2024-01", "2024-02-01"),
            spawn("2024-02", "2024-03-01"),
        );
        let january = january.wait_with_output().unwrap();
        let february = february.wait_with_output().unwrap();
        assert!(
            january.status.success(),
            "January refused:\n{}",
            String::from_utf8_lossy(&january.stderr)
        );
        if !february.status.success() {
            assert!(String::from_utf8_lossy(&february.stderr)
                .contains("cannot be closed while an earlier period is open"));
            close(dir, "2024-02", "2024-03-01");
        }
        let text = ledger(dir);
        assert!(text.starts_with(LEDGER_AFTER_JANUARY), "{text}");
        assert!(text.contains("2024-02,ae-01,ae,commission,500.00,EUR,2024-03-01\n"));
    }
}

/// A plan's first close is the first period of the fiscal year that has statements: with both
/// payees starting in March, March may be closed first.
#[test]
fn a_plans_first_close_is_its_first_month_with_statements() {
    let ws = workspace();
    let dir = ws.path();
    let roster = std::fs::read_to_string(dir.join("data/roster.csv")).unwrap();
    std::fs::write(
        dir.join("data/roster.csv"),
        roster
            .replace("2022-03-01", "2024-03-01")
            .replace("2021-09-15", "2024-03-01"),
    )
    .unwrap();
    close(dir, "2024-03", "2024-04-01");
    assert!(ledger(dir).contains("2024-03,,,#seal,"));
}

#[test]
fn refuses_to_close_a_month_no_plan_period_ends_in() {
    let ws = workspace_with_plan(&PLAN.replace("\"month\"", "\"quarter\""));
    let dir = ws.path();
    let out = comp(
        dir,
        &["close", "--period", "2024-01", "--closed-on", "2024-02-01"],
    );
    snap!(dir, out);
    assert!(!dir.join("ledger.csv").exists());
}

#[test]
fn refuses_a_closed_on_that_is_not_a_date() {
    let ws = workspace();
    let dir = ws.path();
    let out = comp(
        dir,
        &["close", "--period", "2024-01", "--closed-on", "2024-02-30"],
    );
    snap!(dir, out);
    assert!(!dir.join("ledger.csv").exists());
}

#[test]
fn refuses_a_ledger_with_a_bad_header() {
    let ws = workspace();
    let dir = ws.path();
    let text = "date,who,what,how much\n2024-01-31,ae-01,commission,1200.00\n";
    std::fs::write(dir.join("ledger.csv"), text).unwrap();
    let out = comp(
        dir,
        &["close", "--period", "2024-01", "--closed-on", "2024-02-01"],
    );
    snap!(dir, out);
    assert_eq!(ledger(dir), text);
}

#[test]
fn refuses_a_ledger_row_that_does_not_read() {
    let ws = workspace();
    let dir = ws.path();
    // a ledger of an earlier comp (no seal), so that the row's cell is the only problem
    let text = format!("{JANUARY_ROWS}2024-02,ae-01,ae,commission,5OO.00,EUR,2024-03-01\n");
    std::fs::write(dir.join("ledger.csv"), &text).unwrap();
    // calc reads the ledger too (for what was paid), so it refuses as well
    let out = comp(dir, &["calc", "--period", "2024-03"]);
    snap!(dir, out);
    assert_eq!(ledger(dir), text);
}

// ---- crash safety and concurrency ----

/// A close that fails after writing its temporary file, just before the rename (the hook
/// `ledger_file::append` offers for this), on a workspace whose January was closed by the binary:
/// the ledger is byte-identical, no temporary file is left, and the next real close works.
#[test]
fn a_close_failing_before_the_rename_leaves_the_ledger_as_it_was() {
    let ws = workspace();
    let dir = ws.path();
    close(dir, "2024-01", "2024-02-01");
    let before = std::fs::read(dir.join("ledger.csv")).unwrap();
    let files = |dir: &Path| {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let files_before = files(dir);

    let workspace = comp::read::workspace_file::load(&dir.join("comp.toml")).unwrap();
    let _lock = comp::read::ledger_file::lock(&workspace.ledger).unwrap();
    let ledger = comp::read::ledger::load(&workspace).unwrap();
    let req = comp::engine::Request {
        period: comp::period::Period::parse("2024-02", workspace.fiscal).unwrap(),
        payees: Vec::new(),
        plans: Vec::new(),
        detail: false,
    };
    let calc = comp::commands::calc::calculate(workspace, &ledger, &req).unwrap();
    let roster = &calc.data.roster;
    assert!(comp::read::ledger_file::refusals(&calc.ws, roster, &calc.report, &ledger).is_empty());
    let on = chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
    let rows = comp::read::ledger_file::rows(&calc.report, &calc.ws.currency, on);
    assert_eq!(rows.len(), 2, "February has rows to write");
    let failed = comp::read::ledger_file::append(&calc.ws.ledger, &req.period, on, &rows, || {
        Err(std::io::Error::other("simulated crash before the rename"))
    });
    assert!(failed.is_err());
    drop(_lock);

    assert_eq!(std::fs::read(dir.join("ledger.csv")).unwrap(), before);
    assert_eq!(files(dir), files_before, "no temporary file left behind");
    close(dir, "2024-02", "2024-03-01");
    assert!(std::fs::read(dir.join("ledger.csv"))
        .unwrap()
        .starts_with(&before));
}

/// `comp close` killed at moments spread over its run (a close of this workspace takes some 50 ms in
/// a debug build): whatever the moment, the ledger is either
/// exactly as it was or exactly as a complete close leaves it, never half written.
#[test]
fn a_close_killed_at_any_moment_leaves_the_old_or_the_new_ledger() {
    let reference = workspace();
    close(reference.path(), "2024-01", "2024-02-01");
    let before = std::fs::read(reference.path().join("ledger.csv")).unwrap();
    close(reference.path(), "2024-02", "2024-03-01");
    let after = std::fs::read(reference.path().join("ledger.csv")).unwrap();

    for delay_ms in [0u64, 2, 5, 10, 20, 30, 40, 55] {
        let ws = workspace();
        let dir = ws.path();
        close(dir, "2024-01", "2024-02-01");
        let mut child = common::comp()
            .workspace(dir)
            .args(["close", "--period", "2024-02", "--closed-on", "2024-03-01"])
            .command()
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("comp starts");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        child.wait().unwrap();
        let now = std::fs::read(dir.join("ledger.csv")).unwrap();
        assert!(
            now == before || now == after,
            "killed after {delay_ms} ms, the ledger is neither the old nor the new one:\n{}",
            String::from_utf8_lossy(&now)
        );
        // and the workspace can still be closed (no stale lock, a readable ledger), which removes
        // what the killed close left: its temporary file, its lock file
        if now == before {
            close(dir, "2024-02", "2024-03-01");
            let left: Vec<String> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.contains("comp-tmp") || n.ends_with(".lock"))
                .collect();
            assert!(left.is_empty(), "left behind: {left:?}");
        }
        assert_eq!(std::fs::read(dir.join("ledger.csv")).unwrap(), after);
    }
}

/// Two `comp close` of the same period at once: the lock makes one wait for the other, which then
/// sees the period closed. Exactly one succeeds, and the ledger holds the header once and each row once.
#[test]
fn two_concurrent_closes_of_a_period_write_it_once() {
    for _ in 0..4 {
        let ws = workspace();
        let dir = ws.path();
        let spawn = || {
            common::comp()
                .workspace(dir)
                .args(["close", "--period", "2024-01", "--closed-on", "2024-02-01"])
                .command()
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("comp starts")
        };
        let (a, b) = (spawn(), spawn());
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        let codes = [a.status.code(), b.status.code()];
        assert!(
            codes == [Some(0), Some(2)] || codes == [Some(2), Some(0)],
            "exit codes {codes:?}\n{}\n{}",
            String::from_utf8_lossy(&a.stderr),
            String::from_utf8_lossy(&b.stderr)
        );
        let refused = if a.status.success() { &b } else { &a };
        assert!(String::from_utf8_lossy(&refused.stderr)
            .contains("2024-01 of plan `ae` is already closed"));
        assert_eq!(ledger(dir), LEDGER_AFTER_JANUARY);
    }
}

/// Regression: a ledger configured in a folder that does not exist yet made the first close fail
/// (exit 1, "cannot create the ledger lock ... No such file or directory").
#[test]
fn the_first_close_creates_the_configured_ledger_folder() {
    let ws = workspace();
    let dir = ws.path();
    let toml = std::fs::read_to_string(dir.join("comp.toml")).unwrap();
    std::fs::write(
        dir.join("comp.toml"),
        format!("ledger = \"ledger/payouts.csv\"\n{toml}"),
    )
    .unwrap();
    close(dir, "2024-01", "2024-02-01");
    assert_eq!(
        std::fs::read_to_string(dir.join("ledger/payouts.csv")).unwrap(),
        LEDGER_AFTER_JANUARY
    );
    assert!(!dir.join("ledger.csv").exists());
}

/// On a year-to-date basis late data for a closed period is absorbed by the next true-up, with no
/// adjustment line: W7's Q1 closed at 4,800.00, then a late Q1 deal of 10,000 arrives.
#[test]
fn a_ytd_true_up_absorbs_late_data_for_a_closed_period() {
    let ws = workspace_with_plan(PLAN);
    let dir = ws.path();
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/w07_ytd_true_up");
    for file in [
        "comp.toml",
        "plans/ae-ytd.toml",
        "data/deals.csv",
        "data/roster.csv",
        "data/quotas.csv",
    ] {
        std::fs::copy(golden.join(file), dir.join(file)).unwrap();
    }
    close(dir, "2024-03", "2024-04-01");
    append(
        dir,
        "data/deals.csv",
        "D-103,ae-01,Late SA,2024-03-30,10000",
    );
    // Q1 stays as paid: 4,800.00
    // Q2: YTD (80,000 + 10,000 late + 140,000) = 230,000 / 200,000 = 115% x 12,000.00 = 13,800.00
    //   earned to date, minus 4,800.00 paid = 9,000.00 (8,400.00 + the late deal's 10,000 / 100,000
    //   x 6,000.00 = 600.00)
    assert_eq!(
        payouts(&calc_rows(dir, "2024-H1")),
        [
            ("ae-01", "2024-Q1", "bookings", "4800.00"),
            ("ae-01", "2024-Q2", "bookings", "9000.00"),
            // W7's second payee, untouched: 9,000.00 (capped) then 3,000.00
            ("ae-02", "2024-Q1", "bookings", "9000.00"),
            ("ae-02", "2024-Q2", "bookings", "3000.00"),
        ]
    );
}

/// A payee added to the roster after January was closed (a late HR record, started 2024-01-10):
/// January stays closed with nothing paid to them, and February pays January as an adjustment.
/// Regression: the closed statement and the reason showed an unscaled `0` instead of `0.00`.
#[test]
fn a_payee_added_after_a_close_is_paid_the_closed_month_as_an_adjustment() {
    let ws = workspace();
    let dir = ws.path();
    close(dir, "2024-01", "2024-02-01");
    append(
        dir,
        "data/roster.csv",
        "ae-03,Julie Fournier,ae,Enterprise,,2024-01-10,,65000,45000",
    );
    append(
        dir,
        "data/deals.csv",
        "D-9,ae-03,Maison Lefèvre,2024-01-25,7000",
    );
    // January as closed: nothing was paid to ae-03
    let january = calc_rows(dir, "2024-01");
    assert_eq!(
        payouts(&january)[2],
        ("ae-03", "2024-01", "commission", "0.00")
    );
    // February: 7,000 x 10% = 700.00 for January
    let february = calc_rows(dir, "2024-02");
    assert_eq!(
        payouts(&february)[2..],
        [
            ("ae-03", "2024-02", "commission", "0.00"),
            (
                "ae-03",
                "2024-02",
                "adjustment:2024-01:commission",
                "700.00"
            ),
        ]
    );
    assert_eq!(
        february[3][4],
        "2024-01 was closed with 0.00 paid for commission; it now computes to 700.00"
    );
}

/// Regression: a plan with nobody employed in March has no March statement, so no March rows; the
/// April close was refused as skipping an open March that could never be closed ("nothing to
/// close"), and the plan was stuck for good.
#[test]
fn a_month_with_nobody_on_the_plan_does_not_block_the_next_close() {
    let ws = workspace();
    let dir = ws.path();
    let roster = "payee,name,plan,team,manager,start,end,base,target_incentive
ae-01,Sophie Laurent,ae,Mid-Market,,2022-03-01,2024-02-15,60000,40000
ae-02,Thomas Moreau,ae,Mid-Market,,2021-09-15,2024-02-20,65000,45000
ae-03,Julie Fournier,ae,Enterprise,,2024-04-01,,65000,45000
";
    std::fs::write(dir.join("data/roster.csv"), roster).unwrap();
    append(
        dir,
        "data/deals.csv",
        "D-9,ae-03,Maison Lefèvre,2024-04-12,4000",
    );
    close(dir, "2024-01", "2024-02-01");
    close(dir, "2024-02", "2024-03-01");
    let march = comp(
        dir,
        &["close", "--period", "2024-03", "--closed-on", "2024-04-01"],
    );
    assert_eq!(march.status.code(), Some(2), "nothing to close in March");
    close(dir, "2024-04", "2024-05-01");
    // April: D-9 4,000 x 10% = 400.00, the last row above April's seal
    assert!(
        ledger(dir).contains("2024-04,ae-03,ae,commission,400.00,EUR,2024-05-01\n2024-04,,,#seal,")
    );
}

/// Regression: a late deal of a leaver's last month was never paid. The adjustment is due in the
/// next period, where the payee had no statement any more. ae-01 leaves 2024-01-31; after January is
/// closed a deal of 2024-01-30 arrives: February has a statement for ae-01 with the adjustment only.
#[test]
fn a_late_deal_of_a_leavers_last_month_is_paid_after_they_left() {
    let ws = workspace();
    let dir = ws.path();
    let roster = std::fs::read_to_string(dir.join("data/roster.csv")).unwrap();
    std::fs::write(
        dir.join("data/roster.csv"),
        roster.replace("2022-03-01,,60000", "2022-03-01,2024-01-31,60000"),
    )
    .unwrap();
    // D-3 (February, after the leave) is outside ae-01's employment: not paid
    close(dir, "2024-01", "2024-02-01");
    append(
        dir,
        "data/deals.csv",
        "D-4,ae-01,Banque Duval,2024-01-30,3000",
    );
    // 3,000 x 10% = 300.00
    assert_eq!(
        payouts(&calc_rows(dir, "2024-02")),
        [
            (
                "ae-01",
                "2024-02",
                "adjustment:2024-01:commission",
                "300.00"
            ),
            ("ae-02", "2024-02", "commission", "0.00"),
        ]
    );
    close(dir, "2024-02", "2024-03-01");
    // paid once: March has nothing for ae-01
    assert_eq!(
        payouts(&calc_rows(dir, "2024-03")),
        [("ae-02", "2024-03", "commission", "0.00")]
    );
}

/// Regression: late data for a closed December was never adjusted: January starts a new fiscal
/// year, and the year before was not looked at. December 2024 closed (D-7 1,000 x 10% = 100.00),
/// then a deal of 2024-12-30 arrives: January 2025 pays 3,000 x 10% = 300.00 for December.
#[test]
fn late_data_for_a_closed_december_is_adjusted_in_january() {
    let ws = workspace();
    let dir = ws.path();
    append(
        dir,
        "data/deals.csv",
        "D-7,ae-01,Verallia Sud,2024-12-05,1000",
    );
    for month in 1..=12 {
        close(dir, &format!("2024-{month:02}"), "2025-01-01");
    }
    append(
        dir,
        "data/deals.csv",
        "D-8,ae-01,Banque Duval,2024-12-30,3000",
    );
    let january = calc_rows(dir, "2025-01");
    assert_eq!(
        payouts(&january),
        [
            ("ae-01", "2025-01", "commission", "0.00"),
            (
                "ae-01",
                "2025-01",
                "adjustment:2024-12:commission",
                "300.00"
            ),
            ("ae-02", "2025-01", "commission", "0.00"),
        ]
    );
    close(dir, "2025-01", "2025-02-01");
    assert_eq!(
        payouts(&calc_rows(dir, "2025-02")),
        [
            ("ae-01", "2025-02", "commission", "0.00"),
            ("ae-02", "2025-02", "commission", "0.00"),
        ]
    );
}

/// The same across a year end on a ytd basis, where no later true-up of the year can absorb it:
/// W7 with 2024-Q4 closed (ae-01 paid 0.00: earned to date 13,200.00 = paid to date), then a deal of
/// 2024-12-20 for 40,000: YTD 260,000 / 400,000 = 65% x 24,000.00 = 15,600.00 earned to date,
/// 2,400.00 more than paid, adjusted in 2025-Q1.
#[test]
fn late_data_for_a_closed_last_quarter_of_a_ytd_year_is_adjusted_next_year() {
    let ws = workspace();
    let dir = ws.path();
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/w07_ytd_true_up");
    for file in [
        "comp.toml",
        "plans/ae-ytd.toml",
        "data/deals.csv",
        "data/roster.csv",
        "data/quotas.csv",
    ] {
        std::fs::copy(golden.join(file), dir.join(file)).unwrap();
    }
    append(dir, "data/quotas.csv", "ae-01,2025,bookings,400000");
    append(dir, "data/quotas.csv", "ae-02,2025,bookings,400000");
    for quarter_end in ["2024-03", "2024-06", "2024-09", "2024-12"] {
        close(dir, quarter_end, "2025-01-01");
    }
    append(
        dir,
        "data/deals.csv",
        "D-401,ae-01,Late SA,2024-12-20,40000",
    );
    assert_eq!(
        payouts(&calc_rows(dir, "2025-Q1")),
        [
            ("ae-01", "2025-Q1", "bookings", "0.00"),
            ("ae-01", "2025-Q1", "adjustment:2024-Q4:bookings", "2400.00"),
            ("ae-02", "2025-Q1", "bookings", "0.00"),
        ]
    );
}

/// A clawback follows employment, as the draw does: W8's ae-03 (deal of 2024-01-20 paid 1,200.00,
/// cancelled 2024-04-19, within 90 days) leaves on 2024-03-31, so April takes nothing back, with or
/// without a statement for them in April. Regression: once a leaver got a statement for a late
/// adjustment (a deal of 2024-03-28 for 2,000 -> 200.00), the clawback appeared on it too, so the
/// money depended on whether late data happened to arrive (found by close_properties).
#[test]
fn a_deal_cancelled_after_its_payee_left_is_not_clawed_back() {
    let ws = workspace();
    let dir = ws.path();
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/w08_clawback");
    for file in [
        "comp.toml",
        "plans/ae-clawback.toml",
        "data/deals.csv",
        "data/roster.csv",
    ] {
        std::fs::create_dir_all(dir.join(file).parent().unwrap()).unwrap();
        std::fs::copy(golden.join(file), dir.join(file)).unwrap();
    }
    let roster = std::fs::read_to_string(dir.join("data/roster.csv")).unwrap();
    std::fs::write(
        dir.join("data/roster.csv"),
        roster.replace(
            "ae-03,Julie Fournier,ae-clawback,Enterprise,,2021-09-15,,",
            "ae-03,Julie Fournier,ae-clawback,Enterprise,,2021-09-15,2024-03-31,",
        ),
    )
    .unwrap();
    let april = |dir: &Path| -> Vec<(String, String)> {
        calc_rows(dir, "2024-04")
            .into_iter()
            .filter(|r| r[0] == "ae-03")
            .map(|r| (r[2].clone(), r[3].clone()))
            .collect()
    };
    assert_eq!(april(dir), []);
    for month in ["2024-01", "2024-02", "2024-03"] {
        close(dir, month, "2024-04-01");
    }
    append(
        dir,
        "data/deals.csv",
        "D-6,ae-03,Maison Lefèvre,2024-03-28,2000,",
    );
    assert_eq!(
        april(dir),
        [(
            "adjustment:2024-03:commission".to_string(),
            "200.00".to_string()
        )]
    );
}
