//! Typed inputs read from the workspace's CSV sources: record tables (deals, meetings...), the roster
//! and the quotas.

mod chunks;
mod csv_input;
mod customers;
mod fx;
mod ledger;
mod lines;
mod quotas;
mod record_part;
mod records;
mod roster;

pub use csv_input::{csv_error, parse_date, CsvInput};
pub use customers::{Customer, CustomerData, Movement, MovementKind, Onboarding, Survey};
pub use fx::{convert as convert_currencies, Converted, FxRates};
pub use ledger::{Ledger, LedgerRow, HEADER as LEDGER_HEADER};
pub use quotas::{Quota, Quotas};
pub use records::{Column, Duplicate, RecordTable, Window};
pub use roster::{Payee, Roster};

use crate::diag::Invalid;
use crate::workspace::{SourceKind, Workspace};

/// Interned text: each distinct value of a text column is stored once and compared as a number.
pub type Sym = u32;

/// Texts in one arena, in the order pushed, each named by its position: one allocation for them
/// all, and nothing hashed (the ids of a table's kept rows, never looked up by their text).
#[derive(Debug, Default, Clone)]
pub struct Texts {
    arena: String,
    /// Start of each text in the arena; text i spans starts[i]..starts[i + 1].
    starts: Vec<usize>,
}

impl Texts {
    pub fn push(&mut self, s: &str) -> Sym {
        let sym = self.starts.len() as Sym;
        self.starts.push(self.arena.len());
        self.arena.push_str(s);
        sym
    }

    pub fn resolve(&self, sym: Sym) -> &str {
        let end = self.starts.get(sym as usize + 1).copied();
        &self.arena[self.starts[sym as usize]..end.unwrap_or(self.arena.len())]
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }
}

/// Distinct texts, found through a hash table of symbols: interning a value already seen
/// allocates nothing, which keeps the per-record path of a million-row file allocation-free.
/// Each table entry keeps its text's hash, so growing the table never hashes a text again.
#[derive(Debug, Default, Clone)]
pub struct Interner {
    texts: Texts,
    table: hashbrown::HashTable<(u64, Sym)>,
    hasher: hashbrown::DefaultHashBuilder,
}

impl Interner {
    /// An interner hashing with `hasher`: interners made with clones of one hasher give a text the
    /// same hash, so texts can be matched across them by hash first.
    pub fn with_hasher(hasher: hashbrown::DefaultHashBuilder) -> Interner {
        Interner {
            hasher,
            ..Interner::default()
        }
    }

    /// The hash this interner gives `s`.
    pub fn hash(&self, s: &str) -> u64 {
        use std::hash::BuildHasher;
        self.hasher.hash_one(s)
    }

    /// Interns `s`; the flag is true when it was not seen before.
    pub fn intern_new(&mut self, s: &str) -> (Sym, bool) {
        self.intern_hashed(s, self.hash(s))
    }

    /// [`Interner::intern_new`] with the hash of `s` already computed by [`Interner::hash`].
    pub fn intern_hashed(&mut self, s: &str, hash: u64) -> (Sym, bool) {
        let texts = &self.texts;
        let found = self
            .table
            .find(hash, |&(h, sym)| h == hash && texts.resolve(sym) == s);
        if let Some(&(_, sym)) = found {
            return (sym, false);
        }
        let sym = self.texts.push(s);
        self.table.insert_unique(hash, (hash, sym), |&(h, _)| h);
        (sym, true)
    }

    pub fn intern(&mut self, s: &str) -> Sym {
        self.intern_new(s).0
    }

    pub fn get(&self, s: &str) -> Option<Sym> {
        let hash = self.hash(s);
        self.table
            .find(hash, |&(h, sym)| h == hash && self.resolve(sym) == s)
            .map(|&(_, sym)| sym)
    }

    pub fn resolve(&self, sym: Sym) -> &str {
        self.texts.resolve(sym)
    }

    pub fn len(&self) -> usize {
        self.texts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }
}

/// Everything a calculation reads.
#[derive(Debug)]
pub struct Dataset {
    pub roster: Roster,
    pub quotas: Quotas,
    pub tables: Vec<RecordTable>,
    /// Customers, MRR movements, surveys and onboardings (empty without a customers source).
    pub customers: CustomerData,
}

impl Dataset {
    pub fn table(&self, source: &str) -> Option<&RecordTable> {
        self.tables.iter().find(|t| t.source == source)
    }
}

/// Reads the roster, the quotas and every record source a plan uses, keeping the records whose dates
/// fall in `window`. Record sources are read side by side (each on its own threads) while the roster
/// and quotas are read; the first file with errors is reported, with up to ten of its problems.
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
    let (people, tables) = std::thread::scope(|scope| {
        let loading: Vec<_> = sources
            .iter()
            .map(|s| scope.spawn(move || RecordTable::load(s, window, &needed_fields(ws, s))))
            .collect();
        let people = Roster::load(ws.roster(), ws).and_then(|roster| {
            let quotas = match ws.quotas() {
                Some(q) => Quotas::load(q, ws, &roster)?,
                None => Quotas::default(),
            };
            let fx = match ws.source_of(SourceKind::Fx) {
                Some(s) => Some(FxRates::load(s)?),
                None => None,
            };
            let customers = CustomerData::load(ws, fx.as_ref())?;
            Ok((roster, quotas, customers, fx))
        });
        let tables: Vec<Result<RecordTable, Invalid>> = loading
            .into_iter()
            .map(|h| h.join().expect("a loader thread does not panic"))
            .collect();
        (people, tables)
    });
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
pub fn needed_fields(ws: &Workspace, source: &crate::workspace::Source) -> Vec<bool> {
    use crate::plan::Aggregate;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interning_gives_one_symbol_per_distinct_text() {
        let mut i = Interner::default();
        let a = i.intern("new");
        let b = i.intern("expansion");
        assert_eq!(i.intern("new"), a);
        assert_ne!(a, b);
        assert_eq!(i.intern(""), 2);
        assert_eq!(
            (i.resolve(a), i.resolve(b), i.resolve(2)),
            ("new", "expansion", "")
        );
        assert_eq!(i.get("expansion"), Some(b));
        assert_eq!(i.get("renewal"), None);
        for n in 0..10_000 {
            i.intern(&format!("OPP-{n}"));
        }
        assert_eq!(i.get("OPP-9999").map(|s| i.resolve(s)), Some("OPP-9999"));
        assert_eq!(i.len(), 10_003);
    }
}
