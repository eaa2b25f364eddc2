//! The baseline for `scripts/bench-calc.sh`: merely reading a CSV file with the csv crate.
//!
//!     cargo run --release --example csv_read -- DEALS.csv [DELIMITER]
//!
//! One reused `ByteRecord`, `;` by default (as the deals export), headers skipped. It counts the
//! records and sums the byte length of one field (the last, ARR in a deals export) so that the loop
//! cannot be optimised away, then prints the count.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: csv_read FILE.csv [DELIMITER]");
        return ExitCode::from(2);
    };
    let delimiter = args.next().map_or(b';', |d| d.as_bytes()[0]);
    match read(&path, delimiter) {
        Ok((records, bytes)) => {
            println!("{records} records ({bytes} bytes in the last field)");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {path}: {e}");
            ExitCode::from(1)
        }
    }
}

fn read(path: &str, delimiter: u8) -> Result<(u64, u64), csv::Error> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .from_path(path)?;
    let last = reader.byte_headers()?.len().saturating_sub(1);
    let mut record = csv::ByteRecord::new();
    let (mut records, mut bytes) = (0u64, 0u64);
    while reader.read_byte_record(&mut record)? {
        records += 1;
        bytes += record.get(last).map_or(0, |f| f.len() as u64);
    }
    Ok((records, bytes))
}
