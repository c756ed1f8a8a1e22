use crate::graph::Graph;
use crate::rules::{Check, Context};

declare_rule! {
    /// A `; zonelint:` suppression comment that suppressed nothing.
    ///
    /// ## What it does
    /// Reports each rule id of a `; zonelint: ignore[...]` or `; zonelint: ignore-file[...]`
    /// comment that hid no finding in this run, pointing at the id: the finding it was written
    /// for is gone, the rule is not enabled, or the comment sits where that finding is not. It
    /// also reports the suppressions that can never hide anything: an id that names no rule, a
    /// bare `; zonelint: ignore` without ids (zonelint has no blanket suppression), and a
    /// `zonelint:` comment that is neither `ignore[...]` nor `ignore-file[...]`. A
    /// `; zonelint: ignore` inside quoted TXT text is data, not a comment, and is never read.
    /// `docs/suppressions.md` describes the syntax.
    ///
    /// ## Why is this bad?
    /// A stale suppression is a trap: it tells readers a problem is known and accepted where
    /// there is none, and it silently hides the problem if it comes back on that entry later.
    /// A misspelt id or a bare `ignore` looks like a suppression but hides nothing, so the
    /// finding it was meant for is still reported, or worse, the author believes it is handled.
    ///
    /// ## Example
    /// ```zone
    /// @     MX    10 mx1   ; zonelint: ignore[mx-target-is-cname] -- moving off the alias
    /// mx1   A     192.0.2.25
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @     MX    10 mx1
    /// mx1   A     192.0.2.25
    /// ```
    ///
    /// ## References
    /// - ruff's `unused-noqa` (RUF100)
    /// - `docs/suppressions.md`
    pub UnusedSuppression,
    id: "unused-suppression",
    group: Syntax,
    level: Warning,
    since: "0.1.0",
}

/// Deliberately empty: whether a suppression hid something is only known once every other rule
/// ran, so the engine reports this rule itself after applying the suppressions
/// ([`crate::rules::run_counting`], [`crate::suppress::apply`]). The rule exists here for its
/// id, level and docs, and so that the configuration can select or silence it like any other.
impl Check for UnusedSuppression {
    fn check(&self, _graph: &Graph, _cx: &mut Context<'_>) {}
}
