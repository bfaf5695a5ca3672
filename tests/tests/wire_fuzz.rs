//! "Never panic on the wire": a property test of the generated
//! `get_ota_task::deserialize_response`.
//!
//! Whatever the status, headers and body, reading a response must not panic, must not recurse
//! without bound (no stack overflow on hostile nesting) and must not blow up in size. The
//! responses are made by mutating realistic seeds (the full `GetOtaTask` body, each modeled
//! error in its three wire forms, an HTML 502 page, empty bodies) and at random: random
//! statuses, headers from a pool plus random bytes, byte flips / insertions / deletions /
//! truncations, JSON values of random shape spliced in at random member positions, and deep
//! nesting.
//!
//! `WIRE_FUZZ_CASES` sets the number of cases (default 2 000, a few seconds in CI):
//!
//! ```text
//! WIRE_FUZZ_CASES=200000 cargo test --release -p codegen-tests --test wire_fuzz -- --nocapture
//! ```

use std::cell::Cell;
use std::error::Error as _;
use std::fmt;
use std::sync::LazyLock;
use std::time::Instant;

use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use iot_managed_integrations::operation::get_ota_task::{deserialize_response, GetOtaTaskError};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{select, Index};
use proptest::test_runner::{Config as ProptestConfig, TestCaseError, TestRunner};
use serde_json::value::RawValue;
use serde_json::Value;

/// Cases when `WIRE_FUZZ_CASES` is unset.
const DEFAULT_CASES: u32 = 2_000;

// ---------------------------------------------------------------------------------------------
// Seeds: realistic responses (from the behaviour suite, tests/behaviour/get_ota_task.rs)
// ---------------------------------------------------------------------------------------------

/// A 200 response body with every member of the output set, nested ones included.
const FULL_BODY: &str = include_str!("../behaviour/get_ota_task_full.json");

/// Every error of the operation with the status the model gives it.
const ERRORS: [(&str, u16); 5] = [
    ("AccessDeniedException", 403),
    ("ValidationException", 400),
    ("InternalServerException", 500),
    ("ResourceNotFoundException", 404),
    ("ThrottlingException", 429),
];

/// What a load balancer sends when the service is down.
const HTML_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>awselb/2.0</center>\r\n</body>\r\n</html>\r\n";

/// A realistic response to start from.
#[derive(Clone, Debug)]
struct Seed {
    status: u16,
    headers: Vec<(String, Vec<u8>)>,
    body: Vec<u8>,
}

fn seed(status: u16, headers: &[(&str, &str)], body: &str) -> Seed {
    Seed {
        status,
        headers: headers.iter().map(|&(n, v)| (n.to_owned(), v.as_bytes().to_vec())).collect(),
        body: body.as_bytes().to_vec(),
    }
}

