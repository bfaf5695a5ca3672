//! Structures: the type with its JSON wire form, getters, a redacting
//! `Debug` where needed, `validate()` support, and the builder.

use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{deprecated_attr, doc_attrs, ident, Ctx, FileContent, Module};
use crate::ir::{Binding, DefaultValue, FieldDef, NamedKind, Role, RustCrate, RustType, StructDef};

/// The struct definition and its inherent and trait impls.
pub(crate) fn emit_struct(def: &StructDef, ctx: &Ctx) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc_attrs(def.docs.as_deref());
    let deprecated = deprecated_attr(def.deprecated.as_deref());
    let debug = if def.has_sensitive() { quote!() } else { quote!(Debug,) };
    let default = if def.all_optional() { quote!(Default,) } else { quote!() };
    let (serde_container, serde_fields) = serde_attrs(def, ctx);
    let fields = def.fields.iter().zip(serde_fields).map(|(f, serde)| field_decl(f, serde, ctx));
    let default_fns = def.fields.iter().filter_map(|f| default_fn(&def.name, f, ctx));
    let getters = def.fields.iter().map(|f| getter(f, ctx));
    let builder_path = match ctx.module() {
        Module::Types => {
            let b = format_ident!("{}Builder", def.name);
            quote!(builders::#b)
        }
        Module::Error => {
            let b = format_ident!("{}Builder", def.name);
            quote!(builders::#b)
        }
        Module::TypeFile => {
            let b = format_ident!("{}Builder", def.name);
            quote!(#b)
        }
        _ => {
            let b = format_ident!("{}Builder", def.name);
            quote!(#b)
        }
    };
    let debug_impl = if def.has_sensitive() { debug_impl(def) } else { quote!() };
    let validate_impl = if def.validates { validate_impl(def, ctx) } else { quote!() };
    let validate_fn = if def.role == Role::Input && def.validates {
        let result = ctx.std("Result");
        quote! {
            /// Checks the model's constraints (`@required`, `@length`, `@pattern`,
            /// `@range`) and returns every violation. Optional: the service
            /// checks them too, and may have relaxed one this client still knows.
            pub fn validate(&self) -> #result<(), crate::error::ConstraintViolations> {
                crate::rt::constraints::check(self)
            }
        }
    } else if def.role == Role::Input {
        let result = ctx.std("Result");
        quote! {
            /// Checks the model's constraints; this input has none, so it always passes.
            pub fn validate(&self) -> #result<(), crate::error::ConstraintViolations> {
                Ok(())
            }
        }
    } else {
        quote!()
    };
    let builder_doc = format!(" A builder for [`{}`].", def.name);
    let json_impls = super::protocol::struct_impls(def, ctx);
    let clone_eq = clone_eq(def);
    quote! {
        #docs
        #deprecated
        #[derive(#clone_eq #debug #default)]
        #serde_container
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #[doc = #builder_doc]
            pub fn builder() -> #builder_path {
                ::std::default::Default::default()
            }
            #validate_fn
            #(#getters)*
        }

        #(#default_fns)*
        #debug_impl
        #validate_impl
        #json_impls
    }
}

/// The name of the function that gives a member's non-zero `@default`.
pub(crate) fn default_fn_name(owner: &str, field: &FieldDef) -> String {
    let bare = field.name.strip_prefix("r#").unwrap_or(&field.name);
    format!("default_{}_{bare}", heck::ToSnakeCase::to_snake_case(owner))
}

