//! Response parsing: JSON bodies and the metadata of error responses.
#![allow(dead_code)]

use super::error::{ErrorParts, ResponseParseError};
use super::json::{self, FromJson, Reader};

/// Parses a JSON body; an empty (or all-whitespace) body reads as `{}`, trailing data is an error.
pub(crate) fn parse_json<T: FromJson>(body: &[u8]) -> Result<T, ResponseParseError> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) { b"{}" } else { body };
    json::from_slice(body)
}

/// Parses a modeled error's body, filling its message in from `meta` when the body carried
/// it under another name.
pub(crate) fn parse_error<T: FromJson + ErrorParts>(
    body: &[u8],
    meta: &ErrorMetadata,
) -> Result<T, ResponseParseError> {
    parse_error_with(body, meta, Ok)
}

/// [`parse_error`] for an error with members outside the body: `read_http` reads them
/// (headers, status) before the message is filled in.
pub(crate) fn parse_error_with<T: FromJson + ErrorParts>(
    body: &[u8],
    meta: &ErrorMetadata,
    read_http: impl FnOnce(T) -> Result<T, ResponseParseError>,
) -> Result<T, ResponseParseError> {
    let mut error = read_http(parse_json(body)?)?;
    if let Some(slot) = error.message_slot() {
        if slot.is_none() {
            slot.clone_from(&meta.message);
        }
    }
    Ok(error)
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
    let header = |name: &str| headers.get(name).and_then(|v| std::str::from_utf8(v.as_bytes()).ok());
    let [code, type_, message, upper_message, error_message] = body_fields(body).unwrap_or_default();
    let code = [header("x-amzn-errortype"), code.as_deref(), type_.as_deref()]
        .into_iter()
        .flatten()
        .map(sanitize_error_code)
        .find(|code| !code.is_empty());
    ErrorMetadata {
        code: code.map(str::to_owned),
        message: message.or(upper_message).or(error_message),
        request_id: header("x-amzn-requestid").or_else(|| header("x-amz-request-id")).map(str::to_owned),
    }
}

/// The top-level string members `code`, `__type`, `message`, `Message` and `errorMessage` of a
/// JSON object body (the last one wins for a repeated key; a value that is not a string is
/// `None`); an error if the body is not one valid JSON object.
fn body_fields(body: &[u8]) -> json::Result<[Option<String>; 5]> {
    const NAMES: [&str; 5] = ["code", "__type", "message", "Message", "errorMessage"];
    let mut fields: [Option<String>; 5] = Default::default();
    let mut reader = Reader::new(body);
    reader.object(|r, key| {
        let Some(slot) = NAMES.iter().position(|name| *name == key).and_then(|i| fields.get_mut(i)) else {
            return r.skip();
        };
        // Any other value is skipped, not interpreted: a number beyond f64's range is still
        // valid JSON and must not hide the code beside it.
        if r.is_string() {
            *slot = Some(r.string()?.into_owned());
            Ok(())
        } else {
            *slot = None;
            r.skip()
        }
    })?;
    reader.end()?;
    Ok(fields)
}

/// The `Code` of an `x-amzn-query-error` header (`Code;Fault`); `None` when absent or empty.
pub(crate) fn query_error_code(header: Option<&str>) -> Option<&str> {
    let code = header?.split(';').next()?.trim();
    (!code.is_empty()).then_some(code)
}

/// Reduces a wire error code to the shape name: drops everything from the first `:`, then
/// everything up to and including the first `#`.
pub(crate) fn sanitize_error_code(code: &str) -> &str {
    let code = code.split_once(':').map_or(code, |(code, _)| code);
    code.split_once('#').map_or(code, |(_, name)| name)
}

/// A response header's text: every value of `name` joined by `, `; `None`
/// when absent. A value that is not UTF-8 is an error naming the member.
pub(crate) fn header_text(
    headers: &http::HeaderMap,
    name: &str,
    member: &str,
) -> Result<Option<String>, ResponseParseError> {
    let mut text: Option<String> = None;
    for value in headers.get_all(name) {
        let value = value
            .to_str()
            .map_err(|_| ResponseParseError::new(member, format!("header `{name}` is not valid UTF-8")))?;
        match &mut text {
            Some(text) => {
                text.push_str(", ");
                text.push_str(value);
            }
            None => text = Some(value.to_owned()),
        }
    }
    Ok(text)
}

