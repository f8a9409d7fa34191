//! The `nano-diplomacy` program: the desktop app by default, and subcommands for headless runs.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::main() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // `{:#}` prints the whole chain of context: what we were doing, then why it failed.
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
