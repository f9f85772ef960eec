//! Which commits are checked (issue holes 3 and 5): one range rule for every command — pull
//! request: merge base..head; push: before..after; otherwise `history_since` or the first
//! commit — and missing history is an error in GitHub Actions and with `--require-history`.

#![allow(clippy::unwrap_used)]

use std::path::Path;

use crate::harness::{
    GitRepo, IT, OWNER, POC, STRANGER, TECH, agree_audit_log, history_codes, history_findings,
    json_at,
};
use crate::history_scenarios::NOW;

fn check(root: &Path, env: &[(&str, &str)]) -> (i32, serde_json::Value) {
    json_at(root, &["check", "--format", "json", "--now", NOW], env)
}

fn verify(root: &Path, env: &[(&str, &str)]) -> (i32, serde_json::Value) {
    json_at(
        root,
        &["log", "--verify", "--format", "json", "--now", NOW],
        env,
    )
}

/// A full (not shallow) clone, as a CI job with `fetch-depth: 0` or a person makes it.
fn clone(repo: &GitRepo) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.path().display());
    repo.git(&["clone", "-q", &url, dir.path().join("c").to_str().unwrap()]);
    dir
}

fn event(dir: &Path, json: &serde_json::Value) -> String {
    let path = dir.join("event.json");
    std::fs::write(&path, json.to_string()).unwrap();
    path.display().to_string()
}

#[test]
fn a_fresh_clone_of_the_default_branch_checks_everything_after_the_first_commit() {
    let repo = GitRepo::example();
    agree_audit_log(&repo);
    repo.commit("Agree the audit log", STRANGER);
    let dir = clone(&repo);
    let root = dir.path().join("c");
    // In the clone origin/HEAD is HEAD: a range from it would be empty.
    let git = tollgate::history::Repo::open(&root).unwrap();
    assert_eq!(
        git.resolve("origin/HEAD").unwrap(),
        git.resolve("HEAD").unwrap()
    );
    let (code, doc) = check(&root, &[]);
    assert_eq!(code, 1, "{doc:#}");
    assert_eq!(history_codes(&doc), ["signoff-not-by-approver"]);
    let (vcode, vdoc) = verify(&root, &[]);
    assert_eq!(
        (vcode, history_findings(&vdoc)),
        (1, history_findings(&doc))
    );
    assert_eq!(vdoc["history"]["range"]["rule"], "first commit");
    assert_eq!(vdoc["history"]["commits"], 1);

    // Positive control: the approver's own commit, cloned the same way.
    let repo = GitRepo::example();
    agree_audit_log(&repo);
    repo.commit("Agree the audit log", IT);
    let dir = clone(&repo);
    let (code, doc) = check(&dir.path().join("c"), &[]);
    // (The approver's e-mail alone is a claim: a warning outside Actions.)
    assert_eq!(
        (code, history_codes(&doc)),
        (0, vec!["signoff-unproven".to_string()])
    );
}

/// main: the import, then a stranger's sign-off (already merged); branch `feature`: a stage
/// skipped by the owner.
fn main_and_a_pull_request() -> (GitRepo, String) {
    let repo = GitRepo::example();
    agree_audit_log(&repo);
    let main = repo.commit("Agree the audit log", STRANGER);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.edit(
        &format!("{POC}/project.yaml"),
        "stage: poc",
        "stage: production",
    );
    repo.commit("Straight to production", OWNER);
    (repo, main)
}

#[test]
fn a_pull_request_checks_its_own_commits_from_the_merge_base() {
    let (repo, main) = main_and_a_pull_request();
    let dir = tempfile::tempdir().unwrap();
    let event = event(
        dir.path(),
        &serde_json::json!({"pull_request": {"number": 4, "base": {"sha": main}, "head": {"sha": repo.head()}}}),
    );
    let env = [
        ("GITHUB_EVENT_NAME", "pull_request"),
        ("GITHUB_EVENT_PATH", event.as_str()),
        ("GITHUB_BASE_REF", "main"),
    ];
    let (code, doc) = check(repo.path(), &env);
    assert_eq!(code, 1);
    assert_eq!(history_codes(&doc), ["stage-skipped"], "{doc:#}");
    let (_, vdoc) = verify(repo.path(), &env);
    assert_eq!(history_findings(&vdoc), history_findings(&doc));
    assert_eq!(
        vdoc["history"]["range"]["rule"],
        format!("merge base with the pull request's base {}", &main[..7]).as_str()
    );
    // GITHUB_BASE_REF alone names the base too.
    let (_, doc) = check(repo.path(), &[("GITHUB_BASE_REF", "main")]);
    assert_eq!(history_codes(&doc), ["stage-skipped"]);
    // Outside a pull request, everything after the first commit.
    let (_, doc) = check(repo.path(), &[]);
    assert_eq!(
        history_codes(&doc),
        ["signoff-not-by-approver", "stage-skipped"]
    );
}

