//! Typed inputs read from the workspace's CSV sources: record tables (deals, meetings...), the roster
//! and the quotas.

mod csv_input;
mod quotas;
mod records;
mod roster;

pub use csv_input::{csv_error, parse_date, CsvInput};
pub use quotas::{Quota, Quotas};
pub use records::{Column, Duplicate, RecordTable, Window};
pub use roster::{Payee, Roster};

use crate::diag::Invalid;
use crate::workspace::{SourceKind, Workspace};
use std::collections::HashMap;

/// Interned text: each distinct value of a text column is stored once and compared as a number.
pub type Sym = u32;

#[derive(Debug, Default, Clone)]
pub struct Interner {
    map: HashMap<Box<str>, Sym>,
    names: Vec<Box<str>>,
}

impl Interner {
    pub fn intern(&mut self, s: &str) -> Sym {
        if let Some(&sym) = self.map.get(s) {
            return sym;
        }
        let sym = self.names.len() as Sym;
        self.names.push(s.into());
        self.map.insert(s.into(), sym);
        sym
    }

    pub fn get(&self, s: &str) -> Option<Sym> {
        self.map.get(s).copied()
    }

    pub fn resolve(&self, sym: Sym) -> &str {
        &self.names[sym as usize]
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// Everything a calculation reads.
#[derive(Debug)]
pub struct Dataset {
    pub roster: Roster,
    pub quotas: Quotas,
    pub tables: Vec<RecordTable>,
}

impl Dataset {
    pub fn table(&self, source: &str) -> Option<&RecordTable> {
        self.tables.iter().find(|t| t.source == source)
    }
}

/// Reads the roster, the quotas and every record source a plan uses, keeping the records whose dates
/// fall in `window`. Stops at the first file with errors and reports up to ten of them.
pub fn load(ws: &Workspace, window: Window) -> Result<Dataset, Invalid> {
    let roster = Roster::load(ws.roster(), ws)?;
    let quotas = match ws.quotas() {
        Some(q) => Quotas::load(q, ws, &roster)?,
        None => Quotas::default(),
    };
    let mut used: Vec<&str> = ws
        .plans
        .iter()
        .flat_map(|p| p.measures.iter().map(|m| m.source.as_str()))
        .collect();
    used.sort_unstable();
    used.dedup();
    let mut tables = Vec::new();
    for s in ws.sources.iter().filter(|s| s.kind == SourceKind::Records) {
        if used.contains(&s.name.as_str()) {
            tables.push(RecordTable::load(s, window)?);
        }
    }
    Ok(Dataset {
        roster,
        quotas,
        tables,
    })
}

/// Collects the diagnostics of one file, up to a limit, so a user sees several at once.
pub(crate) struct Errors {
    pub diags: Vec<crate::diag::Diagnostic>,
}

impl Errors {
    pub const LIMIT: usize = 10;

    pub fn new() -> Self {
        Errors { diags: Vec::new() }
    }

    /// Records a problem; returns true when the limit is reached and reading should stop.
    pub fn push(&mut self, d: crate::diag::Diagnostic) -> bool {
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