static SEEDS: LazyLock<Vec<Seed>> = LazyLock::new(|| {
    let json = ("content-type", "application/json");
    let rid = ("x-amzn-requestid", "5f1c2a3e-0b7d-4c1e-9a51-6f0e2d3c4b5a");
    let mut seeds = vec![
        seed(200, &[json, rid], FULL_BODY),
        seed(200, &[json, rid], r#"{"TaskId": "task1", "Status": "COMPLETED"}"#),
        seed(200, &[rid], ""),
        seed(204, &[], ""),
        seed(502, &[("content-type", "text/html")], HTML_502),
        seed(502, &[], ""),
        seed(500, &[rid], ""),
    ];
    for (name, status) in ERRORS {
        let message = format!("{name} happened: see the docs");
        seeds.push(seed(
            status,
            &[("X-Amzn-Errortype", name), json, rid],
            &serde_json::json!({ "Message": message }).to_string(),
        ));
        seeds.push(seed(status, &[json, rid], &serde_json::json!({ "code": name, "message": message }).to_string()));
        let qualified = format!("com.amazonaws.iotmanagedintegrations#{name}:http://internal.amazon.com/coral/");
        seeds.push(seed(
            status,
            &[json],
            &serde_json::json!({ "__type": qualified, "Message": message, "errorMessage": "x" }).to_string(),
        ));
    }
    seeds
});

// ---------------------------------------------------------------------------------------------
// Pools
// ---------------------------------------------------------------------------------------------

/// Every member name the output and errors know, top-level and nested, plus near misses.
const KEYS: &[&str] = &[
    "TaskId",
    "TaskArn",
    "Description",
    "S3Url",
    "Protocol",
    "OtaType",
    "OtaTargetQueryString",
    "OtaMechanism",
    "Target",
    "CreatedAt",
    "LastUpdatedAt",
    "TaskConfigurationId",
    "TaskProcessingDetails",
    "OtaSchedulingConfig",
    "OtaTaskExecutionRetryConfig",
    "Status",
    "Tags",
    "NumberOfCanceledThings",
    "NumberOfFailedThings",
    "NumberOfInProgressThings",
    "numberOfQueuedThings",
    "numberOfRejectedThings",
    "numberOfRemovedThings",
    "numberOfSucceededThings",
    "numberOfTimedOutThings",
    "processingTargets",
    "EndBehavior",
    "EndTime",
    "MaintenanceWindows",
    "StartTime",
    "DurationInMinutes",
    "RetryConfigCriteria",
    "FailureType",
    "MinNumberOfRetries",
    "Message",
    "message",
    "errorMessage",
    "code",
    "__type",
    "taskid",
    "",
];

/// Strings the members expect (enum values, timestamps, codes) and some they do not.
const STRINGS: &[&str] = &[
    "HTTP",
    "CONTINUOUS",
    "ONE_TIME",
    "PUSH",
    "IN_PROGRESS",
    "DELETION_IN_PROGRESS",
    "FORCE_CANCEL",
    "STOP_ROLLOUT",
    "TIMED_OUT",
    "ALL",
    "SOMETHING_NEW",
    "",
    "2024-01-01T00:00:00Z",
    "1700000000",
    "cron(0 2 * * ? *)",
    "ThrottlingException",
    "ns#ValidationException:http://x",
    "\u{0}",
    "\u{feff}😹",
];

/// Error codes for `x-amzn-errortype`, `code` and `__type`, including ones to sanitize.
const CODES: &[&str] = &[
    "AccessDeniedException",
    "ValidationException",
    "InternalServerException",
    "ResourceNotFoundException",
    "ThrottlingException",
    "SomethingNewException",
    "Foo:http://x",
    "ns#Foo",
    "ns#ThrottlingException",
    "aws.protocoltests.restjson#ValidationException:http://internal.amazon.com/coral/com.amazon.coral.validate/",
    "AccessDeniedException:http://x",
    "a#b#ResourceNotFoundException",
    "ResourceNotFoundException#x",
    ":ThrottlingException",
    " ThrottlingException",
    "throttlingexception",
    "#",
    ":",
    "#:",
    "ns#",
    "",
];

const HEADER_NAMES: &[&str] = &[
    "x-amzn-errortype",
    "X-Amzn-Errortype",
    "X-AMZN-ERRORTYPE",
    "x-amzn-requestid",
    "x-amz-request-id",
    "content-type",
    "content-length",
    "x-amzn-errormessage",
];

const HEADER_VALUES: &[&str] = &[
    "application/json",
    "application/x-amz-json-1.1",
    "text/html; charset=utf-8",
    "5f1c2a3e-0b7d-4c1e-9a51-6f0e2d3c4b5a",
    "0",
    "18446744073709551616",
    "\t",
];

/// Raw JSON text (valid or not) to splice in where a value goes.
const RAW_VALUES: &[&str] = &[
    "1e309",
    "-1e309",
    "1e-400",
    "18446744073709551615",
    "18446744073709551616",
    "9223372036854775807",
    "-9223372036854775808",
    "-9223372036854775809",
    "9.223372036854775807e18",
    "-9.3e18",
    "-0",
    "-0.0",
    "0.9999999",
    "-1.0000005",
    "4294967296",
    "2147483648",
    "-2147483649",
    r#""\ud800""#,
    r#""\udc00\ud800""#,
    r#""\u0000""#,
    r#""\uZZZZ""#,
    r#""\"#,
    r#""unterminated"#,
    "NaN",
    "Infinity",
    "tru",
    "nul",
    "[1,]",
    r#"{"a" 1}"#,
    "{,}",
    "1.",
    ".5",
    "01",
    "+1",
    "1e",
    "0x10",
    "",
];

/// Byte strings to drop into a body.
const TOKENS: &[&[u8]] = &[
    b"[",
    b"]",
    b"{",
    b"}",
    b"\"",
    b"\\",
    b"\\u",
    b"\\ud800",
    b",",
    b":",
    b"null",
    b"1e999",
    b"-",
    b"0",
    b"\0",
    b"\xff",
    b"\xed\xa0\x80",
    b"\xc3",
    "é😹".as_bytes(),
    b" \r\n\t",
    b"{\"TaskId\":",
    b"\"Message\":\"m\",",
];

// ---------------------------------------------------------------------------------------------
// What a case is and how it is built
// ---------------------------------------------------------------------------------------------

/// One response to read.
#[derive(Clone)]
struct Case {
    status: u16,
    headers: Vec<(String, Vec<u8>)>,
    body: Vec<u8>,
}

impl fmt::Debug for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 4_096;
        writeln!(f, "status {}", self.status)?;
        for (name, value) in &self.headers {
            writeln!(f, "header {:?}: \"{}\"", name, value.escape_ascii())?;
        }
        let shown = &self.body[..self.body.len().min(SHOWN)];
        write!(f, "body ({} bytes): b\"{}\"", self.body.len(), shown.escape_ascii())?;
        if self.body.len() > SHOWN {
            write!(f, "... ({} more bytes)", self.body.len() - SHOWN)?;
        }
        Ok(())
    }
}

