//! The settings a [`Client`](super::Client) is built from.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::credentials::{DefaultChain, ProvideCredentials};
use crate::endpoint::Network;
use crate::retry::RetryConfig;
use crate::sign::SignatureAlgorithm;

/// The default time allowed to establish a connection (as in the official SDKs).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// The default time allowed for the response to arrive (as in the official SDKs).
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// The default largest response body a client reads: 32 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;

/// Client settings. Build one with [`ClientConfig::builder`]; cloning is cheap.
///
/// ```
/// use std::time::Duration;
/// use alicloud_runtime::client::ClientConfig;
/// use alicloud_runtime::credentials::Credentials;
/// use alicloud_runtime::retry::RetryConfig;
///
/// let config = ClientConfig::builder()
///     .credentials(Credentials::new("LTAIexample", "secret", None))
///     .region("cn-shanghai")
///     .read_timeout(Duration::from_secs(30))
///     .retry(RetryConfig::default().with_max_attempts(5))
///     .user_agent_suffix("my-tool/1.2")
///     .build();
/// assert_eq!(config.region(), Some("cn-shanghai"));
/// assert!(!format!("{config:?}").contains("secret\""));
/// ```
#[derive(Clone)]
pub struct ClientConfig {
    credentials: Arc<dyn ProvideCredentials>,
    region: Option<String>,
    endpoint: Option<String>,
    network: Network,
    signature_algorithm: SignatureAlgorithm,
    connect_timeout: Duration,
    read_timeout: Duration,
    retry: RetryConfig,
    user_agent_suffix: Option<String>,
    max_response_bytes: usize,
}

impl ClientConfig {
    /// A builder with every setting at its default.
    pub fn builder() -> ClientConfigBuilder {
        ClientConfigBuilder::default()
    }

    /// The credentials provider.
    pub fn credentials(&self) -> &Arc<dyn ProvideCredentials> {
        &self.credentials
    }

    /// The region id, e.g. `cn-hangzhou`.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The explicit endpoint, which wins over the product's endpoint rules.
    pub fn endpoint(&self) -> Option<&str> {
        self.endpoint.as_deref()
    }

    /// The network whose endpoint the product's rules choose.
    pub fn network(&self) -> Network {
        self.network
    }

    /// How requests are signed.
    pub fn signature_algorithm(&self) -> SignatureAlgorithm {
        self.signature_algorithm
    }

    /// The time allowed to establish a connection.
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// The time allowed from the start of an attempt until the response head arrives (so a slow
    /// connect counts against it too), and then for each piece of the body. An operation's own
    /// timeout replaces it.
    pub fn read_timeout(&self) -> Duration {
        self.read_timeout
    }

    /// The retry settings.
    pub fn retry(&self) -> &RetryConfig {
        &self.retry
    }

    /// The largest response body read; a larger one is an error.
    pub fn max_response_bytes(&self) -> usize {
        self.max_response_bytes
    }

    /// The `User-Agent` header: `alicloud-sdk-rust/<version>`, then the configured suffix.
    pub fn user_agent(&self) -> String {
        let base = concat!("alicloud-sdk-rust/", env!("CARGO_PKG_VERSION"));
        match &self.user_agent_suffix {
            Some(suffix) => format!("{base} {suffix}"),
            None => base.to_owned(),
        }
    }
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Providers' Debug never shows secrets (a requirement of `ProvideCredentials`).
        f.debug_struct("ClientConfig")
            .field("credentials", &self.credentials)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("network", &self.network)
            .field("signature_algorithm", &self.signature_algorithm)
            .field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .field("retry", &self.retry)
            .field("user_agent", &self.user_agent())
            .field("max_response_bytes", &self.max_response_bytes)
            .finish()
    }
}

/// Builds a [`ClientConfig`].
#[derive(Debug, Default)]
pub struct ClientConfigBuilder {
    credentials: Option<Arc<dyn ProvideCredentials>>,
    region: Option<String>,
    endpoint: Option<String>,
    network: Network,
    signature_algorithm: SignatureAlgorithm,
    connect_timeout: Option<Duration>,
    read_timeout: Option<Duration>,
    retry: Option<RetryConfig>,
    user_agent_suffix: Option<String>,
    max_response_bytes: Option<usize>,
}

impl ClientConfigBuilder {
    /// Where credentials come from (default: [`DefaultChain`]).
    pub fn credentials(self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials_provider(Arc::new(provider))
    }

