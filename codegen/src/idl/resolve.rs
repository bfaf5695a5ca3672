//! Turns parsed IDL files into JSON AST documents: relative shape ids become
//! absolute, elided members get their targets, inline traits take their JSON
//! form, and `apply` statements land on the file's own shapes.
//!
//! A relative id resolves to a shape of the file's namespace (defined in any
//! file of the model), then to a `use` import, then to the prelude; failing
//! all three it names a shape of the file's namespace (a target that does not
//! exist is reported later, with the other model problems).

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::lexer::Pos;
use super::syntax::{Body, IdlFile, MemberDef, Node, ShapeDef, ShapeRef, Target, TraitUse, Version};
use super::Fail;
use crate::model::assemble::Positions;
use crate::model::traits::merge_applied;

/// The public shapes of the prelude (`smithy.api`), which relative ids may name.
const PRELUDE: &[&str] = &[
    "String",
    "Blob",
    "BigInteger",
    "BigDecimal",
    "Timestamp",
    "Document",
    "Boolean",
    "Byte",
    "Short",
    "Integer",
    "Long",
    "Float",
    "Double",
    "PrimitiveBoolean",
    "PrimitiveByte",
    "PrimitiveShort",
    "PrimitiveInteger",
    "PrimitiveLong",
    "PrimitiveFloat",
    "PrimitiveDouble",
    "Unit",
    "trait",
    "deprecated",
    "box",
    "documentation",
    "externalDocumentation",
    "auth",
    "protocolDefinition",
    "authDefinition",
    "httpBasicAuth",
    "httpDigestAuth",
    "httpBearerAuth",
    "httpApiKeyAuth",
    "traitValidators",
    "metadata",
    "default",
    "addedDefault",
    "clientOptional",
    "optionalAuth",
    "examples",
    "error",
    "retryable",
    "readonly",
    "idempotent",
    "idempotencyToken",
    "internal",
    "jsonName",
    "xmlAttribute",
    "xmlFlattened",
    "xmlName",
    "xmlNamespace",
    "noReplace",
    "mediaType",
    "references",
    "resourceIdentifier",
    "private",
    "sensitive",
    "since",
    "streaming",
    "requiresLength",
    "longPoll",
    "tags",
    "title",
    "enum",
    "enumValue",
    "length",
    "range",
    "pattern",
    "required",
    "property",
    "notProperty",
    "nestedProperties",
    "recommended",
    "sparse",
    "uniqueItems",
    "unstable",
    "paginated",
    "http",
    "httpLabel",
    "httpQuery",
    "httpQueryParams",
    "httpHeader",
    "httpPrefixHeaders",
    "httpPayload",
    "httpError",
    "httpResponseCode",
    "cors",
    "eventPayload",
    "eventHeader",
    "idRef",
    "timestampFormat",
    "endpoint",
    "hostLabel",
    "suppress",
    "httpChecksumRequired",
    "input",
    "output",
    "unitType",
    "mixin",
    "requestCompression",
];

/// Prelude traits whose value is a list: written bare (`@tags`), they mean `[]`.
const PRELUDE_LIST_TRAITS: &[&str] = &["auth", "examples", "references", "tags", "enum", "suppress"];

/// Deep enough for any real mixin chain; stops a cycle from recursing forever.
const MAX_MIXIN_DEPTH: usize = 64;

/// A shape known to the model, for elision and for bare list traits.
enum Known<'a> {
    Idl { file: usize, shape: &'a ShapeDef },
    Json(&'a Map<String, Value>),
}

pub(crate) struct Resolver<'a> {
    files: &'a [IdlFile],
    /// Per file: imported name → absolute id.
    uses: Vec<BTreeMap<String, String>>,
    known: BTreeMap<String, Known<'a>>,
}

