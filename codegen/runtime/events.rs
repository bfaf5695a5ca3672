//! Event streams as typed events: an output's `EventStream` takes the body's bytes as they
//! come (`push`), decodes frames with `eventstream.rs`, and reads each message as the
//! generated union's event or error. Given a [`Source`] of the body (the client's response),
//! it also reads the body itself: `recv`, or as a `futures_core::Stream`.
#![allow(dead_code)]

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::error::{BuildError, ResponseParseError, UnhandledError};
use super::eventstream::{encode, Decoder, FrameError, Header, HeaderValue, Message};
use super::response::{BodySource as Source, ErrorMetadata};

/// How one event-stream union's messages are read (generated beside the union as `READER`).
pub(crate) struct Reader<T, E> {
    /// The event a message holds; `Ok(None)` for a message that holds none (an RPC protocol's
    /// `initial-response`).
    pub(crate) read: fn(&Message) -> Result<Option<T>, E>,
    /// The error a broken stream ends with (a bad frame, a cut-off or failed body).
    pub(crate) broken: fn(UnhandledError) -> E,
}

impl<T, E> Clone for Reader<T, E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T, E> Copy for Reader<T, E> {}

/// The events of a response, in order.
///
/// Sans-IO: give it the body's bytes as they arrive with [`push`](Self::push) and take the
/// events whose bytes are complete with [`next_event`](Self::next_event); call
/// [`end`](Self::end) when the body ends. With the `client` feature, an output from the
/// client reads its body itself: `recv().await`, or use it as a `futures_core::Stream`.
/// After an error the stream is over.
pub struct EventStream<T, E> {
    reader: Option<Reader<T, E>>,
    decoder: Decoder,
    /// An error or the end of the body was reported: no more events.
    over: bool,
    /// The rest of the body, when the stream reads it itself.
    source: Option<Box<dyn Source>>,
}

impl<T, E> Default for EventStream<T, E> {
    /// An empty stream.
    fn default() -> Self {
        Self { reader: None, decoder: Decoder::new(), over: false, source: None }
    }
}

impl<T, E> fmt::Debug for EventStream<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream").field("over", &self.over).finish_non_exhaustive()
    }
}

impl<T, E> EventStream<T, E> {
    /// A stream of `reader`'s events whose first bytes are `body` (all of it for a whole
    /// response; none when the client reads the body as it comes).
    pub(crate) fn from_body(reader: Reader<T, E>, body: &[u8]) -> Self {
        let mut stream = Self { reader: Some(reader), ..Self::default() };
        stream.push(body);
        stream
    }

    /// Appends bytes of the response body.
    pub fn push(&mut self, bytes: &[u8]) {
        if !self.over {
            self.decoder.push(bytes);
        }
    }

    /// The next event whose bytes have all been pushed, or `Ok(None)` when more are needed (or
    /// the stream is over). A modeled exception of the stream is its typed error.
    ///
    /// # Errors
    ///
    /// A modeled exception, an error message, or a broken frame.
    pub fn next_event(&mut self) -> Result<Option<T>, E> {
        let Some(reader) = self.reader else { return Ok(None) };
        while !self.over {
            let message = match self.decoder.next_message() {
                Ok(Some(message)) => message,
                Ok(None) => return Ok(None),
                Err(error) => return Err(self.fail(reader, broken_frame(&error))),
            };
            match (reader.read)(&message) {
                Ok(Some(event)) => return Ok(Some(event)),
                Ok(None) => continue,
                Err(error) => {
                    self.over = true;
                    return Err(error);
                }
            }
        }
        Ok(None)
    }

    /// The body ended: the stream is over.
    ///
    /// # Errors
    ///
    /// When a frame was cut off.
    pub fn end(&mut self) -> Result<(), E> {
        let Some(reader) = self.reader else { return Ok(()) };
        if self.over {
            return Ok(());
        }
        self.over = true;
        self.decoder.finish().map_err(|error| (reader.broken)(broken_frame(&error)))
    }

    /// Reads the rest of the body from `source` (see [`recv`](Self::recv)).
    pub(crate) fn set_source(&mut self, source: Box<dyn Source>) {
        self.source = Some(source);
    }

