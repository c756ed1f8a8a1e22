//! TXT records of one kind with their joined text and parse, built once per run as a graph fact
//! ([`Graph::derived`]): the rules of a policy share one parse of each record instead of each
//! parsing every record.

use rustc_hash::FxHashMap;

use crate::graph::Graph;

/// A record's joined text and its parse, lent by the graph.
pub type Parsed<'g, T> = (&'g [u8], &'g T);

/// The parsed records of one kind `T`, by record index.
#[derive(Debug)]
pub struct ParsedRecords<T>(FxHashMap<u32, (Box<[u8]>, T)>);

impl<T: Send + Sync + 'static> ParsedRecords<T> {
    /// The run's parse of record `index`, built on first use from `records` with `parse` (which
    /// returns `None` for a text that is not of the kind).
    pub fn get(
        graph: &Graph,
        index: usize,
        records: fn(&Graph) -> Vec<usize>,
        parse: fn(&[u8]) -> Option<T>,
    ) -> Option<Parsed<'_, T>> {
        let all = graph.derived(|g| {
            let mut out = FxHashMap::default();
            for i in records(g) {
                let text = g.joined_text(i);
                if let Some(record) = parse(&text) {
                    out.insert(
                        u32::try_from(i).unwrap_or(u32::MAX),
                        (text.into_boxed_slice(), record),
                    );
                }
            }
            ParsedRecords(out)
        });
        let (text, record) = all.0.get(&u32::try_from(index).ok()?)?;
        Some((text, record))
    }
}
