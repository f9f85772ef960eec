//! Sign-offs proven by an authenticated identity (issue 19): on real repositories with real
//! SSH-signed commits made by the tests (`ssh-keygen` keys, `git -c gpg.format=ssh -c
//! user.signingkey=… commit -S`). A commit signed with a key people.yaml lists for the entitled
//! person (at the range's base), committed under their e-mail, proves their change; an e-mail
//! alone is a claim, `signoff-unproven`, an error under `signoff_proof: verified` and a warning
//! under `email`.

#![allow(clippy::unwrap_used)]

use serde_json::Value;

use crate::harness::GitRepo;
use crate::history_scenarios::{self as s, NOW};

/// `check --format json` of a repository: exit status and the history findings
/// (code, severity, message).
fn check(repo: &GitRepo, env: &[(&str, &str)]) -> (i32, Vec<(String, String, String)>) {
    let mut cmd = repo.tollgate(&["check", "--format", "json", "--now", NOW]);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
    });
    let history: Vec<&str> = tollgate::history::integrity::CODES
        .iter()
        .map(|c| c.as_str())
        .collect();
    let found = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| history.contains(&f["code"].as_str().unwrap()))
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (s("code"), s("severity"), s("message"))
        })
        .collect();
    (out.status.code().unwrap_or(-1), found)
}

fn local(repo: &GitRepo) -> (i32, Vec<(String, String, String)>) {
    check(repo, &[])
}

/// The one history finding, asserting its code and severity.
#[track_caller]
fn one(found: &[(String, String, String)], code: &str, severity: &str) -> String {
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].0.as_str(), found[0].1.as_str()), (code, severity));
    found[0].2.clone()
}

#[test]
fn the_approvers_signed_commit_proves_the_sign_off() {
    let repo = s::signoff_signed_by_the_approver();
    let commit = repo.head();
    let signature = repo.git(&["cat-file", "commit", &commit]);
    assert!(
        signature.contains("-----BEGIN SSH SIGNATURE-----"),
        "the test made a really signed commit: {signature}"
    );
    assert_eq!(local(&repo), (0, vec![]));
    // In GitHub Actions too, and `log --verify` agrees (the registry test compares them all).
    assert_eq!(check(&repo, &[("GITHUB_ACTIONS", "true")]).1, vec![]);
}

#[test]
fn the_approvers_email_alone_is_a_claim() {
    // Unsigned, under `signoff_proof: verified`: an error that says what is missing.
    let repo = s::signoff_unsigned_under_verified();
    let (code, found) = local(&repo);
    let message = one(&found, "signoff-unproven", "error");
    assert_eq!(code, 1);
    assert_eq!(
        message,
        format!(
            "`prompt-audit-log` was set to agreed in commit {} by Sho Nakamura \
             <sho.nakamura@example.com> (`nakamura-sho` in people.yaml), its approver, but only \
             the commit's e-mail says so: the commit is not signed",
            &repo.head()[..7]
        )
    );
    // The same without the key (the default outside Actions is `email`): a warning.
    let repo = s::signoff_by_the_approver();
    let (code, found) = local(&repo);
    one(&found, "signoff-unproven", "warning");
    assert_eq!(code, 0, "a warning does not block");
    // In GitHub Actions the default is `verified`.
    let (code, found) = check(&repo, &[("GITHUB_ACTIONS", "true")]);
    one(&found, "signoff-unproven", "error");
    assert_eq!(code, 1);
}

#[test]
fn a_signature_proves_nothing_unless_it_is_the_approvers_key_and_e_mail() {
    let cases = [
        (
            s::signoff_signed_with_an_unlisted_key(),
            "which is not one of the `signing_keys` of Sho Nakamura (`nakamura-sho`) in people.yaml",
        ),
        (
            s::signoff_signed_with_someone_elses_key(),
            "which is not one of the `signing_keys` of Sho Nakamura (`nakamura-sho`) in people.yaml",
        ),
        (
            s::signoff_signed_with_another_committer(),
            "the commit is signed with the key of Sho Nakamura (`nakamura-sho`), but committed as \
             <daisuke.suzuki@example.com>, which is not one of their e-mails in people.yaml",
        ),
        // A key the change itself lists for the approver: people.yaml counts as at the base.
        (
            s::signing_key_added_to_the_approver(),
            "which is not one of the `signing_keys` of Sho Nakamura (`nakamura-sho`) in people.yaml",
        ),
    ];
    for (repo, want) in cases {
        let (code, found) = local(&repo);
        let message = one(&found, "signoff-unproven", "error");
        assert!(message.contains("the commit is signed with"), "{message}");
        assert!(message.contains(want), "{message}");
        assert_eq!(code, 1);
    }
}

