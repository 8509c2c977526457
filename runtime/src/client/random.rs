//! Randomness for signature nonces, idempotency tokens and retry jitter.
//!
//! Nonces and tokens must not collide across processes and machines that share an access key (the
//! service rejects a reused nonce, and a reused token would make two different calls look like one),
//! so they come from the operating system's generator. If that ever fails, a hash of the time, a
//! process-wide counter and the process id is used instead: unique within the process and very
//! unlikely to collide elsewhere, and never a panic.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

static FALLBACK_COUNTER: AtomicU64 = AtomicU64::new(0);

/// 16 random bytes.
fn random_bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    if getrandom::getrandom(&mut bytes).is_ok() {
        return bytes;
    }
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let count = FALLBACK_COUNTER.fetch_add(1, Ordering::Relaxed);
    let pid = u64::from(std::process::id());
    // Truncating the nanoseconds keeps the fast-moving low bits, which is what matters here.
    let a = splitmix64((nanos as u64) ^ pid.rotate_left(32));
    let b = splitmix64(a ^ count);
    bytes[..8].copy_from_slice(&a.to_le_bytes());
    bytes[8..].copy_from_slice(&b.to_le_bytes());
    bytes
}

fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// 32 lower-case hex digits (128 random bits), the form the official SDKs use for nonces.
pub(crate) fn hex32() -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(32);
    for byte in random_bytes() {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    out
}

/// A uniformly random `u64`, for jitter.
pub(crate) fn u64() -> u64 {
    let bytes = random_bytes();
    let mut half = [0u8; 8];
    half.copy_from_slice(&bytes[..8]);
    u64::from_le_bytes(half)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex32_is_32_lower_case_hex_digits() {
        let s = hex32();
        assert_eq!(s.len(), 32);
        assert!(
            s.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
            "{s}"
        );
    }

    #[test]
    fn hex32_values_differ() {
        let values: std::collections::HashSet<_> = (0..1000).map(|_| hex32()).collect();
        assert_eq!(values.len(), 1000);
    }

    #[test]
    fn u64_values_differ() {
        assert_ne!(u64(), u64());
    }
}
