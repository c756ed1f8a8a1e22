//! Parity with the offline checkers: `named-checkzone -i local` (BIND), `kzonecheck` (Knot) and
//! `validns -p all` run over every zone file of the shared corpora (`../shared/corpora`, run as
//! its manifest says) and over the shipped examples. Every semantic problem any of them reports
//! on a file must be reported by zonelint on that file too.
//!
//! [`MESSAGES`] is the one table that maps each peer message to zonelint's ids. A message the
//! table does not know fails the test, so a new kind of finding cannot slip by unmatched.
//! Messages zonelint deliberately does not match (DNSSEC validation, which is planned separately,
//! and peer bugs) say why in the table; `docs/zone-format.md` lists them too. Syntax messages are
//! the conformance suites' business (`tests/conformance*.rs`): here they only mark the file.
//!
//! When zonelint itself found syntax errors in a file, rules that report an absence stay silent
//! (the missing record may be in the unreadable entry): a peer's absence finding on such a file is
//! counted as waived, not missed. Known gaps are listed in [`KNOWN_GAPS`], one reason each; an
//! entry that no longer matches anything fails the test.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{announce, manifest, par_map, read_like_bind, skip, tool, zone_rows};
use zonelint::Graph;
use zonelint::rules::{self, RuleConfig};
use zonelint::zone::RType;
use zonelint::zone::origin::infer_from_file_name;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Peer {
    Bind,
    Knot,
    Validns,
}

impl Peer {
    const ALL: [Peer; 3] = [Peer::Bind, Peer::Knot, Peer::Validns];

    fn name(self) -> &'static str {
        match self {
            Peer::Bind => "named-checkzone",
            Peer::Knot => "kzonecheck",
            Peer::Validns => "validns",
        }
    }

    fn command(self, tool: &Path, origin: &str, file: &Path) -> Command {
        let mut cmd = Command::new("timeout");
        cmd.arg("30").arg(tool);
        match self {
            Peer::Bind => cmd.args(["-i", "local"]).arg(origin).arg(file),
            Peer::Knot => cmd.arg("-o").arg(origin).arg(file),
            Peer::Validns => cmd.args(["-p", "all", "-z"]).arg(origin).arg(file),
        };
        cmd
    }
}

/// What a peer's message means for zonelint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// A problem zonelint must report with one of these ids (several where zonelint says it
    /// more precisely, or splits one peer message into several cases).
    Ids(&'static [&'static str]),
    /// A syntax or loading error: the conformance suites compare those.
    Syntax,
    /// Not a finding: a status line, or a restatement of another message.
    Status,
    /// A problem zonelint deliberately does not report, with the reason.
    NotMatched(&'static str),
    /// validns's "the first record in the zone must be an SOA record": `soa-missing` (or
    /// `soa-not-at-apex`) when zonelint finds no SOA at the apex either, else [`SOA_ORDER`].
    SoaFirst,
}

const SOA_ORDER: &str = "validns wants the SOA as the first entry of the file, and calls it missing when it could not read it (an SOA without a TTL); RFC 1035 §5.2 asks for one SOA at the top of the zone, not first in the file, and BIND, Knot and NSD load such files";

use Peer::{Bind, Knot, Validns};
use Verdict::{Ids, NotMatched, SoaFirst, Status, Syntax};

const DNSSEC: &str = "DNSSEC validation (signatures, NSEC/NSEC3 chains, key algorithms, CDS/CDNSKEY) is a later rule group (RULES.md \"DNSSEC (later)\")";
const VALIDNS_ROOT: &str =
    "validns 0.8 bug: with `-z .` it treats every name as outside the root zone";
const VALIDNS_TYPES: &str = "validns 0.8 does not know this record type or form; BIND and zonelint read it (conformance suites)";

