//! The files of a git revision, read with git itself (`git cat-file --batch`, one process for
//! the whole run), without a checkout: what `zonelint check --base REV` compares with. The
//! reader sees them through [`FileSource`], at the paths the files have on disk now.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Arc, Mutex, PoisonError};

use crate::zone::FileSource;

/// Why the revision cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("--base needs git, which cannot be run: {0}")]
    NoGit(io::Error),
    #[error("--base needs a git repository, and `{dir}` is not inside one{detail}")]
    NotARepository { dir: String, detail: String },
    #[error("unknown revision `{rev}` for --base{hint}")]
    BadRevision { rev: String, hint: String },
    #[error("git failed: {0}")]
    Failed(String),
}

/// A revision of the repository around the working directory.
#[derive(Debug)]
pub struct GitRevision {
    /// The repository's top directory (canonical, as git prints it).
    root: PathBuf,
    /// The working directory (canonical), which relative paths start from.
    cwd: PathBuf,
    /// The full commit id.
    commit: String,
    batch: Mutex<Option<Batch>>,
    /// Bytes of each repository path read so far (`None`: not a file at the revision).
    cache: Mutex<HashMap<String, Option<Arc<Vec<u8>>>>>,
}

/// A running `git cat-file --batch`.
#[derive(Debug)]
struct Batch {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl Drop for Batch {
    fn drop(&mut self) {
        // End of input makes git exit.
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

fn git(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command.arg("-C").arg(dir);
    // Never prompt, never page, never localize what we parse.
    command
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_PAGER", "cat")
        .env("LC_ALL", "C");
    command
}

/// Runs git and returns its stdout, or its stderr's first line as the error.
fn run(command: &mut Command) -> Result<Result<String, String>, GitError> {
    let out = command
        .stdin(Stdio::null())
        .output()
        .map_err(GitError::NoGit)?;
    if out.status.success() {
        Ok(Ok(String::from_utf8_lossy(&out.stdout)
            .trim_end()
            .to_owned()))
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        Ok(Err(err.lines().next().unwrap_or("").trim().to_owned()))
    }
}

impl GitRevision {
    /// The revision `rev` of the repository that holds `dir`; relative paths are relative to
    /// `cwd`.
    ///
    /// # Errors
    /// When git cannot be run, `dir` is in no repository, or `rev` names no commit.
    pub fn open(dir: &Path, cwd: &Path, rev: &str) -> Result<GitRevision, GitError> {
        let cwd = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_owned());
        let dir = cwd.join(dir);
        let root = run(git(&dir).args(["rev-parse", "--show-toplevel"]))?.map_err(|e| {
            GitError::NotARepository {
                dir: dir.display().to_string(),
                detail: if e.is_empty() || e.contains("not a git repository") {
                    String::new()
                } else {
                    format!(" ({e})")
                },
            }
        })?;
        let root = PathBuf::from(root);
        let bad = |hint: String| GitError::BadRevision {
            rev: rev.to_owned(),
            hint,
        };
        // A revision is never an option: `--base --output=x` must not reach git as one.
        if rev.is_empty() || rev.starts_with('-') || rev.contains(['\n', '\0']) {
            return Err(bad(String::new()));
        }
        let commit = run(git(&root).args([
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ]))?
        .map_err(|_| {
            let shallow = run(git(&root).args(["rev-parse", "--is-shallow-repository"]))
                .ok()
                .and_then(Result::ok)
                .is_some_and(|s| s == "true");
            bad(if shallow {
                ": the repository is a shallow clone; fetch the history it needs (e.g. `fetch-depth: 0` in actions/checkout, `GIT_DEPTH: 0` in GitLab CI)".to_owned()
            } else {
                String::new()
            })
        })?;
        Ok(GitRevision {
            root,
            cwd,
            commit,
            batch: Mutex::new(None),
            cache: Mutex::new(HashMap::new()),
        })
    }

    /// The zone files under `paths` (files or directories, as on the command line) that the
    /// revision has and the working tree no longer has: zones deleted since the revision.
    ///
    /// # Errors
    /// When git fails.
    pub fn deleted_files(&self, paths: &[PathBuf]) -> Result<Vec<PathBuf>, GitError> {
        let specs: Vec<String> = paths
            .iter()
            .filter_map(|p| self.relative(p))
            .map(|rel| if rel.is_empty() { ".".to_owned() } else { rel })
            .collect();
        if specs.is_empty() {
            return Ok(Vec::new());
        }
        let mut command = git(&self.root);
        command
            .args([
                "diff",
                "--name-only",
                "-z",
                "--no-renames",
                "--diff-filter=D",
            ])
            .arg(&self.commit)
            .arg("--")
            .args(specs.iter().map(|s| format!(":(top,literal){s}")));
        let names = run(&mut command)?.map_err(GitError::Failed)?;
        Ok(names
            .split('\0')
            .filter(|n| !n.is_empty())
            .map(|n| self.root.join(n))
            .collect())
    }

    /// `path` relative to the repository's top, with `/` separators (`None` outside it).
    fn relative(&self, path: &Path) -> Option<String> {
        let absolute = self.canonical(path);
        let rel = absolute.strip_prefix(&self.root).ok()?;
        let parts: Vec<&str> = rel
            .components()
            .map(|c| c.as_os_str().to_str())
            .collect::<Option<_>>()?;
        Some(parts.join("/"))
    }

    /// The absolute form of `path`: resolved on disk where it exists now (symbolic links),
    /// else its directory resolved and `..` and `.` removed by hand.
    fn canonical(&self, path: &Path) -> PathBuf {
        let absolute = if path.is_absolute() {
            path.to_owned()
        } else {
            self.cwd.join(path)
        };
        if let Ok(c) = std::fs::canonicalize(&absolute) {
            return c;
        }
        let mut out = PathBuf::new();
        for component in absolute.components() {
            match component {
                Component::ParentDir => {
                    out.pop();
                }
                Component::CurDir => {}
                other => out.push(other),
            }
        }
        if let (Some(parent), Some(name)) = (out.parent(), out.file_name())
            && let Ok(parent) = std::fs::canonicalize(parent)
        {
            return parent.join(name);
        }
        out
    }

    /// The bytes of a repository path at the revision (`None`: no file there).
    fn blob(&self, rel: &str) -> io::Result<Option<Arc<Vec<u8>>>> {
        let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(hit) = cache.get(rel) {
            return Ok(hit.clone());
        }
        let bytes = if rel.contains(['\n', '\r']) || rel.is_empty() {
            None
        } else {
            self.ask(rel)?.map(Arc::new)
        };
        cache.insert(rel.to_owned(), bytes.clone());
        Ok(bytes)
    }

    /// One request to `git cat-file --batch`, started on first use.
    fn ask(&self, rel: &str) -> io::Result<Option<Vec<u8>>> {
        let mut guard = self.batch.lock().unwrap_or_else(PoisonError::into_inner);
        if guard.is_none() {
            let mut child = git(&self.root)
                .args(["cat-file", "--batch"])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()?;
            let broken = || io::Error::other("git cat-file has no pipes");
            let stdin = child.stdin.take().ok_or_else(broken)?;
            let stdout = BufReader::new(child.stdout.take().ok_or_else(broken)?);
            *guard = Some(Batch {
                child,
                stdin: Some(stdin),
                stdout,
            });
        }
        let Some(batch) = guard.as_mut() else {
            return Err(io::Error::other("git cat-file did not start"));
        };
        let stdin = batch
            .stdin
            .as_mut()
            .ok_or_else(|| io::Error::other("git cat-file was closed"))?;
        writeln!(stdin, "{}:{rel}", self.commit)?;
        stdin.flush()?;
        let mut header = String::new();
        batch.stdout.read_line(&mut header)?;
        let fields: Vec<&str> = header.split_whitespace().collect();
        // `<oid> <type> <size>`, or `<object> missing` / `ambiguous`.
        let [_, kind, size] = fields[..] else {
            if header.is_empty() {
                return Err(io::Error::other("git cat-file stopped"));
            }
            return Ok(None);
        };
        let size: usize = size
            .parse()
            .map_err(|_| io::Error::other(format!("git cat-file said `{}`", header.trim())))?;
        let mut bytes = vec![0; size + 1];
        batch.stdout.read_exact(&mut bytes)?;
        bytes.pop(); // the newline after the content
        Ok((kind == "blob").then_some(bytes))
    }
}

impl FileSource for GitRevision {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        let not_found = || {
            io::Error::new(
                io::ErrorKind::NotFound,
                format!("not in git at {}", self.commit),
            )
        };
        let rel = self.relative(path).ok_or_else(not_found)?;
        match self.blob(&rel)? {
            Some(bytes) => Ok(bytes.as_ref().clone()),
            None => Err(not_found()),
        }
    }

    fn exists(&self, path: &Path) -> bool {
        self.relative(path)
            .is_some_and(|rel| matches!(self.blob(&rel), Ok(Some(_))))
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        Ok(self.canonical(path))
    }
}
