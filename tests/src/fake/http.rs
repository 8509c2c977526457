//! Just enough HTTP/1.1 for the fake: read one request (Content-Length or chunked body, keep-alive),
//! write one response (Content-Length or chunked, or deliberately truncated).
//!
//! Hand-written instead of a server framework so that faults (a reset, a body cut short, a
//! response that never comes) are one line each and need no extra dependency.

use std::io;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// The largest request head the fake reads.
const MAX_HEAD: usize = 64 * 1024;
/// The largest request body the fake reads.
const MAX_BODY: usize = 16 * 1024 * 1024;

/// One request as it arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The request target as sent: path and raw query.
    pub target: String,
    /// Every header in arrival order, names as sent.
    pub headers: Vec<(String, String)>,
    /// The body (de-chunked).
    pub body: Vec<u8>,
}

impl Request {
    /// The first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The path part of the target.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }

    /// The raw (still encoded) query of the target.
    pub fn raw_query(&self) -> &str {
        self.target.split_once('?').map_or("", |(_, q)| q)
    }

    /// Whether the client asked to close the connection after this exchange.
    pub fn wants_close(&self) -> bool {
        self.header("connection")
            .is_some_and(|v| v.eq_ignore_ascii_case("close"))
    }
}

/// Why no request could be read.
#[derive(Debug)]
pub enum ReadError {
    /// The client closed the connection between requests.
    Closed,
    /// Not HTTP/1.x as the fake understands it.
    Malformed(String),
    /// The socket failed.
    Io(io::Error),
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> Self {
        ReadError::Io(e)
    }
}

/// Reads the next request from `stream`; `buf` carries bytes read past the previous request.
pub async fn read_request<S: AsyncRead + Unpin>(
    stream: &mut S,
    buf: &mut Vec<u8>,
) -> Result<Request, ReadError> {
    let head_end = loop {
        if let Some(pos) = find(buf, b"\r\n\r\n") {
            break pos;
        }
        if buf.len() > MAX_HEAD {
            return Err(ReadError::Malformed("request head too large".into()));
        }
        if fill(stream, buf).await? == 0 {
            return if buf.is_empty() {
                Err(ReadError::Closed)
            } else {
                Err(ReadError::Malformed(
                    "connection closed inside a request head".into(),
                ))
            };
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    buf.drain(..head_end + 4);

    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(ReadError::Malformed(format!(
            "bad request line {request_line:?}"
        )));
    };
    if !version.starts_with("HTTP/1.") {
        return Err(ReadError::Malformed(format!(
            "unsupported version {version:?}"
        )));
    }
    let mut headers = Vec::new();
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            return Err(ReadError::Malformed(format!("bad header line {line:?}")));
        };
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let mut request = Request {
        method: method.to_owned(),
        target: target.to_owned(),
        headers,
        body: Vec::new(),
    };

    let chunked = request
        .header("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    if chunked {
        request.body = read_chunked(stream, buf).await?;
    } else if let Some(len) = request.header("content-length") {
        let len: usize = len
            .parse()
            .map_err(|_| ReadError::Malformed(format!("bad content-length {len:?}")))?;
        if len > MAX_BODY {
            return Err(ReadError::Malformed("request body too large".into()));
        }
        while buf.len() < len {
            if fill(stream, buf).await? == 0 {
                return Err(ReadError::Malformed(
                    "connection closed inside a body".into(),
                ));
            }
        }
        request.body = buf.drain(..len).collect();
    }
    Ok(request)
}

async fn read_chunked<S: AsyncRead + Unpin>(
    stream: &mut S,
    buf: &mut Vec<u8>,
) -> Result<Vec<u8>, ReadError> {
    let mut body = Vec::new();
    loop {
        let line_end = loop {
            if let Some(pos) = find(buf, b"\r\n") {
                break pos;
            }
            if fill(stream, buf).await? == 0 {
                return Err(ReadError::Malformed(
                    "connection closed inside a chunk".into(),
                ));
            }
        };
        let size_text = String::from_utf8_lossy(&buf[..line_end]).into_owned();
        let size_hex = size_text.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_hex, 16)
            .map_err(|_| ReadError::Malformed(format!("bad chunk size {size_text:?}")))?;
        buf.drain(..line_end + 2);
        if size == 0 {
            // Trailers end with an empty line.
            loop {
                if let Some(pos) = find(buf, b"\r\n") {
                    let empty = pos == 0;
                    buf.drain(..pos + 2);
                    if empty {
                        return Ok(body);
                    }
                } else if fill(stream, buf).await? == 0 {
                    return Ok(body);
                }
            }
        }
        if body.len() + size > MAX_BODY {
            return Err(ReadError::Malformed("request body too large".into()));
        }
        while buf.len() < size + 2 {
            if fill(stream, buf).await? == 0 {
                return Err(ReadError::Malformed(
                    "connection closed inside a chunk".into(),
                ));
            }
        }
        body.extend(buf.drain(..size));
        buf.drain(..2);
    }
}

