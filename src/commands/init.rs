//! `comp init [DIR]`: a small workspace to start from (comp.toml, one plan, sample CSV files and one
//! expectation file) on which `comp check` passes at once.

use crate::diag::{Diagnostic, Invalid};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  comp init my-company && cd my-company && comp check")]
pub struct InitArgs {
    /// The folder to create the workspace in (created if needed; default: the current folder).
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}

/// The files written, relative to DIR. Kept in templates/init so they can be read and run as is.
pub const FILES: [(&str, &str); 6] = [
    ("comp.toml", include_str!("../../templates/init/comp.toml")),
    (
        "plans/ae.toml",
        include_str!("../../templates/init/plans/ae.toml"),
    ),
    (
        "data/deals.csv",
        include_str!("../../templates/init/data/deals.csv"),
    ),
    (
        "data/roster.csv",
        include_str!("../../templates/init/data/roster.csv"),
    ),
    (
        "data/quotas.csv",
        include_str!("../../templates/init/data/quotas.csv"),
    ),
    (
        "expect/2024-q1.toml",
        include_str!("../../templates/init/expect/2024-q1.toml"),
    ),
];

pub fn run(args: InitArgs) -> Result<()> {
    let names: Vec<&str> = FILES.iter().map(|(p, _)| *p).collect();
    let existing = crate::output::already_there(&args.dir, &names);
    if !existing.is_empty() {
        return Err(Invalid(vec![Diagnostic::new(format!(
            "{} already holds {}",
            shown(&args.dir),
            existing.join(", ")
        ))
        .hint(
            "comp init never overwrites a file: choose another folder, or move these away",
        )])
        .into());
    }
    for (p, text) in FILES {
        let path = args.dir.join(p);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        // a file that appeared since, or a link, is never written through
        crate::output::create_new(&path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    let ws = args.dir.join("comp.toml");
    eprintln!(
        "created a workspace in {}: {}\nnext: comp --workspace {} check",
        shown(&args.dir),
        FILES.map(|(p, _)| p).join(", "),
        ws.display()
    );
    Ok(())
}

fn shown(dir: &Path) -> String {
    if dir == Path::new(".") {
        "the current folder".to_string()
    } else {
        dir.display().to_string()
    }
}
