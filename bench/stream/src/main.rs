//! Streaming S3 bodies through ours (`s3-all`, `client` feature) and the official `aws-sdk-s3`,
//! side by side in one run against one local server: a 1 GiB `GetObject` download (read chunk
//! by chunk, counted, dropped), a 1 GiB `PutObject` upload streamed from a file, and the same
//! file as a multipart upload in 8 MiB parts (each part streamed from its range of the file).
//! For each, throughput and the client process's peak RSS.
//!
//! ```text
//! stream-bench [run [ROUNDS]]                       the driver (default; 3 rounds)
//! stream-bench server [PORT]                        the local server alone, on 127.0.0.1
//! stream-bench client ours|official download URL    one measurement, one output line
//! stream-bench client ours|official upload|multipart URL FILE
//! ```
//!
//! Every measurement is a fresh child process (this binary, `client …`), because peak RSS
//! (`VmHWM`) only ever grows: in one process the second client's peak would include the
//! first's. The server runs in the driver process, on a thread of its own, so that the
//! child's RSS is the client's alone. The cases are interleaved (ours, official, ours, …)
//! so that the machine's drift over the run hits both sides alike.

mod clients;
mod server;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use clients::{What, Who};
use server::OBJECT_SIZE;

const USAGE: &str = "usage: stream-bench [run [ROUNDS]]
       stream-bench server [PORT]
       stream-bench client ours|official download URL
       stream-bench client ours|official upload|multipart URL FILE";

const MIB: f64 = 1024.0 * 1024.0;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        [] | ["run"] => drive(3),
        ["run", rounds] => match rounds.parse::<usize>() {
            Ok(rounds) if rounds > 0 => drive(rounds),
            _ => Err(format!("ROUNDS must be a positive number, not {rounds:?}\n{USAGE}")),
        },
        ["server"] => standalone_server("0"),
        ["server", port] => standalone_server(port),
        ["client", who, what, url, rest @ ..] if rest.len() <= 1 => client(who, what, url, rest.first().copied()),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("stream-bench: {message}");
            ExitCode::FAILURE
        }
    }
}

// ------------------------------------------------------------------ the child: one transfer

/// One measurement: prints `bytes=… seconds=… setup_hwm_kib=… vmhwm_kib=…` on one line.
fn client(who: &str, what: &str, url: &str, file: Option<&str>) -> Result<(), String> {
    let who = match who {
        "ours" => Who::Ours,
        "official" => Who::Official,
        _ => return Err(format!("no client {who:?}: ours or official\n{USAGE}")),
    };
    let what = match what {
        "download" => What::Download,
        "upload" => What::Upload,
        "multipart" => What::Multipart,
        _ => return Err(format!("no case {what:?}: download, upload or multipart\n{USAGE}")),
    };
    // The runtime `#[tokio::main]` gives: what a program that uses either client runs on.
    let runtime = tokio::runtime::Runtime::new().map_err(|error| format!("no Tokio runtime: {error}"))?;
    // The peak before the transfer: the binary, the runtime, the libc heap. Not the clients'
    // configuration (built inside `clients::run`), which is small either way.
    let setup_hwm = status_kib("VmHWM")?;
    let transfer = runtime.block_on(clients::run(who, what, url, file.map(Path::new)))?;
    let hwm = status_kib("VmHWM")?;
    println!(
        "bytes={} seconds={:.6} setup_hwm_kib={setup_hwm} vmhwm_kib={hwm}",
        transfer.bytes,
        transfer.elapsed.as_secs_f64()
    );
    Ok(())
}

/// A `kB` field of `/proc/self/status` (`VmHWM`: the peak resident set size so far).
fn status_kib(field: &str) -> Result<u64, String> {
    let status = std::fs::read_to_string("/proc/self/status")
        .map_err(|error| format!("cannot read /proc/self/status (Linux only): {error}"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':')?.trim().strip_suffix("kB")?.trim().parse().ok())
        .ok_or_else(|| format!("no {field} in /proc/self/status"))
}

// ------------------------------------------------------------------ the server

