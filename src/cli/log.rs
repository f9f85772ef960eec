//! `tollgate log`: the audit trail, newest first.

use std::path::PathBuf;

use tollgate::history::log::{self, KindFilter};
use tollgate::model::Gate;
use tollgate::pipeline::{self, Kind, LogBound, LogRun, RunError};
use tollgate::report;

use super::{Status, eprint, print_report};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The governance repository (a folder inside a git repository).
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// Only this project (its earlier folder names are followed).
    #[arg(long, value_name = "ID")]
    project: Option<String>,
    /// Only events about this gate: poc, mvp or production (decisions, criteria and results for
    /// it, stage moves out of it, issues blocking it, sign-offs of items it is the first to need).
    #[arg(long, value_name = "GATE", value_parser = parse_gate)]
    gate: Option<Gate>,
    /// Only these kinds of event: signoff, waiver, criteria, result, decision, stage,
    /// recommendation, issue, project, or an event kind such as criteria-changed (repeat or
    /// separate with commas).
    #[arg(long, value_name = "KIND", value_delimiter = ',', value_parser = parse_kind, conflicts_with = "verify")]
    kind: Vec<KindFilter>,
    /// Only what this person (a people.yaml id) made, was entitled to make, or is named in:
    /// their sign-offs (proven or only claimed), decisions, approvals, criteria changes.
    #[arg(long, value_name = "ID", conflicts_with = "verify")]
    person: Option<String>,
    /// Only events on or after this date (YYYY-MM-DD), or after this revision.
    #[arg(long, value_name = "DATE|REV", conflicts_with = "verify")]
    since: Option<String>,
    /// Only events on or before this date (YYYY-MM-DD), or in this revision's history.
    #[arg(long, value_name = "DATE|REV", conflicts_with = "verify")]
    until: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Walk every commit, not only the first-parent chain (the branch as merged).
    #[arg(long)]
    all_parents: bool,
    /// Start from this revision instead of HEAD.
    #[arg(long, value_name = "REV", conflicts_with = "verify")]
    rev: Option<String>,
    /// Instead of the log, run the history integrity checks on HEAD and the working tree
    /// (criteria changed after results, decisions rewritten, sign-offs and approver changes not
    /// by the entitled person, stages skipped), exactly as `check` does; exit 1 on errors.
    #[arg(long)]
    verify: bool,
    /// With --verify: check only what commits after BASE did [default: the same range as
    /// `check`: the pull request's merge base, a push's `before`, `history_since`, or the
    /// first commit].
    #[arg(long, value_name = "BASE", requires = "verify")]
    base: Option<String>,
    /// With --verify: missing git history is an error, not a note (always on in GitHub
    /// Actions).
    #[arg(long, requires = "verify")]
    require_history: bool,
    /// The date up to which review dates and waiver expiries that passed are shown (with
    /// --verify: the date waivers are judged against); YYYY-MM-DD or RFC 3339, default today
    /// (UTC).
    #[arg(long, value_name = "TIME", value_parser = super::check::parse_now)]
    now: Option<tollgate::model::Date>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
    /// Minutes for a gate meeting or a pull request.
    Markdown,
    /// One row per event, for a spreadsheet (RFC 4180).
    Csv,
}

impl From<Format> for report::Format {
    fn from(format: Format) -> Self {
        match format {
            Format::Text => Self::Text,
            Format::Json => Self::Json,
            Format::Markdown => Self::Markdown,
            Format::Csv => Self::Csv,
        }
    }
}

pub fn parse_gate(s: &str) -> Result<Gate, String> {
    Gate::parse(s).ok_or_else(|| format!("`{s}` is not a gate; gates are poc, mvp, production"))
}

fn parse_kind(s: &str) -> Result<KindFilter, String> {
    KindFilter::parse(s.trim()).ok_or_else(|| {
        let groups: Vec<&str> = log::Category::ALL.iter().map(|c| c.as_str()).collect();
        format!(
            "`{s}` is not a kind of event; use one of {} or an event kind ({})",
            groups.join(", "),
            log::Event::KINDS.join(", ")
        )
    })
}

/// `--since` / `--until`: a date, else a revision of the repository.
fn bound(value: Option<&str>) -> Option<LogBound<'_>> {
    let value = value?;
    Some(match super::check::parse_now(value) {
        Ok(date) => LogBound::Date(date),
        Err(_) => LogBound::Rev(value),
    })
}

pub fn run(args: &Args) -> anyhow::Result<Status> {
    if args.verify {
        if let Err(e) = report::Unsupported::check(Kind::Verified, args.format.into()) {
            eprint(&format!("error: {e}"));
            return Ok(Status::InputError);
        }
        return verify(args);
    }
    // Progress only for a person watching: on a terminal, and never mixed into JSON.
    let bar = super::progress::HistoryProgress::new(args.format == Format::Text);
    let progress = |done: usize, total: usize| bar.update(done, total);
    let run = LogRun {
        root: &args.root,
        rev: args.rev.as_deref(),
        project: args.project.as_deref(),
        gate: args.gate,
        kinds: &args.kind,
        person: args.person.as_deref(),
        since: bound(args.since.as_deref()),
        until: bound(args.until.as_deref()),
        first_parent: !args.all_parents,
        now: super::check::today(args.now),
        progress: Some(&progress),
    };
    let result = pipeline::log(&run, &mut |w| eprint(&format!("warning: {w}")));
    bar.finish();
    match result {
        Ok(report) => print_report(&report, args.format.into(), &args.root),
        Err(e) => {
            eprint(&format!("error: cannot read the history: {e}"));
            Ok(Status::InputError)
        }
    }
}

/// `log --verify`: the history integrity checks over the working tree's snapshot, with the same
/// range, policy overrides and waivers as `check`.
fn verify(args: &Args) -> anyhow::Result<Status> {
    let state = match pipeline::verify(&args.root) {
        Ok(state) => state,
        Err(RunError::Policy { problems, snap }) => {
            let format = match args.format {
                Format::Json => super::format::Format::Json,
                _ => super::format::Format::Text,
            };
            super::problems::input_problems(
                "the policy is invalid",
                &problems,
                &snap,
                &args.root,
                format,
            )?;
            return Ok(Status::InputError);
        }
        Err(RunError::Source(e)) => return Err(anyhow::Error::new(e).context("cannot verify")),
        Err(e) => return Err(e.into()),
    };
    let env = super::history::environment(args.require_history)?;
    let now = super::check::today(args.now);
    match state.check(&args.root, args.base.as_deref(), &env, now) {
        Ok(report) => print_report(&report, args.format.into(), &args.root),
        Err(e) => {
            eprint(&format!("error: cannot verify the history: {e}"));
            Ok(Status::InputError)
        }
    }
}
