//! Generates a self-contained Rust crate from a Smithy 2.0 model (JSON AST or IDL).
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! idl ─▶ model::assemble ─▶ model::load ─▶ validate ─▶ select ─▶ ir::lower ─▶ emit ─▶ write::render ─▶ write / check
//! .smithy  merge files       typed shapes   problems    closure    Rust IR      tokens   prettyplease     atomic swap
//!  → JSON AST  (+ .json)     mixins, apply
//! ```
//!
//! [`Settings`] is the API; `cargo xtask codegen` only maps its flags onto it.
//!
//! ```no_run
//! let generated = codegen::Settings::new("model/")
//!     .operation("GetOtaTask")
//!     .generate()?;
//! generated.write("generated/")?;
//! # Ok::<(), codegen::Error>(())
//! ```
#![deny(missing_docs)]

mod emit;
pub mod endpoint_bindings;
mod error;
mod idl;
mod ir;
pub mod jmespath;
mod model;
pub mod protocol_tests;
#[cfg(test)]
mod runtime;
mod select;
mod validate;
mod write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use error::{Error, Problem};
pub use write::WriteReport;

/// What to generate: the model, the service and operations, the crate name.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Model files and folders, merged.
    models: Vec<PathBuf>,
    service: Option<String>,
    operations: Vec<String>,
    package: Option<String>,
    partitions: Option<PathBuf>,
}

impl Settings {
    /// Generate from `model`: one Smithy JSON AST (`.json`) or IDL (`.smithy`)
    /// file, or a folder of them (merged as the Smithy CLI merges them).
    /// By default every operation of the model's only service is generated.
    pub fn new(model: impl Into<PathBuf>) -> Self {
        Self { models: vec![model.into()], service: None, operations: Vec::new(), package: None, partitions: None }
    }

    /// Adds another model file or folder, merged with the others (as the
    /// Smithy CLI merges the files of a model).
    pub fn model(mut self, model: impl Into<PathBuf>) -> Self {
        self.models.push(model.into());
        self
    }

    /// Picks the service (shape name or absolute id) when the model has several.
    pub fn service(mut self, service: impl Into<String>) -> Self {
        self.service = Some(service.into());
        self
    }

    /// Adds an operation (shape name or absolute id) to generate. Without
    /// any, every operation of the service is generated.
    pub fn operation(mut self, operation: impl Into<String>) -> Self {
        self.operations.push(operation.into());
        self
    }

    /// The Cargo package name; defaults to the service's `sdkId` in kebab case.
    pub fn package_name(mut self, name: impl Into<String>) -> Self {
        self.package = Some(name.into());
        self
    }

    /// The AWS partition table (`partitions.json`, as used by the endpoint
    /// rules' `aws.partition`). With it, a service that has endpoint rules gets
    /// an `endpoint` module that resolves them; without it, none.
    pub fn partitions(mut self, path: impl Into<PathBuf>) -> Self {
        self.partitions = Some(path.into());
        self
    }

    /// Runs the pipeline in memory; nothing is written.
    pub fn generate(&self) -> Result<Generated, Error> {
        let mut timings = Timings::default();
        let model = model::load::load(&self.models, &mut timings)?;
        generate_from(&model, self, timings)
    }

    /// Like [`Settings::generate`], from model text instead of a file (`file`
    /// is used in messages only).
    pub fn generate_from_str(&self, file: impl AsRef<Path>, text: &str) -> Result<Generated, Error> {
        let mut timings = Timings { model_bytes: text.len() as u64, ..Timings::default() };
        let started = Instant::now();
        let model = model::load::load_str(file.as_ref(), text)?;
        timings.parse = started.elapsed();
        generate_from(&model, self, timings)
    }
}

impl Settings {
    /// Generates the service's crate and, from the model's
    /// `smithy.test#httpRequestTests`/`httpResponseTests` client cases, a Rust
    /// test file that checks it (see [`protocol_tests`]).
    pub fn protocol_tests(&self) -> Result<protocol_tests::ProtocolTests, Error> {
        let mut timings = Timings::default();
        let model = model::load::load(&self.models, &mut timings)?;
        let (generated, krate) = generate_with_ir(&model, self, timings)?;
        protocol_tests::generate(&model, self, generated, &krate)
    }
}

impl Settings {
    /// The endpoint-parameter bindings the generator decides for the selected operations (all of
    /// them, generated or not: a restXml service's too), in model terms, without emitting
    /// anything; empty when the service has no endpoint rules. For checking the decisions
    /// against the models' own endpoint test cases (`operationInputs`).
    pub fn endpoint_bindings(&self) -> Result<endpoint_bindings::EndpointBindings, Error> {
        let mut timings = Timings::default();
        let model = model::load::load(&self.models, &mut timings)?;
        validate::validate(&model)?;
        let selection = select::select(&model, self.service.as_deref(), &self.operations)?;
        // The partition table only matters to the emitted resolver.
        let partitions = self.partitions_json()?.unwrap_or_else(|| "{}".to_owned());
        let krate = ir::lower::lower(&model, &selection, self.package.as_deref(), Some(&partitions))?;
        Ok(krate.endpoint.map(|endpoint| endpoint.bindings).unwrap_or_default())
    }

