//! The `application/vnd.amazon.eventstream` frame codec, for event stream operations
//! (Transcribe streaming, Bedrock's `ConverseStream`, S3 `SelectObjectContent`, Kinesis
//! `SubscribeToShard`, ...), whose bodies are a sequence of frames rather than one document.
//!
//! A frame is a prelude (total length, headers length, both `u32` big-endian, and the CRC32 of
//! those eight bytes), the headers, the payload, and the CRC32 of everything before it. This
//! module only frames: it knows nothing of HTTP bodies or of event types, so the same code
//! serves any transport, and it is tested on its own. [`encode`] writes one frame; [`Decoder`]
//! reads frames from bytes as they arrive, in chunks of any size.
//!
//! Written here rather than taken from `aws-smithy-eventstream`, which brings `aws-smithy-types`
//! and its dependencies for what is a few hundred lines; the code generator's tests check this
//! codec against that crate in both directions.
//!
//! Hostile input is expected: the prelude's CRC is checked before its lengths are believed, the
//! lengths are bounded (as by the AWS CRT: [`MAX_FRAME`], [`MAX_HEADERS`]) before anything is
//! allocated for the frame, and every header is validated against the headers section's end.
#![allow(dead_code)]

use std::fmt;

/// The largest frame, all of it included: 16 MiB, the AWS limit.
pub const MAX_FRAME: usize = 16 * 1024 * 1024;
/// The largest headers section: 128 KiB.
pub const MAX_HEADERS: usize = 128 * 1024;
/// The prelude: total length, headers length, prelude CRC.
const PRELUDE: usize = 12;
/// The smallest frame: the prelude and the message CRC.
const MIN_FRAME: usize = PRELUDE + 4;
/// A header name is 1 to 255 bytes.
const MAX_NAME: usize = 255;
/// The longest string or byte array value the specification allows (`2^15 - 1`, as the AWS CRT
/// and SDKs enforce), although its length prefix could say more. Decoding accepts up to
/// `u16::MAX`.
const MAX_VALUE: usize = i16::MAX as usize;
/// What a [`Decoder`] keeps of its buffer's capacity between frames.
const RETAINED_CAPACITY: usize = 64 * 1024;

const TYPE_TRUE: u8 = 0;
const TYPE_FALSE: u8 = 1;
const TYPE_BYTE: u8 = 2;
const TYPE_SHORT: u8 = 3;
const TYPE_INTEGER: u8 = 4;
const TYPE_LONG: u8 = 5;
const TYPE_BYTE_ARRAY: u8 = 6;
const TYPE_STRING: u8 = 7;
const TYPE_TIMESTAMP: u8 = 8;
const TYPE_UUID: u8 = 9;

/// One event stream message: its headers, in wire order, and its payload.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Message {
    pub headers: Vec<Header>,
    pub payload: Vec<u8>,
}

impl Message {
    /// The value of the first header named `name`.
    pub fn header(&self, name: &str) -> Option<&HeaderValue> {
        self.headers.iter().find(|header| header.name == name).map(|header| &header.value)
    }
}

/// A header: a name of 1 to 255 bytes and a typed value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub name: String,
    pub value: HeaderValue,
}

impl Header {
    pub fn new(name: impl Into<String>, value: HeaderValue) -> Self {
        Self { name: name.into(), value }
    }
}

/// A header's value, one variant for each type of the specification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderValue {
    /// Types 0 (`true`) and 1 (`false`).
    Bool(bool),
    /// Type 2.
    Byte(i8),
    /// Type 3.
    Short(i16),
    /// Type 4.
    Integer(i32),
    /// Type 5.
    Long(i64),
    /// Type 6 (a Smithy blob).
    ByteArray(Vec<u8>),
    /// Type 7.
    String(String),
    /// Type 8: milliseconds since the Unix epoch.
    Timestamp(i64),
    /// Type 9: an RFC 9562 UUID in binary.
    Uuid([u8; 16]),
}

impl HeaderValue {
    /// The value of a string header (`:event-type`, `:message-type`, ...).
    pub fn as_str(&self) -> Option<&str> {
        match self {
            HeaderValue::String(value) => Some(value.as_str()),
            _ => None,
        }
    }
}

/// Why a frame could not be encoded or decoded. A decoding error ends the stream: the
/// specification requires it, and there is no telling where the next frame would start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameError {
    /// The prelude's CRC32 does not match its first eight bytes.
    PreludeCrc { expected: u32, computed: u32 },
    /// The message CRC32 does not match the frame's bytes.
    MessageCrc { expected: u32, computed: u32 },
    /// A frame's total length is below 16 bytes or above [`MAX_FRAME`].
    FrameLength(usize),
    /// A headers section above [`MAX_HEADERS`], or longer than its frame has room for.
    HeadersLength { headers: usize, total: usize },
    /// A malformed header, at byte `offset` of a decoded frame's headers section.
    Header { offset: usize, problem: HeaderProblem },
    /// A header name to encode is empty or longer than 255 bytes.
    NameLength(usize),
    /// A string or byte array value to encode is longer than 32,767 bytes.
    ValueLength { name: String, length: usize },
    /// The stream ended inside a frame.
    Truncated { buffered: usize },
}

