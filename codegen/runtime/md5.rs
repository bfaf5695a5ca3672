//! `Content-MD5` for `@httpChecksumRequired` operations (S3 Control's, for one): the base64 of
//! the body's MD5 digest, computed by the RustCrypto `md-5` crate.

use ::md5::{Digest, Md5};
use base64::Engine as _;

/// The `Content-MD5` header value of `body`.
pub(crate) fn content_md5(body: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(Md5::digest(body))
}

#[cfg(test)]
mod tests {
    use super::content_md5;

    #[test]
    fn digests_as_rfc_1864_says() {
        // RFC 1321's test vectors, base64-encoded.
        assert_eq!(content_md5(b""), "1B2M2Y8AsgTpgAmY7PhCfg==");
        assert_eq!(content_md5(b"abc"), "kAFQmDzST7DWlj99KOF/cg==");
    }
}
