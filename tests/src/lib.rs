//! Support for the tests in `tests/tests/`: where the workspace and `../shared`
//! are, and scratch cargo workspaces for compiling generated crates.
//!
//! The README is included below, so that its example is compiled and run as a doctest.
#![doc = ""]
#![doc = include_str!("../../README.md")]

pub mod idl_conformance;
pub mod moto;
pub mod protocol;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// `../shared` beside the checkout, if present.
///
/// A user's fresh clone has no `../shared`: the test then says visibly that it
/// skipped (and returns `None`). In CI (`CI` set) a missing `../shared` is a
/// failure, so nothing passes there silently.
pub fn shared_dir(test: &str) -> Option<PathBuf> {
    let shared = workspace_root().join("../shared");
    if shared.join("aws-models").is_dir() {
        return Some(shared);
    }
    skip(test, "../shared is missing", "../shared is not beside the checkout (it is in CI)");
    None
}

/// Says on stderr that `test` skipped, because of `why` (`SKIPPED <test>: <why>`); panics
/// instead when `CI` is set (`missing` is then the panic's reason), so that nothing passes
/// there silently.
pub(crate) fn skip(test: &str, missing: &str, why: &str) {
    assert!(std::env::var_os("CI").is_none(), "{test}: {missing}, and CI is set: this test must not be skipped in CI");
    // Written to stderr directly: libtest captures `eprintln!` of passing
    // tests, and a skip must be seen.
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {why}");
}

/// Makes sure cargo's cache holds every crate that the workspace in `dir` needs on this
/// host, so that a build there with `--offline` (as scratch builds are: no index update, and
/// the versions of the `Cargo.lock` copied in) finds them. A fresh `CARGO_HOME` has none of
/// them yet, nor of the ones only generated crates use (`flate2`'s `adler2`): `cargo fetch
/// --offline` answers from the cache alone, and only when it fails is the network used, by
/// `cargo fetch` itself, with the same lockfile.
pub fn fetch(dir: &Path) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let fetch = |offline: bool| -> Result<(bool, String), String> {
        let mut command = Command::new(&cargo);
        command.arg("fetch").current_dir(dir);
        if let Some(host) = host_triple() {
            command.args(["--target", host]);
        }
        if offline {
            command.arg("--offline");
        }
        let output = command.output().map_err(|e| format!("running cargo fetch in {}: {e}", dir.display()))?;
        Ok((output.status.success(), String::from_utf8_lossy(&output.stderr).into_owned()))
    };
    if fetch(true)?.0 {
        return Ok(());
    }
    match fetch(false)? {
        (true, _) => Ok(()),
        (false, stderr) => Err(format!("cargo fetch failed in {}:\n{stderr}", dir.display())),
    }
}

/// This machine's target triple (`rustc -vV`), so that `cargo fetch` skips other platforms'
/// crates; `None` (fetch for every platform) if rustc does not say.
fn host_triple() -> Option<&'static str> {
    static HOST: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    HOST.get_or_init(|| {
        let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
        let output = Command::new(rustc).arg("-vV").output().ok()?;
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        text.lines().find_map(|line| line.strip_prefix("host: ")).map(|host| host.trim().to_owned())
    })
    .as_deref()
}

/// A scratch cargo workspace under `target/scratch/<name>` whose members are
/// crates written there; it shares the workspace's `Cargo.lock`, so it builds
/// offline (after [`fetch`]) with the dependency versions the project pins.
#[derive(Debug)]
pub struct Scratch {
    root: PathBuf,
    members: Vec<String>,
    /// Whether [`fetch`] ran for the current members.
    fetched: AtomicBool,
}

impl Scratch {
    /// A fresh (emptied) scratch workspace.
    pub fn new(name: &str) -> Self {
        let root = workspace_root().join("target/scratch").join(name);
        if root.exists() {
            std::fs::remove_dir_all(&root).expect("remove old scratch workspace");
        }
        std::fs::create_dir_all(&root).expect("create scratch workspace");
        Self { root, members: Vec::new(), fetched: AtomicBool::new(false) }
    }

    /// The folder of a member crate.
    pub fn path(&self, member: &str) -> PathBuf {
        self.root.join(member)
    }

    /// Writes a generated crate as member `member`.
    pub fn add_generated(&mut self, member: &str, generated: &codegen::Generated) {
        generated.write(self.path(member)).expect("write generated crate");
        self.add_member(member);
    }

    /// Writes a hand-made member crate from (relative path, content) pairs.
    pub fn add_files(&mut self, member: &str, files: &[(&str, &str)]) {
        for (path, content) in files {
            let path = self.path(member).join(path);
            std::fs::create_dir_all(path.parent().expect("file has a parent")).expect("create dir");
            std::fs::write(&path, content).expect("write file");
        }
        self.add_member(member);
    }

    fn add_member(&mut self, member: &str) {
        self.members.push(member.to_owned());
        *self.fetched.get_mut() = false;
    }

    /// Runs `cargo <args>` in the scratch workspace (shared target dir
    /// `target/scratch-target`); panics with cargo's output on failure.
    pub fn cargo(&self, args: &[&str]) -> String {
        let (success, text) = self.cargo_output(args);
        assert!(success, "cargo {} failed in {}:\n{text}", args.join(" "), self.root.display());
        text
    }

    /// Runs `cargo <args>` and returns whether it succeeded, with its output.
    pub fn cargo_output(&self, args: &[&str]) -> (bool, String) {
        self.cargo_output_with_env(args, &[])
    }

    /// [`Scratch::cargo_output`] with these environment variables set for cargo and what it runs.
    pub fn cargo_output_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> (bool, String) {
        let members: Vec<String> = self.members.iter().map(|m| format!("{m:?}")).collect();
        let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
        std::fs::write(self.root.join("Cargo.toml"), manifest).expect("write scratch manifest");
        if !self.fetched.load(Ordering::Relaxed) {
            std::fs::copy(workspace_root().join("Cargo.lock"), self.root.join("Cargo.lock")).expect("copy Cargo.lock");
            if let Err(error) = fetch(&self.root) {
                return (false, error);
            }
            self.fetched.store(true, Ordering::Relaxed);
        }
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        // `--offline` goes right after the subcommand, before any `--` that
        // hands the rest to rustc or clippy.
        let (subcommand, rest) = args.split_first().expect("a cargo subcommand");
        let output = Command::new(cargo)
            .arg(subcommand)
            .arg("--offline")
            .args(rest)
            .current_dir(&self.root)
            .env("CARGO_TARGET_DIR", workspace_root().join("target/scratch-target"))
            // These crates are generated afresh for each run, so incremental state buys
            // little, and debug info is not read. Without them the shared target dir is
            // 0.8 GB after `cargo test`, not 4 GB.
            .env("CARGO_INCREMENTAL", "0")
            .env("CARGO_PROFILE_DEV_DEBUG", "0")
            .env_remove("RUSTFLAGS")
            .envs(env.iter().copied())
            .output()
            .expect("run cargo");
        let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        (output.status.success(), text)
    }
}
