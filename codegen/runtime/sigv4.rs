//! AWS Signature Version 4 in the headers, for the `client` feature: the canonical request, the
//! string to sign, the derived key and the `authorization` header, over ring's SHA-256 and HMAC
//! (ring is already there for rustls).
//!
//! Written here rather than taken from `aws-sigv4`: that crate and `aws-credential-types` bring
//! 32 crates into the build (a fifth of a clean build of a whole client) for what is about 200
//! lines; the code generator's tests check this signer against aws-sigv4 over thousands of
//! requests, and the end-to-end tests' server checks every signature with it.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::time::SystemTime;

use percent_encoding::{percent_decode, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::error::BuildError;

/// What SigV4 leaves as it is: the unreserved characters of RFC 3986.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
/// The path's set: the unreserved characters and `/`.
const PATH: &AsciiSet = &UNRESERVED.remove(b'/');

/// Headers that are not signed: the signature's own, and those that proxies change.
const UNSIGNED_HEADERS: &[&str] = &["authorization", "user-agent", "x-amzn-trace-id", "transfer-encoding"];

/// The secret parts of an identity.
#[derive(Clone, Copy)]
pub(crate) struct Identity<'a> {
    pub(crate) access_key_id: &'a str,
    pub(crate) secret_access_key: &'a str,
    pub(crate) session_token: Option<&'a str>,
}

/// How a request is signed: the scope, the time, and the service's SigV4 variations.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scope<'a> {
    pub(crate) region: &'a str,
    /// The signing name (`s3`, `dynamodb`, ...).
    pub(crate) service: &'a str,
    pub(crate) time: SystemTime,
    /// `authSchemes`' `disableDoubleEncoding`: the path is signed as sent, not encoded again.
    pub(crate) single_encode: bool,
}

impl Scope<'_> {
    /// S3 (`s3`, `s3-outposts`, `s3express`) signs the path as sent, without removing dot
    /// segments, and wants the payload's SHA-256 in `x-amz-content-sha256`.
    fn is_s3(&self) -> bool {
        self.service.starts_with("s3")
    }
}

/// What the payload hash of a request stands for.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Payload<'a> {
    /// A body in memory: its SHA-256.
    Bytes(&'a [u8]),
    /// A body that streams: `UNSIGNED-PAYLOAD`, as the AWS SDKs sign one.
    Unsigned,
    /// A body that streams `aws-chunked` with a checksum trailer:
    /// `STREAMING-UNSIGNED-PAYLOAD-TRAILER`.
    UnsignedTrailer,
    /// A body that streams `aws-chunked`, each chunk signed in a chain from the request's
    /// signature ([`ChunkSigner`]): `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`, or with `-TRAILER`
    /// when a signed checksum trailer follows the chunks.
    SignedChunks { trailer: bool },
    /// An event stream: `STREAMING-AWS4-HMAC-SHA256-EVENTS`, each message then signed in a
    /// chain from the request's signature ([`sign_event`]).
    Events,
}

