//! Lowering the validated model into the Rust IR. This is the one place that
//! decides names, `Option`-ness, boxing, wire names and HTTP bindings.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToKebabCase;
use serde_json::Value;

use super::naming::{camel, snake, Scope};
use super::{
    docs, recursion, Binding, Codec, Constraints, DefaultValue, DocumentCodec, EndpointDef, EndpointParam,
    EndpointParamKind, EnumDef, FieldDef, NamedKind, Needs, OperationDef, OperationError, PaginatorDef, PathSegment,
    Protocol, Role, RustCrate, RustType, ServiceInfo, StructDef, TypeDef, UnionDef, UnionVariant, VariantDef,
    XmlMember, XmlNamespace, XmlNode,
};
use crate::error::{Error, Problems};
use crate::model::traits::{ids, TimestampFormat};
use crate::model::{Location, Member, Model, Shape, ShapeId, ShapeKind, Simple};
use crate::select::{closure, Selection};

/// Names the runtime puts in `crate::error`; model errors that would take
/// one of them are renamed.
const RUNTIME_ERROR_NAMES: &[&str] = &[
    "BuildError",
    "BuildErrorKind",
    "Constraint",
    "ConstraintViolation",
    "ConstraintViolations",
    "ResponseParseError",
    "UnhandledError",
];

/// Method names the generated code defines on structures and builders;
/// a member that would take one of them is renamed.
const RESERVED_FIELD_NAMES: &[&str] = &["builder", "build", "validate"];

/// Lowers the selected operations and everything they reach.
pub(crate) fn lower(
    model: &Model,
    selection: &Selection<'_>,
    package: Option<&str>,
    partitions: Option<&str>,
) -> Result<RustCrate, Error> {
    let mut lowering = Lowering::new(model, selection);
    lowering.name_shapes();
    let service = lowering.service_info();
    let mut types = lowering.lower_types();
    let mut files = Scope::with_reserved(&["builders", "mod"]);
    let type_modules = types.iter().map(|t| files.claim(&snake(t.name()))).collect();
    let errors = lowering.lower_errors();
    // Large errors are boxed in event streams' error enums as in operations'.
    for stream in types.iter_mut().filter_map(|t| match t {
        TypeDef::Union(u) => u.event_stream.as_mut(),
        _ => None,
    }) {
        for error in &mut stream.errors {
            error.boxed = lowering.errors_boxed.contains(&error.type_name);
        }
    }
    let mut operations = lowering.lower_operations(&types);
    let package = package.map(str::to_owned).unwrap_or_else(|| default_package_name(selection.service));
    let endpoint = lowering.lower_endpoint(partitions);
    let Lowering { problems, mut warnings, needs, .. } = lowering;
    if let Some(endpoint) = &endpoint {
        let structs = super::endpoint::struct_types(&types);
        for op in &mut operations {
            match super::endpoint::setters(op, &endpoint.bindings, &endpoint.params, &structs) {
                Ok(setters) => op.endpoint_params = setters,
                Err(why) => warnings.push(why),
            }
        }
    }
    let mut krate = RustCrate { package, service, types, type_modules, errors, operations, needs, endpoint, warnings };
    // Constraint helpers are needed wherever a `Validate` impl is emitted:
    // inputs, and types that inputs reach (even when an operation is left out).
    let validating: Vec<&StructDef> = krate.structs().filter(|s| s.validates).collect();
    let constraints = !validating.is_empty();
    let patterns = validating.iter().flat_map(|s| &s.fields).any(|f| {
        f.ty == RustType::String && f.constraints.pattern.as_deref().is_some_and(|p| regex_lite::Regex::new(p).is_ok())
    });
    krate.needs.constraints = constraints;
    krate.needs.patterns = patterns;
    // Content-MD5 and checksums are base64, from the blob runtime.
    krate.needs.blob |= krate.needs.md5 || krate.needs.checksum;
    // The XML runtime reads and writes blobs and timestamps itself.
    if krate.service.protocol.is_some_and(|p| p.codec() != DocumentCodec::Json) {
        krate.needs.blob = true;
        krate.needs.datetime = true;
    }
    assign_codecs(&mut krate);
    // A stream no generated operation reads or sends (XML events, an operation left out)
    // stays an ordinary union: no reader or writer, no event-stream runtime.
    for t in &mut krate.types {
        if let TypeDef::Union(u) = t {
            let codec = krate.service.protocol.map_or(DocumentCodec::Json, |p| p.codec());
            // Read in JSON or XML (S3's `SelectObjectContent`), sent in JSON.
            let served =
                (u.codec.read && codec != DocumentCodec::Query) || (u.codec.write && codec == DocumentCodec::Json);
            if !served {
                if let Some(stream) = u.event_stream.take() {
                    u.variants.extend(stream.error_variants);
                }
            }
        }
    }
    krate.needs.event_stream = krate.types.iter().any(|t| matches!(t, TypeDef::Union(u) if u.event_stream.is_some()));
    krate.needs.event_input =
        krate.operations.iter().any(|op| op.input.fields.iter().any(|f| matches!(f.ty, RustType::EventSender { .. })));
    problems.into_result(krate)
}

/// The `message` member an XML error gets when its model has none: the body's `<Message>`.
fn xml_message_field(fields: &[FieldDef]) -> FieldDef {
    let mut scope = Scope::with_reserved(RESERVED_FIELD_NAMES);
    for field in fields {
        scope.claim_field(&field.name);
    }
    FieldDef {
        name: scope.claim_field("message"),
        member: "Message".to_owned(),
        wire: "Message".to_owned(),
        ty: RustType::String,
        optional: true,
        boxed: false,
        docs: Some("The message the service sent with the error (its `<Message>`; not in the model).".to_owned()),
        deprecated: None,
        sensitive: false,
        required: false,
        constraints: Constraints::default(),
        binding: Binding::Body,
        default: None,
        zero_default: false,
        media_type: None,
        idempotency_token: false,
        xml: Some(Box::new(XmlMember {
            name: "Message".to_owned(),
            attribute: false,
            flattened: false,
            namespace: None,
            query_key: "Message".to_owned(),
            node: XmlNode::Leaf,
        })),
    }
}

/// The member an `@awsQueryCompatible` service's error gets for its `x-amzn-query-error`
/// header (`Code;Fault`): the code the service's query API used, which `code()` returns.
fn query_error_field(fields: &[FieldDef]) -> FieldDef {
    // The structure's own scope again (its names are already distinct, so they claim as they
    // are), so that the new name is free of fields, their setters and the reserved names.
    let mut scope = Scope::with_reserved(RESERVED_FIELD_NAMES);
    for field in fields {
        scope.claim_field(&field.name);
    }
    FieldDef {
        name: scope.claim_field("query_error"),
        member: "x-amzn-query-error".to_owned(),
        wire: "x-amzn-query-error".to_owned(),
        ty: RustType::String,
        optional: true,
        boxed: false,
        docs: Some(
            "The `x-amzn-query-error` header, `Code;Fault`: the error's code in the service's older query API\n(what `code()` returns) and who is at fault (`Sender` or `Receiver`).".to_owned(),
        ),
        deprecated: None,
        sensitive: false,
        required: false,
        constraints: Constraints::default(),
        binding: Binding::Header("x-amzn-query-error".to_owned()),
        default: None,
        zero_default: false,
        media_type: None,
        idempotency_token: false,
        xml: None,
    }
}

