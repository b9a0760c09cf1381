//! `jixiao`: command-line entry. Parses arguments and maps results to exit
//! codes; the work is done by the library through `cli`.

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(cli::Outcome::Clean) => ExitCode::SUCCESS,
        Ok(cli::Outcome::Failed) => ExitCode::from(1),
        Err(e) => {
            cli::say_error(&e);
            ExitCode::from(e.exit_code())
        }
    }
}
