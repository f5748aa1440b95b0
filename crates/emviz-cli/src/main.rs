//! # emviz (command line)
//!
//! Gaussian mixtures fitted by EM on text files of numbers, built on `emviz-core`.
//!
//! | subcommand | what it does | output |
//! |---|---|---|
//! | `fit` | EM with K components (k-means++, random or given start) | the model as JSON |
//! | `select` | fits K = 1..K_max and compares BIC / AIC | a table, or JSON |
//! | `sample` | draws points from a model JSON file | whitespace-separated rows |
//! | `kmeans` | Lloyd's k-means | centres, labels, inertia as JSON |
//! | `bench` | times EM iterations on generated 2-D data | a table, or JSON lines |
//!
//! Layout: [`args`] holds the clap types, [`input`] reads data files, standard input and number
//! lists, [`output`] writes JSON, tables and warnings, [`commands`] has one module per
//! subcommand, and [`error`] the one error type. For data larger than memory, [`lines`] reads
//! text a line at a time, [`cache`] keeps the parsed columns in a binary file on disk, and
//! [`streamed`] chooses between holding the data and streaming it from that cache. After a fit,
//! [`classify`] labels the points (`fit --points`) and sums the ICL.
//!
//! Every failure, including a usage error, prints exactly one line `error: <message>` on
//! standard error and exits with status 2; warnings are `warning: <message>` lines. A closed
//! standard output (`emviz sample m.json -n 1000000 | head`) ends the program quietly.

mod args;
mod cache;
mod classify;
mod commands;
mod error;
mod input;
mod lines;
mod output;
mod streamed;

use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};

use crate::args::Cli;
use crate::error::CliError;

/// Exit status of every failure.
const FAILURE: u8 = 2;

fn main() -> ExitCode {
    install_panic_hook();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    match commands::run(&cli.command) {
        Ok(()) | Err(CliError::BrokenPipe) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(FAILURE)
        }
    }
}

/// Help and version go to standard output as clap writes them; a usage error becomes one
/// `error:` line (clap's message and hints, and the help command to try).
fn usage_error(e: &clap::Error) -> ExitCode {
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        // Nothing sensible is left to do if this write fails.
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    eprintln!("error: {}", usage_message(e, &args));
    ExitCode::from(FAILURE)
}

/// The one-line message of a usage error, given the arguments (without the program name).
fn usage_message(e: &clap::Error, args: &[String]) -> String {
    let command = args
        .first()
        .filter(|a| Cli::command().find_subcommand(a.as_str()).is_some())
        .map_or_else(|| "emviz".to_owned(), |s| format!("emviz {s}"));
    let message = if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let names: Vec<String> = Cli::command()
            .get_subcommands()
            .map(|c| c.get_name().to_owned())
            .collect();
        format!("no subcommand given: use one of {}", names.join(", "))
    } else {
        one_line(&e.render().to_string())
    };
    format!("{message} (try '{command} --help')")
}

/// Folds clap's multi-line error message into one line, without the usage and the pointer to
/// `--help` (added back with the subcommand's name by the caller).
fn one_line(rendered: &str) -> String {
    let parts: Vec<&str> = rendered
        .lines()
        .map(str::trim)
        .filter(|l| {
            !l.is_empty() && !l.starts_with("Usage:") && !l.starts_with("For more information")
        })
        .map(|l| l.strip_prefix("error: ").unwrap_or(l))
        .collect();
    parts.join(" ")
}

/// A panic would be a bug; should one happen, report it as one `error:` line with status 2
/// rather than a backtrace hint.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".to_owned());
        let place = info
            .location()
            .map(|l| format!(" ({}:{})", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "error: internal error: {}{place}; this is a bug in emviz, please report it",
            message.replace('\n', " ")
        );
        std::process::exit(i32::from(FAILURE));
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_errors_fold_into_one_line() {
        let argv = ["fit", "x", "--k", "2", "--covariance", "nope"];
        let e = Cli::try_parse_from(std::iter::once("emviz").chain(argv)).unwrap_err();
        let args: Vec<String> = argv.iter().map(|s| s.to_string()).collect();
        let line = usage_message(&e, &args);
        assert!(!line.contains('\n'));
        assert!(line.contains("--covariance"), "{line}");
        assert!(line.contains("full"), "{line}");
        assert!(line.ends_with("(try 'emviz fit --help')"), "{line}");
    }

    #[test]
    fn a_missing_subcommand_lists_them() {
        let e = Cli::try_parse_from(["emviz"]).unwrap_err();
        let line = usage_message(&e, &[]);
        assert!(
            line.contains("fit, select, sample, kmeans, bench"),
            "{line}"
        );
        assert!(line.ends_with("(try 'emviz --help')"), "{line}");
    }
}
