//! Answers from the network are input too: GitHub (or anything at `GITHUB_API_URL`) can ask to
//! wait longer than any clock can count. That is a wait beyond the budget, said as such, never
//! an overflow.

use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "ghs_hostileTEST_token_0a1b2c";

#[tokio::test]
async fn waits_beyond_any_duration_are_refused_without_overflowing() {
    let huge = u64::MAX.to_string();
    for (status, headers, said) in [
        (
            429,
            vec![("retry-after", huge.as_str())],
            format!("GitHub asks to wait {huge} s, beyond the retry budget"),
        ),
        (
            403,
            vec![
                ("x-ratelimit-remaining", "0"),
                ("x-ratelimit-reset", huge.as_str()),
            ],
            "beyond the retry budget".to_string(),
        ),
    ] {
        let server = MockServer::start().await;
        let mut answer = ResponseTemplate::new(status)
            .set_body_json(json!({"message": "API rate limit exceeded"}));
        for (name, value) in &headers {
            answer = answer.insert_header(*name, *value);
        }
        Mock::given(any()).respond_with(answer).mount(&server).await;

        let dir = tempfile::tempdir().expect("temporary directory");
        let repo = dir.path().join("repo");
        crate::harness::tollgate()
            .arg("init")
            .arg(&repo)
            .assert()
            .success();
        let out = crate::harness::tollgate()
            .args(["comment", "--repo", "octo-org/governance", "--pr", "7"])
            .args(["--now", "2026-11-28", "--root"])
            .arg(&repo)
            .env("GITHUB_TOKEN", TOKEN)
            .env("GITHUB_API_URL", server.uri())
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            matches!(out.status.code(), Some(0..=2)),
            "status {:?}: {stderr}",
            out.status
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(stderr.contains(&said), "want `{said}` in: {stderr}");
        assert!(!stderr.contains(TOKEN), "{stderr}");
    }
}
