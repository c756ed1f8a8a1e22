//! The command line: clap definitions, finding zone files, running the reader and printing.
//! The only module that knows about the terminal, stdout and exit codes.

mod discover;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diag::{Diagnostic, Severity};
use crate::graph::Graph;
use crate::report::human::{HumanRenderer, concise};
use crate::report::rule_docs;
use crate::rules::{self, Level, RuleConfig, UnknownRule};
use crate::zone::source::SourceMap;
use crate::zone::{IncludeLookup, ReadOptions, Reader};

/// An offline linter for DNS zone files.
#[derive(Debug, Parser)]
#[command(name = "zonelint", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read zone files (directories are walked) and report every problem.
    #[command(
        after_help = "Examples:\n  zonelint check examples/\n  zonelint check --origin example.com. db.example"
    )]
    Check(CheckArgs),
    /// Print the records of a zone file as a canonical master file.
    #[command(
        after_help = "Example:\n  zonelint dump --origin example.com. db.example > canonical.zone"
    )]
    Dump(DumpArgs),
    /// Print a rule's documentation: what it checks, why, an example and the fix.
    #[command(after_help = "Example:\n  zonelint rule mx-target-is-cname")]
    Rule(RuleArgs),
    /// List every rule with its group, default level and summary.
    #[command(
        after_help = "Examples:\n  zonelint rules\n  zonelint rules --markdown > docs/rules.md"
    )]
    Rules(RulesArgs),
}

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// The rule's id, e.g. `mx-target-is-cname`.
    pub id: String,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Print the whole catalogue as markdown (what docs/rules.md holds).
    #[arg(long)]
    pub markdown: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum LookupOrder {
    /// Beside the including file, then the working directory (Knot's order first).
    FileDir,
    /// The working directory, then beside the including file (BIND's and NSD's order first).
    Cwd,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// miette's report with the offending field underlined.
    Full,
    /// `path:line:col: severity: message [rule-id]`.
    Concise,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Options of the reader, shared by every command.
#[derive(Debug, Args)]
pub struct ReaderArgs {
    /// Origin for files that set none (default: inferred from the file name, e.g. db.example.com).
    #[arg(long, value_name = "NAME")]
    pub origin: Option<String>,
    /// Do not infer the origin from file names.
    #[arg(long)]
    pub no_infer_origin: bool,
    /// Where relative $INCLUDE paths are looked for first.
    #[arg(long, value_enum, default_value = "file-dir")]
    pub include_lookup: LookupOrder,
    /// Let $INCLUDE read files outside the directory of the zone given.
    #[arg(long)]
    pub include_anywhere: bool,
    /// Deepest $INCLUDE nesting allowed.
    #[arg(long, default_value_t = 16, value_name = "N")]
    pub max_include_depth: usize,
    /// Most records a single $GENERATE line may produce.
    #[arg(long, default_value_t = 65_536, value_name = "N")]
    pub max_generate: u64,
}

impl ReaderArgs {
    fn options(&self) -> ReadOptions {
        ReadOptions {
            origin: self.origin.clone(),
            infer_origin: !self.no_infer_origin,
            include_lookup: match self.include_lookup {
                LookupOrder::FileDir => IncludeLookup::FileDirFirst,
                LookupOrder::Cwd => IncludeLookup::CwdFirst,
            },
            include_anywhere: self.include_anywhere,
            max_include_depth: self.max_include_depth,
            max_generate: self.max_generate,
            ..ReadOptions::default()
        }
    }
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Zone files or directories.
    #[arg(required = true, value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub reader: ReaderArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "full")]
    pub output_format: Format,
    /// When to use colour.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// Run only these rules (comma-separated ids; reader findings included only when listed).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub select: Vec<String>,
    /// Turn these rules off (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub ignore: Vec<String>,
}

impl CheckArgs {
    fn rule_config(&self) -> Result<RuleConfig, UnknownRule> {
        let mut config = RuleConfig::default();
        if !self.select.is_empty() {
            let ids: Vec<&str> = self.select.iter().map(String::as_str).collect();
            config.only(&ids)?;
        }
        for id in &self.ignore {
            config.set(id, Level::Off)?;
        }
        Ok(config)
    }
}

#[derive(Debug, Args)]
pub struct DumpArgs {
    /// The zone file.
    pub file: PathBuf,
    #[command(flatten)]
    pub reader: ReaderArgs,
}

const EXIT_CLEAN: u8 = 0;
const EXIT_FINDINGS: u8 = 1;
const EXIT_ERROR: u8 = 2;

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
        && !matches!(
            first,
            "check" | "dump" | "rule" | "rules" | "help" | "-h" | "--help" | "-V" | "--version"
        )
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
        Command::Check(args) => check(&args),
        Command::Dump(args) => dump(&args),
        Command::Rule(args) => rule(&args),
        Command::Rules(args) => rules(&args),
    }
}

fn use_color(choice: ColorChoice) -> bool {
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

fn check(args: &CheckArgs) -> u8 {
    let mut stderr = std::io::stderr().lock();
    let config = match args.rule_config() {
        Ok(config) => config,
        Err(e) => {
            let _ = writeln!(stderr, "zonelint: {e}");
            return EXIT_ERROR;
        }
    };
    let (files, mut failed) = discover::zone_files(&args.paths, &mut stderr);
    let mut reader = Reader::new(args.reader.options());
    for file in &files {
        if let Err(e) = reader.read_path(file) {
            let _ = writeln!(stderr, "zonelint: {e}");
            failed = true;
        }
    }
    let graph = Graph::build(reader.finish());
    let findings = rules::run(&graph, &config);
    let mut stdout = std::io::stdout().lock();
    let _ = write_diagnostics(
        &graph.set.sources,
        &findings,
        args.output_format,
        use_color(args.color),
        &mut stdout,
    );
    let _ = writeln!(stdout, "{}", summary(&findings, files.len()));
    if failed {
        EXIT_ERROR
    } else if findings.iter().any(|d| d.severity >= Severity::Warning) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn write_diagnostics(
    sources: &SourceMap,
    findings: &[Diagnostic],
    format: Format,
    color: bool,
    out: &mut impl Write,
) -> std::io::Result<()> {
    match format {
        Format::Concise => {
            for d in findings {
                writeln!(out, "{}", concise(sources, d))?;
            }
        }
        Format::Full => {
            let mut renderer = HumanRenderer::new(sources, color);
            for d in findings {
                write!(out, "{}", renderer.render(d))?;
                writeln!(out)?;
            }
        }
    }
    Ok(())
}

/// `3 errors, 2 warnings in 4 files`.
#[must_use]
pub fn summary(findings: &[Diagnostic], files: usize) -> String {
    let count = |s| findings.iter().filter(|d| d.severity == s).count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut parts = vec![
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning"),
    ];
    let infos = count(Severity::Info);
    if infos > 0 {
        parts.push(plural(infos, "info"));
    }
    format!("{} in {}", parts.join(", "), plural(files, "file"))
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
    let _ = write_diagnostics(
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
