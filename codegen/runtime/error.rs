//! Error types shared by every operation: request building, validation and response parsing.
#![allow(dead_code)]

use std::fmt;

/// A request could not be built from its input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    member: &'static str,
    kind: BuildErrorKind,
}

/// What is wrong with the input member named by a [`BuildError`].
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildErrorKind {
    /// The member is required (an HTTP label, for instance) but was not set.
    Missing,
    /// The member must not be empty.
    Empty,
    /// The value is `.` or `..`, which would be normalised away as a path segment.
    DotSegment,
    /// The value cannot be sent, for the given reason.
    Invalid(String),
}

impl BuildError {
    pub(crate) fn missing(member: &'static str) -> Self {
        Self { member, kind: BuildErrorKind::Missing }
    }

    pub(crate) fn empty(member: &'static str) -> Self {
        Self { member, kind: BuildErrorKind::Empty }
    }

    pub(crate) fn dot_segment(member: &'static str) -> Self {
        Self { member, kind: BuildErrorKind::DotSegment }
    }

    pub(crate) fn invalid(member: &'static str, message: impl Into<String>) -> Self {
        Self { member, kind: BuildErrorKind::Invalid(message.into()) }
    }

    /// The name of the input member at fault.
    pub fn member(&self) -> &'static str {
        self.member
    }

    /// What is wrong with it.
    pub fn kind(&self) -> &BuildErrorKind {
        &self.kind
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let member = self.member;
        write!(f, "cannot build request: `{member}` ")?;
        match &self.kind {
            BuildErrorKind::Missing => f.write_str("is required but was not set"),
            BuildErrorKind::Empty => f.write_str("must not be empty"),
            BuildErrorKind::DotSegment => f.write_str("would form a `.` or `..` path segment"),
            BuildErrorKind::Invalid(message) => write!(f, "is invalid: {message}"),
        }
    }
}

impl std::error::Error for BuildError {}

/// A value that breaks a constraint of the model.
#[derive(Debug, Clone, PartialEq)]
pub struct ConstraintViolation {
    path: String,
    constraint: Constraint,
}

/// The constraint a [`ConstraintViolation`] breaks.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq)]
pub enum Constraint {
    /// A required member is not set.
    Required,
    /// A length (characters, bytes or entries) is outside its bounds.
    Length {
        /// Inclusive lower bound.
        min: Option<u64>,
        /// Inclusive upper bound.
        max: Option<u64>,
        /// The actual length.
        actual: u64,
    },
    /// A string does not match a regular expression.
    Pattern {
        /// The pattern (not implicitly anchored).
        pattern: &'static str,
    },
    /// A number is outside its bounds.
    Range {
        /// Inclusive lower bound.
        min: Option<f64>,
        /// Inclusive upper bound.
        max: Option<f64>,
        /// The actual value.
        actual: f64,
    },
}

impl ConstraintViolation {
    pub(crate) fn new(path: String, constraint: Constraint) -> Self {
        Self { path, constraint }
    }

    /// Where the value is, such as `Items[2].Name` or `Tags[env]`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The constraint it breaks.
    pub fn constraint(&self) -> &Constraint {
        &self.constraint
    }
}

/// Writes `min..=max`, `min..` or `..=max`.
fn bounds<T: fmt::Display>(f: &mut fmt::Formatter<'_>, min: Option<T>, max: Option<T>) -> fmt::Result {
    if let Some(min) = min {
        write!(f, "{min}")?;
    }
    f.write_str("..")?;
    match max {
        Some(max) => write!(f, "={max}"),
        None => Ok(()),
    }
}

impl fmt::Display for ConstraintViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "`{}`: ", self.path)?;
        }
        match &self.constraint {
            Constraint::Required => f.write_str("is required but was not set"),
            Constraint::Length { min, max, actual } => {
                write!(f, "length {actual} is not within ")?;
                bounds(f, *min, *max)
            }
            Constraint::Pattern { pattern } => write!(f, "does not match pattern `{pattern}`"),
            Constraint::Range { min, max, actual } => {
                write!(f, "value {actual} is not within ")?;
                bounds(f, *min, *max)
            }
        }
    }
}

impl std::error::Error for ConstraintViolation {}

/// Every constraint violation found in a value (never empty when returned as an error).
#[derive(Debug, Clone, PartialEq)]
pub struct ConstraintViolations(Vec<ConstraintViolation>);

impl ConstraintViolations {
    pub(crate) fn new(violations: Vec<ConstraintViolation>) -> Self {
        Self(violations)
    }

    /// The violations, in the order they were found.
    pub fn iter(&self) -> std::slice::Iter<'_, ConstraintViolation> {
        self.0.iter()
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The violations as a `Vec`.
    pub fn into_vec(self) -> Vec<ConstraintViolation> {
        self.0
    }
}

