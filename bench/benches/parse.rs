//! Criterion benchmark: GetOtaTask 200 responses, ours vs the official AWS SDK for Rust, same bytes.
//!
//! Groups (one per body, `full` and `minimal`):
//! - `deserialize/<body>/ours`      `deserialize_response` on a prebuilt `http::Response<&[u8]>`.
//! - `deserialize/<body>/official`  the SDK's own `DeserializeResponse` for GetOtaTask (from the
//!   `GetOtaTask` runtime plugin's config layer) on a prebuilt `HttpResponse`, plus the downcast
//!   of its type-erased output.
//! - `deserialize/<body>/ours_json_only`  diagnostic: our output type through the crate's
//!   `json::from_slice` (no status check).
//! - `call/<body>/ours`             build input + `serialize_request` + make response + `deserialize_response`.
//! - `call/<body>/official`         `client.get_ota_task().identifier("x").send()` against a
//!   static-response HTTP client, `block_on` on a current-thread tokio runtime.
//!
//! S3 `ListObjectsV2`, 1,000 keys (`s3/<body>/…`, bodies `list1000` and `list1000_owner`, see
//! `src/s3.rs`): `ours` is `s3_all::operation::list_objects_v2::deserialize_response` on a prebuilt
//! `http::Response<&[u8]>`; `official` is aws-sdk-s3's own `DeserializeResponse` for
//! ListObjectsV2 on a prebuilt `HttpResponse`, plus the downcast. Run only these with
//! `cargo bench --bench parse -- s3/`.

use std::hint::black_box;

use aws_smithy_types::config_bag::ConfigBag;
use criterion::{criterion_group, criterion_main, Criterion};
use imi_bench::*;

fn deserialize(c: &mut Criterion) {
    check_equivalence();
    let bag = official_deserializer();
    let deserializer = deserializer_of(&bag);
    let cfg = ConfigBag::base();
    for (name, body) in BODIES {
        let ours = ours_response(body);
        let official = official_response(body);
        let mut group = c.benchmark_group(format!("deserialize/{name}"));
        group.bench_function("ours", |b| b.iter(|| black_box(ours_deserialize(&ours))));
        group.bench_function("official", |b| {
            b.iter(|| black_box(official_deserialize(deserializer, &official, &cfg)))
        });
        group.bench_function("ours_json_only", |b| {
            b.iter(|| black_box(ours_json_only(body.as_bytes())))
        });
        group.finish();
    }
}

fn call(c: &mut Criterion) {
    let rt = runtime();
    for (name, body) in BODIES {
        let client = official_client(body);
        let mut group = c.benchmark_group(format!("call/{name}"));
        group.bench_function("ours", |b| b.iter(|| black_box(ours_call(body))));
        group.bench_function("official", |b| b.iter(|| black_box(official_call(&rt, &client))));
        group.finish();
    }
}

fn s3(c: &mut Criterion) {
    use imi_bench::s3;
    s3::check_equivalence();
    let bag = s3::official_deserializer();
    let deserializer = s3::deserializer_of(&bag);
    let cfg = ConfigBag::base();
    for (name, body) in s3::bodies() {
        let ours = s3::ours_response(body);
        let official = s3::official_response(body);
        let mut group = c.benchmark_group(format!("s3/{name}"));
        group.bench_function("ours", |b| b.iter(|| black_box(s3::ours_deserialize(&ours))));
        group.bench_function("official", |b| {
            b.iter(|| black_box(s3::official_deserialize(deserializer, &official, &cfg)))
        });
        group.finish();
    }
}

criterion_group!(benches, deserialize, call, s3);
criterion_main!(benches);
