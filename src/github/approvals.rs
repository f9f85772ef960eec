//! The pull request's reviews, fetched and handed over as plain data
//! ([`crate::history::Review`]). What a review proves is not decided here: the history checks
//! decide ([`crate::history::proof`]), because only the history can tell whether the reviewed
//! commit still holds what the head holds.

use serde::Deserialize;

use super::client::{Client, Error, Op, Permission};
use super::target::Target;
use crate::history::{Review, ReviewState};

/// A review as `GET /repos/{owner}/{repo}/pulls/{n}/reviews` lists it (only what is used).
#[derive(Deserialize)]
struct RawReview {
    #[serde(default)]
    user: Option<User>,
    state: ReviewState,
    #[serde(default)]
    submitted_at: Option<String>,
    #[serde(default)]
    commit_id: Option<String>,
}

#[derive(Deserialize)]
struct User {
    login: String,
}

/// Every review of the pull request, all pages, in GitHub's (chronological) order. Reviews of
/// deleted accounts (no user) cannot be anyone's approval and are left out.
pub async fn fetch_reviews(client: &Client, target: &Target) -> Result<Vec<Review>, Error> {
    let op = Op::new(
        format!(
            "listing the reviews of pull request #{} in {}",
            target.pr, target.repo
        ),
        Permission::PullRequestsRead,
    );
    let route = format!("{}/pulls/{}/reviews", target.repo.route(), target.pr);
    let raw: Vec<RawReview> = client.get_all(&op, &route).await?;
    Ok(raw
        .into_iter()
        .filter_map(|r| {
            Some(Review {
                login: r.user?.login,
                state: r.state,
                commit_id: r.commit_id,
                submitted_at: r.submitted_at,
            })
        })
        .collect())
}
