//! KPI trends from git history: for every KPI and gate, the value that counted in each version
//! of results.yaml, the criteria in force, and where they changed; and per project the decision
//! timeline. What `report` draws.
//!
//! One walk of the first-parent history ([`Walker`], which parses only the file versions that
//! changed, each once), and at every commit that changed a project's KPI files each KPI is
//! measured by [`measure::measure`], the function `check` uses, so a point on a chart is exactly
//! what `check` said at that commit. A version that counts the same result as the one before adds
//! no point; a version that changes a KPI's criteria, unit or direction adds a [`Change`]. The
//! decision timeline comes from the same walk through [`super::log`]'s events, so it reads like
//! `tollgate log`.
//!
//! The working tree, when it differs from the last commit, is one more version ([`Version::WorkTree`]).

use std::collections::BTreeMap;
use std::sync::Arc;

use git2::Oid;
use serde::Serialize;

use super::error::HistoryError;
use super::event::{self as log, Entry, LogOptions, Recommend};
use super::repo::{CommitInfo, Repo};
use super::walk::{ProjectFiles, Transition, Walker, Warning};
use crate::evaluate::measure::{self, KpiRow};
use crate::load::{Kind, ParseCache, Snapshot};
use crate::model::{Criteria, DatasetKind, Date, Direction, Gate, MeasuredResult, Stage, Unit};
use crate::policy::Policy;

/// Where a point or a change was first seen.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Version {
    /// A commit.
    Commit {
        /// The commit.
        commit: Box<CommitInfo>,
    },
    /// Uncommitted files in the working tree.
    WorkTree,
}

impl Version {
    /// The commit, unless it is the working tree.
    pub fn commit(&self) -> Option<&CommitInfo> {
        match self {
            Version::Commit { commit } => Some(commit),
            Version::WorkTree => None,
        }
    }
}

/// One measured value: the row `check` showed for the KPI at that version, and the date the
/// counted result was measured (the chart's x).
#[derive(Clone, Debug, Serialize)]
pub struct Point {
    /// The version the value was first seen in.
    pub version: Version,
    /// When the counted result was measured.
    pub measured_at: Date,
    /// The KPI's row at that version.
    pub row: KpiRow,
}

/// What a KPI's values are judged by at one gate.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Terms {
    /// `None` when the KPI had no criteria at the gate (or was removed from kpis.yaml).
    pub criteria: Option<Criteria>,
    /// The KPI's unit.
    pub unit: Unit,
    /// Whether higher or lower is better.
    pub direction: Direction,
}

/// A change of the terms between two versions.
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    /// The version that changed them.
    pub version: Version,
    /// The commit's author date (the report date for the working tree).
    pub date: Date,
    /// The terms before.
    pub before: Terms,
    /// The terms after.
    pub after: Terms,
}

/// One KPI at one gate across history.
#[derive(Clone, Debug, Serialize)]
pub struct Series {
    /// The KPI's id.
    pub kpi: String,
    /// The name in the latest version.
    pub name: String,
    /// The gate.
    pub gate: Gate,
    /// The terms in the latest version.
    pub terms: Terms,
    /// Oldest first, in the order of the versions that first carried them.
    pub points: Vec<Point>,
    /// Each change of the terms, oldest first.
    pub changes: Vec<Change>,
}

/// One project's trends and decision timeline.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ProjectTrend {
    /// One series per KPI and gate.
    pub series: Vec<Series>,
    /// `tollgate log`'s entries for the project, oldest first.
    pub timeline: Vec<Entry>,
}

impl ProjectTrend {
    /// The series of `kpi` at `gate`.
    pub fn series(&self, kpi: &str, gate: Gate) -> Option<&Series> {
        self.series.iter().find(|s| s.kpi == kpi && s.gate == gate)
    }
}

/// Whether history was read.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum HistoryRead {
    /// `commits` commits of the first-parent chain up to `head` were walked.
    Walked {
        /// The head commit.
        head: String,
        /// How many commits were walked.
        commits: usize,
    },
    /// No history: only the current files are shown.
    Unavailable {
        /// Why (not a git repository, a shallow clone, ...).
        reason: String,
    },
}

/// Every project's trends, by project folder name.
#[derive(Clone, Debug, Serialize)]
pub struct Trends {
    /// Whether history was read.
    pub history: HistoryRead,
    /// By project folder name.
    pub projects: BTreeMap<String, ProjectTrend>,
    /// File versions that did not parse (the last good version stood in for them).
    pub warnings: Vec<Warning>,
    #[serde(skip)]
    allowed: [Vec<DatasetKind>; 3],
}

