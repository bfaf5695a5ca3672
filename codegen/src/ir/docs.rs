//! Conversion of Smithy `smithy.api#documentation` strings into rustdoc Markdown.
//!
//! AWS models mostly carry HTML (`<p>`, `<code>`, `<a href>`, lists, `<note>`, ...),
//! sometimes plain text or CommonMark. [`to_markdown`] turns either form into Markdown
//! that renders cleanly in rustdoc and trips none of its lints:
//!
//! * square brackets in text are escaped, so nothing becomes a (broken) intra-doc link;
//! * bare `http(s)://` URLs become `<...>` autolinks (`rustdoc::bare_urls`);
//! * every `<` and `>` that is not known markup, such as the placeholders `<region>` or
//!   `<account-id>`, is written as `&lt;`/`&gt;` (`rustdoc::invalid_html_tags`); inside
//!   code spans and code blocks it stays literal;
//! * `<pre>` becomes a ```` ```text ```` fence, so it is never compiled as a doctest;
//! * links whose target looks like a Rust path (`<a href="CreateBucket">`) keep only
//!   their text, because rustdoc would try to resolve them.
//!
//! A document is treated as HTML when it contains at least one known tag. Otherwise it
//! is plain text or CommonMark: its line structure and Markdown syntax (emphasis, lists,
//! code spans, `[text](url)` links) are kept, and only the hazards above are fixed.
//!
//! The conversion is one linear pass without regular expressions, is deterministic,
//! and never panics, whatever the input.

/// Deepest nesting of inline elements that is tracked; deeper ones are flattened.
const MAX_INLINE_DEPTH: usize = 32;
/// Deepest nesting of lists that is tracked; deeper lists share the deepest level.
const MAX_LIST_DEPTH: usize = 16;
/// Longest attribute section of a tag; a longer "tag" is treated as text.
const MAX_TAG_ATTRS: usize = 4096;
/// How far ahead (bytes) a closing backtick run or link end is searched for.
const MAX_LOOKAHEAD: usize = 2048;

/// Converts a Smithy documentation string (HTML or plain text) into Markdown for rustdoc.
pub(crate) fn to_markdown(doc: &str) -> String {
    if looks_like_html(doc) {
        HtmlRenderer::new(doc.len()).render(doc)
    } else {
        plain_to_markdown(doc)
    }
}

// ---------------------------------------------------------------------------------
// Tokenizer
// ---------------------------------------------------------------------------------

/// One piece of an HTML document.
#[derive(Debug, Clone, Copy)]
enum Token<'a> {
    /// Raw text, entities not yet decoded. Also used for a `<` that starts no tag.
    Text(&'a str),
    /// Something shaped like a tag (known or not).
    Tag(RawTag<'a>),
    /// An HTML comment, dropped.
    Comment,
}

/// A tag as written in the source.
#[derive(Debug, Clone, Copy)]
struct RawTag<'a> {
    /// The whole tag, `<` to `>` inclusive.
    raw: &'a str,
    /// The tag name as written.
    name: &'a str,
    /// Everything between the name and the closing `>`.
    attrs: &'a str,
    /// `</name>`.
    closing: bool,
    /// `<name/>`.
    self_closing: bool,
}

/// Shape of a tag found by [`scan_tag`]: byte ranges into the source.
#[derive(Debug, Clone, Copy)]
struct TagShape {
    name_start: usize,
    name_end: usize,
    /// Index of the closing `>`.
    gt: usize,
    closing: bool,
}

/// Recognizes `<name ...>` / `</name>` at `start` (which holds `<`).
///
/// The name must start with an ASCII letter and is followed by whitespace, `/` or `>`;
/// the tag ends at the first `>`, and a `<` before that `>` makes it malformed. Quotes
/// are not special, which keeps the scan linear overall: a failed scan stops at the
/// next `<`, where the following scan starts anyway.
fn scan_tag(b: &[u8], start: usize) -> Option<TagShape> {
    let mut i = start + 1;
    let closing = b.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    if !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    while b.get(i).is_some_and(|&c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b':' | b'.')) {
        i += 1;
    }
    let name_end = i;
    match b.get(i) {
        Some(&c) if c.is_ascii_whitespace() || c == b'/' || c == b'>' => {}
        _ => return None,
    }
    let mut j = i;
    while j < b.len() && b[j] != b'>' && b[j] != b'<' {
        j += 1;
    }
    if j >= b.len() || b[j] != b'>' || j - name_end > MAX_TAG_ATTRS {
        return None;
    }
    Some(TagShape { name_start, name_end, gt: j, closing })
}

/// Splits an HTML document into [`Token`]s.
#[derive(Debug)]
struct Tokenizer<'a> {
    src: &'a str,
    pos: usize,
    /// Set once a search for `-->` failed, so later `<!--` are text at once.
    no_comment_end: bool,
}

impl<'a> Tokenizer<'a> {
    fn new(src: &'a str) -> Self {
        Self { src, pos: 0, no_comment_end: false }
    }

    /// Recognizes markup at `start` (which holds `<`); returns it and the end offset.
    fn markup(&mut self, start: usize) -> Option<(Token<'a>, usize)> {
        let src = self.src;
        if src[start..].starts_with("<!--") {
            if self.no_comment_end {
                return None;
            }
            return match src[start + 4..].find("-->") {
                Some(p) => Some((Token::Comment, start + 4 + p + 3)),
                None => {
                    self.no_comment_end = true;
                    None
                }
            };
        }
        let shape = scan_tag(src.as_bytes(), start)?;
        let attrs = &src[shape.name_end..shape.gt];
        let tag = RawTag {
            raw: &src[start..=shape.gt],
            name: &src[shape.name_start..shape.name_end],
            attrs,
            closing: shape.closing,
            self_closing: attrs.ends_with('/'),
        };
        Some((Token::Tag(tag), shape.gt + 1))
    }
}

impl<'a> Iterator for Tokenizer<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let b = self.src.as_bytes();
        let start = self.pos;
        if start >= b.len() {
            return None;
        }
        if b[start] == b'<' {
            if let Some((token, end)) = self.markup(start) {
                self.pos = end;
                return Some(token);
            }
            self.pos = start + 1;
            return Some(Token::Text(&self.src[start..start + 1]));
        }
        let end = b[start..].iter().position(|&c| c == b'<').map_or(b.len(), |p| start + p);
        self.pos = end;
        Some(Token::Text(&self.src[start..end]))
    }
}

/// The tags that are treated as markup; every other tag is text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    P,
    Div,
    Span,
    Br,
    Code,
    Pre,
    A,
    I,
    Em,
    B,
    Strong,
    /// Underline: no Markdown equivalent, kept as plain text.
    U,
    /// DocBook placeholder (`<replaceable>bucket</replaceable>`), rendered in italics.
    Replaceable,
    /// DocBook cross reference (`<link linkend="X">X</link>`), kept as plain text.
    Link,
    /// DocBook paragraph, seen as `<para/>`.
    Para,
    Ul,
    Ol,
    Li,
    Dl,
    Dt,
    Dd,
    Note,
    Important,
    Fullname,
    /// `h1` to `h6`.
    Heading,
    /// Cognito-style `<examples>` block; the tags below are only markup inside it.
    Examples,
    Example,
    Name,
    Description,
    Request,
    Response,
}

impl Tag {
    /// Tags that are markup only inside `<examples>` (elsewhere `<name>` is a placeholder).
    fn examples_only(self) -> bool {
        matches!(self, Tag::Example | Tag::Name | Tag::Description | Tag::Request | Tag::Response)
    }

    /// Inline tags, ignored inside a code span.
    fn is_inline(self) -> bool {
        matches!(
            self,
            Tag::Span
                | Tag::A
                | Tag::I
                | Tag::Em
                | Tag::B
                | Tag::Strong
                | Tag::U
                | Tag::Replaceable
                | Tag::Link
                | Tag::Code
        )
    }
}

/// Maps a tag name (any ASCII case) to a known [`Tag`].
fn classify(name: &str) -> Option<Tag> {
    const TABLE: &[(&str, Tag)] = &[
        ("p", Tag::P),
        ("code", Tag::Code),
        ("li", Tag::Li),
        ("a", Tag::A),
        ("i", Tag::I),
        ("ul", Tag::Ul),
        ("b", Tag::B),
        ("note", Tag::Note),
        ("important", Tag::Important),
        ("dt", Tag::Dt),
        ("dd", Tag::Dd),
        ("dl", Tag::Dl),
        ("ol", Tag::Ol),
        ("br", Tag::Br),
        ("em", Tag::Em),
        ("strong", Tag::Strong),
        ("fullname", Tag::Fullname),
        ("pre", Tag::Pre),
        ("div", Tag::Div),
        ("span", Tag::Span),
        ("u", Tag::U),
        ("replaceable", Tag::Replaceable),
        ("link", Tag::Link),
        ("para", Tag::Para),
        ("h1", Tag::Heading),
        ("h2", Tag::Heading),
        ("h3", Tag::Heading),
        ("h4", Tag::Heading),
        ("h5", Tag::Heading),
        ("h6", Tag::Heading),
        ("examples", Tag::Examples),
        ("example", Tag::Example),
        ("name", Tag::Name),
        ("description", Tag::Description),
        ("request", Tag::Request),
        ("response", Tag::Response),
    ];
    if name.len() > 11 {
        return None;
    }
    TABLE.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|&(_, tag)| tag)
}

/// Whether `doc` contains at least one known tag, and so is converted as HTML.
fn looks_like_html(doc: &str) -> bool {
    if !doc.contains('<') {
        return false;
    }
    Tokenizer::new(doc).any(|token| match token {
        Token::Tag(tag) => classify(tag.name).is_some_and(|t| !t.examples_only()),
        Token::Text(_) | Token::Comment => false,
    })
}

/// The value of attribute `name` (ASCII case-insensitive) in a tag's attribute section.
fn attr_value<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let b = attrs.as_bytes();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let name_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'/') {
            i += 1;
        }
        let attr_name = &attrs[name_start..i];
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = None;
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let quote = b[i];
                let value_start = i + 1;
                let value_end = b[value_start..].iter().position(|&c| c == quote).map_or(b.len(), |p| value_start + p);
                value = Some(&attrs[value_start..value_end]);
                i = value_end + 1;
            } else {
                let value_start = i;
                while i < b.len() && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = Some(&attrs[value_start..i]);
            }
        }
        if attr_name.eq_ignore_ascii_case(name) {
            return value;
        }
        if attr_name.is_empty() && value.is_none() {
            // Stray `=` or similar: skip a byte so the loop always advances.
            i += 1;
        }
    }
    None
}

