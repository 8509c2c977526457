//! Where the access key comes from.
//!
//! A client asks a [`ProvideCredentials`] for [`Credentials`] before every attempt, so providers that
//! fetch temporary credentials (the ECS instance RAM role) can cache and refresh them behind that one
//! call. The providers follow the official `alibabacloud-credentials` SDKs: the same environment
//! variables, files, file formats and lookup order ([`DefaultChain`]).
//!
//! Every provider reads the environment and the home directory through an [`Env`], so tests (and
//! embedders) can hand it a fixed set of variables instead of mutating the process environment.
//!
//! No secret ever reaches a `Debug`/`Display` output or an error message: secrets are [`Secret`]s, and
//! errors about files name the file, section and key but never echo their content.

use crate::timestamp;
use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::io;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::time::SystemTime;

use crate::secret::Secret;

mod chain;
mod cli_profile;
mod ecs_ram_role;
mod environment;
mod ini_file;

pub use chain::{DefaultChain, DefaultChainBuilder};
pub use cli_profile::CliProfileProvider;
pub use ecs_ram_role::{EcsRamRoleProvider, EcsRamRoleProviderBuilder, DEFAULT_METADATA_ENDPOINT};
pub use environment::EnvironmentProvider;
pub use ini_file::IniFileProvider;

/// Name of the environment variable that selects the profile of the CLI config and the INI file.
pub const ENV_PROFILE: &str = "ALIBABA_CLOUD_PROFILE";

/// An access key, optionally with the security token of temporary (STS) credentials and the time
/// they expire.
///
/// `Debug` and `Display` never show the secret or the token.
///
/// ```
/// use alicloud_runtime::credentials::Credentials;
///
/// let creds = Credentials::new("LTAIexample", "the-secret", None);
/// assert_eq!(creds.access_key_id(), "LTAIexample");
/// assert!(!format!("{creds:?}").contains("the-secret"));
/// ```
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Credentials {
    access_key_id: String,
    access_key_secret: Secret,
    security_token: Option<Secret>,
    expiration: Option<SystemTime>,
}

impl Credentials {
    /// Credentials from an access key id and secret, plus the security token for STS credentials.
    /// An empty token counts as no token.
    pub fn new(
        access_key_id: impl Into<String>,
        access_key_secret: impl Into<String>,
        security_token: Option<String>,
    ) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            access_key_secret: Secret::new(access_key_secret),
            security_token: security_token.filter(|t| !t.is_empty()).map(Secret::new),
            expiration: None,
        }
    }

    /// The same credentials, marked as expiring at `expiration`.
    pub fn with_expiration(mut self, expiration: SystemTime) -> Self {
        self.expiration = Some(expiration);
        self
    }

    /// The access key id (not a secret: it is sent with every request).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The access key secret.
    pub fn access_key_secret(&self) -> &Secret {
        &self.access_key_secret
    }

    /// The security token of temporary (STS) credentials.
    pub fn security_token(&self) -> Option<&Secret> {
        self.security_token.as_ref()
    }

    /// When temporary credentials stop working; `None` for long-term access keys.
    pub fn expiration(&self) -> Option<SystemTime> {
        self.expiration
    }

    /// The borrowed view of these credentials that the signer takes.
    pub fn signing_key(&self) -> crate::sign::SigningKey<'_> {
        crate::sign::SigningKey {
            access_key_id: &self.access_key_id,
            access_key_secret: self.access_key_secret.expose(),
            security_token: self.security_token.as_ref().map(Secret::expose),
        }
    }
}

impl fmt::Display for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "access key {}", self.access_key_id)?;
        if self.security_token.is_some() {
            f.write_str(" with a security token")?;
        }
        if let Some(expiration) = self.expiration {
            write!(f, ", expiring {}", timestamp::format_utc(expiration))?;
        }
        Ok(())
    }
}

/// A boxed, `Send` future, as returned by [`ProvideCredentials::provide_credentials`].
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A source of [`Credentials`]. The client calls it before every attempt, so implementations that
/// fetch credentials over the network must cache them.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Current credentials, or why there are none.
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>>;
}

/// Fixed credentials provide themselves.
impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let creds = self.clone();
        Box::pin(async move { Ok(creds) })
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Arc<T> {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        (**self).provide_credentials()
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Box<T> {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        (**self).provide_credentials()
    }
}

/// Why a provider gave no credentials. Every variant names the provider (`environment`,
/// `cli profile`, `ini file`, `ecs ram role`); none ever contains a secret, a token or the content of
/// a credentials file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialsError {
    /// The source is not set up at all (variables unset, file absent, explicitly disabled).
    #[error("{provider}: not configured: {reason}")]
    NotConfigured {
        /// The provider that was asked.
        provider: &'static str,
        /// What it looked for.
        reason: String,
    },
    /// The source is set up but unusable (half-set variables, bad file, unknown mode, missing key).
    #[error("{provider}: {location}: {reason}")]
    Invalid {
        /// The provider that was asked.
        provider: &'static str,
        /// The file (with line or section), variable or URL at fault.
        location: String,
        /// What is wrong and, where possible, how to fix it.
        reason: String,
    },
    /// A credentials file exists (or was named explicitly) but cannot be read.
    #[error("{provider}: cannot read {}: {source}", .path.display())]
    Io {
        /// The provider that was asked.
        provider: &'static str,
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// The instance metadata service could not be reached or gave an unusable answer.
    #[error("{provider}: {url}: {reason}")]
    Metadata {
        /// The provider that was asked.
        provider: &'static str,
        /// The metadata URL requested.
        url: String,
        /// What went wrong (transport error, HTTP status, bad body).
        reason: String,
    },
    /// Every provider of a chain failed; one error per provider, in the order they were tried.
    #[error("no credentials found: {}", join_errors(.errors))]
    Chain {
        /// What each provider said.
        errors: Vec<CredentialsError>,
    },
}

