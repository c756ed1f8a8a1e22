//! The rule engine: every lint rule of zonelint, one per file, run over the whole record graph of
//! a run (so a rule sees every zone given: an MX in one file pointing at a CNAME in another is
//! found).
//!
//! A rule is a unit struct declared with [`declare_rule!`], which carries its documentation (the
//! doc comment: summary, `## What it does`, `## Why is this bad?`, `## Example` with a bad and a
//! fixed ```` ```zone ```` block, `## References`) and its metadata (id, group, default level,
//! since), plus an `impl Check` with the check itself. Rules read the graph and report through
//! [`Context::report`], which stamps the rule's id and the severity the configuration gives it;
//! they do no I/O and cannot fail.
//!
//! Offline honesty: a name outside every zone of the run is unknown. Rules never report it as
//! broken (see [`crate::graph::NameStatus::Unknown`]).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diag::{Diagnostic, Severity, Text};
use crate::graph::Graph;
use crate::zone::source::Span;

/// What a rule is about; `zonelint rules` and the docs group rules by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    Syntax,
    Zone,
    Soa,
    Ns,
    Cname,
    Dname,
    Name,
    Rrset,
    Mx,
    Spf,
    Dmarc,
    Dkim,
    MtaSts,
    Tlsrpt,
    Other,
    Change,
}

impl Group {
    /// Every group, in catalogue order.
    pub const ALL: &[Group] = &[
        Group::Syntax,
        Group::Zone,
        Group::Soa,
        Group::Ns,
        Group::Cname,
        Group::Dname,
        Group::Name,
        Group::Rrset,
        Group::Mx,
        Group::Spf,
        Group::Dmarc,
        Group::Dkim,
        Group::MtaSts,
        Group::Tlsrpt,
        Group::Other,
        Group::Change,
    ];

    /// The group named `text` (as [`Group::as_str`] spells it).
    #[must_use]
    pub fn from_name(text: &str) -> Option<Group> {
        Group::ALL.iter().copied().find(|g| g.as_str() == text)
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Group::Syntax => "syntax",
            Group::Zone => "zone",
            Group::Soa => "soa",
            Group::Ns => "ns",
            Group::Cname => "cname",
            Group::Dname => "dname",
            Group::Name => "name",
            Group::Rrset => "rrset",
            Group::Mx => "mx",
            Group::Spf => "spf",
            Group::Dmarc => "dmarc",
            Group::Dkim => "dkim",
            Group::MtaSts => "mta-sts",
            Group::Tlsrpt => "tlsrpt",
            Group::Other => "other",
            Group::Change => "change",
        }
    }
}

/// A rule's level: a severity, or off. Defaults come from the catalogue (`../shared/RULES.md`);
/// the configuration can change any of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Off,
    Info,
    Warning,
    Error,
}

impl Level {
    /// The severity findings get at this level (`None` when off).
    #[must_use]
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Info => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Off => "off",
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }

    /// Parses `off`, `info`, `warning` (or `warn`) and `error`.
    #[must_use]
    pub fn from_name(text: &str) -> Option<Level> {
        match text {
            "off" => Some(Level::Off),
            "info" => Some(Level::Info),
            "warning" | "warn" => Some(Level::Warning),
            "error" => Some(Level::Error),
            _ => None,
        }
    }
}

/// A rule's identity and documentation.
#[derive(Debug)]
pub struct RuleMeta {
    /// Kebab-case id (`mx-target-is-cname`), never reused.
    pub id: &'static str,
    pub group: Group,
    pub default_level: Level,
    /// The version that introduced the rule.
    pub since: &'static str,
    /// The rule's doc comment, markdown: the first line is the one-sentence summary.
    pub docs: &'static str,
    /// The struct's name (checked against the id by a test).
    pub name: &'static str,
    /// The module the rule was declared in (checked against the id by a test).
    pub module: &'static str,
}

impl RuleMeta {
    /// The one-sentence summary: the doc comment's first line.
    #[must_use]
    pub fn summary(&self) -> &'static str {
        self.docs.lines().next().unwrap_or("").trim()
    }

    /// The documentation as markdown (the doc comment without its one-space indent).
    #[must_use]
    pub fn markdown(&self) -> String {
        let mut out = String::with_capacity(self.docs.len());
        for line in self.docs.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }
}