// ---------------------------------------------------------------------------------
// Entities and character helpers
// ---------------------------------------------------------------------------------

/// Windows-1252 meanings of `&#128;`..`&#159;`, as the HTML standard decodes them.
const CP1252: [char; 32] = [
    '\u{20AC}', '\u{FFFD}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}', '\u{02C6}',
    '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{FFFD}', '\u{017D}', '\u{FFFD}', '\u{FFFD}', '\u{2018}',
    '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}', '\u{02DC}', '\u{2122}', '\u{0161}',
    '\u{203A}', '\u{0153}', '\u{FFFD}', '\u{017E}', '\u{0178}',
];

/// Named entities that are decoded; any other `&name;` stays as text.
fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "ndash" => '\u{2013}',
        "mdash" => '\u{2014}',
        "hellip" => '\u{2026}',
        "lsquo" => '\u{2018}',
        "rsquo" => '\u{2019}',
        "ldquo" => '\u{201C}',
        "rdquo" => '\u{201D}',
        "laquo" => '\u{AB}',
        "raquo" => '\u{BB}',
        "copy" => '\u{A9}',
        "reg" => '\u{AE}',
        "trade" => '\u{2122}',
        "times" => '\u{D7}',
        "deg" => '\u{B0}',
        "plusmn" => '\u{B1}',
        "middot" => '\u{B7}',
        "bull" => '\u{2022}',
        "le" => '\u{2264}',
        "ge" => '\u{2265}',
        "ne" => '\u{2260}',
        "larr" => '\u{2190}',
        "rarr" => '\u{2192}',
        "euro" => '\u{20AC}',
        "pound" => '\u{A3}',
        "yen" => '\u{A5}',
        "cent" => '\u{A2}',
        "sect" => '\u{A7}',
        "para" => '\u{B6}',
        "micro" => '\u{B5}',
        _ => return None,
    })
}

/// Parses an entity at the start of `s` (which starts with `&`).
///
/// Returns the decoded character and the entity's length in bytes.
fn parse_entity(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    let semi = b.iter().take(34).position(|&c| c == b';')?;
    let body = &s[1..semi];
    let ch = if let Some(num) = body.strip_prefix('#') {
        let (digits, radix) = match num.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16),
            None => (num, 10),
        };
        if digits.is_empty() || digits.len() > 8 || !digits.chars().all(|c| c.is_digit(radix)) {
            return None;
        }
        let value = u32::from_str_radix(digits, radix).ok()?;
        match value {
            0 => char::REPLACEMENT_CHARACTER,
            0x80..=0x9F => CP1252[(value - 0x80) as usize],
            _ => char::from_u32(value).unwrap_or(char::REPLACEMENT_CHARACTER),
        }
    } else {
        named_entity(body)?
    };
    Some((ch, semi + 1))
}

/// Appends `raw` to `out` with HTML entities decoded.
fn decode_entities_into(out: &mut String, raw: &str) {
    let mut rest = raw;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        match parse_entity(rest) {
            Some((ch, len)) => {
                out.push(ch);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

/// Whether `s` (starting with `&`) would be read as a character reference by Markdown.
fn entity_like(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 1;
    if b.get(i) == Some(&b'#') {
        i += 1;
    }
    let start = i;
    while i < b.len() && i - start <= 32 && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    i > start && b.get(i) == Some(&b';')
}

/// Whitespace for collapsing: ASCII whitespace and the no-break space.
fn is_space_char(ch: char) -> bool {
    ch.is_ascii_whitespace() || matches!(ch, '\u{A0}' | '\u{2028}' | '\u{2029}')
}

/// Bidirectional-override characters, which rustc rejects in comments.
fn is_bidi_control(ch: char) -> bool {
    matches!(ch, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that must not appear in a doc comment at all.
fn is_dropped_control(ch: char) -> bool {
    (ch.is_control() && !matches!(ch, '\t' | '\n')) || is_bidi_control(ch)
}

/// Appends a non-space, non-ASCII text character, neutralizing characters that rustc
/// refuses in comments.
fn push_text_char(out: &mut String, ch: char) {
    if is_bidi_control(ch) {
        // A numeric reference renders the same character without putting it in the source.
        out.push_str("&#x");
        push_hex(out, ch as u32);
        out.push(';');
    } else if !ch.is_control() {
        out.push(ch);
    }
}

fn push_hex(out: &mut String, value: u32) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut started = false;
    for shift in (0..8).rev() {
        let digit = ((value >> (shift * 4)) & 0xF) as usize;
        if digit != 0 || started || shift == 0 {
            started = true;
            out.push(HEX[digit] as char);
        }
    }
}

/// Collapses whitespace runs to one space, trims, and drops control characters.
fn collapse_code(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for ch in s.chars() {
        if is_space_char(ch) {
            space = true;
        } else if !is_dropped_control(ch) {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(ch);
        }
    }
    out
}

/// Length of the run of backticks starting at `i`.
fn backtick_run(b: &[u8], i: usize) -> usize {
    b[i..].iter().take_while(|&&c| c == b'`').count()
}

/// Longest run of backticks anywhere in `s`.
fn longest_backtick_run(s: &str) -> usize {
    let mut longest = 0;
    let mut current = 0;
    for c in s.bytes() {
        if c == b'`' {
            current += 1;
            longest = longest.max(current);
        } else {
            current = 0;
        }
    }
    longest
}

/// Finds the closing run of exactly `n` backticks for a run that ends at `from`,
/// looking no further than `limit`; returns the start of the closing run.
fn find_closing_backticks(b: &[u8], from: usize, n: usize, limit: usize) -> Option<usize> {
    let limit = limit.min(b.len()).min(from.saturating_add(MAX_LOOKAHEAD));
    let mut j = from;
    while j < limit {
        if b[j] == b'`' {
            let m = backtick_run(b, j);
            if m == n {
                return Some(j);
            }
            j += m;
        } else {
            j += 1;
        }
    }
    None
}

/// If a bare `http://` or `https://` URL starts at `i`, returns where it ends.
///
/// The URL stops at whitespace, `<`, `>`, quotes and other characters that cannot be
/// in an autolink or a URL; trailing sentence punctuation and unbalanced closing
/// brackets are left out.
fn bare_url_end(s: &str, i: usize) -> Option<usize> {
    let rest = &s.as_bytes()[i..];
    let scheme = if rest.len() >= 8 && rest[..8].eq_ignore_ascii_case(b"https://") {
        8
    } else if rest.len() >= 7 && rest[..7].eq_ignore_ascii_case(b"http://") {
        7
    } else {
        return None;
    };
    let mut j = scheme;
    let (mut open_paren, mut close_paren, mut open_bracket, mut close_bracket) = (0usize, 0usize, 0usize, 0usize);
    while j < rest.len() {
        let c = rest[j];
        if !c.is_ascii_graphic() || matches!(c, b'<' | b'>' | b'"' | b'`' | b'{' | b'}' | b'|' | b'\\' | b'^') {
            break;
        }
        match c {
            b'(' => open_paren += 1,
            b')' => close_paren += 1,
            b'[' => open_bracket += 1,
            b']' => close_bracket += 1,
            _ => {}
        }
        j += 1;
    }
    while j > scheme {
        match rest[j - 1] {
            b'.' | b',' | b':' | b';' | b'!' | b'?' | b'\'' | b'*' | b'_' | b'~' => {}
            b')' if close_paren > open_paren => close_paren -= 1,
            b']' if close_bracket > open_bracket => close_bracket -= 1,
            _ => break,
        }
        j -= 1;
    }
    if !rest[scheme..j].iter().any(u8::is_ascii_alphanumeric) {
        return None;
    }
    Some(i + j)
}

/// Whether `href` can be written as a `<...>` autolink: an absolute URI with a scheme.
fn is_autolinkable(href: &str) -> bool {
    let Some(colon) = href.find(':') else {
        return false;
    };
    let scheme = href.as_bytes();
    (2..=32).contains(&colon)
        && scheme[0].is_ascii_alphabetic()
        && scheme[..colon].iter().all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'.' | b'-'))
        && href.len() > colon + 1
        && !href.chars().any(|c| c.is_whitespace() || c.is_control() || is_bidi_control(c) || c == '<' || c == '>')
}

/// Whether a link target is usable as a Markdown link destination without rustdoc
/// mistaking it for an intra-doc link (a bare name such as `CreateBucket`).
fn is_linkable_href(href: &str) -> bool {
    !href.is_empty() && (href.contains('/') || href.contains('.') || href.starts_with('#'))
}

/// Appends `href` as a link destination, percent-encoding what Markdown would misread.
fn push_link_dest(out: &mut String, href: &str) {
    let mut depth = 0i64;
    let mut balanced = true;
    for c in href.bytes() {
        match c {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth < 0 {
                    balanced = false;
                }
            }
            _ => {}
        }
    }
    balanced &= depth == 0;
    for (i, ch) in href.char_indices() {
        match ch {
            '(' | ')' if !balanced => push_percent(out, ch),
            '<' | '>' | '\\' => push_percent(out, ch),
            '&' if entity_like(&href[i..]) => out.push_str("&amp;"),
            _ if ch.is_whitespace() || ch.is_control() || is_bidi_control(ch) => push_percent(out, ch),
            _ => out.push(ch),
        }
    }
}

fn push_percent(out: &mut String, ch: char) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut buf = [0u8; 4];
    for byte in ch.encode_utf8(&mut buf).bytes() {
        out.push('%');
        out.push(HEX[usize::from(byte >> 4)] as char);
        out.push(HEX[usize::from(byte & 0xF)] as char);
    }
}

/// Appends `s` as link text with every Markdown-significant character escaped.
fn push_escaped_label(out: &mut String, s: &str) {
    for (i, ch) in s.char_indices() {
        match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '~' => {
                out.push('\\');
                out.push(ch);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' if entity_like(&s[i..]) => out.push_str("&amp;"),
            _ if ch.is_ascii() && !ch.is_ascii_control() => out.push(ch),
            _ if ch.is_ascii() => {}
            _ => push_text_char(out, ch),
        }
    }
}

