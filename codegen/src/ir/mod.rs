//! The Rust intermediate representation: every decision about the Rust side
//! (names, `Option`-ness, boxing, derives, wire names, bindings) is made once,
//! in [`lower`], and recorded here. The emitters only read these types.

pub(crate) mod docs;
mod endpoint;
pub(crate) mod lower;
pub(crate) mod naming;
mod recursion;
pub(crate) mod waiter;

use crate::model::traits::{Bounds, TimestampFormat};

/// The whole generated crate.
#[derive(Debug)]
pub(crate) struct RustCrate {
    /// The Cargo package name (`iot-managed-integrations`).
    pub(crate) package: String,
    pub(crate) service: ServiceInfo,
    /// Shapes of `crate::types`, sorted by Rust name.
    pub(crate) types: Vec<TypeDef>,
    /// The file module of each type (`src/types/<module>.rs`), in the same order.
    pub(crate) type_modules: Vec<String>,
    /// Error structures of `crate::error`, sorted by Rust name.
    pub(crate) errors: Vec<StructDef>,
    /// Operations, sorted by module name.
    pub(crate) operations: Vec<OperationDef>,
    /// Which optional runtime parts the crate needs.
    pub(crate) needs: Needs,
    /// Endpoint resolution, when the service has rules and a partition table was given.
    pub(crate) endpoint: Option<EndpointDef>,
    /// Things left out, with the reason (shown to the user, never fatal).
    pub(crate) warnings: Vec<String>,
}

impl RustCrate {
    /// Every structure the crate emits: types, errors, and operation inputs and outputs.
    pub(crate) fn structs(&self) -> impl Iterator<Item = &StructDef> {
        self.types
            .iter()
            .filter_map(|t| match t {
                TypeDef::Struct(s) => Some(s),
                TypeDef::Enum(_) | TypeDef::Union(_) => None,
            })
            .chain(&self.errors)
            .chain(self.operations.iter().flat_map(|op| [&op.input, &op.output]))
    }
}

/// Optional runtime parts; each adds a runtime file and maybe a dependency.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Needs {
    /// `DateTime` appears somewhere.
    pub(crate) datetime: bool,
    /// Some input has a `validate()` (constraint helpers).
    pub(crate) constraints: bool,
    /// Some constraint is a `@pattern` (adds regex-lite).
    pub(crate) patterns: bool,
    /// Some enum keeps unknown values (`UnknownValue`).
    pub(crate) enums: bool,
    /// `Blob` appears, or a base64 (`@mediaType`) header (adds base64).
    pub(crate) blob: bool,
    /// Some operation fills in idempotency tokens.
    pub(crate) idempotency: bool,
    /// Some operation gzips its requests (adds flate2).
    pub(crate) gzip: bool,
    /// Some operation sends `Content-MD5` (adds md-5).
    pub(crate) md5: bool,
    /// `BigInteger` or `BigDecimal` appears.
    pub(crate) bignum: bool,
    /// Some union is generated (`UnknownVariant`).
    pub(crate) unions: bool,
    /// `Document` appears.
    pub(crate) document: bool,
    /// Some output is an event stream (the frame codec and the typed reader).
    pub(crate) event_stream: bool,
    /// Some input is an event stream (the client adds HTTP/2, which such services need).
    pub(crate) event_input: bool,
    /// Some operation has flexible checksums (adds crc32fast, crc32c, crc64fast-nvme, sha1, sha2).
    pub(crate) checksum: bool,
    /// Some payload is a `@streaming` blob (`ByteStream`; adds http-body and futures-core).
    pub(crate) byte_stream: bool,
}

#[derive(Debug)]
pub(crate) struct ServiceInfo {
    /// The service shape's name (`IotManagedIntegrations`).
    pub(crate) shape_name: String,
    pub(crate) title: String,
    pub(crate) version: Option<String>,
    pub(crate) docs: Option<String>,
    /// The protocol trait's name (`restJson1`), or `none`.
    pub(crate) protocol_name: String,
    /// The SigV4 signing name: `aws.auth#sigv4`'s `name`, else the sdkId
    /// lowercased without spaces (`iotmanagedintegrations`).
    pub(crate) signing_name: String,
    /// The protocol the operations speak; `None` when the service has none the generator serves.
    pub(crate) protocol: Option<Protocol>,
}

