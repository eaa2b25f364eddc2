//! `comp whatif` Monte Carlo on KPI plans (`[monte_carlo.kpi]`): the CSMs' KPIs drawn around the
//! base year's values, the plan's curve paid at the value drawn. Money worked by hand in the
//! comments.
//!
//! tests/whatif/kpi: plan `csm` (yearly) pays 80% of TI x curve(GRR) (60% -> 0, 100% -> 100%,
//! linear between) and 20% of TI x curve(team NRR) (90% -> 0, 110% -> 100%). TIs grow 10% into
//! 2024: ana 11,000 (retention 8,800, team 2,200), bob 13,200 (10,560, 2,640). 2023's customer data
//! gives (see tests/whatif.rs, the replay):
//! - ana: start MRR 2,000 (C1 1,000, C2 500, C5 500); lost C1's 100 and C2's 500: GRR 1,400 / 2,000
//!   = 70%.
//! - bob: start 2,000 (C3; C4 is signed in 2023); lost 200 of C3: GRR 90%.
//! - the team: start 4,000, expansion 600 (C5 200, C3 400), lost 800: NRR 3,800 / 4,000 = 95%.
//!
//! So the replay pays ana 8,800 x 25% + 2,200 x 25% = 2,750.00 and bob 10,560 x 75% + 2,640 x 25%
//! = 7,920 + 660 = 8,580.00.

mod common;

use common::ok;
use common::root;

use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const KPI: &str = "tests/whatif/kpi/comp.toml";

/// CSV rows by "level id".
fn rows(csv_text: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            let row: BTreeMap<String, String> = headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect();
            (format!("{} {}", row["level"], row["id"]), row)
        })
        .collect()
}

/// A 2023 -> 2024 Monte Carlo scenario on tests/whatif/kpi with these `[monte_carlo]` lines.
fn scenario(dir: &Path, monte_carlo: &str) -> PathBuf {
    let p = dir.join("scenario.toml");
    std::fs::write(
        &p,
        format!(
            "base_year = 2023\nyear = 2024\nmodel = \"monte-carlo\"\n\n[target_incentive]\ngrowth = \"10%\"\n\n[replay]\ngrowth = \"10%\"\n\n[monte_carlo]\n{monte_carlo}\n"
        ),
    )
    .unwrap();
    p
}

fn run(sc: &Path) -> BTreeMap<String, BTreeMap<String, String>> {
    rows(&ok(&[
        "--workspace",
        KPI,
        "whatif",
        "--scenario",
        sc.to_str().unwrap(),
        "--format",
        "csv",
    ]))
}

fn num(row: &BTreeMap<String, String>, k: &str) -> f64 {
    row[k].parse().unwrap()
}

/// Spread 0 draws every CSM's GRR and the team's NRR at their 2023 values: every trial pays what
/// the replay pays, ana 2,750.00 and bob 8,580.00 (11,330.00).
#[test]
fn a_spread_of_zero_pays_the_replay() {
    let got = rows(&ok(&[
        "--workspace",
        KPI,
        "whatif",
        "--scenario",
        "tests/whatif/kpi/mc-2024.toml",
        "--format",
        "csv",
    ]));
    for (id, pay) in [
        ("payee ana", "2750.00"),
        ("payee bob", "8580.00"),
        ("company company", "11330.00"),
    ] {
        for k in ["payout", "p10", "p50", "p90"] {
            assert_eq!(got[id][k], pay, "{id} {k}");
        }
    }
    // and the replay of the same scenario pays the same
    let replay = rows(&ok(&[
        "--workspace",
        KPI,
        "whatif",
        "--scenario",
        "tests/whatif/kpi/mc-2024.toml",
        "--model",
        "replay",
        "--format",
        "csv",
    ]));
    assert_eq!(replay["payee ana"]["payout"], "2750.00");
    assert_eq!(replay["payee bob"]["payout"], "8580.00");
}

