use crate::graph::{Graph, Soa};
use crate::rules::{Check, Context};
use crate::zone::fields::{RecordFields, record_fields};
use crate::zone::rtype::RType;

declare_rule! {
    /// SOA refresh, retry, expire or minimum outside the recommended ranges.
    ///
    /// ## What it does
    /// Checks the timers of each zone's SOA record against the ranges RFC 1912 §2.2 and RFC
    /// 2308 §5 recommend (Zonemaster checks the same bounds) and reports each field out of
    /// range, underlining it:
    /// - refresh below 14400 seconds (4 hours);
    /// - retry below 3600 seconds (1 hour), or not below the refresh;
    /// - expire below 604800 seconds (1 week), or below the refresh;
    /// - minimum (the negative-caching TTL) below 300 seconds (5 minutes) or above 86400 (1
    ///   day).
    ///
    /// A field with two problems (a retry both short and not below the refresh) is reported
    /// once. Only the zone's first SOA is checked: the others are `soa-multiple`'s or
    /// `soa-not-at-apex`'s findings.
    ///
    /// ## Why is this bad?
    /// Secondaries poll the primary every refresh interval and, after a failure, every retry
    /// interval; they stop answering for the zone once the primary has been unreachable for
    /// the expire interval (RFC 1034 §4.3.5). Too short a refresh or retry only adds load; a
    /// retry not below the refresh is never used; too short an expire takes the zone off the
    /// air during an outage of the primary. Resolvers cache a negative answer for the SOA
    /// minimum (RFC 2308 §4, §5): too short floods the servers with repeated queries, too long
    /// keeps a newly added name invisible for days.
    ///
    /// ## Example
    /// ```zone
    /// @  SOA  ns1.example.net. hostmaster 2024061501 3600 600 86400 604800
    /// @  NS   ns1.example.net.
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @  SOA  ns1.example.net. hostmaster 2024061501 14400 3600 1209600 3600
    /// @  NS   ns1.example.net.
    /// ```
    ///
    /// ## References
    /// - RFC 1912 §2.2
    /// - RFC 2308 §5
    /// - RFC 1034 §4.3.5
    pub SoaTimers,
    id: "soa-timers",
    group: Soa,
    level: Info,
    since: "0.1.0",
}

const MIN_REFRESH: u32 = 14_400;
const MIN_RETRY: u32 = 3_600;
const MIN_EXPIRE: u32 = 604_800;
const MIN_MINIMUM: u32 = 300;
const MAX_MINIMUM: u32 = 86_400;

/// The SOA timer fields, by their field names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Timer {
    Refresh,
    Retry,
    Expire,
    Minimum,
}

impl Timer {
    fn field(self) -> &'static str {
        match self {
            Timer::Refresh => "refresh",
            Timer::Retry => "retry",
            Timer::Expire => "expire",
            Timer::Minimum => "minimum",
        }
    }
}

/// One out-of-range timer: which, what is wrong with it, and the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Problem {
    timer: Timer,
    /// What is wrong, after "SOA <field> `<value>` is ".
    what: String,
    help: &'static str,
    note: &'static str,
    /// Whether the problem is relative to the refresh (which then gets a label).
    against_refresh: bool,
}

/// The timers of `soa` outside the recommended ranges, at most one problem per field;
/// `refresh` is the refresh as written, for the messages that compare with it.
fn problems(soa: &Soa<'_>, refresh: &str) -> Vec<Problem> {
    let mut out = Vec::new();
    if soa.refresh < MIN_REFRESH {
        out.push(Problem {
            timer: Timer::Refresh,
            what: "below 14400 seconds (4 hours)".to_owned(),
            help: "set the refresh to at least 14400 seconds (4 hours); NOTIFY tells secondaries \
                   about changes sooner",
            note: "secondaries poll the primary every refresh interval; a short one only adds \
                   load (RFC 1912 §2.2)",
            against_refresh: false,
        });
    }
    let short = soa.retry < MIN_RETRY;
    let not_below_refresh = soa.retry >= soa.refresh;
    if short || not_below_refresh {
        let what = match (short, not_below_refresh) {
            (true, true) => {
                format!("below 3600 seconds (1 hour) and not below the refresh `{refresh}`")
            }
            (true, false) => "below 3600 seconds (1 hour)".to_owned(),
            _ => format!("not below the refresh `{refresh}`"),
        };
        out.push(Problem {
            timer: Timer::Retry,
            what,
            help: "set the retry to at least 3600 seconds (1 hour) and below the refresh",
            note: "after a failed refresh, secondaries try again every retry interval, a \
                   fraction of the refresh (RFC 1912 §2.2)",
            against_refresh: not_below_refresh,
        });
    }
    let short = soa.expire < MIN_EXPIRE;
    let below_refresh = soa.expire < soa.refresh;
    if short || below_refresh {
        let what = match (short, below_refresh) {
            (true, true) => {
                format!("below 604800 seconds (1 week) and below the refresh `{refresh}`")
            }
            (true, false) => "below 604800 seconds (1 week)".to_owned(),
            _ => format!("below the refresh `{refresh}`"),
        };
        out.push(Problem {
            timer: Timer::Expire,
            what,
            help: "set the expire to at least 604800 seconds (1 week) and well above the \
                   refresh; 1209600 to 2419200 (2 to 4 weeks) is usual",
            note: "secondaries stop answering for the zone when the primary has been \
                   unreachable for the expire interval (RFC 1912 §2.2)",
            against_refresh: below_refresh,
        });
    }
    if !(MIN_MINIMUM..=MAX_MINIMUM).contains(&soa.minimum) {
        let what = if soa.minimum < MIN_MINIMUM {
            "below 300 seconds (5 minutes)"
        } else {
            "above 86400 seconds (1 day)"
        };
        out.push(Problem {
            timer: Timer::Minimum,
            what: what.to_owned(),
            help: "set the minimum between 300 and 86400 seconds; 3600 to 10800 (1 to 3 hours) \
                   is usual",
            note: "resolvers cache a negative answer for the SOA minimum (RFC 2308 §5): a short \
                   one floods the servers, a long one hides new names",
            against_refresh: false,
        });
    }
    out
}

