//! Gate evaluation: for each project, the rules of the policy that apply at its current gate,
//! the KPI table, the recommendation the pre-agreed criteria give, and the recorded decision.
//!
//! Each rule kind is a plain function over one project's typed state that pushes findings
//! (`kpis.rs`, `governance.rs`, `readiness.rs`, `decisions.rs`, `expr.rs`). Afterwards the policy's
//! severity overrides and the project's waivers are applied, and readiness is read off the
//! result: a gate is decidable when no error finding remains for the project.

mod decisions;
mod expr;
mod governance;
mod kpis;
mod overrides;
mod readiness;
pub mod stats;

pub use kpis::{KpiRow, KpiStatus, show as kpis_show};
pub use overrides::apply as apply_overrides;

use std::collections::HashMap;

use serde::Serialize;

use crate::files::Files;
use crate::findings::Finding;
use crate::load::{CompleteProject, Snapshot};
use crate::model::{Date, Gate, Outcome, People, Stage, Status, Topic};
use crate::policy::{Policy, Rule, RuleKind};

/// Pseudo rule id of the findings every evaluation makes about governance items beyond the
/// policy's rules: items needed at later gates, expired waivers and overdue reviews.
pub const GOVERNANCE_WATCH: &str = "governance-watch";

/// Pseudo rule id of findings about a project's files (loading, schemas, references).
pub const FILES_RULE: &str = "files";

/// The evaluation of a whole snapshot.
#[derive(Clone, Debug, Serialize)]
pub struct Evaluation {
    pub now: Date,
    pub policy: Vec<String>,
    pub projects: Vec<ProjectReport>,
    /// Every finding: loading, repository-wide and per project, sorted.
    pub findings: Vec<Finding>,
    /// Indices into `findings` by project id, so that per-project views stay linear in the
    /// number of findings however many projects there are.
    #[serde(skip)]
    by_project: HashMap<String, Vec<usize>>,
}

impl Evaluation {
    pub fn blocking(&self) -> bool {
        self.findings.iter().any(Finding::is_error)
    }

    /// Adds findings made outside the evaluation (history checks), keeping readiness and counts
    /// consistent with them.
    pub fn add_findings(&mut self, found: Vec<Finding>) {
        self.findings.extend(found);
        self.reindex();
    }

    pub fn project_findings<'a>(&'a self, id: &str) -> impl Iterator<Item = &'a Finding> + 'a {
        self.by_project
            .get(id)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|i| &self.findings[*i])
    }

    /// Sorts the findings, rebuilds the index and each project's counts and readiness.
    fn reindex(&mut self) {
        crate::findings::sort(&mut self.findings);
        self.by_project.clear();
        for (i, f) in self.findings.iter().enumerate() {
            if let Some(p) = &f.project {
                self.by_project.entry(p.clone()).or_default().push(i);
            }
        }
        for report in &mut self.projects {
            let counts = crate::findings::Counts::of(
                self.by_project
                    .get(&report.id)
                    .map(Vec::as_slice)
                    .unwrap_or_default()
                    .iter()
                    .map(|i| &self.findings[*i]),
            );
            report.errors = counts.errors;
            report.warnings = counts.warnings;
            report.ready = report.evaluated && counts.errors == 0;
        }
    }
}

/// What the check says about one project.
#[derive(Clone, Debug, Serialize)]
pub struct ProjectReport {
    pub id: String,
    pub name: Option<String>,
    pub stage: Option<Stage>,
    /// The gate at the end of the current stage.
    pub gate: Option<Gate>,
    /// False when a file of the project failed to load, so rules could not run.
    pub evaluated: bool,
    /// The gate can be decided: no error finding for the project.
    pub ready: bool,
    /// What the pre-agreed criteria recommend; `None` when they cannot decide.
    pub recommended: Option<Outcome>,
    /// Why the recommendation is what it is (or why there is none).
    pub reason: String,
    pub recorded: Option<RecordedDecision>,
    pub kpis: Vec<KpiRow>,
    pub governance: Vec<GovernanceRow>,
    pub errors: usize,
    pub warnings: usize,
}