    /// The next event, reading the body as needed; `Ok(None)` after the last one. Without a
    /// body to read (a stream made from a whole response), the events already pushed.
    ///
    /// # Errors
    ///
    /// A modeled exception, an error message, a broken frame, or a body that failed or
    /// stalled.
    pub async fn recv(&mut self) -> Result<Option<T>, E> {
        std::future::poll_fn(|cx| self.poll_event(cx)).await
    }

    /// [`recv`](Self::recv) as a poll: `Pending` while the next event's bytes are on their way.
    fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<Result<Option<T>, E>> {
        loop {
            if let Some(event) = self.next_event()? {
                return Poll::Ready(Ok(Some(event)));
            }
            let (Some(reader), Some(source)) = (self.reader, self.source.as_mut()) else {
                return Poll::Ready(self.end().map(|()| None));
            };
            if self.over {
                return Poll::Ready(Ok(None));
            }
            match source.poll_chunk(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => self.push(&chunk),
                Poll::Ready(Some(Err(message))) => {
                    self.source = None;
                    return Poll::Ready(Err(self.fail(reader, broken(message))));
                }
                Poll::Ready(None) => {
                    self.source = None;
                    return Poll::Ready(self.end().map(|()| None));
                }
            }
        }
    }

    /// Ends the stream with `error`.
    pub(crate) fn fail(&mut self, reader: Reader<T, E>, error: UnhandledError) -> E {
        self.over = true;
        (reader.broken)(error)
    }

    pub(crate) fn reader(&self) -> Option<Reader<T, E>> {
        self.reader
    }

    pub(crate) fn is_over(&self) -> bool {
        self.over
    }
}

/// The events, as a stream of results; it ends after the last event or the first error.
impl<T, E> futures_core::Stream for EventStream<T, E> {
    type Item = Result<T, E>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        // `EventStream` is `Unpin` (its parts are boxed or plain data).
        let this = self.get_mut();
        this.poll_event(cx).map(Result::transpose)
    }
}

/// The error of a stream whose bytes are not a valid frame.
fn broken_frame(error: &FrameError) -> UnhandledError {
    broken(format!("invalid event stream frame: {error}"))
}

/// An [`UnhandledError`] for a stream that broke: `message` says why.
pub(crate) fn broken(message: String) -> UnhandledError {
    UnhandledError::new(200, ErrorMetadata::default()).with_parse_error(ResponseParseError::new("", message))
}

/// A string header of `message`.
pub(crate) fn header<'m>(message: &'m Message, name: &str) -> Option<&'m str> {
    message.header(name).and_then(HeaderValue::as_str)
}

/// The error of an `error` message (`:error-code`, `:error-message`) or of an exception this
/// crate does not model (its `:exception-type`, and the payload's `message` when it is JSON).
pub(crate) fn unmodeled(message: &Message) -> UnhandledError {
    let (code, text) = match header(message, ":message-type") {
        Some("exception") => {
            let payload: serde_json::Value = serde_json::from_slice(&message.payload).unwrap_or_default();
            let text = ["message", "Message"].iter().find_map(|key| payload.get(*key)?.as_str().map(str::to_owned));
            (header(message, ":exception-type").map(str::to_owned), text)
        }
        _ => (header(message, ":error-code").map(str::to_owned), header(message, ":error-message").map(str::to_owned)),
    };
    UnhandledError::new(200, ErrorMetadata { code, message: text, request_id: None })
}

/// A JSON event payload's parse error, as the stream's error.
pub(crate) fn unreadable(error: ResponseParseError) -> UnhandledError {
    UnhandledError::new(200, ErrorMetadata::default()).with_parse_error(error)
}

/// How one event-stream union's events are written (generated beside the union as `WRITER`).
pub(crate) struct Writer<T> {
    pub(crate) write: fn(&T) -> Result<Message, BuildError>,
}

impl<T> Clone for Writer<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Writer<T> {}

/// The events an input sends, in order, from any `futures_core::Stream` (or a `Vec` of them),
/// and, from [`from_results`](Self::from_results), the error that ends them.
///
/// Sans-IO: `serialize_request` gives a request whose body is this sender; read it as a
/// `futures_core::Stream` of frames, one `application/vnd.amazon.eventstream` message per
/// event, unsigned (an AWS service wants each signed: the `client` feature does that, chained
/// from the request's signature). Each event's message alone is its union's `to_message()`.
pub struct EventStreamSender<T> {
    events: Pin<Box<dyn futures_core::Stream<Item = Outgoing<T>> + Send + Sync>>,
    writer: Option<Writer<T>>,
    /// An error was sent: nothing follows it.
    ended: bool,
}