/// The server bound to 127.0.0.1 (loopback only), on a thread of its own with a
/// single-threaded runtime: its per-chunk work is a reference-count increment and a write
/// (or a read), so one thread keeps up, and the machine's other core is left to the client.
fn start_server(port: &str) -> Result<String, String> {
    let listener = std::net::TcpListener::bind(format!("127.0.0.1:{port}"))
        .map_err(|error| format!("cannot listen on 127.0.0.1:{port}: {error}"))?;
    let address = listener.local_addr().map_err(|error| format!("no local address: {error}"))?;
    listener.set_nonblocking(true).map_err(|error| format!("cannot make the listener non-blocking: {error}"))?;
    std::thread::Builder::new()
        .name("server".to_owned())
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a Tokio runtime");
            let served = runtime.block_on(async {
                let listener = tokio::net::TcpListener::from_std(listener)?;
                server::serve(listener).await
            });
            if let Err(error) = served {
                eprintln!("stream-bench: the server stopped: {error}");
            }
        })
        .map_err(|error| format!("cannot start the server thread: {error}"))?;
    Ok(format!("http://{address}"))
}

fn standalone_server(port: &str) -> Result<(), String> {
    let url = start_server(port)?;
    println!("{url}");
    loop {
        std::thread::park();
    }
}

// ------------------------------------------------------------------ the driver

/// The 1 GiB file to upload, deleted when dropped (on an error too).
struct UploadFile(PathBuf);

impl UploadFile {
    /// Writes `OBJECT_SIZE` bytes of a pseudo-random pattern (not a sparse or zero file, which
    /// some filesystems read without touching their data) and syncs it, so that its write-back
    /// does not run during the first measurements. It stays in the page cache (the machine has
    /// far more RAM than 1 GiB), so both clients read it from memory, not from the disk.
    fn create() -> Result<Self, String> {
        use std::io::Write as _;
        let path = std::env::temp_dir().join(format!("stream-bench-{}.bin", std::process::id()));
        let file = Self(path);
        let cannot = |error: std::io::Error| format!("cannot write {}: {error}", file.0.display());
        let mut out = std::fs::File::create(&file.0).map_err(cannot)?;
        let mut block = vec![0_u8; 1 << 20];
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..OBJECT_SIZE / block.len() as u64 {
            for word in block.chunks_exact_mut(8) {
                // xorshift64
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                word.copy_from_slice(&state.to_le_bytes());
            }
            out.write_all(&block).map_err(cannot)?;
        }
        out.sync_all().map_err(cannot)?;
        Ok(file)
    }
}

impl Drop for UploadFile {
    fn drop(&mut self) {
        if let Err(error) = std::fs::remove_file(&self.0) {
            eprintln!("stream-bench: cannot delete {}: {error}", self.0.display());
        }
    }
}

/// The measurements of a round, in order: each case through ours, then through the official SDK.
const CASES: [(&str, &str); 6] = [
    ("download", "ours"),
    ("download", "official"),
    ("upload", "ours"),
    ("upload", "official"),
    ("multipart", "ours"),
    ("multipart", "official"),
];

/// What one child reported.
#[derive(Debug, Clone, Copy)]
struct Measurement {
    seconds: f64,
    setup_hwm_kib: u64,
    vmhwm_kib: u64,
}

impl Measurement {
    fn mib_per_s(&self) -> f64 {
        OBJECT_SIZE as f64 / MIB / self.seconds
    }
}

/// Runs one measurement in a fresh child process.
fn measure(exe: &Path, who: &str, what: &str, url: &str, file: &Path) -> Result<Measurement, String> {
    let mut command = Command::new(exe);
    command.args(["client", who, what, url]);
    if what != "download" {
        command.arg(file);
    }
    let output = command.output().map_err(|error| format!("cannot run {}: {error}", exe.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!("{who} {what} failed ({}): {}{}", output.status, stderr.trim(), stdout.trim()));
    }
    // Whatever a client logs goes to stderr; pass it on.
    eprint!("{stderr}");
    let field = |name: &str| -> Result<&str, String> {
        stdout
            .split_whitespace()
            .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
            .ok_or_else(|| format!("{who} {what}: no {name} in {stdout:?}"))
    };
    let parse_error = |name: &str| format!("{who} {what}: {name} is not a number in {stdout:?}");
    let bytes: u64 = field("bytes")?.parse().map_err(|_| parse_error("bytes"))?;
    if bytes != OBJECT_SIZE {
        return Err(format!("{who} {what} moved {bytes} bytes, not {OBJECT_SIZE}"));
    }
    Ok(Measurement {
        seconds: field("seconds")?.parse().map_err(|_| parse_error("seconds"))?,
        setup_hwm_kib: field("setup_hwm_kib")?.parse().map_err(|_| parse_error("setup_hwm_kib"))?,
        vmhwm_kib: field("vmhwm_kib")?.parse().map_err(|_| parse_error("vmhwm_kib"))?,
    })
}

