//! The protocol layer of the emitters: the one place that picks, from the crate's
//! [`DocumentCodec`], how shapes are written and read and how bodies and errors are framed.
//! Each codec has its own module; the shape and operation emitters call only the functions
//! here, so no other emitter branches on the protocol.
//!
//! - [`json`]: restJson1, awsJson1_0, awsJson1_1 (`rt::json`);
//! - [`xml`]: restXml, and the responses of awsQuery and ec2Query (`rt::xml`);
//! - [`query`]: the form-urlencoded requests of awsQuery and ec2Query (`rt::query`).

pub(super) mod json;
pub(super) mod query;
pub(super) mod xml;

use proc_macro2::TokenStream;
use quote::quote;

use super::Ctx;
use crate::ir::{DocumentCodec, EnumDef, FieldDef, OperationDef, StructDef, UnionDef};

/// The codec impls of a structure, in the directions it travels.
pub(crate) fn struct_impls(def: &StructDef, ctx: &Ctx) -> TokenStream {
    match ctx.codec() {
        DocumentCodec::Json => json::struct_impls(def),
        DocumentCodec::Xml => xml::struct_impls(def, def.codec.write, ctx),
        DocumentCodec::Query => {
            let read = xml::struct_impls(def, false, ctx);
            let write = if def.codec.write { query::struct_impl(def, ctx) } else { quote!() };
            quote!(#read #write)
        }
    }
}

/// The codec impls of a union.
pub(crate) fn union_impls(def: &UnionDef, ctx: &Ctx) -> TokenStream {
    match ctx.codec() {
        DocumentCodec::Json => json::union_impls(def),
        DocumentCodec::Xml => xml::union_impls(def, def.codec.write),
        DocumentCodec::Query => {
            let read = xml::union_impls(def, false);
            let write = if def.codec.write { query::union_impl(def, ctx) } else { quote!() };
            quote!(#read #write)
        }
    }
}

/// The codec impls of an enum.
pub(crate) fn enum_impls(def: &EnumDef, ctx: &Ctx) -> TokenStream {
    match ctx.codec() {
        DocumentCodec::Json => json::enum_impls(def),
        DocumentCodec::Xml => xml::enum_impls(def, def.codec.write),
        DocumentCodec::Query => {
            let read = xml::enum_impls(def, false);
            let write = if def.codec.write { query::enum_impl(def) } else { quote!() };
            quote!(#read #write)
        }
    }
}

/// `serialize_request` of an RPC protocol (every request a `POST /`): awsJson's
/// `X-Amz-Target` and JSON body, or the query protocols' form body.
pub(crate) fn rpc_request(op: &OperationDef, ctx: &Ctx) -> TokenStream {
    match ctx.codec() {
        DocumentCodec::Json => json::rpc_request(op, ctx),
        DocumentCodec::Xml | DocumentCodec::Query => query::rpc_request(op, ctx),
    }
}

/// The end of an RPC protocol's `serialize_request`, once `body` is written: the `POST /` with
/// `headers` (`.header(…)` calls, Content-Type first), the body's last steps (gzip,
/// Content-MD5) and Content-Length.
fn post_to_root(op: &OperationDef, headers: TokenStream) -> TokenStream {
    let finish_body = crate::emit::operation::finish_body(op);
    let binding = if op.body_adds_headers() { quote!(let mut request) } else { quote!(let request) };
    quote! {
        #binding = ::http::Request::builder()
            .method(::http::Method::POST)
            .uri("/")
            #headers;
        #finish_body
        request
            .header(::http::header::CONTENT_LENGTH, body.len())
            .body(body)
            .map_err(|error| crate::error::BuildError::invalid("request", error.to_string()))
    }
}

/// Statements binding `content_type` and `body` for a REST request whose body holds the
/// input's body members (restJson1: a JSON object; restXml: the input's root element).
pub(crate) fn rest_body(op: &OperationDef, ctx: &Ctx) -> TokenStream {
    match ctx.codec() {
        DocumentCodec::Json | DocumentCodec::Query => quote! {
            let content_type = Some("application/json");
            let body = crate::rt::json::to_vec(input);
        },
        DocumentCodec::Xml => {
            let (root, ns) = xml_root(&op.input);
            quote! {
                let content_type = Some("application/xml");
                let body = crate::rt::xml::to_vec_root(#root, #ns, input);
            }
        }
    }
}

/// The root element name and namespace (an `Option<(&str, &str)>` expression) of a structure
/// written as a whole XML body.
fn xml_root(def: &StructDef) -> (String, TokenStream) {
    let (name, ns) = def.xml_root.clone().unwrap_or_else(|| (def.shape_name.clone(), None));
    let ns = match ns {
        Some(ns) => {
            let prefix = ns.prefix.unwrap_or_default();
            let uri = ns.uri;
            quote!(Some((#prefix, #uri)))
        }
        None => quote!(None),
    };
    (name, ns)
}

/// A structure, union or document payload as the body: its default media type and a
/// `Vec<u8>` expression for `value` (a reference).
pub(crate) fn payload_document(field: &FieldDef, value: TokenStream, ctx: &Ctx) -> (&'static str, TokenStream) {
    match ctx.codec() {
        DocumentCodec::Json | DocumentCodec::Query => ("application/json", quote!(crate::rt::json::to_vec(#value))),
        DocumentCodec::Xml => {
            let xml = field.xml.as_deref();
            let name = xml.map_or_else(|| field.member.clone(), |x| x.name.clone());
            let ns = match xml.and_then(|x| x.namespace.clone()) {
                Some(ns) => {
                    let prefix = ns.prefix.unwrap_or_default();
                    let uri = ns.uri;
                    quote!(Some((#prefix, #uri)))
                }
                None => quote!(None),
            };
            ("application/xml", quote!(crate::rt::xml::to_vec_root(#name, #ns, #value)))
        }
    }
}

/// The body of an unset structure payload: `{}` in JSON, nothing in XML.
pub(crate) fn empty_payload(ctx: &Ctx) -> TokenStream {
    match ctx.codec() {
        DocumentCodec::Json | DocumentCodec::Query => quote!(b"{}".to_vec()),
        DocumentCodec::Xml => quote!(::std::vec::Vec::new()),
    }
}

/// A `Result<T, ResponseParseError>` expression reading an output's body members from `body`.
pub(crate) fn parse_output(op: &OperationDef, body: TokenStream, ctx: &Ctx) -> TokenStream {
    match (ctx.codec(), ctx.protocol()) {
        (DocumentCodec::Json, _) => quote!(crate::rt::response::parse_json(#body)),
        (DocumentCodec::Query, Some(crate::ir::Protocol::AwsQuery)) => {
            let response = format!("{}Response", op.name);
            let result = format!("{}Result", op.name);
            quote!(crate::rt::xml::from_query_result(#body, #response, #result))
        }
        (DocumentCodec::Xml, _) if op.unwrapped_output => unwrapped_output(op, body),
        (DocumentCodec::Xml | DocumentCodec::Query, _) => quote!(crate::rt::xml::from_root(#body, None)),
    }
}

/// `aws.customizations#s3UnwrappedXmlOutput` (S3's `GetBucketLocation`): the root element is
/// the output's one body member, not a wrapper around it.
fn unwrapped_output(op: &OperationDef, body: TokenStream) -> TokenStream {
    let output = crate::emit::ident(&op.output.name);
    let Some(field) = op.output.fields.iter().find(|f| f.binding == crate::ir::Binding::Body) else {
        return quote!(crate::rt::xml::from_root(#body, None));
    };
    let name = crate::emit::ident(&field.name);
    let value = if field.optional { quote!(Some(value)) } else { quote!(value) };
    let rest = if op.output.fields.len() > 1 { quote!(..::std::default::Default::default()) } else { quote!() };
    quote!(crate::rt::xml::from_root(#body, None).map(|value| #output { #name: #value, #rest }))
}

/// A `Result<T, ResponseParseError>` expression reading a structure, union or document payload
/// from a non-empty `body`.
pub(crate) fn parse_payload(body: TokenStream, ctx: &Ctx) -> TokenStream {
    match ctx.codec() {
        DocumentCodec::Json | DocumentCodec::Query => quote!(crate::rt::response::parse_json(#body)),
        DocumentCodec::Xml => quote!(crate::rt::xml::from_root(#body, None)),
    }
}

/// An expression reading an error response's metadata (code, message, request id) from
/// `status`, `headers` and `body`.
pub(crate) fn error_metadata(ctx: &Ctx) -> TokenStream {
    match ctx.codec() {
        DocumentCodec::Json => quote!(crate::rt::response::error_metadata(headers, body)),
        DocumentCodec::Xml | DocumentCodec::Query => {
            quote!(crate::rt::xml::response_error_metadata(status, headers, body))
        }
    }
}

/// The runtime module whose `parse_error` and `parse_error_with` read a modeled error.
pub(crate) fn error_reader(ctx: &Ctx) -> TokenStream {
    match ctx.codec() {
        DocumentCodec::Json => quote!(crate::rt::response),
        DocumentCodec::Xml | DocumentCodec::Query => quote!(crate::rt::xml),
    }
}
