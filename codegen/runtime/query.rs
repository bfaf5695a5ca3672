//! awsQuery and ec2Query request bodies: `application/x-www-form-urlencoded` pairs such as
//! `Action=Op&Version=2020-01-08&Items.member.1=a&Tags.entry.1.key=k`.
//!
//! A generated structure implements [`ToQuery`], writing each set member under its key
//! prefix with [`QueryWriter::field`], [`QueryWriter::list`] or [`QueryWriter::map`]; scalars
//! (strings, numbers, booleans, blobs, timestamps, and generated enums through
//! [`QueryWriter::value`]) write one pair. The two protocols differ only in what the
//! generator passes: ec2Query lists are always flattened and an empty one is not sent; in
//! awsQuery an empty list is sent as `Key=`.
#![allow(dead_code)]

use super::blob::Blob;
use super::datetime::DateTime;
use base64::Engine as _;
use std::collections::HashMap;
use std::fmt::Write as _;

/// A value that can be written as query pairs.
pub trait ToQuery {
    /// Writes the value under `key`, its full key prefix (`Foo.member.1`).
    fn write(&self, w: &mut QueryWriter, key: &str);
}

/// The element names of a map: `Key.entry.N.key` and `Key.entry.N.value` by default; a
/// flattened map (`entry: None`) is `Key.N.key`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueryMapNames<'n> {
    /// The entry segment (`entry`), or `None` for a flattened map.
    pub entry: Option<&'n str>,
    /// The key's segment.
    pub key: &'n str,
    /// The value's segment.
    pub value: &'n str,
}

impl QueryMapNames<'static> {
    /// `entry`, `key` and `value`.
    pub const DEFAULT: Self = Self { entry: Some("entry"), key: "key", value: "value" };
    /// A flattened map: `key` and `value` straight after the index.
    pub const FLATTENED: Self = Self { entry: None, key: "key", value: "value" };
}

/// A form body being built, starting with `Action` and `Version`.
#[derive(Debug)]
pub struct QueryWriter {
    out: String,
}

/// Bytes sent as they are; everything else is percent-encoded (RFC 3986's unreserved set,
/// as AWS's query signing expects: a space is `%20`, never `+`).
fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}

