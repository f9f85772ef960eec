//! Proof of sign-off: a governance item set to `agreed` in a pull request must be approved on
//! GitHub by its approver.
//!
//! The YAML says who the approver is (a person id); people.yaml gives their GitHub login. The
//! proof is either an APPROVED review on the pull request by that login, or a commit in the pull
//! request authored by the approver (the caller, which reads the git history, says so in
//! [`AgreedItem::committed_by_approver`]). Without either, `signoff-not-approved` is an error.
//!
//! Which review counts: a reviewer's *latest decisive* review, as GitHub itself judges a pull
//! request's approvals. APPROVED, CHANGES_REQUESTED and DISMISSED are decisive; COMMENTED (a
//! remark that leaves an approval standing) and PENDING (not submitted) are not. So an approval
//! followed by "changes requested", or dismissed, no longer counts.

use serde::Deserialize;

use super::Target;
use super::client::{Client, Error, Op, Permission};
use crate::findings::{Code, Finding, Location};
use crate::model::People;

/// A governance item the pull request changed to `status: agreed`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgreedItem {
    pub project: String,
    pub item_id: String,
    /// The approver's person id (governance.yaml `approver`).
    pub approver: String,
    /// Where the `status: agreed` is written, for the finding.
    pub location: Location,
    /// A commit of the pull request that changes this item is authored by the approver.
    pub committed_by_approver: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ReviewState {
    Approved,
    ChangesRequested,
    Commented,
    Dismissed,
    Pending,
    #[serde(other)]
    Other,
}

/// A pull request review, as `GET /repos/{owner}/{repo}/pulls/{n}/reviews` lists it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Review {
    pub id: u64,
    #[serde(default, deserialize_with = "login")]
    pub user: Option<String>,
    pub state: ReviewState,
    #[serde(default)]
    pub submitted_at: Option<String>,
    #[serde(default)]
    pub commit_id: Option<String>,
}

/// Every review of the pull request, all pages, in GitHub's (chronological) order.
pub async fn fetch_reviews(client: &Client, target: &Target) -> Result<Vec<Review>, Error> {
    let op = Op::new(
        format!(
            "listing the reviews of pull request #{} in {}",
            target.pr, target.repo
        ),
        Permission::PullRequestsRead,
    );
    let route = format!("{}/pulls/{}/reviews", target.repo.route(), target.pr);
    client.get_all(&op, &route).await
}

/// `signoff-not-approved` for each agreed item without its approver's approval or commit.
pub fn check_approvals(items: &[AgreedItem], reviews: &[Review], people: &People) -> Vec<Finding> {
    let mut findings = Vec::new();
    for item in items {
        if item.committed_by_approver {
            continue;
        }
        let finding = |message: String, help: &str| {
            Finding::new(Code::SignoffNotApproved, message)
                .at(item.location.clone())
                .project(item.project.clone())
                .help(help)
        };
        let Some(person) = people.get(&item.approver) else {
            findings.push(finding(
                format!(
                    "`{}` is set to agreed, but its approver `{}` is not in people.yaml",
                    item.item_id, item.approver
                ),
                "add the approver to people.yaml with their `github` login",
            ));
            continue;
        };
        let Some(login) = person.github.as_deref() else {
            findings.push(finding(
                format!(
                    "`{}` is set to agreed, but approver `{}` has no `github` login in \
                     people.yaml, so their approval cannot be verified",
                    item.item_id, item.approver
                ),
                "add `github: LOGIN` for the approver in people.yaml",
            ));
            continue;
        };
        let state = latest_decisive(reviews, login);
        if state == Some(ReviewState::Approved) {
            continue;
        }
        let why = match state {
            Some(ReviewState::ChangesRequested) => "requested changes in their latest review",
            Some(ReviewState::Dismissed) => "had their approval dismissed",
            _ => "has not approved this pull request",
        };
        findings.push(finding(
            format!(
                "`{}` is set to agreed, but approver {} (@{login}) {why}",
                item.item_id, person.name
            ),
            &format!(
                "ask @{login} to approve the pull request (or to commit the change themselves)"
            ),
        ));
    }
    findings
}

