//! The terminal: tables fitted to a width (`--width`), colour (`--color`, `NO_COLOR`).

mod common;
use common::comp;

const ACME: &str = "examples/acme/comp.toml";
const W11: &str = "tests/golden/w11_old_per_customer/comp.toml";

fn stdout(c: common::Comp) -> String {
    let out = c.output();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn calc_80(extra: &[&str]) -> String {
    stdout(
        comp()
            .args(["-q", "--workspace", ACME, "calc", "--period", "2024-Q1"])
            .args(["--width", "80"])
            .args(extra),
    )
}

fn assert_fits(text: &str, width: usize) {
    for l in text.lines() {
        assert!(
            l.chars().count() <= width,
            "{} chars: {l}",
            l.chars().count()
        );
    }
}

#[test]
fn the_example_company_reads_at_80_columns() {
    let t = calc_80(&[]);
    assert_fits(&t, 80);
    insta::assert_snapshot!(t);
}

#[test]
fn the_example_company_with_lines_and_reconciliation_fits_80_columns() {
    let t = calc_80(&["--payee", "camille.martin", "--lines", "--reconcile"]);
    assert_fits(&t, 80);
    // every credited record keeps its whole id on one line
    let ids = stdout(comp().args([
        "-q",
        "--workspace",
        ACME,
        "calc",
        "--period",
        "2024-Q1",
        "--payee",
        "camille.martin",
        "--format",
        "csv",
        "--lines",
    ]));
    let mut rows = csv::Reader::from_reader(ids.as_bytes());
    let col = rows
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "id")
        .expect("an id column");
    for r in rows.records() {
        let id = r.unwrap()[col].to_string();
        if !id.is_empty() {
            assert!(t.contains(&format!("  {id} ")), "{id} split in:\n{t}");
        }
    }
    insta::assert_snapshot!(t);
}

#[test]
fn piped_output_keeps_the_fixed_layout() {
    // no --width, not a terminal: today's 100-column statements, whatever COLUMNS says
    let piped = stdout(comp().env("COLUMNS", "60").args([
        "-q",
        "--workspace",
        ACME,
        "calc",
        "--period",
        "2024-Q1",
    ]));
    let wide = stdout(comp().args([
        "-q",
        "--workspace",
        ACME,
        "calc",
        "--period",
        "2024-Q1",
        "--width",
        "100",
    ]));
    assert!(piped.lines().any(|l| l.chars().count() > 100));
    let tables: Vec<&str> = piped.lines().filter(|l| l.starts_with('|')).collect();
    assert_fits(&tables.join("\n"), 100);
    assert_ne!(piped, wide, "--width wraps the headings too");
}

#[test]
fn diff_and_whatif_fit_80_columns_and_share_calc_s_style() {
    let diff = stdout(comp().args([
        "-q",
        "--workspace",
        W11,
        "--width",
        "80",
        "diff",
        "--period",
        "2024-Q1",
        "--plans",
        "tests/golden/w11_old_per_customer/plans",
        "--against",
        "tests/golden/w11_new_arr/plans",
    ]));
    let whatif = stdout(comp().args([
        "-q",
        "--workspace",
        "examples/acme/2023/comp.toml",
        "--width",
        "80",
        "whatif",
        "--scenario",
        "examples/acme/2023/scenario-2024.toml",
    ]));
    for t in [&diff, &whatif] {
        assert_fits(t, 80);
        assert!(t.contains("|--"), "one style (Markdown-like ASCII):\n{t}");
        assert!(!t.contains('┆'), "{t}");
    }
}

fn calc_with(color: Option<&str>, no_color: bool) -> String {
    let mut c = comp();
    if !no_color {
        c = c.env_remove("NO_COLOR");
    }
    if let Some(when) = color {
        c = c.args(["--color", when]);
    }
    // a payee paid less under the proposed plans: a negative delta
    stdout(c.args([
        "-q",
        "--workspace",
        W11,
        "diff",
        "--period",
        "2024-Q1",
        "--plans",
        "tests/golden/w11_old_per_customer/plans",
        "--against",
        "tests/golden/w11_new_arr/plans",
    ]))
}

#[test]
fn color_always_paints_negative_amounts_and_never_does_not() {
    let always = calc_with(Some("always"), false);
    assert!(always.contains("\x1b[31m-"), "{always}");
    // even with NO_COLOR: the flag is explicit
    assert!(calc_with(Some("always"), true).contains("\x1b["));
    for plain in [
        calc_with(Some("never"), false),
        calc_with(None, true),
        calc_with(Some("auto"), false),
    ] {
        assert!(!plain.contains('\x1b'), "{plain}");
    }
    // colour adds codes only
    let stripped = always.replace("\x1b[31m", "").replace("\x1b[0m", "");
    assert_eq!(stripped, calc_with(Some("never"), false));
}

#[test]
fn color_always_paints_warnings_and_errors_on_standard_error() {
    let out = comp()
        .env_remove("NO_COLOR")
        .args([
            "--color",
            "always",
            "--workspace",
            ACME,
            "calc",
            "--period",
            "2024-Q1",
        ])
        .output();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("\x1b[33mwarning\x1b[0m:"), "{err}");
    let out = comp()
        .args([
            "--color",
            "always",
            "--workspace",
            ACME,
            "calc",
            "--period",
            "2024-Q9",
        ])
        .output();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("\x1b[1;31merror\x1b[0m:"), "{err}");
    let out = comp()
        .args(["--workspace", ACME, "calc", "--period", "2024-Q9"])
        .output();
    assert!(!String::from_utf8(out.stderr).unwrap().contains('\x1b'));
}

#[test]
fn color_always_paints_check_s_failures() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::root();
    common::copy_dir(
        &root.join("examples/acme"),
        &dir.path().join("examples/acme"),
    );
    common::copy_dir(&root.join("plans"), &dir.path().join("plans"));
    let plan = dir.path().join("plans/ae-arr.toml");
    let text = std::fs::read_to_string(&plan).unwrap();
    let changed = text.replacen(
        "{ from = 100, to = 150, rate = \"10%\" }",
        "{ from = 100, to = 150, rate = \"11%\" }",
        1,
    );
    assert_ne!(text, changed);
    std::fs::write(&plan, changed).unwrap();
    let run = |color: &str| {
        let out = comp()
            .current_dir(dir.path())
            .args(["-q", "--color", color, "--workspace", ACME, "check"])
            .output();
        assert_eq!(out.status.code(), Some(1));
        String::from_utf8(out.stdout).unwrap()
    };
    let always = run("always");
    assert!(always.contains("\x1b[1;31mFAIL\x1b[0m"), "{always}");
    assert!(!run("never").contains('\x1b'));
}

/// `comp explain` folds its sentences at the terminal's width (here `--width 60`), heading and
/// closing sentences included; piped with no width, at 100 columns as a text file is.
#[test]
fn explain_folds_at_the_width() {
    let args = [
        "-q",
        "--workspace",
        ACME,
        "explain",
        "--payee",
        "sophie.laurent",
        "--period",
        "2024-Q1",
    ];
    let narrow = stdout(comp().args(args).args(["--width", "60"]));
    assert_fits(&narrow, 60);
    let piped = stdout(comp().env("COLUMNS", "60").args(args));
    assert_fits(&piped, 100);
    assert!(piped.lines().any(|l| l.chars().count() > 60), "{piped}");
    // the same words either way
    let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(words(&narrow), words(&piped));
}