#[test]
fn history_since_cannot_shrink_a_pull_requests_range() {
    let (repo, main) = main_and_a_pull_request();
    let config = repo.read("tollgate.yaml");
    repo.write("tollgate.yaml", &format!("{config}history_since: HEAD\n"));
    repo.commit("Start the history here", OWNER);
    // Locally it is respected: the record starts at HEAD.
    let (_, doc) = check(repo.path(), &[]);
    assert_eq!(history_codes(&doc), Vec::<String>::new());
    // In the pull request it is ignored: the merge base decides.
    let dir = tempfile::tempdir().unwrap();
    let event = event(
        dir.path(),
        &serde_json::json!({"pull_request": {"number": 4, "base": {"sha": main}, "head": {"sha": repo.head()}}}),
    );
    let (code, doc) = check(
        repo.path(),
        &[
            ("GITHUB_EVENT_NAME", "pull_request"),
            ("GITHUB_EVENT_PATH", event.as_str()),
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(history_codes(&doc), ["stage-skipped"]);
}

#[test]
fn githubs_merge_commit_is_judged_by_the_pull_requests_own_commits() {
    // actions/checkout checks out refs/pull/N/merge: main merged with the branch.
    // (The approver's unsigned commit is a claim: a warning outside Actions.)
    for (author, want, status) in [
        (TECH, vec!["signoff-not-by-approver"], 1),
        (IT, vec!["signoff-unproven"], 0),
    ] {
        let repo = GitRepo::example();
        repo.git(&["checkout", "-q", "-b", "feature"]);
        agree_audit_log(&repo);
        let signed = repo.commit("Agree the audit log", author);
        repo.git(&["checkout", "-q", "main"]);
        repo.write("README.md", "meanwhile\n");
        let main = repo.commit("Docs", OWNER);
        repo.git(&["checkout", "-q", "--detach", "main"]);
        repo.git(&["merge", "-q", "--no-ff", "feature", "-m", "Merge into main"]);
        let dir = tempfile::tempdir().unwrap();
        let event = event(
            dir.path(),
            &serde_json::json!({"pull_request": {"number": 5, "base": {"sha": main}, "head": {"sha": signed}}}),
        );
        let (code, doc) = check(
            repo.path(),
            &[
                ("GITHUB_EVENT_NAME", "pull_request"),
                ("GITHUB_EVENT_PATH", event.as_str()),
            ],
        );
        assert_eq!(history_codes(&doc), want, "{doc:#}");
        assert_eq!(code, status);
        if let Some((_, message)) = history_findings(&doc).first() {
            assert!(
                message.contains(&format!("in commit {} (merged in commit", &signed[..7])),
                "{message}"
            );
        }
    }
}

#[test]
fn a_push_checks_before_to_after_and_a_new_branch_everything() {
    let repo = GitRepo::example();
    agree_audit_log(&repo);
    let before = repo.commit("Agree the audit log", STRANGER);
    repo.edit(
        &format!("{POC}/project.yaml"),
        "stage: poc",
        "stage: production",
    );
    let after = repo.commit("Straight to production", OWNER);
    let dir = tempfile::tempdir().unwrap();
    let pushed = event(
        dir.path(),
        &serde_json::json!({"before": before, "after": after}),
    );
    let env = [
        ("GITHUB_EVENT_NAME", "push"),
        ("GITHUB_EVENT_PATH", pushed.as_str()),
    ];
    let (_, doc) = check(repo.path(), &env);
    assert_eq!(history_codes(&doc), ["stage-skipped"]);
    let (_, vdoc) = verify(repo.path(), &env);
    assert_eq!(history_findings(&vdoc), history_findings(&doc));
    assert_eq!(
        vdoc["history"]["range"]["rule"],
        format!("push after {}", &before[..7]).as_str()
    );
    // A push that created the branch: `before` is all zeros, so everything after the first
    // commit is checked.
    let created = event(
        dir.path(),
        &serde_json::json!({"before": "0".repeat(40), "after": after}),
    );
    let (_, doc) = check(
        repo.path(),
        &[
            ("GITHUB_EVENT_NAME", "push"),
            ("GITHUB_EVENT_PATH", created.as_str()),
        ],
    );
    assert_eq!(
        history_codes(&doc),
        ["signoff-not-by-approver", "stage-skipped"]
    );
}

#[test]
fn diff_defaults_to_the_same_base() {
    let (repo, main) = main_and_a_pull_request();
    let (_, doc) = json_at(
        repo.path(),
        &["diff", "--format", "json", "--now", NOW],
        &[("GITHUB_BASE_REF", "main")],
    );
    assert_eq!(doc["base"]["commit"], main.as_str());
    assert_eq!(doc["history"]["status"], "checked");
    assert_eq!(history_codes(&doc["history"]), ["stage-skipped"]);
    // Locally: from the first commit, like check.
    let first = repo.git(&["rev-list", "--max-parents=0", "HEAD"]);
    let (_, doc) = json_at(
        repo.path(),
        &["diff", "--format", "json", "--now", NOW],
        &[],
    );
    assert_eq!(doc["base"]["commit"], first.as_str());
    assert_eq!(
        history_codes(&doc["history"]),
        ["signoff-not-by-approver", "stage-skipped"]
    );
}

#[test]
fn a_shallow_clone_is_an_error_in_actions_and_when_required() {
    let repo = GitRepo::example();
    agree_audit_log(&repo);
    repo.commit("Agree the audit log", STRANGER);
    let shallow = repo.shallow_clone();
    let root = shallow.path().join("clone");
    let unavailable = |doc: &serde_json::Value| {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == "history-unavailable")
            .cloned()
            .unwrap_or_else(|| panic!("{doc:#}"))
    };
    // Locally, a note: the run says the checks did not run, and passes.
    let (code, doc) = check(&root, &[]);
    let note = unavailable(&doc);
    assert_eq!((code, note["severity"].as_str()), (0, Some("note")));
    assert!(
        note["message"].as_str().unwrap().contains("fetch-depth: 0"),
        "{note:#}"
    );
    let (code, doc) = verify(&root, &[]);
    assert_eq!(doc["history"]["status"], "skipped");
    assert_eq!(
        (code, unavailable(&doc)["severity"].as_str()),
        (0, Some("note"))
    );
    // In GitHub Actions, and with --require-history, an error that blocks.
    for (args, env) in [
        (vec![], vec![("GITHUB_ACTIONS", "true")]),
        (vec!["--require-history"], vec![]),
    ] {
        let mut check_args = vec!["check", "--format", "json", "--now", NOW];
        check_args.extend(&args);
        let (code, doc) = json_at(&root, &check_args, &env);
        assert_eq!(code, 1, "{args:?} {env:?}: {doc:#}");
        assert_eq!(unavailable(&doc)["severity"], "error");
        let mut verify_args = vec!["log", "--verify", "--format", "json", "--now", NOW];
        verify_args.extend(&args);
        let (code, doc) = json_at(&root, &verify_args, &env);
        assert_eq!(code, 1, "{args:?} {env:?}: {doc:#}");
        assert_eq!(unavailable(&doc)["severity"], "error");
    }
    // Not even a policy in the change can make required history optional.
    std::fs::create_dir_all(root.join("policies")).unwrap();
    std::fs::write(
        root.join("policies/quiet.yaml"),
        "version: 1\nrules: []\nseverities:\n  history-unavailable: note\n",
    )
    .unwrap();
    let (code, doc) = check(&root, &[("GITHUB_ACTIONS", "true")]);
    assert_eq!(
        (code, unavailable(&doc)["severity"].as_str()),
        (1, Some("error"))
    );
}

#[test]
fn no_repository_at_all_is_an_error_when_required() {
    let dir = tempfile::tempdir().unwrap();
    tollgate::scaffold::write(dir.path(), false).unwrap();
    let (code, _) = check(dir.path(), &[]);
    assert_eq!(code, 0);
    let (code, doc) = check(dir.path(), &[("GITHUB_ACTIONS", "true")]);
    assert_eq!(code, 1, "{doc:#}");
    assert!(
        history_findings(&doc)
            .iter()
            .any(|(c, m)| c == "history-unavailable" && m.contains("not inside a git repository")),
        "{doc:#}"
    );
}

#[test]
fn a_base_that_does_not_exist_is_a_usage_error() {
    let repo = GitRepo::example();
    let out = repo
        .tollgate(&["check", "--history-base", "no-such-rev"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let config = repo.read("tollgate.yaml");
    repo.write(
        "tollgate.yaml",
        &format!("{config}history_since: nowhere\n"),
    );
    let out = repo.tollgate(&["check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("revision `nowhere` not found (tollgate.yaml `history_since`)"),
        "{stderr}"
    );
}
