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
        crate::harness::tollgate()
            .args(["init"])
            .arg(dir.path().join("repo"))
            .assert()
            .success();
        // In Actions the history is required: the checkout is a repository with its history.
        let base = crate::harness::commit_folder(&dir.path().join("repo"));
        // The pull request's change (left in the working tree): only a changed project is
        // evaluated in a pull request.
        if blocking {
            let gov = dir
                .path()
                .join("repo/projects/support-reply-drafts/governance.yaml");
            let text = std::fs::read_to_string(&gov).expect("read");
            std::fs::write(&gov, text.replacen("status: agreed", "status: agred", 1))
                .expect("write");
        }
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
        let mut cmd = self.command(fake, args);
        cmd.env("GITHUB_TOKEN", token);
        if let Some(input) = stdin {
            cmd.write_stdin(input);
        }
        cmd.output().expect("ran")
    }

    /// The command `run` runs, without `GITHUB_TOKEN`.
    fn command(&self, fake: &Fake, args: &[&str]) -> assert_cmd::Command {
        let mut cmd = crate::harness::tollgate();
        cmd.arg("comment")
            .arg("--root")
            .arg(self.path("repo"))
            .args(["--max-wait", "3", "--now", "2026-11-28"])
            .args(args)
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_EVENT_PATH", self.path("event.json"))
            .env("GITHUB_REPOSITORY", format!("{OWNER}/{REPO}"))
            .env("GITHUB_API_URL", fake.api_url())
            .env("GITHUB_SHA", MERGE_SHA)
            .env("GITHUB_STEP_SUMMARY", self.path("summary.md"));
        cmd
    }

    /// Replaces the event with one that has no pull request.
    fn non_pr_event(&self, name: &str) {
        let event = match name {
            "push" => serde_json::json!({"ref": "refs/heads/main", "after": HEAD_SHA}),
            _ => serde_json::json!({"ref": "refs/heads/main", "inputs": {}}),
        };
        std::fs::write(self.path("event.json"), event.to_string()).expect("event");
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
    let mut cmd = crate::harness::tollgate();
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
    let out = ws.command(&fake, &[]).output().expect("ran");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("GITHUB_TOKEN is not set"),
        "{}",
        text(&out.stderr)
    );
    // A secret that does not exist reaches the step as an empty value: said as such.
    for empty in ["", "  "] {
        let out = ws.run(&fake, empty, &[], None);
        assert_eq!(out.status.code(), Some(2));
        let stderr = text(&out.stderr);
        assert!(stderr.contains("GITHUB_TOKEN is set but empty"), "{stderr}");
        assert!(!stderr.contains("not set"), "{stderr}");
    }
    let out = ws.run(&fake, TOKEN, &["--repo", "not a repo"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("OWNER/NAME"),
        "{}",
        text(&out.stderr)
    );
    assert!(fake.requests().await.is_empty());
}

#[tokio::test]
async fn pr_flag_works_on_events_without_a_pull_request() {
    for event in ["push", "workflow_dispatch"] {
        let fake = Fake::start("").await;
        let ws = Workspace::new(false);
        ws.non_pr_event(event);
        let out = ws
            .command(&fake, &["--pr", "7", "--id", "gate"])
            .env("GITHUB_TOKEN", TOKEN)
            .env("GITHUB_EVENT_NAME", event)
            .output()
            .expect("ran");
        assert_eq!(out.status.code(), Some(0), "{event}: {}", text(&out.stderr));
        assert_eq!(fake.state().comments.len(), 1, "{event}");
        let calls = fake.calls().await;
        assert!(
            calls.contains(&(
                "POST".to_string(),
                format!("/repos/{OWNER}/{REPO}/issues/7/comments")
            )),
            "{calls:?}"
        );
        fake.assert_documented().await;

        // Without --pr the run says which event it is and what to pass.
        let out = ws
            .command(&fake, &[])
            .env("GITHUB_TOKEN", TOKEN)
            .env("GITHUB_EVENT_NAME", event)
            .output()
            .expect("ran");
        assert_eq!(out.status.code(), Some(2));
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains(&format!("this `{event}` event has no pull request"))
                && stderr.contains("--pr N"),
            "{stderr}"
        );
    }
}

#[tokio::test]
async fn pr_flag_naming_another_pull_request_does_not_take_this_events_head() {
    let fake = Fake::start("").await;
    let ws = Workspace::new(false);
    let out = ws.run(&fake, TOKEN, &["--pr", "8", "--check-run"], None);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("head commit"),
        "{}",
        text(&out.stderr)
    );
    assert!(fake.state().check_runs.is_empty());
}

