//! Sign-off proof from pull request reviews, fetched from the fake (all pages).

use tollgate::findings::{Code, Location};
use tollgate::github::{AgreedItem, check_approvals, fetch_reviews};
use tollgate::model::{People, Person};

use super::fake::Fake;
use super::{client, target};

fn people() -> People {
    People::new(vec![
        Person {
            id: "takahashi-mai".into(),
            name: "Takahashi Mai".into(),
            emails: vec![],
            github: Some("mai-takahashi".into()),
            department: Some("legal".into()),
        },
        Person {
            id: "ito-naoki".into(),
            name: "Ito Naoki".into(),
            emails: vec![],
            github: Some("naoki-ito".into()),
            department: Some("security".into()),
        },
    ])
}

fn agreed() -> Vec<AgreedItem> {
    vec![AgreedItem {
        project: "support-reply-drafts".into(),
        item_id: "inquiry-data-use".into(),
        approver: "takahashi-mai".into(),
        location: Location {
            file: "projects/support-reply-drafts/governance.yaml".into(),
            line: 9,
            column: 13,
            pointer: "/items/0/status".into(),
        },
        committed_by_approver: false,
    }]
}

/// Seeds many unrelated reviews so that the decisive ones are on the second page.
async fn fake_with(reviews: &[(&str, &str)]) -> Fake {
    let fake = Fake::start("").await;
    {
        let mut s = fake.state();
        for _ in 0..105 {
            s.review("bystander", "COMMENTED");
        }
        for (login, state) in reviews {
            s.review(login, state);
        }
    }
    fake
}

async fn findings(fake: &Fake) -> Vec<tollgate::findings::Finding> {
    let reviews = fetch_reviews(&client(fake), &target())
        .await
        .expect("reviews");
    assert!(reviews.len() > 100, "all pages read");
    fake.assert_documented().await;
    check_approvals(&agreed(), &reviews, &people())
}

#[tokio::test]
async fn approval_by_the_approver_is_proof() {
    let fake = fake_with(&[
        ("MAI-TAKAHASHI", "APPROVED"),
        ("mai-takahashi", "COMMENTED"),
    ])
    .await;
    assert!(findings(&fake).await.is_empty());
}

#[tokio::test]
async fn approval_by_someone_else_is_not() {
    let fake = fake_with(&[("naoki-ito", "APPROVED")]).await;
    let f = findings(&fake).await;
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].code, Code::SignoffNotApproved);
    assert_eq!(f[0].project.as_deref(), Some("support-reply-drafts"));
}

#[tokio::test]
async fn changes_requested_after_approval_withdraws_it() {
    let fake = fake_with(&[
        ("mai-takahashi", "APPROVED"),
        ("mai-takahashi", "CHANGES_REQUESTED"),
    ])
    .await;
    let f = findings(&fake).await;
    assert_eq!(f.len(), 1);
    assert!(
        f[0].message.contains("requested changes"),
        "{}",
        f[0].message
    );
}
