//! Types with irregular presentation syntax. Each has its own module with a parser and formatter.

use super::table::TypeSyntax;
use crate::zone::rtype::RType;

/// The special syntax of `rtype`, if it has one.
#[must_use]
pub fn syntax(rtype: RType) -> Option<TypeSyntax> {
    match rtype.0 {
        _ => None,
    }
}
