//! What a change does to each project: stage, KPI results against their thresholds, governance
//! statuses, decisions — between a base commit and a head (a commit or the working tree).
//!
//! Only projects whose files differ are loaded: each side's project folders are fingerprinted by
//! blob id (git's id for a commit; `Oid::hash_object` of the bytes for the working tree), and the
//! loader reads only the folders whose fingerprints differ. The result is plain data for the
//! text, JSON and Markdown renderers (the Markdown one is the pull-request comment).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use git2::{ObjectType, Oid};
use serde::Serialize;

use super::error::HistoryError;
use super::repo::Repo;
use super::repo::{config_of, short};
use crate::evaluate::measure::{self, KpiStatus};
use crate::findings::{Finding, Severity};
use crate::load::{self, LoadOptions, ParseCache, Snapshot};
use crate::model::{
    Decimal, Decision, Direction, Gate, KpisFile, MeasuredResult, Outcome, Stage, Unit,
};
use crate::policy::Policy;
use crate::source::{self, Entry, EntryKind, ReadError, Reread, Source, SourceError, WorkTree};

/// Which two states to compare.
#[derive(Clone, Debug, Default)]
pub struct DiffOptions {
    /// The base revision; `None` for the base of the history range ([`super::range`]): the
    /// merge base in a pull request, `before` on a push, else `history_since` or the first
    /// commit.
    pub base: Option<String>,
    /// The head revision; `None` for the working tree.
    pub head: Option<String>,
    /// What started the run, for the default base.
    pub trigger: super::range::Trigger,
    /// Overrides `max_file_bytes` from tollgate.yaml.
    pub max_file_bytes: Option<u64>,
    /// The date both sides are evaluated at; `None` skips gate evaluation (no recommendation
    /// before/after, no findings introduced/resolved).
    pub now: Option<crate::model::Date>,
}

/// One side of the comparison.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Side {
    /// What was compared, as a person would say it ("origin/main (merge base)", "working tree").
    pub label: String,
    /// The commit id; `None` for the working tree.
    pub commit: Option<String>,
}

/// The comparison of two states.
#[derive(Clone, Debug, Serialize)]
pub struct Diff {
    /// The state compared against.
    pub base: Side,
    /// The state compared.
    pub head: Side,
    /// Projects whose files differ, by id.
    pub projects: Vec<ProjectDiff>,
    /// How many projects exist on either side with identical files.
    pub unchanged: usize,
    /// The history checks over the same range (`tollgate diff` fills it; `None` when not run).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<super::integrity::HistoryReport>,
    /// What the two sides' people.yaml was read as far as ([`LoadOptions::roster_keys`]), for
    /// loading the head again the same way; `None` when it was read whole.
    #[serde(skip)]
    pub roster_keys: Option<Vec<String>>,
}

/// How a project's folder changed.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum ProjectChange {
    /// Only on the head side.
    Added,
    /// Only on the base side.
    Removed,
    /// On both sides, with different files.
    Modified,
}

/// How one project changed.
#[derive(Clone, Debug, Serialize)]
pub struct ProjectDiff {
    /// The project's folder name.
    pub id: String,
    /// Its name (head side, or base for a removed project).
    pub name: Option<String>,
    /// Added, removed or modified.
    pub change: ProjectChange,
    /// The stage at head (at base for a removed project).
    pub stage: Option<Stage>,
    /// Set when the stage differs between base and head.
    pub stage_change: Option<StageChange>,
    /// Each KPI at each gate it has criteria for, measured on both sides.
    pub kpis: Vec<KpiRow>,
    /// Governance items whose status changed.
    pub governance: Vec<GovernanceChange>,
    /// Decisions the head records that the base does not have.
    pub decisions_added: Vec<Decision>,
    /// Ids of decisions present at base that head edits or deletes (decisions are append-only).
    pub decisions_rewritten: Vec<String>,
    /// Error findings from loading this project's files at head (`tollgate validate` shows them).
    pub head_errors: usize,
    /// The gate evaluation on both sides, when the diff evaluates ([`DiffOptions::now`]):
    /// recommended outcome before and after, and findings introduced and resolved by the change.
    pub evaluation: Option<EvaluationDelta>,
}