/// A response header parsed with `parse` (`str::parse` for numbers and
/// booleans, a timestamp parser, an enum's `From`); surrounding whitespace is
/// trimmed. A value that does not parse is an error naming the member.
pub(crate) fn header_with<T, E: std::fmt::Display>(
    headers: &http::HeaderMap,
    name: &str,
    member: &str,
    parse: impl Fn(&str) -> Result<T, E>,
) -> Result<Option<T>, ResponseParseError> {
    let Some(text) = header_text(headers, name, member)? else {
        return Ok(None);
    };
    parse(text.trim()).map(Some).map_err(|e| ResponseParseError::new(member, format!("header `{name}`: {e}")))
}

/// A list header: the values split on commas outside double quotes, each
/// trimmed and unquoted (`\"` and `\\` unescaped), then parsed.
pub(crate) fn header_list_with<T, E: std::fmt::Display>(
    headers: &http::HeaderMap,
    name: &str,
    member: &str,
    parse: impl Fn(&str) -> Result<T, E>,
) -> Result<Option<Vec<T>>, ResponseParseError> {
    let Some(text) = header_text(headers, name, member)? else {
        return Ok(None);
    };
    split_header_list(&text)
        .iter()
        .map(|item| parse(item).map_err(|e| ResponseParseError::new(member, format!("header `{name}`: {e}"))))
        .collect::<Result<Vec<T>, _>>()
        .map(Some)
}

/// A list of http-date timestamps: dates hold a comma themselves, so the
/// list splits after every second comma.
pub(crate) fn header_http_date_list<T, E: std::fmt::Display>(
    headers: &http::HeaderMap,
    name: &str,
    member: &str,
    parse: impl Fn(&str) -> Result<T, E>,
) -> Result<Option<Vec<T>>, ResponseParseError> {
    let Some(text) = header_text(headers, name, member)? else {
        return Ok(None);
    };
    let parts: Vec<&str> = text.split(',').collect();
    parts
        .chunks(2)
        .map(|pair| {
            let date = pair.join(",");
            parse(date.trim()).map_err(|e| ResponseParseError::new(member, format!("header `{name}`: {e}")))
        })
        .collect::<Result<Vec<T>, _>>()
        .map(Some)
}

/// Splits a header list on commas outside double quotes; items are trimmed
/// and unquoted.
pub(crate) fn split_header_list(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut was_quoted = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                quoted = !quoted;
                was_quoted = true;
            }
            '\\' if quoted => {
                if let Some(next) = chars.next() {
                    current.push(next);
                }
            }
            ',' if !quoted => {
                items.push(finish_item(&current, was_quoted));
                current.clear();
                was_quoted = false;
            }
            c => current.push(c),
        }
    }
    if !current.trim().is_empty() || was_quoted || !items.is_empty() {
        items.push(finish_item(&current, was_quoted));
    }
    items
}

fn finish_item(item: &str, was_quoted: bool) -> String {
    if was_quoted {
        item.trim_matches(|c: char| c == ' ' || c == '\t').to_owned()
    } else {
        item.trim().to_owned()
    }
}

/// The headers that start with `prefix` (case-insensitively), keyed by the
/// rest of their (lower-case) name; an empty map when there are none (always `Some`: the
/// `Option` matches the other header readers the generated code calls).
pub(crate) fn prefix_headers(
    headers: &http::HeaderMap,
    prefix: &str,
    member: &str,
) -> Result<Option<std::collections::HashMap<String, String>>, ResponseParseError> {
    let prefix = prefix.to_ascii_lowercase();
    let mut found = std::collections::HashMap::new();
    for name in headers.keys() {
        if let Some(key) = name.as_str().strip_prefix(prefix.as_str()) {
            if let Some(text) = header_text(headers, name.as_str(), member)? {
                found.insert(key.to_owned(), text);
            }
        }
    }
    // Present even when empty: the compliance case `HttpPrefixHeadersAreNotPresent` reads a
    // response without such headers as an empty map.
    Ok(Some(found))
}

