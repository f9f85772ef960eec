//! Gate evaluation: for each project, the rules of the policy that apply at its current gate,
//! the KPI table, the recommendation the pre-agreed criteria give, and the recorded decision.
//!
//! Each rule kind is a plain function over one project's typed state (`Ctx`, in `context.rs`)
//! that pushes findings (`kpis.rs`, `governance.rs`, `project.rs`, `issues.rs`, `decisions.rs`,
//! `expr_rules.rs`). Afterwards the policy's severity overrides and the project's waivers are
//! applied, and readiness is read off the result: a gate is decidable when no error finding
//! remains for the project.

mod context;
mod decisions;
mod expr_rules;
mod governance;
mod issues;
mod kpis;
pub mod measure;
mod overrides;
mod project;
pub mod stats;

pub use governance::{GovernanceRow, topics_required};
pub use kpis::criterion_text;
pub use measure::{Exact, KpiRow, KpiStatus, show as kpis_show, show_measured};
pub use overrides::apply as apply_overrides;

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::findings::{Code, Finding, Severity};
use crate::load::{CompleteProject, Kind, Loaded, ProjectState, Snapshot};
use crate::model::{
    Date, DecisionsFile, Gate, GovernanceFile, IssuesFile, KpisFile, Outcome, ResultsFile, Stage,
};
use crate::policy::{Policy, Rule, RuleKind};
pub(crate) use context::Ctx;
use context::needs;

/// Pseudo rule id of the findings every evaluation makes about governance items beyond the
/// policy's rules: items needed at later gates, expired waivers and overdue reviews.
pub const GOVERNANCE_WATCH: &str = "governance-watch";

/// Pseudo rule id of findings about a project's files (loading, schemas, references).
pub const FILES_RULE: &str = "files";

/// The evaluation of a whole snapshot.
#[derive(Clone, Debug, Serialize)]
pub struct Evaluation {
    /// The date the evaluation judged expiries and reviews against.
    pub now: Date,
    /// The policy files applied, in order.
    pub policy: Vec<String>,
    /// One report per project.
    pub projects: Vec<ProjectReport>,
    /// Every finding: loading, repository-wide and per project, sorted.
    pub findings: Vec<Finding>,
    /// Indices into `findings` by project id, so that per-project views stay linear in the
    /// number of findings however many projects there are.
    #[serde(skip)]
    by_project: HashMap<String, Vec<usize>>,
}

impl Evaluation {
    /// Whether any finding blocks (exit 1).
    pub fn blocking(&self) -> bool {
        self.findings.iter().any(Finding::is_error)
    }

    /// Adds findings made outside the evaluation (history checks), keeping readiness and counts
    /// consistent with them.
    pub fn add_findings(&mut self, found: Vec<Finding>) {
        self.findings.extend(found);
        self.reindex();
    }

    /// The findings about project `id`.
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
    /// The project's id (its folder's name).
    pub id: String,
    /// Its name, from project.yaml.
    pub name: Option<String>,
    /// Its stage, from project.yaml.
    pub stage: Option<Stage>,
    /// The gate at the end of the current stage.
    pub gate: Option<Gate>,
    /// False when project.yaml failed to load: without its stage no rule can run.
    pub evaluated: bool,
    /// Rules of the policy that apply at the gate but could not run, because a file they need
    /// did not load (a `check-skipped` finding says which file).
    pub rules_not_run: Vec<String>,
    /// The gate can be decided: no error finding for the project.
    pub ready: bool,
    /// The latest decision at the current gate is a valid `stop`: the project is closed, and
    /// its findings other than those about its decisions are notes.
    pub closed: bool,
    /// What the pre-agreed criteria recommend; `None` when they cannot decide.
    pub recommended: Option<Outcome>,
    /// Why the recommendation is what it is (or why there is none).
    pub reason: String,
    /// The decision in force at the current gate.
    pub recorded: Option<RecordedDecision>,
    /// The KPI table at the current gate.
    pub kpis: Vec<KpiRow>,
    /// The governance items as the gate sees them.
    pub governance: Vec<GovernanceRow>,
    /// How many of its findings are errors.
    pub errors: usize,
    /// How many are warnings.
    pub warnings: usize,
}

