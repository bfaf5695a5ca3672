//! EXPERIMENT (`Settings::experimental_schema_codec`, `CODEGEN_EXPERIMENT_SCHEMA=1` in xtask):
//! the read direction of JSON crates as schema-based deserialization, for the comparison in
//! BENCHMARKS.md. A structure or union gets a `static` [`Schema`] (member names, JSON keys,
//! timestamp formats) and a `Deserialize` impl that hands the runtime's protocol-agnostic
//! `ShapeDeserializer` a closure routing each found member, by index, to its field; the walk of
//! the object and the lookup of keys are the codec's (`runtime/schema.rs`, `schema_json.rs`).
//! The write direction stays the generated `ToJson` of [`super::json`].

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::ident;
use crate::ir::{Binding, EnumDef, FieldDef, RustType, StructDef, UnionDef};
use crate::model::traits::TimestampFormat;

/// How the generated readers reach the codec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dispatch {
    /// `&mut dyn ShapeDeserializer` (`runtime/schema.rs`): each reader compiled once.
    Dynamic,
    /// `D: ShapeDeserializer` (`runtime/schema_static.rs`): monomorphized for the codec.
    Static,
}

impl Dispatch {
    /// `deserialize`'s parameters.
    fn signature(self) -> TokenStream {
        let rt = rt();
        match self {
            Dispatch::Dynamic => quote!((d: &mut dyn #rt::ShapeDeserializer, _: &'static #rt::Member)),
            Dispatch::Static => quote!(<D: #rt::ShapeDeserializer>(d: &mut D, _: &'static #rt::Member)),
        }
    }

    /// What precedes a visitor closure: `&mut` to make it a trait object, or nothing.
    fn visitor(self) -> TokenStream {
        match self {
            Dispatch::Dynamic => quote!(&mut),
            Dispatch::Static => quote!(),
        }
    }
}

/// `crate::rt::schema`, the path every item here is under.
fn rt() -> TokenStream {
    quote!(crate::rt::schema)
}

/// `static SCHEMA: Schema = …;` for members given as (model name, JSON key, type).
fn schema_static(name: &str, members: &[(&str, &str, Option<&RustType>)]) -> TokenStream {
    let rt = rt();
    let members = members.iter().map(|(member, wire, ty)| match ty.and_then(timestamp_format) {
        Some(format) => {
            let format = match format {
                TimestampFormat::DateTime => quote!(DateTime),
                TimestampFormat::HttpDate => quote!(HttpDate),
                TimestampFormat::EpochSeconds => quote!(EpochSeconds),
            };
            quote!(#rt::Member::timestamp(#member, #wire, #rt::TimestampFormat::#format))
        }
        None if member == wire => quote!(#rt::Member::plain(#member)),
        None => quote!(#rt::Member::new(#member, #wire)),
    });
    quote! {
        static SCHEMA: #rt::Schema = #rt::Schema { name: #name, members: &[#(#members),*] };
    }
}

/// The format of a timestamp the type holds (at any depth), when it is not the default.
fn timestamp_format(ty: &RustType) -> Option<TimestampFormat> {
    match ty {
        RustType::DateTime(format) if *format != TimestampFormat::EpochSeconds => Some(*format),
        RustType::List(inner) | RustType::Nullable(inner) | RustType::Map(_, inner) => timestamp_format(inner),
        _ => None,
    }
}

/// `Deserialize` for a structure: its body members (the others are not in the JSON).
pub(crate) fn struct_impl(def: &StructDef, dispatch: Dispatch) -> TokenStream {
    if !def.codec.read {
        return quote!();
    }
    let rt = rt();
    let signature = dispatch.signature();
    let visit = dispatch.visitor();
    let name = ident(&def.name);
    let body: Vec<&FieldDef> = def.fields.iter().filter(|f| f.binding == Binding::Body).collect();
    let members: Vec<(&str, &str, Option<&RustType>)> =
        body.iter().map(|f| (f.member.as_str(), f.wire.as_str(), Some(&f.ty))).collect();
    let schema = schema_static(&def.shape_name, &members);
    let all_optional = def.all_optional();
    // Locals (structures with required members) are `f_<field>`, so they never meet `d`, `m`, `i`.
    let local = |f: &FieldDef| ident(&format!("f_{}", f.name.strip_prefix("r#").unwrap_or(&f.name)));
    let arms = body.iter().enumerate().map(|(index, f)| {
        let field = ident(&f.name);
        let slot = if all_optional {
            quote!(&mut out.#field)
        } else {
            let local = local(f);
            quote!(&mut #local)
        };
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        quote!(#index => #rt::read_into(d, m, #slot),)
    });
    let walk = if body.is_empty() {
        quote!(d.read_struct(&SCHEMA, #visit |_, _, d| d.skip())?;)
    } else {
        quote! {
            d.read_struct(&SCHEMA, #visit |i, m, d| match i {
                #(#arms)*
                _ => d.skip(),
            })?;
        }
    };
    let build = if all_optional && body.is_empty() {
        quote! {
            #walk
            Ok(::std::default::Default::default())
        }
    } else if all_optional {
        quote! {
            // Not `Self::default()`: a member named `default` has a getter of that name.
            let mut out: Self = ::std::default::Default::default();
            #walk
            Ok(out)
        }
    } else {
        let locals = body.iter().map(|f| {
            let local = local(f);
            quote!(let mut #local = None;)
        });
        let inits = def.fields.iter().map(|f| {
            let field = ident(&f.name);
            let is_body = f.binding == Binding::Body;
            let value = match (is_body, f.optional, f.default.is_some()) {
                (true, true, _) => {
                    let local = local(f);
                    quote!(#local)
                }
                (false, true, _) => quote!(None),
                (true, false, true) => {
                    let local = local(f);
                    let default = ident(&crate::emit::structure::default_fn_name(&def.name, f));
                    quote!(#local.unwrap_or_else(#default))
                }
                (true, false, false) => {
                    let local = local(f);
                    quote!(#local.unwrap_or_default())
                }
                (false, false, true) => {
                    let default = ident(&crate::emit::structure::default_fn_name(&def.name, f));
                    quote!(#default())
                }
                (false, false, false) => quote!(::std::default::Default::default()),
            };
            quote!(#field: #value,)
        });
        quote! {
            #(#locals)*
            #walk
            Ok(Self { #(#inits)* })
        }
    };
    quote! {
        impl #rt::Deserialize for #name {
            fn deserialize #signature -> #rt::Result<Self> {
                #schema
                #build
            }
        }
    }
}

/// `Deserialize` for a union.
pub(crate) fn union_impl(def: &UnionDef, dispatch: Dispatch) -> TokenStream {
    if !def.codec.read {
        return quote!();
    }
    let rt = rt();
    let signature = dispatch.signature();
    let visit = dispatch.visitor();
    let name = ident(&def.name);
    let members: Vec<(&str, &str, Option<&RustType>)> =
        def.variants.iter().map(|v| (v.member.as_str(), v.wire.as_str(), v.ty.as_ref())).collect();
    let schema = schema_static(&def.name, &members);
    let empty = format!("union `{}` has no member set", def.name);
    let arms = def.variants.iter().enumerate().map(|(index, v)| {
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        let variant = ident(&v.name);
        match &v.ty {
            // A `Unit` member's value is `{}`; whatever it holds is ignored.
            None => quote!(Some((#index, _)) => d.skip().map(|()| Self::#variant),),
            Some(_) if v.boxed => {
                quote!(Some((#index, m)) => #rt::read(d, m).map(|value| Self::#variant(::std::boxed::Box::new(value))),)
            }
            Some(_) => quote!(Some((#index, m)) => #rt::read(d, m).map(Self::#variant),),
        }
    });
    quote! {
        impl #rt::Deserialize for #name {
            fn deserialize #signature -> #rt::Result<Self> {
                #schema
                let mut out = None;
                d.read_union(&SCHEMA, #visit |member, key, d| {
                    out = Some(match member {
                        #(#arms)*
                        _ => #rt::unknown_variant(d, key).map(Self::Unknown),
                    }?);
                    Ok(())
                })?;
                // `read_union` fails unless exactly one member was read.
                out.ok_or_else(|| crate::error::ResponseParseError::new("", #empty))
            }
        }
    }
}

/// `Deserialize` for an enum: its wire string (no schema needed).
pub(crate) fn enum_impl(def: &EnumDef, dispatch: Dispatch) -> TokenStream {
    if !def.codec.read {
        return quote!();
    }
    let rt = rt();
    let signature = dispatch.signature();
    let name = ident(&def.name);
    quote! {
        impl #rt::Deserialize for #name {
            fn deserialize #signature -> #rt::Result<Self> {
                d.read_str().map(|value| Self::from(&*value))
            }
        }
    }
}
