//! The default credentials chain, in the official SDKs' order.

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use super::{
    BoxFuture, CliProfileProvider, Credentials, CredentialsError, EcsRamRoleProviderBuilder, Env,
    EnvironmentProvider, IniFileProvider, ProvideCredentials,
};

const NONE_YET: usize = usize::MAX;

/// Tries, in order: [`EnvironmentProvider`], [`CliProfileProvider`], [`IniFileProvider`] and the
/// [`EcsRamRoleProvider`](super::EcsRamRoleProvider), and returns the first credentials found.
/// When all fail, the [`CredentialsError::Chain`] error lists what each one said.
///
/// Like the official SDKs, the chain remembers which provider answered and asks it first next time
/// (falling back to the whole chain if it then fails), so files are not re-read and the metadata
/// service not probed on every request.
pub struct DefaultChain {
    providers: Vec<Arc<dyn ProvideCredentials>>,
    last_used: AtomicUsize,
}

impl Default for DefaultChain {
    fn default() -> Self {
        DefaultChainBuilder::default().build()
    }
}

impl fmt::Debug for DefaultChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DefaultChain")
            .field("providers", &self.providers)
            .finish_non_exhaustive()
    }
}

impl DefaultChain {
    /// The official chain over the process environment and home directory.
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder, to read another environment or reach the metadata service elsewhere.
    pub fn builder() -> DefaultChainBuilder {
        DefaultChainBuilder::default()
    }

    /// A chain of any providers, tried in the given order.
    pub fn from_providers(providers: Vec<Arc<dyn ProvideCredentials>>) -> Self {
        DefaultChain {
            providers,
            last_used: AtomicUsize::new(NONE_YET),
        }
    }

    async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let last = self.last_used.load(Ordering::Relaxed);
        let mut last_error = None;
        if let Some(provider) = self.providers.get(last) {
            match provider.provide_credentials().await {
                Ok(creds) => return Ok(creds),
                Err(error) => {
                    tracing::debug!(%error, "the credentials provider that answered last time failed; trying the whole chain");
                    last_error = Some(error);
                }
            }
        }
        let mut errors = Vec::with_capacity(self.providers.len());
        for (index, provider) in self.providers.iter().enumerate() {
            if index == last {
                if let Some(error) = last_error.take() {
                    errors.push(error);
                    continue;
                }
            }
            match provider.provide_credentials().await {
                Ok(creds) => {
                    self.last_used.store(index, Ordering::Relaxed);
                    tracing::debug!(provider = ?provider, "credentials found");
                    return Ok(creds);
                }
                Err(error) => errors.push(error),
            }
        }
        Err(CredentialsError::Chain { errors })
    }
}

impl ProvideCredentials for DefaultChain {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.credentials())
    }
}

/// Configures a [`DefaultChain`].
///
/// ```
/// use alicloud_runtime::credentials::{DefaultChain, EcsRamRoleProvider, Env};
///
/// let chain = DefaultChain::builder()
///     .env(Env::from_vars([("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")]))
///     .ecs_ram_role(EcsRamRoleProvider::builder().endpoint("http://127.0.0.1:8080"))
///     .build();
/// # drop(chain);
/// ```
#[derive(Debug, Default)]
pub struct DefaultChainBuilder {
    env: Option<Env>,
    ecs: Option<EcsRamRoleProviderBuilder>,
}

impl DefaultChainBuilder {
    /// The environment (and home directory) every provider of the chain reads; default: the process's.
    pub fn env(mut self, env: Env) -> Self {
        self.env = Some(env);
        self
    }

    /// How to build the ECS RAM role provider (the chain's last source, and the one that `EcsRamRole`
    /// CLI profiles and `ecs_ram_role` INI sections delegate to). Its environment is replaced by the
    /// chain's.
    pub fn ecs_ram_role(mut self, builder: EcsRamRoleProviderBuilder) -> Self {
        self.ecs = Some(builder);
        self
    }

    /// The chain.
    pub fn build(self) -> DefaultChain {
        let env = self.env.unwrap_or_default();
        let ecs = self.ecs.unwrap_or_default().env(env.clone());
        DefaultChain::from_providers(vec![
            Arc::new(EnvironmentProvider::with_env(env.clone())),
            Arc::new(CliProfileProvider::with_env(env.clone()).ecs_ram_role(ecs.clone())),
            Arc::new(IniFileProvider::with_env(env).ecs_ram_role(ecs.clone())),
            Arc::new(ecs.build()),
        ])
    }
}