/// What the change does to a project's gate evaluation (see [`ProjectDiff::evaluation`]).
#[derive(Clone, Debug, Serialize, Default)]
pub struct EvaluationDelta {
    /// The gate the project is at on head (on base for a removed project).
    pub gate: Option<Gate>,
    /// The gate the project was at on base: where `recommendation_before` was made.
    pub gate_before: Option<Gate>,
    /// What the criteria recommended on the base side.
    pub recommendation_before: Option<Outcome>,
    /// What they recommend on the head side.
    pub recommendation_after: Option<Outcome>,
    /// Findings on the head side that the base side did not have.
    pub findings_introduced: Vec<Finding>,
    /// Findings of the base side that the head side no longer has.
    pub findings_resolved: Vec<Finding>,
}

/// A stage that differs between base and head.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
pub struct StageChange {
    /// The stage at base (`None` for a new project).
    pub from: Option<Stage>,
    /// The stage at head (`None` for a removed project).
    pub to: Option<Stage>,
}

/// One KPI at one gate: on each side, the result that counts measured against that side's
/// criteria, by the same measure `check` uses ([`crate::evaluate::measure`]).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct KpiRow {
    /// The KPI's id.
    pub kpi: String,
    /// Its name.
    pub name: String,
    /// The gate.
    pub gate: Gate,
    /// Its unit.
    pub unit: Unit,
    /// Whether higher or lower is better.
    pub direction: Direction,
    /// The threshold at base.
    pub threshold_before: Option<Decimal>,
    /// The threshold at head.
    pub threshold: Option<Decimal>,
    /// The stop level at base.
    pub stop_before: Option<Decimal>,
    /// The stop level at head.
    pub stop: Option<Decimal>,
    /// The result that counts at base.
    pub before: Option<Measure>,
    /// The result that counts at head.
    pub after: Option<Measure>,
    /// The result or the criteria differ between the sides.
    pub changed: bool,
    /// When changed: head's last results for the KPI at this gate, each measured alone
    /// ([`super::trend::recent_results`]), oldest first; what the comment's chart draws.
    #[serde(skip)]
    pub recent: Vec<(crate::model::Date, measure::KpiRow)>,
}

/// How many of a changed KPI's last results [`KpiRow::recent`] holds.
pub const RECENT_RESULTS: usize = 8;

/// The result that counts for a KPI at a gate, on one side.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Measure {
    /// The result's id.
    pub result: String,
    /// The value in the KPI's unit (exact; see `evaluate::measure::KpiRow::value`).
    pub value: Decimal,
    /// Successes, for a rate.
    pub successes: Option<u64>,
    /// Sample size, when the result gives one.
    pub n: Option<u64>,
    /// 95% Wilson interval, when the result has counts.
    pub interval: Option<(Decimal, Decimal)>,
    /// The KPI's status against that side's criteria at this gate, with sample size, confidence
    /// and dataset rules applied; `None` when that side has no criteria for the gate.
    pub status: Option<KpiStatus>,
    /// `status` is pass (`None` without criteria).
    pub pass: Option<bool>,
    /// The exact value, for display.
    #[serde(skip)]
    pub exact: Option<measure::Exact>,
}

/// A governance item whose status changed (or that was added or removed).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct GovernanceChange {
    /// The item's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Who must sign it off.
    pub approver: String,
    /// The status at base (`None` for a new item).
    pub from: Option<&'static str>,
    /// The status at head (`None` for a removed item).
    pub to: Option<&'static str>,
}

/// Compares two states of the repository at `root`; see [`DiffOptions`].
pub fn diff(root: &Path, options: &DiffOptions) -> Result<Diff, HistoryError> {
    diff_with_cache(root, options, &ParseCache::new())
}

