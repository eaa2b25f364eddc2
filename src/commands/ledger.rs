//! `comp ledger verify`: checks the payout ledger's seals on demand, as calc, close, check and explain
//! do before they read it. Exit 0 with a one-line summary when every seal matches, 2 naming the first
//! line that does not.

use anyhow::Result;
use std::path::Path;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  comp ledger verify")]
pub struct LedgerArgs {
    #[command(subcommand)]
    pub command: LedgerCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum LedgerCommand {
    /// Check that the ledger is as the closes wrote it: every seal matches the lines above it and no
    /// row follows the last seal. Prints the last seal, to keep elsewhere: a ledger cut back to an
    /// earlier close still verifies, but no longer ends with that seal.
    #[command(
        after_help = "Examples:\n  comp ledger verify\n  comp ledger verify --workspace examples/acme"
    )]
    Verify {
        #[command(flatten)]
        ws: crate::session::WorkspaceArg,
    },
}

pub fn run(workspace: Option<&Path>, args: LedgerArgs) -> Result<()> {
    match args.command {
        LedgerCommand::Verify { ws } => {
            verify(&crate::session::workspace(ws.or(workspace).as_deref())?)
        }
    }
}

fn verify(ws: &crate::workspace::Workspace) -> Result<()> {
    let (_, seals) = comp_read::ledger::read(&ws.ledger, ws.fiscal, &ws.currency)?;
    let path = ws.ledger.display();
    let summary = match &seals.last {
        Some((line, digest)) => format!(
            "{path}: intact: {} row(s) under {} seal(s); the last seal, on line {line}, is {digest}",
            seals.rows, seals.count
        ),
        None if seals.rows > 0 => format!("{path}: {} row(s), not sealed yet", seals.rows),
        None => format!("{path}: nothing closed yet"),
    };
    if let Some(note) = comp_read::ledger::unsealed_note(&ws.ledger, &seals) {
        crate::session::warn(note);
    }
    crate::output::write(None, format!("{summary}\n").as_bytes())
}
