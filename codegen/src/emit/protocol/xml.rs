//! The XML wire form (restXml; the responses of awsQuery and ec2Query): `FromXml` for the
//! types a response can hold, `ToXml` for those a restXml request can hold. As for JSON, the
//! impls are a `match` on element names to read and one call per member to write; elements,
//! text, entities, namespaces and error paths are the runtime's (`rt::xml`).
//!
//! A member's names come from its [`XmlMember`]: the element (or attribute) name, whether a
//! list or map is flattened into repeated elements, and the item, key and value names inside.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{ident, Ctx};
use crate::ir::{
    Binding, EnumDef, FieldDef, NamedKind, RustType, StructDef, UnionDef, XmlMember, XmlNamespace, XmlNode,
};
use crate::model::traits::TimestampFormat;

/// `FromXml` (always: the query protocols and restXml read every type a response holds) and,
/// when `write`, `ToXml` for a structure's body members.
pub(crate) fn struct_impls(def: &StructDef, write: bool, ctx: &Ctx) -> TokenStream {
    let body: Vec<&FieldDef> = def.fields.iter().filter(|f| f.binding == Binding::Body).collect();
    let read = if def.codec.read { struct_from_xml(def, &body, ctx) } else { quote!() };
    let write = if write { struct_to_xml(def, &body) } else { quote!() };
    quote!(#read #write)
}

fn xml_of(field: &FieldDef) -> XmlMember {
    field.xml.as_deref().cloned().unwrap_or_else(|| XmlMember {
        name: field.member.clone(),
        attribute: false,
        flattened: false,
        namespace: None,
        query_key: field.member.clone(),
        node: XmlNode::Leaf,
    })
}

fn struct_from_xml(def: &StructDef, body: &[&FieldDef], ctx: &Ctx) -> TokenStream {
    let name = ident(&def.name);
    // Members are read into `out` (a default value), so that no local can collide with them;
    // required members that are missing keep their zero or `@default` value (client error
    // correction), as in JSON.
    let attributes = body.iter().filter(|f| xml_of(f).attribute).map(|f| {
        let field = ident(&f.name);
        let xml = xml_of(f);
        let attr = &xml.name;
        let parse = crate::emit::response::parse_fn(&f.ty, ctx);
        if f.optional {
            quote!(out.#field = el.attr_with(#attr, #parse)?;)
        } else {
            quote! {
                if let Some(value) = el.attr_with(#attr, #parse)? {
                    out.#field = value;
                }
            }
        }
    });
    let arms = body.iter().filter(|f| !xml_of(f).attribute).map(|f| {
        let xml = xml_of(f);
        let element = &xml.name;
        let read = read_member(f, &xml);
        quote!(#element => #read,)
    });
    let init = default_init(def);
    let children = if body.iter().any(|f| !xml_of(f).attribute) {
        quote! {
            el.children(|el, name| match name {
                #(#arms)*
                _ => Ok(()),
            })?;
        }
    } else {
        quote!(el.skip()?;)
    };
    quote! {
        impl crate::rt::xml::FromXml for #name {
            fn read(el: &mut crate::rt::xml::Element<'_, '_>) -> crate::rt::xml::Result<Self> {
                #init
                #(#attributes)*
                #children
                Ok(out)
            }
        }
    }
}

/// `let mut out = …;`: the default value, with the `@default` of required members.
fn default_init(def: &StructDef) -> TokenStream {
    if def.all_optional() {
        return quote!(let mut out: Self = ::std::default::Default::default(););
    }
    let inits = def.fields.iter().map(|f| {
        let field = ident(&f.name);
        let value = if f.optional {
            quote!(None)
        } else if f.default.is_some() {
            let default = ident(&crate::emit::structure::default_fn_name(&def.name, f));
            quote!(#default())
        } else {
            quote!(::std::default::Default::default())
        };
        quote!(#field: #value,)
    });
    quote!(let mut out = Self { #(#inits)* };)
}

/// The arm that reads one member's element into `out.<field>`.
fn read_member(f: &FieldDef, xml: &XmlMember) -> TokenStream {
    let field = ident(&f.name);
    let slot = quote!(&mut out.#field);
    if xml.flattened {
        match (&f.ty, &xml.node) {
            (RustType::List(item), XmlNode::List { items, .. }) => {
                let value = read_value(item, items);
                let push = if f.optional { quote!(push_opt_with) } else { quote!(push_with) };
                return quote!(el.#push(#slot, |el| #value));
            }
            (RustType::Map(_, value_ty), XmlNode::Map { key, value, values }) => {
                let value_read = read_value(value_ty, values);
                let insert = if f.optional { quote!(insert_opt_with) } else { quote!(insert_with) };
                return quote!(el.#insert(#slot, #key, #value, |el| #value_read));
            }
            _ => {}
        }
    }
    let plain = matches!(f.ty, RustType::List(_) | RustType::Map(..) | RustType::DateTime(_)) || f.boxed;
    if !plain {
        return quote!(el.read_into(#slot));
    }
    let mut value = read_value(&f.ty, &xml.node);
    if f.boxed {
        value = quote!(#value.map(::std::boxed::Box::new));
    }
    if f.optional {
        quote!(el.read_with(#slot, |el| #value.map(Some)))
    } else {
        quote!(el.read_with(#slot, |el| #value))
    }
}

/// An expression reading one value of `ty` from `el` (a `Result`).
fn read_value(ty: &RustType, node: &XmlNode) -> TokenStream {
    match (ty, node) {
        (RustType::DateTime(format), _) => {
            let parse = timestamp_parser(*format);
            quote!(el.parse_text(#parse))
        }
        (RustType::List(item), XmlNode::List { item: name, items, .. }) => {
            let value = read_value(item, items);
            quote!(el.list_with(#name, |el| #value))
        }
        (RustType::List(item), _) => {
            let value = read_value(item, &XmlNode::Leaf);
            quote!(el.list_with("member", |el| #value))
        }
        (RustType::Map(_, value_ty), XmlNode::Map { key, value, values }) => {
            let value_read = read_value(value_ty, values);
            quote!(el.map_with(#key, #value, |el| #value_read))
        }
        (RustType::Map(_, value_ty), _) => {
            let value_read = read_value(value_ty, &XmlNode::Leaf);
            quote!(el.map_with("key", "value", |el| #value_read))
        }
        (RustType::Nullable(inner), _) => {
            let value = read_value(inner, node);
            quote!(#value.map(Some))
        }
        _ => quote!(el.read()),
    }
}

fn timestamp_parser(format: TimestampFormat) -> TokenStream {
    match format {
        TimestampFormat::DateTime => quote!(crate::primitives::DateTime::parse_date_time),
        TimestampFormat::HttpDate => quote!(crate::primitives::DateTime::parse_http_date),
        TimestampFormat::EpochSeconds => quote!(crate::primitives::DateTime::parse_epoch_seconds),
    }
}

fn struct_to_xml(def: &StructDef, body: &[&FieldDef]) -> TokenStream {
    let name = ident(&def.name);
    let attributes = body.iter().filter(|f| xml_of(f).attribute).map(|f| {
        let field = ident(&f.name);
        let xml = xml_of(f);
        let attr = &xml.name;
        let text = scalar_text(&f.ty, quote!(value));
        if f.optional {
            quote! {
                if let Some(value) = &self.#field {
                    el.attr(#attr, #text);
                }
            }
        } else {
            quote! {
                let value = &self.#field;
                el.attr(#attr, #text);
            }
        }
    });
    let children = body.iter().filter(|f| !xml_of(f).attribute).map(|f| {
        let field = ident(&f.name);
        let xml = xml_of(f);
        let value = if f.boxed { quote!(&**value) } else { quote!(value) };
        let write = write_member(&f.ty, &xml, value);
        if f.optional {
            quote! {
                if let Some(value) = &self.#field {
                    #write
                }
            }
        } else {
            quote! {
                let value = &self.#field;
                #write
            }
        }
    });
    let uses_el = body.iter().next().is_some();
    let param = if uses_el { quote!(el) } else { quote!(_el) };
    quote! {
        impl crate::rt::xml::ToXml for #name {
            fn write(&self, #param: &mut crate::rt::xml::ElementWriter<'_>) {
                #(#attributes)*
                #(#children)*
            }
        }
    }
}

/// Statements writing one member (`value` is a reference) as its element(s) into `el`.
fn write_member(ty: &RustType, xml: &XmlMember, value: TokenStream) -> TokenStream {
    let name = &xml.name;
    let ns = namespace_stmt(xml.namespace.as_ref());
    match (ty, &xml.node, xml.flattened) {
        (RustType::List(item), XmlNode::List { items, item_namespace, .. }, true) => {
            // Flattened: one element named after the member per item.
            let item_ns = namespace_stmt(xml.namespace.as_ref().or(item_namespace.as_ref()));
            let write = write_content(item, items, quote!(item));
            quote! {
                for item in #value {
                    el.element(#name, |el| {
                        #item_ns
                        #write
                    });
                }
            }
        }
        (RustType::Map(_, value_ty), XmlNode::Map { key, value: value_name, values }, true) => {
            let write = write_content(value_ty, values, quote!(value));
            quote! {
                for (key, value) in crate::rt::xml::sorted(#value) {
                    el.element(#name, |el| {
                        #ns
                        el.element(#key, |el| el.text(key.as_ref()));
                        el.element(#value_name, |el| {
                            #write
                        });
                    });
                }
            }
        }
        _ => {
            let write = write_content(ty, &xml.node, value);
            quote! {
                el.element(#name, |el| {
                    #ns
                    #write
                });
            }
        }
    }
}

/// Statements writing the content of the element `el` for a value of `ty`.
fn write_content(ty: &RustType, node: &XmlNode, value: TokenStream) -> TokenStream {
    match (ty, node) {
        (RustType::DateTime(format), _) => {
            let text = timestamp_text(*format, &value);
            quote!(el.text(&#text);)
        }
        (RustType::List(item), XmlNode::List { item: item_name, item_namespace, items }) => {
            let ns = namespace_stmt(item_namespace.as_ref());
            let write = write_content(item, items, quote!(item));
            quote! {
                for item in #value {
                    el.element(#item_name, |el| {
                        #ns
                        #write
                    });
                }
            }
        }
        (RustType::Map(_, value_ty), XmlNode::Map { key, value: value_name, values }) => {
            let write = write_content(value_ty, values, quote!(value));
            quote! {
                for (key, value) in crate::rt::xml::sorted(#value) {
                    el.element("entry", |el| {
                        el.element(#key, |el| el.text(key.as_ref()));
                        el.element(#value_name, |el| {
                            #write
                        });
                    });
                }
            }
        }
        (RustType::Nullable(inner), _) => {
            let write = write_content(inner, node, quote!(inner));
            quote! {
                if let Some(inner) = #value {
                    #write
                }
            }
        }
        _ => quote!(crate::rt::xml::ToXml::write(#value, el);),
    }
}

fn timestamp_text(format: TimestampFormat, value: &TokenStream) -> TokenStream {
    match format {
        TimestampFormat::DateTime => quote!(#value.fmt_date_time()),
        TimestampFormat::HttpDate => quote!(#value.fmt_http_date()),
        TimestampFormat::EpochSeconds => quote!(#value.fmt_epoch_seconds()),
    }
}

/// A `&str` expression for a scalar attribute value.
fn scalar_text(ty: &RustType, value: TokenStream) -> TokenStream {
    match ty {
        RustType::String => quote!(#value),
        RustType::Named { kind: NamedKind::Enum, .. } => quote!(#value.as_str()),
        RustType::DateTime(format) => {
            let text = timestamp_text(*format, &value);
            quote!(&#text)
        }
        RustType::F32 | RustType::F64 => quote!(&crate::rt::request::float_text(*#value)),
        _ => quote!(&#value.to_string()),
    }
}

/// `el.namespace(prefix, uri);` for an `@xmlNamespace`.
pub(crate) fn namespace_stmt(ns: Option<&XmlNamespace>) -> TokenStream {
    match ns {
        None => quote!(),
        Some(XmlNamespace { prefix: Some(prefix), uri }) => quote!(el.namespace(Some(#prefix), #uri);),
        Some(XmlNamespace { prefix: None, uri }) => quote!(el.namespace(None, #uri);),
    }
}

/// `FromXml` (and `ToXml`) for a union: an element holding one member's element.
pub(crate) fn union_impls(def: &UnionDef, write: bool) -> TokenStream {
    let name = ident(&def.name);
    let type_name = &def.name;
    let xml_of = |v: &crate::ir::UnionVariant| {
        v.xml.as_deref().cloned().unwrap_or_else(|| XmlMember {
            name: v.member.clone(),
            attribute: false,
            flattened: false,
            namespace: None,
            query_key: v.member.clone(),
            node: XmlNode::Leaf,
        })
    };
    let read = if def.codec.read {
        let arms = def.variants.iter().map(|v| {
            let variant = ident(&v.name);
            let xml = xml_of(v);
            let element = &xml.name;
            match &v.ty {
                None => quote!(#element => el.skip().map(|()| Self::#variant),),
                Some(ty) => {
                    let value = read_value(ty, &xml.node);
                    if v.boxed {
                        quote!(#element => #value.map(|value| Self::#variant(::std::boxed::Box::new(value))),)
                    } else {
                        quote!(#element => #value.map(Self::#variant),)
                    }
                }
            }
        });
        quote! {
            impl crate::rt::xml::FromXml for #name {
                fn read(el: &mut crate::rt::xml::Element<'_, '_>) -> crate::rt::xml::Result<Self> {
                    el.union(#type_name, |el, name| match name {
                        #(#arms)*
                        // The name is kept; the content (XML, not a JSON value) is not.
                        _ => el.skip().map(|()| Self::Unknown(crate::rt::union::UnknownVariant::new(name.to_owned(), ::serde_json::Value::Null))),
                    })
                }
            }
        }
    } else {
        quote!()
    };
    let write = if write {
        let arms = def.variants.iter().map(|v| {
            let variant = ident(&v.name);
            let xml = xml_of(v);
            let element = &xml.name;
            match &v.ty {
                None => quote!(Self::#variant => el.element(#element, |_| {}),),
                Some(ty) => {
                    let value = if v.boxed { quote!(&**value) } else { quote!(value) };
                    let write = write_member(ty, &xml, value);
                    quote!(Self::#variant(value) => { #write })
                }
            }
        });
        quote! {
            impl crate::rt::xml::ToXml for #name {
                fn write(&self, el: &mut crate::rt::xml::ElementWriter<'_>) {
                    match self {
                        #(#arms)*
                        // Never built by a caller: it only holds what a response sent.
                        Self::Unknown(_) => {}
                    }
                }
            }
        }
    } else {
        quote!()
    };
    quote!(#read #write)
}

/// An enum is its value's text.
pub(crate) fn enum_impls(def: &EnumDef, write: bool) -> TokenStream {
    let name = ident(&def.name);
    let read = if def.codec.read {
        quote! {
            impl crate::rt::xml::FromXml for #name {
                fn read(el: &mut crate::rt::xml::Element<'_, '_>) -> crate::rt::xml::Result<Self> {
                    el.text().map(|text| Self::from(&*text))
                }
            }
        }
    } else {
        quote!()
    };
    let write = if write {
        quote! {
            impl crate::rt::xml::ToXml for #name {
                fn write(&self, el: &mut crate::rt::xml::ElementWriter<'_>) {
                    el.text(self.as_str());
                }
            }
        }
    } else {
        quote!()
    };
    quote!(#read #write)
}
