//! Endpoint context parameters: which rule-set parameters an operation binds from its input
//! (`smithy.rules#contextParam`, `#operationContextParams`) or from the model
//! (`#staticContextParams`), and which the client's configuration sets
//! (`#clientContextParams`). Decided once here, first in model terms (member names, checked
//! against the shapes, for every selected operation), then as Rust field paths for the
//! generated operations.

use std::collections::BTreeMap;

use serde_json::Value;

use super::naming::{snake, Scope};
use super::{
    docs, ClientParam, EndpointParam, EndpointParamKind, FieldPath, FieldStep, Leaf, NamedKind, OperationDef,
    ParamSetter, RustType, SetterValue, StructDef, TypeDef,
};
use crate::endpoint_bindings::{BindingSource, EndpointBindings, InputPath, ParamBinding};
use crate::model::{Model, Shape, ShapeKind, Simple};
use crate::select::Selection;

const CONTEXT_PARAM: &str = "smithy.rules#contextParam";
const STATIC_CONTEXT_PARAMS: &str = "smithy.rules#staticContextParams";
const OPERATION_CONTEXT_PARAMS: &str = "smithy.rules#operationContextParams";
const CLIENT_CONTEXT_PARAMS: &str = "smithy.rules#clientContextParams";

/// Methods of the runtime's `Config` and `ConfigBuilder` (`codegen/runtime/client.rs`): a
/// client context parameter that would take one of them is renamed.
const CONFIG_METHODS: &[&str] = &[
    "build",
    "build_with_env",
    "builder",
    "context_bool",
    "context_param",
    "context_string",
    "credentials",
    "endpoint_url",
    "max_attempts",
    "region",
    "retry_quota",
    "timeout",
    "use_dual_stack",
    "use_fips",
];

/// The bindings of every selected operation, in model terms. Bindings that do not fit (an
/// unknown parameter, a path outside the supported subset, a type that does not match the
/// parameter's) are left out and listed in `ignored`.
pub(crate) fn model_bindings(model: &Model, selection: &Selection<'_>, params: &[EndpointParam]) -> EndpointBindings {
    let mut out = EndpointBindings::default();
    for op in &selection.operations {
        let ShapeKind::Operation(operation) = &op.kind else { continue };
        let Some(input) = model.get(&operation.input) else { continue };
        let mut bindings = Vec::new();
        let mut ignore = |what: String, why: String| {
            out.ignored.push(format!("operation `{}`: endpoint parameter {what} is not bound: {why}", op.id));
        };
        // Least specific first: a later binding wins when it has a value.
        let paths = op.traits.get(OPERATION_CONTEXT_PARAMS).and_then(Value::as_object).into_iter().flatten();
        for (name, def) in paths {
            let what = format!("`{name}`");
            let Some(text) = def.get("path").and_then(Value::as_str) else {
                ignore(what, "its operationContextParams entry has no `path`".to_owned());
                continue;
            };
            let checked = InputPath::parse(text)
                .and_then(|path| param_kind(params, name).map(|kind| (path, kind)))
                .and_then(|(path, kind)| check_path(model, input, &path, kind).map(|()| path));
            match checked {
                Ok(path) => bindings.push(ParamBinding { param: name.clone(), source: BindingSource::Path(path) }),
                Err(why) => ignore(what, why),
            }
        }
        if let ShapeKind::Structure(members) = &input.kind {
            for member in members {
                let Some(name) = member.traits.get(CONTEXT_PARAM).and_then(|t| t.get("name")).and_then(Value::as_str)
                else {
                    continue;
                };
                let path = InputPath::Value(vec![member.name.clone()]);
                match param_kind(params, name).and_then(|kind| check_path(model, input, &path, kind)) {
                    Ok(()) => bindings.push(ParamBinding {
                        param: name.to_owned(),
                        source: BindingSource::Member(member.name.clone()),
                    }),
                    Err(why) => ignore(format!("`{name}` (member `{}`)", member.name), why),
                }
            }
        }
        let statics = op.traits.get(STATIC_CONTEXT_PARAMS).and_then(Value::as_object).into_iter().flatten();
        for (name, def) in statics {
            let value = def.get("value").cloned().unwrap_or(Value::Null);
            let fits = param_kind(params, name).and_then(|kind| match (kind, &value) {
                (EndpointParamKind::Bool, Value::Bool(_)) | (EndpointParamKind::String, Value::String(_)) => Ok(()),
                (EndpointParamKind::StringArray, Value::Array(items)) if items.iter().all(Value::is_string) => Ok(()),
                _ => Err(format!("the static value {value} is not a {}", kind_name(kind))),
            });
            match fits {
                Ok(()) => bindings.push(ParamBinding { param: name.clone(), source: BindingSource::Static(value) }),
                Err(why) => ignore(format!("`{name}`"), why),
            }
        }
        if !bindings.is_empty() {
            out.operations.insert(op.id.name().to_owned(), bindings);
        }
    }
    let service_params =
        selection.service.traits.get(CLIENT_CONTEXT_PARAMS).and_then(Value::as_object).into_iter().flatten();
    for (name, def) in service_params {
        let wanted = match def.get("type").and_then(Value::as_str) {
            Some("string") => Some(EndpointParamKind::String),
            Some("boolean") => Some(EndpointParamKind::Bool),
            _ => None,
        };
        match param_kind(params, name) {
            Ok(kind) if Some(kind) == wanted => out.client_params.push(name.clone()),
            Ok(kind) => out.ignored.push(format!(
                "service `{}`: client context parameter `{name}` is left out: its type {} is not the rule set's {}",
                selection.service.id,
                def.get("type").unwrap_or(&Value::Null),
                kind_name(kind)
            )),
            Err(why) => out.ignored.push(format!(
                "service `{}`: client context parameter `{name}` is left out: {why}",
                selection.service.id
            )),
        }
    }
    out
}

