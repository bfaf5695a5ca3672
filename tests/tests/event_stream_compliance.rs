//! The event-stream cases of the newer Smithy compliance suite
//! (`../shared/smithy/latest/protocol-tests-aws/restJson1/event-stream.smithy`, read with this
//! project's IDL reader), against the frame codec every generated crate carries
//! (`codegen/runtime/eventstream.rs`, compiled here as it is): each case's frame (`bytes`) decodes
//! to the case's headers, in order and with their types, and to its body; and those headers and
//! body encode to the very same bytes. Requests and responses alike: the framing is one.
//!
//! What the typed layer does with the decoded messages (events, exceptions, errors) is tested
//! by the `events` fixture's behaviour tests; the cases' `params` are not compared here.

#[path = "../../codegen/runtime/eventstream.rs"]
mod eventstream;

use base64::Engine as _;
use eventstream::{encode, Decoder, Header, HeaderValue, Message};
use serde_json::Value;

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// `2024-10-31T14:15:14Z` as milliseconds since the epoch.
fn epoch_millis(text: &str) -> i64 {
    let number = |range: std::ops::Range<usize>| -> i64 {
        text.get(range).and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("timestamp {text}"))
    };
    let days = days_from_civil(number(0..4), number(5..7), number(8..10));
    ((days * 24 + number(11..13)) * 60 + number(14..16)) * 60_000 + number(17..19) * 1000
}

/// A case's `{ type: value }` header value.
fn header_value(value: &Value) -> HeaderValue {
    let (kind, value) = value.as_object().and_then(|o| o.iter().next()).expect("a typed header value");
    let int = || value.as_i64().expect("an integer");
    match kind.as_str() {
        "boolean" => HeaderValue::Bool(value.as_bool().expect("a boolean")),
        "byte" => HeaderValue::Byte(int() as i8),
        "short" => HeaderValue::Short(int() as i16),
        "integer" => HeaderValue::Integer(int() as i32),
        "long" => HeaderValue::Long(int()),
        "blob" => HeaderValue::ByteArray(
            base64::engine::general_purpose::STANDARD.decode(value.as_str().expect("base64")).expect("valid base64"),
        ),
        "string" => HeaderValue::String(value.as_str().expect("a string").to_owned()),
        "timestamp" => HeaderValue::Timestamp(epoch_millis(value.as_str().expect("a date-time"))),
        other => panic!("header type {other}"),
    }
}

/// Every `(case id, event)` of the `smithy.test#eventStreamTests` traits in `ast`.
fn events(ast: &Value) -> Vec<(String, Value)> {
    let shapes = ast["shapes"].as_object().expect("shapes");
    let mut out = Vec::new();
    for shape in shapes.values() {
        let Some(cases) = shape.pointer("/traits/smithy.test#eventStreamTests").and_then(Value::as_array) else {
            continue;
        };
        for case in cases {
            let id = case["id"].as_str().expect("an id").to_owned();
            for event in case["events"].as_array().into_iter().flatten() {
                out.push((id.clone(), event.clone()));
            }
        }
    }
    out
}

#[test]
fn every_frame_of_the_event_stream_cases_decodes_and_encodes_byte_for_byte() {
    let Some(shared) = codegen_tests::shared_dir("event_stream_compliance") else { return };
    let latest = shared.join("smithy/latest");
    let files = [
        latest.join("protocol-tests-aws/restJson1/event-stream.smithy"),
        latest.join("protocol-tests-aws/shared-types.smithy"),
        latest.join("traits/smithy.test.smithy"),
        latest.join("traits/aws.protocols.smithy"),
    ];
    let ast = codegen::ast(&files).unwrap_or_else(|error| panic!("the suite loads: {error}"));
    let events = events(&ast);
    assert!(events.len() >= 90, "{} events: the suite has 46 cases each way", events.len());
    let mut framed = 0;
    for (id, event) in &events {
        let Some(bytes) = event["bytes"].as_str() else { continue };
        framed += 1;
        let bytes = base64::engine::general_purpose::STANDARD.decode(bytes).expect("base64 bytes");
        let headers: Vec<Header> = event["headers"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(name, value)| Header::new(name.clone(), header_value(value)))
            .collect();
        let payload = event["body"].as_str().unwrap_or_default().as_bytes().to_vec();
        let expected = Message { headers, payload };

        let mut decoder = Decoder::new();
        decoder.push(&bytes);
        let message = decoder.next_message().unwrap_or_else(|error| panic!("{id}: {error}"));
        assert_eq!(message.as_ref(), Some(&expected), "{id}: decoded");
        assert_eq!(decoder.next_message().map_err(|e| e.to_string()), Ok(None), "{id}: one frame");
        decoder.finish().unwrap_or_else(|error| panic!("{id}: {error}"));
        assert_eq!(encode(&expected).unwrap_or_else(|error| panic!("{id}: {error}")), bytes, "{id}: encoded");
    }
    assert!(framed >= 90, "{framed} framed events");
}

#[test]
fn timestamps_of_the_cases_read_as_epoch_milliseconds() {
    assert_eq!(epoch_millis("1970-01-01T00:00:00Z"), 0);
    assert_eq!(epoch_millis("2024-10-31T14:15:14Z"), 1_730_384_114_000);
    assert_eq!(epoch_millis("2000-02-29T00:00:01Z"), 951_782_401_000);
}