/// Signs `request` (absolute URI; every header but the signature's own already set): adds
/// `x-amz-date`, `x-amz-security-token` for temporary credentials, `x-amz-content-sha256` for
/// S3 and event streams, and `authorization`. Returns the signature (an event stream's seed).
pub(crate) fn sign<B>(
    request: &mut http::Request<B>,
    payload: Payload<'_>,
    identity: Identity<'_>,
    scope: Scope<'_>,
) -> Result<String, BuildError> {
    let (date_time, date) = amz_date(scope.time);
    let payload_hash = match payload {
        Payload::Bytes(body) => hex(ring::digest::digest(&ring::digest::SHA256, body).as_ref()),
        Payload::Unsigned => "UNSIGNED-PAYLOAD".to_owned(),
        Payload::UnsignedTrailer => "STREAMING-UNSIGNED-PAYLOAD-TRAILER".to_owned(),
        Payload::SignedChunks { trailer: false } => "STREAMING-AWS4-HMAC-SHA256-PAYLOAD".to_owned(),
        Payload::SignedChunks { trailer: true } => "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER".to_owned(),
        Payload::Events => "STREAMING-AWS4-HMAC-SHA256-EVENTS".to_owned(),
    };
    let mut added = vec![("x-amz-date", date_time.clone())];
    if let Some(token) = identity.session_token {
        added.push(("x-amz-security-token", token.to_owned()));
    }
    if scope.is_s3() || !matches!(payload, Payload::Bytes(_) | Payload::Unsigned) {
        added.push(("x-amz-content-sha256", payload_hash.clone()));
    }
    for (name, value) in &added {
        let value = http::HeaderValue::from_str(value)
            .map_err(|_| BuildError::invalid("signature", format!("`{name}` is not a valid header value")))?;
        request.headers_mut().insert(*name, value);
    }
    let (canonical_headers, signed_headers) = canonical_headers(request)?;
    let canonical_request = format!(
        "{}\n{}\n{}\n{canonical_headers}\n{signed_headers}\n{payload_hash}",
        request.method().as_str(),
        canonical_path(request.uri().path(), scope),
        canonical_query(request.uri().query().unwrap_or("")),
    );
    let credential_scope = format!("{date}/{}/{}/aws4_request", scope.region, scope.service);
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{date_time}\n{credential_scope}\n{}",
        hex(ring::digest::digest(&ring::digest::SHA256, canonical_request.as_bytes()).as_ref())
    );
    let signature = hex(&hmac(&signing_key(identity, scope, &date), string_to_sign.as_bytes()));
    let authorization = format!(
        "AWS4-HMAC-SHA256 Credential={}/{credential_scope}, SignedHeaders={signed_headers}, Signature={signature}",
        identity.access_key_id
    );
    let authorization = http::HeaderValue::from_str(&authorization)
        .map_err(|_| BuildError::invalid("signature", "the access key ID is not a valid header value"))?;
    request.headers_mut().insert(http::header::AUTHORIZATION, authorization);
    Ok(signature)
}

/// Presigns `request` (absolute URI, `host` and any other headers to sign already set): the
/// signature goes in the query (`X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`,
/// `X-Amz-Expires`, `X-Amz-SignedHeaders`, `X-Amz-Security-Token` for temporary credentials,
/// then `X-Amz-Signature`), valid for `expires_in` seconds. The headers are signed as they are:
/// whoever sends the request sends them too.
pub(crate) fn presign<B>(
    request: &mut http::Request<B>,
    payload: Payload<'_>,
    identity: Identity<'_>,
    scope: Scope<'_>,
    expires_in: u64,
) -> Result<(), BuildError> {
    let (date_time, date) = amz_date(scope.time);
    let payload_hash = match payload {
        Payload::Bytes(body) => hex(ring::digest::digest(&ring::digest::SHA256, body).as_ref()),
        Payload::Unsigned | Payload::UnsignedTrailer | Payload::SignedChunks { .. } | Payload::Events => {
            "UNSIGNED-PAYLOAD".to_owned()
        }
    };
    let credential_scope = format!("{date}/{}/{}/aws4_request", scope.region, scope.service);
    let (canonical_headers, signed_headers) = canonical_headers(request)?;
    let mut params = vec![
        ("X-Amz-Algorithm", "AWS4-HMAC-SHA256".to_owned()),
        ("X-Amz-Credential", format!("{}/{credential_scope}", identity.access_key_id)),
        ("X-Amz-Date", date_time.clone()),
        ("X-Amz-Expires", expires_in.to_string()),
        ("X-Amz-SignedHeaders", signed_headers.clone()),
    ];
    if let Some(token) = identity.session_token {
        params.push(("X-Amz-Security-Token", token.to_owned()));
    }
    let encode = |text: &str| utf8_percent_encode(text, UNRESERVED).to_string();
    let added: Vec<String> = params.iter().map(|(name, value)| format!("{name}={}", encode(value))).collect();
    let query = match request.uri().query() {
        Some(query) if !query.is_empty() => format!("{query}&{}", added.join("&")),
        _ => added.join("&"),
    };
    let canonical_request = format!(
        "{}\n{}\n{}\n{canonical_headers}\n{signed_headers}\n{payload_hash}",
        request.method().as_str(),
        canonical_path(request.uri().path(), scope),
        canonical_query(&query),
    );
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{date_time}\n{credential_scope}\n{}",
        hex(ring::digest::digest(&ring::digest::SHA256, canonical_request.as_bytes()).as_ref())
    );
    let signature = hex(&hmac(&signing_key(identity, scope, &date), string_to_sign.as_bytes()));
    let mut parts = request.uri().clone().into_parts();
    let path = request.uri().path();
    let path_and_query = format!("{path}?{query}&X-Amz-Signature={signature}");
    parts.path_and_query =
        Some(path_and_query.parse().map_err(|_| BuildError::invalid("signature", "the presigned URI is not valid"))?);
    *request.uri_mut() =
        http::Uri::from_parts(parts).map_err(|_| BuildError::invalid("signature", "the presigned URI is not valid"))?;
    Ok(())
}

