//! Flexible checksums (`aws.protocols#httpChecksum`): CRC32, CRC32C, CRC64NVME, SHA-1,
//! SHA-256, SHA-512, MD5, XXHASH64, XXHASH3 and XXHASH128 of a body, as the `x-amz-checksum-<algorithm>` headers carry them (base64 of the
//! big-endian digest). Requests get one when the input names an algorithm or the operation
//! requires one; the client checks a response's when the input asks it to.
#![allow(dead_code)]

use base64::Engine as _;
use sha1::Digest as _;

use super::error::BuildError;

/// The algorithms this crate computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Algorithm {
    Crc32,
    Crc32c,
    Crc64Nvme,
    Sha1,
    Sha256,
    Sha512,
    Md5,
    Xxhash64,
    Xxhash3,
    Xxhash128,
}

/// Algorithms in the order the AWS SDKs prefer a response's checksum in.
pub(crate) const RESPONSE_ORDER: [Algorithm; 10] = [
    Algorithm::Crc64Nvme,
    Algorithm::Crc32,
    Algorithm::Crc32c,
    Algorithm::Sha256,
    Algorithm::Sha1,
    Algorithm::Sha512,
    Algorithm::Md5,
    Algorithm::Xxhash64,
    Algorithm::Xxhash3,
    Algorithm::Xxhash128,
];

impl Algorithm {
    /// The algorithm of a `ChecksumAlgorithm` value (`CRC32`, ...), case-insensitively.
    pub(crate) fn from_name(name: &str) -> Option<Self> {
        Some(match name.to_ascii_uppercase().as_str() {
            "CRC32" => Algorithm::Crc32,
            "CRC32C" => Algorithm::Crc32c,
            "CRC64NVME" => Algorithm::Crc64Nvme,
            "SHA1" => Algorithm::Sha1,
            "SHA256" => Algorithm::Sha256,
            "SHA512" => Algorithm::Sha512,
            "MD5" => Algorithm::Md5,
            "XXHASH64" => Algorithm::Xxhash64,
            "XXHASH3" => Algorithm::Xxhash3,
            "XXHASH128" => Algorithm::Xxhash128,
            _ => return None,
        })
    }

    /// The header the checksum travels in.
    pub(crate) fn header(self) -> &'static str {
        match self {
            Algorithm::Crc32 => "x-amz-checksum-crc32",
            Algorithm::Crc32c => "x-amz-checksum-crc32c",
            Algorithm::Crc64Nvme => "x-amz-checksum-crc64nvme",
            Algorithm::Sha1 => "x-amz-checksum-sha1",
            Algorithm::Sha256 => "x-amz-checksum-sha256",
            Algorithm::Sha512 => "x-amz-checksum-sha512",
            Algorithm::Md5 => "x-amz-checksum-md5",
            Algorithm::Xxhash64 => "x-amz-checksum-xxhash64",
            Algorithm::Xxhash3 => "x-amz-checksum-xxhash3",
            Algorithm::Xxhash128 => "x-amz-checksum-xxhash128",
        }
    }

    pub(crate) fn hasher(self) -> Hasher {
        match self {
            Algorithm::Crc32 => Hasher::Crc32(crc32fast::Hasher::new()),
            Algorithm::Crc32c => Hasher::Crc32c(0),
            Algorithm::Crc64Nvme => Hasher::Crc64Nvme(crc64fast_nvme::Digest::new()),
            Algorithm::Sha1 => Hasher::Sha1(sha1::Sha1::new()),
            Algorithm::Sha256 => Hasher::Sha256(sha2::Sha256::new()),
            Algorithm::Sha512 => Hasher::Sha512(sha2::Sha512::new()),
            Algorithm::Md5 => Hasher::Md5(::md5::Md5::new()),
            Algorithm::Xxhash64 => Hasher::Xxhash64(Box::new(xxhash_rust::xxh64::Xxh64::new(0))),
            Algorithm::Xxhash3 => Hasher::Xxhash3(Box::new(xxhash_rust::xxh3::Xxh3::new()), false),
            Algorithm::Xxhash128 => Hasher::Xxhash3(Box::new(xxhash_rust::xxh3::Xxh3::new()), true),
        }
    }

    /// The checksum of `bytes`, as its header carries it.
    pub(crate) fn checksum(self, bytes: &[u8]) -> String {
        let mut hasher = self.hasher();
        hasher.update(bytes);
        hasher.finish()
    }
}

