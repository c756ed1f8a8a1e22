//! Which files to read and which to report on (docs/discovery.md).
//!
//! Paths named on the command line are always read and reported on, whatever their name;
//! directories are walked with ripgrep's walker (`.gitignore`, `.ignore` and hidden entries
//! skipped) for files that look like zones. `-` is stdin. In project mode every zone under the
//! project root is read as well, for context, but only the named inputs are reported on. This
//! module decides; it reads no zone and prints nothing.

use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use ignore::WalkBuilder;

use crate::zone::origin::infer_from_file_name;

/// The command-line argument that stands for stdin.
pub const STDIN_ARG: &str = "-";
/// The name stdin goes by in messages when no `--stdin-filename` is given.
pub const STDIN_NAME: &str = "<stdin>";
/// Config files whose directory is the project root.
pub const ROOT_MARKERS: &[&str] = &["zonelint.toml", ".zonelint.toml"];

/// How directory walks pick zone files: plain data, filled from the command line or the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscoveryOptions {
    /// Globs taken as zone files on top of the defaults (`*.hosts`, `zones/**`).
    pub include: Vec<String>,
    /// Globs never read by a walk (files or whole directories); named paths are still read.
    pub exclude: Vec<String>,
    /// Whether the built-in patterns apply: `*.zone`, `*.db`, `db.*`, a domain name.
    pub default_include: bool,
}

impl Default for DiscoveryOptions {
    fn default() -> Self {
        Self {
            include: Vec::new(),
            exclude: Vec::new(),
            default_include: true,
        }
    }
}

/// A failure to find the files (a bad pattern, an unreadable directory).
#[derive(Debug, thiserror::Error)]
pub enum DiscoveryError {
    #[error("invalid pattern `{pattern}`: {source}")]
    BadPattern {
        pattern: String,
        source: globset::Error,
    },
    #[error("cannot walk `{path}`: {source}")]
    Walk {
        path: PathBuf,
        source: ignore::Error,
    },
}

/// Where one input's text comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    File(PathBuf),
    /// Stdin, under the name used for messages, origin inference and `$INCLUDE`s.
    Stdin(PathBuf),
}

impl Source {
    #[must_use]
    pub fn path(&self) -> &Path {
        match self {
            Source::File(p) | Source::Stdin(p) => p,
        }
    }
}

/// One file to read, and whether its findings are reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub source: Source,
    /// Named on the command line (or found in a named directory): reported on. Otherwise read
    /// for context only.
    pub named: bool,
    /// Its canonical path, when it exists (found while removing duplicates; later steps need it
    /// too, and each costs a system call per path component).
    pub canonical: Option<PathBuf>,
}

/// What a run reads: the named inputs first, sorted (so a named zone wins over another file
/// of the project with the same apex), then the rest of the project, sorted.
#[derive(Debug, Default)]
pub struct Plan {
    pub inputs: Vec<Input>,
    /// Problems met on the way (the run goes on without the unreadable parts).
    pub errors: Vec<DiscoveryError>,
}

impl Plan {
    #[must_use]
    pub fn named(&self) -> usize {
        self.inputs.iter().filter(|i| i.named).count()
    }

    #[must_use]
    pub fn reads_stdin(&self) -> bool {
        self.inputs
            .iter()
            .any(|i| matches!(i.source, Source::Stdin(_)))
    }
}

/// Whether a file's name looks like a zone's by the built-in patterns.
#[must_use]
pub fn looks_like_zone_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let lower = name.to_ascii_lowercase();
    // Extensions of files that live beside zones but are not zones (includes, docs, configs):
    // `notes.md` would otherwise pass the domain-name test.
    const NOT_ZONES: &[&str] = &[
        "inc", "include", "txt", "md", "conf", "cfg", "sh", "py", "json", "yaml", "yml", "toml",
        "key", "private", "jnl", "bak", "orig", "tmp", "log", "html", "xml", "csv", "in", "out",
    ];
    if lower
        .rsplit_once('.')
        .is_some_and(|(_, ext)| NOT_ZONES.contains(&ext))
    {
        return false;
    }
    let ext_is = |e: &str| path.extension().is_some_and(|x| x.eq_ignore_ascii_case(e));
    ext_is("zone")
        || ext_is("db")
        || lower.starts_with("db.")
        || infer_from_file_name(path).is_some()
}

/// The include and exclude patterns, compiled.
#[derive(Debug, Clone)]
struct Matcher {
    include: GlobSet,
    exclude: GlobSet,
    default_include: bool,
}

