//! `comp whatif`: projections run the engine of `comp calc`. Money worked by hand in the comments.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn comp(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_comp"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("comp runs")
}

fn ok(args: &[&str]) -> String {
    let out = comp(args);
    assert!(
        out.status.success(),
        "comp {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn snapshot(args: &[&str]) -> String {
    snapshot_in(None, args)
}

/// A snapshot with the scenario's temporary folder written [DIR].
fn snapshot_in(dir: Option<&Path>, args: &[&str]) -> String {
    let out = comp(args);
    let text = format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    match dir {
        Some(d) => text.replace(&d.display().to_string(), "[DIR]"),
        None => text,
    }
}

/// CSV rows as maps from header to value.
fn rows(csv_text: &str) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn scenario(dir: &Path, text: &str) -> PathBuf {
    let p = dir.join("scenario.toml");
    std::fs::write(&p, text).unwrap();
    p
}

const ACME: &str = "examples/acme/comp.toml";

/// A replay of 2024 into 2024 with no change is the year `comp calc` computes: every payee's payout
/// is the sum of their statements for 2024, to the cent.
#[test]
fn replay_without_changes_reproduces_the_actual_year() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario(dir.path(), "base_year = 2024\nyear = 2024\n");
    let calc = ok(&[
        "--workspace",
        ACME,
        "calc",
        "--period",
        "2024",
        "--format",
        "csv",
    ]);
    let mut actual: BTreeMap<String, rust_decimal::Decimal> = BTreeMap::new();
    for r in rows(&calc) {
        *actual.entry(r["payee"].clone()).or_default() +=
            r["payout"].parse::<rust_decimal::Decimal>().unwrap();
    }
    let whatif = ok(&[
        "--workspace",
        ACME,
        "whatif",
        "--scenario",
        sc.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    let projected: BTreeMap<String, rust_decimal::Decimal> = rows(&whatif)
        .into_iter()
        .filter(|r| r["level"] == "payee")
        .map(|r| (r["id"].clone(), r["payout"].parse().unwrap()))
        .collect();
    assert_eq!(projected.len(), 22);
    assert_eq!(projected, actual);
    let company = rows(&whatif)
        .into_iter()
        .find(|r| r["level"] == "company")
        .unwrap();
    // the company total of `comp calc --period 2024` (tests/cli.rs and the README show it)
    assert_eq!(company["payout"], "671251.09");
}

const CURVE: &str = "tests/whatif/curve/comp.toml";

/// tests/whatif/curve: plan `bonus` pays each month TI/12 x curve(attainment), the curve through
/// (0, 0), (100, 100), (150, 200). TIs 12,000 + 30,000 + 18,000 = 60,000, each divisible by 12, so the
/// monthly lines are whole cents (1,000.00, 2,500.00, 1,500.00).
/// - 100%: each month pays TI/12: 12 x (1,000 + 2,500 + 1,500) = 60,000.00 = the sum of the TIs.
/// - 50%: 50% of TI: 6,000 + 15,000 + 9,000 = 30,000.00.
/// - 150%: 200% of TI: 24,000 + 60,000 + 36,000 = 120,000.00.
///
/// Quotas 2024 (120,000, 240,000, 180,000) grow 10% into 2025: revenue at 100% is
/// 132,000 + 264,000 + 198,000 = 594,000.00, and the cost of sales 60,000 / 594,000 = 0.10101.
#[test]
fn grid_at_100_percent_costs_the_sum_of_target_incentives() {
    let out = ok(&[
        "--workspace",
        CURVE,
        "whatif",
        "--scenario",
        "tests/whatif/grid.toml",
        "--format",
        "csv",
    ]);
    let company: BTreeMap<String, (String, String, String)> = rows(&out)
        .into_iter()
        .filter(|r| r["level"] == "company")
        .map(|r| {
            (
                r["point"].clone(),
                (
                    r["payout"].clone(),
                    r["revenue"].clone(),
                    r["cost_of_sales"].clone(),
                ),
            )
        })
        .collect();
    assert_eq!(
        company["1"],
        ("60000.00".into(), "594000.00".into(), "0.10101".into())
    );
    assert_eq!(company["0.5"].0, "30000.00");
    assert_eq!(company["1.5"].0, "120000.00");
    let bob = rows(&out)
        .into_iter()
        .find(|r| r["level"] == "payee" && r["id"] == "bob" && r["point"] == "1")
        .unwrap();
    // bob: quota 240,000 x 1.1 = 264,000, at 100%: TI 30,000.00
    assert_eq!(
        (
            bob["target"].as_str(),
            bob["attainment"].as_str(),
            bob["payout"].as_str()
        ),
        ("264000", "1", "30000.00")
    );
}

#[test]
fn monte_carlo_is_byte_identical_for_a_seed() {
    let args = |seed: &'static str| {
        vec![
            "--workspace",
            ACME,
            "whatif",
            "--scenario",
            "tests/whatif/acme-mc.toml",
            "--model",
            "monte-carlo",
            "--trials",
            "300",
            "--seed",
            seed,
            "--format",
            "csv",
        ]
    };
    let a = ok(&args("7"));
    let b = ok(&args("7"));
    let c = ok(&args("8"));
    assert_eq!(a, b);
    assert_ne!(a, c);
    let company = rows(&a)
        .into_iter()
        .find(|r| r["level"] == "company")
        .unwrap();
    let p = |k: &str| company[k].parse::<rust_decimal::Decimal>().unwrap();
    assert!(p("p10") <= p("p50") && p("p50") <= p("p90"), "{company:?}");
}

#[test]
fn charts_for_grid_and_monte_carlo() {
    let dir = tempfile::tempdir().unwrap();
    let grid = dir.path().join("grid.svg");
    let out = comp(&[
        "--workspace",
        CURVE,
        "whatif",
        "--scenario",
        "tests/whatif/grid.toml",
        "--chart",
        grid.to_str().unwrap(),
        "-o",
        dir.path().join("grid.txt").to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let svg = std::fs::read_to_string(&grid).unwrap();
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\"")
            && svg.trim_end().ends_with("</svg>")
    );
    // one point per grid row, the 100% point at 60,000
    assert_eq!(svg.matches("<circle").count(), 3);
    assert!(svg.contains("<title>100%: 60,000</title>"));

    let mc = dir.path().join("mc.svg");
    let out = comp(&[
        "--workspace",
        ACME,
        "whatif",
        "--scenario",
        "tests/whatif/acme-mc.toml",
        "--model",
        "monte-carlo",
        "--trials",
        "200",
        "--chart",
        mc.to_str().unwrap(),
        "-o",
        dir.path().join("mc.txt").to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = std::fs::read_to_string(&mc).unwrap();
    // 40 bins whose counts add up to the 200 trials
    let counts: Vec<u32> = svg
        .match_indices("<title>")
        .map(|(i, _)| svg[i + 7..].split(' ').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(counts.len(), 40);
    assert_eq!(counts.iter().sum::<u32>(), 200);
}

#[test]
fn scenario_with_an_unknown_key() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario(
        dir.path(),
        "base_year = 2024\nyear = 2025\n\n[quotas]\ngrowht = \"15%\"\n",
    );
    insta::assert_snapshot!(snapshot_in(
        Some(dir.path()),
        &[
            "--workspace",
            ACME,
            "whatif",
            "--scenario",
            sc.to_str().unwrap()
        ]
    ));
}

#[test]
fn scenario_with_bad_values() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario(
        dir.path(),
        "base_year = 2024\nyear = 2023\nmodel = \"montecarlo\"\n\n[[hires]]\nplan = \"ae-arr\"\nstart = \"2025-13-01\"\ntarget_incentive = 36000\n",
    );
    insta::assert_snapshot!(snapshot_in(
        Some(dir.path()),
        &[
            "--workspace",
            ACME,
            "whatif",
            "--scenario",
            sc.to_str().unwrap()
        ]
    ));
}

#[test]
fn scenario_naming_unknown_people_and_plans() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario(
        dir.path(),
        "base_year = 2024\nyear = 2025\n\n[swap]\nae-per-customer = \"ae-arr\"\n\n[[hires]]\nplan = \"ae-midmarket\"\nstart = \"2025-03-01\"\ntarget_incentive = 36000\n\n[[leavers]]\npayee = \"hugo.renard\"\n",
    );
    insta::assert_snapshot!(snapshot_in(
        Some(dir.path()),
        &[
            "--workspace",
            ACME,
            "whatif",
            "--scenario",
            sc.to_str().unwrap()
        ]
    ));
}

#[test]
fn a_replay_has_no_chart() {
    insta::assert_snapshot!(snapshot(&[
        "--workspace",
        CURVE,
        "whatif",
        "--scenario",
        "tests/whatif/grid.toml",
        "--model",
        "replay",
        "--chart",
        "x.svg",
    ]));
}