impl<'a> IntoIterator for &'a ConstraintViolations {
    type Item = &'a ConstraintViolation;
    type IntoIter = std::slice::Iter<'a, ConstraintViolation>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl fmt::Display for ConstraintViolations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, violation) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConstraintViolations {}

/// Why a response body could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseParseError {
    path: String,
    message: String,
}

impl ResponseParseError {
    pub(crate) fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self { path: path.into(), message: message.into() }
    }

    /// Puts an object member's key in front of the path (while unwinding, so that the
    /// success path keeps no path at all).
    #[cold]
    pub(crate) fn with_key(mut self, key: &str) -> Self {
        if !self.path.is_empty() && !self.path.starts_with('[') {
            self.path.insert(0, '.');
        }
        self.path.insert_str(0, key);
        self
    }

    /// Puts an array index in front of the path, as [`with_key`](Self::with_key) does a key.
    #[cold]
    pub(crate) fn with_index(mut self, index: usize) -> Self {
        let prefix = if self.path.is_empty() || self.path.starts_with('[') {
            format!("[{index}]")
        } else {
            format!("[{index}].")
        };
        self.path.insert_str(0, &prefix);
        self
    }

    /// The JSON path of the offending member, such as `Details.Count` or `Targets[2]`;
    /// empty for the top level.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What went wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ResponseParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "`{}`: ", self.path)?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for ResponseParseError {}

/// What an operation's error enum asks of each variant: one `match` turns the variant into
/// this, and `code()`, `message()`, `Display` and `source()` go through it.
pub(crate) trait ErrorParts: AsError + fmt::Display {
    /// The error code: the modeled error's name, or what an unhandled error carried.
    fn code(&self) -> Option<&str>;
    /// The message the service sent, if any.
    fn message(&self) -> Option<&str>;
    /// The `Option<String>` message member, to fill in from the error metadata when the
    /// body carried the message under another name (`message`, `Message`, `errorMessage`).
    fn message_slot(&mut self) -> Option<&mut Option<String>> {
        None
    }
}

/// `&dyn Error` from any error, so that `ErrorParts` objects can be a `source()`.
pub(crate) trait AsError {
    fn as_error(&self) -> &(dyn std::error::Error + 'static);
}

impl<T: std::error::Error + 'static> AsError for T {
    fn as_error(&self) -> &(dyn std::error::Error + 'static) {
        self
    }
}

impl ErrorParts for UnhandledError {
    fn code(&self) -> Option<&str> {
        UnhandledError::code(self)
    }
    fn message(&self) -> Option<&str> {
        UnhandledError::message(self)
    }
}

/// An error response the model does not describe, or a response that could not be parsed.
///
/// Boxed inside, so that an operation's error enum stays small.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnhandledError(Box<Unhandled>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Unhandled {
    status: u16,
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
    source: Option<ResponseParseError>,
}

impl UnhandledError {
    pub(crate) fn new(status: u16, meta: super::response::ErrorMetadata) -> Self {
        let super::response::ErrorMetadata { code, message, request_id } = meta;
        Self(Box::new(Unhandled { status, code, message, request_id, source: None }))
    }

    /// An error of `code` and `message` that no response carried (its `status()` is 0): what
    /// an input event stream sends as an `error` message, or what a mock returns.
    pub fn from_code(code: impl Into<String>, message: impl Into<String>) -> Self {
        let meta =
            super::response::ErrorMetadata { code: Some(code.into()), message: Some(message.into()), request_id: None };
        Self::new(0, meta)
    }

    pub(crate) fn with_parse_error(mut self, e: ResponseParseError) -> Self {
        self.0.source = Some(e);
        self
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.0.status
    }

    /// The error code (the error shape's name), if the response had one.
    pub fn code(&self) -> Option<&str> {
        self.0.code.as_deref()
    }

    /// The error message, if the response had one.
    pub fn message(&self) -> Option<&str> {
        self.0.message.as_deref()
    }

    /// The request ID (`x-amzn-requestid`), if the response had one.
    pub fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }

    /// Why the response could not be parsed, if that is the problem.
    pub fn parse_error(&self) -> Option<&ResponseParseError> {
        self.0.source.as_ref()
    }
}

impl fmt::Display for UnhandledError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let status = self.0.status;
        if let Some(source) = &self.0.source {
            return write!(f, "could not parse the response (HTTP {status}): {source}");
        }
        write!(f, "unhandled error response (HTTP {status}")?;
        if let Some(code) = &self.0.code {
            write!(f, ", code `{code}`")?;
        }
        f.write_str(")")?;
        if let Some(message) = &self.0.message {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

impl std::error::Error for UnhandledError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source.as_ref().map(|e| e as _)
    }
}

#[cfg(test)]
mod tests {
    use super::super::response::ErrorMetadata;
    use super::*;
    use std::error::Error as _;

