//! `tollgate check`: validate, then evaluate every project's current gate.

use tollgate::model::Date;
use tollgate::pipeline::{self, RunOptions};

use super::format::Format;
use super::problems::{note, stopped};
use super::scope::ScopeArgs;
use super::{RepoArgs, Status, print_report};

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
        rev: args.scope.rev.as_deref(),
        all: args.scope.all,
        history: !args.no_history,
        history_base: args.history_base.as_deref(),
        diff: false,
        now: today(args.now),
        env: super::history::environment(args.require_history)?,
    };
    match pipeline::run(&opts, &mut note) {
        Ok(report) => print_report(&report, args.format.into(), &args.repo.root),
        Err(e) => stopped(e, &args.repo.root, args.format),
    }
}
