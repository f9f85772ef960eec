//! `tollgate show PROJECT`: one project's state at a commit, each governance item and KPI with
//! the audit trail's events that brought it there.

use std::path::PathBuf;

use tollgate::pipeline;
use tollgate::report;

use super::{Status, eprint, print_report};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project (its folder name under projects/; earlier names are followed).
    #[arg(value_name = "PROJECT")]
    project: String,
    /// The commit to show the project at (default: HEAD).
    #[arg(long, value_name = "REV")]
    rev: Option<String>,
    /// The governance repository (a folder inside a git repository).
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// The date up to which review dates and waiver expiries that passed are shown (YYYY-MM-DD
    /// or RFC 3339); default today (UTC).
    #[arg(long, value_name = "TIME", value_parser = super::check::parse_now)]
    now: Option<tollgate::model::Date>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

impl From<Format> for report::Format {
    fn from(format: Format) -> Self {
        match format {
            Format::Text => Self::Text,
            Format::Json => Self::Json,
        }
    }
}

pub fn run(args: &Args) -> anyhow::Result<Status> {
    let now = super::check::today(args.now);
    let mut warn = |w: &str| eprint(&format!("warning: {w}"));
    match pipeline::show(
        &args.root,
        &args.project,
        args.rev.as_deref(),
        now,
        &mut warn,
    ) {
        Ok(report) => print_report(&report, args.format.into(), &args.root),
        Err(e) => {
            eprint(&format!("error: cannot show `{}`: {e}", args.project));
            Ok(Status::InputError)
        }
    }
}