/// The wire protocols the generator can serve. A crate speaks one; the emitters ask it two
/// questions, [`uses_http_bindings`](Self::uses_http_bindings) and [`codec`](Self::codec), and
/// never match on the protocol themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Protocol {
    RestJson1,
    AwsJson1_0,
    AwsJson1_1,
    RestXml,
    AwsQuery,
    Ec2Query,
}

impl Protocol {
    /// HTTP binding traits count (restJson1, restXml) or are ignored (the RPC protocols: every
    /// request is a `POST /`).
    pub(crate) fn uses_http_bindings(self) -> bool {
        matches!(self, Protocol::RestJson1 | Protocol::RestXml)
    }

    /// The document codec of bodies.
    pub(crate) fn codec(self) -> DocumentCodec {
        match self {
            Protocol::RestJson1 | Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => DocumentCodec::Json,
            Protocol::RestXml => DocumentCodec::Xml,
            Protocol::AwsQuery | Protocol::Ec2Query => DocumentCodec::Query,
        }
    }

    /// The Smithy trait's name (`restXml`).
    pub(crate) fn trait_name(self) -> &'static str {
        match self {
            Protocol::RestJson1 => "restJson1",
            Protocol::AwsJson1_0 => "awsJson1_0",
            Protocol::AwsJson1_1 => "awsJson1_1",
            Protocol::RestXml => "restXml",
            Protocol::AwsQuery => "awsQuery",
            Protocol::Ec2Query => "ec2Query",
        }
    }
}

/// How bodies are written and read: the part of a protocol that is per shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DocumentCodec {
    /// JSON both ways (`rt::json`).
    Json,
    /// XML both ways (`rt::xml`).
    Xml,
    /// Form-urlencoded requests (`rt::query`), XML responses (`rt::xml`).
    Query,
}

/// How a member is spelled in XML bodies and query keys (XML protocols only), decided once from
/// `@xmlName`, `@xmlAttribute`, `@xmlFlattened`, `@xmlNamespace` and `@ec2QueryName`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct XmlMember {
    /// The element (or attribute) name: `@xmlName`, else the member name.
    pub(crate) name: String,
    /// `@xmlAttribute`: an attribute of the parent element.
    pub(crate) attribute: bool,
    /// `@xmlFlattened`: list items (map entries) are repeated elements named [`name`](Self::name).
    pub(crate) flattened: bool,
    /// The member's `@xmlNamespace` (for a payload, else its target's).
    pub(crate) namespace: Option<XmlNamespace>,
    /// The key in a query request (awsQuery: the XML name; ec2Query: `@ec2QueryName`, else the
    /// capitalised XML name).
    pub(crate) query_key: String,
    /// The names inside a list or map value.
    pub(crate) node: XmlNode,
}

/// An `@xmlNamespace`: `xmlns="uri"`, or `xmlns:prefix="uri"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct XmlNamespace {
    pub(crate) prefix: Option<String>,
    pub(crate) uri: String,
}

/// The element names inside a collection value, down to its scalars.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) enum XmlNode {
    /// A scalar, structure or union: no names inside that the parent decides.
    #[default]
    Leaf,
    List {
        /// The item element: the list member's `@xmlName`, else `member`.
        item: String,
        item_namespace: Option<XmlNamespace>,
        /// The key segment of a wrapped query list (the same name).
        items: Box<XmlNode>,
    },
    Map {
        /// The key and value elements: `@xmlName` of the map's members, else `key` and `value`.
        key: String,
        value: String,
        key_namespace: Option<XmlNamespace>,
        value_namespace: Option<XmlNamespace>,
        values: Box<XmlNode>,
    },
}

#[derive(Debug)]
pub(crate) enum TypeDef {
    Struct(StructDef),
    Enum(EnumDef),
    Union(UnionDef),
}

impl TypeDef {
    pub(crate) fn name(&self) -> &str {
        match self {
            TypeDef::Struct(s) => &s.name,
            TypeDef::Enum(e) => &e.name,
            TypeDef::Union(u) => &u.name,
        }
    }
}

