//! `scripts/fetch-history.sh`: a shallow checkout (as actions/checkout makes by default) gets the
//! history of the pull request and its base, or the step fails with the fix; it is never checked
//! shallow in silence.

use std::path::Path;
use std::process::Output;

use tempfile::TempDir;

use crate::harness::{GitRepo, OWNER, POC, TECH};

use super::{run_script, text};

/// An origin with `main` (the example, then one more commit) and a pull request branch `pr`
/// from it, and a depth-1 clone of `pr` made over `file://`. Returns (origin, clone dir, base).
fn shallow_pull_request() -> (GitRepo, TempDir, String) {
    let origin = GitRepo::example();
    origin.append(&format!("{POC}/issues.yaml"), "# triaged weekly\n");
    let base = origin.commit("Note the triage rhythm", OWNER);
    origin.git(&["checkout", "-q", "-b", "pr"]);
    origin.append(&format!("{POC}/kpis.yaml"), "# reviewed\n");
    origin.commit("Review the KPIs", TECH);
    origin.git(&["checkout", "-q", "main"]);
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("file://{}", origin.path().display());
    let clone = dir.path().join("ws");
    origin.git(&[
        "clone",
        "-q",
        "--depth",
        "1",
        "--branch",
        "pr",
        &url,
        clone.to_str().expect("utf-8"),
    ]);
    (origin, dir, base)
}

fn git(repo: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(repo)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git runs");
    text(&out.stdout).trim().to_string()
}

fn fetch(clone: &Path, env: &[(&str, String)]) -> Output {
    let mut all = vec![
        ("GIT_CONFIG_NOSYSTEM", "1".to_string()),
        ("GIT_CONFIG_GLOBAL", "/dev/null".to_string()),
    ];
    all.extend(env.iter().cloned());
    run_script("fetch-history.sh", &[], clone, &all)
}

/// The codes of `tollgate check --format json` on the clone, as in a pull request into main.
fn check_codes(clone: &Path) -> Vec<String> {
    let out = crate::harness::tollgate()
        .args(["check", "--format", "json", "--now", "2026-11-28", "--root"])
        .arg(clone)
        .env("GITHUB_BASE_REF", "main")
        .output()
        .expect("ran");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", text(&out.stderr)));
    crate::harness::codes(&doc)
}

#[test]
fn a_shallow_checkout_gets_the_base_and_the_merge_base() {
    let (_origin, dir, base) = shallow_pull_request();
    let clone = dir.path().join("ws");
    assert_eq!(
        git(&clone, &["rev-parse", "--is-shallow-repository"]),
        "true"
    );
    // Control: checked shallow, the history checks are skipped (reported, not passed).
    assert!(
        check_codes(&clone).contains(&"history-unavailable".to_string()),
        "{:?}",
        check_codes(&clone)
    );

    let out = fetch(
        &clone,
        &[
            ("TOLLGATE_BASE_REF", "main".into()),
            ("TOLLGATE_BASE_SHA", base.clone()),
        ],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("the checkout is shallow: fetching the history"),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("merge base {base}")), "{stderr}");
    assert_eq!(
        git(&clone, &["rev-parse", "--is-shallow-repository"]),
        "false"
    );
    assert_eq!(git(&clone, &["rev-parse", "origin/main"]), base);
    let codes = check_codes(&clone);
    assert!(
        !codes.contains(&"history-unavailable".to_string()),
        "{codes:?}"
    );
}

#[test]
fn without_fetching_a_shallow_checkout_fails_with_the_fix() {
    let (_origin, dir, base) = shallow_pull_request();
    let clone = dir.path().join("ws");
    let out = fetch(
        &clone,
        &[
            ("TOLLGATE_FETCH_HISTORY", "false".into()),
            ("TOLLGATE_BASE_SHA", base),
        ],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("the checkout is shallow, so the history checks cannot run: set `fetch-depth: 0` on actions/checkout"),
        "{stderr}"
    );
    assert_eq!(
        git(&clone, &["rev-parse", "--is-shallow-repository"]),
        "true"
    );
}

#[test]
fn an_unreachable_remote_fails_with_the_fix() {
    let (origin, dir, base) = shallow_pull_request();
    let clone = dir.path().join("ws");
    drop(origin); // the remote's directory is gone
    let out = fetch(
        &clone,
        &[
            ("TOLLGATE_BASE_REF", "main".into()),
            ("TOLLGATE_BASE_SHA", base),
        ],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("its history could not be fetched from origin: set `fetch-depth: 0`"),
        "{stderr}"
    );
}

#[test]
fn a_full_checkout_is_left_alone_and_hostile_input_is_refused() {
    let (origin, _dir, base) = shallow_pull_request();
    let out = fetch(origin.path(), &[("TOLLGATE_BASE_SHA", base.clone())]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("fetching"), "{stderr}");
    assert!(stderr.contains("history complete"), "{stderr}");
    for (name, value) in [
        ("TOLLGATE_BASE_SHA", "HEAD; touch pwned"),
        ("TOLLGATE_BASE_REF", "--upload-pack=touch pwned"),
    ] {
        let out = fetch(origin.path(), &[(name, value.into())]);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", text(&out.stderr));
        assert!(!origin.file("pwned").exists());
    }
}