    /// The partition table as compact JSON (the generated crate embeds it), if one was given.
    fn partitions_json(&self) -> Result<Option<String>, Error> {
        let Some(path) = &self.partitions else { return Ok(None) };
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| Error::Json {
            file: path.clone(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        Ok(Some(value.to_string()))
    }
}

/// The model files and folders `paths` (`.json` JSON AST and `.smithy` IDL)
/// merged into one Smithy JSON AST document, as `smithy ast` prints it: IDL
/// resolved to absolute shape ids, `apply` merged into the shapes, mixins
/// left as they are. Fails as generation would on a model that does not load.
pub fn ast(paths: &[PathBuf]) -> Result<serde_json::Value, Error> {
    model::load::load_ast(paths)
}

fn generate_from(model: &model::Model, settings: &Settings, timings: Timings) -> Result<Generated, Error> {
    generate_with_ir(model, settings, timings).map(|(generated, _)| generated)
}

fn generate_with_ir(
    model: &model::Model,
    settings: &Settings,
    mut timings: Timings,
) -> Result<(Generated, ir::RustCrate), Error> {
    let started = Instant::now();
    validate::validate(model)?;
    let selection = select::select(model, settings.service.as_deref(), &settings.operations)?;
    timings.validate = started.elapsed();
    let started = Instant::now();
    let partitions = settings.partitions_json()?;
    let krate = ir::lower::lower(model, &selection, settings.package.as_deref(), partitions.as_deref())?;
    timings.lower = started.elapsed();
    let started = Instant::now();
    let tokens = emit::emit(&krate);
    timings.emit = started.elapsed();
    let started = Instant::now();
    let files = write::render(tokens)?;
    timings.format = started.elapsed();
    timings.output_bytes = files.values().map(|text| text.len() as u64).sum();
    let waiters_generated = krate.operations.iter().map(|op| op.waiters.len()).sum();
    let waiters_modeled: usize = selection
        .operations
        .iter()
        .filter_map(|op| op.traits.get(model::traits::ids::WAITABLE)?.as_object().map(serde_json::Map::len))
        .sum();
    let summary = Summary {
        service: selection.service.id.to_string(),
        protocol: krate.service.protocol_name.clone(),
        shapes: model.shapes.values().filter(|s| !s.id.is_prelude()).count(),
        operations_generated: krate.operations.len(),
        operations_skipped: selection.operations.len().saturating_sub(krate.operations.len()),
        waiters_generated,
        waiters_skipped: waiters_modeled.saturating_sub(waiters_generated),
    };
    let generated = Generated { files, warnings: krate.warnings.clone(), timings, summary };
    Ok((generated, krate))
}

/// Where generation spent its time, and how much it read and wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timings {
    /// Reading the model files and parsing their JSON.
    pub parse: Duration,
    /// Turning JSON into typed shapes (mixins, `apply`).
    pub convert: Duration,
    /// Validating the model and selecting the operations.
    pub validate: Duration,
    /// Lowering to the Rust IR.
    pub lower: Duration,
    /// Emitting tokens.
    pub emit: Duration,
    /// Parsing the tokens with syn and formatting them with prettyplease.
    pub format: Duration,
    /// Bytes of model JSON read.
    pub model_bytes: u64,
    /// Bytes of Rust and TOML produced.
    pub output_bytes: u64,
}

/// What a generation covered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// The service's shape id.
    pub service: String,
    /// The wire protocol, as its Smithy trait name (`restJson1`), or `none`.
    pub protocol: String,
    /// Shapes in the model, the prelude excluded.
    pub shapes: usize,
    /// Operations generated.
    pub operations_generated: usize,
    /// Operations selected but left out (see [`Generated::warnings`]).
    pub operations_skipped: usize,
    /// `wait_until_*` methods generated.
    pub waiters_generated: usize,
    /// Waiters of the selected operations left out: their operation is, or a path could not be
    /// typed (see [`Generated::warnings`]).
    pub waiters_skipped: usize,
}

/// A generated crate, in memory.
#[derive(Debug, Clone)]
pub struct Generated {
    files: BTreeMap<PathBuf, String>,
    warnings: Vec<String>,
    timings: Timings,
    summary: Summary,
}

impl Generated {
    /// Every file: path relative to the crate root → content.
    pub fn files(&self) -> &BTreeMap<PathBuf, String> {
        &self.files
    }

    /// What was left out, and why (operations the generator cannot serve yet).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Where the time went.
    pub fn timings(&self) -> &Timings {
        &self.timings
    }

    /// The service, its protocol, and the operations generated and left out.
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// Writes the crate to `out`, replacing what was there in one step; files
    /// that did not change are not touched.
    pub fn write(&self, out: impl AsRef<Path>) -> Result<WriteReport, Error> {
        write::write(out.as_ref(), &self.files)
    }

    /// Checks that `out` holds exactly these files; the error lists every
    /// difference and names `command` as the fix.
    pub fn check(&self, out: impl AsRef<Path>, command: &str) -> Result<(), Error> {
        write::check(out.as_ref(), &self.files, command)
    }
}
