//! The audit trail's vocabulary: the events a project's history is read as (and who made each,
//! proven how), what a walk over them is asked to show, and the decision-timeline events of one
//! project change. A leaf of the history folder: [`super::attribution`] judges who made an event,
//! [`super::trail`] walks the history and produces the events, [`super::log`] is the command's
//! entry point; all three read these types, none of them is read from here.

use std::sync::Arc;

use git2::Oid;
use serde::Serialize;

use super::proof::Proof;
use super::repo::CommitInfo;
use super::walk::{ProjectFiles, Transition};
use crate::evaluate::KpiStatus;
use crate::model::{
    Area, CriteriaChange, DatasetKind, Date, Decimal, Decision, Gate, Outcome, Stage, Status,
    Topic, Unit, Waiver,
};
use crate::policy::Policy;

/// What happened to a project.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Event {
    /// A decision id appeared in decisions.yaml.
    DecisionRecorded {
        /// The decision as recorded.
        decision: Decision,
    },
    /// A recorded decision's content changed (decisions are append-only: see `decision-rewritten`).
    DecisionEdited {
        /// The decision's id.
        id: String,
        /// The gate it concerns.
        gate: Gate,
    },
    /// A recorded decision disappeared.
    DecisionRemoved {
        /// The decision's id.
        id: String,
        /// The gate it concerns.
        gate: Gate,
    },
    /// project.yaml's stage changed (`from` is `None` when the project was created).
    StageChanged {
        /// The stage before; `None` when the project was created.
        from: Option<Stage>,
        /// The stage after.
        to: Stage,
    },
    /// The project folder (or its project.yaml) was removed.
    ProjectRemoved {
        /// The stage the project was at.
        stage: Option<Stage>,
    },
    /// The project folder was renamed.
    ProjectRenamed {
        /// The folder's previous name.
        from: String,
    },
    /// The outcome the pre-agreed criteria recommend at the project's gate changed (a new
    /// result, changed criteria, or a stage move to another gate); see [`LogOptions::recommend`].
    RecommendationChanged {
        /// The gate it concerns.
        gate: Gate,
        /// The recommendation before; `None`: none (no criteria or results).
        from: Option<Outcome>,
        /// The recommendation after.
        to: Option<Outcome>,
    },
    /// A newly recorded decision (`by`) replaced the one in force for its gate (`id`): named in
    /// its `supersedes`, or the gate's latest decision before it.
    DecisionSuperseded {
        /// The decision that was in force.
        id: String,
        /// The decision that replaced it.
        by: String,
        /// The gate it concerns.
        gate: Gate,
    },
    /// A governance item appeared in governance.yaml.
    GovernanceAdded {
        /// The governance item's id.
        item: String,
        /// What the item governs.
        topic: Topic,
        /// Its title.
        title: String,
        /// Who must sign it off.
        approver: String,
        /// Its status when added.
        status: Status,
    },
    /// A governance item's status changed (`from` is `None` when the item was added with a
    /// status other than pending). `approver` is the approver named before the change: the one
    /// entitled to make it. `waiver` holds the terms of a waiver.
    GovernanceStatusChanged {
        /// The governance item's id.
        item: String,
        /// What the item governs.
        topic: Topic,
        /// The status before; `None` when the item was added.
        from: Option<Status>,
        /// The status after.
        to: Status,
        /// The approver named before the change: the one entitled to make it.
        approver: String,
        /// The waiver's terms, when the new status is waived.
        waiver: Option<Waiver>,
    },
    /// A governance item disappeared from governance.yaml.
    GovernanceRemoved {
        /// The governance item's id.
        item: String,
        /// Its status when removed.
        status: Status,
    },
    /// A governance item's approver changed.
    ApproverChanged {
        /// The governance item's id.
        item: String,
        /// The approver before.
        from: String,
        /// The approver after.
        to: String,
    },
    /// An agreed item's `review_due` date passed with the item still agreed on those terms.
    ReviewDuePassed {
        /// The governance item's id.
        item: String,
        /// The review date that passed.
        due: Date,
    },
    /// A waiver was granted, or its terms changed while in force: of a governance item that
    /// stays waived (`item`), or of a rule for the project (`rule`, project.yaml `waivers:`).
    WaiverGranted {
        /// The governance item that stays waived.
        item: Option<String>,
        /// The waived rule's id (project.yaml `waivers:`).
        rule: Option<String>,
        /// Who granted it.
        approved_by: String,
        /// Why it was granted.
        reason: String,
        /// When it ends.
        expires: Date,
    },
    /// A waiver's expiry date passed while it was in force.
    WaiverExpired {
        /// The governance item that was waived.
        item: Option<String>,
        /// The waived rule's id.
        rule: Option<String>,
        /// When it ends.
        expires: Date,
    },
    /// A KPI got criteria for a gate (a new KPI, or a gate added to one). `after_results`:
    /// results for the KPI at that gate had already been committed.
    CriteriaRegistered {
        /// The KPI's id.
        kpi: String,
        /// The gate it concerns.
        gate: Gate,
        /// The criterion as people read it (`>= 70%`).
        criterion: String,
        /// Results for the KPI at the gate already existed (or came in the same change): what makes the change suspect.
        after_results: bool,
    },
    /// What a KPI's criteria for a gate judge changed (`changes`: "threshold 70 -> 60", …).
    /// `record` is the `criteria_changes` entry the same change added for the KPI and gate;
    /// `None`: the change is unrecorded. `after_results`: results for them existed before, or
    /// came in the same change.
    CriteriaChanged {
        /// The KPI's id.
        kpi: String,
        /// The gate it concerns.
        gate: Gate,
        /// What changed, one line each.
        changes: Vec<String>,
        /// The `criteria_changes` entry that records it; `None`: unrecorded.
        record: Option<CriteriaChange>,
        /// Results for the KPI at the gate already existed (or came in the same change): what makes the change suspect.
        after_results: bool,
    },
    /// A KPI's criteria for a gate were removed (`kpi_removed`: with the KPI).
    CriteriaRemoved {
        /// The KPI's id.
        kpi: String,
        /// The gate it concerns.
        gate: Gate,
        /// The whole KPI went, not only its criteria for this gate.
        kpi_removed: bool,
        /// Results for the KPI at the gate already existed (or came in the same change): what makes the change suspect.
        after_results: bool,
    },
    /// A result appeared in results.yaml, measured against the criteria of that commit.
    ResultRecorded {
        /// The result's id.
        result: String,
        /// The KPI's id.
        kpi: String,
        /// The gate it concerns.
        gate: Gate,
        /// The result as measured against that commit's criteria.
        measured: Measured,
    },
    /// A recorded result's content changed.
    ResultChanged {
        /// The result's id.
        result: String,
        /// The KPI's id.
        kpi: String,
        /// The gate it concerns.
        gate: Gate,
        /// As it was.
        before: Measured,
        /// As it is now.
        after: Measured,
    },
    /// A recorded result disappeared.
    ResultRemoved {
        /// The result's id.
        result: String,
        /// The KPI's id.
        kpi: String,
        /// The gate it concerns.
        gate: Gate,
    },
    /// An open issue that blocks a gate was added, or reopened.
    IssueOpened {
        /// The issue's id.
        issue: String,
        /// The area it belongs to.
        area: Area,
        /// Its title.
        title: String,
        /// The gate it blocks.
        blocks: Gate,
        /// It was resolved before.
        reopened: bool,
    },
    /// An issue that blocks a gate was resolved (or added as resolved).
    IssueResolved {
        /// The issue's id.
        issue: String,
        /// The gate it blocks.
        blocks: Gate,
        /// How it was resolved, when the file says.
        resolution: Option<String>,
    },
    /// An open issue that blocked a gate disappeared from issues.yaml.
    IssueRemoved {
        /// The issue's id.
        issue: String,
        /// The gate it blocks.
        blocks: Gate,
    },
}

