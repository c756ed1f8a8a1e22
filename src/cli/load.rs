//! Reading what discovery planned into one graph, and remembering which files are reported on
//! (the named inputs and the files they `$INCLUDE`). Errors go to the given writer.

use std::io::{Read, Write};

use rustc_hash::FxHashSet;

use super::args::CheckArgs;
use super::config::{ConfigError, Configs, absolute};
use super::discover::{self, Context, Source};
use super::progress::Progress;
use crate::graph::Graph;
use crate::zone::Reader;
use crate::zone::source::FileId;

/// The files whose findings are reported.
#[derive(Debug, Default)]
pub(super) struct Named {
    files: FxHashSet<FileId>,
    /// How many inputs were named (the summary's "in N files").
    pub inputs: usize,
}

impl Named {
    pub(super) fn contains(&self, file: FileId) -> bool {
        self.files.contains(&file)
    }
}

pub(super) struct Loaded {
    pub graph: Graph,
    pub named: Named,
    /// Some named path could not be read or walked.
    pub failed: bool,
    /// The progress bar of a long run (shown on a terminal only), to follow the checking.
    pub progress: Progress,
    /// Each zone file read, in order, with the origin it was read with: what `--base` reads
    /// again at the revision.
    pub reads: Vec<ZoneRead>,
}

/// One zone file of the run (not its includes) and the origin it was read with.
#[derive(Debug, Clone)]
pub(super) struct ZoneRead {
    pub path: std::path::PathBuf,
    pub origin: Option<String>,
}

/// Plans and reads; `Ok(None)` when the run cannot start (a bad pattern), `Err` on a bad config
/// file. The nearest config of the working directory adds its file patterns; each file's
/// nearest config gives its origin (`--origin` wins).
pub(super) fn load(
    args: &CheckArgs,
    configs: &mut Configs,
    err: &mut impl Write,
) -> Result<Option<Loaded>, ConfigError> {
    let cwd = std::env::current_dir()
        .and_then(std::fs::canonicalize)
        .unwrap_or_default();
    let root = if args.discovery.isolated {
        None
    } else {
        discover::find_project_root(&cwd)
    };
    let context = Context {
        cwd: &cwd,
        project_root: root.as_deref(),
        stdin_filename: args.discovery.stdin_filename.as_deref(),
    };
    let mut options = args.discovery.options();
    if let Some(config) = configs.for_dir(&cwd)? {
        options.include.extend(config.include.iter().cloned());
        options.exclude.extend(config.exclude.iter().cloned());
    }
    let plan = match discover::plan(&args.paths, &options, &context) {
        Ok(plan) => plan,
        Err(e) => {
            let _ = writeln!(err, "zonelint: {e}");
            return Ok(None);
        }
    };
    let mut failed = !plan.errors.is_empty();
    for e in &plan.errors {
        let _ = writeln!(err, "zonelint: {e}");
    }
    let mut stdin = if plan.reads_stdin() {
        let mut bytes = Vec::new();
        if let Err(e) = std::io::stdin().lock().read_to_end(&mut bytes) {
            let _ = writeln!(err, "zonelint: cannot read stdin: {e}");
            failed = true;
        }
        Some(bytes)
    } else {
        None
    };
    let progress = Progress::for_files(&plan.file_paths());
    let mut reader = Reader::new(args.reader.options());
    // One entry per zone the reader holds, in its order: whether that zone was named.
    let mut zone_named = Vec::new();
    let mut reads = Vec::new();
    for input in &plan.inputs {
        let mut origin = args.reader.origin.clone();
        if args.reader.origin.is_none() {
            let path = match &input.source {
                Source::File(path) | Source::Stdin(path) => absolute(path),
            };
            let config = configs.for_file(&path)?;
            origin = config.and_then(|c| c.origin_for(&path).map(str::to_owned));
            reader.set_origin(origin.clone());
        }
        if let Source::File(path) = &input.source {
            progress.reading(path);
        }
        let read = match &input.source {
            Source::File(path) => reader.read_path(path),
            Source::Stdin(path) => reader.read_bytes(path, stdin.take().unwrap_or_default()),
        };
        if let Source::File(path) = &input.source {
            progress.read(path);
        }
        match read {
            Ok(()) => {
                zone_named.push(input.named);
                let (Source::File(path) | Source::Stdin(path)) = &input.source;
                reads.push(ZoneRead {
                    path: path.clone(),
                    origin,
                });
            }
            // A project file read only for context is not reported on, its failure neither.
            Err(e) if input.named => {
                let _ = progress.suspend(|| writeln!(err, "zonelint: {e}"));
                failed = true;
            }
            Err(_) => {}
        }
    }
    let set = reader.finish();
    let files = set
        .zones
        .iter()
        .zip(&zone_named)
        .filter(|(_, named)| **named)
        .flat_map(|(zone, _)| zone.files.iter().copied())
        .collect();
    Ok(Some(Loaded {
        graph: Graph::build(set),
        named: Named {
            files,
            inputs: plan.named(),
        },
        failed,
        progress,
        reads,
    }))
}
