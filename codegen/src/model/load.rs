//! Reading model files (Smithy JSON AST `.json`, Smithy IDL `.smithy`) into a [`Model`].
//!
//! IDL files become JSON AST documents first ([`crate::idl`]); all documents
//! are then merged, `apply` included ([`super::assemble`]), and read as one.
//! Syntax errors stop at once with the file and line:column; malformed shapes
//! are all collected, each with its file, shape and member. Mixins are
//! flattened here, so later stages only see plain shapes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use std::time::Instant;

use serde_json::{Map, Value};

use super::assemble::{Assembled, Assembly, Positions};
use super::traits::ids;
use super::{
    prelude, EnumMember, IntEnumMember, Location, Member, Model, Operation, Resource, Service, Shape, ShapeId,
    ShapeKind, Simple, Traits,
};
use crate::error::{Error, Problems};
use crate::idl;
use crate::Timings;

/// Loads the model files and every model file under the folders of `paths`, as one model.
pub(crate) fn load(paths: &[PathBuf], timings: &mut Timings) -> Result<Model, Error> {
    let assembled = assemble(paths, timings)?;
    read_model(&assembled, timings)
}

/// The merged JSON AST of the model files and folders `paths`, checked to load
/// as a model (what `smithy ast` prints).
pub(crate) fn load_ast(paths: &[PathBuf]) -> Result<Value, Error> {
    let mut timings = Timings::default();
    let assembled = assemble(paths, &mut timings)?;
    read_model(&assembled, &mut timings)?;
    Ok(assembled.document)
}

/// Loads a model from its text (for tests and tools that hold the text
/// already): IDL when `file` ends in `.smithy`, else JSON.
pub(crate) fn load_str(file: &Path, text: &str) -> Result<Model, Error> {
    let source = read_source(file, text)?;
    let mut timings = Timings::default();
    let assembled = merge(vec![(file.to_owned(), source)])?;
    read_model(&assembled, &mut timings)
}

/// A model file as read: a JSON AST document, or IDL still to be resolved.
enum Source {
    Json(Value),
    Idl(idl::IdlFile),
}

fn is_idl(file: &Path) -> bool {
    file.extension().is_some_and(|ext| ext == "smithy")
}

fn read_source(file: &Path, text: &str) -> Result<Source, Error> {
    if is_idl(file) {
        return idl::parse(file, text).map(Source::Idl);
    }
    serde_json::from_str(text).map(Source::Json).map_err(|e| Error::Json {
        file: file.to_owned(),
        line: e.line(),
        column: e.column(),
        message: strip_position(&e.to_string()),
    })
}

fn assemble(paths: &[PathBuf], timings: &mut Timings) -> Result<Assembled, Error> {
    let mut sources = Vec::new();
    for path in paths {
        for file in model_files(path)? {
            let started = Instant::now();
            let bytes = std::fs::read(&file).map_err(|e| Error::io(&file, e))?;
            timings.model_bytes += bytes.len() as u64;
            let text = String::from_utf8(bytes).map_err(|e| not_utf8(&file, &e))?;
            sources.push((file.clone(), read_source(&file, &text)?));
            timings.parse += started.elapsed();
        }
    }
    let started = Instant::now();
    let assembled = merge(sources);
    timings.convert += started.elapsed();
    assembled
}

/// Resolves the IDL files against every file's shapes, then merges all documents in file order.
fn merge(sources: Vec<(PathBuf, Source)>) -> Result<Assembled, Error> {
    let mut idl_files = Vec::new();
    let mut documents: Vec<(PathBuf, Option<Value>)> = Vec::new();
    for (file, source) in sources {
        match source {
            Source::Json(value) => documents.push((file, Some(value))),
            Source::Idl(parsed) => {
                idl_files.push(parsed);
                documents.push((file, None));
            }
        }
    }
    let json_shapes: Vec<&Map<String, Value>> =
        documents.iter().filter_map(|(_, doc)| doc.as_ref()?.get("shapes")?.as_object()).collect();
    let mut idl_documents = idl::to_json_ast(&idl_files, &json_shapes)?.into_iter();
    let mut assembly = Assembly::default();
    let mut problems = Problems::default();
    for (file, document) in documents {
        let (document, positions) = match document {
            Some(document) => (document, Positions::new()),
            None => match idl_documents.next() {
                Some(idl) => idl,
                None => continue,
            },
        };
        assembly.add(&file, document, &positions, &mut problems);
    }
    let assembled = assembly.finish(&mut problems);
    problems.into_result(assembled)
}