/// A checksum being computed, chunk by chunk.
pub(crate) enum Hasher {
    Crc32(crc32fast::Hasher),
    Crc32c(u32),
    Crc64Nvme(crc64fast_nvme::Digest),
    Sha1(sha1::Sha1),
    Sha256(sha2::Sha256),
    Sha512(sha2::Sha512),
    Md5(::md5::Md5),
    Xxhash64(Box<xxhash_rust::xxh64::Xxh64>),
    /// XXH3, its 128-bit digest when the flag says so.
    Xxhash3(Box<xxhash_rust::xxh3::Xxh3>, bool),
}

impl Hasher {
    pub(crate) fn update(&mut self, bytes: &[u8]) {
        match self {
            Hasher::Crc32(hasher) => hasher.update(bytes),
            Hasher::Crc32c(crc) => *crc = crc32c::crc32c_append(*crc, bytes),
            Hasher::Crc64Nvme(digest) => digest.write(bytes),
            Hasher::Sha1(hasher) => hasher.update(bytes),
            Hasher::Sha256(hasher) => hasher.update(bytes),
            Hasher::Sha512(hasher) => hasher.update(bytes),
            Hasher::Md5(hasher) => hasher.update(bytes),
            Hasher::Xxhash64(hasher) => hasher.update(bytes),
            Hasher::Xxhash3(hasher, _) => hasher.update(bytes),
        }
    }

    /// Base64 of the big-endian digest.
    pub(crate) fn finish(self) -> String {
        let digest: Vec<u8> = match self {
            Hasher::Crc32(hasher) => hasher.finalize().to_be_bytes().to_vec(),
            Hasher::Crc32c(crc) => crc.to_be_bytes().to_vec(),
            Hasher::Crc64Nvme(digest) => digest.sum64().to_be_bytes().to_vec(),
            Hasher::Sha1(hasher) => hasher.finalize().to_vec(),
            Hasher::Sha256(hasher) => hasher.finalize().to_vec(),
            Hasher::Sha512(hasher) => hasher.finalize().to_vec(),
            Hasher::Md5(hasher) => hasher.finalize().to_vec(),
            Hasher::Xxhash64(hasher) => hasher.digest().to_be_bytes().to_vec(),
            Hasher::Xxhash3(hasher, false) => hasher.digest().to_be_bytes().to_vec(),
            Hasher::Xxhash3(hasher, true) => hasher.digest128().to_be_bytes().to_vec(),
        };
        base64::engine::general_purpose::STANDARD.encode(digest)
    }
}

/// The request checksum header, when one is wanted: the algorithm the input names (its
/// `x-amz-sdk-checksum-algorithm` header), else CRC32 when the operation requires a checksum;
/// none when a checksum header is set already (the caller computed it).
///
/// # Errors
///
/// An algorithm this crate does not compute.
pub(crate) fn request_checksum(
    mut request: http::request::Builder,
    algorithm: Option<&str>,
    required: bool,
    body: &[u8],
) -> Result<http::request::Builder, BuildError> {
    let has_one = request.headers_ref().is_some_and(super::request::has_checksum);
    let algorithm = match algorithm {
        _ if has_one => return Ok(request),
        Some(name) => Algorithm::from_name(name).ok_or_else(|| {
            BuildError::invalid(
                "ChecksumAlgorithm",
                format!("`{name}` is not an algorithm this crate computes (CRC32, CRC32C, CRC64NVME, SHA1, SHA256, SHA512, MD5, XXHASH64, XXHASH3, XXHASH128)"),
            )
        })?,
        None if required => {
            request = request.header("x-amz-sdk-checksum-algorithm", "CRC32");
            Algorithm::Crc32
        }
        None => return Ok(request),
    };
    Ok(request.header(algorithm.header(), algorithm.checksum(body)))
}

