//! Mail provider profiles: the MX sets and SPF includes that well-known mail providers document
//! for their customers' domains, kept as data (`mail_providers.toml`, embedded, each profile with
//! its source) and extended by users in `zonelint.toml` (`[[settings.mail-providers]]`, same
//! schema). This module parses and validates profiles, pointing mistakes at their span in the
//! TOML, and answers which profile an exchange belongs to; `mx-provider-mismatch` decides what
//! is wrong. No I/O: the built-in file is compiled in (parsed by build.rs) and each of its profiles is
//! validated on first use.

use std::fmt::Write as _;
use std::ops::Range;
use std::sync::OnceLock;

use serde::Deserialize;
use toml::Spanned;

use super::profile_domain::{self, MxRecordError};
use crate::zone::name;

/// The built-in profiles, as shipped. build.rs compiles them in; tests compare the two.
pub const BUILTIN_TOML: &str = include_str!("mail_providers.toml");

/// A mail provider's documented records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// As findings name it ("Google Workspace").
    pub name: String,
    /// The provider's page documenting the records.
    pub source: Option<String>,
    /// When the values were last compared with the source (`YYYY-MM-DD`).
    pub checked: Option<String>,
    /// What was confirmed where, and what was not.
    pub notes: Option<String>,
    /// Domains whose names (at or below them) are this provider's exchanges.
    pub hosts: Vec<Domain>,
    /// `include:` domains authorizing the provider's servers; one of them suffices.
    pub spf_includes: Vec<Domain>,
    /// The documented MX sets (alternatives), in the order written.
    pub mx_sets: Vec<MxSet>,
}

/// A domain name of a profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Domain {
    /// As written, lowercase, without the final dot.
    pub text: String,
    /// Lowercase wire form.
    pub wire: Vec<u8>,
}

/// One documented MX set.
#[derive(Debug, Clone)]
pub struct MxSet {
    pub name: String,
    pub records: Vec<MxEntry>,
    /// [`MxSet::text`], made when a finding first quotes it (most runs never do).
    display: OnceLock<String>,
}

impl PartialEq for MxSet {
    fn eq(&self, other: &Self) -> bool {
        // `display` follows from the records.
        self.name == other.name && self.records == other.records
    }
}

impl Eq for MxSet {}

/// One documented MX record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MxEntry {
    pub preference: u16,
    pub exchange: Exchange,
}

/// A documented exchange: one name, or (`*.suffix`) any name below a suffix, for per-customer
/// hosts such as `<token>.mail.protection.outlook.com`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    pub wildcard: bool,
    /// The name, or the suffix of a wildcard.
    pub base: Domain,
}

impl Exchange {
    /// Whether exchange `wire` (any case) is this one.
    #[must_use]
    pub fn matches(&self, wire: &[u8]) -> bool {
        if self.wildcard {
            wire.len() > self.base.wire.len() && name::ends_with_name(wire, &self.base.wire)
        } else {
            // Length octets are below 64, so only letters fold.
            wire.eq_ignore_ascii_case(&self.base.wire)
        }
    }

    /// Presentation form, absolute: `smtp.google.com.`, `*.mx.microsoft.`.
    #[must_use]
    pub fn text(&self) -> String {
        let star = if self.wildcard { "*." } else { "" };
        format!("{star}{}.", self.base.text)
    }
}

impl MxEntry {
    /// `1 smtp.google.com.`
    #[must_use]
    pub fn text(&self) -> String {
        format!("{} {}", self.preference, self.exchange.text())
    }
}

impl MxSet {
    fn new(name: String, records: Vec<MxEntry>) -> Self {
        Self {
            name,
            records,
            display: OnceLock::new(),
        }
    }

    /// The set's records as text, comma-separated (made once: findings quote it often).
    #[must_use]
    pub fn text(&self) -> &str {
        self.display.get_or_init(|| {
            self.records
                .iter()
                .map(|r| format!("`{}`", r.text()))
                .collect::<Vec<_>>()
                .join(", ")
        })
    }
}

