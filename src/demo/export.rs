//! The files the generators write, as the systems of a French company export them: the CRM's deals
//! and meetings (`;`, `12 500,00`, `dd/mm/yyyy`, French labels), the HR tool's roster and quotas,
//! the CS platform's customers, upsells, surveys, onboardings and meetings (comma, ISO dates), the
//! billing system's MRR movements (`;`, French amounts). One header and one set of labels per file,
//! and one CSV writer (the csv crate's quoting: a field holding the delimiter, a quote or a line
//! break is quoted, quotes doubled).

use super::calendar::French;
use chrono::NaiveDate;
use std::fmt::{self, Write as _};
use std::fs::File;
use std::io::{self, BufWriter};
use std::path::Path;

/// A file's delimiter and header.
pub struct Format {
    pub delimiter: u8,
    pub header: &'static [&'static str],
}

pub const DEALS: Format = Format {
    delimiter: b';',
    header: &[
        "Réf",
        "Propriétaire",
        "Compte",
        "Type",
        "Étape",
        "Date de clôture",
        "ARR",
    ],
};

pub const MEETINGS: Format = Format {
    delimiter: b';',
    header: &["Réf", "SDR", "Date", "Statut"],
};

pub const ROSTER: Format = Format {
    delimiter: b',',
    header: &[
        "payee",
        "name",
        "plan",
        "team",
        "manager",
        "start",
        "end",
        "base",
        "target_incentive",
    ],
};

pub const QUOTAS: Format = Format {
    delimiter: b',',
    header: &["payee", "period", "measure", "target"],
};

pub const CUSTOMERS: Format = Format {
    delimiter: b',',
    header: &["id", "name", "ae", "csm", "start", "currency"],
};

pub const MRR: Format = Format {
    delimiter: b';',
    header: &["Client", "Date", "Mouvement", "MRR"],
};

pub const UPSELLS: Format = Format {
    delimiter: b',',
    header: &["id", "owner", "customer", "date", "arr", "kind"],
};

pub const SURVEYS: Format = Format {
    delimiter: b',',
    header: &["customer", "date", "score"],
};

pub const ONBOARDING: Format = Format {
    delimiter: b',',
    header: &["customer", "start", "go_live"],
};

pub const CS_MEETINGS: Format = Format {
    delimiter: b',',
    header: &["id", "csm", "date", "type"],
};

/// A CSV file being written: its header first, then one row at a time.
pub struct Table {
    w: csv::Writer<BufWriter<File>>,
    cell: String,
    rows: usize,
}

impl Table {
    pub fn create(path: &Path, format: &Format) -> io::Result<Table> {
        // never over a file, nor through a link (comp demo writes into a folder of its own)
        let file = BufWriter::with_capacity(1 << 16, crate::output::create_new(path)?);
        let mut w = csv::WriterBuilder::new()
            .delimiter(format.delimiter)
            .from_writer(file);
        w.write_record(format.header)?;
        Ok(Table {
            w,
            cell: String::new(),
            rows: 0,
        })
    }

    /// Writes one row, each cell as it displays.
    pub fn row(&mut self, cells: &[&dyn fmt::Display]) -> io::Result<()> {
        for cell in cells {
            self.cell.clear();
            write!(self.cell, "{cell}").expect("a String takes any text");
            self.w.write_field(&self.cell)?;
        }
        self.w.write_record(None::<&[u8]>)?;
        self.rows += 1;
        Ok(())
    }

    /// Rows written so far (header excluded).
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Flushes the file; returns the rows written (header excluded).
    pub fn finish(mut self) -> io::Result<usize> {
        self.w.flush()?;
        Ok(self.rows)
    }
}

/// A row of the CRM's deals.csv.
pub struct DealRow<'a> {
    pub reference: &'a dyn fmt::Display,
    pub owner: &'a str,
    pub customer: &'a dyn fmt::Display,
    pub kind: DealKind,
    pub stage: Stage,
    pub date: NaiveDate,
    pub cents: i64,
}

impl DealRow<'_> {
    pub fn write(&self, deals: &mut Table) -> io::Result<()> {
        deals.row(&[
            self.reference,
            &self.owner,
            self.customer,
            &self.kind.label(),
            &self.stage.label(),
            &French(self.date),
            &FrAmount(self.cents),
        ])
    }
}