/// The checksum a response carries that this crate can check: the first of `RESPONSE_ORDER`
/// present, unless it is a multipart object's checksum of checksums (`…-N`), which no body
/// can be checked against.
pub(crate) fn response_checksum(headers: &http::HeaderMap) -> Option<(Algorithm, String)> {
    RESPONSE_ORDER.iter().find_map(|algorithm| {
        let value = headers.get(algorithm.header())?.to_str().ok()?;
        (!value.contains('-')).then(|| (*algorithm, value.to_owned()))
    })
}

/// Checks a whole body against the response's checksum (none to check is no error).
///
/// # Errors
///
/// The message says which checksum did not match.
pub(crate) fn check_body(headers: &http::HeaderMap, body: &[u8]) -> Result<(), String> {
    let Some((algorithm, expected)) = response_checksum(headers) else { return Ok(()) };
    let computed = algorithm.checksum(body);
    if computed == expected {
        Ok(())
    } else {
        Err(format!(
            "the body does not match its checksum: `{}` says {expected}, the body's is {computed}",
            algorithm.header()
        ))
    }
}

/// A body read as it comes, checked against the response's checksum at its end: the last
/// chunk is followed by an error instead of the end if they differ.
pub(crate) fn checked_stream(
    headers: &http::HeaderMap,
    body: Box<dyn super::response::BodySource>,
) -> Box<dyn super::response::BodySource> {
    match response_checksum(headers) {
        Some((algorithm, expected)) => {
            Box::new(Checked { body, algorithm, hasher: Some(algorithm.hasher()), expected })
        }
        None => body,
    }
}

struct Checked {
    body: Box<dyn super::response::BodySource>,
    algorithm: Algorithm,
    /// `None` once the end was checked.
    hasher: Option<Hasher>,
    expected: String,
}

impl super::response::BodySource for Checked {
    fn poll_chunk(&mut self, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<Result<bytes::Bytes, String>>> {
        use std::task::Poll;
        match self.body.poll_chunk(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                if let Some(hasher) = &mut self.hasher {
                    hasher.update(&chunk);
                }
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(None) => match self.hasher.take().map(Hasher::finish) {
                Some(computed) if computed != self.expected => Poll::Ready(Some(Err(format!(
                    "the body does not match its checksum: `{}` says {}, the body's is {computed}",
                    self.algorithm.header(),
                    self.expected
                )))),
                _ => Poll::Ready(None),
            },
            other => other,
        }
    }

    fn length(&self) -> Option<u64> {
        self.body.length()
    }
}

/// What the client takes from this file: function pointers, because the client runtime is in
/// every crate and this file only in crates with flexible checksums.
#[cfg(any(feature = "client", feature = "blocking"))]
pub(crate) const CLIENT: super::client::Checksums = super::client::Checksums {
    crc32: |body| Algorithm::Crc32.checksum(body),
    chunked_length,
    chunked,
    check_body,
    checked_stream,
};

/// Whether the client adds a checksum to a request whose input names none
/// ([`ConfigBuilder::request_checksum_calculation`](super::client::ConfigBuilder::request_checksum_calculation)).
#[cfg(any(feature = "client", feature = "blocking"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RequestChecksumCalculation {
    /// CRC32 for every operation that takes a checksum, as the AWS SDKs do by default.
    #[default]
    WhenSupported,
    /// Only where the operation requires one (and the algorithm the input names, always).
    WhenRequired,
}

/// Whether the client checks a response's checksum when the input does not ask for it
/// ([`ConfigBuilder::response_checksum_validation`](super::client::ConfigBuilder::response_checksum_validation)).
#[cfg(any(feature = "client", feature = "blocking"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ResponseChecksumValidation {
    /// For every operation that can return one: the request asks for it (`ChecksumMode`
    /// `ENABLED`), as the AWS SDKs do by default.
    #[default]
    WhenSupported,
    /// Only when the input's `ChecksumMode` asks for it.
    WhenRequired,
}

