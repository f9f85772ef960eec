//! Who is proven to have made a change.
//!
//! A governance file can say anything: `status: agreed`, `approver: me`, a `criteria_changes`
//! entry with `changed_by: the-owner`. What the file cannot say is who wrote it. Nor can a git
//! author e-mail: it is whatever the committer typed (`git -c user.email=...`). What proves a
//! change is one [`Proof`]:
//!
//! - [`Proof::SignedCommit`]: the commit carries an SSH signature (`gpg.format=ssh`) by one of
//!   the person's `signing_keys` in people.yaml, in git's namespace, and is committed under one
//!   of the person's e-mails;
//! - [`Proof::VerifiedOnGitHub`]: GitHub reports the commit's signature as verified, for the
//!   person's GitHub account (the committer's; for commits GitHub itself made and signed in its
//!   web interface, the author's);
//! - [`Proof::ApprovingReview`]: in a pull request, the person's latest decisive review approves
//!   a commit after which the changed thing no longer changed (a review of an earlier commit is
//!   stale: it approved something else).
//!
//! A commit authored under the person's e-mail without any of these is a *claim*
//! ([`Verdict::Claimed`]): tollgate.yaml's `signoff_proof` decides whether a claim is an error
//! or a warning.
//!
//! People are identified by the roster ([`Roster`]) as it was at the base of the checked range:
//! otherwise a change could vouch for itself by adding its author's e-mail, GitHub login or
//! signing key to the approver's entry in people.yaml.
//!
//! [`Evidence::prove`] is the one place that decides.

use serde::{Deserialize, Serialize};

use super::error::HistoryError;
use super::repo::{CommitInfo, CommitSignature};
use crate::model::{People, Person};

/// A pull request review's state, as GitHub names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ReviewState {
    /// The reviewer approves.
    Approved,
    /// The reviewer asks for changes.
    ChangesRequested,
    /// A comment without a verdict.
    Commented,
    /// A review withdrawn.
    Dismissed,
    /// Not submitted yet.
    Pending,
    /// A state GitHub may add later.
    #[serde(other)]
    Other,
}

/// A pull request review as plain data (the GitHub layer fetches them; the history checks
/// decide what they prove).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Review {
    /// The reviewer's GitHub login.
    pub login: String,
    /// Its state.
    pub state: ReviewState,
    /// The commit the review was made on (the pull request's head at the time).
    pub commit_id: Option<String>,
    /// RFC 3339 (UTC), as GitHub gives it.
    pub submitted_at: Option<String>,
}

/// What GitHub says about a commit's signature, as plain data (the GitHub layer fetches it; the
/// history checks decide what it proves).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommitVerification {
    /// The commit id.
    pub sha: String,
    /// `commit.verification.verified`.
    pub verified: bool,
    /// `commit.verification.reason` (`valid`, `unsigned`, `unknown_key`, `bad_email`, ...).
    pub reason: String,
    /// The GitHub accounts GitHub matched to the author's and the committer's e-mail (`author`,
    /// `committer` of the commit object; `None` when the e-mail belongs to no account).
    pub author_login: Option<String>,
    /// The GitHub account matched to the committer's e-mail.
    pub committer_login: Option<String>,
}

/// The account GitHub uses as the committer of commits made in its web interface (which GitHub
/// signs itself).
pub const WEB_FLOW: &str = "web-flow";

impl CommitVerification {
    /// The account a verified signature binds the commit to: the committer's (GitHub checks the
    /// signature against the committer e-mail's account), or for a commit GitHub made and signed
    /// on a person's behalf in its web interface, the author's.
    pub fn account(&self) -> Option<&str> {
        match self.committer_login.as_deref() {
            Some(c) if c.eq_ignore_ascii_case(WEB_FLOW) => self.author_login.as_deref(),
            other => other,
        }
    }
}