fn read_model(assembled: &Assembled, timings: &mut Timings) -> Result<Model, Error> {
    let started = Instant::now();
    let mut raw = RawModel::default();
    let mut problems = Problems::default();
    raw.add_shapes(assembled, &mut problems);
    let model = raw.finish(&mut problems);
    timings.convert += started.elapsed();
    problems.into_result(model)
}

/// Where the first byte that is not UTF-8 is, in the error type of the file's form.
fn not_utf8(file: &Path, error: &std::string::FromUtf8Error) -> Error {
    let valid = error.as_bytes().get(..error.utf8_error().valid_up_to()).unwrap_or_default();
    let line = 1 + valid.iter().filter(|b| **b == b'\n').count();
    let line_start = valid.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let column = 1 + String::from_utf8_lossy(valid.get(line_start..).unwrap_or_default()).chars().count();
    let (file, message) = (file.to_owned(), "the file is not valid UTF-8".to_owned());
    if is_idl(&file) {
        Error::Idl { file, line, column, message }
    } else {
        Error::Json { file, line, column, message }
    }
}

/// serde_json appends " at line L column C"; we print the position ourselves.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
    }
}

/// `path` itself, or the `.json` and `.smithy` files under the folder `path`
/// (its subfolders too, as the Smithy CLI reads them), in path order.
fn model_files(path: &Path) -> Result<Vec<PathBuf>, Error> {
    let metadata = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !metadata.is_dir() {
        return Ok(vec![path.to_owned()]);
    }
    let mut files = Vec::new();
    let mut folders = vec![path.to_owned()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).map_err(|e| Error::io(&folder, e))? {
            let entry = entry.map_err(|e| Error::io(&folder, e))?;
            let file = entry.path();
            if file.is_dir() {
                folders.push(file);
            } else if file.extension().is_some_and(|ext| ext == "json" || ext == "smithy") {
                files.push(file);
            }
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(Error::Settings(format!(
            "{}: the folder holds no `.json` or `.smithy` model files",
            path.display()
        )));
    }
    Ok(files)
}

/// A shape as read, before mixins are flattened.
struct RawShape {
    shape: Shape,
    mixins: Vec<ShapeId>,
    /// List and map members left out because a mixin brings them (`member`, `key`, `value`).
    inherited: Vec<&'static str>,
}

#[derive(Default)]
struct RawModel {
    shapes: BTreeMap<ShapeId, RawShape>,
}

impl RawModel {
    fn add_shapes(&mut self, assembled: &Assembled, problems: &mut Problems) {
        let Some(shapes) = assembled.document.get("shapes").and_then(Value::as_object) else { return };
        for (id_text, body) in shapes {
            let file = assembled.origin.get(id_text).map(PathBuf::as_path).unwrap_or(Path::new("<model>"));
            let position = assembled.positions.get(id_text).copied();
            let location =
                Location { file: Some(file.to_owned()), position, shape: Some(id_text.clone()), member: None };
            let (id, member) = match id_text.split_once('$') {
                Some((shape, member)) => (shape, Some(member.to_owned())),
                None => (id_text.as_str(), None),
            };
            let id = match ShapeId::parse(id) {
                Ok(id) => id,
                Err(message) => {
                    problems.push(location, message);
                    continue;
                }
            };
            let Value::Object(body) = body else {
                problems.push(location, "a shape must be a JSON object");
                continue;
            };
            if member.is_some() {
                problems.push(location, "only `apply` statements may use a member id");
                continue;
            }
            if id.is_prelude() {
                problems.push(
                    location,
                    "shapes in the `smithy.api` namespace belong to the prelude and cannot be redefined",
                );
                continue;
            }
            let shape_location = Location { shape: Some(id.to_string()), ..location };
            if let Some(raw) = read_shape(id.clone(), file, body, &shape_location, problems) {
                self.shapes.insert(id, raw);
            }
        }
    }

