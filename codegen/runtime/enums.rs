//! Support for generated enums.
#![allow(dead_code)]

use std::fmt;

/// A wire value of an enum that this client does not know, kept so that it round-trips.
///
/// It cannot be created outside this crate: a value unknown today may become a known
/// variant in a later version.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    pub(crate) fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value as sent on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Deserializes an enum from a JSON string through its `From<&str>`, without
/// allocating for values it can borrow (the generated `Deserialize` impls).
pub(crate) fn deserialize<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    struct Visitor<T>(std::marker::PhantomData<T>);
    impl<T: for<'a> From<&'a str>> serde::de::Visitor<'_> for Visitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }
    }
    deserializer.deserialize_str(Visitor(std::marker::PhantomData))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deserializes_through_from() {
        let mut de = serde_json::Deserializer::from_str("\"a\\u0062\"");
        assert_eq!(deserialize::<_, String>(&mut de).expect("a string"), "ab");
        let mut de = serde_json::Deserializer::from_str("5");
        assert!(deserialize::<_, String>(&mut de).is_err());
    }

    #[test]
    fn unknown_value() {
        let v = UnknownValue::new("NEW_VALUE");
        assert_eq!((v.as_str(), v.to_string()), ("NEW_VALUE", "NEW_VALUE".to_owned()));
        assert_eq!(v, UnknownValue::new(String::from("NEW_VALUE")));
    }
}
