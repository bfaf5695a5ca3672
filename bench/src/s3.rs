//! S3 `ListObjectsV2`: a 200 response listing 1,000 keys, read by ours
//! (`s3_all::operation::list_objects_v2::deserialize_response`) and by the official SDK's own
//! response deserializer (`aws_sdk_s3`), on the same bytes and headers.

use std::fmt::Write as _;
use std::hint::black_box;

use aws_sdk_s3 as official;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::runtime_plugin::RuntimePlugin;
use aws_smithy_runtime_api::client::ser_de::{DeserializeResponse, SharedResponseDeserializer};
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::ConfigBag;
use s3_all as ours;

/// Number of keys in each body (S3's page size, `max-keys` default).
pub const KEYS: usize = 1000;

/// A 64-bit mix (splitmix64): the deterministic source of ETags, sizes and dates.
fn mix(i: u64) -> u64 {
    let mut z = i.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A `ListBucketResult` of [`KEYS`] objects as S3 sends it (one line, elements in S3's order:
/// Key, LastModified, ETag with its quotes as `&quot;`, ChecksumAlgorithm, ChecksumType, Size,
/// Owner when `fetch-owner=true`, StorageClass), built deterministically.
pub fn list_body(with_owner: bool) -> String {
    let mut s = String::with_capacity(400 * KEYS);
    s.push_str(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    s.push('\n');
    s.push_str(r#"<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#);
    s.push_str("<Name>amzn-s3-demo-bucket</Name><Prefix>logs/</Prefix>");
    s.push_str("<NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>");
    write!(s, "<KeyCount>{KEYS}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>true</IsTruncated>").unwrap();
    for i in 0..KEYS as u64 {
        let h = mix(i);
        let (h2, h3) = (mix(h), mix(h ^ 0x5555));
        // 2024-01-01T00:00:00Z plus up to ~1 year, millisecond precision as S3 sends.
        let t = 1_704_067_200 + h % 31_536_000;
        let (days, rem) = (t / 86_400, t % 86_400);
        let (y, m, d) = civil_from_days(days as i64);
        write!(
            s,
            "<Contents><Key>logs/2024/{m:02}/{d:02}/app-{i:06}-{:08x}.json.gz</Key>\
             <LastModified>{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z</LastModified>\
             <ETag>&quot;{h2:016x}{h3:016x}&quot;</ETag>\
             <ChecksumAlgorithm>CRC64NVME</ChecksumAlgorithm><ChecksumType>FULL_OBJECT</ChecksumType>\
             <Size>{}</Size>",
            h as u32,
            rem / 3600,
            rem / 60 % 60,
            rem % 60,
            h2 % 1000,
            h3 % 50_000_000,
        )
        .unwrap();
        if with_owner {
            s.push_str(
                "<Owner><ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID>\
                 <DisplayName>webfile</DisplayName></Owner>",
            );
        }
        let class = match h % 10 {
            0..=6 => "STANDARD",
            7 | 8 => "STANDARD_IA",
            _ => "GLACIER_IR",
        };
        write!(s, "<StorageClass>{class}</StorageClass></Contents>").unwrap();
    }
    s.push_str("</ListBucketResult>");
    s
}

/// Days since 1970-01-01 to (year, month, day) (Howard Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (era * 400 + yoe + i64::from(m <= 2), m, d)
}

/// The two bodies with their names, leaked so that both sides borrow the same `'static` bytes.
pub fn bodies() -> [(&'static str, &'static str); 2] {
    [
        ("list1000", Box::leak(list_body(false).into_boxed_str())),
        ("list1000_owner", Box::leak(list_body(true).into_boxed_str())),
    ]
}

/// The headers S3 sends with a ListObjectsV2 200 (same on both sides).
const HEADERS: [(&str, &str); 6] = [
    ("x-amz-id-2", "Zb4Bvx3h3yCTzXMd3m5pLXQJUHnN3LmmN6v0nnoYEV3pbgxgP3nNmnMU0NlsyK2RvJ+G6tf4dgM="),
    ("x-amz-request-id", "8R9J7XWZ4PNJ2NTE"),
    ("date", "Wed, 02 Dec 2026 03:00:00 GMT"),
    ("x-amz-bucket-region", "us-east-1"),
    ("content-type", "application/xml"),
    ("server", "AmazonS3"),
];

fn builder() -> http::response::Builder {
    HEADERS
        .iter()
        .fold(http::Response::builder().status(200), |b, (k, v)| b.header(*k, *v))
}

/// Ours: a prebuilt `http::Response<&[u8]>`.
pub fn ours_response(body: &'static str) -> http::Response<&'static [u8]> {
    builder().body(body.as_bytes()).expect("valid response")
}

/// Ours, parse only.
#[inline(never)]
pub fn ours_deserialize(
    response: &http::Response<&'static [u8]>,
) -> ours::operation::list_objects_v2::ListObjectsV2Output {
    ours::operation::list_objects_v2::deserialize_response(black_box(response)).expect("parses")
}

/// The official SDK's response deserializer for ListObjectsV2, from the config layer of its
/// public `operation::list_objects_v2::ListObjectsV2` runtime plugin (what the orchestrator calls).
pub fn official_deserializer() -> ConfigBag {
    let layer = official::operation::list_objects_v2::ListObjectsV2::new()
        .config()
        .expect("ListObjectsV2's runtime plugin has a config layer");
    let mut bag = ConfigBag::base();
    bag.push_shared_layer(layer);
    bag
}

/// The deserializer in the bag that [`official_deserializer`] made.
pub fn deserializer_of(bag: &ConfigBag) -> &SharedResponseDeserializer {
    bag.load::<SharedResponseDeserializer>()
        .expect("ListObjectsV2 registers a response deserializer")
}

/// Official: a prebuilt `HttpResponse` over the same bytes (no copy).
pub fn official_response(body: &'static str) -> HttpResponse {
    let response = builder()
        .body(SdkBody::from(bytes::Bytes::from_static(body.as_bytes())))
        .expect("valid response");
    HttpResponse::try_from(response).expect("valid response")
}

/// Official, parse only: `deserialize_nonstreaming_with_config` (which also checks for S3's
/// 200 `<Error>` body and reads the request ids) and the downcast the orchestrator does.
#[inline(never)]
pub fn official_deserialize(
    deserializer: &SharedResponseDeserializer,
    response: &HttpResponse,
    cfg: &ConfigBag,
) -> official::operation::list_objects_v2::ListObjectsV2Output {
    let output = deserializer
        .deserialize_nonstreaming_with_config(black_box(response), cfg)
        .expect("parses");
    output
        .downcast::<official::operation::list_objects_v2::ListObjectsV2Output>()
        .expect("is a ListObjectsV2Output")
}

/// Panics unless ours and official decode both bodies to the same values, member by member,
/// for every one of the 1,000 objects.
pub fn check_equivalence() {
    let bag = official_deserializer();
    let deserializer = deserializer_of(&bag);
    let cfg = ConfigBag::base();
    for (name, body) in bodies() {
        let a = ours_deserialize(&ours_response(body));
        let b = official_deserialize(deserializer, &official_response(body), &cfg);
        assert_eq!(a.name(), b.name(), "{name}");
        assert_eq!(a.prefix(), b.prefix(), "{name}");
        assert_eq!(a.key_count(), b.key_count(), "{name}");
        assert_eq!(a.max_keys(), b.max_keys(), "{name}");
        assert_eq!(a.is_truncated(), b.is_truncated(), "{name}");
        assert_eq!(a.next_continuation_token(), b.next_continuation_token(), "{name}");
        assert_eq!(a.key_count(), Some(KEYS as i32), "{name}");
        let (ca, cb) = (a.contents().unwrap_or_default(), b.contents());
        assert_eq!(ca.len(), KEYS, "{name}");
        assert_eq!(ca.len(), cb.len(), "{name}");
        for (i, (x, y)) in ca.iter().zip(cb).enumerate() {
            assert_eq!(x.key(), y.key(), "{name} #{i}");
            let (tx, ty) = (x.last_modified().expect("date"), y.last_modified().expect("date"));
            assert_eq!((tx.secs(), tx.subsec_nanos()), (ty.secs(), ty.subsec_nanos()), "{name} #{i}");
            assert_eq!(x.e_tag(), y.e_tag(), "{name} #{i}");
            assert!(x.e_tag().is_some_and(|e| e.starts_with('"') && e.len() == 34), "{name} #{i}");
            assert_eq!(x.size(), y.size(), "{name} #{i}");
            assert_eq!(
                x.storage_class().map(|c| c.as_str()),
                y.storage_class().map(|c| c.as_str()),
                "{name} #{i}"
            );
            let algs_x: Vec<&str> = x.checksum_algorithm().unwrap_or_default().iter().map(|c| c.as_str()).collect();
            let algs_y: Vec<&str> = y.checksum_algorithm().iter().map(|c| c.as_str()).collect();
            assert_eq!(algs_x, algs_y, "{name} #{i}");
            assert_eq!(
                x.checksum_type().map(|c| c.as_str()),
                y.checksum_type().map(|c| c.as_str()),
                "{name} #{i}"
            );
            assert_eq!(x.owner().map(|o| o.id()), y.owner().map(|o| o.id()), "{name} #{i}");
            assert_eq!(
                x.owner().map(|o| o.display_name()),
                y.owner().map(|o| o.display_name()),
                "{name} #{i}"
            );
            assert_eq!(x.owner().is_some(), name.ends_with("owner"), "{name} #{i}");
        }
    }
}
