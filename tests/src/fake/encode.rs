//! Percent-decoding of what arrives and the RPC `pct()` re-encoding used to verify signatures.
//!
//! Written here rather than borrowed from the runtime on purpose: the fake must disagree with the
//! runtime whenever the runtime is wrong, so it cannot share the runtime's encoder.

/// The RPC `pct()`: every UTF-8 byte except `A-Z a-z 0-9 - _ . ~` becomes `%XX` (upper-case hex).
pub fn pct(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
    }
    out
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Decodes one `application/x-www-form-urlencoded` component: `%XX` escapes (either case) and, as
/// form encoding and the tea SDK's query strings use it, `+` for a space. A `%` not followed by two
/// hex digits is kept as it is, as lenient servers do. Invalid UTF-8 is replaced.
pub fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b'%' => match (
                bytes.get(i + 1).and_then(|&b| hex(b)),
                bytes.get(i + 2).and_then(|&b| hex(b)),
            ) {
                (Some(hi), Some(lo)) => {
                    out.push(hi << 4 | lo);
                    i += 3;
                }
                _ => {
                    out.push(b'%');
                    i += 1;
                }
            },
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// `name=value` pairs of a query string or form body, decoded, in the order they arrived. A pair
/// without `=` has an empty value; empty segments (`a=1&&b=2`) are skipped.
pub fn parse_pairs(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|segment| !segment.is_empty())
        .map(|segment| match segment.split_once('=') {
            Some((name, value)) => (decode(name), decode(value)),
            None => (decode(segment), String::new()),
        })
        .collect()
}

/// `pct(name)=pct(value)` joined by `&`, in the given order.
pub fn encode_pairs(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(name, value)| format!("{}={}", pct(name), pct(value)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pct_follows_the_rpc_rules() {
        assert_eq!(pct("AZaz09-_.~"), "AZaz09-_.~");
        assert_eq!(pct("a b*c/d+e=f&g"), "a%20b%2Ac%2Fd%2Be%3Df%26g");
        assert_eq!(pct("中"), "%E4%B8%AD");
        assert_eq!(pct("2024-01-02T03:04:05Z"), "2024-01-02T03%3A04%3A05Z");
    }

    #[test]
    fn decode_handles_escapes_plus_and_stray_percent() {
        assert_eq!(decode("a%20b+c%2Bd"), "a b c+d");
        assert_eq!(decode("%e4%b8%ad"), "中");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz%4"), "%zz%4");
    }

    #[test]
    fn pairs_round_trip_through_pct() {
        let pairs = parse_pairs("B=2+3&A=&C&&D=%2A");
        assert_eq!(
            pairs,
            [
                ("B".to_owned(), "2 3".to_owned()),
                ("A".to_owned(), String::new()),
                ("C".to_owned(), String::new()),
                ("D".to_owned(), "*".to_owned()),
            ]
        );
        assert_eq!(encode_pairs(&pairs), "B=2%203&A=&C=&D=%2A");
    }
}
