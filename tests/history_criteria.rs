//! Criteria drift (issue hole 2): criteria moved together with the first results, a KPI with
//! results deleted, and every criterion of a KPI with results changed are
//! `criteria-changed-after-results`, unless the owner records the change and is proven to have
//! made it.

#![allow(clippy::unwrap_used)]

use crate::history_integrity::{assert_claims, only, verify};
use crate::history_scenarios as s;

fn message(out: &serde_json::Value) -> String {
    only(out, "criteria-changed-after-results")["message"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn first_results_and_a_lowered_threshold_in_one_commit() {
    let repo = s::first_results_with_a_lowered_threshold();
    let out = verify(&repo);
    let m = message(&out);
    assert!(
        m.starts_with(&format!(
            "the MVP criteria of KPI `answer-accuracy` changed in commit {} (threshold 85 -> 60) in the same change that brings their first results",
            &repo.head()[..7]
        )),
        "{m}"
    );
    let f = &out["findings"][0];
    assert_eq!(f["pointer"], "/kpis/0/criteria/mvp/threshold");
    // Positive control: the same change recorded in `criteria_changes`, in the owner's commit.
    assert_claims(&verify(&s::first_results_with_a_recorded_change()), 1);
}

#[test]
fn a_kpi_with_results_deleted() {
    let m = message(&verify(&s::kpi_with_results_deleted()));
    assert!(
        m.starts_with("the PoC criteria of KPI `field-usability` changed in commit"),
        "{m}"
    );
    assert!(m.contains("(KPI removed) after results"), "{m}");
}

#[test]
fn every_criterion_of_a_kpi_with_results_is_fixed() {
    let cases: [(s::Build, &str, &str); 5] = [
        (
            s::stop_loosened,
            "stop 40 -> 20",
            "/kpis/0/criteria/poc/stop",
        ),
        (
            s::min_samples_loosened,
            "min_samples 100 -> 50",
            "/kpis/0/criteria/poc/min_samples",
        ),
        (
            s::confidence_changed,
            "confidence point -> wilson-95",
            "/kpis/0/criteria/poc/confidence",
        ),
        (
            s::direction_changed,
            "direction lower-is-better -> higher-is-better",
            "/kpis/2/direction",
        ),
        (s::unit_changed, "unit seconds -> minutes", "/kpis/2/unit"),
    ];
    for (build, what, pointer) in cases {
        let out = verify(&build());
        let m = message(&out);
        assert!(m.contains(&format!("({what})")), "{what}: {m}");
        assert!(
            m.ends_with("with no `criteria_changes` entry recorded for it"),
            "{m}"
        );
        assert_eq!(out["findings"][0]["pointer"], pointer, "{what}");
    }
}

#[test]
fn an_entry_naming_the_owner_counts_only_in_the_owners_change() {
    let repo = s::owner_entry_typed_by_someone_else();
    let m = message(&verify(&repo));
    assert!(
        m.ends_with(&format!(
            "the `criteria_changes` entry names the owner `yamamoto-kenji`, but commit {} was made by Daisuke Suzuki <daisuke.suzuki@example.com> (`suzuki-daisuke` in people.yaml)",
            &repo.head()[..7]
        )),
        "{m}"
    );
    // Positive control: the owner's own commit.
    assert_claims(&verify(&s::criteria_change_recorded_by_owner()), 1);
}

#[test]
fn a_kpis_file_deleted_and_added_back_is_compared_with_what_it_held() {
    let m = message(&verify(&s::kpis_deleted_and_added_back_lower()));
    assert!(m.contains("(threshold 70 -> 60)"), "{m}");
}

#[test]
fn an_uncommitted_criteria_change_recorded_for_the_owner_is_unverified() {
    let out = verify(&s::criteria_change_uncommitted());
    let f = only(&out, "signoff-unverified");
    assert_eq!(f["pointer"], "/criteria_changes/0");
    // Without the entry, the same uncommitted change is an error, as committed.
    let m = message(&verify(&s::threshold_lowered_uncommitted()));
    assert!(m.contains("in the working tree (uncommitted)"), "{m}");
}