/// A result as measured by [`crate::evaluate::measure`], the measure `check` uses.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Measured {
    /// In the KPI's unit (a rate `successes / n` as its value); `None` without a value.
    pub value: Option<Decimal>,
    /// The value as people read it (`78%`, `11.8 s`); `None` without a value.
    pub shown: Option<String>,
    /// Successes of a rate result.
    pub successes: Option<u64>,
    /// Trials of a rate result.
    pub n: Option<u64>,
    /// The KPI's unit at that commit; `None` when the KPI had no definition there.
    pub unit: Option<Unit>,
    /// The kind of dataset it was measured on (only some kinds count at later gates).
    pub dataset: DatasetKind,
    /// When it was measured.
    pub measured_at: Date,
    /// The criterion of the KPI at the gate in that commit (`>= 70% (stop at <= 40%)`); `None`
    /// when the KPI had none there.
    pub criterion: Option<String>,
    /// The result against that criterion; `None` without a criterion.
    pub status: Option<KpiStatus>,
    /// It is the result that counts at the gate (the latest on a dataset the policy accepts).
    pub counts: bool,
}

/// The groups `--kind` chooses from; an event belongs to one or two.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Governance items and their sign-offs.
    Signoff,
    /// Waivers granted and expired.
    Waiver,
    /// KPI criteria registered, changed, removed.
    Criteria,
    /// Results recorded, changed, removed.
    Result,
    /// Gate decisions.
    Decision,
    /// Stage moves.
    Stage,
    /// What the criteria recommend.
    Recommendation,
    /// Blocking issues.
    Issue,
    /// Projects created, removed, renamed.
    Project,
}

