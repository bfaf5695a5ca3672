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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_value() {
        let v = UnknownValue::new("NEW_VALUE");
        assert_eq!((v.as_str(), v.to_string()), ("NEW_VALUE", "NEW_VALUE".to_owned()));
        assert_eq!(v, UnknownValue::new(String::from("NEW_VALUE")));
    }
}