/// Peer messages, by fragments that must all occur in order; first match wins.
const MESSAGES: &[(Peer, &[&str], Verdict)] = &[
    // ---- BIND: status lines.
    (Bind, &["loaded serial"], Status),
    (Bind, &["not loaded due to errors"], Status),
    (Bind, &["loading from master file"], Status),
    (Bind, &["OK\n"], Status),
    // ---- BIND: zone structure.
    (Bind, &["has 0 SOA records"], Ids(&["soa-missing"])),
    (Bind, &["SOA records"], Ids(&["soa-multiple"])),
    (Bind, &["not at top of zone"], Ids(&["soa-not-at-apex"])),
    (Bind, &["has no NS records"], Ids(&["ns-apex-missing"])),
    (
        Bind,
        &["ignoring out-of-zone data"],
        Ids(&["out-of-zone-record"]),
    ),
    (Bind, &["no TTL specified"], Ids(&["missing-ttl"])),
    (
        Bind,
        &["using RFC1035 TTL semantics"],
        NotMatched(
            "a notice that the file has no `$TTL`, printed at the first explicit TTL whether or not a record relies on it; zonelint reports `missing-ttl` on the records that do",
        ),
    ),
    (Bind, &["!= zone class"], Ids(&["class-mismatch"])),
    (
        Bind,
        &["TTL set to prior TTL"],
        Ids(&["rrset-ttl-mismatch"]),
    ),
    (
        Bind,
        &["DS record at top of zone"],
        Ids(&["ds-not-at-delegation"]),
    ),
    (Bind, &["at top of zone"], Status),
    // ---- BIND: delegation.
    (
        Bind,
        &["NS '", "' is a CNAME (illegal)"],
        Ids(&["ns-target-is-cname"]),
    ),
    (
        Bind,
        &["NS '", "' is below a DNAME"],
        Ids(&["ns-target-is-cname", "occluded-record", "dname-structure"]),
    ),
    (
        Bind,
        &["NS '", "' has no address records"],
        Ids(&[
            "ns-target-no-address",
            "ns-glue-missing",
            "ns-target-is-address",
            "origin-repeated",
            "relative-target-looks-absolute",
        ]),
    ),
    (Bind, &["NS is an address"], Ids(&["ns-target-is-address"])),
    (
        Bind,
        &["invalid NS owner name (wildcard)"],
        Ids(&["wildcard-non-terminal", "hostname-syntax"]),
    ),
    // ---- BIND: mail.
    (Bind, &["has no REQUIRED GLUE"], Ids(&["ns-glue-missing"])),
    (
        Bind,
        &["has no SIBLING GLUE"],
        Ids(&["ns-glue-missing", "ns-target-no-address"]),
    ),
    (
        Bind,
        &["appears to be an address"],
        Ids(&["ns-target-is-address", "mx-target-is-address"]),
    ),
    (
        Bind,
        &["/MX '", "' is a CNAME (illegal)"],
        Ids(&["mx-target-is-cname"]),
    ),
    (
        Bind,
        &["/MX '", "' is below a DNAME"],
        Ids(&["mx-target-below-dname"]),
    ),
    (
        Bind,
        &["/MX '", "' has no address records"],
        Ids(&[
            "mx-target-no-address",
            "mx-target-is-address",
            "origin-repeated",
            "relative-target-looks-absolute",
        ]),
    ),
    (Bind, &["MX is an address"], Ids(&["mx-target-is-address"])),
    (
        Bind,
        &["found type SPF record but no SPF TXT record"],
        Ids(&["spf-rrtype-spf"]),
    ),
    // ---- BIND: other types.
    (
        Bind,
        &["/SRV '", "' is a CNAME (illegal)"],
        Ids(&["srv-target-is-cname"]),
    ),
    (
        Bind,
        &["/SRV '", "' has no address records"],
        Ids(&["srv-target-no-address"]),
    ),
    (
        Bind,
        &["has no address records"],
        Ids(&[
            "mx-target-no-address",
            "ns-target-no-address",
            "srv-target-no-address",
            "hostname-syntax",
        ]),
    ),
    // ---- BIND: aliases and names.
    // A DNAME beside a CNAME is zonelint's `dname-structure`.
    (
        Bind,
        &["CNAME and other data"],
        Ids(&["cname-and-other-data", "dname-structure"]),
    ),
    (
        Bind,
        &["multiple RRs of singleton type"],
        Ids(&["cname-multiple", "dname-structure", "soa-multiple"]),
    ),
    (
        Bind,
        &["has semantically identical records"],
        Ids(&["duplicate-record"]),
    ),
    (
        Bind,
        &["non-terminal wildcard"],
        Ids(&["wildcard-non-terminal"]),
    ),
    // A name that lost its trailing dot is a bad name to BIND too (`mbox.example.com.origin`).
    (
        Bind,
        &["(check-names)"],
        Ids(&[
            "hostname-syntax",
            "wildcard-non-terminal",
            "relative-target-looks-absolute",
            "origin-repeated",
        ]),
    ),
    // ---- BIND: DNSSEC and harmless warnings.
    (Bind, &["signature has expired"], NotMatched(DNSSEC)),
    (Bind, &["DNSKEY algorithm"], NotMatched(DNSSEC)),
    (Bind, &["weak RSA"], NotMatched(DNSSEC)),
    (Bind, &["/KEY deprecated"], NotMatched(DNSSEC)),
    (Bind, &["nsec3 hash algorithm"], NotMatched(DNSSEC)),
    (Bind, &["NSEC node already exists"], NotMatched(DNSSEC)),
    (Bind, &["/DS deprecated"], NotMatched(DNSSEC)),
    (Bind, &["CDS/CDNSKEY consistency"], NotMatched(DNSSEC)),
    (Bind, &["old style DNSSEC"], NotMatched(DNSSEC)),
    (
        Bind,
        &["file does not end with newline"],
        NotMatched(
            "a missing final newline changes nothing in the zone (RFC 1035 §5.1 entries end at end of file too); BIND only warns",
        ),
    ),
    // ---- BIND: syntax and loading (the conformance suites' business).
    (Bind, &["dns_master_load: "], Syntax),
    (Bind, &["$GENERATE: "], Syntax),
    (Bind, &["dns_rdata_fromtext: "], Syntax),
    (Bind, &["unknown RR type"], Syntax),
    (Bind, &["invalid use of a meta type"], Syntax),
    (Bind, &["no current owner name"], Syntax),
    (Bind, &["file not found"], Syntax),
    (Bind, &["> MAXTTL"], Syntax),
    (Bind, &["': obsolete"], Syntax),
    (Bind, &["record with inherited owner"], Syntax),
    (Bind, &[": warning: "], Syntax),
    (Bind, &["isc_lex_gettoken"], Syntax),
    (Bind, &["syntax error"], Syntax),
    (Bind, &["bad class"], Syntax),
    // ---- Knot.
    (Knot, &["Error summary"], Status),
    (Knot, &["Serious semantic error detected"], Status),
    (Knot, &["failed to run semantic checks"], Syntax),
    (
        Knot,
        &["missing SOA at the zone apex"],
        Ids(&["soa-missing"]),
    ),
    (
        Knot,
        &["missing NS at the zone apex"],
        Ids(&["ns-apex-missing"]),
    ),
    (
        Knot,
        &["missing glue record"],
        // Knot's one message covers a target without glue, without address, or that is an
        // alias; a target that lost its trailing dot is zonelint's trailing-dot rules.
        Ids(&[
            "ns-glue-missing",
            "ns-target-no-address",
            "ns-target-is-cname",
            "relative-target-looks-absolute",
            "origin-repeated",
        ]),
    ),
    (
        Knot,
        &["another record exists beside CNAME"],
        Ids(&["cname-and-other-data", "dname-structure"]),
    ),
    (Knot, &["multiple CNAME records"], Ids(&["cname-multiple"])),
    (
        Knot,
        &["child record exists under DNAME"],
        Ids(&["occluded-record", "dname-structure", "mx-occluded"]),
    ),
    (Knot, &["multiple DNAME records"], Ids(&["dname-structure"])),
    (
        Knot,
        &["NS record exists beside DNAME"],
        Ids(&["dname-structure"]),
    ),
    (Knot, &["signature"], NotMatched(DNSSEC)),
    (Knot, &["NSEC"], NotMatched(DNSSEC)),
    (Knot, &["DS"], NotMatched(DNSSEC)),
    (Knot, &["CDNSKEY"], NotMatched(DNSSEC)),
    (Knot, &["DNSKEY"], NotMatched(DNSSEC)),
    // ---- validns: zone structure.
    (
        Validns,
        &["does not belong to zone .\n"],
        NotMatched(VALIDNS_ROOT),
    ),
    (
        Validns,
        &["does not belong to zone"],
        Ids(&["out-of-zone-record"]),
    ),
    (
        Validns,
        &["the first record in the zone must be an SOA record"],
        SoaFirst,
    ),
    (
        Validns,
        &["there could only be one SOA in a zone"],
        Ids(&["soa-multiple"]),
    ),
    (
        Validns,
        &["there should be at least two NS records per name"],
        Ids(&["ns-too-few"]),
    ),
    (
        Validns,
        &["ttl not specified and default is not known"],
        Ids(&["missing-ttl"]),
    ),
    // ---- validns: aliases and mail.
    // validns also calls a second CNAME "other data".
    (
        Validns,
        &["CNAME and other data"],
        Ids(&["cname-and-other-data", "dname-structure", "cname-multiple"]),
    ),
    (
        Validns,
        &["MX exchange is an alias"],
        Ids(&["mx-target-is-cname"]),
    ),
    (
        Validns,
        &["NS data is an alias"],
        Ids(&["ns-target-is-cname"]),
    ),
    (
        Validns,
        &["TTL values differ within an RR set"],
        Ids(&["rrset-ttl-mismatch"]),
    ),
    (
        Validns,
        &["DNAME must not have any children"],
        Ids(&["occluded-record", "dname-structure", "mx-occluded"]),
    ),
    (Validns, &["multiple DNAMEs"], Ids(&["dname-structure"])),
    // ---- validns: DNSSEC.
    (Validns, &["signature"], NotMatched(DNSSEC)),
    (Validns, &["NSEC"], NotMatched(DNSSEC)),
    (Validns, &["No KSK found"], NotMatched(DNSSEC)),
    (Validns, &["algorithm"], NotMatched(DNSSEC)),
    (Validns, &["digest type"], NotMatched(DNSSEC)),
    (Validns, &["key tag"], NotMatched(DNSSEC)),
    (Validns, &["type covered"], NotMatched(DNSSEC)),
    // ---- validns: syntax and unsupported types.
    (
        Validns,
        &["invalid or unsupported rdtype"],
        NotMatched(VALIDNS_TYPES),
    ),
    (
        Validns,
        &["unrecognized directive"],
        NotMatched(VALIDNS_TYPES),
    ),
    (
        Validns,
        &["invalid custom type rdata"],
        NotMatched(VALIDNS_TYPES),
    ),
    (Validns, &["invalid rdtype type"], NotMatched(VALIDNS_TYPES)),
    (
        Validns,
        &["custom data is longer than specified"],
        NotMatched(VALIDNS_TYPES),
    ),
    (Validns, &["validns: open "], Syntax),
    (Validns, &["validns: read error"], Syntax),
    (Validns, &["bitmap index out of range"], Syntax),
    (Validns, &["empty text record"], Syntax),
    (Validns, &["is out of range"], Syntax),
    (Validns, &["not in the range"], Syntax),
    (Validns, &["host name contains"], Syntax),
    (Validns, &["error building pkey"], Syntax),
    (Validns, &["closing quote not found"], Syntax),
    (Validns, &["bad certificate type"], Syntax),
    (
        Validns,
        &["does not represent whole number of bytes"],
        Syntax,
    ),
    // A location with no message (validns prints its DHCID error on the next line).
    (Validns, &[":\n"], Syntax),
    (Validns, &["is not valid"], Syntax),
    (Validns, &["expected"], Syntax),
    (Validns, &["is not known"], Syntax),
    (Validns, &["too long"], Syntax),
    (Validns, &["too short"], Syntax),
    (Validns, &["unexpected"], Syntax),
    (Validns, &["out of supported range"], Syntax),
    (Validns, &["cannot parse"], Syntax),
    (Validns, &["garbage after"], Syntax),
    (Validns, &["should not be empty"], Syntax),
    (Validns, &["not supported"], Syntax),
    (Validns, &["not currently supported"], Syntax),
    (Validns, &["bad escape sequence"], Syntax),
    (Validns, &["is reserved by IANA"], Syntax),
    (Validns, &["unknown AFSDB subtype"], Syntax),
    (Validns, &["not a proper prefixed DNS domain name"], Syntax),
    (Validns, &["contains non-digits"], Syntax),
    (Validns, &["reserved flags bits are set"], Syntax),
    (Validns, &["is supposed to be"], Syntax),
    (Validns, &["does not have the right size"], Syntax),
    (Validns, &["is out of supported range"], Syntax),
    (Validns, &["E or W is expected"], Syntax),
    (Validns, &["N or S is expected"], Syntax),
    (Validns, &["is not all by itself"], Syntax),
    (Validns, &["name cannot start with a dot"], Syntax),
    (
        Validns,
        &["RP TXT", "does not exist"],
        NotMatched(
            "an RP record's TXT pointer to a missing name is informational (RFC 1183 §2.2 allows `.`); no rule yet",
        ),
    ),
];

