//! Every Rust name the generator emits comes from here: case conversion (heck),
//! Rust keywords, leading digits, names that are not identifiers at all, and
//! deterministic renames when two names collide.
//!
//! The wire name is never derived from the Rust name; the IR keeps both.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords that can be used as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else", "enum",
    "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move",
    "mut", "override", "priv", "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NON_RAW_KEYWORDS: &[&str] = &["crate", "self", "super", "Self", "_"];

/// A `snake_case` name for a field, method or module: keywords become raw
/// identifiers (`r#type`), `self`/`super`/`crate` get a trailing `_`, and a
/// name that starts with a digit gets a leading `_`.
pub(crate) fn snake(name: &str) -> String {
    let mut snake = name.to_snake_case();
    if snake.is_empty() {
        snake = format!("_{}", hex_name(name));
    }
    if snake.starts_with(|c: char| c.is_ascii_digit()) {
        snake.insert(0, '_');
    }
    escape_keyword(snake)
}

/// An `UpperCamelCase` name for a type or variant. A leading digit gets a `V`
/// prefix (`0.5` → `V05`), `Self` becomes `SelfValue`, and a name with no
/// letters or digits at all becomes `Value` plus the hex of its bytes.
pub(crate) fn camel(name: &str) -> String {
    let mut camel = name.to_upper_camel_case();
    if camel.is_empty() {
        return format!("Value{}", hex_name(name));
    }
    if camel.starts_with(|c: char| c.is_ascii_digit()) {
        camel.insert(0, 'V');
    }
    if camel == "Self" {
        camel.push_str("Value");
    }
    camel
}

