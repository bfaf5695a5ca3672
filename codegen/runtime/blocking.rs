//! What the blocking client (the `blocking` feature) adds to `client.rs`, whose code it runs
//! as it is: signing, endpoints, retries, paginators and waiters are the async client's.
//!
//! Three pieces: [`run`], which drives one of the client's futures to its end on the calling
//! thread; [`Ureq`], the [`HttpClient`] that sends through ureq (blocking, rustls), so that
//! those futures never wait on anything but the thread itself; and [`Paginator`], the pages as
//! an `Iterator`. There is no runtime and no background thread.
#![allow(dead_code)]

use std::fmt;
use std::future::Future;
use std::io::{self, Read};
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Wake, Waker};

use bytes::Bytes;
use http_body::Body as _;
use http_body_util::BodyExt as _;

use super::client::{AttemptTimeout, BoxError, HttpClient, HttpFuture, PageToken, ResponseBody, SdkError, SendBody};

/// Runs `future` to its end on this thread. The blocking client's own futures finish at their
/// first poll (ureq and the sleeps block); one that waits on something else (a credentials
/// provider's, another [`HttpClient`]'s) parks the thread until its waker unparks it.
pub(crate) fn run<F: Future>(future: F) -> F::Output {
    /// Wakes the thread that runs the future.
    struct Unpark(std::thread::Thread);

    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }

    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut context = Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
        std::thread::park();
    }
}

/// The blocking client's default [`HttpClient`]: a ureq agent (its connection pool, rustls
/// with ring and webpki roots, HTTP/1.1). Every status is a response (the client reads error
/// responses itself), redirects are not followed (S3's 301 says which region to ask), no
/// proxy is read from the environment (as the async client), and the attempt's
/// [`AttemptTimeout`] bounds the exchange.
#[derive(Debug)]
pub(crate) struct Ureq(ureq::Agent);

/// Read from a response body at a time, at most.
const CHUNK: usize = 64 * 1024;

impl Ureq {
    pub(crate) fn new() -> Self {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .proxy(None)
            .accept(ureq::config::AutoHeaderValue::None)
            .build();
        Self(ureq::Agent::new_with_config(config))
    }

    /// One exchange: the request as the client made it, with the body a slice (in memory) or a
    /// reader (a stream), and the response body read as the caller reads it.
    fn call(&self, request: http::Request<SendBody>) -> Result<http::Response<ResponseBody>, BoxError> {
        let limit = request.extensions().get::<AttemptTimeout>().copied();
        let (mut parts, body) = request.into_parts();
        let response = match body.in_memory() {
            Some([]) => self.0.run(self.bounded(http::Request::from_parts(parts, ()), limit)),
            Some(bytes) => self.0.run(self.bounded(http::Request::from_parts(parts, bytes), limit)),
            None => {
                if let Some(length) = body.size_hint().exact() {
                    parts.headers.entry(http::header::CONTENT_LENGTH).or_insert(http::HeaderValue::from(length));
                }
                let reader = ureq::SendBody::from_owned_reader(BodyReader { body, chunk: Bytes::new() });
                self.0.run(self.bounded(http::Request::from_parts(parts, reader), limit))
            }
        };
        let response = response.map_err(|error| match error {
            ureq::Error::Timeout(_) => BoxError::from(super::client::TimedOut),
            other => BoxError::from(other),
        })?;
        let left = response
            .headers()
            .get(http::header::CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
        Ok(response.map(|body| {
            let reader = Mutex::new(body.into_reader());
            ResponseReader { reader, left, buffer: Vec::new() }.boxed()
        }))
    }

    /// `request` with the attempt's time limits: the whole exchange, or (a body that
    /// streams) each step up to the response's head.
    fn bounded<S: ureq::AsSendBody>(
        &self,
        request: http::Request<S>,
        limit: Option<AttemptTimeout>,
    ) -> http::Request<S> {
        let Some(AttemptTimeout { timeout, whole }) = limit else { return request };
        let config = self
            .0
            .configure_request(request)
            .timeout_connect(Some(timeout))
            .timeout_send_request(Some(timeout))
            .timeout_recv_response(Some(timeout));
        if whole {
            config.timeout_global(Some(timeout)).build()
        } else {
            config.build()
        }
    }
}

impl HttpClient for Ureq {
    fn send(&self, request: http::Request<SendBody>) -> HttpFuture<'_> {
        Box::pin(std::future::ready(self.call(request)))
    }
}