/// Marks the JSON directions of every type: inputs and what their body
/// members reach are written; outputs, errors and what they reach are read.
fn assign_codecs(krate: &mut RustCrate) {
    // Types and errors live in two namespaces: keys say which.
    type Key<'a> = (bool, &'a str);
    fn reach<'a>(ty: &'a RustType, out: &mut Vec<Key<'a>>) {
        match ty {
            RustType::Named { name, kind } => out.push((matches!(kind, NamedKind::Error { .. }), name)),
            RustType::EventStream { union, .. } | RustType::EventSender { union } => out.push((false, union)),
            RustType::List(inner) | RustType::Nullable(inner) => reach(inner, out),
            RustType::Map(key, value) => {
                reach(key, out);
                reach(value, out);
            }
            _ => {}
        }
    }
    fn json_members(s: &StructDef) -> Vec<&RustType> {
        let json = |f: &&FieldDef| matches!(f.binding, Binding::Body | Binding::Payload | Binding::EventPayload);
        s.fields.iter().filter(json).map(|f| &f.ty).collect()
    }
    fn keys<'a>(types: impl IntoIterator<Item = &'a RustType>) -> Vec<Key<'a>> {
        let mut out = Vec::new();
        for ty in types {
            reach(ty, &mut out);
        }
        out
    }
    // What each type reaches; an event stream also reaches its exceptions, which a stream
    // that is sent writes as `exception` messages.
    let named: std::collections::HashMap<Key<'_>, Vec<Key<'_>>> = krate
        .types
        .iter()
        .map(|t| match t {
            TypeDef::Struct(s) => ((false, s.name.as_str()), keys(json_members(s))),
            TypeDef::Union(u) => {
                let mut reached = keys(u.variants.iter().filter_map(|v| v.ty.as_ref()));
                let exceptions = u.event_stream.iter().flat_map(|stream| &stream.errors);
                reached.extend(exceptions.map(|e| (true, e.type_name.as_str())));
                ((false, u.name.as_str()), reached)
            }
            TypeDef::Enum(e) => ((false, e.name.as_str()), Vec::new()),
        })
        .chain(krate.errors.iter().map(|e| ((true, e.name.as_str()), keys(json_members(e)))))
        .collect();
    let closure = |roots: Vec<&RustType>| -> BTreeSet<(bool, String)> {
        let mut seen = BTreeSet::new();
        let mut stack = keys(roots);
        while let Some(key) = stack.pop() {
            if seen.insert((key.0, key.1.to_owned())) {
                stack.extend(named.get(&key).into_iter().flatten().copied());
            }
        }
        seen
    };
    let written = closure(krate.operations.iter().flat_map(|op| json_members(&op.input)).collect());
    let read = closure(
        krate
            .operations
            .iter()
            .flat_map(|op| json_members(&op.output))
            .chain(krate.errors.iter().flat_map(json_members))
            .collect(),
    );
    let codec = |error: bool, name: &str| {
        let key = (error, name.to_owned());
        Codec { read: read.contains(&key), write: written.contains(&key) }
    };
    for t in &mut krate.types {
        match t {
            TypeDef::Struct(s) => s.codec = codec(false, &s.name),
            TypeDef::Union(u) => u.codec = codec(false, &u.name),
            TypeDef::Enum(e) => e.codec = codec(false, &e.name),
        }
    }
    for e in &mut krate.errors {
        e.codec = Codec { read: true, ..codec(true, &e.name) };
    }
    for op in &mut krate.operations {
        // A restJson1 input with no body member is never written as JSON.
        let json_body = !op.protocol.uses_http_bindings() || op.input.fields.iter().any(|f| f.binding == Binding::Body);
        op.input.codec = Codec { read: false, write: json_body };
        op.output.codec = Codec { read: true, write: false };
    }
}

/// How an operation is authenticated: its `@auth` list, else the service's, when empty means
/// unsigned (even with `@optionalAuth`, which the corpus puts beside every `@auth([])`); else
/// `@optionalAuth` signs only with credentials; else SigV4 (services whose only scheme is not
/// SigV4, such as bearer tokens, are signed anyway: the client has no other scheme).
fn auth_mode(op: &Shape, service: &Shape) -> super::AuthMode {
    const AUTH: &str = "smithy.api#auth";
    let schemes = op.traits.get(AUTH).or_else(|| service.traits.get(AUTH)).and_then(Value::as_array);
    if schemes.is_some_and(Vec::is_empty) {
        super::AuthMode::Unsigned
    } else if op.traits.has("smithy.api#optionalAuth") {
        super::AuthMode::Optional
    } else {
        super::AuthMode::SigV4
    }
}

/// Methods of the generated `Client` itself; an operation method that would
/// take one of them is renamed.
const CLIENT_METHODS: &[&str] = &["new", "config"];

/// The SigV4 signing name: `aws.auth#sigv4`'s `name`; else the sdkId
/// lowercased without spaces; else the service shape's name lowercased.
fn signing_name(service: &Shape) -> String {
    if let Some(name) = service.traits.get(ids::SIGV4).and_then(|v| v.get("name")).and_then(Value::as_str) {
        return name.to_owned();
    }
    let sdk_id = service.traits.get(ids::AWS_SERVICE).and_then(|v| v.get("sdkId")).and_then(Value::as_str);
    sdk_id.unwrap_or(service.id.name()).chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase()
}

/// The `aws.api#service` sdkId's words, lowercased and joined by `-`
/// (`IoT Managed Integrations` → `iot-managed-integrations`); without an
/// sdkId, the service shape's name in kebab case.
fn default_package_name(service: &Shape) -> String {
    let sdk_id = service.traits.get(ids::AWS_SERVICE).and_then(|v| v.get("sdkId")).and_then(Value::as_str);
    let words: Vec<String> = sdk_id
        .unwrap_or_default()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    if words.is_empty() {
        service.id.name().to_kebab_case()
    } else {
        words.join("-")
    }
}

struct Lowering<'m> {
    model: &'m Model,
    selection: &'m Selection<'m>,
    protocol: Option<Protocol>,
    /// Errors of every operation: the operation's own, then the service's.
    operation_errors: BTreeMap<ShapeId, Vec<ShapeId>>,
    /// Shapes reachable from operation members and errors.
    reachable: BTreeSet<ShapeId>,
    /// Rust names of the named types (`types` and `error` modules).
    names: BTreeMap<ShapeId, String>,
    boxed: BTreeSet<(ShapeId, String)>,
    /// Structures that implement `Validate`.
    validating: BTreeSet<ShapeId>,
    needs: Needs,
    problems: Problems,
    warnings: Vec<String>,
    /// Error types large enough to be boxed inside operation error enums.
    errors_boxed: BTreeSet<String>,
    /// The lowered error structures (for checking their bindings).
    lowered_errors: Vec<StructDef>,
}

impl<'m> Lowering<'m> {
    fn new(model: &'m Model, selection: &'m Selection<'m>) -> Self {
        let traits = &selection.service.traits;
        let protocol = if traits.has(ids::REST_JSON1) {
            Some(Protocol::RestJson1)
        } else if traits.has(ids::AWS_JSON1_0) {
            Some(Protocol::AwsJson1_0)
        } else if traits.has(ids::AWS_JSON1_1) {
            Some(Protocol::AwsJson1_1)
        } else if traits.has(ids::REST_XML) {
            Some(Protocol::RestXml)
        } else if traits.has(ids::AWS_QUERY) {
            Some(Protocol::AwsQuery)
        } else if traits.has(ids::EC2_QUERY) {
            Some(Protocol::Ec2Query)
        } else {
            None
        };
        let service_errors = match &selection.service.kind {
            ShapeKind::Service(service) => service.errors.clone(),
            _ => Vec::new(),
        };
        let mut operation_errors = BTreeMap::new();
        let mut roots = Vec::new();
        for op in &selection.operations {
            let ShapeKind::Operation(operation) = &op.kind else { continue };
            let mut errors = operation.errors.clone();
            for error in &service_errors {
                if !errors.contains(error) {
                    errors.push(error.clone());
                }
            }
            for io in [&operation.input, &operation.output] {
                if let Some(shape) = model.get(io) {
                    roots.extend(shape.kind.members().into_iter().map(|m| m.target.clone()));
                }
            }
            roots.extend(errors.iter().cloned());
            operation_errors.insert(op.id.clone(), errors);
        }
        let reachable = closure(model, roots);
        let mut io_shapes = reachable.clone();
        for op in &selection.operations {
            if let ShapeKind::Operation(operation) = &op.kind {
                io_shapes.insert(operation.input.clone());
                io_shapes.insert(operation.output.clone());
            }
        }
        let boxed = recursion::boxed_members(model, &io_shapes);
        let validating = validating_shapes(model, selection);
        Self {
            model,
            selection,
            protocol,
            operation_errors,
            reachable,
            names: BTreeMap::new(),
            boxed,
            validating,
            needs: Needs::default(),
            problems: Problems::default(),
            warnings: Vec::new(),
            errors_boxed: BTreeSet::new(),
            lowered_errors: Vec::new(),
        }
    }

    fn rename_of(&self, id: &ShapeId) -> String {
        match &self.selection.service.kind {
            ShapeKind::Service(service) => service.rename.get(id).cloned().unwrap_or_else(|| id.name().to_owned()),
            _ => id.name().to_owned(),
        }
    }

    /// Gives every named type its Rust name, in shape-id order so that renames
    /// after a collision are stable.
    fn name_shapes(&mut self) {
        let mut types = Scope::default();
        let mut errors = Scope::with_reserved(RUNTIME_ERROR_NAMES);
        for id in &self.reachable {
            let Some(shape) = self.model.get(id) else { continue };
            if id.is_prelude() {
                continue;
            }
            let scope = match &shape.kind {
                ShapeKind::Structure(_) if shape.traits.has(ids::ERROR) => &mut errors,
                ShapeKind::Structure(_) | ShapeKind::Enum(_) | ShapeKind::Union(_) => &mut types,
                _ => continue,
            };
            let name = scope.claim(&camel(&self.rename_of(id)));
            self.names.insert(id.clone(), name);
        }
    }

