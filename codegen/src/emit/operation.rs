//! One module per operation: its input, output and error types, and the two
//! sans-IO functions that turn an input into an `http::Request` and an
//! `http::Response` into the output or the error (restJson1).

use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::structure::{body_fields, emit_builder, emit_struct};
use super::{deprecated_attr, doc_attrs, ident, inner_doc_attrs, Ctx, FileContent, Module};
use crate::ir::{Binding, FieldDef, NamedKind, OperationDef, PathSegment, RustCrate, RustType};
use crate::model::traits::TimestampFormat;

pub(crate) fn emit_all(krate: &RustCrate) -> Vec<(PathBuf, FileContent)> {
    let mut files = Vec::new();
    let modules = krate.operations.iter().map(|op| {
        let module = ident(&op.module);
        let doc = format!(" `{}`: {}", op.name, request_line(op));
        quote!(#[doc = #doc] pub mod #module;)
    });
    let inception = if krate.operations.iter().any(|op| op.module == "operation") {
        quote!(#![allow(clippy::module_inception)])
    } else {
        quote!()
    };
    files.push((
        PathBuf::from("src/operation.rs"),
        FileContent::Rust(quote! {
            #![doc = " The operations, one module each: input, output, error, and the functions"]
            #![doc = " that build the HTTP request and read the HTTP response."]
            #inception
            #(#modules)*
        }),
    ));
    for op in &krate.operations {
        let file = format!("src/operation/{}.rs", op.module.strip_prefix("r#").unwrap_or(&op.module));
        files.push((PathBuf::from(file), FileContent::Rust(emit_operation(op, krate))));
    }
    files
}

fn emit_operation(op: &OperationDef, krate: &RustCrate) -> TokenStream {
    let builder_names = [format!("{}Builder", op.input.name), format!("{}Builder", op.output.name)];
    let local = [op.input.name.as_str(), op.output.name.as_str(), op.error_name.as_str()]
        .into_iter()
        .chain(builder_names.iter().map(String::as_str));
    let ctx = Ctx::new(krate, Module::Operation, local);
    let mut module_docs = op.docs.clone().unwrap_or_else(|| format!("The `{}` operation.", op.name));
    module_docs.push_str(&format!("\n\nHTTP request: {}.", request_line(op).replacen(", ", " with ", 1)));
    let module_docs = inner_doc_attrs(&module_docs);
    let input = emit_struct(&op.input, &ctx);
    let input_builder = emit_builder(&op.input, &ctx);
    let output = emit_struct(&op.output, &ctx);
    let output_builder = emit_builder(&op.output, &ctx);
    let error = emit_error_enum(op, krate, &ctx);
    let serialize = emit_serialize(op, &ctx);
    let host_prefix = emit_host_prefix(op, &ctx);
    let deserialize = emit_deserialize(op, &ctx);
    let client = super::client::operation_impl(op, krate, &ctx);
    quote! {
        #module_docs
        #serialize
        #host_prefix
        #deserialize
        #input
        #input_builder
        #output
        #output_builder
        #error
        #client
    }
}

/// The request line for docs: `` `GET /x` ``, `` `POST /`, `X-Amz-Target: S.Op` `` or
/// `` `POST /`, `Action=Op` ``.
fn request_line(op: &OperationDef) -> String {
    if op.protocol.uses_http_bindings() {
        format!("`{} {}`", op.method, op.uri_pattern)
    } else if op.protocol.codec() == crate::ir::DocumentCodec::Json {
        format!("`POST /`, `X-Amz-Target: {}`", op.target)
    } else {
        format!("`POST /`, `Action={}`", op.name)
    }
}

fn emit_error_enum(op: &OperationDef, krate: &RustCrate, ctx: &Ctx) -> TokenStream {
    let name = ident(&op.error_name);
    let doc = format!(" The errors `{}` can return.", op.name);
    let variants = op.errors.iter().map(|e| {
        let variant = ident(&e.variant);
        let mut ty = ctx.named(&e.type_name, NamedKind::Error { validates: false });
        if e.boxed {
            let boxed = ctx.std("Box");
            ty = quote!(#boxed<#ty>);
        }
        let docs = krate.errors.iter().find(|d| d.name == e.type_name).and_then(|d| d.docs.as_deref());
        let docs = doc_attrs(docs);
        quote!(#docs #variant(#ty),)
    });
    let reader = super::protocol::error_reader(ctx);
    let metadata = super::protocol::error_metadata(ctx);
    let dispatch = op.errors.iter().map(|e| {
        let variant = ident(&e.variant);
        let code = &e.code;
        let error_type = ctx.named(&e.type_name, NamedKind::Error { validates: false });
        let wrap = if e.boxed {
            quote!(.map(|error| Self::#variant(::std::boxed::Box::new(error))))
        } else {
            quote!(.map(Self::#variant))
        };
        let reads_http = krate.errors.iter().any(|d| d.name == e.type_name && super::response::has_http_members(d));
        if reads_http {
            return quote! {
                Some(#code) => #reader::parse_error_with(body, &meta, |error: #error_type| {
                    error.read_http(status, headers, body)
                }) #wrap,
            };
        }
        quote!(Some(#code) => #reader::parse_error(body, &meta) #wrap,)
    });
    let from_response = if op.errors.is_empty() {
        quote! {
            /// The error for a non-2xx response: the operation has no modeled errors.
            fn from_response(status: u16, headers: &::http::HeaderMap, body: &[u8]) -> Self {
                Self::Unhandled(crate::error::UnhandledError::new(status, #metadata))
            }
        }
    } else {
        quote! {
            /// The error for a non-2xx response, picked by its error code.
            fn from_response(status: u16, headers: &::http::HeaderMap, body: &[u8]) -> Self {
                let meta = #metadata;
                let parsed = match meta.code.as_deref() {
                    #(#dispatch)*
                    _ => return Self::Unhandled(crate::error::UnhandledError::new(status, meta)),
                };
                parsed.unwrap_or_else(|error| {
                    Self::Unhandled(crate::error::UnhandledError::new(status, meta).with_parse_error(error))
                })
            }
        }
    };
    let parts_arms = op.errors.iter().map(|e| {
        let variant = ident(&e.variant);
        if e.boxed {
            quote!(Self::#variant(error) => &**error,)
        } else {
            quote!(Self::#variant(error) => error,)
        }
    });
    let methods = error_enum_methods(&name, from_response, quote!(#(#parts_arms)*), ctx);
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// An error the model does not describe (or whose body could not be
            /// read), or a success response whose body could not be read.
            Unhandled(crate::error::UnhandledError),
        }

        #methods
    }
}

/// What every error enum has: `code()`, `message()`, `Display` and `Error` over its variants'
/// `ErrorParts` (`parts_arms` map each modeled variant to its error; `Unhandled` is added);
/// `items` go first in the enum's inherent impl.
pub(crate) fn error_enum_methods(
    name: &proc_macro2::Ident,
    items: TokenStream,
    parts_arms: TokenStream,
    ctx: &Ctx,
) -> TokenStream {
    let option = ctx.std("Option");
    quote! {
        impl #name {
            #items

            /// The variant's error, as the runtime sees every error.
            fn parts(&self) -> &dyn crate::rt::error::ErrorParts {
                match self {
                    #parts_arms
                    Self::Unhandled(error) => error,
                }
            }

            /// The error code: the modeled error's name, or the code the
            /// service sent for an unhandled error.
            pub fn code(&self) -> #option<&str> {
                self.parts().code()
            }

            /// The message the service sent, if any.
            pub fn message(&self) -> #option<&str> {
                self.parts().message()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(self.parts(), f)
            }
        }

        impl ::std::error::Error for #name {
            fn source(&self) -> #option<&(dyn ::std::error::Error + 'static)> {
                Some(self.parts().as_error())
            }
        }
    }
}

/// `serialize_request`: labels into the path, query and headers, the other
/// members into the JSON body.
fn emit_serialize(op: &OperationDef, ctx: &Ctx) -> TokenStream {
    if !op.protocol.uses_http_bindings() {
        return super::protocol::rpc_request(op, ctx);
    }
    let input_name = ident(&op.input.name);
    let result = ctx.std("Result");
    let vec = ctx.std("Vec");
    let string = ctx.std("String");
    let mut steps = Vec::new();
    for field in op.input.fields.iter().filter(|f| f.binding == Binding::Endpoint) {
        let name = ident(&field.name);
        let member = &field.member;
        steps.push(quote!(crate::rt::request::label(#member, input.#name.as_deref())?;));
    }
    for segment in &op.path {
        match segment {
            PathSegment::Literal(text) if text.chars().count() == 1 => {
                let c = text.chars().next().unwrap_or('/');
                steps.push(quote!(uri.push(#c);));
            }
            PathSegment::Literal(text) => steps.push(quote!(uri.push_str(#text);)),
            PathSegment::Label { field, greedy } => {
                let Some(field) = op.input.fields.get(*field) else { continue };
                // Locals named after labels get a prefix, so that a member called
                // `uri` or `input` cannot shadow the function's own names.
                let name = format_ident!("label_{}", field.name.strip_prefix("r#").unwrap_or(&field.name));
                let member = &field.member;
                let value = label_value(field);
                let value = match value {
                    LabelText::Borrowed(expr) => expr,
                    LabelText::Owned(expr) => {
                        steps.push(quote!(let #name = #expr;));
                        quote!(#name.as_deref())
                    }
                };
                steps.push(quote! {
                    let #name = crate::rt::request::label(#member, #value)?;
                    uri.push_str(&crate::rt::request::encode_label(#member, #name, #greedy)?);
                });
            }
        }
    }
    let query_fields: Vec<&FieldDef> =
        op.input.fields.iter().filter(|f| matches!(f.binding, Binding::Query(_))).collect();
    let params_field = op.input.fields.iter().find(|f| f.binding == Binding::QueryParams);
    let query = if query_fields.is_empty() && op.literal_query.is_none() && params_field.is_none() {
        quote!()
    } else {
        let literal = match &op.literal_query {
            Some(q) => {
                let q = format!("?{q}");
                quote!(uri.push_str(#q);)
            }
            None => quote!(),
        };
        let pushes = query_fields.iter().map(|f| {
            let Binding::Query(key) = &f.binding else { return quote!() };
            let name = ident(&f.name);
            match &f.ty {
                RustType::List(element) => {
                    let text = scalar_text(element, quote!(item));
                    quote! {
                        if let Some(items) = &input.#name {
                            for item in items {
                                query.push(#key, #text);
                            }
                        }
                    }
                }
                ty => {
                    let text = scalar_text(ty, quote!(value));
                    quote! {
                        if let Some(value) = &input.#name {
                            query.push(#key, #text);
                        }
                    }
                }
            }
        });
        // `@httpQueryParams`: every entry whose key no `@httpQuery` member set
        // (named members win), in key order so the request is deterministic.
        let params = params_field.map(|f| {
            let name = ident(&f.name);
            let named: Vec<&str> = query_fields
                .iter()
                .filter_map(|f| match &f.binding {
                    Binding::Query(key) => Some(key.as_str()),
                    _ => None,
                })
                .collect();
            let push = match &f.ty {
                RustType::Map(_, value) if matches!(**value, RustType::List(_)) => quote! {
                    for item in values {
                        query.push(key, item);
                    }
                },
                _ => quote!(query.push(key, values);),
            };
            quote! {
                if let Some(params) = &input.#name {
                    let named: &[&str] = &[#(#named),*];
                    let mut entries: ::std::vec::Vec<_> = params.iter().filter(|(key, _)| !named.contains(&key.as_str())).collect();
                    entries.sort_by(|a, b| a.0.cmp(b.0));
                    for (key, values) in entries {
                        #push
                    }
                }
            }
        });
        if query_fields.is_empty() && params.is_none() {
            literal
        } else {
            quote! {
                #literal
                let mut query = crate::rt::request::QueryWriter::new(uri);
                #(#pushes)*
                #params
                let uri = query.finish();
            }
        }
    };
    let named_headers: Vec<String> = op
        .input
        .fields
        .iter()
        .filter_map(|f| match &f.binding {
            Binding::Header(name) => Some(name.to_ascii_lowercase()),
            _ => None,
        })
        .collect();
    let headers: Vec<TokenStream> = op.input.fields.iter().filter_map(|f| request_header(f, &named_headers)).collect();
    let method = match op.method.as_str() {
        "GET" | "PUT" | "POST" | "DELETE" | "HEAD" | "PATCH" | "OPTIONS" => {
            let m = format_ident!("{}", op.method);
            quote!(::http::Method::#m)
        }
        other => {
            let bytes = proc_macro2::Literal::byte_string(other.as_bytes());
            quote!(::http::Method::from_bytes(#bytes).map_err(|error| crate::error::BuildError::invalid("method", error.to_string()))?)
        }
    };
    if let Some(stream) = op.streaming_input() {
        return streaming_serialize(op, stream, StreamingParts { steps, query, headers, method }, ctx);
    }
    let payload = op.input.fields.iter().find(|f| f.binding == Binding::Payload);
    let has_body = body_fields(&op.input).next().is_some();
    let body = match payload {
        Some(field) => payload_body(field, ctx),
        None if has_body => super::protocol::rest_body(op, ctx),
        None => quote! {
            let content_type: ::std::option::Option<&str> = None;
            let body = #vec::new();
        },
    };
    let doc = doc_attrs(Some(&format!(
        "Builds the `{} {}` request for `{}`: method, origin-form URI (path and\nquery), the headers the protocol needs, and the body. Scheme, host, signing\nand sending are the caller's.\n\n# Errors\n\nA [`BuildError`](crate::error::BuildError) names the member when a label is\nmissing or empty, or would form a `.` or `..` path segment.",
        op.method, op.uri_pattern, op.name
    )));
    let input_uses = if op.input.fields.is_empty() { quote!(let _ = input;) } else { quote!() };
    let binding =
        if headers.is_empty() && !op.body_adds_headers() { quote!(let request) } else { quote!(let mut request) };
    let fill_tokens = fill_idempotency_tokens(op);
    let gzip = finish_body(op);
    let deprecated = deprecated_attr(op.deprecated.as_deref());
    quote! {
        #doc
        #deprecated
        pub fn serialize_request(input: &#input_name) -> #result<::http::Request<#vec<u8>>, crate::error::BuildError> {
            #input_uses
            #fill_tokens
            let mut uri = #string::new();
            #(#steps)*
            #query
            #binding = ::http::Request::builder().method(#method).uri(uri);
            #(#headers)*
            #body
            #gzip
            crate::rt::request::finish(request, content_type, body)
        }
    }
}

/// The parts of a REST request the streaming form shares with the buffered one.
struct StreamingParts {
    steps: Vec<TokenStream>,
    query: TokenStream,
    headers: Vec<TokenStream>,
    method: TokenStream,
}

/// `serialize_request` of an input whose payload streams: the input moves into the request,
/// and its `ByteStream` becomes the body untouched (with its length, where known).
fn streaming_serialize(op: &OperationDef, stream: &FieldDef, parts: StreamingParts, ctx: &Ctx) -> TokenStream {
    let StreamingParts { steps, query, headers, method } = parts;
    let input_name = ident(&op.input.name);
    let result = ctx.std("Result");
    let string = ctx.std("String");
    let name = ident(&stream.name);
    let content_type = stream.media_type.clone().unwrap_or_else(|| "application/octet-stream".to_owned());
    let requires_length = matches!(stream.ty, RustType::ByteStream { requires_length: true });
    let doc = doc_attrs(Some(&format!(
        "Builds the `{} {}` request for `{}`: method, origin-form URI (path and\nquery), the headers the protocol needs, and the body: the input's `{}`, as it is\n({}). Scheme, host, signing and sending are the\ncaller's.\n\n# Errors\n\nA [`BuildError`](crate::error::BuildError) names the member when a label is\nmissing or empty, or would form a `.` or `..` path segment{}.",
        op.method,
        op.uri_pattern,
        op.name,
        stream.member,
        if matches!(stream.ty, RustType::EventSender { .. }) {
            "its events as `application/vnd.amazon.eventstream` frames, unsigned"
        } else {
            "a `ByteStream` is an `http_body::Body`"
        },
        if requires_length { ", and when the body's length is not known (the service requires it)" } else { "" }
    )));
    let tokens: Vec<&FieldDef> = op.input.fields.iter().filter(|f| f.idempotency_token && f.optional).collect();
    let fill_tokens = tokens.iter().map(|f| {
        let name = ident(&f.name);
        quote! {
            if input.#name.is_none() {
                input.#name = Some(crate::rt::request::idempotency_token());
            }
        }
    });
    let input_binding = if tokens.is_empty() { quote!() } else { quote!(let mut input = input;) };
    let checksum = request_checksum(op, &quote!(bytes));
    let binding =
        if headers.is_empty() && !op.body_adds_headers() { quote!(let request) } else { quote!(let mut request) };
    // A body in memory gets its MD5 and checksum; a stream cannot be hashed before it is sent.
    let md5 = if op.content_md5 {
        quote!(request = request.header("content-md5", crate::rt::md5::content_md5(bytes));)
    } else {
        quote!()
    };
    let md5 = if op.content_md5 || !checksum.is_empty() {
        quote! {
            if let Some(bytes) = input.#name.bytes() {
                #md5
                #checksum
            }
        }
    } else {
        quote!()
    };
    let deprecated = deprecated_attr(op.deprecated.as_deref());
    // The body type, and the call that finishes the request with it.
    let (body_ty, finish) = match &stream.ty {
        RustType::EventSender { union } => {
            let union = ctx.named(union, NamedKind::Union);
            (
                quote!(crate::event_stream::EventStreamSender<#union>),
                quote!(crate::rt::events::finish_request(request, input.#name.with_writer(#union::WRITER))),
            )
        }
        _ => (
            quote!(crate::primitives::ByteStream),
            quote!(crate::rt::byte_stream::finish_request(request, #content_type, input.#name, #requires_length)),
        ),
    };
    quote! {
        #doc
        #deprecated
        pub fn serialize_request(input: #input_name) -> #result<::http::Request<#body_ty>, crate::error::BuildError> {
            #input_binding
            #(#fill_tokens)*
            let mut uri = #string::new();
            #(#steps)*
            #query
            #binding = ::http::Request::builder().method(#method).uri(uri);
            #(#headers)*
            #md5
            #finish
        }
    }
}

/// `host_prefix()`: the `@endpoint(hostPrefix)` with its host labels filled in.
fn emit_host_prefix(op: &OperationDef, ctx: &Ctx) -> TokenStream {
    let Some(segments) = &op.host_prefix else { return quote!() };
    let input_name = ident(&op.input.name);
    let result = ctx.std("Result");
    let string = ctx.std("String");
    let uses_input = segments.iter().any(|s| matches!(s, PathSegment::Label { .. }));
    let input_param = if uses_input { quote!(input) } else { quote!(_input) };
    let steps = segments.iter().map(|segment| match segment {
        // One character is a `push` (clippy's `single_char_add_str`).
        PathSegment::Literal(text) => match text.chars().collect::<Vec<_>>()[..] {
            [c] => quote!(prefix.push(#c);),
            _ => quote!(prefix.push_str(#text);),
        },
        PathSegment::Label { field, .. } => match op.input.fields.get(*field) {
            Some(field) => {
                let name = ident(&field.name);
                let member = &field.member;
                quote!(prefix.push_str(crate::rt::request::host_label(#member, input.#name.as_deref())?);)
            }
            None => quote!(),
        },
    });
    let pattern = segments
        .iter()
        .map(|s| match s {
            PathSegment::Literal(text) => text.clone(),
            PathSegment::Label { field, .. } => {
                format!("{{{}}}", op.input.fields.get(*field).map_or("", |f| f.member.as_str()))
            }
        })
        .collect::<String>();
    let doc = doc_attrs(Some(&format!(
        "The host prefix this operation's `@endpoint` trait asks for (`{pattern}`):\nsend the request to `{{prefix}}{{host}}`.\n\n# Errors\n\nA [`BuildError`](crate::error::BuildError) when a host label is unset, empty or\nnot a valid DNS label."
    )));
    quote! {
        #doc
        pub fn host_prefix(#input_param: &#input_name) -> #result<#string, crate::error::BuildError> {
            let mut prefix = #string::new();
            #(#steps)*
            Ok(prefix)
        }
    }
}

/// The last steps on the body: `@requestCompression` gzips a large one (and appends `gzip` to
/// Content-Encoding), then `@httpChecksumRequired` sends its MD5 as `Content-MD5`.
pub(crate) fn finish_body(op: &OperationDef) -> TokenStream {
    let gzip = if op.gzip {
        quote! {
            let body = match crate::rt::compress::gzip_if_large(&body) {
                Some(gzipped) => {
                    request = request.header(::http::header::CONTENT_ENCODING, "gzip");
                    gzipped
                }
                None => body,
            };
        }
    } else {
        quote!()
    };
    let md5 = if op.content_md5 {
        quote!(request = request.header("content-md5", crate::rt::md5::content_md5(&body));)
    } else {
        quote!()
    };
    let checksum = request_checksum(op, &quote!(&body));
    quote!(#gzip #md5 #checksum)
}

/// `aws.protocols#httpChecksum`'s request checksum of `body` (a `&[u8]`): the algorithm the
/// input names, or CRC32 where the operation requires one.
fn request_checksum(op: &OperationDef, body: &TokenStream) -> TokenStream {
    let Some(checksum) = op.checksum.as_ref().filter(|c| c.algorithm.is_some() || c.required) else { return quote!() };
    let algorithm = match checksum.algorithm.and_then(|index| op.input.fields.get(index)) {
        Some(field) => {
            let name = ident(&field.name);
            match (&field.ty, field.optional) {
                (RustType::Named { kind: NamedKind::Enum, .. }, true) => {
                    quote!(input.#name.as_ref().map(|value| value.as_str()))
                }
                (RustType::Named { kind: NamedKind::Enum, .. }, false) => quote!(Some(input.#name.as_str())),
                (_, true) => quote!(input.#name.as_deref()),
                (_, false) => quote!(Some(input.#name.as_str())),
            }
        }
        None => quote!(None),
    };
    let required = checksum.required;
    quote!(request = crate::rt::checksum::request_checksum(request, #algorithm, #required, #body)?;)
}

/// Statements that fill unset `@idempotencyToken` members with fresh tokens
/// (the input is then a filled copy).
pub(crate) fn fill_idempotency_tokens(op: &OperationDef) -> TokenStream {
    let tokens: Vec<&FieldDef> = op.input.fields.iter().filter(|f| f.idempotency_token && f.optional).collect();
    if tokens.is_empty() {
        return quote!();
    }
    let unset = tokens.iter().map(|f| {
        let name = ident(&f.name);
        quote!(input.#name.is_none())
    });
    let fills = tokens.iter().map(|f| {
        let name = ident(&f.name);
        quote! {
            if copy.#name.is_none() {
                copy.#name = Some(crate::rt::request::idempotency_token());
            }
        }
    });
    quote! {
        let filled;
        let input = if #(#unset)||* {
            let mut copy = input.clone();
            #(#fills)*
            filled = copy;
            &filled
        } else {
            input
        };
    }
}

/// A label's text: an `Option<&str>` expression, or an `Option<String>` one
/// that must be bound to a local first.
enum LabelText {
    Borrowed(TokenStream),
    Owned(TokenStream),
}

fn label_value(field: &FieldDef) -> LabelText {
    let name = ident(&field.name);
    match &field.ty {
        RustType::String => LabelText::Borrowed(quote!(input.#name.as_deref())),
        RustType::Named { kind: NamedKind::Enum, .. } => {
            LabelText::Borrowed(quote!(input.#name.as_ref().map(|value| value.as_str())))
        }
        RustType::DateTime(format) => {
            let method = match format {
                TimestampFormat::DateTime => quote!(fmt_date_time),
                TimestampFormat::HttpDate => quote!(fmt_http_date),
                TimestampFormat::EpochSeconds => quote!(fmt_epoch_seconds),
            };
            LabelText::Owned(quote!(input.#name.map(|value| value.#method())))
        }
        RustType::F32 | RustType::F64 => {
            LabelText::Owned(quote!(input.#name.map(|value| crate::rt::request::float_text(value))))
        }
        _ => LabelText::Owned(quote!(input.#name.map(|value| value.to_string()))),
    }
}

/// Statements that add a member's header(s) to `request`.
fn request_header(field: &FieldDef, named_headers: &[String]) -> Option<TokenStream> {
    let name = ident(&field.name);
    let member = &field.member;
    match &field.binding {
        Binding::Header(header) => Some(match &field.ty {
            RustType::List(element) => {
                // Strings are used as they are (a `map(|item| item.clone())` is clippy's `map_clone`).
                let texts = if **element == RustType::String {
                    quote!(let texts: &[::std::string::String] = items;)
                } else {
                    let text = owned_text(element, quote!(item));
                    quote!(let texts: ::std::vec::Vec<::std::string::String> = items.iter().map(|item| #text).collect();)
                };
                // http-date lists are not quoted, although the dates hold commas.
                let join = if matches!(**element, RustType::DateTime(_)) {
                    quote!(texts.join(", "))
                } else {
                    quote!(crate::rt::request::header_list(texts.iter().map(::std::string::String::as_str)))
                };
                quote! {
                    if let Some(items) = &input.#name {
                        #texts
                        request = request.header(#header, crate::rt::request::header_value(#member, &#join)?);
                    }
                }
            }
            // A `@mediaType` header carries its value base64-encoded.
            RustType::String if field.media_type.is_some() => quote! {
                if let Some(value) = &input.#name {
                    let encoded = crate::rt::blob::encode_base64(value.as_bytes());
                    request = request.header(#header, crate::rt::request::header_value(#member, &encoded)?);
                }
            },
            ty => {
                let text = scalar_text(ty, quote!(value));
                quote! {
                    if let Some(value) = &input.#name {
                        request = request.header(#header, crate::rt::request::header_value(#member, #text)?);
                    }
                }
            }
        }),
        // A header named by an `@httpHeader` member wins over a prefix entry.
        Binding::PrefixHeaders(prefix) => Some(quote! {
            if let Some(headers) = &input.#name {
                let named: &[&str] = &[#(#named_headers),*];
                let mut entries: ::std::vec::Vec<_> = headers.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                for (key, value) in entries {
                    let header = format!("{}{}", #prefix, key);
                    if named.contains(&header.to_ascii_lowercase().as_str()) {
                        continue;
                    }
                    let header = ::http::HeaderName::from_bytes(header.as_bytes())
                        .map_err(|error| crate::error::BuildError::invalid(#member, error.to_string()))?;
                    request = request.header(header, crate::rt::request::header_value(#member, value)?);
                }
            }
        }),
        _ => None,
    }
}

/// The body and its default Content-Type when a member is the payload.
fn payload_body(field: &FieldDef, ctx: &Ctx) -> TokenStream {
    let name = ident(&field.name);
    let media = |default: &str| field.media_type.clone().unwrap_or_else(|| default.to_owned());
    match &field.ty {
        RustType::Blob => {
            let content_type = media("application/octet-stream");
            quote! {
                let (content_type, body) = match &input.#name {
                    Some(blob) => (Some(#content_type), blob.as_bytes().to_vec()),
                    None => (None, ::std::vec::Vec::new()),
                };
            }
        }
        RustType::String => {
            let content_type = media("text/plain");
            quote! {
                let (content_type, body) = match &input.#name {
                    Some(text) => (Some(#content_type), text.as_bytes().to_vec()),
                    None => (None, ::std::vec::Vec::new()),
                };
            }
        }
        RustType::Named { kind: NamedKind::Enum, .. } => {
            let content_type = media("text/plain");
            quote! {
                let (content_type, body) = match &input.#name {
                    Some(value) => (Some(#content_type), value.as_str().as_bytes().to_vec()),
                    None => (None, ::std::vec::Vec::new()),
                };
            }
        }
        // A structure payload is `{}` when unset; a union or document has no body.
        RustType::Named { kind: NamedKind::Struct { .. }, .. } => {
            let (default_type, write) = super::protocol::payload_document(field, quote!(value), ctx);
            let content_type = media(default_type);
            let empty = super::protocol::empty_payload(ctx);
            quote! {
                let content_type = Some(#content_type);
                let body = match &input.#name {
                    Some(value) => #write,
                    None => #empty,
                };
            }
        }
        _ => {
            let (default_type, write) = super::protocol::payload_document(field, quote!(value), ctx);
            let content_type = media(default_type);
            quote! {
                let (content_type, body) = match &input.#name {
                    Some(value) => (
                        Some(#content_type),
                        #write,
                    ),
                    None => (None, ::std::vec::Vec::new()),
                };
            }
        }
    }
}

/// A `String` expression for a scalar (list items in headers).
fn owned_text(ty: &RustType, value: TokenStream) -> TokenStream {
    match ty {
        RustType::String => quote!(#value.clone()),
        RustType::Named { kind: NamedKind::Enum, .. } => quote!(#value.as_str().to_owned()),
        RustType::DateTime(format) => match *format {
            TimestampFormat::DateTime => quote!(#value.fmt_date_time()),
            TimestampFormat::HttpDate => quote!(#value.fmt_http_date()),
            TimestampFormat::EpochSeconds => quote!(#value.fmt_epoch_seconds()),
        },
        RustType::F32 | RustType::F64 => quote!(crate::rt::request::float_text(*#value)),
        _ => quote!(#value.to_string()),
    }
}

/// A `&str` expression for a scalar in a query or header.
fn scalar_text(ty: &RustType, value: TokenStream) -> TokenStream {
    match ty {
        RustType::F32 | RustType::F64 => quote!(&crate::rt::request::float_text(*#value)),
        RustType::String => quote!(#value),
        RustType::Named { kind: NamedKind::Enum, .. } => quote!(#value.as_str()),
        RustType::DateTime(format) => match *format {
            TimestampFormat::DateTime => quote!(&#value.fmt_date_time()),
            TimestampFormat::HttpDate => quote!(&#value.fmt_http_date()),
            TimestampFormat::EpochSeconds => quote!(&#value.fmt_epoch_seconds()),
        },
        _ => quote!(&#value.to_string()),
    }
}

fn emit_deserialize(op: &OperationDef, ctx: &Ctx) -> TokenStream {
    let output = ident(&op.output.name);
    let error = ident(&op.error_name);
    let result = ctx.std("Result");
    let doc = doc_attrs(Some(&format!(
        "Reads the response to `{}`: any 2xx status is success and its {} body\nbecomes [`{}`]; anything else becomes the [`{}`] its error code names.\nNever panics, whatever the response holds.",
        op.name,
        if ctx.codec() == crate::ir::DocumentCodec::Json { "JSON" } else { "XML" },
        op.output.name,
        op.error_name
    )));
    let (read, reader) = if super::response::has_http_members(&op.output) {
        let target = quote!(output);
        let (fill, reads) = super::response::fill(&op.output, &target, ctx);
        let json = if super::response::has_payload(&op.output) { quote!(&[]) } else { quote!(body) };
        let parse = super::protocol::parse_output(op, json, ctx);
        let status_param = if reads.status { quote!(status) } else { quote!(_status) };
        let headers_param = if reads.headers { quote!(headers) } else { quote!(_headers) };
        let body_param =
            if reads.body || !super::response::has_payload(&op.output) { quote!(body) } else { quote!(_body) };
        let reader_doc = format!(
            " Reads the output from the {} body and the members the response\n carries elsewhere (headers, status code, payload).",
            if ctx.codec() == crate::ir::DocumentCodec::Json { "JSON" } else { "XML" }
        );
        let reader_doc = reader_doc.lines().map(|line| quote!(#[doc = #line]));
        // A streaming payload that is the only bound member leaves nothing to fill.
        let read_body = if fill.is_empty() {
            quote!(#parse)
        } else {
            quote! {
                let mut output: #output = #parse?;
                #fill
                Ok(output)
            }
        };
        let reader = quote! {
            #(#reader_doc)*
            fn read_output(
                #status_param: u16,
                #headers_param: &::http::HeaderMap,
                #body_param: &[u8],
            ) -> #result<#output, crate::error::ResponseParseError> {
                #read_body
            }
        };
        let call = if op.streaming_output().is_some() {
            quote!(read_output(status.as_u16(), &head.headers, &[]))
        } else {
            quote!(read_output(status.as_u16(), response.headers(), body))
        };
        (call, reader)
    } else {
        (super::protocol::parse_output(op, quote!(body), ctx), quote!())
    };
    let deprecated = deprecated_attr(op.deprecated.as_deref());
    if let Some(stream) = op.streaming_output() {
        let name = ident(&stream.name);
        let doc = doc_attrs(Some(&format!(
            "Reads the response to `{}`: any 2xx status is success; [`{}`] is read from the\nhead, and its `{}` is the body as it is (read it as it comes). Anything else\nbecomes the [`{}`] its error code names, read from a body in memory (collect\nan error response's body first). Never panics, whatever the response holds.",
            op.name, op.output.name, stream.member, op.error_name
        )));
        return quote! {
            #doc
            #deprecated
            pub fn deserialize_response<B: Into<crate::primitives::ByteStream>>(response: ::http::Response<B>) -> #result<#output, #error> {
                let (head, body) = response.into_parts();
                let body: crate::primitives::ByteStream = body.into();
                let status = head.status;
                if !status.is_success() {
                    return Err(#error::from_response(status.as_u16(), &head.headers, body.bytes().unwrap_or_default()));
                }
                let mut output = #read.map_err(|error| {
                    let meta = crate::rt::response::error_metadata(&head.headers, &[]);
                    #error::Unhandled(crate::error::UnhandledError::new(status.as_u16(), meta).with_parse_error(error))
                })?;
                output.#name = body;
                Ok(output)
            }

            #reader
        };
    }
    // The status says success, but the operation failed after it was sent.
    let error_in_success = if op.error_in_success { quote!(|| crate::rt::xml::is_error(body)) } else { quote!() };
    quote! {
        #doc
        #deprecated
        pub fn deserialize_response<B: AsRef<[u8]>>(response: &::http::Response<B>) -> #result<#output, #error> {
            let status = response.status();
            let body = response.body().as_ref();
            if !status.is_success() #error_in_success {
                return Err(#error::from_response(status.as_u16(), response.headers(), body));
            }
            #read.map_err(|error| {
                let meta = crate::rt::response::error_metadata(response.headers(), &[]);
                #error::Unhandled(crate::error::UnhandledError::new(status.as_u16(), meta).with_parse_error(error))
            })
        }

        #reader
    }
}
