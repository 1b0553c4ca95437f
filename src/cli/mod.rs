//! The `callsim` command line: parse arguments, call the library, print, and
//! map the outcome to an exit code. No simulation logic lives here.

mod args;
mod erlang;
mod error;
mod experiment;
mod run;
mod staff;
mod validate;

use clap::Parser;
use std::process::ExitCode;

pub use args::{Cli, Command};
pub use error::{CliError, EXIT_CHECK_FAILED, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE};

/// Runs the command line and returns the process exit code: 0 success, 1 a
/// requested check failed, 2 bad input, 3 internal error.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help and version to stdout (exit 0) and usage
            // errors to stderr (exit 2).
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_USAGE } else { EXIT_OK });
        }
    };
    let outcome = std::panic::catch_unwind(|| dispatch(cli));
    match outcome {
        Ok(Ok(code)) => ExitCode::from(code),
        Ok(Err(e)) => {
            eprintln!("{e}");
            ExitCode::from(e.exit_code())
        }
        Err(_) => {
            eprintln!(
                "error: internal error: callsim stopped unexpectedly (the message above says where).\n\
                 This is a bug in callsim, not in your input; please report it with the command you ran."
            );
            ExitCode::from(EXIT_INTERNAL)
        }
    }
}

fn dispatch(cli: Cli) -> Result<u8, CliError> {
    match cli.command {
        Command::Run(args) => run::run(&args),
        Command::Validate(args) => validate::validate(&args),
        Command::Sweep(args) => experiment::sweep(&args),
        Command::Merge(args) => experiment::merge(&args),
        Command::Compare(args) => experiment::compare(&args),
        Command::Erlang(args) => erlang::erlang(&args),
        Command::Staff(args) => staff::staff(&args),
    }
}
