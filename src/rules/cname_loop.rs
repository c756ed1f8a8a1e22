use rustc_hash::FxHashMap;

use crate::graph::Graph;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::rtype::RType;

declare_rule! {
    /// A chain of aliases that comes back to where it started.
    ///
    /// ## What it does
    /// Follows every CNAME to its target, and from there to the target's own CNAME, across all
    /// the zones of the run, and reports each loop once: on the target of the loop's CNAME
    /// earliest in source order, with the loop's other CNAMEs labelled. A name that owns
    /// several CNAMEs is followed through its first (the others are `cname-multiple`'s
    /// finding). Targets outside the zones given, or below a delegation, end the walk: they
    /// cannot be followed offline. DNAME rewriting is not followed.
    ///
    /// ## Why is this bad?
    /// A resolver follows the chain until it gives up, then answers SERVFAIL: the names of the
    /// loop resolve to nothing, for every type (RFC 1034 §3.6.2 asks resolvers to detect
    /// this, not zones to have it).
    ///
    /// ## Example
    /// ```zone
    /// www  CNAME web
    /// web  CNAME www
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// www  CNAME web
    /// web  A     192.0.2.10
    /// ```
    ///
    /// ## References
    /// - RFC 1034 §3.6.2
    /// - RFC 1912 §2.4
    pub CnameLoop,
    id: "cname-loop",
    group: Cname,
    level: Error,
    since: "0.1.0",
}

/// The length of a chain that runs into a loop.
pub(super) const ENDLESS: u32 = u32::MAX;

/// The aliases of a run as a graph: one node per name that owns a CNAME (its first CNAME
/// record), an edge to the node its target is. Each node has one edge at most, so loops and
/// chain lengths are found in one linear walk.
pub(super) struct Aliases {
    /// The first CNAME record of each aliased name, in source order.
    pub nodes: Vec<u32>,
    /// The node the target of each node is, when the target is itself an alias.
    pub next: Vec<Option<u32>>,
    /// The walk's results.
    pub walk: Walk,
}

/// Loops and chains of a graph where each node has at most one successor.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Walk {
    /// Each loop's nodes in alias order, starting at its smallest node.
    pub loops: Vec<Vec<u32>>,
    /// Whether a node is on a loop.
    pub on_loop: Vec<bool>,
    /// Nodes from each node to the end of its chain, itself included; [`ENDLESS`] when the
    /// chain runs into a loop.
    pub length: Vec<u32>,
    /// The node that ends each chain (whose target is no alias); `None` for endless chains.
    pub last: Vec<Option<u32>>,
}

/// Finds the loops and chain lengths of `next` in linear time: every node is visited once,
/// and a walk stops at the first node already settled.
pub(super) fn walk(next: &[Option<u32>]) -> Walk {
    const NEW: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let n = next.len();
    let mut state = vec![NEW; n];
    let mut pos = vec![0usize; n];
    let mut out = Walk {
        loops: Vec::new(),
        on_loop: vec![false; n],
        length: vec![0; n],
        last: vec![None; n],
    };
    let mut path: Vec<usize> = Vec::new();
    for start in 0..n {
        if state[start] != NEW {
            continue;
        }
        path.clear();
        let mut cur = start;
        // Length and last node of what follows the path.
        let (tail_length, tail_last) = loop {
            match state[cur] {
                NEW => {
                    state[cur] = ON_PATH;
                    pos[cur] = path.len();
                    path.push(cur);
                    match next[cur] {
                        Some(after) => cur = after as usize,
                        None => break (0, None),
                    }
                }
                ON_PATH => {
                    let mut members: Vec<u32> = path[pos[cur]..]
                        .iter()
                        .map(|&m| u32::try_from(m).unwrap_or(u32::MAX))
                        .collect();
                    let smallest = members
                        .iter()
                        .enumerate()
                        .min_by_key(|&(_, &m)| m)
                        .map_or(0, |(i, _)| i);
                    members.rotate_left(smallest);
                    for &m in &members {
                        let m = m as usize;
                        out.on_loop[m] = true;
                        out.length[m] = ENDLESS;
                        state[m] = DONE;
                    }
                    out.loops.push(members);
                    path.truncate(pos[cur]);
                    break (ENDLESS, None);
                }
                _ => break (out.length[cur], out.last[cur]),
            }
        };
        let (mut length, mut last) = (tail_length, tail_last);
        for &p in path.iter().rev() {
            if next[p].is_none() {
                last = Some(u32::try_from(p).unwrap_or(u32::MAX));
            }
            length = if length == ENDLESS {
                ENDLESS
            } else {
                length + 1
            };
            out.length[p] = length;
            out.last[p] = last;
            state[p] = DONE;
        }
    }
    out
}