fn escape_keyword(name: String) -> String {
    if NON_RAW_KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else if RAW_KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The bytes of `name` in hex, for names made only of punctuation.
fn hex_name(name: &str) -> String {
    name.bytes().map(|b| format!("{b:02X}")).collect()
}

/// The builder setter of a field: `set_<field>` (leading `_` dropped, so
/// that `_3d_model` gives `set_3d_model`, not a double underscore).
pub(crate) fn setter_name(field: &str) -> String {
    let bare = field.strip_prefix("r#").unwrap_or(field);
    format!("set_{}", bare.trim_start_matches('_'))
}

/// Method names of std traits (`Add::add`, `Clone::clone`, …): a getter or
/// setter with such a name trips `clippy::should_implement_trait`.
pub(crate) fn is_std_trait_method(name: &str) -> bool {
    const NAMES: &[&str] = &[
        "add",
        "as_mut",
        "as_ref",
        "bitand",
        "bitor",
        "bitxor",
        "borrow",
        "borrow_mut",
        "clone",
        "cmp",
        "default",
        "deref",
        "deref_mut",
        "div",
        "drop",
        "eq",
        "from_iter",
        "from_str",
        "hash",
        "index",
        "index_mut",
        "into_iter",
        "mul",
        "neg",
        "next",
        "not",
        "partial_cmp",
        "rem",
        "shl",
        "shr",
        "sub",
    ];
    NAMES.contains(&name.strip_prefix("r#").unwrap_or(name))
}

/// Hands out unique names within one scope (a module, a struct's fields, an
/// enum's variants). The first comer keeps its name; later ones that collide
/// with it, or with a reserved name, get a numeric suffix. Callers feed
/// names in a deterministic order (declaration or shape-id order), so the
/// renames are the same on every run.
#[derive(Debug, Default)]
pub(crate) struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope where `reserved` names are already taken.
    pub(crate) fn with_reserved(reserved: &[&str]) -> Self {
        Self { taken: reserved.iter().map(|s| (*s).to_owned()).collect() }
    }

    /// Claims `wanted`, or the first free `wanted2`, `wanted3`, … (for snake
    /// names: `wanted_2`, …). Raw identifiers compare without their `r#`.
    pub(crate) fn claim(&mut self, wanted: &str) -> String {
        let bare = wanted.strip_prefix("r#").unwrap_or(wanted);
        if self.taken.insert(bare.to_owned()) {
            return wanted.to_owned();
        }
        let snake_style = bare.starts_with(|c: char| c.is_ascii_lowercase() || c == '_');
        let base = bare.trim_end_matches('_');
        for n in 2.. {
            let candidate = if snake_style { format!("{base}_{n}") } else { format!("{base}{n}") };
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
        unreachable!("an unbounded counter always finds a free name")
    }

    /// Claims a field name such that its builder setter (`set_<name>`) is
    /// free too: `name` and `setName` in one structure would otherwise both
    /// want `set_name`. The later one gets a numeric suffix.
    pub(crate) fn claim_field(&mut self, wanted: &str) -> String {
        let bare = wanted.strip_prefix("r#").unwrap_or(wanted);
        for n in 1.. {
            let candidate = if n == 1 { bare.to_owned() } else { format!("{}_{n}", bare.trim_end_matches('_')) };
            let setter = setter_name(&candidate);
            if !self.taken.contains(&candidate) && !self.taken.contains(&setter) {
                self.taken.insert(setter);
                self.taken.insert(candidate.clone());
                return if n == 1 { wanted.to_owned() } else { candidate };
            }
        }
        unreachable!("an unbounded counter always finds a free name")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_names() {
        let cases = [
            ("TaskId", "task_id"),
            ("numberOfQueuedThings", "number_of_queued_things"),
            ("NumberOfCanceledThings", "number_of_canceled_things"),
            ("S3Url", "s3_url"),
            ("OAuth", "o_auth"),
            ("type", "r#type"),
            ("Type", "r#type"),
            ("self", "self_"),
            ("Self", "self_"),
            ("crate", "crate_"),
            ("super", "super_"),
            ("async", "r#async"),
            ("3dModel", "_3d_model"),
            ("union", "union"),
            ("__", "_5F5F"),
        ];
        for (input, expected) in cases {
            assert_eq!(snake(input), expected, "snake({input:?})");
        }
    }

    #[test]
    fn camel_names() {
        let cases = [
            ("ONE_TIME", "OneTime"),
            ("IN_PROGRESS", "InProgress"),
            ("DELETION_IN_PROGRESS", "DeletionInProgress"),
            ("0.5", "V05"),
            ("13.5", "V135"),
            ("SELF", "SelfValue"),
            ("Self", "SelfValue"),
            ("AWS::DynamoDB::Table", "AwsDynamoDbTable"),
            ("ASN1Subject", "Asn1Subject"),
            ("*", "Value2A"),
            ("", "Value"),
            ("dark-red", "DarkRed"),
            ("__string", "String"),
        ];
        for (input, expected) in cases {
            assert_eq!(camel(input), expected, "camel({input:?})");
        }
    }

    #[test]
    fn fields_keep_their_setters_apart() {
        let mut fields = Scope::default();
        assert_eq!(fields.claim_field("name"), "name");
        // `set_name` is the builder setter of `name` already.
        assert_eq!(fields.claim_field("set_name"), "set_name_2");
        let mut reversed = Scope::default();
        assert_eq!(reversed.claim_field("set_name"), "set_name");
        assert_eq!(reversed.claim_field("name"), "name_2");
        assert_eq!(setter_name("_3d_model"), "set_3d_model");
        assert_eq!(setter_name("r#type"), "set_type");
    }

    #[test]
    fn scope_renames_deterministically() {
        let mut scope = Scope::with_reserved(&["Unknown"]);
        assert_eq!(scope.claim("Unknown"), "Unknown2");
        assert_eq!(scope.claim("DeleteStream"), "DeleteStream");
        assert_eq!(scope.claim("DeleteStream"), "DeleteStream2");
        assert_eq!(scope.claim("DeleteStream"), "DeleteStream3");
        let mut fields = Scope::default();
        assert_eq!(fields.claim("r#type"), "r#type");
        assert_eq!(fields.claim("type"), "type_2");
        assert_eq!(fields.claim("foo_bar"), "foo_bar");
        assert_eq!(fields.claim("foo_bar"), "foo_bar_2");
    }
}