/// What proves that a person made (or accepted) a change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Proof {
    /// The commit carries an SSH signature by one of the person's `signing_keys` and is
    /// committed under one of their e-mails.
    SignedCommit {
        /// The commit.
        commit: String,
        /// The key's SHA-256 fingerprint (`SHA256:…`).
        key: String,
        /// The person's e-mail it is committed under.
        email: String,
    },
    /// GitHub reports the commit's signature as verified for the person's GitHub account.
    #[serde(rename = "verified-on-github")]
    VerifiedOnGitHub {
        /// The commit (short id).
        commit: String,
        /// The GitHub account the signature binds it to.
        login: String,
    },
    /// The person's latest decisive review approves `commit`, and the changed thing is the
    /// same there as at the head.
    ApprovingReview {
        /// The reviewer's GitHub login.
        login: String,
        /// The commit the review approves.
        commit: String,
    },
}

/// What the evidence says about who made a change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// One of the people is proven to have made (or approved) it.
    Proven(Proof),
    /// Only the commit's author e-mail says it is `person`'s: a claim, since anyone can commit
    /// under any address. `why` says what would have proven it.
    Claimed {
        /// The person the e-mail names.
        person: String,
        /// What would have proven it.
        why: NoProof,
    },
    /// Nothing says it is any of the people's.
    Unproven(NoProof),
}

/// Why no proof was found, one clause per kind of evidence tried, for messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoProof {
    /// "by Daisuke Suzuki <daisuke.suzuki@example.com> (`suzuki-daisuke` in people.yaml)".
    pub author: String,
    /// Why the commit's signature does not prove it.
    pub signature: String,
    /// Whether the commit carries an SSH signature (then `signature` is worth saying even when
    /// the author is nobody entitled).
    pub signed: bool,
    /// Why GitHub's verification does not prove it; `None` when none was available.
    pub github: Option<String>,
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

    /// For a change by nobody entitled: the signature clause when the commit is signed (a
    /// signature that proves nothing says why), then the review clause.
    pub fn unproven_clause(&self) -> String {
        let signature = if self.signed {
            format!("; {}", self.signature)
        } else {
            String::new()
        };
        format!("{signature}{}", self.review_clause())
    }

    /// Everything that was tried and did not prove a claimed change, joined for a message.
    pub fn missing(&self) -> String {
        let mut parts = vec![self.signature.clone()];
        parts.extend(self.github.clone());
        parts.extend(self.review.clone());
        parts.join("; ")
    }
}

/// Who is who: people.yaml at the base of the checked range; people added since then are taken
/// from the current roster (nobody vouched for them before, and nobody else can be them).
#[derive(Clone, Copy, Debug, Default)]
pub struct Roster<'a> {
    /// people.yaml at the base of the checked range.
    pub base: Option<&'a People>,
    /// people.yaml now, for people added since the base.
    pub now: Option<&'a People>,
}

impl<'a> Roster<'a> {
    /// A person by id: their entry at the base when the base knew them, so that their
    /// `emails`, `github` and `signing_keys` are the ones vouched for before the change.
    pub fn person(&self, id: &str) -> Option<&'a Person> {
        match self.base.and_then(|b| b.get(id)) {
            Some(p) => Some(p),
            None => self.now.and_then(|n| n.get(id)),
        }
    }

    /// The person a git e-mail belongs to. An e-mail added since the base to someone the base
    /// already knew does not count.
    pub fn by_email(&self, email: &str) -> Option<&'a Person> {
        self.lookup(|p| p.by_email(email))
    }

    /// The person a GitHub login belongs to, with the same rule as [`Self::by_email`].
    pub fn by_github(&self, login: &str) -> Option<&'a Person> {
        self.lookup(|p| p.by_github(login))
    }

    fn lookup(&self, find: impl Fn(&'a People) -> Option<&'a Person>) -> Option<&'a Person> {
        if let Some(p) = self.base.and_then(&find) {
            return Some(p);
        }
        let p = find(self.now?)?;
        match self.base {
            Some(base) if base.get(&p.id).is_some() => None,
            _ => Some(p),
        }
    }
}

/// What changes can be proven against: the roster and, in a pull request, its reviews and
/// GitHub's verification of its commits.
#[derive(Clone, Copy, Debug, Default)]
pub struct Evidence<'a> {
    /// Who is who.
    pub people: Roster<'a>,
    /// `None` outside a pull request, or when the reviews could not be read.
    pub reviews: Option<&'a [Review]>,
    /// GitHub's verification of the pull request's commits; `None` outside GitHub or when it
    /// could not be read.
    pub verifications: Option<&'a [CommitVerification]>,
}

