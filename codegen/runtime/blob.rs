//! [`Blob`]: binary data, base64-encoded in JSON.
#![allow(dead_code)]

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

impl serde::Serialize for Blob {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

impl<'de> serde::Deserialize<'de> for Blob {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Blob;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a base64 string")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Blob, E> {
                base64::engine::general_purpose::STANDARD
                    .decode(text)
                    .map(Blob)
                    .map_err(|e| E::custom(format_args!("invalid base64: {e}")))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trip() {
        let blob = Blob::from("hello world");
        let json = serde_json::to_string(&blob).expect("serializes");
        assert_eq!(json, "\"aGVsbG8gd29ybGQ=\"");
        let back: Blob = serde_json::from_str(&json).expect("parses");
        assert_eq!(back.as_bytes(), b"hello world");
        assert_eq!(serde_json::from_str::<Blob>("\"\"").expect("empty"), Blob::default());
    }

    #[test]
    fn invalid_base64_is_an_error() {
        let error = serde_json::from_str::<Blob>("\"not base64!\"").expect_err("refused");
        assert!(error.to_string().contains("invalid base64"), "{error}");
        assert!(serde_json::from_str::<Blob>("5").is_err());
    }
}
