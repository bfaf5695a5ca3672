//! A recursive-descent parser over the token stream: one method per grammar
//! production of the Smithy IDL 2.0 spec (and the IDL 1.0 subset it upgrades).
//!
//! Whitespace is explicit in the grammar, so the parser skips it by hand with
//! [`Parser::sp`] (spaces), [`Parser::ws`] (spaces, line breaks, commas,
//! comments) and [`Parser::br`] (a required line break). Doc comments are
//! collected while skipping and belong to the statement that follows them
//! directly; any other token in between drops them.

use std::path::Path;

use super::lexer::{self, Kind, Pos, Token};
use super::syntax::{Apply, Body, IdlFile, MemberDef, Node, ShapeDef, ShapeRef, Target, TraitUse, Version};
use super::Fail;

type Parsed<T> = Result<T, Fail>;

/// Parses one file; the first syntax error stops it.
pub(crate) fn parse(path: &Path, source: &str) -> Parsed<IdlFile> {
    // Editors may start a UTF-8 file with a byte-order mark; it is not part of the model.
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let tokens = lexer::tokenize(source);
    let mut parser = Parser {
        source,
        tokens,
        index: 0,
        docs: Vec::new(),
        version: None,
        input_suffix: "Input".to_owned(),
        output_suffix: "Output".to_owned(),
        namespace: String::new(),
        shapes: Vec::new(),
        depth: 0,
    };
    parser.file(path)
}

struct Parser<'s> {
    source: &'s str,
    /// Never empty: the last token is `Eof` or an `Error`.
    tokens: Vec<Token>,
    index: usize,
    /// Doc comment lines waiting for the statement they document.
    docs: Vec<String>,
    version: Option<Version>,
    input_suffix: String,
    output_suffix: String,
    namespace: String,
    shapes: Vec<ShapeDef>,
    /// How deep the node value being read is nested.
    depth: usize,
}

/// Every shape type keyword; the first thirteen are the simple types.
const SHAPE_TYPES: [&str; 23] = [
    "blob",
    "boolean",
    "document",
    "string",
    "byte",
    "short",
    "integer",
    "long",
    "float",
    "double",
    "bigInteger",
    "bigDecimal",
    "timestamp",
    "enum",
    "intEnum",
    "list",
    "set",
    "map",
    "structure",
    "union",
    "service",
    "resource",
    "operation",
];
/// Deeper node values are refused rather than read by ever deeper recursion
/// (the same limit as serde_json's for JSON files).
const MAX_NODE_DEPTH: usize = 128;
const NODE_VALUE: &str = "one of STRING('\"'), TEXT_BLOCK('\"\"\"'), NUMBER, IDENTIFIER, LBRACE('{'), LBRACKET('[');";

