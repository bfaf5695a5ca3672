//! [`Blob`]: binary data, base64-encoded in JSON.
#![allow(dead_code)]

use super::json::{self, FromJson, Reader, ToJson, Writer};
use base64::Engine as _;

/// Binary data. In JSON it travels as a base64 string.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Blob(Vec<u8>);

impl Blob {
    /// Wraps bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self(bytes.into())
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The bytes, owned.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }
}

/// Base64 of `bytes` (for `@mediaType` headers).
pub(crate) fn encode_base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Bytes from base64, empty when it is not valid (for the model's own `@default` values).
pub(crate) fn decode_base64_or_empty(text: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD.decode(text).unwrap_or_default()
}

/// Text from a base64 header value.
pub(crate) fn decode_base64_text(text: &str) -> Result<String, String> {
    let bytes =
        base64::engine::general_purpose::STANDARD.decode(text.trim()).map_err(|e| format!("invalid base64: {e}"))?;
    String::from_utf8(bytes).map_err(|_| "the decoded value is not UTF-8".to_owned())
}

impl AsRef<[u8]> for Blob {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Blob {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl From<&[u8]> for Blob {
    fn from(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }
}

impl From<&str> for Blob {
    fn from(text: &str) -> Self {
        Self(text.as_bytes().to_vec())
    }
}

/// Base64 text.
impl ToJson for Blob {
    fn write(&self, writer: &mut Writer) {
        writer.string(&encode_base64(&self.0));
    }
}

/// A base64 string.
impl FromJson for Blob {
    fn read(reader: &mut Reader<'_>) -> json::Result<Self> {
        let at = reader.position();
        let text = reader.string()?;
        base64::engine::general_purpose::STANDARD
            .decode(text.as_bytes())
            .map(Blob)
            .map_err(|e| reader.error_at(at, format_args!("invalid base64: {e}")))
    }
}

/// Base64 text, as in JSON.
#[cfg(feature = "serde")]
mod serde_impls {
    use super::{encode_base64, Blob};
    use serde::de::{self, Deserializer};
    use serde::{Deserialize, Serialize, Serializer};

    impl Serialize for Blob {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_str(&encode_base64(self.as_bytes()))
        }
    }

    impl<'de> Deserialize<'de> for Blob {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            use base64::Engine as _;
            let text = String::deserialize(deserializer)?;
            let bytes = base64::engine::general_purpose::STANDARD.decode(text.trim()).map_err(de::Error::custom)?;
            Ok(Self::new(bytes))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trip() {
        let blob = Blob::from("hello world");
        let json = json::to_string(&blob);
        assert_eq!(json, "\"aGVsbG8gd29ybGQ=\"");
        let back: Result<Blob, _> = json::from_slice(json.as_bytes());
        assert_eq!(back.as_ref().map(Blob::as_bytes), Ok(&b"hello world"[..]));
        assert_eq!(json::from_slice::<Blob>(b"\"\""), Ok(Blob::default()));
        // Escapes are decoded before base64 (`\/` is `/`).
        assert_eq!(json::from_slice::<Blob>(br#""\/\/8=""#).map(Blob::into_inner), Ok(vec![0xff, 0xff]));
        let all: Vec<u8> = (0..=255).collect();
        let blob = Blob::new(all.clone());
        assert_eq!(json::from_slice::<Blob>(json::to_vec(&blob).as_slice()).map(Blob::into_inner), Ok(all));
    }

    #[test]
    fn invalid_base64_is_an_error() {
        let error = json::from_slice::<Blob>(b" \"not base64!\"").expect_err("refused");
        assert!(error.message().starts_with("invalid base64: ") && error.message().ends_with(" at byte 1"), "{error}");
        let error = json::from_slice::<Blob>(b"5").expect_err("not a string");
        assert_eq!(error.message(), "expected a string, found a number at byte 0");
    }
}