/// The metadata half of a rule, implemented by [`declare_rule!`].
pub trait Declared {
    fn meta(&self) -> &'static RuleMeta;
}

/// The check half of a rule, written by hand in the rule's file.
pub trait Check {
    /// Looks at the graph and reports findings through `cx`. Read-only; cannot fail.
    fn check(&self, graph: &Graph, cx: &mut Context<'_>);
}

/// A lint rule: metadata and a check.
pub trait Rule: Declared + Check + Sync {}

impl<T: Declared + Check + Sync> Rule for T {}

/// Declares a rule: its doc comment, unit struct and metadata.
///
/// ```ignore
/// declare_rule! {
///     /// MX exchange is an alias.
///     /// ## What it does …
///     pub MxTargetIsCname,
///     id: "mx-target-is-cname",
///     group: Mx,
///     level: Error,
///     since: "0.1.0",
/// }
/// ```
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub $name:ident,
        id: $id:literal,
        group: $group:ident,
        level: $level:ident,
        since: $since:literal $(,)?
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, Default)]
        pub struct $name;

        impl $crate::rules::Declared for $name {
            fn meta(&self) -> &'static $crate::rules::RuleMeta {
                static META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                    id: $id,
                    group: $crate::rules::Group::$group,
                    default_level: $crate::rules::Level::$level,
                    since: $since,
                    docs: concat!($($doc, "\n"),*),
                    name: stringify!($name),
                    module: module_path!(),
                };
                &META
            }
        }
    };
}
// `declare_rule!` reaches the rule files by textual scope: they are declared below it.

/// The registry: one line per rule, sorted by id. Declares the module and lists the rule.
macro_rules! registry {
    ($($module:ident :: $rule:ident,)*) => {
        $(mod $module;)*

        /// Every rule, sorted by id.
        pub static RULES: &[&dyn Rule] = &[$(&$module::$rule),*];
    };
}

registry! {
    blank_owner_mail_record::BlankOwnerMailRecord,
    caa_syntax::CaaSyntax,
    cname_and_other_data::CnameAndOtherData,
    cname_at_apex::CnameAtApex,
    cname_chain::CnameChain,
    cname_dangling::CnameDangling,
    cname_loop::CnameLoop,
    cname_multiple::CnameMultiple,
    dkim_revoked_or_testing::DkimRevokedOrTesting,
    dkim_rsa_key_size::DkimRsaKeySize,
    dkim_sha1_only::DkimSha1Only,
    dkim_syntax::DkimSyntax,
    dmarc_external_report_unauthorized::DmarcExternalReportUnauthorized,
    dmarc_misplaced::DmarcMisplaced,
    dmarc_missing::DmarcMissing,
    dmarc_multiple::DmarcMultiple,
    dmarc_not_enforcing::DmarcNotEnforcing,
    dmarc_report_uri::DmarcReportUri,
    dmarc_syntax::DmarcSyntax,
    dname_structure::DnameStructure,
    ds_not_at_delegation::DsNotAtDelegation,
    duplicate_record::DuplicateRecord,
    hostname_syntax::HostnameSyntax,
    inherited_owner_after_origin::InheritedOwnerAfterOrigin,
    mail_change_high_ttl::MailChangeHighTtl,
    mta_sts_policy_host_missing::MtaStsPolicyHostMissing,
    mta_sts_syntax::MtaStsSyntax,
    mx_duplicate_exchange::MxDuplicateExchange,
    mx_missing::MxMissing,
    mx_non_mail_zone::MxNonMailZone,
    mx_null_mixed::MxNullMixed,
    mx_null_nonzero_preference::MxNullNonzeroPreference,
    mx_null_without_deny_policy::MxNullWithoutDenyPolicy,
    mx_occluded::MxOccluded,
    mx_preference_equal::MxPreferenceEqual,
    mx_provider_mismatch::MxProviderMismatch,
    mx_single_exchange::MxSingleExchange,
    mx_target_below_dname::MxTargetBelowDname,
    mx_target_is_address::MxTargetIsAddress,
    mx_target_is_cname::MxTargetIsCname,
    mx_target_no_address::MxTargetNoAddress,
    mx_target_no_reverse::MxTargetNoReverse,
    mx_target_special_address::MxTargetSpecialAddress,
    mx_target_unverifiable::MxTargetUnverifiable,
    mx_wildcard::MxWildcard,
    ns_apex_missing::NsApexMissing,
    ns_glue_mismatch::NsGlueMismatch,
    ns_glue_missing::NsGlueMissing,
    ns_parent_child_mismatch::NsParentChildMismatch,
    ns_target_is_address::NsTargetIsAddress,
    ns_target_is_cname::NsTargetIsCname,
    ns_target_no_address::NsTargetNoAddress,
    ns_too_few::NsTooFew,
    occluded_record::OccludedRecord,
    origin_repeated::OriginRepeated,
    out_of_zone_record::OutOfZoneRecord,
    record_removed_still_referenced::RecordRemovedStillReferenced,
    relative_target_looks_absolute::RelativeTargetLooksAbsolute,
    rrset_ttl_mismatch::RrsetTtlMismatch,
    serial_not_increased::SerialNotIncreased,
    soa_missing::SoaMissing,
    soa_multiple::SoaMultiple,
    soa_not_at_apex::SoaNotAtApex,
    soa_rname_at_sign::SoaRnameAtSign,
    soa_serial_format::SoaSerialFormat,
    soa_timers::SoaTimers,
    spf_include_loop::SpfIncludeLoop,
    spf_include_no_spf::SpfIncludeNoSpf,
    spf_lookup_limit::SpfLookupLimit,
    spf_missing::SpfMissing,
    spf_modifier_repeated::SpfModifierRepeated,
    spf_multiple::SpfMultiple,
    spf_mx_over_10::SpfMxOver10,
    spf_permissive_all::SpfPermissiveAll,
    spf_ptr::SpfPtr,
    spf_redirect_ignored::SpfRedirectIgnored,
    spf_rrtype_spf::SpfRrtypeSpf,
    spf_size::SpfSize,
    spf_string_split::SpfStringSplit,
    spf_syntax::SpfSyntax,
    spf_terms_after_all::SpfTermsAfterAll,
    spf_version_like::SpfVersionLike,
    spf_void_lookup_limit::SpfVoidLookupLimit,
    srv_target_is_cname::SrvTargetIsCname,
    srv_target_no_address::SrvTargetNoAddress,
    tlsa_owner_form::TlsaOwnerForm,
    tlsrpt_syntax::TlsrptSyntax,
    unused_suppression::UnusedSuppression,
    wildcard_non_terminal::WildcardNonTerminal,
}