/// The key of a day's scope: HMACs of the date, region, service and `aws4_request`.
fn signing_key(identity: Identity<'_>, scope: Scope<'_>, date: &str) -> Vec<u8> {
    let secret = format!("AWS4{}", identity.secret_access_key);
    [date, scope.region, scope.service, "aws4_request"]
        .iter()
        .fold(secret.into_bytes(), |key, part| hmac(&key, part.as_bytes()))
}

/// Signs one event-stream message (its encoded bytes; empty for the message that ends the
/// stream) in the chain that starts at the request's signature: returns the signature to put
/// in `:chunk-signature` (and to chain the next message from) and the `:date` in milliseconds,
/// truncated to the second as the signature's time is.
pub(crate) fn sign_event(payload: &[u8], previous: &str, identity: Identity<'_>, scope: Scope<'_>) -> (Vec<u8>, i64) {
    let (date_time, date) = amz_date(scope.time);
    let seconds = scope.time.duration_since(SystemTime::UNIX_EPOCH).map_or(0, |since| since.as_secs());
    let millis = i64::try_from(seconds).unwrap_or(i64::MAX / 1000) * 1000;
    // The `:date` header as the frame encodes it: name length, name, type 8, big-endian millis.
    let mut date_header = vec![5_u8];
    date_header.extend_from_slice(b":date");
    date_header.push(8);
    date_header.extend_from_slice(&millis.to_be_bytes());
    let sha256 = |bytes: &[u8]| hex(ring::digest::digest(&ring::digest::SHA256, bytes).as_ref());
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256-PAYLOAD\n{date_time}\n{date}/{}/{}/aws4_request\n{previous}\n{}\n{}",
        scope.region,
        scope.service,
        sha256(&date_header),
        sha256(payload)
    );
    (hmac(&signing_key(identity, scope, &date), string_to_sign.as_bytes()), millis)
}

/// The SHA-256 of nothing, hex: what a chunk signature hashes for the headers chunks lack.
const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// Signs the chunks of an `aws-chunked` body sent as [`Payload::SignedChunks`]: each chunk's
/// signature covers its data and the signature before it, the first the request's (the seed),
/// so that no chunk can be changed, dropped or reordered; the trailer is signed last. The
/// derived key is kept, not the secret.
#[derive(Clone)]
pub(crate) struct ChunkSigner {
    key: Vec<u8>,
    date_time: String,
    scope: String,
    previous: String,
}

impl ChunkSigner {
    /// The chain that starts at `seed`, the request's signature with the same identity and
    /// scope (time included).
    pub(crate) fn new(seed: String, identity: Identity<'_>, scope: Scope<'_>) -> Self {
        let (date_time, date) = amz_date(scope.time);
        Self {
            key: signing_key(identity, scope, &date),
            date_time,
            scope: format!("{date}/{}/{}/aws4_request", scope.region, scope.service),
            previous: seed,
        }
    }

    /// The signature of the next chunk (`data` is empty for the last one).
    pub(crate) fn chunk(&mut self, data: &[u8]) -> &str {
        let hashes = format!("{EMPTY_SHA256}\n{}", sha256_hex(data));
        self.next("AWS4-HMAC-SHA256-PAYLOAD", &hashes)
    }

