//! Pull-request scope (issue 14 item 1): with a base, only the projects whose folders changed
//! are evaluated — all of them when a file outside the project folders changed, or with `--all`
//! — and the base's policy judges the change together with the head's (the stricter of the two),
//! so a pull request cannot weaken its own gate.

#![allow(clippy::unwrap_used)]

use crate::harness::{GitRepo, MVP, OWNER, POC};
use crate::history_scenarios::NOW;

/// A pull request's environment: the event names it and its base branch.
const PR_ENV: &[(&str, &str)] = &[
    ("GITHUB_EVENT_NAME", "pull_request"),
    ("GITHUB_BASE_REF", "main"),
];

/// `check --format json --now NOW --no-history ARGS` with `env`: exit status, the JSON report
/// (validated against its schema) and standard error. The history checks are left out so that
/// what is compared is the evaluation alone.
fn check(repo: &GitRepo, args: &[&str], env: &[(&str, &str)]) -> (i32, serde_json::Value, String) {
    let mut cmd = repo.tollgate(&["check", "--format", "json", "--now", NOW, "--no-history"]);
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.stdout.is_empty(), "no output; stderr {stderr}");
    let doc = crate::harness::report_json(&out.stdout);
    (out.status.code().unwrap(), doc, stderr)
}

/// The ids of the evaluated projects.
fn projects(doc: &serde_json::Value) -> Vec<String> {
    doc["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect()
}

/// One project's report and its findings, as a full evaluation would show them.
fn verdict(doc: &serde_json::Value, id: &str) -> (serde_json::Value, Vec<serde_json::Value>) {
    let report = doc["projects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("no project {id} in {doc}"))
        .clone();
    let findings = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["project"] == id)
        .cloned()
        .collect();
    (report, findings)
}

/// (code, severity, rule) of the findings of `id`.
fn codes(doc: &serde_json::Value, id: &str) -> Vec<(String, String, String)> {
    verdict(doc, id)
        .1
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["rule"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// An edit a test makes to the repository.
type Change<'a> = &'a dyn Fn(&GitRepo);

/// The example on main, then branch `feature`.
fn branch() -> GitRepo {
    let repo = GitRepo::example();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo
}

/// Makes a required PoC governance item (security) pending: `governance-poc` blocks the PoC.
fn unagree_security(repo: &GitRepo) {
    repo.edit(
        &format!("{POC}/governance.yaml"),
        "    approver: ito-naoki\n    status: agreed\n    agreed_at: 2026-08-27\n    evidence: https://wiki.example.com/security/reviews/sec-2026-118\n",
        "    approver: ito-naoki\n    status: pending\n",
    );
}

#[test]
fn a_pull_request_evaluates_only_the_changed_project_with_the_full_verdict() {
    let repo = branch();
    unagree_security(&repo);
    repo.commit("Security review reopened", OWNER);

    let (code, scoped, stderr) = check(&repo, &[], PR_ENV);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(projects(&scoped), vec!["support-reply-drafts"]);
    assert!(
        stderr.contains("1 project(s) unchanged since") && stderr.contains("merge base with main"),
        "{stderr}"
    );
    // The same verdict as a full evaluation (`--all`, and no pull request at all).
    let (all_code, all, _) = check(&repo, &["--all"], PR_ENV);
    let (plain_code, plain, _) = check(&repo, &[], &[]);
    assert_eq!((all_code, plain_code), (1, 1));
    assert_eq!(
        projects(&all),
        vec!["contract-review-assist", "support-reply-drafts"]
    );
    assert_eq!(all, plain);
    assert_eq!(
        verdict(&scoped, "support-reply-drafts"),
        verdict(&all, "support-reply-drafts")
    );
    assert!(codes(&scoped, "support-reply-drafts").contains(&(
        "governance-pending".into(),
        "error".into(),
        "governance-poc".into()
    )));

    // `--base REV` scopes the same way outside a pull request; uncommitted changes count.
    let (code, doc, _) = check(&repo, &["--base", "main"], &[]);
    assert_eq!(
        (code, projects(&doc)),
        (1, vec!["support-reply-drafts".into()])
    );
    repo.append(&format!("{MVP}/issues.yaml"), "\n# reviewed again\n");
    let (_, doc, stderr) = check(&repo, &["--base", "main"], &[]);
    assert_eq!(projects(&doc), projects(&all), "{stderr}");
    assert!(stderr.contains("0 project(s) unchanged"), "{stderr}");
}

#[test]
fn a_change_outside_the_project_folders_evaluates_every_project() {
    // (A folder new on one side is named as a whole: `policies`.)
    let changes: &[(&str, Change)] = &[
        ("people.yaml", &|r| {
            r.append("people.yaml", "\n# roster reviewed\n")
        }),
        ("tollgate.yaml", &|r| {
            r.append("tollgate.yaml", "\n# reviewed\n")
        }),
        ("policies", &|r| {
            r.write("policies/extra.yaml", "version: 1\nrules: []\n")
        }),
        ("README.md", &|r| r.append("README.md", "\nMore.\n")),
    ];
    for (path, change) in changes {
        let repo = branch();
        unagree_security(&repo);
        change(&repo);
        repo.commit("A change with a repository-level file", OWNER);
        let (code, doc, stderr) = check(&repo, &[], PR_ENV);
        assert_eq!(code, 1, "{path}: {stderr}");
        assert_eq!(
            projects(&doc),
            vec!["contract-review-assist", "support-reply-drafts"],
            "{path}"
        );
        assert!(
            stderr.contains(&format!("every project evaluated: `{path}` changed")),
            "{path}: {stderr}"
        );
        let (_, all, _) = check(&repo, &["--all"], PR_ENV);
        assert_eq!(doc, all, "{path}");
    }
}

#[test]
fn renamed_moved_and_deleted_projects_are_seen() {
    // Renamed folder: evaluated under its new name (its id no longer matches: an error).
    let repo = branch();
    repo.git(&["mv", MVP, "projects/contract-review"]);
    repo.commit("Rename the MVP folder", OWNER);
    let (code, doc, stderr) = check(&repo, &[], PR_ENV);
    assert_eq!(projects(&doc), vec!["contract-review"], "{stderr}");
    let (all_code, all, _) = check(&repo, &["--all"], PR_ENV);
    assert_eq!(code, all_code);
    assert_eq!(code, 1);
    assert_eq!(
        verdict(&doc, "contract-review"),
        verdict(&all, "contract-review")
    );

    // Deleted: nothing left to evaluate, the other project is not re-evaluated, and the
    // verdicts are those of a full run.
    let repo = branch();
    repo.git(&["rm", "-q", "-r", POC]);
    repo.commit("Drop the PoC", OWNER);
    let (code, doc, stderr) = check(&repo, &[], PR_ENV);
    assert_eq!(
        (code, projects(&doc)),
        (0, Vec::<String>::new()),
        "{stderr}"
    );
    assert!(stderr.contains("1 project(s) unchanged"), "{stderr}");
    let (all_code, all, _) = check(&repo, &["--all"], PR_ENV);
    assert_eq!(
        (all_code, projects(&all)),
        (0, vec!["contract-review-assist".into()])
    );

    // Moved in the working tree only (not committed, not staged): seen as well.
    let repo = branch();
    std::fs::rename(repo.file(POC), repo.file("projects/reply-drafts")).unwrap();
    let (code, doc, stderr) = check(&repo, &[], PR_ENV);
    assert_eq!(
        (code, projects(&doc)),
        (1, vec!["reply-drafts".into()]),
        "{stderr}"
    );
    let (_, all, _) = check(&repo, &["--all"], PR_ENV);
    assert_eq!(verdict(&doc, "reply-drafts"), verdict(&all, "reply-drafts"));
}

#[test]
fn a_pull_request_cannot_weaken_its_own_gate() {
    let weakenings: &[(&str, &str)] = &[
        (
            "disable the rule",
            "version: 1\nrules:\n  - id: governance-poc\n    disabled: true\n",
        ),
        (
            "lower the code's severity",
            "version: 1\nseverities:\n  governance-pending: note\nrules: []\n",
        ),
        (
            "lower the rule's severity",
            "version: 1\nrules:\n  - id: governance-poc\n    kind: governance-agreed\n    gates: [poc]\n    topics: [data-rights, security, legal-terms, wrong-output-flow]\n    severity: note\n",
        ),
        (
            "drop the topic",
            "version: 1\nrules:\n  - id: governance-poc\n    kind: governance-agreed\n    gates: [poc]\n    topics: [data-rights]\n",
        ),
        (
            "move the rule to another gate",
            "version: 1\nrules:\n  - id: governance-poc\n    kind: governance-agreed\n    gates: [production]\n    topics: [data-rights, security, legal-terms, wrong-output-flow]\n",
        ),
    ];
    for (what, policy) in weakenings {
        let repo = branch();
        unagree_security(&repo);
        repo.write("policies/relief.yaml", policy);
        repo.commit("Reopen security, relax the policy", OWNER);
        // The weakened policy does what it says when nothing compares it with a base...
        let (code, doc, stderr) = check(&repo, &[], &[]);
        assert_eq!(code, 0, "{what}: the weakening must work alone: {stderr}");
        assert!(
            !codes(&doc, "support-reply-drafts")
                .iter()
                .any(|c| c.1 == "error"),
            "{what}"
        );
        // ...but in the pull request the base's policy still judges the change.
        for args in [&[][..], &["--all"][..]] {
            let (code, doc, stderr) = check(&repo, args, PR_ENV);
            assert_eq!(code, 1, "{what} {args:?}: {stderr}");
            assert!(
                codes(&doc, "support-reply-drafts").contains(&(
                    "governance-pending".into(),
                    "error".into(),
                    "governance-poc".into()
                )),
                "{what}: {:?}",
                codes(&doc, "support-reply-drafts")
            );
        }
        let (code, _, _) = check(&repo, &["--base", "main"], &[]);
        assert_eq!(code, 1, "{what} with --base");
    }
}

#[test]
fn a_pull_request_that_makes_the_policy_stricter_takes_effect() {
    let repo = branch();
    repo.write(
        "policies/stricter.yaml",
        "version: 1\nseverities:\n  governance-pending: error\nrules: []\n",
    );
    repo.commit("Pending governance blocks", OWNER);
    let (code, doc, stderr) = check(&repo, &[], PR_ENV);
    assert_eq!(code, 1, "{stderr}");
    for id in ["contract-review-assist", "support-reply-drafts"] {
        assert!(
            codes(&doc, id)
                .iter()
                .all(|(c, s, _)| c != "governance-pending" || s == "error"),
            "{id}: {:?}",
            codes(&doc, id)
        );
    }
    // On main (no pull request) the same findings are warnings.
    repo.git(&["checkout", "-q", "main"]);
    let (code, _, _) = check(&repo, &[], &[]);
    assert_eq!(code, 0);
}

#[test]
fn a_pull_request_cannot_drop_or_hide_the_base_policy() {
    let strict = "version: 1\nseverities:\n  governance-pending: error\nrules: []\n";
    let hides: &[(&str, Change)] = &[
        ("delete the policy file", &|r| {
            r.git(&["rm", "-q", "policies/strict.yaml"]);
        }),
        ("point policy_dir elsewhere", &|r| {
            r.edit(
                "tollgate.yaml",
                "policy_dir: policies",
                "policy_dir: relaxed",
            );
            r.write("relaxed/none.yaml", "version: 1\nrules: []\n");
        }),
        ("override the code back down", &|r| {
            r.write(
                "policies/strict.yaml",
                "version: 1\nseverities:\n  governance-pending: warning\nrules: []\n",
            );
        }),
    ];
    for (what, hide) in hides {
        let repo = GitRepo::example();
        repo.write("policies/strict.yaml", strict);
        repo.commit("Pending governance blocks", OWNER);
        repo.git(&["checkout", "-q", "-b", "feature"]);
        hide(&repo);
        repo.commit("Relax", OWNER);
        let (code, _, stderr) = check(&repo, &[], &[]);
        assert_eq!(
            code, 0,
            "{what}: the change must relax the head's policy: {stderr}"
        );
        let (code, doc, stderr) = check(&repo, &[], PR_ENV);
        assert_eq!(code, 1, "{what}: {stderr}");
        assert!(
            codes(&doc, "contract-review-assist").contains(&(
                "governance-pending".into(),
                "error".into(),
                "governance-watch".into()
            )),
            "{what}: {:?}",
            codes(&doc, "contract-review-assist")
        );
    }
}

#[cfg(unix)]
#[test]
fn a_project_that_links_to_another_projects_files_is_evaluated_with_it() {
    // On main: project `reply-drafts-copy`, whose governance.yaml is a link to the PoC's.
    let repo = GitRepo::example();
    let copy = "projects/reply-drafts-copy";
    for file in ["project", "kpis", "results", "decisions", "issues"] {
        let text = repo.read(&format!("{POC}/{file}.yaml"));
        repo.write(
            &format!("{copy}/{file}.yaml"),
            &text.replace("id: support-reply-drafts", "id: reply-drafts-copy"),
        );
    }
    std::os::unix::fs::symlink(
        "../support-reply-drafts/governance.yaml",
        repo.file(&format!("{copy}/governance.yaml")),
    )
    .unwrap();
    repo.commit("A copy of the PoC", OWNER);
    let (code, doc, stderr) = check(&repo, &[], &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(projects(&doc).contains(&"reply-drafts-copy".to_string()));

    // The pull request changes only the PoC's folder; the copy reads the change through its link.
    repo.git(&["checkout", "-q", "-b", "feature"]);
    unagree_security(&repo);
    repo.commit("Security review reopened", OWNER);
    let (code, scoped, stderr) = check(&repo, &[], PR_ENV);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        projects(&scoped),
        vec!["reply-drafts-copy", "support-reply-drafts"],
        "{stderr}"
    );
    let (_, all, _) = check(&repo, &["--all"], PR_ENV);
    assert_eq!(
        verdict(&scoped, "reply-drafts-copy"),
        verdict(&all, "reply-drafts-copy")
    );
    assert!(
        codes(&scoped, "reply-drafts-copy")
            .iter()
            .any(|c| c.1 == "error"),
        "the copy is blocked too: {:?}",
        codes(&scoped, "reply-drafts-copy")
    );
}

/// Sets a file's modification time (the contents are untouched).
fn set_mtime(repo: &GitRepo, rel: &str, when: std::time::SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(repo.file(rel))
        .unwrap()
        .set_modified(when)
        .unwrap();
}

#[test]
fn every_kind_of_uncommitted_change_is_seen() {
    // Each change is made in the working tree of a branch whose commits changed only the PoC:
    // the MVP is evaluated only if the scan of the working tree sees the change.
    let changes: &[(&str, Change)] = &[
        ("an uncommitted edit", &|r| {
            r.append(&format!("{MVP}/issues.yaml"), "\n# reviewed again\n")
        }),
        ("a staged edit", &|r| {
            r.append(&format!("{MVP}/issues.yaml"), "\n# reviewed again\n");
            r.git(&["add", MVP]);
        }),
        ("a new untracked file in a project", &|r| {
            r.write(&format!("{MVP}/notes.yaml"), "note: 1\n")
        }),
        ("a file ignored by .gitignore", &|r| {
            r.write(".gitignore", "*.local.yaml\n");
            r.git(&["add", ".gitignore"]);
            r.git(&["commit", "-q", "-m", "Ignore local files"]);
            r.write(&format!("{MVP}/notes.local.yaml"), "note: 1\n")
        }),
        ("a deleted file", &|r| {
            std::fs::remove_file(r.file(&format!("{MVP}/issues.yaml"))).unwrap()
        }),
        // The index remembers each file's size and modification time; an edit that keeps both
        // (same length, time set back) must still be seen, as git sees it (its change time and
        // contents differ).
        ("a same-size edit with its old modification time", &|r| {
            let rel = format!("{MVP}/governance.yaml");
            let old =
                std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_600_000_000);
            set_mtime(r, &rel, old);
            // The index now records that time, and is newer than it (not "racily clean").
            r.git(&["update-index", "--refresh"]);
            let text = r.read(&rel);
            let at = text.find("2026-").unwrap() + 5;
            let digit = if &text[at..=at] == "0" { "1" } else { "0" };
            let edited = format!("{}{digit}{}", &text[..at], &text[at + 1..]);
            assert_eq!(edited.len(), text.len());
            r.write(&rel, &edited);
            set_mtime(r, &rel, old);
        }),
    ];
    for (what, change) in changes {
        let repo = branch();
        unagree_security(&repo);
        repo.commit("Security review reopened", OWNER);
        change(&repo);
        let (_, doc, stderr) = check(&repo, &[], PR_ENV);
        assert_eq!(
            projects(&doc),
            vec!["contract-review-assist", "support-reply-drafts"],
            "{what}: {stderr}"
        );
        let (_, all, _) = check(&repo, &["--all"], PR_ENV);
        assert_eq!(
            verdict(&doc, "contract-review-assist"),
            verdict(&all, "contract-review-assist"),
            "{what}"
        );
        // Judging the commit, the working tree is neither read nor scanned (the .gitignore
        // case commits its .gitignore: a change outside the project folders).
        let (_, committed, stderr) = check(&repo, &["--rev", "HEAD"], PR_ENV);
        let expected = if what.contains(".gitignore") {
            projects(&all)
        } else {
            vec!["support-reply-drafts".to_string()]
        };
        assert_eq!(projects(&committed), expected, "{what}: {stderr}");
    }
}

/// `--rev` judges a commit, as the Action judges what a pull request merges: a file that an
/// earlier step of the job writes beside it (here the security sign-off put back, uncommitted)
/// is not read, and the commit's verdict is the one a full evaluation of it gives.
#[test]
fn with_rev_the_commit_is_judged_not_what_was_written_beside_it() {
    let repo = branch();
    let agreed = repo.read(&format!("{POC}/governance.yaml"));
    unagree_security(&repo);
    repo.commit("Security review reopened", OWNER);
    repo.write(&format!("{POC}/governance.yaml"), &agreed);

    let (code, worktree, stderr) = check(&repo, &[], PR_ENV);
    assert_eq!(code, 0, "the working tree has the sign-off back: {stderr}");
    assert_eq!(projects(&worktree), vec!["support-reply-drafts"]);

    let (code, committed, stderr) = check(&repo, &["--rev", "HEAD"], PR_ENV);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(projects(&committed), vec!["support-reply-drafts"]);
    assert!(stderr.contains("1 project(s) unchanged since"), "{stderr}");
    assert!(codes(&committed, "support-reply-drafts").contains(&(
        "governance-pending".into(),
        "error".into(),
        "governance-poc".into()
    )));
    let (code, every, _) = check(&repo, &["--rev", "HEAD", "--all"], PR_ENV);
    assert_eq!(code, 1);
    assert_eq!(
        projects(&every),
        vec!["contract-review-assist", "support-reply-drafts"]
    );
    // The commit checked out, nothing beside it: the same verdicts.
    repo.git(&["checkout", "--", POC]);
    let (code, clean, _) = check(&repo, &["--all"], PR_ENV);
    assert_eq!(code, 1);
    assert_eq!(every, clean);
    assert_eq!(
        verdict(&committed, "support-reply-drafts"),
        verdict(&clean, "support-reply-drafts")
    );
}

/// With the history checks too: on a clean checkout, `--rev HEAD` reports exactly what the
/// working tree's run reports.
#[test]
fn rev_head_on_a_clean_checkout_reports_what_the_working_tree_does() {
    let repo = branch();
    unagree_security(&repo);
    repo.commit("Security review reopened", crate::harness::STRANGER);
    let run = |args: &[&str]| {
        let mut cmd = repo.tollgate(&["check", "--format", "json", "--now", NOW]);
        cmd.args(args);
        let out = cmd.output().unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let (code, worktree) = run(&["--base", "main"]);
    assert_eq!(code, 1, "{worktree}");
    assert!(
        worktree.contains("\"project\": \"support-reply-drafts\""),
        "{worktree}"
    );
    assert_eq!(run(&["--base", "main", "--rev", "HEAD"]), (code, worktree));
    assert_eq!(run(&["--rev", "HEAD"]), run(&[]));
}

#[test]
fn a_rev_that_cannot_be_read_is_an_input_error() {
    use crate::harness::run_cmd;

    let repo = GitRepo::example();
    let run = run_cmd(&mut repo.tollgate(&["check", "--now", NOW, "--rev", "no-such-branch"]));
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("cannot read the revision to judge: revision `no-such-branch` not found"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");

    let dir = tempfile::tempdir().unwrap();
    tollgate::scaffold::write(dir.path(), false).unwrap();
    let mut cmd = crate::harness::tollgate();
    cmd.args(["check", "--now", NOW, "--rev", "HEAD", "--root"])
        .arg(dir.path());
    let run = run_cmd(&mut cmd);
    run.expect_code(2);
    assert!(
        run.stderr.contains("is not inside a git repository"),
        "{}",
        run.stderr
    );
}

/// With only projects changed, people.yaml is the base's: it is read only as far as the
/// changed projects' lookups need, and its own problems are the default branch's finding (as
/// an unchanged project's are). Every lookup is still answered as the whole file answers it,
/// the suggestion for a misspelt person included.
#[test]
fn an_unchanged_roster_answers_the_changed_projects_as_the_whole_file_does() {
    let repo = GitRepo::example();
    let entry = "\n  - id: sato-hana\n    name: Hana Sato\n    department: legal\n";
    repo.append("people.yaml", &format!("{entry}{entry}"));
    repo.commit("A person entered twice", OWNER);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.edit(
        &format!("{POC}/governance.yaml"),
        "    approver: ito-naoki\n",
        "    approver: ito-naok\n",
    );
    repo.commit("Misspell the security approver", OWNER);

    let (code, scoped, stderr) = check(&repo, &[], PR_ENV);
    let (all_code, all, _) = check(&repo, &["--all"], PR_ENV);
    assert_eq!((code, all_code), (1, 1), "{stderr}");
    assert_eq!(projects(&scoped), vec!["support-reply-drafts"]);
    assert_eq!(
        verdict(&scoped, "support-reply-drafts"),
        verdict(&all, "support-reply-drafts")
    );
    let unknown: Vec<_> = verdict(&scoped, "support-reply-drafts")
        .1
        .into_iter()
        .filter(|f| f["message"].as_str().unwrap().contains("ito-naok`"))
        .collect();
    assert_eq!(unknown.len(), 1, "{scoped}");
    assert!(
        unknown[0].to_string().contains("ito-naoki"),
        "the suggestion: {}",
        unknown[0]
    );
    let on_roster = |doc: &serde_json::Value| {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["file"] == "people.yaml")
            .count()
    };
    assert_eq!(on_roster(&scoped), 0, "{scoped}");
    assert_eq!(on_roster(&all), 1, "{all}");
    assert!(
        all.to_string().contains("`sato-hana` is used twice"),
        "{all}"
    );
}

/// A base whose policy files are invalid cannot judge the change: the run says so (how many
/// problems, and that the change's own policy judges it) instead of failing or staying silent,
/// and the change that repairs the policy is judged by it.
#[test]
fn an_invalid_base_policy_is_reported_and_the_change_is_judged_by_its_own() {
    let repo = GitRepo::example();
    repo.write("policies/broken.yaml", "rules:\n  - bogus: 1\n");
    repo.commit("A broken policy", OWNER);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write(
        "policies/broken.yaml",
        "version: 1\nseverities:\n  governance-pending: error\nrules: []\n",
    );
    repo.commit("Repair the policy", OWNER);
    let (code, doc, stderr) = check(&repo, &["--base", "main"], &[]);
    assert!(
        stderr.contains(
            "cannot be used (4 problem(s) in it); the change is judged by its own policy"
        ),
        "{stderr}"
    );
    assert_eq!(
        code, 1,
        "the repaired policy makes pending governance an error: {stderr}"
    );
    assert!(
        codes(&doc, "contract-review-assist")
            .iter()
            .any(|(code, severity, _)| code == "governance-pending" && severity == "error"),
        "{:?}",
        codes(&doc, "contract-review-assist")
    );
}