/// Peer findings zonelint misses today, by file (path under the corpora, or `examples/...`) and
/// the message fragment, with the reason.
const KNOWN_GAPS: &[(&str, &str, &str)] = &[
    (
        "bind9/bin/tests/system/checkzone/zones/bad-nsec3owner-padded.db",
        "bad owner name",
        NSEC3_OWNER,
    ),
    (
        "nsd/tpkg/non_b32_nsec3.tdir/non_b32_nsec3.zone",
        "bad owner name",
        NSEC3_OWNER,
    ),
    (
        "simdzone/tests/zones/xbounds.zone",
        "bad owner name",
        NSEC3_OWNER,
    ),
    (
        "bind9/bin/tests/system/checkzone/zones/good-occulted-ns-by-dname.db",
        "missing glue record",
        "deliberate: the NS is below the apex DNAME, so it is never served and needs no glue; BIND loads the file (its test calls it good), kzonecheck 3.2 asks for glue",
    ),
    (
        "ldns/test/29-generic-rdata-tab.tpkg/29-generic-rdata-tab.db",
        "!= zone class",
        "deliberate: zonelint takes a zone's class from its first record, so a CH or CLASS32 zone needs no option; BIND assumes IN unless `-c` says otherwise",
    ),
];

const NSEC3_OWNER: &str =
    "an NSEC3 owner that is not a base32hex hash is a DNSSEC check (later rule group)";

