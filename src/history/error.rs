//! Why a history operation could not run at all, as opposed to the findings it has about the
//! history: every history entry point returns it, and the binary turns it into exit status 2.

/// Why a history operation could not run at all (as opposed to findings about the history).
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// There is no git repository around the path: the history checks cannot run.
    #[error("{path} is not inside a git repository")]
    NotARepository {
        /// The path given.
        path: String,
    },
    /// The repository has no commit yet, so there is no history.
    #[error("the repository has no commits yet")]
    NoCommits,
    #[error(
        "the clone is shallow, so the history needed is missing; fetch the full history \
         (`fetch-depth: 0` for actions/checkout, or `git fetch --unshallow`)"
    )]
    /// A shallow clone: the commits the checks need are missing, and judging without them
    /// could pass a change that should fail.
    Shallow,
    #[error("revision `{rev}` not found{hint}")]
    /// A revision named on the command line or by the event does not exist.
    RevNotFound {
        /// The revision as given.
        rev: String,
        /// What might help ("; fetch the base branch"), or empty.
        hint: String,
    },
    #[error(
        "`{base}` and `{head}` have no common ancestor (unrelated histories); give BASE explicitly"
    )]
    /// The two revisions share no history, so no range between them can be chosen.
    NoMergeBase {
        /// The base revision.
        base: String,
        /// The head revision.
        head: String,
    },
    /// A commit's tree could not be read as a source.
    #[error("cannot read the repository: {0}")]
    Source(#[from] crate::source::SourceError),
    /// Any other failure of git, with its message.
    #[error("git: {0}")]
    Git(String),
}

impl From<git2::Error> for HistoryError {
    fn from(e: git2::Error) -> Self {
        HistoryError::Git(e.message().to_string())
    }
}