fn push_spaces(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

// ---------------------------------------------------------------------------------
// Markdown writer
// ---------------------------------------------------------------------------------

/// What separates the next content from what was written before.
///
/// Ordered by strength: a stronger request wins over a weaker one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
enum Brk {
    #[default]
    None,
    /// One space (collapsed whitespace).
    Space,
    /// A hard line break inside a paragraph (`<br>`): `\` at the end of the line.
    Hard,
    /// A new line that starts a new block (list items).
    Line,
    /// A blank line.
    Para,
}

/// A list item marker waiting for the item's first content.
#[derive(Debug)]
struct Marker {
    /// Indentation of the marker itself.
    base: usize,
    /// `- ` or `N. `.
    text: String,
    /// Separator before the marker's line.
    sep: Brk,
}

/// An open inline element.
#[derive(Debug)]
enum InlineKind {
    /// Emphasis with its delimiter (`*` or `**`).
    Emph(&'static str),
    /// A link to `href`.
    Link { href: String },
    /// No markup; tracked only to match its closing tag.
    Plain,
}

#[derive(Debug)]
struct Inline {
    tag: Tag,
    kind: InlineKind,
    /// The opening delimiter is written and not yet closed.
    open: bool,
    /// Some text was written inside at some point.
    used: bool,
    /// Where the opening delimiter was written.
    open_pos: usize,
}

/// Builds the Markdown output: block separators, indentation, list markers and inline
/// delimiters, all written lazily right before the content that needs them, so empty
/// elements leave nothing behind and no line gets trailing whitespace.
#[derive(Debug, Default)]
struct Writer {
    out: String,
    /// Indentation of continuation lines (the content column of the current list item).
    indent: usize,
    brk: Brk,
    marker: Option<Marker>,
    /// `**Note:** ` waiting for the note's first content.
    prefix: Option<&'static str>,
    /// Block breaks are ignored until the next content (after a `<dt>` term).
    absorb: bool,
    /// The next character written starts a line (after any list marker).
    line_start: bool,
    inline: Vec<Inline>,
    /// Some inline element waits for its opening delimiter.
    inline_pending: bool,
    /// End offset and delimiter of the last emphasis closer, to merge `**a****b**`.
    last_closer: Option<(usize, &'static str)>,
}

impl Writer {
    fn space(&mut self) {
        if self.brk < Brk::Space {
            self.brk = Brk::Space;
        }
    }

    /// Requests a line or paragraph break before the next content. Ignored while a list
    /// marker or a definition term waits for content, so `<li><p>x` stays on one line.
    fn request(&mut self, brk: Brk) {
        if self.marker.is_some() || self.absorb {
            return;
        }
        if brk > self.brk {
            self.brk = brk;
        }
    }

    fn newline(&mut self, blank: bool) {
        while self.out.ends_with(' ') {
            self.out.pop();
        }
        self.out.push('\n');
        if blank {
            self.out.push('\n');
        }
    }

    /// Writes the pending separator, list marker and note prefix.
    fn flush_block(&mut self) {
        if let Some(marker) = self.marker.take() {
            if !self.out.is_empty() {
                self.newline(marker.sep == Brk::Para);
            }
            push_spaces(&mut self.out, marker.base);
            self.out.push_str(&marker.text);
            self.line_start = true;
        } else if self.out.is_empty() {
            self.line_start = true;
        } else {
            match self.brk {
                Brk::Para | Brk::Line => {
                    self.newline(self.brk == Brk::Para);
                    push_spaces(&mut self.out, self.indent);
                    self.line_start = true;
                }
                Brk::Hard if !self.line_start => {
                    self.out.push_str("\\\n");
                    push_spaces(&mut self.out, self.indent);
                    self.line_start = true;
                }
                Brk::Space if !self.line_start => self.out.push(' '),
                _ => {}
            }
        }
        self.brk = Brk::None;
        self.absorb = false;
        if let Some(prefix) = self.prefix.take() {
            self.out.push_str(prefix);
            self.line_start = false;
        }
    }

    /// Writes a pending marker or note prefix on a line of its own (before a nested
    /// list or a code block), without trailing space.
    fn flush_block_alone(&mut self) {
        if self.marker.is_some() || self.prefix.is_some() || self.absorb {
            self.flush_block();
            while self.out.ends_with(' ') {
                self.out.pop();
            }
        }
    }

    fn open_inlines(&mut self) {
        if !self.inline_pending {
            return;
        }
        self.inline_pending = false;
        for entry in &mut self.inline {
            if entry.open {
                continue;
            }
            let mut pos = self.out.len();
            match entry.kind {
                InlineKind::Emph(delim) => {
                    match self.last_closer {
                        // `**a**` directly followed by `**b**`: reopen instead, giving `**ab**`.
                        Some((end, last)) if end == pos && last == delim && self.out.ends_with(delim) => {
                            self.out.truncate(pos - delim.len());
                        }
                        _ => self.out.push_str(delim),
                    }
                    self.line_start = false;
                }
                InlineKind::Link { .. } => {
                    if self.out.ends_with('!') {
                        // `![` would make an image.
                        self.out.pop();
                        self.out.push_str("\\!");
                        pos = self.out.len();
                    }
                    self.out.push('[');
                    self.line_start = false;
                }
                InlineKind::Plain => {}
            }
            entry.open = true;
            entry.used = true;
            entry.open_pos = pos;
        }
        self.last_closer = None;
    }

    /// Keeps emphasis delimiters valid for CommonMark, which rejects a closer that
    /// follows punctuation and precedes a letter (`**Note:**The`) and an opener that
    /// follows a letter and precedes punctuation (`a**(b)**`): a space goes between.
    fn fix_flanking(&mut self, next: char) {
        if self.brk != Brk::None || self.marker.is_some() || self.prefix.is_some() {
            return;
        }
        if let Some((end, delim)) = self.last_closer {
            if end == self.out.len() && next.is_alphanumeric() {
                let before = end
                    .checked_sub(delim.len())
                    .and_then(|start| self.out.get(..start))
                    .and_then(|head| head.chars().next_back());
                if before.is_some_and(|c| !c.is_alphanumeric()) {
                    self.brk = Brk::Space;
                    return;
                }
            }
        }
        if self.inline_pending
            && !next.is_alphanumeric()
            && self.out.chars().next_back().is_some_and(char::is_alphanumeric)
            && self.inline.iter().any(|e| !e.open && matches!(e.kind, InlineKind::Emph(_)))
        {
            self.brk = Brk::Space;
        }
    }

    /// Prepares for content: separators, marker, prefix, inline openers.
    fn begin(&mut self) {
        self.flush_block();
        self.open_inlines();
    }

    /// Writes the closing delimiter of inline element `idx` if it is open.
    fn write_closer(&mut self, idx: usize) {
        let Some(entry) = self.inline.get_mut(idx) else {
            return;
        };
        if !entry.open {
            return;
        }
        entry.open = false;
        self.inline_pending = true;
        match &entry.kind {
            InlineKind::Emph(delim) => {
                self.out.push_str(delim);
                self.last_closer = Some((self.out.len(), delim));
            }
            InlineKind::Link { href } => {
                finish_link(&mut self.out, entry.open_pos, href);
                self.last_closer = None;
            }
            InlineKind::Plain => {}
        }
    }

    /// Closes every open inline element (at a block boundary); they reopen lazily.
    fn break_inlines(&mut self) {
        for idx in (0..self.inline.len()).rev() {
            self.write_closer(idx);
        }
    }

    fn push_inline(&mut self, tag: Tag, kind: InlineKind) {
        if self.inline.len() >= MAX_INLINE_DEPTH {
            return;
        }
        self.inline.push(Inline { tag, kind, open: false, used: false, open_pos: 0 });
        self.inline_pending = true;
    }

    /// Opens emphasis, unless the same delimiter is already open (nested `<b><b>`).
    fn push_emph(&mut self, tag: Tag, delim: &'static str) {
        let nested = self.inline.iter().any(|e| matches!(e.kind, InlineKind::Emph(d) if d == delim));
        let kind = if nested { InlineKind::Plain } else { InlineKind::Emph(delim) };
        self.push_inline(tag, kind);
    }

    /// Closes the innermost inline element with `tag` and everything opened inside it;
    /// returns it.
    fn pop_inline(&mut self, tag: Tag) -> Option<Inline> {
        let pos = self.inline.iter().rposition(|e| e.tag == tag)?;
        for idx in (pos + 1..self.inline.len()).rev() {
            self.write_closer(idx);
        }
        self.inline.truncate(pos + 1);
        let entry = self.inline.pop()?;
        if let InlineKind::Emph(delim) = entry.kind {
            if entry.open {
                self.out.push_str(delim);
                self.last_closer = Some((self.out.len(), delim));
            }
        }
        Some(entry)
    }

    fn in_link(&self) -> bool {
        self.inline.iter().any(|e| matches!(e.kind, InlineKind::Link { .. }))
    }

    /// Writes an inline code span around `content` (already collapsed and non-empty).
    fn code_span(&mut self, content: &str) {
        self.fix_flanking('`');
        self.begin();
        if self.out.ends_with('`') {
            // Two adjacent code spans would merge their backtick runs.
            self.out.push(' ');
        }
        let fence = longest_backtick_run(content) + 1;
        let pad = content.starts_with('`') || content.ends_with('`');
        self.out.extend(std::iter::repeat_n('`', fence));
        if pad {
            self.out.push(' ');
        }
        self.out.push_str(content);
        if pad {
            self.out.push(' ');
        }
        self.out.extend(std::iter::repeat_n('`', fence));
        self.line_start = false;
    }

    fn autolink(&mut self, url: &str) {
        self.fix_flanking('<');
        self.begin();
        self.out.push('<');
        self.out.push_str(url);
        self.out.push('>');
        self.line_start = false;
    }

    /// Writes decoded HTML text: whitespace collapsed, Markdown syntax escaped, bare URLs
    /// turned into autolinks, backtick code spans kept.
    fn text(&mut self, s: &str) {
        let in_link = self.in_link();
        let b = s.as_bytes();
        let mut i = 0;
        if let Some(prefix) = self.prefix {
            // `<note>Note: x</note>` would say "Note: Note: x".
            let label = prefix.trim_matches(|c| c == '*' || c == ' ');
            let lead = s.len() - s.trim_start().len();
            if s[lead..].get(..label.len()).is_some_and(|head| head.eq_ignore_ascii_case(label)) {
                i = lead + label.len();
            }
        }
        while i < b.len() {
            let c = b[i];
            if c.is_ascii_whitespace() {
                self.space();
                i += 1;
                continue;
            }
            if !c.is_ascii() {
                let Some(ch) = s[i..].chars().next() else {
                    break;
                };
                i += ch.len_utf8();
                if is_space_char(ch) {
                    self.space();
                } else if !is_dropped_control(ch) || is_bidi_control(ch) {
                    self.fix_flanking(ch);
                    self.begin();
                    push_text_char(&mut self.out, ch);
                    self.line_start = false;
                }
                continue;
            }
            if c.is_ascii_control() {
                i += 1;
                continue;
            }
            self.fix_flanking(char::from(c));
            self.begin();
            match c {
                b'`' => i = self.backtick_span(s, i),
                b'h' | b'H' if !in_link => match bare_url_end(s, i) {
                    Some(end) => {
                        self.autolink(&s[i..end]);
                        i = end;
                    }
                    None => {
                        self.out.push(char::from(c));
                        self.line_start = false;
                        i += 1;
                    }
                },
                b'0'..=b'9' if self.line_start => i = self.leading_number(s, i),
                _ => {
                    self.escaped_ascii(s, i);
                    i += 1;
                }
            }
        }
    }

    /// A backtick run at `i`: a code span when a matching run follows, else escaped.
    fn backtick_span(&mut self, s: &str, i: usize) -> usize {
        let b = s.as_bytes();
        let n = backtick_run(b, i);
        if let Some(close) = find_closing_backticks(b, i + n, n, b.len()) {
            let content = collapse_code(&s[i + n..close]);
            if !content.is_empty() {
                self.code_span(&content);
                return close + n;
            }
        }
        for _ in 0..n {
            self.out.push_str("\\`");
        }
        self.line_start = false;
        i + n
    }

    /// Digits at the start of a line: escape a following `.`/`)` that would make an
    /// ordered list item.
    fn leading_number(&mut self, s: &str, i: usize) -> usize {
        let b = s.as_bytes();
        let mut j = i;
        while j < b.len() && j - i < 10 && b[j].is_ascii_digit() {
            j += 1;
        }
        self.out.push_str(&s[i..j]);
        self.line_start = false;
        if j < b.len() && matches!(b[j], b'.' | b')') && s[j + 1..].chars().next().is_none_or(is_space_char) {
            self.out.push('\\');
            self.out.push(char::from(b[j]));
            return j + 1;
        }
        j
    }

    /// Writes the ASCII character `s[i]` with Markdown escaping.
    fn escaped_ascii(&mut self, s: &str, i: usize) {
        let b = s.as_bytes();
        let c = b[i];
        let next = b.get(i + 1).copied();
        let line_start = self.line_start;
        self.line_start = false;
        let out = &mut self.out;
        match c {
            b'\\' | b'`' | b'*' | b'[' | b']' | b'~' => {
                out.push('\\');
                out.push(char::from(c));
            }
            b'<' => out.push_str("&lt;"),
            b'>' => out.push_str("&gt;"),
            b'_' => {
                let prev_word = out.chars().next_back().is_some_and(char::is_alphanumeric);
                let next_word = next.is_some_and(|n| n.is_ascii_alphanumeric() || !n.is_ascii());
                if !(prev_word && next_word) {
                    out.push('\\');
                }
                out.push('_');
            }
            b'&' if entity_like(&s[i..]) => out.push_str("&amp;"),
            b'#' if line_start => out.push_str("\\#"),
            b'-' | b'+' | b'=' if line_start && !next.is_some_and(|n| n.is_ascii_alphanumeric()) => {
                out.push('\\');
                out.push(char::from(c));
            }
            _ => out.push(char::from(c)),
        }
    }

    fn finish(mut self) -> String {
        self.break_inlines();
        let trimmed = self.out.trim_end().len();
        self.out.truncate(trimmed);
        self.out
    }
}

/// Ends a link whose text starts after `open_pos` (the `[`).
fn finish_link(out: &mut String, open_pos: usize, href: &str) {
    let text = out.get(open_pos + 1..).unwrap_or_default();
    if text == href && is_autolinkable(href) {
        // `<a href="https://x">https://x</a>`: an autolink says the same, shorter.
        out.truncate(open_pos);
        out.push('<');
        out.push_str(href);
        out.push('>');
    } else {
        out.push_str("](");
        push_link_dest(out, href);
        out.push(')');
    }
}

// ---------------------------------------------------------------------------------
// HTML renderer
// ---------------------------------------------------------------------------------

/// An open list (`ul`, `ol` or `dl`).
#[derive(Debug)]
struct List {
    tag: Tag,
    /// Indentation of this list's markers.
    base: usize,
    /// Number of the next ordered item.
    next: u32,
    /// Items opened so far.
    items: u32,
    item_open: bool,
    /// Output length when the last item ended: if more was written since (text between
    /// items), the next item needs a blank line to start a list again.
    ended_at: usize,
}

/// A `<pre>` block being collected.
#[derive(Debug)]
struct Pre {
    buf: String,
    /// The tag that ends it (`pre`, or `request`/`response` in examples).
    end: Tag,
}

#[derive(Debug)]
struct HtmlRenderer {
    w: Writer,
    lists: Vec<List>,
    /// Lists opened beyond [`MAX_LIST_DEPTH`].
    list_overflow: usize,
    /// Decoded text not yet written (text and unknown tags between known tags).
    text: String,
    /// Decoded content of an open `<code>`.
    code: Option<String>,
    pre: Option<Pre>,
    /// Depth of `<examples>`.
    examples: usize,
}

impl HtmlRenderer {
    fn new(len: usize) -> Self {
        Self {
            w: Writer { out: String::with_capacity(len + len / 8), ..Writer::default() },
            lists: Vec::new(),
            list_overflow: 0,
            text: String::new(),
            code: None,
            pre: None,
            examples: 0,
        }
    }

    fn render(mut self, doc: &str) -> String {
        for token in Tokenizer::new(doc) {
            match token {
                Token::Text(text) => self.raw_text(text),
                Token::Comment => {}
                Token::Tag(tag) => match classify(tag.name) {
                    Some(known) if !known.examples_only() || self.examples > 0 => self.tag(known, tag),
                    _ => self.raw_text(tag.raw),
                },
            }
        }
        self.flush_text();
        self.end_code();
        self.end_pre();
        self.w.finish()
    }

    fn raw_text(&mut self, raw: &str) {
        let target = if let Some(pre) = &mut self.pre {
            &mut pre.buf
        } else if let Some(code) = &mut self.code {
            code
        } else {
            &mut self.text
        };
        decode_entities_into(target, raw);
    }

    fn flush_text(&mut self) {
        if self.text.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.text);
        self.w.text(&text);
        self.text = text;
        self.text.clear();
    }

    fn tag(&mut self, tag: Tag, raw: RawTag<'_>) {
        if let Some(pre) = &mut self.pre {
            if raw.closing && tag == pre.end {
                self.end_pre();
            } else if tag == Tag::Br && !raw.closing {
                pre.buf.push('\n');
            }
            return;
        }
        if let Some(code) = &mut self.code {
            match tag {
                Tag::Code if raw.closing => {
                    self.end_code();
                    return;
                }
                Tag::Br => {
                    code.push(' ');
                    return;
                }
                _ if tag.is_inline() => return,
                // A block tag ends the code span, then takes effect.
                _ => self.end_code(),
            }
        }
        self.flush_text();
        if raw.closing {
            self.close(tag);
        } else if raw.self_closing {
            match tag {
                Tag::Br => self.w.request(Brk::Hard),
                Tag::P | Tag::Div | Tag::Para | Tag::Fullname => self.block(Brk::Para),
                _ => {}
            }
        } else {
            self.open(tag, raw.attrs);
        }
    }

    /// A block boundary: inline elements are closed and a break is requested.
    fn block(&mut self, brk: Brk) {
        self.w.break_inlines();
        self.w.request(brk);
    }

    fn open(&mut self, tag: Tag, attrs: &str) {
        match tag {
            Tag::P | Tag::Div | Tag::Fullname | Tag::Para | Tag::Example | Tag::Description => {
                self.block(Brk::Para);
            }
            Tag::Br => self.w.request(Brk::Hard),
            Tag::Span | Tag::U | Tag::Link => self.w.push_inline(tag, InlineKind::Plain),
            Tag::I | Tag::Em | Tag::Replaceable => self.w.push_emph(tag, "*"),
            Tag::B | Tag::Strong => self.w.push_emph(tag, "**"),
            Tag::Heading | Tag::Name => {
                self.block(Brk::Para);
                self.w.push_emph(tag, "**");
            }
            Tag::Code => self.code = Some(String::new()),
            Tag::Pre | Tag::Request | Tag::Response => self.start_pre(tag),
            Tag::A => self.open_link(attrs),
            Tag::Ul | Tag::Ol | Tag::Dl => self.open_list(tag),
            Tag::Li => self.open_item(),
            Tag::Dt => {
                self.open_item();
                self.w.push_emph(Tag::Dt, "**");
            }
            Tag::Dd => self.open_dd(),
            Tag::Note => self.open_callout("**Note:** "),
            Tag::Important => self.open_callout("**Important:** "),
            Tag::Examples => {
                self.examples += 1;
                self.block(Brk::Para);
            }
        }
    }

    fn close(&mut self, tag: Tag) {
        match tag {
            Tag::P | Tag::Div | Tag::Fullname | Tag::Para | Tag::Example | Tag::Description | Tag::Dd => {
                self.block(Brk::Para);
            }
            Tag::Heading | Tag::Name => {
                self.w.pop_inline(tag);
                self.block(Brk::Para);
            }
            Tag::Span | Tag::U | Tag::Link | Tag::I | Tag::Em | Tag::Replaceable | Tag::B | Tag::Strong => {
                self.w.pop_inline(tag);
            }
            Tag::A => self.close_link(),
            // `</br>`, `</code>` without `<code>`, `</pre>` without `<pre>`: dropped.
            Tag::Br | Tag::Code | Tag::Pre | Tag::Request | Tag::Response => {}
            Tag::Ul | Tag::Ol | Tag::Dl => self.close_list(tag),
            Tag::Li => self.close_item(),
            Tag::Dt => self.close_dt(),
            Tag::Note | Tag::Important => {
                self.block(Brk::Para);
                self.w.prefix = None;
            }
            Tag::Examples => {
                self.examples = self.examples.saturating_sub(1);
                self.block(Brk::Para);
            }
        }
    }

    fn open_callout(&mut self, prefix: &'static str) {
        self.block(Brk::Para);
        self.w.prefix = Some(prefix);
    }

    fn open_link(&mut self, attrs: &str) {
        let mut href = String::new();
        if let Some(value) = attr_value(attrs, "href") {
            decode_entities_into(&mut href, value.trim());
        }
        let href = href.trim();
        let kind = if self.w.in_link() || !is_linkable_href(href) {
            InlineKind::Plain
        } else {
            InlineKind::Link { href: href.to_owned() }
        };
        self.w.push_inline(Tag::A, kind);
    }

    fn close_link(&mut self) {
        let Some(entry) = self.w.pop_inline(Tag::A) else {
            return;
        };
        let InlineKind::Link { href } = &entry.kind else {
            return;
        };
        if entry.open {
            finish_link(&mut self.w.out, entry.open_pos, href);
            self.w.last_closer = None;
        } else if !entry.used {
            // `<a href="..."></a>`: show the target itself.
            if is_autolinkable(href) {
                self.w.autolink(href);
            } else {
                self.w.begin();
                self.w.out.push('[');
                push_escaped_label(&mut self.w.out, href);
                self.w.out.push_str("](");
                push_link_dest(&mut self.w.out, href);
                self.w.out.push(')');
                self.w.line_start = false;
            }
        }
    }

    fn end_code(&mut self) {
        let Some(raw) = self.code.take() else {
            return;
        };
        let lead = raw.starts_with(is_space_char);
        let trail = raw.ends_with(is_space_char);
        let content = collapse_code(&raw);
        if lead {
            self.w.space();
        }
        if !content.is_empty() {
            self.w.code_span(&content);
        }
        if trail {
            self.w.space();
        }
    }

    fn start_pre(&mut self, end: Tag) {
        self.w.break_inlines();
        if self.w.prefix.is_some() || self.w.absorb {
            self.w.flush_block_alone();
            self.w.request(Brk::Para);
        }
        self.w.request(Brk::Para);
        self.pre = Some(Pre { buf: String::new(), end });
    }

    fn end_pre(&mut self) {
        let Some(pre) = self.pre.take() else {
            return;
        };
        // Normalize line ends and drop what cannot be in a doc comment first, so that
        // blank-line detection sees the final text.
        let mut text = String::with_capacity(pre.buf.len());
        let mut chars = pre.buf.chars().peekable();
        while let Some(ch) = chars.next() {
            match ch {
                '\r' if chars.peek() == Some(&'\n') => {}
                '\r' => text.push('\n'),
                '\u{A0}' | '\u{2028}' | '\u{2029}' => text.push(' '),
                _ if is_dropped_control(ch) => {}
                _ => text.push(ch),
            }
        }
        let all: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches(is_space_char)).collect();
        let (Some(first), Some(last)) =
            (all.iter().position(|l| !l.is_empty()), all.iter().rposition(|l| !l.is_empty()))
        else {
            return;
        };
        let lines = &all[first..=last];
        let dedent = lines
            .iter()
            .filter(|l| !l.is_empty())
            .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
            .min()
            .unwrap_or(0);
        let fence = longest_backtick_run(&text).max(2) + 1;
        let w = &mut self.w;
        w.flush_block();
        w.out.extend(std::iter::repeat_n('`', fence));
        w.out.push_str("text");
        let mut previous_blank = false;
        for &line in lines {
            let line = line.get(dedent..).unwrap_or(line);
            if line.is_empty() && previous_blank {
                continue;
            }
            previous_blank = line.is_empty();
            w.out.push('\n');
            if !line.is_empty() {
                push_spaces(&mut w.out, w.indent);
                w.out.push_str(line);
            }
        }
        w.out.push('\n');
        push_spaces(&mut w.out, w.indent);
        w.out.extend(std::iter::repeat_n('`', fence));
        w.line_start = false;
        w.last_closer = None;
        w.request(Brk::Para);
    }

    fn open_list(&mut self, tag: Tag) {
        self.w.break_inlines();
        if self.lists.len() >= MAX_LIST_DEPTH {
            self.list_overflow += 1;
            return;
        }
        if self.w.prefix.is_some() || self.w.absorb {
            // `**Note:**` or `- **Term**:` gets a line of its own before the list.
            self.w.flush_block_alone();
        }
        // A pending item marker stays pending: the first nested item joins its line
        // (`- - x`), as a bare `-` line after a paragraph would be a setext heading.
        self.push_list(tag);
    }

    fn push_list(&mut self, tag: Tag) {
        let in_item = self.lists.last().is_some_and(|l| l.item_open);
        self.w.request(if in_item { Brk::Line } else { Brk::Para });
        self.lists.push(List { tag, base: self.w.indent, next: 1, items: 0, item_open: false, ended_at: 0 });
    }

    fn close_list(&mut self, tag: Tag) {
        if self.list_overflow > 0 {
            self.list_overflow -= 1;
            return;
        }
        let Some(pos) = self.lists.iter().rposition(|l| l.tag == tag) else {
            return;
        };
        while self.lists.len() > pos {
            self.pop_list();
        }
    }

    fn pop_list(&mut self) {
        self.end_item();
        if let Some(list) = self.lists.pop() {
            self.w.indent = list.base;
        }
        self.w.request(Brk::Para);
    }

    /// Starts an item (`<li>`, `<dt>`, or a `<dd>` without term) in the innermost list.
    fn open_item(&mut self) {
        self.w.break_inlines();
        if self.lists.is_empty() {
            // A stray `<li>`: treat it as the item of an implicit bullet list.
            self.push_list(Tag::Ul);
        }
        self.end_item();
        let Some(list) = self.lists.last_mut() else {
            return;
        };
        let text = if list.tag == Tag::Ol { format!("{}. ", list.next) } else { "- ".to_owned() };
        list.next = list.next.saturating_add(1);
        let first = list.items == 0;
        list.items += 1;
        list.item_open = true;
        let sep = if first {
            self.w.brk.max(Brk::Line)
        } else if list.ended_at != self.w.out.len() {
            self.w.brk.max(Brk::Para)
        } else {
            Brk::Line
        };
        self.w.brk = Brk::None;
        self.w.absorb = false;
        self.w.indent = list.base + text.len();
        self.w.marker = Some(match self.w.marker.take() {
            // The enclosing item has no content yet: share its line.
            Some(outer) => Marker { base: outer.base, text: outer.text + &text, sep: outer.sep },
            None => Marker { base: list.base, text, sep },
        });
    }

    /// Ends the open item of the innermost list, if any.
    fn end_item(&mut self) {
        self.w.break_inlines();
        let Some(list) = self.lists.last_mut() else {
            return;
        };
        if !list.item_open {
            return;
        }
        if let Some(marker) = self.w.marker.take() {
            // The item stayed empty: drop it. A marker shared with enclosing items
            // (`- - `) keeps their part, since they are still waiting for content.
            list.next = list.next.saturating_sub(1);
            list.items = list.items.saturating_sub(1);
            let outer_len = list.base.saturating_sub(marker.base);
            match marker.text.get(..outer_len) {
                Some(outer) if outer_len > 0 && outer_len < marker.text.len() => {
                    self.w.marker = Some(Marker { base: marker.base, text: outer.to_owned(), sep: marker.sep });
                }
                _ => self.w.brk = self.w.brk.max(marker.sep),
            }
        }
        list.item_open = false;
        list.ended_at = self.w.out.len();
        self.w.indent = list.base;
        self.w.absorb = false;
    }

    fn close_item(&mut self) {
        let Some(pos) = self.lists.iter().rposition(|l| l.item_open) else {
            return;
        };
        while self.lists.len() > pos + 1 {
            self.pop_list();
        }
        self.end_item();
    }

    fn close_dt(&mut self) {
        let Some(term) = self.w.pop_inline(Tag::Dt) else {
            return;
        };
        if self.w.marker.is_some() {
            return;
        }
        // `<dt>Key:</dt>` already ends with a colon, before the closing `**`.
        let closer = if term.open { "**" } else { "" };
        let text = self.w.out.strip_suffix(closer).unwrap_or(&self.w.out);
        if !text.ends_with(':') {
            self.w.out.push(':');
        }
        self.w.last_closer = None;
        self.w.brk = Brk::Space;
        self.w.absorb = true;
    }

    fn open_dd(&mut self) {
        self.w.break_inlines();
        match self.lists.last() {
            Some(list) if list.item_open => self.w.request(Brk::Para),
            _ => self.open_item(),
        }
    }
}

// ---------------------------------------------------------------------------------
// Plain text / CommonMark
// ---------------------------------------------------------------------------------

/// Converts a document without known HTML tags, keeping its Markdown.
///
/// Lines are trimmed (leading indentation would otherwise risk an indented code block,
/// which rustdoc compiles as a doctest), blank-line runs collapse to one, fenced code
/// blocks are kept verbatim with their info string made non-Rust.
/// A line that starts a Markdown list item: `- `, `* `, `+ `, or `1. ` / `1) `.
fn is_list_item(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = line.get(digits..).unwrap_or_default();
    match digits {
        0 => ["- ", "* ", "+ "].iter().any(|marker| line.starts_with(marker)),
        1..=9 => rest.starts_with(". ") || rest.starts_with(") "),
        _ => false,
    }
}

fn plain_to_markdown(doc: &str) -> String {
    // Line ends become `\n`; other control characters (which cannot be in a doc comment
    // and could hide a line-start `#`) go. Bidi controls stay, to become references.
    let unwanted = |c: char| c == '\r' || (is_dropped_control(c) && !is_bidi_control(c));
    let normalized: String;
    let doc = if doc.contains(unwanted) {
        normalized = doc
            .replace("\r\n", "\n")
            .chars()
            .filter_map(|c| match c {
                '\r' => Some('\n'),
                _ if unwanted(c) => None,
                _ => Some(c),
            })
            .collect();
        normalized.as_str()
    } else {
        doc
    };
    let mut out = String::with_capacity(doc.len() + 16);
    let mut fence: Option<(u8, usize)> = None;
    let mut blank = false;
    // The previous line was a list item: a plain line after it gets a blank line first, or
    // Markdown would run it into the item (clippy's `doc_lazy_continuation`).
    let mut after_item = false;
    for line in doc.split('\n') {
        if let Some((fence_char, fence_len)) = fence {
            let t = line.trim();
            let run = t.bytes().take_while(|&c| c == fence_char).count();
            if run >= fence_len && run == t.len() {
                out.push('\n');
                out.extend(std::iter::repeat_n(char::from(fence_char), fence_len));
                fence = None;
            } else {
                let code = line.trim_end_matches(|c: char| c.is_whitespace() || is_dropped_control(c));
                // At most one blank line in a row, in code blocks too.
                if !(code.is_empty() && out.ends_with('\n')) {
                    out.push('\n');
                    out.extend(code.chars().filter(|&ch| !is_dropped_control(ch)));
                }
            }
            continue;
        }
        let t = line.trim_matches(|c: char| is_space_char(c) || is_dropped_control(c));
        if t.is_empty() {
            blank |= !out.is_empty();
            continue;
        }
        let item = is_list_item(t);
        if !out.is_empty() {
            out.push('\n');
            if blank || (after_item && !item) {
                out.push('\n');
            }
        }
        blank = false;
        after_item = item;
        if let Some((fence_char, fence_len, info)) = fence_open(t) {
            out.extend(std::iter::repeat_n(char::from(fence_char), fence_len));
            out.push_str(info);
            fence = Some((fence_char, fence_len));
            continue;
        }
        plain_line(&mut out, t);
    }
    if let Some((fence_char, fence_len)) = fence {
        let trimmed = out.trim_end().len();
        out.truncate(trimmed);
        out.push('\n');
        out.extend(std::iter::repeat_n(char::from(fence_char), fence_len));
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out
}

/// Recognizes a code fence opening line; returns the fence and the info string to use.
fn fence_open(t: &str) -> Option<(u8, usize, &str)> {
    let fence_char = *t.as_bytes().first()?;
    if fence_char != b'`' && fence_char != b'~' {
        return None;
    }
    let len = t.bytes().take_while(|&c| c == fence_char).count();
    if len < 3 {
        return None;
    }
    let info = t[len..].trim();
    if fence_char == b'`' && info.contains('`') {
        return None;
    }
    // Rustdoc compiles fences without a language, or with a Rust one, as doctests.
    let word = info.split([' ', ',', '{']).next().unwrap_or_default();
    let rusty = word.is_empty()
        || word.starts_with("rust")
        || word.starts_with("edition")
        || matches!(word, "ignore" | "no_run" | "should_panic" | "compile_fail" | "test_harness" | "standalone_crate")
        || !word.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'+'));
    Some((fence_char, len, if rusty { "text" } else { word }))
}

