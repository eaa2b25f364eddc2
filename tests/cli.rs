//! Snapshots of whole `comp calc` runs: exit code, standard output and standard error.

mod common;
use common::{comp, hide_tmp, root, run, run_text};

const W5: &str = "tests/golden/w05_graduated_vs_retroactive/comp.toml";
const ACME: &str = "examples/acme/comp.toml";

#[test]
fn calc_table() {
    insta::assert_snapshot!(run(&["--workspace", W5, "calc", "--period", "2024-Q1"]));
}

#[test]
fn calc_table_with_lines_and_reconciliation() {
    insta::assert_snapshot!(run(&[
        "--workspace",
        W5,
        "calc",
        "--period",
        "2024-Q1",
        "--lines",
        "--reconcile"
    ]));
}

#[test]
fn calc_csv() {
    insta::assert_snapshot!(run(&[
        "--workspace",
        W5,
        "calc",
        "--period",
        "2024-Q1",
        "--format",
        "csv"
    ]));
}

#[test]
fn calc_csv_lines() {
    insta::assert_snapshot!(run(&[
        "--workspace",
        W5,
        "calc",
        "--period",
        "2024-Q1",
        "--format",
        "csv",
        "--lines"
    ]));
}

#[test]
fn calc_csv_reconcile() {
    insta::assert_snapshot!(run(&[
        "--workspace",
        W5,
        "calc",
        "--period",
        "2024-Q1",
        "--format",
        "csv",
        "--reconcile"
    ]));
}

#[test]
fn calc_json() {
    insta::assert_snapshot!(run(&[
        "--workspace",
        W5,
        "calc",
        "--period",
        "2024-Q1",
        "--format",
        "json",
        "--payee",
        "ae-01"
    ]));
}

#[test]
fn calc_example_company_one_payee_with_lines() {
    insta::assert_snapshot!(run(&[
        "--workspace",
        ACME,
        "calc",
        "--period",
        "2024-Q1",
        "--payee",
        "camille.martin",
        "--lines"
    ]));
}

#[test]
fn calc_example_company_quarter_csv() {
    insta::assert_snapshot!(run(&[
        "--workspace",
        ACME,
        "calc",
        "--period",
        "2024-Q1",
        "--format",
        "csv"
    ]));
}

#[test]
fn calc_example_company_month_skips_quarterly_plans() {
    insta::assert_snapshot!(run(&[
        "--workspace",
        ACME,
        "calc",
        "--period",
        "2024-03",
        "--plan",
        "sdr",
        "--payee",
        "ines.morel"
    ]));
}

#[test]
fn calc_finds_the_workspace_from_the_current_folder() {
    let dir = root().join("examples/acme/data");
    let found = run_text(
        &dir,
        &[
            "calc", "--period", "2024-Q1", "--format", "csv", "--plan", "ae-arr",
        ],
    );
    let given = run(&[
        "--workspace",
        ACME,
        "calc",
        "--period",
        "2024-Q1",
        "--format",
        "csv",
        "--plan",
        "ae-arr",
    ]);
    // the warnings name files relative to where comp runs; the statements are the same
    let stdout = |s: &str| s.split("--- stderr").next().unwrap().to_string();
    assert_eq!(stdout(&found), stdout(&given));
}

#[test]
fn output_file_is_written_whole_and_matches_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pay.csv");
    let file_arg = file.to_str().unwrap();
    let args = [
        "--workspace",
        ACME,
        "calc",
        "--period",
        "2024-Q1",
        "--format",
        "csv",
    ];
    let mut with_o = args.to_vec();
    with_o.extend(["-o", file_arg]);
    let run_o = run(&with_o);
    assert!(
        run_o.starts_with("exit: 0\n--- stdout\n--- stderr"),
        "{run_o}"
    );
    let stdout = comp().args(args).run().stdout;
    assert_eq!(std::fs::read(&file).unwrap(), stdout);
    // nothing else left in the folder: the temporary file was renamed into place
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn the_output_is_byte_identical_across_runs() {
    let args = [
        "--workspace",
        ACME,
        "calc",
        "--period",
        "2024",
        "--format",
        "json",
    ];
    assert_eq!(run(&args), run(&args));
}

/// Regression: `-o /dev/null` (as root) used to rename a temporary file over the device.
#[test]
fn output_to_a_device_writes_into_it_instead_of_replacing_it() {
    let run_o = run(&[
        "--workspace",
        W5,
        "calc",
        "--period",
        "2024-Q1",
        "-o",
        "/dev/null",
    ]);
    assert!(run_o.starts_with("exit: 0"), "{run_o}");
    let meta = std::fs::metadata("/dev/null").unwrap();
    assert!(!meta.is_file(), "/dev/null is still a device");
}

