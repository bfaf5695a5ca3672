//! The generated crate's `client` and `blocking` features: `src/client.rs` (`Client`, its
//! configuration and endpoint resolution), `src/blocking.rs` (the blocking `Client`) and, in
//! each operation's own file, the methods that send it (and its paginator and waiters), so
//! that no file grows with the number of operations. Each async method is a few lines that hand
//! the operation's functions to the runtime (`codegen/runtime/client.rs`), which does the rest:
//! endpoint, signing, sending, retries. Each blocking method runs its async twin on the thread
//! (`codegen/runtime/blocking.rs`): one line, the same code.

use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{deprecated_attr, ident, Ctx, FileContent};
use crate::ir::{AuthMode, EndpointParamKind, OperationDef, PaginatorDef, RustCrate, RustType};

pub(crate) fn emit(krate: &RustCrate) -> Vec<(PathBuf, FileContent)> {
    let Some(first) = krate.operations.first() else { return Vec::new() };
    let signing_name = &krate.service.signing_name;
    let (resolver, resolve) = match resolve_endpoint(krate) {
        Some(resolver) => (resolver, quote!(Some(resolve_endpoint))),
        None => (quote!(), quote!(None)),
    };
    let endpoint_doc = if krate.endpoint.is_some() {
        "The endpoint comes from the service's\n\
         endpoint rules (region, FIPS, dual-stack, the operation's context parameters), with\n\
         [`ConfigBuilder::endpoint_url`] as the rules' `Endpoint` parameter when set."
    } else {
        "This crate has no endpoint rules:\n\
         give the endpoint with [`ConfigBuilder::endpoint_url`]."
    };
    let crate_name = krate.package.replace('-', "_");
    let module = first.module.strip_prefix("r#").unwrap_or(&first.module);
    let module_doc = format!(
        "An async client for {}, behind the `client` feature.\n\n\
         [`Client`] sends each operation over HTTPS (hyper, rustls), signs it with SigV4 (signing\n\
         name `{signing_name}`; operations modeled `@auth([])` go unsigned, and `@optionalAuth` ones\n\
         are signed only when there are credentials), retries throttling and transient errors as the\n\
         AWS SDKs' standard retry mode does (exponential backoff with jitter, or the service's\n\
         `x-amz-retry-after`; a retry quota shared by the client's calls), and gives each attempt a\n\
         timeout. {endpoint_doc}\n\n\
         ```no_run\n\
         # async fn example() -> Result<(), Box<dyn std::error::Error>> {{\n\
         use {crate_name}::client::{{Client, Config, Credentials}};\n\n\
         // Region and credentials may also come from AWS_REGION, AWS_ACCESS_KEY_ID, … (see `ConfigBuilder`).\n\
         let config = Config::builder()\n    .region(\"us-east-1\")\n    .credentials(Credentials::new(\"AKID\", \"SECRET\", None))\n    .build()?;\n\
         let client = Client::new(config);\n\
         // A fluent call: the input's setters on the builder the client gives, then `send`.\n\
         let output = client.{}().send().await?;\n\
         // Or a built input, sent.\n\
         let input = {crate_name}::operation::{module}::{}::builder().build()?;\n\
         let output = client.{}(input).await?;\n\
         # let _ = output;\n\
         # Ok(())\n\
         # }}\n\
         ```",
        krate.service.title, first.client_method, first.input.name, first.input_method
    );
    let module_doc = super::inner_doc_attrs(&module_doc);
    // Flexible checksums' settings (their `ConfigBuilder` setters are in `checksum.rs`).
    let checksum_settings = if krate.needs.checksum {
        quote!(
            pub use crate::rt::checksum::{RequestChecksumCalculation, ResponseChecksumValidation};
        )
    } else {
        quote!()
    };
    // What the `wait_until_*` methods return.
    let waiter_types = if krate.operations.iter().any(|op| !op.waiters.is_empty()) {
        quote!(
            pub use crate::rt::waiter::{FinalPoll, WaiterError};
        )
    } else {
        quote!()
    };
    let tokens = quote! {
        #module_doc

        pub use crate::rt::client::{
            BodyError, BoxError, Config, ConfigBuilder, ConfigError, Credentials, CredentialsError, CredentialsFuture,
            DispatchError, HttpClient, HttpFuture, Paginator, ProvideCredentials, Replay, ResolveEndpointError,
            ResponseBody, SdkError, SendBody, ServiceError,
        };
        #checksum_settings
        #waiter_types
        use crate::rt::client::ClientInner;

        /// The name requests are signed for (SigV4), unless the endpoint says otherwise.
        const SIGNING_NAME: &str = #signing_name;

        /// Sends the service's operations: one async method per operation (named after its module
        /// in [`crate::operation`]). Cheap to clone: clones share the configuration and the
        /// connection pool. Needs a Tokio runtime with timers enabled. (With the `blocking`
        /// feature alone, it sends through ureq and its futures block the thread that polls
        /// them: use `blocking::Client` there.)
        #[derive(Debug, Clone)]
        pub struct Client {
            /// Read by the methods in each operation's module.
            pub(crate) inner: ::std::sync::Arc<ClientInner>,
        }

        impl Client {
            /// A client with this configuration (connections are made when first needed).
            pub fn new(config: Config) -> Self {
                Self::with_driver(config, crate::rt::client::Driver::ASYNC)
            }

            /// A client that sends and waits with `driver` (the blocking client's is the thread).
            pub(crate) fn with_driver(config: Config, driver: crate::rt::client::Driver) -> Self {
                Self { inner: ::std::sync::Arc::new(ClientInner::new(config, SIGNING_NAME, #resolve, driver)) }
            }

            /// The client's configuration.
            pub fn config(&self) -> &Config {
                self.inner.config()
            }
        }

        #resolver
    };
    vec![(PathBuf::from("src/client.rs"), FileContent::Rust(tokens)), blocking_module(krate)]
}

/// `src/blocking.rs`: the blocking `Client`, an async one on the thread's driver.
fn blocking_module(krate: &RustCrate) -> (PathBuf, FileContent) {
    let crate_name = krate.package.replace('-', "_");
    let example = match krate.operations.iter().find(|op| !op.has_event_stream()) {
        Some(op) => {
            let module = op.module.strip_prefix("r#").unwrap_or(&op.module);
            format!(
                "\n\n```no_run\n\
                 # fn example() -> Result<(), Box<dyn std::error::Error>> {{\n\
                 use {crate_name}::client::{{Config, Credentials}};\n\n\
                 let config = Config::builder()\n    .region(\"us-east-1\")\n    .credentials(Credentials::new(\"AKID\", \"SECRET\", None))\n    .build()?;\n\
                 let client = {crate_name}::blocking::Client::new(config);\n\
                 let input = {crate_name}::operation::{module}::{}::builder().build()?;\n\
                 let output = client.{}(input)?;\n\
                 # let _ = output;\n\
                 # Ok(())\n\
                 # }}\n\
                 ```",
                op.input.name, op.client_method
            )
        }
        None => String::new(),
    };
    let doc = format!(
        "A blocking client for {}, behind the `blocking` feature: for programs without an async\n\
         runtime (command-line tools, scripts, build steps).\n\n\
         [`Client`] has a method per operation that takes the built input and returns when the\n\
         response is read, and the paginators (as iterators), waiters and presigning of the async\n\
         client. It is the async `client::Client` run on the calling thread: the same signing,\n\
         endpoints, retries and timeouts, through ureq (HTTP/1.1, rustls), with no runtime and no\n\
         background thread. Operations with event streams are the async client's only.{example}",
        krate.service.title
    );
    let doc = super::inner_doc_attrs(&doc);
    let tokens = quote! {
        #doc

        pub use crate::rt::blocking::Paginator;
        use crate::client::Config;

        /// Sends the service's operations, blocking the calling thread until each response is
        /// read. Cheap to clone: clones share the configuration and the connection pool.
        #[derive(Debug, Clone)]
        pub struct Client {
            /// The async client each method runs.
            pub(crate) client: crate::client::Client,
        }

        impl Client {
            /// A client with this configuration (connections are made when first needed).
            pub fn new(config: Config) -> Self {
                Self { client: crate::client::Client::with_driver(config, crate::rt::client::Driver::Thread) }
            }

            /// The client's configuration.
            pub fn config(&self) -> &Config {
                self.client.config()
            }
        }
    };
    (PathBuf::from("src/blocking.rs"), FileContent::Rust(tokens))
}

/// The `ConfigBuilder` setter and `Config` getter of each client context parameter
/// (`smithy.rules#clientContextParams`).
fn client_params(krate: &RustCrate) -> TokenStream {
    let Some(def) = &krate.endpoint else { return quote!() };
    if def.client_params.is_empty() {
        return quote!();
    }
    let (mut setters, mut getters) = (Vec::new(), Vec::new());
    for client_param in &def.client_params {
        let Some(param) = def.params.get(client_param.param) else { continue };
        let name = &param.name;
        let method = ident(&client_param.method);
        let mut doc = client_param.docs.clone().unwrap_or_default();
        doc.push_str(&format!("\n\nEndpoint rule-set parameter `{name}` (a client context parameter)."));
        let docs = super::doc_attrs(Some(doc.trim_start()));
        match param.kind {
            EndpointParamKind::Bool => {
                setters.push(quote! {
                    #docs
                    pub fn #method(self, #method: bool) -> Self {
                        self.context_param(#name, crate::rt::client::ContextParam::Bool(#method))
                    }
                });
                getters.push(quote! {
                    #docs
                    pub fn #method(&self) -> Option<bool> {
                        self.context_bool(#name)
                    }
                });
            }
            EndpointParamKind::String | EndpointParamKind::StringArray => {
                setters.push(quote! {
                    #docs
                    pub fn #method(self, #method: impl Into<String>) -> Self {
                        self.context_param(#name, crate::rt::client::ContextParam::String(#method.into()))
                    }
                });
                getters.push(quote! {
                    #docs
                    pub fn #method(&self) -> Option<&str> {
                        self.context_string(#name)
                    }
                });
            }
        }
    }
    quote! {
        impl ConfigBuilder {
            #(#setters)*
        }

        impl Config {
            #(#getters)*
        }
    }
}

/// The `Client` methods of one operation, for the operation's own file (behind the feature).
pub(crate) fn operation_impl(op: &OperationDef, krate: &RustCrate, ctx: &Ctx) -> TokenStream {
    if !super::crate_files::has_client(krate) {
        return quote!();
    }
    let method = operation_method(op);
    // A paginator sends its input again for each page: not one whose body streams.
    let pages = op
        .paginator
        .as_ref()
        .filter(|_| op.streaming_input().is_none())
        .and_then(|p| Some((p, paginator_args(op, p, ctx)?)));
    let paginator = pages.as_ref().map(|(p, args)| paginator_method(op, p, args));
    let waiters = super::waiter::methods(op, &operation_value(op));
    let send = builder_send(op);
    let blocking = blocking_methods(op, pages.as_ref());
    let cfg = super::client_cfg();
    quote! {
        #cfg
        impl crate::client::Client {
            #method
            #paginator
            #waiters
        }

        #send
        #blocking
    }
}

/// The blocking client's methods of one operation: each runs the async client's method of
/// the same name on the calling thread (the send method is named after the fluent one, but
/// takes the built input). None for an operation with an event stream.
fn blocking_methods(op: &OperationDef, pages: Option<&(&PaginatorDef, (TokenStream, TokenStream))>) -> TokenStream {
    if op.has_event_stream() {
        return quote!();
    }
    let (input, output, error) = (ident(&op.input.name), ident(&op.output.name), ident(&op.error_name));
    let (method, async_method) = (ident(&op.client_method), &op.input_method);
    let async_ident = ident(async_method);
    let bare = op.client_method.strip_prefix("r#").unwrap_or(&op.client_method);
    let presign = format_ident!("presign_{}", bare);
    let deprecated = deprecated_attr(op.deprecated.as_deref());
    let doc = |what: &str, async_name: &str| {
        let doc = format!(
            " {what}, blocking: [`client::Client::{async_name}`](crate::client::Client::{async_name}) run on this thread.\n\n \
             # Errors\n\n As the async method's."
        );
        let lines: Vec<String> = doc.lines().map(str::to_owned).collect();
        quote!(#(#[doc = #lines])*)
    };
    let send_doc = doc(&format!("Sends `{}`", op.name), async_method);
    let presign_doc = doc(&format!("A presigned `{}` request", op.name), &presign.to_string());
    let paginator = pages.map(|(paginator, (args, _))| {
        let method = ident(&paginator.method);
        let doc = format!(
            " The pages of `{}` as an iterator: [`client::Client::{}`](crate::client::Client::{}), each page sent when it is asked for.",
            op.name, paginator.method, paginator.method
        );
        quote! {
            #[doc = #doc]
            #deprecated
            pub fn #method(&self, input: #input) -> crate::blocking::Paginator #args {
                crate::blocking::Paginator::new(self.client.#method(input))
            }
        }
    });
    let waiters = op.waiters.iter().map(|waiter| {
        let method = ident(&waiter.method);
        let waiter_doc = doc(&format!("The `{}` waiter", waiter.name), &waiter.method);
        let deprecated = if waiter.deprecated { quote!(#[deprecated]) } else { quote!() };
        quote! {
            #waiter_doc
            #deprecated
            pub fn #method(
                &self,
                input: #input,
                max_wait: ::std::time::Duration,
            ) -> ::std::result::Result<crate::client::FinalPoll<#output, #error>, crate::client::WaiterError<#output, #error>> {
                crate::rt::blocking::run(self.client.#method(input, max_wait))
            }
        }
    });
    // The methods return the async ones' `Result`s as they are: boxing the error (clippy's
    // advice for a large `Err`) would make the two clients' errors differ.
    quote! {
        #[cfg(feature = "blocking")]
        #[allow(clippy::result_large_err)]
        impl crate::blocking::Client {
            #send_doc
            #deprecated
            pub fn #method(&self, input: #input) -> ::std::result::Result<#output, crate::client::SdkError<#error>> {
                crate::rt::blocking::run(self.client.#async_ident(input))
            }

            #presign_doc
            #deprecated
            pub fn #presign(
                &self,
                input: #input,
                expires_in: ::std::time::Duration,
            ) -> ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, crate::client::SdkError<#error>> {
                crate::rt::blocking::run(self.client.#presign(input, expires_in))
            }

            #paginator
            #(#waiters)*
        }
    }
}

/// `send()` on the input's builder: builds the input and sends it with the client the builder
/// came from.
fn builder_send(op: &OperationDef) -> TokenStream {
    let builder = format_ident!("{}Builder", op.input.name);
    let (output, error) = (ident(&op.output.name), ident(&op.error_name));
    let method = ident(&op.input_method);
    let fluent = &op.client_method;
    let build = if op.input.builder_is_fallible() {
        quote!(self.build().map_err(crate::client::SdkError::Build)?)
    } else {
        quote!(self.build())
    };
    let doc = format!(
        " Builds the input and sends it with the client this builder came from\n \
         ([`Client::{fluent}`](crate::client::Client::{fluent})).\n\n # Errors\n\n \
         As [`Client::{}`](crate::client::Client::{}); also\n \
         [`SdkError::Build`](crate::client::SdkError::Build) when the input does not build, or the builder\n \
         was made by `{}::builder()`, which has no client.",
        op.input_method, op.input_method, op.input.name
    );
    let docs = doc.lines().map(|line| quote!(#[doc = #line]));
    let deprecated = deprecated_attr(op.deprecated.as_deref());
    let cfg = super::client_cfg();
    quote! {
        #cfg
        impl #builder {
            #(#docs)*
            #deprecated
            pub async fn send(self) -> ::std::result::Result<#output, crate::client::SdkError<#error>> {
                let inner = self.client.inner()?;
                let input = #build;
                crate::client::Client { inner }.#method(input).await
            }
        }
    }
}

/// The `Operation` value: the module's functions and the error's `code`.
fn operation_value(op: &OperationDef) -> TokenStream {
    let error = ident(&op.error_name);
    let host_prefix = if op.host_prefix.is_some() { quote!(.with_host_prefix(host_prefix)) } else { quote!() };
    let endpoint = if op.endpoint_params.is_empty() {
        quote!()
    } else {
        let bare = op.module.strip_prefix("r#").unwrap_or(&op.module);
        let bind = format_ident!("bind_{}", bare);
        quote! {
            .with_endpoint(|config, input| {
                let mut params = crate::client::endpoint_params(config);
                params.#bind(input);
                crate::client::resolve(&params)
            })
        }
    };
    let auth = match op.auth {
        AuthMode::SigV4 => quote!(),
        AuthMode::Optional => quote!(.with_auth(crate::rt::client::Auth::Optional)),
        AuthMode::Unsigned => quote!(.with_auth(crate::rt::client::Auth::Unsigned)),
    };
    // An event stream or a byte stream reads the rest of the body as it arrives (its
    // `deserialize_response` takes the response by value: a copy of the head is handed over).
    let stream = op.output.fields.iter().find_map(|f| {
        let field = ident(&f.name);
        match f.ty {
            RustType::EventStream { .. } => {
                Some(quote!(.with_streaming_output(|output, body| output.#field.set_source(body))))
            }
            RustType::ByteStream { .. } => Some(quote! {
                .with_streaming_output(|output, body| output.#field = crate::primitives::ByteStream::from_source(body))
            }),
            _ => None,
        }
    });
    let deserialize = if op.streaming_output().is_some() {
        quote!(|response| deserialize_response(crate::rt::client::owned(response)))
    } else {
        quote!(deserialize_response)
    };
    let events = op.streaming_input().is_some_and(|f| matches!(f.ty, RustType::EventSender { .. }));
    let events = if events { quote!(.with_event_stream_input(crate::rt::events::signed)) } else { quote!() };
    let new = if op.streaming_input().is_some() {
        quote! {
            crate::rt::client::Operation::with_streaming_input(
                |input| serialize_request(input).map(crate::rt::client::boxed),
                #deserialize,
                #error::code,
            )
            #events
        }
    } else {
        quote!(crate::rt::client::Operation::new(serialize_request, #deserialize, #error::code))
    };
    // `aws.protocols#httpChecksum`: the request takes a checksum (one the input names, else
    // CRC32 when the configuration or the operation wants one) ...
    let request_checksum = op.checksum.as_ref().filter(|c| c.algorithm.is_some() || c.required).map(|c| {
        let required = c.required;
        quote!(.with_request_checksum(crate::rt::checksum::CLIENT, #required))
    });
    // ... and the response's is checked when the input's mode member says `ENABLED`, or the
    // configuration wants it (the mode header then asks the service for it).
    let response_checksum =
        op.checksum.as_ref().and_then(|c| c.validation).and_then(|index| op.input.fields.get(index)).map(|field| {
            let name = ident(&field.name);
            let mode = match (&field.ty, field.optional) {
                (RustType::Named { .. }, true) => {
                    quote!(input.#name.as_ref().is_some_and(|mode| mode.as_str() == "ENABLED"))
                }
                (RustType::Named { .. }, false) => quote!(input.#name.as_str() == "ENABLED"),
                (_, true) => quote!(input.#name.as_deref() == Some("ENABLED")),
                (_, false) => quote!(input.#name == "ENABLED"),
            };
            let header = match &field.binding {
                crate::ir::Binding::Header(header) => quote!(Some(#header)),
                _ => quote!(None),
            };
            quote!(.with_response_checksum(crate::rt::checksum::CLIENT, |input| #mode, #header))
        });
    quote!(#new #host_prefix #auth #endpoint #stream #request_checksum #response_checksum)
}

fn operation_method(op: &OperationDef) -> TokenStream {
    let method = ident(&op.input_method);
    let fluent = ident(&op.client_method);
    let builder = format_ident!("{}Builder", op.input.name);
    let (input, output, error) = (ident(&op.input.name), ident(&op.output.name), ident(&op.error_name));
    let value = operation_value(op);
    let bare = op.module.strip_prefix("r#").unwrap_or(&op.module);
    let doc = format!(
        " Sends `{}` (see [`operation::{bare}`](crate::operation::{bare})).\n\n # Errors\n\n \
         [`SdkError::Service`](crate::client::SdkError::Service) holds the operation's error; the\n \
         other variants say why no response was had (after the retries the configuration allows).",
        op.name
    );
    let docs = doc.lines().map(|line| quote!(#[doc = #line]));
    let fluent_doc = format!(
        " `{}` as a fluent call: set the input's members on the builder this gives, then\n \
         [`send`]({builder}::send) it (or send a built input with [`{}`](Self::{})).",
        op.name, op.input_method, op.input_method
    );
    let rest = if op.input.fields.is_empty() { quote!() } else { quote!(, ..::std::default::Default::default()) };
    let fluent_docs = fluent_doc.lines().map(|line| quote!(#[doc = #line]));
    let deprecated = deprecated_attr(op.deprecated.as_deref());
    // A streaming input moves into its request.
    let send = if op.streaming_input().is_some() {
        quote!(crate::rt::client::send_owned(&self.inner, #value, input).await)
    } else {
        quote!(crate::rt::client::send(&self.inner, #value, &input).await)
    };
    let presign = format_ident!("presign_{}", op.client_method.strip_prefix("r#").unwrap_or(&op.client_method));
    let bare_method = &op.input_method;
    let body_note = if op.streaming_input().is_some() {
        "\n The body is left out: the sender sends it (signed as `UNSIGNED-PAYLOAD`)."
    } else {
        ""
    };
    let presign_doc = format!(
        " A presigned `{}` request, valid for `expires_in` (1 second to 7 days): the request\n [`{bare_method}`](Self::{bare_method}) would send, for the same endpoint, with the SigV4 signature\n in its query, for another program (a browser, `curl`) to send as it is, headers included,\n without credentials.{body_note}\n\n # Errors\n\n [`SdkError::Build`](crate::client::SdkError::Build), `Credentials` or `Endpoint`: nothing is sent.",
        op.name
    );
    let presign_docs = presign_doc.lines().map(|line| quote!(#[doc = #line]));
    quote! {
        #(#fluent_docs)*
        #deprecated
        pub fn #fluent(&self) -> #builder {
            #builder { client: crate::rt::client::Bound::new(self.inner.clone()) #rest }
        }

        #(#docs)*
        #deprecated
        pub async fn #method(&self, input: #input) -> ::std::result::Result<#output, crate::client::SdkError<#error>> {
            #send
        }

        #(#presign_docs)*
        #deprecated
        pub async fn #presign(
            &self,
            input: #input,
            expires_in: ::std::time::Duration,
        ) -> ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, crate::client::SdkError<#error>> {
            crate::rt::client::presign(&self.inner, #value, input, expires_in).await
        }
    }
}

/// A paginator's type arguments, `<Input, Output, Error>` (and the token type when it is not
/// a string), and its token type; `None` when its tokens are not members.
fn paginator_args(op: &OperationDef, paginator: &PaginatorDef, ctx: &Ctx) -> Option<(TokenStream, TokenStream)> {
    let (input, output, error) = (ident(&op.input.name), ident(&op.output.name), ident(&op.error_name));
    let input_field = op.input.fields.get(paginator.input_token)?;
    op.output.fields.get(paginator.output_token)?;
    // String tokens are the `Paginator`'s default; others (maps) are named.
    Some(match &input_field.ty {
        crate::ir::RustType::String => (quote!(<#input, #output, #error>), quote!(::std::string::String)),
        other => {
            let ty = ctx.ty(other);
            (quote!(<#input, #output, #error, #ty>), ty)
        }
    })
}

fn paginator_method(
    op: &OperationDef,
    paginator: &PaginatorDef,
    (args, token_type): &(TokenStream, TokenStream),
) -> TokenStream {
    let method = ident(&paginator.method);
    let (input, output) = (ident(&op.input.name), ident(&op.output.name));
    let value = operation_value(op);
    let (Some(input_field), Some(output_field)) =
        (op.input.fields.get(paginator.input_token), op.output.fields.get(paginator.output_token))
    else {
        return quote!();
    };
    let input_token = ident(&input_field.name);
    let output_token = ident(&output_field.name);
    let read_output = if output_field.optional {
        quote!(|output| output.#output_token.as_ref())
    } else {
        quote!(|output| Some(&output.#output_token))
    };
    let paginator_type = quote!(crate::client::Paginator #args);
    let items = match &paginator.items {
        Some(items) => format!(" Each page's items are in `{items}`."),
        None => String::new(),
    };
    let doc = format!(
        " The pages of `{}`: each request carries the previous page's `{}` as `{}`;\n \
         [`Paginator::next_page`](crate::client::Paginator::next_page) gives `None` after the last page.{items}",
        op.name, output_field.member, input_field.member
    );
    let docs = doc.lines().map(|line| quote!(#[doc = #line]));
    let deprecated = deprecated_attr(op.deprecated.as_deref());
    quote! {
        #(#docs)*
        #deprecated
        pub fn #method(&self, input: #input) -> #paginator_type {
            let tokens: crate::rt::client::PageTokens<#input, #output, #token_type> = crate::rt::client::PageTokens {
                input: |input| input.#input_token.as_ref(),
                set_input: |input, token| input.#input_token = token,
                output: #read_output,
            };
            crate::client::Paginator::new(self.inner.clone(), #value, tokens, input)
        }
    }
}

/// `resolve_endpoint`: the endpoint rules' parameters from the configuration (built-ins:
/// region, FIPS, dual-stack, endpoint URL; client context parameters), resolved; `None` when
/// the crate has no endpoint rules. Operations with context parameters add theirs to
/// `endpoint_params` before `resolve`.
fn resolve_endpoint(krate: &RustCrate) -> Option<TokenStream> {
    let def = krate.endpoint.as_ref()?;
    let sets: Vec<TokenStream> = def
        .params
        .iter()
        .enumerate()
        .filter_map(|(index, p)| {
            let field = ident(&p.field);
            let built_in = match (p.built_in.as_deref(), p.kind) {
                (Some("AWS::Region"), EndpointParamKind::String) => Some(quote!(Some(config.region().to_owned()))),
                (Some("AWS::UseFIPS"), EndpointParamKind::Bool) => Some(quote!(Some(config.use_fips()))),
                (Some("AWS::UseDualStack"), EndpointParamKind::Bool) => Some(quote!(Some(config.use_dual_stack()))),
                (Some("SDK::Endpoint"), EndpointParamKind::String) => {
                    Some(quote!(config.endpoint_url().map(str::to_owned)))
                }
                _ => None,
            };
            let client = def.client_params.iter().find(|c| c.param == index).map(|c| {
                let method = ident(&c.method);
                match p.kind {
                    EndpointParamKind::Bool => quote!(config.#method()),
                    _ => quote!(config.#method().map(str::to_owned)),
                }
            });
            let value = match (client, built_in) {
                (Some(client), Some(built_in)) => quote!(#client.or(#built_in)),
                (Some(value), None) | (None, Some(value)) => value,
                (None, None) => return None,
            };
            Some(quote!(#field: #value,))
        })
        .collect();
    let config = if sets.is_empty() { quote!(_config) } else { quote!(config) };
    let rest = if sets.len() == def.params.len() { quote!() } else { quote!(..::std::default::Default::default()) };
    let client_params = client_params(krate);
    Some(quote! {
        /// The endpoint parameters the configuration gives (built-ins and client context parameters).
        pub(crate) fn endpoint_params(#config: &Config) -> crate::endpoint::Params {
            crate::endpoint::Params { #(#sets)* #rest }
        }

        /// The endpoint the service's rules give for these parameters.
        pub(crate) fn resolve(params: &crate::endpoint::Params) -> Result<crate::rt::client::ResolvedEndpoint, ResolveEndpointError> {
            let endpoint = params.resolve().map_err(|error| ResolveEndpointError::new(error.message()))?;
            Ok(crate::rt::client::ResolvedEndpoint::new(endpoint.url(), endpoint.headers(), endpoint.properties()))
        }

        /// The endpoint of the operations without context parameters: the configuration's alone.
        fn resolve_endpoint(config: &Config) -> Result<crate::rt::client::ResolvedEndpoint, ResolveEndpointError> {
            resolve(&endpoint_params(config))
        }

        #client_params
    })
}