    /// Where credentials come from, as a shared provider (default: [`DefaultChain`]).
    pub fn credentials_provider(mut self, provider: Arc<dyn ProvideCredentials>) -> Self {
        self.credentials = Some(provider);
        self
    }

    /// The region id, e.g. `cn-hangzhou`. Required unless an explicit endpoint is set.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// An explicit endpoint that wins over the product's rules: `https://host`, `http://host:port`
    /// or a bare host (HTTPS). It is checked when the client is created; a bad one makes every call
    /// fail with [`SdkError::Endpoint`](crate::error::SdkError::Endpoint).
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// The network whose endpoint the product's rules choose (default public).
    pub fn network(mut self, network: Network) -> Self {
        self.network = network;
        self
    }

    /// How requests are signed (default ACS3-HMAC-SHA256).
    pub fn signature_algorithm(mut self, algorithm: SignatureAlgorithm) -> Self {
        self.signature_algorithm = algorithm;
        self
    }

    /// The time allowed to establish a connection (default 5 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The time allowed for the response (default 10 s); see [`ClientConfig::read_timeout`].
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = Some(timeout);
        self
    }

    /// The retry settings (default [`RetryConfig::default`]: 3 attempts).
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Text appended to the `User-Agent` header, e.g. `my-tool/1.2`. Control characters, which
    /// cannot appear in a header, are dropped.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        let suffix: String = suffix.into().chars().filter(|c| !c.is_control()).collect();
        let suffix = suffix.trim();
        self.user_agent_suffix = (!suffix.is_empty()).then(|| suffix.to_owned());
        self
    }

    /// The largest response body read (default 32 MiB), so that a misbehaving server cannot
    /// exhaust memory.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// The configuration.
    pub fn build(self) -> ClientConfig {
        ClientConfig {
            credentials: self
                .credentials
                .unwrap_or_else(|| Arc::new(DefaultChain::new())),
            region: self.region,
            endpoint: self.endpoint,
            network: self.network,
            signature_algorithm: self.signature_algorithm,
            connect_timeout: self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT),
            read_timeout: self.read_timeout.unwrap_or(DEFAULT_READ_TIMEOUT),
            retry: self.retry.unwrap_or_default(),
            user_agent_suffix: self.user_agent_suffix,
            max_response_bytes: self
                .max_response_bytes
                .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::Credentials;

    #[test]
    fn defaults() {
        let config = ClientConfig::builder()
            .credentials(Credentials::new("id", "s3cr3t-value", None))
            .build();
        assert_eq!(config.connect_timeout(), Duration::from_secs(5));
        assert_eq!(config.read_timeout(), Duration::from_secs(10));
        assert_eq!(config.retry(), &RetryConfig::default());
        assert_eq!(config.retry().max_attempts, 3);
        assert_eq!(
            config.signature_algorithm(),
            SignatureAlgorithm::Acs3HmacSha256
        );
        assert_eq!(config.network(), Network::Public);
        assert_eq!(config.max_response_bytes(), 32 * 1024 * 1024);
        assert_eq!(config.region(), None);
        assert_eq!(config.endpoint(), None);
    }

    #[test]
    fn user_agent_names_the_sdk_and_version_and_suffix() {
        let config = ClientConfig::builder()
            .credentials(Credentials::new("id", "s", None))
            .build();
        assert_eq!(
            config.user_agent(),
            format!("alicloud-sdk-rust/{}", env!("CARGO_PKG_VERSION"))
        );
        let config = ClientConfig::builder()
            .credentials(Credentials::new("id", "s", None))
            .user_agent_suffix(" tool/1\r\n")
            .build();
        assert!(
            config.user_agent().ends_with(" tool/1"),
            "{}",
            config.user_agent()
        );
    }

    #[test]
    fn debug_does_not_show_the_secret() {
        let config = ClientConfig::builder()
            .credentials(Credentials::new(
                "LTAIid",
                "s3cr3t-value",
                Some("t0ken-value".into()),
            ))
            .region("cn-hangzhou")
            .build();
        let debug = format!("{config:?}");
        assert!(debug.contains("cn-hangzhou"));
        assert!(!debug.contains("s3cr3t-value"), "{debug}");
        assert!(!debug.contains("t0ken-value"), "{debug}");
    }
}
