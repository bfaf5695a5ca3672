//! Absolute Smithy shape ids (`namespace#Name`, `namespace#Name$member`).

use std::fmt;

/// An absolute shape id without a member part: `com.example#Widget`.
///
/// Ordered by namespace, then name, so that every map keyed by it iterates
/// in the same order on every run.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct ShapeId {
    namespace: String,
    name: String,
}

impl ShapeId {
    /// Parses `namespace#Name`; member ids (`…$member`) are refused, as are
    /// relative ids, which the JSON AST never contains.
    pub(crate) fn parse(text: &str) -> Result<Self, String> {
        let Some((namespace, name)) = text.split_once('#') else {
            return Err(format!("`{text}` is not an absolute shape id (expected `namespace#Name`)"));
        };
        if name.contains('$') {
            return Err(format!("`{text}` is a member id where a shape id is expected"));
        }
        let valid_namespace = !namespace.is_empty() && namespace.split('.').all(is_identifier);
        if !valid_namespace || !is_identifier(name) {
            return Err(format!("`{text}` is not a valid shape id"));
        }
        Ok(Self { namespace: namespace.to_owned(), name: name.to_owned() })
    }

    /// A prelude id: `smithy.api#name`.
    pub(crate) fn prelude(name: &str) -> Self {
        Self { namespace: PRELUDE_NAMESPACE.to_owned(), name: name.to_owned() }
    }

    /// The part after `#`.
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    pub(crate) fn is_prelude(&self) -> bool {
        self.namespace == PRELUDE_NAMESPACE
    }
}

/// The namespace of Smithy's built-in shapes.
pub(crate) const PRELUDE_NAMESPACE: &str = "smithy.api";

/// Smithy identifiers: `[A-Za-z_][A-Za-z0-9_]*` with at least one letter or digit.
pub(crate) fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    let Some(first) = chars.next() else { return false };
    (first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && text.chars().any(|c| c.is_ascii_alphanumeric())
}

impl fmt::Display for ShapeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.namespace, self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_absolute_ids() {
        let id = ShapeId::parse("com.example#Widget").expect("valid");
        assert_eq!(id.namespace, "com.example");
        assert_eq!(id.name(), "Widget");
        assert_eq!(id.to_string(), "com.example#Widget");
    }

    #[test]
    fn refuses_malformed_ids() {
        for bad in ["Widget", "com.example#", "#Widget", "com.example#Widget$member", "com..x#A", "a#1B", "a#B-C"] {
            assert!(ShapeId::parse(bad).is_err(), "{bad} should be refused");
        }
    }
}