fn verdict(peer: Peer, message: &str) -> Option<(usize, Verdict)> {
    MESSAGES
        .iter()
        .enumerate()
        .find_map(|(i, (p, fragments, v))| {
            if *p != peer {
                return None;
            }
            let mut rest = message;
            for f in *fragments {
                let at = rest.find(f)?;
                rest = &rest[at + f.len()..];
            }
            Some((i, *v))
        })
}

/// One zone file to compare, with how the peers were run on it.
struct Case {
    /// What the test calls it: a path under the corpora, or `examples/NAME`.
    name: String,
    file: PathBuf,
    origin: String,
    cwd: PathBuf,
}

/// The messages of a peer that carry a finding, as lines.
fn peer_messages(peer: Peer, tool: &Path, case: &Case) -> Vec<String> {
    let out = peer
        .command(tool, &case.origin, &case.file)
        .current_dir(&case.cwd)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", peer.name()));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    text.lines()
        .map(str::trim)
        // Knot's summary repeats each finding as `COUNT\tmessage`; its detail lines carry it.
        .filter(|l| !l.is_empty() && !l.starts_with(|c: char| c.is_ascii_digit()))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// What zonelint says about a file.
struct Zonelint {
    /// The ids it reports.
    ids: BTreeSet<&'static str>,
    /// Whether some zone did not read completely (syntax errors, records of another class).
    syntax: bool,
    /// Whether some zone of the read has an SOA at its apex.
    apex_soa: bool,
}

fn zonelint(case: &Case) -> Zonelint {
    let Ok(set) = read_like_bind(&case.file, &case.origin, &case.cwd) else {
        return Zonelint {
            ids: BTreeSet::new(),
            syntax: true,
            apex_soa: false,
        };
    };
    let graph = Graph::build(set);
    // An entry the reader could not use (a syntax error, a record of another class) leaves its
    // zone incomplete: absence rules stay silent there.
    let syntax = graph.zones().iter().any(|z| !z.complete);
    let apex_soa = graph
        .zone_ids()
        .any(|(id, zone)| graph.rrset(id, zone.apex, RType::SOA).is_some());
    let ids = rules::run(&graph, &RuleConfig::default())
        .into_iter()
        .map(|d| d.id)
        .collect();
    Zonelint {
        ids,
        syntax,
        apex_soa,
    }
}

#[derive(Default)]
struct Tally {
    messages: usize,
    semantic: usize,
    matched: usize,
    waived: usize,
    known_gaps: usize,
    not_matched: BTreeMap<&'static str, usize>,
    syntax: usize,
}

fn cases(rows: &[common::Row]) -> Vec<Case> {
    let mut cases: Vec<Case> = zone_rows(rows)
        .into_iter()
        .filter(|r| r.get("kind") == "zone")
        .map(|r| Case {
            name: r.path().to_owned(),
            file: r.file(),
            origin: r.origin().to_owned(),
            cwd: r.cwd(),
        })
        .filter(|c| c.file.is_file())
        .collect();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut shipped: Vec<PathBuf> = std::fs::read_dir(&examples)
        .expect("examples/")
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "zone"))
        .collect();
    shipped.sort();
    for file in shipped {
        let origin = infer_from_file_name(&file).expect("example names are domains");
        cases.push(Case {
            name: format!(
                "examples/{}",
                file.file_name().unwrap_or_default().to_string_lossy()
            ),
            file,
            origin,
            cwd: examples.clone(),
        });
    }
    cases
}