#[cfg(any(feature = "client", feature = "blocking"))]
impl super::client::ConfigBuilder {
    /// Whether a request whose input names no checksum algorithm gets a CRC32 checksum anyway
    /// (default: [`WhenSupported`](RequestChecksumCalculation::WhenSupported), as in the AWS
    /// SDKs). Unset, `build` reads `AWS_REQUEST_CHECKSUM_CALCULATION` (`when_supported`,
    /// `when_required`). Some S3-compatible stores reject checksums they do not know:
    /// `WhenRequired` sends them only where S3 requires one.
    pub fn request_checksum_calculation(mut self, when: RequestChecksumCalculation) -> Self {
        self.request_checksum_when_required = Some(when == RequestChecksumCalculation::WhenRequired);
        self
    }

    /// Whether a response's checksum is checked when the input does not ask for it (default:
    /// [`WhenSupported`](ResponseChecksumValidation::WhenSupported), as in the AWS SDKs). Unset,
    /// `build` reads `AWS_RESPONSE_CHECKSUM_VALIDATION`. A body that does not match fails: a
    /// whole one with a dispatch error, a streamed one at its end.
    pub fn response_checksum_validation(mut self, when: ResponseChecksumValidation) -> Self {
        self.response_checksum_when_required = Some(when == ResponseChecksumValidation::WhenRequired);
        self
    }

    /// Signs each 64 KiB chunk of a streamed S3 upload in a chain from the request's signature
    /// (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD`, `-TRAILER` with its checksum trailer signed
    /// last) instead of sending it unsigned (default: off; the AWS SDK for Rust signs them on
    /// an `http://` endpoint and not over TLS). For endpoints without TLS that insist on signed
    /// payloads. A body in memory is always signed with its hash.
    pub fn sign_streamed_chunks(mut self, sign: bool) -> Self {
        self.sign_chunks = sign;
        self
    }
}

/// The data chunk size of an `aws-chunked` body (the last one is shorter): fixed, so that the
/// encoded length is known before anything is sent, as S3 requires.
#[cfg(any(feature = "client", feature = "blocking"))]
const AWS_CHUNK: usize = 64 * 1024;

/// `;chunk-signature=` and a signature's 64 hex digits, after each chunk's size.
#[cfg(any(feature = "client", feature = "blocking"))]
const SIGNATURE_EXTENSION: u64 = 17 + 64;

/// The encoded length of an `aws-chunked` body of `length` bytes ([`chunked`]) and its
/// trailer's header: the checksum trailer of `algorithm` (none without one), the chunks
/// signed or not. `None` for an algorithm this crate does not compute.
#[cfg(any(feature = "client", feature = "blocking"))]
pub(crate) fn chunked_length(
    algorithm: Option<&str>,
    length: u64,
    signed: bool,
) -> Option<(u64, Option<&'static str>)> {
    let algorithm = match algorithm {
        Some(name) => Some(Algorithm::from_name(name)?),
        None => None,
    };
    let signature = if signed { SIGNATURE_EXTENSION } else { 0 };
    let chunk_line = |n: u64| format!("{n:x}").len() as u64 + signature + 2 + n + 2;
    let chunk = AWS_CHUNK as u64;
    let data = (length / chunk) * chunk_line(chunk) + if length % chunk > 0 { chunk_line(length % chunk) } else { 0 };
    let last = 1 + signature + 2;
    let trailer = algorithm.map_or(0, |algorithm| {
        let line = algorithm.header().len() as u64 + 1 + algorithm.checksum(b"").len() as u64 + 2;
        line + if signed { "x-amz-trailer-signature:".len() as u64 + 64 + 2 } else { 0 }
    });
    Some((data + last + trailer + 2, algorithm.map(Algorithm::header)))
}

