//! A progress bar on stderr for long runs, so a big check does not look hung.
//!
//! "Long" means over [`MANY_FILES`] files or [`MUCH_INPUT`] bytes: at the rates measured here
//! (docs/performance.md: the reader does about 80 MB/s, graph and rules add as much again; each
//! file costs an open, a read and its own origin) either takes a second or two. Below that the bar
//! would flash and vanish, so none is built. It is drawn only when stderr is a terminal: never in
//! pipes, CI logs or editors, and never on stdout, which carries the report.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// More files than this make a run long.
pub(super) const MANY_FILES: usize = 200;
/// More bytes of zone text than this make a run long.
pub(super) const MUCH_INPUT: u64 = 50 * 1024 * 1024;

/// The bar, or nothing when the run is short or stderr is not a terminal.
pub(super) struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar over the bytes of `files`, when reading them is long and someone is watching.
    pub(super) fn for_files<'a>(files: impl Iterator<Item = &'a Path>) -> Self {
        if !std::io::stderr().is_terminal() {
            return Self { bar: None };
        }
        let (mut count, mut total) = (0usize, 0u64);
        for file in files {
            count += 1;
            total += std::fs::metadata(file).map_or(0, |m| m.len());
        }
        if count <= MANY_FILES && total <= MUCH_INPUT {
            return Self { bar: None };
        }
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        // The template is a constant: it parses, or every long run would show it at once.
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} {prefix:>8} [{bar:30}] {bytes}/{total_bytes} {wide_msg}",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_prefix("reading");
        // A single big zone is read in one call: the spinner shows that it is still going.
        bar.enable_steady_tick(Duration::from_millis(100));
        Self { bar: Some(bar) }
    }

    /// No bar, for a step that reads files the run's bar does not count.
    pub(super) fn hidden() -> Self {
        Self { bar: None }
    }

    /// `file` is about to be read.
    pub(super) fn reading(&self, file: &Path) {
        if let Some(bar) = &self.bar {
            bar.set_message(file.display().to_string());
        }
    }

    /// `file` has been read (its size counts, whether or not it could be).
    pub(super) fn read(&self, file: &Path) {
        if let Some(bar) = &self.bar {
            bar.inc(std::fs::metadata(file).map_or(0, |m| m.len()));
        }
    }

    /// Reading starts again from the first file.
    pub(super) fn restart(&self) {
        if let Some(bar) = &self.bar {
            bar.set_position(0);
        }
    }

    /// Runs `write` (a message for stderr) with the bar hidden, so the two do not mix.
    pub(super) fn suspend<T>(&self, write: impl FnOnce() -> T) -> T {
        match &self.bar {
            Some(bar) => bar.suspend(write),
            None => write(),
        }
    }

    /// Reading is over and `stage` (e.g. "checking") is under way.
    pub(super) fn stage(&self, stage: &'static str) {
        if let Some(bar) = &self.bar {
            bar.set_prefix(stage);
            bar.set_message("");
        }
    }

    /// Removes the bar before the report is printed.
    pub(super) fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}
