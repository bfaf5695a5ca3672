//! End to end: the generated crate's `client` feature against a local HTTP server on
//! 127.0.0.1. The server recomputes every request's SigV4 signature with aws-sigv4 itself
//! (from the request it received, the same credentials, and the request's own `x-amz-date`)
//! and answers with canned `GetOtaTask` responses, one per request, in order.
//!
//! What `model/` does not have (endpoint rules with context parameters, unsigned operations)
//! is proven on the crate generated from `tests/fixtures/client.json`, whose own end-to-end
//! tests (`tests/fixtures/harness/client_features_e2e.rs`) run in a scratch workspace.

#[path = "../fixtures/common.rs"]
mod common;

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use iot_managed_integrations::client::{
    Client, Config, Credentials, CredentialsError, CredentialsFuture, ProvideCredentials, SdkError,
};
use iot_managed_integrations::operation::get_ota_task::{GetOtaTaskError, GetOtaTaskInput, GetOtaTaskOutput};
use iot_managed_integrations::types::OtaStatus;

const ACCESS_KEY_ID: &str = "AKIDEXAMPLE";
const SECRET_ACCESS_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const SESSION_TOKEN: &str = "session-token-example";
const REGION: &str = "eu-west-1";
/// `aws.auth#sigv4` `name` in the model.
const SIGNING_NAME: &str = "iotmanagedintegrations";

/// A response the server gives.
#[derive(Debug, Clone)]
struct Canned {
    status: u16,
    headers: Vec<(&'static str, &'static str)>,
    body: &'static str,
    /// Answer only after this long (for timeouts).
    delay: Duration,
}

fn canned(status: u16, headers: &[(&'static str, &'static str)], body: &'static str) -> Canned {
    Canned { status, headers: headers.to_vec(), body, delay: Duration::ZERO }
}

/// An error response as the service sends it: `x-amzn-errortype`, a request ID and a JSON message.
fn error_response(status: u16, code: &'static str, body: &'static str) -> Canned {
    canned(
        status,
        &[("x-amzn-errortype", code), ("x-amzn-requestid", "req-error"), ("content-type", "application/json")],
        body,
    )
}

const SUCCESS_BODY: &str =
    r#"{"TaskId": "task1234", "Status": "IN_PROGRESS", "CreatedAt": 1700000000, "Description": "firmware"}"#;

fn ok_response() -> Canned {
    canned(200, &[("x-amzn-requestid", "req-ok"), ("content-type", "application/json")], SUCCESS_BODY)
}

/// What the server saw of one request.
#[derive(Debug, Clone)]
struct Received {
    method: String,
    path_and_query: String,
    /// `Ok` when the `authorization` header is what aws-sigv4 computes for the request.
    signature: Result<(), String>,
    headers: http::HeaderMap,
}

#[derive(Debug, Default)]
struct State {
    responses: VecDeque<Canned>,
    received: Vec<Received>,
}

/// Starts the server; returns its URL and its state.
async fn server(responses: Vec<Canned>) -> (String, Arc<Mutex<State>>) {
    let state = Arc::new(Mutex::new(State { responses: responses.into(), received: Vec::new() }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    let server_state = state.clone();
    tokio::spawn(async move {
        // Ends with the test's runtime.
        while let Ok((stream, _)) = listener.accept().await {
            let state = server_state.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |request| answer(state.clone(), request));
                let io = hyper_util::rt::TokioIo::new(stream);
                let _ = hyper::server::conn::http1::Builder::new().serve_connection(io, service).await;
            });
        }
    });
    (url, state)
}

async fn answer(
    state: Arc<Mutex<State>>,
    request: http::Request<hyper::body::Incoming>,
) -> Result<http::Response<Full<Bytes>>, Infallible> {
    let (parts, body) = request.into_parts();
    let body = body.collect().await.map(|b| b.to_bytes()).unwrap_or_default();
    let received = Received {
        method: parts.method.to_string(),
        path_and_query: parts.uri.path_and_query().map(ToString::to_string).unwrap_or_default(),
        signature: check_signature(&parts, &body),
        headers: parts.headers.clone(),
    };
    let next = {
        let mut state = state.lock().expect("state lock");
        state.received.push(received);
        state.responses.pop_front()
    };
    let next = next.unwrap_or_else(|| canned(599, &[], "no canned response left"));
    tokio::time::sleep(next.delay).await;
    let mut response = http::Response::builder().status(next.status);
    for (name, value) in &next.headers {
        response = response.header(*name, *value);
    }
    Ok(response.body(Full::new(Bytes::from_static(next.body.as_bytes()))).expect("canned response"))
}

