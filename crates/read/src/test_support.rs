//! What the readers' unit tests share: a workspace from comp.toml text (no plan files), and a
//! source's rows read from text in memory.

use crate::csv_input::{each_row, CsvInput};
use crate::input::Input;
use comp_core::diag::{Diagnostic, Invalid, SourceText};
use comp_core::workspace::{self, Source, Workspace};

/// A workspace checked from comp.toml's text, with no plan; panics on an invalid one.
pub fn workspace(toml: &str) -> Workspace {
    let src = SourceText::new("comp.toml", toml);
    workspace::check(&src, &mut |p| {
        Err(std::io::Error::other(format!(
            "no plan files here: {}",
            p.display()
        )))
    })
    .unwrap_or_else(|e| panic!("an invalid test workspace:\n{e}"))
}

/// The workspace's source `name`.
pub fn source<'w>(ws: &'w Workspace, name: &str) -> &'w Source {
    ws.source(name).expect("a source of the test workspace")
}

/// CSV text in memory under the source's file name.
pub fn text(source: &Source, csv: &str) -> Input {
    Input::memory(&source.file, csv.as_bytes().to_vec())
}

/// Every row of `csv` through `row`, as the readers of whole files read them.
pub fn rows<T>(
    source: &Source,
    csv: &str,
    row: impl FnMut(&CsvInput, &dyn crate::cells::Cells) -> Result<T, Diagnostic>,
) -> Result<Vec<T>, Invalid> {
    each_row(source, &text(source, csv), row)
}

/// The rendered problems of a failed read (the file name is `Path`'s display).
pub fn shown(e: &Invalid) -> String {
    e.to_string()
}