    /// The signature of the trailer (its `name:value\n` lines), after the last chunk.
    pub(crate) fn trailer(&mut self, lines: &[u8]) -> &str {
        let hash = sha256_hex(lines);
        self.next("AWS4-HMAC-SHA256-TRAILER", &hash)
    }

    fn next(&mut self, algorithm: &str, hashes: &str) -> &str {
        let string_to_sign = format!("{algorithm}\n{}\n{}\n{}\n{hashes}", self.date_time, self.scope, self.previous);
        self.previous = hex(&hmac(&self.key, string_to_sign.as_bytes()));
        &self.previous
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex(ring::digest::digest(&ring::digest::SHA256, bytes).as_ref())
}

/// HMAC-SHA256 of `message` under `key`.
fn hmac(key: &[u8], message: &[u8]) -> Vec<u8> {
    ring::hmac::sign(&ring::hmac::Key::new(ring::hmac::HMAC_SHA256, key), message).as_ref().to_vec()
}

/// Lower-case hexadecimal.
fn hex(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(text, "{byte:02x}");
    }
    text
}

/// `(yyyymmddThhmmssZ, yyyymmdd)` in UTC; times before 1970 sign as 1970.
fn amz_date(time: SystemTime) -> (String, String) {
    let seconds = time.duration_since(SystemTime::UNIX_EPOCH).map_or(0, |since| since.as_secs());
    let (days, second_of_day) = (seconds / 86_400, seconds % 86_400);
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm, for days ≥ 0).
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    let date = format!("{year:04}{month:02}{day:02}");
    let (hour, minute, second) = (second_of_day / 3600, second_of_day / 60 % 60, second_of_day % 60);
    (format!("{date}T{hour:02}{minute:02}{second:02}Z"), date)
}

/// The canonical path: dot segments and empty segments removed (except for S3), then every
/// byte but the unreserved ones and `/` percent-encoded again (`%` becomes `%25`), unless the
/// endpoint disables double encoding.
fn canonical_path(path: &str, scope: Scope<'_>) -> String {
    let path = if path.starts_with('/') { path.to_owned() } else { format!("/{path}") };
    let path = if scope.is_s3() { path } else { remove_dot_segments(&path) };
    if scope.single_encode {
        path
    } else {
        utf8_percent_encode(&path, PATH).to_string()
    }
}

/// RFC 3986 §5.2.4 on an absolute path, also dropping empty segments (as AWS does); a path that
/// ended in a directory keeps its trailing `/`.
fn remove_dot_segments(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            segment => segments.push(segment),
        }
    }
    let mut normalized = format!("/{}", segments.join("/"));
    let directory = ["/", "/.", "/.."].iter().any(|end| path.ends_with(end));
    if directory && !normalized.ends_with('/') {
        normalized.push('/');
    }
    normalized
}

/// The canonical query: each `name=value` pair decoded as a form (`+` is a space) and encoded
/// again strictly, then sorted.
fn canonical_query(query: &str) -> String {
    let decode = |text: &str| {
        let text = text.replace('+', " ");
        let bytes: Vec<u8> = percent_decode(text.as_bytes()).collect();
        utf8_percent_encode(&String::from_utf8_lossy(&bytes), UNRESERVED).to_string()
    };
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(name), decode(value))
        })
        .collect();
    pairs.sort();
    let pairs: Vec<String> = pairs.into_iter().map(|(name, value)| format!("{name}={value}")).collect();
    pairs.join("&")
}

