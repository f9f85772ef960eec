//! The audit trail: every governance-relevant event of every project, newest first, with the
//! commit that made it, who made it and how that is proven.
//!
//! One walk of the history (`trail.rs`, over the walker that parses only the file
//! versions a commit changed) turns each project's change into events: decisions recorded,
//! superseded, edited or removed; stage moves; recommendation changes (`event::events`, also the
//! HTML report's decision timeline); governance items added, agreed, rejected or waived,
//! approvers changed, waivers granted, KPI criteria registered, changed or removed, results
//! recorded with their pass/fail against the criteria of that commit, and open issues that block
//! a gate. Dates that pass (a review due, a waiver's expiry) are events too, placed where they
//! fell.
//!
//! Who made a change, and whether that is proven or only claimed by a commit e-mail, is decided
//! by [`super::proof`], the code the history checks use ([`Attribution`]). Filters
//! ([`Filter`]) only choose what is shown: the walk always starts at the first commit, so that
//! every event is judged on the same state whatever is shown. The events and options themselves
//! are defined in `event.rs`, the leaf the walk, the attribution and this entry point share.

use git2::Oid;
use serde::Serialize;

use super::error::HistoryError;
use super::repo::Repo;
use super::walk::Warning;
use crate::model::Date;

pub(crate) use super::event::day;
pub use super::event::{
    Attribution, Bound, Category, Entries, Entry, Event, Filter, KindFilter, LogOptions, Measured,
    ProofStatus, Recommend,
};

/// The audit trail.
#[derive(Clone, Debug, Serialize)]
pub struct Log {
    /// The commit the trail was read from (short id).
    pub head: String,
    /// Only the first-parent history was walked (the branch as merged).
    pub first_parent: bool,
    /// How many commits were read, to say how much history the trail rests on.
    pub commits_walked: usize,
    /// The date dates passing were judged up to.
    pub now: Date,
    /// Newest first.
    pub entries: Entries,
    /// File versions the walk could not use.
    pub warnings: Vec<Warning>,
}

/// Builds the audit trail of the commits reachable from `head`.
pub fn log(repo: &Repo, head: Oid, options: &LogOptions<'_>) -> Result<Log, HistoryError> {
    if repo.is_shallow() {
        return Err(HistoryError::Shallow);
    }
    let walked = super::trail::walk(repo, head, options)?;
    let mut entries = walked.entries;
    if let Some(project) = &options.project {
        entries = follow(entries, project);
    }
    if let Some(gate) = options.gate {
        entries.retain(|e| e.gate == Some(gate));
    }
    let since = resolve_bound(repo, options.filter.since.as_ref())?;
    let until = resolve_bound(repo, options.filter.until.as_ref())?;
    entries.retain(|e| options.filter.keeps(e, since.as_ref(), until.as_ref()));
    Ok(Log {
        head: head.to_string(),
        first_parent: options.first_parent,
        commits_walked: walked.commits,
        now: walked.now,
        entries,
        warnings: walked.warnings,
    })
}

/// A revision bound with what it takes to apply it: the commits it includes, and its date (for
/// dates passing, which no commit made).
struct Resolved {
    date: String,
    /// `None` for a date bound.
    commits: Option<std::collections::HashSet<String>>,
}

fn resolve_bound(repo: &Repo, bound: Option<&Bound>) -> Result<Option<Resolved>, HistoryError> {
    Ok(match bound {
        None => None,
        Some(Bound::Date(d)) => Some(Resolved {
            date: d.to_string(),
            commits: None,
        }),
        Some(Bound::Commit(oid)) => {
            let mut walk = repo.git.revwalk()?;
            walk.push(*oid)?;
            let mut commits = std::collections::HashSet::new();
            for c in walk {
                commits.insert(c?.to_string());
            }
            let info = repo.commit_info(*oid)?;
            Some(Resolved {
                date: info.date.get(..10).unwrap_or(&info.date).to_string(),
                commits: Some(commits),
            })
        }
    })
}

impl Filter {
    fn keeps(&self, e: &Entry, since: Option<&Resolved>, until: Option<&Resolved>) -> bool {
        if !self.kinds.is_empty() && !self.kinds.iter().any(|k| k.keeps(&e.event)) {
            return false;
        }
        if let Some(person) = &self.person {
            let by = e.by.as_deref();
            let made = by.is_some_and(|b| {
                b.person.as_deref() == Some(person.as_str()) || b.entitled.contains(person)
            });
            if !made && !e.event.names().contains(&person.as_str()) {
                return false;
            }
        }
        let lapse = e.event.is_lapse();
        if let Some(since) = since {
            let after = match (&since.commits, lapse) {
                (Some(commits), false) => !commits.contains(&e.commit.id),
                (Some(_), true) => e.date > since.date,
                (None, _) => e.date >= since.date,
            };
            if !after {
                return false;
            }
        }
        if let Some(until) = until {
            let before = match (&until.commits, lapse) {
                (Some(commits), false) => commits.contains(&e.commit.id),
                (Some(_), true) | (None, _) => e.date <= until.date,
            };
            if !before {
                return false;
            }
        }
        true
    }
}