/// Regression: replacing an existing output file reset its permissions to 0600.
#[cfg(unix)]
#[test]
fn output_file_keeps_its_permissions_when_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pay.csv");
    std::fs::write(&file, "old").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = run(&[
        "--workspace",
        W5,
        "calc",
        "--period",
        "2024-Q1",
        "--format",
        "csv",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(out.starts_with("exit: 0"), "{out}");
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644);
}

#[test]
fn demo_is_deterministic_for_a_seed_and_calculates() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for dir in [&a, &b] {
        let out = dir.path().join("co");
        let run_demo = run(&[
            "demo",
            "--payees",
            "40",
            "--deals",
            "2000",
            "--seed",
            "1",
            "--out",
            out.to_str().unwrap(),
        ]);
        // 40 sales payees and 3 in customer success (2 CSMs, 2 x 100-150 customers)
        insta::assert_snapshot!("demo_summary", hide_tmp(&run_demo, dir.path()));
    }
    for file in [
        "comp.toml",
        "plans/csm-grr.toml",
        "plans/cs-upsell.toml",
        "data/deals.csv",
        "data/roster.csv",
        "data/quotas.csv",
        "data/meetings.csv",
        "data/customers.csv",
        "data/mrr.csv",
        "data/upsells.csv",
    ] {
        let read = |d: &tempfile::TempDir| std::fs::read(d.path().join("co").join(file)).unwrap();
        assert_eq!(read(&a), read(&b), "{file} differs for the same seed");
    }
    let ws = a.path().join("co/comp.toml");
    for period in ["2024-Q1", "2024"] {
        let calc = run(&[
            "--workspace",
            ws.to_str().unwrap(),
            "calc",
            "--period",
            period,
            "--format",
            "csv",
        ]);
        assert!(calc.starts_with("exit: 0"), "{period}: {calc}");
        for plan in ["csm-grr", "cs-upsell"] {
            assert!(
                calc.contains(&format!(",{plan},")),
                "{period}: no {plan} statement"
            );
        }
    }
    // the generated workspace is valid as a whole (no expectations to compare yet)
    let check = run(&["--workspace", ws.to_str().unwrap(), "check"]);
    insta::assert_snapshot!("demo_check", hide_tmp(&check, a.path()));
    // the CS team's first quarter: each CSM's GRR on the csm-grr curve, the account manager's
    // upsells and the team's NRR against the 120% kicker
    insta::assert_snapshot!(
        "demo_customer_success_q1",
        run(&[
            "--workspace",
            ws.to_str().unwrap(),
            "calc",
            "--period",
            "2024-Q1",
            "--plan",
            "csm-grr",
            "--plan",
            "cs-upsell",
        ])
    );
}

// ---- month close: statements that show what a period owes against what was paid ----

const W7: &str = "tests/golden/w07_ytd_true_up/comp.toml";
const W8: &str = "tests/golden/w08_clawback/comp.toml";
const DRAW: &str = "tests/golden/recoverable_draw_three_periods/comp.toml";
const CARRY: &str = "tests/golden/negative_carry_forward/comp.toml";
const PRORATION: &str = "tests/golden/proration_start_and_leave/comp.toml";

/// A year-to-date statement: each line shows earned to date, paid to date, and pays the difference
/// (W7's Q2: 13,200.00 earned to date, 4,800.00 paid in Q1, 8,400.00 payable).
#[test]
fn calc_ytd_statement_table() {
    insta::assert_snapshot!(run(&["--workspace", W7, "calc", "--period", "2024-Q2"]));
}

/// The payroll export: one row per payee with the period's amount (March of the recoverable draw:
/// 3,000.00 - 125.00 recovered = 2,875.00; 2,500.00 - 500.00 recovered = 2,000.00).
#[test]
fn calc_payroll() {
    insta::assert_snapshot!(run(&[
        "--workspace",
        DRAW,
        "calc",
        "--period",
        "2024-03",
        "--format",
        "payroll"
    ]));
}

/// A draw's balance under each statement (April: ae-02 still owes 2,500.00 of top-ups).
#[test]
fn calc_draw_balance_table() {
    insta::assert_snapshot!(run(&["--workspace", DRAW, "calc", "--period", "2024-04"]));
}