    fn finish(mut self, problems: &mut Problems) -> Model {
        for shape in prelude::shapes() {
            self.shapes.insert(shape.id.clone(), RawShape { shape, mixins: Vec::new(), inherited: Vec::new() });
        }
        let mut model = Model::default();
        let ids: Vec<ShapeId> = self.shapes.keys().cloned().collect();
        for id in ids {
            let mut stack = Vec::new();
            if let Some(shape) = flatten(&self.shapes, &id, &mut stack, problems) {
                model.shapes.insert(id, shape);
            }
        }
        model
    }
}

/// The shape with its mixins applied: inherited members first (depth-first,
/// left to right), then local ones; local traits win over inherited ones.
fn flatten(
    shapes: &BTreeMap<ShapeId, RawShape>,
    id: &ShapeId,
    stack: &mut Vec<ShapeId>,
    problems: &mut Problems,
) -> Option<Shape> {
    let raw = shapes.get(id)?;
    if raw.mixins.is_empty() {
        return Some(raw.shape.clone());
    }
    let location = Location::shape(&raw.shape);
    if stack.contains(id) {
        problems.push(location, "mixins form a cycle");
        return None;
    }
    stack.push(id.clone());
    let mut inherited_members: Vec<Member> = Vec::new();
    let mut inherited_enum: Vec<EnumMember> = Vec::new();
    let mut inherited_int_enum: Vec<IntEnumMember> = Vec::new();
    let mut inherited_service = Service::default();
    let mut inherited_resource = Resource::default();
    let mut inherited_errors: Vec<ShapeId> = Vec::new();
    let mut inherited_traits = Traits::default();
    for mixin_id in &raw.mixins {
        let Some(mixin) = flatten(shapes, mixin_id, stack, problems) else {
            if !shapes.contains_key(mixin_id) {
                problems.push(location.clone(), format!("mixin `{mixin_id}` is not defined"));
            }
            continue;
        };
        if mixin.kind.type_name() != raw.shape.kind.type_name() {
            problems.push(
                location.clone(),
                format!(
                    "mixins may only be mixed into shapes of the same type: `{mixin_id}` is a {}, not a {}",
                    mixin.kind.type_name(),
                    raw.shape.kind.type_name()
                ),
            );
        }
        if !mixin.traits.has(ids::MIXIN) {
            problems.push(location.clone(), format!("`{mixin_id}` is used as a mixin but lacks the `@mixin` trait"));
        }
        let local_traits: Vec<String> = mixin
            .traits
            .get(ids::MIXIN)
            .and_then(|v| v.get("localTraits"))
            .and_then(Value::as_array)
            .map(|list| list.iter().filter_map(|t| t.as_str().map(str::to_owned)).collect())
            .unwrap_or_default();
        let mut traits = mixin.traits.clone();
        traits.0.remove(ids::MIXIN);
        for local in &local_traits {
            traits.0.remove(local);
        }
        inherited_traits = inherited_traits.merged(&traits);
        match &mixin.kind {
            ShapeKind::Enum(members) => replace_or_push(&mut inherited_enum, members, |m| &m.name),
            ShapeKind::IntEnum(members) => replace_or_push(&mut inherited_int_enum, members, |m| &m.name),
            ShapeKind::Service(service) => {
                let into = &mut inherited_service;
                into.version = into.version.take().or_else(|| service.version.clone());
                add_unique(&mut into.operations, &service.operations);
                add_unique(&mut into.resources, &service.resources);
                add_unique(&mut into.errors, &service.errors);
                into.rename.extend(service.rename.clone());
            }
            ShapeKind::Resource(resource) => {
                add_unique(&mut inherited_resource.operations, &resource.operations);
                add_unique(&mut inherited_resource.resources, &resource.resources);
            }
            ShapeKind::Operation(operation) => add_unique(&mut inherited_errors, &operation.errors),
            _ => {}
        }
        for member in mixin.kind.members() {
            match inherited_members.iter_mut().find(|m| m.name == member.name) {
                Some(existing) => {
                    if existing.target != member.target {
                        problems.push(
                            location.clone(),
                            format!(
                                "member `{}` conflicts with an inherited mixin member of `{mixin_id}`",
                                member.name
                            ),
                        );
                    }
                    *existing = member.clone();
                }
                None => inherited_members.push(member.clone()),
            }
        }
    }
    stack.pop();
    let mut shape = raw.shape.clone();
    shape.traits = inherited_traits.merged(&shape.traits);
    let conflict = |member: &Member, inherited: &Member, problems: &mut Problems| {
        if member.target != inherited.target {
            problems.push(
                Location { member: Some(member.name.clone()), ..location.clone() },
                format!("the member conflicts with an inherited mixin member (which targets `{}`)", inherited.target),
            );
        }
    };
    match &mut shape.kind {
        ShapeKind::Structure(local) | ShapeKind::Union(local) => {
            let mut members = inherited_members;
            for member in local.drain(..) {
                match members.iter_mut().find(|m| m.name == member.name) {
                    Some(existing) => {
                        conflict(&member, existing, problems);
                        existing.traits = existing.traits.merged(&member.traits);
                    }
                    None => members.push(member),
                }
            }
            *local = members;
        }
        ShapeKind::Enum(local) => {
            for member in local.drain(..) {
                match inherited_enum.iter_mut().find(|m| m.name == member.name) {
                    Some(existing) => existing.traits = existing.traits.merged(&member.traits),
                    None => inherited_enum.push(member),
                }
            }
            *local = inherited_enum;
        }
        ShapeKind::IntEnum(local) => {
            replace_or_push(&mut inherited_int_enum, local, |m| &m.name);
            *local = inherited_int_enum;
        }
        ShapeKind::List { member: local, .. } => inherit(local, &inherited_members, &raw.inherited, problems, conflict),
        ShapeKind::Map { key, value } => {
            inherit(key, &inherited_members, &raw.inherited, problems, conflict);
            inherit(value, &inherited_members, &raw.inherited, problems, conflict);
        }
        // Service, resource and operation mixins bring their lists (the shape's own after them).
        ShapeKind::Service(service) => {
            let own = std::mem::replace(service, inherited_service);
            service.version = own.version.or(service.version.take());
            add_unique(&mut service.operations, &own.operations);
            add_unique(&mut service.resources, &own.resources);
            add_unique(&mut service.errors, &own.errors);
            service.rename.extend(own.rename);
        }
        ShapeKind::Resource(resource) => {
            let own = std::mem::replace(resource, inherited_resource);
            add_unique(&mut resource.operations, &own.operations);
            add_unique(&mut resource.resources, &own.resources);
        }
        ShapeKind::Operation(operation) => {
            add_unique(&mut inherited_errors, &operation.errors);
            operation.errors = inherited_errors;
        }
        _ => {}
    }
    Some(shape)
}

