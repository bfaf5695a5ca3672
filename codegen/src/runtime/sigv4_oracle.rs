//! `runtime/sigv4.rs` against aws-sigv4 (the AWS SDK for Rust's signer) on thousands of varied
//! requests: every header either signer adds must be the same, `authorization` included.

use std::time::{Duration, SystemTime};

use super::random::Random;
use super::sigv4::{presign, sign, sign_event, Identity, Payload, Scope};

/// Path segments as a serializer or a user may send them: encoded bytes, dots, empties, `~`.
const SEGMENTS: &[&str] = &["a", "Key", "%20x", "%2F", "%25", ".", "..", "", "~t", "a-b_c.d", "%E2%82%AC", "%3A%40"];
/// Query names and values, including `+`, encoded and unencoded reserved bytes, and empties.
const QUERY_WORDS: &[&str] =
    &["a", "B", "x+y", "%2B", "%20", "", "1", "%7E", "~", "%3D", "%26", "%C3%A9", "list", "%2f"];
const HEADER_VALUES: &[&str] = &["v", " padded ", "a  b   c", "", "application/x-amz-json-1.0", "1,2", "\tt"];
const HEADER_NAMES: &[&str] =
    &["x-amz-target", "content-type", "x-amz-meta-a", "user-agent", "x-custom", "x-amzn-trace-id"];
const METHODS: &[&str] = &["GET", "PUT", "POST", "DELETE", "HEAD"];
const SERVICES: &[&str] = &["dynamodb", "s3", "s3express", "sts", "execute-api"];
const HOSTS: &[&str] = &["svc.us-east-1.amazonaws.com", "127.0.0.1:8080", "b.s3.amazonaws.com:443"];

struct Case {
    request: http::Request<()>,
    body: Vec<u8>,
    /// A body that streams: signed as `UNSIGNED-PAYLOAD`.
    unsigned: bool,
    session_token: Option<String>,
    region: &'static str,
    service: &'static str,
    single_encode: bool,
    time: SystemTime,
}

fn case(random: &mut Random) -> Case {
    let path = format!("/{}", random.join(SEGMENTS, 5, "/"));
    let pairs = random.below(5);
    let query: Vec<String> = (0..pairs)
        .map(|_| {
            let name = random.join(QUERY_WORDS, 2, "");
            match random.below(3) {
                0 => name,
                _ => format!("{name}={}", random.join(QUERY_WORDS, 2, "")),
            }
        })
        .collect();
    let query = if query.is_empty() { String::new() } else { format!("?{}", query.join("&")) };
    let host = random.pick(HOSTS);
    let mut builder = http::Request::builder()
        .method(random.pick(METHODS))
        .uri(format!("https://{host}{path}{query}"))
        .header("host", host);
    for _ in 0..random.below(4) {
        builder = builder.header(random.pick(HEADER_NAMES), random.pick(HEADER_VALUES));
    }
    let body = random.join(QUERY_WORDS, 6, " ").into_bytes();
    let service = random.pick(SERVICES);
    Case {
        request: builder.body(()).expect("a valid request"),
        body,
        unsigned: random.below(8) == 0,
        session_token: (random.below(2) == 0).then(|| format!("token{}", random.below(1000))),
        region: ["us-east-1", "eu-west-3", "cn-north-1"][random.below(3)],
        service,
        single_encode: service.starts_with("s3") || random.below(4) == 0,
        time: SystemTime::UNIX_EPOCH + Duration::from_secs(1_400_000_000 + random.next() % 1_000_000_000),
    }
}

/// The aws-sigv4 settings the client's signer stands for: single encoding where the endpoint
/// says, and S3's payload hash header and unnormalized paths.
fn settings(case: &Case) -> aws_sigv4::http_request::SigningSettings {
    use aws_sigv4::http_request::{
        PayloadChecksumKind, PercentEncodingMode, SigningSettings, UriPathNormalizationMode,
    };
    let mut settings = SigningSettings::default();
    if case.single_encode {
        settings.percent_encoding_mode = PercentEncodingMode::Single;
    }
    if case.service.starts_with("s3") {
        settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
        settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
    }
    settings
}

