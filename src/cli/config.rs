//! The config file (`.zonelint.toml` or `zonelint.toml`): its schema, finding the nearest one
//! above a file, and its errors, rendered by miette pointing into the TOML. Hands out plain data
//! (patterns, origins, selection, levels, rule settings); discovery and the check command apply
//! it. The schema is documented in `docs/config.md`.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::ValueEnum;
use globset::{GlobBuilder, GlobMatcher};
use miette::{GraphicalReportHandler, GraphicalTheme, NamedSource, SourceSpan};
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use toml::Spanned;

use super::args::FailOn;
use super::selection::{SelectionLayer, Selector, UnknownSelector};
use crate::policy::mail_providers::{self, RawProfile};
use crate::rules::{Group, Level, RuleSettings};

/// The names a config file may have, in the order they are looked for in each directory.
pub const FILE_NAMES: [&str; 2] = [".zonelint.toml", "zonelint.toml"];

/// A loaded config file.
#[derive(Debug)]
pub struct Config {
    /// The file itself.
    pub path: PathBuf,
    /// Its directory: every pattern in it is relative to this.
    pub root: PathBuf,
    pub fail_on: Option<FailOn>,
    /// `[rules] select`, `extend-select`, `ignore`.
    pub selection: SelectionLayer,
    /// `[rules.severity]`, groups expanded to ids, in file order (later entries win).
    pub severities: Vec<(&'static str, Level)>,
    /// `[files] include`: names a directory walk takes (empty: the built-in patterns).
    pub include: Vec<String>,
    /// `[files] exclude`: paths a directory walk skips.
    pub exclude: Vec<String>,
    /// `[origins]`: file pattern → origin, in file order; the first match wins.
    pub origins: Vec<(String, String)>,
    origin_matchers: Vec<GlobMatcher>,
    per_file_ignores: Vec<PerFileIgnore>,
    /// `[settings]`: what the rules that take settings are given.
    pub settings: Arc<RuleSettings>,
}

#[derive(Debug)]
struct PerFileIgnore {
    files: Vec<GlobMatcher>,
    ignore: Vec<Selector>,
}

/// A config file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Invalid(Box<InvalidConfig>),
}

/// A config file with a mistake at a place in its text.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{message}")]
pub struct InvalidConfig {
    message: String,
    #[source_code]
    text: NamedSource<String>,
    #[label]
    span: Option<SourceSpan>,
    #[help]
    help: Option<String>,
}

impl ConfigError {
    /// The error as the terminal shows it: miette's report, the TOML underlined.
    #[must_use]
    pub fn render(&self, color: bool) -> String {
        match self {
            ConfigError::Read { .. } => format!("zonelint: {self}\n"),
            ConfigError::Invalid(invalid) => {
                let theme = if color {
                    GraphicalTheme::unicode()
                } else {
                    GraphicalTheme::unicode_nocolor()
                };
                let mut out = String::new();
                let handler = GraphicalReportHandler::new_themed(theme);
                if handler.render_report(&mut out, invalid.as_ref()).is_err() {
                    out = format!("zonelint: {}\n", invalid.message);
                }
                out
            }
        }
    }
}

// The file as written. Every table denies unknown keys, so a typo is an error at its span.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    fail_on: Option<Spanned<String>>,
    #[serde(default)]
    rules: RawRules,
    #[serde(default)]
    files: RawFiles,
    #[serde(default, deserialize_with = "in_order")]
    origins: SpannedPairs,
    #[serde(default)]
    per_file_ignores: Vec<RawPerFileIgnore>,
    #[serde(default)]
    settings: RawSettings,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRules {
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    extend_select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default, deserialize_with = "in_order")]
    severity: SpannedPairs,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFiles {
    #[serde(default)]
    include: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerFileIgnore {
    files: Vec<Spanned<String>>,
    ignore: Vec<Spanned<String>>,
}

/// Settings of rules that take some.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSettings {
    /// `[[settings.mail-providers]]`: mail provider profiles (`mx-provider-mismatch`).
    #[serde(default)]
    mail_providers: Vec<RawProfile>,
}

/// A table's entries with their spans, in file order.
type SpannedPairs = Vec<(Spanned<String>, Spanned<String>)>;

