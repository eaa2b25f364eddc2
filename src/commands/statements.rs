//! `comp statements --period P --out DIR`: a statement for each payee and plan period, written as
//! one file each into DIR with an index, for RevOps to send to reps at month close.
//!
//! The files are named from the payee id and the plan period, made safe (`[A-Za-z0-9._-]`, no
//! leading dot), so a name from the roster never leads out of DIR; a file in DIR that is a link
//! leading elsewhere, or that is one of the workspace's inputs, is refused rather than written.

use super::calc::{calculate, Calculated};
use crate::curve_view::{self, View};
use crate::diag::{Diagnostic, Invalid};
use crate::engine::Request;
use crate::render::words::Words;
use crate::report::{CalcReport, LineKind, Statement};
use crate::workspace::Workspace;
use crate::{render, session};
use anyhow::{Context, Result};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatementFormat {
    /// A self-contained HTML page per statement, printable on A4 (`pdf-ready` is the same page:
    /// print it to PDF from a browser), and index.html.
    #[value(alias = "pdf-ready")]
    Html,
    /// The sentences of `comp explain`, one text file per statement, and index.txt.
    Txt,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  comp statements --period 2024-Q1 --out statements/
  comp statements --period 2024-Q1 --out /tmp/s --payee sophie.laurent --format txt"
)]
pub struct StatementsArgs {
    /// The period: 2024-03 (month), 2024-Q1, 2024-H1, 2024 (fiscal year), or a pay
    /// period: 2024-03a / 2024-03b (semi-month), 2024-B05 (biweekly).
    #[arg(long, value_name = "P")]
    pub period: String,
    /// The folder to write the statements into (created if missing).
    #[arg(long = "out", value_name = "DIR")]
    pub out: PathBuf,
    /// Only this payee (repeatable).
    #[arg(long, value_name = "ID")]
    pub payee: Vec<String>,
    /// The language and number style: en-US, en-GB or fr-FR (default: comp.toml's `locale`, else
    /// en-US).
    #[arg(long, value_name = "TAG")]
    pub locale: Option<String>,
    /// html (with print CSS: `pdf-ready` is an alias) or txt.
    #[arg(long, value_enum, default_value_t = StatementFormat::Html)]
    pub format: StatementFormat,
    #[command(flatten)]
    pub ws: crate::session::WorkspaceArg,
}

pub fn run(workspace: Option<&Path>, args: StatementsArgs) -> Result<()> {
    not_a_file(&args.out)?;
    let ws = session::workspace(workspace)?;
    let period = session::period(&ws, &args.period)?;
    let w = render::words::catalogue(session::locale(&ws, args.locale.as_deref())?);
    let ledger = comp_read::ledger::load(&ws)?;
    let req = Request {
        period,
        payees: args.payee.clone(),
        plans: Vec::new(),
        // the credited records go on the statement
        detail: true,
    };
    let inputs = inputs(&ws);
    let Calculated { ws, report, .. } = calculate(ws, &ledger, &req)?;
    let dir = folder(&args.out)?;
    let ext = match args.format {
        StatementFormat::Html => "html",
        StatementFormat::Txt => "txt",
    };
    let names = file_names(&report.statements, ext);
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for (s, name) in report.statements.iter().zip(&names) {
        let bytes = match args.format {
            StatementFormat::Html => {
                let mut page = String::new();
                render::html::statement(s, &report, &curves(&ws, s), w, &mut page);
                page.into_bytes()
            }
            StatementFormat::Txt => {
                let mut text = Vec::new();
                render::sentences::statement(
                    s,
                    &report,
                    w,
                    render::sentences::TEXT_WIDTH,
                    &mut text,
                )?;
                text
            }
        };
        files.push((dir.join(name), bytes));
    }
    files.push((
        dir.join(format!("index.{ext}")),
        index(&report, &names, args.format, w)?,
    ));
    for (path, _) in &files {
        writable(path, &dir, &inputs)?;
    }
    for (path, bytes) in &files {
        comp_read::atomic_file::write(path, bytes, || Ok(()))?;
    }
    if !session::quiet() {
        println!(
            "{} statement(s) for {} written to {} (index.{ext})",
            report.statements.len(),
            report.period,
            args.out.display()
        );
    }
    Ok(())
}