impl Category {
    /// Every group, in the order `--kind`'s help lists them.
    pub const ALL: [Category; 9] = [
        Category::Signoff,
        Category::Waiver,
        Category::Criteria,
        Category::Result,
        Category::Decision,
        Category::Stage,
        Category::Recommendation,
        Category::Issue,
        Category::Project,
    ];

    /// The name `--kind` and the JSON output use.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Signoff => "signoff",
            Category::Waiver => "waiver",
            Category::Criteria => "criteria",
            Category::Result => "result",
            Category::Decision => "decision",
            Category::Stage => "stage",
            Category::Recommendation => "recommendation",
            Category::Issue => "issue",
            Category::Project => "project",
        }
    }
}

impl Event {
    /// Every event kind, as JSON names it.
    pub const KINDS: [&'static str; 24] = [
        "decision-recorded",
        "decision-superseded",
        "decision-edited",
        "decision-removed",
        "stage-changed",
        "project-removed",
        "project-renamed",
        "recommendation-changed",
        "governance-added",
        "governance-status-changed",
        "governance-removed",
        "approver-changed",
        "review-due-passed",
        "waiver-granted",
        "waiver-expired",
        "criteria-registered",
        "criteria-changed",
        "criteria-removed",
        "result-recorded",
        "result-changed",
        "result-removed",
        "issue-opened",
        "issue-resolved",
        "issue-removed",
    ];

