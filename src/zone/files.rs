//! Where the reader gets file bytes from when it is not the disk: another version of the files,
//! such as a git revision (`zonelint check --base REV` reads the zones and their `$INCLUDE`s
//! as they were at `REV`, without a checkout). The reader asks only these three questions.

use std::io;
use std::path::{Path, PathBuf};

/// A version of the files the reader may read instead of the disk (see
/// [`crate::zone::ReadOptions::files`]). Paths are the ones the reader would open on disk:
/// as given, or an including file's directory joined with the `$INCLUDE` path.
pub trait FileSource: std::fmt::Debug + Send + Sync {
    /// The file's bytes; an error of kind [`io::ErrorKind::NotFound`] when this version has
    /// no file at `path`.
    ///
    /// # Errors
    /// When the file is absent (`NotFound`) or cannot be read.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;

    /// Whether this version has a file at `path` (the `$INCLUDE` lookup order asks).
    fn exists(&self, path: &Path) -> bool;

    /// The absolute, normalized path that identifies the file (for `$INCLUDE` cycles and the
    /// directory includes may not leave).
    ///
    /// # Errors
    /// When the path cannot be made absolute.
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf>;
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::Arc;

    use super::*;
    use crate::zone::{ReadOptions, Reader};

    /// Files in memory, at absolute paths.
    #[derive(Debug)]
    struct Memory(HashMap<PathBuf, Vec<u8>>);

    impl FileSource for Memory {
        fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
            self.0
                .get(path)
                .cloned()
                .ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))
        }
        fn exists(&self, path: &Path) -> bool {
            self.0.contains_key(path)
        }
        fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
            Ok(path.to_owned())
        }
    }

    #[test]
    fn zones_and_includes_come_from_the_source() {
        let files = Memory(HashMap::from([
            (
                PathBuf::from("/v/zones/example.com.zone"),
                b"$TTL 300\n@ SOA ns hm 1 2 3 4 5\n$INCLUDE inc/mx.inc\n".to_vec(),
            ),
            (
                PathBuf::from("/v/zones/inc/mx.inc"),
                b"@ MX 10 mail\n".to_vec(),
            ),
        ]));
        let mut reader = Reader::new(ReadOptions {
            files: Some(Arc::new(files)),
            ..ReadOptions::default()
        });
        reader
            .read_path(Path::new("/v/zones/example.com.zone"))
            .expect("read");
        let missing = reader.read_path(Path::new("/v/zones/example.net.zone"));
        assert!(
            matches!(missing, Err(crate::zone::LoadError::Io { ref source, .. }) if source.kind() == io::ErrorKind::NotFound)
        );
        let set = reader.finish();
        assert!(set.diagnostics.is_empty(), "{:?}", set.diagnostics);
        assert_eq!(set.records.len(), 2);
        assert_eq!(set.zones[0].files.len(), 2);
    }
}
