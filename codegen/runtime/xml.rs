//! XML bodies (restXml, awsQuery and ec2Query responses, restXml requests): a pull reader over
//! [`quick_xml`] and a small writer, which generated types implement [`FromXml`] and [`ToXml`]
//! against. As in `json.rs`, a generated impl is one `match` on member names; everything
//! generic (lists, maps, scalars, errors) is here.
//!
//! # Reading
//!
//! [`from_root`] reads a whole document; [`Element`] is one element whose start tag has been
//! read. A [`FromXml`] impl reads its attributes with [`Element::attr`], then its content with
//! exactly one of [`Element::children`] (structures), [`Element::text`] (scalars) or
//! [`Element::skip`]; whatever it leaves unread is skipped. A structure's impl looks like:
//!
//! ```ignore
//! fn read(el: &mut Element<'_, '_>) -> Result<Self> {
//!     let mut out = Self::default();
//!     el.attr_into(&mut out.id, "xsi:id")?;                // attribute member (a `Scalar`)
//!     el.children(|c, name| match name {
//!         "Name" => c.read_into(&mut out.name),             // Option<String>, Option<Nested>, …
//!         "When" => c.read_with(&mut out.when, read_epoch_seconds),
//!         "Items" => c.list_into(&mut out.items, "member"), // <Items><member>…</member></Items>
//!         "Flat" => c.push_into(&mut out.flat),             // each <Flat> is one item
//!         "Tags" => c.map_into(&mut out.tags, &MapNames::DEFAULT),
//!         "FlatTags" => c.entry_into(&mut out.flat_tags, &MapNames::DEFAULT),
//!         _ => Ok(()),                                       // unknown: skipped
//!     })?;
//!     Ok(out)
//! }
//! ```
//!
//! Scalars (strings, numbers, booleans, blobs, timestamps, and generated enums) implement
//! [`Scalar`] (parse from text) and get [`FromXml`] from it; a generated enum implements only
//! `Scalar`. Numbers and booleans are trimmed of surrounding whitespace, strings are kept
//! exactly (line ends normalised to `\n`, as XML requires).
//!
//! The reader checks well-formedness (matching tags, UTF-8, attribute syntax), refuses a
//! DOCTYPE (so no entity but the five predefined ones and character references is ever
//! expanded), limits nesting to [`MAX_DEPTH`], and builds an error's path (`Items[2].Name`)
//! only while unwinding. It never panics, whatever the bytes.
//!
//! # Writing
//!
//! [`to_vec_root`] opens the root element and hands an [`ElementWriter`] to [`ToXml::write`],
//! which writes attributes first, then content ([`ElementWriter::field`],
//! [`ElementWriter::list`], …). An element is closed when its writer is dropped.
//!
//! # Errors and wrappers
//!
//! [`error_metadata`] reads the code, message and request id of the three error shapes
//! (`<ErrorResponse><Error>`, a bare `<Error>`, ec2Query's `<Response><Errors><Error>`);
//! [`error_element`] reads a modeled error's members from the `<Error>` element of any of them;
//! [`from_query_result`] reads awsQuery's `<OpResponse><OpResult>` wrapper (ec2Query's
//! `<OpResponse>` is just `from_root(body, Some("OpResponse"))`).
#![allow(dead_code)]

use super::blob::Blob;
use super::datetime::DateTime;
use super::error::ResponseParseError;
use super::response::ErrorMetadata;
use base64::Engine as _;
use quick_xml::events::attributes::Attributes;
use quick_xml::events::{BytesRef, BytesStart, Event};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::hash::Hash;

/// The result of reading XML.
pub type Result<T> = std::result::Result<T, ResponseParseError>;

/// How deeply elements may nest (as JSON arrays and objects may).
pub const MAX_DEPTH: usize = 128;

/// A type that can be read from an XML element.
pub trait FromXml: Sized {
    /// Reads one value from `el`, which is positioned on its start tag (attributes readable).
    /// What the impl leaves unread of the content is skipped by the caller.
    fn read(el: &mut Element<'_, '_>) -> Result<Self>;
}

/// A type whose content can be written into an XML element.
pub trait ToXml {
    /// Writes attributes, then content, into the already-opened `el`.
    fn write(&self, el: &mut ElementWriter<'_>);
}

/// A value read from and written as text: element content or an attribute value. Its
/// implementors get [`FromXml`] and [`ToXml`] from it.
pub trait Scalar: Sized {
    /// Parses `text`; the error says what was expected.
    fn from_text(text: Cow<'_, str>) -> std::result::Result<Self, String>;
    /// The text (unescaped).
    fn to_text(&self) -> Cow<'_, str>;
}

/// Where a value read goes: the member itself (`T`), or an optional member (`Option<T>`).
/// Lets the same helper fill `Vec<T>` and `Option<Vec<T>>` members.
pub trait Slot<T> {
    /// Sets the value.
    fn put(&mut self, value: T);
    /// The value, set to its default first if absent (to push a flattened item into).
    fn get_or_default(&mut self) -> &mut T
    where
        T: Default;
}

impl<T> Slot<T> for T {
    #[inline]
    fn put(&mut self, value: T) {
        *self = value;
    }
    #[inline]
    fn get_or_default(&mut self) -> &mut T {
        self
    }
}

impl<T> Slot<T> for Option<T> {
    #[inline]
    fn put(&mut self, value: T) {
        *self = Some(value);
    }
    #[inline]
    fn get_or_default(&mut self) -> &mut T
    where
        T: Default,
    {
        self.get_or_insert_with(T::default)
    }
}

/// A map key: a string, or an enum (its wire form is a string).
pub trait MapKey: Eq + Hash + for<'k> From<&'k str> {}

impl<K: Eq + Hash + for<'k> From<&'k str>> MapKey for K {}

/// The element names of a map: `<entry><key>…</key><value>…</value></entry>` by default
/// (`entry` is unused for flattened maps, whose every occurrence is one entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapNames<'n> {
    /// The element of one entry (wrapped maps).
    pub entry: &'n str,
    /// The key's element.
    pub key: &'n str,
    /// The value's element.
    pub value: &'n str,
}

impl MapNames<'static> {
    /// `entry`, `key` and `value`.
    pub const DEFAULT: Self = Self { entry: "entry", key: "key", value: "value" };
}

/// Reads a `T` from a whole document, whose root element must be named `root` when given
/// (its qualified or its local name). An empty (or whitespace-only) body reads as an empty
/// element, so that an output with no members needs no body.
pub fn from_root<T: FromXml>(body: &[u8], root: Option<&str>) -> Result<T> {
    let mut value = None;
    read_root(body, root, &mut |el| {
        value = Some(T::read(el)?);
        Ok(())
    })?;
    value.ok_or_else(|| error_at(0, "the document was not read"))
}

/// [`from_root`]'s work, compiled once: calls `read` on the root element (or an empty one).
fn read_root(body: &[u8], root: Option<&str>, read: &mut dyn FnMut(&mut Element<'_, '_>) -> Result<()>) -> Result<()> {
    let mut parser = Parser::new(body)?;
    match parser.root()? {
        None => read(&mut Element::empty(&mut parser, root.unwrap_or_default()))?,
        Some(mut el) => {
            if let Some(root) = root {
                el.expect_name(root)?;
            }
            read(&mut el)?;
            el.finish()?;
        }
    }
    parser.end()
}

/// Reads awsQuery's success body `<OpResponse><OpResult>…</OpResult><ResponseMetadata/>
/// </OpResponse>`: `T` from the result element, which reads as empty when absent.
pub fn from_query_result<T: FromXml>(body: &[u8], response: &str, result: &str) -> Result<T> {
    let mut parser = Parser::new(body)?;
    let mut found = None;
    if let Some(mut el) = parser.root()? {
        el.expect_name(response)?;
        el.children(|c, name| {
            if found.is_none() && name_matches(name, result) {
                found = Some(T::read(c)?);
            }
            Ok(())
        })?;
    }
    parser.end()?;
    match found {
        Some(value) => Ok(value),
        None => T::read(&mut Element::empty(&mut parser, result)),
    }
}

/// The code, message and request id of an XML error body: `<ErrorResponse><Error><Code/>
/// <Message/></Error><RequestId/></ErrorResponse>` (restXml, awsQuery), a bare
/// `<Error><Code/><Message/><RequestId/></Error>` (restXml `noErrorWrapping`, S3), or ec2Query's
/// `<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>`.
/// Missing parts are `None`; an empty body has none.
pub fn error_metadata(body: &[u8]) -> Result<ErrorMetadata> {
    fn request_id(c: &mut Element<'_, '_>, name: &str, meta: &mut ErrorMetadata) -> Result<()> {
        if matches!(name, "RequestId" | "RequestID") && meta.request_id.is_none() {
            meta.request_id = Some(trim(&c.text()?).to_owned());
        }
        Ok(())
    }
    let mut meta = ErrorMetadata::default();
    with_error_element(body, |el, wrapper_child| match wrapper_child {
        Some(name) => request_id(el, name, &mut meta),
        None => el.children(|c, name| match name {
            "Code" => c.read_with(&mut meta.code, |c| c.text().map(|code| trim(&code).to_owned())),
            "Message" | "message" => c.read_into(&mut meta.message),
            _ => request_id(c, name, &mut meta),
        }),
    })?;
    Ok(meta)
}

/// Reads a modeled error's members (`T`) from the `<Error>` element of any of the shapes
/// [`error_metadata`] reads; `T` reads from an empty element when there is none.
pub fn error_element<T: FromXml>(body: &[u8]) -> Result<T> {
    let mut found = None;
    with_error_element(body, |el, wrapper_child| match wrapper_child {
        None => T::read(el).map(|value| found = Some(value)),
        Some(_) => Ok(()),
    })?;
    match found {
        Some(value) => Ok(value),
        None => T::read(&mut Element::empty(&mut Parser::new(b"")?, "Error")),
    }
}