/// What is wrong with a decoded header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderProblem {
    /// The header runs past the end of the headers section.
    Overrun,
    /// The name is empty.
    EmptyName,
    /// The name is not UTF-8.
    NameNotUtf8,
    /// The value type is none of 0 to 9.
    UnknownType(u8),
    /// A string value is not UTF-8.
    StringNotUtf8,
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameError::PreludeCrc { expected, computed } => write!(
                f,
                "event stream prelude CRC32 mismatch: the frame says {expected:#010x}, its bytes give {computed:#010x}"
            ),
            FrameError::MessageCrc { expected, computed } => write!(
                f,
                "event stream message CRC32 mismatch: the frame says {expected:#010x}, its bytes give {computed:#010x}"
            ),
            FrameError::FrameLength(length) => {
                write!(f, "event stream frame of {length} bytes: a frame is {MIN_FRAME} to {MAX_FRAME} bytes long")
            }
            FrameError::HeadersLength { headers, total } => write!(
                f,
                "event stream headers section of {headers} bytes in a frame of {total}: it is at most \
                 {MAX_HEADERS} bytes, and within the frame"
            ),
            FrameError::Header { offset, problem } => {
                write!(f, "malformed event stream header at byte {offset} of the headers section: {problem}")
            }
            FrameError::NameLength(length) => {
                write!(f, "event stream header name of {length} bytes: a name is 1 to {MAX_NAME} bytes long")
            }
            FrameError::ValueLength { name, length } => {
                write!(f, "event stream header `{name}` has a value of {length} bytes: the most is {MAX_VALUE}")
            }
            FrameError::Truncated { buffered } => {
                write!(f, "the event stream ended inside a frame, {buffered} bytes into it")
            }
        }
    }
}

impl fmt::Display for HeaderProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderProblem::Overrun => f.write_str("it runs past the end of the headers section"),
            HeaderProblem::EmptyName => f.write_str("its name is empty"),
            HeaderProblem::NameNotUtf8 => f.write_str("its name is not UTF-8"),
            HeaderProblem::UnknownType(value_type) => write!(f, "unknown value type {value_type}"),
            HeaderProblem::StringNotUtf8 => f.write_str("its string value is not UTF-8"),
        }
    }
}

impl std::error::Error for FrameError {}

/// Encodes `message` as one frame.
pub fn encode(message: &Message) -> Result<Vec<u8>, FrameError> {
    let mut headers = Vec::new();
    for header in &message.headers {
        write_header(header, &mut headers)?;
        if headers.len() > MAX_HEADERS {
            let total = MIN_FRAME.saturating_add(headers.len()).saturating_add(message.payload.len());
            return Err(FrameError::HeadersLength { headers: headers.len(), total });
        }
    }
    let total = MIN_FRAME.saturating_add(headers.len()).saturating_add(message.payload.len());
    if total > MAX_FRAME {
        return Err(FrameError::FrameLength(total));
    }
    // Both fit: they are bounded by MAX_FRAME.
    let (total_field, headers_field) = (total as u32, headers.len() as u32);
    let mut frame = Vec::with_capacity(total);
    frame.extend_from_slice(&total_field.to_be_bytes());
    frame.extend_from_slice(&headers_field.to_be_bytes());
    let prelude_crc = crc32fast::hash(&frame);
    frame.extend_from_slice(&prelude_crc.to_be_bytes());
    frame.extend_from_slice(&headers);
    frame.extend_from_slice(&message.payload);
    let message_crc = crc32fast::hash(&frame);
    frame.extend_from_slice(&message_crc.to_be_bytes());
    Ok(frame)
}

fn write_header(header: &Header, out: &mut Vec<u8>) -> Result<(), FrameError> {
    let name = header.name.as_bytes();
    match u8::try_from(name.len()) {
        Ok(length) if length > 0 => out.push(length),
        _ => return Err(FrameError::NameLength(name.len())),
    }
    out.extend_from_slice(name);
    match &header.value {
        HeaderValue::Bool(true) => out.push(TYPE_TRUE),
        HeaderValue::Bool(false) => out.push(TYPE_FALSE),
        HeaderValue::Byte(value) => write_fixed(out, TYPE_BYTE, &value.to_be_bytes()),
        HeaderValue::Short(value) => write_fixed(out, TYPE_SHORT, &value.to_be_bytes()),
        HeaderValue::Integer(value) => write_fixed(out, TYPE_INTEGER, &value.to_be_bytes()),
        HeaderValue::Long(value) => write_fixed(out, TYPE_LONG, &value.to_be_bytes()),
        HeaderValue::ByteArray(value) => write_variable(out, TYPE_BYTE_ARRAY, value, &header.name)?,
        HeaderValue::String(value) => write_variable(out, TYPE_STRING, value.as_bytes(), &header.name)?,
        HeaderValue::Timestamp(millis) => write_fixed(out, TYPE_TIMESTAMP, &millis.to_be_bytes()),
        HeaderValue::Uuid(value) => write_fixed(out, TYPE_UUID, value),
    }
    Ok(())
}

fn write_fixed(out: &mut Vec<u8>, value_type: u8, value: &[u8]) {
    out.push(value_type);
    out.extend_from_slice(value);
}

