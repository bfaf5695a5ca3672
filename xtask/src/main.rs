//! `cargo xtask`: the project's commands. `codegen` generates a crate from a
//! Smithy model (by default `model/` → `generated/`, operation `GetOtaTask`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// See `Cargo.toml`: generation is allocation-bound, and mimalloc halves that cost.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod bench;
mod corpus;

#[derive(Debug, Parser)]
#[command(name = "cargo xtask", about = "Project tasks for the Smithy → Rust code generator")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate a Rust crate from a Smithy JSON AST model.
    ///
    /// With no flags: reads `model/`, generates `GetOtaTask` into `generated/`.
    Codegen(CodegenArgs),
    /// Load every model of a folder (default `../shared/aws-models`), generate
    /// every JSON-protocol service, optionally `cargo check` them; print a table.
    Corpus(corpus::CorpusArgs),
    /// Generate and run the Smithy protocol compliance cases (restJson1, awsJson 1.0 and 1.1,
    /// restXml, awsQuery and ec2Query from `../shared/smithy/protocol-tests.json`); prints
    /// passed/total per protocol.
    ProtocolTests(ProtocolTestsArgs),
    /// Measure generation speed and memory on the corpus (prints figures for BENCHMARKS.md).
    Bench(bench::BenchArgs),
}

#[derive(Debug, clap::Args)]
struct CodegenArgs {
    /// A Smithy JSON AST file, or a folder of `.json` files.
    #[arg(long, value_name = "PATH")]
    model: Option<PathBuf>,
    /// An operation to generate (shape name or absolute shape id); repeatable.
    #[arg(long = "operation", value_name = "NAME_OR_SHAPE_ID")]
    operations: Vec<String>,
    /// Generate every operation of the service.
    #[arg(long, conflicts_with = "operations")]
    all: bool,
    /// The service to generate (name or shape id), when the model has several.
    #[arg(long)]
    service: Option<String>,
    /// The Cargo package name of the generated crate (default: the service's sdkId, kebab-cased).
    #[arg(long = "package-name")]
    package_name: Option<String>,
    /// Where to write the crate.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Change nothing; fail, naming every file that differs, if the output is stale.
    #[arg(long)]
    check: bool,
    /// The AWS partition table for endpoint resolution (default:
    /// `../shared/smithy/partitions.json` when it exists).
    #[arg(long, value_name = "FILE")]
    partitions: Option<PathBuf>,
}

/// The partition table to embed: the one given, else `../shared`'s if present.
pub(crate) fn partitions_file(given: Option<&Path>, root: &Path) -> Option<PathBuf> {
    match given {
        Some(path) => Some(path.to_owned()),
        None => Some(root.join("../shared/smithy/partitions.json")).filter(|p| p.is_file()),
    }
}

/// The workspace root: xtask lives one level below it.
fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Codegen(args) => codegen(args),
        Command::Corpus(args) => corpus::run(args, &workspace_root()),
        Command::Bench(args) => bench::run(args, &workspace_root()),
        Command::ProtocolTests(args) => protocol_tests(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn codegen(args: CodegenArgs) -> anyhow::Result<()> {
    let root = workspace_root();
    let default_run = args.model.is_none();
    let model = args.model.clone().unwrap_or_else(|| root.join("model"));
    let out = args.out.clone().unwrap_or_else(|| root.join("generated"));
    let mut settings = codegen::Settings::new(&model);
    let operations = if args.operations.is_empty() && !args.all {
        if !default_run {
            anyhow::bail!("choose what to generate: `--operation NAME` (repeatable) or `--all`");
        }
        vec!["GetOtaTask".to_owned()]
    } else {
        args.operations.clone()
    };
    for operation in operations {
        settings = settings.operation(operation);
    }
    if let Some(service) = &args.service {
        settings = settings.service(service);
    }
    if let Some(name) = &args.package_name {
        settings = settings.package_name(name);
    }
    if let Some(partitions) = partitions_file(args.partitions.as_deref(), &root) {
        settings = settings.partitions(partitions);
    }
    // EXPERIMENT, read here only: the schema-based reader measured in BENCHMARKS.md.
    // `1`: the codec as a trait object; `static`: as a type parameter.
    match std::env::var("CODEGEN_EXPERIMENT_SCHEMA").as_deref() {
        Ok("1") => settings = settings.experimental_schema_codec(true),
        Ok("static") => settings = settings.experimental_schema_codec(true).experimental_schema_static(true),
        _ => {}
    }
    let generated = settings.generate()?;
    for warning in generated.warnings() {
        eprintln!("warning: {warning}");
    }
    if args.check {
        let command = rerun_command(&args);
        generated.check(&out, &command)?;
        eprintln!("{}: up to date ({} files)", out.display(), generated.files().len());
        return Ok(());
    }
    let report = generated.write(&out)?;
    eprintln!(
        "{}: {} written, {} unchanged, {} removed",
        out.display(),
        report.written.len(),
        report.unchanged.len(),
        report.removed.len()
    );
    Ok(())
}

#[derive(Debug, clap::Args)]
struct ProtocolTestsArgs {
    /// Only these protocols (`restXml`, `awsQuery`, …; repeatable). Default: all.
    #[arg(long = "protocol", value_name = "NAME")]
    protocols: Vec<String>,
}

fn protocol_tests(args: &ProtocolTestsArgs) -> anyhow::Result<()> {
    let shared = workspace_root().join("../shared");
    if !shared.join("smithy/protocol-tests.json").exists() {
        anyhow::bail!("{} is missing: the compliance models live in ../shared/smithy", shared.display());
    }
    let results = codegen_tests::protocol::run_only(&shared, &args.protocols);
    print!("{}", codegen_tests::protocol::report(&results));
    let failed = results.iter().filter(|r| matches!(r.outcome, codegen_tests::protocol::Outcome::Failed(_))).count();
    if failed > 0 {
        anyhow::bail!("{failed} compliance cases failed");
    }
    Ok(())
}

/// The command that regenerates what `--check` compared, for its message.
fn rerun_command(args: &CodegenArgs) -> String {
    let mut command = String::from("cargo xtask codegen");
    if let Some(model) = &args.model {
        command.push_str(&format!(" --model {}", model.display()));
    }
    for operation in &args.operations {
        command.push_str(&format!(" --operation {operation}"));
    }
    if args.all {
        command.push_str(" --all");
    }
    if let Some(service) = &args.service {
        command.push_str(&format!(" --service {service}"));
    }
    if let Some(name) = &args.package_name {
        command.push_str(&format!(" --package-name {name}"));
    }
    if let Some(out) = &args.out {
        command.push_str(&format!(" --out {}", out.display()));
    }
    command
}
