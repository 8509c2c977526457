//! The RPC percent-encoding, `pct()`, written straight into a caller's buffer.
//!
//! Signing encodes every parameter twice (once to build the canonicalized query, once more because
//! that query is itself encoded into the StringToSign). Doing both in one pass, into one pre-sized
//! buffer, is what keeps signing allocation-free per parameter.

/// Bytes that `pct()` leaves as they are: `A-Z a-z 0-9 - _ . ~` (RFC 3986 "unreserved").
static UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        table[i] = b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.' || b == b'~';
        i += 1;
    }
    table
};

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

fn escaped_bytes(s: &str) -> usize {
    s.bytes().filter(|&b| !UNRESERVED[usize::from(b)]).count()
}

/// Length of `pct(s)`.
pub(crate) fn pct_len(s: &str) -> usize {
    s.len() + 2 * escaped_bytes(s)
}

/// An upper bound of the length of `pct(pct(s))` (every byte escaped), cheaper than the exact one.
pub(crate) fn pct_twice_max_len(s: &str) -> usize {
    5 * s.len()
}

/// Appends `pct(s)` to `out`; with `twice`, appends `pct(pct(s))` (each `%XX` becomes `%25XX`).
fn push_encoded(out: &mut Vec<u8>, s: &str, twice: bool) {
    let bytes = s.as_bytes();
    let prefix: &[u8] = if twice { b"%25" } else { b"%" };
    // Runs of unreserved bytes are copied whole; the common case is a name or value with no escape.
    let mut run_start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if UNRESERVED[usize::from(b)] {
            continue;
        }
        out.extend_from_slice(&bytes[run_start..i]);
        out.extend_from_slice(prefix);
        out.extend_from_slice(&[
            HEX_UPPER[usize::from(b >> 4)],
            HEX_UPPER[usize::from(b & 0x0f)],
        ]);
        run_start = i + 1;
    }
    out.extend_from_slice(&bytes[run_start..]);
}

/// Appends `pct(s)` to `out`.
pub(crate) fn push_pct(out: &mut Vec<u8>, s: &str) {
    push_encoded(out, s, false);
}

/// Appends `pct(pct(s))` to `out`.
pub(crate) fn push_pct_twice(out: &mut Vec<u8>, s: &str) {
    push_encoded(out, s, true);
}

/// The text of a buffer written only by the functions above and from `&str`s.
pub(crate) fn into_string(buf: Vec<u8>) -> String {
    // Cannot fail: pct() output is ASCII and everything else appended came from a `&str`. The lossy
    // fallback only avoids a panic path.
    String::from_utf8(buf).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Writes `pct(name)=pct(value)` pairs joined by `&`, in the given order.
pub(crate) fn encode_pairs<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)> + Clone) -> String {
    let len: usize = pairs
        .clone()
        .map(|(k, v)| pct_len(k) + pct_len(v) + 2)
        .sum();
    let mut out = Vec::with_capacity(len);
    for (i, (name, value)) in pairs.enumerate() {
        if i > 0 {
            out.push(b'&');
        }
        push_pct(&mut out, name);
        out.push(b'=');
        push_pct(&mut out, value);
    }
    into_string(out)
}