/// A table of strings, kept in file order (first-match-wins tables depend on it).
fn in_order<'de, D: Deserializer<'de>>(d: D) -> Result<SpannedPairs, D::Error> {
    struct InOrder;
    impl<'de> Visitor<'de> for InOrder {
        type Value = SpannedPairs;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a table of strings")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(key) = map.next_key()? {
                out.push((key, map.next_value()?));
            }
            Ok(out)
        }
    }
    d.deserialize_map(InOrder)
}

/// Compiles a pattern of the config file. Patterns are matched against paths relative to the
/// config's directory, `/`-separated; one without a `/` (other than a trailing one) matches a
/// name at any depth, like `.gitignore`. A pattern matching a directory matches what is in it.
///
/// # Errors
/// When the pattern is not a valid glob.
pub fn compile_pattern(pattern: &str) -> Result<GlobMatcher, globset::Error> {
    let trimmed = pattern.trim_end_matches('/');
    let trimmed = trimmed.strip_prefix("./").unwrap_or(trimmed);
    let full = if trimmed.contains('/') {
        trimmed.trim_start_matches('/').to_owned()
    } else {
        format!("**/{trimmed}")
    };
    Ok(GlobBuilder::new(&full)
        .literal_separator(true)
        .build()?
        .compile_matcher())
}

/// Whether `relative` or one of the directories it is in matches.
fn matches_path(matcher: &GlobMatcher, relative: &Path) -> bool {
    relative
        .ancestors()
        .filter(|p| !p.as_os_str().is_empty())
        .any(|p| matcher.is_match(p))
}

struct Builder<'a> {
    path: &'a Path,
    text: &'a str,
}

impl Builder<'_> {
    fn error(
        &self,
        message: String,
        span: Option<std::ops::Range<usize>>,
        help: Option<String>,
    ) -> ConfigError {
        ConfigError::Invalid(Box::new(InvalidConfig {
            message,
            text: NamedSource::new(self.path.display().to_string(), self.text.to_owned()),
            span: span.map(SourceSpan::from),
            help,
        }))
    }

    fn selectors(&self, list: &[Spanned<String>]) -> Result<Vec<Selector>, ConfigError> {
        list.iter().map(|s| self.selector(s)).collect()
    }

    fn selector(&self, text: &Spanned<String>) -> Result<Selector, ConfigError> {
        Selector::parse(text.get_ref()).map_err(|UnknownSelector(name)| {
            self.error(
                format!("unknown rule or group `{name}`"),
                Some(text.span()),
                Some("`zonelint rules` lists the rules and their groups".into()),
            )
        })
    }

    fn pattern(&self, text: &Spanned<String>) -> Result<GlobMatcher, ConfigError> {
        compile_pattern(text.get_ref()).map_err(|e| {
            self.error(
                format!("invalid pattern `{}`: {}", text.get_ref(), e.kind()),
                Some(text.span()),
                None,
            )
        })
    }

    fn build(&self, raw: RawConfig) -> Result<Config, ConfigError> {
        let fail_on = raw
            .fail_on
            .map(|f| {
                FailOn::from_str(f.get_ref(), false).map_err(|_| {
                    self.error(
                        format!("unknown fail-on level `{}`", f.get_ref()),
                        Some(f.span()),
                        Some("use `error`, `warning`, `info` or `never`".into()),
                    )
                })
            })
            .transpose()?;
        let selection = SelectionLayer {
            select: raw
                .rules
                .select
                .as_deref()
                .map(|s| self.selectors(s))
                .transpose()?,
            extend_select: self.selectors(&raw.rules.extend_select)?,
            ignore: self.selectors(&raw.rules.ignore)?,
        };
        let mut severities = Vec::new();
        for (name, level) in &raw.rules.severity {
            let selector = self.selector(name)?;
            let level = Level::from_name(level.get_ref()).ok_or_else(|| {
                self.error(
                    format!("unknown severity `{}`", level.get_ref()),
                    Some(level.span()),
                    Some("use `off`, `info`, `warning` or `error`".into()),
                )
            })?;
            severities.extend(
                super::selection::ids_matching(selector)
                    .into_iter()
                    .map(|id| (id, level)),
            );
        }
        let mut patterns = Vec::new();
        for p in raw.files.include.iter().chain(&raw.files.exclude) {
            self.pattern(p)?;
            patterns.push(p.get_ref().clone());
        }
        let exclude = patterns.split_off(raw.files.include.len());
        let mut origins = Vec::new();
        let mut origin_matchers = Vec::new();
        for (pattern, origin) in &raw.origins {
            origin_matchers.push(self.pattern(pattern)?);
            origins.push((pattern.get_ref().clone(), origin.get_ref().clone()));
        }
        let mut per_file_ignores = Vec::new();
        for entry in &raw.per_file_ignores {
            per_file_ignores.push(PerFileIgnore {
                files: entry
                    .files
                    .iter()
                    .map(|p| self.pattern(p))
                    .collect::<Result<_, _>>()?,
                ignore: self.selectors(&entry.ignore)?,
            });
        }
        let mail_providers = mail_providers::validate_all(&raw.settings.mail_providers)
            .map_err(|e| self.error(e.message, Some(e.span), e.help))?;
        Ok(Config {
            path: self.path.to_owned(),
            root: self.path.parent().unwrap_or(Path::new("")).to_owned(),
            fail_on,
            selection,
            severities,
            include: patterns,
            exclude,
            origins,
            origin_matchers,
            per_file_ignores,
            settings: Arc::new(RuleSettings { mail_providers }),
        })
    }
}

