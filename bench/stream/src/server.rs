//! The local stand-in for S3: plain HTTP/1.1 on 127.0.0.1, as cheap as it can be made so that
//! the clients are what the figures measure.
//!
//! - `GET` on any path: 200, `Content-Length: 1073741824`, an `ETag`, and a body made of one
//!   pre-built 64 KiB chunk handed out again and again (a `Bytes` clone is a reference-count
//!   increment: no allocation or copy per chunk).
//! - `PUT` on any path (`PutObject`, `UploadPart`): reads the body chunk by chunk, counts the
//!   bytes and drops them, and answers 200 with an `ETag` and an empty body, or 400 when the
//!   count is not the `Content-Length` the request said.
//! - `POST ?uploads` (`CreateMultipartUpload`): an upload id; `POST ?uploadId=…`
//!   (`CompleteMultipartUpload`): its body drained, the completed upload's result.
//!
//! Set `STREAM_BENCH_LOG=1` to see each request's head fields that matter here (how the payload
//! was signed, whether it was sent chunked) and connection errors.

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use http_body_util::BodyExt as _;
use hyper::body::Incoming;
use hyper::header::{CONTENT_LENGTH, CONTENT_TYPE, ETAG};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;

/// The size of the object every `GET` returns (and of the file the driver uploads): 1 GiB.
pub const OBJECT_SIZE: u64 = 1 << 30;

/// The server's body chunk: the size both SDKs read files in.
const CHUNK: usize = 64 * 1024;

/// Whether `STREAM_BENCH_LOG` asks for a line per request.
fn logging() -> bool {
    std::env::var_os("STREAM_BENCH_LOG").is_some_and(|value| !value.is_empty() && value != "0")
}

/// Accepts connections until the process ends, each served on its own task.
pub async fn serve(listener: tokio::net::TcpListener) -> std::io::Result<()> {
    // Not all zeros, so that nothing on the way can treat the body as special.
    let chunk = Bytes::from((0..CHUNK).map(|i| (i % 251) as u8).collect::<Vec<u8>>());
    let log = logging();
    loop {
        let (stream, _) = listener.accept().await?;
        stream.set_nodelay(true)?;
        let chunk = chunk.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| handle(request, chunk.clone(), log));
            let served = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service);
            // A client that drops its pooled connection at exit is no error worth a line.
            if let Err(error) = served.await {
                if log {
                    eprintln!("server: connection ended: {error}");
                }
            }
        });
    }
}

async fn handle(request: Request<Incoming>, chunk: Bytes, log: bool) -> Result<Response<ServerBody>, Infallible> {
    if log {
        let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("-").to_owned();
        eprintln!(
            "server: {} {} content-length={} transfer-encoding={} x-amz-content-sha256={} expect={} user-agent={}",
            request.method(),
            request.uri(),
            header("content-length"),
            header("transfer-encoding"),
            header("x-amz-content-sha256"),
            header("expect"),
            header("user-agent"),
        );
    }
    let response = match *request.method() {
        Method::GET => Response::builder()
            .header(CONTENT_LENGTH, OBJECT_SIZE)
            .header(CONTENT_TYPE, "application/octet-stream")
            .header(ETAG, "\"stream-bench-get\"")
            .body(ServerBody::Repeat { chunk, left: OBJECT_SIZE }),
        Method::PUT => {
            let said = request.headers().get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
            let mut body = request.into_body();
            let mut received = 0_u64;
            let mut failed = None;
            while let Some(frame) = body.frame().await {
                match frame {
                    Ok(frame) => received += frame.data_ref().map_or(0, |data| data.len() as u64),
                    Err(error) => {
                        failed = Some(error.to_string());
                        break;
                    }
                }
            }
            match (failed, said) {
                (Some(error), _) => {
                    eprintln!("server: PUT body failed after {received} bytes: {error}");
                    Response::builder().status(StatusCode::BAD_REQUEST).body(ServerBody::Empty)
                }
                (None, Some(said)) if said != received => {
                    eprintln!("server: PUT said Content-Length {said} but sent {received} bytes");
                    Response::builder().status(StatusCode::BAD_REQUEST).body(ServerBody::Empty)
                }
                (None, _) => Response::builder().header(ETAG, "\"stream-bench-put\"").body(ServerBody::Empty),
            }
        }
        Method::POST => {
            let query = request.uri().query().unwrap_or_default().to_owned();
            let mut body = request.into_body();
            while let Some(Ok(_)) = body.frame().await {}
            let xml = if query.split('&').any(|pair| pair == "uploads" || pair == "uploads=") {
                "<InitiateMultipartUploadResult><Bucket>stream-bench</Bucket><Key>object-1GiB</Key>\
                 <UploadId>stream-bench-upload</UploadId></InitiateMultipartUploadResult>"
            } else {
                "<CompleteMultipartUploadResult><Bucket>stream-bench</Bucket><Key>object-1GiB</Key>\
                 <ETag>\"stream-bench-multipart\"</ETag></CompleteMultipartUploadResult>"
            };
            Response::builder()
                .header(CONTENT_TYPE, "application/xml")
                .body(ServerBody::Repeat { chunk: Bytes::from_static(xml.as_bytes()), left: xml.len() as u64 })
        }
        _ => Response::builder().status(StatusCode::METHOD_NOT_ALLOWED).body(ServerBody::Empty),
    };
    Ok(response.expect("a response of static parts builds"))
}

/// A response body: the same chunk until `left` bytes are sent, or nothing.
pub enum ServerBody {
    Repeat { chunk: Bytes, left: u64 },
    Empty,
}

impl Body for ServerBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.get_mut() {
            ServerBody::Repeat { chunk, left } if *left > 0 => {
                let n = usize::try_from(*left).map_or(chunk.len(), |left| left.min(chunk.len()));
                *left -= n as u64;
                Poll::Ready(Some(Ok(Frame::data(chunk.slice(..n)))))
            }
            _ => Poll::Ready(None),
        }
    }

    fn is_end_stream(&self) -> bool {
        !matches!(self, ServerBody::Repeat { left, .. } if *left > 0)
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            ServerBody::Repeat { left, .. } => SizeHint::with_exact(*left),
            ServerBody::Empty => SizeHint::with_exact(0),
        }
    }
}