/// What aws-sigv4 adds to the request, with the settings the client's signer stands for.
fn oracle(case: &Case) -> http::Request<()> {
    use aws_sigv4::http_request::{SignableBody, SignableRequest};
    let identity =
        aws_credential_types::Credentials::new("AKIDEXAMPLE", "secret/KEY+1", case.session_token.clone(), None, "test")
            .into();
    let settings = settings(case);
    let params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region(case.region)
        .name(case.service)
        .time(case.time)
        .settings(settings)
        .build()
        .expect("signing parameters")
        .into();
    let headers = case.request.headers().iter().map(|(name, value)| (name.as_str(), value.to_str().expect("ASCII")));
    let uri = case.request.uri().to_string();
    let body = if case.unsigned { SignableBody::UnsignedPayload } else { SignableBody::Bytes(&case.body) };
    let signable = SignableRequest::new(case.request.method().as_str(), uri, headers, body).expect("signable");
    let (instructions, _) = aws_sigv4::http_request::sign(signable, &params).expect("aws-sigv4 signs").into_parts();
    let mut request = clone(&case.request);
    instructions.apply_to_request_http1x(&mut request);
    request
}

fn clone(request: &http::Request<()>) -> http::Request<()> {
    let mut copy = http::Request::new(());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.headers_mut() = request.headers().clone();
    copy
}

#[test]
fn the_signer_agrees_with_aws_sigv4() {
    let mut random = Random(0x5eed_c0de_d00d_f00d);
    for index in 0..4000 {
        let case = case(&mut random);
        let mut ours = clone(&case.request);
        let identity = Identity {
            access_key_id: "AKIDEXAMPLE",
            secret_access_key: "secret/KEY+1",
            session_token: case.session_token.as_deref(),
        };
        let scope =
            Scope { region: case.region, service: case.service, time: case.time, single_encode: case.single_encode };
        sign(&mut ours, if case.unsigned { Payload::Unsigned } else { Payload::Bytes(&case.body) }, identity, scope)
            .expect("signs");
        let theirs = oracle(&case);
        for name in ["authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"] {
            assert_eq!(
                ours.headers().get(name),
                theirs.headers().get(name),
                "case {index}: `{name}` differs for {} {} (service {}, single encode {}, headers {:?})",
                case.request.method(),
                case.request.uri(),
                case.service,
                case.single_encode,
                case.request.headers(),
            );
        }
    }
}

/// Event-stream messages signed in a chain: each signature and `:date` as aws-sigv4's
/// `sign_message` gives them (the last message of a stream is the empty one).
#[test]
fn event_signatures_agree_with_aws_sigv4() {
    let mut random = Random(0x0e5e_4a75_19ae_0001);
    let identity = aws_credential_types::Credentials::new("AKIDEXAMPLE", "secret/KEY+1", None, None, "test").into();
    for index in 0..300 {
        let region = ["us-east-1", "eu-west-3"][random.below(2)];
        let service = ["transcribe", "bedrock"][random.below(2)];
        let time =
            SystemTime::UNIX_EPOCH + Duration::from_millis(1_400_000_000_000 + random.next() % 1_000_000_000_000);
        let mut ours = hex(random.next().to_be_bytes().repeat(4).as_slice());
        let mut theirs = ours.clone();
        for step in 0..4 {
            let payload: Vec<u8> = if step == 3 { Vec::new() } else { random.join(QUERY_WORDS, 8, " ").into_bytes() };
            let scope = Scope { region, service, time, single_encode: false };
            let identity_ours =
                Identity { access_key_id: "AKIDEXAMPLE", secret_access_key: "secret/KEY+1", session_token: None };
            let frame = if payload.is_empty() { Vec::new() } else { wrap(&payload) };
            let (signature, millis) = sign_event(&frame, &ours, identity_ours, scope);
            let params = aws_sigv4::sign::v4::SigningParams::builder()
                .identity(&identity)
                .region(region)
                .name(service)
                .time(time)
                .settings(())
                .build()
                .expect("signing parameters");
            // aws-sigv4 signs a message by its encoding; the client signs the encoded frame.
            let output = if payload.is_empty() {
                aws_sigv4::event_stream::sign_empty_message(&theirs, &params)
            } else {
                let (message, _) = aws_smithy_eventstream::frame::read_message_from(&mut &wrap(&payload)[..])
                    .map(|m| (m, ()))
                    .expect("decodes");
                aws_sigv4::event_stream::sign_message(&message, &theirs, &params)
            }
            .expect("aws-sigv4 signs");
            let (envelope, signature_theirs) = output.into_parts();
            assert_eq!(hex(&signature), signature_theirs, "message {index}.{step}: the signature");
            let date = envelope.headers().iter().find(|h| h.name().as_str() == ":date").expect(":date");
            assert_eq!(
                date.value().as_timestamp().map(|t| t.to_millis().expect("millis")),
                Ok(millis),
                "message {index}.{step}: the date"
            );
            ours = hex(&signature);
            theirs = signature_theirs;
        }
    }
}

