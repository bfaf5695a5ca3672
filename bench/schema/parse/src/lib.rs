//! The parse cases of the schema-vs-generated comparison: the same response bodies through
//! `deserialize_response` of the two variants of one generated crate (IoT Managed
//! Integrations, `--all`): `gen_default` (one generated `FromJson` per type) and `gen_schema`
//! (static schemas read by the runtime's `ShapeDeserializer`).

use std::hint::black_box;

/// A 200 GetOtaTask body with every member set, in model order (bench/src/lib.rs's FULL_BODY).
pub const FULL: &str = include_str!("get_ota_task.json");
/// The minimal 200 GetOtaTask body.
pub const MINIMAL: &str = r#"{"TaskId":"t"}"#;

/// A ListOtaTasks page of 100 summaries (every member set).
pub fn list_body() -> String {
    let tasks: Vec<String> = (0..100)
        .map(|i| {
            format!(
                r#"{{"TaskId":"task-{i}","TaskArn":"arn:aws:iotmanagedintegrations:us-east-1:123456789012:ota-task/task-{i}","CreatedAt":{},"LastUpdatedAt":{}.5,"TaskConfigurationId":"cfg-{i}","Status":"{}"}}"#,
                1_700_000_000 + i,
                1_700_003_600 + i,
                ["IN_PROGRESS", "CANCELED", "COMPLETED", "DELETION_IN_PROGRESS", "SCHEDULED"][i % 5]
            )
        })
        .collect();
    format!(r#"{{"Tasks":[{}],"NextToken":"next-page-token"}}"#, tasks.join(","))
}

/// FULL with the top-level members in reverse order: the schema codec's lookup tries the
/// member after the last one found first, so this is its worst case on this body.
pub fn full_reversed() -> String {
    let mut members = top_level_members(FULL);
    members.reverse();
    format!("{{{}}}", members.join(","))
}

/// The top-level `"key": value` texts of a JSON object (enough for FULL, whose strings hold no
/// braces, brackets or commas).
fn top_level_members(text: &str) -> Vec<String> {
        let inner = text.trim().trim_start_matches('{').trim_end_matches('}');
        let (mut members, mut depth, mut start) = (Vec::new(), 0i32, 0);
        for (i, c) in inner.char_indices() {
            match c {
                '{' | '[' => depth += 1,
                '}' | ']' => depth -= 1,
                ',' if depth == 0 => {
                    members.push(inner[start..i].trim().to_owned());
                    start = i + 1;
                }
                _ => {}
            }
        }
        members.push(inner[start..].trim().to_owned());
        members
}

pub fn response(body: &[u8]) -> http::Response<&[u8]> {
    http::Response::builder().status(200).body(body).expect("valid response")
}

macro_rules! variant {
    ($module:ident, $krate:ident) => {
        pub mod $module {
            use super::*;
            use $krate::operation::{get_ota_task, list_ota_tasks};

            #[inline(never)]
            pub fn get_ota_task(response: &http::Response<&[u8]>) -> get_ota_task::GetOtaTaskOutput {
                get_ota_task::deserialize_response(black_box(response)).expect("parses")
            }

            #[inline(never)]
            pub fn list_ota_tasks(response: &http::Response<&[u8]>) -> list_ota_tasks::ListOtaTasksOutput {
                list_ota_tasks::deserialize_response(black_box(response)).expect("parses")
            }
        }
    };
}

variant!(default, gen_default);
variant!(schema, gen_schema);

/// Panics unless both variants read every case to the same values (compared through
/// `Debug`: the two crates' types are the same definitions), and a few errors alike.
pub fn check_equivalence() {
    let list = list_body();
    let reversed = full_reversed();
    for body in [FULL, MINIMAL, reversed.as_str()] {
        let r = response(body.as_bytes());
        assert_eq!(format!("{:?}", default::get_ota_task(&r)), format!("{:?}", schema::get_ota_task(&r)));
    }
    let r = response(list.as_bytes());
    let (a, b) = (default::list_ota_tasks(&r), schema::list_ota_tasks(&r));
    assert_eq!(a.tasks.as_ref().map(Vec::len), Some(100));
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
    // Failures name the same member and say the same thing.
    for bad in [
        r#"{"TaskProcessingDetails":{"NumberOfCanceledThings":"x"}}"#,
        r#"{"OtaSchedulingConfig":{"MaintenanceWindows":[{"DurationInMinutes":1},{"StartTime":5}]}}"#,
        r#"{"CreatedAt":"2024-01-01T00:00:00Z"}"#,
        r#"{"Tags":{"a":null,"b":"c"},"Target":[null,"x"]}"#,
        r#"{"TaskId":"t"} x"#,
        "",
    ] {
        let r = response(bad.as_bytes());
        let a = gen_default::operation::get_ota_task::deserialize_response(&r);
        let b = gen_schema::operation::get_ota_task::deserialize_response(&r);
        assert_eq!(format!("{a:?}"), format!("{b:?}"), "{bad}");
    }
}
