//! Record sources (deals, meetings, ...) read into columns: one vector per mapped field, text interned.
//! Reading goes through one reused buffer and parses only the mapped columns.

use crate::cells::Cells;
use crate::chunks::{self, End};
use crate::csv_input::CsvInput;
use crate::errors::Errors;
use crate::input::Input;
use crate::progress::{self, Tally};
use crate::record_part::{Part, Setup};
use comp_core::data::{Column, Duplicate, RecordTable, Sym, Window};
use comp_core::diag::Invalid;
use comp_core::workspace::Source;
use rayon::prelude::*;

/// Reads a record source from its input. `needed` says which fields to parse and keep (by the
/// source's field order); the others are only checked to exist. A large file is read in parts on
/// every core ([`chunks`]) and the parts joined in file order into what one reader going through
/// the file would build; a file with a problem is read again in one part, so its errors are
/// those of one reader, in file order.
pub fn load(
    source: &Source,
    input: &Input,
    window: Window,
    needed: &[bool],
) -> Result<RecordTable, Invalid> {
    load_on(
        source,
        input,
        window,
        needed,
        (rayon::current_num_threads(), chunks::MIN_CHUNK),
    )
}

/// [`load`] on this many threads, with chunks of at least this many bytes.
pub fn load_on(
    source: &Source,
    input: &Input,
    window: Window,
    needed: &[bool],
    (threads, min_chunk): (usize, u64),
) -> Result<RecordTable, Invalid> {
    let csv = CsvInput::open(source, input)?;
    let setup = Setup::new(&csv, window, needed);
    let format = (source.format.delimiter, threads);
    // a few chunks per thread, so threads that finish early take more
    let starts = chunks::chunk_starts(input, threads * 4, min_chunk);
    let row = |part: &mut Part, record: &dyn Cells| part.row(&setup, record);
    if starts.len() > 1 && threads > 1 {
        let tally = progress_of(input);
        let new_part = || Part::new(&setup, true);
        let folded = chunks::fold(input, format, &starts, tally.as_deref(), new_part, row);
        if matches!(folded.end, End::Complete) {
            return Ok(join(&setup, folded.parts, threads));
        }
    }
    let tally = progress_of(input);
    let new_part = || Part::new(&setup, false);
    let folded = chunks::fold(input, format, &[0], tally.as_deref(), new_part, row);
    let mut parts = folded.parts;
    let mut errors = std::mem::replace(&mut parts[0].state.errors, Errors::new());
    if let End::Failed(d) = folded.end {
        errors.push(d);
    }
    errors.finish(join(&setup, parts, 1))
}

/// Where a read of a text input tells its progress, if anything shows it.
fn progress_of(input: &Input) -> Option<Box<dyn Tally>> {
    match input {
        Input::Text(text) => progress::start(text.name(), text.len().ok()?),
        Input::Rows(_) => None,
    }
}

/// Where an id was first seen: (part, symbol in that part); 16 bytes a table entry with its hash.
type FirstSeen = (u32, Sym);

