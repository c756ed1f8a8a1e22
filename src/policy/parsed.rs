//! TXT records of one kind with their joined text and parse, built once per run as a graph fact
//! ([`Graph::derived`]): the rules of a policy share one parse of each record instead of each
//! parsing every record.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use crate::graph::Graph;

/// A record's joined text and its parse, lent by the graph.
pub type Parsed<'g, T> = (&'g [u8], &'g T);

/// The parsed records of one kind `T`, by record index, with the joined text of those written
/// as several strings (the text of a one-string record is the record's own, not copied).
#[derive(Debug)]
pub struct ParsedRecords<T>(FxHashMap<u32, ParsedRecord<T>>);

/// A parse, with the record's joined text when it is not the record's one string.
type ParsedRecord<T> = (Option<Box<[u8]>>, T);

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
                    let joined = match text {
                        Cow::Borrowed(_) => None,
                        Cow::Owned(joined) => Some(joined.into_boxed_slice()),
                    };
                    out.insert(u32::try_from(i).unwrap_or(u32::MAX), (joined, record));
                }
            }
            ParsedRecords(out)
        });
        let (joined, record) = all.0.get(&u32::try_from(index).ok()?)?;
        let text = match joined {
            Some(joined) => &**joined,
            None => graph.single_text(index)?,
        };
        Some((text, record))
    }
}