/// [`diff`], parsing through `cache`: a caller that loads one of the sides again (the history
/// checks of `tollgate diff` load the head) reuses what was parsed here, such as a large
/// people.yaml, instead of parsing it a second time.
pub fn diff_with_cache(
    root: &Path,
    options: &DiffOptions,
    cache: &ParseCache,
) -> Result<Diff, HistoryError> {
    let repo = Repo::open(root)?;
    let head_commit = match &options.head {
        Some(rev) => Some(repo.resolve(rev)?),
        None => None,
    };
    let tip = match head_commit {
        Some(c) => c,
        None => repo.head()?,
    };
    let head_src: Box<dyn Source> = match head_commit {
        Some(c) => Box::new(repo.source_at(c)?),
        None => Box::new(WorkTree::open(root)?),
    };
    let head_cfg = config_of(&*head_src);
    let (base, base_label) = match &options.base {
        Some(rev) => {
            let oid = repo.resolve(rev)?;
            (oid, format!("{rev} {}", short(oid)))
        }
        None if repo.is_shallow() => return Err(HistoryError::Shallow),
        None => {
            let range = super::range::resolve(
                &repo,
                tip,
                &super::range::RangeOptions {
                    base: None,
                    since: head_cfg.history_since.as_deref(),
                    trigger: &options.trigger,
                },
            )?;
            (
                range.base_oid,
                format!("{} ({})", short(range.base_oid), range.rule),
            )
        }
    };
    let base_src = repo.source_at(base)?;
    let base_oid = base;
    let head = Side {
        label: match (&options.head, head_commit) {
            (Some(rev), Some(_)) => rev.clone(),
            _ => "working tree".to_string(),
        },
        commit: head_commit.map(|c| c.to_string()),
    };
    let base = Side {
        label: base_label,
        commit: Some(base.to_string()),
    };

    let base_cfg = config_of(&base_src);
    let cap = |c: &crate::model::Config| options.max_file_bytes.unwrap_or(c.max_file_bytes);
    // Two commits: a project folder's tree id says whether anything in it changed. Against the
    // working tree, which has no ids, the files are hashed as git would.
    let by_folder = base_src.folder_id(&base_cfg.projects_dir).is_some()
        && head_src.folder_id(&head_cfg.projects_dir).is_some();
    // Which folders can differ at all, from the trees (and, against the working tree, git's
    // status): only those are compared file by file. (When the projects folder moved, every
    // folder is compared.)
    let candidates =
        if base_cfg.projects_dir.trim_matches('/') == head_cfg.projects_dir.trim_matches('/') {
            Some(
                super::scope::changes_since(&repo, base_oid, head_commit, &head_cfg.projects_dir)?
                    .projects,
            )
        } else {
            None
        };
    // Two commits whose projects folders hold no link: a folder that is not a candidate is the
    // same entry on both sides, so the head's folders are counted and only the candidates looked
    // up, rather than thousands of names listed on each side.
    let head_count = match (by_folder, &candidates) {
        (true, Some(_)) => base_src
            .count_folders(&base_cfg.projects_dir)
            .and(head_src.count_folders(&head_cfg.projects_dir)),
        _ => None,
    };
    let listed = match head_count {
        Some(_) => None,
        None => Some((
            project_dirs(&base_src, &base_cfg.projects_dir)?,
            project_dirs(&*head_src, &head_cfg.projects_dir)?,
        )),
    };
    let on = |src: &dyn Source, dir: &str, dirs: Option<&Vec<String>>, id: &str| match dirs {
        Some(dirs) => dirs.binary_search_by(|d| d.as_str().cmp(id)).is_ok(),
        None => !id.starts_with('.') && src.folder_id(&source::join(dir, id)).is_some(),
    };
    let base_on = |id: &str| {
        on(
            &base_src,
            &base_cfg.projects_dir,
            listed.as_ref().map(|l| &l.0),
            id,
        )
    };
    let head_on = |id: &str| {
        on(
            &*head_src,
            &head_cfg.projects_dir,
            listed.as_ref().map(|l| &l.1),
            id,
        )
    };
    // Only a candidate can differ (every folder when there are none); a folder that exists on
    // one side only always does.
    let compared: BTreeSet<String> = match &candidates {
        Some(c) => c
            .iter()
            .filter(|id| base_on(id) || head_on(id))
            .cloned()
            .collect(),
        None => listed
            .iter()
            .flat_map(|(b, h)| b.iter().chain(h))
            .cloned()
            .collect(),
    };
    let print =
        |src: &dyn Source, cfg: &crate::model::Config, on: &dyn Fn(&str) -> bool, id: &str| {
            on(id)
                .then(|| fingerprint(src, &cfg.projects_dir, id, cap(cfg), by_folder))
                .transpose()
        };
    let mut changed = BTreeSet::new();
    for id in &compared {
        if print(&base_src, &base_cfg, &base_on, id)? != print(&*head_src, &head_cfg, &head_on, id)?
        {
            changed.insert(id.clone());
        }
    }
    let together = match head_count {
        // The head's folders, and those compared that only the base has.
        Some(n) => n + compared.iter().filter(|id| !head_on(id)).count(),
        None => listed.as_ref().map_or(0, |(b, h)| union_len(b, h)),
    };
    let unchanged = together - changed.len();
    let roster_keys = match head_commit {
        Some(head) => roster_keys(&repo, (base_oid, &base_src), (head, &*head_src), &head_cfg)?,
        None => None,
    };
    if changed.is_empty() {
        return Ok(Diff {
            base,
            head,
            projects: Vec::new(),
            unchanged,
            history: None,
            roster_keys,
        });
    }
    let load_opts = LoadOptions {
        max_file_bytes: options.max_file_bytes,
        only_project: None,
        roster_keys: roster_keys.clone(),
        ..LoadOptions::default()
    };
    let load_side = |src: &dyn Source, dir: &str| {
        let only = Only {
            inner: src,
            projects_dir: dir.trim_matches('/').to_string(),
            keep: &changed,
        };
        load::load_with_cache(&only, &load_opts, cache)
    };
    let mut base_snap = load_side(&base_src, &base_cfg.projects_dir)?;
    let mut head_snap = load_side(&*head_src, &head_cfg.projects_dir)?;
    // Only the changed projects were loaded.
    base_snap.partial = true;
    head_snap.partial = true;
    let ids: Vec<String> = changed.into_iter().collect();
    let (base_policy, head_policy) = (
        crate::policy::build(&base_snap),
        crate::policy::build(&head_snap),
    );
    let mut projects = compare(
        &base_snap,
        &head_snap,
        &ids,
        (&measuring(&base_policy), &measuring(&head_policy)),
    );
    if let Some(now) = options.now {
        let (before, after) = (
            evaluate_side(&base_snap, base_policy.ok().as_ref(), now),
            evaluate_side(&head_snap, head_policy.ok().as_ref(), now),
        );
        for p in &mut projects {
            p.evaluation = Some(delta(&p.id, before.as_ref(), after.as_ref()));
        }
    }
    Ok(Diff {
        base,
        head,
        projects,
        unchanged,
        history: None,
        roster_keys,
    })
}

