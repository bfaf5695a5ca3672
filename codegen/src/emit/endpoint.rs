//! `src/endpoint.rs`: the service's endpoint rules, embedded as JSON and
//! interpreted by the runtime, behind a typed `Params`; and
//! `tests/endpoint_tests.rs` from the model's own endpoint test cases.

use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::{doc_attrs, ident, FileContent};
use crate::ir::{EndpointDef, EndpointParamKind, FieldPath, Leaf, OperationDef, RustCrate, SetterValue};

pub(crate) fn emit(krate: &RustCrate) -> Vec<(PathBuf, FileContent)> {
    let Some(def) = &krate.endpoint else { return Vec::new() };
    let mut files = vec![(PathBuf::from("src/endpoint.rs"), FileContent::Rust(module(krate, def)))];
    if !def.tests.is_empty() {
        files.push((PathBuf::from("tests/endpoint_tests.rs"), FileContent::Rust(tests(krate, def))));
    }
    files
}

fn module(krate: &RustCrate, def: &EndpointDef) -> TokenStream {
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
    let binds = krate.operations.iter().filter(|op| !op.endpoint_params.is_empty()).map(bind_method);
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

            #(#binds)*
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

/// `Params::bind_<op>`: the parameters an operation sets from its input and the model
/// (`smithy.rules#contextParam`, `#operationContextParams`, `#staticContextParams`).
fn bind_method(op: &OperationDef) -> TokenStream {
    let bare = op.module.strip_prefix("r#").unwrap_or(&op.module);
    let method = format_ident!("bind_{}", bare);
    let module = ident(&op.module);
    let input = ident(&op.input.name);
    let mut doc = format!(
        " Sets the parameters `{}` takes from its input and the model, as the client does before\n \
         resolving its endpoint (a parameter keeps its value when the input leaves the member unset):\n",
        op.name
    );
    for setter in &op.endpoint_params {
        doc.push_str(&format!("\n - `{}`: {}", setter.param, setter.origin));
    }
    let docs = doc.lines().map(|line| quote!(#[doc = #line]));
    let sets = op.endpoint_params.iter().map(|setter| {
        let field = ident(&setter.field);
        match &setter.value {
            SetterValue::Bool(b) => quote!(self.#field = Some(#b);),
            SetterValue::String(s) => quote!(self.#field = Some(#s.to_owned());),
            SetterValue::StringArray(items) => quote!(self.#field = Some(vec![#(#items.to_owned()),*]);),
            SetterValue::Field(path) => {
                let value = field_value(quote!(input), path);
                quote! {
                    if let Some(value) = #value {
                        self.#field = Some(value);
                    }
                }
            }
            SetterValue::Keys { map, enum_keys } => {
                let keys = if *enum_keys {
                    quote!(map.keys().map(|key| key.as_str().to_owned()))
                } else {
                    quote!(map.keys().cloned())
                };
                let body = quote! {
                    let mut keys: Vec<String> = #keys.collect();
                    keys.sort();
                    self.#field = Some(keys);
                };
                with_collection(quote!(input), map, quote!(map), body)
            }
            SetterValue::Project { list, sparse, each, enum_elements } => {
                let body = if each.is_empty() {
                    let values = match (sparse, enum_elements) {
                        (false, false) => quote!(items.to_vec()),
                        (true, false) => quote!(items.iter().flatten().cloned().collect()),
                        (false, true) => quote!(items.iter().map(|e| e.as_str().to_owned()).collect()),
                        (true, true) => quote!(items.iter().flatten().map(|e| e.as_str().to_owned()).collect()),
                    };
                    quote!(self.#field = Some(#values);)
                } else {
                    let items = if *sparse { quote!(items.iter().flatten()) } else { quote!(items) };
                    let values = each.iter().map(|path| field_value(quote!(item), path));
                    quote! {
                        let mut values = Vec::new();
                        for item in #items {
                            #(values.extend(#values);)*
                        }
                        self.#field = Some(values);
                    }
                };
                with_collection(quote!(input), list, quote!(items), body)
            }
        }
    });
    let reads_input = op.endpoint_params.iter().any(|setter| {
        !matches!(setter.value, SetterValue::Bool(_) | SetterValue::String(_) | SetterValue::StringArray(_))
    });
    let input_arg = if reads_input { quote!(input) } else { quote!(_input) };
    quote! {
        #(#docs)*
        pub fn #method(&mut self, #input_arg: &crate::operation::#module::#input) {
            #(#sets)*
        }
    }
}

/// The fields of `steps` read from `root`: a place (`root.a.b`, `false`) while every field is
/// plain, else an `Option<&T>` expression (`true`).
fn access(root: TokenStream, path: &FieldPath) -> (TokenStream, bool) {
    let mut expr = root;
    let mut is_option = false;
    for step in &path.steps {
        let field = ident(&step.field);
        expr = match (is_option, step.optional) {
            (false, false) => quote!(#expr.#field),
            (false, true) => quote!(#expr.#field.as_ref()),
            (true, false) => quote!(#expr.map(|v| &v.#field)),
            (true, true) => quote!(#expr.and_then(|v| v.#field.as_ref())),
        };
        is_option |= step.optional;
    }
    (expr, is_option)
}

/// The owned value at the end of `path` from `root`, as an `Option`.
fn field_value(root: TokenStream, path: &FieldPath) -> TokenStream {
    let (expr, is_option) = access(root, path);
    match (is_option, path.leaf) {
        (true, Leaf::String | Leaf::Strings | Leaf::Collection) => quote!(#expr.cloned()),
        (true, Leaf::Bool) => quote!(#expr.copied()),
        (true, Leaf::Enum) => quote!(#expr.map(|v| v.as_str().to_owned())),
        (true, Leaf::Enums) => quote!(#expr.map(|v| v.iter().map(|e| e.as_str().to_owned()).collect::<Vec<_>>())),
        (false, Leaf::String | Leaf::Strings | Leaf::Collection) => quote!(Some(#expr.clone())),
        (false, Leaf::Bool) => quote!(Some(#expr)),
        (false, Leaf::Enum) => quote!(Some(#expr.as_str().to_owned())),
        (false, Leaf::Enums) => quote!(Some(#expr.iter().map(|e| e.as_str().to_owned()).collect::<Vec<_>>())),
    }
}

/// `body` with `name` bound to the collection at the end of `path`, when it is set.
fn with_collection(root: TokenStream, path: &FieldPath, name: TokenStream, body: TokenStream) -> TokenStream {
    let (expr, is_option) = access(root, path);
    if is_option {
        quote!(if let Some(#name) = #expr { #body })
    } else {
        quote!({ let #name = &#expr; #body })
    }
}

/// One `#[test]` per endpoint test case of the model, and one per entry of a case's
/// `operationInputs` (the input built with the generated builders, bound with
/// `Params::bind_<op>`, over the case's built-in and client parameters).
fn tests(krate: &RustCrate, def: &EndpointDef) -> TokenStream {
    let crate_name = format_ident!("{}", krate.package.replace('-', "_"));
    let mut tests = Vec::new();
    let mut left_out = 0;
    for (index, case) in def.tests.iter().enumerate() {
        let name = format_ident!("endpoint_case_{}", index + 1);
        let doc = case.get("documentation").and_then(Value::as_str).unwrap_or("").replace('\n', " ");
        let sets = param_sets(def, case.get("params"), |name, param| param.name == name);
        let binding = if sets.is_empty() { quote!(let params) } else { quote!(let mut params) };
        let check = check(case);
        let test_doc = format!(" {doc}");
        tests.push(quote! {
            #[doc = #test_doc]
            #[test]
            fn #name() {
                #binding = #crate_name::endpoint::Params::default();
                #(#sets)*
                #check
            }
        });
        let inputs = case.get("operationInputs").and_then(Value::as_array).into_iter().flatten();
        for (input_index, operation_input) in inputs.enumerate() {
            let operation = operation_input.get("operationName").and_then(Value::as_str).unwrap_or_default();
            let Some(op) = krate.operations.iter().find(|op| op.name == operation) else {
                left_out += 1;
                continue;
            };
            let empty = Value::Object(Default::default());
            let value = operation_input.get("operationParams").unwrap_or(&empty);
            let Ok(input) = crate::protocol_tests::input_expr(krate, op, value) else {
                left_out += 1;
                continue;
            };
            let name = format_ident!("endpoint_case_{}_input_{}", index + 1, input_index + 1);
            let mut sets = param_sets(def, operation_input.get("builtInParams"), |name, param| {
                param.built_in.as_deref() == Some(name)
            });
            sets.extend(param_sets(def, operation_input.get("clientParams"), |name, param| param.name == name));
            let bind = if op.endpoint_params.is_empty() {
                quote!()
            } else {
                let bare = op.module.strip_prefix("r#").unwrap_or(&op.module);
                let method = format_ident!("bind_{}", bare);
                quote!(params.#method(&input);)
            };
            let binding = if sets.is_empty() && op.endpoint_params.is_empty() {
                quote!(let params)
            } else {
                quote!(let mut params)
            };
            let test_doc = format!(" {doc} (operation `{operation}`)");
            // Built even when the operation binds nothing: the case's input is valid for it.
            let input_name = if op.endpoint_params.is_empty() { quote!(_input) } else { quote!(input) };
            tests.push(quote! {
                #[doc = #test_doc]
                #[test]
                fn #name() {
                    let #input_name = #input;
                    #binding = sdk::endpoint::Params::default();
                    #(#sets)*
                    #bind
                    #check
                }
            });
        }
    }
    let has_inputs = tests.len() > def.tests.len();
    let alias = if has_inputs { quote!(use #crate_name as sdk;) } else { quote!() };
    let left_out = if left_out > 0 {
        let line = format!(
            " {left_out} `operationInputs` entries are left out: their operations are not generated, or their \
             inputs could not be built."
        );
        quote!(#![doc = ""] #![doc = #line])
    } else {
        quote!()
    };
    quote! {
        #![doc = " The model's own endpoint test cases (`smithy.rules#endpointTests`)."]
        #left_out
        #alias
        #(#tests)*
    }
}

/// `params.<field> = Some(…);` for each entry of `given` whose parameter `matches`.
fn param_sets(
    def: &EndpointDef,
    given: Option<&Value>,
    matches: impl Fn(&str, &crate::ir::EndpointParam) -> bool,
) -> Vec<TokenStream> {
    given
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(key, value)| {
            let param = def.params.iter().find(|p| matches(key, p))?;
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
        .collect()
}

/// The assertions of a case's `expect`: the error message, or the endpoint's URL, properties
/// and headers.
fn check(case: &Value) -> TokenStream {
    let expect = case.get("expect").cloned().unwrap_or(Value::Null);
    if let Some(message) = expect.get("error").and_then(Value::as_str) {
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
    }
}
