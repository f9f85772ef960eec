//! The effective policy as typed data: which rules apply at which gate, with what parameters and
//! severity, and where each was written (so a finding about a rule points into its file). The
//! evaluator reads it; [`super::assemble`] builds it.

use std::collections::HashMap;

use super::cel::ExprRule;
use crate::findings::{Code, Severity};
use crate::model::{Area, DatasetKind, Decimal, Gate, Layer, Topic};

/// The effective policy: rules in evaluation order plus severity overrides by code.
#[derive(Clone, Debug, Default)]
pub struct Policy {
    /// The rules, in the order they are evaluated.
    pub rules: Vec<Rule>,
    /// Severities the policy sets for codes, over their defaults.
    pub severities: HashMap<Code, Severity>,
    /// Severities a finding of a code is raised to, never lowered from: what one side of a pull
    /// request overrides when the other does not ([`crate::policy::stricter()`]). Empty for a policy built from
    /// one set of files.
    pub floors: HashMap<Code, Severity>,
    /// The files the policy was assembled from, in order.
    pub sources: Vec<String>,
}

/// One rule, with where it was written.
#[derive(Clone, Debug)]
pub struct Rule {
    /// The rule's id, unique in the effective policy; a later file's rule with the same id
    /// replaces it.
    pub id: String,
    /// What it checks.
    pub kind: RuleKind,
    /// The gates it applies at.
    pub gates: Vec<Gate>,
    /// The severity of its findings, over the codes' defaults.
    pub severity: Option<Severity>,
    /// What the rule is for, as the policy file describes it.
    pub description: Option<String>,
    /// Policy file of the rule, for findings about the rule itself.
    pub file: String,
    /// JSON pointer of the rule in [`Rule::file`].
    pub pointer: String,
}

impl Rule {
    /// Whether the rule applies at `gate`.
    pub fn applies_at(&self, gate: Gate) -> bool {
        self.gates.contains(&gate)
    }
}

/// What a rule checks, with its parameters.
#[derive(Clone, Debug)]
pub enum RuleKind {
    /// Every KPI has criteria for the gate, registered before its results.
    CriteriaRegistered,
    /// Each KPI has a result at the gate, at the evaluation layers named.
    ResultsPresent {
        /// The layers a result must be measured at.
        layers: Vec<Layer>,
    },
    /// The owner, business lead and tech lead are different people.
    RolesSeparated,
    /// The data the project needs is declared, available and permitted.
    DataReady,
    /// Governance sign-offs on these topics are agreed and current.
    GovernanceAgreed {
        /// The topics that need a sign-off.
        topics: Vec<Topic>,
    },
    /// The open-issues inventory covers these areas.
    IssuesInventory {
        /// The areas the inventory must cover.
        areas: Vec<Area>,
    },
    /// No open issue blocks the gate.
    IssuesResolved,
    /// Each KPI's results meet its pre-agreed criteria; produces the recommendation.
    CriteriaMet,
    /// An organisation's floor for one KPI, over the project's own threshold.
    KpiThreshold {
        /// The KPI's id.
        kpi: String,
        /// The floor.
        threshold: Decimal,
    },
    /// Only results measured on datasets of these kinds count.
    ProductionLikeData {
        /// The dataset kinds that count.
        kinds: Vec<DatasetKind>,
    },
    /// The recorded decisions are valid: an outcome of the gate, made by the owner, consistent
    /// with the criteria.
    DecisionValid,
    /// A stage is reached only through a recorded decision.
    StageProgression,
    /// A project delivered with a partner says how (`partner-delivery`).
    PartnerModel,
    /// The project writes down why its business KPI should improve (`scope.rationale`).
    BusinessRationale,
    /// The organisation's own condition, a CEL expression.
    Expr(ExprRule),
}

impl RuleKind {
    /// The kind's name as policy files write it.
    pub fn name(&self) -> &'static str {
        match self {
            RuleKind::CriteriaRegistered => "criteria-registered",
            RuleKind::ResultsPresent { .. } => "results-present",
            RuleKind::RolesSeparated => "roles-separated",
            RuleKind::DataReady => "data-ready",
            RuleKind::GovernanceAgreed { .. } => "governance-agreed",
            RuleKind::IssuesInventory { .. } => "issues-inventory",
            RuleKind::IssuesResolved => "issues-resolved",
            RuleKind::CriteriaMet => "criteria-met",
            RuleKind::KpiThreshold { .. } => "kpi-threshold",
            RuleKind::ProductionLikeData { .. } => "production-like-data",
            RuleKind::DecisionValid => "decision-valid",
            RuleKind::StageProgression => "stage-progression",
            RuleKind::PartnerModel => "partner-model",
            RuleKind::BusinessRationale => "business-rationale",
            RuleKind::Expr(_) => "expr",
        }
    }
}
