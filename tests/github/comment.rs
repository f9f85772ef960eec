//! The sticky comment: create, update, leave alone, find among many, survive races and failures.

use std::time::{Duration, Instant};

use tollgate::github::comment::{self, compose, marker};
use tollgate::github::{self, CommentAction, Error, ReportOptions};

use super::fake::{Fake, TOKEN};
use super::{client, target};

const ID: &str = "gate";

async fn upsert(fake: &Fake, body: &str) -> Result<github::StickyOutcome, Error> {
    comment::upsert(&client(fake), &target(), ID, body).await
}

/// Comments carrying our marker, as the fake stores them.
fn sticky_count(fake: &Fake) -> usize {
    fake.state()
        .comments
        .iter()
        .filter(|c| c.body.contains(&marker(ID)))
        .count()
}

#[tokio::test]
async fn first_run_creates_the_comment() {
    let fake = Fake::start("").await;
    let out = upsert(&fake, "## Report\nall clear\n")
        .await
        .expect("posted");
    assert_eq!(out.action, CommentAction::Created);
    assert!(!out.truncated && !out.recovered);
    {
        let state = fake.state();
        assert_eq!(state.comments.len(), 1);
        assert_eq!(
            state.comments[0].body,
            "<!-- tollgate:id=gate -->\n## Report\nall clear\n"
        );
    }
    assert_eq!(fake.count("POST").await, 1);
    fake.assert_documented().await;
}

#[tokio::test]
async fn a_changed_report_updates_the_comment_in_place() {
    let fake = Fake::start("").await;
    let id = fake
        .state()
        .seed("tollgate-bot", "User", &compose(ID, "old report\n").0);
    let out = upsert(&fake, "new report\n").await.expect("posted");
    assert_eq!(out.action, CommentAction::Updated);
    assert_eq!(out.comment_id, id);
    assert_eq!(fake.state().comments[0].body, compose(ID, "new report\n").0);
    assert_eq!(fake.count("POST").await, 0);
    assert_eq!(fake.count("PATCH").await, 1);
    fake.assert_documented().await;
}

#[tokio::test]
async fn an_unchanged_report_writes_nothing() {
    let fake = Fake::start("").await;
    fake.state().seed(
        "tollgate-bot",
        "User",
        &compose(ID, "same\n").0.replace('\n', "\r\n"),
    );
    let out = upsert(&fake, "same\n").await.expect("checked");
    assert_eq!(out.action, CommentAction::Unchanged);
    let calls = fake.calls().await;
    assert!(
        calls.iter().all(|(m, _)| m == "GET"),
        "only reads expected: {calls:?}"
    );
    fake.assert_documented().await;
}

#[tokio::test]
async fn the_sticky_comment_is_found_on_page_two_among_others_markers() {
    let fake = Fake::start("").await;
    let sticky = {
        let mut state = fake.state();
        for i in 0..120 {
            // Someone quoting our marker must not be mistaken for us.
            let body = if i == 3 {
                format!("{}\nI copied this", marker(ID))
            } else {
                format!("review remark {i}")
            };
            state.seed("mallory", "User", &body);
        }
        let sticky = state.seed("tollgate-bot", "User", &compose(ID, "old\n").0);
        for i in 0..30 {
            state.seed("alice", "User", &format!("later remark {i}"));
        }
        sticky
    };
    let out = upsert(&fake, "new\n").await.expect("posted");
    assert_eq!(out.action, CommentAction::Updated);
    assert_eq!(out.comment_id, sticky);
    let calls = fake.calls().await;
    assert_eq!(fake.count("POST").await, 0);
    let requests = fake.requests().await;
    let pages: Vec<String> = requests
        .iter()
        .filter(|r| r.url.path().ends_with("/comments") && r.method.as_str() == "GET")
        .map(|r| r.url.query().unwrap_or_default().to_string())
        .collect();
    assert_eq!(pages, ["per_page=100", "per_page=100&page=2"], "{calls:?}");
    let copied = fake
        .state()
        .comments
        .iter()
        .any(|c| c.body.contains("I copied this"));
    assert!(
        copied,
        "someone else's comment with the marker is left alone"
    );
    fake.assert_documented().await;
}

#[tokio::test]
async fn copies_left_by_races_are_deleted_keeping_the_oldest() {
    let fake = Fake::start("").await;
    let (oldest, _, _) = {
        let mut s = fake.state();
        let text = compose(ID, "report\n").0;
        (
            s.seed("tollgate-bot", "User", &text),
            s.seed("tollgate-bot", "User", &text),
            s.seed("tollgate-bot", "User", &text),
        )
    };
    // Another id is another comment: left alone.
    fake.state()
        .seed("tollgate-bot", "User", &compose("other", "x\n").0);
    let out = upsert(&fake, "report\n").await.expect("posted");
    assert_eq!(out.action, CommentAction::Unchanged);
    assert_eq!((out.comment_id, out.deleted), (oldest, 2));
    assert_eq!(sticky_count(&fake), 1);
    assert_eq!(fake.state().comments.len(), 2);
    assert_eq!(fake.count("DELETE").await, 2);
    fake.assert_documented().await;
}

