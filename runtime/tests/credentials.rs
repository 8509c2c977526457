//! Credentials providers: environment, aliyun CLI config, INI file, ECS RAM role (against a fake
//! metadata service on 127.0.0.1), the default chain, and that no secret is ever printed.
//!
//! No test touches the process environment or the real home directory: every provider gets a fixed
//! `Env` and a temporary home.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use alicloud_runtime::credentials::{
    BoxFuture, CliProfileProvider, Credentials, CredentialsError, DefaultChain, EcsRamRoleProvider,
    EcsRamRoleProviderBuilder, Env, EnvironmentProvider, IniFileProvider, ProvideCredentials,
};
use alicloud_runtime::secret::Secret;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const SECRET: &str = "SECRET-VALUE-1234";
const TOKEN: &str = "TOKEN-VALUE-5678";

// ---------------------------------------------------------------------------------------------
// helpers

/// A directory under the system temp dir, removed on drop.
struct TempHome(PathBuf);

impl TempHome {
    fn new() -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!(
            "alicloud-credentials-test-{}-{}-{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("create temp home");
        TempHome(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    fn write(&self, relative: &str, content: &str) -> PathBuf {
        let path = self.0.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create parent");
        }
        std::fs::write(&path, content).expect("write file");
        path
    }

    /// An environment with these variables and this directory as home.
    fn env(&self, vars: &[(&str, &str)]) -> Env {
        Env::from_vars(vars.iter().copied()).with_home(self.path())
    }
}

impl Drop for TempHome {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Fails the test if the error's Display or Debug shows a secret or token.
fn assert_redacted(what: &dyn std::fmt::Debug, display: &str) {
    let debug = format!("{what:?}");
    for needle in [SECRET, TOKEN] {
        assert!(
            !display.contains(needle),
            "Display leaks {needle}: {display}"
        );
        assert!(!debug.contains(needle), "Debug leaks {needle}: {debug}");
    }
}

fn assert_error_redacted(error: &CredentialsError) {
    assert_redacted(error, &error.to_string());
}

async fn provide(provider: &dyn ProvideCredentials) -> Result<Credentials, CredentialsError> {
    let result = provider.provide_credentials().await;
    match &result {
        Ok(creds) => assert_redacted(creds, &creds.to_string()),
        Err(error) => assert_error_redacted(error),
    }
    result
}

async fn provide_err(provider: &dyn ProvideCredentials) -> CredentialsError {
    match provide(provider).await {
        Ok(creds) => panic!("expected an error, got {creds:?}"),
        Err(error) => error,
    }
}

fn secret(creds: &Credentials) -> &str {
    creds.access_key_secret().expose()
}

fn token(creds: &Credentials) -> Option<&str> {
    creds.security_token().map(Secret::expose)
}

/// `YYYY-MM-DDThh:mm:ssZ` for now + `offset` seconds.
fn utc_in(offset: i64) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs() as i64;
    let t = now + offset;
    let (days, rem) = (t.div_euclid(86_400), t.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

// ---------------------------------------------------------------------------------------------
// a fake instance metadata service

#[derive(Clone, Debug)]
struct Seen {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

type Handler = Arc<dyn Fn(&Seen) -> (u16, String) + Send + Sync>;

struct FakeImds {
    base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeImds {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FakeImds {
    async fn start(handler: impl Fn(&Seen) -> (u16, String) + Send + Sync + 'static) -> Self {
        let handler: Handler = Arc::new(handler);
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let seen_in_task = seen.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((mut stream, _)) = listener.accept().await else {
                    return;
                };
                let handler = handler.clone();
                let seen = seen_in_task.clone();
                tokio::spawn(async move {
                    let mut buf = Vec::new();
                    let mut chunk = [0u8; 1024];
                    while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < 65_536 {
                        match stream.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                    let text = String::from_utf8_lossy(&buf).into_owned();
                    let mut lines = text.split("\r\n");
                    let mut request_line = lines.next().unwrap_or("").split(' ');
                    let request = Seen {
                        method: request_line.next().unwrap_or("").to_owned(),
                        path: request_line.next().unwrap_or("").to_owned(),
                        headers: lines
                            .take_while(|l| !l.is_empty())
                            .filter_map(|l| l.split_once(':'))
                            .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
                            .collect(),
                    };
                    let (status, body) = handler(&request);
                    seen.lock().expect("seen lock").push(request);
                    let response = format!(
                        "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = stream.write_all(response.as_bytes()).await;
                    let _ = stream.shutdown().await;
                });
            }
        });
        FakeImds { base, seen, task }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("seen lock").clone()
    }

    fn builder(&self, env: Env) -> EcsRamRoleProviderBuilder {
        EcsRamRoleProvider::builder()
            .env(env)
            .endpoint(&self.base)
            .connect_timeout(Duration::from_secs(2))
            .read_timeout(Duration::from_secs(2))
    }
}

fn role_credentials(id: &str, expiration: &str) -> String {
    format!(
        r#"{{"Code":"Success","AccessKeyId":"{id}","AccessKeySecret":"{SECRET}","SecurityToken":"{TOKEN}","LastUpdated":"2020-01-01T00:00:00Z","Expiration":"{expiration}"}}"#
    )
}

/// A well-behaved metadata service for role `my-role` whose credentials expire `lifetime` seconds
/// after each fetch; the access key id counts the fetches (`STS.1`, `STS.2`, ...).
async fn standard_imds(lifetime: i64) -> FakeImds {
    let fetches = AtomicUsize::new(0);
    FakeImds::start(move |req| match (req.method.as_str(), req.path.as_str()) {
        ("PUT", "/latest/api/token") => (200, "imds-token".to_owned()),
        ("GET", "/latest/meta-data/ram/security-credentials/") => (200, "my-role".to_owned()),
        ("GET", "/latest/meta-data/ram/security-credentials/my-role") => {
            let n = fetches.fetch_add(1, Ordering::SeqCst) + 1;
            (
                200,
                role_credentials(&format!("STS.{n}"), &utc_in(lifetime)),
            )
        }
        _ => (404, "not found".to_owned()),
    })
    .await
}

fn paths(seen: &[Seen]) -> Vec<String> {
    seen.iter()
        .map(|s| format!("{} {}", s.method, s.path))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Secret and Credentials

#[test]
fn secret_debug_and_display_are_redacted() {
    let s = Secret::new(SECRET);
    assert_eq!(format!("{s:?}"), "** redacted **");
    assert_eq!(format!("{s}"), "** redacted **");
    assert_eq!(s.expose(), SECRET);
    assert_eq!(s.clone(), s);
}

#[test]
fn credentials_debug_and_display_never_show_secret_or_token() {
    let creds = Credentials::new("LTAI-id", SECRET, Some(TOKEN.to_owned()))
        .with_expiration(UNIX_EPOCH + Duration::from_secs(1_554_793_349));
    let display = creds.to_string();
    assert_redacted(&creds, &display);
    assert!(display.contains("LTAI-id"), "{display}");
    assert!(display.contains("2019-04-09T07:02:29Z"), "{display}");
    assert!(format!("{creds:?}").contains("LTAI-id"));
}

#[test]
fn credentials_accessors_and_empty_token() {
    let creds = Credentials::new("id", SECRET, Some(String::new()));
    assert_eq!(creds.access_key_id(), "id");
    assert_eq!(secret(&creds), SECRET);
    assert_eq!(creds.security_token(), None);
    assert_eq!(creds.expiration(), None);
}

#[test]
fn signing_key_borrows_the_credentials() {
    let creds = Credentials::new("id", SECRET, Some(TOKEN.to_owned()));
    let key = creds.signing_key();
    assert_eq!(key.access_key_id, "id");
    assert_eq!(key.access_key_secret, SECRET);
    assert_eq!(key.security_token, Some(TOKEN));
    let debug = format!("{key:?}");
    assert!(!debug.contains(SECRET) && !debug.contains(TOKEN), "{debug}");
}

#[tokio::test]
async fn static_credentials_provide_themselves() {
    let creds = Credentials::new("id", SECRET, None);
    let shared: Arc<dyn ProvideCredentials> = Arc::new(creds.clone());
    assert_eq!(provide(&shared).await.expect("static"), creds);
}

// ---------------------------------------------------------------------------------------------
// environment

#[tokio::test]
async fn env_reads_official_variables_with_token() {
    let env = Env::from_vars([
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", "id"),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
        ("ALIBABA_CLOUD_SECURITY_TOKEN", TOKEN),
    ]);
    let creds = provide(&EnvironmentProvider::with_env(env))
        .await
        .expect("env");
    assert_eq!(creds.access_key_id(), "id");
    assert_eq!(secret(&creds), SECRET);
    assert_eq!(token(&creds), Some(TOKEN));
}

#[tokio::test]
async fn env_falls_back_to_legacy_names() {
    let env = Env::from_vars([
        ("ALIYUN_ACCESS_KEY_ID", "legacy-id"),
        ("ALIYUN_ACCESS_KEY_SECRET", SECRET),
    ]);
    let creds = provide(&EnvironmentProvider::with_env(env))
        .await
        .expect("env");
    assert_eq!(creds.access_key_id(), "legacy-id");
    assert_eq!(secret(&creds), SECRET);
    assert_eq!(token(&creds), None);
}

#[tokio::test]
async fn env_official_names_win_over_legacy() {
    let env = Env::from_vars([
        ("ALIYUN_ACCESS_KEY_ID", "legacy-id"),
        ("ALIYUN_ACCESS_KEY_SECRET", "legacy-secret"),
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", "id"),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
    ]);
    let creds = provide(&EnvironmentProvider::with_env(env))
        .await
        .expect("env");
    assert_eq!(creds.access_key_id(), "id");
}

#[tokio::test]
async fn env_legacy_pair_never_takes_the_security_token() {
    let env = Env::from_vars([
        ("ALIYUN_ACCESS_KEY_ID", "legacy-id"),
        ("ALIYUN_ACCESS_KEY_SECRET", SECRET),
        ("ALIBABA_CLOUD_SECURITY_TOKEN", TOKEN),
    ]);
    let creds = provide(&EnvironmentProvider::with_env(env))
        .await
        .expect("env");
    assert_eq!(token(&creds), None);
}

#[tokio::test]
async fn env_id_without_secret_names_the_missing_variable() {
    let env = Env::from_vars([
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", "id"),
        ("ALIBABA_CLOUD_SECURITY_TOKEN", TOKEN),
        // An empty variable counts as unset.
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", ""),
    ]);
    let error = provide_err(&EnvironmentProvider::with_env(env)).await;
    assert!(!error.is_not_configured());
    let message = error.to_string();
    assert!(
        message.contains("ALIBABA_CLOUD_ACCESS_KEY_SECRET is not"),
        "{message}"
    );
}

#[tokio::test]
async fn env_secret_without_id_is_an_error() {
    let env = Env::from_vars([("ALIYUN_ACCESS_KEY_SECRET", SECRET)]);
    let error = provide_err(&EnvironmentProvider::with_env(env)).await;
    assert!(
        error.to_string().contains("ALIYUN_ACCESS_KEY_ID"),
        "{error}"
    );
}

#[test]
fn env_debug_never_shows_variable_values() {
    let env = Env::from_vars([
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
        ("ALIBABA_CLOUD_SECURITY_TOKEN", TOKEN),
    ]);
    assert_redacted(&env, "");
    assert_redacted(&EnvironmentProvider::with_env(env), "");
}

#[tokio::test]
async fn env_with_nothing_set_is_not_configured() {
    let error = provide_err(&EnvironmentProvider::with_env(Env::from_vars(Vec::<(
        String,
        String,
    )>::new(
    ))))
    .await;
    assert!(error.is_not_configured(), "{error}");
    assert!(error.to_string().starts_with("environment:"), "{error}");
}

// ---------------------------------------------------------------------------------------------
// aliyun CLI config

fn cli_config() -> String {
    format!(
        r#"{{
  "current": "ak",
  "profiles": [
    {{"name": "ak", "mode": "AK", "access_key_id": "ak-id", "access_key_secret": "{SECRET}", "region_id": "cn-hangzhou", "expired_seconds": 0}},
    {{"name": "sts", "mode": "StsToken", "access_key_id": "sts-id", "access_key_secret": "{SECRET}", "sts_token": "{TOKEN}"}},
    {{"name": "arn", "mode": "RamRoleArn", "access_key_id": "arn-id", "access_key_secret": "{SECRET}", "ram_role_arn": "acs:ram::1:role/x"}},
    {{"name": "half", "mode": "AK", "access_key_id": "half-id"}},
    {{"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "my-role"}}
  ],
  "meta_path": ""
}}"#
    )
}

#[tokio::test]
async fn cli_uses_the_current_profile() {
    let home = TempHome::new();
    home.write(".aliyun/config.json", &cli_config());
    let provider = CliProfileProvider::with_env(home.env(&[]));
    let creds = provide(&provider).await.expect("cli");
    assert_eq!(creds.access_key_id(), "ak-id");
    assert_eq!(secret(&creds), SECRET);
    assert_eq!(token(&creds), None);
    // The provider now caches the credentials; its Debug must still hide them.
    assert_redacted(&provider, "");
}

#[tokio::test]
async fn cli_sts_token_profile_carries_the_token() {
    let home = TempHome::new();
    home.write(".aliyun/config.json", &cli_config());
    let provider = CliProfileProvider::with_env(home.env(&[])).profile("sts");
    let creds = provide(&provider).await.expect("cli");
    assert_eq!(creds.access_key_id(), "sts-id");
    assert_eq!(token(&creds), Some(TOKEN));
}

#[tokio::test]
async fn cli_profile_variable_overrides_current() {
    let home = TempHome::new();
    home.write(".aliyun/config.json", &cli_config());
    let env = home.env(&[("ALIBABA_CLOUD_PROFILE", "sts")]);
    let creds = provide(&CliProfileProvider::with_env(env))
        .await
        .expect("cli");
    assert_eq!(creds.access_key_id(), "sts-id");
}

#[tokio::test]
async fn cli_explicit_profile_overrides_the_variable() {
    let home = TempHome::new();
    home.write(".aliyun/config.json", &cli_config());
    let env = home.env(&[("ALIBABA_CLOUD_PROFILE", "sts")]);
    let creds = provide(&CliProfileProvider::with_env(env).profile("ak"))
        .await
        .expect("cli");
    assert_eq!(creds.access_key_id(), "ak-id");
}

#[tokio::test]
async fn cli_bad_json_names_the_file_and_position_but_not_the_content() {
    let home = TempHome::new();
    let path = home.write(
        ".aliyun/config.json",
        &format!(
            "{{\"current\": \"ak\", \"profiles\": [{{\"access_key_secret\": \"{SECRET}\" oops"
        ),
    );
    let error = provide_err(&CliProfileProvider::with_env(home.env(&[]))).await;
    let message = error.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains("line 1"), "{message}");
}

#[tokio::test]
async fn cli_wrongly_typed_value_does_not_echo_it() {
    let home = TempHome::new();
    home.write(
        ".aliyun/config.json",
        // serde_json's own message would be `invalid type: string "<the secret>", expected a sequence`.
        &format!("{{\"current\": \"ak\", \"profiles\": \"{SECRET}\"}}"),
    );
    let error = provide_err(&CliProfileProvider::with_env(home.env(&[]))).await;
    assert!(error.to_string().contains("config.json"), "{error}");
}

#[tokio::test]
async fn cli_unknown_profile_lists_the_known_ones() {
    let home = TempHome::new();
    home.write(".aliyun/config.json", &cli_config());
    let error = provide_err(&CliProfileProvider::with_env(home.env(&[])).profile("nope")).await;
    let message = error.to_string();
    assert!(message.contains("profile 'nope' not found"), "{message}");
    assert!(message.contains("ak, sts, arn"), "{message}");
}

#[tokio::test]
async fn cli_unsupported_mode_says_so() {
    let home = TempHome::new();
    home.write(".aliyun/config.json", &cli_config());
    let error = provide_err(&CliProfileProvider::with_env(home.env(&[])).profile("arn")).await;
    let message = error.to_string();
    assert!(
        message.contains("unsupported mode 'RamRoleArn'"),
        "{message}"
    );
}

#[tokio::test]
async fn cli_missing_secret_names_the_key_and_profile() {
    let home = TempHome::new();
    home.write(".aliyun/config.json", &cli_config());
    let error = provide_err(&CliProfileProvider::with_env(home.env(&[])).profile("half")).await;
    let message = error.to_string();
    assert!(message.contains("profile 'half'"), "{message}");
    assert!(message.contains("`access_key_secret`"), "{message}");
}

#[tokio::test]
async fn cli_missing_file_is_not_configured() {
    let home = TempHome::new();
    let error = provide_err(&CliProfileProvider::with_env(home.env(&[]))).await;
    assert!(error.is_not_configured(), "{error}");
    assert!(error.to_string().contains("config.json"), "{error}");
}

#[tokio::test]
async fn cli_can_be_disabled() {
    let home = TempHome::new();
    home.write(".aliyun/config.json", &cli_config());
    let env = home.env(&[("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "TRUE")]);
    let error = provide_err(&CliProfileProvider::with_env(env)).await;
    assert!(error.is_not_configured(), "{error}");
}

#[tokio::test]
async fn cli_explicit_config_file() {
    let home = TempHome::new();
    let path = home.write("elsewhere.json", &cli_config());
    let provider = CliProfileProvider::with_env(Env::from_vars([("X", "y")])).config_file(path);
    let creds = provide(&provider).await.expect("cli");
    assert_eq!(creds.access_key_id(), "ak-id");
}

#[tokio::test]
async fn cli_ecs_ram_role_profile_delegates_to_the_metadata_service() {
    let imds = standard_imds(3600).await;
    let home = TempHome::new();
    home.write(".aliyun/config.json", &cli_config());
    let env = home.env(&[]);
    let provider = CliProfileProvider::with_env(env.clone())
        .profile("ecs")
        .ecs_ram_role(imds.builder(env));
    let creds = provide(&provider).await.expect("cli ecs");
    assert_eq!(creds.access_key_id(), "STS.1");
    assert_eq!(token(&creds), Some(TOKEN));
    // The role comes from the profile: no discovery request.
    assert_eq!(
        paths(&imds.seen()),
        [
            "PUT /latest/api/token",
            "GET /latest/meta-data/ram/security-credentials/my-role"
        ]
    );
    // The delegate's cache survives across calls.
    provide(&provider).await.expect("cli ecs again");
    assert_eq!(imds.seen().len(), 2);
}

// ---------------------------------------------------------------------------------------------
// INI file

fn ini_file() -> String {
    format!(
        "[default]\n\
         type = access_key\n\
         access_key_id = default-id\n\
         access_key_secret = {SECRET}\n\
         \n\
         # an STS section\n\
         [client1]\n\
         type = sts\n\
         access_key_id = sts-id\n\
         access_key_secret = {SECRET}\n\
         security_token = {TOKEN}\n\
         \n\
         [half]\n\
         type = access_key\n\
         access_key_id = half-id\n\
         \n\
         [ecs]\n\
         type = ecs_ram_role\n\
         role_name = my-role\n\
         \n\
         [rsa]\n\
         type = rsa_key_pair\n\
         public_key_id = x\n\
         \n\
         [untyped]\n\
         access_key_id = x\n"
    )
}

#[tokio::test]
async fn ini_default_section_from_the_default_path() {
    let home = TempHome::new();
    home.write(".alibabacloud/credentials.ini", &ini_file());
    let provider = IniFileProvider::with_env(home.env(&[]));
    let creds = provide(&provider).await.expect("ini");
    assert_eq!(creds.access_key_id(), "default-id");
    assert_eq!(secret(&creds), SECRET);
    assert_eq!(token(&creds), None);
    assert_redacted(&provider, "");
}

#[tokio::test]
async fn ini_section_from_the_profile_variable() {
    let home = TempHome::new();
    home.write(".alibabacloud/credentials.ini", &ini_file());
    let env = home.env(&[("ALIBABA_CLOUD_PROFILE", "client1")]);
    let creds = provide(&IniFileProvider::with_env(env)).await.expect("ini");
    assert_eq!(creds.access_key_id(), "sts-id");
    assert_eq!(token(&creds), Some(TOKEN));
}

#[tokio::test]
async fn ini_explicit_profile_overrides_the_variable() {
    let home = TempHome::new();
    home.write(".alibabacloud/credentials.ini", &ini_file());
    let env = home.env(&[("ALIBABA_CLOUD_PROFILE", "client1")]);
    let creds = provide(&IniFileProvider::with_env(env).profile("default"))
        .await
        .expect("ini");
    assert_eq!(creds.access_key_id(), "default-id");
}

#[tokio::test]
async fn ini_file_from_the_credentials_file_variable() {
    let home = TempHome::new();
    let path = home.write("somewhere/creds", &ini_file());
    let path_text = path.display().to_string();
    let env = Env::from_vars([("ALIBABA_CLOUD_CREDENTIALS_FILE", path_text.as_str())]);
    let creds = provide(&IniFileProvider::with_env(env)).await.expect("ini");
    assert_eq!(creds.access_key_id(), "default-id");
}

#[tokio::test]
async fn ini_named_file_that_does_not_exist_is_an_error() {
    let home = TempHome::new();
    let missing = home.path().join("missing.ini");
    let missing_text = missing.display().to_string();
    let env = Env::from_vars([("ALIBABA_CLOUD_CREDENTIALS_FILE", missing_text.as_str())]);
    let error = provide_err(&IniFileProvider::with_env(env)).await;
    assert!(!error.is_not_configured(), "{error}");
    assert!(matches!(error, CredentialsError::Io { .. }), "{error:?}");
    assert!(error.to_string().contains(&missing_text), "{error}");
}

#[tokio::test]
async fn ini_default_file_absent_is_not_configured() {
    let home = TempHome::new();
    let error = provide_err(&IniFileProvider::with_env(home.env(&[]))).await;
    assert!(error.is_not_configured(), "{error}");
}

#[tokio::test]
async fn ini_go_sdk_file_name_is_read_when_the_ini_one_is_absent() {
    let home = TempHome::new();
    home.write(".alibabacloud/credentials", &ini_file());
    let creds = provide(&IniFileProvider::with_env(home.env(&[])))
        .await
        .expect("ini");
    assert_eq!(creds.access_key_id(), "default-id");
}

#[tokio::test]
async fn ini_missing_section_names_file_and_section() {
    let home = TempHome::new();
    let path = home.write(".alibabacloud/credentials.ini", &ini_file());
    let error = provide_err(&IniFileProvider::with_env(home.env(&[])).profile("nope")).await;
    let message = error.to_string();
    assert!(
        message.contains(&format!("{} [nope]", path.display())),
        "{message}"
    );
    assert!(message.contains("no such section"), "{message}");
    assert!(message.contains("client1, default, ecs"), "{message}");
}

#[tokio::test]
async fn ini_missing_key_names_file_section_and_key() {
    let home = TempHome::new();
    let path = home.write(".alibabacloud/credentials.ini", &ini_file());
    let error = provide_err(&IniFileProvider::with_env(home.env(&[])).profile("half")).await;
    let message = error.to_string();
    assert!(
        message.contains(&format!("{} [half]", path.display())),
        "{message}"
    );
    assert!(message.contains("`access_key_secret`"), "{message}");
}

#[tokio::test]
async fn ini_unsupported_or_missing_type_is_an_error() {
    let home = TempHome::new();
    home.write(".alibabacloud/credentials.ini", &ini_file());
    let error = provide_err(&IniFileProvider::with_env(home.env(&[])).profile("rsa")).await;
    assert!(
        error
            .to_string()
            .contains("unsupported type 'rsa_key_pair'"),
        "{error}"
    );
    let error = provide_err(&IniFileProvider::with_env(home.env(&[])).profile("untyped")).await;
    assert!(error.to_string().contains("`type` is missing"), "{error}");
}

#[tokio::test]
async fn ini_syntax_error_gives_the_line_but_not_its_content() {
    let home = TempHome::new();
    let path = home.write(
        ".alibabacloud/credentials.ini",
        &format!("[default]\ntype = access_key\n{SECRET}\n"),
    );
    let error = provide_err(&IniFileProvider::with_env(home.env(&[]))).await;
    assert!(
        error.to_string().contains(&format!("{}:3", path.display())),
        "{error}"
    );
}

#[tokio::test]
async fn ini_ecs_ram_role_section_delegates_to_the_metadata_service() {
    let imds = standard_imds(3600).await;
    let home = TempHome::new();
    home.write(".alibabacloud/credentials.ini", &ini_file());
    let env = home.env(&[]);
    let provider = IniFileProvider::with_env(env.clone())
        .profile("ecs")
        .ecs_ram_role(imds.builder(env));
    let creds = provide(&provider).await.expect("ini ecs");
    assert_eq!(creds.access_key_id(), "STS.1");
    assert_eq!(
        paths(&imds.seen()),
        [
            "PUT /latest/api/token",
            "GET /latest/meta-data/ram/security-credentials/my-role"
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// ECS RAM role

#[tokio::test]
async fn ecs_gets_a_token_then_discovers_the_role_then_fetches_credentials() {
    let imds = standard_imds(3600).await;
    let provider = imds.builder(Env::from_vars([("A", "b")])).build();
    let creds = provide(&provider).await.expect("ecs");
    assert_eq!(creds.access_key_id(), "STS.1");
    assert_eq!(secret(&creds), SECRET);
    assert_eq!(token(&creds), Some(TOKEN));
    let expiration = creds.expiration().expect("expiration");
    let left = expiration
        .duration_since(SystemTime::now())
        .expect("in the future");
    assert!(left > Duration::from_secs(3500) && left <= Duration::from_secs(3600));

    let seen = imds.seen();
    assert_eq!(
        paths(&seen),
        [
            "PUT /latest/api/token",
            "GET /latest/meta-data/ram/security-credentials/",
            "GET /latest/meta-data/ram/security-credentials/my-role",
        ]
    );
    assert_eq!(
        seen[0].header("X-aliyun-ecs-metadata-token-ttl-seconds"),
        Some("21600")
    );
    assert_eq!(
        seen[1].header("X-aliyun-ecs-metadata-token"),
        Some("imds-token")
    );
    assert_eq!(
        seen[2].header("X-aliyun-ecs-metadata-token"),
        Some("imds-token")
    );
}

#[tokio::test]
async fn ecs_role_name_from_the_variable_skips_discovery() {
    let imds = standard_imds(3600).await;
    let provider = imds
        .builder(Env::from_vars([("ALIBABA_CLOUD_ECS_METADATA", "my-role")]))
        .build();
    provide(&provider).await.expect("ecs");
    assert_eq!(
        paths(&imds.seen()),
        [
            "PUT /latest/api/token",
            "GET /latest/meta-data/ram/security-credentials/my-role"
        ]
    );
}

#[tokio::test]
async fn ecs_caches_credentials_until_near_expiry() {
    let imds = standard_imds(3600).await;
    let provider = imds.builder(Env::from_vars([("A", "b")])).build();
    let first = provide(&provider).await.expect("first");
    let requests = imds.seen().len();
    let second = provide(&provider).await.expect("second");
    assert_eq!(first, second);
    assert_eq!(
        imds.seen().len(),
        requests,
        "the second call must not reach the service"
    );
}

#[tokio::test]
async fn ecs_refreshes_when_less_than_three_minutes_remain() {
    let imds = standard_imds(120).await;
    let provider = imds.builder(Env::from_vars([("A", "b")])).build();
    assert_eq!(
        provide(&provider).await.expect("first").access_key_id(),
        "STS.1"
    );
    assert_eq!(
        provide(&provider).await.expect("second").access_key_id(),
        "STS.2"
    );
}

#[tokio::test]
async fn ecs_refresh_margin_is_configurable() {
    let imds = standard_imds(600).await;
    let eager = imds
        .builder(Env::from_vars([("A", "b")]))
        .refresh_before(Duration::from_secs(900))
        .build();
    provide(&eager).await.expect("first");
    assert_eq!(
        provide(&eager).await.expect("second").access_key_id(),
        "STS.2"
    );

    let relaxed = imds
        .builder(Env::from_vars([("A", "b")]))
        .refresh_before(Duration::from_secs(60))
        .build();
    let first = provide(&relaxed).await.expect("first");
    assert_eq!(provide(&relaxed).await.expect("second"), first);
}

#[tokio::test]
async fn ecs_failed_refresh_returns_the_cached_credentials_while_they_last() {
    let calls = AtomicUsize::new(0);
    let imds = FakeImds::start(move |req| match req.method.as_str() {
        "PUT" => (200, "t".to_owned()),
        _ if calls.fetch_add(1, Ordering::SeqCst) == 0 => {
            (200, role_credentials("STS.1", &utc_in(100)))
        }
        _ => (500, "broken".to_owned()),
    })
    .await;
    let provider = imds
        .builder(Env::from_vars([("A", "b")]))
        .role_name("r")
        .build();
    let first = provide(&provider).await.expect("first");
    let second = provide(&provider).await.expect("stale but valid");
    assert_eq!(first, second);
    assert_eq!(imds.seen().len(), 4, "the refresh was attempted");
}

#[tokio::test]
async fn ecs_code_other_than_success_is_an_error() {
    let imds = FakeImds::start(|req| match req.method.as_str() {
        "PUT" => (200, "t".to_owned()),
        _ => (
            200,
            format!(r#"{{"Code":"Failed","AccessKeyId":"x","AccessKeySecret":"{SECRET}","SecurityToken":"{TOKEN}","Expiration":"2099-01-01T00:00:00Z"}}"#),
        ),
    })
    .await;
    let provider = imds
        .builder(Env::from_vars([("A", "b")]))
        .role_name("r")
        .build();
    let error = provide_err(&provider).await;
    let message = error.to_string();
    assert!(message.contains("Code is 'Failed'"), "{message}");
    assert!(message.contains("/security-credentials/r"), "{message}");
}

#[tokio::test]
async fn ecs_bad_expiration_is_an_error() {
    let imds = FakeImds::start(|req| match req.method.as_str() {
        "PUT" => (200, "t".to_owned()),
        _ => (200, role_credentials("x", "tomorrow")),
    })
    .await;
    let provider = imds
        .builder(Env::from_vars([("A", "b")]))
        .role_name("r")
        .build();
    let error = provide_err(&provider).await;
    assert!(
        error.to_string().contains("Expiration 'tomorrow'"),
        "{error}"
    );
}

#[tokio::test]
async fn ecs_non_json_body_is_an_error_without_echo() {
    let imds = FakeImds::start(|req| match req.method.as_str() {
        "PUT" => (200, "t".to_owned()),
        _ => (200, format!("AccessKeySecret={SECRET}")),
    })
    .await;
    let provider = imds
        .builder(Env::from_vars([("A", "b")]))
        .role_name("r")
        .build();
    let error = provide_err(&provider).await;
    assert!(
        error.to_string().contains("not the expected JSON"),
        "{error}"
    );
}

#[tokio::test]
async fn ecs_http_error_names_the_url_and_status() {
    let imds = FakeImds::start(|req| match req.method.as_str() {
        "PUT" => (200, "t".to_owned()),
        _ => (404, "no such role".to_owned()),
    })
    .await;
    let provider = imds
        .builder(Env::from_vars([("A", "b")]))
        .role_name("r")
        .build();
    let error = provide_err(&provider).await;
    let message = error.to_string();
    assert!(message.contains("HTTP 404"), "{message}");
    assert!(
        message.starts_with("ecs ram role: http://127.0.0.1:"),
        "{message}"
    );
}

#[tokio::test]
async fn ecs_no_role_attached_is_an_error() {
    let imds = FakeImds::start(|req| match req.method.as_str() {
        "PUT" => (200, "t".to_owned()),
        _ => (200, String::new()),
    })
    .await;
    let provider = imds.builder(Env::from_vars([("A", "b")])).build();
    let error = provide_err(&provider).await;
    assert!(error.to_string().contains("no RAM role"), "{error}");
}

#[tokio::test]
async fn ecs_goes_on_without_a_token_when_the_token_request_fails() {
    let imds = FakeImds::start(|req| match req.method.as_str() {
        "PUT" => (403, "forbidden".to_owned()),
        _ => (200, role_credentials("v1", &utc_in(3600))),
    })
    .await;
    let provider = imds
        .builder(Env::from_vars([("A", "b")]))
        .role_name("r")
        .build();
    assert_eq!(provide(&provider).await.expect("v1").access_key_id(), "v1");
    let seen = imds.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1].header("X-aliyun-ecs-metadata-token"), None);
}

#[tokio::test]
async fn ecs_imdsv1_disabled_makes_a_token_failure_an_error() {
    let imds = FakeImds::start(|req| match req.method.as_str() {
        "PUT" => (403, "forbidden".to_owned()),
        _ => (200, role_credentials("v1", &utc_in(3600))),
    })
    .await;
    let env = Env::from_vars([("ALIBABA_CLOUD_IMDSV1_DISABLED", "true")]);
    let provider = imds.builder(env).role_name("r").build();
    let error = provide_err(&provider).await;
    assert!(error.to_string().contains("metadata token"), "{error}");
    assert!(error.to_string().contains("HTTP 403"), "{error}");
    assert_eq!(imds.seen().len(), 1);
}

#[tokio::test]
async fn ecs_disabled_by_variable_makes_no_request() {
    let imds = standard_imds(3600).await;
    let env = Env::from_vars([("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")]);
    let error = provide_err(&imds.builder(env).build()).await;
    assert!(error.is_not_configured(), "{error}");
    assert!(imds.seen().is_empty());
}

#[tokio::test]
async fn ecs_unreachable_service_is_a_quick_error() {
    // A port that was just free: nothing listens there.
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    drop(listener);
    let provider = EcsRamRoleProvider::builder()
        .env(Env::from_vars([("A", "b")]))
        .endpoint(base)
        .role_name("r")
        .build();
    let started = std::time::Instant::now();
    let error = provide_err(&provider).await;
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(
        matches!(error, CredentialsError::Metadata { .. }),
        "{error:?}"
    );
}

#[test]
fn ecs_provider_debug_shows_configuration_only() {
    let provider = EcsRamRoleProvider::builder()
        .env(Env::from_vars([("A", "b")]))
        .role_name("r")
        .build();
    let debug = format!("{provider:?}");
    assert!(debug.contains("100.100.100.200"), "{debug}");
    assert!(debug.contains("\"r\""), "{debug}");
}

// ---------------------------------------------------------------------------------------------
// default chain

fn env_vars() -> Vec<(&'static str, &'static str)> {
    vec![
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", "env-id"),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
    ]
}

async fn chain_id(home: &TempHome, vars: &[(&str, &str)], imds: &FakeImds) -> String {
    let env = home.env(vars);
    let chain = DefaultChain::builder()
        .env(env.clone())
        .ecs_ram_role(imds.builder(env))
        .build();
    provide(&chain)
        .await
        .expect("chain")
        .access_key_id()
        .to_owned()
}

#[tokio::test]
async fn chain_prefers_environment_over_every_file() {
    let imds = standard_imds(3600).await;
    let home = TempHome::new();
    home.write(".aliyun/config.json", &cli_config());
    home.write(".alibabacloud/credentials.ini", &ini_file());
    assert_eq!(chain_id(&home, &env_vars(), &imds).await, "env-id");
    assert!(imds.seen().is_empty());
}

#[tokio::test]
async fn chain_prefers_cli_config_over_ini_file() {
    let imds = standard_imds(3600).await;
    let home = TempHome::new();
    home.write(".aliyun/config.json", &cli_config());
    home.write(".alibabacloud/credentials.ini", &ini_file());
    assert_eq!(chain_id(&home, &[], &imds).await, "ak-id");
}

#[tokio::test]
async fn chain_prefers_ini_file_over_instance_role() {
    let imds = standard_imds(3600).await;
    let home = TempHome::new();
    home.write(".alibabacloud/credentials.ini", &ini_file());
    assert_eq!(chain_id(&home, &[], &imds).await, "default-id");
    assert!(imds.seen().is_empty());
}

#[tokio::test]
async fn chain_ends_with_the_instance_role() {
    let imds = standard_imds(3600).await;
    let home = TempHome::new();
    assert_eq!(chain_id(&home, &[], &imds).await, "STS.1");
}

#[tokio::test]
async fn chain_skips_a_broken_source() {
    let imds = standard_imds(3600).await;
    let home = TempHome::new();
    home.write(".aliyun/config.json", "not json");
    home.write(".alibabacloud/credentials.ini", &ini_file());
    assert_eq!(chain_id(&home, &[], &imds).await, "default-id");
}

#[tokio::test]
async fn chain_error_lists_every_source_in_order() {
    let home = TempHome::new();
    home.write(
        ".alibabacloud/credentials.ini",
        &format!("[default]\ntype = access_key\naccess_key_secret = {SECRET}\n"),
    );
    let env = home.env(&[
        ("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true"),
        ("ALIBABA_CLOUD_SECURITY_TOKEN", TOKEN),
    ]);
    let chain = DefaultChain::builder().env(env).build();
    let error = provide_err(&chain).await;
    let CredentialsError::Chain { errors } = &error else {
        panic!("expected a chain error, got {error:?}");
    };
    assert_eq!(errors.len(), 4);
    let message = error.to_string();
    let positions: Vec<usize> = ["environment:", "cli profile:", "ini file:", "ecs ram role:"]
        .iter()
        .map(|name| {
            message
                .find(name)
                .unwrap_or_else(|| panic!("{name} missing: {message}"))
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{message}");
    assert!(message.contains("`access_key_id` is missing"), "{message}");
}

/// Counts its calls and answers with the given result.
#[derive(Debug)]
struct Counting {
    calls: AtomicUsize,
    answer: Option<Credentials>,
}

impl Counting {
    fn new(answer: Option<Credentials>) -> Arc<Self> {
        Arc::new(Counting {
            calls: AtomicUsize::new(0),
            answer,
        })
    }

    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

impl ProvideCredentials for Counting {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let result = self
            .answer
            .clone()
            .ok_or_else(|| CredentialsError::NotConfigured {
                provider: "counting",
                reason: "no answer".to_owned(),
            });
        Box::pin(async move { result })
    }
}

#[tokio::test]
async fn chain_asks_the_provider_that_answered_last_time_first() {
    let first = Counting::new(None);
    let second = Counting::new(Some(Credentials::new("second", SECRET, None)));
    let chain = DefaultChain::from_providers(vec![first.clone(), second.clone()]);
    assert_eq!(provide(&chain).await.expect("1").access_key_id(), "second");
    assert_eq!(provide(&chain).await.expect("2").access_key_id(), "second");
    assert_eq!(first.calls(), 1);
    assert_eq!(second.calls(), 2);
}

#[tokio::test]
async fn chain_error_debug_and_display_never_show_secrets() {
    // Every source holds a secret somewhere and every one fails.
    let home = TempHome::new();
    home.write(
        ".aliyun/config.json",
        &format!("{{\"current\": \"x\", \"profiles\": [{{\"name\": \"x\", \"mode\": \"StsToken\", \"access_key_id\": \"i\", \"access_key_secret\": \"{SECRET}\"}}]}}"),
    );
    home.write(
        ".alibabacloud/credentials.ini",
        &format!(
            "[default]\ntype = sts\naccess_key_id = i\naccess_key_secret = {SECRET}\n{TOKEN}\n"
        ),
    );
    let imds = FakeImds::start(|req| match req.method.as_str() {
        "PUT" => (200, TOKEN.to_owned()),
        _ => (
            200,
            format!(
                r#"{{"Code":"Failed","AccessKeySecret":"{SECRET}","SecurityToken":"{TOKEN}"}}"#
            ),
        ),
    })
    .await;
    let env = home.env(&[
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
        ("ALIBABA_CLOUD_SECURITY_TOKEN", TOKEN),
        ("ALIBABA_CLOUD_ECS_METADATA", "r"),
    ]);
    let chain = DefaultChain::builder()
        .env(env.clone())
        .ecs_ram_role(imds.builder(env))
        .build();
    let error = provide_err(&chain).await;
    let CredentialsError::Chain { errors } = &error else {
        panic!("expected a chain error");
    };
    assert_eq!(errors.len(), 4);
    for e in errors {
        assert_error_redacted(e);
    }
    assert!(error.to_string().contains("Code is 'Failed'"), "{error}");
    assert_redacted(&chain, "");
}