/// A `mean` replaces the base-year value for every payee reading the KPI; a team's entry wins over
/// the KPI's own.
/// - GRR 80% for both (curve 50%): ana 8,800 x 50% + 550 = 4,950.00; bob 5,280 + 660 = 5,940.00.
/// - the team CS at 100% (curve 100%): ana 8,800 + 550 = 9,350.00; bob 10,560 + 660 = 11,220.00.
#[test]
fn a_mean_and_a_teams_entry_set_the_value_drawn_around() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario(
        dir.path(),
        "trials = 50\n\n[monte_carlo.kpi]\ngrr = { mean = \"80%\", spread = 0 }\nteam_nrr = { spread = 0 }\n",
    );
    let got = run(&sc);
    assert_eq!(got["payee ana"]["p50"], "4950.00");
    assert_eq!(got["payee bob"]["p50"], "5940.00");
    let sc = scenario(
        dir.path(),
        "trials = 50\n\n[monte_carlo.kpi]\ngrr = { mean = \"80%\", spread = 0, teams = { CS = { mean = \"100%\" } } }\nteam_nrr = { spread = 0 }\n",
    );
    let got = run(&sc);
    assert_eq!(got["payee ana"]["payout"], "9350.00");
    assert_eq!(got["payee bob"]["payout"], "11220.00");
}

/// GRR drawn ~ N(80%, 5 points) on a curve linear from 60% to 100%: 60% and 100% are 4 standard
/// deviations away (a chance of 6 in 100,000 per trial of leaving the line), and the draws are
/// rounded symmetrically, so the mean pay is the pay at the mean: ana 4,950.00, bob 5,940.00 (as
/// above). Ana's retention pay has a standard deviation of 8,800 x 5 / 40 = 1,100, so the mean of
/// 4,000 trials is within 17.4 (one standard error) of 4,950: the bound below is about 6 of them.
/// P10 and P90 are the mean -/+ 1.2816 x 1,100: 3,540 and 6,360.
#[test]
fn a_symmetric_draw_on_a_linear_curve_pays_the_curve_at_the_mean() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario(
        dir.path(),
        "trials = 4000\nseed = 11\n\n[monte_carlo.kpi]\ngrr = { mean = \"80%\", spread = \"5%\" }\nteam_nrr = { spread = 0 }\n",
    );
    let got = run(&sc);
    let ana = &got["payee ana"];
    assert!((num(ana, "payout") - 4950.0).abs() < 100.0, "{ana:?}");
    assert!((num(ana, "p10") - 3540.0).abs() < 150.0, "{ana:?}");
    assert!((num(ana, "p90") - 6360.0).abs() < 150.0, "{ana:?}");
    let bob = &got["payee bob"];
    assert!((num(bob, "payout") - 5940.0).abs() < 120.0, "{bob:?}");
}

/// GRR cannot be above 100%: a draw ~ N(100%, 10 points) is clamped there, where the curve pays
/// all of retention. More than half the draws are clamped, so P90 is exactly the cap: ana 8,800 +
/// 550 = 9,350.00. The mean pay is the curve at E[min(GRR, 100%)] = 100% - 10% / sqrt(2 pi) =
/// 96.01%: 8,800 x 36.01 / 40 + 550 = 8,472.6 (a standard error of about 20 over 4,000 trials).
#[test]
fn a_draw_clamped_at_the_curves_cap_never_pays_above_it() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario(
        dir.path(),
        "trials = 4000\nseed = 3\n\n[monte_carlo.kpi]\ngrr = { mean = \"100%\", spread = \"10%\" }\nteam_nrr = { spread = 0 }\n",
    );
    let got = run(&sc);
    let ana = &got["payee ana"];
    assert_eq!(ana["p90"], "9350.00");
    assert!(num(ana, "payout") < 9350.0);
    assert!((num(ana, "payout") - 8472.6).abs() < 100.0, "{ana:?}");
}

/// A company correlation of 1 gives every CSM the company's draw: ana's and bob's GRR move
/// together (the same mean, the same spread), so in every trial ana's pay is 8,800 / 10,560 = 5/6
/// of bob's (the team's NRR held: 550 = 5/6 x 660), and so are their percentiles, to a cent.
#[test]
fn a_company_correlation_of_one_moves_every_csm_together() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario(
        dir.path(),
        "trials = 1000\ncorrelation = { company = 1 }\n\n[monte_carlo.kpi]\ngrr = { mean = \"80%\", spread = \"5%\" }\nteam_nrr = { spread = 0 }\n",
    );
    let got = run(&sc);
    for k in ["p10", "p50", "p90"] {
        let (a, b) = (num(&got["payee ana"], k), num(&got["payee bob"], k));
        assert!((a - b * 5.0 / 6.0).abs() <= 0.02, "{k}: {a} vs {b}");
    }
    // and they do spread
    assert!(num(&got["payee ana"], "p90") - num(&got["payee ana"], "p10") > 1000.0);
}

