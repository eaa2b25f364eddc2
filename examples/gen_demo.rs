//! Writes a synthetic workspace of any size (see `comp::demo`):
//!
//!     cargo run --release --example gen_demo -- --payees 1000 --deals 1000000 --out /tmp/comp-1m --seed 7
//!
//! then `comp --workspace /tmp/comp-1m/comp.toml calc --period 2024-03`.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: gen_demo --out DIR [--payees N] [--deals N] [--seed N]
  --out DIR      the workspace folder (created; its files are overwritten)
  --payees N     payees on the roster (default 1000)
  --deals N      rows of data/deals.csv (default 1000000)
  --seed N       PRNG seed (default 7): the same seed writes the same bytes";

fn main() -> ExitCode {
    let (mut payees, mut deals, mut seed, mut out) = (1000usize, 1_000_000usize, 7u64, None);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "-h" || a == "--help" {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        let Some(v) = args.next() else {
            eprintln!("{a} needs a value\n{USAGE}");
            return ExitCode::from(2);
        };
        let number = |v: &str| v.replace('_', "").parse::<u64>().ok();
        let ok = match a.as_str() {
            "--payees" => number(&v).map(|n| payees = n as usize).is_some(),
            "--deals" => number(&v).map(|n| deals = n as usize).is_some(),
            "--seed" => number(&v).map(|n| seed = n).is_some(),
            "--out" => {
                out = Some(PathBuf::from(&v));
                true
            }
            _ => {
                eprintln!("unknown argument {a}\n{USAGE}");
                return ExitCode::from(2);
            }
        };
        if !ok {
            eprintln!("{a}: `{v}` is not a number\n{USAGE}");
            return ExitCode::from(2);
        }
    }
    let Some(out) = out else {
        eprintln!("--out is required\n{USAGE}");
        return ExitCode::from(2);
    };
    match comp::demo::write_workspace(&out, payees, deals, seed) {
        Ok(s) => {
            println!(
                "{}: {} payees ({} ae-arr, {} ae-enterprise, {} sdr), {} quota rows, {} deals ({} won, {:.1} MiB), {} meetings",
                out.join("comp.toml").display(),
                s.payees,
                s.ae_arr,
                s.ae_enterprise,
                s.sdr,
                s.quota_rows,
                s.deals,
                s.deals_won,
                s.deals_bytes as f64 / (1024.0 * 1024.0),
                s.meetings
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}: {e}", out.display());
            ExitCode::from(1)
        }
    }
}
