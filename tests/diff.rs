//! `comp diff`: W11 of SEMANTICS.md (moving from a count-based to an ARR-based plan) through the
//! `comp diff` verb, money worked by hand, and snapshots of whole runs.

mod common;

fn comp(args: &[&str]) -> std::process::Output {
    common::comp().args(args).output()
}

fn snapshot(args: &[&str]) -> String {
    common::comp().args(args).run().text().to_string()
}

const OLD: &str = "tests/golden/w11_old_per_customer/comp.toml";
const NEW_PLAN: &str = "tests/golden/w11_new_arr/plans/ae-arr.toml";

/// W11, by hand, from tests/golden/w11_*/data/deals.csv (identical in both cases):
/// rep-a: 10 new customers (2,000 + 2,500 + 3,000 + 3,500 + 4,000 + 2,000 + 3,000 + 2,500 + 4,500
///        + 3,000 = 30,000 ARR) and upsells 12,000 + 8,000 = 20,000.
///        old: 10 x 150.00 = 1,500.00; new: 30,000 x 8% + 20,000 x 4% = 2,400 + 800 = 3,200.00;
///        delta +1,700.00, change 1,700 / 1,500 = 1.133333 (113.33%).
/// rep-b: 20 new customers worth 24,000 ARR and a renewal of 5,000 (not expansion in this plan).
///        old: 20 x 150.00 = 3,000.00; new: 24,000 x 8% = 1,920.00; delta -1,080.00, change -0.36.
/// totals: 4,500.00 -> 5,120.00, +620.00; one winner, one loser.
#[test]
fn w11_through_comp_diff() {
    let out = comp(&[
        "--workspace",
        OLD,
        "diff",
        "--period",
        "2024-Q1",
        "--plan",
        "ae",
        "--against",
        NEW_PLAN,
        "--format",
        "csv",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "payee,name,plan,current,proposed,delta,change\n\
         rep-a,Pauline Roussel,ae,1500.00,3200.00,1700.00,1.133333\n\
         rep-b,Karim Benali,ae,3000.00,1920.00,-1080.00,-0.36\n"
    );
    let out = comp(&[
        "--workspace",
        OLD,
        "diff",
        "--period",
        "2024-Q1",
        "--plan",
        "ae",
        "--against",
        NEW_PLAN,
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = &v["summary"];
    assert_eq!(s["winners"], 1);
    assert_eq!(s["losers"], 1);
    assert_eq!(s["current_total"], "4500.00");
    assert_eq!(s["proposed_total"], "5120.00");
    assert_eq!(s["delta"], "620.00");
}

#[test]
fn whole_plan_sets_are_matched_by_id() {
    let out = comp(&[
        "--workspace",
        OLD,
        "diff",
        "--period",
        "2024-Q1",
        "--plans",
        "tests/golden/w11_old_per_customer/plans",
        "--against",
        "tests/golden/w11_new_arr/plans",
        "--format",
        "csv",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("rep-a,Pauline Roussel,ae,1500.00,3200.00,1700.00,"));
    assert!(text.contains("rep-b,Karim Benali,ae,3000.00,1920.00,-1080.00,"));
}

#[test]
fn diff_table_and_chart() {
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("w11.svg");
    let out_file = dir.path().join("w11.txt");
    let run = snapshot(&[
        "--workspace",
        OLD,
        "diff",
        "--period",
        "2024-Q1",
        "--plan",
        "ae",
        "--against",
        NEW_PLAN,
        "--chart",
        chart.to_str().unwrap(),
        "-o",
        out_file.to_str().unwrap(),
    ]);
    assert_eq!(run, "exit: 0\n--- stdout\n--- stderr\n");
    insta::assert_snapshot!(std::fs::read_to_string(&out_file).unwrap());
    let svg = std::fs::read_to_string(&chart).unwrap();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.trim_end().ends_with("</svg>"));
    // one bar per payee: the winner in green, the loser in red
    assert_eq!(svg.matches("<rect x=").count(), 2);
    assert!(svg.contains("fill=\"#2e7d32\"><title>rep-a: 1,700</title>"));
    assert!(svg.contains("fill=\"#c62828\"><title>rep-b: -1,080</title>"));
}

#[test]
fn against_a_file_needs_the_current_plan() {
    insta::assert_snapshot!(snapshot(&[
        "--workspace",
        OLD,
        "diff",
        "--period",
        "2024-Q1",
        "--against",
        NEW_PLAN,
    ]));
}

#[test]
fn a_plan_that_is_neither_in_force_nor_a_file() {
    insta::assert_snapshot!(snapshot(&[
        "--workspace",
        OLD,
        "diff",
        "--period",
        "2024-Q1",
        "--plan",
        "ae",
        "--against",
        "plans/nope.toml",
    ]));
}

#[test]
fn a_current_plan_not_in_force() {
    insta::assert_snapshot!(snapshot(&[
        "--workspace",
        OLD,
        "diff",
        "--period",
        "2024-Q1",
        "--plan",
        "plans/ae-arr.toml",
        "--against",
        NEW_PLAN,
    ]));
}

#[test]
fn a_folder_against_a_single_current_plan() {
    insta::assert_snapshot!(snapshot(&[
        "--workspace",
        OLD,
        "diff",
        "--period",
        "2024-Q1",
        "--plan",
        "ae",
        "--against",
        "tests/golden/w11_new_arr/plans",
    ]));
}

#[test]
fn a_folder_with_no_matching_plan() {
    insta::assert_snapshot!(snapshot(&[
        "--workspace",
        OLD,
        "diff",
        "--period",
        "2024-Q1",
        "--against",
        "tests/golden/w05_graduated_vs_retroactive/plans",
    ]));
}

/// The example company's 2023 year, paid per new customer, against the ARR plan of 2024.
#[test]
fn example_company_2023_per_customer_against_arr() {
    insta::assert_snapshot!(snapshot(&[
        "--workspace",
        "examples/acme/2023/comp.toml",
        "diff",
        "--period",
        "2023",
        "--plan",
        "ae-per-customer",
        "--against",
        "plans/ae-arr.toml",
    ]));
}

/// Plans with different measures: the current plan (per new customer) needs no quota, the proposed
/// one (on ARR) needs `new_arr`'s. The error names the proposed plan by its own id and its
/// component, not the id it stands in for.
#[test]
fn a_missing_quota_names_the_plan_that_needs_it() {
    insta::assert_snapshot!(snapshot(&[
        "--workspace",
        "tests/whatif/swap/comp.toml",
        "diff",
        "--period",
        "2024",
        "--plan",
        "per-customer",
        "--against",
        "tests/whatif/swap/plans/arr.toml"
    ]));
}

/// The same diff for a French Excel: `;` between fields, a decimal comma in the amounts and the
/// change (the w11 figures above), names and ids as they are.
#[test]
fn w11_diff_for_a_french_excel() {
    let out = comp(&[
        "--workspace",
        OLD,
        "diff",
        "--period",
        "2024-Q1",
        "--plan",
        "ae",
        "--against",
        NEW_PLAN,
        "--format",
        "csv",
        "--csv-delimiter",
        ";",
        "--decimal-comma",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "payee;name;plan;current;proposed;delta;change\n\
         rep-a;Pauline Roussel;ae;1500,00;3200,00;1700,00;1,133333\n\
         rep-b;Karim Benali;ae;3000,00;1920,00;-1080,00;-0,36\n"
    );
}
