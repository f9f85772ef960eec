//! Sign-offs and approvers: a governance item counts as agreed (or waived) only when the approver
//! entitled to agree it is proven to have made (or approved) the change, and an item's approver
//! changes only by the project owner or the previous approver.
//!
//! - The approver that counts for a sign-off is the one named *before* the commit that set the
//!   item to `agreed`: renaming the approver in that commit proves nothing.
//! - Changing an item's approver is itself a governance change (`approver-changed` unless the
//!   owner or the previous approver made it). Naming the approver of a new item counts as such a
//!   change once the item is agreed: only the owner can do it.
//! - A sign-off or approver change that exists only in the working tree has no author yet:
//!   `signoff-unverified` (a warning), to be checked when committed.
//!
//! Only the latest such change of each item still in force at the head is judged; proof comes
//! from [`super::proof`]. A change only the commit's author e-mail attributes to the entitled
//! person is a claim: `signoff-unproven`.

use super::error::HistoryError;
use super::integrity::Checker;
use super::proof::{NoProof, Verdict};
use super::repo::CommitInfo;
use super::track::{Change, Naming, Settlement, Track};
use super::walk::{ProjectFiles, Transition};
use crate::findings::{Code, Finding};
use crate::load::ProjectState;
use crate::model::{GovernanceItem, Status};