/// What an input stream sends next: an event, or the message of the error that ends it.
enum Outgoing<T> {
    Event(T),
    End(Result<Message, BuildError>),
}

/// An error an input stream can end with, as the message that tells the service so: a
/// modeled exception as an `exception` message (`:exception-type` names it), anything else as
/// an `error` message (`:error-code`, `:error-message`). Each stream's `<Union>Error` has it.
pub trait SendableError {
    /// The message (unsigned).
    ///
    /// # Errors
    ///
    /// None yet; kept for errors a later version cannot write.
    fn to_message(&self) -> Result<Message, BuildError>;
}

impl<T: 'static> EventStreamSender<T> {
    /// The events `stream` yields; the input stream ends when it does.
    pub fn from_stream(stream: impl futures_core::Stream<Item = T> + Send + Sync + 'static) -> Self {
        Self::new(Outgoings { items: Box::pin(stream), outgoing: Outgoing::Event })
    }

    /// The events `stream` yields until it yields an error: that error is sent (see
    /// [`SendableError`]) and ends the input stream.
    pub fn from_results<E: SendableError + 'static>(
        stream: impl futures_core::Stream<Item = Result<T, E>> + Send + Sync + 'static,
    ) -> Self {
        let outgoing = |item: Result<T, E>| match item {
            Ok(event) => Outgoing::Event(event),
            Err(error) => Outgoing::End(error.to_message()),
        };
        Self::new(Outgoings { items: Box::pin(stream), outgoing })
    }

    fn new<I: 'static>(items: Outgoings<I, T>) -> Self {
        Self { events: Box::pin(items), writer: None, ended: false }
    }
}

impl<T> EventStreamSender<T> {
    /// Sets how events become messages (`serialize_request` does, with the union's `WRITER`).
    pub(crate) fn with_writer(mut self, writer: Writer<T>) -> Self {
        self.writer = Some(writer);
        self
    }

    /// The next frame: the next event, written and encoded; `None` after the last one.
    fn poll_frame(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<bytes::Bytes, String>>> {
        let Some(writer) = self.writer else {
            return Poll::Ready(Some(Err(
                "the event stream has no writer (build the request with serialize_request)".to_owned()
            )));
        };
        if self.ended {
            return Poll::Ready(None);
        }
        let message = match self.events.as_mut().poll_next(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(None) => return Poll::Ready(None),
            Poll::Ready(Some(Outgoing::Event(event))) => (writer.write)(&event),
            Poll::Ready(Some(Outgoing::End(message))) => {
                self.ended = true;
                message
            }
        };
        let frame = message
            .map_err(|error| error.to_string())
            .and_then(|message| encode(&message).map_err(|error| format!("the event cannot be framed: {error}")));
        Poll::Ready(Some(frame.map(bytes::Bytes::from)))
    }
}

/// A stream's items as what the sender sends.
struct Outgoings<I, T> {
    items: Pin<Box<dyn futures_core::Stream<Item = I> + Send + Sync>>,
    outgoing: fn(I) -> Outgoing<T>,
}

impl<I, T> futures_core::Stream for Outgoings<I, T> {
    type Item = Outgoing<T>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Outgoing<T>>> {
        // `Outgoings` is `Unpin`: its stream is boxed.
        let this = self.get_mut();
        this.items.as_mut().poll_next(cx).map(|item| item.map(this.outgoing))
    }
}

/// A finite list of events.
impl<T: Send + Sync + 'static> From<Vec<T>> for EventStreamSender<T> {
    fn from(events: Vec<T>) -> Self {
        Self::from_stream(Events(events.into_iter()))
    }
}

impl<T> Default for EventStreamSender<T>
where
    T: Send + Sync + 'static,
{
    /// No events.
    fn default() -> Self {
        Self::from(Vec::new())
    }
}

impl<T> fmt::Debug for EventStreamSender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStreamSender").finish_non_exhaustive()
    }
}

/// The frames, encoded and unsigned; the stream ends after the last event, or with an event
/// that cannot be written.
impl<T> futures_core::Stream for EventStreamSender<T> {
    type Item = Result<bytes::Bytes, BuildError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut()
            .poll_frame(cx)
            .map(|frame| frame.map(|frame| frame.map_err(|error| BuildError::invalid("event", error))))
    }
}

