//! A JMESPath parser: text → [`Expr`], and [`Expr`] → canonical text.
//!
//! The generator compiles Smithy waiter acceptor paths into Rust and checks
//! `operationContextParams` paths ([`crate::endpoint_bindings`]) at generation time, so it
//! needs the AST only, never an interpreter: a small hand-written lexer and Pratt parser, with
//! the grammar of the JMESPath specification and the binding powers of its reference
//! implementation (jmespath.py), so that a path means here what it means to the services.
//!
//! Refused, as no AWS waiter or endpoint path needs them: slices (`[1:2]`), multi-select
//! hashes (`{a: b}`), expression references (`&a`), variables (`$a`) and the legacy
//! unquoted JSON literals (`` `foo` ``).

use std::fmt;

use serde_json::Value;

/// A parsed JMESPath expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `@`: the current value.
    Identity,
    /// `name` or `"quoted name"`: a member of the current object.
    Field(String),
    /// `lhs.rhs`.
    Subexpr(Box<Expr>, Box<Expr>),
    /// `lhs[N]` (N may be negative).
    Index(Box<Expr>, i64),
    /// `of[*].then` (List), `of[].then` (Flatten: `of` is flattened one level first), `of.*.then` (Values: the values of an object). `then` is `Expr::Identity` when nothing follows.
    Project {
        /// Which projection.
        kind: ProjectKind,
        /// What is projected.
        of: Box<Expr>,
        /// What each element becomes.
        then: Box<Expr>,
    },
    /// `of[?cond].then`
    Filter {
        /// The list filtered.
        of: Box<Expr>,
        /// What the kept elements satisfy.
        cond: Box<Expr>,
        /// What each kept element becomes.
        then: Box<Expr>,
    },
    /// `[a, b]`
    MultiList(Vec<Expr>),
    /// `a == b`, `!=`, `<`, `<=`, `>`, `>=`
    Compare(CmpOp, Box<Expr>, Box<Expr>),
    /// `a && b`
    And(Box<Expr>, Box<Expr>),
    /// `a || b`
    Or(Box<Expr>, Box<Expr>),
    /// `!a`
    Not(Box<Expr>),
    /// `` `json` `` literals and `'raw strings'` (a raw string is a `Value::String`).
    Literal(serde_json::Value),
    /// `name(args…)`
    Call(String, Vec<Expr>),
    /// `lhs | rhs`
    Pipe(Box<Expr>, Box<Expr>),
}

/// The kind of an [`Expr::Project`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectKind {
    /// `of[*]`: the elements of a list.
    List,
    /// `of[]`: the elements of a list, lists among them flattened one level.
    Flatten,
    /// `of.*`: the values of an object.
    Values,
}

/// The operator of an [`Expr::Compare`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// The operator's JMESPath text.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

/// Parses a JMESPath expression. Errors say what was expected, and at which byte offset / what was found, e.g. "`a.[b`: expected `,` or `]` at offset 4, found the end".
pub fn parse(text: &str) -> Result<Expr, String> {
    let tokens = lex(text)?;
    let mut parser = Parser { text, tokens, at: 0, depth: 0 };
    let expr = parser.expression(0)?;
    if !matches!(parser.peek(), Tok::End) {
        return Err(parser.error("an operator or the end of the expression"));
    }
    Ok(expr)
}

// Binding powers, as in jmespath.py. A projection's right-hand side stops at a token below
// `PROJECTION_STOP` (`|`, `||`, `&&`, comparators, `[]`, closing tokens).
const PIPE: u8 = 1;
const OR: u8 = 2;
const AND: u8 = 3;
const CMP: u8 = 5;
const FLATTEN: u8 = 9;
const PROJECTION_STOP: u8 = 10;
const STAR: u8 = 20;
const FILTER: u8 = 21;
const DOT: u8 = 40;
const NOT: u8 = 45;
const LBRACKET: u8 = 55;

/// Nesting beyond this is refused rather than risking the stack (parsing, printing, dropping).
const MAX_DEPTH: usize = 256;

const SLICES: &str = "slices (`[start:stop:step]`)";
const HASHES: &str = "multi-select hashes (`{key: value}`)";
const EXPREFS: &str = "expression references (`&expr`)";
const VARIABLES: &str = "variables (`$name`)";

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// An unquoted identifier (also a function name).
    Name(String),
    Quoted(String),
    Literal(Value),
    Number(i64),
    Dot,
    Star,
    /// `[]`
    Flatten,
    /// `[?`
    Filter,
    LBracket,
    RBracket,
    Comma,
    LParen,
    RParen,
    At,
    Pipe,
    Or,
    And,
    Not,
    Cmp(CmpOp),
    /// The token of a construct that is refused (`{`, `}`, `:`, `&`, `$`), saying which.
    Unsupported(&'static str),
    End,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    start: usize,
    end: usize,
}

