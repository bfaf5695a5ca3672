//! Merges the JSON AST documents of a model's files into one, as the Smithy
//! CLI assembles a model: shapes from every file (the same shape defined
//! twice identically is one shape), metadata (lists concatenated, equal values
//! kept, anything else a conflict) and `apply` (traits merged onto the shape
//! or member, lists concatenated, other differing values a conflict).
//!
//! IDL 1.0 documents are upgraded to 2.0 on the way in, as the CLI does:
//! `set` becomes a `list` with `@uniqueItems`, and without `@box` numbers and
//! booleans (and the members that target them) get their zero `@default`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};

use super::traits::{ids, merge_applied};
use super::Location;
use crate::error::Problems;

/// The merged document, and the file each shape came from (for messages).
#[derive(Debug, Default)]
pub(crate) struct Assembled {
    pub(crate) document: Value,
    pub(crate) origin: BTreeMap<String, PathBuf>,
    /// Line and column of the shapes read from IDL.
    pub(crate) positions: Positions,
}

/// Shape id → line and column of its definition.
pub(crate) type Positions = BTreeMap<String, (usize, usize)>;

#[derive(Debug, Default)]
pub(crate) struct Assembly {
    shapes: Map<String, Value>,
    metadata: Map<String, Value>,
    origin: BTreeMap<String, PathBuf>,
    positions: Positions,
    metadata_origin: BTreeMap<String, PathBuf>,
    /// `apply` entries: file, target id (with an optional `$member`), traits.
    applies: Vec<(PathBuf, String, Map<String, Value>)>,
}

const BOX: &str = "smithy.api#box";
const UNIQUE_ITEMS: &str = "smithy.api#uniqueItems";

impl Assembly {
    /// Adds one file's document; `positions` locate its shapes when it was IDL.
    pub(crate) fn add(&mut self, file: &Path, document: Value, positions: &Positions, problems: &mut Problems) {
        let file_location = Location { file: Some(file.to_owned()), ..Location::default() };
        let Value::Object(mut top) = document else {
            problems.push(file_location, "the top level must be a JSON object");
            return;
        };
        let version_1 = match top.get("smithy").and_then(Value::as_str) {
            Some("2.0" | "2") => false,
            Some("1.0" | "1") => true,
            Some(other) => {
                problems
                    .push(file_location.clone(), format!("unsupported Smithy version `{other}` (expected 2.0 or 1.0)"));
                false
            }
            None => {
                problems.push(file_location.clone(), "missing the `smithy` version string");
                false
            }
        };
        match top.remove("metadata") {
            None => {}
            Some(Value::Object(metadata)) => self.add_metadata(file, metadata, problems),
            Some(_) => problems.push(file_location.clone(), "`metadata` must be an object"),
        }
        let mut shapes = match top.remove("shapes") {
            None => return,
            Some(Value::Object(shapes)) => shapes,
            Some(_) => {
                problems.push(file_location, "`shapes` must be an object");
                return;
            }
        };
        if version_1 {
            upgrade_version_1(&mut shapes);
        }
        for (id, shape) in shapes {
            if shape.get("type").and_then(Value::as_str) == Some("apply") {
                let traits = match shape.get("traits") {
                    Some(Value::Object(traits)) => traits.clone(),
                    _ => Map::new(),
                };
                self.applies.push((file.to_owned(), id, traits));
                continue;
            }
            if let Some(existing) = self.shapes.get(&id) {
                if *existing != shape {
                    let first = self.origin.get(&id).map_or_else(String::new, |f| f.display().to_string());
                    let location = Location { shape: Some(id.clone()), ..file_location.clone() };
                    problems.push(location, format!("defined twice (first in {first})"));
                }
                continue;
            }
            self.origin.insert(id.clone(), file.to_owned());
            if let Some(position) = positions.get(&id) {
                self.positions.insert(id.clone(), *position);
            }
            self.shapes.insert(id, shape);
        }
    }

    fn add_metadata(&mut self, file: &Path, metadata: Map<String, Value>, problems: &mut Problems) {
        for (key, value) in metadata {
            match self.metadata.get_mut(&key) {
                None => {
                    self.metadata_origin.insert(key.clone(), file.to_owned());
                    self.metadata.insert(key, value);
                }
                Some(Value::Array(existing)) if value.is_array() => {
                    if let Value::Array(more) = value {
                        existing.extend(more);
                    }
                }
                Some(existing) if *existing == value => {}
                Some(_) => {
                    let first = self.metadata_origin.get(&key).map_or_else(String::new, |f| f.display().to_string());
                    let location = Location { file: Some(file.to_owned()), ..Location::default() };
                    problems.push(location, format!("metadata `{key}` conflicts with its value in {first}"));
                }
            }
        }
    }

