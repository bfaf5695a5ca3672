//! A small program that parses a few responses (GetOtaTask, ListOtaTasks, GetManagedThing, and
//! an error): its stripped release binary is the size figure. The same source for both
//! variants (`size-default`, `size-schema`); arguments may replace the bodies, so that nothing
//! is folded away at compile time. `src/bin/all.rs` (written by size.sh) reads every operation.
use imi::operation::{get_managed_thing, get_ota_task, list_ota_tasks};

const GET_OTA_TASK: &str = include_str!("../../parse/src/get_ota_task.json");
const LIST_OTA_TASKS: &str = r#"{"Tasks":[{"TaskId":"t1","TaskArn":"arn:1","Status":"IN_PROGRESS","CreatedAt":1700000000},{"TaskId":"t2","Status":"COMPLETED"}],"NextToken":"n"}"#;
const GET_MANAGED_THING: &str = r#"{"Id":"m1","Arn":"arn:m","Owner":"o","Role":"DEVICE","ProvisioningStatus":"ACTIVATED","Name":"thermo","CreatedAt":1700000000,"Tags":{"a":"b"}}"#;

fn response(status: u16, body: &'static str) -> http::Response<&'static [u8]> {
    let mut builder = http::Response::builder().status(status);
    if status != 200 {
        builder = builder.header("x-amzn-errortype", "ResourceNotFoundException");
    }
    builder.body(body.as_bytes()).expect("valid response")
}

fn main() {
    let bodies: Vec<String> = std::env::args().skip(1).collect();
    let pick = |i: usize, default: &'static str| -> &'static str {
        bodies.get(i).map_or(default, |b| Box::leak(b.clone().into_boxed_str()))
    };
    // Only a little of each result is printed, so that `Debug` code does not swamp the figure.
    let task = get_ota_task::deserialize_response(&response(200, pick(0, GET_OTA_TASK)));
    println!("{:?}", task.as_ref().map(|t| t.task_id()));
    let list = list_ota_tasks::deserialize_response(&response(200, pick(1, LIST_OTA_TASKS)));
    println!("{:?}", list.as_ref().map(|l| l.tasks().map(<[_]>::len)));
    let thing = get_managed_thing::deserialize_response(&response(200, pick(2, GET_MANAGED_THING)));
    println!("{:?}", thing.as_ref().map(|t| t.name()));
    let error = get_ota_task::deserialize_response(&response(404, r#"{"Message":"no such task"}"#));
    println!("{}", error.is_err());
}
