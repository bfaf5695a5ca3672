//! Request building: HTTP labels, query strings and header values.
#![allow(dead_code)]

use super::error::BuildError;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything except ASCII alphanumerics and `-._~` (RFC 3986 unreserved) is percent-encoded.
const ENCODE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// A label's value, which must be set and non-empty.
pub(crate) fn label<'a>(member: &'static str, value: Option<&'a str>) -> Result<&'a str, BuildError> {
    match value {
        None => Err(BuildError::missing(member)),
        Some("") => Err(BuildError::empty(member)),
        Some(value) => Ok(value),
    }
}

/// A host label of `@endpoint(hostPrefix)`: set, non-empty, and made of
/// ASCII letters, digits and `-` (not first), as a DNS label must be.
pub(crate) fn host_label<'a>(member: &'static str, value: Option<&'a str>) -> Result<&'a str, BuildError> {
    let value = label(member, value)?;
    let valid =
        value.len() <= 63 && !value.starts_with('-') && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if valid {
        Ok(value)
    } else {
        Err(BuildError::invalid(member, "not a valid host label (letters, digits and `-`, at most 63)"))
    }
}

/// Percent-encodes a label for the URI path. A greedy label keeps its `/`s. A value (or, if
/// greedy, a segment) of `.` or `..` is an error, since URL handling would remove it.
pub(crate) fn encode_label(member: &'static str, value: &str, greedy: bool) -> Result<String, BuildError> {
    let segment = |s: &str| match s {
        "." | ".." => Err(BuildError::dot_segment(member)),
        s => Ok(utf8_percent_encode(s, ENCODE).to_string()),
    };
    if greedy {
        Ok(value.split('/').map(segment).collect::<Result<Vec<_>, _>>()?.join("/"))
    } else {
        segment(value)
    }
}

/// Percent-encodes a query key or value.
pub(crate) fn encode_query(value: &str) -> String {
    utf8_percent_encode(value, ENCODE).to_string()
}

/// Appends `key=value` query parameters to a path that may already hold a literal query.
#[derive(Debug, Default)]
pub(crate) struct QueryWriter {
    out: String,
}

impl QueryWriter {
    /// Starts from the path, with the literal query of the URI pattern if there is one.
    pub(crate) fn new(path_and_literal_query: String) -> Self {
        Self { out: path_and_literal_query }
    }

    /// Appends `key=value`, both percent-encoded.
    pub(crate) fn push(&mut self, key: &str, value: &str) {
        if !self.out.contains('?') {
            self.out.push('?');
        } else if !self.out.ends_with(['?', '&']) {
            self.out.push('&');
        }
        self.out.extend(utf8_percent_encode(key, ENCODE));
        self.out.push('=');
        self.out.extend(utf8_percent_encode(value, ENCODE));
    }

    /// The path and query.
    pub(crate) fn finish(self) -> String {
        self.out
    }
}

/// A header value, or an error naming the member if the text cannot be sent in a header.
/// Finishes a request: the protocol's `Content-Type` unless a modeled header set one, a
/// `Content-Length` for a non-empty body, and the body (one helper instead of the same
/// lines in every operation).
pub(crate) fn finish(
    mut request: http::request::Builder,
    content_type: Option<&str>,
    body: Vec<u8>,
) -> Result<http::Request<Vec<u8>>, BuildError> {
    if let Some(content_type) = content_type {
        if !request.headers_ref().is_some_and(|headers| headers.contains_key(http::header::CONTENT_TYPE)) {
            request = request.header(http::header::CONTENT_TYPE, content_type);
        }
    }
    if !body.is_empty() {
        request = request.header(http::header::CONTENT_LENGTH, body.len());
    }
    request.body(body).map_err(|error| BuildError::invalid("request", error.to_string()))
}

pub(crate) fn header_value(member: &'static str, value: &str) -> Result<http::HeaderValue, BuildError> {
    http::HeaderValue::from_str(value)
        .map_err(|_| BuildError::invalid(member, "not a valid HTTP header value (control characters are not allowed)"))
}

/// A float as text for labels, query and headers: `NaN`, `Infinity`,
/// `-Infinity` for the non-finite values, else the shortest text that reads
/// back as the same `f32`/`f64` (so `1.1f32` is `1.1`).
pub(crate) fn float_text<F: Copy + Into<f64> + std::fmt::Display>(value: F) -> String {
    let wide: f64 = value.into();
    if wide.is_nan() {
        "NaN".to_owned()
    } else if wide == f64::INFINITY {
        "Infinity".to_owned()
    } else if wide == f64::NEG_INFINITY {
        "-Infinity".to_owned()
    } else {
        value.to_string()
    }
}

/// A fresh idempotency token (a random UUID v4), for members the caller left
/// unset. Tests may fix it with [`set_idempotency_token_generator`].
pub(crate) fn idempotency_token() -> String {
    if let Some(generate) = TOKEN_GENERATOR.get() {
        return generate();
    }
    use std::hash::{BuildHasher, Hasher};
    // RandomState is seeded randomly per process and differs per instance.
    let random = || {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher
            .write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
        hasher.finish()
    };
    let (high, low) = (random(), random());
    let high = (high & 0xffff_ffff_ffff_0fff) | 0x0000_0000_0000_4000;
    let low = (low & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        high >> 32,
        (high >> 16) & 0xffff,
        high & 0xffff,
        low >> 48,
        low & 0xffff_ffff_ffff
    )
}

