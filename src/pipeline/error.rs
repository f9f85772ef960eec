//! Why a run stops before it has a report: each variant is an input error (exit status 2), and
//! carries what the caller needs to say it in the format asked for.

use std::path::PathBuf;

use crate::findings::Finding;
use crate::history::HistoryError;
use crate::load::Snapshot;
use crate::source::SourceError;

/// A run that could not produce a [`super::Report`].
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The base to compare with was asked for (or history is required) and cannot be read.
    #[error("cannot compare with the base: {0}")]
    Base(HistoryError),
    /// The commit to judge (`--rev`) cannot be read.
    #[error("cannot read the revision to judge: {0}")]
    Rev(HistoryError),
    /// The repository's files cannot be read at all.
    #[error(transparent)]
    Source(#[from] SourceError),
    /// `--project` names no project folder.
    #[error("no project `{id}` in {}", dir.display())]
    NoProject {
        /// The project asked for.
        id: String,
        /// The projects folder looked in.
        dir: PathBuf,
    },
    /// The policy files are invalid.
    #[error("the policy is invalid: {} problem(s)", problems.len())]
    Policy {
        /// What is wrong with them.
        problems: Vec<Finding>,
        /// The state read, for the problems' locations.
        snap: Box<Snapshot>,
    },
    /// A policy rule failed on a project's data.
    #[error("a policy rule could not be evaluated: {} problem(s)", problems.len())]
    Runtime {
        /// The `policy-runtime` findings.
        problems: Vec<Finding>,
        /// The state read, for the problems' locations.
        snap: Box<Snapshot>,
    },
    /// The history checks could not run (history was required and is missing, or git failed).
    #[error("cannot check the history: {0}")]
    History(HistoryError),
}
