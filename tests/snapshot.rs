//! Snapshots of rendered findings for a fixture with several kinds of problem, so that any change
//! to how errors look is reviewed. Paths in the output are repository-relative, so the temporary
//! directory never appears; the filter is a guard in case it ever does.

use crate::harness::Repo;

fn settings(repo: &Repo) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(&regex_escape(&repo.root_arg()), "[ROOT]");
    settings.set_prepend_module_to_snapshot(false);
    settings
}

/// Escapes a path for insta's regex filters.
fn regex_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[test]
fn several_errors_text() {
    let repo = Repo::fixture("several-errors");
    let run = repo.validate(&[]);
    run.expect_code(1);
    settings(&repo).bind(|| insta::assert_snapshot!("several_errors_text", run.stdout));
}

#[test]
fn several_errors_json() {
    let repo = Repo::fixture("several-errors");
    let doc = repo.validate_json(1, &[]);
    settings(&repo).bind(|| insta::assert_json_snapshot!("several_errors_json", doc));
}
