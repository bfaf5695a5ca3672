//! Splits IDL text into tokens, whitespace and comments included: the grammar
//! cares where spaces and line breaks are (`string Foo` needs a space, a shape
//! statement ends at a line break), so the parser sees them.
//!
//! Lexing never fails: a character that starts no token, an unclosed string or
//! a malformed number becomes an [`Kind::Error`] token that ends the stream,
//! and the parser reports it when it gets there (so an earlier syntax error
//! is reported first, as the reference loader does).

/// Where a token starts: 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Pos {
    pub(crate) line: usize,
    pub(crate) column: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Spaces and tabs.
    Space,
    Newline,
    Comma,
    /// `// …`, up to (not including) the line break.
    Comment,
    /// `/// …`: the text after the slashes, one leading space removed.
    DocComment(String),
    Identifier,
    Dot,
    Pound,
    Dollar,
    At,
    Colon,
    /// `:=`, inline operation input and output.
    Walrus,
    Equal,
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    LParen,
    RParen,
    /// A quoted string, quotes and escapes still in the text.
    String,
    /// A `"""` text block, delimiters and escapes still in the text.
    TextBlock,
    Number,
    Eof,
    /// Text that cannot be lexed; the message says why.
    Error(String),
}

#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub(crate) kind: Kind,
    /// Byte range in the source.
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) pos: Pos,
}

impl Token {
    pub(crate) fn text<'s>(&self, source: &'s str) -> &'s str {
        source.get(self.start..self.end).unwrap_or("")
    }

    /// The token as error messages name it: `IDENTIFIER('apply')`, `EOF`.
    pub(crate) fn describe(&self, source: &str) -> String {
        let text = self.text(source);
        let named = |name: &str| format!("{name}('{}')", text.escape_debug());
        match &self.kind {
            Kind::Space => named("SPACE"),
            Kind::Newline => "NEWLINE('\\n')".to_owned(),
            Kind::Comma => named("COMMA"),
            Kind::Comment => named("COMMENT"),
            Kind::DocComment(_) => named("DOC_COMMENT"),
            Kind::Identifier => named("IDENTIFIER"),
            Kind::Dot => named("DOT"),
            Kind::Pound => named("POUND"),
            Kind::Dollar => named("DOLLAR"),
            Kind::At => named("AT"),
            Kind::Colon => named("COLON"),
            Kind::Walrus => named("WALRUS"),
            Kind::Equal => named("EQUAL"),
            Kind::LBrace => named("LBRACE"),
            Kind::RBrace => named("RBRACE"),
            Kind::LBracket => named("LBRACKET"),
            Kind::RBracket => named("RBRACKET"),
            Kind::LParen => named("LPAREN"),
            Kind::RParen => named("RPAREN"),
            Kind::String => named("STRING"),
            Kind::TextBlock => named("TEXT_BLOCK"),
            Kind::Number => named("NUMBER"),
            Kind::Eof => "EOF".to_owned(),
            Kind::Error(_) => named("ERROR"),
        }
    }
}

/// Every token of `source`, ending with `Eof` or an `Error` token.
pub(crate) fn tokenize(source: &str) -> Vec<Token> {
    let mut lexer = Lexer { source, offset: 0, pos: Pos { line: 1, column: 1 } };
    let mut tokens = Vec::new();
    loop {
        let token = lexer.next_token();
        let last = matches!(token.kind, Kind::Eof | Kind::Error(_));
        tokens.push(token);
        if last {
            return tokens;
        }
    }
}

struct Lexer<'s> {
    source: &'s str,
    offset: usize,
    pos: Pos,
}

