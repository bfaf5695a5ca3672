//! The client's `wait_until_*` methods: each waiter's acceptors as one `accept` closure of plain
//! Rust over the typed output (the paths were typed in `ir::waiter`), handed with the
//! operation to the runtime's polling loop (`codegen/runtime/waiter.rs`).

use proc_macro2::{Literal as Lit, TokenStream};
use quote::quote;

use super::ident;
use crate::ir::waiter::{AcceptorState, Comparator, Conv, Literal, Matcher, Node, Source, Ty, Typed, WaiterDef};
use crate::ir::OperationDef;
use crate::jmespath::CmpOp;

/// The waiter methods of one operation, for its `impl Client` block; `operation` is the
/// operation's runtime value (as its own method sends it).
pub(crate) fn methods(op: &OperationDef, operation: &TokenStream) -> TokenStream {
    let methods = op.waiters.iter().map(|waiter| method(op, waiter, operation));
    quote!(#(#methods)*)
}

fn method(op: &OperationDef, waiter: &WaiterDef, operation: &TokenStream) -> TokenStream {
    let method = ident(&waiter.method);
    let (input, output, error) = (ident(&op.input.name), ident(&op.output.name), ident(&op.error_name));
    let name = &waiter.name;
    let (min_delay, max_delay) = (Lit::u64_unsuffixed(waiter.min_delay), Lit::u64_unsuffixed(waiter.max_delay));
    let table = waiter.acceptors.iter().map(|acceptor| {
        let state = match acceptor.state {
            AcceptorState::Success => quote!(Success),
            AcceptorState::Failure => quote!(Failure),
            AcceptorState::Retry => quote!(Retry),
        };
        let description = &acceptor.description;
        quote!((crate::rt::waiter::State::#state, #description))
    });
    let checks = waiter.acceptors.iter().enumerate().map(|(index, acceptor)| {
        let condition = matcher(&acceptor.matcher, &error);
        let index = Lit::usize_unsuffixed(index);
        quote! {
            if #condition {
                return Some(#index);
            }
        }
    });
    let mut doc = match &waiter.docs {
        Some(docs) => format!("{docs}\n\n"),
        None => String::new(),
    };
    doc.push_str(&format!(
        "The `{name}` waiter: sends `{}` until one of these holds, first to last (every {min_delay} to \
         {max_delay} seconds, backing off, for at most `max_wait`):\n\n",
        op.name
    ));
    for acceptor in &waiter.acceptors {
        let state = match acceptor.state {
            AcceptorState::Success => "done",
            AcceptorState::Failure => "failed",
            AcceptorState::Retry => "try again",
        };
        doc.push_str(&format!("- {}: {state}\n", acceptor.description));
    }
    doc.push_str(
        "\nAny other error ends the wait.\n\n# Errors\n\n\
         [`WaiterError`](crate::client::WaiterError): a failure acceptor matched, an error no acceptor \
         expects, or the time ran out.",
    );
    let docs = super::doc_attrs(Some(&doc));
    let deprecated = if waiter.deprecated { quote!(#[deprecated]) } else { quote!() };
    quote! {
        #docs
        #deprecated
        pub async fn #method(
            &self,
            input: #input,
            max_wait: ::std::time::Duration,
        ) -> ::std::result::Result<crate::client::FinalPoll<#output, #error>, crate::client::WaiterError<#output, #error>> {
            const WAITER: crate::rt::waiter::Waiter = crate::rt::waiter::Waiter {
                name: #name,
                min_delay: ::std::time::Duration::from_secs(#min_delay),
                max_delay: ::std::time::Duration::from_secs(#max_delay),
                acceptors: &[#(#table),*],
            };
            let operation = #operation;
            crate::rt::waiter::wait(
                self.inner.driver(),
                &WAITER,
                max_wait,
                || crate::rt::client::send(&self.inner, operation, &input),
                |result| {
                    #(#checks)*
                    None
                },
            )
            .await
        }
    }
}

/// Whether one acceptor's matcher holds for `result`.
fn matcher(matcher: &Matcher, error: &proc_macro2::Ident) -> TokenStream {
    match matcher {
        Matcher::Success(true) => quote!(result.is_ok()),
        Matcher::Success(false) => quote!(result.is_err()),
        Matcher::Error { variant: Some(variant), .. } => {
            let variant = ident(variant);
            quote!(crate::rt::waiter::service_error(result).is_some_and(|error| matches!(error, #error::#variant(_))))
        }
        Matcher::Error { variant: None, code } => {
            quote!(crate::rt::waiter::service_error(result).is_some_and(|error| error.code() == Some(#code)))
        }
        Matcher::Path { value: path, comparator } => {
            let value = value(path, &quote!(output));
            let test = match (comparator, path.total) {
                (Comparator::StringEquals(expected), true) => quote!(#value == #expected),
                (Comparator::StringEquals(expected), false) => quote!(#value == Some(#expected)),
                (Comparator::BooleanEquals(true), true) => value,
                (Comparator::BooleanEquals(false), true) => quote!(!#value),
                (Comparator::BooleanEquals(expected), false) => quote!(#value == Some(#expected)),
                (Comparator::AllStringEquals(expected), _) => {
                    let list = optional(path, value);
                    quote!(crate::rt::waiter::all_equal(#list, #expected))
                }
                (Comparator::AnyStringEquals(expected), _) => {
                    let list = optional(path, value);
                    quote!(crate::rt::waiter::any_equal(#list, #expected))
                }
            };
            quote!(result.as_ref().is_ok_and(|output| #test))
        }
    }
}

/// The value of a typed path read from `current`: a bare value when it is total, else an
/// `Option`.
fn value(typed: &Typed, current: &TokenStream) -> TokenStream {
    match &typed.node {
        Node::Current => current.clone(),
        Node::Side("input") => quote!(&input),
        Node::Side(_) => quote!(output),
        Node::Field { of, field, optional, conv } => {
            let field = ident(field);
            through(of, current, *optional, |base| read_field(base, &field, *optional, conv))
        }
        Node::Bind { of, body } => {
            let of_value = value(of, current);
            let body_value = value(body, &quote!(value));
            match (of.total, body.total) {
                (true, _) => quote!({
                    let value = #of_value;
                    #body_value
                }),
                (false, true) => quote!(#of_value.map(|value| #body_value)),
                (false, false) => quote!(#of_value.and_then(|value| #body_value)),
            }
        }
        Node::Index { of, index } => {
            let of_value = value(of, current);
            let pick = if *index >= 0 {
                let index = Lit::usize_unsuffixed(usize::try_from(*index).unwrap_or(usize::MAX));
                quote!(list.into_iter().nth(#index))
            } else {
                let back = Lit::usize_unsuffixed(usize::try_from(index.unsigned_abs()).unwrap_or(usize::MAX));
                quote!(list.len().checked_sub(#back).and_then(|index| list.into_iter().nth(index)))
            };
            if of.total {
                quote!({
                    let list = #of_value;
                    #pick
                })
            } else {
                quote!(#of_value.and_then(|list| #pick))
            }
        }
        Node::Project { of, source, filter, then } => {
            let plain = *source == Source::List && filter.is_none() && matches!(then.node, Node::Current);
            if plain {
                return value(of, current);
            }
            let flatten = if *source == Source::Flatten { quote!(.flatten()) } else { quote!() };
            // A model list is iterated where it is, not converted into a `Vec` first.
            let (of_value, elements) = match (&of.node, source) {
                (
                    Node::Field { of: parent, field, optional, conv: Conv::List(element) },
                    Source::List | Source::Flatten,
                ) => {
                    let field = ident(field);
                    let read = |base: &TokenStream| {
                        if *optional {
                            quote!(#base.#field.as_ref())
                        } else {
                            quote!(&#base.#field)
                        }
                    };
                    let adapt = adapter(element);
                    (through(parent, current, *optional, read), quote!(list.iter() #adapt #flatten))
                }
                (_, Source::Values(conv)) => {
                    let adapt = adapter(conv);
                    (value(of, current), quote!(list.values() #adapt))
                }
                _ => (value(of, current), quote!(list.into_iter() #flatten)),
            };
            let filter = filter.as_ref().map(|cond| {
                let keep = truthy(cond, &quote!(item));
                quote!(.filter(|&item| #keep))
            });
            let then_value = value(then, &quote!(item));
            let map = match (&then.node, then.total) {
                (Node::Current, _) => quote!(),
                (_, true) => quote!(.map(|item| #then_value)),
                (_, false) => quote!(.filter_map(|item| #then_value)),
            };
            let chain = quote!(#elements #filter #map .collect::<Vec<_>>());
            if of.total {
                quote!({
                    let list = #of_value;
                    #chain
                })
            } else {
                quote!(#of_value.map(|list| #chain))
            }
        }
        Node::MultiList(items) => {
            if items.iter().all(|item| item.total) {
                let items = items.iter().map(|item| value(item, current));
                quote!(vec![#(#items),*])
            } else {
                let items = items.iter().map(|item| optional(item, value(item, current)));
                quote!([#(#items),*].into_iter().flatten().collect::<Vec<_>>())
            }
        }
        Node::Compare { op, left, right } => compare(*op, left, right, current),
        Node::And(a, b) | Node::Or(a, b) => {
            let is_and = matches!(typed.node, Node::And(..));
            if a.total && b.total {
                let (a, b) = (operand(a, current), operand(b, current));
                if is_and {
                    quote!(#a && #b)
                } else {
                    quote!(#a || #b)
                }
            } else {
                let (a, b) = (optional(a, value(a, current)), optional(b, value(b, current)));
                if is_and {
                    quote!(crate::rt::waiter::and(#a, #b))
                } else {
                    quote!(crate::rt::waiter::or(#a, #b))
                }
            }
        }
        Node::Not(inner) => falsy(inner, current),
        Node::Literal(literal) => match literal {
            Literal::Str(s) => quote!(#s),
            Literal::Bool(b) => quote!(#b),
            Literal::Int(i) => {
                let i = Lit::i64_unsuffixed(*i);
                quote!(#i)
            }
            Literal::Float(f) => {
                let f = Lit::f64_unsuffixed(*f);
                quote!(#f)
            }
            Literal::Null => quote!(None::<&str>),
        },
        Node::Length(of) => {
            let of_value = value(of, current);
            let length = |v: TokenStream| match of.ty {
                Ty::Str => quote!(#v.chars().count() as i64),
                _ => quote!(#v.len() as i64),
            };
            if of.total {
                length(quote!(#of_value))
            } else {
                let length = length(quote!(value));
                quote!(#of_value.map(|value| #length))
            }
        }
        Node::Contains(subject, search) => {
            let (subject_value, search_value) = (value(subject, current), value(search, current));
            let contains = |v: TokenStream| match subject.ty {
                Ty::Str => quote!(#v.contains(#search_value)),
                _ => quote!(#v.contains(&#search_value)),
            };
            if subject.total {
                contains(subject_value)
            } else {
                let contains = contains(quote!(value));
                quote!(#subject_value.map(|value| #contains))
            }
        }
    }
}

/// `read` of the structure `of` (given as a place), through `of`'s `Option` when it has one;
/// `read_is_optional` when `read` gives an `Option` itself.
fn through(
    of: &Typed,
    current: &TokenStream,
    read_is_optional: bool,
    read: impl Fn(&TokenStream) -> TokenStream,
) -> TokenStream {
    if of.total {
        read(&place(of, current))
    } else {
        let base = value(of, current);
        let read = read(&quote!(value));
        if read_is_optional {
            quote!(#base.and_then(|value| #read))
        } else {
            quote!(#base.map(|value| #read))
        }
    }
}

/// A total structure value as a place its fields can be read from (`output.table`, not
/// `&output.table`).
fn place(typed: &Typed, current: &TokenStream) -> TokenStream {
    match &typed.node {
        Node::Field { of, field, optional: false, conv: Conv::Ref { .. } } if of.total => {
            let base = place(of, current);
            let field = ident(field);
            quote!(#base.#field)
        }
        Node::Side("input") => quote!(input),
        _ => value(typed, current),
    }
}

/// A field of the structure at `base`, converted (an `Option` when the field is optional).
fn read_field(base: &TokenStream, field: &proc_macro2::Ident, optional: bool, conv: &Conv) -> TokenStream {
    let read = quote!(#base.#field);
    if optional {
        match conv {
            Conv::Str => quote!(#read.as_deref()),
            Conv::Enum => quote!(#read.as_ref().map(|value| value.as_str())),
            Conv::Copy(_) => read,
            Conv::Widen(Ty::Float) => quote!(#read.map(f64::from)),
            Conv::Widen(_) => quote!(#read.map(i64::from)),
            Conv::Ref { boxed: true, .. } => quote!(#read.as_deref()),
            Conv::Ref { .. } | Conv::Map(_) => quote!(#read.as_ref()),
            Conv::List(element) => {
                let adapt = adapter(element);
                quote!(#read.as_ref().map(|list| list.iter() #adapt .collect::<Vec<_>>()))
            }
            Conv::Nullable(_) => read,
        }
    } else {
        match conv {
            Conv::Str | Conv::Enum => quote!(#read.as_str()),
            Conv::Copy(_) | Conv::Nullable(_) => read,
            Conv::Widen(Ty::Float) => quote!(f64::from(#read)),
            Conv::Widen(_) => quote!(i64::from(#read)),
            Conv::Ref { boxed: true, .. } => quote!(&*#read),
            Conv::Ref { .. } | Conv::Map(_) => quote!(&#read),
            Conv::List(element) => {
                let adapt = adapter(element);
                quote!(#read.iter() #adapt .collect::<Vec<_>>())
            }
        }
    }
}

/// The iterator adapters that turn `&element`s into JMESPath values.
fn adapter(conv: &Conv) -> TokenStream {
    match conv {
        Conv::Str | Conv::Enum => quote!(.map(|value| value.as_str())),
        Conv::Copy(_) => quote!(.copied()),
        Conv::Widen(Ty::Float) => quote!(.map(|value| f64::from(*value))),
        Conv::Widen(_) => quote!(.map(|value| i64::from(*value))),
        Conv::Ref { .. } | Conv::Map(_) => quote!(),
        Conv::List(element) => {
            let adapt = adapter(element);
            quote!(.map(|value| value.iter() #adapt .collect::<Vec<_>>()))
        }
        Conv::Nullable(element) => {
            let adapt = adapter(element);
            quote!(.flatten() #adapt)
        }
    }
}

/// A value as an `Option` (total values wrapped in `Some`).
fn optional(typed: &Typed, value: TokenStream) -> TokenStream {
    if typed.total {
        quote!(Some(#value))
    } else {
        value
    }
}

/// An operand of `&&`, `||` or a comparison, in parentheses when it is itself one.
fn operand(typed: &Typed, current: &TokenStream) -> TokenStream {
    let value = value(typed, current);
    if matches!(typed.node, Node::Compare { .. } | Node::And(..) | Node::Or(..)) {
        quote!((#value))
    } else {
        value
    }
}

fn compare(op: CmpOp, left: &Typed, right: &Typed, current: &TokenStream) -> TokenStream {
    // A comparison with `null` asks whether the other side is `null`.
    if right.ty == Ty::Null || left.ty == Ty::Null {
        let other = if right.ty == Ty::Null { left } else { right };
        let is_null = if other.ty == Ty::Null {
            quote!(true)
        } else if other.total {
            quote!(false)
        } else {
            let other = value(other, current);
            quote!(#other.is_none())
        };
        return if op == CmpOp::Ne { quote!(!#is_null) } else { is_null };
    }
    // An integer compared with a float is widened.
    let widen = |typed: &Typed, other: &Typed| -> TokenStream {
        let value = operand(typed, current);
        if typed.ty == Ty::Int && other.ty == Ty::Float {
            if typed.total {
                quote!((#value as f64))
            } else {
                quote!(#value.map(|value| value as f64))
            }
        } else {
            value
        }
    };
    let (l, r) = (widen(left, right), widen(right, left));
    let sign = match op {
        CmpOp::Eq => quote!(==),
        CmpOp::Ne => quote!(!=),
        CmpOp::Lt => quote!(<),
        CmpOp::Le => quote!(<=),
        CmpOp::Gt => quote!(>),
        CmpOp::Ge => quote!(>=),
    };
    match (op, left.total, right.total) {
        (_, true, true) => quote!(#l #sign #r),
        (CmpOp::Eq | CmpOp::Ne, _, _) => {
            let l = if left.total { quote!(Some(#l)) } else { l };
            let r = if right.total { quote!(Some(#r)) } else { r };
            quote!(#l #sign #r)
        }
        (_, false, true) => quote!(#l.map(|left| left #sign #r)),
        (_, true, false) => quote!(#r.map(|right| #l #sign right)),
        (_, false, false) => quote!(#l.zip(#r).map(|(left, right)| left #sign right)),
    }
}

/// JMESPath truthiness: `false`, `null`, and empty strings, lists and maps are false.
fn truthy(typed: &Typed, current: &TokenStream) -> TokenStream {
    let value = value(typed, current);
    match (&typed.ty, typed.total) {
        (Ty::Bool, true) => value,
        (Ty::Bool, false) => quote!(#value == Some(true)),
        (Ty::Str | Ty::List(_) | Ty::Map(_), true) => quote!(!#value.is_empty()),
        (Ty::Str | Ty::List(_) | Ty::Map(_), false) => quote!(#value.is_some_and(|value| !value.is_empty())),
        (Ty::Null, _) => quote!(false),
        (_, true) => quote!(true),
        (_, false) => quote!(#value.is_some()),
    }
}

/// The negation of [`truthy`], written without a `!` in front of a comparison.
fn falsy(typed: &Typed, current: &TokenStream) -> TokenStream {
    if let (Node::Compare { op, left, right }, true) = (&typed.node, typed.total) {
        let flipped = match op {
            CmpOp::Eq => Some(CmpOp::Ne),
            CmpOp::Ne => Some(CmpOp::Eq),
            _ => None,
        };
        if let Some(flipped) = flipped {
            return compare(flipped, left, right, current);
        }
    }
    let value = value(typed, current);
    match (&typed.ty, typed.total) {
        (Ty::Bool, true) if matches!(typed.node, Node::And(..) | Node::Or(..) | Node::Compare { .. }) => {
            quote!(!(#value))
        }
        (Ty::Bool, true) => quote!(!#value),
        (Ty::Bool, false) => quote!(#value != Some(true)),
        (Ty::Str | Ty::List(_) | Ty::Map(_), true) => quote!(#value.is_empty()),
        (Ty::Str | Ty::List(_) | Ty::Map(_), false) => quote!(#value.is_none_or(|value| value.is_empty())),
        (Ty::Null, _) => quote!(true),
        (_, true) => quote!(false),
        (_, false) => quote!(#value.is_none()),
    }
}
