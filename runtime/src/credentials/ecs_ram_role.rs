//! Temporary credentials of the RAM role attached to an ECS instance, from the instance metadata
//! service: the last source of the default chain.
//!
//! Protocol (as the official SDKs speak it): `PUT /latest/api/token` with
//! `X-aliyun-ecs-metadata-token-ttl-seconds` gets a metadata token (IMDSv2); the role name comes from
//! `GET /latest/meta-data/ram/security-credentials/` unless configured; `GET
//! /latest/meta-data/ram/security-credentials/<role>` with `X-aliyun-ecs-metadata-token` returns
//! `{"Code":"Success","AccessKeyId",..,"Expiration":"YYYY-MM-DDThh:mm:ssZ"}`. When the token request
//! fails the official SDKs carry on without a token (IMDSv1) unless `ALIBABA_CLOUD_IMDSV1_DISABLED`
//! is `true`; so does this provider.

use crate::timestamp;
use std::fmt;
use std::time::{Duration, SystemTime};

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Deserialize;

use super::{BoxFuture, Credentials, CredentialsError, Env, ProvideCredentials};
use crate::secret::Secret;

const PROVIDER: &str = "ecs ram role";
const ENV_DISABLED: &str = "ALIBABA_CLOUD_ECS_METADATA_DISABLED";
const ENV_ROLE_NAME: &str = "ALIBABA_CLOUD_ECS_METADATA";
const ENV_IMDSV1_DISABLED: &str = "ALIBABA_CLOUD_IMDSV1_DISABLED";

/// The address of the ECS instance metadata service.
pub const DEFAULT_METADATA_ENDPOINT: &str = "http://100.100.100.200";

const TOKEN_PATH: &str = "/latest/api/token";
const CREDENTIALS_PATH: &str = "/latest/meta-data/ram/security-credentials/";
const TOKEN_TTL_HEADER: &str = "X-aliyun-ecs-metadata-token-ttl-seconds";
const TOKEN_HEADER: &str = "X-aliyun-ecs-metadata-token";
/// Six hours, the lifetime the official SDKs ask for.
const TOKEN_TTL_SECONDS: u32 = 21_600;

/// Role names are letters, digits and `-`; anything else is escaped so it stays one path segment.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.');

/// Configures an [`EcsRamRoleProvider`]. `Clone`, so file-based providers can keep one as a template
/// for the profiles that delegate to the instance role.
///
/// ```
/// use std::time::Duration;
/// use alicloud_runtime::credentials::EcsRamRoleProvider;
///
/// let provider = EcsRamRoleProvider::builder()
///     .role_name("my-role")
///     .refresh_before(Duration::from_secs(300))
///     .build();
/// # drop(provider);
/// ```
#[derive(Clone, Debug)]
pub struct EcsRamRoleProviderBuilder {
    env: Env,
    endpoint: String,
    role_name: Option<String>,
    refresh_before: Duration,
    connect_timeout: Duration,
    read_timeout: Duration,
    imdsv1_fallback: Option<bool>,
}

impl Default for EcsRamRoleProviderBuilder {
    fn default() -> Self {
        EcsRamRoleProviderBuilder {
            env: Env::process(),
            endpoint: DEFAULT_METADATA_ENDPOINT.to_owned(),
            role_name: None,
            refresh_before: Duration::from_secs(180),
            connect_timeout: Duration::from_secs(1),
            read_timeout: Duration::from_secs(1),
            imdsv1_fallback: None,
        }
    }
}

impl EcsRamRoleProviderBuilder {
    /// Where `ALIBABA_CLOUD_ECS_METADATA`, `ALIBABA_CLOUD_ECS_METADATA_DISABLED` and
    /// `ALIBABA_CLOUD_IMDSV1_DISABLED` are read (when [`build`](Self::build) runs).
    pub fn env(mut self, env: Env) -> Self {
        self.env = env;
        self
    }

