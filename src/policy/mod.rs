//! Gate policies: which rules apply at which gate, parsed from YAML into typed rules.
//!
//! The default policy (`policies/default.yaml` of this crate) is embedded in the binary. A checked
//! repository may add its own `policies/*.yaml`: a rule with the id of an earlier rule replaces
//! it, `disabled: true` removes it, new ids are appended. Files are applied in name order.
//! Policy files are validated against the policy schema by the loader like every other file;
//! this module adds what a schema cannot see (a KPI no project defines, a CEL expression that does
//! not compile) and turns every problem into a finding located in the policy file. A policy that
//! has problems is an input error (exit 2): evaluating a broken policy could pass a gate wrongly.

mod cel;
mod parse;
mod stricter;

pub use cel::{ExprError, ExprRule};
pub use stricter::stricter;

use std::collections::HashMap;

use crate::findings::{Code, Finding, Severity};
use crate::load::{self, Snapshot};
use crate::model::{Area, DatasetKind, Decimal, Gate, Layer, Topic};
use crate::text::{Files, SourceFile};

/// Path under which the embedded default policy is reported.
pub const DEFAULT_POLICY_PATH: &str = "<builtin>/policies/default.yaml";

/// The embedded default policy text.
pub const DEFAULT_POLICY: &str = include_str!("../../policies/default.yaml");

/// The effective policy: rules in evaluation order plus severity overrides by code.
#[derive(Clone, Debug, Default)]
pub struct Policy {
    /// The rules, in the order they are evaluated.
    pub rules: Vec<Rule>,
    /// Severities the policy sets for codes, over their defaults.
    pub severities: HashMap<Code, Severity>,
    /// Severities a finding of a code is raised to, never lowered from: what one side of a pull
    /// request overrides when the other does not ([`stricter`]). Empty for a policy built from
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

/// Builds the effective policy for a snapshot: the default policy, then the repository's files.
/// `Err` carries every problem found in any policy file (schema or semantic).
pub fn build(snap: &Snapshot) -> Result<Policy, Vec<Finding>> {
    let mut problems: Vec<Finding> = snap
        .findings
        .iter()
        .filter(|f| {
            f.location
                .as_ref()
                .is_some_and(|l| is_policy_file(&snap.config.policy_dir, &l.file))
        })
        .cloned()
        .collect();
    let mut policy = Policy::default();
    let default = default_document();
    parse::apply(
        &mut policy,
        DEFAULT_POLICY_PATH,
        &default.0,
        &default.1,
        &mut problems,
    );
    for loaded in &snap.policies {
        parse::apply(
            &mut policy,
            &loaded.path,
            &loaded.data,
            &snap.files,
            &mut problems,
        );
    }
    check_kpis_exist(&policy, snap, &mut problems);
    if problems.is_empty() {
        Ok(policy)
    } else {
        Err(problems)
    }
}

fn is_policy_file(policy_dir: &str, file: &str) -> bool {
    file.starts_with(&format!("{}/", policy_dir.trim_end_matches('/')))
}

/// The default policy parsed and validated; its text is part of the binary and tested.
pub fn default_document() -> (serde_json::Value, Files) {
    let mut files = Files::default();
    match crate::text::yaml::parse(DEFAULT_POLICY) {
        Ok(doc) => {
            files.insert(
                DEFAULT_POLICY_PATH.to_string(),
                SourceFile::new(DEFAULT_POLICY.to_string()),
            );
            (doc.value, files)
        }
        // Unreachable for the shipped file (a unit test parses it); an empty policy would make
        // the problem visible as "no rules" rather than crash.
        Err(_) => (serde_json::json!({"version": 1, "rules": []}), files),
    }
}

/// A `kpi-threshold` rule must name a KPI some project defines; otherwise it is a typo that
/// would silently never apply. Checked only when every project was loaded.
fn check_kpis_exist(policy: &Policy, snap: &Snapshot, problems: &mut Vec<Finding>) {
    let known: Vec<&str> = snap
        .projects
        .iter()
        .filter_map(|p| p.kpis.as_ref())
        .flat_map(|k| k.data.kpis.iter().map(|x| x.id.as_str()))
        .collect();
    // With `--project` the other projects were not read, so their KPIs are unknown here; a
    // kpis.yaml that did not load may hold the KPI (its own error and the evaluation's
    // `check-skipped` say so), and must not turn into an invalid policy.
    let unread = snap.projects.iter().any(|p| p.kpis.is_none());
    if known.is_empty() || snap.partial || unread {
        return;
    }
    for rule in &policy.rules {
        if let RuleKind::KpiThreshold { kpi, .. } = &rule.kind
            && !known.contains(&kpi.as_str())
        {
            let mut f = Finding::new(
                Code::PolicyInvalid,
                format!(
                    "rule `{}` names KPI `{kpi}`, which no project defines",
                    rule.id
                ),
            )
            .at(snap
                .files
                .value(&rule.file, &format!("{}/kpi", rule.pointer)));
            f = match load::suggest_closest(kpi, known.iter().copied()) {
                Some(s) => f.help(format!("did you mean `{s}`?")),
                None => f.help("name a KPI id that a project's kpis.yaml defines"),
            };
            problems.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_policy_builds_with_every_kind_but_custom_ones() {
        let snap = Snapshot::default();
        let policy = build(&snap).expect("default policy is valid");
        let kinds: std::collections::BTreeSet<&str> =
            policy.rules.iter().map(|r| r.kind.name()).collect();
        // Every kind but the organisation-specific ones (expr, kpi-threshold).
        assert_eq!(kinds.len(), 13, "{kinds:?}");
        assert!(!kinds.contains("expr") && !kinds.contains("kpi-threshold"));
        assert!(policy.rules.iter().all(|r| !r.gates.is_empty()));
    }
}
