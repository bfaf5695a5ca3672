//! One transfer through one client, as a child process of the driver runs it.
//!
//! Both clients are configured alike: region `us-east-1`, static credentials, the local
//! server as the endpoint URL, path-style addressing, and flexible checksums at both SDKs'
//! defaults (`WhenSupported`): an upload carries a CRC32 of every byte as an `aws-chunked`
//! trailer, and a download's checksum is checked when the server sends one (this one sends
//! none). On this `http://` endpoint the official SDK signs each 64 KiB chunk of a streamed
//! upload in a chain (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER`; over TLS it would send it
//! unsigned), so ours is set to do the same (`sign_streamed_chunks`).

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
    /// `CreateMultipartUpload`, an `UploadPart` of each `PART` bytes of the file, each streamed
    /// from its range of the file, then `CompleteMultipartUpload`.
    Multipart,
}

/// The part size of a multipart upload: 8 MiB, the official SDK's transfer manager's default.
pub const PART: u64 = 8 << 20;

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
        (What::Upload | What::Multipart, None) => return Err("an upload needs a FILE".to_owned()),
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
    use s3_all::operation::complete_multipart_upload::CompleteMultipartUploadInput;
    use s3_all::operation::create_multipart_upload::CreateMultipartUploadInput;
    use s3_all::operation::upload_part::UploadPartInput;
    use s3_all::operation::{get_object::GetObjectInput, put_object::PutObjectInput};
    use s3_all::primitives::ByteStream;
    use s3_all::types::{CompletedMultipartUpload, CompletedPart};

    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "SECRET", None))
        .endpoint_url(url)
        .force_path_style(true)
        // What the official SDK does on an `http://` endpoint (see the module's doc).
        .sign_streamed_chunks(true)
        // Per attempt; for a streamed body it bounds a stall, not the whole transfer.
        .timeout(Duration::from_secs(60))
        .build()?;
    let client = Client::new(config);
    let start = Instant::now();
    let bytes = match (what, file) {
        (What::Download, _) => {
            let input = GetObjectInput::builder().bucket(BUCKET).key(KEY).build()?;
            let mut output = client.get_object_with(input).await?;
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
            let output = client.put_object_with(input).await?;
            output.e_tag().ok_or("the upload's response has no ETag")?;
            bytes
        }
        (What::Multipart, Some(file)) => {
            let size = std::fs::metadata(file)?.len();
            let input = CreateMultipartUploadInput::builder().bucket(BUCKET).key(KEY).build()?;
            let upload = client.create_multipart_upload_with(input).await?;
            let upload_id = upload.upload_id().ok_or("no upload id")?.to_owned();
            let mut parts = Vec::new();
            let mut offset = 0;
            while offset < size {
                let length = PART.min(size - offset);
                let number = i32::try_from(offset / PART + 1)?;
                let body = ByteStream::from_path_range(file, offset, length).await?;
                let input = UploadPartInput::builder()
                    .bucket(BUCKET)
                    .key(KEY)
                    .upload_id(&upload_id)
                    .part_number(number)
                    .body(body)
                    .build()?;
                let part = client.upload_part_with(input).await?;
                let e_tag = part.e_tag().ok_or("the part's response has no ETag")?;
                parts.push(CompletedPart::builder().part_number(number).e_tag(e_tag).build());
                offset += length;
            }
            let input = CompleteMultipartUploadInput::builder()
                .bucket(BUCKET)
                .key(KEY)
                .upload_id(&upload_id)
                .multipart_upload(CompletedMultipartUpload::builder().set_parts(Some(parts)).build())
                .build()?;
            client.complete_multipart_upload_with(input).await?;
            size
        }
        (What::Upload | What::Multipart, None) => unreachable!("checked in `run`"),
    };
    Ok(Transfer { bytes, elapsed: start.elapsed() })
}

async fn official(what: What, url: &str, file: Option<&Path>) -> Result<Transfer, BoxError> {
    use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region};
    use aws_sdk_s3::primitives::{ByteStream, Length};
    use aws_sdk_s3::types::{CompletedMultipartUpload, CompletedPart};

    let config = aws_sdk_s3::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "stream-bench"))
        .endpoint_url(url)
        .force_path_style(true)
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
        (What::Multipart, Some(file)) => {
            let size = std::fs::metadata(file)?.len();
            let upload = client.create_multipart_upload().bucket(BUCKET).key(KEY).send().await?;
            let upload_id = upload.upload_id().ok_or("no upload id")?.to_owned();
            let mut parts = Vec::new();
            let mut offset = 0;
            while offset < size {
                let length = PART.min(size - offset);
                let number = i32::try_from(offset / PART + 1)?;
                let body =
                    ByteStream::read_from().path(file).offset(offset).length(Length::Exact(length)).build().await?;
                let part = client
                    .upload_part()
                    .bucket(BUCKET)
                    .key(KEY)
                    .upload_id(&upload_id)
                    .part_number(number)
                    .body(body)
                    .send()
                    .await?;
                let e_tag = part.e_tag().ok_or("the part's response has no ETag")?;
                parts.push(CompletedPart::builder().part_number(number).e_tag(e_tag).build());
                offset += length;
            }
            client
                .complete_multipart_upload()
                .bucket(BUCKET)
                .key(KEY)
                .upload_id(&upload_id)
                .multipart_upload(CompletedMultipartUpload::builder().set_parts(Some(parts)).build())
                .send()
                .await?;
            size
        }
        (What::Upload | What::Multipart, None) => unreachable!("checked in `run`"),
    };
    Ok(Transfer { bytes, elapsed: start.elapsed() })
}