impl Config {
    /// Parses a config file's text; `path` names it in errors and anchors its patterns.
    ///
    /// # Errors
    /// On invalid TOML, unknown keys, unknown rules or levels, and invalid patterns.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let builder = Builder { path, text };
        let raw: RawConfig = toml::from_str(text)
            .map_err(|e| builder.error(e.message().to_owned(), e.span(), None))?;
        builder.build(raw)
    }

    /// Reads and parses a config file.
    ///
    /// # Errors
    /// When it cannot be read, or as [`Config::parse`].
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        Config::parse(path, &text)
    }

    /// `file` relative to the config's directory, when it is below it.
    fn relative<'p>(&self, file: &'p Path) -> Option<&'p Path> {
        file.strip_prefix(&self.root).ok()
    }

    /// The origin `[origins]` gives `file` (an absolute path), if any.
    #[must_use]
    pub fn origin_for(&self, file: &Path) -> Option<&str> {
        let relative = self.relative(file)?;
        self.origin_matchers
            .iter()
            .position(|m| matches_path(m, relative))
            .map(|i| self.origins[i].1.as_str())
    }

    /// Whether `[[per-file-ignores]]` drops findings of rule `id` (of `group`) in `file` (an
    /// absolute path).
    #[must_use]
    pub fn ignores(&self, file: &Path, id: &str, group: Group) -> bool {
        let Some(relative) = self.relative(file) else {
            return false;
        };
        self.per_file_ignores.iter().any(|entry| {
            entry.ignore.iter().any(|s| s.matches(id, group))
                && entry.files.iter().any(|m| matches_path(m, relative))
        })
    }
}

/// `path` made absolute, symbolic links and `..` resolved when it exists.
#[must_use]
pub fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_owned())
}

/// Config files found so far, by directory: each directory is looked at once per run.
#[derive(Debug, Default)]
pub struct Configs {
    by_dir: HashMap<PathBuf, Option<Arc<Config>>>,
}

impl Configs {
    /// The nearest config above `file` (in its directory or a parent), an absolute path (see
    /// [`absolute`]: callers have it already, and it costs a system call per component).
    ///
    /// # Errors
    /// When the nearest config file is unreadable or invalid.
    pub fn for_file(&mut self, file: &Path) -> Result<Option<Arc<Config>>, ConfigError> {
        match file.parent() {
            Some(dir) => self.for_dir(dir),
            None => Ok(None),
        }
    }

    /// The nearest config in `dir` (absolute) or a parent: what stdin uses, from the working
    /// directory.
    ///
    /// # Errors
    /// When the nearest config file is unreadable or invalid.
    pub fn for_dir(&mut self, dir: &Path) -> Result<Option<Arc<Config>>, ConfigError> {
        let mut visited = Vec::new();
        let mut found = None;
        for d in dir.ancestors() {
            if let Some(cached) = self.by_dir.get(d) {
                found.clone_from(cached);
                break;
            }
            visited.push(d.to_owned());
            if let Some(path) = FILE_NAMES.iter().map(|n| d.join(n)).find(|p| p.is_file()) {
                found = Some(Arc::new(Config::load(&path)?));
                break;
            }
        }
        for d in visited {
            self.by_dir.insert(d, found.clone());
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("/p/zonelint.toml"), text)
    }

