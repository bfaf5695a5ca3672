//! Rust tests from the Smithy protocol compliance cases
//! (`smithy.test#httpRequestTests` / `httpResponseTests`), the way smithy-rs
//! generates them: each case's `params` become a Rust value built with the
//! generated builders, and the harness compares requests and responses.
//!
//! The tests refer to the generated crate as `sdk` and to helper functions in
//! a `support` module that the harness provides (`tests/protocol/support.rs`).

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use crate::emit::ident;
use crate::error::Error;
use crate::ir::naming::snake;
use crate::ir::{NamedKind, OperationDef, Role, RustCrate, RustType, StructDef, TypeDef, UnionDef};
use crate::model::{Model, Shape, ShapeKind};
use crate::Generated;

/// Cases that fail on purpose, with the reason (printed by the harness).
pub const EXPECTED_FAILURES: &[(&str, &str)] = &[
    (
        "DuplexMissingRequiredInitialResponseOutput",
        "as MissingRequiredInitialResponseOutput, on the duplex operation: a missing required output member is defaulted",
    ),
    (
    "MissingRequiredInitialResponseOutput",
    "a required output member the response lacks is defaulted, not an error (as smithy-rs's clients do: \
     a service that stops sending a member must not break them); the case expects an error",
)];

/// A generated crate and the Rust test file for its compliance cases.
#[derive(Debug, Clone)]
pub struct ProtocolTests {
    /// The service's crate.
    pub krate: Generated,
    /// `tests/protocol.rs` of the harness (formatted).
    pub tests: String,
    /// Every client case: (test function name, case id, why it could not be generated).
    pub cases: Vec<ProtocolCase>,
}

/// One compliance case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtocolCase {
    /// The case id (`RestJsonAllQueryStringTypes`).
    pub id: String,
    /// The Rust test function.
    pub test: String,
    /// `request`, `response` or `error`.
    pub kind: &'static str,
    /// Why the case is a failing stub, when it could not be generated.
    pub not_generated: Option<String>,
    /// The reason it is listed as an expected failure.
    pub expected_failure: Option<&'static str>,
}

pub(crate) fn generate(
    model: &Model,
    settings: &crate::Settings,
    krate_files: Generated,
    krate: &RustCrate,
) -> Result<ProtocolTests, Error> {
    // The cases of the operations generated (all of them unless the settings name some).
    let selection = crate::select::select(model, settings.service.as_deref(), &settings.operations)?;
    let Some(protocol) = krate.service.protocol else {
        return Err(Error::Settings(format!(
            "protocol tests: `{}` is not a protocol the generator serves",
            krate.service.protocol_name
        )));
    };
    let protocol = format!("aws.protocols#{}", protocol.trait_name());
    let protocol = protocol.as_str();
    let mut gen = TestGen { krate, tests: Vec::new(), cases: Vec::new(), names: BTreeSet::new() };
    for op_shape in &selection.operations {
        let op = krate.operations.iter().find(|o| o.name == op_shape.id.name());
        for case in cases(op_shape, "smithy.test#httpRequestTests", protocol) {
            gen.request_case(op_shape, op, case);
        }
        for case in cases(op_shape, "smithy.test#httpResponseTests", protocol) {
            gen.response_case(op_shape, op, case, None);
        }
        // Event streams the client reads: the cases whose events are all responses.
        for case in cases(op_shape, "smithy.test#eventStreamTests", protocol).filter(|case| {
            case.get("events")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .all(|e| text(e, "type") == Some("response"))
                && case.get("initialRequest").is_none()
        }) {
            gen.event_stream_case(op_shape, op, case);
        }
        // Event streams the client sends: the cases whose events are all requests, and those
        // of an initial request alone (restJson1's is the HTTP request itself).
        for case in cases(op_shape, "smithy.test#eventStreamTests", protocol) {
            let events: Vec<&Value> = case.get("events").and_then(Value::as_array).into_iter().flatten().collect();
            let initial = case.get("initialRequest").is_some();
            if !events.is_empty() && !initial && events.iter().all(|e| text(e, "type") == Some("request")) {
                gen.input_stream_case(op_shape, op, case);
            } else if events.is_empty() && initial {
                gen.initial_request_case(op_shape, op, case);
            }
        }
        let ShapeKind::Operation(operation) = &op_shape.kind else { continue };
        let mut errors = operation.errors.clone();
        if let ShapeKind::Service(service) = &selection.service.kind {
            errors.extend(service.errors.iter().cloned());
        }
        for error_id in errors {
            let Some(error_shape) = model.get(&error_id) else { continue };
            for case in cases(error_shape, "smithy.test#httpResponseTests", protocol) {
                gen.response_case(op_shape, op, case, Some(error_shape));
            }
        }
    }
    let tests = gen.tests;
    let file: syn::File = syn::parse2(quote! {
        #![doc = " Protocol compliance cases, generated by the code generator from the Smithy"]
        #![doc = " protocol test models. Do not edit."]
        #![allow(clippy::all, unused_mut, unused_imports)]
        #[path = "support.rs"]
        mod support;
        #(#tests)*
    })
    .map_err(|e| Error::Internal(format!("protocol tests do not parse: {e}")))?;
    Ok(ProtocolTests { krate: krate_files, tests: prettyplease::unparse(&file), cases: gen.cases })
}

