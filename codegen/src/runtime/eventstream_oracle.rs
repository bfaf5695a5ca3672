//! `runtime/eventstream.rs` against aws-smithy-eventstream (the AWS SDK for Rust's codec), in
//! both directions, on hundreds of messages with every header type: the two must write the same
//! bytes and read each other's frames to the same message, and must agree on which corrupted
//! frames are valid.

use aws_smithy_eventstream::frame::{read_message_from, write_message_to};
use aws_smithy_types::event_stream as theirs;
use aws_smithy_types::DateTime;

use super::eventstream::{encode, Decoder, FrameError, Header, HeaderProblem, HeaderValue, Message};

use super::random::Random;

const EVENT_TYPES: &[&str] = &["Chunk", "TranscriptEvent", "Records", "End", "initial-response"];

fn message(random: &mut Random) -> Message {
    let mut headers = vec![
        Header::new(":message-type", HeaderValue::String("event".into())),
        Header::new(":event-type", HeaderValue::String(EVENT_TYPES[random.below(EVENT_TYPES.len())].into())),
    ];
    for kind in 0..random.below(12) {
        let name = match random.below(8) {
            0 => "n".repeat(255),
            1 => random.text(1, 1),
            _ => random.text(1, 20),
        };
        // The first ten headers are of each type in turn, so that most messages have them all.
        let kind = if kind < 10 { kind } else { random.below(10) };
        let value = match kind {
            0 => HeaderValue::Bool(true),
            1 => HeaderValue::Bool(false),
            2 => HeaderValue::Byte(random.number() as i8),
            3 => HeaderValue::Short(random.number() as i16),
            4 => HeaderValue::Integer(random.number() as i32),
            5 => HeaderValue::Long(random.number()),
            6 => HeaderValue::ByteArray(random.bytes(40)),
            7 if random.below(20) == 0 => HeaderValue::String("x".repeat(i16::MAX as usize)),
            7 => HeaderValue::String(random.text(0, 29)),
            8 => HeaderValue::Timestamp(random.number()),
            _ => {
                let uuid = [random.next().to_be_bytes(), random.next().to_be_bytes()].concat();
                HeaderValue::Uuid(uuid.try_into().expect("16 bytes"))
            }
        };
        headers.push(Header::new(name, value));
    }
    let payload = match random.below(10) {
        0 => Vec::new(),
        1 => random.bytes(70_000),
        _ => random.bytes(300),
    };
    Message { headers, payload }
}

fn to_theirs(message: &Message) -> theirs::Message {
    let headers = message
        .headers
        .iter()
        .map(|header| {
            let value = match &header.value {
                HeaderValue::Bool(value) => theirs::HeaderValue::Bool(*value),
                HeaderValue::Byte(value) => theirs::HeaderValue::Byte(*value),
                HeaderValue::Short(value) => theirs::HeaderValue::Int16(*value),
                HeaderValue::Integer(value) => theirs::HeaderValue::Int32(*value),
                HeaderValue::Long(value) => theirs::HeaderValue::Int64(*value),
                HeaderValue::ByteArray(value) => theirs::HeaderValue::ByteArray(value.clone().into()),
                HeaderValue::String(value) => theirs::HeaderValue::String(value.clone().into()),
                HeaderValue::Timestamp(millis) => theirs::HeaderValue::Timestamp(DateTime::from_millis(*millis)),
                HeaderValue::Uuid(value) => theirs::HeaderValue::Uuid(u128::from_be_bytes(*value)),
            };
            theirs::Header::new(header.name.clone(), value)
        })
        .collect();
    theirs::Message::new_from_parts(headers, message.payload.clone())
}

