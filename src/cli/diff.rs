//! `tollgate diff`: what a change does to each project, between a base and a head.

use tollgate::history::diff::{self, DiffOptions};
use tollgate::report;

use super::{RepoArgs, Status, eprint, print};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Base revision [default: the merge base with the pull request's target branch:
    /// GITHUB_BASE_REF (as origin/<ref> or <ref>), else origin/HEAD, else HEAD].
    #[arg(value_name = "BASE")]
    base: Option<String>,
    /// Head revision [default: the working tree].
    #[arg(value_name = "HEAD")]
    head: Option<String>,
    #[command(flatten)]
    repo: RepoArgs,
    /// Output format (markdown is the pull-request comment body).
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
    let options = DiffOptions {
        base: args.base.clone(),
        head: args.head.clone(),
        base_ref: std::env::var("GITHUB_BASE_REF").ok(),
        max_file_bytes: args.repo.max_file_bytes,
        now: Some(super::check::today(args.now)),
    };
    let diff = match diff::diff(&args.repo.root, &options) {
        Ok(diff) => diff,
        Err(e) => {
            eprint(&format!("error: cannot diff: {e}"));
            return Ok(Status::InputError);
        }
    };
    let out = match args.format {
        Format::Text => report::diff::text(&diff),
        Format::Json => report::diff::json(&diff, &report::Paths::new(&args.repo.root)),
        Format::Markdown => report::diff::markdown(&diff, &report::Paths::new(&args.repo.root)),
    };
    print(&out)?;
    Ok(Status::Clean)
}
