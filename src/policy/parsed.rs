//! TXT records of one kind with their joined text and parse, built once per run as a graph fact
//! ([`Graph::derived`]): the rules of a policy share one parse of each record instead of each
//! parsing every record.

use std::borrow::Cow;

use crate::graph::Graph;

/// A record's joined text and its parse, lent by the graph.
pub type Parsed<'g, T> = (&'g [u8], &'g T);

/// The parsed records of one kind `T`, by record index, with the joined text of those written
/// as several strings (the text of a one-string record is the record's own, not copied).
///
/// Sorted arrays rather than a hash map: rules ask in source order, so successive binary
/// searches walk the same few cache lines, where a hash map's lookups land anywhere. On a
/// 10-million-record zone that is the difference between a cache hit and a miss per record.
#[derive(Debug)]
pub struct ParsedRecords<T> {
    /// Record indices, ascending, apart from the parses: a search reads four bytes a step.
    indices: Vec<u32>,
    parsed: Vec<ParsedRecord<T>>,
}

/// A parse, with the record's joined text when it is not the record's one string.
type ParsedRecord<T> = (Option<Box<[u8]>>, T);

impl<T: Send + Sync + 'static> ParsedRecords<T> {
    /// The run's parses of the kind, built on first use from `records` with `parse` (which
    /// returns `None` for a text that is not of the kind). Each kind names its `records` and
    /// `parse` in one function that calls this, so that every use of the kind shares one build.
    pub fn of(
        graph: &Graph,
        records: fn(&Graph) -> Vec<usize>,
        parse: fn(&[u8]) -> Option<T>,
    ) -> &Self {
        graph.derived(|g| Self::build(g, records(g), parse))
    }

    /// The parse of record `index`, if it is of the kind.
    pub fn get<'g>(&'g self, graph: &'g Graph, index: usize) -> Option<Parsed<'g, T>> {
        let at = self
            .indices
            .binary_search(&u32::try_from(index).ok()?)
            .ok()?;
        let (joined, record) = &self.parsed[at];
        Some((text_of(graph, index, joined.as_deref())?, record))
    }

    /// Every parsed record of the kind, in source order, with its joined text and parse: for a
    /// rule that walks them all, where asking [`ParsedRecords::get`] for each would add a
    /// binary search per record (a walk in n log n).
    pub fn all<'g>(&'g self, graph: &'g Graph) -> impl Iterator<Item = (usize, Parsed<'g, T>)> {
        self.indices
            .iter()
            .zip(&self.parsed)
            .filter_map(move |(&index, (joined, record))| {
                let index = index as usize;
                Some((index, (text_of(graph, index, joined.as_deref())?, record)))
            })
    }

    fn build(graph: &Graph, records: Vec<usize>, parse: fn(&[u8]) -> Option<T>) -> Self {
        let mut found: Vec<(u32, ParsedRecord<T>)> = Vec::new();
        for i in records {
            let Ok(index) = u32::try_from(i) else {
                continue;
            };
            let text = graph.joined_text(i);
            if let Some(record) = parse(&text) {
                let joined = match text {
                    Cow::Borrowed(_) => None,
                    Cow::Owned(joined) => Some(joined.into_boxed_slice()),
                };
                found.push((index, (joined, record)));
            }
        }
        // Source order already (one pass when sorted); a record listed twice is parsed once.
        found.sort_by_key(|&(index, _)| index);
        found.dedup_by_key(|&mut (index, _)| index);
        let (indices, parsed) = found.into_iter().unzip();
        ParsedRecords { indices, parsed }
    }
}

/// Record `index`'s joined text: the copy kept for a several-string record, else its one string.
fn text_of<'g>(graph: &'g Graph, index: usize, joined: Option<&'g [u8]>) -> Option<&'g [u8]> {
    match joined {
        Some(joined) => Some(joined),
        None => graph.single_text(index),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::test_graph;

    fn parse_upper(text: &[u8]) -> Option<usize> {
        text.first()?.is_ascii_uppercase().then_some(text.len())
    }

    #[test]
    fn parses_are_found_by_record_whatever_the_order_asked() {
        let g = test_graph(
            "$TTL 1\n@ SOA ns hm 7 2 3 4 5\n@ TXT \"Abc\"\n@ TXT \"xyz\"\n@ TXT \"De\" \"fgh\"\n",
        );
        // Listed out of order and twice: each record is still found, with its own text.
        let records = |_: &Graph| vec![3, 1, 2, 1];
        assert_eq!(
            ParsedRecords::of(&g, records, parse_upper).get(&g, 3),
            Some((&b"Defgh"[..], &5))
        );
        assert_eq!(
            ParsedRecords::of(&g, records, parse_upper).get(&g, 1),
            Some((&b"Abc"[..], &3))
        );
        assert_eq!(
            ParsedRecords::of(&g, records, parse_upper).get(&g, 2),
            None,
            "not of the kind"
        );
        assert_eq!(
            ParsedRecords::of(&g, records, parse_upper).get(&g, 0),
            None,
            "not listed"
        );
        assert_eq!(
            ParsedRecords::of(&g, records, parse_upper).get(&g, 99),
            None
        );
        // All of them in source order, each once, the ones not of the kind left out.
        let all: Vec<_> = ParsedRecords::of(&g, records, parse_upper)
            .all(&g)
            .collect();
        assert_eq!(all, [(1, (&b"Abc"[..], &3)), (3, (&b"Defgh"[..], &5))]);
    }
}
