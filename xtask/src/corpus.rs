//! `cargo xtask corpus`: load every model of a folder, generate every
//! service (all operations) into a scratch folder, optionally
//! `cargo check` the results, and print a table.

use std::collections::BTreeMap;
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

#[derive(Debug, clap::Args)]
pub(crate) struct CorpusArgs {
    /// The folder of Smithy JSON AST models.
    #[arg(long, value_name = "DIR")]
    models: Option<PathBuf>,
    /// Only these models (file name without `.json`, or a prefix of it); repeatable.
    #[arg(long, value_name = "NAME", num_args = 1..)]
    only: Vec<String>,
    /// Run `cargo check` on every generated crate (one shared target folder).
    #[arg(long)]
    check_compile: bool,
    /// Like `--check-compile`, with `cargo clippy --all-features` (the `client` feature too):
    /// a clippy warning counts as not clean.
    #[arg(long)]
    clippy: bool,
    /// Only the fixed sample that covers the corpus's naming and shape
    /// hazards (what CI compiles); see `SAMPLE` for why each is in it.
    #[arg(long, conflicts_with = "only")]
    sample: bool,
    /// Threads for generation (default: all cores).
    #[arg(long)]
    jobs: Option<usize>,
    /// Where the generated crates go.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// The models CI compiles, each for the hazards it carries (from the scan in
/// `../shared/docs/corpus-hazards.txt`); together they cover every shape kind,
/// the JSON, XML and query protocols and the naming obstacles the corpus holds.
pub(crate) const SAMPLE: &[(&str, &str)] = &[
    (
        "iot-managed-integrations-2025-03-03",
        "the target service: documents, deprecated members, resources-only operations",
    ),
    (
        "accessanalyzer-2019-11-01",
        "legacy @enum values that are not identifiers (`AWS::DynamoDB::Table`), members named `type`",
    ),
    (
        "api-gateway-2015-07-09",
        "enum values `0.5`/`1.6` (leading digits), httpQueryParams, blob payloads, `…Response` operation names",
    ),
    ("apigatewayv2-2018-11-29", "heavy jsonName use"),
    ("bcm-pricing-calculator-2024-06-19", "structures named like `<Op>Error`, recursion through `not`"),
    ("bedrock-runtime-2023-09-30", "restJson1 output event streams (ConverseStream), unions named `…Output`, documents"),
    ("cloudwatch-2010-08-01", "awsJson1_0 with awsQueryCompatible, @requestCompression (gzip)"),
    ("connectcases-2022-10-03", "@sparse lists and maps, recursive unions"),
    ("dataexchange-2017-07-25", "httpPrefixHeaders, including the empty prefix"),
    ("deadline-2023-10-12", "a shape from a second namespace, many non-zero defaults, @endpoint host prefixes"),
    ("dynamodb-2012-08-10", "awsJson1_0, recursive AttributeValue union through maps and lists"),
    ("ecs-2014-11-13", "awsJson1_1, members named `add`/`drop` (std trait method names)"),
    ("glacier-2012-06-01", "literal query strings in URIs, checksum headers"),
    ("guardduty-2017-11-28", "a shape named `Eq`, members named like std methods, jsonName"),
    ("imagebuilder-2019-12-02", "an enum value `Self`"),
    ("iot-2015-05-28", "`DeleteStream` vs `DeleteStream_` (collide after case conversion), greedy labels"),
    ("kinesis-2013-12-02", "awsJson1_1 output event stream with an initial-response (SubscribeToShard)"),
    ("kinesis-analytics-v2-2018-05-23", "an operation named like another's output (`DeleteApplicationOutput`)"),
    ("lambda-2015-03-31", "streaming blob payloads, response headers, status-code members, an @eventPayload blob event"),
    ("lex-runtime-service-2016-11-28", "base64 @mediaType headers, streaming input"),
    ("networkflowmonitor-2023-04-19", "a list of date-time timestamps"),
    ("pinpoint-sms-voice-2018-09-05", "shapes `String` and `__string` (collide after case conversion)"),
    ("simspaceweaver-2022-10-28", "legacy @enum members named UNKNOWN"),
    ("ssm-2014-11-06", "a member named `Safe`, @default(null) members, awsJson1_1 at scale"),
    ("transfer-2018-11-05", "shapes from another namespace (`com.amazonaws.necco.coral`)"),
    ("wickr-2024-02-01", "intEnum shapes"),
    (
        "s3-2006-03-01",
        "restXml at scale: noErrorWrapping, the bucket placed by the endpoint rules, structure and blob payloads, flattened lists, an unwrapped output, 200 responses that are errors",
    ),
    ("iam-2010-05-08", "awsQuery at scale: Marker/IsTruncated paginators, @awsQueryError codes"),
    ("sts-2011-06-15", "awsQuery: AssumeRole and the unsigned web-identity operations"),
    ("sns-2010-03-31", "awsQuery maps whose key and value have @xmlName (`Attributes.entry.N.key`, `MessageAttributes.entry.N.Name`)"),
];

/// One model's outcome.
#[derive(Debug, Clone, Default)]
pub(crate) struct Row {
    pub(crate) name: String,
    pub(crate) protocol: String,
    pub(crate) shapes: usize,
    pub(crate) generated: usize,
    pub(crate) skipped: usize,
    pub(crate) waiters: usize,
    pub(crate) waiters_skipped: usize,
    pub(crate) millis: u128,
    pub(crate) bytes: u64,
    pub(crate) outcome: Outcome,
    pub(crate) compile: Option<String>,
    pub(crate) timings: codegen::Timings,
    pub(crate) warnings: Vec<String>,
}

/// The protocols whose services are generated (the rest are only loaded).
const SERVED_PROTOCOLS: &[&str] = &["restJson1", "awsJson1_0", "awsJson1_1", "restXml", "awsQuery", "ec2Query"];

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) enum Outcome {
    #[default]
    Generated,
    /// No protocol the generator serves: loaded, not generated.
    Unserved,
    Failed(String),
    Panicked(String),
}

