//! Text → records with spans. Knows nothing of rules or output.
//!
//! `source` holds the bytes and positions, `lexer` splits entries, `parser` turns an entry into
//! a record, `loader` does the file I/O and the directives, `generate` expands `$GENERATE`,
//! `rdata` parses and formats each type's data, `intern` stores owner names once. `merge` joins
//! the sets of a run read in parts, and `budget` counts the run-wide limits those parts share.

pub mod budget;
pub mod fields;
pub mod files;
pub mod generate;
pub mod intern;
pub mod lexer;
pub mod loader;
pub mod merge;
pub mod name;
pub mod origin;
pub mod parser;
pub mod prefetch;
pub mod rdata;
pub mod record;
pub mod rtype;
pub mod source;
pub mod ttl;
pub mod typed;

pub use budget::RunBudget;
pub use files::FileSource;
pub use intern::{NameId, NameTable};
pub use loader::{IncludeLookup, LoadError, ReadOptions, Reader, ZoneSet, ZoneSource};
pub use merge::RdataOverflow;
pub use record::{Record, RecordFlags};
pub use rtype::{Class, RType};
pub use source::{FileId, SourceMap, Span};
