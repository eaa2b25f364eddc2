//! `comp whatif`: projections run the engine of `comp calc`. Money worked by hand in the comments.

mod common;

use common::ok;
use common::{root, toml_blocks};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn comp(args: &[&str]) -> std::process::Output {
    common::comp().args(args).output()
}

fn snapshot(args: &[&str]) -> String {
    snapshot_in(None, args)
}

/// A snapshot with the scenario's temporary folder written [DIR].
fn snapshot_in(dir: Option<&Path>, args: &[&str]) -> String {
    let mut comp = common::comp().args(args);
    if let Some(d) = dir {
        comp = comp.hide(d, "[DIR]");
    }
    comp.run().text().to_string()
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
/// is the sum of their statements for 2024, to the cent, on all seven plans (the customer-success
/// plans read the customer data replayed as it is).
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
    // a payee promoted in the year (lea.dubois) has a row per assignment: add them up
    let mut projected: BTreeMap<String, rust_decimal::Decimal> = BTreeMap::new();
    for r in rows(&whatif).into_iter().filter(|r| r["level"] == "payee") {
        *projected.entry(r["id"].clone()).or_default() +=
            r["payout"].parse::<rust_decimal::Decimal>().unwrap();
    }
    assert_eq!(projected.len(), 29);
    assert_eq!(projected, actual);
    let plans: Vec<String> = rows(&whatif)
        .into_iter()
        .filter(|r| r["level"] == "plan")
        .map(|r| r["id"].clone())
        .collect();
    assert_eq!(plans.len(), 7, "{plans:?}");
    let company = rows(&whatif)
        .into_iter()
        .find(|r| r["level"] == "company")
        .unwrap();
    // the company total of `comp calc --period 2024`
    assert_eq!(company["payout"], "774090.15");
}

const KPI: &str = "tests/whatif/kpi/comp.toml";

/// tests/whatif/kpi: 2024 replayed from 2023's customer data. Plan `csm` (yearly) pays 80% of TI on
/// the portfolio's GRR (curve 60% -> 0, 100% -> 100%) and 20% on the team's NRR (90% -> 0,
/// 110% -> 100%). TIs grow 10%: ana 11,000, bob 13,200. MRR grows 10%, which leaves the ratios as
/// they were; every movement moves one year on, so 2024 starts with 2023's starting MRR.
///
/// Starting MRR (movements before 2023, x 1.1): ana C1 1,100, C2 550, C5 550 = 2,200; bob C3 2,200
/// (C4 signs during the year: not in the base).
/// - ana: C1 contraction 110, C2 churn 550 (all of it), C5 expansion 220 (not in GRR).
///   GRR = (1,100 - 110 + 0 + 550) / 2,200 = 1,540 / 2,200 = 70% -> curve 25%:
///   11,000 x 80% x 25% = 2,200.00.
/// - bob: C3 expansion 440, contraction 220: GRR = 1,980 / 2,200 = 90% -> 75%:
///   13,200 x 80% x 75% = 7,920.00.
/// - team NRR: (4,400 - churn 550 - contraction 330 + expansion 660) / 4,400 = 4,180 / 4,400 = 95%
///   -> 25%: ana 11,000 x 20% x 25% = 550.00, bob 13,200 x 20% x 25% = 660.00.
///
/// ana 2,750.00, bob 8,580.00, 11,330.00 in all. C5's churn of March 2024 is after the base year:
/// not replayed (in the 2024 actuals ana's GRR is 56.25% and she earns nothing).
#[test]
fn a_replay_computes_kpi_plans_on_the_base_years_customers() {
    let out = ok(&[
        "--workspace",
        KPI,
        "whatif",
        "--scenario",
        "tests/whatif/kpi/scenario-2024.toml",
        "--format",
        "csv",
    ]);
    let payout: BTreeMap<String, String> = rows(&out)
        .into_iter()
        .map(|r| (format!("{} {}", r["level"], r["id"]), r["payout"].clone()))
        .collect();
    assert_eq!(payout["payee ana"], "2750.00");
    assert_eq!(payout["payee bob"], "8580.00");
    assert_eq!(payout["company company"], "11330.00");
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

/// tests/whatif/changes.toml on tests/whatif/curve, everyone at 100% (the curve pays 100% of the
/// month's TI):
/// - ana leaves on 2025-06-30: January to June, 6 x 12,000/12 = 6,000.00; quota 120,000 + 10%
///   = 132,000 a year, 66,000 for her half year.
/// - bob: quota growth 0% for him: 240,000; TI 30,000: 30,000.00.
/// - cyd: team South's TI +50%: 18,000 x 1.5 = 27,000: 27,000.00.
/// - hire-1 (South, TI 24,000, no TI growth for hires) from 2025-04-01, April..December: 9 x 2,000
///   = 18,000.00; quota 10,000 a month, April at 50%: 5,000 + 8 x 10,000 = 85,000.
///
/// Company: 6,000 + 30,000 + 27,000 + 18,000 = 81,000.00.
#[test]
fn hires_leavers_and_growth() {
    let out = ok(&[
        "--workspace",
        CURVE,
        "whatif",
        "--scenario",
        "tests/whatif/changes.toml",
        "--format",
        "csv",
    ]);
    let got: BTreeMap<String, (String, String)> = rows(&out)
        .into_iter()
        .map(|r| (r["id"].clone(), (r["target"].clone(), r["payout"].clone())))
        .collect();
    let want = |t: &str, p: &str| (t.to_string(), p.to_string());
    assert_eq!(got["ana"], want("66000", "6000.00"));
    assert_eq!(got["bob"], want("240000", "30000.00"));
    assert_eq!(got["cyd"], want("198000", "27000.00"));
    assert_eq!(got["hire-1"], want("85000", "18000.00"));
    assert_eq!(got["company"].1, "81000.00");
}

/// The example scenario runs, in replay and Monte Carlo (10,000 trials), in the user's own terms.
#[test]
fn the_example_scenario_runs() {
    let ws = "examples/acme/2023/comp.toml";
    let sc = "examples/acme/2023/scenario-2024.toml";
    let replay = ok(&[
        "--workspace",
        ws,
        "whatif",
        "--scenario",
        sc,
        "--format",
        "csv",
    ]);
    let rows_ = rows(&replay);
    // the per-customer AEs are paid by the ARR plan; the two hires are there; hugo.renard is gone
    assert!(rows_.iter().all(|r| r["plan"] != "ae-per-customer"));
    assert_eq!(rows_.iter().filter(|r| r["hire"] == "true").count(), 2);
    assert!(!rows_.iter().any(|r| r["id"] == "hugo.renard"));
    let mc = ok(&[
        "--workspace",
        ws,
        "whatif",
        "--scenario",
        sc,
        "--model",
        "monte-carlo",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&mc).unwrap();
    assert_eq!(v["trials"], 10000);
    assert_eq!(v["seed"], 2024);
}

/// Every scenario in docs/whatif.md is a valid scenario file.
#[test]
fn the_guide_examples_parse() {
    let guide = std::fs::read_to_string(root().join("docs/whatif.md")).unwrap();
    let blocks = toml_blocks(&guide);
    assert!(blocks.len() >= 2);
    for (i, b) in blocks.iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let path = scenario(dir.path(), b);
        let sc = comp::read::scenario_file::load(&path, comp::period::FiscalStart::default())
            .unwrap_or_else(|e| panic!("docs/whatif.md block {}:\n{e}", i + 1));
        assert!(sc.year.start >= sc.base.start);
    }
    // the full example: two hires with a three-month ramp, per-plan and per-team distributions
    let sc = comp::read::scenario_file::load(
        &scenario(tempfile::tempdir().unwrap().path(), &blocks[0]),
        comp::period::FiscalStart::default(),
    );
    let sc = sc.unwrap();
    assert_eq!(sc.hires.len(), 2);
    assert_eq!(sc.hires[1].id, "new-ae-2");
    assert_eq!(sc.hires[0].ramp.len(), 3);
    assert_eq!(sc.monte_carlo.trials, 10000);
    assert_eq!(sc.monte_carlo.plans.len(), 1);
}

#[test]
fn example_scenario_replay_table() {
    insta::assert_snapshot!(snapshot(&[
        "--workspace",
        "examples/acme/2023/comp.toml",
        "whatif",
        "--scenario",
        "examples/acme/2023/scenario-2024.toml",
    ]));
}

#[test]
fn example_scenario_monte_carlo_table() {
    insta::assert_snapshot!(snapshot(&[
        "--workspace",
        "examples/acme/2023/comp.toml",
        "whatif",
        "--scenario",
        "examples/acme/2023/scenario-2024.toml",
        "--model",
        "monte-carlo",
        "--trials",
        "500",
    ]));
}

#[test]
fn grid_table() {
    insta::assert_snapshot!(snapshot(&[
        "--workspace",
        CURVE,
        "whatif",
        "--scenario",
        "tests/whatif/grid.toml",
    ]));
}

#[test]
fn scenario_with_bad_hires() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario(
        dir.path(),
        "base_year = 2024\nyear = 2025\n\n[[hires]]\nid = \"ana\"\ncount = 0\nplan = \"bonus\"\nstart = \"2024-12-01\"\ntarget_incentive = -5\nquota = { new_customers = 10, new_arr = 0 }\n",
    );
    insta::assert_snapshot!(snapshot_in(
        Some(dir.path()),
        &[
            "--workspace",
            CURVE,
            "whatif",
            "--scenario",
            sc.to_str().unwrap()
        ]
    ));
}