#[tokio::test]
async fn a_502_after_the_comment_was_stored_leaves_exactly_one_comment() {
    let fake = Fake::start("").await;
    fake.state().fail_after_create = 1;
    let out = upsert(&fake, "report\n").await.expect("recovered");
    assert_eq!(out.action, CommentAction::Created);
    assert!(out.recovered, "the re-list found the comment");
    assert_eq!(sticky_count(&fake), 1);
    assert_eq!(fake.count("POST").await, 1, "the POST was not repeated");
    fake.assert_documented().await;
}

#[tokio::test]
async fn a_429_with_retry_after_is_waited_out_and_retried() {
    let fake = Fake::start("").await;
    fake.state().rate_limited = 1;
    let started = Instant::now();
    let out = upsert(&fake, "report\n")
        .await
        .expect("posted after waiting");
    assert_eq!(out.action, CommentAction::Created);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "retry-after honoured"
    );
    assert_eq!(sticky_count(&fake), 1);
    assert_eq!(
        fake.count("GET").await,
        4,
        "GET /user twice (the 429, then the retry), the list, and the list after creating"
    );
    fake.assert_documented().await;
}

#[tokio::test]
async fn an_exhausted_quota_403_waits_for_the_reset_and_is_not_a_permission_error() {
    let fake = Fake::start("").await;
    fake.state().quota_exhausted = 1;
    let started = Instant::now();
    let out = upsert(&fake, "report\n")
        .await
        .expect("posted after the reset");
    assert_eq!(out.action, CommentAction::Created);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited for x-ratelimit-reset"
    );
    assert_eq!(sticky_count(&fake), 1);
    fake.assert_documented().await;
}

#[tokio::test]
async fn a_request_without_an_answer_times_out_and_is_retried() {
    let fake = Fake::start("").await;
    fake.state().slow = 1;
    let options = tollgate::github::ClientOptions {
        api_url: fake.api_url(),
        request_timeout: Duration::from_millis(300),
        max_wait: Duration::from_secs(5),
        backoff: Duration::from_millis(10),
        ..Default::default()
    };
    let client = github::Client::new(Some(github::Token::new(TOKEN).expect("token")), options)
        .expect("client");
    let started = Instant::now();
    let out = comment::upsert(&client, &target(), ID, "report\n")
        .await
        .expect("posted after the timed-out GET was retried");
    assert_eq!(out.action, CommentAction::Created);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "did not wait for the slow answer"
    );
    assert_eq!(sticky_count(&fake), 1);
}

#[tokio::test]
async fn a_rate_limit_beyond_the_budget_gives_up_with_a_clear_message() {
    let fake = Fake::start("").await;
    fake.state().always = Some((429, "API rate limit exceeded".into()));
    let options = tollgate::github::ClientOptions {
        api_url: fake.api_url(),
        max_wait: Duration::from_millis(50),
        backoff: Duration::from_millis(10),
        ..Default::default()
    };
    let client = github::Client::new(Some(github::Token::new(TOKEN).expect("token")), options)
        .expect("client");
    let err = comment::upsert(&client, &target(), ID, "x")
        .await
        .expect_err("rate limited");
    assert!(matches!(err, Error::RateLimited { .. }), "{err}");
    assert!(err.to_string().contains("rate limited"), "{err}");
}

#[tokio::test]
async fn an_installation_token_finds_the_actions_bot_comment() {
    let fake = Fake::start("").await;
    let id = {
        let mut s = fake.state();
        s.me = None; // GET /user answers 403, as for GITHUB_TOKEN
        // A user who picked a look-alike login is not the bot.
        s.seed("github-actions[bot]", "User", &compose(ID, "fake\n").0);
        s.seed("github-actions[bot]", "Bot", &compose(ID, "old\n").0)
    };
    let out = upsert(&fake, "new\n").await.expect("posted");
    assert_eq!((out.action, out.comment_id), (CommentAction::Updated, id));
    fake.assert_documented().await;
}

