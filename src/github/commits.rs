//! The pull request's commits with GitHub's verification of their signatures, fetched and
//! handed over as plain data ([`crate::history::CommitVerification`]). What a verification
//! proves (and for whom) is not decided here: the history checks decide
//! ([`crate::history::proof`]).

use serde::Deserialize;

use super::client::{Client, Error, Op, Permission};
use super::target::{Repo, Target};
use crate::history::CommitVerification;

/// A commit as `GET /repos/{owner}/{repo}/pulls/{n}/commits` lists it and `GET
/// /repos/{owner}/{repo}/commits/{ref}` returns it (only what is used).
#[derive(Deserialize)]
struct RawCommit {
    sha: String,
    commit: GitCommit,
    /// The GitHub account of the author's e-mail: a user, `{}` or null when none.
    #[serde(default)]
    author: Option<Account>,
    #[serde(default)]
    committer: Option<Account>,
}

#[derive(Deserialize)]
struct GitCommit {
    #[serde(default)]
    verification: Option<Verification>,
}

#[derive(Deserialize)]
struct Verification {
    verified: bool,
    #[serde(default)]
    reason: Option<String>,
}

#[derive(Deserialize)]
struct Account {
    #[serde(default)]
    login: Option<String>,
}

impl From<RawCommit> for CommitVerification {
    fn from(raw: RawCommit) -> CommitVerification {
        let (verified, reason) = match raw.commit.verification {
            Some(v) => (v.verified, v.reason.unwrap_or_default()),
            // An answer without the object says nothing verified.
            None => (false, "unreported".to_string()),
        };
        CommitVerification {
            sha: raw.sha,
            verified,
            reason,
            author_login: raw.author.and_then(|a| a.login),
            committer_login: raw.committer.and_then(|c| c.login),
        }
    }
}

/// GitHub lists at most this many commits of a pull request; later ones are asked for alone.
pub const PULL_REQUEST_COMMITS_LISTED: usize = 250;

/// The pull request's commits with their verification, all pages, in GitHub's order (at most
/// [`PULL_REQUEST_COMMITS_LISTED`]).
pub async fn fetch_pull_request_commits(
    client: &Client,
    target: &Target,
) -> Result<Vec<CommitVerification>, Error> {
    let op = Op::new(
        format!(
            "listing the commits of pull request #{} in {}",
            target.pr, target.repo
        ),
        Permission::PullRequestsRead,
    );
    let route = format!("{}/pulls/{}/commits", target.repo.route(), target.pr);
    let raw: Vec<RawCommit> = client.get_all(&op, &route).await?;
    Ok(raw.into_iter().map(CommitVerification::from).collect())
}

/// One commit with its verification, by id.
pub async fn fetch_commit(
    client: &Client,
    repo: &Repo,
    sha: &str,
) -> Result<CommitVerification, Error> {
    if sha.len() < 7 || sha.len() > 64 || !sha.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(Error::Input(format!("`{sha}` is not a commit id")));
    }
    let op = Op::new(
        format!("reading commit {sha} in {repo}"),
        Permission::ContentsRead,
    );
    let raw: RawCommit = client
        .get(&op, &format!("{}/commits/{sha}", repo.route()))
        .await?;
    Ok(raw.into())
}
