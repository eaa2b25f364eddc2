//! The seals of the ledger. After the rows of each close, `comp close` writes one more row, the
//! close's seal:
//!
//! ```text
//! 2024-01,,,#seal,sha256:<64 hex digits>,,2024-02-01
//! ```
//!
//! Its amount is the SHA-256 of every byte of the file before that line, earlier seals included, so
//! the seals form a hash chain: a row edited, removed, added or moved anywhere above a seal makes it
//! disagree, and rows below the last seal were not written by a close. An auditor checks the seal on
//! line N with standard tools: `head -n $((N-1)) ledger.csv | sha256sum` (docs/format.md).
//!
//! A row rather than a file beside the ledger: the ledger stays one CSV that finance opens as it is
//! (a spreadsheet reads `sha256:...` as text and never sums it), and a copy carries its own proof.
//! The payee and plan of a seal are empty, which no row of a statement is: that, with the reserved
//! component, is what makes a row a seal.

use sha2::{Digest, Sha256};
use std::fmt::Write;

/// The component column of a seal row.
pub const COMPONENT: &str = "#seal";
/// What the amount column of a seal starts with: the digest's algorithm, which also keeps the
/// amount text to a spreadsheet.
pub const SCHEME: &str = "sha256:";

/// The seal of `bytes`: `sha256:` and the digest in lowercase hex, as `sha256sum` prints it.
pub fn digest(bytes: &[u8]) -> String {
    hex(Sha256::digest(bytes).as_slice())
}

fn hex(digest: &[u8]) -> String {
    let mut out = String::with_capacity(SCHEME.len() + 64);
    out.push_str(SCHEME);
    for b in digest {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// The seal row of a close of `period` on `closed_on`, sealing `before` (the whole file above it).
pub fn row(period: &str, before: &[u8], closed_on: &str) -> [String; 7] {
    [
        period.to_string(),
        String::new(),
        String::new(),
        COMPONENT.to_string(),
        digest(before),
        String::new(),
        closed_on.to_string(),
    ]
}

/// Whether a ledger record is a seal: the reserved component with no payee and no plan.
pub fn is_seal(record: &csv::StringRecord) -> bool {
    record.get(3) == Some(COMPONENT)
        && record.get(1).is_some_and(str::is_empty)
        && record.get(2).is_some_and(str::is_empty)
}

/// What a ledger's seals say, once it is read whole.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Seals {
    /// How many seals, all of which match.
    pub count: usize,
    /// The last seal: its line and its digest (`sha256:...`), the value to keep elsewhere to know
    /// later that no whole close was removed from the end.
    pub last: Option<(u64, String)>,
    /// Rows of payments (not seals).
    pub rows: usize,
    /// Rows below the last seal: a ledger written by a comp before seals, when there is no seal.
    pub unsealed: usize,
}

/// A seal that does not match: its line, and the line of the last seal that does (0 for none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub line: u64,
    pub intact_through: u64,
}

/// Checks the seals of a ledger as its records are read in order, hashing each byte once.
pub struct Chain {
    hasher: Sha256,
    hashed: usize,
    seals: Seals,
    /// The first row below the last seal (None while every row read is sealed).
    first_unsealed: Option<csv::Position>,
}

impl Default for Chain {
    fn default() -> Self {
        Self::new()
    }
}

impl Chain {
    pub fn new() -> Self {
        Chain {
            hasher: Sha256::new(),
            hashed: 0,
            seals: Seals::default(),
            first_unsealed: None,
        }
    }

    /// A row of payments at `at`.
    pub fn row(&mut self, at: &csv::Position) {
        self.seals.rows += 1;
        self.seals.unsealed += 1;
        if self.first_unsealed.is_none() {
            self.first_unsealed = Some(at.clone());
        }
    }

    /// A seal at `at` (`bytes` is the whole file) whose amount column says `written`.
    pub fn seal(&mut self, bytes: &[u8], at: &csv::Position, written: &str) -> Result<(), Broken> {
        let start = usize::try_from(at.byte())
            .unwrap_or(usize::MAX)
            .min(bytes.len());
        self.hasher.update(&bytes[self.hashed..start]);
        self.hashed = start;
        let expected = hex(self.hasher.clone().finalize().as_slice());
        if written != expected {
            return Err(Broken {
                line: at.line(),
                intact_through: self.seals.last.as_ref().map_or(0, |(line, _)| *line),
            });
        }
        self.seals.count += 1;
        self.seals.last = Some((at.line(), expected));
        self.seals.unsealed = 0;
        self.first_unsealed = None;
        Ok(())
    }

    /// What the seals say, and the first row below the last seal when a seal exists (such a row was
    /// not written by a close).
    pub fn finish(self) -> (Seals, Option<csv::Position>) {
        let appended = self.first_unsealed.filter(|_| self.seals.count > 0);
        (self.seals, appended)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seal_is_what_sha256sum_prints() {
        // printf '' | sha256sum
        assert_eq!(
            digest(b""),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        // printf 'abc' | sha256sum
        assert_eq!(
            digest(b"abc"),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
