//! What a run compares with: in a pull request (or with `--base REV`) the base's policy judges
//! the change together with the head's (the stricter of the two), and only the projects whose
//! folders changed since the base are evaluated — all of them when a file outside the project
//! folders changed (people.yaml, tollgate.yaml, policies/, ...), or with `--all`.
//!
//! Time-based findings of unchanged projects (a waiver or a sign-off that expires) are not
//! looked for in a pull request; the run on the default branch (push, schedule) evaluates every
//! project and catches them.

use std::collections::BTreeSet;

use git2::Oid;

use crate::history::range::{self, RangeOptions};
use crate::history::scope::{self, Changes};
use crate::history::{HistoryError, Repo, Trigger, config_of};
use crate::policy::{self, Policy};
use crate::source::WorkTree;

use super::options::RunOptions;
use super::read::PolicyAtFailure;

/// The base a run compares with.
#[derive(Debug)]
pub struct Baseline {
    /// The base commit, abbreviated, and how it was chosen.
    pub label: String,
    /// What changed since it; `None` when every project is evaluated anyway (`--all`,
    /// `--project`).
    pub changes: Option<Changes>,
    /// The base's policy (`Err`: why it cannot be used).
    pub policy: Result<Policy, String>,
    /// With only project folders changed, the author and committer e-mails of the commits from
    /// the base to the head, which the history checks look up in people.yaml.
    emails: Vec<String>,
}

impl Baseline {
    /// The projects to load, when not all: those changed since the base.
    pub fn only_projects(&self) -> Option<BTreeSet<String>> {
        match &self.changes {
            Some(c) if c.repository_level.is_none() => Some(c.projects.clone()),
            _ => None,
        }
    }

    /// How far people.yaml is read ([`crate::load::LoadOptions::roster_keys`]): with only
    /// project folders changed it is the base's, so as far as the lookups need (the change's
    /// e-mails among them; the projects' references are added by the loader); `None`: whole.
    pub fn roster_keys(&self) -> Option<Vec<String>> {
        match &self.changes {
            Some(c) if c.repository_level.is_none() => Some(self.emails.clone()),
            _ => None,
        }
    }

    /// The policy that judges the change: the stricter of the base's and `head`.
    pub fn judge(&self, head: Policy) -> Policy {
        match &self.policy {
            Ok(base) => policy::stricter(base, head, &format!("<base {}>", self.short())),
            Err(_) => head,
        }
    }

    fn short(&self) -> &str {
        self.label.split(' ').next().unwrap_or_default()
    }

    /// What the run says about its scope on standard error (and in a comment).
    pub fn notes(&self, unread: usize) -> Vec<String> {
        let mut out = Vec::new();
        if let Err(why) = &self.policy {
            out.push(format!(
                "the policy at the base {} cannot be used ({why}); the change is judged by its own policy",
                self.label
            ));
        }
        match &self.changes {
            Some(c) if c.repository_level.is_none() => out.push(format!(
                "{unread} project(s) unchanged since {}, not re-evaluated (`--all` evaluates every project; the default branch's run catches what expires)",
                self.label
            )),
            Some(c) => out.push(format!(
                "every project evaluated: `{}` changed since {}, outside the project folders",
                c.repository_level.as_deref().unwrap_or_default(),
                self.label
            )),
            None => {}
        }
        out
    }
}

/// The base to compare with: `--base`, or in a pull request its merge base; `None` otherwise.
/// The change runs from there to `head` (the commit judged, in the repository already open for
/// it), or without one to the working tree. A base that cannot be read is an error when it was
/// asked for (`--base`) or history is required; otherwise `tell` hears why and every project is
/// evaluated.
pub fn baseline(
    opts: &RunOptions,
    head: Option<(&Repo, Oid)>,
    tell: &mut dyn FnMut(&str),
) -> Result<Option<Baseline>, HistoryError> {
    let in_pr = matches!(opts.env.trigger, Trigger::PullRequest { .. });
    if opts.base.is_none() && !in_pr {
        return Ok(None);
    }
    let found = (|| {
        let opened;
        let (repo, tip) = match head {
            Some(judged) => judged,
            None => {
                opened = Repo::open(opts.root)?;
                let tip = opened.head()?;
                (&opened, tip)
            }
        };
        let head = head.map(|(_, commit)| commit);
        let range = range::resolve(
            repo,
            tip,
            &RangeOptions {
                base: opts.base,
                since: None,
                trigger: &opts.env.trigger,
            },
        )?;
        let label = format!(
            "{} ({})",
            &range.base[..7.min(range.base.len())],
            range.rule
        );
        let changes = if opts.all || opts.project.is_some() {
            None
        } else {
            let projects_dir = match head {
                Some(commit) => config_of(&repo.source_at(commit)?).projects_dir,
                None => config_of(&WorkTree::open(opts.root)?).projects_dir,
            };
            Some(scope::changes_since(
                repo,
                range.base_oid,
                head,
                &projects_dir,
            )?)
        };
        let policy = base_policy(repo, range.base_oid, opts.max_file_bytes);
        let emails = match &changes {
            Some(c) if c.repository_level.is_none() => repo.emails_between(range.base_oid, tip)?,
            _ => Vec::new(),
        };
        Ok::<_, HistoryError>(Baseline {
            label,
            changes,
            policy,
            emails,
        })
    })();
    match found {
        Ok(b) => Ok(Some(b)),
        Err(e) if opts.base.is_some() || opts.env.require_history => Err(e),
        Err(e) => {
            tell(&format!(
                "the pull request's base cannot be read ({e}); every project is evaluated, by the working tree's policy alone"
            ));
            Ok(None)
        }
    }
}

/// The policy as the base commit has it.
fn base_policy(
    repo: &Repo,
    base: git2::Oid,
    max_file_bytes: Option<u64>,
) -> Result<Policy, String> {
    super::read::policy_at(repo, base, max_file_bytes).map_err(|e| match e {
        PolicyAtFailure::Unreadable(why) => why,
        PolicyAtFailure::Invalid(problems) => format!("{} problem(s) in it", problems.len()),
    })
}
