//! JSON bodies: a small reader and writer that generated types implement [`FromJson`] and
//! [`ToJson`] against. It replaces serde's derives, whose expansion makes large generated
//! crates slow to compile; the generated impls are a plain `match` on member names.
//!
//! The reader validates as it goes (UTF-8, escapes, the number grammar), limits nesting to
//! [`MAX_DEPTH`] so that hostile input cannot overflow the stack, and builds an error's path
//! (`Targets[2].Name`) only while unwinding, so the success path does no bookkeeping.
#![allow(dead_code)]

use super::error::ResponseParseError;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::hash::Hash;

/// The result of reading JSON.
pub type Result<T> = std::result::Result<T, ResponseParseError>;

/// How deeply objects and arrays may nest (as in serde_json).
const MAX_DEPTH: usize = 128;

/// A type that can be read from JSON.
pub trait FromJson: Sized {
    /// `true` only for `Option<T>`: collections then keep `null` elements (Smithy `@sparse`);
    /// otherwise `null` elements and map values are dropped (dense collections).
    #[doc(hidden)]
    const NULLABLE: bool = false;

    /// Reads one value.
    #[doc(hidden)]
    fn read(reader: &mut Reader<'_>) -> Result<Self>;
}

/// A type that can be written as JSON.
pub trait ToJson {
    /// Writes one value.
    #[doc(hidden)]
    fn write(&self, writer: &mut Writer);
}

/// Reads a `T` from `bytes`, which must hold exactly one JSON value (and whitespace).
pub fn from_slice<T: FromJson>(bytes: &[u8]) -> Result<T> {
    let mut reader = Reader::new(bytes);
    let value = T::read(&mut reader)?;
    reader.end()?;
    Ok(value)
}

/// Writes `value` as JSON.
pub fn to_vec<T: ToJson + ?Sized>(value: &T) -> Vec<u8> {
    to_string(value).into_bytes()
}

/// Writes `value` as JSON text.
pub fn to_string<T: ToJson + ?Sized>(value: &T) -> String {
    let mut writer = Writer::new();
    value.write(&mut writer);
    writer.out
}

/// Bytes that end the fast scan of a string: the closing quote, a backslash, and the control
/// characters JSON forbids inside strings.
const STRING_STOP: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// A cursor over JSON input. Every method reads (or skips) one value, or fails.
#[derive(Debug)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    /// The input's longest valid UTF-8 prefix (all of it, for valid JSON): validated once
    /// here, so that a string is sliced from it instead of being validated again.
    text: &'a str,
    pos: usize,
    depth: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => {
                bytes.get(..error.valid_up_to()).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or_default()
            }
        };
        Self { bytes, text, pos: 0, depth: 0 }
    }

    /// Reads a `T` (a method form of [`FromJson::read`], usable as a function value).
    #[inline]
    pub(crate) fn read<T: FromJson>(&mut self) -> Result<T> {
        T::read(self)
    }

    /// Reads a `T` into `slot`: one call per member in the generated `match`, whose arms
    /// then all have the same type (cheaper to type-check than an assignment and `?` each).
    #[inline]
    pub(crate) fn read_into<T: FromJson>(&mut self, slot: &mut T) -> Result<()> {
        *slot = T::read(self)?;
        Ok(())
    }

    /// Like [`Reader::read_into`], reading with `f` (timestamps in a non-default format).
    #[inline]
    pub(crate) fn read_with<T>(&mut self, slot: &mut T, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<()> {
        *slot = f(self)?;
        Ok(())
    }

    /// `null` reads as `None`; anything else is read by `f`.
    #[inline]
    pub(crate) fn nullable<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<Option<T>> {
        if self.eat_null() {
            Ok(None)
        } else {
            f(self).map(Some)
        }
    }

    /// Consumes a `null` if one is next.
    #[inline]
    fn eat_null(&mut self) -> bool {
        let null = self.is_null();
        if null {
            self.pos += 4;
        }
        null
    }

    /// Whether the next value is `null` (not consumed).
    #[inline]
    pub(crate) fn is_null(&mut self) -> bool {
        self.peek() == Some(b'n') && self.rest().starts_with(b"null")
    }

    /// Whether the next value is a string (not consumed).
    #[inline]
    pub(crate) fn is_string(&mut self) -> bool {
        self.peek() == Some(b'"')
    }

    /// Reads an object, calling `f(reader, key)` for each member; `f` must consume the value.
    /// Duplicate keys call `f` again.
    #[inline]
    pub(crate) fn object(&mut self, mut f: impl FnMut(&mut Self, &str) -> Result<()>) -> Result<()> {
        self.nested(b'{', "an object", |r| r.members(|r, key| f(r, &key).map_err(|e| e.with_key(&key))))
    }

    /// Reads a union: an object with exactly one member set. `__type` and members whose value is
    /// `null` are skipped; `f(reader, key)` reads the one left and must consume its value.
    pub(crate) fn union<T>(
        &mut self,
        name: &'static str,
        mut f: impl FnMut(&mut Self, &str) -> Result<T>,
    ) -> Result<T> {
        let mut found: Option<(Cow<'a, str>, T)> = None;
        self.nested(b'{', "an object", |r| {
            r.members(|r, key| {
                if key == "__type" {
                    return r.skip().map_err(|e| e.with_key(&key));
                }
                if r.eat_null() {
                    return Ok(());
                }
                if let Some((first, _)) = &found {
                    let message = format!("union `{name}` has more than one member set (`{first}`, `{key}`)");
                    return Err(ResponseParseError::new("", message));
                }
                let value = f(r, &key).map_err(|e| e.with_key(&key))?;
                found = Some((key, value));
                Ok(())
            })
        })?;
        match found {
            Some((_, value)) => Ok(value),
            None => Err(ResponseParseError::new("", format!("union `{name}` has no member set"))),
        }
    }

    /// Reads a dense list: `null` elements are skipped (`f` is not called for them).
    #[inline]
    pub(crate) fn list_with<T>(&mut self, mut f: impl FnMut(&mut Self) -> Result<T>) -> Result<Vec<T>> {
        let mut list = Vec::new();
        self.nested(b'[', "an array", |r| {
            r.elements(|r, index| {
                if !r.eat_null() {
                    list.push(f(r).map_err(|e| e.with_index(index))?);
                }
                Ok(())
            })
        })?;
        Ok(list)
    }

    /// Reads a sparse list: `null` elements are `None`.
    #[inline]
    pub(crate) fn sparse_list_with<T>(&mut self, mut f: impl FnMut(&mut Self) -> Result<T>) -> Result<Vec<Option<T>>> {
        self.every_element(|r| r.nullable(&mut f))
    }

    /// Reads a list, `f` reading every element (`null` ones too).
    #[inline]
    fn every_element<T>(&mut self, mut f: impl FnMut(&mut Self) -> Result<T>) -> Result<Vec<T>> {
        let mut list = Vec::new();
        self.nested(b'[', "an array", |r| {
            r.elements(|r, index| {
                list.push(f(r).map_err(|e| e.with_index(index))?);
                Ok(())
            })
        })?;
        Ok(list)
    }

    /// Reads a dense map: entries whose value is `null` are dropped (the last one for a key wins).
    #[inline]
    pub(crate) fn map_with<K: MapKey, V>(
        &mut self,
        mut f: impl FnMut(&mut Self) -> Result<V>,
    ) -> Result<HashMap<K, V>> {
        let mut map = HashMap::new();
        self.nested(b'{', "an object", |r| {
            r.members(|r, key| {
                if r.eat_null() {
                    map.remove(&K::from(&*key));
                } else {
                    let value = f(r).map_err(|e| e.with_key(&key))?;
                    map.insert(K::from(&*key), value);
                }
                Ok(())
            })
        })?;
        Ok(map)
    }

    /// Reads a sparse map: `null` values are `None`.
    #[inline]
    pub(crate) fn sparse_map_with<K: MapKey, V>(
        &mut self,
        mut f: impl FnMut(&mut Self) -> Result<V>,
    ) -> Result<HashMap<K, Option<V>>> {
        self.every_member(|r| r.nullable(&mut f))
    }

    /// Reads a map, `f` reading every value (`null` ones too; the last one for a key wins).
    #[inline]
    fn every_member<K: MapKey, V>(&mut self, mut f: impl FnMut(&mut Self) -> Result<V>) -> Result<HashMap<K, V>> {
        let mut map = HashMap::new();
        self.nested(b'{', "an object", |r| {
            r.members(|r, key| {
                let value = f(r).map_err(|e| e.with_key(&key))?;
                map.insert(K::from(&*key), value);
                Ok(())
            })
        })?;
        Ok(map)
    }

    /// Reads a string; borrowed from the input when it has no escapes.
    #[inline]
    pub(crate) fn string(&mut self) -> Result<Cow<'a, str>> {
        if self.peek() != Some(b'"') {
            return Err(self.unexpected("a string"));
        }
        self.pos += 1;
        self.string_body()
    }

    /// Reads a number and returns its text, checked against the JSON number grammar.
    #[inline]
    pub(crate) fn number_text(&mut self) -> Result<&'a str> {
        self.number("a number")
    }

    /// Skips one value, validating it.
    pub(crate) fn skip(&mut self) -> Result<()> {
        match self.peek() {
            Some(b'"') => {
                self.pos += 1;
                self.string_body().map(drop)
            }
            Some(b'{') => self.nested(b'{', "", |r| r.members(|r, key| r.skip().map_err(|e| e.with_key(&key)))),
            Some(b'[') => self.nested(b'[', "", |r| r.elements(|r, index| r.skip().map_err(|e| e.with_index(index)))),
            Some(b'-' | b'0'..=b'9') => self.number("a value").map(drop),
            Some(b'n') => self.literal(b"null", "a value"),
            _ => self.bool("a value").map(drop),
        }
    }

    /// Checks that only whitespace remains.
    pub(crate) fn end(&mut self) -> Result<()> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.error_at(self.pos, "trailing characters after the value")),
        }
    }

    /// The byte offset of the next value (after whitespace), for [`error_at`](Self::error_at).
    pub(crate) fn position(&mut self) -> usize {
        self.peek();
        self.pos
    }

    /// An error about the value at byte `offset` (such as a string that does not parse).
    #[cold]
    pub(crate) fn error_at(&self, offset: usize, message: impl fmt::Display) -> ResponseParseError {
        ResponseParseError::new("", format!("{message} at byte {offset}"))
    }

    /// The input from the cursor on.
    #[inline]
    fn rest(&self) -> &'a [u8] {
        self.bytes.get(self.pos..).unwrap_or_default()
    }

    /// Skips whitespace and returns the next byte (not consumed).
    #[inline]
    fn peek(&mut self) -> Option<u8> {
        while let Some(&b) = self.bytes.get(self.pos) {
            match b {
                b' ' | b'\n' | b'\r' | b'\t' => self.pos += 1,
                _ => return Some(b),
            }
        }
        None
    }

    /// "expected `expected`, found <what is next> at byte N".
    #[cold]
    fn unexpected(&mut self, expected: &str) -> ResponseParseError {
        let rest = {
            self.peek();
            self.rest()
        };
        let found: Cow<'static, str> = match rest.first() {
            None => "the end of the input".into(),
            Some(b'"') => "a string".into(),
            Some(b'{') => "an object".into(),
            Some(b'[') => "an array".into(),
            Some(b'-' | b'0'..=b'9') => "a number".into(),
            Some(_) if rest.starts_with(b"true") || rest.starts_with(b"false") => "a boolean".into(),
            Some(_) if rest.starts_with(b"null") => "null".into(),
            Some(&b) if b.is_ascii_graphic() => format!("`{}`", char::from(b)).into(),
            Some(&b) => format!("the byte 0x{b:02x}").into(),
        };
        self.error_at(self.pos, format_args!("expected {expected}, found {found}"))
    }

    /// Reads `open` (`{` or `[`), then `f`, one level deeper.
    #[inline]
    fn nested<T>(&mut self, open: u8, expected: &str, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        if self.peek() != Some(open) {
            return Err(self.unexpected(expected));
        }
        if self.depth >= MAX_DEPTH {
            return Err(self.error_at(self.pos, format_args!("nesting deeper than {MAX_DEPTH} levels")));
        }
        self.pos += 1;
        self.depth += 1;
        let result = f(self);
        self.depth -= 1;
        result
    }

    /// The members of an object whose `{` has been read, through its `}`; `f(reader, key)`
    /// reads each value.
    #[inline]
    fn members(&mut self, mut f: impl FnMut(&mut Self, Cow<'a, str>) -> Result<()>) -> Result<()> {
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            if self.peek() != Some(b'"') {
                return Err(self.unexpected("a member name"));
            }
            self.pos += 1;
            let key = self.string_body()?;
            if self.peek() != Some(b':') {
                return Err(self.unexpected("`:`"));
            }
            self.pos += 1;
            f(self, key)?;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(self.unexpected("`,` or `}`")),
            }
        }
    }

    /// The elements of an array whose `[` has been read, through its `]`; `f(reader, index)`
    /// reads each one.
    #[inline]
    fn elements(&mut self, mut f: impl FnMut(&mut Self, usize) -> Result<()>) -> Result<()> {
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(());
        }
        let mut index = 0;
        loop {
            f(self, index)?;
            index += 1;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(self.unexpected("`,` or `]`")),
            }
        }
    }

    /// The rest of a string whose opening quote has been read.
    #[inline]
    fn string_body(&mut self) -> Result<Cow<'a, str>> {
        let bytes = self.bytes;
        let start = self.pos;
        let mut i = start;
        // The common case: no escapes, so the text is borrowed. Plain bytes are skipped by
        // table lookup; only `"`, `\\` and control characters stop the scan.
        while bytes.get(i).is_some_and(|&b| !STRING_STOP[usize::from(b)]) {
            i += 1;
        }
        match bytes.get(i) {
            Some(b'"') => {
                let text = self.utf8(start, i)?;
                self.pos = i + 1;
                Ok(Cow::Borrowed(text))
            }
            Some(b'\\') => self.escaped_string(start, i).map(Cow::Owned),
            // The only other bytes the scan stops at.
            Some(_) => Err(self.error_at(i, "control character in a string")),
            None => Err(self.error_at(start.saturating_sub(1), "unterminated string")),
        }
    }

    /// The rest of a string from its first escape (at `i`; the text starts at `start`).
    #[cold]
    fn escaped_string(&mut self, start: usize, mut i: usize) -> Result<String> {
        let bytes = self.bytes;
        let mut out = String::with_capacity(i - start + 16);
        let mut chunk = start;
        loop {
            match bytes.get(i) {
                Some(b'"') => {
                    out.push_str(self.utf8(chunk, i)?);
                    self.pos = i + 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(self.utf8(chunk, i)?);
                    i = self.escape(i, &mut out)?;
                    chunk = i;
                }
                Some(&b) if b < 0x20 => return Err(self.error_at(i, "control character in a string")),
                Some(_) => i += 1,
                None => return Err(self.error_at(start.saturating_sub(1), "unterminated string")),
            }
        }
    }

    /// The input between `start` and `end` as UTF-8.
    #[inline]
    fn utf8(&self, start: usize, end: usize) -> Result<&'a str> {
        // `start` and `end` sit next to ASCII bytes, so within the valid prefix they are
        // character boundaries; past it, the first invalid byte is the error.
        self.text.get(start..end).ok_or_else(|| self.error_at(self.text.len().max(start), "invalid UTF-8 in a string"))
    }

    /// Decodes the escape at `i` (a backslash) into `out`; returns the index after it.
    fn escape(&self, i: usize, out: &mut String) -> Result<usize> {
        let c = match self.bytes.get(i + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let (c, end) = self.unicode_escape(i)?;
                out.push(c);
                return Ok(end);
            }
            _ => return Err(self.error_at(i, "invalid escape in a string")),
        };
        out.push(c);
        Ok(i + 2)
    }

    /// `\uXXXX` at `i`, or a surrogate pair `\uD83D\uDE00`; a lone surrogate is an error.
    fn unicode_escape(&self, i: usize) -> Result<(char, usize)> {
        let lone = || self.error_at(i, "lone surrogate in a \\u escape");
        let unit = self.hex4(i + 2)?;
        let code = match unit {
            0xD800..=0xDBFF => {
                if self.bytes.get(i + 6..i + 8) != Some(b"\\u") {
                    return Err(lone());
                }
                let low = self.hex4(i + 8)?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return Err(lone());
                }
                (0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), i + 12)
            }
            0xDC00..=0xDFFF => return Err(lone()),
            _ => (unit, i + 6),
        };
        char::from_u32(code.0).map(|c| (c, code.1)).ok_or_else(lone)
    }

    /// Four hex digits at `at`.
    fn hex4(&self, at: usize) -> Result<u32> {
        let digits = self.bytes.get(at..at + 4).unwrap_or_default();
        let value = digits.iter().try_fold(0, |acc, &b| Some(acc * 16 + char::from(b).to_digit(16)?));
        match value {
            Some(value) if digits.len() == 4 => Ok(value),
            _ => Err(self.error_at(at.saturating_sub(2), "invalid \\u escape in a string")),
        }
    }

    /// A number's text: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    #[inline]
    fn number(&mut self, expected: &str) -> Result<&'a str> {
        if !matches!(self.peek(), Some(b'-' | b'0'..=b'9')) {
            return Err(self.unexpected(expected));
        }
        let bytes = self.bytes;
        let start = self.pos;
        let digit = |i: usize| matches!(bytes.get(i), Some(b'0'..=b'9'));
        let digits = |mut i: usize| {
            while digit(i) {
                i += 1;
            }
            i
        };
        let mut i = start;
        if bytes.get(i) == Some(&b'-') {
            i += 1;
        }
        match bytes.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => i = digits(i + 1),
            _ => return Err(self.error_at(start, "invalid number: no digit after `-`")),
        }
        if bytes.get(i) == Some(&b'.') {
            if !digit(i + 1) {
                return Err(self.error_at(start, "invalid number: no digit after `.`"));
            }
            i = digits(i + 1);
        }
        if matches!(bytes.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(bytes.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if !digit(i) {
                return Err(self.error_at(start, "invalid number: no digit in the exponent"));
            }
            i = digits(i);
        }
        self.pos = i;
        // ASCII by construction, so this cannot fail.
        self.utf8(start, i)
    }

    /// An integer (no fraction or exponent) that fits `T`.
    #[inline]
    fn integer<T: TryFrom<i64>>(&mut self, what: &str) -> Result<T> {
        let at = self.position();
        let text = self.number(what)?;
        if text.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
            let text = snippet(text);
            return Err(self.error_at(at, format_args!("expected {what}, found the number {text}")));
        }
        match text.parse::<i64>().ok().and_then(|v| T::try_from(v).ok()) {
            Some(value) => Ok(value),
            None => Err(self.error_at(at, format_args!("the number {} is out of range for {what}", snippet(text)))),
        }
    }

    /// `true` or `false`.
    #[inline]
    fn bool(&mut self, expected: &str) -> Result<bool> {
        let rest = {
            self.peek();
            self.rest()
        };
        if rest.starts_with(b"true") {
            self.pos += 4;
            Ok(true)
        } else if rest.starts_with(b"false") {
            self.pos += 5;
            Ok(false)
        } else {
            Err(self.unexpected(expected))
        }
    }

    /// Exactly `literal` (`null`).
    fn literal(&mut self, literal: &[u8], expected: &str) -> Result<()> {
        self.peek();
        if self.rest().starts_with(literal) {
            self.pos += literal.len();
            Ok(())
        } else {
            Err(self.unexpected(expected))
        }
    }

    /// A number or one of the strings `"NaN"`, `"Infinity"` and `"-Infinity"`, as `F`; a finite
    /// number that `F` cannot hold is an error.
    fn float<F: std::str::FromStr + Copy>(&mut self, what: &str, finite: fn(F) -> bool, special: [F; 3]) -> Result<F> {
        let at = self.position();
        if self.peek() == Some(b'"') {
            let text = self.string()?;
            return match &*text {
                "NaN" => Ok(special[0]),
                "Infinity" => Ok(special[1]),
                "-Infinity" => Ok(special[2]),
                other => Err(self.error_at(
                    at,
                    format_args!(
                        "expected a number or \"NaN\", \"Infinity\" or \"-Infinity\", found the string {:?}",
                        snippet(other)
                    ),
                )),
            };
        }
        let text = self.number("a number")?;
        match text.parse::<F>() {
            Ok(value) if finite(value) => Ok(value),
            _ => Err(self.error_at(at, format_args!("the number {} is out of range for {what}", snippet(text)))),
        }
    }

    /// Any value, as a document.
    fn document(&mut self) -> Result<serde_json::Value> {
        use serde_json::Value;
        match self.peek() {
            Some(b'"') => self.string().map(|s| Value::String(s.into_owned())),
            Some(b'{') => {
                let mut map = serde_json::Map::new();
                self.nested(b'{', "", |r| {
                    r.members(|r, key| {
                        let value = r.document().map_err(|e| e.with_key(&key))?;
                        map.insert(key.into_owned(), value);
                        Ok(())
                    })
                })?;
                Ok(Value::Object(map))
            }
            Some(b'[') => {
                let mut list = Vec::new();
                self.nested(b'[', "", |r| {
                    r.elements(|r, index| {
                        list.push(r.document().map_err(|e| e.with_index(index))?);
                        Ok(())
                    })
                })?;
                Ok(Value::Array(list))
            }
            Some(b'-' | b'0'..=b'9') => self.document_number(),
            Some(b'n') => self.literal(b"null", "a value").map(|()| Value::Null),
            _ => self.bool("a value").map(Value::Bool),
        }
    }

    /// A number in a document: an integer when it fits `u64` or `i64`, else an `f64` (as in
    /// serde_json, `-0` is the float `-0.0`).
    fn document_number(&mut self) -> Result<serde_json::Value> {
        let at = self.position();
        let text = self.number("a number")?;
        if !text.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
            if text.starts_with('-') {
                if let Ok(value) = text.parse::<i64>() {
                    if value != 0 {
                        return Ok(value.into());
                    }
                }
            } else if let Ok(value) = text.parse::<u64>() {
                return Ok(value.into());
            }
        }
        match text.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
            Some(number) => Ok(serde_json::Value::Number(number)),
            None => Err(self.error_at(at, format_args!("the number {} is out of range", snippet(text)))),
        }
    }
}

