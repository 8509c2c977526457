//! Credentials from the shared INI file `~/.alibabacloud/credentials.ini`: the third source of the
//! default chain.
//!
//! The INI dialect is parsed by hand: the official SDKs only need `[section]`, `key = value`, full-line
//! `#`/`;` comments and inline comments, and a parser of our own can report line numbers without ever
//! echoing a line (which may hold a secret).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::{
    read_file, BoxFuture, Credentials, CredentialsError, EcsRamRoleProviderBuilder, Env,
    ProvideCredentials, Resolved, ResolvedCache, ENV_PROFILE,
};

const PROVIDER: &str = "ini file";
const ENV_FILE: &str = "ALIBABA_CLOUD_CREDENTIALS_FILE";
const DEFAULT_SECTION: &str = "default";

/// Reads the section named by [`IniFileProvider::profile`], else `ALIBABA_CLOUD_PROFILE`, else
/// `default`, of the file named by [`IniFileProvider::credentials_file`], else
/// `ALIBABA_CLOUD_CREDENTIALS_FILE`, else `~/.alibabacloud/credentials.ini` (or, when that does not
/// exist, `~/.alibabacloud/credentials`, the name the Go SDK uses).
///
/// Supported `type`s: `access_key` (`access_key_id`, `access_key_secret`), `sts` (plus
/// `security_token`) and `ecs_ram_role` (`role_name`, optional: delegates to an
/// [`EcsRamRoleProvider`](super::EcsRamRoleProvider)).
///
/// ```ini
/// [default]
/// type = access_key
/// access_key_id = LTAIexample
/// access_key_secret = ...
/// ```
///
/// The file is read on the first successful call only; later calls reuse what it resolved to.
#[derive(Debug)]
pub struct IniFileProvider {
    env: Env,
    path: Option<PathBuf>,
    profile: Option<String>,
    ecs: EcsRamRoleProviderBuilder,
    resolved: ResolvedCache,
}

impl Default for IniFileProvider {
    fn default() -> Self {
        Self::with_env(Env::process())
    }
}

impl IniFileProvider {
    /// Reads the process environment and home directory.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads the given environment and its home directory.
    pub fn with_env(env: Env) -> Self {
        IniFileProvider {
            ecs: EcsRamRoleProviderBuilder::default().env(env.clone()),
            env,
            path: None,
            profile: None,
            resolved: ResolvedCache::default(),
        }
    }

    /// Reads this file, whatever `ALIBABA_CLOUD_CREDENTIALS_FILE` says.
    pub fn credentials_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Uses this section, whatever `ALIBABA_CLOUD_PROFILE` says.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// How to build the provider for an `ecs_ram_role` section (its role name comes from the file).
    pub fn ecs_ram_role(mut self, builder: EcsRamRoleProviderBuilder) -> Self {
        self.ecs = builder;
        self
    }

    /// The file to read and whether the user named it (a named file must exist).
    fn path(&self) -> Result<(PathBuf, bool), CredentialsError> {
        if let Some(path) = &self.path {
            return Ok((path.clone(), true));
        }
        if let Some(path) = self.env.var(ENV_FILE) {
            return Ok((PathBuf::from(path), true));
        }
        let Some(home) = self.env.home_dir() else {
            return Err(CredentialsError::NotConfigured {
                provider: PROVIDER,
                reason: format!("{ENV_FILE} is not set and the home directory is unknown"),
            });
        };
        let dir = home.join(".alibabacloud");
        let ini = dir.join("credentials.ini");
        let plain = dir.join("credentials");
        if !ini.exists() && plain.exists() {
            return Ok((plain, false));
        }
        Ok((ini, false))
    }

