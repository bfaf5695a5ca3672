//! Empty: this crate only pulls in its dependencies (see Cargo.toml).