impl Case {
    /// The response, with the header names `http` rejects left out and the bytes it rejects in
    /// values (controls other than tab, DEL) replaced by `?`; other bytes, non-UTF-8 ones
    /// included, are kept.
    fn to_response(&self) -> http::Response<Vec<u8>> {
        let mut headers = HeaderMap::new();
        for (name, value) in &self.headers {
            let Ok(name) = HeaderName::from_bytes(name.as_bytes()) else { continue };
            let value: Vec<u8> =
                value.iter().map(|&b| if b == b'\t' || (b >= 0x20 && b != 0x7f) { b } else { b'?' }).collect();
            let Ok(value) = HeaderValue::from_bytes(&value) else { continue };
            headers.append(name, value);
        }
        let mut response = http::Response::new(self.body.clone());
        *response.status_mut() = StatusCode::from_u16(self.status).expect("statuses are in 100..=599");
        *response.headers_mut() = headers;
        response
    }

    /// Header bytes in all, for size bounds.
    fn header_len(&self) -> usize {
        self.headers.iter().map(|(n, v)| n.len() + v.len()).sum()
    }
}

#[derive(Clone, Debug)]
enum StatusPlan {
    Seed,
    Success(u16),
    Any(u16),
}

/// A change to the bytes of a body.
#[derive(Clone, Debug)]
enum Mutation {
    Flip(Index, u8),
    Set(Index, u8),
    Insert(Index, Vec<u8>),
    Token(Index, &'static [u8]),
    Delete(Index, usize),
    Truncate(Index),
    Duplicate(Index, usize),
}

/// Deep nesting, `depth` times `open`, then as many `close` if `closed`.
#[derive(Clone)]
struct Deep {
    open: &'static str,
    close: &'static str,
    depth: usize,
    closed: bool,
}

impl fmt::Debug for Deep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let close = if self.closed { self.close } else { "" };
        write!(f, "{:?} x {} then {:?} x {}", self.open, self.depth, close, self.depth)
    }
}

impl Deep {
    fn render(&self) -> String {
        let mut text = self.open.repeat(self.depth);
        if self.closed {
            text.push_str(&self.close.repeat(self.depth));
        }
        text
    }
}

