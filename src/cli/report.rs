//! `tollgate report`: the static HTML report (a portfolio page and a page per project, with
//! KPI trends from the git history), written to a folder.
//!
//! The current state is `check`'s evaluation (history checks included), of the working tree or
//! of `--rev`; the trends walk the first-parent history up to HEAD (or `--rev`). Without git
//! history the pages show the current files, and say so.

use std::path::{Path, PathBuf};

use anyhow::Context;

use tollgate::evaluate;
use tollgate::history::trend::{TrendOptions, Trends, Version};
use tollgate::history::{HistoryError, Repo, integrity};
use tollgate::load::{self, LoadOptions, ParseCache};
use tollgate::model::Date;
use tollgate::report::html::{self, Meta, Site};
use tollgate::source::WorkTree;

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
    let now = super::check::today(args.now);
    let root = &args.repo.root;
    let repo = match Repo::open(root) {
        Ok(repo) => Ok(repo),
        Err(e @ HistoryError::NotARepository { .. }) => Err(e.to_string()),
        Err(e) => return fail("cannot read the repository", &e),
    };
    let head = match (&repo, &args.rev) {
        (Ok(repo), Some(rev)) => match repo.resolve(rev) {
            Ok(oid) => Some(oid),
            Err(e) => return fail("cannot report", &e),
        },
        (Err(why), Some(_)) => {
            eprint(&format!("error: --rev needs a git repository: {why}"));
            return Ok(Status::InputError);
        }
        (Ok(repo), None) => repo.head().ok(),
        (Err(_), None) => None,
    };

    // The state reported: the working tree, or the revision (parsed into the cache the walk
    // shares, so its files are parsed once).
    let cache = ParseCache::new();
    let options = LoadOptions {
        max_file_bytes: args.repo.max_file_bytes,
        ..LoadOptions::default()
    };
    let snap = match (&repo, args.rev.is_some().then_some(head).flatten()) {
        (Ok(repo), Some(oid)) => {
            let source = repo.source_at(oid).context("cannot report")?;
            load::load_with_cache(&source, &options, &cache).context("cannot report")?
        }
        _ => load::load(&WorkTree::open(root).context("cannot report")?, &options)
            .context("cannot report")?,
    };
    let text = super::format::Format::Text;
    let policy = match tollgate::policy::build(&snap) {
        Ok(p) => p,
        Err(problems) => {
            super::problems::input_problems("the policy is invalid", &problems, &snap, root, text)?;
            return Ok(Status::InputError);
        }
    };
    let mut eval = match evaluate::evaluate(&snap, &policy, now) {
        Ok(eval) => eval,
        Err(e) => {
            let what = "a policy rule could not be evaluated";
            super::problems::input_problems(what, &e.findings, &snap, root, text)?;
            return Ok(Status::InputError);
        }
    };
    // The same history checks as `check`, so that "ready" and "blocked" mean what they mean
    // there; they walk the history on their own, so they run beside the trends' walk.
    let mut history = super::history::options(None, false, &policy, now)?;
    history.head = args.rev.as_deref();

    let recommend = |files: &tollgate::history::walk::ProjectFiles| {
        let (project, kpis, results) = (
            files.project.as_ref()?,
            files.kpis.as_ref()?,
            files.results.as_ref()?,
        );
        Some(evaluate::recommendation(project, kpis, results, &policy))
    };
    let bar = super::progress::HistoryProgress::new(true);
    let progress = |done: usize, total: usize| bar.update(done, total);
    let (checked, walked) = std::thread::scope(|scope| {
        let checker = scope.spawn(|| integrity::check(root, &snap, &history));
        let walked = match (&repo, head) {
            (Ok(repo), Some(head)) => Some(Trends::walk(
                repo,
                head,
                &TrendOptions {
                    policy: &policy,
                    cache,
                    recommend: Some(&recommend),
                    progress: Some(&progress),
                },
            )),
            _ => None,
        };
        (checker.join(), walked)
    });
    bar.finish();
    match checked {
        Ok(Ok(report)) => eval.add_findings(report.findings),
        Ok(Err(e)) => return fail("cannot check the history", &e),
        Err(_) => anyhow::bail!("the history checks stopped unexpectedly"),
    }
    let mut trends = match walked {
        Some(Ok(trends)) => trends,
        Some(Err(e @ HistoryError::Shallow)) => Trends::unavailable(&policy, e.to_string()),
        Some(Err(e)) => return fail("cannot read the history", &e),
        None => Trends::unavailable(
            &policy,
            match &repo {
                Err(why) => why.clone(),
                Ok(_) => HistoryError::NoCommits.to_string(),
            },
        ),
    };
    for w in &trends.warnings {
        eprint(&format!("warning: {}", w.message));
    }
    // The state reported is a version of its own when it is not a commit already walked.
    match (&repo, head, &args.rev) {
        (Ok(repo), Some(oid), Some(_)) => {
            if matches!(
                trends.history,
                tollgate::history::trend::HistoryRead::Unavailable { .. }
            ) {
                let commit = repo.commit_info(oid).context("cannot report")?;
                let commit = Box::new(commit);
                trends.add_current(&snap, &Version::Commit { commit }, now);
            }
        }
        _ => trends.add_current(&snap, &Version::WorkTree, now),
    }

    let meta = Meta {
        repository: repository_name(root),
        source: match (&repo, head, &args.rev) {
            (_, Some(oid), Some(rev)) => format!("commit {} ({rev})", short(oid)),
            (_, Some(oid), None) => format!("working tree on commit {}", short(oid)),
            _ => "working tree".to_string(),
        },
        now,
        generator: format!("tollgate {}", env!("CARGO_PKG_VERSION")),
    };
    let pages = html::render(&Site {
        eval: &eval,
        snap: &snap,
        trends: &trends,
        meta: &meta,
    });
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
    Ok(Status::Clean)
}

fn fail(what: &str, e: &dyn std::fmt::Display) -> anyhow::Result<Status> {
    eprint(&format!("error: {what}: {e}"));
    Ok(Status::InputError)
}

fn short(oid: git2::Oid) -> String {
    oid.to_string().chars().take(7).collect()
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