fn from_theirs(message: &theirs::Message) -> Message {
    let headers = message
        .headers()
        .iter()
        .map(|header| {
            let value = match header.value() {
                theirs::HeaderValue::Bool(value) => HeaderValue::Bool(*value),
                theirs::HeaderValue::Byte(value) => HeaderValue::Byte(*value),
                theirs::HeaderValue::Int16(value) => HeaderValue::Short(*value),
                theirs::HeaderValue::Int32(value) => HeaderValue::Integer(*value),
                theirs::HeaderValue::Int64(value) => HeaderValue::Long(*value),
                theirs::HeaderValue::ByteArray(value) => HeaderValue::ByteArray(value.to_vec()),
                theirs::HeaderValue::String(value) => HeaderValue::String(value.as_str().to_owned()),
                theirs::HeaderValue::Timestamp(time) => {
                    HeaderValue::Timestamp(time.to_millis().expect("read from epoch milliseconds"))
                }
                theirs::HeaderValue::Uuid(value) => HeaderValue::Uuid(value.to_be_bytes()),
                other => panic!("a header value type this test does not know: {other:?}"),
            };
            Header::new(header.name().as_str(), value)
        })
        .collect();
    Message { headers, payload: message.payload().to_vec() }
}

fn decode_ours(frame: &[u8]) -> Result<Option<Message>, FrameError> {
    let mut decoder = Decoder::new();
    decoder.push(frame);
    let message = decoder.next_message()?;
    decoder.finish()?;
    Ok(message)
}

#[test]
fn both_codecs_write_the_same_frames_and_read_each_other_s() {
    let mut random = Random(0x0123_4567_89ab_cdef);
    let mut types = [false; 10];
    for round in 0..400 {
        let ours = message(&mut random);
        for header in &ours.headers {
            types[match header.value {
                HeaderValue::Bool(true) => 0,
                HeaderValue::Bool(false) => 1,
                HeaderValue::Byte(_) => 2,
                HeaderValue::Short(_) => 3,
                HeaderValue::Integer(_) => 4,
                HeaderValue::Long(_) => 5,
                HeaderValue::ByteArray(_) => 6,
                HeaderValue::String(_) => 7,
                HeaderValue::Timestamp(_) => 8,
                HeaderValue::Uuid(_) => 9,
            }] = true;
        }
        let frame = encode(&ours).expect("ours encodes");
        let mut their_frame = Vec::new();
        write_message_to(&to_theirs(&ours), &mut their_frame).expect("theirs encodes");
        assert_eq!(frame, their_frame, "round {round}");

        let read = read_message_from(&frame[..]).expect("theirs reads our frame");
        assert_eq!(from_theirs(&read), ours, "round {round}");
        assert_eq!(decode_ours(&their_frame), Ok(Some(ours)), "round {round}");
    }
    assert_eq!(types, [true; 10]);
}

#[test]
fn both_codecs_accept_and_reject_the_same_corrupted_frames() {
    let mut random = Random(0xfeed_f00d_dead_beef);
    let (mut accepted, mut rejected) = (0, 0);
    for round in 0..3000 {
        let mut frame = encode(&message(&mut random)).expect("encodes");
        // Bytes of the headers and payload changed, the CRCs made right again, so that both
        // codecs read the headers; the lengths are left as they were.
        let headers_end = 12 + u32::from_be_bytes([frame[4], frame[5], frame[6], frame[7]]) as usize;
        for _ in 0..random.below(3) + 1 {
            let index = 12 + random.below(headers_end - 12 + 8).min(frame.len() - 17);
            frame[index] = match random.below(3) {
                0 => frame[index] ^ 0x80,
                1 => random.below(12) as u8,
                _ => random.next() as u8,
            };
        }
        let crc = crc32fast::hash(&frame[..8]);
        frame[8..12].copy_from_slice(&crc.to_be_bytes());
        let end = frame.len() - 4;
        let crc = crc32fast::hash(&frame[..end]);
        frame[end..].copy_from_slice(&crc.to_be_bytes());

        match (decode_ours(&frame), read_message_from(&frame[..])) {
            (Ok(Some(ours)), Ok(read)) => {
                assert_eq!(ours, from_theirs(&read), "round {round}");
                accepted += 1;
            }
            (Err(_), Err(_)) => rejected += 1,
            // The specification wants names of at least one byte; aws-smithy-eventstream reads
            // empty ones.
            (Err(FrameError::Header { problem: HeaderProblem::EmptyName, .. }), Ok(_)) => rejected += 1,
            (ours, read) => panic!("round {round}: ours {ours:?}, theirs {read:?}"),
        }
    }
    assert!(accepted > 300 && rejected > 300, "{accepted} accepted, {rejected} rejected");
}
