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
pub mod quotas;
pub mod record_part;
pub mod records;
pub mod roster;
pub mod workspace_file;

use comp_core::data::{Dataset, Quotas, Window};
use comp_core::diag::{Diagnostic, Invalid};
use comp_core::workspace::{Source, SourceKind, Workspace};
use rayon::prelude::*;

/// Reads the roster, the quotas and every record source a plan uses, keeping the records whose dates
/// fall in `window`. Record sources are read side by side while the roster and quotas are read;
/// the first file with errors is reported, with up to ten of its problems.
pub fn load(ws: &Workspace, window: Window) -> Result<Dataset, Invalid> {
    let mut used: Vec<&str> = ws
        .plans
        .iter()
        .flat_map(|p| p.measures.iter().map(|m| m.source.as_str()))
        .collect();
    used.sort_unstable();
    used.dedup();
    let sources: Vec<_> = ws
        .sources
        .iter()
        .filter(|s| s.kind == SourceKind::Records && used.contains(&s.name.as_str()))
        .collect();
    let (tables, people) = rayon::join(
        || {
            sources
                .par_iter()
                .map(|s| records::load(s, window, &needed_fields(ws, s)))
                .collect::<Vec<_>>()
        },
        || {
            roster::load(ws.roster(), ws).and_then(|roster| {
                let quotas = match ws.quotas() {
                    Some(q) => quotas::load(q, ws, &roster)?,
                    None => Quotas::default(),
                };
                let fx = match ws.source_of(SourceKind::Fx) {
                    Some(s) => Some(fx::load(s)?),
                    None => None,
                };
                let customers = customers::load(ws, fx.as_ref())?;
                Ok((roster, quotas, customers, fx))
            })
        },
    );
    let (roster, quotas, customers, fx) = people?;
    let mut tables = tables.into_iter().collect::<Result<Vec<_>, _>>()?;
    for (table, source) in tables.iter_mut().zip(&sources) {
        fx::convert(table, source, fx.as_ref(), ws)?;
    }
    Ok(Dataset {
        roster,
        quotas,
        tables,
        customers,
    })
}

/// The fields of a source that plans read (the others are not parsed): what measures sum, count,
/// filter and date by, and clawback dates. Id, payee and date are always read.
pub fn needed_fields(ws: &Workspace, source: &Source) -> Vec<bool> {
    use comp_core::plan::Aggregate;
    let mut names: Vec<&str> = Vec::new();
    for plan in &ws.plans {
        for m in plan.measures.iter().filter(|m| m.source == source.name) {
            names.push(&m.date_field);
            match &m.aggregate {
                Aggregate::Sum(f) | Aggregate::CountDistinct(f) => names.push(f),
                Aggregate::Count => {}
            }
            names.extend(m.filters.iter().map(|f| f.field.as_str()));
        }
        if let Some(cb) = plan.clawback.as_ref().filter(|c| c.source == source.name) {
            names.push(&cb.field);
        }
    }
    // crediting and conversion read these whatever the plans use
    names.push("split");
    names.push("currency");
    if let Some(t) = &source.tenure {
        names.push("customer");
        names.push(&t.field);
    }
    source
        .fields
        .iter()
        .map(|f| names.contains(&f.name.as_str()))
        .collect()
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