/// `text`, cut to a length fit for an error message.
fn snippet(text: &str) -> Cow<'_, str> {
    const MAX: usize = 40;
    match text.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", text.get(..end).unwrap_or_default()).into(),
        None => text.into(),
    }
}

/// JSON output, built in memory.
#[derive(Debug, Default)]
pub struct Writer {
    out: String,
}

impl Writer {
    pub(crate) fn new() -> Self {
        Self { out: String::new() }
    }

    /// The JSON text written.
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.out.into_bytes()
    }

    /// Writes a value (a method form of [`ToJson::write`], usable as a function value).
    #[inline]
    pub(crate) fn write<T: ToJson + ?Sized>(&mut self, value: &T) {
        value.write(self);
    }

    pub(crate) fn null(&mut self) {
        self.out.push_str("null");
    }

    pub(crate) fn bool(&mut self, v: bool) {
        self.out.push_str(if v { "true" } else { "false" });
    }

    /// Writes a string, escaping `"`, `\` and control characters.
    pub(crate) fn string(&mut self, v: &str) {
        self.out.reserve(v.len() + 2);
        self.out.push('"');
        let mut start = 0;
        for (i, &b) in v.as_bytes().iter().enumerate() {
            let escape = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0..=0x1f => "",
                _ => continue,
            };
            // `start` and `i` are at ASCII bytes, hence at character boundaries.
            self.out.push_str(v.get(start..i).unwrap_or_default());
            if escape.is_empty() {
                let _ = write!(self.out, "\\u{b:04x}");
            } else {
                self.out.push_str(escape);
            }
            start = i + 1;
        }
        self.out.push_str(v.get(start..).unwrap_or_default());
        self.out.push('"');
    }

    pub(crate) fn i64(&mut self, v: i64) {
        let _ = write!(self.out, "{v}");
    }

    /// A finite float as its shortest round-trip text (`1.0`, `0.1`, `1e300`); NaN and the
    /// infinities as the strings `"NaN"`, `"Infinity"` and `"-Infinity"`.
    pub(crate) fn f64(&mut self, v: f64) {
        if v.is_finite() {
            let _ = write!(self.out, "{v:?}");
        } else {
            self.non_finite(v.is_nan(), v > 0.0);
        }
    }

    /// Like [`f64`](Self::f64), with the shortest text that reads back as the same `f32`.
    pub(crate) fn f32(&mut self, v: f32) {
        if v.is_finite() {
            let _ = write!(self.out, "{v:?}");
        } else {
            self.non_finite(v.is_nan(), v > 0.0);
        }
    }

    fn non_finite(&mut self, nan: bool, positive: bool) {
        self.out.push_str(match (nan, positive) {
            (true, _) => "\"NaN\"",
            (false, true) => "\"Infinity\"",
            (false, false) => "\"-Infinity\"",
        });
    }

    /// Writes a number's text as it is (big numbers); the caller guarantees it is a JSON number.
    pub(crate) fn raw_number(&mut self, text: &str) {
        self.out.push_str(text);
    }

    pub(crate) fn empty_object(&mut self) {
        self.out.push_str("{}");
    }

    /// Starts an object; the returned writer writes its members and, when dropped (or
    /// [`end`](ObjectWriter::end)ed), its `}`.
    pub(crate) fn object(&mut self) -> ObjectWriter<'_> {
        self.out.push('{');
        ObjectWriter { writer: self, first: true }
    }

    /// Writes `items` as an array, each with `f`.
    pub(crate) fn list<T>(&mut self, items: &[T], mut f: impl FnMut(&mut Writer, &T)) {
        self.out.push('[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            f(self, item);
        }
        self.out.push(']');
    }

    /// Writes `map` as an object, each value with `f`.
    pub(crate) fn map<K: AsRef<str>, V>(&mut self, map: &HashMap<K, V>, mut f: impl FnMut(&mut Writer, &V)) {
        let mut object = self.object();
        for (key, value) in map {
            f(object.key(key.as_ref()), value);
        }
    }
}