fn write_variable(out: &mut Vec<u8>, value_type: u8, value: &[u8], name: &str) -> Result<(), FrameError> {
    // An error rather than a truncated length, which would make the rest of the value be read
    // as further headers.
    let length = match u16::try_from(value.len()) {
        Ok(length) if value.len() <= MAX_VALUE => length,
        _ => return Err(FrameError::ValueLength { name: name.to_owned(), length: value.len() }),
    };
    out.push(value_type);
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(value);
    Ok(())
}

/// An incremental frame decoder: [`push`](Decoder::push) bytes as they arrive, then call
/// [`next_message`](Decoder::next_message) until it returns `Ok(None)`; at the end of the body,
/// [`finish`](Decoder::finish) says whether the stream stopped inside a frame.
///
/// It holds the bytes pushed and not yet decoded, and makes room for a frame only once its
/// prelude has been checked. After an error it keeps returning that error.
#[derive(Debug, Default)]
pub struct Decoder {
    buffer: Vec<u8>,
    /// Where the undecoded bytes of `buffer` start.
    start: usize,
    /// The checked prelude of the frame at `start`: its total and headers lengths.
    frame: Option<(usize, usize)>,
    failed: Option<FrameError>,
}

impl Decoder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds bytes from the stream (ignored once the decoder has failed).
    pub fn push(&mut self, bytes: &[u8]) {
        if self.failed.is_some() {
            return;
        }
        if self.start > 0 {
            self.buffer.drain(..self.start);
            self.start = 0;
        }
        self.buffer.extend_from_slice(bytes);
    }

    /// The next complete message, `Ok(None)` if more bytes are needed.
    pub fn next_message(&mut self) -> Result<Option<Message>, FrameError> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        let result = self.decode();
        if let Err(error) = &result {
            self.failed = Some(error.clone());
            self.buffer = Vec::new();
            self.start = 0;
            self.frame = None;
        }
        result
    }

    /// `Ok` at the end of a stream that stopped between frames. Call it once
    /// [`next_message`](Decoder::next_message) returns `Ok(None)`.
    pub fn finish(&self) -> Result<(), FrameError> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        match self.buffer.len().saturating_sub(self.start) {
            0 => Ok(()),
            buffered => Err(FrameError::Truncated { buffered }),
        }
    }

    fn decode(&mut self) -> Result<Option<Message>, FrameError> {
        let available = self.buffer.get(self.start..).unwrap_or_default();
        let (total, headers) = match self.frame {
            Some(frame) => frame,
            None => {
                let Some(prelude) = available.first_chunk::<PRELUDE>() else {
                    return Ok(None);
                };
                let frame = read_prelude(prelude)?;
                let missing = frame.0.saturating_sub(available.len());
                self.frame = Some(frame);
                self.buffer.reserve_exact(missing);
                frame
            }
        };
        let Some(bytes) = self.buffer.get(self.start..).and_then(|available| available.get(..total)) else {
            return Ok(None);
        };
        let message = read_frame(bytes, headers)?;
        self.start += total;
        self.frame = None;
        if self.start == self.buffer.len() {
            self.buffer.clear();
            self.start = 0;
            self.buffer.shrink_to(RETAINED_CAPACITY);
        }
        Ok(Some(message))
    }
}

/// The messages of a body held whole, read where they lie: for a sans-IO caller with the body
/// in memory, which a [`Decoder`] would first copy. Stops after the first error; a body that
/// ends inside a frame ends with [`FrameError::Truncated`].
pub fn messages(body: &[u8]) -> Messages<'_> {
    Messages { rest: body, failed: false }
}

/// The iterator of [`messages`].
#[derive(Debug, Clone)]
pub struct Messages<'a> {
    rest: &'a [u8],
    failed: bool,
}

impl Iterator for Messages<'_> {
    type Item = Result<Message, FrameError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.rest.is_empty() {
            return None;
        }
        let result = self.read();
        self.failed = result.is_err();
        Some(result)
    }
}

impl Messages<'_> {
    fn read(&mut self) -> Result<Message, FrameError> {
        let truncated = FrameError::Truncated { buffered: self.rest.len() };
        let prelude = self.rest.first_chunk::<PRELUDE>().ok_or_else(|| truncated.clone())?;
        let (total, headers) = read_prelude(prelude)?;
        let (frame, rest) = self.rest.split_at_checked(total).ok_or(truncated)?;
        let message = read_frame(frame, headers)?;
        self.rest = rest;
        Ok(message)
    }
}

/// Checks a prelude's CRC, then its lengths; returns the total and headers lengths.
fn read_prelude(prelude: &[u8; PRELUDE]) -> Result<(usize, usize), FrameError> {
    let [t0, t1, t2, t3, h0, h1, h2, h3, c0, c1, c2, c3] = *prelude;
    let expected = u32::from_be_bytes([c0, c1, c2, c3]);
    let computed = crc32fast::hash(&[t0, t1, t2, t3, h0, h1, h2, h3]);
    if expected != computed {
        return Err(FrameError::PreludeCrc { expected, computed });
    }
    let total = u32::from_be_bytes([t0, t1, t2, t3]) as usize;
    let headers = u32::from_be_bytes([h0, h1, h2, h3]) as usize;
    if !(MIN_FRAME..=MAX_FRAME).contains(&total) {
        return Err(FrameError::FrameLength(total));
    }
    if headers > MAX_HEADERS || headers > total - MIN_FRAME {
        return Err(FrameError::HeadersLength { headers, total });
    }
    Ok((total, headers))
}