impl<'a> Resolver<'a> {
    /// `json` holds the shapes of the model's JSON AST files, which IDL files may refer to.
    pub(crate) fn new(files: &'a [IdlFile], json: &[&'a Map<String, Value>]) -> Result<Self, (usize, Fail)> {
        let mut known = BTreeMap::new();
        for shapes in json {
            for (id, shape) in shapes.iter() {
                if let Value::Object(shape) = shape {
                    known.insert(id.clone(), Known::Json(shape));
                }
            }
        }
        let mut uses = Vec::new();
        for (index, file) in files.iter().enumerate() {
            let namespace = file.namespace.as_deref().unwrap_or_default();
            for shape in &file.shapes {
                known.insert(format!("{namespace}#{}", shape.name), Known::Idl { file: index, shape });
            }
            uses.push(imports(file).map_err(|fail| (index, fail))?);
        }
        Ok(Self { files, uses, known })
    }

    /// The JSON AST document of file `index`, and where each of its shapes is defined.
    pub(crate) fn document(&self, index: usize) -> Result<(Value, Positions), Fail> {
        let scope = Scope { resolver: self, file: index };
        let positions = self.files[index]
            .shapes
            .iter()
            .map(|shape| (format!("{}#{}", scope.namespace(), shape.name), (shape.pos.line, shape.pos.column)))
            .collect();
        Ok((scope.document()?, positions))
    }
}

fn imports(file: &IdlFile) -> Result<BTreeMap<String, String>, Fail> {
    let mut uses: BTreeMap<String, String> = BTreeMap::new();
    for used in &file.uses {
        let name = used.text.rsplit('#').next().unwrap_or_default().to_owned();
        if let Some(other) = uses.get(&name).filter(|other| **other != used.text) {
            return Err(Fail::new(
                used.pos,
                format!("Cannot use name `{}` because it conflicts with `{other}`", used.text),
            ));
        }
        uses.insert(name, used.text.clone());
    }
    for shape in &file.shapes {
        if let Some(imported) = uses.get(&shape.name) {
            return Err(Fail::new(
                shape.pos,
                format!("Shape name `{}` conflicts with imported shape `{imported}`", shape.name),
            ));
        }
    }
    Ok(uses)
}

/// Resolution from inside one file.
#[derive(Clone, Copy)]
struct Scope<'r, 'a> {
    resolver: &'r Resolver<'a>,
    file: usize,
}

