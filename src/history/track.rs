//! What the history checks remember about each project along the walk: where each result,
//! decision, sign-off, approver and waiver was first or last changed. Plain data that the
//! integrity walk ([`super::integrity`]) fills in and the judges of each kind of record
//! ([`super::criteria`], [`super::signoff`], [`super::records`]) read.

use std::collections::HashMap;
use std::sync::Arc;

use super::repo::CommitInfo;
use crate::model::{Decision, Gate, GovernanceFile, KpisFile, RuleWaiver};

/// A change to an item: where it was made, and whether that is inside the checked range.
#[derive(Clone, Debug)]
pub(super) struct Change {
    pub at: Option<CommitInfo>,
    pub is_new: bool,
}

/// The latest change that set a governance item to agreed.
#[derive(Clone, Debug)]
pub(super) struct Settlement {
    pub change: Change,
    /// The approver named before that change: the one entitled to make it.
    pub approver: String,
}

/// The latest change that named a governance item's approver.
#[derive(Clone, Debug)]
pub(super) struct Naming {
    pub change: Change,
    /// The approver before (`None`: the change added the item).
    pub from: Option<String>,
    pub to: String,
}

/// What is remembered about one project along the walk.
#[derive(Default)]
pub(super) struct Track {
    /// (kpi, gate) -> where a result for it was first committed inside the range (results
    /// from before the range are looked up when a criteria change needs them:
    /// [`super::integrity::Checker::results_before`]).
    pub first_result: HashMap<(String, Gate), String>,
    /// The last kpis.yaml and governance.yaml seen: a file deleted and added back is compared
    /// with what it held before.
    pub kpis: Option<Arc<KpisFile>>,
    pub governance: Option<Arc<GovernanceFile>>,
    /// The owner with authority over the range's changes: as of its base, or for a project
    /// created inside the range, as created. Changing the owner inside the range confers no
    /// authority over the range's own changes.
    pub owner: Option<String>,
    /// decision id -> (the decision as first recorded, where; `None`: already at the range's
    /// start, where it was recorded is looked up only when a finding names it).
    pub originals: HashMap<String, (Decision, Option<String>)>,
    /// decision id -> (where it last changed, whether that is after the base).
    pub changes: HashMap<String, (String, bool)>,
    /// governance item id -> the latest change that set it to agreed.
    pub settled: HashMap<String, Settlement>,
    /// governance item id -> the latest change that named its approver.
    pub named: HashMap<String, Naming>,
    /// decision id -> where it was first recorded.
    pub recorded: HashMap<String, Change>,
    /// Project waivers, each with the change that granted its current terms.
    pub granted: Vec<Grant>,
}

impl Track {
    /// A decision as first recorded.
    pub fn original(&self, id: &str) -> Option<&Decision> {
        self.originals.get(id).map(|(d, _)| d)
    }
}

/// A waiver's terms, as a change granted them, and where.
#[derive(Clone, Debug)]
pub(super) struct Grant {
    pub waiver: RuleWaiver,
    pub change: Change,
}
