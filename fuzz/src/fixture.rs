//! The small workspace the targets run in: examples/acme's comp.toml and plans with its data cut
//! to a sample of rows spread over the year, plus a record source in other currencies and an FX
//! source (from tests/golden/fx_conversion), so that every kind of file has a place to go.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The repository the fuzz crate sits in.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("fuzz/ sits in the repository")
        .to_path_buf()
}

/// Rows kept of each sampled data file: enough for every plan to have statements, few enough that
/// one run reads every file in about a millisecond.
const SAMPLE_ROWS: usize = 60;

/// Files kept whole: every other file's rows name the payees they hold.
const WHOLE: &[&str] = &["roster.csv", "quotas.csv"];

/// Files whose rows name a customer of customers.csv: only the rows of sampled customers are kept.
const OF_CUSTOMERS: &[&str] = &["mrr.csv", "surveys.csv", "onboarding.csv", "upsells.csv"];

/// The files of examples/acme/data that its comp.toml names.
const USED: &[&str] = &[
    "deals.csv",
    "meetings.csv",
    "customers.csv",
    "mrr.csv",
    "surveys.csv",
    "onboarding.csv",
    "cs_meetings.csv",
    "upsells.csv",
    "roster.csv",
    "quotas.csv",
];

/// What comp.toml gets beyond acme's sources.
const MORE_SOURCES: &str = r#"
# Added by the fuzz fixture: deals in other currencies, converted at the FX source's rates.
[sources.intl]
file = "data/intl.csv"
columns = { id = "id", payee = "owner", date = "date", amount = "amount", currency = "currency" }

[sources.fx]
file = "data/fx.csv"
"#;

/// Writes the fixture into `dir` (which must exist).
pub fn build(dir: &Path) -> io::Result<()> {
    let repo = repo();
    let acme = repo.join("examples/acme");
    fs::create_dir_all(dir.join("plans"))?;
    fs::create_dir_all(dir.join("data"))?;
    for entry in fs::read_dir(repo.join("plans"))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "toml") {
            fs::copy(
                &path,
                dir.join("plans").join(path.file_name().expect("a file")),
            )?;
        }
    }
    let toml = fs::read_to_string(acme.join("comp.toml"))?.replace("../../plans/", "plans/");
    fs::write(dir.join("comp.toml"), format!("{toml}{MORE_SOURCES}"))?;
    let customers = sample(
        &fs::read_to_string(acme.join("data/customers.csv"))?,
        SAMPLE_ROWS,
    );
    let ids: Vec<&str> = customers
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    for name in USED {
        let text = fs::read_to_string(acme.join("data").join(name))?;
        let kept = if WHOLE.contains(name) {
            text
        } else if *name == "customers.csv" {
            customers.clone()
        } else if OF_CUSTOMERS.contains(name) {
            let mut lines = text.lines();
            let mut of_kept = format!("{}\n", lines.next().unwrap_or_default());
            for line in lines.filter(|l| l.split([',', ';']).any(|cell| ids.contains(&cell))) {
                of_kept.push_str(line);
                of_kept.push('\n');
            }
            sample(&of_kept, SAMPLE_ROWS)
        } else {
            sample(&text, SAMPLE_ROWS)
        };
        fs::write(dir.join("data").join(name), kept)?;
    }
    let fx = repo.join("tests/golden/fx_conversion/data");
    fs::copy(fx.join("deals.csv"), dir.join("data/intl.csv"))?;
    fs::copy(fx.join("fx.csv"), dir.join("data/fx.csv"))?;
    Ok(())
}

/// The header and about `rows` rows taken at even steps through the file, so that the sample
/// spans the file's dates.
pub fn sample(text: &str, rows: usize) -> String {
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default();
    let body: Vec<&str> = lines.collect();
    let step = body.len().div_ceil(rows.max(1)).max(1);
    let mut out = format!("{header}\n");
    for line in body.iter().step_by(step) {
        out.push_str(line);
        out.push('\n');
    }
    out
}