/// The canonical headers (`name:value\n`, sorted; values of one name joined with `,`, spaces
/// trimmed and runs of spaces collapsed) and the signed header names (`;`-separated).
fn canonical_headers<B>(request: &http::Request<B>) -> Result<(String, String), BuildError> {
    let mut headers: Vec<(&str, String)> = Vec::with_capacity(request.headers().len());
    for (name, value) in request.headers() {
        if UNSIGNED_HEADERS.contains(&name.as_str()) {
            continue;
        }
        let value = value
            .to_str()
            .map_err(|_| BuildError::invalid("signature", format!("header `{name}` is not visible ASCII")))?;
        let value = value.trim_matches(' ').split(' ').filter(|word| !word.is_empty()).collect::<Vec<_>>().join(" ");
        match headers.last_mut() {
            // `HeaderMap` yields the values of one name one after the other.
            Some((last, joined)) if *last == name.as_str() => {
                joined.push(',');
                joined.push_str(&value);
            }
            _ => headers.push((name.as_str(), value)),
        }
    }
    headers.sort_by(|a, b| a.0.cmp(b.0));
    let mut canonical = String::new();
    for (name, value) in &headers {
        let _ = writeln!(canonical, "{name}:{value}");
    }
    let names: Vec<&str> = headers.iter().map(|(name, _)| *name).collect();
    Ok((canonical, names.join(";")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// 2015-08-30T12:36:00Z, the time of the AWS SigV4 test suite.
    fn suite_time() -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_440_938_160)
    }

    const SUITE_IDENTITY: Identity<'static> = Identity {
        access_key_id: "AKIDEXAMPLE",
        secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        session_token: None,
    };

    fn suite_scope() -> Scope<'static> {
        Scope { region: "us-east-1", service: "service", time: suite_time(), single_encode: false }
    }

    fn signed(uri: &str, identity: Identity<'_>, scope: Scope<'_>, body: &[u8]) -> http::Request<()> {
        let mut request = http::Request::builder().method("GET").uri(uri).body(()).expect("request");
        if let Some(host) = request.uri().authority().map(|a| a.as_str().to_owned()) {
            request.headers_mut().insert("host", host.parse().expect("host"));
        }
        sign(&mut request, Payload::Bytes(body), identity, scope).expect("signs");
        request
    }

    fn header(request: &http::Request<()>, name: &str) -> String {
        request.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
    }

    #[test]
    fn the_aws_test_suite_s_vanilla_requests() {
        let request = signed("https://example.amazonaws.com/", SUITE_IDENTITY, suite_scope(), b"");
        assert_eq!(header(&request, "x-amz-date"), "20150830T123600Z");
        assert_eq!(
            header(&request, "authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
             SignedHeaders=host;x-amz-date, \
             Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        );
        let request =
            signed("https://example.amazonaws.com/?Param2=value2&Param1=value1", SUITE_IDENTITY, suite_scope(), b"");
        assert!(
            header(&request, "authorization")
                .ends_with("Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
            "{}",
            header(&request, "authorization")
        );
    }

    /// S3's published examples of signed chunked uploads (66,560 bytes of `a` in a 64 KiB chunk,
    /// a 1 KiB one and the empty last one; the second with a signed CRC32C trailer): the seed,
    /// every chunk's and the trailer's signature.
    #[test]
    fn s3_s_signed_chunk_examples() {
        let identity = Identity {
            access_key_id: "AKIAIOSFODNN7EXAMPLE",
            secret_access_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            session_token: None,
        };
        let scope = Scope {
            region: "us-east-1",
            service: "s3",
            time: SystemTime::UNIX_EPOCH + Duration::from_secs(1_369_353_600),
            single_encode: true,
        };
        let request = |headers: &[(&str, &str)]| {
            let mut builder =
                http::Request::builder().method("PUT").uri("https://s3.amazonaws.com/examplebucket/chunkObject.txt");
            for (name, value) in headers {
                builder = builder.header(*name, *value);
            }
            builder.body(()).expect("request")
        };
        let common = [
            ("host", "s3.amazonaws.com"),
            ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
            ("content-encoding", "aws-chunked"),
            ("x-amz-decoded-content-length", "66560"),
        ];
        let (big, small) = (vec![b'a'; 65_536], vec![b'a'; 1024]);

        let mut plain = request(&[common.as_slice(), &[("content-length", "66824")]].concat());
        let seed = sign(&mut plain, Payload::SignedChunks { trailer: false }, identity, scope).expect("signs");
        assert_eq!(seed, "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9");
        assert_eq!(header(&plain, "x-amz-content-sha256"), "STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
        let mut chain = ChunkSigner::new(seed, identity, scope);
        assert_eq!(chain.chunk(&big), "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648");
        assert_eq!(chain.chunk(&small), "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497");
        assert_eq!(chain.chunk(b""), "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9");

        let mut trailed = request(&[common.as_slice(), &[("x-amz-trailer", "x-amz-checksum-crc32c")]].concat());
        let seed = sign(&mut trailed, Payload::SignedChunks { trailer: true }, identity, scope).expect("signs");
        assert_eq!(seed, "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e");
        let mut chain = ChunkSigner::new(seed, identity, scope);
        assert_eq!(chain.chunk(&big), "b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2");
        assert_eq!(chain.chunk(&small), "1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7");
        assert_eq!(chain.chunk(b""), "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992");
        assert_eq!(
            chain.trailer(b"x-amz-checksum-crc32c:sOO8/Q==\n"),
            "d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435"
        );
    }

    #[test]
    fn temporary_credentials_and_s3_add_signed_headers() {
        let identity = Identity { session_token: Some("TOKEN"), ..SUITE_IDENTITY };
        let scope = Scope { service: "s3", single_encode: true, ..suite_scope() };
        let request = signed("https://b.s3.us-east-1.amazonaws.com/k", identity, scope, b"hello");
        assert_eq!(header(&request, "x-amz-security-token"), "TOKEN");
        assert_eq!(
            header(&request, "x-amz-content-sha256"),
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
        assert!(header(&request, "authorization").contains(
            "/20150830/us-east-1/s3/aws4_request, \
             SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature="
        ));
        let plain = signed("https://svc.amazonaws.com/", SUITE_IDENTITY, suite_scope(), b"hello");
        assert!(!plain.headers().contains_key("x-amz-content-sha256"));
    }

    #[test]
    fn dates() {
        let at = |seconds: u64| amz_date(SystemTime::UNIX_EPOCH + Duration::from_secs(seconds)).0;
        assert_eq!(at(0), "19700101T000000Z");
        assert_eq!(at(951_782_400), "20000229T000000Z");
        assert_eq!(at(1_709_164_799), "20240228T235959Z");
        assert_eq!(at(4_102_444_800), "21000101T000000Z");
        assert_eq!(amz_date(SystemTime::UNIX_EPOCH - Duration::from_secs(5)).0, "19700101T000000Z");
    }

    #[test]
    fn paths() {
        let plain = suite_scope();
        let s3 = Scope { service: "s3", single_encode: true, ..plain };
        assert_eq!(canonical_path("", plain), "/");
        assert_eq!(canonical_path("/a/./b/../c//d/", plain), "/a/c/d/");
        assert_eq!(canonical_path("/a/..", plain), "/");
        assert_eq!(canonical_path("/a%20b/c~d", plain), "/a%2520b/c~d");
        assert_eq!(canonical_path("/a%20b/../c//", s3), "/a%20b/../c//");
    }

    #[test]
    fn queries() {
        assert_eq!(canonical_query(""), "");
        assert_eq!(canonical_query("b=2&a=1&a=0"), "a=0&a=1&b=2");
        assert_eq!(canonical_query("flag&x=a+b&y=%7e%2F&&z="), "flag=&x=a%20b&y=~%2F&z=");
    }

    #[test]
    fn headers_are_trimmed_joined_and_filtered() {
        let request = http::Request::builder()
            .header("X-Multi", "  a   b ")
            .header("x-multi", "c")
            .header("user-agent", "agent")
            .header("host", "h")
            .body(())
            .expect("request");
        let (canonical, signed) = canonical_headers(&request).expect("headers");
        assert_eq!(canonical, "host:h\nx-multi:a b,c\n");
        assert_eq!(signed, "host;x-multi");
        let bad = http::Request::builder()
            .header("x-bin", http::HeaderValue::from_bytes(b"\xff").expect("value"))
            .body(())
            .expect("request");
        let error = canonical_headers(&bad).expect_err("not ASCII");
        assert!(error.to_string().contains("x-bin"), "{error}");
    }
}
