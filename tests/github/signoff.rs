//! Sign-off proof in a pull request: an approving review by the approver proves a sign-off only
//! if the item did not change between the reviewed commit and the head (issue 9); a commit GitHub
//! verified proves the change of the account it binds to, the committer's (the author's for
//! web-flow commits), and an unverified commit under the approver's e-mail is only a claim,
//! `signoff-unproven`, an error in GitHub Actions (issue 19). The GitHub layer only fetches the
//! reviews and commits; the history checks decide. Real git history (built by the test) plus the
//! fake GitHub API on loopback.

use super::fake::{Fake, OWNER, REPO, Signed, TOKEN};
use crate::harness::{GitRepo, IT, STRANGER, TECH, agree_audit_log};
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
    let out = crate::harness::tollgate()
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

/// GitHub's verdict on a commit, as the fake answers it.
fn verified_by(login: &str) -> Signed<'_> {
    Signed {
        verified: true,
        reason: "valid",
        author: Some(login),
        committer: Some(login),
    }
}

/// The approver's sign-off, committed under their e-mail (unsigned in the clone: only GitHub's
/// verification, the fake's, can speak for it).
fn approver_agrees(repo: &GitRepo) {
    agree_audit_log(repo);
    repo.commit("Agree the audit log", IT);
}

#[tokio::test]
async fn a_commit_github_verified_for_the_approvers_account_proves_the_sign_off() {
    let (repo, dir) = pull_request(approver_agrees);
    for signed in [
        verified_by(APPROVER_LOGIN),
        // Made in GitHub's web interface: GitHub commits and signs; the author is the account.
        Signed {
            committer: Some("web-flow"),
            ..verified_by(APPROVER_LOGIN)
        },
    ] {
        let fake = Fake::start("").await;
        fake.state().commit(&repo.head(), &signed);
        let (code, body, stderr) = comment(&repo, &dir, &fake);
        assert_eq!(code, 0, "{signed:?}: {stderr}\n{body}");
        assert!(!body.contains("signoff-"), "{body}");
        let calls = fake.calls().await;
        assert!(
            calls.contains(&(
                "GET".into(),
                format!("/repos/{OWNER}/{REPO}/pulls/7/commits")
            )),
            "{calls:?}"
        );
        fake.assert_documented().await;
    }
}

#[tokio::test]
async fn anything_less_than_the_approvers_verified_commit_is_unproven() {
    let (repo, dir) = pull_request(approver_agrees);
    let cases = [
        (
            verified_by(TECH_LOGIN),
            "dsuzuki-example, who is `suzuki-daisuke` in people.yaml",
        ),
        (
            Signed {
                verified: false,
                reason: "unknown_key",
                ..verified_by(APPROVER_LOGIN)
            },
            "GitHub does not verify its signature (reason: `unknown_key`)",
        ),
        (
            Signed {
                verified: false,
                reason: "bad_email",
                ..verified_by(APPROVER_LOGIN)
            },
            "(reason: `bad_email`)",
        ),
        (
            Signed {
                verified: false,
                reason: "unsigned",
                ..verified_by(APPROVER_LOGIN)
            },
            "GitHub does not verify its signature (reason: `unsigned`)",
        ),
        (
            // Verified, but web-flow with someone else as author.
            Signed {
                committer: Some("web-flow"),
                ..verified_by(TECH_LOGIN)
            },
            "dsuzuki-example, who is `suzuki-daisuke`",
        ),
    ];
    for (signed, want) in cases {
        let fake = Fake::start("").await;
        fake.state().commit(&repo.head(), &signed);
        let (code, body, stderr) = comment(&repo, &dir, &fake);
        assert_eq!(code, 1, "{signed:?}: {stderr}\n{body}");
        // The approver's e-mail is on the commit: a claim, an error under `verified` (the
        // default in Actions).
        assert!(body.contains("`signoff-unproven`"), "{body}");
        assert!(body.contains("the commit is not signed"), "{body}");
        assert!(body.contains(want), "{signed:?}: want `{want}` in {body}");
        fake.assert_documented().await;
    }
}

#[tokio::test]
async fn an_approval_of_the_current_state_proves_an_unverified_sign_off() {
    let (repo, dir) = pull_request(approver_agrees);
    let fake = Fake::start("").await;
    fake.state().commit(
        &repo.head(),
        &Signed {
            verified: false,
            reason: "unsigned",
            ..verified_by(APPROVER_LOGIN)
        },
    );
    fake.state()
        .review_at(APPROVER_LOGIN, "APPROVED", &repo.head());
    let (code, body, stderr) = comment(&repo, &dir, &fake);
    assert_eq!(code, 0, "{stderr}\n{body}");
    assert!(!body.contains("signoff-"), "{body}");
    fake.assert_documented().await;
}

#[tokio::test]
async fn a_commit_beyond_githubs_250_is_read_alone() {
    let (repo, dir) = pull_request(approver_agrees);
    let fake = Fake::start("").await;
    {
        let mut state = fake.state();
        // GitHub lists at most 250 commits of a pull request: the sign-off is the 251st.
        for i in 0..250 {
            state.commit(&format!("{i:040x}"), &verified_by("bystander"));
        }
        state.commit(&repo.head(), &verified_by(APPROVER_LOGIN));
    }
    let (code, body, stderr) = comment(&repo, &dir, &fake);
    assert_eq!(code, 0, "{stderr}\n{body}");
    let calls = fake.calls().await;
    assert!(
        calls.contains(&(
            "GET".into(),
            format!("/repos/{OWNER}/{REPO}/commits/{}", repo.head())
        )),
        "{calls:?}"
    );
    fake.assert_documented().await;
}