/// Calls `f(error, None)` on the (first) `<Error>` element of an error body, and
/// `f(child, Some(name))` on the wrappers' other children (where the request id is).
fn with_error_element(body: &[u8], mut f: impl FnMut(&mut Element<'_, '_>, Option<&str>) -> Result<()>) -> Result<()> {
    let mut parser = Parser::new(body)?;
    let mut done = false;
    if let Some(mut root) = parser.root()? {
        match root.local_name() {
            "Error" => f(&mut root, None)?,
            "ErrorResponse" | "Response" => root.children(|c, name| match name {
                "Error" if !done => {
                    done = true;
                    f(c, None)
                }
                "Errors" => c.children(|c, name| match name {
                    "Error" if !done => {
                        done = true;
                        f(c, None)
                    }
                    _ => Ok(()),
                }),
                _ => f(c, Some(name)),
            })?,
            _ => {}
        }
        root.finish()?;
    }
    parser.end()
}

/// Writes `value` as a document whose root element is `root`, declaring the default
/// namespace (prefix `""`) or a prefixed one when `ns` is given.
pub fn to_vec_root<T: ToXml + ?Sized>(root: &str, ns: Option<(&str, &str)>, value: &T) -> Vec<u8> {
    let mut out = String::new();
    {
        let mut el = ElementWriter::open(&mut out, root);
        if let Some((prefix, uri)) = ns {
            el.namespace((!prefix.is_empty()).then_some(prefix), uri);
        }
        value.write(&mut el);
    }
    out.into_bytes()
}

/// Whether `name` (qualified, as written) is `expected`, or its local part is.
fn name_matches(name: &str, expected: &str) -> bool {
    name == expected || local(name) == expected
}

/// The part of a qualified name after its prefix.
fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, local)| local)
}

/// The quick-xml reader, with the nesting depth.
struct Parser<'a> {
    reader: quick_xml::Reader<&'a [u8]>,
    /// The whole body.
    text: &'a str,
    depth: usize,
}

impl<'a> Parser<'a> {
    /// A parser over `body`, which must be UTF-8 (checked once here, so that every name and
    /// text slice after is valid).
    fn new(body: &'a [u8]) -> Result<Self> {
        let text = std::str::from_utf8(body).map_err(|e| error_at(e.valid_up_to() as u64, "invalid UTF-8"))?;
        let mut reader = quick_xml::Reader::from_reader(body);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = false;
        config.trim_text(false);
        Ok(Self { reader, text, depth: 0 })
    }

    /// The next event; a start tag counts one level deeper, a DOCTYPE is refused.
    fn next(&mut self) -> Result<(u64, Event<'a>)> {
        let at = self.reader.buffer_position();
        let event = self.reader.read_event().map_err(|e| error_at(self.reader.error_position(), e))?;
        match &event {
            Event::Start(_) => {
                if self.depth >= MAX_DEPTH {
                    return Err(error_at(at, format_args!("nesting deeper than {MAX_DEPTH} levels")));
                }
                self.depth += 1;
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            Event::DocType(_) => return Err(error_at(at, "a DOCTYPE is not allowed")),
            _ => {}
        }
        Ok((at, event))
    }

    /// Reads the prolog up to the root element (`None` for an empty document).
    fn root(&mut self) -> Result<Option<Element<'a, '_>>> {
        loop {
            let (at, event) = self.next()?;
            match event {
                Event::Start(start) => return Element::new(self, start, at, true).map(Some),
                Event::Empty(start) => return Element::new(self, start, at, false).map(Some),
                Event::Eof => return Ok(None),
                Event::Text(text) if is_blank(&text) => {}
                Event::Decl(_) | Event::Comment(_) | Event::PI(_) => {}
                _ => return Err(error_at(at, "expected the root element, found text")),
            }
        }
    }

    /// Checks that only whitespace, comments and processing instructions follow the root.
    fn end(&mut self) -> Result<()> {
        loop {
            let (at, event) = self.next()?;
            match event {
                Event::Eof => return Ok(()),
                Event::Text(text) if is_blank(&text) => {}
                Event::Comment(_) | Event::PI(_) => {}
                _ => return Err(error_at(at, "content after the root element")),
            }
        }
    }
}

/// Whether raw text is only XML whitespace.
fn is_blank(text: &[u8]) -> bool {
    text.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// An error at byte `offset` of the body.
#[cold]
fn error_at(offset: u64, message: impl fmt::Display) -> ResponseParseError {
    ResponseParseError::new("", format!("{message} at byte {offset}"))
}

/// One element of the document, positioned after its start tag. Reading its content
/// ([`children`](Self::children), [`text`](Self::text), [`skip`](Self::skip)) consumes it
/// through its end tag; a second read finds it empty.
#[derive(Debug)]
pub struct Element<'a, 'p> {
    parser: &'p mut Parser<'a>,
    /// The start tag between `<` and `>` (or `/>`): the name, then the attributes.
    tag: &'a str,
    name_len: usize,
    /// The byte offset of the start tag, for error messages.
    at: u64,
    /// Whether the content and end tag are still to be read (`false` for `<a/>`).
    open: bool,
}

impl fmt::Debug for Parser<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Parser").field("depth", &self.depth).finish_non_exhaustive()
    }
}

impl<'a, 'p> Element<'a, 'p> {
    fn new(parser: &'p mut Parser<'a>, start: BytesStart<'a>, at: u64, open: bool) -> Result<Self> {
        let name_len = start.name().as_ref().len();
        // The tag borrows from the body (a slice reader copies nothing); find it there, so that
        // it lives as long as the body and is `str` (the whole body is UTF-8).
        let bytes: &[u8] = &start;
        let offset = (bytes.as_ptr() as usize).wrapping_sub(parser.text.as_ptr() as usize);
        let tag = offset
            .checked_add(bytes.len())
            .and_then(|end| parser.text.get(offset..end))
            .filter(|tag| tag.as_bytes() == bytes)
            .ok_or_else(|| error_at(at, "unreadable start tag"))?;
        Ok(Self { parser, tag, name_len, at, open })
    }

    /// An element with no attributes and no content (an empty body, a missing wrapper).
    fn empty(parser: &'p mut Parser<'a>, name: &'a str) -> Self {
        Self { parser, tag: name, name_len: name.len(), at: 0, open: false }
    }

