//! Waiters (`smithy.waiters#waitable`) lowered to the IR: each acceptor's JMESPath is parsed
//! and typed here, against the operation's Rust input and output types, so that the emitter
//! writes plain Rust over those types and nothing is interpreted at run time.
//!
//! Typing decides, once per node, the JMESPath value's Rust form ([`Ty`]) and whether it can be
//! `null` (then it is an `Option`). A path the typer cannot follow (an unknown member, a
//! function it does not know, a comparison of a structure) leaves its waiter out with a warning.

use std::collections::BTreeMap;

use serde_json::Value;

use super::naming::snake;
use super::{NamedKind, OperationDef, RustType, StructDef};
use crate::jmespath::{self, CmpOp, Expr, ProjectKind};

/// One waiter: a `wait_until_<name>` method of the client.
#[derive(Debug, Clone)]
pub(crate) struct WaiterDef {
    /// The waiter's name in the model (`TableExists`).
    pub(crate) name: String,
    /// The client method (`wait_until_table_exists`).
    pub(crate) method: String,
    pub(crate) docs: Option<String>,
    pub(crate) deprecated: bool,
    /// Seconds.
    pub(crate) min_delay: u64,
    /// Seconds.
    pub(crate) max_delay: u64,
    pub(crate) acceptors: Vec<AcceptorDef>,
}

#[derive(Debug, Clone)]
pub(crate) struct AcceptorDef {
    pub(crate) state: AcceptorState,
    pub(crate) matcher: Matcher,
    /// What it matches, for docs and errors (`` `Table.TableStatus` is "ACTIVE" ``).
    pub(crate) description: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AcceptorState {
    Success,
    Failure,
    Retry,
}

#[derive(Debug, Clone)]
pub(crate) enum Matcher {
    /// `success`: the call succeeded (`true`) or failed (`false`).
    Success(bool),
    /// `errorType`: the operation's modeled error variant, else any error with this code.
    Error { variant: Option<String>, code: String },
    /// `output` or `inputOutput`: a typed path and what its value is compared with.
    Path { value: Typed, comparator: Comparator },
}

/// Named as the Smithy comparators are.
#[allow(clippy::enum_variant_names)]
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Comparator {
    StringEquals(String),
    BooleanEquals(bool),
    AllStringEquals(String),
    AnyStringEquals(String),
}

/// The Rust form of a JMESPath value (never `null`: a value that can be `null` is an `Option`
/// of its form, see [`Typed::total`]).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Ty {
    /// `&str`: a string or an enum's wire value.
    Str,
    Bool,
    /// `i64`: any integer, and `length()`.
    Int,
    /// `f64`.
    Float,
    /// `&T` of a generated structure (by Rust name).
    Struct(String),
    /// `Vec<X>` of the element's form, built from a model list or a projection.
    List(Box<Ty>),
    /// `&HashMap<String, V>` of a model map; its values become [`Ty`]s through `Conv`.
    Map(Box<Conv>),
    /// A `null` literal.
    Null,
    /// The `{input, output}` object of an `inputOutput` matcher.
    InputOutput,
}

/// How a borrowed model value (`&T`) becomes a JMESPath value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Conv {
    /// `String`: `as_str()`.
    Str,
    /// A generated enum: its wire value, `as_str()`.
    Enum,
    /// `bool`, `i64` or `f64`: copied.
    Copy(Ty),
    /// A smaller integer widened to `i64`, or an `f32` to `f64` (`From`).
    Widen(Ty),
    /// A structure: the reference itself; `boxed` when the field holds a `Box`.
    Ref { name: String, boxed: bool },
    /// A list: its elements converted into a `Vec`.
    List(Box<Conv>),
    /// A map (string keys): the reference itself; its values convert so.
    Map(Box<Conv>),
    /// A `@sparse` element: `null` elements are left out, as a projection leaves them.
    Nullable(Box<Conv>),
}

impl Conv {
    /// The form a converted value takes.
    pub(crate) fn ty(&self) -> Ty {
        match self {
            Conv::Str | Conv::Enum => Ty::Str,
            Conv::Copy(ty) | Conv::Widen(ty) => ty.clone(),
            Conv::Ref { name, .. } => Ty::Struct(name.clone()),
            Conv::List(inner) => Ty::List(Box::new(inner.ty())),
            Conv::Map(value) => Ty::Map(value.clone()),
            Conv::Nullable(inner) => inner.ty(),
        }
    }
}

