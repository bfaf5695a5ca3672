//! Unions: a Rust enum with one variant per member and `Unknown` for a member
//! this version does not know, with the one-key JSON object wire form.

use proc_macro2::TokenStream;
use quote::quote;

use super::{deprecated_attr, doc_attrs, ident, Ctx};
use crate::ir::{StructDef, TypeDef, UnionDef};

pub(crate) fn emit(def: &UnionDef, types: &[TypeDef], errors: &[StructDef], ctx: &Ctx) -> TokenStream {
    if let Some(stream) = &def.event_stream {
        return super::event_stream::emit(def, stream, types, errors, ctx);
    }
    let name = ident(&def.name);
    let docs = doc_attrs(def.docs.as_deref());
    let deprecated = deprecated_attr(def.deprecated.as_deref());
    let variants = variants(def, ctx);
    let json_impls = super::protocol::union_impls(def, ctx);
    let serde = serde_impls(def);
    let derive_debug = if def.sensitive { quote!() } else { quote!(Debug,) };
    let debug_impl = if def.sensitive {
        quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(crate::rt::fmt::REDACTED)
                }
            }
        }
    } else {
        quote!()
    };
    quote! {
        #docs
        #deprecated
        #[derive(Clone, PartialEq, #derive_debug)]
        #[non_exhaustive]
        pub enum #name {
            #variants
            /// A member this version of the crate does not know; it is kept and
            /// serializes back unchanged.
            Unknown(crate::primitives::UnknownVariant),
        }

        #json_impls
        #debug_impl
        #serde
    }
}

/// The `serde` feature's impls: `{"Member": value}`, by the model's member names.
fn serde_impls(def: &UnionDef) -> TokenStream {
    let name = ident(&def.name);
    let (mut data, mut units) = (Vec::new(), Vec::new());
    for variant in &def.variants {
        let (id, member) = (ident(&variant.name), &variant.member);
        match variant.ty {
            Some(_) => data.push(quote!(#id = #member)),
            None => units.push(quote!(#id = #member)),
        }
    }
    quote! {
        #[cfg(feature = "serde")]
        crate::rt::serde_impls::union!(#name { #(#data),* } { #(#units),* });
    }
}

/// The enum's variants, one per member (docs, deprecation, boxing), without `Unknown`.
pub(crate) fn variants(def: &UnionDef, ctx: &Ctx) -> TokenStream {
    let variants = def.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let docs = doc_attrs(v.docs.as_deref());
        let deprecated = deprecated_attr(v.deprecated.as_deref());
        match &v.ty {
            None => quote!(#docs #deprecated #variant,),
            Some(ty) => {
                let mut ty = ctx.ty(ty);
                if v.boxed {
                    let boxed = ctx.std("Box");
                    ty = quote!(#boxed<#ty>);
                }
                quote!(#docs #deprecated #variant(#ty),)
            }
        }
    });
    quote!(#(#variants)*)
}