/// A row of the CRM's meetings.csv.
pub fn meeting_row(
    meetings: &mut Table,
    reference: &dyn fmt::Display,
    sdr: &str,
    date: NaiveDate,
    qualified: bool,
) -> io::Result<()> {
    meetings.row(&[reference, &sdr, &French(date), &meeting_status(qualified)])
}

/// A row of the billing system's mrr.csv; the demo's system writes French dates, the example
/// company's ISO ones.
pub fn movement_row(
    mrr: &mut Table,
    customer: &str,
    date: &dyn fmt::Display,
    kind: Movement,
    cents: i64,
) -> io::Result<()> {
    mrr.row(&[&customer, date, &kind.label(), &FrAmount(cents)])
}

/// An amount in cents as the French exports write it: `12 500,00`, `-4 800,12` (a plain space
/// between thousands: the workspaces say `thousands = " "`).
pub struct FrAmount(pub i64);

impl fmt::Display for FrAmount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; 40];
        let mut i = buf.len();
        let c = self.0.unsigned_abs();
        let mut push = |b: u8| {
            i -= 1;
            buf[i] = b;
        };
        push(b'0' + (c % 10) as u8);
        push(b'0' + (c / 10 % 10) as u8);
        push(b',');
        let mut units = c / 100;
        let mut digits = 0;
        loop {
            if digits > 0 && digits % 3 == 0 {
                push(b' ');
            }
            push(b'0' + (units % 10) as u8);
            digits += 1;
            units /= 10;
            if units == 0 {
                break;
            }
        }
        if self.0 < 0 {
            push(b'-');
        }
        f.write_str(std::str::from_utf8(&buf[i..]).expect("ASCII digits"))
    }
}

/// An amount in cents as the CS platform writes it: `7400.00` (never negative there).
pub struct Amount(pub i64);

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

/// A deal's `Type` in the CRM. The order is the export's sort order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DealKind {
    New,
    Upsell,
    Renewal,
}

impl DealKind {
    pub fn label(self) -> &'static str {
        match self {
            DealKind::New => "Nouveau client",
            DealKind::Upsell => "Upsell",
            DealKind::Renewal => "Renouvellement",
        }
    }
}

/// A deal's `Étape` in the CRM. The order is the export's sort order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    Won,
    Lost,
    Open,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Won => "Gagnée",
            Stage::Lost => "Perdue",
            Stage::Open => "En cours",
        }
    }
}

/// A meeting's `Statut` in the CRM.
fn meeting_status(qualified: bool) -> &'static str {
    if qualified {
        "Qualifié"
    } else {
        "Non qualifié"
    }
}

/// An MRR movement's `Mouvement` in the billing export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Movement {
    New,
    Expansion,
    Contraction,
    Churn,
}

impl Movement {
    pub fn label(self) -> &'static str {
        match self {
            Movement::New => "Nouveau",
            Movement::Expansion => "Expansion",
            Movement::Contraction => "Contraction",
            Movement::Churn => "Résiliation",
        }
    }

    /// What the movement does to the customer's MRR: adds to it or takes from it.
    pub fn adds(self) -> bool {
        matches!(self, Movement::New | Movement::Expansion)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_written_the_french_way() {
        let fr = |c: i64| FrAmount(c).to_string();
        assert_eq!(fr(0), "0,00");
        assert_eq!(fr(5), "0,05");
        assert_eq!(fr(99_900), "999,00");
        assert_eq!(fr(1_250_000), "12 500,00");
        assert_eq!(fr(-480_012), "-4 800,12");
        assert_eq!(fr(12_345_678_901), "123 456 789,01");
        assert_eq!(Amount(740_000).to_string(), "7400.00");
    }

    #[test]
    fn fields_are_quoted_only_when_they_must_be() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deals.csv");
        let mut t = Table::create(&path, &MEETINGS).unwrap();
        t.row(&[
            &"RDV-1",
            &"Brasserie \"Le Zinc\"",
            &"a; b",
            &"Martin, Camille",
        ])
        .unwrap();
        assert_eq!(t.finish().unwrap(), 1);
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "Réf;SDR;Date;Statut\nRDV-1;\"Brasserie \"\"Le Zinc\"\"\";\"a; b\";Martin, Camille\n"
        );
    }
}