/// A typed JMESPath node: its Rust form, and whether it is always there (`total`: a bare value)
/// or can be `null` (an `Option`).
#[derive(Debug, Clone)]
pub(crate) struct Typed {
    pub(crate) node: Node,
    pub(crate) ty: Ty,
    pub(crate) total: bool,
}

#[derive(Debug, Clone)]
pub(crate) enum Node {
    /// The current value: the output (or the `{input, output}` pair), the value a
    /// sub-expression is read from, or a projection's element.
    Current,
    /// `input` or `output` of an `inputOutput` matcher.
    Side(&'static str),
    /// A member of a structure.
    Field {
        of: Box<Typed>,
        field: String,
        optional: bool,
        conv: Conv,
    },
    /// `of.rhs`, where `rhs` reads its current value more than once (`a.[b, c]`).
    Bind {
        of: Box<Typed>,
        body: Box<Typed>,
    },
    /// `of[index]`.
    Index {
        of: Box<Typed>,
        index: i64,
    },
    /// `of[*].then`, `of[].then` (`flatten`), `of.*.then` (a map's values), `of[?cond].then`.
    Project {
        of: Box<Typed>,
        source: Source,
        filter: Option<Box<Typed>>,
        then: Box<Typed>,
    },
    /// `[a, b]`: the values that are not `null`.
    MultiList(Vec<Typed>),
    Compare {
        op: CmpOp,
        left: Box<Typed>,
        right: Box<Typed>,
    },
    And(Box<Typed>, Box<Typed>),
    Or(Box<Typed>, Box<Typed>),
    Not(Box<Typed>),
    Literal(Literal),
    Length(Box<Typed>),
    Contains(Box<Typed>, Box<Typed>),
}

/// Where a projection's elements come from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Source {
    /// A list's elements.
    List,
    /// A list's elements, those that are lists spliced in (`[]`).
    Flatten,
    /// A map's values, converted.
    Values(Conv),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Literal {
    Str(String),
    Bool(bool),
    Int(i64),
    Float(f64),
    Null,
}

/// The structures a path can reach, by Rust name (types, and the operation's input and output).
pub(crate) type Structs<'a> = BTreeMap<&'a str, &'a StructDef>;

/// Lowers an operation's `@waitable` trait. A waiter whose paths cannot be typed is left out,
/// with a warning that says why.
pub(crate) fn lower(
    op: &OperationDef,
    waitable: &Value,
    structs: &Structs<'_>,
    warnings: &mut Vec<String>,
) -> Vec<WaiterDef> {
    let Some(waiters) = waitable.as_object() else { return Vec::new() };
    let mut out = Vec::new();
    for (name, waiter) in waiters {
        match lower_waiter(op, name, waiter, structs) {
            Ok(def) => out.push(def),
            Err(why) => warnings.push(format!("waiter `{name}` of operation `{}` is left out: {why}", op.name)),
        }
    }
    out
}

fn lower_waiter(op: &OperationDef, name: &str, waiter: &Value, structs: &Structs<'_>) -> Result<WaiterDef, String> {
    let min_delay = waiter.get("minDelay").and_then(Value::as_u64).unwrap_or(2).max(1);
    let max_delay = waiter.get("maxDelay").and_then(Value::as_u64).unwrap_or(120).max(min_delay);
    let acceptors = waiter.get("acceptors").and_then(Value::as_array).ok_or("it has no acceptors")?;
    let acceptors = acceptors
        .iter()
        .enumerate()
        .map(|(index, acceptor)| {
            lower_acceptor(op, acceptor, structs).map_err(|why| format!("acceptor {index}: {why}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if acceptors.is_empty() {
        return Err("it has no acceptors".to_owned());
    }
    Ok(WaiterDef {
        name: name.to_owned(),
        method: format!("wait_until_{}", snake(name)),
        docs: waiter.get("documentation").and_then(Value::as_str).map(super::docs::to_markdown),
        deprecated: waiter.get("deprecated").and_then(Value::as_bool) == Some(true),
        min_delay,
        max_delay,
        acceptors,
    })
}

fn lower_acceptor(op: &OperationDef, acceptor: &Value, structs: &Structs<'_>) -> Result<AcceptorDef, String> {
    let state = match acceptor.get("state").and_then(Value::as_str) {
        Some("success") => AcceptorState::Success,
        Some("failure") => AcceptorState::Failure,
        Some("retry") => AcceptorState::Retry,
        other => return Err(format!("unknown state {other:?}")),
    };
    let matcher = acceptor.get("matcher").and_then(Value::as_object).ok_or("no matcher")?;
    let (kind, value) = matcher.iter().next().ok_or("an empty matcher")?;
    let (matcher, description) = match kind.as_str() {
        "success" => {
            let success = value.as_bool().ok_or("`success` is not a boolean")?;
            let description = if success { "the call succeeds" } else { "the call fails" };
            (Matcher::Success(success), description.to_owned())
        }
        "errorType" => {
            let wanted = value.as_str().ok_or("`errorType` is not a string")?;
            let code = wanted.rsplit('#').next().unwrap_or(wanted).to_owned();
            let variant = op
                .errors
                .iter()
                .find(|e| e.code == code || e.type_name == super::naming::camel(&code))
                .map(|e| e.variant.clone());
            let description = format!("the error `{code}`");
            (Matcher::Error { variant, code }, description)
        }
        "output" | "inputOutput" => {
            let path = value.get("path").and_then(Value::as_str).ok_or("no `path`")?;
            let expected = value.get("expected").and_then(Value::as_str).ok_or("no `expected` string")?;
            let comparator = value.get("comparator").and_then(Value::as_str).ok_or("no `comparator`")?;
            let expr = jmespath::parse(path)?;
            let root = if kind == "output" {
                Typed { node: Node::Current, ty: Ty::Struct(op.output.name.clone()), total: true }
            } else {
                Typed { node: Node::Current, ty: Ty::InputOutput, total: true }
            };
            let typer = Typer { op, structs };
            let typed = typer.expr(&expr, root).map_err(|why| format!("`{path}`: {why}"))?;
            let (comparator, description) = comparator_of(comparator, expected, &typed.ty, path)?;
            (Matcher::Path { value: typed, comparator }, description)
        }
        other => return Err(format!("unknown matcher `{other}`")),
    };
    Ok(AcceptorDef { state, matcher, description })
}

/// The comparator, checked against the type of the value it compares.
fn comparator_of(comparator: &str, expected: &str, ty: &Ty, path: &str) -> Result<(Comparator, String), String> {
    // Markdown code, with a path that holds backticks (JSON literals) fenced by two.
    let path = if path.contains('`') { format!("` {path} `") } else { path.to_owned() };
    let path = path.as_str();
    let is_strings = matches!(ty, Ty::List(inner) if **inner == Ty::Str);
    let (comparator, description, fits) = match comparator {
        "stringEquals" => {
            (Comparator::StringEquals(expected.to_owned()), format!("`{path}` is \"{expected}\""), *ty == Ty::Str)
        }
        "booleanEquals" => {
            let value = match expected {
                "true" => true,
                "false" => false,
                _ => return Err(format!("booleanEquals expects `true` or `false`, not `{expected}`")),
            };
            (Comparator::BooleanEquals(value), format!("`{path}` is {expected}"), *ty == Ty::Bool)
        }
        "allStringEquals" => {
            (Comparator::AllStringEquals(expected.to_owned()), format!("every `{path}` is \"{expected}\""), is_strings)
        }
        "anyStringEquals" => {
            (Comparator::AnyStringEquals(expected.to_owned()), format!("some `{path}` is \"{expected}\""), is_strings)
        }
        other => return Err(format!("unknown comparator `{other}`")),
    };
    if !fits {
        return Err(format!(
            "`{path}` gives {}, which `{comparator_name}` cannot compare",
            ty_name(ty),
            comparator_name = comparator_label(&comparator)
        ));
    }
    Ok((comparator, description))
}

fn comparator_label(comparator: &Comparator) -> &'static str {
    match comparator {
        Comparator::StringEquals(_) => "stringEquals",
        Comparator::BooleanEquals(_) => "booleanEquals",
        Comparator::AllStringEquals(_) => "allStringEquals",
        Comparator::AnyStringEquals(_) => "anyStringEquals",
    }
}

fn ty_name(ty: &Ty) -> String {
    match ty {
        Ty::Str => "a string".to_owned(),
        Ty::Bool => "a boolean".to_owned(),
        Ty::Int | Ty::Float => "a number".to_owned(),
        Ty::Struct(name) => format!("a structure (`{name}`)"),
        Ty::List(inner) => format!("a list of {}", ty_name(inner)),
        Ty::Map(_) => "a map".to_owned(),
        Ty::Null => "null".to_owned(),
        Ty::InputOutput => "the input and output".to_owned(),
    }
}

struct Typer<'a> {
    op: &'a OperationDef,
    structs: &'a Structs<'a>,
}

impl Typer<'_> {
    /// Types `expr`, read from the value `current`.
    fn expr(&self, expr: &Expr, current: Typed) -> Result<Typed, String> {
        let typed = |node, ty, total| Typed { node, ty, total };
        match expr {
            Expr::Identity => Ok(current),
            Expr::Field(name) => self.field(current, name),
            Expr::Subexpr(lhs, rhs) => {
                let of = self.expr(lhs, current)?;
                match &**rhs {
                    // `a.b` reads `b` of `a`: no binding needed.
                    Expr::Field(name) => self.field(of, name),
                    _ => self.bind(of, |typer, current| typer.expr(rhs, current)),
                }
            }
            Expr::Index(of, index) => {
                let of = self.expr(of, current)?;
                let Ty::List(element) = of.ty.clone() else {
                    return Err(format!("`[{index}]` of {}", ty_name(&of.ty)));
                };
                Ok(typed(Node::Index { of: Box::new(of), index: *index }, *element, false))
            }
            Expr::Project { kind, of, then } => {
                let of = self.expr(of, current)?;
                let (source, element) = match (kind, &of.ty) {
                    (ProjectKind::List, Ty::List(element)) => (Source::List, element.as_ref().clone()),
                    (ProjectKind::Flatten, Ty::List(element)) => match element.as_ref() {
                        Ty::List(inner) => (Source::Flatten, Ty::clone(inner)),
                        other => (Source::List, other.clone()),
                    },
                    (ProjectKind::Values, Ty::Map(conv)) => (Source::Values(conv.as_ref().clone()), conv.ty()),
                    (kind, ty) => return Err(format!("a `{kind:?}` projection of {}", ty_name(ty))),
                };
                self.project(of, source, None, element, then)
            }
            Expr::Filter { of, cond, then } => {
                let of = self.expr(of, current)?;
                let Ty::List(element) = of.ty.clone() else {
                    return Err(format!("a filter of {}", ty_name(&of.ty)));
                };
                if matches!(*element, Ty::List(_)) {
                    return Err("a filter of a list of lists".to_owned());
                }
                let cond = self.expr(cond, Typed { node: Node::Current, ty: (*element).clone(), total: true })?;
                self.project(of, Source::List, Some(cond), *element, then)
            }
            Expr::MultiList(items) => self.reuse(current, |typer, current| {
                let items =
                    items.iter().map(|item| typer.expr(item, current.clone())).collect::<Result<Vec<_>, _>>()?;
                let ty = items.first().map(|item| item.ty.clone()).ok_or("an empty multi-select list")?;
                if items.iter().any(|item| item.ty != ty) {
                    return Err("a multi-select list of values of different types".to_owned());
                }
                Ok(typed(Node::MultiList(items), Ty::List(Box::new(ty)), true))
            }),
            Expr::Compare(op, left, right) => self.reuse(current, |typer, current| {
                let left = typer.expr(left, current.clone())?;
                let right = typer.expr(right, current)?;
                compare(*op, left, right)
            }),
            Expr::And(a, b) | Expr::Or(a, b) => self.reuse(current, |typer, current| {
                let a = typer.expr(a, current.clone())?;
                let b = typer.expr(b, current)?;
                // JMESPath's `&&` and `||` give one of their operands: typed only where both
                // are booleans, so that the result is one too.
                if a.ty != Ty::Bool || b.ty != Ty::Bool {
                    return Err(format!("`&&` or `||` of {} and {}", ty_name(&a.ty), ty_name(&b.ty)));
                }
                let total = a.total && b.total;
                let node = if matches!(expr, Expr::And(..)) {
                    Node::And(Box::new(a), Box::new(b))
                } else {
                    Node::Or(Box::new(a), Box::new(b))
                };
                Ok(typed(node, Ty::Bool, total))
            }),
            Expr::Not(inner) => {
                let inner = self.expr(inner, current)?;
                Ok(typed(Node::Not(Box::new(inner)), Ty::Bool, true))
            }
            Expr::Literal(value) => {
                let (literal, ty) = match value {
                    Value::String(s) => (Literal::Str(s.clone()), Ty::Str),
                    Value::Bool(b) => (Literal::Bool(*b), Ty::Bool),
                    Value::Number(n) => match n.as_i64() {
                        Some(i) => (Literal::Int(i), Ty::Int),
                        None => (Literal::Float(n.as_f64().ok_or("a number out of range")?), Ty::Float),
                    },
                    Value::Null => (Literal::Null, Ty::Null),
                    other => return Err(format!("the literal `{other}` (only strings, numbers, booleans and null)")),
                };
                Ok(typed(Node::Literal(literal), ty, true))
            }
            Expr::Call(name, args) => self.reuse(current, |typer, current| {
                let args = args.iter().map(|arg| typer.expr(arg, current.clone())).collect::<Result<Vec<_>, _>>()?;
                call(name, args)
            }),
            Expr::Pipe(lhs, rhs) => {
                let of = self.expr(lhs, current)?;
                self.bind(of, |typer, current| typer.expr(rhs, current))
            }
        }
    }

    /// A member of a structure (or `input`/`output` of the `inputOutput` pair).
    fn field(&self, of: Typed, name: &str) -> Result<Typed, String> {
        match &of.ty {
            Ty::InputOutput => match name {
                "input" => {
                    Ok(Typed { node: Node::Side("input"), ty: Ty::Struct(self.op.input.name.clone()), total: true })
                }
                "output" => {
                    Ok(Typed { node: Node::Side("output"), ty: Ty::Struct(self.op.output.name.clone()), total: true })
                }
                other => Err(format!("`{other}`: an `inputOutput` path starts with `input` or `output`")),
            },
            Ty::Struct(struct_name) => {
                let def = self.structs.get(struct_name.as_str()).ok_or(format!("no structure `{struct_name}`"))?;
                let field = def
                    .fields
                    .iter()
                    .find(|f| f.member == name)
                    .ok_or(format!("`{}` has no member `{name}`", def.shape_name))?;
                let conv = conversion(&field.ty, field.boxed).map_err(|why| format!("member `{name}`: {why}"))?;
                let ty = conv.ty();
                let total = of.total && !field.optional;
                let optional = field.optional;
                let node = Node::Field { of: Box::new(of), field: field.name.clone(), optional, conv };
                Ok(Typed { node, ty, total })
            }
            other => Err(format!("member `{name}` of {}", ty_name(other))),
        }
    }

    /// Types `then` over each element of `of`.
    fn project(
        &self,
        of: Typed,
        source: Source,
        filter: Option<Typed>,
        element: Ty,
        then: &Expr,
    ) -> Result<Typed, String> {
        let then = self.expr(then, Typed { node: Node::Current, ty: element, total: true })?;
        let ty = Ty::List(Box::new(then.ty.clone()));
        let total = of.total;
        let node = Node::Project { of: Box::new(of), source, filter: filter.map(Box::new), then: Box::new(then) };
        Ok(Typed { node, ty, total })
    }

    /// `body` read from `of` (bound once, as a closure's argument).
    fn bind(&self, of: Typed, body: impl FnOnce(&Self, Typed) -> Result<Typed, String>) -> Result<Typed, String> {
        let current = Typed { node: Node::Current, ty: of.ty.clone(), total: true };
        let body = body(self, current)?;
        let total = of.total && body.total;
        let ty = body.ty.clone();
        Ok(Typed { node: Node::Bind { of: Box::new(of), body: Box::new(body) }, ty, total })
    }

    /// `body`, which reads its current value more than once: bound first unless it is already
    /// a plain current value.
    fn reuse(&self, current: Typed, body: impl FnOnce(&Self, Typed) -> Result<Typed, String>) -> Result<Typed, String> {
        if matches!(current.node, Node::Current) {
            body(self, current)
        } else {
            self.bind(current, body)
        }
    }
}

fn compare(op: CmpOp, left: Typed, right: Typed) -> Result<Typed, String> {
    let ordering = !matches!(op, CmpOp::Eq | CmpOp::Ne);
    let numbers = |ty: &Ty| matches!(ty, Ty::Int | Ty::Float);
    let fits = if ordering {
        numbers(&left.ty) && numbers(&right.ty)
    } else {
        left.ty == right.ty
            || (numbers(&left.ty) && numbers(&right.ty))
            || ((left.ty == Ty::Null || right.ty == Ty::Null) && !matches!(left.ty, Ty::InputOutput))
    };
    let scalar = |ty: &Ty| matches!(ty, Ty::Str | Ty::Bool | Ty::Int | Ty::Float | Ty::Null);
    if !fits || !scalar(&left.ty) || !scalar(&right.ty) {
        return Err(format!("a comparison of {} with {}", ty_name(&left.ty), ty_name(&right.ty)));
    }
    // An ordering of a `null` is `null`; an equality is always a boolean.
    let total = !ordering || (left.total && right.total);
    Ok(Typed { node: Node::Compare { op, left: Box::new(left), right: Box::new(right) }, ty: Ty::Bool, total })
}

fn call(name: &str, mut args: Vec<Typed>) -> Result<Typed, String> {
    match (name, args.len()) {
        ("length", 1) => {
            let arg = args.remove(0);
            if !matches!(arg.ty, Ty::Str | Ty::List(_) | Ty::Map(_)) {
                return Err(format!("length() of {}", ty_name(&arg.ty)));
            }
            let total = arg.total;
            Ok(Typed { node: Node::Length(Box::new(arg)), ty: Ty::Int, total })
        }
        ("contains", 2) => {
            let search = args.remove(1);
            let subject = args.remove(0);
            let fits = match &subject.ty {
                Ty::List(element) => **element == search.ty && search.ty != Ty::Float,
                Ty::Str => search.ty == Ty::Str,
                _ => false,
            };
            if !fits || !search.total {
                return Err(format!("contains() of {} and {}", ty_name(&subject.ty), ty_name(&search.ty)));
            }
            let total = subject.total;
            Ok(Typed { node: Node::Contains(Box::new(subject), Box::new(search)), ty: Ty::Bool, total })
        }
        (name, count) => Err(format!("the function `{name}` with {count} arguments (only length() and contains())")),
    }
}

/// How a member of this Rust type is read as a JMESPath value.
fn conversion(ty: &RustType, boxed: bool) -> Result<Conv, String> {
    Ok(match ty {
        RustType::String => Conv::Str,
        RustType::Bool => Conv::Copy(Ty::Bool),
        RustType::I64 => Conv::Copy(Ty::Int),
        RustType::F64 => Conv::Copy(Ty::Float),
        RustType::I8 | RustType::I16 | RustType::I32 => Conv::Widen(Ty::Int),
        RustType::F32 => Conv::Widen(Ty::Float),
        RustType::Named { kind: NamedKind::Enum, .. } => Conv::Enum,
        RustType::Named { name, kind: NamedKind::Struct { .. } | NamedKind::Error { .. } } => {
            Conv::Ref { name: name.clone(), boxed }
        }
        RustType::List(inner) => Conv::List(Box::new(conversion(inner, false)?)),
        RustType::Map(key, value) if **key == RustType::String => Conv::Map(Box::new(conversion(value, false)?)),
        RustType::Nullable(inner) => Conv::Nullable(Box::new(conversion(inner, false)?)),
        other => return Err(format!("a value of type {other:?}, which waiters cannot read")),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;

    /// Lowers a one-operation model whose operation has these waiters; gives its waiters and
    /// the warnings.
    fn lower_waiters(waiters: Value) -> (Vec<WaiterDef>, Vec<String>) {
        let model = json!({"smithy": "2.0", "shapes": {
            "ex.w#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex.w#Get"}],
                "traits": {"aws.protocols#awsJson1_0": {}}},
            "ex.w#Get": {"type": "operation", "input": {"target": "ex.w#GetInput"},
                "output": {"target": "ex.w#GetOutput"}, "errors": [{"target": "ex.w#Missing"}],
                "traits": {"smithy.waiters#waitable": waiters}},
            "ex.w#GetInput": {"type": "structure", "members": {"Id": {"target": "smithy.api#String"}}},
            "ex.w#GetOutput": {"type": "structure", "members": {
                "Job": {"target": "ex.w#Job"}, "Count": {"target": "smithy.api#Integer"},
                "Blob": {"target": "smithy.api#Blob"}}},
            "ex.w#Job": {"type": "structure", "members": {
                "Status": {"target": "smithy.api#String"},
                "Size": {"target": "smithy.api#Long", "traits": {"smithy.api#required": {}, "smithy.api#default": 0}},
                "Steps": {"target": "ex.w#Steps"},
                "Tags": {"target": "ex.w#Tags"}}},
            "ex.w#Steps": {"type": "list", "member": {"target": "ex.w#Job"}},
            "ex.w#Tags": {"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "smithy.api#String"}},
            "ex.w#Missing": {"type": "structure", "members": {}, "traits": {"smithy.api#error": "client"}}
        }});
        let model = crate::model::load::load_str("w.json".as_ref(), &model.to_string()).expect("the model loads");
        crate::validate::validate(&model).expect("the model is valid");
        let selection = crate::select::select(&model, None, &[]).expect("one service");
        let krate = crate::ir::lower::lower(&model, &selection, None, None).expect("it lowers");
        let waiters = krate.operations.into_iter().flat_map(|op| op.waiters).collect();
        (waiters, krate.warnings)
    }

    fn output_path(path: &str, comparator: &str, expected: &str) -> Value {
        json!({"W": {"acceptors": [{"state": "success", "matcher": {"output": {
            "path": path, "comparator": comparator, "expected": expected}}}]}})
    }

    /// The type of a path's value, and whether it is total.
    fn typed(path: &str, comparator: &str, expected: &str) -> Result<(Ty, bool), String> {
        let (waiters, warnings) = lower_waiters(output_path(path, comparator, expected));
        match (waiters.first().and_then(|w| w.acceptors.first()), warnings.first()) {
            (Some(AcceptorDef { matcher: Matcher::Path { value, .. }, .. }), None) => {
                Ok((value.ty.clone(), value.total))
            }
            (_, Some(warning)) => Err(warning.clone()),
            _ => Err("no path matcher".to_owned()),
        }
    }

    #[test]
    fn paths_get_the_rust_form_and_null_ness_of_what_they_read() {
        let strings = Ty::List(Box::new(Ty::Str));
        assert_eq!(typed("Job.Status", "stringEquals", "x"), Ok((Ty::Str, false)));
        assert_eq!(typed("Job.Steps[].Status", "allStringEquals", "x"), Ok((strings.clone(), false)));
        assert_eq!(typed("Job.Steps[].Steps[].Status", "anyStringEquals", "x"), Ok((strings.clone(), false)));
        assert_eq!(typed("Job.Tags.*", "anyStringEquals", "x"), Ok((strings.clone(), false)));
        assert_eq!(typed("[Job.Status, Job.Status]", "anyStringEquals", "x"), Ok((strings, true)));
        // An equality is always a boolean; an ordering of a value that may be null may be null.
        assert_eq!(typed("Job.Status == 'x'", "booleanEquals", "true"), Ok((Ty::Bool, true)));
        assert_eq!(typed("Count > `1`", "booleanEquals", "true"), Ok((Ty::Bool, false)));
        assert_eq!(typed("length(Job.Steps[?Size > `2`]) > `0`", "booleanEquals", "true"), Ok((Ty::Bool, false)));
        assert_eq!(typed("!Job", "booleanEquals", "true"), Ok((Ty::Bool, true)));
        assert_eq!(typed("Job | Status", "stringEquals", "x"), Ok((Ty::Str, false)));
    }

    #[test]
    fn what_cannot_be_typed_leaves_the_waiter_out_and_says_why() {
        let cases = [
            ("Job.Nope", "stringEquals", "`Job.Nope`: `Job` has no member `Nope`"),
            ("Job.Steps.Status", "stringEquals", "member `Status` of a list of a structure (`Job`)"),
            ("Job.Steps[].Status", "stringEquals", "gives a list of a string, which `stringEquals` cannot compare"),
            ("Job.Status", "allStringEquals", "gives a string, which `allStringEquals` cannot compare"),
            ("keys(Job.Tags)", "anyStringEquals", "the function `keys` with 1 arguments"),
            ("Job == Job", "booleanEquals", "a comparison of a structure (`Job`) with a structure (`Job`)"),
            ("Job.Status && Job.Status", "booleanEquals", "`&&` or `||` of a string and a string"),
            ("Blob", "stringEquals", "member `Blob`: a value of type Blob, which waiters cannot read"),
            ("Job.[", "stringEquals", "acceptor 0: "),
            ("Job.Steps[?Status == 'x'].Steps[?Size]", "stringEquals", "a filter of a list of lists"),
        ];
        for (path, comparator, why) in cases {
            let warning = typed(path, comparator, "x").expect_err(path);
            assert!(warning.starts_with("waiter `W` of operation `Get` is left out: acceptor 0: "), "{warning}");
            assert!(warning.contains(why), "{path}: {warning}");
        }
        let (_, warnings) = lower_waiters(output_path("Job.Status", "stringIsh", "x"));
        assert!(warnings[0].ends_with("unknown comparator `stringIsh`"), "{warnings:?}");
        let (_, warnings) = lower_waiters(output_path("Count == `1`", "booleanEquals", "yes"));
        assert!(warnings[0].contains("booleanEquals expects `true` or `false`, not `yes`"), "{warnings:?}");
    }

    #[test]
    fn error_matchers_find_the_modeled_variant_and_delays_have_defaults() {
        let (waiters, warnings) = lower_waiters(json!({
            "Gone": {"documentation": "Waits for <i>nothing</i>.", "acceptors": [
                {"state": "success", "matcher": {"errorType": "Missing"}},
                {"state": "success", "matcher": {"errorType": "ex.w#Missing"}},
                {"state": "failure", "matcher": {"errorType": "Throttled"}},
                {"state": "retry", "matcher": {"success": true}}]},
            "Slow": {"minDelay": 30, "maxDelay": 10, "deprecated": true,
                "acceptors": [{"state": "success", "matcher": {"success": false}}]}
        }));
        assert!(warnings.is_empty(), "{warnings:?}");
        let [gone, slow] = waiters.as_slice() else { panic!("two waiters: {waiters:?}") };
        assert_eq!((gone.method.as_str(), gone.min_delay, gone.max_delay), ("wait_until_gone", 2, 120));
        assert_eq!(gone.docs.as_deref(), Some("Waits for *nothing*."));
        let matchers: Vec<_> = gone.acceptors.iter().map(|a| (a.state, format!("{:?}", a.matcher))).collect();
        assert_eq!(
            matchers,
            [
                (AcceptorState::Success, r#"Error { variant: Some("Missing"), code: "Missing" }"#.to_owned()),
                (AcceptorState::Success, r#"Error { variant: Some("Missing"), code: "Missing" }"#.to_owned()),
                (AcceptorState::Failure, r#"Error { variant: None, code: "Throttled" }"#.to_owned()),
                (AcceptorState::Retry, "Success(true)".to_owned()),
            ]
        );
        assert_eq!((slow.min_delay, slow.max_delay, slow.deprecated), (30, 30, true));
    }

    #[test]
    fn input_output_paths_start_with_input_or_output() {
        let waiter = |path: &str| {
            json!({"W": {"acceptors": [{"state": "success", "matcher": {"inputOutput": {
                "path": path, "comparator": "booleanEquals", "expected": "true"}}}]}})
        };
        let (waiters, warnings) = lower_waiters(waiter("input.Id == output.Job.Status"));
        assert!(warnings.is_empty() && waiters.len() == 1, "{warnings:?}");
        let (_, warnings) = lower_waiters(waiter("Job.Status == 'x'"));
        assert!(warnings[0].contains("an `inputOutput` path starts with `input` or `output`"), "{warnings:?}");
    }
}
