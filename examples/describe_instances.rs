//! Lists the ApsaraDB for Redis instances of a region.
//!
//! ```sh
//! export ALIBABA_CLOUD_ACCESS_KEY_ID=... ALIBABA_CLOUD_ACCESS_KEY_SECRET=...
//! cargo run -p alicloud-sdk --example describe_instances -- --region cn-hangzhou
//! ```
//!
//! Credentials come from the default chain: the environment, the aliyun CLI profile, the
//! credentials file, then the ECS instance RAM role. Options:
//!
//! - `--region ID` (default `cn-hangzhou`)
//! - `--endpoint URL`, e.g. `http://127.0.0.1:8080` for a local test service (default: the
//!   product's endpoint for the region)
//! - `--instance-ids ID[,ID...]`, `--page-number N`, `--page-size N`
//! - `--hmac-sha1`: sign with signature version 1 instead of ACS3-HMAC-SHA256

use std::process::ExitCode;

use alicloud_sdk::r_kvstore::Client;
use alicloud_sdk::{ClientConfig, SignatureAlgorithm};

const USAGE: &str = "usage: describe_instances [--region ID] [--endpoint URL] [--instance-ids IDS] [--page-number N] [--page-size N] [--hmac-sha1]";

#[derive(Debug)]
struct Args {
    region: String,
    endpoint: Option<String>,
    instance_ids: Option<String>,
    page_number: Option<i32>,
    page_size: Option<i32>,
    hmac_sha1: bool,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args {
        region: "cn-hangzhou".to_owned(),
        endpoint: None,
        instance_ids: None,
        page_number: None,
        page_size: None,
        hmac_sha1: false,
    };
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        let number = |name: &str, text: String| {
            text.parse::<i32>()
                .map_err(|_| format!("{name} takes a number, not {text:?}"))
        };
        match arg.as_str() {
            "--region" => parsed.region = value("--region")?,
            "--endpoint" => parsed.endpoint = Some(value("--endpoint")?),
            "--instance-ids" => parsed.instance_ids = Some(value("--instance-ids")?),
            "--page-number" => {
                parsed.page_number = Some(number("--page-number", value("--page-number")?)?)
            }
            "--page-size" => parsed.page_size = Some(number("--page-size", value("--page-size")?)?),
            "--hmac-sha1" => parsed.hmac_sha1 = true,
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    Ok(parsed)
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

    let mut request = client.describe_instances().region_id(&args.region);
    if let Some(ids) = &args.instance_ids {
        request = request.instance_ids(ids);
    }
    if let Some(n) = args.page_number {
        request = request.page_number(n);
    }
    if let Some(n) = args.page_size {
        request = request.page_size(n);
    }

    match request.send().await {
        Ok(output) => {
            println!(
                "{} instance(s) in {} (page {} of size {}):",
                output.total_count.unwrap_or_default(),
                args.region,
                output.page_number.unwrap_or(1),
                output.page_size.unwrap_or_default()
            );
            for instance in &output.instances {
                println!(
                    "  {} {} {:?} {}",
                    instance.instance_id.as_deref().unwrap_or("?"),
                    instance.instance_name.as_deref().unwrap_or(""),
                    instance.instance_status,
                    instance.connection_domain.as_deref().unwrap_or("")
                );
            }
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
