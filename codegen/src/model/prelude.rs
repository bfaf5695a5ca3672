//! Smithy's prelude: the built-in `smithy.api#` shapes every model may target.
//!
//! Model files never contain them, so they are defined here.

use serde_json::json;

use super::{Shape, ShapeId, ShapeKind, Simple, Traits};

/// The prelude shapes, with the `@default` of the `Primitive*` ones.
pub(crate) fn shapes() -> Vec<Shape> {
    let simple = [
        ("String", Simple::String, None),
        ("Blob", Simple::Blob, None),
        ("BigInteger", Simple::BigInteger, None),
        ("BigDecimal", Simple::BigDecimal, None),
        ("Timestamp", Simple::Timestamp, None),
        ("Document", Simple::Document, None),
        ("Boolean", Simple::Boolean, None),
        ("PrimitiveBoolean", Simple::Boolean, Some(json!(false))),
        ("Byte", Simple::Byte, None),
        ("PrimitiveByte", Simple::Byte, Some(json!(0))),
        ("Short", Simple::Short, None),
        ("PrimitiveShort", Simple::Short, Some(json!(0))),
        ("Integer", Simple::Integer, None),
        ("PrimitiveInteger", Simple::Integer, Some(json!(0))),
        ("Long", Simple::Long, None),
        ("PrimitiveLong", Simple::Long, Some(json!(0))),
        ("Float", Simple::Float, None),
        ("PrimitiveFloat", Simple::Float, Some(json!(0))),
        ("Double", Simple::Double, None),
        ("PrimitiveDouble", Simple::Double, Some(json!(0))),
    ];
    let mut shapes: Vec<Shape> = simple
        .into_iter()
        .map(|(name, kind, default)| {
            let mut traits = Traits::default();
            if let Some(default) = default {
                traits.0.insert(super::traits::ids::DEFAULT.to_owned(), default);
            }
            Shape { id: ShapeId::prelude(name), kind: ShapeKind::Simple(kind), traits, file: None, position: None }
        })
        .collect();
    shapes.push(Shape {
        id: ShapeId::prelude("Unit"),
        kind: ShapeKind::Structure(Vec::new()),
        traits: Traits::default(),
        file: None,
        position: None,
    });
    shapes
}

/// `smithy.api#Unit`: "no input", "no output", or a union variant without a value.
pub(crate) fn unit() -> ShapeId {
    ShapeId::prelude("Unit")
}
