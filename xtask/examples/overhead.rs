//! Per-call overhead of the SDK client: sequential DescribeInstances calls over one keep-alive
//! connection to `bench_server`, compared with raw HTTP loops sending the same request bytes.
//!
//! ```sh
//! cargo run --release -p xtask --example bench_server -- --port 0 &   # prints its port
//! cargo run --release -p xtask --example overhead -- --endpoint http://127.0.0.1:PORT
//! ```
//!
//! `benches/overhead.sh` runs both and the official Python client beside them. Modes:
//! - `raw_tcp`: a hand-written HTTP/1.1 loop on one `TcpStream` (the floor: kernel + server);
//! - `raw_reqwest`: a `reqwest::Client` posting a pre-signed URL with the SDK's headers and
//!   reading the body, the same transport the SDK uses; the SDK's overhead is measured against it;
//! - `sdk_v1` / `sdk_v3`: `alicloud_sdk::r_kvstore::Client` with static credentials, explicit
//!   endpoint and retries off, `describe_instances()...send()`, HMAC-SHA1 and ACS3-HMAC-SHA256.
//!
//! Every mode runs `--rounds` times, interleaved, and reports the median round, so a burst of load
//! from another process hits every mode alike. Each round is reported as wall-clock time per call
//! and as this thread's on-CPU time per call (the client's own work; the runtime is
//! single-threaded).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use alicloud_sdk::r_kvstore::{Client, InstanceStatus, InstanceType};
use alicloud_sdk::runtime::sign::{sign, HttpMethod, RequestToSign, SigningKey};
use alicloud_sdk::{ClientConfig, Credentials, RetryConfig, SignatureAlgorithm};
use anyhow::{bail, ensure, Context, Result};

const ACCESS_KEY_ID: &str = "LTAI5tFakeAccessKeyId01";
const ACCESS_KEY_SECRET: &str = "FakeAccessKeySecretForVectors0123";

struct Args {
    endpoint: String,
    calls: usize,
    warmup: usize,
    rounds: usize,
    /// Only these modes (all when empty), e.g. to profile one under callgrind.
    only: Vec<String>,
}

fn parse_args() -> Result<Args> {
    let mut parsed = Args {
        endpoint: String::new(),
        calls: 3000,
        warmup: 300,
        rounds: 5,
        only: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().with_context(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--endpoint" => parsed.endpoint = value("--endpoint")?,
            "--calls" => parsed.calls = value("--calls")?.parse().context("--calls")?,
            "--warmup" => parsed.warmup = value("--warmup")?.parse().context("--warmup")?,
            "--rounds" => parsed.rounds = value("--rounds")?.parse().context("--rounds")?,
            "--only" => parsed.only.push(value("--only")?),
            other => bail!(
                "unknown argument {other}; usage: overhead --endpoint http://127.0.0.1:PORT \
                 [--calls N] [--warmup N] [--rounds N] [--only raw_tcp|raw_reqwest|sdk_v1|sdk_v3]..."
            ),
        }
    }
    ensure!(
        parsed.endpoint.starts_with("http://127.0.0.1:"),
        "--endpoint must be http://127.0.0.1:PORT (bench_server's address)"
    );
    ensure!(
        parsed.calls > 0 && parsed.rounds > 0,
        "--calls and --rounds must be positive"
    );
    Ok(parsed)
}

fn main() -> Result<()> {
    let args = parse_args()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(run(args))
}

/// One way of making the call, run `n` times in a row.
#[derive(Clone, Copy, Debug)]
enum Mode {
    RawTcp,
    RawReqwest,
    SdkV1,
    SdkV3,
}

const MODES: [Mode; 4] = [Mode::RawTcp, Mode::RawReqwest, Mode::SdkV1, Mode::SdkV3];

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::RawTcp => "raw_tcp",
            Mode::RawReqwest => "raw_reqwest",
            Mode::SdkV1 => "sdk_v1",
            Mode::SdkV3 => "sdk_v3",
        }
    }
}