/// What goes where a JSON value was.
#[derive(Clone, Debug)]
enum Replacement {
    Json(Value),
    Raw(&'static str),
    Number(String),
    Deep(Deep),
}

/// A change at a JSON position of the seed (a value chosen among all of its values).
#[derive(Clone, Debug)]
enum Splice {
    Replace(Index, Replacement),
    /// Insert a member in an object (a duplicate key if it is there already).
    Insert(Index, String, Replacement),
    Remove(Index),
}

#[derive(Clone, Debug)]
enum BodyPlan {
    Seed,
    Mutated(Vec<Mutation>),
    Spliced(Vec<Splice>, Vec<Mutation>),
    Bytes(Vec<u8>),
    Json(Value),
    Deep(Deep),
}

#[derive(Clone, Debug)]
struct Plan {
    seed: usize,
    status: StatusPlan,
    /// Which of the seed's headers to keep (missing entries: keep).
    keep: Vec<bool>,
    extra: Vec<(String, Vec<u8>)>,
    body: BodyPlan,
}

impl Plan {
    fn build(self) -> Case {
        let seed = &SEEDS[self.seed];
        let status = match self.status {
            StatusPlan::Seed => seed.status,
            StatusPlan::Success(status) | StatusPlan::Any(status) => status,
        };
        let mut headers: Vec<(String, Vec<u8>)> = seed
            .headers
            .iter()
            .enumerate()
            .filter(|(i, _)| self.keep.get(*i).copied().unwrap_or(true))
            .map(|(_, header)| header.clone())
            .collect();
        headers.extend(self.extra);
        let body = match self.body {
            BodyPlan::Seed => seed.body.clone(),
            BodyPlan::Mutated(mutations) => mutate(seed.body.clone(), &mutations),
            BodyPlan::Spliced(splices, mutations) => mutate(splice(&seed.body, &splices), &mutations),
            BodyPlan::Bytes(bytes) => bytes,
            BodyPlan::Json(value) => value.to_string().into_bytes(),
            BodyPlan::Deep(deep) => deep.render().into_bytes(),
        };
        Case { status, headers, body }
    }
}

fn mutate(mut body: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for mutation in mutations {
        let len = body.len();
        // A position in 0..=len (where to insert or cut) never panics; one in 0..len needs len > 0.
        match mutation {
            Mutation::Insert(at, bytes) => {
                let at = at.index(len + 1);
                body.splice(at..at, bytes.iter().copied());
            }
            Mutation::Token(at, token) => {
                let at = at.index(len + 1);
                body.splice(at..at, token.iter().copied());
            }
            Mutation::Truncate(at) => body.truncate(at.index(len + 1)),
            _ if len == 0 => {}
            Mutation::Flip(at, mask) => body[at.index(len)] ^= (*mask).max(1),
            Mutation::Set(at, byte) => body[at.index(len)] = *byte,
            Mutation::Delete(at, n) => {
                let start = at.index(len);
                body.drain(start..len.min(start + n));
            }
            Mutation::Duplicate(at, n) => {
                let start = at.index(len);
                let end = len.min(start + n);
                let chunk = body[start..end].to_vec();
                body.splice(end..end, chunk);
            }
        }
    }
    body
}

/// JSON pointers to every value of `doc` (to every object's only, if `objects`).
fn pointers(doc: &Value, objects: bool) -> Vec<String> {
    fn walk(value: &Value, at: &mut String, objects: bool, out: &mut Vec<String>) {
        if !objects || value.is_object() {
            out.push(at.clone());
        }
        let len = at.len();
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    at.push('/');
                    at.push_str(&key.replace('~', "~0").replace('/', "~1"));
                    walk(child, at, objects, out);
                    at.truncate(len);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    at.push('/');
                    at.push_str(&i.to_string());
                    walk(child, at, objects, out);
                    at.truncate(len);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(doc, &mut String::new(), objects, &mut out);
    out
}

/// Applies the splices to the seed's JSON (an empty seed counts as `{}`); a seed that is not
/// JSON is returned as it is. Raw text (invalid JSON, deep nesting, numbers out of range) goes
/// in through a placeholder string, replaced after serialization.
fn splice(seed: &[u8], splices: &[Splice]) -> Vec<u8> {
    let parsed = if seed.iter().all(u8::is_ascii_whitespace) {
        Ok(Value::Object(Default::default()))
    } else {
        serde_json::from_slice(seed)
    };
    let Ok(mut doc) = parsed else { return seed.to_vec() };
    let mut raws: Vec<(String, String)> = Vec::new();
    for (n, change) in splices.iter().enumerate() {
        match change {
            Splice::Replace(at, replacement) => {
                let all = pointers(&doc, false);
                let pointer = &all[at.index(all.len())]; // never empty: the root is there
                let value = placeholder(n, replacement, &mut raws);
                if let Some(slot) = doc.pointer_mut(pointer) {
                    *slot = value;
                }
            }
            Splice::Insert(at, key, replacement) => {
                let objects = pointers(&doc, true);
                if objects.is_empty() {
                    continue;
                }
                let pointer = &objects[at.index(objects.len())];
                let value = placeholder(n, replacement, &mut raws);
                let marker = format!("@@wire-fuzz-key-{n}@@");
                raws.push((format!("\"{marker}\""), Value::String(key.clone()).to_string()));
                if let Some(Value::Object(map)) = doc.pointer_mut(pointer) {
                    map.insert(marker, value);
                }
            }
            Splice::Remove(at) => {
                let all = pointers(&doc, false);
                let pointer = &all[at.index(all.len())];
                let Some((parent, last)) = pointer.rsplit_once('/') else { continue };
                let last = last.replace("~1", "/").replace("~0", "~");
                match doc.pointer_mut(parent) {
                    Some(Value::Object(map)) => {
                        map.remove(&last);
                    }
                    Some(Value::Array(items)) => {
                        if let Ok(i) = last.parse::<usize>() {
                            if i < items.len() {
                                items.remove(i);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    let mut text = doc.to_string();
    for (marker, raw) in raws {
        text = text.replacen(&marker, &raw, 1);
    }
    text.into_bytes()
}

/// The value to put in the document for `replacement`: itself, or a placeholder string for raw text.
fn placeholder(n: usize, replacement: &Replacement, raws: &mut Vec<(String, String)>) -> Value {
    let raw = match replacement {
        Replacement::Json(value) => return value.clone(),
        Replacement::Raw(text) => (*text).to_owned(),
        Replacement::Number(text) => text.clone(),
        Replacement::Deep(deep) => deep.render(),
    };
    let marker = format!("@@wire-fuzz-value-{n}@@");
    raws.push((format!("\"{marker}\""), raw));
    Value::String(marker)
}

// ---------------------------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------------------------

fn json_key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(KEYS).prop_map(str::to_owned),
        1 => "\\PC{0,12}",
    ]
}

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        // Non-finite floats become `null`.
        any::<f64>().prop_map(Value::from),
        (-2_000_000_000.0..4_000_000_000.0f64).prop_map(Value::from),
        select(STRINGS).prop_map(Value::from),
        "\\PC{0,24}".prop_map(Value::String),
        any::<String>().prop_map(Value::String),
    ]
}

/// A JSON value of random shape, at most 5 levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Array),
            vec((json_key(), inner), 0..6).prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

fn deep() -> impl Strategy<Value = Deep> {
    let shapes: &[(&'static str, &'static str)] =
        &[("[", "]"), ("{\"a\":", "}"), ("{\"Target\":", "}"), ("[{\"x\":", "}]"), ("[\"x\",", "]")];
    (select(shapes), prop_oneof![100..=200usize, 1..100_000usize, Just(10_000usize)], any::<bool>())
        .prop_map(|((open, close), depth, closed)| Deep { open, close, depth, closed })
}

fn replacement() -> impl Strategy<Value = Replacement> {
    prop_oneof![
        6 => json_value().prop_map(Replacement::Json),
        2 => select(RAW_VALUES).prop_map(Replacement::Raw),
        2 => "-?[0-9]{1,40}(\\.[0-9]{0,40})?([eE][+-]?[0-9]{1,6})?".prop_map(Replacement::Number),
        1 => deep().prop_map(Replacement::Deep),
    ]
}

fn splice_op() -> impl Strategy<Value = Splice> {
    prop_oneof![
        5 => (any::<Index>(), replacement()).prop_map(|(at, r)| Splice::Replace(at, r)),
        3 => (any::<Index>(), json_key(), replacement()).prop_map(|(at, k, r)| Splice::Insert(at, k, r)),
        1 => any::<Index>().prop_map(Splice::Remove),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<Index>(), any::<u8>()).prop_map(|(at, mask)| Mutation::Flip(at, mask)),
        1 => (any::<Index>(), any::<u8>()).prop_map(|(at, b)| Mutation::Set(at, b)),
        2 => (any::<Index>(), vec(any::<u8>(), 1..8)).prop_map(|(at, b)| Mutation::Insert(at, b)),
        3 => (any::<Index>(), select(TOKENS)).prop_map(|(at, t)| Mutation::Token(at, t)),
        2 => (any::<Index>(), 1..64usize).prop_map(|(at, n)| Mutation::Delete(at, n)),
        1 => any::<Index>().prop_map(Mutation::Truncate),
        1 => (any::<Index>(), 1..64usize).prop_map(|(at, n)| Mutation::Duplicate(at, n)),
    ]
}

fn body_plan() -> impl Strategy<Value = BodyPlan> {
    prop_oneof![
        2 => Just(BodyPlan::Seed),
        5 => vec(mutation(), 1..8).prop_map(BodyPlan::Mutated),
        6 => (vec(splice_op(), 1..4), vec(mutation(), 0..2)).prop_map(|(s, m)| BodyPlan::Spliced(s, m)),
        1 => vec(any::<u8>(), 0..512).prop_map(BodyPlan::Bytes),
        1 => json_value().prop_map(BodyPlan::Json),
        1 => deep().prop_map(BodyPlan::Deep),
    ]
}

fn status_plan() -> impl Strategy<Value = StatusPlan> {
    prop_oneof![
        5 => Just(StatusPlan::Seed),
        2 => (200u16..=299).prop_map(StatusPlan::Success),
        3 => (100u16..=599).prop_map(StatusPlan::Any),
    ]
}

/// An error code, maybe qualified (`ns#Code`) and suffixed (`Code:http://...`).
fn error_code() -> impl Strategy<Value = String> {
    let name = prop_oneof![3 => select(CODES).prop_map(str::to_owned), 1 => "\\PC{0,16}"];
    let namespace = prop_oneof![Just(""), Just("ns#"), Just("com.amazonaws.iotmanagedintegrations#"), Just("#")];
    let suffix = prop_oneof![Just(""), Just(":http://x"), Just(":"), Just(":http://internal.amazon.com/coral/")];
    (namespace, name, suffix).prop_map(|(ns, name, suffix)| format!("{ns}{name}{suffix}"))
}

fn header_name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(HEADER_NAMES).prop_map(str::to_owned),
        1 => "[A-Za-z0-9!#$%&'*+.^_`|~-]{1,24}",
        // Mostly invalid names: left out of the response.
        1 => "\\PC{0,8}",
    ]
}

fn header_value() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => error_code().prop_map(String::into_bytes),
        2 => select(HEADER_VALUES).prop_map(|v| v.as_bytes().to_vec()),
        2 => vec(any::<u8>(), 0..48),
        1 => "\\PC{0,32}".prop_map(String::into_bytes),
    ]
}

