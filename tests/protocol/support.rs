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
    /// XML elements that are map entries (`entry`, or a flattened map's member name): a run of
    /// them compares as a set, since a Smithy map has no order.
    pub map_entries: &'a [&'a str],
}

pub fn check_request(request: &http::Request<Vec<u8>>, expected: &ExpectedRequest<'_>) {
    assert_eq!(request.method().as_str(), expected.method, "method");
    let base =
        expected.host.split_once('/').map_or(String::new(), |(_, path)| format!("/{}", path.trim_end_matches('/')));
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
        check_body_with(request.body(), body, expected.media_type, expected.map_entries);
    }
}

/// Compares a request body with a case's: JSON as JSON, XML as an element tree (attribute
/// and namespace-declaration order and whitespace between elements do not matter), form
/// bodies as multisets of decoded pairs, anything else byte for byte.
pub fn check_body(actual: &[u8], expected: &str, media_type: Option<&str>) {
    check_body_with(actual, expected, media_type, &[]);
}

/// [`check_body`], with XML map entries compared as sets (see [`ExpectedRequest::map_entries`]).
pub fn check_body_with(actual: &[u8], expected: &str, media_type: Option<&str>, map_entries: &[&str]) {
    let media_type = media_type.unwrap_or_default();
    if expected.is_empty() {
        assert_eq!(String::from_utf8_lossy(actual), expected, "body");
    } else if media_type.contains("json") {
        let actual: serde_json::Value = serde_json::from_slice(actual)
            .unwrap_or_else(|e| panic!("the body is not JSON ({e}): {}", String::from_utf8_lossy(actual)));
        let expected: serde_json::Value = serde_json::from_str(expected).expect("the case's body is JSON");
        assert_eq!(actual, expected, "JSON body");
    } else if media_type.contains("xml") {
        let canonical = |body: &[u8]| {
            xml_canonical(body, map_entries)
                .unwrap_or_else(|e| panic!("the body is not XML ({e}): {}", String::from_utf8_lossy(body)))
        };
        assert_eq!(canonical(actual), canonical(expected.as_bytes()), "XML body");
    } else if media_type.contains("x-www-form-urlencoded") {
        assert_eq!(form_pairs(actual), form_pairs(expected.as_bytes()), "form body");
    } else {
        assert_eq!(String::from_utf8_lossy(actual), expected, "body");
    }
}

/// An XML element as compared: qualified name, attributes (namespace declarations
/// included) as a set, children by name (items of a list in order, map entries as a set), and text (dropped when it is only whitespace
/// between child elements).
#[derive(Debug, Default)]
struct XmlNode {
    name: String,
    attributes: std::collections::BTreeMap<String, String>,
    children: Vec<XmlNode>,
    text: String,
}

impl XmlNode {
    /// One line of canonical XML: attributes sorted, insignificant whitespace gone, so
    /// that two documents are equal exactly when these strings are (and a failure shows a
    /// readable diff).
    fn render(&self, out: &mut String, map_entries: &[&str]) {
        let escape = |text: &str| {
            text.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;")
                .replace('\r', "&#xD;")
        };
        out.push('<');
        out.push_str(&self.name);
        for (name, value) in &self.attributes {
            out.push_str(&format!(" {name}=\"{}\"", escape(value)));
        }
        out.push('>');
        if self.children.is_empty() || !self.text.trim().is_empty() {
            out.push_str(&escape(&self.text));
        }
        let mut rendered: Vec<(&str, String)> = Vec::new();
        for child in &self.children {
            let mut text = String::new();
            child.render(&mut text, map_entries);
            rendered.push((&child.name, text));
        }
        // Structure members in name order (their order carries no meaning; a stable sort keeps
        // the order of repeated elements, which are list items), then runs of map entries in a
        // canonical (sorted) order.
        rendered.sort_by(|a, b| a.0.cmp(b.0));
        let mut start = 0;
        while start < rendered.len() {
            let name = rendered[start].0;
            let end = start + rendered[start..].iter().take_while(|(n, _)| *n == name).count();
            if map_entries.contains(&name) {
                rendered[start..end].sort_by(|a, b| a.1.cmp(&b.1));
            }
            start = end;
        }
        for (_, text) in rendered {
            out.push_str(&text);
        }
        out.push_str(&format!("</{}>", self.name));
    }
}

