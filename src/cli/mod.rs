//! The command line: clap definitions, finding zone files, running the reader and printing.
//! The only module that knows about the terminal, stdout and exit codes.

mod apply;
mod args;
mod base;
mod baseline;
mod check;
pub mod config;
mod diff;
mod discover;
mod generate;
mod git;
mod load;
mod output;
mod progress;
mod read;
pub mod selection;
mod threads;

pub use args::*;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use crate::diag::Severity;
use crate::report::rule_docs;
use crate::rules::{self, UnknownRule};
use crate::zone::Reader;

pub use check::summary;
pub use discover::DiscoveryOptions;

pub(crate) const EXIT_CLEAN: u8 = 0;
pub(crate) const EXIT_FINDINGS: u8 = 1;
pub(crate) const EXIT_ERROR: u8 = 2;

/// First arguments that are not a path for the default `check`: every command's name and the
/// top-level flags. A test keeps it equal to the clap definition (a constant, so that a small run
/// does not build clap's command tree twice).
const NOT_CHECK: &[&str] = &[
    "check",
    "dump",
    "rule",
    "rules",
    "diff",
    "completions",
    "man",
    "help",
    "-h",
    "--help",
    "-V",
    "--version",
];

/// Entry point of the binary.
#[must_use]
pub fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        let _ = writeln!(
            std::io::stderr(),
            "zonelint {}: internal error (this is a bug, please report it): {info}",
            env!("CARGO_PKG_VERSION")
        );
    }));
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // `check` is the default command: `zonelint FILE` means `zonelint check FILE`.
    if let Some(first) = args.get(1).and_then(|a| a.to_str())
        && !NOT_CHECK.contains(&first)
    {
        args.insert(1, "check".into());
    }
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            });
        }
    };
    match std::panic::catch_unwind(|| run(cli)) {
        Ok(code) => ExitCode::from(code),
        Err(_) => ExitCode::from(EXIT_ERROR),
    }
}

fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Check(args) => check::check(&args),
        Command::Dump(args) => dump(&args),
        Command::Rule(args) => rule(&args),
        Command::Rules(args) => rules(&args),
        Command::Diff(args) => diff::diff(&args),
        Command::Completions(args) => generate::completions(&args),
        Command::Man => generate::man(),
    }
}

pub(crate) fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
                false
            } else if std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0")
            {
                true
            } else {
                std::io::stdout().is_terminal()
            }
        }
    }
}

fn dump(args: &DumpArgs) -> u8 {
    let mut reader = Reader::new(args.reader.options());
    if let Err(e) = reader.read_path(&args.file) {
        let _ = writeln!(std::io::stderr(), "zonelint: {e}");
        return EXIT_ERROR;
    }
    let set = reader.finish();
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let _ = stdout.write_all(crate::dump::dump(&set).as_bytes());
    let _ = stdout.flush();
    let mut stderr = std::io::stderr().lock();
    let _ = check::write_diagnostics(
        &set.sources,
        &set.diagnostics,
        Format::Concise,
        false,
        &mut stderr,
    );
    if set
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error)
    {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn rule(args: &RuleArgs) -> u8 {
    if let Some(rule) = rules::find(&args.id) {
        let _ = write!(std::io::stdout(), "{}", rule_docs::rule_page(rule.meta()));
        EXIT_CLEAN
    } else {
        let _ = writeln!(
            std::io::stderr(),
            "zonelint: {}",
            UnknownRule(args.id.clone())
        );
        EXIT_ERROR
    }
}

fn rules(args: &RulesArgs) -> u8 {
    let text = if args.markdown {
        rule_docs::catalogue_markdown()
    } else {
        rule_docs::rule_list()
    };
    let _ = write!(std::io::stdout(), "{text}");
    EXIT_CLEAN
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::{Cli, NOT_CHECK};

    #[test]
    fn default_command_knows_every_command() {
        let command = Cli::command();
        let mut names: Vec<&str> = command
            .get_subcommands()
            .map(clap::Command::get_name)
            .collect();
        names.extend(["help", "-h", "--help", "-V", "--version"]);
        names.sort_unstable();
        let mut known = NOT_CHECK.to_vec();
        known.sort_unstable();
        assert_eq!(names, known, "update NOT_CHECK in src/cli/mod.rs");
    }
}
