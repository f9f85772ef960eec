//! What a run is asked to do: the flags of `check` and `comment`, and what the environment says
//! about history, as plain data.

use std::path::Path;

use crate::history::Trigger;
use crate::model::{Date, SignoffProof};

/// What the environment of a run says about history (the CLI reads GitHub Actions' variables
/// and event file once, and passes the result in).
#[derive(Clone, Debug)]
pub struct Environment {
    /// What started the run (pull request, push, or neither).
    pub trigger: Trigger,
    /// Missing git history is an error, not a note (`--require-history`, or GitHub Actions).
    pub require_history: bool,
    /// What proves a sign-off when tollgate.yaml does not say.
    pub proof_default: SignoffProof,
}

/// What one `check` or `comment` run reads and does.
#[derive(Clone, Debug)]
pub struct RunOptions<'a> {
    /// The governance repository.
    pub root: &'a Path,
    /// Overrides tollgate.yaml's `max_file_bytes`.
    pub max_file_bytes: Option<u64>,
    /// Evaluate only this project (and report only its findings and those about no project).
    pub project: Option<&'a str>,
    /// Compare with this revision as a pull request is compared with its base (`--base`).
    pub base: Option<&'a str>,
    /// Judge this commit's files instead of the working tree's (`--rev`): what a pull request
    /// merges, without what earlier steps of a job wrote beside it.
    pub rev: Option<&'a str>,
    /// Evaluate every project, also against a base (`--all`).
    pub all: bool,
    /// Run the history checks (`false` with `--no-history`).
    pub history: bool,
    /// The base of the history checks when it is not [`RunOptions::base`] (`--history-base`).
    pub history_base: Option<&'a str>,
    /// Also compare the working tree with the base of the history range (the comment's diff).
    pub diff: bool,
    /// The date expiries and reviews are judged against.
    pub now: Date,
    /// What the environment says about history.
    pub env: Environment,
}