    fn service_info(&mut self) -> ServiceInfo {
        let service = self.selection.service;
        let traits = &service.traits;
        let sdk_id = traits.get(ids::AWS_SERVICE).and_then(|v| v.get("sdkId")).and_then(Value::as_str);
        let title = traits.string(ids::TITLE).or(sdk_id).unwrap_or(service.id.name()).to_owned();
        if self.protocol.is_none() {
            let protocols: Vec<&str> = traits
                .0
                .keys()
                .filter(|k| k.starts_with("aws.protocols#") || k.starts_with("smithy.protocols#"))
                .map(String::as_str)
                .collect();
            self.warnings.push(format!(
                "service `{}` uses {}, not a protocol the generator serves: its types are generated, its operations are left out",
                service.id,
                if protocols.is_empty() { "no protocol trait".to_owned() } else { protocols.join(", ") }
            ));
        }
        ServiceInfo {
            shape_name: service.id.name().to_owned(),
            title,
            version: match &service.kind {
                ShapeKind::Service(s) => s.version.clone(),
                _ => None,
            },
            docs: traits.documentation().map(docs::to_markdown),
            protocol_name: self.protocol.map_or_else(|| protocol_name(traits), |p| p.trait_name().to_owned()),
            signing_name: signing_name(service),
            protocol: self.protocol,
        }
    }

