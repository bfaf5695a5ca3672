//! One IDL file as parsed, before its relative shape ids are resolved: the
//! resolver needs every file's shapes first (a name may be defined in another
//! file of the same namespace).

use std::path::PathBuf;

use super::lexer::Pos;

/// IDL 1.0 and 2.0 differ in what they allow (mixins, enums, elision, `=` defaults…).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Version {
    V1,
    V2,
}

impl Version {
    /// The `smithy` version of the JSON AST this file becomes.
    pub(crate) fn ast_version(self) -> &'static str {
        match self {
            Version::V1 => "1.0",
            Version::V2 => "2.0",
        }
    }
}

#[derive(Debug)]
pub(crate) struct IdlFile {
    pub(crate) path: PathBuf,
    pub(crate) version: Version,
    pub(crate) metadata: Vec<(String, Node)>,
    pub(crate) namespace: Option<String>,
    /// `use` statements: absolute shape ids.
    pub(crate) uses: Vec<ShapeRef>,
    pub(crate) shapes: Vec<ShapeDef>,
    pub(crate) applies: Vec<Apply>,
}

/// A shape id as written (relative or absolute), and where.
#[derive(Debug, Clone)]
pub(crate) struct ShapeRef {
    pub(crate) text: String,
    pub(crate) pos: Pos,
}

/// A node value; unquoted shape ids stay apart until they are resolved.
#[derive(Debug, Clone)]
pub(crate) enum Node {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    ShapeId(ShapeRef),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

/// `@id` or `@id(value)`; an annotation without a value is `None` (it becomes
/// `{}`, or `[]` for list-shaped traits).
#[derive(Debug, Clone)]
pub(crate) struct TraitUse {
    pub(crate) id: ShapeRef,
    pub(crate) value: Option<Node>,
}

#[derive(Debug)]
pub(crate) struct ShapeDef {
    pub(crate) name: String,
    pub(crate) pos: Pos,
    /// The JSON AST `type`.
    pub(crate) kind: &'static str,
    pub(crate) traits: Vec<TraitUse>,
    pub(crate) mixins: Vec<ShapeRef>,
    /// `for Resource`: where elided members look for their targets first.
    pub(crate) for_resource: Option<ShapeRef>,
    pub(crate) body: Body,
}

#[derive(Debug)]
pub(crate) enum Body {
    /// Simple shapes.
    Empty,
    /// Structure, union, list, map, enum and intEnum members.
    Members(Vec<MemberDef>),
    /// Service and resource properties, as the node object written.
    Properties(Vec<(String, Node, Pos)>),
    Operation {
        input: Option<ShapeRef>,
        output: Option<ShapeRef>,
        errors: Option<Vec<ShapeRef>>,
    },
}

#[derive(Debug)]
pub(crate) struct MemberDef {
    pub(crate) name: String,
    pub(crate) pos: Pos,
    pub(crate) traits: Vec<TraitUse>,
    pub(crate) target: Target,
    /// `= value`: the default of a member, the value of an enum member.
    pub(crate) value: Option<Node>,
}

#[derive(Debug)]
pub(crate) enum Target {
    Explicit(ShapeRef),
    /// `$name`: taken from the `for` resource or a mixin.
    Elided,
    /// Enum members target `smithy.api#Unit`.
    Unit,
}

#[derive(Debug)]
pub(crate) struct Apply {
    pub(crate) target: ShapeRef,
    pub(crate) traits: Vec<TraitUse>,
}
