//! The one value a run that judges a state produces (`check`, `comment`, `report`): what every
//! renderer and the GitHub layer read, and nothing they change.

use crate::evaluate::Evaluation;
use crate::history::diff::Diff;
use crate::history::trend::Trends;
use crate::history::{HistoryError, HistoryStatus};
use crate::load::Snapshot;
use crate::policy::Policy;

/// Everything one run found.
#[derive(Debug)]
pub struct Report {
    /// The state read (its files give findings their source lines; its layout, their paths).
    pub snap: Snapshot,
    /// The policy that judged it (with a base: the stricter of the base's and its own).
    pub policy: Policy,
    /// The project verdicts and every finding, the history checks' included.
    pub eval: Evaluation,
    /// What the run says about its scope (projects left unevaluated, a base policy not used).
    pub notes: Vec<String>,
    /// Whether the history checks ran, and over which commits; `None` when not asked for.
    pub history: Option<HistoryStatus>,
    /// What the change does since the base of the history range, when asked for (`Err`: why
    /// it cannot be shown).
    pub diff: Option<Result<Diff, HistoryError>>,
    /// The KPI trends and decision timelines walked over the history (`report`); `None` when
    /// not walked.
    pub trends: Option<Trends>,
    /// Which state was read: "working tree", or for `report` "working tree on commit 1a2b3c4"
    /// or "commit 1a2b3c4 (REV)".
    pub source: String,
}

impl Report {
    /// Whether any finding blocks (exit status 1).
    pub fn blocking(&self) -> bool {
        self.eval.blocking()
    }
}
