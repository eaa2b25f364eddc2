//! `comp-fuzz TARGET [FILE...]`: one fuzz target (`comp-fuzz fixture DIR` writes the workspace the
//! targets run in, for seeds). Under AFL++ (built with the `afl` feature), the
//! input comes from the fuzzer; otherwise each FILE is run once (stdin when there is none), and a
//! panic shows as it would in comp. COMP_FUZZ_ERRORS=1 prints the errors an input meets.

use comp_fuzz::fixture;
use comp_fuzz::targets::{Harness, Target, TARGETS};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `comp-fuzz fixture DIR`: writes the fixture, for scripts/fuzz.sh to take seeds from
    if let [verb, dir] = args.as_slice() {
        if verb == "fixture" {
            fixture::build(std::path::Path::new(dir)).expect("the fuzz fixture is written");
            return ExitCode::SUCCESS;
        }
    }
    let Some(target) = args.first().and_then(|name| Target::named(name)) else {
        let names: Vec<&str> = TARGETS.iter().map(|(n, _)| *n).collect();
        eprintln!(
            "usage: comp-fuzz TARGET [FILE...] | comp-fuzz fixture DIR\ntargets: {}",
            names.join(" ")
        );
        return ExitCode::from(2);
    };
    // the fixture folder lives as long as the process: a fuzzing run ends by a signal, so it is
    // made under TMPDIR, which scripts/fuzz.sh points into its own output folder
    let dir = tempfile::Builder::new()
        .prefix("comp-fuzz-")
        .tempdir()
        .expect("a temporary folder");
    fixture::build(dir.path()).expect("the fuzz fixture is written");
    let harness = Harness::new(dir.path());
    run(&harness, target, &args[1..])
}

#[cfg(feature = "afl")]
fn run(harness: &Harness, target: Target, _files: &[String]) -> ExitCode {
    afl::fuzz(true, |input| harness.run(target, input));
    ExitCode::SUCCESS
}

#[cfg(not(feature = "afl"))]
fn run(harness: &Harness, target: Target, files: &[String]) -> ExitCode {
    use std::io::Read;
    comp_fuzz::targets::print_errors(std::env::var_os("COMP_FUZZ_ERRORS").is_some());
    if files.is_empty() {
        let mut input = Vec::new();
        std::io::stdin()
            .read_to_end(&mut input)
            .expect("standard input");
        harness.run(target, &input);
    }
    for f in files {
        let input = std::fs::read(f).unwrap_or_else(|e| panic!("cannot read {f}: {e}"));
        harness.run(target, &input);
        println!("{f}: ok");
    }
    ExitCode::SUCCESS
}
