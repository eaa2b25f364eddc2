//! The data a calculation reads, as typed tables: record tables (deals, meetings...), the roster,
//! the quotas, customer-success data, FX rates and the ledger. Readers (comp-read) fill them; the
//! engine only reads them.

mod customers;
mod fx;
mod ledger;
mod needs;
mod quotas;
mod records;
mod roster;

pub use customers::{Customer, CustomerData, Movement, MovementKind, Onboarding, Survey};
pub use fx::{Converted, FxRates};
pub use ledger::{
    Ledger, LedgerRow, PaidIn, HEADER as LEDGER_HEADER, PAY_COLUMNS as LEDGER_PAY_COLUMNS,
};
pub use needs::Needs;
pub use quotas::{Quota, Quotas, Target, COMPANY};
pub use records::{Column, Duplicate, RecordTable, Window};
pub use roster::{Payee, Roster};

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