#[test]
fn scenario_with_hires_the_year_cannot_take() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario(
        dir.path(),
        "base_year = 2024\nyear = 2025\n\n[[hires]]\nid = \"ana\"\nplan = \"bonus\"\nstart = \"2024-12-01\"\ntarget_incentive = 5000\nquota = { new_customers = 10 }\n",
    );
    insta::assert_snapshot!(snapshot_in(
        Some(dir.path()),
        &[
            "--workspace",
            CURVE,
            "whatif",
            "--scenario",
            sc.to_str().unwrap()
        ]
    ));
}

#[test]
fn hires_are_numbered_across_entries() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario(
        dir.path(),
        "base_year = 2024\nyear = 2025\n\n[[hires]]\nid = \"ana\"\nplan = \"bonus\"\nstart = \"2025-02-01\"\ntarget_incentive = 5000\nquota = { new_arr = 100000 }\n\n[[hires]]\nid = \"ana\"\nplan = \"bonus\"\nstart = \"2025-02-01\"\ntarget_incentive = 5000\nquota = { new_arr = 100000 }\n",
    );
    // hires are numbered across entries (ana-1, ana-2), so only a roster payee named ana-1 clashes
    let out = comp(&[
        "--workspace",
        CURVE,
        "whatif",
        "--scenario",
        sc.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(",payee,ana-1,") && text.contains(",payee,ana-2,"));
}

#[test]
fn scenario_with_bad_monte_carlo_settings() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario(
        dir.path(),
        "base_year = 2024\nyear = 2025\n\n[quotas]\nteams = { North = \"-150%\" }\n\n[monte_carlo]\ntrials = -1\nstep = \"0%\"\ndistribution = \"poisson\"\nmean = 0\nspread = \"-5%\"\n",
    );
    insta::assert_snapshot!(snapshot_in(
        Some(dir.path()),
        &[
            "--workspace",
            CURVE,
            "whatif",
            "--scenario",
            sc.to_str().unwrap()
        ]
    ));
}

/// Correlations are shares of one draw: each from 0 to 1, together at most 1; no other key.
#[test]
fn scenario_with_bad_correlations() {
    let dir = tempfile::tempdir().unwrap();
    for (name, correlation) in [
        ("negative", "{ company = -0.1, team = \"120%\" }"),
        ("over_one", "{ company = 0.7, team = \"40%\" }"),
        ("unknown_key", "{ company = 0.3, region = 0.2 }"),
    ] {
        let sc = scenario(
            dir.path(),
            &format!("base_year = 2024\nyear = 2024\nmodel = \"monte-carlo\"\n\n[monte_carlo]\ncorrelation = {correlation}\n"),
        );
        insta::assert_snapshot!(
            format!("scenario_with_bad_correlations_{name}"),
            snapshot_in(
                Some(dir.path()),
                &[
                    "--workspace",
                    CURVE,
                    "whatif",
                    "--scenario",
                    sc.to_str().unwrap()
                ]
            )
        );
    }
}

/// A company factor makes a bad quarter everyone's: the company's cost spreads wider (P10 to P90)
/// than with independent draws, around about the same mean.
#[test]
fn a_company_correlation_widens_the_companys_spread() {
    let company = |sc: &str| {
        let out = ok(&[
            "--workspace",
            ACME,
            "whatif",
            "--scenario",
            sc,
            "--format",
            "csv",
        ]);
        let rows = rows(&out);
        let row = rows
            .iter()
            .find(|r| r["level"] == "company")
            .unwrap()
            .clone();
        let d = |k: &str| row[k].parse::<f64>().unwrap();
        (d("payout"), d("p90") - d("p10"))
    };
    let (mean, width) = company("tests/whatif/acme-mc.toml");
    let (mean_c, width_c) = company("tests/whatif/acme-mc-correlated.toml");
    assert!(width_c > 1.5 * width, "{width_c} vs {width}");
    assert!((mean_c - mean).abs() < 0.02 * mean, "{mean_c} vs {mean}");
}

/// Monte Carlo reports each period of the year: the company's periods add up to its year (the
/// mean of a sum is the sum of the means, to a cent of rounding each).
#[test]
fn monte_carlo_reports_each_quarter() {
    let out = ok(&[
        "--workspace",
        ACME,
        "whatif",
        "--scenario",
        "tests/whatif/acme-mc.toml",
        "--format",
        "csv",
    ]);
    let rows = rows(&out);
    let periods: Vec<_> = rows.iter().filter(|r| r["level"] == "period").collect();
    let ids: Vec<&str> = periods.iter().map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]);
    let cents = |s: &str| (s.parse::<f64>().unwrap() * 100.0).round() as i64;
    let year = rows.iter().find(|r| r["level"] == "company").unwrap();
    let sum: i64 = periods.iter().map(|r| cents(&r["payout"])).sum();
    assert!((sum - cents(&year["payout"])).abs() <= 4, "{sum}");
    let sum: i64 = periods.iter().map(|r| cents(&r["revenue"])).sum();
    assert!((sum - cents(&year["revenue"])).abs() <= 4, "{sum}");
}

