//! Who is proven to have made a change.
//!
//! A governance file can say anything: `status: agreed`, `approver: me`, a `criteria_changes`
//! entry with `changed_by: the-owner`. What the file cannot say is who wrote it. That comes from
//! outside the file, and each kind of evidence is one [`Proof`]:
//!
//! - [`Proof::AuthorEmail`]: the commit that made the change is authored under one of the
//!   person's e-mails in people.yaml;
//! - [`Proof::ApprovingReview`]: in a pull request, the person's latest decisive review approves
//!   a commit after which the changed thing no longer changed (a review of an earlier commit is
//!   stale: it approved something else).
//!
//! People are identified by the roster ([`Roster`]) as it was at the base of the checked range:
//! otherwise a change could vouch for itself by adding its author's e-mail or GitHub login to
//! the approver's entry in people.yaml.
//!
//! [`Evidence::prove`] is the one place that decides; new kinds of proof (signed commits,
//! GitHub-verified commits) are new variants tried there.

use serde::{Deserialize, Serialize};

use super::{CommitInfo, HistoryError};
use crate::model::{People, Person};

/// A pull request review's state, as GitHub names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
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

/// A pull request review as plain data (the GitHub layer fetches them; the history checks
/// decide what they prove).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Review {
    /// The reviewer's GitHub login.
    pub login: String,
    pub state: ReviewState,
    /// The commit the review was made on (the pull request's head at the time).
    pub commit_id: Option<String>,
    /// RFC 3339 (UTC), as GitHub gives it.
    pub submitted_at: Option<String>,
}

/// What proves that a person made (or accepted) a change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Proof {
    /// The commit is authored under one of the person's e-mails.
    AuthorEmail { commit: String, email: String },
    /// The person's latest decisive review approves `commit`, and the changed thing is the
    /// same there as at the head.
    ApprovingReview { login: String, commit: String },
}

/// Why no proof was found, one clause per kind of evidence tried, for messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoProof {
    /// "by Daisuke Suzuki <daisuke.suzuki@example.com> (`suzuki-daisuke` in people.yaml)".
    pub author: String,
    /// Why the reviews do not prove it; `None` when no reviews were available to look at.
    pub review: Option<String>,
}

impl NoProof {
    /// The review clause, prefixed for appending to a message ("; and ...").
    pub fn review_clause(&self) -> String {
        self.review
            .as_ref()
            .map(|r| format!(", and {r}"))
            .unwrap_or_default()
    }
}

/// Who is who: people.yaml at the base of the checked range; people added since then are taken
/// from the current roster (nobody vouched for them before, and nobody else can be them).
#[derive(Clone, Copy, Debug, Default)]
pub struct Roster<'a> {
    pub base: Option<&'a People>,
    pub now: Option<&'a People>,
}

impl<'a> Roster<'a> {
    /// A person by id.
    pub fn person(&self, id: &str) -> Option<&'a Person> {
        match self.base.and_then(|b| b.get(id)) {
            Some(p) => Some(p),
            None => self.now.and_then(|n| n.get(id)),
        }
    }

    /// The person a git author e-mail belongs to. An e-mail added since the base to someone the
    /// base already knew does not count.
    pub fn by_email(&self, email: &str) -> Option<&'a Person> {
        if let Some(p) = self.base.and_then(|b| b.by_email(email)) {
            return Some(p);
        }
        let p = self.now?.by_email(email)?;
        match self.base {
            Some(base) if base.get(&p.id).is_some() => None,
            _ => Some(p),
        }
    }
}

/// What changes can be proven against: the roster and, in a pull request, its reviews.
#[derive(Clone, Copy, Debug, Default)]
pub struct Evidence<'a> {
    pub people: Roster<'a>,
    /// `None` outside a pull request, or when the reviews could not be read.
    pub reviews: Option<&'a [Review]>,
}

/// Whether the changed thing reads at a reviewed commit as it does at the head: `Ok(None)` when
/// the commit is not in the clone.
pub type Unchanged<'f> = dyn FnMut(&str) -> Result<Option<bool>, HistoryError> + 'f;