    /// The qualified name as written (`xsi:foo`).
    pub fn name(&self) -> &'a str {
        self.tag.get(..self.name_len).unwrap_or_default()
    }

    /// The name without its prefix (`foo` for `xsi:foo`).
    pub fn local_name(&self) -> &'a str {
        local(self.name())
    }

    /// An error about this element (a value that does not parse, say).
    #[cold]
    pub fn error(&self, message: impl fmt::Display) -> ResponseParseError {
        error_at(self.at, message)
    }

    fn expect_name(&self, expected: &str) -> Result<()> {
        if name_matches(self.name(), expected) {
            Ok(())
        } else {
            Err(self.error(format_args!("expected the element <{expected}>, found <{}>", self.name())))
        }
    }

    /// The attribute named `qname` (as written: `xsi:type`, `xmlns:p`), unescaped and
    /// normalised as XML says (tabs and line ends become spaces); `None` when absent.
    /// Malformed or duplicate attributes (any of the tag's) are an error.
    pub fn attr(&self, qname: &str) -> Result<Option<Cow<'a, str>>> {
        let mut found = None;
        for attr in self.attributes() {
            let (name, value) = attr?;
            if name == qname {
                found = Some(value);
            }
        }
        Ok(found)
    }

    /// Every attribute (namespace declarations included), in document order.
    pub fn attributes(&self) -> impl Iterator<Item = Result<(&'a str, Cow<'a, str>)>> + 'a {
        let at = self.at;
        let mut attributes = Attributes::new(self.tag, self.name_len);
        attributes.with_checks(true);
        attributes.map(move |attr| {
            let attr = attr.map_err(|e| error_at(at, e))?;
            let name = std::str::from_utf8(attr.key.0).map_err(|_| error_at(at, "invalid UTF-8"))?;
            let value = attr
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| error_at(at, format_args!("attribute `{name}`: {e}")))?;
            Ok((name, value))
        })
    }

    /// Reads the attribute `qname` into `slot` (an optional member) when present.
    pub fn attr_into<T: Scalar>(&self, slot: &mut Option<T>, qname: &str) -> Result<()> {
        if let Some(text) = self.attr(qname)? {
            let value = T::from_text(text).map_err(|e| self.error(e).with_key(qname))?;
            *slot = Some(value);
        }
        Ok(())
    }

    /// Reads the attribute `qname` into `slot` with `parse` when present (timestamps in a
    /// non-default format: `el.attr_with(&mut out.t, "t", DateTime::parse_epoch_seconds)`).
    pub fn attr_with<T, E: fmt::Display>(
        &self,
        slot: &mut Option<T>,
        qname: &str,
        parse: impl FnOnce(&str) -> std::result::Result<T, E>,
    ) -> Result<()> {
        if let Some(text) = self.attr(qname)? {
            let value = parse(trim(&text))
                .map_err(|e| self.error(format_args!("{e}: `{}`", snippet(&text))).with_key(qname))?;
            *slot = Some(value);
        }
        Ok(())
    }

    /// Reads the child elements, calling `f(child, name)` for each; what `f` leaves unread of a
    /// child is skipped (so `_ => Ok(())` skips unknown members). Text between them is ignored.
    #[inline]
    pub fn children(&mut self, mut f: impl FnMut(&mut Element<'a, '_>, &str) -> Result<()>) -> Result<()> {
        self.each_child(true, &mut |c, name| f(c, name))
    }

    /// [`children`](Self::children), adding the child's name to an error's path if `keyed`.
    /// `f` is a trait object so that this loop is compiled once, not once per shape: it was a
    /// tenth of the LLVM IR of the S3 crate.
    fn each_child(
        &mut self,
        keyed: bool,
        f: &mut dyn FnMut(&mut Element<'a, '_>, &'a str) -> Result<()>,
    ) -> Result<()> {
        if !self.open {
            return Ok(());
        }
        loop {
            let (at, event) = self.parser.next()?;
            let (start, open) = match event {
                Event::Start(start) => (start, true),
                Event::Empty(start) => (start, false),
                Event::End(_) => {
                    self.open = false;
                    return Ok(());
                }
                Event::Eof => return Err(self.unclosed()),
                Event::GeneralRef(reference) => {
                    entity(&reference).map_err(|e| error_at(at, e))?;
                    continue;
                }
                _ => continue,
            };
            let mut child = Element::new(&mut *self.parser, start, at, open)?;
            let name = child.name();
            let read = f(&mut child, name).and_then(|()| child.finish());
            read.map_err(|e| if keyed { e.with_key(name) } else { e })?;
        }
    }

    /// The text content: text and CDATA concatenated, entities and character references
    /// decoded, comments and processing instructions ignored, whitespace kept (line ends
    /// normalised to `\n`). A child element is an error: scalars have none.
    pub fn text(&mut self) -> Result<Cow<'a, str>> {
        let mut out = Cow::Borrowed("");
        if !self.open {
            return Ok(out);
        }
        loop {
            let (at, event) = self.parser.next()?;
            let piece = match event {
                Event::Text(text) => text.xml10_content().map_err(|e| error_at(at, e))?,
                Event::CData(text) => text.xml10_content().map_err(|e| error_at(at, e))?,
                Event::GeneralRef(reference) => Cow::Owned(entity(&reference).map_err(|e| error_at(at, e))?.into()),
                Event::End(_) => {
                    self.open = false;
                    return Ok(out);
                }
                Event::Start(start) | Event::Empty(start) => {
                    let name = String::from_utf8_lossy(start.name().0).into_owned();
                    return Err(error_at(at, format_args!("expected text, found the element <{name}>")));
                }
                Event::Eof => return Err(self.unclosed()),
                _ => continue,
            };
            if out.is_empty() {
                out = piece;
            } else {
                out.to_mut().push_str(&piece);
            }
        }
    }

    /// Skips the rest of the element (its content and end tag), checking well-formedness.
    pub fn skip(&mut self) -> Result<()> {
        if !self.open {
            return Ok(());
        }
        let mut level = 1usize;
        loop {
            let (at, event) = self.parser.next()?;
            match event {
                Event::Start(_) => level += 1,
                Event::End(_) => {
                    level -= 1;
                    if level == 0 {
                        self.open = false;
                        return Ok(());
                    }
                }
                Event::GeneralRef(reference) => {
                    entity(&reference).map_err(|e| error_at(at, e))?;
                }
                Event::Eof => return Err(self.unclosed()),
                _ => {}
            }
        }
    }

    /// Skips what is left (after a `FromXml` impl returned).
    #[inline]
    fn finish(&mut self) -> Result<()> {
        self.skip()
    }

    #[cold]
    fn unclosed(&self) -> ResponseParseError {
        self.error(format_args!("unexpected end of the document inside <{}>", self.name()))
    }

    /// Reads a `T` (a method form of [`FromXml::read`], usable as a function value).
    #[inline]
    pub fn read<T: FromXml>(&mut self) -> Result<T> {
        T::read(self)
    }

    /// Reads a `T` into `slot` (one call per member in the generated `match`).
    #[inline]
    pub fn read_into<T: FromXml>(&mut self, slot: &mut T) -> Result<()> {
        *slot = T::read(self)?;
        Ok(())
    }

    /// Reads a boxed `T` (recursive members: `c.read_with(&mut out.next, Element::boxed)`).
    /// `Box<T>` has no `FromXml` of its own: it would overlap the impl for every [`Scalar`].
    #[inline]
    pub fn boxed<T: FromXml>(&mut self) -> Result<Box<T>> {
        T::read(self).map(Box::new)
    }

    /// Reads with `f` into `slot` (timestamps in a non-default format, say).
    #[inline]
    pub fn read_with<T, S: Slot<T>>(&mut self, slot: &mut S, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<()> {
        slot.put(f(self)?);
        Ok(())
    }

    /// Parses the text content as a [`Scalar`].
    #[inline]
    pub fn scalar<T: Scalar>(&mut self) -> Result<T> {
        let text = self.text()?;
        T::from_text(text).map_err(|e| self.error(e))
    }

    /// Reads a wrapped list (`<Items><member>a</member><member>b</member></Items>`), each
    /// `item` element with `f`; other children are skipped.
    pub fn list_of<T>(&mut self, item: &str, mut f: impl FnMut(&mut Element<'a, '_>) -> Result<T>) -> Result<Vec<T>> {
        let mut list = Vec::new();
        self.each_child(false, &mut |c, name| {
            if name_matches(name, item) {
                let index = list.len();
                list.push(f(c).map_err(|e| e.with_index(index))?);
            }
            Ok(())
        })?;
        Ok(list)
    }

    /// Reads a wrapped list of `T`.
    #[inline]
    pub fn list<T: FromXml>(&mut self, item: &str) -> Result<Vec<T>> {
        self.list_of(item, T::read)
    }

    /// Reads a wrapped list of `T` into `slot` (a list member).
    #[inline]
    pub fn list_into<T: FromXml, S: Slot<Vec<T>>>(&mut self, slot: &mut S, item: &str) -> Result<()> {
        slot.put(self.list_of(item, T::read)?);
        Ok(())
    }

    /// Reads this element as one item of a flattened list, pushed onto `slot`.
    #[inline]
    pub fn push_into<T: FromXml, S: Slot<Vec<T>>>(&mut self, slot: &mut S) -> Result<()> {
        self.push_with(slot, T::read)
    }

    /// Like [`push_into`](Self::push_into), reading the item with `f`.
    pub fn push_with<T, S: Slot<Vec<T>>>(
        &mut self,
        slot: &mut S,
        f: impl FnOnce(&mut Self) -> Result<T>,
    ) -> Result<()> {
        let list = slot.get_or_default();
        let index = list.len();
        list.push(f(self).map_err(|e| e.with_index(index))?);
        Ok(())
    }

    /// Reads a wrapped map (`<M><entry><key>k</key><value>v</value></entry>…</M>`), each value
    /// with `f`. An entry without a value is dropped; without a key it is an error. The last
    /// entry for a key wins.
    pub fn map_of<K: MapKey, V>(
        &mut self,
        names: &MapNames<'_>,
        mut f: impl FnMut(&mut Element<'a, '_>) -> Result<V>,
    ) -> Result<HashMap<K, V>> {
        let mut map = HashMap::new();
        self.each_child(false, &mut |c, name| {
            if name_matches(name, names.entry) {
                c.entry_of(&mut map, names, &mut f)?;
            }
            Ok(())
        })?;
        Ok(map)
    }

    /// Reads a wrapped map of `V`.
    #[inline]
    pub fn map<K: MapKey, V: FromXml>(&mut self, names: &MapNames<'_>) -> Result<HashMap<K, V>> {
        self.map_of(names, V::read)
    }

    /// Reads a wrapped map of `V` into `slot` (a map member).
    #[inline]
    pub fn map_into<K: MapKey, V: FromXml, S: Slot<HashMap<K, V>>>(
        &mut self,
        slot: &mut S,
        names: &MapNames<'_>,
    ) -> Result<()> {
        slot.put(self.map_of(names, V::read)?);
        Ok(())
    }

    /// Reads this element as one entry of a flattened map (`<M><key>k</key><value>v</value></M>`),
    /// added to `slot`.
    #[inline]
    pub fn entry_into<K: MapKey, V: FromXml, S: Slot<HashMap<K, V>>>(
        &mut self,
        slot: &mut S,
        names: &MapNames<'_>,
    ) -> Result<()> {
        self.entry_of(slot.get_or_default(), names, V::read)
    }

    /// Like [`entry_into`](Self::entry_into), reading the value with `f`.
    pub fn entry_with<K: MapKey, V, S: Slot<HashMap<K, V>>>(
        &mut self,
        slot: &mut S,
        names: &MapNames<'_>,
        f: impl FnMut(&mut Element<'a, '_>) -> Result<V>,
    ) -> Result<()> {
        self.entry_of(slot.get_or_default(), names, f)
    }

    /// Reads one entry (this element's `key` and `value` children) into `map`.
    fn entry_of<K: MapKey, V>(
        &mut self,
        map: &mut HashMap<K, V>,
        names: &MapNames<'_>,
        mut f: impl FnMut(&mut Element<'a, '_>) -> Result<V>,
    ) -> Result<()> {
        let mut key: Option<Cow<'a, str>> = None;
        let mut value = None;
        let at = self.at;
        self.children(|c, name| {
            if name_matches(name, names.key) {
                key = Some(c.text()?);
            } else if name_matches(name, names.value) {
                value = Some(f(c)?);
            }
            Ok(())
        })?;
        let Some(key) = key else {
            return Err(error_at(at, format_args!("map entry without a <{}>", names.key)));
        };
        match value {
            Some(value) => {
                map.insert(K::from(&key), value);
            }
            None => {
                map.remove(&K::from(&key));
            }
        }
        Ok(())
    }

    /// Reads a union: exactly one child element, read by `f(child, name)` (which maps an
    /// unknown name to the union's unknown variant).
    pub fn union<T>(&mut self, union: &str, mut f: impl FnMut(&mut Element<'a, '_>, &str) -> Result<T>) -> Result<T> {
        let mut found: Option<(&'a str, T)> = None;
        let at = self.at;
        self.each_child(false, &mut |c, name| {
            if let Some((first, _)) = &found {
                return Err(c.error(format_args!("union `{union}` has more than one member set (`{first}`, `{name}`)")));
            }
            let value = f(c, name).map_err(|e| e.with_key(name))?;
            found = Some((name, value));
            Ok(())
        })?;
        match found {
            Some((_, value)) => Ok(value),
            None => Err(error_at(at, format_args!("union `{union}` has no member set"))),
        }
    }
}

/// The text of a general reference: a predefined entity or a character reference.
fn entity(reference: &BytesRef<'_>) -> std::result::Result<char, String> {
    match reference.resolve_char_ref() {
        Ok(Some(c)) => return Ok(c),
        Ok(None) => {}
        Err(e) => return Err(e.to_string()),
    }
    match &**reference {
        b"lt" => Ok('<'),
        b"gt" => Ok('>'),
        b"amp" => Ok('&'),
        b"apos" => Ok('\''),
        b"quot" => Ok('"'),
        other => Err(format!("unknown entity `&{};`", String::from_utf8_lossy(other))),
    }
}

impl<T: Scalar> FromXml for T {
    #[inline]
    fn read(el: &mut Element<'_, '_>) -> Result<Self> {
        el.scalar()
    }
}

/// A present element is a set member, whatever its content.
impl<T: FromXml> FromXml for Option<T> {
    #[inline]
    fn read(el: &mut Element<'_, '_>) -> Result<Self> {
        T::read(el).map(Some)
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

/// XML whitespace around a number or boolean.
fn trim(text: &str) -> &str {
    text.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n'))
}

impl Scalar for String {
    #[inline]
    fn from_text(text: Cow<'_, str>) -> std::result::Result<Self, String> {
        Ok(text.into_owned())
    }
    #[inline]
    fn to_text(&self) -> Cow<'_, str> {
        self.into()
    }
}

impl Scalar for bool {
    fn from_text(text: Cow<'_, str>) -> std::result::Result<Self, String> {
        match trim(&text) {
            "true" => Ok(true),
            "false" => Ok(false),
            other => Err(format!("expected a boolean, found `{}`", snippet(other))),
        }
    }
    fn to_text(&self) -> Cow<'_, str> {
        if *self { "true" } else { "false" }.into()
    }
}

macro_rules! integers {
    ($($t:ty => $what:literal),*) => {$(
        impl Scalar for $t {
            fn from_text(text: Cow<'_, str>) -> std::result::Result<Self, String> {
                let text = trim(&text);
                text.parse().map_err(|_| format!(concat!("expected ", $what, ", found `{}`"), snippet(text)))
            }
            fn to_text(&self) -> Cow<'_, str> {
                self.to_string().into()
            }
        }
    )*};
}