/// Everything the loops need, set up once (connections are opened by the warm-up).
struct Callers {
    authority: String,
    url: String,
    headers: Vec<(String, String)>,
    tcp: Option<RawTcp>,
    reqwest: reqwest::Client,
    sdk_v1: Client,
    sdk_v3: Client,
}

async fn run(args: Args) -> Result<()> {
    let mut callers = Callers::new(&args.endpoint)?;
    // Per mode: wall-clock and on-CPU microseconds per call of each round.
    let mut per_call: Vec<(Mode, Vec<f64>, Vec<f64>)> = MODES
        .iter()
        .filter(|m| args.only.is_empty() || args.only.iter().any(|o| o == m.name()))
        .map(|m| (*m, Vec::new(), Vec::new()))
        .collect();
    for (mode, _, _) in &per_call {
        callers.calls(*mode, args.warmup.max(1)).await?;
    }
    for _ in 0..args.rounds {
        for (mode, wall, cpu) in &mut per_call {
            let (start, start_cpu) = (Instant::now(), thread_cpu_ns());
            callers.calls(*mode, args.calls).await?;
            wall.push(micros(start.elapsed()) / args.calls as f64);
            if let (Some(from), Some(to)) = (start_cpu, thread_cpu_ns()) {
                cpu.push((to - from) as f64 / 1e3 / args.calls as f64);
            }
        }
    }
    println!(
        "rust: {} sequential calls x {} rounds (median round shown) to {}",
        args.calls, args.rounds, args.endpoint
    );
    let mut medians = Vec::new();
    for (mode, wall, cpu) in per_call {
        let all: Vec<String> = wall.iter().map(|r| format!("{r:.1}")).collect();
        let (wall, cpu) = (median(wall), median(cpu));
        println!(
            "RESULT rust {} {wall:.2} us/call cpu {cpu:.2} us/call (rounds: {})",
            mode.name(),
            all.join(" ")
        );
        medians.push((mode, wall));
    }
    let of = |m: &str| {
        medians
            .iter()
            .find(|(mode, _)| mode.name() == m)
            .map_or(f64::NAN, |(_, v)| *v)
    };
    for sdk in ["sdk_v1", "sdk_v3"] {
        let overhead = of(sdk) - of("raw_reqwest");
        // NaN when --only left out one of the two.
        if !overhead.is_nan() {
            println!(
                "rust {sdk} overhead beyond raw_reqwest: {overhead:.2} us/call (beyond raw_tcp: {:.2})",
                of(sdk) - of("raw_tcp")
            );
        }
    }
    Ok(())
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Nanoseconds this thread has spent on a CPU (Linux `/proc/thread-self/schedstat`). The runtime is
/// single-threaded, so this is all the client's work, without the time spent waiting for the
/// server or for a wake-up.
fn thread_cpu_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

impl Callers {
    fn new(endpoint: &str) -> Result<Self> {
        let authority = endpoint
            .strip_prefix("http://")
            .unwrap_or(endpoint)
            .trim_end_matches('/')
            .to_owned();
        let client = |alg: SignatureAlgorithm| {
            let config = ClientConfig::builder()
                .credentials(Credentials::new(ACCESS_KEY_ID, ACCESS_KEY_SECRET, None))
                .endpoint(endpoint)
                .region("cn-hangzhou")
                .signature_algorithm(alg)
                .retry(RetryConfig::disabled())
                .build();
            (Client::new(&config), config.user_agent())
        };
        let (sdk_v1, user_agent) = client(SignatureAlgorithm::HmacSha1);
        let (sdk_v3, _) = client(SignatureAlgorithm::Acs3HmacSha256);

        // The request the SDK sends with HMAC-SHA1, signed once: the raw loops send these bytes.
        let op = build(&sdk_v1).build()?;
        let request = RequestToSign {
            method: HttpMethod::Post,
            host: authority.clone(),
            action: op.name.to_owned(),
            version: alicloud_sdk::r_kvstore::PRODUCT.version.to_owned(),
            query: op.query,
            form: op.form,
            headers: Vec::new(),
        };
        let key = SigningKey {
            access_key_id: ACCESS_KEY_ID,
            access_key_secret: ACCESS_KEY_SECRET,
            security_token: None,
        };
        let signed = sign(
            SignatureAlgorithm::HmacSha1,
            &request,
            &key,
            "2024-05-06T07:08:09Z",
            "0123456789abcdef0123456789abcdef",
        );
        let url = format!("{endpoint}/?{}", signed.query);
        let mut headers = vec![("user-agent".to_owned(), user_agent)];
        headers.extend(signed.headers.into_iter().filter(|(n, _)| n != "host"));

        let reqwest = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Callers {
            authority,
            url,
            headers,
            tcp: None,
            reqwest,
            sdk_v1,
            sdk_v3,
        })
    }

    async fn calls(&mut self, mode: Mode, n: usize) -> Result<()> {
        match mode {
            Mode::RawTcp => {
                if self.tcp.is_none() {
                    self.tcp = Some(RawTcp::connect(&self.authority, &self.url, &self.headers)?);
                }
                let tcp = self.tcp.as_mut().context("connected above")?;
                for _ in 0..n {
                    ensure!(!tcp.call()?.is_empty(), "empty body");
                }
            }
            Mode::RawReqwest => {
                for _ in 0..n {
                    let mut req = self.reqwest.post(&self.url);
                    for (name, value) in &self.headers {
                        req = req.header(name, value);
                    }
                    let response = req.send().await?;
                    ensure!(
                        response.status().is_success(),
                        "status {}",
                        response.status()
                    );
                    ensure!(!response.bytes().await?.is_empty(), "empty body");
                }
            }
            Mode::SdkV1 | Mode::SdkV3 => {
                let client = if matches!(mode, Mode::SdkV1) {
                    &self.sdk_v1
                } else {
                    &self.sdk_v3
                };
                for _ in 0..n {
                    let out = build(client).send().await?;
                    ensure!(!out.instances.is_empty(), "no instances decoded");
                }
            }
        }
        Ok(())
    }
}