/// Reads a whole frame whose prelude [`read_prelude`] accepted.
fn read_frame(frame: &[u8], headers: usize) -> Result<Message, FrameError> {
    let truncated = || FrameError::Truncated { buffered: frame.len() };
    let (covered, crc) = frame.split_last_chunk::<4>().ok_or_else(truncated)?;
    let expected = u32::from_be_bytes(*crc);
    let computed = crc32fast::hash(covered);
    if expected != computed {
        return Err(FrameError::MessageCrc { expected, computed });
    }
    let (headers, payload) =
        covered.get(PRELUDE..).and_then(|data| data.split_at_checked(headers)).ok_or_else(truncated)?;
    Ok(Message { headers: read_headers(headers)?, payload: payload.to_vec() })
}

fn read_headers(section: &[u8]) -> Result<Vec<Header>, FrameError> {
    let mut cursor = Cursor(section);
    let mut headers = Vec::new();
    while !cursor.0.is_empty() {
        let offset = section.len() - cursor.0.len();
        let header = read_header(&mut cursor).map_err(|problem| FrameError::Header { offset, problem })?;
        headers.push(header);
    }
    Ok(headers)
}

fn read_header(cursor: &mut Cursor<'_>) -> Result<Header, HeaderProblem> {
    let [name_length] = cursor.array()?;
    if name_length == 0 {
        return Err(HeaderProblem::EmptyName);
    }
    let name = cursor.take(usize::from(name_length))?;
    let name = std::str::from_utf8(name).map_err(|_| HeaderProblem::NameNotUtf8)?.to_owned();
    let [value_type] = cursor.array()?;
    let value = match value_type {
        TYPE_TRUE => HeaderValue::Bool(true),
        TYPE_FALSE => HeaderValue::Bool(false),
        TYPE_BYTE => HeaderValue::Byte(i8::from_be_bytes(cursor.array()?)),
        TYPE_SHORT => HeaderValue::Short(i16::from_be_bytes(cursor.array()?)),
        TYPE_INTEGER => HeaderValue::Integer(i32::from_be_bytes(cursor.array()?)),
        TYPE_LONG => HeaderValue::Long(i64::from_be_bytes(cursor.array()?)),
        TYPE_BYTE_ARRAY => HeaderValue::ByteArray(cursor.variable()?.to_vec()),
        TYPE_STRING => {
            let value = std::str::from_utf8(cursor.variable()?).map_err(|_| HeaderProblem::StringNotUtf8)?;
            HeaderValue::String(value.to_owned())
        }
        TYPE_TIMESTAMP => HeaderValue::Timestamp(i64::from_be_bytes(cursor.array()?)),
        TYPE_UUID => HeaderValue::Uuid(cursor.array()?),
        other => return Err(HeaderProblem::UnknownType(other)),
    };
    Ok(Header { name, value })
}

/// The unread rest of a headers section.
struct Cursor<'a>(&'a [u8]);

