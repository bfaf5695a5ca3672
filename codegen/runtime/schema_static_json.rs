//! EXPERIMENT (`CODEGEN_EXPERIMENT_SCHEMA=static`): `schema_json.rs` for `schema_static.rs`,
//! the codec as a type parameter. The JSON codec of the schema-based reader: it implements
//! [`ShapeDeserializer`] on the same [`Reader`] the generated `FromJson` impls use, so the
//! variants share every byte-level routine and differ only in how a type's members are found
//! and reached. Its methods are `#[inline]`, as the `FromJson` impls they call are, so that static
//! dispatch gets the inlining the default readers get. Also the body and error entry points
//! (`parse_json`, `parse_error`) that `response.rs` has for `FromJson`.
#![allow(dead_code)]

use super::error::{ErrorParts, ResponseParseError};
use super::json::{FromJson, Reader};
use super::response::ErrorMetadata;
use super::schema::{Deserialize, Member, Schema, ShapeDeserializer, TimestampFormat, ROOT};
use std::borrow::Cow;

type Result<T> = std::result::Result<T, ResponseParseError>;

/// Reads a `T` from `bytes`, which must hold exactly one JSON value (and whitespace).
pub fn from_slice<T: Deserialize>(bytes: &[u8]) -> Result<T> {
    let mut reader = Reader::new(bytes);
    let value = T::deserialize(&mut reader, &ROOT)?;
    reader.end()?;
    Ok(value)
}

/// Parses a JSON body; an empty (or all-whitespace) body reads as `{}`.
pub(crate) fn parse_json<T: Deserialize>(body: &[u8]) -> Result<T> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) { b"{}" } else { body };
    from_slice(body)
}

/// `response::parse_error` for schema-read errors.
pub(crate) fn parse_error<T: Deserialize + ErrorParts>(body: &[u8], meta: &ErrorMetadata) -> Result<T> {
    parse_error_with(body, meta, Ok)
}

/// `response::parse_error_with` for schema-read errors.
pub(crate) fn parse_error_with<T: Deserialize + ErrorParts>(
    body: &[u8],
    meta: &ErrorMetadata,
    read_http: impl FnOnce(T) -> Result<T>,
) -> Result<T> {
    let mut error = read_http(parse_json(body)?)?;
    if let Some(slot) = error.message_slot() {
        if slot.is_none() {
            slot.clone_from(&meta.message);
        }
    }
    Ok(error)
}

/// The member named `key`: responses usually list members in model order, so the one after
/// the last found is tried first, then all of them.
#[inline]
fn find(members: &'static [Member], key: &str, hint: usize) -> Option<(usize, &'static Member)> {
    if let Some(member) = members.get(hint) {
        if member.json_name == key {
            return Some((hint, member));
        }
    }
    members.iter().enumerate().find(|(_, member)| member.json_name == key)
}

impl ShapeDeserializer for Reader<'_> {
    #[inline]
    fn read_struct(
        &mut self,
        schema: &'static Schema,
        mut f: impl FnMut(usize, &'static Member, &mut Self) -> Result<()>,
    ) -> Result<()> {
        let mut hint = 0;
        self.object(|r, key| match find(schema.members, key, hint) {
            Some((index, member)) => {
                hint = index + 1;
                f(index, member, r)
            }
            None => r.skip(),
        })
    }

    #[inline]
    fn read_union(
        &mut self,
        schema: &'static Schema,
        mut f: impl FnMut(Option<(usize, &'static Member)>, &str, &mut Self) -> Result<()>,
    ) -> Result<()> {
        self.union(schema.name, |r, key| f(find(schema.members, key, 0), key, r))
    }

    #[inline]
    fn read_list(&mut self, f: impl FnMut(&mut Self) -> Result<()>) -> Result<()> {
        // `Vec<()>` does not allocate.
        self.every_element(f).map(drop)
    }

    #[inline]
    fn read_map(&mut self, mut f: impl FnMut(&str, &mut Self) -> Result<()>) -> Result<()> {
        self.object(|r, key| f(key, r))
    }

    #[inline]
    fn read_null(&mut self) -> bool {
        self.is_null() && self.skip().is_ok()
    }

    #[inline]
    fn read_bool(&mut self) -> Result<bool> {
        bool::read(self)
    }

    #[inline]
    fn read_i8(&mut self) -> Result<i8> {
        i8::read(self)
    }

    #[inline]
    fn read_i16(&mut self) -> Result<i16> {
        i16::read(self)
    }

    #[inline]
    fn read_i32(&mut self) -> Result<i32> {
        i32::read(self)
    }

    #[inline]
    fn read_i64(&mut self) -> Result<i64> {
        i64::read(self)
    }

    #[inline]
    fn read_f32(&mut self) -> Result<f32> {
        f32::read(self)
    }

    #[inline]
    fn read_f64(&mut self) -> Result<f64> {
        f64::read(self)
    }

    #[inline]
    fn read_string(&mut self) -> Result<String> {
        String::read(self)
    }

    #[inline]
    fn read_str(&mut self) -> Result<Cow<'_, str>> {
        self.string()
    }

    #[inline]
    fn read_document(&mut self) -> Result<serde_json::Value> {
        serde_json::Value::read(self)
    }

    #[inline]
    fn skip(&mut self) -> Result<()> {
        Reader::skip(self)
    }

    // @needs(datetime)
    #[inline]
    fn read_timestamp(&mut self, format: TimestampFormat) -> Result<super::datetime::DateTime> {
        match format {
            TimestampFormat::DateTime => super::datetime::read_date_time(self),
            TimestampFormat::HttpDate => super::datetime::read_http_date(self),
            TimestampFormat::Default | TimestampFormat::EpochSeconds => super::datetime::DateTime::read(self),
        }
    }
    // @end

    // @needs(blob)
    #[inline]
    fn read_blob(&mut self) -> Result<super::blob::Blob> {
        super::blob::Blob::read(self)
    }
    // @end

    // @needs(bignum)
    #[inline]
    fn read_big_integer(&mut self) -> Result<super::bignum::BigInteger> {
        super::bignum::BigInteger::read(self)
    }

    #[inline]
    fn read_big_decimal(&mut self) -> Result<super::bignum::BigDecimal> {
        super::bignum::BigDecimal::read(self)
    }
    // @end
}
