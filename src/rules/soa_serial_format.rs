use crate::graph::Graph;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::rtype::RType;

declare_rule! {
    /// An SOA serial that is not a date serial `YYYYMMDDnn`, or names a date that does not
    /// exist.
    ///
    /// ## What it does
    /// Off by default: for sites that use the date convention RFC 1912 §2.2 recommends, where
    /// the serial is the date of the change and a two-digit counter (`2024061501` for the
    /// second change on 15 June 2024). Checks the SOA serial of each zone and reports:
    /// - a ten-digit serial whose first four digits are a year from 1970 to 2099 but whose
    ///   month or day does not exist (`2024023001`: there is no 30 February), with the next
    ///   possible date as the fix, so the serial still increases;
    /// - an eight-digit date without the counter (`20240615`);
    /// - any other serial (`42`, a Unix time such as `1718445600`): not a date serial.
    ///
    /// The date is not compared with today's: zonelint does not depend on the clock.
    ///
    /// ## Why is this bad?
    /// A date serial tells at a glance when the zone last changed, and makes it easy to pick a
    /// serial that is larger than the last one, which secondaries need to see the change (RFC
    /// 1982). An impossible date is a typing mistake in the serial, which may well have gone
    /// in the wrong direction too.
    ///
    /// ## Example
    /// ```zone
    /// @  SOA  ns1.example.net. hostmaster 2024023001 14400 3600 1209600 3600
    /// @  NS   ns1.example.net.
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @  SOA  ns1.example.net. hostmaster 2024030100 14400 3600 1209600 3600
    /// @  NS   ns1.example.net.
    /// ```
    ///
    /// ## References
    /// - RFC 1912 §2.2
    /// - RFC 1982
    pub SoaSerialFormat,
    id: "soa-serial-format",
    group: Soa,
    level: Off,
    since: "0.1.0",
}

/// Years a date serial may start with.
const YEARS: std::ops::RangeInclusive<u32> = 1970..=2099;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn is_leap(year: u32) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

/// Days in `month` (1–12) of `year`.
fn days_in(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// What is wrong with a serial under the date convention.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Problem {
    /// Not a date serial at all.
    NotDate,
    /// A valid `YYYYMMDD` without the counter; the fix appends `00`.
    NoCounter,
    /// A `YYYYMMDDnn` whose date does not exist: why, and the serial of the next possible date.
    BadDate { why: String, next: u32 },
}

/// Checks `serial` against the `YYYYMMDDnn` convention.
fn check_serial(serial: u32) -> Option<Problem> {
    if (10_000_000..=99_999_999).contains(&serial) {
        let (year, month, day) = (serial / 10_000, serial / 100 % 100, serial % 100);
        let valid = YEARS.contains(&year)
            && (1..=12).contains(&month)
            && (1..=days_in(year, month)).contains(&day);
        return Some(if valid {
            Problem::NoCounter
        } else {
            Problem::NotDate
        });
    }
    if serial < 1_000_000_000 {
        return Some(Problem::NotDate);
    }
    let (year, month, day) = (
        serial / 1_000_000,
        serial / 10_000 % 100,
        serial / 100 % 100,
    );
    if !YEARS.contains(&year) {
        return Some(Problem::NotDate);
    }
    // The next possible date after the written one, at counter 00 (larger than the serial).
    let date = |y: u32, m: u32, d: u32| y * 1_000_000 + m * 10_000 + d * 100;
    let next_month = |y: u32, m: u32| {
        if m >= 12 {
            date(y + 1, 1, 1)
        } else {
            date(y, m + 1, 1)
        }
    };
    if month == 0 {
        return Some(Problem::BadDate {
            why: "there is no month `00`".to_owned(),
            next: date(year, 1, 1),
        });
    }
    if month > 12 {
        return Some(Problem::BadDate {
            why: format!("there is no month `{month}`"),
            next: date(year + 1, 1, 1),
        });
    }
    let name = MONTHS[month as usize - 1];
    if day == 0 {
        return Some(Problem::BadDate {
            why: format!("there is no day `00` in {name}"),
            next: date(year, month, 1),
        });
    }
    let days = days_in(year, month);
    if day > days {
        return Some(Problem::BadDate {
            why: format!("{name} {year} has {days} days"),
            next: next_month(year, month),
        });
    }
    None
}