fn add_unique(ids: &mut Vec<ShapeId>, more: &[ShapeId]) {
    for id in more {
        if !ids.contains(id) {
            ids.push(id.clone());
        }
    }
}

/// Adds `more` to `members`, a same-named one replacing the earlier.
fn replace_or_push<T: Clone>(members: &mut Vec<T>, more: &[T], name: impl Fn(&T) -> &String) {
    for member in more {
        match members.iter_mut().find(|m| name(m) == name(member)) {
            Some(existing) => *existing = member.clone(),
            None => members.push(member.clone()),
        }
    }
}

/// A list or map member over the mixins' one: taken whole when the shape left it
/// out, else adding its traits.
fn inherit(
    local: &mut Member,
    inherited: &[Member],
    left_out: &[&str],
    problems: &mut Problems,
    conflict: impl Fn(&Member, &Member, &mut Problems),
) {
    let Some(from) = inherited.iter().find(|m| m.name == local.name) else { return };
    if left_out.contains(&local.name.as_str()) {
        *local = from.clone();
    } else {
        conflict(local, from, problems);
        local.traits = from.traits.merged(&local.traits);
    }
}

fn read_traits(body: &Map<String, Value>, location: &Location, problems: &mut Problems) -> Traits {
    match body.get("traits") {
        None => Traits::default(),
        Some(Value::Object(traits)) => {
            let mut out = Traits::default();
            for (id, value) in traits {
                if !id.contains('#') {
                    problems
                        .push(location.clone(), format!("trait id `{id}` is not absolute (expected `namespace#name`)"));
                    continue;
                }
                out.0.insert(id.clone(), value.clone());
            }
            out
        }
        Some(_) => {
            problems.push(location.clone(), "`traits` must be an object");
            Traits::default()
        }
    }
}