/// How to walk.
pub struct TrendOptions<'a> {
    /// The policy whose dataset rules decide which results count (the one the report's
    /// evaluation uses, so charts and tables agree).
    pub policy: &'a Policy,
    /// Shared with the load of the head, so a file version is parsed once per run.
    pub cache: ParseCache,
    /// The gate and outcome recommended for a project's files, for the timeline's
    /// recommendation changes (see [`log::LogOptions::recommend`]).
    pub recommend: Option<&'a Recommend<'a>>,
    /// Called after each commit with (commits done, commits in total).
    pub progress: Option<&'a dyn Fn(usize, usize)>,
}

impl std::fmt::Debug for TrendOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TrendOptions").finish_non_exhaustive()
    }
}

impl Trends {
    /// No history read (no repository, a shallow clone): `reason` says why.
    pub fn unavailable(policy: &Policy, reason: String) -> Trends {
        Trends {
            history: HistoryRead::Unavailable { reason },
            projects: BTreeMap::new(),
            warnings: Vec::new(),
            allowed: allowed(policy),
        }
    }

    /// Walks the first-parent history up to `head`.
    pub fn walk(
        repo: &Repo,
        head: Oid,
        options: &TrendOptions<'_>,
    ) -> Result<Trends, HistoryError> {
        if repo.is_shallow() {
            return Err(HistoryError::Shallow);
        }
        let config = repo.config_at(head)?;
        let mut walker = Walker::new(
            repo,
            &config.projects_dir,
            &[Kind::Project, Kind::Kpis, Kind::Results, Kind::Decisions],
            config.max_file_bytes,
            options.cache.clone(),
        );
        let commits = walker.commits(head, true)?;
        let mut trends = Trends {
            history: HistoryRead::Walked {
                head: head.to_string(),
                commits: commits.len(),
            },
            ..Trends::unavailable(options.policy, String::new())
        };
        let log_options = LogOptions {
            first_parent: true,
            recommend: options.recommend,
            ..LogOptions::default()
        };
        for (i, commit) in commits.iter().enumerate() {
            if let Some(step) = walker.step(*commit, true)? {
                for t in &step.transitions {
                    trends.transition(&step.commit, t, &log_options);
                }
            }
            if let Some(progress) = options.progress {
                progress(i + 1, commits.len());
            }
        }
        trends.warnings = walker.into_warnings();
        Ok(trends)
    }

    /// Adds the state reported (the working tree; a commit when history could not be read) as
    /// the last version, dated `date`: its values and criteria where they differ from the last
    /// commit's (projects only there start with it).
    pub fn add_current(&mut self, snap: &Snapshot, version: &Version, date: Date) {
        for state in &snap.projects {
            if state.project.is_none() {
                continue;
            }
            let files = ProjectFiles::from_state(state);
            let allowed = &self.allowed;
            let trend = self.projects.entry(state.id.clone()).or_default();
            observe(trend, version, date, &files, allowed);
        }
    }

    /// One project's change in one commit.
    fn transition(&mut self, commit: &CommitInfo, t: &Transition, log_options: &LogOptions<'_>) {
        if let Some(from) = &t.renamed_from
            && let Some(moved) = self.projects.remove(from)
        {
            self.projects.insert(t.project.clone(), moved);
        }
        if t.after.project.is_none() {
            // Removed (or its project.yaml is): a later project of the same name starts afresh.
            self.projects.remove(&t.project);
            return;
        }
        let allowed = &self.allowed;
        let trend = self.projects.entry(t.project.clone()).or_default();
        log::events(
            &Arc::new(commit.clone()),
            t,
            log_options,
            &mut trend.timeline,
        );
        let kpi_files_changed = t.before.kpis != t.after.kpis
            || t.before.results != t.after.results
            || t.renamed_from.is_some();
        if kpi_files_changed {
            let date = commit_date(commit);
            let version = Version::Commit {
                commit: Box::new(commit.clone()),
            };
            observe(trend, &version, date, &t.after, allowed);
        }
    }
}

/// The dataset kinds whose results count, per gate (indexed by [`Stage::index`]).
fn allowed(policy: &Policy) -> [Vec<DatasetKind>; 3] {
    Stage::ALL.map(|g| measure::allowed_kinds(policy, g))
}

/// The date of a commit (its author date, in the author's offset).
fn commit_date(commit: &CommitInfo) -> Date {
    commit
        .date
        .get(..10)
        .and_then(|d| Date::parse_from_str(d, "%Y-%m-%d").ok())
        .unwrap_or_default()
}

