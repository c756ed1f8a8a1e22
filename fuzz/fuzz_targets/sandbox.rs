//! A small directory the fuzz input pretends to live in, so `$INCLUDE` has something real to
//! find (a zone fragment, a file including itself, an include loop, a directory) and, since
//! includes may not leave the zone's directory, nothing else of the machine.
//!
//! The working directory is left alone: libFuzzer reads its corpus by relative path.

use std::path::PathBuf;
use std::sync::OnceLock;

static INPUT: OnceLock<PathBuf> = OnceLock::new();

/// Creates the sandbox (once per process) and returns the path the fuzz input is read as.
pub fn input_path() -> &'static PathBuf {
    INPUT.get_or_init(|| {
        let dir = std::env::temp_dir().join("zonelint-fuzz-sandbox");
        let _ = std::fs::create_dir_all(dir.join("dir"));
        let files: [(&str, &[u8]); 5] = [
            // A placeholder, so the input's path exists: it anchors the root, and
            // `$INCLUDE fuzz.zone` is a cycle.
            ("fuzz.zone", b""),
            (
                "a.zone",
                b"$TTL 300\nwww A 192.0.2.1\n  AAAA 2001:db8::1\nmail MX 10 www\n",
            ),
            ("self.zone", b"x A 192.0.2.2\n$INCLUDE self.zone\n"),
            ("ping.zone", b"$INCLUDE pong.zone\n"),
            ("pong.zone", b"$INCLUDE ping.zone sub\ny TXT \"pong\"\n"),
        ];
        for (name, text) in files {
            let _ = std::fs::write(dir.join(name), text);
        }
        dir.join("fuzz.zone")
    })
}
