//! Sign-off provenance (issue holes 1 and 7): the approver that counts is the one before the
//! sign-off commit; changing an approver takes the owner or the previous approver; a sign-off
//! only in the working tree is reported, not accepted.

#![allow(clippy::unwrap_used)]

use predicates::str::contains;

use crate::harness::history_codes;
use crate::history_integrity::{assert_claims, codes, only, verify};
use crate::history_scenarios::{self as s, NOW};

#[test]
fn naming_yourself_approver_and_agreeing_in_one_commit_is_caught_twice() {
    let repo = s::approver_swap();
    let swap = repo.head();
    let (code, doc) = repo.check_json();
    assert_eq!(code, 1, "{doc:#}");
    assert_eq!(
        history_codes(&doc),
        ["approver-changed", "signoff-not-by-approver"]
    );
    let findings = doc["findings"].as_array().unwrap();
    let changed = findings
        .iter()
        .find(|f| f["code"] == "approver-changed")
        .unwrap();
    assert_eq!(changed["pointer"], "/items/5/approver");
    assert_eq!(changed["severity"], "error");
    assert_eq!(
        changed["message"],
        format!(
            "the approver of `prompt-audit-log` was changed from `nakamura-sho` to `suzuki-daisuke` in commit {} by Daisuke Suzuki <daisuke.suzuki@example.com> (`suzuki-daisuke` in people.yaml); only the project owner `yamamoto-kenji` or the previous approver `nakamura-sho` can change it",
            &swap[..7]
        )
        .as_str()
    );
    // The approver that counts is the one before the commit, not the one it names.
    let signoff = findings
        .iter()
        .find(|f| f["code"] == "signoff-not-by-approver")
        .unwrap();
    assert!(
        signoff["message"]
            .as_str()
            .unwrap()
            .ends_with("but its approver before that commit was `nakamura-sho`"),
        "{signoff:#}"
    );
    let blocked = doc["projects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "support-reply-drafts")
        .unwrap();
    assert_eq!(blocked["ready"], false);
}

#[test]
fn naming_yourself_approver_first_and_agreeing_later_is_caught() {
    let repo = s::approver_swap_then_agree();
    let taken = repo.git(&["rev-parse", "HEAD~1"]);
    let out = verify(&repo);
    // The sign-off by the approver so named is only claimed by their e-mail (a warning here);
    // the error is the change of approver.
    assert_eq!(
        codes(&out),
        ["approver-changed", "signoff-unproven"],
        "{out:#}"
    );
    let f = &out["findings"][0];
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains(&format!("in commit {} by Daisuke Suzuki", &taken[..7])),
        "{f:#}"
    );
}

#[test]
fn the_owner_or_the_previous_approver_may_change_the_approver() {
    // Positive controls: the owner's commit, then the new approver's own sign-off...
    // (Unsigned, each change is claimed by its author's e-mail only: a warning outside
    // Actions; signed, nothing is found: `history_identity`.)
    for (repo, claims) in [
        (s::approver_changed_by_the_owner(), 2),
        (s::approver_handed_over(), 1),
        // ... and the approver's own sign-off of their own item.
        (s::signoff_by_the_approver(), 1),
    ] {
        let (code, doc) = repo.check_json();
        assert_eq!(
            history_codes(&doc),
            vec!["signoff-unproven"; claims],
            "{doc:#}"
        );
        assert_eq!(code, 0, "{doc:#}");
    }
}

#[test]
fn a_new_agreed_item_naming_its_own_approver_needs_the_owner() {
    let out = verify(&s::new_item_with_a_self_named_approver());
    assert_eq!(
        codes(&out),
        ["approver-changed", "signoff-unproven"],
        "{out:#}"
    );
    let f = &out["findings"][0];
    let message = f["message"].as_str().unwrap();
    assert!(
        message.starts_with(
            "`audit-log-2`, now agreed, was added naming `suzuki-daisuke` as its approver in commit"
        ),
        "{message}"
    );
    assert!(
        message.ends_with(
            "only the project owner `yamamoto-kenji` can name the approver of a new item"
        ),
        "{message}"
    );
    // Positive control: the owner adds the item, its approver agrees it (unsigned: two claims).
    assert_claims(&verify(&s::new_item_named_by_the_owner()), 2);
}

#[test]
fn making_yourself_owner_first_confers_no_authority_in_the_same_range() {
    let out = verify(&s::owner_swapped_then_approver_changed());
    let f = only(&out, "approver-changed");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .ends_with("only the project owner `yamamoto-kenji` or the previous approver `nakamura-sho` can change it"),
        "{f:#}"
    );
}

#[test]
fn an_email_added_to_the_approver_in_the_same_change_proves_nothing() {
    let out = verify(&s::email_added_to_the_approver());
    let f = only(&out, "signoff-not-by-approver");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("(`suzuki-daisuke` in people.yaml)"),
        "{f:#}"
    );
}

#[test]
fn an_uncommitted_sign_off_is_reported_not_accepted() {
    let repo = s::signoff_uncommitted();
    let (code, doc) = repo.check_json();
    assert_eq!(history_codes(&doc), ["signoff-unverified"], "{doc:#}");
    let f = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "signoff-unverified")
        .unwrap();
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["pointer"], "/items/5/status");
    assert_eq!(code, 0, "a warning: it is checked once committed");
    repo.tollgate(&["check", "--now", NOW])
        .assert()
        .success()
        .stdout(contains("warning[signoff-unverified]: `prompt-audit-log` is agreed in the working tree (uncommitted)"));
    // An uncommitted approver change is reported the same way.
    let out = verify(&s::approver_change_uncommitted());
    assert_eq!(
        only(&out, "signoff-unverified")["pointer"],
        "/items/5/approver"
    );
    // Committed by the approver, only the e-mail claim is left to report (signed: nothing).
    let (code, doc) = s::signoff_by_the_approver().check_json();
    assert_eq!(
        (code, history_codes(&doc)),
        (0, vec!["signoff-unproven".to_string()])
    );
}

#[test]
fn explain_gives_the_reason_for_the_new_codes() {
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let out = crate::harness::run(&["explain", "approver-changed"]);
    out.expect_code(0);
    assert!(
        out.stdout
            .starts_with("approver-changed (error by default)"),
        "{}",
        out.stdout
    );
    assert!(
        words(&out.stdout).contains("department entitled to give it"),
        "{}",
        out.stdout
    );
    let out = crate::harness::run(&["explain", "signoff-unverified"]);
    out.expect_code(0);
    assert!(
        out.stdout
            .starts_with("signoff-unverified (warning by default)"),
        "{}",
        out.stdout
    );
    assert!(
        words(&out.stdout).contains("the entitled department signs off"),
        "{}",
        out.stdout
    );
    assert!(
        words(&out.stdout).contains("criteria are fixed before results"),
        "{}",
        out.stdout
    );
}