/// Measures every KPI of one version of a project's files into its series.
fn observe(
    trend: &mut ProjectTrend,
    version: &Version,
    date: Date,
    files: &ProjectFiles,
    allowed: &[Vec<DatasetKind>; 3],
) {
    let results: &[MeasuredResult] = files.all_results();
    let kpis = files.all_kpis();
    let mut seen = vec![false; trend.series.len()];
    for (index, kpi) in kpis.iter().enumerate() {
        for gate in Stage::ALL {
            let terms = Terms {
                criteria: kpi.criteria(gate).cloned(),
                unit: kpi.unit,
                direction: kpi.direction,
            };
            let at = trend
                .series
                .iter()
                .position(|s| s.kpi == kpi.id && s.gate == gate);
            let at = match at {
                Some(at) => at,
                // A series starts with the first version that sets criteria at the gate.
                None if terms.criteria.is_some() => {
                    trend.series.push(Series {
                        kpi: kpi.id.clone(),
                        name: kpi.name.clone(),
                        gate,
                        terms: terms.clone(),
                        points: Vec::new(),
                        changes: Vec::new(),
                    });
                    seen.push(false);
                    trend.series.len() - 1
                }
                None => continue,
            };
            seen[at] = true;
            let series = &mut trend.series[at];
            series.name.clone_from(&kpi.name);
            if series.terms != terms {
                series.changes.push(Change {
                    version: version.clone(),
                    date,
                    before: std::mem::replace(&mut series.terms, terms),
                    after: series.terms.clone(),
                });
            }
            let Some(row) = measure::measure(kpi, index, gate, results, &allowed[gate.index()])
            else {
                continue;
            };
            let (Some(_), Some(ri)) = (row.exact, row.result_index) else {
                continue;
            };
            let measured_at = results[ri].measured_at;
            let same = series.points.last().is_some_and(|p| {
                p.row.result == row.result
                    && p.row.exact == row.exact
                    && p.row.n == row.n
                    && p.measured_at == measured_at
            });
            if !same {
                series.points.push(Point {
                    version: version.clone(),
                    measured_at,
                    row,
                });
            }
        }
    }
    // A KPI gone from kpis.yaml has no criteria any more.
    for (series, seen) in trend.series.iter_mut().zip(seen) {
        if !seen && series.terms.criteria.is_some() {
            let after = Terms {
                criteria: None,
                ..series.terms.clone()
            };
            series.changes.push(Change {
                version: version.clone(),
                date,
                before: std::mem::replace(&mut series.terms, after),
                after: series.terms.clone(),
            });
        }
    }
}