/// Converts one trimmed, non-empty line of plain text / Markdown.
fn plain_line(out: &mut String, t: &str) {
    let b = t.as_bytes();
    // Block quote and list markers stay; what follows them starts a line as well.
    let mut i = 0;
    loop {
        let marker_end = match b.get(i) {
            Some(b'>') => i + 1,
            Some(b'-' | b'+' | b'*') if matches!(b.get(i + 1), Some(b' ' | b'\t')) => i + 1,
            Some(c) if c.is_ascii_digit() => {
                let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                let punct = b.get(i + digits);
                if digits <= 9
                    && matches!(punct, Some(b'.' | b')'))
                    && matches!(b.get(i + digits + 1), Some(b' ' | b'\t'))
                {
                    i + digits + 1
                } else {
                    break;
                }
            }
            _ => break,
        };
        out.push_str(&t[i..marker_end]);
        i = marker_end;
        let spaces = b[i..].iter().take_while(|&&c| c == b' ' || c == b'\t').count();
        if spaces > 0 {
            out.push(' ');
            i += spaces;
        }
    }
    let rest = &b[i..];
    if rest.first() == Some(&b'#')
        || (!rest.is_empty() && (rest.iter().all(|&c| c == b'=') || rest.iter().all(|&c| c == b'-')))
    {
        // A heading, or a setext underline / thematic break.
        out.push('\\');
    }
    // Where the current `[text](dest)` link's text ends, and where its `)` is.
    let mut link: Option<(usize, usize)> = None;
    // Position of the `>` that closes an escaped tag such as `<region>`.
    let mut tag_gt: Option<usize> = None;
    while i < b.len() {
        if let Some((text_end, dest_end)) = link {
            if i == text_end {
                out.push_str(&t[text_end..=dest_end]);
                i = dest_end + 1;
                link = None;
                continue;
            }
        }
        let c = b[i];
        if !c.is_ascii() {
            let Some(ch) = t[i..].chars().next() else {
                break;
            };
            push_text_char(out, ch);
            i += ch.len_utf8();
            continue;
        }
        match c {
            b'`' => {
                let n = backtick_run(b, i);
                let limit = link.map_or(b.len(), |(text_end, _)| text_end);
                // A span must keep some content once unwanted characters are dropped.
                let close = find_closing_backticks(b, i + n, n, limit)
                    .filter(|&close| t[i + n..close].chars().any(|c| !c.is_whitespace() && !is_dropped_control(c)));
                match close {
                    Some(close) => {
                        for ch in t[i..close + n].chars() {
                            if !is_dropped_control(ch) {
                                out.push(ch);
                            }
                        }
                        i = close + n;
                    }
                    None => {
                        for _ in 0..n {
                            out.push_str("\\`");
                        }
                        i += n;
                    }
                }
            }
            b'\\' => {
                // An existing Markdown escape stays as it is.
                match b.get(i + 1) {
                    Some(&n) if n.is_ascii_punctuation() => {
                        out.push_str(&t[i..i + 2]);
                        i += 2;
                    }
                    // A literal backslash, escaped so that it cannot combine with
                    // what follows (such as the `<` of an autolink made here).
                    _ => {
                        out.push_str("\\\\");
                        i += 1;
                    }
                }
            }
            b'[' => {
                match if link.is_none() { markdown_link(t, i) } else { None } {
                    Some(found) => {
                        link = Some(found);
                        out.push('[');
                    }
                    None => out.push_str("\\["),
                }
                i += 1;
            }
            b']' => {
                out.push_str("\\]");
                i += 1;
            }
            b'<' => {
                let autolink = markdown_autolink(t, i).filter(|&end| link.is_none_or(|(text_end, _)| end <= text_end));
                if let Some(end) = autolink {
                    out.push_str(&t[i..end]);
                    i = end;
                } else {
                    if let Some(shape) = scan_tag(b, i) {
                        tag_gt = Some(shape.gt);
                    }
                    out.push_str("&lt;");
                    i += 1;
                }
            }
            b'>' if tag_gt == Some(i) => {
                out.push_str("&gt;");
                i += 1;
            }
            b'~' if b.get(i..i + 3) == Some(b"~~~") => {
                // Could open a code fence inside a block quote or list item.
                let run = b[i..].iter().take_while(|&&c| c == b'~').count();
                out.push('\\');
                out.push_str(&t[i..i + run]);
                i += run;
            }
            b'h' | b'H' if link.is_none() => match bare_url_end(t, i) {
                Some(end) => {
                    out.push('<');
                    out.push_str(&t[i..end]);
                    out.push('>');
                    i = end;
                }
                None => {
                    out.push(char::from(c));
                    i += 1;
                }
            },
            b' ' | b'\t' => {
                // One space: runs of spaces after `>` or a list marker would start an
                // indented code block, which rustdoc compiles as a doctest.
                if !out.ends_with(' ') {
                    out.push(' ');
                }
                i += 1;
            }
            // Other control characters cannot be in a doc comment.
            _ if c.is_ascii_control() => i += 1,
            _ => {
                out.push(char::from(c));
                i += 1;
            }
        }
    }
}