/// A pattern matches the end of a path, at any depth: `*.hosts` any file name ending so,
/// `archive/*.zone` the zones of any `archive` directory. `*` stays within one component. A
/// trailing `/` (`drafts/`, as in `.gitignore`) names a directory: the same as without it.
fn glob_set(patterns: &[String]) -> Result<GlobSet, DiscoveryError> {
    let mut set = GlobSetBuilder::new();
    for pattern in patterns {
        let anchored = pattern
            .trim_start_matches("./")
            .trim_start_matches('/')
            .trim_end_matches('/');
        let glob = GlobBuilder::new(&format!("**/{anchored}"))
            .literal_separator(true)
            .build()
            .map_err(|source| DiscoveryError::BadPattern {
                pattern: pattern.clone(),
                source,
            })?;
        set.add(glob);
    }
    set.build().map_err(|source| DiscoveryError::BadPattern {
        pattern: patterns.join(", "),
        source,
    })
}

impl Matcher {
    fn new(options: &DiscoveryOptions) -> Result<Self, DiscoveryError> {
        Ok(Self {
            include: glob_set(&options.include)?,
            exclude: glob_set(&options.exclude)?,
            default_include: options.default_include,
        })
    }

    fn is_zone_file(&self, path: &Path) -> bool {
        !self.exclude.is_match(path)
            && (self.include.is_match(path) || (self.default_include && looks_like_zone_file(path)))
    }

    /// The zone files under `dir`, sorted; hidden and ignored entries skipped.
    ///
    /// Each comes with its canonical path when `dir` has one: the walk follows no symbolic link
    /// below `dir` and takes no linked file, so that is `dir`'s canonical path joined with the
    /// file's path below it, one system call for the walk instead of one per path component of
    /// every file.
    fn walk(
        &self,
        dir: &Path,
        errors: &mut Vec<DiscoveryError>,
    ) -> Vec<(PathBuf, Option<PathBuf>)> {
        let canonical_dir = std::fs::canonicalize(dir).ok();
        let exclude = self.exclude.clone();
        let walker = WalkBuilder::new(dir)
            .hidden(true)
            .ignore(true)
            .git_ignore(true)
            .git_exclude(true)
            .parents(true)
            // A `.gitignore` counts in a tree that is not (yet) a git repository too.
            .require_git(false)
            .follow_links(false)
            .sort_by_file_name(Ord::cmp)
            .filter_entry(move |e| e.depth() == 0 || !exclude.is_match(e.path()))
            .build();
        let mut found = Vec::new();
        for entry in walker {
            match entry {
                Ok(e) => {
                    if e.file_type().is_some_and(|t| t.is_file()) && self.is_zone_file(e.path()) {
                        let canonical = canonical_dir.as_ref().and_then(|c| {
                            e.path().strip_prefix(dir).ok().map(|below| c.join(below))
                        });
                        found.push((clean(e.into_path()), canonical));
                    }
                }
                Err(source) => errors.push(DiscoveryError::Walk {
                    path: dir.to_path_buf(),
                    source,
                }),
            }
        }
        found.sort();
        found
    }
}

/// `./a/b.zone` → `a/b.zone`, as a user would write it.
fn clean(path: PathBuf) -> PathBuf {
    match path.strip_prefix(".") {
        Ok(rest) if !rest.as_os_str().is_empty() => rest.to_path_buf(),
        _ => path,
    }
}

/// The project root: the nearest directory at or above `cwd` holding one of [`ROOT_MARKERS`].
/// The search stops at a repository's top (a `.git` directory, or file in a worktree) that holds
/// none, so a stray config above a repository never pulls in unrelated zones. `None`: no
/// project, the run reads only what is named.
#[must_use]
pub fn find_project_root(cwd: &Path) -> Option<PathBuf> {
    for dir in cwd.ancestors() {
        if ROOT_MARKERS.iter().any(|m| dir.join(m).is_file()) {
            return Some(dir.to_path_buf());
        }
        if dir.join(".git").exists() {
            return None;
        }
    }
    None
}

/// What a run looks at besides its arguments.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    /// The canonical working directory (relative paths resolve against it).
    pub cwd: &'a Path,
    /// The project root (canonical); `None` for an isolated run.
    pub project_root: Option<&'a Path>,
    pub stdin_filename: Option<&'a Path>,
}

