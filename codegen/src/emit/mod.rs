//! Tokens from the IR: one emitter per kind of item. Emitters read only the
//! IR ([`crate::ir`]); they decide nothing about names or types.

mod client;
mod crate_files;
mod endpoint;
pub(crate) use crate_files::GENERATED_NOTICE;
mod enums;
mod event_stream;
mod operation;
mod protocol;
mod response;
mod structure;
mod unions;
mod waiter;

use std::collections::BTreeSet;
use std::path::PathBuf;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{DocumentCodec, NamedKind, Protocol, RustCrate, RustType, TypeDef};

/// One file of the generated crate, before formatting.
#[derive(Debug)]
pub(crate) enum FileContent {
    /// Rust tokens, formatted by prettyplease.
    Rust(TokenStream),
    /// Text written as is (Cargo.toml, the runtime files).
    Text(String),
}

/// Every file of the crate, keyed by path relative to the crate root.
pub(crate) fn emit(krate: &RustCrate) -> Vec<(PathBuf, FileContent)> {
    let mut files = crate_files::emit(krate);
    // One file per type (`src/types/<module>.rs`, builder included); `types.rs`
    // re-exports them, so no file grows with the size of the service.
    let mut modules = Vec::new();
    let mut uses = Vec::new();
    let mut builders = Vec::new();
    for (def, module) in krate.types.iter().zip(&krate.type_modules) {
        let file_module = ident(module);
        let name = ident(def.name());
        let builder_name = format!("{}Builder", def.name());
        let ctx = Ctx::new(krate, Module::TypeFile, [def.name(), builder_name.as_str()]);
        let tokens = match def {
            TypeDef::Struct(s) => {
                let builder = ident(&builder_name);
                builders.push(quote!(pub use super::#file_module::#builder;));
                let def_tokens = structure::emit_struct(s, &ctx);
                let builder_tokens = structure::emit_builder(s, &ctx);
                quote!(#def_tokens #builder_tokens)
            }
            TypeDef::Enum(e) => enums::emit(e, krate, &ctx),
            TypeDef::Union(u) => {
                if let Some(stream) = &u.event_stream {
                    let error = ident(&stream.error_name);
                    uses.push(quote!(pub use #file_module::#error;));
                }
                unions::emit(u, &krate.types, &krate.errors, &ctx)
            }
        };
        let doc = format!(" The `{}` shape.", def.name());
        files.push((
            PathBuf::from(format!("src/types/{}.rs", module.strip_prefix("r#").unwrap_or(module))),
            FileContent::Rust(quote! {
                #![doc = #doc]
                #tokens
            }),
        ));
        modules.push(quote!(mod #file_module;));
        uses.push(quote!(pub use #file_module::#name;));
    }
    let builders_mod = if builders.is_empty() {
        quote!()
    } else {
        quote! {
            /// Builders for the structures of this module.
            pub mod builders {
                #(#builders)*
            }
        }
    };
    files.push((
        PathBuf::from("src/types.rs"),
        FileContent::Rust(quote! {
            #![doc = " Shapes shared by the operations: structures, enums and unions."]
            #(#modules)*
            #(#uses)*
            #builders_mod
        }),
    ));
    files.extend(structure::emit_error_module(krate));
    files.extend(endpoint::emit(krate));
    files.extend(client::emit(krate));
    files.extend(operation::emit_all(krate));
    files
}

/// Which module an item is emitted into; decides how other types are named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Module {
    /// `types.rs` itself (re-exports only).
    Types,
    /// One type's own file under `src/types/`.
    TypeFile,
    TypesBuilders,
    Error,
    ErrorBuilders,
    Operation,
}

/// What the emitters need to know about the module they write into.
#[derive(Debug, Clone)]
pub(crate) struct Ctx {
    module: Module,
    /// The crate's protocol (`None`: types only, with the JSON codec).
    protocol: Option<Protocol>,
    /// Names defined in the module that may shadow the std prelude.
    local: BTreeSet<String>,
}

impl Ctx {
    pub(crate) fn new<'a>(krate: &RustCrate, module: Module, local: impl IntoIterator<Item = &'a str>) -> Self {
        Self { module, protocol: krate.service.protocol, local: local.into_iter().map(str::to_owned).collect() }
    }

    /// The document codec the crate's bodies use.
    pub(crate) fn codec(&self) -> DocumentCodec {
        self.protocol.map_or(DocumentCodec::Json, Protocol::codec)
    }

    /// The crate's protocol, for the codec modules whose protocols differ in details (awsQuery
    /// and ec2Query).
    pub(crate) fn protocol(&self) -> Option<Protocol> {
        self.protocol
    }

    /// The matching builders module: its own names are `<Type>Builder`.
    pub(crate) fn builders(&self) -> Self {
        let module = match self.module {
            Module::Types => Module::TypesBuilders,
            Module::Error => Module::ErrorBuilders,
            other => other,
        };
        let local = self.local.iter().map(|name| format!("{name}Builder")).collect();
        Self { module, protocol: self.protocol, local }
    }

    pub(crate) fn module(&self) -> Module {
        self.module
    }

    /// A std prelude type, fully qualified only where a local type shadows it.
    pub(crate) fn std(&self, name: &str) -> TokenStream {
        let short = ident(name);
        if !self.local.contains(name) {
            return quote!(#short);
        }
        match name {
            "Option" => quote!(::std::option::Option),
            "String" => quote!(::std::string::String),
            "Vec" => quote!(::std::vec::Vec),
            "Box" => quote!(::std::boxed::Box),
            "Result" => quote!(::std::result::Result),
            _ => quote!(#short),
        }
    }

    /// The path of a generated named type as seen from this module.
    pub(crate) fn named(&self, name: &str, kind: NamedKind) -> TokenStream {
        let name_ident = ident(name);
        let home = match kind {
            NamedKind::Error { .. } => Module::Error,
            NamedKind::Struct { .. } | NamedKind::Enum | NamedKind::Union => Module::Types,
        };
        match (home, self.module) {
            (Module::Types, Module::Types) | (Module::Error, Module::Error) => quote!(#name_ident),
            (Module::Types, Module::TypeFile) => quote!(super::#name_ident),
            (Module::Types, _) => quote!(crate::types::#name_ident),
            (_, _) => quote!(crate::error::#name_ident),
        }
    }

    /// The Rust type of a member (without the `Option`/`Box` wrapping).
    pub(crate) fn ty(&self, ty: &RustType) -> TokenStream {
        match ty {
            RustType::String => self.std("String"),
            RustType::Bool => quote!(bool),
            RustType::I8 => quote!(i8),
            RustType::I16 => quote!(i16),
            RustType::I32 => quote!(i32),
            RustType::I64 => quote!(i64),
            RustType::F32 => quote!(f32),
            RustType::F64 => quote!(f64),
            RustType::DateTime(_) => quote!(crate::primitives::DateTime),
            RustType::Blob => quote!(crate::primitives::Blob),
            RustType::ByteStream { .. } => quote!(crate::primitives::ByteStream),
            RustType::Document => quote!(crate::primitives::Document),
            RustType::BigInteger => quote!(crate::primitives::BigInteger),
            RustType::BigDecimal => quote!(crate::primitives::BigDecimal),
            RustType::Nullable(inner) => {
                let option = self.std("Option");
                let inner = self.ty(inner);
                quote!(#option<#inner>)
            }
            RustType::Named { name, kind } => self.named(name, *kind),
            RustType::List(element) => {
                let vec = self.std("Vec");
                let element = self.ty(element);
                quote!(#vec<#element>)
            }
            RustType::Map(key, value) => {
                let key = self.ty(key);
                let value = self.ty(value);
                quote!(::std::collections::HashMap<#key, #value>)
            }
            RustType::EventSender { union } => {
                let union = self.named(union, NamedKind::Union);
                quote!(crate::event_stream::EventStreamSender<#union>)
            }
            RustType::EventStream { union, error } => {
                let union = self.named(union, NamedKind::Union);
                let error = self.named(error, NamedKind::Union);
                quote!(crate::event_stream::EventStream<#union, #error>)
            }
        }
    }

    /// The field type: `ty`, boxed and/or optional.
    pub(crate) fn field_ty(&self, field: &crate::ir::FieldDef) -> TokenStream {
        let mut ty = self.ty(&field.ty);
        if field.boxed {
            let boxed = self.std("Box");
            ty = quote!(#boxed<#ty>);
        }
        if field.optional {
            let option = self.std("Option");
            ty = quote!(#option<#ty>);
        }
        ty
    }
}

/// An identifier; `r#type` becomes a raw identifier.
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc]` attributes, one per line, so prettyplease prints `///` comments.
pub(crate) fn doc_attrs(docs: Option<&str>) -> TokenStream {
    let Some(docs) = docs.filter(|d| !d.trim().is_empty()) else {
        return TokenStream::new();
    };
    let lines = docs.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") });
    quote!(#(#[doc = #lines])*)
}

/// Inner `#![doc]` attributes for a module's own documentation.
pub(crate) fn inner_doc_attrs(docs: &str) -> TokenStream {
    let lines = docs.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") });
    quote!(#(#![doc = #lines])*)
}

/// The `cfg` of what both clients share: the async `client::Client`, which the blocking one
/// runs on its thread.
pub(crate) fn client_cfg() -> TokenStream {
    quote!(#[cfg(any(feature = "client", feature = "blocking"))])
}

/// `#[deprecated]`, with the model's note when it has one.
pub(crate) fn deprecated_attr(deprecated: Option<&str>) -> TokenStream {
    match deprecated {
        None => TokenStream::new(),
        Some("") => quote!(#[deprecated]),
        Some(note) => quote!(#[deprecated(note = #note)]),
    }
}