fn median(values: impl IntoIterator<Item = f64>) -> f64 {
    let mut values: Vec<f64> = values.into_iter().collect();
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.len() % 2 == 1 {
        values[middle]
    } else {
        f64::midpoint(values[middle - 1], values[middle])
    }
}

/// The whole run: file, server, `rounds` interleaved rounds, then the table of medians.
fn drive(rounds: usize) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|error| format!("cannot find this program: {error}"))?;
    if cfg!(debug_assertions) {
        eprintln!("stream-bench: a debug build measures nothing useful: run it with --release");
    }
    eprintln!("stream-bench: writing the {} MiB upload file …", OBJECT_SIZE >> 20);
    let file = UploadFile::create()?;
    let url = start_server("0")?;
    eprintln!("stream-bench: server on {url}; {rounds} rounds, a fresh client process per measurement");

    let mut results: Vec<Vec<Measurement>> = vec![Vec::new(); CASES.len()];
    for round in 1..=rounds {
        for (index, (what, who)) in CASES.iter().enumerate() {
            let m = measure(&exe, who, what, &url, &file.0)?;
            eprintln!(
                "round {round}/{rounds}  {what:<9}  {who:<8}  {:>7.1} MiB/s  {:>6.3} s  peak RSS {:>6.1} MiB (setup {:.1})",
                m.mib_per_s(),
                m.seconds,
                m.vmhwm_kib as f64 / 1024.0,
                m.setup_hwm_kib as f64 / 1024.0,
            );
            results[index].push(m);
        }
    }

    let summary = |index: usize| {
        let runs = &results[index];
        let mib_s = median(runs.iter().map(Measurement::mib_per_s));
        let seconds = median(runs.iter().map(|m| m.seconds));
        let rss = median(runs.iter().map(|m| m.vmhwm_kib as f64 / 1024.0));
        let setup = median(runs.iter().map(|m| m.setup_hwm_kib as f64 / 1024.0));
        (mib_s, seconds, rss, setup)
    };
    println!();
    println!("{} MiB per transfer, {rounds} rounds, medians", OBJECT_SIZE >> 20);
    println!(
        "{:<9}  {:<8}  {:>8}  {:>7}  {:>12}  {:>9}  MiB/s per round",
        "case", "client", "MiB/s", "wall s", "peak RSS MiB", "setup MiB"
    );
    for (index, (what, who)) in CASES.iter().enumerate() {
        let (mib_s, seconds, rss, setup) = summary(index);
        let per_round: Vec<String> = results[index].iter().map(|m| format!("{:.0}", m.mib_per_s())).collect();
        println!(
            "{what:<9}  {who:<8}  {mib_s:>8.1}  {seconds:>7.3}  {rss:>12.1}  {setup:>9.1}  {}",
            per_round.join(" ")
        );
    }
    println!();
    println!(
        "{:<9}  {:>26}  {:>21}  target (ours < 64 MiB, ours >= official)",
        "case", "throughput ours/official", "peak RSS official/ours"
    );
    // In `CASES`, each case's official measurement comes right after ours.
    for (index, what) in [(0, "download"), (2, "upload"), (4, "multipart")] {
        let (ours_mib_s, _, ours_rss, _) = summary(index);
        let (official_mib_s, _, official_rss, _) = summary(index + 1);
        let verdict = |ok: bool| if ok { "yes" } else { "NO" };
        println!(
            "{what:<9}  {:>26.2}  {:>21.2}  RSS {}, speed {}",
            ours_mib_s / official_mib_s,
            official_rss / ours_rss,
            verdict(ours_rss < 64.0),
            verdict(ours_mib_s >= official_mib_s),
        );
    }
    drop(file);
    Ok(())
}