impl<'a> Scope<'_, 'a> {
    fn idl(&self) -> &'a IdlFile {
        &self.resolver.files[self.file]
    }

    fn namespace(&self) -> &str {
        self.idl().namespace.as_deref().unwrap_or("smithy.api")
    }

    /// The absolute id `text` names, and whether a shape of that id is known.
    fn lookup(&self, text: &str) -> (String, bool) {
        // An absolute id is taken as written: it may name a shape of a model not loaded (a trait definition).
        if text.contains('#') {
            return (text.to_owned(), true);
        }
        let (name, member) = match text.split_once('$') {
            Some((name, member)) => (name, Some(member)),
            None => (text, None),
        };
        let local = format!("{}#{name}", self.namespace());
        let base = if self.resolver.known.contains_key(&local) {
            Some(local.clone())
        } else if let Some(imported) = self.resolver.uses[self.file].get(name) {
            Some(imported.clone())
        } else if PRELUDE.contains(&name) {
            Some(format!("smithy.api#{name}"))
        } else {
            None
        };
        let found = base.is_some();
        let base = base.unwrap_or(local);
        match member {
            Some(member) => (format!("{base}${member}"), found),
            None => (base, found),
        }
    }

    fn target(&self, reference: &ShapeRef) -> Result<String, Fail> {
        if reference.text.contains('.') && !reference.text.contains('#') {
            return Err(Fail::new(reference.pos, format!("`{}` is not a valid shape id", reference.text)));
        }
        Ok(self.lookup(&reference.text).0)
    }

    /// A shape id as a node value must name a shape (else it was likely meant as a string).
    fn node(&self, node: &Node) -> Result<Value, Fail> {
        Ok(match node {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(*b),
            Node::Number(n) => Value::Number(n.clone()),
            Node::String(s) => Value::String(s.clone()),
            Node::ShapeId(reference) => {
                let (id, found) = self.lookup(&reference.text);
                if !found {
                    return Err(Fail::new(
                        reference.pos,
                        format!(
                            "Syntactic shape ID `{}` does not resolve to a valid shape ID: `{id}`. Did you mean to quote this string?",
                            reference.text
                        ),
                    ));
                }
                Value::String(id)
            }
            Node::Array(items) => Value::Array(items.iter().map(|item| self.node(item)).collect::<Result<_, _>>()?),
            Node::Object(entries) => {
                let mut object = Map::new();
                for (key, value) in entries {
                    object.insert(key.clone(), self.node(value)?);
                }
                Value::Object(object)
            }
        })
    }

    fn traits(&self, uses: &[TraitUse], owner: &str) -> Result<Map<String, Value>, Fail> {
        let mut traits = Map::new();
        for used in uses {
            let id = self.target(&used.id)?;
            if id == "smithy.api#mixin" && self.idl().version == Version::V1 {
                return Err(Fail::new(
                    used.id.pos,
                    format!(
                        "Mixins can only be used in Smithy 2.0 or later. Attempted to apply a @mixin trait to `{owner}` in a model file using version `1.0`."
                    ),
                ));
            }
            let value = match &used.value {
                Some(value) => self.node(value)?,
                None if self.is_list_trait(&id) => json!([]),
                None => json!({}),
            };
            merge_applied(&mut traits, &id, value).map_err(|message| Fail::new(used.id.pos, message))?;
        }
        Ok(traits)
    }

    fn is_list_trait(&self, id: &str) -> bool {
        if let Some(name) = id.strip_prefix("smithy.api#") {
            return PRELUDE_LIST_TRAITS.contains(&name);
        }
        match self.resolver.known.get(id) {
            Some(Known::Idl { shape, .. }) => matches!(shape.kind, "list" | "set"),
            Some(Known::Json(shape)) => matches!(shape.get("type").and_then(Value::as_str), Some("list" | "set")),
            None => false,
        }
    }

    fn document(&self) -> Result<Value, Fail> {
        let file = self.idl();
        let mut metadata = Map::new();
        for (key, value) in &file.metadata {
            metadata.insert(key.clone(), self.node(value)?);
        }
        let mut shapes = Map::new();
        for shape in &file.shapes {
            let id = format!("{}#{}", self.namespace(), shape.name);
            shapes.insert(id.clone(), self.shape(shape, &id)?);
        }
        for apply in &file.applies {
            let target = self.target(&apply.target)?;
            let traits = self.traits(&apply.traits, &target)?;
            let merge = |into: &mut Map<String, Value>| -> Result<(), Fail> {
                for (id, value) in traits.clone() {
                    merge_applied(into, &id, value).map_err(|message| Fail::new(apply.target.pos, message))?;
                }
                Ok(())
            };
            match local_traits(&mut shapes, &target) {
                Some(into) => merge(into)?,
                // Another file's shape, or a member a mixin brings: the loader applies it.
                None => {
                    let entry = shapes.entry(target.clone()).or_insert_with(|| json!({"type": "apply", "traits": {}}));
                    match entry.get_mut("traits") {
                        Some(Value::Object(into)) => merge(into)?,
                        _ => {
                            return Err(Fail::new(
                                apply.target.pos,
                                format!("`{target}` is defined and applied at once"),
                            ))
                        }
                    }
                }
            }
        }
        let mut document = json!({"smithy": file.version.ast_version()});
        if !metadata.is_empty() {
            document["metadata"] = Value::Object(metadata);
        }
        document["shapes"] = Value::Object(shapes);
        Ok(document)
    }

    fn shape(&self, shape: &ShapeDef, id: &str) -> Result<Value, Fail> {
        let mut out = Map::new();
        out.insert("type".to_owned(), json!(shape.kind));
        if !shape.mixins.is_empty() {
            let mixins =
                shape.mixins.iter().map(|m| Ok(json!({"target": self.target(m)?}))).collect::<Result<_, Fail>>()?;
            out.insert("mixins".to_owned(), Value::Array(mixins));
        }
        if let Some(resource) = &shape.for_resource {
            let resource_id = self.target(resource)?;
            match self.resolver.known.get(&resource_id).map(kind_of) {
                Some("resource") => {}
                Some(other) => {
                    return Err(Fail::new(
                        resource.pos,
                        format!(
                            "The target of the `for` production must be a resource shape, but found a {other} shape: {resource_id}"
                        ),
                    ))
                }
                None => return Err(Fail::new(resource.pos, format!("The `for` resource `{resource_id}` is not defined"))),
            }
        }
        match &shape.body {
            Body::Empty => {}
            Body::Members(members) => self.members(shape, id, members, &mut out)?,
            Body::Properties(properties) => self.properties(shape, properties, &mut out)?,
            Body::Operation { input, output, errors } => {
                for (key, target) in [("input", input), ("output", output)] {
                    if let Some(target) = target {
                        out.insert(key.to_owned(), json!({"target": self.target(target)?}));
                    }
                }
                if let Some(errors) = errors {
                    let list =
                        errors.iter().map(|e| Ok(json!({"target": self.target(e)?}))).collect::<Result<_, Fail>>()?;
                    out.insert("errors".to_owned(), Value::Array(list));
                }
                let is_mixin = shape.traits.iter().any(|t| matches!(t.id.text.as_str(), "mixin" | "smithy.api#mixin"));
                if is_mixin && (input.is_some() || output.is_some()) {
                    return Err(Fail::new(
                        shape.pos,
                        format!("Operation shapes with the mixin trait MUST target `smithy.api#Unit` for their input and output. Operation mixin shape `{id}` defines one or both of these properties."),
                    ));
                }
            }
        }
        let traits = self.traits(&shape.traits, id)?;
        if !traits.is_empty() {
            out.insert("traits".to_owned(), Value::Object(traits));
        }
        Ok(Value::Object(out))
    }

    fn members(
        &self,
        shape: &ShapeDef,
        id: &str,
        members: &[MemberDef],
        out: &mut Map<String, Value>,
    ) -> Result<(), Fail> {
        let mut written = Map::new();
        for member in members {
            let member_id = format!("{id}${}", member.name);
            let target = match &member.target {
                Target::Explicit(reference) => self.target(reference)?,
                Target::Unit => "smithy.api#Unit".to_owned(),
                Target::Elided => self.elided(shape, &member.name, 0).ok_or_else(|| {
                    Fail::new(
                        member.pos,
                        format!("{member_id}: Member target was elided, but no bound resource or mixin contained a matching identifier or member name."),
                    )
                })?,
            };
            let mut traits = self.traits(&member.traits, &member_id)?;
            let value = member.value.as_ref().map(|v| self.node(v)).transpose()?;
            match shape.kind {
                "enum" => {
                    let value = match value {
                        Some(Value::String(text)) => Some(Value::String(text)),
                        Some(other) => {
                            return Err(Fail::new(
                                member.pos,
                                format!(
                                    "{member_id}: enum members can only be assigned string values, but found: {other}"
                                ),
                            ))
                        }
                        None if traits.contains_key("smithy.api#enumValue") => None,
                        None => Some(Value::String(member.name.clone())),
                    };
                    if let Some(value) = value {
                        merge_applied(&mut traits, "smithy.api#enumValue", value)
                            .map_err(|m| Fail::new(member.pos, m))?;
                    }
                    check_enum_value(&traits, &member_id, member.pos)?;
                }
                "intEnum" => {
                    if let Some(value) = value {
                        merge_applied(&mut traits, "smithy.api#enumValue", value)
                            .map_err(|m| Fail::new(member.pos, m))?;
                    }
                    check_int_enum_value(&traits, &member_id, member.pos, !shape.mixins.is_empty())?;
                }
                _ => {
                    if let Some(value) = value {
                        merge_applied(&mut traits, "smithy.api#default", value)
                            .map_err(|m| Fail::new(member.pos, m))?;
                    }
                }
            }
            let mut body = json!({"target": target});
            if !traits.is_empty() {
                body["traits"] = Value::Object(traits);
            }
            written.insert(member.name.clone(), body);
        }
        match shape.kind {
            "list" | "set" | "map" => out.extend(written),
            _ => {
                out.insert("members".to_owned(), Value::Object(written));
            }
        }
        Ok(())
    }

    fn properties(
        &self,
        shape: &ShapeDef,
        properties: &[(String, Node, Pos)],
        out: &mut Map<String, Value>,
    ) -> Result<(), Fail> {
        for (key, value, pos) in properties {
            let pos = *pos;
            let converted = match key.as_str() {
                "version" => match value {
                    Node::String(text) => json!(text),
                    _ => return Err(Fail::new(pos, "`version` must be a string")),
                },
                "operations" | "resources" | "errors" | "collectionOperations" => {
                    let Node::Array(items) = value else {
                        return Err(Fail::new(pos, format!("`{key}` must be a list of shape ids")));
                    };
                    let targets = items.iter().map(|item| Ok(json!({"target": self.node_target(item, pos)?})));
                    Value::Array(targets.collect::<Result<_, Fail>>()?)
                }
                "identifiers" | "properties" => {
                    let Node::Object(entries) = value else {
                        return Err(Fail::new(pos, format!("`{key}` must map names to shape ids")));
                    };
                    let mut map = Map::new();
                    for (name, target) in entries {
                        map.insert(name.clone(), json!({"target": self.node_target(target, pos)?}));
                    }
                    Value::Object(map)
                }
                "rename" => {
                    let Node::Object(entries) = value else {
                        return Err(Fail::new(pos, "`rename` must map shape ids to names"));
                    };
                    let mut map = Map::new();
                    for (from, to) in entries {
                        let from = self.lookup(from).0;
                        map.insert(from, self.node(to)?);
                    }
                    Value::Object(map)
                }
                _ => json!({"target": self.node_target(value, pos)?}),
            };
            out.insert(key.clone(), converted);
        }
        let is_mixin = shape.traits.iter().any(|t| matches!(t.id.text.as_str(), "mixin" | "smithy.api#mixin"));
        if is_mixin && shape.kind == "resource" && !properties.is_empty() {
            return Err(Fail::new(
                shape.pos,
                format!("Resource shapes with the mixin trait may not define any properties. Resource mixin shape `{}#{}` defines one or more properties.", self.namespace(), shape.name),
            ));
        }
        Ok(())
    }

    fn node_target(&self, node: &Node, pos: Pos) -> Result<String, Fail> {
        match node {
            Node::ShapeId(reference) => self.target(reference),
            Node::String(text) => self.target(&ShapeRef { text: text.clone(), pos }),
            _ => Err(Fail::new(pos, "expected a shape id")),
        }
    }

    /// The target an elided member `$name` takes: the `for` resource's
    /// identifier or property of that name, else the mixins' member.
    fn elided(&self, shape: &ShapeDef, name: &str, depth: usize) -> Option<String> {
        if depth > MAX_MIXIN_DEPTH {
            return None;
        }
        if let Some(resource) = &shape.for_resource {
            let resource_id = self.lookup(&resource.text).0;
            if let Some(target) = self.resource_member(&resource_id, name) {
                return Some(target);
            }
        }
        shape.mixins.iter().find_map(|mixin| self.member_target(&self.lookup(&mixin.text).0, name, depth + 1))
    }

    fn resource_member(&self, resource_id: &str, name: &str) -> Option<String> {
        match self.resolver.known.get(resource_id)? {
            Known::Idl { file, shape } => {
                let scope = Scope { resolver: self.resolver, file: *file };
                let Body::Properties(properties) = &shape.body else { return None };
                properties.iter().filter(|(key, _, _)| key == "identifiers" || key == "properties").find_map(
                    |(_, value, pos)| match value {
                        Node::Object(entries) => entries
                            .iter()
                            .find(|(key, _)| key == name)
                            .and_then(|(_, target)| scope.node_target(target, *pos).ok()),
                        _ => None,
                    },
                )
            }
            Known::Json(shape) => ["identifiers", "properties"]
                .iter()
                .find_map(|key| shape.get(*key)?.get(name)?.get("target")?.as_str().map(str::to_owned)),
        }
    }

    /// The target of member `name` of shape `id`, its own or inherited.
    fn member_target(&self, id: &str, name: &str, depth: usize) -> Option<String> {
        if depth > MAX_MIXIN_DEPTH {
            return None;
        }
        match self.resolver.known.get(id)? {
            Known::Idl { file, shape } => {
                let scope = Scope { resolver: self.resolver, file: *file };
                let own = match &shape.body {
                    Body::Members(members) => members.iter().find(|m| m.name == name),
                    _ => None,
                };
                match own.map(|m| &m.target) {
                    Some(Target::Explicit(reference)) => scope.target(reference).ok(),
                    Some(Target::Unit) => Some("smithy.api#Unit".to_owned()),
                    Some(Target::Elided) => scope.elided(shape, name, depth + 1),
                    None => {
                        shape.mixins.iter().find_map(|m| scope.member_target(&scope.lookup(&m.text).0, name, depth + 1))
                    }
                }
            }
            Known::Json(shape) => {
                let own = shape.get("members").and_then(|members| members.get(name)).or_else(|| shape.get(name));
                if let Some(target) = own.and_then(|member| member.get("target")).and_then(Value::as_str) {
                    return Some(target.to_owned());
                }
                let mixins = shape.get("mixins")?.as_array()?;
                mixins.iter().find_map(|m| self.member_target(m.get("target")?.as_str()?, name, depth + 1))
            }
        }
    }
}