fn target_of(value: Option<&Value>, location: &Location, what: &str, problems: &mut Problems) -> Option<ShapeId> {
    let Some(value) = value else {
        problems.push(location.clone(), format!("missing `{what}`"));
        return None;
    };
    let Some(text) = value.get("target").and_then(Value::as_str) else {
        problems.push(location.clone(), format!("`{what}` must be an object with a string `target`"));
        return None;
    };
    match ShapeId::parse(text) {
        Ok(id) => Some(id),
        Err(message) => {
            problems.push(location.clone(), format!("`{what}`: {message}"));
            None
        }
    }
}

fn targets(body: &Map<String, Value>, key: &str, location: &Location, problems: &mut Problems) -> Vec<ShapeId> {
    match body.get(key) {
        None => Vec::new(),
        Some(Value::Array(items)) => {
            items.iter().filter_map(|item| target_of(Some(item), location, key, problems)).collect()
        }
        Some(_) => {
            problems.push(location.clone(), format!("`{key}` must be a list of `{{\"target\": …}}` objects"));
            Vec::new()
        }
    }
}

fn read_member(name: &str, value: Option<&Value>, location: &Location, problems: &mut Problems) -> Option<Member> {
    let member_location = Location { member: Some(name.to_owned()), ..location.clone() };
    let target = target_of(value, &member_location, "target", problems)?;
    let traits = match value {
        Some(Value::Object(body)) => read_traits(body, &member_location, problems),
        _ => Traits::default(),
    };
    Some(Member { name: name.to_owned(), target, traits })
}

fn read_members(body: &Map<String, Value>, location: &Location, problems: &mut Problems) -> Vec<Member> {
    match body.get("members") {
        None => Vec::new(),
        Some(Value::Object(members)) => members
            .iter()
            .filter_map(|(name, value)| {
                if !super::shape_id::is_identifier(name) {
                    let at = Location { member: Some(name.clone()), ..location.clone() };
                    problems.push(at, "member names must be identifiers");
                    return None;
                }
                read_member(name, Some(value), location, problems)
            })
            .collect(),
        Some(_) => {
            problems.push(location.clone(), "`members` must be an object");
            Vec::new()
        }
    }
}

