//! `tollgate report`: the static HTML report (a portfolio page and a page per project, with
//! KPI trends from the git history), written to a folder.
//!
//! The current state is `check`'s evaluation (history checks included), of the working tree or
//! of `--rev`; the trends walk the first-parent history up to HEAD (or `--rev`). Without git
//! history the pages show the current files, and say so.

use std::path::{Path, PathBuf};

use tollgate::model::Date;
use tollgate::pipeline::{self, SiteError, SiteRun};
use tollgate::report::html::{self, Meta};

use super::{RepoArgs, Status, eprint, print};

/// The file that marks a folder as a tollgate report, so that `--out` never empties a folder
/// of something else.
const MARKER: &str = ".tollgate-report";

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    repo: RepoArgs,
    /// The folder to write the report to (created if missing; an existing folder must be
    /// empty or an earlier report).
    #[arg(long, default_value = "tollgate-report", value_name = "DIR")]
    out: PathBuf,
    /// Report on this revision (its files and the history up to it) instead of the working
    /// tree and HEAD.
    #[arg(long, value_name = "REV")]
    rev: Option<String>,
    /// The date to judge expiries and reviews against (YYYY-MM-DD or RFC 3339); default today
    /// (UTC).
    #[arg(long, value_name = "TIME", value_parser = super::check::parse_now)]
    now: Option<Date>,
}

pub fn run(args: &Args) -> anyhow::Result<Status> {
    let root = &args.repo.root;
    let run = SiteRun {
        root,
        rev: args.rev.as_deref(),
        max_file_bytes: args.repo.max_file_bytes,
        now: super::check::today(args.now),
    };
    let text = super::format::Format::Text;
    let report = match pipeline::site(&run) {
        Ok(state) => {
            let env = super::history::environment(false)?;
            let bar = super::progress::HistoryProgress::new(true);
            let progress = |done: usize, total: usize| bar.update(done, total);
            let mut warn = |w: &str| {
                bar.finish();
                eprint(&format!("warning: {w}"));
            };
            let finished = state.finish(&run, &env, Some(&progress), &mut warn);
            bar.finish();
            finished
        }
        Err(e) => Err(e),
    };
    let report = match report {
        Ok(report) => report,
        Err(SiteError::Policy { problems, snap }) => {
            super::problems::input_problems("the policy is invalid", &problems, &snap, root, text)?;
            return Ok(Status::InputError);
        }
        Err(SiteError::Runtime { problems, snap }) => {
            let what = "a policy rule could not be evaluated";
            super::problems::input_problems(what, &problems, &snap, root, text)?;
            return Ok(Status::InputError);
        }
        Err(e @ (SiteError::Source(_) | SiteError::Commit(_) | SiteError::Stopped)) => {
            return Err(e.into());
        }
        Err(e) => {
            eprint(&format!("error: {e}"));
            return Ok(Status::InputError);
        }
    };
    let meta = Meta {
        repository: repository_name(root),
        source: report.source.clone(),
        now: run.now,
        generator: format!("tollgate {}", env!("CARGO_PKG_VERSION")),
    };
    let pages = tollgate::report::pages(&report, &meta)?;
    if let Err(why) = write(&args.out, &pages) {
        eprint(&format!("error: cannot write the report: {why}"));
        return Ok(Status::InputError);
    }
    print(&format!(
        "wrote {} pages to {} (open {})\n",
        pages.len(),
        args.out.display(),
        args.out.join("index.html").display()
    ))?;
    Ok(Status::of(&report))
}

/// The governance root's folder name: the pages may be published, so never a machine path.
fn repository_name(root: &Path) -> String {
    std::fs::canonicalize(root)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "repository".to_string())
}

/// Writes the pages into `out`: a new or empty folder, or an earlier report (whose project
/// pages are replaced). Never through a symbolic link: a pull request can commit one where the
/// report is written.
fn write(out: &Path, pages: &[html::Page]) -> Result<(), String> {
    let shown = out.display();
    match out.symlink_metadata() {
        Ok(m) if m.file_type().is_symlink() => {
            return Err(format!("{shown} is a symbolic link"));
        }
        Ok(m) if !m.is_dir() => return Err(format!("{shown} is not a folder")),
        Ok(_) => {
            let mut entries = std::fs::read_dir(out).map_err(|e| format!("{shown}: {e}"))?;
            if entries.next().is_some() && !out.join(MARKER).is_file() {
                return Err(format!(
                    "{shown} is not empty and holds no earlier report (no {MARKER} file); \
                     choose another --out or empty it"
                ));
            }
        }
        Err(_) => std::fs::create_dir_all(out).map_err(|e| format!("{shown}: {e}"))?,
    }
    let projects = out.join("projects");
    match projects.symlink_metadata() {
        Ok(m) if !m.is_dir() || m.file_type().is_symlink() => {
            return Err(format!(
                "{} is not a folder (or is a symbolic link)",
                projects.display()
            ));
        }
        Ok(_) => {
            // Pages of projects that no longer exist would stay reachable by their old links.
            for entry in std::fs::read_dir(&projects).map_err(|e| e.to_string())? {
                let entry = entry.map_err(|e| e.to_string())?;
                let is_page = entry.file_type().is_ok_and(|t| t.is_file())
                    && entry.path().extension().is_some_and(|e| e == "html");
                if is_page {
                    std::fs::remove_file(entry.path()).map_err(|e| e.to_string())?;
                }
            }
        }
        Err(_) => std::fs::create_dir(&projects).map_err(|e| e.to_string())?,
    }
    let marker =
        "This folder is a report written by `tollgate report`; the next run replaces it.\n";
    let mut files: Vec<(PathBuf, &str)> = vec![(out.join(MARKER), marker)];
    files.extend(pages.iter().map(|p| (out.join(&p.path), p.html.as_str())));
    for (path, text) in files {
        if path
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
        {
            return Err(format!("{} is a symbolic link", path.display()));
        }
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}