/// Recomputes the signature with aws-sigv4 from the received request: the headers its
/// `SignedHeaders` names, the host it was sent to, its body, the time of its `x-amz-date`,
/// and the test's credentials, region and signing name.
fn check_signature(parts: &http::request::Parts, body: &[u8]) -> Result<(), String> {
    use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
    let header = |name: &str| -> Result<&str, String> {
        parts.headers.get(name).and_then(|v| v.to_str().ok()).ok_or_else(|| format!("no `{name}` header"))
    };
    let authorization = header("authorization")?;
    let signed_headers = authorization
        .split("SignedHeaders=")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .ok_or_else(|| format!("no SignedHeaders in {authorization:?}"))?;
    let time = parse_amz_date(header("x-amz-date")?)?;
    let age = SystemTime::now().duration_since(time).unwrap_or_default();
    if age > Duration::from_secs(300) {
        return Err(format!("x-amz-date is {age:?} old"));
    }
    // The signer adds `x-amz-date` and `x-amz-security-token` itself.
    let mut headers = Vec::new();
    for name in signed_headers.split(';').filter(|n| !["x-amz-date", "x-amz-security-token"].contains(n)) {
        headers.push((name, header(name)?));
    }
    let uri = format!("http://{}{}", header("host")?, parts.uri.path_and_query().map_or("/", |p| p.as_str()));
    let identity = aws_credential_types::Credentials::new(
        ACCESS_KEY_ID,
        SECRET_ACCESS_KEY,
        Some(SESSION_TOKEN.to_owned()),
        None,
        "test",
    )
    .into();
    let params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region(REGION)
        .name(SIGNING_NAME)
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| e.to_string())?
        .into();
    let signable = SignableRequest::new(parts.method.as_str(), uri, headers.into_iter(), SignableBody::Bytes(body))
        .map_err(|e| e.to_string())?;
    let (instructions, _) = sign(signable, &params).map_err(|e| e.to_string())?.into_parts();
    let expected = instructions
        .headers()
        .find(|(name, _)| *name == "authorization")
        .map(|(_, value)| value.to_owned())
        .ok_or("aws-sigv4 gave no authorization header")?;
    if expected != authorization {
        return Err(format!("signature mismatch:\n  expected {expected}\n  received {authorization}"));
    }
    if header("x-amz-security-token")? != SESSION_TOKEN {
        return Err("wrong x-amz-security-token".to_owned());
    }
    Ok(())
}

/// `20240102T030405Z` as a time.
fn parse_amz_date(text: &str) -> Result<SystemTime, String> {
    let bad = || format!("bad x-amz-date {text:?}");
    let digits = |range: std::ops::Range<usize>| -> Result<i64, String> {
        text.get(range).and_then(|s| s.parse().ok()).ok_or_else(bad)
    };
    if text.len() != 16 || text.as_bytes()[8] != b'T' || !text.ends_with('Z') {
        return Err(bad());
    }
    let (year, month, day) = (digits(0..4)?, digits(4..6)?, digits(6..8)?);
    let (hour, minute, second) = (digits(9..11)?, digits(11..13)?, digits(13..15)?);
    // Days from 1970-01-01 (Howard Hinnant's days_from_civil).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second;
    Ok(SystemTime::UNIX_EPOCH + Duration::from_secs(u64::try_from(seconds).map_err(|_| bad())?))
}

fn config(url: &str, max_attempts: u32) -> Config {
    Config::builder()
        .region(REGION)
        .credentials(Credentials::new(ACCESS_KEY_ID, SECRET_ACCESS_KEY, Some(SESSION_TOKEN.to_owned())))
        .endpoint_url(url)
        .max_attempts(max_attempts)
        .timeout(Duration::from_secs(10))
        .build()
        .expect("config")
}

