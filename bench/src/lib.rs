//! Shared fixtures and the four measured paths (ours and the official SDK's), so that the
//! criterion bench (`benches/parse.rs`) and the interleaved bench (`benches/interleaved.rs`)
//! time exactly the same code on the same bytes.

use std::hint::black_box;

use aws_sdk_iotmanagedintegrations as official;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::runtime_plugin::RuntimePlugin;
use aws_smithy_runtime_api::client::ser_de::{DeserializeResponse, SharedResponseDeserializer};
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::ConfigBag;
use iot_managed_integrations as ours;

/// A 200 GetOtaTask body with every member set, nested ones included: copied verbatim from
/// `FULL_BODY` in `tests/behaviour/get_ota_task.rs` of the repository.
pub const FULL_BODY: &str = r#"{
    "TaskId": "task1",
    "TaskArn": "arn:aws:iotmanagedintegrations:us-east-1:123456789012:ota-task/task1",
    "Description": "Thermostat firmware 2.1",
    "S3Url": "https://bucket.s3.amazonaws.com/firmware-2.1.bin",
    "Protocol": "HTTP",
    "OtaType": "CONTINUOUS",
    "OtaTargetQueryString": "attributes.model:thermo",
    "OtaMechanism": "PUSH",
    "Target": ["thing-1", "thing-2"],
    "CreatedAt": 1700000000,
    "LastUpdatedAt": 1700003600.25,
    "TaskConfigurationId": "cfg1",
    "TaskProcessingDetails": {
        "NumberOfCanceledThings": 1,
        "NumberOfFailedThings": 2,
        "NumberOfInProgressThings": 3,
        "numberOfQueuedThings": 4,
        "numberOfRejectedThings": 5,
        "numberOfRemovedThings": 6,
        "numberOfSucceededThings": 7,
        "numberOfTimedOutThings": 8,
        "processingTargets": ["thing-1", "thing-3"]
    },
    "OtaSchedulingConfig": {
        "EndBehavior": "FORCE_CANCEL",
        "EndTime": "2024-02-01T00:00:00Z",
        "MaintenanceWindows": [
            {"DurationInMinutes": 60, "StartTime": "cron(0 2 * * ? *)"},
            {"DurationInMinutes": 1430, "StartTime": "cron(30 4 ? * SUN *)"}
        ],
        "StartTime": "2024-01-01T00:00:00Z"
    },
    "OtaTaskExecutionRetryConfig": {
        "RetryConfigCriteria": [
            {"FailureType": "TIMED_OUT", "MinNumberOfRetries": 3},
            {"FailureType": "ALL", "MinNumberOfRetries": 0}
        ]
    },
    "Status": "IN_PROGRESS",
    "Tags": {"tag-key-xyzzy": "tag-value-plugh", "owner": "secret-owner-value"}
}"#;

/// The minimal 200 body.
pub const MIN_BODY: &str = r#"{"TaskId":"t"}"#;

/// The two bodies with their names.
pub const BODIES: [(&str, &str); 2] = [("full", FULL_BODY), ("minimal", MIN_BODY)];

// ---------------------------------------------------------------------------------------------
// Ours
// ---------------------------------------------------------------------------------------------