    /// The endpoint rules, with a `Params` field per parameter; `None` (and a
    /// warning) when the service has rules but no partition table was given.
    fn lower_endpoint(&mut self, partitions: Option<&str>) -> Option<EndpointDef> {
        let traits = &self.selection.service.traits;
        let rules = traits.get("smithy.rules#endpointRuleSet")?;
        let Some(partitions) = partitions else {
            self.warnings.push(format!(
                "service `{}` has endpoint rules, but no partition table was given (Settings::partitions): the crate has no endpoint resolver",
                self.selection.service.id
            ));
            return None;
        };
        let mut fields = Scope::with_reserved(&["builder"]);
        let params: Vec<EndpointParam> = rules
            .get("parameters")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(name, param)| {
                let kind = match param.get("type").and_then(Value::as_str).map(str::to_ascii_lowercase).as_deref() {
                    Some("boolean") => EndpointParamKind::Bool,
                    Some("stringarray") => EndpointParamKind::StringArray,
                    _ => EndpointParamKind::String,
                };
                EndpointParam {
                    field: fields.claim(&snake(name)),
                    name: name.clone(),
                    kind,
                    docs: param.get("documentation").and_then(Value::as_str).map(docs::to_markdown),
                    built_in: param.get("builtIn").and_then(Value::as_str).map(str::to_owned),
                }
            })
            .collect();
        let tests = traits
            .get("smithy.rules#endpointTests")
            .and_then(|t| t.get("testCases"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let bindings = super::endpoint::model_bindings(self.model, self.selection, &params);
        self.warnings.extend(bindings.ignored.iter().cloned());
        let client_params = super::endpoint::client_params(self.selection.service, &bindings, &params);
        Some(EndpointDef {
            rules: rules.to_string(),
            partitions: partitions.to_owned(),
            params,
            tests,
            bindings,
            client_params,
        })
    }

    fn lower_types(&mut self) -> Vec<TypeDef> {
        let mut out = Vec::new();
        let ids: Vec<ShapeId> = self.names.keys().cloned().collect();
        for id in ids {
            let Some(shape) = self.model.get(&id) else { continue };
            let name = self.names.get(&id).cloned().unwrap_or_default();
            match &shape.kind {
                ShapeKind::Structure(_) if !shape.traits.has(ids::ERROR) => {
                    out.push(TypeDef::Struct(self.lower_struct(shape, name, Role::Plain)));
                }
                ShapeKind::Enum(_) => out.push(TypeDef::Enum(self.lower_enum(shape, name))),
                ShapeKind::Union(_) => out.push(TypeDef::Union(self.lower_union(shape, name))),
                _ => {}
            }
        }
        out.sort_by(|a, b| a.name().cmp(b.name()));
        out
    }

    fn lower_errors(&mut self) -> Vec<StructDef> {
        let mut out = Vec::new();
        let ids: Vec<ShapeId> = self.names.keys().cloned().collect();
        for id in ids {
            let Some(shape) = self.model.get(&id) else { continue };
            if matches!(shape.kind, ShapeKind::Structure(_)) && shape.traits.has(ids::ERROR) {
                let name = self.names.get(&id).cloned().unwrap_or_default();
                let code = self.error_code(&id);
                let mut def = self.lower_struct(
                    shape,
                    name,
                    Role::Error { message: None, query_error: None, code: code.clone() },
                );
                let mut message = def.fields.iter().position(|f| {
                    f.ty == RustType::String
                        && ["message", "errormessage"].contains(&f.member.to_ascii_lowercase().as_str())
                });
                // XML error bodies always carry a `<Message>`, modeled or not (S3 models none):
                // it is kept in a member of its own rather than lost.
                if message.is_none() && self.protocol.is_some_and(|p| p.codec() != DocumentCodec::Json) {
                    def.fields.push(xml_message_field(&def.fields));
                    message = Some(def.fields.len() - 1);
                }
                let query_error = self.query_compatible().then(|| {
                    def.fields.push(query_error_field(&def.fields));
                    def.fields.len() - 1
                });
                def.role = Role::Error { message, query_error, code };
                out.push(def);
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        // An operation's error enum holds errors inline; a large one is boxed so
        // that `Result<Output, Error>` stays small (clippy's result_large_err).
        self.errors_boxed = out.iter().filter(|e| e.estimated_size() > 96).map(|e| e.name.clone()).collect();
        self.lowered_errors = out.clone();
        out
    }

    /// `@awsQueryCompatible`: requests say so, and errors carry their query API's code.
    /// S3 and S3 Control: the bucket is placed by the endpoint rules (virtual-hosted or path
    /// style), so the request path does not hold it.
    fn is_s3(&self) -> bool {
        let sdk_id = self.selection.service.traits.get(ids::AWS_SERVICE).and_then(|v| v.get("sdkId"));
        sdk_id.and_then(Value::as_str) == Some("S3")
    }

    fn query_compatible(&self) -> bool {
        self.selection.service.traits.has("aws.protocols#awsQueryCompatible")
    }

    fn lower_struct(&mut self, shape: &Shape, name: String, role: Role) -> StructDef {
        let members: &[Member] = match &shape.kind {
            ShapeKind::Structure(members) => members,
            _ => &[],
        };
        // An input's builder also has `send()` and the field of its client (the fluent call).
        let mut scope = if role == Role::Input {
            Scope::with_reserved(&[RESERVED_FIELD_NAMES, &["send", "client"]].concat())
        } else {
            Scope::with_reserved(RESERVED_FIELD_NAMES)
        };
        let mut fields = Vec::new();
        for member in members {
            if let Some(field) = self.lower_field(shape, member, &role, &mut scope) {
                fields.push(field);
            }
        }
        StructDef {
            shape_name: shape.id.name().to_owned(),
            docs: match role {
                Role::Input | Role::Output => shape.traits.documentation().map(docs::to_markdown),
                Role::Plain | Role::Error { .. } => type_docs(shape, &name),
            },
            deprecated: shape.traits.deprecated(),
            fields,
            validates: self.validating.contains(&shape.id),
            codec: Codec::default(),
            xml_root: self.protocol.filter(|p| p.codec() != DocumentCodec::Json).map(|_| {
                let name = shape.traits.string(ids::XML_NAME).unwrap_or(shape.id.name()).to_owned();
                // The shape's namespace, else the service's (S3's `http://s3.amazonaws.com/doc/…`).
                let namespace = xml_namespace(&shape.traits).or_else(|| xml_namespace(&self.selection.service.traits));
                (name, namespace)
            }),
            role,
            name,
        }
    }

    fn lower_field(&mut self, parent: &Shape, member: &Member, role: &Role, scope: &mut Scope) -> Option<FieldDef> {
        let at = Location::member(parent, &member.name);
        let target = self.model.get(&member.target)?;
        let ty = self.rust_type(target, &member.traits, &at)?;
        let traits = target.traits.merged(&member.traits);
        let member_traits = &member.traits;
        let required = member_traits.has(ids::REQUIRED);
        let default = member_traits.get(ids::DEFAULT).or_else(|| target.traits.get(ids::DEFAULT));
        let usable_default = default.is_some_and(|value| {
            (is_zero_value(value) && !matches!(ty, RustType::Document)) || default_value(value, &ty).is_some()
        });
        let aggregate = matches!(target.kind, ShapeKind::Structure(_) | ShapeKind::Union(_));
        let optional = *role == Role::Input
            || member_traits.has(ids::CLIENT_OPTIONAL)
            || aggregate
            || !(required || usable_default);
        let binding = match (role, self.protocol.is_some_and(Protocol::uses_http_bindings)) {
            (Role::Input, true) => input_binding(member),
            (Role::Output | Role::Error { .. }, true) => output_binding(member),
            (Role::Plain, _) if member_traits.has(ids::EVENT_HEADER) => Binding::EventHeader,
            (Role::Plain, _) if member_traits.has(ids::EVENT_PAYLOAD) => Binding::EventPayload,
            _ => Binding::Body,
        };
        // An output's event stream is the body, read as it comes (never optional: a response
        // without events is an empty stream).
        // An input's event stream is the body too, sent as it comes.
        let event_stream = target.traits.has(ids::STREAMING);
        let (ty, binding) = match ty {
            RustType::Named { name, kind: NamedKind::Union } if event_stream && *role == Role::Output => {
                (RustType::EventStream { error: format!("{name}Error"), union: name }, Binding::Payload)
            }
            RustType::Named { name, kind: NamedKind::Union } if event_stream && *role == Role::Input => {
                (RustType::EventSender { union: name }, Binding::Payload)
            }
            ty => (ty, binding),
        };
        // A `@streaming` blob payload passes through in chunks (never optional either: an
        // empty body is an empty stream).
        let ty = match ty {
            RustType::Blob if binding == Binding::Payload && target.traits.has(ids::STREAMING) => {
                self.needs.byte_stream = true;
                RustType::ByteStream { requires_length: target.traits.has(ids::REQUIRES_LENGTH) }
            }
            ty => ty,
        };
        let optional = optional
            && !matches!(ty, RustType::EventStream { .. } | RustType::EventSender { .. } | RustType::ByteStream { .. });
        // Timestamps outside the body default to http-date (headers) or
        // date-time (labels, query), unless the model names a format.
        let location_format = match &binding {
            Binding::Header(_) => Some(TimestampFormat::HttpDate),
            Binding::Label | Binding::Query(_) => Some(TimestampFormat::DateTime),
            _ => None,
        };
        let ty = match location_format {
            Some(format) if !self.has_explicit_timestamp_format(member, target) => with_timestamp_format(ty, format),
            _ => ty,
        };
        if matches!(binding, Binding::Header(_)) && target.traits.has(ids::MEDIA_TYPE) {
            self.needs.blob = true;
        }
        if member_traits.has(ids::IDEMPOTENCY_TOKEN) && *role == Role::Input {
            self.needs.idempotency = true;
        }
        let zero_default =
            matches!(ty, RustType::EventStream { .. } | RustType::EventSender { .. } | RustType::ByteStream { .. })
                || !optional && default.is_some_and(|value| is_zero_value(value) && !matches!(ty, RustType::Document));
        let default = if optional { None } else { default.and_then(|value| default_value(value, &ty)) };
        let xml = self.xml_member(member, target, binding == Binding::Payload);
        Some(FieldDef {
            name: scope.claim_field(&snake(&member.name)),
            member: member.name.clone(),
            wire: self.wire_name(member),
            boxed: self.boxed.contains(&(parent.id.clone(), member.name.clone())),
            docs: field_docs(member, target),
            deprecated: member_traits.deprecated(),
            sensitive: self.is_sensitive(target),
            required,
            constraints: Constraints {
                length: traits.length(),
                range: traits.range(),
                pattern: traits.pattern().map(str::to_owned),
            },
            binding,
            default,
            zero_default,
            media_type: target.traits.string(ids::MEDIA_TYPE).map(str::to_owned),
            idempotency_token: member_traits.has(ids::IDEMPOTENCY_TOKEN),
            xml,
            ty,
            optional,
        })
    }

    /// How a member is spelled in XML and query keys; `None` for the JSON protocols. A payload's
    /// element is named by the member's `@xmlName`, else the target's, else the target's name.
    fn xml_member(&self, member: &Member, target: &Shape, payload: bool) -> Option<Box<XmlMember>> {
        let protocol = self.protocol?;
        if protocol.codec() == DocumentCodec::Json {
            return None;
        }
        let own_name = member.traits.string(ids::XML_NAME);
        let name = match (own_name, payload) {
            (Some(name), _) => name.to_owned(),
            (None, true) => target.traits.string(ids::XML_NAME).unwrap_or(target.id.name()).to_owned(),
            (None, false) => member.name.clone(),
        };
        let namespace =
            xml_namespace(&member.traits).or_else(|| payload.then(|| xml_namespace(&target.traits)).flatten());
        let query_key = match protocol {
            Protocol::Ec2Query => member
                .traits
                .string(ids::EC2_QUERY_NAME)
                .map_or_else(|| capitalize(own_name.unwrap_or(&member.name)), str::to_owned),
            _ => own_name.unwrap_or(&member.name).to_owned(),
        };
        Some(Box::new(XmlMember {
            name,
            attribute: member.traits.has(ids::XML_ATTRIBUTE),
            flattened: member.traits.has(ids::XML_FLATTENED),
            namespace,
            query_key,
            node: self.xml_node(target, 0),
        }))
    }

    /// The names inside a collection (bounded: recursion goes through named shapes, whose
    /// members have their own [`XmlMember`]).
    fn xml_node(&self, shape: &Shape, depth: usize) -> XmlNode {
        if depth > 32 {
            return XmlNode::Leaf;
        }
        let inner =
            |member: &Member| self.model.get(&member.target).map_or(XmlNode::Leaf, |t| self.xml_node(t, depth + 1));
        match &shape.kind {
            ShapeKind::List { member, .. } => XmlNode::List {
                item: member.traits.string(ids::XML_NAME).unwrap_or("member").to_owned(),
                item_namespace: xml_namespace(&member.traits),
                items: Box::new(inner(member)),
            },
            ShapeKind::Map { key, value } => XmlNode::Map {
                key: key.traits.string(ids::XML_NAME).unwrap_or("key").to_owned(),
                value: value.traits.string(ids::XML_NAME).unwrap_or("value").to_owned(),
                key_namespace: xml_namespace(&key.traits),
                value_namespace: xml_namespace(&value.traits),
                values: Box::new(inner(value)),
            },
            _ => XmlNode::Leaf,
        }
    }

    /// Timestamps in bodies: epoch seconds in JSON, date-time in XML and query.
    fn body_timestamp_format(&self) -> TimestampFormat {
        match self.protocol.map(Protocol::codec) {
            Some(DocumentCodec::Xml | DocumentCodec::Query) => TimestampFormat::DateTime,
            Some(DocumentCodec::Json) | None => TimestampFormat::EpochSeconds,
        }
    }

    /// `@timestampFormat` on the member, its target, or a list's element.
    fn has_explicit_timestamp_format(&self, member: &Member, target: &Shape) -> bool {
        let on = |traits: &crate::model::Traits| traits.has(ids::TIMESTAMP_FORMAT);
        on(&member.traits)
            || on(&target.traits)
            || match &target.kind {
                ShapeKind::List { member, .. } => {
                    on(&member.traits) || self.model.get(&member.target).is_some_and(|t| on(&t.traits))
                }
                _ => false,
            }
    }

    /// A shape is sensitive itself, or is a collection of sensitive shapes.
    fn is_sensitive(&self, shape: &Shape) -> bool {
        if shape.traits.has(ids::SENSITIVE) {
            return true;
        }
        match &shape.kind {
            ShapeKind::List { member, .. } => self.model.get(&member.target).is_some_and(|t| self.is_sensitive(t)),
            ShapeKind::Map { key, value } => {
                [key, value].iter().any(|m| self.model.get(&m.target).is_some_and(|t| self.is_sensitive(t)))
            }
            _ => false,
        }
    }

    fn rust_type(&mut self, target: &Shape, member_traits: &crate::model::Traits, at: &Location) -> Option<RustType> {
        let ty = match &target.kind {
            ShapeKind::Simple(simple) => match simple {
                Simple::String => RustType::String,
                Simple::Boolean => RustType::Bool,
                Simple::Byte => RustType::I8,
                Simple::Short => RustType::I16,
                Simple::Integer => RustType::I32,
                Simple::Long => RustType::I64,
                Simple::Float => RustType::F32,
                Simple::Double => RustType::F64,
                Simple::Timestamp => {
                    self.needs.datetime = true;
                    let format = member_traits
                        .timestamp_format()
                        .or(target.traits.timestamp_format())
                        .unwrap_or(self.body_timestamp_format());
                    RustType::DateTime(format)
                }
                Simple::Blob => {
                    self.needs.blob = true;
                    RustType::Blob
                }
                Simple::Document => {
                    self.needs.document = true;
                    RustType::Document
                }
                Simple::BigInteger => {
                    self.needs.bignum = true;
                    RustType::BigInteger
                }
                Simple::BigDecimal => {
                    self.needs.bignum = true;
                    RustType::BigDecimal
                }
            },
            ShapeKind::Enum(_) => {
                self.needs.enums = true;
                RustType::Named { name: self.names.get(&target.id)?.clone(), kind: super::NamedKind::Enum }
            }
            ShapeKind::Structure(_) => {
                let validates = self.validating.contains(&target.id);
                let kind = if target.traits.has(ids::ERROR) {
                    NamedKind::Error { validates }
                } else {
                    NamedKind::Struct { validates }
                };
                RustType::Named { name: self.names.get(&target.id)?.clone(), kind }
            }
            ShapeKind::List { member, .. } => {
                let element = self.model.get(&member.target)?;
                let element_ty = self.rust_type(element, &member.traits, at)?;
                if element_ty.has_formatted_timestamp() && !matches!(element_ty, RustType::DateTime(_)) {
                    return self.unsupported_trait(
                        at,
                        target,
                        "a non-default @timestampFormat nested inside a collection",
                    );
                }
                if target.traits.has(ids::SPARSE) && element_ty.has_formatted_timestamp() {
                    return self.unsupported_trait(at, target, "a non-default @timestampFormat in a sparse list");
                }
                RustType::List(Box::new(self.nullable_if_sparse(target, element_ty)))
            }
            ShapeKind::Map { key, value } => {
                let key_shape = self.model.get(&key.target)?;
                let value_shape = self.model.get(&value.target)?;
                let key_ty = self.rust_type(key_shape, &key.traits, at)?;
                let value_ty = self.rust_type(value_shape, &value.traits, at)?;
                if value_ty.has_formatted_timestamp() {
                    return self.unsupported_trait(at, target, "a non-default @timestampFormat inside a map");
                }
                RustType::Map(Box::new(key_ty), Box::new(self.nullable_if_sparse(target, value_ty)))
            }
            // smithy-rs maps intEnum to a plain integer too; the values are in the docs.
            ShapeKind::IntEnum(_) => RustType::I32,
            ShapeKind::Union(_) => {
                self.needs.unions = true;
                RustType::Named { name: self.names.get(&target.id)?.clone(), kind: NamedKind::Union }
            }
            ShapeKind::Service(_) | ShapeKind::Operation(_) | ShapeKind::Resource(_) => return None,
        };
        Some(ty)
    }

    /// Elements of a `@sparse` list or map may be `null`.
    fn nullable_if_sparse(&self, collection: &Shape, element: RustType) -> RustType {
        if collection.traits.has(ids::SPARSE) {
            RustType::Nullable(Box::new(element))
        } else {
            element
        }
    }

    fn lower_union(&mut self, shape: &Shape, name: String) -> UnionDef {
        let members: &[Member] = match &shape.kind {
            ShapeKind::Union(members) => members,
            _ => &[],
        };
        let mut scope = Scope::with_reserved(&["Unknown"]);
        let mut variants = Vec::new();
        let streaming = shape.traits.has(ids::STREAMING);
        let mut event_errors = Vec::new();
        let mut error_variants = Vec::new();
        let mut error_scope = Scope::with_reserved(&["Unhandled"]);
        for member in members {
            let at = Location::member(shape, &member.name);
            let Some(target) = self.model.get(&member.target) else { continue };
            let ty = if member.target == crate::model::prelude::unit() {
                None
            } else {
                match self.rust_type(target, &member.traits, &at) {
                    Some(ty) if ty.has_formatted_timestamp() && !matches!(ty, RustType::DateTime(_)) => {
                        self.problems.push(at, "a union member holding a collection of timestamps with a non-default @timestampFormat is not supported yet");
                        continue;
                    }
                    Some(ty) => Some(ty),
                    None => continue,
                }
            };
            let wanted = match camel(&member.name) {
                unknown if unknown == "Unknown" => "UnknownValue".to_owned(),
                other => other,
            };
            // An event stream's error members are its exceptions, not events.
            if streaming && target.traits.has(ids::ERROR) {
                if let Some(type_name) = self.names.get(&target.id) {
                    event_errors.push(super::EventError {
                        variant: error_scope.claim(&camel(&member.name)),
                        wire: member.name.clone(),
                        type_name: type_name.clone(),
                        boxed: false,
                    });
                }
                error_variants.push(UnionVariant {
                    name: scope.claim(&wanted),
                    member: member.name.clone(),
                    wire: self.wire_name(member),
                    ty,
                    boxed: self.boxed.contains(&(shape.id.clone(), member.name.clone())),
                    docs: member.traits.documentation().or(target.traits.documentation()).map(docs::to_markdown),
                    deprecated: member.traits.deprecated(),
                    xml: self.xml_member(member, target, false),
                });
                continue;
            }
            variants.push(UnionVariant {
                name: scope.claim(&wanted),
                member: member.name.clone(),
                wire: self.wire_name(member),
                ty,
                boxed: self.boxed.contains(&(shape.id.clone(), member.name.clone())),
                docs: member.traits.documentation().or(target.traits.documentation()).map(docs::to_markdown),
                deprecated: member.traits.deprecated(),
                xml: self.xml_member(member, target, false),
            });
        }
        UnionDef {
            docs: type_docs(shape, &name),
            event_stream: streaming.then(|| super::EventStreamDef {
                error_name: format!("{name}Error"),
                errors: event_errors,
                error_variants,
            }),
            name,
            deprecated: shape.traits.deprecated(),
            sensitive: shape.traits.has(ids::SENSITIVE),
            variants,
            codec: Codec::default(),
        }
    }

    /// The JSON key of a member: `@jsonName` counts in restJson1 only.
    fn wire_name(&self, member: &Member) -> String {
        match (self.protocol, member.traits.json_name()) {
            (Some(Protocol::RestJson1) | None, Some(json_name)) => json_name.to_owned(),
            _ => member.name.clone(),
        }
    }

    fn unsupported_trait<T>(&mut self, at: &Location, target: &Shape, what: &str) -> Option<T> {
        self.problems.push(at.clone(), format!("targets `{}`, which uses {what}: not supported yet", target.id));
        None
    }

    fn lower_enum(&mut self, shape: &Shape, name: String) -> EnumDef {
        let ShapeKind::Enum(members) = &shape.kind else {
            return EnumDef { name, docs: None, deprecated: None, variants: Vec::new(), codec: Codec::default() };
        };
        let mut scope = Scope::with_reserved(&["Unknown"]);
        let variants = members
            .iter()
            .map(|member| {
                let wanted = match camel(&member.name) {
                    unknown if unknown == "Unknown" => "UnknownValue".to_owned(),
                    other => other,
                };
                VariantDef {
                    name: scope.claim(&wanted),
                    value: member.value.clone(),
                    docs: member.traits.documentation().map(docs::to_markdown),
                    deprecated: member.traits.deprecated(),
                }
            })
            .collect();
        EnumDef {
            docs: type_docs(shape, &name),
            name,
            deprecated: shape.traits.deprecated(),
            variants,
            codec: Codec::default(),
        }
    }

    fn lower_operations(&mut self, types: &[TypeDef]) -> Vec<OperationDef> {
        let mut out = Vec::new();
        let mut modules = Scope::with_reserved(&["mod"]);
        for op in &self.selection.operations {
            if let Some(def) = self.lower_operation(op, &mut modules) {
                out.push(def);
            }
        }
        out.sort_by(|a, b| a.module.cmp(&b.module));
        // `Client` methods: the module names, then the paginators (so that an
        // operation's own method never moves because of another's paginator).
        let mut methods = Scope::with_reserved(CLIENT_METHODS);
        for def in &mut out {
            def.client_method = methods.claim(&def.module);
        }
        for def in &mut out {
            let bare = def.client_method.strip_prefix("r#").unwrap_or(&def.client_method);
            def.input_method = methods.claim(&format!("{bare}_with"));
        }
        for def in &mut out {
            if let Some(paginator) = &mut def.paginator {
                let bare = def.module.strip_prefix("r#").unwrap_or(&def.module);
                paginator.method = methods.claim(&format!("{bare}_paginator"));
            }
        }
        self.lower_waiters(&mut out, types, &mut methods);
        out
    }

    /// Each operation's waiters, typed against the lowered types; their `wait_until_*`
    /// methods are named after every operation's and paginator's method, so that adding a
    /// waiter never renames another method.
    fn lower_waiters(&mut self, operations: &mut [OperationDef], types: &[TypeDef], methods: &mut Scope) {
        let mut structs = super::endpoint::struct_types(types);
        let mut lowered = Vec::new();
        for (index, def) in operations.iter().enumerate() {
            // A waiter sends its input again and again: not one whose body streams.
            if def.streaming_input().is_some() {
                continue;
            }
            let shape = self.selection.operations.iter().find(|op| op.id.name() == def.name);
            let Some(waitable) = shape.and_then(|op| op.traits.get(ids::WAITABLE)) else { continue };
            structs.insert(def.input.name.as_str(), &def.input);
            structs.insert(def.output.name.as_str(), &def.output);
            lowered.push((index, super::waiter::lower(def, waitable, &structs, &mut self.warnings)));
            structs.remove(def.input.name.as_str());
            structs.remove(def.output.name.as_str());
        }
        for (index, mut waiters) in lowered {
            for waiter in &mut waiters {
                waiter.method = methods.claim(&waiter.method);
            }
            if let Some(def) = operations.get_mut(index) {
                def.waiters = waiters;
            }
        }
    }

    /// `@paginated`, the operation's members over the service's, when both
    /// tokens are top-level string members (nested `a.b` tokens are rare
    /// and get no paginator).
    fn paginator(&self, op: &Shape, input: &StructDef, output: &StructDef) -> Option<PaginatorDef> {
        let own = op.traits.get(ids::PAGINATED)?;
        let service = self.selection.service.traits.get(ids::PAGINATED);
        let member = |name: &str| {
            own.get(name).or_else(|| service.and_then(|s| s.get(name))).and_then(Value::as_str).map(str::to_owned)
        };
        let (input_token, output_token) = (member("inputToken")?, member("outputToken")?);
        // A string token, or a map (DynamoDB's `Query` and `Scan`: the last key read), the same
        // type on both sides.
        let token_type = |ty: &RustType| matches!(ty, RustType::String | RustType::Map(..));
        let input_token =
            input.fields.iter().position(|f| f.member == input_token && token_type(&f.ty) && f.optional)?;
        let output_token = output
            .fields
            .iter()
            .position(|f| f.member == output_token && input.fields.get(input_token).is_some_and(|i| i.ty == f.ty))?;
        Some(PaginatorDef { method: String::new(), input_token, output_token, items: member("items") })
    }

    fn lower_operation(&mut self, op: &Shape, modules: &mut Scope) -> Option<OperationDef> {
        let ShapeKind::Operation(operation) = &op.kind else { return None };
        let name = op.id.name().to_owned();
        let type_prefix = camel(&name);
        let at = Location::shape(op);
        let protocol = self.protocol?;
        let http = if protocol.uses_http_bindings() {
            let Some(http) = op.traits.http() else {
                self.warnings
                    .push(format!("operation `{}` is left out: it has no `@http` trait, which restJson1 needs", op.id));
                return None;
            };
            http
        } else {
            // awsJson and the query protocols: every request is a POST to `/`; HTTP binding
            // traits are ignored.
            crate::model::traits::HttpTrait { method: "POST".to_owned(), uri: "/".to_owned(), code: 200 }
        };
        let input_shape = self.model.get(&operation.input)?;
        let output_shape = self.model.get(&operation.output)?;
        let mut input = self.lower_struct(input_shape, format!("{type_prefix}Input"), Role::Input);
        let mut output = self.lower_struct(output_shape, format!("{type_prefix}Output"), Role::Output);
        input.docs.get_or_insert_with(|| format!("The input of `{name}`."));
        output.docs.get_or_insert_with(|| format!("The output of `{name}`."));
        output.validates = false;
        input.validates = self.validating.contains(&input_shape.id);
        let checked = if protocol.uses_http_bindings() {
            self.check_bindings(op, &input, &output, input_shape, output_shape)
        } else {
            self.check_streams(input_shape, output_shape)
        };
        if let Err(reason) = checked {
            self.warnings.push(format!("operation `{}` is left out: {reason}", op.id));
            return None;
        }
        let mut http = http;
        if self.is_s3() {
            http.uri = bucket_to_endpoint(&http.uri, &mut input);
        }
        let (path_text, literal_query) = match http.uri.split_once('?') {
            Some((path, query)) => (path, Some(query.to_owned())),
            None => (http.uri.as_str(), None),
        };
        let path = self.parse_path(path_text, &input, &at, &Location::shape(input_shape))?;
        let gzip = op
            .traits
            .get(ids::REQUEST_COMPRESSION)
            .and_then(|c| c.get("encodings"))
            .and_then(Value::as_array)
            .is_some_and(|encodings| encodings.iter().any(|e| e.as_str() == Some("gzip")));
        self.needs.gzip |= gzip;
        let content_md5 = op.traits.has(ids::HTTP_CHECKSUM_REQUIRED);
        self.needs.md5 |= content_md5;
        let field_of = |trait_value: &Value, key: &str| {
            let member = trait_value.get(key).and_then(Value::as_str)?;
            input.fields.iter().position(|f| f.member == member)
        };
        let checksum = op.traits.get(ids::HTTP_CHECKSUM).map(|value| super::ChecksumDef {
            algorithm: field_of(value, "requestAlgorithmMember"),
            required: value.get("requestChecksumRequired").and_then(Value::as_bool) == Some(true) && !content_md5,
            validation: field_of(value, "requestValidationModeMember"),
        });
        self.needs.checksum |= checksum.is_some();
        let host_prefix = match op.traits.get(ids::ENDPOINT).and_then(|e| e.get("hostPrefix")).and_then(Value::as_str) {
            Some(prefix) => Some(self.parse_host_prefix(prefix, &input, &at)?),
            None => None,
        };
        let mut variants = Scope::with_reserved(&["Unhandled"]);
        let errors = self
            .operation_errors
            .get(&op.id)
            .cloned()
            .unwrap_or_default()
            .iter()
            .filter_map(|id| {
                let type_name = self.names.get(id)?.clone();
                let boxed = self.errors_boxed.contains(&type_name);
                Some(OperationError {
                    variant: variants.claim(&type_name),
                    type_name,
                    code: self.error_code(id),
                    boxed,
                })
            })
            .collect();
        let paginator = self.paginator(op, &input, &output);
        Some(OperationDef {
            module: modules.claim(&snake(&name)),
            client_method: String::new(),
            input_method: String::new(),
            paginator,
            waiters: Vec::new(),
            endpoint_params: Vec::new(),
            auth: auth_mode(op, self.selection.service),
            docs: op.traits.documentation().map(docs::to_markdown),
            deprecated: op.traits.deprecated(),
            method: http.method.to_ascii_uppercase(),
            uri_pattern: http.uri.clone(),
            path,
            literal_query,
            error_name: format!("{type_prefix}Error"),
            protocol,
            target: format!("{}.{name}", self.selection.service.id.name()),
            query_compatible: self.query_compatible(),
            api_version: match &self.selection.service.kind {
                ShapeKind::Service(service) => service.version.clone().unwrap_or_default(),
                _ => String::new(),
            },
            unwrapped_output: op.traits.has("aws.customizations#s3UnwrappedXmlOutput"),
            error_in_success: self.is_s3() && S3_ERRORS_IN_SUCCESS.contains(&op.id.name()),
            host_prefix,
            gzip,
            content_md5,
            checksum,
            input,
            output,
            errors,
            name,
        })
    }

    /// The code an error is sent with: awsQuery's `@awsQueryError` code, else the shape's name.
    fn error_code(&self, id: &ShapeId) -> String {
        let custom = (self.protocol == Some(Protocol::AwsQuery))
            .then(|| self.model.get(id))
            .flatten()
            .and_then(|shape| shape.traits.get(ids::AWS_QUERY_ERROR))
            .and_then(|value| value.get("code"))
            .and_then(Value::as_str);
        custom.unwrap_or(id.name()).to_owned()
    }

    /// The HTTP bindings this generator can serve yet; anything else leaves
    /// the operation out (its types are still generated).
    fn check_bindings(
        &self,
        op: &Shape,
        input: &StructDef,
        output: &StructDef,
        input_shape: &Shape,
        output_shape: &Shape,
    ) -> Result<(), String> {
        self.check_streams(input_shape, output_shape)?;
        let errors = self.operation_errors.get(&op.id).into_iter().flatten().filter_map(|id| self.names.get(id));
        let error_defs: Vec<&StructDef> =
            errors.filter_map(|name| self.lowered_errors.iter().find(|e| &e.name == name)).collect();
        for def in std::iter::once(input).chain(std::iter::once(output)).chain(error_defs) {
            for field in &def.fields {
                if let Some(reason) = unsupported_binding(field) {
                    return Err(format!(
                        "`{}` member `{}` {reason}, which is not supported yet",
                        def.shape_name, field.member
                    ));
                }
            }
        }
        Ok(())
    }

    /// awsJson ignores HTTP bindings; only streams are out of reach.
    fn check_streams(&self, input: &Shape, output: &Shape) -> Result<(), String> {
        for (what, shape) in [("input", input), ("output", output)] {
            // A streaming blob is read and written whole (the functions take
            // and return buffered bodies); an event stream is another matter.
            let event_stream = shape.kind.members().into_iter().find(|m| {
                self.model
                    .get(&m.target)
                    .is_some_and(|t| t.traits.has(ids::STREAMING) && matches!(t.kind, ShapeKind::Union(_)))
            });
            match event_stream {
                // XML events are read (S3's `SelectObjectContent`); none are sent in the corpus.
                Some(member)
                    if self.protocol.is_some_and(|p| p.codec() == DocumentCodec::Query)
                        || (what == "input" && self.protocol.is_some_and(|p| p.codec() != DocumentCodec::Json)) =>
                {
                    return Err(format!(
                        "{what} member `{}` is an event stream of {} events, which is not supported yet",
                        member.name,
                        if what == "input" { "XML" } else { "query" }
                    ))
                }
                Some(member) => self.check_events(&member.target)?,
                None => {}
            }
        }
        Ok(())
    }

    /// The events of a stream bind headers of the types the runtime reads (strings, booleans,
    /// integers, blobs, timestamps) and payloads that are blobs, strings, structures or unions.
    fn check_events(&self, union: &ShapeId) -> Result<(), String> {
        let Some(ShapeKind::Union(events)) = self.model.get(union).map(|u| &u.kind) else { return Ok(()) };
        for event in events {
            let Some(ShapeKind::Structure(members)) = self.model.get(&event.target).map(|e| &e.kind) else { continue };
            for member in members {
                let Some(target) = self.model.get(&member.target) else { continue };
                let header = member.traits.has(ids::EVENT_HEADER);
                let payload = member.traits.has(ids::EVENT_PAYLOAD);
                let ok = match &target.kind {
                    ShapeKind::Simple(
                        Simple::String
                        | Simple::Boolean
                        | Simple::Byte
                        | Simple::Short
                        | Simple::Integer
                        | Simple::Long
                        | Simple::Blob,
                    ) => true,
                    ShapeKind::Simple(Simple::Timestamp) => !payload,
                    ShapeKind::Structure(_) | ShapeKind::Union(_) => !header,
                    _ => !header && !payload,
                };
                if !ok {
                    return Err(format!(
                        "event `{}` member `{}` is an event {} of a type not supported yet",
                        event.name,
                        member.name,
                        if header { "header" } else { "payload" }
                    ));
                }
            }
        }
        Ok(())
    }

    /// `@endpoint(hostPrefix: "{Label}.data-")`: literals and `@hostLabel`
    /// members (which must be required strings).
    fn parse_host_prefix(&mut self, prefix: &str, input: &StructDef, at: &Location) -> Option<Vec<PathSegment>> {
        let mut segments = Vec::new();
        let mut rest = prefix;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                segments.push(PathSegment::Literal(rest[..open].to_owned()));
            }
            let Some(close) = rest[open..].find('}') else {
                self.problems.push(at.clone(), format!("hostPrefix `{prefix}` has an unclosed `{{`"));
                return None;
            };
            let name = &rest[open + 1..open + close];
            match input.fields.iter().position(|f| f.member == name && f.ty == RustType::String) {
                Some(field) => segments.push(PathSegment::Label { field, greedy: false }),
                None => {
                    self.problems
                        .push(at.clone(), format!("hostPrefix label `{{{name}}}` has no string input member `{name}`"));
                    return None;
                }
            }
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            segments.push(PathSegment::Literal(rest.to_owned()));
        }
        Some(segments)
    }

    /// Splits the URI path into literals and labels, checking that labels and
    /// `@httpLabel` members match one to one.
    fn parse_path(
        &mut self,
        path: &str,
        input: &StructDef,
        at: &Location,
        input_at: &Location,
    ) -> Option<Vec<PathSegment>> {
        let mut segments = Vec::new();
        let mut literal = String::new();
        let mut used = BTreeSet::new();
        let mut ok = true;
        for (index, segment) in path.split('/').enumerate() {
            if index > 0 {
                literal.push('/');
            }
            let Some(label) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
                if segment.contains('{') || segment.contains('}') {
                    self.problems.push(
                        at.clone(),
                        format!("URI segment `{segment}` must be a whole `{{label}}` or contain no braces"),
                    );
                    ok = false;
                }
                literal.push_str(segment);
                continue;
            };
            let (name, greedy) = match label.strip_suffix('+') {
                Some(name) => (name, true),
                None => (label, false),
            };
            let field = input.fields.iter().position(|f| f.member == name && f.binding == Binding::Label);
            match field {
                Some(field) => {
                    if !literal.is_empty() {
                        segments.push(PathSegment::Literal(std::mem::take(&mut literal)));
                    }
                    segments.push(PathSegment::Label { field, greedy });
                    used.insert(name.to_owned());
                }
                None => {
                    self.problems.push(
                        at.clone(),
                        format!("URI label `{{{label}}}` has no input member `{name}` with `@httpLabel`"),
                    );
                    ok = false;
                }
            }
        }
        if !literal.is_empty() {
            segments.push(PathSegment::Literal(literal));
        }
        for field in &input.fields {
            if field.binding == Binding::Label {
                let member_at = Location { member: Some(field.member.clone()), ..input_at.clone() };
                if !used.contains(&field.member) {
                    self.problems.push(member_at, "has `@httpLabel` but the operation's URI has no such label");
                    ok = false;
                } else if !field.required {
                    self.problems.push(member_at, "has `@httpLabel` but not `@required` (labels must always be set)");
                    ok = false;
                }
            }
        }
        ok.then_some(segments)
    }
}