impl Lexer<'_> {
    fn peek(&self) -> Option<char> {
        self.source.get(self.offset..).and_then(|rest| rest.chars().next())
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.source.get(self.offset..).and_then(|rest| rest.chars().nth(ahead))
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.offset += c.len_utf8();
        if c == '\n' {
            self.pos.line += 1;
            self.pos.column = 1;
        } else {
            self.pos.column += 1;
        }
        Some(c)
    }

    fn bump_while(&mut self, keep: impl Fn(char) -> bool) {
        while self.peek().is_some_and(&keep) {
            self.bump();
        }
    }

    fn next_token(&mut self) -> Token {
        let start = self.offset;
        let pos = self.pos;
        let Some(c) = self.bump() else {
            return Token { kind: Kind::Eof, start, end: start, pos };
        };
        let kind = match c {
            ' ' | '\t' => {
                self.bump_while(|c| c == ' ' || c == '\t');
                Kind::Space
            }
            '\n' => Kind::Newline,
            '\r' if self.peek() == Some('\n') => {
                self.bump();
                Kind::Newline
            }
            ',' => Kind::Comma,
            '/' if self.peek() == Some('/') => self.comment(start),
            'A'..='Z' | 'a'..='z' | '_' => {
                self.bump_while(|c| c.is_ascii_alphanumeric() || c == '_');
                Kind::Identifier
            }
            '.' => Kind::Dot,
            '#' => Kind::Pound,
            '$' => Kind::Dollar,
            '@' => Kind::At,
            ':' if self.peek() == Some('=') => {
                self.bump();
                Kind::Walrus
            }
            ':' => Kind::Colon,
            '=' => Kind::Equal,
            '{' => Kind::LBrace,
            '}' => Kind::RBrace,
            '[' => Kind::LBracket,
            ']' => Kind::RBracket,
            '(' => Kind::LParen,
            ')' => Kind::RParen,
            '"' => {
                let block = self.peek() == Some('"') && self.peek_at(1) == Some('"');
                if block {
                    self.bump();
                    self.bump();
                }
                if !self.quoted(block) {
                    // An unclosed string is reported where the text ran out.
                    let kind = Kind::Error("Expected: '\"', but found '[EOF]'".to_owned());
                    return Token { kind, start, end: self.offset, pos: self.pos };
                }
                if block {
                    Kind::TextBlock
                } else {
                    Kind::String
                }
            }
            '-' | '0'..='9' => self.number(start),
            other => Kind::Error(format!("Unexpected character: '{}'", other.escape_debug())),
        };
        Token { kind, start, end: self.offset, pos }
    }

    fn comment(&mut self, start: usize) -> Kind {
        self.bump_while(|c| c != '\n' && c != '\r');
        let text = self.source.get(start..self.offset).unwrap_or("");
        // A doc comment after a statement on the same line documents nothing.
        let line_start = self.source.get(..start).and_then(|before| before.rfind('\n')).map_or(0, |i| i + 1);
        let starts_line = self.source.get(line_start..start).is_some_and(|s| s.chars().all(|c| c == ' ' || c == '\t'));
        match text.strip_prefix("///") {
            Some(doc) if !doc.starts_with('/') && starts_line => {
                Kind::DocComment(doc.strip_prefix(' ').unwrap_or(doc).trim_end_matches('\r').to_owned())
            }
            _ => Kind::Comment,
        }
    }

    /// Skips the rest of a quoted string or text block, after its opening
    /// quote(s); false when the text ends first.
    fn quoted(&mut self, block: bool) -> bool {
        loop {
            match self.bump() {
                None => return false,
                Some('\\') => {
                    self.bump();
                }
                Some('"') if !block => return true,
                Some('"') if self.peek() == Some('"') && self.peek_at(1) == Some('"') => {
                    self.bump();
                    self.bump();
                    return true;
                }
                Some(_) => {}
            }
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, the first character taken.
    fn number(&mut self, start: usize) -> Kind {
        let invalid = |lexer: &Self, why: &str| {
            let text = lexer.source.get(start..lexer.offset).unwrap_or("");
            Kind::Error(format!("Invalid number '{text}': {why}"))
        };
        let digits = |lexer: &mut Self| {
            let before = lexer.offset;
            lexer.bump_while(|c| c.is_ascii_digit());
            lexer.offset > before
        };
        let first_is_digit = self.source.get(start..).is_some_and(|s| !s.starts_with('-'));
        if !first_is_digit && !digits(self) {
            return invalid(self, "'-' must be followed by a digit");
        }
        digits(self);
        if self.peek() == Some('.') {
            self.bump();
            if !digits(self) {
                return invalid(self, "'.' must be followed by a digit");
            }
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            self.bump();
            if matches!(self.peek(), Some('+' | '-')) {
                self.bump();
            }
            if !digits(self) {
                return invalid(self, "'e', '+', and '-' must be followed by a digit");
            }
        }
        Kind::Number
    }
}

/// The value of a quoted string token (quotes included in `raw`).
pub(crate) fn string_value(raw: &str) -> Result<String, String> {
    let inner = raw.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or("");
    unescape(&inner.replace("\r\n", "\n")).map_err(|why| format!("Error parsing quoted string: {why}"))
}

/// The value of a text block token: the opening line break dropped, incidental
/// indentation and trailing spaces stripped, then escapes read.
pub(crate) fn text_block_value(raw: &str) -> Result<String, String> {
    let fail = |why: &str| format!("Error parsing text block: {why}");
    let inner = raw.strip_prefix("\"\"\"").and_then(|s| s.strip_suffix("\"\"\"")).unwrap_or("");
    let inner = inner.replace("\r\n", "\n");
    if inner.is_empty() {
        return Err(fail("Text block is empty"));
    }
    let Some(body) = inner.strip_prefix('\n') else {
        return Err(fail("Text block must start with a new line"));
    };
    let lines: Vec<&str> = body.split('\n').collect();
    let blank = |line: &str| line.chars().all(|c| c == ' ' || c == '\t');
    let indent = |line: &str| line.chars().take_while(|c| *c == ' ' || *c == '\t').count();
    // Blank lines do not count, except the last one: the closing delimiter's indentation.
    let last = lines.len().saturating_sub(1);
    let common = lines
        .iter()
        .enumerate()
        .filter(|(index, line)| *index == last || !blank(line))
        .map(|(_, line)| indent(line))
        .min()
        .unwrap_or(0);
    let stripped: Vec<String> = lines
        .iter()
        .map(|line| {
            if blank(line) {
                String::new()
            } else {
                line.chars().skip(common).collect::<String>().trim_end_matches([' ', '\t']).to_owned()
            }
        })
        .collect();
    unescape(&stripped.join("\n")).map_err(|why| fail(&why))
}

/// Reads the escapes of a string body; `\` before a line break joins the lines.
fn unescape(text: &str) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('"') => out.push('"'),
            Some('\\') => out.push('\\'),
            Some('/') => out.push('/'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('\n') => {}
            Some('u') => {
                let high = hex4(&mut chars)?;
                let code = if (0xD800..0xDC00).contains(&high) {
                    let low = match (chars.next(), chars.next()) {
                        (Some('\\'), Some('u')) => hex4(&mut chars)?,
                        _ => return Err("Invalid unicode surrogate pair".to_owned()),
                    };
                    if !(0xDC00..0xE000).contains(&low) {
                        return Err("Invalid unicode surrogate pair".to_owned());
                    }
                    0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    high
                };
                out.push(char::from_u32(code).ok_or_else(|| "Invalid unicode code point".to_owned())?);
            }
            Some(other) => return Err(format!("Invalid escape found in string: `\\{other}`")),
            None => return Err("Invalid escape found in string: `\\`".to_owned()),
        }
    }
    Ok(out)
}