/// The client sends the frames as they come (one chunk per message, so that it can sign each).
impl<T> Source for EventStreamSender<T> {
    fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<bytes::Bytes, String>>> {
        self.poll_frame(cx)
    }
}

/// A `Vec`'s events as a stream.
struct Events<T>(std::vec::IntoIter<T>);

// The events are never pinned in place: they are moved out as they are polled.
impl<T> Unpin for Events<T> {}

impl<T> futures_core::Stream for Events<T> {
    type Item = T;

    fn poll_next(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<T>> {
        Poll::Ready(self.get_mut().0.next())
    }
}

/// The client's signing of an input stream: each frame in a signed envelope message
/// (`:chunk-signature`, `:date`, the frame as payload), chained from the request's signature,
/// then the signed empty message that ends the stream.
#[cfg(any(feature = "client", feature = "blocking"))]
pub(crate) fn signed(frames: Box<dyn Source>, chain: super::client::EventChain) -> Box<dyn Source> {
    Box::new(SignedEvents { frames, chain, ended: false })
}

#[cfg(any(feature = "client", feature = "blocking"))]
struct SignedEvents {
    frames: Box<dyn Source>,
    chain: super::client::EventChain,
    ended: bool,
}

#[cfg(any(feature = "client", feature = "blocking"))]
impl SignedEvents {
    fn envelope(&mut self, payload: Vec<u8>) -> Result<bytes::Bytes, String> {
        let (signature, millis) = self.chain.sign(&payload);
        let headers = vec![
            Header::new(":chunk-signature", HeaderValue::ByteArray(signature)),
            Header::new(":date", HeaderValue::Timestamp(millis)),
        ];
        encode(&Message { headers, payload }).map(bytes::Bytes::from).map_err(|error| error.to_string())
    }
}

#[cfg(any(feature = "client", feature = "blocking"))]
impl Source for SignedEvents {
    fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<bytes::Bytes, String>>> {
        if self.ended {
            return Poll::Ready(None);
        }
        match self.frames.poll_chunk(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Some(Ok(frame))) => Poll::Ready(Some(self.envelope(frame.to_vec()))),
            Poll::Ready(Some(Err(error))) => {
                self.ended = true;
                Poll::Ready(Some(Err(error)))
            }
            Poll::Ready(None) => {
                self.ended = true;
                Poll::Ready(Some(self.envelope(Vec::new())))
            }
        }
    }
}

/// Finishes a request whose body is an event stream: its content type (unless a modeled
/// header set one), no length (the events are sent as they come), and the sender.
pub(crate) fn finish_request<T>(
    mut request: http::request::Builder,
    events: EventStreamSender<T>,
) -> Result<http::Request<EventStreamSender<T>>, BuildError> {
    if !request.headers_ref().is_some_and(|headers| headers.contains_key(http::header::CONTENT_TYPE)) {
        request = request.header(http::header::CONTENT_TYPE, "application/vnd.amazon.eventstream");
    }
    request.body(events).map_err(|error| BuildError::invalid("request", error.to_string()))
}

/// An `event` message: `:message-type`, `:event-type` and `:content-type` (none for an event
/// with no payload), then `headers`.
pub(crate) fn event_message(
    event_type: &str,
    content_type: Option<&str>,
    headers: Vec<Header>,
    payload: Vec<u8>,
) -> Message {
    typed_message(("event", ":event-type", event_type), content_type, headers, payload)
}

/// An `exception` message: `:message-type`, `:exception-type` and `:content-type` (none for
/// an exception with no payload), then `headers`.
pub(crate) fn exception_message(
    exception_type: &str,
    content_type: Option<&str>,
    headers: Vec<Header>,
    payload: Vec<u8>,
) -> Message {
    typed_message(("exception", ":exception-type", exception_type), content_type, headers, payload)
}

/// A message of `(message type, the header that names the member, the member)`.
fn typed_message(
    (message_type, member_header, member): (&str, &str, &str),
    content_type: Option<&str>,
    headers: Vec<Header>,
    payload: Vec<u8>,
) -> Message {
    let mut all = vec![
        Header::new(":message-type", HeaderValue::String(message_type.to_owned())),
        Header::new(member_header, HeaderValue::String(member.to_owned())),
    ];
    if let Some(content_type) = content_type {
        all.push(Header::new(":content-type", HeaderValue::String(content_type.to_owned())));
    }
    all.extend(headers);
    Message { headers: all, payload }
}

