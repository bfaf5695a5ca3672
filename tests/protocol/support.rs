//! Helpers for the generated protocol compliance tests: what a request must
//! look like, and responses built from a case's code, headers and body.
#![allow(dead_code)]

use std::fmt::Debug;

/// A case's expectations on a request (smithy.test#httpRequestTests).
pub struct ExpectedRequest<'a> {
    /// The endpoint the case sends to; a path in it (`example.com/custom`)
    /// prefixes the request's path, as a client's endpoint would.
    pub host: &'a str,
    pub method: &'a str,
    pub path: &'a str,
    /// `k=v` pairs in wire (percent-encoded) form; each must be present.
    pub query: &'a [&'a str],
    pub forbid_query: &'a [&'a str],
    pub require_query: &'a [&'a str],
    /// Exact values of the listed headers (repeated headers joined by `, `).
    pub headers: &'a [(&'a str, &'a str)],
    pub forbid_headers: &'a [&'a str],
    pub require_headers: &'a [&'a str],
    /// `None`: the body is not checked.
    pub body: Option<&'a str>,
    pub media_type: Option<&'a str>,
}

pub fn check_request(request: &http::Request<Vec<u8>>, expected: &ExpectedRequest<'_>) {
    assert_eq!(request.method().as_str(), expected.method, "method");
    let base = expected.host.split_once('/').map_or(String::new(), |(_, path)| format!("/{}", path.trim_end_matches('/')));
    assert_eq!(format!("{base}{}", request.uri().path()), expected.path, "path");
    let query: Vec<&str> = request.uri().query().unwrap_or("").split('&').filter(|p| !p.is_empty()).collect();
    for param in expected.query {
        assert!(query.contains(param), "query param `{param}` missing from {query:?}");
    }
    let key = |p: &str| p.split('=').next().unwrap_or("").to_owned();
    for forbidden in expected.forbid_query {
        assert!(!query.iter().any(|p| key(p) == *forbidden), "query param `{forbidden}` must be absent: {query:?}");
    }
    for required in expected.require_query {
        assert!(query.iter().any(|p| key(p) == *required), "query param `{required}` must be present: {query:?}");
    }
    for (name, value) in expected.headers {
        let values: Vec<&str> = request.headers().get_all(*name).iter().filter_map(|v| v.to_str().ok()).collect();
        assert!(!values.is_empty(), "header `{name}` missing; headers: {:?}", request.headers());
        assert_eq!(values.join(", "), *value, "header `{name}`");
    }
    for name in expected.forbid_headers {
        assert!(!request.headers().contains_key(*name), "header `{name}` must be absent");
    }
    for name in expected.require_headers {
        assert!(request.headers().contains_key(*name), "header `{name}` must be present");
    }
    if let Some(body) = expected.body {
        check_body(request.body(), body, expected.media_type);
    }
}

fn check_body(actual: &[u8], expected: &str, media_type: Option<&str>) {
    let json = media_type.is_some_and(|m| m.contains("json"));
    if json && !expected.is_empty() {
        let actual: serde_json::Value = serde_json::from_slice(actual)
            .unwrap_or_else(|e| panic!("the body is not JSON ({e}): {}", String::from_utf8_lossy(actual)));
        let expected: serde_json::Value = serde_json::from_str(expected).expect("the case's body is JSON");
        assert_eq!(actual, expected, "JSON body");
    } else {
        assert_eq!(String::from_utf8_lossy(actual), expected, "body");
    }
}

/// A response from a case's status, headers and body.
pub fn response(code: u16, headers: &[(&str, &str)], body: &str) -> http::Response<Vec<u8>> {
    let mut builder = http::Response::builder().status(code);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(body.as_bytes().to_vec()).expect("a valid test response")
}

/// Equality of the parsed value and the case's expected value.
pub fn assert_same<T: PartialEq + Debug>(actual: &T, expected: &T) {
    assert_eq!(actual, expected);
}

/// Equality through `Debug`, for values holding NaN (which is not equal to itself).
pub fn assert_same_debug<T: Debug>(actual: &T, expected: &T) {
    assert_eq!(format!("{actual:?}"), format!("{expected:?}"));
}