integers!(i8 => "an integer (i8)", i16 => "an integer (i16)", i32 => "an integer (i32)", i64 => "an integer (i64)");

/// A float's text: `NaN`, `Infinity`, `-Infinity`, or a decimal number (not Rust's `inf` or
/// `nan` spellings); a finite number too large for `F` is an error.
fn float<F: std::str::FromStr>(
    text: &str,
    what: &str,
    special: [F; 3],
    finite: fn(&F) -> bool,
) -> std::result::Result<F, String> {
    let text = trim(text);
    let [nan, infinity, negative_infinity] = special;
    match text {
        "NaN" => return Ok(nan),
        "Infinity" => return Ok(infinity),
        "-Infinity" => return Ok(negative_infinity),
        _ => {}
    }
    let numeric = !text.is_empty() && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'+' | b'-' | b'.' | b'e' | b'E'));
    match text.parse::<F>() {
        Ok(value) if numeric && finite(&value) => Ok(value),
        Ok(_) if numeric => Err(format!("the number {} is out of range for {what}", snippet(text))),
        _ => Err(format!("expected a number, \"NaN\", \"Infinity\" or \"-Infinity\", found `{}`", snippet(text))),
    }
}

impl Scalar for f64 {
    fn from_text(text: Cow<'_, str>) -> std::result::Result<Self, String> {
        float(&text, "f64", [f64::NAN, f64::INFINITY, f64::NEG_INFINITY], |v| v.is_finite())
    }
    fn to_text(&self) -> Cow<'_, str> {
        float_text(self.is_finite(), self.is_nan(), *self > 0.0, self)
    }
}

impl Scalar for f32 {
    fn from_text(text: Cow<'_, str>) -> std::result::Result<Self, String> {
        float(&text, "f32", [f32::NAN, f32::INFINITY, f32::NEG_INFINITY], |v| v.is_finite())
    }
    fn to_text(&self) -> Cow<'_, str> {
        float_text(self.is_finite(), self.is_nan(), *self > 0.0, self)
    }
}

/// The shortest text that reads back as the same float (`1.0`, `0.1`, `1e300`); `NaN`,
/// `Infinity` and `-Infinity` as Smithy spells them.
fn float_text(finite: bool, nan: bool, positive: bool, value: impl fmt::Debug) -> Cow<'static, str> {
    match (finite, nan, positive) {
        (true, _, _) => format!("{value:?}").into(),
        (false, true, _) => "NaN".into(),
        (false, false, true) => "Infinity".into(),
        (false, false, false) => "-Infinity".into(),
    }
}

/// Base64 text; whitespace inside (line-wrapped base64) is ignored.
impl Scalar for Blob {
    fn from_text(text: Cow<'_, str>) -> std::result::Result<Self, String> {
        let compact: Cow<'_, str> = if text.bytes().any(|b| b.is_ascii_whitespace()) {
            text.chars().filter(|c| !c.is_ascii_whitespace()).collect::<String>().into()
        } else {
            text
        };
        base64::engine::general_purpose::STANDARD
            .decode(compact.as_bytes())
            .map(Blob::new)
            .map_err(|e| format!("invalid base64: {e}"))
    }
    fn to_text(&self) -> Cow<'_, str> {
        base64::engine::general_purpose::STANDARD.encode(self.as_bytes()).into()
    }
}

/// Date-time (RFC 3339), XML's default timestamp format.
impl Scalar for DateTime {
    fn from_text(text: Cow<'_, str>) -> std::result::Result<Self, String> {
        DateTime::parse_date_time(trim(&text)).map_err(|e| format!("{e}: `{}`", snippet(&text)))
    }
    fn to_text(&self) -> Cow<'_, str> {
        self.fmt_date_time().into()
    }
}

/// Reads an IMF-fixdate timestamp (`@timestampFormat("http-date")`).
pub fn read_http_date(el: &mut Element<'_, '_>) -> Result<DateTime> {
    let text = el.text()?;
    DateTime::parse_http_date(trim(&text)).map_err(|e| el.error(format_args!("{e}: `{}`", snippet(&text))))
}

/// Reads an epoch-seconds timestamp (`@timestampFormat("epoch-seconds")`).
pub fn read_epoch_seconds(el: &mut Element<'_, '_>) -> Result<DateTime> {
    let text = el.text()?;
    DateTime::parse_epoch_seconds(trim(&text)).map_err(|e| el.error(format_args!("{e}: `{}`", snippet(&text))))
}

/// Reads a date-time timestamp (the default; for symmetry in generated code).
pub fn read_date_time(el: &mut Element<'_, '_>) -> Result<DateTime> {
    el.scalar()
}

/// Writes the content of one element: attributes first, then text or children. The end tag
/// (or `/>` when there is no content) is written when the writer is dropped.
#[derive(Debug)]
pub struct ElementWriter<'w> {
    out: &'w mut String,
    name: &'w str,
    /// Whether the start tag is still open (no `>` yet): attributes can still be written.
    in_tag: bool,
}

impl<'w> ElementWriter<'w> {
    /// Writes `<name` into `out`.
    fn open(out: &'w mut String, name: &'w str) -> Self {
        out.push('<');
        out.push_str(name);
        Self { out, name, in_tag: true }
    }

    /// Ends the start tag, before content.
    #[inline]
    fn content(&mut self) -> &mut String {
        if std::mem::take(&mut self.in_tag) {
            self.out.push('>');
        }
        self.out
    }

    /// Writes an attribute (value escaped). Ignored once content has been written: the
    /// generated code writes attribute members first.
    pub fn attr(&mut self, qname: &str, value: &str) -> &mut Self {
        if self.in_tag {
            self.out.push(' ');
            self.out.push_str(qname);
            self.out.push_str("=\"");
            escape(self.out, value, true);
            self.out.push('"');
        }
        self
    }

    /// Writes an attribute from a scalar, unless it is `None`.
    pub fn attr_opt<T: Scalar>(&mut self, qname: &str, value: &Option<T>) -> &mut Self {
        if let Some(value) = value {
            self.attr(qname, &value.to_text());
        }
        self
    }

    /// Declares a namespace: `xmlns="uri"`, or `xmlns:prefix="uri"`.
    pub fn namespace(&mut self, prefix: Option<&str>, uri: &str) -> &mut Self {
        match prefix {
            None => self.attr("xmlns", uri),
            Some(prefix) => {
                let name = format!("xmlns:{prefix}");
                self.attr(&name, uri)
            }
        }
    }

    /// Opens a child element; it is closed when the returned writer is dropped.
    pub fn child<'c>(&'c mut self, name: &'c str) -> ElementWriter<'c> {
        ElementWriter::open(self.content(), name)
    }

    /// Writes text content, escaped so that it reads back exactly (`&`, `<`, `>`, and `\r`,
    /// which a reader would otherwise turn into `\n`).
    pub fn text(&mut self, text: &str) {
        escape(self.content(), text, false);
    }

    /// Writes a value into this element (a method form of [`ToXml::write`]).
    #[inline]
    pub fn write<T: ToXml + ?Sized>(&mut self, value: &T) {
        value.write(self);
    }

    /// Writes a child element `name` holding `value`.
    #[inline]
    pub fn field<T: ToXml + ?Sized>(&mut self, name: &str, value: &T) {
        value.write(&mut self.child(name));
    }

    /// Writes a child element unless `value` is `None`.
    #[inline]
    pub fn opt<T: ToXml>(&mut self, name: &str, value: &Option<T>) {
        if let Some(value) = value {
            self.field(name, value);
        }
    }

    /// Writes a child element unless `value` is `None` (boxed, recursive members).
    #[inline]
    pub fn opt_boxed<T: ToXml + ?Sized>(&mut self, name: &str, value: &Option<Box<T>>) {
        if let Some(value) = value {
            self.field(name, &**value);
        }
    }