#[tokio::test]
async fn a_failing_check_run_is_a_warning_and_the_status_follows_the_findings() {
    for (blocking, status) in [(false, 0), (true, 1)] {
        let fake = Fake::start("").await;
        fake.state().check_runs_fail = Some(502);
        let ws = Workspace::new(blocking);
        // `--all`: the unchanged project's warnings are annotations too.
        let out = ws.run(&fake, TOKEN, &["--check-run", "--all"], None);
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        assert_eq!(out.status.code(), Some(status), "{stderr}");
        assert!(
            stderr.contains("warning: the check run could not be written")
                && stderr.contains("502"),
            "{stderr}"
        );
        assert_eq!(
            fake.state().comments.len(),
            1,
            "the comment is still written"
        );
        // The annotations the check run would have carried are printed instead.
        assert!(stdout.contains("::warning file="), "{stdout}");
        assert_no_token(&out);
        fake.assert_documented().await;
    }
}

#[tokio::test]
async fn two_runs_started_at_once_leave_one_comment() {
    let fake = Fake::start("").await;
    // Neither run sees the other's comment before posting its own, as when both start at the
    // same moment, whichever way the two processes are scheduled.
    fake.state().unseen_posts = 2;
    let ws = Workspace::new(false);
    let mut runs: Vec<assert_cmd::Command> = (0..2)
        .map(|_| {
            let mut cmd = ws.command(&fake, &["--id", "gate"]);
            cmd.env("GITHUB_TOKEN", TOKEN);
            cmd
        })
        .collect();
    let outputs: Vec<Output> = std::thread::scope(|scope| {
        let started: Vec<_> = runs
            .iter_mut()
            .map(|cmd| scope.spawn(move || cmd.output().expect("ran")))
            .collect();
        started
            .into_iter()
            .map(|h| h.join().expect("joined"))
            .collect()
    });
    for out in &outputs {
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
    {
        let state = fake.state();
        let sticky = state
            .comments
            .iter()
            .filter(|c| c.body.starts_with("<!-- tollgate:id=gate -->"))
            .count();
        let ids: Vec<u64> = state.comments.iter().map(|c| c.id).collect();
        assert_eq!(sticky, 1, "comments left: {ids:?}");
    }
    assert_eq!(fake.count("POST").await, 2, "both runs created a comment");
    assert_eq!(fake.count("DELETE").await, 1, "the newer copy was deleted");
    fake.assert_documented().await;
}

#[tokio::test]
async fn summary_only_writes_reports_and_step_outputs_without_a_pull_request() {
    let fake = Fake::start("").await;
    let ws = Workspace::new(true);
    ws.non_pr_event("push");
    let (sarif, json) = (ws.path("tollgate.sarif"), ws.path("tollgate.json"));
    let out = ws
        .command(
            &fake,
            &[
                "--summary-only",
                "--sarif",
                path(&sarif),
                "--json",
                path(&json),
            ],
        )
        .env("GITHUB_EVENT_NAME", "push")
        .env("GITHUB_OUTPUT", ws.path("output"))
        .output()
        .expect("ran");
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(fake.requests().await.is_empty(), "nothing is sent");
    assert!(
        stdout.contains("::error file=projects/support-reply-drafts/governance.yaml"),
        "{stdout}"
    );
    assert!(ws.summary().contains("tollgate"), "job summary written");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("json written")).expect("JSON");
    let sarif_doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).expect("sarif written"))
            .expect("SARIF");
    assert_eq!(sarif_doc["version"], "2.1.0");
    let errors = report["summary"]["errors"].as_u64().expect("errors");
    let warnings = report["summary"]["warnings"].as_u64().expect("warnings");
    assert!(errors >= 1);
    let outputs = std::fs::read_to_string(ws.path("output")).expect("outputs written");
    assert_eq!(
        outputs,
        format!(
            "blocking=true\nerrors={errors}\nwarnings={warnings}\nsarif={}\njson={}\n",
            sarif.display(),
            json.display()
        )
    );
}

#[tokio::test]
async fn a_pull_request_run_writes_the_reports_and_step_outputs_too() {
    let fake = Fake::start("").await;
    let ws = Workspace::new(false);
    let sarif = ws.path("out.sarif");
    let out = ws
        .command(&fake, &["--sarif", path(&sarif)])
        .env("GITHUB_TOKEN", TOKEN)
        .env("GITHUB_OUTPUT", ws.path("output"))
        .output()
        .expect("ran");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(fake.state().comments.len(), 1);
    let outputs = std::fs::read_to_string(ws.path("output")).expect("outputs");
    assert!(
        outputs.starts_with("blocking=false\nerrors=0\nwarnings=")
            && outputs.ends_with(&format!("sarif={}\n", sarif.display())),
        "{outputs}"
    );
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).expect("sarif")).expect("JSON");
    assert_eq!(doc["version"], "2.1.0");
    fake.assert_documented().await;
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}
