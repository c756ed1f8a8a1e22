//! The command line's definition (clap): commands, options and their help.

use std::path::PathBuf;

use clap::{ArgMatches, Args, FromArgMatches, Parser, Subcommand, ValueEnum};

use super::discover::DiscoveryOptions;
use super::selection::{SelectionLayer, Selector, UnknownSelector};
use crate::diag::Severity;
use crate::zone::{IncludeLookup, ReadOptions};

/// An offline linter for DNS zone files.
#[derive(Debug, Parser)]
#[command(name = "zonelint", version, about, long_about = None, after_help = TOP_EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

// Parsed once per process: the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read zone files (directories are walked) and report every problem.
    #[command(after_help = CHECK_EXAMPLES)]
    Check(CheckArgs),
    /// Print the records of a zone file as a canonical master file.
    #[command(
        after_help = "Example:\n  zonelint dump --origin example.com. db.example > canonical.zone"
    )]
    Dump(Deferred<DumpArgs>),
    /// Print a rule's documentation: what it checks, why, an example and the fix.
    #[command(after_help = "Example:\n  zonelint rule mx-target-is-cname")]
    Rule(Deferred<RuleArgs>),
    /// List every rule with its group, default level and summary.
    #[command(
        after_help = "Examples:\n  zonelint rules\n  zonelint rules --markdown > docs/rules.md"
    )]
    Rules(Deferred<RulesArgs>),
    /// Compare two versions of a zone file: the change-aware rules and a summary of what
    /// changed for mail (MX, SPF, DMARC, NS).
    #[command(after_help = DIFF_EXAMPLES)]
    Diff(Deferred<DiffArgs>),
    /// Print a shell completion script for zonelint.
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions(Deferred<CompletionsArgs>),
    /// Print zonelint's man page (roff), generated from these definitions.
    #[command(after_help = "Example:\n  zonelint man > /usr/local/share/man/man1/zonelint.1")]
    Man,
}

/// The arguments of a command other than `check`, defined only when that command is run (or
/// when help, completions or the man page need every definition): a pre-commit hook runs
/// `check` and should not build the other commands' arguments (clap's [`Command::defer`]).
#[derive(Debug)]
pub struct Deferred<T>(pub T);

impl<T> std::ops::Deref for Deferred<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: FromArgMatches> FromArgMatches for Deferred<T> {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(Deferred)
    }

    fn from_arg_matches_mut(matches: &mut ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(matches).map(Deferred)
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }

    fn update_from_arg_matches_mut(&mut self, matches: &mut ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches_mut(matches)
    }
}

impl<T: Args> Args for Deferred<T> {
    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }

    fn augment_args(cmd: clap::Command) -> clap::Command {
        cmd.defer(|cmd| keeping_about(cmd, T::augment_args))
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        cmd.defer(|cmd| keeping_about(cmd, T::augment_args_for_update))
    }
}

/// `augment(cmd)` with `cmd`'s own description kept: run late, the arguments' definitions
/// would replace the command's about with that of a flattened group.
fn keeping_about(
    cmd: clap::Command,
    augment: impl FnOnce(clap::Command) -> clap::Command,
) -> clap::Command {
    let about = cmd.get_about().cloned();
    let long_about = cmd.get_long_about().cloned();
    let mut cmd = augment(cmd);
    if let Some(about) = about {
        cmd = cmd.about(about);
    }
    if let Some(long_about) = long_about {
        cmd = cmd.long_about(long_about);
    }
    cmd
}

const TOP_EXAMPLES: &str =
    "Without a command, `check` is run: `zonelint zones/` is `zonelint check zones/`.

Examples:
  zonelint zones/
  zonelint rule mx-target-is-cname
  zonelint completions bash > ~/.local/share/bash-completion/completions/zonelint";

const CHECK_EXAMPLES: &str = "Exit status: 0 nothing found, 1 findings, 2 usage or read error.

Examples:
  zonelint check zones/                                 every zone file under zones/
  zonelint check --origin example.com. db.example      a file whose name does not give its origin
  zonelint check --output-format concise zones/         path:line:col: severity: message [rule]
  zonelint check --select mx-target-is-cname,spf-missing zones/
  zonelint check --ignore spf-missing zones/
  zonelint check --base origin/main zones/             also compare with the zones at origin/main
  zonelint check --base HEAD~1 --new-only zones/       only what the last commit introduced
  zonelint check --baseline zonelint-baseline.json zones/
  zonelint check --output-format concise --stdin-filename db.example.com - < db.example.com";

const DIFF_EXAMPLES: &str = "Exit status: 0 nothing found, 1 findings, 2 usage or read error.

Examples:
  zonelint diff old/example.com.zone example.com.zone
  zonelint diff --output-format markdown before.zone example.com.zone > comment.md
  git show HEAD~1:zones/example.com.zone > /tmp/old.zone && zonelint diff /tmp/old.zone zones/example.com.zone";