/// Appends `text` percent-encoded (UTF-8 bytes, upper-case hex).
fn encode(out: &mut String, text: &str) {
    for &b in text.as_bytes() {
        if unreserved(b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
}

/// `prefix.name`, or `name` at the top level.
pub fn key(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

impl QueryWriter {
    /// A body for operation `action` of API `version`.
    pub fn new(action: &str, version: &str) -> Self {
        let mut w = Self { out: String::from("Action=") };
        encode(&mut w.out, action);
        w.out.push_str("&Version=");
        encode(&mut w.out, version);
        w
    }

    /// The body.
    pub fn finish(self) -> Vec<u8> {
        self.out.into_bytes()
    }

    /// Writes one pair, both sides percent-encoded.
    pub fn value(&mut self, key: &str, text: &str) {
        self.out.push('&');
        encode(&mut self.out, key);
        self.out.push('=');
        encode(&mut self.out, text);
    }

    /// Writes `value` under `prefix.name` (or `name` when `prefix` is empty).
    #[inline]
    pub fn field<T: ToQuery + ?Sized>(&mut self, prefix: &str, name: &str, value: &T) {
        value.write(self, &key(prefix, name));
    }

    /// Writes `value` under `prefix.name` unless it is `None`.
    #[inline]
    pub fn opt<T: ToQuery>(&mut self, prefix: &str, name: &str, value: &Option<T>) {
        if let Some(value) = value {
            self.field(prefix, name, value);
        }
    }

    /// Writes `value` with `f` under `prefix.name` unless it is `None` (timestamps in a
    /// non-default format, nested lists).
    #[inline]
    pub fn opt_with<T>(&mut self, prefix: &str, name: &str, value: &Option<T>, f: impl FnOnce(&mut Self, &str, &T)) {
        if let Some(value) = value {
            f(self, &key(prefix, name), value);
        }
    }

    /// Writes a list under `key`: `key.member.N` (wrapped, `member` the item segment) or
    /// `key.N` (flattened, `member` `None`), N from 1, each item with `f`. An empty list is
    /// sent as `key=` when `send_empty` (awsQuery), else not at all (ec2Query).
    pub fn list_with<T>(
        &mut self,
        key: &str,
        items: &[T],
        member: Option<&str>,
        send_empty: bool,
        mut f: impl FnMut(&mut Self, &str, &T),
    ) {
        if items.is_empty() {
            if send_empty {
                self.value(key, "");
            }
            return;
        }
        for (i, item) in items.iter().enumerate() {
            let n = i + 1;
            let item_key = match member {
                Some(member) => format!("{key}.{member}.{n}"),
                None => format!("{key}.{n}"),
            };
            f(self, &item_key, item);
        }
    }

    /// Writes a list of `T` (see [`list_with`](Self::list_with)).
    #[inline]
    pub fn list<T: ToQuery>(&mut self, key: &str, items: &[T], member: Option<&str>, send_empty: bool) {
        self.list_with(key, items, member, send_empty, |w, key, item| item.write(w, key));
    }

    /// Writes a map under `key` in key order (so the body is deterministic):
    /// `key.entry.N.key=k&key.entry.N.value…`, N from 1, each value with `f`. An empty map
    /// is not sent.
    pub fn map_with<K: AsRef<str>, V>(
        &mut self,
        key: &str,
        map: &HashMap<K, V>,
        names: &QueryMapNames<'_>,
        mut f: impl FnMut(&mut Self, &str, &V),
    ) {
        let mut entries: Vec<(&str, &V)> = map.iter().map(|(k, v)| (k.as_ref(), v)).collect();
        entries.sort_unstable_by_key(|&(k, _)| k);
        for (i, (entry_key, value)) in entries.into_iter().enumerate() {
            let n = i + 1;
            let entry = match names.entry {
                Some(segment) => format!("{key}.{segment}.{n}"),
                None => format!("{key}.{n}"),
            };
            self.value(&format!("{entry}.{}", names.key), entry_key);
            f(self, &format!("{entry}.{}", names.value), value);
        }
    }

    /// Writes a map of `V` (see [`map_with`](Self::map_with)).
    #[inline]
    pub fn map<K: AsRef<str>, V: ToQuery>(&mut self, key: &str, map: &HashMap<K, V>, names: &QueryMapNames<'_>) {
        self.map_with(key, map, names, |w, key, value| value.write(w, key));
    }
}

impl ToQuery for str {
    #[inline]
    fn write(&self, w: &mut QueryWriter, key: &str) {
        w.value(key, self);
    }
}

impl ToQuery for String {
    #[inline]
    fn write(&self, w: &mut QueryWriter, key: &str) {
        w.value(key, self);
    }
}

impl ToQuery for bool {
    #[inline]
    fn write(&self, w: &mut QueryWriter, key: &str) {
        w.value(key, if *self { "true" } else { "false" });
    }
}

macro_rules! integers {
    ($($t:ty),*) => {$(
        impl ToQuery for $t {
            #[inline]
            fn write(&self, w: &mut QueryWriter, key: &str) {
                w.value(key, &self.to_string());
            }
        }
    )*};
}

integers!(i8, i16, i32, i64);

/// The shortest text that reads back as the same float (`10.8`, `1.0`, `1e300`); `NaN`,
/// `Infinity` and `-Infinity` as Smithy spells them.
fn float_text(finite: bool, nan: bool, positive: bool, value: impl std::fmt::Debug) -> String {
    match (finite, nan, positive) {
        (true, _, _) => format!("{value:?}"),
        (false, true, _) => "NaN".to_owned(),
        (false, false, true) => "Infinity".to_owned(),
        (false, false, false) => "-Infinity".to_owned(),
    }
}

impl ToQuery for f64 {
    #[inline]
    fn write(&self, w: &mut QueryWriter, key: &str) {
        w.value(key, &float_text(self.is_finite(), self.is_nan(), *self > 0.0, self));
    }
}

impl ToQuery for f32 {
    #[inline]
    fn write(&self, w: &mut QueryWriter, key: &str) {
        w.value(key, &float_text(self.is_finite(), self.is_nan(), *self > 0.0, self));
    }
}

/// Base64 text.
impl ToQuery for Blob {
    fn write(&self, w: &mut QueryWriter, key: &str) {
        w.value(key, &base64::engine::general_purpose::STANDARD.encode(self.as_bytes()));
    }
}

/// Date-time (RFC 3339), the query protocols' default timestamp format.
impl ToQuery for DateTime {
    fn write(&self, w: &mut QueryWriter, key: &str) {
        w.value(key, &self.fmt_date_time());
    }
}

impl<T: ToQuery + ?Sized> ToQuery for Box<T> {
    #[inline]
    fn write(&self, w: &mut QueryWriter, key: &str) {
        (**self).write(w, key);
    }
}

impl<T: ToQuery + ?Sized> ToQuery for &T {
    #[inline]
    fn write(&self, w: &mut QueryWriter, key: &str) {
        (**self).write(w, key);
    }
}

/// Writes an epoch-seconds timestamp (`@timestampFormat("epoch-seconds")`).
pub fn write_epoch_seconds(w: &mut QueryWriter, key: &str, value: &DateTime) {
    w.value(key, &value.fmt_epoch_seconds());
}

/// Writes an IMF-fixdate timestamp (`@timestampFormat("http-date")`).
pub fn write_http_date(w: &mut QueryWriter, key: &str, value: &DateTime) {
    w.value(key, &value.fmt_http_date());
}

/// Writes a date-time timestamp (the default; for symmetry in generated code).
pub fn write_date_time(w: &mut QueryWriter, key: &str, value: &DateTime) {
    w.value(key, &value.fmt_date_time());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A structure as the generator would write it.
    #[derive(Default)]
    struct Input {
        name: Option<String>,
        flag: Option<bool>,
        items: Option<Vec<String>>,
        nested: Option<Box<Input>>,
        tags: Option<HashMap<String, String>>,
        lists: Option<Vec<Vec<i32>>>,
        when: Option<DateTime>,
    }

    impl ToQuery for Input {
        fn write(&self, w: &mut QueryWriter, key: &str) {
            w.opt(key, "Name", &self.name);
            w.opt(key, "Flag", &self.flag);
            w.opt_with(key, "Items", &self.items, |w, key, v| w.list(key, v, Some("member"), true));
            w.opt(key, "Nested", &self.nested);
            w.opt_with(key, "Tags", &self.tags, |w, key, v| w.map(key, v, &QueryMapNames::DEFAULT));
            w.opt_with(key, "Lists", &self.lists, |w, key, v| {
                w.list_with(key, v, Some("member"), true, |w, key, inner| w.list(key, inner, Some("member"), true));
            });
            w.opt_with(key, "When", &self.when, write_epoch_seconds);
        }
    }

    fn body(f: impl FnOnce(&mut QueryWriter)) -> String {
        let mut w = QueryWriter::new("Op", "2020-01-08");
        f(&mut w);
        String::from_utf8(w.finish()).unwrap_or_default()
    }

    #[test]
    fn action_version_and_percent_encoding() {
        assert_eq!(body(|_| {}), "Action=Op&Version=2020-01-08");
        assert_eq!(
            body(|w| w.value("A b", "x y+z&=/?%#[]@!$'()*,;:~-_.")),
            "Action=Op&Version=2020-01-08&A%20b=x%20y%2Bz%26%3D%2F%3F%25%23%5B%5D%40%21%24%27%28%29%2A%2C%3B%3A~-_."
        );
        assert_eq!(body(|w| w.value("K", "é日😀\n")), "Action=Op&Version=2020-01-08&K=%C3%A9%E6%97%A5%F0%9F%98%80%0A");
        assert_eq!(body(|w| w.value("K", "")), "Action=Op&Version=2020-01-08&K=");
        let w = QueryWriter::new("A&B", "1 2");
        assert_eq!(w.finish(), b"Action=A%26B&Version=1%202");
    }

    #[test]
    fn scalars() {
        let one = |value: &dyn ToQuery| body(|w| w.field("", "V", value)).replace("Action=Op&Version=2020-01-08&", "");
        assert_eq!(one(&"s"), "V=s");
        assert_eq!(one(&String::from("a b")), "V=a%20b");
        assert_eq!((one(&true), one(&false)), ("V=true".into(), "V=false".into()));
        assert_eq!(
            (one(&-8i8), one(&300i16), one(&10i32), one(&i64::MIN)),
            ("V=-8".into(), "V=300".into(), "V=10".into(), "V=-9223372036854775808".into())
        );
        assert_eq!(
            (one(&10.8f64), one(&1.0f64), one(&0.1f32), one(&1e300f64)),
            ("V=10.8".into(), "V=1.0".into(), "V=0.1".into(), "V=1e300".into())
        );
        assert_eq!(
            (one(&f64::NAN), one(&f32::INFINITY), one(&f64::NEG_INFINITY)),
            ("V=NaN".into(), "V=Infinity".into(), "V=-Infinity".into())
        );
        assert_eq!(one(&Blob::from("value")), "V=dmFsdWU%3D");
        let time = DateTime::from_secs(1_422_172_800);
        assert_eq!(one(&time), "V=2015-01-25T08%3A00%3A00Z");
        assert_eq!(one(&Box::new(5i32)), "V=5");
        let with = |f: fn(&mut QueryWriter, &str, &DateTime)| body(|w| f(w, "T", &time));
        assert!(with(write_epoch_seconds).ends_with("&T=1422172800"));
        assert!(with(write_http_date).ends_with("&T=Sun%2C%2025%20Jan%202015%2008%3A00%3A00%20GMT"));
        assert!(with(write_date_time).ends_with("&T=2015-01-25T08%3A00%3A00Z"));
        assert!(
            body(|w| write_epoch_seconds(w, "T", &DateTime::from_secs_and_nanos(1, 500_000_000))).ends_with("&T=1.5")
        );
    }

    #[test]
    fn lists() {
        let items = ["foo".to_owned(), "bar".to_owned()];
        let tail = |s: String| s.replace("Action=Op&Version=2020-01-08", "");
        assert_eq!(
            tail(body(|w| w.list("ListArg", &items, Some("member"), true))),
            "&ListArg.member.1=foo&ListArg.member.2=bar"
        );
        assert_eq!(tail(body(|w| w.list("L", &items, Some("item"), true))), "&L.item.1=foo&L.item.2=bar");
        assert_eq!(tail(body(|w| w.list("Hi", &items, None, false))), "&Hi.1=foo&Hi.2=bar");
        let empty: [String; 0] = [];
        assert_eq!(tail(body(|w| w.list("ListArg", &empty, Some("member"), true))), "&ListArg=");
        assert_eq!(tail(body(|w| w.list("ListArg", &empty, None, false))), "");
        let nested = Input { name: Some("n".into()), ..Input::default() };
        assert_eq!(tail(body(|w| w.list("C", &[nested], Some("member"), true))), "&C.member.1.Name=n");
    }

    #[test]
    fn maps() {
        let map = HashMap::from([("foo".to_owned(), "Foo".to_owned()), ("bar".to_owned(), "Bar".to_owned())]);
        let tail = |s: String| s.replace("Action=Op&Version=2020-01-08", "");
        assert_eq!(
            tail(body(|w| w.map("MapArg", &map, &QueryMapNames::DEFAULT))),
            "&MapArg.entry.1.key=bar&MapArg.entry.1.value=Bar&MapArg.entry.2.key=foo&MapArg.entry.2.value=Foo"
        );
        let renamed = QueryMapNames { entry: Some("entry"), key: "K", value: "V" };
        assert_eq!(
            tail(body(|w| w.map("M", &map, &renamed))),
            "&M.entry.1.K=bar&M.entry.1.V=Bar&M.entry.2.K=foo&M.entry.2.V=Foo"
        );
        assert_eq!(
            tail(body(|w| w.map("Flat", &map, &QueryMapNames::FLATTENED))),
            "&Flat.1.key=bar&Flat.1.value=Bar&Flat.2.key=foo&Flat.2.value=Foo"
        );
        let hi = QueryMapNames { entry: None, key: "K", value: "V" };
        assert_eq!(tail(body(|w| w.map("Hi", &map, &hi))), "&Hi.1.K=bar&Hi.1.V=Bar&Hi.2.K=foo&Hi.2.V=Foo");
        assert_eq!(tail(body(|w| w.map("MapArg", &HashMap::<String, String>::new(), &QueryMapNames::DEFAULT))), "");
        let lists = HashMap::from([("k y".to_owned(), vec!["A".to_owned()])]);
        assert_eq!(
            tail(body(|w| w.map_with("MapOfLists", &lists, &QueryMapNames::DEFAULT, |w, key, v| w.list(
                key,
                v,
                Some("member"),
                true
            )))),
            "&MapOfLists.entry.1.key=k%20y&MapOfLists.entry.1.value.member.1=A"
        );
    }

    #[test]
    fn structures() {
        let input = Input {
            name: Some("a&b".into()),
            flag: Some(true),
            items: Some(vec![]),
            nested: Some(Box::new(Input {
                name: Some("inner".into()),
                nested: Some(Box::new(Input { flag: Some(false), ..Input::default() })),
                ..Input::default()
            })),
            tags: Some(HashMap::from([("k".into(), "v".into())])),
            lists: Some(vec![vec![1, 2], vec![]]),
            when: Some(DateTime::from_secs(1_422_172_800)),
        };
        let mut w = QueryWriter::new("NestedStructures", "2020-01-08");
        input.write(&mut w, "");
        assert_eq!(
            String::from_utf8(w.finish()).unwrap_or_default(),
            "Action=NestedStructures&Version=2020-01-08&Name=a%26b&Flag=true&Items=\
             &Nested.Name=inner&Nested.Nested.Flag=false&Tags.entry.1.key=k&Tags.entry.1.value=v\
             &Lists.member.1.member.1=1&Lists.member.1.member.2=2&Lists.member.2=&When=1422172800"
        );
        assert_eq!(key("", "A"), "A");
        assert_eq!(key("P.member.1", "A"), "P.member.1.A");
    }
}
