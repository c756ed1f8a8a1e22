//! Which files to read: explicit files always; directories walked (hidden entries skipped) for
//! names that look like zone files (`*.zone`, `*.db`, `db.*`, or a domain name).

use std::io::Write;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::zone::origin::infer_from_file_name;

/// Whether a file found in a directory walk is taken as a zone file.
#[must_use]
pub fn looks_like_zone_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let lower = name.to_ascii_lowercase();
    // Extensions of files that live beside zones but are not zones (includes, docs, configs).
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

/// The files to read, sorted, and whether some path could not be read.
pub fn zone_files(paths: &[PathBuf], err: &mut impl Write) -> (Vec<PathBuf>, bool) {
    let mut files = Vec::new();
    let mut failed = false;
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = Vec::new();
            let walker = WalkDir::new(path)
                .follow_links(false)
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0 || !e.file_name().to_str().is_some_and(|n| n.starts_with('.'))
                });
            for entry in walker {
                match entry {
                    Ok(e) if e.file_type().is_file() && looks_like_zone_file(e.path()) => {
                        found.push(e.into_path());
                    }
                    Ok(_) => {}
                    Err(e) => {
                        let _ = writeln!(err, "zonelint: {e}");
                        failed = true;
                    }
                }
            }
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    (files, failed)
}
