//! The Smithy IDL conformance suite (`../shared/smithy/latest/idl-conformance`),
//! as the reference implementation runs it: each `valid/` file, loaded with
//! `valid/__shared.json`, must give the same model as its `.json` twin (and, when
//! there is one, its `.flattened.smithy` twin once mixins are flattened); each
//! `invalid/` file must be rejected, at the line its first-line comment names.
//!
//! Models are compared as models: key order, the `smithy` version, empty
//! `traits`/`members` and the number type (`1` vs `1.0`) aside. Members are
//! compared after flattening mixins, since the reference JSON sometimes leaves
//! out a member that only restates an inherited one.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

/// Cases that fail, each with why; keep it short.
pub const EXPECTED_FAILURES: &[(&str, &str)] = &[(
    "valid/traits.smithy",
    "holds the number 1.7976931348623157E+309, beyond a double: serde_json (without its arbitrary_precision \
     feature, which would change every number the generator reads) cannot represent it, so the reader \
     reports it as out of range",
)];

/// How one case went.
#[derive(Debug)]
pub enum Outcome {
    /// As the suite expects.
    Passed,
    /// Not as expected: what differed.
    Failed(String),
    /// Failed, and listed in [`EXPECTED_FAILURES`] with this reason.
    ExpectedFailure(&'static str),
}

/// One `.smithy` file of the suite.
#[derive(Debug)]
pub struct Case {
    /// Relative to the suite folder (`valid/…`, `invalid/…`).
    pub name: String,
    /// Whether the file must load (`valid/`) or be rejected (`invalid/`).
    pub valid: bool,
    /// The result.
    pub outcome: Outcome,
}

/// Runs every case of the suite under `shared`.
pub fn run(shared: &Path) -> Vec<Case> {
    let suite = shared.join("smithy/latest/idl-conformance");
    let shared_json = suite.join("valid/__shared.json");
    let mut cases = Vec::new();
    for (folder, valid) in [("valid", true), ("invalid", false)] {
        for file in smithy_files(&suite.join(folder)) {
            if file.to_string_lossy().ends_with(".flattened.smithy") {
                continue;
            }
            let name = file.strip_prefix(&suite).unwrap_or(&file).to_string_lossy().replace('\\', "/");
            let result = if valid { check_valid(&file, &shared_json) } else { check_invalid(&file, &shared_json) };
            let outcome = match (result, EXPECTED_FAILURES.iter().find(|(case, _)| *case == name)) {
                (Ok(()), None) => Outcome::Passed,
                (Ok(()), Some(_)) => Outcome::Failed("passes, but is listed as an expected failure".to_owned()),
                (Err(_), Some((_, reason))) => Outcome::ExpectedFailure(reason),
                (Err(why), None) => Outcome::Failed(why),
            };
            cases.push(Case { name, valid, outcome });
        }
    }
    cases
}

/// `valid: passed/total`, `invalid: passed/total`, then every failure.
pub fn report(cases: &[Case]) -> String {
    let mut text = String::new();
    for (valid, label) in [(true, "valid"), (false, "invalid")] {
        let of_kind: Vec<&Case> = cases.iter().filter(|c| c.valid == valid).collect();
        let passed = of_kind.iter().filter(|c| matches!(c.outcome, Outcome::Passed)).count();
        text.push_str(&format!("{label}: {passed}/{} passed\n", of_kind.len()));
    }
    for case in cases {
        match &case.outcome {
            Outcome::Passed => {}
            Outcome::ExpectedFailure(reason) => text.push_str(&format!("expected failure {}: {reason}\n", case.name)),
            Outcome::Failed(why) => text.push_str(&format!("FAILED {}: {why}\n", case.name)),
        }
    }
    text
}

/// Every `.smithy` file under `folder`, in path order.
pub fn smithy_files(folder: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut folders = vec![folder.to_owned()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|ext| ext == "smithy") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn load(file: &Path, shared_json: &Path) -> Result<Value, String> {
    codegen::ast(&[file.to_owned(), shared_json.to_owned()]).map_err(|e| e.to_string())
}

fn check_valid(file: &Path, shared_json: &Path) -> Result<(), String> {
    let actual = load(file, shared_json)?;
    let json = file.with_extension("json");
    if json.is_file() {
        let expected = load(&json, shared_json).map_err(|e| format!("the expected JSON does not load: {e}"))?;
        compare(&normalize(&expected, false), &normalize(&actual, false))?;
    }
    let flattened = file.with_extension("flattened.smithy");
    if flattened.is_file() {
        let expected = load(&flattened, shared_json).map_err(|e| format!("the flattened twin does not load: {e}"))?;
        compare(&normalize(&expected, true), &normalize(&actual, true)).map_err(|e| format!("flattened: {e}"))?;
    }
    Ok(())
}

fn check_invalid(file: &Path, shared_json: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
    let expectation = text.lines().next().unwrap_or_default().trim_start_matches('/').trim().to_owned();
    let expected_line = expectation
        .split_once("at line ")
        .and_then(|(_, rest)| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|digits| digits.parse::<usize>().ok());
    let error = match codegen::ast(&[file.to_owned(), shared_json.to_owned()]) {
        Ok(_) => return Err(format!("loads, but should fail with: {expectation}")),
        Err(error) => error,
    };
    match (expected_line, &error) {
        (None, _) => Ok(()),
        (Some(expected), codegen::Error::Idl { line, .. }) if *line == expected => Ok(()),
        (Some(expected), _) => Err(format!("expected an error at line {expected} ({expectation}), got: {error}")),
    }
}

fn compare(expected: &Map<String, Value>, actual: &Map<String, Value>) -> Result<(), String> {
    for (id, shape) in expected {
        match actual.get(id) {
            None => return Err(format!("shape `{id}` is missing")),
            Some(other) if other != shape => {
                return Err(format!("shape `{id}` differs:\n  expected {shape}\n  actual   {other}"))
            }
            Some(_) => {}
        }
    }
    if let Some(extra) = actual.keys().find(|id| !expected.contains_key(*id)) {
        return Err(format!("shape `{extra}` should not be there"));
    }
    Ok(())
}

/// The document's shapes in a comparable form: prelude shapes and empty parts
/// left out, numbers as doubles, members flattened over mixins. With
/// `drop_mixins`, shape traits are flattened too and mixin shapes dropped (the
/// form of a `.flattened.smithy` twin).
fn normalize(document: &Value, drop_mixins: bool) -> Map<String, Value> {
    let empty = Map::new();
    let shapes = document.get("shapes").and_then(Value::as_object).unwrap_or(&empty);
    let mut out = Map::new();
    for (id, shape) in shapes {
        if id.starts_with("smithy.api#") {
            continue;
        }
        let Some(shape) = shape.as_object() else { continue };
        if drop_mixins && shape.get("traits").and_then(|t| t.get("smithy.api#mixin")).is_some() {
            continue;
        }
        let mut shape = shape.clone();
        for (name, member) in flattened_members(shapes, id, 0) {
            match shape.get("type").and_then(Value::as_str) {
                Some("list" | "set" | "map") => shape.insert(name, member),
                _ => {
                    let members = shape.entry("members").or_insert_with(|| Value::Object(Map::new()));
                    members.as_object_mut().and_then(|m| m.insert(name, member))
                }
            };
        }
        if shape.get("type").and_then(Value::as_str) == Some("operation") {
            for key in ["input", "output"] {
                shape.entry(key).or_insert_with(|| serde_json::json!({"target": "smithy.api#Unit"}));
            }
        }
        if drop_mixins
            && matches!(shape.get("type").and_then(Value::as_str), Some("service" | "resource" | "operation"))
        {
            shape.extend(flattened_properties(shapes, id, 0));
        }
        if drop_mixins {
            shape.insert("traits".to_owned(), Value::Object(flattened_traits(shapes, id, 0)));
            shape.remove("mixins");
        }
        out.insert(id.clone(), tidy(Value::Object(shape)));
    }
    out
}

/// Members of shape `id` with what its mixins bring (their traits under the shape's own).
fn flattened_members(shapes: &Map<String, Value>, id: &str, depth: usize) -> Vec<(String, Value)> {
    let Some(shape) = shapes.get(id) else { return Vec::new() };
    let mut members: Vec<(String, Value)> = Vec::new();
    let mut add = |name: &str, member: &Value| match members.iter_mut().find(|(n, _)| n == name) {
        Some((_, existing)) => {
            let mut traits = existing.get("traits").and_then(Value::as_object).cloned().unwrap_or_default();
            traits.extend(member.get("traits").and_then(Value::as_object).cloned().unwrap_or_default());
            *existing = member.clone();
            existing["traits"] = Value::Object(traits);
        }
        None => members.push((name.to_owned(), member.clone())),
    };
    if depth < 32 {
        for mixin in shape.get("mixins").and_then(Value::as_array).into_iter().flatten() {
            let Some(mixin_id) = mixin.get("target").and_then(Value::as_str) else { continue };
            for (name, member) in flattened_members(shapes, mixin_id, depth + 1) {
                add(&name, &member);
            }
        }
    }
    for (name, member) in shape.get("members").and_then(Value::as_object).into_iter().flatten() {
        add(name, member);
    }
    for name in ["member", "key", "value"] {
        if let Some(member) = shape.get(name) {
            add(name, member);
        }
    }
    members
}

/// Service, resource and operation properties with the mixins': lists
/// concatenated (the mixins' first), objects merged, the shape's own values winning.
fn flattened_properties(shapes: &Map<String, Value>, id: &str, depth: usize) -> Map<String, Value> {
    let Some(shape) = shapes.get(id).and_then(Value::as_object) else { return Map::new() };
    let mut properties = Map::new();
    let mut add = |key: &str, value: &Value| match (properties.get_mut(key), value) {
        (Some(Value::Array(existing)), Value::Array(more)) => existing.extend(more.iter().cloned()),
        (Some(Value::Object(existing)), Value::Object(more)) => existing.extend(more.clone()),
        _ => {
            properties.insert(key.to_owned(), value.clone());
        }
    };
    if depth < 32 {
        for mixin in shape.get("mixins").and_then(Value::as_array).into_iter().flatten() {
            if let Some(mixin_id) = mixin.get("target").and_then(Value::as_str) {
                for (key, value) in flattened_properties(shapes, mixin_id, depth + 1) {
                    add(&key, &value);
                }
            }
        }
    }
    for (key, value) in shape {
        if !matches!(key.as_str(), "type" | "traits" | "mixins" | "members" | "member" | "key" | "value") {
            add(key, value);
        }
    }
    properties
}

/// Shape traits with the inherited ones (not `@mixin` nor a mixin's `localTraits`).
fn flattened_traits(shapes: &Map<String, Value>, id: &str, depth: usize) -> Map<String, Value> {
    let Some(shape) = shapes.get(id) else { return Map::new() };
    let mut traits = Map::new();
    if depth < 32 {
        for mixin in shape.get("mixins").and_then(Value::as_array).into_iter().flatten() {
            let Some(mixin_id) = mixin.get("target").and_then(Value::as_str) else { continue };
            let mut inherited = flattened_traits(shapes, mixin_id, depth + 1);
            let own = shapes.get(mixin_id).and_then(|m| m.get("traits"));
            let local: Vec<String> = own
                .and_then(|t| t.get("smithy.api#mixin"))
                .and_then(|m| m.get("localTraits"))
                .and_then(Value::as_array)
                .map(|list| list.iter().filter_map(|t| t.as_str().map(str::to_owned)).collect())
                .unwrap_or_default();
            inherited.remove("smithy.api#mixin");
            for id in local {
                inherited.remove(&id);
            }
            traits.extend(inherited);
        }
    }
    traits.extend(shape.get("traits").and_then(Value::as_object).cloned().unwrap_or_default());
    traits
}

/// Empty `traits`, `members` and `mixins` dropped, numbers as doubles.
fn tidy(value: Value) -> Value {
    match value {
        Value::Number(n) => n.as_f64().and_then(serde_json::Number::from_f64).map_or(Value::Number(n), Value::Number),
        Value::Array(items) => Value::Array(items.into_iter().map(tidy).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(key, value)| {
                    let empty =
                        value.as_object().is_some_and(Map::is_empty) || value.as_array().is_some_and(Vec::is_empty);
                    !(empty && matches!(key.as_str(), "traits" | "members" | "mixins" | "errors"))
                })
                .map(|(key, value)| (key, tidy(value)))
                .collect(),
        ),
        other => other,
    }
}
