//! No silent change of pay (issue 13, the property): each cell of a valid workspace's CSV files is
//! broken in a few ways, one at a time, and `comp calc` is run on it. Each run must either give the
//! same output, or exit non-zero naming the file and line of the cell (the header line for a
//! header), or warn naming the file. A run whose output changed with none of these is a silent
//! change of pay, and fails the test.
//!
//! With `BAD_INPUTS_MD=path`, the runs are also written as a markdown table (docs/bad-inputs.md).

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;

const COMP_TOML: &str = r#"currency = "EUR"
fiscal_year_start = "01-01"
rounding = "half-away-from-zero"
plans = ["plans/ae.toml"]

[sources.deals]
file = "data/deals.csv"
columns = { id = "id", payee = "owner", date = "close_date", amount = "amount", customer = "customer", stage = "stage" }
include = { stage = ["won"] }

[sources.deals.values]
stage = { "Gagnée" = "won", "Perdue" = "lost" }

[sources.roster]
file = "data/roster.csv"

[sources.quotas]
file = "data/quotas.csv"
"#;

const PLAN: &str = r#"id = "ae"
name = "Account Executive"
frequency = "quarter"

[measures.bookings]
source = "deals"
sum = "amount"

[measures.logos]
source = "deals"
count = "customer"

[[components]]
id = "new_business"
weight = "60%"
rate_table = { on = "bookings", basis = "attainment", mode = "graduated", bands = [
  { from = 0, to = 100, rate = "6%" },
  { from = 100, to = 150, rate = "8%" },
  { from = 150, rate = "10%" },
] }

[[components]]
id = "logos"
weight = "40%"
curve = { on = "logos", points = [[0, 0], [50, 25], [100, 100], [150, 200]] }
"#;

const DEALS: &str = "id,owner,customer,close_date,amount,stage
D-1,ae-01,Imprimerie Roux,2024-01-15,60000,Gagnée
D-2,ae-01,Atelier Bonnet,2024-02-20,45000,Gagnée
D-3,ae-02,Groupe Hélios,2024-03-14,80000,Gagnée
D-4,ae-02,Verallia Sud,2024-03-20,20000,Perdue
";

const ROSTER: &str = "payee,name,plan,team,manager,start,end,base,target_incentive
ae-01,Sophie Laurent,ae,Mid-Market,,2022-03-01,,60000,40000
ae-02,Thomas Moreau,ae,Mid-Market,,2021-09-15,,65000,45000
";

const QUOTAS: &str = "payee,period,measure,target
ae-01,2024-Q1,bookings,100000
ae-01,2024-Q1,logos,2
ae-02,2024-Q1,bookings,100000
ae-02,2024-Q1,logos,2
";

