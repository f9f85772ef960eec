//! `tollgate diff`: what a change does to each project, between a base and a head, and what the
//! history checks say about the commits in between.

use tollgate::pipeline::{self, DiffError, DiffRun};
use tollgate::report;

use super::{RepoArgs, Status, eprint, print_report};

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

impl From<Format> for report::Format {
    fn from(format: Format) -> Self {
        match format {
            Format::Text => Self::Text,
            Format::Json => Self::Json,
            Format::Markdown => Self::Markdown,
        }
    }
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
    match pipeline::diff(&run) {
        Ok(report) => print_report(&report, args.format.into(), &args.repo.root),
        Err(e @ DiffError::Diff(_)) => {
            eprint(&format!("error: {e}"));
            Ok(Status::InputError)
        }
        Err(e) => Err(e.into()),
    }
}