    /// The event's kind, as JSON names it.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::DecisionRecorded { .. } => "decision-recorded",
            Event::DecisionSuperseded { .. } => "decision-superseded",
            Event::DecisionEdited { .. } => "decision-edited",
            Event::DecisionRemoved { .. } => "decision-removed",
            Event::StageChanged { .. } => "stage-changed",
            Event::ProjectRemoved { .. } => "project-removed",
            Event::ProjectRenamed { .. } => "project-renamed",
            Event::RecommendationChanged { .. } => "recommendation-changed",
            Event::GovernanceAdded { .. } => "governance-added",
            Event::GovernanceStatusChanged { .. } => "governance-status-changed",
            Event::GovernanceRemoved { .. } => "governance-removed",
            Event::ApproverChanged { .. } => "approver-changed",
            Event::ReviewDuePassed { .. } => "review-due-passed",
            Event::WaiverGranted { .. } => "waiver-granted",
            Event::WaiverExpired { .. } => "waiver-expired",
            Event::CriteriaRegistered { .. } => "criteria-registered",
            Event::CriteriaChanged { .. } => "criteria-changed",
            Event::CriteriaRemoved { .. } => "criteria-removed",
            Event::ResultRecorded { .. } => "result-recorded",
            Event::ResultChanged { .. } => "result-changed",
            Event::ResultRemoved { .. } => "result-removed",
            Event::IssueOpened { .. } => "issue-opened",
            Event::IssueResolved { .. } => "issue-resolved",
            Event::IssueRemoved { .. } => "issue-removed",
        }
    }

    /// The groups the event belongs to (`--kind`).
    pub fn categories(&self) -> &'static [Category] {
        use Category as C;
        match self {
            Event::DecisionRecorded { .. }
            | Event::DecisionSuperseded { .. }
            | Event::DecisionEdited { .. }
            | Event::DecisionRemoved { .. } => &[C::Decision],
            Event::StageChanged { .. } => &[C::Stage],
            Event::ProjectRemoved { .. } | Event::ProjectRenamed { .. } => &[C::Project],
            Event::RecommendationChanged { .. } => &[C::Recommendation],
            Event::GovernanceStatusChanged {
                to: Status::Waived, ..
            } => &[C::Signoff, C::Waiver],
            Event::GovernanceAdded { .. }
            | Event::GovernanceStatusChanged { .. }
            | Event::GovernanceRemoved { .. }
            | Event::ApproverChanged { .. }
            | Event::ReviewDuePassed { .. } => &[C::Signoff],
            Event::WaiverGranted { item: Some(_), .. }
            | Event::WaiverExpired { item: Some(_), .. } => &[C::Signoff, C::Waiver],
            Event::WaiverGranted { .. } | Event::WaiverExpired { .. } => &[C::Waiver],
            Event::CriteriaRegistered { .. }
            | Event::CriteriaChanged { .. }
            | Event::CriteriaRemoved { .. } => &[C::Criteria],
            Event::ResultRecorded { .. }
            | Event::ResultChanged { .. }
            | Event::ResultRemoved { .. } => &[C::Result],
            Event::IssueOpened { .. }
            | Event::IssueResolved { .. }
            | Event::IssueRemoved { .. } => &[C::Issue],
        }
    }

    /// What the event is about inside the project: the governance item, KPI, result, decision,
    /// issue or waived rule's id (`None` for the project itself).
    pub fn subject(&self) -> Option<&str> {
        match self {
            Event::DecisionRecorded { decision } => Some(&decision.id),
            Event::DecisionSuperseded { id, .. }
            | Event::DecisionEdited { id, .. }
            | Event::DecisionRemoved { id, .. } => Some(id),
            Event::StageChanged { .. }
            | Event::ProjectRemoved { .. }
            | Event::ProjectRenamed { .. }
            | Event::RecommendationChanged { .. } => None,
            Event::GovernanceAdded { item, .. }
            | Event::GovernanceStatusChanged { item, .. }
            | Event::GovernanceRemoved { item, .. }
            | Event::ApproverChanged { item, .. }
            | Event::ReviewDuePassed { item, .. } => Some(item),
            Event::WaiverGranted { item, rule, .. } | Event::WaiverExpired { item, rule, .. } => {
                item.as_deref().or(rule.as_deref())
            }
            Event::CriteriaRegistered { kpi, .. }
            | Event::CriteriaChanged { kpi, .. }
            | Event::CriteriaRemoved { kpi, .. } => Some(kpi),
            Event::ResultRecorded { kpi, .. }
            | Event::ResultChanged { kpi, .. }
            | Event::ResultRemoved { kpi, .. } => Some(kpi),
            Event::IssueOpened { issue, .. }
            | Event::IssueResolved { issue, .. }
            | Event::IssueRemoved { issue, .. } => Some(issue),
        }
    }

    /// People the event names: the approver of a sign-off, the maker of a decision, the
    /// grantor of a waiver, the changer a `criteria_changes` entry names.
    pub fn names(&self) -> Vec<&str> {
        match self {
            Event::DecisionRecorded { decision } => vec![&decision.decided_by],
            Event::GovernanceAdded { approver, .. }
            | Event::GovernanceStatusChanged { approver, .. } => vec![approver],
            Event::ApproverChanged { from, to, .. } => vec![from, to],
            Event::WaiverGranted { approved_by, .. } => vec![approved_by],
            Event::CriteriaChanged {
                record: Some(record),
                ..
            } => vec![&record.changed_by],
            _ => Vec::new(),
        }
    }

    /// A date passing, not a commit, made the event.
    pub fn is_lapse(&self) -> bool {
        matches!(
            self,
            Event::ReviewDuePassed { .. } | Event::WaiverExpired { .. }
        )
    }
}