impl CredentialsError {
    /// Whether the source simply is not set up (as opposed to set up but broken).
    pub fn is_not_configured(&self) -> bool {
        matches!(self, CredentialsError::NotConfigured { .. })
    }
}

fn join_errors(errors: &[CredentialsError]) -> String {
    if errors.is_empty() {
        return "no provider was configured".to_owned();
    }
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Where providers read environment variables and the home directory from: the real process
/// ([`Env::process`], the default) or a fixed set of variables ([`Env::from_vars`]) for tests and
/// embedders. Empty variables count as unset, as in the official SDKs.
///
/// ```
/// use alicloud_runtime::credentials::Env;
///
/// let env = Env::from_vars([("ALIBABA_CLOUD_PROFILE", "work")]).with_home("/home/me");
/// assert_eq!(env.var("ALIBABA_CLOUD_PROFILE").as_deref(), Some("work"));
/// assert_eq!(env.home_dir(), Some("/home/me".into()));
/// ```
#[derive(Clone, Default)]
pub struct Env {
    vars: EnvVars,
    home: Option<PathBuf>,
}

#[derive(Clone, Default)]
enum EnvVars {
    #[default]
    Process,
    Fixed(Arc<HashMap<String, String>>),
}

impl Env {
    /// The process environment; the home directory from `HOME` (`USERPROFILE` on Windows).
    pub fn process() -> Self {
        Env::default()
    }

    /// A fixed set of variables; the process environment is never read.
    pub fn from_vars<I, K, V>(vars: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let vars = vars
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        Env {
            vars: EnvVars::Fixed(Arc::new(vars)),
            home: None,
        }
    }

    /// Uses `home` as the home directory instead of the one the variables name.
    pub fn with_home(mut self, home: impl Into<PathBuf>) -> Self {
        self.home = Some(home.into());
        self
    }

    /// The value of a variable, `None` when unset, empty or not Unicode.
    pub fn var(&self, name: &str) -> Option<String> {
        let value = match &self.vars {
            EnvVars::Process => std::env::var(name).ok(),
            EnvVars::Fixed(vars) => vars.get(name).cloned(),
        };
        value.filter(|v| !v.is_empty())
    }

    /// Whether a variable is set to `true` (in any case).
    pub fn flag(&self, name: &str) -> bool {
        self.var(name)
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    }

    /// The home directory: the one given to [`Env::with_home`], else `HOME` (`USERPROFILE` on
    /// Windows).
    pub fn home_dir(&self) -> Option<PathBuf> {
        if let Some(home) = &self.home {
            return Some(home.clone());
        }
        let name = if cfg!(windows) { "USERPROFILE" } else { "HOME" };
        self.var(name).map(PathBuf::from)
    }
}

impl fmt::Debug for Env {
    // Variable values may be secrets: show only where they come from.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Env");
        match &self.vars {
            EnvVars::Process => s.field("vars", &"process"),
            EnvVars::Fixed(vars) => s.field("fixed_vars", &vars.len()),
        };
        s.field("home", &self.home).finish()
    }
}

/// What a file-based provider (CLI config, INI file) resolved to, kept so the file is read once.
#[derive(Clone, Debug)]
enum Resolved {
    Static(Credentials),
    EcsRamRole(Arc<EcsRamRoleProvider>),
}

impl Resolved {
    async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        match self {
            Resolved::Static(creds) => Ok(creds.clone()),
            Resolved::EcsRamRole(provider) => provider.provide_credentials().await,
        }
    }
}

/// A cache of the [`Resolved`] source of a file-based provider. A failure is not cached, so a file
/// created later is picked up.
#[derive(Debug, Default)]
struct ResolvedCache(std::sync::Mutex<Option<Resolved>>);

impl ResolvedCache {
    fn get_or_resolve(
        &self,
        resolve: impl FnOnce() -> Result<Resolved, CredentialsError>,
    ) -> Result<Resolved, CredentialsError> {
        // A poisoned lock only means another thread panicked while resolving; the cache is still valid.
        let mut guard = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(resolved) = guard.as_ref() {
            return Ok(resolved.clone());
        }
        let resolved = resolve()?;
        *guard = Some(resolved.clone());
        Ok(resolved)
    }
}

/// Reads a credentials file; a missing file is `NotConfigured` unless the user named it explicitly.
fn read_file(
    provider: &'static str,
    path: &std::path::Path,
    explicit: bool,
) -> Result<String, CredentialsError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(text),
        Err(e) if e.kind() == io::ErrorKind::NotFound && !explicit => {
            Err(CredentialsError::NotConfigured {
                provider,
                reason: format!("{} does not exist", path.display()),
            })
        }
        Err(source) => Err(CredentialsError::Io {
            provider,
            path: path.to_owned(),
            source,
        }),
    }
}
