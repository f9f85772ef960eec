//! `tollgate log`: the decision history, newest first.

use std::io::IsTerminal;
use std::path::PathBuf;

use tollgate::history::Repo;
use tollgate::history::log::{self, LogOptions};
use tollgate::model::Gate;
use tollgate::report;

use super::{Status, eprint, print};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The governance repository (a folder inside a git repository).
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// Only this project (its earlier folder names are followed).
    #[arg(long, value_name = "ID")]
    project: Option<String>,
    /// Only events about this gate: poc, mvp or production.
    #[arg(long, value_name = "GATE", value_parser = parse_gate)]
    gate: Option<Gate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Walk every commit, not only the first-parent chain (the branch as merged).
    #[arg(long)]
    all_parents: bool,
    /// Start from this revision instead of HEAD.
    #[arg(long, value_name = "REV")]
    rev: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

fn parse_gate(s: &str) -> Result<Gate, String> {
    Gate::parse(s).ok_or_else(|| format!("`{s}` is not a gate; gates are poc, mvp, production"))
}

pub fn run(args: &Args) -> anyhow::Result<Status> {
    let fail = |e: tollgate::history::HistoryError| {
        eprint(&format!("error: cannot read the decision history: {e}"));
        Ok(Status::InputError)
    };
    let repo = match Repo::open(&args.root) {
        Ok(repo) => repo,
        Err(e) => return fail(e),
    };
    let head = match &args.rev {
        Some(rev) => repo.resolve(rev),
        None => repo.head(),
    };
    let head = match head {
        Ok(head) => head,
        Err(e) => return fail(e),
    };
    // Progress only for a person watching: on a terminal, and never mixed into JSON.
    let bar = (args.format == Format::Text && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} walking history {pos}/{len} commits",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let progress = |done: usize, total: usize| {
        if let Some(bar) = &bar {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    };
    let options = LogOptions {
        project: args.project.clone(),
        gate: args.gate,
        first_parent: !args.all_parents,
        recommend: None,
        progress: Some(&progress),
    };
    let result = log::log(&repo, head, &options);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let log = match result {
        Ok(log) => log,
        Err(e) => return fail(e),
    };
    match args.format {
        Format::Json => print(&report::log::json(&log))?,
        Format::Text => {
            for w in &log.warnings {
                eprint(&format!("warning: {}", w.message));
            }
            print(&report::log::text(&log))?;
        }
    }
    Ok(Status::Clean)
}
