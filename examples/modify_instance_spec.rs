//! Changes the instance type (specification) of an ApsaraDB for Redis instance.
//!
//! ```sh
//! export ALIBABA_CLOUD_ACCESS_KEY_ID=... ALIBABA_CLOUD_ACCESS_KEY_SECRET=...
//! cargo run -p alicloud-sdk --example modify_instance_spec -- \
//!     --region cn-hangzhou --instance-id r-bp1xxxxxxxxxxxxx --instance-class redis.master.small.default
//! ```
//!
//! This operation places an order and is not idempotent, so the SDK never sends it twice: a
//! timeout or a 5xx answer is reported, not retried. Check the instance before trying again.
//!
//! Credentials come from the default chain: the environment, the aliyun CLI profile, the
//! credentials file, then the ECS instance RAM role. Options:
//!
//! - `--instance-id ID` and `--instance-class CLASS` (required)
//! - `--region ID` (default `cn-hangzhou`)
//! - `--endpoint URL`, e.g. `http://127.0.0.1:8080` for a local test service
//! - `--effective-time Immediately|MaintainTime`
//! - `--hmac-sha1`: sign with signature version 1 instead of ACS3-HMAC-SHA256

use std::process::ExitCode;

use alicloud_sdk::r_kvstore::{Client, EffectiveTime};
use alicloud_sdk::{ClientConfig, SignatureAlgorithm};

const USAGE: &str = "usage: modify_instance_spec --instance-id ID --instance-class CLASS [--region ID] [--endpoint URL] [--effective-time Immediately|MaintainTime] [--hmac-sha1]";

#[derive(Debug)]
struct Args {
    region: String,
    endpoint: Option<String>,
    instance_id: String,
    instance_class: String,
    effective_time: Option<EffectiveTime>,
    hmac_sha1: bool,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut region = "cn-hangzhou".to_owned();
    let mut endpoint = None;
    let mut instance_id = None;
    let mut instance_class = None;
    let mut effective_time = None;
    let mut hmac_sha1 = false;
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--region" => region = value("--region")?,
            "--endpoint" => endpoint = Some(value("--endpoint")?),
            "--instance-id" => instance_id = Some(value("--instance-id")?),
            "--instance-class" => instance_class = Some(value("--instance-class")?),
            "--effective-time" => {
                let text = value("--effective-time")?;
                let parsed = EffectiveTime::from(text.as_str());
                if let EffectiveTime::Unknown(_) = parsed {
                    return Err(format!(
                        "--effective-time takes one of {:?}, not {text:?}",
                        EffectiveTime::VALUES
                    ));
                }
                effective_time = Some(parsed);
            }
            "--hmac-sha1" => hmac_sha1 = true,
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    Ok(Args {
        region,
        endpoint,
        instance_id: instance_id.ok_or_else(|| format!("--instance-id is required\n{USAGE}"))?,
        instance_class: instance_class
            .ok_or_else(|| format!("--instance-class is required\n{USAGE}"))?,
        effective_time,
        hmac_sha1,
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };

    // No credentials given: the default chain finds them.
    let mut config = ClientConfig::builder().region(&args.region);
    if let Some(endpoint) = &args.endpoint {
        config = config.endpoint(endpoint);
    }
    if args.hmac_sha1 {
        config = config.signature_algorithm(SignatureAlgorithm::HmacSha1);
    }
    let client = Client::new(&config.build());

    let mut request = client
        .modify_instance_spec()
        .region_id(&args.region)
        .instance_id(&args.instance_id)
        .instance_class(&args.instance_class);
    if let Some(effective_time) = args.effective_time {
        request = request.effective_time(effective_time);
    }

    match request.send().await {
        Ok(output) => {
            println!(
                "order {} placed to change {} to {}",
                output.order_id.as_deref().unwrap_or("?"),
                args.instance_id,
                args.instance_class
            );
            println!("{output:#?}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            if let Some(code) = error.code() {
                eprintln!("  code: {code}");
            }
            if let Some(request_id) = error.request_id() {
                eprintln!("  request id: {request_id}");
            }
            ExitCode::FAILURE
        }
    }
}