/// When both sides are commits holding the same people.yaml, the keys to read it by
/// ([`LoadOptions::roster_keys`]): the author and committer e-mails of the commits the head
/// has and the base does not (those the history checks attribute). Its own findings are then
/// the same on both sides, and the default branch's.
fn roster_keys(
    repo: &Repo,
    (base, base_src): (Oid, &dyn Source),
    (head, head_src): (Oid, &dyn Source),
    head_cfg: &crate::model::Config,
) -> Result<Option<Vec<String>>, HistoryError> {
    let path = &head_cfg.people_file;
    if config_of(base_src).people_file != *path {
        return Ok(None);
    }
    match (base_src.content_id(path), head_src.content_id(path)) {
        (Some(b), Some(h)) if b == h => {}
        _ => return Ok(None),
    }
    Ok(Some(repo.emails_between(base, head)?))
}

/// Evaluates one side with its own policy; `None` when its policy or a rule cannot be applied
/// (the check of that side reports why).
fn evaluate_side(
    snap: &Snapshot,
    policy: Option<&Policy>,
    now: crate::model::Date,
) -> Option<crate::evaluate::Evaluation> {
    crate::evaluate::evaluate(snap, policy?, now).ok()
}

/// The policy a side's KPIs are measured with: its own, or where that is invalid (`check`
/// exits 2 on it) the built-in default, so that the diff still shows the numbers.
fn measuring(policy: &Result<Policy, Vec<Finding>>) -> Policy {
    match policy {
        Ok(p) => p.clone(),
        Err(_) => crate::policy::build(&Snapshot::default()).unwrap_or_default(),
    }
}

/// Recommendation before and after, and the findings the change introduced or resolved. Findings
/// are matched by code, file and JSON pointer, so a value that changes but still fails is neither.
fn delta(
    id: &str,
    before: Option<&crate::evaluate::Evaluation>,
    after: Option<&crate::evaluate::Evaluation>,
) -> EvaluationDelta {
    let report = |e: Option<&crate::evaluate::Evaluation>| {
        e.and_then(|e| e.projects.iter().find(|p| p.id == id).cloned())
    };
    let findings = |e: Option<&crate::evaluate::Evaluation>| -> Vec<Finding> {
        e.map(|e| e.project_findings(id).cloned().collect())
            .unwrap_or_default()
    };
    let key = |f: &Finding| {
        (
            f.code,
            f.location
                .as_ref()
                .map(|l| (l.file.clone(), l.pointer.clone())),
        )
    };
    let (fb, fa) = (findings(before), findings(after));
    let (rb, ra) = (report(before), report(after));
    EvaluationDelta {
        gate: ra.as_ref().or(rb.as_ref()).and_then(|r| r.gate),
        gate_before: rb.as_ref().and_then(|r| r.gate),
        recommendation_before: rb.and_then(|r| r.recommended),
        recommendation_after: ra.and_then(|r| r.recommended),
        findings_introduced: fa
            .iter()
            .filter(|f| !fb.iter().any(|g| key(g) == key(f)))
            .cloned()
            .collect(),
        findings_resolved: fb
            .iter()
            .filter(|f| !fa.iter().any(|g| key(g) == key(f)))
            .cloned()
            .collect(),
    }
}