/// Whether the changed thing reads at a reviewed commit as it does at the head: `Ok(None)` when
/// the commit is not in the clone.
pub type Unchanged<'f> = dyn FnMut(&str) -> Result<Option<bool>, HistoryError> + 'f;

/// The git namespace of SSH signatures over commits and tags (`ssh-keygen -Y sign -n git`).
const GIT_NAMESPACE: &str = "git";

impl Evidence<'_> {
    /// Whether any of `people` (person ids) is proven to have made the change that `commit`
    /// made. Evidence is tried in order: the commit's SSH signature, GitHub's verification of
    /// it, then each person's review; failing all, an author e-mail of one of them is a claim.
    pub fn prove(
        &self,
        people: &[&str],
        commit: &CommitInfo,
        signature: &CommitSignature,
        unchanged: &mut Unchanged<'_>,
    ) -> Result<Verdict, HistoryError> {
        let signed = match self.signature_proof(people, commit, signature) {
            Ok(proof) => return Ok(Verdict::Proven(proof)),
            Err(why) => why,
        };
        let github = match self.github_proof(people, commit) {
            Some(Ok(proof)) => return Ok(Verdict::Proven(proof)),
            Some(Err(why)) => Some(why),
            None => None,
        };
        let review = match self.reviews {
            Some(reviews) => {
                let mut reasons = Vec::new();
                for id in people {
                    match self.review_proof(id, reviews, unchanged)? {
                        Ok(proof) => return Ok(Verdict::Proven(proof)),
                        Err(reason) => reasons.push(reason),
                    }
                }
                Some(reasons.join("; "))
            }
            None => None,
        };
        let author = self.people.by_email(&commit.email);
        let who = match author {
            Some(p) => format!("`{}` in people.yaml", p.id),
            None => "not in people.yaml".to_string(),
        };
        let why = NoProof {
            author: format!("by {} <{}> ({who})", commit.author, commit.email),
            signature: signed,
            signed: matches!(signature, CommitSignature::Ssh { .. }),
            github,
            review,
        };
        Ok(match author {
            Some(p) if people.contains(&p.id.as_str()) => Verdict::Claimed {
                person: p.id.clone(),
                why,
            },
            _ => Verdict::Unproven(why),
        })
    }

    /// An SSH signature by one of the person's `signing_keys`, over a commit committed under
    /// one of their e-mails; otherwise why not.
    fn signature_proof(
        &self,
        people: &[&str],
        commit: &CommitInfo,
        signature: &CommitSignature,
    ) -> Result<Proof, String> {
        let (armored, signed) = match signature {
            CommitSignature::Unsigned => return Err("the commit is not signed".to_string()),
            CommitSignature::Other { kind } => {
                return Err(format!(
                    "the commit carries an {kind} signature, which only GitHub's verification \
                     can vouch for (tollgate checks SSH signatures against `signing_keys` in \
                     people.yaml)"
                ));
            }
            CommitSignature::Ssh { armored, signed } => (armored, signed),
        };
        let sig = ssh_key::SshSig::from_pem(armored.trim().as_bytes())
            .map_err(|e| format!("the commit's SSH signature cannot be read ({e})"))?;
        let fingerprint = sig
            .public_key()
            .fingerprint(ssh_key::HashAlg::Sha256)
            .to_string();
        let mut reasons = Vec::new();
        for id in people {
            let Some(person) = self.people.person(id) else {
                reasons.push(format!("`{id}` is not in people.yaml"));
                continue;
            };
            if person.signing_keys.is_empty() {
                reasons.push(format!(
                    "the commit is signed with key {fingerprint}, but {} (`{id}`) has no \
                     `signing_keys` in people.yaml",
                    person.name
                ));
                continue;
            }
            let Some(key) = person
                .signing_keys
                .iter()
                .filter_map(|k| ssh_key::PublicKey::from_openssh(k).ok())
                .find(|k| k.key_data() == sig.public_key())
            else {
                reasons.push(format!(
                    "the commit is signed with key {fingerprint}, which is not one of the \
                     `signing_keys` of {} (`{id}`) in people.yaml",
                    person.name
                ));
                continue;
            };
            let committer = self.people.by_email(&commit.committer_email);
            if committer.map(|p| p.id.as_str()) != Some(*id) {
                reasons.push(format!(
                    "the commit is signed with the key of {} (`{id}`), but committed as <{}>, \
                     which is not one of their e-mails in people.yaml",
                    person.name, commit.committer_email
                ));
                continue;
            }
            match key.verify(GIT_NAMESPACE, signed, &sig) {
                Ok(()) => {
                    return Ok(Proof::SignedCommit {
                        commit: commit.id.clone(),
                        key: fingerprint,
                        email: commit.committer_email.clone(),
                    });
                }
                Err(e) => reasons.push(format!(
                    "the commit's signature by the key of {} (`{id}`) does not verify ({e})",
                    person.name
                )),
            }
        }
        Err(reasons.join("; "))
    }

    /// GitHub's verification, bound to one of the people's `github` login; `None` when GitHub's
    /// verification is not available.
    fn github_proof(&self, people: &[&str], commit: &CommitInfo) -> Option<Result<Proof, String>> {
        let verifications = self.verifications?;
        let Some(v) = verifications.iter().find(|v| v.sha == commit.id) else {
            return Some(Err(format!(
                "GitHub did not report on commit {}",
                commit.short
            )));
        };
        if !v.verified {
            return Some(Err(format!(
                "GitHub does not verify its signature (reason: `{}`)",
                v.reason
            )));
        }
        let Some(login) = v.account() else {
            return Some(Err(
                "GitHub verified its signature, but the committer e-mail belongs to no GitHub \
                 account"
                    .to_string(),
            ));
        };
        Some(match self.people.by_github(login) {
            Some(p) if people.contains(&p.id.as_str()) => Ok(Proof::VerifiedOnGitHub {
                commit: commit.id.clone(),
                login: login.to_string(),
            }),
            Some(p) => Err(format!(
                "GitHub verified it for @{login}, who is `{}` in people.yaml",
                p.id
            )),
            None => Err(format!(
                "GitHub verified it for @{login}, who is not in people.yaml"
            )),
        })
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
    use ssh_key::{HashAlg, LineEnding, PrivateKey, private::Ed25519Keypair};

    /// The JSON names of the proof kinds are the ones report.schema.json lists (serde's
    /// kebab-case would split "GitHub" into "git-hub").
    #[test]
    fn proof_kinds_serialize_as_the_schema_names_them() {
        let kinds = [
            Proof::SignedCommit {
                commit: "c".into(),
                key: "k".into(),
                email: "e".into(),
            },
            Proof::VerifiedOnGitHub {
                commit: "c".into(),
                login: "l".into(),
            },
            Proof::ApprovingReview {
                login: "l".into(),
                commit: "c".into(),
            },
        ]
        .map(|p| serde_json::to_value(&p).expect("serializes")["kind"].clone());
        assert_eq!(
            kinds,
            ["signed-commit", "verified-on-github", "approving-review"]
                .map(serde_json::Value::from)
        );
    }

    /// A deterministic ed25519 key (the seed repeated).
    fn key(seed: u8) -> PrivateKey {
        PrivateKey::from(Ed25519Keypair::from_seed(&[seed; 32]))
    }

    fn public(key: &PrivateKey) -> String {
        key.public_key().to_openssh().expect("encodes")
    }

    fn sign(key: &PrivateKey, namespace: &str, msg: &[u8]) -> CommitSignature {
        let sig = key
            .sign(namespace, HashAlg::Sha512, msg)
            .expect("signs")
            .to_pem(LineEnding::LF)
            .expect("encodes");
        CommitSignature::Ssh {
            armored: sig,
            signed: msg.to_vec(),
        }
    }

    fn person(id: &str, email: &str, github: Option<&str>, keys: &[&PrivateKey]) -> Person {
        Person {
            id: id.into(),
            name: id.to_uppercase(),
            emails: vec![email.into()],
            github: github.map(str::to_string),
            department: None,
            signing_keys: keys.iter().map(|k| public(k)).collect(),
        }
    }

    fn people() -> People {
        People::new(vec![
            person("legal", "legal@example.com", Some("Lee-Legal"), &[&key(1)]),
            person("sec", "sec@example.com", Some("sam-sec"), &[&key(2)]),
            person("nologin", "nl@example.com", None, &[]),
        ])
    }

    fn commit(author: &str, committer: &str) -> CommitInfo {
        CommitInfo {
            id: "c".repeat(40),
            short: "ccccccc".into(),
            date: "2026-11-01T10:00:00+09:00".into(),
            author: "Someone".into(),
            email: author.into(),
            summary: "Agree".into(),
            pr: None,
            committer_email: committer.into(),
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

    /// Everything one proof attempt takes.
    #[derive(Default)]
    struct Case<'a> {
        reviews: Option<&'a [Review]>,
        verifications: Option<&'a [CommitVerification]>,
        signature: Option<CommitSignature>,
        committer: Option<&'a str>,
        now: Option<&'a People>,
    }

    /// Proves `who` made a commit authored under `email`, where only commit `good` holds the
    /// head's version for reviews.
    fn prove_with(who: &str, email: &str, case: Case<'_>) -> Verdict {
        let people = people();
        let evidence = Evidence {
            people: Roster {
                base: Some(&people),
                now: case.now,
            },
            reviews: case.reviews,
            verifications: case.verifications,
        };
        let mut unchanged = |c: &str| Ok(if c == "gone" { None } else { Some(c == "good") });
        let signature = case.signature.unwrap_or(CommitSignature::Unsigned);
        evidence
            .prove(
                &[who],
                &commit(email, case.committer.unwrap_or(email)),
                &signature,
                &mut unchanged,
            )
            .expect("no git error")
    }

    fn prove(who: &str, email: &str, reviews: Option<&[Review]>) -> Verdict {
        prove_with(
            who,
            email,
            Case {
                reviews,
                ..Case::default()
            },
        )
    }

    fn why(verdict: Verdict) -> NoProof {
        match verdict {
            Verdict::Claimed { why, .. } | Verdict::Unproven(why) => why,
            Verdict::Proven(p) => panic!("proven: {p:?}"),
        }
    }

    #[test]
    fn the_authors_email_is_a_claim_not_a_proof() {
        match prove("legal", "LEGAL@example.com", None) {
            Verdict::Claimed { person, why } => {
                assert_eq!(person, "legal");
                assert_eq!(why.signature, "the commit is not signed");
                assert_eq!(why.missing(), "the commit is not signed");
            }
            other => panic!("{other:?}"),
        }
        let no = prove("legal", "sec@example.com", None);
        assert!(matches!(no, Verdict::Unproven(_)), "{no:?}");
        let no = why(no);
        assert!(no.author.contains("(`sec` in people.yaml)"), "{no:?}");
        assert_eq!(no.review, None);
        assert_eq!(no.unproven_clause(), "", "unsigned: nothing to add");
        let no = why(prove("legal", "x@elsewhere.example", None));
        assert!(no.author.contains("(not in people.yaml)"), "{no:?}");
    }

    #[test]
    fn a_signature_by_the_persons_listed_key_and_committer_email_proves_the_change() {
        let payload = b"tree 0000\nauthor legal\n\nAgree\n";
        let signed = |k: u8, ns: &str| Some(sign(&key(k), ns, payload));
        let proven = prove_with(
            "legal",
            "stranger@example.com",
            Case {
                signature: signed(1, "git"),
                committer: Some("Legal@Example.com"),
                ..Case::default()
            },
        );
        match proven {
            Verdict::Proven(Proof::SignedCommit { key: fp, email, .. }) => {
                assert!(fp.starts_with("SHA256:"), "{fp}");
                assert_eq!(email, "Legal@Example.com");
            }
            other => panic!("{other:?}"),
        }
        let cases: Vec<(Case<'_>, &str)> = vec![
            (
                Case {
                    signature: signed(3, "git"),
                    ..Case::default()
                },
                "which is not one of the `signing_keys` of LEGAL (`legal`)",
            ),
            (
                Case {
                    signature: signed(2, "git"),
                    ..Case::default()
                },
                "which is not one of the `signing_keys`",
            ),
            (
                Case {
                    signature: signed(1, "git"),
                    committer: Some("sec@example.com"),
                    ..Case::default()
                },
                "but committed as <sec@example.com>, which is not one of their e-mails",
            ),
            (
                Case {
                    signature: signed(1, "file"),
                    ..Case::default()
                },
                "does not verify",
            ),
            (
                Case {
                    signature: Some(match sign(&key(1), "git", payload) {
                        CommitSignature::Ssh { armored, .. } => CommitSignature::Ssh {
                            armored,
                            signed: b"tree 0000\nauthor mallory\n\nAgree\n".to_vec(),
                        },
                        other => other,
                    }),
                    ..Case::default()
                },
                "does not verify",
            ),
            (
                Case {
                    signature: Some(CommitSignature::Ssh {
                        armored: "-----BEGIN SSH SIGNATURE-----\nnot base64\n-----END SSH SIGNATURE-----\n"
                            .into(),
                        signed: payload.to_vec(),
                    }),
                    ..Case::default()
                },
                "cannot be read",
            ),
            (
                Case {
                    signature: Some(CommitSignature::Other { kind: "OpenPGP" }),
                    ..Case::default()
                },
                "carries an OpenPGP signature",
            ),
        ];
        for (case, want) in cases {
            let label = format!("{:?}", case.signature);
            match prove_with("legal", "legal@example.com", case) {
                Verdict::Claimed { why, .. } => {
                    assert!(why.signature.contains(want), "{label}: {}", why.signature)
                }
                other => panic!("{label}: {other:?}"),
            }
        }
        // Somebody without keys.
        let no = why(prove_with(
            "nologin",
            "nl@example.com",
            Case {
                signature: signed(1, "git"),
                committer: Some("nl@example.com"),
                ..Case::default()
            },
        ));
        assert!(no.signature.contains("has no `signing_keys`"), "{no:?}");
        assert!(no.unproven_clause().contains("has no `signing_keys`"));
    }

    #[test]
    fn a_key_added_since_the_base_proves_nothing_for_someone_the_base_knew() {
        let mallory = key(9);
        let mut later = people().people;
        later[0].signing_keys.push(public(&mallory));
        let now = People::new(later);
        let verdict = prove_with(
            "legal",
            "legal@example.com",
            Case {
                signature: Some(sign(&mallory, "git", b"payload")),
                now: Some(&now),
                ..Case::default()
            },
        );
        assert!(
            matches!(&verdict, Verdict::Claimed { why, .. } if why.signature.contains("not one of the `signing_keys`")),
            "{verdict:?}"
        );
    }

    fn verification(
        verified: bool,
        reason: &str,
        author: Option<&str>,
        committer: Option<&str>,
    ) -> CommitVerification {
        CommitVerification {
            sha: "c".repeat(40),
            verified,
            reason: reason.into(),
            author_login: author.map(str::to_string),
            committer_login: committer.map(str::to_string),
        }
    }

    #[test]
    fn githubs_verification_proves_a_change_for_the_account_it_binds_to() {
        let by = |v: CommitVerification| {
            let list = [v];
            prove_with(
                "legal",
                "legal@example.com",
                Case {
                    verifications: Some(&list),
                    ..Case::default()
                },
            )
        };
        assert!(matches!(
            by(verification(true, "valid", Some("x"), Some("lee-legal"))),
            Verdict::Proven(Proof::VerifiedOnGitHub { .. })
        ));
        // Made in GitHub's web interface: GitHub commits and signs; the author is the account.
        assert!(matches!(
            by(verification(
                true,
                "valid",
                Some("Lee-Legal"),
                Some("web-flow")
            )),
            Verdict::Proven(Proof::VerifiedOnGitHub { .. })
        ));
        let cases = [
            (
                verification(true, "valid", Some("lee-legal"), Some("sam-sec")),
                "GitHub verified it for @sam-sec, who is `sec` in people.yaml",
            ),
            (
                verification(true, "valid", Some("lee-legal"), Some("nobody")),
                "who is not in people.yaml",
            ),
            (
                verification(true, "valid", Some("lee-legal"), None),
                "belongs to no GitHub account",
            ),
            (
                verification(false, "unsigned", None, Some("lee-legal")),
                "GitHub does not verify its signature (reason: `unsigned`)",
            ),
            (
                verification(false, "bad_email", None, Some("lee-legal")),
                "(reason: `bad_email`)",
            ),
            (
                CommitVerification {
                    sha: "d".repeat(40),
                    ..verification(true, "valid", None, Some("lee-legal"))
                },
                "GitHub did not report on commit ccccccc",
            ),
        ];
        for (v, want) in cases {
            let label = format!("{v:?}");
            match by(v) {
                Verdict::Claimed { why, .. } => {
                    let github = why.github.clone().unwrap_or_default();
                    assert!(github.contains(want), "{label}: {github}");
                    assert!(why.missing().contains(want));
                }
                other => panic!("{label}: {other:?}"),
            }
        }
    }

    #[test]
    fn only_a_current_approval_by_the_person_proves_a_change() {
        let at = |h: u32| format!("2026-01-02T{h:02}:00:00Z");
        let approved = [review("lee-legal", ReviewState::Approved, &at(10), "good")];
        assert!(matches!(
            prove("legal", "sec@example.com", Some(&approved)),
            Verdict::Proven(Proof::ApprovingReview { .. })
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
            let no = why(prove("legal", "sec@example.com", Some(&reviews)));
            let reason = no.review.clone().unwrap_or_default();
            assert!(reason.contains(want), "{reviews:?}: {reason}");
        }
        // A comment after an approval leaves it standing.
        let commented = [
            review("lee-legal", ReviewState::Approved, &at(10), "good"),
            review("lee-legal", ReviewState::Commented, &at(11), "old"),
        ];
        assert!(matches!(
            prove("legal", "sec@example.com", Some(&commented)),
            Verdict::Proven(_)
        ));
    }

    #[test]
    fn identities_added_since_the_base_do_not_count_for_people_it_knew() {
        let base = people();
        let mut later = people().people;
        later[0].emails.push("mallory@example.com".into());
        later[0].github = Some("sam-sec".into());
        later[1].github = Some("mallory-gh".into());
        later.push(Person {
            id: "newcomer".into(),
            name: "New".into(),
            emails: vec!["new@example.com".into()],
            github: Some("new-gh".into()),
            department: None,
            signing_keys: Vec::new(),
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
        assert_eq!(roster.by_github("mallory-gh"), None);
        assert_eq!(
            roster.by_github("SAM-SEC").map(|p| p.id.as_str()),
            Some("sec")
        );
        assert_eq!(
            roster.person("legal").and_then(|p| p.github.as_deref()),
            Some("Lee-Legal")
        );
        assert_eq!(
            roster.by_email("new@example.com").map(|p| p.id.as_str()),
            Some("newcomer")
        );
        assert_eq!(
            roster.by_github("new-gh").map(|p| p.id.as_str()),
            Some("newcomer")
        );
        // The e-mail that arrived later for someone the base knew proves nothing.
        let evidence = Evidence {
            people: roster,
            ..Evidence::default()
        };
        let mut unchanged = |_: &str| Ok(Some(true));
        let got = evidence
            .prove(
                &["legal"],
                &commit("mallory@example.com", "mallory@example.com"),
                &CommitSignature::Unsigned,
                &mut unchanged,
            )
            .expect("no git error");
        assert!(matches!(got, Verdict::Unproven(_)), "{got:?}");
    }

    #[test]
    fn people_without_a_login_or_roster_entry_cannot_approve() {
        let none: [Review; 0] = [];
        let no = why(prove("nologin", "sec@example.com", Some(&none)));
        assert!(
            no.review
                .expect("reviews looked at")
                .contains("no `github` login")
        );
        let no = why(prove("ghost", "sec@example.com", Some(&none)));
        assert!(
            no.review
                .expect("reviews looked at")
                .contains("not in people.yaml")
        );
    }

    #[test]
    fn signature_headers_are_told_apart() {
        let ssh = CommitSignature::from_header(
            b"-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n",
            b"data",
        );
        assert!(matches!(ssh, CommitSignature::Ssh { .. }));
        assert_eq!(
            CommitSignature::from_header(b"-----BEGIN PGP SIGNATURE-----\n", b""),
            CommitSignature::Other { kind: "OpenPGP" }
        );
        assert_eq!(
            CommitSignature::from_header(b"-----BEGIN SIGNED MESSAGE-----\n", b""),
            CommitSignature::Other { kind: "X.509" }
        );
        assert_eq!(
            CommitSignature::from_header(b"garbage", b""),
            CommitSignature::Other {
                kind: "unrecognised"
            }
        );
    }
}
