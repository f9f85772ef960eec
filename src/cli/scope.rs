//! The flags of `check` and `comment` that choose what a run judges and compares it with; what
//! they do is decided in `tollgate::pipeline` (its baseline).

/// The flags that choose the state judged, the base and the scope.
#[derive(Debug, Clone, clap::Args)]
pub struct ScopeArgs {
    /// Compare with this revision as a pull request is compared with its base: evaluate only
    /// the projects changed since REV (every project when a file outside the project folders
    /// changed), judged by the stricter of REV's and the judged state's policy; also the base
    /// of the history checks unless `--history-base` is given [default: in a pull request the
    /// merge base with its base; otherwise none, and every project is evaluated].
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    /// Evaluate every project, also in a pull request or with `--base` (the base's policy still
    /// judges the change).
    #[arg(long)]
    pub all: bool,
    /// Judge this commit (`HEAD`, a branch, a commit id) instead of the working tree: its files,
    /// and the history up to it. What a pull request merges is its commit; files earlier steps
    /// of a job wrote beside it are not read, and no file is stat'ed to find changes.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
}