/// The service's endpoint rules, embedded as JSON and interpreted at run time.
#[derive(Debug, Clone)]
pub(crate) struct EndpointDef {
    /// `smithy.rules#endpointRuleSet`, as compact JSON.
    pub(crate) rules: String,
    /// The partition table for `aws.partition`, as compact JSON.
    pub(crate) partitions: String,
    pub(crate) params: Vec<EndpointParam>,
    /// `smithy.rules#endpointTests` cases.
    pub(crate) tests: Vec<serde_json::Value>,
    /// How every selected operation (generated or not) binds parameters, in model terms.
    pub(crate) bindings: crate::endpoint_bindings::EndpointBindings,
    /// `smithy.rules#clientContextParams`: parameters the client's configuration sets.
    pub(crate) client_params: Vec<ClientParam>,
}

/// A `smithy.rules#clientContextParams` parameter: a setter on the client's `ConfigBuilder`
/// and a getter on its `Config`.
#[derive(Debug, Clone)]
pub(crate) struct ClientParam {
    /// The index of the parameter in [`EndpointDef::params`].
    pub(crate) param: usize,
    /// The `ConfigBuilder` setter and `Config` getter (`force_path_style`).
    pub(crate) method: String,
    pub(crate) docs: Option<String>,
}

/// How an operation sets one endpoint parameter from its input or the model (the Rust side of
/// [`crate::endpoint_bindings::ParamBinding`]).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ParamSetter {
    /// The rule-set parameter (`ResourceArn`).
    pub(crate) param: String,
    /// The `Params` field.
    pub(crate) field: String,
    pub(crate) value: SetterValue,
    /// Where the value comes from, for the docs (`` `TableName` (contextParam) ``).
    pub(crate) origin: String,
}

/// The value a [`ParamSetter`] gives.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SetterValue {
    /// `staticContextParams`.
    Bool(bool),
    String(String),
    StringArray(Vec<String>),
    /// A member at the end of a chain of fields (`contextParam`, or a path `A.B`).
    Field(FieldPath),
    /// `keys(A.B)`: the sorted keys of a map (`key` says whether they are enums).
    Keys {
        map: FieldPath,
        enum_keys: bool,
    },
    /// `A[*]…`: from each element of a list, the values of `each` that are set; with no
    /// `each`, the (string) elements themselves.
    Project {
        list: FieldPath,
        sparse: bool,
        each: Vec<FieldPath>,
        enum_elements: bool,
    },
}

/// A chain of fields from a value (the input, or a list element) to a member.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FieldPath {
    pub(crate) steps: Vec<FieldStep>,
    pub(crate) leaf: Leaf,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FieldStep {
    /// The Rust field.
    pub(crate) field: String,
    /// The field is an `Option`.
    pub(crate) optional: bool,
}

/// What a [`FieldPath`] ends at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Leaf {
    String,
    /// An enum: its `as_str()`.
    Enum,
    Bool,
    /// A list of strings.
    Strings,
    /// A list of enums.
    Enums,
    /// A list or map that a projection or `keys()` goes on from.
    Collection,
}

