//! Replacing a file all or nothing, as comp writes the ledger and `-o` outputs: the new bytes go to a
//! temporary file beside the file, flushed to disk, then renamed over it. A reader never sees half a
//! file, and a failure at any step leaves the old file as it was.
//!
//! The rules a user expects of a file they point comp at:
//! - a link is written through: the file it leads to gets the bytes (the shared ledger behind
//!   `ledger.csv -> /srv/finance/ledger.csv`), the link stays a link;
//! - a read-only file is not replaced (renaming over it would succeed, as the folder is writable);
//! - a new file gets the mode the umask gives (0644 under umask 022), an existing file keeps its own;
//! - a device or a pipe (`-o /dev/null`, a fifo) is written to, not replaced.
//!
//! Temporary files are named `.<file name>.comp-tmp-XXXXXX`, so one left by a crash is recognisably
//! comp's, and the next close removes those of the ledger ([`remove_stale_temps`]).

use anyhow::{Context, Result};
use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// What a temporary file's name holds after the target's name.
const TEMP_MARK: &str = ".comp-tmp-";
/// The random letters after the mark.
const TEMP_RANDOM: usize = 6;

/// The file a write to `path` lands in: `path` itself, or the file its links lead to (which need not
/// exist yet: a link to a ledger no close has written is followed to where the ledger will be).
pub fn target(path: &Path) -> io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    // as many links as the operating system follows (Linux: 40)
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = std::fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            Ok(_) => return Ok(p),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(p),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other(format!(
        "{}: too many levels of links",
        path.display()
    )))
}

/// Writes `bytes` as the whole content of `path` (through its links), all or nothing.
/// `before_rename` is the last step before the rename (tests use it to simulate a crash there).
pub fn write(
    path: &Path,
    bytes: &[u8],
    before_rename: impl FnOnce() -> io::Result<()>,
) -> Result<()> {
    let target = target(path).with_context(|| format!("cannot write {}", path.display()))?;
    let existing = match std::fs::metadata(&target) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| format!("cannot write {}", path.display())),
    };
    if let Some(m) = existing.as_ref().filter(|m| !m.is_file()) {
        if m.is_dir() {
            anyhow::bail!("cannot write {}: it is a folder", path.display());
        }
        // a device or a pipe (/dev/null, a fifo): renaming over it would replace it
        let mut f = OpenOptions::new()
            .write(true)
            .open(&target)
            .with_context(|| format!("cannot write {}", path.display()))?;
        f.write_all(bytes)?;
        return Ok(());
    }
    if let Some(m) = &existing {
        refuse_read_only(path, &target, m)?;
    }
    let dir = folder_of(&target);
    let prefix = temp_prefix(&target).unwrap_or_else(|| format!(".comp{TEMP_MARK}"));
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).rand_bytes(TEMP_RANDOM);
    // a new file gets the mode the umask gives, as any program creating a file does (tempfile's
    // own default is 0600); an existing file's mode is set exactly once the bytes are written
    #[cfg(unix)]
    if existing.is_none() {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    // the temporary file is comp's business: an error names the file asked for and its folder,
    // never the temporary name
    let mut tmp = builder.tempfile_in(dir).map_err(|e| {
        let why = match e.kind() {
            io::ErrorKind::NotFound => format!("the folder {} does not exist", dir.display()),
            io::ErrorKind::PermissionDenied => {
                format!("the folder {} is not writable", dir.display())
            }
            kind => format!("{} ({})", io::Error::from(kind), dir.display()),
        };
        anyhow::anyhow!("cannot write {}: {why}", path.display())
    })?;
    tmp.write_all(bytes)?;
    if let Some(m) = &existing {
        // exactly the old file's mode (not subject to the umask, as a mode given at creation is)
        tmp.as_file().set_permissions(m.permissions())?;
    }
    tmp.as_file().sync_all()?;
    before_rename().with_context(|| format!("{} was not changed", path.display()))?;
    tmp.persist(&target)
        .with_context(|| format!("cannot replace {}", path.display()))?;
    // make the rename itself durable
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Removes the temporary files comp left beside `target` when it was killed while writing it.
/// Only for a file whose writers hold a lock that the caller holds (the ledger's): another comp
/// could be writing its temporary file otherwise. Returns how many were removed.
pub fn remove_stale_temps(target: &Path) -> usize {
    let Some(prefix) = temp_prefix(target) else {
        return 0;
    };
    let Ok(entries) = std::fs::read_dir(folder_of(target)) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let is_ours = name
            .strip_prefix(&prefix)
            .is_some_and(|rest| rest.len() == TEMP_RANDOM);
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_ours && is_file && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// `.<file name>.comp-tmp-`: the start of the names of `target`'s temporary files.
fn temp_prefix(target: &Path) -> Option<String> {
    let name = target.file_name()?.to_str()?;
    Some(format!(".{name}{TEMP_MARK}"))
}

/// The folder a file is in (`.` for a bare file name).
fn folder_of(target: &Path) -> &Path {
    match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// A file comp may not write is left alone: renaming over it would replace it all the same.
fn refuse_read_only(path: &Path, target: &Path, m: &Metadata) -> Result<()> {
    // the mode first: root may open any file for writing, and a read-only ledger must stay so
    let read_only = m.permissions().readonly()
        || matches!(
            OpenOptions::new().write(true).open(target),
            Err(e) if e.kind() == io::ErrorKind::PermissionDenied
        );
    if !read_only {
        return Ok(());
    }
    let shown = if target == path {
        path.display().to_string()
    } else {
        format!("{} (a link to {})", path.display(), target.display())
    };
    anyhow::bail!(
        "{shown} is read-only: comp does not replace a file it may not write; make it writable (chmod u+w) to write it"
    )
}
