//! Reads stdin as the body of a ListObjectsV2 200 and of a GetObject 200, and prints what it read.
use s3_all::operation::{get_object, list_objects_v2};
use std::io::Read;

fn main() {
    let mut body = Vec::new();
    std::io::stdin().read_to_end(&mut body).expect("stdin");
    let response = http::Response::builder().status(200).body(&body[..]).expect("response");
    match list_objects_v2::deserialize_response(&response) {
        Ok(out) => println!("{} keys", out.contents().map_or(0, <[_]>::len)),
        Err(e) => println!("ListObjectsV2: {e}"),
    }
    let response = http::Response::builder()
        .status(200)
        .header("content-type", "application/octet-stream")
        .header("etag", "\"abc\"")
        .header("last-modified", "Wed, 02 Dec 2026 03:00:00 GMT")
        .body(&body[..])
        .expect("response");
    match get_object::deserialize_response(&response) {
        Ok(out) => println!("{} bytes, etag {:?}", out.body().as_ref().len(), out.e_tag()),
        Err(e) => println!("GetObject: {e}"),
    }
}
