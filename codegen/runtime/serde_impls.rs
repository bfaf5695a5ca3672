//! The `serde` feature: `Serialize` and `Deserialize` where a derive cannot say the wire form.
//! Structures derive both (with the model's member names); the primitives have theirs beside
//! them (`blob.rs`: base64, `datetime.rs`: RFC 3339, `bignum.rs`: decimal text); this file has
//! two macros, for string enums (through `as_str()` and `From<&str>`, unknown values kept) and
//! unions (a one-key object, `{"Member": value}`, an unknown member kept whole).
#![allow(dead_code, unused_macros, unused_imports)]

use serde::{Serialize, Serializer};

/// `Serialize` and `Deserialize` of a string enum: its wire value; any other value is kept as
/// the enum's `Unknown`. The macros name `std`'s types by their paths: they expand beside the
/// crate's own types, one of which may be called `Result` (CodePipeline's is a string enum).
macro_rules! string_enum {
    ($ty:ty) => {
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(&*value))
            }
        }
    };
}
pub(crate) use string_enum;

/// `Serialize` and `Deserialize` of a union: `{"Member": value}` (`{}` for a unit member); a
/// member this version does not know is kept as `Unknown`, name and value.
macro_rules! union {
    ($ty:ty { $($variant:ident = $wire:literal),* $(,)? } { $($unit:ident = $unit_wire:literal),* $(,)? }) => {
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(Some(1))?;
                match self {
                    $(Self::$variant(value) => map.serialize_entry($wire, value)?,)*
                    $(Self::$unit => map.serialize_entry($unit_wire, &$crate::rt::serde_impls::Empty)?,)*
                    Self::Unknown(unknown) => map.serialize_entry(unknown.name(), unknown.value())?,
                }
                map.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                struct Members;
                impl<'de> ::serde::de::Visitor<'de> for Members {
                    type Value = $ty;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("a union (", stringify!($ty), "): an object with one member"))
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<Self::Value, A::Error> {
                        let Some(name) = map.next_key::<::std::string::String>()? else {
                            return Err(::serde::de::Error::custom("a union needs one member, the object is empty"));
                        };
                        let value = match name.as_str() {
                            $($wire => Self::Value::$variant(map.next_value()?),)*
                            $($unit_wire => {
                                map.next_value::<::serde::de::IgnoredAny>()?;
                                Self::Value::$unit
                            })*
                            _ => {
                                let value = map.next_value::<::serde_json::Value>()?;
                                Self::Value::Unknown($crate::rt::union::UnknownVariant::new(name, value))
                            }
                        };
                        if map.next_key::<::serde::de::IgnoredAny>()?.is_some() {
                            return Err(::serde::de::Error::custom("a union has one member, the object has more"));
                        }
                        Ok(value)
                    }
                }
                deserializer.deserialize_map(Members)
            }
        }
    };
}
pub(crate) use union;

/// The `{}` of a unit member.
pub(crate) struct Empty;

impl Serialize for Empty {
    fn serialize<S: Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        serializer.serialize_map(Some(0))?.end()
    }
}

#[cfg(test)]
mod tests {
    /// CodePipeline's `Result`: a string enum named like the prelude's type.
    #[derive(Debug, PartialEq)]
    enum Result {
        Succeeded,
        Unknown(String),
    }

    impl Result {
        fn as_str(&self) -> &str {
            match self {
                Self::Succeeded => "Succeeded",
                Self::Unknown(value) => value,
            }
        }
    }

    impl From<&str> for Result {
        fn from(value: &str) -> Self {
            match value {
                "Succeeded" => Self::Succeeded,
                other => Self::Unknown(other.to_owned()),
            }
        }
    }

    string_enum!(Result);

    #[test]
    fn a_string_enum_named_result_round_trips() {
        let json = serde_json::to_string(&Result::Succeeded).expect("serializes");
        assert_eq!(json, "\"Succeeded\"");
        let back: Result = serde_json::from_str("\"Later\"").expect("deserializes");
        assert_eq!(back, Result::Unknown("Later".to_owned()));
    }
}