fn input_binding(member: &Member) -> Binding {
    let t = &member.traits;
    if t.has(ids::HTTP_LABEL) {
        Binding::Label
    } else if let Some(name) = t.string(ids::HTTP_QUERY) {
        Binding::Query(name.to_owned())
    } else if t.has(ids::HTTP_QUERY_PARAMS) {
        Binding::QueryParams
    } else if let Some(name) = t.string(ids::HTTP_HEADER) {
        Binding::Header(name.to_owned())
    } else if let Some(prefix) = t.string(ids::HTTP_PREFIX_HEADERS) {
        Binding::PrefixHeaders(prefix.to_owned())
    } else if t.has(ids::HTTP_PAYLOAD) {
        Binding::Payload
    } else {
        Binding::Body
    }
}

/// Why a member's binding cannot be served yet, if it cannot.
fn unsupported_binding(field: &FieldDef) -> Option<&'static str> {
    // Numbers, booleans and timestamps (the `Copy` scalars), strings and enums.
    let scalar =
        |ty: &RustType| ty.is_copy() || matches!(ty, RustType::String | RustType::Named { kind: NamedKind::Enum, .. });
    let scalar_list = |ty: &RustType| match ty {
        RustType::List(element) => scalar(element) && !matches!(**element, RustType::DateTime(_)),
        other => scalar(other),
    };
    match &field.binding {
        Binding::Body | Binding::Payload | Binding::ResponseCode | Binding::Endpoint => None,
        Binding::EventPayload => match &field.ty {
            RustType::Blob
            | RustType::String
            | RustType::Named { kind: NamedKind::Struct { .. } | NamedKind::Union, .. } => None,
            _ => Some("is an event payload that is not a blob, a string, a structure or a union"),
        },
        Binding::EventHeader => (!matches!(
            field.ty,
            RustType::String
                | RustType::Bool
                | RustType::I8
                | RustType::I16
                | RustType::I32
                | RustType::I64
                | RustType::Blob
                | RustType::DateTime(_)
        ))
        .then_some("is an event header that is not a string, a boolean, an integer, a blob or a timestamp"),
        Binding::Label => (!scalar(&field.ty)).then_some("binds a collection or structure to the URI"),
        Binding::Query(_) => (!scalar_list(&field.ty) && !matches!(&field.ty, RustType::List(e) if scalar(e)))
            .then_some("binds a collection or structure to the query"),
        Binding::Header(_) if field.media_type.is_some() && field.ty != RustType::String => {
            Some("is a `@mediaType` header that is not a string")
        }
        Binding::Header(_) => {
            let list_of_scalars = matches!(&field.ty, RustType::List(e) if scalar(e));
            (!scalar(&field.ty) && !list_of_scalars).then_some("binds a nested collection or a structure to a header")
        }
        Binding::PrefixHeaders(_) => match &field.ty {
            RustType::Map(_, value) if matches!(**value, RustType::String) => None,
            _ => Some("binds a map that is not of strings to prefix headers"),
        },
        Binding::QueryParams => match &field.ty {
            RustType::Map(_, value) if matches!(**value, RustType::String) => None,
            RustType::Map(_, value) if matches!(&**value, RustType::List(e) if **e == RustType::String) => None,
            _ => Some("binds a map that is not of strings"),
        },
    }
}

