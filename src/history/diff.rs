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

use super::repo::{config_of, short};
use super::{HistoryError, Repo};
use crate::findings::{Finding, Severity};
use crate::load::{self, LoadOptions, ParseCache, Snapshot};
use crate::model::{Decision, Direction, Gate, KpisFile, MeasuredResult, Outcome, Stage};
use crate::source::{self, Entry, EntryKind, ReadError, Source, SourceError, WorkTree};

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
    pub base: Side,
    pub head: Side,
    /// Projects whose files differ, by id.
    pub projects: Vec<ProjectDiff>,
    /// How many projects exist on either side with identical files.
    pub unchanged: usize,
    /// The history checks over the same range (`tollgate diff` fills it; `None` when not run).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<super::integrity::HistoryReport>,
}

#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum ProjectChange {
    Added,
    Removed,
    Modified,
}

/// How one project changed.
#[derive(Clone, Debug, Serialize)]
pub struct ProjectDiff {
    pub id: String,
    pub name: Option<String>,
    pub change: ProjectChange,
    /// The stage at head (at base for a removed project).
    pub stage: Option<Stage>,
    /// Set when the stage differs between base and head.
    pub stage_change: Option<StageChange>,
    pub kpis: Vec<KpiRow>,
    pub governance: Vec<GovernanceChange>,
    pub decisions_added: Vec<Decision>,
    /// Ids of decisions present at base that head edits or deletes (decisions are append-only).
    pub decisions_rewritten: Vec<String>,
    /// Error findings from loading this project's files at head (`tollgate validate` shows them).
    pub head_errors: usize,
    /// HOOK for gate evaluation (not filled yet, always `None`): recommended outcome before and
    /// after, and findings introduced and resolved by the change.
    pub evaluation: Option<EvaluationDelta>,
}

/// What gate evaluation will add to a project's diff (see [`ProjectDiff::evaluation`]).
#[derive(Clone, Debug, Serialize, Default)]
pub struct EvaluationDelta {
    pub gate: Option<Gate>,
    pub recommendation_before: Option<Outcome>,
    pub recommendation_after: Option<Outcome>,
    pub findings_introduced: Vec<Finding>,
    pub findings_resolved: Vec<Finding>,
}

#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
pub struct StageChange {
    pub from: Option<Stage>,
    pub to: Option<Stage>,
}

/// One KPI at one gate: the latest result on each side against that side's threshold.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct KpiRow {
    pub kpi: String,
    pub name: String,
    pub gate: Gate,
    pub unit: &'static str,
    pub direction: &'static str,
    pub threshold_before: Option<f64>,
    pub threshold: Option<f64>,
    pub before: Option<Measure>,
    pub after: Option<Measure>,
    /// The result or the threshold differs between the sides.
    pub changed: bool,
}

/// The latest result for a KPI at a gate.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Measure {
    pub result: String,
    pub value: f64,
    /// Sample size, when the result gives one.
    pub n: Option<u64>,
    /// The point value against the threshold, by the KPI's direction (`None` without a
    /// threshold). Sample-size and confidence rules are the gate evaluation's to apply.
    pub pass: Option<bool>,
}

/// A governance item whose status changed (or that was added or removed).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct GovernanceChange {
    pub id: String,
    pub title: String,
    pub approver: String,
    pub from: Option<&'static str>,
    pub to: Option<&'static str>,
}

/// Compares two states of the repository at `root`; see [`DiffOptions`].
pub fn diff(root: &Path, options: &DiffOptions) -> Result<Diff, HistoryError> {
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
        Some(rev) => (repo.resolve(rev)?, rev.clone()),
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
            (range.base_oid, range.rule)
        }
    };
    let base_src = repo.source_at(base)?;
    let head = Side {
        label: match (&options.head, head_commit) {
            (Some(rev), Some(_)) => rev.clone(),
            _ => "working tree".to_string(),
        },
        commit: head_commit.map(|c| c.to_string()),
    };
    let base = Side {
        label: format!("{base_label} {}", short(base)),
        commit: Some(base.to_string()),
    };

    let base_cfg = config_of(&base_src);
    let cap = |c: &crate::model::Config| options.max_file_bytes.unwrap_or(c.max_file_bytes);
    // Two commits: a project folder's tree id says whether anything in it changed. Against the
    // working tree, which has no ids, the files are hashed as git would.
    let by_folder = base_src.folder_id(&base_cfg.projects_dir).is_some()
        && head_src.folder_id(&head_cfg.projects_dir).is_some();
    let base_prints = fingerprints(&base_src, &base_cfg.projects_dir, cap(&base_cfg), by_folder)?;
    let head_prints = fingerprints(
        &*head_src,
        &head_cfg.projects_dir,
        cap(&head_cfg),
        by_folder,
    )?;
    let all: BTreeSet<&String> = base_prints.keys().chain(head_prints.keys()).collect();
    let changed: BTreeSet<String> = all
        .iter()
        .filter(|id| base_prints.get(**id) != head_prints.get(**id))
        .map(|id| (*id).clone())
        .collect();
    let unchanged = all.len() - changed.len();
    if changed.is_empty() {
        return Ok(Diff {
            base,
            head,
            projects: Vec::new(),
            unchanged,
            history: None,
        });
    }
    let cache = ParseCache::new();
    let load_opts = LoadOptions {
        max_file_bytes: options.max_file_bytes,
        only_project: None,
        ..LoadOptions::default()
    };
    let load_side = |src: &dyn Source, dir: &str| {
        let only = Only {
            inner: src,
            projects_dir: dir.trim_matches('/').to_string(),
            keep: &changed,
        };
        load::load_with_cache(&only, &load_opts, &cache)
    };
    let mut base_snap = load_side(&base_src, &base_cfg.projects_dir)?;
    let mut head_snap = load_side(&*head_src, &head_cfg.projects_dir)?;
    // Only the changed projects were loaded.
    base_snap.partial = true;
    head_snap.partial = true;
    let ids: Vec<String> = changed.into_iter().collect();
    let mut projects = compare(&base_snap, &head_snap, &ids);
    if let Some(now) = options.now {
        let (before, after) = (
            evaluate_side(&base_snap, now),
            evaluate_side(&head_snap, now),
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
    })
}