    /// Writes a child element `name` with `f` (timestamps in a non-default format, say).
    #[inline]
    pub fn field_with<T: ?Sized>(&mut self, name: &str, value: &T, f: impl FnOnce(&mut ElementWriter<'_>, &T)) {
        f(&mut self.child(name), value);
    }

    /// Writes a list: wrapped as `<name><item>…</item>…</name>` when `item` is given, else
    /// flattened (one `<name>` per item). Each item is written with `f`.
    pub fn list_with<T>(
        &mut self,
        name: &str,
        items: &[T],
        item: Option<&str>,
        mut f: impl FnMut(&mut ElementWriter<'_>, &T),
    ) {
        match item {
            Some(item) => {
                let mut list = self.child(name);
                for value in items {
                    f(&mut list.child(item), value);
                }
            }
            None => {
                for value in items {
                    f(&mut self.child(name), value);
                }
            }
        }
    }

    /// Writes a list of `T` (see [`list_with`](Self::list_with)).
    #[inline]
    pub fn list<T: ToXml>(&mut self, name: &str, items: &[T], item: Option<&str>) {
        self.list_with(name, items, item, |el, value| value.write(el));
    }

    /// Writes a map in key order: wrapped (`<name><entry><key/><value/></entry>…</name>`) or,
    /// when `flattened`, one `<name><key/><value/></name>` per entry. Values are written with `f`.
    pub fn map_with<K: AsRef<str>, V>(
        &mut self,
        name: &str,
        map: &HashMap<K, V>,
        names: &MapNames<'_>,
        flattened: bool,
        mut f: impl FnMut(&mut ElementWriter<'_>, &V),
    ) {
        let mut entries: Vec<(&str, &V)> = map.iter().map(|(k, v)| (k.as_ref(), v)).collect();
        entries.sort_unstable_by_key(|&(k, _)| k);
        let mut entry = |el: &mut ElementWriter<'_>, key: &str, value: &V| {
            el.child(names.key).text(key);
            f(&mut el.child(names.value), value);
        };
        if flattened {
            for (key, value) in entries {
                entry(&mut self.child(name), key, value);
            }
        } else {
            let mut wrapper = self.child(name);
            for (key, value) in entries {
                entry(&mut wrapper.child(names.entry), key, value);
            }
        }
    }

    /// Writes a map of `V` (see [`map_with`](Self::map_with)).
    #[inline]
    pub fn map<K: AsRef<str>, V: ToXml>(
        &mut self,
        name: &str,
        map: &HashMap<K, V>,
        names: &MapNames<'_>,
        flattened: bool,
    ) {
        self.map_with(name, map, names, flattened, |el, value| value.write(el));
    }

    /// Closes the element (as dropping it does).
    pub fn end(self) {}
}

impl Drop for ElementWriter<'_> {
    fn drop(&mut self) {
        if self.in_tag {
            self.out.push_str("/>");
        } else {
            self.out.push_str("</");
            self.out.push_str(self.name);
            self.out.push('>');
        }
    }
}

/// Appends `text` escaped: `&`, `<`, `>`, `\r` and other control characters always; in an
/// attribute also `"`, `\n` and `\t` (which a reader would turn into spaces).
fn escape(out: &mut String, text: &str, attribute: bool) {
    let mut start = 0;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        let escaped = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' if attribute => "&quot;",
            b'\n' | b'\t' if !attribute => continue,
            0..=0x1f => "",
            _ => continue,
        };
        // `start` and `i` are at ASCII bytes, hence at character boundaries.
        out.push_str(text.get(start..i).unwrap_or_default());
        if escaped.is_empty() {
            let _ = write!(out, "&#x{b:X};");
        } else {
            out.push_str(escaped);
        }
        start = i + 1;
    }
    out.push_str(text.get(start..).unwrap_or_default());
}

impl ToXml for str {
    #[inline]
    fn write(&self, el: &mut ElementWriter<'_>) {
        el.text(self);
    }
}

impl<T: Scalar> ToXml for T {
    #[inline]
    fn write(&self, el: &mut ElementWriter<'_>) {
        el.text(&self.to_text());
    }
}

/// Writes an IMF-fixdate timestamp (`@timestampFormat("http-date")`).
pub fn write_http_date(el: &mut ElementWriter<'_>, value: &DateTime) {
    el.text(&value.fmt_http_date());
}

/// Writes an epoch-seconds timestamp (`@timestampFormat("epoch-seconds")`).
pub fn write_epoch_seconds(el: &mut ElementWriter<'_>, value: &DateTime) {
    el.text(&value.fmt_epoch_seconds());
}

// The glue the generated operations call: error dispatch and the few whole-body forms.

/// The metadata an XML error response gives the operation's error dispatch: the body's code,
/// message and request id (else the `x-amzn-requestid` or `x-amz-request-id` header). A
/// response without a body (to `HEAD`, say) is named by its status, as S3's clients do:
/// `404` is `NotFound`, `403` `Forbidden`, `412` `PreconditionFailed`. Never fails: what cannot
/// be read is `None`.
pub(crate) fn response_error_metadata(status: u16, headers: &http::HeaderMap, body: &[u8]) -> ErrorMetadata {
    let mut meta = error_metadata(body).unwrap_or_default();
    meta.code = meta.code.filter(|code| !code.is_empty());
    if meta.code.is_none() && body.iter().all(u8::is_ascii_whitespace) {
        let reason = http::StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason());
        meta.code = reason.map(|reason| reason.split_whitespace().collect());
    }
    if meta.request_id.is_none() {
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        meta.request_id = header("x-amzn-requestid").or_else(|| header("x-amz-request-id"));
    }
    meta
}

/// Reads a modeled error from the `<Error>` element, its message filled in from `meta`.
pub(crate) fn parse_error<T: FromXml + super::error::ErrorParts>(body: &[u8], meta: &ErrorMetadata) -> Result<T> {
    parse_error_with(body, meta, Ok)
}

/// [`parse_error`] for an error with members outside the body (headers, status).
pub(crate) fn parse_error_with<T: FromXml + super::error::ErrorParts>(
    body: &[u8],
    meta: &ErrorMetadata,
    read_http: impl FnOnce(T) -> Result<T>,
) -> Result<T> {
    let mut error = read_http(error_element(body)?)?;
    if let Some(slot) = error.message_slot() {
        if slot.is_none() {
            slot.clone_from(&meta.message);
        }
    }
    Ok(error)
}

/// A map's entries in key order, so that written documents are deterministic.
pub(crate) fn sorted<K: AsRef<str>, V>(map: &HashMap<K, V>) -> Vec<(&K, &V)> {
    let mut entries: Vec<(&K, &V)> = map.iter().collect();
    entries.sort_unstable_by(|a, b| a.0.as_ref().cmp(b.0.as_ref()));
    entries
}