/// The identity of a file: its canonical path, or, for one that does not exist (an editor's
/// unsaved buffer), its absolute path.
enum Identity {
    Canonical(PathBuf),
    Absent(PathBuf),
}

impl Identity {
    fn of(path: &Path, cwd: &Path) -> Self {
        std::fs::canonicalize(path)
            .map_or_else(|_| Identity::Absent(cwd.join(path)), Identity::Canonical)
    }

    fn key(&self) -> &Path {
        match self {
            Identity::Canonical(p) | Identity::Absent(p) => p,
        }
    }

    fn canonical(self) -> Option<PathBuf> {
        match self {
            Identity::Canonical(p) => Some(p),
            Identity::Absent(_) => None,
        }
    }
}

/// The [`Identity`] of each item's path, given its canonical path when known (`None` for an
/// item without an identity).
fn identities<T: Sync>(
    items: &[T],
    cwd: &Path,
    path: impl Fn(&T) -> Option<(&Path, Option<&PathBuf>)> + Sync + Send,
) -> Vec<Option<Identity>> {
    super::threads::map_files(items, |item| {
        path(item).map(|(path, canonical)| match canonical {
            Some(c) => Identity::Canonical(c.clone()),
            None => Identity::of(path, cwd),
        })
    })
}

/// `root` as seen from `cwd` (`.`, `../..`), so project files read as relative paths.
fn relative_root(root: &Path, cwd: &Path) -> PathBuf {
    match cwd.strip_prefix(root) {
        Ok(below) if below.as_os_str().is_empty() => PathBuf::from("."),
        Ok(below) => below.components().map(|_| "..").collect(),
        Err(_) => root.to_path_buf(),
    }
}