fn lex(text: &str) -> Result<Vec<Token>, String> {
    let bytes = text.as_bytes();
    let next_is = |at: usize, b: u8| bytes.get(at + 1) == Some(&b);
    let mut tokens = Vec::new();
    let mut at = 0;
    while let Some(&c) = bytes.get(at) {
        let start = at;
        let (tok, len) = match c {
            b' ' | b'\t' | b'\n' | b'\r' => {
                at += 1;
                continue;
            }
            b'.' => (Tok::Dot, 1),
            b'*' => (Tok::Star, 1),
            b'@' => (Tok::At, 1),
            b',' => (Tok::Comma, 1),
            b']' => (Tok::RBracket, 1),
            b'(' => (Tok::LParen, 1),
            b')' => (Tok::RParen, 1),
            // As in jmespath.py, `[]` and `[?` are single tokens only without a space inside.
            b'[' if next_is(at, b']') => (Tok::Flatten, 2),
            b'[' if next_is(at, b'?') => (Tok::Filter, 2),
            b'[' => (Tok::LBracket, 1),
            b'|' if next_is(at, b'|') => (Tok::Or, 2),
            b'|' => (Tok::Pipe, 1),
            b'&' if next_is(at, b'&') => (Tok::And, 2),
            b'&' => (Tok::Unsupported(EXPREFS), 1),
            b'!' if next_is(at, b'=') => (Tok::Cmp(CmpOp::Ne), 2),
            b'!' => (Tok::Not, 1),
            b'=' if next_is(at, b'=') => (Tok::Cmp(CmpOp::Eq), 2),
            b'=' => return Err(format!("`{text}`: expected `==` at offset {start}, found `=`")),
            b'<' if next_is(at, b'=') => (Tok::Cmp(CmpOp::Le), 2),
            b'<' => (Tok::Cmp(CmpOp::Lt), 1),
            b'>' if next_is(at, b'=') => (Tok::Cmp(CmpOp::Ge), 2),
            b'>' => (Tok::Cmp(CmpOp::Gt), 1),
            b'{' | b'}' => (Tok::Unsupported(HASHES), 1),
            b':' => (Tok::Unsupported(SLICES), 1),
            b'$' => (Tok::Unsupported(VARIABLES), 1),
            b'-' | b'0'..=b'9' => {
                let digits = bytes[at + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
                let len = 1 + digits;
                if c == b'-' && digits == 0 {
                    return Err(format!("`{text}`: expected a digit after `-` at offset {start}"));
                }
                let number = text[start..start + len]
                    .parse::<i64>()
                    .map_err(|_| format!("`{text}`: the number at offset {start} is out of range"))?;
                (Tok::Number(number), len)
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                let len = bytes[at..].iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'_').count();
                (Tok::Name(text[start..start + len].to_owned()), len)
            }
            b'"' => {
                let end = closing(text, start, b'"')?;
                let name = serde_json::from_str::<String>(&text[start..=end])
                    .map_err(|e| format!("`{text}`: invalid quoted identifier at offset {start}: {e}"))?;
                (Tok::Quoted(name), end + 1 - start)
            }
            b'\'' => {
                let end = closing(text, start, b'\'')?;
                (Tok::Literal(Value::String(unescape(&text[start + 1..end], '\''))), end + 1 - start)
            }
            b'`' => {
                let end = closing(text, start, b'`')?;
                let json = unescape(&text[start + 1..end], '`');
                let value = serde_json::from_str::<Value>(&json).map_err(|e| {
                    format!("`{text}`: invalid JSON literal at offset {start} ({e}; unquoted literal strings are not supported, write `'raw strings'`)")
                })?;
                (Tok::Literal(value), end + 1 - start)
            }
            _ => {
                let found = text[start..].chars().next().unwrap_or_default();
                return Err(format!("`{text}`: unexpected character `{found}` at offset {start}"));
            }
        };
        tokens.push(Token { tok, start, end: start + len });
        at = start + len;
    }
    tokens.push(Token { tok: Tok::End, start: text.len(), end: text.len() });
    Ok(tokens)
}

/// The offset of the delimiter closing the one at `start`; a backslash escapes the byte after
/// it (all delimiters are ASCII, so the offsets stay on character boundaries).
fn closing(text: &str, start: usize, delimiter: u8) -> Result<usize, String> {
    let bytes = text.as_bytes();
    let mut at = start + 1;
    while let Some(&b) = bytes.get(at) {
        if b == b'\\' {
            at += 2;
        } else if b == delimiter {
            return Ok(at);
        } else {
            at += 1;
        }
    }
    Err(format!("`{text}`: expected a closing {} for the one at offset {start}, found the end", delimiter as char))
}

