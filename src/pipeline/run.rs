//! The stages in order: [`evaluate()`] reads and judges the working tree, [`Evaluated::history`]
//! runs the history checks (with what GitHub says, when the caller has it), and
//! [`Evaluated::report`] joins them into the [`Report`]; [`run`] does all three without GitHub.

use crate::evaluate::{self, Evaluation};
use crate::findings::Finding;
use crate::history::Repo;
use crate::history::diff::{self, Diff, DiffOptions};
use crate::history::{HistoryError, HistoryReport, integrity};
use crate::load::{LoadOptions, Snapshot};
use crate::policy::Policy;
use crate::source::{Source, WorkTree};

use super::baseline::{Baseline, baseline};
use super::error::RunError;
use super::history::{Evidence, history_options};
use super::options::RunOptions;
use super::read::{Read, ReadFailure, read};
use super::report::{Body, Judged, Report};

/// The working tree read and judged, before the history checks.
#[derive(Debug)]
pub struct Evaluated {
    /// The state read (with a base: only the projects changed since it).
    pub snap: Snapshot,
    /// The policy that judged it.
    pub policy: Policy,
    /// The evaluation, without the history checks' findings.
    pub eval: Evaluation,
    /// What the run says about its scope.
    pub notes: Vec<String>,
    /// What the change does, when asked for.
    pub diff: Option<Result<Diff, HistoryError>>,
    /// What was judged: "working tree", or with `--rev` "commit abc1234 (REV)".
    pub source: String,
}

/// The working tree read and given its policy, not judged yet.
#[derive(Debug)]
pub struct Prepared {
    snap: Snapshot,
    policy: Policy,
    notes: Vec<String>,
    source: String,
}

/// Loads (with a base: only the changed projects), builds the policy (with a base: the stricter
/// of the base's and the working tree's) and evaluates; `tell` hears the run's notes as they
/// come.
pub fn evaluate(opts: &RunOptions, tell: &mut dyn FnMut(&str)) -> Result<Evaluated, RunError> {
    prepare(opts, tell)?.judge(opts)
}

/// [`evaluate`]'s first half: the state read and its policy built.
fn prepare(opts: &RunOptions, tell: &mut dyn FnMut(&str)) -> Result<Prepared, RunError> {
    let judged = judged_commit(opts).map_err(RunError::Rev)?;
    let baseline = baseline(opts, judged.as_ref().map(|(repo, c)| (repo, *c)), tell)
        .map_err(RunError::Base)?;
    let (worktree, commit);
    let source: &dyn Source = match &judged {
        Some((repo, oid)) => {
            commit = repo.source_at(*oid).map_err(RunError::Rev)?;
            &commit
        }
        None => {
            worktree = WorkTree::open(opts.root)?;
            &worktree
        }
    };
    let options = LoadOptions {
        max_file_bytes: opts.max_file_bytes,
        only_project: opts.project.map(str::to_string),
        editor_schemas: true,
        only_projects: baseline.as_ref().and_then(Baseline::only_projects),
        // With only the changed projects read, people.yaml's own findings are the default
        // branch's, as the unchanged projects' are.
        roster_keys: baseline.as_ref().and_then(Baseline::roster_keys),
        ..LoadOptions::default()
    };
    let state = read(source, &options, None);
    // A project asked for that is not there, and the run's notes, come before what is wrong
    // with the policy.
    let mut notes = Vec::new();
    if let Some(snap) = state
        .as_ref()
        .map_or_else(ReadFailure::snap, |r| Some(&r.snap))
    {
        if let Some(id) = opts.project
            && snap.project(id).is_none()
        {
            return Err(RunError::NoProject {
                id: id.to_string(),
                dir: opts.root.join(&snap.config.projects_dir),
            });
        }
        if let Some(b) = &baseline {
            notes = b.notes(snap.unread_projects);
        }
        for n in &notes {
            tell(n);
        }
    }
    let Read { snap, policy } = state?;
    let policy = match &baseline {
        Some(b) => b.judge(policy),
        None => policy,
    };
    Ok(Prepared {
        snap,
        policy,
        notes,
        source: match (&judged, opts.rev) {
            (Some((_, oid)), Some(rev)) => format!("commit {} ({rev})", short(*oid)),
            _ => "working tree".to_string(),
        },
    })
}