/// The `Config` methods of the client context parameters.
pub(crate) fn client_params(
    service: &Shape,
    bindings: &EndpointBindings,
    params: &[EndpointParam],
) -> Vec<ClientParam> {
    let mut methods = Scope::with_reserved(CONFIG_METHODS);
    let defs = service.traits.get(CLIENT_CONTEXT_PARAMS);
    bindings
        .client_params
        .iter()
        .filter_map(|name| {
            let param = params.iter().position(|p| &p.name == name)?;
            let own_docs = defs.and_then(|d| d.get(name)).and_then(|d| d.get("documentation")).and_then(Value::as_str);
            let docs = own_docs.map(docs::to_markdown).or_else(|| params[param].docs.clone());
            let method = snake(name).trim_start_matches("r#").to_owned();
            Some(ClientParam { param, method: methods.claim(&method), docs })
        })
        .collect()
}

fn param_kind(params: &[EndpointParam], name: &str) -> Result<EndpointParamKind, String> {
    params
        .iter()
        .find(|p| p.name == name)
        .map(|p| p.kind)
        .ok_or_else(|| "the rule set has no such parameter".to_owned())
}

fn kind_name(kind: EndpointParamKind) -> &'static str {
    match kind {
        EndpointParamKind::String => "string",
        EndpointParamKind::Bool => "boolean",
        EndpointParamKind::StringArray => "stringArray",
    }
}

/// A string or enum shape: what a string parameter can be bound to.
fn is_string(shape: &Shape) -> bool {
    matches!(shape.kind, ShapeKind::Simple(Simple::String) | ShapeKind::Enum(_))
}

