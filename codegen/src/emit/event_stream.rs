//! Event-stream unions: the enum of events (`Unknown` keeps a message this version does not
//! know, whole), the stream's error enum (one variant per modeled exception), for a stream
//! that is read the `READER` that turns each `application/vnd.amazon.eventstream` message
//! into one of them, and for a stream that is sent the `WRITER` that turns each event into its
//! message.
//!
//! Messages are read as the JSON protocols send them: `:message-type` `event` with the member
//! name in `:event-type` and the event structure as the JSON payload (or, for a member marked
//! `@eventPayload`, that member as the raw payload, and `@eventHeader` members as headers);
//! `exception` with the member name in `:exception-type`; `error` with `:error-code` and
//! `:error-message`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{deprecated_attr, doc_attrs, ident, Ctx};
use crate::ir::{Binding, DocumentCodec, EventStreamDef, NamedKind, RustType, StructDef, TypeDef, UnionDef};

pub(crate) fn emit(
    def: &UnionDef,
    stream: &EventStreamDef,
    types: &[TypeDef],
    errors: &[StructDef],
    ctx: &Ctx,
) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc_attrs(def.docs.as_deref());
    let deprecated = deprecated_attr(def.deprecated.as_deref());
    let variants = super::unions::variants(def, ctx);
    // Only a stream some output reads gets a reader (the JSON protocols' framing).
    let reader =
        if def.codec.read && ctx.codec() != DocumentCodec::Query { reader(def, stream, types, ctx) } else { quote!() };
    // And a stream some input sends, a `WRITER`, and its errors' messages.
    let (writer, error_writer) = if def.codec.write && ctx.codec() == DocumentCodec::Json {
        (writer(def, types), error_writer(stream, errors))
    } else {
        (quote!(), quote!())
    };
    let error_enum = error_enum(def, stream, ctx);
    quote! {
        #docs
        #deprecated
        #[derive(Clone, PartialEq, Debug)]
        #[non_exhaustive]
        pub enum #name {
            #variants
            /// An event this version of the crate does not know: its whole message.
            Unknown(crate::event_stream::Message),
        }

        #reader

        #writer

        #error_enum

        #error_writer
    }
}

