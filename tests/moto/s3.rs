//! S3 (restXml) through the generated client (crate `s3`, `client` feature) against moto at
//! `$MOTO_ENDPOINT`: the bucket goes where the endpoint rules put it (path style, for an IP
//! endpoint), every request is signed with `x-amz-content-sha256`, XML bodies and errors are
//! read, and `ListObjectsV2` pages with its continuation token. Run by
//! `tests/tests/moto_e2e.rs`; each test uses its own bucket.

#[macro_use]
mod common;

use s3::client::Client;
use s3::operation::create_bucket::CreateBucketInput;
use s3::operation::delete_bucket::DeleteBucketInput;
use s3::operation::delete_object::DeleteObjectInput;
use s3::operation::get_object::{GetObjectError, GetObjectInput};
use s3::operation::head_bucket::HeadBucketInput;
use s3::operation::head_object::{HeadObjectError, HeadObjectInput};
use s3::operation::list_objects_v2::ListObjectsV2Input;
use s3::operation::put_object::PutObjectInput;
use s3::primitives::ByteStream;

moto_client!(s3);

async fn create_bucket(client: &Client, bucket: &str) {
    let input = CreateBucketInput::builder().bucket(bucket).build().expect("input");
    client.create_bucket_with(input).await.expect("CreateBucket");
}

async fn put(client: &Client, bucket: &str, key: &str, body: &[u8]) {
    let input = PutObjectInput::builder()
        .bucket(bucket)
        .key(key)
        .content_type("text/plain")
        .body(body.to_vec())
        .build()
        .expect("input");
    let output = client.put_object_with(input).await.expect("PutObject");
    assert!(output.e_tag().is_some_and(|tag| !tag.is_empty()), "an ETag");
}

/// Put, head, get and delete one object, whose key needs percent-encoding.
#[tokio::test]
async fn put_head_get_and_delete_an_object() {
    let client = client();
    create_bucket(&client, "objects").await;
    let key = "dir/ünï cødé+a&b.txt";
    put(&client, "objects", key, b"hello, moto").await;

    let input = HeadObjectInput::builder().bucket("objects").key(key).build().expect("input");
    let head = client.head_object_with(input).await.expect("HeadObject");
    assert_eq!(head.content_length(), Some(11));
    assert_eq!(head.content_type(), Some("text/plain"));

    let input = GetObjectInput::builder().bucket("objects").key(key).build().expect("input");
    let object = client.get_object_with(input).await.expect("GetObject");
    assert_eq!(object.content_length(), Some(11));
    assert_eq!(object.e_tag(), head.e_tag());
    assert_eq!(object.body.collect().await.expect("the body"), &b"hello, moto"[..]);

    let input = DeleteObjectInput::builder().bucket("objects").key(key).build().expect("input");
    client.delete_object_with(input).await.expect("DeleteObject");
    let input = HeadObjectInput::builder().bucket("objects").key(key).build().expect("input");
    let error = client.head_object_with(input).await.expect_err("deleted");
    assert_eq!(error.status(), Some(404));
}

/// A missing key is the typed `NoSuchKey` (an XML error body); a missing key on HEAD, whose
/// response has no body, is `NotFound` by its status.
#[tokio::test]
async fn missing_keys_are_typed_errors() {
    let client = client();
    create_bucket(&client, "missing").await;
    let input = GetObjectInput::builder().bucket("missing").key("nope").build().expect("input");
    let error = client.get_object_with(input).await.expect_err("no such key");
    assert_eq!(error.status(), Some(404));
    match error.into_service_error() {
        Some(GetObjectError::NoSuchKey(e)) => {
            assert!(e.message().is_some_and(|m| !m.is_empty()), "the <Message> is kept")
        }
        other => panic!("expected NoSuchKey, got {other:?}"),
    }
    let input = HeadObjectInput::builder().bucket("missing").key("nope").build().expect("input");
    let error = client.head_object_with(input).await.expect_err("no such key");
    let error = error.into_service_error();
    assert!(matches!(error, Some(HeadObjectError::NotFound(_))), "{error:?}");
}

