//! A minimal HTTP/1.1 keep-alive server on 127.0.0.1 for the per-call overhead measurement
//! (`benches/overhead.sh`): it answers every request with the same DescribeInstances JSON and
//! status 200, and checks nothing (no signature, no parameters), so that what a client spends
//! per call is its own work plus the same fixed server cost for every client.
//!
//! ```sh
//! cargo run --release -p xtask --example bench_server -- [--port 0] [--instances 10]
//! ```
//!
//! Prints `listening on 127.0.0.1:PORT` once bound (`--port 0` picks a free port), then serves
//! until killed. One thread per connection; the std library only, so the server's cost is small
//! and the same whichever client calls it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};

use anyhow::{bail, Context, Result};

fn main() -> Result<()> {
    let mut port = 0u16;
    let mut instances = 10usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().with_context(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--port" => port = value("--port")?.parse().context("--port")?,
            "--instances" => instances = value("--instances")?.parse().context("--instances")?,
            other => {
                bail!("unknown argument {other}; usage: bench_server [--port N] [--instances N]")
            }
        }
    }

    let body = xtask::bench::describe_instances_response(instances, false);
    let response = format!(
        "HTTP/1.1 200 OK\r\n\
         Content-Type: application/json;charset=utf-8\r\n\
         Content-Length: {}\r\n\
         Connection: keep-alive\r\n\
         x-acs-request-id: 969D0A1D-C91A-4837-9F70-49785DF9BDCE\r\n\
         \r\n\
         {body}",
        body.len()
    )
    .into_bytes();
    let response: &'static [u8] = Box::leak(response.into_boxed_slice());

    let listener = TcpListener::bind(("127.0.0.1", port)).context("cannot bind 127.0.0.1")?;
    println!(
        "listening on {} ({} response bytes)",
        listener.local_addr()?,
        body.len()
    );
    std::io::stdout().flush()?;
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        std::thread::spawn(move || {
            // A client closing its connection ends the thread; nothing to report.
            let _ = serve(stream, response);
        });
    }
    Ok(())
}

/// Answers requests on one connection until the client closes it or asks to.
fn serve(stream: TcpStream, response: &[u8]) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    loop {
        // Request line; end of stream means the client closed the connection.
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        if line.trim().is_empty() {
            continue;
        }
        let mut content_length = 0usize;
        let mut close = false;
        loop {
            line.clear();
            if reader.read_line(&mut line)? == 0 {
                return Ok(());
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                let value = value.trim();
                if name.eq_ignore_ascii_case("content-length") {
                    content_length = value.parse().unwrap_or(0);
                } else if name.eq_ignore_ascii_case("connection") {
                    close = value.eq_ignore_ascii_case("close");
                }
            }
        }
        std::io::copy(
            &mut reader.by_ref().take(content_length as u64),
            &mut std::io::sink(),
        )?;
        writer.write_all(response)?;
        if close {
            return Ok(());
        }
    }
}