fn header() -> impl Strategy<Value = (String, Vec<u8>)> {
    (header_name(), header_value())
}

fn case() -> impl Strategy<Value = Case> {
    // The full body has the most members to break: it is the seed half of the time.
    let seed = prop_oneof![Just(0), 0..SEEDS.len()];
    (seed, status_plan(), vec(proptest::bool::weighted(0.85), 0..=3), vec(header(), 0..4), body_plan())
        .prop_map(|(seed, status, keep, extra, body)| Plan { seed, status, keep, extra, body }.build())
}

// ---------------------------------------------------------------------------------------------
// The invariants
// ---------------------------------------------------------------------------------------------

/// What a response was read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Output,
    Modeled,
    UnhandledParseError,
    Unhandled,
}

/// The restJson1 rule for an error code: drop from the first `:`, then up to the first `#`.
fn sanitize(code: &str) -> &str {
    let code = code.split_once(':').map_or(code, |(code, _)| code);
    code.split_once('#').map_or(code, |(_, name)| name)
}

/// A header as UTF-8 text (the first value), as the error metadata reads it.
fn header_text<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| std::str::from_utf8(v.as_bytes()).ok())
}

/// The error code the response carries: the `x-amzn-errortype` header, else the body's
/// top-level `code`, else `__type`, the first that is not empty once sanitized.
fn expected_code(headers: &HeaderMap, body: &[u8]) -> Option<String> {
    // Raw values: a number beyond f64's range (`1e400`) is valid JSON, so it must not hide
    // the code beside it (serde_json's `Value` refuses the whole body for it). Nesting deeper
    // than the reader's limit (128) makes the whole body unreadable.
    // A string anywhere that is not valid (a lone surrogate escape) makes it unreadable too.
    let object: std::collections::BTreeMap<String, Box<RawValue>> =
        if nesting_depth(body) > 128 { Default::default() } else { serde_json::from_slice(body).unwrap_or_default() };
    let object = if strings_are_valid(body) { object } else { Default::default() };
    let strings: std::collections::BTreeMap<&str, String> = object
        .iter()
        .filter_map(|(name, raw)| Some((name.as_str(), serde_json::from_str::<String>(raw.get()).ok()?)))
        .collect();
    let field = |name: &str| strings.get(name).map(String::as_str);
    let code = [header_text(headers, "x-amzn-errortype"), field("code"), field("__type")]
        .into_iter()
        .flatten()
        .map(sanitize)
        .find(|code| !code.is_empty())
        .map(str::to_owned);
    code
}