/// Writes the members of an object; its `}` is written when it is dropped.
#[derive(Debug)]
pub struct ObjectWriter<'w> {
    writer: &'w mut Writer,
    first: bool,
}

impl ObjectWriter<'_> {
    /// Writes a member.
    #[inline]
    pub(crate) fn field<T: ToJson + ?Sized>(&mut self, key: &str, value: &T) {
        value.write(self.key(key));
    }

    /// Writes a member unless it is `None`.
    #[inline]
    pub(crate) fn opt<T: ToJson>(&mut self, key: &str, value: &Option<T>) {
        if let Some(value) = value {
            value.write(self.key(key));
        }
    }

    /// Writes a member's key; the caller writes exactly one value with the writer returned.
    #[inline]
    pub(crate) fn key(&mut self, key: &str) -> &mut Writer {
        if !std::mem::take(&mut self.first) {
            self.writer.out.push(',');
        }
        self.writer.string(key);
        self.writer.out.push(':');
        self.writer
    }

    /// Ends the object (writes `}`).
    pub(crate) fn end(self) {}
}

impl Drop for ObjectWriter<'_> {
    fn drop(&mut self) {
        self.writer.out.push('}');
    }
}

impl FromJson for String {
    #[inline]
    fn read(reader: &mut Reader<'_>) -> Result<Self> {
        reader.string().map(Cow::into_owned)
    }
}

