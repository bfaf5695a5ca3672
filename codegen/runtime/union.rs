//! Unions on the wire: a JSON object with exactly one member set. A member
//! this version does not know is kept as an [`UnknownVariant`], so it
//! serializes back unchanged.
#![allow(dead_code)]

use super::json::{self, Reader, ToJson, Writer};

/// A union member the model (as this crate knows it) does not have: its
/// name and its JSON value, kept so that they round-trip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownVariant {
    name: String,
    value: serde_json::Value,
}

impl UnknownVariant {
    pub(crate) fn new(name: String, value: serde_json::Value) -> Self {
        Self { name, value }
    }

    /// The member's name on the wire.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The member's value.
    pub fn value(&self) -> &serde_json::Value {
        &self.value
    }
}

/// Written as `{}`: the value of a union member that targets `Unit`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EmptyObject;

impl ToJson for EmptyObject {
    fn write(&self, writer: &mut Writer) {
        writer.empty_object();
    }
}

/// Reads the value of union member `name` that this crate does not know, as a document.
/// (The one-member rule is [`Reader::union`]'s.)
pub(crate) fn read_unknown(reader: &mut Reader<'_>, name: &str) -> json::Result<UnknownVariant> {
    Ok(UnknownVariant::new(name.to_owned(), reader.read()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A union with one known member `a` (an integer) and a `Unit` member `u`.
    #[derive(Debug, PartialEq)]
    enum U {
        A(i32),
        Unit,
        Unknown(UnknownVariant),
    }

    impl json::FromJson for U {
        fn read(r: &mut Reader<'_>) -> json::Result<Self> {
            r.union("U", |r, key| {
                Ok(match key {
                    "a" => Self::A(r.read()?),
                    "u" => {
                        r.skip()?;
                        Self::Unit
                    }
                    _ => Self::Unknown(read_unknown(r, key)?),
                })
            })
        }
    }

    impl ToJson for U {
        fn write(&self, writer: &mut Writer) {
            let mut object = writer.object();
            match self {
                Self::A(value) => object.field("a", value),
                Self::Unit => object.field("u", &EmptyObject),
                Self::Unknown(unknown) => object.field(unknown.name(), unknown.value()),
            }
            object.end();
        }
    }

    fn read_str(text: &str) -> json::Result<U> {
        json::from_slice(text.as_bytes())
    }

    #[test]
    fn reads_the_one_member() {
        assert_eq!(read_str(r#"{"a": 1}"#), Ok(U::A(1)));
        assert_eq!(read_str(r#"{"__type": "x#U", "c": null, "a": 2, "b": null}"#), Ok(U::A(2)));
        assert_eq!(read_str(r#"{"u": {"ignored": [1]}}"#), Ok(U::Unit));
        let unknown = read_str(r#"{"__type": {"odd": true}, "new": {"x": [1, "y"]}}"#).expect("unknown member");
        let expected = UnknownVariant::new("new".into(), serde_json::json!({"x": [1, "y"]}));
        assert_eq!(unknown, U::Unknown(expected));
        assert_eq!(json::to_string(&unknown), r#"{"new":{"x":[1,"y"]}}"#);
        assert_eq!(json::to_string(&U::Unit), r#"{"u":{}}"#);
        assert_eq!(json::to_string(&U::A(3)), r#"{"a":3}"#);
        assert_eq!(json::to_string(&EmptyObject), "{}");
        if let U::Unknown(v) = &unknown {
            assert_eq!((v.name(), v.value()), ("new", &serde_json::json!({"x": [1, "y"]})));
        }
    }

    #[test]
    fn refuses_none_or_several() {
        let message = |text: &str| read_str(text).map_err(|e| e.to_string());
        assert_eq!(message("{}"), Err("union `U` has no member set".into()));
        assert_eq!(message(r#"{"__type": "U", "a": null}"#), Err("union `U` has no member set".into()));
        assert_eq!(message(r#"{"a": 1, "b": 2}"#), Err("union `U` has more than one member set (`a`, `b`)".into()));
        assert_eq!(message(r#"{"a": 1, "a": 2}"#), Err("union `U` has more than one member set (`a`, `a`)".into()));
        assert_eq!(message("[1]"), Err("expected an object, found an array at byte 0".into()));
        assert_eq!(message("null"), Err("expected an object, found null at byte 0".into()));
    }

    #[test]
    fn errors_name_the_member() {
        let e = read_str(r#"{"a": "x"}"#).expect_err("wrong type");
        assert_eq!(e.path(), "a");
        assert_eq!(e.message(), "expected an integer (i32), found a string at byte 6");
        let e = read_str(r#"{"new": [1, tru]}"#).expect_err("bad document");
        assert_eq!(e.path(), "new[1]");
        let e = json::from_slice::<Vec<U>>(br#"[{"a": 1}, {"a": 1, "b": 2}]"#).expect_err("two members");
        assert_eq!(e.path(), "[1]");
    }
}