/// Raw strings and JSON literals only escape their delimiter: `\` before anything else stays.
fn unescape(body: &str, delimiter: char) -> String {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(next) if next == delimiter => out.push(next),
            Some(next) => {
                out.push('\\');
                out.push(next);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// The binding power of a token as an infix (led) operator; `None` for tokens that cannot
/// continue an expression (they end it, and whoever expects something else reports them).
fn led_power(tok: &Tok) -> Option<u8> {
    Some(match tok {
        Tok::Pipe => PIPE,
        Tok::Or => OR,
        Tok::And => AND,
        Tok::Cmp(_) => CMP,
        Tok::Flatten => FLATTEN,
        Tok::Filter => FILTER,
        Tok::Dot => DOT,
        Tok::LBracket => LBRACKET,
        _ => return None,
    })
}

static END: Token = Token { tok: Tok::End, start: 0, end: 0 };

#[derive(Debug)]
struct Parser<'t> {
    text: &'t str,
    tokens: Vec<Token>,
    at: usize,
    depth: usize,
}

impl Parser<'_> {
    fn current(&self) -> &Token {
        self.tokens.get(self.at).or(self.tokens.last()).unwrap_or(&END)
    }

    fn peek(&self) -> &Tok {
        &self.current().tok
    }

    fn peek_second(&self) -> &Tok {
        self.tokens.get(self.at + 1).map_or(&Tok::End, |t| &t.tok)
    }

    fn advance(&mut self) {
        if self.at + 1 < self.tokens.len() {
            self.at += 1;
        }
    }

    /// "expected …, found …" at the current token, or what is refused if that is its token.
    fn error(&self, expected: &str) -> String {
        let token = self.current();
        if let Tok::Unsupported(what) = token.tok {
            return format!("`{}`: {what} are not supported (at offset {})", self.text, token.start);
        }
        let found = match token.tok {
            Tok::End => "the end".to_owned(),
            _ => format!("`{}`", self.text.get(token.start..token.end).unwrap_or_default()),
        };
        format!("`{}`: expected {expected} at offset {}, found {found}", self.text, token.start)
    }

    fn expect(&mut self, tok: &Tok, what: &str) -> Result<(), String> {
        if self.peek() == tok {
            self.advance();
            Ok(())
        } else {
            Err(self.error(what))
        }
    }

    fn deeper(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let at = self.current().start;
            return Err(format!("`{}`: nested more than {MAX_DEPTH} levels deep at offset {at}", self.text));
        }
        Ok(())
    }

    /// Parses a prefix (nud), then every infix operator (led) binding tighter than `rbp`.
    fn expression(&mut self, rbp: u8) -> Result<Expr, String> {
        let depth = self.depth;
        self.deeper()?;
        let mut left = self.nud()?;
        while let Some(bp) = led_power(self.peek()) {
            if bp <= rbp {
                break;
            }
            // A chain of operators nests the tree as deeply as brackets do.
            self.deeper()?;
            left = self.led(left)?;
        }
        self.depth = depth;
        Ok(left)
    }

    fn nud(&mut self) -> Result<Expr, String> {
        let token = self.current().clone();
        let starts_expression = matches!(
            token.tok,
            Tok::Name(_)
                | Tok::Quoted(_)
                | Tok::Literal(_)
                | Tok::At
                | Tok::Star
                | Tok::Flatten
                | Tok::Filter
                | Tok::Not
                | Tok::LParen
                | Tok::LBracket
        );
        if !starts_expression {
            return Err(self.error("an expression"));
        }
        self.advance();
        Ok(match token.tok {
            Tok::Name(name) => {
                if matches!(self.peek(), Tok::LParen) {
                    self.advance();
                    return self.call(name);
                }
                Expr::Field(name)
            }
            Tok::Quoted(name) => {
                if matches!(self.peek(), Tok::LParen) {
                    return Err(format!(
                        "`{}`: a function name must be an unquoted identifier (at offset {})",
                        self.text, token.start
                    ));
                }
                Expr::Field(name)
            }
            Tok::Literal(value) => Expr::Literal(value),
            Tok::Star => self.project(ProjectKind::Values, Expr::Identity, STAR)?,
            Tok::Flatten => self.project(ProjectKind::Flatten, Expr::Identity, FLATTEN)?,
            Tok::Filter => self.filter(Expr::Identity)?,
            Tok::Not => Expr::Not(Box::new(self.expression(NOT)?)),
            Tok::LParen => {
                let inner = self.expression(0)?;
                self.expect(&Tok::RParen, "`)`")?;
                inner
            }
            Tok::LBracket => match self.peek() {
                Tok::Number(_) => self.index(Expr::Identity)?,
                Tok::Star if matches!(self.peek_second(), Tok::RBracket) => {
                    self.advance();
                    self.advance();
                    self.project(ProjectKind::List, Expr::Identity, STAR)?
                }
                _ => self.multi_list()?,
            },
            Tok::At => Expr::Identity,
            _ => return Err(self.error("an expression")),
        })
    }

    fn led(&mut self, left: Expr) -> Result<Expr, String> {
        let tok = self.peek().clone();
        self.advance();
        let binary = |parser: &mut Self, bp: u8| parser.expression(bp).map(Box::new);
        Ok(match tok {
            Tok::Dot if matches!(self.peek(), Tok::Star) => {
                self.advance();
                // The reference parses `.*`'s right-hand side at the dot's power (40), so that
                // `a.*.b.c` would be `(a.*.b).c` (jmespath.py issue #182); the specification
                // and the other projections say `a.*.(b.c)`.
                self.project(ProjectKind::Values, left, STAR)?
            }
            Tok::Dot => Expr::Subexpr(Box::new(left), Box::new(self.dot_rhs(DOT)?)),
            Tok::LBracket => match self.peek() {
                Tok::Number(_) => self.index(left)?,
                Tok::Star => {
                    self.advance();
                    self.expect(&Tok::RBracket, "`]`")?;
                    self.project(ProjectKind::List, left, STAR)?
                }
                _ => return Err(self.error("an index or `*` (a multi-select list needs a `.` before it)")),
            },
            Tok::Filter => self.filter(left)?,
            Tok::Flatten => self.project(ProjectKind::Flatten, left, FLATTEN)?,
            Tok::Pipe => Expr::Pipe(Box::new(left), binary(self, PIPE)?),
            Tok::Or => Expr::Or(Box::new(left), binary(self, OR)?),
            Tok::And => Expr::And(Box::new(left), binary(self, AND)?),
            Tok::Cmp(op) => Expr::Compare(op, Box::new(left), binary(self, CMP)?),
            _ => return Err(self.error("an operator")),
        })
    }

    /// After `[`, at the number.
    fn index(&mut self, of: Expr) -> Result<Expr, String> {
        let Tok::Number(index) = *self.peek() else { return Err(self.error("an index")) };
        self.advance();
        self.expect(&Tok::RBracket, "`]`")?;
        Ok(Expr::Index(Box::new(of), index))
    }

    /// After the projection's operator: what each element becomes.
    fn project(&mut self, kind: ProjectKind, of: Expr, bp: u8) -> Result<Expr, String> {
        let then = self.projection_rhs(bp)?;
        Ok(Expr::Project { kind, of: Box::new(of), then: Box::new(then) })
    }

    /// After `[?`.
    fn filter(&mut self, of: Expr) -> Result<Expr, String> {
        let cond = self.expression(0)?;
        self.expect(&Tok::RBracket, "`]`")?;
        let then = self.projection_rhs(FILTER)?;
        Ok(Expr::Filter { of: Box::new(of), cond: Box::new(cond), then: Box::new(then) })
    }

    fn projection_rhs(&mut self, bp: u8) -> Result<Expr, String> {
        match self.peek() {
            Tok::LBracket | Tok::Filter => self.expression(bp),
            Tok::Dot => {
                self.advance();
                self.dot_rhs(bp)
            }
            // The tokens of power ≥ PROJECTION_STOP that cannot continue a projection.
            Tok::Star | Tok::Not | Tok::LParen | Tok::Unsupported(HASHES) => {
                Err(self.error("`.`, `[`, or an end to the projection"))
            }
            // Everything else has a power below PROJECTION_STOP: the projection ends.
            _ => Ok(Expr::Identity),
        }
    }

    /// After `.`: a name (or function call), `*`, or a multi-select list.
    fn dot_rhs(&mut self, bp: u8) -> Result<Expr, String> {
        match self.peek() {
            Tok::Name(_) | Tok::Quoted(_) | Tok::Star => self.expression(bp),
            Tok::LBracket => {
                self.advance();
                self.multi_list()
            }
            _ => Err(self.error("a member name, `*` or `[` after `.`")),
        }
    }

    /// After `[`.
    fn multi_list(&mut self) -> Result<Expr, String> {
        let mut items = Vec::new();
        loop {
            items.push(self.expression(0)?);
            match self.peek() {
                Tok::Comma => self.advance(),
                Tok::RBracket => {
                    self.advance();
                    return Ok(Expr::MultiList(items));
                }
                _ => return Err(self.error("`,` or `]`")),
            }
        }
    }

    /// After `name(`.
    fn call(&mut self, name: String) -> Result<Expr, String> {
        let mut args = Vec::new();
        if matches!(self.peek(), Tok::RParen) {
            self.advance();
            return Ok(Expr::Call(name, args));
        }
        loop {
            args.push(self.expression(0)?);
            match self.peek() {
                Tok::Comma => self.advance(),
                Tok::RParen => {
                    self.advance();
                    return Ok(Expr::Call(name, args));
                }
                _ => return Err(self.error("`,` or `)`")),
            }
        }
    }
}

