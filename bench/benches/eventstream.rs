//! Criterion benchmark: decoding `application/vnd.amazon.eventstream` frames, ours (the frame
//! codec every generated crate with event streams carries, here through `s3_all::event_stream`)
//! against aws-smithy-eventstream (the official SDK's), on the same bytes.
//!
//! Two bodies, each decoded into owned messages two ways:
//! - `small`: 10,000 events as a chat model streams them (three string headers, a JSON payload
//!   of about 120 bytes);
//! - `large`: 1,000 audio events of 16 KiB each (two headers, a binary payload).
//!
//! - `streamed/…`: the body arrives in 16 KiB chunks, as a response body does. `ours` pushes each
//!   into a `Decoder` and takes the messages that are complete; `official` does what smithy-rs's
//!   event-stream receiver does: each chunk into a `bytes_utils::SegmentedBuf`, then
//!   `MessageFrameDecoder::decode_frame` until it is incomplete;
//! - `whole/…`: the whole body at once. `ours` reads it in place with `event_stream::messages`,
//!   `ours-pushed` pushes it into a `Decoder` (which copies it first); `official` reads every
//!   message from the slice with `read_message_from` (no copy of the body).
//!
//! Both check both CRCs. Criterion reports throughput in bytes of frames per second.

use std::hint::black_box;

use aws_smithy_eventstream::frame::{read_message_from, DecodedFrame, MessageFrameDecoder};
use bytes::{Buf as _, Bytes};
use bytes_utils::SegmentedBuf;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use s3_all::event_stream::{encode, messages, Decoder, Header, HeaderValue, Message};

fn text(value: &str) -> HeaderValue {
    HeaderValue::String(value.to_owned())
}

fn body(count: usize, large: bool) -> Vec<u8> {
    let mut body = Vec::new();
    for index in 0..count {
        let message = if large {
            Message {
                headers: vec![Header::new(":message-type", text("event")), Header::new(":event-type", text("AudioEvent"))],
                payload: (0..16 * 1024).map(|i| (i * 7 + index) as u8).collect(),
            }
        } else {
            Message {
                headers: vec![
                    Header::new(":message-type", text("event")),
                    Header::new(":event-type", text("contentBlockDelta")),
                    Header::new(":content-type", text("application/json")),
                ],
                payload: format!(
                    r#"{{"contentBlockIndex":0,"delta":{{"text":"token {index} of the reply, as it is generated"}},"p":"abcdefgh"}}"#
                )
                .into_bytes(),
            }
        };
        body.extend(encode(&message).expect("encodes"));
    }
    body
}

fn ours(body: &[u8]) -> usize {
    let mut count = 0;
    for message in messages(body) {
        black_box(&message.expect("valid frames"));
        count += 1;
    }
    count
}

/// A whole body pushed into a `Decoder` at once (which copies it first).
fn ours_pushed(body: &[u8]) -> usize {
    let mut decoder = Decoder::new();
    decoder.push(body);
    let mut count = 0;
    while let Some(message) = decoder.next_message().expect("valid frames") {
        black_box(&message);
        count += 1;
    }
    count
}

fn official(body: &[u8]) -> usize {
    let mut buffer = body;
    let mut count = 0;
    while buffer.has_remaining() {
        let message = read_message_from(&mut buffer).expect("valid frames");
        black_box(&message);
        count += 1;
    }
    count
}

/// The chunk size of the streamed cases.
const CHUNK: usize = 16 * 1024;

fn ours_streamed(chunks: &[Bytes]) -> usize {
    let mut decoder = Decoder::new();
    let mut count = 0;
    for chunk in chunks {
        decoder.push(chunk);
        while let Some(message) = decoder.next_message().expect("valid frames") {
            black_box(&message);
            count += 1;
        }
    }
    decoder.finish().expect("whole frames");
    count
}

fn official_streamed(chunks: &[Bytes]) -> usize {
    let mut decoder = MessageFrameDecoder::new();
    let mut buffer = SegmentedBuf::new();
    let mut count = 0;
    for chunk in chunks {
        buffer.push(chunk.clone());
        while let DecodedFrame::Complete(message) = decoder.decode_frame(&mut buffer).expect("valid frames") {
            black_box(&message);
            count += 1;
        }
    }
    assert_eq!(buffer.remaining(), 0, "whole frames");
    count
}

fn decode(c: &mut Criterion) {
    for (name, count, large) in [("small", 10_000, false), ("large", 1_000, true)] {
        let body = body(count, large);
        let chunks: Vec<Bytes> = body.chunks(CHUNK).map(Bytes::copy_from_slice).collect();
        assert_eq!(ours(&body), count);
        assert_eq!(ours_pushed(&body), count);
        assert_eq!(official(&body), count);
        assert_eq!(ours_streamed(&chunks), count);
        assert_eq!(official_streamed(&chunks), count);
        let mut group = c.benchmark_group(format!("eventstream/streamed/{name}"));
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_function("ours", |b| b.iter(|| ours_streamed(black_box(&chunks))));
        group.bench_function("official", |b| b.iter(|| official_streamed(black_box(&chunks))));
        group.finish();
        let mut group = c.benchmark_group(format!("eventstream/whole/{name}"));
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_function("ours", |b| b.iter(|| ours(black_box(&body))));
        group.bench_function("ours-pushed", |b| b.iter(|| ours_pushed(black_box(&body))));
        group.bench_function("official", |b| b.iter(|| official(black_box(&body))));
        group.finish();
    }
}

criterion_group!(benches, decode);
criterion_main!(benches);