/// Ours, parse only: a prebuilt `http::Response<&[u8]>` through `deserialize_response`.
pub fn ours_response(body: &'static str) -> http::Response<&'static [u8]> {
    http::Response::builder()
        .status(200)
        .body(body.as_bytes())
        .expect("valid response")
}

/// Ours, parse only.
#[inline(never)]
pub fn ours_deserialize(
    response: &http::Response<&'static [u8]>,
) -> ours::operation::get_ota_task::GetOtaTaskOutput {
    ours::operation::get_ota_task::deserialize_response(black_box(response)).expect("parses")
}

/// Diagnostic: the same output type decoded with the crate's public `json::from_slice`, i.e.
/// `deserialize_response` without the status check and the response wrapper.
#[inline(never)]
pub fn ours_json_only(body: &[u8]) -> ours::operation::get_ota_task::GetOtaTaskOutput {
    ours::json::from_slice(black_box(body)).expect("parses")
}

/// Ours, whole sans-IO path: build the input, `serialize_request`, make the 200 response
/// (what a transport would hand back; body borrowed, not copied), `deserialize_response`.
#[inline(never)]
pub fn ours_call(body: &'static str) -> ours::operation::get_ota_task::GetOtaTaskOutput {
    use ours::operation::get_ota_task::{deserialize_response, serialize_request, GetOtaTaskInput};
    let input = GetOtaTaskInput::builder().identifier("x").build().expect("valid input");
    let request = serialize_request(&input).expect("serializes");
    black_box(&request);
    let response = http::Response::builder()
        .status(200)
        .body(black_box(body).as_bytes())
        .expect("valid response");
    deserialize_response(&response).expect("parses")
}

// ---------------------------------------------------------------------------------------------
// Official SDK
// ---------------------------------------------------------------------------------------------

/// The official SDK's own response deserializer for GetOtaTask, taken from the config layer
/// that its public `operation::get_ota_task::GetOtaTask` runtime plugin registers (the same
/// object the orchestrator calls).
///
/// Returns the config bag holding it: borrow it once with [`deserializer_of`].
pub fn official_deserializer() -> ConfigBag {
    let layer = official::operation::get_ota_task::GetOtaTask::new()
        .config()
        .expect("GetOtaTask's runtime plugin has a config layer");
    let mut bag = ConfigBag::base();
    bag.push_shared_layer(layer);
    bag
}

/// The deserializer in the bag that [`official_deserializer`] made.
pub fn deserializer_of(bag: &ConfigBag) -> &SharedResponseDeserializer {
    bag.load::<SharedResponseDeserializer>()
        .expect("GetOtaTask registers a response deserializer")
}

/// The official SDK's response type (`HttpResponse` = `aws_smithy_runtime_api::http::Response<SdkBody>`).
pub fn official_response(body: &'static str) -> HttpResponse {
    let response = http::Response::builder()
        .status(200)
        .body(SdkBody::from(bytes::Bytes::from_static(body.as_bytes())))
        .expect("valid response");
    HttpResponse::try_from(response).expect("valid response")
}

/// Official, parse only: `DeserializeResponse::deserialize_nonstreaming_with_config` on a
/// prebuilt response, then the downcast of the type-erased output that the orchestrator does.
#[inline(never)]
pub fn official_deserialize(
    deserializer: &SharedResponseDeserializer,
    response: &HttpResponse,
    cfg: &ConfigBag,
) -> official::operation::get_ota_task::GetOtaTaskOutput {
    let output = deserializer
        .deserialize_nonstreaming_with_config(black_box(response), cfg)
        .expect("parses");
    output
        .downcast::<official::operation::get_ota_task::GetOtaTaskOutput>()
        .expect("is a GetOtaTaskOutput")
}

/// A client whose HTTP client answers every request with a 200 and `body` (no I/O).
pub fn official_client(body: &'static str) -> official::Client {
    use official::config::{BehaviorVersion, Credentials, Region};
    let http_client = aws_smithy_http_client::test_util::infallible_client_fn(move |_request| {
        http::Response::builder()
            .status(200)
            .body(SdkBody::from(bytes::Bytes::from_static(body.as_bytes())))
            .expect("valid response")
    });
    let config = official::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        // The same values as `Credentials::for_tests()` (which needs the `test-util` feature).
        .credentials_provider(Credentials::new("ANOTREAL", "notrealrnrELgWzOk3IfjzDKtFBhDby", Some("notarealsessiontoken".into()), None, "test"))
        .http_client(http_client)
        .build();
    official::Client::from_conf(config)
}

/// A tokio current-thread runtime (time enabled, as the SDK's default sleep needs it).
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_time().build().expect("runtime")
}

/// Official, whole call: `client.get_ota_task().identifier("x").send()` (input build,
/// endpoint resolution, serialize, SigV4 signing, interceptors, retry bookkeeping, dispatch
/// to the fake client, deserialize), driven by `block_on` on a current-thread runtime.
#[inline(never)]
pub fn official_call(
    rt: &tokio::runtime::Runtime,
    client: &official::Client,
) -> official::operation::get_ota_task::GetOtaTaskOutput {
    rt.block_on(client.get_ota_task().identifier("x").send()).expect("call succeeds")
}

// ---------------------------------------------------------------------------------------------
// Sanity: both sides decode the same thing
// ---------------------------------------------------------------------------------------------

/// Panics unless ours and official decode both bodies to the same member values, on every path.
pub fn check_equivalence() {
    let bag = official_deserializer();
    let deserializer = deserializer_of(&bag);
    let cfg = ConfigBag::base();
    let rt = runtime();
    for (name, body) in BODIES {
        let a = ours_deserialize(&ours_response(body));
        let a2 = ours_call(body);
        assert_eq!(a, a2, "{name}: ours, both paths");
        assert_eq!(a, ours_json_only(body.as_bytes()), "{name}: ours, json::from_slice");
        let b = official_deserialize(deserializer, &official_response(body), &cfg);
        let b2 = official_call(&rt, &official_client(body));
        assert_eq!(b, b2, "{name}: official, both paths");
        assert_eq!(a.task_id(), b.task_id(), "{name}");
        assert_eq!(a.task_arn(), b.task_arn(), "{name}");
        assert_eq!(a.tags(), b.tags(), "{name}");
        assert_eq!(a.target().unwrap_or_default(), b.target(), "{name}");
        assert_eq!(
            a.status().map(|s| s.as_str().to_owned()),
            b.status().map(|s| s.as_str().to_owned()),
            "{name}"
        );
        assert_eq!(
            a.created_at().map(|d| d.secs()),
            b.created_at().map(|d| d.secs()),
            "{name}"
        );
        assert_eq!(
            a.task_processing_details().and_then(|d| d.number_of_queued_things()),
            b.task_processing_details().and_then(|d| d.number_of_queued_things()),
            "{name}"
        );
        assert_eq!(
            a.ota_scheduling_config().and_then(|c| c.maintenance_windows()).map(<[_]>::len),
            b.ota_scheduling_config().map(|c| c.maintenance_windows().len()),
            "{name}"
        );
        assert_eq!(
            a.ota_task_execution_retry_config()
                .and_then(|c| c.retry_config_criteria())
                .map(<[_]>::len),
            b.ota_task_execution_retry_config().map(|c| c.retry_config_criteria().len()),
            "{name}"
        );
    }
    let full = ours_deserialize(&ours_response(FULL_BODY));
    assert_eq!(full.tags().map(|t| t.len()), Some(2));
    assert!(full.ota_task_execution_retry_config().is_some());
}

/// S3 `ListObjectsV2` (1,000 keys): ours (`s3-all`) against `aws-sdk-s3`.
pub mod s3;
