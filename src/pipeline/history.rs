//! Which commits the history checks read and what they weigh: the one place a run's
//! [`HistoryOptions`] are made, for `check`, `comment`, `log --verify` and `report` alike.

use crate::history::{CommitVerification, HistoryOptions, Review};
use crate::model::Date;
use crate::policy::Policy;

use super::options::Environment;

/// What GitHub says about a pull request, weighed by the history checks as proof of who made a
/// change: its reviews and its commits with GitHub's verification of their signatures, each
/// `None` when it could not be read (or there is no pull request).
#[derive(Clone, Copy, Debug, Default)]
pub struct Evidence<'a> {
    /// The pull request's reviews.
    pub reviews: Option<&'a [Review]>,
    /// The pull request's commits, as GitHub verified them.
    pub verifications: Option<&'a [CommitVerification]>,
}

/// The history checks' options: the range after `base` (or the trigger's default base, see
/// [`crate::history::range`]) up to HEAD and the working tree, judged with `policy`'s overrides
/// and waivers at `now`.
pub fn history_options<'a>(
    base: Option<&'a str>,
    env: &Environment,
    policy: &'a Policy,
    now: Date,
) -> HistoryOptions<'a> {
    HistoryOptions {
        base,
        trigger: env.trigger.clone(),
        head: None,
        reviews: None,
        verifications: None,
        proof_default: env.proof_default,
        require: env.require_history,
        adjust: Some((policy, now)),
    }
}