impl Profile {
    /// Whether exchange `wire` (any case) is one of this provider's hosts.
    #[must_use]
    pub fn owns(&self, wire: &[u8]) -> bool {
        self.hosts
            .iter()
            .any(|h| name::ends_with_name(wire, &h.wire))
    }

    /// Whether `wire` (any case) is one of the provider's SPF include domains.
    #[must_use]
    pub fn is_spf_include(&self, wire: &[u8]) -> bool {
        self.spf_includes
            .iter()
            .any(|d| wire.eq_ignore_ascii_case(&d.wire))
    }
}

/// A profile as written in TOML, every value with its span (for errors in the config file).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawProfile {
    name: Spanned<String>,
    source: Option<Spanned<String>>,
    checked: Option<Spanned<String>>,
    notes: Option<Spanned<String>>,
    hosts: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    spf_includes: Vec<Spanned<String>>,
    mx_sets: Spanned<Vec<RawMxSet>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMxSet {
    name: Spanned<String>,
    mx: Spanned<Vec<Spanned<String>>>,
}

/// A profile that cannot be used, and where in its TOML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileError {
    pub message: String,
    /// Byte range in the TOML text.
    pub span: Range<usize>,
    pub help: Option<String>,
}

fn error(message: String, span: Range<usize>, help: Option<&str>) -> ProfileError {
    ProfileError {
        message,
        span,
        help: help.map(str::to_owned),
    }
}

/// A domain name of a profile: LDH labels (and `_`), with or without the final dot.
fn domain(text: &Spanned<String>, what: &str) -> Result<Domain, ProfileError> {
    let Some((text_form, wire)) = profile_domain::parse(text.get_ref()) else {
        return Err(error(
            format!("invalid {what} `{}`", text.get_ref().trim()),
            text.span(),
            Some("write a domain name such as `mail.example.net`"),
        ));
    };
    Ok(Domain {
        text: text_form,
        wire,
    })
}

