//! Why a history operation could not run at all, as opposed to the findings it has about the
//! history: every history entry point returns it, and the binary turns it into exit status 2.

/// Why a history operation could not run at all (as opposed to findings about the history).
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("{path} is not inside a git repository")]
    NotARepository { path: String },
    #[error("the repository has no commits yet")]
    NoCommits,
    #[error(
        "the clone is shallow, so the history needed is missing; fetch the full history \
         (`fetch-depth: 0` for actions/checkout, or `git fetch --unshallow`)"
    )]
    Shallow,
    #[error("revision `{rev}` not found{hint}")]
    RevNotFound { rev: String, hint: String },
    #[error(
        "`{base}` and `{head}` have no common ancestor (unrelated histories); give BASE explicitly"
    )]
    NoMergeBase { base: String, head: String },
    #[error("cannot read the repository: {0}")]
    Source(#[from] crate::source::SourceError),
    #[error("git: {0}")]
    Git(String),
}

impl From<git2::Error> for HistoryError {
    fn from(e: git2::Error) -> Self {
        HistoryError::Git(e.message().to_string())
    }
}