/// The text of a timer field as written (`3600`, `1h`), else its value.
fn written(graph: &Graph, fields: &RecordFields, timer: Timer, value: u32) -> String {
    fields
        .field(timer.field())
        .map_or_else(|| value.to_string(), |s| graph.set.sources.snippet(s))
}

impl Check for SoaTimers {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (zone, z) in graph.zone_ids() {
            let Some(&index) = graph.records_at(zone, z.apex, RType::SOA).first() else {
                continue;
            };
            let index = index as usize;
            let Some(soa) = graph.soa(index) else {
                continue;
            };
            // Field spans are recomputed only for a zone with something to report.
            if problems(&soa, "").is_empty() {
                continue;
            }
            let fields = record_fields(&graph.set, index);
            let refresh = written(graph, &fields, Timer::Refresh, soa.refresh);
            let found = problems(&soa, &refresh);
            for problem in found {
                let value = match problem.timer {
                    Timer::Refresh => soa.refresh,
                    Timer::Retry => soa.retry,
                    Timer::Expire => soa.expire,
                    Timer::Minimum => soa.minimum,
                };
                let field = problem.timer.field();
                let text = written(graph, &fields, problem.timer, value);
                let mut report = cx.report(
                    fields.field(field).unwrap_or(fields.rtype),
                    format!("SOA {field} `{text}` is {}", problem.what),
                );
                report
                    .span_label(format_args!("{field} out of range"))
                    .help(problem.help)
                    .note(problem.note);
                if problem.against_refresh
                    && let Some(span) = fields.field("refresh")
                {
                    report.label(span, "refresh here");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn soa(refresh: u32, retry: u32, expire: u32, minimum: u32) -> Soa<'static> {
        Soa {
            mname: b"\0",
            rname: b"\0",
            serial: 1,
            refresh,
            retry,
            expire,
            minimum,
        }
    }

    fn found(s: &Soa<'_>) -> Vec<(Timer, String)> {
        problems(s, &s.refresh.to_string())
            .into_iter()
            .map(|p| (p.timer, p.what))
            .collect()
    }

    #[test]
    fn recommended_timers_pass() {
        assert!(found(&soa(14_400, 3_600, 604_800, 300)).is_empty());
        assert!(found(&soa(86_400, 7_200, 3_600_000, 86_400)).is_empty());
        assert!(found(&soa(14_400, 3_600, 1_209_600, 3_600)).is_empty());
    }

    #[test]
    fn each_bound() {
        assert_eq!(
            found(&soa(14_399, 3_600, 604_800, 3_600)),
            [(Timer::Refresh, "below 14400 seconds (4 hours)".to_owned())]
        );
        assert_eq!(
            found(&soa(14_400, 3_599, 604_800, 3_600)),
            [(Timer::Retry, "below 3600 seconds (1 hour)".to_owned())]
        );
        assert_eq!(
            found(&soa(14_400, 14_400, 604_800, 3_600)),
            [(Timer::Retry, "not below the refresh `14400`".to_owned())]
        );
        assert_eq!(
            found(&soa(14_400, 3_600, 604_799, 3_600)),
            [(Timer::Expire, "below 604800 seconds (1 week)".to_owned())]
        );
        assert_eq!(
            found(&soa(700_000, 3_600, 604_800, 3_600)),
            [(Timer::Expire, "below the refresh `700000`".to_owned())]
        );
        assert_eq!(
            found(&soa(14_400, 3_600, 604_800, 299)),
            [(Timer::Minimum, "below 300 seconds (5 minutes)".to_owned())]
        );
        assert_eq!(
            found(&soa(14_400, 3_600, 604_800, 86_401)),
            [(Timer::Minimum, "above 86400 seconds (1 day)".to_owned())]
        );
    }

    #[test]
    fn one_problem_per_field() {
        let all = found(&soa(1_800, 1_800, 1_000, 0));
        assert_eq!(
            all.iter().map(|(t, _)| *t).collect::<Vec<_>>(),
            [Timer::Refresh, Timer::Retry, Timer::Expire, Timer::Minimum]
        );
        assert_eq!(
            all[1].1,
            "below 3600 seconds (1 hour) and not below the refresh `1800`"
        );
        assert_eq!(
            all[2].1,
            "below 604800 seconds (1 week) and below the refresh `1800`"
        );
    }
}