impl FromJson for bool {
    #[inline]
    fn read(reader: &mut Reader<'_>) -> Result<Self> {
        reader.bool("a boolean")
    }
}

macro_rules! integers {
    ($($t:ty => $what:literal),*) => {$(
        impl FromJson for $t {
            #[inline]
            fn read(reader: &mut Reader<'_>) -> Result<Self> {
                reader.integer($what)
            }
        }

        impl ToJson for $t {
            #[inline]
            fn write(&self, writer: &mut Writer) {
                writer.i64(i64::from(*self));
            }
        }
    )*};
}

integers!(i8 => "an integer (i8)", i16 => "an integer (i16)", i32 => "an integer (i32)", i64 => "an integer (i64)");

impl FromJson for f64 {
    #[inline]
    fn read(reader: &mut Reader<'_>) -> Result<Self> {
        reader.float("f64", f64::is_finite, [f64::NAN, f64::INFINITY, f64::NEG_INFINITY])
    }
}

impl FromJson for f32 {
    #[inline]
    fn read(reader: &mut Reader<'_>) -> Result<Self> {
        reader.float("f32", f32::is_finite, [f32::NAN, f32::INFINITY, f32::NEG_INFINITY])
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    #[inline]
    fn read(reader: &mut Reader<'_>) -> Result<Self> {
        if T::NULLABLE {
            // `T` reads `null` itself (as `None`).
            reader.every_element(T::read)
        } else {
            reader.list_with(T::read)
        }
    }
}

/// A map key: a string, or an enum (its wire form is a string).
pub trait MapKey: Eq + Hash + for<'k> From<&'k str> {}

impl<K: Eq + Hash + for<'k> From<&'k str>> MapKey for K {}

impl<K: MapKey, V: FromJson> FromJson for HashMap<K, V> {
    #[inline]
    fn read(reader: &mut Reader<'_>) -> Result<Self> {
        if V::NULLABLE {
            // `V` reads `null` itself (as `None`).
            reader.every_member(V::read)
        } else {
            reader.map_with(V::read)
        }
    }
}

impl<T: FromJson> FromJson for Option<T> {
    const NULLABLE: bool = true;

    #[inline]
    fn read(reader: &mut Reader<'_>) -> Result<Self> {
        reader.nullable(T::read)
    }
}

impl<T: FromJson> FromJson for Box<T> {
    const NULLABLE: bool = T::NULLABLE;

