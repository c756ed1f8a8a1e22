//! Reading what discovery planned into one graph, and remembering which files are reported on
//! (the named inputs and the files they `$INCLUDE`). Errors go to the given writer.

use std::io::{Read, Write};
use std::path::PathBuf;

use rustc_hash::FxHashSet;

use super::args::CheckArgs;
use super::config::{ConfigError, Configs, absolute};
use super::discover::{self, Context, Plan, Source};
use super::progress::Progress;
use super::read::{self, Job, Text};
use crate::graph::Graph;
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
    /// The absolute paths of the zone files (not their includes), by file id: the rules' config
    /// lookups need them again.
    pub absolute: Vec<Option<PathBuf>>,
    /// How long building the graph took (`--timings` shows it apart from the reading).
    pub graph_took: std::time::Duration,
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
    let progress =
        Progress::for_files(plan.inputs.iter().filter_map(|input| match &input.source {
            Source::File(path) => Some(path.as_path()),
            Source::Stdin(_) => None,
        }));
    let Prepared {
        jobs,
        origins,
        absolute_paths,
        config_error,
    } = prepare(&plan, args, configs, stdin.take());
    let read = read::read_all(jobs, &args.reader.options(), &progress);
    // One entry per zone the set holds, in its order: whether that zone was named.
    let mut zone_named = Vec::new();
    let mut reads = Vec::new();
    let mut zone_paths = Vec::new();
    let inputs = plan.inputs.iter().zip(origins).zip(absolute_paths);
    for (((input, origin), path), outcome) in inputs.zip(read.outcomes) {
        match outcome {
            Ok(()) => {
                zone_named.push(input.named);
                zone_paths.push(path);
                reads.push(ZoneRead {
                    path: input.source.path().to_owned(),
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
    if let Some(e) = read.overflow {
        let _ = progress.suspend(|| writeln!(err, "zonelint: {e}: check fewer files at once"));
        failed = true;
    }
    if let Some(e) = config_error {
        progress.finish();
        return Err(e);
    }
    let set = read.set;
    let mut absolute_by_file = vec![None; set.sources.files().len()];
    for (zone, path) in set.zones.iter().zip(zone_paths) {
        absolute_by_file[zone.file.0 as usize] = Some(path);
    }
    let files = set
        .zones
        .iter()
        .zip(&zone_named)
        .filter(|(_, named)| **named)
        .flat_map(|(zone, _)| zone.files.iter().copied())
        .collect();
    let graph_started = std::time::Instant::now();
    let graph = Graph::build(set);
    Ok(Some(Loaded {
        graph,
        graph_took: graph_started.elapsed(),
        named: Named {
            files,
            inputs: plan.named(),
        },
        failed,
        progress,
        reads,
        absolute: absolute_by_file,
    }))
}

/// What each input is read with, in order, up to the first bad config.
struct Prepared {
    jobs: Vec<Job>,
    /// The origin of each job.
    origins: Vec<Option<String>>,
    /// The absolute path of each input (see [`absolute`]).
    absolute_paths: Vec<PathBuf>,
    /// The config that stopped the run, after the inputs before it are read.
    config_error: Option<ConfigError>,
}

/// Each input's origin: `--origin`, else what its nearest config's `[origins]` says. The
/// configs are looked up here, in order, so that reading needs nothing mutable.
fn prepare(
    plan: &Plan,
    args: &CheckArgs,
    configs: &mut Configs,
    mut stdin: Option<Vec<u8>>,
) -> Prepared {
    let absolute_paths: Vec<PathBuf> = plan
        .inputs
        .iter()
        .map(|input| {
            input
                .canonical
                .clone()
                .unwrap_or_else(|| absolute(input.source.path()))
        })
        .collect();
    let mut jobs = Vec::with_capacity(plan.inputs.len());
    let mut origins = Vec::with_capacity(plan.inputs.len());
    let mut config_error = None;
    for (input, path) in plan.inputs.iter().zip(&absolute_paths) {
        let origin = match &args.reader.origin {
            Some(origin) => Some(origin.clone()),
            None => match configs.for_file(path) {
                Ok(config) => config.and_then(|c| c.origin_for(path).map(str::to_owned)),
                Err(e) => {
                    config_error = Some(e);
                    break;
                }
            },
        };
        let text = match &input.source {
            Source::File(_) => Text::File,
            Source::Stdin(_) => Text::Stdin(stdin.take().unwrap_or_default()),
        };
        jobs.push(Job {
            path: input.source.path().to_owned(),
            text,
            origin: origin.clone(),
        });
        origins.push(origin);
    }
    Prepared {
        jobs,
        origins,
        absolute_paths,
        config_error,
    }
}