fn kind_of<'s>(known: &'s Known<'_>) -> &'s str {
    match known {
        Known::Idl { shape, .. } => shape.kind,
        Known::Json(shape) => shape.get("type").and_then(Value::as_str).unwrap_or("unknown"),
    }
}

/// The traits object of a shape (or member) of this file's document, if it is here.
fn local_traits<'m>(shapes: &'m mut Map<String, Value>, target: &str) -> Option<&'m mut Map<String, Value>> {
    let (shape_id, member) = match target.split_once('$') {
        Some((shape, member)) => (shape, Some(member)),
        None => (target, None),
    };
    let shape = shapes.get_mut(shape_id)?.as_object_mut()?;
    if shape.get("type").and_then(Value::as_str) == Some("apply") {
        return None;
    }
    let owner = match member {
        None => shape,
        Some(member) if shape.contains_key("members") => shape.get_mut("members")?.get_mut(member)?.as_object_mut()?,
        Some(member @ ("member" | "key" | "value")) => shape.get_mut(member)?.as_object_mut()?,
        Some(_) => return None,
    };
    let traits = owner.entry("traits").or_insert_with(|| json!({}));
    traits.as_object_mut()
}

fn check_enum_value(traits: &Map<String, Value>, member_id: &str, pos: Pos) -> Result<(), Fail> {
    match traits.get("smithy.api#enumValue") {
        None | Some(Value::String(_)) => Ok(()),
        Some(other) => Err(Fail::new(
            pos,
            format!("{member_id}: enum members can only be assigned string values, but found: {other}"),
        )),
    }
}

fn check_int_enum_value(traits: &Map<String, Value>, member_id: &str, pos: Pos, has_mixins: bool) -> Result<(), Fail> {
    let fail = |message: String| Err(Fail::new(pos, format!("{member_id}: {message}")));
    match traits.get("smithy.api#enumValue") {
        None if has_mixins => Ok(()),
        None => fail("intEnum members require integer values, but found none".to_owned()),
        Some(Value::Number(n)) if n.is_f64() => fail("intEnum members do not support floating point values".to_owned()),
        Some(Value::Number(n)) => match n.as_i64() {
            Some(v) if i32::try_from(v).is_ok() => Ok(()),
            _ => fail(format!("intEnum members must fit within an integer, but found: {n}")),
        },
        Some(other) => fail(format!("intEnum members require integer values, but found: {other}")),
    }
}
