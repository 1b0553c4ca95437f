//! The `callsim` command line: parse arguments, call the library, print, and
//! map the outcome to an exit code. No simulation logic lives here.

mod args;
mod erlang;
mod error;
mod experiment;
mod run;
mod staff;
mod trace;
mod validate;

use clap::Parser;
use std::process::ExitCode;

use args::{Cli, Command};
use error::{CliError, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE};

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
    quiet_on_closed_stdout();
    let outcome = std::panic::catch_unwind(|| dispatch(cli));
    match outcome {
        Ok(Ok(code)) => ExitCode::from(code),
        Ok(Err(e)) => {
            eprintln!("{e}");
            ExitCode::from(e.exit_code())
        }
        Err(payload) if is_closed_stdout(payload.as_ref()) => ExitCode::from(EXIT_OK),
        Err(_) => {
            eprintln!(
                "error: internal error: callsim stopped unexpectedly (the message above says where).\n\
                 This is a bug in callsim, not in your input; please report it with the command you ran."
            );
            ExitCode::from(EXIT_INTERNAL)
        }
    }
}

/// Makes a closed standard output (`callsim run | head`, `| true`) stop the
/// command quietly, as grep and ripgrep do, instead of reporting a bug.
///
/// Rust ignores SIGPIPE, so `println!` to a closed pipe panics with "failed
/// printing to stdout: Broken pipe". Every verb prints with `println!`, so
/// the panic is the one place that sees them all: this hook keeps its
/// message off stderr, and [`main`] exits 0 when it unwinds (the reader
/// wanted no more; files are written before anything is printed).
fn quiet_on_closed_stdout() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !is_closed_stdout(info.payload()) {
            default(info);
        }
    }));
}

/// Whether a panic is `println!` failing on a closed pipe (EPIPE).
fn is_closed_stdout(payload: &(dyn std::any::Any + Send)) -> bool {
    let message = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or_default();
    message.starts_with("failed printing to stdout")
        && (message.contains("Broken pipe") || message.contains("os error 32"))
}

/// Writes `text` to standard output; a closed pipe is not an error (the
/// reader has seen all it wanted), so the command goes on to its exit code.
pub(crate) fn print_out(text: &str) -> Result<(), CliError> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(CliError::Write {
            path: "standard output".into(),
            source: e,
        }),
        _ => Ok(()),
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
        Command::Trace(args) => trace::trace(&args),
    }
}
