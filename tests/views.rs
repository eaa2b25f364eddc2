//! Snapshots of whole runs of the viewing verbs: `comp curve`, `comp explain`, `comp init`.

mod common;
use common::{hide_tmp as hide, root, run_text};

fn run(args: &[&str]) -> String {
    let mut all = vec!["--workspace", "examples/acme/comp.toml"];
    all.extend_from_slice(args);
    run_text(&root(), &all)
}

#[test]
fn curve_with_a_jump_a_slope_beyond_and_a_cap() {
    // sophie.laurent's quarter: TI 50,000 / 4 = 12,500; the component's TI is 30% = 3,750
    let text = run(&["curve", "ae-enterprise", "account_growth", "--ti", "12500"]);
    // 250% of 3,750 = 9,375.00, reached at 175% (200 + 2 x 25)
    assert!(
        text.contains("180%        250%        9,375.00  <- cap"),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn curve_of_a_graduated_rate_table() {
    // at 130% of a 105,000 target: 105,000 x 8% + 31,500 x 10% = 11,550.00
    let text = run(&["curve", "ae-arr", "new_business", "--target", "105000"]);
    assert!(text.contains("11,550.00"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn curve_as_csv() {
    insta::assert_snapshot!(run(&["curve", "sdr", "meetings", "--format", "csv"]));
}

#[test]
fn curve_of_a_commission_is_an_error() {
    insta::assert_snapshot!(run(&["curve", "ae-arr", "expansion"]));
}

#[test]
fn curve_of_an_unknown_component() {
    insta::assert_snapshot!(run(&["curve", "ae-arr", "new_busines"]));
}

#[test]
fn explain_a_quarter_with_a_retroactive_table_and_a_capped_curve() {
    // worked by hand in examples/acme/expect/2024-q1.toml: 6,267.26 + 9,375.00 = 15,642.26
    let text = run(&[
        "explain",
        "--payee",
        "sophie.laurent",
        "--period",
        "2024-Q1",
    ]);
    assert!(
        text.contains("In total you are paid 15,642.26 EUR"),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn explain_graduated_bands_and_a_commission() {
    insta::assert_snapshot!(run(&[
        "explain",
        "--payee",
        "camille.martin",
        "--period",
        "2024-Q1"
    ]));
}

#[test]
fn explain_three_months_of_a_monthly_plan() {
    insta::assert_snapshot!(run(&[
        "explain",
        "--payee",
        "ines.morel",
        "--period",
        "2024-Q1"
    ]));
}

#[test]
fn init_creates_a_workspace_that_checks_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let init = run_text(tmp.path(), &["init", "acme"]);
    assert!(init.starts_with("exit: 0"), "{init}");
    // the new folder is found from inside it, as a user would run it
    let check = run_text(&tmp.path().join("acme"), &["check"]);
    assert!(check.starts_with("exit: 0"), "{check}");
    let calc = run_text(
        &tmp.path().join("acme"),
        &["calc", "--period", "2024-Q1", "--format", "csv"],
    );
    insta::assert_snapshot!(hide(
        &format!("$ comp init acme\n{init}\n$ comp check\n{check}\n$ comp calc\n{calc}"),
        tmp.path()
    ));
}

#[test]
fn init_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("comp.toml"), "# mine\n").unwrap();
    let text = run_text(tmp.path(), &["init"]);
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("comp.toml")).unwrap(),
        "# mine\n"
    );
    assert!(!tmp.path().join("plans").exists());
    insta::assert_snapshot!(hide(&text, tmp.path()));
}

#[test]
fn curve_ti_that_is_not_an_amount() {
    insta::assert_snapshot!(run(&["curve", "sdr", "meetings", "--ti", "1k"]));
}

#[test]
fn curve_of_a_plan_not_in_force() {
    insta::assert_snapshot!(run(&["curve", "ae-ar", "new_business"]));
}

/// Explain says a ratio KPI as a percentage (1.94% of mrr_churn, not 0.0194...), a stepped curve as
/// a step, a curve over a count of days with that count (below 30, not 30%), and an open gate with
/// the value it was tested on.
#[test]
fn explain_kpis_as_percentages_steps_as_steps_and_gates_with_their_value() {
    let text = run(&["explain", "--payee", "hugo.mercier", "--period", "2024-Q1"]);
    for said in [
        "you reached 1.94% of mrr_churn.",
        "From 0% up to 3% the plan pays 150%",
        "Below 30 the plan pays 100%",
        "The gate on grr is open: grr 98.06% >= 85%.",
    ] {
        assert!(text.contains(said), "{said:?} not in\n{text}");
    }
    insta::assert_snapshot!(text);
}

/// A closed gate is said with its value (or that the KPI has none), and why the part pays nothing.
#[test]
fn explain_a_closed_gate_with_its_value() {
    let ws = root().join("tests/golden/cs_gates_rollups/comp.toml");
    let ws = ws.to_string_lossy();
    let b = run_text(
        &root(),
        &[
            "--workspace",
            &ws,
            "explain",
            "--payee",
            "csm-b",
            "--period",
            "2024-Q1",
        ],
    );
    assert!(
        b.contains("The gate on grr is closed: grr 80% < 85%, so this part pays nothing."),
        "{b}"
    );
    let c = run_text(
        &root(),
        &[
            "--workspace",
            &ws,
            "explain",
            "--payee",
            "csm-c",
            "--period",
            "2024-Q1",
        ],
    );
    assert!(
        c.contains("The gate on grr is closed: grr has no value, so this part pays nothing."),
        "{c}"
    );
}

/// A carried balance recovered in full leaves nothing to say: no "negative balance of 0.00".
#[test]
fn explain_says_nothing_of_a_balance_of_zero() {
    let ws = root().join("tests/golden/negative_carry_forward/comp.toml");
    let ws = ws.to_string_lossy();
    let explain = |period: &str| {
        run_text(
            &root(),
            &[
                "--workspace",
                &ws,
                "explain",
                "--payee",
                "ae-01",
                "--period",
                period,
            ],
        )
    };
    // March: 500.00 carried, 300.00 recovered, 200.00 still carried
    assert!(explain("2024-03").contains("A negative balance of 200.00 EUR is carried"));
    // April: the last 200.00 recovered from 800.00, nothing left
    let april = explain("2024-04");
    assert!(!april.contains("negative balance of 0"), "{april}");
    assert!(
        april.contains("In total you are paid 600.00 EUR"),
        "{april}"
    );
}

/// `--locale fr-FR`: explain in French. Worked by hand in examples/acme/expect/2024-q1.toml:
/// new_business 156 681,60 x 4 % = 6 267,26; account_growth capped at 250 % of 3 750,00 = 9 375,00;
/// 6 267,26 + 9 375,00 = 15 642,26 €. `--locale en-GB`: English, dates day first.
#[test]
fn explain_in_french_and_in_british_english() {
    let fr = run(&[
        "explain",
        "--payee",
        "sophie.laurent",
        "--period",
        "2024-Q1",
        "--locale",
        "fr-FR",
    ]);
    // U+202F between thousands and before € and %
    for said in [
        "(du 01/01/2024 au 31/03/2024).",
        "Votre variable cible pour la période est de 12\u{202f}500,00\u{202f}€.",
        "Cette composante verse 6\u{202f}267,26\u{202f}€.",
        "Cette composante verse 9\u{202f}375,00\u{202f}€.",
        "Au total, vous percevez 15\u{202f}642,26\u{202f}€ pour 2024-Q1.",
    ] {
        // a sentence may wrap at any space
        assert!(
            fr.replace('\n', " ").contains(said),
            "{said:?} not in\n{fr}"
        );
    }
    insta::assert_snapshot!(fr);
    let gb = run(&[
        "explain",
        "--payee",
        "sophie.laurent",
        "--period",
        "2024-Q1",
        "--locale",
        "en-GB",
    ]);
    assert!(
        gb.contains("plan ae-enterprise, 2024-Q1 (01/01/2024 to 31/03/2024)."),
        "{gb}"
    );
    assert!(
        gb.contains("In total you are paid 15,642.26 EUR for 2024-Q1."),
        "{gb}"
    );
}

fn run_golden(case: &str, args: &[&str]) -> String {
    let ws = format!("tests/golden/{case}/comp.toml");
    let mut all = vec!["--workspace", ws.as_str()];
    all.extend_from_slice(args);
    run_text(&root(), &all)
}

#[test]
fn lines_and_explain_say_which_case_paid_each_record() {
    // tests/golden/commission_cases: SPA-PRO at 12% (case 1), another spa product at 6% (case 2),
    // golf at 3% (the default, case 3); a payee without a default has a record no case took
    let lines = run_golden(
        "commission_cases",
        &["calc", "--period", "2024-03", "--lines"],
    );
    assert!(lines.contains("at 12%, case 1"), "{lines}");
    assert!(lines.contains("matched no case"), "{lines}");
    insta::assert_snapshot!("cases_lines", lines);
    let explain = run_golden(
        "commission_cases",
        &["explain", "--payee", "p-strict", "--period", "2024-03"],
    );
    assert!(explain.contains("(N-2) matched no case"), "{explain}");
    insta::assert_snapshot!("cases_explain", explain);
}

#[test]
fn lines_say_what_a_floor_or_minimum_raised_and_explain_a_table_of_records_alone() {
    // tests/golden/record_own_floor_minimum, January: see tests/golden.rs for the amounts
    let lines = run_golden(
        "record_own_floor_minimum",
        &["calc", "--period", "2024-01", "--lines"],
    );
    assert!(lines.contains("floored from -30.00"), "{lines}");
    assert!(
        lines.contains("raised to the minimum from 20.00"),
        "{lines}"
    );
    insta::assert_snapshot!("own_floor_minimum_lines", lines);
    let explain = run_golden(
        "record_own_floor_minimum",
        &["explain", "--payee", "p-own", "--period", "2024-01"],
    );
    assert!(explain.contains("12,100.00"), "{explain}");
    insta::assert_snapshot!("own_position_explain", explain);
}

#[test]
fn explain_a_multiplier_commission_says_the_base_rate() {
    // tests/golden/multiplier_commission: 1.5 x (40,000 / 800,000) = 7.5%; 100,000 x 7.5% = 7,500.00
    let args = ["explain", "--payee", "p-mult", "--period", "2024-Q1"];
    let explain = run_golden("multiplier_commission", &args);
    assert!(explain.contains("1.5 times your base rate"), "{explain}");
    assert!(explain.contains("7,500.00"), "{explain}");
    insta::assert_snapshot!("multiplier_commission_explain", explain);
    let fr = run_golden(
        "multiplier_commission",
        &[&args[..], &["--locale", "fr-FR"]].concat(),
    );
    assert!(fr.contains("1,5 fois votre taux de base"), "{fr}");
    insta::assert_snapshot!("multiplier_commission_explain_fr", fr);
    let table = run_golden("multiplier_commission", &["calc", "--period", "2024-Q1"]);
    assert!(table.contains("12,500.00"), "{table}");
    insta::assert_snapshot!("multiplier_commission_calc", table);
}

#[test]
fn explain_a_multiplier_table_says_the_base_rate() {
    // tests/golden/multiplier_tables: 300,000 x 5% + 90,000 x 10% = 24,000.00 (overage)
    let explain = run_golden(
        "multiplier_tables",
        &["explain", "--payee", "p-over", "--period", "2024-Q1"],
    );
    assert!(explain.contains("24,000.00"), "{explain}");
    insta::assert_snapshot!("multiplier_explain", explain);
    let table = run_golden("multiplier_tables", &["calc", "--period", "2024-Q1"]);
    assert!(table.contains("22,125.00"), "{table}");
    insta::assert_snapshot!("multiplier_calc", table);
    insta::assert_snapshot!(
        "multiplier_curve",
        run_golden("multiplier_tables", &["curve", "mult-grad", "new_business"])
    );
}

/// Regression: a commission on a measure that counts (`rate = 450, per = "record"` on new
/// customers) was shown as a share, "45000% of each record", in calc's `how`, its record lines and
/// explain, in English and French. 450 is an amount for each one counted. camille.martin signed 10
/// new customers in 2023-Q1: 10 x 450.00 = 4,500.00.
#[test]
fn a_rate_on_a_count_is_an_amount_per_record_not_a_percentage() {
    let ws = "examples/acme/2023/comp.toml";
    let at = |args: &[&str]| {
        let mut all = vec!["--workspace", ws];
        all.extend_from_slice(args);
        run_text(&root(), &all)
    };
    let calc = at(&[
        "calc",
        "--period",
        "2023-Q1",
        "--payee",
        "camille.martin",
        "--lines",
    ]);
    assert!(calc.contains("| 4,500.00 | 450.00 per record |"), "{calc}");
    assert!(calc.contains("at 450.00"), "{calc}");
    assert!(!calc.contains("45000%"), "{calc}");
    let en = at(&[
        "explain",
        "--payee",
        "camille.martin",
        "--period",
        "2023-Q1",
    ]);
    assert!(
        en.contains("The plan pays 450.00 for each credited\nrecord."),
        "{en}"
    );
    let fr = at(&[
        "explain",
        "--payee",
        "camille.martin",
        "--period",
        "2023-Q1",
        "--locale",
        "fr-FR",
    ]);
    assert!(fr.contains("Le plan verse 450,00 par élément"), "{fr}");
    assert!(!fr.contains('%'), "{fr}");
}

/// The same for a rate table on a count: bands pay 20.00 a meeting up to 10, 30.00 beyond. 13
/// meetings: graduated 10 x 20.00 + 3 x 30.00 = 290.00, shown as amounts on counts, not "2000%".
#[test]
fn a_rate_table_on_a_count_shows_amounts_per_unit() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("plans")).unwrap();
    std::fs::create_dir_all(d.join("data")).unwrap();
    std::fs::write(
        d.join("comp.toml"),
        "currency = \"EUR\"\nplans = [\"plans/sdr.toml\"]\n[sources.meetings]\n\
         file = \"data/meetings.csv\"\ncolumns = { id = \"id\", payee = \"sdr\", date = \"date\" }\n\
         [sources.roster]\nfile = \"data/roster.csv\"\n",
    )
    .unwrap();
    std::fs::write(
        d.join("plans/sdr.toml"),
        "id = \"sdr\"\nname = \"SDR paid per meeting\"\nfrequency = \"month\"\n\
         [measures.meetings]\nsource = \"meetings\"\ncount = \"*\"\n[[components]]\nid = \"meetings\"\n\
         rate_table = { on = \"meetings\", basis = \"amount\", mode = \"graduated\", bands = [\n\
         { from = 0, to = 10, rate = 20 },\n{ from = 10, rate = 30 },\n] }\n",
    )
    .unwrap();
    let meetings: String = (1..=13)
        .map(|i| format!("M{i},ana,2024-03-{:02}\n", i))
        .collect();
    std::fs::write(
        d.join("data/meetings.csv"),
        format!("id,sdr,date\n{meetings}"),
    )
    .unwrap();
    std::fs::write(
        d.join("data/roster.csv"),
        "payee,name,plan,team,manager,start,end,base,target_incentive\nana,Ana,sdr,,,2020-01-01,,40000,10000\n",
    )
    .unwrap();
    let ws = d.join("comp.toml");
    let ws = ws.to_str().unwrap();
    let calc = run_text(&root(), &["--workspace", ws, "calc", "--period", "2024-03"]);
    assert!(
        calc.contains("| 290.00 | graduated: 20.00 x 10 + 30.00 x 3 |"),
        "{calc}"
    );
    let en = run_text(
        &root(),
        &[
            "--workspace",
            ws,
            "explain",
            "--payee",
            "ana",
            "--period",
            "2024-03",
        ],
    );
    assert!(
        en.contains("20.00\non 10 (200.00), then 30.00 on 3 (90.00)"),
        "{en}"
    );
    // the statement's band table: bounds and slices are meetings, not euros
    let out = d.join("statements");
    run_text(
        &root(),
        &[
            "--workspace",
            ws,
            "statements",
            "--period",
            "2024-03",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let html = std::fs::read_to_string(out.join("ana-2024-03.html")).unwrap();
    assert!(
        html.contains("<tr><td>0 – 10</td><td class=\"n\">20.00</td><td class=\"n\">10</td><td class=\"n\">200.00 EUR</td></tr>"),
        "{html}"
    );
}
