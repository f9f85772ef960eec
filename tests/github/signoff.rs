//! Sign-off proof in a pull request (issue hole 6): an approving review by the approver proves
//! a sign-off only if the item did not change between the reviewed commit and the head. The
//! GitHub layer only fetches the reviews; the history checks decide. Real git history (built by
//! the test) plus the fake GitHub API on loopback.

use super::fake::{Fake, OWNER, REPO, TOKEN};
use crate::gitrepo::{GitRepo, STRANGER, TECH, agree_audit_log};
use crate::history_scenarios::{edit_item, governance};

/// GitHub logins of the example's people (people.yaml).
const APPROVER_LOGIN: &str = "snakamura-example";
const OWNER_LOGIN: &str = "kyamamoto-example";
const TECH_LOGIN: &str = "dsuzuki-example";

/// The example imported; `change` makes the pull request's commits. The event names the import
/// as the base and the last commit as the head.
fn pull_request(change: impl FnOnce(&GitRepo)) -> (GitRepo, tempfile::TempDir) {
    let repo = GitRepo::example();
    let base = repo.head();
    change(&repo);
    let dir = tempfile::tempdir().expect("tempdir");
    let event = serde_json::json!({
        "number": 7,
        "pull_request": {"number": 7, "head": {"sha": repo.head()}, "base": {"sha": base}},
    });
    std::fs::write(dir.path().join("event.json"), event.to_string()).expect("event");
    (repo, dir)
}

/// A stranger's commit agreeing the audit log.
fn stranger_agrees(repo: &GitRepo) {
    agree_audit_log(repo);
    repo.commit("Agree the audit log", STRANGER);
}

fn comment(repo: &GitRepo, dir: &tempfile::TempDir, fake: &Fake) -> (i32, String, String) {
    let out = crate::util::tollgate()
        .args([
            "comment",
            "--now",
            "2026-11-28",
            "--max-wait",
            "3",
            "--root",
        ])
        .arg(repo.path())
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_EVENT_NAME", "pull_request")
        .env("GITHUB_EVENT_PATH", dir.path().join("event.json"))
        .env("GITHUB_REPOSITORY", format!("{OWNER}/{REPO}"))
        .env("GITHUB_TOKEN", TOKEN)
        .env("GITHUB_API_URL", fake.api_url())
        .env("GITHUB_STEP_SUMMARY", dir.path().join("summary.md"))
        .output()
        .expect("ran");
    let body = fake
        .state()
        .comments
        .first()
        .map(|c| c.body.clone())
        .unwrap_or_default();
    (
        out.status.code().unwrap_or(-1),
        body,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn an_approving_review_of_the_head_by_the_approver_proves_the_sign_off() {
    let (repo, dir) = pull_request(stranger_agrees);
    let fake = Fake::start("").await;
    fake.state()
        .review_at(APPROVER_LOGIN, "APPROVED", &repo.head());
    let (code, body, stderr) = comment(&repo, &dir, &fake);
    assert_eq!(code, 0, "{stderr}\n{body}");
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
    let (repo, dir) = pull_request(stranger_agrees);
    let fake = Fake::start("").await;
    fake.state()
        .review_at("someone-else", "APPROVED", &repo.head());
    let (code, body, stderr) = comment(&repo, &dir, &fake);
    assert_eq!(code, 1, "{stderr}");
    assert!(body.contains("`signoff-not-approved`"), "{body}");
    assert!(
        // `@` is neutralised in Markdown (a word joiner after it), so nobody is notified.
        body.contains(
            "Sho Nakamura (@\u{2060}snakamura-example) has not approved the pull request"
        ),
        "{body}"
    );
    assert!(
        !body.contains("`signoff-not-by-approver`"),
        "one finding per sign-off: {body}"
    );
    fake.assert_documented().await;
}

#[tokio::test]
async fn an_approval_of_a_commit_before_the_sign_off_is_stale() {
    // The approver approved the pull request while the item was still pending; the stranger
    // then pushed `status: agreed`.
    let mut reviewed = String::new();
    let (repo, dir) = pull_request(|repo| {
        repo.write("README.md", "An unrelated first commit.\n");
        reviewed = repo.commit("Docs", STRANGER);
        stranger_agrees(repo);
    });
    let fake = Fake::start("").await;
    fake.state()
        .review_at(APPROVER_LOGIN, "APPROVED", &reviewed);
    let (code, body, stderr) = comment(&repo, &dir, &fake);
    assert_eq!(code, 1, "{stderr}");
    assert!(body.contains("`signoff-not-approved`"), "{body}");
    assert!(
        body.contains(&format!(
            "approved commit {}, but it changed after that commit (a stale approval)",
            &reviewed[..7]
        )),
        "{body}"
    );
    fake.assert_documented().await;
}

#[tokio::test]
async fn an_item_changed_after_the_approved_commit_is_not_proven() {
    // The approver approved the agreed item; a later push changed what was agreed.
    let mut approved = String::new();
    let (repo, dir) = pull_request(|repo| {
        stranger_agrees(repo);
        approved = repo.head();
        edit_item(
            repo,
            &governance(),
            "prompt-audit-log",
            "title: Prompts, drafts and operator edits are logged and kept for audit",
            "title: Prompts are logged",
        );
        repo.commit("Narrow the audit log", STRANGER);
    });
    let fake = Fake::start("").await;
    fake.state()
        .review_at(APPROVER_LOGIN, "APPROVED", &approved);
    let (code, body, stderr) = comment(&repo, &dir, &fake);
    assert_eq!(code, 1, "{stderr}");
    assert!(body.contains("(a stale approval)"), "{body}");
    // Approving the head instead proves it.
    let fake = Fake::start("").await;
    fake.state()
        .review_at(APPROVER_LOGIN, "APPROVED", &repo.head());
    let (code, body, stderr) = comment(&repo, &dir, &fake);
    assert_eq!(code, 0, "{stderr}\n{body}");
    fake.assert_documented().await;
}

#[tokio::test]
async fn the_owners_approval_proves_an_approver_change() {
    // The technical lead takes the item over and agrees it; the owner approves the result.
    let (repo, dir) = pull_request(|repo| {
        edit_item(
            repo,
            &governance(),
            "prompt-audit-log",
            "approver: nakamura-sho",
            "approver: suzuki-daisuke",
        );
        repo.commit("Information systems answers for the audit log", TECH);
        agree_audit_log(repo);
        repo.commit("Audit log agreed", TECH);
    });
    let fake = Fake::start("").await;
    let (code, body, _) = comment(&repo, &dir, &fake);
    assert_eq!(code, 1);
    assert!(body.contains("`approver-changed`"), "{body}");
    let fake = Fake::start("").await;
    fake.state()
        .review_at(OWNER_LOGIN, "APPROVED", &repo.head());
    let (code, body, _) = comment(&repo, &dir, &fake);
    assert!(!body.contains("`approver-changed`"), "{body}");
    // The new approver's sign-off rests on their e-mail alone: an error in Actions.
    assert_eq!(code, 1);
    assert!(body.contains("`signoff-unproven`"), "{body}");
    // Their approval of the same head proves it.
    let fake = Fake::start("").await;
    fake.state()
        .review_at(OWNER_LOGIN, "APPROVED", &repo.head());
    fake.state().review_at(TECH_LOGIN, "APPROVED", &repo.head());
    let (code, body, stderr) = comment(&repo, &dir, &fake);
    assert_eq!(code, 0, "{stderr}\n{body}");
    assert!(!body.contains("`signoff-unproven`"), "{body}");
    fake.assert_documented().await;
}