/// The decision in force for the current gate.
#[derive(Clone, Debug, Serialize)]
pub struct RecordedDecision {
    pub id: String,
    pub outcome: Outcome,
    pub decided_by: String,
    pub decided_at: Date,
    pub overridden: bool,
}

/// One governance item as the gate sees it.
#[derive(Clone, Debug, Serialize)]
pub struct GovernanceRow {
    pub id: String,
    pub topic: Topic,
    pub title: String,
    pub approver: String,
    pub status: Status,
    /// Needed at the current gate by the policy.
    pub required: bool,
    /// Counts as settled now (agreed, or waived with a waiver that has not expired).
    pub settled: bool,
}

/// The gate a project's files put it at and the outcome its criteria recommend there, from
/// project.yaml, kpis.yaml and results.yaml alone: what `log` follows across commits.
pub fn recommendation(
    project: &crate::model::ProjectSpec,
    kpis: &crate::model::KpisFile,
    results: &crate::model::ResultsFile,
    policy: &Policy,
) -> (Gate, Option<Outcome>) {
    let gate = project.stage;
    let table = kpis::table_for(kpis, results, gate, policy);
    (gate, kpis::recommend_for(&table, gate, policy).0)
}

/// A rule could not be evaluated (a CEL expression failed on this project's data).
#[derive(Debug)]
pub struct EvaluationError {
    pub findings: Vec<Finding>,
}

/// Evaluates every project of the snapshot at its current gate.
pub fn evaluate(
    snap: &Snapshot,
    policy: &Policy,
    now: Date,
) -> Result<Evaluation, EvaluationError> {
    let mut findings = snap.findings.clone();
    overrides::apply(&mut findings, snap, policy, now);
    let mut projects = Vec::new();
    let mut runtime = Vec::new();
    for state in &snap.projects {
        let Some(p) = state.complete() else {
            projects.push(ProjectReport {
                id: state.id.clone(),
                name: state.project.as_ref().map(|p| p.data.name.clone()),
                stage: state.project.as_ref().map(|p| p.data.stage),
                gate: state.project.as_ref().map(|p| p.data.stage),
                evaluated: false,
                ready: false,
                recommended: None,
                reason: "not evaluated: a file of the project did not load".into(),
                recorded: None,
                kpis: Vec::new(),
                governance: Vec::new(),
                errors: 0,
                warnings: 0,
            });
            continue;
        };
        let ctx = Ctx {
            p,
            files: &snap.files,
            people: snap.people.as_ref().map(|x| &x.data),
            gate: p.project.data.stage,
            now,
            policy,
        };
        let (report, mut found, errs) = evaluate_project(&ctx);
        runtime.extend(errs);
        for f in &mut found {
            f.project.get_or_insert_with(|| state.id.clone());
        }
        findings.extend(found);
        projects.push(report);
    }
    if !runtime.is_empty() {
        return Err(EvaluationError { findings: runtime });
    }
    let mut eval = Evaluation {
        now,
        policy: policy.sources.clone(),
        projects,
        findings,
        by_project: HashMap::new(),
    };
    eval.reindex();
    Ok(eval)
}

/// Everything a rule function may look at.
pub(crate) struct Ctx<'a> {
    pub p: CompleteProject<'a>,
    pub files: &'a Files,
    pub people: Option<&'a People>,
    pub gate: Gate,
    pub now: Date,
    pub policy: &'a Policy,
}