/// Decides what to read for `paths` (files, directories, `-`).
///
/// # Errors
/// When a pattern does not compile; unreadable directories are in [`Plan::errors`].
pub fn plan(
    paths: &[PathBuf],
    options: &DiscoveryOptions,
    context: &Context<'_>,
) -> Result<Plan, DiscoveryError> {
    let matcher = Matcher::new(options)?;
    let mut plan = Plan::default();
    // Each with its canonical path when the walk knows it.
    let mut named: Vec<(Source, Option<PathBuf>)> = Vec::new();
    for path in paths {
        if path.as_os_str() == STDIN_ARG {
            let name = context
                .stdin_filename
                .map_or_else(|| PathBuf::from(STDIN_NAME), Path::to_path_buf);
            named.push((Source::Stdin(name), None));
        } else if path.is_dir() {
            named.extend(
                matcher
                    .walk(path, &mut plan.errors)
                    .into_iter()
                    .map(|(path, canonical)| (Source::File(path), canonical)),
            );
        } else {
            named.push((Source::File(clean(path.clone())), None));
        }
    }
    // One read per file: stdin first so that an editor's buffer replaces the file on disk.
    named.sort_by(|(a, _), (b, _)| {
        matches!(b, Source::Stdin(_))
            .cmp(&matches!(a, Source::Stdin(_)))
            .then_with(|| a.path().cmp(b.path()))
    });
    let mut seen = std::collections::HashSet::new();
    let stdin_without_name =
        |s: &Source| matches!(s, Source::Stdin(_)) && context.stdin_filename.is_none();
    let named_ids = identities(&named, context.cwd, |(s, canonical)| {
        (!stdin_without_name(s)).then_some((s.path(), canonical.as_ref()))
    });
    let mut named: Vec<(Source, Option<Identity>)> = named
        .into_iter()
        .map(|(source, _)| source)
        .zip(named_ids)
        .filter(|(_, id)| {
            id.as_ref()
                .is_none_or(|id| seen.insert(id.key().to_owned()))
        })
        .collect();
    named.sort_by(|(a, _), (b, _)| a.path().cmp(b.path()));
    let in_project = context.project_root.filter(|root| {
        named
            .iter()
            .any(|(_, id)| id.as_ref().is_some_and(|id| id.key().starts_with(root)))
    });
    plan.inputs = named
        .into_iter()
        .map(|(source, id)| Input {
            source,
            named: true,
            canonical: id.and_then(Identity::canonical),
        })
        .collect();
    if let Some(root) = in_project {
        // The project's other files are context: a walk error there is not the user's concern.
        let mut ignored = Vec::new();
        let others = matcher.walk(&relative_root(root, context.cwd), &mut ignored);
        let other_ids = identities(&others, context.cwd, |(path, canonical)| {
            Some((path.as_path(), canonical.as_ref()))
        });
        plan.inputs.extend(
            others
                .into_iter()
                .map(|(path, _)| path)
                .zip(other_ids)
                .filter(|(_, id)| {
                    id.as_ref()
                        .is_none_or(|id| seen.insert(id.key().to_owned()))
                })
                .map(|(p, id)| Input {
                    source: Source::File(p),
                    named: false,
                    canonical: id.and_then(Identity::canonical),
                }),
        );
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_patterns() {
        let m = Matcher::new(&DiscoveryOptions::default()).expect("no patterns");
        for yes in [
            "a/x.zone",
            "x.db",
            "db.example",
            "example.com",
            "sub/example.org",
        ] {
            assert!(m.is_zone_file(Path::new(yes)), "{yes}");
        }
        for no in ["README", "notes.md", "x.inc", "zonelint.toml", "a/Makefile"] {
            assert!(!m.is_zone_file(Path::new(no)), "{no}");
        }
    }

    #[test]
    fn include_and_exclude_patterns_match_path_ends() {
        let m = Matcher::new(&DiscoveryOptions {
            include: vec!["*.hosts".into()],
            exclude: vec!["archive/*.zone".into(), "old".into()],
            default_include: true,
        })
        .expect("valid patterns");
        assert!(m.is_zone_file(Path::new("zones/a.hosts")));
        assert!(m.is_zone_file(Path::new("zones/a.zone")));
        assert!(!m.is_zone_file(Path::new("zones/archive/a.zone")));
        assert!(!m.is_zone_file(Path::new("../../archive/a.zone")));
        assert!(m.exclude.is_match(Path::new("zones/old")));
        let only = Matcher::new(&DiscoveryOptions {
            include: vec!["*.hosts".into()],
            exclude: Vec::new(),
            default_include: false,
        })
        .expect("valid patterns");
        assert!(!only.is_zone_file(Path::new("a.zone")));
    }

    #[test]
    fn bad_pattern_is_an_error() {
        let e = Matcher::new(&DiscoveryOptions {
            include: vec!["a[".into()],
            ..DiscoveryOptions::default()
        })
        .expect_err("unclosed class");
        assert!(e.to_string().starts_with("invalid pattern `a[`"), "{e}");
    }

    #[test]
    fn project_root_is_the_nearest_config_within_the_repository() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let top = tmp.path();
        let deep = top.join("repo/zones/sub");
        std::fs::create_dir_all(&deep).expect("dirs");
        assert_eq!(find_project_root(&deep), None);
        std::fs::write(top.join("zonelint.toml"), "").expect("config");
        assert_eq!(find_project_root(&deep).as_deref(), Some(top));
        std::fs::create_dir(top.join("repo/.git")).expect(".git");
        assert_eq!(find_project_root(&deep), None);
        std::fs::write(top.join("repo/zones/.zonelint.toml"), "").expect("config");
        assert_eq!(
            find_project_root(&deep).as_deref(),
            Some(top.join("repo/zones").as_path())
        );
    }

    #[test]
    fn a_walk_knows_the_canonical_path_of_what_it_finds() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let real = tmp.path().join("real");
        std::fs::create_dir_all(real.join("sub")).expect("dirs");
        std::fs::write(real.join("a.example.zone"), "").expect("zone");
        std::fs::write(real.join("sub/db.example"), "").expect("zone");
        std::os::unix::fs::symlink(&real, tmp.path().join("link")).expect("link");
        // A linked file is not taken, nor what a linked directory below the root holds.
        std::os::unix::fs::symlink(real.join("a.example.zone"), real.join("b.example.zone"))
            .expect("link");
        std::os::unix::fs::symlink(real.join("sub"), real.join("other")).expect("link");
        let m = Matcher::new(&DiscoveryOptions::default()).expect("no patterns");
        for root in [
            tmp.path().join("link"),
            tmp.path().join("link/../real/sub/.."),
        ] {
            let found = m.walk(&root, &mut Vec::new());
            assert_eq!(found.len(), 2, "{found:?}");
            for (path, canonical) in found {
                assert_eq!(
                    canonical,
                    Some(std::fs::canonicalize(&path).expect("exists"))
                );
            }
        }
    }

    #[test]
    fn relative_roots() {
        let root = Path::new("/p");
        assert_eq!(relative_root(root, Path::new("/p")), Path::new("."));
        assert_eq!(relative_root(root, Path::new("/p/a/b")), Path::new("../.."));
        assert_eq!(relative_root(root, Path::new("/q")), Path::new("/p"));
    }
}
