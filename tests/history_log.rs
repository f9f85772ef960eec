//! `tollgate log`: the decision timeline (decisions, stage moves, recommendations, projects),
//! newest first; the rest of the audit trail is tested in `history_trail`.

#![allow(clippy::unwrap_used)]

use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

use crate::harness::{GitRepo, MVP, OWNER, POC, TECH, decision, record_poc_decision};

/// The decision timeline's kinds of event.
const TIMELINE: &str = "decision,stage,project,recommendation";

fn kinds(out: &serde_json::Value) -> Vec<(String, String, Option<u64>)> {
    out["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["project"].as_str().unwrap().to_string(),
                e["event"]["kind"].as_str().unwrap().to_string(),
                e["commit"]["pr"].as_u64(),
            )
        })
        .collect()
}

fn entry(project: &str, kind: &str, pr: Option<u64>) -> (String, String, Option<u64>) {
    (project.to_string(), kind.to_string(), pr)
}

/// `log --format json --kind TIMELINE EXTRA...`: the decision timeline as JSON.
fn timeline(repo: &GitRepo, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["log", "--format", "json", "--kind", TIMELINE];
    args.extend_from_slice(extra);
    repo.json(&args)
}

#[test]
fn decisions_and_stage_changes_newest_first() {
    let repo = GitRepo::example();
    record_poc_decision(&repo);
    repo.edit(&format!("{POC}/project.yaml"), "stage: poc", "stage: mvp");
    let decided = repo.commit("Record the PoC gate decision (#5)", OWNER);
    repo.write("README.md", "unrelated\n");
    repo.commit("Docs only", TECH);
    let out = timeline(&repo, &[]);
    assert_eq!(out["commits_walked"], 3);
    assert_eq!(
        kinds(&out),
        [
            entry("support-reply-drafts", "decision-recorded", Some(5)),
            entry("support-reply-drafts", "stage-changed", Some(5)),
            entry("contract-review-assist", "decision-recorded", Some(1)),
            entry("contract-review-assist", "stage-changed", Some(1)),
            entry("support-reply-drafts", "stage-changed", Some(1)),
        ]
    );
    let first = &out["entries"][0];
    assert_eq!(first["commit"]["id"], decided.as_str());
    assert_eq!(first["commit"]["author"], "Kenji Yamamoto");
    assert_eq!(first["commit"]["email"], "kenji.yamamoto@example.com");
    assert_eq!(first["commit"]["date"], "2026-09-22T05:13:20+09:00");
    assert_eq!(first["gate"], "poc");
    assert_eq!(first["event"]["decision"]["outcome"], "continue");
    assert_eq!(first["rationale"], "Accuracy 78% clears 70%.");
    // The stage move is explained by the decision recorded with it.
    assert_eq!(out["entries"][1]["event"]["from"], "poc");
    assert_eq!(out["entries"][1]["event"]["to"], "mvp");
    assert_eq!(out["entries"][1]["rationale"], "Accuracy 78% clears 70%.");

    repo.tollgate(&["log"])
        .assert()
        .success()
        .stdout(contains(format!(
            "{}  PR #5  Kenji Yamamoto <kenji.yamamoto@example.com>  Record the PoC gate decision (#5)",
            &decided[..7]
        )))
        .stdout(contains(
            "  support-reply-drafts: decision `poc-gate` recorded: PoC gate -> continue (by yamamoto-kenji, 2026-11-20)\n      by: Kenji Yamamoto <kenji.yamamoto@example.com> (`yamamoto-kenji`), the owner — NOT proven, only claimed by the commit e-mail: the commit is not signed\n      why: Accuracy 78% clears 70%.",
        ))
        .stdout(contains("  support-reply-drafts: stage PoC -> MVP"))
        .stdout(contains("Docs only").not());
}