/// Every string literal in `body` (keys and values, at any depth, repeated keys too) decodes:
/// serde_json's raw values skip strings without checking their escapes.
fn strings_are_valid(body: &[u8]) -> bool {
    let mut i = 0;
    while let Some(offset) = body.get(i..).and_then(|rest| rest.iter().position(|&b| b == b'"')) {
        let start = i + offset;
        let mut end = start + 1;
        while end < body.len() && body[end] != b'"' {
            end += if body[end] == b'\\' { 2 } else { 1 };
        }
        match body.get(start..=end) {
            Some(literal) if serde_json::from_slice::<String>(literal).is_ok() => i = end + 1,
            _ => return false,
        }
    }
    true
}

/// The deepest nesting of arrays and objects in `body` (brackets inside strings do not count).
fn nesting_depth(body: &[u8]) -> usize {
    let (mut depth, mut deepest, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for &b in body {
        match (in_string, b) {
            (true, _) if escaped => escaped = false,
            (true, b'\\') => escaped = true,
            (true, b'"') => in_string = false,
            (true, _) => {}
            (false, b'"') => in_string = true,
            (false, b'[' | b'{') => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            (false, b']' | b'}') => depth = depth.saturating_sub(1),
            (false, _) => {}
        }
    }
    deepest
}

fn expected_request_id(headers: &HeaderMap) -> Option<&str> {
    header_text(headers, "x-amzn-requestid").or_else(|| header_text(headers, "x-amz-request-id"))
}

fn modeled_name(error: &GetOtaTaskError) -> Option<&'static str> {
    match error {
        GetOtaTaskError::AccessDeniedException(_) => Some("AccessDeniedException"),
        GetOtaTaskError::ValidationException(_) => Some("ValidationException"),
        GetOtaTaskError::InternalServerException(_) => Some("InternalServerException"),
        GetOtaTaskError::ResourceNotFoundException(_) => Some("ResourceNotFoundException"),
        GetOtaTaskError::ThrottlingException(_) => Some("ThrottlingException"),
        _ => None,
    }
}

