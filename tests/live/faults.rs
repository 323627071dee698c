//! A small HTTP proxy in front of the AWS API emulator that fails chosen API calls, so the
//! live-audit tests decide which calls fail instead of depending on what one emulator
//! release happens not to serve. Every other request is passed to the emulator unchanged.
//!
//! It speaks just enough HTTP/1.1 for the SDK's requests: a request is read whole (its
//! body by `Content-Length` or chunked), sent to the emulator on a fresh connection with
//! `Connection: close`, and the emulator's answer is passed back with `Connection: close`
//! too, so no connection carries a second request past the check.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// How a call is recognised on the wire: every protocol the SDK may use for it.
pub struct Call {
    /// The IAM action, as lifeboat names a failed call (`backup:ListBackupJobs`).
    pub action: &'static str,
    /// REST APIs: the method and path, `*` matching one path segment; a trailing `/` in
    /// the pattern is optional in the request.
    pub rest: Option<(&'static str, &'static str)>,
    /// REST APIs whose operation is a query key (`GET /bucket?versioning`).
    pub query_key: Option<&'static str>,
}

impl Call {
    /// A call of a JSON, query or RPC-v2 API, recognised by its operation name alone.
    pub const fn rpc(action: &'static str) -> Call {
        Call {
            action,
            rest: None,
            query_key: None,
        }
    }

    /// A call of a REST API at a method and path.
    pub const fn rest(action: &'static str, method: &'static str, path: &'static str) -> Call {
        Call {
            action,
            rest: Some((method, path)),
            query_key: None,
        }
    }

    /// A call of a REST API named by a query key.
    pub const fn query(action: &'static str, key: &'static str) -> Call {
        Call {
            action,
            rest: None,
            query_key: Some(key),
        }
    }

    fn operation(&self) -> &'static str {
        self.action.split(':').nth(1).unwrap_or_default()
    }

    fn matches(&self, req: &Request) -> bool {
        let op = self.operation();
        if let Some((method, pattern)) = self.rest {
            return req.method == method && path_matches(pattern, &req.path);
        }
        if let Some(key) = self.query_key {
            return req.method == "GET"
                && req
                    .query
                    .split('&')
                    .any(|kv| kv.split('=').next() == Some(key));
        }
        let target = req.header("x-amz-target").unwrap_or_default();
        let form = String::from_utf8_lossy(&req.body);
        target.rsplit('.').next() == Some(op)
            || req.path.ends_with(&format!("/operation/{op}"))
            || form.split('&').any(|kv| kv == format!("Action={op}"))
    }
}

fn path_matches(pattern: &str, path: &str) -> bool {
    let p: Vec<&str> = pattern.trim_end_matches('/').split('/').collect();
    let r: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    p.len() == r.len() && p.iter().zip(&r).all(|(a, b)| *a == "*" || a == b)
}

struct Request {
    method: String,
    path: String,
    query: String,
    head: Vec<String>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.iter().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// The proxy, listening on a loopback port until dropped.
pub struct Faults {
    /// `http://127.0.0.1:PORT`.
    pub endpoint: String,
    stop: Arc<AtomicBool>,
    addr: String,
}

impl Faults {
    /// Starts a proxy to `upstream` (`127.0.0.1:PORT`) that fails `calls`.
    pub fn start(upstream: String, calls: &'static [Call]) -> Faults {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let addr = listener.local_addr().expect("addr").to_string();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let upstream = upstream.clone();
                std::thread::spawn(move || serve(stream, &upstream, calls));
            }
        });
        Faults {
            endpoint: format!("http://{addr}"),
            stop,
            addr,
        }
    }
}

impl Drop for Faults {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(&self.addr);
    }
}

fn serve(stream: TcpStream, upstream: &str, calls: &[Call]) {
    let Ok(mut out) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    let Some(req) = read_request(&mut reader) else {
        return;
    };
    let reply = match calls.iter().find(|c| c.matches(&req)) {
        Some(call) => refusal(call),
        None => match forward(&req, upstream) {
            Some(r) => r,
            None => return,
        },
    };
    // The answer says `Connection: close`: the client's next request comes on a new
    // connection, and is checked there.
    let _ = out.write_all(&reply).and_then(|()| out.flush());
}

/// A non-retryable error in the shapes the SDK parses (JSON and XML protocols alike
/// read the status and the error-type header).
fn refusal(call: &Call) -> Vec<u8> {
    let body = format!(
        "{{\"__type\":\"NotImplemented\",\"message\":\"{} fails on purpose in this test\"}}",
        call.action
    );
    format!(
        "HTTP/1.1 501 Not Implemented\r\nContent-Type: application/json\r\nx-amzn-ErrorType: NotImplemented\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Request> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_string(), q.to_string()),
        None => (target.clone(), String::new()),
    };
    let mut head = vec![line.trim_end().to_string()];
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).ok()? == 0 {
            return None;
        }
        if h.trim_end().is_empty() {
            break;
        }
        head.push(h.trim_end().to_string());
    }
    let mut req = Request {
        method,
        path,
        query,
        head,
        body: Vec::new(),
    };
    if req
        .header("transfer-encoding")
        .is_some_and(|t| t.eq_ignore_ascii_case("chunked"))
    {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).ok()?;
            let n = usize::from_str_radix(size.trim().split(';').next()?, 16).ok()?;
            let mut chunk = vec![0; n + 2];
            reader.read_exact(&mut chunk).ok()?;
            if n == 0 {
                break;
            }
            req.body.extend_from_slice(&chunk[..n]);
        }
        req.head
            .retain(|l| !l.to_ascii_lowercase().starts_with("transfer-encoding:"));
        req.head.push(format!("Content-Length: {}", req.body.len()));
    } else if let Some(n) = req.header("content-length").and_then(|n| n.parse().ok()) {
        req.body = vec![0; n];
        reader.read_exact(&mut req.body).ok()?;
    }
    Some(req)
}

/// Sends the request to the emulator and gives back its answer, marked `Connection: close`.
fn forward(req: &Request, upstream: &str) -> Option<Vec<u8>> {
    let mut up = TcpStream::connect(upstream).ok()?;
    let mut head: Vec<&str> = req
        .head
        .iter()
        .map(String::as_str)
        .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
        .collect();
    head.push("Connection: close");
    up.write_all(format!("{}\r\n\r\n", head.join("\r\n")).as_bytes())
        .ok()?;
    up.write_all(&req.body).ok()?;
    let mut answer = Vec::new();
    up.read_to_end(&mut answer).ok()?;
    let end = answer.windows(4).position(|w| w == b"\r\n\r\n")?;
    let text = String::from_utf8_lossy(&answer[..end]).into_owned();
    let mut lines: Vec<&str> = text
        .split("\r\n")
        .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
        .collect();
    lines.push("Connection: close");
    let mut reply = format!("{}\r\n\r\n", lines.join("\r\n")).into_bytes();
    reply.extend_from_slice(&answer[end + 4..]);
    Some(reply)
}