#[test]
fn a_change_cannot_loosen_signoff_proof_for_itself() {
    // The base says `verified`; the change says `email`: still an error.
    let (code, found) = local(&s::signoff_proof_loosened_in_the_change());
    one(&found, "signoff-unproven", "error");
    assert_eq!(code, 1);
    // Tightening in the change applies at once.
    let (code, found) = local(&s::signoff_proof_tightened_in_the_change());
    one(&found, "signoff-unproven", "error");
    assert_eq!(code, 1);
    // Once the loosening is in the base (here: the range starts after it), it applies.
    let repo = s::signoff_proof_loosened_in_the_change();
    let loosened = repo.head();
    repo.append("tollgate.yaml", &format!("history_since: {loosened}\n"));
    repo.commit("Check from the loosening on", crate::harness::OWNER);
    agree_other_item(&repo);
    let (code, found) = local(&repo);
    // The owner's naming of the new item's approver and the approver's sign-off: both claims,
    // both warnings now.
    assert_eq!(found.len(), 2, "{found:#?}");
    for (code, severity, message) in &found {
        assert_eq!(
            (code.as_str(), severity.as_str()),
            ("signoff-unproven", "warning")
        );
        assert!(message.contains("`draft-retention`"), "{message}");
    }
    assert_eq!(code, 0);
}

/// A new pending item (by the owner) agreed by its approver by e-mail.
fn agree_other_item(repo: &GitRepo) {
    repo.append(
        &s::governance(),
        "\n  - id: draft-retention\n    topic: other\n    title: Drafts are deleted after 30 days\n    department: it\n    approver: nakamura-sho\n    status: pending\n",
    );
    repo.commit("Add the retention agreement", crate::harness::OWNER);
    s::edit_item(
        repo,
        &s::governance(),
        "draft-retention",
        "status: pending",
        "status: agreed\n    agreed_at: 2026-11-21",
    );
    repo.commit("Retention agreed", crate::harness::IT);
}

#[test]
fn the_owners_signed_commits_prove_approver_criteria_decision_and_waiver_changes() {
    for repo in [
        s::approver_changed_signed_by_the_owner(),
        s::criteria_change_signed_by_the_owner(),
        s::decision_signed_by_the_owner(),
        s::waiver_signed_by_the_owner(),
    ] {
        let (code, found) = local(&repo);
        assert_eq!((code, found), (0, vec![]));
    }
    // The same changes by e-mail only, under `verified` in Actions: each a claim.
    for (repo, what) in [
        (
            s::approver_changed_by_the_owner(),
            "the approver of `prompt-audit-log` was changed",
        ),
        (
            s::criteria_change_recorded_by_owner(),
            "the PoC criteria of KPI `answer-accuracy` changed",
        ),
        (
            s::clean_history(),
            "decision `poc-gate` (PoC gate: continue) was recorded",
        ),
    ] {
        let (code, found) = check(&repo, &[("GITHUB_ACTIONS", "true")]);
        assert_eq!(code, 1, "{found:#?}");
        assert!(
            found
                .iter()
                .any(|f| f.0 == "signoff-unproven" && f.1 == "error" && f.2.starts_with(what)),
            "{what}: {found:#?}"
        );
    }
}

#[test]
fn decisions_and_waivers_count_only_from_the_owner() {
    let repo = s::decision_recorded_by_tech();
    let (code, found) = local(&repo);
    let message = one(&found, "decision-not-recorded-by-owner", "error");
    assert_eq!(
        message,
        format!(
            "decision `poc-gate` (PoC gate: continue) was recorded in commit {} by Daisuke Suzuki \
             <daisuke.suzuki@example.com> (`suzuki-daisuke` in people.yaml); only the project \
             owner `yamamoto-kenji` can record a gate decision",
            &repo.head()[..7]
        )
    );
    assert_eq!(code, 1);
    let (code, found) = local(&s::waiver_granted_by_tech());
    let message = one(&found, "waiver-not-by-owner", "error");
    assert!(
        message.starts_with(
            "the waiver of `partner-delivery` (approved_by `yamamoto-kenji`, until 2027-03-31) \
             was granted in commit"
        ),
        "{message}"
    );
    assert_eq!(code, 1);
}