/// The decision in force for the current gate.
#[derive(Clone, Debug, Serialize)]
pub struct RecordedDecision {
    /// The decision's id.
    pub id: String,
    /// What was decided.
    pub outcome: Outcome,
    /// Who recorded it.
    pub decided_by: String,
    /// When.
    pub decided_at: Date,
    /// Whether it departs from the criteria with a recorded reason.
    pub overridden: bool,
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
    let table = measure::table(kpis, results, gate, policy);
    let basis = kpis::Basis {
        table: Ok(&table),
        data: &project.data,
    };
    (gate, kpis::recommend(&basis, gate, policy).0)
}

/// A rule could not be evaluated (a CEL expression failed on this project's data).
#[derive(Debug)]
pub struct EvaluationError {
    /// The `policy-runtime` findings.
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
    // Projects are judged independently: in parallel (positions of findings are found on the
    // way, which parses the files that have some), merged in folder order so the outcome does
    // not depend on scheduling. An expression rule is evaluated on its own thread under a time
    // limit, and once one times out it is not evaluated again: which project saw the timeout
    // must not depend on scheduling either, so policies with expression rules run in order.
    let has_expr = policy
        .rules
        .iter()
        .any(|r| matches!(r.kind, RuleKind::Expr(_)));
    let judge = |state: &ProjectState| evaluate_state(snap, state, policy, now);
    let judged: Vec<Judged> = if has_expr {
        snap.projects.iter().map(judge).collect()
    } else {
        snap.projects.par_iter().map(judge).collect()
    };
    let mut projects = Vec::with_capacity(judged.len());
    let mut runtime = Vec::new();
    let mut closed = Vec::new();
    for one in judged {
        runtime.extend(one.runtime);
        if let Some(c) = one.closed {
            closed.push(c);
        }
        findings.extend(one.findings);
        projects.push(one.report);
    }
    if !runtime.is_empty() {
        return Err(EvaluationError { findings: runtime });
    }
    for (id, decisions) in &closed {
        close(&mut findings, id, decisions);
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

/// One project's part of an evaluation.
struct Judged {
    report: ProjectReport,
    findings: Vec<Finding>,
    runtime: Vec<Finding>,
    /// (project id, decisions.yaml path) when the project is closed.
    closed: Option<(String, String)>,
}

/// Evaluates one project of the snapshot at its current gate.
fn evaluate_state(snap: &Snapshot, state: &ProjectState, policy: &Policy, now: Date) -> Judged {
    let Some(project) = &state.project else {
        let path = crate::source::join(&state.dir, Kind::Project.file_name());
        return Judged {
            report: not_evaluated(state),
            findings: vec![
                Finding::new(
                    Code::CheckSkipped,
                    "project.yaml did not load, so the project's stage and gate are unknown and no rule of the policy ran",
                )
                .at(snap.files.value(&path, ""))
                .project(state.id.clone())
                .help("fix project.yaml (its own finding says what is wrong); the rules run once it loads"),
            ],
            runtime: Vec::new(),
            closed: None,
        };
    };
    let stand_in = StandIn::for_project(state);
    let p = CompleteProject {
        id: &state.id,
        project,
        kpis: state.kpis.as_ref().unwrap_or(&stand_in.kpis),
        results: state.results.as_ref().unwrap_or(&stand_in.results),
        governance: state.governance.as_ref().unwrap_or(&stand_in.governance),
        decisions: state.decisions.as_ref().unwrap_or(&stand_in.decisions),
        issues: state.issues.as_ref().unwrap_or(&stand_in.issues),
    };
    let ctx = Ctx {
        p,
        files: &snap.files,
        people: snap.people.as_ref().map(|x| &x.data),
        gate: p.project.data.stage,
        now,
        policy,
        missing: missing_files(state),
    };
    let (report, mut found, runtime) = evaluate_project(&ctx);
    // Its findings have their locations: the project's span maps and texts are not kept for
    // the rest of the run (with thousands of projects they add up; the few asked for later are
    // found again), only the lines the findings point at, which the reports show.
    snap.files.forget_keeping(
        &format!("{}/", state.dir),
        found.iter().filter_map(|f| f.location.as_ref()),
    );
    for f in &mut found {
        f.project.get_or_insert_with(|| state.id.clone());
    }
    let closed = report
        .closed
        .then(|| (state.id.clone(), p.decisions.path.clone()));
    Judged {
        report,
        findings: found,
        runtime,
        closed,
    }
}

/// The report of a project whose project.yaml did not load: its stage, and so its gate, is
/// unknown, and no rule can run.
fn not_evaluated(state: &ProjectState) -> ProjectReport {
    ProjectReport {
        id: state.id.clone(),
        name: None,
        stage: None,
        gate: None,
        evaluated: false,
        rules_not_run: Vec::new(),
        ready: false,
        closed: false,
        recommended: None,
        reason: "not evaluated: project.yaml did not load, so the project's gate is unknown".into(),
        recorded: None,
        kpis: Vec::new(),
        governance: Vec::new(),
        errors: 0,
        warnings: 0,
    }
}

/// A closed project's findings become notes, except those in its decisions file: the record
/// that closed it must itself be sound (and history checks, added later, keep their severity).
fn close(findings: &mut [Finding], id: &str, decisions: &str) {
    for f in findings.iter_mut() {
        let about_decisions = f.location.as_ref().is_some_and(|l| l.file == decisions);
        if f.project.as_deref() == Some(id) && !about_decisions {
            f.severity = Severity::Note;
        }
    }
}

/// The project files that did not load (project.yaml aside, which every rule needs).
fn missing_files(state: &ProjectState) -> Vec<Kind> {
    [
        (Kind::Kpis, state.kpis.is_none()),
        (Kind::Results, state.results.is_none()),
        (Kind::Governance, state.governance.is_none()),
        (Kind::Decisions, state.decisions.is_none()),
        (Kind::Issues, state.issues.is_none()),
    ]
    .into_iter()
    .filter_map(|(kind, missing)| missing.then_some(kind))
    .collect()
}

/// Empty files standing in for those that did not load. Rules that need a missing file do not
/// run ([`needs`]), so no rule ever judges a stand-in; they only let the others run.
struct StandIn {
    kpis: Loaded<KpisFile>,
    results: Loaded<ResultsFile>,
    governance: Loaded<GovernanceFile>,
    decisions: Loaded<DecisionsFile>,
    issues: Loaded<IssuesFile>,
}

impl StandIn {
    fn for_project(state: &ProjectState) -> StandIn {
        fn empty<T: Default>(state: &ProjectState, kind: Kind) -> Loaded<T> {
            Loaded {
                path: crate::source::join(&state.dir, kind.file_name()),
                data: T::default(),
            }
        }
        StandIn {
            kpis: empty(state, Kind::Kpis),
            results: empty(state, Kind::Results),
            governance: empty(state, Kind::Governance),
            decisions: empty(state, Kind::Decisions),
            issues: empty(state, Kind::Issues),
        }
    }
}

fn evaluate_project(ctx: &Ctx<'_>) -> (ProjectReport, Vec<Finding>, Vec<Finding>) {
    let mut found = Vec::new();
    let mut runtime = Vec::new();
    let mut not_run: Vec<&Rule> = Vec::new();
    let kpis_missing = [Kind::Kpis, Kind::Results]
        .into_iter()
        .find(|k| ctx.missing.contains(k));
    let table = if kpis_missing.is_none() {
        kpis::table(ctx)
    } else {
        Vec::new()
    };
    for rule in ctx.policy.rules.iter().filter(|r| r.applies_at(ctx.gate)) {
        if !ctx.can_run(&rule.kind) {
            not_run.push(rule);
            continue;
        }
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
            RuleKind::RolesSeparated => project::roles_separated(ctx, &mut found),
            RuleKind::DataReady => project::data_ready(ctx, &mut found),
            RuleKind::BusinessRationale => project::business_rationale(ctx, &mut found),
            RuleKind::IssuesInventory { areas } => issues::issues_inventory(ctx, areas, &mut found),
            RuleKind::IssuesResolved => issues::issues_resolved(ctx, &mut found),
            RuleKind::PartnerModel => project::partner_model(ctx, &mut found),
            RuleKind::GovernanceAgreed { topics } => governance::agreed(ctx, topics, &mut found),
            RuleKind::StageProgression => decisions::stage_progression(ctx, &mut found),
            // Needs the recommendation and readiness: run after the others.
            RuleKind::DecisionValid => {}
            RuleKind::Expr(e) => {
                if let Err(f) = expr_rules::check(ctx, rule, e, &mut found) {
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
    if !ctx.missing.contains(&Kind::Governance) {
        governance::later_and_overdue(ctx, &mut found);
    }
    for f in &mut found[before..] {
        f.rule = Some(GOVERNANCE_WATCH.into());
    }
    let basis = kpis::Basis {
        table: match kpis_missing {
            None => Ok(&table),
            Some(kind) => Err(format!("{} did not load", kind.file_name())),
        },
        data: &ctx.p.project.data.data,
    };
    let (recommended, reason) = kpis::recommend(&basis, ctx.gate, ctx.policy);
    override_severities(ctx.policy, &mut found);
    apply_waivers(ctx, &mut found);
    let blocked = found.iter().any(Finding::is_error) || !ctx.missing.is_empty();
    for rule in ctx.rules(|k| matches!(k, RuleKind::DecisionValid)) {
        if !ctx.can_run(&rule.kind) {
            continue;
        }
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
    found.extend(skipped(ctx, &not_run, kpis_missing.is_some()));
    let latest = if ctx.missing.contains(&Kind::Decisions) {
        None
    } else {
        ctx.p.decisions.data.latest(ctx.gate)
    };
    let closed = latest.is_some_and(|(_, d)| decisions::closes(ctx, d, recommended));
    let recorded = latest.map(|(_, d)| RecordedDecision {
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
        rules_not_run: not_run.iter().map(|r| r.id.clone()).collect(),
        ready: false,
        closed,
        recommended,
        reason,
        recorded,
        kpis: table,
        governance: if ctx.missing.contains(&Kind::Governance) {
            Vec::new()
        } else {
            governance::rows(ctx)
        },
        errors: 0,
        warnings: 0,
    };
    (report, found, runtime)
}

/// One `check-skipped` finding per project file that did not load and kept rules from running,
/// at that file, naming the rules (and the recommendation, when the KPIs could not be read).
fn skipped(ctx: &Ctx<'_>, not_run: &[&Rule], no_table: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    for kind in &ctx.missing {
        let rules: Vec<String> = not_run
            .iter()
            .filter(|r| needs(&r.kind).contains(kind))
            .map(|r| format!("`{}`", r.id))
            .collect();
        let recommendation = no_table && matches!(kind, Kind::Kpis | Kind::Results);
        if rules.is_empty() && !recommendation {
            continue;
        }
        let mut what = Vec::new();
        match rules.len() {
            0 => {}
            1 => what.push(format!("1 rule was not run ({})", rules[0])),
            n => what.push(format!("{n} rules were not run ({})", rules.join(", "))),
        }
        if recommendation {
            what.push("the KPIs were not measured, so the criteria recommend nothing".into());
        }
        let path = crate::source::join(
            ctx.p
                .project
                .path
                .rsplit_once('/')
                .map_or("", |(dir, _)| dir),
            kind.file_name(),
        );
        out.push(
            Finding::new(
                Code::CheckSkipped,
                format!(
                    "{} did not load, so at the {} gate {}",
                    kind.file_name(),
                    ctx.gate.title(),
                    what.join("; ")
                ),
            )
            .at(ctx.at(&path, ""))
            .help(format!(
                "fix {} (its own finding says what is wrong); the rules run again once it loads",
                kind.file_name()
            )),
        );
    }
    out
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