/// The last `limit` results of a KPI at a gate in one results.yaml (oldest first, by
/// `measured_at`, later entries winning ties), each measured alone by [`measure::measure`]
/// against the KPI's criteria there; results on datasets that do not count are left out.
/// Empty when the KPI has no criteria at the gate. What the pull-request comment's chart shows.
pub fn recent_results(
    kpi: &crate::model::Kpi,
    kpi_index: usize,
    gate: Gate,
    results: &[MeasuredResult],
    policy: &Policy,
    limit: usize,
) -> Vec<(Date, KpiRow)> {
    let allowed = measure::allowed_kinds(policy, gate);
    let mut mine: Vec<(usize, &MeasuredResult)> = results
        .iter()
        .enumerate()
        .filter(|(_, r)| r.kpi == kpi.id && r.gate == gate && allowed.contains(&r.dataset.kind))
        .collect();
    mine.sort_by_key(|(i, r)| (r.measured_at, *i));
    let skip = mine.len().saturating_sub(limit);
    mine.into_iter()
        .skip(skip)
        .filter_map(|(_, r)| {
            let row = measure::measure(kpi, kpi_index, gate, std::slice::from_ref(r), &allowed)?;
            row.exact.map(|_| (r.measured_at, row))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Dataset, Kpi, KpisFile, ResultsFile};
    use std::sync::Arc;

    fn kpi(threshold: &str) -> Kpi {
        serde_json::from_value(serde_json::json!({
            "id": "accuracy", "name": "Accuracy", "layer": "quantitative", "unit": "percent",
            "direction": "higher-is-better",
            "criteria": {"poc": {"threshold": threshold.parse::<f64>().unwrap_or(0.0), "stop": 40}}
        }))
        .expect("kpi")
    }

    fn result(id: &str, successes: u64, day: u32, kind: DatasetKind) -> MeasuredResult {
        MeasuredResult {
            id: id.into(),
            kpi: "accuracy".into(),
            gate: Gate::Poc,
            value: None,
            successes: Some(successes),
            n: Some(200),
            dataset: Dataset {
                id: "set".into(),
                kind,
            },
            measured_at: Date::from_ymd_opt(2026, 10, day).unwrap_or_default(),
            measured_by: None,
            evidence: None,
            note: None,
        }
    }

    fn files(k: Kpi, results: Vec<MeasuredResult>) -> ProjectFiles {
        ProjectFiles {
            kpis: Some(Arc::new(KpisFile {
                kpis: vec![k],
                criteria_changes: Vec::new(),
            })),
            results: Some(Arc::new(ResultsFile { results })),
            ..ProjectFiles::default()
        }
    }

    fn policy() -> Policy {
        crate::policy::build(&Snapshot::default()).expect("default policy")
    }

    #[test]
    fn a_version_adds_a_point_only_when_the_counted_result_changes() {
        let allowed = allowed(&policy());
        let mut trend = ProjectTrend::default();
        let day = |d| Date::from_ymd_opt(2026, 11, d).unwrap_or_default();
        let one = vec![result("run-1", 140, 1, DatasetKind::Test)];
        observe(
            &mut trend,
            &Version::WorkTree,
            day(1),
            &files(kpi("70"), one.clone()),
            &allowed,
        );
        // The same result again, and then the criteria alone changed: no new point, one change.
        observe(
            &mut trend,
            &Version::WorkTree,
            day(2),
            &files(kpi("70"), one.clone()),
            &allowed,
        );
        observe(
            &mut trend,
            &Version::WorkTree,
            day(3),
            &files(kpi("75"), one.clone()),
            &allowed,
        );
        let mut two = one;
        two.push(result("run-2", 160, 20, DatasetKind::Test));
        observe(
            &mut trend,
            &Version::WorkTree,
            day(4),
            &files(kpi("75"), two),
            &allowed,
        );
        let s = trend.series("accuracy", Gate::Poc).expect("series");
        let values: Vec<String> = s
            .points
            .iter()
            .map(|p| {
                format!(
                    "{} {}",
                    p.row.result.clone().unwrap_or_default(),
                    p.row.status.as_str()
                )
            })
            .collect();
        assert_eq!(values, ["run-1 pass", "run-2 pass"]);
        assert_eq!(s.changes.len(), 1);
        assert_eq!(s.changes[0].date, day(3));
        let threshold = |t: &Terms| t.criteria.as_ref().map(|c| c.threshold.to_string());
        assert_eq!(threshold(&s.changes[0].before).as_deref(), Some("70"));
        assert_eq!(threshold(&s.changes[0].after).as_deref(), Some("75"));
        // 140 of 200 is 70%: the point is judged against the criteria of its own version.
        assert_eq!(s.points[0].row.threshold.to_string(), "70");
    }

    #[test]
    fn a_kpi_removed_from_kpis_yaml_loses_its_criteria() {
        let allowed = allowed(&policy());
        let mut trend = ProjectTrend::default();
        let day = Date::from_ymd_opt(2026, 11, 1).unwrap_or_default();
        let r = vec![result("run-1", 140, 1, DatasetKind::Test)];
        observe(
            &mut trend,
            &Version::WorkTree,
            day,
            &files(kpi("70"), r),
            &allowed,
        );
        observe(
            &mut trend,
            &Version::WorkTree,
            day,
            &ProjectFiles::default(),
            &allowed,
        );
        let s = trend.series("accuracy", Gate::Poc).expect("series");
        assert_eq!(s.terms.criteria, None);
        assert_eq!(s.changes.len(), 1);
        assert_eq!(s.points.len(), 1);
    }

    #[test]
    fn recent_results_are_the_last_ones_each_measured_alone() {
        let results = vec![
            result("late", 170, 30, DatasetKind::Test),
            result("early", 100, 1, DatasetKind::Test),
            result("middle", 150, 15, DatasetKind::Test),
        ];
        let recent = recent_results(&kpi("70"), 0, Gate::Poc, &results, &policy(), 2);
        let shown: Vec<(String, String)> = recent
            .iter()
            .map(|(_, r)| {
                (
                    r.result.clone().unwrap_or_default(),
                    r.value.map(|v| v.to_string()).unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("middle".to_string(), "75".to_string()),
                ("late".to_string(), "85".to_string())
            ]
        );
        assert!(recent_results(&kpi("70"), 0, Gate::Mvp, &results, &policy(), 5).is_empty());
    }
}
