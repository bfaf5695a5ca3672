//! The Smithy IDL reader: `.smithy` text → Smithy JSON AST documents, the same
//! form `.json` model files have, so that loading past this point never knows
//! which form a model came in.
//!
//! Two steps, because a relative shape id may name a shape of another file:
//! [`parse`] reads one file's syntax; [`to_json_ast`] resolves every parsed
//! file against all the model's shapes and writes one document per file.
//! Errors name the file, line and column; no input makes the reader panic.

mod lexer;
mod parser;
mod resolve;
mod syntax;

use std::path::Path;

use serde_json::{Map, Value};

pub(crate) use syntax::IdlFile;

use crate::error::Error;
use crate::model::assemble::Positions;
use lexer::Pos;

/// A syntax or resolution error at a position of the file being read.
#[derive(Debug)]
pub(crate) struct Fail {
    pos: Pos,
    message: String,
}

impl Fail {
    fn new(pos: Pos, message: impl Into<String>) -> Self {
        Self { pos, message: message.into() }
    }

    fn into_error(self, file: &Path) -> Error {
        Error::Idl { file: file.to_owned(), line: self.pos.line, column: self.pos.column, message: self.message }
    }
}

/// Reads the syntax of one `.smithy` file.
pub(crate) fn parse(file: &Path, text: &str) -> Result<IdlFile, Error> {
    parser::parse(file, text).map_err(|fail| fail.into_error(file))
}

/// The JSON AST document of each parsed file, in order, with the line and
/// column of each shape it defines. `json_shapes` are the `shapes` of the
/// model's JSON files, which IDL files may refer to.
pub(crate) fn to_json_ast(
    files: &[IdlFile],
    json_shapes: &[&Map<String, Value>],
) -> Result<Vec<(Value, Positions)>, Error> {
    let error = |index: usize, fail: Fail| fail.into_error(&files[index].path);
    let resolver = resolve::Resolver::new(files, json_shapes).map_err(|(index, fail)| error(index, fail))?;
    (0..files.len()).map(|index| resolver.document(index).map_err(|fail| error(index, fail))).collect()
}

#[cfg(test)]
mod tests;