fn input() -> GetOtaTaskInput {
    GetOtaTaskInput::builder().identifier("task1234").build().expect("input")
}

/// Sends `GetOtaTask` through the client against a server with these responses; returns the
/// result and what the server received, after checking every request's signature and line.
async fn call(
    responses: Vec<Canned>,
    max_attempts: u32,
) -> (Result<GetOtaTaskOutput, SdkError<GetOtaTaskError>>, Vec<Received>) {
    let (url, state) = server(responses).await;
    let client = Client::new(config(&url, max_attempts));
    let result = client.get_ota_task_with(input()).await;
    let received = state.lock().expect("state lock").received.clone();
    for request in &received {
        assert_eq!(request.signature, Ok(()), "the signature checks out");
        assert_eq!((request.method.as_str(), request.path_and_query.as_str()), ("GET", "/ota-tasks/task1234"));
        let host = request.headers.get("host").and_then(|v| v.to_str().ok());
        assert_eq!(host, url.strip_prefix("http://"));
    }
    (result, received)
}

/// The service error of a failed call.
fn service_error(
    result: Result<GetOtaTaskOutput, SdkError<GetOtaTaskError>>,
) -> (GetOtaTaskError, u16, Option<String>) {
    match result {
        Err(SdkError::Service(error)) => {
            let (status, request_id) = (error.status(), error.request_id().map(str::to_owned));
            (error.into_err(), status, request_id)
        }
        other => panic!("expected a service error, got {other:?}"),
    }
}

#[tokio::test]
async fn success() {
    let (result, received) = call(vec![ok_response()], 3).await;
    let output = result.expect("GetOtaTask succeeds");
    assert_eq!(output.task_id(), Some("task1234"));
    assert_eq!(output.status(), Some(&OtaStatus::InProgress));
    assert_eq!(output.description(), Some("firmware"));
    assert_eq!(received.len(), 1);
    let signed = received[0].headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert!(
        signed.starts_with(&format!("AWS4-HMAC-SHA256 Credential={ACCESS_KEY_ID}/"))
            && signed.contains(&format!(
                "/{REGION}/{SIGNING_NAME}/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, "
            )),
        "{signed}"
    );
}