/// A plan whose measures can count the same record cannot be driven by attainment.
#[test]
fn overlapping_measures_refuse_grid_and_monte_carlo() {
    let dir = tempfile::tempdir().unwrap();
    let src = root().join("tests/whatif/curve");
    copy_files(
        &src,
        dir.path(),
        &[
            "comp.toml",
            "data/deals.csv",
            "data/roster.csv",
            "data/quotas.csv",
        ],
    );
    let plan = std::fs::read_to_string(src.join("plans/bonus.toml")).unwrap();
    std::fs::create_dir_all(dir.path().join("plans")).unwrap();
    std::fs::write(
        dir.path().join("plans/bonus.toml"),
        format!("{plan}\n[measures.all_arr]\nsource = \"deals\"\nsum = \"amount\"\n\n[[components]]\nid = \"all\"\ncommission = {{ on = \"all_arr\", rate = \"1%\" }}\n")
            .replace("weight = \"100%\"\n", "weight = \"100%\"\n"),
    )
    .unwrap();
    let ws = dir.path().join("comp.toml");
    insta::assert_snapshot!(snapshot_in(
        Some(dir.path()),
        &[
            "--workspace",
            ws.to_str().unwrap(),
            "whatif",
            "--scenario",
            "tests/whatif/grid.toml"
        ]
    ));
    // the replay model reads the real records: it runs
    let out = comp(&[
        "--workspace",
        ws.to_str().unwrap(),
        "whatif",
        "--scenario",
        "tests/whatif/grid.toml",
        "--model",
        "replay",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn too_many_draws() {
    insta::assert_snapshot!(snapshot(&[
        "--workspace",
        ACME,
        "whatif",
        "--scenario",
        "tests/whatif/acme-mc.toml",
        "--trials",
        "20000000",
    ]));
}

/// On the linear part of the curve (0% -> 0, 100% -> 100% of TI), the grid's cost is the sum of TIs
/// (60,000.00) times the attainment, to the cent: each month pays TI/12 x a, and the monthly TIs
/// (1,000, 2,500, 1,500) make every line whole cents at these points:
/// 12.5%: 125.00 + 312.50 + 187.50 = 625.00 a month, 7,500.00 a year; 33%: 1,650.00 a month,
/// 19,800.00; 80%: 48,000.00. Beyond 100% the slope doubles: 120% -> 140% of TI = 84,000.00.
#[test]
fn grid_follows_the_curve() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario(
        dir.path(),
        "base_year = 2024\nyear = 2025\nmodel = \"grid\"\n\n[grid]\npoints = [\"0%\", \"12.5%\", \"33%\", \"80%\", \"120%\"]\n",
    );
    let out = ok(&[
        "--workspace",
        CURVE,
        "whatif",
        "--scenario",
        sc.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    let cost: Vec<(String, String)> = rows(&out)
        .into_iter()
        .filter(|r| r["level"] == "company")
        .map(|r| (r["point"].clone(), r["payout"].clone()))
        .collect();
    let want: Vec<(String, String)> = [
        ("0", "0.00"),
        ("0.125", "7500.00"),
        ("0.33", "19800.00"),
        ("0.8", "48000.00"),
        ("1.2", "84000.00"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(cost, want);
}

/// ambre.chevalier ramped in 2024 on monthly quotas (March 5, April 9, May 12, June to December 15).
/// Modelled in 2025 with quotas +10%, January and February (before her 2024 start) take her last
/// monthly quota: 2 x 16.5 + (5 + 9 + 12) x 1.1 + 7 x 16.5 = 33 + 28.6 + 115.5 = 177.1 meetings.
/// (lea.dubois's 2024 rows are half years of two plans: the scenario sets her 2025 quotas.)
#[test]
fn ramped_monthly_quotas_fill_the_months_they_miss() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario(
        dir.path(),
        "base_year = 2024\nyear = 2025\n\n[quotas]\ngrowth = \"10%\"\n\n[quotas.set]\npayees = { \"lea.dubois\" = { new_arr = 605000, expansion_arr = 462000 } }\n",
    );
    let out = comp(&[
        "--workspace",
        ACME,
        "whatif",
        "--scenario",
        sc.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ambre = rows(&String::from_utf8(out.stdout).unwrap())
        .into_iter()
        .find(|r| r["id"] == "ambre.chevalier")
        .unwrap();
    assert_eq!(ambre["target"], "177.1");
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("monthly quotas of ambre.chevalier do not cover all of 2025"));
}

/// Monte Carlo leaves no payee out: the payees on KPI plans are replayed, their KPIs drawn
/// (`[monte_carlo.kpi]` in acme-mc.toml draws all five), and no KPI is held.
#[test]
fn monte_carlo_models_the_payees_on_kpi_plans() {
    let out = comp(&[
        "--workspace",
        ACME,
        "whatif",
        "--scenario",
        "tests/whatif/acme-mc.toml",
        "--format",
        "csv",
    ]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("KPIs not drawn"), "{stderr}");
    let ids: Vec<String> = rows(&String::from_utf8(out.stdout).unwrap())
        .into_iter()
        .filter(|r| r["level"] == "payee")
        .map(|r| r["id"].clone())
        .collect();
    // 21 payees on sales plans, lea.dubois once per assignment (promoted on 2024-07-01), and the
    // 7 of the customer-success team
    assert_eq!(ids.len(), 30);
    assert_eq!(ids.iter().filter(|i| *i == "lea.dubois").count(), 2);
    for cs in [
        "claire.fontaine",
        "chloe.roux",
        "margaux.perret",
        "zoe.lambert",
    ] {
        assert!(ids.iter().any(|i| i == cs), "{cs}");
    }
}

/// A hire on a KPI plan cannot be driven by attainment: refused at the plan's KPI measure.
#[test]
fn a_hire_on_a_kpi_plan_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario(
        dir.path(),
        "base_year = 2024\nyear = 2024\nmodel = \"grid\"\n\n[[hires]]\nplan = \"csm-grr\"\nstart = \"2024-03-01\"\ntarget_incentive = 12000\n\n[grid]\npoints = [\"100%\"]\n",
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

/// Monte Carlo and the grid give the same bytes on 1, 2 or 3 threads: trials draw from their own
/// streams, outcomes come back in job order, and totals are kept in trial order.
#[test]
fn projections_do_not_depend_on_the_number_of_threads() {
    for (model, sc) in [
        ("monte-carlo", "tests/whatif/acme-mc.toml"),
        ("monte-carlo", "tests/whatif/acme-mc-correlated.toml"),
        ("grid", "tests/whatif/acme-mc.toml"),
    ] {
        let on = |threads: &str| {
            let out = common::comp()
                .args([
                    "--workspace",
                    ACME,
                    "whatif",
                    "--scenario",
                    sc,
                    "--model",
                    model,
                    "--trials",
                    "500",
                    "--format",
                    "csv",
                ])
                .current_dir(&root())
                .env("RAYON_NUM_THREADS", threads)
                .output();
            assert!(out.status.success(), "{model} on {threads} thread(s)");
            out.stdout
        };
        let one = on("1");
        assert!(!one.is_empty());
        assert_eq!(one, on("1"), "{sc} {model}: two runs");
        assert_eq!(one, on("2"), "{sc} {model}: 1 and 2 threads");
        assert_eq!(one, on("3"), "{sc} {model}: 1 and 3 threads");
    }
}

/// The engine's problems with a payee at many attainments name the real payee, once: each engine
/// run holds a payee at most once, under their own id. Here bob has no quota, which the grid's
/// three points each need.
#[test]
fn a_problem_of_a_modelled_payee_names_them_once() {
    let dir = tempfile::tempdir().unwrap();
    let src = root().join("tests/whatif/curve");
    copy_files(
        &src,
        dir.path(),
        &[
            "comp.toml",
            "plans/bonus.toml",
            "data/deals.csv",
            "data/roster.csv",
        ],
    );
    let quotas = std::fs::read_to_string(src.join("data/quotas.csv")).unwrap();
    let without_bob: String = quotas
        .lines()
        .filter(|l| !l.starts_with("bob,"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(dir.path().join("data/quotas.csv"), without_bob).unwrap();
    let ws = dir.path().join("comp.toml");
    let out = comp(&[
        "--workspace",
        ws.to_str().unwrap(),
        "whatif",
        "--scenario",
        "tests/whatif/grid.toml",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr
            .matches("error: plan `bonus` compares `new_arr` with a target (component `bonus`), and 2025 has no quota for it for: bob\n")
            .count(),
        1,
        "{stderr}"
    );
    // the quota of a year to come is given in the scenario, not in the base year's quota file
    assert!(
        stderr.contains(
            "hint: give it in the scenario: [quotas.set] plans = { bonus = { new_arr = ... } }"
        ),
        "{stderr}"
    );
}

const SOLVE: &str = "tests/whatif/solve/comp.toml";

/// The `solve` object of a solved scenario's JSON: (value, reached, beyond, beyond_reached, runs).
fn solved(sc: &str) -> (String, String, String, String, u64) {
    let out = ok(&[
        "--workspace",
        SOLVE,
        "whatif",
        "--scenario",
        sc,
        "--format",
        "json",
    ]);
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    let s = &j["solve"];
    let text = |k: &str| s[k].as_str().unwrap().to_string();
    (
        text("value"),
        text("reached"),
        text("beyond"),
        text("beyond_reached"),
        s["runs"].as_u64().unwrap(),
    )
}

/// tests/whatif/solve: plan `linear` pays the year's TI x attainment (a curve through (0, 0) and
/// (200, 200): no kink), replayed from 2024 into 2025.
/// - ana: TI 10,000, quota 100,000, deals 70,000 + 50,000 = 120,000: attainment 1.2, cost 12,000.
/// - bob: TI 20,000, quota 200,000, deals 150,000: attainment 0.75, cost 15,000.
///
/// With quotas grown by g, each attainment is divided by (1 + g), so the total cost is
/// 27,000 / (1 + g). The closed form for a total cost C: g = 27,000 / C - 1. For C = 25,000:
/// g = 1.08 - 1 = 8% exactly: ana 12,000 / 1.08 = 11,111.11, bob 15,000 / 1.08 = 13,888.89 (each
/// rounded), 25,000.00 in all. One step lower, at 7.99%: 27,000 / 1.0799 = 25,002.3; ana
/// 12,000 / 1.0799 = 11,112.14, bob 15,000 / 1.0799 = 13,890.18: 25,002.32 (over the target).
/// Bisection over 0 to 4,000 steps of 0.01%: the two ends, then 12 halvings to a bracket of one
/// step (4,000 -> 2,000 -> ... -> 1.95 -> 1): 14 runs.
#[test]
fn solve_matches_the_closed_form_of_a_linear_plan() {
    assert_eq!(
        solved("tests/whatif/solve.toml"),
        (
            "0.08".into(),
            "25000.00".into(),
            "0.0799".into(),
            "25002.32".into(),
            14
        )
    );
}

/// The same plan, for a cost of sales of 9% of the revenue (the replayed deals: 270,000, which
/// quota growth does not move): a cost of 24,300, so 1 + g = 27,000 / 24,300 = 1.1111...,
/// g = 11.111...%. The first multiple of 0.01% at or above it is 11.12%:
/// - at 11.12%: ana 12,000 / 1.1112 = 10,799.136 -> 10,799.14, bob 15,000 / 1.1112 = 13,498.920
///   -> 13,498.92; 24,298.06 / 270,000 = 8.99928...% (at most 9%);
/// - at 11.11%: ana 12,000 / 1.1111 = 10,800.108 -> 10,800.11, bob 15,000 / 1.1111 = 13,500.135
///   -> 13,500.14; 24,300.25 / 270,000 = 9.0000925...% (over).
#[test]
fn solve_for_a_cost_of_sales() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario(
        dir.path(),
        "base_year = 2024\nyear = 2025\n\n[solve]\nvary = { quota_growth = { plan = \"linear\" } }\ntarget = { cost_of_sales = \"9%\" }\nbetween = [\"0%\", \"40%\"]\n",
    );
    let (value, reached, beyond, beyond_reached, _) = solved(sc.to_str().unwrap());
    assert_eq!((value.as_str(), beyond.as_str()), ("0.1112", "0.1111"));
    // 24,298.06 / 270,000 and 24,300.25 / 270,000
    let share = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
    assert_eq!(
        share(&reached),
        rust_decimal::Decimal::new(2429806, 2) / rust_decimal::Decimal::from(270_000)
    );
    assert_eq!(
        share(&beyond_reached),
        rust_decimal::Decimal::new(2430025, 2) / rust_decimal::Decimal::from(270_000)
    );
}

/// TI growth moves cost up: 27,000 x (1 + g). For 29,700: g = 10% exactly (ana 11,000 x 1.2 =
/// 13,200, bob 22,000 x 0.75 = 16,500). One step higher, 10.01%: ana 11,001 x 1.2 = 13,201.20,
/// bob 22,002 x 0.75 = 16,501.50: 29,702.70, over the target. The value found is the bracket's
/// lower end, the one at most the target.
#[test]
fn solve_on_ti_growth_meets_the_target_from_below() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario(
        dir.path(),
        "base_year = 2024\nyear = 2025\n\n[solve]\nvary = { ti_growth = {} }\ntarget = { total_cost = 29700 }\nbetween = [\"0%\", \"25%\"]\n",
    );
    let (value, reached, beyond, beyond_reached, _) = solved(sc.to_str().unwrap());
    assert_eq!(
        (
            value.as_str(),
            reached.as_str(),
            beyond.as_str(),
            beyond_reached.as_str()
        ),
        ("0.1", "29700.00", "0.1001", "29702.70")
    );
}

#[test]
fn solve_table() {
    insta::assert_snapshot!(snapshot(&[
        "--workspace",
        SOLVE,
        "whatif",
        "--scenario",
        "tests/whatif/solve.toml"
    ]));
}

/// The example company's solve: the quota growth of the ARR plan for an 8% cost of sales on it.
/// What it must satisfy: at the value found the plan is at most 8%, one step lower over 8%.
#[test]
fn the_example_solve_brackets_its_target() {
    let out = ok(&[
        "--workspace",
        "examples/acme/2023/comp.toml",
        "whatif",
        "--scenario",
        "examples/acme/2023/solve-2024.toml",
        "--format",
        "json",
    ]);
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    let s = &j["solve"];
    let dec = |k: &str| {
        s[k].as_str()
            .unwrap()
            .parse::<rust_decimal::Decimal>()
            .unwrap()
    };
    let eight = rust_decimal::Decimal::new(8, 2);
    assert!(dec("reached") <= eight && dec("beyond_reached") > eight);
    assert_eq!(
        dec("value") - dec("beyond"),
        rust_decimal::Decimal::new(1, 4)
    );
    // the plan row of the projection returned is the one at the value found
    let plan = j["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["level"] == "plan" && r["id"] == "ae-arr")
        .unwrap();
    assert_eq!(plan["cost_of_sales"], s["reached"]);
}

#[test]
fn solve_with_no_value_in_range() {
    let dir = tempfile::tempdir().unwrap();
    // at 0%: 27,000; at 5%: ana 12,000 / 1.05 = 11,428.57, bob 15,000 / 1.05 = 14,285.71: 25,714.28
    let sc = scenario(
        dir.path(),
        "base_year = 2024\nyear = 2025\n\n[solve]\nvary = { quota_growth = {} }\ntarget = { total_cost = 25000 }\nbetween = [\"0%\", \"5%\"]\n",
    );
    insta::assert_snapshot!(snapshot_in(
        Some(dir.path()),
        &[
            "--workspace",
            SOLVE,
            "whatif",
            "--scenario",
            sc.to_str().unwrap()
        ]
    ));
}

#[test]
fn solve_with_bad_settings() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario(
        dir.path(),
        "base_year = 2024\nyear = 2025\n\n[solve]\nvary = { quota_growht = { plan = \"linear\", team = \"North\" } }\ntarget = { cost_of_sales = \"9%\", total_cost = 1000, at = \"p95\" }\nbetween = [\"40%\", \"0%\"]\nprecision = \"0%\"\n",
    );
    insta::assert_snapshot!(snapshot_in(
        Some(dir.path()),
        &[
            "--workspace",
            SOLVE,
            "whatif",
            "--scenario",
            sc.to_str().unwrap()
        ]
    ));
}

#[test]
fn solve_scope_not_in_the_modelled_year() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario(
        dir.path(),
        "base_year = 2024\nyear = 2025\n\n[solve]\nvary = { quota_growth = { team = \"West\" } }\ntarget = { total_cost = 25000 }\nbetween = [\"0%\", \"40%\"]\n",
    );
    insta::assert_snapshot!(snapshot_in(
        Some(dir.path()),
        &[
            "--workspace",
            SOLVE,
            "whatif",
            "--scenario",
            sc.to_str().unwrap()
        ]
    ));
}

const SWAP: &str = "tests/whatif/swap/comp.toml";

/// Payee payouts of a projection (CSV), by id.
fn payouts(ws: &str, sc: &str) -> BTreeMap<String, (String, String)> {
    let out = ok(&[
        "--workspace",
        ws,
        "whatif",
        "--scenario",
        sc,
        "--format",
        "csv",
    ]);
    rows(&out)
        .into_iter()
        .filter(|r| r["level"] == "payee" || r["level"] == "company")
        .map(|r| (r["id"].clone(), (r["target"].clone(), r["payout"].clone())))
        .collect()
}

/// tests/whatif/swap: 2024 paid 450.00 per new customer, with no ARR measure and no ARR quota.
/// 2025 swaps in the ARR plan (the year's TI x attainment of new ARR, linear), its quotas given by
/// the scenario: 100,000 for the plan, 200,000 for bob (the payee's entry wins).
/// - ana: TI 10,000, new ARR replayed 70,000 + 50,000 = 120,000: 120% -> 12,000.00.
/// - bob: TI 20,000, 150,000 (his 9,000 expansion is not new ARR): 75% -> 15,000.00.
#[test]
fn a_swap_takes_the_quotas_the_scenario_gives() {
    let p = payouts(SWAP, "tests/whatif/swap-set.toml");
    assert_eq!(p["ana"], ("100000".into(), "12000.00".into()));
    assert_eq!(p["bob"], ("200000".into(), "15000.00".into()));
    assert_eq!(p["company"].1, "27000.00");
}

/// The same swap, each quota the payee's 2024 new ARR + 10% (both employed all of 2024):
/// - ana: 120,000 x 1.1 = 132,000; 120,000 / 132,000 = 90.909...% -> 10,000 x 0.90909... =
///   9,090.909... -> 9,090.91.
/// - bob: 150,000 x 1.1 = 165,000; 90.909...% of 20,000 = 18,181.818... -> 18,181.82.
/// - company: 9,090.91 + 18,181.82 = 27,272.73.
#[test]
fn a_swap_takes_quotas_from_base_year_actuals() {
    let p = payouts(SWAP, "tests/whatif/swap-actuals.toml");
    assert_eq!(p["ana"], ("132000".into(), "9090.91".into()));
    assert_eq!(p["bob"], ("165000".into(), "18181.82".into()));
    assert_eq!(p["company"].1, "27272.73");
}

/// A swap to a plan whose quotas nobody gave: one error for the plan and measure, naming the
/// component and the payees, and how a scenario gives them.
#[test]
fn a_swap_without_quotas_names_plan_component_and_payees() {
    let dir = tempfile::tempdir().unwrap();
    let arr = root().join("tests/whatif/swap/plans/arr.toml");
    let sc = scenario(
        dir.path(),
        &format!(
            "base_year = 2024\nyear = 2025\n\n[swap]\nper-customer = \"{}\"\n",
            arr.display()
        ),
    );
    let text = snapshot_in(
        Some(dir.path()),
        &[
            "--workspace",
            SWAP,
            "whatif",
            "--scenario",
            sc.to_str().unwrap(),
        ],
    );
    insta::assert_snapshot!(text.replace(&root().display().to_string(), "[ROOT]"));
}

#[test]
fn given_quotas_that_cannot_be_placed() {
    let dir = tempfile::tempdir().unwrap();
    let arr = root().join("tests/whatif/swap/plans/arr.toml");
    let sc = scenario(
        dir.path(),
        &format!(
            "base_year = 2024\nyear = 2025\n\n[swap]\nper-customer = \"{}\"\n\n[quotas]\nactuals = {{ new_customers = \"5%\" }}\n\n[quotas.set]\nplans = {{ arr = {{ new_arr = 100000, arr = 5 }}, per-customer = {{ new_arr = 1 }} }}\nteams = {{ West = {{ new_arr = 100000 }} }}\npayees = {{ bob = {{ new_customers = 5 }} }}\n",
            arr.display()
        ),
    );
    insta::assert_snapshot!(snapshot_in(
        Some(dir.path()),
        &[
            "--workspace",
            SWAP,
            "whatif",
            "--scenario",
            sc.to_str().unwrap()
        ]
    ));
}

/// tests/whatif/cases: plan `expand` pays each expansion deal by the first case it matches, a
/// renewal 2%, anything else 4%, with no quota, so 100% is a payee's own base-year value. The grid
/// splits each synthetic value among the cases as the payee's 2024 deals did:
/// - ana: a renewal of 10,000 and an upsell of 30,000, a quarter and three quarters. At 100%,
///   40,000 x (1/4 x 2% + 3/4 x 4%) = 40,000 x 3.5% = 1,400.00; at 150%, 60,000 x 3.5% = 2,100.00
///   (Q1 15,000: 3,750 x 2% + 11,250 x 4% = 75.00 + 450.00; Q2 45,000: 225.00 + 1,350.00).
/// - bob: one upsell of 20,000, all at 4%: 800.00, and at 150% 30,000 x 4% = 1,200.00.
///
/// A single synthetic record would have paid ana's 150% all at one case (1,200.00 or 2,400.00).
#[test]
fn grid_splits_a_commission_by_cases_as_the_base_year_did() {
    let out = ok(&[
        "--workspace",
        "tests/whatif/cases/comp.toml",
        "whatif",
        "--scenario",
        "tests/whatif/cases.toml",
        "--format",
        "csv",
    ]);
    let payouts: BTreeMap<(String, String), String> = rows(&out)
        .into_iter()
        .filter(|r| r["level"] == "payee" || r["level"] == "company")
        .map(|r| ((r["point"].clone(), r["id"].clone()), r["payout"].clone()))
        .collect();
    let at = |p: &str, id: &str| payouts[&(p.to_string(), id.to_string())].clone();
    assert_eq!(at("1", "ana"), "1400.00");
    assert_eq!(at("1", "bob"), "800.00");
    assert_eq!(at("1", "company"), "2200.00");
    assert_eq!(at("1.5", "ana"), "2100.00");
    assert_eq!(at("1.5", "bob"), "1200.00");
    assert_eq!(at("1.5", "company"), "3300.00");
}

/// tests/whatif/kpi/grid-2024.toml: the grid sets each payee's GRR and the team's NRR; TIs grow 10%
/// (ana 11,000, bob 13,200). Retention pays 80% of TI x curve(GRR) (60% -> 0, 100% -> 100%), the
/// team component 20% of TI x curve(NRR) (90% -> 0, 110% -> 100%).
/// - GRR 70% (25%), NRR 95% (25%): ana 8,800 x 25% + 2,200 x 25% = 2,200 + 550 = 2,750.00;
///   bob 10,560 x 25% + 2,640 x 25% = 2,640 + 660 = 3,300.00; 6,050.00 in all.
/// - GRR 90% (75%), NRR 100% (50%): ana 6,600 + 1,100 = 7,700.00; bob 7,920 + 1,320 = 9,240.00;
///   16,940.00.
/// - GRR 100%, NRR 110% (both 100%): the TIs, 11,000.00 + 13,200.00 = 24,200.00.
#[test]
fn a_grid_sets_kpi_values_and_pays_the_curve_at_them() {
    let out = ok(&[
        "--workspace",
        KPI,
        "whatif",
        "--scenario",
        "tests/whatif/kpi/grid-2024.toml",
        "--format",
        "csv",
    ]);
    let got: Vec<(String, String, String)> = rows(&out)
        .into_iter()
        .filter(|r| r["level"] != "plan" && r["level"] != "team")
        .map(|r| (r["kpi"].clone(), r["id"].clone(), r["payout"].clone()))
        .collect();
    let want = [
        ("grr=0.7;team_nrr=0.95", "ana", "2750.00"),
        ("grr=0.7;team_nrr=0.95", "bob", "3300.00"),
        ("grr=0.7;team_nrr=0.95", "company", "6050.00"),
        ("grr=0.9;team_nrr=1", "ana", "7700.00"),
        ("grr=0.9;team_nrr=1", "bob", "9240.00"),
        ("grr=0.9;team_nrr=1", "company", "16940.00"),
        ("grr=1;team_nrr=1.1", "ana", "11000.00"),
        ("grr=1;team_nrr=1.1", "bob", "13200.00"),
        ("grr=1;team_nrr=1.1", "company", "24200.00"),
    ];
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(k, i, p)| (k.to_string(), i.to_string(), p.to_string()))
        .collect();
    assert_eq!(got, want);
}

/// A grid KPI must be a KPI measure of a plan of the modelled year, with one value per grid point.
#[test]
fn scenario_with_bad_grid_kpis() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario(
        dir.path(),
        "base_year = 2023\nyear = 2024\nmodel = \"grid\"\n\n[grid]\npoints = [\"90%\", \"100%\"]\nkpi = { grr = [\"90%\"] }\n",
    );
    let args = [
        "--workspace",
        KPI,
        "whatif",
        "--scenario",
        sc.to_str().unwrap(),
    ];
    insta::assert_snapshot!(
        "grid_kpi_of_the_wrong_length",
        snapshot_in(Some(dir.path()), &args)
    );
    let sc = scenario(
        dir.path(),
        "base_year = 2023\nyear = 2024\nmodel = \"grid\"\n\n[grid]\nkpi = { nps = [\"30\"] }\n",
    );
    let args = [
        "--workspace",
        KPI,
        "whatif",
        "--scenario",
        sc.to_str().unwrap(),
    ];
    insta::assert_snapshot!("grid_kpi_not_a_kpi", snapshot_in(Some(dir.path()), &args));
}

/// tests/whatif/kpi/heir-2024.toml: ana leaves before 2024 and hire csm-1 (team CS, TI 10,000 as
/// written) takes over her customers. Her portfolio's GRR is 70% as in the replay above (curve 25%):
/// 10,000 x 80% x 25% = 2,000.00; the team (bob and csm-1) holds the same customers, NRR 95% (25%):
/// 10,000 x 20% x 25% = 500.00. csm-1 2,500.00; bob as before 8,580.00; 11,080.00 in all.
#[test]
fn a_hire_on_a_kpi_plan_inherits_a_leavers_customers() {
    let out = ok(&[
        "--workspace",
        KPI,
        "whatif",
        "--scenario",
        "tests/whatif/kpi/heir-2024.toml",
        "--format",
        "csv",
    ]);
    let payout: BTreeMap<String, String> = rows(&out)
        .into_iter()
        .map(|r| (format!("{} {}", r["level"], r["id"]), r["payout"].clone()))
        .collect();
    assert_eq!(payout["payee csm-1"], "2500.00");
    assert_eq!(payout["payee bob"], "8580.00");
    assert_eq!(payout["company company"], "11080.00");
    assert!(!payout.contains_key("payee ana"));
}

/// `inherits` names a leaver of the scenario, and one hire.
#[test]
fn scenario_with_bad_inherits() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario(
        dir.path(),
        "base_year = 2023\nyear = 2024\n\n[[hires]]\nplan = \"csm\"\nstart = \"2024-01-01\"\ntarget_incentive = 10000\ninherits = \"bob\"\n",
    );
    let args = [
        "--workspace",
        KPI,
        "whatif",
        "--scenario",
        sc.to_str().unwrap(),
    ];
    insta::assert_snapshot!(
        "inherits_not_a_leaver",
        snapshot_in(Some(dir.path()), &args)
    );
    let sc = scenario(
        dir.path(),
        "base_year = 2023\nyear = 2024\n\n[[leavers]]\npayee = \"ana\"\n\n[[hires]]\ncount = 2\nplan = \"csm\"\nstart = \"2024-01-01\"\ntarget_incentive = 10000\ninherits = \"ana\"\n",
    );
    let args = [
        "--workspace",
        KPI,
        "whatif",
        "--scenario",
        sc.to_str().unwrap(),
    ];
    insta::assert_snapshot!(
        "inherits_by_several_hires",
        snapshot_in(Some(dir.path()), &args)
    );
}

/// A year where a payee changes plan (rule 20) is modelled, each assignment its own part-year
/// segment with its plan, TI and targets prorated by days. ana: bonus plan (TI 12,000, 100% of TI
/// at quota) until 15 July 2024, lead plan (TI 18,000, 200% at quota) from 16 July; quota 120,000
/// a year. Everyone at 100%:
/// - ana on bonus: January to June 6 x 12,000 / 12 = 6,000.00; July 1,000 x 15/31 = 483.87
///   -> 6,483.87
/// - ana on lead: July 1,500 x 16/31 x 200% = 1,548.39; August to December 5 x 3,000 = 15,000.00
///   -> 16,548.39
/// - bob on bonus all year: 30,000.00; the company 53,032.26
#[test]
fn a_promotion_inside_the_year_is_projected_assignment_by_assignment() {
    let out = ok(&[
        "--workspace",
        "tests/whatif/promotion/comp.toml",
        "whatif",
        "--scenario",
        "tests/whatif/promotion/grid.toml",
        "--format",
        "csv",
    ]);
    let rows = rows(&out);
    let pay = |level: &str, id: &str, plan: &str| {
        rows.iter()
            .find(|r| r["level"] == level && r["id"] == id && r["plan"] == plan)
            .map(|r| r["payout"].clone())
            .unwrap()
    };
    assert_eq!(pay("payee", "ana", "bonus"), "6483.87");
    assert_eq!(pay("payee", "ana", "lead"), "16548.39");
    assert_eq!(pay("payee", "bob", "bonus"), "30000.00");
    assert_eq!(pay("plan", "lead", "lead"), "16548.39");
    assert_eq!(pay("company", "company", ""), "53032.26");
    // groups count people: ana is on both plans, one of the company's 2 and of team North's 2
    let people = |level: &str, id: &str| {
        rows.iter()
            .find(|r| r["level"] == level && r["id"] == id)
            .map(|r| r["payees"].clone())
            .unwrap()
    };
    assert_eq!(people("plan", "bonus"), "2");
    assert_eq!(people("plan", "lead"), "1");
    assert_eq!(people("team", "North"), "2");
    assert_eq!(people("company", "company"), "2");
}

/// The replay of a year with a promotion into itself is `comp calc` for the year: ana 1,000.00 in
/// January on bonus (10,000 of 10,000), 3,600.00 in August on lead (12,000 of 10,000: 120% ->
/// 240% of 1,500); bob 5,000.00 in February (150% -> 200% of 2,500): 9,600.00. Monte Carlo runs.
#[test]
fn a_replay_of_a_year_with_a_promotion_is_its_calc() {
    let ws = "tests/whatif/promotion/comp.toml";
    let sc = "tests/whatif/promotion/grid.toml";
    let out = ok(&[
        "--workspace",
        ws,
        "whatif",
        "--scenario",
        sc,
        "--model",
        "replay",
        "--format",
        "csv",
    ]);
    let rows = rows(&out);
    let pay = |id: &str, plan: &str| {
        rows.iter()
            .find(|r| r["id"] == id && r["plan"] == plan)
            .map(|r| r["payout"].clone())
            .unwrap()
    };
    assert_eq!(pay("ana", "bonus"), "1000.00");
    assert_eq!(pay("ana", "lead"), "3600.00");
    assert_eq!(pay("company", ""), "9600.00");
    ok(&[
        "--workspace",
        ws,
        "whatif",
        "--scenario",
        sc,
        "--model",
        "monte-carlo",
        "--trials",
        "200",
    ]);
}

/// A swap may take effect from a date: the old plan until the day before, the new one from that
/// day, each prorated by its days (rule 20). Bonus payees move to the lead plan (200% at quota) on
/// 16 July 2024, everyone at 100%. bob (TI 30,000, 2,500 a month):
/// - on bonus: January to June 6 x 2,500 = 15,000.00; July 2,500 x 15/31 = 1,209.68 -> 16,209.68
/// - on lead: July 2,500 x 16/31 x 200% = 2,580.65; August to December 5 x 5,000 = 25,000.00
///   -> 27,580.65
///
/// ana's bonus assignment ends on 15 July, before the swap: unchanged (6,483.87, then her own
/// lead assignment 16,548.39). The company: 66,822.59.
#[test]
fn a_swap_from_a_date_splits_the_year() {
    let out = ok(&[
        "--workspace",
        "tests/whatif/promotion/comp.toml",
        "whatif",
        "--scenario",
        "tests/whatif/promotion/swap-from.toml",
        "--format",
        "csv",
    ]);
    let rows = rows(&out);
    let pay = |level: &str, id: &str, plan: &str| {
        rows.iter()
            .find(|r| r["level"] == level && r["id"] == id && r["plan"] == plan)
            .map(|r| r["payout"].clone())
            .unwrap()
    };
    assert_eq!(pay("payee", "bob", "bonus"), "16209.68");
    assert_eq!(pay("payee", "bob", "lead"), "27580.65");
    assert_eq!(pay("payee", "ana", "bonus"), "6483.87");
    assert_eq!(pay("payee", "ana", "lead"), "16548.39");
    assert_eq!(pay("company", "company", ""), "66822.59");
}

/// A dated swap's date is in the modelled year, is a date, and the entry has no other keys.
#[test]
fn swaps_from_a_date_with_problems() {
    let dir = tempfile::tempdir().unwrap();
    for (name, swap) in [
        (
            "outside_the_year",
            "bonus = { to = \"lead\", from = \"2025-02-01\" }",
        ),
        (
            "not_a_date",
            "bonus = { to = \"lead\", from = \"16/07/2024\" }",
        ),
        (
            "unknown_key",
            "bonus = { to = \"lead\", since = \"2024-07-16\" }",
        ),
    ] {
        let sc = scenario(
            dir.path(),
            &format!("base_year = 2024\nyear = 2024\nmodel = \"grid\"\n\n[swap]\n{swap}\n"),
        );
        insta::assert_snapshot!(
            format!("swaps_from_a_date_with_problems_{name}"),
            snapshot_in(
                Some(dir.path()),
                &[
                    "--workspace",
                    "tests/whatif/promotion/comp.toml",
                    "whatif",
                    "--scenario",
                    sc.to_str().unwrap()
                ]
            )
        );
    }
}

/// tests/whatif/kpi/portfolio-2024.toml: ana leaves before 2024 and hire csm-1 (team CS, TI 10,000
/// as written, the whole year) takes a new portfolio of 3 customers with 2,000 of MRR
/// (666.67 + 666.67 + 666.66), in place on 2023-12-31 and without movements.
/// csm-1: GRR (2,000 - 0) / 2,000 = 100% -> curve 100% -> 10,000 x 80% x 100% = 8,000.00.
/// bob (TI 12,000 x 1.10 = 13,200): start MRR C3 2,000 (C4 only starts in May); C3 contracts 200
/// and expands 400: GRR 1,800 / 2,000 = 90% -> (90 - 60) / 40 = 75% -> 13,200 x 80% x 75% =
/// 7,920.00.
/// The team (bob and csm-1): start MRR 2,000 + 2,000 = 4,000; NRR (4,000 - 200 + 400) / 4,000 =
/// 105% -> (105 - 90) / 20 = 75%: csm-1 10,000 x 20% x 75% = 1,500.00, bob 13,200 x 20% x 75% =
/// 1,980.00.
/// csm-1 8,000 + 1,500 = 9,500.00; bob 7,920 + 1,980 = 9,900.00; 19,400.00 in all.
#[test]
fn a_hire_on_a_kpi_plan_takes_a_new_portfolio() {
    let out = ok(&[
        "--workspace",
        KPI,
        "whatif",
        "--scenario",
        "tests/whatif/kpi/portfolio-2024.toml",
        "--format",
        "csv",
    ]);
    let payout: BTreeMap<String, String> = rows(&out)
        .into_iter()
        .map(|r| (format!("{} {}", r["level"], r["id"]), r["payout"].clone()))
        .collect();
    assert_eq!(payout["payee csm-1"], "9500.00");
    assert_eq!(payout["payee bob"], "9900.00");
    assert_eq!(payout["team CS"], "19400.00");
    assert_eq!(payout["company company"], "19400.00");
    assert!(!payout.contains_key("payee ana"));
    // the 100% is said, never silent
    let run = comp(&[
        "--workspace",
        KPI,
        "whatif",
        "--scenario",
        "tests/whatif/kpi/portfolio-2024.toml",
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("new portfolios have no history, so their GRR and NRR are 100% and their churn 0% ([grid] kpi or a mean in [monte_carlo.kpi] sets other values): csm-1"),
        "{stderr}"
    );
}

/// A grid's KPI values reach a hire's new portfolio as they reach everyone's: at GRR 80% the
/// retention curve pays (80 - 60) / 40 = 50%: csm-1 10,000 x 80% x 50% = 4,000.00, plus the team's
/// 1,500.00 (NRR replayed, 105%) = 5,500.00.
#[test]
fn a_grid_sets_the_kpi_of_a_new_portfolio() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("tests/whatif/kpi/portfolio-2024.toml"))
        .unwrap()
        .replace("year = 2024\n", "year = 2024\nmodel = \"grid\"\n")
        + "\n[grid]\nkpi = { grr = [\"80%\"] }\n";
    let sc = scenario(dir.path(), &text);
    let out = ok(&[
        "--workspace",
        KPI,
        "whatif",
        "--scenario",
        sc.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    let hire = rows(&out)
        .into_iter()
        .find(|r| r["level"] == "payee" && r["id"] == "csm-1")
        .unwrap();
    assert_eq!(hire["payout"], "5500.00");
}

/// A new portfolio is whole customers and positive MRR, and not with `inherits`.
#[test]
fn scenario_with_bad_portfolios() {
    let dir = tempfile::tempdir().unwrap();
    let hire = "base_year = 2023\nyear = 2024\n\n[[leavers]]\npayee = \"ana\"\n\n[[hires]]\nplan = \"csm\"\nstart = \"2024-01-01\"\ntarget_incentive = 10000\n";
    for (name, extra) in [
        (
            "portfolio_and_inherits",
            "inherits = \"ana\"\nportfolio = { customers = 3, mrr = 2000 }\n",
        ),
        (
            "portfolio_without_customers",
            "portfolio = { customers = 0, mrr = 2000 }\n",
        ),
        (
            "portfolio_with_negative_mrr",
            "portfolio = { customers = 3, mrr = -2000 }\n",
        ),
    ] {
        let sc = scenario(dir.path(), &format!("{hire}{extra}"));
        let args = [
            "--workspace",
            KPI,
            "whatif",
            "--scenario",
            sc.to_str().unwrap(),
        ];
        insta::assert_snapshot!(name, snapshot_in(Some(dir.path()), &args));
    }
    // an SDR's plan reads no KPI from customer data
    let sc = scenario(
        dir.path(),
        "base_year = 2024\nyear = 2024\n\n[[hires]]\nplan = \"sdr\"\nstart = \"2024-03-01\"\ntarget_incentive = 12000\nquota = { qualified_meetings = 600 }\nportfolio = { customers = 3, mrr = 2000 }\n",
    );
    let args = [
        "--workspace",
        ACME,
        "whatif",
        "--scenario",
        sc.to_str().unwrap(),
    ];
    insta::assert_snapshot!(
        "portfolio_on_a_plan_without_kpis",
        snapshot_in(Some(dir.path()), &args)
    );
}

/// A workspace of one AE paid 8.5% of each deal on pay periods shorter than a month (`frequency`
/// is "biweekly" or "semi-month"), with three deals in 2024.
fn pay_period_workspace(dir: &Path, frequency: &str) -> PathBuf {
    std::fs::create_dir_all(dir.join("plans")).unwrap();
    std::fs::create_dir_all(dir.join("data")).unwrap();
    std::fs::write(
        dir.join("comp.toml"),
        "currency = \"EUR\"\nfiscal_year_start = \"01-01\"\nbiweekly_anchor = \"2024-01-05\"\n\
         rounding = \"half-away-from-zero\"\nplans = [\"plans/ae.toml\"]\n\n\
         [sources.deals]\nfile = \"data/deals.csv\"\n\
         columns = { id = \"id\", payee = \"owner\", date = \"date\", amount = \"arr\" }\n\n\
         [sources.roster]\nfile = \"data/roster.csv\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("plans/ae.toml"),
        format!(
            "id = \"ae\"\nname = \"AE\"\nfrequency = \"{frequency}\"\n\n\
             [measures.bookings]\nsource = \"deals\"\nsum = \"amount\"\n\n\
             [[components]]\nid = \"commission\"\ncommission = {{ on = \"bookings\", rate = \"8.5%\" }}\n"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("data/deals.csv"),
        "id,owner,date,arr\nD-1,b-01,2024-01-18,1500\nD-2,b-01,2024-02-01,5000\nD-3,b-01,2024-03-01,9999\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("data/roster.csv"),
        "payee,name,plan,team,manager,start,end,base,target_incentive\n\
         b-01,Léa Moreau,ae,,,2021-03-01,,60000,20000\n",
    )
    .unwrap();
    dir.join("comp.toml")
}

/// Regression: Monte Carlo placed a plan period by the month it starts in, so a biweekly period
/// (which starts on any day) was never found and every payout was 0.00, and the second half of a
/// semi-month was lost. With no spread, every draw is the base year itself.
///
/// The deals move into 2025 by a whole year: 1,500 on 18 January, 5,000 on 1 February, 9,999 on
/// 1 March. Paid 8.5% each: 127.50, 425.00 and 849.915 -> 849.92; the year 1,402.42 in every
/// trial. Biweekly from the anchor 2024-01-05: 2025-B03 is 17-30 January, 2025-B04 31 January -
/// 13 February, 2025-B06 28 February - 13 March. Semi-months: 2025-01b, 2025-02a, 2025-03a.
#[test]
fn monte_carlo_on_pay_periods_shorter_than_a_month() {
    for (frequency, paid) in [
        (
            "biweekly",
            [
                ("2025-B03", "127.50"),
                ("2025-B04", "425.00"),
                ("2025-B06", "849.92"),
            ],
        ),
        (
            "semi-month",
            [
                ("2025-01b", "127.50"),
                ("2025-02a", "425.00"),
                ("2025-03a", "849.92"),
            ],
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let ws = pay_period_workspace(dir.path(), frequency);
        let sc = scenario(
            dir.path(),
            "base_year = 2024\nyear = 2025\nmodel = \"monte-carlo\"\n\n\
             [monte_carlo]\ntrials = 50\nseed = 3\nspread = \"0%\"\n",
        );
        let out = ok(&[
            "--workspace",
            ws.to_str().unwrap(),
            "whatif",
            "--scenario",
            sc.to_str().unwrap(),
            "--format",
            "csv",
        ]);
        let rows = rows(&out);
        let payee = rows.iter().find(|r| r["level"] == "payee").unwrap();
        for k in ["payout", "p10", "p50", "p90"] {
            assert_eq!(payee[k], "1402.42", "{frequency} {k}: {payee:?}");
        }
        let periods: BTreeMap<&str, &str> = rows
            .iter()
            .filter(|r| r["level"] == "period" && r["payout"] != "0.00")
            .map(|r| (r["id"].as_str(), r["payout"].as_str()))
            .collect();
        assert_eq!(periods, paid.into_iter().collect(), "{frequency}");
    }
}

/// Regression: a what-if into the year after a promotion carried the base year's quota rows set
/// for the plan the payee had left. Here ana's 2024 quotas are per half: H1 50,000 (all of it on
/// the bonus plan) and H2 80,000 (promoted to lead on 16 July, so H2 is in force on both). In 2025
/// she is on lead all year: H1's row is not carried, and 2025-H1 takes H2's 80,000, the target
/// of the plan she is on: 160,000 for the year (it was 50,000 + 80,000 = 130,000). At 100% of it
/// she books 160,000 and is paid her lead TI x 200% = 18,000 x 2 = 36,000.00; the run says which
/// rows it left behind.
#[test]
fn a_whatif_after_a_promotion_leaves_the_old_plans_quotas_behind() {
    let dir = tempfile::tempdir().unwrap();
    let src = root().join("tests/whatif/promotion");
    copy_files(
        &src,
        dir.path(),
        &[
            "comp.toml",
            "plans/bonus.toml",
            "plans/lead.toml",
            "data/deals.csv",
            "data/roster.csv",
        ],
    );
    std::fs::write(
        dir.path().join("data/quotas.csv"),
        "payee,period,measure,target\nana,2024-H1,new_arr,50000\nana,2024-H2,new_arr,80000\n\
         bob,2024,new_arr,240000\n",
    )
    .unwrap();
    let ws = dir.path().join("comp.toml");
    let sc = scenario(
        dir.path(),
        "base_year = 2024\nyear = 2025\nmodel = \"grid\"\n\n[grid]\npoints = [\"100%\"]\n",
    );
    let out = comp(&[
        "--workspace",
        ws.to_str().unwrap(),
        "whatif",
        "--scenario",
        sc.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("set for a plan left before 2025 are not carried into it")
            && stderr.contains(": ana"),
        "{stderr}"
    );
    let rows = rows(&String::from_utf8(out.stdout).unwrap());
    let ana = rows
        .iter()
        .find(|r| r["level"] == "payee" && r["id"] == "ana")
        .unwrap();
    assert_eq!(
        (
            ana["plan"].as_str(),
            ana["target"].as_str(),
            ana["revenue"].as_str(),
            ana["payout"].as_str()
        ),
        ("lead", "160000", "160000.00", "36000.00"),
        "{ana:?}"
    );
}

/// `files` of `from` (paths below it) copied to the same places below `to`.
fn copy_files(from: &Path, to: &Path, files: &[&str]) {
    for f in files {
        let dest = to.join(f);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(from.join(f), dest).unwrap();
    }
}
