//! One KPI measure: `diff` (the pull-request comment's body) and `log` judge a KPI exactly as
//! `check` does, with the confidence rule, `min_samples` and the dataset kinds that count.

#![allow(clippy::unwrap_used)]

use serde_json::Value;

use crate::harness::NOW;
use crate::harness::{GitRepo, MVP, OWNER, POC, TECH};

const ACCURACY_156: &str = "successes: 156               # 156 of 200 drafts rated correct = 78%";

/// The KPI row of a `check --format json` report.
fn check_status(repo: &GitRepo, project: &str, kpi: &str) -> Value {
    let doc = repo.json(&["check", "--format", "json", "--now", NOW]);
    doc["projects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == project)
        .and_then(|p| p["kpis"].as_array())
        .and_then(|k| k.iter().find(|r| r["kpi"] == kpi))
        .map(|r| r["status"].clone())
        .unwrap_or_else(|| panic!("no {kpi} in {project}: {doc}"))
}

/// The diff row of a KPI at a gate.
fn diff_row<'a>(diff: &'a Value, project: &str, kpi: &str, gate: &str) -> &'a Value {
    diff["projects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == project)
        .and_then(|p| p["kpis"].as_array())
        .and_then(|k| k.iter().find(|r| r["kpi"] == kpi && r["gate"] == gate))
        .unwrap_or_else(|| panic!("no {kpi} at {gate} in {project}: {diff}"))
}

#[test]
fn diff_and_its_markdown_judge_kpis_as_check_does() {
    let repo = GitRepo::example();
    // 150 of 200 is 75%, above 70 as a point value, but the Wilson lower bound (68.6%) is not.
    repo.edit(
        &format!("{POC}/kpis.yaml"),
        "confidence: point",
        "confidence: wilson-95",
    );
    repo.edit(
        &format!("{POC}/results.yaml"),
        ACCURACY_156,
        "successes: 150",
    );
    // 8 survey answers, where the criteria ask for at least 10.
    repo.edit(
        &format!("{MVP}/results.yaml"),
        "    value: 4.1\n    n: 12\n",
        "    value: 4.1\n    n: 8\n",
    );
    // The MVP correction rate measured on test data does not count at the MVP gate.
    repo.edit(
        &format!("{MVP}/results.yaml"),
        "successes: 14                # 14 of 400 proposals rewritten = 3.5%; Wilson upper bound about 5.8%\n    n: 400\n    dataset:\n      id: contract-archive-2025-sample\n      kind: production-like",
        "successes: 14\n    n: 400\n    dataset:\n      id: contract-archive-2025-sample\n      kind: test",
    );

    let diff = repo.json(&["diff", "--format", "json", "--now", NOW]);
    let accuracy = diff_row(&diff, "support-reply-drafts", "answer-accuracy", "poc");
    assert_eq!(accuracy["before"]["status"], "pass");
    assert_eq!(accuracy["after"]["status"], "fail", "{accuracy}");
    assert_eq!(accuracy["after"]["pass"], false);
    assert_eq!(accuracy["after"]["value"], 75.0);
    assert_eq!(
        accuracy["after"]["status"],
        check_status(&repo, "support-reply-drafts", "answer-accuracy")
    );
    let trust = diff_row(&diff, "contract-review-assist", "reviewer-trust", "mvp");
    assert_eq!(trust["after"]["status"], "too-few-samples", "{trust}");
    assert_eq!(
        trust["after"]["status"],
        check_status(&repo, "contract-review-assist", "reviewer-trust")
    );
    let correction = diff_row(
        &diff,
        "contract-review-assist",
        "human-correction-rate",
        "mvp",
    );
    assert_eq!(correction["before"]["status"], "pass");
    assert!(correction["after"].is_null(), "{correction}");
    assert_eq!(
        check_status(&repo, "contract-review-assist", "human-correction-rate"),
        "no-result"
    );

    let out = repo.tollgate(&["diff", "--now", NOW]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "answer-accuracy at the PoC gate (>= 70% (stop at <= 40%)): 78% pass -> 75% fail"
        ),
        "{text}"
    );
    assert!(
        text.contains("reviewer-trust at the MVP gate (>= 3.5 (stop at <= 2.5)): 4.1 pass -> 4.1 too few samples"),
        "{text}"
    );
    assert!(
        text.contains(
            "human-correction-rate at the MVP gate (< 10% (stop at >= 25%)): 3.5% pass -> no result"
        ),
        "{text}"
    );
    let out = repo
        .tollgate(&["diff", "--format", "markdown", "--now", NOW])
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.contains("| **75% (n=200) ❌ fail** |"), "{md}");
    assert!(md.contains("| **4.1 (n=8) ⚠️ too few samples** |"), "{md}");
    assert!(!md.contains("75% (n=200) ✅"), "{md}");
}

#[test]
fn log_follows_recommendations_with_exact_rates() {
    let repo = GitRepo::example();
    // Threshold 57 and 114 of 200: exactly 57%, which clears it (in floating point it would be
    // 56.99999999999999 and recommend redesign).
    repo.edit(
        &format!("{POC}/kpis.yaml"),
        "threshold: 70            # the article's default: accuracy >= 70% -> continue",
        "threshold: 57",
    );
    repo.edit(
        &format!("{POC}/results.yaml"),
        ACCURACY_156,
        "successes: 114",
    );
    repo.commit("Accuracy exactly at the threshold (#2)", OWNER);
    let out = repo.json(&["log", "--format", "json"]);
    let changed: Vec<&Value> = out["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["event"]["kind"] == "recommendation-changed")
        .collect();
    assert!(changed.is_empty(), "{changed:?}");

    repo.edit(
        &format!("{POC}/results.yaml"),
        "successes: 114",
        "successes: 113",
    );
    let lowered = repo.commit("One fewer correct draft (#3)", TECH);
    let out = repo.json(&["log", "--format", "json", "--kind", "recommendation"]);
    let first = &out["entries"][0];
    assert_eq!(first["commit"]["id"], lowered.as_str());
    assert_eq!(first["event"]["kind"], "recommendation-changed");
    assert_eq!(first["event"]["from"], "continue");
    assert_eq!(first["event"]["to"], "redesign");
}