/// The canonical form of an XML document (see [`XmlNode::render`]).
fn xml_canonical(body: &[u8], map_entries: &[&str]) -> Result<String, String> {
    use quick_xml::events::{BytesStart, Event};
    let element = |start: &BytesStart<'_>| -> Result<XmlNode, String> {
        let mut node = XmlNode { name: String::from_utf8_lossy(start.name().0).into_owned(), ..XmlNode::default() };
        for attr in start.attributes() {
            let attr = attr.map_err(|e| e.to_string())?;
            let value = attr.normalized_value(quick_xml::XmlVersion::Implicit1_0).map_err(|e| e.to_string())?;
            let name = String::from_utf8_lossy(attr.key.0).into_owned();
            if node.attributes.insert(name.clone(), value.into_owned()).is_some() {
                return Err(format!("duplicate attribute `{name}`"));
            }
        }
        Ok(node)
    };
    let mut reader = quick_xml::Reader::from_reader(body);
    let mut stack: Vec<XmlNode> = Vec::new();
    let mut root = None;
    loop {
        let event = reader.read_event().map_err(|e| format!("{e} at byte {}", reader.error_position()))?;
        let text = match event {
            Event::Start(start) => {
                stack.push(element(&start)?);
                continue;
            }
            Event::Empty(start) => {
                let node = element(&start)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None if root.is_none() => root = Some(node),
                    None => return Err("more than one root element".into()),
                }
                continue;
            }
            Event::End(_) => {
                let node = stack.pop().ok_or("unbalanced end tag")?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None if root.is_none() => root = Some(node),
                    None => return Err("more than one root element".into()),
                }
                continue;
            }
            Event::Text(text) => text.xml10_content().map_err(|e| e.to_string())?.into_owned(),
            Event::CData(text) => text.xml10_content().map_err(|e| e.to_string())?.into_owned(),
            Event::GeneralRef(reference) => match reference.resolve_char_ref().map_err(|e| e.to_string())? {
                Some(c) => c.to_string(),
                None => match &*reference.decode().map_err(|e| e.to_string())? {
                    "lt" => "<".into(),
                    "gt" => ">".into(),
                    "amp" => "&".into(),
                    "apos" => "'".into(),
                    "quot" => "\"".into(),
                    other => return Err(format!("unknown entity `&{other};`")),
                },
            },
            Event::Eof => break,
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => continue,
        };
        match stack.last_mut() {
            Some(node) => node.text.push_str(&text),
            None if text.trim().is_empty() => {}
            None => return Err(format!("text outside the root element: {text:?}")),
        }
    }
    if !stack.is_empty() {
        return Err("unclosed element".into());
    }
    let mut out = String::new();
    root.ok_or("no root element")?.render(&mut out, map_entries);
    Ok(out)
}

/// The decoded `key=value` pairs of a form body, sorted (a multiset: order does not matter).
fn form_pairs(body: &[u8]) -> Vec<(String, String)> {
    fn decode(text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let hex = |at: usize| bytes.get(at).and_then(|&b| char::from(b).to_digit(16));
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' => match (hex(i + 1), hex(i + 2)) {
                    (Some(high), Some(low)) => {
                        out.push((high * 16 + low) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                },
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }
    let text = String::from_utf8_lossy(body);
    let mut pairs: Vec<(String, String)> = text
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect();
    pairs.sort();
    pairs
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

/// Every frame of an input's event stream, polled to its end (the stream is ready at once: its
/// events are a `Vec`).
pub fn frames<S, E>(mut body: S) -> Vec<Vec<u8>>
where
    S: futures_core::Stream<Item = Result<bytes::Bytes, E>> + Unpin,
    E: Debug,
{
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    let mut frames = Vec::new();
    while let std::task::Poll::Ready(Some(frame)) = std::pin::Pin::new(&mut body).poll_next(&mut cx) {
        frames.push(frame.expect("the event is written").to_vec());
    }
    frames
}

/// A `Vec`'s items as a `futures_core::Stream`, each ready at once (an input stream's events).
pub fn stream<T: Send + Sync + 'static>(items: Vec<T>) -> impl futures_core::Stream<Item = T> + Send + Sync + 'static {
    struct Ready<T>(std::vec::IntoIter<T>);
    impl<T> Unpin for Ready<T> {}
    impl<T> futures_core::Stream for Ready<T> {
        type Item = T;
        fn poll_next(self: std::pin::Pin<&mut Self>, _cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<T>> {
            std::task::Poll::Ready(self.get_mut().0.next())
        }
    }
    Ready(items.into_iter())
}