/// Who made a change, and how that is known ([`super::proof`] decides).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Attribution {
    /// The commit that made the change: the entry's commit, or for a change merged on the
    /// first-parent history, the commit on the merged branch that made it.
    pub commit: String,
    /// The commit's author name.
    pub author: String,
    /// The commit's author e-mail (a claim anyone can type, never proof by itself).
    pub email: String,
    /// Who may make the change: the approver named before it, the project owner, …; empty
    /// when anybody may (a result, an issue), and then the author's own identity is what is
    /// proven or claimed.
    pub entitled: Vec<String>,
    /// proven, claimed, or unproven.
    pub status: ProofStatus,
    /// The person (people.yaml id) proven or claimed to have made it; for an unproven change,
    /// whom the author e-mail belongs to, if anybody.
    pub person: Option<String>,
    /// What proves it, when it is proven.
    pub proof: Option<Proof>,
    /// What was tried and did not prove it ("the commit is not signed", …).
    pub missing: Option<String>,
}

/// How a change is attributed to a person.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum ProofStatus {
    /// A signature (or, where GitHub is read, GitHub's verification or an approval) proves it.
    Proven,
    /// Only the commit's author e-mail says it is the person's: anyone can type an e-mail.
    Claimed,
    /// Nothing says it is any entitled person's.
    Unproven,
}

impl ProofStatus {
    /// The name the text and JSON outputs use.
    pub fn as_str(self) -> &'static str {
        match self {
            ProofStatus::Proven => "proven",
            ProofStatus::Claimed => "claimed",
            ProofStatus::Unproven => "unproven",
        }
    }
}

/// One event with its commit.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Entry {
    /// The commit that made the event (on the walked history: for a change merged from a
    /// branch, the merge commit; [`Attribution::commit`] names the branch commit). For a date
    /// that passed, the commit that set that date.
    pub commit: Arc<CommitInfo>,
    /// When it happened (`YYYY-MM-DD`): the commit's author date, or the date that passed.
    pub date: String,
    /// The project's id.
    pub project: String,
    /// The gate the event concerns, when it concerns one: a decision's, a criterion's or
    /// result's, the gate an issue blocks, the gate a governance item is first needed at.
    pub gate: Option<Gate>,
    /// What happened.
    pub event: Event,
    /// Why: a decision's rationale (for a stage change, that of the decision recorded with it),
    /// a `criteria_changes` entry's, a waiver's reason, an issue's resolution; else the
    /// commit's subject.
    pub rationale: Option<String>,
    /// Who made it and whether that is proven; `None` for what no person did (a recommendation
    /// that follows from other changes, a date passing) and in the first commit, the import the
    /// record starts from.
    pub by: Option<Box<Attribution>>,
}

