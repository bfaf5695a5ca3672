//! EXPERIMENT (`CODEGEN_EXPERIMENT_SCHEMA=static`, read direction only): `schema.rs` with
//! static dispatch. The generated crate gets this file as its `rt::schema`; the only
//! difference is that codecs are type parameters, not trait objects, so every read is
//! monomorphized for the crate's one codec (and `ShapeDeserializer` is not object-safe).
//!
//! Below, `schema.rs`'s description: schema-based
//! deserialization, the design smithy-java, smithy-python and aws-smithy-schema use. Each
//! generated type describes its members once as static data ([`Schema`]) and reads itself
//! through the protocol-agnostic, object-safe [`ShapeDeserializer`]; each protocol's codec
//! implements that trait once (JSON: `schema_json.rs`). Rust has no reflection, so the
//! generated code still routes a member (by index) to its field; what moves into the runtime
//! is the walk of the document and the lookup of member names.
//!
//! Lines between `// @needs(NAME)` and `// @end` are kept only in crates that need that part
//! of the runtime (their types do not exist otherwise).
#![allow(dead_code)]

use super::error::ResponseParseError;
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::Hash;

/// The result of reading a shape.
pub type Result<T> = std::result::Result<T, ResponseParseError>;

/// A structure or union: its members, in the order the generated code numbers them.
#[derive(Debug)]
pub struct Schema {
    /// The shape's name (for messages).
    pub(crate) name: &'static str,
    pub(crate) members: &'static [Member],
}

/// A member of a structure or union, with the traits the codecs read.
#[derive(Debug)]
pub struct Member {
    /// The model's member name.
    pub(crate) name: &'static str,
    /// The JSON key: `@jsonName` where the protocol honours it, else the member name.
    pub(crate) json_name: &'static str,
    /// `@timestampFormat` of the timestamp this member holds (at any depth of a collection).
    pub(crate) timestamp: TimestampFormat,
}

impl Member {
    /// A member whose JSON key is its name.
    pub(crate) const fn plain(name: &'static str) -> Self {
        Self::new(name, name)
    }

    pub(crate) const fn new(name: &'static str, json_name: &'static str) -> Self {
        Self { name, json_name, timestamp: TimestampFormat::Default }
    }

    pub(crate) const fn timestamp(name: &'static str, json_name: &'static str, format: TimestampFormat) -> Self {
        Self { name, json_name, timestamp: format }
    }
}

/// `@timestampFormat`; `Default` is the protocol's own (epoch seconds in JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    Default,
    DateTime,
    HttpDate,
    EpochSeconds,
}

/// The member schema of a whole body (no traits).
pub(crate) static ROOT: Member = Member::new("", "");

