//! `@pattern` checks for the generated `validate()` methods (only in crates that have patterns,
//! so that others do not depend on regex-lite).
#![allow(dead_code)]

use super::constraints::join;
use super::error::{Constraint, ConstraintViolation};
use std::sync::OnceLock;

/// `@pattern`, searched anywhere in `value` (Smithy patterns are not implicitly anchored).
/// `compiled` caches the regex; a pattern the regex engine cannot compile is not checked.
pub(crate) fn pattern(
    value: &str,
    pattern: &'static str,
    compiled: &'static OnceLock<Option<regex_lite::Regex>>,
    path: &str,
    member: &str,
    out: &mut Vec<ConstraintViolation>,
) {
    let regex = compiled.get_or_init(|| regex_lite::Regex::new(pattern).ok());
    if regex.as_ref().is_some_and(|regex| !regex.is_match(value)) {
        out.push(ConstraintViolation::new(join(path, member), Constraint::Pattern { pattern }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        static LOWER: OnceLock<Option<regex_lite::Regex>> = OnceLock::new();
        static UNANCHORED: OnceLock<Option<regex_lite::Regex>> = OnceLock::new();
        static LOOKAHEAD: OnceLock<Option<regex_lite::Regex>> = OnceLock::new();
        let mut out = Vec::new();
        pattern("abc", "^[a-z]+$", &LOWER, "", "P", &mut out);
        pattern("ab1", "^[a-z]+$", &LOWER, "", "P", &mut out);
        pattern("--x--", "[a-z]", &UNANCHORED, "", "P", &mut out);
        pattern("---", "[a-z]", &UNANCHORED, "", "P", &mut out);
        pattern("anything", "^(?!foo).*$", &LOOKAHEAD, "", "P", &mut out);
        let text: Vec<String> = out.iter().map(ToString::to_string).collect();
        assert_eq!(text, ["`P`: does not match pattern `^[a-z]+$`", "`P`: does not match pattern `[a-z]`"]);
        assert!(matches!(LOOKAHEAD.get(), Some(None)));
    }
}
