//! Which commits a run checks: one rule, used by `check`, `comment`, `diff` (its default base)
//! and `log --verify`, so that they never disagree about the same repository.
//!
//! The range is `base..head`: what the base commit holds is the reference, taken as given, and
//! every commit after it on head's first-parent chain is checked. The base is, in this order:
//!
//! 1. a base given on the command line (`--history-base`, `log --verify --base`, `diff BASE`);
//! 2. in a pull request, the merge base of the pull request's base commit (the event's
//!    `pull_request.base.sha`, else `GITHUB_BASE_REF` as `origin/<ref>` or `<ref>`) with head;
//! 3. on a push, the event's `before` (its merge base with head, for a force push);
//! 4. otherwise — and for a push that created the branch (`before` all zeros) or whose `before`
//!    is not in the clone — tollgate.yaml's `history_since`, else the first commit of head's
//!    first-parent chain (the import the record starts from).
//!
//! Remote-tracking refs such as `origin/HEAD` are never the base outside a pull request: in a
//! fresh clone of the default branch `origin/HEAD` is HEAD, and a range from it would be empty.

use git2::Oid;
use serde::Serialize;

use super::error::HistoryError;
use super::repo::Repo;
use super::repo::short;

/// What started the run, as GitHub Actions describes it (the CLI reads the environment and the
/// event file; this is plain data).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Trigger {
    /// Not a pull request or a push: a person's run, or another kind of workflow event.
    #[default]
    Local,
    /// A `pull_request` or `pull_request_target` event (or `GITHUB_BASE_REF` set).
    PullRequest {
        /// `pull_request.base.sha` of the event.
        base_sha: Option<String>,
        /// `GITHUB_BASE_REF`: the target branch.
        base_ref: Option<String>,
    },
    /// A `push` event; `before` is `None` when the push created the branch.
    Push {
        /// The commit the branch pointed at before the push.
        before: Option<String>,
    },
}

impl Trigger {
    /// The trigger from `GITHUB_EVENT_NAME`, `GITHUB_BASE_REF` and the text of the event file
    /// (`GITHUB_EVENT_PATH`). `Err` says why the event file cannot be used.
    pub fn from_github(
        event_name: Option<&str>,
        base_ref: Option<&str>,
        event: Option<&str>,
    ) -> Result<Trigger, String> {
        let event: Option<serde_json::Value> = match event {
            Some(text) => Some(
                serde_json::from_str(text)
                    .map_err(|e| format!("the event file is not valid JSON: {e}"))?,
            ),
            None => None,
        };
        let text = |v: Option<&serde_json::Value>| {
            v.and_then(serde_json::Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let base_ref = base_ref
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_string);
        let name = event_name.map(str::trim).unwrap_or_default();
        let pull_request = event
            .as_ref()
            .and_then(|e| e.get("pull_request"))
            .filter(|p| p.is_object());
        if matches!(name, "pull_request" | "pull_request_target")
            || base_ref.is_some()
            || pull_request.is_some()
        {
            return Ok(Trigger::PullRequest {
                base_sha: text(pull_request.and_then(|p| p.pointer("/base/sha"))),
                base_ref,
            });
        }
        if name == "push" {
            let before = text(event.as_ref().and_then(|e| e.get("before")))
                .filter(|b| !b.chars().all(|c| c == '0'));
            return Ok(Trigger::Push { before });
        }
        Ok(Trigger::Local)
    }
}

/// The inputs of the range rule besides the repository.
#[derive(Clone, Debug)]
pub struct RangeOptions<'a> {
    /// A base given on the command line.
    pub base: Option<&'a str>,
    /// tollgate.yaml's `history_since`.
    pub since: Option<&'a str>,
    /// The event the run is for.
    pub trigger: &'a Trigger,
}

/// The commits a run checks: those after `base` up to `head`.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Range {
    /// The reference commit (its state is taken as given).
    pub base: String,
    /// The last commit checked.
    pub head: String,
    /// How the base was chosen, as a person would say it ("merge base with origin/main").
    pub rule: String,
    /// The base commit's id.
    #[serde(skip)]
    pub base_oid: Oid,
    /// The head commit's id.
    #[serde(skip)]
    pub head_oid: Oid,
}

