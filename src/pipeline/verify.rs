//! `log --verify`'s run: the history integrity checks over the working tree, with the same
//! range, policy overrides and waivers as `check`, and no evaluation of the projects.
//!
//! Two steps, so that the caller reads the environment between them: [`verify`] reads the
//! working tree and builds its policy, [`VerifyState::check`] runs the history checks and
//! returns the [`Report`] (a [`super::Body::Verified`]).

use std::path::Path;

use crate::history::{HistoryError, integrity};
use crate::load::{LoadOptions, Snapshot};
use crate::model::Date;
use crate::policy::Policy;
use crate::source::WorkTree;

use super::error::RunError;
use super::history::history_options;
use super::options::Environment;
use super::read::{Read, read};
use super::report::{Body, Report, Verified};

/// The working tree read, with its policy, before the history checks.
#[derive(Debug)]
pub struct VerifyState {
    snap: Snapshot,
    policy: Policy,
}

/// Reads the working tree at `root` and builds its policy: [`RunError::Source`] or
/// [`RunError::Policy`] when it cannot.
pub fn verify(root: &Path) -> Result<VerifyState, RunError> {
    let source = WorkTree::open(root)?;
    let Read { snap, policy } = read(&source, &LoadOptions::default(), None)?;
    Ok(VerifyState { snap, policy })
}

impl VerifyState {
    /// The history checks over the commits after `base` (default: the trigger's range), judged
    /// at `now` with the working tree's policy.
    pub fn check(
        self,
        root: &Path,
        base: Option<&str>,
        env: &Environment,
        now: Date,
    ) -> Result<Report, HistoryError> {
        let options = history_options(base, env, &self.policy, now);
        let history = integrity::check(root, &self.snap, &options)?;
        Ok(Report {
            source: "working tree".to_string(),
            notes: Vec::new(),
            body: Body::Verified(Verified {
                snap: self.snap,
                history,
            }),
        })
    }
}
