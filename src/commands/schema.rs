//! `comp schema KIND`: the JSON Schema of a plan, workspace, expectation or scenario file, for
//! editors.

use anyhow::Result;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  comp schema plan -o plan.schema.json
  comp schema workspace -o -      # -o - is standard output
  comp schema scenario -o schemas/comp-scenario.json")]
pub struct SchemaArgs {
    /// Which file: plan, workspace (comp.toml), expect (expect/*.toml) or scenario (comp whatif
    /// --scenario).
    #[arg(value_parser = clap::builder::PossibleValuesParser::new(crate::schema::KINDS))]
    pub kind: String,
    /// Write to FILE (atomically) instead of standard output; `-` is standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: SchemaArgs) -> Result<()> {
    let schema = crate::schema::for_kind(&args.kind).expect("clap allows only known kinds");
    let mut out = serde_json::to_vec_pretty(&schema)?;
    out.push(b'\n');
    crate::output::write(args.output.as_deref(), &out)
}
