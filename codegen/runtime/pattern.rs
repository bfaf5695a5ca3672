//! `@pattern` checks for the generated `validate()` methods (only in crates that have patterns,
//! so that others do not depend on regex-lite).
#![allow(dead_code)]

use super::constraints::join;
use super::error::{Constraint, ConstraintViolation};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// Compiled patterns, keyed by their text: each is compiled once per process, and a check
/// site needs no static of its own (which kept the generated code short).
static COMPILED: OnceLock<Mutex<HashMap<&'static str, Option<regex_lite::Regex>>>> = OnceLock::new();

/// `@pattern`, searched anywhere in `value` (Smithy patterns are not implicitly anchored).
/// A pattern the regex engine cannot compile is not checked.
pub(crate) fn pattern(
    value: &str,
    pattern: &'static str,
    path: &str,
    member: &str,
    out: &mut Vec<ConstraintViolation>,
) {
    let cache = COMPILED.get_or_init(Default::default);
    // A poisoned lock only means another thread panicked mid-insert; the map is still usable.
    let mut cache = cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let regex = cache.entry(pattern).or_insert_with(|| regex_lite::Regex::new(pattern).ok());
    if regex.as_ref().is_some_and(|regex| !regex.is_match(value)) {
        out.push(ConstraintViolation::new(join(path, member), Constraint::Pattern { pattern }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        let mut out = Vec::new();
        pattern("abc", "^[a-z]+$", "", "P", &mut out);
        pattern("ab1", "^[a-z]+$", "", "P", &mut out);
        pattern("--x--", "[a-z]", "", "P", &mut out);
        pattern("---", "[a-z]", "", "P", &mut out);
        pattern("anything", "^(?!foo).*$", "", "P", &mut out);
        let text: Vec<String> = out.iter().map(ToString::to_string).collect();
        assert_eq!(text, ["`P`: does not match pattern `^[a-z]+$`", "`P`: does not match pattern `[a-z]`"]);
        let cache = COMPILED.get().expect("filled").lock().expect("not poisoned");
        assert!(matches!(cache.get("^(?!foo).*$"), Some(None)), "an unsupported pattern is remembered as such");
    }
}
