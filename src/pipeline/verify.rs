//! `log --verify`'s run: the history integrity checks over the working tree, with the same
//! range, policy overrides and waivers as `check`, and no evaluation of the projects.
//!
//! Two steps, so that the caller reads the environment between them: [`verify`] reads the
//! working tree and builds its policy, [`Verified::check`] runs the history checks.

use std::path::Path;

use crate::history::{HistoryError, HistoryReport, integrity};
use crate::load::{LoadOptions, Snapshot};
use crate::model::Date;
use crate::policy::Policy;
use crate::source::WorkTree;

use super::error::RunError;
use super::history::history_options;
use super::options::Environment;
use super::read::{Read, read};

/// The working tree read, with its policy, before the history checks.
#[derive(Debug)]
pub struct Verified {
    /// The state read (its files give the findings their source lines).
    pub snap: Snapshot,
    /// Its policy (overrides and waivers of the history checks).
    pub policy: Policy,
}

/// Reads the working tree at `root` and builds its policy: [`RunError::Source`] or
/// [`RunError::Policy`] when it cannot.
pub fn verify(root: &Path) -> Result<Verified, RunError> {
    let source = WorkTree::open(root)?;
    let Read { snap, policy } = read(&source, &LoadOptions::default(), None)?;
    Ok(Verified { snap, policy })
}

impl Verified {
    /// The history checks over the commits after `base` (default: the trigger's range), judged
    /// at `now`.
    pub fn check(
        &self,
        root: &Path,
        base: Option<&str>,
        env: &Environment,
        now: Date,
    ) -> Result<HistoryReport, HistoryError> {
        let options = history_options(base, env, &self.policy, now);
        integrity::check(root, &self.snap, &options)
    }
}
