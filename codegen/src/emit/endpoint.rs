//! `src/endpoint.rs`: the service's endpoint rules, embedded as JSON and
//! interpreted by the runtime, behind a typed `Params`; and
//! `tests/endpoint_tests.rs` from the model's own endpoint test cases.

use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::{doc_attrs, ident, FileContent};
use crate::ir::{EndpointDef, EndpointParamKind, RustCrate};

pub(crate) fn emit(krate: &RustCrate) -> Vec<(PathBuf, FileContent)> {
    let Some(def) = &krate.endpoint else { return Vec::new() };
    let mut files = vec![(PathBuf::from("src/endpoint.rs"), FileContent::Rust(module(def)))];
    if !def.tests.is_empty() {
        files.push((PathBuf::from("tests/endpoint_tests.rs"), FileContent::Rust(tests(krate, def))));
    }
    files
}

fn module(def: &EndpointDef) -> TokenStream {
    let fields = def.params.iter().map(|p| {
        let field = ident(&p.field);
        let ty = match p.kind {
            EndpointParamKind::String => quote!(::std::string::String),
            EndpointParamKind::Bool => quote!(bool),
            EndpointParamKind::StringArray => quote!(::std::vec::Vec<::std::string::String>),
        };
        let mut docs = p.docs.clone().unwrap_or_default();
        let name = &p.name;
        docs.push_str(&format!("\n\nRule-set parameter `{name}`"));
        if let Some(built_in) = &p.built_in {
            docs.push_str(&format!(" (built-in `{built_in}`)"));
        }
        docs.push('.');
        let docs = doc_attrs(Some(docs.trim_start()));
        quote! {
            #docs
            pub #field: Option<#ty>,
        }
    });
    let inserts = def.params.iter().map(|p| {
        let field = ident(&p.field);
        let name = &p.name;
        let value =
            if p.kind == EndpointParamKind::Bool { quote!((*value).into()) } else { quote!(value.clone().into()) };
        quote! {
            if let Some(value) = &self.#field {
                values.insert(#name.to_owned(), #value);
            }
        }
    });
    let rules = &def.rules;
    let partitions = &def.partitions;
    quote! {
        #![doc = " Endpoint resolution: the service's endpoint rules (`smithy.rules#endpointRuleSet`),"]
        #![doc = " interpreted at run time, with the AWS partition table for `aws.partition`."]

        pub use crate::rt::endpoint::{Endpoint, EndpointError};

        /// The parameters of the endpoint rules; those left `None` take the rules' defaults.
        #[derive(Debug, Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct Params {
            #(#fields)*
        }

        impl Params {
            /// Resolves the endpoint these parameters select.
            ///
            /// # Errors
            ///
            /// The rules' own error (for example "Invalid Configuration: FIPS and custom
            /// endpoint are not supported"), or a required parameter left unset.
            pub fn resolve(&self) -> Result<Endpoint, EndpointError> {
                let mut values = ::std::collections::BTreeMap::new();
                #(#inserts)*
                let (rules, partitions) = parsed().as_ref().map_err(Clone::clone)?;
                crate::rt::endpoint::resolve_value(rules, partitions, &values)
            }
        }

        /// The rules and partitions, parsed once.
        fn parsed() -> &'static Result<(::serde_json::Value, crate::rt::endpoint::Partitions), EndpointError> {
            static PARSED: ::std::sync::OnceLock<Result<(::serde_json::Value, crate::rt::endpoint::Partitions), EndpointError>> =
                ::std::sync::OnceLock::new();
            PARSED.get_or_init(|| {
                let rules = ::serde_json::from_str(RULES)
                    .map_err(|error| EndpointError::new(format!("invalid endpoint rule set: {error}")))?;
                Ok((rules, crate::rt::endpoint::Partitions::parse(PARTITIONS)?))
            })
        }

        /// The service's endpoint rule set.
        const RULES: &str = #rules;

        /// The AWS partition table.
        const PARTITIONS: &str = #partitions;
    }
}

/// One `#[test]` per endpoint test case of the model.
fn tests(krate: &RustCrate, def: &EndpointDef) -> TokenStream {
    let crate_name = format_ident!("{}", krate.package.replace('-', "_"));
    let cases = def.tests.iter().enumerate().map(|(index, case)| {
        let name = format_ident!("endpoint_case_{}", index + 1);
        let doc = case.get("documentation").and_then(Value::as_str).unwrap_or("").replace('\n', " ");
        let doc = format!(" {doc}");
        let sets: Vec<TokenStream> = case
            .get("params")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter_map(|(key, value)| {
                let param = def.params.iter().find(|p| p.name == *key)?;
                let field = ident(&param.field);
                let value = match value {
                    Value::String(s) => quote!(#s.to_owned()),
                    Value::Bool(b) => quote!(#b),
                    Value::Array(items) => {
                        let items = items.iter().filter_map(Value::as_str);
                        quote!(vec![#(#items.to_owned()),*])
                    }
                    _ => return None,
                };
                Some(quote!(params.#field = Some(#value);))
            })
            .collect();
        let binding = if sets.is_empty() { quote!(let params) } else { quote!(let mut params) };
        let expect = case.get("expect").cloned().unwrap_or(Value::Null);
        let check = if let Some(message) = expect.get("error").and_then(Value::as_str) {
            quote! {
                let error = params.resolve().expect_err("the rules give an error");
                assert_eq!(error.to_string(), #message);
            }
        } else {
            let endpoint = expect.get("endpoint").cloned().unwrap_or(Value::Null);
            let url = endpoint.get("url").and_then(Value::as_str).unwrap_or("");
            let properties = endpoint.get("properties").cloned().unwrap_or_else(|| Value::Object(Default::default()));
            let properties = properties.to_string();
            let headers = endpoint.get("headers").cloned().unwrap_or_else(|| Value::Object(Default::default()));
            let headers = headers.to_string();
            quote! {
                let endpoint = params.resolve().expect("the rules give an endpoint");
                assert_eq!(endpoint.url(), #url);
                let properties: ::serde_json::Value = ::serde_json::from_str(#properties).expect("JSON");
                assert_eq!(::serde_json::Value::Object(endpoint.properties().clone()), properties);
                let headers: ::serde_json::Value = ::serde_json::from_str(#headers).expect("JSON");
                assert_eq!(::serde_json::to_value(endpoint.headers()).expect("JSON"), headers);
            }
        };
        quote! {
            #[doc = #doc]
            #[test]
            fn #name() {
                #binding = #crate_name::endpoint::Params::default();
                #(#sets)*
                #check
            }
        }
    });
    quote! {
        #![doc = " The model's own endpoint test cases (`smithy.rules#endpointTests`)."]
        #(#cases)*
    }
}
