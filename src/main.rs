use clap::Parser;
use comp::diag::Invalid;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = comp::cli::Cli::parse();
    comp::progress::install();
    match comp::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => match e.downcast_ref::<Invalid>() {
            // bad input: every problem, with where it is
            Some(invalid) => {
                eprint!("{}", comp::terminal::paint_errors(&invalid.to_string()));
                ExitCode::from(2)
            }
            None => {
                eprintln!("{}", comp::terminal::paint_errors(&format!("error: {e:#}")));
                ExitCode::from(1)
            }
        },
    }
}