#[tokio::test]
async fn an_oversized_report_is_cut_at_a_line_with_a_note() {
    let fake = Fake::start("").await;
    let body = "| projects/p/kpis.yaml | 12 | kpi-below-threshold | accuracy 0.71 < 0.80 |\n"
        .repeat(2_000);
    assert!(body.chars().count() > 65_536);
    let out = upsert(&fake, &body).await.expect("posted");
    assert!(out.truncated);
    let posted = fake.state().comments[0].body.clone();
    assert!(
        posted.chars().count() <= 65_536,
        "{}",
        posted.chars().count()
    );
    assert!(posted.contains("full report is in the job summary"));
    let before_note = posted.split("\n> **Truncated**").next().unwrap_or_default();
    assert!(before_note.ends_with("|\n"), "cut at a line boundary");
    fake.assert_documented().await;
}

#[tokio::test]
async fn enterprise_base_path_is_kept() {
    let fake = Fake::start("/api/v3").await;
    fake.state()
        .seed("tollgate-bot", "User", &compose(ID, "old\n").0);
    let out = upsert(&fake, "new\n").await.expect("posted");
    assert_eq!(out.action, CommentAction::Updated);
    let requests = fake.requests().await;
    assert!(
        requests
            .iter()
            .all(|r| r.url.path().starts_with("/api/v3/")),
        "{:?}",
        requests
            .iter()
            .map(|r| r.url.path().to_string())
            .collect::<Vec<_>>()
    );
    fake.assert_documented().await;
}

#[tokio::test]
async fn http_errors_say_what_to_do_and_never_show_the_token() {
    let cases = [
        (401, "Bad credentials", "invalid, expired or revoked"),
        (
            404,
            "Not Found",
            "does not exist, or the token has no access",
        ),
        (
            422,
            "Validation Failed: body is too long",
            "body is too long",
        ),
    ];
    for (status, message, expected) in cases {
        let fake = Fake::start("").await;
        fake.state().always = Some((status, message.into()));
        let err = upsert(&fake, "x").await.expect_err("fails");
        let text = err.to_string();
        assert!(text.contains(expected), "{status}: {text}");
        assert!(!text.contains(TOKEN), "{status}: token shown");
        assert!(
            !format!("{err:?}").contains(TOKEN),
            "{status}: token in Debug"
        );
    }
}

#[tokio::test]
async fn a_read_only_token_degrades_to_the_job_summary() {
    let fake = Fake::start("").await;
    fake.state().read_only = true;
    let dir = tempfile::tempdir().expect("tempdir");
    let summary = dir.path().join("summary.md");
    let options = ReportOptions {
        comment_id: ID.into(),
        check_run: None,
        summary_path: Some(summary.clone()),
        blocking: true,
        title: "1 error".into(),
    };
    let out = github::post_report(&client(&fake), &target(), "## Report\n", &[], &options)
        .await
        .expect("degraded, not failed");
    assert!(out.is_degraded());
    assert!(out.comment.is_none());
    assert!(
        out.degraded[0].contains("pull-requests: write"),
        "{}",
        out.degraded[0]
    );
    assert_eq!(
        std::fs::read_to_string(&summary).expect("summary"),
        "## Report\n"
    );
    assert!(fake.state().comments.is_empty());
    fake.assert_documented().await;
}

#[tokio::test]
async fn a_comment_that_only_quotes_the_marker_is_not_the_sticky_one() {
    let fake = Fake::start("").await;
    let other = {
        let mut s = fake.state();
        s.me = None; // the Actions bot, which other workflows post as too
        s.seed(
            "github-actions[bot]",
            "Bot",
            &format!("Preview deployed.\n{}\n", marker(ID)),
        )
    };
    let out = upsert(&fake, "report\n").await.expect("posted");
    assert_eq!(out.action, CommentAction::Created);
    assert_ne!(out.comment_id, other);
    {
        let state = fake.state();
        assert_eq!(state.comments.len(), 2);
        let kept = state.comments.iter().find(|c| c.id == other).expect("kept");
        assert!(kept.body.starts_with("Preview deployed."), "left untouched");
    }
    fake.assert_documented().await;
}

#[tokio::test]
async fn a_run_that_created_a_copy_beside_a_concurrent_one_deletes_its_own() {
    let fake = Fake::start("").await;
    // Another run of the workflow posts just before ours lands; neither saw the other's.
    fake.state().racing = Some("tollgate-bot".into());
    let out = upsert(&fake, "report\n").await.expect("posted");
    {
        let state = fake.state();
        assert_eq!(state.comments.len(), 1, "{:?}", state.comments);
        let survivor = &state.comments[0];
        assert_eq!(out.comment_id, survivor.id, "the older copy is kept");
        assert_eq!(survivor.body, compose(ID, "report\n").0);
    }
    assert_eq!(out.deleted, 1);
    assert_eq!(
        out.action,
        CommentAction::Unchanged,
        "it already says the same"
    );
    assert_eq!(fake.count("DELETE").await, 1);
    fake.assert_documented().await;
}
