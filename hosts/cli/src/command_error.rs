//! How a subcommand ends: what it found, or why it stopped. The exit code and the words on
//! stderr are chosen here and nowhere else, as jj's `cli_util` does; a subcommand returns a
//! [`CommandResult`] and [`finish`] tells it. Diagnostics are rendered with miette
//! (`diagnostics.rs`) before a command returns [`CommandError::Policy`].

use std::fmt::Display;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use hallpolicy_runtime::CaseError;

use crate::component_host::{HostError, LimitError};

/// What a subcommand that ran to its end found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything it looked at is as it should be (exit 0).
    Done,
    /// It reported something to act on: diagnostics, a gap in coverage, a changed case, a
    /// failed snapshot, an unformatted file (exit 1).
    Findings,
}

/// A subcommand's ending.
pub type CommandResult = Result<Outcome, CommandError>;

/// Why a subcommand stopped before its end.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// A rule file does not compile; its diagnostics have been printed.
    #[error("the rule file has diagnostics")]
    Policy,
    /// A file or folder could not be read.
    #[error("cannot read `{}`: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    /// A file could not be written.
    #[error("cannot write `{}`: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
    /// The case file could not be read: the case's fault, as a refusal is.
    #[error("cannot read `{}`: {source}", path.display())]
    ReadCase { path: PathBuf, source: std::io::Error },
    /// The policy refused the case.
    #[error("{}: {error}", path.display())]
    Case { path: PathBuf, error: Box<CaseError> },
    /// A call limit outside the range every host accepts.
    #[error(transparent)]
    Limit(#[from] LimitError),
    /// The component could not be built.
    #[error(transparent)]
    Build(#[from] hallpolicy_builder::BuildError),
    /// The component failed or went past its limits.
    #[error(transparent)]
    Host(#[from] HostError),
    /// The command was asked for something the policy or the input does not have.
    #[error("{0}")]
    Usage(String),
    /// `hall serve` could not start or stopped with an error.
    #[error("{0}")]
    Serve(String),
    /// The reader of standard output went away (`hall … | head`): end quietly.
    #[error("standard output was closed")]
    ClosedOutput,
}

impl CommandError {
    /// A read failure of `path`, for `map_err`.
    pub fn read(path: &Path) -> impl FnOnce(std::io::Error) -> CommandError + '_ {
        move |source| CommandError::Read {
            path: path.to_path_buf(),
            source,
        }
    }

    /// A write failure of `path`, for `map_err`.
    pub fn write(path: &Path) -> impl FnOnce(std::io::Error) -> CommandError + '_ {
        move |source| CommandError::Write {
            path: path.to_path_buf(),
            source,
        }
    }

    /// The exit code: 1 for the case's fault, 2 for the policy's, the input's or the command
    /// line's, 3 for the component's, 141 for a closed pipe (as a shell reports SIGPIPE).
    pub fn exit_code(&self) -> u8 {
        match self {
            CommandError::ReadCase { .. } | CommandError::Case { .. } => 1,
            CommandError::Policy
            | CommandError::Read { .. }
            | CommandError::Write { .. }
            | CommandError::Limit(_)
            | CommandError::Build(_)
            | CommandError::Usage(_)
            | CommandError::Serve(_) => 2,
            CommandError::Host(_) => 3,
            CommandError::ClosedOutput => 141,
        }
    }

    /// Whether the error has already been told (diagnostics) or needs no words.
    fn is_silent(&self) -> bool {
        matches!(self, CommandError::Policy | CommandError::ClosedOutput)
    }
}

/// Tells how a subcommand ended and gives its exit code.
pub fn finish(result: CommandResult) -> ExitCode {
    match result {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::FAILURE,
        Err(error) => {
            if !error.is_silent() {
                error_line(&error);
            }
            ExitCode::from(error.exit_code())
        }
    }
}

/// A line of progress or a summary for the person at the terminal, on stderr so that stdout
/// stays the command's output.
pub fn status(message: impl Display) {
    let _ = writeln!(std::io::stderr(), "{message}");
}

/// A problem that does not stop the command (a refused case among many), on stderr.
pub fn error_line(message: impl Display) {
    let _ = writeln!(std::io::stderr(), "error: {message}");
}