/// The commit `--rev` names, with its repository; `None` for the working tree.
fn judged_commit(opts: &RunOptions) -> Result<Option<(Repo, git2::Oid)>, HistoryError> {
    let Some(rev) = opts.rev else {
        return Ok(None);
    };
    let repo = Repo::open(opts.root)?;
    let oid = repo.resolve(rev)?;
    Ok(Some((repo, oid)))
}

fn short(oid: git2::Oid) -> String {
    oid.to_string().chars().take(7).collect()
}

impl Prepared {
    /// [`evaluate`]'s second half: the state judged by its policy (and the change's diff, when
    /// asked for).
    fn judge(self, opts: &RunOptions) -> Result<Evaluated, RunError> {
        let Prepared {
            snap,
            policy,
            notes,
            source,
        } = self;
        let eval = match evaluate::evaluate(&snap, &policy, opts.now) {
            Ok(eval) => eval,
            Err(e) => {
                return Err(RunError::Runtime {
                    problems: e.findings,
                    snap: Box::new(snap),
                });
            }
        };
        let diff = opts.diff.then(|| {
            diff::diff(
                opts.root,
                &DiffOptions {
                    base: None,
                    head: opts.rev.map(str::to_string),
                    trigger: opts.env.trigger.clone(),
                    max_file_bytes: opts.max_file_bytes,
                    now: Some(opts.now),
                },
            )
        });
        Ok(Evaluated {
            snap,
            policy,
            eval,
            notes,
            diff,
            source,
        })
    }
}

impl Evaluated {
    /// The history checks over the run's range (`--history-base`, else `--base`, else the
    /// trigger's), weighing `evidence`.
    pub fn history(
        &self,
        opts: &RunOptions,
        evidence: Evidence,
    ) -> Result<HistoryReport, RunError> {
        history(opts, &self.snap, &self.policy, evidence)
    }

    /// The run's report: the evaluation with the history checks' findings about the run's
    /// projects added.
    pub fn report(self, opts: &RunOptions, history: Option<HistoryReport>) -> Report {
        let Evaluated {
            snap,
            policy,
            mut eval,
            notes,
            diff,
            source,
        } = self;
        let history = history.map(|h| {
            eval.add_findings(only_project(h.findings, opts.project));
            h.status
        });
        // Every finding has its location now: the renderers need lines, not span maps.
        snap.files.forget("");
        Report {
            source,
            notes,
            body: Body::Judged(Judged {
                snap,
                policy,
                eval,
                history,
                diff,
            }),
        }
    }
}

/// The history checks over the run's range (`--history-base`, else `--base`, else the
/// trigger's) of the state read, weighing `evidence`.
fn history(
    opts: &RunOptions,
    snap: &Snapshot,
    policy: &Policy,
    evidence: Evidence,
) -> Result<HistoryReport, RunError> {
    let mut options = history_options(opts.history_base.or(opts.base), &opts.env, policy, opts.now);
    options.head = opts.rev;
    options.reviews = evidence.reviews;
    options.verifications = evidence.verifications;
    integrity::check(opts.root, snap, &options).map_err(RunError::History)
}

/// One whole run without GitHub: read, the history checks (unless `opts.history` is off),
/// judge, and the report. The history checks run before the state is judged, only so that
/// what each holds is not held at once (the peak memory of a run at 5,000 projects); what the
/// run reports, and which error it stops on (the judging's first, as before), do not change.
pub fn run(opts: &RunOptions, tell: &mut dyn FnMut(&str)) -> Result<Report, RunError> {
    let prepared = prepare(opts, tell)?;
    let history = opts
        .history
        .then(|| history(opts, &prepared.snap, &prepared.policy, Evidence::default()));
    let evaluated = prepared.judge(opts)?;
    let history = history.transpose()?;
    Ok(evaluated.report(opts, history))
}

/// The findings about `project` (and those about no project in particular), or all of them.
fn only_project(findings: Vec<Finding>, project: Option<&str>) -> Vec<Finding> {
    findings
        .into_iter()
        .filter(|f| project.is_none() || f.project.is_none() || f.project.as_deref() == project)
        .collect()
}
