//! Unions on the wire: a JSON object with exactly one member set. A member
//! this version does not know is kept as an [`UnknownVariant`], so it
//! serializes back unchanged.
#![allow(dead_code)]

use serde::de::Error as _;

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

/// Serializes as `{}`: the value of a union member that targets `Unit`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EmptyObject;

impl serde::Serialize for EmptyObject {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        serializer.serialize_map(Some(0))?.end()
    }
}

/// Reads a union object: its one set member's name and value. `__type` is
/// ignored, as are members set to `null`; none or several set is an error.
pub(crate) fn read<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
    union: &'static str,
) -> Result<(String, serde_json::Value), D::Error> {
    let object = <serde_json::Map<String, serde_json::Value> as serde::Deserialize>::deserialize(deserializer)?;
    let mut set = object.into_iter().filter(|(name, value)| name != "__type" && !value.is_null());
    match (set.next(), set.next()) {
        (Some(member), None) => Ok(member),
        (None, _) => Err(D::Error::custom(format_args!("union `{union}` has no member set"))),
        (Some((first, _)), Some((second, _))) => {
            Err(D::Error::custom(format_args!("union `{union}` has more than one member set (`{first}`, `{second}`)")))
        }
    }
}

/// Reads a member's value as `T`; an error names the member.
pub(crate) fn value<T: serde::de::DeserializeOwned, E: serde::de::Error>(
    name: &str,
    value: serde_json::Value,
) -> Result<T, E> {
    serde_json::from_value(value).map_err(|e| E::custom(format_args!("`{name}`: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(json: &str) -> Result<(String, serde_json::Value), serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(json);
        read(&mut de, "U")
    }

    #[test]
    fn reads_the_one_member() {
        let (name, value) = read_str(r#"{"a": 1}"#).expect("one member");
        assert_eq!(name, "a");
        assert_eq!(value, serde_json::json!(1));
        let (name, _) = read_str(r#"{"__type": "x#U", "b": {}, "c": null}"#).expect("__type and nulls ignored");
        assert_eq!(name, "b");
    }

    #[test]
    fn refuses_none_or_several() {
        assert!(read_str("{}").expect_err("none").to_string().contains("no member set"));
        assert!(read_str(r#"{"a": 1, "b": 2}"#).expect_err("two").to_string().contains("more than one"));
        assert!(read_str("[1]").is_err());
    }

    #[test]
    fn value_errors_name_the_member() {
        let error = value::<i32, serde_json::Error>("count", serde_json::json!("x")).expect_err("wrong type");
        assert!(error.to_string().contains("`count`"), "{error}");
        assert_eq!(serde_json::to_string(&EmptyObject).expect("serializes"), "{}");
    }
}