/// `YYYY-MM-DD`.
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |r: Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) {
        return false;
    }
    let month = text[5..7].parse::<u8>().unwrap_or(0);
    let day = text[8..10].parse::<u8>().unwrap_or(0);
    digits(5..7) && digits(8..10) && (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// `PREFERENCE EXCHANGE`, the exchange one of the profile's hosts.
fn mx_entry(text: &Spanned<String>, hosts: &[Domain]) -> Result<MxEntry, ProfileError> {
    let (preference, wildcard, rest) = match profile_domain::mx_record(text.get_ref()) {
        Ok(parts) => parts,
        Err(MxRecordError::Shape) => {
            return Err(error(
                format!("invalid MX record `{}`", text.get_ref()),
                text.span(),
                Some("write a record as `PREFERENCE EXCHANGE`, such as `10 mx1.example.net.`"),
            ));
        }
        Err(MxRecordError::Preference(preference)) => {
            return Err(error(
                format!("invalid MX preference `{preference}`"),
                text.span(),
                Some("a preference is a number from 0 to 65535"),
            ));
        }
    };
    let base = domain(&Spanned::new(text.span(), rest.to_owned()), "MX exchange")?;
    if !hosts
        .iter()
        .any(|h| name::ends_with_name(&base.wire, &h.wire))
    {
        return Err(error(
            format!(
                "MX exchange `{}{rest}` is not below one of the profile's `hosts`",
                if wildcard { "*." } else { "" }
            ),
            text.span(),
            Some("add its domain to `hosts`, so the profile recognises it"),
        ));
    }
    Ok(MxEntry {
        preference,
        exchange: Exchange { wildcard, base },
    })
}

/// Validates one profile.
///
/// # Errors
/// The first mistake, with its span.
pub fn validate(raw: &RawProfile) -> Result<Profile, ProfileError> {
    let name = raw.name.get_ref().trim();
    if name.is_empty() {
        return Err(error(
            "empty mail provider name".to_owned(),
            raw.name.span(),
            None,
        ));
    }
    if let Some(source) = &raw.source
        && !(source.get_ref().starts_with("https://") || source.get_ref().starts_with("http://"))
    {
        return Err(error(
            format!("source `{}` is not a web address", source.get_ref()),
            source.span(),
            Some("give the provider's page documenting the records, `https://…`"),
        ));
    }
    if let Some(checked) = &raw.checked
        && !is_date(checked.get_ref())
    {
        return Err(error(
            format!("invalid date `{}`", checked.get_ref()),
            checked.span(),
            Some("write the day the values were checked as `YYYY-MM-DD`"),
        ));
    }
    if raw.hosts.get_ref().is_empty() {
        return Err(error(
            "`hosts` is empty".to_owned(),
            raw.hosts.span(),
            Some("list the domains of the provider's exchanges, such as `mail.example.net`"),
        ));
    }
    let hosts = raw
        .hosts
        .get_ref()
        .iter()
        .map(|h| domain(h, "host domain"))
        .collect::<Result<Vec<_>, _>>()?;
    let spf_includes = raw
        .spf_includes
        .iter()
        .map(|d| domain(d, "SPF include domain"))
        .collect::<Result<Vec<_>, _>>()?;
    if raw.mx_sets.get_ref().is_empty() {
        return Err(error(
            "`mx-sets` is empty".to_owned(),
            raw.mx_sets.span(),
            Some("give at least one documented MX set"),
        ));
    }
    let mut mx_sets: Vec<MxSet> = Vec::new();
    for set in raw.mx_sets.get_ref() {
        let set_name = set.name.get_ref().trim();
        if set_name.is_empty() || mx_sets.iter().any(|s| s.name == set_name) {
            return Err(error(
                format!("MX set name `{set_name}` is empty or repeated"),
                set.name.span(),
                None,
            ));
        }
        if set.mx.get_ref().is_empty() {
            return Err(error(
                format!("MX set `{set_name}` has no record"),
                set.mx.span(),
                None,
            ));
        }
        let mut records: Vec<MxEntry> = Vec::new();
        for text in set.mx.get_ref() {
            let entry = mx_entry(text, &hosts)?;
            if records.iter().any(|r| r.exchange == entry.exchange) {
                return Err(error(
                    format!("MX exchange `{}` listed twice", entry.exchange.text()),
                    text.span(),
                    None,
                ));
            }
            records.push(entry);
        }
        mx_sets.push(MxSet::new(set_name.to_owned(), records));
    }
    let text = |s: &Option<Spanned<String>>| s.as_ref().map(|s| s.get_ref().trim().to_owned());
    Ok(Profile {
        name: name.to_owned(),
        source: text(&raw.source),
        checked: text(&raw.checked),
        notes: text(&raw.notes),
        hosts,
        spf_includes,
        mx_sets,
    })
}

/// Validates a list of profiles: each one, and their names unique (ignoring case).
///
/// # Errors
/// The first mistake, with its span.
pub fn validate_all(raw: &[RawProfile]) -> Result<Vec<Profile>, ProfileError> {
    let mut out: Vec<Profile> = Vec::with_capacity(raw.len());
    for r in raw {
        let profile = validate(r)?;
        if out
            .iter()
            .any(|p| p.name.eq_ignore_ascii_case(&profile.name))
        {
            return Err(error(
                format!("mail provider `{}` defined twice", profile.name),
                r.name.span(),
                None,
            ));
        }
        out.push(profile);
    }
    Ok(out)
}

/// A profiles file: `[[mail-providers]]` tables.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default, rename = "mail-providers")]
    mail_providers: Vec<RawProfile>,
}

