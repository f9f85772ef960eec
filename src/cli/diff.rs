//! `tollgate diff`: what a change does to each project, between a base and a head, and what the
//! history checks say about the commits in between.

use anyhow::Context;

use tollgate::findings::Counts;
use tollgate::history::diff::{self, DiffOptions};
use tollgate::history::{HistoryOptions, HistoryReport, Repo, integrity};
use tollgate::load::{self, LoadOptions, Snapshot};
use tollgate::report;
use tollgate::source::WorkTree;

use super::{RepoArgs, Status, eprint, print};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Base revision [default: the base of the history range, as `check` chooses it: in a
    /// pull request the merge base with its base; on a push the event's `before`; else
    /// tollgate.yaml's `history_since`, else the first commit].
    #[arg(value_name = "BASE")]
    base: Option<String>,
    /// Head revision [default: the working tree].
    #[arg(value_name = "HEAD")]
    head: Option<String>,
    #[command(flatten)]
    repo: RepoArgs,
    /// Output format (markdown is the pull-request comment body, whose check report carries
    /// the history findings).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// The date both sides are evaluated at (YYYY-MM-DD or RFC 3339); default today (UTC).
    #[arg(long, value_name = "TIME", value_parser = super::check::parse_now)]
    now: Option<tollgate::model::Date>,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum Format {
    Text,
    Json,
    Markdown,
}

pub fn run(args: &Args) -> anyhow::Result<Status> {
    let now = super::check::today(args.now);
    let options = DiffOptions {
        base: args.base.clone(),
        head: args.head.clone(),
        trigger: super::history::trigger()?,
        max_file_bytes: args.repo.max_file_bytes,
        now: Some(now),
    };
    let mut diff = match diff::diff(&args.repo.root, &options) {
        Ok(diff) => diff,
        Err(e) => {
            eprint(&format!("error: cannot diff: {e}"));
            return Ok(Status::InputError);
        }
    };
    let head = match args.format {
        Format::Markdown => None,
        _ => Some(head_snapshot(
            args,
            diff.projects.iter().map(|p| p.id.clone()).collect(),
        )?),
    };
    if let Some(head) = &head {
        diff.history = history(args, &diff, head, now);
    }
    let out = match args.format {
        Format::Text => {
            let mut out = report::diff::text(&diff);
            if let (Some(h), Some(head)) = (&diff.history, &head) {
                out.push('\n');
                out.push_str(&report::text::findings(
                    &h.findings,
                    &head.files,
                    report::use_colour(),
                ));
                out.push_str(&format!(
                    "history: {}\n",
                    super::log::status_line(&h.status, Counts::of(&h.findings))
                ));
            }
            out
        }
        Format::Json => report::diff::json(&diff, &report::Paths::new(&args.repo.root)),
        Format::Markdown => report::diff::markdown(&diff, &report::Paths::new(&args.repo.root)),
    };
    print(&out)?;
    Ok(Status::Clean)
}

/// The state at the diff's head (the working tree, or the head commit), with only the projects
/// the diff found changed: the history checks compare the working tree with the range's tip
/// only for those, and the others are not read at all.
fn head_snapshot(
    args: &Args,
    changed: std::collections::BTreeSet<String>,
) -> anyhow::Result<Snapshot> {
    let options = LoadOptions {
        max_file_bytes: args.repo.max_file_bytes,
        only_projects: Some(changed),
        ..LoadOptions::default()
    };
    Ok(match &args.head {
        None => load::load(&WorkTree::open(&args.repo.root)?, &options)?,
        Some(rev) => {
            let repo = Repo::open(&args.repo.root)?;
            let source = repo.source_at(repo.resolve(rev)?)?;
            load::load(&source, &options).context("cannot load the head")?
        }
    })
}

/// The history checks over the diff's range (from its base to its head), with the head's
/// policy overrides; `None`, with a warning, when they cannot run.
fn history(
    args: &Args,
    diff: &diff::Diff,
    head: &Snapshot,
    now: tollgate::model::Date,
) -> Option<HistoryReport> {
    let policy = tollgate::policy::build(head).ok();
    let options = HistoryOptions {
        base: diff.base.commit.as_deref(),
        head: args.head.as_deref(),
        adjust: policy.as_ref().map(|p| (p, now)),
        proof_default: super::history::proof_default(),
        ..HistoryOptions::default()
    };
    match integrity::check(&args.repo.root, head, &options) {
        Ok(report) => Some(report),
        Err(e) => {
            eprint(&format!("warning: the history checks could not run: {e}"));
            None
        }
    }
}
