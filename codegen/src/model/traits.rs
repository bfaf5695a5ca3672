//! Trait values, with typed accessors for the traits the generator uses.
//!
//! Accessors never fail: a malformed value reads as absent here, and
//! [`crate::validate`] reports it with the shape and member it sits on.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// Trait id → JSON value, ordered by id.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Traits(pub(crate) BTreeMap<String, Value>);

/// The trait ids the generator reads.
pub(crate) mod ids {
    pub(crate) const DOCUMENTATION: &str = "smithy.api#documentation";
    pub(crate) const REQUIRED: &str = "smithy.api#required";
    pub(crate) const DEFAULT: &str = "smithy.api#default";
    pub(crate) const CLIENT_OPTIONAL: &str = "smithy.api#clientOptional";
    pub(crate) const SENSITIVE: &str = "smithy.api#sensitive";
    pub(crate) const DEPRECATED: &str = "smithy.api#deprecated";
    pub(crate) const ENUM_VALUE: &str = "smithy.api#enumValue";
    pub(crate) const LEGACY_ENUM: &str = "smithy.api#enum";
    pub(crate) const JSON_NAME: &str = "smithy.api#jsonName";
    pub(crate) const TIMESTAMP_FORMAT: &str = "smithy.api#timestampFormat";
    pub(crate) const ERROR: &str = "smithy.api#error";
    pub(crate) const HTTP_ERROR: &str = "smithy.api#httpError";
    pub(crate) const HTTP: &str = "smithy.api#http";
    pub(crate) const HTTP_LABEL: &str = "smithy.api#httpLabel";
    pub(crate) const HTTP_QUERY: &str = "smithy.api#httpQuery";
    pub(crate) const HTTP_QUERY_PARAMS: &str = "smithy.api#httpQueryParams";
    pub(crate) const HTTP_HEADER: &str = "smithy.api#httpHeader";
    pub(crate) const HTTP_PREFIX_HEADERS: &str = "smithy.api#httpPrefixHeaders";
    pub(crate) const HTTP_PAYLOAD: &str = "smithy.api#httpPayload";
    pub(crate) const HTTP_RESPONSE_CODE: &str = "smithy.api#httpResponseCode";
    pub(crate) const LENGTH: &str = "smithy.api#length";
    pub(crate) const RANGE: &str = "smithy.api#range";
    pub(crate) const PATTERN: &str = "smithy.api#pattern";
    pub(crate) const SPARSE: &str = "smithy.api#sparse";
    pub(crate) const ENDPOINT: &str = "smithy.api#endpoint";
    pub(crate) const REQUEST_COMPRESSION: &str = "smithy.api#requestCompression";
    pub(crate) const HTTP_CHECKSUM_REQUIRED: &str = "smithy.api#httpChecksumRequired";
    pub(crate) const HTTP_CHECKSUM: &str = "aws.protocols#httpChecksum";
    pub(crate) const MEDIA_TYPE: &str = "smithy.api#mediaType";
    pub(crate) const STREAMING: &str = "smithy.api#streaming";
    pub(crate) const REQUIRES_LENGTH: &str = "smithy.api#requiresLength";
    pub(crate) const EVENT_HEADER: &str = "smithy.api#eventHeader";
    pub(crate) const EVENT_PAYLOAD: &str = "smithy.api#eventPayload";
    pub(crate) const INPUT: &str = "smithy.api#input";
    pub(crate) const OUTPUT: &str = "smithy.api#output";
    pub(crate) const IDEMPOTENCY_TOKEN: &str = "smithy.api#idempotencyToken";
    pub(crate) const HOST_LABEL: &str = "smithy.api#hostLabel";
    pub(crate) const MIXIN: &str = "smithy.api#mixin";
    pub(crate) const TITLE: &str = "smithy.api#title";
    pub(crate) const AWS_SERVICE: &str = "aws.api#service";
    pub(crate) const SIGV4: &str = "aws.auth#sigv4";
    pub(crate) const PAGINATED: &str = "smithy.api#paginated";
    pub(crate) const WAITABLE: &str = "smithy.waiters#waitable";
    pub(crate) const REST_JSON1: &str = "aws.protocols#restJson1";
    pub(crate) const AWS_JSON1_0: &str = "aws.protocols#awsJson1_0";
    pub(crate) const AWS_JSON1_1: &str = "aws.protocols#awsJson1_1";
    pub(crate) const REST_XML: &str = "aws.protocols#restXml";
    pub(crate) const AWS_QUERY: &str = "aws.protocols#awsQuery";
    pub(crate) const EC2_QUERY: &str = "aws.protocols#ec2Query";
    pub(crate) const AWS_QUERY_ERROR: &str = "aws.protocols#awsQueryError";
    pub(crate) const EC2_QUERY_NAME: &str = "aws.protocols#ec2QueryName";
    pub(crate) const XML_NAME: &str = "smithy.api#xmlName";
    pub(crate) const XML_ATTRIBUTE: &str = "smithy.api#xmlAttribute";
    pub(crate) const XML_FLATTENED: &str = "smithy.api#xmlFlattened";
    pub(crate) const XML_NAMESPACE: &str = "smithy.api#xmlNamespace";
}

