//! What every verb starts from: the workspace the command line names (or the nearest one), and
//! the period, plans and payees it asks for, checked against it.

use crate::data::Dataset;
use crate::diag::{Diagnostic, Invalid};
use crate::period::{Frequency, Period};
use crate::workspace::Workspace;
use anyhow::{Context, Result};
use std::path::Path;

/// `--workspace`, on each verb that reads a workspace (and only there: `comp schema --workspace`
/// is refused by clap, as it would do nothing). `comp --workspace PATH VERB` is accepted too.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct WorkspaceArg {
    /// The workspace file or its folder (default: the nearest comp.toml from the current folder
    /// upward).
    #[arg(long = "workspace", value_name = "PATH")]
    pub workspace: Option<std::path::PathBuf>,
}

impl WorkspaceArg {
    /// This verb's `--workspace`, else the one given before the verb.
    pub fn or(&self, before: Option<&Path>) -> Option<std::path::PathBuf> {
        self.workspace.clone().or(before.map(Path::to_path_buf))
    }
}

/// The workspace `--workspace` names (a comp.toml or its folder), or the nearest comp.toml from
/// the current folder upward.
pub fn workspace(given: Option<&Path>) -> Result<Workspace> {
    let path = match given {
        Some(p) => p.to_path_buf(),
        None => {
            let cwd = std::env::current_dir().context("cannot read the current folder")?;
            comp_read::workspace_file::discover(&cwd).ok_or_else(|| {
                Invalid(vec![Diagnostic::new(
                    "no comp.toml in this folder or any parent",
                )
                .hint(
                    "run comp inside a workspace, or pass --workspace PATH/comp.toml",
                )])
            })?
        }
    };
    let path = if path.is_dir() {
        path.join("comp.toml")
    } else {
        path
    };
    Ok(comp_read::workspace_file::load(&path)?)
}

/// A period as the user writes it, in the workspace's fiscal year.
pub fn period(ws: &Workspace, text: &str) -> Result<Period, Invalid> {
    Period::parse(text, ws.fiscal).ok_or_else(|| Invalid(vec![not_a_period(ws, text.trim())]))
}

/// Why a period name does not read: a biweekly name says what the workspace's biweekly periods are.
fn not_a_period(ws: &Workspace, text: &str) -> Diagnostic {
    let biweekly = text.len() == 8
        && text.is_char_boundary(4)
        && text[4..6].eq_ignore_ascii_case("-b")
        && text
            .bytes()
            .enumerate()
            .all(|(i, b)| (4..6).contains(&i) || b.is_ascii_digit());
    if biweekly && ws.fiscal.biweekly_anchor.is_none() {
        return Diagnostic::new(format!(
            "`{text}` names a biweekly period, and comp.toml has no biweekly_anchor"
        ))
        .hint("add biweekly_anchor = \"YYYY-MM-DD\" to comp.toml: the first day of any one pay period");
    }
    let year = Period::parse(&text[..text.len().min(4)], ws.fiscal);
    if let Some(year) = year.filter(|_| biweekly) {
        let all = year.split(Frequency::Biweekly, ws.fiscal);
        if let (Some(first), Some(last)) = (all.first(), all.last()) {
            return Diagnostic::new(format!("`{text}` is not a biweekly period of {year}"))
                .hint(format!(
                    "{year} has {} biweekly periods, {first} ({} to {}) to {last} ({} to {}): a pay period belongs to the year its last day is in",
                    all.len(),
                    first.start,
                    first.end(),
                    last.start,
                    last.end()
                ));
        }
    }
    Diagnostic::new(format!("`{text}` is not a period")).hint(comp_core::period::WRITTEN_AS)
}

/// Plans asked for by id must be in force.
pub fn plans_in_force(ws: &Workspace, plans: &[String]) -> Result<(), Invalid> {
    for p in plans {
        if ws.plan(p).is_none() {
            let ids: Vec<&str> = ws.plans.iter().map(|p| p.id.as_str()).collect();
            return Err(Invalid(vec![Diagnostic::new(format!(
                "plan `{p}` is not in force in this workspace"
            ))
            .hint(format!("plans in force: {}", ids.join(", ")))]));
        }
    }
    Ok(())
}

