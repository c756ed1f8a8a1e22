//! The command line's definition (clap): commands, options and their help.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::rules::{Level, RuleConfig, UnknownRule};
use crate::zone::{IncludeLookup, ReadOptions};

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
    /// A JSON array of findings (schema in docs/output.md).
    Json,
    /// One JSON object per line.
    JsonLines,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub Actions annotations (workflow commands).
    Github,
    /// GitLab Code Quality JSON.
    Gitlab,
    /// JUnit XML.
    Junit,
}

impl Format {
    /// Formats for people, which end with the summary line.
    #[must_use]
    pub fn is_human(self) -> bool {
        matches!(self, Format::Full | Format::Concise)
    }
}

/// `--report FORMAT=PATH`: another format written to a file by the same run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportTarget {
    pub format: Format,
    pub path: PathBuf,
}

fn parse_report_target(text: &str) -> Result<ReportTarget, String> {
    let (name, path) = text
        .split_once('=')
        .ok_or_else(|| format!("expected FORMAT=PATH, got `{text}`"))?;
    let format = Format::from_str(name, false).map_err(|_| {
        let names: Vec<String> = Format::value_variants()
            .iter()
            .filter_map(|f| f.to_possible_value().map(|v| v.get_name().to_owned()))
            .collect();
        format!("unknown format `{name}` (one of: {})", names.join(", "))
    })?;
    if path.is_empty() {
        return Err(format!("no path after `{name}=`"));
    }
    Ok(ReportTarget {
        format,
        path: PathBuf::from(path),
    })
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
    pub(super) fn options(&self) -> ReadOptions {
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
    /// Also write the findings in FORMAT to PATH (repeatable), e.g. `--report sarif=out.sarif`.
    #[arg(long, value_name = "FORMAT=PATH", value_parser = parse_report_target)]
    pub report: Vec<ReportTarget>,
    /// After the findings, count them per rule (full and concise formats).
    #[arg(long)]
    pub statistics: bool,
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
    pub(super) fn rule_config(&self) -> Result<RuleConfig, UnknownRule> {
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
