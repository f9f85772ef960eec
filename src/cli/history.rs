//! What the commands that run the history checks (`check`, `comment`, `diff`, `log --verify`,
//! `report`) take from the environment: what started the run, and whether history is required.

use anyhow::Context;

use tollgate::history::Trigger;
use tollgate::model::SignoffProof;
use tollgate::pipeline::Environment;

/// The run's trigger, from `GITHUB_EVENT_NAME`, `GITHUB_BASE_REF` and the event file
/// (`GITHUB_EVENT_PATH`); [`Trigger::Local`] outside GitHub Actions.
pub fn trigger() -> anyhow::Result<Trigger> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let event =
        match var("GITHUB_EVENT_PATH") {
            Some(path) => Some(std::fs::read_to_string(&path).with_context(|| {
                format!("cannot read the event file {path} (GITHUB_EVENT_PATH)")
            })?),
            None => None,
        };
    Trigger::from_github(
        var("GITHUB_EVENT_NAME").as_deref(),
        var("GITHUB_BASE_REF").as_deref(),
        event.as_deref(),
    )
    .map_err(|why| anyhow::anyhow!("{why} (GITHUB_EVENT_PATH)"))
}

/// History is required with `--require-history` and always in GitHub Actions, where a merge
/// gate that passes without it could be walked around by checking out one commit.
pub fn required(flag: bool) -> bool {
    flag || std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true")
}

/// What proves a sign-off when tollgate.yaml has no `signoff_proof`: `verified` in GitHub
/// Actions, where the merge gate runs; `email` elsewhere (a local check is advice).
pub fn proof_default() -> SignoffProof {
    if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") {
        SignoffProof::Verified
    } else {
        SignoffProof::Email
    }
}

/// What the environment says about history: the trigger, whether history is required (`flag`
/// or GitHub Actions), and what proves a sign-off by default.
pub fn environment(require: bool) -> anyhow::Result<Environment> {
    Ok(Environment {
        trigger: trigger()?,
        require_history: required(require),
        proof_default: proof_default(),
    })
}