fn read_shape(
    id: ShapeId,
    file: &Path,
    body: &Map<String, Value>,
    location: &Location,
    problems: &mut Problems,
) -> Option<RawShape> {
    let Some(type_name) = body.get("type").and_then(Value::as_str) else {
        problems.push(location.clone(), "missing the string `type`");
        return None;
    };
    let traits = read_traits(body, location, problems);
    let mixins = targets(body, "mixins", location, problems);
    let mut inherited = Vec::new();
    let simple = |s| Some(ShapeKind::Simple(s));
    let kind = match type_name {
        "blob" => simple(Simple::Blob),
        "boolean" => simple(Simple::Boolean),
        "string" if traits.has(ids::LEGACY_ENUM) => legacy_enum(&traits, location, problems),
        "string" => simple(Simple::String),
        "byte" => simple(Simple::Byte),
        "short" => simple(Simple::Short),
        "integer" => simple(Simple::Integer),
        "long" => simple(Simple::Long),
        "float" => simple(Simple::Float),
        "double" => simple(Simple::Double),
        "bigInteger" => simple(Simple::BigInteger),
        "bigDecimal" => simple(Simple::BigDecimal),
        "timestamp" => simple(Simple::Timestamp),
        "document" => simple(Simple::Document),
        "enum" => Some(ShapeKind::Enum(enum_members(body, location, problems))),
        "intEnum" => Some(ShapeKind::IntEnum(int_enum_members(body, !mixins.is_empty(), location, problems))),
        "list" | "set" => collection_member("member", body, &mixins, &mut inherited, location, problems)
            .map(|member| ShapeKind::List { member, unique: type_name == "set" }),
        "map" => {
            let key = collection_member("key", body, &mixins, &mut inherited, location, problems);
            let value = collection_member("value", body, &mixins, &mut inherited, location, problems);
            Some(ShapeKind::Map { key: key?, value: value? })
        }
        "structure" => Some(ShapeKind::Structure(read_members(body, location, problems))),
        "union" => Some(ShapeKind::Union(read_members(body, location, problems))),
        "service" => Some(ShapeKind::Service(Service {
            version: body.get("version").and_then(Value::as_str).map(str::to_owned),
            operations: targets(body, "operations", location, problems),
            resources: targets(body, "resources", location, problems),
            errors: targets(body, "errors", location, problems),
            rename: read_rename(body, location, problems),
        })),
        "operation" => {
            let unit = || Some(prelude::unit());
            let input = body.get("input").map_or_else(unit, |v| target_of(Some(v), location, "input", problems));
            let output = body.get("output").map_or_else(unit, |v| target_of(Some(v), location, "output", problems));
            Some(ShapeKind::Operation(Operation {
                input: input?,
                output: output?,
                errors: targets(body, "errors", location, problems),
            }))
        }
        "resource" => {
            let mut operations = Vec::new();
            for key in ["create", "put", "read", "update", "delete", "list"] {
                if let Some(value) = body.get(key) {
                    operations.extend(target_of(Some(value), location, key, problems));
                }
            }
            operations.extend(targets(body, "operations", location, problems));
            operations.extend(targets(body, "collectionOperations", location, problems));
            Some(ShapeKind::Resource(Resource {
                operations,
                resources: targets(body, "resources", location, problems),
            }))
        }
        other => {
            problems.push(location.clone(), format!("unknown shape type `{other}`"));
            None
        }
    }?;
    let shape = Shape { id, kind, traits, file: Some(file.to_owned()), position: location.position };
    Some(RawShape { shape, mixins, inherited })
}

/// A list or map member; one a mixin brings may be left out (a placeholder
/// until mixins are flattened).
fn collection_member(
    name: &'static str,
    body: &Map<String, Value>,
    mixins: &[ShapeId],
    inherited: &mut Vec<&'static str>,
    location: &Location,
    problems: &mut Problems,
) -> Option<Member> {
    if body.get(name).is_none() && !mixins.is_empty() {
        inherited.push(name);
        return Some(Member { name: name.to_owned(), target: prelude::unit(), traits: Traits::default() });
    }
    read_member(name, body.get(name), location, problems)
}