impl Ctx<'_> {
    /// Location of a value in one of the project's files.
    pub fn at(&self, path: &str, pointer: &str) -> crate::findings::Location {
        self.files.value(path, pointer)
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

fn evaluate_project(ctx: &Ctx<'_>) -> (ProjectReport, Vec<Finding>, Vec<Finding>) {
    let mut found = Vec::new();
    let mut runtime = Vec::new();
    let table = kpis::table(ctx);
    for rule in ctx.policy.rules.iter().filter(|r| r.applies_at(ctx.gate)) {
        let before = found.len();
        match &rule.kind {
            RuleKind::CriteriaRegistered => kpis::criteria_registered(ctx, &mut found),
            RuleKind::ResultsPresent { layers } => {
                kpis::results_present(ctx, &table, layers, &mut found)
            }
            RuleKind::CriteriaMet => kpis::criteria_met(ctx, &table, &mut found),
            RuleKind::KpiThreshold { kpi, threshold } => {
                kpis::org_threshold(ctx, &table, kpi, *threshold, &mut found);
            }
            RuleKind::ProductionLikeData { kinds } => kpis::production_like(ctx, kinds, &mut found),
            RuleKind::RolesSeparated => readiness::roles_separated(ctx, &mut found),
            RuleKind::DataReady => readiness::data_ready(ctx, &mut found),
            RuleKind::IssuesInventory { areas } => {
                readiness::issues_inventory(ctx, areas, &mut found)
            }
            RuleKind::IssuesResolved => readiness::issues_resolved(ctx, &mut found),
            RuleKind::PartnerModel => readiness::partner_model(ctx, &mut found),
            RuleKind::GovernanceAgreed { topics } => governance::agreed(ctx, topics, &mut found),
            RuleKind::StageProgression => decisions::stage_progression(ctx, &mut found),
            // Needs the recommendation and readiness: run after the others.
            RuleKind::DecisionValid => {}
            RuleKind::Expr(e) => {
                if let Err(f) = expr::check(ctx, rule, e, &mut found) {
                    runtime.push(*f);
                }
            }
        }
        for f in &mut found[before..] {
            f.rule = Some(rule.id.clone());
            if let Some(sev) = rule.severity {
                f.severity = sev;
            }
        }
    }
    let before = found.len();
    governance::later_and_overdue(ctx, &mut found);
    for f in &mut found[before..] {
        f.rule = Some(GOVERNANCE_WATCH.into());
    }
    let (recommended, reason) = kpis::recommend(ctx, &table);
    override_severities(ctx.policy, &mut found);
    apply_waivers(ctx, &mut found);
    let blocked = found.iter().any(Finding::is_error);
    for rule in ctx.rules(|k| matches!(k, RuleKind::DecisionValid)) {
        let mut new = Vec::new();
        decisions::decision_valid(ctx, recommended, blocked, &mut new);
        for f in &mut new {
            f.rule = Some(rule.id.clone());
            if let Some(sev) = rule.severity {
                f.severity = sev;
            }
        }
        override_severities(ctx.policy, &mut new);
        apply_waivers(ctx, &mut new);
        found.extend(new);
    }
    let recorded = ctx
        .p
        .decisions
        .data
        .latest(ctx.gate)
        .map(|(_, d)| RecordedDecision {
            id: d.id.clone(),
            outcome: d.outcome,
            decided_by: d.decided_by.clone(),
            decided_at: d.decided_at,
            overridden: d.r#override.is_some(),
        });
    let report = ProjectReport {
        id: ctx.p.id.to_string(),
        name: Some(ctx.p.project.data.name.clone()),
        stage: Some(ctx.p.project.data.stage),
        gate: Some(ctx.gate),
        evaluated: true,
        ready: false,
        recommended,
        reason,
        recorded,
        kpis: table,
        governance: governance::rows(ctx),
        errors: 0,
        warnings: 0,
    };
    (report, found, runtime)
}

fn override_severities(policy: &Policy, found: &mut [Finding]) {
    overrides::severities(policy, found);
}

fn apply_waivers(ctx: &Ctx<'_>, found: &mut Vec<Finding>) {
    overrides::waivers(
        ctx.p.id,
        ctx.p.project,
        ctx.files,
        ctx.people,
        ctx.now,
        found,
    );
}