/// Whether `name` can be written without quotes.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Prints the canonical text of the expression: `parse` gives the same `Expr` back for every
/// `Expr` that `parse` produces, with parentheses only where the grammar needs them.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&show(self, 0))
    }
}

// Printing mirrors the parser: a text read by `expression(ctx)` comes back whole when its
// outermost infix operator binds tighter than `ctx` (`lbp`), and a following operator stays
// out of it when that operator binds no tighter than the text's end (`tail`). Both are
// decided from the tree before printing, so that each node is printed once.

/// Binds any following operator / is read back in any context.
const CLOSED: u8 = u8::MAX;

/// The power of the outermost infix operator of `expr`'s text ([`CLOSED`] for a prefix form).
fn lbp(expr: &Expr) -> u8 {
    match expr {
        Expr::Index(of, _) | Expr::Project { of, .. } | Expr::Filter { of, .. } if **of == Expr::Identity => CLOSED,
        Expr::Index(..) => LBRACKET,
        Expr::Project { kind: ProjectKind::List, .. } => LBRACKET,
        Expr::Project { kind: ProjectKind::Values, .. } | Expr::Subexpr(..) => DOT,
        Expr::Project { kind: ProjectKind::Flatten, .. } => FLATTEN,
        Expr::Filter { .. } => FILTER,
        Expr::Compare(..) => CMP,
        Expr::And(..) => AND,
        Expr::Or(..) => OR,
        Expr::Pipe(..) => PIPE,
        Expr::Identity | Expr::Field(_) | Expr::Literal(_) | Expr::Call(..) | Expr::MultiList(_) | Expr::Not(_) => {
            CLOSED
        }
    }
}