    /// The metadata service's base URL (default [`DEFAULT_METADATA_ENDPOINT`]).
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = endpoint.into();
        self
    }

    /// The role to fetch; by default `ALIBABA_CLOUD_ECS_METADATA`, else the role the service lists.
    pub fn role_name(mut self, role_name: impl Into<String>) -> Self {
        self.role_name = Some(role_name.into());
        self
    }

    /// Fetch new credentials once fewer than this remain before the cached ones expire
    /// (default 3 minutes, as the official SDKs).
    pub fn refresh_before(mut self, margin: Duration) -> Self {
        self.refresh_before = margin;
        self
    }

    /// Connect timeout of each metadata request (default 1 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Read timeout of each metadata request (default 1 s).
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = timeout;
        self
    }

    /// Whether to go on without a metadata token when the token request fails (default: yes unless
    /// `ALIBABA_CLOUD_IMDSV1_DISABLED=true`).
    pub fn imdsv1_fallback(mut self, allowed: bool) -> Self {
        self.imdsv1_fallback = Some(allowed);
        self
    }

    /// The provider. Reads the environment now; no request is made until credentials are asked for.
    pub fn build(self) -> EcsRamRoleProvider {
        let http = reqwest::Client::builder()
            // The metadata service is link-local: a proxy from HTTP_PROXY must never see the request.
            .no_proxy()
            .connect_timeout(self.connect_timeout)
            .read_timeout(self.read_timeout)
            .timeout(self.connect_timeout + self.read_timeout)
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"));
        EcsRamRoleProvider {
            disabled: self.env.flag(ENV_DISABLED),
            role_name: self
                .role_name
                .filter(|r| !r.is_empty())
                .or_else(|| self.env.var(ENV_ROLE_NAME)),
            imdsv1_fallback: self
                .imdsv1_fallback
                .unwrap_or_else(|| !self.env.flag(ENV_IMDSV1_DISABLED)),
            endpoint: self.endpoint.trim_end_matches('/').to_owned(),
            refresh_before: self.refresh_before,
            http,
            cache: tokio::sync::Mutex::new(None),
        }
    }
}

/// Temporary credentials of the instance's RAM role, cached and fetched again when fewer than
/// [`refresh_before`](EcsRamRoleProviderBuilder::refresh_before) remain. If a refresh fails while the
/// cached credentials have not yet expired, those are returned (and a warning logged).
///
/// Disabled by `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true`.
pub struct EcsRamRoleProvider {
    endpoint: String,
    role_name: Option<String>,
    disabled: bool,
    imdsv1_fallback: bool,
    refresh_before: Duration,
    http: Result<reqwest::Client, String>,
    // An async mutex held across the refresh, so concurrent callers share one fetch.
    cache: tokio::sync::Mutex<Option<Credentials>>,
}

impl fmt::Debug for EcsRamRoleProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EcsRamRoleProvider")
            .field("endpoint", &self.endpoint)
            .field("role_name", &self.role_name)
            .field("disabled", &self.disabled)
            .field("imdsv1_fallback", &self.imdsv1_fallback)
            .field("refresh_before", &self.refresh_before)
            .finish_non_exhaustive()
    }
}

impl Default for EcsRamRoleProvider {
    fn default() -> Self {
        EcsRamRoleProviderBuilder::default().build()
    }
}

impl EcsRamRoleProvider {
    /// The provider with the defaults: process environment, [`DEFAULT_METADATA_ENDPOINT`].
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder to configure the endpoint, role, refresh margin and timeouts.
    pub fn builder() -> EcsRamRoleProviderBuilder {
        EcsRamRoleProviderBuilder::default()
    }