fn read_rename(body: &Map<String, Value>, location: &Location, problems: &mut Problems) -> BTreeMap<ShapeId, String> {
    let mut rename = BTreeMap::new();
    match body.get("rename") {
        None => {}
        Some(Value::Object(entries)) => {
            for (from, to) in entries {
                match (ShapeId::parse(from), to.as_str()) {
                    (Ok(from), Some(to)) if super::shape_id::is_identifier(to) => {
                        rename.insert(from, to.to_owned());
                    }
                    _ => problems.push(
                        location.clone(),
                        format!("`rename` entry `{from}` must map a shape id to an identifier"),
                    ),
                }
            }
        }
        Some(_) => problems.push(location.clone(), "`rename` must be an object"),
    }
    rename
}

/// The members of an enum or intEnum shape: name, location and traits.
fn enum_like_members(
    body: &Map<String, Value>,
    location: &Location,
    problems: &mut Problems,
    what: &str,
) -> Vec<(String, Location, Traits)> {
    let Some(Value::Object(members)) = body.get("members") else {
        problems.push(location.clone(), format!("{what} needs a `members` object"));
        return Vec::new();
    };
    members
        .iter()
        .map(|(name, member)| {
            let at = Location { member: Some(name.clone()), ..location.clone() };
            let traits = match member {
                Value::Object(m) => read_traits(m, &at, problems),
                _ => Traits::default(),
            };
            (name.clone(), at, traits)
        })
        .collect()
}

fn enum_members(body: &Map<String, Value>, location: &Location, problems: &mut Problems) -> Vec<EnumMember> {
    let mut out = Vec::new();
    for (name, at, traits) in enum_like_members(body, location, problems, "an enum") {
        let value = match traits.get(ids::ENUM_VALUE) {
            None => name.clone(),
            Some(Value::String(value)) => value.clone(),
            Some(_) => {
                problems.push(at, "`@enumValue` of an enum member must be a string");
                continue;
            }
        };
        out.push(EnumMember { name, value, traits });
    }
    out
}

/// With mixins, a member without a value restates an inherited one (and keeps its value).
fn int_enum_members(
    body: &Map<String, Value>,
    has_mixins: bool,
    location: &Location,
    problems: &mut Problems,
) -> Vec<IntEnumMember> {
    let mut out = Vec::new();
    for (name, at, traits) in enum_like_members(body, location, problems, "an intEnum") {
        match traits.get(ids::ENUM_VALUE).and_then(Value::as_i64) {
            Some(value) => out.push(IntEnumMember { name, value }),
            None if has_mixins && traits.get(ids::ENUM_VALUE).is_none() => {}
            None => problems.push(at, "an intEnum member needs an integer `@enumValue`"),
        }
    }
    out
}

