//! `tollgate validate`: schemas and cross-file references, nothing more.

use anyhow::Context;

use tollgate::pipeline;
use tollgate::report;

use super::{RepoArgs, Status, print_report};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    repo: RepoArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
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
    let report =
        pipeline::validate(&args.repo.root, args.repo.max_file_bytes).context("cannot validate")?;
    print_report(&report, args.format.into(), &args.repo.root)
}
