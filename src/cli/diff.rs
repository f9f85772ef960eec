//! `tollgate diff`: what a change does to each project, between a base and a head, and what the
//! history checks say about the commits in between.

use tollgate::findings::Counts;
use tollgate::pipeline::{self, DiffError, DiffReport, DiffRun};
use tollgate::report;

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
    let run = DiffRun {
        root: &args.repo.root,
        base: args.base.as_deref(),
        head: args.head.as_deref(),
        max_file_bytes: args.repo.max_file_bytes,
        now: super::check::today(args.now),
        // The Markdown is the pull-request comment's body, whose check report carries the
        // history findings.
        history: !matches!(args.format, Format::Markdown),
        env: super::history::environment(false)?,
    };
    let DiffReport {
        diff,
        head,
        history_failed,
    } = match pipeline::diff(&run) {
        Ok(found) => found,
        Err(e @ DiffError::Diff(_)) => {
            eprint(&format!("error: {e}"));
            return Ok(Status::InputError);
        }
        Err(e) => return Err(e.into()),
    };
    if let Some(e) = history_failed {
        eprint(&format!("warning: the history checks could not run: {e}"));
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