#[test]
fn a_waiver_cannot_waive_its_own_finding() {
    let (code, found) = local(&s::signoff_waived_by_the_stranger());
    // The waiver did turn the sign-off finding into a note, but the two waivers themselves are
    // errors that no waiver reaches.
    let errors: Vec<&str> = found
        .iter()
        .filter(|f| f.1 == "error")
        .map(|f| f.0.as_str())
        .collect();
    assert_eq!(
        errors,
        ["waiver-not-by-owner", "waiver-not-by-owner"],
        "{found:#?}"
    );
    assert_eq!(code, 1);
}

#[test]
fn a_waived_item_needs_its_approver() {
    let (code, found) = local(&s::item_waived_by_a_stranger());
    let message = one(&found, "signoff-not-by-approver", "error");
    assert!(
        message.starts_with("`prompt-audit-log` was waived in commit"),
        "{message}"
    );
    assert_eq!(code, 1);
}

#[test]
fn explain_gives_the_reason_for_the_new_codes() {
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for (code, severity, reason) in [
        (
            "signoff-unproven",
            "error",
            "makes anyone look like the approver",
        ),
        ("waiver-not-by-owner", "error", "cannot itself be waived"),
        (
            "decision-not-recorded-by-owner",
            "error",
            "belong to the project owner",
        ),
    ] {
        let out = crate::harness::run(&["explain", code]);
        out.expect_code(0);
        assert!(
            out.stdout
                .starts_with(&format!("{code} ({severity} by default)")),
            "{}",
            out.stdout
        );
        assert!(words(&out.stdout).contains(reason), "{}", out.stdout);
    }
}

#[test]
fn the_example_shows_signing_and_still_passes_outside_actions() {
    let dir = tempfile::tempdir().unwrap();
    crate::harness::run(&["init", dir.path().to_str().unwrap()]).expect_code(0);
    let people = std::fs::read_to_string(dir.path().join("people.yaml")).unwrap();
    assert!(
        people.contains("    # signing_keys:\n    #   - ssh-ed25519 "),
        "{people}"
    );
    let readme = std::fs::read_to_string(dir.path().join("README.md")).unwrap();
    for part in [
        "## Signing",
        "git config gpg.format ssh",
        "`signing_keys`",
        "Require\nsigned commits",
        "Dismiss stale pull request\napprovals",
    ] {
        assert!(readme.contains(part), "`{part}` in:\n{readme}");
    }
    // As a git repository (the import is the base) and as a plain folder.
    let run = || {
        crate::harness::run_cmd(
            crate::harness::tollgate()
                .args(["check", "--now", NOW, "--root"])
                .arg(dir.path()),
        )
    };
    run().expect_code(0);
    crate::harness::commit_folder(dir.path());
    run().expect_code(0);
}

#[test]
fn signing_keys_are_checked_against_the_schema() {
    let repo = GitRepo::empty();
    let key = repo.ssh_key("real");
    let dir = tempfile::tempdir().unwrap();
    crate::harness::run(&["init", dir.path().to_str().unwrap()]).expect_code(0);
    let path = dir.path().join("people.yaml");
    let original = std::fs::read_to_string(&path).unwrap();
    let with = |line: &str| {
        original.replacen(
            "    # signing_keys:\n    #   - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE3xampleKeyReplaceWithYourOwnPublicKeyOnly sho.nakamura@example.com\n",
            &format!("    signing_keys:\n      - {line}\n"),
            1,
        )
    };
    let validate = || {
        crate::harness::run_cmd(
            crate::harness::tollgate()
                .args(["validate", "--format", "json", "--root"])
                .arg(dir.path()),
        )
    };
    std::fs::write(&path, with(&key.public)).unwrap();
    validate().expect_code(0);
    std::fs::write(&path, with("ssh-ed25519 not-base64! sho@example.com")).unwrap();
    let out = validate();
    out.expect_code(1);
    let doc: Value = serde_json::from_str(&out.stdout).unwrap();
    let f = crate::harness::with_code(&doc, "invalid-value");
    assert_eq!(f.len(), 1, "{doc:#}");
    assert_eq!(f[0]["pointer"], "/people/4/signing_keys/0", "{doc:#}");
}