/// A KPI the scenario does not draw keeps its base-year value, and the run says so.
#[test]
fn kpis_not_drawn_are_held_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario(
        dir.path(),
        "trials = 20\n\n[monte_carlo.kpi]\ngrr = { spread = 0 }\n",
    );
    let out = common::comp()
        .args([
            "--workspace",
            KPI,
            "whatif",
            "--scenario",
            sc.to_str().unwrap(),
            "--format",
            "csv",
        ])
        .output();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("KPIs not drawn (no [monte_carlo.kpi] entry), held at their base-year value in every trial: team_nrr"),
        "{stderr}"
    );
    // the team's NRR at its 2023 value, 95%: the replay's pay
    let got = rows(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(got["payee ana"]["payout"], "2750.00");
}

/// The same bytes on 1, 2 or 3 threads, with correlation: KPI draws come from each trial's own
/// stream and the engine's rounds come back in job order.
#[test]
fn kpi_draws_do_not_depend_on_the_number_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario(
        dir.path(),
        "trials = 300\ncorrelation = { company = 0.3, team = 0.2 }\n\n[monte_carlo.kpi]\ngrr = { spread = \"5%\" }\nteam_nrr = { spread = \"4%\" }\n",
    );
    let on = |threads: &str| {
        let out = common::comp()
            .args([
                "--workspace",
                KPI,
                "whatif",
                "--scenario",
                sc.to_str().unwrap(),
                "--format",
                "csv",
            ])
            .current_dir(&root())
            .env("RAYON_NUM_THREADS", threads)
            .output();
        assert!(out.status.success());
        out.stdout
    };
    let one = on("1");
    assert_eq!(one, on("1"));
    assert_eq!(one, on("2"));
    assert_eq!(one, on("3"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// Whatever the seed, mean and spread, every row's P10 <= P50 <= P90.
    #[test]
    fn percentiles_are_ordered(seed in 0u64..1_000_000, mean in 50u32..110, spread in 0u32..30) {
        let dir = tempfile::tempdir().unwrap();
        let sc = scenario(
            dir.path(),
            &format!("trials = 200\nseed = {seed}\n\n[monte_carlo.kpi]\ngrr = {{ mean = \"{mean}%\", spread = \"{spread}%\" }}\nteam_nrr = {{ spread = \"{spread}%\" }}\n"),
        );
        for (id, row) in run(&sc) {
            let (p10, p50, p90) = (num(&row, "p10"), num(&row, "p50"), num(&row, "p90"));
            prop_assert!(p10 <= p50 && p50 <= p90, "{} {} {} {}", id, p10, p50, p90);
        }
    }
}

/// Errors of `[monte_carlo.kpi]`, each with its place.
#[test]
fn scenario_with_bad_kpi_draws() {
    let dir = tempfile::tempdir().unwrap();
    let snap = |name: &str, monte_carlo: &str| {
        let sc = scenario(dir.path(), monte_carlo);
        let text = common::comp()
            .args([
                "--workspace",
                KPI,
                "whatif",
                "--scenario",
                sc.to_str().unwrap(),
            ])
            .hide(dir.path(), "[DIR]")
            .run()
            .text()
            .to_string();
        insta::assert_snapshot!(name, text);
    };
    // a name that is not a KPI measure of the modelled year's plans
    snap(
        "kpi_draw_of_an_unknown_kpi",
        "[monte_carlo.kpi]\ngr = { spread = \"5%\" }\n",
    );
    // a negative spread, a mean that is not a number, an entry without a spread
    snap(
        "kpi_draw_with_bad_values",
        "[monte_carlo.kpi]\ngrr = { mean = \"high\", spread = \"-5%\" }\nteam_nrr = { mean = \"100%\" }\n",
    );
    // a key the entry does not know
    snap(
        "kpi_draw_with_an_unknown_key",
        "[monte_carlo.kpi]\ngrr = { spread = \"5%\", sd = \"5%\" }\n",
    );
}