impl Parser<'_> {
    // ----- token access -----

    fn token(&self) -> &Token {
        let last = self.tokens.len().saturating_sub(1);
        &self.tokens[self.index.min(last)]
    }

    fn kind(&self) -> &Kind {
        &self.token().kind
    }

    fn pos(&self) -> Pos {
        self.token().pos
    }

    fn text(&self) -> &str {
        self.token().text(self.source)
    }

    fn at(&self, kind: &Kind) -> bool {
        self.kind() == kind
    }

    fn at_keyword(&self, word: &str) -> bool {
        self.at(&Kind::Identifier) && self.text() == word
    }

    fn advance(&mut self) {
        if !is_trivia(self.kind()) {
            self.docs.clear();
        }
        if self.index + 1 < self.tokens.len() {
            self.index += 1;
        }
    }

    /// "Expected X but found Y" at the current token (or the lexer's own message
    /// there); `what` may end in a comma ("Expected a line break, but found …").
    fn expected(&self, what: &str) -> Fail {
        let token = self.token();
        match &token.kind {
            Kind::Error(message) => Fail::new(token.pos, message.clone()),
            _ => Fail::new(token.pos, format!("Expected {what} but found {}", token.describe(self.source))),
        }
    }

    fn expect(&mut self, kind: Kind, what: &str) -> Parsed<Pos> {
        if !self.at(&kind) {
            return Err(self.expected(what));
        }
        let pos = self.pos();
        self.advance();
        Ok(pos)
    }

    // ----- whitespace -----

    fn sp(&mut self) {
        while self.at(&Kind::Space) {
            self.advance();
        }
    }

    fn ws(&mut self) {
        while is_trivia(self.kind()) {
            if let Kind::DocComment(line) = self.kind() {
                let line = line.clone();
                self.docs.push(line);
            }
            self.advance();
        }
    }

    fn require_sp(&mut self) -> Parsed<()> {
        if !self.at(&Kind::Space) {
            return Err(self.expected("SPACE(' ')"));
        }
        self.sp();
        Ok(())
    }

    fn require_ws(&mut self) -> Parsed<()> {
        if !is_trivia(self.kind()) {
            return Err(self.expected("one or more whitespace characters,"));
        }
        self.ws();
        Ok(())
    }

    /// A line break (or the end of the file), then any whitespace.
    fn br(&mut self) -> Parsed<()> {
        self.sp();
        match self.kind() {
            Kind::Newline | Kind::Comment | Kind::DocComment(_) => {
                self.ws();
                Ok(())
            }
            Kind::Eof => Ok(()),
            _ => Err(self.expected("a line break,")),
        }
    }

    fn take_docs(&mut self) -> Option<String> {
        if self.docs.is_empty() {
            return None;
        }
        Some(std::mem::take(&mut self.docs).join("\n"))
    }

    // ----- names -----

    fn identifier(&mut self) -> Parsed<String> {
        if !self.at(&Kind::Identifier) {
            return Err(self.expected("IDENTIFIER"));
        }
        let text = self.text().to_owned();
        if !text.trim_start_matches('_').starts_with(|c: char| c.is_ascii_alphabetic()) {
            let end = self.token().end;
            let after = self.source.get(end..).and_then(|s| s.chars().next()).unwrap_or(' ');
            let column = self.pos().column + text.chars().count();
            let pos = Pos { line: self.pos().line, column };
            return Err(Fail::new(pos, format!("Expected a valid identifier character, but found '{after}'")));
        }
        self.advance();
        Ok(text)
    }

    /// `ns.name#Shape$member`, any part but the first optional; no spaces inside.
    fn shape_id(&mut self) -> Parsed<ShapeRef> {
        let pos = self.pos();
        let mut text = self.identifier()?;
        while self.at(&Kind::Dot) {
            self.advance();
            text.push('.');
            text.push_str(&self.identifier()?);
        }
        if self.at(&Kind::Pound) {
            self.advance();
            text.push('#');
            text.push_str(&self.identifier()?);
        }
        if self.at(&Kind::Dollar) {
            self.advance();
            text.push('$');
            text.push_str(&self.identifier()?);
        }
        Ok(ShapeRef { text, pos })
    }

    fn version(&self) -> Version {
        self.version.unwrap_or(Version::V1)
    }

    fn require_v2(&self, pos: Pos, message: &str) -> Parsed<()> {
        match self.version() {
            Version::V2 => Ok(()),
            Version::V1 => Err(Fail::new(pos, message)),
        }
    }

    fn absolute(&self, name: &str) -> String {
        format!("{}#{name}", self.namespace)
    }

    // ----- the file -----

    fn file(&mut self, path: &Path) -> Parsed<IdlFile> {
        self.ws();
        while self.at(&Kind::Dollar) {
            self.control_statement()?;
        }
        let version = self.version();
        let mut metadata: Vec<(String, Node)> = Vec::new();
        while self.at_keyword("metadata") {
            self.docs.clear();
            let pos = self.pos();
            self.advance();
            self.require_sp()?;
            let key = self.object_key("one of IDENTIFIER, STRING('\"');")?;
            self.sp();
            self.expect(Kind::Equal, "EQUAL('=')")?;
            self.sp();
            let value = self.node_value()?;
            self.br()?;
            if metadata.iter().any(|(k, _)| *k == key) {
                return Err(Fail::new(pos, format!("Duplicate metadata key `{key}`")));
            }
            metadata.push((key, value));
        }
        let mut file = IdlFile {
            path: path.to_owned(),
            version,
            metadata,
            namespace: None,
            uses: Vec::new(),
            shapes: Vec::new(),
            applies: Vec::new(),
        };
        if self.at(&Kind::Eof) {
            return Ok(file);
        }
        if !self.at_keyword("namespace") {
            return Err(self.expected("a namespace definition"));
        }
        self.advance();
        self.require_sp()?;
        let mut namespace = self.identifier()?;
        while self.at(&Kind::Dot) {
            self.advance();
            namespace.push('.');
            namespace.push_str(&self.identifier()?);
        }
        self.br()?;
        self.namespace = namespace.clone();
        file.namespace = Some(namespace);
        while self.at_keyword("use") {
            self.advance();
            self.require_sp()?;
            let pos = self.pos();
            let mut id = self.identifier()?;
            while self.at(&Kind::Dot) {
                self.advance();
                id.push('.');
                id.push_str(&self.identifier()?);
            }
            self.expect(Kind::Pound, "POUND('#')")?;
            id.push('#');
            id.push_str(&self.identifier()?);
            if self.at(&Kind::Dollar) {
                return Err(Fail::new(pos, "Use statements cannot use members"));
            }
            self.br()?;
            file.uses.push(ShapeRef { text: id, pos });
        }
        while !self.at(&Kind::Eof) {
            if let Some(apply) = self.shape_or_apply()? {
                file.applies.push(apply);
            }
            self.br()?;
        }
        file.shapes = std::mem::take(&mut self.shapes);
        Ok(file)
    }

    fn control_statement(&mut self) -> Parsed<()> {
        self.docs.clear();
        self.advance();
        let key = self.object_key("one of IDENTIFIER, STRING('\"');")?;
        self.sp();
        self.expect(Kind::Colon, "COLON(':')")?;
        self.sp();
        let value_pos = self.pos();
        let value = self.node_value()?;
        self.br()?;
        let text = |what: &str| match &value {
            Node::String(text) => Ok(text.clone()),
            other => Err(Fail::new(
                value_pos,
                format!("The ${what} control statement must have a string value, but found {}", node_summary(other)),
            )),
        };
        match key.as_str() {
            "version" => {
                if self.version.is_some() {
                    return Err(Fail::new(value_pos, "Duplicate control statement `version`"));
                }
                let version = match text("version")?.as_str() {
                    "1" | "1.0" => Version::V1,
                    "2" | "2.0" => Version::V2,
                    other => return Err(Fail::new(value_pos, format!("Unsupported Smithy version number: {other}"))),
                };
                self.version = Some(version);
            }
            "operationInputSuffix" => self.input_suffix = text("operationInputSuffix")?,
            "operationOutputSuffix" => self.output_suffix = text("operationOutputSuffix")?,
            // Unknown control statements are allowed (the reference loader warns).
            _ => {}
        }
        Ok(())
    }

    /// A shape statement (pushed to `self.shapes`) or an `apply` statement (returned).
    fn shape_or_apply(&mut self) -> Parsed<Option<Apply>> {
        let docs = self.take_docs();
        let mut traits = self.trait_statements()?;
        if !self.at(&Kind::Identifier) {
            return Err(self.expected("IDENTIFIER"));
        }
        let pos = self.pos();
        let word = self.text().to_owned();
        if word == "apply" {
            if !traits.is_empty() {
                return Err(Fail::new(pos, "Traits applied to apply statement"));
            }
            return self.apply().map(Some);
        }
        add_docs(&mut traits, docs, pos);
        let Some(kind) = SHAPE_TYPES.iter().copied().find(|t| *t == word) else {
            return Err(Fail::new(pos, format!("Unknown shape type: {word}")));
        };
        let shape = match kind {
            "enum" | "intEnum" => {
                self.require_v2(pos, &format!("{kind} shapes cannot be used in Smithy version 1.0"))?;
                let (name, mixins) = self.shape_head(None)?;
                self.ws();
                let members = self.enum_members(&name)?;
                if members.is_empty() && mixins.is_empty() {
                    let what = if kind == "enum" {
                        "enum must have at least one entry"
                    } else {
                        "intEnum shapes must have at least one member"
                    };
                    return Err(Fail::new(pos, format!("{}: {what}", self.absolute(&name))));
                }
                ShapeDef { name, pos, kind, traits, mixins, for_resource: None, body: Body::Members(members) }
            }
            "list" | "set" | "map" | "structure" | "union" => {
                if kind == "set" && self.version() == Version::V2 {
                    return Err(Fail::new(pos, "set shapes cannot be used in Smithy version 2.0"));
                }
                let mut for_resource = None;
                let (name, mixins) = self.shape_head(Some(&mut for_resource))?;
                self.ws();
                let members = self.shape_members(&name)?;
                check_collection_members(kind, &self.absolute(&name), &members, !mixins.is_empty(), pos)?;
                ShapeDef { name, pos, kind, traits, mixins, for_resource, body: Body::Members(members) }
            }
            "service" | "resource" => {
                let (name, mixins) = self.shape_head(None)?;
                self.ws();
                let properties = self.entity_properties(kind, &name)?;
                ShapeDef { name, pos, kind, traits, mixins, for_resource: None, body: Body::Properties(properties) }
            }
            "operation" => {
                let (name, mixins) = self.shape_head(None)?;
                self.ws();
                let body = self.operation_body(&name)?;
                ShapeDef { name, pos, kind, traits, mixins, for_resource: None, body }
            }
            _simple => {
                let (name, mixins) = self.shape_head(None)?;
                ShapeDef { name, pos, kind, traits, mixins, for_resource: None, body: Body::Empty }
            }
        };
        self.define(shape)?;
        Ok(None)
    }

    fn define(&mut self, shape: ShapeDef) -> Parsed<()> {
        if self.shapes.iter().any(|s| s.name == shape.name) {
            let message = format!("Duplicate shape definition for `{}`", self.absolute(&shape.name));
            return Err(Fail::new(shape.pos, message));
        }
        self.shapes.push(shape);
        Ok(())
    }

    /// The type keyword, the name, `for Resource` (where allowed) and `with [mixins]`.
    fn shape_head(&mut self, for_resource: Option<&mut Option<ShapeRef>>) -> Parsed<(String, Vec<ShapeRef>)> {
        self.advance();
        self.require_sp()?;
        let name = self.identifier()?;
        self.sp();
        if let Some(slot) = for_resource {
            *slot = self.for_resource()?;
        }
        let mixins = self.mixins()?;
        Ok((name, mixins))
    }

    fn for_resource(&mut self) -> Parsed<Option<ShapeRef>> {
        if !self.at_keyword("for") {
            return Ok(None);
        }
        let pos = self.pos();
        self.require_v2(pos, "Structures can only be bound to resources with Smithy version 2 or later")?;
        self.advance();
        self.require_sp()?;
        let resource = self.shape_id()?;
        self.sp();
        Ok(Some(resource))
    }

    fn mixins(&mut self) -> Parsed<Vec<ShapeRef>> {
        if !self.at_keyword("with") {
            return Ok(Vec::new());
        }
        let pos = self.pos();
        self.require_v2(
            pos,
            "Mixins can only be used with Smithy version 2 or later. Attempted to use mixins with version `1.0`.",
        )?;
        self.advance();
        self.ws();
        self.expect(Kind::LBracket, "LBRACKET('[')")?;
        self.ws();
        let mut mixins = vec![self.shape_id()?];
        self.ws();
        while !self.at(&Kind::RBracket) {
            mixins.push(self.shape_id()?);
            self.ws();
        }
        self.advance();
        Ok(mixins)
    }

    fn trait_statements(&mut self) -> Parsed<Vec<TraitUse>> {
        let mut traits = Vec::new();
        loop {
            self.ws();
            if !self.at(&Kind::At) {
                return Ok(traits);
            }
            traits.push(self.trait_use()?);
        }
    }

    fn trait_use(&mut self) -> Parsed<TraitUse> {
        self.advance();
        let id = self.shape_id()?;
        if !self.at(&Kind::LParen) {
            return Ok(TraitUse { id, value: None });
        }
        self.advance();
        self.ws();
        if self.at(&Kind::RParen) {
            self.advance();
            return Ok(TraitUse { id, value: None });
        }
        let first_is_key = matches!(self.kind(), Kind::String)
            || (self.at(&Kind::Identifier)
                && !matches!(
                    self.tokens.get(self.index + 1).map(|t| &t.kind),
                    Some(Kind::Dot | Kind::Pound | Kind::Dollar)
                ));
        let first = self.node_value()?;
        self.ws();
        if !(first_is_key && self.at(&Kind::Colon)) {
            self.expect(Kind::RParen, "RPAREN(')')")?;
            return Ok(TraitUse { id, value: Some(first) });
        }
        let key = match first {
            Node::String(key) => key,
            Node::ShapeId(key) => key.text,
            Node::Bool(b) => b.to_string(),
            _ => "null".to_owned(),
        };
        let mut entries = Vec::new();
        let mut key = Some(key);
        loop {
            let key_pos = self.pos();
            let key_text = match key.take() {
                Some(key) => key,
                None => self.object_key("one of IDENTIFIER, STRING('\"');")?,
            };
            self.ws();
            self.expect(Kind::Colon, "COLON(':')")?;
            self.ws();
            let value = self.node_value()?;
            push_entry(&mut entries, key_text, value, key_pos)?;
            self.ws();
            if self.at(&Kind::RParen) {
                self.advance();
                return Ok(TraitUse { id, value: Some(Node::Object(entries)) });
            }
        }
    }

    fn apply(&mut self) -> Parsed<Apply> {
        self.advance();
        self.require_sp()?;
        let target = self.shape_id()?;
        self.require_ws()?;
        let traits = if self.at(&Kind::LBrace) {
            self.advance();
            let traits = self.trait_statements()?;
            self.expect(Kind::RBrace, "RBRACE('}')")?;
            traits
        } else if self.at(&Kind::At) {
            vec![self.trait_use()?]
        } else {
            return Err(self.expected("one of AT('@'), LBRACE('{');"));
        };
        Ok(Apply { target, traits })
    }

    fn enum_members(&mut self, shape: &str) -> Parsed<Vec<MemberDef>> {
        self.expect(Kind::LBrace, "LBRACE('{')")?;
        let mut members: Vec<MemberDef> = Vec::new();
        loop {
            self.ws();
            if self.at(&Kind::RBrace) {
                self.advance();
                return Ok(members);
            }
            let docs = self.take_docs();
            let mut traits = self.trait_statements()?;
            let pos = self.pos();
            let name = self.identifier()?;
            add_docs(&mut traits, docs, pos);
            let value = self.value_assignment()?;
            self.push_member(&mut members, shape, MemberDef { name, pos, traits, target: Target::Unit, value })?;
        }
    }

    fn shape_members(&mut self, shape: &str) -> Parsed<Vec<MemberDef>> {
        self.expect(Kind::LBrace, "LBRACE('{')")?;
        let mut members: Vec<MemberDef> = Vec::new();
        loop {
            self.ws();
            if self.at(&Kind::RBrace) {
                self.advance();
                return Ok(members);
            }
            let docs = self.take_docs();
            let mut traits = self.trait_statements()?;
            let pos = self.pos();
            let (name, target) = if self.at(&Kind::Dollar) {
                self.require_v2(pos, "Members can only elide targets in IDL version 2 or later")?;
                self.advance();
                (self.identifier()?, Target::Elided)
            } else {
                let name = self.identifier()?;
                self.sp();
                self.expect(Kind::Colon, "COLON(':')")?;
                self.sp();
                (name, Target::Explicit(self.shape_id()?))
            };
            add_docs(&mut traits, docs, pos);
            let value = self.value_assignment()?;
            self.push_member(&mut members, shape, MemberDef { name, pos, traits, target, value })?;
        }
    }

    fn push_member(&self, members: &mut Vec<MemberDef>, shape: &str, member: MemberDef) -> Parsed<()> {
        if members.iter().any(|m| m.name == member.name) {
            return Err(Fail::new(
                member.pos,
                format!("{}: Found conflicting member name, `{}`", self.absolute(shape), member.name),
            ));
        }
        members.push(member);
        Ok(())
    }

    /// `= value` after a member, which must then end its line.
    fn value_assignment(&mut self) -> Parsed<Option<Node>> {
        self.sp();
        if !self.at(&Kind::Equal) {
            return Ok(None);
        }
        let pos = self.pos();
        self.require_v2(pos, "@default assignment is only supported in IDL version 2 or later")?;
        self.advance();
        self.sp();
        let value = self.node_value()?;
        self.sp();
        if self.at(&Kind::Comma) {
            self.advance();
        }
        self.br()?;
        Ok(Some(value))
    }

    fn entity_properties(&mut self, kind: &str, shape: &str) -> Parsed<Vec<(String, Node, Pos)>> {
        let allowed: &[&str] = match kind {
            "service" => &["version", "operations", "resources", "errors", "rename"],
            _ => &[
                "identifiers",
                "properties",
                "create",
                "put",
                "read",
                "update",
                "delete",
                "list",
                "operations",
                "collectionOperations",
                "resources",
            ],
        };
        self.expect(Kind::LBrace, "LBRACE('{')")?;
        let entries = self.object_entries(Kind::RBrace)?;
        for (key, _, pos) in &entries {
            if !allowed.contains(&key.as_str()) {
                return Err(Fail::new(*pos, format!("Unknown property `{key}` for {kind} `{}`", self.absolute(shape))));
            }
            if key == "properties" {
                self.require_v2(*pos, "Resource properties can only be used with Smithy version 2 or later.")?;
            }
        }
        Ok(entries)
    }

    fn operation_body(&mut self, name: &str) -> Parsed<Body> {
        self.expect(Kind::LBrace, "LBRACE('{')")?;
        let (mut input, mut output, mut errors) = (None, None, None);
        loop {
            self.ws();
            if self.at(&Kind::RBrace) {
                self.advance();
                return Ok(Body::Operation { input, output, errors });
            }
            let pos = self.pos();
            let key = self.identifier()?;
            let duplicate =
                || Fail::new(pos, format!("Duplicate operation {key} property for `{}`", self.absolute(name)));
            match key.as_str() {
                "input" | "output" => {
                    let slot_taken = if key == "input" { input.is_some() } else { output.is_some() };
                    if slot_taken {
                        return Err(duplicate());
                    }
                    self.ws();
                    let target = if self.at(&Kind::Walrus) {
                        self.inline_structure(name, &key)?
                    } else {
                        self.expect(Kind::Colon, "COLON(':')")?;
                        self.ws();
                        self.shape_id()?
                    };
                    if key == "input" {
                        input = Some(target);
                    } else {
                        output = Some(target);
                    }
                }
                "errors" => {
                    if errors.is_some() {
                        return Err(duplicate());
                    }
                    self.ws();
                    self.expect(Kind::Colon, "COLON(':')")?;
                    self.ws();
                    self.expect(Kind::LBracket, "LBRACKET('[')")?;
                    let mut list = Vec::new();
                    loop {
                        self.ws();
                        if self.at(&Kind::RBracket) {
                            self.advance();
                            break;
                        }
                        list.push(self.shape_id()?);
                    }
                    errors = Some(list);
                }
                other => {
                    return Err(Fail::new(pos, format!("Unknown property {other} for {}", self.absolute(name))));
                }
            }
            if !self.at(&Kind::RBrace) {
                self.require_ws()?;
            }
        }
    }

    /// `:= @traits for R with [M] { members }`: a structure named after the
    /// operation, with `@input` or `@output`.
    fn inline_structure(&mut self, operation: &str, which: &str) -> Parsed<ShapeRef> {
        let pos = self.pos();
        self.require_v2(
            pos,
            "Inlined operation inputs and outputs can only be used with Smithy version 2 or later. Attempted to use inlined IO with version `1.0`.",
        )?;
        self.advance();
        self.ws();
        let docs = self.take_docs();
        let mut traits = self.trait_statements()?;
        add_docs(&mut traits, docs, pos);
        let for_resource = self.for_resource()?;
        let mixins = self.mixins()?;
        self.ws();
        let suffix = if which == "input" { &self.input_suffix } else { &self.output_suffix };
        let name = format!("{operation}{suffix}");
        let members = self.shape_members(&name)?;
        traits.push(TraitUse { id: ShapeRef { text: format!("smithy.api#{which}"), pos }, value: None });
        self.define(ShapeDef {
            name: name.clone(),
            pos,
            kind: "structure",
            traits,
            mixins,
            for_resource,
            body: Body::Members(members),
        })?;
        Ok(ShapeRef { text: name, pos })
    }

    // ----- node values -----

    fn node_value(&mut self) -> Parsed<Node> {
        if self.depth >= MAX_NODE_DEPTH {
            return Err(Fail::new(self.pos(), format!("Node values nest deeper than {MAX_NODE_DEPTH} levels")));
        }
        self.depth += 1;
        let value = self.node_value_here();
        self.depth -= 1;
        value
    }

    fn node_value_here(&mut self) -> Parsed<Node> {
        let pos = self.pos();
        match self.kind().clone() {
            Kind::LBracket => {
                self.advance();
                let mut items = Vec::new();
                loop {
                    self.ws();
                    if self.at(&Kind::RBracket) {
                        self.advance();
                        return Ok(Node::Array(items));
                    }
                    items.push(self.node_value()?);
                }
            }
            Kind::LBrace => {
                self.advance();
                let entries = self.object_entries(Kind::RBrace)?;
                Ok(Node::Object(entries.into_iter().map(|(key, value, _)| (key, value)).collect()))
            }
            Kind::Number => {
                let text = self.text().to_owned();
                self.advance();
                number(&text)
                    .map(Node::Number)
                    .ok_or_else(|| Fail::new(pos, format!("Number `{text}` is out of range")))
            }
            Kind::String => {
                let value = lexer::string_value(self.text()).map_err(|message| Fail::new(pos, message))?;
                self.advance();
                Ok(Node::String(value))
            }
            Kind::TextBlock => {
                let value = lexer::text_block_value(self.text()).map_err(|message| Fail::new(pos, message))?;
                self.advance();
                Ok(Node::String(value))
            }
            Kind::Identifier => {
                let id = self.shape_id()?;
                Ok(match id.text.as_str() {
                    "true" => Node::Bool(true),
                    "false" => Node::Bool(false),
                    "null" => Node::Null,
                    _ => Node::ShapeId(id),
                })
            }
            _ => Err(self.expected(NODE_VALUE)),
        }
    }

    /// `key: value` pairs up to `close` (the opening brace taken).
    fn object_entries(&mut self, close: Kind) -> Parsed<Vec<(String, Node, Pos)>> {
        let mut entries: Vec<(String, Node, Pos)> = Vec::new();
        loop {
            self.ws();
            if self.at(&close) {
                self.advance();
                return Ok(entries);
            }
            let pos = self.pos();
            let key = self.object_key("one of RBRACE('}'), STRING('\"'), IDENTIFIER;")?;
            self.ws();
            self.expect(Kind::Colon, "COLON(':')")?;
            self.ws();
            let value = self.node_value()?;
            if entries.iter().any(|(k, _, _)| *k == key) {
                return Err(Fail::new(pos, format!("Duplicate member of object: `{key}`")));
            }
            entries.push((key, value, pos));
        }
    }

    fn object_key(&mut self, what: &str) -> Parsed<String> {
        match self.kind() {
            Kind::Identifier => self.identifier(),
            Kind::String => {
                let pos = self.pos();
                let key = lexer::string_value(self.text()).map_err(|message| Fail::new(pos, message))?;
                self.advance();
                Ok(key)
            }
            _ => Err(self.expected(what)),
        }
    }
}