/// A `string` with the legacy `smithy.api#enum` trait, read as an enum shape.
fn legacy_enum(traits: &Traits, location: &Location, problems: &mut Problems) -> Option<ShapeKind> {
    let Some(Value::Array(entries)) = traits.get(ids::LEGACY_ENUM) else {
        problems.push(location.clone(), "the legacy `@enum` trait must be a list");
        return None;
    };
    let mut members = Vec::new();
    for entry in entries {
        let Some(value) = entry.get("value").and_then(Value::as_str) else {
            problems.push(location.clone(), "every `@enum` entry needs a string `value`");
            continue;
        };
        let name = entry.get("name").and_then(Value::as_str).unwrap_or(value);
        let mut member_traits = Traits::default();
        if let Some(doc) = entry.get("documentation") {
            member_traits.0.insert(ids::DOCUMENTATION.to_owned(), doc.clone());
        }
        if entry.get("deprecated").and_then(Value::as_bool) == Some(true) {
            member_traits.0.insert(ids::DEPRECATED.to_owned(), Value::Object(Map::new()));
        }
        members.push(EnumMember { name: name.to_owned(), value: value.to_owned(), traits: member_traits });
    }
    Some(ShapeKind::Enum(members))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str) -> Result<Model, Error> {
        load_str(Path::new("test.json"), text)
    }

    fn shape<'m>(model: &'m Model, id: &str) -> &'m Shape {
        let id = ShapeId::parse(id).expect("valid id");
        model.get(&id).expect("shape exists")
    }

    #[test]
    fn mixins_are_flattened_inherited_members_first_local_traits_win() {
        let model = load_text(
            r#"{"smithy": "2.0", "shapes": {
                "ex#Base": {"type": "structure", "mixins": [], "members": {
                    "id": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}}},
                    "note": {"target": "smithy.api#String"}},
                    "traits": {"smithy.api#mixin": {"localTraits": ["smithy.api#deprecated"]},
                               "smithy.api#deprecated": {}, "smithy.api#documentation": "base"}},
                "ex#Thing": {"type": "structure", "mixins": [{"target": "ex#Base"}], "members": {
                    "name": {"target": "smithy.api#String"},
                    "note": {"target": "smithy.api#String", "traits": {"smithy.api#documentation": "local"}}}}
            }}"#,
        )
        .expect("loads");
        let thing = shape(&model, "ex#Thing");
        let names: Vec<&str> = thing.kind.members().iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["id", "note", "name"], "inherited members first, then local ones");
        let members = thing.kind.members();
        assert!(members[0].traits.has(ids::REQUIRED), "inherited member traits");
        assert_eq!(members[1].traits.documentation(), Some("local"), "a local member adds traits");
        assert_eq!(thing.traits.documentation(), Some("base"), "shape traits are inherited");
        assert!(!thing.traits.has(ids::MIXIN), "@mixin itself is not inherited");
        assert!(!thing.traits.has(ids::DEPRECATED), "localTraits are not inherited");
    }

    #[test]
    fn apply_merges_traits_onto_shapes_and_members() {
        let model = load_text(
            r#"{"smithy": "2.0", "shapes": {
                "ex#Thing": {"type": "structure", "members": {"name": {"target": "smithy.api#String"}}},
                "ex#Thing$name": {"type": "apply", "traits": {"smithy.api#required": {}}}
            }}"#,
        );
        let model = model.expect("loads");
        let thing = shape(&model, "ex#Thing");
        assert!(thing.kind.members()[0].traits.has(ids::REQUIRED));
        let error = load_text(r#"{"smithy": "2.0", "shapes": {"ex#Missing$name": {"type": "apply", "traits": {}}}}"#)
            .expect_err("apply to nothing");
        assert!(error.to_string().contains("`apply` targets `ex#Missing`, which is not defined"), "{error}");
    }

    #[test]
    fn service_and_operation_mixins_bring_their_lists() {
        let model = load_str(
            Path::new("test.smithy"),
            r#"$version: "2"
namespace ex
@mixin
service Base { version: "1", operations: [A], errors: [Oops] }
service Svc with [Base] { operations: [B] }
@mixin
operation Guarded { errors: [Oops] }
operation A with [Guarded] {}
operation B {}
@error("client")
structure Oops {}
"#,
        )
        .expect("loads");
        let ShapeKind::Service(service) = &shape(&model, "ex#Svc").kind else { panic!("a service") };
        let names: Vec<&str> = service.operations.iter().map(ShapeId::name).collect();
        assert_eq!(names, ["A", "B"], "the mixin's operations first");
        assert_eq!(service.version.as_deref(), Some("1"));
        assert_eq!(service.errors.len(), 1);
        let ShapeKind::Operation(operation) = &shape(&model, "ex#A").kind else { panic!("an operation") };
        assert_eq!(operation.errors.iter().map(ShapeId::name).collect::<Vec<_>>(), ["Oops"]);
    }

    #[test]
    fn mixin_cycles_are_reported_not_followed() {
        let error = load_text(
            r#"{"smithy": "2.0", "shapes": {
                "ex#A": {"type": "structure", "mixins": [{"target": "ex#B"}], "traits": {"smithy.api#mixin": {}}},
                "ex#B": {"type": "structure", "mixins": [{"target": "ex#A"}], "traits": {"smithy.api#mixin": {}}}
            }}"#,
        )
        .expect_err("a cycle");
        assert!(error.to_string().contains("mixins form a cycle"), "{error}");
    }
}