pub(crate) fn run(args: CorpusArgs, root: &Path) -> anyhow::Result<()> {
    let models_dir = args.models.clone().unwrap_or_else(|| root.join("../shared/aws-models"));
    let out = args.out.clone().unwrap_or_else(|| root.join("target/corpus"));
    let only: Vec<String> =
        if args.sample { SAMPLE.iter().map(|(name, _)| (*name).to_owned()).collect() } else { args.only.clone() };
    let models = list_models(&models_dir, &only)?;
    let jobs = args.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let started = Instant::now();
    let partitions = crate::partitions_file(None, root);
    let rows = generate_all(&models, &out, jobs, partitions.as_deref());
    let elapsed = started.elapsed();
    let mut rows = rows;
    if args.check_compile || args.clippy {
        check_compile(&out, root, &mut rows, args.clippy)?;
    }
    print_table(&rows);
    print_left_out(&rows);
    let panics = rows.iter().filter(|r| matches!(r.outcome, Outcome::Panicked(_))).count();
    let failures = rows.iter().filter(|r| matches!(r.outcome, Outcome::Failed(_))).count();
    let generated = rows.iter().filter(|r| r.outcome == Outcome::Generated).count();
    let unserved = rows.iter().filter(|r| r.outcome == Outcome::Unserved).count();
    let compile_failures = rows.iter().filter(|r| r.compile.as_deref().is_some_and(|c| c != "ok")).count();
    let ops: usize = rows.iter().map(|r| r.generated).sum();
    let skipped: usize = rows.iter().map(|r| r.skipped).sum();
    let waiters: usize = rows.iter().map(|r| r.waiters).sum();
    let waiters_skipped: usize = rows.iter().map(|r| r.waiters_skipped).sum();
    println!(
        "\n{} models in {:.1}s ({jobs} threads): {generated} generated ({ops} operations, {skipped} left out; {waiters} waiters, {waiters_skipped} left out), {unserved} on no served protocol, {failures} failed, {panics} panicked{}",
        rows.len(),
        elapsed.as_secs_f64(),
        if args.check_compile || args.clippy {
            format!(", {compile_failures} did not compile cleanly")
        } else {
            String::new()
        }
    );
    if panics + failures + compile_failures > 0 {
        bail!("the corpus run found problems (see the table)");
    }
    Ok(())
}

fn list_models(dir: &Path, only: &[String]) -> anyhow::Result<Vec<PathBuf>> {
    let mut models = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json") {
            let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            if only.is_empty() || only.iter().any(|o| stem.starts_with(o.as_str())) {
                models.push(path);
            }
        }
    }
    models.sort();
    if models.is_empty() {
        bail!("no models matched in {}", dir.display());
    }
    Ok(models)
}