fn hex4(chars: &mut std::str::Chars<'_>) -> Result<u32, String> {
    let mut code = 0;
    for _ in 0..4 {
        let Some(c) = chars.next() else { return Err("Invalid unclosed unicode escape found in string".to_owned()) };
        let Some(digit) = c.to_digit(16) else {
            return Err(format!("Invalid unicode escape character: `{c}`"));
        };
        code = code * 16 + digit;
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_blocks_strip_incidental_indentation() {
        assert_eq!(text_block_value("\"\"\"\n    Hello\n    There\n         \"\"\"").as_deref(), Ok("Hello\nThere\n"));
        assert_eq!(text_block_value("\"\"\"\n    \"\"\"").as_deref(), Ok(""));
        assert_eq!(text_block_value("\"\"\"\n    Hi \\\n    there\"\"\"").as_deref(), Ok("Hi there"));
        assert_eq!(text_block_value("\"\"\"\n  a\n\n    b\n  \"\"\"").as_deref(), Ok("a\n\n  b\n"));
        assert!(text_block_value("\"\"\"\"\"\"").is_err());
        assert!(text_block_value("\"\"\"x\"\"\"").is_err());
    }

    #[test]
    fn strings_read_escapes() {
        assert_eq!(string_value(r#""a\"b\\c\u00e9\ud83d\ude00""#).as_deref(), Ok("a\"b\\cé😀"));
        assert!(string_value(r#""\'""#).is_err());
        assert!(string_value(r#""\u12""#).is_err());
    }

    #[test]
    fn bad_input_ends_in_an_error_token() {
        let tokens = tokenize("string Foo\n  \"open");
        let last = tokens.last().expect("a token");
        assert!(matches!(last.kind, Kind::Error(_)));
        assert_eq!(last.pos, Pos { line: 2, column: 8 });
        assert!(matches!(tokenize("1.").last().map(|t| &t.kind), Some(Kind::Error(_))));
    }
}