    /// The merged document, `apply` statements merged into their shapes.
    pub(crate) fn finish(mut self, problems: &mut Problems) -> Assembled {
        for (file, target, traits) in std::mem::take(&mut self.applies) {
            let location = Location { file: Some(file.clone()), shape: Some(target.clone()), ..Location::default() };
            let (shape_id, member) = match target.split_once('$') {
                Some((shape, member)) => (shape, Some(member)),
                None => (target.as_str(), None),
            };
            let Some(Value::Object(shape)) = self.shapes.get_mut(shape_id) else {
                problems.push(location, format!("`apply` targets `{shape_id}`, which is not defined"));
                continue;
            };
            if let Some(name) = member {
                if member_of(shape, name).is_none() {
                    // A member a mixin brings: declared here, with the inherited target, to hold the traits.
                    match inherited_target(&self.shapes, shape_id, name, 0) {
                        Some(target) => declare_member(&mut self.shapes, shape_id, name, &target),
                        None => {
                            let message =
                                format!("`apply` targets member `{name}` of `{shape_id}`, which has no such member");
                            problems.push(location, message);
                            continue;
                        }
                    }
                }
            }
            let owner = match (self.shapes.get_mut(shape_id).and_then(Value::as_object_mut), member) {
                (Some(shape), None) => shape,
                (Some(shape), Some(name)) => match member_of(shape, name) {
                    Some(owner) => owner,
                    None => continue,
                },
                (None, _) => continue,
            };
            let into = owner.entry("traits").or_insert_with(|| json!({}));
            let Value::Object(into) = into else { continue };
            for (id, value) in traits {
                if let Err(message) = merge_applied(into, &id, value) {
                    problems.push(location.clone(), message);
                }
            }
        }
        let mut document = json!({"smithy": "2.0"});
        if !self.metadata.is_empty() {
            document["metadata"] = Value::Object(self.metadata);
        }
        document["shapes"] = Value::Object(self.shapes);
        Assembled { document, origin: self.origin, positions: self.positions }
    }
}

fn member_of<'m>(shape: &'m mut Map<String, Value>, name: &str) -> Option<&'m mut Map<String, Value>> {
    if shape.contains_key("members") {
        return shape.get_mut("members")?.get_mut(name)?.as_object_mut();
    }
    match name {
        "member" | "key" | "value" => shape.get_mut(name)?.as_object_mut(),
        _ => None,
    }
}

/// Deep enough for any real mixin chain; stops a cycle from recursing forever.
const MAX_MIXIN_DEPTH: usize = 64;

/// The target of member `name` that shape `id` inherits from its mixins.
fn inherited_target(shapes: &Map<String, Value>, id: &str, name: &str, depth: usize) -> Option<String> {
    if depth > MAX_MIXIN_DEPTH {
        return None;
    }
    let shape = shapes.get(id)?;
    shape.get("mixins")?.as_array()?.iter().find_map(|mixin| {
        let mixin_id = mixin.get("target")?.as_str()?;
        let mixin_shape = shapes.get(mixin_id)?;
        let own = mixin_shape.get("members").and_then(|m| m.get(name)).or_else(|| mixin_shape.get(name));
        match own.and_then(|member| member.get("target")).and_then(Value::as_str) {
            Some(target) => Some(target.to_owned()),
            None => inherited_target(shapes, mixin_id, name, depth + 1),
        }
    })
}

fn declare_member(shapes: &mut Map<String, Value>, id: &str, name: &str, target: &str) {
    let Some(Value::Object(shape)) = shapes.get_mut(id) else { return };
    let member = json!({"target": target});
    match name {
        "member" | "key" | "value" if !shape.contains_key("members") => {
            shape.insert(name.to_owned(), member);
        }
        _ => {
            if let Value::Object(members) = shape.entry("members").or_insert_with(|| json!({})) {
                members.insert(name.to_owned(), member);
            }
        }
    }
}

/// The zero `@default` of a type that IDL 1.0 treats as non-null unless boxed.
fn zero_of(type_name: &str) -> Option<Value> {
    match type_name {
        "boolean" => Some(json!(false)),
        "byte" | "short" | "integer" | "long" | "float" | "double" => Some(json!(0)),
        _ => None,
    }
}