/// Payees asked for by id must be on the roster.
pub fn payees_on_roster(ws: &Workspace, data: &Dataset, payees: &[String]) -> Result<(), Invalid> {
    for p in payees {
        if data.roster.get(p).is_none() {
            let ids = data.roster.payees.iter().map(|p| p.id.as_str());
            let hint = match crate::toml_input::closest(p, ids) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("the roster is {}", ws.roster().file.display()),
            };
            return Err(Invalid(vec![Diagnostic::new(format!(
                "payee `{p}` is not on the roster"
            ))
            .hint(hint)]));
        }
    }
    Ok(())
}

/// Every file the workspace reads or writes: comp.toml, its plans, its sources, its expectations,
/// the ledger and the ledger's lock (an output written over any of them is refused).
pub fn workspace_files(ws: &Workspace) -> Vec<std::path::PathBuf> {
    let mut files = vec![ws.path.clone(), ws.ledger.clone()];
    let mut lock = ws.ledger.as_os_str().to_owned();
    lock.push(".lock");
    files.push(lock.into());
    files.extend(ws.plans.iter().map(|p| p.file.clone()));
    files.extend(ws.sources.iter().map(|s| s.file.clone()));
    files.extend(comp_read::expect_files::files(ws));
    files
}

/// Refuses each output path (`-o`, `--chart`) that is a file of the workspace or one of `more`
/// (a scenario, the plans compared with), before anything is computed.
pub fn outputs_clear(
    ws: &Workspace,
    outputs: &[Option<&Path>],
    more: &[&Path],
) -> Result<(), Invalid> {
    let mut files = workspace_files(ws);
    for m in more {
        files.push(m.to_path_buf());
        // a folder of plans: each of its files
        if let Ok(entries) = std::fs::read_dir(m) {
            files.extend(entries.filter_map(|e| e.ok().map(|e| e.path())));
        }
    }
    for out in outputs {
        crate::output::refuse_inputs(*out, &files)?;
    }
    Ok(())
}

/// The locale of the outputs meant for reps: `--locale` if given, else comp.toml's `locale`, else
/// en-US.
pub fn locale(ws: &Workspace, given: Option<&str>) -> Result<crate::locale::Locale, Invalid> {
    match given {
        None => Ok(ws.locale),
        Some(tag) => crate::locale::Locale::parse(tag).ok_or_else(|| {
            let tags: Vec<&str> = crate::plan::words::LOCALE.iter().map(|(t, _)| *t).collect();
            Invalid(vec![Diagnostic::new(format!(
                "--locale `{tag}` is not a locale comp has"
            ))
            .hint(format!("comp writes: {}", tags.join(", ")))])
        }),
    }
}

/// The style of CSV outputs: `--csv-delimiter` and `--decimal-comma` over comp.toml's `[output]`;
/// a decimal comma beside a `,` delimiter is refused (`1,5,EUR` would read as three cells).
pub fn csv_style(
    ws: &Workspace,
    out: &crate::output::OutputArgs,
) -> Result<comp_core::csv_style::CsvStyle, Invalid> {
    let mut style = ws.csv;
    if let Some(d) = &out.csv_delimiter {
        style.delimiter = comp_core::csv_style::parse_delimiter(d).map_err(|_| {
            Invalid(vec![Diagnostic::new(format!(
                "--csv-delimiter `{d}` cannot separate CSV fields"
            ))
            .hint("write one character such as ';' or '|', or tab")])
        })?;
    }
    style.decimal_comma |= out.decimal_comma;
    if style.clashes() {
        return Err(Invalid(vec![Diagnostic::new(
            "--decimal-comma needs a CSV delimiter other than `,`: 1,5 would read as two cells",
        )
        .hint(
            "add --csv-delimiter ';' (or csv_delimiter = \";\" in comp.toml's [output] table)",
        )]));
    }
    Ok(style)
}

/// `-q/--quiet`: warnings are not printed (errors still are, and the exit code says them).
static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, std::sync::atomic::Ordering::Relaxed);
}

pub fn quiet() -> bool {
    QUIET.load(std::sync::atomic::Ordering::Relaxed)
}

/// A warning on standard error, unless `--quiet`.
pub fn warn(text: impl std::fmt::Display) {
    if !quiet() {
        eprintln!("{} {text}", crate::terminal::warning_prefix());
    }
}
