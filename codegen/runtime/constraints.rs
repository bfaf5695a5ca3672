//! Checks behind the generated `validate()` methods (`@required`, `@length`, `@range`, `@pattern`).
#![allow(dead_code)]

use super::error::{Constraint, ConstraintViolation, ConstraintViolations};
use std::collections::HashMap;
use std::fmt::Display;

/// A value whose model constraints can be checked.
pub(crate) trait Validate {
    /// Appends every violation in `self`, which sits at `path`, to `out`.
    fn validate_into(&self, path: &str, out: &mut Vec<ConstraintViolation>);
}

/// Checks a whole value: `Ok` if it breaks no constraint (a trait object: one copy per crate).
pub(crate) fn check(value: &dyn Validate) -> Result<(), ConstraintViolations> {
    let mut out = Vec::new();
    value.validate_into("", &mut out);
    if out.is_empty() {
        Ok(())
    } else {
        Err(ConstraintViolations::new(out))
    }
}

/// Validates each element of a list at `path[index]`.
pub(crate) fn validate_each<T: Validate>(items: &[T], path: &str, out: &mut Vec<ConstraintViolation>) {
    for (i, item) in items.iter().enumerate() {
        item.validate_into(&format!("{path}[{i}]"), out);
    }
}

/// Validates each value of a map at `path[key]` (in the map's iteration order).
pub(crate) fn validate_values<K: Display, V: Validate>(
    map: &HashMap<K, V>,
    path: &str,
    out: &mut Vec<ConstraintViolation>,
) {
    for (key, value) in map {
        value.validate_into(&format!("{path}[{key}]"), out);
    }
}

/// The path of `member` inside `parent`: `A` + `B` is `A.B`; an empty side is left out.
pub(crate) fn join(parent: &str, member: &str) -> String {
    match (parent, member) {
        ("", member) => member.to_owned(),
        (parent, "") => parent.to_owned(),
        (parent, member) => format!("{parent}.{member}"),
    }
}

/// `@required`: the member must be set.
pub(crate) fn required<T>(value: Option<&T>, path: &str, member: &str, out: &mut Vec<ConstraintViolation>) {
    if value.is_none() {
        out.push(ConstraintViolation::new(join(path, member), Constraint::Required));
    }
}

/// `@length`: `actual` is Unicode scalar values for strings, bytes for blobs, entries for
/// collections.
pub(crate) fn length(
    actual: usize,
    min: Option<u64>,
    max: Option<u64>,
    path: &str,
    member: &str,
    out: &mut Vec<ConstraintViolation>,
) {
    let actual = actual as u64;
    if min.is_some_and(|min| actual < min) || max.is_some_and(|max| actual > max) {
        out.push(ConstraintViolation::new(join(path, member), Constraint::Length { min, max, actual }));
    }
}

/// `@range` (inclusive); NaN is out of any bounded range.
pub(crate) fn range(
    actual: f64,
    min: Option<f64>,
    max: Option<f64>,
    path: &str,
    member: &str,
    out: &mut Vec<ConstraintViolation>,
) {
    if !(min.is_none_or(|min| actual >= min) && max.is_none_or(|max| actual <= max)) {
        out.push(ConstraintViolation::new(join(path, member), Constraint::Range { min, max, actual }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Name(String);

    impl Validate for Name {
        fn validate_into(&self, path: &str, out: &mut Vec<ConstraintViolation>) {
            length(self.0.chars().count(), Some(1), Some(3), path, "Name", out);
        }
    }

    fn paths(out: &[ConstraintViolation]) -> Vec<&str> {
        out.iter().map(ConstraintViolation::path).collect()
    }

    #[test]
    fn joins_paths() {
        assert_eq!(join("", "A"), "A");
        assert_eq!(join("A", "B"), "A.B");
        assert_eq!(join("A[0]", ""), "A[0]");
    }

    #[test]
    fn containers_and_check() {
        let mut out = Vec::new();
        validate_each(&[Name("ok".into()), Name("toolong".into())], "Items", &mut out);
        let map = HashMap::from([("k", Name(String::new()))]);
        validate_values(&map, "Tags", &mut out);
        assert_eq!(paths(&out), ["Items[1].Name", "Tags[k].Name"]);

        assert_eq!(check(&Name("😹😹😹".into())), Ok(()));
        let e = check(&Name(String::new())).err().map(|e| e.to_string());
        assert_eq!(e.as_deref(), Some("`Name`: length 0 is not within 1..=3"));
    }

    #[test]
    fn required_length_range() {
        let mut out = Vec::new();
        required(Some(&1), "", "A", &mut out);
        required::<u8>(None, "P", "A", &mut out);
        length(5, Some(5), Some(5), "", "L", &mut out);
        length(4, Some(5), None, "", "L", &mut out);
        length(6, None, Some(5), "", "L", &mut out);
        range(10.0, Some(0.0), Some(10.0), "", "R", &mut out);
        range(-1.0, Some(0.0), None, "", "R", &mut out);
        range(10.5, None, Some(10.0), "", "R", &mut out);
        range(f64::NAN, None, Some(10.0), "", "R", &mut out);
        range(f64::NAN, None, None, "", "R", &mut out);
        let text: Vec<String> = out.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            [
                "`P.A`: is required but was not set",
                "`L`: length 4 is not within 5..",
                "`L`: length 6 is not within ..=5",
                "`R`: value -1 is not within 0..",
                "`R`: value 10.5 is not within ..=10",
                "`R`: value NaN is not within ..=10",
            ]
        );
    }
}