/// The shape `fields` lead to from `start`, through structure members.
fn walk<'m>(model: &'m Model, start: &'m Shape, fields: &[String]) -> Result<&'m Shape, String> {
    let mut shape = start;
    for field in fields {
        let ShapeKind::Structure(members) = &shape.kind else {
            return Err(format!("`{}` is a {}, not a structure", shape.id, shape.kind.type_name()));
        };
        let member = members
            .iter()
            .find(|m| m.name == *field)
            .ok_or_else(|| format!("`{}` has no member `{field}`", shape.id))?;
        shape = model.get(&member.target).ok_or_else(|| format!("`{}` is not in the model", member.target))?;
    }
    Ok(shape)
}

/// `path` reads a value of the parameter's type from the input.
fn check_path(model: &Model, input: &Shape, path: &InputPath, kind: EndpointParamKind) -> Result<(), String> {
    let strings_only = |shape: &Shape| {
        if is_string(shape) {
            Ok(())
        } else {
            Err(format!("`{}` is a {}, not a string", shape.id, shape.kind.type_name()))
        }
    };
    let element = |shape: &'_ Shape| -> Result<&Shape, String> {
        match &shape.kind {
            ShapeKind::List { member, .. } => {
                model.get(&member.target).ok_or_else(|| format!("`{}` is not in the model", member.target))
            }
            _ => Err(format!("`{}` is a {}, not a list", shape.id, shape.kind.type_name())),
        }
    };
    match path {
        InputPath::Value(fields) => {
            let leaf = walk(model, input, fields)?;
            match kind {
                EndpointParamKind::String => strings_only(leaf),
                EndpointParamKind::Bool if matches!(leaf.kind, ShapeKind::Simple(Simple::Boolean)) => Ok(()),
                EndpointParamKind::Bool => Err(format!("`{}` is a {}, not a boolean", leaf.id, leaf.kind.type_name())),
                EndpointParamKind::StringArray => strings_only(element(leaf)?),
            }
        }
        _ if kind != EndpointParamKind::StringArray => {
            Err(format!("`{path}` gives a list of strings, but the parameter is a {}", kind_name(kind)))
        }
        InputPath::Keys(fields) => {
            let map = walk(model, input, fields)?;
            match &map.kind {
                ShapeKind::Map { key, .. } => {
                    strings_only(model.get(&key.target).ok_or_else(|| format!("`{}` is not in the model", key.target))?)
                }
                other => Err(format!("`{}` is a {}, not a map", map.id, other.type_name())),
            }
        }
        InputPath::Project { list, each } => {
            let element = element(walk(model, input, list)?)?;
            if each.is_empty() {
                return strings_only(element);
            }
            each.iter().try_for_each(|fields| strings_only(walk(model, element, fields)?))
        }
    }
}

/// The Rust setters of a generated operation: its model bindings as field paths through the
/// generated structures (`types` by name).
pub(crate) fn setters(
    op: &OperationDef,
    bindings: &EndpointBindings,
    params: &[EndpointParam],
    types: &BTreeMap<&str, &StructDef>,
) -> Result<Vec<ParamSetter>, String> {
    let Some(bindings) = bindings.operations.get(&op.name) else { return Ok(Vec::new()) };
    bindings
        .iter()
        .map(|binding| {
            let param = params.iter().find(|p| p.name == binding.param).ok_or("no such parameter")?;
            let (value, origin) = match &binding.source {
                BindingSource::Static(value) => {
                    let value_of = match (param.kind, value) {
                        (EndpointParamKind::Bool, Value::Bool(b)) => SetterValue::Bool(*b),
                        (EndpointParamKind::String, Value::String(s)) => SetterValue::String(s.clone()),
                        (_, Value::Array(items)) => SetterValue::StringArray(
                            items.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
                        ),
                        _ => return Err(format!("static value {value} of `{}`", param.name)),
                    };
                    (value_of, format!("always `{value}` (`smithy.rules#staticContextParams`)"))
                }
                BindingSource::Member(member) => {
                    let path = field_path(&op.input, std::slice::from_ref(member), types)?.0;
                    (SetterValue::Field(path), format!("input member `{member}` (`smithy.rules#contextParam`)"))
                }
                BindingSource::Path(path) => {
                    let origin = format!("`{path}` (`smithy.rules#operationContextParams`)");
                    (path_setter(&op.input, path, types)?, origin)
                }
            };
            Ok(ParamSetter { param: param.name.clone(), field: param.field.clone(), value, origin })
        })
        .collect::<Result<_, String>>()
        .map_err(|why: String| format!("operation `{}`: endpoint parameters: {why}", op.name))
}