    #[test]
    fn full_schema_parses() {
        let config = parse(
            r#"
            fail-on = "error"
            [rules]
            select = ["mx", "spf-missing"]
            extend-select = ["all"]
            ignore = ["syntax"]
            [rules.severity]
            mx-single-exchange = "error"
            spf = "info"
            [files]
            include = ["*.zone", "db.*"]
            exclude = ["drafts/"]
            [origins]
            "legacy/db.*" = "legacy.example."
            "db.*" = "other.example."
            [[per-file-ignores]]
            files = ["legacy/**"]
            ignore = ["mx-wildcard"]
            [settings]
            "#,
        )
        .expect("valid config");
        assert_eq!(config.fail_on, Some(FailOn::Error));
        assert_eq!(config.root, Path::new("/p"));
        assert_eq!(config.include, ["*.zone", "db.*"]);
        assert_eq!(config.exclude, ["drafts/"]);
        assert_eq!(config.severities[0], ("mx-single-exchange", Level::Error));
        assert!(config.severities.contains(&("spf-ptr", Level::Info)));
        assert_eq!(
            config.origin_for(Path::new("/p/legacy/db.x")),
            Some("legacy.example.")
        );
        assert_eq!(
            config.origin_for(Path::new("/p/sub/db.x")),
            Some("other.example.")
        );
        assert_eq!(config.origin_for(Path::new("/p/x.zone")), None);
        assert!(config.ignores(Path::new("/p/legacy/a/b.zone"), "mx-wildcard", Group::Mx));
        assert!(!config.ignores(Path::new("/p/b.zone"), "mx-wildcard", Group::Mx));
    }

    #[test]
    fn the_documented_example_parses() {
        let doc = include_str!("../../docs/config.md");
        let start = doc.find("```toml\n").expect("a toml block") + "```toml\n".len();
        let len = doc[start..].find("```").expect("its end");
        let config = parse(&doc[start..start + len]).expect("the example is valid");
        assert_eq!(config.exclude, ["drafts/", "archive/**"]);
        assert_eq!(config.settings.mail_providers[0].name, "Example Mail");
    }

    #[test]
    fn mail_provider_profiles_are_validated_with_spans() {
        let profile = "[[settings.mail-providers]]\nname = \"Example\"\nhosts = [\"example.net\"]\n\
                       mx-sets = [{ name = \"a\", mx = [\"10 mx.example.net\"] }]\n";
        let config = parse(profile).expect("valid profile");
        assert_eq!(config.settings.mail_providers.len(), 1);
        assert!(parse("").expect("empty").settings.mail_providers.is_empty());
        for (text, bad) in [
            (profile.replace("10 mx", "x mx"), "\"x mx.example.net\""),
            (
                profile.replace("10 mx.example.net", "10 mx.example.org"),
                "\"10 mx.example.org\"",
            ),
            (profile.replace("hosts", "host = 1\nhosts"), "host"),
        ] {
            let Err(ConfigError::Invalid(e)) = parse(&text) else {
                panic!("accepted: {text}")
            };
            let span = e.span.expect("span");
            assert_eq!(
                &text[span.offset()..span.offset() + span.len()],
                bad,
                "{}",
                e.message
            );
        }
    }

    #[test]
    fn mistakes_point_at_their_span() {
        let text = "[rules]\nselct = [\"mx\"]\n";
        let Err(ConfigError::Invalid(e)) = parse(text) else {
            panic!("expected an error")
        };
        let span = e.span.expect("span");
        assert_eq!(&text[span.offset()..span.offset() + span.len()], "selct");
        for bad in [
            "[settings]\nx = 1\n",
            "[rules]\nignore = [\"mx-nope\"]\n",
            "[rules.severity]\nmx-wildcard = \"loud\"\n",
            "fail-on = \"sometimes\"\n",
            "[files]\ninclude = [\"a[\"]\n",
        ] {
            assert!(matches!(parse(bad), Err(ConfigError::Invalid(_))), "{bad}");
        }
    }
}
