//! `tollgate comment` through the binary, configured as GitHub Actions configures it.

use std::path::{Path, PathBuf};
use std::process::Output;

use tempfile::TempDir;

use super::fake::{Fake, OWNER, REPO, TOKEN};

const HEAD_SHA: &str = "1111111111111111111111111111111111111111";
const MERGE_SHA: &str = "9999999999999999999999999999999999999999";

/// A work dir with the example governance repository (valid, or with one blocking error), an
/// event file for pull request 7 and an empty summary path.
struct Workspace {
    dir: TempDir,
}

impl Workspace {
    fn new(blocking: bool) -> Workspace {
        let dir = tempfile::tempdir().expect("tempdir");
        crate::util::tollgate()
            .args(["init"])
            .arg(dir.path().join("repo"))
            .assert()
            .success();
        if blocking {
            let gov = dir
                .path()
                .join("repo/projects/support-reply-drafts/governance.yaml");
            let text = std::fs::read_to_string(&gov).expect("read");
            std::fs::write(&gov, text.replacen("status: agreed", "status: agred", 1))
                .expect("write");
        }
        // In Actions the history is required: the checkout is a repository with its history.
        let base = crate::gitrepo::commit_folder(&dir.path().join("repo"));
        let event = serde_json::json!({
            "action": "synchronize",
            "number": 7,
            "pull_request": {
                "number": 7,
                "head": {"sha": HEAD_SHA, "repo": {"full_name": format!("{OWNER}/{REPO}")}},
                "base": {"sha": base, "repo": {"full_name": format!("{OWNER}/{REPO}")}},
            }
        });
        std::fs::write(dir.path().join("event.json"), event.to_string()).expect("event");
        Workspace { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn summary(&self) -> String {
        std::fs::read_to_string(self.path("summary.md")).unwrap_or_default()
    }

    /// `tollgate comment --root repo ARGS` with the Actions environment pointing at `fake`.
    fn run(&self, fake: &Fake, token: &str, args: &[&str], stdin: Option<&str>) -> Output {
        let mut cmd = crate::util::tollgate();
        cmd.arg("comment")
            .arg("--root")
            .arg(self.path("repo"))
            .args(["--max-wait", "3", "--now", "2026-11-28"])
            .args(args)
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_EVENT_PATH", self.path("event.json"))
            .env("GITHUB_REPOSITORY", format!("{OWNER}/{REPO}"))
            .env("GITHUB_TOKEN", token)
            .env("GITHUB_API_URL", fake.api_url())
            .env("GITHUB_SHA", MERGE_SHA)
            .env("GITHUB_STEP_SUMMARY", self.path("summary.md"));
        if let Some(input) = stdin {
            cmd.write_stdin(input);
        }
        cmd.output().expect("ran")
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn assert_no_token(out: &Output) {
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(!stdout.contains(TOKEN), "token in stdout:\n{stdout}");
    assert!(!stderr.contains(TOKEN), "token in stderr:\n{stderr}");
    assert!(
        !stderr.contains("d1stinct1ve"),
        "token fragment in stderr:\n{stderr}"
    );
}

#[tokio::test]
async fn posts_the_comment_and_check_run_from_the_event() {
    let fake = Fake::start("").await;
    let ws = Workspace::new(false);
    std::fs::write(ws.path("body.md"), "## tollgate report\nall clear\n").expect("body");
    let body = ws.path("body.md");
    let out = ws.run(
        &fake,
        &format!("{TOKEN}\n"),
        &["--id", "gate", "--check-run", "--body-file", path(&body)],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("created"),
        "{}",
        text(&out.stderr)
    );
    assert_no_token(&out);
    {
        let state = fake.state();
        assert_eq!(state.comments.len(), 1);
        assert_eq!(
            state.comments[0].body,
            "<!-- tollgate:id=gate -->\n## tollgate report\nall clear\n"
        );
        let run = &state.check_runs[0];
        assert_eq!(
            run.create["head_sha"], HEAD_SHA,
            "the PR head, not GITHUB_SHA"
        );
        assert_eq!(run.create["conclusion"], "success");
    }
    assert_eq!(ws.summary(), "## tollgate report\nall clear\n");
    fake.assert_documented().await;

    // A second run with the same report writes nothing.
    let again = ws.run(
        &fake,
        TOKEN,
        &["--id", "gate", "--body-file", path(&body)],
        None,
    );
    assert_eq!(again.status.code(), Some(0), "{}", text(&again.stderr));
    assert!(text(&again.stderr).contains("unchanged"));
    assert_eq!(fake.count("POST").await, 2, "one comment, one check run");
    assert_eq!(fake.count("PATCH").await, 0);
}

#[tokio::test]
async fn body_from_stdin_and_blocking_findings_fail_the_check_run() {
    let fake = Fake::start("").await;
    let ws = Workspace::new(true);
    let out = ws.run(
        &fake,
        TOKEN,
        &["--check-run", "--body-file", "-"],
        Some("from stdin\n"),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    {
        let state = fake.state();
        assert!(state.comments[0].body.ends_with("from stdin\n"));
        let run = &state.check_runs[0];
        assert_eq!(run.create["conclusion"], "failure");
        // The misspelt status is the one failure; the example's pending items are warnings.
        let failures: Vec<_> = run
            .annotations
            .iter()
            .filter(|a| a["annotation_level"] == "failure")
            .collect();
        assert_eq!(failures.len(), 1, "{:?}", run.annotations);
        assert_eq!(
            failures[0]["path"],
            "projects/support-reply-drafts/governance.yaml"
        );
    }
    fake.assert_documented().await;
}

#[tokio::test]
async fn a_read_only_token_degrades_and_the_status_follows_the_findings() {
    for (blocking, status) in [(false, 0), (true, 1)] {
        let fake = Fake::start("").await;
        fake.state().read_only = true;
        let ws = Workspace::new(blocking);
        let out = ws.run(&fake, TOKEN, &[], None);
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        assert_eq!(out.status.code(), Some(status), "{stderr}");
        assert!(stderr.contains("warning:"), "{stderr}");
        assert!(stderr.contains("pull-requests: write"), "{stderr}");
        assert!(ws.summary().contains("tollgate:"), "job summary written");
        if blocking {
            assert!(
                stdout.contains("::error file=projects/support-reply-drafts/governance.yaml,line="),
                "{stdout}"
            );
        }
        assert_no_token(&out);
        assert!(fake.state().comments.is_empty());
        fake.assert_documented().await;
    }
}

#[tokio::test]
async fn an_invalid_token_is_reported_without_showing_it() {
    let fake = Fake::start("").await;
    fake.state().token = "ghs_the_right_one".into();
    let ws = Workspace::new(false);
    let out = ws.run(&fake, TOKEN, &["--check-run"], None);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("401"), "{stderr}");
    assert!(stderr.contains("invalid, expired or revoked"), "{stderr}");
    assert_no_token(&out);
    fake.assert_documented().await;
}

#[tokio::test]
async fn enterprise_api_url_keeps_its_path() {
    let fake = Fake::start("/api/v3").await;
    let ws = Workspace::new(false);
    let out = ws.run(&fake, TOKEN, &["--pr", "7"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(fake.state().comments.len(), 1);
    fake.assert_documented().await;
}

#[tokio::test]
async fn dry_run_prints_the_comment_and_sends_nothing() {
    let fake = Fake::start("").await;
    let ws = Workspace::new(false);
    let mut cmd = crate::util::tollgate();
    let out = cmd
        .args([
            "comment",
            "--dry-run",
            "--id",
            "main",
            "--body-file",
            "-",
            "--root",
        ])
        .arg(ws.path("repo"))
        .write_stdin("hello\n")
        .output()
        .expect("ran");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "<!-- tollgate:id=main -->\nhello\n");
    assert!(fake.requests().await.is_empty());
}

#[tokio::test]
async fn missing_token_or_repository_is_a_usage_error() {
    let fake = Fake::start("").await;
    let ws = Workspace::new(false);
    let out = ws.run(&fake, "", &[], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("GITHUB_TOKEN is not set"),
        "{}",
        text(&out.stderr)
    );
    let out = ws.run(&fake, TOKEN, &["--repo", "not a repo"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("OWNER/NAME"),
        "{}",
        text(&out.stderr)
    );
    assert!(fake.requests().await.is_empty());
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}
