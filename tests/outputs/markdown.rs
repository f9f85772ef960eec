//! Every Markdown output — `check --format markdown`, `diff --format markdown`, the pull-request
//! comment, the job summary and the check run's summary — parsed as GitHub parses it: text from
//! the repository stays text.

#![allow(clippy::unwrap_used)]

use super::consumers::assert_markdown;
use super::scenarios::{BACKTICK_KEY, HOSTILE, HOSTILE_KEY, Scenario};

/// The user text each report shows, as written.
fn in_check() -> Vec<String> {
    vec![
        HOSTILE.to_string(),
        format!("Item {HOSTILE}"),
        format!("unknown key {HOSTILE_KEY} in a people file"),
        format!("unknown key `{BACKTICK_KEY}` in a people file"),
        "<builtin>/policies/default.yaml".to_string(),
    ]
}

fn in_diff() -> Vec<String> {
    vec![
        HOSTILE.to_string(),
        format!("KPI {HOSTILE}"),
        format!("Item {HOSTILE}"),
        format!("Why {HOSTILE}"),
    ]
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn check_markdown_shows_user_text_as_text() {
    for s in [Scenario::subfolder(), Scenario::outside_git()] {
        let run = s.run(&["check", "--format", "markdown"]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert_markdown(&run.stdout, &refs(&in_check()));
        // Locations are repository-relative, in code spans.
        assert!(
            run.stdout
                .contains(&format!("`{}", s.outbound("people.yaml:"))),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn diff_markdown_shows_user_text_as_text() {
    let s = Scenario::subfolder();
    let run = s.run(&["diff", "HEAD", "--format", "markdown"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_markdown(&run.stdout, &refs(&in_diff()));
}

#[test]
fn the_comment_body_is_safe_with_or_without_history() {
    for s in [Scenario::subfolder(), Scenario::outside_git()] {
        let run = s.run(&["comment", "--dry-run"]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert_markdown(&run.stdout, &refs(&in_check()));
    }
}

/// The comment, job summary and check run through `tollgate comment` as GitHub Actions runs it,
/// against the fake GitHub API: all three carry the same safe Markdown, and the check run's
/// annotations name files from the repository's top.
#[tokio::test]
async fn comment_job_summary_and_check_run_are_safe() {
    use crate::github::fake::{Fake, OWNER, REPO, TOKEN};

    let s = Scenario::subfolder();
    s.commit("Hostile edits");
    let fake = Fake::start("").await;
    let dir = tempfile::tempdir().unwrap();
    let event = serde_json::json!({
        "action": "synchronize",
        "number": 7,
        "pull_request": {
            "number": 7,
            "head": {"sha": "1".repeat(40), "repo": {"full_name": format!("{OWNER}/{REPO}")}},
            "base": {"sha": s.first.clone().unwrap(), "repo": {"full_name": format!("{OWNER}/{REPO}")}},
        }
    });
    std::fs::write(dir.path().join("event.json"), event.to_string()).unwrap();
    let summary = dir.path().join("summary.md");
    let out = crate::harness::tollgate()
        .arg("comment")
        .arg("--root")
        .arg(&s.root)
        .args([
            "--check-run",
            "--max-wait",
            "3",
            "--now",
            super::scenarios::NOW,
        ])
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_EVENT_PATH", dir.path().join("event.json"))
        .env("GITHUB_REPOSITORY", format!("{OWNER}/{REPO}"))
        .env("GITHUB_TOKEN", TOKEN)
        .env("GITHUB_API_URL", fake.api_url())
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = in_check();
    let (comment, check_summary, annotations) = {
        let state = fake.state();
        let run = &state.check_runs[0];
        (
            state.comments[0].body.clone(),
            run.create["output"]["summary"]
                .as_str()
                .unwrap()
                .to_string(),
            run.annotations.clone(),
        )
    };
    assert_markdown(&comment, &refs(&expected));
    assert_markdown(&check_summary, &refs(&expected));
    assert_markdown(
        &std::fs::read_to_string(&summary).unwrap(),
        &refs(&expected),
    );
    assert!(!annotations.is_empty());
    for a in &annotations {
        let path = a["path"].as_str().unwrap();
        assert!(
            s.base().join(path).is_file(),
            "check-run annotation names no file of the repository: {path}"
        );
    }
}