#[tokio::test]
async fn modeled_errors_that_are_not_retried() {
    let cases = [
        (403, "AccessDeniedException", r#"{"Message": "denied"}"#),
        (400, "ValidationException", r#"{"Message": "invalid"}"#),
        (404, "ResourceNotFoundException", r#"{"Message": "no such task", "ResourceId": "task1234"}"#),
    ];
    for (status, code, body) in cases {
        let (result, received) = call(vec![error_response(status, code, body), ok_response()], 3).await;
        assert_eq!(received.len(), 1, "{code} is not retried");
        let (error, got_status, request_id) = service_error(result);
        assert_eq!((error.code(), got_status, request_id.as_deref()), (Some(code), status, Some("req-error")));
        match (code, &error) {
            ("AccessDeniedException", GetOtaTaskError::AccessDeniedException(e)) => {
                assert_eq!(e.message(), Some("denied"))
            }
            ("ValidationException", GetOtaTaskError::ValidationException(e)) => {
                assert_eq!(e.message(), Some("invalid"))
            }
            ("ResourceNotFoundException", GetOtaTaskError::ResourceNotFoundException(e)) => {
                assert_eq!((e.message(), e.resource_id()), (Some("no such task"), Some("task1234")));
            }
            _ => panic!("{code}: wrong variant {error:?}"),
        }
    }
}

#[tokio::test]
async fn modeled_errors_that_are_retried() {
    // ThrottlingException is a throttling code; InternalServerException comes with a 500.
    let cases = [
        (429, "ThrottlingException", r#"{"Message": "slow down"}"#),
        (500, "InternalServerException", r#"{"Message": "oops"}"#),
    ];
    for (status, code, body) in cases {
        let responses = vec![error_response(status, code, body); 3];
        let (result, received) = call(responses, 3).await;
        assert_eq!(received.len(), 3, "{code} is retried up to max_attempts");
        let (error, got_status, request_id) = service_error(result);
        assert_eq!((error.code(), got_status, request_id.as_deref()), (Some(code), status, Some("req-error")));
        match (code, &error) {
            ("ThrottlingException", GetOtaTaskError::ThrottlingException(e)) => {
                assert_eq!(e.message(), Some("slow down"))
            }
            ("InternalServerException", GetOtaTaskError::InternalServerException(e)) => {
                assert_eq!(e.message(), Some("oops"))
            }
            _ => panic!("{code}: wrong variant {error:?}"),
        }
    }
}

#[tokio::test]
async fn throttled_then_success_is_retried() {
    let throttled = error_response(400, "ThrottlingException", r#"{"Message": "Rate exceeded"}"#);
    let (result, received) = call(vec![throttled, ok_response()], 3).await;
    assert_eq!(result.expect("the retry succeeds").task_id(), Some("task1234"));
    assert_eq!(received.len(), 2, "one retry");
    // Each attempt is signed anew.
    assert!(received.iter().all(|r| r.signature.is_ok()));
}

#[tokio::test]
async fn html_500_is_retried_then_unhandled() {
    let html = canned(
        500,
        &[("content-type", "text/html"), ("x-amzn-requestid", "req-html")],
        "<html><body>Internal Server Error</body></html>",
    );
    let (result, received) = call(vec![html; 4], 4).await;
    assert_eq!(received.len(), 4, "retried up to max_attempts");
    let (error, status, request_id) = service_error(result);
    assert_eq!((status, request_id.as_deref()), (500, Some("req-html")));
    match error {
        GetOtaTaskError::Unhandled(e) => {
            assert_eq!((e.status(), e.code(), e.request_id()), (500, None, Some("req-html")));
        }
        other => panic!("expected Unhandled, got {other:?}"),
    }
}

#[tokio::test]
async fn one_attempt_means_no_retry() {
    let html = canned(503, &[], "<html>busy</html>");
    let (result, received) = call(vec![html, ok_response()], 1).await;
    assert_eq!(received.len(), 1);
    assert_eq!(service_error(result).1, 503);
}

#[tokio::test]
async fn a_slow_attempt_times_out_and_is_retried() {
    let mut slow = ok_response();
    slow.delay = Duration::from_secs(5);
    let (url, state) = server(vec![slow.clone(), slow]).await;
    let config = Config::builder()
        .region(REGION)
        .credentials(Credentials::new(ACCESS_KEY_ID, SECRET_ACCESS_KEY, Some(SESSION_TOKEN.to_owned())))
        .endpoint_url(&url)
        .max_attempts(2)
        .timeout(Duration::from_millis(200))
        .build()
        .expect("config");
    let result = Client::new(config).get_ota_task_with(input()).await;
    assert!(matches!(result, Err(SdkError::Timeout(t)) if t == Duration::from_millis(200)), "{result:?}");
    assert_eq!(state.lock().expect("state lock").received.len(), 2);
}

#[tokio::test]
async fn connection_refused_is_a_dispatch_error() {
    // A port that was just free: nothing listens there any more.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    drop(listener);
    let result = Client::new(config(&url, 2)).get_ota_task_with(input()).await;
    match result {
        Err(SdkError::Dispatch(error)) => assert!(!error.message().is_empty()),
        other => panic!("expected a dispatch error, got {other:?}"),
    }
}

#[tokio::test]
async fn build_and_endpoint_errors_send_nothing() {
    let (url, state) = server(vec![ok_response()]).await;
    let client = Client::new(config(&url, 3));
    let empty = GetOtaTaskInput::builder().identifier("").build().expect("input");
    let result = client.get_ota_task_with(empty).await;
    match result {
        Err(SdkError::Build(error)) => assert_eq!(error.member(), "Identifier"),
        other => panic!("expected a build error, got {other:?}"),
    }
    // GetOtaTask's crate has no endpoint rules: without endpoint_url there is no endpoint.
    let config = Config::builder()
        .region(REGION)
        .credentials(Credentials::new(ACCESS_KEY_ID, SECRET_ACCESS_KEY, None))
        .build()
        .expect("config");
    let result = Client::new(config).get_ota_task_with(input()).await;
    match &result {
        Err(SdkError::Endpoint(error)) => assert!(error.message().contains("endpoint_url"), "{error}"),
        other => panic!("expected an endpoint error, got {other:?}"),
    }
    assert!(result.map_err(|e| e.to_string()).expect_err("error").starts_with("no endpoint:"));
    assert!(state.lock().expect("state lock").received.is_empty());
}

#[test]
fn client_futures_are_send_and_errors_are_std_errors() {
    fn assert_send<T: Send>(_: &T) {}
    fn assert_error<T: std::error::Error + Send + Sync + 'static>() {}
    let client = Client::new(config("http://127.0.0.1:9", 1));
    let future = client.get_ota_task_with(input());
    assert_send(&future);
    assert_error::<SdkError<GetOtaTaskError>>();
    let clone = client.clone();
    assert_eq!(clone.config().region(), REGION);
    assert_eq!(clone.config().max_attempts(), 1);
}

#[tokio::test]
async fn the_servers_signature_check_catches_a_wrong_secret() {
    let (url, state) = server(vec![ok_response()]).await;
    let config = Config::builder()
        .region(REGION)
        .credentials(Credentials::new(ACCESS_KEY_ID, "not-the-secret", Some(SESSION_TOKEN.to_owned())))
        .endpoint_url(&url)
        .build()
        .expect("config");
    Client::new(config).get_ota_task_with(input()).await.expect("the server answers anyway");
    let received = state.lock().expect("state lock").received.clone();
    let error = received[0].signature.clone().expect_err("the signature does not check out");
    assert!(error.starts_with("signature mismatch"), "{error}");
}

/// The `client` fixture's end-to-end tests, in a scratch workspace beside its generated crate.
const FIXTURE_E2E: &str = include_str!("../fixtures/harness/client_features_e2e.rs");
/// The `waiters` fixture's end-to-end tests, in the same scratch workspace.
const WAITERS_E2E: &str = include_str!("../fixtures/harness/waiters_e2e.rs");
/// The `blocking` feature's end-to-end tests (the `xml` fixture, built with `blocking` alone).
const BLOCKING_E2E: &str = include_str!("../fixtures/harness/blocking_e2e.rs");
/// Their local server.
const E2E_SERVER: &str = include_str!("../fixtures/harness/server.rs");

const FIXTURE_E2E_MANIFEST: &str = r#"[package]
name = "client-features-e2e"
version = "0.0.0"
edition = "2021"
publish = false

[dev-dependencies]
client-features = { path = "../client", features = ["client"] }
job-waiters = { path = "../waiters", features = ["blocking", "client"] }
# Nothing else in this workspace turns on its `client`: it builds without tokio and hyper.
xml-storage = { path = "../xml", features = ["blocking"] }
tokio = { version = "1", features = ["rt", "macros", "time"] }
"#;

#[test]
fn fixture_client_end_to_end() {
    let generated = common::fixture("client").generate();
    let mut scratch = codegen_tests::Scratch::new("client-e2e");
    scratch.add_generated("client", &generated);
    scratch.add_generated("waiters", &common::fixture("waiters").generate());
    scratch.add_generated("xml", &common::fixture("xml").generate());
    scratch.add_files(
        "e2e",
        &[
            ("Cargo.toml", FIXTURE_E2E_MANIFEST),
            ("src/lib.rs", "//! The tests are in `tests/`.\n"),
            ("tests/e2e.rs", FIXTURE_E2E),
            ("tests/waiters.rs", WAITERS_E2E),
            ("tests/blocking.rs", BLOCKING_E2E),
            ("tests/server/mod.rs", E2E_SERVER),
        ],
    );
    // The blocking client alone needs no async runtime and no hyper.
    let tree = scratch.cargo(&[
        "tree",
        "--package",
        "xml-storage",
        "--features",
        "blocking",
        "--edges",
        "normal",
        "--prefix",
        "none",
    ]);
    let crates: Vec<&str> = tree.lines().filter_map(|line| line.split(' ').next()).collect();
    assert!(crates.contains(&"ureq"), "{tree}");
    assert!(!crates.iter().any(|name| ["tokio", "hyper", "hyper-util"].contains(name)), "{tree}");
    let output = scratch.cargo(&["test", "--quiet", "--package", "client-features-e2e"]);
    let tests = [FIXTURE_E2E, WAITERS_E2E, BLOCKING_E2E]
        .iter()
        .flat_map(|file| file.lines())
        .filter(|line| ["#[tokio::test]", "#[test]"].contains(&line.trim()))
        .count();
    // One `test result` line per test file (the library's and the doctests' have none).
    let passed: usize = output
        .lines()
        .filter_map(|line| line.strip_prefix("test result: ok. "))
        .filter_map(|rest| rest.split(' ').next()?.parse::<usize>().ok())
        .sum();
    assert!(!output.contains("FAILED"), "{output}");
    assert_eq!(passed, tests, "expected {tests} passing tests:\n{output}");
}

// ------------------------------------------------------------------ the standard retry mode

fn config_with_quota(url: &str, quota: u32) -> Config {
    Config::builder()
        .region(REGION)
        .credentials(Credentials::new(ACCESS_KEY_ID, SECRET_ACCESS_KEY, Some(SESSION_TOKEN.to_owned())))
        .endpoint_url(url)
        .max_attempts(3)
        .retry_quota(quota)
        .timeout(Duration::from_secs(10))
        .build()
        .expect("config")
}

/// The retry quota (AWS's standard token bucket, 500 by default; 12 here): throttling retries
/// cost 5 tokens and 5xx retries 10; a call stops retrying when the quota cannot pay, and a
/// successful retry puts its cost back.
#[tokio::test]
async fn the_retry_quota_limits_retries_and_successes_refill_it() {
    let throttled = || error_response(429, "ThrottlingException", r#"{"Message": "slow down"}"#);
    let busy = || canned(503, &[], "busy");
    let responses = vec![throttled(), throttled(), throttled(), throttled(), busy(), ok_response(), busy(), busy()];
    let (url, state) = server(responses).await;
    let client = Client::new(config_with_quota(&url, 12));
    let sent = || state.lock().expect("state lock").received.len();

    // Two throttling retries: 12 - 5 - 5 = 2 tokens left.
    let error = client.get_ota_task_with(input()).await.expect_err("throttled three times");
    assert_eq!((sent(), error.status()), (3, Some(429)));
    // 2 tokens cannot pay for a retry: one attempt only, though max_attempts is 3.
    client.get_ota_task_with(input()).await.expect_err("throttled, no quota left");
    assert_eq!(sent(), 4);
    // Still 2 tokens: a 503 (transient, 10 tokens) is not retried either.
    let error = client.get_ota_task_with(input()).await.expect_err("503, no quota left");
    assert_eq!((sent(), error.status()), (5, Some(503)));
    // A first-try success puts 1 token back (3 left): still no retry of a 503 …
    client.get_ota_task_with(input()).await.expect("success");
    client.get_ota_task_with(input()).await.expect_err("503, no quota left");
    assert_eq!(sent(), 7);
    // … while a fresh client (its own quota) retries it.
    let (url, state) = server(vec![busy(), ok_response()]).await;
    Client::new(config_with_quota(&url, 12)).get_ota_task_with(input()).await.expect("the retry succeeds");
    assert_eq!(state.lock().expect("state lock").received.len(), 2);
}

/// `x-amz-retry-after` (milliseconds) replaces the backoff, as in the AWS SDKs' standard mode;
/// the HTTP `Retry-After` header is not honoured (the standard mode ignores it too).
#[tokio::test]
async fn x_amz_retry_after_sets_the_delay_and_retry_after_is_ignored() {
    let throttled = |header: &'static str, value: &'static str| {
        canned(429, &[("x-amzn-errortype", "ThrottlingException"), (header, value)], r#"{"Message": "later"}"#)
    };
    let started = std::time::Instant::now();
    let (result, received) = call(vec![throttled("x-amz-retry-after", "1200"), ok_response()], 3).await;
    result.expect("the retry succeeds");
    assert_eq!(received.len(), 2);
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(1200), "waited {waited:?}, the service asked for 1.2 s");

    let started = std::time::Instant::now();
    let (result, received) = call(vec![throttled("retry-after", "5"), ok_response()], 3).await;
    result.expect("the retry succeeds");
    assert_eq!(received.len(), 2);
    let waited = started.elapsed();
    assert!(waited < Duration::from_secs(3), "waited {waited:?}: Retry-After: 5 is not honoured");
}

/// A credentials provider (as `aws-config`'s chain would be) that counts how often it is asked;
/// its credentials expire `lifetime` from now, or it fails when `lifetime` is `None`.
#[derive(Debug)]
struct CountingProvider {
    calls: Arc<Mutex<u32>>,
    lifetime: Option<Duration>,
}

impl aws_credential_types::provider::ProvideCredentials for CountingProvider {
    fn provide_credentials<'a>(&'a self) -> aws_credential_types::provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        *self.calls.lock().expect("calls lock") += 1;
        let result = match self.lifetime {
            Some(lifetime) => Ok(aws_credential_types::Credentials::new(
                ACCESS_KEY_ID,
                SECRET_ACCESS_KEY,
                Some(SESSION_TOKEN.to_owned()),
                Some(SystemTime::now() + lifetime),
                "test",
            )),
            None => Err(aws_credential_types::provider::error::CredentialsError::not_loaded("no profile")),
        };
        aws_credential_types::provider::future::ProvideCredentials::ready(result)
    }
}

/// The adapter the `ProvideCredentials` docs show for `aws-config`'s chain, as written there.
#[derive(Debug)]
struct FromAwsConfig(aws_credential_types::provider::SharedCredentialsProvider);

impl ProvideCredentials for FromAwsConfig {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        use aws_credential_types::provider::ProvideCredentials as _;
        Box::pin(async move {
            let c = self.0.provide_credentials().await.map_err(|e| {
                let cause = std::error::Error::source(&e).map(|s| format!(": {s}")).unwrap_or_default();
                CredentialsError::new(format!("{e}{cause}"))
            })?;
            let credentials =
                Credentials::new(c.access_key_id(), c.secret_access_key(), c.session_token().map(str::to_owned));
            Ok(match c.expiry() {
                Some(expiry) => credentials.with_expiry(expiry),
                None => credentials,
            })
        })
    }
}

/// Two calls through a client whose credentials come from `provider` (an AWS SDK provider
/// behind the documented adapter); returns the results,
/// how many requests reached the server, and how often the provider was asked.
async fn calls_with_provider(lifetime: Option<Duration>) -> (Vec<bool>, usize, u32) {
    let (url, state) = server(vec![ok_response(), ok_response()]).await;
    let calls = Arc::new(Mutex::new(0));
    let config = Config::builder()
        .region(REGION)
        .credentials_provider(FromAwsConfig(aws_credential_types::provider::SharedCredentialsProvider::new(
            CountingProvider { calls: calls.clone(), lifetime },
        )))
        .endpoint_url(&url)
        .build()
        .expect("config");
    assert!(config.credentials().is_none() && config.credentials_provider().is_some());
    let client = Client::new(config);
    let mut results = Vec::new();
    for _ in 0..2 {
        let result = client.get_ota_task_with(input()).await;
        if let Err(error) = &result {
            assert!(matches!(error, SdkError::Credentials(_)), "{error:?}");
            assert!(error.to_string().contains("no profile"), "{error}");
        }
        results.push(result.is_ok());
    }
    let received = state.lock().expect("state lock").received.clone();
    for request in &received {
        assert_eq!(request.signature, Ok(()), "signed with the provider's credentials");
    }
    let asked = *calls.lock().expect("calls lock");
    (results, received.len(), asked)
}

#[tokio::test]
async fn a_credentials_provider_is_asked_once_while_its_credentials_last() {
    assert_eq!(calls_with_provider(Some(Duration::from_secs(3600))).await, (vec![true, true], 2, 1));
}

#[tokio::test]
async fn credentials_near_their_expiry_are_asked_for_again() {
    assert_eq!(calls_with_provider(Some(Duration::from_secs(60))).await, (vec![true, true], 2, 2));
}

#[tokio::test]
async fn a_failing_credentials_provider_sends_nothing() {
    assert_eq!(calls_with_provider(None).await, (vec![false, false], 0, 2));
}