/// A body that streams, sent `aws-chunked` ([`chunked_length`] says how long): data in
/// `AWS_CHUNK`-sized chunks, each signed in `signer`'s chain when there is one
/// (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD`), then the empty last chunk, then `algorithm`'s
/// checksum as a trailer (signed too) when there is one. What the client sends for a streamed
/// upload that could not be hashed up front.
#[cfg(any(feature = "client", feature = "blocking"))]
pub(crate) fn chunked(
    algorithm: Option<&str>,
    body: Box<dyn super::response::BodySource>,
    signer: Option<super::sigv4::ChunkSigner>,
) -> Box<dyn super::response::BodySource> {
    let trailer = algorithm.and_then(Algorithm::from_name).map(|algorithm| (algorithm, algorithm.hasher()));
    Box::new(AwsChunked { body, trailer, signer, pending: Vec::new(), ended: false, finished: false })
}

#[cfg(any(feature = "client", feature = "blocking"))]
struct AwsChunked {
    body: Box<dyn super::response::BodySource>,
    /// The checksum trailer's algorithm and its running hash; `None` once written.
    trailer: Option<(Algorithm, Hasher)>,
    signer: Option<super::sigv4::ChunkSigner>,
    pending: Vec<u8>,
    /// The body has ended.
    ended: bool,
    /// The last chunk and the trailer are written.
    finished: bool,
}

#[cfg(any(feature = "client", feature = "blocking"))]
impl AwsChunked {
    /// One encoded chunk of `data`: its size, its signature, the data; the empty last one
    /// without the data's line end (the trailer or the final empty line follows).
    fn chunk(&mut self, data: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(data.len() + 100);
        out.extend_from_slice(format!("{:x}", data.len()).as_bytes());
        if let Some(signer) = &mut self.signer {
            out.extend_from_slice(b";chunk-signature=");
            out.extend_from_slice(signer.chunk(data).as_bytes());
        }
        out.extend_from_slice(b"\r\n");
        if !data.is_empty() {
            out.extend_from_slice(data);
            out.extend_from_slice(b"\r\n");
        }
        out
    }

    /// The empty last chunk, the trailer (with its signature) and the empty line that ends it.
    fn finish(&mut self) -> Vec<u8> {
        let mut out = self.chunk(&[]);
        if let Some((algorithm, hasher)) = self.trailer.take() {
            let line = format!("{}:{}", algorithm.header(), hasher.finish());
            out.extend_from_slice(line.as_bytes());
            out.extend_from_slice(b"\r\n");
            if let Some(signer) = &mut self.signer {
                out.extend_from_slice(b"x-amz-trailer-signature:");
                out.extend_from_slice(signer.trailer(format!("{line}\n").as_bytes()).as_bytes());
                out.extend_from_slice(b"\r\n");
            }
        }
        out.extend_from_slice(b"\r\n");
        out
    }
}

