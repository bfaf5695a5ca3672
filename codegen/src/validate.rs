//! Model checks that run before any Rust is decided: every problem is
//! collected and reported at once, each naming the file, shape and member.

use serde_json::Value;

use crate::error::{Error, Problems};
use crate::model::traits::ids;
use crate::model::{Location, Member, Model, Shape, ShapeKind, Simple};

/// Checks every shape of the model (not just the selected ones: a broken
/// model is reported even where the broken part would not be generated).
pub(crate) fn validate(model: &Model) -> Result<(), Error> {
    let mut problems = Problems::default();
    for shape in model.shapes.values().filter(|s| !s.id.is_prelude()) {
        check_shape(model, shape, &mut problems);
    }
    problems.into_result(())
}

fn check_shape(model: &Model, shape: &Shape, problems: &mut Problems) {
    let at = Location::shape(shape);
    check_trait_values(&shape.traits, &at, problems);
    for member in shape.kind.members() {
        check_member(model, shape, member, problems);
    }
    match &shape.kind {
        ShapeKind::Enum(members) => {
            if members.is_empty() {
                problems.push(at.clone(), "an enum needs at least one member");
            }
            let mut values = std::collections::BTreeMap::new();
            for member in members {
                if let Some(first) = values.insert(member.value.as_str(), member.name.as_str()) {
                    problems.push(
                        Location::member(shape, &member.name),
                        format!("enum value `{}` is also the value of member `{first}`", member.value),
                    );
                }
                check_trait_values(&member.traits, &Location::member(shape, &member.name), problems);
            }
        }
        ShapeKind::IntEnum(members) => {
            let mut values = std::collections::BTreeMap::new();
            for member in members {
                if let Some(first) = values.insert(member.value, member.name.as_str()) {
                    problems.push(
                        Location::member(shape, &member.name),
                        format!("intEnum value {} is also the value of member `{first}`", member.value),
                    );
                }
            }
        }
        ShapeKind::Map { key, .. } => {
            if let Some(target) = model.get(&key.target) {
                if !matches!(target.kind, ShapeKind::Simple(Simple::String) | ShapeKind::Enum(_)) {
                    problems.push(
                        Location::member(shape, "key"),
                        format!(
                            "a map key must target a string or enum, not {} `{}`",
                            target.kind.type_name(),
                            target.id
                        ),
                    );
                }
            }
        }
        ShapeKind::Operation(op) => {
            for (what, id) in [("input", &op.input), ("output", &op.output)] {
                match model.get(id) {
                    None => problems.push(at.clone(), format!("{what} `{id}` is not defined")),
                    Some(target) if !matches!(target.kind, ShapeKind::Structure(_)) => problems.push(
                        at.clone(),
                        format!("{what} `{id}` must be a structure, not {}", target.kind.type_name()),
                    ),
                    Some(_) => {}
                }
            }
            check_errors(model, &at, &op.errors, problems);
        }
        ShapeKind::Service(service) => {
            check_errors(model, &at, &service.errors, problems);
            for id in &service.operations {
                match model.get(id) {
                    Some(Shape { kind: ShapeKind::Operation(_), .. }) => {}
                    Some(other) => problems.push(
                        at.clone(),
                        format!("`{id}` is listed as an operation but is a {}", other.kind.type_name()),
                    ),
                    None => problems.push(at.clone(), format!("operation `{id}` is not defined")),
                }
            }
            for id in &service.resources {
                if !matches!(model.get(id), Some(Shape { kind: ShapeKind::Resource(_), .. })) {
                    problems.push(at.clone(), format!("resource `{id}` is not defined"));
                }
            }
        }
        ShapeKind::Resource(resource) => {
            for id in resource.operations.iter().chain(&resource.resources) {
                if model.get(id).is_none() {
                    problems.push(at.clone(), format!("`{id}` is not defined"));
                }
            }
        }
        _ => {}
    }
}

fn check_errors(model: &Model, at: &Location, errors: &[crate::model::ShapeId], problems: &mut Problems) {
    for id in errors {
        match model.get(id) {
            None => problems.push(at.clone(), format!("error `{id}` is not defined")),
            Some(error) if !matches!(error.kind, ShapeKind::Structure(_)) || !error.traits.has(ids::ERROR) => problems
                .push(
                    at.clone(),
                    format!("`{id}` is listed as an error but is not a structure with the `@error` trait"),
                ),
            Some(_) => {}
        }
    }
}