/// Compares the named projects of two loaded snapshots, measuring KPIs with each side's policy.
/// Pure: usable on any two snapshots.
pub fn compare(
    base: &Snapshot,
    head: &Snapshot,
    ids: &[String],
    policies: (&Policy, &Policy),
) -> Vec<ProjectDiff> {
    let mut out = Vec::new();
    for id in ids {
        let (b, h) = (base.project(id), head.project(id));
        let exists = |p: Option<&load::ProjectState>| p.is_some_and(|p| p.project.is_some());
        let change = match (exists(b), exists(h)) {
            (false, true) => ProjectChange::Added,
            (true, false) => ProjectChange::Removed,
            _ => ProjectChange::Modified,
        };
        let (bs, hs) = (spec(b), spec(h));
        let stage_from = bs.map(|s| s.stage);
        let stage_to = hs.map(|s| s.stage);
        let (bd, hd) = (decisions_of(b), decisions_of(h));
        let head_errors = head
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error && f.project.as_deref() == Some(id))
            .count();
        out.push(ProjectDiff {
            id: id.clone(),
            name: hs.or(bs).map(|s| s.name.clone()),
            change,
            stage: stage_to.or(stage_from),
            stage_change: (stage_from != stage_to && change == ProjectChange::Modified).then_some(
                StageChange {
                    from: stage_from,
                    to: stage_to,
                },
            ),
            kpis: kpi_rows(
                SideKpis {
                    kpis: kpis_of(b),
                    results: results_of(b),
                    policy: policies.0,
                },
                SideKpis {
                    kpis: kpis_of(h),
                    results: results_of(h),
                    policy: policies.1,
                },
            ),
            governance: governance_changes(b, h),
            decisions_added: hd
                .iter()
                .filter(|d| !bd.iter().any(|x| x.id == d.id))
                .cloned()
                .collect(),
            decisions_rewritten: if change == ProjectChange::Removed {
                Vec::new()
            } else {
                bd.iter()
                    .filter(|d| hd.iter().find(|x| x.id == d.id) != Some(*d))
                    .map(|d| d.id.clone())
                    .collect()
            },
            head_errors,
            evaluation: None,
        });
    }
    out
}

fn spec(p: Option<&load::ProjectState>) -> Option<&crate::model::ProjectSpec> {
    p.and_then(|p| p.project.as_ref()).map(|l| &l.data)
}

fn kpis_of(p: Option<&load::ProjectState>) -> Option<&KpisFile> {
    p.and_then(|p| p.kpis.as_ref()).map(|l| &l.data)
}

fn results_of(p: Option<&load::ProjectState>) -> &[MeasuredResult] {
    p.and_then(|p| p.results.as_ref())
        .map(|l| l.data.results.as_slice())
        .unwrap_or_default()
}

fn decisions_of(p: Option<&load::ProjectState>) -> &[Decision] {
    p.and_then(|p| p.decisions.as_ref())
        .map(|l| l.data.decisions.as_slice())
        .unwrap_or_default()
}

fn find_kpi<'a>(f: Option<&'a KpisFile>, id: &str) -> Option<&'a crate::model::Kpi> {
    f.and_then(|f| f.kpis.iter().find(|k| k.id == id))
}

/// One side's KPI files and the policy its KPIs are measured with.
#[derive(Clone, Copy)]
struct SideKpis<'a> {
    kpis: Option<&'a KpisFile>,
    results: &'a [MeasuredResult],
    policy: &'a Policy,
}

