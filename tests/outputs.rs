//! Outputs never clobber inputs (issue 13, item 10): `-o` and `--chart` refuse (exit 2) a path that
//! is, or links to, a file the workspace reads or writes; `comp init` and `comp demo` refuse a
//! folder already holding their files and never write through a link, even a dangling one.

mod common;
use common::{copy_dir, root, run_in};

use std::os::unix::fs::symlink;
use std::path::Path;

/// A copy of the example company laid out as in the repository (examples/acme and plans/).
fn acme_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &root().join("examples/acme"),
        &dir.path().join("examples/acme"),
    );
    copy_dir(&root().join("plans"), &dir.path().join("plans"));
    dir
}

/// Runs comp on the copy; asserts the refusal and that `kept` did not change.
fn refused(dir: &Path, args: &[&str], kept: &Path) {
    let before = std::fs::read(kept).ok();
    let mut all = vec!["--workspace", "examples/acme/comp.toml"];
    all.extend_from_slice(args);
    let (code, text) = run_in(dir, &all);
    assert_eq!(code, 2, "{args:?}: {text}");
    assert!(
        text.contains("which this workspace reads or writes"),
        "{args:?}: {text}"
    );
    assert_eq!(
        std::fs::read(kept).ok(),
        before,
        "{args:?} changed {kept:?}"
    );
}

/// Regression (issue 13, item 10): `calc -o ledger.csv` replaced the payout history; so did `-o`
/// onto the deals file, comp.toml, a plan, an expectation or a scenario.
#[test]
fn output_onto_an_input_is_refused() {
    let dir = acme_copy();
    let d = dir.path();
    let acme = d.join("examples/acme");
    // the ledger does not exist yet: it is still the workspace's
    let cases: [(&[&str], &Path); 9] = [
        (
            &[
                "calc",
                "--period",
                "2024-03",
                "-o",
                "examples/acme/ledger.csv",
            ],
            &acme.join("ledger.csv"),
        ),
        (
            &[
                "calc",
                "--period",
                "2024-03",
                "-o",
                "examples/acme/data/deals.csv",
            ],
            &acme.join("data/deals.csv"),
        ),
        (
            &[
                "calc",
                "--period",
                "2024-03",
                "-o",
                "examples/acme/comp.toml",
            ],
            &acme.join("comp.toml"),
        ),
        (
            &["calc", "--period", "2024-03", "-o", "plans/sdr.toml"],
            &d.join("plans/sdr.toml"),
        ),
        (
            &["check", "-o", "examples/acme/expect/cases.toml"],
            &acme.join("expect/cases.toml"),
        ),
        (
            &[
                "explain",
                "--period",
                "2024-03",
                "--payee",
                "ambre.chevalier",
                "-o",
                "examples/acme/data/roster.csv",
            ],
            &acme.join("data/roster.csv"),
        ),
        (
            &[
                "curve",
                "sdr",
                "meetings",
                "-o",
                "examples/acme/data/quotas.csv",
            ],
            &acme.join("data/quotas.csv"),
        ),
        (
            &[
                "calc",
                "--period",
                "2024-03",
                "-o",
                "examples/acme/./data/../data/meetings.csv",
            ],
            &acme.join("data/meetings.csv"),
        ),
        (
            &[
                "calc",
                "--period",
                "2024-03",
                "-o",
                "examples/acme/ledger.csv.lock",
            ],
            &acme.join("ledger.csv.lock"),
        ),
    ];
    for (args, kept) in cases {
        refused(d, args, kept);
    }
}

/// Regression (issue 13, item 10): a link to an input, or a hard link, is the input.
#[test]
fn output_through_a_link_to_an_input_is_refused() {
    let dir = acme_copy();
    let d = dir.path();
    let deals = d.join("examples/acme/data/deals.csv");
    symlink(&deals, d.join("out.csv")).unwrap();
    refused(d, &["calc", "--period", "2024-03", "-o", "out.csv"], &deals);
    std::fs::hard_link(&deals, d.join("hard.csv")).unwrap();
    refused(
        d,
        &["calc", "--period", "2024-03", "-o", "hard.csv"],
        &deals,
    );
    // a dangling link leading to where the ledger will be
    symlink(d.join("examples/acme/ledger.csv"), d.join("l.csv")).unwrap();
    refused(
        d,
        &["calc", "--period", "2024-03", "-o", "l.csv"],
        &d.join("examples/acme/ledger.csv"),
    );
}

/// Regression (issue 13, item 10): the scenario of `whatif` and the chart of `diff` too.
#[test]
fn whatif_and_diff_outputs_onto_their_inputs_are_refused() {
    let dir = acme_copy();
    let d = dir.path();
    let scenario = d.join("examples/acme/2023/scenario-2024.toml");
    let before = std::fs::read(&scenario).unwrap();
    let (code, text) = run_in(
        d,
        &[
            "--workspace",
            "examples/acme/2023/comp.toml",
            "whatif",
            "examples/acme/2023/scenario-2024.toml",
            "-o",
            "examples/acme/2023/scenario-2024.toml",
        ],
    );
    assert_eq!(code, 2, "{text}");
    assert_eq!(std::fs::read(&scenario).unwrap(), before);
    let plan = d.join("plans/ae-arr.toml");
    let before = std::fs::read(&plan).unwrap();
    let (code, text) = run_in(
        d,
        &[
            "--workspace",
            "examples/acme/2023/comp.toml",
            "diff",
            "--period",
            "2023",
            "--plan",
            "ae-per-customer",
            "--against",
            "plans/ae-arr.toml",
            "--chart",
            "plans/ae-arr.toml",
        ],
    );
    assert_eq!(code, 2, "{text}");
    assert_eq!(std::fs::read(&plan).unwrap(), before);
}

/// An output elsewhere is written as before.
#[test]
fn output_elsewhere_is_written() {
    let dir = acme_copy();
    let (code, text) = run_in(
        dir.path(),
        &[
            "--workspace",
            "examples/acme/comp.toml",
            "calc",
            "--period",
            "2024-03",
            "-o",
            "out.txt",
        ],
    );
    assert_eq!(code, 0, "{text}");
    assert!(dir.path().join("out.txt").exists());
}

/// Regression (issue 13, item 10): `comp init` and `comp demo` refuse a folder that holds one of
/// their files, a link leading nowhere included, and write nothing through it.
#[test]
fn init_and_demo_refuse_a_folder_holding_their_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let away = d.join("away");
    std::fs::create_dir(&away).unwrap();
    for (verb, file) in [("init", "data/deals.csv"), ("demo", "data/mrr.csv")] {
        let folder = d.join(verb);
        std::fs::create_dir_all(folder.join("data")).unwrap();
        let target = away.join(format!("{verb}.csv"));
        symlink(&target, folder.join(file)).unwrap();
        let args: Vec<&str> = match verb {
            "init" => vec!["init", folder.to_str().unwrap()],
            _ => vec![
                "demo",
                "--out",
                folder.to_str().unwrap(),
                "--payees",
                "10",
                "--deals",
                "100",
            ],
        };
        let (code, text) = run_in(d, &args);
        assert_eq!(code, 2, "{verb}: {text}");
        assert!(text.contains(file), "{verb}: {text}");
        assert!(!target.exists(), "{verb} wrote through the link");
        assert!(!folder.join("comp.toml").exists(), "{verb} wrote comp.toml");
    }
}