/// Builds the alias graph of a run.
pub(super) fn aliases(graph: &Graph) -> Aliases {
    let mut nodes = Vec::new();
    for (zone_id, _) in graph.zone_ids() {
        for set in graph.rrsets(zone_id) {
            if set.rtype == RType::CNAME {
                nodes.push(graph.records_of(zone_id, &set)[0]);
            }
        }
    }
    nodes.sort_unstable();
    let node_of: FxHashMap<u32, u32> = nodes
        .iter()
        .enumerate()
        .map(|(i, &r)| (r, u32::try_from(i).unwrap_or(u32::MAX)))
        .collect();
    let next: Vec<Option<u32>> = nodes
        .iter()
        .map(|&r| {
            let alias = graph.target_alias(r as usize)?;
            node_of.get(&alias).copied()
        })
        .collect();
    let walk = walk(&next);
    Aliases { nodes, next, walk }
}

/// Names shown in a loop's message before it is cut short.
const SHOWN: usize = 5;
/// Loop members labelled before the rest are only counted.
const LABELLED: usize = 10;

impl Check for CnameLoop {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let aliases = graph.derived(aliases);
        for members in &aliases.walk.loops {
            let records: Vec<usize> = members
                .iter()
                .map(|&m| aliases.nodes[m as usize] as usize)
                .collect();
            let Some(&first) = records.first() else {
                continue;
            };
            let owner = graph.owner_text(first);
            let message = if records.len() == 1 {
                format!("`{owner}` is an alias of itself")
            } else {
                let mut chain: Vec<String> = records
                    .iter()
                    .take(SHOWN)
                    .map(|&r| format!("`{}`", graph.owner_text(r)))
                    .collect();
                if records.len() > SHOWN {
                    chain.push("…".to_owned());
                }
                chain.push(format!("`{owner}`"));
                format!(
                    "alias loop of {} names: {}",
                    records.len(),
                    chain.join(" → ")
                )
            };
            let fields = record_fields(&graph.set, first);
            let span_label = if records.len() == 1 {
                "the alias's own name".to_owned()
            } else {
                format!("leads back to `{owner}`")
            };
            let mut report = cx.report(
                fields
                    .field("target")
                    .unwrap_or(graph.set.records[first].span),
                message,
            );
            report
                .span_label(span_label)
                .help("point one of the aliases at a name that has data")
                .note(
                    "resolvers give up on a looping alias chain and answer SERVFAIL \
                     (RFC 1034 §3.6.2)",
                );
            for &r in records.iter().skip(1).take(LABELLED) {
                report.label(graph.set.records[r].span, "next alias in the loop");
            }
            if records.len() > LABELLED + 1 {
                report.note(format_args!(
                    "the loop has {} aliases, {} of them not shown; resolvers answer SERVFAIL \
                     for every one (RFC 1034 §3.6.2)",
                    records.len(),
                    records.len() - LABELLED - 1
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_end_or_loop() {
        // 0 → 1 → 2 (end); 3 → 4 → 3 (loop); 5 → 3 (into the loop); 6 → 6 (self).
        let next = [Some(1), Some(2), None, Some(4), Some(3), Some(3), Some(6)];
        let w = walk(&next);
        assert_eq!(w.loops, vec![vec![3, 4], vec![6]]);
        assert_eq!(w.on_loop, [false, false, false, true, true, false, true]);
        assert_eq!(w.length[..3], [3, 2, 1]);
        assert_eq!(w.length[5], ENDLESS);
        assert_eq!(w.last[..3], [Some(2), Some(2), Some(2)]);
        assert_eq!(w.last[5], None);
    }

    #[test]
    fn loop_starts_at_its_smallest_node_whatever_the_entry() {
        // Entered at 0, which leads into 3 → 1 → 2 → 3.
        let next = [Some(3), Some(2), Some(3), Some(1)];
        let w = walk(&next);
        assert_eq!(w.loops, vec![vec![1, 2, 3]]);
        assert!(!w.on_loop[0]);
        assert_eq!(w.length[0], ENDLESS);
    }

    #[test]
    fn long_chain_is_linear() {
        // 200 000 nodes in one chain, walked from its end first: each node settles once.
        let n = 200_000u32;
        let next: Vec<Option<u32>> = (0..n).map(|i| (i > 0).then(|| i - 1)).collect();
        let w = walk(&next);
        assert_eq!(w.length[(n - 1) as usize], n);
        assert_eq!(w.last[(n - 1) as usize], Some(0));
        assert!(w.loops.is_empty());
        // And one long loop.
        let next: Vec<Option<u32>> = (0..n).map(|i| Some((i + 1) % n)).collect();
        let w = walk(&next);
        assert_eq!(w.loops.len(), 1);
        assert_eq!(w.loops[0].len(), n as usize);
    }
}
