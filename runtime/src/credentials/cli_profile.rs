//! Credentials from the aliyun CLI's `~/.aliyun/config.json`: the second source of the default
//! chain (the official chain's OIDC step is not implemented).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use super::{
    read_file, BoxFuture, Credentials, CredentialsError, EcsRamRoleProviderBuilder, Env,
    ProvideCredentials, Resolved, ResolvedCache, ENV_PROFILE,
};

const PROVIDER: &str = "cli profile";
const DISABLED: &str = "ALIBABA_CLOUD_CLI_PROFILE_DISABLED";

/// Reads the profile named by [`CliProfileProvider::profile`], else `ALIBABA_CLOUD_PROFILE`, else
/// the file's `current`, from `~/.aliyun/config.json` (or [`CliProfileProvider::config_file`]).
///
/// Supported modes: `AK` (`access_key_id`, `access_key_secret`), `StsToken` (plus `sts_token`) and
/// `EcsRamRole` (`ram_role_name`, optional: delegates to an [`EcsRamRoleProvider`](super::EcsRamRoleProvider)).
/// Other modes are reported as unsupported. Disabled by `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true`.
///
/// The file is read on the first successful call only; later calls reuse what it resolved to.
#[derive(Debug)]
pub struct CliProfileProvider {
    env: Env,
    path: Option<PathBuf>,
    profile: Option<String>,
    ecs: EcsRamRoleProviderBuilder,
    resolved: ResolvedCache,
}

impl Default for CliProfileProvider {
    fn default() -> Self {
        Self::with_env(Env::process())
    }
}

impl CliProfileProvider {
    /// Reads the process environment and home directory.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads the given environment and its home directory.
    pub fn with_env(env: Env) -> Self {
        CliProfileProvider {
            ecs: EcsRamRoleProviderBuilder::default().env(env.clone()),
            env,
            path: None,
            profile: None,
            resolved: ResolvedCache::default(),
        }
    }

    /// Reads this file instead of `~/.aliyun/config.json`.
    pub fn config_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Uses this profile, whatever `ALIBABA_CLOUD_PROFILE` and `current` say.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// How to build the provider for an `EcsRamRole` profile (its role name comes from the profile).
    pub fn ecs_ram_role(mut self, builder: EcsRamRoleProviderBuilder) -> Self {
        self.ecs = builder;
        self
    }

    fn resolve(&self) -> Result<Resolved, CredentialsError> {
        if self.env.flag(DISABLED) {
            return Err(CredentialsError::NotConfigured {
                provider: PROVIDER,
                reason: format!("disabled by {DISABLED}=true"),
            });
        }
        let path = match (&self.path, self.env.home_dir()) {
            (Some(path), _) => path.clone(),
            (None, Some(home)) => home.join(".aliyun").join("config.json"),
            (None, None) => {
                return Err(CredentialsError::NotConfigured {
                    provider: PROVIDER,
                    reason: "the home directory is unknown (HOME is not set)".to_owned(),
                })
            }
        };
        let text = read_file(PROVIDER, &path, self.path.is_some())?;
        let config: CliConfig = serde_json::from_str(&text).map_err(|e| {
            // serde_json's message can quote a value from the file (a secret): give the position only.
            invalid(
                &path,
                format!(
                    "not a valid aliyun CLI config ({:?} error at line {}, column {})",
                    e.classify(),
                    e.line(),
                    e.column()
                ),
            )
        })?;
        let name = self
            .profile
            .clone()
            .or_else(|| self.env.var(ENV_PROFILE))
            .or_else(|| config.current.clone().filter(|c| !c.is_empty()))
            .ok_or_else(|| {
                invalid(
                    &path,
                    format!("no profile selected: {ENV_PROFILE} is not set and `current` is empty"),
                )
            })?;
        let Some(profile) = config
            .profiles
            .iter()
            .find(|p| p.name.as_deref() == Some(name.as_str()))
        else {
            let known: Vec<&str> = config
                .profiles
                .iter()
                .filter_map(|p| p.name.as_deref())
                .collect();
            return Err(invalid(
                &path,
                format!(
                    "profile '{name}' not found (profiles in the file: {})",
                    if known.is_empty() {
                        "none".to_owned()
                    } else {
                        known.join(", ")
                    }
                ),
            ));
        };
        let at = |reason: String| invalid(&path, format!("profile '{name}': {reason}"));
        let required = |value: &Option<String>, key: &str, mode: &str| {
            value
                .clone()
                .filter(|v| !v.is_empty())
                .ok_or_else(|| at(format!("`{key}` is missing or empty (mode {mode})")))
        };
        match profile.mode.as_deref() {
            Some("AK") => Ok(Resolved::Static(Credentials::new(
                required(&profile.access_key_id, "access_key_id", "AK")?,
                required(&profile.access_key_secret, "access_key_secret", "AK")?,
                None,
            ))),
            Some("StsToken") => Ok(Resolved::Static(Credentials::new(
                required(&profile.access_key_id, "access_key_id", "StsToken")?,
                required(&profile.access_key_secret, "access_key_secret", "StsToken")?,
                Some(required(&profile.sts_token, "sts_token", "StsToken")?),
            ))),
            Some("EcsRamRole") => {
                let mut builder = self.ecs.clone();
                if let Some(role) = profile.ram_role_name.clone().filter(|r| !r.is_empty()) {
                    builder = builder.role_name(role);
                }
                Ok(Resolved::EcsRamRole(Arc::new(builder.build())))
            }
            Some(mode) => Err(at(format!(
                "unsupported mode '{mode}' (supported: AK, StsToken, EcsRamRole)"
            ))),
            None => Err(at("`mode` is missing".to_owned())),
        }
    }
}

fn invalid(path: &Path, reason: String) -> CredentialsError {
    CredentialsError::Invalid {
        provider: PROVIDER,
        location: path.display().to_string(),
        reason,
    }
}

impl ProvideCredentials for CliProfileProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let resolved = self.resolved.get_or_resolve(|| self.resolve())?;
            resolved.credentials().await
        })
    }
}

/// The parts of the CLI config this provider reads; everything else in the file is ignored.
#[derive(Deserialize)]
struct CliConfig {
    #[serde(default)]
    current: Option<String>,
    #[serde(default)]
    profiles: Vec<CliProfile>,
}

#[derive(Deserialize)]
struct CliProfile {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    mode: Option<String>,
    #[serde(default)]
    access_key_id: Option<String>,
    #[serde(default)]
    access_key_secret: Option<String>,
    #[serde(default)]
    sts_token: Option<String>,
    #[serde(default)]
    ram_role_name: Option<String>,
}