    async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        if self.disabled {
            return Err(CredentialsError::NotConfigured {
                provider: PROVIDER,
                reason: format!("disabled by {ENV_DISABLED}=true"),
            });
        }
        let mut cache = self.cache.lock().await;
        let now = SystemTime::now();
        if let Some(cached) = cache.as_ref() {
            if !self.needs_refresh(cached, now) {
                return Ok(cached.clone());
            }
        }
        match self.fetch().await {
            Ok(fresh) => {
                *cache = Some(fresh.clone());
                Ok(fresh)
            }
            Err(error) => match cache.as_ref() {
                Some(cached) if cached.expiration().is_some_and(|exp| exp > now) => {
                    tracing::warn!(%error, "refreshing ECS RAM role credentials failed; using the cached ones until they expire");
                    Ok(cached.clone())
                }
                _ => Err(error),
            },
        }
    }

    fn needs_refresh(&self, creds: &Credentials, now: SystemTime) -> bool {
        match creds.expiration() {
            None => false,
            Some(expiration) => expiration
                .duration_since(now)
                .map_or(true, |left| left < self.refresh_before),
        }
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let http = self
            .http
            .as_ref()
            .map_err(|reason| CredentialsError::Metadata {
                provider: PROVIDER,
                url: self.endpoint.clone(),
                reason: reason.clone(),
            })?;
        let token = self.metadata_token(http).await?;
        let role = match &self.role_name {
            Some(role) => role.clone(),
            None => self.discover_role(http, token.as_ref()).await?,
        };
        let url = format!(
            "{}{CREDENTIALS_PATH}{}",
            self.endpoint,
            utf8_percent_encode(&role, PATH_SEGMENT)
        );
        let body = self.get(http, &url, token.as_ref()).await?;
        let bad = |reason: String| metadata_error(&url, reason);
        let response: RoleCredentials = serde_json::from_str(&body).map_err(|e| {
            // serde_json's message can quote a value (a secret): give the position only.
            bad(format!(
                "the response is not the expected JSON ({:?} error at line {}, column {})",
                e.classify(),
                e.line(),
                e.column()
            ))
        })?;
        match response.code.as_deref() {
            Some("Success") => {}
            Some(code) => return Err(bad(format!("Code is '{code}', not 'Success'"))),
            None => return Err(bad("the response has no Code".to_owned())),
        }
        let field = |value: Option<String>, name: &str| {
            value
                .filter(|v| !v.is_empty())
                .ok_or_else(|| bad(format!("the response has no {name}")))
        };
        let id = field(response.access_key_id, "AccessKeyId")?;
        let secret = field(response.access_key_secret, "AccessKeySecret")?;
        let token = field(response.security_token, "SecurityToken")?;
        let expiration = field(response.expiration, "Expiration")?;
        let expiration = timestamp::parse_utc(&expiration).ok_or_else(|| {
            bad(format!(
                "Expiration '{expiration}' is not of the form YYYY-MM-DDThh:mm:ssZ"
            ))
        })?;
        tracing::debug!(role = %role, "fetched ECS RAM role credentials");
        Ok(Credentials::new(id, secret, Some(token)).with_expiration(expiration))
    }

    /// The IMDSv2 token, or `None` when the service gave none and IMDSv1 is allowed.
    async fn metadata_token(
        &self,
        http: &reqwest::Client,
    ) -> Result<Option<Secret>, CredentialsError> {
        let url = format!("{}{TOKEN_PATH}", self.endpoint);
        let outcome = match http
            .put(&url)
            .header(TOKEN_TTL_HEADER, TOKEN_TTL_SECONDS)
            .send()
            .await
        {
            Ok(response) if response.status().is_success() => {
                response.text().await.map_err(|e| describe(&e))
            }
            Ok(response) => Err(format!("HTTP {}", response.status().as_u16())),
            Err(e) => Err(describe(&e)),
        };
        match outcome {
            Ok(token) => Ok(Some(Secret::new(token.trim()))),
            Err(reason) if self.imdsv1_fallback => {
                tracing::debug!(%reason, "no ECS metadata token; continuing without one (IMDSv1)");
                Ok(None)
            }
            Err(reason) => Err(metadata_error(
                &url,
                format!("cannot get a metadata token ({ENV_IMDSV1_DISABLED}=true forbids going on without one): {reason}"),
            )),
        }
    }

    async fn discover_role(
        &self,
        http: &reqwest::Client,
        token: Option<&Secret>,
    ) -> Result<String, CredentialsError> {
        let url = format!("{}{CREDENTIALS_PATH}", self.endpoint);
        let body = self.get(http, &url, token).await?;
        body.lines()
            .map(str::trim)
            .find(|line| !line.is_empty())
            .map(str::to_owned)
            .ok_or_else(|| {
                metadata_error(
                    &url,
                    format!("no RAM role is attached to this instance (or set {ENV_ROLE_NAME})"),
                )
            })
    }

    async fn get(
        &self,
        http: &reqwest::Client,
        url: &str,
        token: Option<&Secret>,
    ) -> Result<String, CredentialsError> {
        let mut request = http.get(url);
        if let Some(token) = token {
            request = request.header(TOKEN_HEADER, token.expose());
        }
        let response = request
            .send()
            .await
            .map_err(|e| metadata_error(url, describe(&e)))?;
        let status = response.status();
        if !status.is_success() {
            return Err(metadata_error(url, format!("HTTP {}", status.as_u16())));
        }
        response
            .text()
            .await
            .map_err(|e| metadata_error(url, describe(&e)))
    }
}

impl ProvideCredentials for EcsRamRoleProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.credentials())
    }
}

fn metadata_error(url: &str, reason: String) -> CredentialsError {
    CredentialsError::Metadata {
        provider: PROVIDER,
        url: url.to_owned(),
        reason,
    }
}

/// A transport error with its causes ("error sending request: connection refused"); reqwest's own
/// `Display` hides the cause that says what actually happened.
fn describe(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

#[derive(Deserialize)]
struct RoleCredentials {
    #[serde(rename = "Code", default)]
    code: Option<String>,
    #[serde(rename = "AccessKeyId", default)]
    access_key_id: Option<String>,
    #[serde(rename = "AccessKeySecret", default)]
    access_key_secret: Option<String>,
    #[serde(rename = "SecurityToken", default)]
    security_token: Option<String>,
    #[serde(rename = "Expiration", default)]
    expiration: Option<String>,
}