/// Recognizes `[text](dest)` at `i`; returns the offsets of `]` and of the final `)`.
///
/// Only destinations that look like URLs or file paths are accepted, so that rustdoc
/// does not take them for intra-doc links.
fn markdown_link(t: &str, i: usize) -> Option<(usize, usize)> {
    let b = t.as_bytes();
    let limit = b.len().min(i + MAX_LOOKAHEAD);
    let mut j = i + 1;
    while j < limit && b[j] != b']' {
        match b[j] {
            b'[' => return None,
            b'\\' => j += 2,
            _ => j += 1,
        }
    }
    if j >= limit || b.get(j + 1) != Some(&b'(') {
        return None;
    }
    let text_end = j;
    let dest_start = j + 2;
    let mut depth = 0usize;
    let mut k = dest_start;
    while k < limit {
        match b[k] {
            b'(' => depth += 1,
            b')' if depth == 0 => break,
            b')' => depth -= 1,
            c if c.is_ascii_whitespace() || c.is_ascii_control() || matches!(c, b'<' | b'>' | b'`' | b'[' | b']') => {
                return None;
            }
            _ => {}
        }
        k += 1;
    }
    if k >= limit || b[k] != b')' {
        return None;
    }
    let dest = &t[dest_start..k];
    if !is_linkable_href(dest) || dest.chars().any(is_bidi_control) {
        return None;
    }
    Some((text_end, k))
}