#[test]
fn every_peer_finding_is_reported_by_zonelint() {
    const TEST: &str = "parity";
    let Some(rows) = manifest(TEST) else { return };
    let tools: Vec<(Peer, PathBuf)> = Peer::ALL
        .iter()
        .filter_map(|&p| {
            let found = tool(p.name()).map(|t| (p, t));
            if found.is_none() {
                skip(TEST, &format!("{} is not installed", p.name()));
            }
            found
        })
        .collect();
    if tools.is_empty() || tool("timeout").is_none() {
        return;
    }
    let cases = cases(&rows);
    assert!(cases.len() > 1000, "corpus too small: {}", cases.len());

    let results = par_map(&cases, |case| {
        let found = zonelint(case);
        let messages: Vec<(Peer, Vec<String>)> = tools
            .iter()
            .map(|(p, t)| (*p, peer_messages(*p, t, case)))
            .collect();
        (found, messages)
    });

    let mut failures = Vec::new();
    let mut unclassified = BTreeSet::new();
    let mut tallies: BTreeMap<Peer, Tally> = BTreeMap::new();
    let mut gaps_used = BTreeSet::new();
    for (case, (found, messages)) in cases.iter().zip(&results) {
        let ids = &found.ids;
        for (peer, lines) in messages {
            let tally = tallies.entry(*peer).or_default();
            // One finding per table entry and file: validns repeats a message per record.
            let mut seen = BTreeSet::new();
            for line in lines {
                let Some((entry, v)) = verdict(*peer, line) else {
                    unclassified.insert(format!("{}: {}", peer.name(), line.trim_end()));
                    continue;
                };
                if !seen.insert(entry) {
                    continue;
                }
                tally.messages += 1;
                let v = match v {
                    SoaFirst if found.apex_soa => NotMatched(SOA_ORDER),
                    SoaFirst => Ids(&["soa-missing", "soa-not-at-apex"]),
                    other => other,
                };
                match v {
                    SoaFirst => unreachable!("resolved above"),
                    Status => tally.messages -= 1,
                    Syntax => tally.syntax += 1,
                    NotMatched(why) => *tally.not_matched.entry(why).or_default() += 1,
                    Ids(want) => {
                        tally.semantic += 1;
                        if want.iter().any(|id| ids.contains(id)) {
                            tally.matched += 1;
                        } else if let Some(gap) = KNOWN_GAPS
                            .iter()
                            .find(|(f, m, _)| *f == case.name && line.contains(m))
                        {
                            tally.known_gaps += 1;
                            gaps_used.insert(gap.0.to_owned() + gap.1);
                        } else if found.syntax {
                            tally.waived += 1;
                        } else {
                            failures.push(format!(
                                "{}: {} says `{}`; zonelint reports none of {want:?} (it reports {ids:?})",
                                case.name,
                                peer.name(),
                                line.trim_end()
                            ));
                        }
                    }
                }
            }
        }
    }
    for (peer, t) in &tallies {
        announce(&format!(
            "{TEST}: {}: {} findings on {} files: {} semantic, {} matched by zonelint, {} waived (the zone did not read completely), {} known gaps; {} syntax (conformance suites); not matched on purpose: {}",
            peer.name(),
            t.messages,
            cases.len(),
            t.semantic,
            t.matched,
            t.waived,
            t.known_gaps,
            t.syntax,
            t.not_matched.values().sum::<usize>()
        ));
    }
    let stale: Vec<_> = KNOWN_GAPS
        .iter()
        .filter(|(f, m, _)| !gaps_used.contains(&((*f).to_owned() + m)))
        .collect();
    assert!(
        unclassified.is_empty() && stale.is_empty() && failures.is_empty(),
        "peer messages the table does not know (add them to MESSAGES):\n{}\n\nstale KNOWN_GAPS entries: {stale:?}\n\n{} peer findings zonelint misses:\n{}",
        unclassified.into_iter().collect::<Vec<_>>().join("\n"),
        failures.len(),
        failures.join("\n")
    );
}