fn kpi_rows(base: SideKpis<'_>, head: SideKpis<'_>) -> Vec<KpiRow> {
    // (kpi, gate) pairs in head's order, then those only base has.
    let mut keys: Vec<(String, Gate)> = Vec::new();
    for kpis in [head.kpis, base.kpis].into_iter().flatten() {
        for k in &kpis.kpis {
            for gate in Stage::ALL {
                let has_result = head
                    .results
                    .iter()
                    .chain(base.results)
                    .any(|r| r.kpi == k.id && r.gate == gate);
                if (k.criteria(gate).is_some() || has_result)
                    && !keys.contains(&(k.id.clone(), gate))
                {
                    keys.push((k.id.clone(), gate));
                }
            }
        }
    }
    let mut rows = Vec::new();
    for (id, gate) in keys {
        let (bk, hk) = (find_kpi(base.kpis, &id), find_kpi(head.kpis, &id));
        let Some(kpi) = hk.or(bk) else { continue };
        let criteria = |k: Option<&crate::model::Kpi>| k.and_then(|k| k.criteria(gate)).cloned();
        let (cb, ch) = (criteria(bk), criteria(hk));
        let before = bk.and_then(|k| measure_side(k, gate, base));
        let after = hk.and_then(|k| measure_side(k, gate, head));
        if before.is_none() && after.is_none() && cb == ch {
            continue; // criteria only, unchanged, no results: nothing to show
        }
        let changed = before != after || cb != ch;
        let recent = match (hk, head.kpis) {
            (Some(k), Some(file)) if changed => {
                let index = file.kpis.iter().position(|x| x.id == id).unwrap_or(0);
                super::trend::recent_results(
                    k,
                    index,
                    gate,
                    head.results,
                    head.policy,
                    RECENT_RESULTS,
                )
            }
            _ => Vec::new(),
        };
        rows.push(KpiRow {
            kpi: id.clone(),
            name: kpi.name.clone(),
            gate,
            unit: kpi.unit,
            direction: kpi.direction,
            threshold_before: cb.as_ref().map(|c| c.threshold),
            threshold: ch.as_ref().map(|c| c.threshold),
            stop_before: cb.as_ref().and_then(|c| c.stop),
            stop: ch.as_ref().and_then(|c| c.stop),
            before,
            after,
            changed,
            recent,
        });
    }
    rows
}

/// A KPI at a gate on one side: [`measure::measure`] against that side's criteria, or without
/// criteria there the same counted result and value, unjudged.
fn measure_side(kpi: &crate::model::Kpi, gate: Gate, side: SideKpis<'_>) -> Option<Measure> {
    let allowed = measure::allowed_kinds(side.policy, gate);
    let index = side
        .kpis
        .and_then(|f| f.kpis.iter().position(|k| k.id == kpi.id))
        .unwrap_or(0);
    if let Some(row) = measure::measure(kpi, index, gate, side.results, &allowed) {
        return Some(Measure {
            result: row.result?,
            value: row.value?,
            successes: row.successes,
            n: row.n,
            interval: row.interval,
            status: Some(row.status),
            pass: Some(row.status == KpiStatus::Pass),
            exact: row.exact,
        });
    }
    let (_, r) = measure::counted(kpi, gate, side.results, &allowed)?;
    let exact = measure::value_of(r, kpi.unit)?;
    Some(Measure {
        result: r.id.clone(),
        value: exact.decimal(),
        successes: r.successes,
        n: r.n,
        interval: None,
        status: None,
        pass: None,
        exact: Some(exact),
    })
}

fn governance_changes(
    base: Option<&load::ProjectState>,
    head: Option<&load::ProjectState>,
) -> Vec<GovernanceChange> {
    let items = |p: Option<&load::ProjectState>| {
        p.and_then(|p| p.governance.as_ref())
            .map(|l| l.data.items.clone())
            .unwrap_or_default()
    };
    let (b, h) = (items(base), items(head));
    let mut out = Vec::new();
    for item in &h {
        let old = b.iter().find(|x| x.id == item.id).map(|x| x.status);
        if old != Some(item.status) {
            out.push(GovernanceChange {
                id: item.id.clone(),
                title: item.title.clone(),
                approver: item.approver.clone(),
                from: old.map(|s| s.as_str()),
                to: Some(item.status.as_str()),
            });
        }
    }
    for item in &b {
        if !h.iter().any(|x| x.id == item.id) {
            out.push(GovernanceChange {
                id: item.id.clone(),
                title: item.title.clone(),
                approver: item.approver.clone(),
                from: Some(item.status.as_str()),
                to: None,
            });
        }
    }
    out
}

