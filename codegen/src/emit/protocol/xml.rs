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
        let attr = xml_of(f).name;
        if f.optional {
            quote!(el.attr_into(&mut out.#field, #attr)?;)
        } else {
            let ty = ctx.ty(&f.ty);
            quote! {
                let mut value: ::std::option::Option<#ty> = None;
                el.attr_into(&mut value, #attr)?;
                if let Some(value) = value {
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
        quote!()
    };
    let el = if body.is_empty() { quote!(_el) } else { quote!(el) };
    let binding = if body.is_empty() { quote!(let out) } else { quote!(let mut out) };
    quote! {
        impl crate::rt::xml::FromXml for #name {
            fn read(#el: &mut crate::rt::xml::Element<'_, '_>) -> crate::rt::xml::Result<Self> {
                #binding #init
                #(#attributes)*
                #children
                Ok(out)
            }
        }
    }
}

/// The default value (`= …;`), with the `@default` of required members.
fn default_init(def: &StructDef) -> TokenStream {
    if def.all_optional() {
        return quote!(: Self = ::std::default::Default::default(););
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
    quote!(= Self { #(#inits)* };)
}

/// The arm that reads one member's element into `out.<field>` (a `Result<()>`).
fn read_member(f: &FieldDef, xml: &XmlMember) -> TokenStream {
    let field = ident(&f.name);
    let slot = quote!(&mut out.#field);
    // Collections of plain values take the runtime's one-call forms.
    match (&f.ty, &xml.node, xml.flattened) {
        (RustType::List(item), XmlNode::List { .. }, true) if is_plain_read(item) => {
            return quote!(el.push_into(#slot));
        }
        (RustType::List(item), XmlNode::List { items, .. }, true) => {
            let value = read_value(item, items);
            return quote!(el.push_with(#slot, |el| #value));
        }
        (RustType::List(item), XmlNode::List { item: name, .. }, false) if is_plain_read(item) => {
            return quote!(el.list_into(#slot, #name));
        }
        (RustType::Map(_, value_ty), XmlNode::Map { key, value, .. }, flattened) if is_plain_read(value_ty) => {
            let names = quote!(&crate::rt::xml::MapNames { entry: "entry", key: #key, value: #value });
            return if flattened { quote!(el.entry_into(#slot, #names)) } else { quote!(el.map_into(#slot, #names)) };
        }
        (RustType::Map(_, value_ty), XmlNode::Map { key, value, values, .. }, true) => {
            let value_read = read_value(value_ty, values);
            return quote! {
                el.entry_with(#slot, &crate::rt::xml::MapNames { entry: "entry", key: #key, value: #value }, |el| #value_read)
            };
        }
        _ => {}
    }
    if f.boxed {
        return quote!(el.read_with(#slot, |el| el.read().map(::std::boxed::Box::new)));
    }
    match &f.ty {
        RustType::List(_) | RustType::Map(..) | RustType::DateTime(_) => {
            let value = read_value(&f.ty, &xml.node);
            quote!(el.read_with(#slot, |el| #value))
        }
        _ => quote!(el.read_into(#slot)),
    }
}

/// A value read by its own `FromXml` (`el.read()`).
fn is_plain_read(ty: &RustType) -> bool {
    !matches!(ty, RustType::List(_) | RustType::Map(..) | RustType::Nullable(_) | RustType::DateTime(_))
}

/// An expression reading one value of `ty` from `el` (a `Result`).
fn read_value(ty: &RustType, node: &XmlNode) -> TokenStream {
    match ty {
        RustType::DateTime(format) => {
            let read = match format {
                TimestampFormat::DateTime => quote!(read_date_time),
                TimestampFormat::HttpDate => quote!(read_http_date),
                TimestampFormat::EpochSeconds => quote!(read_epoch_seconds),
            };
            quote!(crate::rt::xml::#read(el))
        }
        RustType::List(item) => {
            let (name, items) = match node {
                XmlNode::List { item, items, .. } => (item.as_str(), &**items),
                _ => ("member", &XmlNode::Leaf),
            };
            let value = read_value(item, items);
            quote!(el.list_of(#name, |el| #value))
        }
        RustType::Map(_, value_ty) => {
            let (key, value, values) = match node {
                XmlNode::Map { key, value, values, .. } => (key.as_str(), value.as_str(), &**values),
                _ => ("key", "value", &XmlNode::Leaf),
            };
            let value_read = read_value(value_ty, values);
            quote!(el.map_of(&crate::rt::xml::MapNames { entry: "entry", key: #key, value: #value }, |el| #value_read))
        }
        RustType::Nullable(inner) => {
            let value = read_value(inner, node);
            quote!(#value.map(Some))
        }
        _ => quote!(el.read()),
    }
}

fn struct_to_xml(def: &StructDef, body: &[&FieldDef]) -> TokenStream {
    let name = ident(&def.name);
    let attributes = body.iter().filter(|f| xml_of(f).attribute).map(|f| {
        let field = ident(&f.name);
        let attr = xml_of(f).name;
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
    let param = if body.is_empty() { quote!(_el) } else { quote!(el) };
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
        // Flattened: one element named after the member per item (or entry).
        (RustType::List(item), XmlNode::List { item_namespace: None, .. }, true)
            if xml.namespace.is_none() && is_plain(item) =>
        {
            quote!(el.list(#name, #value, None);)
        }
        (RustType::List(item), XmlNode::List { items, item_namespace, .. }, true) => {
            let item_ns = namespace_stmt(xml.namespace.as_ref().or(item_namespace.as_ref()));
            let write = write_content(item, items, quote!(item));
            quote! {
                for item in #value {
                    let mut el = el.child(#name);
                    #item_ns
                    #write
                }
            }
        }
        (RustType::Map(_, value_ty), XmlNode::Map { .. }, true) => {
            let entry = map_entry(value_ty, &xml.node);
            quote! {
                for (key, value) in crate::rt::xml::sorted(#value) {
                    let mut el = el.child(#name);
                    #ns
                    #entry
                }
            }
        }
        // Plain values with no namespace: the runtime's one-call forms.
        (ty, _, _) if xml.namespace.is_none() && is_plain(ty) => quote!(el.field(#name, #value);),
        (RustType::List(item), XmlNode::List { item: item_name, item_namespace: None, .. }, false)
            if xml.namespace.is_none() && is_plain(item) =>
        {
            quote!(el.list(#name, #value, Some(#item_name));)
        }
        (
            RustType::Map(_, value_ty),
            XmlNode::Map { key, value: value_name, key_namespace: None, value_namespace: None, .. },
            false,
        ) if xml.namespace.is_none() && is_plain(value_ty) => {
            quote!(el.map(#name, #value, &crate::rt::xml::MapNames { entry: "entry", key: #key, value: #value_name }, false);)
        }
        _ => {
            let write = write_content(ty, &xml.node, value);
            quote! {
                {
                    let mut el = el.child(#name);
                    #ns
                    #write
                }
            }
        }
    }
}

/// A value written by its own `ToXml` (not a collection, not a timestamp in another format).
fn is_plain(ty: &RustType) -> bool {
    !matches!(ty, RustType::List(_) | RustType::Map(..) | RustType::Nullable(_))
        && !matches!(ty, RustType::DateTime(format) if *format != TimestampFormat::DateTime)
}

/// Statements writing the content of the element `el` (a writer or `&mut` one) for a value of `ty`.
fn write_content(ty: &RustType, node: &XmlNode, value: TokenStream) -> TokenStream {
    match (ty, node) {
        (RustType::DateTime(format), _) if *format != TimestampFormat::DateTime => {
            let text = timestamp_text(*format, &value);
            quote!(el.text(&#text);)
        }
        (RustType::List(item), _) => {
            let (item_name, item_ns, items) = match node {
                XmlNode::List { item, item_namespace, items } => (item.as_str(), item_namespace.as_ref(), &**items),
                _ => ("member", None, &XmlNode::Leaf),
            };
            let ns = namespace_stmt(item_ns);
            let write = write_content(item, items, quote!(item));
            quote! {
                for item in #value {
                    let mut el = el.child(#item_name);
                    #ns
                    #write
                }
            }
        }
        (RustType::Map(_, value_ty), _) => {
            let entry = map_entry(value_ty, node);
            quote! {
                for (key, value) in crate::rt::xml::sorted(#value) {
                    let mut el = el.child("entry");
                    #entry
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
        _ => quote!(crate::rt::xml::ToXml::write(#value, &mut el);),
    }
}

/// Statements writing one map entry's key and value elements into `el` (`key`, `value` bound).
fn map_entry(value_ty: &RustType, node: &XmlNode) -> TokenStream {
    let (key, value, key_ns, value_ns, values) = match node {
        XmlNode::Map { key, value, key_namespace, value_namespace, values } => {
            (key.as_str(), value.as_str(), key_namespace.as_ref(), value_namespace.as_ref(), &**values)
        }
        _ => ("key", "value", None, None, &XmlNode::Leaf),
    };
    let key_ns = namespace_stmt(key_ns);
    let value_ns = namespace_stmt(value_ns);
    let write = write_content(value_ty, values, quote!(value));
    quote! {
        {
            let mut el = el.child(#key);
            #key_ns
            el.text(key.as_ref());
        }
        {
            let mut el = el.child(#value);
            #value_ns
            #write
        }
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
        _ => quote!(&crate::rt::xml::Scalar::to_text(#value)),
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
                None => quote!(Self::#variant => drop(el.child(#element)),),
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

/// An enum is its value's text: a `Scalar`, which gives it `FromXml` and `ToXml`.
pub(crate) fn enum_impls(def: &EnumDef, write: bool) -> TokenStream {
    if !def.codec.read && !write {
        return quote!();
    }
    let name = ident(&def.name);
    quote! {
        impl crate::rt::xml::Scalar for #name {
            fn from_text(text: ::std::borrow::Cow<'_, str>) -> ::std::result::Result<Self, ::std::string::String> {
                Ok(Self::from(&*text))
            }
            fn to_text(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
        }
    }
}
