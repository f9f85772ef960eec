//! Pull request reviews, fetched from the fake (all pages) and handed over as plain data; what
//! they prove is the history checks' decision (tested through `comment` in `signoff.rs`).

use tollgate::github::fetch_reviews;
use tollgate::history::ReviewState;

use super::fake::Fake;
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