fn check_member(model: &Model, shape: &Shape, member: &Member, problems: &mut Problems) {
    let at = Location::member(shape, &member.name);
    check_trait_values(&member.traits, &at, problems);
    let Some(target) = model.get(&member.target) else {
        problems.push(at, format!("targets `{}`, which is not defined", member.target));
        return;
    };
    if matches!(target.kind, ShapeKind::Operation(_) | ShapeKind::Service(_) | ShapeKind::Resource(_)) {
        problems.push(
            at.clone(),
            format!("targets {} `{}`; members must target data shapes", target.kind.type_name(), target.id),
        );
    }
    if member.traits.has(ids::TIMESTAMP_FORMAT) && !matches!(target.kind, ShapeKind::Simple(Simple::Timestamp)) {
        problems.push(
            at,
            format!(
                "`@timestampFormat` applies to timestamps, but the target `{}` is a {}",
                target.id,
                target.kind.type_name()
            ),
        );
    }
}

/// The value forms of the traits the generator reads (Smithy's trait
/// definitions in `smithy/traits/`); unknown traits are ignored.
fn check_trait_values(traits: &crate::model::Traits, at: &Location, problems: &mut Problems) {
    for (id, value) in &traits.0 {
        let expected = match id.as_str() {
            ids::DOCUMENTATION
            | ids::JSON_NAME
            | ids::PATTERN
            | ids::HTTP_HEADER
            | ids::HTTP_QUERY
            | ids::HTTP_PREFIX_HEADERS
            | ids::TITLE => value.is_string().then_some(()).ok_or("a string"),
            ids::REQUIRED
            | ids::SENSITIVE
            | ids::HTTP_LABEL
            | ids::HTTP_PAYLOAD
            | ids::INPUT
            | ids::OUTPUT
            | ids::CLIENT_OPTIONAL
            | ids::SPARSE
            | ids::IDEMPOTENCY_TOKEN
            | ids::HTTP_QUERY_PARAMS
            | ids::HTTP_RESPONSE_CODE
            | ids::HOST_LABEL => value.is_object().then_some(()).ok_or("an object (`{}`)"),
            ids::TIMESTAMP_FORMAT => matches!(value.as_str(), Some("epoch-seconds" | "date-time" | "http-date"))
                .then_some(())
                .ok_or("one of `epoch-seconds`, `date-time`, `http-date`"),
            ids::ERROR => {
                matches!(value.as_str(), Some("client" | "server")).then_some(()).ok_or("`client` or `server`")
            }
            ids::HTTP_ERROR => value
                .as_u64()
                .filter(|code| (100..=599).contains(code))
                .map(|_| ())
                .ok_or("an HTTP status code (100-599)"),
            ids::LENGTH | ids::RANGE => check_bounds(value),
            ids::HTTP => check_http(value),
            _ => Ok(()),
        };
        if let Err(expected) = expected {
            problems.push(at.clone(), format!("trait `{id}` must be {expected}, found `{}`", short(value)));
        }
    }
}

fn check_bounds(value: &Value) -> Result<(), &'static str> {
    let object = value.as_object().ok_or("an object with numeric `min`/`max`")?;
    let bound = |key: &str| match object.get(key) {
        None => Ok(None),
        Some(v) => v.as_f64().map(Some).ok_or("an object with numeric `min`/`max`"),
    };
    match (bound("min")?, bound("max")?) {
        (Some(min), Some(max)) if min > max => Err("an object whose `min` is not greater than its `max`"),
        _ => Ok(()),
    }
}

fn check_http(value: &Value) -> Result<(), &'static str> {
    const EXPECTED: &str = "an object with string `method`, `uri` starting with `/`, and optional integer `code`";
    let object = value.as_object().ok_or(EXPECTED)?;
    let method_ok = object.get("method").and_then(Value::as_str).is_some_and(|m| !m.is_empty());
    let uri_ok = object.get("uri").and_then(Value::as_str).is_some_and(|u| u.starts_with('/'));
    let code_ok = object.get("code").is_none_or(|c| c.as_u64().is_some_and(|c| (100..=599).contains(&c)));
    (method_ok && uri_ok && code_ok).then_some(()).ok_or(EXPECTED)
}

/// A value for a message, cut to a readable length.
fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(60) {
        Some((index, _)) => format!("{}…", &text[..index]),
        None => text,
    }
}