/// Parses a profiles file (the built-in one's format).
///
/// # Errors
/// Invalid TOML, unknown keys, or an invalid profile.
pub fn parse_file(text: &str) -> Result<Vec<Profile>, ProfileError> {
    let file: File = toml::from_str(text)
        .map_err(|e| error(e.message().to_owned(), e.span().unwrap_or(0..0), None))?;
    validate_all(&file.mail_providers)
}

/// The built-in profiles, all of them (docs, `zonelint rule`, tests); a run builds only the
/// ones its exchanges need ([`builtin_owning`]).
#[must_use]
pub fn builtin() -> &'static [Profile] {
    static BUILTIN: OnceLock<Vec<Profile>> = OnceLock::new();
    BUILTIN.get_or_init(|| {
        builtin_sections()
            .iter()
            .map(|section| section.profile().clone())
            .collect()
    })
}

/// One `[[mail-providers]]` table of the built-in file, as build.rs compiles it in: names
/// already lowercase and in wire form, MX records already split (see there why: a run never
/// parses TOML, nor validates, for the built-in profiles; a test holds these tables equal to
/// what [`validate`] makes of the file).
struct BuiltinTable {
    name: &'static str,
    source: Option<&'static str>,
    checked: Option<&'static str>,
    notes: Option<&'static str>,
    hosts: &'static [BuiltinDomain],
    spf_includes: &'static [BuiltinDomain],
    mx_sets: &'static [BuiltinMxSet],
}

struct BuiltinDomain {
    text: &'static str,
    wire: &'static [u8],
}

struct BuiltinMxSet {
    name: &'static str,
    mx: &'static [BuiltinMx],
}

struct BuiltinMx {
    preference: u16,
    wildcard: bool,
    base: BuiltinDomain,
}

include!(concat!(env!("OUT_DIR"), "/mail_providers.rs"));

impl BuiltinDomain {
    fn domain(&self) -> Domain {
        Domain {
            text: self.text.to_owned(),
            wire: self.wire.to_vec(),
        }
    }
}

impl BuiltinTable {
    /// The profile, copied out of the compiled table.
    fn profile(&self) -> Profile {
        Profile {
            name: self.name.to_owned(),
            source: self.source.map(str::to_owned),
            checked: self.checked.map(str::to_owned),
            notes: self.notes.map(str::to_owned),
            hosts: self.hosts.iter().map(BuiltinDomain::domain).collect(),
            spf_includes: self
                .spf_includes
                .iter()
                .map(BuiltinDomain::domain)
                .collect(),
            mx_sets: self
                .mx_sets
                .iter()
                .map(|set| {
                    let records = set
                        .mx
                        .iter()
                        .map(|mx| MxEntry {
                            preference: mx.preference,
                            exchange: Exchange {
                                wildcard: mx.wildcard,
                                base: mx.base.domain(),
                            },
                        })
                        .collect();
                    MxSet::new(set.name.to_owned(), records)
                })
                .collect(),
        }
    }
}

/// A built-in table and its profile, made on first use: a run whose exchanges are Google's
/// makes Google's alone.
struct BuiltinSection {
    table: &'static BuiltinTable,
    profile: OnceLock<Profile>,
}

impl BuiltinSection {
    fn profile(&self) -> &Profile {
        self.profile.get_or_init(|| self.table.profile())
    }

    fn owns(&self, exchange: &[u8]) -> bool {
        self.table
            .hosts
            .iter()
            .any(|host| name::ends_with_name(exchange, host.wire))
    }
}

fn builtin_sections() -> &'static [BuiltinSection] {
    static SECTIONS: OnceLock<Vec<BuiltinSection>> = OnceLock::new();
    SECTIONS.get_or_init(|| {
        BUILTIN_TABLES
            .iter()
            .map(|table| BuiltinSection {
                table,
                profile: OnceLock::new(),
            })
            .collect()
    })
}

