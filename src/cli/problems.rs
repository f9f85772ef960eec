//! What `check`, `comment`, `log` and `report` print when a run stops before its report (exit
//! status 2), and the notes a run makes as it goes.

use std::path::Path;

use tollgate::findings::Finding;
use tollgate::load::Snapshot;
use tollgate::pipeline::RunError;
use tollgate::policy;
use tollgate::report;

use super::format::Format;
use super::{Status, print};

/// Prints a note the run makes as it goes.
pub fn note(text: &str) {
    super::eprint(&format!("note: {text}"));
}

/// Says why a run stopped before its report, in `format` where the problems are findings; the
/// exit status is 2.
pub fn stopped(e: RunError, root: &Path, format: Format) -> anyhow::Result<Status> {
    match e {
        RunError::Source(e) => return Err(anyhow::Error::new(e).context("cannot check")),
        RunError::Policy { problems, snap } => {
            input_problems("the policy is invalid", &problems, &snap, root, format)?;
        }
        RunError::Runtime { problems, snap } => input_problems(
            "a policy rule could not be evaluated",
            &problems,
            &snap,
            root,
            format,
        )?,
        other => super::eprint(&format!("error: {other}")),
    }
    Ok(Status::InputError)
}

/// Prints problems that make the run an input error (exit 2), in the requested format.
pub fn input_problems(
    what: &str,
    problems: &[Finding],
    snap: &Snapshot,
    root: &Path,
    format: Format,
) -> anyhow::Result<()> {
    let paths = report::Paths::new(root).with_layout(snap);
    match format {
        Format::Json => print(&report::json::validate(problems, &paths))?,
        Format::Github => print(&report::annotations::render(problems, &paths))?,
        Format::Sarif => print(&report::sarif::render(problems, &snap.files, &paths))?,
        _ => {
            let mut files = snap.files.clone();
            let (_, defaults) = policy::default_document();
            files.merge(defaults);
            super::eprint(&report::text::findings(problems, &files, false));
        }
    }
    super::eprint(&format!("error: {what}: {} problem(s)", problems.len()));
    Ok(())
}
