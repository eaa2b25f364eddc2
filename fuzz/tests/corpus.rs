//! Every committed input in fuzz/corpus/TARGET runs through its target without a panic: the
//! seeds, and the inputs a fuzzing run found to crash or hang a target (each kept beside the
//! regression test that names its bug). Run by `cargo test -p comp-fuzz`, without AFL.

use comp_fuzz::fixture;
use comp_fuzz::targets::{Harness, TARGETS};

#[test]
fn every_committed_input_runs_through_its_target() {
    let corpus = fixture::repo().join("fuzz/corpus");
    let mut ran = 0;
    for (name, target) in TARGETS {
        let Ok(entries) = std::fs::read_dir(corpus.join(name)) else {
            continue;
        };
        // a fixture of its own: the CSV targets write over its files
        let dir = tempfile::tempdir().expect("a temporary folder");
        fixture::build(dir.path()).expect("the fixture is written");
        let harness = Harness::new(dir.path());
        let mut files: Vec<_> = entries.map(|e| e.expect("a corpus entry").path()).collect();
        files.sort();
        for file in files {
            let input = std::fs::read(&file).expect("a corpus file");
            eprintln!("{name}: {}", file.display());
            harness.run(*target, &input);
            ran += 1;
        }
    }
    assert!(ran > 0, "fuzz/corpus holds no input");
}