/// The rule with this id, if any.
#[must_use]
pub fn find(id: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.meta().id == id)
}

/// Ids of the findings the reader emits itself (the "Syntax and loading" group): they can be
/// configured like rules.
pub const READER_IDS: &[&str] = &[
    crate::diag::ids::INVALID_SYNTAX,
    crate::diag::ids::UNKNOWN_RECORD_TYPE,
    crate::diag::ids::NAME_TOO_LONG,
    crate::diag::ids::TXT_STRING_TOO_LONG,
    crate::diag::ids::INCLUDE_PROBLEM,
    crate::diag::ids::GENERATE_PROBLEM,
    crate::diag::ids::CLASS_MISMATCH,
    crate::diag::ids::TTL_OUT_OF_RANGE,
    crate::diag::ids::MISSING_TTL,
    crate::diag::ids::RELATIVE_NAME_WITHOUT_ORIGIN,
];

/// An id that names no rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown rule `{0}` (`zonelint rules` lists them)")]
pub struct UnknownRule(pub String);

/// Which rules run and at what level: the defaults, changed by the configuration.
#[derive(Debug, Clone, Default)]
pub struct RuleConfig {
    /// Levels set explicitly, by id.
    levels: BTreeMap<&'static str, Level>,
    /// When set, only these rules run (the others are off whatever their level). A set: every
    /// rule of a run asks whether it is in it.
    only: Option<BTreeSet<&'static str>>,
    /// What the rules that take settings are given (see [`Context::settings`]).
    settings: Arc<RuleSettings>,
    /// Only what every output prints is kept (see [`RuleConfig::without_details`]).
    terse: bool,
}

/// Settings of the rules that take some (the config file's `[settings]`), handed to every rule
/// of a run through [`Context::settings`]. Defaults: what a run without a config uses.
#[derive(Debug, Clone, Default)]
pub struct RuleSettings {
    /// The user's mail provider profiles, tried before the built-in ones
    /// (`mx-provider-mismatch`).
    pub mail_providers: Vec<crate::policy::mail_providers::Profile>,
}

