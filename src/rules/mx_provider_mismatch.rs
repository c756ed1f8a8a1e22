use std::cell::OnceCell;

use rustc_hash::FxHashSet;

use crate::graph::{Graph, RecordRole, ZoneId};
use crate::policy::mail_providers::{self, MxSet, Profile};
use crate::policy::spf::MechanismKind;
use crate::policy::spf_graph::{self, SpfAt, is_spf_record};
use crate::policy::text_spans::TextMap;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::intern::NameId;
use crate::zone::name;
use crate::zone::rtype::RType;
use crate::zone::source::Span;

declare_rule! {
    /// A mail provider's exchanges that differ from its documented MX set, or SPF without its include.
    ///
    /// ## What it does
    /// When the exchanges of a name's MX set belong to a well-known mail provider (Google
    /// Workspace, Microsoft 365, Zoho Mail, Fastmail, Proton Mail, iCloud Mail, or a profile of
    /// your own in `[[settings.mail-providers]]`; `docs/mail-providers.md` lists the profiles
    /// and their sources), compares the set with what the provider documents. The set's provider
    /// is the one with most exchanges in it (on a tie, the one of the most preferred exchange).
    /// Reported, each on the offending field (the exchange, the preference for an order problem,
    /// the SPF record's text):
    /// - an exchange of another provider, or of nobody, in the set: a mix. A filtering gateway
    ///   in front of the provider replaces the whole MX set, so it never mixes;
    /// - an exchange of the provider outside the documented set closest to the MX set: from
    ///   another of its documented sets (Google's legacy `aspmx` records beside
    ///   `smtp.google.com`), not documented at all (the old `aspmx2.googlemail.com`), or one
    ///   more than the set has; and, in one finding, the documented exchanges the set lacks
    ///   (when it has some of them: otherwise the help of the exchanges found lists the set);
    /// - a preference that puts an exchange the provider documents as more preferred after, or
    ///   level with, a less preferred one. Only the order counts: `1/5/10` and `10/20/30` are
    ///   the same;
    /// - an SPF record at the name that does not reach the provider's include, directly or
    ///   through `include:` and `redirect=` within the zones of the run. A name without SPF is
    ///   left to `spf-missing`, several SPF records to `spf-multiple`, a wildcard owner is
    ///   skipped, and a record reaching a domain the run does not hold (other than another
    ///   provider's include) may include the provider there and is not reported.
    ///
    /// A misspelt exchange (`aspmx.l.gogle.com`) is nobody's and is left to the address rules;
    /// null MX records are left to the null-MX rules.
    ///
    /// ## Why is this bad?
    /// Providers document these records because their systems expect them. An exchange left
    /// from a previous provider takes part of the mail (senders fall back to it, or pick it at
    /// random at an equal preference), and that mail is lost or bounces; a missing backup
    /// exchange removes the redundancy the provider planned; a wrong order sends mail to a
    /// backup first (RFC 5321 §5.1). Without the provider's SPF include, the mail it sends for
    /// the domain fails SPF, and under a DMARC policy is quarantined or rejected.
    ///
    /// ## Example
    /// ```zone
    /// @     MX    1  smtp.google.com.
    /// @     MX    10 mail.example.com.
    /// @     TXT   "v=spf1 include:_spf.google.com ~all"
    /// mail  A     192.0.2.25
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @     MX    1  smtp.google.com.
    /// @     TXT   "v=spf1 include:_spf.google.com ~all"
    /// ```
    ///
    /// ## References
    /// - The providers' documentation, listed with each profile in `docs/mail-providers.md`
    /// - RFC 5321 §5.1 (preferences)
    /// - RFC 7208 §5.2 (`include`)
    pub MxProviderMismatch,
    id: "mx-provider-mismatch",
    group: Mx,
    level: Warning,
    since: "0.1.0",
}