#[test]
fn filters_by_project_and_gate() {
    let repo = GitRepo::example();
    record_poc_decision(&repo);
    repo.commit("Record the PoC decision", OWNER);
    let out = timeline(&repo, &["--project", "contract-review-assist"]);
    assert!(
        kinds(&out)
            .iter()
            .all(|(p, _, _)| p == "contract-review-assist")
    );
    assert_eq!(kinds(&out).len(), 2);
    let out = timeline(&repo, &["--gate", "poc"]);
    assert!(
        out["entries"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["gate"] == "poc")
    );
    let decisions = kinds(&out)
        .into_iter()
        .filter(|(_, k, _)| k == "decision-recorded")
        .count();
    assert_eq!(decisions, 2);
    repo.tollgate(&["log", "--gate", "gamma"])
        .assert()
        .code(2)
        .stderr(contains("`gamma` is not a gate"));
}

#[test]
fn merge_commits_first_parent_and_all_parents() {
    let repo = GitRepo::example();
    repo.git(&["checkout", "-q", "-b", "decide"]);
    record_poc_decision(&repo);
    let on_branch = repo.commit("Record the PoC decision", OWNER);
    repo.git(&["checkout", "-q", "main"]);
    repo.write("README.md", "meanwhile on main\n");
    repo.commit("Docs", TECH);
    repo.git(&[
        "merge",
        "-q",
        "--no-ff",
        "decide",
        "-m",
        "Merge pull request #7 from acme/decide",
    ]);
    let merge = repo.head();

    // First parent: the decision arrives with the merge commit and its PR number.
    let out = timeline(&repo, &["--project", "support-reply-drafts"]);
    assert_eq!(out["entries"][0]["event"]["kind"], "decision-recorded");
    assert_eq!(out["entries"][0]["commit"]["id"], merge.as_str());
    assert_eq!(out["entries"][0]["commit"]["pr"], 7);

    // All parents: the branch commit that made it, and no duplicate from the merge.
    let out = repo.json(&[
        "log",
        "--format",
        "json",
        "--all-parents",
        "--project",
        "support-reply-drafts",
    ]);
    let recorded: Vec<&serde_json::Value> = out["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["event"]["kind"] == "decision-recorded")
        .collect();
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0]["commit"]["id"], on_branch.as_str());
}

#[test]
fn renamed_project_is_followed_and_deleted_project_logged() {
    let repo = GitRepo::example();
    repo.git(&[
        "mv",
        "projects/support-reply-drafts",
        "projects/reply-drafts",
    ]);
    repo.edit(
        "projects/reply-drafts/project.yaml",
        "id: support-reply-drafts",
        "id: reply-drafts",
    );
    repo.commit("Rename the project", OWNER);
    repo.git(&["rm", "-q", "-r", MVP]);
    repo.commit("Retire the contract project", OWNER);
    let out = timeline(&repo, &["--project", "reply-drafts"]);
    assert_eq!(
        kinds(&out),
        [
            entry("reply-drafts", "project-renamed", None),
            entry("support-reply-drafts", "stage-changed", Some(1)),
        ]
    );
    assert_eq!(out["entries"][0]["event"]["from"], "support-reply-drafts");
    let out = timeline(&repo, &["--project", "contract-review-assist"]);
    assert_eq!(out["entries"][0]["event"]["kind"], "project-removed");
    assert_eq!(out["entries"][0]["event"]["stage"], "mvp");
}