static TOKEN_GENERATOR: std::sync::OnceLock<fn() -> String> = std::sync::OnceLock::new();

/// Replaces the generator of idempotency tokens (filled into members the
/// caller left unset) for the whole process, for tests that need a fixed
/// token; only the first call takes effect.
pub fn set_idempotency_token_generator(generate: fn() -> String) {
    let _ = TOKEN_GENERATOR.set(generate);
}

/// A list header's value: items joined by `, `, each quoted (with `"` and
/// `\\` escaped) when it holds a comma or a quote, or starts or ends with
/// whitespace.
pub(crate) fn header_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for (index, item) in items.into_iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        let quote =
            item.contains([',', '"']) || item.starts_with(char::is_whitespace) || item.ends_with(char::is_whitespace);
        if quote {
            out.push('"');
            for c in item.chars() {
                if c == '"' || c == '\\' {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push('"');
        } else {
            out.push_str(item);
        }
    }
    out
}

/// The request carries a flexible checksum already (`x-amz-checksum-<algorithm>`; the mode
/// header asks for the response's, it is none): the caller's is kept, none is added.
pub(crate) fn has_checksum(headers: &http::HeaderMap) -> bool {
    headers.keys().any(|name| name.as_str().starts_with("x-amz-checksum-") && name != "x-amz-checksum-mode")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPECIAL: &str = " %:/?#[]@!$&'()*+,;=😹";
    const SPECIAL_ENCODED: &str = "%20%25%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%F0%9F%98%B9";

    #[test]
    fn labels() {
        assert_eq!(label("Id", Some("x")), Ok("x"));
        assert_eq!(label("Id", None), Err(BuildError::missing("Id")));
        assert_eq!(label("Id", Some("")), Err(BuildError::empty("Id")));
    }

    #[test]
    fn encodes_labels() {
        assert_eq!(encode_label("Id", SPECIAL, false).as_deref(), Ok(SPECIAL_ENCODED));
        assert_eq!(encode_label("Id", "a b/c", false).as_deref(), Ok("a%20b%2Fc"));
        assert_eq!(encode_label("Id", "a b/c", true).as_deref(), Ok("a%20b/c"));
        assert_eq!(encode_label("Id", "AZaz09-._~", false).as_deref(), Ok("AZaz09-._~"));
        assert_eq!(encode_label("Id", "..a/.b./...", true).as_deref(), Ok("..a/.b./..."));
        assert_eq!(encode_label("Id", "a//b/", true).as_deref(), Ok("a//b/"));
        for (value, greedy) in [(".", false), ("..", false), ("a/../b", true), ("./a", true), ("a/.", true)] {
            assert_eq!(encode_label("Id", value, greedy), Err(BuildError::dot_segment("Id")), "{value}");
        }
        assert_eq!(encode_label("Id", "a/../b", false).as_deref(), Ok("a%2F..%2Fb"));
    }

    #[test]
    fn query_writer() {
        assert_eq!(encode_query(SPECIAL), SPECIAL_ENCODED);
        let mut q = QueryWriter::new("/x".into());
        q.push("a b", "");
        q.push("k", "v&w");
        assert_eq!(q.finish(), "/x?a%20b=&k=v%26w");
        let mut q = QueryWriter::new("/x?foo=bar&flag".into());
        q.push("k", "v");
        assert_eq!(q.finish(), "/x?foo=bar&flag&k=v");
        let mut q = QueryWriter::new("/x?".into());
        q.push("k", "v");
        assert_eq!(q.finish(), "/x?k=v");
        assert_eq!(QueryWriter::new("/x?a".into()).finish(), "/x?a");
        assert_eq!(QueryWriter::default().finish(), "");
    }

    #[test]
    fn header_values() {
        assert_eq!(header_value("H", "a, \"b\"").ok(), Some(http::HeaderValue::from_static("a, \"b\"")));
        assert!(matches!(
            header_value("H", "a\r\nb").map_err(|e| (e.member(), e.kind().clone())),
            Err(("H", super::super::error::BuildErrorKind::Invalid(_)))
        ));
    }

    #[test]
    fn header_lists() {
        assert_eq!(header_list(["b,c", "\"def\"", "a"]), "\"b,c\", \"\\\"def\\\"\", a");
        assert_eq!(header_list([" x", "y"]), "\" x\", y");
        assert_eq!(header_list(Vec::<&str>::new()), "");
    }

    #[test]
    fn floats_and_tokens() {
        assert_eq!(float_text(f64::NAN), "NaN");
        assert_eq!(float_text(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(float_text(1.5), "1.5");
        assert_eq!(float_text(1.1f32), "1.1");
        let token = idempotency_token();
        assert_eq!(token.len(), 36, "{token}");
        assert_eq!(token.as_bytes()[14], b'4', "version 4: {token}");
        assert!(matches!(token.as_bytes()[19], b'8' | b'9' | b'a' | b'b'), "variant: {token}");
        assert_ne!(idempotency_token(), token);
    }

    #[test]
    fn host_labels() {
        assert_eq!(host_label("L", Some("bar-1")), Ok("bar-1"));
        assert!(host_label("L", Some("-bar")).is_err());
        assert!(host_label("L", Some("a.b")).is_err());
        assert!(host_label("L", Some("")).is_err());
        assert!(host_label("L", None).is_err());
    }
}