const COMPLETIONS_EXAMPLES: &str = "Examples:
  zonelint completions bash > ~/.local/share/bash-completion/completions/zonelint
  zonelint completions zsh > ~/.zfunc/_zonelint     # with fpath+=(~/.zfunc) in .zshrc
  zonelint completions fish > ~/.config/fish/completions/zonelint.fish
  zonelint completions elvish >> ~/.config/elvish/rc.elv
  zonelint completions powershell >> $PROFILE";

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write completions for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
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

    /// Whether the format prints a finding's help, notes or labels (`concise` and `gitlab`
    /// print the rule, severity, place and message only).
    #[must_use]
    pub fn shows_details(self) -> bool {
        !matches!(self, Format::Concise | Format::Gitlab)
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

/// The least severe finding that makes `check` exit 1.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    /// Findings never fail the run (errors reading files or config still exit 2).
    Never,
}

impl FailOn {
    /// Whether a finding of this severity fails the run.
    #[must_use]
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailOn::Error => severity >= Severity::Error,
            FailOn::Warning => severity >= Severity::Warning,
            FailOn::Info => true,
            FailOn::Never => false,
        }
    }
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
    /// Zone files or directories; `-` reads stdin.
    #[arg(required = true, value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub discovery: DiscoveryArgs,
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
    /// Print to stderr how long reading, each rule and the output took (the rules then run one
    /// after another, so each time is its own).
    #[arg(long)]
    pub timings: bool,
    /// When to use colour.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// Run only these rules: ids, groups (`mx`, `spf`, `syntax`…) or `all`, comma-separated;
    /// replaces the default set (and the config file's).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Vec<String>,
    /// Also run these rules (ids, groups or `all`), on top of the default or selected set.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub extend_select: Vec<String>,
    /// Turn these rules off (ids, groups or `all`).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// Exit 1 when a finding is at least this severe [default: warning, or the config's].
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<FailOn>,
    #[command(flatten)]
    pub change: ChangeArgs,
    #[command(flatten)]
    pub threads: ThreadsArgs,
}

/// How many threads a run may use.
#[derive(Debug, Args)]
pub struct ThreadsArgs {
    /// Threads to read files and run rules on: 1 for no parallel work, 0 (the default) for one
    /// per core. The output is the same whatever the number.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

/// Comparing with an earlier version and hiding accepted findings (docs/ci.md).
#[derive(Debug, Args)]
pub struct ChangeArgs {
    /// Compare with the files at this git revision (a commit, branch, tag or `HEAD~1`), read
    /// with git: runs the change-aware rules (serial, TTL, removed names).
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    /// Report only findings that did not exist at `--base`.
    #[arg(long, requires = "base")]
    pub new_only: bool,
    /// Report only findings not recorded in this baseline file (JSON).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write the findings of this run to the `--baseline` file instead of reporting them.
    #[arg(long, requires = "baseline")]
    pub update_baseline: bool,
}

impl CheckArgs {
    /// Whether some output of the run (stdout or a `--report`) prints a finding's help, notes
    /// or labels: only then do the rules keep them.
    #[must_use]
    pub fn shows_details(&self) -> bool {
        self.output_format.shows_details() || self.report.iter().any(|r| r.format.shows_details())
    }

    /// The rule selection the command line asks for, applied over the config file's.
    pub(super) fn selection(&self) -> Result<SelectionLayer, UnknownSelector> {
        Ok(SelectionLayer {
            select: if self.select.is_empty() {
                None
            } else {
                Some(Selector::parse_all(&self.select)?)
            },
            extend_select: Selector::parse_all(&self.extend_select)?,
            ignore: Selector::parse_all(&self.ignore)?,
        })
    }
}

/// Which files a check reads and reports on (docs/discovery.md).
#[derive(Debug, Args)]
pub struct DiscoveryArgs {
    /// Also take files matching this glob as zones in directory walks (repeatable).
    #[arg(long, value_name = "PATTERN")]
    pub include: Vec<String>,
    /// Skip files and directories matching this glob in directory walks (repeatable).
    #[arg(long, value_name = "PATTERN")]
    pub exclude: Vec<String>,
    /// The path stdin (`-`) stands for: used in messages, for the origin and for `$INCLUDE`s.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    /// Read only the files named, not the rest of the project for context.
    #[arg(long)]
    pub isolated: bool,
}

impl DiscoveryArgs {
    pub(super) fn options(&self) -> DiscoveryOptions {
        DiscoveryOptions {
            include: self.include.clone(),
            exclude: self.exclude.clone(),
            ..DiscoveryOptions::default()
        }
    }
}

/// What `zonelint diff` prints.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum DiffFormat {
    /// The mail summary, then miette's report of each finding.
    Full,
    /// The mail summary, then `path:line:col: severity: message [rule-id]`.
    Concise,
    /// The mail summary and the findings as markdown, to post on a pull request.
    Markdown,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old version of the zone file (`-`: stdin).
    pub old: PathBuf,
    /// The new version of the zone file (`-`: stdin).
    pub new: PathBuf,
    #[command(flatten)]
    pub reader: ReaderArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "full")]
    pub output_format: DiffFormat,
    /// When to use colour.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// Exit 1 when a finding is at least this severe.
    #[arg(long, value_enum, value_name = "LEVEL", default_value = "warning")]
    pub fail_on: FailOn,
    #[command(flatten)]
    pub threads: ThreadsArgs,
}

#[derive(Debug, Args)]
pub struct DumpArgs {
    /// The zone file.
    pub file: PathBuf,
    #[command(flatten)]
    pub reader: ReaderArgs,
}