/// The `'static` id matching `id`, among the rules and the reader's ids.
fn known_id(id: &str) -> Option<&'static str> {
    find(id)
        .map(|r| r.meta().id)
        .or_else(|| READER_IDS.iter().copied().find(|&k| k == id))
}

impl RuleConfig {
    /// Sets a rule's level.
    ///
    /// # Errors
    /// When `id` names no rule.
    pub fn set(&mut self, id: &str, level: Level) -> Result<(), UnknownRule> {
        let id = known_id(id).ok_or_else(|| UnknownRule(id.to_owned()))?;
        self.levels.insert(id, level);
        Ok(())
    }

    /// Runs only the rules given (at their configured or default level, or `warning` for a rule
    /// that is off by default); everything else is off, reader findings included.
    ///
    /// # Errors
    /// When an id names no rule.
    pub fn only(&mut self, ids: &[&str]) -> Result<(), UnknownRule> {
        let mut known = BTreeSet::new();
        for id in ids {
            known.insert(known_id(id).ok_or_else(|| UnknownRule((*id).to_owned()))?);
        }
        self.only = Some(known);
        Ok(())
    }

    /// [`RuleConfig::only`] for ids taken from the registry (by the selection), which need no
    /// checking: an id that names no rule or reader finding simply matches nothing.
    pub fn only_registered(&mut self, ids: BTreeSet<&'static str>) {
        self.only = Some(ids);
    }

    /// Findings keep only what the `concise` and `gitlab` outputs print (rule, severity, span,
    /// message): help, notes and labels are dropped as the rules give them, and the help and
    /// notes they pass as `format_args!` are never formatted. A large zone's findings are then a
    /// fraction of the memory and of the formatting (the mixed 1M benchmark zone has 164,000).
    pub fn without_details(&mut self) {
        self.terse = true;
    }

    /// Gives the rules these settings.
    pub fn set_settings(&mut self, settings: Arc<RuleSettings>) {
        self.settings = settings;
    }

    /// Whether the user set this rule's level.
    #[must_use]
    pub fn is_configured(&self, id: &str) -> bool {
        self.levels.contains_key(id)
    }

    /// The level a rule runs at.
    #[must_use]
    pub fn level(&self, id: &str, default: Level) -> Level {
        let level = self.levels.get(id).copied();
        match &self.only {
            Some(only) if !only.contains(id) => Level::Off,
            Some(_) => level.unwrap_or(if default == Level::Off {
                Level::Warning
            } else {
                default
            }),
            None => level.unwrap_or(default),
        }
    }
}

/// What a rule gets to report with.
pub struct Context<'a> {
    meta: &'static RuleMeta,
    severity: Severity,
    configured: bool,
    settings: &'a RuleSettings,
    found: &'a mut Vec<Diagnostic>,
    terse: bool,
}

impl Context<'_> {
    /// Reports a finding at `span` (the offending field). The id is the rule's; the severity is
    /// the configured one. Chain [`Report`] methods to add help, notes and labels.
    pub fn report(&mut self, span: Span, message: impl Into<String>) -> Report<'_> {
        self.found
            .push(Diagnostic::new(self.meta.id, self.severity, span, message));
        let last = self.found.len() - 1;
        Report {
            diag: &mut self.found[last],
            configured: self.configured,
            terse: self.terse,
        }
    }

    /// The rule being run.
    #[must_use]
    pub fn meta(&self) -> &'static RuleMeta {
        self.meta
    }
}

impl<'a> Context<'a> {
    /// The settings of the run (the config's `[settings]`, or the defaults). They outlive the
    /// context's borrow, so a rule can keep them while it reports.
    #[must_use]
    pub fn settings(&self) -> &'a RuleSettings {
        self.settings
    }
}

/// A finding being built.
pub struct Report<'a> {
    diag: &'a mut Diagnostic,
    configured: bool,
    /// Details are not kept (see [`RuleConfig::without_details`]).
    terse: bool,
}

/// The text of a finding's help, note or label, turned into [`Text`] only when the run keeps
/// details: a `format_args!` is then formatted only if it is shown.
pub trait Detail {
    fn into_text(self) -> Text;
}

impl Detail for &'static str {
    fn into_text(self) -> Text {
        Text::Borrowed(self)
    }
}

impl Detail for String {
    fn into_text(self) -> Text {
        Text::Owned(self)
    }
}