impl Evidence<'_> {
    /// Whether any of `people` (person ids) is proven to have made the change that `commit`
    /// made. Evidence is tried in order: the commit's author, then each person's review.
    pub fn prove(
        &self,
        people: &[&str],
        commit: &CommitInfo,
        unchanged: &mut Unchanged<'_>,
    ) -> Result<Result<Proof, NoProof>, HistoryError> {
        let author = self.people.by_email(&commit.email);
        if let Some(person) = author
            && people.contains(&person.id.as_str())
        {
            return Ok(Ok(Proof::AuthorEmail {
                commit: commit.id.clone(),
                email: commit.email.clone(),
            }));
        }
        let who = match author {
            Some(p) => format!("`{}` in people.yaml", p.id),
            None => "not in people.yaml".to_string(),
        };
        let mut why = NoProof {
            author: format!("by {} <{}> ({who})", commit.author, commit.email),
            review: None,
        };
        let Some(reviews) = self.reviews else {
            return Ok(Err(why));
        };
        let mut reasons = Vec::new();
        for id in people {
            match self.review_proof(id, reviews, unchanged)? {
                Ok(proof) => return Ok(Ok(proof)),
                Err(reason) => reasons.push(reason),
            }
        }
        why.review = Some(reasons.join("; "));
        Ok(Err(why))
    }

    fn review_proof(
        &self,
        id: &str,
        reviews: &[Review],
        unchanged: &mut Unchanged<'_>,
    ) -> Result<Result<Proof, String>, HistoryError> {
        let Some(person) = self.people.person(id) else {
            return Ok(Err(format!("`{id}` is not in people.yaml")));
        };
        let Some(login) = person.github.as_deref() else {
            return Ok(Err(format!(
                "{} (`{id}`) has no `github` login in people.yaml, so no review of theirs can \
                 count",
                person.name
            )));
        };
        let Some(review) = latest_decisive(reviews, login) else {
            return Ok(Err(format!(
                "{} (@{login}) has not approved the pull request",
                person.name
            )));
        };
        let commit = match (review.state, review.commit_id.as_deref()) {
            (ReviewState::Approved, Some(commit)) => commit,
            (ReviewState::Approved, None) => {
                return Ok(Err(format!(
                    "the approval of {} (@{login}) names no commit",
                    person.name
                )));
            }
            (ReviewState::ChangesRequested, _) => {
                return Ok(Err(format!(
                    "{} (@{login}) requested changes in their latest review",
                    person.name
                )));
            }
            _ => {
                return Ok(Err(format!(
                    "the approval of {} (@{login}) was dismissed",
                    person.name
                )));
            }
        };
        let short: String = commit.chars().take(7).collect();
        Ok(match unchanged(commit)? {
            Some(true) => Ok(Proof::ApprovingReview {
                login: login.to_string(),
                commit: commit.to_string(),
            }),
            Some(false) => Err(format!(
                "{} (@{login}) approved commit {short}, but it changed after that commit (a \
                 stale approval)",
                person.name
            )),
            None => Err(format!(
                "{} (@{login}) approved commit {short}, which is not in this clone",
                person.name
            )),
        })
    }
}