/// For each part, its id entries seen first before them (in an earlier part, or earlier in the
/// same part when the part left its duplicates to the join): (symbol, where first seen), by
/// symbol. The ids are split among `threads` by hash, each thread keeping a table of its share's
/// first sightings, so the work is one hash lookup per id, spread over the cores.
fn seen_earlier(parts: &[chunks::Part<Part>], threads: usize) -> Vec<Vec<(Sym, FirstSeen)>> {
    if parts.len() == 1 && parts[0].state.found_duplicates() {
        return vec![Vec::new()];
    }
    let total: usize = parts.iter().map(|p| p.state.ids.len()).sum();
    let shares = threads.max(1);
    let share = |s: usize| {
        let mut first: hashbrown::HashTable<(u64, FirstSeen)> =
            hashbrown::HashTable::with_capacity(total / shares + 1);
        let mut found: Vec<Vec<(Sym, FirstSeen)>> = vec![Vec::new(); parts.len()];
        for (k, part) in parts.iter().enumerate() {
            let ids = &part.state.ids;
            for (sym, &hash) in part.state.id_hashes.iter().enumerate() {
                // the table buckets by the low bits and tags by the top ones: share by the middle
                if (hash >> 32) as usize % shares != s {
                    continue;
                }
                let text = ids.resolve(sym as Sym);
                let earlier = first.find(hash, |&(h, (k2, s2))| {
                    h == hash && parts[k2 as usize].state.ids.resolve(s2) == text
                });
                match earlier {
                    Some(&(_, at)) => found[k].push((sym as Sym, at)),
                    None => {
                        first.insert_unique(hash, (hash, (k as u32, sym as Sym)), |&(h, _)| h);
                    }
                }
            }
        }
        found
    };
    let mut found = (0..shares)
        .into_par_iter()
        .map(share)
        .reduce_with(|mut found, theirs| {
            for (all, more) in found.iter_mut().zip(theirs) {
                all.extend(more);
            }
            found
        })
        .unwrap_or_default();
    for f in &mut found {
        f.sort_unstable_by_key(|&(sym, _)| sym);
    }
    found
}

