//! Reads stdin as the body of a ListObjectsV2 200 and of a GetObject 200, and prints what it
//! read, through the SDK's own response deserializers (from the operations' runtime plugins).
use aws_sdk_s3::operation::{get_object, list_objects_v2};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::runtime_plugin::RuntimePlugin;
use aws_smithy_runtime_api::client::ser_de::{DeserializeResponse, SharedResponseDeserializer};
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::ConfigBag;
use std::io::Read;

fn bag(layer: aws_smithy_types::config_bag::FrozenLayer) -> ConfigBag {
    let mut bag = ConfigBag::base();
    bag.push_shared_layer(layer);
    bag
}

fn main() {
    let mut body = Vec::new();
    std::io::stdin().read_to_end(&mut body).expect("stdin");
    let body = bytes::Bytes::from(body);
    let cfg = ConfigBag::base();

    let list = bag(list_objects_v2::ListObjectsV2::new().config().expect("layer"));
    let de = list.load::<SharedResponseDeserializer>().expect("deserializer");
    let response = http::Response::builder().status(200).body(SdkBody::from(body.clone())).expect("response");
    let response = HttpResponse::try_from(response).expect("response");
    match de.deserialize_nonstreaming_with_config(&response, &cfg) {
        Ok(out) => {
            let out = out.downcast::<list_objects_v2::ListObjectsV2Output>().expect("output");
            println!("{} keys", out.contents().len());
        }
        Err(e) => println!("ListObjectsV2: {e:?}"),
    }

    let get = bag(get_object::GetObject::new().config().expect("layer"));
    let de = get.load::<SharedResponseDeserializer>().expect("deserializer");
    let response = http::Response::builder()
        .status(200)
        .header("content-type", "application/octet-stream")
        .header("etag", "\"abc\"")
        .header("last-modified", "Wed, 02 Dec 2026 03:00:00 GMT")
        .body(SdkBody::from(body))
        .expect("response");
    let mut response = HttpResponse::try_from(response).expect("response");
    let result = match de.deserialize_streaming_with_config(&mut response, &cfg) {
        Some(result) => result,
        None => de.deserialize_nonstreaming_with_config(&response, &cfg),
    };
    match result {
        Ok(out) => {
            let out = out.downcast::<get_object::GetObjectOutput>().expect("output");
            let len = out.body.bytes().map_or(0, <[u8]>::len);
            println!("{len} bytes, etag {:?}", out.e_tag());
        }
        Err(e) => println!("GetObject: {e:?}"),
    }
}
