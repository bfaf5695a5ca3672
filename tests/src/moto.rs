//! A [moto](https://github.com/getmoto/moto) server (`moto_server`, PyPI `moto[server]`) on
//! 127.0.0.1, for end-to-end tests of generated clients against a real implementation of
//! the AWS APIs. `.ci/run` installs it into `target/moto-venv`; each test starts its own
//! server on its own port, so tests may run in parallel.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::workspace_root;

/// How long a server may take to answer its first request (moto imports every service's
/// backend at start: a few seconds on a loaded 2-core machine).
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// How to get moto, for the skip message.
const INSTALL: &str = "install it with `python3 -m venv target/moto-venv && target/moto-venv/bin/pip install 'moto[server]==5.2.5'`, or set MOTO_SERVER to a moto_server";

/// A running `moto_server`; killed (and reaped) when dropped.
#[derive(Debug)]
pub struct MotoServer {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl MotoServer {
    /// Starts a server for `test` and waits until it answers HTTP.
    ///
    /// Without moto (a user's machine without Python) the test skips visibly, as
    /// [`crate::shared_dir`] does: this prints `SKIPPED <test>: …` and returns `None`. With
    /// `CI` set it panics instead. A server that cannot start panics with its log.
    pub fn start(test: &str) -> Option<MotoServer> {
        let Some(program) = find_moto_server() else {
            crate::skip(test, "moto_server is missing", &format!("moto_server not found ({INSTALL})"));
            return None;
        };
        let logs = workspace_root().join("target/moto-logs");
        std::fs::create_dir_all(&logs).expect("create target/moto-logs");
        // A free port can be taken by someone else between our probe and moto's bind:
        // then moto exits, and a new port is tried.
        let mut last_log = String::new();
        for _ in 0..3 {
            let port = free_port();
            let log = logs.join(format!("{}-{port}.log", test.replace(|c: char| !c.is_ascii_alphanumeric(), "_")));
            let file = std::fs::File::create(&log).expect("create moto log");
            let child = Command::new(&program)
                .args(["-H", "127.0.0.1", "-p", &port.to_string()])
                .stdin(Stdio::null())
                .stdout(file.try_clone().expect("clone log handle"))
                .stderr(file)
                .spawn()
                .unwrap_or_else(|e| panic!("{test}: cannot run {}: {e}", program.display()));
            let mut server = MotoServer { child, port, log };
            match server.wait_until_ready() {
                Ok(()) => return Some(server),
                Err(exited) => {
                    last_log = std::fs::read_to_string(&server.log).unwrap_or_default();
                    if !exited {
                        break;
                    }
                }
            }
        }
        panic!("{test}: {} did not start within {START_TIMEOUT:?}; its log:\n{last_log}", program.display());
    }

    /// The server's URL, `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Where the server's output goes (`target/moto-logs/<test>-<port>.log`).
    pub fn log(&self) -> &Path {
        &self.log
    }

    /// `Ok` once a request gets an HTTP answer; `Err(true)` if the server exited first (the
    /// port was taken), `Err(false)` if it did not answer in time.
    fn wait_until_ready(&mut self) -> Result<(), bool> {
        let started = Instant::now();
        while started.elapsed() < START_TIMEOUT {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return Err(true);
            }
            if answers_http(self.port) {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(false)
    }
}

impl Drop for MotoServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `$MOTO_SERVER`, else `target/moto-venv/bin/moto_server` (where `.ci/run` installs it),
/// else `moto_server` on `PATH`. A `MOTO_SERVER` that names no file is a mistake, not a
/// reason to skip: it panics.
fn find_moto_server() -> Option<PathBuf> {
    if let Some(given) = std::env::var_os("MOTO_SERVER") {
        let given = PathBuf::from(given);
        assert!(given.is_file(), "MOTO_SERVER={} is not a file", given.display());
        return Some(given);
    }
    let venv = workspace_root().join("target/moto-venv/bin/moto_server");
    if venv.is_file() {
        return Some(venv);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join("moto_server")).find(|candidate| candidate.is_file())
}

/// A port that was free on 127.0.0.1 a moment ago.
fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local address").port()
}

/// Whether `GET /` on 127.0.0.1:`port` gets an HTTP status line back.
fn answers_http(port: u16) -> bool {
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let Ok(mut stream) = TcpStream::connect_timeout(&address, Duration::from_secs(1)) else { return false };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0_u8; 5];
    stream.read_exact(&mut head).is_ok() && &head == b"HTTP/"
}
