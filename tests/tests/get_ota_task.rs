//! Runs the shared `GetOtaTask` behaviour suite against the committed `generated/` crate.

// The suite names the crate `sdk`, so that it also runs against other copies of it.
extern crate iot_managed_integrations as sdk;

#[path = "../behaviour/get_ota_task.rs"]
mod behaviour;
