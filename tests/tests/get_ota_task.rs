//! Runs the shared `GetOtaTask` behaviour suite against the committed `generated/` crate.
#[path = "../behaviour/get_ota_task.rs"]
mod behaviour;