    fn resolve(&self) -> Result<Resolved, CredentialsError> {
        let (path, explicit) = self.path()?;
        let text = read_file(PROVIDER, &path, explicit)?;
        let sections = parse(&text).map_err(|(line, reason)| CredentialsError::Invalid {
            provider: PROVIDER,
            location: format!("{}:{line}", path.display()),
            reason: reason.to_owned(),
        })?;
        let name = self
            .profile
            .clone()
            .or_else(|| self.env.var(ENV_PROFILE))
            .unwrap_or_else(|| DEFAULT_SECTION.to_owned());
        let at = |reason: String| CredentialsError::Invalid {
            provider: PROVIDER,
            location: format!("{} [{name}]", path.display()),
            reason,
        };
        let Some(section) = sections.get(&name) else {
            let mut known: Vec<&str> = sections.keys().map(String::as_str).collect();
            known.sort_unstable();
            return Err(at(format!(
                "no such section (sections in the file: {})",
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                }
            )));
        };
        let required = |key: &str, kind: &str| {
            section
                .get(key)
                .filter(|v| !v.is_empty())
                .cloned()
                .ok_or_else(|| at(format!("`{key}` is missing or empty (type {kind})")))
        };
        match section.get("type").map(String::as_str) {
            Some("access_key") => Ok(Resolved::Static(Credentials::new(
                required("access_key_id", "access_key")?,
                required("access_key_secret", "access_key")?,
                None,
            ))),
            Some("sts") => Ok(Resolved::Static(Credentials::new(
                required("access_key_id", "sts")?,
                required("access_key_secret", "sts")?,
                Some(required("security_token", "sts")?),
            ))),
            Some("ecs_ram_role") => {
                let mut builder = self.ecs.clone();
                if let Some(role) = section.get("role_name").filter(|r| !r.is_empty()) {
                    builder = builder.role_name(role.clone());
                }
                Ok(Resolved::EcsRamRole(Arc::new(builder.build())))
            }
            Some(kind) => Err(at(format!(
                "unsupported type '{kind}' (supported: access_key, sts, ecs_ram_role)"
            ))),
            None => Err(at("`type` is missing".to_owned())),
        }
    }
}

impl ProvideCredentials for IniFileProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let resolved = self.resolved.get_or_resolve(|| self.resolve())?;
            resolved.credentials().await
        })
    }
}

type Sections = HashMap<String, HashMap<String, String>>;

/// Parses the INI text into sections of lower-cased keys. An error is a 1-based line number and a
/// reason; the line itself is never quoted since it may hold a secret.
fn parse(text: &str) -> Result<Sections, (usize, &'static str)> {
    let mut sections = Sections::new();
    let mut current: Option<String> = None;
    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(rest) = line.strip_prefix('[') {
            let name = rest
                .strip_suffix(']')
                .ok_or((line_no, "a section header must end with `]`"))?
                .trim();
            if name.is_empty() {
                return Err((line_no, "empty section name"));
            }
            sections.entry(name.to_owned()).or_default();
            current = Some(name.to_owned());
            continue;
        }
        let Some(section) = current.as_ref() else {
            return Err((line_no, "`key = value` before any `[section]`"));
        };
        let split = line
            .find(['=', ':'])
            .ok_or((line_no, "expected `key = value`, `[section]` or a comment"))?;
        let key = line[..split].trim().to_ascii_lowercase();
        if key.is_empty() {
            return Err((line_no, "empty key"));
        }
        let value = strip_inline_comment(line[split + 1..].trim());
        sections
            .entry(section.clone())
            .or_default()
            .insert(key, unquote(value).to_owned());
    }
    Ok(sections)
}

/// Drops a ` #...` or ` ;...` comment; a `#` or `;` not preceded by whitespace is part of the value.
fn strip_inline_comment(value: &str) -> &str {
    let bytes = value.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if (b == b'#' || b == b';') && i > 0 && bytes[i - 1].is_ascii_whitespace() {
            return value[..i].trim_end();
        }
    }
    value
}

fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|v| v.strip_suffix(quote))
        {
            return inner;
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sections_comments_and_quotes() {
        let text = "# top comment\n\
                    [default]\n\
                    type = access_key   # inline\n\
                    Access_Key_Id=\"id\"\n\
                    ; another comment\n\
                    access_key_secret : s#not-a-comment\n\
                    \n\
                    [other]\n\
                    role_name = r\n";
        let sections = parse(text).expect("valid");
        let default = &sections["default"];
        assert_eq!(default["type"], "access_key");
        assert_eq!(default["access_key_id"], "id");
        assert_eq!(default["access_key_secret"], "s#not-a-comment");
        assert_eq!(sections["other"]["role_name"], "r");
    }

    #[test]
    fn reports_line_numbers_without_content() {
        assert_eq!(
            parse("[a]\nsecretvalue\n").map(|_| ()),
            Err((2, "expected `key = value`, `[section]` or a comment"))
        );
        assert_eq!(
            parse("k = v\n").map(|_| ()),
            Err((1, "`key = value` before any `[section]`"))
        );
        assert_eq!(
            parse("[a\n").map(|_| ()),
            Err((1, "a section header must end with `]`"))
        );
    }
}