/// Keeps the entries of one project, following renames back in time (entries newest first).
fn follow(entries: Entries, project: &str) -> Entries {
    let mut names = vec![project.to_string()];
    let mut kept = Vec::new();
    for e in entries {
        if names.contains(&e.project) {
            if let Event::ProjectRenamed { from } = &e.event {
                names.push(from.clone());
            }
            kept.push(e);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::repo::CommitInfo;
    use crate::model::{Gate, Status, Topic};

    fn entry(day: &str, event: Event, by: Option<Attribution>) -> Entry {
        Entry {
            commit: std::sync::Arc::new(CommitInfo {
                id: "a".repeat(40),
                short: "aaaaaaa".into(),
                date: format!("{day}T09:00:00+09:00"),
                author: "A".into(),
                email: "a@example.com".into(),
                summary: "s".into(),
                pr: None,
                committer_email: "a@example.com".into(),
                oid: Oid::ZERO_SHA1,
                parents: Vec::new(),
            }),
            date: day.into(),
            project: "p".into(),
            gate: Some(Gate::Poc),
            event,
            rationale: None,
            by: by.map(Box::new),
        }
    }

    fn agreed(approver: &str) -> Event {
        Event::GovernanceStatusChanged {
            item: "i".into(),
            topic: Topic::AuditLog,
            from: Some(Status::Pending),
            to: Status::Agreed,
            approver: approver.into(),
            waiver: None,
        }
    }

    fn by(person: Option<&str>, entitled: &[&str]) -> Attribution {
        Attribution {
            commit: "a".repeat(40),
            author: "A".into(),
            email: "a@example.com".into(),
            entitled: entitled.iter().map(|s| s.to_string()).collect(),
            status: ProofStatus::Claimed,
            person: person.map(String::from),
            proof: None,
            missing: None,
        }
    }

    #[test]
    fn kinds_parse_as_groups_or_exact_kinds() {
        assert_eq!(
            KindFilter::parse("signoff"),
            Some(KindFilter::Category(Category::Signoff))
        );
        assert_eq!(
            KindFilter::parse("waiver-expired"),
            Some(KindFilter::Exact("waiver-expired"))
        );
        assert_eq!(KindFilter::parse("signoffs"), None);
        // A waiver of an item is a sign-off and a waiver; of a rule, only a waiver.
        let item = Event::WaiverExpired {
            item: Some("i".into()),
            rule: None,
            expires: Date::default(),
        };
        let rule = Event::WaiverExpired {
            item: None,
            rule: Some("r".into()),
            expires: Date::default(),
        };
        assert!(KindFilter::Category(Category::Signoff).keeps(&item));
        assert!(!KindFilter::Category(Category::Signoff).keeps(&rule));
        assert!(KindFilter::Category(Category::Waiver).keeps(&rule));
        // Every kind is listed once, and an event's kind is one of them.
        let mut kinds = Event::KINDS.to_vec();
        kinds.sort_unstable();
        kinds.dedup();
        assert_eq!(kinds.len(), Event::KINDS.len());
        assert!(Event::KINDS.contains(&agreed("x").kind()));
        assert!(Event::KINDS.contains(&item.kind()));
    }

    #[test]
    fn person_keeps_what_they_made_were_entitled_to_or_are_named_in() {
        let filter = Filter {
            person: Some("sho".into()),
            ..Filter::default()
        };
        let keeps = |e: &Entry| filter.keeps(e, None, None);
        assert!(keeps(&entry("2026-01-02", agreed("sho"), None)));
        assert!(keeps(&entry(
            "2026-01-02",
            agreed("kenji"),
            Some(by(Some("sho"), &["kenji"]))
        )));
        assert!(keeps(&entry(
            "2026-01-02",
            agreed("kenji"),
            Some(by(None, &["sho"]))
        )));
        assert!(!keeps(&entry(
            "2026-01-02",
            agreed("kenji"),
            Some(by(Some("kenji"), &["kenji"]))
        )));
    }

    #[test]
    fn date_bounds_are_inclusive() {
        let filter = Filter::default();
        let bound = |d: &str| Resolved {
            date: d.into(),
            commits: None,
        };
        let e = entry("2026-01-02", agreed("sho"), None);
        assert!(filter.keeps(&e, Some(&bound("2026-01-02")), Some(&bound("2026-01-02"))));
        assert!(!filter.keeps(&e, Some(&bound("2026-01-03")), None));
        assert!(!filter.keeps(&e, None, Some(&bound("2026-01-01"))));
        // A revision bound: the commits in its history.
        let rev = Resolved {
            date: "2026-01-05".into(),
            commits: Some([e.commit.id.clone()].into_iter().collect()),
        };
        assert!(!filter.keeps(&e, Some(&rev), None));
        assert!(filter.keeps(&e, None, Some(&rev)));
    }
}