/// `@length` / `@range` bounds (inclusive).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Bounds {
    pub(crate) min: Option<f64>,
    pub(crate) max: Option<f64>,
}

/// The value of `@http`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HttpTrait {
    pub(crate) method: String,
    pub(crate) uri: String,
    pub(crate) code: u16,
}

/// `@timestampFormat` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum TimestampFormat {
    EpochSeconds,
    DateTime,
    HttpDate,
}

impl Traits {
    pub(crate) fn get(&self, id: &str) -> Option<&Value> {
        self.0.get(id)
    }

    pub(crate) fn has(&self, id: &str) -> bool {
        self.0.contains_key(id)
    }

    pub(crate) fn string(&self, id: &str) -> Option<&str> {
        self.get(id).and_then(Value::as_str)
    }

    pub(crate) fn documentation(&self) -> Option<&str> {
        self.string(ids::DOCUMENTATION)
    }

    pub(crate) fn json_name(&self) -> Option<&str> {
        self.string(ids::JSON_NAME)
    }

    pub(crate) fn pattern(&self) -> Option<&str> {
        self.string(ids::PATTERN)
    }

    pub(crate) fn length(&self) -> Option<Bounds> {
        self.bounds(ids::LENGTH)
    }

    pub(crate) fn range(&self) -> Option<Bounds> {
        self.bounds(ids::RANGE)
    }

    fn bounds(&self, id: &str) -> Option<Bounds> {
        let value = self.get(id)?.as_object()?;
        Some(Bounds { min: value.get("min").and_then(Value::as_f64), max: value.get("max").and_then(Value::as_f64) })
    }

    pub(crate) fn http(&self) -> Option<HttpTrait> {
        let value = self.get(ids::HTTP)?.as_object()?;
        Some(HttpTrait {
            method: value.get("method")?.as_str()?.to_owned(),
            uri: value.get("uri")?.as_str()?.to_owned(),
            code: match value.get("code") {
                None => 200,
                Some(code) => u16::try_from(code.as_u64()?).ok()?,
            },
        })
    }

    pub(crate) fn timestamp_format(&self) -> Option<TimestampFormat> {
        match self.string(ids::TIMESTAMP_FORMAT)? {
            "epoch-seconds" => Some(TimestampFormat::EpochSeconds),
            "date-time" => Some(TimestampFormat::DateTime),
            "http-date" => Some(TimestampFormat::HttpDate),
            _ => None,
        }
    }

    /// `@deprecated`: `Some(note)` when present (the note may be empty).
    pub(crate) fn deprecated(&self) -> Option<String> {
        let value = self.get(ids::DEPRECATED)?;
        let message = value.get("message").and_then(Value::as_str);
        let since = value.get("since").and_then(Value::as_str);
        Some(match (message, since) {
            (Some(m), Some(s)) => format!("{m} (since {s})"),
            (Some(m), None) => m.to_owned(),
            (None, Some(s)) => format!("since {s}"),
            (None, None) => String::new(),
        })
    }

    /// The merge of two trait sets; `over` wins on conflicts.
    pub(crate) fn merged(&self, over: &Traits) -> Traits {
        let mut all = self.0.clone();
        for (id, value) in &over.0 {
            all.insert(id.clone(), value.clone());
        }
        Traits(all)
    }
}

/// Adds trait `id` with `value` as Smithy merges a trait given twice (written
/// twice, or added by `apply`): equal values are one value, two lists are
/// concatenated, anything else is a conflict.
pub(crate) fn merge_applied(traits: &mut Map<String, Value>, id: &str, value: Value) -> Result<(), String> {
    match traits.get_mut(id) {
        None => {
            traits.insert(id.to_owned(), value);
            Ok(())
        }
        Some(existing) if *existing == value => Ok(()),
        Some(Value::Array(existing)) if value.is_array() => {
            if let Value::Array(more) = value {
                existing.extend(more);
            }
            Ok(())
        }
        Some(existing) => Err(format!("conflicting values for trait `{id}`: {existing} and {value}")),
    }
}