/// Evaluates one side with its own policy; `None` when its policy or a rule cannot be applied
/// (the check of that side reports why).
fn evaluate_side(snap: &Snapshot, now: crate::model::Date) -> Option<crate::evaluate::Evaluation> {
    let policy = crate::policy::build(snap).ok()?;
    crate::evaluate::evaluate(snap, &policy, now).ok()
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

/// Compares the named projects of two loaded snapshots. Pure: usable on any two snapshots.
pub fn compare(base: &Snapshot, head: &Snapshot, ids: &[String]) -> Vec<ProjectDiff> {
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
            kpis: kpi_rows(kpis_of(b), results_of(b), kpis_of(h), results_of(h)),
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

fn kpi_rows(
    base_kpis: Option<&KpisFile>,
    base_results: &[MeasuredResult],
    head_kpis: Option<&KpisFile>,
    head_results: &[MeasuredResult],
) -> Vec<KpiRow> {
    // (kpi, gate) pairs in head's order, then those only base has.
    let mut keys: Vec<(String, Gate)> = Vec::new();
    for kpis in [head_kpis, base_kpis].into_iter().flatten() {
        for k in &kpis.kpis {
            for gate in Stage::ALL {
                let has_result = head_results
                    .iter()
                    .chain(base_results)
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
        let (bk, hk) = (find_kpi(base_kpis, &id), find_kpi(head_kpis, &id));
        let Some(kpi) = hk.or(bk) else { continue };
        let threshold_before = bk.and_then(|k| k.criteria(gate)).map(|c| c.threshold);
        let threshold = hk.and_then(|k| k.criteria(gate)).map(|c| c.threshold);
        let before = bk.and_then(|k| measure(k, gate, base_results, threshold_before));
        let after = hk.and_then(|k| measure(k, gate, head_results, threshold));
        if before.is_none() && after.is_none() && threshold_before == threshold {
            continue; // criteria only, unchanged, no results: nothing to show
        }
        let changed = before != after || threshold_before != threshold;
        rows.push(KpiRow {
            kpi: id.clone(),
            name: kpi.name.clone(),
            gate,
            unit: kpi.unit.as_str(),
            direction: match kpi.direction {
                Direction::HigherIsBetter => "higher-is-better",
                Direction::LowerIsBetter => "lower-is-better",
            },
            threshold_before,
            threshold,
            before,
            after,
            changed,
        });
    }
    rows
}

/// The latest result (by `measured_at`, later entries winning ties) for a KPI at a gate.
fn measure(
    kpi: &crate::model::Kpi,
    gate: Gate,
    results: &[MeasuredResult],
    threshold: Option<f64>,
) -> Option<Measure> {
    let latest = results
        .iter()
        .filter(|r| r.kpi == kpi.id && r.gate == gate)
        .max_by(|a, b| a.measured_at.cmp(&b.measured_at))?;
    // max_by returns the last of equal elements, so later entries win ties.
    let value = match (latest.value, latest.successes, latest.n) {
        (Some(v), _, _) => v,
        (None, Some(s), Some(n)) if n > 0 => s as f64 / n as f64 * kpi.unit.scale(),
        _ => return None,
    };
    let pass = threshold.map(|t| match kpi.direction {
        Direction::HigherIsBetter => value >= t,
        Direction::LowerIsBetter => value < t,
    });
    Some(Measure {
        result: latest.id.clone(),
        value,
        n: latest.n,
        pass,
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

/// Per project folder: file name -> blob id (hashed from the bytes when the source has no ids).
type Prints = BTreeMap<String, BTreeMap<String, String>>;

fn fingerprints(
    src: &dyn Source,
    projects_dir: &str,
    cap: u64,
    by_folder: bool,
) -> Result<Prints, SourceError> {
    let mut out = Prints::new();
    for dir in src.list(projects_dir)? {
        if dir.kind != EntryKind::Dir || dir.name.starts_with('.') {
            continue;
        }
        let dir_path = source::join(projects_dir, &dir.name);
        let mut files = BTreeMap::new();
        if by_folder && let Some(id) = src.folder_id(&dir_path) {
            files.insert(String::new(), id);
            out.insert(dir.name, files);
            continue;
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
                    // Unreadable: never equal to a blob id, so the project counts as changed
                    // and the loader reports why.
                    Err(e) => format!("unreadable: {}", read_error_tag(&e)),
                },
            };
            files.insert(file.name, id);
        }
        out.insert(dir.name, files);
    }
    Ok(out)
}

fn read_error_tag(e: &ReadError) -> String {
    e.to_string()
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
        let entries = self.inner.list(dir)?;
        if dir.trim_matches('/') == self.projects_dir {
            Ok(entries
                .into_iter()
                .filter(|e| self.keep.contains(&e.name))
                .collect())
        } else {
            Ok(entries)
        }
    }

    fn read(&self, path: &str, cap: u64) -> Result<Vec<u8>, ReadError> {
        self.inner.read(path, cap)
    }

    fn content_id(&self, path: &str) -> Option<String> {
        self.inner.content_id(path)
    }
}
