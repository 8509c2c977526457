//! The alicloud-sdk example programs (`examples_src/`), run against the fake as a user would run
//! them: credentials from the default chain (here the environment), endpoint and region from the
//! command line.

use std::path::Path;
use std::process::{Command, Output};

use alicloud_tests::fake::{Fake, Scripted, SignatureKind, AK_ID, AK_SECRET};

/// Runs an example binary with only the given credentials visible to the default chain.
fn run(binary: &str, fake: &Fake, args: &[&str]) -> Output {
    let home = std::env::temp_dir().join(format!("alicloud-examples-home-{}", std::process::id()));
    std::fs::create_dir_all(&home).expect("temporary home");
    let mut command = Command::new(binary);
    command
        .args(["--endpoint", &fake.endpoint(), "--region", "cn-hangzhou"])
        .args(args)
        // An empty home: no aliyun CLI profile or credentials file of the developer is read.
        .env("HOME", &home)
        .env("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
        .env("ALIBABA_CLOUD_ACCESS_KEY_ID", AK_ID)
        .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", AK_SECRET);
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy().into_owned();
        let upper = name.to_ascii_uppercase();
        if (upper.starts_with("ALIBABA_CLOUD_") || upper.starts_with("ALIYUN_"))
            && !matches!(
                upper.as_str(),
                "ALIBABA_CLOUD_ACCESS_KEY_ID"
                    | "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
                    | "ALIBABA_CLOUD_ECS_METADATA_DISABLED"
            )
        {
            command.env_remove(&name);
        }
    }
    assert!(Path::new(binary).exists(), "{binary} was not built");
    command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {binary}: {e}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn describe_instances_example_prints_the_typed_result() {
    for (flag, kind) in [
        (None, SignatureKind::Acs3HmacSha256),
        (Some("--hmac-sha1"), SignatureKind::HmacSha1),
    ] {
        let fake = Fake::start();
        let mut args = vec!["--instance-ids", "de5d88e34d004211", "--page-size", "10"];
        args.extend(flag);
        let output = run(
            env!("CARGO_BIN_EXE_example-describe-instances"),
            &fake,
            &args,
        );
        let stdout = text(&output.stdout);
        assert!(
            output.status.success(),
            "{}\n{stdout}\n{}",
            output.status,
            text(&output.stderr)
        );
        assert!(stdout.contains("1 instance(s) in cn-hangzhou"), "{stdout}");
        assert!(stdout.contains("de5d88e34d004211 wl123456"), "{stdout}");
        assert!(stdout.contains("DescribeInstancesOutput {"), "{stdout}");

        let requests = fake.requests();
        assert_eq!(requests.len(), 1);
        let verified = requests[0].verified().expect("accepted");
        assert_eq!(
            verified.access_key_id, AK_ID,
            "credentials came from the environment"
        );
        assert_eq!(verified.kind, kind);
        assert_eq!(requests[0].param("InstanceIds"), Some("de5d88e34d004211"));
        assert_eq!(requests[0].param("PageSize"), Some("10"));
    }
}

#[test]
fn modify_instance_spec_example_prints_the_order() {
    let fake = Fake::start();
    let output = run(
        env!("CARGO_BIN_EXE_example-modify-instance-spec"),
        &fake,
        &[
            "--instance-id",
            "r-j6cxxxxxxxxxxx3d4",
            "--instance-class",
            "redis.master.small.default",
        ],
    );
    let stdout = text(&output.stdout);
    assert!(
        output.status.success(),
        "{}\n{stdout}\n{}",
        output.status,
        text(&output.stderr)
    );
    assert!(
        stdout.contains("order 1111111111111111 placed to change r-j6cxxxxxxxxxxx3d4 to redis.master.small.default"),
        "{stdout}"
    );
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].param("InstanceClass"),
        Some("redis.master.small.default")
    );
}

#[test]
fn modify_instance_spec_example_reports_a_503_once_and_fails() {
    let fake = Fake::start();
    fake.script([Scripted::error(
        503,
        "ServiceUnavailable",
        "The request has failed due to a temporary failure of the server.",
    )]);
    let output = run(
        env!("CARGO_BIN_EXE_example-modify-instance-spec"),
        &fake,
        &[
            "--instance-id",
            "r-j6cxxxxxxxxxxx3d4",
            "--instance-class",
            "redis.master.small.default",
        ],
    );
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("code: ServiceUnavailable"), "{stderr}");
    assert!(stderr.contains("request id: "), "{stderr}");
    assert_eq!(fake.requests().len(), 1, "never sent twice");
}

#[test]
fn examples_explain_their_arguments() {
    let fake = Fake::start();
    let output = run(
        env!("CARGO_BIN_EXE_example-modify-instance-spec"),
        &fake,
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("--instance-id is required"));
    let output = run(
        env!("CARGO_BIN_EXE_example-describe-instances"),
        &fake,
        &["--bogus"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("unknown argument \"--bogus\""));
    assert!(fake.requests().is_empty());
}
