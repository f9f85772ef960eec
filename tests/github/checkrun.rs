//! Check runs: conclusion, the 50-annotations-per-request limit, the output size limit.

use serde_json::Value;
use tollgate::github::checkrun::{self, CheckRunRequest, Conclusion};
use tollgate::report::annotations::{Annotation, AnnotationLevel};

use super::fake::Fake;
use super::{client, target};

fn annotation(i: u32) -> Annotation {
    Annotation {
        level: if i.is_multiple_of(2) {
            AnnotationLevel::Error
        } else {
            AnnotationLevel::Warning
        },
        file: Some(format!("projects/p{}/kpis.yaml", i % 3)),
        line: Some(i + 1),
        column: Some(3),
        end_line: None,
        end_column: None,
        title: Some("kpi-below-threshold".into()),
        message: format!("finding {i}"),
    }
}

fn request(n: u32, conclusion: Conclusion, summary: String) -> CheckRunRequest {
    CheckRunRequest {
        name: "tollgate".into(),
        head_sha: target().head_sha.expect("sha"),
        conclusion,
        title: "tollgate: 120 errors".into(),
        summary,
        annotations: (0..n).map(annotation).collect(),
    }
}

#[tokio::test]
async fn more_than_50_annotations_are_sent_in_batches_and_blocking_fails() {
    let fake = Fake::start("").await;
    let req = request(120, Conclusion::Failure, "## Report\n".into());
    let out = checkrun::create(&client(&fake), &target().repo, &req)
        .await
        .expect("created");
    assert_eq!((out.annotations, out.requests), (120, 3));
    {
        let state = fake.state();
        let run = &state.check_runs[0];
        assert_eq!(run.create["conclusion"], "failure");
        assert_eq!(run.create["status"], "completed");
        assert_eq!(run.create["head_sha"], Value::from(req.head_sha.clone()));
        assert_eq!(run.updates, 2);
        let messages: Vec<&str> = run
            .annotations
            .iter()
            .filter_map(|a| a["message"].as_str())
            .collect();
        let expected: Vec<String> = (0..120).map(|i| format!("finding {i}")).collect();
        assert_eq!(messages, expected, "all annotations, in order, once");
        assert_eq!(run.annotations[0]["annotation_level"], "failure");
    }
    let calls = fake.calls().await;
    let sizes: Vec<usize> = fake
        .requests()
        .await
        .iter()
        .map(|r| {
            serde_json::from_slice::<Value>(&r.body)
                .ok()
                .and_then(|b| b["output"]["annotations"].as_array().map(Vec::len))
                .unwrap_or(0)
        })
        .collect();
    assert_eq!(sizes, [50, 50, 20], "{calls:?}");
    assert_eq!(calls[1].0, "PATCH");
    fake.assert_documented().await;
}

#[tokio::test]
async fn clean_findings_succeed_and_a_huge_summary_is_cut_to_the_byte_limit() {
    let fake = Fake::start("").await;
    let summary = "| 設定 | résumé | ok |\n".repeat(5_000);
    assert!(summary.len() > 65_535);
    let out = checkrun::create(
        &client(&fake),
        &target().repo,
        &request(0, Conclusion::Success, summary),
    )
    .await
    .expect("created");
    assert!(out.truncated);
    assert_eq!(out.requests, 1);
    {
        let state = fake.state();
        let create = &state.check_runs[0].create;
        assert_eq!(create["conclusion"], "success");
        let sent = create["output"]["summary"].as_str().unwrap_or_default();
        assert!(sent.len() <= 65_535, "{}", sent.len());
        assert!(create["output"].get("annotations").is_none());
    }
    fake.assert_documented().await;
}
