//! Pull request reviews and commits, fetched from the fake (all pages) and handed over as plain
//! data; what they prove is the history checks' decision (tested through `comment` in
//! `signoff.rs`).

use tollgate::github::{fetch_commit, fetch_pull_request_commits, fetch_reviews};
use tollgate::history::ReviewState;

use super::fake::{Fake, Signed};
use super::{client, target};

#[tokio::test]
async fn every_page_of_reviews_is_read_as_plain_data() {
    let fake = Fake::start("").await;
    {
        let mut s = fake.state();
        for _ in 0..105 {
            s.review("bystander", "COMMENTED");
        }
        s.review_at("MAI-TAKAHASHI", "APPROVED", &"b".repeat(40));
        s.review("mai-takahashi", "CHANGES_REQUESTED");
        s.review("someone", "SOME_NEW_STATE");
    }
    let reviews = fetch_reviews(&client(&fake), &target())
        .await
        .expect("reviews");
    assert_eq!(reviews.len(), 108, "all pages read");
    let approval = &reviews[105];
    assert_eq!(approval.login, "MAI-TAKAHASHI");
    assert_eq!(approval.state, ReviewState::Approved);
    assert_eq!(approval.commit_id.as_deref(), Some("b".repeat(40).as_str()));
    assert!(approval.submitted_at.is_some());
    assert_eq!(reviews[106].state, ReviewState::ChangesRequested);
    assert_eq!(
        reviews[107].state,
        ReviewState::Other,
        "unknown states are kept, as such"
    );
    // In GitHub's order: the listing is chronological.
    assert!(reviews[105].submitted_at < reviews[106].submitted_at);
    fake.assert_documented().await;
}

#[tokio::test]
async fn commits_and_their_verification_are_read_as_plain_data() {
    let fake = Fake::start("").await;
    let sha = |i: usize| format!("{i:040x}");
    {
        let mut s = fake.state();
        for i in 0..260 {
            let signed = match i {
                0 => Signed {
                    verified: false,
                    reason: "unsigned",
                    author: None,
                    committer: None,
                },
                1 => Signed {
                    verified: true,
                    reason: "valid",
                    author: Some("Mai-Takahashi"),
                    committer: Some("web-flow"),
                },
                _ => Signed {
                    verified: false,
                    reason: "unknown_key",
                    author: Some("a"),
                    committer: Some("c"),
                },
            };
            s.commit(&sha(i), &signed);
        }
    }
    let listed = fetch_pull_request_commits(&client(&fake), &target())
        .await
        .expect("commits");
    // Three pages of 100, of which GitHub serves at most 250 commits.
    assert_eq!(listed.len(), 250);
    assert_eq!(listed[0].sha, sha(0));
    assert!(!listed[0].verified);
    assert_eq!(listed[0].reason, "unsigned");
    assert_eq!(
        (
            listed[0].author_login.as_deref(),
            listed[0].committer_login.as_deref()
        ),
        (None, None)
    );
    assert!(listed[1].verified);
    assert_eq!(
        listed[1].account(),
        Some("Mai-Takahashi"),
        "web-flow: the author"
    );
    assert_eq!(listed[2].reason, "unknown_key");
    assert_eq!(listed[2].account(), Some("c"), "the committer's account");
    // One commit beyond the listing, by id; an id GitHub does not know is an error (422).
    let one = fetch_commit(&client(&fake), &target().repo, &sha(255))
        .await
        .expect("one commit");
    assert_eq!(one.sha, sha(255));
    let unknown = fetch_commit(&client(&fake), &target().repo, &"f".repeat(40))
        .await
        .expect_err("unknown commit");
    assert!(unknown.to_string().contains("No commit found"), "{unknown}");
    // Not a commit id: refused before any request.
    let before = fake.requests().await.len();
    assert!(
        fetch_commit(&client(&fake), &target().repo, "../../user")
            .await
            .is_err()
    );
    assert_eq!(fake.requests().await.len(), before);
    fake.assert_documented().await;
}