/// Bindings of output and error members; input-only traits (labels, query)
/// are ignored there, and the member is read from the body.
fn output_binding(member: &Member) -> Binding {
    let t = &member.traits;
    if let Some(name) = t.string(ids::HTTP_HEADER) {
        Binding::Header(name.to_owned())
    } else if let Some(prefix) = t.string(ids::HTTP_PREFIX_HEADERS) {
        Binding::PrefixHeaders(prefix.to_owned())
    } else if t.has(ids::HTTP_PAYLOAD) {
        Binding::Payload
    } else if t.has(ids::HTTP_RESPONSE_CODE) {
        Binding::ResponseCode
    } else {
        Binding::Body
    }
}

/// A type's docs; a type whose Rust name is not its shape's name says which
/// shape it is.
fn type_docs(shape: &Shape, rust_name: &str) -> Option<String> {
    let docs = shape.traits.documentation().map(docs::to_markdown);
    if camel(shape.id.name()) == rust_name {
        return docs;
    }
    let note = format!("The model's shape `{}`.", shape.id);
    Some(match docs {
        Some(docs) => format!("{docs}\n\n{note}"),
        None => note,
    })
}

/// A member's docs (its own, else its target's), with the known values of
/// an intEnum, which is a plain integer in Rust.
fn field_docs(member: &Member, target: &Shape) -> Option<String> {
    let docs = member.traits.documentation().or(target.traits.documentation()).map(docs::to_markdown);
    let ShapeKind::IntEnum(values) = &target.kind else { return docs };
    let values: Vec<String> = values.iter().map(|v| format!("`{}` ({})", v.value, v.name)).collect();
    let known = format!("Known values: {}.", values.join(", "));
    Some(match docs {
        Some(docs) => format!("{docs}\n\n{known}"),
        None => known,
    })
}

