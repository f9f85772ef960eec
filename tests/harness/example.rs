//! Facts about the example repository `tollgate init` writes, which the check tests edit: its
//! projects, the date every check is judged at, and edits several tests share.

use super::repo::Repo;

/// Every check is judged as of this date, so expiries and reviews are deterministic.
pub const NOW: &str = "2026-11-28";

/// The PoC project of the example repository.
pub const SUPPORT: &str = "support-reply-drafts";
/// The MVP project of the example repository.
pub const CONTRACT: &str = "contract-review-assist";

/// The support project's PoC accuracy result as the example writes it (156 of 200).
pub const ACCURACY_COUNTS: &str =
    "    successes: 156               # 156 of 200 drafts rated correct = 78%\n    n: 200\n";

/// Sets the support project's PoC accuracy result to `successes` of `n`.
pub fn set_accuracy(repo: &Repo, successes: u64, n: u64) {
    repo.pset(
        SUPPORT,
        "results.yaml",
        ACCURACY_COUNTS,
        &format!("    successes: {successes}\n    n: {n}\n"),
    );
}