    #[inline]
    fn read(reader: &mut Reader<'_>) -> Result<Self> {
        T::read(reader).map(Box::new)
    }
}

/// A document: any JSON value (nesting limited like everything else).
impl FromJson for serde_json::Value {
    fn read(reader: &mut Reader<'_>) -> Result<Self> {
        reader.document()
    }
}

impl ToJson for str {
    #[inline]
    fn write(&self, writer: &mut Writer) {
        writer.string(self);
    }
}

impl ToJson for String {
    #[inline]
    fn write(&self, writer: &mut Writer) {
        writer.string(self);
    }
}

impl ToJson for bool {
    #[inline]
    fn write(&self, writer: &mut Writer) {
        writer.bool(*self);
    }
}

impl ToJson for f64 {
    #[inline]
    fn write(&self, writer: &mut Writer) {
        writer.f64(*self);
    }
}

impl ToJson for f32 {
    #[inline]
    fn write(&self, writer: &mut Writer) {
        writer.f32(*self);
    }
}

impl<T: ToJson> ToJson for [T] {
    #[inline]
    fn write(&self, writer: &mut Writer) {
        writer.list(self, |w, item| item.write(w));
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    #[inline]
    fn write(&self, writer: &mut Writer) {
        writer.list(self, |w, item| item.write(w));
    }
}

impl<K: AsRef<str>, V: ToJson> ToJson for HashMap<K, V> {
    #[inline]
    fn write(&self, writer: &mut Writer) {
        writer.map(self, |w, value| value.write(w));
    }
}

impl<T: ToJson> ToJson for Option<T> {
    #[inline]
    fn write(&self, writer: &mut Writer) {
        match self {
            Some(value) => value.write(writer),
            None => writer.null(),
        }
    }
}

impl<T: ToJson + ?Sized> ToJson for Box<T> {
    #[inline]
    fn write(&self, writer: &mut Writer) {
        (**self).write(writer);
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    #[inline]
    fn write(&self, writer: &mut Writer) {
        (**self).write(writer);
    }
}

impl ToJson for serde_json::Value {
    fn write(&self, writer: &mut Writer) {
        use serde_json::Value;
        match self {
            Value::Null => writer.null(),
            Value::Bool(v) => writer.bool(*v),
            // serde_json's own text: integers as such, floats shortest round-trip (always finite).
            Value::Number(n) => {
                let _ = write!(writer.out, "{n}");
            }
            Value::String(s) => writer.string(s),
            Value::Array(list) => writer.list(list, |w, v| v.write(w)),
            Value::Object(map) => {
                let mut object = writer.object();
                for (key, value) in map {
                    object.field(key, value);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn parse<T: FromJson>(text: &str) -> std::result::Result<T, String> {
        from_slice(text.as_bytes()).map_err(|e| e.to_string())
    }

    /// A recursive structure, read and written the way generated code does it.
    #[derive(Debug, Default, PartialEq)]
    struct Node {
        name: Option<String>,
        count: i32,
        children: Option<Vec<Node>>,
        tags: Option<HashMap<String, Node>>,
        sparse: Option<Vec<Option<i64>>>,
        union: Option<Box<Choice>>,
    }

    #[derive(Debug, PartialEq)]
    enum Choice {
        Int(i32),
        Node(Node),
    }

    impl FromJson for Node {
        fn read(r: &mut Reader<'_>) -> Result<Self> {
            let mut out = Node::default();
            r.object(|r, key| {
                match key {
                    "Name" => out.name = r.read()?,
                    "Count" => out.count = r.nullable(Reader::read)?.unwrap_or_default(),
                    "Children" => out.children = r.read()?,
                    "Tags" => out.tags = r.read()?,
                    "Sparse" => out.sparse = r.nullable(|r| r.sparse_list_with(Reader::read))?,
                    "Union" => out.union = r.read()?,
                    _ => r.skip()?,
                }
                Ok(())
            })?;
            Ok(out)
        }
    }

    impl ToJson for Node {
        fn write(&self, w: &mut Writer) {
            let mut o = w.object();
            o.opt("Name", &self.name);
            o.field("Count", &self.count);
            o.opt("Children", &self.children);
            o.opt("Tags", &self.tags);
            if let Some(sparse) = &self.sparse {
                o.key("Sparse").list(sparse, |w, v| w.write(v));
            }
            o.opt("Union", &self.union);
            o.end();
        }
    }

    impl FromJson for Choice {
        fn read(r: &mut Reader<'_>) -> Result<Self> {
            r.union("Choice", |r, key| match key {
                "Int" => r.read().map(Choice::Int),
                "Node" => r.read().map(Choice::Node),
                _ => r.skip().map(|()| Choice::Int(-1)),
            })
        }
    }

    impl ToJson for Choice {
        fn write(&self, w: &mut Writer) {
            let mut o = w.object();
            match self {
                Choice::Int(v) => o.field("Int", v),
                Choice::Node(v) => o.field("Node", v),
            }
            o.end();
        }
    }

    #[test]
    fn scalars_round_trip() {
        fn round_trip<T: FromJson + ToJson + PartialEq + fmt::Debug>(value: T, text: &str) {
            assert_eq!(to_string(&value), text);
            assert_eq!(to_vec(&value), text.as_bytes());
            assert_eq!(parse::<T>(text), Ok(value), "{text}");
        }
        round_trip(String::from("héllo"), r#""héllo""#);
        round_trip(true, "true");
        round_trip(false, "false");
        round_trip(i8::MIN, "-128");
        round_trip(i8::MAX, "127");
        round_trip(i16::MIN, "-32768");
        round_trip(i32::MAX, "2147483647");
        round_trip(i64::MIN, "-9223372036854775808");
        round_trip(i64::MAX, "9223372036854775807");
        round_trip(1.0f64, "1.0");
        round_trip(0.1f64, "0.1");
        round_trip(-2.5f64, "-2.5");
        round_trip(1e300f64, "1e300");
        round_trip(1e-7f64, "1e-7");
        round_trip(f64::MAX, "1.7976931348623157e308");
        round_trip(5e-324f64, "5e-324");
        round_trip(0.1f32, "0.1");
        round_trip(16777216.0f32, "16777216.0");
        round_trip(f32::MAX, "3.4028235e38");
        round_trip(f64::INFINITY, r#""Infinity""#);
        round_trip(f32::NEG_INFINITY, r#""-Infinity""#);
        round_trip(Some(3i32), "3");
        round_trip(None::<i32>, "null");
        round_trip(Box::new(7i16), "7");
        round_trip(vec![1i64, 2, 3], "[1,2,3]");
        round_trip(Vec::<String>::new(), "[]");
        round_trip(vec![Some(1i8), None], "[1,null]");
        round_trip(HashMap::from([("k".to_owned(), vec![true])]), r#"{"k":[true]}"#);
        round_trip(HashMap::<String, i32>::new(), "{}");
        round_trip(
            json!({"a": [1, -2, 1.5, "x", null, true, {}], "b": {"c": []}}),
            r#"{"a":[1,-2,1.5,"x",null,true,{}],"b":{"c":[]}}"#,
        );
        assert_eq!(to_string("str"), r#""str""#);
        assert_eq!(to_string(&[1i32, 2][..]), "[1,2]");
        assert_eq!(to_string(&&&5i32), "5");
        assert_eq!(to_string(&Box::<str>::from("b")), r#""b""#);
        assert!(parse::<f64>(r#""NaN""#).is_ok_and(f64::is_nan));
        assert!(parse::<f32>(r#""NaN""#).is_ok_and(f32::is_nan));
        assert_eq!(to_string(&f64::NAN), r#""NaN""#);
        assert_eq!(to_string(&f32::NAN), r#""NaN""#);
        let negative_zero = parse::<f64>("-0").map(f64::to_bits);
        assert_eq!(negative_zero, Ok((-0.0f64).to_bits()));
        assert_eq!(to_string(&-0.0f64), "-0.0");
        assert_eq!(parse::<f64>("5"), Ok(5.0));
        assert_eq!(parse::<f32>("1e-50"), Ok(0.0));
    }

    #[test]
    fn floats_round_trip_exactly() {
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        for _ in 0..20_000 {
            let bits = rng.next();
            let v = f64::from_bits(bits);
            if v.is_finite() {
                let text = to_string(&v);
                assert_eq!(parse::<f64>(&text).map(f64::to_bits), Ok(bits), "{text}");
                assert!(serde_json::from_str::<f64>(&text).is_ok(), "{text}");
            }
            let v = f32::from_bits(bits as u32);
            if v.is_finite() {
                let text = to_string(&v);
                assert_eq!(parse::<f32>(&text).map(f32::to_bits), Ok(bits as u32), "{text}");
            }
        }
        // f32 literals are rounded once, from the text (not through f64).
        assert_eq!(parse::<f32>("1.00000005960464477539062500001"), Ok(1.000_000_1));
    }

    #[test]
    fn number_edge_cases() {
        assert_eq!(parse::<i64>("-0"), Ok(0));
        assert_eq!(parse::<i8>("-128"), Ok(-128));
        assert_eq!(parse::<i8>("128"), Err("the number 128 is out of range for an integer (i8) at byte 0".into()));
        assert_eq!(
            parse::<i16>(" 40000"),
            Err("the number 40000 is out of range for an integer (i16) at byte 1".into())
        );
        assert!(parse::<i32>("2147483648").is_err());
        assert!(parse::<i64>("9223372036854775808").is_err());
        assert!(parse::<i64>("-9223372036854775809").is_err());
        assert_eq!(parse::<i32>("1.0"), Err("expected an integer (i32), found the number 1.0 at byte 0".into()));
        assert!(parse::<i32>("1e2").is_err());
        assert!(parse::<i32>("1E2").is_err());
        assert_eq!(parse::<i32>("\"1\""), Err("expected an integer (i32), found a string at byte 0".into()));
        assert_eq!(parse::<f64>("1e400"), Err("the number 1e400 is out of range for f64 at byte 0".into()));
        assert_eq!(parse::<f64>("-1e400"), Err("the number -1e400 is out of range for f64 at byte 0".into()));
        assert!(parse::<f32>("1e39").is_err());
        assert!(parse::<f32>("3.4028236e38").is_err());
        assert_eq!(
            parse::<f64>("\"nan\""),
            Err(r#"expected a number or "NaN", "Infinity" or "-Infinity", found the string "nan" at byte 0"#.into())
        );
        assert_eq!(parse::<f64>("01"), Err("trailing characters after the value at byte 1".into()));
        assert_eq!(parse::<i64>("-"), Err("invalid number: no digit after `-` at byte 0".into()));
        assert_eq!(parse::<i64>("-a"), Err("invalid number: no digit after `-` at byte 0".into()));
        assert_eq!(parse::<f64>("1."), Err("invalid number: no digit after `.` at byte 0".into()));
        assert_eq!(parse::<f64>("1e"), Err("invalid number: no digit in the exponent at byte 0".into()));
        assert_eq!(parse::<f64>("1e+"), Err("invalid number: no digit in the exponent at byte 0".into()));
        for bad in
            [".5", "+1", "--1", "0x10", "1_000", "Infinity", "NaN", "-Infinity", "1.5.5", "00", "-01", "1e5e5", ""]
        {
            assert!(parse::<f64>(bad).is_err(), "{bad}");
            assert!(parse::<Value>(bad).is_err(), "{bad}");
        }
        for good in ["0", "-0", "0.0", "-0.0e-0", "1E+2", "1e-2", "123456789.987654321e-3"] {
            let mut r = Reader::new(good.as_bytes());
            assert_eq!(r.number_text(), Ok(good));
            assert_eq!(r.end(), Ok(()));
            assert!(parse::<f64>(good).is_ok(), "{good}");
        }
        let long = format!("1{}", "0".repeat(100));
        let e = parse::<i64>(&long).expect_err("out of range");
        assert!(e.starts_with("the number 1000000000000000000000000000000000000000… is out of range"), "{e}");
        let mut w = Writer::new();
        w.raw_number("123456789012345678901234567890");
        assert_eq!(w.into_bytes(), b"123456789012345678901234567890");
    }

    #[test]
    fn documents() {
        let text = r#"{"u": 18446744073709551615, "i": -9223372036854775808, "big": 18446744073709551616,
            "neg0": -0, "f": 1.5, "e": 1e2, "s": "\u00e9\n", "l": [null, true, false], "o": {"a": {}}}"#;
        let ours: Value = parse(text).expect("a document");
        let theirs: Value = serde_json::from_str(text).expect("a document");
        assert_eq!(ours, theirs);
        assert_eq!(ours["u"].as_u64(), Some(u64::MAX));
        assert_eq!(ours["i"].as_i64(), Some(i64::MIN));
        assert_eq!(ours["big"].as_f64(), Some(18446744073709551616.0));
        assert_eq!(ours["neg0"].as_f64().map(f64::to_bits), Some((-0.0f64).to_bits()));
        assert_eq!(ours["e"].as_f64(), Some(100.0));
        assert_eq!(to_string(&ours), serde_json::to_string(&theirs).expect("serializes"));
        assert!(parse::<Value>("1e400").is_err());
        assert_eq!(
            parse::<Value>(r#"{"a": [1, {"b": tru}]}"#).map_err(|e| e.split('`').nth(1).map(str::to_owned)),
            Err(Some("a[1].b".into()))
        );
    }

    #[test]
    fn dense_and_sparse_collections() {
        assert_eq!(parse::<Vec<String>>(r#"["a", null, "b"]"#), Ok(vec!["a".into(), "b".into()]));
        assert_eq!(parse::<Vec<Option<String>>>(r#"["a", null]"#), Ok(vec![Some("a".into()), None]));
        assert_eq!(parse::<HashMap<String, i32>>(r#"{"a": 1, "b": null}"#), Ok(HashMap::from([("a".into(), 1)])));
        assert_eq!(
            parse::<HashMap<String, Option<i32>>>(r#"{"a": 1, "b": null}"#),
            Ok(HashMap::from([("a".into(), Some(1)), ("b".into(), None)]))
        );
        // The last of duplicate keys wins, `null` included.
        assert_eq!(parse::<HashMap<String, i32>>(r#"{"a": 1, "a": 2}"#), Ok(HashMap::from([("a".into(), 2)])));
        assert_eq!(parse::<HashMap<String, i32>>(r#"{"a": 1, "a": null}"#), Ok(HashMap::new()));
        assert_eq!(parse::<Option<Vec<i32>>>("null"), Ok(None));
        assert_eq!(parse::<Vec<i32>>("null"), Err("expected an array, found null at byte 0".into()));
        assert_eq!(parse::<HashMap<String, i32>>("[]"), Err("expected an object, found an array at byte 0".into()));
        // Indices count the `null`s that a dense list drops.
        let e = from_slice::<Vec<i32>>(br#"[null, 1, "x"]"#).expect_err("not an integer");
        assert_eq!(e.path(), "[2]");

        let mut r = Reader::new(br#"[1, null, 2]"#);
        assert_eq!(r.list_with(Reader::read::<i32>), Ok(vec![1, 2]));
        let mut r = Reader::new(br#"[1, null, 2]"#);
        assert_eq!(r.sparse_list_with(Reader::read::<i32>), Ok(vec![Some(1), None, Some(2)]));
        let mut r = Reader::new(br#"{"a": 1, "b": null}"#);
        assert_eq!(r.map_with(Reader::read::<i32>), Ok(HashMap::from([("a".to_owned(), 1)])));
        let mut r = Reader::new(br#"{"a": 1, "b": null}"#);
        assert_eq!(
            r.sparse_map_with(Reader::read::<i32>),
            Ok(HashMap::from([("a".to_owned(), Some(1)), ("b".to_owned(), None)]))
        );
        let mut r = Reader::new(br#"{"k\u0065y": "x"}"#);
        let e = r.map_with::<String, _>(Reader::read::<i32>).expect_err("not an integer");
        assert_eq!(e.path(), "key");
        let mut r = Reader::new(br#"{"a": "x"}"#);
        assert_eq!(
            r.sparse_map_with::<String, _>(Reader::read::<i32>).map_err(|e| e.path().to_owned()),
            Err("a".into())
        );
        let mut r = Reader::new(br#"[1, "x"]"#);
        assert_eq!(r.sparse_list_with(Reader::read::<i32>).map_err(|e| e.path().to_owned()), Err("[1]".into()));

        let mut w = Writer::new();
        w.list(&[Some(1), None], |w, v: &Option<i32>| w.write(v));
        w.map(&HashMap::from([("k".to_owned(), 2)]), |w, v| w.i64(*v));
        assert_eq!(w.into_bytes(), br#"[1,null]{"k":2}"#);
    }

    #[test]
    fn null_handling() {
        let mut r = Reader::new(b" null ");
        assert!(r.is_null());
        assert!(r.is_null(), "peeking does not consume");
        assert_eq!(r.nullable(Reader::read::<i32>), Ok(None));
        assert_eq!(r.end(), Ok(()));
        let mut r = Reader::new(b"5");
        assert!(!r.is_null());
        assert_eq!(r.nullable(Reader::read::<i32>), Ok(Some(5)));
        assert!(!Reader::new(b"nul").is_null());
        assert!(parse::<Option<i32>>("nullx").is_err());
        for bad in ["nul", "NULL", "tru", "True", "fals", "truefalse", "x"] {
            assert!(parse::<Value>(bad).is_err(), "{bad}");
            assert!(parse::<Option<bool>>(bad).is_err(), "{bad}");
        }
        assert_eq!(parse::<bool>("1"), Err("expected a boolean, found a number at byte 0".into()));
    }

    #[test]
    fn strings_and_escapes() {
        let read = |bytes: &[u8]| {
            let mut r = Reader::new(bytes);
            r.string().map(|s| (matches!(s, Cow::Borrowed(_)), s.into_owned())).map_err(|e| e.to_string())
        };
        assert_eq!(read(r#""plain é 😀""#.as_bytes()), Ok((true, "plain é 😀".into())));
        assert_eq!(read(br#""""#), Ok((true, String::new())));
        assert_eq!(
            read(br#""q\" b\\ s\/ \b\f\n\r\t \u00e9\u0000 \ud83d\ude00 \uFFFF end""#),
            Ok((false, "q\" b\\ s/ \u{8}\u{c}\n\r\t é\u{0} 😀 \u{ffff} end".into()))
        );
        assert_eq!(read(br#""\uD83D\uDE00""#), Ok((false, "😀".into())));
        assert_eq!(read(br#""\ud800""#), Err("lone surrogate in a \\u escape at byte 1".into()));
        assert_eq!(read(br#""\ud800x""#), Err("lone surrogate in a \\u escape at byte 1".into()));
        assert_eq!(read(br#""a\ud800\u0041""#), Err("lone surrogate in a \\u escape at byte 2".into()));
        assert_eq!(read(br#""\ud800\ud800""#), Err("lone surrogate in a \\u escape at byte 1".into()));
        assert_eq!(read(br#""\udc00""#), Err("lone surrogate in a \\u escape at byte 1".into()));
        assert_eq!(read(br#""\ud800\u12""#), Err("invalid \\u escape in a string at byte 7".into()));
        assert_eq!(read(br#""\u12G4""#), Err("invalid \\u escape in a string at byte 1".into()));
        assert_eq!(read(br#""\u+123""#), Err("invalid \\u escape in a string at byte 1".into()));
        assert_eq!(read(br#""\u12"#), Err("invalid \\u escape in a string at byte 1".into()));
        assert_eq!(read(br#""\x""#), Err("invalid escape in a string at byte 1".into()));
        assert_eq!(read(br#""\"#), Err("invalid escape in a string at byte 1".into()));
        assert_eq!(read(b"\"a\nb\""), Err("control character in a string at byte 2".into()));
        assert_eq!(read(b"\"a\\n\tb\""), Err("control character in a string at byte 4".into()));
        assert_eq!(read(b"\"\x7f\""), Ok((true, "\u{7f}".into())));
        assert_eq!(read(b"  \"abc"), Err("unterminated string at byte 2".into()));
        assert_eq!(read(b"\"a\\nb"), Err("unterminated string at byte 0".into()));
        assert_eq!(read(b"5"), Err("expected a string, found a number at byte 0".into()));
        for bad in [&b"\"\xff\""[..], b"\"ab\xe2\x82\"", b"\"\xc0\x80\"", b"\"\xed\xa0\x80\"", b"\"\\n\xf8\""] {
            let e = read(bad).expect_err("invalid UTF-8");
            assert!(e.starts_with("invalid UTF-8 in a string at byte "), "{e}");
        }
        assert_eq!(read(b"\"ab\xe2\x82\""), Err("invalid UTF-8 in a string at byte 3".into()));
        assert!(from_slice::<Value>(b"{\"\xff\": 1}").is_err());
        assert!(Reader::new(b"[\"\xff\"]").skip().is_err());

        let escaped = to_string("q\" b\\ \u{8}\u{c}\n\r\t\u{0}\u{1f}\u{7f} é 😀 \u{2028}");
        assert_eq!(escaped, "\"q\\\" b\\\\ \\b\\f\\n\\r\\t\\u0000\\u001f\u{7f} é 😀 \u{2028}\"");
        assert_eq!(parse::<String>(&escaped), Ok("q\" b\\ \u{8}\u{c}\n\r\t\u{0}\u{1f}\u{7f} é 😀 \u{2028}".into()));
    }

    #[test]
    fn syntax_errors_and_whitespace() {
        assert_eq!(parse::<Value>(" \t\r\n[ 1 ,\n2 ] \n"), Ok(json!([1, 2])));
        for bad in [
            "",
            " ",
            "{",
            "[",
            "[1",
            "[1,",
            "{\"a\"",
            "{\"a\":",
            "{\"a\":1",
            "{\"a\" 1}",
            "{\"a\":1,}",
            "{,}",
            "{a:1}",
            "{1:1}",
            "[1,]",
            "[,1]",
            "[1 2]",
            "{\"a\":1 \"b\":2}",
            "]",
            "}",
            "1 2",
            "{}x",
            "[]]",
            "\u{c}1",
            "\u{a0}1",
            "1\u{c}",
            "'a'",
            "[1]\0",
        ] {
            assert!(parse::<Value>(bad).is_err(), "{bad:?}");
            assert!(parse::<Node>(bad).is_err(), "{bad:?}");
            let mut r = Reader::new(bad.as_bytes());
            assert!(r.skip().and_then(|()| r.end()).is_err(), "{bad:?}");
        }
        assert_eq!(parse::<Value>(""), Err("expected a value, found the end of the input at byte 0".into()));
        assert_eq!(parse::<Value>("[1 2]"), Err("expected `,` or `]`, found a number at byte 3".into()));
        assert_eq!(parse::<Value>(r#"{"a" 1}"#), Err("expected `:`, found a number at byte 5".into()));
        assert_eq!(parse::<Value>(r#"{"a":1,}"#), Err("expected a member name, found `}` at byte 7".into()));
        assert_eq!(
            parse::<Node>(r#"{"Count":1 "Name":"x"}"#),
            Err("expected `,` or `}`, found a string at byte 11".into())
        );
        assert_eq!(parse::<Value>("1 2"), Err("trailing characters after the value at byte 2".into()));
        assert_eq!(parse::<Value>("\u{a0}"), Err("expected a value, found the byte 0xc2 at byte 0".into()));
        // The brief's example: what was expected, what was found, and where.
        assert_eq!(
            parse::<Node>(r#"{"Count": 1, "Name": 17}"#),
            Err("`Name`: expected a string, found a number at byte 21".into())
        );
        let mut r = Reader::new(b"  7");
        assert_eq!(r.position(), 2);
        assert_eq!(r.error_at(2, "bad").to_string(), "bad at byte 2");
    }

    #[test]
    fn structures_read_write_and_error_paths() {
        let text = r#"{"Name": "root", "Count": null, "Unknown": {"x": [1, {"y": null}]},
            "Children": [{"Name": "a", "Count": 1}, null, {"Tags": {"k": {"Count": 2}}}],
            "Sparse": [1, null], "Union": {"Node": {"Name": "u"}}}"#;
        let node: Node = parse(text).expect("parses");
        let expected = Node {
            name: Some("root".into()),
            count: 0,
            children: Some(vec![
                Node { name: Some("a".into()), count: 1, ..Node::default() },
                Node {
                    tags: Some(HashMap::from([("k".into(), Node { count: 2, ..Node::default() })])),
                    ..Node::default()
                },
            ]),
            sparse: Some(vec![Some(1), None]),
            union: Some(Box::new(Choice::Node(Node { name: Some("u".into()), ..Node::default() }))),
            ..Node::default()
        };
        assert_eq!(node, expected);
        let written = to_string(&node);
        assert_eq!(
            written,
            r#"{"Name":"root","Count":0,"Children":[{"Name":"a","Count":1},{"Count":0,"Tags":{"k":{"Count":0}}}],"Sparse":[1,null],"Union":{"Node":{"Name":"u","Count":0}}}"#
                .replace(r#"{"k":{"Count":0}}"#, r#"{"k":{"Count":2}}"#)
        );
        assert_eq!(parse::<Node>(&written), Ok(expected));
        let mut w = Writer::new();
        w.empty_object();
        w.object().end();
        {
            let mut o = w.object();
            o.field("a", "x");
            o.opt("b", &None::<i32>);
            o.opt("c", &Some(false));
            o.key("d").null();
            // Dropped without `end`: still closed.
        }
        assert_eq!(w.into_bytes(), br#"{}{}{"a":"x","c":false,"d":null}"#);

        let path = |text: &str| from_slice::<Node>(text.as_bytes()).map_err(|e| e.path().to_owned());
        assert_eq!(path(r#"{"Children": [{}, {"Name": 5}]}"#), Err("Children[1].Name".into()));
        assert_eq!(path(r#"{"Tags": {"someKey": {"Count": "x"}}}"#), Err("Tags.someKey.Count".into()));
        assert_eq!(path(r#"{"Sparse": [null, 1.5]}"#), Err("Sparse[1]".into()));
        assert_eq!(
            path(r#"{"Union": {"Node": {"Children": [{"Count": true}]}}}"#),
            Err("Union.Node.Children[0].Count".into())
        );
        assert_eq!(path(r#"{"Union": {}}"#), Err("Union".into()));
        assert_eq!(path(r#"{"Unknown": {"x": [1, {"y": nul}]}}"#), Err("Unknown.x[1].y".into()));
        assert_eq!(path(r#"{"Count": 1} {"#), Err("".into()));
        // Duplicate keys: the callback runs again, so the last one wins.
        assert_eq!(parse::<Node>(r#"{"Count": 1, "Count": 2}"#).map(|n| n.count), Ok(2));
        // A member name with escapes.
        assert_eq!(parse::<Node>(r#"{"N\u0061me": "esc"}"#).map(|n| n.name), Ok(Some("esc".into())));
    }

    #[test]
    fn depth_is_limited_everywhere() {
        let deep_arrays = "[".repeat(100_000);
        let deep_objects = r#"{"a":"#.repeat(100_000);
        let deep_children = r#"{"Children":["#.repeat(100_000);
        let deep_tags = r#"{"Tags":{"k":"#.repeat(100_000);
        let deep_union = r#"{"Union":{"Node":"#.repeat(100_000);
        let deep_unknown = format!(r#"{{"Unknown":{deep_arrays}"#);
        for text in [&deep_arrays, &deep_objects, &deep_children, &deep_tags, &deep_union, &deep_unknown] {
            let e = parse::<Value>(text).expect_err("too deep");
            assert!(e.contains("nesting deeper than 128 levels"), "{e}");
            let mut r = Reader::new(text.as_bytes());
            let e = r.skip().expect_err("too deep");
            assert!(e.message().starts_with("nesting deeper than 128 levels at byte "), "{e}");
            assert!(parse::<Node>(text).is_err());
            assert!(parse::<Vec<Vec<Vec<Value>>>>(text).is_err());
            assert!(parse::<HashMap<String, Value>>(text).is_err());
            assert!(parse::<Option<Box<Choice>>>(text).is_err());
            let mut r = Reader::new(text.as_bytes());
            assert!(r.list_with(Reader::read::<Value>).is_err());
            let mut r = Reader::new(text.as_bytes());
            assert!(r.sparse_list_with(Reader::read::<Value>).is_err());
            let mut r = Reader::new(text.as_bytes());
            assert!(r.map_with::<String, _>(Reader::read::<Value>).is_err());
            let mut r = Reader::new(text.as_bytes());
            assert!(r.sparse_map_with::<String, _>(Reader::read::<Value>).is_err());
        }
        // Exactly 128 levels are fine, 129 are not.
        let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(parse::<Value>(&nested(128)).is_ok());
        let e = from_slice::<Value>(nested(129).as_bytes()).expect_err("too deep");
        assert_eq!((e.path(), e.message()), ("[0]".repeat(128).as_str(), "nesting deeper than 128 levels at byte 128"));
        let (ok, too_deep) = (nested(128), nested(129));
        assert_eq!(Reader::new(ok.as_bytes()).skip(), Ok(()));
        assert!(Reader::new(too_deep.as_bytes()).skip().is_err());
        let children = |n: usize| format!("{}{}", r#"{"Children":["#.repeat(n), "]}".repeat(n));
        // Each level of `Node` is two (an object and an array).
        assert!(parse::<Node>(&children(64)).is_ok());
        assert!(parse::<Node>(&children(65)).is_err());
        // The depth is given back after each value, so siblings do not add up.
        let siblings = format!("[{}]", vec![nested(127); 1000].join(","));
        assert!(parse::<Value>(&siblings).is_ok());
    }

    /// xorshift64*: a tiny deterministic generator for the property tests.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        fn char(&mut self) -> char {
            let c = match self.below(8) {
                0 => self.below(0x20) as u32,
                1 => *[0x22, 0x5c, 0x2f, 0x7f, 0x2028, 0x2029, 0xfeff, 0xfffd].get(self.below(8)).unwrap_or(&0x41),
                2 => 0x80 + self.below(0x780) as u32,
                3 => 0x800 + self.below(0xf800) as u32,
                4 => 0x10000 + self.below(0x100000) as u32,
                _ => 0x20 + self.below(0x5f) as u32,
            };
            char::from_u32(c).unwrap_or('\u{fffd}')
        }

        fn string(&mut self) -> String {
            (0..self.below(24)).map(|_| self.char()).collect()
        }
    }

    #[test]
    fn random_strings_round_trip() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..20_000 {
            let s = rng.string();
            let bytes = to_vec(&s);
            assert_eq!(from_slice::<String>(&bytes).as_ref(), Ok(&s), "{s:?}");
            // Byte for byte what serde_json writes, and it reads it back.
            assert_eq!(
                Ok(String::from_utf8_lossy(&bytes).into_owned()),
                serde_json::to_string(&s).map_err(|e| e.to_string())
            );
            assert_eq!(serde_json::from_slice::<String>(&bytes).ok().as_ref(), Some(&s));
            // As a key too, and through serde_json's `\u` escapes of everything.
            let map = HashMap::from([(s.clone(), vec![s.clone()])]);
            assert_eq!(from_slice::<HashMap<String, Vec<String>>>(&to_vec(&map)), Ok(map));
            let escaped: String = s.encode_utf16().map(|unit| format!("\\u{unit:04x}")).collect();
            assert_eq!(parse::<String>(&format!("\"{escaped}\"")).as_ref(), Ok(&s));
        }
    }

    /// Compares documents, numbers within a rounding step (serde_json's float parser is not
    /// always correctly rounded).
    fn same_document(a: &Value, b: &Value) -> bool {
        match (a, b) {
            (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
                (Some(x), Some(y)) if x.is_finite() && y.is_finite() => x == y || (x - y).abs() <= x.abs() * 1e-15,
                _ => x == y,
            },
            (Value::Array(x), Value::Array(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_document(x, y))
            }
            (Value::Object(x), Value::Object(y)) => {
                x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same_document(v, w)))
            }
            _ => a == b,
        }
    }

    #[test]
    fn random_inputs_agree_with_serde_json_and_never_panic() {
        let seeds: [&[u8]; 6] = [
            br#"{"Name": "a\"b\\c\u00e9\ud83d\ude00", "Count": -12, "Children": [{"Count": 1.5e3}, null], "x": [true, false, null]}"#,
            br#"[0, -0, 1.25, -3e-2, 12345678901234567890, 1E+2, "", "\/\n\t", {"a": {"b": []}}]"#,
            br#"{"Tags": {"k": {"Name": "v"}, "k2": null}, "Sparse": [null, 3], "Union": {"Int": 4, "__type": "x"}}"#,
            "{\"é\": \"日本語\", \"e\": \"\u{1F600}\"}".as_bytes(),
            br#"  "just a string"  "#,
            br#"[[[[{"deep": [[["x"]]]}]]]]"#,
        ];
        let interesting = b"{}[]\",:\\/ubfnrt0123456789-+.eE \t\n\r\x00\x1f\x7f\x80\xbf\xc3\xe2\xed\xf0\xffnultrefas";
        let mut rng = Rng(0xdead_beef_cafe_f00d);
        let mut checked = 0;
        for round in 0..30_000 {
            let mut input = seeds[round % seeds.len()].to_vec();
            for _ in 0..1 + rng.below(4) {
                let at = rng.below(input.len() + 1);
                let byte = interesting[rng.below(interesting.len())];
                match rng.below(5) {
                    0 => input.insert(at, byte),
                    1 if at < input.len() => {
                        input.remove(at);
                    }
                    2 if at < input.len() => input[at] = byte,
                    3 => input.truncate(at),
                    _ => {
                        let end = (at + rng.below(8)).min(input.len());
                        let copy = input[at..end].to_vec();
                        input.splice(at..at, copy);
                    }
                }
            }
            let ours = from_slice::<Value>(&input);
            let theirs = serde_json::from_slice::<Value>(&input);
            match (&ours, &theirs) {
                (Ok(a), Ok(b)) => assert!(same_document(a, b), "{:?}", String::from_utf8_lossy(&input)),
                (Err(_), Err(_)) => {}
                _ => panic!("disagree on {:?}: {ours:?} / {theirs:?}", String::from_utf8_lossy(&input)),
            }
            let mut r = Reader::new(&input);
            let skipped = r.skip().and_then(|()| r.end());
            match (&skipped, &ours) {
                (Ok(()), Err(e)) => assert!(e.message().contains("out of range"), "{e}"),
                (Err(e), Ok(_)) => panic!("skip refused what parses: {e}"),
                _ => {}
            }
            let _ = from_slice::<Node>(&input);
            let _ = from_slice::<HashMap<String, Option<Vec<String>>>>(&input);
            let _ = from_slice::<Vec<f64>>(&input);
            checked += usize::from(ours.is_ok());
        }
        assert!(checked > 1000, "too few valid inputs to mean much: {checked}");
    }
}
