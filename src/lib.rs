//! zonelint: an offline linter for DNS zone files.
//!
//! Dependencies point one way: `zone` (text → records with spans) ← `graph` (records → zones
//! and a cross-zone index) ← `policy` (SPF and other TXT policies parsed) ← `rules` (the lint
//! rules) ← `report` (rendering) ← `cli` (the terminal). Nothing here touches
//! the network, and library code never prints, exits or panics on input.
//!
//! ```
//! use zonelint::{ReadOptions, Reader, Graph};
//! let mut reader = Reader::new(ReadOptions { origin: Some("example.com.".into()), ..ReadOptions::default() });
//! reader.read_bytes("example.com.zone".as_ref(), b"$TTL 1h\n@ SOA ns hm 1 2 3 4 5\n@ MX 10 mail\n".to_vec()).unwrap();
//! let graph = Graph::build(reader.finish());
//! assert_eq!(graph.set.records.len(), 2);
//! assert!(graph.set.diagnostics.is_empty());
//! ```

pub mod cli;
pub mod diag;
pub mod dump;
pub mod graph;
pub mod policy;
pub mod report;
pub mod rules;
pub mod suppress;
pub mod zone;

pub use diag::{Diagnostic, Severity};
pub use graph::Graph;
pub use zone::{ReadOptions, Reader, ZoneSet};