/// The XML element names of the crate's map entries: `entry` for wrapped maps, the member's
/// name for flattened ones (empty for JSON crates).
fn xml_map_entries(krate: &RustCrate) -> Vec<String> {
    fn walk(ty: &RustType, names: &mut BTreeSet<String>) {
        match ty {
            RustType::Map(_, value) => {
                names.insert("entry".to_owned());
                walk(value, names);
            }
            RustType::List(inner) | RustType::Nullable(inner) => walk(inner, names),
            _ => {}
        }
    }
    let mut names = BTreeSet::new();
    let members = krate.structs().flat_map(|s| s.fields.iter().map(|f| (&f.ty, f.xml.as_deref()))).chain(
        krate.types.iter().flat_map(|t| match t {
            TypeDef::Union(u) => {
                u.variants.iter().filter_map(|v| v.ty.as_ref().map(|ty| (ty, v.xml.as_deref()))).collect()
            }
            _ => Vec::new(),
        }),
    );
    for (ty, xml) in members {
        let Some(xml) = xml else { continue };
        match ty {
            RustType::Map(_, value) if xml.flattened => {
                names.insert(xml.name.clone());
                walk(value, &mut names);
            }
            other => walk(other, &mut names),
        }
    }
    names.into_iter().collect()
}

/// The client cases of one trait for `protocol`.
fn cases<'a>(shape: &'a Shape, trait_id: &str, protocol: &'a str) -> impl Iterator<Item = &'a Value> {
    shape
        .traits
        .get(trait_id)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(move |case| case.get("protocol").and_then(Value::as_str) == Some(protocol))
        .filter(|case| case.get("appliesTo").and_then(Value::as_str) != Some("server"))
}

struct TestGen<'k> {
    krate: &'k RustCrate,
    tests: Vec<TokenStream>,
    cases: Vec<ProtocolCase>,
    names: BTreeSet<String>,
}

fn text<'a>(case: &'a Value, key: &str) -> Option<&'a str> {
    case.get(key).and_then(Value::as_str)
}

fn strings(case: &Value, key: &str) -> Vec<String> {
    case.get(key).and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect()
}

fn header_pairs(case: &Value) -> Vec<(String, String)> {
    case.get("headers")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
        .collect()
}

