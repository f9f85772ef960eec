//! Sign-off proof in a pull request: an item set to agreed by someone other than its approver
//! passes when the approver approved the pull request on GitHub, and is `signoff-not-approved`
//! otherwise. Real git history (built by the test) plus the fake GitHub API on loopback.

use super::fake::{Fake, OWNER, REPO, TOKEN};
use crate::gitrepo::{GitRepo, STRANGER, agree_audit_log};

/// The approver of `prompt-audit-log` in the example, by GitHub login (people.yaml).
const APPROVER_LOGIN: &str = "snakamura-example";

/// The example imported, then a stranger's commit agreeing the audit log; the event names the
/// import as the pull request's base.
fn pull_request() -> (GitRepo, tempfile::TempDir) {
    let repo = GitRepo::example();
    let base = repo.head();
    agree_audit_log(&repo);
    let head = repo.commit("Agree the audit log", STRANGER);
    let dir = tempfile::tempdir().expect("tempdir");
    let event = serde_json::json!({
        "number": 7,
        "pull_request": {"number": 7, "head": {"sha": head}, "base": {"sha": base}},
    });
    std::fs::write(dir.path().join("event.json"), event.to_string()).expect("event");
    (repo, dir)
}

fn comment(repo: &GitRepo, dir: &tempfile::TempDir, fake: &Fake) -> std::process::Output {
    crate::util::tollgate()
        .args([
            "comment",
            "--now",
            "2026-11-28",
            "--max-wait",
            "3",
            "--root",
        ])
        .arg(repo.path())
        .env("GITHUB_EVENT_PATH", dir.path().join("event.json"))
        .env("GITHUB_REPOSITORY", format!("{OWNER}/{REPO}"))
        .env("GITHUB_TOKEN", TOKEN)
        .env("GITHUB_API_URL", fake.api_url())
        .env("GITHUB_STEP_SUMMARY", dir.path().join("summary.md"))
        .output()
        .expect("ran")
}

#[tokio::test]
async fn an_approving_review_by_the_approver_proves_the_sign_off() {
    let (repo, dir) = pull_request();
    let fake = Fake::start("").await;
    fake.state().review(APPROVER_LOGIN, "APPROVED");
    let out = comment(&repo, &dir, &fake);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let body = fake.state().comments[0].body.clone();
    assert!(!body.contains("signoff-not"), "{body}");
    assert!(
        body.contains("what this change does"),
        "the diff is in the body: {body}"
    );
    assert!(body.contains("prompt-audit-log"), "{body}");
    fake.assert_documented().await;
}

#[tokio::test]
async fn without_the_approvers_review_the_sign_off_is_not_approved() {
    let (repo, dir) = pull_request();
    let fake = Fake::start("").await;
    fake.state().review("someone-else", "APPROVED");
    let out = comment(&repo, &dir, &fake);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let body = fake.state().comments[0].body.clone();
    assert!(body.contains("`signoff-not-approved`"), "{body}");
    assert!(
        !body.contains("`signoff-not-by-approver`"),
        "replaced, not doubled: {body}"
    );
    fake.assert_documented().await;
}