/// Joins the parts of a file, in file order, into one table: symbols of later parts are mapped
/// onto the first part's, lines shifted to the file's, and a row whose id was seen in an earlier
/// part becomes a duplicate.
fn join(setup: &Setup, mut parts: Vec<chunks::Part<Part>>, threads: usize) -> RecordTable {
    let source = setup.source;
    let id_field = setup.id_field;
    let earlier = seen_earlier(&parts, threads);
    let shifts: Vec<u64> = parts.iter().map(|p| p.line_shift).collect();
    // the file line where an id was first seen
    let seen: Vec<Vec<u64>> = parts
        .iter_mut()
        .map(|p| std::mem::take(&mut p.state.first_seen))
        .collect();
    let first_line = |(k, sym): FirstSeen| seen[k as usize][sym as usize] + shifts[k as usize];
    let names = (
        source.name.clone(),
        setup.input.input.name().to_path_buf(),
        source.fields.iter().map(|f| f.name.clone()).collect(),
    );
    let mut table = RecordTable::empty(names, id_field, setup.empty_columns());
    // the table's columns are sized once: growing them by doubling would hold up to twice a
    // year's rows while the parts are still there
    let total_kept: usize = parts.iter().map(|p| p.state.lines.len()).sum();
    let mut parts: Vec<Option<Part>> = parts.into_iter().map(|p| Some(p.state)).collect();
    for k in 0..parts.len() {
        let mut part = parts[k].take().expect("each part is joined once");
        let shift = shifts[k];
        // where each id of the part was first seen, when that was in an earlier part
        let mut first: Vec<Option<FirstSeen>> = Vec::new();
        let mut dropped: Vec<(u32, u32)> = Vec::new();
        let mut outside_window = part.outside_window;
        let mut duplicates = Vec::new();
        if !earlier[k].is_empty() {
            first = vec![None; part.ids.len()];
            for &(sym, at) in &earlier[k] {
                first[sym as usize] = Some(at);
                match part.first_kept[sym as usize] {
                    (_, 0) => outside_window -= 1,
                    kept => dropped.push(kept),
                }
                duplicates.push(Duplicate {
                    id: part.ids.resolve(sym).to_string(),
                    line: seen[k][sym as usize] + shift,
                    first_line: first_line(at),
                });
            }
        }
        for &(sym, line) in &part.duplicates {
            let at = first
                .get(sym as usize)
                .copied()
                .flatten()
                .unwrap_or((k as u32, sym));
            duplicates.push(Duplicate {
                id: part.ids.resolve(sym).to_string(),
                line: line + shift,
                first_line: first_line(at),
            });
        }
        duplicates.sort_by_key(|d| d.line);
        table.duplicates.extend(duplicates);

        // the first part's symbols are the table's; a later part's are mapped onto them
        let symbol_map: Vec<Sym> = if k == 0 {
            table.symbols = std::mem::take(&mut part.symbols);
            Vec::new()
        } else {
            (0..part.symbols.len())
                .map(|s| table.symbols.intern(part.symbols.resolve(s as Sym)))
                .collect()
        };
        // kept entries, less those of rows found to be duplicates
        let mut kept = vec![
            true;
            if dropped.is_empty() {
                0
            } else {
                part.lines.len()
            }
        ];
        for (start, count) in dropped {
            kept[start as usize..(start + count) as usize].fill(false);
        }
        let keep = |entry: &usize| kept.get(*entry).copied().unwrap_or(true);
        for (i, (column, from)) in table.columns.iter_mut().zip(part.columns).enumerate() {
            match (column, from) {
                (Column::Text(to), Column::Text(from)) if i == id_field => {
                    // kept rows' ids are distinct (a split row's entries share theirs)
                    let mut last: Option<(Sym, Sym)> = None;
                    let entries = from.iter().enumerate().filter(|(e, _)| keep(e));
                    to.extend(entries.map(|(_, &s)| match last {
                        Some((local, id)) if local == s => id,
                        _ => {
                            let id = table.ids.push(part.ids.resolve(s));
                            last = Some((s, id));
                            id
                        }
                    }));
                }
                // the first part's values move when none is dropped; others are copied
                (Column::Text(to), Column::Text(from)) if k == 0 && kept.is_empty() => *to = from,
                (Column::Decimal(to), Column::Decimal(from)) if k == 0 && kept.is_empty() => {
                    *to = from
                }
                (Column::Date(to), Column::Date(from)) if k == 0 && kept.is_empty() => *to = from,
                (Column::Text(to), Column::Text(from)) => {
                    let entries = from.iter().enumerate().filter(|(e, _)| keep(e));
                    // the first part's symbols are the table's
                    let map = |s: Sym| if k == 0 { s } else { symbol_map[s as usize] };
                    to.extend(entries.map(|(_, &s)| map(s)));
                }
                (Column::Decimal(to), Column::Decimal(from)) => to.extend(kept_only(from, keep)),
                (Column::Date(to), Column::Date(from)) => to.extend(kept_only(from, keep)),
                _ => unreachable!("parts of one source have the same column types"),
            }
        }
        if k == 0 {
            reserve(&mut table, setup, total_kept);
        }
        table
            .lines
            .extend(kept_only(part.lines, keep).map(|l| l + shift));
        table.parts.extend(kept_only(part.parts, keep));
        table.rows_read += part.rows_read;
        table.filtered_out += part.filtered_out;
        table.outside_window += outside_window;
    }
    if let Some(t) = &source.tenure {
        let customer = source.field("customer").map(|(i, _)| i);
        let kind = source.field(&t.field).map(|(i, _)| i);
        if let (Some(c), Some(k)) = (customer, kind) {
            let syms = t
                .values
                .iter()
                .filter_map(|v| table.symbols.get(v))
                .collect();
            table.tenure = Some((c, k, syms, t.months));
        }
    }
    table
}

/// Room in the table's columns (the ones read) for `kept` entries in all.
fn reserve(table: &mut RecordTable, setup: &Setup, kept: usize) {
    for (i, column) in table.columns.iter_mut().enumerate() {
        if !setup.needed[i] {
            continue;
        }
        match column {
            Column::Text(v) => v.reserve(kept.saturating_sub(v.len())),
            Column::Decimal(v) => v.reserve(kept.saturating_sub(v.len())),
            Column::Date(v) => v.reserve(kept.saturating_sub(v.len())),
        }
    }
    table.lines.reserve(kept);
    if setup.split_field.is_some() {
        table.parts.reserve(kept);
    }
}

/// The values of a part's column whose entries `keep` keeps.
fn kept_only<T>(values: Vec<T>, keep: impl Fn(&usize) -> bool) -> impl Iterator<Item = T> {
    values
        .into_iter()
        .enumerate()
        .filter(move |(e, _)| keep(e))
        .map(|(_, v)| v)
}