/// Reads the response and checks what came back. A panic inside fails the case (proptest
/// catches it and shrinks); a stack overflow would abort the whole test binary.
fn check(case: &Case) -> Result<Outcome, TestCaseError> {
    let response = case.to_response();
    let status = response.status();
    let headers = response.headers();
    let result = deserialize_response(&response);
    // Nothing read from the response may be larger than the response, give or take formatting.
    let bound = 8 * (case.body.len() + case.header_len()) + 4_096;
    match result {
        Ok(output) => {
            prop_assert!(status.is_success(), "HTTP {} read as success: {:?}", status, output);
            let debug = format!("{output:?}");
            prop_assert!(debug.len() <= bound, "Debug of the output is {} bytes", debug.len());
            for time in [output.created_at(), output.last_updated_at()].into_iter().flatten() {
                let _ = (time.to_string(), time.fmt_http_date(), time.fmt_epoch_seconds(), time.to_system_time());
            }
            Ok(Outcome::Output)
        }
        Err(error) => {
            // None of these may panic.
            let code = error.code().map(str::to_owned);
            let message = error.message().map(str::to_owned);
            let text = error.to_string();
            let debug = format!("{error:?}");
            let source = error.source().map(ToString::to_string);
            for piece in
                [Some(&text), Some(&debug), source.as_ref(), code.as_ref(), message.as_ref()].into_iter().flatten()
            {
                prop_assert!(piece.len() <= bound, "{} bytes of error text, over the bound of {}", piece.len(), bound);
            }
            if let Some(name) = modeled_name(&error) {
                prop_assert!(!status.is_success(), "HTTP {} read as the modeled {}", status, name);
                prop_assert_eq!(code.as_deref(), Some(name));
                let expected = expected_code(headers, &case.body);
                prop_assert_eq!(expected.as_deref(), Some(name));
                prop_assert!(text.contains(name), "{:?} does not name {}", text, name);
                return Ok(Outcome::Modeled);
            }
            let GetOtaTaskError::Unhandled(inner) = &error else {
                return Err(TestCaseError::fail(format!("a variant this test does not know: {error:?}")));
            };
            prop_assert_eq!(inner.status(), status.as_u16());
            prop_assert_eq!(inner.request_id(), expected_request_id(headers));
            prop_assert!(text.contains(&format!("HTTP {}", status.as_u16())), "{:?} lacks the status", text);
            prop_assert_eq!(inner.code(), code.as_deref());
            if status.is_success() {
                // Only a body that does not parse fails a 2xx; only the header gives it a code.
                prop_assert!(inner.parse_error().is_some(), "a 2xx failed without a parse error: {:?}", error);
                prop_assert_eq!(code, expected_code(headers, b""));
                return Ok(Outcome::UnhandledParseError);
            }
            let expected = expected_code(headers, &case.body);
            prop_assert_eq!(&code, &expected);
            let modeled = expected.as_deref().is_some_and(|c| ERRORS.iter().any(|&(name, _)| name == c));
            match inner.parse_error() {
                // A modeled code whose body did not fit the error's shape.
                Some(_) => {
                    prop_assert!(modeled, "a parse error for the code {:?}", expected);
                    Ok(Outcome::UnhandledParseError)
                }
                None => {
                    prop_assert!(!modeled, "the modeled code {:?} was left unhandled without a reason", expected);
                    Ok(Outcome::Unhandled)
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

fn cases() -> u32 {
    match std::env::var("WIRE_FUZZ_CASES") {
        Ok(text) => text.trim().parse().unwrap_or_else(|_| panic!("WIRE_FUZZ_CASES={text:?} is not a count")),
        Err(_) => DEFAULT_CASES,
    }
}

#[test]
fn deserialize_response_never_panics_on_the_wire() {
    let config = ProptestConfig {
        cases: cases(),
        // Only this file may be written: no `proptest-regressions/` next to it.
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let cases = config.cases;
    let mut runner = TestRunner::new(config);
    let tried = Cell::new(0u64);
    let outcomes = [Outcome::Output, Outcome::Modeled, Outcome::UnhandledParseError, Outcome::Unhandled];
    let counts: [Cell<u64>; 4] = Default::default();
    let start = Instant::now();
    let result = runner.run(&case(), |case| {
        tried.set(tried.get() + 1);
        let outcome = check(&case)?;
        if let Some(i) = outcomes.iter().position(|&o| o == outcome) {
            counts[i].set(counts[i].get() + 1);
        }
        Ok(())
    });
    let elapsed = start.elapsed();
    let breakdown: Vec<String> = outcomes.iter().zip(&counts).map(|(o, c)| format!("{o:?} {}", c.get())).collect();
    println!("wire_fuzz: {} inputs tried ({cases} cases) in {:.2?}; {}", tried.get(), elapsed, breakdown.join(", "));
    if let Err(failure) = result {
        panic!("deserialize_response broke an invariant: {failure}");
    }
}

#[test]
fn deeply_nested_bodies_are_errors_not_stack_overflows() {
    for depth in [10_000, 100_000] {
        for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
            for closed in [false, true] {
                let deep = Deep { open, close, depth, closed }.render();
                // (body, whether a 2xx reads the deep value: an unknown member may be skipped)
                let bodies = [
                    (deep.clone(), true),
                    (format!(r#"{{"Target": {deep}}}"#), true),
                    (format!(r#"{{"TaskProcessingDetails": {{"processingTargets": {deep}}}}}"#), true),
                    (format!(r#"{{"Tags": {deep}}}"#), true),
                    (format!(r#"{{"CreatedAt": {deep}}}"#), true),
                    (format!(r#"{{"code": "ThrottlingException", "Message": {deep}}}"#), false),
                    (format!(r#"{{"TaskId": "t", "SomethingNew": {deep}}}"#), false),
                ];
                for (body, read) in bodies {
                    for status in [200, 429, 500] {
                        for headers in [vec![], vec![("x-amzn-errortype".to_owned(), b"ThrottlingException".to_vec())]]
                        {
                            let case = Case { status, headers, body: body.clone().into_bytes() };
                            // `check` asserts the invariants (and that no 2xx error is anything but
                            // an unhandled parse error); a stack overflow would abort the binary.
                            let outcome = check(&case).unwrap_or_else(|e| panic!("{e}\n{case:?}"));
                            if status == 200 && read {
                                assert_eq!(outcome, Outcome::UnhandledParseError, "{case:?}");
                            }
                            if status != 200 && !headers_name_a_code(&case) {
                                // No code can be read from a body nested this deep.
                                assert_eq!(outcome, Outcome::Unhandled, "{case:?}");
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Whether the case names an error code in a header (deep bodies name none that can be read).
fn headers_name_a_code(case: &Case) -> bool {
    case.headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("x-amzn-errortype"))
}
