//! Which rules run: `--select`, `--extend-select` and `--ignore` (and the config file's
//! `[rules]`), resolved the way ruff resolves them. Knows the rule registry, not the terminal.
//!
//! Each layer (the config file, then the command line) starts from the previous layer's set, or
//! from nothing when it has a `select`. Within a layer, selectors apply from the least specific
//! (`all`) to the most specific (a rule id); at each specificity `select`/`extend-select` add and
//! then `ignore` removes. So `--select mx --ignore mx-wildcard` and `--ignore mx --extend-select
//! mx-wildcard` both do what they say. Rules that are off by default run only when a selector
//! names them (by id, group or `all`); the defaults never include them.

use std::collections::BTreeSet;

use crate::rules::{self, Group, Level, READER_IDS, RuleConfig};

/// What one selector names: every rule, a group, or one rule (or reader finding) id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selector {
    All,
    Group(Group),
    Rule(&'static str),
}

/// A selector that is neither `all`, a group nor a rule id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown rule or group `{0}` (`zonelint rules` lists them)")]
pub struct UnknownSelector(pub String);

impl Selector {
    /// Parses `all`, a group name (`mx`, `spf`, `syntax`…) or a rule id.
    ///
    /// # Errors
    /// When `text` names nothing.
    pub fn parse(text: &str) -> Result<Selector, UnknownSelector> {
        let text = text.trim();
        if text == "all" {
            return Ok(Selector::All);
        }
        if let Some(group) = Group::from_name(text) {
            return Ok(Selector::Group(group));
        }
        rules::find(text)
            .map(|r| r.meta().id)
            .or_else(|| READER_IDS.iter().copied().find(|&id| id == text))
            .map(Selector::Rule)
            .ok_or_else(|| UnknownSelector(text.to_owned()))
    }

    /// Parses every selector of a list.
    ///
    /// # Errors
    /// At the first one that names nothing.
    pub fn parse_all(texts: &[String]) -> Result<Vec<Selector>, UnknownSelector> {
        texts
            .iter()
            .filter(|t| !t.trim().is_empty())
            .map(|t| Selector::parse(t))
            .collect()
    }

    fn specificity(self) -> u8 {
        match self {
            Selector::All => 0,
            Selector::Group(_) => 1,
            Selector::Rule(_) => 2,
        }
    }

    /// Whether this selector names the rule `id` of `group`.
    #[must_use]
    pub fn matches(self, id: &str, group: Group) -> bool {
        match self {
            Selector::All => true,
            Selector::Group(g) => g == group,
            Selector::Rule(r) => r == id,
        }
    }
}

/// One source of selection: the config file's `[rules]` or the command line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SelectionLayer {
    /// Replaces the set so far when present.
    pub select: Option<Vec<Selector>>,
    pub extend_select: Vec<Selector>,
    pub ignore: Vec<Selector>,
}

impl SelectionLayer {
    /// Whether the layer selects, adds and ignores nothing.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.select.is_none() && self.extend_select.is_empty() && self.ignore.is_empty()
    }
}

/// A finding id the selection knows: its group and whether it runs by default.
struct Known {
    id: &'static str,
    group: Group,
    default_on: bool,
}

fn known_ids() -> impl Iterator<Item = Known> {
    let reader = READER_IDS.iter().map(|&id| Known {
        id,
        group: Group::Syntax,
        default_on: true,
    });
    let rules = rules::RULES.iter().map(|r| {
        let meta = r.meta();
        Known {
            id: meta.id,
            group: meta.group,
            default_on: meta.default_level != Level::Off,
        }
    });
    reader.chain(rules)
}

/// Every id `selector` names, in registry order (reader ids first).
#[must_use]
pub fn ids_matching(selector: Selector) -> Vec<&'static str> {
    known_ids()
        .filter(|k| selector.matches(k.id, k.group))
        .map(|k| k.id)
        .collect()
}

/// The group of a finding id (`syntax` for the reader's own).
#[must_use]
pub fn group_of(id: &str) -> Group {
    rules::find(id).map_or(Group::Syntax, |r| r.meta().group)
}

/// The ids that run after applying `layers` in order to the defaults.
#[must_use]
pub fn enabled(layers: &[&SelectionLayer]) -> BTreeSet<&'static str> {
    let known: Vec<Known> = known_ids().collect();
    let mut on: BTreeSet<&'static str> = known
        .iter()
        .filter(|k| k.default_on)
        .map(|k| k.id)
        .collect();
    for layer in layers {
        if layer.select.is_some() {
            on.clear();
        }
        let adds: Vec<Selector> = layer
            .select
            .iter()
            .flatten()
            .chain(&layer.extend_select)
            .copied()
            .collect();
        for specificity in 0..=2 {
            for k in &known {
                let named = |list: &[Selector]| {
                    list.iter()
                        .any(|s| s.specificity() == specificity && s.matches(k.id, k.group))
                };
                if named(&adds) {
                    on.insert(k.id);
                }
                if named(&layer.ignore) {
                    on.remove(k.id);
                }
            }
        }
    }
    on
}