#[test]
fn a_file_that_does_not_parse_at_an_old_commit_is_a_warning() {
    let repo = GitRepo::example();
    let path = format!("{MVP}/decisions.yaml");
    let good = repo.read(&path);
    repo.write(&path, "decisions: [\n");
    let broken = repo.commit("Break decisions.yaml", TECH);
    repo.write(
        &path,
        &format!(
            "{good}{}",
            decision(
                "mvp-gate",
                "mvp",
                "production",
                "kato-ryo",
                "All MVP criteria met."
            )
        ),
    );
    repo.commit("Fix it and record the MVP decision", OWNER);
    let out = timeline(&repo, &["--project", "contract-review-assist"]);
    // Fixing the file does not look like poc-gate being recorded again.
    assert_eq!(
        kinds(&out),
        [
            entry("contract-review-assist", "decision-recorded", None),
            entry("contract-review-assist", "decision-recorded", Some(1)),
            entry("contract-review-assist", "stage-changed", Some(1)),
        ]
    );
    assert_eq!(out["entries"][0]["event"]["decision"]["id"], "mvp-gate");
    assert_eq!(out["warnings"][0]["commit"], &broken[..7]);
    assert_eq!(out["warnings"][0]["path"], path.as_str());
    repo.tollgate(&["log"])
        .assert()
        .success()
        .stderr(contains(format!(
            "warning: `{path}` at commit {} is not valid and was skipped",
            &broken[..7]
        )));
}

#[test]
fn detached_head_logs_up_to_that_commit() {
    let repo = GitRepo::example();
    let first = repo.head();
    record_poc_decision(&repo);
    repo.commit("Record the PoC decision", OWNER);
    repo.git(&["checkout", "-q", "--detach", &first]);
    let out = timeline(&repo, &[]);
    assert_eq!(out["head"], first.as_str());
    assert!(kinds(&out).iter().all(|(_, _, pr)| *pr == Some(1)));
}

#[test]
fn shallow_clone_and_not_a_repository_are_input_errors() {
    let repo = GitRepo::example();
    record_poc_decision(&repo);
    repo.commit("Record the PoC decision", OWNER);
    let clone = repo.shallow_clone();
    crate::harness::tollgate()
        .args(["log", "--root"])
        .arg(clone.path().join("clone"))
        .assert()
        .code(2)
        .stderr(contains("shallow").and(contains("fetch-depth: 0")));
    let dir = tempfile::tempdir().unwrap();
    crate::harness::tollgate()
        .args(["log", "--root"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(contains("is not inside a git repository"));
}

#[test]
fn empty_repository_is_an_input_error() {
    let repo = GitRepo::empty();
    repo.tollgate(&["log"])
        .assert()
        .code(2)
        .stderr(contains("no commits yet"));
}

#[test]
fn a_new_result_that_changes_the_recommendation_is_logged() {
    let repo = GitRepo::example();
    repo.edit(
        &format!("{POC}/results.yaml"),
        "successes: 156",
        "successes: 120",
    );
    let lowered = repo.commit("Re-run the accuracy evaluation (#9)", TECH);
    let out = timeline(&repo, &[]);
    let first = &out["entries"][0];
    assert_eq!(first["commit"]["id"], lowered.as_str());
    assert_eq!(first["project"], "support-reply-drafts");
    assert_eq!(first["event"]["kind"], "recommendation-changed");
    assert_eq!(first["event"]["from"], "continue");
    assert_eq!(first["event"]["to"], "redesign");
    assert_eq!(first["commit"]["pr"], 9);
    repo.tollgate(&["log", "--project", "support-reply-drafts"])
        .assert()
        .success()
        .stdout(contains(
            "support-reply-drafts: PoC gate recommendation: continue -> redesign",
        ));
    // Only events of one project: the other project's entries are not shown.
    repo.tollgate(&["log", "--project", "support-reply-drafts"])
        .assert()
        .stdout(contains("contract-review-assist").not());
}

/// A head whose policy files are invalid still gives the log (it reads history, not the
/// policy), with a warning that says recommendations are not followed and why.
#[test]
fn an_invalid_policy_at_the_head_is_named_and_the_log_still_prints() {
    let repo = GitRepo::example();
    repo.write("policies/broken.yaml", "rules:\n  - bogus: 1\n");
    repo.commit("A broken policy", OWNER);
    repo.tollgate(&["log", "--now", "2026-11-30"])
        .assert()
        .success()
        .stdout(contains("support-reply-drafts"))
        .stderr(contains(
            "warning: recommendations are not followed: the policy is invalid: missing required key `version`",
        ));
}
