//! The JSON wire form of structures, unions and enums: `FromJson` for the
//! types a response can hold, `ToJson` for those a request can hold (see
//! [`Codec`](crate::ir::Codec)). The impls are small and direct: a `match` on
//! the member name to read, one call per member to write. Everything generic
//! (tokens, escapes, numbers, nulls, nesting limits, error paths) is in the
//! runtime's `json.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{deprecated_attr, doc_attrs, ident, Ctx};
use crate::ir::{Binding, EnumDef, FieldDef, OperationDef, Protocol, RustType, StructDef, UnionDef};
use crate::model::traits::TimestampFormat;

/// `FromJson` and/or `ToJson` for a structure: the members of the JSON body
/// (members bound to headers, the status or the payload are not in it).
pub(crate) fn struct_impls(def: &StructDef) -> TokenStream {
    let body: Vec<&FieldDef> = def.fields.iter().filter(|f| f.binding == Binding::Body).collect();
    let read = if def.codec.read { struct_from_json(def, &body) } else { quote!() };
    let write = if def.codec.write { struct_to_json(def, &body) } else { quote!() };
    quote!(#read #write)
}

fn struct_from_json(def: &StructDef, body: &[&FieldDef]) -> TokenStream {
    if def.all_optional() {
        return defaulted_from_json(def, body);
    }
    let name = ident(&def.name);
    let taken: Vec<&str> = def.fields.iter().map(|f| f.name.strip_prefix("r#").unwrap_or(&f.name)).collect();
    let reader = ident(free_name(&["r", "reader", "json"], &taken));
    let key = ident(free_name(&["key", "member", "json_key"], &taken));
    let locals = body.iter().map(|f| {
        let field = ident(&f.name);
        quote!(let mut #field = None;)
    });
    let arms = body.iter().map(|f| {
        let field = ident(&f.name);
        let wire = &f.wire;
        let read = read_member(&f.ty, &reader, quote!(&mut #field));
        quote!(#wire => #read,)
    });
    let walk = walk_object(&reader, &key, arms.collect());
    let inits = def.fields.iter().map(|f| {
        let field = ident(&f.name);
        let is_body = f.binding == Binding::Body;
        let value = match (is_body, f.optional, f.default.is_some()) {
            (true, true, _) => quote!(#field),
            (false, true, _) => quote!(None),
            (true, false, true) => {
                let default = ident(&crate::emit::structure::default_fn_name(&def.name, f));
                quote!(#field.unwrap_or_else(#default))
            }
            (true, false, false) => quote!(#field.unwrap_or_default()),
            (false, false, true) => {
                let default = ident(&crate::emit::structure::default_fn_name(&def.name, f));
                quote!(#default())
            }
            (false, false, false) => quote!(::std::default::Default::default()),
        };
        if is_body && f.optional {
            quote!(#field,)
        } else {
            quote!(#field: #value,)
        }
    });
    quote! {
        impl crate::rt::json::FromJson for #name {
            fn read(#reader: &mut crate::rt::json::Reader<'_>) -> crate::rt::json::Result<Self> {
                #(#locals)*
                #walk
                Ok(Self { #(#inits)* })
            }
        }
    }
}

/// The common case, a structure whose members are all optional (so it is
/// `Default`): members are read straight into it.
fn defaulted_from_json(def: &StructDef, body: &[&FieldDef]) -> TokenStream {
    let name = ident(&def.name);
    let reader = ident("r");
    let arms = body.iter().map(|f| {
        let field = ident(&f.name);
        let wire = &f.wire;
        let read = read_member(&f.ty, &reader, quote!(&mut out.#field));
        quote!(#wire => #read,)
    });
    if body.is_empty() {
        return quote! {
            impl crate::rt::json::FromJson for #name {
                fn read(r: &mut crate::rt::json::Reader<'_>) -> crate::rt::json::Result<Self> {
                    r.object(|r, _| r.skip())?;
                    Ok(::std::default::Default::default())
                }
            }
        };
    }
    // Fields are reached through `out`, so `r` and `key` cannot collide with them.
    let walk = walk_object(&reader, &ident("key"), arms.collect());
    quote! {
        impl crate::rt::json::FromJson for #name {
            fn read(r: &mut crate::rt::json::Reader<'_>) -> crate::rt::json::Result<Self> {
                // Not `Self::default()`: a member named `default` has a getter of that name.
                let mut out: Self = ::std::default::Default::default();
                #walk
                Ok(out)
            }
        }
    }
}

fn struct_to_json(def: &StructDef, body: &[&FieldDef]) -> TokenStream {
    let name = ident(&def.name);
    let statements = body.iter().map(|f| {
        let field = ident(&f.name);
        let wire = &f.wire;
        match (f.ty.has_formatted_timestamp(), f.optional) {
            (false, true) => quote!(object.opt(#wire, &self.#field);),
            (false, false) => quote!(object.field(#wire, &self.#field);),
            (true, true) => {
                let write = write_value(&f.ty, quote!(object.key(#wire)), quote!(value));
                quote! {
                    if let Some(value) = &self.#field {
                        #write;
                    }
                }
            }
            (true, false) => {
                let write = write_value(&f.ty, quote!(object.key(#wire)), quote!(&self.#field));
                quote!(#write;)
            }
        }
    });
    let body = if body.is_empty() {
        quote!(writer.empty_object();)
    } else {
        quote! {
            let mut object = writer.object();
            #(#statements)*
            object.end();
        }
    };
    quote! {
        impl crate::rt::json::ToJson for #name {
            fn write(&self, writer: &mut crate::rt::json::Writer) {
                #body
            }
        }
    }
}

/// `FromJson` and/or `ToJson` for a union: a one-member object.
pub(crate) fn union_impls(def: &UnionDef) -> TokenStream {
    let name = ident(&def.name);
    let type_name = &def.name;
    let reader = ident("r");
    let read = if def.codec.read {
        let arms = def.variants.iter().map(|v| {
            let variant = ident(&v.name);
            let wire = &v.wire;
            match &v.ty {
                // A `Unit` member's value is `{}`; whatever it holds is ignored.
                None => quote!(#wire => r.skip().map(|()| Self::#variant),),
                Some(ty) => {
                    let value = read_value(ty, &reader);
                    if v.boxed {
                        quote!(#wire => #value.map(|value| Self::#variant(::std::boxed::Box::new(value))),)
                    } else {
                        quote!(#wire => #value.map(Self::#variant),)
                    }
                }
            }
        });
        quote! {
            impl crate::rt::json::FromJson for #name {
                fn read(r: &mut crate::rt::json::Reader<'_>) -> crate::rt::json::Result<Self> {
                    r.union(#type_name, |r, key| match key {
                        #(#arms)*
                        _ => crate::rt::union::read_unknown(r, key).map(Self::Unknown),
                    })
                }
            }
        }
    } else {
        quote!()
    };
    let write = if def.codec.write {
        let arms = def.variants.iter().map(|v| {
            let variant = ident(&v.name);
            let wire = &v.wire;
            match &v.ty {
                None => quote!(Self::#variant => object.field(#wire, &crate::rt::union::EmptyObject),),
                Some(ty) if ty.has_formatted_timestamp() => {
                    let value = if v.boxed { quote!(&**value) } else { quote!(value) };
                    let write = write_value(ty, quote!(object.key(#wire)), value);
                    quote!(Self::#variant(value) => #write,)
                }
                Some(_) => quote!(Self::#variant(value) => object.field(#wire, value),),
            }
        });
        quote! {
            impl crate::rt::json::ToJson for #name {
                fn write(&self, writer: &mut crate::rt::json::Writer) {
                    let mut object = writer.object();
                    match self {
                        #(#arms)*
                        Self::Unknown(unknown) => object.field(unknown.name(), unknown.value()),
                    }
                    object.end();
                }
            }
        }
    } else {
        quote!()
    };
    quote!(#read #write)
}

/// `FromJson` and/or `ToJson` for an enum: its wire string.
pub(crate) fn enum_impls(def: &EnumDef) -> TokenStream {
    let name = ident(&def.name);
    let read = if def.codec.read {
        quote! {
            impl crate::rt::json::FromJson for #name {
                fn read(reader: &mut crate::rt::json::Reader<'_>) -> crate::rt::json::Result<Self> {
                    reader.string().map(|value| Self::from(&*value))
                }
            }
        }
    } else {
        quote!()
    };
    let write = if def.codec.write {
        quote! {
            impl crate::rt::json::ToJson for #name {
                fn write(&self, writer: &mut crate::rt::json::Writer) {
                    writer.string(self.as_str());
                }
            }
        }
    } else {
        quote!()
    };
    quote!(#read #write)
}

/// `reader.object(..)?;` with one `match` arm per body member (by wire name);
/// every other member is skipped.
fn walk_object(reader: &proc_macro2::Ident, key: &proc_macro2::Ident, arms: Vec<TokenStream>) -> TokenStream {
    if arms.is_empty() {
        return quote!(#reader.object(|#reader, _| #reader.skip())?;);
    }
    quote! {
        #reader.object(|#reader, #key| match #key {
            #(#arms)*
            _ => #reader.skip(),
        })?;
    }
}

/// The first candidate that is not a field name (locals of `read` are named
/// after the fields).
fn free_name<'a>(candidates: &[&'a str], taken: &[&str]) -> &'a str {
    candidates.iter().copied().find(|c| !taken.contains(c)).unwrap_or("__json")
}

/// An expression of type `Result<()>` reading a member into `slot` (an
/// `&mut Option<T>`): `null` is `None`.
fn read_member(ty: &RustType, reader: &proc_macro2::Ident, slot: TokenStream) -> TokenStream {
    if ty.has_formatted_timestamp() {
        let read = read_fn(ty, reader);
        quote!(#reader.read_with(#slot, |#reader| #reader.nullable(#read)))
    } else {
        quote!(#reader.read_into(#slot))
    }
}

/// An expression of type `Result<T>` reading a value of `ty`.
fn read_value(ty: &RustType, reader: &proc_macro2::Ident) -> TokenStream {
    if !ty.has_formatted_timestamp() {
        return quote!(#reader.read());
    }
    match ty {
        RustType::DateTime(format) => {
            let path = timestamp_reader(*format);
            quote!(#path(#reader))
        }
        RustType::List(element) => match &**element {
            RustType::Nullable(inner) => {
                let read = read_fn(inner, reader);
                quote!(#reader.sparse_list_with(#read))
            }
            element => {
                let read = read_fn(element, reader);
                quote!(#reader.list_with(#read))
            }
        },
        RustType::Map(_, value) => match &**value {
            RustType::Nullable(inner) => {
                let read = read_fn(inner, reader);
                quote!(#reader.sparse_map_with(#read))
            }
            value => {
                let read = read_fn(value, reader);
                quote!(#reader.map_with(#read))
            }
        },
        _ => quote!(#reader.read()),
    }
}

/// A function or closure `FnMut(&mut Reader) -> Result<T>` for `ty`.
fn read_fn(ty: &RustType, reader: &proc_macro2::Ident) -> TokenStream {
    match ty {
        RustType::DateTime(format) => timestamp_reader(*format),
        _ => {
            let value = read_value(ty, reader);
            quote!(|#reader| #value)
        }
    }
}

fn timestamp_reader(format: TimestampFormat) -> TokenStream {
    match format {
        TimestampFormat::DateTime => quote!(crate::rt::datetime::read_date_time),
        TimestampFormat::HttpDate => quote!(crate::rt::datetime::read_http_date),
        TimestampFormat::EpochSeconds => quote!(crate::rt::json::Reader::read),
    }
}

/// A statement writing `value` (a reference to a `ty`) with `writer` (an
/// expression giving `&mut Writer`).
fn write_value(ty: &RustType, writer: TokenStream, value: TokenStream) -> TokenStream {
    if !ty.has_formatted_timestamp() {
        return quote!(#writer.write(#value));
    }
    match ty {
        RustType::DateTime(format) => {
            let path = timestamp_writer(*format);
            quote!(#path(#writer, #value))
        }
        RustType::List(element) => {
            let write = write_fn(element);
            quote!(#writer.list(#value, #write))
        }
        RustType::Map(_, element) => {
            let write = write_fn(element);
            quote!(#writer.map(#value, #write))
        }
        RustType::Nullable(inner) => {
            let write = write_value(inner, writer.clone(), quote!(value));
            quote! {
                match #value {
                    Some(value) => #write,
                    None => #writer.null(),
                }
            }
        }
        _ => quote!(#writer.write(#value)),
    }
}

/// A function or closure `FnMut(&mut Writer, &T)` for `ty`.
fn write_fn(ty: &RustType) -> TokenStream {
    match ty {
        RustType::DateTime(format) => timestamp_writer(*format),
        _ => {
            let write = write_value(ty, quote!(writer), quote!(value));
            quote!(|writer, value| #write)
        }
    }
}

fn timestamp_writer(format: TimestampFormat) -> TokenStream {
    match format {
        TimestampFormat::DateTime => quote!(crate::rt::datetime::write_date_time),
        TimestampFormat::HttpDate => quote!(crate::rt::datetime::write_http_date),
        TimestampFormat::EpochSeconds => quote!(crate::rt::json::Writer::write),
    }
}

/// awsJson 1.0/1.1: `POST /`, `X-Amz-Target: Service.Operation`, and the
/// whole input as the JSON body (`{}` when it has no members).
pub(crate) fn rpc_request(op: &OperationDef, ctx: &Ctx) -> TokenStream {
    let input_name = ident(&op.input.name);
    let result = ctx.std("Result");
    let vec = ctx.std("Vec");
    let content_type = match op.protocol {
        Protocol::AwsJson1_0 => "application/x-amz-json-1.0",
        _ => "application/x-amz-json-1.1",
    };
    let target = &op.target;
    let fill_tokens = crate::emit::operation::fill_idempotency_tokens(op);
    let query_mode = if op.query_compatible { quote!(.header("x-amzn-query-mode", "true")) } else { quote!() };
    let doc = doc_attrs(Some(&format!(
        "Builds the request for `{}` (awsJson): `POST /` with `X-Amz-Target: {target}` and\nthe input as JSON. Scheme, host, signing and sending are the caller's.\n\n# Errors\n\nA [`BuildError`](crate::error::BuildError) if the input cannot be written as JSON.",
        op.name
    )));
    let deprecated = deprecated_attr(op.deprecated.as_deref());
    let post = super::post_to_root(
        op,
        quote! {
            .header(::http::header::CONTENT_TYPE, #content_type)
            .header("x-amz-target", #target)
            #query_mode
        },
    );
    quote! {
        #doc
        #deprecated
        pub fn serialize_request(input: &#input_name) -> #result<::http::Request<#vec<u8>>, crate::error::BuildError> {
            #fill_tokens
            let body = crate::rt::json::to_vec(input);
            #post
        }
    }
}
