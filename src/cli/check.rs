//! `tollgate check`: validate, then evaluate every project's current gate.

use anyhow::Context;

use tollgate::evaluate::{self, Evaluation};
use tollgate::findings::Finding;
use tollgate::load::{self, LoadOptions, Snapshot};
use tollgate::model::Date;
use tollgate::policy::{self, Policy};
use tollgate::report;
use tollgate::source::WorkTree;

use super::{RepoArgs, Status, print};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    repo: RepoArgs,
    /// Check only this project (its folder name).
    #[arg(long, value_name = "ID")]
    project: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// The date to judge expiries and reviews against (YYYY-MM-DD or RFC 3339); default today (UTC).
    #[arg(long, value_name = "TIME", value_parser = parse_now)]
    now: Option<Date>,
    /// Skip the history checks (criteria changed after results, decisions rewritten, sign-offs
    /// not by the approver, stages skipped).
    #[arg(long)]
    no_history: bool,
    /// Check the history only after this revision [default: tollgate.yaml's `history_since`;
    /// else the merge base with the pull request's target branch (GITHUB_BASE_REF, else
    /// origin/HEAD); else the first commit]. What the base holds is taken as given.
    #[arg(long, value_name = "REV", conflicts_with = "no_history")]
    history_base: Option<String>,
}

/// Output formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Markdown,
    Github,
    Sarif,
    Junit,
}

/// Parses `--now`: a date, or a date-time whose date (in its own offset) is taken.
pub fn parse_now(s: &str) -> Result<Date, String> {
    if let Ok(d) = Date::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d);
    }
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|t| t.date_naive())
        .map_err(|_| {
            format!(
                "`{s}` is neither a date (2026-01-15) nor an RFC 3339 time (2026-01-15T09:00:00Z)"
            )
        })
}

/// The date checks are judged against.
pub fn today(now: Option<Date>) -> Date {
    now.unwrap_or_else(|| chrono::Utc::now().date_naive())
}

/// Loads, builds the policy and evaluates; `Err(status)` after printing input problems.
pub fn run_pipeline(
    repo: &RepoArgs,
    project: Option<&str>,
    now: Date,
    format: Format,
) -> anyhow::Result<Result<(Snapshot, Policy, Evaluation), Status>> {
    let source = WorkTree::open(&repo.root).context("cannot check")?;
    let options = LoadOptions {
        max_file_bytes: repo.max_file_bytes,
        only_project: project.map(str::to_string),
        ..LoadOptions::default()
    };
    let snap = load::load(&source, &options).context("cannot check")?;
    if let Some(id) = project
        && snap.project(id).is_none()
    {
        super::eprint(&format!(
            "error: no project `{id}` in {}",
            repo.root.join(&snap.config.projects_dir).display()
        ));
        return Ok(Err(Status::InputError));
    }
    let policy = match policy::build(&snap) {
        Ok(p) => p,
        Err(problems) => {
            input_problems("the policy is invalid", &problems, &snap, format)?;
            return Ok(Err(Status::InputError));
        }
    };
    match evaluate::evaluate(&snap, &policy, now) {
        Ok(eval) => Ok(Ok((snap, policy, eval))),
        Err(e) => {
            input_problems(
                "a policy rule could not be evaluated",
                &e.findings,
                &snap,
                format,
            )?;
            Ok(Err(Status::InputError))
        }
    }
}

pub fn run(args: &Args) -> anyhow::Result<Status> {
    let now = today(args.now);
    let (snap, policy, mut eval) =
        match run_pipeline(&args.repo, args.project.as_deref(), now, args.format)? {
            Ok(done) => done,
            Err(status) => return Ok(status),
        };
    if !args.no_history {
        let base = args
            .history_base
            .clone()
            .or_else(|| snap.config.history_since.clone());
        // A mistake in tollgate.yaml is said to be there.
        let origin = if args.history_base.is_none() && snap.config.history_since.is_some() {
            " (`history_since` in tollgate.yaml)"
        } else {
            ""
        };
        match history_findings(
            &args.repo.root,
            &snap,
            base.as_deref(),
            args.project.as_deref(),
        ) {
            Ok(found) => eval.add_findings(found),
            Err(e) => {
                super::eprint(&format!("error: cannot check the history{origin}: {e}"));
                return Ok(Status::InputError);
            }
        }
    }
    let out = match args.format {
        Format::Text => report::text::check(&eval, &snap.files, report::use_colour()),
        Format::Json => report::json::check(&eval),
        Format::Markdown => report::markdown::check(&eval),
        Format::Github => report::github::annotations(&eval.findings),
        Format::Sarif => report::sarif::render(&eval.findings),
        Format::Junit => report::junit::render(&eval, &policy),
    };
    print(&out)?;
    Ok(if eval.blocking() {
        Status::Blocked
    } else {
        Status::Clean
    })
}

/// The history checks' findings for `snap` (the working tree at `root`). Without an explicit
/// base, a pull request's checks start at the merge base with its target branch; with no remote
/// to compare with, at the first commit: the state it imported is the record's starting point
/// (nobody can tell who agreed to what before it), and every change after it is checked.
pub fn history_findings(
    root: &std::path::Path,
    snap: &Snapshot,
    base: Option<&str>,
    project: Option<&str>,
) -> Result<Vec<Finding>, tollgate::history::HistoryError> {
    use tollgate::history::{HistoryError, Repo, integrity};
    let base = match base {
        Some(rev) => Some(rev.to_string()),
        None => match Repo::open(root) {
            Ok(repo) if !repo.is_shallow() => {
                let base_ref = std::env::var("GITHUB_BASE_REF").ok();
                match repo.head() {
                    Ok(tip) => match repo.default_base(tip, base_ref.as_deref()) {
                        Ok((oid, target)) if target != "HEAD" => Some(oid.to_string()),
                        Ok(_) => Some(repo.first_commit(tip)?.to_string()),
                        // A PR base that cannot be found is a usage problem, said as such.
                        Err(e) if base_ref.is_some() => return Err(e),
                        Err(_) => Some(repo.first_commit(tip)?.to_string()),
                    },
                    Err(HistoryError::NoCommits) => None,
                    Err(e) => return Err(e),
                }
            }
            // Not a repository or shallow: the integrity check reports it as skipped.
            _ => None,
        },
    };
    let report = integrity::check(root, snap, base.as_deref())?;
    Ok(report
        .findings
        .into_iter()
        .filter(|f| project.is_none() || f.project.is_none() || f.project.as_deref() == project)
        .collect())
}

/// Prints problems that make the run an input error (exit 2), in the requested format.
fn input_problems(
    what: &str,
    problems: &[Finding],
    snap: &Snapshot,
    format: Format,
) -> anyhow::Result<()> {
    match format {
        Format::Json => print(&report::json::validate(problems))?,
        Format::Github => print(&report::github::annotations(problems))?,
        Format::Sarif => print(&report::sarif::render(problems))?,
        _ => {
            let mut files = snap.files.clone();
            let (_, defaults) = policy::default_document();
            files.merge(defaults);
            super::eprint(&report::text::findings(problems, &files, false));
        }
    }
    super::eprint(&format!("error: {what}: {} problem(s)", problems.len()));
    Ok(())
}
