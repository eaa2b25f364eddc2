//! `comp demo --out DIR`: a synthetic company of any size, to try comp at one's own scale.

use crate::diag::{Diagnostic, Invalid};
use anyhow::{Context, Result};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  comp demo --out /tmp/demo
  comp demo --payees 1000 --deals 1000000 --out /tmp/big --seed 7")]
pub struct DemoArgs {
    /// Number of sales payees (AEs, enterprise AEs and SDRs). A customer-success team (CSMs on
    /// csm-grr, account managers on cs-upsell) of about 8% of the company is added on top, from 5
    /// sales payees, with 100 to 150 customers per CSM and a year of their MRR movements.
    #[arg(long, default_value_t = 100)]
    pub payees: usize,
    /// Number of deal rows for the year (won, lost and open).
    #[arg(long, default_value_t = 100_000)]
    pub deals: usize,
    /// The folder to write the workspace into (created; must not hold a comp.toml yet).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The same seed writes the same files.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

pub fn run(args: DemoArgs) -> Result<()> {
    let existing = crate::output::already_there(&args.out, crate::demo::FILES);
    if !existing.is_empty() {
        return Err(Invalid(vec![Diagnostic::new(format!(
            "{} already holds {}",
            args.out.display(),
            existing.join(", ")
        ))
        .hint("comp demo never overwrites a file: choose an empty folder for --out")])
        .into());
    }
    let summary = crate::demo::write_workspace(&args.out, args.payees, args.deals, args.seed)
        .with_context(|| format!("cannot write the demo workspace to {}", args.out.display()))?;
    eprintln!(
        "wrote {}: {} payees ({} in customer success), {} deals, {} customers, {} MRR movements; try: comp --workspace {} calc --period 2024-03",
        args.out.display(),
        summary.payees,
        summary.csm_grr + summary.cs_upsell,
        summary.deals,
        summary.customers,
        summary.mrr_rows,
        args.out.join("comp.toml").display()
    );
    Ok(())
}
