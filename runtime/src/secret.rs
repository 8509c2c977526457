//! A string that must never be printed.
//!
//! Access key secrets and security tokens travel through many layers (providers, caches, the signer,
//! the client's configuration). Wrapping them in [`Secret`] makes every `Debug`/`Display` of those
//! layers safe by construction: the only way to read the value is [`Secret::expose`], which is easy to
//! grep for.

use std::fmt;

/// A secret string (access key secret, security token) whose `Debug` and `Display` print
/// `** redacted **` instead of the value.
///
/// ```
/// use alicloud_runtime::secret::Secret;
///
/// let secret = Secret::new("my-access-key-secret");
/// assert_eq!(format!("{secret:?}"), "** redacted **");
/// assert_eq!(secret.expose(), "my-access-key-secret");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret value itself. Call this only where the value is really needed (signing).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("** redacted **")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("** redacted **")
    }
}
