//! `zonelint completions SHELL` and `zonelint man`: both generated from the clap definition, so
//! they never drift from the options the binary accepts.

use std::io::Write;

use clap::CommandFactory;

use super::args::{Cli, CompletionsArgs};
use super::{EXIT_CLEAN, EXIT_ERROR};

pub(super) fn completions(args: &CompletionsArgs) -> u8 {
    let mut command = Cli::command();
    let mut stdout = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut command, "zonelint", &mut stdout);
    if stdout.flush().is_err() {
        return EXIT_ERROR;
    }
    EXIT_CLEAN
}

/// One roff page: zonelint's own page, with each subcommand's options as a section of it (one
/// page to install, and `man zonelint` then shows everything).
pub(super) fn man() -> u8 {
    let command = Cli::command();
    let mut page = Vec::new();
    if render_man(&command, &mut page).is_err() {
        return EXIT_ERROR;
    }
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(&page)
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return EXIT_ERROR;
    }
    EXIT_CLEAN
}

fn render_man(command: &clap::Command, out: &mut Vec<u8>) -> std::io::Result<()> {
    let man = clap_mangen::Man::new(command.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    man.render_subcommands_section(out)?;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("zonelint {}", sub.get_name());
        writeln!(out, ".SH \"{}\"", name.to_uppercase())?;
        // The subcommand's synopsis, options and examples, under its own heading.
        let sub_man = clap_mangen::Man::new(sub.clone().display_name(name.clone()).bin_name(name));
        let mut section = Vec::new();
        sub_man.render_description_section(&mut section)?;
        sub_man.render_synopsis_section(&mut section)?;
        sub_man.render_options_section(&mut section)?;
        sub_man.render_extra_section(&mut section)?;
        out.extend(retitle(&section, ".SS "));
    }
    let mut extra = Vec::new();
    man.render_extra_section(&mut extra)?;
    out.extend(retitle(&extra, ".SH "));
    man.render_version_section(out)?;
    Ok(())
}

/// Section headings become `heading` (`.SS` nests a subcommand's sections under its own), and
/// clap_mangen's "EXTRA" (the `after_help` text) is called what it holds: examples.
fn retitle(roff: &[u8], heading: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(roff);
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix(".SH ") {
            out.push_str(heading);
            out.push_str(if rest == "EXTRA" { "EXAMPLES" } else { rest });
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out.into_bytes()
}
