//! The Smithy JSON AST as typed Rust: shapes, members and their traits.
//!
//! Loading ([`load`]) turns JSON into these types and reports every malformed
//! shape at once; nothing here judges whether the model makes sense for code
//! generation (that is [`crate::validate`]).

pub(crate) mod assemble;
pub(crate) mod load;
pub(crate) mod prelude;
pub(crate) mod shape_id;
pub(crate) mod traits;

use std::collections::BTreeMap;
use std::path::PathBuf;

pub(crate) use shape_id::ShapeId;
pub(crate) use traits::Traits;

/// Every shape of the loaded model files plus the prelude, keyed by id.
#[derive(Debug, Default)]
pub(crate) struct Model {
    pub(crate) shapes: BTreeMap<ShapeId, Shape>,
}

impl Model {
    pub(crate) fn get(&self, id: &ShapeId) -> Option<&Shape> {
        self.shapes.get(id)
    }

    /// The services defined outside the prelude, in id order.
    pub(crate) fn services(&self) -> impl Iterator<Item = &Shape> {
        self.shapes.values().filter(|s| matches!(s.kind, ShapeKind::Service(_)))
    }
}

/// One shape, with the file it came from (for error messages).
#[derive(Debug, Clone)]
pub(crate) struct Shape {
    pub(crate) id: ShapeId,
    pub(crate) kind: ShapeKind,
    pub(crate) traits: Traits,
    /// The model file that defined the shape; `None` for the prelude.
    pub(crate) file: Option<PathBuf>,
    /// Line and column of the definition, when it came from an IDL file.
    pub(crate) position: Option<(usize, usize)>,
}

/// Smithy's simple types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Simple {
    Blob,
    Boolean,
    String,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    Timestamp,
    Document,
}

impl Simple {
    pub(crate) fn smithy_name(self) -> &'static str {
        match self {
            Simple::Blob => "blob",
            Simple::Boolean => "boolean",
            Simple::String => "string",
            Simple::Byte => "byte",
            Simple::Short => "short",
            Simple::Integer => "integer",
            Simple::Long => "long",
            Simple::Float => "float",
            Simple::Double => "double",
            Simple::BigInteger => "bigInteger",
            Simple::BigDecimal => "bigDecimal",
            Simple::Timestamp => "timestamp",
            Simple::Document => "document",
        }
    }
}

/// What a shape is, with the parts each type carries.
#[derive(Debug, Clone)]
pub(crate) enum ShapeKind {
    Simple(Simple),
    /// `enum` (and `string` shapes with the legacy `smithy.api#enum` trait).
    Enum(Vec<EnumMember>),
    IntEnum(Vec<IntEnumMember>),
    /// `list`, and IDL 1.0 `set` (with `unique` set).
    List {
        member: Member,
        unique: bool,
    },
    Map {
        key: Member,
        value: Member,
    },
    Structure(Vec<Member>),
    Union(Vec<Member>),
    Service(Service),
    Operation(Operation),
    Resource(Resource),
}

impl ShapeKind {
    /// The Smithy type name, for messages.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            ShapeKind::Simple(s) => s.smithy_name(),
            ShapeKind::Enum(_) => "enum",
            ShapeKind::IntEnum(_) => "intEnum",
            ShapeKind::List { unique: false, .. } => "list",
            ShapeKind::List { unique: true, .. } => "set",
            ShapeKind::Map { .. } => "map",
            ShapeKind::Structure(_) => "structure",
            ShapeKind::Union(_) => "union",
            ShapeKind::Service(_) => "service",
            ShapeKind::Operation(_) => "operation",
            ShapeKind::Resource(_) => "resource",
        }
    }

    /// The members of aggregate shapes (list `member`, map `key`/`value`,
    /// structure and union members), in declaration order.
    pub(crate) fn members(&self) -> Vec<&Member> {
        match self {
            ShapeKind::List { member, .. } => vec![member],
            ShapeKind::Map { key, value } => vec![key, value],
            ShapeKind::Structure(members) | ShapeKind::Union(members) => members.iter().collect(),
            _ => Vec::new(),
        }
    }
}

/// A member of a structure, union, list or map.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub(crate) name: String,
    pub(crate) target: ShapeId,
    pub(crate) traits: Traits,
}

/// A member of an `enum` shape (or one entry of the legacy `enum` trait).
#[derive(Debug, Clone)]
pub(crate) struct EnumMember {
    /// The member name (legacy enums: the `name` property, else the value).
    pub(crate) name: String,
    /// The value on the wire.
    pub(crate) value: String,
    pub(crate) traits: Traits,
}

/// A member of an `intEnum` shape.
#[derive(Debug, Clone)]
pub(crate) struct IntEnumMember {
    pub(crate) name: String,
    pub(crate) value: i64,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Service {
    pub(crate) version: Option<String>,
    pub(crate) operations: Vec<ShapeId>,
    pub(crate) resources: Vec<ShapeId>,
    pub(crate) errors: Vec<ShapeId>,
    /// `rename`: shape id → the name it takes inside this service.
    pub(crate) rename: BTreeMap<ShapeId, String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Operation {
    pub(crate) input: ShapeId,
    pub(crate) output: ShapeId,
    pub(crate) errors: Vec<ShapeId>,
}

/// A resource's lifecycle and other operations, and its child resources.
#[derive(Debug, Clone, Default)]
pub(crate) struct Resource {
    pub(crate) operations: Vec<ShapeId>,
    pub(crate) resources: Vec<ShapeId>,
}

/// Where a problem was found: the file, the shape and the member, as far as known.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Location {
    pub(crate) file: Option<PathBuf>,
    /// Line and column in `file`, when known (shapes read from IDL).
    pub(crate) position: Option<(usize, usize)>,
    pub(crate) shape: Option<String>,
    pub(crate) member: Option<String>,
}

impl Location {
    pub(crate) fn shape(shape: &Shape) -> Self {
        Self { file: shape.file.clone(), position: shape.position, shape: Some(shape.id.to_string()), member: None }
    }

    pub(crate) fn member(shape: &Shape, member: &str) -> Self {
        Self { member: Some(member.to_owned()), ..Self::shape(shape) }
    }
}