/// Generates every model on `jobs` threads, showing progress on stderr.
pub(crate) fn generate_all(models: &[PathBuf], out: &Path, jobs: usize, partitions: Option<&Path>) -> Vec<Row> {
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let rows = Mutex::new(Vec::new());
    // Panics are caught and reported per model; keep the default hook quiet meanwhile.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    std::thread::scope(|scope| {
        for _ in 0..jobs.max(1) {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(model) = models.get(index) else { break };
                let row = generate_one(model, out, partitions);
                let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
                eprint!("\r\x1b[2K[{finished:>3}/{}] {}", models.len(), row.name);
                let _ = std::io::stderr().flush();
                if let Ok(mut rows) = rows.lock() {
                    rows.push(row);
                }
            });
        }
    });
    std::panic::set_hook(hook);
    eprintln!();
    let mut rows = rows.into_inner().unwrap_or_default();
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    rows
}

fn generate_one(model: &Path, out: &Path, partitions: Option<&Path>) -> Row {
    let name = model.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let started = Instant::now();
    let mut settings = codegen::Settings::new(model).package_name(&name);
    if let Some(partitions) = partitions {
        settings = settings.partitions(partitions);
    }
    let result = catch_unwind(AssertUnwindSafe(|| settings.generate()));
    let mut row = Row { name: name.clone(), millis: started.elapsed().as_millis(), ..Row::default() };
    match result {
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            row.outcome = Outcome::Panicked(message);
        }
        Ok(Err(error)) => row.outcome = Outcome::Failed(first_line(&error.to_string())),
        Ok(Ok(generated)) => {
            let summary = generated.summary();
            row.protocol = summary.protocol.clone();
            row.shapes = summary.shapes;
            row.generated = summary.operations_generated;
            row.skipped = summary.operations_skipped;
            row.waiters = summary.waiters_generated;
            row.waiters_skipped = summary.waiters_skipped;
            row.bytes = generated.timings().output_bytes;
            row.timings = generated.timings().clone();
            row.warnings = generated.warnings().to_vec();
            if !SERVED_PROTOCOLS.contains(&summary.protocol.as_str()) {
                row.outcome = Outcome::Unserved;
            } else if let Err(error) = generated.write(out.join(&name)) {
                row.outcome = Outcome::Failed(first_line(&error.to_string()));
            }
        }
    }
    row
}

fn first_line(text: &str) -> String {
    let mut lines = text.lines();
    let first = lines.next().unwrap_or_default().to_owned();
    match lines.next() {
        Some(second) => format!("{first} {}", second.trim()),
        None => first,
    }
}

/// `cargo check` (or `cargo clippy --all-features`) over all generated crates in one
/// workspace; each crate's result is read from cargo's JSON messages.
fn check_compile(out: &Path, root: &Path, rows: &mut [Row], clippy: bool) -> anyhow::Result<()> {
    let members: Vec<String> =
        rows.iter().filter(|r| r.outcome == Outcome::Generated).map(|r| format!("{:?}", r.name)).collect();
    if members.is_empty() {
        return Ok(());
    }
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
    std::fs::write(out.join("Cargo.toml"), manifest)?;
    // The project's lockfile, wherever `--out` is: the same versions as the project's builds.
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).context("copying Cargo.lock")?;
    // The build is `--offline` (the lockfile's versions, no index update): first make sure
    // the cache has the crates, as a fresh CARGO_HOME does not.
    codegen_tests::fetch(out).map_err(anyhow::Error::msg)?;
    let command: &[&str] = if clippy { &["clippy", "--all-features"] } else { &["check"] };
    eprintln!("cargo {} of {} crates…", command.join(" "), members.len());
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(command)
        .args(["--workspace", "--keep-going", "--offline", "--message-format=json"])
        .current_dir(out)
        .env("CARGO_TARGET_DIR", out.join("target"))
        // A one-off check of fresh crates: incremental state would only take disk.
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .context("running cargo check")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut warnings: BTreeMap<String, usize> = BTreeMap::new();
    let mut errors: BTreeMap<String, usize> = BTreeMap::new();
    let mut first_message: BTreeMap<String, String> = BTreeMap::new();
    for line in stdout.lines() {
        let Ok(message) = serde_json_line(line) else { continue };
        if message.0 != "compiler-message" {
            continue;
        }
        let krate = message.1;
        let counter = match message.2.as_str() {
            "warning" => &mut warnings,
            "error" => &mut errors,
            _ => continue,
        };
        *counter.entry(krate.clone()).or_default() += 1;
        first_message.entry(krate).or_insert(message.3);
    }
    for row in rows.iter_mut().filter(|r| r.outcome == Outcome::Generated) {
        let key = row.name.replace('-', "_");
        let e = errors.get(&key).copied().unwrap_or(0);
        let w = warnings.get(&key).copied().unwrap_or(0);
        row.compile = Some(match (e, w) {
            (0, 0) => "ok".to_owned(),
            _ => format!("{e} errors, {w} warnings: {}", first_message.get(&key).cloned().unwrap_or_default()),
        });
    }
    if !output.status.success() && errors.is_empty() {
        bail!("cargo check failed:\n{}", String::from_utf8_lossy(&output.stderr));
    }
    Ok(())
}