fn index(
    report: &CalcReport,
    names: &[String],
    format: StatementFormat,
    w: &dyn Words,
) -> Result<Vec<u8>> {
    Ok(match format {
        StatementFormat::Html => {
            let listed: Vec<render::html::Listed> = report
                .statements
                .iter()
                .zip(names)
                .map(|(statement, file)| render::html::Listed {
                    statement,
                    file: file.clone(),
                })
                .collect();
            let mut page = String::new();
            render::html::index(&listed, report, w, &mut page);
            page.into_bytes()
        }
        StatementFormat::Txt => {
            let mut text = Vec::new();
            render::table::report(
                report,
                &render::table::Options {
                    lines: false,
                    reconcile: false,
                    // a file: the fixed layout, whatever the terminal
                    width: None,
                },
                &mut text,
            )?;
            text
        }
    })
}

/// The curve of each curve component of the statement's plan, for the payee's TI of the period.
fn curves(ws: &Workspace, s: &Statement) -> HashMap<String, View> {
    let Some(plan) = ws.plan(&s.plan) else {
        return HashMap::new();
    };
    s.lines
        .iter()
        .filter(|l| l.kind == LineKind::Curve)
        .filter_map(|l| {
            let c = plan.components.iter().find(|c| c.id == l.id.to_string())?;
            let view = curve_view::view(plan, c, Some(s.target_incentive), None, ws.money).ok()?;
            Some((c.id.clone(), view))
        })
        .collect()
}

/// Every file the workspace reads: none of them is ever overwritten by a statement.
fn inputs(ws: &Workspace) -> HashSet<PathBuf> {
    let mut files = vec![ws.path.clone(), ws.ledger.clone()];
    files.extend(ws.plans.iter().map(|p| p.file.clone()));
    files.extend(ws.sources.iter().map(|s| s.file.clone()));
    files
        .into_iter()
        .filter_map(|f| std::fs::canonicalize(f).ok())
        .collect()
}

/// `--out` names a folder (or nothing yet): said before any computing.
fn not_a_file(dir: &Path) -> Result<(), Invalid> {
    if dir.exists() && !dir.is_dir() {
        return Err(Invalid(vec![Diagnostic::new(format!(
            "--out {} is a file, not a folder",
            dir.display()
        ))
        .hint("name a folder: comp writes one file per statement into it")]));
    }
    Ok(())
}

/// The output folder, created if missing, as a whole path.
fn folder(dir: &Path) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    Ok(std::fs::canonicalize(dir)?)
}

/// A statement file may be written: it lands in `dir` (no link leading elsewhere) and is none of
/// the workspace's inputs.
fn writable(path: &Path, dir: &Path, inputs: &HashSet<PathBuf>) -> Result<()> {
    let target = comp_read::atomic_file::target(path)?;
    let parent = target.parent().and_then(|p| std::fs::canonicalize(p).ok());
    if parent.as_deref() != Some(dir) {
        return Err(Invalid(vec![Diagnostic::new(format!(
            "{} leads outside {} ({}); it is not written",
            path.display(),
            dir.display(),
            target.display()
        ))
        .hint("remove the link, or choose another --out folder")])
        .into());
    }
    let whole = std::fs::canonicalize(&target).unwrap_or(target);
    if inputs.contains(&whole) {
        return Err(Invalid(vec![Diagnostic::new(format!(
            "{} is a file the workspace reads; a statement never replaces it",
            whole.display()
        ))
        .hint("choose an --out folder of its own")])
        .into());
    }
    Ok(())
}

/// A name for each statement's file, `<payee>-<period>.<ext>`, made safe and unique.
fn file_names(statements: &[Statement], ext: &str) -> Vec<String> {
    let mut taken: HashSet<String> = HashSet::from([format!("index.{ext}")]);
    statements
        .iter()
        .map(|s| {
            let stem = format!("{}-{}", safe(&s.payee), safe(&s.period.to_string()));
            let mut name = format!("{stem}.{ext}");
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("{stem}-{n}.{ext}");
                n += 1;
            }
            name
        })
        .collect()
}

/// A file name part from any text: letters, digits, `.`, `_` and `-` kept, anything else (a
/// slash, a space, an accent) written `_`; never a leading dot, never empty, at most 80 characters.
fn safe(text: &str) -> String {
    let mut s: String = text
        .chars()
        .take(80)
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.starts_with('.') || s.is_empty() {
        s.insert(0, '_');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::safe;

    #[test]
    fn file_names_never_leave_the_folder() {
        assert_eq!(safe("sophie.laurent"), "sophie.laurent");
        assert_eq!(safe("../../etc/passwd"), "_.._.._etc_passwd");
        assert_eq!(safe(".hidden"), "_.hidden");
        assert_eq!(safe(""), "_");
        assert_eq!(safe("zoé <b>"), "zo___b_");
        assert_eq!(safe("C:\\x"), "C__x");
    }
}