/// A following infix operator of more power than this is read into the end of `expr`'s text
/// (the right operand of `a || b` takes `&&`; a projection's right-hand side takes `.`).
fn tail(expr: &Expr) -> u8 {
    let operand = |rhs: &Expr, bp: u8| if lbp(rhs) > bp { tail(rhs).min(bp) } else { bp };
    match expr {
        Expr::Compare(_, _, rhs) => operand(rhs, CMP),
        Expr::And(_, rhs) => operand(rhs, AND),
        Expr::Or(_, rhs) => operand(rhs, OR),
        Expr::Pipe(_, rhs) => operand(rhs, PIPE),
        Expr::Not(inner) => operand(inner, NOT),
        Expr::Subexpr(_, rhs) if matches!(**rhs, Expr::MultiList(_)) => CLOSED,
        Expr::Subexpr(_, rhs) => operand(rhs, DOT),
        Expr::Project { kind, then, .. } => {
            projection_tail(then, if *kind == ProjectKind::Flatten { FLATTEN } else { STAR })
        }
        Expr::Filter { then, .. } => projection_tail(then, FILTER),
        _ => CLOSED,
    }
}

fn projection_tail(then: &Expr, bp: u8) -> u8 {
    match then {
        // The projection takes any following operator that does not stop it.
        Expr::Identity => PROJECTION_STOP - 1,
        // `.[…]` ends the projection.
        Expr::MultiList(_) => CLOSED,
        then if lbp(then) > bp => tail(then).min(bp),
        _ => bp,
    }
}

/// `expr`'s text, read back by `expression(ctx)`.
fn show(expr: &Expr, ctx: u8) -> String {
    match expr {
        Expr::Identity => "@".to_owned(),
        Expr::Field(name) => name_text(name),
        Expr::Literal(value) => literal_text(value),
        Expr::Call(name, args) => {
            let args: Vec<String> = args.iter().map(|arg| show(arg, 0)).collect();
            format!("{}({})", name_text(name), args.join(", "))
        }
        Expr::MultiList(items) => {
            let items: Vec<String> = items.iter().map(|item| show(item, 0)).collect();
            match items.as_slice() {
                // `[*]` would be a projection.
                [only] if only == "*" => "[(*)]".to_owned(),
                _ => format!("[{}]", items.join(", ")),
            }
        }
        Expr::Index(of, index) if **of == Expr::Identity => format!("[{index}]"),
        Expr::Index(of, index) => format!("{}[{index}]", left(of, LBRACKET, ctx)),
        Expr::Subexpr(lhs, rhs) => format!("{}.{}", left(lhs, DOT, ctx), after_dot(rhs)),
        Expr::Project { kind, of, then } => {
            let (nud, led, op, rbp) = match kind {
                ProjectKind::List => ("[*]", "[*]", LBRACKET, STAR),
                ProjectKind::Values => ("*", ".*", DOT, STAR),
                ProjectKind::Flatten => ("[]", "[]", FLATTEN, FLATTEN),
            };
            let head = if **of == Expr::Identity { nud.to_owned() } else { left(of, op, ctx) + led };
            head + &projection_rhs(then, rbp)
        }
        Expr::Filter { of, cond, then } => {
            let filter = format!("[?{}]", show(cond, 0));
            let head = if **of == Expr::Identity { filter } else { left(of, FILTER, ctx) + &filter };
            head + &projection_rhs(then, FILTER)
        }
        Expr::Compare(op, lhs, rhs) => binary(lhs, op.symbol(), rhs, CMP, ctx),
        Expr::And(lhs, rhs) => binary(lhs, "&&", rhs, AND, ctx),
        Expr::Or(lhs, rhs) => binary(lhs, "||", rhs, OR, ctx),
        Expr::Pipe(lhs, rhs) => binary(lhs, "|", rhs, PIPE, ctx),
        Expr::Not(inner) => format!("!{}", right(inner, NOT)),
    }
}