/// The engine's configuration for these layers and per-rule levels (`severities`, which
/// change the level of a rule that runs but never make it run).
#[must_use]
pub fn rule_config(layers: &[&SelectionLayer], severities: &[(&'static str, Level)]) -> RuleConfig {
    let mut config = RuleConfig::default();
    // With no selector and no level anywhere the defaults stand, and the engine's default
    // configuration is exactly them: resolving the set (every id compared as text) was a
    // twentieth of a pre-commit run's instructions. A test holds the two equal. (A level alone
    // needs the set: it must not turn on a rule that is off by default.)
    if !(severities.is_empty() && layers.iter().all(|l| l.is_empty())) {
        config.only_registered(enabled(layers));
    }
    // Every id here comes from the registry, so this cannot fail.
    for &(id, level) in severities {
        let _ = config.set(id, level);
    }
    config
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(select: Option<&[&str]>, extend: &[&str], ignore: &[&str]) -> SelectionLayer {
        let parse = |ids: &[&str]| {
            ids.iter()
                .map(|t| Selector::parse(t).expect("known selector"))
                .collect::<Vec<_>>()
        };
        SelectionLayer {
            select: select.map(parse),
            extend_select: parse(extend),
            ignore: parse(ignore),
        }
    }

    #[test]
    fn no_selector_configures_exactly_the_defaults() {
        let empty = SelectionLayer::default();
        let quick = rule_config(&[&empty, &empty], &[]);
        let mut resolved = RuleConfig::default();
        resolved.only_registered(enabled(&[]));
        let levels = [Level::Off, Level::Info, Level::Warning, Level::Error];
        for known in known_ids() {
            let defaults = if known.default_on {
                &levels[1..]
            } else {
                &levels[..1]
            };
            for &default in defaults {
                assert_eq!(
                    quick.level(known.id, default),
                    resolved.level(known.id, default),
                    "{}",
                    known.id
                );
            }
        }
        let some = layer(None, &[], &["mx"]);
        assert_eq!(
            rule_config(&[&some], &[]).level("mx-missing", Level::Warning),
            Level::Off
        );
        // A level does not turn on a rule that is off by default.
        let levelled = rule_config(&[&empty], &[("mx-single-exchange", Level::Warning)]);
        assert_eq!(levelled.level("mx-single-exchange", Level::Off), Level::Off);
    }

    #[test]
    fn every_rule_group_is_listed() {
        for rule in rules::RULES {
            assert!(
                Group::ALL.contains(&rule.meta().group),
                "{}",
                rule.meta().id
            );
        }
        for group in Group::ALL {
            assert_eq!(Group::from_name(group.as_str()), Some(*group));
        }
    }

    #[test]
    fn defaults_leave_off_rules_off() {
        let on = enabled(&[]);
        assert!(on.contains("mx-target-is-cname"));
        assert!(on.contains("invalid-syntax"));
        assert!(!on.contains("mx-single-exchange"));
    }

    #[test]
    fn select_replaces_extend_adds_ignore_removes() {
        let on = enabled(&[&layer(Some(&["mx"]), &[], &["mx-wildcard"])]);
        assert!(on.contains("mx-target-is-cname"));
        assert!(
            on.contains("mx-single-exchange"),
            "a group names off rules too"
        );
        assert!(!on.contains("mx-wildcard"));
        assert!(!on.contains("spf-ptr"));
        assert!(!on.contains("invalid-syntax"));

        let on = enabled(&[&layer(None, &["mx-single-exchange"], &["spf"])]);
        assert!(on.contains("mx-single-exchange"));
        assert!(on.contains("invalid-syntax"));
        assert!(!on.contains("spf-ptr"));
    }

    #[test]
    fn the_more_specific_selector_wins() {
        let on = enabled(&[&layer(None, &["mx-wildcard"], &["mx"])]);
        assert!(on.contains("mx-wildcard"));
        assert!(!on.contains("mx-target-is-cname"));
        let on = enabled(&[&layer(Some(&["all"]), &[], &["syntax"])]);
        assert!(!on.contains("invalid-syntax"));
        assert!(on.contains("mx-target-unverifiable"));
    }

    #[test]
    fn later_layers_build_on_earlier_ones() {
        let config = layer(Some(&["spf"]), &[], &[]);
        let cli = layer(None, &["mx-wildcard"], &["spf-ptr"]);
        let on = enabled(&[&config, &cli]);
        assert!(on.contains("spf-missing") && on.contains("mx-wildcard"));
        assert!(!on.contains("spf-ptr") && !on.contains("mx-target-is-cname"));
        let on = enabled(&[&config, &layer(Some(&["mx-wildcard"]), &[], &[])]);
        assert_eq!(on.into_iter().collect::<Vec<_>>(), ["mx-wildcard"]);
    }

    #[test]
    fn unknown_selectors_are_errors() {
        assert_eq!(
            Selector::parse("mx-nope"),
            Err(UnknownSelector("mx-nope".into()))
        );
        assert_eq!(
            Selector::parse("syntax"),
            Ok(Selector::Group(Group::Syntax))
        );
        assert_eq!(
            Selector::parse("invalid-syntax"),
            Ok(Selector::Rule("invalid-syntax"))
        );
    }
}