/// The typical request of every benchmark (`xtask::bench::DESCRIBE_INSTANCES_PARAMS`).
fn build(client: &Client) -> alicloud_sdk::r_kvstore::DescribeInstances {
    client
        .describe_instances()
        .region_id("cn-hangzhou")
        .page_size(50)
        .page_number(1)
        .instance_status(InstanceStatus::Normal)
        .instance_type(InstanceType::Redis)
}

/// A hand-written HTTP/1.1 client for one keep-alive connection: writes fixed request bytes,
/// reads the status line, headers and a `Content-Length` body.
struct RawTcp {
    request: Vec<u8>,
    writer: TcpStream,
    reader: BufReader<TcpStream>,
    line: String,
}

impl RawTcp {
    fn connect(authority: &str, url: &str, headers: &[(String, String)]) -> Result<Self> {
        let path = url.find("/?").map_or("/", |i| &url[i..]);
        let mut request = format!("POST {path} HTTP/1.1\r\nhost: {authority}\r\naccept: */*\r\n");
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("content-length: 0\r\n\r\n");
        let stream =
            TcpStream::connect(authority).with_context(|| format!("connect {authority}"))?;
        stream.set_nodelay(true)?;
        Ok(RawTcp {
            request: request.into_bytes(),
            writer: stream.try_clone()?,
            reader: BufReader::new(stream),
            line: String::new(),
        })
    }

    fn call(&mut self) -> Result<Vec<u8>> {
        self.writer.write_all(&self.request)?;
        self.line.clear();
        self.reader.read_line(&mut self.line)?;
        ensure!(
            self.line.starts_with("HTTP/1.1 200"),
            "unexpected status line {:?}",
            self.line
        );
        let mut length = None;
        loop {
            self.line.clear();
            ensure!(
                self.reader.read_line(&mut self.line)? > 0,
                "connection closed"
            );
            let header = self.line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = Some(value.trim().parse::<usize>()?);
                }
            }
        }
        let mut body = vec![0; length.context("no content-length")?];
        self.reader.read_exact(&mut body)?;
        Ok(body)
    }
}