async fn fill<S: AsyncRead + Unpin>(stream: &mut S, buf: &mut Vec<u8>) -> io::Result<usize> {
    let mut chunk = [0u8; 16 * 1024];
    let n = stream.read(&mut chunk).await?;
    buf.extend_from_slice(&chunk[..n]);
    Ok(n)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// How the body of a response is framed on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Framing {
    /// `Content-Length` and the whole body.
    #[default]
    ContentLength,
    /// `Transfer-Encoding: chunked` (the length is not announced).
    Chunked,
    /// `Content-Length` of the whole body, but only this many bytes, then the connection closes.
    Truncated(usize),
}

/// One response to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Headers besides the framing ones, which are written from `framing`.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// How the body is framed.
    pub framing: Framing,
}

/// Writes `response`; returns whether the connection may carry another request.
pub async fn write_response<S: AsyncWrite + Unpin>(
    stream: &mut S,
    response: &Response,
    close: bool,
) -> io::Result<bool> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let close = close || matches!(response.framing, Framing::Truncated(_));
    match response.framing {
        Framing::ContentLength | Framing::Truncated(_) => {
            head.push_str(&format!("Content-Length: {}\r\n", response.body.len()));
        }
        Framing::Chunked => head.push_str("Transfer-Encoding: chunked\r\n"),
    }
    head.push_str(if close {
        "Connection: close\r\n\r\n"
    } else {
        "Connection: keep-alive\r\n\r\n"
    });
    stream.write_all(head.as_bytes()).await?;
    match response.framing {
        Framing::ContentLength => stream.write_all(&response.body).await?,
        Framing::Truncated(n) => {
            stream
                .write_all(&response.body[..n.min(response.body.len())])
                .await?
        }
        Framing::Chunked => {
            for chunk in response.body.chunks(64 * 1024) {
                stream
                    .write_all(format!("{:X}\r\n", chunk.len()).as_bytes())
                    .await?;
                stream.write_all(chunk).await?;
                stream.write_all(b"\r\n").await?;
            }
            stream.write_all(b"0\r\n\r\n").await?;
        }
    }
    stream.flush().await?;
    Ok(!close)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn reads_keep_alive_requests_with_both_body_framings() {
        let wire = b"POST /?A=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc\
GET /?B=2 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhe\r\n3\r\nllo\r\n0\r\n\r\n";
        let mut stream: &[u8] = wire;
        let mut buf = Vec::new();
        let first = read_request(&mut stream, &mut buf).await.expect("first");
        assert_eq!((first.method.as_str(), first.raw_query()), ("POST", "A=1"));
        assert_eq!(first.body, b"abc");
        let second = read_request(&mut stream, &mut buf).await.expect("second");
        assert_eq!(
            (second.path(), second.body.as_slice()),
            ("/", &b"hello"[..])
        );
        assert!(matches!(
            read_request(&mut stream, &mut buf).await,
            Err(ReadError::Closed)
        ));
    }

    #[tokio::test]
    async fn writes_chunked_and_truncated_bodies() {
        let mut out = Vec::new();
        let response = Response {
            status: 200,
            headers: vec![("X".into(), "1".into())],
            body: b"hello".to_vec(),
            framing: Framing::Chunked,
        };
        assert!(write_response(&mut out, &response, false)
            .await
            .expect("write"));
        let text = String::from_utf8(out).expect("ascii");
        assert!(text.ends_with("\r\n\r\n5\r\nhello\r\n0\r\n\r\n"), "{text}");

        let mut out = Vec::new();
        let response = Response {
            framing: Framing::Truncated(2),
            ..response
        };
        assert!(!write_response(&mut out, &response, false)
            .await
            .expect("write"));
        let text = String::from_utf8(out).expect("ascii");
        assert!(text.contains("Content-Length: 5\r\n"), "{text}");
        assert!(text.ends_with("\r\n\r\nhe"), "{text}");
    }
}