/// One non-null MX record of a set.
struct Member<'g> {
    index: usize,
    preference: u16,
    exchange: &'g [u8],
    /// The profile (index into the run's profiles) whose hosts include the exchange.
    provider: Option<usize>,
}

/// The members of the chosen documented set's provider, matched against the set.
struct Fit {
    /// Index into the provider's `mx_sets`.
    set: usize,
    /// `(member, entry)` pairs, entries of the set.
    matched: Vec<(usize, usize)>,
    /// Members of the provider not matched.
    unmatched: Vec<usize>,
    /// Entries of the set no member matched.
    missing: Vec<usize>,
}

/// Matches `members` (all of one provider, by preference then source order) against one
/// documented set: each entry takes the first member it matches.
fn fit(set: &MxSet, set_index: usize, members: &[&Member<'_>], ids: &[usize]) -> Fit {
    let mut used = vec![false; set.records.len()];
    let mut matched = Vec::new();
    let mut unmatched = Vec::new();
    for (&id, member) in ids.iter().zip(members) {
        match (0..set.records.len())
            .find(|&e| !used[e] && set.records[e].exchange.matches(member.exchange))
        {
            Some(e) => {
                used[e] = true;
                matched.push((id, e));
            }
            None => unmatched.push(id),
        }
    }
    let missing = (0..set.records.len()).filter(|&e| !used[e]).collect();
    Fit {
        set: set_index,
        matched,
        unmatched,
        missing,
    }
}

/// The documented set closest to the members: most matched, then fewest missing, then first.
fn best_fit(profile: &Profile, members: &[&Member<'_>], ids: &[usize]) -> Option<Fit> {
    let mut best: Option<Fit> = None;
    for (i, set) in profile.mx_sets.iter().enumerate() {
        let candidate = fit(set, i, members, ids);
        let better = best.as_ref().is_none_or(|b| {
            (
                candidate.matched.len(),
                std::cmp::Reverse(candidate.missing.len()),
            ) > (b.matched.len(), std::cmp::Reverse(b.missing.len()))
        });
        if better {
            best = Some(candidate);
        }
    }
    best
}

/// For each matched member documented as more preferred than another matched member but not
/// given a lower preference: `(member, the member it fails to come before)`.
fn order_problems(
    set: &MxSet,
    members: &[Member<'_>],
    matched: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for &(y, ey) in matched {
        let doc_y = set.records[ey].preference;
        // The worst offender: the most preferred of those documented after it.
        let culprit = matched
            .iter()
            .filter(|&&(x, ex)| {
                set.records[ex].preference > doc_y && members[y].preference >= members[x].preference
            })
            .min_by_key(|&&(x, _)| (members[x].preference, members[x].index))
            .map(|&(x, _)| x);
        if let Some(x) = culprit {
            out.push((y, x));
        }
    }
    out
}

/// Whether an SPF record reaches a provider's include.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    Yes,
    No,
    /// A term leads where the run cannot follow: the include may be there.
    Unknown,
}

/// Records visited at most while looking for an include.
const MAX_SPF_VISITS: usize = 64;

/// Whether SPF record `root` reaches one of `target`'s includes through the terms a receiver
/// evaluates (`include:` before `all`, `redirect=` without `all`), following targets in the run.
/// Another provider's include is known not to lead to it.
fn reaches(graph: &Graph, root: usize, target: &Profile, profiles: &[&Profile]) -> Reach {
    let mut stack = vec![root];
    let mut seen = FxHashSet::default();
    seen.insert(root);
    let mut unknown = false;
    while let Some(index) = stack.pop() {
        if seen.len() > MAX_SPF_VISITS {
            return Reach::Unknown;
        }
        let Some((text, record)) = spf_graph::parse_record(graph, index) else {
            unknown = true;
            continue;
        };
        let mut domains = Vec::new();
        let mut has_all = false;
        for (_, m) in record.mechanisms() {
            match m.kind {
                MechanismKind::All => {
                    has_all = true;
                    break;
                }
                MechanismKind::Include => domains.extend(m.domain.clone()),
                _ => {}
            }
        }
        if !has_all && let Some((_, redirect)) = record.redirect() {
            domains.push(redirect.value.clone());
        }
        for range in domains {
            let Some(wire) = text.get(range).and_then(spf_graph::domain_wire) else {
                unknown = true;
                continue;
            };
            if target.is_spf_include(&wire) {
                return Reach::Yes;
            }
            if profiles.iter().any(|p| p.is_spf_include(&wire)) {
                continue;
            }
            match spf_graph::spf_at(graph, &wire) {
                SpfAt::Found(found) if found.len() == 1 => {
                    if seen.insert(found[0] as usize) {
                        stack.push(found[0] as usize);
                    }
                }
                SpfAt::NoName { .. } | SpfAt::NoSpf { .. } => {}
                SpfAt::Found(_) | SpfAt::Unknown => unknown = true,
            }
        }
    }
    if unknown { Reach::Unknown } else { Reach::No }
}

/// The exchange field of an MX record.
fn exchange_span(graph: &Graph, index: usize) -> Span {
    record_fields(&graph.set, index)
        .field("exchange")
        .unwrap_or(graph.set.records[index].span)
}

/// The preference field of an MX record.
fn preference_span(graph: &Graph, index: usize) -> Span {
    record_fields(&graph.set, index)
        .field("preference")
        .unwrap_or(graph.set.records[index].span)
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Where the provider documents its records, for notes.
fn documented_at(profile: &Profile) -> String {
    match (&profile.source, &profile.checked) {
        (Some(source), Some(checked)) => {
            format!(
                "{} documents its records at {source} (checked {checked})",
                profile.name
            )
        }
        (Some(source), None) => format!("{} documents its records at {source}", profile.name),
        _ => format!("the `{}` profile of the configuration", profile.name),
    }
}

/// One MX set being judged.
struct SetCheck<'g, 'p> {
    graph: &'g Graph,
    zone: ZoneId,
    owner: NameId,
    members: Vec<Member<'g>>,
    profiles: &'p [&'p Profile],
    provider: usize,
    /// The sentences each profile's findings share, by profile (see [`ProfileTexts`]).
    texts: &'p [OnceCell<ProfileTexts>],
    owner_text: OnceCell<String>,
}

/// The parts of a profile's findings that name only the profile, made once per run: a zone of
/// a hosting provider has tens of thousands of such findings, and formatting the same sentence
/// for each cost more than the rest of the rule.
struct ProfileTexts {
    documented_at: String,
    foreign_note: String,
    not_its_exchange: String,
    its_exchange: String,
}

impl ProfileTexts {
    fn new(profile: &Profile) -> Self {
        let documented_at = documented_at(profile);
        ProfileTexts {
            foreign_note: format!(
                "senders try every exchange of the set, so part of the mail goes to a system \
                 that may not host the mailboxes; {documented_at}"
            ),
            not_its_exchange: format!("not a {} exchange", profile.name),
            its_exchange: format!("{} exchange", profile.name),
            documented_at,
        }
    }
}

impl SetCheck<'_, '_> {
    fn profile(&self) -> &Profile {
        self.profiles[self.provider]
    }

    fn texts(&self) -> &ProfileTexts {
        self.texts[self.provider].get_or_init(|| ProfileTexts::new(self.profile()))
    }

    /// The set's owner as text, made once for all of the set's findings.
    fn owner_text(&self) -> &str {
        self.owner_text
            .get_or_init(|| self.graph.set.names.text(self.owner))
    }

    fn exchange_text(&self, member: usize) -> String {
        name::to_text(self.members[member].exchange)
    }

    /// The provider's most preferred member, to point at as "the provider's exchange".
    fn anchor(&self) -> Option<usize> {
        (0..self.members.len())
            .filter(|&m| self.members[m].provider == Some(self.provider))
            .min_by_key(|&m| (self.members[m].preference, self.members[m].index))
    }

    fn foreign(&self, cx: &mut Context<'_>) {
        let profile = self.profile();
        // Re-reading a record for a span costs a few thousand instructions: once per set.
        let mut anchor_span = None;
        for (m, member) in self.members.iter().enumerate() {
            if member.provider == Some(self.provider) {
                continue;
            }
            let exchange = self.exchange_text(m);
            let whose = match member.provider {
                Some(other) => format!(" ({})", self.profiles[other].name),
                None => String::new(),
            };
            let mut report = cx.report(
                exchange_span(self.graph, member.index),
                format!(
                    "MX set at `{}` mixes {} exchanges with `{exchange}`{whose}",
                    self.owner_text(),
                    profile.name
                ),
            );
            let texts = self.texts();
            report
                .span_label(&texts.not_its_exchange)
                .help(format_args!(
                    "keep one provider's exchanges: remove `{exchange}`, or the {} records if it \
                     now receives the mail",
                    profile.name
                ))
                .note(&texts.foreign_note);
            if let Some(anchor) = self.anchor() {
                let span = *anchor_span
                    .get_or_insert_with(|| exchange_span(self.graph, self.members[anchor].index));
                report.label(span, &texts.its_exchange);
            }
        }
    }

    fn documented(&self, cx: &mut Context<'_>, fit: &Fit) {
        let profile = self.profile();
        let set = &profile.mx_sets[fit.set];
        let use_set = format!(
            "use {}'s \"{}\" set alone: {}",
            profile.name,
            set.name,
            set.text()
        );
        for &m in &fit.unmatched {
            let member = &self.members[m];
            let exchange = self.exchange_text(m);
            let other_set = profile
                .mx_sets
                .iter()
                .enumerate()
                .find(|(i, s)| {
                    *i != fit.set
                        && s.records
                            .iter()
                            .any(|r| r.exchange.matches(member.exchange))
                })
                .map(|(_, s)| s);
            let (message, label) = if set
                .records
                .iter()
                .any(|r| r.exchange.matches(member.exchange))
            {
                (
                    format!(
                        "`{exchange}` is one exchange more than {}'s \"{}\" MX set documents",
                        profile.name, set.name
                    ),
                    "extra exchange",
                )
            } else if let Some(other) = other_set {
                (
                    format!(
                        "`{exchange}` is from {}'s \"{}\" MX set, mixed with its \"{}\" set",
                        profile.name, other.name, set.name
                    ),
                    "exchange from another documented set",
                )
            } else {
                (
                    format!("`{exchange}` is not a documented {} exchange", profile.name),
                    "undocumented exchange",
                )
            };
            cx.report(exchange_span(self.graph, member.index), message)
                .span_label(label)
                .help(&use_set)
                .note(&self.texts().documented_at);
        }
        // A set with none of the documented exchanges is the unmatched ones' finding, whose help
        // lists the set: one mistake, one finding.
        if !fit.missing.is_empty() && !fit.matched.is_empty() {
            let missing: Vec<String> = fit
                .missing
                .iter()
                .map(|&e| format!("`{}`", set.records[e].exchange.text()))
                .collect();
            let records: Vec<String> = fit
                .missing
                .iter()
                .map(|&e| format!("`{}`", set.records[e].text()))
                .collect();
            let first = self
                .members
                .iter()
                .map(|m| m.index)
                .min()
                .unwrap_or_default();
            cx.report(
                exchange_span(self.graph, first),
                format!(
                    "MX set at `{}` lacks {} of {}'s \"{}\" set",
                    self.owner_text(),
                    and_list(&missing),
                    profile.name,
                    set.name
                ),
            )
            .span_label(format_args!(
                "{}'s \"{}\" set, incomplete",
                profile.name, set.name
            ))
            .help(format_args!("add {}", and_list(&records)))
            .note(format_args!(
                "the missing exchanges are the provider's planned fallbacks; {}",
                self.texts().documented_at
            ));
        }
        for (y, x) in order_problems(set, &self.members, &fit.matched) {
            let (my, mx) = (&self.members[y], &self.members[x]);
            let relation = if my.preference == mx.preference {
                "level with"
            } else {
                "after"
            };
            let (ey, ex) = (self.exchange_text(y), self.exchange_text(x));
            cx.report(
                preference_span(self.graph, my.index),
                format!(
                    "preference {} puts `{ey}` {relation} `{ex}` ({}), against {}'s documented \
                     order",
                    my.preference, mx.preference, profile.name
                ),
            )
            .span_label("preference out of the documented order")
            .label(
                preference_span(self.graph, mx.index),
                format_args!("documented as less preferred than `{ey}`"),
            )
            .help(format_args!(
                "give `{ey}` a lower preference number than `{ex}`, as in {}",
                set.text()
            ))
            .note(format_args!(
                "senders try the lowest preference first (RFC 5321 §5.1); {}",
                self.texts().documented_at
            ));
        }
    }

    fn spf(&self, cx: &mut Context<'_>) {
        let profile = self.profile();
        let owner_wire = self.graph.set.names.wire(self.owner);
        if profile.spf_includes.is_empty() || owner_wire.starts_with(b"\x01*") {
            return;
        }
        let mut spf = self
            .graph
            .records_at(self.zone, self.owner, RType::TXT)
            .iter()
            .map(|&i| i as usize)
            .filter(|&i| is_spf_record(self.graph, i));
        let (Some(record), None) = (spf.next(), spf.next()) else {
            return;
        };
        if reaches(self.graph, record, profile, self.profiles) != Reach::No {
            return;
        }
        let has_all = spf_graph::parse_record(self.graph, record)
            .is_some_and(|(_, parsed)| parsed.all().is_some());
        let includes: Vec<String> = profile
            .spf_includes
            .iter()
            .map(|d| format!("`include:{}`", d.text))
            .collect();
        let joined_len = self.graph.strings(record).map(<[u8]>::len).sum();
        let span = TextMap::for_record(self.graph, record, joined_len).whole();
        let mut report = cx.report(
            span,
            format!(
                "SPF record at `{}` does not include {} ({})",
                self.owner_text(),
                profile.name,
                includes.join(" or ")
            ),
        );
        report
            .span_label(format_args!("no {} include", profile.name))
            .help(format_args!(
                "add {} to this SPF record{}",
                includes.join(" or "),
                if has_all { ", before its `all`" } else { "" }
            ))
            .note(format_args!(
                "mail {} sends for the domain fails SPF without it, and a DMARC policy then \
                 quarantines or rejects it; {}",
                profile.name,
                self.texts().documented_at
            ));
        if let Some(anchor) = self.anchor() {
            report.label(
                exchange_span(self.graph, self.members[anchor].index),
                self.texts().its_exchange.clone(),
            );
        }
    }
}

impl Check for MxProviderMismatch {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        // Only the built-in profiles owning an exchange of the run are parsed (once per
        // process): a hook on a zone without provider exchanges never pays for them.
        let user = &cx.settings().mail_providers;
        let exchanges = || {
            graph
                .mx_records()
                .filter(|(_, mx)| !mx.is_null())
                .map(|(_, mx)| mx.exchange)
        };
        let builtin = mail_providers::builtin_owning(exchanges());
        if builtin.is_empty() && !exchanges().any(|e| user.iter().any(|p| p.owns(e))) {
            return;
        }
        let profiles = mail_providers::effective(user, &builtin);
        let texts: Vec<OnceCell<ProfileTexts>> = profiles.iter().map(|_| OnceCell::new()).collect();
        let owner_of = |exchange: &[u8]| profiles.iter().position(|p| p.owns(exchange));
        for (zone, set) in graph.rrsets_of_type(RType::MX) {
            let records = graph.records_of(zone, &set);
            let Some(&first) = records.first() else {
                continue;
            };
            if graph.record_role(first as usize) != RecordRole::Authoritative
                || !records.iter().any(|&i| {
                    graph
                        .mx(i as usize)
                        .is_some_and(|mx| !mx.is_null() && owner_of(mx.exchange).is_some())
                })
            {
                continue;
            }
            let mut members: Vec<Member<'_>> = Vec::with_capacity(records.len());
            for &i in records {
                let Some(mx) = graph.mx(i as usize).filter(|mx| !mx.is_null()) else {
                    continue;
                };
                // A repeated exchange is `mx-duplicate-exchange`'s: judge the first only. (An MX
                // set is a handful of records: a scan beats hashing a lowercased copy of each.)
                if members
                    .iter()
                    .any(|m| m.exchange.eq_ignore_ascii_case(mx.exchange))
                {
                    continue;
                }
                members.push(Member {
                    index: i as usize,
                    preference: mx.preference,
                    exchange: mx.exchange,
                    provider: owner_of(mx.exchange),
                });
            }
            // By preference, then source order: the order senders use.
            members.sort_by_key(|m| (m.preference, m.index));
            let mut counts = vec![0usize; profiles.len()];
            for m in &members {
                if let Some(p) = m.provider {
                    counts[p] += 1;
                }
            }
            // The provider with most exchanges; on a tie, the one of the most preferred.
            let Some(provider) = members.iter().filter_map(|m| m.provider).fold(
                None::<usize>,
                |best, p| match best {
                    Some(b) if counts[b] >= counts[p] => Some(b),
                    _ => Some(p),
                },
            ) else {
                continue;
            };
            let check = SetCheck {
                graph,
                zone,
                owner: set.owner,
                members,
                profiles: &profiles,
                provider,
                texts: &texts,
                owner_text: OnceCell::new(),
            };
            check.foreign(cx);
            let ids: Vec<usize> = (0..check.members.len())
                .filter(|&m| check.members[m].provider == Some(provider))
                .collect();
            let own: Vec<&Member<'_>> = ids.iter().map(|&m| &check.members[m]).collect();
            if let Some(fit) = best_fit(check.profile(), &own, &ids) {
                check.documented(cx, &fit);
            }
            check.spf(cx);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::mail_providers::builtin;

    fn member(index: usize, preference: u16, exchange: &'static [u8]) -> Member<'static> {
        Member {
            index,
            preference,
            exchange,
            provider: Some(0),
        }
    }

    fn google() -> &'static Profile {
        &builtin()[0]
    }

    #[test]
    fn the_closest_documented_set_is_chosen() {
        let legacy: [&[u8]; 3] = [
            b"\x05aspmx\x01l\x06google\x03com\0",
            b"\x04alt1\x05aspmx\x01l\x06google\x03com\0",
            b"\x04SMTP\x06google\x03com\0",
        ];
        let members: Vec<Member<'_>> = legacy
            .iter()
            .copied()
            .enumerate()
            .map(|(i, e)| member(i, 1, e))
            .collect();
        let refs: Vec<&Member<'_>> = members.iter().collect();
        let ids = [0, 1, 2];
        let fit = best_fit(google(), &refs, &ids).expect("a set");
        assert_eq!(google().mx_sets[fit.set].name, "legacy");
        assert_eq!(fit.matched.len(), 2);
        assert_eq!(fit.unmatched, [2]);
        assert_eq!(fit.missing.len(), 3);
        // One record: the single-record legacy set (nothing missing) beats the full one.
        let fit = best_fit(google(), &refs[..1], &ids[..1]).expect("a set");
        assert_eq!(google().mx_sets[fit.set].name, "legacy, single record");
        assert!(fit.missing.is_empty());
        let fit = best_fit(google(), &refs[2..], &ids[2..]).expect("a set");
        assert_eq!(google().mx_sets[fit.set].name, "current");
    }

    #[test]
    fn order_blames_the_exchange_that_comes_too_late() {
        let set = &google().mx_sets[1];
        // aspmx at 20, alt1 at 10, alt3 at 10 (alt1 and alt3 level: alt1 is documented first).
        let members = vec![
            member(0, 20, b"\x05aspmx\x01l\x06google\x03com\0"),
            member(1, 10, b"\x04alt1\x05aspmx\x01l\x06google\x03com\0"),
            member(2, 10, b"\x04alt3\x05aspmx\x01l\x06google\x03com\0"),
        ];
        let matched = [(0, 0), (1, 1), (2, 3)];
        assert_eq!(order_problems(set, &members, &matched), [(0, 1), (1, 2)]);
        // Any numbers in the documented order are fine; documented ties may be broken.
        let members = vec![
            member(0, 10, b"\x05aspmx\x01l\x06google\x03com\0"),
            member(1, 30, b"\x04alt1\x05aspmx\x01l\x06google\x03com\0"),
            member(2, 20, b"\x04alt2\x05aspmx\x01l\x06google\x03com\0"),
            member(3, 40, b"\x04alt3\x05aspmx\x01l\x06google\x03com\0"),
        ];
        let matched = [(0, 0), (1, 1), (2, 2), (3, 3)];
        assert!(order_problems(set, &members, &matched).is_empty());
    }

    #[test]
    fn spf_reach_follows_includes_and_redirects_in_the_run() {
        use crate::zone::{ReadOptions, Reader};
        let text = "$TTL 1\n@ SOA ns hm 1 2 3 4 5\n\
                    a TXT \"v=spf1 include:_spf.example.com ~all\"\n\
                    _spf TXT \"v=spf1 redirect=_spf2.example.com\"\n\
                    _spf2 TXT \"v=spf1 include:_SPF.Google.com. -all\"\n\
                    b TXT \"v=spf1 include:spf.protection.outlook.com include:nothere.example.com -all\"\n\
                    c TXT \"v=spf1 include:spf.example.net -all\"\n\
                    d TXT \"v=spf1 -all include:_spf.google.com\"\n\
                    e TXT \"v=spf1 include:%{d}.example.net -all\"\n\
                    f TXT \"v=spf1 include:f.example.com -all\"\n\
                    f TXT \"v=spf1 include:f.example.com -all include:x\"\n\
                    g TXT \"v=spf1 include:g.example.com -all\"\n";
        let mut reader = Reader::new(ReadOptions {
            origin: Some("example.com.".into()),
            ..ReadOptions::default()
        });
        reader
            .read_bytes("t.zone".as_ref(), text.as_bytes().to_vec())
            .expect("origin");
        let graph = Graph::build(reader.finish());
        let profiles: Vec<&Profile> = builtin().iter().collect();
        let reach = |record: usize| reaches(&graph, record, google(), &profiles);
        // Through an include and a redirect of the run, any case, final dot or not.
        assert_eq!(reach(1), Reach::Yes);
        // Another provider's include, a name of the run that does not exist: known, not there.
        assert_eq!(reach(4), Reach::No);
        // A domain outside the run, a macro: it may be there.
        assert_eq!(reach(5), Reach::Unknown);
        assert_eq!(reach(7), Reach::Unknown);
        // Terms after `all` are never evaluated.
        assert_eq!(reach(6), Reach::No);
        // A target with two SPF records is a permerror, not followed; an include loop ends.
        assert_eq!(reach(8), Reach::Unknown);
        assert_eq!(reach(10), Reach::No);
    }

    #[test]
    fn lists_read_as_prose() {
        let s = |v: &[&str]| v.iter().map(|&x| x.to_owned()).collect::<Vec<_>>();
        assert_eq!(and_list(&s(&["a"])), "a");
        assert_eq!(and_list(&s(&["a", "b", "c"])), "a, b and c");
    }
}
