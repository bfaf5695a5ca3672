//! Formatting helpers for generated `Debug` implementations.
#![allow(dead_code)]

/// Printed by `Debug` in place of a `@sensitive` value.
pub(crate) const REDACTED: &str = "*** Sensitive Data Redacted ***";
