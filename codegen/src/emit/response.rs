//! Reading the members a REST response (restJson1, restXml) carries outside the body
//! document: headers, prefix headers, the status code and payloads.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, Ctx};
use crate::ir::{Binding, FieldDef, NamedKind, RustType, StructDef};
use crate::model::traits::TimestampFormat;

/// The parts of the response the fill statements read.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Reads {
    pub(crate) status: bool,
    pub(crate) headers: bool,
    pub(crate) body: bool,
}

/// Whether a structure has members outside the JSON body.
pub(crate) fn has_http_members(def: &StructDef) -> bool {
    def.fields.iter().any(|f| f.binding != Binding::Body)
}

/// Whether one member is the whole payload (the JSON body then holds no members).
pub(crate) fn has_payload(def: &StructDef) -> bool {
    def.fields.iter().any(|f| f.binding == Binding::Payload)
}

/// Statements assigning `target.<field>` for every non-body member from
/// `status: u16`, `headers: &HeaderMap` and `body: &[u8]`; `?` on a
/// `ResponseParseError`.
pub(crate) fn fill(def: &StructDef, target: &TokenStream, ctx: &Ctx) -> (TokenStream, Reads) {
    let mut reads = Reads::default();
    let mut out = TokenStream::new();
    for field in &def.fields {
        let name = ident(&field.name);
        let member = &field.member;
        let value = match &field.binding {
            Binding::Body
            | Binding::Label
            | Binding::Query(_)
            | Binding::QueryParams
            | Binding::Endpoint
            | Binding::EventHeader
            | Binding::EventPayload => continue,
            Binding::Header(header) => {
                reads.headers = true;
                match &field.ty {
                    RustType::String if field.media_type.is_some() => {
                        quote!(crate::rt::response::header_with(headers, #header, #member, crate::rt::blob::decode_base64_text)?)
                    }
                    RustType::String => quote!(crate::rt::response::header_text(headers, #header, #member)?),
                    RustType::List(element) if matches!(**element, RustType::DateTime(TimestampFormat::HttpDate)) => {
                        let parse = parse_fn(element, ctx);
                        quote!(crate::rt::response::header_http_date_list(headers, #header, #member, #parse)?)
                    }
                    RustType::List(element) => {
                        let parse = parse_fn(element, ctx);
                        quote!(crate::rt::response::header_list_with(headers, #header, #member, #parse)?)
                    }
                    ty => {
                        let parse = parse_fn(ty, ctx);
                        quote!(crate::rt::response::header_with(headers, #header, #member, #parse)?)
                    }
                }
            }
            Binding::PrefixHeaders(prefix) => {
                reads.headers = true;
                quote!(crate::rt::response::prefix_headers(headers, #prefix, #member)?)
            }
            Binding::ResponseCode => {
                reads.status = true;
                quote!(Some(status.into()))
            }
            // `deserialize_response` hands the output the body itself.
            Binding::Payload if matches!(field.ty, RustType::ByteStream { .. }) => continue,
            Binding::Payload => {
                reads.body = true;
                payload_value(field, ctx)
            }
        };
        if field.optional || matches!(field.ty, RustType::EventStream { .. }) {
            out.extend(quote!(#target.#name = #value;));
        } else if field.binding == Binding::ResponseCode {
            // A required status member: the status itself (clippy's `unnecessary_literal_unwrap`).
            out.extend(quote!(#target.#name = status.into();));
        } else if field.binding == Binding::Payload && field.ty == RustType::Blob {
            // An empty body is the empty blob (clippy's `obfuscated_if_else` for `then().unwrap_or_default()`).
            out.extend(quote!(#target.#name = crate::primitives::Blob::new(body);));
        } else {
            out.extend(quote!(#target.#name = #value.unwrap_or_default();));
        }
    }
    (out, reads)
}

/// A `Fn(&str) -> Result<T, impl Display>` for one header value.
pub(crate) fn parse_fn(ty: &RustType, ctx: &Ctx) -> TokenStream {
    match ty {
        RustType::String => quote!(|text: &str| Ok::<_, ::std::convert::Infallible>(text.to_owned())),
        RustType::Named { kind: NamedKind::Enum, .. } => {
            let ty = ctx.ty(ty);
            quote!(|text: &str| Ok::<_, ::std::convert::Infallible>(#ty::from(text)))
        }
        // The IR resolved the format for the location (headers: http-date).
        RustType::DateTime(format) => match format {
            TimestampFormat::DateTime => quote!(crate::primitives::DateTime::parse_date_time),
            TimestampFormat::HttpDate => quote!(crate::primitives::DateTime::parse_http_date),
            TimestampFormat::EpochSeconds => quote!(crate::primitives::DateTime::parse_epoch_seconds),
        },
        other => {
            let ty = ctx.ty(other);
            quote!(str::parse::<#ty>)
        }
    }
}

/// The payload member's value (an `Option`) from `body`.
fn payload_value(field: &FieldDef, ctx: &Ctx) -> TokenStream {
    let member = &field.member;
    match &field.ty {
        // The events read so far (all of them for a whole body; the client streams the rest).
        RustType::EventStream { union, .. } => {
            let union = ctx.named(union, NamedKind::Union);
            quote!(crate::event_stream::EventStream::from_body(#union::READER, body))
        }
        RustType::Blob => quote!((!body.is_empty()).then(|| crate::primitives::Blob::new(body))),
        RustType::String => quote! {
            match body {
                [] => None,
                bytes => Some(
                    ::std::string::String::from_utf8(bytes.to_vec())
                        .map_err(|_| crate::error::ResponseParseError::new(#member, "the body is not valid UTF-8"))?,
                ),
            }
        },
        RustType::Named { kind: NamedKind::Enum, .. } => {
            let ty = ctx.ty(&field.ty);
            quote! {
                match ::std::str::from_utf8(body) {
                    Ok("") => None,
                    Ok(text) => Some(#ty::from(text)),
                    Err(_) => return Err(crate::error::ResponseParseError::new(#member, "the body is not valid UTF-8")),
                }
            }
        }
        _ => {
            let parse = super::protocol::parse_payload(quote!(body), ctx);
            quote! {
                if body.iter().all(u8::is_ascii_whitespace) {
                    None
                } else {
                    Some(#parse?)
                }
            }
        }
    }
}
