//! Regenerates the data of the bundled example company, Acme Hygiène (`examples/acme/data`), and
//! prints each payee's attainment and what each file holds.
//!
//!     cargo run --example gen_acme             # from the repository root
//!     cargo run --example gen_acme -- OUT_DIR  # elsewhere, to compare
//!
//! The generator is `comp::demo::acme`, built from the same blocks as `comp demo`. Its output is
//! committed: a run must leave `git status` clean unless the generator was changed on purpose.

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let out_dir = std::env::args().nth(1).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/acme/data"),
        PathBuf::from,
    );
    comp::demo::acme::write_data(&out_dir, &mut std::io::stdout().lock())
}