/// `WRITER` and `to_message`: an event to its `event` message.
fn writer(def: &UnionDef, types: &[TypeDef]) -> TokenStream {
    let name = ident(&def.name);
    let arms = def.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.member;
        let Some(ty) = &v.ty else {
            return quote!(Self::#variant => es::event_message(#wire, None, ::std::vec::Vec::new(), ::std::vec::Vec::new()),);
        };
        let value = if v.boxed { quote!(&**event) } else { quote!(event) };
        let def = match ty {
            RustType::Named { name, kind: NamedKind::Struct { .. } } => types.iter().find_map(|t| match t {
                TypeDef::Struct(s) if &s.name == name => Some(s),
                _ => None,
            }),
            _ => None,
        };
        let (body, uses_event) = match def {
            Some(def) => event_message(def, wire, &value, quote!(es::event_message)),
            None => (
                quote!(es::event_message(#wire, Some("application/json"), ::std::vec::Vec::new(), crate::rt::json::to_vec(#value))),
                true,
            ),
        };
        let binding = if uses_event { quote!(event) } else { quote!(_) };
        quote!(Self::#variant(#binding) => { #body })
    });
    quote! {
        impl #name {
            /// How the stream's events are written.
            pub(crate) const WRITER: crate::rt::events::Writer<Self> = crate::rt::events::Writer { write: Self::to_message };

            /// The event as its `application/vnd.amazon.eventstream` message (unsigned):
            /// `:event-type` names the member, headers hold the `@eventHeader` members and the
            /// payload the rest (as JSON) or the `@eventPayload` member. An `Unknown` event is
            /// its message as it is.
            ///
            /// # Errors
            ///
            /// None yet; kept for events a later version cannot write.
            pub fn to_message(&self) -> ::std::result::Result<crate::event_stream::Message, crate::error::BuildError> {
                use crate::rt::events as es;
                Ok(match self {
                    #(#arms)*
                    Self::Unknown(message) => message.clone(),
                })
            }
        }
    }
}

/// `SendableError` for a sent stream's `<Union>Error`: a modeled exception as its `exception`
/// message (written as an event is), anything else as an `error` message.
fn error_writer(stream: &EventStreamDef, errors: &[StructDef]) -> TokenStream {
    let name = ident(&stream.error_name);
    let arms = stream.errors.iter().map(|e| {
        let variant = ident(&e.variant);
        let value = if e.boxed { quote!(&**error) } else { quote!(error) };
        let wire = &e.wire;
        let (body, uses_error) = match errors.iter().find(|def| def.name == e.type_name) {
            Some(def) => event_message(def, wire, &value, quote!(es::exception_message)),
            None => (
                quote!(es::exception_message(#wire, Some("application/json"), ::std::vec::Vec::new(), crate::rt::json::to_vec(#value))),
                true,
            ),
        };
        let binding = if uses_error { quote!(error) } else { quote!(_) };
        quote!(Self::#variant(#binding) => { #body })
    });
    quote! {
        impl crate::event_stream::SendableError for #name {
            fn to_message(&self) -> ::std::result::Result<crate::event_stream::Message, crate::error::BuildError> {
                use crate::rt::events as es;
                Ok(match self {
                    #(#arms)*
                    Self::Unhandled(error) => es::error_message(error),
                })
            }
        }
    }
}

/// One structure event's (or exception's) message, built by `constructor` (`es::event_message`
/// or `es::exception_message`): its header members, then its payload member or its JSON; and
/// whether it reads the value (an empty structure has nothing to read).
fn event_message(def: &StructDef, wire: &str, value: &TokenStream, constructor: TokenStream) -> (TokenStream, bool) {
    let headers: Vec<TokenStream> = def
        .fields
        .iter()
        .filter(|f| f.binding == Binding::EventHeader)
        .map(|f| {
            let field = ident(&f.name);
            let member = &f.member;
            let header = match &f.ty {
                RustType::String => quote!(HeaderValue::String(value.clone())),
                RustType::Bool => quote!(HeaderValue::Bool(*value)),
                RustType::I8 => quote!(HeaderValue::Byte(*value)),
                RustType::I16 => quote!(HeaderValue::Short(*value)),
                RustType::I32 => quote!(HeaderValue::Integer(*value)),
                RustType::I64 => quote!(HeaderValue::Long(*value)),
                RustType::Blob => quote!(HeaderValue::ByteArray(value.as_bytes().to_vec())),
                RustType::DateTime(_) => quote! {
                    HeaderValue::Timestamp(value.secs().saturating_mul(1000).saturating_add(i64::from(value.subsec_nanos() / 1_000_000)))
                },
                _ => return quote!(),
            };
            if f.optional {
                quote! {
                    if let Some(value) = &#value.#field {
                        headers.push(Header::new(#member, #header));
                    }
                }
            } else {
                quote! {
                    let value = &#value.#field;
                    headers.push(Header::new(#member, #header));
                }
            }
        })
        .collect();
    let (content_type, payload) = match def.fields.iter().find(|f| f.binding == Binding::EventPayload) {
        Some(f) => {
            let field = ident(&f.name);
            let (default_type, bytes) = match &f.ty {
                RustType::Blob => ("application/octet-stream", quote!(value.as_bytes().to_vec())),
                RustType::String => ("text/plain", quote!(value.as_bytes().to_vec())),
                _ => ("application/json", quote!(crate::rt::json::to_vec(value))),
            };
            let content_type = f.media_type.clone().unwrap_or_else(|| default_type.to_owned());
            let payload = match (f.optional, f.boxed) {
                (true, true) => quote!(#value.#field.as_deref().map(|value| #bytes).unwrap_or_default()),
                (true, false) => quote!(#value.#field.as_ref().map(|value| #bytes).unwrap_or_default()),
                (false, _) => quote!({ let value = &#value.#field; #bytes }),
            };
            (quote!(Some(#content_type)), payload)
        }
        // Members in the JSON payload; an event of headers alone has no payload at all.
        None if def.fields.iter().any(|f| f.binding == Binding::Body) => {
            (quote!(Some("application/json")), quote!(crate::rt::json::to_vec(#value)))
        }
        None => (quote!(None), quote!(::std::vec::Vec::new())),
    };
    let uses_event =
        !headers.is_empty() || def.fields.iter().any(|f| matches!(f.binding, Binding::EventPayload | Binding::Body));
    let mutable = if headers.is_empty() { quote!() } else { quote!(mut) };
    let uses = if headers.is_empty() {
        quote!()
    } else {
        quote!(
            use crate::event_stream::{Header, HeaderValue};
        )
    };
    let message = quote! {
        #uses
        let #mutable headers = ::std::vec::Vec::new();
        #(#headers)*
        #constructor(#wire, #content_type, headers, #payload)
    };
    (message, uses_event)
}

/// `READER` and `read_event`: a message to an event, to `None` (`initial-response`), or to the
/// stream's error.
fn reader(def: &UnionDef, stream: &EventStreamDef, types: &[TypeDef], ctx: &Ctx) -> TokenStream {
    let error = ident(&stream.error_name);
    let arms = def.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.member;
        let value = match &v.ty {
            None => return quote!(Some(#wire) => Self::#variant,),
            Some(ty) => event_value(ty, types, ctx),
        };
        let value = if v.boxed { quote!(::std::boxed::Box::new(#value)) } else { value };
        quote!(Some(#wire) => Self::#variant(#value),)
    });
    let exception_arms = stream.errors.iter().map(|e| {
        let variant = ident(&e.variant);
        let wire = &e.wire;
        let wrap = if e.boxed {
            quote!(.map(|error| Self::#variant(::std::boxed::Box::new(error))))
        } else {
            quote!(.map(Self::#variant))
        };
        let parse = parse_payload(None, ctx);
        quote!(Some(#wire) => #parse #wrap,)
    });
    let read_exception = if stream.errors.is_empty() {
        quote!(Self::Unhandled(crate::rt::events::unmodeled(message)))
    } else {
        quote! {
            let parsed = match crate::rt::events::header(message, ":exception-type") {
                #(#exception_arms)*
                _ => return Self::Unhandled(crate::rt::events::unmodeled(message)),
            };
            parsed.unwrap_or_else(|error| Self::Unhandled(crate::rt::events::unreadable(error)))
        }
    };
    let name = ident(&def.name);
    quote! {
        impl #name {
            /// How the stream's messages are read.
            pub(crate) const READER: crate::rt::events::Reader<Self, #error> =
                crate::rt::events::Reader { read: Self::read_event, broken: #error::Unhandled };

            /// The event `message` holds (`None` for the `initial-response` of an RPC
            /// protocol), or the stream's error.
            fn read_event(
                message: &crate::event_stream::Message,
            ) -> ::std::result::Result<::std::option::Option<Self>, #error> {
                match crate::rt::events::header(message, ":message-type") {
                    Some("event") => Self::read_payload(message)
                        .map_err(|error| #error::Unhandled(crate::rt::events::unreadable(error))),
                    Some("exception") => Err(#error::read_exception(message)),
                    _ => Err(#error::Unhandled(crate::rt::events::unmodeled(message))),
                }
            }

            /// The event of an `event` message, by its `:event-type`.
            fn read_payload(
                message: &crate::event_stream::Message,
            ) -> ::std::result::Result<::std::option::Option<Self>, crate::error::ResponseParseError> {
                use crate::rt::events as es;
                Ok(Some(match es::header(message, ":event-type") {
                    Some("initial-response") => return Ok(None),
                    #(#arms)*
                    Some(_) => Self::Unknown(message.clone()),
                    // Missing, or not a string: a broken message, not an unknown event.
                    None => return Err(crate::error::ResponseParseError::new(":event-type", "the event has no string `:event-type` header")),
                }))
            }
        }

        impl #error {
            /// The error an `exception` message holds: the modeled exception its
            /// `:exception-type` names, else an unhandled error.
            fn read_exception(message: &crate::event_stream::Message) -> Self {
                #read_exception
            }
        }
    }
}

/// A message's payload read as `ty` (inferred when `None`) by the protocol's document codec: a
/// `Result<T, ResponseParseError>`. restXml's events carry XML documents (S3's
/// `SelectObjectContent`), the JSON protocols' JSON.
fn parse_payload(ty: Option<&TokenStream>, ctx: &Ctx) -> TokenStream {
    let turbofish = ty.map(|ty| quote!(::<#ty>));
    match ctx.codec() {
        DocumentCodec::Json => quote!(crate::rt::response::parse_json #turbofish (&message.payload)),
        DocumentCodec::Xml | DocumentCodec::Query => {
            quote!(crate::rt::xml::from_root #turbofish (&message.payload, None))
        }
    }
}

/// The expression reading one event (a `Result<T, ResponseParseError>` unwrapped with `?`).
fn event_value(ty: &RustType, types: &[TypeDef], ctx: &Ctx) -> TokenStream {
    let ty_tokens = ctx.ty(ty);
    let def = match ty {
        RustType::Named { name, kind: NamedKind::Struct { .. } } => types.iter().find_map(|t| match t {
            TypeDef::Struct(s) if &s.name == name => Some(s),
            _ => None,
        }),
        _ => None,
    };
    match def {
        Some(def) if def.fields.iter().any(|f| matches!(f.binding, Binding::EventHeader | Binding::EventPayload)) => {
            bound_event(def, &ty_tokens, ctx)
        }
        _ => {
            let parse = parse_payload(Some(&ty_tokens), ctx);
            quote!(#parse?)
        }
    }
}

/// An event with members in the message's headers or as its whole payload.
fn bound_event(def: &StructDef, ty: &TokenStream, ctx: &Ctx) -> TokenStream {
    // The payload member is set in the literal; without one, the payload is the JSON body.
    let start = match def.fields.iter().find(|f| f.binding == Binding::EventPayload) {
        Some(f) => {
            let field = ident(&f.name);
            let member = &f.member;
            let value = match &f.ty {
                RustType::Blob => quote!(crate::primitives::Blob::new(message.payload.clone())),
                RustType::String => quote! {
                    ::std::string::String::from_utf8(message.payload.clone())
                        .map_err(|_| crate::error::ResponseParseError::new(#member, "the payload is not valid UTF-8"))?
                },
                other => {
                    let other = ctx.ty(other);
                    let parse = parse_payload(Some(&other), ctx);
                    quote!(#parse?)
                }
            };
            let value = if f.boxed { quote!(::std::boxed::Box::new(#value)) } else { value };
            let value = if f.optional { quote!(Some(#value)) } else { value };
            quote!(#ty { #field: #value, ..::std::default::Default::default() })
        }
        None => {
            let parse = parse_payload(Some(ty), ctx);
            quote!(#parse?)
        }
    };
    let headers: Vec<TokenStream> = def
        .fields
        .iter()
        .filter(|f| f.binding == Binding::EventHeader)
        .map(|f| {
            let field = ident(&f.name);
            let member = &f.member;
            // Blobs and timestamps through their runtime types; the rest by `FromHeader`.
            let converted = match &f.ty {
                RustType::Blob => Some(quote!(es::header_bytes(message, #member)?.map(crate::primitives::Blob::new))),
                RustType::DateTime(_) => Some(quote! {
                    es::header_millis(message, #member)?.map(|millis| {
                        crate::primitives::DateTime::from_secs_and_nanos(
                            millis.div_euclid(1000),
                            (millis.rem_euclid(1000) * 1_000_000) as u32,
                        )
                    })
                }),
                _ => None,
            };
            match (converted, f.optional) {
                (Some(value), true) => quote!(event.#field = #value;),
                (Some(value), false) => quote!(event.#field = #value.unwrap_or_default();),
                (None, true) => quote!(es::read_header(message, #member, &mut event.#field)?;),
                (None, false) => {
                    let value_ty = ctx.ty(&f.ty);
                    quote! {
                        let mut value: ::std::option::Option<#value_ty> = None;
                        es::read_header(message, #member, &mut value)?;
                        event.#field = value.unwrap_or_default();
                    }
                }
            }
        })
        .collect();
    if headers.is_empty() {
        return start;
    }
    quote! {{
        let mut event = #start;
        #(#headers)*
        event
    }}
}

/// `<Union>Error`: the stream's modeled exceptions, and `Unhandled` for anything else (an
/// `error` message, an unmodeled exception, a broken frame or body).
fn error_enum(def: &UnionDef, stream: &EventStreamDef, ctx: &Ctx) -> TokenStream {
    let name = ident(&stream.error_name);
    let doc = format!(" The errors a [`{}`] stream can end with.", def.name);
    let variants = stream.errors.iter().map(|e| {
        let variant = ident(&e.variant);
        let mut ty = ctx.named(&e.type_name, NamedKind::Error { validates: false });
        if e.boxed {
            let boxed = ctx.std("Box");
            ty = quote!(#boxed<#ty>);
        }
        quote!(#variant(#ty),)
    });
    let parts_arms = stream.errors.iter().map(|e| {
        let variant = ident(&e.variant);
        if e.boxed {
            quote!(Self::#variant(error) => &**error,)
        } else {
            quote!(Self::#variant(error) => error,)
        }
    });
    let methods = super::operation::error_enum_methods(&name, quote!(), quote!(#(#parts_arms)*), ctx);
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// An error the model does not describe: an `error` message, an exception this
            /// version does not know, or a stream that broke (a bad frame, a cut-off body).
            Unhandled(crate::error::UnhandledError),
        }

        #methods
    }
}