/// A log's entries. Boxed, though clippy's `vec_box` says a vector is heap enough: an entry is
/// hundreds of bytes, and a walk of thousands of commits puts tens of thousands of them newest
/// first at its end, which moves pointers rather than making a second copy of them all.
#[allow(clippy::vec_box, reason = "the entries are reordered, not only read")]
pub type Entries = Vec<Box<Entry>>;

/// The gate-evaluation hook: the (gate, outcome) recommended for a project's files.
/// `None` when the files needed are missing; otherwise the gate and its recommendation (itself
/// `None` when the criteria cannot decide).
pub type Recommend<'a> = dyn Fn(&ProjectFiles) -> Option<(Gate, Option<Outcome>)> + 'a;

/// What to show and how to walk.
#[derive(Clone, Default)]
pub struct LogOptions<'a> {
    /// Only this project (following renames back to its earlier names).
    pub project: Option<String>,
    /// Only events about this gate.
    pub gate: Option<Gate>,
    /// Walk only the first-parent chain (the default): the history as merged into the branch.
    pub first_parent: bool,
    /// The outcome recommended for a project state at its current gate
    /// ([`crate::evaluate::recommendation`] with a policy); `None` produces no
    /// `recommendation-changed` events.
    pub recommend: Option<&'a Recommend<'a>>,
    /// Called after each commit with (commits done, commits in total), for a progress bar.
    pub progress: Option<&'a dyn Fn(usize, usize)>,
    /// The policy whose dataset rules decide which result counts, and whose governance rules
    /// give a sign-off its gate; without one every dataset counts and sign-offs have no gate.
    pub policy: Option<&'a Policy>,
    /// Dates that pass up to this one are events (default: none pass after the last commit).
    pub now: Option<Date>,
    /// Which entries to show, beyond `project` and `gate`.
    pub filter: Filter,
}

impl std::fmt::Debug for LogOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LogOptions")
            .field("project", &self.project)
            .field("gate", &self.gate)
            .field("first_parent", &self.first_parent)
            .field("now", &self.now)
            .field("filter", &self.filter)
            .finish_non_exhaustive()
    }
}

/// What `--kind`, `--person`, `--since` and `--until` keep.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Event groups or exact event kinds; empty keeps all.
    pub kinds: Vec<KindFilter>,
    /// Events made by this person (proven or claimed), that they were entitled to make, or that
    /// name them.
    pub person: Option<String>,
    /// Events from this bound on.
    pub since: Option<Bound>,
    /// Events up to this bound.
    pub until: Option<Bound>,
}

/// One `--kind` value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KindFilter {
    /// A group of events.
    Category(Category),
    /// One event kind (`waiver-expired`).
    Exact(&'static str),
}

impl KindFilter {
    /// A group (`signoff`, `criteria`, …) or an event kind (`waiver-expired`).
    pub fn parse(s: &str) -> Option<KindFilter> {
        if let Some(c) = Category::ALL.into_iter().find(|c| c.as_str() == s) {
            return Some(KindFilter::Category(c));
        }
        Event::KINDS
            .into_iter()
            .find(|k| *k == s)
            .map(KindFilter::Exact)
    }

    pub(super) fn keeps(self, event: &Event) -> bool {
        match self {
            KindFilter::Category(c) => event.categories().contains(&c),
            KindFilter::Exact(k) => event.kind() == k,
        }
    }
}

/// One end of `--since` / `--until`: a date (inclusive), or a revision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Bound {
    /// A day, inclusive.
    Date(Date),
    /// A commit: `--since` keeps what came after it, `--until` what it includes.
    Commit(Oid),
}

