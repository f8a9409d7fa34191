//! What can go wrong with a lesson file, said with the file, line and field, as a scenario's
//! errors are.

use super::lesson_names;
use crate::scenario::suggestion;

/// What can go wrong with a lesson.
#[derive(Debug, thiserror::Error)]
pub enum LessonError {
    /// The file could not be read.
    #[error("cannot read lesson file {path}")]
    Read {
        /// The path given.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// Not a valid lesson file: RON syntax, an unknown or missing field, a wrong type.
    #[error("{origin}:{line}:{column}: {message}")]
    Parse {
        /// The file or shipped lesson.
        origin: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// Values that do not make a lesson: an unknown measure, a question with one answer...
    #[error("{}", invalid_message(origin, problems))]
    Invalid {
        /// The file or shipped lesson.
        origin: String,
        /// Each problem: the field (`cards[2].question.answers[0].when`), what is wrong with
        /// it, and its line when it can be found.
        problems: Vec<Problem>,
    },
    /// Neither a shipped lesson's name nor an existing file.
    #[error(
        "no lesson named `{0}`{hint}: give a lesson file's path, or one of: {lessons}",
        hint = suggestion(.0, lesson_names()),
        lessons = lesson_names().join(", ")
    )]
    Unknown(String),
    /// A card's world could not be made (a scenario change that does not apply).
    #[error("card {card}: {message}")]
    Run {
        /// 1-based card number.
        card: usize,
        /// What went wrong.
        message: String,
    },
}

/// One thing wrong in a lesson file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The field, as a path (`cards[2].question.answers`; cards counted from 1).
    pub field: String,
    /// What is wrong and what would be valid.
    pub message: String,
    /// The 1-based line, where it can be found.
    pub line: Option<usize>,
}

fn invalid_message(origin: &str, problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| match p.line {
            Some(line) => format!("{origin}:{line}: `{}` {}", p.field, p.message),
            None => format!("{origin}: `{}` {}", p.field, p.message),
        })
        .collect::<Vec<_>>()
        .join("\n")
}
