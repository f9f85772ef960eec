//! `tollgate check`: validate, then evaluate every project's current gate.

use anyhow::Context;

use tollgate::evaluate::{self, Evaluation};
use tollgate::findings::Finding;
use tollgate::history::integrity;
use tollgate::load::{self, LoadOptions, Snapshot};
use tollgate::model::Date;
use tollgate::policy::{self, Policy};
use tollgate::report;
use tollgate::source::WorkTree;

use super::scope::{self, ScopeArgs};
use super::{RepoArgs, Status, print};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    repo: RepoArgs,
    #[command(flatten)]
    scope: ScopeArgs,
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
    /// and approver changes not by the entitled person, stages skipped).
    #[arg(long)]
    no_history: bool,
    /// Check the history only after this revision [default: in a pull request the merge base
    /// with its base; on a push the event's `before`; else tollgate.yaml's `history_since`,
    /// else the first commit]. What the base holds is taken as given.
    #[arg(long, value_name = "REV", conflicts_with = "no_history")]
    history_base: Option<String>,
    /// Missing git history (no repository, a shallow clone) is an error, not a note. Always on
    /// in GitHub Actions (GITHUB_ACTIONS=true).
    #[arg(long, conflicts_with = "no_history")]
    require_history: bool,
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

/// What [`run_pipeline`] gives: the snapshot, the policy that judged it, the evaluation, and
/// what the run says about its scope (evaluated against a base).
pub struct Pipeline {
    pub snap: Snapshot,
    pub policy: Policy,
    pub eval: Evaluation,
    pub notes: Vec<String>,
}

/// Loads (with a base: only the changed projects), builds the policy (with a base: the stricter
/// of the base's and the working tree's) and evaluates; `Err(status)` after printing input
/// problems.
pub fn run_pipeline(
    repo: &RepoArgs,
    project: Option<&str>,
    scope_args: &ScopeArgs,
    require_history: bool,
    now: Date,
    format: Format,
) -> anyhow::Result<Result<Pipeline, Status>> {
    let baseline = match scope::baseline(
        &repo.root,
        scope_args,
        project,
        require_history,
        repo.max_file_bytes,
    )? {
        Ok(b) => b,
        Err(status) => return Ok(Err(status)),
    };
    let source = WorkTree::open(&repo.root).context("cannot check")?;
    let options = LoadOptions {
        max_file_bytes: repo.max_file_bytes,
        only_project: project.map(str::to_string),
        editor_schemas: true,
        only_projects: baseline.as_ref().and_then(scope::Baseline::only_projects),
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
    let notes = match &baseline {
        Some(b) => b.notes(snap.unread_projects),
        None => Vec::new(),
    };
    for n in &notes {
        super::eprint(&format!("note: {n}"));
    }
    let policy = match policy::build(&snap) {
        Ok(p) => p,
        Err(problems) => {
            input_problems(
                "the policy is invalid",
                &problems,
                &snap,
                &repo.root,
                format,
            )?;
            return Ok(Err(Status::InputError));
        }
    };
    let policy = match &baseline {
        Some(b) => b.judge(policy),
        None => policy,
    };
    match evaluate::evaluate(&snap, &policy, now) {
        Ok(eval) => Ok(Ok(Pipeline {
            snap,
            policy,
            eval,
            notes,
        })),
        Err(e) => {
            input_problems(
                "a policy rule could not be evaluated",
                &e.findings,
                &snap,
                &repo.root,
                format,
            )?;
            Ok(Err(Status::InputError))
        }
    }
}

pub fn run(args: &Args) -> anyhow::Result<Status> {
    let now = today(args.now);
    let Pipeline {
        snap,
        policy,
        mut eval,
        ..
    } = match run_pipeline(
        &args.repo,
        args.project.as_deref(),
        &args.scope,
        args.require_history,
        now,
        args.format,
    )? {
        Ok(done) => done,
        Err(status) => return Ok(status),
    };
    if !args.no_history {
        let options = super::history::options(
            args.history_base.as_deref().or(args.scope.base.as_deref()),
            args.require_history,
            &policy,
            now,
        )?;
        match integrity::check(&args.repo.root, &snap, &options) {
            Ok(report) => eval.add_findings(only_project(report.findings, args.project.as_deref())),
            Err(e) => {
                super::eprint(&format!("error: cannot check the history: {e}"));
                return Ok(Status::InputError);
            }
        }
    }
    let paths = report::Paths::new(&args.repo.root).with_layout(&snap);
    let out = match args.format {
        Format::Text => report::text::check(&eval, &snap.files, report::use_colour()),
        Format::Json => report::json::check(&eval, &paths),
        Format::Markdown => report::markdown::check(&eval, &paths),
        Format::Github => report::annotations::render(&eval.findings, &paths),
        Format::Sarif => report::sarif::render(&eval.findings, &snap.files, &paths),
        Format::Junit => report::junit::render(&eval, &policy, &paths),
    };
    print(&out)?;
    Ok(if eval.blocking() {
        Status::Blocked
    } else {
        Status::Clean
    })
}

/// The findings about `project` (and those about no project in particular), or all of them.
pub fn only_project(findings: Vec<Finding>, project: Option<&str>) -> Vec<Finding> {
    findings
        .into_iter()
        .filter(|f| project.is_none() || f.project.is_none() || f.project.as_deref() == project)
        .collect()
}

/// Prints problems that make the run an input error (exit 2), in the requested format.
pub fn input_problems(
    what: &str,
    problems: &[Finding],
    snap: &Snapshot,
    root: &std::path::Path,
    format: Format,
) -> anyhow::Result<()> {
    let paths = report::Paths::new(root).with_layout(snap);
    match format {
        Format::Json => print(&report::json::validate(problems, &paths))?,
        Format::Github => print(&report::annotations::render(problems, &paths))?,
        Format::Sarif => print(&report::sarif::render(problems, &snap.files, &paths))?,
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
