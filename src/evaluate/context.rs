//! What a rule function may look at: one project with its files (empty stand-ins for those that
//! did not load), the registry of texts to locate findings, the people, the gate, the date and
//! the policy. Built once per project by [`super::evaluate`]; rules only read it.

use super::overrides;
use crate::load::{CompleteProject, Kind};
use crate::model::{Date, Gate, People};
use crate::policy::{Policy, Rule, RuleKind};
use crate::text::Files;

/// The project files a rule kind reads besides project.yaml.
pub(super) fn needs(kind: &RuleKind) -> &'static [Kind] {
    match kind {
        RuleKind::CriteriaRegistered
        | RuleKind::ResultsPresent { .. }
        | RuleKind::CriteriaMet
        | RuleKind::KpiThreshold { .. }
        | RuleKind::ProductionLikeData { .. } => &[Kind::Kpis, Kind::Results],
        RuleKind::RolesSeparated
        | RuleKind::DataReady
        | RuleKind::PartnerModel
        | RuleKind::BusinessRationale => &[],
        RuleKind::GovernanceAgreed { .. } => &[Kind::Governance],
        RuleKind::IssuesInventory { .. } | RuleKind::IssuesResolved => &[Kind::Issues],
        RuleKind::DecisionValid | RuleKind::StageProgression => &[Kind::Decisions],
        // An expression may read any file.
        RuleKind::Expr(_) => &Kind::PROJECT_FILES,
    }
}

/// Everything a rule function may look at.
pub(crate) struct Ctx<'a> {
    pub p: CompleteProject<'a>,
    pub files: &'a Files,
    pub people: Option<&'a People>,
    pub gate: Gate,
    pub now: Date,
    pub policy: &'a Policy,
    /// Project files that did not load (empty stand-ins in `p`).
    pub missing: Vec<Kind>,
}

impl Ctx<'_> {
    /// Location of a value in one of the project's files.
    pub fn at(&self, path: &str, pointer: &str) -> crate::findings::Location {
        self.files.value(path, pointer)
    }

    /// Location of the key whose value is at `pointer` (`kpis:` for a finding about the list).
    pub fn key(&self, path: &str, pointer: &str) -> crate::findings::Location {
        self.files.key(path, pointer)
    }

    /// Whether every file a rule kind needs loaded.
    pub(super) fn can_run(&self, kind: &RuleKind) -> bool {
        needs(kind).iter().all(|k| !self.missing.contains(k))
    }

    /// Rules of one kind that apply at the current gate.
    pub fn rules<'r>(
        &'r self,
        pred: impl Fn(&RuleKind) -> bool + 'r,
    ) -> impl Iterator<Item = &'r Rule> + 'r {
        self.policy
            .rules
            .iter()
            .filter(move |r| r.applies_at(self.gate) && pred(&r.kind))
    }

    /// The display name of a person id.
    pub fn name_of(&self, id: &str) -> String {
        overrides::name_of(self.people, id)
    }
}
