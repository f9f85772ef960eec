//! The body of the pull-request comment (`comment`): the check report in Markdown, the run's
//! notes and what the change does since the base of the history range.

use std::iter;

use super::diff;
use super::markdown::{check, text};
use super::paths::Paths;
use crate::history::HistoryError;
use crate::history::diff::Diff;
use crate::pipeline::Judged;

/// The check report followed by the run's notes (what it left out, said in the comment and not
/// only on standard error) and what the change does.
pub fn body(notes: &[String], judged: &Judged, paths: &Paths) -> String {
    let rest = notes
        .iter()
        .map(|n| format!("_Note: {}._\n\n", text(n)))
        .chain(iter::once(change(judged.diff.as_ref(), paths)))
        .collect::<String>();
    format!("{}\n{rest}", check(judged, paths))
}

/// The diff against the base of the history range (the pull request's merge base), as
/// Markdown; a short note when it cannot be made (no git history), so that the comment says what
/// is missing rather than leaving it out.
fn change(diff: Option<&Result<Diff, HistoryError>>, paths: &Paths) -> String {
    match diff {
        Some(Ok(d)) => diff::markdown(d, paths),
        Some(Err(e)) => format!(
            "_What this change does could not be shown: {}._\n",
            text(&paths.text(&e.to_string()))
        ),
        None => String::new(),
    }
}