/// (reason, crate name, level, first line of the rendered message) of one
/// line of cargo's JSON output.
fn serde_json_line(line: &str) -> Result<(String, String, String, String), ()> {
    let value: serde_json::Value = serde_json::from_str(line).map_err(|_| ())?;
    let reason = value.get("reason").and_then(|v| v.as_str()).ok_or(())?.to_owned();
    let target = value.get("target").and_then(|t| t.get("name")).and_then(|n| n.as_str()).unwrap_or("").to_owned();
    let message = value.get("message");
    let level = message.and_then(|m| m.get("level")).and_then(|l| l.as_str()).unwrap_or("").to_owned();
    let rendered = message
        .and_then(|m| m.get("rendered"))
        .and_then(|r| r.as_str())
        .map(|r| r.lines().take(2).collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    Ok((reason, target, level, rendered))
}

fn print_table(rows: &[Row]) {
    println!(
        "{:<44} {:<11} {:>6} {:>9} {:>7} {:>10}  result",
        "service", "protocol", "shapes", "ops/skip", "gen ms", "bytes"
    );
    for row in rows {
        let result = match &row.outcome {
            Outcome::Generated => {
                row.compile.clone().map_or_else(|| "generated".to_owned(), |c| format!("compile: {c}"))
            }
            Outcome::Unserved => "loaded (no protocol the generator serves: not generated)".to_owned(),
            Outcome::Failed(e) => format!("FAILED: {e}"),
            Outcome::Panicked(e) => format!("PANICKED: {e}"),
        };
        println!(
            "{:<44} {:<11} {:>6} {:>9} {:>7} {:>10}  {result}",
            row.name,
            row.protocol,
            row.shapes,
            format!("{}/{}", row.generated, row.skipped),
            row.millis,
            row.bytes
        );
    }
}

/// Why operations were left out, grouped by reason (names stripped).
fn print_left_out(rows: &[Row]) {
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    for warning in rows.iter().flat_map(|r| &r.warnings) {
        let reason = warning.split_once(" is left out: ").map_or(warning.as_str(), |(_, why)| why);
        let mut generic = String::new();
        for (index, part) in reason.split('`').enumerate() {
            generic.push_str(if index % 2 == 1 { "`…`" } else { part });
        }
        *reasons.entry(generic).or_default() += 1;
    }
    if reasons.is_empty() {
        return;
    }
    let mut sorted: Vec<(String, usize)> = reasons.into_iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    println!("\nleft out, by reason:");
    for (reason, count) in sorted {
        println!("{count:>6}  {reason}");
    }
}

/// Sums the stage timings of all rows.
pub(crate) fn total_timings(rows: &[Row]) -> (codegen::Timings, Duration) {
    let mut total = codegen::Timings::default();
    for row in rows {
        let t = &row.timings;
        total.parse += t.parse;
        total.convert += t.convert;
        total.validate += t.validate;
        total.lower += t.lower;
        total.emit += t.emit;
        total.format += t.format;
        total.model_bytes += t.model_bytes;
        total.output_bytes += t.output_bytes;
    }
    let sum = total.parse + total.convert + total.validate + total.lower + total.emit + total.format;
    (total, sum)
}