/// A request body that streams, read as ureq asks for it.
struct BodyReader {
    body: SendBody,
    chunk: Bytes,
}

impl Read for BodyReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let body = &mut self.body;
        read_chunks(&mut self.chunk, buf, || {
            let frame = run(std::future::poll_fn(|cx| Pin::new(&mut *body).poll_frame(cx)))?;
            Some(frame.map(|frame| frame.into_data().unwrap_or_default()))
        })
    }
}

/// `Read::read` over chunks: what is left of the last one, else the next (`next` blocks for
/// it; `None` at the end). An error of the source is the read's.
pub(crate) fn read_chunks<E>(
    chunk: &mut Bytes,
    buf: &mut [u8],
    mut next: impl FnMut() -> Option<Result<Bytes, E>>,
) -> io::Result<usize>
where
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    while chunk.is_empty() {
        match next() {
            None => return Ok(0),
            Some(Ok(more)) => *chunk = more,
            Some(Err(error)) => return Err(io::Error::other(error)),
        }
    }
    let n = buf.len().min(chunk.len());
    buf[..n].copy_from_slice(&chunk.split_to(n));
    Ok(n)
}

/// A ureq response body as an `http_body::Body`: each poll reads (blocking) what has arrived.
struct ResponseReader {
    /// Only ever used through `&mut` (the lock makes it `Sync`, as a boxed body must be).
    reader: Mutex<ureq::BodyReader<'static>>,
    /// What the `Content-Length` says is still to come.
    left: Option<u64>,
    buffer: Vec<u8>,
}

impl http_body::Body for ResponseReader {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, BoxError>>> {
        let this = self.get_mut();
        this.buffer.resize(CHUNK, 0);
        let reader = this.reader.get_mut().unwrap_or_else(PoisonError::into_inner);
        Poll::Ready(match reader.read(&mut this.buffer) {
            Ok(0) => None,
            Ok(n) => {
                this.left = this.left.map(|left| left.saturating_sub(n as u64));
                Some(Ok(http_body::Frame::data(Bytes::copy_from_slice(&this.buffer[..n]))))
            }
            Err(error) => Some(Err(error.into())),
        })
    }

    fn size_hint(&self) -> http_body::SizeHint {
        match self.left {
            Some(left) => http_body::SizeHint::with_exact(left),
            None => http_body::SizeHint::default(),
        }
    }
}

/// The pages of a `@paginated` operation, for the blocking client: the async client's
/// [`Paginator`](super::client::Paginator), each page sent when the iterator is asked for it.
/// It ends after the last page, when the service returns the token it was sent, and after an
/// error (the last item).
pub struct Paginator<I, O, E, T = String>(super::client::Paginator<I, O, E, T>);

impl<I, O, E, T> Paginator<I, O, E, T> {
    pub(crate) fn new(pages: super::client::Paginator<I, O, E, T>) -> Self {
        Self(pages)
    }
}

impl<I: fmt::Debug, O, E, T> fmt::Debug for Paginator<I, O, E, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Paginator").field(&self.0).finish()
    }
}

impl<I, O: Send, E: Send, T: PageToken> Iterator for Paginator<I, O, E, T> {
    type Item = Result<O, SdkError<E>>;

    fn next(&mut self) -> Option<Self::Item> {
        run(self.0.next_page())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_finishes_ready_futures_and_parks_for_pending_ones() {
        assert_eq!(run(async { 1 + 1 }), 2);
        // A future woken from another thread, after a while.
        let (sender, receiver) = std::sync::mpsc::channel::<Waker>();
        let waker = std::thread::spawn(move || {
            let waker = receiver.recv().expect("a waker");
            std::thread::sleep(std::time::Duration::from_millis(20));
            waker.wake();
        });
        let mut polls = 0;
        let value = run(std::future::poll_fn(|cx| {
            polls += 1;
            if polls == 1 {
                sender.send(cx.waker().clone()).expect("sent");
                Poll::Pending
            } else {
                Poll::Ready("woken")
            }
        }));
        assert_eq!((value, polls >= 2), ("woken", true));
        waker.join().expect("the waking thread");
    }
}