impl<'a> Cursor<'a> {
    fn take(&mut self, length: usize) -> Result<&'a [u8], HeaderProblem> {
        let (taken, rest) = self.0.split_at_checked(length).ok_or(HeaderProblem::Overrun)?;
        self.0 = rest;
        Ok(taken)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], HeaderProblem> {
        let (taken, rest) = self.0.split_first_chunk::<N>().ok_or(HeaderProblem::Overrun)?;
        self.0 = rest;
        Ok(*taken)
    }

    /// A string or byte array: a `u16` length, then that many bytes.
    fn variable(&mut self) -> Result<&'a [u8], HeaderProblem> {
        let length = u16::from_be_bytes(self.array()?);
        self.take(usize::from(length))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (xorshift64*), so that a failure reproduces.
    struct Random(u64);

    impl Random {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        /// Fewer than `below` random bytes.
        fn bytes(&mut self, below: usize) -> Vec<u8> {
            (0..self.below(below)).map(|_| self.next() as u8).collect()
        }
    }

    fn hex(text: &str) -> Vec<u8> {
        (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex")).collect()
    }

    /// The AWS event stream test vectors (as in the AWS CRT and `aws-smithy-eventstream`),
    /// each checked by decoding it by hand and with `zlib.crc32`.
    const ALL_HEADERS: &str = "000000960000007a8bb495fb0474727565000566616c736501046279746502320573686f7274034e2003696e74\
                               040007a120046c6f6e67050000000ba43b740005627974657306000a736f6d6520627974657303737472070008\
                               736f6d65207374720474696d6508000000012a05f200047575696409b79bc914de214e13b8b2bc47e85b7f0b\
                               736f6d65207061796c6f616401a05860";
    const NO_HEADERS: &str = "0000002400000000516356ad616e6f746865722074657374207061796c6f61648df80e65";
    const EMPTY_PAYLOAD: &str = "0000001f0000000f172dc2ab0b736f6d652d6865616465720301f4933c5cad";

    fn all_headers_message() -> Message {
        let uuid = hex("b79bc914de214e13b8b2bc47e85b7f0b").try_into().expect("16 bytes");
        Message {
            headers: vec![
                Header::new("true", HeaderValue::Bool(true)),
                Header::new("false", HeaderValue::Bool(false)),
                Header::new("byte", HeaderValue::Byte(50)),
                Header::new("short", HeaderValue::Short(20_000)),
                Header::new("int", HeaderValue::Integer(500_000)),
                Header::new("long", HeaderValue::Long(50_000_000_000)),
                Header::new("bytes", HeaderValue::ByteArray(b"some bytes".to_vec())),
                Header::new("str", HeaderValue::String("some str".into())),
                Header::new("time", HeaderValue::Timestamp(5_000_000_000)),
                Header::new("uuid", HeaderValue::Uuid(uuid)),
            ],
            payload: b"some payload".to_vec(),
        }
    }

    /// Every type, with the extremes of each.
    fn every_type() -> Message {
        Message {
            headers: vec![
                Header::new(":event-type", HeaderValue::String("Chunk".into())),
                Header::new("true", HeaderValue::Bool(true)),
                Header::new("false", HeaderValue::Bool(false)),
                Header::new("byte", HeaderValue::Byte(i8::MIN)),
                Header::new("short", HeaderValue::Short(i16::MAX)),
                Header::new("integer", HeaderValue::Integer(-1)),
                Header::new("long", HeaderValue::Long(i64::MIN)),
                Header::new("bytes", HeaderValue::ByteArray(vec![0, 255, 7])),
                Header::new("no-bytes", HeaderValue::ByteArray(Vec::new())),
                Header::new("string", HeaderValue::String("héllo €".into())),
                Header::new("timestamp", HeaderValue::Timestamp(1_700_000_000_123)),
                Header::new("before-1970", HeaderValue::Timestamp(-1)),
                Header::new("uuid", HeaderValue::Uuid([0xab; 16])),
                Header::new("n".repeat(MAX_NAME), HeaderValue::String("v".repeat(MAX_VALUE))),
            ],
            payload: b"{\"a\":1}".to_vec(),
        }
    }

    /// Decodes `bytes` pushed in one piece, to the end of the stream.
    fn decode_all(bytes: &[u8]) -> Result<Vec<Message>, FrameError> {
        let mut decoder = Decoder::new();
        decoder.push(bytes);
        let mut messages = Vec::new();
        while let Some(message) = decoder.next_message()? {
            messages.push(message);
        }
        decoder.finish()?;
        Ok(messages)
    }

    fn prelude(total: u32, headers: u32) -> Vec<u8> {
        let mut prelude = total.to_be_bytes().to_vec();
        prelude.extend_from_slice(&headers.to_be_bytes());
        let crc = crc32fast::hash(&prelude);
        prelude.extend_from_slice(&crc.to_be_bytes());
        prelude
    }

    /// A frame with this raw headers section and payload, and right lengths and CRCs.
    fn raw_frame(headers: &[u8], payload: &[u8]) -> Vec<u8> {
        let mut frame = prelude((MIN_FRAME + headers.len() + payload.len()) as u32, headers.len() as u32);
        frame.extend_from_slice(headers);
        frame.extend_from_slice(payload);
        let crc = crc32fast::hash(&frame);
        frame.extend_from_slice(&crc.to_be_bytes());
        frame
    }

    /// Makes both CRCs of a changed frame right again.
    fn fix_crcs(frame: &mut [u8]) {
        let crc = crc32fast::hash(&frame[..8]);
        frame[8..12].copy_from_slice(&crc.to_be_bytes());
        let end = frame.len() - 4;
        let crc = crc32fast::hash(&frame[..end]);
        frame[end..].copy_from_slice(&crc.to_be_bytes());
    }

    #[test]
    fn every_header_type_round_trips() {
        let message = every_type();
        let frame = encode(&message).expect("encodes");
        assert_eq!(decode_all(&frame), Ok(vec![message.clone()]));
        let decoded = &decode_all(&frame).expect("decodes")[0];
        assert_eq!(decoded.header(":event-type").and_then(HeaderValue::as_str), Some("Chunk"));
        assert_eq!(decoded.header("long"), Some(&HeaderValue::Long(i64::MIN)));
        assert_eq!(decoded.header("long").and_then(HeaderValue::as_str), None);
        assert_eq!(decoded.header("missing"), None);

        let empty = Message::default();
        let frame = encode(&empty).expect("encodes");
        assert_eq!(frame.len(), MIN_FRAME);
        assert_eq!(decode_all(&frame), Ok(vec![empty]));
    }

    #[test]
    fn the_aws_test_vectors() {
        let cases = [
            (ALL_HEADERS, all_headers_message()),
            (NO_HEADERS, Message { headers: Vec::new(), payload: b"another test payload".to_vec() }),
            (
                EMPTY_PAYLOAD,
                Message { headers: vec![Header::new("some-header", HeaderValue::Short(500))], payload: Vec::new() },
            ),
        ];
        for (bytes, message) in cases {
            let bytes = hex(bytes);
            assert_eq!(decode_all(&bytes), Ok(vec![message.clone()]));
            assert_eq!(encode(&message), Ok(bytes));
        }
    }

    #[test]
    fn frames_pushed_byte_by_byte_and_in_chunks() {
        let messages = vec![every_type(), all_headers_message(), Message::default(), every_type()];
        let stream: Vec<u8> = messages.iter().flat_map(|message| encode(message).expect("encodes")).collect();
        let mut decoder = Decoder::new();
        let mut decoded = Vec::new();
        for byte in &stream {
            decoder.push(std::slice::from_ref(byte));
            while let Some(message) = decoder.next_message().expect("decodes") {
                decoded.push(message);
            }
        }
        assert_eq!(decoded, messages);
        assert_eq!(decoder.finish(), Ok(()));

        let mut random = Random(7);
        for _ in 0..50 {
            let mut decoder = Decoder::new();
            let mut decoded = Vec::new();
            let mut rest = &stream[..];
            while !rest.is_empty() {
                let (chunk, tail) = rest.split_at(random.below(rest.len().min(40_000)) + 1);
                decoder.push(chunk);
                while let Some(message) = decoder.next_message().expect("decodes") {
                    decoded.push(message);
                }
                rest = tail;
            }
            assert_eq!(decoded, messages);
            assert_eq!(decoder.finish(), Ok(()));
        }
    }

    #[test]
    fn corrupted_crcs_are_errors() {
        let frame = hex(ALL_HEADERS);
        let mut bad_prelude = frame.clone();
        bad_prelude[8..12].copy_from_slice(&0xdead_beef_u32.to_be_bytes());
        let error = decode_all(&bad_prelude).expect_err("a bad prelude CRC");
        assert_eq!(error, FrameError::PreludeCrc { expected: 0xdead_beef, computed: 0x8bb4_95fb });
        let text = error.to_string();
        assert!(text.contains("prelude") && text.contains("0xdeadbeef") && text.contains("0x8bb495fb"), "{text}");

        let mut bad_message = frame.clone();
        bad_message[146..].copy_from_slice(&0xdead_beef_u32.to_be_bytes());
        let error = decode_all(&bad_message).expect_err("a bad message CRC");
        assert_eq!(error, FrameError::MessageCrc { expected: 0xdead_beef, computed: 0x01a0_5860 });
        assert!(error.to_string().contains("0x01a05860"), "{error}");

        // Every single-bit flip is caught, by the CRC of the part it is in.
        for index in 0..frame.len() {
            for bit in 0..8 {
                let mut flipped = frame.clone();
                flipped[index] ^= 1 << bit;
                match decode_all(&flipped) {
                    Err(FrameError::PreludeCrc { .. }) if index < PRELUDE => {}
                    Err(FrameError::MessageCrc { .. }) if index >= PRELUDE => {}
                    other => panic!("byte {index} bit {bit}: {other:?}"),
                }
            }
        }

        // The stream is over after an error: more bytes do not bring it back.
        let mut decoder = Decoder::new();
        decoder.push(&bad_message);
        let error = decoder.next_message().expect_err("a bad message CRC");
        decoder.push(&frame);
        assert_eq!(decoder.next_message(), Err(error.clone()));
        assert_eq!(decoder.finish(), Err(error));
    }

    #[test]
    fn a_whole_body_reads_in_place_as_the_decoder_reads_it() {
        let frame = hex(ALL_HEADERS);
        let mut body = [frame.as_slice(), &frame, &frame].concat();
        let read: Vec<_> = messages(&body).collect();
        assert_eq!(read, vec![Ok(all_headers_message()); 3]);
        assert_eq!(messages(&[]).count(), 0);
        // A broken second frame: the first message, its error, then nothing.
        let last = frame.len() * 2 - 1;
        body[last] ^= 1;
        let read: Vec<_> = messages(&body).collect();
        assert_eq!(read.len(), 2);
        assert_eq!(read[0], Ok(all_headers_message()));
        assert!(matches!(read[1], Err(FrameError::MessageCrc { .. })));
        // Cut inside the prelude, then inside the frame: the decoder's `Truncated` at the end.
        for cut in [5, frame.len() + 20] {
            let mut decoder = Decoder::new();
            let whole = [frame.as_slice(), &frame].concat();
            let read: Vec<_> = messages(&whole[..cut]).collect();
            decoder.push(&whole[..cut]);
            let mut expected = Vec::new();
            while let Some(message) = decoder.next_message().expect("no broken frame") {
                expected.push(Ok(message));
            }
            expected.push(decoder.finish().map(|()| all_headers_message()));
            assert_eq!(read, expected, "cut at {cut}");
        }
    }

    #[test]
    fn truncated_input_waits_then_fails_at_the_end() {
        let frame = hex(ALL_HEADERS);
        for cut in 0..frame.len() {
            let mut decoder = Decoder::new();
            decoder.push(&frame[..cut]);
            assert_eq!(decoder.next_message(), Ok(None), "cut at {cut}");
            let expected = if cut == 0 { Ok(()) } else { Err(FrameError::Truncated { buffered: cut }) };
            assert_eq!(decoder.finish(), expected, "cut at {cut}");
            decoder.push(&frame[cut..]);
            assert_eq!(decoder.next_message(), Ok(Some(all_headers_message())), "cut at {cut}");
            assert_eq!(decoder.next_message(), Ok(None));
            assert_eq!(decoder.finish(), Ok(()));
        }
        let error = decode_all(&frame[..100]).expect_err("truncated");
        assert_eq!(error.to_string(), "the event stream ended inside a frame, 100 bytes into it");
    }

    #[test]
    fn oversize_lengths_are_rejected_from_the_prelude_alone() {
        let max = MAX_FRAME as u32;
        let cases = [
            (max + 1, 0, FrameError::FrameLength(MAX_FRAME + 1)),
            (u32::MAX, 0, FrameError::FrameLength(u32::MAX as usize)),
            (15, 0, FrameError::FrameLength(15)),
            (0, 0, FrameError::FrameLength(0)),
            (max, MAX_HEADERS as u32 + 1, FrameError::HeadersLength { headers: MAX_HEADERS + 1, total: MAX_FRAME }),
            (100, 85, FrameError::HeadersLength { headers: 85, total: 100 }),
            (16, u32::MAX, FrameError::HeadersLength { headers: u32::MAX as usize, total: 16 }),
        ];
        for (total, headers, expected) in cases {
            let mut decoder = Decoder::new();
            decoder.push(&prelude(total, headers));
            assert_eq!(decoder.next_message(), Err(expected.clone()), "{total} {headers}");
            assert!(decoder.buffer.capacity() < PRELUDE);
        }
        // The largest frame is accepted, and room for it made only once its prelude is checked.
        let mut decoder = Decoder::new();
        decoder.push(&prelude(max, MAX_HEADERS as u32));
        assert!(decoder.buffer.capacity() < 1024);
        assert_eq!(decoder.next_message(), Ok(None));
        assert!(decoder.buffer.capacity() >= MAX_FRAME);
        assert_eq!(decoder.finish(), Err(FrameError::Truncated { buffered: PRELUDE }));
        let mut decoder = Decoder::new();
        decoder.push(&prelude(100, 84));
        assert_eq!(decoder.next_message(), Ok(None));
    }

    #[test]
    fn malformed_headers_are_errors() {
        use HeaderProblem::*;
        let cases: &[(&[u8], &[u8], usize, HeaderProblem)] = &[
            (b"\x00", b"", 0, EmptyName),
            (b"\x03ab", b"payload", 0, Overrun),
            (b"\x01a", b"", 0, Overrun),
            (b"\x01a\x0a", b"", 0, UnknownType(10)),
            (b"\x01a\xff", b"", 0, UnknownType(255)),
            (b"\x01a\x04\x00\x00\x00", b"\x01", 0, Overrun),
            (b"\x01a\x05\x00\x00\x00\x00\x00\x00\x00", b"\x01", 0, Overrun),
            (b"\x01a\x08\x00\x00\x00\x00", b"", 0, Overrun),
            (b"\x01a\x09\x00", b"", 0, Overrun),
            (b"\x01a\x07\x00", b"\x02", 0, Overrun),
            (b"\x01a\x07\x00\x05ab", b"cdefg", 0, Overrun),
            (b"\x01a\x06\xff\xff", b"", 0, Overrun),
            (b"\x01\xff\x00", b"", 0, NameNotUtf8),
            (b"\x01a\x07\x00\x01\xff", b"", 0, StringNotUtf8),
            (b"\x01a\x00\x00", b"", 3, EmptyName),
            (b"\x01a\x00\x01b\x02\x05\x01c", b"", 7, Overrun),
        ];
        for &(headers, payload, offset, problem) in cases {
            let expected = FrameError::Header { offset, problem };
            assert_eq!(decode_all(&raw_frame(headers, payload)), Err(expected), "{headers:?}");
        }
        let error = decode_all(&raw_frame(b"\x01a\x00\x01b\x0b", b"")).expect_err("unknown type");
        assert_eq!(
            error.to_string(),
            "malformed event stream header at byte 3 of the headers section: unknown value type 11"
        );

        // Valid edge cases: empty values, and a value longer than an encoder may write.
        let long = "x".repeat(40_000);
        let mut headers = b"\x01a\x06\x00\x00\x01b\x07\x00\x00\x01c\x07".to_vec();
        headers.extend_from_slice(&40_000u16.to_be_bytes());
        headers.extend_from_slice(long.as_bytes());
        let expected = Message {
            headers: vec![
                Header::new("a", HeaderValue::ByteArray(Vec::new())),
                Header::new("b", HeaderValue::String(String::new())),
                Header::new("c", HeaderValue::String(long)),
            ],
            payload: b"p".to_vec(),
        };
        assert_eq!(decode_all(&raw_frame(&headers, b"p")), Ok(vec![expected]));
    }

    #[test]
    fn unencodable_messages_are_errors() {
        let with =
            |name: String, value: HeaderValue| Message { headers: vec![Header::new(name, value)], payload: Vec::new() };
        let cases = [
            (with(String::new(), HeaderValue::Bool(true)), FrameError::NameLength(0)),
            (with("n".repeat(256), HeaderValue::Bool(true)), FrameError::NameLength(256)),
            (with("€".repeat(86), HeaderValue::Bool(true)), FrameError::NameLength(258)),
            (
                with("s".into(), HeaderValue::String("v".repeat(MAX_VALUE + 1))),
                FrameError::ValueLength { name: "s".into(), length: MAX_VALUE + 1 },
            ),
            (
                with("b".into(), HeaderValue::ByteArray(vec![0; 70_000])),
                FrameError::ValueLength { name: "b".into(), length: 70_000 },
            ),
        ];
        for (message, expected) in cases {
            assert_eq!(encode(&message), Err(expected));
        }
        let error = encode(&with("s".into(), HeaderValue::String("v".repeat(MAX_VALUE + 1)))).expect_err("too long");
        assert_eq!(error.to_string(), "event stream header `s` has a value of 32768 bytes: the most is 32767");

        let big = Header::new("h", HeaderValue::ByteArray(vec![1; 30_000]));
        let message = Message { headers: vec![big; 5], payload: Vec::new() };
        assert!(matches!(encode(&message), Err(FrameError::HeadersLength { headers, .. }) if headers > MAX_HEADERS));

        let mut message = Message { headers: Vec::new(), payload: vec![7; MAX_FRAME - MIN_FRAME] };
        let frame = encode(&message).expect("the largest frame");
        assert_eq!(frame.len(), MAX_FRAME);
        assert_eq!(decode_all(&frame), Ok(vec![message.clone()]));
        message.payload.push(7);
        assert_eq!(encode(&message), Err(FrameError::FrameLength(MAX_FRAME + 1)));
    }

    fn random_message(random: &mut Random) -> Message {
        let headers = (0..random.below(7))
            .map(|_| {
                let name: String = (0..random.below(12) + 1).map(|_| (b'a' + random.below(26) as u8) as char).collect();
                let value = match random.below(10) {
                    0 => HeaderValue::Bool(true),
                    1 => HeaderValue::Bool(false),
                    2 => HeaderValue::Byte(random.next() as i8),
                    3 => HeaderValue::Short(random.next() as i16),
                    4 => HeaderValue::Integer(random.next() as i32),
                    5 => HeaderValue::Long(random.next() as i64),
                    6 => HeaderValue::ByteArray(random.bytes(20)),
                    7 => HeaderValue::String("é€x".repeat(random.below(5))),
                    8 => HeaderValue::Timestamp(random.next() as i64),
                    _ => HeaderValue::Uuid(random.next().to_be_bytes().repeat(2).try_into().expect("16 bytes")),
                };
                Header::new(name, value)
            })
            .collect();
        Message { headers, payload: random.bytes(48) }
    }

    /// Feeds `bytes` in random chunks; whether they decoded, and how many messages they gave.
    fn feed(random: &mut Random, bytes: &[u8]) -> Result<Vec<Message>, FrameError> {
        let mut decoder = Decoder::new();
        let mut messages = Vec::new();
        let mut rest = bytes;
        while !rest.is_empty() {
            let (chunk, tail) = rest.split_at(random.below(rest.len()) + 1);
            decoder.push(chunk);
            while let Some(message) = decoder.next_message()? {
                messages.push(message);
            }
            rest = tail;
        }
        decoder.finish()?;
        Ok(messages)
    }

    #[test]
    fn twenty_thousand_random_and_mutated_inputs_never_panic_and_read_alike_in_place() {
        let mut random = Random(0x9e37_79b9_7f4a_7c15);
        let (mut decoded, mut header_errors, mut other_errors) = (0, 0, 0);
        for round in 0..20_000 {
            let message = random_message(&mut random);
            let mut bytes = encode(&message).expect("a random message encodes");
            match round % 5 {
                0 => {
                    assert_eq!(feed(&mut random, &bytes), Ok(vec![message]));
                    continue;
                }
                // Flipped bytes, the CRCs fixed again so that the headers are read.
                1 | 2 => {
                    for _ in 0..random.below(3) + 1 {
                        let index = PRELUDE + random.below(bytes.len() - MIN_FRAME + 1);
                        bytes[index] ^= random.next() as u8 | 1;
                    }
                    fix_crcs(&mut bytes);
                }
                // Random lengths in a well-formed prelude.
                3 => {
                    let total = (random.below(bytes.len() * 2) as u32).to_be_bytes();
                    let headers = (random.below(bytes.len()) as u32).to_be_bytes();
                    bytes[..4].copy_from_slice(&total);
                    bytes[4..8].copy_from_slice(&headers);
                    fix_crcs(&mut bytes);
                }
                // Noise, cut frames, and frames run together.
                _ => match random.below(3) {
                    0 => bytes = random.bytes(64),
                    1 => bytes.truncate(random.below(bytes.len())),
                    _ => bytes.extend(encode(&random_message(&mut random)).expect("encodes")),
                },
            }
            let fed = feed(&mut random, &bytes);
            // Read in place, the same messages or the same first error.
            assert_eq!(messages(&bytes).collect::<Result<Vec<_>, _>>(), fed, "round {round}");
            match fed {
                Ok(_) => decoded += 1,
                Err(FrameError::Header { .. }) => header_errors += 1,
                Err(_) => other_errors += 1,
            }
        }
        assert!(
            decoded > 1000 && header_errors > 1000 && other_errors > 1000,
            "{decoded} {header_errors} {other_errors}"
        );
    }
}
