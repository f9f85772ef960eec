//! `tollgate validate`: schemas and cross-file references, nothing more.

use anyhow::Context;

use tollgate::findings::Counts;
use tollgate::pipeline;
use tollgate::report;

use super::{RepoArgs, Status, print};

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

pub fn run(args: &Args) -> anyhow::Result<Status> {
    let snap =
        pipeline::validate(&args.repo.root, args.repo.max_file_bytes).context("cannot validate")?;
    let counts = Counts::of(&snap.findings);
    match args.format {
        Format::Json => {
            let paths = report::Paths::new(&args.repo.root).with_layout(&snap);
            print(&report::json::validate(&snap.findings, &paths))?;
        }
        Format::Text => {
            let mut out = report::text::findings(&snap.findings, &snap.files, report::use_colour());
            let files = snap.files.len();
            if counts.errors == 0 {
                out.push_str(&format!(
                    "valid: {}, {} ({})\n",
                    report::text::plural(files, "file"),
                    report::text::plural(snap.projects.len(), "project"),
                    report::text::tally(counts)
                ));
            } else {
                out.push_str(&format!(
                    "invalid: {} in {} read\n",
                    report::text::tally(counts),
                    report::text::plural(files, "file")
                ));
            }
            print(&out)?;
        }
    }
    Ok(if counts.errors > 0 {
        Status::Blocked
    } else {
        Status::Clean
    })
}
