//! Credentials from environment variables: the first source of the default chain.

use super::{BoxFuture, Credentials, CredentialsError, Env, ProvideCredentials};

const PROVIDER: &str = "environment";

const ACCESS_KEY_ID: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
const ACCESS_KEY_SECRET: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
const SECURITY_TOKEN: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";
const LEGACY_ACCESS_KEY_ID: &str = "ALIYUN_ACCESS_KEY_ID";
const LEGACY_ACCESS_KEY_SECRET: &str = "ALIYUN_ACCESS_KEY_SECRET";

/// Reads `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and the optional
/// `ALIBABA_CLOUD_SECURITY_TOKEN`; when the first two are both unset, falls back to the legacy
/// `ALIYUN_ACCESS_KEY_ID` / `ALIYUN_ACCESS_KEY_SECRET` (which never carry a token).
///
/// The variables are read on every call (it is cheap), so a changed environment is seen at once.
///
/// ```
/// use alicloud_runtime::credentials::{Env, EnvironmentProvider};
///
/// let env = Env::from_vars([
///     ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIexample"),
///     ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "secret"),
/// ]);
/// let creds = EnvironmentProvider::with_env(env).credentials().unwrap();
/// assert_eq!(creds.access_key_id(), "LTAIexample");
/// ```
#[derive(Debug, Clone, Default)]
pub struct EnvironmentProvider {
    env: Env,
}

impl EnvironmentProvider {
    /// Reads the process environment.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads the given environment.
    pub fn with_env(env: Env) -> Self {
        EnvironmentProvider { env }
    }

    /// The credentials the variables describe (synchronous: no I/O).
    pub fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let env = &self.env;
        if let Some(creds) = pair(env, ACCESS_KEY_ID, ACCESS_KEY_SECRET, Some(SECURITY_TOKEN))? {
            return Ok(creds);
        }
        if let Some(creds) = pair(env, LEGACY_ACCESS_KEY_ID, LEGACY_ACCESS_KEY_SECRET, None)? {
            return Ok(creds);
        }
        Err(CredentialsError::NotConfigured {
            provider: PROVIDER,
            reason: format!(
                "neither {ACCESS_KEY_ID}/{ACCESS_KEY_SECRET} nor \
                 {LEGACY_ACCESS_KEY_ID}/{LEGACY_ACCESS_KEY_SECRET} are set"
            ),
        })
    }
}

/// `Ok(None)` when both variables of the pair are unset; an error when only one is.
fn pair(
    env: &Env,
    id_name: &str,
    secret_name: &str,
    token_name: Option<&str>,
) -> Result<Option<Credentials>, CredentialsError> {
    match (env.var(id_name), env.var(secret_name)) {
        (None, None) => Ok(None),
        (Some(id), Some(secret)) => {
            let token = token_name.and_then(|name| env.var(name));
            Ok(Some(Credentials::new(id, secret, token)))
        }
        (Some(_), None) => Err(half_set(id_name, secret_name)),
        (None, Some(_)) => Err(half_set(secret_name, id_name)),
    }
}

fn half_set(set: &str, unset: &str) -> CredentialsError {
    CredentialsError::Invalid {
        provider: PROVIDER,
        location: unset.to_owned(),
        reason: format!("{set} is set but {unset} is not; set both or neither"),
    }
}

impl ProvideCredentials for EnvironmentProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let result = self.credentials();
        Box::pin(async move { result })
    }
}
