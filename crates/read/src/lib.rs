//! comp's readers: the files of a workspace (comp.toml, plans, expectations, CSV sources, the
//! ledger) read into comp-core's model. Everything that touches the file system for input is here.

pub mod chunks;
pub mod csv_input;
pub mod customers;
pub mod expect_files;
pub mod fx;
pub mod ledger;
pub mod ledger_file;
pub mod lines;
pub mod plan_files;
pub mod quotas;
pub mod record_part;
pub mod records;
pub mod roster;
pub mod scenario_file;
pub mod workspace_file;

use comp_core::data::{CustomerData, Dataset, FxRates, Needs, Quotas, Roster};
use comp_core::diag::{Diagnostic, Invalid};
use comp_core::workspace::{Source, SourceKind, Workspace};
use rayon::prelude::*;

/// What a load does with a file that has problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Report the first file with problems (up to ten of its problems) and stop: what a
    /// calculation needs.
    FirstError,
    /// Read every file and report the problems of all of them: what `comp check` needs.
    CollectAll,
}

/// Reads what `needs` says from the workspace's sources: the roster, the quotas, customer data,
/// FX rates and the record sources it lists (their fields it lists, their records dated in its
/// window). Record sources are read side by side while the roster and quotas are read.
pub fn load(ws: &Workspace, needs: &Needs, policy: Policy) -> Result<Dataset, Invalid> {
    let sources: Vec<&Source> = ws
        .sources
        .iter()
        .filter(|s| s.kind == SourceKind::Records && needs.fields.contains_key(&s.name))
        .collect();
    let (tables, people) = rayon::join(
        || {
            sources
                .par_iter()
                .map(|s| records::load(s, needs.window, &needs.fields[&s.name]))
                .collect::<Vec<_>>()
        },
        || people(ws, needs, policy),
    );
    let mut diags = Vec::new();
    let people = match people {
        Ok(p) => Some(p),
        Err(e) if policy == Policy::FirstError => return Err(e),
        Err(e) => {
            diags.extend(e.0);
            None
        }
    };
    let mut read = Vec::new();
    for (table, source) in tables.into_iter().zip(&sources) {
        // records are converted at the FX source's rates; without it they are only checked
        let converted = match &people {
            Some((_, _, _, fx)) => table.and_then(|mut t| {
                fx::convert(&mut t, source, fx.as_ref(), ws)?;
                Ok(t)
            }),
            None => table,
        };
        match converted {
            Ok(t) => read.push(t),
            Err(e) if policy == Policy::FirstError => return Err(e),
            Err(e) => diags.extend(e.0),
        }
    }
    match people {
        Some((roster, quotas, customers, _)) if diags.is_empty() => Ok(Dataset {
            roster,
            quotas,
            tables: read,
            customers,
        }),
        _ => Err(Invalid(diags)),
    }
}

/// The roster, quotas, customer data and FX rates; with [`Policy::CollectAll`], the problems of
/// every one of these files.
fn people(
    ws: &Workspace,
    needs: &Needs,
    policy: Policy,
) -> Result<(Roster, Quotas, CustomerData, Option<FxRates>), Invalid> {
    let mut diags = Vec::new();
    let mut keep = |e: Invalid| -> Result<(), Invalid> {
        match policy {
            Policy::FirstError => Err(e),
            Policy::CollectAll => {
                diags.extend(e.0);
                Ok(())
            }
        }
    };
    let roster = match roster::load(ws.roster(), ws) {
        Ok(r) => Some(r),
        Err(e) => {
            keep(e)?;
            None
        }
    };
    let quotas = match (ws.quotas(), &roster) {
        (Some(q), Some(r)) => match quotas::load(q, ws, r, needs) {
            Ok(q) => Some(q),
            Err(e) => {
                keep(e)?;
                None
            }
        },
        (None, _) => Some(Quotas::default()),
        // quota rows name payees: without a roster they cannot be read
        (Some(_), None) => None,
    };
    let fx = match ws.source_of(SourceKind::Fx) {
        Some(s) => match fx::load(s) {
            Ok(f) => Some(Some(f)),
            Err(e) => {
                keep(e)?;
                None
            }
        },
        None => Some(None),
    };
    let customers = match customers::load(ws, fx.as_ref().and_then(Option::as_ref)) {
        Ok(c) => Some(c),
        Err(e) => {
            keep(e)?;
            None
        }
    };
    match (roster, quotas, customers, fx) {
        (Some(r), Some(q), Some(c), Some(f)) if diags.is_empty() => Ok((r, q, c, f)),
        _ => Err(Invalid(diags)),
    }
}

/// Collects the diagnostics of one file, up to a limit, so a user sees several at once.
#[derive(Default)]
pub struct Errors {
    pub diags: Vec<Diagnostic>,
}

impl Errors {
    pub const LIMIT: usize = 10;

    pub fn new() -> Self {
        Errors { diags: Vec::new() }
    }

    /// Records a problem; returns true when the limit is reached and reading should stop.
    pub fn push(&mut self, d: Diagnostic) -> bool {
        self.diags.push(d);
        self.diags.len() >= Self::LIMIT
    }

    pub fn finish<T>(self, value: T) -> Result<T, Invalid> {
        if self.diags.is_empty() {
            Ok(value)
        } else {
            Err(Invalid(self.diags))
        }
    }
}
