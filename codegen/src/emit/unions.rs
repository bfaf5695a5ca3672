//! Unions: a Rust enum with one variant per member and `Unknown` for a member
//! this version does not know, with the one-key JSON object wire form.

use proc_macro2::TokenStream;
use quote::quote;

use super::{deprecated_attr, doc_attrs, ident, Ctx};
use crate::ir::{RustType, UnionDef};
use crate::model::traits::TimestampFormat;

pub(crate) fn emit(def: &UnionDef, ctx: &Ctx) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc_attrs(def.docs.as_deref());
    let deprecated = deprecated_attr(def.deprecated.as_deref());
    let result = ctx.std("Result");
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
    let serialize_arms = def.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        match &v.ty {
            None => quote!(Self::#variant => map.serialize_entry(#wire, &crate::rt::union::EmptyObject)?,),
            Some(RustType::DateTime(TimestampFormat::DateTime)) => {
                quote!(Self::#variant(value) => map.serialize_entry(#wire, &value.fmt_date_time())?,)
            }
            Some(RustType::DateTime(TimestampFormat::HttpDate)) => {
                quote!(Self::#variant(value) => map.serialize_entry(#wire, &value.fmt_http_date())?,)
            }
            Some(_) => quote!(Self::#variant(value) => map.serialize_entry(#wire, value)?,),
        }
    });
    let deserialize_arms = def.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        let parse = match &v.ty {
            Some(RustType::DateTime(TimestampFormat::DateTime)) => Some(quote!(parse_date_time)),
            Some(RustType::DateTime(TimestampFormat::HttpDate)) => Some(quote!(parse_http_date)),
            _ => None,
        };
        match (&v.ty, parse) {
            (None, _) => quote!(#wire => Self::#variant,),
            (Some(_), Some(parse)) => quote! {
                #wire => {
                    let text: ::std::string::String = crate::rt::union::value(&name, value)?;
                    let value = crate::primitives::DateTime::#parse(&text).map_err(::serde::de::Error::custom)?;
                    Self::#variant(value)
                }
            },
            (Some(_), None) => quote!(#wire => Self::#variant(crate::rt::union::value(&name, value)?),),
        }
    });
    let type_name = &def.name;
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
            #(#variants)*
            /// A member this version of the crate does not know; it is kept and
            /// serializes back unchanged.
            Unknown(crate::primitives::UnknownVariant),
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(Some(1))?;
                match self {
                    #(#serialize_arms)*
                    Self::Unknown(unknown) => map.serialize_entry(unknown.name(), unknown.value())?,
                }
                map.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                let (name, value) = crate::rt::union::read(deserializer, #type_name)?;
                Ok(match name.as_str() {
                    #(#deserialize_arms)*
                    _ => Self::Unknown(crate::primitives::UnknownVariant::new(name, value)),
                })
            }
        }

        #debug_impl
    }
}