/// Chooses the base for `head` by the rule in the module documentation.
pub fn resolve(repo: &Repo, head: Oid, options: &RangeOptions) -> Result<Range, HistoryError> {
    let (base, rule) = choose(repo, head, options)?;
    Ok(Range {
        base: base.to_string(),
        head: head.to_string(),
        rule,
        base_oid: base,
        head_oid: head,
    })
}

fn choose(repo: &Repo, head: Oid, options: &RangeOptions) -> Result<(Oid, String), HistoryError> {
    if let Some(rev) = options.base {
        return Ok((repo.resolve(rev)?, format!("base `{rev}` given")));
    }
    match options.trigger {
        Trigger::PullRequest { base_sha, base_ref } => {
            let target = pull_request_target(repo, base_sha.as_deref(), base_ref.as_deref())?;
            let base = repo.merge_base(target.0, head, &target.1)?;
            return Ok((base, format!("merge base with {}", target.1)));
        }
        Trigger::Push {
            before: Some(before),
        } => {
            // A `before` the clone lacks (history rewritten by a force push): check from the
            // start, as for a new branch, rather than trust a commit nobody can see.
            if let Ok(oid) = repo.resolve(before) {
                let base = repo.merge_base(oid, head, before)?;
                return Ok((base, format!("push after {}", short(oid))));
            }
        }
        Trigger::Push { before: None } | Trigger::Local => {}
    }
    if let Some(since) = options.since {
        let oid = repo.resolve(since).map_err(|e| match e {
            HistoryError::RevNotFound { rev, hint } => HistoryError::RevNotFound {
                rev,
                hint: format!("{hint} (tollgate.yaml `history_since`)"),
            },
            other => other,
        })?;
        return Ok((oid, format!("`history_since: {since}`")));
    }
    Ok((repo.first_commit(head)?, "first commit".to_string()))
}

/// The pull request's base branch tip: the event's base commit when the clone has it, else the
/// target branch by name.
fn pull_request_target(
    repo: &Repo,
    base_sha: Option<&str>,
    base_ref: Option<&str>,
) -> Result<(Oid, String), HistoryError> {
    if let Some(sha) = base_sha
        && let Ok(oid) = repo.resolve(sha)
    {
        return Ok((oid, format!("the pull request's base {}", short(oid))));
    }
    if let Some(r) = base_ref {
        let remote = format!("origin/{r}");
        if let Ok(oid) = repo.resolve(&remote) {
            return Ok((oid, remote));
        }
        return Ok((repo.resolve(r)?, r.to_string()));
    }
    Err(HistoryError::RevNotFound {
        rev: base_sha.unwrap_or("(none)").to_string(),
        hint: " (the pull request's base commit: the event names none the clone has, and \
               GITHUB_BASE_REF is not set)"
            .to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::Trigger;

    #[test]
    fn triggers_from_the_github_environment() {
        let pr =
            r#"{"pull_request":{"number":3,"base":{"sha":"abc1234"},"head":{"sha":"def5678"}}}"#;
        assert_eq!(
            Trigger::from_github(Some("pull_request"), Some("main"), Some(pr)),
            Ok(Trigger::PullRequest {
                base_sha: Some("abc1234".into()),
                base_ref: Some("main".into()),
            })
        );
        // An event file with a pull request is enough, and so is GITHUB_BASE_REF.
        assert!(matches!(
            Trigger::from_github(None, None, Some(pr)),
            Ok(Trigger::PullRequest { .. })
        ));
        assert_eq!(
            Trigger::from_github(None, Some("main"), None),
            Ok(Trigger::PullRequest {
                base_sha: None,
                base_ref: Some("main".into()),
            })
        );
        let push = r#"{"before":"1111111111111111111111111111111111111111","after":"2222222222222222222222222222222222222222"}"#;
        assert_eq!(
            Trigger::from_github(Some("push"), Some(""), Some(push)),
            Ok(Trigger::Push {
                before: Some("1".repeat(40)),
            })
        );
        let created = r#"{"before":"0000000000000000000000000000000000000000"}"#;
        assert_eq!(
            Trigger::from_github(Some("push"), None, Some(created)),
            Ok(Trigger::Push { before: None })
        );
        assert_eq!(
            Trigger::from_github(Some("workflow_dispatch"), None, Some("{}")),
            Ok(Trigger::Local)
        );
        assert_eq!(Trigger::from_github(None, None, None), Ok(Trigger::Local));
        assert!(Trigger::from_github(Some("push"), None, Some("not json")).is_err());
    }
}
