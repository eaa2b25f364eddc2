//! The month-close workspace the close and ledger tests share: one monthly plan paying 10% of each
//! deal, two payees, written to a temporary folder, and the runs of `comp` on it.

use std::path::Path;
use std::process::Output;

pub const COMP_TOML: &str = r#"currency = "EUR"
fiscal_year_start = "01-01"
rounding = "half-away-from-zero"
plans = ["plans/ae.toml"]

[sources.deals]
file = "data/deals.csv"
columns = { id = "id", payee = "owner", date = "close_date", amount = "amount", customer = "customer" }

[sources.roster]
file = "data/roster.csv"
"#;

pub const PLAN: &str = r#"id = "ae"
name = "Account Executive"
frequency = "month"

[measures.bookings]
source = "deals"
sum = "amount"

[[components]]
id = "commission"
commission = { on = "bookings", rate = "10%", per = "record" }
"#;

pub const DEALS: &str = "id,owner,customer,close_date,amount
D-1,ae-01,Imprimerie Roux,2024-01-15,12000
D-2,ae-02,Atelier Bonnet,2024-01-22,8000
D-3,ae-01,Groupe Hélios,2024-02-06,5000
";

pub const ROSTER: &str = "payee,name,plan,team,manager,start,end,base,target_incentive
ae-01,Sophie Laurent,ae,Mid-Market,,2022-03-01,,60000,40000
ae-02,Thomas Moreau,ae,Mid-Market,,2021-09-15,,65000,45000
";

/// January's rows, as a comp from before seals wrote them: D-1 12,000 x 10% = 1,200.00 (ae-01),
/// D-2 8,000 x 10% = 800.00 (ae-02), closed on 2024-02-01.
pub const JANUARY_ROWS: &str = "period,payee,plan,component,amount,currency,closed_on
2024-01,ae-01,ae,commission,1200.00,EUR,2024-02-01
2024-01,ae-02,ae,commission,800.00,EUR,2024-02-01
";

/// January closed on 2024-02-01: its rows and its seal, the SHA-256 of the three lines above it
/// (`head -n 3 ledger.csv | sha256sum`).
pub const LEDGER_AFTER_JANUARY: &str = "period,payee,plan,component,amount,currency,closed_on
2024-01,ae-01,ae,commission,1200.00,EUR,2024-02-01
2024-01,ae-02,ae,commission,800.00,EUR,2024-02-01
2024-01,,,#seal,sha256:6941eaeb068d5198164f9acdc19ef66072db998caae1b613af00fdc02eb9ebb3,,2024-02-01
";

/// `text` (whole lines) and the seal a close of `period` on `on` writes below it.
pub fn sealed(text: &str, period: &str, on: &str) -> String {
    let digest = comp::read::seal::digest(text.as_bytes());
    format!("{text}{period},,,#seal,{digest},,{on}\n")
}

/// The base workspace, written to a new temporary folder.
pub fn workspace() -> tempfile::TempDir {
    workspace_with_plan(PLAN)
}

pub fn workspace_with_plan(plan: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (path, text) in [
        ("comp.toml", COMP_TOML),
        ("plans/ae.toml", plan),
        ("data/deals.csv", DEALS),
        ("data/roster.csv", ROSTER),
    ] {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

pub fn comp(dir: &Path, args: &[&str]) -> Output {
    super::comp()
        .workspace(dir)
        .args(args)
        .current_dir(dir)
        .output()
}

/// `comp close --period <p> --closed-on <on>`, which must succeed.
pub fn close(dir: &Path, period: &str, on: &str) {
    let out = comp(dir, &["close", "--period", period, "--closed-on", on]);
    assert!(
        out.status.success(),
        "close {period} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

pub fn ledger(dir: &Path) -> String {
    String::from_utf8(std::fs::read(dir.join("ledger.csv")).expect("a ledger")).unwrap()
}

pub fn append(dir: &Path, file: &str, line: &str) {
    let path = dir.join(file);
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(line);
    text.push('\n');
    std::fs::write(path, text).unwrap();
}
