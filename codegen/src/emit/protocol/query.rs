//! The request form of awsQuery and ec2Query: `ToQuery` for the types a request can hold. Each
//! member becomes `Key=value` pairs under its parent's key (`Parent.Key`); lists and maps add
//! their item and entry segments (`Key.member.1`, `Key.entry.1.key`). ec2Query flattens every
//! list and sends nothing for an empty one; awsQuery sends `Key=` for an empty list.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{deprecated_attr, doc_attrs, ident, Ctx};
use crate::ir::{EnumDef, FieldDef, OperationDef, RustType, StructDef, UnionDef, XmlMember, XmlNode};
use crate::model::traits::TimestampFormat;

/// `ToQuery` for a structure: one call per member, under the structure's own key.
pub(crate) fn struct_impl(def: &StructDef, ctx: &Ctx) -> TokenStream {
    let name = ident(&def.name);
    let writes: Vec<TokenStream> = def
        .fields
        .iter()
        .map(|f| {
            let field = ident(&f.name);
            let key = query_key(f);
            // Plain values take the runtime's one-call forms.
            if is_plain(&f.ty) {
                return if f.optional {
                    quote!(w.opt(prefix, #key, &self.#field);)
                } else {
                    quote!(w.field(prefix, #key, &self.#field);)
                };
            }
            let value = if f.boxed { quote!(&**value) } else { quote!(value) };
            let write = write_value(&f.ty, &node(f), flattened(f, ctx), value, quote!(&key), ctx);
            if f.optional {
                quote! {
                    if let Some(value) = &self.#field {
                        let key = crate::rt::query::key(prefix, #key);
                        #write
                    }
                }
            } else {
                quote! {
                    let value = &self.#field;
                    let key = crate::rt::query::key(prefix, #key);
                    #write
                }
            }
        })
        .collect();
    let (w, prefix) = if writes.is_empty() { (quote!(_w), quote!(_prefix)) } else { (quote!(w), quote!(prefix)) };
    quote! {
        impl crate::rt::query::ToQuery for #name {
            fn write(&self, #w: &mut crate::rt::query::QueryWriter, #prefix: &str) {
                #(#writes)*
            }
        }
    }
}

/// A value written by its own `ToQuery` (not a collection, not a timestamp in another format).
fn is_plain(ty: &RustType) -> bool {
    !matches!(ty, RustType::List(_) | RustType::Map(..) | RustType::Nullable(_))
        && !matches!(ty, RustType::DateTime(format) if *format != TimestampFormat::DateTime)
}

fn query_key(f: &FieldDef) -> String {
    f.xml.as_ref().map_or_else(|| f.member.clone(), |x| x.query_key.clone())
}

fn node(f: &FieldDef) -> XmlNode {
    f.xml.as_ref().map(|x| x.node.clone()).unwrap_or_default()
}

/// ec2Query flattens every list; awsQuery those marked `@xmlFlattened`.
fn flattened(f: &FieldDef, ctx: &Ctx) -> bool {
    ctx.protocol() == Some(crate::ir::Protocol::Ec2Query) || f.xml.as_ref().is_some_and(|x| x.flattened)
}

/// Statements writing `value` (a reference) under `key` (a `String` local).
/// `key` is a `&str` expression.
fn write_value(
    ty: &RustType,
    node: &XmlNode,
    flattened: bool,
    value: TokenStream,
    key: TokenStream,
    ctx: &Ctx,
) -> TokenStream {
    let ec2 = ctx.protocol() == Some(crate::ir::Protocol::Ec2Query);
    match (ty, node) {
        (RustType::DateTime(format), _) if *format != TimestampFormat::DateTime => {
            let text = match format {
                TimestampFormat::HttpDate => quote!(#value.fmt_http_date()),
                _ => quote!(#value.fmt_epoch_seconds()),
            };
            quote!(w.value(#key, &#text);)
        }
        (RustType::List(item), _) => {
            let (item_name, items) = match node {
                XmlNode::List { item, items, .. } => (item.clone(), (**items).clone()),
                _ => ("member".to_owned(), XmlNode::Leaf),
            };
            let item_segment = if flattened { quote!(None) } else { quote!(Some(#item_name)) };
            let send_empty = !ec2;
            if is_plain(item) {
                return quote!(w.list(#key, #value, #item_segment, #send_empty););
            }
            let write = write_value(item, &items, false, quote!(item), quote!(key), ctx);
            quote! {
                w.list_with(#key, #value, #item_segment, #send_empty, |w, key, item| {
                    #write
                });
            }
        }
        (RustType::Map(_, value_ty), _) => {
            let (key_name, value_name, values) = match node {
                XmlNode::Map { key, value, values, .. } => (key.clone(), value.clone(), (**values).clone()),
                _ => ("key".to_owned(), "value".to_owned(), XmlNode::Leaf),
            };
            let entry = if flattened { quote!(None) } else { quote!(Some("entry")) };
            let names = quote!(&crate::rt::query::QueryMapNames { entry: #entry, key: #key_name, value: #value_name });
            if is_plain(value_ty) {
                return quote!(w.map(#key, #value, #names););
            }
            let write = write_value(value_ty, &values, false, quote!(value), quote!(key), ctx);
            quote! {
                w.map_with(#key, #value, #names, |w, key, value| {
                    #write
                });
            }
        }
        (RustType::Nullable(inner), _) => {
            let write = write_value(inner, node, flattened, quote!(inner), key, ctx);
            quote! {
                if let Some(inner) = #value {
                    #write
                }
            }
        }
        _ => quote!(crate::rt::query::ToQuery::write(#value, w, #key);),
    }
}

/// `ToQuery` for a union: the set member under its key.
pub(crate) fn union_impl(def: &UnionDef, ctx: &Ctx) -> TokenStream {
    let name = ident(&def.name);
    let arms = def.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let xml: Option<&XmlMember> = v.xml.as_deref();
        let key = xml.map_or_else(|| v.member.clone(), |x| x.query_key.clone());
        let node = xml.map(|x| x.node.clone()).unwrap_or_default();
        let flat = ctx.protocol() == Some(crate::ir::Protocol::Ec2Query) || xml.is_some_and(|x| x.flattened);
        match &v.ty {
            None => quote!(Self::#variant => w.value(&crate::rt::query::key(prefix, #key), ""),),
            Some(ty) => {
                let value = if v.boxed { quote!(&**value) } else { quote!(value) };
                let write = write_value(ty, &node, flat, value, quote!(&key), ctx);
                quote! {
                    Self::#variant(value) => {
                        let key = crate::rt::query::key(prefix, #key);
                        #write
                    }
                }
            }
        }
    });
    quote! {
        impl crate::rt::query::ToQuery for #name {
            fn write(&self, w: &mut crate::rt::query::QueryWriter, prefix: &str) {
                match self {
                    #(#arms)*
                    // Never built by a caller: it only holds what a response sent.
                    Self::Unknown(_) => {}
                }
            }
        }
    }
}

/// An enum is its value.
pub(crate) fn enum_impl(def: &EnumDef) -> TokenStream {
    let name = ident(&def.name);
    quote! {
        impl crate::rt::query::ToQuery for #name {
            fn write(&self, w: &mut crate::rt::query::QueryWriter, key: &str) {
                w.value(key, self.as_str());
            }
        }
    }
}

/// awsQuery and ec2Query: `POST /` with the form body `Action=<Op>&Version=<version>` and the
/// input's members.
pub(crate) fn rpc_request(op: &OperationDef, ctx: &Ctx) -> TokenStream {
    let input_name = ident(&op.input.name);
    let result = ctx.std("Result");
    let vec = ctx.std("Vec");
    let action = &op.name;
    let version = &op.api_version;
    let fill_tokens = crate::emit::operation::fill_idempotency_tokens(op);
    let post =
        super::post_to_root(op, quote!(.header(::http::header::CONTENT_TYPE, "application/x-www-form-urlencoded")));
    let doc = doc_attrs(Some(&format!(
        "Builds the request for `{}` ({}): `POST /` with the form body\n`Action={action}&Version={version}` and the input's members. Scheme, host,\nsigning and sending are the caller's.\n\n# Errors\n\nA [`BuildError`](crate::error::BuildError) if the request cannot be built.",
        op.name,
        op.protocol.trait_name(),
    )));
    let deprecated = deprecated_attr(op.deprecated.as_deref());
    quote! {
        #doc
        #deprecated
        pub fn serialize_request(input: &#input_name) -> #result<::http::Request<#vec<u8>>, crate::error::BuildError> {
            #fill_tokens
            let mut form = crate::rt::query::QueryWriter::new(#action, #version);
            crate::rt::query::ToQuery::write(input, &mut form, "");
            let body = form.finish();
            #post
        }
    }
}
