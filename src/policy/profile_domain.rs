//! The syntax of a mail provider profile's names and MX records, and the form a profile keeps
//! them in. Shared by build.rs (which compiles the built-in profiles, `#[path]`-included there)
//! and the run-time validation of the profiles of a configuration, so both read them alike.

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

/// Why an MX record of a profile is not `PREFERENCE EXCHANGE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MxRecordError<'a> {
    /// Not two words.
    Shape,
    /// The first word is not a number from 0 to 65535.
    Preference(&'a str),
}

/// An MX record of a profile, `PREFERENCE EXCHANGE`, split: the preference, whether the exchange
/// is a wildcard (`*.suffix`, any name below the suffix), and the exchange (or suffix) as
/// written, for [`parse`].
///
/// # Errors
/// When the record is not two words, or the first is not a preference.
pub fn mx_record(text: &str) -> Result<(u16, bool, &str), MxRecordError<'_>> {
    let mut words = text.split_whitespace();
    let (Some(preference), Some(exchange), None) = (words.next(), words.next(), words.next())
    else {
        return Err(MxRecordError::Shape);
    };
    let preference = preference
        .parse::<u16>()
        .map_err(|_| MxRecordError::Preference(preference))?;
    Ok(match exchange.strip_prefix("*.") {
        Some(suffix) => (preference, true, suffix),
        None => (preference, false, exchange),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_records() {
        let google = parse(" Mail.Google.COM. ").expect("a name");
        assert_eq!(google.0, "mail.google.com");
        assert_eq!(google.1, b"\x04mail\x06google\x03com\x00");
        assert_eq!(parse("a..b"), None);
        assert_eq!(parse("bad name"), None);
        assert_eq!(
            mx_record("10 mx1.example.net."),
            Ok((10, false, "mx1.example.net."))
        );
        assert_eq!(
            mx_record(" 0  *.mx.microsoft "),
            Ok((0, true, "mx.microsoft"))
        );
        assert_eq!(mx_record("mx1.example.net."), Err(MxRecordError::Shape));
        assert_eq!(mx_record("1 a b"), Err(MxRecordError::Shape));
        assert_eq!(
            mx_record("70000 a"),
            Err(MxRecordError::Preference("70000"))
        );
    }
}