/// The decision-timeline events of one project's transition, in the order they read best
/// (also the report's decision timeline, from the same walk as its trends): decisions recorded,
/// superseded, edited or removed, the project renamed, moved or removed, and the
/// recommendation's change. Nobody is attributed here; [`super::trail`] adds who made them.
pub(crate) fn events(
    commit: &Arc<CommitInfo>,
    t: &Transition,
    options: &LogOptions<'_>,
    out: &mut Vec<Entry>,
) {
    let mut push = |gate: Option<Gate>, event: Event, rationale: Option<String>| {
        out.push(Entry {
            commit: Arc::clone(commit),
            date: day(&commit.date),
            project: t.project.clone(),
            gate,
            event,
            rationale,
            by: None,
        });
    };
    if let Some(from) = &t.renamed_from {
        push(None, Event::ProjectRenamed { from: from.clone() }, None);
    }
    let empty = Vec::new();
    let before = t.before.decisions.as_ref().map_or(&empty, |d| &d.decisions);
    let after = t.after.decisions.as_ref().map_or(&empty, |d| &d.decisions);
    for d in after {
        match before.iter().find(|b| b.id == d.id) {
            None => {
                push(
                    Some(d.gate),
                    Event::DecisionRecorded {
                        decision: d.clone(),
                    },
                    Some(d.rationale.clone()),
                );
                // The decision it replaces: the one it names, else the gate's latest before.
                let replaced = match &d.supersedes {
                    Some(id) => before.iter().find(|b| &b.id == id),
                    None => before.iter().rev().find(|b| b.gate == d.gate),
                };
                if let Some(old) = replaced {
                    push(
                        Some(old.gate),
                        Event::DecisionSuperseded {
                            id: old.id.clone(),
                            by: d.id.clone(),
                            gate: old.gate,
                        },
                        Some(d.rationale.clone()),
                    );
                }
            }
            Some(b) if b != d => push(
                Some(d.gate),
                Event::DecisionEdited {
                    id: d.id.clone(),
                    gate: d.gate,
                },
                Some(commit.summary.clone()),
            ),
            Some(_) => {}
        }
    }
    if !t.removed() {
        for b in before {
            if !after.iter().any(|d| d.id == b.id) {
                push(
                    Some(b.gate),
                    Event::DecisionRemoved {
                        id: b.id.clone(),
                        gate: b.gate,
                    },
                    Some(commit.summary.clone()),
                );
            }
        }
    }
    let old_stage = t.before.project.as_ref().map(|p| p.stage);
    let new_stage = t.after.project.as_ref().map(|p| p.stage);
    match (old_stage, new_stage) {
        (from, Some(to)) if from != Some(to) => {
            // A move out of a stage is the outcome of that stage's gate: explain it with the
            // decision for that gate recorded in the same commit, when there is one.
            let gate = from.unwrap_or(to);
            let why = after
                .iter()
                .rev()
                .find(|d| d.gate == gate && !before.iter().any(|b| b.id == d.id))
                .map(|d| d.rationale.clone())
                .unwrap_or_else(|| commit.summary.clone());
            push(Some(gate), Event::StageChanged { from, to }, Some(why));
        }
        (Some(stage), None) => push(
            None,
            Event::ProjectRemoved { stage: Some(stage) },
            Some(commit.summary.clone()),
        ),
        _ => {}
    }
    // A change of recommendation at the same gate; a stage move to another gate, a project's
    // creation or removal are their own events.
    if let Some(recommend) = options.recommend
        && let (Some((g_old, old)), Some((gate, new))) = (recommend(&t.before), recommend(&t.after))
        && g_old == gate
        && old != new
    {
        push(
            Some(gate),
            Event::RecommendationChanged {
                gate,
                from: old,
                to: new,
            },
            Some(commit.summary.clone()),
        );
    }
}

/// The day of an RFC 3339 time (`2026-11-20T09:00:00+09:00` -> `2026-11-20`).
pub(crate) fn day(time: &str) -> String {
    time.get(..10).unwrap_or(time).to_string()
}
