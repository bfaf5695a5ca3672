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
    let has_one = request.headers_ref().is_some_and(|headers| {
        headers.keys().any(|name| name.as_str().starts_with("x-amz-checksum-") && name != "x-amz-checksum-mode")
    });
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

/// The data chunk size of an `aws-chunked` body (the last one is shorter): fixed, so that the
/// encoded length is known before anything is sent, as S3 requires.
const AWS_CHUNK: usize = 64 * 1024;

/// A body that streams, sent `aws-chunked` with its checksum as a trailer: what the client sends
/// for an input that names an algorithm (`x-amz-sdk-checksum-algorithm`) but whose body could
/// not be hashed up front. Returns the encoded body, its length, and the trailer's header name;
/// the body back, unchanged, for an algorithm this crate does not compute.
#[allow(clippy::type_complexity)]
pub(crate) fn trailing(
    algorithm: &str,
    body: Box<dyn super::response::BodySource>,
    length: u64,
) -> Result<(Box<dyn super::response::BodySource>, u64, &'static str), Box<dyn super::response::BodySource>> {
    let Some(algorithm) = Algorithm::from_name(algorithm) else { return Err(body) };
    let chunk = AWS_CHUNK as u64;
    let chunk_line = |n: u64| format!("{n:x}").len() as u64 + 2 + n + 2;
    let full = length / chunk;
    let rest = length % chunk;
    let trailer = algorithm.header().len() as u64 + 1 + algorithm.checksum(b"").len() as u64 + 2;
    let encoded = full * chunk_line(chunk) + if rest > 0 { chunk_line(rest) } else { 0 } + 3 + trailer + 2;
    let chunked = AwsChunked { body, algorithm, hasher: Some(algorithm.hasher()), pending: Vec::new(), ended: false };
    Ok((Box::new(chunked), encoded, algorithm.header()))
}

/// [`trailing`]'s encoder: data in `AWS_CHUNK`-sized chunks, then `0`, the checksum trailer
/// and the empty line.
struct AwsChunked {
    body: Box<dyn super::response::BodySource>,
    algorithm: Algorithm,
    /// `None` once the trailer is written.
    hasher: Option<Hasher>,
    pending: Vec<u8>,
    ended: bool,
}

impl AwsChunked {
    /// One encoded data chunk of `data`.
    fn chunk(data: &[u8]) -> bytes::Bytes {
        let mut out = Vec::with_capacity(data.len() + 12);
        out.extend_from_slice(format!("{:x}\r\n", data.len()).as_bytes());
        out.extend_from_slice(data);
        out.extend_from_slice(b"\r\n");
        bytes::Bytes::from(out)
    }
}

impl super::response::BodySource for AwsChunked {
    fn poll_chunk(&mut self, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<Result<bytes::Bytes, String>>> {
        use std::task::Poll;
        loop {
            if self.pending.len() >= AWS_CHUNK || (self.ended && !self.pending.is_empty()) {
                let take = self.pending.len().min(AWS_CHUNK);
                let data: Vec<u8> = self.pending.drain(..take).collect();
                return Poll::Ready(Some(Ok(Self::chunk(&data))));
            }
            if self.ended {
                let Some(hasher) = self.hasher.take() else { return Poll::Ready(None) };
                let trailer = format!("0\r\n{}:{}\r\n\r\n", self.algorithm.header(), hasher.finish());
                return Poll::Ready(Some(Ok(bytes::Bytes::from(trailer))));
            }
            match self.body.poll_chunk(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(data))) => {
                    if let Some(hasher) = &mut self.hasher {
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

    #[test]
    fn aws_chunked_bodies_have_the_length_they_announce_and_their_checksum_last() {
        for (length, piece) in
            [(0_usize, 7_usize), (5, 3), (AWS_CHUNK, 1000), (AWS_CHUNK * 2 + 17, 65_000), (300_001, 1 << 20)]
        {
            let data: Vec<u8> = (0..length).map(|i| (i % 251) as u8).collect();
            let (mut body, encoded, header) =
                match trailing("crc32c", Box::new(Pieces(data.clone(), piece)), length as u64) {
                    Ok(encoded) => encoded,
                    Err(_) => panic!("CRC32C is computed"),
                };
            assert_eq!(header, "x-amz-checksum-crc32c");
            let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
            let mut out = Vec::new();
            while let std::task::Poll::Ready(Some(chunk)) = body.poll_chunk(&mut cx) {
                out.extend_from_slice(&chunk.expect("a chunk"));
            }
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
        // An algorithm it does not compute gives the body back, whole.
        let Err(mut back) = trailing("BLAKE3", Box::new(Pieces(b"kept".to_vec(), 2)), 4) else {
            panic!("BLAKE3 is not computed")
        };
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        let mut kept = Vec::new();
        while let std::task::Poll::Ready(Some(chunk)) = back.poll_chunk(&mut cx) {
            kept.extend_from_slice(&chunk.expect("a chunk"));
        }
        assert_eq!(kept, b"kept");
    }
}