/// Recognizes a CommonMark URI autolink `<scheme:...>` at `i`; returns its end.
fn markdown_autolink(t: &str, i: usize) -> Option<usize> {
    let b = t.as_bytes();
    let mut j = i + 1;
    while j < b.len() && b[j] != b'>' {
        if b[j] == b'<' || b[j].is_ascii_whitespace() || b[j].is_ascii_control() {
            return None;
        }
        j += 1;
    }
    if j >= b.len() {
        return None;
    }
    let inner = &t[i + 1..j];
    (is_autolinkable(inner) && is_linkable_href(inner)).then_some(j + 1)
}

#[cfg(test)]
mod tests {
    use super::to_markdown;

    fn check(cases: &[(&str, &str)]) {
        let mut failures = Vec::new();
        for &(input, expected) in cases {
            let actual = to_markdown(input);
            if actual != expected {
                failures.push(format!("input:    {input:?}\nexpected: {expected:?}\nactual:   {actual:?}\n"));
            }
        }
        assert!(failures.is_empty(), "{} case(s) failed:\n{}", failures.len(), failures.join("\n"));
    }

    /// A plain line right after a list item starts a paragraph of its own, instead of running
    /// into the item (MediaLive's `QvbrQualityLevel`).
    #[test]
    fn plain_lines_after_list_items() {
        check(&[
            (
                "Recommended values are:\n- Primary screen: 8\n- PC: 7\nTo let MediaLive decide, leave it empty.",
                "Recommended values are:\n- Primary screen: 8\n- PC: 7\n\nTo let MediaLive decide, leave it empty.",
            ),
            ("1. one\n2) two\nafter", "1. one\n2) two\n\nafter"),
            ("- a\n\nb", "- a\n\nb"),
            ("-1 is not an item\nnext", "-1 is not an item\nnext"),
        ]);
    }

    #[test]
    fn real_world_examples() {
        check(&[
            (
                "<p>Get details of the over-the-air (OTA) task by its task id.</p>",
                "Get details of the over-the-air (OTA) task by its task id.",
            ),
            (
                "<p>Specifies the end behavior for all task executions after a task reaches the selected \
                 <code>endTime</code>. If <code>endTime</code> is not selected when creating the task, then \
                 <code>endBehavior</code> does not apply.</p>",
                "Specifies the end behavior for all task executions after a task reaches the selected \
                 `endTime`. If `endTime` is not selected when creating the task, then `endBehavior` does \
                 not apply.",
            ),
            ("Id of the affected resource", "Id of the affected resource"),
            (
                "<p>The ARN, e.g. arn:aws:iot:<region>:<account-id>:thing/[name]</p>",
                "The ARN, e.g. arn:aws:iot:&lt;region&gt;:&lt;account-id&gt;:thing/\\[name\\]",
            ),
            (
                "<p>Creates a task.</p>\n         <p>The task runs on the following targets:</p>\n\
                 \x20        <ul>\n            <li>\n               <p>Things, identified by <code>thingArn</code>.</p>\n\
                 \x20           </li>\n            <li>\n               <p>Thing groups.</p>\n            </li>\n\
                 \x20        </ul>\n         <p>See <a href=\"https://docs.aws.amazon.com/iot/latest/developerguide/ota.html\">OTA \
                 updates</a> for details.</p>",
                "Creates a task.\n\nThe task runs on the following targets:\n\n- Things, identified by `thingArn`.\n\
                 - Thing groups.\n\nSee [OTA updates](https://docs.aws.amazon.com/iot/latest/developerguide/ota.html) \
                 for details.",
            ),
        ]);
    }