/// A negative balance carried forward (March: 300.00 recovered of 500.00, 200.00 still carried).
#[test]
fn calc_carried_balance_table() {
    insta::assert_snapshot!(run(&[
        "--workspace",
        CARRY,
        "calc",
        "--period",
        "2024-03",
        "--payee",
        "ae-01"
    ]));
}

/// A clawback line, with the cancelled record under it (`--lines`).
#[test]
fn calc_clawback_with_lines() {
    insta::assert_snapshot!(run(&[
        "--workspace",
        W8,
        "calc",
        "--period",
        "2024-03",
        "--payee",
        "ae-01",
        "--lines"
    ]));
}

/// Prorated statements: the days employed, the prorated TI and target.
#[test]
fn calc_prorated_table() {
    insta::assert_snapshot!(run(&[
        "--workspace",
        PRORATION,
        "calc",
        "--period",
        "2024-06"
    ]));
}

/// A KPI component explained with `--lines`: the CSM's starting base (each customer's start MRR)
/// and the movements of the quarter behind the GRR, and deals credited by tenure.
#[test]
fn calc_kpi_component_with_lines() {
    insta::assert_snapshot!(run(&[
        "--workspace",
        "examples/tenure/comp.toml",
        "calc",
        "--period",
        "2024-Q1",
        "--lines"
    ]));
}

/// The example company's CS team: GRR- and NRR-driven components with the KPI in `value`.
#[test]
fn calc_example_company_customer_success_csv() {
    insta::assert_snapshot!(run(&[
        "--workspace",
        ACME,
        "calc",
        "--period",
        "2024-Q1",
        "--format",
        "csv",
        "--plan",
        "csm-grr",
        "--plan",
        "cs-upsell",
        "--plan",
        "csm-churn",
        "--plan",
        "cs-lead"
    ]));
}

/// A split record counts once in the reconciliation, though credited to two payees.
#[test]
fn calc_split_reconciliation_counts_a_split_row_once() {
    insta::assert_snapshot!(run(&[
        "--workspace",
        "tests/golden/w10_split/comp.toml",
        "calc",
        "--period",
        "2024-Q1",
        "--reconcile"
    ]));
}

/// A CSM on churn tiers, a gated expansion commission, time to value and key meetings: how each
/// line was reached, in the table (a curve over days reads "at 25", not "at 25%").
#[test]
fn calc_example_company_csm_churn_table() {
    insta::assert_snapshot!(run(&[
        "--workspace",
        ACME,
        "calc",
        "--period",
        "2024-Q1",
        "--payee",
        "hugo.mercier"
    ]));
}

/// `-q`: no warnings, only the output asked for (the example's deals warn of an unknown payee and
/// a repeated id).
#[test]
fn quiet_prints_no_warnings() {
    let loud = common::comp()
        .args([
            "--workspace",
            "examples/acme/comp.toml",
            "calc",
            "--period",
            "2024-Q1",
        ])
        .args(["--format", "payroll"])
        .run();
    assert!(loud.stderr.contains("warning:"), "{}", loud.stderr);
    let quiet = common::comp()
        .args([
            "-q",
            "--workspace",
            "examples/acme/comp.toml",
            "calc",
            "--period",
            "2024-Q1",
        ])
        .args(["--format", "payroll"])
        .run();
    assert!(quiet.success());
    assert_eq!(quiet.stderr, "");
    assert_eq!(quiet.stdout, loud.stdout);
}

/// `comp completions SHELL` prints a completion script naming comp's verbs.
#[test]
fn completions_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let run = common::comp().args(["completions", shell]).run();
        assert!(run.success(), "{shell}: {}", run.text());
        let script = String::from_utf8(run.stdout).unwrap();
        assert!(
            script.contains("statements") && script.contains("calc"),
            "{shell}"
        );
    }
}

/// `-o` into a folder that does not exist says so, with the file asked for, never comp's
/// temporary file's name.
#[test]
fn an_output_in_a_missing_folder_names_the_folder() {
    let run = common::comp()
        .args([
            "-q",
            "--workspace",
            "examples/acme/comp.toml",
            "calc",
            "--period",
            "2024-Q1",
        ])
        .args(["-o", "/nonexistent-comp-folder/pay.csv"])
        .run();
    assert_eq!(run.code, Some(1));
    assert_eq!(
        run.stderr,
        "error: cannot write /nonexistent-comp-folder/pay.csv: the folder /nonexistent-comp-folder does not exist\n"
    );
}