/// The project folders under `projects_dir` (not starting with `.`), sorted.
fn project_dirs(src: &dyn Source, projects_dir: &str) -> Result<Vec<String>, SourceError> {
    let mut dirs: Vec<String> = src
        .list(projects_dir)?
        .into_iter()
        .filter(|e| e.kind == EntryKind::Dir && !e.name.starts_with('.'))
        .map(|e| e.name)
        .collect();
    dirs.sort_unstable();
    Ok(dirs)
}

/// How many names two sorted lists hold together.
fn union_len(a: &[String], b: &[String]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x == y => (i, j) = (i + 1, j + 1),
            (Some(x), Some(y)) if x < y => i += 1,
            (Some(_), None) => i += 1,
            _ => j += 1,
        }
        n += 1;
    }
    n
}

/// The fingerprint of the project folder `name`: its tree id when the source has ids and
/// `by_folder`, else file name -> blob id (hashed from the bytes when the source has no ids).
fn fingerprint(
    src: &dyn Source,
    projects_dir: &str,
    name: &str,
    cap: u64,
    by_folder: bool,
) -> Result<BTreeMap<String, String>, SourceError> {
    let dir_path = source::join(projects_dir, name);
    let mut files = BTreeMap::new();
    if by_folder && let Some(id) = src.folder_id(&dir_path) {
        files.insert(String::new(), id);
        return Ok(files);
    }
    for file in src.list(&dir_path)? {
        if file.kind != EntryKind::File {
            continue;
        }
        let path = source::join(&dir_path, &file.name);
        let id = match src.content_id(&path) {
            Some(id) => id,
            None => match src.read(&path, cap) {
                Ok(bytes) => Oid::hash_object(ObjectType::Blob, &bytes)
                    .map(|o| o.to_string())
                    .unwrap_or_default(),
                // Unreadable: never equal to a blob id, so the project counts as changed and
                // the loader reports why.
                Err(e) => format!("unreadable: {e}"),
            },
        };
        files.insert(file.name, id);
    }
    Ok(files)
}

/// A source showing only some project folders, so the loader reads only changed projects.
struct Only<'a> {
    inner: &'a dyn Source,
    projects_dir: String,
    keep: &'a BTreeSet<String>,
}

impl Source for Only<'_> {
    fn describe(&self) -> String {
        self.inner.describe()
    }

    fn list(&self, dir: &str) -> Result<Vec<Entry>, SourceError> {
        if dir.trim_matches('/') != self.projects_dir {
            return self.inner.list(dir);
        }
        // A commit resolves a folder by its id: each kept folder is looked up, rather than
        // thousands of names listed to keep one or two. (The loader reads only folders; each
        // kept one was already read to be found changed.)
        if self.inner.folder_id(dir).is_some() {
            return Ok(self
                .keep
                .iter()
                .filter(|name| self.inner.folder_id(&source::join(dir, name)).is_some())
                .map(|name| Entry {
                    name: name.clone(),
                    kind: EntryKind::Dir,
                })
                .collect());
        }
        let entries = self.inner.list(dir)?;
        Ok(entries
            .into_iter()
            .filter(|e| self.keep.contains(&e.name))
            .collect())
    }

    fn read(&self, path: &str, cap: u64) -> Result<Vec<u8>, ReadError> {
        self.inner.read(path, cap)
    }

    fn read_identified(&self, path: &str, cap: u64) -> Result<(Vec<u8>, Oid), ReadError> {
        self.inner.read_identified(path, cap)
    }

    fn folder_id(&self, path: &str) -> Option<String> {
        self.inner.folder_id(path)
    }

    fn reread(&self, path: &str, cap: u64) -> Option<Reread> {
        self.inner.reread(path, cap)
    }

    fn content_id(&self, path: &str) -> Option<String> {
        self.inner.content_id(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_string()).collect()
    }

    #[test]
    fn union_len_counts_each_name_once() {
        assert_eq!(union_len(&[], &[]), 0);
        assert_eq!(union_len(&names(&["a", "b"]), &[]), 2);
        assert_eq!(union_len(&[], &names(&["a"])), 1);
        assert_eq!(
            union_len(&names(&["a", "c", "e"]), &names(&["b", "c", "f"])),
            5
        );
        assert_eq!(union_len(&names(&["a", "b"]), &names(&["a", "b"])), 2);
    }
}