/// Five objects, two a page: the paginator sends each `NextContinuationToken` back as
/// `ContinuationToken` until a page is not truncated.
#[tokio::test]
async fn list_objects_v2_pages_with_continuation_tokens() {
    let client = client();
    create_bucket(&client, "listing").await;
    for i in 1..=5 {
        put(&client, "listing", &format!("k/{i}"), format!("body {i}").as_bytes()).await;
    }
    put(&client, "listing", "other", b"x").await;
    let input = ListObjectsV2Input::builder().bucket("listing").prefix("k/").max_keys(2).build().expect("input");
    let mut pages = client.list_objects_v2_paginator(input);
    let mut sizes = Vec::new();
    let mut keys = Vec::new();
    while let Some(page) = pages.next_page().await {
        let page = page.expect("ListObjectsV2 page");
        let contents = page.contents().unwrap_or_default();
        sizes.push(contents.len());
        keys.extend(contents.iter().filter_map(|object| object.key().map(str::to_owned)));
        assert_eq!(page.prefix(), Some("k/"));
    }
    assert_eq!(sizes, [2, 2, 1]);
    assert_eq!(keys, ["k/1", "k/2", "k/3", "k/4", "k/5"]);
}

/// A file uploads as it is read (`ByteStream::from_path`: its length up front, its bytes in
/// chunks, an unsigned payload) and downloads chunk by chunk, into a file through `AsyncRead`.
#[tokio::test]
async fn a_file_streams_up_and_down() {
    let client = client();
    create_bucket(&client, "streams").await;
    let dir = std::env::temp_dir().join(format!("moto-s3-streams-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let source = dir.join("up.bin");
    // 3 MiB of a pattern that a misplaced chunk would break.
    let bytes: Vec<u8> = (0..3u32 << 20).map(|i| (i % 251) as u8 ^ (i >> 16) as u8).collect();
    std::fs::write(&source, &bytes).expect("the file");

    let body = ByteStream::from_path(&source).await.expect("the file opens");
    assert_eq!(body.content_length(), Some(bytes.len() as u64));
    let input = PutObjectInput::builder().bucket("streams").key("big.bin").body(body).build().expect("input");
    client.put_object_with(input).await.expect("PutObject from a file");

    let input = GetObjectInput::builder().bucket("streams").key("big.bin").build().expect("input");
    let mut object = client.get_object_with(input).await.expect("GetObject");
    assert_eq!(object.content_length(), Some(bytes.len() as i64));
    assert_eq!(object.body.content_length(), Some(bytes.len() as u64), "the body knows what is still to come");
    let (mut chunks, mut read) = (0, Vec::new());
    while let Some(chunk) = object.body.next().await {
        read.extend_from_slice(&chunk.expect("a chunk"));
        chunks += 1;
    }
    assert!(chunks > 1, "the body came in chunks, not whole ({chunks})");
    assert!(read == bytes, "the download is the upload");

    let input = GetObjectInput::builder().bucket("streams").key("big.bin").build().expect("input");
    let object = client.get_object_with(input).await.expect("GetObject");
    let target = dir.join("down.bin");
    let mut file = tokio::fs::File::create(&target).await.expect("the target");
    let copied = tokio::io::copy(&mut object.body.into_async_read(), &mut file).await.expect("copied");
    assert_eq!(copied, bytes.len() as u64);
    assert!(std::fs::read(&target).expect("the copy") == bytes, "the copy is the upload");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Sends `request` over a plain TCP connection, as another program would (no SDK): the
/// status and the body.
fn send_raw(request: &http::Request<Vec<u8>>) -> (u16, Vec<u8>) {
    use std::io::{Read, Write};
    let authority = request.uri().authority().expect("an absolute URI").as_str().to_owned();
    let mut socket = std::net::TcpStream::connect(&authority).expect("connects");
    let mut head = format!(
        "{} {} HTTP/1.1\r\nconnection: close\r\ncontent-length: {}\r\n",
        request.method(),
        request.uri().path_and_query().expect("a path"),
        request.body().len()
    );
    for (name, value) in request.headers() {
        head.push_str(&format!("{name}: {}\r\n", value.to_str().expect("ASCII")));
    }
    head.push_str("\r\n");
    socket.write_all(head.as_bytes()).expect("sends");
    socket.write_all(request.body()).expect("sends");
    let mut response = Vec::new();
    socket.read_to_end(&mut response).expect("reads");
    let split = response.windows(4).position(|w| w == b"\r\n\r\n").expect("a head") + 4;
    let status = String::from_utf8_lossy(&response[9..12]).parse().expect("a status");
    (status, response[split..].to_vec())
}

/// A presigned GetObject and PutObject work from a client with no SDK and no credentials: the
/// signature is in the query, the headers are the request's own.
#[tokio::test]
async fn presigned_requests_work_without_the_sdk() {
    let client = client();
    create_bucket(&client, "presigned").await;
    put(&client, "presigned", "a b.txt", b"presigned body").await;

    let input = GetObjectInput::builder().bucket("presigned").key("a b.txt").build().expect("input");
    let request = client.presign_get_object(input, std::time::Duration::from_secs(300)).await.expect("presigns");
    let query = request.uri().query().unwrap_or_default();
    for param in ["X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Expires=300", "X-Amz-Signature=", "X-Amz-Credential="] {
        assert!(query.contains(param), "{param} in {query}");
    }
    assert!(request.headers().get("authorization").is_none(), "the signature is in the query");
    let (status, body) = send_raw(&request);
    assert_eq!((status, body.as_slice()), (200, &b"presigned body"[..]));

    let input = PutObjectInput::builder().bucket("presigned").key("up.txt").build().expect("input");
    let request = client.presign_put_object(input, std::time::Duration::from_secs(60)).await.expect("presigns");
    assert_eq!(request.method(), http::Method::PUT);
    let mut upload = request.map(|_| b"uploaded without the SDK".to_vec());
    upload.headers_mut().remove("content-length");
    let (status, _) = send_raw(&upload);
    assert_eq!(status, 200);
    let input = GetObjectInput::builder().bucket("presigned").key("up.txt").build().expect("input");
    let object = client.get_object_with(input).await.expect("GetObject");
    assert_eq!(object.body.collect().await.expect("the body"), &b"uploaded without the SDK"[..]);

    let input = GetObjectInput::builder().bucket("presigned").key("x").build().expect("input");
    let error = client.presign_get_object(input, std::time::Duration::from_secs(8 * 24 * 3600)).await;
    assert!(matches!(error, Err(s3::client::SdkError::Build(_))), "more than 7 days is refused");
}

/// A multipart upload of a 64 MiB file in 8 MiB parts, each part streamed from its range of
/// the file (`ByteStream::from_path_range`) with its CRC32 as a trailer, completed with the
/// parts' checksums, then a streamed download of the whole object, its checksum checked where
/// the server gives one for the whole object.
#[tokio::test]
async fn a_multipart_upload_streams_each_part_from_the_file() {
    use s3::operation::complete_multipart_upload::CompleteMultipartUploadInput;
    use s3::operation::create_multipart_upload::CreateMultipartUploadInput;
    use s3::operation::upload_part::UploadPartInput;
    use s3::types::{ChecksumAlgorithm, ChecksumMode, CompletedMultipartUpload, CompletedPart};

    const PART: u64 = 8 << 20;
    let client = client();
    create_bucket(&client, "multipart").await;
    let path = std::env::temp_dir().join(format!("moto-s3-multipart-{}.bin", std::process::id()));
    let bytes: Vec<u8> = (0..64u32 << 20).map(|i| (i % 253) as u8 ^ (i >> 20) as u8).collect();
    std::fs::write(&path, &bytes).expect("the file");

    let input = CreateMultipartUploadInput::builder()
        .bucket("multipart")
        .key("big")
        .checksum_algorithm(ChecksumAlgorithm::Crc32)
        .build()
        .expect("input");
    let upload = client.create_multipart_upload_with(input).await.expect("CreateMultipartUpload");
    let upload_id = upload.upload_id().expect("an upload id").to_owned();
    let mut parts = Vec::new();
    let mut offset = 0;
    while offset < bytes.len() as u64 {
        let length = PART.min(bytes.len() as u64 - offset);
        let number = (offset / PART) as i32 + 1;
        let body = ByteStream::from_path_range(&path, offset, length).await.expect("the range");
        assert_eq!(body.content_length(), Some(length));
        let input = UploadPartInput::builder()
            .bucket("multipart")
            .key("big")
            .upload_id(&upload_id)
            .part_number(number)
            .checksum_algorithm(ChecksumAlgorithm::Crc32)
            .body(body)
            .build()
            .expect("input");
        let part = client.upload_part_with(input).await.expect("UploadPart");
        let checksum = part.checksum_crc32().expect("the part's trailing checksum reached the server").to_owned();
        parts.push(
            CompletedPart::builder()
                .part_number(number)
                .e_tag(part.e_tag().expect("an ETag"))
                .checksum_crc32(checksum)
                .build(),
        );
        offset += length;
    }
    assert_eq!(parts.len(), 8);
    let input = CompleteMultipartUploadInput::builder()
        .bucket("multipart")
        .key("big")
        .upload_id(&upload_id)
        .multipart_upload(CompletedMultipartUpload::builder().set_parts(Some(parts)).build())
        .build()
        .expect("input");
    client.complete_multipart_upload_with(input).await.expect("CompleteMultipartUpload");

    let input = GetObjectInput::builder()
        .bucket("multipart")
        .key("big")
        .checksum_mode(ChecksumMode::Enabled)
        .build()
        .expect("input");
    let mut object = client.get_object_with(input).await.expect("GetObject");
    let mut read = Vec::new();
    while let Some(chunk) = object.body.next().await {
        read.extend_from_slice(&chunk.expect("a chunk (and, at the end, a matching checksum)"));
    }
    assert!(read == bytes, "the object is the file, part after part");
    let _ = std::fs::remove_file(&path);
}

/// Flexible checksums with a real server: a SHA-256 goes up with the object, and a download
/// that asks for its checksum gets it back and checks it.
#[tokio::test]
async fn checksums_round_trip_through_the_server() {
    use s3::types::{ChecksumAlgorithm, ChecksumMode};
    let client = client();
    create_bucket(&client, "checksums").await;
    let input = PutObjectInput::builder()
        .bucket("checksums")
        .key("c")
        .checksum_algorithm(ChecksumAlgorithm::Sha256)
        .body(b"Hello world".to_vec())
        .build()
        .expect("input");
    client.put_object_with(input).await.expect("PutObject with a checksum");
    let input = GetObjectInput::builder()
        .bucket("checksums")
        .key("c")
        .checksum_mode(ChecksumMode::Enabled)
        .build()
        .expect("input");
    let object = client.get_object_with(input).await.expect("GetObject");
    assert_eq!(object.checksum_sha256(), Some("ZOyIygCyaOW6GjVnihtTFtIS9PNmskdyMlNKiuyjfzw="), "the server kept it");
    assert_eq!(object.body.collect().await.expect("the checksum matches"), &b"Hello world"[..]);
}

/// A body that streams names its algorithm and is sent `aws-chunked` with the checksum as a
/// trailer; the server keeps the checksum, and the checked download matches it.
#[tokio::test]
async fn a_streamed_upload_sends_its_checksum_as_a_trailer() {
    use s3::types::{ChecksumAlgorithm, ChecksumMode};
    let client = client();
    create_bucket(&client, "trailers").await;
    let path = std::env::temp_dir().join(format!("moto-s3-trailer-{}.bin", std::process::id()));
    let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 241) as u8).collect();
    std::fs::write(&path, &bytes).expect("the file");
    let body = ByteStream::from_path(&path).await.expect("opens");
    let input = PutObjectInput::builder()
        .bucket("trailers")
        .key("t")
        .checksum_algorithm(ChecksumAlgorithm::Crc32)
        .body(body)
        .build()
        .expect("input");
    client.put_object_with(input).await.expect("PutObject, aws-chunked");
    let input = GetObjectInput::builder()
        .bucket("trailers")
        .key("t")
        .checksum_mode(ChecksumMode::Enabled)
        .build()
        .expect("input");
    let object = client.get_object_with(input).await.expect("GetObject");
    assert!(object.checksum_crc32().is_some(), "the server kept the trailer's checksum");
    assert!(object.body.collect().await.expect("the checksum matches") == bytes, "the object is the file");
    let _ = std::fs::remove_file(&path);
}

/// The `BucketExists` and `BucketNotExists` waiters (`HeadBucket` succeeds; then fails with
/// `NotFound`).
#[tokio::test]
async fn bucket_waiters_see_the_bucket_come_and_go() {
    let client = client();
    create_bucket(&client, "waited").await;
    let head = || HeadBucketInput::builder().bucket("waited").build().expect("input");
    let max_wait = std::time::Duration::from_secs(60);
    let exists = client.wait_until_bucket_exists(head(), max_wait).await.expect("the bucket exists");
    assert_eq!(exists.attempts(), 1);
    let input = DeleteBucketInput::builder().bucket("waited").build().expect("input");
    client.delete_bucket_with(input).await.expect("DeleteBucket");
    let gone = client.wait_until_bucket_not_exists(head(), max_wait).await.expect("the bucket is gone");
    assert_eq!(gone.attempts(), 1);
    assert!(gone.output().is_none(), "it succeeded on the error");
}
