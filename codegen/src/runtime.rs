//! The inlineable runtime (`codegen/runtime/*.rs`), compiled and unit-tested once here.
//!
//! The generator copies those files verbatim into every generated crate as the private module
//! `crate::rt`; this module only exists so that they are built and tested with the code generator.

#[cfg(test)]
#[path = "../runtime/bignum.rs"]
pub(crate) mod bignum;
#[cfg(test)]
#[path = "../runtime/blob.rs"]
pub(crate) mod blob;
#[cfg(test)]
#[path = "../runtime/blocking.rs"]
pub(crate) mod blocking;
#[cfg(test)]
#[path = "../runtime/byte_stream.rs"]
pub(crate) mod byte_stream;
#[cfg(test)]
#[path = "../runtime/checksum.rs"]
pub(crate) mod checksum;
#[cfg(test)]
#[path = "../runtime/client.rs"]
pub(crate) mod client;
#[cfg(test)]
#[path = "../runtime/compress.rs"]
pub(crate) mod compress;
#[cfg(test)]
#[path = "../runtime/constraints.rs"]
pub(crate) mod constraints;
#[cfg(test)]
#[path = "../runtime/datetime.rs"]
pub(crate) mod datetime;
#[cfg(test)]
#[path = "../runtime/endpoint.rs"]
pub(crate) mod endpoint;
#[cfg(test)]
#[path = "../runtime/enums.rs"]
pub(crate) mod enums;
#[cfg(test)]
#[path = "../runtime/error.rs"]
pub(crate) mod error;
#[cfg(test)]
#[path = "../runtime/events.rs"]
pub(crate) mod events;
#[cfg(test)]
#[path = "../runtime/eventstream.rs"]
pub(crate) mod eventstream;
#[cfg(test)]
mod eventstream_oracle;
#[cfg(test)]
#[path = "../runtime/fmt.rs"]
pub(crate) mod fmt;
#[cfg(test)]
#[path = "../runtime/json.rs"]
pub(crate) mod json;
#[cfg(test)]
#[path = "../runtime/md5.rs"]
pub(crate) mod md5;
#[cfg(test)]
#[path = "../runtime/pattern.rs"]
pub(crate) mod pattern;
#[cfg(test)]
#[path = "../runtime/query.rs"]
pub(crate) mod query;
#[cfg(test)]
mod random;
#[cfg(test)]
#[path = "../runtime/request.rs"]
pub(crate) mod request;
#[cfg(test)]
#[path = "../runtime/response.rs"]
pub(crate) mod response;
#[cfg(test)]
#[path = "../runtime/serde_impls.rs"]
pub(crate) mod serde_impls;
#[cfg(test)]
#[path = "../runtime/sigv4.rs"]
pub(crate) mod sigv4;
#[cfg(test)]
mod sigv4_oracle;
#[cfg(test)]
#[path = "../runtime/union.rs"]
pub(crate) mod union;
#[cfg(test)]
#[path = "../runtime/waiter.rs"]
pub(crate) mod waiter;
#[cfg(test)]
#[path = "../runtime/xml.rs"]
pub(crate) mod xml;