/// Ways to break a cell: what a cut-off export, a slip of the keyboard or a stray paste does.
/// A way to break a cell: its name, and the broken text.
type Mutation = (&'static str, fn(&str) -> String);

const MUTATIONS: &[Mutation] = &[
    ("emptied", |_| String::new()),
    ("a letter appended", |c| format!("{c}x")),
    ("a stray character inside", |c| {
        let mid = c
            .char_indices()
            .nth(c.chars().count() / 2)
            .map_or(0, |(i, _)| i);
        format!("{}§{}", &c[..mid], &c[mid..])
    }),
    ("cut in half", |c| {
        let half = c
            .char_indices()
            .nth(c.chars().count() / 2)
            .map_or(0, |(i, _)| i);
        c[..half.max(1).min(c.len())].to_string()
    }),
    ("a formula", |_| "=1+1".to_string()),
];

struct Outcome {
    file: &'static str,
    line: usize,
    header: String,
    value: String,
    mutation: &'static str,
    mutated: String,
    code: i32,
    named: bool,
    /// The place the error names, when it is another file's (a roster id changed: its quotas).
    elsewhere: Option<String>,
    /// The broken value is still a valid one of its column (`60000` cut to `60`): pay follows it,
    /// and no reader can tell it from a real value.
    valid: bool,
    warned: bool,
    changed: bool,
}

fn run(files: &BTreeMap<&'static str, String>) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    for (p, t) in files {
        let p = dir.path().join(p);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, t).unwrap();
    }
    let out = common::comp()
        .workspace(dir.path())
        .args(["calc", "--period", "2024-Q1", "--format", "csv"])
        .current_dir(dir.path())
        .output();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn one_broken_cell_never_changes_pay_in_silence() {
    let base: BTreeMap<&'static str, String> = [
        ("comp.toml", COMP_TOML),
        ("plans/ae.toml", PLAN),
        ("data/deals.csv", DEALS),
        ("data/roster.csv", ROSTER),
        ("data/quotas.csv", QUOTAS),
    ]
    .into_iter()
    .map(|(p, t)| (p, t.to_string()))
    .collect();
    let (code, expected, warnings) = run(&base);
    assert_eq!(code, 0, "{warnings}");
    let mut outcomes = Vec::new();
    for file in ["data/deals.csv", "data/roster.csv", "data/quotas.csv"] {
        let lines: Vec<&str> = base[file].lines().collect();
        let headers: Vec<&str> = lines[0].split(',').collect();
        for (l, line) in lines.iter().enumerate() {
            let cells: Vec<&str> = line.split(',').collect();
            for (c, cell) in cells.iter().enumerate() {
                for (name, mutate) in MUTATIONS {
                    let mutated = mutate(cell);
                    if mutated == *cell {
                        continue;
                    }
                    let mut row = cells.clone();
                    row[c] = &mutated;
                    let mut text_lines = lines.clone();
                    let new_row = row.join(",");
                    text_lines[l] = &new_row;
                    let mut files = base.clone();
                    files.insert(file, text_lines.join("\n") + "\n");
                    let (code, out, err) = run(&files);
                    let place = format!("{file}:{}", l + 1);
                    let at = err
                        .lines()
                        .find_map(|l| l.trim_start().strip_prefix("--> "))
                        .map(|p| p.rsplit_once(':').map_or(p, |(file, _)| file))
                        // the temporary folder is no part of the place
                        .map(|p| p.find("data/").map_or(p, |i| &p[i..]).to_string());
                    let numeric = ["amount", "base", "target_incentive", "target"]
                        .contains(&headers[c])
                        && l > 0;
                    let valid = numeric
                        && !mutated.is_empty()
                        && mutated.parse::<rust_decimal::Decimal>().is_ok();
                    outcomes.push(Outcome {
                        file,
                        line: l + 1,
                        header: headers[c].to_string(),
                        value: cell.to_string(),
                        mutation: name,
                        mutated: mutated.clone(),
                        code,
                        named: err.contains(&place) || (l == 0 && err.contains(file)),
                        elsewhere: at.filter(|a| !a.ends_with(&place)),
                        valid,
                        warned: err
                            .lines()
                            .any(|w| w.starts_with("warning:") && w.contains(file)),
                        changed: code == 0 && out != expected,
                    });
                }
            }
        }
    }
    if let Ok(path) = std::env::var("BAD_INPUTS_MD") {
        std::fs::write(path, table(&outcomes)).unwrap();
    }
    let silent: Vec<String> = outcomes
        .iter()
        .filter(|o| {
            (o.code != 0 && !o.named && o.elsewhere.is_none())
                || (o.changed && !o.warned && !o.valid)
        })
        .map(|o| {
            format!(
                "{}:{} `{}` {:?} -> {:?} ({}): exit {}",
                o.file, o.line, o.header, o.value, o.mutated, o.mutation, o.code
            )
        })
        .collect();
    assert!(outcomes.len() >= 250, "{} runs", outcomes.len());
    assert!(
        silent.is_empty(),
        "silent or unplaced:\n{}",
        silent.join("\n")
    );
}

/// The runs as a markdown table, with a summary.
fn table(outcomes: &[Outcome]) -> String {
    let mut out = String::new();
    let errors = outcomes.iter().filter(|o| o.code != 0).count();
    let warned = outcomes
        .iter()
        .filter(|o| o.code == 0 && o.changed && o.warned)
        .count();
    let same = outcomes
        .iter()
        .filter(|o| o.code == 0 && !o.changed)
        .count();
    let valid = outcomes
        .iter()
        .filter(|o| o.code == 0 && o.changed && !o.warned && o.valid)
        .count();
    let _ = writeln!(
        out,
        "# Bad inputs tried\n\nGenerated by `BAD_INPUTS_MD=docs/bad-inputs.md cargo test --test mutations`: \
         every cell of the deals, roster and quotas of a small valid workspace (tests/mutations.rs), \
         headers included, broken one way at a time, then `comp calc --period 2024-Q1 --format csv`. \
         {} runs: {errors} refused (exit 2, naming the file and line, or for a changed roster id \
         the quota row that names it), {warned} computed with a warning naming the file, {same} \
         computed the same pay (the cell is not one pay depends on, or the broken value still \
         reads as a name), {valid} changed pay because the broken value is still a valid number \
         of its column (`60000` cut to `60`: no reader can tell it from a real value), and none \
         changed pay in silence otherwise.\n",
        outcomes.len()
    );
    let _ = writeln!(
        out,
        "| # | file:line | column | value | broken | into | exit | named | pay changed |\n|---|---|---|---|---|---|---|---|---|"
    );
    for (i, o) in outcomes.iter().enumerate() {
        let cell = |s: &str| s.replace('|', "\\|");
        let _ = writeln!(
            out,
            "| {} | {}:{} | {} | `{}` | {} | `{}` | {} | {} | {} |",
            i + 1,
            o.file,
            o.line,
            cell(&o.header),
            cell(&o.value),
            o.mutation,
            cell(&o.mutated),
            o.code,
            if o.named {
                format!("{}:{}", o.file, o.line)
            } else if let Some(at) = &o.elsewhere {
                at.clone()
            } else if o.warned {
                "warning".to_string()
            } else {
                "-".to_string()
            },
            match (o.code, o.changed) {
                (0, true) if o.valid => "yes: a valid number",
                (0, true) => "yes, with a warning",
                (0, false) => "no",
                _ => "no (refused)",
            }
        );
    }
    out
}