/// An `error` message for an error the model does not describe: its code and message, as far
/// as it has them.
pub(crate) fn error_message(error: &UnhandledError) -> Message {
    let mut headers = vec![Header::new(":message-type", HeaderValue::String("error".to_owned()))];
    if let Some(code) = error.code() {
        headers.push(Header::new(":error-code", HeaderValue::String(code.to_owned())));
    }
    if let Some(text) = error.message() {
        headers.push(Header::new(":error-message", HeaderValue::String(text.to_owned())));
    }
    Message { headers, payload: Vec::new() }
}

/// An event header's value as a member's type; `None` when absent, an error when of another
/// type.
pub(crate) trait FromHeader: Sized {
    fn from_header(value: &HeaderValue) -> Option<Self>;
}

impl FromHeader for String {
    fn from_header(value: &HeaderValue) -> Option<Self> {
        value.as_str().map(str::to_owned)
    }
}

impl FromHeader for bool {
    fn from_header(value: &HeaderValue) -> Option<Self> {
        match value {
            HeaderValue::Bool(value) => Some(*value),
            _ => None,
        }
    }
}

macro_rules! integer_headers {
    ($($ty:ty),*) => {$(
        impl FromHeader for $ty {
            fn from_header(value: &HeaderValue) -> Option<Self> {
                match *value {
                    HeaderValue::Byte(n) => <$ty>::try_from(n).ok(),
                    HeaderValue::Short(n) => <$ty>::try_from(n).ok(),
                    HeaderValue::Integer(n) => <$ty>::try_from(n).ok(),
                    HeaderValue::Long(n) => <$ty>::try_from(n).ok(),
                    _ => None,
                }
            }
        }
    )*};
}

integer_headers!(i8, i16, i32, i64);

/// Reads header `name` of `message` into `slot`.
pub(crate) fn read_header<T: FromHeader>(
    message: &Message,
    name: &'static str,
    slot: &mut Option<T>,
) -> Result<(), ResponseParseError> {
    if let Some(value) = message.header(name) {
        *slot = Some(T::from_header(value).ok_or_else(|| {
            ResponseParseError::new(name, format!("the event header has an unexpected type ({value:?})"))
        })?);
    }
    Ok(())
}

/// A byte-array header of `message` (a blob member).
pub(crate) fn header_bytes(message: &Message, name: &'static str) -> Result<Option<Vec<u8>>, ResponseParseError> {
    match message.header(name) {
        None => Ok(None),
        Some(HeaderValue::ByteArray(bytes)) => Ok(Some(bytes.clone())),
        Some(other) => Err(ResponseParseError::new(name, format!("the event header is not bytes ({other:?})"))),
    }
}

/// A timestamp header of `message`, in milliseconds since the epoch (a timestamp member).
pub(crate) fn header_millis(message: &Message, name: &'static str) -> Result<Option<i64>, ResponseParseError> {
    match message.header(name) {
        None => Ok(None),
        Some(HeaderValue::Timestamp(millis)) => Ok(Some(*millis)),
        Some(other) => Err(ResponseParseError::new(name, format!("the event header is not a timestamp ({other:?})"))),
    }
}

#[cfg(test)]
mod tests {
    use super::super::eventstream::{encode, Header};
    use super::*;

    #[derive(Debug, PartialEq)]
    enum Event {
        Text(String),
    }

    #[derive(Debug, PartialEq)]
    enum Error {
        Modeled(String),
        Unhandled(UnhandledError),
    }

    fn read(message: &Message) -> Result<Option<Event>, Error> {
        match (header(message, ":message-type"), header(message, ":event-type")) {
            (Some("event"), Some("initial-response")) => Ok(None),
            (Some("event"), _) => Ok(Some(Event::Text(String::from_utf8_lossy(&message.payload).into_owned()))),
            (Some("exception"), Some(_)) | (Some("exception"), None)
                if header(message, ":exception-type") == Some("modeled") =>
            {
                Err(Error::Modeled(String::from_utf8_lossy(&message.payload).into_owned()))
            }
            _ => Err(Error::Unhandled(unmodeled(message))),
        }
    }

    const READER: Reader<Event, Error> = Reader { read, broken: Error::Unhandled };