/// An encoded message whose payload is `payload` (what the client signs is a whole frame).
fn wrap(payload: &[u8]) -> Vec<u8> {
    let message = super::eventstream::Message { headers: Vec::new(), payload: payload.to_vec() };
    super::eventstream::encode(&message).expect("encodes")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Presigned requests (the signature in the query) as aws-sigv4 presigns them: the same URI,
/// query parameter for parameter.
#[test]
fn presigned_uris_agree_with_aws_sigv4() {
    use aws_sigv4::http_request::{SignableBody, SignableRequest, SignatureLocation};
    let mut random = Random(0x9e51_67ed_0000_0001);
    for index in 0..1000 {
        let case = case(&mut random);
        let expires = 1 + random.next() % 604_800;
        let mut ours = clone(&case.request);
        let identity = Identity {
            access_key_id: "AKIDEXAMPLE",
            secret_access_key: "secret/KEY+1",
            session_token: case.session_token.as_deref(),
        };
        let scope =
            Scope { region: case.region, service: case.service, time: case.time, single_encode: case.single_encode };
        let payload = if case.unsigned { Payload::Unsigned } else { Payload::Bytes(&case.body) };
        presign(&mut ours, payload, identity, scope, expires).expect("presigns");

        let identity = aws_credential_types::Credentials::new(
            "AKIDEXAMPLE",
            "secret/KEY+1",
            case.session_token.clone(),
            None,
            "t",
        )
        .into();
        let mut settings = settings(&case);
        settings.signature_location = SignatureLocation::QueryParams;
        settings.expires_in = Some(Duration::from_secs(expires));
        let params = aws_sigv4::sign::v4::SigningParams::builder()
            .identity(&identity)
            .region(case.region)
            .name(case.service)
            .time(case.time)
            .settings(settings)
            .build()
            .expect("signing parameters")
            .into();
        let headers = case.request.headers().iter().map(|(n, v)| (n.as_str(), v.to_str().expect("ASCII")));
        let body = if case.unsigned { SignableBody::UnsignedPayload } else { SignableBody::Bytes(&case.body) };
        let uri = case.request.uri().to_string();
        let signable = SignableRequest::new(case.request.method().as_str(), uri, headers, body).expect("signable");
        let (instructions, _) = aws_sigv4::http_request::sign(signable, &params).expect("aws-sigv4 signs").into_parts();
        let mut theirs = clone(&case.request);
        instructions.apply_to_request_http1x(&mut theirs);
        let pairs = |request: &http::Request<()>| {
            let mut pairs: Vec<String> = request.uri().query().unwrap_or("").split('&').map(str::to_owned).collect();
            pairs.sort();
            pairs
        };
        assert_eq!(ours.uri().path(), theirs.uri().path(), "case {index}: the path");
        assert_eq!(pairs(&ours), pairs(&theirs), "case {index}: {} {}", case.request.method(), case.request.uri());
    }
}