    #[test]
    fn build_error() {
        let cases = [
            (BuildError::missing("Identifier"), "`Identifier` is required but was not set"),
            (BuildError::empty("Identifier"), "`Identifier` must not be empty"),
            (BuildError::dot_segment("Identifier"), "`Identifier` would form a `.` or `..` path segment"),
            (BuildError::invalid("X", "bad header"), "`X` is invalid: bad header"),
        ];
        for (e, text) in cases {
            assert_eq!(e.to_string(), format!("cannot build request: {text}"));
        }
        let e = BuildError::invalid("X", "m");
        assert_eq!((e.member(), e.kind()), ("X", &BuildErrorKind::Invalid("m".into())));
    }

    #[test]
    fn constraint_violations() {
        let v = |path: &str, c| ConstraintViolation::new(path.into(), c);
        let all = ConstraintViolations::new(vec![
            v("Identifier", Constraint::Length { min: Some(1), max: Some(200), actual: 0 }),
            v("X", Constraint::Pattern { pattern: "^[a-z]+$" }),
            v("X", Constraint::Range { min: Some(0.0), max: Some(10.0), actual: 11.0 }),
            v("X", Constraint::Required),
            v("A[0]", Constraint::Length { min: Some(1), max: None, actual: 0 }),
            v("B[k]", Constraint::Range { min: None, max: Some(10.0), actual: 10.5 }),
        ]);
        assert_eq!(
            all.to_string(),
            "`Identifier`: length 0 is not within 1..=200; `X`: does not match pattern `^[a-z]+$`; \
             `X`: value 11 is not within 0..=10; `X`: is required but was not set; \
             `A[0]`: length 0 is not within 1..; `B[k]`: value 10.5 is not within ..=10"
        );
        assert_eq!((all.len(), all.is_empty()), (6, false));
        assert_eq!((&all).into_iter().count(), 6);
        assert_eq!(
            all.iter().next().map(|v| (v.path(), v.constraint())),
            Some(("Identifier", &Constraint::Length { min: Some(1), max: Some(200), actual: 0 }))
        );
        assert_eq!(all.into_vec().len(), 6);
    }

    #[test]
    fn response_parse_error() {
        let e = ResponseParseError::new("", "bad").with_key("B").with_index(1).with_key("A");
        assert_eq!((e.path(), e.message()), ("A[1].B", "bad"));
        assert_eq!(e.to_string(), "`A[1].B`: bad");
        let e = ResponseParseError::new("", "bad").with_index(2).with_index(0).with_key("T");
        assert_eq!(e.path(), "T[0][2]");
        assert_eq!(ResponseParseError::new("", "x").with_index(3).path(), "[3]");
        assert_eq!(ResponseParseError::new("", "x").with_key("k").with_key("j").path(), "j.k");

        // Through the reader: the path of the member at fault, built while unwinding.
        let e =
            super::super::json::from_slice::<std::collections::HashMap<String, Vec<i32>>>(br#"{"Target":[1,2,"x"]}"#);
        let e = e.err().unwrap_or_else(|| ResponseParseError::new("", ""));
        assert_eq!(e.path(), "Target[2]");
        assert_eq!(e.to_string(), "`Target[2]`: expected an integer (i32), found a string at byte 15");
        let e =
            super::super::json::from_slice::<Vec<i32>>(b"5").err().unwrap_or_else(|| ResponseParseError::new("x", ""));
        assert_eq!(e.path(), "");
        assert_eq!(e.to_string(), "expected an array, found a number at byte 0");
        assert_eq!(ResponseParseError::new("", "bad").to_string(), "bad");
    }

    #[test]
    fn unhandled_error() {
        let meta = ErrorMetadata {
            code: Some("Foo".into()),
            message: Some("the message".into()),
            request_id: Some("rid".into()),
        };
        let e = UnhandledError::new(503, meta);
        assert_eq!(e.to_string(), "unhandled error response (HTTP 503, code `Foo`): the message");
        assert_eq!(
            (e.status(), e.code(), e.message(), e.request_id()),
            (503, Some("Foo"), Some("the message"), Some("rid"))
        );
        assert!(e.source().is_none() && e.parse_error().is_none());
        assert_eq!(
            UnhandledError::new(500, ErrorMetadata::default()).to_string(),
            "unhandled error response (HTTP 500)"
        );
        let e =
            UnhandledError::new(200, ErrorMetadata::default()).with_parse_error(ResponseParseError::new("A.B", "bad"));
        assert_eq!(e.to_string(), "could not parse the response (HTTP 200): `A.B`: bad");
        assert_eq!(e.source().map(ToString::to_string).as_deref(), Some("`A.B`: bad"));
        assert_eq!(e.parse_error().map(ResponseParseError::path), Some("A.B"));
    }
}