fn binary(lhs: &Expr, op: &str, rhs: &Expr, bp: u8, ctx: u8) -> String {
    format!("{} {op} {}", left(lhs, bp, ctx), right(rhs, bp))
}

/// The left operand of an infix operator of power `bp`, read in the same loop as the
/// operator (`expression(ctx)`).
fn left(expr: &Expr, bp: u8, ctx: u8) -> String {
    if lbp(expr) > ctx && tail(expr) >= bp {
        show(expr, ctx)
    } else {
        format!("({})", show(expr, 0))
    }
}

/// An operand read by `expression(bp)`.
fn right(expr: &Expr, bp: u8) -> String {
    if lbp(expr) > bp {
        show(expr, bp)
    } else {
        format!("({})", show(expr, 0))
    }
}

/// The right-hand side of a sub-expression's `.`: a name or call (with what binds tighter
/// than `.`), or a multi-select list.
fn after_dot(rhs: &Expr) -> String {
    let text = show(rhs, DOT);
    if matches!(rhs, Expr::MultiList(_)) || (lbp(rhs) > DOT && starts_with_name(&text)) {
        text
    } else {
        // Not something `parse` produces; printed as close as JMESPath allows.
        format!("({text})")
    }
}

/// A projection's right-hand side, read with power `bp`: nothing, `.name…`, `.*…`, `.[…]`,
/// or `[…]…`/`[?…]…`.
fn projection_rhs(then: &Expr, bp: u8) -> String {
    if *then == Expr::Identity {
        return String::new();
    }
    let text = show(then, bp);
    if matches!(then, Expr::MultiList(_)) {
        return format!(".{text}");
    }
    if lbp(then) > bp {
        if text.starts_with('[') && !text.starts_with("[]") {
            return text;
        }
        if starts_with_name(&text) || text.starts_with('*') {
            return format!(".{text}");
        }
    }
    // Not something `parse` produces; printed as close as JMESPath allows.
    format!(".({text})")
}

fn starts_with_name(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '"')
}

fn name_text(name: &str) -> String {
    if is_identifier(name) {
        name.to_owned()
    } else {
        Value::String(name.to_owned()).to_string()
    }
}