/// The service's protocol trait, by name: the first JSON one, else any.
fn protocol_name(traits: &crate::model::Traits) -> String {
    let protocols: Vec<&str> = traits
        .0
        .keys()
        .filter_map(|k| k.strip_prefix("aws.protocols#").or_else(|| k.strip_prefix("smithy.protocols#")))
        .collect();
    protocols
        .iter()
        .find(|p| matches!(**p, "restJson1" | "awsJson1_0" | "awsJson1_1"))
        .or(protocols.first())
        .map_or_else(|| "none".to_owned(), |p| (*p).to_owned())
}

/// S3 operations that can fail after sending `200 OK`: the body is then an `<Error>`.
const S3_ERRORS_IN_SUCCESS: &[&str] = &["CompleteMultipartUpload", "CopyObject", "UploadPartCopy"];

/// S3's URIs start with `/{Bucket}`, but the endpoint rules put the bucket in the host
/// (virtual-hosted style) or in the endpoint's own path (path style, `ForcePathStyle`), as the
/// AWS SDKs do: the label leaves the path, and the member is bound to the endpoint only.
fn bucket_to_endpoint(uri: &str, input: &mut StructDef) -> String {
    let Some(rest) = uri.strip_prefix("/{Bucket}") else { return uri.to_owned() };
    let Some(bucket) = input.fields.iter_mut().find(|f| f.member == "Bucket" && f.binding == Binding::Label) else {
        return uri.to_owned();
    };
    bucket.binding = Binding::Endpoint;
    if rest.starts_with('/') {
        rest.to_owned()
    } else {
        format!("/{rest}")
    }
}