fn upgrade_version_1(shapes: &mut Map<String, Value>) {
    let has = |shape: &Value, id: &str| shape.get("traits").and_then(|t| t.get(id)).is_some();
    // Unboxed numbers and booleans of this file, and the prelude's primitives.
    let mut zero_defaults: BTreeMap<String, Value> = shapes
        .iter()
        .filter(|(_, shape)| !has(shape, BOX))
        .filter_map(|(id, shape)| Some((id.clone(), zero_of(shape.get("type")?.as_str()?)?)))
        .collect();
    for (name, zero) in [
        ("PrimitiveBoolean", json!(false)),
        ("PrimitiveByte", json!(0)),
        ("PrimitiveShort", json!(0)),
        ("PrimitiveInteger", json!(0)),
        ("PrimitiveLong", json!(0)),
        ("PrimitiveFloat", json!(0)),
        ("PrimitiveDouble", json!(0)),
    ] {
        zero_defaults.insert(format!("smithy.api#{name}"), zero);
    }
    for (id, shape) in shapes.iter_mut() {
        let Value::Object(shape) = shape else { continue };
        let traits = shape.entry("traits").or_insert_with(|| json!({}));
        if let Value::Object(traits) = traits {
            traits.remove(BOX);
            if let Some(zero) = zero_defaults.get(id) {
                traits.entry(ids::DEFAULT).or_insert_with(|| zero.clone());
            }
        }
        if shape.get("type").and_then(Value::as_str) == Some("set") {
            shape.insert("type".to_owned(), json!("list"));
            if let Some(Value::Object(traits)) = shape.get_mut("traits") {
                traits.insert(UNIQUE_ITEMS.to_owned(), json!({}));
            }
        }
        let is_structure = shape.get("type").and_then(Value::as_str) == Some("structure");
        if let (true, Some(Value::Object(members))) = (is_structure, shape.get_mut("members")) {
            for member in members.values_mut() {
                let Value::Object(member) = member else { continue };
                let zero = member.get("target").and_then(Value::as_str).and_then(|t| zero_defaults.get(t)).cloned();
                let traits = member.entry("traits").or_insert_with(|| json!({}));
                let Value::Object(traits) = traits else { continue };
                let boxed = traits.remove(BOX).is_some();
                if let (false, Some(zero)) = (boxed, zero) {
                    traits.entry(ids::DEFAULT).or_insert(zero);
                }
                if traits.is_empty() {
                    member.remove("traits");
                }
            }
        }
        if shape.get("traits").and_then(Value::as_object).is_some_and(Map::is_empty) {
            shape.remove("traits");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assemble(documents: Vec<Value>) -> (Value, Problems) {
        let mut assembly = Assembly::default();
        let mut problems = Problems::default();
        for (index, document) in documents.into_iter().enumerate() {
            assembly.add(Path::new(&format!("{index}.json")), document, &Positions::new(), &mut problems);
        }
        (assembly.finish(&mut problems).document, problems)
    }

    #[test]
    fn version_1_documents_are_upgraded() {
        let (document, problems) = assemble(vec![json!({"smithy": "1.0", "shapes": {
            "ex#Count": {"type": "integer"},
            "ex#Names": {"type": "set", "member": {"target": "smithy.api#String"}},
            "ex#Thing": {"type": "structure", "members": {
                "count": {"target": "ex#Count"},
                "boxed": {"target": "smithy.api#PrimitiveInteger", "traits": {"smithy.api#box": {}}},
                "flag": {"target": "smithy.api#PrimitiveBoolean"},
                "name": {"target": "smithy.api#String"}}}
        }})]);
        assert!(problems.into_result(()).is_ok());
        let shapes = &document["shapes"];
        assert_eq!(shapes["ex#Count"]["traits"]["smithy.api#default"], json!(0));
        assert_eq!(shapes["ex#Names"]["type"], json!("list"));
        assert_eq!(shapes["ex#Names"]["traits"]["smithy.api#uniqueItems"], json!({}));
        let members = &shapes["ex#Thing"]["members"];
        assert_eq!(members["count"]["traits"]["smithy.api#default"], json!(0));
        assert_eq!(members["boxed"].get("traits"), None, "a boxed member stays optional");
        assert_eq!(members["flag"]["traits"]["smithy.api#default"], json!(false));
        assert_eq!(members["name"].get("traits"), None);
    }

    #[test]
    fn files_merge_metadata_and_applied_traits_as_the_cli_does() {
        let (document, problems) = assemble(vec![
            json!({"smithy": "2.0", "metadata": {"list": [1], "same": "x"}, "shapes": {
                "ex#A": {"type": "string", "traits": {"smithy.api#tags": ["a"]}}}}),
            json!({"smithy": "2.0", "metadata": {"list": [2], "same": "x"}, "shapes": {
                "ex#A": {"type": "apply", "traits": {"smithy.api#tags": ["b"], "smithy.api#documentation": "A"}}}}),
        ]);
        assert!(problems.into_result(()).is_ok());
        assert_eq!(document["metadata"], json!({"list": [1, 2], "same": "x"}));
        assert_eq!(document["shapes"]["ex#A"]["traits"]["smithy.api#tags"], json!(["a", "b"]));
        let (_, problems) = assemble(vec![
            json!({"smithy": "2.0", "metadata": {"m": 1}, "shapes": {
                "ex#A": {"type": "string", "traits": {"smithy.api#documentation": "one"}}}}),
            json!({"smithy": "2.0", "metadata": {"m": 2}, "shapes": {
                "ex#A": {"type": "apply", "traits": {"smithy.api#documentation": "two"}}}}),
        ]);
        let error = problems.into_result(()).expect_err("conflicts").to_string();
        assert!(error.contains("metadata `m` conflicts"), "{error}");
        assert!(error.contains("conflicting values for trait `smithy.api#documentation`"), "{error}");
    }
}