fn path_setter(input: &StructDef, path: &InputPath, types: &BTreeMap<&str, &StructDef>) -> Result<SetterValue, String> {
    Ok(match path {
        InputPath::Value(fields) => SetterValue::Field(field_path(input, fields, types)?.0),
        InputPath::Keys(fields) => {
            let (map, ty) = field_path(input, fields, types)?;
            let RustType::Map(key, _) = ty else { return Err(format!("`{path}` is not a map")) };
            SetterValue::Keys { map, enum_keys: matches!(*key, RustType::Named { kind: NamedKind::Enum, .. }) }
        }
        InputPath::Project { list: fields, each } => {
            let (list, ty) = field_path(input, fields, types)?;
            let RustType::List(element) = ty else { return Err(format!("`{path}` is not a list")) };
            let (element, sparse) = match *element {
                RustType::Nullable(inner) => (*inner, true),
                other => (other, false),
            };
            let enum_elements = matches!(element, RustType::Named { kind: NamedKind::Enum, .. });
            let each = if each.is_empty() {
                Vec::new()
            } else {
                let RustType::Named { name, kind: NamedKind::Struct { .. } } = &element else {
                    return Err(format!("the elements of `{path}` are not structures"));
                };
                let def = types.get(name.as_str()).ok_or_else(|| format!("no structure `{name}`"))?;
                each.iter().map(|fields| field_path(def, fields, types).map(|(p, _)| p)).collect::<Result<_, _>>()?
            };
            SetterValue::Project { list, sparse, each, enum_elements }
        }
    })
}

/// The field path of `fields` from `start`, and the Rust type it ends at.
fn field_path(
    start: &StructDef,
    fields: &[String],
    types: &BTreeMap<&str, &StructDef>,
) -> Result<(FieldPath, RustType), String> {
    let mut def = start;
    let mut steps = Vec::new();
    let mut ty = None;
    for (index, member) in fields.iter().enumerate() {
        let field = def
            .fields
            .iter()
            .find(|f| f.member == *member)
            .ok_or_else(|| format!("`{}` has no member `{member}`", def.shape_name))?;
        steps.push(FieldStep { field: field.name.clone(), optional: field.optional });
        if index + 1 < fields.len() {
            let RustType::Named { name, kind: NamedKind::Struct { .. } } = &field.ty else {
                return Err(format!("`{}.{member}` is not a structure", def.shape_name));
            };
            def = types.get(name.as_str()).ok_or_else(|| format!("no structure `{name}`"))?;
        }
        ty = Some(field.ty.clone());
    }
    let ty = ty.ok_or("an empty path")?;
    let is_enum = |ty: &RustType| matches!(ty, RustType::Named { kind: NamedKind::Enum, .. });
    let leaf = match &ty {
        RustType::String => Leaf::String,
        RustType::Bool => Leaf::Bool,
        t if is_enum(t) => Leaf::Enum,
        RustType::List(element) if **element == RustType::String => Leaf::Strings,
        RustType::List(element) if is_enum(element) => Leaf::Enums,
        RustType::List(_) | RustType::Map(..) => Leaf::Collection,
        other => return Err(format!("a path ends at {other:?}")),
    };
    Ok((FieldPath { steps, leaf }, ty))
}

/// Structures of `crate::types` by Rust name.
pub(crate) fn struct_types(types: &[TypeDef]) -> BTreeMap<&str, &StructDef> {
    types
        .iter()
        .filter_map(|t| match t {
            TypeDef::Struct(s) => Some((s.name.as_str(), s)),
            _ => None,
        })
        .collect()
}