/// The latest APPROVED / CHANGES_REQUESTED / DISMISSED review by `login`: a reviewer's latest
/// decisive review is what GitHub itself counts (a later comment leaves an approval standing; a
/// later request for changes or a dismissal withdraws it).
fn latest_decisive<'r>(reviews: &'r [Review], login: &str) -> Option<&'r Review> {
    let mut theirs: Vec<&Review> = reviews
        .iter()
        .filter(|r| r.login.eq_ignore_ascii_case(login))
        .filter(|r| {
            matches!(
                r.state,
                ReviewState::Approved | ReviewState::ChangesRequested | ReviewState::Dismissed
            )
        })
        .collect();
    // GitHub lists reviews oldest first; sort anyway (RFC 3339 UTC sorts as text; the sort is
    // stable, so the listing order breaks ties).
    theirs.sort_by(|a, b| a.submitted_at.cmp(&b.submitted_at));
    theirs.last().copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Person;

    fn people() -> People {
        let person = |id: &str, email: &str, github: Option<&str>| Person {
            id: id.into(),
            name: id.to_uppercase(),
            emails: vec![email.into()],
            github: github.map(str::to_string),
            department: None,
        };
        People::new(vec![
            person("legal", "legal@example.com", Some("Lee-Legal")),
            person("sec", "sec@example.com", Some("sam-sec")),
            person("nologin", "nl@example.com", None),
        ])
    }

    fn commit(email: &str) -> CommitInfo {
        CommitInfo {
            id: "c".repeat(40),
            short: "ccccccc".into(),
            date: "2026-11-01T10:00:00+09:00".into(),
            author: "Someone".into(),
            email: email.into(),
            summary: "Agree".into(),
            pr: None,
            oid: git2::Oid::ZERO_SHA1,
            parents: Vec::new(),
        }
    }

    fn review(login: &str, state: ReviewState, at: &str, commit: &str) -> Review {
        Review {
            login: login.into(),
            state,
            commit_id: Some(commit.into()),
            submitted_at: Some(at.into()),
        }
    }

    /// Proves with `reviews`, where only commit `good` holds the head's version.
    fn prove(who: &str, email: &str, reviews: Option<&[Review]>) -> Result<Proof, NoProof> {
        let people = people();
        let evidence = Evidence {
            people: Roster {
                base: Some(&people),
                now: None,
            },
            reviews,
        };
        let mut unchanged = |c: &str| Ok(if c == "gone" { None } else { Some(c == "good") });
        evidence
            .prove(&[who], &commit(email), &mut unchanged)
            .expect("no git error")
    }

    #[test]
    fn the_authors_email_proves_their_change() {
        assert!(matches!(
            prove("legal", "LEGAL@example.com", None),
            Ok(Proof::AuthorEmail { .. })
        ));
        let no = prove("legal", "sec@example.com", None).expect_err("not proven");
        assert!(no.author.contains("(`sec` in people.yaml)"), "{no:?}");
        assert_eq!(no.review, None);
        let no = prove("legal", "x@elsewhere.example", None).expect_err("not proven");
        assert!(no.author.contains("(not in people.yaml)"), "{no:?}");
    }

    #[test]
    fn only_a_current_approval_by_the_person_proves_a_change() {
        let at = |h: u32| format!("2026-01-02T{h:02}:00:00Z");
        let approved = [review("lee-legal", ReviewState::Approved, &at(10), "good")];
        assert!(matches!(
            prove("legal", "sec@example.com", Some(&approved)),
            Ok(Proof::ApprovingReview { .. })
        ));
        let cases: Vec<(Vec<Review>, &str)> = vec![
            (vec![], "has not approved"),
            (
                vec![review("sam-sec", ReviewState::Approved, &at(10), "good")],
                "has not approved",
            ),
            (
                vec![review("lee-legal", ReviewState::Approved, &at(10), "old")],
                "stale approval",
            ),
            (
                vec![review("lee-legal", ReviewState::Approved, &at(10), "gone")],
                "not in this clone",
            ),
            (
                vec![
                    review("lee-legal", ReviewState::Approved, &at(10), "good"),
                    review("lee-legal", ReviewState::ChangesRequested, &at(12), "good"),
                ],
                "requested changes",
            ),
            (
                vec![
                    review("lee-legal", ReviewState::Approved, &at(10), "good"),
                    review("lee-legal", ReviewState::Dismissed, &at(12), "good"),
                ],
                "was dismissed",
            ),
            // Listed out of order: time decides, not position.
            (
                vec![
                    review("lee-legal", ReviewState::ChangesRequested, &at(12), "good"),
                    review("lee-legal", ReviewState::Approved, &at(10), "good"),
                ],
                "requested changes",
            ),
        ];
        for (reviews, want) in cases {
            let no = prove("legal", "sec@example.com", Some(&reviews)).expect_err("not proven");
            let why = no.review.clone().unwrap_or_default();
            assert!(why.contains(want), "{reviews:?}: {why}");
        }
        // A comment after an approval leaves it standing.
        let commented = [
            review("lee-legal", ReviewState::Approved, &at(10), "good"),
            review("lee-legal", ReviewState::Commented, &at(11), "old"),
        ];
        assert!(prove("legal", "sec@example.com", Some(&commented)).is_ok());
    }

    #[test]
    fn identities_added_since_the_base_do_not_count_for_people_it_knew() {
        let base = people();
        let mut later = people().people;
        later[0].emails.push("mallory@example.com".into());
        later[0].github = Some("sam-sec".into());
        later.push(Person {
            id: "newcomer".into(),
            name: "New".into(),
            emails: vec!["new@example.com".into()],
            github: None,
            department: None,
        });
        let now = People::new(later);
        let roster = Roster {
            base: Some(&base),
            now: Some(&now),
        };
        assert_eq!(
            roster.by_email("sec@example.com").map(|p| p.id.as_str()),
            Some("sec")
        );
        assert_eq!(roster.by_email("mallory@example.com"), None);
        assert_eq!(
            roster.person("legal").and_then(|p| p.github.as_deref()),
            Some("Lee-Legal")
        );
        assert_eq!(
            roster.by_email("new@example.com").map(|p| p.id.as_str()),
            Some("newcomer")
        );
        // The e-mail that arrived later for someone the base knew proves nothing.
        later_email_is_not_enough(&roster);
    }

    fn later_email_is_not_enough(roster: &Roster<'_>) {
        let evidence = Evidence {
            people: *roster,
            reviews: None,
        };
        let mut unchanged = |_: &str| Ok(Some(true));
        let got = evidence
            .prove(&["legal"], &commit("mallory@example.com"), &mut unchanged)
            .expect("no git error");
        assert!(got.is_err(), "{got:?}");
    }

    #[test]
    fn people_without_a_login_or_roster_entry_cannot_approve() {
        let none: [Review; 0] = [];
        let no = prove("nologin", "sec@example.com", Some(&none)).expect_err("not proven");
        assert!(
            no.review
                .expect("reviews looked at")
                .contains("no `github` login")
        );
        let no = prove("ghost", "sec@example.com", Some(&none)).expect_err("not proven");
        assert!(
            no.review
                .expect("reviews looked at")
                .contains("not in people.yaml")
        );
    }
}