/// The latest APPROVED / CHANGES_REQUESTED / DISMISSED review by `login`.
fn latest_decisive(reviews: &[Review], login: &str) -> Option<ReviewState> {
    let mut theirs: Vec<&Review> = reviews
        .iter()
        .filter(|r| {
            r.user
                .as_deref()
                .is_some_and(|u| u.eq_ignore_ascii_case(login))
        })
        .filter(|r| {
            matches!(
                r.state,
                ReviewState::Approved | ReviewState::ChangesRequested | ReviewState::Dismissed
            )
        })
        .collect();
    // GitHub lists reviews oldest first; sort anyway (RFC 3339 UTC sorts as text, ids break ties).
    theirs.sort_by(|a, b| (&a.submitted_at, a.id).cmp(&(&b.submitted_at, b.id)));
    theirs.last().map(|r| r.state)
}

fn login<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    struct U {
        login: String,
    }
    Ok(Option::<U>::deserialize(d)?.map(|u| u.login))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Person;

    fn people() -> People {
        let person = |id: &str, github: Option<&str>| Person {
            id: id.into(),
            name: id.to_uppercase(),
            emails: vec![],
            github: github.map(str::to_string),
            department: None,
        };
        People::new(vec![
            person("legal", Some("Lee-Legal")),
            person("sec", Some("sam-sec")),
            person("nologin", None),
        ])
    }

    fn item(approver: &str) -> AgreedItem {
        AgreedItem {
            project: "p".into(),
            item_id: "g1".into(),
            approver: approver.into(),
            location: Location {
                file: "projects/p/governance.yaml".into(),
                line: 4,
                column: 13,
                pointer: "/items/0/status".into(),
            },
            committed_by_approver: false,
        }
    }

    fn review(id: u64, login: &str, state: ReviewState, at: &str) -> Review {
        Review {
            id,
            user: Some(login.into()),
            state,
            submitted_at: Some(at.into()),
            commit_id: None,
        }
    }

    #[test]
    fn approval_by_the_approver_is_proof() {
        let reviews = [
            review(
                1,
                "lee-legal",
                ReviewState::Approved,
                "2026-01-02T10:00:00Z",
            ),
            review(
                2,
                "lee-legal",
                ReviewState::Commented,
                "2026-01-02T11:00:00Z",
            ),
        ];
        assert!(check_approvals(&[item("legal")], &reviews, &people()).is_empty());
    }

    #[test]
    fn approval_by_someone_else_is_not() {
        let reviews = [review(
            1,
            "sam-sec",
            ReviewState::Approved,
            "2026-01-02T10:00:00Z",
        )];
        let f = check_approvals(&[item("legal")], &reviews, &people());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].code, Code::SignoffNotApproved);
        assert!(
            f[0].message.contains("@Lee-Legal) has not approved"),
            "{}",
            f[0].message
        );
        assert_eq!(f[0].location.as_ref().map(|l| l.line), Some(4));
    }

    #[test]
    fn changes_requested_or_dismissed_after_approval_withdraws_it() {
        let later = [
            review(
                1,
                "lee-legal",
                ReviewState::Approved,
                "2026-01-02T10:00:00Z",
            ),
            review(
                2,
                "lee-legal",
                ReviewState::ChangesRequested,
                "2026-01-02T12:00:00Z",
            ),
        ];
        let f = check_approvals(&[item("legal")], &later, &people());
        assert!(
            f[0].message.contains("requested changes"),
            "{}",
            f[0].message
        );
        let dismissed = [
            review(
                1,
                "lee-legal",
                ReviewState::Approved,
                "2026-01-02T10:00:00Z",
            ),
            review(
                2,
                "lee-legal",
                ReviewState::Dismissed,
                "2026-01-02T12:00:00Z",
            ),
        ];
        assert_eq!(
            check_approvals(&[item("legal")], &dismissed, &people()).len(),
            1
        );
        // Listed out of order: time decides, not position.
        let reordered = [later[1].clone(), later[0].clone()];
        assert_eq!(
            check_approvals(&[item("legal")], &reordered, &people()).len(),
            1
        );
    }

    #[test]
    fn a_commit_by_the_approver_is_proof_and_missing_logins_are_findings() {
        let mut committed = item("legal");
        committed.committed_by_approver = true;
        assert!(check_approvals(&[committed], &[], &people()).is_empty());
        let f = check_approvals(&[item("nologin"), item("ghost")], &[], &people());
        assert_eq!(f.len(), 2);
        assert!(f[0].message.contains("no `github` login"));
        assert!(f[1].message.contains("not in people.yaml"));
    }
}
