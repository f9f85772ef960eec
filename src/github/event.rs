//! The event GitHub Actions writes to `GITHUB_EVENT_PATH`.
//!
//! What we need from a `pull_request` event: the pull request's number and its head commit. The
//! head is `.pull_request.head.sha`, not `GITHUB_SHA`: for `pull_request` events `GITHUB_SHA` is
//! the temporary merge commit, which a check run attached to would not show on the pull request.
//! Other events (`push`, `workflow_dispatch`, `merge_group`, a schedule) carry no pull request:
//! reading them gives `None`, and the caller takes the number from `--pr`.

use std::path::Path;

use serde::Deserialize;

use super::client::Error;

/// What a `pull_request` event says about its pull request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PullRequestEvent {
    /// The pull request's number.
    pub number: u64,
    /// Its head commit, which a check run is attached to.
    pub head_sha: String,
    /// The base commit, when the event names it.
    pub base_sha: Option<String>,
    /// `owner/name` of the head repository: it differs from the base's for a pull request from a
    /// fork.
    pub head_repo: Option<String>,
    /// `owner/name` of the base repository.
    pub base_repo: Option<String>,
}

#[derive(Deserialize)]
struct Payload {
    pull_request: Option<Pr>,
}

#[derive(Deserialize)]
struct Pr {
    number: u64,
    head: Ref,
    #[serde(default)]
    base: Option<Ref>,
}

#[derive(Deserialize)]
struct Ref {
    sha: String,
    #[serde(default)]
    repo: Option<RepoRef>,
}

#[derive(Deserialize)]
struct RepoRef {
    full_name: String,
}

/// Reads and parses the event file; `None` for an event without a pull request.
pub fn read(path: &Path) -> Result<Option<PullRequestEvent>, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::Input(format!(
            "cannot read the event file {} (GITHUB_EVENT_PATH): {e}",
            path.display()
        ))
    })?;
    parse(&text).map_err(|m| Error::Input(format!("{} (GITHUB_EVENT_PATH): {m}", path.display())))
}

/// Parses an event payload: `None` when it has no `pull_request`; `Err` says what is wrong in a
/// sentence.
pub fn parse(json: &str) -> Result<Option<PullRequestEvent>, String> {
    let payload: Payload =
        serde_json::from_str(json).map_err(|e| format!("not a GitHub Actions event: {e}"))?;
    let Some(pr) = payload.pull_request else {
        return Ok(None);
    };
    let is_sha = |s: &str| s.len() >= 7 && s.chars().all(|c| c.is_ascii_hexdigit());
    if !is_sha(&pr.head.sha) {
        return Err(format!("`{}` is not a commit id", pr.head.sha));
    }
    Ok(Some(PullRequestEvent {
        number: pr.number,
        head_sha: pr.head.sha,
        base_sha: pr.base.as_ref().map(|b| b.sha.clone()),
        head_repo: pr.head.repo.map(|r| r.full_name),
        base_repo: pr.base.and_then(|b| b.repo).map(|r| r.full_name),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_number_and_head_sha() {
        let json = r#"{"action":"synchronize","number":7,"pull_request":{"number":7,
            "head":{"sha":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","repo":{"full_name":"fork/gov"}},
            "base":{"sha":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","repo":{"full_name":"org/gov"}}}}"#;
        let e = parse(json).expect("parsed").expect("a pull request");
        assert_eq!(e.number, 7);
        assert_eq!(e.head_sha, "a".repeat(40));
        assert_eq!(e.base_sha.as_deref(), Some("b".repeat(40).as_str()));
        assert_eq!(e.head_repo.as_deref(), Some("fork/gov"));
        assert_eq!(e.base_repo.as_deref(), Some("org/gov"));
    }

    #[test]
    fn events_without_a_pull_request_give_none() {
        assert_eq!(parse(r#"{"ref":"refs/heads/main"}"#), Ok(None));
        assert_eq!(parse(r#"{"inputs":{},"ref":"refs/heads/main"}"#), Ok(None));
        assert!(parse("not json").is_err());
        let bad_sha = r#"{"pull_request":{"number":1,"head":{"sha":"main; rm -rf /"}}}"#;
        assert!(
            parse(bad_sha)
                .expect_err("refused")
                .contains("not a commit id")
        );
    }
}
