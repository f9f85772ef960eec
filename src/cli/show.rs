//! `tollgate show PROJECT`: one project's state at a commit, each governance item and KPI with
//! the audit trail's events that brought it there.

use std::path::PathBuf;

use tollgate::history::Repo;
use tollgate::history::log::LogOptions;
use tollgate::history::show::{self, ShowError};
use tollgate::report;

use super::{Status, eprint, print};

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

pub fn run(args: &Args) -> anyhow::Result<Status> {
    let fail = |e: &dyn std::fmt::Display| {
        eprint(&format!("error: cannot show `{}`: {e}", args.project));
        Ok(Status::InputError)
    };
    let repo = match Repo::open(&args.root) {
        Ok(repo) => repo,
        Err(e) => return fail(&e),
    };
    let commit = match args
        .rev
        .as_deref()
        .map_or_else(|| repo.head(), |r| repo.resolve(r))
    {
        Ok(c) => c,
        Err(e) => return fail(&e),
    };
    // The policy at the commit shown: which datasets count, which rules need an item.
    let policy = match super::log::head_policy(&repo, commit) {
        Ok(p) => Some(p),
        Err(why) => {
            eprint(&format!(
                "warning: every dataset counts and recommendations are not followed: {why}"
            ));
            None
        }
    };
    let recommend = |files: &tollgate::history::walk::ProjectFiles| {
        let policy = policy.as_ref()?;
        Some(tollgate::evaluate::recommendation(
            files.project.as_ref()?,
            files.kpis.as_ref()?,
            files.results.as_ref()?,
            policy,
        ))
    };
    let options = LogOptions {
        first_parent: true,
        recommend: Some(&recommend),
        policy: policy.as_ref(),
        now: Some(super::check::today(args.now)),
        ..LogOptions::default()
    };
    let allowed = |gate| match &policy {
        Some(p) => tollgate::evaluate::measure::allowed_kinds(p, gate),
        None => {
            use tollgate::model::DatasetKind as D;
            vec![D::Test, D::ProductionLike, D::Production]
        }
    };
    let view = match show::show(&repo, commit, &args.project, &options, &allowed) {
        Ok(v) => v,
        Err(e @ ShowError::NoProject { .. }) => return fail(&e),
        Err(ShowError::History(e)) => return fail(&e),
    };
    match args.format {
        Format::Json => print(&report::show::json(&view))?,
        Format::Text => {
            for w in &view.warnings {
                eprint(&format!("warning: {}", w.message));
            }
            print(&report::show::text(&view))?;
        }
    }
    Ok(Status::Clean)
}