/// The built-in profiles owning at least one of `exchanges` (any case), in the file's order,
/// validating only those. Profiles that own none of a run's exchanges cannot matter to it.
pub fn builtin_owning<'e>(exchanges: impl IntoIterator<Item = &'e [u8]>) -> Vec<&'static Profile> {
    let sections = builtin_sections();
    let mut wanted = vec![false; sections.len()];
    let mut left = sections.len();
    for exchange in exchanges {
        for (section, want) in sections.iter().zip(wanted.iter_mut()) {
            if !*want && section.owns(exchange) {
                *want = true;
                left -= 1;
            }
        }
        if left == 0 {
            break;
        }
    }
    sections
        .iter()
        .zip(wanted)
        .filter(|&(_, want)| want)
        .map(|(section, _)| section.profile())
        .collect()
}

/// The profiles of a run: the user's (from the config) first, then the given built-in ones
/// whose name no user profile takes.
#[must_use]
pub fn effective<'a>(user: &'a [Profile], builtin: &[&'a Profile]) -> Vec<&'a Profile> {
    let mut out: Vec<&Profile> = user.iter().collect();
    out.extend(
        builtin
            .iter()
            .filter(|b| !user.iter().any(|u| u.name.eq_ignore_ascii_case(&b.name))),
    );
    out
}

/// The profiles as the markdown of `docs/mail-providers.md` shows them.
#[must_use]
pub fn markdown(profiles: &[Profile]) -> String {
    let mut out = String::new();
    for p in profiles {
        let _ = writeln!(out, "### {}\n", p.name);
        match (&p.source, &p.checked) {
            (Some(source), Some(checked)) => {
                let _ = writeln!(out, "- Source: <{source}> (checked {checked})");
            }
            (Some(source), None) => {
                let _ = writeln!(out, "- Source: <{source}>");
            }
            _ => {}
        }
        let hosts: Vec<String> = p.hosts.iter().map(|h| format!("`{}`", h.text)).collect();
        let _ = writeln!(out, "- Exchanges: names at or below {}", hosts.join(", "));
        for set in &p.mx_sets {
            let _ = writeln!(out, "- MX set \"{}\": {}", set.name, set.text());
        }
        let includes: Vec<String> = p
            .spf_includes
            .iter()
            .map(|d| format!("`include:{}`", d.text))
            .collect();
        if !includes.is_empty() {
            let _ = writeln!(out, "- SPF: {}", includes.join(" or "));
        }
        if let Some(notes) = &p.notes {
            let _ = writeln!(out, "- Notes: {notes}");
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire(text: &str) -> Vec<u8> {
        crate::policy::spf_graph::domain_wire(text.as_bytes()).expect("a name")
    }

    #[test]
    fn builtin_profiles_parse_and_have_sources() {
        let profiles = parse_file(BUILTIN_TOML).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(profiles.len(), builtin().len());
        for name in [
            "Google Workspace",
            "Microsoft 365",
            "Zoho Mail",
            "Zoho Mail (EU)",
            "Fastmail",
            "Proton Mail",
            "iCloud Mail",
        ] {
            assert!(profiles.iter().any(|p| p.name == name), "{name}");
        }
        for p in &profiles {
            assert!(
                p.source
                    .as_deref()
                    .is_some_and(|s| s.starts_with("https://")),
                "{}: a built-in profile cites its source",
                p.name
            );
            assert!(p.checked.is_some(), "{}: and when it was checked", p.name);
            assert!(p.notes.is_some(), "{}: and what was confirmed", p.name);
            assert!(!p.spf_includes.is_empty(), "{}", p.name);
        }
    }

    #[test]
    fn the_compiled_tables_are_the_files_profiles() {
        let sections = builtin_sections();
        let whole_file = parse_file(BUILTIN_TOML).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(sections.len(), whole_file.len());
        assert_eq!(builtin(), whole_file.as_slice());
        for (section, whole) in sections.iter().zip(&whole_file) {
            // Names, wire forms, MX sets: what the runtime validation makes of the file.
            assert_eq!(section.profile(), whole, "{}", whole.name);
        }
    }

    #[test]
    fn only_the_profiles_owning_an_exchange_are_taken() {
        let names = |exchanges: &[&str]| {
            let wires: Vec<Vec<u8>> = exchanges.iter().map(|e| wire(e)).collect();
            builtin_owning(wires.iter().map(Vec::as_slice))
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&["alt1.ASPMX.l.google.com"]), ["Google Workspace"]);
        assert!(names(&["mail.example.com", "google.com.example"]).is_empty());
        // The file's order, whatever the exchanges' order.
        assert_eq!(
            names(&["mx01.mail.icloud.com", "smtp.google.com", "mx.zoho.eu"]),
            ["Google Workspace", "Zoho Mail (EU)", "iCloud Mail"]
        );
    }

    #[test]
    fn exchanges_are_recognised_by_suffix_and_pattern() {
        let profiles = builtin();
        let owner = |exchange: &str| {
            profiles
                .iter()
                .find(|p| p.owns(&wire(exchange)))
                .map(|p| p.name.as_str())
        };
        assert_eq!(owner("ASPMX.L.Google.COM."), Some("Google Workspace"));
        assert_eq!(owner("aspmx2.googlemail.com"), Some("Google Workspace"));
        assert_eq!(
            owner("contoso-com.mail.protection.outlook.com"),
            Some("Microsoft 365")
        );
        assert_eq!(
            owner("contoso-com.o-v1.mx.microsoft"),
            Some("Microsoft 365")
        );
        assert_eq!(owner("mx.zoho.com"), Some("Zoho Mail"));
        assert_eq!(owner("mx.zoho.com.au"), Some("Zoho Mail (Australia)"));
        assert_eq!(owner("mx2.zoho.eu"), Some("Zoho Mail (EU)"));
        // Label boundaries: not a suffix of a label.
        assert_eq!(owner("notgoogle.com"), None);
        assert_eq!(owner("aspmx.l.gogle.com"), None);
        assert_eq!(owner("mail.example.com"), None);

        let microsoft = profiles
            .iter()
            .find(|p| p.name == "Microsoft 365")
            .expect("profile");
        let pattern = &microsoft.mx_sets[0].records[0].exchange;
        assert!(pattern.matches(&wire("Contoso-com.mail.protection.outlook.com")));
        assert!(!pattern.matches(&wire("mail.protection.outlook.com")));
        assert!(!pattern.matches(&wire("contoso-com.mx.microsoft")));
        assert_eq!(pattern.text(), "*.mail.protection.outlook.com.");
        let google = &profiles[0];
        assert!(
            google.mx_sets[0].records[0]
                .exchange
                .matches(&wire("SMTP.google.com."))
        );
        assert!(
            !google.mx_sets[0].records[0]
                .exchange
                .matches(&wire("x.smtp.google.com."))
        );
        assert!(google.is_spf_include(&wire("_SPF.google.com")));
        assert!(!google.is_spf_include(&wire("google.com")));
    }

    fn parse(text: &str) -> Result<Vec<Profile>, ProfileError> {
        parse_file(text)
    }

    const MINIMAL: &str = "[[mail-providers]]\nname = \"Example\"\nhosts = [\"example.net\"]\n\
                           mx-sets = [{ name = \"a\", mx = [\"10 *.mx.example.net\"] }]\n";

    #[test]
    fn a_minimal_user_profile_is_enough() {
        let profiles = parse(MINIMAL).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(profiles[0].name, "Example");
        assert!(profiles[0].spf_includes.is_empty());
        assert_eq!(
            profiles[0].mx_sets[0].records[0].text(),
            "10 *.mx.example.net."
        );
    }

    #[test]
    fn mistakes_point_at_their_value() {
        for (text, bad) in [
            (MINIMAL.replace("10 *", "ten *"), "\"ten *.mx.example.net\""),
            (
                MINIMAL.replace("10 *.mx", "10 *.mx."),
                "\"10 *.mx..example.net\"",
            ),
            (
                MINIMAL.replace("[\"example.net\"]", "[\"exa mple.net\"]"),
                "\"exa mple.net\"",
            ),
            (MINIMAL.replace("[\"example.net\"]", "[]"), "[]"),
            (
                MINIMAL.replace("hosts", "checked = \"2026-13-01\"\nhosts"),
                "\"2026-13-01\"",
            ),
            (
                MINIMAL.replace("hosts", "source = \"example.net\"\nhosts"),
                "\"example.net\"",
            ),
            (MINIMAL.replace("\"10 *.mx.example.net\"", ""), "[]"),
            (
                MINIMAL.replace("10 *.mx", "70000 *.mx"),
                "\"70000 *.mx.example.net\"",
            ),
        ] {
            let Err(e) = parse(&text) else {
                panic!("accepted: {text}")
            };
            assert_eq!(&text[e.span.clone()], bad, "{}", e.message);
        }
        // Not below the hosts.
        let e = parse(&MINIMAL.replace("*.mx.example.net", "mx.example.org")).expect_err("foreign");
        assert!(e.message.contains("not below"), "{}", e.message);
        // Unknown key, repeated names.
        let e = parse(&MINIMAL.replace("hosts", "hots = []\nhosts")).expect_err("unknown key");
        assert!(e.message.contains("hots"), "{}", e.message);
        let twice = format!("{MINIMAL}{}", MINIMAL.replace("Example", "EXAMPLE"));
        let e = parse(&twice).expect_err("repeated name");
        assert_eq!(&twice[e.span.clone()], "\"EXAMPLE\"");
    }

    #[test]
    fn dates() {
        assert!(is_date("2026-11-22"));
        assert!(!is_date("2026-1-22"));
        assert!(!is_date("2026-00-22"));
        assert!(!is_date("2026-11-32"));
        assert!(!is_date("22-11-2026"));
        assert!(!is_date("2026/11/22"));
    }

    #[test]
    fn user_profiles_come_first_and_replace_by_name() {
        let mut user = parse(MINIMAL).expect("valid");
        let every: Vec<&Profile> = builtin().iter().collect();
        let all = effective(&user, &every);
        assert_eq!(all[0].name, "Example");
        assert_eq!(all.len(), builtin().len() + 1);
        user[0].name = "google workspace".to_owned();
        let all = effective(&user, &every);
        assert_eq!(all.len(), builtin().len());
        assert_eq!(all[0].name, "google workspace");
        assert!(all[1..].iter().all(|p| p.name != "Google Workspace"));
    }

    /// `docs/mail-providers.md` shows the built-in profiles between two markers; this keeps it
    /// current (`UPDATE_DOCS=1` rewrites it).
    #[test]
    fn docs_list_the_builtin_profiles() {
        const BEGIN: &str = "<!-- begin: generated from src/policy/mail_providers.toml -->\n";
        const END: &str = "<!-- end: generated -->";
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/mail-providers.md");
        let doc = std::fs::read_to_string(path).unwrap_or_default();
        let (Some(start), Some(end)) = (doc.find(BEGIN), doc.find(END)) else {
            panic!("{path}: the generated section's markers are missing");
        };
        let want = format!("{BEGIN}\n{}", markdown(builtin()));
        let have = &doc[start..end];
        if have != want && std::env::var_os("UPDATE_DOCS").is_some() {
            let updated = format!("{}{want}{}", &doc[..start], &doc[end..]);
            std::fs::write(path, updated).expect("write the docs");
            return;
        }
        assert!(
            have == want,
            "docs/mail-providers.md is stale: run `UPDATE_DOCS=1 cargo test --lib mail_providers`"
        );
    }
}