    #[test]
    fn entities() {
        check(&[
            ("<p>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#39;f&#39;</p>", "a & b &lt;c&gt; \"d\" 'e' 'f'"),
            ("<p>x&nbsp;y &#65;&#x42;&#X43; &#150; &#x1F600;</p>", "x y ABC \u{2013} \u{1F600}"),
            ("<p>&unknown; &amp &#xZZ; &#; & alone</p>", "&amp;unknown; &amp &amp;#xZZ; &#; & alone"),
            ("<p>&amp;lt; stays text</p>", "&amp;lt; stays text"),
            ("<p>&#0; &#x110000; &#xD800;</p>", "\u{FFFD} \u{FFFD} \u{FFFD}"),
            ("<p><code>&lt;T&gt; &amp;</code></p>", "`<T> &`"),
        ]);
    }

    #[test]
    fn paragraphs_and_whitespace() {
        check(&[
            ("<p>One</p><p>Two</p>", "One\n\nTwo"),
            ("<div>One</div>\n\n\n<div>Two</div>", "One\n\nTwo"),
            ("<p>  lots   of\n\t whitespace \n</p>", "lots of whitespace"),
            ("<p></p><p> </p><p>Only</p><p></p>", "Only"),
            ("Line one<br>line two<br/>line three", "Line one\\\nline two\\\nline three"),
            ("<p>Trailing break<br></br></p><p>Next</p>", "Trailing break\n\nNext"),
            ("<p>Text <p>nested</p> more</p>", "Text\n\nnested\n\nmore"),
            ("<p>a</p>text between<p>b</p>", "a\n\ntext between\n\nb"),
        ]);
    }

    #[test]
    fn code() {
        check(&[
            ("<p>Use <code>foo</code>.</p>", "Use `foo`."),
            ("<p>Tick <code>a`b</code></p>", "Tick ``a`b``"),
            ("<p><code>a</code><code>``b</code></p>", "`a` ``` ``b ```"),
            ("<p><code>`x`</code></p>", "`` `x` ``"),
            ("<p>Empty <code></code> code <code> </code>here</p>", "Empty code here"),
            ("<p>Spaced<code> x </code>code</p>", "Spaced `x` code"),
            ("<p><code>arn:aws:s3:::<bucket-name>/[key]</code></p>", "`arn:aws:s3:::<bucket-name>/[key]`"),
            ("<p><code>multi\n   line</code></p>", "`multi line`"),
            ("<p><code><i>bucket</i>-name</code></p>", "`bucket-name`"),
            ("<p>Markdown `COUNT_DISTINCT` span and `unclosed</p>", "Markdown `COUNT_DISTINCT` span and \\`unclosed"),
            ("<pre>fn main() {\n    let x = 1;\n}</pre>", "```text\nfn main() {\n    let x = 1;\n}\n```"),
            (
                "<p>Example:</p><pre><code>  {\n    \"a\": [1]\n  }\n</code></pre><p>After</p>",
                "Example:\n\n```text\n{\n  \"a\": [1]\n}\n```\n\nAfter",
            ),
            ("<pre>has ``` fence &lt;x&gt;</pre>", "````text\nhas ``` fence <x>\n````"),
            ("<pre>  </pre><p>x</p>", "x"),
            ("<pre>a\n\n\n\nb</pre>", "```text\na\n\nb\n```"),
            ("<pre>\n\n\n   x\n\n</pre>", "```text\nx\n```"),
        ]);
    }

    #[test]
    fn emphasis() {
        check(&[
            ("<p><i>it</i> <em>em</em> <b>b</b> <strong>s</strong></p>", "*it* *em* **b** **s**"),
            ("<p>a<b> </b>b<i></i>c</p>", "a bc"),
            ("<p><b> spaced </b>text</p>", "**spaced** text"),
            ("<p><b>a</b><b>b</b></p>", "**ab**"),
            ("<p><b><b>nested</b></b></p>", "**nested**"),
            ("<p><b>bold <i>both</i></b></p>", "**bold *both***"),
            ("<p><b>unclosed</p><p>next</p>", "**unclosed**\n\n**next**"),
            ("<p><replaceable>bucket</replaceable> <u>under</u></p>", "*bucket* under"),
            ("<p><b>Note:</b>Text and <b>types:</b>EC2</p>", "**Note:** Text and **types:** EC2"),
            ("<p>word<b>(paren)</b> and x<i><code>c</code></i></p>", "word **(paren)** and x *`c`*"),
            ("<p><b>ok</b>text <b>a.</b>, <b>b</b>.</p>", "**ok**text **a.**, **b**."),
        ]);
    }

    #[test]
    fn links() {
        check(&[
            ("<p>See <a href=\"https://example.com/x\">the docs</a>.</p>", "See [the docs](https://example.com/x)."),
            ("<p><a href=\"https://example.com\"></a></p>", "<https://example.com>"),
            ("<p><a href='https://example.com'>https://example.com</a></p>", "<https://example.com>"),
            ("<p><a>CreateThing</a> operation</p>", "CreateThing operation"),
            ("<p><a href=\"CreateThing\">CreateThing</a></p>", "CreateThing"),
            ("<p><a href=\"\">empty</a></p>", "empty"),
            ("<p><a href=\"/iot/latest/guide.html\">guide</a></p>", "[guide](/iot/latest/guide.html)"),
            ("<p><a href=\"guide.html\"></a></p>", "[guide.html](guide.html)"),
            ("<p><a href=\" https://a.com/b c\">x</a></p>", "[x](https://a.com/b%20c)"),
            ("<p><a href=\"https://a.com/(x\">x</a></p>", "[x](https://a.com/%28x)"),
            ("<p><a href=\"https://a.com/?a=1&amp;b=2\">q</a></p>", "[q](https://a.com/?a=1&b=2)"),
            ("<p><a href=\"https://a.com\"><code>Code</code> [1]</a></p>", "[`Code` \\[1\\]](https://a.com)"),
            ("<p><a href=\"https://a.com\">x <a href=\"https://b.com\">y</a></a></p>", "[x y](https://a.com)"),
            ("<p><a href=\"https://a.com\">unclosed", "[unclosed](https://a.com)"),
            ("<p><a href=\"mailto:someone@example.com\">mail</a></p>", "[mail](mailto:someone@example.com)"),
            ("<p><a href=\"#section\">here</a></p>", "[here](#section)"),
            ("<p>Wow!<a href=\"https://a.com\">https://a.com</a></p>", "Wow\\!<https://a.com>"),
            (
                "<ul><li>x<ul><a href=\"https://a.com\">t</ul>u</a></li></ul>",
                "- x\n  [t](https://a.com)\n\n  [u](https://a.com)",
            ),
        ]);
    }

    #[test]
    fn bare_urls() {
        check(&[
            ("<p>Visit https://example.com/a_b?c=d.</p>", "Visit <https://example.com/a_b?c=d>."),
            ("<p>(see http://example.com/x)</p>", "(see <http://example.com/x>)"),
            ("<p>Wiki https://en.wikipedia.org/wiki/A_(b), ok</p>", "Wiki <https://en.wikipedia.org/wiki/A_(b)>, ok"),
            ("<p>Scheme only https:// here</p>", "Scheme only https:// here"),
            ("Plain https://example.com/path, done", "Plain <https://example.com/path>, done"),
            ("Already <https://example.com> linked", "Already <https://example.com> linked"),
        ]);
    }

    #[test]
    fn lists() {
        check(&[
            ("<ul><li>a</li><li>b</li></ul>", "- a\n- b"),
            ("<ol><li>one</li><li>two</li></ol>", "1. one\n2. two"),
            (
                "<p>Intro</p><ul><li><p>a</p></li><li><p>b</p><p>more</p></li></ul><p>After</p>",
                "Intro\n\n- a\n- b\n\n  more\n\nAfter",
            ),
            (
                "<ul><li>a<ul><li>a1</li><li>a2<ol><li>x</li></ol></li></ul></li><li>b</li></ul>",
                "- a\n  - a1\n  - a2\n    1. x\n- b",
            ),
            ("<ol><li>one<ul><li>sub</li></ul></li></ol>", "1. one\n   - sub"),
            ("<ul><li></li><li> </li><li>only</li></ul>", "- only"),
            ("<ul><li><ul><li>inner</li><li>second</li></ul></li></ul>", "- - inner\n  - second"),
            ("<p>Text</p><ul><li>a</li><li><ol><li>x</li></ol>tail</li></ul>", "Text\n\n- a\n- 1. x\n\n  tail"),
            ("<ul><li><ul><li></li></ul>kept</li></ul>", "- kept"),
            ("text<li>stray</li>", "text\n\n- stray"),
            ("<ul><li>a<br>b</li></ul>", "- a\\\n  b"),
            ("<ul><li>- dash</li><li>1. one</li><li># hash</li></ul>", "- \\- dash\n- 1\\. one\n- \\# hash"),
            ("<li>stray item</li><p>after</p>", "- stray item\n\nafter"),
            ("<ul><li>unclosed<li>second</ul>", "- unclosed\n- second"),
            ("<ul><li>a</li></ul><ul><li>b</li></ul>", "- a\n\n- b"),
            ("<ol><li>a</li><p>between</p><li>b</li></ol>", "1. a\n\nbetween\n\n2. b"),
            ("<p>x<br>1.&nbsp;y</p>", "x\\\n1\\. y"),
            ("<ul><li><pre>code\nblock</pre></li></ul>", "- ```text\n  code\n  block\n  ```"),
        ]);
    }

    #[test]
    fn callouts_definitions_headings() {
        check(&[
            ("<note><p>Careful.</p></note>", "**Note:** Careful."),
            ("<important>Really.</important>", "**Important:** Really."),
            ("<p>Text</p><note><p>One</p><p>Two</p></note><p>End</p>", "Text\n\n**Note:** One\n\nTwo\n\nEnd"),
            ("<note></note><p>x</p>", "x"),
            ("<note><p> Note: Twice.</p></note>", "**Note:** Twice."),
            ("<note><ul><li>a</li></ul></note>", "**Note:**\n\n- a"),
            ("<ul><li><note>in item</note></li></ul>", "- **Note:** in item"),
            (
                "<dl><dt>Term</dt><dd>Def</dd><dt>T2</dt><dd><p>D2</p><p>more</p></dd></dl>",
                "- **Term**: Def\n- **T2**: D2\n\n  more",
            ),
            ("<dl><dt>Key:</dt><dd>v</dd></dl>", "- **Key:** v"),
            ("<dl><dd>no term</dd></dl>", "- no term"),
            ("<fullname>AWS IoT</fullname><p>Manages things.</p>", "AWS IoT\n\nManages things."),
            ("<h1>Title</h1><p>Body</p><h3>Sub</h3>", "**Title**\n\nBody\n\n**Sub**"),
        ]);
    }

