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
    use super::super::json::{self, FromJson, Reader, ToJson, Writer};
    use super::*;

    /// A generated enum's shape: `From<&str>`, and the wire string both ways.
    #[derive(Debug, PartialEq)]
    enum Color {
        Red,
        Unknown(UnknownValue),
    }

    impl From<&str> for Color {
        fn from(value: &str) -> Self {
            match value {
                "red" => Self::Red,
                other => Self::Unknown(UnknownValue::new(other)),
            }
        }
    }

    impl Color {
        fn as_str(&self) -> &str {
            match self {
                Self::Red => "red",
                Self::Unknown(v) => v.as_str(),
            }
        }
    }

    impl FromJson for Color {
        fn read(reader: &mut Reader<'_>) -> json::Result<Self> {
            reader.string().map(|value| Self::from(&*value))
        }
    }

    impl ToJson for Color {
        fn write(&self, writer: &mut Writer) {
            writer.string(self.as_str());
        }
    }

    #[test]
    fn reads_and_writes_the_wire_string() {
        assert_eq!(json::from_slice::<Color>(b"\"r\\u0065d\""), Ok(Color::Red));
        let new = json::from_slice::<Color>(br#""NEW""#);
        assert_eq!(new, Ok(Color::Unknown(UnknownValue::new("NEW"))));
        assert_eq!(new.map(|c| json::to_string(&c)), Ok(r#""NEW""#.to_owned()));
        assert_eq!(json::to_string(&Color::Red), r#""red""#);
        let e = json::from_slice::<Color>(b"5").expect_err("not a string");
        assert_eq!(e.message(), "expected a string, found a number at byte 0");
    }

    #[test]
    fn unknown_value() {
        let v = UnknownValue::new("NEW_VALUE");
        assert_eq!((v.as_str(), v.to_string()), ("NEW_VALUE", "NEW_VALUE".to_owned()));
        assert_eq!(v, UnknownValue::new(String::from("NEW_VALUE")));
    }
}
