//! Empty: this crate only pulls in its dependency.