    #[test]
    fn unknown_tags_and_stray_brackets() {
        check(&[
            ("<p>Use <YOUR_KEY> and </region> here</p>", "Use &lt;YOUR_KEY&gt; and &lt;/region&gt; here"),
            ("<p>a < b > c</p>", "a &lt; b &gt; c"),
            ("<p>ends with <</p>", "ends with &lt;"),
            ("<p>x</p><", "x\n\n&lt;"),
            ("<p>a</b></i></li></ul></a></code></pre> b</p>", "a b"),
            ("<p>[Required] a[0] [x](y)</p>", "\\[Required\\] a\\[0\\] \\[x\\](y)"),
            (
                "<p>*stars* _under_ snake_case_name \\ ~tilde~</p>",
                "\\*stars\\* \\_under\\_ snake_case_name \\\\ \\~tilde\\~",
            ),
            ("<p>#hashtag and # not heading</p>", "\\#hashtag and # not heading"),
            (
                "<p>a</p><p>- not a list</p><p>1. not a list</p><p>+1</p>",
                "a\n\n\\- not a list\n\n1\\. not a list\n\n+1",
            ),
            ("<p><!-- comment -->kept</p>", "kept"),
            ("<p>bad <a\"x> tag</p>", "bad &lt;a\"x&gt; tag"),
            ("Unicode <Unicode> only", "Unicode &lt;Unicode&gt; only"),
            ("<p>bidi \u{202E}x and \u{0007}bell</p>", "bidi &#x202E;x and bell"),
        ]);
    }

    #[test]
    fn examples_block() {
        check(&[
            (
                "<p>Desc.</p><examples><example><name>Op</name><description>Edited.</description>\
                 <request>\nPOST / HTTP/1.1\n{ \"a\": 1 }\n</request></example></examples>",
                "Desc.\n\n**Op**\n\nEdited.\n\n```text\nPOST / HTTP/1.1\n{ \"a\": 1 }\n```",
            ),
            ("<p>thing/<name> outside examples</p>", "thing/&lt;name&gt; outside examples"),
        ]);
    }

    #[test]
    fn plain_text() {
        check(&[
            ("  Plain text.  ", "Plain text."),
            ("Keeps `code [x]` and **bold** and *it*", "Keeps `code [x]` and **bold** and *it*"),
            ("Escapes [Required] and a[0]", "Escapes \\[Required\\] and a\\[0\\]"),
            ("A [link](https://example.com/x) stays", "A [link](https://example.com/x) stays"),
            ("A [path](Foo) is not a link", "A \\[path\\](Foo) is not a link"),
            (
                "arn:aws:iot:<region>:<account-id>:thing/[name]",
                "arn:aws:iot:&lt;region&gt;:&lt;account-id&gt;:thing/\\[name\\]",
            ),
            ("Values < 5 and > 2", "Values &lt; 5 and > 2"),
            ("# Not a heading", "\\# Not a heading"),
            ("Line one\n      continued.", "Line one\ncontinued."),
            (">     not code\n-     nor this", "> not code\n- nor this"),
            ("> ~~~\n- ~~~~", "> \\~~~\n- \\~~~~"),
            (">#1\n>  # h\n- # h\n1.  ---\n2) x", ">\\#1\n> \\# h\n- \\# h\n1. \\---\n2) x"),
            ("Para one\n\n\n\nPara two\r\nwith CRLF", "Para one\n\nPara two\nwith CRLF"),
            ("List:\n  - a\n  - b", "List:\n- a\n- b"),
            ("Title\n---", "Title\n\\---"),
            ("Code:\n\n```\nlet x = [1];\n```", "Code:\n\n```text\nlet x = [1];\n```"),
            ("```json\n{}\n", "```json\n{}\n```"),
            ("~~~\na\n\n\n\nb \u{a0}\n~~~", "~~~text\na\n\nb\n~~~"),
            ("1.\t# x\n+\t> # y\n<Note:x>", "1. \\# x\n+ > \\# y\n&lt;Note:x&gt;"),
            ("Unmatched ` tick and ``double``", "Unmatched \\` tick and ``double``"),
            ("Escaped \\[ stays", "Escaped \\[ stays"),
            ("C:\\dir and \\https://e.com", "C:\\\\dir and \\\\<https://e.com>"),
            ("\u{0}\t text", "text"),
            ("> \u{0}#", "> \\#"),
            ("```\u{202e}``` x", "\\`\\`\\`&#x202E;\\`\\`\\` x"),
            ("[a <https://x.io/b>](https://y.io/c) ok", "[a <https://x.io/b>](https://y.io/c) ok"),
        ]);
    }

    #[test]
    fn deterministic() {
        let doc = "<p>Some <b>doc</b> with <a href=\"https://x.com\">link</a> and <region>.</p>";
        assert_eq!(to_markdown(doc), to_markdown(doc));
    }

    /// Checks invariants every output must satisfy.
    fn assert_clean(input: &str, output: &str) {
        assert_eq!(output.trim(), output, "untrimmed output for {input:?}");
        assert!(!output.contains("\n\n\n"), "double blank line for {input:?}: {output:?}");
        assert!(!output.contains('\r'), "carriage return for {input:?}");
        for line in output.lines() {
            assert_eq!(line.trim_end(), line, "trailing whitespace for {input:?}: {output:?}");
        }
    }

    #[test]
    fn never_panics_on_prefixes_and_garbage() {
        let documents = [
            "<p>Creates a <b>task</b> for <code>thing`s</code> &amp; <i>groups</i>.</p>\n<ul><li><p>One \
             <a href=\"https://example.com/a?b=c&amp;d=e\">link</a></p></li><li>Two<ol><li>Nested \
             <region></li></ol></li></ul><note><p>Note \u{1F600} é</p></note><dl><dt>T</dt><dd>D</dd></dl>\
             <pre><code>x &lt; y\n  z</code></pre><br/><h2>Head</h2>&#x41;&#150;&unknown;",
            "Plain `code` [link](https://x.com/y) and [brackets] with <tag> and https://bare.example.com/p. \
             ```\nfenced\n``` \u{00e9}\u{1F4A9}\r\n# heading\n---",
            "<examples><example><name>N</name><request>\nPOST /\n</request></example></examples>\u{202E}",
            "<a href=\"x.html\"><b><i><code>`</code></i></b></a><li><dd><dt></dl></ol><p>&#xD800;&#99999999;",
        ];
        let garbage = [
            "",
            "<",
            ">",
            "&",
            "&#",
            "&#x",
            "<<<<>>>>",
            "</",
            "<a",
            "<a href",
            "<a href=",
            "<a href=\"",
            "<!--",
            "<!-- <p>",
            "`",
            "``",
            "```",
            "[",
            "](",
            "[a](",
            "http://",
            "https://(",
            "\u{0}\u{1}\u{7f}\u{85}",
            "<p><p><p></p></p></p></ul></ol></li>",
            "<ul><li><ul><li><ul><li><ul><li><ul><li>deep",
            "<b><i><b><i><a href=\"https://x\"><code>",
            "<pre>",
            "<pre></code><code>",
            "<dl><dt><dt><dd><dd>",
            "\\",
            "\u{1F600}<\u{1F600}>\u{1F600}",
            "<p>\u{2028}\u{2029}\u{a0}</p>",
        ];
        for doc in documents.iter().chain(garbage.iter()) {
            for (end, _) in doc.char_indices().chain(std::iter::once((doc.len(), ' '))) {
                let prefix = &doc[..end];
                let output = to_markdown(prefix);
                assert_clean(prefix, &output);
            }
        }
    }

    #[test]
    fn never_panics_on_token_soup() {
        const PIECES: &[&str] = &[
            "<p>",
            "</p>",
            "<ul>",
            "</ul>",
            "<ol>",
            "</ol>",
            "<li>",
            "</li>",
            "<dl>",
            "<dt>",
            "</dt>",
            "<dd>",
            "</dd>",
            "<b>",
            "</b>",
            "<i>",
            "</i>",
            "<code>",
            "</code>",
            "<pre>",
            "</pre>",
            "<a href=\"https://x.io/a\">",
            "<a href=\"rel.html\">",
            "<a>",
            "</a>",
            "<note>",
            "</note>",
            "<br>",
            "<h2>",
            "</h2>",
            "<examples>",
            "<request>",
            "</request>",
            "<name>",
            "<region>",
            "</x>",
            "<",
            ">",
            "&",
            "&amp;",
            "&lt;",
            "&#x202E;",
            "`",
            "``",
            "```",
            "[",
            "]",
            "(",
            ")",
            "*",
            "_",
            "#",
            "-",
            "1.",
            "\\",
            " ",
            "\n",
            "\n\n",
            "\t",
            "\r",
            "word",
            "https://e.com/p",
            "\u{e9}",
            "\u{1F600}",
            "\u{a0}",
            "\u{202e}",
            "\u{0}",
            "Note:",
            ":",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..3000 {
            let len = usize::try_from(next() % 40).unwrap_or(0);
            let doc: String = (0..len).map(|_| PIECES[usize::try_from(next()).unwrap_or(0) % PIECES.len()]).collect();
            assert_clean(&doc, &to_markdown(&doc));
        }
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let doc = format!("{}x{}", "<ul><li><b>".repeat(200), "</b></li></ul>".repeat(200));
        let output = to_markdown(&doc);
        assert!(output.len() < 1000, "output too large: {}", output.len());
        assert_clean(&doc, &output);
    }

    #[test]
    fn large_input_is_linear() {
        let unit =
            "<p>Text with <code>code</code>, <a href=\"https://x.com/a\">a link</a>, [brackets] and <region>.</p>";
        let doc = unit.repeat(20_000);
        let start = std::time::Instant::now();
        let output = to_markdown(&doc);
        assert!(output.len() > doc.len() / 2);
        let pathological = "<a <a ` [ &#".repeat(50_000);
        assert!(!to_markdown(&pathological).is_empty());
        assert!(start.elapsed().as_secs() < 10, "too slow: {:?}", start.elapsed());
    }
}