/// An `@xmlNamespace` trait's value.
fn xml_namespace(traits: &crate::model::Traits) -> Option<XmlNamespace> {
    let value = traits.get(ids::XML_NAMESPACE)?;
    Some(XmlNamespace {
        uri: value.get("uri")?.as_str()?.to_owned(),
        prefix: value.get("prefix").and_then(Value::as_str).map(str::to_owned),
    })
}

/// The first letter in upper case (ec2Query's keys).
fn capitalize(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The type with its timestamps (direct or list elements) in `format`.
fn with_timestamp_format(ty: RustType, format: TimestampFormat) -> RustType {
    match ty {
        RustType::DateTime(_) => RustType::DateTime(format),
        RustType::List(element) => RustType::List(Box::new(with_timestamp_format(*element, format))),
        other => other,
    }
}

/// A non-zero `@default` the generated code can write as a literal.
fn default_value(value: &Value, ty: &RustType) -> Option<DefaultValue> {
    match (value, ty) {
        // A document's `{}` or `[]` is not `Null`, so it is always written out.
        (Value::Null, _) => None,
        (value, RustType::Document) => Some(DefaultValue::Document(value.to_string())),
        _ if is_zero_value(value) => None,
        (Value::String(s), RustType::Blob) => Some(DefaultValue::Blob(s.clone())),
        (Value::Number(n), RustType::DateTime(_)) => n.as_f64().map(DefaultValue::Timestamp),
        (Value::Bool(b), RustType::Bool) => Some(DefaultValue::Bool(*b)),
        (Value::Number(n), RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64) => {
            n.as_i64().map(DefaultValue::Integer)
        }
        (Value::Number(n), RustType::F32 | RustType::F64) => n.as_f64().map(DefaultValue::Float),
        (Value::String(s), RustType::String) => Some(DefaultValue::String(s.clone())),
        (Value::String(s), RustType::Named { kind: NamedKind::Enum, .. }) => Some(DefaultValue::Enum(s.clone())),
        _ => None,
    }
}

/// `@default` values that `Default::default()` reproduces.
fn is_zero_value(value: &Value) -> bool {
    match value {
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Null => false,
    }
}

/// Structures reachable from operation inputs that have something to check
/// (a `@required` member or a constraint trait, here or beneath).
fn validating_shapes(model: &Model, selection: &Selection<'_>) -> BTreeSet<ShapeId> {
    let mut roots = Vec::new();
    for op in &selection.operations {
        if let ShapeKind::Operation(operation) = &op.kind {
            roots.push(operation.input.clone());
        }
    }
    let reachable = closure(model, roots);
    let structures: Vec<&Shape> =
        reachable.iter().filter_map(|id| model.get(id)).filter(|s| matches!(s.kind, ShapeKind::Structure(_))).collect();
    let has_own_checks = |member: &Member| {
        let target = model.get(&member.target);
        let constrained = |t: &crate::model::Traits| t.has(ids::LENGTH) || t.has(ids::RANGE) || t.has(ids::PATTERN);
        member.traits.has(ids::REQUIRED)
            || constrained(&member.traits)
            || target.is_some_and(|t| constrained(&t.traits))
    };
    let mut validating: BTreeSet<ShapeId> =
        structures.iter().filter(|s| s.kind.members().into_iter().any(has_own_checks)).map(|s| s.id.clone()).collect();
    // Grow until stable: a structure validates when something it contains does.
    loop {
        let before = validating.len();
        for shape in &structures {
            if validating.contains(&shape.id) {
                continue;
            }
            let contains_validating = shape
                .kind
                .members()
                .into_iter()
                .any(|m| contained_structures(model, &m.target).iter().any(|id| validating.contains(id)));
            if contains_validating {
                validating.insert(shape.id.clone());
            }
        }
        if validating.len() == before {
            break;
        }
    }
    validating
}

/// The structures a member of this target holds directly or through lists and maps.
fn contained_structures(model: &Model, target: &ShapeId) -> Vec<ShapeId> {
    let mut out = Vec::new();
    let mut stack = vec![target.clone()];
    let mut steps = 0;
    while let Some(id) = stack.pop() {
        steps += 1;
        if steps > 64 {
            break; // collections nest a few levels at most; a cycle through them is cut here
        }
        match model.get(&id).map(|s| &s.kind) {
            Some(ShapeKind::Structure(_)) => out.push(id),
            Some(ShapeKind::List { member, .. }) => stack.push(member.target.clone()),
            Some(ShapeKind::Map { value, .. }) => stack.push(value.target.clone()),
            _ => {}
        }
    }
    out
}