/// A rule-set parameter and the `Params` field that carries it.
#[derive(Debug, Clone)]
pub(crate) struct EndpointParam {
    /// The name in the rule set (`UseFIPS`).
    pub(crate) name: String,
    /// The Rust field (`use_fips`).
    pub(crate) field: String,
    pub(crate) kind: EndpointParamKind,
    pub(crate) docs: Option<String>,
    pub(crate) built_in: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EndpointParamKind {
    String,
    Bool,
    StringArray,
}

/// A union: exactly one member set; unknown members are kept.
#[derive(Debug, Clone)]
pub(crate) struct UnionDef {
    pub(crate) name: String,
    pub(crate) docs: Option<String>,
    pub(crate) deprecated: Option<String>,
    pub(crate) variants: Vec<UnionVariant>,
    /// The union shape is `@sensitive`: `Debug` redacts the value.
    pub(crate) sensitive: bool,
    pub(crate) codec: Codec,
    /// A `@streaming` union: its variants are the events (error members are not among them).
    pub(crate) event_stream: Option<EventStreamDef>,
}

/// What an event-stream union adds: its error type, with a variant per modeled exception.
#[derive(Debug, Clone)]
pub(crate) struct EventStreamDef {
    /// `<Union>Error`, beside the union in `crate::types`.
    pub(crate) error_name: String,
    pub(crate) errors: Vec<EventError>,
    /// The error members as plain variants, for a stream no generated operation reads (it is
    /// then an ordinary union, as in a types-only crate).
    pub(crate) error_variants: Vec<UnionVariant>,
}

/// A modeled exception of an event stream (an error member of the union).
#[derive(Debug, Clone)]
pub(crate) struct EventError {
    pub(crate) variant: String,
    /// The member name, sent as `:exception-type`.
    pub(crate) wire: String,
    /// The error structure in `crate::error`.
    pub(crate) type_name: String,
    /// The variant holds a `Box` (the error structure is large).
    pub(crate) boxed: bool,
}

/// The JSON directions a type travels in: written when a request can hold it,
/// read when a response can. Only those impls are emitted (no dead code).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Codec {
    pub(crate) read: bool,
    pub(crate) write: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct UnionVariant {
    pub(crate) name: String,
    /// The model's member name.
    pub(crate) member: String,
    /// The member name on the wire.
    pub(crate) wire: String,
    /// `None` for members targeting `Unit`.
    pub(crate) ty: Option<RustType>,
    pub(crate) boxed: bool,
    pub(crate) docs: Option<String>,
    pub(crate) deprecated: Option<String>,
    /// The XML spelling (XML protocols only).
    pub(crate) xml: Option<Box<XmlMember>>,
}

/// A structure: a model structure, an operation's input or output, or an error.
#[derive(Debug, Clone)]
pub(crate) struct StructDef {
    pub(crate) name: String,
    /// The model shape name, as matched against error codes.
    pub(crate) shape_name: String,
    pub(crate) docs: Option<String>,
    pub(crate) deprecated: Option<String>,
    pub(crate) fields: Vec<FieldDef>,
    pub(crate) role: Role,
    /// Implements the runtime `Validate` trait (reachable from an input and
    /// has constraints somewhere beneath).
    pub(crate) validates: bool,
    pub(crate) codec: Codec,
    /// The root element when the structure is a whole XML body: `@xmlName`, else the shape name,
    /// with the shape's `@xmlNamespace` (XML protocols only).
    pub(crate) xml_root: Option<(String, Option<XmlNamespace>)>,
}

impl StructDef {
    /// Some member is redacted in `Debug`.
    pub(crate) fn has_sensitive(&self) -> bool {
        self.fields.iter().any(|f| f.sensitive)
    }

    /// `build()` can fail: an input (always fallible, for forward
    /// compatibility) or a structure with a non-optional member.
    pub(crate) fn builder_is_fallible(&self) -> bool {
        self.role == Role::Input || self.fields.iter().any(FieldDef::must_be_set)
    }

    /// A rough size in bytes on 64-bit targets (strings and vectors 24,
    /// maps 48, numbers 8 or 16, nested structures boxed or counted as 24).
    pub(crate) fn estimated_size(&self) -> usize {
        self.fields
            .iter()
            .map(|f| match (&f.ty, f.boxed) {
                (_, true) => 8,
                (RustType::Map(..), _) => 48,
                (RustType::I64 | RustType::F64 | RustType::DateTime(_), _) => 16,
                (RustType::Bool | RustType::I8 | RustType::I16 | RustType::I32 | RustType::F32, _) => 8,
                (RustType::Document, _) => 32,
                _ => 24,
            })
            .sum()
    }