#[cfg(any(feature = "client", feature = "blocking"))]
impl super::response::BodySource for AwsChunked {
    fn poll_chunk(&mut self, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<Result<bytes::Bytes, String>>> {
        use std::task::Poll;
        loop {
            if self.pending.len() >= AWS_CHUNK || (self.ended && !self.pending.is_empty()) {
                let take = self.pending.len().min(AWS_CHUNK);
                let data: Vec<u8> = self.pending.drain(..take).collect();
                return Poll::Ready(Some(Ok(bytes::Bytes::from(self.chunk(&data)))));
            }
            if self.ended {
                if self.finished {
                    return Poll::Ready(None);
                }
                self.finished = true;
                return Poll::Ready(Some(Ok(bytes::Bytes::from(self.finish()))));
            }
            match self.body.poll_chunk(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(data))) => {
                    if let Some((_, hasher)) = &mut self.trailer {
                        hasher.update(&data);
                    }
                    self.pending.extend_from_slice(&data);
                }
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(None) => self.ended = true,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The AWS SDKs' values for `Hello world` (smithy-rs's checksum tests; MD5 and SHA-512 from
    /// Python's hashlib).
    #[test]
    fn the_algorithms_give_the_sdks_values() {
        let data = b"Hello world";
        assert_eq!(Algorithm::Crc32.checksum(data), "i9aeUg==");
        assert_eq!(Algorithm::Crc32c.checksum(data), "crUfeA==");
        assert_eq!(Algorithm::Sha1.checksum(data), "e1AsOh9IyGCa4hLN+2Od7jlnP14=");
        assert_eq!(Algorithm::Sha256.checksum(data), "ZOyIygCyaOW6GjVnihtTFtIS9PNmskdyMlNKiuyjfzw=");
        assert_eq!(Algorithm::Crc64Nvme.checksum(data), "OOJZ0D8xKts=");
        // aws-checksums' vector for XXHASH64 (c500b0c912b376d8), big-endian like the rest.
        assert_eq!(Algorithm::Xxhash64.checksum(data), "xQCwyRKzdtg=");
        assert_eq!(Algorithm::Xxhash3.checksum(data), "tqy52Eo4/3Q=");
        assert_eq!(Algorithm::Xxhash128.checksum(data), "c1H4mBL5c4K5HQWzHgTdfw==");
        assert_eq!(Algorithm::Md5.checksum(data), "PiWWCnnbxptnTNTsZ6csYg==");
        assert_eq!(
            Algorithm::Sha512.checksum(data),
            "t/eDuu2Cl/DbkXRiGE/08I5pwtXl95qUJgD5cl9Yzh8pwYE5v4CwbA//K900c4RS7PQMSIwip+PYDN9vnBwNRw=="
        );
        let mut chunked = Algorithm::Sha256.hasher();
        chunked.update(b"Hello ");
        chunked.update(b"world");
        assert_eq!(chunked.finish(), Algorithm::Sha256.checksum(data));
    }

    /// The reference xxHash library's digests (xxHash 0.8.4 through PyPI's `xxhash`) of
    /// `(i * 31 + 7) as u8` bytes, at the lengths where XXH3 changes method (0, 1–3, 4–8, 9–16,
    /// 17–128, 129–240, longer, many stripes), whole and fed in uneven pieces: the crate must
    /// not merely agree with itself.
    #[test]
    fn the_xxhash_family_matches_the_reference_library() {
        let vectors = [
            (0, "LQaABTjTlMI=", "maoG0wFHmNhgAcMkRo1Jfw==", "70bbN1HY6Zk="),
            (1, "TFzKRdD0gR8=", "SVtiBz73DKRMXMpF0PSBHw==", "qWx/DOhYu7c="),
            (3, "FfcJOxc9AFw=", "RvZsuTU4FWUV9wk7Fz0AXA==", "VuaVdjKkh/k="),
            (4, "3KAS+VgRtrk=", "f+/u/7TQ6rO5h8pdkkFXKg==", "xg0VseP/jwQ="),
            (8, "3sappDV1mC4=", "gDxnWoRsxsJWu4Ns621Lqg==", "PaXHqiaWg+A="),
            (9, "y+OTOZ8X/70=", "1GVWhy0jDyJDdmc1gDEBVA==", "Sxepup4hXAk="),
            (16, "fkhMGNdIldA=", "ZQ/jCMVmdH34U92UYU36Bw==", "oZrUKbArxBM="),
            (17, "IIveXuK+1Ac=", "GCFzALUTLVp4w0n+gbLybA==", "/p8P637u3Ak="),
            (128, "+Stw6qIaYog=", "tPh7mdLbilEeBPrZ8MrLTQ==", "clpbmzvt/pQ="),
            (129, "+PdnE/K7YPo=", "aIFjNlDNiSTFG8iHl2rvYw==", "KPyDYmQ2J9c="),
            (240, "zMc3UXLEHwM=", "3leqsx53ov+T4XODP3WrZg==", "1DBSCuPtL8Y="),
            (241, "CztjCUjOSgA=", "krmRpxkvPwgLO2MJSM5KAA==", "0/UEltW/J+A="),
            (1024, "I7yIDr8NKcY=", "TBcnHJBt95IjvIgOvw0pxg==", "FJqkSXLNrgA="),
            (100_000, "zPkN9+fjcDY=", "jOeiTTHNlLHM+Q335+NwNg==", "OsnLxam3+EM="),
        ];
        for (len, xxh3, xxh128, xxh64) in vectors {
            let data: Vec<u8> = (0..len).map(|i: usize| (i.wrapping_mul(31).wrapping_add(7)) as u8).collect();
            for (algorithm, expected) in
                [(Algorithm::Xxhash3, xxh3), (Algorithm::Xxhash128, xxh128), (Algorithm::Xxhash64, xxh64)]
            {
                assert_eq!(algorithm.checksum(&data), expected, "{algorithm:?} of {len} bytes");
                let mut pieces = algorithm.hasher();
                for piece in data.chunks(37) {
                    pieces.update(piece);
                }
                assert_eq!(pieces.finish(), expected, "{algorithm:?} of {len} bytes in pieces");
            }
        }
    }

    #[test]
    fn a_request_gets_the_named_or_required_checksum() {
        let built = |algorithm, required| {
            let builder = request_checksum(http::Request::builder(), algorithm, required, b"Hello world").expect("ok");
            builder.body(()).expect("request").headers().clone()
        };
        assert_eq!(
            built(Some("SHA256"), false)["x-amz-checksum-sha256"],
            "ZOyIygCyaOW6GjVnihtTFtIS9PNmskdyMlNKiuyjfzw="
        );
        let required = built(None, true);
        assert_eq!(required["x-amz-checksum-crc32"], "i9aeUg==");
        assert_eq!(required["x-amz-sdk-checksum-algorithm"], "CRC32");
        assert!(built(None, false).is_empty());
        let preset = http::Request::builder().header("x-amz-checksum-crc32", "given");
        let kept = request_checksum(preset, Some("CRC32"), true, b"x").expect("ok").body(()).expect("request");
        assert_eq!(kept.headers()["x-amz-checksum-crc32"], "given");
        assert!(request_checksum(http::Request::builder(), Some("BLAKE3"), false, b"x").is_err());
        let mut headers = http::HeaderMap::new();
        headers.insert("x-amz-checksum-crc32", "AAAA-3".parse().expect("value"));
        headers.insert("x-amz-checksum-sha1", "e1AsOh9IyGCa4hLN+2Od7jlnP14=".parse().expect("value"));
        assert_eq!(
            response_checksum(&headers).map(|(a, _)| a),
            Some(Algorithm::Sha1),
            "a composite checksum is skipped"
        );
        assert!(check_body(&headers, b"Hello world").is_ok());
        assert!(check_body(&headers, b"Hello World").is_err());
        assert!(check_body(&http::HeaderMap::new(), b"anything").is_ok());
    }

    /// Bytes in memory as a source that gives them in pieces of `piece` bytes.
    struct Pieces(Vec<u8>, usize);

    impl super::super::response::BodySource for Pieces {
        fn poll_chunk(
            &mut self,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Result<bytes::Bytes, String>>> {
            if self.0.is_empty() {
                return std::task::Poll::Ready(None);
            }
            let rest = self.0.split_off(self.1.min(self.0.len()));
            std::task::Poll::Ready(Some(Ok(bytes::Bytes::from(std::mem::replace(&mut self.0, rest)))))
        }
    }

    /// Everything `body` yields.
    #[cfg(any(feature = "client", feature = "blocking"))]
    fn drain(mut body: Box<dyn super::super::response::BodySource>) -> Vec<u8> {
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        let mut out = Vec::new();
        while let std::task::Poll::Ready(Some(chunk)) = body.poll_chunk(&mut cx) {
            out.extend_from_slice(&chunk.expect("a chunk"));
        }
        out
    }

    #[cfg(any(feature = "client", feature = "blocking"))]
    #[test]
    fn aws_chunked_bodies_have_the_length_they_announce_and_their_checksum_last() {
        for (length, piece) in
            [(0_usize, 7_usize), (5, 3), (AWS_CHUNK, 1000), (AWS_CHUNK * 2 + 17, 65_000), (300_001, 1 << 20)]
        {
            let data: Vec<u8> = (0..length).map(|i| (i % 251) as u8).collect();
            let (encoded, header) = chunked_length(Some("crc32c"), length as u64, false).expect("CRC32C is computed");
            assert_eq!(header, Some("x-amz-checksum-crc32c"));
            let out = drain(chunked(Some("crc32c"), Box::new(Pieces(data.clone(), piece)), None));
            assert_eq!(out.len() as u64, encoded, "length {length}");
            let trailer = format!("0\r\nx-amz-checksum-crc32c:{}\r\n\r\n", Algorithm::Crc32c.checksum(&data));
            assert!(out.ends_with(trailer.as_bytes()), "length {length}");
            // The chunks decode back to the data; only the last is short.
            let mut decoded = Vec::new();
            let mut rest = &out[..];
            loop {
                let line = rest.iter().position(|b| *b == b'\r').expect("a size line");
                let size = usize::from_str_radix(std::str::from_utf8(&rest[..line]).expect("hex"), 16).expect("hex");
                if size == 0 {
                    break;
                }
                assert!(size == AWS_CHUNK || decoded.len() + size == length, "only the last chunk is short");
                decoded.extend_from_slice(&rest[line + 2..line + 2 + size]);
                rest = &rest[line + 2 + size + 2..];
            }
            assert!(decoded == data);
        }
        assert_eq!(chunked_length(Some("BLAKE3"), 4, false), None, "an algorithm it does not compute");
    }

    /// S3's published signed chunked uploads (see `sigv4.rs`' test of the same examples): the
    /// bodies byte for byte, and the lengths their `Content-Length` gives (66,824 and 66,946).
    #[cfg(any(feature = "client", feature = "blocking"))]
    #[test]
    fn signed_aws_chunked_bodies_are_s3_s_examples() {
        use std::time::{Duration, SystemTime};
        let identity = super::super::sigv4::Identity {
            access_key_id: "AKIAIOSFODNN7EXAMPLE",
            secret_access_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            session_token: None,
        };
        let scope = super::super::sigv4::Scope {
            region: "us-east-1",
            service: "s3",
            time: SystemTime::UNIX_EPOCH + Duration::from_secs(1_369_353_600),
            single_encode: true,
        };
        let signer = |seed: &str| Some(super::super::sigv4::ChunkSigner::new(seed.to_owned(), identity, scope));
        let data = vec![b'a'; 66_560];
        let expected = |signatures: [&str; 3], trailer: &str| {
            let mut body = format!("10000;chunk-signature={}\r\n", signatures[0]).into_bytes();
            body.extend_from_slice(&data[..65_536]);
            body.extend_from_slice(format!("\r\n400;chunk-signature={}\r\n", signatures[1]).as_bytes());
            body.extend_from_slice(&data[65_536..]);
            body.extend_from_slice(format!("\r\n0;chunk-signature={}\r\n{trailer}\r\n", signatures[2]).as_bytes());
            body
        };

        let plain = drain(chunked(
            None,
            Box::new(Pieces(data.clone(), 10_000)),
            signer("4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"),
        ));
        let signatures = [
            "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
            "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
            "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9",
        ];
        assert!(plain == expected(signatures, ""), "the plain example's body");
        assert_eq!(chunked_length(None, 66_560, true), Some((66_824, None)));
        assert_eq!(plain.len(), 66_824);

        let trailed = drain(chunked(
            Some("CRC32C"),
            Box::new(Pieces(data.clone(), 70_000)),
            signer("106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e"),
        ));
        let signatures = [
            "b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2",
            "1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7",
            "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992",
        ];
        let trailer = "x-amz-checksum-crc32c:sOO8/Q==\r\n\
                       x-amz-trailer-signature:d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435\r\n";
        assert!(trailed == expected(signatures, trailer), "the trailer example's body");
        assert_eq!(chunked_length(Some("CRC32C"), 66_560, true), Some((66_946, Some("x-amz-checksum-crc32c"))));
        assert_eq!(trailed.len(), 66_946);
    }
}