impl Check for SoaSerialFormat {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (zone, z) in graph.zone_ids() {
            let Some(&index) = graph.records_at(zone, z.apex, RType::SOA).first() else {
                continue;
            };
            let index = index as usize;
            let Some(soa) = graph.soa(index) else {
                continue;
            };
            let Some(problem) = check_serial(soa.serial) else {
                continue;
            };
            let fields = record_fields(&graph.set, index);
            let span = fields.field("serial").unwrap_or(fields.rtype);
            let serial = soa.serial;
            let note = "a date serial is the date of the change and a two-digit counter \
                        (RFC 1912 §2.2); a new serial must be larger than the last one published \
                        (RFC 1982)";
            match problem {
                Problem::NotDate => {
                    cx.report(
                        span,
                        format!("SOA serial `{serial}` is not a date serial (YYYYMMDDnn)"),
                    )
                    .span_label("not YYYYMMDDnn")
                    .help(
                        "use the date of the change and a two-digit counter, such as \
                         `2024061501`, if that is larger than the current serial",
                    )
                    .note(note);
                }
                Problem::NoCounter => {
                    cx.report(
                        span,
                        format!("SOA serial `{serial}` is a date without the two-digit counter"),
                    )
                    .span_label("YYYYMMDD without nn")
                    .help(format_args!("append a counter: `{serial}00`"))
                    .note(note);
                }
                Problem::BadDate { why, next } => {
                    cx.report(
                        span,
                        format!("SOA serial `{serial}` is not a possible date: {why}"),
                    )
                    .span_label("impossible date")
                    .help(format_args!(
                        "use `{next}`, the next possible date, so the serial still increases"
                    ))
                    .note(note);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bad(serial: u32) -> (String, u32) {
        match check_serial(serial) {
            Some(Problem::BadDate { why, next }) => (why, next),
            other => panic!("{serial}: {other:?}"),
        }
    }

    #[test]
    fn possible_dates_pass() {
        for serial in [
            2_024_061_501,
            2_024_022_999, // 2024 is a leap year
            2_000_022_900, // so is 2000
            1_999_123_199,
            1_970_010_100,
            2_099_123_199,
        ] {
            assert_eq!(check_serial(serial), None, "{serial}");
        }
    }

    #[test]
    fn impossible_dates_give_the_next_one() {
        assert_eq!(
            bad(2_024_023_001),
            ("February 2024 has 29 days".to_owned(), 2_024_030_100)
        );
        assert_eq!(
            bad(2_023_022_900),
            ("February 2023 has 28 days".to_owned(), 2_023_030_100)
        );
        assert_eq!(
            bad(2_024_133_101),
            ("there is no month `13`".to_owned(), 2_025_010_100)
        );
        assert_eq!(
            bad(2_024_000_501),
            ("there is no month `00`".to_owned(), 2_024_010_100)
        );
        assert_eq!(
            bad(2_024_060_001),
            ("there is no day `00` in June".to_owned(), 2_024_060_100)
        );
        assert_eq!(
            bad(2_024_123_201),
            ("December 2024 has 31 days".to_owned(), 2_025_010_100)
        );
        assert_eq!(
            bad(2_024_043_101),
            ("April 2024 has 30 days".to_owned(), 2_024_050_100)
        );
        for serial in [2_024_023_001, 2_024_133_101, 2_024_000_501, 2_024_060_001] {
            assert!(bad(serial).1 > serial, "{serial}");
        }
    }

    #[test]
    fn leap_years() {
        assert!(is_leap(2024) && is_leap(2000));
        assert!(!is_leap(2023) && !is_leap(2100));
    }

    #[test]
    fn other_serials() {
        assert_eq!(check_serial(20_240_615), Some(Problem::NoCounter));
        assert_eq!(check_serial(20_240_230), Some(Problem::NotDate));
        for serial in [
            0,
            1,
            42,
            2_024_061,
            999_999_999,
            1_718_445_600,
            4_294_967_295,
        ] {
            assert_eq!(check_serial(serial), Some(Problem::NotDate), "{serial}");
        }
    }
}
