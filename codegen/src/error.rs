//! The library's error type: every failure says where, so that a person can act on it.

use std::fmt;
use std::path::PathBuf;

use crate::model::Location;

/// Why code generation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// A model file is not valid JSON.
    #[error("{}:{line}:{column}: invalid JSON: {message}", file.display())]
    Json {
        /// The model file.
        file: PathBuf,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What the JSON parser said.
        message: String,
    },
    /// A Smithy IDL (`.smithy`) file has a syntax error, or a shape id or
    /// member it cannot resolve.
    #[error("{}:{line}:{column}: {message}", file.display())]
    Idl {
        /// The model file.
        file: PathBuf,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What is wrong, and what was expected.
        message: String,
    },
    /// The model has problems; all of them are listed.
    #[error("{}", ProblemList(problems))]
    Model {
        /// Every problem found, sorted by file, shape and member.
        problems: Vec<Problem>,
    },
    /// The settings ask for something the model does not have.
    #[error("{0}")]
    Settings(String),
    /// A bug in the generator: it produced code that does not parse.
    #[error("internal error (please report it): {0}")]
    Internal(String),
    /// `--check` found generated files that differ from what the model gives.
    #[error("{}", stale_message(files, command))]
    Stale {
        /// The files that differ, are missing, or should not be there.
        files: Vec<PathBuf>,
        /// The command that brings them up to date.
        command: String,
    },
}

/// One thing wrong with the model, and where it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// The model file, when the shape came from one.
    pub file: Option<PathBuf>,
    /// Line and column of the shape in `file`, when it came from an IDL file.
    pub position: Option<(usize, usize)>,
    /// The shape id.
    pub shape: Option<String>,
    /// The member name, when the problem is on a member.
    pub member: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl Problem {
    pub(crate) fn new(location: Location, message: impl Into<String>) -> Self {
        Self {
            file: location.file,
            position: location.position,
            shape: location.shape,
            member: location.member,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.position) {
            (Some(file), Some((line, column))) => write!(f, "{}:{line}:{column}: ", file.display())?,
            (Some(file), None) => write!(f, "{}: ", file.display())?,
            (None, _) => f.write_str("<prelude>: ")?,
        }
        if let Some(shape) = &self.shape {
            write!(f, "shape `{shape}`")?;
            if let Some(member) = &self.member {
                write!(f, ", member `{member}`")?;
            }
            f.write_str(": ")?;
        }
        f.write_str(&self.message)
    }
}

struct ProblemList<'a>(&'a [Problem]);

impl fmt::Display for ProblemList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.len();
        write!(f, "the model has {count} problem{}:", if count == 1 { "" } else { "s" })?;
        for problem in self.0 {
            write!(f, "\n  - {problem}")?;
        }
        Ok(())
    }
}

fn stale_message(files: &[PathBuf], command: &str) -> String {
    let mut text = format!("{} generated file(s) are out of date:", files.len());
    for file in files {
        text.push_str(&format!("\n  - {}", file.display()));
    }
    text.push_str(&format!("\nrun `{command}` to update them"));
    text
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }

    /// The model problems, if this is a model error.
    pub fn problems(&self) -> &[Problem] {
        match self {
            Error::Model { problems } => problems,
            _ => &[],
        }
    }
}

/// Collects problems so that a stage can report all of them at once.
#[derive(Debug, Default)]
pub(crate) struct Problems(Vec<Problem>);

impl Problems {
    pub(crate) fn push(&mut self, location: Location, message: impl Into<String>) {
        self.0.push(Problem::new(location, message));
    }

    /// `Ok(value)` when nothing was reported, else every problem, sorted and deduplicated.
    pub(crate) fn into_result<T>(self, value: T) -> Result<T, Error> {
        if self.0.is_empty() {
            return Ok(value);
        }
        let mut problems = self.0;
        problems.sort();
        problems.dedup();
        Err(Error::Model { problems })
    }
}