/// The body is an `<Error>` document (S3 sends one with `200 OK` when a copy fails after the
/// status line went out).
pub(crate) fn is_error(body: &[u8]) -> bool {
    let Ok(mut parser) = Parser::new(body) else { return false };
    matches!(parser.root(), Ok(Some(root)) if root.local_name() == "Error")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_glue() {
        // The request id comes from the body, else from either header; an empty code is none.
        let mut headers = http::HeaderMap::new();
        headers.insert("x-amz-request-id", http::HeaderValue::from_static("h-1"));
        let meta = response_error_metadata(500, &headers, b"<Error><Code></Code><Message>m</Message></Error>");
        assert_eq!((meta.code, meta.message.as_deref(), meta.request_id.as_deref()), (None, Some("m"), Some("h-1")));
        let meta = response_error_metadata(500, &headers, b"<Error><Code>C</Code><RequestId>b-1</RequestId></Error>");
        assert_eq!((meta.code.as_deref(), meta.request_id.as_deref()), (Some("C"), Some("b-1")));
        // Never fails: an unreadable body has no metadata but the header's.
        let meta = response_error_metadata(502, &headers, b"<html><body>502");
        assert_eq!((meta.code, meta.request_id.as_deref()), (None, Some("h-1")));
        // No body (a response to HEAD): the status names the error.
        assert_eq!(response_error_metadata(404, &headers, b"").code.as_deref(), Some("NotFound"));
        assert_eq!(response_error_metadata(412, &headers, b" ").code.as_deref(), Some("PreconditionFailed"));
        assert_eq!(response_error_metadata(599, &headers, b"").code, None);
        // S3's 200 error bodies, and what is not one.
        assert!(is_error(b"<?xml version=\"1.0\"?>\n<Error><Code>InternalError</Code></Error>"));
        assert!(!is_error(b"<CopyObjectResult><ETag>e</ETag></CopyObjectResult>"));
        assert!(!is_error(b""));
        assert!(!is_error(b"\xff<Error>"));
        let map: HashMap<String, u8> = [("b".to_owned(), 2), ("a".to_owned(), 1), ("c".to_owned(), 3)].into();
        let keys: Vec<&str> = sorted(&map).into_iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["a", "b", "c"]);
    }

    /// A structure as the generator would write it, with every kind of member.
    #[derive(Debug, Default, Clone, PartialEq)]
    struct Node {
        id: Option<String>,
        count: Option<i32>,
        name: Option<String>,
        items: Option<Vec<String>>,
        flat: Option<Vec<Node>>,
        tags: Option<HashMap<String, String>>,
        flat_tags: Option<HashMap<String, i64>>,
        when: Option<DateTime>,
        epoch: Option<DateTime>,
        data: Option<Blob>,
        next: Option<Box<Node>>,
    }

    const RENAMED: MapNames<'static> = MapNames { entry: "entry", key: "K", value: "V" };

    impl FromXml for Node {
        fn read(el: &mut Element<'_, '_>) -> Result<Self> {
            let mut out = Self::default();
            el.attr_into(&mut out.id, "xsi:id")?;
            el.children(|c, name| match name {
                "Count" => c.read_into(&mut out.count),
                "Name" => c.read_into(&mut out.name),
                "Items" => c.list_into(&mut out.items, "member"),
                "Flat" => c.push_into(&mut out.flat),
                "Tags" => c.map_into(&mut out.tags, &MapNames::DEFAULT),
                "FlatTags" => c.entry_into(&mut out.flat_tags, &RENAMED),
                "When" => c.read_into(&mut out.when),
                "Epoch" => c.read_with(&mut out.epoch, read_epoch_seconds),
                "Data" => c.read_into(&mut out.data),
                "Next" => c.read_with(&mut out.next, Element::boxed),
                _ => Ok(()),
            })?;
            Ok(out)
        }
    }

    impl ToXml for Node {
        fn write(&self, el: &mut ElementWriter<'_>) {
            el.attr_opt("xsi:id", &self.id);
            el.opt("Count", &self.count);
            el.opt("Name", &self.name);
            if let Some(items) = &self.items {
                el.list("Items", items, Some("member"));
            }
            if let Some(flat) = &self.flat {
                el.list("Flat", flat, None);
            }
            if let Some(tags) = &self.tags {
                el.map("Tags", tags, &MapNames::DEFAULT, false);
            }
            if let Some(tags) = &self.flat_tags {
                el.map("FlatTags", tags, &RENAMED, true);
            }
            el.opt("When", &self.when);
            if let Some(epoch) = &self.epoch {
                el.field_with("Epoch", epoch, write_epoch_seconds);
            }
            el.opt("Data", &self.data);
            el.opt_boxed("Next", &self.next);
        }
    }

    fn parse<T: FromXml>(text: &str) -> std::result::Result<T, String> {
        from_root(text.as_bytes(), None).map_err(|e| e.to_string())
    }

    fn node(text: &str) -> std::result::Result<Node, String> {
        parse(text)
    }

    #[test]
    fn text_entities_cdata_and_whitespace() {
        let read = |text: &str| parse::<String>(text);
        assert_eq!(read("<a>plain</a>"), Ok("plain".into()));
        assert_eq!(read("<a>  two\n\tlines  </a>"), Ok("  two\n\tlines  ".into()));
        assert_eq!(read("<a>&lt;&gt;&amp;&apos;&quot;</a>"), Ok("<>&'\"".into()));
        assert_eq!(read("<a>&#65;&#x42;&#x1F600;x</a>"), Ok("AB😀x".into()));
        assert_eq!(read("<a>x<![CDATA[<not> &amp; a tag]]>y</a>"), Ok("x<not> &amp; a tag".to_owned() + "y"));
        assert_eq!(read("<a>a<!-- comment -->b<?pi x?>c</a>"), Ok("abc".into()));
        assert_eq!(read("<a>a\r\nb\rc&#xD;d</a>"), Ok("a\nb\nc\rd".into()));
        assert_eq!(read("<a/>"), Ok("".into()));
        assert_eq!(read("<a></a>"), Ok("".into()));
        assert_eq!(read("<a>   </a>"), Ok("   ".into()));
        assert_eq!(read("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a>é 日本</a>\n"), Ok("é 日本".into()));
        assert_eq!(read("\u{feff}<a>bom</a>"), Ok("bom".into()));
        // Borrowed when nothing needed decoding.
        let body = b"<a><b>borrowed</b><c>a&amp;b</c></a>";
        let mut parser = Parser::new(body).expect("UTF-8");
        let mut root = parser.root().expect("root").expect("an element");
        root.children(|c, name| {
            let text = c.text()?;
            assert_eq!(matches!(text, Cow::Borrowed(_)), name == "b", "{name}");
            Ok(())
        })
        .expect("reads");

        for (bad, error) in [
            ("<a>&nbsp;</a>", "unknown entity `&nbsp;` at byte 3"),
            ("<a>x<b/>y</a>", "expected text, found the element <b> at byte 4"),
            ("<a>&#0;</a>", "at byte 3"),
            ("<a>&amp</a>", ""),
            ("<a>a & b</a>", ""),
        ] {
            let e = read(bad).expect_err(bad);
            assert!(e.contains(error), "{bad}: {e}");
        }
    }

    #[test]
    fn scalars() {
        assert_eq!(parse::<bool>("<a> true\n</a>"), Ok(true));
        assert_eq!(parse::<bool>("<a>false</a>"), Ok(false));
        assert_eq!(parse::<bool>("<a>True</a>"), Err("expected a boolean, found `True` at byte 0".into()));
        assert_eq!(parse::<i8>("<a> -128 </a>"), Ok(-128));
        assert_eq!(parse::<i8>("<a>128</a>"), Err("expected an integer (i8), found `128` at byte 0".into()));
        assert_eq!(parse::<i16>("<a>32767</a>"), Ok(32767));
        assert_eq!(parse::<i32>("<a>\t42\t</a>"), Ok(42));
        assert_eq!(parse::<i32>("<a>4.5</a>"), Err("expected an integer (i32), found `4.5` at byte 0".into()));
        assert_eq!(parse::<i32>("<a></a>"), Err("expected an integer (i32), found `` at byte 0".into()));
        assert_eq!(parse::<i64>("<a>-9223372036854775808</a>"), Ok(i64::MIN));
        assert_eq!(parse::<f64>("<a> 1.5e3 </a>"), Ok(1500.0));
        assert_eq!(parse::<f64>("<a>-0.25</a>"), Ok(-0.25));
        assert_eq!(parse::<f64>("<a>Infinity</a>"), Ok(f64::INFINITY));
        assert_eq!(parse::<f64>("<a>-Infinity</a>"), Ok(f64::NEG_INFINITY));
        assert!(parse::<f64>("<a>NaN</a>").is_ok_and(f64::is_nan));
        assert!(parse::<f32>("<a>NaN</a>").is_ok_and(f32::is_nan));
        assert_eq!(parse::<f32>("<a>2.5</a>"), Ok(2.5));
        for bad in ["inf", "nan", "infinity", "0x10", "1.5f", "", "1e", "+"] {
            let e = parse::<f64>(&format!("<a>{bad}</a>")).expect_err(bad);
            assert!(e.starts_with("expected a number, \"NaN\""), "{bad}: {e}");
        }
        assert_eq!(parse::<f64>("<a>1e400</a>"), Err("the number 1e400 is out of range for f64 at byte 0".into()));
        assert_eq!(parse::<f32>("<a>1e39</a>"), Err("the number 1e39 is out of range for f32 at byte 0".into()));
        assert_eq!(parse::<String>("<a> s </a>"), Ok(" s ".into()));
        assert_eq!(parse::<Option<String>>("<a/>"), Ok(Some(String::new())));
        assert_eq!(parse::<Blob>("<a>aGVsbG8=</a>").map(Blob::into_inner), Ok(b"hello".to_vec()));
        assert_eq!(parse::<Blob>("<a>\n  aGVs\n  bG8=\n</a>").map(Blob::into_inner), Ok(b"hello".to_vec()));
        assert!(parse::<Blob>("<a>not base64!</a>").is_err_and(|e| e.starts_with("invalid base64")));
        assert_eq!(parse::<DateTime>("<a> 2019-12-16T23:48:18Z </a>"), Ok(DateTime::from_secs(1_576_540_098)));
        assert!(parse::<DateTime>("<a>1576540098</a>").is_err());
        let read = |text: &str, f: fn(&mut Element<'_, '_>) -> Result<DateTime>| {
            let mut parser = Parser::new(text.as_bytes()).map_err(|e| e.to_string())?;
            let mut el = parser.root().map_err(|e| e.to_string())?.ok_or("empty")?;
            f(&mut el).map_err(|e| e.to_string())
        };
        assert_eq!(read("<a>1576540098</a>", read_epoch_seconds), Ok(DateTime::from_secs(1_576_540_098)));
        assert_eq!(
            read("<a>1576540098.5</a>", read_epoch_seconds),
            Ok(DateTime::from_secs_and_nanos(1_576_540_098, 500_000_000))
        );
        assert_eq!(
            read("<a>Mon, 16 Dec 2019 23:48:18 GMT</a>", read_http_date),
            Ok(DateTime::from_secs(1_576_540_098))
        );
        assert_eq!(read("<a>2019-12-16T23:48:18Z</a>", read_date_time), Ok(DateTime::from_secs(1_576_540_098)));
        assert!(read("<a>2019-12-16</a>", read_http_date).is_err());

        // Written back.
        let text = |value: &dyn ToXml| String::from_utf8(to_vec_root("a", None, value)).unwrap_or_default();
        assert_eq!(text(&true), "<a>true</a>");
        assert_eq!(text(&-5i8), "<a>-5</a>");
        assert_eq!(text(&i64::MAX), "<a>9223372036854775807</a>");
        assert_eq!(text(&1.0f64), "<a>1.0</a>");
        assert_eq!(text(&0.1f32), "<a>0.1</a>");
        assert_eq!(text(&1e300f64), "<a>1e300</a>");
        assert_eq!(text(&f64::NAN), "<a>NaN</a>");
        assert_eq!(text(&f32::INFINITY), "<a>Infinity</a>");
        assert_eq!(text(&f64::NEG_INFINITY), "<a>-Infinity</a>");
        assert_eq!(text(&Blob::from("hello")), "<a>aGVsbG8=</a>");
        assert_eq!(text(&DateTime::from_secs(1_576_540_098)), "<a>2019-12-16T23:48:18Z</a>");
        assert_eq!(text(&String::new()), "<a></a>");
        assert_eq!(text(&String::from("x")), "<a>x</a>");
        let mut out = String::new();
        write_http_date(&mut ElementWriter::open(&mut out, "d"), &DateTime::from_secs(1_576_540_098));
        assert_eq!(out, "<d>Mon, 16 Dec 2019 23:48:18 GMT</d>");
    }

    #[test]
    fn structures_lists_maps_and_unknown_elements() {
        let text = r#"<Node xmlns="https://example.com/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:id="n&amp;1">
            <Unknown a="1"><Deep><Deeper>x</Deeper><Empty/></Deep>text</Unknown>
            <Count>3</Count>
            <Name>root</Name>
            <Items><member>a</member><other>skipped</other><member/><member> c </member></Items>
            <Flat><Name>f1</Name></Flat>
            <Flat><Name>f2</Name><Flat><Count>7</Count></Flat></Flat>
            <Tags>
                <entry><key>k1</key><value>v1</value></entry>
                <entry><value>v2</value><key>k2</key></entry>
                <entry><key>dropped</key></entry>
            </Tags>
            <FlatTags><K>a</K><V>1</V></FlatTags>
            <FlatTags><K>b</K><V>2</V></FlatTags>
            <When>2019-12-16T23:48:18.5Z</When>
            <Epoch>1576540098</Epoch>
            <Data>aGk=</Data>
            <Next><Name>next</Name><Next><Count>9</Count></Next></Next>
        </Node>"#;
        let node = from_root::<Node>(text.as_bytes(), Some("Node")).expect("parses");
        let expected = Node {
            id: Some("n&1".into()),
            count: Some(3),
            name: Some("root".into()),
            items: Some(vec!["a".into(), String::new(), " c ".into()]),
            flat: Some(vec![
                Node { name: Some("f1".into()), ..Node::default() },
                Node {
                    name: Some("f2".into()),
                    flat: Some(vec![Node { count: Some(7), ..Node::default() }]),
                    ..Node::default()
                },
            ]),
            tags: Some(HashMap::from([("k1".into(), "v1".into()), ("k2".into(), "v2".into())])),
            flat_tags: Some(HashMap::from([("a".into(), 1), ("b".into(), 2)])),
            when: Some(DateTime::from_secs_and_nanos(1_576_540_098, 500_000_000)),
            epoch: Some(DateTime::from_secs(1_576_540_098)),
            data: Some(Blob::from("hi")),
            next: Some(Box::new(Node {
                name: Some("next".into()),
                next: Some(Box::new(Node { count: Some(9), ..Node::default() })),
                ..Node::default()
            })),
        };
        assert_eq!(node, expected);
        // Empty wrappers are present but empty; an absent list stays `None`.
        let node = from_root::<Node>(b"<Node><Items/><Tags></Tags></Node>", Some("Node")).expect("parses");
        assert_eq!((node.items, node.tags, node.flat), (Some(vec![]), Some(HashMap::new()), None));
        // A prefixed root matches by its local name; another root is an error.
        assert!(from_root::<Node>(b"<p:Node xmlns:p=\"u\"/>", Some("Node")).is_ok());
        assert_eq!(
            from_root::<Node>(b"<Other/>", Some("Node")).map_err(|e| e.to_string()),
            Err("expected the element <Node>, found <Other> at byte 0".into())
        );
        // Empty and whitespace bodies read as an empty element.
        assert_eq!(from_root::<Node>(b"", Some("Node")), Ok(Node::default()));
        assert_eq!(from_root::<Node>(b" \r\n\t", None), Ok(Node::default()));
        assert_eq!(from_root::<Option<String>>(b"", None), Ok(Some(String::new())));

        // Error paths, built while unwinding.
        let path = |text: &str| from_root::<Node>(text.as_bytes(), None).map_err(|e| e.path().to_owned());
        assert_eq!(path("<N><Count>x</Count></N>"), Err("Count".into()));
        assert_eq!(path("<N><Flat/><Flat><Next><Count>x</Count></Next></Flat></N>"), Err("Flat[1].Next.Count".into()));
        assert_eq!(
            path("<N><Tags><entry><key>k</key><value><x/></value></entry></Tags></N>"),
            Err("Tags.value".into())
        );
        assert_eq!(path("<N><Items><member/><x/><member><a/></member></Items></N>"), Err("Items[1]".into()));
        assert_eq!(path("<N xsi:id=\"1\" xsi:id=\"2\"/>"), Err("".into()));
        assert_eq!(path("<N><Tags><entry><value>v</value></entry></Tags></N>"), Err("Tags".into()));
        assert_eq!(path("<N><Epoch>soon</Epoch></N>"), Err("Epoch".into()));
        let e = from_root::<Node>(b"<N>\n<Count>x</Count></N>", None).expect_err("bad");
        assert_eq!(e.to_string(), "`Count`: expected an integer (i32), found `x` at byte 4");
    }

    #[test]
    fn attributes_and_namespaces() {
        let body = br#"<a  xmlns="https://example.com/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
            xsi:type='T' plain="a&lt;b&#x9;c&#10;d" spaces="x	y
z" empty=""/>"#;
        let mut parser = Parser::new(body).expect("UTF-8");
        let el = parser.root().expect("root").expect("an element");
        assert_eq!((el.name(), el.local_name()), ("a", "a"));
        let attr = |name: &str| el.attr(name).map(|v| v.map(Cow::into_owned));
        assert_eq!(attr("xmlns"), Ok(Some("https://example.com/".into())));
        assert_eq!(attr("xmlns:xsi"), Ok(Some("http://www.w3.org/2001/XMLSchema-instance".into())));
        assert_eq!(attr("xsi:type"), Ok(Some("T".into())));
        assert_eq!(attr("type"), Ok(None));
        assert_eq!(attr("plain"), Ok(Some("a<b\tc\nd".into())));
        assert_eq!(attr("spaces"), Ok(Some("x y z".into())));
        assert_eq!(attr("empty"), Ok(Some(String::new())));
        let names: Vec<_> = el.attributes().map(|a| a.map(|(name, _)| name)).collect();
        assert_eq!(names, [Ok("xmlns"), Ok("xmlns:xsi"), Ok("xsi:type"), Ok("plain"), Ok("spaces"), Ok("empty")]);
        let mut count = None::<i32>;
        assert!(el.attr_into(&mut count, "xsi:type").is_err_and(|e| e.path() == "xsi:type"));
        let mut parser = Parser::new(b"<p:a p:n=\"5\"/>").expect("UTF-8");
        let el = parser.root().expect("root").expect("an element");
        assert_eq!((el.name(), el.local_name()), ("p:a", "a"));
        el.attr_into(&mut count, "p:n").expect("an integer");
        assert_eq!(count, Some(5));
        for bad in ["<a b/>", "<a b=c/>", "<a b=\"1\" b=\"2\"/>", "<a b=\"&unknown;\"/>", "<a b=\"x/>"] {
            let mut parser = Parser::new(bad.as_bytes()).expect("UTF-8");
            match parser.root() {
                Ok(Some(el)) => assert!(el.attr("b").is_err(), "{bad}"),
                Ok(None) => panic!("{bad}: no element"),
                Err(_) => {}
            }
        }
    }

    #[test]
    fn malformed_documents_are_errors() {
        for bad in [
            "<a>",
            "<a><b></a>",
            "<a></b>",
            "<a>text",
            "<a",
            "<a><b>x</b>",
            "</a>",
            "text<a/>",
            "<a/><b/>",
            "<a/>trailing",
            "<a><!-- unterminated </a>",
            "<a><![CDATA[ x </a>",
            "<!DOCTYPE a [<!ENTITY e \"boom\">]><a>&e;</a>",
            "<a>&e;</a>",
            "<1a/>x",
        ] {
            assert!(node(bad).is_err(), "{bad}");
            assert!(parse::<String>(bad).is_err(), "{bad}");
            assert!(from_root::<Node>(bad.as_bytes(), Some("a")).is_err(), "{bad}");
            assert!(error_metadata(bad.as_bytes()).is_err(), "{bad}");
        }
        assert_eq!(
            node("<a><b></a>"),
            Err("`b`: ill-formed document: expected `</b>`, but `</a>` was found at byte 6".into())
        );
        assert_eq!(node("<!DOCTYPE a><a/>"), Err("a DOCTYPE is not allowed at byte 0".into()));
        assert_eq!(node("<a>x</a>\n<b/>"), Err("content after the root element at byte 9".into()));
        assert_eq!(node("<a><b>"), Err("`b`: unexpected end of the document inside <b> at byte 3".into()));
        // Bad UTF-8 anywhere, read or skipped.
        for bad in [&b"<a>\xff</a>"[..], b"<a><Unknown>\xc3</Unknown></a>", b"<a \xe2\x82=\"1\"/>", b"<a/>\xf0"] {
            let e = from_root::<Node>(bad, None).expect_err("bad UTF-8");
            assert!(e.message().starts_with("invalid UTF-8 at byte "), "{e}");
        }
    }

    #[test]
    fn depth_is_limited() {
        let nested =
            |n: usize, name: &str| format!("{}{}", format!("<{name}>").repeat(n), format!("</{name}>").repeat(n));
        assert!(node(&nested(128, "Unknown")).is_ok());
        let e = node(&nested(129, "Unknown")).expect_err("too deep");
        assert!(e.ends_with("nesting deeper than 128 levels at byte 1152"), "{e}");
        assert!(node(&nested(129, "Next")).is_err());
        assert!(node(&nested(129, "Flat")).is_err());
        let deep = "<a>".repeat(100_000);
        for text in [
            deep.clone(),
            format!("<Node><Next>{deep}"),
            format!("<Node><Flat><Unknown>{deep}"),
            "<Flat>".repeat(100_000),
        ] {
            assert!(node(&text).is_err_and(|e| e.contains("nesting deeper than 128 levels")), "{}", &text[..20]);
            assert!(parse::<String>(&text).is_err());
            assert!(error_metadata(text.as_bytes()).is_err());
        }
        // Siblings do not add up.
        let siblings = format!("<a>{}</a>", nested(127, "x").repeat(200));
        assert!(node(&siblings).is_ok());
    }

    #[test]
    fn error_bodies() {
        let wrapped = br#"<ErrorResponse>
               <Error>
                  <Type>Sender</Type>
                  <Code>InvalidGreeting</Code>
                  <Message>Hi &amp; bye</Message>
                  <Detail/>
               </Error>
               <RequestId>foo-id</RequestId>
            </ErrorResponse>"#;
        let bare =
            b"<Error><Code> NoSuchKey </Code><Message>The key</Message><RequestId>rid</RequestId><Key>k</Key></Error>";
        let ec2 = b"<Response><Errors><Error><Code>InvalidGreeting</Code><Message>Hi</Message></Error></Errors><RequestID>ec2-id</RequestID></Response>";
        let meta = |body: &[u8]| error_metadata(body).map(|m| (m.code, m.message, m.request_id));
        let some = |s: &str| Some(s.to_owned());
        assert_eq!(meta(wrapped), Ok((some("InvalidGreeting"), some("Hi & bye"), some("foo-id"))));
        assert_eq!(meta(bare), Ok((some("NoSuchKey"), some("The key"), some("rid"))));
        assert_eq!(meta(ec2), Ok((some("InvalidGreeting"), some("Hi"), some("ec2-id"))));
        assert_eq!(meta(b""), Ok((None, None, None)));
        assert_eq!(meta(b"<Other><Code>x</Code></Other>"), Ok((None, None, None)));
        assert!(meta(b"<ErrorResponse><Error>").is_err());

        #[derive(Debug, Default, PartialEq)]
        struct Modeled {
            message: Option<String>,
            key: Option<String>,
            detail: Option<String>,
        }
        impl FromXml for Modeled {
            fn read(el: &mut Element<'_, '_>) -> Result<Self> {
                let mut out = Self::default();
                el.children(|c, name| match name {
                    "Message" => c.read_into(&mut out.message),
                    "Key" => c.read_into(&mut out.key),
                    "Detail" => c.read_into(&mut out.detail),
                    _ => Ok(()),
                })?;
                Ok(out)
            }
        }
        let modeled = |message: &str, key: Option<&str>, detail: Option<&str>| Modeled {
            message: some(message),
            key: key.map(str::to_owned),
            detail: detail.map(str::to_owned),
        };
        assert_eq!(error_element::<Modeled>(wrapped), Ok(modeled("Hi & bye", None, Some(""))));
        assert_eq!(error_element::<Modeled>(bare), Ok(modeled("The key", Some("k"), None)));
        assert_eq!(error_element::<Modeled>(ec2), Ok(modeled("Hi", None, None)));
        assert_eq!(error_element::<Modeled>(b""), Ok(Modeled::default()));
        assert_eq!(error_element::<Modeled>(b"<ErrorResponse/>"), Ok(Modeled::default()));
    }

    #[test]
    fn query_and_ec2_success_bodies() {
        let body = br#"<GreetingResponse xmlns="https://example.com/">
                <GreetingResult><Name>Hello</Name><Count>2</Count></GreetingResult>
                <ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata>
            </GreetingResponse>"#;
        let read = |body: &[u8]| from_query_result::<Node>(body, "GreetingResponse", "GreetingResult");
        assert_eq!(read(body), Ok(Node { name: Some("Hello".into()), count: Some(2), ..Node::default() }));
        let no_result =
            b"<GreetingResponse><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GreetingResponse>";
        assert_eq!(read(no_result), Ok(Node::default()));
        assert_eq!(read(b""), Ok(Node::default()));
        assert_eq!(read(b"<GreetingResponse/>"), Ok(Node::default()));
        assert!(read(b"<OtherResponse/>").is_err());
        assert_eq!(
            read(b"<GreetingResponse><GreetingResult><Count>x</Count></GreetingResult></GreetingResponse>")
                .map_err(|e| e.path().to_owned()),
            Err("GreetingResult.Count".into())
        );
        let ec2 = b"<GreetingResponse><requestId>r</requestId><Name>Hi</Name></GreetingResponse>";
        assert_eq!(from_root::<Node>(ec2, Some("GreetingResponse")).map(|n| n.name), Ok(Some("Hi".into())));
    }

    #[test]
    fn unions() {
        #[derive(Debug, PartialEq)]
        enum Choice {
            Text(String),
            Int(i32),
            Unknown,
        }
        impl FromXml for Choice {
            fn read(el: &mut Element<'_, '_>) -> Result<Self> {
                el.union("Choice", |c, name| match name {
                    "Text" => c.read().map(Choice::Text),
                    "Int" => c.read().map(Choice::Int),
                    _ => Ok(Choice::Unknown),
                })
            }
        }
        assert_eq!(parse::<Choice>("<U>\n <Text>x</Text>\n</U>"), Ok(Choice::Text("x".into())));
        assert_eq!(parse::<Choice>("<U><Int>5</Int></U>"), Ok(Choice::Int(5)));
        assert_eq!(parse::<Choice>("<U><New><a/></New></U>"), Ok(Choice::Unknown));
        assert_eq!(parse::<Choice>("<U/>"), Err("union `Choice` has no member set at byte 0".into()));
        assert_eq!(
            parse::<Choice>("<U><Int>5</Int><Text/></U>"),
            Err("union `Choice` has more than one member set (`Int`, `Text`) at byte 15".into())
        );
        assert_eq!(
            from_root::<Choice>(b"<U><Int>x</Int></U>", None).map_err(|e| e.path().to_owned()),
            Err("Int".into())
        );
    }

    #[test]
    fn writer_escapes_and_round_trips() {
        let mut out = String::new();
        {
            let mut el = ElementWriter::open(&mut out, "Root");
            el.namespace(None, "https://example.com/").namespace(Some("xsi"), "http://x/?a=1&b=\"2\"");
            el.attr("xsi:v", "a<b>&\"'\t\n\r");
            el.text("t<&>\"'\r\n\t\u{1}");
            el.attr("late", "ignored");
            el.child("Empty");
            el.child("Full").text("x");
            el.child("Nested").child("In").end();
        }
        assert_eq!(
            out,
            "<Root xmlns=\"https://example.com/\" xmlns:xsi=\"http://x/?a=1&amp;b=&quot;2&quot;\" \
             xsi:v=\"a&lt;b&gt;&amp;&quot;'&#x9;&#xA;&#xD;\">t&lt;&amp;&gt;\"'&#xD;\n\t&#x1;\
             <Empty/><Full>x</Full><Nested><In/></Nested></Root>"
        );
        let mut parser = Parser::new(out.as_bytes()).expect("UTF-8");
        let mut root = parser.root().expect("root").expect("an element");
        assert_eq!(root.attr("xsi:v").map(|v| v.map(Cow::into_owned)), Ok(Some("a<b>&\"'\t\n\r".into())));
        assert_eq!(root.attr("xmlns:xsi").map(|v| v.map(Cow::into_owned)), Ok(Some("http://x/?a=1&b=\"2\"".into())));
        // Mixed content: `text` refuses the child elements.
        assert!(root.text().is_err_and(|e| e.message().starts_with("expected text, found the element <Empty>")));

        let doc = to_vec_root("Doc", Some(("", "https://example.com/")), "t<&>\"'\r\n\t\u{1}x");
        assert_eq!(from_root::<String>(&doc, Some("Doc")), Ok("t<&>\"'\r\n\t\u{1}x".into()));
        let doc = to_vec_root("p:Doc", Some(("p", "urn:p")), &7i32);
        assert_eq!(doc, b"<p:Doc xmlns:p=\"urn:p\">7</p:Doc>");

        let node = Node {
            id: Some("i\"d".into()),
            count: Some(-1),
            name: Some("<name> & \r\n".into()),
            items: Some(vec!["a".into(), String::new()]),
            flat: Some(vec![Node { count: Some(1), ..Node::default() }, Node::default()]),
            tags: Some(HashMap::from([("z".into(), "last".into()), ("a".into(), "first".into())])),
            flat_tags: Some(HashMap::from([("k".into(), i64::MIN)])),
            when: Some(DateTime::from_secs_and_nanos(0, 1_000_000)),
            epoch: Some(DateTime::from_secs(-5)),
            data: Some(Blob::new(vec![0, 255])),
            next: Some(Box::new(Node { items: Some(vec![]), ..Node::default() })),
        };
        let doc = to_vec_root("Node", None, &node);
        let text = String::from_utf8(doc.clone()).unwrap_or_default();
        assert!(text.contains("<Tags><entry><key>a</key><value>first</value></entry><entry><key>z</key>"), "{text}");
        assert!(text.contains("<FlatTags><K>k</K><V>-9223372036854775808</V></FlatTags>"), "{text}");
        assert!(text.contains("<Flat><Count>1</Count></Flat><Flat/>"), "{text}");
        assert!(text.contains("<Items><member>a</member><member></member></Items>"), "{text}");
        assert!(text.contains("<Epoch>-5</Epoch>"), "{text}");
        assert_eq!(from_root::<Node>(&doc, Some("Node")), Ok(node));
    }

    #[test]
    fn attribute_timestamps() {
        let mut parser = Parser::new(b"<a t=' 1576540098 ' bad='x'/>").expect("UTF-8");
        let el = parser.root().expect("root").expect("an element");
        let mut t = None;
        el.attr_with(&mut t, "t", DateTime::parse_epoch_seconds).expect("epoch seconds");
        assert_eq!(t, Some(DateTime::from_secs(1_576_540_098)));
        el.attr_with(&mut t, "absent", DateTime::parse_epoch_seconds).expect("absent");
        assert_eq!(t, Some(DateTime::from_secs(1_576_540_098)));
        let e = el.attr_with(&mut t, "bad", DateTime::parse_epoch_seconds).expect_err("not a number");
        assert_eq!(e.path(), "bad");
    }

    #[test]
    fn random_strings_round_trip() {
        let mut rng = Rng(0x0123_4567_89ab_cdef);
        let specials =
            ['&', '<', '>', '"', '\'', '\r', '\n', '\t', ' ', ']', '\u{1}', '\u{1f}', '\u{85}', '\u{2028}', 'é', '😀'];
        for _ in 0..3_000 {
            let text: String = (0..rng.below(24))
                .map(|_| match rng.below(3) {
                    0 => specials[rng.below(specials.len())],
                    1 => char::from_u32(0x20 + rng.below(0x5f) as u32).unwrap_or('x'),
                    _ => char::from_u32(0x80 + rng.below(0x2f000) as u32)
                        .filter(|c| !matches!(c, '\u{fffe}' | '\u{ffff}'))
                        .unwrap_or('x'),
                })
                .collect();
            let doc = to_vec_root("R", None, &text);
            assert_eq!(from_root::<String>(&doc, Some("R")).as_ref(), Ok(&text), "{:?}", String::from_utf8_lossy(&doc));
            let mut out = String::new();
            ElementWriter::open(&mut out, "R").attr("a", &text);
            let mut parser = Parser::new(out.as_bytes()).expect("UTF-8");
            let el = parser.root().expect("root").expect("an element");
            assert_eq!(el.attr("a").map(|v| v.map(Cow::into_owned)), Ok(Some(text.clone())), "{out:?}");
        }
    }

    /// xorshift64*: a tiny deterministic generator for the fuzz loop.
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
    }

    #[test]
    fn mutated_documents_never_panic() {
        let seeds: [&[u8]; 5] = [
            br#"<?xml version="1.0"?><Node xmlns:xsi="u" xsi:id="a&amp;b"><Count> 3 </Count><Name>x&#x41;<![CDATA[y]]></Name><Items><member>a</member></Items><Flat><Next><Name/></Next></Flat><Tags><entry><key>k</key><value>v</value></entry></Tags><FlatTags><K>a</K><V>1</V></FlatTags><When>2019-12-16T23:48:18Z</When><Epoch>1.5</Epoch><Data>aGk=</Data></Node>"#,
            b"<ErrorResponse><Error><Code>C</Code><Message>m &lt;</Message></Error><RequestId>r</RequestId></ErrorResponse>",
            b"<Response><Errors><Error><Code>C</Code></Error></Errors><RequestID>r</RequestID></Response>",
            b"<OpResponse><OpResult><Name>n</Name><!-- c --><?pi?></OpResult><ResponseMetadata/></OpResponse>",
            "<Node><Name>é 日本 😀</Name><Unknown a='1'><b/></Unknown></Node>".as_bytes(),
        ];
        let interesting = b"<>/=\"'&;#x![]?-: \t\r\nCDATAampltNodeNameentrykeyvaluemember\x00\x80\xbf\xc3\xe2\xf0\xff";
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut parsed = 0;
        for round in 0..5_000 {
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
                        let end = (at + rng.below(16)).min(input.len());
                        let copy = input[at..end].to_vec();
                        input.splice(at..at, copy);
                    }
                }
            }
            parsed += usize::from(from_root::<Node>(&input, None).is_ok());
            let _ = from_root::<String>(&input, None);
            let _ = error_metadata(&input);
            let _ = error_element::<Node>(&input);
            let _ = from_query_result::<Node>(&input, "OpResponse", "OpResult");
            if let Ok(mut parser) = Parser::new(&input) {
                if let Ok(Some(el)) = parser.root() {
                    for attr in el.attributes() {
                        let _ = attr;
                    }
                }
            }
        }
        assert!(parsed > 100, "too few valid inputs to mean much: {parsed}");
    }
}