/// A body read chunk by chunk: the rest of a response body (what an event stream or a
/// `ByteStream` output reads from; the client's has its stall timeout), or a request body that
/// streams (a `ByteStream` input).
pub(crate) trait BodySource: Send + Sync {
    /// The next chunk; `None` at the end; an error (the message says why) ends the body.
    fn poll_chunk(&mut self, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<Result<bytes::Bytes, String>>>;

    /// The whole body, when it is in memory: the client signs it with its hash and sends it
    /// again on a retry.
    fn in_memory(&self) -> Option<&bytes::Bytes> {
        None
    }

    /// The number of bytes still to come, where known.
    fn length(&self) -> Option<u64> {
        None
    }

    /// The same body from its start (a file opened again), for a retry; `None` when the
    /// body cannot start over.
    fn replay(&self) -> Option<Box<dyn BodySource>> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &[u8])]) -> http::HeaderMap {
        pairs
            .iter()
            .filter_map(|&(k, v)| Some((http::HeaderName::from_static(k), http::HeaderValue::from_bytes(v).ok()?)))
            .collect()
    }

    fn code(headers: &http::HeaderMap, body: &str) -> Option<String> {
        error_metadata(headers, body.as_bytes()).code
    }

    #[derive(Debug, PartialEq, Default)]
    struct Out {
        a: Option<Vec<i32>>,
    }

    impl FromJson for Out {
        fn read(r: &mut Reader<'_>) -> json::Result<Self> {
            let mut out = Out::default();
            r.object(|r, key| {
                match key {
                    "A" => out.a = r.read()?,
                    _ => r.skip()?,
                }
                Ok(())
            })?;
            Ok(out)
        }
    }

    #[test]
    fn parses_json() {
        assert_eq!(parse_json::<Out>(b""), Ok(Out::default()));
        assert_eq!(parse_json::<Out>(b" \r\n\t"), Ok(Out::default()));
        assert_eq!(parse_json::<Out>(br#" {"A":[1]} "#), Ok(Out { a: Some(vec![1]) }));
        assert_eq!(parse_json::<Out>(br#"{"B":{"x":[true]},"A":null}"#), Ok(Out::default()));
        let e = parse_json::<Out>(br#"{"A":[1]} x"#).err();
        assert_eq!(e.as_ref().map(|e| e.path()), Some(""), "{e:?}");
        assert_eq!(e.map(|e| e.to_string()).as_deref(), Some("trailing characters after the value at byte 10"));
        let e = parse_json::<Out>(br#"{"A":[1,"x"]}"#).err();
        assert_eq!(e.as_ref().map(|e| e.path()), Some("A[1]"), "{e:?}");
        let e = parse_json::<Out>(b"<html></html>").err();
        assert_eq!(e.map(|e| e.to_string()).as_deref(), Some("expected an object, found `<` at byte 0"));
    }

    #[test]
    fn deep_nesting_fails_cleanly() {
        let body = "[".repeat(100_000);
        assert!(parse_json::<serde_json::Value>(body.as_bytes()).is_err());
        let body = format!("{{\"a\":{body}");
        assert!(parse_json::<serde_json::Value>(body.as_bytes()).is_err());
        assert!(parse_json::<Out>(body.as_bytes()).is_err());
        assert_eq!(error_metadata(&http::HeaderMap::new(), body.as_bytes()), ErrorMetadata::default());
    }

    #[test]
    fn sanitizes_error_codes() {
        for (raw, clean) in [
            ("FooError", "FooError"),
            ("FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/", "FooError"),
            (
                "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
                "FooError",
            ),
            ("aws.protocoltests.restjson#FooError", "FooError"),
            ("", ""),
            (":x", ""),
            ("ns#", ""),
        ] {
            assert_eq!(sanitize_error_code(raw), clean, "{raw}");
        }
    }

    #[test]
    fn query_error_codes() {
        assert_eq!(
            query_error_code(Some("AWS.SimpleQueueService.NonExistentQueue;Sender")),
            Some("AWS.SimpleQueueService.NonExistentQueue")
        );
        assert_eq!(query_error_code(Some("Customized")), Some("Customized"));
        assert_eq!(query_error_code(Some(";Sender")), None);
        assert_eq!(query_error_code(Some("")), None);
        assert_eq!(query_error_code(None), None);
    }

    #[test]
    fn error_code_sources_and_precedence() {
        let none = http::HeaderMap::new();
        let h = headers(&[("x-amzn-errortype", b"ns#HeaderError:http://x")]);
        assert_eq!(code(&h, r#"{"code":"BodyCode","__type":"T"}"#).as_deref(), Some("HeaderError"));
        assert_eq!(code(&none, r#"{"code":"BodyCode","__type":"T"}"#).as_deref(), Some("BodyCode"));
        assert_eq!(code(&none, r#"{"__type":"aws.protocoltests.restjson#FooError"}"#).as_deref(), Some("FooError"));
        assert_eq!(code(&none, r#"{"Nested":{"__type":"X"}}"#), None);
        assert_eq!(code(&none, r#"{"code":5,"__type":"T"}"#).as_deref(), Some("T"));
        // Numbers beyond f64's range are valid JSON: skipped, never a reason to lose the code.
        assert_eq!(code(&none, r#"{"code":1e400,"__type":"T","n":-0.1E1000}"#).as_deref(), Some("T"));
        let meta = error_metadata(&none, br#"{"__type":"T","Message":0.1E1000,"errorMessage":"x"}"#);
        assert_eq!((meta.code.as_deref(), meta.message.as_deref()), (Some("T"), Some("x")));
        for body in [
            "",
            "<html><body>oops</body></html>",
            r#"[{"__type":"X"}]"#,
            "null",
            "{",
            r#""FooError""#,
            r#"{"__type":"X"} trailing"#,
            r#"{"__type":"X","a":[}"#,
        ] {
            assert_eq!(code(&none, body), None, "{body}");
        }
        let bad_body = error_metadata(&none, b"{\"__type\":\"X\",\"message\":\"m\",\"a\":\"\xff\"}");
        assert_eq!(bad_body, ErrorMetadata::default());
        let empty_header = headers(&[("x-amzn-errortype", b"")]);
        assert_eq!(code(&empty_header, r#"{"code":"BodyCode"}"#).as_deref(), Some("BodyCode"));
        let bad_utf8 = headers(&[("x-amzn-errortype", b"\xffBad")]);
        assert_eq!(code(&bad_utf8, r#"{"code":"BodyCode"}"#).as_deref(), Some("BodyCode"));
    }

    #[test]
    fn message_and_request_id() {
        let m = |body: &str| error_metadata(&http::HeaderMap::new(), body.as_bytes()).message;
        assert_eq!(m(r#"{"message":"a","Message":"b","errorMessage":"c"}"#).as_deref(), Some("a"));
        assert_eq!(m(r#"{"Message":"b","errorMessage":"c"}"#).as_deref(), Some("b"));
        assert_eq!(m(r#"{"errorMessage":"c"}"#).as_deref(), Some("c"));
        assert_eq!(m(r#"{"message":1,"Message":"b"}"#).as_deref(), Some("b"));
        assert_eq!(m(r#"{"nested":{"message":"a"}}"#), None);

        let rid = |pairs: &[(&'static str, &[u8])]| error_metadata(&headers(pairs), b"").request_id;
        assert_eq!(rid(&[("x-amzn-requestid", b"a"), ("x-amz-request-id", b"b")]).as_deref(), Some("a"));
        assert_eq!(rid(&[("x-amz-request-id", b"b")]).as_deref(), Some("b"));
        assert_eq!(rid(&[("x-amzn-requestid", b"\xff"), ("x-amz-request-id", b"b")]).as_deref(), Some("b"));
        assert_eq!(rid(&[]), None);
    }

    #[test]
    fn header_values() {
        let mut map = http::HeaderMap::new();
        map.insert("x-count", http::HeaderValue::from_static(" 42 "));
        map.append("x-list", http::HeaderValue::from_static("a, \"b,c\""));
        map.append("x-list", http::HeaderValue::from_static("\"\\\"def\\\"\", d"));
        map.insert("x-meta-one", http::HeaderValue::from_static("1"));
        map.insert("x-meta-two", http::HeaderValue::from_static("2"));
        map.insert("x-bad", http::HeaderValue::from_bytes(b"\xff").expect("opaque bytes"));
        assert_eq!(header_with(&map, "x-count", "Count", str::parse::<i32>), Ok(Some(42)));
        assert_eq!(header_with(&map, "x-none", "None", str::parse::<i32>), Ok(None));
        let error = header_with(&map, "x-list", "Count", str::parse::<i32>).expect_err("not a number");
        assert_eq!(error.path(), "Count");
        assert!(header_text(&map, "x-bad", "Bad").is_err());
        let list = header_list_with(&map, "x-list", "L", |s| Ok::<_, std::convert::Infallible>(s.to_owned()));
        assert_eq!(list, Ok(Some(vec!["a".into(), "b,c".into(), "\"def\"".into(), "d".into()])));
        let meta = prefix_headers(&map, "X-Meta-", "Meta").expect("utf-8").expect("present");
        assert_eq!(meta.get("one").map(String::as_str), Some("1"));
        assert_eq!(meta.len(), 2);
        assert_eq!(prefix_headers(&map, "x-nothing-", "M"), Ok(Some(std::collections::HashMap::new())));
        assert_eq!(split_header_list(""), Vec::<String>::new());
        assert_eq!(split_header_list("\"\""), vec![String::new()]);
    }
}
