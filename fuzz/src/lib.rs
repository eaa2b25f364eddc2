//! Coverage-guided fuzz targets for comp, on the stable toolchain with cargo-afl (AFL++).
//!
//! One binary, `comp-fuzz TARGET`, holds every target (see [`targets::TARGETS`]); each writes the
//! fuzzer's bytes as one kind of input file into a small workspace ([`fixture`]) and runs the code comp
//! runs on it. Built with the `afl` feature (`cargo afl build -p comp-fuzz --features afl`) it is
//! AFL++'s persistent-mode harness; without it, it replays files, which is how a crash is reproduced
//! in a debugger or a test. scripts/fuzz.sh builds, seeds and runs it.

pub mod fixture;
pub mod targets;
