//! Where a report goes: a repository, checked to be safe in a request path, and a pull request.

use super::client::Error;

/// A repository, `OWNER/NAME`, checked to hold only the characters GitHub allows so that it can be
/// put into a request path as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repo {
    /// The owner: a user or an organisation.
    pub owner: String,
    /// The repository's name.
    pub name: String,
}

impl Repo {
    /// Parses `OWNER/NAME`.
    pub fn parse(text: &str) -> Result<Repo, Error> {
        let bad = || {
            Error::Input(format!(
                "`{text}` is not a repository of the form OWNER/NAME"
            ))
        };
        let (owner, name) = text.trim().split_once('/').ok_or_else(bad)?;
        let ok = |s: &str| {
            !s.is_empty()
                && s != "."
                && s != ".."
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        };
        if !ok(owner) || !ok(name) {
            return Err(bad());
        }
        Ok(Repo {
            owner: owner.to_string(),
            name: name.to_string(),
        })
    }

    /// `/repos/OWNER/NAME`, the prefix of every repository route.
    pub fn route(&self) -> String {
        format!("/repos/{}/{}", self.owner, self.name)
    }
}

impl std::fmt::Display for Repo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.owner, self.name)
    }
}

/// The pull request a report is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The repository.
    pub repo: Repo,
    /// The pull request's number.
    pub pr: u64,
    /// The head commit of the pull request (`.pull_request.head.sha` of the event), which a check
    /// run is attached to. Not `GITHUB_SHA`: for pull requests that is the merge commit.
    pub head_sha: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repo_parses_and_refuses_path_tricks() {
        let r = Repo::parse("octo-org/gov.repo_1").expect("valid");
        assert_eq!(r.route(), "/repos/octo-org/gov.repo_1");
        for bad in [
            "", "a", "a/", "/b", "a/b/c", "a/..", "a b/c", "a/b?x=1", "a/b#",
        ] {
            assert!(Repo::parse(bad).is_err(), "{bad}");
        }
    }
}