    /// Every field can be defaulted, so the struct can derive `Default`.
    pub(crate) fn all_optional(&self) -> bool {
        self.fields.iter().all(|f| f.optional)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Role {
    Plain,
    Input,
    Output,
    /// An error structure; `message` is the index of its message member, and
    /// `query_error` that of the `x-amzn-query-error` header member an
    /// `@awsQueryCompatible` service's errors get (not in the model).
    Error {
        message: Option<usize>,
        query_error: Option<usize>,
        /// The code the error is sent with (see [`OperationError::code`]).
        code: String,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct FieldDef {
    /// The Rust identifier (may be raw: `r#type`).
    pub(crate) name: String,
    /// The model's member name (for messages and `BuildError`s).
    pub(crate) member: String,
    /// The JSON key.
    pub(crate) wire: String,
    pub(crate) ty: RustType,
    pub(crate) optional: bool,
    pub(crate) boxed: bool,
    pub(crate) docs: Option<String>,
    pub(crate) deprecated: Option<String>,
    pub(crate) sensitive: bool,
    /// `@required` in the model (checked by `validate()`).
    pub(crate) required: bool,
    pub(crate) constraints: Constraints,
    pub(crate) binding: Binding,
    /// A non-zero `@default` of a non-optional member (zero defaults come
    /// from `Default::default()`).
    pub(crate) default: Option<DefaultValue>,
    /// A non-optional member whose `@default` is `Default::default()`.
    pub(crate) zero_default: bool,
    /// The target's `@mediaType` (the Content-Type of a payload; a header
    /// with one is base64-encoded).
    pub(crate) media_type: Option<String>,
    /// `@idempotencyToken`: filled with a fresh UUID when the caller leaves it unset.
    pub(crate) idempotency_token: bool,
    /// The XML spelling (XML protocols only).
    pub(crate) xml: Option<Box<XmlMember>>,
}

impl FieldDef {
    /// A non-optional member with no default: builders must be given it.
    pub(crate) fn must_be_set(&self) -> bool {
        !self.optional && self.default.is_none() && !self.zero_default
    }
}

/// A `@default` value that `Default::default()` does not give.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum DefaultValue {
    Bool(bool),
    Integer(i64),
    Float(f64),
    String(String),
    /// An enum value (the wire string).
    Enum(String),
    /// A document (JSON text).
    Document(String),
    /// A blob (base64, as in the model).
    Blob(String),
    /// A timestamp in epoch seconds.
    Timestamp(f64),
}

/// Constraint traits of a member, for `validate()`.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Constraints {
    pub(crate) length: Option<Bounds>,
    pub(crate) range: Option<Bounds>,
    pub(crate) pattern: Option<String>,
}

/// Where a member travels in the HTTP message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Binding {
    /// A member of the JSON body.
    Body,
    /// A `{label}` of the URI path.
    Label,
    /// `@httpQuery("name")`.
    Query(String),
    /// `@httpQueryParams`: a map whose entries become query parameters.
    QueryParams,
    /// `@httpHeader("name")`.
    Header(String),
    /// `@httpPrefixHeaders("prefix")`: a map whose entries become headers.
    PrefixHeaders(String),
    /// `@httpPayload`: the member is the whole body.
    Payload,
    /// `@httpResponseCode`: the HTTP status.
    ResponseCode,
    /// Not in the request: the endpoint rules place it (S3's `Bucket`, in the host or the
    /// endpoint's path). `serialize_request` still requires it.
    Endpoint,
    /// `@eventHeader`: a member of an event, sent as a header of its message (named as the
    /// member).
    EventHeader,
    /// `@eventPayload`: the member is the event message's whole payload.
    EventPayload,
}

/// A Rust type of a member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RustType {
    String,
    Bool,
    I8,
    I16,
    I32,
    I64,
    F32,
    F64,
    DateTime(TimestampFormat),
    Blob,
    Document,
    BigInteger,
    BigDecimal,
    /// An element of a `@sparse` collection: `Option<T>`.
    Nullable(Box<RustType>),
    /// A generated type in `crate::types` (or `crate::error` for error shapes).
    Named {
        name: String,
        kind: NamedKind,
    },
    List(Box<RustType>),
    Map(Box<RustType>, Box<RustType>),
    /// A `@streaming` blob payload: `ByteStream`, read and written in chunks. With
    /// `requires_length` (`@requiresLength`), a request must say its length up front.
    ByteStream {
        requires_length: bool,
    },
    /// An input's event stream: `EventStreamSender<union>`, the events it sends.
    EventSender {
        union: String,
    },
    /// An output's event stream: `EventStream<union, union's error>`.
    EventStream {
        union: String,
        error: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NamedKind {
    /// A structure; `validates` says whether it implements `Validate`.
    Struct {
        validates: bool,
    },
    /// An error structure, in `crate::error`.
    Error {
        validates: bool,
    },
    Enum,
    Union,
}

impl RustType {
    /// `Copy` types are returned by value from getters.
    pub(crate) fn is_copy(&self) -> bool {
        matches!(
            self,
            RustType::Bool
                | RustType::I8
                | RustType::I16
                | RustType::I32
                | RustType::I64
                | RustType::F32
                | RustType::F64
                | RustType::DateTime(_)
        )
    }

    /// A timestamp (here or in an element) whose JSON form is not the
    /// default epoch seconds; its JSON is read and written by the runtime's
    /// timestamp functions instead of `FromJson`/`ToJson`.
    pub(crate) fn has_formatted_timestamp(&self) -> bool {
        match self {
            RustType::DateTime(format) => *format != TimestampFormat::EpochSeconds,
            RustType::List(inner) | RustType::Nullable(inner) => inner.has_formatted_timestamp(),
            RustType::Map(_, value) => value.has_formatted_timestamp(),
            _ => false,
        }
    }

    /// Floats rule out `Eq` and `Hash`.
    pub(crate) fn is_number(&self) -> bool {
        matches!(self, RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64 | RustType::F32 | RustType::F64)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct EnumDef {
    pub(crate) name: String,
    pub(crate) docs: Option<String>,
    pub(crate) deprecated: Option<String>,
    pub(crate) variants: Vec<VariantDef>,
    pub(crate) codec: Codec,
}

#[derive(Debug, Clone)]
pub(crate) struct VariantDef {
    pub(crate) name: String,
    pub(crate) value: String,
    pub(crate) docs: Option<String>,
    pub(crate) deprecated: Option<String>,
}

/// One operation: its module, request line and the three types it owns.
#[derive(Debug, Clone)]
pub(crate) struct OperationDef {
    /// The model name (`GetOtaTask`).
    pub(crate) name: String,
    /// The module (`get_ota_task`).
    pub(crate) module: String,
    pub(crate) docs: Option<String>,
    pub(crate) deprecated: Option<String>,
    pub(crate) method: String,
    /// The URI pattern as in the model (`/ota-tasks/{Identifier}`), for docs.
    pub(crate) uri_pattern: String,
    pub(crate) path: Vec<PathSegment>,
    /// A literal query in the URI pattern (`flag&x=y`), without the `?`.
    pub(crate) literal_query: Option<String>,
    pub(crate) input: StructDef,
    pub(crate) output: StructDef,
    /// `<Op>Error`.
    pub(crate) error_name: String,
    pub(crate) protocol: Protocol,
    /// awsJson's `X-Amz-Target`: `<ServiceShapeName>.<OperationName>`.
    pub(crate) target: String,
    /// The service's API version (the query protocols' `Version`).
    pub(crate) api_version: String,
    /// `aws.customizations#s3UnwrappedXmlOutput`: the output's one member is the root element.
    pub(crate) unwrapped_output: bool,
    /// A 200 response whose body is an `<Error>` document is an error (S3's `CopyObject`,
    /// `CompleteMultipartUpload` and `UploadPartCopy`, which fail after the status is sent).
    pub(crate) error_in_success: bool,
    /// The service is `@awsQueryCompatible`: requests say `x-amzn-query-mode: true`.
    pub(crate) query_compatible: bool,
    /// `@requestCompression` with gzip: large bodies are gzipped.
    pub(crate) gzip: bool,
    /// `@httpChecksumRequired`: the body's MD5 goes in `Content-MD5`.
    pub(crate) content_md5: bool,
    /// `aws.protocols#httpChecksum`: flexible checksums of the request and the response.
    pub(crate) checksum: Option<ChecksumDef>,
    /// `@endpoint(hostPrefix)`, split into literals and input fields (host labels).
    pub(crate) host_prefix: Option<Vec<PathSegment>>,
    pub(crate) errors: Vec<OperationError>,
    /// The operation's fluent method on the generated `Client` (usually the module name), which
    /// gives the input's builder with the client bound to it.
    pub(crate) client_method: String,
    /// The `Client` method that sends a built input (`<module>_with`).
    pub(crate) input_method: String,
    /// `@paginated` (merged with the service's), when its tokens are top-level strings.
    pub(crate) paginator: Option<PaginatorDef>,
    /// `smithy.waiters#waitable`: the `wait_until_*` methods (those whose paths could be typed).
    pub(crate) waiters: Vec<waiter::WaiterDef>,
    /// The endpoint parameters the operation sets, in the order they apply (a later one wins
    /// when it has a value); empty without endpoint rules.
    pub(crate) endpoint_params: Vec<ParamSetter>,
    pub(crate) auth: AuthMode,
}

impl OperationDef {
    /// Finishing the body adds headers (gzip's Content-Encoding, Content-MD5).
    pub(crate) fn body_adds_headers(&self) -> bool {
        self.gzip || self.content_md5 || self.checksum.as_ref().is_some_and(|c| c.algorithm.is_some() || c.required)
    }

    /// The input's `@streaming` payload (a blob, or an event stream): `serialize_request` takes the input by value and
    /// moves it into the request.
    pub(crate) fn streaming_input(&self) -> Option<&FieldDef> {
        self.input.fields.iter().find(|f| matches!(f.ty, RustType::ByteStream { .. } | RustType::EventSender { .. }))
    }

    /// The output's `@streaming` blob payload: `deserialize_response` takes the response by
    /// value and hands its body to the output.
    pub(crate) fn streaming_output(&self) -> Option<&FieldDef> {
        self.output.fields.iter().find(|f| matches!(f.ty, RustType::ByteStream { .. }))
    }

    /// An event stream in or out: the blocking client leaves the operation to the async one
    /// (its events come and go while the call runs).
    pub(crate) fn has_event_stream(&self) -> bool {
        let input = self.input.fields.iter().any(|f| matches!(f.ty, RustType::EventSender { .. }));
        input || self.output.fields.iter().any(|f| matches!(f.ty, RustType::EventStream { .. }))
    }
}

/// An operation's flexible checksums (`aws.protocols#httpChecksum`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ChecksumDef {
    /// The input field that names the request's algorithm (`ChecksumAlgorithm`).
    pub(crate) algorithm: Option<usize>,
    /// A request must carry a checksum (CRC32 unless one is named), and no `Content-MD5` does.
    pub(crate) required: bool,
    /// The input field that asks for the response's checksum to be checked (`ChecksumMode`).
    pub(crate) validation: Option<usize>,
}

/// How the client authenticates an operation's requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AuthMode {
    /// SigV4 (the default, and whenever the effective `@auth` list is not empty).
    SigV4,
    /// `@optionalAuth`: signed when the client has credentials.
    Optional,
    /// `@auth([])` on the operation, or on the service for an operation without its own: never
    /// signed.
    Unsigned,
}

/// A `@paginated` operation's paginator.
#[derive(Debug, Clone)]
pub(crate) struct PaginatorDef {
    /// The `Client` method that returns the paginator (`list_things_paginator`).
    pub(crate) method: String,
    /// The input field (by index) the next token goes into (`inputToken`).
    pub(crate) input_token: usize,
    /// The output field (by index) the next token comes from (`outputToken`).
    pub(crate) output_token: usize,
    /// The output member holding each page's items (`items`), for the docs.
    pub(crate) items: Option<String>,
}

/// A piece of a request path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PathSegment {
    Literal(String),
    /// The input field (by index) bound to a label.
    Label {
        field: usize,
        greedy: bool,
    },
}

/// One modeled error of an operation.
#[derive(Debug, Clone)]
pub(crate) struct OperationError {
    /// The variant of `<Op>Error`.
    pub(crate) variant: String,
    /// The type in `crate::error`.
    pub(crate) type_name: String,
    /// The code on the wire: the error shape's name, or its `@awsQueryError` code (awsQuery).
    pub(crate) code: String,
    /// The variant holds a `Box` (the error structure is large).
    pub(crate) boxed: bool,
}