impl Checker<'_> {
    /// Remembers the step's sign-offs and approver changes (judged in [`Self::judge_governance`]).
    pub(super) fn governance(
        &mut self,
        at: Option<&CommitInfo>,
        is_new: bool,
        t: &Transition,
        track: &mut Track,
    ) {
        let Some(after) = &t.after.governance else {
            return;
        };
        let baseline = t.before.governance.as_ref().or(track.governance.as_ref());
        let before: &[GovernanceItem] = baseline.map(|g| g.items.as_slice()).unwrap_or_default();
        let change = Change {
            at: at.cloned(),
            is_new,
        };
        for item in &after.items {
            let was = before.iter().find(|b| b.id == item.id);
            if was.map(|w| &w.approver) != Some(&item.approver) {
                track.named.insert(
                    item.id.clone(),
                    Naming {
                        change: change.clone(),
                        from: was.map(|w| w.approver.clone()),
                        to: item.approver.clone(),
                    },
                );
            }
            if settled(item) && was.map(settlement_of) != Some(settlement_of(item)) {
                track.settled.insert(
                    item.id.clone(),
                    Settlement {
                        change: change.clone(),
                        approver: was.map_or(&item.approver, |w| &w.approver).clone(),
                    },
                );
            } else if !settled(item) {
                track.settled.remove(&item.id);
            }
        }
        track.governance = Some(after.clone());
    }

    /// Findings for the sign-offs and approver changes inside the range still in force at the
    /// head.
    pub(super) fn judge_governance(
        &mut self,
        state: &ProjectState,
        track: &Track,
    ) -> Result<(), HistoryError> {
        let Some(governance) = &state.governance else {
            return Ok(());
        };
        for (i, item) in governance.data.items.iter().enumerate() {
            let at = |field: &str| {
                self.head
                    .files
                    .value(&governance.path, &format!("/items/{i}/{field}"))
            };
            if let Some(n) = track.named.get(&item.id)
                && n.change.is_new
                && n.to == item.approver
                && (n.from.is_some() || item.status == Status::Agreed)
                && let Some(f) = self.naming(state, track, item, n)?
            {
                self.found.push(f.at(at("approver")).project(&state.id));
            }
            if settled(item)
                && let Some(s) = track.settled.get(&item.id)
                && s.change.is_new
                && let Some(f) = self.settlement(state, item, s)?
            {
                self.found.push(f.at(at("status")).project(&state.id));
            }
        }
        Ok(())
    }

    /// `approver-changed` (or `signoff-unverified`) for an approver change nobody entitled is
    /// proven to have made.
    fn naming(
        &self,
        state: &ProjectState,
        track: &Track,
        item: &GovernanceItem,
        n: &Naming,
    ) -> Result<Option<Finding>, HistoryError> {
        let what = match &n.from {
            Some(from) => format!(
                "the approver of `{}` was changed from `{from}` to `{}`",
                item.id, n.to
            ),
            None => format!(
                "`{}`, now agreed, was added naming `{}` as its approver",
                item.id, n.to
            ),
        };
        let Some(commit) = &n.change.at else {
            return Ok(Some(
                Finding::new(
                    Code::SignoffUnverified,
                    format!(
                        "{what} in the working tree (uncommitted); who made the change is \
                         checked when it is committed"
                    ),
                )
                .help(
                    "commit it as the project owner or the previous approver (or have one of \
                     them approve the pull request)",
                ),
            ));
        };
        let owner = track.owner.as_deref();
        let entitled: Vec<&str> = owner.into_iter().chain(n.from.as_deref()).collect();
        let to = n.to.clone();
        let approver_set = |f: &ProjectFiles| item_in(f, &item.id).map(|i| i.approver == to);
        let author = self.side_commit(commit, &state.id, &|b, a| {
            approver_set(a) == Some(true) && approver_set(b) != Some(true)
        })?;
        let no = match self.prove_item(&entitled, &author, &state.id, item)? {
            Verdict::Proven(_) => return Ok(None),
            Verdict::Claimed { person, why } => {
                let role = if Some(person.as_str()) == owner {
                    "the project owner"
                } else {
                    "the previous approver"
                };
                return Ok(Some(self.claimed(
                    &format!("{what} in commit {}{}", author.short, via(&author, commit)),
                    &person,
                    role,
                    &why,
                )));
            }
            Verdict::Unproven(no) => no,
        };
        let who = match (owner, &n.from) {
            (Some(o), Some(from)) => format!(
                "only the project owner `{o}` or the previous approver `{from}` can change it"
            ),
            (None, Some(from)) => format!("only the previous approver `{from}` can change it"),
            (Some(o), None) => {
                format!("only the project owner `{o}` can name the approver of a new item")
            }
            (None, None) => "only the project owner can name the approver of a new item".into(),
        };
        Ok(Some(
            Finding::new(
                Code::ApproverChanged,
                format!(
                    "{what} in commit {}{} {}{}; {who}",
                    author.short,
                    via(&author, commit),
                    no.author,
                    no.unproven_clause()
                ),
            )
            .help(format!(
                "a sign-off counts only from the approver entitled to give it: restore the \
                 approver, or have {} make (or approve) the change",
                match (owner, &n.from) {
                    (Some(o), Some(f)) => format!("the owner `{o}` or `{f}`"),
                    (Some(o), None) => format!("the owner `{o}`"),
                    (None, Some(f)) => format!("`{f}`"),
                    (None, None) => "the project owner".to_string(),
                }
            )),
        ))
    }

    /// `signoff-not-by-approver` / `signoff-not-approved` (or `signoff-unverified`) for an item
    /// set to agreed without proof from its approver.
    fn settlement(
        &self,
        state: &ProjectState,
        item: &GovernanceItem,
        s: &Settlement,
    ) -> Result<Option<Finding>, HistoryError> {
        let verb = match item.status {
            Status::Waived => "waived",
            _ => "set to agreed",
        };
        let Some(commit) = &s.change.at else {
            return Ok(Some(
                Finding::new(
                    Code::SignoffUnverified,
                    format!(
                        "`{}` is {} in the working tree (uncommitted), so who {} it cannot be \
                         told yet; it will be checked when it is committed",
                        item.id,
                        item.status.as_str(),
                        item.status.as_str()
                    ),
                )
                .help(format!(
                    "commit the sign-off as the approver `{}` (or have them approve the pull \
                     request)",
                    s.approver
                )),
            ));
        };
        let id = item.id.clone();
        let now = settlement_of(item);
        let reached = |f: &ProjectFiles| item_in(f, &id).map(settlement_of) == Some(now.clone());
        let author = self.side_commit(commit, &state.id, &|b, a| reached(a) && !reached(b))?;
        let what = format!(
            "`{}` was {verb} in commit {}{}",
            item.id,
            author.short,
            via(&author, commit)
        );
        let no: NoProof = match self.prove_item(&[&s.approver], &author, &state.id, item)? {
            Verdict::Proven(_) => return Ok(None),
            Verdict::Claimed { person, why } => {
                return Ok(Some(self.claimed(&what, &person, "its approver", &why)));
            }
            Verdict::Unproven(no) => no,
        };
        let approver = if s.approver == item.approver {
            format!("its approver is `{}`", s.approver)
        } else {
            format!("its approver before that commit was `{}`", s.approver)
        };
        let code = if no.review.is_some() {
            Code::SignoffNotApproved
        } else {
            Code::SignoffNotByApprover
        };
        Ok(Some(
            Finding::new(
                code,
                format!(
                    "{what} {}, but {approver}{}",
                    no.author,
                    no.unproven_clause()
                ),
            )
            .help(format!(
                "only the named approver can sign off: have `{}` author the change or approve the \
                 pull request after its last change to this item (their git e-mail and GitHub \
                 login as people.yaml gave them before this change)",
                s.approver
            )),
        ))
    }

    /// Whether one of `people` is proven to have made `commit`'s change to `item` (an approval
    /// counts when the item reads at the reviewed commit exactly as at the head).
    fn prove_item(
        &self,
        people: &[&str],
        commit: &CommitInfo,
        project: &str,
        item: &GovernanceItem,
    ) -> Result<Verdict, HistoryError> {
        let mut lookup = self.lookup();
        let mut unchanged = |id: &str| -> Result<Option<bool>, HistoryError> {
            let Some(oid) = self.known_commit(id) else {
                return Ok(None);
            };
            let there = lookup.project_at(oid, project)?;
            Ok(Some(item_in(&there, &item.id) == Some(item)))
        };
        self.prove(people, commit, &mut unchanged)
    }
}

/// Agreed or waived: what only the approver can make an item.
fn settled(item: &GovernanceItem) -> bool {
    matches!(item.status, Status::Agreed | Status::Waived)
}

/// What a sign-off settles: the status, and for a waiver its terms (a waiver extended or
/// reworded is granted anew).
fn settlement_of(item: &GovernanceItem) -> (Status, Option<crate::model::Waiver>) {
    let waiver = (item.status == Status::Waived)
        .then(|| item.waiver.clone())
        .flatten();
    (item.status, waiver)
}

fn item_in<'f>(files: &'f ProjectFiles, id: &str) -> Option<&'f GovernanceItem> {
    files
        .governance
        .as_ref()
        .and_then(|g| g.items.iter().find(|i| i.id == id))
}

/// " (merged in commit M)" when the change came through a merge commit.
fn via(author: &CommitInfo, commit: &CommitInfo) -> String {
    if author.id == commit.id {
        String::new()
    } else {
        format!(" (merged in commit {})", commit.short)
    }
}