fn default_fn(owner: &str, field: &FieldDef, ctx: &Ctx) -> Option<TokenStream> {
    let value = field.default.as_ref()?;
    let name = ident(&default_fn_name(owner, field));
    let ty = ctx.ty(&field.ty);
    let body = match value {
        DefaultValue::Bool(b) => quote!(#b),
        DefaultValue::Integer(i) => {
            let literal = proc_macro2::Literal::i64_unsuffixed(*i);
            quote!(#literal)
        }
        DefaultValue::Float(f) => {
            let literal = proc_macro2::Literal::f64_unsuffixed(*f);
            quote!(#literal)
        }
        DefaultValue::String(s) => quote!(#s.to_owned()),
        DefaultValue::Enum(s) => quote!(#ty::from(#s)),
        DefaultValue::Document(json) => quote!(::serde_json::from_str(#json).unwrap_or_default()),
        DefaultValue::Blob(base64) => {
            quote!(crate::primitives::Blob::new(crate::rt::blob::decode_base64_or_empty(#base64)))
        }
        DefaultValue::Timestamp(secs) if secs.fract() == 0.0 => {
            let secs = proc_macro2::Literal::i64_unsuffixed(*secs as i64);
            quote!(crate::primitives::DateTime::from_secs(#secs))
        }
        DefaultValue::Timestamp(secs) => {
            let secs = proc_macro2::Literal::f64_unsuffixed(*secs);
            quote!(crate::primitives::DateTime::from_fractional_secs(#secs).unwrap_or_default())
        }
    };
    let doc = format!(" The model's `@default` of `{}`.", field.member);
    Some(quote! {
        #[doc = #doc]
        fn #name() -> #ty {
            #body
        }
    })
}

/// The `serde` feature's derive on a structure, and each field's attribute: the model's member
/// names (a `rename_all` rule where it fits most members, `rename` for the rest), absent members
/// left out when serializing, and defaults for the members that have them. A structure that
/// holds a stream (read once, not data) or an error gets none.
fn serde_attrs(def: &StructDef, ctx: &Ctx) -> (TokenStream, Vec<TokenStream>) {
    // `Option` unless the module defines a type of that name.
    let is_none = if ctx.std("Option").to_string().contains("std") {
        "::std::option::Option::is_none"
    } else {
        "Option::is_none"
    };
    let streams = def.fields.iter().any(|f| {
        matches!(f.ty, RustType::ByteStream { .. } | RustType::EventStream { .. } | RustType::EventSender { .. })
            || matches!(f.ty, RustType::Named { kind: NamedKind::Error { .. }, .. })
    });
    if streams || matches!(def.role, Role::Error { .. }) {
        return (quote!(), def.fields.iter().map(|_| quote!()).collect());
    }
    let bare = |f: &FieldDef| f.name.strip_prefix("r#").unwrap_or(&f.name).to_owned();
    let fits = |rule: RenameRule| def.fields.iter().filter(|f| rule.apply(&bare(f)) == f.member).count();
    let (pascal_fits, camel_fits) = (fits(RenameRule::Pascal), fits(RenameRule::Camel));
    let rule = if pascal_fits == 0 && camel_fits == 0 {
        None
    } else if pascal_fits >= camel_fits {
        Some(RenameRule::Pascal)
    } else {
        Some(RenameRule::Camel)
    };
    let renamed = |name: &str| rule.map_or_else(|| name.to_owned(), |rule| rule.apply(name));
    let container = match rule.map(RenameRule::serde_name) {
        Some(rule) => quote! {
            #[cfg_attr(feature = "serde", derive(::serde::Serialize, ::serde::Deserialize))]
            #[cfg_attr(feature = "serde", serde(rename_all = #rule))]
        },
        None => quote!(#[cfg_attr(feature = "serde", derive(::serde::Serialize, ::serde::Deserialize))]),
    };
    let fields = def
        .fields
        .iter()
        .map(|f| {
            let mut parts = Vec::new();
            if renamed(&bare(f)) != f.member {
                let member = &f.member;
                parts.push(quote!(rename = #member));
            }
            if f.optional {
                parts.push(quote!(skip_serializing_if = #is_none));
            } else if f.default.is_some() {
                let function = default_fn_name(&def.name, f);
                parts.push(quote!(default = #function));
            } else if f.zero_default {
                parts.push(quote!(default));
            }
            if parts.is_empty() {
                quote!()
            } else {
                quote!(#[cfg_attr(feature = "serde", serde(#(#parts),*))])
            }
        })
        .collect();
    (container, fields)
}

/// serde's `rename_all` rules that model member names follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RenameRule {
    Pascal,
    Camel,
}

impl RenameRule {
    /// The name serde gives a snake_case field under the rule.
    fn apply(self, field: &str) -> String {
        let mut out = String::new();
        let mut upper = self == RenameRule::Pascal;
        for c in field.chars() {
            if c == '_' {
                upper = true;
            } else if upper {
                out.push(c.to_ascii_uppercase());
                upper = false;
            } else {
                out.push(c);
            }
        }
        out
    }

    fn serde_name(self) -> &'static str {
        match self {
            RenameRule::Pascal => "PascalCase",
            RenameRule::Camel => "camelCase",
        }
    }
}

/// A field, after its docs its `serde` attribute (if any).
fn field_decl(field: &FieldDef, serde: TokenStream, ctx: &Ctx) -> TokenStream {
    let name = ident(&field.name);
    let ty = ctx.field_ty(field);
    let docs = doc_attrs(field.docs.as_deref());
    let deprecated = deprecated_attr(field.deprecated.as_deref());
    quote! {
        #docs
        #deprecated
        #serde
        pub #name: #ty,
    }
}

/// The first sentence of a member's docs, on one line, for its getter and
/// setter (rustdoc's summary line): the field carries the whole text, and
/// repeating it three times would triple the largest part of the generated code.
fn summary(docs: Option<&str>) -> Option<String> {
    let docs = docs?;
    let first = docs.split("\n\n").next().unwrap_or(docs).trim();
    // A paragraph that opens a code block or a list would be cut mid-way.
    if first.starts_with("```") || first.starts_with("- ") || first.starts_with("1. ") {
        return None;
    }
    let paragraph = first.lines().map(str::trim).collect::<Vec<_>>().join(" ");
    Some(first_sentence(&paragraph).to_owned())
}

/// Up to the first `. ` outside backticks, brackets and parentheses (so that
/// no code span or link is cut); the whole text when there is none.
fn first_sentence(text: &str) -> &str {
    let (mut code, mut depth) = (false, 0i32);
    for (i, c) in text.char_indices() {
        match c {
            '`' => code = !code,
            '[' | '(' if !code => depth += 1,
            ']' | ')' if !code => depth -= 1,
            '.' if !code && depth == 0 && text[i + 1..].starts_with(' ') => return &text[..=i],
            _ => {}
        }
    }
    text
}

/// A getter: `Option<&str>` for strings, `Option<&[T]>` for lists, copies for
/// `Copy` types, references otherwise.
fn getter(field: &FieldDef, ctx: &Ctx) -> TokenStream {
    let name = ident(&field.name);
    let docs = doc_attrs(summary(field.docs.as_deref()).as_deref());
    let deprecated = deprecated_attr(field.deprecated.as_deref());
    let option = ctx.std("Option");
    let inner = ctx.ty(&field.ty);
    let (ty, body) = match (&field.ty, field.optional, field.boxed) {
        (_, true, true) => (quote!(#option<&#inner>), quote!(self.#name.as_deref())),
        (_, false, true) => (quote!(&#inner), quote!(&self.#name)),
        (RustType::String, true, _) => (quote!(#option<&str>), quote!(self.#name.as_deref())),
        (RustType::String, false, _) => (quote!(&str), quote!(&self.#name)),
        (RustType::List(element), true, _) => {
            let element = ctx.ty(element);
            (quote!(#option<&[#element]>), quote!(self.#name.as_deref()))
        }
        (RustType::List(element), false, _) => {
            let element = ctx.ty(element);
            (quote!(&[#element]), quote!(&self.#name))
        }
        (ty, true, _) if ty.is_copy() => (quote!(#option<#inner>), quote!(self.#name)),
        (ty, false, _) if ty.is_copy() => (inner.clone(), quote!(self.#name)),
        (_, true, _) => (quote!(#option<&#inner>), quote!(self.#name.as_ref())),
        (_, false, _) => (quote!(&#inner), quote!(&self.#name)),
    };
    let allow = allow_trait_method_name(&field.name);
    quote! {
        #docs
        #deprecated
        #allow
        pub fn #name(&self) -> #ty {
            #body
        }
    }
}

/// A getter or setter named like a std trait method (`add`, `clone`, …) is
/// still the model's member name: keep it, and say so to clippy.
fn allow_trait_method_name(name: &str) -> TokenStream {
    if crate::ir::naming::is_std_trait_method(name) {
        quote!(#[allow(clippy::should_implement_trait)])
    } else {
        quote!()
    }
}

/// `Debug` that prints sensitive members as a redaction marker.
fn debug_impl(def: &StructDef) -> TokenStream {
    redacting_debug(&def.name, &def.fields)
}

/// `impl Debug for <type_name>` over `fields`, sensitive ones redacted (for
/// a structure and for its builder, which hold the same members).
fn redacting_debug(type_name: &str, fields: &[FieldDef]) -> TokenStream {
    let name = ident(type_name);
    let fields = fields.iter().map(|f| {
        let field = ident(&f.name);
        let label = f.name.strip_prefix("r#").unwrap_or(&f.name);
        if f.sensitive {
            quote!(.field(#label, &crate::rt::fmt::REDACTED))
        } else {
            quote!(.field(#label, &self.#field))
        }
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#type_name) #(#fields)* .finish()
            }
        }
    }
}

/// The runtime `Validate` impl: `@required`, `@length`, `@pattern`, `@range`
/// on each member, and nested structures that validate.
fn validate_impl(def: &StructDef, ctx: &Ctx) -> TokenStream {
    let name = ident(&def.name);
    let checks: Vec<TokenStream> = def.fields.iter().map(field_checks).filter(|c| !c.is_empty()).collect();
    let vec = ctx.std("Vec");
    let (path, out) = if checks.is_empty() { (quote!(_path), quote!(_out)) } else { (quote!(path), quote!(out)) };
    // `c::` keeps the many check calls short; declared only where one uses it.
    let uses_alias = checks.iter().any(|check| format!(" {check}").contains(" c ::"));
    let alias = if uses_alias {
        quote!(
            use crate::rt::constraints as c;
        )
    } else {
        quote!()
    };
    quote! {
        impl crate::rt::constraints::Validate for #name {
            fn validate_into(&self, #path: &str, #out: &mut #vec<crate::error::ConstraintViolation>) {
                #alias
                #(#checks)*
            }
        }
    }
}

fn field_checks(field: &FieldDef) -> TokenStream {
    let name = ident(&field.name);
    let member = &field.member;
    let required = if field.required && field.optional {
        quote!(c::required(self.#name.as_ref(), path, #member, out);)
    } else {
        quote!()
    };
    let checks = value_checks(field);
    if checks.is_empty() {
        return required;
    }
    if field.optional {
        quote! {
            #required
            if let Some(value) = &self.#name {
                #checks
            }
        }
    } else {
        quote! {
            {
                let value = &self.#name;
                #checks
            }
        }
    }
}

/// Checks on `value` (a reference to the member's value).
fn value_checks(field: &FieldDef) -> TokenStream {
    let member = &field.member;
    let c = &field.constraints;
    let mut out = TokenStream::new();
    let bound = |b: Option<f64>| match b {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    };
    let count_bound = |b: Option<f64>| match b {
        Some(v) if v >= 0.0 => {
            // Length bounds are whole numbers in valid models.
            let v = v as u64;
            quote!(Some(#v))
        }
        _ => quote!(None),
    };
    if let Some(length) = &c.length {
        let actual = match &field.ty {
            RustType::String => Some(quote!(value.chars().count())),
            RustType::List(_) | RustType::Map(..) => Some(quote!(value.len())),
            RustType::Blob => Some(quote!(value.as_bytes().len())),
            _ => None,
        };
        if let Some(actual) = actual {
            let (min, max) = (count_bound(length.min), count_bound(length.max));
            out.extend(quote!(c::length(#actual, #min, #max, path, #member, out);));
        }
    }
    if let (Some(range), true) = (&c.range, field.ty.is_number()) {
        let (min, max) = (bound(range.min), bound(range.max));
        let actual = match field.ty {
            // i64 has no lossless conversion; bounds beyond 2^53 are not found in models.
            RustType::I64 => quote!(*value as f64),
            RustType::F64 => quote!(*value),
            _ => quote!(f64::from(*value)),
        };
        out.extend(quote!(c::range(#actual, #min, #max, path, #member, out);));
    }
    if let (Some(pattern), RustType::String) = (&c.pattern, &field.ty) {
        if regex_lite::Regex::new(pattern).is_ok() {
            out.extend(quote!(crate::rt::pattern::pattern(value, #pattern, path, #member, out);));
        }
    }
    let nested_path = quote!(&c::join(path, #member));
    match &field.ty {
        RustType::Named {
            kind: NamedKind::Struct { validates: true } | NamedKind::Error { validates: true }, ..
        } => {
            let value = if field.boxed { quote!(&**value) } else { quote!(value) };
            out.extend(quote!(c::Validate::validate_into(#value, #nested_path, out);));
        }
        RustType::List(element) if validates(element) => {
            out.extend(quote!(c::validate_each(value, #nested_path, out);));
        }
        RustType::Map(_, element) if validates(element) => {
            out.extend(quote!(c::validate_values(value, #nested_path, out);));
        }
        _ => {}
    }
    out
}

fn validates(ty: &RustType) -> bool {
    matches!(
        ty,
        RustType::Named { kind: NamedKind::Struct { validates: true } | NamedKind::Error { validates: true }, .. }
    )
}

/// The builder: every member optional, one setter and one `set_` per member.
pub(crate) fn emit_builder(def: &StructDef, ctx: &Ctx) -> TokenStream {
    let target = ident(&def.name);
    let target_path = match ctx.module() {
        Module::TypesBuilders => quote!(crate::types::#target),
        Module::ErrorBuilders => quote!(crate::error::#target),
        _ => quote!(#target),
    };
    let name = format_ident!("{}Builder", def.name);
    let option = ctx.std("Option");
    let debug = if def.has_sensitive() { quote!() } else { quote!(Debug,) };
    let fields = def.fields.iter().map(|f| {
        let field = ident(&f.name);
        let ty = builder_field_ty(f, ctx);
        quote!(#field: #option<#ty>,)
    });
    // An input's builder made by `client.<operation>()` keeps the client, for `send()`.
    let client = if def.role == Role::Input {
        let cfg = super::client_cfg();
        quote! {
            #cfg
            pub(crate) client: crate::rt::client::Bound,
        }
    } else {
        quote!()
    };
    let setters = def.fields.iter().map(|f| setter(f, ctx));
    let assignments = def.fields.iter().map(|f| {
        let field = ident(&f.name);
        let member = &f.member;
        if f.optional {
            quote!(#field: self.#field,)
        } else if f.default.is_some() {
            let function = ident(&default_fn_name(&def.name, f));
            let path = match ctx.module() {
                Module::TypesBuilders | Module::ErrorBuilders => quote!(super::#function),
                _ => quote!(#function),
            };
            quote!(#field: self.#field.unwrap_or_else(#path),)
        } else if f.zero_default {
            quote!(#field: self.#field.unwrap_or_default(),)
        } else {
            quote!(#field: self.#field.ok_or_else(|| crate::error::BuildError::missing(#member))?,)
        }
    });
    let build = if def.builder_is_fallible() {
        let result = ctx.std("Result");
        let doc = if def.role == Role::Input {
            " Builds the input. Fails only when a future version adds a check; call `validate()` for the model's constraints."
                .to_owned()
        } else {
            " Builds the structure; fails when a required member is not set.".to_owned()
        };
        quote! {
            #[doc = #doc]
            pub fn build(self) -> #result<#target_path, crate::error::BuildError> {
                Ok(#target_path { #(#assignments)* })
            }
        }
    } else {
        quote! {
            /// Builds the structure.
            pub fn build(self) -> #target_path {
                #target_path { #(#assignments)* }
            }
        }
    };
    let debug_impl = if def.has_sensitive() { redacting_debug(&name.to_string(), &def.fields) } else { quote!() };
    let doc = format!(" A builder for [`{}`].", def.name);
    let doc = match ctx.module() {
        Module::TypesBuilders => format!(" A builder for [`{}`](crate::types::{}).", def.name, def.name),
        Module::ErrorBuilders => format!(" A builder for [`{}`](crate::error::{}).", def.name, def.name),
        _ => doc,
    };
    let clone_eq = clone_eq(def);
    quote! {
        #[doc = #doc]
        #[derive(#clone_eq Default, #debug)]
        pub struct #name {
            #(#fields)*
            #client
        }

        impl #name {
            #(#setters)*
            #build
        }

        #debug_impl
    }
}

fn builder_field_ty(field: &FieldDef, ctx: &Ctx) -> TokenStream {
    let ty = ctx.ty(&field.ty);
    if field.boxed {
        let boxed = ctx.std("Box");
        quote!(#boxed<#ty>)
    } else {
        ty
    }
}

fn setter(field: &FieldDef, ctx: &Ctx) -> TokenStream {
    let name = ident(&field.name);
    let bare = field.name.strip_prefix("r#").unwrap_or(&field.name);
    let set_name = ident(&crate::ir::naming::setter_name(bare));
    let allow = allow_trait_method_name(&field.name);
    let option = ctx.std("Option");
    let ty = ctx.ty(&field.ty);
    let stored = builder_field_ty(field, ctx);
    let docs = doc_attrs(summary(field.docs.as_deref()).as_deref());
    let deprecated = deprecated_attr(field.deprecated.as_deref());
    let (param, value) = match (&field.ty, field.boxed) {
        (_, true) => (quote!(#ty), quote!(::std::boxed::Box::new(input))),
        (RustType::String | RustType::ByteStream { .. } | RustType::EventSender { .. }, false) => {
            let into = if field.ty == RustType::String { ctx.std("String") } else { ty.clone() };
            (quote!(impl Into<#into>), quote!(input.into()))
        }
        _ => (quote!(#ty), quote!(input)),
    };
    let set_doc = format!(" Sets or clears `{}`.", field.member);
    // As in aws-sdk-rust: a list's setter appends one element, a map's inserts one entry, and
    // `set_` replaces the whole value.
    let add = match (&field.ty, field.boxed) {
        (RustType::List(element), false) => {
            let (param, value) = into_param(element, "input", ctx);
            let note = format!(" Appends one element to `{}` (`{set_name}` replaces the list).", field.member);
            quote! {
                #docs
                #[doc = ""]
                #[doc = #note]
                #deprecated
                #allow
                pub fn #name(mut self, input: #param) -> Self {
                    self.#name.get_or_insert_with(::std::vec::Vec::new).push(#value);
                    self
                }
            }
        }
        (RustType::Map(key, element), false) => {
            let (key_param, key_value) = into_param(key, "key", ctx);
            let (param, value) = into_param(element, "input", ctx);
            let note = format!(" Inserts one entry into `{}` (`{set_name}` replaces the map).", field.member);
            quote! {
                #docs
                #[doc = ""]
                #[doc = #note]
                #deprecated
                #allow
                pub fn #name(mut self, key: #key_param, input: #param) -> Self {
                    self.#name.get_or_insert_with(::std::collections::HashMap::new).insert(#key_value, #value);
                    self
                }
            }
        }
        _ => quote! {
            #docs
            #deprecated
            #allow
            pub fn #name(mut self, input: #param) -> Self {
                self.#name = Some(#value);
                self
            }
        },
    };
    quote! {
        #add
        #[doc = #set_doc]
        #deprecated
        pub fn #set_name(mut self, input: #option<#stored>) -> Self {
            self.#name = input;
            self
        }
    }
}

/// A setter's parameter `name` for a value of `ty` (`impl Into<String>` for strings), and the
/// expression that stores it.
fn into_param(ty: &RustType, name: &str, ctx: &Ctx) -> (TokenStream, TokenStream) {
    let name = ident(name);
    if *ty == RustType::String {
        let string = ctx.std("String");
        (quote!(impl Into<#string>), quote!(#name.into()))
    } else {
        (ctx.ty(ty), quote!(#name))
    }
}

/// `src/error.rs` and `src/error/builders.rs`: the modeled error structures
/// (with `Display` and `std::error::Error`) and the runtime's error types.
pub(crate) fn emit_error_module(krate: &RustCrate) -> Vec<(PathBuf, FileContent)> {
    let ctx = Ctx::new(krate, Module::Error, krate.errors.iter().map(|e| e.name.as_str()));
    let structs = krate.errors.iter().map(|e| {
        let def = emit_struct(e, &ctx);
        let name = ident(&e.name);
        let code = match &e.role {
            Role::Error { code, .. } => code,
            _ => &e.shape_name,
        };
        let message = match &e.role {
            Role::Error { message: Some(index), .. } => e.fields.get(*index),
            _ => None,
        };
        let with_message = format!("{code}: {{}}");
        // `Display`, `ErrorParts::message` and `ErrorParts::message_slot`, by the message member's kind.
        let (display, message_expr, message_slot) = match message {
            Some(field) if field.optional => {
                let field = ident(&field.name);
                (
                    quote! {
                        match &self.#field {
                            Some(message) => write!(f, #with_message, message),
                            None => f.write_str(#code),
                        }
                    },
                    quote!(self.#field.as_deref()),
                    quote! {
                        fn message_slot(&mut self) -> ::std::option::Option<&mut ::std::option::Option<::std::string::String>> {
                            Some(&mut self.#field)
                        }
                    },
                )
            }
            Some(field) => {
                let field = ident(&field.name);
                (quote!(write!(f, #with_message, self.#field)), quote!(Some(self.#field.as_str())), quote!())
            }
            None => (quote!(f.write_str(#code)), quote!(None), quote!()),
        };
        // Only errors some generated operation can return read HTTP members
        // (an operation left out would leave the method unused).
        let returned = krate.operations.iter().any(|op| op.errors.iter().any(|oe| oe.type_name == e.name));
        let read_http = if returned && super::response::has_http_members(e) {
            let (fill, reads) = super::response::fill(e, &quote!(self), &ctx);
            let status = if reads.status { quote!(status) } else { quote!(_status) };
            let headers = if reads.headers { quote!(headers) } else { quote!(_headers) };
            let body = if reads.body { quote!(body) } else { quote!(_body) };
            quote! {
                impl #name {
                    /// Reads the members the response carries outside the JSON body.
                    pub(crate) fn read_http(
                        mut self,
                        #status: u16,
                        #headers: &::http::HeaderMap,
                        #body: &[u8],
                    ) -> ::std::result::Result<Self, crate::error::ResponseParseError> {
                        #fill
                        Ok(self)
                    }
                }
            }
        } else {
            quote!()
        };
        let code_expr = match &e.role {
            // The query API's code, when the service sent one.
            Role::Error { query_error: Some(index), .. } => match e.fields.get(*index) {
                Some(field) => {
                    let field = ident(&field.name);
                    quote!(Some(crate::rt::response::query_error_code(self.#field.as_deref()).unwrap_or(#code)))
                }
                None => quote!(Some(#code)),
            },
            _ => quote!(Some(#code)),
        };
        // Event streams' exceptions are errors of their own enums.
        let in_stream = krate.types.iter().any(|t| match t {
            crate::ir::TypeDef::Union(u) => {
                u.event_stream.as_ref().is_some_and(|s| s.errors.iter().any(|se| se.type_name == e.name))
            }
            _ => false,
        });
        let parts = if returned || in_stream {
            quote! {
                impl crate::rt::error::ErrorParts for #name {
                    fn code(&self) -> ::std::option::Option<&str> {
                        #code_expr
                    }
                    fn message(&self) -> ::std::option::Option<&str> {
                        #message_expr
                    }
                    #message_slot
                }
            }
        } else {
            quote!()
        };
        quote! {
            #def
            #read_http
            #parts
            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    #display
                }
            }
            impl ::std::error::Error for #name {}
        }
    });
    let builders_ctx = ctx.builders();
    let builders: Vec<TokenStream> = krate.errors.iter().map(|e| emit_builder(e, &builders_ctx)).collect();
    let builders_mod = if builders.is_empty() {
        quote!()
    } else {
        quote!(
            pub mod builders;
        )
    };
    let mut files = vec![(
        PathBuf::from("src/error.rs"),
        FileContent::Rust(quote! {
            #![doc = " Errors: the service's modeled error shapes, and the errors of building"]
            #![doc = " requests and reading responses."]
            pub use crate::rt::error::{
                BuildError, BuildErrorKind, Constraint, ConstraintViolation, ConstraintViolations, ResponseParseError,
                UnhandledError,
            };
            #builders_mod
            #(#structs)*
        }),
    )];
    if !builders.is_empty() {
        files.push((
            PathBuf::from("src/error/builders.rs"),
            FileContent::Rust(quote! {
                #![doc = " Builders for the error structures of [`crate::error`]."]
                #(#builders)*
            }),
        ));
    }
    files
}

/// Input members that travel in the JSON body.
pub(crate) fn body_fields(def: &StructDef) -> impl Iterator<Item = &FieldDef> {
    def.fields.iter().filter(|f| f.binding == Binding::Body)
}

/// An event stream is read (or sent) once, in place: it cannot be cloned or compared. A byte stream
/// cannot be cloned either (its source is read once), but compares (by its bytes in memory).
fn clone_eq(def: &StructDef) -> TokenStream {
    if def.fields.iter().any(|f| matches!(f.ty, RustType::EventStream { .. } | RustType::EventSender { .. })) {
        quote!()
    } else if def.fields.iter().any(|f| matches!(f.ty, RustType::ByteStream { .. })) {
        quote!(PartialEq,)
    } else {
        quote!(Clone, PartialEq,)
    }
}