fn is_trivia(kind: &Kind) -> bool {
    matches!(kind, Kind::Space | Kind::Newline | Kind::Comma | Kind::Comment | Kind::DocComment(_))
}

/// Doc comments become `@documentation`, unless the trait is written out too.
fn add_docs(traits: &mut Vec<TraitUse>, docs: Option<String>, pos: Pos) {
    let Some(docs) = docs else { return };
    let written = traits.iter().any(|t| matches!(t.id.text.as_str(), "documentation" | "smithy.api#documentation"));
    if !written {
        let id = ShapeRef { text: "smithy.api#documentation".to_owned(), pos };
        traits.insert(0, TraitUse { id, value: Some(Node::String(docs)) });
    }
}

fn push_entry(entries: &mut Vec<(String, Node)>, key: String, value: Node, pos: Pos) -> Parsed<()> {
    if entries.iter().any(|(k, _)| *k == key) {
        return Err(Fail::new(pos, format!("Duplicate member of object: `{key}`")));
    }
    entries.push((key, value));
    Ok(())
}

/// Lists need their `member`, maps their `key` and `value` (unless a mixin
/// brings them), and nothing else.
fn check_collection_members(kind: &str, id: &str, members: &[MemberDef], has_mixins: bool, pos: Pos) -> Parsed<()> {
    let expected: &[&str] = match kind {
        "list" | "set" => &["member"],
        "map" => &["key", "value"],
        _ => return Ok(()),
    };
    if let Some(extra) = members.iter().find(|m| !expected.contains(&m.name.as_str())) {
        return Err(Fail::new(extra.pos, format!("{kind} shapes cannot have a member named `{}`", extra.name)));
    }
    let missing: Vec<&str> = expected.iter().copied().filter(|name| !members.iter().any(|m| m.name == *name)).collect();
    if !missing.is_empty() && !has_mixins {
        let plural = if missing.len() > 1 { "members" } else { "member" };
        return Err(Fail::new(pos, format!("Missing required {plural} of shape `{id}`: {}", missing.join(", "))));
    }
    Ok(())
}

/// An IDL number as JSON: integers exactly when they fit 64 bits, else a double.
fn number(text: &str) -> Option<serde_json::Number> {
    let integral = !text.contains(['.', 'e', 'E']);
    if integral {
        if let Ok(value) = text.parse::<i64>() {
            return Some(value.into());
        }
        if let Ok(value) = text.parse::<u64>() {
            return Some(value.into());
        }
    }
    text.parse::<f64>().ok().and_then(serde_json::Number::from_f64)
}

fn node_summary(node: &Node) -> String {
    match node {
        Node::Null => "null".to_owned(),
        Node::Bool(b) => b.to_string(),
        Node::Number(n) => n.to_string(),
        Node::String(s) => format!("{s:?}"),
        Node::ShapeId(id) => id.text.clone(),
        Node::Array(_) => "an array".to_owned(),
        Node::Object(_) => "an object".to_owned(),
    }
}
