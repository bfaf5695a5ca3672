//! Enums that keep values they do not know: `Unknown(UnknownValue)` holds
//! them, and they serialize back unchanged.

use proc_macro2::TokenStream;
use quote::quote;

use super::{deprecated_attr, doc_attrs, ident, Ctx};
use crate::ir::{EnumDef, NamedKind, RustCrate, RustType, TypeDef};

pub(crate) fn emit(def: &EnumDef, krate: &RustCrate, ctx: &Ctx) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc_attrs(def.docs.as_deref());
    let deprecated = deprecated_attr(def.deprecated.as_deref());
    let variants = def.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let docs = match &v.docs {
            Some(d) => doc_attrs(Some(&format!("{d}\n\nWire value: `{}`.", v.value.replace('`', "'")))),
            None => doc_attrs(Some(&format!("`{}`", v.value.replace('`', "'")))),
        };
        let deprecated = deprecated_attr(v.deprecated.as_deref());
        quote!(#docs #deprecated #variant,)
    });
    let values: Vec<&str> = def.variants.iter().map(|v| v.value.as_str()).collect();
    let as_str_arms = def.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let value = &v.value;
        quote!(Self::#variant => #value,)
    });
    let from_arms = def.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let value = &v.value;
        quote!(#value => Self::#variant,)
    });
    let default_impl = if needs_default(&def.name, krate) {
        quote! {
            /// The value a missing required member reads as (client error
            /// correction): an unknown, empty value.
            impl ::std::default::Default for #name {
                fn default() -> Self {
                    Self::Unknown(crate::primitives::UnknownValue::new(""))
                }
            }
        }
    } else {
        quote!()
    };
    let result = ctx.std("Result");
    let json_impls = super::protocol::enum_impls(def, ctx);
    quote! {
        #docs
        #deprecated
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know. It is kept, and
            /// serializes back unchanged; match it with a wildcard arm, since a
            /// later version may know it as a variant of its own.
            Unknown(crate::primitives::UnknownValue),
        }

        impl #name {
            /// Every value the model defines, in model order.
            pub const VALUES: &'static [&'static str] = &[#(#values),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str_arms)*
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_arms)*
                    other => Self::Unknown(crate::primitives::UnknownValue::new(other)),
                }
            }
        }

        #[cfg(feature = "serde")]
        crate::rt::serde_impls::string_enum!(#name);

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> #result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #json_impls
        #default_impl
    }
}

/// An enum needs `Default` when some non-optional member holds it directly
/// (client error correction fills a missing one in).
fn needs_default(name: &str, krate: &RustCrate) -> bool {
    let structs = krate
        .types
        .iter()
        .filter_map(|t| match t {
            TypeDef::Struct(s) => Some(s),
            TypeDef::Enum(_) | TypeDef::Union(_) => None,
        })
        .chain(&krate.errors)
        .chain(krate.operations.iter().flat_map(|op| [&op.input, &op.output]));
    structs
        .flat_map(|s| &s.fields)
        .any(|f| !f.optional && matches!(&f.ty, RustType::Named { name: n, kind: NamedKind::Enum } if n == name))
}
