//! The one loader: what a computation needs, read from the workspace's sources (files, or inputs
//! given in memory), with a policy for problems.

use crate::input::{Input, Inputs};
use crate::{customers, fx, quotas, records, roster};
use comp_core::data::{CustomerData, Dataset, FxRates, Needs, Quotas, Roster};
use comp_core::diag::Invalid;
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

/// Reads what `needs` says from the workspace's sources, each from its file: see [`load_from`].
pub fn load(ws: &Workspace, needs: &Needs, policy: Policy) -> Result<Dataset, Invalid> {
    load_from(ws, &Inputs::files(), needs, policy)
}

/// Reads what `needs` says from the workspace's sources, each from its input: the roster, the
/// quotas, customer data, FX rates and the record sources it lists (their fields it lists, their
/// records dated in its window). Record sources are read side by side while the roster and
/// quotas are read.
pub fn load_from(
    ws: &Workspace,
    inputs: &Inputs,
    needs: &Needs,
    policy: Policy,
) -> Result<Dataset, Invalid> {
    let with_sheets = sheets(ws, inputs)?;
    let inputs = &with_sheets;
    let sources: Vec<(&Source, Input)> = ws
        .sources
        .iter()
        .filter(|s| s.kind == SourceKind::Records && needs.fields.contains_key(&s.name))
        .map(|s| (s, inputs.of(s)))
        .collect();
    let (tables, people) = rayon::join(
        || {
            sources
                .par_iter()
                .map(|(s, input)| records::load(s, input, needs.window, &needs.fields[&s.name]))
                .collect::<Vec<_>>()
        },
        || people(ws, inputs, needs, policy),
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
    for (table, (source, input)) in tables.into_iter().zip(&sources) {
        // records are converted at the FX source's rates; without it they are only checked
        let converted = match &people {
            Some((_, _, _, fx)) => table.and_then(|mut t| {
                fx::convert(&mut t, source, input, fx.as_ref(), ws)?;
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
        Some((mut roster, quotas, customers, fx)) if diags.is_empty() => Ok(Dataset {
            roster: {
                // pay currencies (rule 26) are converted at the same rates as records
                if roster.pays_other_currencies() {
                    roster.set_fx(fx);
                }
                roster
            },
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
    inputs: &Inputs,
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
    let roster = match roster::load(ws.roster(), &inputs.of(ws.roster()), ws) {
        Ok(r) => Some(r),
        Err(e) => {
            keep(e)?;
            None
        }
    };
    let quotas = match (ws.quotas(), &roster) {
        (Some(q), Some(r)) => match quotas::load(q, &inputs.of(q), ws, r, needs) {
            Ok(q) => Some(q),
            Err(e) => {
                keep(e)?;
                None
            }
        },
        (None, _) => Some(quotas::targets_only(ws)),
        // quota rows name payees: without a roster they cannot be read
        (Some(_), None) => None,
    };
    let fx = match ws.source_of(SourceKind::Fx) {
        Some(s) => match fx::load(s, &inputs.of(s)) {
            Ok(f) => Some(Some(f)),
            Err(e) => {
                keep(e)?;
                None
            }
        },
        None => Some(None),
    };
    let customers = match customers::load(ws, inputs, fx.as_ref().and_then(Option::as_ref)) {
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

/// The inputs, with every spreadsheet source not given otherwise read into rows: a workbook is
/// read whole (calamine has no streaming reader), once per load.
fn sheets(ws: &Workspace, inputs: &Inputs) -> Result<Inputs, Invalid> {
    let mut all = inputs.clone();
    for s in ws.sources.iter().filter(|s| s.sheet.is_some()) {
        if !inputs.has(&s.name) {
            all.give(&s.name, crate::sheet::read(s)?);
        }
    }
    Ok(all)
}
