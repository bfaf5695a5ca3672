//! `@requestCompression`: gzip request bodies that are large enough to gain from it.
#![allow(dead_code)]

use std::io::Write as _;

/// Bodies smaller than this are sent as they are (the AWS SDKs' default
/// `request_min_compression_size_bytes`).
pub(crate) const MIN_COMPRESSION_SIZE: usize = 10_240;

/// The body gzipped when it is at least [`MIN_COMPRESSION_SIZE`] bytes;
/// `None` when it is sent uncompressed.
pub(crate) fn gzip_if_large(body: &[u8]) -> Option<Vec<u8>> {
    if body.len() < MIN_COMPRESSION_SIZE {
        return None;
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(body).ok()?;
    encoder.finish().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    #[test]
    fn large_bodies_are_gzipped_and_small_ones_kept() {
        assert_eq!(gzip_if_large(b"small"), None);
        let body = vec![b'a'; MIN_COMPRESSION_SIZE];
        let gzipped = gzip_if_large(&body).expect("large enough");
        assert!(gzipped.len() < body.len());
        let mut decoded = Vec::new();
        flate2::read::GzDecoder::new(gzipped.as_slice()).read_to_end(&mut decoded).expect("valid gzip");
        assert_eq!(decoded, body);
    }
}