/// `sdk::operation::<module>::<Input>::builder()…build()` for an input in its JSON form
/// (member names as keys), as the compliance cases build theirs; for the endpoint tests'
/// `operationInputs`.
pub(crate) fn input_expr(krate: &RustCrate, op: &OperationDef, value: &Value) -> Result<TokenStream, String> {
    let gen = TestGen { krate, tests: Vec::new(), cases: Vec::new(), names: BTreeSet::new() };
    let module = ident(&op.module);
    gen.struct_expr(&op.input, &quote!(sdk::operation::#module), value)
}

impl TestGen<'_> {
    fn test_name(&mut self, id: &str) -> proc_macro2::Ident {
        let mut name = snake(id).trim_start_matches("r#").to_owned();
        while !self.names.insert(name.clone()) {
            name.push('_');
        }
        format_ident!("{}", name)
    }

    fn push(
        &mut self,
        id: &str,
        kind: &'static str,
        name: proc_macro2::Ident,
        body: Result<TokenStream, String>,
        docs: Option<&str>,
    ) {
        let expected_failure = EXPECTED_FAILURES.iter().find(|(case, _)| *case == id).map(|(_, why)| *why);
        let ignore = match expected_failure {
            Some(why) => {
                let why = format!("expected failure: {why}");
                quote!(#[ignore = #why])
            }
            None => quote!(),
        };
        let doc = docs.map(|d| format!(" {id}: {}", d.replace('\n', " "))).unwrap_or_else(|| format!(" {id}"));
        let not_generated = body.as_ref().err().cloned();
        let body = body.unwrap_or_else(|reason| {
            let message = format!("{id} could not be generated: {reason}");
            quote!(panic!(#message);)
        });
        self.tests.push(quote! {
            #[doc = #doc]
            #[test]
            #ignore
            fn #name() {
                #body
            }
        });
        self.cases.push(ProtocolCase {
            id: id.to_owned(),
            test: name.to_string(),
            kind,
            not_generated,
            expected_failure,
        });
    }

    fn initial_request_case(&mut self, op_shape: &Shape, op: Option<&OperationDef>, case: &Value) {
        let id = text(case, "id").unwrap_or("unnamed");
        let name = self.test_name(id);
        let body = match op {
            None => Err(format!("operation `{}` was left out of the crate", op_shape.id)),
            Some(op) => self.initial_request_body(op, case),
        };
        self.push(id, "event stream", name, body, text(case, "documentation"));
    }

    /// The input from `initialRequestParams` (its stream empty): `serialize_request`'s method,
    /// path and headers must be the initial request's.
    fn initial_request_body(&self, op: &OperationDef, case: &Value) -> Result<TokenStream, String> {
        let module = ident(&op.module);
        let params = case.get("initialRequestParams").cloned().unwrap_or(Value::Object(Default::default()));
        let input = self.struct_expr(&op.input, &quote!(sdk::operation::#module), &params)?;
        let initial = case.get("initialRequest").ok_or("no initial request")?;
        let method = text(initial, "method").unwrap_or("POST");
        let uri = text(initial, "uri").unwrap_or("/");
        let (names, values): (Vec<String>, Vec<String>) = header_pairs(initial).into_iter().unzip();
        Ok(quote! {
            let input = #input;
            let request = sdk::operation::#module::serialize_request(input).expect("the request builds");
            assert_eq!(request.method().as_str(), #method, "method");
            assert_eq!(request.uri().path(), #uri, "path");
            #(assert_eq!(request.headers().get(#names).and_then(|v| v.to_str().ok()), Some(#values), "header {}", #names);)*
        })
    }

    fn input_stream_case(&mut self, op_shape: &Shape, op: Option<&OperationDef>, case: &Value) {
        let id = text(case, "id").unwrap_or("unnamed");
        let name = self.test_name(id);
        let body = match op {
            None => Err(format!("operation `{}` was left out of the crate", op_shape.id)),
            Some(op) => self.input_stream_body(op, case),
        };
        self.push(id, "event stream", name, body, text(case, "documentation"));
    }

    /// The input with the case's events; `serialize_request`'s body, polled to its end, must be
    /// the case's frames, byte for byte (unsigned: the suite's frames are).
    fn input_stream_body(&self, op: &OperationDef, case: &Value) -> Result<TokenStream, String> {
        let module = ident(&op.module);
        let field = op
            .input
            .fields
            .iter()
            .find(|f| matches!(f.ty, RustType::EventSender { .. }))
            .ok_or("the input has no event stream")?;
        let RustType::EventSender { union } = &field.ty else { return Err("not a stream".into()) };
        let union_def = self.find_union(union)?;
        let stream_def = union_def.event_stream.as_ref().ok_or("not an event stream")?;
        // Events, or (a member that is one of the stream's exceptions) the error that ends it.
        let mut items = Vec::new();
        let mut frames = Vec::new();
        for event in case.get("events").and_then(Value::as_array).into_iter().flatten() {
            let params = event.get("params").ok_or("an event without params")?;
            let exception = params
                .as_object()
                .and_then(|o| o.iter().next())
                .and_then(|(member, value)| stream_def.errors.iter().find(|e| e.wire == *member).map(|e| (e, value)));
            items.push(match exception {
                Some((error, value)) => {
                    let ty =
                        RustType::Named { name: error.type_name.clone(), kind: NamedKind::Error { validates: false } };
                    let inner = self.value_expr(&ty, value)?;
                    let inner = if error.boxed { quote!(::std::boxed::Box::new(#inner)) } else { inner };
                    let (error_enum, variant) = (ident(&stream_def.error_name), ident(&error.variant));
                    Err(quote!(sdk::types::#error_enum::#variant(#inner)))
                }
                None => Ok(self.union_expr(union_def, params)?),
            });
            let bytes = decode_base64(text(event, "bytes").ok_or("an event without bytes")?)?;
            frames.push(Literal::byte_string(&bytes));
        }
        let input = ident(&op.input.name);
        let setter = ident(&field.name);
        let events = if items.iter().all(Result::is_ok) {
            let events = items.into_iter().flatten();
            quote!(vec![#(#events),*])
        } else {
            let results = items.into_iter().map(|item| match item {
                Ok(event) => quote!(Ok(#event)),
                Err(error) => quote!(Err(#error)),
            });
            quote!(sdk::event_stream::EventStreamSender::from_results(support::stream(vec![#(#results),*])))
        };
        Ok(quote! {
            let events = #events;
            let input = sdk::operation::#module::#input::builder().#setter(events).build().expect("the input builds");
            let request = sdk::operation::#module::serialize_request(input).expect("the request builds");
            let frames = support::frames(request.into_body());
            let expected: Vec<&[u8]> = vec![#(#frames),*];
            assert_eq!(frames.len(), expected.len(), "one frame per event");
            // Byte for byte, or the same headers in another order (their order carries nothing).
            let decode = |bytes: &[u8]| {
                let mut decoder = sdk::event_stream::Decoder::new();
                decoder.push(bytes);
                decoder.next_message().expect("a valid frame").expect("a whole frame")
            };
            let sorted = |message: &sdk::event_stream::Message| {
                let mut headers: Vec<String> = message.headers.iter().map(|h| format!("{h:?}")).collect();
                headers.sort();
                headers
            };
            for (index, (frame, expected)) in frames.iter().zip(expected).enumerate() {
                if frame.as_slice() != expected {
                    let (ours, theirs) = (decode(frame), decode(expected));
                    assert_eq!(sorted(&ours), sorted(&theirs), "frame {index}: the headers");
                    assert_eq!(ours.payload, theirs.payload, "frame {index}: the payload");
                }
            }
        })
    }

    fn event_stream_case(&mut self, op_shape: &Shape, op: Option<&OperationDef>, case: &Value) {
        let id = text(case, "id").unwrap_or("unnamed");
        let name = self.test_name(id);
        let body = match op {
            None => Err(format!("operation `{}` was left out of the crate", op_shape.id)),
            Some(op) => self.event_stream_body(op, case),
        };
        self.push(id, "event stream", name, body, text(case, "documentation"));
    }

    /// The initial response (200 unless the case says otherwise) with the events' frames as its
    /// body; then the output's members, each event in turn, or the failure the case expects.
    fn event_stream_body(&self, op: &OperationDef, case: &Value) -> Result<TokenStream, String> {
        let module = ident(&op.module);
        let field = op
            .output
            .fields
            .iter()
            .find(|f| matches!(f.ty, RustType::EventStream { .. }))
            .ok_or("the output has no event stream")?;
        let RustType::EventStream { union, error } = &field.ty else { return Err("not a stream".into()) };
        let stream = ident(&field.name);
        let union_def = self.find_union(union)?;
        let initial = case.get("initialResponse");
        let code = initial.and_then(|i| i.get("code")).and_then(Value::as_u64).unwrap_or(200) as u16;
        let headers = initial.map(header_pairs).unwrap_or_default();
        let (header_names, header_values): (Vec<String>, Vec<String>) = headers.into_iter().unzip();
        let events: Vec<&Value> = case.get("events").and_then(Value::as_array).into_iter().flatten().collect();
        let body: Vec<u8> = if (200..300).contains(&code) {
            let mut body = Vec::new();
            for event in &events {
                body.extend(decode_base64(text(event, "bytes").ok_or("an event without bytes")?)?);
            }
            body
        } else {
            initial.and_then(|i| text(i, "body")).unwrap_or_default().as_bytes().to_vec()
        };
        let body = Literal::byte_string(&body);
        let response = quote! {
            let mut response = ::http::Response::builder().status(#code);
            #(response = response.header(#header_names, #header_values);)*
            let response = response.body(#body.to_vec()).expect("a valid test response");
            let result = sdk::operation::#module::deserialize_response(&response);
        };
        let failure = case.pointer("/expectation/failure");
        let Some(failure) = failure else {
            let mut checks = Vec::new();
            if let Some(params) = case.get("initialResponseParams").and_then(Value::as_object) {
                for (member, value) in params {
                    let f = op.output.fields.iter().find(|f| f.member == *member).ok_or("no such member")?;
                    let name = ident(&f.name);
                    let expr = self.value_expr(&f.ty, value)?;
                    let expr = if f.optional { quote!(Some(#expr)) } else { expr };
                    checks.push(quote!(support::assert_same(&output.#name, &#expr);));
                }
            }
            for event in &events {
                let Some(params) = event.get("params") else { continue };
                let expected = self.union_expr(union_def, params)?;
                checks.push(quote! {
                    let event = output.#stream.next_event().expect("a valid event").expect("one more event");
                    support::assert_same(&event, &#expected);
                });
            }
            return Ok(quote! {
                #response
                let mut output = result.expect("the response head parses");
                #(#checks)*
                assert!(output.#stream.next_event().expect("no error").is_none(), "no more events");
                output.#stream.end().expect("the stream ends cleanly");
            });
        };
        let error_id = failure.get("errorId").and_then(Value::as_str);
        if !(200..300).contains(&code) {
            let check = match error_id {
                Some(shape) => {
                    let variant = op
                        .errors
                        .iter()
                        .find(|e| Some(e.code.as_str()) == shape.rsplit('#').next())
                        .ok_or_else(|| format!("`{shape}` is not an error of the operation"))?;
                    let (error_enum, variant) = (ident(&op.error_name), ident(&variant.variant));
                    quote!(assert!(matches!(error, sdk::operation::#module::#error_enum::#variant(_)), "{error:?}");)
                }
                None => quote!(let _ = error;),
            };
            return Ok(quote! {
                #response
                let error = result.expect_err("the response is an error");
                #check
            });
        }
        let check = match error_id {
            Some(shape) => {
                let stream_def = union_def.event_stream.as_ref().ok_or("not an event stream")?;
                let variant = stream_def
                    .errors
                    .iter()
                    .find(|e| Some(e.type_name.as_str()) == shape.rsplit('#').next())
                    .ok_or_else(|| format!("`{shape}` is not an exception of the stream"))?;
                let (error_enum, variant) = (ident(error), ident(&variant.variant));
                quote!(assert!(matches!(error, sdk::types::#error_enum::#variant(_)), "{error:?}");)
            }
            None => quote!(let _ = error;),
        };
        Ok(quote! {
            #response
            let mut output = result.expect("the response head parses");
            let error = loop {
                match output.#stream.next_event() {
                    Ok(Some(_)) => continue,
                    Ok(None) => match output.#stream.end() {
                        Ok(()) => panic!("the stream ended without the expected error"),
                        Err(error) => break error,
                    },
                    Err(error) => break error,
                }
            };
            #check
        })
    }

    fn request_case(&mut self, op_shape: &Shape, op: Option<&OperationDef>, case: &Value) {
        let id = text(case, "id").unwrap_or("unnamed");
        let name = self.test_name(id);
        let body = match op {
            None => Err(format!("operation `{}` was left out of the crate", op_shape.id)),
            Some(op) => self.request_body(op, case),
        };
        self.push(id, "request", name, body, text(case, "documentation"));
    }

    fn request_body(&self, op: &OperationDef, case: &Value) -> Result<TokenStream, String> {
        let module = ident(&op.module);
        let params = case.get("params").cloned().unwrap_or(Value::Object(Default::default()));
        let input = self.struct_expr(&op.input, &quote!(sdk::operation::#module), &params)?;
        let method = text(case, "method").unwrap_or("");
        let path = text(case, "uri").unwrap_or("");
        let query = strings(case, "queryParams");
        let forbid_query = strings(case, "forbidQueryParams");
        let require_query = strings(case, "requireQueryParams");
        let headers = header_pairs(case);
        let (header_names, header_values): (Vec<String>, Vec<String>) = headers.into_iter().unzip();
        let forbid_headers = strings(case, "forbidHeaders");
        let require_headers = strings(case, "requireHeaders");
        let body = match text(case, "body") {
            Some(body) => quote!(Some(#body)),
            None => quote!(None),
        };
        let media_type = match text(case, "bodyMediaType") {
            Some(media) => quote!(Some(#media)),
            None => quote!(None),
        };
        let host = text(case, "host").unwrap_or("example.com");
        let map_entries = xml_map_entries(self.krate);
        let tokens = if self.krate.needs.idempotency {
            quote!(sdk::set_idempotency_token_generator(|| "00000000-0000-4000-8000-000000000000".to_owned());)
        } else {
            quote!()
        };
        let resolved_host = match (text(case, "resolvedHost"), &op.host_prefix) {
            (Some(resolved), Some(_)) => quote! {
                let prefix = sdk::operation::#module::host_prefix(&input).expect("the host prefix builds");
                assert_eq!(format!("{prefix}{}", #host), #resolved, "resolved host");
            },
            (Some(resolved), None) => quote!(assert_eq!(#host, #resolved, "resolved host");),
            (None, _) => quote!(),
        };
        // A streaming input moves into its request; the test's body is in memory.
        let serialize = if op.streaming_input().is_some() {
            quote! {
                let request = sdk::operation::#module::serialize_request(input).expect("the request builds");
                let request = request.map(|body| body.bytes().unwrap_or_default().to_vec());
            }
        } else {
            quote!(let request = sdk::operation::#module::serialize_request(&input).expect("the request builds");)
        };
        Ok(quote! {
            #tokens
            let input = #input;
            #resolved_host
            #serialize
            support::check_request(&request, &support::ExpectedRequest {
                host: #host,
                method: #method,
                path: #path,
                query: &[#(#query),*],
                forbid_query: &[#(#forbid_query),*],
                require_query: &[#(#require_query),*],
                headers: &[#((#header_names, #header_values)),*],
                forbid_headers: &[#(#forbid_headers),*],
                require_headers: &[#(#require_headers),*],
                body: #body,
                media_type: #media_type,
                map_entries: &[#(#map_entries),*],
            });
        })
    }

    fn response_case(&mut self, op_shape: &Shape, op: Option<&OperationDef>, case: &Value, error: Option<&Shape>) {
        let id = text(case, "id").unwrap_or("unnamed");
        let kind = if error.is_some() { "error" } else { "response" };
        // An error's cases run once per operation that can return it.
        let name = match error {
            Some(_) => self.test_name(&format!("{id}_{}", op_shape.id.name())),
            None => self.test_name(id),
        };
        let body = match op {
            None => Err(format!("operation `{}` was left out of the crate", op_shape.id)),
            Some(op) => self.response_body(op, case, error),
        };
        self.push(id, kind, name, body, text(case, "documentation"));
    }

    fn response_body(&self, op: &OperationDef, case: &Value, error: Option<&Shape>) -> Result<TokenStream, String> {
        let module = ident(&op.module);
        let code = case.get("code").and_then(Value::as_u64).unwrap_or(200) as u16;
        let headers = header_pairs(case);
        let query_error =
            headers.iter().find(|(name, _)| name.eq_ignore_ascii_case("x-amzn-query-error")).map(|(_, v)| v.clone());
        let (header_names, header_values): (Vec<String>, Vec<String>) = headers.into_iter().unzip();
        let body = text(case, "body").unwrap_or("");
        let params = case.get("params").cloned().unwrap_or(Value::Object(Default::default()));
        let nan = params.to_string().contains("NaN");
        let compare = if nan { quote!(support::assert_same_debug) } else { quote!(support::assert_same) };
        let response = quote! {
            let response = support::response(#code, &[#((#header_names, #header_values)),*], #body);
        };
        // A streaming output takes its response by value (and its body as it is).
        let response_arg = if op.streaming_output().is_some() { quote!(response) } else { quote!(&response) };
        match error {
            None => {
                let expected = self.struct_expr(&op.output, &quote!(sdk::operation::#module), &params)?;
                Ok(quote! {
                    #response
                    let output = sdk::operation::#module::deserialize_response(#response_arg).expect("the response parses");
                    let expected = #expected;
                    #compare(&output, &expected);
                })
            }
            Some(error_shape) => {
                let error_name = ident(&op.error_name);
                let variant = op
                    .errors
                    .iter()
                    .find(|e| {
                        // By the error's shape: its wire code may be an `@awsQueryError` code.
                        self.krate.errors.iter().any(|d| d.name == e.type_name && d.shape_name == error_shape.id.name())
                    })
                    .ok_or_else(|| format!("`{}` is not an error of `{}`", error_shape.id, op.name))?;
                let def = self
                    .krate
                    .errors
                    .iter()
                    .find(|d| d.name == variant.type_name)
                    .ok_or_else(|| format!("no error type `{}`", variant.type_name))?;
                let mut expected = self.struct_expr(def, &quote!(sdk::error), &params)?;
                // The header member an `@awsQueryCompatible` error gets is not in the case's params.
                if let (Role::Error { query_error: Some(index), .. }, Some(header)) = (&def.role, &query_error) {
                    if let Some(field) = def.fields.get(*index) {
                        let member = ident(&field.name);
                        expected = quote!({
                            let mut expected = #expected;
                            expected.#member = Some(#header.to_owned());
                            expected
                        });
                    }
                }
                // The `<Message>` an XML error without a modeled message keeps is not in the
                // case's params either: it is what the case's body says.
                if let Role::Error { message: Some(index), .. } = &def.role {
                    let field = def
                        .fields
                        .get(*index)
                        .filter(|field| !error_shape.kind.members().iter().any(|member| member.name == field.member));
                    if let Some(field) = field {
                        let member = ident(&field.name);
                        let body = text(case, "body").unwrap_or_default();
                        let message = body
                            .split_once("<Message>")
                            .and_then(|(_, rest)| rest.split_once("</Message>"))
                            .map(|(message, _)| message);
                        let value = match message {
                            Some(message) => quote!(Some(#message.to_owned())),
                            None => quote!(None),
                        };
                        expected = quote!({
                            let mut expected = #expected;
                            expected.#member = #value;
                            expected
                        });
                    }
                }
                // `vendorParams.code`: the code the SDK exposes (the query code for query-compatible services).
                let code_check = match case.get("vendorParams").and_then(|v| v.get("code")).and_then(Value::as_str) {
                    Some(code) => quote!(assert_eq!(error.code(), Some(#code), "the exposed error code");),
                    None => quote!(),
                };
                let variant_ident = ident(&variant.variant);
                let actual = if variant.boxed { quote!(&*error) } else { quote!(&error) };
                Ok(quote! {
                    #response
                    let expected = #expected;
                    let error = sdk::operation::#module::deserialize_response(#response_arg).expect_err("an error response");
                    #code_check
                    match error {
                        sdk::operation::#module::#error_name::#variant_ident(error) => #compare(#actual, &expected),
                        other => panic!("expected the `{}` error, got {other:?}", stringify!(#variant_ident)),
                    }
                })
            }
        }
    }

    /// `Type::builder().member(value)…build()` for a structure value.
    fn struct_expr(&self, def: &StructDef, module: &TokenStream, value: &Value) -> Result<TokenStream, String> {
        let object = value.as_object().ok_or_else(|| format!("`{}` expects an object, found {value}", def.name))?;
        let name = ident(&def.name);
        let mut setters = Vec::new();
        for (member, member_value) in object {
            let field = def
                .fields
                .iter()
                .find(|f| f.member == *member)
                .ok_or_else(|| format!("`{}` has no member `{member}`", def.name))?;
            if member_value.is_null() {
                continue;
            }
            let expr = self.value_expr(&field.ty, member_value)?;
            // A list's or map's own setter adds one element: the whole value goes through `set_`.
            if matches!(field.ty, RustType::List(_) | RustType::Map(..)) && !field.boxed {
                let bare = field.name.strip_prefix("r#").unwrap_or(&field.name);
                let setter = ident(&crate::ir::naming::setter_name(bare));
                setters.push(quote!(.#setter(Some(#expr))));
            } else {
                let setter = ident(&field.name);
                setters.push(quote!(.#setter(#expr)));
            }
        }
        let build =
            if def.builder_is_fallible() { quote!(.build().expect("the value builds")) } else { quote!(.build()) };
        Ok(quote!(#module::#name::builder() #(#setters)* #build))
    }

    fn named_path(&self, name: &str, kind: NamedKind) -> TokenStream {
        let name = ident(name);
        match kind {
            NamedKind::Error { .. } => quote!(sdk::error::#name),
            _ => quote!(sdk::types::#name),
        }
    }

    fn value_expr(&self, ty: &RustType, value: &Value) -> Result<TokenStream, String> {
        let mismatch = || format!("expected {ty:?}, found {value}");
        Ok(match ty {
            RustType::EventStream { .. } | RustType::EventSender { .. } => {
                return Err("an event stream has no literal value".to_owned())
            }
            RustType::String => {
                let s = value.as_str().ok_or_else(mismatch)?;
                quote!(#s.to_owned())
            }
            RustType::Bool => {
                let b = value.as_bool().ok_or_else(mismatch)?;
                quote!(#b)
            }
            RustType::I8 => int(value, |n| Literal::i8_suffixed(n as i8))?,
            RustType::I16 => int(value, |n| Literal::i16_suffixed(n as i16))?,
            RustType::I32 => int(value, |n| Literal::i32_suffixed(n as i32))?,
            RustType::I64 => int(value, Literal::i64_suffixed)?,
            RustType::F32 => float(value, "f32", |f| Literal::f32_suffixed(f as f32))?,
            RustType::F64 => float(value, "f64", Literal::f64_suffixed)?,
            // The IDL's node values keep date-times as text.
            RustType::DateTime(_) if value.is_string() => {
                let text = value.as_str().unwrap_or_default();
                quote!(sdk::primitives::DateTime::parse_date_time(#text).expect("a valid timestamp"))
            }
            RustType::DateTime(_) => {
                let secs = value.as_f64().ok_or_else(mismatch)?;
                if secs.fract() == 0.0 {
                    let secs = Literal::i64_suffixed(secs as i64);
                    quote!(sdk::primitives::DateTime::from_secs(#secs))
                } else {
                    let secs = Literal::f64_suffixed(secs);
                    quote!(sdk::primitives::DateTime::from_fractional_secs(#secs).expect("a valid timestamp"))
                }
            }
            RustType::Blob => {
                let s = value.as_str().ok_or_else(mismatch)?;
                quote!(sdk::primitives::Blob::from(#s))
            }
            RustType::ByteStream { .. } => {
                let s = value.as_str().ok_or_else(mismatch)?.to_owned();
                quote!(sdk::primitives::ByteStream::from(#s))
            }
            RustType::BigInteger | RustType::BigDecimal => {
                let text = match value {
                    Value::Number(n) => n.to_string(),
                    Value::String(s) => s.clone(),
                    _ => return Err(mismatch()),
                };
                let ty = if *ty == RustType::BigInteger { quote!(BigInteger) } else { quote!(BigDecimal) };
                quote!(sdk::primitives::#ty::new(#text).expect("a valid number"))
            }
            RustType::Document => {
                let json = value.to_string();
                quote!(::serde_json::from_str::<::serde_json::Value>(#json).expect("a JSON document"))
            }
            RustType::Nullable(inner) => {
                if value.is_null() {
                    quote!(None)
                } else {
                    let inner = self.value_expr(inner, value)?;
                    quote!(Some(#inner))
                }
            }
            RustType::List(element) => {
                let items = value.as_array().ok_or_else(mismatch)?;
                let items = items.iter().map(|item| self.value_expr(element, item)).collect::<Result<Vec<_>, _>>()?;
                quote!(vec![#(#items),*])
            }
            RustType::Map(key, element) => {
                let entries = value.as_object().ok_or_else(mismatch)?;
                let entries = entries
                    .iter()
                    .map(|(k, v)| {
                        let k = self.value_expr(key, &Value::String(k.clone()))?;
                        let v = self.value_expr(element, v)?;
                        Ok(quote!((#k, #v)))
                    })
                    .collect::<Result<Vec<_>, String>>()?;
                quote!([#(#entries),*].into_iter().collect::<::std::collections::HashMap<_, _>>())
            }
            RustType::Named { name, kind } => match kind {
                NamedKind::Enum => {
                    let s = value.as_str().ok_or_else(mismatch)?;
                    let path = self.named_path(name, *kind);
                    quote!(#path::from(#s))
                }
                NamedKind::Struct { .. } | NamedKind::Error { .. } => {
                    let def = self.find_struct(name, *kind)?;
                    self.struct_expr(def, &self.module_of(*kind), value)?
                }
                NamedKind::Union => {
                    let def = self.find_union(name)?;
                    self.union_expr(def, value)?
                }
            },
        })
    }

    fn module_of(&self, kind: NamedKind) -> TokenStream {
        match kind {
            NamedKind::Error { .. } => quote!(sdk::error),
            _ => quote!(sdk::types),
        }
    }

    fn find_struct(&self, name: &str, kind: NamedKind) -> Result<&StructDef, String> {
        let found = match kind {
            NamedKind::Error { .. } => self.krate.errors.iter().find(|e| e.name == name),
            _ => self.krate.types.iter().find_map(|t| match t {
                TypeDef::Struct(s) if s.name == name => Some(s),
                _ => None,
            }),
        };
        found.ok_or_else(|| format!("no structure `{name}`"))
    }

    fn find_union(&self, name: &str) -> Result<&UnionDef, String> {
        self.krate
            .types
            .iter()
            .find_map(|t| match t {
                TypeDef::Union(u) if u.name == name => Some(u),
                _ => None,
            })
            .ok_or_else(|| format!("no union `{name}`"))
    }

    fn union_expr(&self, def: &UnionDef, value: &Value) -> Result<TokenStream, String> {
        let object = value.as_object().ok_or_else(|| format!("union `{}` expects an object", def.name))?;
        let (member, member_value) =
            object.iter().next().ok_or_else(|| format!("union `{}` with no member", def.name))?;
        let variant = def
            .variants
            .iter()
            .find(|v| v.member == *member)
            .ok_or_else(|| format!("union `{}` has no member `{member}`", def.name))?;
        let path = self.named_path(&def.name, NamedKind::Union);
        let variant_ident = ident(&variant.name);
        Ok(match &variant.ty {
            None => quote!(#path::#variant_ident),
            Some(ty) => {
                let inner = self.value_expr(ty, member_value)?;
                if variant.boxed {
                    quote!(#path::#variant_ident(::std::boxed::Box::new(#inner)))
                } else {
                    quote!(#path::#variant_ident(#inner))
                }
            }
        })
    }
}

fn int(value: &Value, literal: impl Fn(i64) -> Literal) -> Result<TokenStream, String> {
    let n = value.as_i64().ok_or_else(|| format!("expected an integer, found {value}"))?;
    let lit = literal(n);
    Ok(quote!(#lit))
}

fn float(value: &Value, ty: &str, literal: impl Fn(f64) -> Literal) -> Result<TokenStream, String> {
    let ty = format_ident!("{}", ty);
    Ok(match value {
        Value::String(s) if s == "NaN" => quote!(#ty::NAN),
        Value::String(s) if s == "Infinity" => quote!(#ty::INFINITY),
        Value::String(s) if s == "-Infinity" => quote!(#ty::NEG_INFINITY),
        Value::Number(n) => {
            let lit = literal(n.as_f64().unwrap_or_default());
            quote!(#lit)
        }
        other => return Err(format!("expected a number, found {other}")),
    })
}

/// Standard base64 (the cases' frames), padding optional.
fn decode_base64(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut buffer, mut bits) = (0_u32, 0);
    for byte in text.bytes().filter(|b| *b != b'=') {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return Err(format!("`{text}` is not base64")),
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Ok(out)
}