impl Detail for &String {
    fn into_text(self) -> Text {
        Text::Owned(self.clone())
    }
}

/// Text kept by a shared fact: fixed text stays borrowed, no copy per finding.
impl Detail for &Text {
    fn into_text(self) -> Text {
        self.clone()
    }
}

impl Detail for std::fmt::Arguments<'_> {
    fn into_text(self) -> Text {
        match self.as_str() {
            Some(fixed) => Text::Borrowed(fixed),
            None => Text::Owned(self.to_string()),
        }
    }
}

impl Report<'_> {
    /// An imperative fix ("point the MX at the host's canonical name").
    pub fn help(&mut self, help: impl Detail) -> &mut Self {
        if !self.terse {
            self.diag.set_help(help.into_text());
        }
        self
    }

    /// Background: why, the RFC, what a resolver does.
    pub fn note(&mut self, note: impl Detail) -> &mut Self {
        if !self.terse {
            self.diag.set_note(note.into_text());
        }
        self
    }

    /// What the primary span is, shown under its underline ("alias here").
    pub fn span_label(&mut self, label: impl Detail) -> &mut Self {
        if !self.terse {
            self.diag.set_span_label(label.into_text());
        }
        self
    }

    /// A secondary location, in any file ("CNAME defined here").
    pub fn label(&mut self, span: Span, message: impl Detail) -> &mut Self {
        if !self.terse {
            self.diag.push_label(span, message.into_text());
        }
        self
    }

    /// This case's severity when the user has not configured the rule: for rules whose
    /// catalogue entry gives some cases a stronger or weaker default (`+all` is an error where
    /// `?all` is a warning). A configured level always wins.
    pub fn default_severity(&mut self, severity: Severity) -> &mut Self {
        if !self.configured {
            self.diag.severity = severity;
        }
        self
    }
}

/// Graphs with fewer records than this are checked on the calling thread (see [`run`]).
const PARALLEL_FROM_RECORDS: usize = 10_000;

/// Runs every enabled rule over the graph and returns their findings together with the
/// reader's (both filtered and re-levelled by the configuration, without those an inline
/// suppression hides), sorted by position then id. [`run_counting`] also says how many were
/// suppressed.
#[must_use]
pub fn run(graph: &Graph, config: &RuleConfig) -> Vec<Diagnostic> {
    run_counting(graph, config).diagnostics
}

/// The findings of a run and how many inline suppressions hid.
#[derive(Debug, Default)]
pub struct Findings {
    /// What is reported, sorted by position then id.
    pub diagnostics: Vec<Diagnostic>,
    /// How many findings a `; zonelint: ignore[...]` comment hid.
    pub suppressed: usize,
}

/// The rule ids known to this run's configuration, for judging suppressions; whether the run
/// has a base version (without one, the change-aware rules find nothing).
struct ConfiguredIds<'a>(&'a RuleConfig, bool);

impl crate::suppress::RuleIds for ConfiguredIds<'_> {
    fn is_known(&self, id: &str) -> bool {
        known_id(id).is_some()
    }

    fn is_enabled(&self, id: &str) -> bool {
        let default = find(id).map_or(Level::Error, |r| r.meta().default_level);
        self.0.level(id, default) != Level::Off
    }

    fn can_report(&self, id: &str) -> bool {
        self.1 || find(id).is_none_or(|r| r.meta().group != Group::Change)
    }
}

/// [`run`], counting the suppressed findings. Suppressions apply after every rule ran, so this
/// is where `unused-suppression` is reported (its rule file only carries its docs).
#[must_use]
pub fn run_counting(graph: &Graph, config: &RuleConfig) -> Findings {
    run_inner(graph, config, None)
}