fn literal_text(value: &Value) -> String {
    match value {
        Value::String(s) if !s.contains('\\') && !s.chars().any(char::is_control) => {
            format!("'{}'", s.replace('\'', "\\'"))
        }
        _ => format!("`{}`", value.to_string().replace('`', "\\`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const WAITER_PATHS: &[&str] = &[
        "length(KinesisDataStreamDestinations) > `0`  && length(KinesisDataStreamDestinations[?DestinationStatus == 'DISABLED' || DestinationStatus == 'ENABLE_FAILED']) ==  length(KinesisDataStreamDestinations)",
        "contains(AutoScalingGroups[].[length(Instances[?LifecycleState=='InService']) >= MinSize][], `false`)",
        "length(services[?!(length(deployments) == `1` && runningCount == desiredCount)]) == `0`",
        "Certificate.DomainValidationOptions[].ValidationStatus",
        "status != 'CANCELLING' && status != 'CANCELLED'",
        "TargetHealthDescriptions[].TargetHealth.State",
        "VerificationAttributes.*.VerificationStatus",
        "length(CompositeAlarms[]) > `0`",
        "Reservations[].Instances[].State.Name",
        "Table.TableStatus",
    ];

    const ENDPOINT_PATHS: &[&str] =
        &["Bucket", "Nested.Field", "ListOfObjects[*].Key", "Items[*].[A.Name, B.Name][]", "keys(Map)"];

    fn field(name: &str) -> Box<Expr> {
        Box::new(Expr::Field(name.to_owned()))
    }

    fn project(kind: ProjectKind, of: Box<Expr>, then: Box<Expr>) -> Box<Expr> {
        Box::new(Expr::Project { kind, of, then })
    }

    fn id() -> Box<Expr> {
        Box::new(Expr::Identity)
    }

    fn parsed(text: &str) -> Expr {
        parse(text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[track_caller]
    fn assert_round_trip(text: &str) {
        let expr = parsed(text);
        let shown = expr.to_string();
        let again = parse(&shown).unwrap_or_else(|e| panic!("`{text}` printed as `{shown}`: {e}"));
        assert_eq!(again, expr, "`{text}` printed as `{shown}`");
        assert_eq!(again.to_string(), shown, "`{text}`");
    }

    #[test]
    fn parses_the_waiter_and_endpoint_paths_and_prints_them_back() {
        for text in WAITER_PATHS.iter().chain(ENDPOINT_PATHS) {
            assert_round_trip(text);
        }
        assert_eq!(
            parsed(WAITER_PATHS[1]).to_string(),
            "contains(AutoScalingGroups[].[length(Instances[?LifecycleState == 'InService']) >= MinSize][], `false`)"
        );
        for text in ENDPOINT_PATHS {
            assert_eq!(parsed(text).to_string(), *text);
        }
    }

    #[test]
    fn builds_the_reference_implementations_trees() {
        let cases: Vec<(&str, Expr)> = vec![
            ("a.b", Expr::Subexpr(field("a"), field("b"))),
            ("a.b.c", Expr::Subexpr(Box::new(Expr::Subexpr(field("a"), field("b"))), field("c"))),
            ("a[*].b", *project(ProjectKind::List, field("a"), field("b"))),
            ("a[*]", *project(ProjectKind::List, field("a"), id())),
            ("a[].b[]", *project(ProjectKind::Flatten, project(ProjectKind::Flatten, field("a"), field("b")), id())),
            (
                "Reservations[].Instances[].State.Name",
                *project(
                    ProjectKind::Flatten,
                    project(ProjectKind::Flatten, field("Reservations"), field("Instances")),
                    Box::new(Expr::Subexpr(field("State"), field("Name"))),
                ),
            ),
            ("a.*.b", *project(ProjectKind::Values, field("a"), field("b"))),
            ("a.*.b.c", *project(ProjectKind::Values, field("a"), Box::new(Expr::Subexpr(field("b"), field("c"))))),
            ("*", *project(ProjectKind::Values, id(), id())),
            (
                "a[?b == 'c'].d",
                Expr::Filter {
                    of: field("a"),
                    cond: Box::new(Expr::Compare(CmpOp::Eq, field("b"), Box::new(Expr::Literal(json!("c"))))),
                    then: field("d"),
                },
            ),
            (
                // A filter's right-hand side stops at another filter (power 21), a `[*]`'s not.
                "a[?x].b[?y]",
                Expr::Filter {
                    of: Box::new(Expr::Filter { of: field("a"), cond: field("x"), then: field("b") }),
                    cond: field("y"),
                    then: id(),
                },
            ),
            (
                "a[*].b[?y]",
                *project(
                    ProjectKind::List,
                    field("a"),
                    Box::new(Expr::Filter { of: field("b"), cond: field("y"), then: id() }),
                ),
            ),
            ("a.[b, c]", Expr::Subexpr(field("a"), Box::new(Expr::MultiList(vec![*field("b"), *field("c")])))),
            ("[a]", Expr::MultiList(vec![*field("a")])),
            ("!a && b || c", Expr::Or(Box::new(Expr::And(Box::new(Expr::Not(field("a"))), field("b"))), field("c"))),
            ("!(a && b)", Expr::Not(Box::new(Expr::And(field("a"), field("b"))))),
            ("a | b", Expr::Pipe(field("a"), field("b"))),
            ("a | b | c", Expr::Pipe(Box::new(Expr::Pipe(field("a"), field("b"))), field("c"))),
            ("foo[-1]", Expr::Index(field("foo"), -1)),
            ("[0]", Expr::Index(id(), 0)),
            ("a.b[0]", Expr::Subexpr(field("a"), Box::new(Expr::Index(field("b"), 0)))),
            ("(a.b)[0]", Expr::Index(Box::new(Expr::Subexpr(field("a"), field("b"))), 0)),
            ("`{\"x\": 1}`", Expr::Literal(json!({"x": 1}))),
            ("` \"a\\`b\" `", Expr::Literal(json!("a`b"))),
            ("\"quoted id\"", Expr::Field("quoted id".to_owned())),
            ("\"a\\\"b\\u00e9\"", Expr::Field("a\"bé".to_owned())),
            ("'it\\'s'", Expr::Literal(json!("it's"))),
            ("'a\\b'", Expr::Literal(json!("a\\b"))),
            ("@", Expr::Identity),
            (
                "length(x) > `0`",
                Expr::Compare(
                    CmpOp::Gt,
                    Box::new(Expr::Call("length".to_owned(), vec![*field("x")])),
                    Box::new(Expr::Literal(json!(0))),
                ),
            ),
            ("f()", Expr::Call("f".to_owned(), Vec::new())),
            ("a <= b", Expr::Compare(CmpOp::Le, field("a"), field("b"))),
            (" a\t.\n b ", Expr::Subexpr(field("a"), field("b"))),
        ];
        for (text, expected) in cases {
            assert_eq!(parsed(text), expected, "{text}");
            assert_round_trip(text);
        }
    }

    #[test]
    fn prints_parentheses_where_the_grammar_needs_them() {
        let cases = [
            ("(a.b)[0]", "(a.b)[0]"),
            ("(a[*].b).c", "(a[*].b).c"),
            ("([*].b)[?c]", "([*].b)[?c]"),
            ("(!a)[0]", "(!a)[0]"),
            ("!a.b", "!a.b"),
            ("!(a.b)", "!(a.b)"),
            ("(a || b) && c", "(a || b) && c"),
            ("a && (b || c)", "a && (b || c)"),
            ("a || b && c", "a || b && c"),
            ("a | (b | c)", "a | (b | c)"),
            ("(a == b) == c", "a == b == c"),
            ("a[*][b, c][0]", "a[*][b, c][0]"),
            ("a[*].[b, c][0]", "a[*].[b, c][0]"),
            ("a[*].[b, c].d", "a[*].[b, c].d"),
            ("a.[*]", "a.[(*)]"),
            ("[(*)]", "[(*)]"),
            ("a[*][]", "a[*][]"),
            ("(a[*])[0]", "(a[*])[0]"),
            ("a[*][0]", "a[*][0]"),
            ("a.*.*", "a.*.*"),
            ("(a.*.b).c", "(a.*.b).c"),
            ("(a | b).c", "(a | b).c"),
            ("`\"a\\\\b\"`", "`\"a\\\\b\"`"),
            ("(a)", "a"),
            ("(a.[b])[0]", "a.[b][0]"),
            ("!(a.[b])[0]", "!(a.[b])[0]"),
            ("[][a, b].[a][*]", "[][a, b].[a][*]"),
            ("!(a == `1` && b)", "!(a == `1` && b)"),
            ("a.*.b[?c]", "a.*.b[?c]"),
        ];
        for (text, expected) in cases {
            assert_eq!(parsed(text).to_string(), expected, "{text}");
            assert_round_trip(text);
        }
    }

    #[test]
    fn refuses_malformed_and_unsupported_expressions() {
        let cases = [
            ("", "expected an expression at offset 0, found the end"),
            ("a.", "expected a member name, `*` or `[` after `.` at offset 2, found the end"),
            ("a[", "expected an index or `*`"),
            ("a.[b", "`a.[b`: expected `,` or `]` at offset 4, found the end"),
            ("a[1:2]", "slices"),
            ("[:2]", "slices"),
            ("{a: b}", "multi-select hashes"),
            ("a.{b: c}", "multi-select hashes"),
            ("&a", "expression references"),
            ("sort_by(a, &b)", "expression references"),
            ("$a", "variables"),
            ("a b", "expected an operator or the end of the expression at offset 2, found `b`"),
            ("'unterminated", "expected a closing '"),
            ("`bad json`", "invalid JSON literal"),
            ("f(", "expected an expression at offset 2, found the end"),
            ("f(a,)", "found `)`"),
            ("f(a b)", "expected `,` or `)`"),
            ("a[?]", "expected an expression at offset 3, found `]`"),
            (")", "expected an expression at offset 0, found `)`"),
            ("a[b]", "an index or `*`"),
            ("\"a\"(b)", "unquoted identifier"),
            ("a[0](b)", "found `(`"),
            ("a = b", "expected `==`"),
            ("-", "digit"),
            ("a[99999999999999999999]", "out of range"),
            ("a.@", "after `.`"),
            ("a[*]*", "end to the projection"),
            ("[ ]", "found `]`"),
            ("a é", "unexpected character `é`"),
            ("\"\\x\"", "invalid quoted identifier"),
        ];
        for (text, expected) in cases {
            let error = parse(text).expect_err(text);
            assert!(error.contains(expected), "{text}: {error}");
        }
    }

    #[test]
    fn refuses_too_deep_nesting_without_overflowing() {
        let deep = format!("{}a{}", "(".repeat(100_000), ")".repeat(100_000));
        assert!(parse(&deep).expect_err("deep").contains("nested more than"));
        let long = vec!["a"; 100_000].join(".");
        assert!(parse(&long).is_err());
        let nots = format!("{}a", "!".repeat(100_000));
        assert!(parse(&nots).is_err());
        let fine = format!("{}a{}", "(".repeat(50), ")".repeat(50));
        assert_eq!(parsed(&fine), Expr::Field("a".to_owned()));
    }

    #[test]
    fn every_prefix_parses_or_errs() {
        for text in WAITER_PATHS.iter().chain(ENDPOINT_PATHS) {
            for end in (0..=text.len()).filter(|&end| text.is_char_boundary(end)) {
                if let Ok(expr) = parse(&text[..end]) {
                    assert_eq!(parse(&expr.to_string()), Ok(expr), "{}", &text[..end]);
                }
            }
        }
    }

    /// Random token soups: whatever parses prints back to the same tree, and nothing panics.
    #[test]
    fn random_expressions_round_trip() {
        const PIECES: &[&str] = &[
            "a", "b", "\"q r\"", "@", ".", "*", "[*]", "[]", "[?", "[", "]", "0", "-1", ",", "(", ")", "|", "||", "&&",
            "!", "==", "<", "`1`", "'s'", "f(", "[a, b]", ".[a]", "x", " ", ":", "{", "&",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut parsed_count = 0;
        for _ in 0..100_000 {
            let len = 1 + next() % 10;
            let text: String = (0..len).map(|_| PIECES[(next() % PIECES.len() as u64) as usize]).collect();
            if let Ok(expr) = parse(&text) {
                parsed_count += 1;
                let shown = expr.to_string();
                assert_eq!(parse(&shown).as_ref(), Ok(&expr), "`{text}` printed as `{shown}`");
            }
        }
        assert!(parsed_count > 1_000, "{parsed_count}");
    }
}
