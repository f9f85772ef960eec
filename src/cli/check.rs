//! `tollgate check`: validate, then evaluate every project's current gate.

use tollgate::findings::Finding;
use tollgate::load::Snapshot;
use tollgate::model::Date;
use tollgate::pipeline::{self, Report, RunError, RunOptions};
use tollgate::policy;
use tollgate::report;

use super::scope::ScopeArgs;
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

pub fn run(args: &Args) -> anyhow::Result<Status> {
    let opts = RunOptions {
        root: &args.repo.root,
        max_file_bytes: args.repo.max_file_bytes,
        project: args.project.as_deref(),
        base: args.scope.base.as_deref(),
        all: args.scope.all,
        history: !args.no_history,
        history_base: args.history_base.as_deref(),
        diff: false,
        now: today(args.now),
        env: super::history::environment(args.require_history)?,
    };
    let report = match pipeline::run(&opts, &mut note) {
        Ok(report) => report,
        Err(e) => return stopped(e, &args.repo.root, args.format),
    };
    let Report {
        snap, policy, eval, ..
    } = &report;
    let paths = report::Paths::new(&args.repo.root).with_layout(snap);
    let out = match args.format {
        Format::Text => report::text::check(eval, &snap.files, report::use_colour()),
        Format::Json => report::json::check(eval, &paths),
        Format::Markdown => report::markdown::check(eval, &paths),
        Format::Github => report::github::annotations(&eval.findings, &paths),
        Format::Sarif => report::sarif::render(&eval.findings, &snap.files, &paths),
        Format::Junit => report::junit::render(eval, policy, &paths),
    };
    print(&out)?;
    Ok(if report.blocking() {
        Status::Blocked
    } else {
        Status::Clean
    })
}

/// Prints a note the run makes as it goes.
pub fn note(text: &str) {
    super::eprint(&format!("note: {text}"));
}

/// Says why a run stopped before its report, in `format` where the problems are findings; the
/// exit status is 2.
pub fn stopped(e: RunError, root: &std::path::Path, format: Format) -> anyhow::Result<Status> {
    match e {
        RunError::Source(e) => return Err(anyhow::Error::new(e).context("cannot check")),
        RunError::Policy { problems, snap } => {
            input_problems("the policy is invalid", &problems, &snap, root, format)?;
        }
        RunError::Runtime { problems, snap } => input_problems(
            "a policy rule could not be evaluated",
            &problems,
            &snap,
            root,
            format,
        )?,
        other => super::eprint(&format!("error: {other}")),
    }
    Ok(Status::InputError)
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
        Format::Github => print(&report::github::annotations(problems, &paths))?,
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