/// The time each rule's check took, in registry order (`zonelint check --timings`, and the
/// benchmark's per-rule scaling test). A fact shared by several rules is charged to the first
/// that asks for it, the same one at every zone size.
#[derive(Debug, Default)]
pub struct RuleTimes(pub Vec<(&'static str, std::time::Duration)>);

impl RuleTimes {
    fn add(&mut self, id: &'static str, took: std::time::Duration) {
        match self.0.iter_mut().find(|(known, _)| *known == id) {
            Some((_, total)) => *total += took,
            None => self.0.push((id, took)),
        }
    }
}

/// [`run_counting`], timing each rule into `times` (added to what it holds: a run with several
/// configurations runs a rule once for each). The rules run one after another, so that each
/// time is its own.
#[must_use]
pub fn run_timed(graph: &Graph, config: &RuleConfig, times: &mut RuleTimes) -> Findings {
    run_inner(graph, config, Some(times))
}

fn run_inner(graph: &Graph, config: &RuleConfig, mut times: Option<&mut RuleTimes>) -> Findings {
    let mut found: Vec<Diagnostic> = graph
        .set
        .diagnostics
        .iter()
        .filter_map(|d| {
            let level = config.level(d.id, Level::Error);
            let severity = if config.is_configured(d.id) {
                level.severity()?
            } else {
                // The reader picked the severity; `only` may still turn it off.
                level.severity().map(|_| d.severity)?
            };
            let mut d = d.clone();
            d.severity = severity;
            Some(d)
        })
        .collect();
    // Whether the rule is selected (and so ran).
    let run_one = |rule: &&'static dyn Rule, into: &mut Vec<Diagnostic>| {
        let meta = rule.meta();
        let Some(severity) = config.level(meta.id, meta.default_level).severity() else {
            return false;
        };
        let mut cx = Context {
            meta,
            severity,
            configured: config.is_configured(meta.id),
            settings: &config.settings,
            found: into,
            terse: config.terse,
        };
        rule.check(graph, &mut cx);
        true
    };
    // Rules are independent readers of the graph: on a big graph they run in parallel, each into
    // its own list, and the sort below makes the output independent of the schedule. A small run
    // (a pre-commit hook on a few zones, an editor on one buffer) runs them in turn: all 48 take
    // well under a millisecond there, less than starting rayon's pool (a thread per core, and
    // reading the cgroup CPU quota to size it), which would cost more than the rules themselves.
    // With one thread (`--threads 1`) they run here too: on the pool's single worker they would
    // gain nothing, and glibc gives that thread its own arena, grown by an mprotect call per
    // step (400,000 calls, 9 s of system time, on a 10M-record zone; the main arena grows by
    // brk in large steps).
    let sequential = times.is_some()
        || graph.set.records.len() < PARALLEL_FROM_RECORDS
        || rayon::current_num_threads() == 1;
    if sequential {
        // Straight into the one list: no per-rule lists held beside it while they are merged.
        for rule in RULES {
            let start = times.is_some().then(std::time::Instant::now);
            let ran = run_one(rule, &mut found);
            if let (true, Some(times), Some(start)) = (ran, times.as_deref_mut(), start) {
                times.add(rule.meta().id, start.elapsed());
            }
        }
    } else {
        let per_rule: Vec<Vec<Diagnostic>> = RULES
            .par_iter()
            .map(|rule| {
                let mut own = Vec::new();
                let _ = run_one(rule, &mut own);
                own
            })
            .collect();
        // Reserved once: growing by doubling would hold up to twice the findings' inline parts.
        found.reserve_exact(per_rule.iter().map(Vec::len).sum());
        for own in per_rule {
            found.extend(own);
        }
    }
    found.sort_unstable_by(Diagnostic::display_order);
    found.dedup();
    let unused = find(crate::suppress::UNUSED_SUPPRESSION).map(Declared::meta);
    let severity = unused.and_then(|meta| config.level(meta.id, meta.default_level).severity());
    let applied = crate::suppress::apply(
        &graph.set,
        found,
        &ConfiguredIds(config, graph.base().is_some()),
        severity,
    );
    let mut diagnostics = applied.kept;
    if !applied.problems.is_empty() {
        diagnostics.extend(applied.problems);
        diagnostics.sort_unstable_by(Diagnostic::display_order);
    }
    Findings {
        diagnostics,
        suppressed: applied.suppressed,
    }
}

#[cfg(test)]
mod tests {
    use super::{Detail, Text};

    #[test]
    fn details_borrow_what_is_fixed_and_format_the_rest() {
        let shown = 42;
        assert!(matches!(
            format_args!("fixed").into_text(),
            Text::Borrowed("fixed")
        ));
        assert_eq!(format_args!("n = {shown}").into_text(), "n = 42");
        assert!(matches!("literal".into_text(), Text::Borrowed("literal")));
        let owned = String::from("kept");
        assert_eq!((&owned).into_text(), "kept");
        assert_eq!(owned.into_text(), "kept");
    }
}
