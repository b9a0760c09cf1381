//! `jixiao`: command-line entry. Parses arguments and maps results to exit
//! codes; the work is done by the library through `cli`.

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // A bug must still end as a failed run (exit 1) with a message, never
    // as exit 101 with a Rust backtrace the user cannot act on.
    std::panic::set_hook(Box::new(|info| {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "jixiao: 内部错误（internal error），请把这条消息和输入文件报告给维护者：{info}"
        );
        std::process::exit(1);
    }));
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