    fn frame(kind: &str, name: &str, payload: &[u8]) -> Vec<u8> {
        let (type_header, name_header) = match kind {
            "event" => (":event-type", name),
            "exception" => (":exception-type", name),
            _ => (":error-code", name),
        };
        let message = Message {
            headers: vec![
                Header::new(":message-type", HeaderValue::String(kind.to_owned())),
                Header::new(type_header, HeaderValue::String(name_header.to_owned())),
                Header::new(":error-message", HeaderValue::String("went wrong".to_owned())),
            ],
            payload: payload.to_vec(),
        };
        encode(&message).expect("encodes")
    }

    #[test]
    fn events_arrive_as_their_bytes_do() {
        let mut body = frame("event", "initial-response", b"{}");
        body.extend(frame("event", "chunk", b"one"));
        body.extend(frame("event", "chunk", b"two"));
        let mut stream = EventStream::from_body(READER, &[]);
        let mut events = Vec::new();
        for byte in &body {
            stream.push(std::slice::from_ref(byte));
            while let Some(event) = stream.next_event().expect("valid") {
                events.push(event);
            }
        }
        assert_eq!(events, [Event::Text("one".into()), Event::Text("two".into())]);
        assert_eq!(stream.end(), Ok(()));
        assert_eq!(stream.next_event(), Ok(None));
    }

    #[test]
    fn exceptions_errors_and_broken_frames_end_the_stream() {
        let mut body = frame("event", "chunk", b"one");
        body.extend(frame("exception", "modeled", b"boom"));
        body.extend(frame("event", "chunk", b"after"));
        let mut stream = EventStream::from_body(READER, &body);
        assert_eq!(stream.next_event(), Ok(Some(Event::Text("one".into()))));
        assert_eq!(stream.next_event(), Err(Error::Modeled("boom".into())));
        assert_eq!(stream.next_event(), Ok(None), "over after an error");

        let mut stream = EventStream::from_body(READER, &frame("error", "InternalFailure", b""));
        match stream.next_event() {
            Err(Error::Unhandled(error)) => {
                assert_eq!(error.code(), Some("InternalFailure"));
                assert_eq!(error.message(), Some("went wrong"));
            }
            other => panic!("{other:?}"),
        }

        let mut corrupt = frame("event", "chunk", b"one");
        let last = corrupt.len() - 1;
        corrupt[last] ^= 1;
        let mut stream = EventStream::from_body(READER, &corrupt);
        assert!(matches!(stream.next_event(), Err(Error::Unhandled(e)) if e.parse_error().is_some()));

        let cut = frame("event", "chunk", b"one");
        let mut stream = EventStream::from_body(READER, &cut[..cut.len() - 3]);
        assert_eq!(stream.next_event(), Ok(None));
        assert!(matches!(stream.end(), Err(Error::Unhandled(_))));
        assert_eq!(EventStream::<Event, Error>::default().next_event(), Ok(None));
    }

    #[test]
    fn headers_read_as_member_types() {
        let message = Message {
            headers: vec![
                Header::new("s", HeaderValue::String("text".into())),
                Header::new("n", HeaderValue::Short(7)),
                Header::new("b", HeaderValue::Bool(true)),
            ],
            payload: Vec::new(),
        };
        let (mut s, mut n, mut b, mut missing) = (None::<String>, None::<i64>, None::<bool>, None::<i32>);
        read_header(&message, "s", &mut s).expect("string");
        read_header(&message, "n", &mut n).expect("widened");
        read_header(&message, "b", &mut b).expect("bool");
        read_header(&message, "absent", &mut missing).expect("absent");
        assert_eq!((s.as_deref(), n, b, missing), (Some("text"), Some(7), Some(true), None));
        let mut wrong = None::<bool>;
        assert!(read_header(&message, "s", &mut wrong).is_err());
        let stamped = Message {
            headers: vec![
                Header::new("t", HeaderValue::Timestamp(-1500)),
                Header::new("bytes", HeaderValue::ByteArray(vec![1, 2])),
            ],
            payload: Vec::new(),
        };
        assert_eq!(header_millis(&stamped, "t"), Ok(Some(-1500)));
        assert_eq!(header_bytes(&stamped, "bytes"), Ok(Some(vec![1, 2])));
        assert_eq!(header_bytes(&stamped, "absent"), Ok(None));
        assert!(header_millis(&stamped, "bytes").is_err() && header_bytes(&stamped, "t").is_err());
    }
}