/// What a protocol's codec offers the generated code: one method per kind of Smithy shape.
/// Generic: each type's reading code is monomorphized for the codec.
pub trait ShapeDeserializer: Sized {
    /// Reads a structure: `f(index, member, deserializer)` for each member of `schema` found
    /// (it must consume the value); other members are skipped.
    fn read_struct(
        &mut self,
        schema: &'static Schema,
        f: impl FnMut(usize, &'static Member, &mut Self) -> Result<()>,
    ) -> Result<()>;
    /// Reads a union with exactly one member set: `f(member, key, deserializer)` for it, with
    /// `None` for a member `schema` does not have.
    fn read_union(
        &mut self,
        schema: &'static Schema,
        f: impl FnMut(Option<(usize, &'static Member)>, &str, &mut Self) -> Result<()>,
    ) -> Result<()>;
    /// Reads a list: `f` for every element, `null` ones included.
    fn read_list(&mut self, f: impl FnMut(&mut Self) -> Result<()>) -> Result<()>;
    /// Reads a map: `f(key, deserializer)` for every entry, `null` values included.
    fn read_map(&mut self, f: impl FnMut(&str, &mut Self) -> Result<()>) -> Result<()>;
    /// Consumes a `null` if one is next.
    fn read_null(&mut self) -> bool;
    fn read_bool(&mut self) -> Result<bool>;
    fn read_i8(&mut self) -> Result<i8>;
    fn read_i16(&mut self) -> Result<i16>;
    fn read_i32(&mut self) -> Result<i32>;
    fn read_i64(&mut self) -> Result<i64>;
    fn read_f32(&mut self) -> Result<f32>;
    fn read_f64(&mut self) -> Result<f64>;
    fn read_string(&mut self) -> Result<String>;
    /// A string, borrowed where the codec can (enum values).
    fn read_str(&mut self) -> Result<Cow<'_, str>>;
    fn read_document(&mut self) -> Result<serde_json::Value>;
    /// Skips one value.
    fn skip(&mut self) -> Result<()>;
    // @needs(datetime)
    fn read_timestamp(&mut self, format: TimestampFormat) -> Result<super::datetime::DateTime>;
    // @end
    // @needs(blob)
    fn read_blob(&mut self) -> Result<super::blob::Blob>;
    // @end
    // @needs(bignum)
    fn read_big_integer(&mut self) -> Result<super::bignum::BigInteger>;
    fn read_big_decimal(&mut self) -> Result<super::bignum::BigDecimal>;
    // @end
}

/// A type read through a [`ShapeDeserializer`]; `member` carries the traits of the member
/// that holds it.
pub trait Deserialize: Sized {
    /// `true` only for `Option<T>` (the elements of `@sparse` collections): collections then
    /// keep `null`s; otherwise they drop them.
    #[doc(hidden)]
    const NULLABLE: bool = false;

    #[doc(hidden)]
    fn deserialize<D: ShapeDeserializer>(d: &mut D, member: &'static Member) -> Result<Self>;
}

/// Reads a member's value into `slot` (the generated code's one call per member).
#[inline]
pub(crate) fn read_into<T: Deserialize, D: ShapeDeserializer>(
    d: &mut D,
    m: &'static Member,
    slot: &mut T,
) -> Result<()> {
    *slot = T::deserialize(d, m)?;
    Ok(())
}

/// Reads a member's value.
#[inline]
pub(crate) fn read<T: Deserialize, D: ShapeDeserializer>(d: &mut D, m: &'static Member) -> Result<T> {
    T::deserialize(d, m)
}

macro_rules! scalars {
    ($($t:ty => $method:ident),*) => {$(
        impl Deserialize for $t {
            #[inline]
            fn deserialize<D: ShapeDeserializer>(d: &mut D, _: &'static Member) -> Result<Self> {
                d.$method()
            }
        }
    )*};
}

scalars!(bool => read_bool, i8 => read_i8, i16 => read_i16, i32 => read_i32, i64 => read_i64, f32 => read_f32,
    f64 => read_f64, String => read_string, serde_json::Value => read_document);

impl<T: Deserialize> Deserialize for Option<T> {
    const NULLABLE: bool = true;

    #[inline]
    fn deserialize<D: ShapeDeserializer>(d: &mut D, m: &'static Member) -> Result<Self> {
        if d.read_null() {
            Ok(None)
        } else {
            T::deserialize(d, m).map(Some)
        }
    }
}

impl<T: Deserialize> Deserialize for Box<T> {
    const NULLABLE: bool = T::NULLABLE;

    #[inline]
    fn deserialize<D: ShapeDeserializer>(d: &mut D, m: &'static Member) -> Result<Self> {
        T::deserialize(d, m).map(Box::new)
    }
}

/// Dense lists drop `null` elements; sparse ones (`Vec<Option<T>>`) keep them.
impl<T: Deserialize> Deserialize for Vec<T> {
    fn deserialize<D: ShapeDeserializer>(d: &mut D, m: &'static Member) -> Result<Self> {
        let mut list = Vec::new();
        d.read_list(|d| {
            if !T::NULLABLE && d.read_null() {
                return Ok(());
            }
            list.push(T::deserialize(d, m)?);
            Ok(())
        })?;
        Ok(list)
    }
}

/// Dense maps drop entries whose value is `null` (the last one for a key wins).
impl<K: Eq + Hash + for<'k> From<&'k str>, V: Deserialize> Deserialize for HashMap<K, V> {
    fn deserialize<D: ShapeDeserializer>(d: &mut D, m: &'static Member) -> Result<Self> {
        let mut map = HashMap::new();
        d.read_map(|key, d| {
            if !V::NULLABLE && d.read_null() {
                map.remove(&K::from(key));
            } else {
                let value = V::deserialize(d, m)?;
                map.insert(K::from(key), value);
            }
            Ok(())
        })?;
        Ok(map)
    }
}

// @needs(datetime)
impl Deserialize for super::datetime::DateTime {
    #[inline]
    fn deserialize<D: ShapeDeserializer>(d: &mut D, m: &'static Member) -> Result<Self> {
        d.read_timestamp(m.timestamp)
    }
}
// @end

// @needs(blob)
impl Deserialize for super::blob::Blob {
    fn deserialize<D: ShapeDeserializer>(d: &mut D, _: &'static Member) -> Result<Self> {
        d.read_blob()
    }
}
// @end

// @needs(bignum)
impl Deserialize for super::bignum::BigInteger {
    fn deserialize<D: ShapeDeserializer>(d: &mut D, _: &'static Member) -> Result<Self> {
        d.read_big_integer()
    }
}

impl Deserialize for super::bignum::BigDecimal {
    fn deserialize<D: ShapeDeserializer>(d: &mut D, _: &'static Member) -> Result<Self> {
        d.read_big_decimal()
    }
}
// @end

// @needs(unions)
/// A union member this crate does not know, kept as a document.
pub(crate) fn unknown_variant<D: ShapeDeserializer>(d: &mut D, key: &str) -> Result<super::union::UnknownVariant> {
    Ok(super::union::UnknownVariant::new(key.to_owned(), d.read_document()?))
}
// @end
