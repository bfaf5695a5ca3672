//! Response parsing: JSON bodies and the metadata of error responses.
#![allow(dead_code)]

use super::error::ResponseParseError;

/// Parses a JSON body; an empty (or all-whitespace) body reads as `{}`, trailing data is an error.
pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(
    body: &[u8],
) -> Result<T, ResponseParseError> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        body
    };
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut de).map_err(ResponseParseError::from_json)?;
    de.end()
        .map_err(|e| ResponseParseError::new("", e.to_string()))?;
    Ok(value)
}

/// What an error response says about itself, whatever its shape.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ErrorMetadata {
    /// The sanitized error code: the error shape's name.
    pub(crate) code: Option<String>,
    /// The top-level `message`, `Message` or `errorMessage`.
    pub(crate) message: Option<String>,
    /// The `x-amzn-requestid` (or `x-amz-request-id`) header.
    pub(crate) request_id: Option<String>,
}

/// Reads the error code (header `x-amzn-errortype`, else the body's top-level `code`, else
/// `__type`), the message and the request ID. Never fails: what cannot be read is `None`.
pub(crate) fn error_metadata(headers: &http::HeaderMap, body: &[u8]) -> ErrorMetadata {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| std::str::from_utf8(v.as_bytes()).ok())
    };
    let object = match serde_json::from_slice(body) {
        Ok(serde_json::Value::Object(object)) => object,
        _ => serde_json::Map::new(),
    };
    let field = |name: &str| object.get(name).and_then(serde_json::Value::as_str);
    let code = [header("x-amzn-errortype"), field("code"), field("__type")]
        .into_iter()
        .flatten()
        .map(sanitize_error_code)
        .find(|code| !code.is_empty());
    ErrorMetadata {
        code: code.map(str::to_owned),
        message: field("message")
            .or_else(|| field("Message"))
            .or_else(|| field("errorMessage"))
            .map(str::to_owned),
        request_id: header("x-amzn-requestid")
            .or_else(|| header("x-amz-request-id"))
            .map(str::to_owned),
    }
}

/// Reduces a wire error code to the shape name: drops everything from the first `:`, then
/// everything up to and including the first `#`.
pub(crate) fn sanitize_error_code(code: &str) -> &str {
    let code = code.split_once(':').map_or(code, |(code, _)| code);
    code.split_once('#').map_or(code, |(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &[u8])]) -> http::HeaderMap {
        pairs
            .iter()
            .filter_map(|&(k, v)| {
                Some((
                    http::HeaderName::from_static(k),
                    http::HeaderValue::from_bytes(v).ok()?,
                ))
            })
            .collect()
    }

    fn code(headers: &http::HeaderMap, body: &str) -> Option<String> {
        error_metadata(headers, body.as_bytes()).code
    }

    #[test]
    fn parses_json() {
        #[derive(Debug, PartialEq, serde::Deserialize, Default)]
        struct Out {
            #[serde(rename = "A", default)]
            a: Option<Vec<u8>>,
        }
        assert_eq!(parse_json::<Out>(b""), Ok(Out::default()));
        assert_eq!(parse_json::<Out>(b" \r\n\t"), Ok(Out::default()));
        assert_eq!(
            parse_json::<Out>(br#" {"A":[1]} "#),
            Ok(Out { a: Some(vec![1]) })
        );
        let e = parse_json::<Out>(br#"{"A":[1]} x"#).err();
        assert_eq!(e.as_ref().map(|e| e.path()), Some(""), "{e:?}");
        let e = parse_json::<Out>(br#"{"A":[1,"x"]}"#).err();
        assert_eq!(e.as_ref().map(|e| e.path()), Some("A[1]"), "{e:?}");
        assert!(parse_json::<Out>(b"<html></html>").is_err());
    }

    #[test]
    fn deep_nesting_fails_cleanly() {
        let body = "[".repeat(100_000);
        assert!(parse_json::<serde_json::Value>(body.as_bytes()).is_err());
        let body = format!("{{\"a\":{body}");
        assert!(parse_json::<serde_json::Value>(body.as_bytes()).is_err());
        assert_eq!(
            error_metadata(&http::HeaderMap::new(), body.as_bytes()),
            ErrorMetadata::default()
        );
    }

    #[test]
    fn sanitizes_error_codes() {
        for (raw, clean) in [
            ("FooError", "FooError"),
            ("FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/", "FooError"),
            ("aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/", "FooError"),
            ("aws.protocoltests.restjson#FooError", "FooError"),
            ("", ""),
            (":x", ""),
            ("ns#", ""),
        ] {
            assert_eq!(sanitize_error_code(raw), clean, "{raw}");
        }
    }

    #[test]
    fn error_code_sources_and_precedence() {
        let none = http::HeaderMap::new();
        let h = headers(&[("x-amzn-errortype", b"ns#HeaderError:http://x")]);
        assert_eq!(
            code(&h, r#"{"code":"BodyCode","__type":"T"}"#).as_deref(),
            Some("HeaderError")
        );
        assert_eq!(
            code(&none, r#"{"code":"BodyCode","__type":"T"}"#).as_deref(),
            Some("BodyCode")
        );
        assert_eq!(
            code(&none, r#"{"__type":"aws.protocoltests.restjson#FooError"}"#).as_deref(),
            Some("FooError")
        );
        assert_eq!(code(&none, r#"{"Nested":{"__type":"X"}}"#), None);
        assert_eq!(
            code(&none, r#"{"code":5,"__type":"T"}"#).as_deref(),
            Some("T")
        );
        for body in [
            "",
            "<html><body>oops</body></html>",
            r#"[{"__type":"X"}]"#,
            "null",
            "{",
            r#""FooError""#,
        ] {
            assert_eq!(code(&none, body), None, "{body}");
        }
        let empty_header = headers(&[("x-amzn-errortype", b"")]);
        assert_eq!(
            code(&empty_header, r#"{"code":"BodyCode"}"#).as_deref(),
            Some("BodyCode")
        );
        let bad_utf8 = headers(&[("x-amzn-errortype", b"\xffBad")]);
        assert_eq!(
            code(&bad_utf8, r#"{"code":"BodyCode"}"#).as_deref(),
            Some("BodyCode")
        );
    }

    #[test]
    fn message_and_request_id() {
        let m = |body: &str| error_metadata(&http::HeaderMap::new(), body.as_bytes()).message;
        assert_eq!(
            m(r#"{"message":"a","Message":"b","errorMessage":"c"}"#).as_deref(),
            Some("a")
        );
        assert_eq!(
            m(r#"{"Message":"b","errorMessage":"c"}"#).as_deref(),
            Some("b")
        );
        assert_eq!(m(r#"{"errorMessage":"c"}"#).as_deref(), Some("c"));
        assert_eq!(m(r#"{"message":1,"Message":"b"}"#).as_deref(), Some("b"));
        assert_eq!(m(r#"{"nested":{"message":"a"}}"#), None);

        let rid = |pairs: &[(&'static str, &[u8])]| error_metadata(&headers(pairs), b"").request_id;
        assert_eq!(
            rid(&[("x-amzn-requestid", b"a"), ("x-amz-request-id", b"b")]).as_deref(),
            Some("a")
        );
        assert_eq!(rid(&[("x-amz-request-id", b"b")]).as_deref(), Some("b"));
        assert_eq!(
            rid(&[("x-amzn-requestid", b"\xff"), ("x-amz-request-id", b"b")]).as_deref(),
            Some("b")
        );
        assert_eq!(rid(&[]), None);
    }
}
