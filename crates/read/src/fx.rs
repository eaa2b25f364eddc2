//! Several currencies: the dated FX-rate source, and the conversion of record sources that map a
//! `currency` field into the workspace's currency at the rate in force on each record's date.
//! A record with no rate for its date is an error, never a zero.

use crate::csv_input::{each_row, CsvInput};
use crate::errors::Errors;
use crate::input::Input;
use crate::place::locate_line;
use chrono::NaiveDate;
use comp_core::data::{Column, Converted, FxRates, RecordTable};
use comp_core::diag::{Diagnostic, Invalid, Location};
use comp_core::workspace::{Source, Workspace};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Reads the FX-rate source.
pub fn load(source: &Source, input: &Input) -> Result<FxRates, Invalid> {
    let field = |n: &str| {
        source
            .field(n)
            .map(|(i, _)| i)
            .expect("fx fields are fixed")
    };
    let (date, currency, rate) = (field("date"), field("currency"), field("rate"));
    let mut fx = FxRates::default();
    // where each (currency, date) got its rate: a second rate for it is an error (rule 23), never
    // one of the two chosen in silence
    let mut seen: HashMap<(String, NaiveDate), Location> = HashMap::new();
    each_row(source, input, |input, record| {
        let d = input.date(record, date)?.expect("required");
        let c = input.value(record, currency)?.to_string();
        let r = input.decimal(record, rate)?.expect("required");
        // rates are checked small enough that a converted amount (below 10^15) stays exact
        if r > Decimal::from(1_000_000) {
            return Err(input
                .bad_cell(record, rate, "an FX rate above 1,000,000")
                .hint("a rate is how many units of the workspace currency one unit is worth; check the column"));
        }
        if r <= Decimal::ZERO {
            return Err(input
                .bad_cell(record, rate, "an FX rate that is not above zero")
                .hint("a rate is how many units of the workspace currency one unit is worth"));
        }
        let key = (c.trim().to_uppercase(), d);
        if let Some(first) = seen.get(&key) {
            return Err(input
                .bad_cell(
                    record,
                    rate,
                    &format!("a second FX rate for {} on {d}", key.0),
                )
                .hint(format!(
                    "the first is at {}:{}; a currency has one rate a day: keep one row",
                    first.file.display(),
                    first.line
                )));
        }
        seen.insert(key, input.locate(record, rate));
        fx.insert(&c, d, r);
        Ok(())
    })?;
    Ok(fx)
}

/// Converts the decimal fields of a table's records whose `currency` is not the workspace's, at the
/// rate in force on the record's `date`, and keeps what each record was (for statements). `input`
/// is where the table was read from (for the place of a record with no rate).
pub fn convert(
    table: &mut RecordTable,
    source: &Source,
    input: &Input,
    fx: Option<&FxRates>,
    ws: &Workspace,
) -> Result<(), Invalid> {
    let Some(cur_field) = table.field("currency") else {
        return Ok(());
    };
    if !matches!(table.columns[cur_field], Column::Text(_)) {
        return Ok(());
    }
    let date_field = table.field("date").expect("record sources map date");
    let amount_field = table.field("amount");
    let decimal_fields: Vec<usize> = (0..table.columns.len())
        .filter(|&i| matches!(table.columns[i], Column::Decimal(_)))
        .collect();
    let mut converted = vec![None; table.len()];
    let mut diags = Vec::new();
    for (row, slot) in converted.iter_mut().enumerate() {
        let sym = table.text(cur_field)[row];
        let code = table.symbols.resolve(sym).trim().to_uppercase();
        if code.is_empty() || code == ws.currency {
            continue;
        }
        let date = table.dates(date_field)[row].expect("a kept record has its date");
        let Some(rate) = fx.and_then(|f| f.rate(&code, date)) else {
            diags.push(
                Diagnostic::new(format!(
                    "no FX rate for {code} on {date}: \"{code}\" in column \"{}\" (field `currency`)",
                    source
                        .field("currency")
                        .map_or("currency", |(_, f)| f.header.as_str())
                ))
                .at(locate(source, input, table.lines[row]))
                .hint(match fx {
                    Some(_) => format!(
                        "add a {code} rate dated on or before {date} to the fx source"
                    ),
                    None => format!(
                        "add a [sources.fx] table (date, currency, rate) with {code} rates to comp.toml"
                    ),
                }),
            );
            if diags.len() >= Errors::LIMIT {
                break;
            }
            continue;
        };
        let amount = amount_field.and_then(|f| table.decimals(f)[row]);
        for &f in &decimal_fields {
            if let Column::Decimal(v) = &mut table.columns[f] {
                v[row] = v[row].map(|x| x * rate);
            }
        }
        *slot = Some(Converted {
            currency: sym,
            amount,
            rate,
        });
    }
    if !diags.is_empty() {
        return Err(Invalid(diags));
    }
    table.converted = converted;
    Ok(())
}

/// The currency cell of a record's line, for a diagnostic found after reading: the header gives
/// the column, the line is read back from the input.
fn locate(source: &Source, input: &Input, line: u64) -> Location {
    let column = CsvInput::open(source, input)
        .ok()
        .and_then(|csv| source.field("currency").and_then(|(i, _)| csv.columns[i]));
    let Some(column) = column else {
        return Location {
            file: input.name().to_path_buf(),
            line: line as usize,
            col: 1,
            snippet: None,
        };
    };
    locate_line(input, line, column, source.format.delimiter)
}
