//! One transfer through one client, as a child process of the driver runs it.
//!
//! Both clients are configured alike: region `us-east-1`, static credentials, the local
//! server as the endpoint URL, path-style addressing, and no flexible checksums. Ours does not
//! compute or validate CRC32/CRC64 checksums yet, so the official SDK is set to
//! `WhenRequired` for both (its defaults, `WhenSupported`, would CRC every uploaded byte,
//! send the upload `aws-chunked`, and check the download's checksum when the server sent one).
//! Both sign a streamed upload `UNSIGNED-PAYLOAD` (no SHA-256 pass over the file).

use std::error::Error;
use std::path::Path;
use std::time::{Duration, Instant};

/// The bucket and key every request names (the server ignores them).
const BUCKET: &str = "stream-bench";
const KEY: &str = "object-1GiB";

/// Whose client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// `s3-all` with the `client` feature: the generated crate.
    Ours,
    /// `aws-sdk-s3`, default features, `BehaviorVersion::latest()` (its hyper 1 HTTPS client).
    Official,
}

/// Which way the bytes go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    /// `GetObject`: the body read chunk by chunk, counted and dropped.
    Download,
    /// `PutObject`: the body streamed from a file.
    Upload,
}

/// A transfer's outcome: bytes moved and the wall time of the call (client already built;
/// from sending the request to the last body byte read, or to the upload's response).
pub struct Transfer {
    pub bytes: u64,
    pub elapsed: Duration,
}

type BoxError = Box<dyn Error + Send + Sync>;

/// An error and all its sources on one line: the SDKs' `Display` alone is often just
/// "service error" or "dispatch failure".
pub fn chain(error: &(dyn Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Runs one transfer. `file` is the file to upload (unused for a download).
pub async fn run(who: Who, what: What, url: &str, file: Option<&Path>) -> Result<Transfer, String> {
    let file = match (what, file) {
        (What::Upload, None) => return Err("an upload needs a FILE".to_owned()),
        (_, file) => file,
    };
    let result = match who {
        Who::Ours => ours(what, url, file).await,
        Who::Official => official(what, url, file).await,
    };
    result.map_err(|error| chain(&*error))
}

async fn ours(what: What, url: &str, file: Option<&Path>) -> Result<Transfer, BoxError> {
    use s3_all::client::{Client, Config, Credentials};
    use s3_all::operation::{get_object::GetObjectInput, put_object::PutObjectInput};
    use s3_all::primitives::ByteStream;

    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "SECRET", None))
        .endpoint_url(url)
        .force_path_style(true)
        // Per attempt; for a streamed body it bounds a stall, not the whole transfer.
        .timeout(Duration::from_secs(60))
        .build()?;
    let client = Client::new(config);
    let start = Instant::now();
    let bytes = match (what, file) {
        (What::Download, _) => {
            let input = GetObjectInput::builder().bucket(BUCKET).key(KEY).build()?;
            let mut output = client.get_object(input).await?;
            let mut bytes = 0_u64;
            while let Some(chunk) = output.body.next().await {
                bytes += chunk?.len() as u64;
            }
            bytes
        }
        (What::Upload, Some(file)) => {
            let body = ByteStream::from_path(file).await?;
            let bytes = body.content_length().ok_or("a file stream knows its length")?;
            let input = PutObjectInput::builder().bucket(BUCKET).key(KEY).body(body).build()?;
            let output = client.put_object(input).await?;
            output.e_tag().ok_or("the upload's response has no ETag")?;
            bytes
        }
        (What::Upload, None) => unreachable!("checked in `run`"),
    };
    Ok(Transfer { bytes, elapsed: start.elapsed() })
}

async fn official(what: What, url: &str, file: Option<&Path>) -> Result<Transfer, BoxError> {
    use aws_sdk_s3::config::{
        BehaviorVersion, Credentials, Region, RequestChecksumCalculation, ResponseChecksumValidation,
    };
    use aws_sdk_s3::primitives::ByteStream;

    let config = aws_sdk_s3::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "stream-bench"))
        .endpoint_url(url)
        .force_path_style(true)
        // Ours computes no flexible checksums yet: see the module's doc.
        .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
        .response_checksum_validation(ResponseChecksumValidation::WhenRequired)
        .build();
    let client = aws_sdk_s3::Client::from_conf(config);
    let start = Instant::now();
    let bytes = match (what, file) {
        (What::Download, _) => {
            let mut output = client.get_object().bucket(BUCKET).key(KEY).send().await?;
            let mut bytes = 0_u64;
            while let Some(chunk) = output.body.next().await {
                bytes += chunk?.len() as u64;
            }
            bytes
        }
        (What::Upload, Some(file)) => {
            let body = ByteStream::from_path(file).await?;
            let bytes = body.size_hint().1.ok_or("a file stream knows its length")?;
            let output = client.put_object().bucket(BUCKET).key(KEY).body(body).send().await?;
            output.e_tag().ok_or("the upload's response has no ETag")?;
            bytes
        }
        (What::Upload, None) => unreachable!("checked in `run`"),
    };
    Ok(Transfer { bytes, elapsed: start.elapsed() })
}
