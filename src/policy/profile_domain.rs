//! What a domain name of a mail provider profile may be, and the form a profile keeps it in.
//! Shared by build.rs (which compiles the built-in profiles, `#[path]`-included there) and the
//! run-time validation of the profiles of a configuration, so both accept the same names.

/// `raw` (any case, with or without the final dot, surrounding blanks ignored) as a profile
/// keeps it: lowercase text without the final dot, and its lowercase wire form. `None` unless it
/// is LDH labels (and `_`) of 1 to 63 octets, 253 in all.
#[must_use]
pub fn parse(raw: &str) -> Option<(String, Vec<u8>)> {
    let raw = raw.trim();
    let body = raw.strip_suffix('.').unwrap_or(raw).to_ascii_lowercase();
    let valid = !body.is_empty()
        && body.len() <= 253
        && body.split('.').all(|l| {
            (1..=63).contains(&l.len())
                && l.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        });
    if !valid {
        return None;
    }
    let mut wire = Vec::with_capacity(body.len() + 2);
    for label in body.split('.') {
        // Checked above: 1 to 63 octets.
        wire.push(u8::try_from(label.len()).unwrap_or(63));
        wire.extend_from_slice(label.as_bytes());
    }
    wire.push(0);
    Some((body, wire))
}
